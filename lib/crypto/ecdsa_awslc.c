/*
 * The ECDSA backend on aws-lc (the default; see ecdsa.h). Compiled with
 * aws-lc's headers alone and BORINGSSL_PREFIX set, so that every aws-lc
 * name here is its prefixed one (aws_lc_0_47_0_ECDSA_verify...): the
 * static archive linked into libssr never meets the process's OpenSSL,
 * and the version script keeps all of it out of libssr's exports.
 * A key is aws-lc's EC_KEY under the opaque name, its count aws-lc's.
 */
#ifdef SSRI_ECDSA_AWS_LC

/* settings for the system OpenSSL's API (the deprecation check of the build types test) mean nothing to aws-lc's */
#undef OPENSSL_API_COMPAT
#undef OPENSSL_NO_DEPRECATED

#include <openssl/base.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/nid.h>

#include "ecdsa.h"
#include "ssr/crypto.h"

static EC_KEY *ec_of(const ssri_ecdsa_key *key)
{
    return (EC_KEY *)key;
}

int ssri_ecdsa_key_new(int type, const unsigned char *point, size_t len, ssri_ecdsa_key **key)
{
    *key = NULL;
    int nid = type == SSR_KEY_ECDSA_P256 ? NID_X9_62_prime256v1 : type == SSR_KEY_ECDSA_P384 ? NID_secp384r1 : NID_undef;
    if (nid == NID_undef)
        return SSR_EINVALID;
    EC_KEY *ec = EC_KEY_new_by_curve_name(nid);
    EC_POINT *p = ec != NULL ? EC_POINT_new(EC_KEY_get0_group(ec)) : NULL;
    if (p == NULL) {
        EC_KEY_free(ec);
        return SSR_ENOMEM;
    }
    /* decodes the point and checks that it lies on the curve; the point at infinity is no key */
    int ok = EC_POINT_oct2point(EC_KEY_get0_group(ec), p, point, len, NULL) == 1 &&
             EC_POINT_is_at_infinity(EC_KEY_get0_group(ec), p) == 0 && EC_KEY_set_public_key(ec, p) == 1;
    EC_POINT_free(p);
    if (!ok) {
        EC_KEY_free(ec);
        ERR_clear_error();
        return SSR_EINVALID;
    }
    *key = (ssri_ecdsa_key *)ec;
    return SSR_OK;
}

ssri_ecdsa_key *ssri_ecdsa_key_ref(ssri_ecdsa_key *key)
{
    EC_KEY_up_ref(ec_of(key));
    return key;
}

void ssri_ecdsa_key_free(ssri_ecdsa_key *key)
{
    if (key != NULL)
        EC_KEY_free(ec_of(key));
}

int ssri_ecdsa_verify(const ssri_ecdsa_key *key, const unsigned char *digest, size_t digest_len,
                      const unsigned char *sig, size_t sig_len)
{
    /* strict DER: trailing bytes, a non-minimal length or integer, r or s out of [1, n) are refused */
    if (ECDSA_verify(0, digest, digest_len, sig, sig_len, ec_of(key)) == 1)
        return SSR_OK;
    ERR_clear_error(); /* aws-lc's own queue: nothing left behind on the thread */
    return SSR_EVERIFY;
}

const char *ssr_crypto_backend(void)
{
    return "aws-lc " AWSLC_VERSION_NUMBER_STRING;
}

#endif

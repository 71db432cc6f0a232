/*
 * Public keys other than Ed25519 (ECDSA P-256 and P-384, RSA), held as
 * OpenSSL EVP_PKEYs, and signature verification for every key type.
 * Nothing of ASN.1 or curve arithmetic here: OpenSSL parses and verifies.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto.h"
#include "ecdsa.h"

/* The SPKI DER of a key, as it was fixed when the key was wrapped (points uncompressed). */
static int spki_der(const EVP_PKEY *pkey, unsigned char **der, size_t *len)
{
    unsigned char *out = NULL;
    if (pkey == NULL)
        return SSR_EINVALID; /* a key for the backend alone (ssri_public_key_from_point) */
    int n = i2d_PUBKEY(pkey, &out);
    if (n <= 0)
        return SSR_ECRYPTO;
    *der = out;
    *len = (size_t)n;
    return SSR_OK;
}

static int key_type(const EVP_PKEY *pkey)
{
    switch (EVP_PKEY_base_id(pkey)) {
    case EVP_PKEY_EC: {
        char curve[32];
        size_t n = 0;
        if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, &n))
            return 0;
        return strcmp(curve, "prime256v1") == 0 ? SSR_KEY_ECDSA_P256
               : strcmp(curve, "secp384r1") == 0 ? SSR_KEY_ECDSA_P384
                                                   : 0;
    }
    case EVP_PKEY_RSA: {
        int bits = EVP_PKEY_get_bits(pkey);
        return bits >= 2048 && bits <= 8192 ? SSR_KEY_RSA : 0;
    }
    default:
        return 0;
    }
}

/*
 * A key of `type` holding the backend's `ec` (taken, NULL for RSA) and
 * OpenSSL's `pkey` (a reference of its own; NULL for a key the backend
 * alone checks with). On failure `ec` is freed.
 */
static int new_key(int type, EVP_PKEY *pkey, ssri_ecdsa_key *ec, ssr_public_key **key)
{
    ssr_public_key *k = ssri_malloc(sizeof *k);
    if (k == NULL) {
        ssri_ecdsa_key_free(ec);
        return SSR_ENOMEM;
    }
    *k = (ssr_public_key){.type = type, .pkey = pkey, .ec = ec};
    if (pkey != NULL)
        EVP_PKEY_up_ref(pkey);
    *key = k;
    return SSR_OK;
}

int ssri_public_key_wrap(EVP_PKEY *pkey, ssr_public_key **key)
{
    *key = NULL;
    int type = key_type(pkey);
    if (type == 0)
        return SSR_EINVALID;
    /*
     * One encoding per key, fixed now, while the key is still the
     * caller's own: ids and PEM forms only read it afterwards, so a
     * shared key is never written to.
     */
    if (EVP_PKEY_base_id(pkey) == EVP_PKEY_EC &&
        !EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                        OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED))
        return SSR_ECRYPTO;
    ssri_ecdsa_key *ec = NULL;
    if (type == SSR_KEY_ECDSA_P256 || type == SSR_KEY_ECDSA_P384) {
        /* the backend's key from the point, decoded once here for every check the key will make */
        unsigned char point[1 + 2 * 48];
        size_t n = 0;
        if (!EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &n))
            return SSR_ECRYPTO;
        int status = ssri_ecdsa_key_new(type, point, n, &ec);
        if (status != SSR_OK)
            return status;
    }
    return new_key(type, pkey, ec, key);
}

int ssri_public_key_from_point(int type, const unsigned char *point, size_t len, ssr_public_key **key)
{
    *key = NULL;
    ssri_ecdsa_key *ec = NULL;
    int status = ssri_ecdsa_key_new(type, point, len, &ec);
    return status == SSR_OK ? new_key(type, NULL, ec, key) : status;
}

int ssri_public_key_from_pkey(EVP_PKEY *pkey, ssr_public_key **key)
{
    int status = ssri_public_key_wrap(pkey, key);
    if (status != SSR_OK)
        return status;
    unsigned char *der = NULL, hash[crypto_hash_sha256_BYTES];
    size_t len = 0;
    if ((status = spki_der(pkey, &der, &len)) != SSR_OK) {
        ssr_public_key_free(*key);
        *key = NULL;
        return status;
    }
    crypto_hash_sha256(hash, der, len);
    OPENSSL_free(der);
    sodium_bin2hex((*key)->id, sizeof (*key)->id, hash, sizeof hash);
    return SSR_OK;
}

int ssri_public_key_from_spki(const unsigned char *der, size_t len, ssr_public_key **key)
{
    *key = NULL;
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)len);
    if (pkey == NULL || p != der + len) {
        EVP_PKEY_free(pkey);
        return SSR_EINVALID;
    }
    int status = ssri_public_key_from_pkey(pkey, key);
    EVP_PKEY_free(pkey); /* the key took its own reference */
    return status;
}

int ssri_public_key_spki(const ssr_public_key *key, unsigned char **der, size_t *len)
{
    return spki_der(key->pkey, der, len);
}

/* The digest an ECDSA key signs with: SHA-256 on P-256, SHA-384 on P-384; RSA: SHA-256. */
static const EVP_MD *key_digest(const ssr_public_key *key)
{
    return key->type == SSR_KEY_ECDSA_P384 ? EVP_sha384() : EVP_sha256();
}

int ssri_verify_digest(const ssr_public_key *key, const ssri_sig_params *params, const unsigned char *digest,
                       size_t digest_len, const unsigned char *sig, size_t sig_len)
{
    if (key->type == SSR_KEY_ED25519)
        return SSR_EVERIFY; /* Ed25519 signs messages, never digests */
    if (key->ec != NULL)
        return ssri_ecdsa_verify(key->ec, digest, digest_len, sig, sig_len);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key->pkey, NULL);
    const EVP_MD *md = ssri_fetched(params->md);
    int ok = ctx != NULL && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, md) == 1;
    if (ok && key->type == SSR_KEY_RSA) {
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, params->padding) == 1;
        if (ok && params->padding == RSA_PKCS1_PSS_PADDING)
            ok = EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, ssri_fetched(params->mgf1_md != NULL ? params->mgf1_md : params->md)) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, params->salt_len) == 1;
    }
    int result = ok ? EVP_PKEY_verify(ctx, sig, sig_len, digest, digest_len) : -1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok)
        return SSR_ECRYPTO;
    return result == 1 ? SSR_OK : SSR_EVERIFY;
}

int ssri_verify_message(const ssr_public_key *key, const ssri_sig_params *params, const void *msg, size_t len,
                        const unsigned char *sig, size_t sig_len)
{
    if (key->type == SSR_KEY_ED25519)
        return SSR_EVERIFY;
    if (key->ec != NULL) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int digest_len = 0;
        if (EVP_Digest(msg, len, digest, &digest_len, ssri_fetched(params->md), NULL) != 1)
            return SSR_ECRYPTO;
        return ssri_ecdsa_verify(key->ec, digest, digest_len, sig, sig_len);
    }
    /* RSA: one EVP_DigestVerify: the digest and the verification in one context, as OpenSSL's own callers do */
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    const EVP_MD *md = ssri_fetched(params->md);
    int ok = ctx != NULL && EVP_DigestVerifyInit(ctx, &pctx, md, NULL, key->pkey) == 1;
    /* PKCS#1 v1.5 is RSA's default padding: set only PSS (each setting is a parameter lookup) */
    if (ok && key->type == SSR_KEY_RSA && params->padding != RSA_PKCS1_PADDING) {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, params->padding) == 1;
        if (ok && params->padding == RSA_PKCS1_PSS_PADDING)
            ok = EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, ssri_fetched(params->mgf1_md != NULL ? params->mgf1_md : md)) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, params->salt_len) == 1;
    }
    int result = ok ? EVP_DigestVerify(ctx, sig, sig_len, msg, len) : -1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return SSR_ECRYPTO;
    return result == 1 ? SSR_OK : SSR_EVERIFY;
}

unsigned char *ssri_ecdsa_raw_der(const unsigned char *sig, size_t half, size_t *der_len)
{
    ECDSA_SIG *rs = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, (int)half, NULL), *s = BN_bin2bn(sig + half, (int)half, NULL);
    unsigned char *der = NULL;
    int n = -1;
    if (rs != NULL && r != NULL && s != NULL && ECDSA_SIG_set0(rs, r, s) == 1) {
        r = s = NULL; /* owned by rs */
        n = i2d_ECDSA_SIG(rs, &der);
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(rs);
    if (n <= 0)
        return NULL;
    *der_len = (size_t)n;
    return der;
}

/*
 * An ECDSA signature as the raw r || s some producers write (the DSSE
 * specification's own test vector) re-encoded as the DER OpenSSL
 * verifies; NULL when `sig` is not exactly 2 * field bytes or is DER
 * already. Freed with OPENSSL_free.
 */
static unsigned char *raw_to_der(const ssr_public_key *key, const unsigned char *sig, size_t sig_len, size_t *der_len)
{
    size_t half = key->type == SSR_KEY_ECDSA_P384 ? 48 : 32;
    if (sig_len != 2 * half)
        return NULL;
    const unsigned char *p = sig;
    ECDSA_SIG *parsed = d2i_ECDSA_SIG(NULL, &p, (long)sig_len);
    ECDSA_SIG_free(parsed);
    if (parsed != NULL && p == sig + sig_len)
        return NULL; /* a DER signature that happens to have that length */
    return ssri_ecdsa_raw_der(sig, half, der_len);
}

int ssri_key_verify(const ssr_public_key *key, const void *msg, size_t len, const void *sig, size_t sig_len)
{
    if (key->type == SSR_KEY_ED25519)
        return ssr_ed25519_verify(key, msg, len, sig, sig_len);
    const EVP_MD *md = ssri_fetched(key_digest(key));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(msg, len, digest, &digest_len, md, NULL) != 1)
        return SSR_ECRYPTO;
    ssri_sig_params params = {.md = md, .padding = RSA_PKCS1_PADDING};
    if (key->type != SSR_KEY_RSA) {
        size_t der_len = 0;
        unsigned char *der = raw_to_der(key, sig, sig_len, &der_len);
        int status = ssri_verify_digest(key, &params, digest, digest_len, der != NULL ? der : sig,
                                        der != NULL ? der_len : sig_len);
        OPENSSL_free(der);
        return status;
    }
    int status = ssri_verify_digest(key, &params, digest, digest_len, sig, sig_len);
    if (status != SSR_EVERIFY)
        return status;
    /* RSA: PKCS#1 v1.5, else PSS with MGF1 and a salt as long as the digest (RFC 8017's recommendation) */
    params = (ssri_sig_params){.md = md, .padding = RSA_PKCS1_PSS_PADDING, .mgf1_md = md, .salt_len = RSA_PSS_SALTLEN_DIGEST};
    return ssri_verify_digest(key, &params, digest, digest_len, sig, sig_len);
}

int ssr_public_key_verify(const ssr_public_key *key, const void *msg, size_t msg_len, const void *sig, size_t sig_len)
{
    SSRI_OPENSSL_QUIET;
    if (key == NULL || (msg == NULL && msg_len > 0) || (sig == NULL && sig_len > 0))
        return SSR_EINVAL;
    return ssri_key_verify(key, msg != NULL ? msg : "", msg_len, sig != NULL ? sig : "", sig_len);
}

int ssr_public_key_type(const ssr_public_key *key)
{
    return key != NULL ? key->type : 0;
}

void ssri_public_key_release(ssr_public_key *key)
{
    EVP_PKEY_free(key->pkey);
    ssri_ecdsa_key_free(key->ec);
    key->pkey = NULL;
    key->ec = NULL;
}

int ssri_public_key_copy(ssr_public_key *dst, const ssr_public_key *src)
{
    *dst = *src;
    dst->ec = NULL;
    if (src->pkey != NULL && EVP_PKEY_up_ref(src->pkey) != 1) {
        dst->pkey = NULL;
        return SSR_ENOMEM;
    }
    if (src->ec != NULL)
        dst->ec = ssri_ecdsa_key_ref(src->ec);
    return SSR_OK;
}

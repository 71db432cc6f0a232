/*
 * The ECDSA backend on the process's OpenSSL (the fallback; see ecdsa.h).
 * A key is an EVP_PKEY built from its point; a check is one
 * EVP_PKEY_verify over the caller's digest.
 */
#ifndef SSRI_ECDSA_AWS_LC

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "ecdsa.h"
#include "ssr/crypto.h"

/* A key is OpenSSL's own EVP_PKEY under the opaque name, its count OpenSSL's. */
static EVP_PKEY *pkey_of(const ssri_ecdsa_key *key)
{
    return (EVP_PKEY *)key;
}

int ssri_ecdsa_key_new(int type, const unsigned char *point, size_t len, ssri_ecdsa_key **key)
{
    *key = NULL;
    const char *group = type == SSR_KEY_ECDSA_P256 ? "prime256v1" : type == SSR_KEY_ECDSA_P384 ? "secp384r1" : NULL;
    if (group == NULL)
        return SSR_EINVALID;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, len),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *pkey = NULL;
    int ok = ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
             EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok)
        return ctx == NULL ? SSR_ENOMEM : SSR_EINVALID;
    *key = (ssri_ecdsa_key *)pkey;
    return SSR_OK;
}

ssri_ecdsa_key *ssri_ecdsa_key_ref(ssri_ecdsa_key *key)
{
    EVP_PKEY_up_ref(pkey_of(key));
    return key;
}

void ssri_ecdsa_key_free(ssri_ecdsa_key *key)
{
    if (key != NULL)
        EVP_PKEY_free(pkey_of(key));
}

int ssri_ecdsa_verify(const ssri_ecdsa_key *key, const unsigned char *digest, size_t digest_len,
                      const unsigned char *sig, size_t sig_len)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey_of(key), NULL);
    if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1) {
        EVP_PKEY_CTX_free(ctx);
        return SSR_ECRYPTO;
    }
    int result = EVP_PKEY_verify(ctx, sig, sig_len, digest, digest_len);
    EVP_PKEY_CTX_free(ctx);
    return result == 1 ? SSR_OK : SSR_EVERIFY;
}

const char *ssr_crypto_backend(void)
{
    return OpenSSL_version(OPENSSL_VERSION);
}

#endif

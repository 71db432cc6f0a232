/*
 * The library context leaves are read in. In OpenSSL 3.0's default one,
 * d2i_X509 builds the certificate's public key through its decoders on
 * every call: about 150 us, a fifth of a keyless verification, under a
 * lock every verifying thread contends for. A leaf is read here instead,
 * in a context whose one provider offers SHA-1 and nothing else: no
 * decoder, so the key stays as the SubjectPublicKeyInfo's bytes and
 * ssri_x509_key() hands its point to the signature backend; SHA-1,
 * because OpenSSL caches every certificate's SHA-1 fingerprint before it
 * answers about its extensions (an issuer, a purpose) and refuses a
 * certificate without one. The digest itself is the default context's,
 * called through the provider interface. Nothing else a verification
 * asks of a leaf (names, extensions, validity, its TBSCertificate
 * re-encoded for the SCT) needs a provider. The context lives as long
 * as the process.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "verify.h"

static const EVP_MD *sha1; /* the default context's, fetched once */

static void *sha1_new(void *provctx)
{
    (void)provctx;
    return EVP_MD_CTX_new();
}

static void sha1_free(void *ctx)
{
    EVP_MD_CTX_free(ctx);
}

static void *sha1_dup(void *ctx)
{
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    if (copy != NULL && EVP_MD_CTX_copy_ex(copy, ctx) != 1) {
        EVP_MD_CTX_free(copy);
        copy = NULL;
    }
    return copy;
}

static int sha1_init(void *ctx, const OSSL_PARAM params[])
{
    (void)params;
    return EVP_DigestInit_ex2(ctx, sha1, NULL);
}

static int sha1_update(void *ctx, const unsigned char *in, size_t len)
{
    return EVP_DigestUpdate(ctx, in, len);
}

static int sha1_final(void *ctx, unsigned char *out, size_t *outl, size_t outsz)
{
    unsigned int n = 0;
    if (outsz < 20 || EVP_DigestFinal_ex(ctx, out, &n) != 1)
        return 0;
    *outl = n;
    return 1;
}

static int sha1_get_params(OSSL_PARAM params[])
{
    OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_BLOCK_SIZE);
    if (p != NULL && !OSSL_PARAM_set_size_t(p, 64))
        return 0;
    p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_SIZE);
    return p == NULL || OSSL_PARAM_set_size_t(p, 20);
}

static const OSSL_PARAM *sha1_gettable(void *provctx)
{
    (void)provctx;
    static const OSSL_PARAM table[] = {
        OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, NULL),
        OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, NULL),
        OSSL_PARAM_END,
    };
    return table;
}

static const OSSL_DISPATCH sha1_functions[] = {
    {OSSL_FUNC_DIGEST_NEWCTX, (void (*)(void))sha1_new},
    {OSSL_FUNC_DIGEST_FREECTX, (void (*)(void))sha1_free},
    {OSSL_FUNC_DIGEST_DUPCTX, (void (*)(void))sha1_dup},
    {OSSL_FUNC_DIGEST_INIT, (void (*)(void))sha1_init},
    {OSSL_FUNC_DIGEST_UPDATE, (void (*)(void))sha1_update},
    {OSSL_FUNC_DIGEST_FINAL, (void (*)(void))sha1_final},
    {OSSL_FUNC_DIGEST_GET_PARAMS, (void (*)(void))sha1_get_params},
    {OSSL_FUNC_DIGEST_GETTABLE_PARAMS, (void (*)(void))sha1_gettable},
    {0, NULL},
};

static const OSSL_ALGORITHM digests[] = {
    {"SHA1:SHA-1:SSL3-SHA1:1.3.14.3.2.26", "provider=ssr-leaf", sha1_functions, NULL},
    {NULL, NULL, NULL, NULL},
};

static const OSSL_ALGORITHM *query(void *provctx, int operation, int *no_cache)
{
    (void)provctx;
    *no_cache = 0;
    return operation == OSSL_OP_DIGEST ? digests : NULL;
}

static const OSSL_DISPATCH provider_functions[] = {
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))query},
    {0, NULL},
};

static int provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in, const OSSL_DISPATCH **out,
                         void **provctx)
{
    (void)handle;
    (void)in;
    *out = provider_functions;
    *provctx = NULL;
    return 1;
}

static OSSL_LIB_CTX *leaf_ctx;
static OSSL_PROVIDER *leaf_provider;
static pthread_once_t leaf_once = PTHREAD_ONCE_INIT;

static void make_leaf_ctx(void)
{
    sha1 = ssri_fetched(EVP_sha1());
    OSSL_LIB_CTX *c = OSSL_LIB_CTX_new();
    if (sha1 == NULL || c == NULL || OSSL_PROVIDER_add_builtin(c, "ssr-leaf", provider_init) != 1 ||
        (leaf_provider = OSSL_PROVIDER_load(c, "ssr-leaf")) == NULL) {
        OSSL_LIB_CTX_free(c);
        c = NULL;
    }
    leaf_ctx = c;
}

X509 *ssri_x509_parse_leaf(const unsigned char *der, size_t len)
{
    if (pthread_once(&leaf_once, make_leaf_ctx) != 0 || leaf_ctx == NULL)
        return ssri_x509_parse(der, len); /* the default context: the same certificate, read more slowly */
    X509 *cert = X509_new_ex(leaf_ctx, NULL);
    const unsigned char *p = der;
    if (cert == NULL || d2i_X509(&cert, &p, (long)len) == NULL || p != der + len) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

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
 * re-encoded for the SCT) needs a provider. Timestamp tokens are read
 * here too: the certificates a token embeds would each cost the same.
 * The context lives as long as the process.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/ts.h>

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

/* A DER TimeStampToken's ContentInfo read in the leaves' context (its embedded certificates' keys not decoded). */
static PKCS7 *token_in_leaf_ctx(const unsigned char **p, long len)
{
    PKCS7 *token = PKCS7_new_ex(leaf_ctx, NULL);
    if (token == NULL || d2i_PKCS7(&token, p, len) == NULL) {
        PKCS7_free(token);
        return NULL;
    }
    return token;
}

TS_RESP *ssri_ts_resp_parse(const unsigned char *der, size_t len)
{
    const unsigned char *p = der;
    if (pthread_once(&leaf_once, make_leaf_ctx) != 0 || leaf_ctx == NULL) {
        TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)len);
        if (resp != NULL && p != der + len) {
            TS_RESP_free(resp);
            resp = NULL;
        }
        return resp;
    }
    /* TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL } (RFC 3161 2.4.2) */
    long body = 0;
    int tag = 0, cls = 0;
    if ((ASN1_get_object(&p, &body, &tag, &cls, (long)len) & 0x80) != 0 || tag != V_ASN1_SEQUENCE ||
        cls != V_ASN1_UNIVERSAL || p + body != der + len)
        return NULL;
    const unsigned char *end = der + len;
    TS_STATUS_INFO *status = d2i_TS_STATUS_INFO(NULL, &p, end - p);
    PKCS7 *token = status != NULL && p < end ? token_in_leaf_ctx(&p, end - p) : NULL;
    TS_TST_INFO *info = token != NULL ? PKCS7_to_TS_TST_INFO(token) : NULL;
    /* as d2i_TS_RESP: a token exactly when the status grants one (0, granted; 1, with modifications) */
    long granted = status != NULL ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status)) : -1;
    bool consistent = (token != NULL) == (granted == 0 || granted == 1);
    TS_RESP *resp = status != NULL && p == end && consistent ? TS_RESP_new() : NULL;
    bool ok = resp != NULL && TS_RESP_set_status_info(resp, status) == 1 && (token == NULL || info != NULL);
    TS_STATUS_INFO_free(status); /* the response holds a copy */
    if (!ok) {
        TS_TST_INFO_free(info);
        PKCS7_free(token);
        TS_RESP_free(resp);
        return NULL;
    }
    if (token != NULL)
        TS_RESP_set_tst_info(resp, token, info); /* the response owns both */
    return resp;
}

/*
 * OIDC ID tokens: JSON Web Key Sets (RFC 7517), compact JWS (RFC 7515)
 * verification and unverified decoding; lib/policy/token.c takes the
 * verified claims through trusted-publisher matching. The
 * rules are those registries need and the attacks they meet: base64url
 * strict in every segment, header and payload read under the strict JSON
 * profile, the key chosen by kid from the registry's JWKS alone (never
 * jku, jwk, x5u or x5c), the algorithm the key's own (RS256, PS256 with a
 * 32-byte salt, ES256 as 64 bytes r||s), none and HMAC refused, crit
 * refused. RSA and ECDSA are OpenSSL's (lib/crypto/pkey.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "common/base64.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "jose.h"
#include "ssr/policy.h"

/* The largest token read at all (a real ID token is 1 to 2 KiB). */
#define SSRI_MAX_TOKEN 65536
/* The most keys a set may hold. */
#define SSRI_MAX_JWKS 64

enum jws_alg { ALG_RS256 = 1, ALG_PS256, ALG_ES256 };

static const char *const alg_names[] = {NULL, "RS256", "PS256", "ES256"};

static int alg_of(const char *name)
{
    for (int i = 1; i <= ALG_ES256; i++)
        if (strcmp(alg_names[i], name) == 0)
            return i;
    return 0;
}

typedef struct jwk {
    char *kid;
    int alg;
    ssr_public_key *key;
    EVP_MD_CTX *proto; /* a verification context set up once for this key and alg: each token copies it */
} jwk;

struct ssr_jwks {
    jwk *keys;
    size_t count;
};

/* ---- base64url --------------------------------------------------------------- */

/*
 * Strict base64url (RFC 7515 section 2): the URL-safe alphabet, no
 * padding, no white space, the bits past the last byte zero (the table
 * decoder of common/base64.c; tests/test_base64.c holds it to libsodium's).
 * *out freed with ssri_free.
 */
static int b64url(const char *s, size_t len, unsigned char **out, size_t *out_len)
{
    int status = SSR_OK;
    *out_len = 0;
    if (ssri_base64url_decode(s, len, out, out_len, &status))
        return SSR_OK;
    return status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EINVALID;
}

/* ---- JWKS ----------------------------------------------------------------------- */

void ssr_jwks_free(ssr_jwks *jwks)
{
    if (jwks == NULL)
        return;
    for (size_t i = 0; i < jwks->count; i++) {
        ssri_free(jwks->keys[i].kid);
        ssr_public_key_free(jwks->keys[i].key);
        EVP_MD_CTX_free(jwks->keys[i].proto);
    }
    ssri_free(jwks->keys);
    ssri_free(jwks);
}

size_t ssr_jwks_count(const ssr_jwks *jwks)
{
    return jwks != NULL ? jwks->count : 0;
}

typedef struct jwks_ctx {
    ssr_report *report;
    const char *src;
    size_t len;
} jwks_ctx;

static int jwks_diag(const jwks_ctx *c, int severity, const char *code, const cJSON *node, const char *pointer,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int jwks_diag(const jwks_ctx *c, int severity, const char *code, const cJSON *node, const char *pointer,
                     const char *fmt, ...)
{
    char message[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    int status = ssri_report_add(c->report, severity, code, pointer, c->src, c->len,
                                 node != NULL ? ssri_node_offset(node) : 0, message);
    return status != SSR_OK ? status : severity == SSR_SEVERITY_ERROR ? SSR_EINVALID : SSR_OK;
}

/* A base64url member decoded; SSR_EINVALID when absent or not strict base64url. */
static int b64url_member(const cJSON *key, const char *name, unsigned char **out, size_t *len)
{
    const char *s = ssri_get_string(key, name);
    *out = NULL;
    *len = 0;
    return s != NULL ? b64url(s, strlen(s), out, len) : SSR_EINVALID;
}

static EVP_PKEY *rsa_key(const unsigned char *n, size_t n_len, const unsigned char *e, size_t e_len, int *status)
{
    BIGNUM *bn_n = BN_bin2bn(n, (int)n_len, NULL), *bn_e = BN_bin2bn(e, (int)e_len, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pkey = NULL;
    *status = SSR_ENOMEM;
    if (bn_n != NULL && bn_e != NULL && bld != NULL && ctx != NULL &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1 &&
        (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) == 1) {
        *status = EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1 ? SSR_OK : SSR_EINVALID;
    }
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    BN_free(bn_n);
    BN_free(bn_e);
    return pkey;
}

/* A P-256 key from its coordinates, checked to be a point of the curve. */
static EVP_PKEY *ec_key(const unsigned char *x, const unsigned char *y, int *status)
{
    unsigned char point[65];
    point[0] = 4;
    memcpy(point + 1, x, 32);
    memcpy(point + 33, y, 32);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *pkey = NULL;
    *status = SSR_ENOMEM;
    if (ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1) {
        *status = EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1 ? SSR_OK : SSR_EINVALID;
        EVP_PKEY_CTX *check = *status == SSR_OK ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
        if (*status == SSR_OK && (check == NULL || EVP_PKEY_public_check(check) != 1)) {
            *status = check == NULL ? SSR_ENOMEM : SSR_EINVALID;
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        EVP_PKEY_CTX_free(check);
    }
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/*
 * An RSA key's verification context, initialized once (the digest, the
 * padding and the salt its alg fixes): setting one up costs about a tenth
 * of an RS256 verification, and every token of the key needs the same.
 * ES256 keys need none: their checks go to the ECDSA backend.
 */
static int make_proto(jwk *k)
{
    k->proto = NULL;
    if (k->alg == ALG_ES256)
        return SSR_OK;
    EVP_PKEY_CTX *pctx = NULL;
    k->proto = EVP_MD_CTX_new();
    const EVP_MD *md = ssri_fetched(EVP_sha256());
    int ok = k->proto != NULL && EVP_DigestVerifyInit(k->proto, &pctx, md, NULL, k->key->pkey) == 1;
    if (ok && k->alg == ALG_PS256)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1;
    return ok ? SSR_OK : SSR_ECRYPTO;
}

/*
 * An RSA public exponent a signature can rest on: odd and at least 65537
 * (RFC 8017 allows 3, but with e = 1 any PKCS#1 padding of the digest is
 * its own signature, and no issuer uses less than 65537).
 */
static bool exponent_sound(const unsigned char *e, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v = v << 8 | e[i];
    return (v & 1) != 0 && v >= 65537;
}

/*
 * The members that must agree with the key's kty and use: an RSA key has
 * no crv, x or y, an EC key no n or e; key_ops, when present, is an array
 * of distinct strings, "verify" among them for a key that verifies
 * tokens, and none of the encryption operations when use is "sig" (RFC
 * 7517 4.3: use and key_ops consistent). NULL when they agree, or the
 * code and the reason (skipped: a key of another purpose).
 */
static const char *members_disagree(const cJSON *k, const char *kty, bool *skip)
{
    static const char *const rsa_only[] = {"n", "e"}, *const ec_only[] = {"crv", "x", "y"};
    bool rsa = strcmp(kty, "RSA") == 0;
    const char *const *foreign = rsa ? ec_only : rsa_only;
    size_t count = rsa ? SSRI_ARRAY_LEN(ec_only) : SSRI_ARRAY_LEN(rsa_only);
    *skip = false;
    for (size_t i = 0; i < count; i++)
        if (ssri_get(k, foreign[i]) != NULL)
            return rsa ? "an RSA key with an EC member (crv, x or y)" : "an EC key with an RSA member (n or e)";
    const cJSON *ops = ssri_get(k, "key_ops");
    if (ops == NULL)
        return NULL;
    if (!cJSON_IsArray(ops))
        return "key_ops that is not an array";
    bool verify = false;
    for (const cJSON *op = ops->child; op != NULL; op = op->next) {
        if (!cJSON_IsString(op))
            return "key_ops holding something other than strings";
        for (const cJSON *other = ops->child; other != op; other = other->next)
            if (strcmp(other->valuestring, op->valuestring) == 0)
                return "key_ops naming an operation twice";
        static const char *const encryption[] = {"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey",
                                                 "deriveBits"};
        for (size_t i = 0; i < SSRI_ARRAY_LEN(encryption); i++)
            if (strcmp(op->valuestring, encryption[i]) == 0 && ssri_get_string(k, "use") != NULL)
                return "key_ops naming an encryption operation beside use \"sig\"";
        verify = verify || strcmp(op->valuestring, "verify") == 0;
    }
    *skip = !verify;
    return verify ? NULL : "key_ops without \"verify\"";
}

/* One key of the set: SSR_OK (added, or skipped with a warning), SSR_EINVALID (reported), SSR_ENOMEM. */
static int read_jwk(const jwks_ctx *c, const cJSON *k, const char *pointer, ssr_jwks *set)
{
    if (!cJSON_IsObject(k))
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.type", k, pointer, "Expected a JSON Web Key (an object).");
    const char *kty = ssri_get_string(k, "kty"), *use = ssri_get_string(k, "use"), *alg = ssri_get_string(k, "alg");
    const char *kid = ssri_get_string(k, "kid");
    if (kty == NULL)
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.kty.required", k, pointer, "Expected the key's kty, found none.");
    if (strcmp(kty, "RSA") != 0 && strcmp(kty, "EC") != 0)
        return jwks_diag(c, SSR_SEVERITY_WARNING, "jwks.key.skipped", k, pointer,
                         "Expected an RSA or EC key, found kty \"%.40s\": the key is skipped.", kty);
    if (ssri_get(k, "use") != NULL && (use == NULL || strcmp(use, "sig") != 0))
        return jwks_diag(c, SSR_SEVERITY_WARNING, "jwks.key.skipped", k, pointer,
                         "Expected a signing key (use \"sig\"), found another use: the key is skipped.");
    bool skip = false;
    const char *disagree = members_disagree(k, kty, &skip);
    if (disagree != NULL && skip)
        return jwks_diag(c, SSR_SEVERITY_WARNING, "jwks.key.skipped", k, pointer,
                         "Expected a key for verifying signatures, found %s: the key is skipped.", disagree);
    if (disagree != NULL)
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.members", k, pointer,
                         "Expected the key's members to agree with its kty and use, found %s.", disagree);
    static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(private_members); i++)
        if (ssri_get(k, private_members[i]) != NULL)
            return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.private", k, pointer,
                             "Expected public keys only, found the private member \"%s\".", private_members[i]);
    if (kid == NULL || kid[0] == '\0')
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.kid.required", k, pointer,
                         "Expected the key's kid, which tokens name it by, found none.");
    if (alg == NULL)
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.alg.required", k, pointer,
                         "Expected the key's alg, which binds it to one algorithm, found none.");
    int a = alg_of(alg);
    if (a == 0)
        return jwks_diag(c, SSR_SEVERITY_WARNING, "jwks.key.skipped", k, pointer,
                         "Expected alg RS256, PS256 or ES256, found \"%.40s\": the key is skipped.", alg);
    if ((a == ALG_ES256) != (strcmp(kty, "EC") == 0))
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.alg.mismatch", k, pointer,
                         "Expected alg %s to go with a %s key, found kty \"%s\".", alg,
                         a == ALG_ES256 ? "EC" : "RSA", kty);
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->keys[i].kid, kid) == 0)
            return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.kid.duplicate", k, pointer,
                             "Expected each kid once, found \"%.80s\" again.", kid);
    EVP_PKEY *pkey = NULL;
    int status;
    if (a == ALG_ES256) {
        unsigned char *x = NULL, *y = NULL;
        size_t x_len = 0, y_len = 0;
        const char *crv = ssri_get_string(k, "crv");
        int sx = b64url_member(k, "x", &x, &x_len), sy = b64url_member(k, "y", &y, &y_len);
        if (sx == SSR_ENOMEM || sy == SSR_ENOMEM)
            status = SSR_ENOMEM;
        else if (crv == NULL || strcmp(crv, "P-256") != 0 || sx != SSR_OK || sy != SSR_OK || x_len != 32 ||
                 y_len != 32)
            status = SSR_EINVALID;
        else
            pkey = ec_key(x, y, &status);
        ssri_free(x);
        ssri_free(y);
        if (status == SSR_EINVALID)
            return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.ec", k, pointer,
                             "Expected crv \"P-256\" and x and y of 32 bytes each in base64url naming a point of "
                             "the curve, found a key that is not one.");
    } else {
        unsigned char *n = NULL, *e = NULL;
        size_t n_len = 0, e_len = 0;
        int sn = b64url_member(k, "n", &n, &n_len), se = b64url_member(k, "e", &e, &e_len);
        if (sn == SSR_ENOMEM || se == SSR_ENOMEM)
            status = SSR_ENOMEM;
        else if (sn != SSR_OK || se != SSR_OK || n_len == 0 || e_len == 0 || e_len > 8 || n[0] == 0 || e[0] == 0 ||
                 !exponent_sound(e, e_len))
            status = SSR_EINVALID;
        else
            pkey = rsa_key(n, n_len, e, e_len, &status);
        ssri_free(n);
        ssri_free(e);
        if (status == SSR_EINVALID)
            return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.rsa", k, pointer,
                             "Expected n and e in base64url without leading zeros, e odd and at least 65537, found a "
                             "key that is not one.");
    }
    if (status != SSR_OK)
        return status;
    ssr_public_key *key = NULL;
    status = ssri_public_key_from_pkey(pkey, &key);
    EVP_PKEY_free(pkey); /* the key holds its own reference */
    if (status == SSR_EINVALID)
        return jwks_diag(c, SSR_SEVERITY_ERROR, "jwks.key.size", k, pointer,
                         "Expected an RSA modulus of 2048 to 8192 bits, found another size.");
    if (status != SSR_OK)
        return status;
    jwk *slot = &set->keys[set->count];
    slot->kid = ssri_strndup(kid, strlen(kid));
    if (slot->kid == NULL) {
        ssr_public_key_free(key);
        return SSR_ENOMEM;
    }
    slot->alg = a;
    slot->key = key;
    set->count++;
    return make_proto(slot);
}

int ssr_jwks_parse(const void *data, size_t len, ssr_jwks **jwks, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(jwks);
    SSRI_RESET(report);
    if (jwks == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &r);
    jwks_ctx c = {r, data, len};
    ssr_jwks *set = NULL;
    if (status == SSR_OK) {
        const cJSON *root = doc->root, *keys = ssri_get(root, "keys");
        /* a lone JWK is read as a set of one */
        bool lone = cJSON_IsObject(root) && keys == NULL && ssri_get(root, "kty") != NULL;
        int n = lone ? 1 : cJSON_GetArraySize(keys);
        if (!lone && !cJSON_IsArray(keys))
            status = jwks_diag(&c, SSR_SEVERITY_ERROR, "jwks.keys", keys != NULL ? keys : root,
                               keys != NULL ? "/keys" : "", "Expected a JSON Web Key Set: {\"keys\": [...]}.");
        else if (n > SSRI_MAX_JWKS)
            status = jwks_diag(&c, SSR_SEVERITY_ERROR, "jwks.limit", keys, "/keys",
                               "Expected at most %d keys, found %d.", SSRI_MAX_JWKS, n);
        else if ((set = ssri_malloc(sizeof *set)) == NULL ||
                 (*set = (ssr_jwks){0}, set->keys = ssri_malloc((size_t)(n > 0 ? n : 1) * sizeof *set->keys)) == NULL)
            status = SSR_ENOMEM;
        size_t i = 0;
        const cJSON *k = lone ? root : keys != NULL ? keys->child : NULL;
        for (; status == SSR_OK && k != NULL; k = lone ? NULL : k->next, i++) {
            char pointer[32] = "";
            if (!lone)
                snprintf(pointer, sizeof pointer, "/keys/%zu", i);
            status = read_jwk(&c, k, pointer, set);
        }
    }
    ssr_doc_free(doc);
    if (status != SSR_OK) {
        ssr_jwks_free(set);
        ssri_report_hand_over(r, status == SSR_EINVALID, report);
        return status;
    }
    ssri_report_hand_over(r, true, report);
    *jwks = set;
    return SSR_OK;
}

/* ---- JWS verification ---------------------------------------------------------- */

typedef struct token_ctx {
    ssr_report *report;
    const char *src;
    size_t len;
} token_ctx;

/* Reports a refusal at `offset` in the token, `pointer` into the decoded header or payload. */
static int refuse(const token_ctx *t, const char *code, const char *pointer, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int refuse(const token_ctx *t, const char *code, const char *pointer, size_t offset, const char *fmt, ...)
{
    if (t->report == NULL)
        return SSR_EVERIFY;
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    char *clean = ssri_utf8_clean(message);
    int status = clean != NULL ? ssri_report_add(t->report, SSR_SEVERITY_ERROR, code, pointer, t->src, t->len, offset,
                                                 clean)
                               : SSR_ENOMEM;
    ssri_free(clean);
    return status == SSR_OK ? SSR_EVERIFY : status;
}

/* A decoded segment read as a JSON object: duplicates and every strict-profile refusal reported. */
static int read_object(const token_ctx *t, const unsigned char *bytes, size_t len, const char *what, size_t offset,
                       ssr_doc **doc)
{
    ssr_report *r = NULL;
    int status = ssr_doc_parse(bytes, len, NULL, doc, NULL); /* a report only when there is something to say */
    if (status == SSR_EINVALID) {
        status = ssr_doc_parse(bytes, len, NULL, doc, &r); /* the same bytes: refused again, with the reason */
        if (status != SSR_EINVALID) {
            ssr_doc_free(*doc);
            *doc = NULL;
            ssr_report_free(r);
            return status == SSR_OK ? SSR_ENOMEM : status;
        }
    }
    if (status == SSR_EINVALID) {
        const char *code = ssr_diag_code(r, 0);
        status = refuse(t, strcmp(code, "json.duplicate-member") == 0 ? "jwt.duplicate-member" : "jwt.malformed", "",
                        offset, "Expected the %s to be strict JSON, found: %s", what, ssr_diag_message(r, 0));
    } else if (status == SSR_OK && !cJSON_IsObject((*doc)->root)) {
        status = refuse(t, "jwt.malformed", "", offset, "Expected the %s to be a JSON object, found another value.",
                        what);
    }
    ssr_report_free(r);
    if (status != SSR_OK) {
        ssr_doc_free(*doc);
        *doc = NULL;
    }
    return status;
}

int ssri_jws_signature_check(const ssr_public_key *key, const char *alg, const void *input, size_t input_len,
                             const unsigned char *sig, size_t sig_len)
{
    int a = alg_of(alg);
    bool ec = key->type == SSR_KEY_ECDSA_P256, rsa = key->type == SSR_KEY_RSA;
    if (a == 0 || (a == ALG_ES256 && !ec) || (a != ALG_ES256 && !rsa))
        return SSR_EVERIFY;
    /* exactly the length the algorithm writes: r || s for ES256, the modulus' for RSA */
    if (sig_len != (a == ALG_ES256 ? 64 : (size_t)EVP_PKEY_get_size(key->pkey)))
        return SSR_EVERIFY;
    ssri_sig_params params = {.md = EVP_sha256(), .padding = RSA_PKCS1_PADDING, .salt_len = 32};
    if (a == ALG_PS256) {
        params.padding = RSA_PKCS1_PSS_PADDING;
        params.mgf1_md = EVP_sha256();
    }
    if (a != ALG_ES256)
        return ssri_verify_message(key, &params, input, input_len, sig, sig_len);
    size_t der_len = 0;
    unsigned char *der = ssri_ecdsa_raw_der(sig, 32, &der_len); /* OpenSSL verifies DER */
    if (der == NULL)
        return SSR_ENOMEM;
    int status = ssri_verify_message(key, &params, input, input_len, der, der_len);
    OPENSSL_free(der);
    return status;
}

/* A token's signature with its key's prepared context; the length was checked. */
static int check_with_key(const jwk *k, const char *input, size_t input_len, const unsigned char *sig, size_t sig_len)
{
    if (k->alg == ALG_ES256) {
        size_t der_len = 0;
        unsigned char *der = ssri_ecdsa_raw_der(sig, 32, &der_len); /* the backend verifies DER */
        if (der == NULL)
            return SSR_ENOMEM;
        ssri_sig_params params = {.md = EVP_sha256()};
        int status = ssri_verify_message(k->key, &params, input, input_len, der, der_len);
        OPENSSL_free(der);
        return status;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx != NULL && EVP_MD_CTX_copy_ex(ctx, k->proto) == 1;
    int result = ok ? EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)input, input_len) : -1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return SSR_ECRYPTO;
    return result == 1 ? SSR_OK : SSR_EVERIFY;
}

/*
 * The signature layer: segments, base64url, header, key, signature. On
 * SSR_OK, *header and *payload (the decoded payload) and *key are set.
 */
static int verify_jws(const token_ctx *t, const ssr_jwks *jwks, unsigned flags, ssr_doc **header,
                      unsigned char **payload, size_t *payload_len, const jwk **key)
{
    const char *s = t->src;
    size_t len = t->len;
    *header = NULL;
    *payload = NULL;
    *payload_len = 0;
    if (len > SSRI_MAX_TOKEN)
        return refuse(t, "jwt.size", "", 0, "Expected a token of at most %d bytes, found %zu.", SSRI_MAX_TOKEN, len);
    if (len > 0 && s[0] == '{')
        return refuse(t, "jwt.malformed", "", 0,
                      "Expected the compact serialization (three base64url segments), found JSON.");
    size_t dots[2], n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            if (n == 2)
                return refuse(t, "jwt.malformed", "", i,
                              "Expected exactly three segments (header.payload.signature), found more.");
            dots[n++] = i;
        }
    }
    if (n != 2)
        return refuse(t, "jwt.malformed", "", len,
                      "Expected exactly three segments (header.payload.signature), found %zu.", n + 1);
    const size_t starts[3] = {0, dots[0] + 1, dots[1] + 1}, ends[3] = {dots[0], dots[1], len};
    static const char *const names[3] = {"header", "payload", "signature"};
    unsigned char *bytes[3] = {NULL, NULL, NULL};
    size_t sizes[3] = {0, 0, 0};
    int status = SSR_OK;
    for (int i = 0; i < 3 && status == SSR_OK; i++) {
        status = b64url(s + starts[i], ends[i] - starts[i], &bytes[i], &sizes[i]);
        if (status == SSR_EINVALID)
            status = refuse(t, "jwt.base64url", "", starts[i],
                            "Expected the %s as base64url (no padding, no white space, zero trailing bits), found "
                            "other characters.",
                            names[i]);
    }
    if (status == SSR_OK && sizes[0] == 0)
        status = refuse(t, "jwt.malformed", "", 0, "Expected a header, found an empty segment.");
    if (status == SSR_OK)
        status = read_object(t, bytes[0], sizes[0], "header", 0, header);
    const cJSON *h = *header != NULL ? (*header)->root : NULL;
    const cJSON *alg_node = ssri_get(h, "alg"), *kid_node = ssri_get(h, "kid");
    const char *alg = cJSON_IsString(alg_node) && alg_node->valuestring != NULL ? alg_node->valuestring : "";
    if (status == SSR_OK && !cJSON_IsString(alg_node))
        status = refuse(t, "jwt.alg.unsupported", "/alg", 0, "Expected the header's alg, a string, found %s.",
                        alg_node != NULL ? "another value" : "none");
    if (status == SSR_OK && strcasecmp(alg, "none") == 0)
        status = refuse(t, "jwt.alg.none", "/alg", 0,
                        "Expected a signed token, found alg \"%.20s\": an unsecured token is never accepted.", alg);
    if (status == SSR_OK && (strncmp(alg, "HS", 2) == 0 || strncmp(alg, "hs", 2) == 0))
        status = refuse(t, "jwt.alg.confusion", "/alg", 0,
                        "Expected an asymmetric algorithm, found \"%.20s\": a MAC keyed with a public key is forged by "
                        "anyone.",
                        alg);
    if (status == SSR_OK && alg_of(alg) == 0)
        status = refuse(t, "jwt.alg.unsupported", "/alg", 0, "Expected alg RS256, PS256 or ES256, found \"%.40s\".",
                        alg);
    if (status == SSR_OK && ssri_get(h, "crit") != NULL)
        status = refuse(t, "jwt.crit", "/crit", 0,
                        "Expected no crit header: no extension is understood, so any listed one refuses the token.");
    const cJSON *typ = ssri_get(h, "typ");
    if (status == SSR_OK && typ != NULL && !(cJSON_IsString(typ) && strcasecmp(typ->valuestring, "JWT") == 0))
        status = refuse(t, "jwt.typ", "/typ", 0, "Expected typ \"JWT\" when present, found %s%.40s%s.",
                        cJSON_IsString(typ) ? "\"" : "", cJSON_IsString(typ) ? typ->valuestring : "another value",
                        cJSON_IsString(typ) ? "\"" : "");
    const jwk *k = NULL;
    if (status == SSR_OK) {
        if (kid_node == NULL && (flags & SSR_JWS_SOLE_KEY) && jwks->count == 1) {
            k = &jwks->keys[0];
        } else if (!cJSON_IsString(kid_node)) {
            status = refuse(t, "jwt.kid.missing", "/kid", 0,
                            "Expected the header's kid naming a key of the JWKS, found %s.",
                            kid_node != NULL ? "another value" : "none");
        } else {
            for (size_t i = 0; i < jwks->count && k == NULL; i++)
                if (strcmp(jwks->keys[i].kid, kid_node->valuestring) == 0)
                    k = &jwks->keys[i];
            if (k == NULL)
                status = refuse(t, "jwt.kid.unknown", "/kid", 0, "Expected a kid of the JWKS, found \"%.80s\".",
                                kid_node->valuestring);
        }
    }
    if (status == SSR_OK && k->alg != alg_of(alg))
        status = refuse(t, "jwt.alg.key-mismatch", "/alg", 0, "Expected alg %s, the key's own, found \"%.20s\".",
                        alg_names[k->alg], alg);
    if (status == SSR_OK) {
        size_t want = k->alg == ALG_ES256 ? 64 : (size_t)EVP_PKEY_get_size(k->key->pkey);
        if (sizes[2] != want)
            status = refuse(t, "jwt.signature.encoding", "", starts[2],
                            "Expected a signature of exactly %zu bytes (%s), found %zu.", want,
                            k->alg == ALG_ES256 ? "r and s, 32 bytes each" : "the modulus' length", sizes[2]);
    }
    if (status == SSR_OK) {
        status = check_with_key(k, s, dots[1], bytes[2], sizes[2]);
        if (status == SSR_EVERIFY)
            status = refuse(t, "jwt.signature", "", starts[2],
                            "Expected the signature to verify with the key \"%.80s\" (%s), found that it does not.",
                            k->kid, alg_names[k->alg]);
    }
    ssri_free(bytes[0]);
    ssri_free(bytes[2]);
    if (status != SSR_OK) {
        ssri_free(bytes[1]);
        ssr_doc_free(*header);
        *header = NULL;
        return status;
    }
    *payload = bytes[1];
    *payload_len = sizes[1];
    *key = k;
    return SSR_OK;
}

int ssr_jws_verify(const ssr_jwks *jwks, const void *token, size_t len, unsigned flags, unsigned char **payload,
                   size_t *payload_len, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(payload);
    SSRI_RESET_LEN(payload_len);
    SSRI_RESET(report);
    if (jwks == NULL || !ssri_token_args_ok(token, len) || (flags & ~SSR_JWS_SOLE_KEY) != 0)
        return SSR_EINVAL;
    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    if (r == NULL)
        return SSR_ENOMEM;
    token_ctx t = {r, token, len};
    ssr_doc *header = NULL;
    unsigned char *bytes = NULL;
    size_t bytes_len = 0;
    const jwk *k = NULL;
    int status = verify_jws(&t, jwks, flags, &header, &bytes, &bytes_len, &k);
    ssr_doc_free(header);
    if (status == SSR_OK && payload != NULL) {
        *payload = bytes;
        if (payload_len != NULL)
            *payload_len = bytes_len;
    } else {
        ssri_free(bytes);
    }
    ssri_report_hand_over(r, status == SSR_EVERIFY, report);
    return status;
}

int ssri_jws_verify_claims(const ssr_jwks *jwks, const void *token, size_t len, ssr_report *report,
                           ssri_jws_claims *out)
{
    *out = (ssri_jws_claims){0};
    token_ctx t = {report, token, len};
    ssr_doc *header = NULL;
    const jwk *k = NULL;
    int status = verify_jws(&t, jwks, 0, &header, &out->payload, &out->payload_len, &k);
    ssr_doc_free(header);
    size_t payload_at = 0;
    const char *first_dot = status == SSR_OK ? memchr(token, '.', len) : NULL;
    if (first_dot != NULL)
        payload_at = (size_t)(first_dot - (const char *)token) + 1;
    if (status == SSR_OK)
        status = read_object(&t, out->payload, out->payload_len, "payload (the claims)", payload_at, &out->claims);
    if (status != SSR_OK) {
        ssri_free(out->payload);
        *out = (ssri_jws_claims){0};
        return status;
    }
    out->alg = alg_names[k->alg];
    out->kid = k->kid;
    return SSR_OK;
}

void ssri_jws_claims_release(ssri_jws_claims *c)
{
    ssr_doc_free(c->claims);
    ssri_free(c->payload);
    *c = (ssri_jws_claims){0};
}

bool ssri_token_args_ok(const void *token, size_t len)
{
    return !(token == NULL && len > 0) && (len == 0 || memchr(token, '\0', len) == NULL);
}

/* ---- decoding, unverified ----------------------------------------------------------- */

int ssr_tp_decode_token(const void *token, size_t len, char **out, size_t *out_len, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    SSRI_RESET(report);
    if (out == NULL || !ssri_token_args_ok(token, len))
        return SSR_EINVAL;
    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    if (r == NULL)
        return SSR_ENOMEM;
    token_ctx t = {r, token, len};
    const char *s = token;
    size_t dots[2], n = 0;
    int status = SSR_OK;
    if (len > SSRI_MAX_TOKEN)
        status = refuse(&t, "jwt.size", "", 0, "Expected a token of at most %d bytes, found %zu.", SSRI_MAX_TOKEN, len);
    for (size_t i = 0; status == SSR_OK && i < len; i++)
        if (s[i] == '.' && n < 2)
            dots[n++] = i;
        else if (s[i] == '.')
            status = refuse(&t, "jwt.malformed", "", i, "Expected exactly three segments, found more.");
    if (status == SSR_OK && n != 2)
        status = refuse(&t, "jwt.malformed", "", len, "Expected exactly three segments, found %zu.", n + 1);
    ssr_doc *docs[2] = {NULL, NULL};
    unsigned char *sig = NULL;
    size_t sig_len = 0;
    for (int i = 0; i < 2 && status == SSR_OK; i++) {
        size_t from = i == 0 ? 0 : dots[0] + 1, to = dots[i];
        unsigned char *bytes = NULL;
        size_t bytes_len = 0;
        status = b64url(s + from, to - from, &bytes, &bytes_len);
        if (status == SSR_EINVALID)
            status = refuse(&t, "jwt.base64url", "", from, "Expected the %s as base64url.", i ? "payload" : "header");
        if (status == SSR_OK)
            status = read_object(&t, bytes, bytes_len, i ? "payload" : "header", from, &docs[i]);
        ssri_free(bytes);
    }
    if (status == SSR_OK) {
        status = b64url(s + dots[1] + 1, len - dots[1] - 1, &sig, &sig_len);
        if (status == SSR_EINVALID)
            status = refuse(&t, "jwt.base64url", "", dots[1] + 1, "Expected the signature as base64url.");
    }
    ssri_free(sig);
    if (status == SSR_OK) {
        char *h = NULL, *p = NULL;
        status = ssr_doc_canonical(docs[0], &h, NULL);
        if (status == SSR_OK)
            status = ssr_doc_canonical(docs[1], &p, NULL);
        ssri_buf b = {0};
        if (status == SSR_OK)
            ssri_buf_printf(&b, "{\"verified\":false,\"header\":%s,\"claims\":%s,\"signature_bytes\":%zu}", h, p,
                            sig_len);
        ssr_free(h);
        ssr_free(p);
        if (status == SSR_OK)
            status = ssri_buf_finish(&b, out, out_len);
        else
            ssri_buf_release(&b);
    }
    ssr_doc_free(docs[0]);
    ssr_doc_free(docs[1]);
    if (status == SSR_EVERIFY)
        status = SSR_EINVALID; /* nothing is verified here: a token that does not decode is an invalid input */
    ssri_report_hand_over(r, status == SSR_EINVALID, report);
    return status;
}

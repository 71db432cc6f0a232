/*
 * The tests' own PKI (see pki.h): certificates, SCTs, log entries with
 * signed entry timestamps, inclusion proofs and checkpoints, RFC 3161
 * timestamps, trusted roots and bundles, all made with OpenSSL from keys
 * generated here. Any failure aborts the test: a fixture that cannot be
 * built must never look like a refusal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include "pki.h"

const char pki_artifact[] = "hello, world\n";
const size_t pki_artifact_len = sizeof pki_artifact - 1;

static const char rekor_url[] = "https://rekor.test.example", rekor_host[] = "rekor.test.example";
static const char github_issuer[] = "https://token.actions.githubusercontent.com";

#define CHECK(x)                                                                                       \
    do {                                                                                               \
        if (!(x)) {                                                                                    \
            ERR_print_errors_fp(stderr);                                                               \
            fail_msg("test PKI: %s failed (%s:%d)", #x, __FILE__, __LINE__);                           \
        }                                                                                              \
    } while (0)

/* ---- encodings ------------------------------------------------------------------ */

static char *b64(const void *data, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(n);
    CHECK(out != NULL);
    sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

static char *hex(const void *data, size_t len)
{
    char *out = malloc(2 * len + 1);
    CHECK(out != NULL);
    sodium_bin2hex(out, 2 * len + 1, data, len);
    return out;
}

static void sha256(const void *data, size_t len, unsigned char out[32])
{
    CHECK(EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) == 1);
}

static unsigned char *spki_der(EVP_PKEY *key, int *len)
{
    unsigned char *der = NULL;
    *len = i2d_PUBKEY(key, &der);
    CHECK(*len > 0);
    return der;
}

static unsigned char *cert_der(X509 *cert, int *len)
{
    unsigned char *der = NULL;
    *len = i2d_X509(cert, &der);
    CHECK(*len > 0);
    return der;
}

static void add_b64(cJSON *object, const char *name, const void *data, size_t len)
{
    char *text = b64(data, len);
    CHECK(cJSON_AddStringToObject(object, name, text) != NULL);
    free(text);
}

/* ECDSA with SHA-256 (P-256 keys) or SHA-384 (P-384) over `data`; DER signature. */
static unsigned char *sign(EVP_PKEY *key, const void *data, size_t len, size_t *sig_len)
{
    const EVP_MD *md = EVP_PKEY_get_bits(key) > 256 ? EVP_sha384() : EVP_sha256();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    CHECK(ctx != NULL && EVP_DigestSignInit(ctx, NULL, md, NULL, key) == 1);
    CHECK(EVP_DigestSign(ctx, NULL, sig_len, data, len) == 1);
    unsigned char *sig = malloc(*sig_len);
    CHECK(sig != NULL && EVP_DigestSign(ctx, sig, sig_len, data, len) == 1);
    EVP_MD_CTX_free(ctx);
    return sig;
}

/* ---- keys and certificates --------------------------------------------------------- */

EVP_PKEY *pki_key(const char *curve)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
    CHECK(key != NULL);
    return key;
}

static X509 *cert_new(const char *cn, EVP_PKEY *key, int64_t not_before, int64_t not_after)
{
    X509 *c = X509_new();
    CHECK(c != NULL && X509_set_version(c, 2) == 1);
    unsigned char serial[16];
    CHECK(RAND_bytes(serial, sizeof serial) == 1);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
    CHECK(bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c)) != NULL);
    BN_free(bn);
    X509_NAME *name = X509_get_subject_name(c);
    if (cn != NULL) {
        CHECK(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)"libssr tests", -1, -1, 0));
        CHECK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0));
    }
    CHECK(ASN1_TIME_set(X509_getm_notBefore(c), (time_t)not_before) != NULL);
    CHECK(ASN1_TIME_set(X509_getm_notAfter(c), (time_t)not_after) != NULL);
    CHECK(X509_set_pubkey(c, key) == 1);
    return c;
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    CHECK(e != NULL && X509_add_ext(cert, e, -1) == 1);
    X509_EXTENSION_free(e);
}

static void add_raw_ext(X509 *cert, const char *oid, const unsigned char *value, int len)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
    ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
    CHECK(obj != NULL && data != NULL && ASN1_OCTET_STRING_set(data, value, len) == 1);
    X509_EXTENSION *e = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, data);
    CHECK(e != NULL && X509_add_ext(cert, e, -1) == 1);
    X509_EXTENSION_free(e);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(obj);
}

/* A Fulcio extension holding a DER string of the given type (V_ASN1_UTF8STRING, or another to malform it). */
static void add_string_ext(X509 *cert, const char *oid, const char *value, int type)
{
    ASN1_STRING *s = ASN1_STRING_type_new(type);
    CHECK(s != NULL && ASN1_STRING_set(s, value, -1) == 1);
    unsigned char *der = NULL;
    int len = type == V_ASN1_UTF8STRING ? i2d_ASN1_UTF8STRING(s, &der) : i2d_ASN1_IA5STRING(s, &der);
    CHECK(len > 0);
    add_raw_ext(cert, oid, der, len);
    OPENSSL_free(der);
    ASN1_STRING_free(s);
}

static void sign_cert(X509 *cert, EVP_PKEY *key)
{
    const EVP_MD *md = EVP_PKEY_get_bits(key) > 256 ? EVP_sha384() : EVP_sha256();
    CHECK(X509_sign(cert, key, md) > 0);
}

X509 *pki_ca_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, int64_t not_before,
                  int64_t not_after, int pathlen, const char *name_constraints)
{
    X509 *c = cert_new(cn, key, not_before, not_after);
    CHECK(X509_set_issuer_name(c, X509_get_subject_name(issuer != NULL ? issuer : c)) == 1);
    char bc[64];
    if (pathlen == PKI_NOT_CA)
        snprintf(bc, sizeof bc, "critical,CA:FALSE");
    else if (pathlen >= 0)
        snprintf(bc, sizeof bc, "critical,CA:TRUE,pathlen:%d", pathlen);
    else
        snprintf(bc, sizeof bc, "critical,CA:TRUE");
    add_ext(c, issuer, NID_basic_constraints, bc);
    add_ext(c, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(c, issuer, NID_subject_key_identifier, "hash");
    if (issuer != NULL)
        add_ext(c, issuer, NID_authority_key_identifier, "keyid:always");
    if (name_constraints != NULL)
        add_ext(c, issuer, NID_name_constraints, name_constraints);
    sign_cert(c, issuer_key != NULL ? issuer_key : key);
    return c;
}

X509 *pki_tsa_cert(EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key)
{
    X509 *c = cert_new("test TSA", key, 1577836800 /* 2020 */, 2051222400 /* 2035 */);
    CHECK(X509_set_issuer_name(c, X509_get_subject_name(issuer)) == 1);
    add_ext(c, issuer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(c, issuer, NID_key_usage, "critical,digitalSignature");
    add_ext(c, issuer, NID_ext_key_usage, "critical,timeStamping");
    add_ext(c, issuer, NID_subject_key_identifier, "hash");
    add_ext(c, issuer, NID_authority_key_identifier, "keyid:always");
    sign_cert(c, issuer_key);
    return c;
}

pki *pki_new(void)
{
    pki *p = calloc(1, sizeof *p);
    CHECK(p != NULL);
    int64_t from = 1577836800, until = 2051222400; /* 2020-01-01 to 2035-01-01 */
    p->root_key = pki_key("P-384");
    p->ca_key = pki_key("P-384");
    p->ct_key = pki_key("P-256");
    p->rekor_key = pki_key("P-256");
    p->tsa_root_key = pki_key("P-384");
    p->tsa_key = pki_key("P-256");
    p->root = pki_ca_cert("test root", p->root_key, NULL, NULL, from, until, 1, NULL);
    p->ca = pki_ca_cert("test intermediate", p->ca_key, p->root, p->root_key, from, until, 0, NULL);
    p->tsa_root = pki_ca_cert("test TSA root", p->tsa_root_key, NULL, NULL, from, until, 0, NULL);
    p->tsa = pki_tsa_cert(p->tsa_key, p->tsa_root, p->tsa_root_key);
    return p;
}

void pki_free(pki *p)
{
    if (p == NULL)
        return;
    EVP_PKEY *keys[] = {p->root_key, p->ca_key, p->ct_key, p->rekor_key, p->tsa_root_key, p->tsa_key};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        EVP_PKEY_free(keys[i]);
    X509_free(p->root);
    X509_free(p->ca);
    X509_free(p->tsa_root);
    X509_free(p->tsa);
    free(p);
}

/* ---- leaves and their SCTs ----------------------------------------------------------- */

static void add_san(X509 *c, const pki_leaf_opts *o)
{
    const char *san = o->san != NULL ? o->san
                                     : "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main";
    GENERAL_NAMES *names = sk_GENERAL_NAME_new_null();
    GENERAL_NAME *g = GENERAL_NAME_new();
    CHECK(names != NULL && g != NULL);
    if (o->san_type == PKI_SAN_OTHER) {
        ASN1_TYPE *value = ASN1_TYPE_new();
        ASN1_UTF8STRING *s = ASN1_UTF8STRING_new();
        CHECK(value != NULL && s != NULL && ASN1_STRING_set(s, san, -1) == 1);
        ASN1_TYPE_set(value, V_ASN1_UTF8STRING, s);
        ASN1_OBJECT *oid = OBJ_txt2obj(o->other_oid != NULL ? o->other_oid : "1.3.6.1.4.1.57264.1.7", 1);
        CHECK(oid != NULL && GENERAL_NAME_set0_othername(g, oid, value) == 1);
    } else {
        ASN1_IA5STRING *s = ASN1_IA5STRING_new();
        CHECK(s != NULL && ASN1_STRING_set(s, san, -1) == 1);
        GENERAL_NAME_set0_value(g, o->san_type == PKI_SAN_EMAIL ? GEN_EMAIL : GEN_URI, s);
    }
    CHECK(sk_GENERAL_NAME_push(names, g) > 0);
    CHECK(X509_add1_ext_i2d(c, NID_subject_alt_name, names, 1, X509V3_ADD_DEFAULT) == 1);
    GENERAL_NAMES_free(names);
}

static void put(unsigned char **p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        *(*p)++ = (unsigned char)(v >> (8 * i));
}

/* Embeds an SCT of the PKI's CT log over the leaf's precertificate (the leaf is signed once before, so that its TBS is final). */
static void add_sct(pki *p, X509 *leaf, X509 *issuer, int64_t at)
{
    unsigned char *tbs = NULL;
    int tbs_len = i2d_re_X509_tbs(leaf, &tbs);
    CHECK(tbs_len > 0);
    int spki_len = 0;
    unsigned char *issuer_spki = NULL;
    spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &issuer_spki);
    CHECK(spki_len > 0);
    unsigned char issuer_hash[32];
    sha256(issuer_spki, (size_t)spki_len, issuer_hash);
    OPENSSL_free(issuer_spki);
    uint64_t ms = (uint64_t)at * 1000;
    size_t len = 1 + 1 + 8 + 2 + 32 + 3 + (size_t)tbs_len + 2;
    unsigned char *signed_data = malloc(len), *w = signed_data;
    CHECK(signed_data != NULL);
    put(&w, 0, 1);
    put(&w, 0, 1);
    put(&w, ms, 8);
    put(&w, 1, 2);
    memcpy(w, issuer_hash, 32);
    w += 32;
    put(&w, (uint64_t)tbs_len, 3);
    memcpy(w, tbs, (size_t)tbs_len);
    w += tbs_len;
    put(&w, 0, 2);
    size_t sig_len = 0;
    unsigned char *sig = sign(p->ct_key, signed_data, len, &sig_len);
    free(signed_data);
    OPENSSL_free(tbs);

    int ct_len = 0;
    unsigned char *ct_spki = spki_der(p->ct_key, &ct_len), log_id[32];
    sha256(ct_spki, (size_t)ct_len, log_id);
    OPENSSL_free(ct_spki);
    SCT *sct = SCT_new();
    CHECK(sct != NULL && SCT_set_version(sct, SCT_VERSION_V1) == 1);
    CHECK(SCT_set_log_entry_type(sct, CT_LOG_ENTRY_TYPE_PRECERT) == 1);
    CHECK(SCT_set1_log_id(sct, log_id, sizeof log_id) == 1);
    SCT_set_timestamp(sct, ms);
    CHECK(SCT_set_signature_nid(sct, NID_ecdsa_with_SHA256) == 1);
    CHECK(SCT_set1_signature(sct, sig, sig_len) == 1);
    free(sig);
    STACK_OF(SCT) *list = sk_SCT_new_null();
    CHECK(list != NULL && sk_SCT_push(list, sct) > 0);
    CHECK(X509_add1_ext_i2d(leaf, NID_ct_precert_scts, list, 0, X509V3_ADD_DEFAULT) == 1);
    SCT_LIST_free(list);
}

X509 *pki_leaf(pki *p, const pki_leaf_opts *o, EVP_PKEY **key)
{
    static const pki_leaf_opts none = {0};
    if (o == NULL)
        o = &none;
    X509 *signer = o->signer != NULL ? o->signer : p->ca;
    EVP_PKEY *signer_key = o->signer_key != NULL ? o->signer_key : p->ca_key;
    int64_t nb = o->not_before != 0 ? o->not_before : PKI_T0 - 60, na = o->not_after != 0 ? o->not_after : PKI_T0 + 600;
    *key = pki_key("P-256");
    X509 *c = cert_new(NULL, *key, nb, na);
    CHECK(X509_set_issuer_name(c, X509_get_subject_name(signer)) == 1);
    if (!o->no_key_usage)
        add_ext(c, signer, NID_key_usage, "critical,digitalSignature");
    if (!o->no_eku)
        add_ext(c, signer, NID_ext_key_usage, "codeSigning");
    if (o->is_ca)
        add_ext(c, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(c, signer, NID_subject_key_identifier, "hash");
    add_ext(c, signer, NID_authority_key_identifier, "keyid:always");
    add_san(c, o);
    if (o->issuer_v1 != NULL)
        add_raw_ext(c, "1.3.6.1.4.1.57264.1.1", (const unsigned char *)o->issuer_v1, (int)strlen(o->issuer_v1));
    const char *issuer = o->issuer != NULL ? o->issuer : github_issuer;
    if (issuer[0] != '\0')
        add_string_ext(c, "1.3.6.1.4.1.57264.1.8", issuer, o->issuer_malformed ? V_ASN1_IA5STRING : V_ASN1_UTF8STRING);
    if (o->issuer_copies == 2)
        add_string_ext(c, "1.3.6.1.4.1.57264.1.8", o->issuer_second != NULL ? o->issuer_second : issuer,
                       V_ASN1_UTF8STRING);
    add_string_ext(c, "1.3.6.1.4.1.57264.1.12", "https://github.com/octo/demo", V_ASN1_UTF8STRING);
    sign_cert(c, signer_key);
    if (!o->no_sct) {
        add_sct(p, c, signer, nb);
        sign_cert(c, signer_key);
    }
    return c;
}

/* ---- trusted roots --------------------------------------------------------------------- */

static cJSON *log_json(EVP_PKEY *key, const char *url)
{
    cJSON *log = cJSON_CreateObject(), *pk = cJSON_CreateObject(), *id = cJSON_CreateObject(),
          *valid = cJSON_CreateObject();
    CHECK(log != NULL && pk != NULL && id != NULL && valid != NULL);
    int len = 0;
    unsigned char *der = spki_der(key, &len), key_id[32];
    sha256(der, (size_t)len, key_id);
    cJSON_AddStringToObject(log, "baseUrl", url);
    cJSON_AddStringToObject(log, "hashAlgorithm", "SHA2_256");
    add_b64(pk, "rawBytes", der, (size_t)len);
    cJSON_AddStringToObject(pk, "keyDetails", "PKIX_ECDSA_P256_SHA_256");
    cJSON_AddStringToObject(valid, "start", "2020-01-01T00:00:00Z");
    cJSON_AddItemToObject(pk, "validFor", valid);
    cJSON_AddItemToObject(log, "publicKey", pk);
    add_b64(id, "keyId", key_id, sizeof key_id);
    cJSON_AddItemToObject(log, "logId", id);
    OPENSSL_free(der);
    return log;
}

static cJSON *authority_json(const char *cn, const char *uri, X509 **chain, int n, const char *start,
                             const char *end)
{
    cJSON *a = cJSON_CreateObject(), *subject = cJSON_CreateObject(), *cc = cJSON_CreateObject(),
          *certs = cJSON_CreateArray(), *valid = cJSON_CreateObject();
    CHECK(a != NULL && subject != NULL && cc != NULL && certs != NULL && valid != NULL);
    cJSON_AddStringToObject(subject, "organization", "libssr tests");
    cJSON_AddStringToObject(subject, "commonName", cn);
    cJSON_AddItemToObject(a, "subject", subject);
    cJSON_AddStringToObject(a, "uri", uri);
    for (int i = 0; i < n; i++) {
        cJSON *c = cJSON_CreateObject();
        int len = 0;
        unsigned char *der = cert_der(chain[i], &len);
        add_b64(c, "rawBytes", der, (size_t)len);
        OPENSSL_free(der);
        cJSON_AddItemToArray(certs, c);
    }
    cJSON_AddItemToObject(cc, "certificates", certs);
    cJSON_AddItemToObject(a, "certChain", cc);
    cJSON_AddStringToObject(valid, "start", start);
    if (end != NULL)
        cJSON_AddStringToObject(valid, "end", end);
    cJSON_AddItemToObject(a, "validFor", valid);
    return a;
}

char *pki_trusted_root(pki *p, const pki_root_opts *o)
{
    static const pki_root_opts none = {0};
    if (o == NULL)
        o = &none;
    X509 *chain[] = {p->ca, p->root}, *tsa_chain[] = {p->tsa, p->tsa_root};
    cJSON *root = cJSON_CreateObject(), *tlogs = cJSON_CreateArray(), *cas = cJSON_CreateArray(),
          *ctlogs = cJSON_CreateArray(), *tsas = cJSON_CreateArray();
    CHECK(root != NULL && tlogs != NULL && cas != NULL && ctlogs != NULL && tsas != NULL);
    cJSON_AddStringToObject(root, "mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    cJSON_AddItemToArray(tlogs, log_json(p->rekor_key, rekor_url));
    cJSON_AddItemToObject(root, "tlogs", tlogs);
    cJSON_AddItemToArray(cas, authority_json("test CA", "https://fulcio.test.example", o->chain ? o->chain : chain,
                                             o->chain ? o->chain_len : 2,
                                             o->ca_start ? o->ca_start : "2020-01-01T00:00:00Z", o->ca_end));
    cJSON_AddItemToObject(root, "certificateAuthorities", cas);
    cJSON_AddItemToArray(ctlogs, log_json(p->ct_key, "https://ct.test.example"));
    cJSON_AddItemToObject(root, "ctlogs", ctlogs);
    cJSON_AddItemToArray(tsas, authority_json("test TSA", "https://tsa.test.example",
                                              o->tsa_chain ? o->tsa_chain : tsa_chain,
                                              o->tsa_chain ? o->tsa_chain_len : 2, "2020-01-01T00:00:00Z", NULL));
    cJSON_AddItemToObject(root, "timestampAuthorities", tsas);
    char *text = cJSON_PrintUnformatted(root);
    CHECK(text != NULL);
    cJSON_Delete(root);
    return text;
}

/* ---- log entries ------------------------------------------------------------------------- */

/* The base64 of the PEM of a certificate, or of a public key when cert is NULL (as Rekor v1 bodies hold them). */
static char *pem_of(X509 *cert, EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    CHECK(bio != NULL && (cert != NULL ? PEM_write_bio_X509(bio, cert) : PEM_write_bio_PUBKEY(bio, key)) == 1);
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    char *out = b64(data, (size_t)n);
    BIO_free(bio);
    return out;
}

/* What signed: {x509Certificate|publicKey: {rawBytes}} with its key details (Rekor v2). */
static cJSON *verifier(const pki_bundle_opts *o)
{
    cJSON *v = cJSON_CreateObject(), *inner = cJSON_CreateObject();
    CHECK(v != NULL && inner != NULL);
    int len = 0;
    unsigned char *der = o->leaf != NULL ? cert_der(o->leaf, &len) : spki_der(o->key, &len);
    add_b64(inner, "rawBytes", der, (size_t)len);
    OPENSSL_free(der);
    cJSON_AddStringToObject(v, "keyDetails", "PKIX_ECDSA_P256_SHA_256");
    cJSON_AddItemToObject(v, o->leaf != NULL ? "x509Certificate" : "publicKey", inner);
    return v;
}

typedef struct signed_content {
    unsigned char digest[32];      /* the artifact's sha256 */
    unsigned char *sig;
    size_t sig_len;
    char *payload;                 /* DSSE */
    const char *payload_type;
    unsigned char pae_digest[32];
} signed_content;

/* The canonicalized body of the entry the log holds for this content. */
static char *entry_body(const pki_bundle_opts *o, const signed_content *s, bool v2, const char *v2_kind)
{
    cJSON *body = cJSON_CreateObject(), *spec = cJSON_CreateObject();
    CHECK(body != NULL && spec != NULL);
    char *sig = b64(s->sig, s->sig_len);
    unsigned char payload_hash[32];
    if (s->payload != NULL)
        sha256(s->payload, strlen(s->payload), payload_hash);
    if (!v2) {
        char *signer = pem_of(o->leaf, o->key);
        cJSON_AddStringToObject(body, "apiVersion", "0.0.1");
        if (s->payload == NULL) {
            char *digest = hex(s->digest, 32);
            cJSON *data = cJSON_AddObjectToObject(spec, "data"), *hash = cJSON_AddObjectToObject(data, "hash");
            cJSON_AddStringToObject(hash, "algorithm", "sha256");
            cJSON_AddStringToObject(hash, "value", digest);
            cJSON *signature = cJSON_AddObjectToObject(spec, "signature");
            cJSON_AddStringToObject(signature, "content", sig);
            cJSON_AddStringToObject(cJSON_AddObjectToObject(signature, "publicKey"), "content", signer);
            cJSON_AddStringToObject(body, "kind", "hashedrekord");
            free(digest);
        } else {
            char *digest = hex(payload_hash, 32);
            cJSON *hash = cJSON_AddObjectToObject(spec, "payloadHash");
            cJSON_AddStringToObject(hash, "algorithm", "sha256");
            cJSON_AddStringToObject(hash, "value", digest);
            cJSON *one = cJSON_CreateObject();
            cJSON_AddStringToObject(one, "signature", sig);
            cJSON_AddStringToObject(one, "verifier", signer);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "signatures"), one);
            cJSON_AddStringToObject(body, "kind", "dsse");
            free(digest);
        }
        free(signer);
    } else if (strcmp(v2_kind, "dsse") == 0) {
        cJSON *inner = cJSON_AddObjectToObject(spec, "dsseV002");
        cJSON *hash = cJSON_AddObjectToObject(inner, "payloadHash");
        cJSON_AddStringToObject(hash, "algorithm", "SHA2_256");
        add_b64(hash, "digest", payload_hash, 32);
        cJSON *one = cJSON_CreateObject();
        cJSON_AddStringToObject(one, "content", sig);
        cJSON_AddItemToObject(one, "verifier", verifier(o));
        cJSON_AddItemToArray(cJSON_AddArrayToObject(inner, "signatures"), one);
        cJSON_AddStringToObject(body, "apiVersion", "0.0.2");
        cJSON_AddStringToObject(body, "kind", "dsse");
    } else {
        cJSON *inner = cJSON_AddObjectToObject(spec, "hashedRekordV002");
        cJSON *data = cJSON_AddObjectToObject(inner, "data");
        cJSON_AddStringToObject(data, "algorithm", "SHA2_256");
        add_b64(data, "digest", s->payload != NULL ? s->pae_digest : s->digest, 32);
        cJSON *signature = cJSON_AddObjectToObject(inner, "signature");
        cJSON_AddStringToObject(signature, "content", sig);
        cJSON_AddItemToObject(signature, "verifier", verifier(o));
        cJSON_AddStringToObject(body, "apiVersion", "0.0.2");
        cJSON_AddStringToObject(body, "kind", "hashedrekord");
    }
    cJSON_AddItemToObject(body, "spec", spec);
    free(sig);
    char *text = cJSON_PrintUnformatted(body);
    CHECK(text != NULL);
    cJSON_Delete(body);
    return text;
}

/* A checkpoint of the log for a tree of one leaf, signed by the log's key (a C2SP signed note). */
static char *checkpoint(pki *p, const unsigned char root[32], bool v2)
{
    char *root_b64 = b64(root, 32), text[512];
    snprintf(text, sizeof text, "%s%s\n1\n%s\n", rekor_host, v2 ? "" : " - 1", root_b64);
    free(root_b64);
    size_t sig_len = 0;
    unsigned char *sig = sign(p->rekor_key, text, strlen(text), &sig_len);
    int len = 0;
    unsigned char *der = spki_der(p->rekor_key, &len), key_id[32];
    sha256(der, (size_t)len, key_id);
    OPENSSL_free(der);
    unsigned char *hint_sig = malloc(4 + sig_len);
    CHECK(hint_sig != NULL);
    memcpy(hint_sig, key_id, 4);
    memcpy(hint_sig + 4, sig, sig_len);
    char *line = b64(hint_sig, 4 + sig_len);
    size_t n = strlen(text) + strlen(rekor_host) + strlen(line) + 16;
    char *out = malloc(n);
    CHECK(out != NULL);
    snprintf(out, n, "%s\n\xe2\x80\x94 %s %s\n", text, rekor_host, line);
    free(line);
    free(hint_sig);
    free(sig);
    return out;
}

static cJSON *tlog_entry(pki *p, const pki_bundle_opts *o, const signed_content *s)
{
    bool v2 = o->tlog == PKI_TLOG_V2;
    const char *v2_kind = o->v2_kind != NULL ? o->v2_kind : "hashedrekord";
    char *body = entry_body(o, s, v2, v2_kind);
    int64_t integrated = o->integrated_time != 0 ? o->integrated_time : PKI_T0;
    int len = 0;
    unsigned char *der = spki_der(p->rekor_key, &len), key_id[32];
    sha256(der, (size_t)len, key_id);
    OPENSSL_free(der);

    cJSON *e = cJSON_CreateObject();
    CHECK(e != NULL);
    cJSON_AddStringToObject(e, "logIndex", "0");
    add_b64(cJSON_AddObjectToObject(e, "logId"), "keyId", key_id, 32);
    cJSON *kv = cJSON_AddObjectToObject(e, "kindVersion");
    cJSON *parsed = cJSON_Parse(body);
    cJSON_AddStringToObject(kv, "kind", cJSON_GetObjectItem(parsed, "kind")->valuestring);
    cJSON_AddStringToObject(kv, "version", cJSON_GetObjectItem(parsed, "apiVersion")->valuestring);
    cJSON_Delete(parsed);
    char *body_b64 = b64(body, strlen(body));
    if (!v2) {
        char number[32], set_text[4096];
        snprintf(number, sizeof number, "%lld", (long long)integrated);
        cJSON_AddStringToObject(e, "integratedTime", number);
        char *id_hex = hex(key_id, 32);
        CHECK((size_t)snprintf(set_text, sizeof set_text,
                               "{\"body\":\"%s\",\"integratedTime\":%lld,\"logID\":\"%s\",\"logIndex\":0}", body_b64,
                               (long long)integrated, id_hex) < sizeof set_text);
        free(id_hex);
        size_t sig_len = 0;
        unsigned char *set = sign(p->rekor_key, set_text, strlen(set_text), &sig_len);
        add_b64(cJSON_AddObjectToObject(e, "inclusionPromise"), "signedEntryTimestamp", set, sig_len);
        free(set);
    }
    /* a tree of one leaf: the root is the leaf's hash, the audit path empty */
    unsigned char *leaf_input = malloc(strlen(body) + 1), root[32];
    CHECK(leaf_input != NULL);
    leaf_input[0] = 0;
    memcpy(leaf_input + 1, body, strlen(body));
    sha256(leaf_input, strlen(body) + 1, root);
    free(leaf_input);
    cJSON *proof = cJSON_AddObjectToObject(e, "inclusionProof");
    cJSON_AddStringToObject(proof, "logIndex", "0");
    add_b64(proof, "rootHash", root, 32);
    cJSON_AddStringToObject(proof, "treeSize", "1");
    cJSON_AddArrayToObject(proof, "hashes");
    char *cp = checkpoint(p, root, v2);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(proof, "checkpoint"), "envelope", cp);
    free(cp);
    cJSON_AddStringToObject(e, "canonicalizedBody", body_b64);
    free(body_b64);
    free(body);
    return e;
}

/* ---- timestamps ------------------------------------------------------------------------------ */

static int fixed_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
    (void)ctx;
    *sec = (long)*(const int64_t *)data;
    *usec = 0;
    return 1;
}

/* Tampers with a response as `fault` (PKI_STAMP_*) says; the token's signer info keeps its key for signing again. */
static void tamper(TS_RESP *resp, int fault)
{
    PKCS7 *token = TS_RESP_get_token(resp);
    PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(token), 0);
    if (fault == PKI_STAMP_CONTENT) {
        ASN1_OCTET_STRING *os = token->d.sign->contents->d.other->value.octet_string;
        const unsigned char *q = os->data;
        TS_TST_INFO *info = d2i_TS_TST_INFO(NULL, &q, os->length);
        ASN1_INTEGER *serial = ASN1_INTEGER_new();
        CHECK(info != NULL && serial != NULL && ASN1_INTEGER_set(serial, 424242) == 1 &&
              TS_TST_INFO_set_serial(info, serial) == 1);
        unsigned char *der = NULL;
        int n = i2d_TS_TST_INFO(info, &der);
        CHECK(n > 0 && ASN1_OCTET_STRING_set(os, der, n) == 1);
        OPENSSL_free(der);
        ASN1_INTEGER_free(serial);
        TS_TST_INFO_free(info);
    } else if (fault == PKI_STAMP_NO_ESS || fault == PKI_STAMP_CONTENT_TYPE) {
        if (fault == PKI_STAMP_NO_ESS) {
            int nids[] = {NID_id_smime_aa_signingCertificate, NID_id_smime_aa_signingCertificateV2};
            for (size_t i = 0; i < 2; i++) {
                int at = X509at_get_attr_by_NID(si->auth_attr, nids[i], -1);
                if (at >= 0)
                    X509_ATTRIBUTE_free(X509at_delete_attr(si->auth_attr, at));
            }
        } else {
            CHECK(PKCS7_add_signed_attribute(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data)) == 1);
        }
        CHECK(PKCS7_SIGNER_INFO_sign(si) == 1);
    } else if (fault == PKI_STAMP_REJECTED) {
        ASN1_INTEGER *status = (ASN1_INTEGER *)TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp));
        CHECK(status != NULL && ASN1_INTEGER_set(status, TS_STATUS_REJECTION) == 1);
    }
}

/* A TimeStampResp from the PKI's TSA over the SHA-256 of `data`, at time `at`, tampered with as `fault` says. */
static unsigned char *timestamp(pki *p, const unsigned char *data, size_t len, int64_t at, int fault, int *der_len)
{
    unsigned char digest[32];
    sha256(data, len, digest);
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    CHECK(req != NULL && imprint != NULL && alg != NULL && TS_REQ_set_version(req, 1) == 1);
    CHECK(X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) == 1);
    CHECK(TS_MSG_IMPRINT_set_algo(imprint, alg) == 1 && TS_MSG_IMPRINT_set_msg(imprint, digest, 32) == 1);
    CHECK(TS_REQ_set_msg_imprint(req, imprint) == 1 && TS_REQ_set_cert_req(req, 1) == 1);
    BIO *in = BIO_new(BIO_s_mem());
    CHECK(in != NULL && i2d_TS_REQ_bio(in, req) == 1);
    TS_RESP_CTX *ctx = TS_RESP_CTX_new();
    ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.57264.99.1", 1);
    CHECK(ctx != NULL && policy != NULL);
    X509 *signer = p->tsa;
    EVP_PKEY *signer_key = p->tsa_key;
    if (fault == PKI_STAMP_FORGED) {
        /* the TSA's certificate, issuer and serial and all, holding the attacker's key and signed by it */
        signer_key = pki_key("P-256");
        signer = X509_dup(p->tsa);
        CHECK(signer != NULL && X509_set_pubkey(signer, signer_key) == 1 && X509_sign(signer, signer_key, EVP_sha256()) > 0);
    }
    CHECK(TS_RESP_CTX_set_signer_cert(ctx, signer) == 1 && TS_RESP_CTX_set_signer_key(ctx, signer_key) == 1);
    CHECK(TS_RESP_CTX_set_def_policy(ctx, policy) == 1 && TS_RESP_CTX_add_md(ctx, EVP_sha256()) == 1);
    CHECK(TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256()) == 1);
    TS_RESP_CTX_set_time_cb(ctx, fixed_time, &at);
    TS_RESP *resp = TS_RESP_create_response(ctx, in);
    CHECK(resp != NULL && ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))) == 0);
    tamper(resp, fault);
    if (signer != p->tsa) {
        X509_free(signer);
        EVP_PKEY_free(signer_key);
    }
    unsigned char *der = NULL;
    *der_len = i2d_TS_RESP(resp, &der);
    CHECK(*der_len > 0);
    TS_RESP_free(resp);
    TS_RESP_CTX_free(ctx);
    ASN1_OBJECT_free(policy);
    BIO_free(in);
    TS_REQ_free(req);
    TS_MSG_IMPRINT_free(imprint);
    X509_ALGOR_free(alg);
    return der;
}

/* ---- bundles ---------------------------------------------------------------------------------- */

char *pki_bundle(pki *p, const pki_bundle_opts *o)
{
    const unsigned char *artifact = o->artifact != NULL ? o->artifact : (const void *)pki_artifact;
    size_t artifact_len = o->artifact != NULL ? o->artifact_len : pki_artifact_len;
    signed_content s = {0};
    sha256(artifact, artifact_len, s.digest);
    cJSON *bundle = cJSON_CreateObject(), *material = cJSON_CreateObject();
    CHECK(bundle != NULL && material != NULL);
    cJSON_AddStringToObject(bundle, "mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    if (o->dsse) {
        char *digest = hex(s.digest, 32), statement[512];
        snprintf(statement, sizeof statement,
                 "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"hello.txt\",\"digest\":"
                 "{\"sha256\":\"%s\"}}],\"predicateType\":\"https://example.com/test/v1\",\"predicate\":{}}",
                 digest);
        free(digest);
        s.payload = strdup(statement);
        s.payload_type = "application/vnd.in-toto+json";
        char pae[1024];
        int n = snprintf(pae, sizeof pae, "DSSEv1 %zu %s %zu %s", strlen(s.payload_type), s.payload_type,
                         strlen(s.payload), s.payload);
        sha256(pae, (size_t)n, s.pae_digest);
        s.sig = sign(o->key, pae, (size_t)n, &s.sig_len);
    } else {
        s.sig = sign(o->key, artifact, artifact_len, &s.sig_len);
    }

    if (o->leaf != NULL) {
        int len = 0;
        unsigned char *der = cert_der(o->leaf, &len);
        add_b64(cJSON_AddObjectToObject(material, "certificate"), "rawBytes", der, (size_t)len);
        OPENSSL_free(der);
    } else {
        cJSON_AddStringToObject(cJSON_AddObjectToObject(material, "publicKey"), "hint", "test-key");
    }
    cJSON *entries = cJSON_AddArrayToObject(material, "tlogEntries");
    int tlog = o->tlog != 0 ? o->tlog : PKI_TLOG_V1;
    if (tlog > 0) {
        pki_bundle_opts with = *o;
        with.tlog = tlog;
        cJSON_AddItemToArray(entries, tlog_entry(p, &with, &s));
    }
    if (o->timestamp) {
        int len = 0;
        unsigned char *der = timestamp(p, s.sig, s.sig_len, o->stamp_time != 0 ? o->stamp_time : PKI_T0, o->stamp_fault, &len);
        cJSON *stamp = cJSON_CreateObject();
        add_b64(stamp, "signedTimestamp", der, (size_t)len);
        OPENSSL_free(der);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(material, "timestampVerificationData"),
                                                    "rfc3161Timestamps"),
                             stamp);
    }
    cJSON_AddItemToObject(bundle, "verificationMaterial", material);
    if (o->dsse) {
        cJSON *env = cJSON_AddObjectToObject(bundle, "dsseEnvelope");
        add_b64(env, "payload", s.payload, strlen(s.payload));
        cJSON_AddStringToObject(env, "payloadType", s.payload_type);
        cJSON *one = cJSON_CreateObject();
        add_b64(one, "sig", s.sig, s.sig_len);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(env, "signatures"), one);
    } else {
        cJSON *message = cJSON_AddObjectToObject(bundle, "messageSignature");
        cJSON *digest = cJSON_AddObjectToObject(message, "messageDigest");
        cJSON_AddStringToObject(digest, "algorithm", "SHA2_256");
        add_b64(digest, "digest", s.digest, 32);
        add_b64(message, "signature", s.sig, s.sig_len);
    }
    char *text = cJSON_PrintUnformatted(bundle);
    CHECK(text != NULL);
    cJSON_Delete(bundle);
    free(s.sig);
    free(s.payload);
    return text;
}

/*
 * Certificates: what a Fulcio leaf says (its identity, its extensions, its
 * validity) and whether it chains to a trusted authority at a time.
 * OpenSSL parses and verifies every structure. The embedded SCTs are
 * sct.c's.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/ct.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "x509.h"

static ssri_time time_of(const ASN1_TIME *t)
{
    struct tm tm;
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
        return (ssri_time){0};
    return (ssri_time){.sec = (int64_t)timegm(&tm)};
}

void ssri_x509_validity(const X509 *cert, ssri_time *not_before, ssri_time *not_after)
{
    *not_before = time_of(X509_get0_notBefore(cert));
    *not_after = time_of(X509_get0_notAfter(cert));
}

bool ssri_x509_valid_at(const X509 *cert, ssri_time t)
{
    ssri_time nb, na;
    ssri_x509_validity(cert, &nb, &na);
    return ssri_time_cmp(t, nb) >= 0 && ssri_time_cmp(t, na) <= 0;
}

/* ---- identity and extensions ------------------------------------------------ */

/* Fulcio's otherName for usernames (1.3.6.1.4.1.57264.1.7): the one otherName that is an identity. */
static bool is_fulcio_username(const ASN1_OBJECT *type)
{
    static const unsigned char der[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x07};
    return type != NULL && OBJ_length(type) == sizeof der && memcmp(OBJ_get0_data(type), der, sizeof der) == 0;
}

bool ssri_x509_unique_extensions(const X509 *cert)
{
    int n = X509_get_ext_count(cert);
    for (int i = 0; i < n; i++) {
        const ASN1_OBJECT *a = X509_EXTENSION_get_object(X509_get_ext(cert, i));
        for (int j = i + 1; j < n; j++)
            if (OBJ_cmp(a, X509_EXTENSION_get_object(X509_get_ext(cert, j))) == 0)
                return false;
    }
    return true;
}

int ssri_x509_identity(X509 *cert, char **identity, const char **kind)
{
    *identity = NULL;
    *kind = NULL;
    GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    int status = SSR_EINVALID;
    if (names != NULL && sk_GENERAL_NAME_num(names) == 1) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, 0);
        const ASN1_STRING *value = NULL;
        if (name->type == GEN_URI) {
            value = name->d.uniformResourceIdentifier;
            *kind = "uri";
        } else if (name->type == GEN_EMAIL) {
            value = name->d.rfc822Name;
            *kind = "email";
        } else if (name->type == GEN_OTHERNAME && name->d.otherName->value->type == V_ASN1_UTF8STRING &&
                   is_fulcio_username(name->d.otherName->type_id)) {
            value = name->d.otherName->value->value.utf8string;
            *kind = "other";
        }
        int n = value != NULL ? ASN1_STRING_length(value) : -1;
        const unsigned char *bytes = value != NULL ? ASN1_STRING_get0_data(value) : NULL;
        if (n > 0 && memchr(bytes, 0, (size_t)n) == NULL) {
            *identity = ssri_strndup((const char *)bytes, (size_t)n);
            status = *identity != NULL ? SSR_OK : SSR_ENOMEM;
        }
    }
    GENERAL_NAMES_free(names);
    return status;
}

/*
 * The Fulcio extensions (OID 1.3.6.1.4.1.57264.1.N) by N and name. Those
 * from 8 on hold a DER UTF8String; the deprecated ones (1 to 6) the raw
 * bytes of the value.
 */
static const struct fulcio_extension {
    int n;
    const char *name;
    bool der;
} fulcio[] = {
    {1, "issuer-v1", false},
    {2, "github-workflow-trigger", false},
    {3, "github-workflow-sha", false},
    {4, "github-workflow-name", false},
    {5, "github-workflow-repository", false},
    {6, "github-workflow-ref", false},
    {8, "issuer", true},
    {9, "build-signer-uri", true},
    {10, "build-signer-digest", true},
    {11, "runner-environment", true},
    {12, "source-repository-uri", true},
    {13, "source-repository-digest", true},
    {14, "source-repository-ref", true},
    {15, "source-repository-identifier", true},
    {16, "source-repository-owner-uri", true},
    {17, "source-repository-owner-identifier", true},
    {18, "build-config-uri", true},
    {19, "build-config-digest", true},
    {20, "build-trigger", true},
    {21, "run-invocation-uri", true},
    {22, "source-repository-visibility-at-signing", true},
};

size_t ssri_fulcio_extension_count(void)
{
    return SSRI_ARRAY_LEN(fulcio);
}

const char *ssri_fulcio_extension_name(size_t i)
{
    return i < SSRI_ARRAY_LEN(fulcio) ? fulcio[i].name : NULL;
}

bool ssri_fulcio_extension_known(const char *name)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(fulcio); i++)
        if (strcmp(fulcio[i].name, name) == 0)
            return true;
    return false;
}

/* The extensions' OIDs as objects, made once (OBJ_txt2obj parses text each time). */
static ASN1_OBJECT *fulcio_objects[SSRI_ARRAY_LEN(fulcio)];
static pthread_once_t fulcio_once = PTHREAD_ONCE_INIT;

static void make_objects(void)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(fulcio); i++) {
        char oid[64];
        snprintf(oid, sizeof oid, "1.3.6.1.4.1.57264.1.%d", fulcio[i].n);
        fulcio_objects[i] = OBJ_txt2obj(oid, 1);
    }
}

/*
 * The value of the i-th Fulcio extension; NULL when absent. A value that
 * is present but not what the extension holds (not one whole DER
 * UTF8String, or a NUL inside) is *status SSR_EINVALID: read as absent,
 * it would let another extension decide (1.1 for a broken 1.8).
 */
static char *extension_value(X509 *cert, size_t i, bool der, int *status)
{
    if (pthread_once(&fulcio_once, make_objects) != 0 || fulcio_objects[i] == NULL) {
        *status = SSR_ENOMEM;
        return NULL;
    }
    int at = X509_get_ext_by_OBJ(cert, fulcio_objects[i], -1);
    if (at < 0)
        return NULL;
    const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(X509_get_ext(cert, at));
    const unsigned char *p = ASN1_STRING_get0_data(data);
    int n = ASN1_STRING_length(data);
    char *out = NULL;
    if (der) {
        const unsigned char *start = p;
        ASN1_UTF8STRING *s = d2i_ASN1_UTF8STRING(NULL, &p, n);
        if (s == NULL || p != start + n || memchr(ASN1_STRING_get0_data(s), 0, (size_t)ASN1_STRING_length(s)) != NULL)
            *status = SSR_EINVALID;
        else if ((out = ssri_strndup((const char *)ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s))) == NULL)
            *status = SSR_ENOMEM;
        ASN1_UTF8STRING_free(s);
    } else if (n < 0 || memchr(p, 0, (size_t)n) != NULL) {
        *status = SSR_EINVALID;
    } else if ((out = ssri_strndup((const char *)p, (size_t)n)) == NULL) {
        *status = SSR_ENOMEM;
    }
    return out;
}

int ssri_x509_extensions(X509 *cert, ssri_extension **out, size_t *count, const char **malformed)
{
    *out = ssri_malloc(SSRI_ARRAY_LEN(fulcio) * sizeof **out);
    *count = 0;
    *malformed = NULL;
    if (*out == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(fulcio) && status == SSR_OK; i++) {
        char *value = extension_value(cert, i, fulcio[i].der, &status);
        if (value != NULL)
            (*out)[(*count)++] = (ssri_extension){fulcio[i].name, value};
        if (status == SSR_EINVALID)
            *malformed = fulcio[i].name;
    }
    return status;
}

bool ssri_x509_code_signing(X509 *cert)
{
    /* OpenSSL reports every key usage bit for a certificate without the extension: require the extension */
    uint32_t flags = X509_get_extension_flags(cert);
    uint32_t ku = X509_get_key_usage(cert), xku = X509_get_extended_key_usage(cert);
    return (flags & EXFLAG_CA) == 0 && (flags & EXFLAG_KUSAGE) != 0 && (ku & KU_DIGITAL_SIGNATURE) != 0 &&
           (flags & EXFLAG_XKUSAGE) != 0 && (xku & XKU_CODE_SIGN) != 0;
}

bool ssri_x509_self_signed(X509 *cert)
{
    return X509_check_issued(cert, cert) == X509_V_OK;
}

/* ---- chains ------------------------------------------------------------------ */

/* OpenSSL's whole path validation at each time, one issuer at all of them: its key's hash into issuer_hash. */
static int chain_verify_whole(const ssri_authority *a, X509 *leaf, const ssri_time *times, size_t count,
                              unsigned char issuer_hash[32])
{
    X509 *issuer = NULL;
    int status = SSR_OK;
    for (size_t i = 0; i < count && status == SSR_OK; i++) {
        X509 *got = NULL;
        status = ssri_chain_verify(a, leaf, times[i], &got);
        if (status == SSR_OK && (got == NULL || (issuer != NULL && X509_cmp(got, issuer) != 0)))
            status = SSR_EVERIFY; /* a chain of its own at each time: no one issuer to name the SCT's */
        if (issuer == NULL) {
            issuer = got;
            got = NULL;
        }
        X509_free(got);
    }
    if (status == SSR_OK)
        status = ssri_issuer_key_hash(issuer, issuer_hash);
    X509_free(issuer);
    return status;
}

int ssri_chain_verify_at(const ssri_authority *a, X509 *leaf, const unsigned char *der, size_t der_len,
                         const ssri_time *times, size_t count, unsigned char issuer_hash[32])
{
    /* the authority's own window first, whichever way the chain is checked */
    for (size_t i = 0; i < count; i++)
        if (!ssri_window_contains(&a->window, times[i]))
            return SSR_EVERIFY;
    if (count == 0)
        return SSR_EVERIFY;
    /*
     * The fast path is a shortcut for the usual leaf, issued by the chain's
     * first certificate of a chain that verified once; anything else (a
     * leaf issued higher up, a chain that did not verify at one time) gets
     * OpenSSL's whole path validation.
     */
    X509 *issuer = sk_X509_value(a->certs, 0);
    if (!a->chain_ok || X509_check_issued(issuer, leaf) != X509_V_OK) {
        /* OpenSSL's path validation gets the leaf as the default context reads it, its key decoded */
        X509 *full = ssri_x509_parse(der, der_len);
        int status = full != NULL ? chain_verify_whole(a, full, times, count, issuer_hash) : SSR_EVERIFY;
        X509_free(full);
        return status;
    }
    if ((X509_get_extension_flags(leaf) & (EXFLAG_CRITICAL | EXFLAG_INVALID)) != 0)
        return SSR_EVERIFY;
    for (size_t i = 0; i < count; i++)
        if (ssri_time_cmp(times[i], a->chain_from) < 0 || ssri_time_cmp(times[i], a->chain_until) > 0 ||
            !ssri_x509_valid_at(leaf, times[i]))
            return SSR_EVERIFY;
    int status = a->first_key != NULL ? ssri_x509_signed_by(leaf, der, der_len, a->first_key) : SSR_EINVALID;
    if (status == SSR_EINVALID) {
        EVP_PKEY *key = X509_get0_pubkey(issuer);
        status = key != NULL && X509_verify(leaf, key) == 1 ? SSR_OK : SSR_EVERIFY;
    }
    if (status != SSR_OK)
        return status;
    memcpy(issuer_hash, a->issuer_key_hash, 32);
    return SSR_OK;
}

int ssri_x509_signed_by(X509 *cert, const unsigned char *der, size_t der_len, const ssr_public_key *key)
{
    const ASN1_BIT_STRING *sig = NULL;
    const X509_ALGOR *alg = NULL;
    X509_get0_signature(&sig, &alg, cert);
    if (sig == NULL || alg == NULL || X509_ALGOR_cmp(alg, X509_get0_tbs_sigalg(cert)) != 0)
        return SSR_EVERIFY;
    const EVP_MD *md = NULL;
    switch (OBJ_obj2nid(alg->algorithm)) {
    case NID_ecdsa_with_SHA256: md = EVP_sha256(); break;
    case NID_ecdsa_with_SHA384: md = EVP_sha384(); break;
    case NID_ecdsa_with_SHA512: md = EVP_sha512(); break;
    default: return SSR_EINVALID;
    }
    if (key->type != SSR_KEY_ECDSA_P256 && key->type != SSR_KEY_ECDSA_P384)
        return SSR_EVERIFY; /* an ECDSA signature, a key of another kind */
    /* a signature is whole bytes (OpenSSL refuses unused bits the same way) */
    if ((sig->flags & ASN1_STRING_FLAG_BITS_LEFT) != 0 && (sig->flags & 0x07) != 0)
        return SSR_EVERIFY;
    /* Certificate ::= SEQUENCE { tbsCertificate, ... }: the TBSCertificate is the first element, header and all */
    const unsigned char *p = der;
    long len = 0;
    int tag = 0, cls = 0;
    if ((ASN1_get_object(&p, &len, &tag, &cls, (long)der_len) & 0x80) != 0 || tag != V_ASN1_SEQUENCE)
        return SSR_EVERIFY;
    const unsigned char *tbs = p;
    if ((ASN1_get_object(&p, &len, &tag, &cls, (long)(der + der_len - p)) & 0x80) != 0 || tag != V_ASN1_SEQUENCE)
        return SSR_EVERIFY;
    size_t tbs_len = (size_t)(p - tbs) + (size_t)len;
    ssri_sig_params params = {.md = md};
    return ssri_verify_message(key, &params, tbs, tbs_len, sig->data, (size_t)sig->length);
}

int ssri_chain_verify(const ssri_authority *a, X509 *leaf, ssri_time at, X509 **issuer)
{
    *issuer = NULL;
    int n = sk_X509_num(a->certs);
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (untrusted == NULL || ctx == NULL) {
        sk_X509_free(untrusted);
        X509_STORE_CTX_free(ctx);
        return SSR_ENOMEM;
    }
    for (int i = 0; i + 1 < n; i++)
        sk_X509_push(untrusted, sk_X509_value(a->certs, i));
    int status = SSR_ENOMEM;
    if (X509_STORE_CTX_init(ctx, a->store, leaf, untrusted) == 1) {
        /*
         * Windows by hand, inclusive at both ends as RFC 5280 4.1.2.5 says:
         * OpenSSL counts a certificate expired at its notAfter second
         * itself, which the fast path (and Go's crypto/x509) does not.
         */
        X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
        int ok = X509_verify_cert(ctx);
        STACK_OF(X509) *chain = ok == 1 ? X509_STORE_CTX_get0_chain(ctx) : NULL;
        for (int i = 0; chain != NULL && i < sk_X509_num(chain) && ok == 1; i++)
            ok = ssri_x509_valid_at(sk_X509_value(chain, i), at);
        status = ok == 1 ? SSR_OK : SSR_EVERIFY;
        if (ok == 1 && sk_X509_num(chain) >= 2) {
            *issuer = sk_X509_value(chain, 1);
            X509_up_ref(*issuer);
        }
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted); /* the certificates belong to the authority */
    return status;
}

static int key_of_pkey(EVP_PKEY *pkey, ssr_public_key **key);

/*
 * The key of a leaf read by ssri_x509_parse_leaf (not decoded): a P-256
 * or P-384 point goes to the signature backend as it is; any other key
 * OpenSSL decodes from the SubjectPublicKeyInfo's DER, as it would have.
 */
static int key_of_spki(X509 *cert, ssr_public_key **key)
{
    X509_PUBKEY *spki = X509_get_X509_PUBKEY(cert);
    ASN1_OBJECT *oid = NULL;
    const unsigned char *point = NULL;
    int point_len = 0;
    X509_ALGOR *alg = NULL;
    if (spki == NULL || X509_PUBKEY_get0_param(&oid, &point, &point_len, &alg, spki) != 1)
        return SSR_EINVALID;
    if (OBJ_obj2nid(oid) == NID_X9_62_id_ecPublicKey) {
        int ptype = 0;
        const void *pval = NULL;
        X509_ALGOR_get0(NULL, &ptype, &pval, alg);
        int curve = ptype == V_ASN1_OBJECT ? OBJ_obj2nid(pval) : NID_undef;
        int type = curve == NID_X9_62_prime256v1 ? SSR_KEY_ECDSA_P256 : curve == NID_secp384r1 ? SSR_KEY_ECDSA_P384 : 0;
        if (type != 0)
            return ssri_public_key_from_point(type, point, (size_t)point_len, key);
    }
    unsigned char *der = NULL;
    int n = i2d_X509_PUBKEY(spki, &der);
    if (n <= 0)
        return SSR_ENOMEM;
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, n);
    OPENSSL_free(der);
    if (pkey == NULL)
        return SSR_EINVALID;
    int status = key_of_pkey(pkey, key);
    EVP_PKEY_free(pkey);
    return status;
}

int ssri_x509_key(X509 *cert, ssr_public_key **key)
{
    *key = NULL;
    EVP_PKEY *pkey = X509_get0_pubkey(cert);
    return pkey != NULL ? key_of_pkey(pkey, key) : key_of_spki(cert, key);
}

static int key_of_pkey(EVP_PKEY *pkey, ssr_public_key **key)
{
    if (EVP_PKEY_base_id(pkey) != EVP_PKEY_ED25519)
        return ssri_public_key_wrap(pkey, key); /* no id: a leaf's key is compared as the certificate it is in */
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(pkey, &der);
    if (n <= 0)
        return SSR_ENOMEM;
    int status = ssr_public_key_parse(der, (size_t)n, key);
    OPENSSL_free(der);
    return status;
}

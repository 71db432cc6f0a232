/*
 * Trusted roots: a valid sigstore-trusted-root document (lib/kinds/
 * trusted_root.c) turned into what verification consults, once: each
 * log's key and key id, each authority's certificate chain in an
 * X509_STORE that trusts its last certificate, every validFor window. A
 * root is read-only once built, so threads share it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "common/base64.h"
#include "schema/formats.h"
#include "kinds/kinds.h"
#include "schema/schema.h"
#include "verify.h"
#include "x509.h"

/* ---- building the root ------------------------------------------------------ */

static void window_of(const cJSON *valid_for, ssri_window *w)
{
    *w = (ssri_window){0};
    ssri_time_parse(ssri_get_string(valid_for, "start"), &w->start); /* required: the kind's rules checked it */
    w->has_end = ssri_time_parse(ssri_get_string(valid_for, "end"), &w->end);
}

/* Decodes a base64 member; SSR_EINVALID cannot happen on a validated root, SSR_ENOMEM can. */
static int decode(const cJSON *object, const char *name, unsigned char **out, size_t *len)
{
    const char *text = ssri_get_string(object, name);
    int status;
    *out = NULL;
    if (text == NULL || !ssri_base64_decode(text, strlen(text), out, len, &status))
        return text == NULL ? SSR_EINVALID : status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EINVALID;
    return SSR_OK;
}

/* The authority of a URL ("https://host[:port]/...": host[:port]), into a new string. */
static char *authority_of(const char *url)
{
    const char *p = strstr(url, "://");
    p = p != NULL ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    return ssri_strndup(p, n);
}

static int build_log(const cJSON *json, ssri_log *log)
{
    *log = (ssri_log){0};
    const char *url = ssri_get_string(json, "baseUrl");
    const cJSON *key = ssri_get(json, "publicKey");
    window_of(ssri_get(key, "validFor"), &log->window);
    unsigned char *id = NULL, *der = NULL;
    size_t id_len = 0, der_len = 0;
    int status = decode(ssri_get(json, "logId"), "keyId", &id, &id_len);
    if (status == SSR_OK && (log->base_url = ssri_strndup(url, strlen(url))) == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK && (log->authority = authority_of(url)) == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        log->key_id_len = id_len < sizeof log->key_id ? id_len : sizeof log->key_id;
        memcpy(log->key_id, id, log->key_id_len);
        status = decode(key, "rawBytes", &der, &der_len);
    }
    /* A key libssr cannot read (an unknown algorithm) leaves the log unusable, not the root. */
    if (status == SSR_OK) {
        int key_status = ssr_public_key_parse(der, der_len, &log->key);
        status = key_status == SSR_ENOMEM ? SSR_ENOMEM : SSR_OK;
    }
    ssri_free(id);
    ssri_free(der);
    return status;
}

static void release_log(ssri_log *log)
{
    ssri_free(log->base_url);
    ssri_free(log->authority);
    ssr_public_key_free(log->key);
}

X509 *ssri_x509_parse(const unsigned char *der, size_t len)
{
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)len);
    if (cert != NULL && p != der + len) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

/*
 * May a leaf be checked against this chain by its own link alone (the
 * fast path of ssri_chain_verify_at)? Only when nothing in the chain
 * constrains what lies below it beyond what that link checks: the first
 * certificate is a CA (basicConstraints), every path length admits the
 * intermediates below it and the leaf, and no certificate carries name
 * or policy constraints (those need OpenSSL's whole path validation,
 * which the other path runs per leaf).
 */
static bool fast_path_sound(const ssri_authority *a)
{
    static const int constraining[] = {NID_name_constraints, NID_policy_constraints, NID_inhibit_any_policy,
                                       NID_policy_mappings};
    int n = sk_X509_num(a->certs);
    if (n == 0 || (X509_get_extension_flags(sk_X509_value(a->certs, 0)) & EXFLAG_CA) == 0)
        return false;
    for (int i = 0; i < n; i++) {
        X509 *c = sk_X509_value(a->certs, i);
        long pathlen = X509_get_pathlen(c); /* -1: no limit */
        if (pathlen >= 0 && pathlen < i)    /* certificates 0..i-1 are intermediates below it */
            return false;
        for (size_t k = 0; k < SSRI_ARRAY_LEN(constraining); k++)
            if (X509_get_ext_by_NID(c, constraining[k], -1) >= 0)
                return false;
    }
    return true;
}

/*
 * OpenSSL's path validation of the chain's first certificate up to the
 * anchor, the certificates between as intermediates, times aside (the
 * windows are compared by hand, inclusive as RFC 5280 says, where
 * OpenSSL's end is exclusive), for `purpose` (0: none): *verified.
 * SSR_OK or SSR_ENOMEM.
 */
static int verify_first(const ssri_authority *a, int purpose, bool *verified)
{
    int n = sk_X509_num(a->certs);
    *verified = false;
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    int status = untrusted != NULL && ctx != NULL ? SSR_OK : SSR_ENOMEM;
    for (int i = 1; i + 1 < n && status == SSR_OK; i++)
        if (sk_X509_push(untrusted, sk_X509_value(a->certs, i)) == 0)
            status = SSR_ENOMEM;
    if (status == SSR_OK && X509_STORE_CTX_init(ctx, a->store, sk_X509_value(a->certs, 0), untrusted) != 1)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        if (purpose != 0)
            X509_STORE_CTX_set_purpose(ctx, purpose);
        X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
        *verified = X509_verify_cert(ctx) == 1;
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    return status;
}

/*
 * The work that depends on the root alone, done once: when every
 * certificate of the chain is valid, and whether the chain above the leaf
 * (the first certificate up to the anchor) verifies, by OpenSSL's path
 * validation at a time all of it is valid, with nothing in it that only a
 * whole path validation would enforce. A leaf then needs only its own
 * signature by the first certificate and the times checked; otherwise
 * each leaf gets OpenSSL's whole path validation at each signed time. The
 * certificates' extension caches are filled here, before threads share
 * them.
 */
static int precheck_chain(ssri_authority *a)
{
    int n = sk_X509_num(a->certs);
    a->chain_ok = false;
    for (int i = 0; i < n; i++) {
        X509 *c = sk_X509_value(a->certs, i);
        X509_check_purpose(c, -1, 0);
        (void)X509_get0_pubkey(c); /* decoded now: a lazy decode later would race between threads */
        ssri_time nb, na;
        ssri_x509_validity(c, &nb, &na);
        if (i == 0 || ssri_time_cmp(nb, a->chain_from) > 0)
            a->chain_from = nb;
        if (i == 0 || ssri_time_cmp(na, a->chain_until) < 0)
            a->chain_until = na;
    }
    if (n > 0 && ssri_issuer_key_hash(sk_X509_value(a->certs, 0), a->issuer_key_hash) != SSR_OK)
        return SSR_ENOMEM;
    if (ssri_time_cmp(a->chain_from, a->chain_until) > 0)
        return SSR_OK; /* never all valid at once: nothing chains to it */
    bool verified = false;
    int status = verify_first(a, 0, &verified);
    a->chain_ok = verified && fast_path_sound(a);
    return status;
}

/*
 * A timestamp authority's signer, its first certificate, checked once: its
 * whole chain to the anchor by OpenSSL's path validation for time-stamping
 * (the times aside: they are each token's). A token that this certificate
 * signed then needs its own signature checked against it alone, and the
 * chain's window at the token's time (tsa.c).
 */
static int precheck_signer(ssri_authority *a)
{
    int n = sk_X509_num(a->certs);
    a->signer_ok = false;
    if (n == 0 || ssri_time_cmp(a->chain_from, a->chain_until) > 0)
        return SSR_OK;
    return verify_first(a, X509_PURPOSE_TIMESTAMP_SIGN, &a->signer_ok);
}

/*
 * An authority's chain, in the root's order (each certificate's issuer is
 * the next), its last certificate the one trust anchor. SSR_EINVALID when
 * a certificate does not parse: a root with an unreadable authority is
 * refused rather than trusted in part.
 */
static int build_authority(const cJSON *json, ssri_authority *a)
{
    *a = (ssri_authority){0};
    window_of(ssri_get(json, "validFor"), &a->window);
    const char *uri = ssri_get_string(json, "uri");
    if (uri != NULL && (a->uri = ssri_strndup(uri, strlen(uri))) == NULL)
        return SSR_ENOMEM;
    a->certs = sk_X509_new_null();
    a->store = X509_STORE_new();
    if (a->certs == NULL || a->store == NULL)
        return SSR_ENOMEM;
    const cJSON *certs = ssri_get(ssri_get(json, "certChain"), "certificates");
    for (const cJSON *c = certs != NULL ? certs->child : NULL; c != NULL; c = c->next) {
        unsigned char *der = NULL;
        size_t len = 0;
        int status = decode(c, "rawBytes", &der, &len);
        if (status != SSR_OK)
            return status;
        X509 *cert = ssri_x509_parse(der, len);
        ssri_free(der);
        if (cert == NULL)
            return SSR_EINVALID;
        if (sk_X509_push(a->certs, cert) == 0) {
            X509_free(cert);
            return SSR_ENOMEM;
        }
    }
    /* the last certificate is the anchor even when it is not self-signed (protobuf-specs allows an intermediate) */
    int n = sk_X509_num(a->certs);
    if (n == 0 || X509_STORE_add_cert(a->store, sk_X509_value(a->certs, n - 1)) != 1 ||
        X509_STORE_set_flags(a->store, X509_V_FLAG_PARTIAL_CHAIN) != 1)
        return n == 0 ? SSR_EINVALID : SSR_ENOMEM;
    /* the key that signs leaves (a CA) or tokens (a TSA), ready for the signature backend */
    int status = ssri_x509_key(sk_X509_value(a->certs, 0), &a->first_key);
    if (ssri_call_failed(status))
        return status;
    return precheck_chain(a);
}

static void release_authority(ssri_authority *a)
{
    ssr_public_key_free(a->first_key);
    ssri_free(a->uri);
    sk_X509_pop_free(a->certs, X509_free);
    X509_STORE_free(a->store);
}

void ssr_trust_root_free(ssr_trust_root *root)
{
    if (root == NULL)
        return;
    for (size_t i = 0; i < root->tlog_count; i++)
        release_log(&root->tlogs[i]);
    for (size_t i = 0; i < root->ctlog_count; i++)
        release_log(&root->ctlogs[i]);
    for (size_t i = 0; i < root->ca_count; i++)
        release_authority(&root->cas[i]);
    for (size_t i = 0; i < root->tsa_count; i++)
        release_authority(&root->tsas[i]);
    ssri_free(root->tlogs);
    ssri_free(root->ctlogs);
    ssri_free(root->cas);
    ssri_free(root->tsas);
    ssri_free(root);
}

/* Builds one list of the root (logs or authorities) from its JSON array. */
static int build_logs(const cJSON *array, ssri_log **out, size_t *count)
{
    size_t n = (size_t)cJSON_GetArraySize(array);
    *out = ssri_malloc((n ? n : 1) * sizeof **out);
    if (*out == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    for (const cJSON *c = array != NULL ? array->child : NULL; c != NULL && status == SSR_OK; c = c->next) {
        status = build_log(c, &(*out)[*count]);
        (*count)++; /* counted even when it failed, so that it is released */
    }
    return status;
}

static int build_authorities(const cJSON *array, bool timestamping, ssri_authority **out, size_t *count)
{
    size_t n = (size_t)cJSON_GetArraySize(array);
    *out = ssri_malloc((n ? n : 1) * sizeof **out);
    if (*out == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    for (const cJSON *c = array != NULL ? array->child : NULL; c != NULL && status == SSR_OK; c = c->next) {
        status = build_authority(c, &(*out)[*count]);
        if (status == SSR_OK && timestamping)
            status = precheck_signer(&(*out)[*count]);
        (*count)++;
    }
    return status;
}

int ssr_trust_root_parse(const void *data, size_t len, ssr_trust_root **root, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(root);
    SSRI_RESET(report);
    if (root == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssri_validate(data, len, SSR_KIND_SIGSTORE_TRUSTED_ROOT, NULL, false, &doc, &r);
    if (status != SSR_OK)
        return status;
    if (!ssr_report_valid(r)) {
        ssr_doc_free(doc);
        ssri_report_hand_over(r, true, report);
        return SSR_EINVALID;
    }
    ssr_trust_root *t = ssri_malloc(sizeof *t);
    if (t == NULL) {
        ssr_doc_free(doc);
        ssr_report_free(r);
        return SSR_ENOMEM;
    }
    *t = (ssr_trust_root){0};
    const cJSON *json = doc->root;
    status = build_logs(ssri_get(json, "tlogs"), &t->tlogs, &t->tlog_count);
    if (status == SSR_OK)
        status = build_logs(ssri_get(json, "ctlogs"), &t->ctlogs, &t->ctlog_count);
    if (status == SSR_OK)
        status = build_authorities(ssri_get(json, "certificateAuthorities"), false, &t->cas, &t->ca_count);
    if (status == SSR_OK)
        status = build_authorities(ssri_get(json, "timestampAuthorities"), true, &t->tsas, &t->tsa_count);
    if (status == SSR_EINVALID) {
        /* the shape held but a certificate did not parse: say so in the report */
        status = ssri_report_add(r, SSR_SEVERITY_ERROR, "sigstore-trusted-root.certificate.der", "", data, len, 0,
                                 "Expected every certificate of every authority to be DER X.509, found one that is "
                                 "not.");
        if (status == SSR_OK)
            status = SSR_EINVALID;
    }
    ssr_doc_free(doc);
    if (status != SSR_OK) {
        ssr_trust_root_free(t);
        ssri_report_hand_over(r, status == SSR_EINVALID, report);
        return status;
    }
    ssr_report_free(r);
    *root = t;
    return SSR_OK;
}

const ssri_log *ssri_find_log(const ssri_log *logs, size_t count, const unsigned char *id, size_t len)
{
    for (size_t i = 0; i < count; i++)
        if (logs[i].key_id_len == len && memcmp(logs[i].key_id, id, len) == 0)
            return &logs[i];
    return NULL;
}

/* ---- the roots libssr carries ------------------------------------------------ */

extern const unsigned char ssri_trust_public_good[], ssri_trust_staging[];
extern const size_t ssri_trust_public_good_len, ssri_trust_staging_len;

int ssr_trust_root_load(int instance, ssr_trust_root **root)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(root);
    if (root == NULL || (instance != SSR_TRUST_PUBLIC_GOOD && instance != SSR_TRUST_STAGING))
        return SSR_EINVAL;
    const unsigned char *data = instance == SSR_TRUST_PUBLIC_GOOD ? ssri_trust_public_good : ssri_trust_staging;
    size_t len = instance == SSR_TRUST_PUBLIC_GOOD ? ssri_trust_public_good_len : ssri_trust_staging_len;
    int status = ssr_trust_root_parse(data, len, root, NULL);
    return status == SSR_EINVALID ? SSR_EINVAL : status; /* cannot happen: the tests parse both */
}

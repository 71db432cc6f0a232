/*
 * The npm registry's attestations of a package version, as npm checks
 * them on install: each attestation is a Sigstore bundle holding a DSSE
 * envelope; one whose signature names a keyid is the registry's publish
 * attestation, signed by that registry key (which must be in the keys
 * given and valid at the signed time); one without is keyless (Fulcio),
 * its identity returned, not judged: npm applies no identity policy. The
 * first subject of every statement names the package's PURL and carries
 * the tarball's sha512.
 */
#include <stdio.h>
#include <string.h>

#include "common/base64.h"
#include "kinds/kinds.h"
#include "schema/schema.h"
#include "verify.h"

typedef struct npm_key {
    char *keyid;
    ssr_public_key *key;
    ssri_window window;
    bool end_exclusive; /* the registry's "expires": the key is expired at that instant */
} npm_key;

typedef struct npm_keys {
    npm_key *items;
    size_t count;
} npm_keys;

static void keys_release(npm_keys *k)
{
    for (size_t i = 0; i < k->count; i++) {
        ssr_public_key_free(k->items[i].key);
        ssri_free(k->items[i].keyid);
    }
    ssri_free(k->items);
}

/*
 * Reads the keys: the registry's GET /-/npm/v1/keys response
 * ({keys: [{keyid, key, expires}]}) or the TUF-distributed keys.json
 * ({keys: [{keyId, keyUsage, publicKey: {rawBytes, validFor}}]}, only its
 * npm:attestations keys). SSR_EINVALID with a diagnostic when it is
 * neither.
 */
static int read_keys(const cJSON *root, npm_keys *out, ssr_report *r, const char *src, size_t len)
{
    const cJSON *keys = ssri_get(root, "keys");
    *out = (npm_keys){0};
    if (!cJSON_IsArray(keys)) {
        int status = ssri_report_add(r, SSR_SEVERITY_ERROR, "verify.npm.keys", "", src, len, 0,
                                     "Expected the registry's keys ({\"keys\": [...]}), found another document.");
        return status == SSR_OK ? SSR_EINVALID : status;
    }
    int n = cJSON_GetArraySize(keys);
    out->items = ssri_malloc((size_t)(n > 0 ? n : 1) * sizeof *out->items);
    if (out->items == NULL)
        return SSR_ENOMEM;
    size_t i = 0;
    for (const cJSON *k = keys->child; k != NULL; k = k->next, i++) {
        npm_key key = {0};
        const char *keyid = NULL;
        const cJSON *pub = ssri_get(k, "publicKey");
        const char *b64 = NULL, *usage = ssri_get_string(k, "keyUsage");
        bool ok;
        if (cJSON_IsObject(pub)) {
            keyid = ssri_get_string(k, "keyId");
            b64 = ssri_get_string(pub, "rawBytes");
            const cJSON *valid = ssri_get(pub, "validFor");
            ok = ssri_time_parse(ssri_get_string(valid, "start"), &key.window.start);
            const cJSON *end = ssri_get(valid, "end");
            key.window.has_end = end != NULL && !cJSON_IsNull(end);
            ok = ok && (!key.window.has_end || ssri_time_parse(ssri_get_string(valid, "end"), &key.window.end));
            if (usage != NULL && strcmp(usage, "npm:attestations") != 0)
                continue; /* a key for another use (npm:signatures signs the packument) */
        } else {
            keyid = ssri_get_string(k, "keyid");
            b64 = ssri_get_string(k, "key");
            const cJSON *expires = ssri_get(k, "expires");
            key.window.start = (ssri_time){.sec = INT64_MIN};
            key.window.has_end = expires != NULL && !cJSON_IsNull(expires);
            key.end_exclusive = true;
            ok = !key.window.has_end || ssri_time_parse(ssri_get_string(k, "expires"), &key.window.end);
        }
        unsigned char *der = NULL;
        size_t der_len = 0;
        int status = SSR_EVERIFY;
        ok = ok && keyid != NULL && b64 != NULL && ssri_base64_decode(b64, strlen(b64), &der, &der_len, &status);
        if (!ok && status == SSR_ENOMEM)
            return SSR_ENOMEM;
        status = ok ? ssr_public_key_parse(der, der_len, &key.key) : SSR_EINVALID;
        ssri_free(der);
        if (status == SSR_ENOMEM)
            return status;
        if (status != SSR_OK) {
            char pointer[32];
            snprintf(pointer, sizeof pointer, "/keys/%zu", i);
            status = ssri_report_add(r, SSR_SEVERITY_ERROR, "verify.npm.keys", pointer, src, len, ssri_node_offset(k),
                                     "Expected a key with its id, its base64 SPKI public key and its expiry or "
                                     "validity, found one that is not.");
            return status == SSR_OK ? SSR_EINVALID : status;
        }
        if ((key.keyid = ssri_strndup(keyid, strlen(keyid))) == NULL) {
            ssr_public_key_free(key.key);
            return SSR_ENOMEM;
        }
        out->items[out->count++] = key;
    }
    return SSR_OK;
}

static bool key_valid_at(const npm_key *k, ssri_time t)
{
    if (ssri_time_cmp(t, k->window.start) < 0)
        return false;
    if (!k->window.has_end)
        return true;
    int c = ssri_time_cmp(t, k->window.end);
    return k->end_exclusive ? c < 0 : c <= 0;
}

/* pkg:npm/NAME@VERSION, a scope's "@" written %40. */
static int package_purl(const char *package, size_t len, char **purl)
{
    *purl = NULL;
    const char *at = NULL;
    for (const char *p = package + 1; p < package + len; p++)
        if (*p == '@')
            at = p;
    if (len == 0 || at == NULL || at + 1 == package + len || memchr(package, '\0', len) != NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_puts(&b, "pkg:npm/");
    if (package[0] == '@') {
        ssri_buf_puts(&b, "%40");
        ssri_buf_append(&b, package + 1, len - 1);
    } else {
        ssri_buf_append(&b, package, len);
    }
    return ssri_buf_finish(&b, purl, NULL);
}

static int check_statement(const ssri_vctx *ctx, const ssri_evidence *ev, const char *purl, const char *sha512,
                           const char *predicate_type)
{
    ssr_doc *doc = NULL;
    int status = ssri_statement_parse(ctx, ev, &doc);
    if (status != SSR_OK)
        return status;
    const cJSON *first = ssri_get(doc->root, "subject")->child;
    const char *name = ssri_get_string(first, "name");
    const char *digest = ssri_get_string(ssri_get(first, "digest"), "sha512");
    const char *type = ssri_get_string(doc->root, "predicateType");
    if (name == NULL || strcmp(name, purl) != 0)
        status = ssri_verify_fail(ctx, "npm.subject-name", ev->payload_pointer, ev->payload_node,
                                  "Expected the first subject to name the package, %.200s, found %s%.200s%s.", purl,
                                  name ? "\"" : "", name ? name : "none", name ? "\"" : "");
    else if (digest == NULL || sha512 == NULL || strcmp(digest, sha512) != 0)
        status = ssri_verify_fail(ctx, "npm.subject-digest", ev->payload_pointer, ev->payload_node,
                                  "Expected the first subject's sha512 to be the tarball's, found %s.",
                                  digest != NULL ? "another digest" : "none");
    else if (type == NULL || predicate_type == NULL || strcmp(type, predicate_type) != 0)
        status = ssri_verify_fail(ctx, "npm.predicate-type", ev->payload_pointer, ev->payload_node,
                                  "Expected the statement's predicate type to be the attestation's, %.200s, found "
                                  "%s%.200s%s.",
                                  predicate_type != NULL ? predicate_type : "(none)", type ? "\"" : "",
                                  type ? type : "none", type ? "\"" : "");
    ssr_doc_free(doc);
    return status;
}

static int verify_attestation(const ssri_vctx *ctx, const ssr_trust_root *root, const npm_keys *keys,
                              const cJSON *attestation, const char *purl, const ssr_artifact *artifact,
                              ssr_verify_result *res)
{
    ssri_verified *item = ssri_result_add(res);
    if (item == NULL)
        return SSR_ENOMEM;
    const cJSON *bundle = ssri_get(attestation, "bundle");
    ssri_vctx inner = *ctx;
    char base[96];
    snprintf(base, sizeof base, "%s/bundle", ctx->base);
    inner.base = base;
    ssri_evidence ev;
    int status = ssri_evidence_read(&inner, bundle, false, &ev);
    if (status == SSR_OK && !ev.dsse)
        status = ssri_verify_fail(&inner, "npm.content", "/messageSignature", ssri_get(bundle, "messageSignature"),
                                  "Expected a DSSE envelope holding an in-toto statement, found a message signature.");
    const cJSON *sig = ssri_get(ssri_get(bundle, "dsseEnvelope"), "signatures");
    const char *keyid = ssri_get_string(cJSON_IsArray(sig) ? sig->child : NULL, "keyid");
    const npm_key *key = NULL;
    ssr_verify_policy keyless = {.type = SSRI_POLICY_IDENTITY}, keyed = {.type = SSRI_POLICY_KEY};
    if (status == SSR_OK && keyid != NULL && keyid[0] != '\0') {
        for (size_t i = 0; i < keys->count && key == NULL; i++)
            if (strcmp(keys->items[i].keyid, keyid) == 0)
                key = &keys->items[i];
        if (key == NULL)
            status = ssri_verify_fail(&inner, "npm.key-missing", "/dsseEnvelope/signatures/0/keyid",
                                      ssri_get(sig->child, "keyid"),
                                      "Expected the registry key \"%.100s\" among the keys given, found no key of that "
                                      "id.",
                                      keyid);
        keyed.key = key != NULL ? key->key : NULL;
    }
    if (status == SSR_OK)
        status = ssri_verify_evidence(&inner, root, key != NULL ? &keyed : &keyless, &ev, artifact, item);
    for (size_t i = 0; status == SSR_OK && key != NULL && i < item->time_count; i++) {
        if (!key_valid_at(key, item->times[i].time)) {
            char stamp[40];
            ssri_time_format(item->times[i].time, stamp);
            status = ssri_verify_fail(&inner, "npm.key-expired", "/dsseEnvelope/signatures/0/keyid",
                                      ssri_get(sig->child, "keyid"),
                                      "Expected the registry key \"%.100s\" valid at the signed time %s, found it %s "
                                      "then.",
                                      keyid, stamp,
                                      ssri_time_cmp(item->times[i].time, key->window.start) < 0 ? "not yet valid"
                                                                                                  : "expired");
        }
    }
    if (status == SSR_OK)
        status = check_statement(&inner, &ev, purl, ssri_artifact_hex(artifact, "sha512"),
                                 ssri_get_string(attestation, "predicateType"));
    ssri_evidence_release(&ev);
    return status;
}

int ssr_verify_npm(const ssr_trust_root *root, const void *keys, size_t keys_len, const void *attestations, size_t len,
                   const void *package, size_t package_len, const ssr_artifact *artifact,
                   const ssr_verify_options *options, ssr_verify_result **result, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (root == NULL || (keys == NULL && keys_len > 0) || (attestations == NULL && len > 0) || package == NULL ||
        artifact == NULL || result == NULL)
        return SSR_EINVAL;
    ssr_verify_options opts;
    ssri_options_resolve(options, &opts);
    char *purl = NULL;
    int status = package_purl(package, package_len, &purl);
    if (status != SSR_OK)
        return status;
    /* the keys first: a bad keys file is bad input, reported against it */
    ssr_doc *key_doc = NULL;
    ssr_report *kr = NULL;
    npm_keys k = {0};
    status = ssr_doc_parse(keys, keys_len, NULL, &key_doc, &kr);
    if (status == SSR_OK)
        status = read_keys(key_doc->root, &k, kr, keys, keys_len);
    ssr_doc_free(key_doc);
    if (status != SSR_OK) {
        keys_release(&k);
        ssr_free(purl);
        ssri_report_hand_over(kr, status == SSR_EINVALID, report);
        return status;
    }
    ssr_report_free(kr);

    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    status = ssri_verify_input(attestations, len, SSR_KIND_NPM_ATTESTATIONS, &doc, &r, report);
    if (status != SSR_OK) {
        keys_release(&k);
        ssr_free(purl);
        return status;
    }
    ssr_verify_result *res = ssri_result_new();
    const cJSON *list = ssri_get(doc->root, "attestations");
    ssri_vctx ctx = {.report = r, .src = attestations, .len = len, .options = &opts};
    status = res != NULL ? SSR_OK : SSR_ENOMEM;
    if (status == SSR_OK && cJSON_GetArraySize(list) > SSRI_MAX_ATTESTATIONS)
        status = ssri_verify_fail(&ctx, "limit.attestations", "/attestations", list,
                                  "Expected at most %d attestations, found %d.", SSRI_MAX_ATTESTATIONS,
                                  cJSON_GetArraySize(list));
    size_t i = 0;
    for (const cJSON *a = list->child; a != NULL && status == SSR_OK; a = a->next, i++) {
        char base[48];
        snprintf(base, sizeof base, "/attestations/%zu", i);
        ctx.base = base;
        status = verify_attestation(&ctx, root, &k, a, purl, artifact, res);
    }
    ssr_doc_free(doc);
    keys_release(&k);
    ssr_free(purl);
    return ssri_verify_finish(status, r, report, res, result);
}

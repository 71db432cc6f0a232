/*
 * TUF metadata: reading one file (its shape, under the strict JSON
 * profile) and verifying it against a delegator's keys and threshold.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "common/timestamp.h"
#include "crypto/crypto.h"
#include "tuf/tuf.h"

int ssri_tuf_fail(ssri_tuf_errors *e, int status, const char *code, const char *fmt, ...)
{
    if (e->report == NULL || ssr_report_count(e->report) > 0)
        return status; /* the first refusal is the one reported */
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    int added = ssri_report_add(e->report, SSR_SEVERITY_ERROR, code, "", "", 0, 0, message);
    return added == SSR_OK ? status : added;
}

void ssri_tuf_md_release(ssri_tuf_md *md)
{
    ssr_doc_free(md->doc);
    ssri_free(md->bytes);
    *md = (ssri_tuf_md){0};
}

/* ---- shapes ------------------------------------------------------------- */

/* A JSON integer (written without fraction or exponent) in [min, 2^53]. */
bool ssri_tuf_integer(const cJSON *node, int64_t min, int64_t *out)
{
    if (ssri_json_type(node) != cJSON_Number || !(node->type & SSRI_NUMBER_INTEGRAL))
        return false;
    double v = node->valuedouble;
    if (v < (double)min || v > 9007199254740992.0)
        return false;
    if (out != NULL)
        *out = (int64_t)v;
    return true;
}

static bool is_string_array(const cJSON *a, bool unique)
{
    if (ssri_json_type(a) != cJSON_Array)
        return false;
    for (const cJSON *c = a->child; c != NULL; c = c->next) {
        if (ssri_json_type(c) != cJSON_String)
            return false;
        if (unique)
            for (const cJSON *d = a->child; d != c; d = d->next)
                if (strcmp(d->valuestring, c->valuestring) == 0)
                    return false;
    }
    return true;
}

/* A role's keyids (unique strings) and threshold (>= 1). */
static int check_role(ssri_tuf_errors *e, const char *file, const char *role, const cJSON *r)
{
    if (ssri_json_type(r) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.role.shape", "%s: role '%s' is not an object.", file, role);
    if (!is_string_array(ssri_get(r, "keyids"), true))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.role.keyids",
                             "%s: role '%s': expected \"keyids\" to be an array of distinct strings.", file, role);
    if (!ssri_tuf_integer(ssri_get(r, "threshold"), 1, NULL))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.role.threshold",
                             "%s: role '%s': expected \"threshold\" to be an integer of at least 1.", file, role);
    return SSR_OK;
}

/* keyid -> {keytype, scheme, keyval: {public}}, all strings. */
static int check_keys(ssri_tuf_errors *e, const char *file, const cJSON *keys)
{
    if (ssri_json_type(keys) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.keys.shape", "%s: expected \"keys\" to be an object.", file);
    for (const cJSON *k = keys->child; k != NULL; k = k->next) {
        const cJSON *keyval = ssri_get(k, "keyval");
        if (ssri_get_string(k, "keytype") == NULL || ssri_get_string(k, "scheme") == NULL ||
            ssri_json_type(keyval) != cJSON_Object)
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.keys.shape",
                                 "%s: key %s: expected \"keytype\", \"scheme\" (strings) and \"keyval\" (an object).",
                                 file, k->string);
    }
    return SSR_OK;
}

/* A MetaFile or TargetFile: length (>= 0), hashes (a non-empty object of strings). */
static int check_file(ssri_tuf_errors *e, const char *file, const char *name, const cJSON *f, bool target)
{
    if (ssri_json_type(f) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.file.shape", "%s: \"%s\" is not an object.", file, name);
    if (!target && !ssri_tuf_integer(ssri_get(f, "version"), 1, NULL))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.file.version",
                             "%s: \"%s\": expected \"version\" to be an integer of at least 1.", file, name);
    const cJSON *length = ssri_get(f, "length");
    if ((target || length != NULL) && !ssri_tuf_integer(length, 0, NULL))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.file.length",
                             "%s: \"%s\": expected \"length\" to be an integer of at least 0.", file, name);
    const cJSON *hashes = ssri_get(f, "hashes");
    if (target || hashes != NULL) {
        bool ok = ssri_json_type(hashes) == cJSON_Object && hashes->child != NULL;
        for (const cJSON *h = ok ? hashes->child : NULL; h != NULL; h = h->next)
            ok = ok && ssri_json_type(h) == cJSON_String;
        if (!ok)
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.file.hashes",
                                 "%s: \"%s\": expected \"hashes\" to be a non-empty object of strings.", file, name);
    }
    return SSR_OK;
}

static const char *const top_roles[] = {"root", "timestamp", "snapshot", "targets"};

static bool is_top_role(const char *name)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(top_roles); i++)
        if (strcmp(name, top_roles[i]) == 0)
            return true;
    return false;
}

static int check_root(ssri_tuf_errors *e, const char *file, const cJSON *s)
{
    int status = check_keys(e, file, ssri_get(s, "keys"));
    if (status != SSR_OK)
        return status;
    const cJSON *cs = ssri_get(s, "consistent_snapshot");
    if (cs != NULL && !cJSON_IsBool(cs))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.root.shape",
                             "%s: expected \"consistent_snapshot\" to be true or false.", file);
    const cJSON *roles = ssri_get(s, "roles");
    size_t count = 0;
    for (const cJSON *r = ssri_json_type(roles) == cJSON_Object ? roles->child : NULL; r != NULL; r = r->next)
        count += is_top_role(r->string) ? 1 : 100;
    if (count != SSRI_ARRAY_LEN(top_roles))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.root.roles",
                             "%s: expected \"roles\" to name exactly root, timestamp, snapshot and targets.", file);
    for (const cJSON *r = roles->child; r != NULL && status == SSR_OK; r = r->next)
        status = check_role(e, file, r->string, r);
    return status;
}

static int check_meta(ssri_tuf_errors *e, const char *file, const cJSON *s, bool timestamp)
{
    const cJSON *meta = ssri_get(s, "meta");
    if (ssri_json_type(meta) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.meta.shape", "%s: expected \"meta\" to be an object.", file);
    if (timestamp && ssri_get(meta, "snapshot.json") == NULL)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.meta.shape", "%s: \"meta\" has no \"snapshot.json\".", file);
    int status = SSR_OK;
    for (const cJSON *f = meta->child; f != NULL && status == SSR_OK; f = f->next)
        status = check_file(e, file, f->string, f, false);
    return status;
}

static int check_delegations(ssri_tuf_errors *e, const char *file, const cJSON *d)
{
    if (ssri_json_type(d) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.shape", "%s: expected \"delegations\" to be an object.",
                             file);
    int status = check_keys(e, file, ssri_get(d, "keys"));
    if (status != SSR_OK)
        return status;
    const cJSON *roles = ssri_get(d, "roles"), *succinct = ssri_get(d, "succinct_roles");
    if ((roles == NULL) == (succinct == NULL))
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.shape",
                             "%s: expected exactly one of \"roles\" and \"succinct_roles\".", file);
    if (succinct != NULL) {
        status = check_role(e, file, "succinct_roles", succinct);
        int64_t bits = 0;
        if (status == SSR_OK && (!ssri_tuf_integer(ssri_get(succinct, "bit_length"), 1, &bits) || bits > 32 ||
                                 ssri_get_string(succinct, "name_prefix") == NULL))
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.succinct",
                                 "%s: expected \"bit_length\" (1 to 32) and \"name_prefix\" (a string).", file);
        return status;
    }
    if (ssri_json_type(roles) != cJSON_Array)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.shape", "%s: expected \"roles\" to be an array.",
                             file);
    for (const cJSON *r = roles->child; r != NULL && status == SSR_OK; r = r->next) {
        const char *name = ssri_get_string(r, "name");
        if (name == NULL || is_top_role(name))
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.name",
                                 "%s: expected every delegated role to have a \"name\" other than a top-level role's.",
                                 file);
        for (const cJSON *q = roles->child; q != r; q = q->next)
            if (strcmp(ssri_get_string(q, "name"), name) == 0)
                return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.name",
                                     "%s: the role '%s' is delegated twice.", file, name);
        status = check_role(e, file, name, r);
        if (status != SSR_OK)
            return status;
        if (!cJSON_IsBool(ssri_get(r, "terminating")))
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.terminating",
                                 "%s: role '%s': expected \"terminating\" to be true or false.", file, name);
        const cJSON *paths = ssri_get(r, "paths"), *prefixes = ssri_get(r, "path_hash_prefixes");
        if ((paths == NULL) == (prefixes == NULL) || !is_string_array(paths != NULL ? paths : prefixes, false))
            return ssri_tuf_fail(e, SSR_EINVALID, "tuf.delegations.paths",
                                 "%s: role '%s': expected exactly one of \"paths\" and \"path_hash_prefixes\", an "
                                 "array of strings.",
                                 file, name);
    }
    return status;
}

static int check_targets(ssri_tuf_errors *e, const char *file, const cJSON *s)
{
    const cJSON *targets = ssri_get(s, "targets");
    if (ssri_json_type(targets) != cJSON_Object)
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.targets.shape", "%s: expected \"targets\" to be an object.", file);
    int status = SSR_OK;
    for (const cJSON *t = targets->child; t != NULL && status == SSR_OK; t = t->next)
        status = check_file(e, file, t->string, t, true);
    const cJSON *d = ssri_get(s, "delegations");
    if (status == SSR_OK && d != NULL)
        status = check_delegations(e, file, d);
    return status;
}

/* "1.0.31", "1.0": two or three groups of digits, the first "1". */
static bool spec_version_supported(const char *v)
{
    if (v == NULL || strncmp(v, "1.", 2) != 0)
        return false;
    size_t groups = 1;
    for (const char *p = v + 2;; p++) {
        size_t digits = strspn(p, "0123456789");
        if (digits == 0)
            return false;
        p += digits;
        groups++;
        if (*p == '\0')
            return groups <= 3;
        if (*p != '.')
            return false;
    }
}

int ssri_tuf_md_parse(ssri_tuf_errors *e, const char *type, const char *file, char *bytes, size_t len,
                      ssri_tuf_md *md)
{
    *md = (ssri_tuf_md){.bytes = bytes, .len = len};
    ssr_report *parse_report = NULL;
    int status = ssr_doc_parse(bytes, len, NULL, &md->doc, &parse_report);
    if (status != SSR_OK) {
        if (status == SSR_EINVALID)
            status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.json", "%s: %s", file,
                                   ssr_report_count(parse_report) > 0 ? ssr_diag_message(parse_report, 0) : "");
        ssr_report_free(parse_report);
        md->bytes = NULL;
        ssri_tuf_md_release(md);
        return status;
    }
    ssr_report_free(parse_report);
    const cJSON *root = md->doc->root, *s = ssri_get(root, "signed"), *sigs = ssri_get(root, "signatures");
    if (ssri_json_type(s) != cJSON_Object || ssri_json_type(sigs) != cJSON_Array)
        status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.shape",
                               "%s: expected an object with \"signed\" (an object) and \"signatures\" (an array).",
                               file);
    const char *actual = status == SSR_OK ? ssri_get_string(s, "_type") : NULL;
    if (status == SSR_OK && (actual == NULL || strcmp(actual, type) != 0))
        status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.type", "%s: expected \"_type\" \"%s\", found \"%s\".",
                               file, type, actual != NULL ? actual : "(none)");
    if (status == SSR_OK && !spec_version_supported(ssri_get_string(s, "spec_version")))
        status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.spec-version",
                               "%s: expected a \"spec_version\" of major version 1.", file);
    if (status == SSR_OK && !ssri_tuf_integer(ssri_get(s, "version"), 1, &md->version))
        status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.version",
                               "%s: expected \"version\" to be an integer of at least 1.", file);
    const char *expires = status == SSR_OK ? ssri_get_string(s, "expires") : NULL;
    if (status == SSR_OK &&
        (expires == NULL || strlen(expires) != 20 || !ssri_timestamp_parse(expires, &md->expires)))
        status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.expires",
                               "%s: expected \"expires\" as YYYY-MM-DDTHH:MM:SSZ.", file);
    for (const cJSON *g = status == SSR_OK ? sigs->child : NULL; g != NULL && status == SSR_OK; g = g->next) {
        const char *keyid = ssri_get_string(g, "keyid");
        if (keyid == NULL || ssri_get_string(g, "sig") == NULL) {
            status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.signature.shape",
                                   "%s: expected every signature to have \"keyid\" and \"sig\" (strings).", file);
            break;
        }
        for (const cJSON *h = sigs->child; h != g; h = h->next)
            if (strcmp(ssri_get_string(h, "keyid"), keyid) == 0) {
                status = ssri_tuf_fail(e, SSR_EINVALID, "tuf.signature.duplicate",
                                       "%s: more than one signature by key %s.", file, keyid);
                break;
            }
    }
    if (status == SSR_OK) {
        if (strcmp(type, "root") == 0)
            status = check_root(e, file, s);
        else if (strcmp(type, "timestamp") == 0 || strcmp(type, "snapshot") == 0)
            status = check_meta(e, file, s, type[0] == 't');
        else
            status = check_targets(e, file, s);
    }
    if (status != SSR_OK) {
        md->bytes = NULL; /* the caller's still */
        ssri_tuf_md_release(md);
        return status;
    }
    md->signed_ = s;
    return SSR_OK;
}

/* ---- keys and signatures ------------------------------------------------ */

/* The DER prefixes of P-256 and P-384 SubjectPublicKeyInfo, before the uncompressed point. */
static const unsigned char p256_spki[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                          0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
static const unsigned char p384_spki[] = {0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
                                          0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00};

/*
 * An ECDSA key straight from its PEM SubjectPublicKeyInfo, without
 * OpenSSL's decoders (their cost is most of a refresh's): the point goes
 * to the signature backend, which checks it. SSR_EINVALID when the PEM is
 * not exactly a P-256 or P-384 SPKI; the caller then asks the general
 * reader.
 */
static int ec_key_from_pem(const char *pem, int want, ssr_public_key **key, char id[65])
{
    static const char head[] = "-----BEGIN PUBLIC KEY-----", tail[] = "-----END PUBLIC KEY-----";
    const char *start = pem + sizeof head - 1, *end = strstr(start, tail);
    if (strncmp(pem, head, sizeof head - 1) != 0 || end == NULL)
        return SSR_EINVALID;
    unsigned char der[128];
    size_t der_len = 0;
    const char *stop = NULL;
    if (sodium_base642bin(der, sizeof der, start, (size_t)(end - start), "\n\r", &der_len, &stop,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        stop != end)
        return SSR_EINVALID;
    const unsigned char *prefix = want == SSR_KEY_ECDSA_P256 ? p256_spki : p384_spki;
    size_t prefix_len = want == SSR_KEY_ECDSA_P256 ? sizeof p256_spki : sizeof p384_spki;
    size_t point_len = want == SSR_KEY_ECDSA_P256 ? 65 : 97;
    if (der_len != prefix_len + point_len || memcmp(der, prefix, prefix_len) != 0)
        return SSR_EINVALID;
    /* its id as ssr_public_key_id() gives it: the SHA-256 of the SPKI DER */
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, der, der_len);
    sodium_bin2hex(id, 65, digest, sizeof digest);
    return ssri_public_key_from_point(want, der + prefix_len, point_len, key);
}

/*
 * The key a TUF key object describes, when libssr supports its type and
 * scheme (the caller counts an unsupported key as not signing, as the
 * specification's clients do): ed25519 (hex), ecdsa P-256/P-384 and RSA
 * (PEM SubjectPublicKeyInfo). NULL in *key otherwise.
 */
static int tuf_key(const char *type, const char *scheme, const char *pub, ssr_public_key **key, char id[65])
{
    *key = NULL;
    id[0] = '\0';
    int want;
    if (strcmp(type, "ed25519") == 0 && strcmp(scheme, "ed25519") == 0) {
        if (strlen(pub) != 64)
            return SSR_OK;
        want = SSR_KEY_ED25519;
    } else if ((strcmp(type, "ecdsa") == 0 || strcmp(type, "ecdsa-sha2-nistp256") == 0) &&
               strcmp(scheme, "ecdsa-sha2-nistp256") == 0) {
        want = SSR_KEY_ECDSA_P256;
    } else if ((strcmp(type, "ecdsa") == 0 || strcmp(type, "ecdsa-sha2-nistp384") == 0) &&
               strcmp(scheme, "ecdsa-sha2-nistp384") == 0) {
        want = SSR_KEY_ECDSA_P384;
    } else if (strcmp(type, "rsa") == 0 &&
               (strcmp(scheme, "rsassa-pss-sha256") == 0 || strcmp(scheme, "rsa-pkcs1v15-sha256") == 0)) {
        want = SSR_KEY_RSA;
    } else {
        return SSR_OK;
    }
    if (want != SSR_KEY_ED25519 && strncmp(pub, "-----BEGIN PUBLIC KEY-----", 26) != 0)
        return SSR_OK;
    ssr_public_key *parsed = NULL;
    int status = SSR_EINVALID;
    if (want == SSR_KEY_ECDSA_P256 || want == SSR_KEY_ECDSA_P384)
        status = ec_key_from_pem(pub, want, &parsed, id);
    if (status == SSR_EINVALID)
        status = ssr_public_key_parse(pub, strlen(pub), &parsed);
    if (ssri_call_failed(status))
        return status;
    if (status != SSR_OK || ssr_public_key_type(parsed) != want) {
        ssr_public_key_free(parsed);
        return SSR_OK;
    }
    if (id[0] == '\0')
        snprintf(id, 65, "%s", ssr_public_key_id(parsed));
    *key = parsed;
    return SSR_OK;
}

/* How the key object's scheme signs. */
static ssri_sig_params scheme_params(const char *scheme)
{
    ssri_sig_params p = {.md = EVP_sha256(), .padding = RSA_PKCS1_PADDING};
    if (strcmp(scheme, "ecdsa-sha2-nistp384") == 0)
        p.md = EVP_sha384();
    if (strcmp(scheme, "rsassa-pss-sha256") == 0) {
        p.padding = RSA_PKCS1_PSS_PADDING;
        p.salt_len = RSA_PSS_SALTLEN_AUTO;
    }
    p.md = ssri_fetched(p.md);
    return p;
}

void ssri_tuf_keys_release(ssri_tuf_keys *keys)
{
    for (size_t i = 0; i < keys->count; i++) {
        ssri_free(keys->items[i].id);
        ssr_public_key_free(keys->items[i].key);
    }
    ssri_free(keys->items);
    *keys = (ssri_tuf_keys){0};
}

/* The key of a key object, from the cache or decoded into it (cache NULL: the caller frees *owned). */
static int cached_key(ssri_tuf_keys *cache, const char *type, const char *scheme, const char *pub,
                      const ssr_public_key **key, ssr_public_key **owned, char key_id[65])
{
    *key = NULL;
    *owned = NULL;
    size_t tl = strlen(type), sl = strlen(scheme), pl = strlen(pub), id_len = tl + sl + pl + 2;
    for (size_t i = 0; cache != NULL && i < cache->count; i++) {
        const ssri_tuf_key *k = &cache->items[i];
        if (k->id_len == id_len && memcmp(k->id, type, tl + 1) == 0 && memcmp(k->id + tl + 1, scheme, sl + 1) == 0 &&
            memcmp(k->id + tl + sl + 2, pub, pl) == 0) {
            *key = k->key;
            memcpy(key_id, k->key_id, 65);
            return SSR_OK;
        }
    }
    ssr_public_key *parsed = NULL;
    int status = tuf_key(type, scheme, pub, &parsed, key_id);
    if (status != SSR_OK)
        return status;
    if (cache == NULL) {
        *key = *owned = parsed;
        return SSR_OK;
    }
    if (cache->count == cache->cap) {
        ssri_tuf_key *grown = ssri_grow(cache->items, &cache->cap, sizeof *grown, 8);
        if (grown == NULL) {
            ssr_public_key_free(parsed);
            return SSR_ENOMEM;
        }
        cache->items = grown;
    }
    char *id = ssri_malloc(id_len);
    if (id == NULL) {
        ssr_public_key_free(parsed);
        return SSR_ENOMEM;
    }
    memcpy(id, type, tl + 1);
    memcpy(id + tl + 1, scheme, sl + 1);
    memcpy(id + tl + sl + 2, pub, pl);
    ssri_tuf_key *k = &cache->items[cache->count++];
    *k = (ssri_tuf_key){.id = id, .id_len = id_len, .key = parsed};
    memcpy(k->key_id, key_id, 65);
    *key = parsed;
    return SSR_OK;
}

/* Does `sig_hex` verify over msg with the key object k? Its key's SPKI id in key_id. */
static int signature_verifies(ssri_tuf_keys *cache, const cJSON *k, const char *sig_hex, const char *msg, size_t len,
                              char key_id[65])
{
    const char *type = ssri_get_string(k, "keytype"), *scheme = ssri_get_string(k, "scheme");
    const char *pub = ssri_get_string(ssri_get(k, "keyval"), "public");
    if (type == NULL || scheme == NULL || pub == NULL)
        return SSR_EVERIFY;
    const ssr_public_key *key = NULL;
    ssr_public_key *owned = NULL;
    int status = cached_key(cache, type, scheme, pub, &key, &owned, key_id);
    if (status != SSR_OK || key == NULL)
        return status != SSR_OK ? status : SSR_EVERIFY;
    size_t hex_len = strlen(sig_hex), sig_len = 0;
    unsigned char *sig = ssri_malloc(hex_len / 2 + 1);
    if (sig == NULL) {
        ssr_public_key_free(owned);
        return SSR_ENOMEM;
    }
    if (hex_len % 2 != 0 || sodium_hex2bin(sig, hex_len / 2 + 1, sig_hex, hex_len, NULL, &sig_len, NULL) != 0 ||
        sig_len != hex_len / 2) {
        status = SSR_EVERIFY;
    } else if (ssr_public_key_type(key) == SSR_KEY_ED25519) {
        status = ssr_ed25519_verify(key, msg, len, sig, sig_len);
    } else {
        ssri_sig_params params = scheme_params(scheme);
        status = ssri_verify_message(key, &params, msg, len, sig, sig_len);
    }
    ssri_free(sig);
    ssr_public_key_free(owned);
    return status;
}

/*
 * Is `keyid` the SHA-256 of the key object's canonical form, as the
 * specification requires of every key id (4.2)? A key listed under another
 * id signs nothing: whoever wrote the metadata cannot lend one key's
 * signatures to another id. `src` is the text the key object was read from.
 */
static int keyid_holds(const char *src, size_t src_len, const cJSON *k, const char *keyid, bool *holds)
{
    *holds = false;
    ssri_buf b = {0};
    int status = ssri_olpc_write(&b, src, src_len, k);
    if (status == SSR_OK && !b.failed) {
        unsigned char digest[crypto_hash_sha256_BYTES];
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        crypto_hash_sha256(digest, (const unsigned char *)b.data, b.len);
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        *holds = strcmp(hex, keyid) == 0;
    } else if (b.failed || status == SSR_ENOMEM) {
        status = SSR_ENOMEM;
    } else {
        status = SSR_OK; /* a key object with no canonical form has no valid id */
    }
    ssri_buf_release(&b);
    return status;
}

int ssri_tuf_verify(ssri_tuf_errors *e, ssri_tuf_keys *cache, const char *file, const ssri_tuf_md *md,
                    const ssri_tuf_md *keys_md, const cJSON *keys, const cJSON *role, const char *role_name)
{
    ssri_buf canonical = {0};
    int status = ssri_olpc_write(&canonical, md->bytes, md->len, md->signed_);
    if (status == SSR_EINVALID) {
        ssri_buf_release(&canonical);
        return ssri_tuf_fail(e, SSR_EINVALID, "tuf.metadata.canonical",
                             "%s: \"signed\" holds a number with a fraction or an exponent, which canonical JSON "
                             "cannot sign.",
                             file);
    }
    if (status != SSR_OK || canonical.failed) {
        ssri_buf_release(&canonical);
        return SSR_ENOMEM;
    }
    int64_t threshold = 0;
    ssri_tuf_integer(ssri_get(role, "threshold"), 1, &threshold);
    const cJSON *keyids = ssri_get(role, "keyids");
    size_t n = (size_t)cJSON_GetArraySize(keyids), good = 0;
    char(*counted)[crypto_hash_sha256_BYTES * 2 + 1] = ssri_malloc((n > 0 ? n : 1) * sizeof *counted);
    if (counted == NULL) {
        ssri_buf_release(&canonical);
        return SSR_ENOMEM;
    }
    const cJSON *sigs = ssri_get(md->doc->root, "signatures");
    status = SSR_OK;
    for (const cJSON *id = keyids->child; id != NULL && status == SSR_OK && (int64_t)good < threshold;
         id = id->next) {
        const cJSON *k = ssri_get(keys, id->valuestring);
        const char *sig = NULL;
        for (const cJSON *g = sigs->child; g != NULL && sig == NULL; g = g->next)
            if (strcmp(ssri_get_string(g, "keyid"), id->valuestring) == 0)
                sig = ssri_get_string(g, "sig");
        if (k == NULL || sig == NULL)
            continue;
        bool id_holds = false;
        status = keyid_holds(keys_md->bytes, keys_md->len, k, id->valuestring, &id_holds);
        if (status != SSR_OK || !id_holds)
            continue;
        char key_id[sizeof counted[0]] = "";
        int v = signature_verifies(cache, k, sig, canonical.data, canonical.len, key_id);
        if (v == SSR_ENOMEM || v == SSR_ECRYPTO) {
            status = v;
            break;
        }
        if (v != SSR_OK)
            continue;
        /* one key listed under two key ids counts once */
        bool seen = false;
        for (size_t i = 0; i < good && !seen; i++)
            seen = strcmp(counted[i], key_id) == 0;
        if (!seen)
            memcpy(counted[good++], key_id, sizeof key_id);
    }
    ssri_free(counted);
    ssri_buf_release(&canonical);
    if (status != SSR_OK)
        return status;
    if ((int64_t)good < threshold)
        return ssri_tuf_fail(e, SSR_EVERIFY, "tuf.signature.threshold",
                             "%s: %zu valid signature(s) by the keys of role '%s', %" PRId64 " required.", file,
                             good, role_name, threshold);
    return SSR_OK;
}

/* ---- lengths and hashes ------------------------------------------------- */

int ssri_tuf_check_file(ssri_tuf_errors *e, const char *what, const cJSON *info, const void *data, size_t len)
{
    int64_t want = 0;
    if (ssri_tuf_integer(ssri_get(info, "length"), 0, &want) && (uint64_t)want != len)
        return ssri_tuf_fail(e, SSR_EVERIFY, "tuf.file.length-mismatch", "%s: %zu bytes, %" PRId64 " expected.",
                             what, len, want);
    const cJSON *hashes = ssri_get(info, "hashes");
    for (const cJSON *h = hashes != NULL ? hashes->child : NULL; h != NULL; h = h->next) {
        const EVP_MD *md = strcmp(h->string, "sha256") == 0 ? EVP_sha256()
                           : strcmp(h->string, "sha512") == 0 ? EVP_sha512()
                                                              : NULL;
        if (md == NULL)
            return ssri_tuf_fail(e, SSR_EVERIFY, "tuf.file.hash-algorithm",
                                 "%s: the hash algorithm \"%s\" is not supported (sha256, sha512).", what, h->string);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned digest_len = 0;
        if (EVP_Digest(data, len, digest, &digest_len, ssri_fetched(md), NULL) != 1)
            return SSR_ECRYPTO;
        char *hex = ssri_hex(digest, digest_len);
        if (hex == NULL)
            return SSR_ENOMEM;
        bool same = strlen(h->valuestring) == strlen(hex) && sodium_memcmp(hex, h->valuestring, strlen(hex)) == 0;
        ssri_free(hex);
        if (!same)
            return ssri_tuf_fail(e, SSR_EVERIFY, "tuf.file.hash-mismatch", "%s: its %s hash is not the one expected.",
                                 what, h->string);
    }
    return SSR_OK;
}

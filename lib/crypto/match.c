/*
 * Subject matching: does an artifact, known by its digests, match a
 * subject of an in-toto Statement (bare or inside a DSSE envelope) or an
 * artifact of a release document?
 */
#include <string.h>

#include "crypto.h"
#include "common/base64.h"
#include "json/json.h"
#include "kinds/attestations.h"

/* The strong algorithms (SPEC section 6), by canonical name, with their other spelling and hex lengths. */
static const struct {
    const char *name, *alias;
    size_t hex;
} strong[] = {
    {"sha256", NULL, 64},          {"sha384", NULL, 96},            {"sha512", NULL, 128},
    {"sha512_256", NULL, 64},      {"sha3-256", "sha3_256", 64},    {"sha3-384", "sha3_384", 96},
    {"sha3-512", "sha3_512", 128}, {"blake2b-256", "blake2b_256", 64}, {"blake2b-512", "blake2b_512", 128},
};

#define STRONG_COUNT (sizeof strong / sizeof strong[0])

struct ssr_artifact {
    char *hex[STRONG_COUNT]; /* NULL: not known */
};

static int strong_index(const char *name, size_t len)
{
    for (size_t i = 0; i < STRONG_COUNT; i++)
        if ((strlen(strong[i].name) == len && memcmp(strong[i].name, name, len) == 0) ||
            (strong[i].alias != NULL && strlen(strong[i].alias) == len && memcmp(strong[i].alias, name, len) == 0))
            return (int)i;
    return -1;
}

ssr_artifact *ssr_artifact_new(void)
{
    ssr_artifact *a = ssri_malloc(sizeof *a);
    if (a != NULL)
        memset(a, 0, sizeof *a);
    return a;
}

void ssr_artifact_free(ssr_artifact *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < STRONG_COUNT; i++)
        ssri_free(a->hex[i]);
    ssri_free(a);
}

static void set_hex(ssr_artifact *a, int index, char *hex)
{
    ssri_free(a->hex[index]);
    a->hex[index] = hex;
}

static const int computed[] = {SSR_DIGEST_SHA256, SSR_DIGEST_SHA512, SSR_DIGEST_BLAKE2B_256, SSR_DIGEST_BLAKE2B_512};

static void keep_computed(ssr_artifact *a, char **hex)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(computed); i++) {
        const char *name = ssr_digest_name(computed[i]);
        set_hex(a, strong_index(name, strlen(name)), hex[i]);
    }
}

int ssr_artifact_hash(ssr_artifact *a, const void *data, size_t len)
{
    SSRI_OPENSSL_QUIET;
    if (a == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    char *hex[SSRI_ARRAY_LEN(computed)] = {0};
    int status = SSR_OK;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(computed) && status == SSR_OK; i++)
        status = ssr_digest(computed[i], data, len, &hex[i]);
    if (status != SSR_OK) {
        for (size_t i = 0; i < SSRI_ARRAY_LEN(computed); i++)
            ssri_free(hex[i]);
        return status;
    }
    keep_computed(a, hex);
    return SSR_OK;
}

int ssr_artifact_hash_file(ssr_artifact *a, const char *path)
{
    SSRI_OPENSSL_QUIET;
    if (a == NULL || path == NULL)
        return SSR_EINVAL;
    char *hex[SSRI_ARRAY_LEN(computed)];
    int status = ssr_digest_file(path, computed, SSRI_ARRAY_LEN(computed), hex);
    if (status == SSR_OK)
        keep_computed(a, hex);
    return status;
}

static bool lower_hex(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

int ssr_artifact_add_digest(ssr_artifact *a, const void *alg, size_t alg_len, const void *hex, size_t hex_len)
{
    SSRI_OPENSSL_QUIET;
    if (a == NULL || alg == NULL || hex == NULL)
        return SSR_EINVAL;
    int index = strong_index(alg, alg_len);
    if (index < 0 || hex_len != strong[index].hex || !lower_hex(hex, hex_len))
        return SSR_EINVALID;
    char *copy = ssri_strndup(hex, hex_len);
    if (copy == NULL)
        return SSR_ENOMEM;
    set_hex(a, index, copy);
    return SSR_OK;
}

const char *ssri_artifact_hex(const ssr_artifact *a, const char *alg)
{
    int index = strong_index(alg, strlen(alg));
    return index >= 0 ? a->hex[index] : NULL;
}

/* One digest set against the artifact: a match needs one strong agreement and no strong disagreement. */
bool ssri_digests_match(const ssr_artifact *a, const cJSON *digests)
{
    size_t agree = 0, disagree = 0;
    for (const cJSON *d = cJSON_IsObject(digests) ? digests->child : NULL; d != NULL; d = d->next) {
        int index = strong_index(d->string, strlen(d->string));
        if (index < 0 || a->hex[index] == NULL || !cJSON_IsString(d))
            continue; /* unknown or weak algorithms never count */
        if (strcmp(a->hex[index], d->valuestring) == 0)
            agree++;
        else
            disagree++;
    }
    return agree > 0 && disagree == 0;
}

/* The subjects (or release artifacts) of a valid document, and the member holding each one's digests. */
static int match_in(const ssr_artifact *a, const cJSON *root, int kind, size_t *index)
{
    const cJSON *list = ssri_get(root, kind == SSR_KIND_RELEASE ? "artifacts" : "subject");
    const char *member = kind == SSR_KIND_RELEASE ? "digests" : "digest";
    size_t i = 0;
    for (const cJSON *s = cJSON_IsArray(list) ? list->child : NULL; s != NULL; s = s->next, i++) {
        if (ssri_digests_match(a, ssri_get(s, member))) {
            if (index != NULL)
                *index = i;
            return SSR_OK;
        }
    }
    return SSR_ENOMATCH;
}

int ssr_match_subject(const ssr_artifact *a, const void *data, size_t len, size_t *index, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(report);
    if (a == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    ssr_report *r = NULL;
    int status = ssr_validate(data, len, SSR_KIND_AUTO, NULL, &r);
    if (status != SSR_OK)
        return status;
    int kind = ssr_report_kind(r);
    bool usable = ssr_report_valid(r) && (kind == SSR_KIND_IN_TOTO_STATEMENT || kind == SSR_KIND_RELEASE ||
                                          kind == SSR_KIND_DSSE_ENVELOPE);
    if (!usable) {
        if (ssr_report_valid(r)) { /* valid, but a kind that has no subjects */
            ssr_report_free(r);
            r = ssri_report_new(kind);
            if (r == NULL || ssri_report_add(r, SSR_SEVERITY_ERROR, "match.kind", "", data, len, 0,
                                             "Expected an in-toto Statement, a DSSE envelope holding one, or a "
                                             "release document.") != SSR_OK) {
                ssr_report_free(r);
                return SSR_ENOMEM;
            }
        }
        ssri_report_hand_over(r, true, report);
        return SSR_EINVALID;
    }
    ssr_report_free(r);
    ssr_doc *doc = NULL, *inner = NULL;
    status = ssr_doc_parse(data, len, NULL, &doc, NULL);
    if (status == SSR_OK && kind == SSR_KIND_DSSE_ENVELOPE) {
        /* A valid envelope of in-toto type holds a Statement; any other payload has no subjects. */
        const char *payload64 = ssri_get_string(doc->root, "payload");
        if (!ssri_in_toto_payload_type(ssri_get_string(doc->root, "payloadType")))
            payload64 = ""; /* another payload type: no subjects */
        unsigned char *payload = NULL;
        size_t payload_len = 0;
        int decode;
        if (ssri_base64_decode(payload64, strlen(payload64), &payload, &payload_len, &decode))
            status = ssr_doc_parse(payload, payload_len, NULL, &inner, NULL);
        else
            status = decode;
        ssri_free(payload);
        kind = SSR_KIND_IN_TOTO_STATEMENT;
    }
    if (status == SSR_OK)
        status = match_in(a, (inner != NULL ? inner : doc)->root, kind, index);
    else if (status == SSR_EINVALID)
        status = SSR_ENOMATCH; /* a non-JSON payload of another type: nothing to match */
    ssr_doc_free(inner);
    ssr_doc_free(doc);
    return status;
}

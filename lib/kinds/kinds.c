/*
 * Kind names, detection and the validation entry point.
 */
#include <string.h>

#include "attestations.h"

static const ssri_kind kinds[] = {
    {SSR_KIND_AUTO, "auto", NULL, NULL},
    {SSR_KIND_JSON, "json", NULL, NULL},
    {SSR_KIND_RELEASE, "release", &ssri_release_kind, NULL},
    {SSR_KIND_TRUSTED_PUBLISHER, "trusted-publisher", &ssri_trusted_publisher_kind, NULL},
    {SSR_KIND_REPOSITORY_PROFILE, "repository-profile", &ssri_repository_profile_kind, NULL},
    {SSR_KIND_OSV, "osv", &ssri_osv_kind, NULL},
    {SSR_KIND_IN_TOTO_STATEMENT, "in-toto-statement", &ssri_statement_kind, NULL},
    {SSR_KIND_SLSA_PROVENANCE, "slsa-provenance", &ssri_slsa_kind, NULL},
    {SSR_KIND_DSSE_ENVELOPE, "dsse-envelope", &ssri_dsse_kind, NULL},
    {SSR_KIND_SIGSTORE_BUNDLE, "sigstore-bundle", &ssri_bundle_kind, NULL},
    {SSR_KIND_PEP740_ATTESTATION, "pep740-attestation", &ssri_pep740_attestation_kind, NULL},
    {SSR_KIND_PEP740_PROVENANCE, "pep740-provenance", &ssri_pep740_provenance_kind, NULL},
    {SSR_KIND_NPM_ATTESTATIONS, "npm-attestations", &ssri_npm_attestations_kind, NULL},
};

const ssri_kind *ssri_kind_by_id(int id)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(kinds); i++)
        if (kinds[i].id == id)
            return &kinds[i];
    return NULL;
}

int ssr_kind_count(void)
{
    return (int)SSRI_ARRAY_LEN(kinds);
}

const char *ssr_kind_name(int kind)
{
    const ssri_kind *k = ssri_kind_by_id(kind);
    return k != NULL ? k->name : NULL;
}

int ssr_kind_from_name(const void *name, size_t len)
{
    if (name == NULL)
        return SSR_EINVAL;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(kinds); i++)
        if (strlen(kinds[i].name) == len && memcmp(kinds[i].name, name, len) == 0)
            return kinds[i].id;
    return SSR_EINVAL;
}

/*
 * Detection reads the top-level member names. They come from the parsed
 * document, or, when it does not parse, from the text read before the
 * error, so that a truncated bundle is still reported as a bundle.
 */
typedef struct members {
    const cJSON *object; /* parsed: look names up here */
    const char *names[32];  /* sniffed: top-level names, not unescaped */
    size_t lengths[32];
    size_t count;
    const char *ssr; /* sniffed: the raw text of "ssr"'s string value */
    size_t ssr_len;
} members;

static bool has(const members *m, const char *name)
{
    if (m->object != NULL)
        return ssri_get(m->object, name) != NULL;
    for (size_t i = 0; i < m->count; i++)
        if (m->lengths[i] == strlen(name) && memcmp(m->names[i], name, m->lengths[i]) == 0)
            return true;
    return false;
}

/* Collects the top-level member names of the object text src[0..len), as far as it goes. */
static void sniff(const char *src, size_t len, members *m)
{
    size_t i = 0, depth = 0;
    const char *last = NULL;
    size_t last_len = 0;
    bool after_ssr = false;
    while (i < len) {
        char c = src[i];
        if (c == '"') {
            size_t start = ++i;
            while (i < len && src[i] != '"')
                i += src[i] == '\\' ? 2 : 1;
            if (i > len)
                break;
            size_t j = i + 1;
            while (j < len && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r'))
                j++;
            if (depth == 1 && j < len && src[j] == ':' && m->count < SSRI_ARRAY_LEN(m->names)) {
                m->names[m->count] = src + start;
                m->lengths[m->count++] = i - start;
                last = src + start;
                last_len = i - start;
            } else if (depth == 1 && after_ssr) {
                m->ssr = src + start;
                m->ssr_len = i - start;
            }
            after_ssr = depth == 1 && last != NULL && last_len == 3 && memcmp(last, "ssr", 3) == 0 && j < len &&
                        src[j] == ':';
            i++;
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && depth > 0)
            depth--;
        i++;
    }
}

/*
 * OSV records have no discriminating member: a record has id and modified,
 * but a broken one may lack either. Two of OSV's top-level names make an
 * object a record; an array whose first item is one is a mistaken record
 * (OSV API results pasted whole), reported as such.
 */
static bool looks_like_osv(const members *m)
{
    static const char *const names[] = {"id", "modified", "published", "withdrawn", "schema_version", "aliases",
                                        "related", "upstream", "summary", "details", "severity", "affected",
                                        "references", "credits", "database_specific"};
    size_t found = 0;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(names) && found < 2; i++)
        found += has(m, names[i]);
    return found >= 2;
}

/* The kind a native document names in "ssr" ("<kind>/v<major>"), or -1. */
static int native_kind(const char *ssr, size_t len)
{
    size_t n = 0;
    while (n < len && ssr[n] != '/')
        n++;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(kinds); i++)
        if (kinds[i].native != NULL && kinds[i].native->own_schema && strlen(kinds[i].name) == n &&
            strncmp(ssr, kinds[i].name, n) == 0)
            return kinds[i].id;
    return -1;
}

/*
 * The kind a document declares. Native kinds say so in "ssr":
 * "<kind>/v<major>"; the major is checked by the kind's own "ssr" rule.
 * Adopted formats by their discriminating members; OSV by its names. A
 * document that declares nothing known is plain JSON.
 */
static int detect_kind(const members *m, bool *unknown)
{
    *unknown = false;
    if (has(m, "ssr")) {
        const char *ssr = m->object != NULL ? ssri_get_string(m->object, "ssr") : m->ssr;
        size_t len = m->object != NULL ? (ssr != NULL ? strlen(ssr) : 0) : m->ssr_len;
        int kind = ssr != NULL ? native_kind(ssr, len) : -1;
        *unknown = kind < 0;
        return kind < 0 ? SSR_KIND_JSON : kind;
    }
    /* Each format's discriminating member, most specific first. */
    static const struct {
        const char *member, *also;
        int kind;
    } discriminators[] = {
        {"_type", NULL, SSR_KIND_IN_TOTO_STATEMENT},
        {"mediaType", "verificationMaterial", SSR_KIND_SIGSTORE_BUNDLE},
        {"payloadType", NULL, SSR_KIND_DSSE_ENVELOPE},
        {"attestation_bundles", NULL, SSR_KIND_PEP740_PROVENANCE},
        {"envelope", "verification_material", SSR_KIND_PEP740_ATTESTATION},
        {"attestations", NULL, SSR_KIND_NPM_ATTESTATIONS},
        {"buildDefinition", NULL, SSR_KIND_SLSA_PROVENANCE},
        {"runDetails", NULL, SSR_KIND_SLSA_PROVENANCE},
        {"builder", "buildType", SSR_KIND_SLSA_PROVENANCE},
    };
    for (size_t i = 0; i < SSRI_ARRAY_LEN(discriminators); i++)
        if (has(m, discriminators[i].member) && (discriminators[i].also == NULL || has(m, discriminators[i].also)))
            return discriminators[i].kind;
    return looks_like_osv(m) ? SSR_KIND_OSV : SSR_KIND_JSON;
}

static int detect_parsed(const cJSON *root, bool *unknown)
{
    members m = {.object = root};
    if (cJSON_IsArray(root) && cJSON_IsObject(root->child)) {
        members first = {.object = root->child};
        *unknown = false;
        return looks_like_osv(&first) ? SSR_KIND_OSV : SSR_KIND_JSON;
    }
    if (!cJSON_IsObject(root)) {
        *unknown = false;
        return SSR_KIND_JSON;
    }
    return detect_kind(&m, unknown);
}

static void validate_kind(ssri_check *check, const ssri_kind *k)
{
    if (k->native != NULL)
        ssri_walk_document(check, k->native);
    if (k->validate != NULL && check->status == SSR_OK)
        k->validate(check);
}

int ssri_validate(const void *data, size_t len, int kind, const ssr_options *opts, bool shape_only, ssr_doc **doc_out,
                  ssr_report **report)
{
    if (report != NULL)
        *report = NULL;
    if (doc_out != NULL)
        *doc_out = NULL;
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (report == NULL || k == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;

    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssr_doc_parse(data, len, opts, &doc, &r);
    if (status == SSR_EINVALID) {
        members m = {0};
        bool unknown;
        if (kind == SSR_KIND_AUTO)
            sniff(data, r->items[0].offset, &m);
        r->kind = kind == SSR_KIND_AUTO ? detect_kind(&m, &unknown) : kind;
        *report = r;
        return SSR_OK;
    }
    if (status != SSR_OK)
        return status;

    ssri_check check = {doc->root, data, len, r, SSR_OK, shape_only};
    bool unknown = false;
    r->kind = kind == SSR_KIND_AUTO ? detect_parsed(doc->root, &unknown) : kind;
    if (unknown) {
        const cJSON *ssr = ssri_get(doc->root, "ssr");
        check.status = ssri_report_add(r, SSR_SEVERITY_ERROR, "kind.unknown", "/ssr", data, len,
                                       ssri_node_offset(ssr),
                                       "Expected \"ssr\" to name a kind (release/v1, trusted-publisher/v1, "
                                       "repository-profile/v1), found an unknown one.");
    }
    validate_kind(&check, ssri_kind_by_id(r->kind));
    if (check.status != SSR_OK) {
        ssr_doc_free(doc);
        ssr_report_free(r);
        return check.status;
    }
    if (doc_out != NULL)
        *doc_out = doc;
    else
        ssr_doc_free(doc);
    *report = r;
    return SSR_OK;
}

int ssr_validate(const void *data, size_t len, int kind, const ssr_options *opts, ssr_report **report)
{
    return ssri_validate(data, len, kind, opts, false, NULL, report);
}

int ssr_schema(int kind, char **out, size_t *out_len)
{
    if (out != NULL)
        *out = NULL;
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (k == NULL || k->native == NULL || !k->native->own_schema || out == NULL)
        return SSR_EINVAL;
    return ssri_schema_print(k->native, out, out_len);
}

int ssr_schema_codes(int kind, char **out, size_t *out_len)
{
    if (out != NULL)
        *out = NULL;
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (k == NULL || k->native == NULL || out == NULL)
        return SSR_EINVAL;
    return ssri_codes_print(k->native, out, out_len);
}

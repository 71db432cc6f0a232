/*
 * Kind names, detection and the validation entry point.
 */
#include <string.h>

#include <stdio.h>

#include "attestations.h"
#include "detect.h"

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
    {SSR_KIND_SIGSTORE_TRUSTED_ROOT, "sigstore-trusted-root", &ssri_trusted_root_kind, NULL},
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
 * Collects the top-level member names of the object text src[0..len), as
 * far as it goes, each with its string value when it has one, so that a
 * document that does not parse (a truncated bundle) is still reported as
 * its kind.
 */
static void sniff(const char *src, size_t len, ssri_members *m)
{
    size_t i = 0, depth = 0;
    bool after_name = false; /* the last token at depth 1 was a member name and its colon */
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
            ssri_name text = {src + start, (i < len ? i : len) - start};
            if (depth == 1 && j < len && src[j] == ':' && m->count < SSRI_ARRAY_LEN(m->names)) {
                m->values[m->count] = (ssri_name){NULL, 0};
                m->names[m->count++] = text;
                after_name = true;
                i = j + 1;
                continue;
            }
            if (depth == 1 && after_name)
                m->values[m->count - 1] = text;
            after_name = false;
            i++;
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && depth > 0)
            depth--;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            after_name = false;
        i++;
    }
}

/* The diagnostic of a document whose kind could not be told. */
static int report_detection(ssr_report *r, const ssri_detection *d, const cJSON *root, const char *data, size_t len)
{
    char message[320];
    if (d->status == SSRI_AMBIGUOUS) {
        snprintf(message, sizeof message,
                 "Expected the members of one kind, found \"%.*s\" of %s and \"%.*s\" of %s.", (int)(d->mark.len > 60 ? 60 : d->mark.len),
                 d->mark.text, ssr_kind_name(d->first),
                 (int)(d->other_mark.len > 60 ? 60 : d->other_mark.len), d->other_mark.text, ssr_kind_name(d->other));
        return ssri_report_add(r, SSR_SEVERITY_ERROR, "kind.ambiguous", "", data, len, ssri_node_offset(root), message);
    }
    if (d->unknown_ssr)
        return ssri_report_add(r, SSR_SEVERITY_ERROR, "kind.unknown", "/ssr", data, len,
                               ssri_node_offset(ssri_get(root, "ssr")),
                               "Expected \"ssr\" to name a kind (release/v1, trusted-publisher/v1, "
                               "repository-profile/v1), found an unknown one.");
    snprintf(message, sizeof message,
             "Expected a document of a known kind (a member such as ssr, _type, payloadType, mediaType, id or "
             "attestations), found %s.",
             cJSON_IsObject(root) ? (root->child != NULL ? "no member that marks a kind" : "an empty object")
                                  : ssri_type_name(root));
    return ssri_report_add(r, SSR_SEVERITY_ERROR, "kind.undetected", "", data, len, ssri_node_offset(root), message);
}

/*
 * The kind of a parsed document. An array whose first item is an OSV record
 * is a mistaken OSV document (OSV API results pasted whole), reported as
 * such; other arrays and scalars are undetected.
 */
static ssri_detection detect_parsed(const cJSON *root)
{
    const ssri_detection undetected = {
        .status = SSRI_UNDETECTED, .kind = SSR_KIND_JSON, .first = SSR_KIND_JSON, .other = SSR_KIND_JSON};
    ssri_members m = {.object = root};
    if (cJSON_IsArray(root) && cJSON_IsObject(root->child)) {
        m.object = root->child;
        ssri_detection d = ssri_detect(&m);
        if (d.status != SSRI_DETECTED || d.kind != SSR_KIND_OSV)
            d = undetected;
        return d;
    }
    if (!cJSON_IsObject(root))
        return undetected;
    return ssri_detect(&m);
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
    SSRI_RESET(report);
    SSRI_RESET(doc_out);
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (report == NULL || k == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;

    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssr_doc_parse(data, len, opts, &doc, &r);
    if (status == SSR_EINVALID) {
        ssri_members m = {0};
        if (kind == SSR_KIND_AUTO)
            sniff(data, r->items[0].offset, &m);
        r->kind = kind == SSR_KIND_AUTO ? ssri_detect(&m).kind : kind;
        *report = r;
        return SSR_OK;
    }
    if (status != SSR_OK)
        return status;

    ssri_check check = {doc->root, data, len, r, SSR_OK, shape_only, &doc->arena};
    r->kind = kind;
    if (kind == SSR_KIND_AUTO) {
        ssri_detection d = detect_parsed(doc->root);
        r->kind = d.kind;
        if (d.status != SSRI_DETECTED)
            check.status = report_detection(r, &d, doc->root, data, len);
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
    SSRI_RESET(out);
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (k == NULL || k->native == NULL || !k->native->own_schema || out == NULL)
        return SSR_EINVAL;
    return ssri_schema_print(k->native, out, out_len);
}

int ssr_schema_codes(int kind, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (k == NULL || k->native == NULL || out == NULL)
        return SSR_EINVAL;
    return ssri_codes_print(k->native, out, out_len);
}

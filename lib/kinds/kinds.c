/*
 * Kind names, detection and the validation entry point.
 */
#include <string.h>

#include "schema.h"

static const ssri_kind kinds[] = {
    {SSR_KIND_AUTO, "auto", NULL, NULL},
    {SSR_KIND_JSON, "json", NULL, NULL},
    {SSR_KIND_RELEASE, "release", &ssri_release_kind, NULL},
    {SSR_KIND_TRUSTED_PUBLISHER, "trusted-publisher", &ssri_trusted_publisher_kind, NULL},
    {SSR_KIND_REPOSITORY_PROFILE, "repository-profile", &ssri_repository_profile_kind, NULL},
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
 * The kind a document declares. Native kinds say so in "ssr":
 * "<kind>/v<major>"; the major is checked by the kind's own "ssr" rule.
 * A document that declares nothing known is plain JSON.
 */
static int detect_kind(const cJSON *root, const char **unknown)
{
    *unknown = NULL;
    const char *ssr = ssri_get_string(root, "ssr");
    if (ssr != NULL) {
        size_t n = strcspn(ssr, "/");
        for (size_t i = 0; i < SSRI_ARRAY_LEN(kinds); i++)
            if (kinds[i].native != NULL && strlen(kinds[i].name) == n && strncmp(ssr, kinds[i].name, n) == 0)
                return kinds[i].id;
        *unknown = ssr;
    }
    return SSR_KIND_JSON;
}

static void validate_kind(ssri_check *check, const ssri_kind *k)
{
    if (k->native != NULL)
        ssri_walk_document(check, k->native);
    if (k->validate != NULL && check->status == SSR_OK)
        k->validate(check);
}

int ssr_validate(const void *data, size_t len, int kind, const ssr_options *opts, ssr_report **report)
{
    if (report != NULL)
        *report = NULL;
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (report == NULL || k == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;

    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssr_doc_parse(data, len, opts, &doc, &r);
    if (status == SSR_EINVALID) {
        r->kind = kind == SSR_KIND_AUTO ? SSR_KIND_JSON : kind;
        *report = r;
        return SSR_OK;
    }
    if (status != SSR_OK)
        return status;

    ssri_check check = {doc->root, data, len, r, SSR_OK};
    const char *unknown = NULL;
    r->kind = kind == SSR_KIND_AUTO ? detect_kind(doc->root, &unknown) : kind;
    if (unknown != NULL) {
        const cJSON *ssr = ssri_get(doc->root, "ssr");
        check.status = ssri_report_add(r, SSR_SEVERITY_ERROR, "kind.unknown", "/ssr", data, len,
                                       ssri_node_offset(ssr),
                                       "Expected \"ssr\" to name a kind (release/v1, trusted-publisher/v1, "
                                       "repository-profile/v1), found an unknown one.");
    }
    validate_kind(&check, ssri_kind_by_id(r->kind));
    ssr_doc_free(doc);
    if (check.status != SSR_OK) {
        ssr_report_free(r);
        return check.status;
    }
    *report = r;
    return SSR_OK;
}

int ssr_schema(int kind, char **out, size_t *out_len)
{
    if (out != NULL)
        *out = NULL;
    const ssri_kind *k = ssri_kind_by_id(kind);
    if (k == NULL || k->native == NULL || out == NULL)
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

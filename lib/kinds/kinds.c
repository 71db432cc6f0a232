/*
 * Kind names, detection and the validation entry point.
 */
#include <string.h>

#include "kinds.h"

static const ssri_kind kinds[] = {
    {SSR_KIND_AUTO, "auto", NULL},
    {SSR_KIND_JSON, "json", NULL},
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

    /* Until schema kinds exist, every document detected is plain JSON. */
    r->kind = kind == SSR_KIND_AUTO ? SSR_KIND_JSON : kind;
    k = ssri_kind_by_id(r->kind);
    ssri_check check = {doc->root, data, len, r, SSR_OK};
    if (k->validate != NULL)
        k->validate(&check);
    ssr_doc_free(doc);
    if (check.status != SSR_OK) {
        ssr_report_free(r);
        return check.status;
    }
    *report = r;
    return SSR_OK;
}

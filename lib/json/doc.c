/*
 * Reader options and the document handle.
 */
#include <string.h>

#include "json.h"
#include "ssr/validate.h"

static const uint64_t limit_defaults[6] = {
    [SSR_LIMIT_DEPTH] = 128,
    [SSR_LIMIT_SIZE] = 64u << 20,
    [SSR_LIMIT_STRING] = 16u << 20,
    [SSR_LIMIT_ARRAY] = 1u << 20,
    [SSR_LIMIT_MEMBERS] = 1u << 16,
};

/*
 * Ceilings: the writers recurse once per nesting level, so depth stays
 * where any thread's stack holds it; offsets are kept in an int.
 */
static const uint64_t limit_ceilings[6] = {
    [SSR_LIMIT_DEPTH] = 1024,
    [SSR_LIMIT_SIZE] = 0x7fffffffu,
    [SSR_LIMIT_STRING] = 0x7fffffffu,
    [SSR_LIMIT_ARRAY] = 0x7fffffffu,
    [SSR_LIMIT_MEMBERS] = 0x7fffffffu,
};

static bool known_limit(ssr_limit which)
{
    return which >= SSR_LIMIT_DEPTH && which <= SSR_LIMIT_MEMBERS;
}

uint64_t ssr_limit_default(ssr_limit which)
{
    return known_limit(which) ? limit_defaults[which] : 0;
}

uint64_t ssr_limit_max(ssr_limit which)
{
    return known_limit(which) ? limit_ceilings[which] : 0;
}

ssr_options *ssr_options_new(void)
{
    ssr_options *opts = ssri_malloc(sizeof *opts);
    if (opts != NULL)
        memcpy(opts->limits, limit_defaults, sizeof opts->limits);
    return opts;
}

void ssr_options_free(ssr_options *opts)
{
    ssri_free(opts);
}

int ssr_options_set_limit(ssr_options *opts, ssr_limit which, uint64_t value)
{
    if (opts == NULL || !known_limit(which))
        return SSR_EINVAL;
    if (value == 0 || value > limit_ceilings[which])
        return SSR_ERANGE;
    opts->limits[which] = value;
    return SSR_OK;
}

uint64_t ssr_options_get_limit(const ssr_options *opts, ssr_limit which)
{
    if (!known_limit(which))
        return 0;
    return opts != NULL ? opts->limits[which] : limit_defaults[which];
}

int ssr_doc_parse(const void *data, size_t len, const ssr_options *opts, ssr_doc **doc,
                  ssr_report **report)
{
    SSRI_RESET(doc);
    SSRI_RESET(report);
    if (doc == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;

    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    ssr_doc *d = ssri_malloc(sizeof *d);
    if (r == NULL || d == NULL) {
        ssr_report_free(r);
        ssri_free(d);
        return SSR_ENOMEM;
    }
    memset(d, 0, sizeof *d);
    int status = ssri_parse(data != NULL ? data : "", len, opts, d, r);
    if (status != SSR_OK) {
        ssr_doc_free(d);
        d = NULL;
    }
    if (status == SSR_ENOMEM || report == NULL) {
        ssr_report_free(r);
        r = NULL;
    }
    *doc = d;
    if (report != NULL)
        *report = r;
    return status;
}

void ssr_doc_free(ssr_doc *doc)
{
    if (doc == NULL)
        return;
    ssri_arena_release(&doc->arena);
    ssri_free(doc);
}

/* ---- reading a tree ------------------------------------------------------ */

const cJSON *ssri_get(const cJSON *object, const char *name)
{
    if (ssri_json_type(object) != cJSON_Object)
        return NULL;
    for (const cJSON *c = object->child; c != NULL; c = c->next)
        if (c->string[0] == name[0] && strcmp(c->string, name) == 0)
            return c;
    return NULL;
}

const char *ssri_get_string(const cJSON *object, const char *name)
{
    const cJSON *m = ssri_get(object, name);
    return ssri_json_type(m) == cJSON_String ? m->valuestring : NULL;
}

const char *ssri_type_name(const cJSON *value)
{
    switch (value->type & 0xff) {
    case cJSON_String:
        return "a string";
    case cJSON_Number:
        return "a number";
    case cJSON_True:
    case cJSON_False:
        return "a boolean";
    case cJSON_NULL:
        return "null";
    case cJSON_Array:
        return "an array";
    case cJSON_Object:
        return "an object";
    default:
        return "a value";
    }
}

/*
 * The schema walker, the JSON Schema printer and the code lister, all
 * three driven by the same node tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/base64.h"
#include "formats.h"
#include "schema.h"

#define MAX_SAFE_INTEGER 9007199254740991LL

/* ---- pointer and reporting --------------------------------------------- */

static size_t push_segment(ssri_walk *w, ssri_segment segment)
{
    size_t mark = w->path.len;
    ssri_buf_append(&w->path, &segment, sizeof segment);
    return mark;
}

size_t ssri_push_name(ssri_walk *w, const char *name)
{
    return push_segment(w, (ssri_segment){name, 0});
}

size_t ssri_push_index(ssri_walk *w, size_t index)
{
    return push_segment(w, (ssri_segment){NULL, index});
}

void ssri_pop(ssri_walk *w, size_t mark)
{
    if (!w->path.failed)
        w->path.len = mark;
}

/*
 * The walk's current pointer as text, plus `member` when not NULL; freed
 * with ssri_free(). NULL, with the walk's status set, when out of memory.
 */
static char *pointer_text(ssri_walk *w, const char *member)
{
    ssri_buf text = {0};
    const ssri_segment *segments = (const ssri_segment *)(const void *)w->path.data;
    for (size_t i = 0; !w->path.failed && i < w->path.len / sizeof *segments; i++) {
        if (segments[i].name != NULL)
            ssri_pointer_push_name(&text, segments[i].name);
        else
            ssri_pointer_push_index(&text, segments[i].index);
    }
    if (member != NULL)
        ssri_pointer_push_name(&text, member);
    char *out = NULL;
    if (w->path.failed) /* a step of the pointer is missing: out of memory */
        ssri_buf_release(&text);
    else if (ssri_buf_finish(&text, &out, NULL) == SSR_OK)
        return out;
    w->check->status = SSR_ENOMEM;
    return NULL;
}

void ssri_flag(ssri_walk *w, int severity, const char *stem, const char *rule, const cJSON *at, bool at_name,
               const char *member, const char *fmt, ...)
{
    if (w->check->status != SSR_OK)
        return;
    char code[160], message[512];
    if (stem != NULL)
        snprintf(code, sizeof code, "%s.%s.%s", w->kind->name, stem, rule);
    else
        snprintf(code, sizeof code, "%s.%s", w->kind->name, rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    char *pointer = pointer_text(w, member);
    if (pointer == NULL)
        return;
    int status;
    if (w->outer_pointer != NULL) {
        status = ssri_report_add(w->check->report, severity, code, w->outer_pointer, w->check->src,
                                 w->check->src_len, w->outer_offset, message);
        if (status == SSR_OK)
            status = ssri_report_set_payload_pointer(w->check->report, pointer);
    } else {
        size_t offset =
            at_name ? ssri_member_name_offset(w->check->src, w->check->src_len, at) : ssri_node_offset(at);
        status = ssri_report_add(w->check->report, severity, code, pointer, w->check->src, w->check->src_len,
                                 offset, message);
    }
    ssri_free(pointer);
    if (status != SSR_OK)
        w->check->status = SSR_ENOMEM;
}

/* ---- small helpers ------------------------------------------------------ */


static char fold_char(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Member names that differ only by case or by _ - and camelCase spelling. */
bool ssri_name_near(const char *name, size_t len, const char *want)
{
    size_t i = 0;
    for (;; want++, i++) {
        while (i < len && (name[i] == '_' || name[i] == '-'))
            i++;
        while (*want == '_' || *want == '-')
            want++;
        if (i == len || *want == '\0')
            return i == len && *want == '\0';
        if (fold_char(name[i]) != fold_char(*want))
            return false;
    }
}

static const ssri_member *near_miss(const ssri_member *members, const char *name)
{
    size_t len = strlen(name);
    for (const ssri_member *m = members; m->name != NULL; m++)
        if (ssri_name_near(name, len, m->name))
            return m;
    return NULL;
}

/* "x-VENDOR-NAME": a vendor of lowercase letters and digits, then a non-empty name. */
static bool vendor_extension(const char *name)
{
    const char *p = name + 2;
    size_t vendor = 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
        p++, vendor++;
    return vendor > 0 && *p == '-' && p[1] != '\0';
}

static const ssri_member *find_member(const ssri_member *members, const char *name)
{
    for (const ssri_member *m = members; m != NULL && m->name != NULL; m++)
        if (m->name[0] == name[0] && strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

/* ---- the walker --------------------------------------------------------- */

static bool type_matches(const ssri_node *node, const cJSON *value)
{
    if (node->nullable && ssri_json_type(value) == cJSON_NULL)
        return true;
    switch (node->type) {
    case SSRI_STRING:
        return ssri_json_type(value) == cJSON_String;
    case SSRI_INTEGER:
        return ssri_json_type(value) == cJSON_Number;
    case SSRI_BOOLEAN:
        return ssri_json_type(value) == cJSON_True || ssri_json_type(value) == cJSON_False;
    case SSRI_OBJECT:
    case SSRI_UNION:
        return ssri_json_type(value) == cJSON_Object;
    case SSRI_ARRAY:
        return ssri_json_type(value) == cJSON_Array;
    default:
        return true;
    }
}

static const char *type_wanted(const ssri_node *node)
{
    static const char *names[] = {"a value", "a string", "an integer", "a boolean", "an object", "an array",
                                  "an object"};
    return names[node->type];
}

/* A package URL: parsed whole by the kind's parser (which allocates, so out of memory is not a format error). */
static void walk_purl(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    char message[256] = "";
    int status = w->kind->purl_check != NULL ? w->kind->purl_check(value->valuestring, message, sizeof message)
                                             : SSR_EINVAL; /* a table error: a purl node in a kind without the parser */
    if (status == SSR_ENOMEM)
        w->check->status = SSR_ENOMEM;
    else if (status != SSR_OK)
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "format", value, false, NULL,
                  "Expected a package URL (pkg:TYPE/NAMESPACE/NAME@VERSION), found \"%.60s%s\": %s",
                  value->valuestring, strlen(value->valuestring) > 60 ? "..." : "", message);
}

/* "KIND/v1.N": N from 1, without leading zeros, at most 9 digits. */
static bool later_minor(const char *s, const char *constant)
{
    size_t n = strlen(constant), digits = 0;
    if (strncmp(s, constant, n) != 0 || s[n] != '.' || s[n + 1] < '1' || s[n + 1] > '9')
        return false;
    for (const char *p = s + n + 1; *p != '\0'; p++, digits++)
        if (*p < '0' || *p > '9')
            return false;
    return digits <= 9;
}

/* MAJOR.MINOR, each 1 to 9 digits without a leading zero, into v[2]; false when `s` is not one. */
static bool version_pair(const char *s, unsigned long v[2])
{
    for (int i = 0; i < 2; i++) {
        size_t digits = 0;
        v[i] = 0;
        for (; *s >= '0' && *s <= '9'; s++, digits++)
            v[i] = v[i] * 10 + (unsigned long)(*s - '0');
        if (digits == 0 || digits > 9 || (digits > 1 && s[-(long)digits] == '0') || *s != (i == 0 ? '.' : '\0'))
            return false;
        s++;
    }
    return true;
}

/* Is `s` a version MAJOR.MINOR later than `constant`? */
static bool later_version(const char *s, const char *constant)
{
    unsigned long a[2], b[2];
    return version_pair(s, a) && version_pair(constant, b) && (a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]));
}

static void walk_string_rules(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    const char *s = value->valuestring;
    if (node->constant != NULL && node->later_versions && later_version(s, node->constant)) {
        ssri_flag(w, SSR_SEVERITY_WARNING, node->stem, "later", value, false, NULL,
                  "Expected \"%s\", found the later version \"%.80s\": read with %s's meaning; what it adds is "
                  "kept with warnings.", node->constant, s, node->constant);
        return;
    }
    if (node->constant != NULL && node->minor_versions && later_minor(s, node->constant)) {
        ssri_flag(w, SSR_SEVERITY_WARNING, node->stem, "minor", value, false, NULL,
                  "Expected \"%s\", found the later minor version \"%.80s\": read as %s, members it adds are "
                  "kept with warnings.", node->constant, s, node->constant);
        return;
    }
    if (node->constant != NULL && strcmp(s, node->constant) != 0) {
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "const", value, false, NULL, "Expected \"%s\", found \"%.80s\".",
                  node->constant, s);
        return;
    }
    if (node->values != NULL) {
        const char *const *v = node->values;
        while (*v != NULL && strcmp(*v, s) != 0)
            v++;
        if (*v == NULL) {
            ssri_buf allowed = {0};
            for (v = node->values; *v != NULL; v++)
                ssri_buf_printf(&allowed, "%s\"%s\"", v == node->values ? "" : ", ", *v);
            ssri_buf_putc(&allowed, '\0');
            if (node->open_values)
                ssri_flag(w, SSR_SEVERITY_WARNING, node->stem, "unknown-value", value, false, NULL,
                          "Expected one of %s, found \"%.80s\": kept (a later version may define it), read as none of "
                          "them.", allowed.failed ? "the listed values" : allowed.data, s);
            else
                ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "enum", value, false, NULL,
                          "Expected one of %s, found \"%.80s\".", allowed.failed ? "the listed values" : allowed.data, s);
            ssri_buf_release(&allowed);
            return;
        }
    }
    size_t length = node->min_length || node->max_length ? ssri_utf8_chars(s) : 0;
    if ((node->min_length && length < node->min_length) || (node->max_length && length > node->max_length)) {
        char expected[64];
        if (node->min_length == node->max_length)
            snprintf(expected, sizeof expected, "exactly %u", node->min_length);
        else if (node->max_length == 0)
            snprintf(expected, sizeof expected, "at least %u", node->min_length);
        else if (node->min_length <= 1)
            snprintf(expected, sizeof expected, "%s%u", node->min_length ? "1 to " : "at most ", node->max_length);
        else
            snprintf(expected, sizeof expected, "%u to %u", node->min_length, node->max_length);
        if (length == 0)
            ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "length", value, false, NULL,
                      "Expected %s characters, found an empty string.", expected);
        else
            ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "length", value, false, NULL,
                      "Expected %s characters, found %zu.", expected, length);
        return;
    }
    if (node->format == SSRI_FMT_PURL) {
        walk_purl(w, node, value);
        return;
    }
    if (node->format != SSRI_FMT_NONE) {
        char buf[320];
        const char *problem = ssri_format_problem(node->format, s, node->min_length, buf, sizeof buf);
        if (problem == NULL)
            return;
        if (strstr(problem, ", found ") != NULL || strstr(problem, "found none") != NULL) {
            ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "format", value, false, NULL, "%s", problem);
            return;
        }
        /* "Expected X." becomes "Expected X, found "VALUE"." */
        size_t n = strlen(problem), shown = strlen(s) > 60 ? 60 : strlen(s);
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "format", value, false, NULL, "%.*s, found %s%.*s%s%s.",
                  (int)(n > 0 && problem[n - 1] == '.' ? n - 1 : n), problem, s[0] != '\0' ? "\"" : "an empty string",
                  (int)shown, s, shown < strlen(s) ? "..." : "", s[0] != '\0' ? "\"" : "");
    }
}

static void walk_string(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    walk_string_rules(w, node, value);
    char where[64];
    if (node->name && ssri_invisible_found(value->valuestring, where, sizeof where) != NULL)
        ssri_flag(w, SSR_SEVERITY_WARNING, node->stem, "invisible", value, false, NULL,
                  "Expected a name without invisible or bidirectional-control characters, found %s: it can look "
                  "like another name.", where);
}

static void walk_integer(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    if (!(value->type & SSRI_NUMBER_INTEGRAL)) {
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "integer", value, false, NULL,
                  "Expected an integer written without fraction or exponent, found %.17g.", value->valuedouble);
        return;
    }
    int64_t min = node->minimum, max = node->maximum;
    if (min == 0 && max == 0)
        max = MAX_SAFE_INTEGER;
    double v = value->valuedouble;
    if (v < (double)min || v > (double)max)
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "range", value, false, NULL,
                  "Expected an integer from %lld to %lld, found %.17g.", (long long)min, (long long)max, v);
}

/* ---- the protobuf JSON mapping ------------------------------------------------ */

/* Is `proto` the original field name ("rfc3161_timestamps") whose JSON name is `json` ("rfc3161Timestamps")? */
static bool proto_name_of(const char *proto, const char *json)
{
    bool upper = false, underscore = false;
    for (; *proto != '\0'; proto++) {
        if (*proto == '_') {
            upper = underscore = true;
            continue;
        }
        char want = upper && *proto >= 'a' && *proto <= 'z' ? (char)(*proto - 32) : *proto;
        if (*json++ != want)
            return false;
        upper = false;
    }
    return *json == '\0' && underscore;
}

/*
 * Fields spelled with their proto names are renamed to their JSON names,
 * so that whatever reads the tree afterwards finds one spelling (names
 * point at the table's strings: the tree lives in the document's arena and
 * is never freed member by member). One field in both spellings is an
 * error: two parsers could each take a different one.
 */
/* The table member whose proto field name `name` is, or NULL. */
static const ssri_member *proto_alias(const ssri_member *members, const char *name)
{
    if (strchr(name, '_') == NULL)
        return NULL;
    for (const ssri_member *m = members; m->name != NULL; m++)
        if (proto_name_of(name, m->name))
            return m;
    return NULL;
}

static void proto_names(ssri_walk *w, const ssri_member *members, const cJSON *object)
{
    for (cJSON *c = object->child; c != NULL; c = c->next) {
        const ssri_member *m = find_member(members, c->string) == NULL ? proto_alias(members, c->string) : NULL;
        if (m == NULL)
            continue;
        if (ssri_get(object, m->name) != NULL) {
            ssri_flag(w, SSR_SEVERITY_ERROR, "proto-json", "both-names", c, true, c->string,
                      "Expected the field once, found it as \"%s\" and as \"%.80s\".", m->name, c->string);
            continue;
        }
        ssri_flag(w, SSR_SEVERITY_WARNING, "proto-json", "field-name", c, true, c->string,
                  "Expected the JSON name \"%s\", found the proto field name \"%.80s\" (the protobuf JSON mapping "
                  "accepts it): read as \"%s\".",
                  m->name, c->string, m->name);
        c->string = (char *)m->name;
    }
}

/*
 * An int64 written as a JSON number, or bytes as base64 without padding,
 * as the protobuf JSON mapping accepts: rewritten to the canonical
 * spelling (a string of the number's own digits, from the input; padded
 * base64), with a warning. Anything else is left for the rules to judge.
 */
static void proto_value(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    cJSON *v = (cJSON *)value;
    if (node->type != SSRI_STRING || w->check->arena == NULL)
        return;
    if (node->format == SSRI_FMT_UNSIGNED && ssri_json_type(v) == cJSON_Number && (v->type & SSRI_NUMBER_INTEGRAL) &&
        v->valuedouble >= 0) {
        const char *digits = w->check->src + ssri_node_offset(v);
        size_t n = 0;
        while (ssri_node_offset(v) + n < w->check->src_len && digits[n] >= '0' && digits[n] <= '9')
            n++;
        char *text = ssri_arena_alloc(w->check->arena, n + 1);
        if (text == NULL) {
            w->check->status = SSR_ENOMEM;
            return;
        }
        memcpy(text, digits, n);
        text[n] = '\0';
        ssri_flag(w, SSR_SEVERITY_WARNING, "proto-json", "int64-number", value, false, NULL,
                  "Expected an int64 as a JSON string, found the number %s (the protobuf JSON mapping accepts it): "
                  "read as \"%s\".",
                  text, text);
        v->type = cJSON_String | (v->type & ~0xff & ~SSRI_NUMBER_INTEGRAL);
        v->valuestring = text;
        return;
    }
    if (node->format == SSRI_FMT_BASE64 && ssri_json_type(v) == cJSON_String) {
        size_t n = strlen(v->valuestring);
        if (n % 4 == 0 || n % 4 == 1 || strchr(v->valuestring, '=') != NULL)
            return;
        char *text = ssri_arena_alloc(w->check->arena, n + 3);
        if (text == NULL) {
            w->check->status = SSR_ENOMEM;
            return;
        }
        memcpy(text, v->valuestring, n);
        while (n % 4 != 0)
            text[n++] = '=';
        text[n] = '\0';
        int status;
        if (!ssri_base64_decode(text, n, NULL, NULL, &status))
            return; /* not base64 once padded either: the format rule says so */
        ssri_flag(w, SSR_SEVERITY_WARNING, "proto-json", "base64-unpadded", value, false, NULL,
                  "Expected base64 with its padding, found it without (the protobuf JSON mapping accepts that): "
                  "read padded.");
        v->valuestring = text;
    }
}

/* Table members are matched to the object's in windows of this many. */
#define MEMBER_WINDOW 32

/*
 * Walks the members the table names, in the table's order, then reports
 * those it does not name. Each of the object's members is looked up once
 * per window of the table (the parser has refused repeated names, so a
 * name matches at most one member): a table of n entries and an object of
 * m members cost m * n comparisons at most, not twice that.
 */
static void walk_members(ssri_walk *w, const ssri_node *node, const ssri_member *members, const cJSON *object)
{
    if (w->proto_json)
        proto_names(w, members, object);
    bool unknown = false;
    for (const ssri_member *window = members; window->name != NULL; window += MEMBER_WINDOW) {
        size_t n = 0;
        while (n < MEMBER_WINDOW && window[n].name != NULL)
            n++;
        const cJSON *found[MEMBER_WINDOW] = {0};
        for (const cJSON *c = object->child; c != NULL; c = c->next) {
            /* The search runs to the table's end: the first window also finds the unknown. */
            const ssri_member *m = find_member(window, c->string);
            if (m != NULL && m < window + n)
                found[m - window] = c;
            else if (m == NULL && window == members &&
                     (strncmp(c->string, "x-", 2) != 0 || (w->kind->own_schema && !vendor_extension(c->string))))
                unknown = true;
        }
        for (size_t i = 0; i < n; i++) {
            const ssri_member *m = &window[i];
            if (found[i] == NULL) {
                if (m->required)
                    ssri_flag(w, SSR_SEVERITY_ERROR, m->node->stem, "required", object, false, NULL,
                              "Expected member \"%s\", found none.", m->name);
                continue;
            }
            size_t mark = ssri_push_name(w, m->name);
            ssri_walk_node(w, m->node, found[i]);
            ssri_pop(w, mark);
        }
        if (n < MEMBER_WINDOW)
            break;
    }
    if (!unknown || node->unknown == SSRI_UNKNOWN_CHECKED)
        return;
    for (const cJSON *c = object->child; c != NULL; c = c->next) {
        if (strncmp(c->string, "x-", 2) == 0 && w->kind->own_schema && !vendor_extension(c->string))
            ssri_flag(w, SSR_SEVERITY_WARNING, NULL, "extension-name", c, true, c->string,
                      "Expected an extension named x-VENDOR-NAME (x-pypi-review), found \"%.80s\": two vendors' "
                      "x- names may collide.", c->string);
        if (strncmp(c->string, "x-", 2) == 0 || find_member(members, c->string) != NULL ||
            (w->proto_json && proto_alias(members, c->string) != NULL)) /* both names: said above */
            continue;
        const ssri_member *close = near_miss(members, c->string);
        if (node->unknown == SSRI_UNKNOWN_ERROR)
            ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "unknown", c, true, c->string,
                      "Expected one of the names this object defines%s%s%s, found \"%.80s\".",
                      close ? " (\"" : "", close ? close->name : "", close ? "\" differs only in spelling)" : "",
                      c->string);
        else if (close != NULL)
            ssri_flag(w, w->kind->near_miss_severity, NULL, "near-miss", c, true, c->string,
                      "Expected member \"%s\", found \"%.80s\", which differs only in spelling.", close->name,
                      c->string);
        else if (node->unknown == SSRI_UNKNOWN_WARN || w->proto_json)
            ssri_flag(w, SSR_SEVERITY_WARNING, NULL, "unknown-member", c, true, c->string,
                      "Expected a member this kind defines (or an x- extension), found \"%.80s\"%s.", c->string,
                      w->proto_json ? ": ignored, as the protobuf JSON mapping allows" : "");
    }
}

static void walk_array(ssri_walk *w, const ssri_node *node, const cJSON *array)
{
    size_t count = 0;
    for (const cJSON *c = array->child; c != NULL; c = c->next) {
        size_t mark = ssri_push_index(w, count++);
        if (node->items != NULL)
            ssri_walk_node(w, node->items, c);
        if (node->unique && cJSON_IsString(c)) {
            for (const cJSON *d = array->child; d != c; d = d->next) {
                if (cJSON_IsString(d) && strcmp(d->valuestring, c->valuestring) == 0) {
                    ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "unique", c, false, NULL,
                              "Expected distinct items, found \"%.80s\" again.", c->valuestring);
                    break;
                }
            }
        }
        ssri_pop(w, mark);
    }
    if (count < node->min_items)
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "min-items", array, false, NULL,
                  "Expected at least %u item%s, found %zu.", node->min_items, node->min_items == 1 ? "" : "s", count);
}

static void walk_union(ssri_walk *w, const ssri_node *node, const cJSON *object)
{
    const cJSON *tag = ssri_get(object, node->tag);
    char stem[96];
    snprintf(stem, sizeof stem, "%s.%s", node->stem, node->tag);
    if (tag == NULL) {
        ssri_flag(w, SSR_SEVERITY_ERROR, stem, "required", object, false, NULL, "Expected member \"%s\", found none.",
                  node->tag);
        return;
    }
    const ssri_variant *v = node->variants;
    while (v->tag != NULL && !(cJSON_IsString(tag) && strcmp(tag->valuestring, v->tag) == 0))
        v++;
    if (v->tag == NULL) {
        ssri_buf allowed = {0};
        for (const ssri_variant *a = node->variants; a->tag != NULL; a++)
            ssri_buf_printf(&allowed, "%s\"%s\"", a == node->variants ? "" : ", ", a->tag);
        ssri_buf_putc(&allowed, '\0');
        ssri_flag(w, SSR_SEVERITY_ERROR, stem, "enum", tag, false, node->tag, "Expected one of %s, found %s%.80s%s.",
                  allowed.failed ? "the listed values" : allowed.data, cJSON_IsString(tag) ? "\"" : "",
                  cJSON_IsString(tag) ? tag->valuestring : ssri_type_name(tag), cJSON_IsString(tag) ? "\"" : "");
        ssri_buf_release(&allowed);
        return;
    }
    ssri_walk_node(w, v->node, object);
}

void ssri_walk_node(ssri_walk *w, const ssri_node *node, const cJSON *value)
{
    if (w->check->status != SSR_OK)
        return;
    if (node->owner != NULL && node->owner != w->kind) {
        const ssri_native *kind = w->kind;
        w->kind = node->owner;
        ssri_walk_node(w, node, value);
        w->kind = kind;
        return;
    }
    bool proto = w->proto_json;
    w->proto_json = proto || node->proto_json;
    if (w->proto_json)
        proto_value(w, node, value);
    if (!type_matches(node, value)) {
        ssri_flag(w, SSR_SEVERITY_ERROR, node->stem, "type", value, false, NULL, "Expected %s, found %s.",
                  type_wanted(node), ssri_type_name(value));
        w->proto_json = proto;
        return;
    }
    if (ssri_json_type(value) == cJSON_NULL) { /* a nullable node: nothing more to check */
        w->proto_json = proto;
        return;
    }
    switch (node->type) {
    case SSRI_STRING:
        walk_string(w, node, value);
        break;
    case SSRI_INTEGER:
        walk_integer(w, node, value);
        break;
    case SSRI_OBJECT:
        if (node->members != NULL && ssri_json_type(value) != cJSON_NULL)
            walk_members(w, node, node->members, value);
        break;
    case SSRI_ARRAY:
        walk_array(w, node, value);
        break;
    case SSRI_UNION:
        walk_union(w, node, value);
        break;
    default:
        break;
    }
    if (node->check != NULL)
        node->check(w, value);
    w->proto_json = proto;
}

bool ssri_walk_payload(ssri_walk *w, const cJSON *at, const unsigned char *payload, size_t len,
                       const ssri_native *kind, bool (*applies)(const cJSON *root),
                       void (*extra)(ssri_walk *w, const cJSON *root))
{
    if (w->check->status != SSR_OK || w->outer_pointer != NULL)
        return false; /* payloads do not nest */
    char *pointer = pointer_text(w, NULL);
    ssr_report *inner = pointer != NULL ? ssri_report_new(SSR_KIND_JSON) : NULL;
    ssr_doc doc = {0};
    if (inner == NULL || pointer == NULL) {
        ssr_report_free(inner);
        ssri_free(pointer);
        w->check->status = SSR_ENOMEM;
        return false;
    }
    size_t offset = ssri_node_offset(at);
    int status = ssri_parse((const char *)payload, len, NULL, &doc, inner);
    if (status == SSR_EINVALID) {
        const ssri_diag *d = &inner->items[0];
        status = ssri_report_add(w->check->report, SSR_SEVERITY_ERROR, d->code, pointer, w->check->src,
                                 w->check->src_len, offset, d->message);
        if (status == SSR_OK)
            status = ssri_report_set_payload_pointer(w->check->report, d->pointer);
        ssri_free(pointer);
        ssr_report_free(inner);
        ssri_arena_release(&doc.arena);
        if (status != SSR_OK)
            w->check->status = SSR_ENOMEM;
        return false;
    }
    ssr_report_free(inner);
    if (status != SSR_OK) {
        ssri_free(pointer);
        ssri_arena_release(&doc.arena);
        w->check->status = status;
        return false;
    }
    ssri_check check = *w->check;
    check.root = doc.root;
    ssri_walk nested = {.check = &check, .kind = kind, .outer_pointer = pointer, .outer_offset = offset};
    if (applies == NULL || applies(doc.root)) {
        ssri_walk_node(&nested, kind->root, doc.root);
        if (extra != NULL && check.status == SSR_OK)
            extra(&nested, doc.root);
    }
    if (nested.path.failed)
        check.status = SSR_ENOMEM;
    w->check->status = check.status;
    ssri_buf_release(&nested.path);
    ssri_arena_release(&doc.arena);
    ssri_free(pointer);
    return true;
}

void ssri_walk_document(ssri_check *check, const ssri_native *kind)
{
    ssri_walk w = {.check = check, .kind = kind};
    ssri_walk_node(&w, kind->root, check->root);
    if (w.path.failed && check->status == SSR_OK)
        check->status = SSR_ENOMEM;
    ssri_buf_release(&w.path);
}

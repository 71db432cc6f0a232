/*
 * From the node tables to a JSON Schema (draft 2020-12) and to the list of
 * diagnostic codes a kind can raise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* The regular expression (ECMA-262, as JSON Schema uses) equal to a format check. */
static const char *format_pattern(ssri_format format, uint32_t length, char buf[64])
{
    switch (format) {
    case SSRI_FMT_TEXT:
        return "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";
    case SSRI_FMT_PROSE:
        return "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$";
    case SSRI_FMT_TIMESTAMP:
        return "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$";
    case SSRI_FMT_HTTPS_URL:
        return "^https://([^@/?#:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]*)?([/?#].*)?$";
    case SSRI_FMT_HEX:
        snprintf(buf, 64, "^[0-9a-f]{%u}$", length);
        return buf;
    case SSRI_FMT_REVISION:
        return "^([0-9a-f]{40}|[0-9a-f]{64})$";
    case SSRI_FMT_DIGITS:
        return "^(0|[1-9][0-9]*)$";
    case SSRI_FMT_UNSIGNED:
        return "^(0|[1-9][0-9]{0,18})$";
    case SSRI_FMT_ADVISORY_ID:
        return "^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9._:]+)+$";
    case SSRI_FMT_PURL:
        return "^pkg:[A-Za-z.+-][A-Za-z0-9.+-]*/([^/@?#%]|%[0-9A-Fa-f]{2})+(/([^/@?#%]|%[0-9A-Fa-f]{2})+)*"
               "(@([^?#%]|%[0-9A-Fa-f]{2})+)?(\\?[^#]*)?(#.*)?$";
    case SSRI_FMT_FILENAME:
        return "^(?!.*\\.\\.)(?!\\.$)[^/\\\\\\u0000-\\u001f\\u007f-\\u009f]+$";
    case SSRI_FMT_WORKFLOW:
        return "^[^/\\\\\\u0000-\\u001f\\u007f-\\u009f]+\\.ya?ml$";
    case SSRI_FMT_REPO_PATH:
        return "^[^/\\u0000-\\u0020\\u007f-\\u009f]+/[^/\\u0000-\\u0020\\u007f-\\u009f]+$";
    case SSRI_FMT_SEGMENT:
        return "^[^/\\u0000-\\u0020\\u007f-\\u009f]+$";
    case SSRI_FMT_WORKFLOW_PATH:
        return "^[^\\u0000-\\u001f\\u007f-\\u009f]+\\.ya?ml$";
    case SSRI_FMT_EMAIL:
        return "^[^@\\u0000-\\u0020\\u007f-\\u009f]+@[^@\\u0000-\\u0020\\u007f-\\u009f]+\\.[^@\\u0000-\\u0020\\u007f-\\u009f]+$";
    default:
        return NULL;
    }
}

extern const char ssri_ecosystem_pattern[];

static void put_string(ssri_buf *b, const char *s)
{
    ssri_json_escape(b, s, strlen(s));
}

static void put_key(ssri_buf *b, bool *first, const char *key)
{
    if (!*first)
        ssri_buf_putc(b, ',');
    *first = false;
    put_string(b, key);
    ssri_buf_putc(b, ':');
}

static void print_node(ssri_buf *b, const ssri_node *node);

static void print_string_rules(ssri_buf *b, bool *first, const ssri_node *node)
{
    char buf[64];
    if (node->constant != NULL && node->minor_versions) { /* KIND/v1 or KIND/v1.N */
        put_key(b, first, "pattern");
        ssri_buf_putc(b, '"');
        ssri_buf_putc(b, '^');
        for (const char *p = node->constant; *p != '\0'; p++) {
            if (*p == '.' || *p == '/')
                ssri_buf_puts(b, *p == '.' ? "\\\\." : "/");
            else
                ssri_buf_putc(b, *p);
        }
        ssri_buf_puts(b, "(\\\\.[1-9][0-9]{0,8})?$\"");
    } else if (node->constant != NULL && node->later_versions) {
        /* MAJOR.MINOR, the constant or a later one; the lower bound written for a first version "0.1" */
        put_key(b, first, "pattern");
        put_string(b, "^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$");
        put_key(b, first, "not");
        ssri_buf_printf(b, "{\"pattern\":\"^0\\\\.0$\"}");
    } else if (node->constant != NULL) {
        put_key(b, first, "const");
        put_string(b, node->constant);
    }
    if (node->values != NULL) {
        /* an open enumeration lists its values as examples: another value is valid (with a warning) */
        put_key(b, first, node->open_values ? "examples" : "enum");
        ssri_buf_putc(b, '[');
        for (const char *const *v = node->values; *v != NULL; v++) {
            if (v != node->values)
                ssri_buf_putc(b, ',');
            put_string(b, *v);
        }
        ssri_buf_putc(b, ']');
    }
    if (node->min_length) {
        put_key(b, first, "minLength");
        ssri_buf_printf(b, "%u", node->min_length);
    }
    if (node->max_length) {
        put_key(b, first, "maxLength");
        ssri_buf_printf(b, "%u", node->max_length);
    }
    if (node->format == SSRI_FMT_TIMESTAMP || node->format == SSRI_FMT_HTTPS_URL) {
        put_key(b, first, "format");
        put_string(b, node->format == SSRI_FMT_TIMESTAMP ? "date-time" : "uri");
    }
    const char *pattern =
        node->format == SSRI_FMT_ECOSYSTEM ? ssri_ecosystem_pattern : format_pattern(node->format, node->min_length, buf);
    if (pattern != NULL) {
        put_key(b, first, "pattern");
        put_string(b, pattern);
    }
}

static void print_members(ssri_buf *b, bool *first, const ssri_node *node, const ssri_member *members)
{
    if (members == NULL)
        return; /* a free-form object */
    put_key(b, first, "properties");
    ssri_buf_putc(b, '{');
    bool inner = true;
    for (const ssri_member *m = members; m->name != NULL; m++) {
        put_key(b, &inner, m->name);
        print_node(b, m->node);
    }
    ssri_buf_putc(b, '}');
    bool any_required = false;
    for (const ssri_member *m = members; m->name != NULL; m++) {
        if (!m->required)
            continue;
        if (!any_required) {
            put_key(b, first, "required");
            ssri_buf_putc(b, '[');
        } else {
            ssri_buf_putc(b, ',');
        }
        any_required = true;
        put_string(b, m->name);
    }
    if (any_required)
        ssri_buf_putc(b, ']');
    if (node->unknown == SSRI_UNKNOWN_ERROR) {
        put_key(b, first, "patternProperties");
        ssri_buf_puts(b, "{\"^x-\":{}}");
        put_key(b, first, "additionalProperties");
        ssri_buf_puts(b, "false");
    }
}

static void print_union(ssri_buf *b, bool *first, const ssri_node *node)
{
    put_key(b, first, "required");
    ssri_buf_putc(b, '[');
    put_string(b, node->tag);
    ssri_buf_putc(b, ']');
    put_key(b, first, "properties");
    ssri_buf_putc(b, '{');
    put_string(b, node->tag);
    ssri_buf_puts(b, ":{\"enum\":[");
    for (const ssri_variant *v = node->variants; v->tag != NULL; v++) {
        if (v != node->variants)
            ssri_buf_putc(b, ',');
        put_string(b, v->tag);
    }
    ssri_buf_puts(b, "]}}");
    put_key(b, first, "allOf");
    ssri_buf_putc(b, '[');
    for (const ssri_variant *v = node->variants; v->tag != NULL; v++) {
        if (v != node->variants)
            ssri_buf_putc(b, ',');
        ssri_buf_puts(b, "{\"if\":{\"properties\":{");
        put_string(b, node->tag);
        ssri_buf_puts(b, ":{\"const\":");
        put_string(b, v->tag);
        ssri_buf_puts(b, "}}},\"then\":");
        print_node(b, v->node);
        ssri_buf_putc(b, '}');
    }
    ssri_buf_putc(b, ']');
}

static void print_node(ssri_buf *b, const ssri_node *node)
{
    static const char *types[] = {NULL, "string", "integer", "boolean", "object", "array", "object"};
    bool first = true;
    ssri_buf_putc(b, '{');
    if (types[node->type] != NULL) {
        put_key(b, &first, "type");
        put_string(b, types[node->type]);
    }
    if (node->title != NULL) {
        put_key(b, &first, "description");
        put_string(b, node->title);
    }
    switch (node->type) {
    case SSRI_STRING:
        print_string_rules(b, &first, node);
        break;
    case SSRI_INTEGER:
        put_key(b, &first, "minimum");
        ssri_buf_printf(b, "%lld", (long long)node->minimum);
        put_key(b, &first, "maximum");
        ssri_buf_printf(b, "%lld", node->minimum == 0 && node->maximum == 0 ? 9007199254740991LL
                                                                               : (long long)node->maximum);
        break;
    case SSRI_OBJECT:
        print_members(b, &first, node, node->members);
        break;
    case SSRI_ARRAY:
        if (node->items != NULL) {
            put_key(b, &first, "items");
            print_node(b, node->items);
        }
        if (node->min_items) {
            put_key(b, &first, "minItems");
            ssri_buf_printf(b, "%u", node->min_items);
        }
        if (node->unique) {
            put_key(b, &first, "uniqueItems");
            ssri_buf_puts(b, "true");
        }
        break;
    case SSRI_UNION:
        print_union(b, &first, node);
        break;
    default:
        break;
    }
    if (node->schema_extra != NULL) {
        if (!first)
            ssri_buf_putc(b, ',');
        first = false;
        ssri_buf_puts(b, node->schema_extra);
    }
    ssri_buf_putc(b, '}');
}

int ssri_schema_print(const ssri_native *kind, char **out, size_t *out_len)
{
    ssri_buf b = {0};
    /* the $id is a name (SPEC section 17), the same as the kind's in-toto predicate type */
    ssri_buf_printf(&b, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                        "\"$id\":\"https://github.com/libssr/libssr/schema/%s/v1\",\"title\":", kind->name);
    ssri_buf_printf(&b, "\"libssr %s/v1\",", kind->name);
    /* The root node prints as the rest of the object. */
    ssri_buf inner = {0};
    print_node(&inner, kind->root);
    if (inner.failed || inner.len < 2) {
        ssri_buf_release(&inner);
        ssri_buf_release(&b);
        return SSR_ENOMEM;
    }
    ssri_buf_append(&b, inner.data + 1, inner.len - 1);
    ssri_buf_release(&inner);

    /* Pretty, through the library's own reader and writer. */
    char *compact = NULL;
    size_t compact_len = 0;
    int status = ssri_buf_finish(&b, &compact, &compact_len);
    if (status != SSR_OK)
        return status;
    ssr_doc *doc = NULL;
    status = ssr_doc_parse(compact, compact_len, NULL, &doc, NULL);
    ssri_free(compact);
    if (status == SSR_OK)
        status = ssr_doc_pretty(doc, out, out_len);
    ssr_doc_free(doc);
    return status == SSR_EINVALID ? SSR_ENOMEM : status;
}

/* ---- codes -------------------------------------------------------------- */

typedef struct code_list {
    ssri_buf lines;
    const ssri_node *seen[256];
    size_t seen_count;
    const char *skip_member;
    bool warns_unknown; /* some object reports unknown members as warnings */
} code_list;

static void add_code(code_list *c, const char *kind, const char *stem, const char *rule, int severity, bool beyond)
{
    ssri_buf_printf(&c->lines, "%s.%s%s%s\t%s\t%s\n", kind, stem ? stem : "", stem ? "." : "", rule,
                    severity == SSR_SEVERITY_ERROR ? "error" : "warning", beyond ? "beyond" : "schema");
}

static void list_node(code_list *c, const char *kind, const ssri_node *node)
{
    if (node->owner != NULL && strcmp(node->owner->name, kind) != 0)
        return; /* listed with the kind that owns it */
    for (size_t i = 0; i < c->seen_count; i++)
        if (c->seen[i] == node)
            return;
    if (c->seen_count < SSRI_ARRAY_LEN(c->seen))
        c->seen[c->seen_count++] = node;
    if (node->type != SSRI_ANY)
        add_code(c, kind, node->stem, "type", SSR_SEVERITY_ERROR, false);
    switch (node->type) {
    case SSRI_STRING:
        if (node->constant != NULL)
            add_code(c, kind, node->stem, "const", SSR_SEVERITY_ERROR, false);
        if (node->minor_versions)
            add_code(c, kind, node->stem, "minor", SSR_SEVERITY_WARNING, false);
        if (node->later_versions)
            add_code(c, kind, node->stem, "later", SSR_SEVERITY_WARNING, false);
        if (node->values != NULL && !node->open_values)
            add_code(c, kind, node->stem, "enum", SSR_SEVERITY_ERROR, false);
        if (node->values != NULL && node->open_values)
            add_code(c, kind, node->stem, "unknown-value", SSR_SEVERITY_WARNING, false);
        if (node->min_length || node->max_length)
            add_code(c, kind, node->stem, "length", SSR_SEVERITY_ERROR, false);
        if (node->format != SSRI_FMT_NONE)
            add_code(c, kind, node->stem, "format", SSR_SEVERITY_ERROR, false);
        if (node->name)
            add_code(c, kind, node->stem, "invisible", SSR_SEVERITY_WARNING, false);
        break;
    case SSRI_INTEGER:
        add_code(c, kind, node->stem, "integer", SSR_SEVERITY_ERROR, true);
        add_code(c, kind, node->stem, "range", SSR_SEVERITY_ERROR, false);
        break;
    case SSRI_OBJECT: {
        const char *skip = c->skip_member; /* a union's tag: the union reports it */
        c->skip_member = NULL;
        for (const ssri_member *m = node->members; m != NULL && m->name != NULL; m++) {
            if (skip != NULL && strcmp(m->name, skip) == 0)
                continue;
            if (m->required)
                add_code(c, kind, m->node->stem, "required", SSR_SEVERITY_ERROR, false);
            list_node(c, kind, m->node);
        }
        if (node->unknown == SSRI_UNKNOWN_ERROR)
            add_code(c, kind, node->stem, "unknown", SSR_SEVERITY_ERROR, false);
        c->warns_unknown = c->warns_unknown || (node->members != NULL && node->unknown == SSRI_UNKNOWN_WARN);
        break;
    }
    case SSRI_ARRAY:
        if (node->items != NULL)
            list_node(c, kind, node->items);
        if (node->min_items)
            add_code(c, kind, node->stem, "min-items", SSR_SEVERITY_ERROR, false);
        if (node->unique)
            add_code(c, kind, node->stem, "unique", SSR_SEVERITY_ERROR, false);
        break;
    case SSRI_UNION: {
        char stem[96];
        snprintf(stem, sizeof stem, "%s.%s", node->stem, node->tag);
        add_code(c, kind, stem, "required", SSR_SEVERITY_ERROR, false);
        add_code(c, kind, stem, "enum", SSR_SEVERITY_ERROR, false);
        for (const ssri_variant *v = node->variants; v->tag != NULL; v++) {
            c->skip_member = node->tag;
            list_node(c, kind, v->node);
            c->skip_member = NULL;
        }
        break;
    }
    default:
        break;
    }
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ssri_codes_print(const ssri_native *kind, char **out, size_t *out_len)
{
    code_list c = {0};
    list_node(&c, kind->name, kind->root);
    for (const ssri_node *const *n = kind->also; n != NULL && *n != NULL; n++)
        list_node(&c, kind->name, *n);
    if (c.warns_unknown)
        add_code(&c, kind->name, NULL, "unknown-member", SSR_SEVERITY_WARNING, false);
    add_code(&c, kind->name, NULL, "near-miss", kind->near_miss_severity, kind->near_miss_severity == SSR_SEVERITY_ERROR);
    for (const struct ssri_extra_code *e = kind->extra_codes; e != NULL && e->code != NULL; e++)
        ssri_buf_printf(&c.lines, "%s.%s\t%s\t%s\n", kind->name, e->code,
                        e->severity == SSR_SEVERITY_ERROR ? "error" : "warning", e->beyond_schema ? "beyond" : "schema");
    ssri_buf_putc(&c.lines, '\0');
    if (c.lines.failed) {
        ssri_buf_release(&c.lines);
        return SSR_ENOMEM;
    }
    /* Sort the lines and drop repeats (nodes shared by several members). */
    size_t n = 0;
    for (char *p = c.lines.data; *p != '\0'; p++)
        n += *p == '\n';
    char **lines = ssri_malloc(n * sizeof *lines);
    if (lines == NULL) {
        ssri_buf_release(&c.lines);
        return SSR_ENOMEM;
    }
    size_t i;
    char *p = c.lines.data;
    for (i = 0; i < n; i++) {
        char *end = strchr(p, '\n');
        *end = '\0';
        lines[i] = p;
        p = end + 1;
    }
    qsort(lines, n, sizeof *lines, compare_lines);
    ssri_buf sorted = {0};
    for (i = 0; i < n; i++) {
        if (i > 0 && strcmp(lines[i], lines[i - 1]) == 0)
            continue;
        ssri_buf_puts(&sorted, lines[i]);
        ssri_buf_putc(&sorted, '\n');
    }
    ssri_free(lines);
    ssri_buf_release(&c.lines);
    return ssri_buf_finish(&sorted, out, out_len);
}

/*
 * The writers: RFC 8785 canonical form and the pretty form. Both share the
 * string escaping and the number form; they differ in member order and
 * white space.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* The first UTF-16 code unit of the code point starting at s (valid UTF-8). */
static unsigned utf16_unit(const unsigned char *s, unsigned *low)
{
    unsigned cp;
    if (s[0] < 0x80)
        cp = s[0];
    else if (s[0] < 0xe0)
        cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
    else if (s[0] < 0xf0)
        cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
    else
        cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3fu) << 12 | (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
    if (cp < 0x10000) {
        *low = 0;
        return cp;
    }
    *low = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    return 0xd800 + ((cp - 0x10000) >> 10);
}

int ssri_utf16_compare(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i = 0;
    while (x[i] != '\0' && x[i] == y[i])
        i++;
    if (x[i] == y[i])
        return 0;
    /* Back to the start of the code point where they part. */
    while (i > 0 && (x[i] & 0xc0) == 0x80)
        i--;
    if (x[i] == '\0' || y[i] == '\0')
        return x[i] == '\0' ? -1 : 1;
    unsigned xl, yl;
    unsigned xu = utf16_unit(x + i, &xl), yu = utf16_unit(y + i, &yl);
    if (xu != yu)
        return xu < yu ? -1 : 1;
    return xl < yl ? -1 : xl > yl ? 1 : 0;
}

typedef struct writer {
    ssri_buf out;
    bool canonical;
    /* canonical: a stack of sorted member lists, one slice per open object */
    const cJSON **members;
    size_t members_len;
    size_t members_cap;
} writer;

static int compare_members(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return ssri_utf16_compare(x->string, y->string);
}

static void write_value(writer *w, const cJSON *node, size_t depth);

static void indent(writer *w, size_t depth)
{
    ssri_buf_putc(&w->out, '\n');
    for (size_t i = 0; i < depth; i++)
        ssri_buf_append(&w->out, "  ", 2);
}

static void write_array(writer *w, const cJSON *node, size_t depth)
{
    ssri_buf_putc(&w->out, '[');
    for (const cJSON *c = node->child; c != NULL; c = c->next) {
        if (c != node->child)
            ssri_buf_putc(&w->out, ',');
        if (!w->canonical)
            indent(w, depth + 1);
        write_value(w, c, depth + 1);
    }
    if (!w->canonical && node->child != NULL)
        indent(w, depth);
    ssri_buf_putc(&w->out, ']');
}

/* Pushes the members of `node` on the member stack, sorted; false when out of memory. */
static bool push_sorted(writer *w, const cJSON *node, size_t *count)
{
    size_t n = 0;
    for (const cJSON *c = node->child; c != NULL; c = c->next)
        n++;
    *count = n;
    if (n == 0)
        return true;
    if (n > w->members_cap - w->members_len) {
        size_t cap = w->members_cap ? w->members_cap : 64;
        while (cap - w->members_len < n)
            cap *= 2;
        const cJSON **grown = ssri_realloc(w->members, cap * sizeof *grown);
        if (grown == NULL)
            return false;
        w->members = grown;
        w->members_cap = cap;
    }
    const cJSON **slice = w->members + w->members_len;
    size_t i = 0;
    for (const cJSON *c = node->child; c != NULL; c = c->next)
        slice[i++] = c;
    qsort(slice, n, sizeof *slice, compare_members);
    w->members_len += n;
    return true;
}

static void write_member(writer *w, const cJSON *member, size_t depth, bool first)
{
    if (!first)
        ssri_buf_putc(&w->out, ',');
    if (!w->canonical)
        indent(w, depth + 1);
    ssri_json_escape(&w->out, member->string, strlen(member->string));
    if (w->canonical)
        ssri_buf_putc(&w->out, ':');
    else
        ssri_buf_append(&w->out, ": ", 2);
    write_value(w, member, depth + 1);
}

static void write_object(writer *w, const cJSON *node, size_t depth)
{
    ssri_buf_putc(&w->out, '{');
    if (w->canonical) {
        size_t n, base = w->members_len;
        if (!push_sorted(w, node, &n)) {
            w->out.failed = true;
            return;
        }
        for (size_t i = 0; i < n; i++)
            write_member(w, w->members[base + i], depth, i == 0);
        w->members_len = base;
    } else {
        for (const cJSON *c = node->child; c != NULL; c = c->next)
            write_member(w, c, depth, c == node->child);
        if (node->child != NULL)
            indent(w, depth);
    }
    ssri_buf_putc(&w->out, '}');
}

static void write_value(writer *w, const cJSON *node, size_t depth)
{
    if (w->out.failed)
        return;
    switch (node->type & 0xff) {
    case cJSON_NULL:
        ssri_buf_append(&w->out, "null", 4);
        break;
    case cJSON_True:
        ssri_buf_append(&w->out, "true", 4);
        break;
    case cJSON_False:
        ssri_buf_append(&w->out, "false", 5);
        break;
    case cJSON_Number: {
        char text[32];
        size_t n = ssri_number_format(node->valuedouble, text);
        ssri_buf_append(&w->out, text, n);
        break;
    }
    case cJSON_String:
        ssri_json_escape(&w->out, node->valuestring, strlen(node->valuestring));
        break;
    case cJSON_Array:
        write_array(w, node, depth);
        break;
    case cJSON_Object:
        write_object(w, node, depth);
        break;
    default:
        break;
    }
}

static int write_doc(const ssr_doc *doc, bool canonical, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    if (doc == NULL || doc->root == NULL || out == NULL)
        return SSR_EINVAL;
    writer w = {.canonical = canonical};
    write_value(&w, doc->root, 0);
    if (!canonical)
        ssri_buf_putc(&w.out, '\n');
    ssri_free(w.members);
    return ssri_buf_finish(&w.out, out, out_len);
}

int ssr_doc_canonical(const ssr_doc *doc, char **out, size_t *out_len)
{
    return write_doc(doc, true, out, out_len);
}

int ssr_doc_pretty(const ssr_doc *doc, char **out, size_t *out_len)
{
    return write_doc(doc, false, out, out_len);
}

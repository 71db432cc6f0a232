/*
 * OLPC canonical JSON, the form TUF metadata is signed in
 * (securesystemslib's encode_canonical): no white space, members in the
 * order of their names' UTF-8 bytes (Python sorts code points, which
 * byte order keeps), strings raw but for '"' and '\', integers only.
 * RFC 8785 (json/write.c) escapes control characters, orders names by
 * UTF-16 units and writes numbers as ECMAScript does: the two are kept
 * apart by name.
 */
#include <stdlib.h>
#include <string.h>

#include "tuf/tuf.h"

static void write_string(ssri_buf *b, const char *s)
{
    ssri_buf_putc(b, '"');
    for (const char *run = s;; s++) {
        if (*s == '"' || *s == '\\' || *s == '\0') {
            ssri_buf_append(b, run, (size_t)(s - run));
            if (*s == '\0')
                break;
            ssri_buf_putc(b, '\\');
            ssri_buf_putc(b, *s);
            run = s + 1;
        }
    }
    ssri_buf_putc(b, '"');
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* The integer as written in the source ("-0" as "0", as Python's int() reads it). */
static int write_integer(ssri_buf *b, const char *src, size_t src_len, const cJSON *node)
{
    size_t at = ssri_node_offset(node);
    if (!(node->type & SSRI_NUMBER_INTEGRAL) || at >= src_len)
        return SSR_EINVALID;
    const char *start = src + at;
    size_t len = start[0] == '-';
    while (at + len < src_len && start[len] >= '0' && start[len] <= '9')
        len++;
    if (len == 2 && start[0] == '-' && start[1] == '0')
        start++, len--;
    ssri_buf_append(b, start, len);
    return SSR_OK;
}

int ssri_olpc_write(ssri_buf *b, const char *src, size_t src_len, const cJSON *node)
{
    switch (ssri_json_type(node)) {
    case cJSON_NULL:
        ssri_buf_puts(b, "null");
        return SSR_OK;
    case cJSON_True:
        ssri_buf_puts(b, "true");
        return SSR_OK;
    case cJSON_False:
        ssri_buf_puts(b, "false");
        return SSR_OK;
    case cJSON_Number:
        return write_integer(b, src, src_len, node);
    case cJSON_String:
        write_string(b, node->valuestring);
        return SSR_OK;
    case cJSON_Array: {
        ssri_buf_putc(b, '[');
        int status = SSR_OK;
        for (const cJSON *c = node->child; c != NULL && status == SSR_OK; c = c->next) {
            if (c != node->child)
                ssri_buf_putc(b, ',');
            status = ssri_olpc_write(b, src, src_len, c);
        }
        ssri_buf_putc(b, ']');
        return status;
    }
    case cJSON_Object: {
        size_t n = 0;
        for (const cJSON *c = node->child; c != NULL; c = c->next)
            n++;
        const cJSON **members = ssri_malloc((n > 0 ? n : 1) * sizeof *members);
        if (members == NULL)
            return SSR_ENOMEM;
        n = 0;
        for (const cJSON *c = node->child; c != NULL; c = c->next)
            members[n++] = c;
        qsort(members, n, sizeof *members, by_name);
        ssri_buf_putc(b, '{');
        int status = SSR_OK;
        for (size_t i = 0; i < n && status == SSR_OK; i++) {
            if (i > 0)
                ssri_buf_putc(b, ',');
            write_string(b, members[i]->string);
            ssri_buf_putc(b, ':');
            status = ssri_olpc_write(b, src, src_len, members[i]);
        }
        ssri_buf_putc(b, '}');
        ssri_free(members);
        return status;
    }
    default:
        return SSR_EINVALID;
    }
}

void ssri_percent_encode(ssri_buf *b, const char *s, const char *safe)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("_.~-", *p) != NULL || (safe[0] != '\0' && strchr(safe, *p) != NULL)) {
            ssri_buf_putc(b, (char)*p);
        } else {
            ssri_buf_putc(b, '%');
            ssri_buf_putc(b, hex[*p >> 4]);
            ssri_buf_putc(b, hex[*p & 15]);
        }
    }
}

int ssr_olpc_canonical(const void *json, size_t len, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    if (out == NULL || (json == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    int status = ssr_doc_parse(json, len, NULL, &doc, NULL);
    if (status != SSR_OK)
        return status;
    ssri_buf b = {0};
    status = ssri_olpc_write(&b, json, len, doc->root);
    ssr_doc_free(doc);
    if (status != SSR_OK) {
        ssri_buf_release(&b);
        return status;
    }
    return ssri_buf_finish(&b, out, out_len);
}

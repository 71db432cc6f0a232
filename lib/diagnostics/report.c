/*
 * Reports: a growable list of diagnostics, their accessors, and the JSON
 * form the bindings read.
 */
#include <string.h>

#include "report.h"
#include "ssr/validate.h"

ssr_report *ssri_report_new(int kind)
{
    ssr_report *r = ssri_malloc(sizeof *r);
    if (r != NULL)
        *r = (ssr_report){.kind = kind};
    return r;
}

void ssr_report_free(ssr_report *report)
{
    if (report == NULL)
        return;
    for (size_t i = 0; i < report->count; i++) {
        ssri_free(report->items[i].code);
        ssri_free(report->items[i].pointer);
        ssri_free(report->items[i].payload_pointer);
        ssri_free(report->items[i].message);
    }
    ssri_free(report->items);
    ssri_free(report);
}

void ssri_position(const char *src, size_t len, size_t offset, size_t *line, size_t *column)
{
    if (offset > len)
        offset = len;
    size_t l = 1, line_start = 0;
    for (const char *p = src; (p = memchr(p, '\n', offset - (size_t)(p - src))) != NULL; p++) {
        l++;
        line_start = (size_t)(p - src) + 1;
    }
    size_t c = 1;
    for (size_t i = line_start; i < offset; i++)
        if (((unsigned char)src[i] & 0xc0) != 0x80)
            c++;
    *line = l;
    *column = c;
}

int ssri_report_add(ssr_report *report, int severity, const char *code, const char *pointer,
                    const char *src, size_t src_len, size_t offset, const char *message)
{
    if (report->count == report->cap) {
        ssri_diag *items = ssri_grow(report->items, &report->cap, sizeof *items, 4);
        if (items == NULL)
            return SSR_ENOMEM;
        report->items = items;
    }
    ssri_diag d = {.severity = severity, .offset = offset};
    d.code = ssri_strndup(code, strlen(code));
    d.pointer = ssri_strndup(pointer, strlen(pointer));
    /* Messages quote input (clipped to a length): keep them valid UTF-8. */
    d.message = ssri_utf8_clean(message);
    if (d.code == NULL || d.pointer == NULL || d.message == NULL) {
        ssri_free(d.code);
        ssri_free(d.pointer);
        ssri_free(d.message);
        return SSR_ENOMEM;
    }
    ssri_position(src, src_len, offset, &d.line, &d.column);
    report->items[report->count++] = d;
    if (severity == SSR_SEVERITY_ERROR)
        report->errors++;
    else
        report->warnings++;
    return SSR_OK;
}

int ssri_report_set_payload_pointer(ssr_report *report, const char *payload_pointer)
{
    if (report->count == 0)
        return SSR_EINVAL;
    ssri_diag *d = &report->items[report->count - 1];
    char *copy = ssri_strndup(payload_pointer, strlen(payload_pointer));
    if (copy == NULL)
        return SSR_ENOMEM;
    ssri_free(d->payload_pointer);
    d->payload_pointer = copy;
    return SSR_OK;
}

void ssri_pointer_push_name(ssri_buf *b, const char *name)
{
    /* Runs of plain characters are copied whole: the walker calls this for every member. */
    ssri_buf_putc(b, '/');
    for (;;) {
        size_t plain = strcspn(name, "~/");
        ssri_buf_append(b, name, plain);
        if (name[plain] == '\0')
            return;
        ssri_buf_append(b, name[plain] == '~' ? "~0" : "~1", 2);
        name += plain + 1;
    }
}

void ssri_pointer_push_index(ssri_buf *b, size_t index)
{
    char digits[24];
    size_t at = sizeof digits;
    do {
        digits[--at] = (char)('0' + index % 10);
        index /= 10;
    } while (index > 0);
    digits[--at] = '/';
    ssri_buf_append(b, digits + at, sizeof digits - at);
}

int ssr_report_valid(const ssr_report *report)
{
    return report != NULL && report->errors == 0;
}

int ssr_report_kind(const ssr_report *report)
{
    return report != NULL ? report->kind : SSR_KIND_AUTO;
}

size_t ssr_report_count(const ssr_report *report)
{
    return report != NULL ? report->count : 0;
}

size_t ssr_report_errors(const ssr_report *report)
{
    return report != NULL ? report->errors : 0;
}

size_t ssr_report_warnings(const ssr_report *report)
{
    return report != NULL ? report->warnings : 0;
}

static const ssri_diag *diag_at(const ssr_report *report, size_t i)
{
    return report != NULL && i < report->count ? &report->items[i] : NULL;
}

int ssr_diag_severity(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->severity : 0;
}

const char *ssr_diag_code(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->code : NULL;
}

const char *ssr_diag_pointer(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->pointer : NULL;
}

const char *ssr_diag_payload_pointer(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->payload_pointer : NULL;
}

const char *ssr_diag_message(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->message : NULL;
}

size_t ssr_diag_line(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->line : 0;
}

size_t ssr_diag_column(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->column : 0;
}

size_t ssr_diag_offset(const ssr_report *report, size_t i)
{
    const ssri_diag *d = diag_at(report, i);
    return d != NULL ? d->offset : 0;
}

static void put_member(ssri_buf *b, const char *name, const char *value)
{
    ssri_buf_printf(b, ",\"%s\":", name);
    ssri_json_escape(b, value, strlen(value));
}

int ssr_report_to_json(const ssr_report *report, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    if (report == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    const char *kind = ssr_kind_name(report->kind);
    ssri_buf_puts(&b, "{\"kind\":");
    ssri_json_escape(&b, kind, strlen(kind));
    ssri_buf_printf(&b, ",\"valid\":%s,\"diagnostics\":[", report->errors == 0 ? "true" : "false");
    for (size_t i = 0; i < report->count; i++) {
        const ssri_diag *d = &report->items[i];
        ssri_buf_printf(&b, "%s{\"severity\":\"%s\"", i ? "," : "",
                        d->severity == SSR_SEVERITY_ERROR ? "error" : "warning");
        put_member(&b, "code", d->code);
        put_member(&b, "pointer", d->pointer);
        if (d->payload_pointer != NULL)
            put_member(&b, "payload_pointer", d->payload_pointer);
        ssri_buf_printf(&b, ",\"line\":%zu,\"column\":%zu", d->line, d->column);
        put_member(&b, "message", d->message);
        ssri_buf_putc(&b, '}');
    }
    ssri_buf_puts(&b, "]}");
    return ssri_buf_finish(&b, out, out_len);
}

void ssri_report_hand_over(ssr_report *r, bool give, ssr_report **out)
{
    if (give && out != NULL)
        *out = r;
    else
        ssr_report_free(r);
}

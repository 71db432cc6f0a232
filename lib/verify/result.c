/*
 * What a verification returns: per attestation, the identity and Fulcio
 * extensions of the certificate (or the managed key's id), the signed
 * times with where each came from, the log entries, and the statement (or,
 * for a message signature, the artifact digest it is over).
 */
#include <inttypes.h>
#include <string.h>

#include "verify.h"

void ssri_verified_release(ssri_verified *v)
{
    ssri_free(v->media_type);
    ssri_free(v->san);
    ssri_free(v->key_id);
    for (size_t i = 0; i < v->extension_count; i++)
        ssri_free(v->extensions[i].value);
    ssri_free(v->extensions);
    for (size_t i = 0; i < v->time_count; i++)
        ssri_free(v->times[i].uri);
    ssri_free(v->times);
    for (size_t i = 0; i < v->entry_count; i++) {
        ssri_free(v->entries[i].log_url);
        ssri_free(v->entries[i].kind);
        ssri_free(v->entries[i].version);
    }
    ssri_free(v->entries);
    ssri_free(v->digest_hex);
    ssri_free(v->statement);
    ssri_free(v->payload_type);
    *v = (ssri_verified){0};
}

ssr_verify_result *ssri_result_new(void)
{
    ssr_verify_result *r = ssri_malloc(sizeof *r);
    if (r != NULL)
        *r = (ssr_verify_result){0};
    return r;
}

ssri_verified *ssri_result_add(ssr_verify_result *r)
{
    if (r->count == r->cap) {
        ssri_verified *grown = ssri_grow(r->items, &r->cap, sizeof *grown, 1);
        if (grown == NULL)
            return NULL;
        r->items = grown;
    }
    ssri_verified *v = &r->items[r->count++];
    *v = (ssri_verified){0};
    return v;
}

void ssr_verify_result_free(ssr_verify_result *result)
{
    if (result == NULL)
        return;
    for (size_t i = 0; i < result->count; i++)
        ssri_verified_release(&result->items[i]);
    ssri_free(result->items);
    ssri_free(result);
}

size_t ssr_verify_result_count(const ssr_verify_result *result)
{
    return result != NULL ? result->count : 0;
}

static const ssri_verified *item(const ssr_verify_result *result, size_t i)
{
    return result != NULL && i < result->count ? &result->items[i] : NULL;
}

const char *ssr_verify_result_identity(const ssr_verify_result *result, size_t i)
{
    const ssri_verified *v = item(result, i);
    return v != NULL ? v->san : NULL;
}

const char *ssr_verify_result_extension(const ssr_verify_result *result, size_t i, const char *name)
{
    const ssri_verified *v = item(result, i);
    for (size_t k = 0; v != NULL && name != NULL && k < v->extension_count; k++)
        if (strcmp(v->extensions[k].name, name) == 0)
            return v->extensions[k].value;
    return NULL;
}

const unsigned char *ssr_verify_result_statement(const ssr_verify_result *result, size_t i, size_t *len)
{
    const ssri_verified *v = item(result, i);
    if (len != NULL)
        *len = v != NULL && v->statement != NULL ? v->statement_len : 0;
    return v != NULL ? v->statement : NULL;
}

const char *ssr_verify_result_media_type(const ssr_verify_result *result, size_t i)
{
    const ssri_verified *v = item(result, i);
    return v != NULL ? v->media_type : NULL;
}

const char *ssr_verify_result_identity_kind(const ssr_verify_result *result, size_t i)
{
    const ssri_verified *v = item(result, i);
    return v != NULL && v->san != NULL ? v->san_kind : NULL;
}

const char *ssr_verify_result_key_id(const ssr_verify_result *result, size_t i)
{
    const ssri_verified *v = item(result, i);
    return v != NULL ? v->key_id : NULL;
}

const char *ssr_verify_result_payload_type(const ssr_verify_result *result, size_t i)
{
    const ssri_verified *v = item(result, i);
    return v != NULL && v->statement != NULL ? v->payload_type : NULL;
}

const char *ssr_verify_result_digest(const ssr_verify_result *result, size_t i, const char **alg)
{
    const ssri_verified *v = item(result, i);
    const char *hex = v != NULL ? v->digest_hex : NULL;
    if (alg != NULL)
        *alg = hex != NULL ? v->digest_alg : NULL;
    return hex;
}

const char *ssr_verify_result_extension_at(const ssr_verify_result *result, size_t i, size_t j, const char **value)
{
    const ssri_verified *v = item(result, i);
    bool found = v != NULL && j < v->extension_count;
    if (value != NULL)
        *value = found ? v->extensions[j].value : NULL;
    return found ? v->extensions[j].name : NULL;
}

int ssr_verify_result_time(const ssr_verify_result *result, size_t i, size_t j, int64_t *seconds, int32_t *nanos,
                           const char **source, const char **uri)
{
    const ssri_verified *v = item(result, i);
    const ssri_time_source *t = v != NULL && j < v->time_count ? &v->times[j] : NULL;
    if (seconds != NULL)
        *seconds = t != NULL ? t->time.sec : 0;
    if (nanos != NULL)
        *nanos = t != NULL ? t->time.nsec : 0;
    if (source != NULL)
        *source = t != NULL ? t->source : NULL;
    if (uri != NULL)
        *uri = t != NULL ? t->uri : NULL;
    return t != NULL ? SSR_OK : SSR_ERANGE;
}

int ssr_verify_result_tlog_entry(const ssr_verify_result *result, size_t i, size_t j, const char **log_url,
                                 int64_t *log_index, int64_t *integrated_time, const char **kind, const char **version)
{
    const ssri_verified *v = item(result, i);
    const ssri_entry_used *e = v != NULL && j < v->entry_count ? &v->entries[j] : NULL;
    if (log_url != NULL)
        *log_url = e != NULL ? e->log_url : NULL;
    if (log_index != NULL)
        *log_index = e != NULL ? e->log_index : 0;
    if (integrated_time != NULL)
        *integrated_time = e != NULL ? e->integrated_time : 0;
    if (kind != NULL)
        *kind = e != NULL ? e->kind : NULL;
    if (version != NULL)
        *version = e != NULL ? e->version : NULL;
    return e != NULL ? SSR_OK : SSR_ERANGE;
}

static void string_member(ssri_buf *b, const char *name, const char *value, bool comma)
{
    if (comma)
        ssri_buf_putc(b, ',');
    ssri_json_escape(b, name, strlen(name));
    ssri_buf_putc(b, ':');
    ssri_json_escape(b, value, strlen(value));
}

static void write_item(ssri_buf *b, const ssri_verified *v)
{
    ssri_buf_putc(b, '{');
    string_member(b, "media_type", v->media_type != NULL ? v->media_type : "", false);
    if (v->san != NULL) {
        ssri_buf_puts(b, ",\"identity\":{");
        string_member(b, "san", v->san, false);
        string_member(b, "kind", v->san_kind, true);
        ssri_buf_puts(b, "},\"extensions\":{");
        for (size_t i = 0; i < v->extension_count; i++)
            string_member(b, v->extensions[i].name, v->extensions[i].value, i > 0);
        ssri_buf_putc(b, '}');
    } else if (v->key_id != NULL) {
        string_member(b, "key_id", v->key_id, true);
    }
    ssri_buf_puts(b, ",\"times\":[");
    for (size_t i = 0; i < v->time_count; i++) {
        char stamp[40];
        ssri_time_format(v->times[i].time, stamp);
        ssri_buf_puts(b, i > 0 ? ",{" : "{");
        string_member(b, "time", stamp, false);
        string_member(b, "source", v->times[i].source, true);
        string_member(b, "uri", v->times[i].uri, true);
        ssri_buf_putc(b, '}');
    }
    ssri_buf_puts(b, "],\"tlog_entries\":[");
    for (size_t i = 0; i < v->entry_count; i++) {
        const ssri_entry_used *e = &v->entries[i];
        ssri_buf_puts(b, i > 0 ? ",{" : "{");
        string_member(b, "log_url", e->log_url, false);
        ssri_buf_printf(b, ",\"log_index\":%" PRId64, e->log_index);
        if (e->integrated_time >= 0)
            ssri_buf_printf(b, ",\"integrated_time\":%" PRId64, e->integrated_time);
        string_member(b, "kind", e->kind, true);
        string_member(b, "version", e->version, true);
        ssri_buf_putc(b, '}');
    }
    ssri_buf_putc(b, ']');
    if (v->digest_hex != NULL) {
        ssri_buf_puts(b, ",\"digest\":{");
        string_member(b, v->digest_alg, v->digest_hex, false);
        ssri_buf_putc(b, '}');
    }
    if (v->statement != NULL) {
        string_member(b, "payload_type", v->payload_type, true);
        ssri_buf_puts(b, ",\"statement\":");
        /* the statement verified as strict JSON: written as it was signed */
        ssri_buf_append(b, v->statement, v->statement_len);
    }
    ssri_buf_putc(b, '}');
}

int ssr_verify_result_to_json(const ssr_verify_result *result, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    if (result == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_puts(&b, "{\"verified\":true,\"attestations\":[");
    for (size_t i = 0; i < result->count; i++) {
        if (i > 0)
            ssri_buf_putc(&b, ',');
        write_item(&b, &result->items[i]);
    }
    ssri_buf_puts(&b, "]}");
    return ssri_buf_finish(&b, out, out_len);
}

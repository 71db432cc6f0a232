/*
 * What a match established: the verdict, the first failing condition, the
 * claims bound on first use, the verified token's header and claims; read
 * through accessors or as one JSON object.
 */
#include <string.h>

#include "json/json.h"
#include "tp.h"

void ssri_tp_drop_bound(ssr_tp_result *r)
{
    for (size_t i = 0; i < r->bound_count; i++) {
        ssri_free(r->bound_claims[i]);
        ssri_free(r->bound_values[i]);
    }
    ssri_free(r->bound_claims);
    ssri_free(r->bound_values);
    r->bound_claims = r->bound_values = NULL;
    r->bound_count = 0;
}

void ssri_tp_put_string(ssri_buf *b, const char *s)
{
    if (s == NULL)
        ssri_buf_puts(b, "null");
    else
        ssri_json_escape(b, s, strlen(s));
}

/* ---- results and explanations ------------------------------------------- */

int ssri_tp_result_set_token(ssr_tp_result *r, const char *alg, const char *kid, const unsigned char *claims,
                             size_t len)
{
    r->token_alg = ssri_strndup(alg, strlen(alg));
    r->token_kid = ssri_strndup(kid, strlen(kid));
    r->token_claims = ssri_strndup((const char *)claims, len);
    return r->token_alg != NULL && r->token_kid != NULL && r->token_claims != NULL ? SSR_OK : SSR_ENOMEM;
}

const char *ssr_tp_token_alg(const ssr_tp_result *r)
{
    return r != NULL ? r->token_alg : NULL;
}

const char *ssr_tp_token_kid(const ssr_tp_result *r)
{
    return r != NULL ? r->token_kid : NULL;
}

const char *ssr_tp_token_claims(const ssr_tp_result *r)
{
    return r != NULL ? r->token_claims : NULL;
}

int ssr_tp_matched(const ssr_tp_result *r)
{
    return r != NULL && r->matched;
}

const char *ssr_tp_failed_claim(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_claim : NULL;
}

const char *ssr_tp_failed_op(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_op : NULL;
}

const char *ssr_tp_failed_reason(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_reason : NULL;
}

const char *ssr_tp_jti(const ssr_tp_result *r)
{
    return r != NULL ? r->jti : NULL;
}

size_t ssr_tp_conditions_held(const ssr_tp_result *r)
{
    return r != NULL ? r->held : 0;
}

size_t ssr_tp_bound_count(const ssr_tp_result *r)
{
    return r != NULL ? r->bound_count : 0;
}

const char *ssr_tp_bound_claim(const ssr_tp_result *r, size_t i)
{
    return r != NULL && i < r->bound_count ? r->bound_claims[i] : NULL;
}

const char *ssr_tp_bound_value(const ssr_tp_result *r, size_t i)
{
    return r != NULL && i < r->bound_count ? r->bound_values[i] : NULL;
}

void ssr_tp_result_free(ssr_tp_result *r)
{
    if (r == NULL)
        return;
    ssri_tp_drop_bound(r);
    ssri_free(r->failed_claim);
    ssri_free(r->failed_op);
    ssri_free(r->failed_reason);
    ssri_free(r->jti);
    ssri_free(r->token_alg);
    ssri_free(r->token_kid);
    ssri_free(r->token_claims);
    ssri_free(r);
}

int ssr_tp_result_to_json(const ssr_tp_result *r, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    if (r == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_printf(&b, "{\"matched\":%s,\"failed\":", r->matched ? "true" : "false");
    if (r->matched) {
        ssri_buf_puts(&b, "null");
    } else {
        ssri_buf_puts(&b, "{\"claim\":");
        ssri_tp_put_string(&b, r->failed_claim);
        ssri_buf_puts(&b, ",\"op\":");
        ssri_tp_put_string(&b, r->failed_op);
        ssri_buf_puts(&b, ",\"reason\":");
        ssri_tp_put_string(&b, r->failed_reason);
        ssri_buf_putc(&b, '}');
    }
    ssri_buf_puts(&b, ",\"jti\":");
    ssri_tp_put_string(&b, r->jti);
    ssri_buf_puts(&b, ",\"bound\":{");
    for (size_t i = 0; i < r->bound_count; i++) {
        if (i > 0)
            ssri_buf_putc(&b, ',');
        ssri_tp_put_string(&b, r->bound_claims[i]);
        ssri_buf_putc(&b, ':');
        ssri_buf_puts(&b, r->bound_values[i]);
    }
    ssri_buf_printf(&b, "},\"conditions_held\":%zu", r->held);
    if (r->token_alg != NULL) {
        /* the claims verified as a strict-JSON object: written as they were signed */
        ssri_buf_puts(&b, ",\"token\":{\"alg\":");
        ssri_tp_put_string(&b, r->token_alg);
        ssri_buf_puts(&b, ",\"kid\":");
        ssri_tp_put_string(&b, r->token_kid);
        ssri_buf_puts(&b, "},\"claims\":");
        ssri_buf_puts(&b, r->token_claims);
    }
    ssri_buf_putc(&b, '}');
    return ssri_buf_finish(&b, out, out_len);
}

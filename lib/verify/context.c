/*
 * What every verification step shares: the refusal (a diagnostic and
 * SSR_EVERIFY), the input read as its kind, the hand-over of the result
 * and the report, and whether a policy can judge at all.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kinds/kinds.h"
#include "verify.h"

/* ---- failures --------------------------------------------------------------- */

int ssri_verify_fail(const ssri_vctx *ctx, const char *code, const char *pointer, const cJSON *node, const char *fmt,
                     ...)
{
    if (ctx->report == NULL)
        return SSR_EVERIFY;
    char full_code[96], message[640];
    snprintf(full_code, sizeof full_code, "verify.%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ssri_buf at = {0};
    ssri_buf_puts(&at, ctx->base);
    ssri_buf_puts(&at, pointer);
    char *clean = ssri_utf8_clean(message);
    int status = SSR_ENOMEM;
    if (!at.failed && clean != NULL) {
        ssri_buf_putc(&at, '\0');
        status = ssri_report_add(ctx->report, SSR_SEVERITY_ERROR, full_code, at.failed ? "" : at.data, ctx->src,
                                 ctx->len, node != NULL ? ssri_node_offset(node) : 0, clean);
    }
    ssri_free(clean);
    ssri_buf_release(&at);
    return status == SSR_OK ? SSR_EVERIFY : SSR_ENOMEM;
}

/* ---- the entry points' steps ------------------------------------------------------------- */

/*
 * Validates `data` as `kind`: SSR_OK with the document and its report,
 * SSR_EINVALID (the report handed to the caller's *report) when it is not
 * a valid one.
 */
int ssri_verify_input(const void *data, size_t len, int kind, ssr_doc **doc, ssr_report **r, ssr_report **report)
{
    *doc = NULL;
    *r = NULL;
    int status = ssri_validate(data, len, kind, NULL, false, doc, r);
    if (status != SSR_OK)
        return status;
    if (!ssr_report_valid(*r)) {
        ssr_doc_free(*doc);
        *doc = NULL;
        ssri_report_hand_over(*r, true, report);
        *r = NULL;
        return SSR_EINVALID;
    }
    return SSR_OK;
}

/* Hands the report to the caller (or frees it) and turns a status into the call's result. */
int ssri_verify_finish(int status, ssr_report *r, ssr_report **report, ssr_verify_result *result,
                       ssr_verify_result **out)
{
    if (status == SSR_OK) {
        *out = result;
        ssri_report_hand_over(r, true, report);
        return SSR_OK;
    }
    ssr_verify_result_free(result);
    ssri_report_hand_over(r, status == SSR_EVERIFY, report);
    return status;
}

bool ssri_policy_usable(const ssr_verify_policy *policy)
{
    if (policy == NULL)
        return false;
    if (policy->type == SSRI_POLICY_IDENTITY)
        return policy->identity != NULL || policy->require_count > 0;
    return true;
}

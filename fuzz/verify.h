/*
 * What the verification harnesses share: the public-good and staging
 * roots, a fixed clock, and the check every verification must pass: a
 * clean status, a report (strict JSON, positions inside the input) on a
 * refusal, a result whose JSON is strict JSON on a success.
 */
#ifndef SSR_FUZZ_VERIFY_H
#define SSR_FUZZ_VERIFY_H

#include "fuzz.h"

/* 2026-01-01T00:00:00Z: every seed's signed times lie before it. */
#define FUZZ_NOW 1767225600

static inline const ssr_trust_root *fuzz_root(int instance)
{
    static ssr_trust_root *roots[3];
    if (roots[instance] == NULL && ssr_trust_root_load(instance, &roots[instance]) != SSR_OK)
        abort();
    return roots[instance];
}

/* Verification at FUZZ_NOW, the defaults otherwise (made once; the harnesses run on one thread). */
static inline const ssr_verify_options *fuzz_options(void)
{
    static ssr_verify_options *options;
    if (options == NULL &&
        ((options = ssr_verify_options_new()) == NULL || ssr_verify_options_set_time(options, FUZZ_NOW) != SSR_OK))
        abort();
    return options;
}

static inline void fuzz_check_verdict(int status, ssr_verify_result *result, ssr_report *report, size_t len)
{
    if (status != SSR_OK && status != SSR_EVERIFY && status != SSR_EINVALID)
        abort();
    if ((status == SSR_OK) != (result != NULL) || (status != SSR_OK && report == NULL))
        abort();
    if (report != NULL)
        fuzz_check_report(report, len);
    if (result != NULL) {
        char *json = NULL;
        size_t json_len = 0;
        ssr_doc *doc = NULL;
        if (ssr_verify_result_count(result) == 0 || ssr_verify_result_to_json(result, &json, &json_len) != SSR_OK ||
            ssr_doc_parse(json, json_len, NULL, &doc, NULL) != SSR_OK)
            abort();
        ssr_doc_free(doc);
        ssr_free(json);
    }
    ssr_verify_result_free(result);
    ssr_report_free(report);
}

#endif

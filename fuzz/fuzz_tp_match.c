/*
 * Trusted-publisher matching: the input is a policy and claims separated
 * by a NUL byte (JSON never holds one raw); without one, the input is the
 * claims against a fixed policy. A clean status, a consistent result.
 */
#include "fuzz.h"

static const char policy[] =
    "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\","
    "\"issuer\":\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\","
    "\"bindings\":[{\"type\":\"package\",\"name\":\"x\"}],\"github\":{\"owner\":\"o\",\"owner_id\":\"1\","
    "\"repository\":\"r\",\"workflow\":\"w.yml\",\"environment\":\"e\"},\"conditions\":[{\"claim\":\"sub\","
    "\"op\":\"segments_prefix\",\"value\":{\"sep\":\":\",\"segments\":[\"repo\",\"o/r\"],\"ci\":true}},"
    "{\"claim\":\"ns\",\"op\":\"eq\",\"value\":null,\"bind_on_first_use\":true}],"
    "\"token\":{\"leeway_seconds\":30,\"require_jti\":true,\"max_lifetime_seconds\":600}}";

static void check(const void *p, size_t plen, const void *c, size_t clen, unsigned flags)
{
    ssr_tp_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_match(p, plen, c, clen, 1760000000, flags, &result, &report);
    if (status != SSR_OK && status != SSR_ENOMATCH && status != SSR_EINVALID)
        abort();
    if (status == SSR_OK || status == SSR_ENOMATCH) {
        /* a "no" is SSR_ENOMATCH, never SSR_OK, and says why */
        if (ssr_tp_matched(result) != (status == SSR_OK) || ssr_tp_matched(result) == (ssr_tp_failed_reason(result) != NULL))
            abort();
        char *json = NULL;
        if (ssr_tp_result_to_json(result, &json, NULL) != SSR_OK)
            abort();
        ssr_doc *doc = NULL;
        if (ssr_doc_parse(json, strlen(json), NULL, &doc, NULL) != SSR_OK)
            abort();
        ssr_doc_free(doc);
        ssr_free(json);
    }
    ssr_tp_result_free(result);
    ssr_report_free(report);
    char *text = NULL;
    status = ssr_tp_explain(p, plen, &text, NULL, &report);
    if (status != SSR_OK && status != SSR_EINVALID)
        abort();
    ssr_free(text);
    ssr_report_free(report);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    const unsigned char *nul = memchr(data, 0, len);
    for (unsigned flags = 0; flags < 2; flags++) {
        if (nul != NULL)
            check(data, (size_t)(nul - data), nul + 1, len - (size_t)(nul - data) - 1, flags);
        else
            check(policy, sizeof policy - 1, data, len, flags);
    }
    return 0;
}

/*
 * Package URLs, parsed (strict and repairing) or built from components:
 * whatever the input, no crash or leak, a refusal is one purl.* (or
 * json.*) diagnostic inside the input, and every accepted purl is a fixed
 * point: its canonical string parses to the same canonical string, and
 * its components build it again.
 */
#include <stdbool.h>

#include "fuzz.h"

static char *canonical_of(const ssr_purl *purl, size_t *len)
{
    char *out = NULL;
    if (ssr_purl_canonical(purl, &out, len) != SSR_OK)
        abort();
    return out;
}

static void check_fixed_point(const ssr_purl *purl)
{
    size_t len = 0, again_len = 0, built_len = 0, json_len = 0;
    char *canon = canonical_of(purl, &len), *json = NULL;
    ssr_purl *again = NULL, *built = NULL;
    if (ssr_purl_parse(canon, len, 0, &again, NULL) != SSR_OK)
        abort(); /* a canonical string is always a valid purl */
    char *canon_again = canonical_of(again, &again_len);
    if (again_len != len || memcmp(canon, canon_again, len) != 0)
        abort();
    if (ssr_purl_to_json(purl, &json, &json_len) != SSR_OK || ssr_purl_build(json, json_len, &built, NULL) != SSR_OK)
        abort();
    char *canon_built = canonical_of(built, &built_len);
    if (built_len != len || memcmp(canon, canon_built, len) != 0)
        abort();
    ssr_free(canon);
    ssr_free(canon_again);
    ssr_free(canon_built);
    ssr_free(json);
    ssr_purl_free(again);
    ssr_purl_free(built);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    bool components = len > 0 && data[0] == '{';
    for (unsigned flags = 0; flags <= (components ? 0 : SSR_PURL_REPAIR); flags++) {
        ssr_purl *purl = NULL;
        ssr_report *report = NULL;
        int status = components ? ssr_purl_build(data, len, &purl, &report)
                                : ssr_purl_parse(data, len, flags, &purl, &report);
        if (status == SSR_EINVALID) {
            if (ssr_report_count(report) != 1 || ssr_report_valid(report))
                abort();
            fuzz_check_report(report, len);
            ssr_report_free(report);
            continue;
        }
        if (status != SSR_OK || report != NULL)
            abort();
        check_fixed_point(purl);
        ssr_purl_free(purl);
    }
    return 0;
}

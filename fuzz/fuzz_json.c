/*
 * The strict reader and the writers: whatever the input, parsing must not
 * crash or leak, and for every accepted document
 *   canonical(canonical(x)) == canonical(x)  and
 *   parse(pretty(x)) has the same canonical form as x.
 */
#include <stdlib.h>
#include <string.h>

#include "ssr.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

static char *canonical(const void *data, size_t len, size_t *out_len)
{
    ssr_doc *doc = NULL;
    if (ssr_doc_parse(data, len, NULL, &doc, NULL) != SSR_OK)
        return NULL;
    char *out = NULL;
    if (ssr_doc_canonical(doc, &out, out_len) != SSR_OK)
        abort();
    ssr_doc_free(doc);
    return out;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &report);
    if (status == SSR_EINVALID) {
        /* Exactly one diagnostic, with a position inside the input. */
        if (ssr_report_count(report) != 1 || ssr_diag_offset(report, 0) > len || ssr_report_valid(report))
            abort();
        ssr_report_free(report);
        return 0;
    }
    if (status != SSR_OK)
        abort();
    ssr_report_free(report);

    char *canon = NULL, *pretty = NULL;
    size_t canon_len = 0, pretty_len = 0;
    if (ssr_doc_canonical(doc, &canon, &canon_len) != SSR_OK || ssr_doc_pretty(doc, &pretty, &pretty_len) != SSR_OK)
        abort();
    ssr_doc_free(doc);

    size_t again_len = 0, via_pretty_len = 0;
    char *again = canonical(canon, canon_len, &again_len);
    char *via_pretty = canonical(pretty, pretty_len, &via_pretty_len);
    if (again == NULL || again_len != canon_len || memcmp(again, canon, canon_len) != 0)
        abort();
    if (via_pretty == NULL || via_pretty_len != canon_len || memcmp(via_pretty, canon, canon_len) != 0)
        abort();
    ssr_free(again);
    ssr_free(via_pretty);
    ssr_free(canon);
    ssr_free(pretty);
    return 0;
}

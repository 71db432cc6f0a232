/*
 * What every validating harness asserts, whatever the input: validation
 * answers, its report is strict JSON whose positions lie inside the input,
 * and a valid document stays valid in its canonical form.
 */
#ifndef SSR_FUZZ_H
#define SSR_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "ssr.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

static inline void fuzz_check_report(const ssr_report *report, size_t len)
{
    char *json = NULL;
    size_t json_len = 0;
    if (ssr_report_to_json(report, &json, &json_len) != SSR_OK)
        abort();
    ssr_doc *doc = NULL;
    if (ssr_doc_parse(json, json_len, NULL, &doc, NULL) != SSR_OK)
        abort(); /* the report itself must be strict JSON */
    ssr_doc_free(doc);
    ssr_free(json);
    for (size_t i = 0; i < ssr_report_count(report); i++)
        if (ssr_diag_offset(report, i) > len || ssr_diag_line(report, i) == 0 || ssr_diag_column(report, i) == 0 ||
            ssr_diag_code(report, i) == NULL || ssr_diag_pointer(report, i) == NULL)
            abort();
}

/* Validates as `kind`; returns whether the document is valid (aborts on any broken promise). */
static inline int fuzz_validate(const unsigned char *data, size_t len, int kind)
{
    ssr_report *report = NULL;
    if (ssr_validate(data, len, kind, NULL, &report) != SSR_OK)
        abort();
    fuzz_check_report(report, len);
    int valid = ssr_report_valid(report);
    int detected = ssr_report_kind(report);
    ssr_report_free(report);
    if (!valid)
        return 0;
    /* valid(x) implies valid(canonical(x)), as the same kind */
    ssr_doc *doc = NULL;
    char *canonical = NULL;
    size_t canonical_len = 0;
    if (ssr_doc_parse(data, len, NULL, &doc, NULL) != SSR_OK ||
        ssr_doc_canonical(doc, &canonical, &canonical_len) != SSR_OK)
        abort();
    ssr_doc_free(doc);
    if (ssr_validate(canonical, canonical_len, detected, NULL, &report) != SSR_OK || !ssr_report_valid(report))
        abort();
    ssr_report_free(report);
    ssr_free(canonical);
    return 1;
}

#endif

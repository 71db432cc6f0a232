/*
 * libssr: reports and their diagnostics.
 *
 * A report is what a validation hands back: which kind the document was
 * read as, whether it is valid, and its diagnostics in document order of
 * discovery. Each diagnostic has a severity, a stable dotted code (listed
 * in schema/SPEC.md), the RFC 6901 JSON Pointer of the value, the 1-based
 * line and column of that value in the input, and one English sentence.
 *
 * Diagnostics are read through index accessors, so that no binding needs
 * to know a C struct layout. Every string a report hands out is owned by
 * the report and lives until ssr_report_free().
 */
#ifndef SSR_REPORT_H
#define SSR_REPORT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ssr_report ssr_report;

typedef enum ssr_severity {
    SSR_SEVERITY_ERROR = 1,
    SSR_SEVERITY_WARNING = 2
} ssr_severity;

/* Frees a report; NULL is accepted. */
SSR_API void ssr_report_free(ssr_report *report);

/* 1 when the report holds no error (warnings allowed), else 0. NULL gives 0. */
SSR_API SSR_NODISCARD int ssr_report_valid(const ssr_report *report);
/* The kind the document was validated as (an ssr_kind value, see validate.h). */
SSR_API int ssr_report_kind(const ssr_report *report);
/* The number of diagnostics, and of those the errors and the warnings. */
SSR_API size_t ssr_report_count(const ssr_report *report);
SSR_API SSR_NODISCARD size_t ssr_report_errors(const ssr_report *report);
SSR_API size_t ssr_report_warnings(const ssr_report *report);

/*
 * The fields of diagnostic `i` (0 <= i < ssr_report_count()). An index out
 * of range gives 0 or NULL.
 *
 * ssr_diag_payload_pointer() is NULL unless the value lies inside a decoded
 * payload (a DSSE payload, a PEP 740 statement): then ssr_diag_pointer()
 * names the encoded member and this names the value inside the payload.
 * ssr_diag_offset() is the byte offset of the value in the input; line and
 * column are derived from it (column counts characters, not bytes).
 */
SSR_API int ssr_diag_severity(const ssr_report *report, size_t i);
SSR_API const char *ssr_diag_code(const ssr_report *report, size_t i);
SSR_API const char *ssr_diag_pointer(const ssr_report *report, size_t i);
SSR_API const char *ssr_diag_payload_pointer(const ssr_report *report, size_t i);
SSR_API const char *ssr_diag_message(const ssr_report *report, size_t i);
SSR_API size_t ssr_diag_line(const ssr_report *report, size_t i);
SSR_API size_t ssr_diag_column(const ssr_report *report, size_t i);
SSR_API size_t ssr_diag_offset(const ssr_report *report, size_t i);

/*
 * The whole report as one JSON object (UTF-8, no trailing newline):
 *   {"kind": NAME, "valid": BOOL, "diagnostics": [{"severity", "code",
 *    "pointer", "line", "column", "message"[, "payload_pointer"]}, ...]}
 * This is the form the bindings read. *out is NUL-terminated and freed
 * with ssr_free(). Returns SSR_OK, SSR_EINVAL or SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_report_to_json(const ssr_report *report, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SSR_REPORT_H */

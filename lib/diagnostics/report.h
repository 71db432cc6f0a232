/*
 * Building reports: the private side of ssr/report.h.
 */
#ifndef SSRI_REPORT_H
#define SSRI_REPORT_H

#include "common/internal.h"
#include "ssr/report.h"

typedef struct ssri_diag {
    int severity;
    char *code;
    char *pointer;
    char *payload_pointer; /* NULL unless inside a decoded payload */
    char *message;
    size_t offset;
    size_t line;
    size_t column;
} ssri_diag;

struct ssr_report {
    int kind;
    size_t count;
    size_t cap;
    size_t errors;
    size_t warnings;
    ssri_diag *items;
};

ssr_report *ssri_report_new(int kind);

/*
 * Adds one diagnostic. `src`/`src_len` is the input the offset refers to;
 * line and column are derived from it here, once. `code`, `pointer` and
 * `message` are copied.
 * Returns SSR_OK or SSR_ENOMEM.
 */
int ssri_report_add(ssr_report *report, int severity, const char *code, const char *pointer,
                    const char *src, size_t src_len, size_t offset, const char *message);

/*
 * The end of every public entry that builds a report: hands `r` to the
 * caller (*out = r) when `give` and `out` is not NULL, else frees it.
 */
void ssri_report_hand_over(ssr_report *r, bool give, ssr_report **out);

/* Sets the payload pointer of the last diagnostic added. */
int ssri_report_set_payload_pointer(ssr_report *report, const char *payload_pointer);

/* Line and column (1-based, column in characters) of a byte offset. */
void ssri_position(const char *src, size_t len, size_t offset, size_t *line, size_t *column);

/* Appends one RFC 6901 reference token ("/" + name with ~0 and ~1). */
void ssri_pointer_push_name(ssri_buf *b, const char *name);
void ssri_pointer_push_index(ssri_buf *b, size_t index);

#endif /* SSRI_REPORT_H */

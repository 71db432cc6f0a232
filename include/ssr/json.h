/*
 * libssr: the strict JSON reader and the writers.
 *
 * ssr_doc_parse() accepts exactly the strict profile of the specification
 * (schema/SPEC.md, "Strict JSON profile"): RFC 8259 plus I-JSON, with no
 * duplicate member names, no byte-order mark, no "\u0000", no lone
 * surrogates, valid UTF-8 only, no number that overflows a double, and
 * caller-settable limits. Anything else is refused with one diagnostic
 * naming the rule, the JSON Pointer and the line and column.
 */
#ifndef SSR_JSON_H
#define SSR_JSON_H

#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The limits a reader enforces. Values are stable across releases. */
typedef enum ssr_limit {
    SSR_LIMIT_DEPTH = 1,   /* nesting of arrays and objects; default 128 */
    SSR_LIMIT_SIZE = 2,    /* input bytes; default 64 MiB */
    SSR_LIMIT_STRING = 3,  /* bytes of one decoded string or name; default 16 MiB */
    SSR_LIMIT_ARRAY = 4,   /* elements of one array; default 1,048,576 */
    SSR_LIMIT_MEMBERS = 5  /* members of one object; default 65,536 */
} ssr_limit;

/* The default value of a limit, or 0 for an unknown limit. */
SSR_API uint64_t ssr_limit_default(ssr_limit which);
/* The largest value a limit accepts, or 0 for an unknown limit. */
SSR_API uint64_t ssr_limit_max(ssr_limit which);

/*
 * Reader options. Every function that reads a document takes a
 * `const ssr_options *`; NULL means the defaults.
 */
typedef struct ssr_options ssr_options;

/* A new options object holding the defaults; NULL when out of memory. */
SSR_API ssr_options *ssr_options_new(void);
/* Frees options; NULL is accepted. */
SSR_API void ssr_options_free(ssr_options *opts);
/*
 * Sets one limit. Returns SSR_EINVAL for an unknown limit or NULL opts,
 * SSR_ERANGE when value is 0 or above ssr_limit_max(which).
 */
SSR_API SSR_NODISCARD int ssr_options_set_limit(ssr_options *opts, ssr_limit which, uint64_t value);
/* Reads one limit back; 0 for an unknown limit. NULL opts reads the defaults. */
SSR_API uint64_t ssr_options_get_limit(const ssr_options *opts, ssr_limit which);

/* A parsed strict-JSON document. Immutable once parsed. */
typedef struct ssr_doc ssr_doc;

/*
 * Parses `len` bytes at `data` (which need not be NUL-terminated; len 0 is
 * an empty, invalid document) under the strict profile.
 *
 * On success returns SSR_OK and sets *doc (free it with ssr_doc_free()).
 * When the input is not strict JSON returns SSR_EINVALID and sets *doc to
 * NULL. When `report` is not NULL, *report receives a new report in both
 * cases (valid, or holding the one diagnostic that refused the input);
 * free it with ssr_report_free(). SSR_ENOMEM or SSR_EINVAL: nothing is
 * returned (*doc and *report set to NULL).
 */
SSR_API SSR_NODISCARD int ssr_doc_parse(const void *data, size_t len, const ssr_options *opts,
                                        ssr_doc **doc, ssr_report **report);

/* Frees a document; NULL is accepted. */
SSR_API void ssr_doc_free(ssr_doc *doc);

/*
 * The RFC 8785 (JCS) canonical form of a document: members sorted by
 * their UTF-16 code units, numbers in ECMAScript form, minimal string
 * escaping, no white space, no trailing newline. Locale-independent.
 *
 * *out receives a new buffer of *out_len bytes, NUL-terminated for
 * convenience (the NUL is not counted); free it with ssr_free().
 * Returns SSR_OK, SSR_EINVAL or SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_doc_canonical(const ssr_doc *doc, char **out, size_t *out_len);

/*
 * The pretty form of a document: member order kept, two-space indent,
 * ": " between name and value, numbers and strings written as in the
 * canonical form, "\n" line ends and a final newline. Deterministic.
 * Ownership and errors as ssr_doc_canonical().
 */
SSR_API SSR_NODISCARD int ssr_doc_pretty(const ssr_doc *doc, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SSR_JSON_H */

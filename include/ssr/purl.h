/*
 * libssr: package URLs (purl, ECMA-427).
 *
 * A purl names a package across ecosystems:
 * pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH. libssr parses one
 * into its decoded components, checks the rules of its type (a registered
 * type's namespace requirement, case folding, required qualifiers and
 * permitted characters) and writes its one canonical string. The verdicts
 * are the purl specification's own test suite's, every one of its parse,
 * validate and build tests (schema/SPEC.md section 12).
 */
#ifndef SSR_PURL_H
#define SSR_PURL_H

#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed, normalized package URL. Opaque; free with ssr_purl_free(). */
typedef struct ssr_purl ssr_purl;

/* The components, for ssr_purl_component(). Values are stable. */
typedef enum ssr_purl_part {
    SSR_PURL_TYPE = 0,
    SSR_PURL_NAMESPACE = 1, /* segments joined by '/', NULL when absent */
    SSR_PURL_NAME = 2,
    SSR_PURL_VERSION = 3,   /* NULL when absent */
    SSR_PURL_SUBPATH = 4    /* segments joined by '/', NULL when absent */
} ssr_purl_part;

/*
 * Flags of ssr_purl_parse(). SSR_PURL_REPAIR also accepts the non-canonical
 * spellings the test suite repairs when it validates a purl but refuses
 * when it parses one: a qualifier key that starts with an uppercase letter
 * ("Platform=java"), which is then lowercased.
 */
#define SSR_PURL_REPAIR 1u

/*
 * Parses `len` bytes at `text` as a package URL. On success *purl is a new
 * purl: decoded components, normalized as its type says (pkg:PYPI/Django_x
 * has type "pypi" and name "django-x"), qualifiers sorted by key.
 *
 * Returns SSR_OK; SSR_EINVALID when the text is not a valid purl (then
 * *report, when report is not NULL, holds one purl.* diagnostic whose
 * column is that of the offending character, pointer ""); SSR_ENOMEM;
 * SSR_EINVAL for NULL arguments or unknown flags. *purl is NULL unless
 * SSR_OK.
 */
SSR_API SSR_NODISCARD int ssr_purl_parse(const void *text, size_t len, unsigned flags, ssr_purl **purl,
                                         ssr_report **report);

/*
 * Builds a purl from its components given as one JSON object, the shape
 * ssr_purl_to_json() writes and the test suite uses: "type", "namespace",
 * "name", "version" and "subpath" strings or null, "qualifiers" an object
 * of strings or null. Members must be exactly those (read under the strict
 * JSON profile). Errors as for ssr_purl_parse(), the diagnostic pointing at
 * the member concerned.
 */
SSR_API SSR_NODISCARD int ssr_purl_build(const void *components, size_t len, ssr_purl **purl,
                                         ssr_report **report);

/* A decoded component (NUL-terminated, owned by the purl), or NULL when absent or `part` is unknown. */
SSR_API const char *ssr_purl_component(const ssr_purl *purl, int part);

/* The number of qualifiers. */
SSR_API size_t ssr_purl_qualifier_count(const ssr_purl *purl);

/*
 * The i-th qualifier, in key order: *key and *value (decoded, owned by the
 * purl). SSR_EINVAL when i is out of range or a pointer is NULL.
 */
SSR_API SSR_NODISCARD int ssr_purl_qualifier(const ssr_purl *purl, size_t i, const char **key, const char **value);

/*
 * The canonical string of a purl (pkg:type/namespace/name@version?k=v#sub,
 * each component percent-encoded as ECMA-427 says), NUL-terminated, freed
 * with ssr_free(). SSR_OK, SSR_EINVAL or SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_purl_canonical(const ssr_purl *purl, char **out, size_t *out_len);

/*
 * The components as one JSON object: {"type", "namespace", "name",
 * "version", "qualifiers" (an object, or null when there are none),
 * "subpath"}, absent ones null. Freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_purl_to_json(const ssr_purl *purl, char **out, size_t *out_len);

/* Frees a purl. NULL is accepted. */
SSR_API void ssr_purl_free(ssr_purl *purl);

#ifdef __cplusplus
}
#endif

#endif /* SSR_PURL_H */

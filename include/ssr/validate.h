/*
 * libssr: document kinds and validation.
 */
#ifndef SSR_VALIDATE_H
#define SSR_VALIDATE_H

#include "common.h"
#include "json.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Document kinds. Values are stable across releases; new kinds are added
 * at the end. SSR_KIND_AUTO asks the validator to detect the kind.
 */
typedef enum ssr_kind {
    SSR_KIND_AUTO = 0,
    SSR_KIND_JSON = 1,               /* any strict-JSON document, no schema */
    SSR_KIND_RELEASE = 2,            /* release/v1: one package version */
    SSR_KIND_TRUSTED_PUBLISHER = 3,  /* trusted-publisher/v1: a publishing policy */
    SSR_KIND_REPOSITORY_PROFILE = 4, /* repository-profile/v1: a registry's capabilities */
    SSR_KIND_OSV = 5,                /* an OSV advisory */
    SSR_KIND_IN_TOTO_STATEMENT = 6,  /* in-toto Statement v1 (v0.1 accepted) */
    SSR_KIND_SLSA_PROVENANCE = 7,    /* a bare SLSA Provenance predicate (v1; v0.2 recognised) */
    SSR_KIND_DSSE_ENVELOPE = 8,      /* a DSSE envelope; an in-toto payload is validated too */
    SSR_KIND_SIGSTORE_BUNDLE = 9,    /* a Sigstore bundle v0.1 to v0.3 (structure only) */
    SSR_KIND_PEP740_ATTESTATION = 10, /* PyPI's PEP 740 attestation object */
    SSR_KIND_PEP740_PROVENANCE = 11,  /* PyPI's PEP 740 provenance object */
    SSR_KIND_NPM_ATTESTATIONS = 12,   /* the npm registry's attestations response */
    SSR_KIND_SIGSTORE_TRUSTED_ROOT = 13 /* a Sigstore trusted root (trusted_root.json) */
} ssr_kind;

/* The number of kinds (the largest ssr_kind value plus one). */
SSR_API int ssr_kind_count(void);

/*
 * The stable name of a kind ("json", ...), or NULL for an unknown value.
 * SSR_KIND_AUTO is named "auto". Static storage.
 */
SSR_API const char *ssr_kind_name(int kind);

/*
 * The kind named by `len` bytes at `name` ("json", "auto", ...), or
 * SSR_EINVAL when no kind has that name.
 */
SSR_API int ssr_kind_from_name(const void *name, size_t len);

/*
 * Validates `len` bytes at `data` as `kind` (SSR_KIND_AUTO to detect it)
 * under the strict JSON profile and the kind's rules. Detection reads the
 * top-level member names (schema/SPEC.md section 9, "Detection"): a
 * document carrying a mark of one kind is validated as that kind; marks of
 * two kinds are the error kind.ambiguous; no mark (or a value that is not
 * an object) is the error kind.undetected, reported as kind SSR_KIND_JSON.
 * Ask for SSR_KIND_JSON to accept any strict-JSON document.
 *
 * Returns SSR_OK when a report was produced, whether or not the document
 * is valid: ask ssr_report_valid(). *report is then a new report, freed
 * with ssr_report_free(). SSR_EINVAL (unknown kind, NULL report) and
 * SSR_ENOMEM leave *report NULL.
 */
SSR_API SSR_NODISCARD int ssr_validate(const void *data, size_t len, int kind,
                                       const ssr_options *opts, ssr_report **report);

/*
 * The JSON Schema (draft 2020-12) of a native kind (release,
 * trusted-publisher, repository-profile), pretty-printed. *out is freed
 * with ssr_free(). SSR_EINVAL for a kind that has no schema of libssr's
 * own, SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_schema(int kind, char **out, size_t *out_len);

/*
 * Every diagnostic code a native kind can raise, one line each:
 * "CODE<TAB>error|warning<TAB>schema|beyond", sorted. "beyond" marks the
 * rules JSON Schema cannot state, where a schema validator may accept
 * what libssr refuses. *out is freed with ssr_free(). Errors as
 * ssr_schema().
 */
SSR_API SSR_NODISCARD int ssr_schema_codes(int kind, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SSR_VALIDATE_H */

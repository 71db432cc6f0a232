/*
 * libssr: verification of what registries receive. Sigstore bundles (v0.1
 * to v0.3), PEP 740 attestations and provenance objects, and the npm
 * registry's attestations, against a trusted root, a policy that says who
 * must have signed, and the artifact.
 *
 * Every refusal is a diagnostic with a stable code naming the check that
 * failed (schema/SPEC.md section 13); a success returns what was verified
 * and nothing else: the identity and Fulcio extensions of the signing
 * certificate (or the managed key), the signing times, the log entries
 * and, for DSSE, the statement.
 *
 * Handles (trusted roots, policies) are read-only once made: threads share
 * them. X.509, ECDSA, RSA, RFC 3161 and the SCT signatures are OpenSSL's.
 */
#ifndef SSR_VERIFY_H
#define SSR_VERIFY_H

#include "common.h"
#include "crypto.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- trusted roots ------------------------------------------------------- */

/* A Sigstore trusted root: Fulcio CAs, Rekor logs, CT logs, timestamp authorities. */
typedef struct ssr_trust_root ssr_trust_root;

/* The trusted roots libssr carries. Values are stable. */
typedef enum ssr_trust_instance {
    SSR_TRUST_PUBLIC_GOOD = 1, /* Sigstore's public-good instance: the default */
    SSR_TRUST_STAGING = 2      /* its staging instance */
} ssr_trust_instance;

/*
 * Reads a trusted_root.json (media types v0.1 and v0.2). A root that is not
 * a valid sigstore-trusted-root document (every validFor needs its start)
 * or holds a certificate that is not DER X.509 is SSR_EINVALID, *report
 * saying why. SSR_ENOMEM, SSR_EINVAL. Free with ssr_trust_root_free().
 */
SSR_API SSR_NODISCARD int ssr_trust_root_parse(const void *data, size_t len, ssr_trust_root **root,
                                               ssr_report **report);
/* One of the trusted roots libssr carries (SSR_TRUST_*). SSR_EINVAL for another value. */
SSR_API SSR_NODISCARD int ssr_trust_root_load(int instance, ssr_trust_root **root);
/* Frees a trusted root; NULL is accepted. */
SSR_API void ssr_trust_root_free(ssr_trust_root *root);

/* ---- policies ------------------------------------------------------------- */

/* Who must have signed. Free with ssr_verify_policy_free(). */
typedef struct ssr_verify_policy ssr_verify_policy;

/* What was verified. Free with ssr_verify_result_free(). */
typedef struct ssr_verify_result ssr_verify_result;

/*
 * A keyless signer: the certificate's one Subject Alternative Name (a URI
 * or an email) equals `identity` and its OIDC issuer (the Fulcio extension
 * 1.3.6.1.4.1.57264.1.8, or 1.1 on certificates older than it) equals
 * `issuer`, both compared byte for byte, whole. SSR_EINVAL for empty
 * strings.
 */
SSR_API SSR_NODISCARD int ssr_verify_policy_identity(const void *identity, size_t identity_len, const void *issuer,
                                                     size_t issuer_len, ssr_verify_policy **policy);
/* A managed key: the bundle's signature must verify with this key (ECDSA P-256/P-384, RSA or Ed25519). */
SSR_API SSR_NODISCARD int ssr_verify_policy_key(const ssr_public_key *key, ssr_verify_policy **policy);
/*
 * A trusted-publisher/v1 document as a policy for attestations: its
 * github block constrains the certificate as PyPI does (issuer GitHub
 * Actions, Source Repository URI https://github.com/OWNER/REPOSITORY,
 * Build Config URI .../.github/workflows/WORKFLOW@ the certificate's
 * Source Repository Digest or Ref, and the Source Repository Owner
 * Identifier equal to owner_id); gitlab likewise with the policy's issuer
 * and NAMESPACE/PROJECT//WORKFLOW_FILEPATH; google the service account's
 * email and the Google issuer. SSR_EINVALID (with *report) for an invalid
 * document or a provider that signs no certificates (activestate, custom).
 */
SSR_API SSR_NODISCARD int ssr_verify_policy_publisher(const void *document, size_t len, ssr_verify_policy **policy,
                                                      ssr_report **report);
/*
 * A policy from one JSON object, the form of PEP 740 tooling:
 * {"identity": SAN, "issuer": URL} with optional Fulcio extensions by
 * name ("source_repository_uri": ..., underscores or dashes), the
 * identity optional when an extension pins the signer; or one publisher
 * block alone, as pypi-attestations names them:
 * {"github": {"repository": "OWNER/NAME", "workflow": FILE}},
 * {"gitlab": {"repository": "NAMESPACE/PROJECT", "workflow_filepath": PATH}},
 * {"google": {"email": SERVICE_ACCOUNT}} ("environment" is accepted and,
 * as PyPI does, not checked: certificates do not carry it). SSR_EINVALID
 * with *report for anything else.
 */
SSR_API SSR_NODISCARD int ssr_verify_policy_parse(const void *json, size_t len, ssr_verify_policy **policy,
                                                  ssr_report **report);
/*
 * Adds a constraint to a keyless policy: the Fulcio extension `name`
 * ("source-repository-uri", "build-config-uri", "runner-environment", ...:
 * the names of ssr_verify_result_to_json()) must be present and equal
 * `value`. SSR_EINVAL for an unknown name or a managed-key policy.
 */
SSR_API SSR_NODISCARD int ssr_verify_policy_require(ssr_verify_policy *policy, const char *name, const void *value,
                                                    size_t value_len);
/*
 * Checks a certificate alone (PEM or DER) against a keyless policy: its
 * identity, issuer and extensions, nothing else. This is no verification:
 * no chain, no time, no signature; it answers "would this certificate
 * satisfy the policy". SSR_OK with *result (one item); SSR_EVERIFY with
 * *report saying why not; SSR_EINVAL for a key policy.
 */
SSR_API SSR_NODISCARD int ssr_verify_policy_check(const ssr_verify_policy *policy, const void *certificate,
                                                  size_t len, ssr_verify_result **result, ssr_report **report);
/* Frees a policy; NULL is accepted. */
SSR_API void ssr_verify_policy_free(ssr_verify_policy *policy);

/* ---- options ---------------------------------------------------------------- */

/*
 * How much evidence a verification demands, and when it happens. NULL
 * where a verification takes options means every default. An options
 * object is read, never written, by the calls that take it: threads may
 * share one. Setters may be added in later versions; defaults never
 * weaken. Free with ssr_verify_options_free().
 */
typedef struct ssr_verify_options ssr_verify_options;

/* New options with the defaults: the current time, at least 1 log entry, at least 1 signed time, an SCT required. */
SSR_API ssr_verify_options *ssr_verify_options_new(void);
/* Frees options; NULL is accepted. */
SSR_API void ssr_verify_options_free(ssr_verify_options *options);
/* The time to verify at, Unix seconds (default: the time of the call). No signed time may be after it. */
SSR_API SSR_NODISCARD int ssr_verify_options_set_time(ssr_verify_options *options, int64_t now);
/*
 * The fewest transparency-log entries a bundle must hold (default 1, as
 * PyPI, npm and sigstore-python require; 0 for evidence that is never
 * logged, such as GitHub's attestations of private repositories). Every
 * entry present must verify, whatever the minimum. SSR_EINVAL above 32.
 */
SSR_API SSR_NODISCARD int ssr_verify_options_set_min_log_entries(ssr_verify_options *options, unsigned count);
/*
 * The fewest verified signed times (integrated times whose SET verified,
 * RFC 3161 timestamps) the certificate must be checked at (default 1; at
 * least 1). SSR_EINVAL for 0 or above 64.
 */
SSR_API SSR_NODISCARD int ssr_verify_options_set_min_signed_times(ssr_verify_options *options, unsigned count);
/*
 * Whether the signing certificate must carry an SCT that verifies with a
 * CT log of the root (default 1). 0 for a private CA without a CT log: no
 * SCT is then checked. SSR_EINVAL for another value than 0 or 1.
 */
SSR_API SSR_NODISCARD int ssr_verify_options_set_require_sct(ssr_verify_options *options, int required);

/* ---- verification ---------------------------------------------------------- */

/*
 * Verifies a Sigstore bundle against the trusted root, the policy and the
 * artifact, known by its digests (ssr_artifact_hash(), _hash_file() or
 * _add_digest("sha256", ...)): signed times (verified SETs and RFC 3161
 * timestamps, at least the options' minimum, none after their time), the
 * certificate's chain to a trusted Fulcio CA at each of them and its SCT,
 * every transparency-log entry (SET, inclusion proof, checkpoint, body
 * against the bundle; at least the options' minimum of them), the
 * signature over the artifact or the DSSE envelope's PAE with a subject
 * matching the artifact, and the policy. `options` NULL: the defaults.
 *
 * SSR_OK with *result; SSR_EVERIFY when a check fails and SSR_EINVALID when
 * the bundle is not a valid one, *report (when report is not NULL) saying
 * which; SSR_EINVAL, SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_verify_bundle(const ssr_trust_root *root, const ssr_verify_policy *policy,
                                            const void *bundle, size_t len, const ssr_artifact *artifact,
                                            const ssr_verify_options *options, ssr_verify_result **result,
                                            ssr_report **report);

/*
 * Verifies PEP 740 attestations of a distribution file: `data` is an
 * attestation object, a provenance object (every attestation of every
 * bundle must verify) or a Sigstore bundle taken as an attestation. The
 * statement's one subject must name `filename` (compared as distribution
 * file names, wheel tags as sets) with the artifact's sha256, and its
 * predicate type be PyPI's publish or SLSA provenance v1. Returns as
 * ssr_verify_bundle().
 */
SSR_API SSR_NODISCARD int ssr_verify_pep740(const ssr_trust_root *root, const ssr_verify_policy *policy,
                                            const void *data, size_t len, const void *filename,
                                            size_t filename_len, const ssr_artifact *artifact,
                                            const ssr_verify_options *options, ssr_verify_result **result,
                                            ssr_report **report);

/*
 * Verifies the npm registry's attestations response for NAME@VERSION
 * (`package`) against the tarball, known by its sha512 (the integrity's):
 * each attestation's first subject is pkg:npm/NAME@VERSION with that
 * sha512; a publish attestation (its DSSE signature has a keyid) is signed
 * by the registry key of that keyid, from `keys` (the registry's
 * /-/npm/v1/keys response or the TUF-distributed keys.json), not expired
 * at the entry's integrated time; a provenance attestation is keyless.
 * Returns as ssr_verify_bundle().
 */
SSR_API SSR_NODISCARD int ssr_verify_npm(const ssr_trust_root *root, const void *keys, size_t keys_len,
                                         const void *attestations, size_t len, const void *package,
                                         size_t package_len, const ssr_artifact *artifact,
                                         const ssr_verify_options *options, ssr_verify_result **result,
                                         ssr_report **report);

/* ---- results --------------------------------------------------------------- */

/* The number of attestations verified (1 for a bundle). */
SSR_API SSR_NODISCARD size_t ssr_verify_result_count(const ssr_verify_result *result);
/* The signing certificate's identity (its SAN) of attestation i; NULL for a managed key. */
SSR_API SSR_NODISCARD const char *ssr_verify_result_identity(const ssr_verify_result *result, size_t i);
/* A Fulcio extension of attestation i's certificate by name ("issuer", "build-config-uri", ...), or NULL. */
SSR_API SSR_NODISCARD const char *ssr_verify_result_extension(const ssr_verify_result *result, size_t i, const char *name);
/* The verified DSSE payload (the statement) of attestation i and its length; NULL for a message signature. */
SSR_API SSR_NODISCARD const unsigned char *ssr_verify_result_statement(const ssr_verify_result *result, size_t i, size_t *len);
/* The media type of attestation i's bundle ("application/vnd.dev.sigstore.bundle.v0.3+json", ...). */
SSR_API SSR_NODISCARD const char *ssr_verify_result_media_type(const ssr_verify_result *result, size_t i);
/* The kind of attestation i's identity: "uri", "email" or "other"; NULL for a managed key. */
SSR_API SSR_NODISCARD const char *ssr_verify_result_identity_kind(const ssr_verify_result *result, size_t i);
/*
 * The id of the managed key that signed attestation i (npm's registry keys):
 * as ssr_public_key_id(), lowercase hex SHA-256 of its SubjectPublicKeyInfo.
 * NULL for a certificate.
 */
SSR_API SSR_NODISCARD const char *ssr_verify_result_key_id(const ssr_verify_result *result, size_t i);
/*
 * A message signature's artifact digest, which the signature was verified
 * over: its hex, the algorithm's name ("sha256", "sha384", "sha512") in
 * *alg (may be NULL). NULL (and *alg NULL) for a DSSE envelope: its
 * statement's subjects name the artifact.
 */
SSR_API SSR_NODISCARD const char *ssr_verify_result_digest(const ssr_verify_result *result, size_t i, const char **alg);
/* The payload type of attestation i's statement ("application/vnd.in-toto+json"); NULL for a message signature. */
SSR_API SSR_NODISCARD const char *ssr_verify_result_payload_type(const ssr_verify_result *result, size_t i);
/*
 * The name of the j-th Fulcio extension of attestation i's certificate, in
 * the certificate's order, and its value in *value; NULL (and *value NULL)
 * past the last one.
 */
SSR_API SSR_NODISCARD const char *ssr_verify_result_extension_at(const ssr_verify_result *result, size_t i, size_t j,
                                                                 const char **value);
/*
 * The j-th verified signed time of attestation i: *seconds and *nanos since
 * the Unix epoch, *source "transparency-log" or "timestamp-authority", *uri
 * the log's base URL or the authority's URI. Any output may be NULL.
 * Returns SSR_OK, or SSR_ERANGE past the last time (outputs zeroed).
 */
SSR_API SSR_NODISCARD int ssr_verify_result_time(const ssr_verify_result *result, size_t i, size_t j, int64_t *seconds,
                                                 int32_t *nanos, const char **source, const char **uri);
/*
 * The j-th verified transparency-log entry of attestation i: the log's base
 * URL, the entry's index, its integrated time (-1 when no SET signed one:
 * Rekor v2), and the entry's kind and version ("hashedrekord", "0.0.1").
 * Any output may be NULL. Returns SSR_OK, or SSR_ERANGE past the last entry
 * (outputs zeroed).
 */
SSR_API SSR_NODISCARD int ssr_verify_result_tlog_entry(const ssr_verify_result *result, size_t i, size_t j,
                                                       const char **log_url, int64_t *log_index,
                                                       int64_t *integrated_time, const char **kind,
                                                       const char **version);
/*
 * Everything verified, as one JSON object: {"verified": true,
 * "attestations": [{"media_type", "identity" {"san", "kind"} or "key_id",
 * "extensions" {name: value}, "times" [{"time", "source"}], "tlog_entries"
 * [...], and "digest" {alg: hex} (a message signature) or "payload_type"
 * and "statement" (DSSE)}...]}. Freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_verify_result_to_json(const ssr_verify_result *result, char **out, size_t *out_len);
/* Frees a result; NULL is accepted. */
SSR_API void ssr_verify_result_free(ssr_verify_result *result);

#ifdef __cplusplus
}
#endif

#endif /* SSR_VERIFY_H */

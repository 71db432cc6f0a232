/*
 * libssr: trusted publishing. Does a CI workload's OIDC token satisfy a
 * package's trusted-publisher policy? Its signature with the issuer's
 * JSON Web Key Set (ssr_tp_verify_token()), then its claims
 * (ssr_tp_match(), which also takes claims already checked elsewhere).
 *
 * The policy's typed identity block (github, gitlab, google, activestate)
 * compiles to generic conditions with one normative semantics per provider
 * (schema/SPEC.md section 11); generic conditions apply as written. The
 * token's own claims are checked first: iss equal to the policy's issuer,
 * aud one string equal to its audience, exp and iat integers within the
 * leeway, nbf not in the future, the lifetime within its maximum, jti when
 * required.
 */
#ifndef SSR_POLICY_H
#define SSR_POLICY_H

#include "common.h"
#include "json.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Flags for ssr_tp_match(). SSR_TP_PARTIAL_CLAIMS: the claims are a
 * partial claim set, a test extract holding only the claims one check
 * reads (as the trusted-publishing corpus's verbatim-partial files do):
 * token claims that are absent are not required, and a condition is not
 * evaluated when the extract lacks what it reads (its claim absent or null;
 * for eq_concat_claim, every claim it joins absent); everything present is
 * checked as usual. Never use it on real tokens: every real token has an
 * audience, and a claim set without one is an extract.
 */
#define SSR_TP_PARTIAL_CLAIMS 1u
/*
 * SSR_TP_POLICY_FRAGMENT: the policy is a test fragment, written as the
 * trusted-publishing corpus's cases are: its provider may be any name when
 * it carries no typed block (the rules of the provider whose block or
 * issuer it names then apply, else a custom one's), its issuer any
 * string, its conditions may be empty (a policy with no condition then
 * never matches), and an active policy may have no bindings. Never for a
 * registry's policies: without it, a policy is matched only when it is a
 * valid trusted-publisher document, exactly as ssr_validate() decides.
 */
#define SSR_TP_POLICY_FRAGMENT 2u

typedef struct ssr_tp_result ssr_tp_result;

/*
 * Matches claims (a JSON object) against a trusted-publisher policy at
 * time `now` (Unix seconds).
 *
 * SSR_OK: the claims match; *result is set (free it with
 * ssr_tp_result_free()). SSR_ENOMATCH: they do not; *result is set too,
 * saying which condition failed (ssr_tp_failed_claim()...), and must be
 * freed: a "no" is never SSR_OK, so that a caller who checks the status
 * alone refuses. SSR_EINVALID: the policy or the claims are not
 * usable (*report, when report is not NULL, says why; policy diagnostics
 * carry trusted-publisher codes, claims diagnostics json ones). The
 * policy must be a valid trusted-publisher document (SSR_TP_POLICY_FRAGMENT
 * relaxes that for test vectors). SSR_EINVAL, SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_tp_match(const void *policy, size_t policy_len, const void *claims, size_t claims_len,
                                       int64_t now, unsigned flags, ssr_tp_result **result, ssr_report **report);

/* 1 when the claims match the policy. */
SSR_API SSR_NODISCARD int ssr_tp_matched(const ssr_tp_result *result);
/*
 * The first check that failed: the claim it read, the operator ("token"
 * for the token's own claims, "pending" for an expired pending policy,
 * "policy" for a policy without conditions) and a reason code (section 11
 * of the specification lists them). NULL when the claims matched.
 */
SSR_API SSR_NODISCARD const char *ssr_tp_failed_claim(const ssr_tp_result *result);
SSR_API SSR_NODISCARD const char *ssr_tp_failed_op(const ssr_tp_result *result);
SSR_API SSR_NODISCARD const char *ssr_tp_failed_reason(const ssr_tp_result *result);
/* The token's jti, which the caller must store (keyed by issuer and jti) before minting; NULL when absent. */
SSR_API SSR_NODISCARD const char *ssr_tp_jti(const ssr_tp_result *result);
/* How many conditions held: with several matching policies, pick the one where most did. */
SSR_API SSR_NODISCARD size_t ssr_tp_conditions_held(const ssr_tp_result *result);
/* Values bound on first use: the claim names and their values as JSON text. */
SSR_API SSR_NODISCARD size_t ssr_tp_bound_count(const ssr_tp_result *result);
SSR_API SSR_NODISCARD const char *ssr_tp_bound_claim(const ssr_tp_result *result, size_t i);
SSR_API SSR_NODISCARD const char *ssr_tp_bound_value(const ssr_tp_result *result, size_t i);
/*
 * The result as JSON: {"matched": bool, "failed": {"claim", "op", "reason"}
 * or null, "jti": string or null, "bound": {claim: value}, "conditions_held": N}.
 * *out is freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_tp_result_to_json(const ssr_tp_result *result, char **out, size_t *out_len);
/* Frees a result; NULL is accepted. */
SSR_API void ssr_tp_result_free(ssr_tp_result *result);

/*
 * The policy's conditions as matching applies them, typed blocks compiled:
 * one JSON object per line ({"claim", "op", "value"[, "bind_on_first_use"]}),
 * after a first line describing the token checks. *out is freed with
 * ssr_free(). Errors as ssr_tp_match().
 */
SSR_API SSR_NODISCARD int ssr_tp_explain(const void *policy, size_t len, char **out, size_t *out_len,
                                         ssr_report **report);

/* ---- OIDC ID tokens: the signature, then the claims ------------------------- */

/*
 * A trusted-publisher policy read and compiled once, for verifying many
 * tokens (ssr_tp_verify_token()); read-only, shared by threads. The same
 * rules as ssr_tp_match()'s: SSR_EINVALID with *report when the policy is
 * not usable. Free with ssr_tp_policy_free().
 */
typedef struct ssr_tp_policy ssr_tp_policy;
SSR_API SSR_NODISCARD int ssr_tp_policy_parse(const void *policy, size_t len, ssr_tp_policy **out,
                                              ssr_report **report);
/*
 * Overrides the policy's token.leeway_seconds (0 to 300) for the tokens
 * verified with it: the clock skew tolerated on exp, iat and nbf. Call it
 * before the policy is shared between threads. SSR_EINVAL for NULL or
 * more than 300 seconds.
 */
SSR_API SSR_NODISCARD int ssr_tp_policy_set_leeway(ssr_tp_policy *policy, unsigned seconds);
/* Frees a compiled policy; NULL is accepted. */
SSR_API void ssr_tp_policy_free(ssr_tp_policy *policy);

/* A JSON Web Key Set: the keys an issuer signs its tokens with. Free with ssr_jwks_free(). */
typedef struct ssr_jwks ssr_jwks;

/*
 * Reads a JSON Web Key Set (RFC 7517), strictly: RSA keys (n, e; a modulus
 * of 2048 to 8192 bits, e odd and at least 65537) and EC P-256 keys (x, y,
 * crv, a point of the curve), each with its kid (unique in the set) and its
 * alg (RS256, PS256 or ES256, agreeing with its kty), use "sig" or absent,
 * key_ops (when present) with "verify", no member of the other kty. Keys
 * of other types, algorithms or uses are skipped with a warning
 * (jwks.key.skipped); a private member, a duplicate kid, members that
 * disagree or a malformed key refuse the set. A lone JWK object is
 * read as a set of one. SSR_OK with *jwks (and *report holding any
 * warnings, when report is not NULL); SSR_EINVALID with *report;
 * SSR_EINVAL, SSR_ENOMEM, SSR_ECRYPTO. A set is read-only: threads share it.
 */
SSR_API SSR_NODISCARD int ssr_jwks_parse(const void *data, size_t len, ssr_jwks **jwks, ssr_report **report);
/* The number of keys the set holds (the skipped ones not counted). */
SSR_API SSR_NODISCARD size_t ssr_jwks_count(const ssr_jwks *jwks);
/* Frees a set; NULL is accepted. */
SSR_API void ssr_jwks_free(ssr_jwks *jwks);

/*
 * Flag for ssr_jws_verify(): a token without kid is checked with the
 * set's only key. For published test vectors (RFC 7515's examples name no
 * key); never for ID tokens, whose key is always chosen by kid.
 */
#define SSR_JWS_SOLE_KEY 1u

/*
 * The signature layer of a compact JWS (RFC 7515), alone: at most 64 KiB,
 * exactly three segments of strict base64url (no padding, no white space,
 * zero trailing bits), a header that is a strict-JSON object whose alg is
 * RS256, PS256 (salt 32) or ES256 (64 bytes r||s) and the alg of the key
 * its kid names in the set; none, HMAC and any other alg refused; crit
 * refused; typ, when present, "JWT"; jku, jwk, x5u and x5c never read.
 * SSR_OK with the payload's bytes (when payload is not NULL; freed with
 * ssr_free()); SSR_EVERIFY with *report saying which check refused it
 * (jwt.* codes, schema/SPEC.md section 14); SSR_EINVAL, SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_jws_verify(const ssr_jwks *jwks, const void *token, size_t len, unsigned flags,
                                         unsigned char **payload, size_t *payload_len, ssr_report **report);

/*
 * Trusted publishing end to end: the token's signature as ssr_jws_verify()
 * checks it, its payload a strict-JSON object, then the claims against the
 * compiled policy exactly as ssr_tp_match() does (issuer, audience as one
 * string, exp, nbf, iat with the policy's leeway, jti, the provider's
 * conditions). SSR_OK with *result when the claims match, SSR_ENOMATCH
 * with *result (which says why) when they do not; either result also
 * holds the verified header's alg and kid and the claims
 * (ssr_tp_token_*()). SSR_EVERIFY with *report when the token itself is
 * refused; SSR_EINVAL, SSR_ENOMEM. `flags` must be 0.
 */
SSR_API SSR_NODISCARD int ssr_tp_verify_token(const ssr_tp_policy *policy, const ssr_jwks *jwks, const void *token,
                                              size_t len, int64_t now, unsigned flags, ssr_tp_result **result,
                                              ssr_report **report);
/* The verified token's alg, kid and claims (JSON text) of a result of ssr_tp_verify_token(); NULL otherwise. */
SSR_API SSR_NODISCARD const char *ssr_tp_token_alg(const ssr_tp_result *result);
SSR_API SSR_NODISCARD const char *ssr_tp_token_kid(const ssr_tp_result *result);
SSR_API SSR_NODISCARD const char *ssr_tp_token_claims(const ssr_tp_result *result);

/*
 * A token's header and claims, decoded and NOT verified, for debugging:
 * {"verified": false, "header": {...}, "claims": {...}, "signature_bytes":
 * N} (both objects in canonical form). SSR_EINVALID with *report when the
 * token does not decode (segments, base64url, strict JSON). Freed with
 * ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_tp_decode_token(const void *token, size_t len, char **out, size_t *out_len,
                                              ssr_report **report);

#ifdef __cplusplus
}
#endif

#endif /* SSR_POLICY_H */

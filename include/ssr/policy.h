/*
 * libssr: trusted publishing. Does a CI workload's OIDC token (its claims,
 * already signature-checked by the caller) satisfy a package's
 * trusted-publisher policy?
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

typedef struct ssr_tp_result ssr_tp_result;

/*
 * Matches claims (a JSON object) against a trusted-publisher policy at
 * time `now` (Unix seconds).
 *
 * SSR_OK: *result is set, matched or not (ssr_tp_matched()); free it with
 * ssr_tp_result_free(). SSR_EINVALID: the policy or the claims are not
 * usable (*report, when report is not NULL, says why; policy diagnostics
 * carry trusted-publisher codes, claims diagnostics json ones). The
 * policy must be a valid trusted-publisher document, except that for
 * matching its provider may be any name when it carries no typed block,
 * its issuer any string, its conditions list may be empty (a policy with
 * no condition at all then never matches), and an active policy may have
 * no bindings (the caller chose the policy by its package). SSR_EINVAL,
 * SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_tp_match(const void *policy, size_t policy_len, const void *claims, size_t claims_len,
                                       int64_t now, unsigned flags, ssr_tp_result **result, ssr_report **report);

/* 1 when the claims match the policy. */
SSR_API int ssr_tp_matched(const ssr_tp_result *result);
/*
 * The first check that failed: the claim it read, the operator ("token"
 * for the token's own claims, "pending" for an expired pending policy,
 * "policy" for a policy without conditions) and a reason code (section 11
 * of the specification lists them). NULL when the claims matched.
 */
SSR_API const char *ssr_tp_failed_claim(const ssr_tp_result *result);
SSR_API const char *ssr_tp_failed_op(const ssr_tp_result *result);
SSR_API const char *ssr_tp_failed_reason(const ssr_tp_result *result);
/* The token's jti, which the caller must store (keyed by issuer and jti) before minting; NULL when absent. */
SSR_API const char *ssr_tp_jti(const ssr_tp_result *result);
/* How many conditions held: with several matching policies, pick the one where most did. */
SSR_API size_t ssr_tp_conditions_held(const ssr_tp_result *result);
/* Values bound on first use: the claim names and their values as JSON text. */
SSR_API size_t ssr_tp_bound_count(const ssr_tp_result *result);
SSR_API const char *ssr_tp_bound_claim(const ssr_tp_result *result, size_t i);
SSR_API const char *ssr_tp_bound_value(const ssr_tp_result *result, size_t i);
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

#ifdef __cplusplus
}
#endif

#endif /* SSR_POLICY_H */

/*
 * Trusted publishing end to end: an OIDC ID token's signature verified
 * against the issuer's JWKS (lib/jose/), then its claims matched against a
 * trusted-publisher policy.
 */
#include "crypto/crypto.h"
#include "jose/jose.h"
#include "ssr/policy.h"
#include "tp.h"

int ssr_tp_verify_token(const ssr_tp_policy *policy, const ssr_jwks *jwks, const void *token, size_t len, int64_t now,
                        unsigned flags, ssr_tp_result **result, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (result == NULL || policy == NULL || jwks == NULL || !ssri_token_args_ok(token, len) || flags != 0)
        return SSR_EINVAL;
    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    if (r == NULL)
        return SSR_ENOMEM;
    ssri_jws_claims c;
    int status = ssri_jws_verify_claims(jwks, token, len, r, &c);
    if (status == SSR_OK)
        status = ssri_tp_run(policy, c.claims->root, now, false, result);
    if (status == SSR_OK) {
        status = ssri_tp_result_set_token(*result, c.alg, c.kid, c.payload, c.payload_len);
        if (status != SSR_OK) {
            ssr_tp_result_free(*result);
            *result = NULL;
        }
    }
    ssri_jws_claims_release(&c);
    ssri_report_hand_over(r, status == SSR_EVERIFY, report);
    return status == SSR_OK && !ssr_tp_matched(*result) ? SSR_ENOMATCH : status;
}

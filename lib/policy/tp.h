/*
 * Trusted publishing's private side: what token verification adds to a
 * match result.
 */
#ifndef SSRI_TP_H
#define SSRI_TP_H

#include <stddef.h>

#include "ssr/policy.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cJSON cJSON;

/* Matches parsed claims against a compiled policy (ssr_tp_match's second half). SSR_OK or SSR_ENOMEM. */
int ssri_tp_run(const ssr_tp_policy *policy, const cJSON *claims, int64_t now, bool partial, ssr_tp_result **result);

/* Records the verified token's algorithm, key id and claims (JSON) in a result. SSR_OK or SSR_ENOMEM. */
int ssri_tp_result_set_token(ssr_tp_result *r, const char *alg, const char *kid, const unsigned char *claims,
                             size_t len);

/*
 * A JWS signature by `key` under `alg` (RS256, PS256 with a 32-byte salt,
 * ES256 as 64 bytes r || s), its length exactly the algorithm's: SSR_OK,
 * SSR_EVERIFY (also for a key of another kind), SSR_ENOMEM.
 */
typedef struct ssr_public_key ssr_public_key;
int ssri_jws_signature_check(const ssr_public_key *key, const char *alg, const void *input, size_t input_len,
                             const unsigned char *sig, size_t sig_len);

#endif

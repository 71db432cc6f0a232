/*
 * JOSE's private side: compact JWS verification against a JWKS, for the
 * rooms that act on verified claims (trusted publishing).
 */
#ifndef SSRI_JOSE_H
#define SSRI_JOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "json/json.h"
#include "ssr/crypto.h"
#include "ssr/policy.h"
#include "ssr/validate.h"

/* A verified token's claims: the payload as signed and read as a JSON object, and the key that verified it. */
typedef struct ssri_jws_claims {
    ssr_doc *claims;
    unsigned char *payload;
    size_t payload_len;
    const char *alg; /* "RS256", "PS256", "ES256" (static) */
    const char *kid; /* the key's id (owned by the JWKS), or NULL */
} ssri_jws_claims;

/*
 * Verifies a compact JWS against `jwks` (the key by kid, its own
 * algorithm) and reads its payload as a strict JSON object. Refusals are
 * added to `report`: SSR_EVERIFY; SSR_ENOMEM. On SSR_OK release *out
 * with ssri_jws_claims_release().
 */
int ssri_jws_verify_claims(const ssr_jwks *jwks, const void *token, size_t len, ssr_report *report,
                           ssri_jws_claims *out);
void ssri_jws_claims_release(ssri_jws_claims *c);

/* A token argument: data where there is a length, and no NUL byte inside. */
bool ssri_token_args_ok(const void *token, size_t len);

/*
 * A JWS signature by `key` under `alg` (RS256, PS256 with a 32-byte salt,
 * ES256 as 64 bytes r || s), its length exactly the algorithm's: SSR_OK,
 * SSR_EVERIFY (also for a key of another kind), SSR_ENOMEM.
 */
int ssri_jws_signature_check(const ssr_public_key *key, const char *alg, const void *input, size_t input_len,
                             const unsigned char *sig, size_t sig_len);

#endif /* SSRI_JOSE_H */

/*
 * ECDSA verification: the one place every P-256 and P-384 signature check
 * of the library goes (artifact signatures, DSSE keys, SCTs, SETs,
 * checkpoints, a Fulcio leaf by its issuer, timestamp tokens, JWS), by the
 * backend chosen when the library is built (meson option `ecdsa`):
 *
 * - aws-lc (ecdsa_awslc.c), the default where the set-up built it: a
 *   static, symbol-prefixed libcrypto of its own, 3.4 times as fast as
 *   OpenSSL 3.0 on P-384 and 1.3 times on P-256;
 * - OpenSSL (ecdsa_openssl.c), the process's libcrypto: the fallback.
 *
 * Callers hash (OpenSSL's EVP, which uses the CPU's SHA extensions) and
 * hand over the digest and a DER signature; nothing here sees an OpenSSL
 * type, so that the aws-lc side never includes OpenSSL's headers.
 */
#ifndef SSRI_ECDSA_H
#define SSRI_ECDSA_H

#include <stddef.h>

typedef struct ssri_ecdsa_key ssri_ecdsa_key;

/*
 * A public key of the curve `type` (SSR_KEY_ECDSA_P256 or _P384) from its
 * SEC 1 point, uncompressed or compressed: SSR_OK; SSR_EINVALID when the
 * bytes are not a point of that curve; SSR_ENOMEM.
 */
int ssri_ecdsa_key_new(int type, const unsigned char *point, size_t len, ssri_ecdsa_key **key);
/* Another reference to the key (thread-safe), returned. */
ssri_ecdsa_key *ssri_ecdsa_key_ref(ssri_ecdsa_key *key);
/* Drops a reference; NULL does nothing. */
void ssri_ecdsa_key_free(ssri_ecdsa_key *key);
/*
 * Does `sig` (DER ECDSA-Sig-Value, exactly sig_len bytes) sign `digest`
 * under the key? SSR_OK or SSR_EVERIFY; SSR_ECRYPTO when the backend
 * failed. Thread-safe on a shared key.
 */
int ssri_ecdsa_verify(const ssri_ecdsa_key *key, const unsigned char *digest, size_t digest_len,
                      const unsigned char *sig, size_t sig_len);
/* The backend's name and version are ssr_crypto_backend()'s (ssr/crypto.h), defined beside each backend. */

#endif

/*
 * The private side of ssr/crypto.h.
 */
#ifndef SSRI_CRYPTO_H
#define SSRI_CRYPTO_H

#include <sodium.h>

#include "common/internal.h"
#include "ssr/crypto.h"

/* sodium_init(), once; false when libsodium cannot start. */
bool ssri_sodium_ready(void);

/* Lowercase hex of len bytes; NULL when out of memory. Freed with ssri_free. */
char *ssri_hex(const unsigned char *bytes, size_t len);

struct ssr_public_key {
    unsigned char bytes[crypto_sign_PUBLICKEYBYTES];
    char id[crypto_hash_sha256_BYTES * 2 + 1];
};

/* Signs msg with the key into sig[64]. */
void ssri_ed25519_sign(const ssr_secret_key *key, const unsigned char *msg, size_t len, unsigned char sig[64]);

/* The i-th distinct key of a keyring. */
const ssr_public_key *ssri_keyring_key(const ssr_keyring *ring, size_t i);

#endif /* SSRI_CRYPTO_H */

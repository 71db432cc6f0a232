/*
 * The private side of ssr/crypto.h.
 */
#ifndef SSRI_CRYPTO_H
#define SSRI_CRYPTO_H

#include <openssl/err.h>
#include <sodium.h>

#include "common/internal.h"
#include "ssr/crypto.h"

/*
 * Leaves the calling thread's OpenSSL error queue as the caller left it,
 * however the function returns: the first statement of every public
 * entry point that can reach OpenSSL. A refused key, certificate or token
 * must leave nothing behind for the caller's own OpenSSL code to trip on
 * (SSL_get_error() reads the same queue). Marks nest, so entry points may
 * call each other.
 */
#define SSRI_OPENSSL_QUIET                                                                             \
    int ssri_openssl_mark_ __attribute__((cleanup(ssri_openssl_pop), unused)) = ERR_set_mark()
static inline void ssri_openssl_pop(int *mark)
{
    (void)mark;
    ERR_pop_to_mark();
}

/* Did a call fail (out of memory, or the cryptography library) rather than judge its input? */
static inline bool ssri_call_failed(int status)
{
    return status == SSR_ENOMEM || status == SSR_ECRYPTO;
}

/* sodium_init(), once; false when libsodium cannot start. */
bool ssri_sodium_ready(void);

/* Lowercase hex of len bytes; NULL when out of memory. Freed with ssri_free. */
char *ssri_hex(const unsigned char *bytes, size_t len);

typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_st EVP_MD;

struct ssr_public_key {
    int type;                                        /* SSR_KEY_* */
    unsigned char bytes[crypto_sign_PUBLICKEYBYTES]; /* Ed25519: the raw key */
    EVP_PKEY *pkey;                                  /* the others: OpenSSL's key (a reference of its own) */
    struct ssri_ecdsa_key *ec;                       /* ECDSA: the backend's key (crypto/ecdsa.h), a reference of its own */
    char id[crypto_hash_sha256_BYTES * 2 + 1];
};

/*
 * The digest `md` (EVP_sha256() and the like) as fetched once from the
 * default provider: the legacy getters make OpenSSL 3 fetch at every use,
 * which costs more than hashing a token. Others are returned as given.
 */
const EVP_MD *ssri_fetched(const EVP_MD *md);
/* A public key of an OpenSSL key (ECDSA P-256/P-384, RSA 2048 to 8192 bits), taking a reference. SSR_EINVALID for others. */
int ssri_public_key_from_pkey(EVP_PKEY *pkey, ssr_public_key **key);
/* The same without its id (left empty): for a key only ever used to verify, such as a certificate's. */
int ssri_public_key_wrap(EVP_PKEY *pkey, ssr_public_key **key);
/*
 * A P-256 or P-384 key (type SSR_KEY_ECDSA_*) from its SEC 1 point, for
 * the signature backend alone: no OpenSSL key, no id, no SPKI form. What
 * a certificate's key is used for (verifying) needs nothing else.
 */
int ssri_public_key_from_point(int type, const unsigned char *point, size_t len, ssr_public_key **key);
/* A public key from a non-Ed25519 SubjectPublicKeyInfo DER (exactly len bytes). */
int ssri_public_key_from_spki(const unsigned char *der, size_t len, ssr_public_key **key);
/* The SPKI DER of a non-Ed25519 key (points uncompressed); *der freed with OPENSSL_free. */
int ssri_public_key_spki(const ssr_public_key *key, unsigned char **der, size_t *len);
/* Copies a key into *dst (a new OpenSSL reference); release with ssri_public_key_release. */
int ssri_public_key_copy(ssr_public_key *dst, const ssr_public_key *src);
void ssri_public_key_release(ssr_public_key *key);

/*
 * Verifies sig over msg with the key's scheme: Ed25519; ECDSA (DER
 * signature) over SHA-256 on P-256, SHA-384 on P-384; RSA PKCS#1 v1.5 or
 * PSS (MGF1, salt the digest's length) over SHA-256. SSR_OK, SSR_EVERIFY,
 * SSR_ENOMEM.
 */
int ssri_key_verify(const ssr_public_key *key, const void *msg, size_t len, const void *sig, size_t sig_len);
/* How an ECDSA or RSA signature is made: its digest; for RSA the padding, and for PSS the MGF1 digest and salt. */
typedef struct ssri_sig_params {
    const EVP_MD *md;
    int padding;           /* RSA_PKCS1_PADDING or RSA_PKCS1_PSS_PADDING */
    const EVP_MD *mgf1_md; /* NULL: md */
    int salt_len;          /* bytes, or RSA_PSS_SALTLEN_DIGEST */
} ssri_sig_params;

/* Verifies a signature over a digest made as `params` say; Ed25519 keys never verify here. */
int ssri_verify_digest(const ssr_public_key *key, const ssri_sig_params *params, const unsigned char *digest,
                       size_t digest_len, const unsigned char *sig, size_t sig_len);
/* The same over a message, digested first with params->md. */
int ssri_verify_message(const ssr_public_key *key, const ssri_sig_params *params, const void *msg, size_t len,
                        const unsigned char *sig, size_t sig_len);

/* A raw r || s ECDSA signature (each `half` bytes) as DER; NULL when out of memory. Freed with OPENSSL_free. */
unsigned char *ssri_ecdsa_raw_der(const unsigned char *sig, size_t half, size_t *der_len);
/* Signs msg with the key into sig[64]. */
void ssri_ed25519_sign(const ssr_secret_key *key, const unsigned char *msg, size_t len, unsigned char sig[64]);

/* The artifact's lowercase hex digest by algorithm name ("sha256", "sha512", in-toto spellings too), or NULL. */
const char *ssri_artifact_hex(const ssr_artifact *a, const char *alg);
/* Does a DigestSet match the artifact (one strong algorithm agrees, none disagrees)? */
typedef struct cJSON cJSON;
bool ssri_digests_match(const ssr_artifact *a, const cJSON *digests);

/* The i-th distinct key of a keyring. */
const ssr_public_key *ssri_keyring_key(const ssr_keyring *ring, size_t i);

#endif /* SSRI_CRYPTO_H */

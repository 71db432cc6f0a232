/*
 * libssr: digests, Ed25519 keys, DSSE signing and verification, subject
 * matching. Everything rests on libsodium.
 *
 * Secret keys live only in libsodium's guarded memory (sodium_malloc) and
 * are wiped when freed; every buffer holding secret material that the
 * library hands out is freed with ssr_secret_free(), which wipes it too.
 */
#ifndef SSR_CRYPTO_H
#define SSR_CRYPTO_H

#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- digests ----------------------------------------------------------- */

typedef enum ssr_digest_alg {
    SSR_DIGEST_SHA256 = 1,
    SSR_DIGEST_SHA512 = 2,
    SSR_DIGEST_BLAKE2B_256 = 3, /* BLAKE2b with a 32-byte output (b2sum -l 256) */
    SSR_DIGEST_BLAKE2B_512 = 4  /* BLAKE2b with a 64-byte output (b2sum) */
} ssr_digest_alg;

/* "sha256", "sha512", "blake2b-256", "blake2b-512"; NULL for another value. Static. */
SSR_API const char *ssr_digest_name(int alg);
/* The algorithm named by `len` bytes at `name`, or SSR_EINVAL. */
SSR_API int ssr_digest_from_name(const void *name, size_t len);
/* The digest's size in bytes (32 or 64), or 0 for an unknown algorithm. */
SSR_API size_t ssr_digest_size(int alg);

/*
 * The digest of len bytes at data as lowercase hex, NUL-terminated; *hex is
 * freed with ssr_free(). Returns SSR_OK, SSR_EINVAL or SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_digest(int alg, const void *data, size_t len, char **hex);

/* A digest computed piece by piece, in constant memory. */
typedef struct ssr_hasher ssr_hasher;

/* A new hasher; NULL for an unknown algorithm or when out of memory. */
SSR_API ssr_hasher *ssr_hasher_new(int alg);
/* Adds len bytes; SSR_EINVAL when the hasher is finished or NULL. */
SSR_API SSR_NODISCARD int ssr_hasher_update(ssr_hasher *hasher, const void *data, size_t len);
/* Finishes: the digest as lowercase hex (freed with ssr_free). The hasher can then only be freed. */
SSR_API SSR_NODISCARD int ssr_hasher_final(ssr_hasher *hasher, char **hex);
/* Frees a hasher; NULL is accepted. */
SSR_API void ssr_hasher_free(ssr_hasher *hasher);

/*
 * The digests of a file, read once in constant memory: for each of the
 * `count` algorithms in `algs`, hex[i] receives the lowercase hex digest
 * (each freed with ssr_free). SSR_EIO (errno set) when the file cannot be
 * read; nothing is returned then.
 */
SSR_API SSR_NODISCARD int ssr_digest_file(const char *path, const int *algs, size_t count, char **hex);

/* ---- keys -------------------------------------------------------------- */

typedef struct ssr_public_key ssr_public_key;
typedef struct ssr_secret_key ssr_secret_key;

/* The kinds of public keys. Values are stable. */
typedef enum ssr_key_type {
    SSR_KEY_ED25519 = 1,
    SSR_KEY_ECDSA_P256 = 2, /* signs SHA-256 digests, DER signatures */
    SSR_KEY_ECDSA_P384 = 3, /* signs SHA-384 digests, DER signatures */
    SSR_KEY_RSA = 4         /* 2048 to 8192 bits; PKCS#1 v1.5 or PSS over SHA-256 */
} ssr_key_type;

/*
 * Reads a public key. Ed25519: PEM SubjectPublicKeyInfo (what `openssl
 * pkey -pubout` writes), its DER form, 64 hex digits, or the base64 of the
 * 32 raw bytes (standard alphabet, padded). ECDSA P-256 and P-384 and RSA
 * (2048 to 8192 bits): PEM or DER SubjectPublicKeyInfo. Surrounding white
 * space is ignored. SSR_EINVALID when the bytes are none of those (or a
 * key of another kind or size); SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_public_key_parse(const void *data, size_t len, ssr_public_key **key);
/* The key's kind (SSR_KEY_*), or 0 for NULL. */
SSR_API SSR_NODISCARD int ssr_public_key_type(const ssr_public_key *key);
/* Frees a public key; NULL is accepted. */
SSR_API void ssr_public_key_free(ssr_public_key *key);
/*
 * The library every ECDSA signature check goes to, as chosen when libssr
 * was built (meson option `ecdsa`), with its version: "aws-lc 5.12.0"
 * (the default where the set-up built it), or OpenSSL's own version text
 * (the fallback). For audits and bug reports; a static string.
 */
SSR_API const char *ssr_crypto_backend(void);
/*
 * The key id: lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER.
 * Owned by the key.
 */
SSR_API const char *ssr_public_key_id(const ssr_public_key *key);
/* The size of an Ed25519 public key's raw bytes, as a macro and as a function (for bindings). */
#define SSR_ED25519_PUBLIC_KEY_BYTES 32
SSR_API size_t ssr_ed25519_public_key_bytes(void);
/*
 * The raw bytes of an Ed25519 key, copied to out (SSR_ED25519_PUBLIC_KEY_BYTES
 * of them). SSR_EINVAL for NULL or a key of another kind (out untouched):
 * ECDSA and RSA keys have no such form; use ssr_public_key_pem().
 */
SSR_API SSR_NODISCARD int ssr_public_key_bytes(const ssr_public_key *key,
                                               unsigned char out[SSR_ED25519_PUBLIC_KEY_BYTES]);
/* The PEM SubjectPublicKeyInfo form, with a final newline; freed with ssr_free(). */
SSR_API SSR_NODISCARD int ssr_public_key_pem(const ssr_public_key *key, char **pem, size_t *len);

/* A new random Ed25519 key. SSR_ENOMEM, or SSR_ECRYPTO when libsodium cannot start. */
SSR_API SSR_NODISCARD int ssr_secret_key_generate(ssr_secret_key **key);
/*
 * Reads a PEM PKCS#8 Ed25519 private key (what `openssl genpkey
 * -algorithm ed25519` writes; a v2 key carrying its public key must carry
 * the right one). The caller's bytes are only read; the key is copied to
 * guarded memory. SSR_EINVALID, SSR_ENOMEM, SSR_ECRYPTO.
 */
SSR_API SSR_NODISCARD int ssr_secret_key_parse(const void *data, size_t len, ssr_secret_key **key);
/*
 * Reads a PEM PKCS#8 key file straight into guarded memory, so that the
 * secret never passes through ordinary memory. SSR_EIO (errno set) when
 * the file cannot be read; otherwise as ssr_secret_key_parse().
 */
SSR_API SSR_NODISCARD int ssr_secret_key_read_file(const char *path, ssr_secret_key **key);
/*
 * Writes the key as PEM PKCS#8 to a new file created with mode 0600.
 * Never overwrites: SSR_EEXIST when `path` exists. SSR_EIO otherwise
 * (errno set); a partly written file is removed.
 */
SSR_API SSR_NODISCARD int ssr_secret_key_write_file(const ssr_secret_key *key, const char *path);
/*
 * The PEM PKCS#8 form in guarded memory (for bindings that must hand it
 * to their language); free it with ssr_secret_free(), which wipes it.
 */
SSR_API SSR_NODISCARD int ssr_secret_key_pem(const ssr_secret_key *key, char **pem, size_t *len);
/* The key's public half. */
SSR_API SSR_NODISCARD int ssr_secret_key_public(const ssr_secret_key *key, ssr_public_key **pub);
/* Wipes and frees a secret key; NULL is accepted. */
SSR_API void ssr_secret_key_free(ssr_secret_key *key);
/* Wipes and frees a buffer of secret material from libssr; NULL is accepted. */
SSR_API void ssr_secret_free(void *secret);

/* A set of trusted public keys; the same key added twice is one key. */
typedef struct ssr_keyring ssr_keyring;

SSR_API ssr_keyring *ssr_keyring_new(void);
/* Adds a copy of `key`. SSR_OK, or SSR_ENOMEM. Adding a key already there changes nothing. */
SSR_API SSR_NODISCARD int ssr_keyring_add(ssr_keyring *ring, const ssr_public_key *key);
/* The number of distinct keys. */
SSR_API SSR_NODISCARD size_t ssr_keyring_count(const ssr_keyring *ring);
/* Frees a keyring; NULL is accepted. */
SSR_API void ssr_keyring_free(ssr_keyring *ring);

/* ---- signatures -------------------------------------------------------- */

/*
 * Verifies a raw Ed25519 signature of sig_len bytes over msg. SSR_OK when
 * it verifies; SSR_EVERIFY when it does not, including for a signature
 * that is not exactly 64 bytes.
 */
SSR_API SSR_NODISCARD int ssr_ed25519_verify(const ssr_public_key *key, const void *msg, size_t msg_len,
                                             const void *sig, size_t sig_len);
/*
 * Verifies a signature over msg with any key, by its kind: Ed25519 (64
 * bytes); ECDSA, a DER signature over SHA-256 (P-256) or SHA-384 (P-384);
 * RSA, PKCS#1 v1.5 or PSS (MGF1-SHA-256, 32-byte salt) over SHA-256.
 * SSR_OK when it verifies; SSR_EVERIFY when it does not; SSR_EINVAL,
 * SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_public_key_verify(const ssr_public_key *key, const void *msg, size_t msg_len,
                                                const void *sig, size_t sig_len);

/* ---- DSSE -------------------------------------------------------------- */

/*
 * The DSSE pre-authentication encoding of a payload:
 *   "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload
 * with byte lengths in decimal. *out is freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_dsse_pae(const void *type, size_t type_len, const void *payload, size_t payload_len,
                                       unsigned char **out, size_t *out_len);

/*
 * Signs a payload and returns a new DSSE envelope with one signature, in
 * RFC 8785 canonical form. The signature's keyid is `keyid` (keyid_len
 * bytes) when keyid is not NULL, else the key's id; it is a hint for
 * verifiers, never trusted. *envelope is freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_dsse_sign(const void *payload, size_t payload_len, const void *type, size_t type_len,
                                        const ssr_secret_key *key, const void *keyid, size_t keyid_len,
                                        char **envelope, size_t *envelope_len);

/*
 * Adds a signature by `key` to an existing envelope (over its exact
 * payload and payloadType) and returns the new envelope in canonical
 * form. SSR_EINVALID (with *report, when report is not NULL) when the
 * input is not a valid envelope.
 */
SSR_API SSR_NODISCARD int ssr_dsse_add_signature(const void *envelope, size_t len, const ssr_secret_key *key,
                                                 const void *keyid, size_t keyid_len, char **out, size_t *out_len,
                                                 ssr_report **report);

/*
 * Verifies an envelope against a keyring: succeeds when at least
 * `threshold` (>= 1) distinct keys of the ring each verified a signature.
 * A key counts once however many signatures it made; key ids are hints
 * that only order the attempts. On SSR_OK, *payload receives the exact
 * verified payload bytes (freed with ssr_free(); NUL-terminated for
 * convenience) and *payload_type the payload type; nothing is re-parsed
 * from the envelope afterwards. *verified, when not NULL, receives the
 * number of distinct keys that verified (also on SSR_EVERIFY).
 *
 * Returns SSR_EVERIFY when fewer keys verified, SSR_EINVALID when the
 * envelope is not a valid DSSE envelope (then *report, when report is not
 * NULL, says why), SSR_EINVAL for a NULL or empty keyring or a threshold
 * of 0, SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_dsse_verify(const void *envelope, size_t len, const ssr_keyring *ring, size_t threshold,
                                          unsigned char **payload, size_t *payload_len, char **payload_type,
                                          size_t *verified, ssr_report **report);

/* ---- subject matching -------------------------------------------------- */

/* An artifact as its digests: computed from bytes or a file, or given. */
typedef struct ssr_artifact ssr_artifact;

SSR_API ssr_artifact *ssr_artifact_new(void);
/* Computes sha256, sha512, blake2b-256 and blake2b-512 of the bytes. */
SSR_API SSR_NODISCARD int ssr_artifact_hash(ssr_artifact *artifact, const void *data, size_t len);
/* The same over a file, read once in constant memory; SSR_EIO (errno set). */
SSR_API SSR_NODISCARD int ssr_artifact_hash_file(ssr_artifact *artifact, const char *path);
/*
 * Adds a known digest: algorithm name and lowercase hex (both as data and
 * length). SSR_EINVALID when the hex is not lowercase hex of the
 * algorithm's length for an algorithm libssr knows.
 */
SSR_API SSR_NODISCARD int ssr_artifact_add_digest(ssr_artifact *artifact, const void *alg, size_t alg_len,
                                                  const void *hex, size_t hex_len);
SSR_API void ssr_artifact_free(ssr_artifact *artifact);

/*
 * Does the artifact match a subject of an in-toto Statement, of the
 * Statement inside a DSSE envelope, or an artifact of a `release`
 * document? A subject matches when at least one strong algorithm that both
 * sides carry agrees and no strong algorithm both carry disagrees (sha256,
 * sha384, sha512, sha512_256, sha3-256, sha3-384, sha3-512, blake2b-256,
 * blake2b-512; the spellings sha3_256, sha3_384, sha3_512, blake2b_256 and
 * blake2b_512 too). md5, sha1 and other algorithms never count.
 *
 * SSR_OK: a match; *index (when not NULL) is the matching subject's or
 * artifact's position. SSR_ENOMATCH: none matches. SSR_EINVALID: the
 * document is not a valid Statement, envelope or release (then *report,
 * when report is not NULL, says why). The envelope's signatures are not
 * verified here: use ssr_dsse_verify() and match its payload.
 */
SSR_API SSR_NODISCARD int ssr_match_subject(const ssr_artifact *artifact, const void *document, size_t len,
                                            size_t *index, ssr_report **report);

#ifdef __cplusplus
}
#endif

#endif /* SSR_CRYPTO_H */

/*
 * Ed25519 keys: SubjectPublicKeyInfo and PKCS#8 as OpenSSL writes them,
 * raw hex and base64 public keys, key ids, keyrings. Secret keys and every
 * buffer that holds their bytes live in sodium_malloc memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "crypto.h"

/* DER prefixes of an Ed25519 SubjectPublicKeyInfo and of a PKCS#8 v1 and v2 private key (RFC 8410). */
static const unsigned char spki_prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
static const unsigned char pkcs8_v1_prefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                                0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
static const unsigned char pkcs8_v2_prefix[] = {0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06,
                                                0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
static const unsigned char pkcs8_v2_public[] = {0x81, 0x21, 0x00};

#define SPKI_LEN (sizeof spki_prefix + crypto_sign_PUBLICKEYBYTES)
#define PKCS8_V1_LEN (sizeof pkcs8_v1_prefix + crypto_sign_SEEDBYTES)
#define PKCS8_V2_LEN (PKCS8_V1_LEN + sizeof pkcs8_v2_public + crypto_sign_PUBLICKEYBYTES)

struct ssr_secret_key {
    unsigned char sk[crypto_sign_SECRETKEYBYTES]; /* seed || public key, as libsodium keeps it */
};

struct ssr_keyring {
    ssr_public_key *keys;
    size_t count, cap;
};

/* ---- PEM ---------------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The base64 body between the PEM armour lines of `label`, as a pointer and length into data. */
static bool pem_body(const char *data, size_t len, const char *label, const char **body, size_t *body_len)
{
    char begin[64], end[64];
    snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
    snprintf(end, sizeof end, "-----END %s-----", label);
    size_t i = 0;
    while (i < len && is_space(data[i]))
        i++;
    size_t b = strlen(begin), e = strlen(end);
    if (len - i < b || memcmp(data + i, begin, b) != 0)
        return false;
    const char *start = data + i + b, *limit = data + len;
    for (const char *p = start; p + e <= limit; p++) {
        if (memcmp(p, end, e) == 0) {
            for (const char *q = p + e; q < limit; q++)
                if (!is_space(*q))
                    return false; /* nothing may follow the armour */
            *body = start;
            *body_len = (size_t)(p - start);
            return true;
        }
    }
    return false;
}

/*
 * libsodium 1.0.18 (Debian 12's) decodes any byte of 0x80 and above as if
 * it were '/', so base64 that may hold key material is first checked to be
 * ASCII, without branching on its bytes.
 */
static bool ascii_only(const char *text, size_t len)
{
    unsigned char high = 0;
    for (size_t i = 0; i < len; i++)
        high |= (unsigned char)text[i];
    return (high & 0x80) == 0;
}

/* Decodes a PEM body (base64 in lines) into out[0..max); the number of bytes, or 0. */
static size_t pem_decode(const char *body, size_t len, unsigned char *out, size_t max)
{
    size_t n = 0;
    const char *end = NULL;
    if (!ascii_only(body, len) || sodium_base642bin(out, max, body, len, "\r\n", &n, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != body + len)
        return 0;
    return n;
}

static char *pem_encode(const char *label, const unsigned char *der, size_t der_len, size_t *out_len,
                        void *(*alloc)(size_t))
{
    size_t b64 = sodium_base64_encoded_len(der_len, sodium_base64_VARIANT_ORIGINAL);
    size_t lines = (b64 - 1 + 63) / 64;
    size_t size = 2 * (strlen(label) + 16) + b64 + lines + 1;
    char *pem = alloc(size), *tmp = alloc(b64);
    if (pem == NULL || tmp == NULL) {
        if (pem != NULL)
            alloc == sodium_malloc ? sodium_free(pem) : ssri_free(pem);
        if (tmp != NULL)
            alloc == sodium_malloc ? sodium_free(tmp) : ssri_free(tmp);
        return NULL;
    }
    sodium_bin2base64(tmp, b64, der, der_len, sodium_base64_VARIANT_ORIGINAL);
    size_t n = (size_t)snprintf(pem, size, "-----BEGIN %s-----\n", label);
    for (size_t i = 0; i < b64 - 1; i += 64) {
        size_t chunk = b64 - 1 - i < 64 ? b64 - 1 - i : 64;
        memcpy(pem + n, tmp + i, chunk);
        n += chunk;
        pem[n++] = '\n';
    }
    n += (size_t)snprintf(pem + n, size - n, "-----END %s-----\n", label);
    if (alloc == sodium_malloc)
        sodium_free(tmp);
    else
        ssri_free(tmp);
    *out_len = n;
    return pem;
}

/* ---- public keys -------------------------------------------------------- */

static int public_key_from_bytes(const unsigned char bytes[32], ssr_public_key **key)
{
    ssr_public_key *k = ssri_malloc(sizeof *k);
    if (k == NULL)
        return SSR_ENOMEM;
    *k = (ssr_public_key){.type = SSR_KEY_ED25519};
    memcpy(k->bytes, bytes, sizeof k->bytes);
    unsigned char der[SPKI_LEN], id[crypto_hash_sha256_BYTES];
    memcpy(der, spki_prefix, sizeof spki_prefix);
    memcpy(der + sizeof spki_prefix, bytes, crypto_sign_PUBLICKEYBYTES);
    crypto_hash_sha256(id, der, sizeof der);
    sodium_bin2hex(k->id, sizeof k->id, id, sizeof id);
    *key = k;
    return SSR_OK;
}

static bool spki_key(const unsigned char *der, size_t len, unsigned char out[32])
{
    if (len != SPKI_LEN || memcmp(der, spki_prefix, sizeof spki_prefix) != 0)
        return false;
    memcpy(out, der + sizeof spki_prefix, crypto_sign_PUBLICKEYBYTES);
    return true;
}

int ssr_public_key_parse(const void *data, size_t len, ssr_public_key **key)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(key);
    if (key == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    const char *text = data;
    unsigned char raw[crypto_sign_PUBLICKEYBYTES];
    const char *body;
    size_t body_len, n;
    /* Trim white space for the one-line forms. */
    size_t start = 0, end = len;
    while (start < end && is_space(text[start]))
        start++;
    while (end > start && is_space(text[end - 1]))
        end--;
    if (pem_body(text, len, "PUBLIC KEY", &body, &body_len)) {
        /* an Ed25519 key is read here; ECDSA and RSA keys by OpenSSL */
        unsigned char *big = ssri_malloc(body_len);
        if (big == NULL)
            return SSR_ENOMEM;
        n = pem_decode(body, body_len, big, body_len);
        int status = SSR_EINVALID;
        if (spki_key(big, n, raw))
            status = public_key_from_bytes(raw, key);
        else if (n > 0)
            status = ssri_public_key_from_spki(big, n, key);
        ssri_free(big);
        return status;
    } else if (spki_key(data, len, raw)) {
        /* DER */
    } else if (end - start == 64) {
        const char *hex_end = NULL;
        if (sodium_hex2bin(raw, sizeof raw, text + start, 64, NULL, &n, &hex_end) != 0 || n != sizeof raw ||
            hex_end != text + end)
            return SSR_EINVALID;
    } else if (end - start == 44) {
        const char *b64_end = NULL;
        if (!ascii_only(text + start, 44) || sodium_base642bin(raw, sizeof raw, text + start, 44, NULL, &n, &b64_end,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            n != sizeof raw || b64_end != text + end)
            return SSR_EINVALID;
    } else if (len > 0 && ((const unsigned char *)data)[0] == 0x30) {
        return ssri_public_key_from_spki(data, len, key); /* DER of another key type */
    } else {
        return SSR_EINVALID;
    }
    return public_key_from_bytes(raw, key);
}

void ssr_public_key_free(ssr_public_key *key)
{
    if (key == NULL)
        return;
    ssri_public_key_release(key);
    ssri_free(key);
}

const char *ssr_public_key_id(const ssr_public_key *key)
{
    return key != NULL ? key->id : NULL;
}

size_t ssr_ed25519_public_key_bytes(void)
{
    return SSR_ED25519_PUBLIC_KEY_BYTES;
}

int ssr_public_key_bytes(const ssr_public_key *key, unsigned char out[SSR_ED25519_PUBLIC_KEY_BYTES])
{
    if (key == NULL || out == NULL || key->type != SSR_KEY_ED25519)
        return SSR_EINVAL;
    memcpy(out, key->bytes, SSR_ED25519_PUBLIC_KEY_BYTES);
    return SSR_OK;
}

int ssr_public_key_pem(const ssr_public_key *key, char **pem, size_t *len)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(pem);
    if (key == NULL || pem == NULL)
        return SSR_EINVAL;
    size_t n;
    if (key->type != SSR_KEY_ED25519) {
        unsigned char *spki = NULL;
        size_t spki_len = 0;
        int status = ssri_public_key_spki(key, &spki, &spki_len);
        if (status != SSR_OK)
            return status;
        *pem = pem_encode("PUBLIC KEY", spki, spki_len, &n, ssri_malloc);
        OPENSSL_free(spki);
        if (*pem == NULL)
            return SSR_ENOMEM;
        if (len != NULL)
            *len = n;
        return SSR_OK;
    }
    unsigned char der[SPKI_LEN];
    memcpy(der, spki_prefix, sizeof spki_prefix);
    memcpy(der + sizeof spki_prefix, key->bytes, sizeof key->bytes);
    *pem = pem_encode("PUBLIC KEY", der, sizeof der, &n, ssri_malloc);
    if (*pem == NULL)
        return SSR_ENOMEM;
    if (len != NULL)
        *len = n;
    return SSR_OK;
}

/* ---- secret keys -------------------------------------------------------- */

static int secret_from_seed(const unsigned char *seed, const unsigned char *expect_public, ssr_secret_key **key)
{
    ssr_secret_key *k = sodium_malloc(sizeof *k);
    if (k == NULL)
        return SSR_ENOMEM;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_seed_keypair(pk, k->sk, seed);
    if (expect_public != NULL && sodium_memcmp(pk, expect_public, sizeof pk) != 0) {
        sodium_free(k);
        return SSR_EINVALID;
    }
    *key = k;
    return SSR_OK;
}

int ssr_secret_key_generate(ssr_secret_key **key)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(key);
    if (key == NULL)
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    ssr_secret_key *k = sodium_malloc(sizeof *k);
    if (k == NULL)
        return SSR_ENOMEM;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, k->sk);
    *key = k;
    return SSR_OK;
}

int ssr_secret_key_parse(const void *data, size_t len, ssr_secret_key **key)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(key);
    if (key == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    const char *body;
    size_t body_len;
    if (!pem_body(data, len, "PRIVATE KEY", &body, &body_len))
        return SSR_EINVALID;
    unsigned char *der = sodium_malloc(PKCS8_V2_LEN + 4);
    if (der == NULL)
        return SSR_ENOMEM;
    size_t n = pem_decode(body, body_len, der, PKCS8_V2_LEN + 4);
    int status = SSR_EINVALID;
    if (n == PKCS8_V1_LEN && memcmp(der, pkcs8_v1_prefix, sizeof pkcs8_v1_prefix) == 0)
        status = secret_from_seed(der + sizeof pkcs8_v1_prefix, NULL, key);
    else if (n == PKCS8_V2_LEN && memcmp(der, pkcs8_v2_prefix, sizeof pkcs8_v2_prefix) == 0 &&
             memcmp(der + PKCS8_V1_LEN, pkcs8_v2_public, sizeof pkcs8_v2_public) == 0)
        status = secret_from_seed(der + sizeof pkcs8_v2_prefix, der + PKCS8_V1_LEN + sizeof pkcs8_v2_public, key);
    sodium_free(der); /* wipes */
    return status;
}

int ssr_secret_key_read_file(const char *path, ssr_secret_key **key)
{
    SSRI_OPENSSL_QUIET;
    enum { MAX_PEM = 4096 };
    SSRI_RESET(key);
    if (path == NULL || key == NULL)
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return SSR_EIO;
    char *text = sodium_malloc(MAX_PEM + 1);
    if (text == NULL) {
        close(fd);
        return SSR_ENOMEM;
    }
    size_t n = 0;
    int status = SSR_OK;
    for (;;) {
        ssize_t got = read(fd, text + n, MAX_PEM + 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            status = SSR_EIO;
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n > MAX_PEM) {
            status = SSR_EINVALID; /* far larger than any Ed25519 key */
            break;
        }
    }
    int saved = errno;
    close(fd);
    if (status == SSR_OK)
        status = ssr_secret_key_parse(text, n, key);
    sodium_free(text);
    errno = saved;
    return status;
}

static int secret_pem(const ssr_secret_key *key, char **pem, size_t *len)
{
    unsigned char *der = sodium_malloc(PKCS8_V1_LEN);
    if (der == NULL)
        return SSR_ENOMEM;
    memcpy(der, pkcs8_v1_prefix, sizeof pkcs8_v1_prefix);
    memcpy(der + sizeof pkcs8_v1_prefix, key->sk, crypto_sign_SEEDBYTES); /* the seed is sk's first half */
    *pem = pem_encode("PRIVATE KEY", der, PKCS8_V1_LEN, len, sodium_malloc);
    sodium_free(der);
    return *pem != NULL ? SSR_OK : SSR_ENOMEM;
}

int ssr_secret_key_pem(const ssr_secret_key *key, char **pem, size_t *len)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(pem);
    if (key == NULL || pem == NULL)
        return SSR_EINVAL;
    size_t n;
    int status = secret_pem(key, pem, &n);
    if (status == SSR_OK && len != NULL)
        *len = n;
    return status;
}

int ssr_secret_key_write_file(const ssr_secret_key *key, const char *path)
{
    SSRI_OPENSSL_QUIET;
    if (key == NULL || path == NULL)
        return SSR_EINVAL;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? SSR_EEXIST : SSR_EIO;
    char *pem = NULL;
    size_t len = 0;
    int status = secret_pem(key, &pem, &len);
    for (size_t done = 0; status == SSR_OK && done < len;) {
        ssize_t n = write(fd, pem + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            status = SSR_EIO;
        else
            done += (size_t)n;
    }
    int saved = errno;
    if (close(fd) != 0 && status == SSR_OK) {
        status = SSR_EIO;
        saved = errno;
    }
    if (pem != NULL)
        sodium_free(pem);
    if (status != SSR_OK)
        unlink(path); /* no partial key file stays behind */
    errno = saved;
    return status;
}

int ssr_secret_key_public(const ssr_secret_key *key, ssr_public_key **pub)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(pub);
    if (key == NULL || pub == NULL)
        return SSR_EINVAL;
    return public_key_from_bytes(key->sk + crypto_sign_SEEDBYTES, pub);
}

void ssr_secret_key_free(ssr_secret_key *key)
{
    if (key != NULL)
        sodium_free(key); /* wipes */
}

void ssr_secret_free(void *secret)
{
    if (secret != NULL)
        sodium_free(secret);
}

void ssri_ed25519_sign(const ssr_secret_key *key, const unsigned char *msg, size_t len, unsigned char sig[64])
{
    crypto_sign_detached(sig, NULL, msg, len, key->sk);
}

int ssr_ed25519_verify(const ssr_public_key *key, const void *msg, size_t msg_len, const void *sig, size_t sig_len)
{
    SSRI_OPENSSL_QUIET;
    if (key == NULL || (msg == NULL && msg_len > 0) || (sig == NULL && sig_len > 0))
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    if (sig_len != crypto_sign_BYTES || key->type != SSR_KEY_ED25519)
        return SSR_EVERIFY;
    return crypto_sign_verify_detached(sig, msg, msg_len, key->bytes) == 0 ? SSR_OK : SSR_EVERIFY;
}

/* ---- keyrings ----------------------------------------------------------- */

ssr_keyring *ssr_keyring_new(void)
{
    ssr_keyring *ring = ssri_malloc(sizeof *ring);
    if (ring != NULL)
        *ring = (ssr_keyring){0};
    return ring;
}

int ssr_keyring_add(ssr_keyring *ring, const ssr_public_key *key)
{
    SSRI_OPENSSL_QUIET;
    if (ring == NULL || key == NULL)
        return SSR_EINVAL;
    /* one key, one id (the hash of its SubjectPublicKeyInfo): the same key twice is one key */
    for (size_t i = 0; i < ring->count; i++)
        if (strcmp(ring->keys[i].id, key->id) == 0)
            return SSR_OK;
    if (ring->count == ring->cap) {
        ssr_public_key *keys = ssri_grow(ring->keys, &ring->cap, sizeof *keys, 4);
        if (keys == NULL)
            return SSR_ENOMEM;
        ring->keys = keys;
    }
    int status = ssri_public_key_copy(&ring->keys[ring->count], key);
    if (status == SSR_OK)
        ring->count++;
    return status;
}

size_t ssr_keyring_count(const ssr_keyring *ring)
{
    return ring != NULL ? ring->count : 0;
}

void ssr_keyring_free(ssr_keyring *ring)
{
    if (ring == NULL)
        return;
    for (size_t i = 0; i < ring->count; i++)
        ssri_public_key_release(&ring->keys[i]);
    ssri_free(ring->keys);
    ssri_free(ring);
}

const ssr_public_key *ssri_keyring_key(const ssr_keyring *ring, size_t i)
{
    return &ring->keys[i];
}

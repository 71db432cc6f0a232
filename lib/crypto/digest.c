/*
 * Digests: SHA-256, SHA-512 and BLAKE2b (32 or 64 bytes), one-shot,
 * streamed, or over a file in constant memory. SHA-256, SHA-512 and
 * BLAKE2b-512 are OpenSSL's EVP digests, which use the CPU's SHA
 * extensions and vector units (two to four times libsodium's portable
 * code on x86-64 with SHA-NI); BLAKE2b-256 is libsodium's, since OpenSSL
 * 3.0 has no BLAKE2b of another length (a BLAKE2b-256 is not a truncated
 * BLAKE2b-512: the length is part of its parameter block).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include "crypto.h"

struct ssr_hasher {
    int alg;
    bool finished;
    EVP_MD_CTX *evp; /* SHA-256, SHA-512, BLAKE2b-512 */
    crypto_generichash_state blake2b;
};

/* The EVP digests, fetched once (an implicit fetch at every init costs more than hashing a small input). */
static EVP_MD *evp_digests[5];
static pthread_once_t evp_once = PTHREAD_ONCE_INIT;

static void fetch_digests(void)
{
    evp_digests[0] = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    evp_digests[1] = EVP_MD_fetch(NULL, "SHA2-512", NULL);
    evp_digests[2] = EVP_MD_fetch(NULL, "BLAKE2B-512", NULL);
    evp_digests[3] = EVP_MD_fetch(NULL, "SHA2-384", NULL);
    evp_digests[4] = EVP_MD_fetch(NULL, "SHA1", NULL);
}

const EVP_MD *ssri_fetched(const EVP_MD *md)
{
    if (md == NULL || pthread_once(&evp_once, fetch_digests) != 0)
        return md;
    const EVP_MD *fetched = NULL;
    switch (EVP_MD_get_type(md)) {
    case NID_sha256:
        fetched = evp_digests[0];
        break;
    case NID_sha512:
        fetched = evp_digests[1];
        break;
    case NID_sha384:
        fetched = evp_digests[3];
        break;
    case NID_sha1:
        fetched = evp_digests[4];
        break;
    default:
        break;
    }
    return fetched != NULL ? fetched : md;
}

/* The fetched EVP digest of an algorithm, or NULL (BLAKE2b-256; or OpenSSL lacks it). */
static const EVP_MD *evp_digest(int alg)
{
    if (pthread_once(&evp_once, fetch_digests) != 0)
        return NULL;
    switch (alg) {
    case SSR_DIGEST_SHA256:
        return evp_digests[0];
    case SSR_DIGEST_SHA512:
        return evp_digests[1];
    case SSR_DIGEST_BLAKE2B_512:
        return evp_digests[2];
    default:
        return NULL;
    }
}

static const struct {
    int alg;
    const char *name;
    size_t size;
} algorithms[] = {
    {SSR_DIGEST_SHA256, "sha256", crypto_hash_sha256_BYTES},
    {SSR_DIGEST_SHA512, "sha512", crypto_hash_sha512_BYTES},
    {SSR_DIGEST_BLAKE2B_256, "blake2b-256", 32},
    {SSR_DIGEST_BLAKE2B_512, "blake2b-512", 64},
};

bool ssri_sodium_ready(void)
{
    return sodium_init() >= 0; /* 1: already started; thread-safe */
}

char *ssri_hex(const unsigned char *bytes, size_t len)
{
    char *hex = ssri_malloc(len * 2 + 1);
    if (hex != NULL)
        sodium_bin2hex(hex, len * 2 + 1, bytes, len);
    return hex;
}

const char *ssr_digest_name(int alg)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(algorithms); i++)
        if (algorithms[i].alg == alg)
            return algorithms[i].name;
    return NULL;
}

int ssr_digest_from_name(const void *name, size_t len)
{
    for (size_t i = 0; name != NULL && i < SSRI_ARRAY_LEN(algorithms); i++)
        if (strlen(algorithms[i].name) == len && memcmp(algorithms[i].name, name, len) == 0)
            return algorithms[i].alg;
    return SSR_EINVAL;
}

size_t ssr_digest_size(int alg)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(algorithms); i++)
        if (algorithms[i].alg == alg)
            return algorithms[i].size;
    return 0;
}

ssr_hasher *ssr_hasher_new(int alg)
{
    SSRI_OPENSSL_QUIET;
    size_t size = ssr_digest_size(alg);
    if (size == 0 || !ssri_sodium_ready())
        return NULL;
    /* crypto_generichash_state wants 64-byte alignment; malloc's is 16. */
    ssr_hasher *h = NULL;
    void *raw = ssri_malloc(sizeof *h + 64 + sizeof(void *));
    if (raw == NULL)
        return NULL;
    h = (ssr_hasher *)(((uintptr_t)raw + sizeof(void *) + 63) & ~(uintptr_t)63);
    ((void **)h)[-1] = raw;
    h->alg = alg;
    h->finished = false;
    h->evp = NULL;
    const EVP_MD *md = evp_digest(alg);
    if (md != NULL) {
        h->evp = EVP_MD_CTX_new();
        if (h->evp == NULL || EVP_DigestInit_ex2(h->evp, md, NULL) != 1) {
            EVP_MD_CTX_free(h->evp);
            ssri_free(raw);
            return NULL;
        }
    } else if (alg == SSR_DIGEST_BLAKE2B_256) {
        crypto_generichash_init(&h->blake2b, NULL, 0, size);
    } else {
        ssri_free(raw); /* OpenSSL without the digest: nothing to fall back on silently */
        return NULL;
    }
    return h;
}

int ssr_hasher_update(ssr_hasher *h, const void *data, size_t len)
{
    SSRI_OPENSSL_QUIET;
    if (h == NULL || h->finished || (data == NULL && len > 0))
        return SSR_EINVAL;
    if (h->evp != NULL)
        return EVP_DigestUpdate(h->evp, data, len) == 1 ? SSR_OK : SSR_ECRYPTO;
    crypto_generichash_update(&h->blake2b, data, len);
    return SSR_OK;
}

int ssr_hasher_final(ssr_hasher *h, char **hex)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(hex);
    if (h == NULL || h->finished || hex == NULL)
        return SSR_EINVAL;
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t size = ssr_digest_size(h->alg);
    h->finished = true;
    if (h->evp != NULL) {
        unsigned int n = 0;
        if (EVP_DigestFinal_ex(h->evp, out, &n) != 1 || n != size)
            return SSR_ECRYPTO;
    } else {
        crypto_generichash_final(&h->blake2b, out, size);
    }
    *hex = ssri_hex(out, size);
    return *hex != NULL ? SSR_OK : SSR_ENOMEM;
}

void ssr_hasher_free(ssr_hasher *h)
{
    if (h != NULL) {
        EVP_MD_CTX_free(h->evp);
        ssri_free(((void **)h)[-1]);
    }
}

int ssr_digest(int alg, const void *data, size_t len, char **hex)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(hex);
    if (hex == NULL || ssr_digest_size(alg) == 0 || (data == NULL && len > 0))
        return SSR_EINVAL;
    ssr_hasher *h = ssr_hasher_new(alg);
    if (h == NULL)
        return ssri_sodium_ready() ? SSR_ENOMEM : SSR_ECRYPTO;
    int status = ssr_hasher_update(h, data, len);
    if (status == SSR_OK)
        status = ssr_hasher_final(h, hex);
    ssr_hasher_free(h);
    return status;
}

int ssr_digest_file(const char *path, const int *algs, size_t count, char **hex)
{
    SSRI_OPENSSL_QUIET;
    if (path == NULL || algs == NULL || hex == NULL || count == 0 || count > 8)
        return SSR_EINVAL;
    ssr_hasher *hashers[8] = {0};
    int status = SSR_OK;
    for (size_t i = 0; i < count; i++) {
        hex[i] = NULL;
        if (ssr_digest_size(algs[i]) == 0)
            status = SSR_EINVAL;
        else if (status == SSR_OK && (hashers[i] = ssr_hasher_new(algs[i])) == NULL)
            status = SSR_ENOMEM;
    }
    int fd = status == SSR_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (status == SSR_OK && fd < 0)
        status = SSR_EIO;
    /* 64 KiB at a time: memory stays constant whatever the file's size. */
    enum { CHUNK = 1 << 16 };
    unsigned char *buf = status == SSR_OK ? ssri_malloc(CHUNK) : NULL;
    if (status == SSR_OK && buf == NULL)
        status = SSR_ENOMEM;
    while (status == SSR_OK) {
        ssize_t n = read(fd, buf, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            status = SSR_EIO;
        if (n <= 0)
            break;
        for (size_t i = 0; i < count && status == SSR_OK; i++)
            status = ssr_hasher_update(hashers[i], buf, (size_t)n);
    }
    int saved = errno;
    ssri_free(buf);
    if (fd >= 0)
        close(fd);
    for (size_t i = 0; i < count && status == SSR_OK; i++)
        status = ssr_hasher_final(hashers[i], &hex[i]);
    for (size_t i = 0; i < count; i++) {
        ssr_hasher_free(hashers[i]);
        if (status != SSR_OK) {
            ssri_free(hex[i]);
            hex[i] = NULL;
        }
    }
    errno = saved;
    return status;
}

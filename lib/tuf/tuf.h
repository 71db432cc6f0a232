/*
 * The TUF client's private interface (ssr/tuf.h is the public one):
 * canonical JSON (canonical.c), metadata files (metadata.c), the updater
 * (updater.c) and fetching (fetch.c).
 */
#ifndef SSRI_TUF_H
#define SSRI_TUF_H

#include <stdio.h>

#include "common/internal.h"
#include "diagnostics/report.h"
#include "json/json.h"
#include "ssr/crypto.h"
#include "ssr/tuf.h"

/* ---- canonical.c -------------------------------------------------------- */

/*
 * Appends the OLPC canonical form of `node` (read from src[0..src_len),
 * whose integer lexemes are copied as written) to `b`. SSR_EINVALID for a
 * number with a fraction or an exponent, which the encoding has no form
 * for.
 */
int ssri_olpc_write(ssri_buf *b, const char *src, size_t src_len, const cJSON *node);

/* Python's urllib.parse.quote(s, safe): bytes outside [A-Za-z0-9_.~-] and `safe` as %XX. */
void ssri_percent_encode(ssri_buf *b, const char *s, const char *safe);

/* ---- metadata.c --------------------------------------------------------- */

/* Where refusals go: the first one is kept, the rest dropped; report NULL keeps none. */
typedef struct ssri_tuf_errors {
    ssr_report *report;
} ssri_tuf_errors;

/* Records a refusal (printf-style message) and returns `status` (SSR_ENOMEM if it could not be recorded). */
int ssri_tuf_fail(ssri_tuf_errors *e, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One metadata file: its exact bytes, their tree, and what every role has. */
typedef struct ssri_tuf_md {
    char *bytes; /* owned; NUL-terminated */
    size_t len;
    ssr_doc *doc;
    const cJSON *signed_; /* doc's "signed" */
    int64_t version;
    int64_t expires; /* seconds since the epoch */
} ssri_tuf_md;

/* A JSON integer (no fraction, no exponent) in [min, 2^53]. */
bool ssri_tuf_integer(const cJSON *node, int64_t min, int64_t *out);
/*
 * Reads `bytes` (NUL-terminated, taken over on success) as metadata of
 * `type` ("root", "timestamp", "snapshot", "targets"), named `file` in
 * messages: strict JSON, the shape of the type, signature entries unique
 * by key id. Signatures are not checked here.
 */
int ssri_tuf_md_parse(ssri_tuf_errors *e, const char *type, const char *file, char *bytes, size_t len,
                      ssri_tuf_md *md);
void ssri_tuf_md_release(ssri_tuf_md *md);
/*
 * The keys an updater has read, by their TUF key objects' type, scheme and
 * public value: a key is decoded once however many files it verifies.
 */
typedef struct ssri_tuf_key {
    char *id; /* keytype NUL scheme NUL public: compared whole */
    size_t id_len;
    ssr_public_key *key; /* NULL: a type or scheme libssr does not support */
    char key_id[65];     /* the SHA-256 of its SPKI DER: one key, one id, however it is spelt */
} ssri_tuf_key;
typedef struct ssri_tuf_keys {
    ssri_tuf_key *items;
    size_t count, cap;
} ssri_tuf_keys;
void ssri_tuf_keys_release(ssri_tuf_keys *keys);

/*
 * Do a threshold of `role`'s keys (their objects in `keys`, read from
 * keys_md) sign md's canonical "signed"? A key listed under several ids
 * counts once; a key of an unsupported type, or listed under an id that is
 * not the SHA-256 of its canonical form, signs nothing.
 */
int ssri_tuf_verify(ssri_tuf_errors *e, ssri_tuf_keys *cache, const char *file, const ssri_tuf_md *md,
                    const ssri_tuf_md *keys_md, const cJSON *keys, const cJSON *role, const char *role_name);
/* Do data's length and hashes agree with a MetaFile or TargetFile `info`? */
int ssri_tuf_check_file(ssri_tuf_errors *e, const char *what, const cJSON *info, const void *data, size_t len);

/* ---- updater.c (for sigstore.c) ---------------------------------------- */

/* Where targets are stored and read from (a copy). */
int ssri_tuf_set_target_dir(ssr_tuf_updater *u, const char *dir);
/* ssr_tuf_download() into that directory, refusals into `e`. */
int ssri_tuf_download(ssr_tuf_updater *u, const char *target, ssri_tuf_errors *e);
/*
 * A target's cached bytes (NUL-terminated), checked against the trusted
 * metadata's length and hashes: SSR_ENOMATCH when no role lists it,
 * SSR_EIO when the cache does not hold it.
 */
int ssri_tuf_cached_target(ssr_tuf_updater *u, const char *target, ssri_tuf_errors *e, char **data, size_t *len);

/* ---- fetch.c ------------------------------------------------------------ */

struct ssr_tuf_body {
    ssri_buf buf;
    uint64_t max;
    bool overflowed; /* an append past max was refused: the fetch is too long whatever the callback returns */
};

#endif /* SSRI_TUF_H */

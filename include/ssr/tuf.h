/*
 * TUF: a client of The Update Framework (specification 1.0, section 5,
 * "Detailed client workflow") that keeps a trusted root, timestamp,
 * snapshot, targets and delegated targets current in a local directory
 * and downloads targets they describe.
 *
 * The directory holds the exact bytes of every metadata file the client
 * trusts, under non-versioned names ("root.json", "timestamp.json";
 * a delegated role's name percent-encoded, "%3F.json"). Each is written
 * to a new file first and renamed into place, so a crash never leaves a
 * file half-written; a file that does not verify is ignored and fetched
 * again.
 *
 * Fetching goes through a callback, so that a registry uses its own HTTP
 * stack; without one the updater uses libcurl (HTTPS certificates
 * verified, redirects only within the same host, the length limit
 * enforced while reading).
 *
 * A refusal is a report (ssr/report.h) with one error: its code names the
 * rule ("tuf.timestamp.expired", "tuf.snapshot.rollback"...), its message
 * the role and the values. The codes are listed in schema/SPEC.md.
 *
 * Threads: an updater is used by one thread at a time; updaters over
 * different directories run at once. Two processes refreshing one
 * directory never leave a file half-written (each file is renamed into
 * place), though one may replace what the other just wrote.
 */
#ifndef SSR_TUF_H
#define SSR_TUF_H

#include "ssr/common.h"
#include "ssr/report.h"
#include "ssr/verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- fetching ----------------------------------------------------------- */

/* Where a fetch callback puts what it reads. */
typedef struct ssr_tuf_body ssr_tuf_body;

/*
 * Appends bytes read to a body. SSR_ERANGE once the body would pass the
 * maximum length the fetch was given (the callback should stop reading
 * and return SSR_ERANGE); SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_tuf_body_append(ssr_tuf_body *body, const void *data, size_t len);

/*
 * A fetch: GET `url`, appending the response's body to `body` with
 * ssr_tuf_body_append(), in at most `timeout_ms` milliseconds and at most
 * `max_length` bytes. Returns the HTTP status (200 for a body; 404 and 403
 * end the search for a newer root), or a negative ssr_status: SSR_ERANGE
 * (longer than max_length), SSR_EIO (transport failure or timeout),
 * SSR_ENOMEM. Called from the thread that called the updater.
 */
typedef int (*ssr_tuf_fetch_fn)(void *context, const char *url, uint64_t max_length, unsigned timeout_ms,
                                 ssr_tuf_body *body);

/*
 * The default fetch, libcurl's (context unused): http and https, HTTPS
 * with the system's certificate authorities, redirects followed only to
 * the same scheme, host and port, the length limit checked as bytes
 * arrive, the whole transfer bounded by timeout_ms and a transfer slower
 * than 1 KB/s for 10 s abandoned.
 */
SSR_API int ssr_tuf_fetch_curl(void *context, const char *url, uint64_t max_length, unsigned timeout_ms,
                               ssr_tuf_body *body);

/* ---- the updater -------------------------------------------------------- */

typedef struct ssr_tuf_updater ssr_tuf_updater;

/*
 * Starts a trusted directory: writes `root` (the bytes of a root.json the
 * caller trusts, unchecked beyond being one: it must parse as TUF root
 * metadata) as DIR/root.json. The directory must exist. SSR_EEXIST when
 * it already holds a root.json (never overwritten), SSR_EINVALID (with a
 * report) when the bytes are not root metadata, SSR_EIO.
 */
SSR_API SSR_NODISCARD int ssr_tuf_init(const char *metadata_dir, const void *root, size_t len, ssr_report **report);

/*
 * An updater over a trusted directory (made by ssr_tuf_init()) and a
 * repository's metadata URL (".../metadata", no trailing slash needed).
 * `targets_url` is where targets are downloaded from, or NULL when the
 * updater only refreshes metadata. Nothing is read or fetched yet.
 */
SSR_API SSR_NODISCARD int ssr_tuf_updater_new(const char *metadata_dir, const char *metadata_url,
                                              const char *targets_url, ssr_tuf_updater **updater);
/* Frees an updater; NULL is accepted. */
SSR_API void ssr_tuf_updater_free(ssr_tuf_updater *updater);
/* Uses `fetch` (with `context`) instead of libcurl. */
SSR_API SSR_NODISCARD int ssr_tuf_updater_set_fetch(ssr_tuf_updater *updater, ssr_tuf_fetch_fn fetch,
                                                    void *context);
/* The time (seconds since the epoch) expiries are judged at; default: time() when the refresh starts. */
SSR_API SSR_NODISCARD int ssr_tuf_updater_set_time(ssr_tuf_updater *updater, int64_t now);
/* The time limit of each fetch, in milliseconds; default 30,000. */
SSR_API SSR_NODISCARD int ssr_tuf_updater_set_timeout(ssr_tuf_updater *updater, unsigned timeout_ms);
/*
 * The largest file fetched for a role ("root", "timestamp", "snapshot",
 * "targets": the last also for delegated roles) when the metadata gives
 * no length; defaults 512,000, 16,384, 2,000,000 and 5,000,000 bytes.
 */
SSR_API SSR_NODISCARD int ssr_tuf_updater_set_max_length(ssr_tuf_updater *updater, const char *role,
                                                         uint64_t max_length);

/*
 * The client workflow's refresh: the root updated one version at a time
 * (each new root signed by thresholds of its predecessor's root keys and
 * its own), then timestamp, snapshot and top-level targets, each verified,
 * checked against rollback and expiry, and cached. SSR_OK; SSR_EVERIFY
 * (a signature, version, expiry, length or hash refused), SSR_EINVALID
 * (malformed metadata), SSR_EIO (a fetch or the cache failed), each with
 * a report of one error; SSR_ENOMEM.
 */
SSR_API SSR_NODISCARD int ssr_tuf_refresh(ssr_tuf_updater *updater, ssr_report **report);

/*
 * Verifies the cached metadata as a refresh would, fetching nothing: the
 * trusted root as it stands, then the cached timestamp (which must not
 * have expired: SSR_EVERIFY, code "tuf.cache.expired"), snapshot and
 * targets. Afterwards lookups and downloads use cached files only. For a
 * verifier that trusts what a separate refresh stored.
 */
SSR_API SSR_NODISCARD int ssr_tuf_load_cached(ssr_tuf_updater *updater, ssr_report **report);

/*
 * Finds `target` (a target path) by the delegation search of the
 * specification (pre-order, depth first, terminating delegations ending
 * it, at most 32 roles), refreshing first if the updater has not. Each
 * delegated role is verified against the delegator through which the
 * search reached it. On success the target's description, the JSON of its
 * "length", "hashes" and "custom" members, in *info (freed with
 * ssr_free). SSR_ENOMATCH (with a report) when no role lists it.
 */
SSR_API SSR_NODISCARD int ssr_tuf_target_info(ssr_tuf_updater *updater, const char *target, char **info,
                                              size_t *info_len, ssr_report **report);

/*
 * Finds `target` as ssr_tuf_target_info() does and stores it in
 * `target_dir` under its percent-encoded path, unless a file there already
 * has its length and hashes. The download is bounded by the target's
 * length and checked against its hashes before it is renamed into place.
 * *path (freed with ssr_free; NULL accepted) is the file's path.
 */
SSR_API SSR_NODISCARD int ssr_tuf_download(ssr_tuf_updater *updater, const char *target, const char *target_dir,
                                           char **path, ssr_report **report);

/* ---- Sigstore's trust ---------------------------------------------------- */

/*
 * An updater over a Sigstore trust cache: CACHE/metadata holds the TUF
 * metadata, CACHE/targets what it describes (made when missing). A new
 * cache starts from `tuf_root` (a TUF root.json) or, when NULL, from the
 * root libssr carries for `instance` (SSR_TRUST_PUBLIC_GOOD: root v12 of
 * https://tuf-repo-cdn.sigstore.dev; SSR_TRUST_STAGING: root v12 of
 * https://tuf-repo-cdn.sigstage.dev). `metadata_url` and `targets_url`
 * default to the instance's repository and its "/targets". The updater's
 * fetch, time and limits can be set as for any other.
 */
SSR_API SSR_NODISCARD int ssr_sigstore_trust_updater(const char *cache_dir, int instance, const void *tuf_root,
                                                     size_t tuf_root_len, const char *metadata_url,
                                                     const char *targets_url, ssr_tuf_updater **updater,
                                                     ssr_report **report);
/*
 * Refreshes the cache: the TUF metadata, then the target
 * "trusted_root.json" (required) and "registry.npmjs.org/keys.json"
 * (npm's registry keys, through npm's delegated role) where the
 * repository lists and serves it; a file that does not match its
 * metadata is refused.
 */
SSR_API SSR_NODISCARD int ssr_sigstore_trust_refresh(ssr_tuf_updater *updater, ssr_report **report);
/*
 * Loads the trusted root (and, when npm_keys is not NULL, npm's registry
 * keys, NULL when the cache has none) from a refreshed cache, fetching
 * nothing: the metadata is verified again as ssr_tuf_load_cached() does,
 * so an expired cache is refused (code "tuf.cache.expired") and the files
 * must match their hashes. *npm_keys is freed with ssr_free; npm_keys_len
 * may be NULL.
 */
SSR_API SSR_NODISCARD int ssr_sigstore_trust_load(ssr_tuf_updater *updater, ssr_trust_root **root, char **npm_keys,
                                                  size_t *npm_keys_len, ssr_report **report);

/* ---- canonical JSON ----------------------------------------------------- */

/*
 * The OLPC canonical JSON that TUF signs (securesystemslib's encoding; not
 * RFC 8785, which ssr_doc_canonical() writes): members sorted by their
 * UTF-8 bytes, no white space, strings with only '"' and '\' escaped,
 * integers only (a fraction or an exponent is refused with SSR_EINVALID).
 * `json` is parsed under the strict profile first.
 */
SSR_API SSR_NODISCARD int ssr_olpc_canonical(const void *json, size_t len, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SSR_TUF_H */

/*
 * The TUF client workflow (specification 1.0, section 5): root rotation,
 * timestamp, snapshot, targets, the delegation search and downloads, over
 * a directory of trusted metadata.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "crypto/crypto.h"
#include "ssr/validate.h"
#include "tuf/tuf.h"

enum { ROOT, TIMESTAMP, SNAPSHOT, TARGETS, TOP_COUNT };

/* The most root versions one refresh moves through, and the most roles one search visits (python-tuf's limits). */
#define MAX_ROOT_ROTATIONS 256
#define MAX_DELEGATIONS 32

typedef struct delegated {
    char *name;
    char *delegator; /* the role that delegated it when it was verified */
    ssri_tuf_md md;
} delegated;

struct ssr_tuf_updater {
    char *dir, *metadata_url, *targets_url;
    ssr_tuf_fetch_fn fetch;
    void *context;
    int64_t now;
    bool fixed_now;
    unsigned timeout_ms;
    uint64_t max_length[TOP_COUNT];
    ssri_tuf_md top[TOP_COUNT]; /* trusted; doc NULL when not (yet) */
    delegated *roles;
    size_t role_count, role_cap;
    bool refreshed;
    bool missing_ok; /* a 403 or 404 is SSR_ENOMATCH, not a refusal (the search for a newer root) */
    bool offline;    /* loading the cache: nothing is fetched */
    char *target_dir; /* where ssri_tuf_cached_target() looks (Sigstore's cache) */
    ssri_tuf_keys keys; /* every key read, decoded once */
    ssri_tuf_errors e;
};

static const char *const top_names[TOP_COUNT] = {"root", "timestamp", "snapshot", "targets"};

/* ---- files -------------------------------------------------------------- */

/* DIR/<percent-encoded name>.json */
static char *role_path(const char *dir, const char *role)
{
    ssri_buf b = {0};
    ssri_buf_puts(&b, dir);
    ssri_buf_putc(&b, '/');
    ssri_percent_encode(&b, role, "");
    ssri_buf_puts(&b, ".json");
    char *out = NULL;
    return ssri_buf_finish(&b, &out, NULL) == SSR_OK ? out : NULL;
}

/* The whole file, NUL-terminated. SSR_EIO (errno set) when it cannot be read. */
static int read_file(const char *path, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return SSR_EIO;
    ssri_buf b = {0};
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        ssri_buf_append(&b, chunk, (size_t)n);
    int saved = errno;
    close(fd);
    if (n < 0) {
        ssri_buf_release(&b);
        errno = saved;
        return SSR_EIO;
    }
    return ssri_buf_finish(&b, data, len);
}

/*
 * Writes data to `path` through a new file in the same directory renamed
 * into place: a reader sees the old file or the new one, never part.
 */
static int write_atomically(const char *path, const void *data, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = ssri_malloc(plen + 16);
    if (tmp == NULL)
        return SSR_ENOMEM;
    snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ssri_free(tmp);
        return SSR_EIO;
    }
    const unsigned char *p = data;
    size_t left = len;
    bool ok = true;
    while (left > 0 && ok) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok) {
            p += n;
            left -= (size_t)n;
        }
    }
    ok = ok && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    ssri_free(tmp);
    return ok ? SSR_OK : SSR_EIO;
}

static int persist(ssr_tuf_updater *u, const char *role, const ssri_tuf_md *md)
{
    char *path = role_path(u->dir, role);
    if (path == NULL)
        return SSR_ENOMEM;
    int status = write_atomically(path, md->bytes, md->len);
    if (status == SSR_EIO)
        status = ssri_tuf_fail(&u->e, SSR_EIO, "tuf.cache.write", "%s: cannot write: %s.", path, strerror(errno));
    ssri_free(path);
    return status;
}

/* ---- fetching ----------------------------------------------------------- */

int ssr_tuf_body_append(ssr_tuf_body *body, const void *data, size_t len)
{
    if (body == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    if ((uint64_t)body->buf.len + len > body->max) {
        body->overflowed = true;
        return SSR_ERANGE;
    }
    ssri_buf_append(&body->buf, data, len);
    return body->buf.failed ? SSR_ENOMEM : SSR_OK;
}

/*
 * GETs url into *data (NUL-terminated). A 403 or 404 is SSR_ENOMATCH,
 * unrecorded, while the updater looks for a newer root; any other failure
 * is a refusal.
 */
static int fetch(ssr_tuf_updater *u, const char *url, uint64_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (u->offline)
        return ssri_tuf_fail(&u->e, SSR_EIO, "tuf.cache.incomplete",
                             "%s: the cache does not hold what the trusted metadata names (nothing is fetched when "
                             "loading it).",
                             url);
    ssr_tuf_body body = {.max = max};
    int r = u->fetch(u->context, url, max, u->timeout_ms, &body);
    if (r == 403 || r == 404) {
        ssri_buf_release(&body.buf);
        if (u->missing_ok)
            return SSR_ENOMATCH;
        return ssri_tuf_fail(&u->e, SSR_EIO, "tuf.fetch.not-found", "%s: HTTP %d.", url, r);
    }
    int status = SSR_OK;
    if (r == SSR_ERANGE || body.overflowed)
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.fetch.too-long", "%s: longer than %" PRIu64 " bytes.", url,
                               max);
    else if (r == SSR_ENOMEM || body.buf.failed)
        status = SSR_ENOMEM;
    else if (r < 0)
        status = ssri_tuf_fail(&u->e, SSR_EIO, "tuf.fetch.failed", "%s: %s.", url, ssr_strerror(r));
    else if (r < 200 || r >= 300)
        status = ssri_tuf_fail(&u->e, SSR_EIO, "tuf.fetch.http", "%s: HTTP %d.", url, r);
    if (status != SSR_OK) {
        ssri_buf_release(&body.buf);
        return status;
    }
    return ssri_buf_finish(&body.buf, data, len);
}

/* METADATA_URL/[VERSION.]<percent-encoded role>.json */
static char *metadata_url(const ssr_tuf_updater *u, const char *role, int64_t version)
{
    ssri_buf b = {0};
    ssri_buf_puts(&b, u->metadata_url);
    ssri_buf_putc(&b, '/');
    if (version > 0)
        ssri_buf_printf(&b, "%" PRId64 ".", version);
    ssri_percent_encode(&b, role, "");
    ssri_buf_puts(&b, ".json");
    char *out = NULL;
    return ssri_buf_finish(&b, &out, NULL) == SSR_OK ? out : NULL;
}

static int fetch_metadata(ssr_tuf_updater *u, const char *role, int64_t version, uint64_t max, char **data,
                          size_t *len)
{
    char *url = metadata_url(u, role, version);
    if (url == NULL)
        return SSR_ENOMEM;
    int status = fetch(u, url, max, data, len);
    ssri_free(url);
    return status;
}

/* ---- the trusted set ---------------------------------------------------- */

static const cJSON *root_role(const ssr_tuf_updater *u, const char *role)
{
    return ssri_get(ssri_get(u->top[ROOT].signed_, "roles"), role);
}

static bool consistent_snapshot(const ssr_tuf_updater *u)
{
    return cJSON_IsTrue(ssri_get(u->top[ROOT].signed_, "consistent_snapshot"));
}

static bool expired(const ssr_tuf_updater *u, const ssri_tuf_md *md)
{
    return u->now >= md->expires;
}

static void forget_delegated(ssr_tuf_updater *u)
{
    for (size_t i = 0; i < u->role_count; i++) {
        ssri_free(u->roles[i].name);
        ssri_free(u->roles[i].delegator);
        ssri_tuf_md_release(&u->roles[i].md);
    }
    u->role_count = 0;
}

static void forget(ssr_tuf_updater *u)
{
    for (int i = 0; i < TOP_COUNT; i++)
        ssri_tuf_md_release(&u->top[i]);
    forget_delegated(u);
    u->refreshed = false;
}

/*
 * Reads the cached file of `role` and checks it with `check` (the same
 * checks as a download's), its refusals kept from the report: a cached
 * file that no longer verifies is simply not used.
 */
static int read_cached(ssr_tuf_updater *u, const char *role, char **data, size_t *len)
{
    char *path = role_path(u->dir, role);
    if (path == NULL)
        return SSR_ENOMEM;
    int status = read_file(path, data, len);
    ssri_free(path);
    return status;
}

/* Runs a check with refusals discarded (a cached file that fails is only not used). */
#define QUIETLY(u, call)                                                                                              \
    ({                                                                                                                 \
        ssr_report *kept_ = (u)->e.report;                                                                            \
        (u)->e.report = NULL;                                                                                          \
        int s_ = (call);                                                                                               \
        (u)->e.report = kept_;                                                                                         \
        s_;                                                                                                            \
    })

/* ---- root --------------------------------------------------------------- */

static int verify_root_by(ssr_tuf_updater *u, const char *file, const ssri_tuf_md *md, const ssri_tuf_md *by)
{
    return ssri_tuf_verify(&u->e, &u->keys, file, md, by, ssri_get(by->signed_, "keys"),
                           ssri_get(ssri_get(by->signed_, "roles"), "root"), "root");
}

static int load_trusted_root(ssr_tuf_updater *u)
{
    char *data = NULL;
    size_t len = 0;
    int status = read_cached(u, "root", &data, &len);
    if (status == SSR_EIO)
        return ssri_tuf_fail(&u->e, SSR_EIO, "tuf.root.missing", "%s/root.json: cannot read: %s.", u->dir,
                             strerror(errno));
    if (status != SSR_OK)
        return status;
    ssri_tuf_md md;
    status = ssri_tuf_md_parse(&u->e, "root", "trusted root.json", data, len, &md);
    if (status != SSR_OK) {
        ssri_free(data);
        return status;
    }
    status = verify_root_by(u, "trusted root.json", &md, &md);
    if (status != SSR_OK) {
        ssri_tuf_md_release(&md);
        return status;
    }
    u->top[ROOT] = md;
    return SSR_OK;
}

/* 5.3: each next version N+1 signed by a threshold of N's root keys and of its own. */
static int update_root(ssr_tuf_updater *u)
{
    int64_t first = u->top[ROOT].version + 1;
    for (int64_t v = first; v < first + MAX_ROOT_ROTATIONS; v++) {
        char *data = NULL;
        size_t len = 0;
        u->missing_ok = true;
        int status = fetch_metadata(u, "root", v, u->max_length[ROOT], &data, &len);
        u->missing_ok = false;
        if (status == SSR_ENOMATCH)
            return SSR_OK; /* no newer root: the trusted one is the newest */
        if (status != SSR_OK)
            return status;
        char file[48];
        snprintf(file, sizeof file, "%" PRId64 ".root.json", v);
        ssri_tuf_md md;
        status = ssri_tuf_md_parse(&u->e, "root", file, data, len, &md);
        if (status != SSR_OK) {
            ssri_free(data);
            return status;
        }
        status = verify_root_by(u, file, &md, &u->top[ROOT]);
        if (status == SSR_OK && md.version != v)
            status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.root.version",
                                   "%s: its version is %" PRId64 ", %" PRId64 " expected.", file, md.version, v);
        if (status == SSR_OK)
            status = verify_root_by(u, file, &md, &md);
        if (status == SSR_OK)
            status = persist(u, "root", &md);
        if (status != SSR_OK) {
            ssri_tuf_md_release(&md);
            return status;
        }
        ssri_tuf_md_release(&u->top[ROOT]);
        u->top[ROOT] = md;
    }
    return SSR_OK;
}

/* ---- timestamp ---------------------------------------------------------- */

static const cJSON *snapshot_meta(const ssri_tuf_md *timestamp)
{
    return ssri_get(ssri_get(timestamp->signed_, "meta"), "snapshot.json");
}

static int64_t meta_version(const cJSON *meta)
{
    int64_t v = 0;
    ssri_tuf_integer(ssri_get(meta, "version"), 1, &v);
    return v;
}

static int parse_and_verify_top(ssr_tuf_updater *u, int which, const char *file, char *data, size_t len,
                                ssri_tuf_md *md)
{
    int status = ssri_tuf_md_parse(&u->e, top_names[which], file, data, len, md);
    if (status != SSR_OK) {
        ssri_free(data);
        return status;
    }
    status = ssri_tuf_verify(&u->e, &u->keys, file, md, &u->top[ROOT], ssri_get(u->top[ROOT].signed_, "keys"),
                             root_role(u, top_names[which]),
                             top_names[which]);
    if (status != SSR_OK)
        ssri_tuf_md_release(md);
    return status;
}

/* The cached file of a top-level role, when it still verifies against the trusted root. */
static int load_cached_top(ssr_tuf_updater *u, int which)
{
    char *data = NULL;
    size_t len = 0;
    int status = read_cached(u, top_names[which], &data, &len);
    if (status == SSR_EIO)
        return SSR_OK;
    if (status != SSR_OK)
        return status;
    ssri_tuf_md md;
    status = QUIETLY(u, parse_and_verify_top(u, which, "cached", data, len, &md));
    if (status == SSR_OK)
        u->top[which] = md;
    return ssri_call_failed(status) ? status : SSR_OK;
}

static int update_timestamp(ssr_tuf_updater *u)
{
    int status = load_cached_top(u, TIMESTAMP);
    if (status != SSR_OK)
        return status;
    if (u->offline) {
        const ssri_tuf_md *t = &u->top[TIMESTAMP];
        if (t->doc == NULL)
            return ssri_tuf_fail(&u->e, SSR_EIO, "tuf.cache.incomplete",
                                 "%s: no timestamp.json that the trusted root verifies.", u->dir);
        if (expired(u, t))
            return ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.cache.expired",
                                 "%s: the cached timestamp.json (version %" PRId64 ") has expired: refresh the cache.",
                                 u->dir, t->version);
        return SSR_OK;
    }
    char *data = NULL;
    size_t len = 0;
    status = fetch_metadata(u, "timestamp", 0, u->max_length[TIMESTAMP], &data, &len);
    if (status != SSR_OK)
        return status;
    ssri_tuf_md md;
    status = parse_and_verify_top(u, TIMESTAMP, "timestamp.json", data, len, &md);
    if (status != SSR_OK)
        return status;
    ssri_tuf_md *old = &u->top[TIMESTAMP];
    bool keep_old = false;
    if (old->doc != NULL) {
        int64_t was = meta_version(snapshot_meta(old)), now = meta_version(snapshot_meta(&md));
        if (md.version < old->version)
            status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.timestamp.rollback",
                                   "timestamp.json: version %" PRId64 " is older than the trusted %" PRId64 ".",
                                   md.version, old->version);
        else if (md.version == old->version)
            keep_old = true; /* nothing new: the trusted one stays */
        else if (now < was)
            status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.snapshot.rollback",
                                   "timestamp.json: snapshot version %" PRId64 " is older than the trusted %" PRId64
                                   ".",
                                   now, was);
    }
    if (status == SSR_OK && !keep_old) {
        /* an expired timestamp is not kept: the trusted one stays the newest valid one */
        if (!expired(u, &md))
            status = persist(u, "timestamp", &md);
        if (status == SSR_OK) {
            ssri_tuf_md_release(old);
            *old = md;
            md = (ssri_tuf_md){0};
        }
    }
    ssri_tuf_md_release(&md);
    if (status == SSR_OK && expired(u, old))
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.timestamp.expired", "timestamp.json (version %" PRId64
                                                                            ") has expired.",
                               old->version);
    return status;
}

/* ---- snapshot ----------------------------------------------------------- */

/* 5.5.6 and 5.5.5: a trusted snapshot is current and the one the timestamp names. */
static int check_final_snapshot(ssr_tuf_updater *u)
{
    const ssri_tuf_md *s = &u->top[SNAPSHOT];
    if (expired(u, s))
        return ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.snapshot.expired",
                             "snapshot.json (version %" PRId64 ") has expired.", s->version);
    int64_t want = meta_version(snapshot_meta(&u->top[TIMESTAMP]));
    if (s->version != want)
        return ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.snapshot.version",
                             "snapshot.json: version %" PRId64 ", the timestamp names %" PRId64 ".", s->version,
                             want);
    return SSR_OK;
}

static int update_snapshot(ssr_tuf_updater *u)
{
    int status = load_cached_top(u, SNAPSHOT);
    if (status != SSR_OK)
        return status;
    if (u->top[SNAPSHOT].doc != NULL && QUIETLY(u, check_final_snapshot(u)) == SSR_OK)
        return SSR_OK; /* the cached snapshot is the current one */
    if (u->offline)
        return u->top[SNAPSHOT].doc != NULL ? check_final_snapshot(u)
                                            : ssri_tuf_fail(&u->e, SSR_EIO, "tuf.cache.incomplete",
                                                            "%s: no snapshot.json that the trusted root verifies.",
                                                            u->dir);
    const cJSON *meta = snapshot_meta(&u->top[TIMESTAMP]);
    int64_t length = 0;
    uint64_t max = ssri_tuf_integer(ssri_get(meta, "length"), 0, &length) ? (uint64_t)length : u->max_length[SNAPSHOT];
    char *data = NULL;
    size_t len = 0;
    status = fetch_metadata(u, "snapshot", consistent_snapshot(u) ? meta_version(meta) : 0, max, &data, &len);
    if (status != SSR_OK)
        return status;
    status = ssri_tuf_check_file(&u->e, "snapshot.json", meta, data, len);
    if (status != SSR_OK) {
        ssri_free(data);
        return status;
    }
    ssri_tuf_md md;
    status = parse_and_verify_top(u, SNAPSHOT, "snapshot.json", data, len, &md);
    if (status != SSR_OK)
        return status;
    const ssri_tuf_md *old = &u->top[SNAPSHOT];
    const cJSON *new_meta = ssri_get(md.signed_, "meta");
    for (const cJSON *f = old->doc != NULL ? ssri_get(old->signed_, "meta")->child : NULL; f != NULL && status == SSR_OK;
         f = f->next) {
        const cJSON *now = ssri_get(new_meta, f->string);
        if (now == NULL)
            status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.snapshot.removed",
                                   "snapshot.json: \"%s\", in the trusted snapshot, is missing.", f->string);
        else if (meta_version(now) < meta_version(f))
            status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.targets.rollback",
                                   "snapshot.json: \"%s\" version %" PRId64 " is older than the trusted %" PRId64 ".",
                                   f->string, meta_version(now), meta_version(f));
    }
    if (status != SSR_OK) {
        ssri_tuf_md_release(&md);
        return status;
    }
    ssri_tuf_md_release(&u->top[SNAPSHOT]);
    u->top[SNAPSHOT] = md;
    status = check_final_snapshot(u);
    if (status == SSR_OK)
        status = persist(u, "snapshot", &u->top[SNAPSHOT]);
    return status;
}

/* ---- targets and delegated targets ---------------------------------------- */

/* The metadata of a role trusted in this process (top-level targets included), or NULL. */
static delegated *find_loaded(ssr_tuf_updater *u, const char *role)
{
    for (size_t i = 0; i < u->role_count; i++)
        if (strcmp(u->roles[i].name, role) == 0)
            return &u->roles[i];
    return NULL;
}

/* The keys and the role entry through which `delegator` delegates `role`. */
static void delegation_of(const ssr_tuf_updater *u, const ssri_tuf_md *delegator, const char *delegator_name,
                          const char *role, const ssri_tuf_md **keys_md, const cJSON **keys, const cJSON **entry)
{
    *keys = NULL;
    *entry = NULL;
    *keys_md = delegator;
    if (strcmp(delegator_name, "root") == 0) {
        *keys_md = &u->top[ROOT];
        *keys = ssri_get(u->top[ROOT].signed_, "keys");
        *entry = root_role(u, "targets");
        return;
    }
    const cJSON *d = ssri_get(delegator->signed_, "delegations");
    *keys = ssri_get(d, "keys");
    const cJSON *succinct = ssri_get(d, "succinct_roles");
    if (succinct != NULL) {
        *entry = succinct; /* the search built the name from the prefix */
        return;
    }
    for (const cJSON *r = ssri_get(d, "roles")->child; r != NULL; r = r->next)
        if (strcmp(ssri_get_string(r, "name"), role) == 0)
            *entry = r;
}

/* 5.6: a targets role's file, checked against the snapshot and verified by its delegator. */
static int check_targets(ssr_tuf_updater *u, const char *role, const char *file, const cJSON *meta, char *data,
                         size_t len, const ssri_tuf_md *keys_md, const cJSON *keys, const cJSON *entry,
                         ssri_tuf_md *md)
{
    int status = ssri_tuf_check_file(&u->e, file, meta, data, len);
    if (status != SSR_OK) {
        ssri_free(data);
        return status;
    }
    status = ssri_tuf_md_parse(&u->e, "targets", file, data, len, md);
    if (status != SSR_OK) {
        ssri_free(data);
        return status;
    }
    status = ssri_tuf_verify(&u->e, &u->keys, file, md, keys_md, keys, entry, role);
    if (status == SSR_OK && md->version != meta_version(meta))
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.targets.version",
                               "%s: version %" PRId64 ", the snapshot names %" PRId64 ".", file, md->version,
                               meta_version(meta));
    if (status == SSR_OK && expired(u, md))
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.targets.expired",
                               "%s (version %" PRId64 ") has expired.", file, md->version);
    if (status != SSR_OK)
        ssri_tuf_md_release(md);
    return status;
}

static int load_targets(ssr_tuf_updater *u, const char *role, const char *delegator_name, delegated **out)
{
    *out = NULL;
    int status = check_final_snapshot(u);
    if (status != SSR_OK)
        return status;
    const ssri_tuf_md *delegator = NULL;
    if (strcmp(delegator_name, "root") != 0) {
        delegated *d = find_loaded(u, delegator_name);
        delegator = &d->md;
    }
    const cJSON *keys = NULL, *entry = NULL;
    const ssri_tuf_md *keys_md = NULL;
    delegation_of(u, delegator, delegator_name, role, &keys_md, &keys, &entry);
    delegated *loaded = find_loaded(u, role);
    if (loaded != NULL) {
        /* trusted already; if through another delegator, its signatures must satisfy this one too */
        if (strcmp(loaded->delegator, delegator_name) != 0) {
            char file[300];
            snprintf(file, sizeof file, "%s.json (reached through %s)", role, delegator_name);
            status = ssri_tuf_verify(&u->e, &u->keys, file, &loaded->md, keys_md, keys, entry, role);
            if (status != SSR_OK)
                return status;
        }
        *out = loaded;
        return SSR_OK;
    }
    char *name = NULL;
    ssri_buf b = {0};
    ssri_buf_puts(&b, role);
    ssri_buf_puts(&b, ".json");
    if (ssri_buf_finish(&b, &name, NULL) != SSR_OK)
        return SSR_ENOMEM;
    const cJSON *meta = ssri_get(ssri_get(u->top[SNAPSHOT].signed_, "meta"), name);
    if (meta == NULL) {
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, "tuf.targets.not-in-snapshot",
                               "%s: the snapshot does not list it.", name);
        ssri_free(name);
        return status;
    }
    ssri_tuf_md md = {0};
    char *data = NULL;
    size_t len = 0;
    status = read_cached(u, role, &data, &len);
    if (status == SSR_OK)
        status = QUIETLY(u, check_targets(u, role, name, meta, data, len, keys_md, keys, entry, &md));
    if (ssri_call_failed(status)) {
        ssri_free(name);
        return status;
    }
    if (status != SSR_OK) {
        int64_t length = 0;
        uint64_t max =
            ssri_tuf_integer(ssri_get(meta, "length"), 0, &length) ? (uint64_t)length : u->max_length[TARGETS];
        status = fetch_metadata(u, role, consistent_snapshot(u) ? meta_version(meta) : 0, max, &data, &len);
        if (status == SSR_OK)
            status = check_targets(u, role, name, meta, data, len, keys_md, keys, entry, &md);
        if (status == SSR_OK)
            status = persist(u, role, &md);
    }
    ssri_free(name);
    if (status != SSR_OK) {
        ssri_tuf_md_release(&md);
        return status;
    }
    if (u->role_count == u->role_cap) {
        delegated *grown = ssri_grow(u->roles, &u->role_cap, sizeof *grown, 4);
        if (grown == NULL) {
            ssri_tuf_md_release(&md);
            return SSR_ENOMEM;
        }
        u->roles = grown;
    }
    delegated *d = &u->roles[u->role_count];
    d->name = ssri_strndup(role, strlen(role));
    d->delegator = ssri_strndup(delegator_name, strlen(delegator_name));
    if (d->name == NULL || d->delegator == NULL) {
        ssri_free(d->name);
        ssri_free(d->delegator);
        ssri_tuf_md_release(&md);
        return SSR_ENOMEM;
    }
    d->md = md;
    u->role_count++;
    *out = d;
    return SSR_OK;
}

/* ---- refresh ------------------------------------------------------------ */

static int begin(ssr_tuf_updater *u, ssr_report **report)
{
    SSRI_RESET(report);
    ssr_report_free(u->e.report);
    u->e.report = ssri_report_new(SSR_KIND_JSON);
    return u->e.report != NULL ? SSR_OK : SSR_ENOMEM;
}

static int end(ssr_tuf_updater *u, int status, ssr_report **report)
{
    if (status != SSR_OK && status != SSR_ENOMEM && ssr_report_count(u->e.report) == 0)
        status = ssri_tuf_fail(&u->e, status, "tuf.failed", "%s.", ssr_strerror(status));
    ssri_report_hand_over(u->e.report, status != SSR_OK && status != SSR_ENOMEM, report);
    u->e.report = NULL;
    return status;
}

static int refresh(ssr_tuf_updater *u)
{
    forget(u);
    if (!u->fixed_now)
        u->now = (int64_t)time(NULL);
    int status = load_trusted_root(u);
    if (status == SSR_OK && !u->offline)
        status = update_root(u);
    if (status == SSR_OK && expired(u, &u->top[ROOT]))
        status = ssri_tuf_fail(&u->e, SSR_EVERIFY, u->offline ? "tuf.cache.expired" : "tuf.root.expired",
                               "%sroot.json (version %" PRId64 ") has expired%s.", u->offline ? "the cached " : "",
                               u->top[ROOT].version, u->offline ? ": refresh the cache" : "");
    if (status == SSR_OK)
        status = update_timestamp(u);
    if (status == SSR_OK)
        status = update_snapshot(u);
    delegated *targets = NULL;
    if (status == SSR_OK)
        status = load_targets(u, "targets", "root", &targets);
    u->refreshed = status == SSR_OK;
    return status;
}

/* A refresh, or (offline) the verification of what the cache holds, fetching nothing. */
static int refresh_entry(ssr_tuf_updater *u, bool offline, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(report);
    if (u == NULL)
        return SSR_EINVAL;
    int status = begin(u, report);
    if (status != SSR_OK)
        return status;
    u->offline = offline;
    return end(u, refresh(u), report);
}

int ssr_tuf_refresh(ssr_tuf_updater *u, ssr_report **report)
{
    return refresh_entry(u, false, report);
}

int ssr_tuf_load_cached(ssr_tuf_updater *u, ssr_report **report)
{
    return refresh_entry(u, true, report);
}

/* ---- the delegation search ---------------------------------------------- */

/* Does one '/'-separated component pattern list match the path component by component? */
static bool path_matches(const char *pattern, const char *path)
{
    for (;;) {
        const char *ps = strchr(pattern, '/'), *ts = strchr(path, '/');
        if ((ps == NULL) != (ts == NULL))
            return false;
        size_t pl = ps != NULL ? (size_t)(ps - pattern) : strlen(pattern);
        size_t tl = ts != NULL ? (size_t)(ts - path) : strlen(path);
        char p[1024], t[1024];
        if (pl >= sizeof p || tl >= sizeof t)
            return false;
        memcpy(p, pattern, pl);
        p[pl] = '\0';
        memcpy(t, path, tl);
        t[tl] = '\0';
        if (fnmatch(p, t, FNM_NOESCAPE) != 0)
            return false;
        if (ps == NULL)
            return true;
        pattern = ps + 1;
        path = ts + 1;
    }
}

static bool hash_prefix_matches(const cJSON *prefixes, const char *hex)
{
    for (const cJSON *p = prefixes->child; p != NULL; p = p->next)
        if (strncmp(hex, p->valuestring, strlen(p->valuestring)) == 0)
            return true;
    return false;
}

typedef struct visit {
    char *role, *delegator;
} visit;

typedef struct search {
    visit *stack;
    size_t count, cap;
} search;

static int push(search *s, const char *role, size_t role_len, const char *delegator)
{
    if (s->count == s->cap) {
        visit *grown = ssri_grow(s->stack, &s->cap, sizeof *grown, 8);
        if (grown == NULL)
            return SSR_ENOMEM;
        s->stack = grown;
    }
    visit v = {ssri_strndup(role, role_len), ssri_strndup(delegator, strlen(delegator))};
    if (v.role == NULL || v.delegator == NULL) {
        ssri_free(v.role);
        ssri_free(v.delegator);
        return SSR_ENOMEM;
    }
    s->stack[s->count++] = v;
    return SSR_OK;
}

static void clear(search *s, size_t from)
{
    while (s->count > from) {
        s->count--;
        ssri_free(s->stack[s->count].role);
        ssri_free(s->stack[s->count].delegator);
    }
}

/* Pushes, in reverse so that the first pops first, the roles of `targets` that `path` falls to. */
static int push_children(search *s, const delegated *parent, const char *path, const char *hash_hex)
{
    const cJSON *d = ssri_get(parent->md.signed_, "delegations");
    if (d == NULL)
        return SSR_OK;
    const cJSON *succinct = ssri_get(d, "succinct_roles");
    if (succinct != NULL) {
        int64_t bits = 0;
        ssri_tuf_integer(ssri_get(succinct, "bit_length"), 1, &bits);
        unsigned long first = strtoul((char[9]){hash_hex[0], hash_hex[1], hash_hex[2], hash_hex[3], hash_hex[4],
                                                hash_hex[5], hash_hex[6], hash_hex[7], 0},
                                      NULL, 16);
        unsigned long bin = (unsigned long)((uint32_t)first >> (32 - bits));
        int width = (int)((bits + 3) / 4);
        char name[1100];
        int n = snprintf(name, sizeof name, "%s-%0*lx", ssri_get_string(succinct, "name_prefix"), width, bin);
        if (n < 0 || (size_t)n >= sizeof name)
            return SSR_ERANGE;
        return push(s, name, (size_t)n, parent->name);
    }
    size_t base = s->count;
    for (const cJSON *r = ssri_get(d, "roles")->child; r != NULL; r = r->next) {
        const cJSON *paths = ssri_get(r, "paths");
        bool match = false;
        if (paths != NULL) {
            for (const cJSON *p = paths->child; p != NULL && !match; p = p->next)
                match = path_matches(p->valuestring, path);
        } else {
            match = hash_prefix_matches(ssri_get(r, "path_hash_prefixes"), hash_hex);
        }
        if (!match)
            continue;
        const char *name = ssri_get_string(r, "name");
        int status = push(s, name, strlen(name), parent->name);
        if (status != SSR_OK)
            return status;
        if (cJSON_IsTrue(ssri_get(r, "terminating"))) {
            /* a terminating role ends the search after it: what was waiting is dropped */
            for (size_t i = 0; i < base; i++) {
                ssri_free(s->stack[i].role);
                ssri_free(s->stack[i].delegator);
            }
            memmove(s->stack, s->stack + base, (s->count - base) * sizeof *s->stack);
            s->count -= base;
            base = 0;
            break;
        }
    }
    for (size_t i = base, j = s->count; j > i + 1; i++, j--) {
        visit t = s->stack[i];
        s->stack[i] = s->stack[j - 1];
        s->stack[j - 1] = t;
    }
    return SSR_OK;
}

static int find_target(ssr_tuf_updater *u, const char *path, const cJSON **info)
{
    *info = NULL;
    unsigned char digest[32];
    if (EVP_Digest(path, strlen(path), digest, NULL, ssri_fetched(EVP_sha256()), NULL) != 1)
        return SSR_ECRYPTO;
    char *hash_hex = ssri_hex(digest, sizeof digest);
    if (hash_hex == NULL)
        return SSR_ENOMEM;
    search s = {0};
    char **visited = NULL;
    size_t visited_count = 0, visited_cap = 0;
    int status = push(&s, "targets", 7, "root");
    while (status == SSR_OK && s.count > 0 && visited_count <= MAX_DELEGATIONS) {
        visit v = s.stack[--s.count];
        bool seen = false;
        for (size_t i = 0; i < visited_count && !seen; i++)
            seen = strcmp(visited[i], v.role) == 0;
        delegated *d = NULL;
        if (!seen)
            status = load_targets(u, v.role, v.delegator, &d);
        ssri_free(v.delegator);
        if (seen || status != SSR_OK) {
            ssri_free(v.role);
            continue;
        }
        const cJSON *t = ssri_get(ssri_get(d->md.signed_, "targets"), path);
        if (t != NULL) {
            ssri_free(v.role);
            *info = t;
            break;
        }
        if (visited_count == visited_cap) {
            char **grown = ssri_grow(visited, &visited_cap, sizeof *grown, 8);
            if (grown == NULL) {
                ssri_free(v.role);
                status = SSR_ENOMEM;
                break;
            }
            visited = grown;
        }
        visited[visited_count++] = v.role;
        status = push_children(&s, d, path, hash_hex);
    }
    clear(&s, 0);
    ssri_free(s.stack);
    for (size_t i = 0; i < visited_count; i++)
        ssri_free(visited[i]);
    ssri_free(visited);
    ssri_free(hash_hex);
    if (status == SSR_OK && *info == NULL)
        status = ssri_tuf_fail(&u->e, SSR_ENOMATCH, "tuf.target.not-found",
                               "%s: no trusted targets role lists this target.", path);
    return status;
}

static int lookup(ssr_tuf_updater *u, const char *target, const cJSON **info)
{
    int status = u->refreshed ? SSR_OK : refresh(u);
    if (status == SSR_OK)
        status = find_target(u, target, info);
    return status;
}

int ssr_tuf_target_info(ssr_tuf_updater *u, const char *target, char **info, size_t *info_len, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(info);
    SSRI_RESET_LEN(info_len);
    SSRI_RESET(report);
    if (u == NULL || target == NULL || info == NULL)
        return SSR_EINVAL;
    int status = begin(u, report);
    if (status != SSR_OK)
        return status;
    const cJSON *t = NULL;
    status = lookup(u, target, &t);
    if (status == SSR_OK) {
        char *json = cJSON_PrintUnformatted(t);
        if (json == NULL)
            status = SSR_ENOMEM;
        else {
            *info = ssri_strndup(json, strlen(json));
            cJSON_free(json);
            if (*info == NULL)
                status = SSR_ENOMEM;
            else if (info_len != NULL)
                *info_len = strlen(*info);
        }
    }
    return end(u, status, report);
}

/* ---- downloads ---------------------------------------------------------- */

static char *target_url(const ssr_tuf_updater *u, const char *path, const cJSON *info)
{
    ssri_buf b = {0};
    ssri_buf_puts(&b, u->targets_url);
    ssri_buf_putc(&b, '/');
    const char *slash = strrchr(path, '/');
    if (consistent_snapshot(u)) {
        /* DIR/HASH.BASENAME, with the first hash the metadata lists */
        size_t dir_len = slash != NULL ? (size_t)(slash - path) + 1 : 0;
        char *dir = ssri_strndup(path, dir_len);
        if (dir != NULL)
            ssri_percent_encode(&b, dir, "/");
        ssri_free(dir);
        if (dir == NULL)
            b.failed = true;
        ssri_percent_encode(&b, ssri_get(info, "hashes")->child->valuestring, "");
        ssri_buf_putc(&b, '.');
        ssri_percent_encode(&b, path + dir_len, "/");
    } else {
        ssri_percent_encode(&b, path, "/");
    }
    char *out = NULL;
    return ssri_buf_finish(&b, &out, NULL) == SSR_OK ? out : NULL;
}

static int download(ssr_tuf_updater *u, const char *target, const char *dir, char **out_path)
{
    const cJSON *info = NULL;
    int status = lookup(u, target, &info);
    if (status != SSR_OK)
        return status;
    ssri_buf b = {0};
    ssri_buf_puts(&b, dir);
    ssri_buf_putc(&b, '/');
    ssri_percent_encode(&b, target, "");
    char *path = NULL;
    if (ssri_buf_finish(&b, &path, NULL) != SSR_OK)
        return SSR_ENOMEM;
    char *data = NULL;
    size_t len = 0;
    status = read_file(path, &data, &len);
    if (status == SSR_OK)
        status = QUIETLY(u, ssri_tuf_check_file(&u->e, target, info, data, len));
    if (ssri_call_failed(status) || status == SSR_OK) {
        ssri_free(data);
        if (status == SSR_OK && out_path != NULL)
            *out_path = path;
        else
            ssri_free(path);
        return status; /* cached, or no memory */
    }
    ssri_free(data);
    data = NULL;
    if (u->targets_url == NULL) {
        ssri_free(path);
        return ssri_tuf_fail(&u->e, SSR_EINVAL, "tuf.target.no-url", "%s: no targets URL to download from.",
                             target);
    }
    char *url = target_url(u, target, info);
    int64_t length = 0;
    ssri_tuf_integer(ssri_get(info, "length"), 0, &length);
    status = url != NULL ? fetch(u, url, (uint64_t)length, &data, &len) : SSR_ENOMEM;
    ssri_free(url);
    if (status == SSR_OK)
        status = ssri_tuf_check_file(&u->e, target, info, data, len);
    if (status == SSR_OK) {
        status = write_atomically(path, data, len);
        if (status == SSR_EIO)
            status = ssri_tuf_fail(&u->e, SSR_EIO, "tuf.target.write", "%s: cannot write: %s.", path,
                                   strerror(errno));
    }
    ssri_free(data);
    if (status == SSR_OK && out_path != NULL)
        *out_path = path;
    else
        ssri_free(path);
    return status;
}

int ssr_tuf_download(ssr_tuf_updater *u, const char *target, const char *target_dir, char **path,
                     ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(path);
    SSRI_RESET(report);
    if (u == NULL || target == NULL || target_dir == NULL)
        return SSR_EINVAL;
    int status = begin(u, report);
    if (status != SSR_OK)
        return status;
    return end(u, download(u, target, target_dir, path), report);
}

/* ---- set-up ------------------------------------------------------------- */

int ssr_tuf_init(const char *metadata_dir, const void *root, size_t len, ssr_report **report)
{
    SSRI_RESET(report);
    if (metadata_dir == NULL || root == NULL)
        return SSR_EINVAL;
    ssri_tuf_errors e = {ssri_report_new(SSR_KIND_JSON)};
    char *copy = ssri_strndup(root, len);
    if (e.report == NULL || copy == NULL) {
        ssr_report_free(e.report);
        ssri_free(copy);
        return SSR_ENOMEM;
    }
    ssri_tuf_md md;
    int status = ssri_tuf_md_parse(&e, "root", "root.json", copy, len, &md);
    if (status != SSR_OK)
        ssri_free(copy);
    else
        ssri_tuf_md_release(&md);
    char *path = status == SSR_OK ? role_path(metadata_dir, "root") : NULL;
    if (status == SSR_OK && path == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        struct stat st;
        if (stat(path, &st) == 0)
            status = SSR_EEXIST;
        else
            status = write_atomically(path, root, len);
    }
    ssri_free(path);
    ssri_report_hand_over(e.report, status == SSR_EINVALID, report);
    return status;
}

int ssr_tuf_updater_new(const char *metadata_dir, const char *metadata_url, const char *targets_url,
                        ssr_tuf_updater **updater)
{
    SSRI_RESET(updater);
    if (metadata_dir == NULL || metadata_url == NULL || updater == NULL)
        return SSR_EINVAL;
    ssr_tuf_updater *u = ssri_malloc(sizeof *u);
    if (u == NULL)
        return SSR_ENOMEM;
    *u = (ssr_tuf_updater){
        .fetch = ssr_tuf_fetch_curl,
        .timeout_ms = 30000,
        .max_length = {512000, 16384, 2000000, 5000000},
    };
    /* URLs without their trailing slashes: the updater adds one */
    size_t ml = strlen(metadata_url), tl = targets_url != NULL ? strlen(targets_url) : 0;
    while (ml > 0 && metadata_url[ml - 1] == '/')
        ml--;
    while (tl > 0 && targets_url[tl - 1] == '/')
        tl--;
    u->dir = ssri_strndup(metadata_dir, strlen(metadata_dir));
    u->metadata_url = ssri_strndup(metadata_url, ml);
    u->targets_url = targets_url != NULL ? ssri_strndup(targets_url, tl) : NULL;
    if (u->dir == NULL || u->metadata_url == NULL || (targets_url != NULL && u->targets_url == NULL)) {
        ssr_tuf_updater_free(u);
        return SSR_ENOMEM;
    }
    *updater = u;
    return SSR_OK;
}

void ssr_tuf_updater_free(ssr_tuf_updater *u)
{
    if (u == NULL)
        return;
    forget(u);
    ssri_free(u->roles);
    ssr_report_free(u->e.report);
    ssri_free(u->dir);
    ssri_free(u->metadata_url);
    ssri_free(u->targets_url);
    ssri_free(u->target_dir);
    ssri_tuf_keys_release(&u->keys);
    ssri_free(u);
}

int ssri_tuf_set_target_dir(ssr_tuf_updater *u, const char *dir)
{
    char *copy = ssri_strndup(dir, strlen(dir));
    if (copy == NULL)
        return SSR_ENOMEM;
    ssri_free(u->target_dir);
    u->target_dir = copy;
    return SSR_OK;
}

int ssri_tuf_download(ssr_tuf_updater *u, const char *target, ssri_tuf_errors *e)
{
    ssri_tuf_errors kept = u->e;
    u->e = *e;
    int status = download(u, target, u->target_dir, NULL);
    u->e = kept;
    return status;
}

int ssri_tuf_cached_target(ssr_tuf_updater *u, const char *target, ssri_tuf_errors *e, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    ssri_tuf_errors kept = u->e;
    u->e = *e;
    const cJSON *info = NULL;
    int status = lookup(u, target, &info);
    char *path = NULL;
    if (status == SSR_OK) {
        ssri_buf b = {0};
        ssri_buf_puts(&b, u->target_dir);
        ssri_buf_putc(&b, '/');
        ssri_percent_encode(&b, target, "");
        status = ssri_buf_finish(&b, &path, NULL);
    }
    if (status == SSR_OK) {
        status = read_file(path, data, len);
        if (status == SSR_EIO)
            status = ssri_tuf_fail(&u->e, SSR_EIO, "tuf.cache.incomplete", "%s: not in the cache: %s.", target,
                                   strerror(errno));
    }
    if (status == SSR_OK)
        status = ssri_tuf_check_file(&u->e, target, info, *data, *len);
    if (status != SSR_OK) {
        ssri_free(*data);
        *data = NULL;
        *len = 0;
    }
    ssri_free(path);
    u->e = kept;
    return status;
}

int ssr_tuf_updater_set_fetch(ssr_tuf_updater *u, ssr_tuf_fetch_fn fetch_fn, void *context)
{
    if (u == NULL || fetch_fn == NULL)
        return SSR_EINVAL;
    u->fetch = fetch_fn;
    u->context = context;
    return SSR_OK;
}

int ssr_tuf_updater_set_time(ssr_tuf_updater *u, int64_t now)
{
    if (u == NULL)
        return SSR_EINVAL;
    u->now = now;
    u->fixed_now = true;
    return SSR_OK;
}

int ssr_tuf_updater_set_timeout(ssr_tuf_updater *u, unsigned timeout_ms)
{
    if (u == NULL || timeout_ms == 0)
        return SSR_EINVAL;
    u->timeout_ms = timeout_ms;
    return SSR_OK;
}

int ssr_tuf_updater_set_max_length(ssr_tuf_updater *u, const char *role, uint64_t max_length)
{
    if (u == NULL || role == NULL || max_length == 0)
        return SSR_EINVAL;
    for (int i = 0; i < TOP_COUNT; i++)
        if (strcmp(role, top_names[i]) == 0) {
            u->max_length[i] = max_length;
            return SSR_OK;
        }
    return SSR_EINVAL;
}

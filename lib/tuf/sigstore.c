/*
 * Sigstore's trust through TUF: a cache directory refreshed from
 * Sigstore's TUF repository (production or staging), starting from the
 * TUF root libssr carries for it, holding trusted_root.json and, where the
 * repository delegates them, npm's registry keys; and the loading of both
 * from that cache, verified again and refused once its timestamp expires.
 *
 *   CACHE/metadata/  the trusted TUF metadata (root.json, timestamp.json...)
 *   CACHE/targets/   trusted_root.json, registry.npmjs.org%2Fkeys.json
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "ssr/validate.h"
#include "ssr/verify.h"
#include "tuf/tuf.h"

#define TRUSTED_ROOT "trusted_root.json"
#define NPM_KEYS "registry.npmjs.org/keys.json"

extern const unsigned char ssri_tuf_root_public_good[], ssri_tuf_root_staging[];
extern const size_t ssri_tuf_root_public_good_len, ssri_tuf_root_staging_len;

static const char *const default_urls[] = {"https://tuf-repo-cdn.sigstore.dev", "https://tuf-repo-cdn.sigstage.dev"};

static char *join(const char *a, const char *b)
{
    ssri_buf buf = {0};
    ssri_buf_puts(&buf, a);
    ssri_buf_putc(&buf, '/');
    ssri_buf_puts(&buf, b);
    char *out = NULL;
    return ssri_buf_finish(&buf, &out, NULL) == SSR_OK ? out : NULL;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return SSR_OK;
    return SSR_EIO;
}

int ssr_sigstore_trust_updater(const char *cache_dir, int instance, const void *tuf_root, size_t tuf_root_len,
                               const char *metadata_url, const char *targets_url, ssr_tuf_updater **updater,
                               ssr_report **report)
{
    SSRI_RESET(updater);
    SSRI_RESET(report);
    if (cache_dir == NULL || updater == NULL || (tuf_root == NULL && tuf_root_len > 0) ||
        (instance != SSR_TRUST_PUBLIC_GOOD && instance != SSR_TRUST_STAGING))
        return SSR_EINVAL;
    char *metadata = join(cache_dir, "metadata"), *targets = join(cache_dir, "targets"), *root_file = NULL;
    char *default_targets = NULL;
    int status = metadata != NULL && targets != NULL ? SSR_OK : SSR_ENOMEM;
    if (status == SSR_OK)
        status = make_dir(cache_dir);
    if (status == SSR_OK)
        status = make_dir(metadata);
    if (status == SSR_OK)
        status = make_dir(targets);
    if (status == SSR_OK) {
        root_file = join(metadata, "root.json");
        status = root_file != NULL ? SSR_OK : SSR_ENOMEM;
    }
    struct stat st;
    if (status == SSR_OK && stat(root_file, &st) != 0) {
        /* a new cache starts from the given TUF root, else the one libssr carries */
        if (tuf_root == NULL) {
            tuf_root = instance == SSR_TRUST_PUBLIC_GOOD ? ssri_tuf_root_public_good : ssri_tuf_root_staging;
            tuf_root_len = instance == SSR_TRUST_PUBLIC_GOOD ? ssri_tuf_root_public_good_len : ssri_tuf_root_staging_len;
        }
        status = ssr_tuf_init(metadata, tuf_root, tuf_root_len, report);
    }
    if (metadata_url == NULL)
        metadata_url = default_urls[instance - 1];
    if (status == SSR_OK && targets_url == NULL) {
        default_targets = join(metadata_url, "targets");
        status = default_targets != NULL ? SSR_OK : SSR_ENOMEM;
        targets_url = default_targets;
    }
    ssr_tuf_updater *u = NULL;
    if (status == SSR_OK)
        status = ssr_tuf_updater_new(metadata, metadata_url, targets_url, &u);
    if (status == SSR_OK)
        status = ssri_tuf_set_target_dir(u, targets);
    if (status == SSR_OK)
        *updater = u;
    else
        ssr_tuf_updater_free(u);
    ssri_free(metadata);
    ssri_free(targets);
    ssri_free(root_file);
    ssri_free(default_targets);
    return status;
}

static int start(ssri_tuf_errors *e, ssr_report **report)
{
    SSRI_RESET(report);
    e->report = ssri_report_new(SSR_KIND_JSON);
    return e->report != NULL ? SSR_OK : SSR_ENOMEM;
}

static int finish(ssri_tuf_errors *e, int status, ssr_report **report)
{
    ssri_report_hand_over(e->report, status != SSR_OK && status != SSR_ENOMEM, report);
    return status;
}

/*
 * npm's keys are optional: a repository whose roles do not list them, or
 * that does not serve them (or a cache that does not hold them), has none,
 * and npm verification then refuses for want of keys. Such an absence is
 * taken back out of the report; anything else (a file that does not match
 * its metadata, a role that does not verify, a fetch that failed) stands.
 */
static int optional(int status, ssri_tuf_errors *e)
{
    const char *code = ssr_report_count(e->report) > 0 ? ssr_diag_code(e->report, 0) : "";
    bool absent = status == SSR_ENOMATCH || (status == SSR_EIO && (strcmp(code, "tuf.fetch.not-found") == 0 ||
                                                                   strcmp(code, "tuf.cache.incomplete") == 0));
    if (!absent)
        return status;
    ssr_report_free(e->report);
    e->report = ssri_report_new(SSR_KIND_JSON);
    return e->report != NULL ? SSR_OK : SSR_ENOMEM;
}

int ssr_sigstore_trust_refresh(ssr_tuf_updater *updater, ssr_report **report)
{
    SSRI_RESET(report);
    if (updater == NULL)
        return SSR_EINVAL;
    int status = ssr_tuf_refresh(updater, report);
    if (status != SSR_OK)
        return status;
    ssri_tuf_errors e;
    status = start(&e, report);
    if (status != SSR_OK)
        return status;
    status = ssri_tuf_download(updater, TRUSTED_ROOT, &e);
    if (status == SSR_OK)
        status = optional(ssri_tuf_download(updater, NPM_KEYS, &e), &e);
    return finish(&e, status, report);
}

int ssr_sigstore_trust_load(ssr_tuf_updater *updater, ssr_trust_root **root, char **npm_keys, size_t *npm_keys_len,
                            ssr_report **report)
{
    SSRI_RESET(root);
    SSRI_RESET(npm_keys);
    SSRI_RESET_LEN(npm_keys_len);
    SSRI_RESET(report);
    if (updater == NULL || root == NULL)
        return SSR_EINVAL;
    int status = ssr_tuf_load_cached(updater, report);
    if (status != SSR_OK)
        return status;
    ssri_tuf_errors e;
    status = start(&e, report);
    if (status != SSR_OK)
        return status;
    char *data = NULL;
    size_t len = 0;
    status = ssri_tuf_cached_target(updater, TRUSTED_ROOT, &e, &data, &len);
    if (status == SSR_OK) {
        ssr_report *parse = NULL;
        status = ssr_trust_root_parse(data, len, root, &parse);
        if (status == SSR_EINVALID)
            status = ssri_tuf_fail(&e, SSR_EINVALID, "tuf.sigstore.trusted-root", "%s: %s", TRUSTED_ROOT,
                                   ssr_report_count(parse) > 0 ? ssr_diag_message(parse, 0) : "not a trusted root");
        ssr_report_free(parse);
    }
    ssri_free(data);
    if (status == SSR_OK && npm_keys != NULL) {
        size_t keys_len = 0;
        status = optional(ssri_tuf_cached_target(updater, NPM_KEYS, &e, npm_keys, &keys_len), &e);
        if (npm_keys_len != NULL)
            *npm_keys_len = keys_len;
    }
    if (status != SSR_OK) {
        ssr_trust_root_free(*root);
        *root = NULL;
        if (npm_keys != NULL) {
            ssri_free(*npm_keys);
            *npm_keys = NULL;
        }
        SSRI_RESET_LEN(npm_keys_len);
    }
    return finish(&e, status, report);
}

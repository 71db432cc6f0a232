/*
 * The TUF client: a refresh of Sigstore's repository (the tuf-conformance
 * corpus's static copy, read from FUZZ_TUF_STATIC) in which one file is
 * the input. The first byte picks which (REPLACED; the next root version
 * too, which the copy does not have). Whatever the input: a clean status,
 * one error in the report when refused, a refreshed cache that loads, and
 * canonical JSON that answers.
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_TUF_STATIC
#error "FUZZ_TUF_STATIC: the static_data folder of the tuf-conformance corpus"
#endif

#define REPO "sigstore-root-signing"
#define TIME 1739102528 /* the copy's faketime: 2025-02-09T12:02:08Z */

static const char *const REPLACED[] = {
    "metadata/13.root.json",     "metadata/timestamp.json",
    "metadata/159.snapshot.json", "metadata/11.targets.json",
    "metadata/5.registry.npmjs.org.json",
    "targets/f44a1b88128e55ebfb62189becbc0fa48d4ec9915c65ac54ba0e46a008b12d5b.trusted_root.json",
};

typedef struct input {
    const char *name;
    const unsigned char *data;
    size_t len;
} input;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf != NULL ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static int fetch(void *context, const char *url, uint64_t max, unsigned timeout_ms, ssr_tuf_body *body)
{
    (void)max;
    (void)timeout_ms;
    const input *in = context;
    size_t ul = strlen(url), nl = strlen(in->name);
    if (ul >= nl && strcmp(url + ul - nl, in->name) == 0)
        return ssr_tuf_body_append(body, in->data, in->len) == SSR_OK ? 200 : SSR_ERANGE;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", FUZZ_TUF_STATIC, url + strlen("static:/"));
    size_t len = 0;
    char *data = slurp(path, &len);
    if (data == NULL)
        return 404;
    int status = ssr_tuf_body_append(body, data, len);
    free(data);
    return status == SSR_OK ? 200 : status;
}

static void empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.')
            unlink(path);
    }
    if (d != NULL)
        closedir(d);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static char dir[] = "/tmp/ssr-fuzz-tuf-XXXXXX";
    static char *root;
    static size_t root_len;
    if (root == NULL) {
        if (mkdtemp(dir) == NULL)
            abort();
        root = slurp(FUZZ_TUF_STATIC "/" REPO "/initial_root.json", &root_len);
        if (root == NULL)
            abort();
    }
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/metadata", dir);
    empty(sub);
    snprintf(sub, sizeof sub, "%s/targets", dir);
    empty(sub);

    /* canonical JSON answers, and what it writes is stable */
    char *canonical = NULL;
    size_t canonical_len = 0;
    int status = ssr_olpc_canonical(data, len, &canonical, &canonical_len);
    if (status != SSR_OK && status != SSR_EINVALID)
        abort();
    ssr_free(canonical);
    if (len == 0)
        return 0;

    input in = {REPLACED[data[0] % (sizeof REPLACED / sizeof REPLACED[0])], data + 1, len - 1};
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    if (ssr_sigstore_trust_updater(dir, SSR_TRUST_PUBLIC_GOOD, root, root_len, "static:/" REPO "/metadata",
                                   "static:/" REPO "/targets", &u, &report) != SSR_OK ||
        ssr_tuf_updater_set_fetch(u, fetch, &in) != SSR_OK || ssr_tuf_updater_set_time(u, TIME) != SSR_OK)
        abort();
    status = ssr_sigstore_trust_refresh(u, &report);
    if (status != SSR_OK && status != SSR_EVERIFY && status != SSR_EINVALID && status != SSR_EIO)
        abort();
    if ((status != SSR_OK) != (report != NULL && ssr_report_count(report) == 1 && ssr_report_errors(report) == 1))
        abort();
    ssr_report_free(report);
    report = NULL;
    if (status == SSR_OK) {
        /* what a refresh accepted loads, fetching nothing */
        ssr_trust_root *trusted = NULL;
        if (ssr_sigstore_trust_load(u, &trusted, NULL, NULL, &report) != SSR_OK || trusted == NULL)
            abort();
        ssr_trust_root_free(trusted);
    }
    ssr_report_free(report);
    ssr_tuf_updater_free(u);
    return 0;
}

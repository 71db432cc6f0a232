/*
 * TUF: refreshes of a Sigstore trust cache from Sigstore's repository (the
 * static copy) served over HTTP, through libcurl's default fetch, in this
 * process; python-tuf does the same against the same server
 * (bench/anchors/python/tuf_refresh.py) and compare.py sets them side by
 * side.
 *   cold: a new cache refreshed from the root: every metadata file, then
 *         trusted_root.json and npm's keys (which the copy does not serve);
 *   warm: a refresh of a current cache: one timestamp fetch and its
 *         verification, the cached files verified again.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "ssr.h"

#define STATIC_TIME 1739102528 /* the copy's faketime: 2025-02-09T12:02:08Z */

/* rm -r, in process (python-tuf's side uses shutil.rmtree) */
static void remove_cache(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        remove_cache(path);
    }
    if (d != NULL)
        closedir(d);
    remove(dir);
}

static ssr_tuf_updater *open_cache(const char *dir, const char *url, const char *root, size_t root_len)
{
    char metadata[4096], targets[4096];
    snprintf(metadata, sizeof metadata, "%s/metadata", url);
    snprintf(targets, sizeof targets, "%s/targets", url);
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    if (ssr_sigstore_trust_updater(dir, SSR_TRUST_PUBLIC_GOOD, root, root_len, metadata, targets, &u, &report) !=
            SSR_OK ||
        ssr_tuf_updater_set_time(u, STATIC_TIME) != SSR_OK)
        die("ssr_sigstore_trust_updater");
    return u;
}

/* ssr-bench tuf URL ROOT.json [REPS]: URL serves the repository (URL/metadata, URL/targets). */
int bench_tuf(int argc, char **argv)
{
    if (argc < 4)
        die("usage: ssr-bench tuf URL ROOT.json [REPS]");
    const char *url = argv[2];
    size_t root_len = 0;
    char *root = read_whole(argv[3], &root_len);
    int reps = reps_arg(argc, argv, 4, 5);
    char base[] = "/tmp/ssr-bench-tuf-XXXXXX";
    if (mkdtemp(base) == NULL)
        die("mkdtemp");
    char dir[4096];
    snprintf(dir, sizeof dir, "%.4000s/cache", base);

    enum { COLD = 20, WARM = 200 };
    double cold[MAX_REPS], warm[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        double start = now();
        for (int i = 0; i < COLD; i++) {
            remove_cache(dir); /* outside the library, but inside the timing for both clients */
            ssr_tuf_updater *u = open_cache(dir, url, root, root_len);
            ssr_report *report = NULL;
            if (ssr_sigstore_trust_refresh(u, &report) != SSR_OK)
                die("cold refresh");
            ssr_tuf_updater_free(u);
        }
        cold[r] = (now() - start) / COLD;

        ssr_tuf_updater *u = open_cache(dir, url, root, root_len);
        start = now();
        for (int i = 0; i < WARM; i++) {
            ssr_report *report = NULL;
            if (ssr_tuf_refresh(u, &report) != SSR_OK)
                die("warm refresh");
        }
        warm[r] = (now() - start) / WARM;
        ssr_tuf_updater_free(u);
    }
    row("tuf.cold", 1 / best(cold, reps), 0, "/s");
    row("tuf.warm", 1 / best(warm, reps), 0, "/s");
    remove_cache(base);
    free(root);
    return 0;
}

/*
 * The TUF client (ssr/tuf.h): OLPC canonical JSON, a refresh of Sigstore's
 * real TUF repository (the tuf-conformance corpus's static copy) through a
 * fetch callback, and what a hostile repository or a damaged cache does to
 * it: each refusal with its code. The rules with repositories signed by the
 * tests' own keys are in tests/tuf/test_rules.py; the whole conformance
 * suite in tests/tuf/conformance.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>

#include "ssr.h"
#include "support.h"

static const char *static_dir;

/* ---- canonical JSON ----------------------------------------------------- */

static void assert_canonical(const char *json, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(ssr_olpc_canonical(json, strlen(json), &out, &len), SSR_OK);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    ssr_free(out);
}

static void test_canonical(void **state)
{
    (void)state;
    /* names by their UTF-8 bytes (RFC 8785 would put U+E000 before U+1F600 by UTF-16 units: here after) */
    assert_canonical("{\"b\": 1, \"a\": [true, false, null], \"\\ue000\": 0, \"\\ud83d\\ude00\": 0}",
                     "{\"a\":[true,false,null],\"b\":1,\"\xee\x80\x80\":0,\"\xf0\x9f\x98\x80\":0}");
    /* only '"' and '\' escaped; control characters raw */
    assert_canonical("[\"a\\\"b\\\\c\\n\\u0001/\"]", "[\"a\\\"b\\\\c\n\x01/\"]");
    /* integers as written, any size; -0 as Python reads it */
    assert_canonical("[12345678901234567890, -7, -0, 0]", "[12345678901234567890,-7,0,0]");
    /* no form for a fraction or an exponent */
    char *out = NULL;
    assert_int_equal(ssr_olpc_canonical("[1.5]", 5, &out, NULL), SSR_EINVALID);
    assert_null(out);
    assert_int_equal(ssr_olpc_canonical("[1e3]", 5, &out, NULL), SSR_EINVALID);
    /* strict JSON first: a duplicate member is refused */
    assert_int_equal(ssr_olpc_canonical("{\"a\":1,\"a\":2}", 13, &out, NULL), SSR_EINVALID);
    assert_int_equal(ssr_olpc_canonical(NULL, 1, &out, NULL), SSR_EINVAL);
    /* a number at the very end of a buffer that is not NUL-terminated (found by fuzz_tuf) */
    char *exact = malloc(2);
    memcpy(exact, "-7", 2);
    size_t len = 0;
    assert_int_equal(ssr_olpc_canonical(exact, 2, &out, &len), SSR_OK);
    assert_string_equal(out, "-7");
    ssr_free(out);
    free(exact);
}

/* ---- Sigstore's repository ------------------------------------------------ */

static void test_static_sigstore_refresh(void **state)
{
    (void)state;
    char *summary = NULL;
    assert_int_equal(tuf_static_refresh(static_dir, &summary), SSR_OK);
    /* npm's role lists keys.json, which the static copy does not serve: no keys, no refusal */
    assert_string_equal(summary, "status 0 code - root yes npm keys 0");
    free(summary);
}

/* A fetch that serves the static copy, with one file replaced or one fault. */
typedef struct hostile {
    const char *path;  /* the URL suffix the fault applies to */
    const char *from;  /* replaced... */
    const char *to;    /* ...by this (first occurrence) */
    int fault;         /* HOSTILE_* */
} hostile;

enum { HOSTILE_NONE, HOSTILE_ENDLESS, HOSTILE_SLOW, HOSTILE_500, HOSTILE_LIAR };

static int hostile_fetch(void *context, const char *url, uint64_t max, unsigned timeout_ms, ssr_tuf_body *body)
{
    const hostile *h = context;
    size_t ul = strlen(url), pl = strlen(h->path);
    if (ul < pl || strcmp(url + ul - pl, h->path) != 0)
        return tuf_static_fetch((void *)static_dir, url, max, timeout_ms, body);
    switch (h->fault) {
    case HOSTILE_ENDLESS:
        for (;;) {
            int status = ssr_tuf_body_append(body, "{\"a\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}", 48);
            if (status != SSR_OK)
                return status; /* SSR_ERANGE once past the limit: the fetch stops reading */
        }
    case HOSTILE_SLOW:
        return SSR_EIO; /* what a fetch returns when its time runs out */
    case HOSTILE_500:
        return 500;
    case HOSTILE_LIAR: {
        /* claims success with more than it was allowed */
        static char big[70000];
        memset(big, ' ', sizeof big);
        return ssr_tuf_body_append(body, big, sizeof big) == SSR_ERANGE ? 200 : 500;
    }
    default:
        break;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", static_dir, url + 8);
    size_t len = 0;
    char *data = read_file(path, &len);
    char *at = strstr(data, h->from);
    assert_non_null(at);
    size_t fl = strlen(h->from), tl = strlen(h->to);
    int status = ssr_tuf_body_append(body, data, (size_t)(at - data));
    if (status == SSR_OK)
        status = ssr_tuf_body_append(body, h->to, tl);
    if (status == SSR_OK)
        status = ssr_tuf_body_append(body, at + fl, len - (size_t)(at - data) - fl);
    free(data);
    return status == SSR_OK ? 200 : status;
}

typedef struct cache {
    char dir[64];
    char metadata[128];
    ssr_tuf_updater *u;
} cache;

static void cache_open(cache *c, const hostile *h)
{
    snprintf(c->dir, sizeof c->dir, "/tmp/ssr-tuf-test-XXXXXX");
    assert_non_null(mkdtemp(c->dir));
    snprintf(c->metadata, sizeof c->metadata, "%s/metadata", c->dir);
    char root_path[4096];
    snprintf(root_path, sizeof root_path, "%s/sigstore-root-signing/initial_root.json", static_dir);
    size_t len = 0;
    char *root = read_file(root_path, &len);
    ssr_report *report = NULL;
    assert_int_equal(ssr_sigstore_trust_updater(c->dir, SSR_TRUST_PUBLIC_GOOD, root, len,
                                                "static:/sigstore-root-signing/metadata",
                                                "static:/sigstore-root-signing/targets", &c->u, &report),
                     SSR_OK);
    assert_null(report);
    free(root);
    assert_int_equal(ssr_tuf_updater_set_fetch(c->u, hostile_fetch, (void *)h), SSR_OK);
    assert_int_equal(ssr_tuf_updater_set_time(c->u, TUF_STATIC_TIME), SSR_OK);
}

static void cache_close(cache *c)
{
    ssr_tuf_updater_free(c->u);
    char command[256];
    snprintf(command, sizeof command, "rm -rf '%s'", c->dir);
    assert_int_equal(system(command), 0);
}

/* A refresh refused with `code`, and nothing of what was refused written. */
static void assert_refresh_refused(const hostile *h, int want_status, const char *code, const char *not_written)
{
    cache c;
    cache_open(&c, h);
    ssr_report *report = NULL;
    ERR_clear_error();
    int status = ssr_tuf_refresh(c.u, &report);
    assert_int_equal(ERR_peek_error(), 0); /* a refusal leaves the caller's OpenSSL error queue as it was */
    assert_int_equal(status, want_status);
    assert_non_null(report);
    assert_int_equal(ssr_report_count(report), 1);
    assert_string_equal(ssr_diag_code(report, 0), code);
    ssr_report_free(report);
    if (not_written != NULL) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", c.metadata, not_written);
        assert_int_not_equal(access(path, F_OK), 0);
    }
    cache_close(&c);
}

static void test_hostile_repositories(void **state)
{
    (void)state;
    /* endless data: stopped at the limit (timestamp: 16,384 bytes by default) */
    hostile endless = {"/timestamp.json", NULL, NULL, HOSTILE_ENDLESS};
    assert_refresh_refused(&endless, SSR_EVERIFY, "tuf.fetch.too-long", "timestamp.json");
    /* a fetch that says it succeeded with more than it was allowed */
    hostile liar = {"/timestamp.json", NULL, NULL, HOSTILE_LIAR};
    assert_refresh_refused(&liar, SSR_EVERIFY, "tuf.fetch.too-long", "timestamp.json");
    /* a slow server: the fetch gives up */
    hostile slow = {"/159.snapshot.json", NULL, NULL, HOSTILE_SLOW};
    assert_refresh_refused(&slow, SSR_EIO, "tuf.fetch.failed", "snapshot.json");
    hostile error = {"/11.targets.json", NULL, NULL, HOSTILE_500};
    assert_refresh_refused(&error, SSR_EIO, "tuf.fetch.http", "targets.json");
    /* a changed expiry: the signature no longer holds */
    hostile forged = {"/timestamp.json", "\"expires\": \"2025", "\"expires\": \"2035", HOSTILE_NONE};
    assert_refresh_refused(&forged, SSR_EVERIFY, "tuf.signature.threshold", "timestamp.json");
    /* a duplicate member: strict JSON refuses it before any signature */
    hostile duplicate = {"/timestamp.json", "\"_type\": \"timestamp\"", "\"_type\": \"timestamp\", \"_type\": \"root\"",
                         HOSTILE_NONE};
    assert_refresh_refused(&duplicate, SSR_EINVALID, "tuf.metadata.json", "timestamp.json");
    /* a target that is not the one its metadata describes: never stored */
    const char *cases[][3] = {
        {"{", "{ ", "tuf.fetch.too-long"},                 /* one byte more: stopped at its length */
        {"sigstore", "sigstorf", "tuf.file.hash-mismatch"}, /* the same length */
    };
    for (size_t i = 0; i < 2; i++) {
        hostile changed = {".trusted_root.json", cases[i][0], cases[i][1], HOSTILE_NONE};
        cache t;
        cache_open(&t, &changed);
        ssr_report *r = NULL;
        assert_int_equal(ssr_sigstore_trust_refresh(t.u, &r), SSR_EVERIFY);
        assert_string_equal(ssr_diag_code(r, 0), cases[i][2]);
        ssr_report_free(r);
        char target[256];
        snprintf(target, sizeof target, "%s/targets/trusted_root.json", t.dir);
        assert_int_not_equal(access(target, F_OK), 0);
        cache_close(&t);
    }
    /* npm's delegated role changed: the refresh is refused (not only the keys left out) */
    hostile npm = {"/5.registry.npmjs.org.json", "\"expires\": \"2025", "\"expires\": \"2035", HOSTILE_NONE};
    cache c;
    cache_open(&c, &npm);
    ssr_report *report = NULL;
    assert_int_equal(ssr_sigstore_trust_refresh(c.u, &report), SSR_EVERIFY);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.signature.threshold");
    ssr_report_free(report);
    char *info = NULL;
    assert_int_equal(ssr_tuf_target_info(c.u, "registry.npmjs.org/keys.json", &info, NULL, &report), SSR_EVERIFY);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.signature.threshold");
    assert_null(info);
    ssr_report_free(report);
    assert_int_equal(ssr_tuf_target_info(c.u, "trusted_root.json", &info, NULL, &report), SSR_OK);
    assert_non_null(strstr(info, "\"length\":"));
    ssr_free(info);
    cache_close(&c);
}

static void test_expiry_and_cache(void **state)
{
    (void)state;
    hostile none = {"/none", NULL, NULL, HOSTILE_NONE};
    cache c;
    cache_open(&c, &none);
    ssr_report *report = NULL;
    assert_int_equal(ssr_tuf_refresh(c.u, &report), SSR_OK);
    assert_null(report);
    /* the cache loads at the same time, fetching nothing */
    assert_int_equal(ssr_tuf_load_cached(c.u, &report), SSR_OK);
    /* a month later the cached timestamp has expired: refused with its own code */
    assert_int_equal(ssr_tuf_updater_set_time(c.u, TUF_STATIC_TIME + 30 * 86400), SSR_OK);
    assert_int_equal(ssr_tuf_load_cached(c.u, &report), SSR_EVERIFY);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.cache.expired");
    ssr_report_free(report);
    /* and a refresh against the same (old) repository is refused too */
    assert_int_equal(ssr_tuf_refresh(c.u, &report), SSR_EVERIFY);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.timestamp.expired");
    ssr_report_free(report);

    /* a cache file truncated on disk: ignored, fetched again, rewritten whole */
    assert_int_equal(ssr_tuf_updater_set_time(c.u, TUF_STATIC_TIME), SSR_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/snapshot.json", c.metadata);
    size_t len = 0;
    char *whole = read_file(path, &len);
    assert_int_equal(truncate(path, (off_t)(len / 3)), 0);
    report = NULL;
    assert_int_equal(ssr_tuf_load_cached(c.u, &report), SSR_EIO);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.cache.incomplete");
    ssr_report_free(report);
    assert_int_equal(ssr_tuf_refresh(c.u, &report), SSR_OK);
    size_t again_len = 0;
    char *again = read_file(path, &again_len);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, whole, len);
    free(again);
    free(whole);
    /* a trusted root.json changed on disk: nothing is trusted */
    snprintf(path, sizeof path, "%s/root.json", c.metadata);
    FILE *f = fopen(path, "r+");
    assert_non_null(f);
    assert_int_equal(fseek(f, 300, SEEK_SET), 0);
    fputc('X', f);
    fclose(f);
    assert_int_equal(ssr_tuf_refresh(c.u, &report), SSR_EVERIFY);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.signature.threshold");
    ssr_report_free(report);
    cache_close(&c);
}

static void test_arguments(void **state)
{
    (void)state;
    ssr_tuf_updater *u = NULL;
    assert_int_equal(ssr_tuf_updater_new(NULL, "http://x", NULL, &u), SSR_EINVAL);
    assert_int_equal(ssr_tuf_updater_new("/tmp", "http://x/", NULL, &u), SSR_OK);
    assert_int_equal(ssr_tuf_updater_set_max_length(u, "snapshot", 10), SSR_OK);
    assert_int_equal(ssr_tuf_updater_set_max_length(u, "mirrors", 10), SSR_EINVAL);
    assert_int_equal(ssr_tuf_updater_set_timeout(u, 0), SSR_EINVAL);
    assert_int_equal(ssr_tuf_updater_set_fetch(u, NULL, NULL), SSR_EINVAL);
    assert_int_equal(ssr_tuf_download(u, "x", NULL, NULL, NULL), SSR_EINVAL);
    ssr_tuf_updater_free(u);
    ssr_tuf_updater_free(NULL);
    assert_int_equal(ssr_tuf_body_append(NULL, "x", 1), SSR_EINVAL);
    ssr_report *report = NULL;
    assert_int_equal(ssr_tuf_init("/tmp", "{}", 2, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "tuf.metadata.shape");
    ssr_report_free(report);
}

int main(void)
{
    static_dir = corpus_dir("tuf-conformance/tuf_conformance/static_data");
    if (static_dir == NULL)
        return TEST_SKIPPED;
    static_dir = strdup(static_dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_static_sigstore_refresh),
        cmocka_unit_test(test_hostile_repositories),
        cmocka_unit_test(test_expiry_and_cache),
        cmocka_unit_test(test_arguments),
    };
    int failed = cmocka_run_group_tests_name("tuf", tests, NULL, NULL);
    free((void *)static_dir);
    return failed;
}

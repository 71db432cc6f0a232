/*
 * Helpers shared by the cmocka suites.
 */
#ifndef SSR_TEST_SUPPORT_H
#define SSR_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ssr.h"

/* Exit status that meson counts as a skipped test. */
#define TEST_SKIPPED 77

/*
 * The shared corpus folder ($SSR_CORPUS, set by meson), or NULL after
 * saying why when it is absent: the suite then exits TEST_SKIPPED.
 */
const char *corpus_dir(const char *sub);

/* The shared corpus folder ($SSR_CORPUS) when it exists, or NULL after saying so. */
const char *corpus_root(void);

/* Reads a whole file; fails the test when it cannot. Free with free(). */
char *read_file(const char *path, size_t *len);

/* Asserts that `json` is refused with exactly this one diagnostic. */
#define assert_refused(json, code, pointer, line, column)                                       \
    assert_refused_len((json), strlen(json), (code), (pointer), (line), (column), __FILE__, __LINE__)
#define assert_refused_bytes(bytes, code, pointer, line, column)                                \
    assert_refused_len((bytes), sizeof(bytes) - 1, (code), (pointer), (line), (column), __FILE__, \
                       __LINE__)
void assert_refused_len(const char *data, size_t len, const char *code, const char *pointer, size_t line,
                        size_t column, const char *file, int at_line);

/* Asserts that `json` parses under the default options. */
#define assert_accepted(json) assert_accepted_len((json), strlen(json), __FILE__, __LINE__)
void assert_accepted_len(const char *data, size_t len, const char *file, int at_line);

/* A secret key from a 64-hex-digit Ed25519 seed, through the PEM PKCS#8 form OpenSSL writes; fails the test when it cannot. */
ssr_secret_key *secret_key_from_seed(const char *seed_hex);

/* The canonical or pretty form of a document that must parse; free with ssr_free. */
char *canonical_of(const char *data, size_t len);
char *pretty_of(const char *data, size_t len);

/*
 * Verification options at `now`, the defaults otherwise; made once per
 * time and kept for the process (so that valgrind sees them reachable).
 * Not thread-safe: make them before starting threads.
 */
const ssr_verify_options *options_at(int64_t now);

/*
 * TUF over the static copy of Sigstore's TUF repository that the
 * tuf-conformance corpus holds (static_dir: its static_data folder).
 * tuf_static_fetch serves "static:/PATH" from static_dir/PATH (404 when
 * absent), through ssr_tuf_body_append (so the length limit holds).
 * tuf_static_refresh makes a trust cache in a new temporary directory,
 * refreshes it at the copy's time (2025-02-09T12:02:08Z), loads it, and
 * removes it: the status, and in *summary (libc) what came out (the report's
 * first code, the trusted root's presence, the npm keys' length).
 */
#define TUF_STATIC_TIME 1739102528
int tuf_static_fetch(void *static_dir, const char *url, uint64_t max_length, unsigned timeout_ms, ssr_tuf_body *body);
int tuf_static_refresh(const char *static_dir, char **summary);

#endif

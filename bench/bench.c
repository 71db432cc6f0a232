/*
 * ssr-bench: libssr's throughput beside a reference measured in the same
 * process, so that the figures are ratios on the machine at hand.
 *
 *   ssr-bench validate DIR [REPS]   OSV validation vs bare cJSON parsing
 *   ssr-bench profile DIR [REPS]    OSV validation alone (for callgrind)
 *   ssr-bench memory DIR            peak heap per document / its size
 *   ssr-bench dsse [REPS]           DSSE verify vs crypto_sign_verify_detached
 *   ssr-bench digest FILE [REPS]    digests vs bare EVP (OpenSSL), in memory and over FILE
 *   ssr-bench verify SIGSTORE [REPS] bundle and PEP 740 verification vs the bare operations it needs
 *   ssr-bench token JOSE [REPS]     an RS256 ID token verified (and matched) vs bare OpenSSL RS256
 *
 * Each measure prints one tab-separated row:
 *   measure  libssr  reference  unit  ratio
 * where ratio is libssr's rate over the reference's (higher is better for
 * libssr). The benchmark's driver, bench/run.sh, turns the rows into a
 * table. Every repetition runs the contenders back to back (in alternating
 * order where that matters) and each contender's best repetition is kept:
 * on a shared machine, noise only ever slows a run down.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bench.h"
#include "ssr.h"


void die(const char *what)
{
    fprintf(stderr, "ssr-bench: %s\n", what);
    exit(2);
}

double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The shortest time: what the code costs when nothing else gets in the way. */
double best(const double *v, int n)
{
    double b = v[0];
    for (int i = 1; i < n; i++)
        if (v[i] < b)
            b = v[i];
    return b;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int reps_arg(int argc, char **argv, int at, int fallback)
{
    if (argc <= at)
        return fallback;
    int reps = atoi(argv[at]);
    if (reps < 1 || reps > MAX_REPS)
        die("REPS must be 1 to 99");
    return reps;
}

void row(const char *measure, double ours, double reference, const char *unit)
{
    printf("%s\t%.6g\t%.6g\t%s\t%.3f\n", measure, ours, reference, unit, ours / reference);
    fflush(stdout);
}

/* ---- the documents, preloaded ------------------------------------------ */

typedef struct document {
    char *data;
    size_t len;
} document;

typedef struct corpus {
    document *docs;
    size_t count, cap, bytes;
} corpus;

char *read_whole(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size, n = 0;
    char *data = malloc(size ? size : 1);
    while (data != NULL && n < size) {
        ssize_t got = read(fd, data + n, size - n);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (data == NULL || n != size) {
        free(data);
        return NULL;
    }
    *len = size;
    return data;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every *.json file under `dir`, in name order, so that runs repeat. */
static void load(corpus *c, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "ssr-bench: %s: %s\n", dir, strerror(errno));
        exit(2);
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[4096];
        if (name[0] == '.' || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
            free(names[i]);
            continue;
        }
        struct stat st;
        size_t nlen = strlen(name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            load(c, path);
        } else if (nlen > 5 && strcmp(name + nlen - 5, ".json") == 0) {
            if (c->count == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 1024;
                c->docs = realloc(c->docs, c->cap * sizeof *c->docs);
                if (c->docs == NULL)
                    die("out of memory");
            }
            document *d = &c->docs[c->count];
            if ((d->data = read_whole(path, &d->len)) == NULL)
                die("cannot read a document");
            c->bytes += d->len;
            c->count++;
        }
        free(names[i]);
    }
    free(names);
}

static void load_or_die(corpus *c, const char *dir)
{
    load(c, dir);
    if (c->count == 0)
        die("no *.json document found");
    fprintf(stderr, "%zu documents, %zu bytes\n", c->count, c->bytes);
}

static void unload(corpus *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->docs[i].data);
    free(c->docs);
}

/* ---- validation -------------------------------------------------------- */

/* A contender: handles one document; true when it found it valid. */
typedef bool contender_fn(const document *d);

static bool cjson_parse(const document *d)
{
    cJSON *tree = cJSON_ParseWithLength(d->data, d->len);
    cJSON_Delete(tree);
    return tree != NULL;
}

static bool ssr_parse(const document *d)
{
    ssr_doc *doc = NULL;
    bool parsed = ssr_doc_parse(d->data, d->len, NULL, &doc, NULL) == SSR_OK;
    ssr_doc_free(doc);
    return parsed;
}

static bool ssr_validate_osv(const document *d)
{
    ssr_report *report = NULL;
    if (ssr_validate(d->data, d->len, SSR_KIND_OSV, NULL, &report) != SSR_OK)
        die("validation failed to run");
    bool valid = ssr_report_valid(report);
    ssr_report_free(report);
    return valid;
}

/* One pass of a contender over every document; the seconds taken. */
static double pass(const corpus *c, contender_fn *fn, size_t *valid)
{
    double start = now();
    for (size_t i = 0; i < c->count; i++)
        *valid += fn(&c->docs[i]);
    return now() - start;
}

static int bench_validate(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench validate DIR [REPS]");
    corpus c = {0};
    load_or_die(&c, argv[2]);
    int reps = reps_arg(argc, argv, 3, 9);
    contender_fn *contenders[] = {cjson_parse, ssr_parse, ssr_validate_osv};
    enum { N = sizeof contenders / sizeof *contenders };
    double times[N][MAX_REPS];
    size_t valid[N] = {0};
    for (int i = 0; i < N; i++) /* warm the caches and the allocator */
        (void)pass(&c, contenders[i], &(size_t){0});
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < N; i++)
            times[i][r] = pass(&c, contenders[i], &valid[i]);
    double rate[N];
    for (int i = 0; i < N; i++)
        rate[i] = (double)c.count / best(times[i], reps);
    fprintf(stderr, "per pass: %zu parsed by cJSON, %zu by libssr, %zu valid OSV\n", valid[0] / (size_t)reps,
            valid[1] / (size_t)reps, valid[2] / (size_t)reps);
    printf("osv.records\t%zu\t%zu\tdocuments\t1\n", c.count, c.bytes);
    row("osv.validate_vs_cjson_parse", rate[2], rate[0], "records/s");
    row("osv.parse_vs_cjson_parse", rate[1], rate[0], "records/s");
    unload(&c);
    return 0;
}

/* Validation alone, REPS passes: what callgrind profiles. */
static int bench_profile(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench profile DIR [REPS]");
    corpus c = {0};
    load_or_die(&c, argv[2]);
    int reps = reps_arg(argc, argv, 3, 1);
    size_t valid = 0;
    double seconds = 0;
    for (int r = 0; r < reps; r++)
        seconds += pass(&c, ssr_validate_osv, &valid);
    fprintf(stderr, "%zu valid of %zu, %.0f records/s\n", valid / (size_t)reps, c.count,
            (double)c.count * reps / seconds);
    unload(&c);
    return 0;
}

/* ---- memory per document ----------------------------------------------- */

/* A counting allocator: each block carries its size in front of it. */
static size_t live, peak;

typedef union header {
    size_t size;
    max_align_t align;
} header;

static void *count_malloc(size_t size)
{
    header *h = malloc(sizeof *h + size);
    if (h == NULL)
        return NULL;
    h->size = size;
    live += size;
    if (live > peak)
        peak = live;
    return h + 1;
}

static void count_free(void *p)
{
    if (p == NULL)
        return;
    header *h = (header *)p - 1;
    live -= h->size;
    free(h);
}

static void *count_realloc(void *p, size_t size)
{
    if (p == NULL)
        return count_malloc(size);
    header *h = (header *)p - 1;
    size_t old = h->size;
    header *grown = realloc(h, sizeof *grown + size);
    if (grown == NULL)
        return NULL;
    grown->size = size;
    live = live - old + size;
    if (live > peak)
        peak = live;
    return grown + 1;
}

static int bench_memory(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench memory DIR");
    if (ssr_set_allocator(count_malloc, count_realloc, count_free) != SSR_OK)
        die("cannot set the allocator");
    corpus c = {0};
    load_or_die(&c, argv[2]);
    double *ratios = malloc(c.count * sizeof *ratios);
    if (ratios == NULL)
        die("out of memory");
    size_t worst_bytes = 0, worst_peak = 0;
    double worst = 0;
    for (size_t i = 0; i < c.count; i++) {
        ssr_report *report = NULL;
        peak = live = 0;
        if (ssr_validate(c.docs[i].data, c.docs[i].len, SSR_KIND_OSV, NULL, &report) != SSR_OK)
            die("validation failed to run");
        ssr_report_free(report);
        if (live != 0)
            die("memory left allocated after ssr_report_free");
        ratios[i] = (double)peak / (double)c.docs[i].len;
        if (ratios[i] > worst) {
            worst = ratios[i];
            worst_bytes = c.docs[i].len;
            worst_peak = peak;
        }
    }
    printf("memory.peak_over_size.median\t%.3f\t1\tx\t%.3f\n", median(ratios, (int)c.count),
           median(ratios, (int)c.count));
    printf("memory.peak_over_size.max\t%.3f\t1\tx\t%.3f\n", worst, worst);
    fprintf(stderr, "largest ratio: %zu bytes of heap for a %zu-byte document\n", worst_peak, worst_bytes);
    free(ratios);
    unload(&c);
    return 0;
}

/* ---- DSSE verification ------------------------------------------------- */

static int bench_dsse(int argc, char **argv)
{
    int reps = reps_arg(argc, argv, 2, 31);
    enum { PAYLOAD = 1024, ROUNDS = 1000 }; /* short repetitions, many of them: see best() */
    static const char type[] = "application/vnd.in-toto+json";
    /* A Statement of exactly 1 KiB, as an attestation's payload would be. */
    static const char head[] = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
                               "\"pkg-1.0.0.tar.gz\",\"digest\":{\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015"
                               "a3bf4f1b2b0b822cd15d6c15b0f00a08\"}}],\"predicateType\":"
                               "\"https://slsa.dev/provenance/v1\",\"predicate\":{\"note\":\"";
    unsigned char payload[PAYLOAD];
    memset(payload, 'a', sizeof payload);
    memcpy(payload, head, sizeof head - 1);
    memcpy(payload + PAYLOAD - 3, "\"}}", 3);

    ssr_secret_key *sk = NULL;
    ssr_public_key *pk = NULL;
    ssr_keyring *ring = ssr_keyring_new();
    char *envelope = NULL;
    size_t envelope_len = 0;
    if (ring == NULL || ssr_secret_key_generate(&sk) != SSR_OK || ssr_secret_key_public(sk, &pk) != SSR_OK ||
        ssr_keyring_add(ring, pk) != SSR_OK ||
        ssr_dsse_sign(payload, sizeof payload, type, strlen(type), sk, NULL, 0, &envelope, &envelope_len) != SSR_OK)
        die("cannot sign");

    /* The bare reference: the signature and the PAE it covers, decoded once. */
    unsigned char *pae = NULL;
    size_t pae_len = 0;
    unsigned char raw_pk[32], sig[64];
    if (ssr_public_key_bytes(pk, raw_pk) != SSR_OK)
        die("not an Ed25519 key");
    cJSON *env = cJSON_ParseWithLength(envelope, envelope_len);
    const cJSON *sigs = cJSON_GetObjectItemCaseSensitive(env, "signatures");
    const char *sig64 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sigs, 0), "sig"));
    if (sig64 == NULL || ssr_dsse_pae(type, strlen(type), payload, sizeof payload, &pae, &pae_len) != SSR_OK ||
        sodium_base642bin(sig, sizeof sig, sig64, strlen(sig64), NULL, NULL, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        die("cannot decode the signature");
    cJSON_Delete(env);

    double ours[MAX_REPS], bare[MAX_REPS];
    /* Each repetition runs both, in alternating order. */
    for (int step = 0; step < reps * 2; step++) {
        int r = step / 2;
        if ((step + r) % 2 == 0) {
            double start = now();
            for (int i = 0; i < ROUNDS; i++)
                if (crypto_sign_verify_detached(sig, pae, pae_len, raw_pk) != 0)
                    die("the bare signature does not verify");
            bare[r] = now() - start;
            continue;
        }
        double start = now();
        for (int i = 0; i < ROUNDS; i++) {
            unsigned char *out = NULL;
            char *out_type = NULL;
            size_t out_len = 0;
            if (ssr_dsse_verify(envelope, envelope_len, ring, 1, &out, &out_len, &out_type, NULL, NULL) != SSR_OK)
                die("the envelope does not verify");
            ssr_free(out);
            ssr_free(out_type);
        }
        ours[r] = now() - start;
    }
    row("dsse.verify_1KiB", ROUNDS / best(ours, reps), ROUNDS / best(bare, reps), "verifies/s");
    ssr_free(pae);
    ssr_free(envelope);
    ssr_keyring_free(ring);
    ssr_public_key_free(pk);
    ssr_secret_key_free(sk);
    return 0;
}

/* ---- digests ----------------------------------------------------------- */

/* The bare EVP digest of an algorithm (what `openssl speed -evp` measures), fetched once. */
static EVP_MD *bare_md(int alg)
{
    static EVP_MD *mds[5];
    static const char *const names[5] = {NULL, "SHA2-256", "SHA2-512", NULL, "BLAKE2B-512"};
    if (alg < 1 || alg > 4 || names[alg] == NULL)
        die("no bare EVP digest for that algorithm");
    if (mds[alg] == NULL && (mds[alg] = EVP_MD_fetch(NULL, names[alg], NULL)) == NULL)
        die("OpenSSL lacks a digest");
    return mds[alg];
}

/* The bare EVP call for one algorithm, one shot. */
static void bare_digest(int alg, const unsigned char *data, size_t len, unsigned char *out)
{
    if (EVP_Digest(data, len, out, NULL, bare_md(alg), NULL) != 1)
        die("EVP_Digest failed");
}

/* The bare EVP stream over a file, read in the same 64 KiB chunks as libssr. */
static void bare_digest_file(int alg, const char *path, unsigned char *out)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        die("cannot open the digest file");
    static unsigned char chunk[1 << 16];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL || EVP_DigestInit_ex2(ctx, bare_md(alg), NULL) != 1)
        die("cannot start a digest");
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        EVP_DigestUpdate(ctx, chunk, (size_t)n);
    close(fd);
    if (n < 0)
        die("cannot read the digest file");
    EVP_DigestFinal_ex(ctx, out, NULL);
    EVP_MD_CTX_free(ctx);
}

#define MEMORY_PASSES 5

static int bench_digest(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench digest FILE [REPS]");
    const char *path = argv[2];
    int reps = reps_arg(argc, argv, 3, 5);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        die("FILE must be a non-empty regular file");
    double mib = (double)st.st_size / (1024.0 * 1024.0);
    size_t len = 32u << 20; /* in memory: 32 MiB, MEMORY_PASSES times a repetition */
    unsigned char *data = malloc(len);
    if (data == NULL || sodium_init() < 0)
        die("cannot start");
    randombytes_buf(data, len);

    const int algs[] = {SSR_DIGEST_SHA256, SSR_DIGEST_SHA512, SSR_DIGEST_BLAKE2B_512};
    for (size_t a = 0; a < sizeof algs / sizeof *algs; a++) {
        int alg = algs[a];
        unsigned char bare_out[64];
        double ours[MAX_REPS], bare[MAX_REPS], ours_file[MAX_REPS], bare_file[MAX_REPS];
        double ours_pass[MEMORY_PASSES], bare_pass[MEMORY_PASSES];
        for (int r = 0; r < reps; r++) {
            /* in memory: several passes a repetition, in alternating order */
            for (int pass = 0; pass < 2 * MEMORY_PASSES; pass++) {
                char *hex = NULL;
                double start = now();
                if ((pass + r) % 2 == 0) {
                    bare_digest(alg, data, len, bare_out);
                    bare_pass[pass / 2] = now() - start;
                } else {
                    if (ssr_digest(alg, data, len, &hex) != SSR_OK)
                        die("ssr_digest failed");
                    ours_pass[pass / 2] = now() - start;
                    ssr_free(hex);
                }
            }
            bare[r] = best(bare_pass, MEMORY_PASSES);
            ours[r] = best(ours_pass, MEMORY_PASSES);
            /* the file: both, in alternating order */
            char *hex = NULL;
            for (int turn = 0; turn < 2; turn++) {
                double start = now();
                if ((turn + r) % 2 == 0) {
                    bare_digest_file(alg, path, bare_out);
                    bare_file[r] = now() - start;
                } else {
                    if (ssr_digest_file(path, &alg, 1, &hex) != SSR_OK)
                        die("ssr_digest_file failed");
                    ours_file[r] = now() - start;
                }
            }
            char bare_hex[129];
            sodium_bin2hex(bare_hex, sizeof bare_hex, bare_out, ssr_digest_size(alg));
            if (strcmp(hex, bare_hex) != 0)
                die("libssr and OpenSSL disagree on a digest");
            ssr_free(hex);
        }
        char name[64];
        snprintf(name, sizeof name, "digest.%s.memory", ssr_digest_name(alg));
        row(name, 32 / best(ours, reps), 32 / best(bare, reps), "MiB/s");
        snprintf(name, sizeof name, "digest.%s.file", ssr_digest_name(alg));
        row(name, mib / best(ours_file, reps), mib / best(bare_file, reps), "MiB/s");
    }
    free(data);
    return 0;
}

/* ---- per-call cost, for the bindings' comparison ------------------------ */

/* calls FILE [REPS]: ssr_validate of one (small) document, as each binding's driver calls it. */
static int bench_calls(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench calls FILE [REPS]");
    size_t len = 0;
    char *data = read_whole(argv[2], &len);
    int reps = reps_arg(argc, argv, 3, 5);
    enum { CALLS = 200000 };
    double times[MAX_REPS] = {0};
    for (int r = 0; r < reps; r++) {
        double start = now();
        for (int i = 0; i < CALLS; i++) {
            ssr_report *report = NULL;
            if (ssr_validate(data, len, 0, NULL, &report) != SSR_OK || !ssr_report_valid(report))
                die("the document does not validate");
            ssr_report_free(report);
        }
        times[r] = now() - start;
    }
    printf("%.0f\n", CALLS / best(times, reps));
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "validate") == 0)
        return bench_validate(argc, argv);
    if (strcmp(cmd, "profile") == 0)
        return bench_profile(argc, argv);
    if (strcmp(cmd, "memory") == 0)
        return bench_memory(argc, argv);
    if (strcmp(cmd, "dsse") == 0)
        return bench_dsse(argc, argv);
    if (strcmp(cmd, "digest") == 0)
        return bench_digest(argc, argv);
    if (strcmp(cmd, "verify") == 0)
        return bench_verify(argc, argv);
    if (strcmp(cmd, "token") == 0)
        return bench_token(argc, argv);
    if (strcmp(cmd, "calls") == 0)
        return bench_calls(argc, argv);
    if (strcmp(cmd, "calls-verify") == 0)
        return bench_calls_verify(argc, argv);
    if (strcmp(cmd, "verify-threads") == 0)
        return bench_verify_threads(argc, argv);
    if (strcmp(cmd, "tuf") == 0)
        return bench_tuf(argc, argv);
    fputs("usage: ssr-bench validate DIR [REPS] | profile DIR [REPS] | memory DIR | dsse [REPS] | digest FILE [REPS] | verify SIGSTORE [REPS] | token JOSE [REPS] | calls FILE [REPS] | calls-verify SIGSTORE JOSE TOKEN-POLICY [REPS] | verify-threads SIGSTORE [REPS] | tuf URL ROOT.json [REPS]\n", stderr);
    return 2;
}

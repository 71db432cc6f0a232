#include <fcntl.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "support.h"

const char *corpus_root(void)
{
    const char *root = getenv("SSR_CORPUS");
    struct stat st;
    if (root == NULL || stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipping: the shared corpus (%s) is absent\n", root != NULL ? root : "SSR_CORPUS not set");
        return NULL;
    }
    return root;
}

const char *corpus_dir(const char *sub)
{
    static char path[4096];
    const char *root = getenv("SSR_CORPUS");
    struct stat st;
    if (root == NULL) {
        printf("skipping: SSR_CORPUS is not set\n");
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", root, sub);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipping: %s is absent\n", path);
        return NULL;
    }
    return path;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void assert_refused_len(const char *data, size_t len, const char *code, const char *pointer, size_t line,
                        size_t column, const char *file, int at_line)
{
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &report);
    if (status != SSR_EINVALID)
        fail_msg("%s:%d: expected SSR_EINVALID (%s), got %d", file, at_line, code, status);
    assert_null(doc);
    assert_non_null(report);
    if (ssr_report_count(report) != 1)
        fail_msg("%s:%d: expected one diagnostic, got %zu", file, at_line, ssr_report_count(report));
    if (strcmp(ssr_diag_code(report, 0), code) != 0 || strcmp(ssr_diag_pointer(report, 0), pointer) != 0 ||
        ssr_diag_line(report, 0) != line || ssr_diag_column(report, 0) != column)
        fail_msg("%s:%d: expected %s at '%s' %zu:%zu, got %s at '%s' %zu:%zu (%s)", file, at_line, code,
                 pointer, line, column, ssr_diag_code(report, 0), ssr_diag_pointer(report, 0),
                 ssr_diag_line(report, 0), ssr_diag_column(report, 0), ssr_diag_message(report, 0));
    assert_int_equal(ssr_diag_severity(report, 0), SSR_SEVERITY_ERROR);
    assert_false(ssr_report_valid(report));
    ssr_report_free(report);
}

void assert_accepted_len(const char *data, size_t len, const char *file, int at_line)
{
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &report);
    if (status != SSR_OK)
        fail_msg("%s:%d: expected the document to parse, got %s: %s", file, at_line,
                 ssr_diag_code(report, 0), ssr_diag_message(report, 0));
    assert_true(ssr_report_valid(report));
    assert_int_equal(ssr_report_count(report), 0);
    ssr_report_free(report);
    ssr_doc_free(doc);
}

static char *write_of(const char *data, size_t len, int (*write)(const ssr_doc *, char **, size_t *))
{
    ssr_doc *doc = NULL;
    assert_int_equal(ssr_doc_parse(data, len, NULL, &doc, NULL), SSR_OK);
    char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(write(doc, &out, &out_len), SSR_OK);
    assert_int_equal(strlen(out), out_len);
    ssr_doc_free(doc);
    return out;
}

char *canonical_of(const char *data, size_t len)
{
    return write_of(data, len, ssr_doc_canonical);
}

char *pretty_of(const char *data, size_t len)
{
    return write_of(data, len, ssr_doc_pretty);
}

ssr_secret_key *secret_key_from_seed(const char *seed_hex)
{
    unsigned char der[48] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(der + 16, 32, seed_hex, strlen(seed_hex), NULL, &n, NULL), 0);
    assert_int_equal(n, 32);
    char b64[80], pem[200];
    sodium_bin2base64(b64, sizeof b64, der, sizeof der, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(der, sizeof der);
    snprintf(pem, sizeof pem, "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n", b64);
    sodium_memzero(b64, sizeof b64);
    ssr_secret_key *key = NULL;
    assert_int_equal(ssr_secret_key_parse(pem, strlen(pem), &key), SSR_OK);
    sodium_memzero(pem, sizeof pem);
    return key;
}

const ssr_verify_options *options_at(int64_t now)
{
    static struct {
        int64_t now;
        ssr_verify_options *options;
    } made[8];
    static size_t count;
    for (size_t i = 0; i < count; i++)
        if (made[i].now == now)
            return made[i].options;
    assert_true(count < sizeof made / sizeof made[0]);
    ssr_verify_options *o = ssr_verify_options_new();
    assert_non_null(o);
    assert_int_equal(ssr_verify_options_set_time(o, now), SSR_OK);
    made[count].now = now;
    made[count].options = o;
    count++;
    return o;
}

/* ---- TUF over a static repository ------------------------------------------- */

int tuf_static_fetch(void *static_dir, const char *url, uint64_t max_length, unsigned timeout_ms, ssr_tuf_body *body)
{
    (void)max_length;
    (void)timeout_ms;
    if (strncmp(url, "static:/", 8) != 0)
        return SSR_EIO;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", (const char *)static_dir, url + 8);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 404;
    char chunk[4096];
    ssize_t n;
    int status = SSR_OK;
    while (status == SSR_OK && (n = read(fd, chunk, sizeof chunk)) > 0)
        status = ssr_tuf_body_append(body, chunk, (size_t)n);
    close(fd);
    return status == SSR_OK ? 200 : status;
}

/* rm -r */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
    }
    remove(path);
}

int tuf_static_refresh(const char *static_dir, char **summary)
{
    char dir[] = "/tmp/ssr-tuf-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return SSR_EIO;
    char root_path[4096], cache[4096];
    snprintf(root_path, sizeof root_path, "%s/sigstore-root-signing/initial_root.json", static_dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    size_t root_len = 0;
    char *root = read_file(root_path, &root_len);
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    int status = ssr_sigstore_trust_updater(cache, SSR_TRUST_PUBLIC_GOOD, root, root_len,
                                            "static:/sigstore-root-signing/metadata",
                                            "static:/sigstore-root-signing/targets", &u, &report);
    free(root);
    if (status == SSR_OK)
        status = ssr_tuf_updater_set_fetch(u, tuf_static_fetch, (void *)static_dir);
    if (status == SSR_OK)
        status = ssr_tuf_updater_set_time(u, TUF_STATIC_TIME);
    if (status == SSR_OK)
        status = ssr_sigstore_trust_refresh(u, &report);
    ssr_trust_root *trusted = NULL;
    char *keys = NULL;
    size_t keys_len = 0;
    if (status == SSR_OK)
        status = ssr_sigstore_trust_load(u, &trusted, &keys, &keys_len, &report);
    char text[512];
    snprintf(text, sizeof text, "status %d code %s root %s npm keys %zu", status,
             report != NULL && ssr_report_count(report) > 0 ? ssr_diag_code(report, 0) : "-",
             trusted != NULL ? "yes" : "no", keys_len);
    *summary = strdup(text);
    ssr_free(keys);
    ssr_trust_root_free(trusted);
    ssr_report_free(report);
    ssr_tuf_updater_free(u);
    remove_tree(dir);
    return status;
}

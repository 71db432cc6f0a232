/*
 * Verification against real data: every case of sigstore-conformance's
 * bundle-verify suite (by the artifact's bytes and by its sha256 alone),
 * the PEP 740 and npm CASES files, each with the verdict its folder says
 * and, for each refusal, the exact diagnostic (code, JSON Pointer, line
 * and column) that tests/vectors/verify-expected.tsv records. Then the
 * traps other verifiers fall into, and the limits, on mutations of that
 * data.
 *
 * SSR_WRITE_EXPECTED=FILE writes the table from what the library says
 * (for review, never to make a test pass unseen).
 */
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "support.h"

static const char *conformance_dir, *pep740_dir, *npm_dir, *expected_path;
static FILE *write_expected;

/* ---- the expected table ----------------------------------------------------------- */

typedef struct expected {
    char key[256];
    char verdict[8];
    char code[96];
    char pointer[160];
    size_t line, column;
} expected;

static expected *table;
static size_t table_count;

static void load_table(void)
{
    size_t len;
    char *text = read_file(expected_path, &len);
    size_t cap = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        if (table_count == cap) {
            cap = cap ? cap * 2 : 256;
            table = realloc(table, cap * sizeof *table);
            assert_non_null(table);
        }
        expected *e = &table[table_count];
        memset(e, 0, sizeof *e);
        char pointer[160];
        int n = sscanf(line, "%255[^\t]\t%7[^\t]\t%95[^\t]\t%159[^\t]\t%zu\t%zu", e->key, e->verdict, e->code, pointer,
                       &e->line, &e->column);
        assert_true(n == 2 || n == 6);
        snprintf(e->pointer, sizeof e->pointer, "%s", strcmp(pointer, "\"\"") == 0 ? "" : pointer);
        table_count++;
    }
    free(text);
}

static const expected *lookup(const char *key)
{
    for (size_t i = 0; i < table_count; i++)
        if (strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

/* The first error of a report: its index, or the count when there is none. */
static size_t first_error(const ssr_report *r)
{
    size_t i = 0;
    while (i < ssr_report_count(r) && ssr_diag_severity(r, i) != SSR_SEVERITY_ERROR)
        i++;
    return i;
}

/* Checks one verdict against the table (or writes it). */
static void check(const char *key, int status, const ssr_report *report)
{
    assert_true(status == SSR_OK || status == SSR_EVERIFY || status == SSR_EINVALID);
    size_t i = report != NULL ? first_error(report) : 0;
    if (write_expected != NULL) {
        if (status == SSR_OK)
            fprintf(write_expected, "%s\tpass\n", key);
        else
            fprintf(write_expected, "%s\tfail\t%s\t%s\t%zu\t%zu\n", key, ssr_diag_code(report, i),
                    ssr_diag_pointer(report, i)[0] ? ssr_diag_pointer(report, i) : "\"\"",
                    ssr_diag_line(report, i), ssr_diag_column(report, i));
        return;
    }
    const expected *e = lookup(key);
    if (e == NULL)
        fail_msg("%s: not in %s", key, expected_path);
    if (strcmp(e->verdict, "pass") == 0) {
        if (status != SSR_OK)
            fail_msg("%s: expected to verify, refused: %s at %s (%s)", key, ssr_diag_code(report, i),
                     ssr_diag_pointer(report, i), ssr_diag_message(report, i));
        return;
    }
    if (status == SSR_OK)
        fail_msg("%s: expected %s, verified", key, e->code);
    assert_non_null(report);
    assert_true(i < ssr_report_count(report));
    if (strcmp(ssr_diag_code(report, i), e->code) != 0 || strcmp(ssr_diag_pointer(report, i), e->pointer) != 0 ||
        ssr_diag_line(report, i) != e->line || ssr_diag_column(report, i) != e->column)
        fail_msg("%s: expected %s at %s %zu:%zu, found %s at %s %zu:%zu (%s)", key, e->code, e->pointer, e->line,
                 e->column, ssr_diag_code(report, i), ssr_diag_pointer(report, i), ssr_diag_line(report, i),
                 ssr_diag_column(report, i), ssr_diag_message(report, i));
}

/* ---- helpers ------------------------------------------------------------------------ */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *read_text(const char *path)
{
    size_t len;
    char *s = read_file(path, &len);
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        s[--len] = '\0';
    return s;
}

static ssr_artifact *artifact_of_file(const char *path, bool digest_only)
{
    size_t len;
    char *data = read_file(path, &len);
    ssr_artifact *a = ssr_artifact_new();
    assert_non_null(a);
    if (digest_only) {
        char *hex = NULL;
        assert_int_equal(ssr_digest(SSR_DIGEST_SHA256, data, len, &hex), SSR_OK);
        assert_int_equal(ssr_artifact_add_digest(a, "sha256", 6, hex, strlen(hex)), SSR_OK);
        ssr_free(hex);
    } else {
        assert_int_equal(ssr_artifact_hash(a, data, len), SSR_OK);
    }
    free(data);
    return a;
}

/* ---- sigstore-conformance -------------------------------------------------------------- */

static const char default_identity[] = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
                                       ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
static const char default_issuer[] = "https://token.actions.githubusercontent.com";

static size_t conformance_cases, conformance_verified;

static void run_conformance_case(const char *name)
{
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/%s", conformance_dir, name);
    snprintf(path, sizeof path, "%s/trusted_root.json", dir);
    ssr_trust_root *root = NULL;
    int root_status = SSR_OK;
    if (exists(path)) {
        size_t len;
        char *data = read_file(path, &len);
        ssr_report *report = NULL;
        root_status = ssr_trust_root_parse(data, len, &root, &report);
        free(data);
        if (root_status != SSR_OK) {
            /* a root that is refused refuses every bundle verified with it */
            char key[300];
            for (int mode = 0; mode < 2; mode++) {
                snprintf(key, sizeof key, "conformance/%s/%s", name, mode ? "digest" : "path");
                check(key, root_status, report);
                conformance_cases++;
            }
            ssr_report_free(report);
            return;
        }
        ssr_report_free(report);
    } else {
        assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    }
    ssr_verify_policy *policy = NULL;
    snprintf(path, sizeof path, "%s/key.pub", dir);
    if (exists(path)) {
        size_t len;
        char *pem = read_file(path, &len);
        ssr_public_key *key = NULL;
        int status = ssr_public_key_parse(pem, len, &key);
        free(pem);
        if (status != SSR_OK) {
            /* a key that is no key verifies nothing: the case must be one that fails */
            assert_non_null(strstr(name, "_fail"));
            ssr_trust_root_free(root);
            conformance_cases += 2;
            return;
        }
        assert_int_equal(ssr_verify_policy_key(key, &policy), SSR_OK);
        ssr_public_key_free(key);
    } else {
        char id_path[1200], iss_path[1200];
        snprintf(id_path, sizeof id_path, "%s/identity", dir);
        snprintf(iss_path, sizeof iss_path, "%s/issuer", dir);
        char *identity = exists(id_path) ? read_text(id_path) : strdup(default_identity);
        char *issuer = exists(iss_path) ? read_text(iss_path) : strdup(default_issuer);
        assert_int_equal(ssr_verify_policy_identity(identity, strlen(identity), issuer, strlen(issuer), &policy),
                         SSR_OK);
        free(identity);
        free(issuer);
    }
    snprintf(path, sizeof path, "%s/artifact", dir);
    char artifact_path[1200];
    snprintf(artifact_path, sizeof artifact_path, "%s", exists(path) ? path : "");
    if (artifact_path[0] == '\0')
        snprintf(artifact_path, sizeof artifact_path, "%s/a.txt", conformance_dir);
    snprintf(path, sizeof path, "%s/bundle.sigstore.json", dir);
    size_t len;
    char *bundle = read_file(path, &len);
    for (int mode = 0; mode < 2; mode++) {
        ssr_artifact *artifact = artifact_of_file(artifact_path, mode == 1);
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_verify_bundle(root, policy, bundle, len, artifact, NULL, &result, &report);
        char key[300];
        snprintf(key, sizeof key, "conformance/%s/%s", name, mode ? "digest" : "path");
        check(key, status, report);
        /* the folder's own verdict, independent of the table */
        if (write_expected == NULL)
            assert_true((status == SSR_OK) == (strstr(name, "_fail") == NULL));
        if (status == SSR_OK) {
            assert_int_equal(ssr_verify_result_count(result), 1);
            /* a message signature gives the digest it is over, DSSE its statement: one or the other */
            const char *alg = NULL, *hex = ssr_verify_result_digest(result, 0, &alg);
            assert_true((hex != NULL) == (ssr_verify_result_statement(result, 0, NULL) == NULL));
            if (hex != NULL)
                assert_int_equal(strlen(hex), 2 * ssr_digest_size(ssr_digest_from_name(alg, strlen(alg))));
            else
                assert_null(alg);
            char *json = NULL;
            size_t json_len = 0;
            assert_int_equal(ssr_verify_result_to_json(result, &json, &json_len), SSR_OK);
            ssr_doc *doc = NULL;
            assert_int_equal(ssr_doc_parse(json, json_len, NULL, &doc, NULL), SSR_OK); /* strict JSON out */
            ssr_doc_free(doc);
            ssr_free(json);
            conformance_verified++;
        }
        conformance_cases++;
        ssr_verify_result_free(result);
        ssr_report_free(report);
        ssr_artifact_free(artifact);
    }
    free(bundle);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every accessor of a verified PEP 740 attestation gives what its JSON form says. */
static void check_result_accessors(const ssr_verify_result *result)
{
    assert_int_equal(ssr_verify_result_count(result), 1);
    assert_string_equal(ssr_verify_result_media_type(result, 0), "application/vnd.pypi.attestation.v1");
    assert_string_equal(ssr_verify_result_identity(result, 0),
                        "https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19");
    assert_string_equal(ssr_verify_result_identity_kind(result, 0), "uri");
    assert_null(ssr_verify_result_key_id(result, 0));
    const char *digest_alg = "unset";
    assert_null(ssr_verify_result_digest(result, 0, &digest_alg)); /* DSSE: the statement names the artifact */
    assert_null(digest_alg);
    assert_string_equal(ssr_verify_result_payload_type(result, 0), "application/vnd.in-toto+json");
    /* the extensions in the certificate's order, each the same by position and by name */
    const char *value = NULL;
    assert_string_equal(ssr_verify_result_extension_at(result, 0, 0, &value), "issuer-v1");
    assert_string_equal(value, "https://token.actions.githubusercontent.com");
    size_t n = 0;
    const char *name;
    while ((name = ssr_verify_result_extension_at(result, 0, n, &value)) != NULL) {
        assert_ptr_equal(ssr_verify_result_extension(result, 0, name), value);
        n++;
    }
    assert_int_equal(n, 21);
    assert_null(value);
    int64_t seconds = -1, index = -1, integrated = -1;
    int32_t nanos = -1;
    const char *source = NULL, *uri = NULL, *url = NULL, *kind = NULL, *version = NULL;
    assert_int_equal(ssr_verify_result_time(result, 0, 0, &seconds, &nanos, &source, &uri), SSR_OK);
    assert_int_equal(seconds, 1733354041);
    assert_int_equal(nanos, 0);
    assert_string_equal(source, "transparency-log");
    assert_string_equal(uri, "https://rekor.sigstore.dev");
    assert_int_equal(ssr_verify_result_time(result, 0, 1, &seconds, &nanos, &source, &uri), SSR_ERANGE);
    assert_true(seconds == 0 && nanos == 0 && source == NULL && uri == NULL);
    assert_int_equal(ssr_verify_result_tlog_entry(result, 0, 0, &url, &index, &integrated, &kind, &version), SSR_OK);
    assert_string_equal(url, "https://rekor.sigstore.dev");
    assert_int_equal(index, 153454663);
    assert_int_equal(integrated, 1733354041);
    assert_string_equal(kind, "dsse");
    assert_string_equal(version, "0.0.1");
    assert_int_equal(ssr_verify_result_tlog_entry(result, 0, 1, &url, &index, &integrated, &kind, &version),
                     SSR_ERANGE);
    assert_true(url == NULL && index == 0 && integrated == 0 && kind == NULL && version == NULL);
    /* every output may be NULL */
    assert_int_equal(ssr_verify_result_time(result, 0, 0, NULL, NULL, NULL, NULL), SSR_OK);
    assert_int_equal(ssr_verify_result_tlog_entry(result, 0, 0, NULL, NULL, NULL, NULL, NULL), SSR_OK);
    /* past the last attestation, or no result: nothing */
    assert_null(ssr_verify_result_media_type(result, 1));
    assert_null(ssr_verify_result_identity_kind(NULL, 0));
    assert_null(ssr_verify_result_payload_type(NULL, 0));
    assert_null(ssr_verify_result_extension_at(result, 1, 0, &value));
    assert_null(value);
    assert_int_equal(ssr_verify_result_time(NULL, 0, 0, &seconds, NULL, NULL, NULL), SSR_ERANGE);
    assert_int_equal(ssr_verify_result_tlog_entry(result, 1, 0, NULL, NULL, NULL, NULL, NULL), SSR_ERANGE);
}

static void test_conformance_suite(void **state)
{
    (void)state;
    DIR *d = opendir(conformance_dir);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/bundle.sigstore.json", conformance_dir, e->d_name);
        if (e->d_name[0] != '.' && exists(path) && n < 256)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], compare_names);
    for (size_t i = 0; i < n; i++) {
        run_conformance_case(names[i]);
        free(names[i]);
    }
    print_message("sigstore-conformance bundle-verify: %zu cases (%zu by path, %zu by digest), %zu verified\n",
                  conformance_cases, conformance_cases / 2, conformance_cases / 2, conformance_verified);
    assert_int_equal(conformance_cases, 140);
}

/* ---- CASES.tsv files ---------------------------------------------------------------------- */

/* Splits a TSV line into fields (in place); the count. */
static size_t fields(char *line, char **out, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        out[n++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static void test_pep740_cases(void **state)
{
    (void)state;
    char path[1200];
    snprintf(path, sizeof path, "%s/CASES.tsv", pep740_dir);
    size_t len;
    char *text = read_file(path, &len);
    size_t cases = 0, passed = 0;
    char *save = NULL;
    strtok_r(text, "\n", &save); /* the header */
    for (char *line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[9];
        assert_true(fields(line, f, 9) >= 6);
        const char *id = f[0], *artifact = f[1], *attestation = f[2], *trust = f[3], *policy_json = f[4],
                   *expect = f[5];
        ssr_verify_policy *policy = NULL;
        assert_int_equal(ssr_verify_policy_parse(policy_json, strlen(policy_json), &policy, NULL), SSR_OK);
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status;
        snprintf(path, sizeof path, "%s/%s", pep740_dir, attestation);
        size_t data_len;
        char *data = read_file(path, &data_len);
        if (strcmp(artifact, "-") == 0) {
            status = ssr_verify_policy_check(policy, data, data_len, &result, &report);
        } else {
            ssr_trust_root *root = NULL;
            assert_int_equal(ssr_trust_root_load(strcmp(trust, "staging") == 0 ? SSR_TRUST_STAGING
                                                                                 : SSR_TRUST_PUBLIC_GOOD,
                                                 &root),
                             SSR_OK);
            ssr_artifact *a;
            char filename[256];
            if (artifact[0] == '@') {
                const char *hash = strstr(artifact, "#sha256:");
                assert_non_null(hash);
                snprintf(filename, sizeof filename, "%.*s", (int)(hash - artifact - 1), artifact + 1);
                a = ssr_artifact_new();
                assert_int_equal(ssr_artifact_add_digest(a, "sha256", 6, hash + 8, 64), SSR_OK);
            } else {
                const char *base = strrchr(artifact, '/');
                snprintf(filename, sizeof filename, "%s", base ? base + 1 : artifact);
                snprintf(path, sizeof path, "%s/%s", pep740_dir, artifact);
                a = artifact_of_file(path, false);
            }
            status = ssr_verify_pep740(root, policy, data, data_len, filename, strlen(filename), a, NULL, &result,
                                       &report);
            ssr_artifact_free(a);
            ssr_trust_root_free(root);
        }
        char key[300];
        snprintf(key, sizeof key, "pep740/%s", id);
        check(key, status, report);
        if (write_expected == NULL)
            assert_true((status == SSR_OK) == (strcmp(expect, "pass") == 0));
        passed += status == SSR_OK;
        cases++;
        free(data);
        ssr_verify_result_free(result);
        ssr_report_free(report);
        ssr_verify_policy_free(policy);
    }
    free(text);
    print_message("PEP 740 CASES.tsv: %zu cases, %zu verified\n", cases, passed);
    assert_int_equal(cases, 46);
}

static void test_npm_cases(void **state)
{
    (void)state;
    char path[1200];
    snprintf(path, sizeof path, "%s/CASES.tsv", npm_dir);
    size_t len;
    char *text = read_file(path, &len);
    size_t cases = 0, passed = 0;
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    char *save = NULL;
    strtok_r(text, "\n", &save);
    for (char *line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[12];
        assert_true(fields(line, f, 12) >= 7);
        const char *id = f[0], *package = f[1], *integrity = f[2], *tarball = f[3], *attestations = f[4],
                   *keys = f[5], *expect = f[6];
        size_t keys_len, data_len;
        snprintf(path, sizeof path, "%s/%s", npm_dir, keys);
        char *key_data = read_file(path, &keys_len);
        snprintf(path, sizeof path, "%s/%s", npm_dir, attestations);
        char *data = read_file(path, &data_len);
        for (int mode = 0; mode < 2; mode++) {
            ssr_artifact *a;
            if (mode == 0) {
                snprintf(path, sizeof path, "%s/%s", npm_dir, tarball);
                a = artifact_of_file(path, false);
            } else {
                /* the integrity string: sha512- and base64 */
                unsigned char raw[64];
                size_t raw_len = 0;
                assert_int_equal(strncmp(integrity, "sha512-", 7), 0);
                assert_int_equal(sodium_base642bin(raw, sizeof raw, integrity + 7, strlen(integrity + 7), NULL, &raw_len,
                                                   NULL, sodium_base64_VARIANT_ORIGINAL),
                                 0);
                assert_int_equal(raw_len, 64);
                char hex[129];
                for (size_t i = 0; i < 64; i++)
                    snprintf(hex + 2 * i, 3, "%02x", raw[i]);
                a = ssr_artifact_new();
                assert_int_equal(ssr_artifact_add_digest(a, "sha512", 6, hex, 128), SSR_OK);
            }
            ssr_verify_result *result = NULL;
            ssr_report *report = NULL;
            int status = ssr_verify_npm(root, key_data, keys_len, data, data_len, package, strlen(package), a, NULL,
                                        &result, &report);
            char key[300];
            snprintf(key, sizeof key, "npm/%s/%s", id, mode ? "integrity" : "tarball");
            check(key, status, report);
            if (write_expected == NULL)
                assert_true((status == SSR_OK) == (strcmp(expect, "pass") == 0));
            passed += status == SSR_OK;
            cases++;
            ssr_verify_result_free(result);
            ssr_report_free(report);
            ssr_artifact_free(a);
        }
        free(key_data);
        free(data);
    }
    ssr_trust_root_free(root);
    free(text);
    print_message("npm CASES.tsv: %zu verifications (%zu rows by tarball and by integrity), %zu verified\n", cases,
                  cases / 2, passed);
    assert_int_equal(cases, 74);
}


/* ---- traps, on mutations of real bundles --------------------------------------------------- */

/* A conformance file, parsed with cJSON for mutation. */
static cJSON *load_json(const char *relative)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", conformance_dir, relative);
    size_t len;
    char *text = read_file(path, &len);
    cJSON *json = cJSON_ParseWithLength(text, len);
    free(text);
    assert_non_null(json);
    return json;
}

static cJSON *path_get(cJSON *json, const char *const *names)
{
    for (; *names != NULL; names++) {
        json = (*names)[0] == '#' ? cJSON_GetArrayItem(json, atoi(*names + 1)) : cJSON_GetObjectItemCaseSensitive(json, *names);
        assert_non_null(json);
    }
    return json;
}
#define AT(json, ...) path_get((json), (const char *const[]){__VA_ARGS__, NULL})

static void set_string(cJSON *object, const char *name, const char *value)
{
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(object, name, cJSON_CreateString(value)));
}

/*
 * Verifies `bundle` (text) and asserts its refusal: the code, the pointer,
 * and the position, which is that of the first occurrence of `needle` in
 * the text (line 1: the mutations are written on one line).
 */
static void assert_verify_refused(const ssr_trust_root *root, const ssr_verify_policy *policy, const char *bundle,
                                  const ssr_artifact *artifact, int64_t now, int status_wanted, const char *code,
                                  const char *pointer, const char *needle)
{
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_verify_bundle(root, policy, bundle, strlen(bundle), artifact, options_at(now), &result, &report);
    assert_null(result);
    size_t i = first_error(report);
    if (status != status_wanted)
        fail_msg("expected status %d (%s), found %d: %s at %s (%s)", status_wanted, code, status,
                 i < ssr_report_count(report) ? ssr_diag_code(report, i) : "-",
                 i < ssr_report_count(report) ? ssr_diag_pointer(report, i) : "-",
                 i < ssr_report_count(report) ? ssr_diag_message(report, i) : "-");
    assert_true(i < ssr_report_count(report));
    if (strcmp(ssr_diag_code(report, i), code) != 0 || strcmp(ssr_diag_pointer(report, i), pointer) != 0)
        fail_msg("expected %s at %s, found %s at %s (%s)", code, pointer, ssr_diag_code(report, i),
                 ssr_diag_pointer(report, i), ssr_diag_message(report, i));
    /* the position of a string value is that of its opening quote */
    const char *at = strstr(bundle, needle);
    assert_non_null(at);
    if (at > bundle && at[-1] == '"' && needle[0] != '"' && needle[0] != '[' && needle[0] != '{')
        at--;
    size_t column = 1; /* columns count characters, not bytes */
    for (const char *c = bundle; c < at; c++)
        column += ((unsigned char)*c & 0xC0) != 0x80;
    if (ssr_diag_line(report, i) != 1 || ssr_diag_column(report, i) != column)
        fail_msg("%s: expected 1:%zu, found %zu:%zu", code, column, ssr_diag_line(report, i), ssr_diag_column(report, i));
    ssr_report_free(report);
}

static ssr_verify_policy *identity_policy(const char *identity, const char *issuer)
{
    ssr_verify_policy *p = NULL;
    assert_int_equal(ssr_verify_policy_identity(identity, strlen(identity), issuer, strlen(issuer), &p), SSR_OK);
    return p;
}

static ssr_artifact *default_artifact(void)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/a.txt", conformance_dir);
    return artifact_of_file(path, false);
}

static const char *cert_value(cJSON *bundle)
{
    return AT(bundle, "verificationMaterial", "certificate", "rawBytes")->valuestring;
}

/* sigstore-js matched the identity as an unanchored pattern: here it is compared whole. */
static void test_identity_compared_whole(void **state)
{
    (void)state;
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    char *bundle = cJSON_PrintUnformatted(json);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    char shorter[sizeof default_identity];
    snprintf(shorter, sizeof shorter, "%.*s", (int)strlen(default_identity) - 5, default_identity);
    const char *wrong[] = {shorter, "https://github.com/sigstore-conformance", ".*", "https://github.com/.*",
                           default_identity + 8};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        ssr_verify_policy *p = identity_policy(wrong[i], default_issuer);
        assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.policy.identity",
                              "/verificationMaterial/certificate/rawBytes", cert_value(json));
        ssr_verify_policy_free(p);
    }
    char longer[sizeof default_identity + 8];
    snprintf(longer, sizeof longer, "%sx", default_identity);
    ssr_verify_policy *p = identity_policy(longer, default_issuer);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.policy.identity",
                          "/verificationMaterial/certificate/rawBytes", cert_value(json));
    ssr_verify_policy_free(p);
    p = identity_policy(default_identity, "https://token.actions.githubusercontent.co");
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.policy.issuer",
                          "/verificationMaterial/certificate/rawBytes", cert_value(json));
    ssr_verify_policy_free(p);
    /* a requirement on an extension, compared whole too */
    p = identity_policy(default_identity, default_issuer);
    assert_int_equal(ssr_verify_policy_require(p, "source-repository-uri", "https://github.com/sigstore-conformance", 39),
                     SSR_OK);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.policy.extension",
                          "/verificationMaterial/certificate/rawBytes", cert_value(json));
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    cJSON_free(bundle);
    cJSON_Delete(json);
}

/* sigstore-go ignored a kindVersion that does not name the body's kind and version. */
static void test_kind_version_must_match(void **state)
{
    (void)state;
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    set_string(AT(json, "verificationMaterial", "tlogEntries", "#0", "kindVersion"), "version", "0.0.2");
    char *bundle = cJSON_PrintUnformatted(json);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    ssr_verify_policy *p = identity_policy(default_identity, default_issuer);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.tlog.kind-version",
                          "/verificationMaterial/tlogEntries/0/kindVersion", "{\"kind\":\"hashedrekord\"");
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    cJSON_free(bundle);
    cJSON_Delete(json);
}

/* sigstore-python accepted duplicate members: the strict reader refuses them. */
static void test_duplicate_members_refused(void **state)
{
    (void)state;
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    char *text = cJSON_PrintUnformatted(json);
    /* the media type twice: a verifier reading the last would see another bundle */
    const char *dup = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=0.1\",";
    char *bundle = malloc(strlen(text) + strlen(dup) + 1);
    strcpy(bundle, dup);
    strcat(bundle, text + 1);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    ssr_verify_policy *p = identity_policy(default_identity, default_issuer);
    const char *second = strstr(bundle + 2, "\"mediaType\"");
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EINVALID, "json.duplicate-member", "/mediaType",
                          second);
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    free(bundle);
    cJSON_free(text);
    cJSON_Delete(json);
}

/* The public-good root with every window of one list ended in 2020. */
static ssr_trust_root *root_with_ended(const char *list, bool public_key)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/../../trust/public-good.trusted_root.json", conformance_dir);
    size_t len;
    char *text = read_file(path, &len);
    cJSON *json = cJSON_ParseWithLength(text, len);
    free(text);
    assert_non_null(json);
    cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(json, list))
    {
        cJSON *holder = public_key ? cJSON_GetObjectItemCaseSensitive(item, "publicKey") : item;
        cJSON *valid = cJSON_GetObjectItemCaseSensitive(holder, "validFor");
        assert_non_null(valid);
        cJSON_DeleteItemFromObjectCaseSensitive(valid, "end");
        cJSON_AddStringToObject(valid, "end", "2020-01-01T00:00:00Z");
        cJSON_ReplaceItemInObjectCaseSensitive(valid, "start", cJSON_CreateString("2019-01-01T00:00:00Z"));
    }
    char *out = cJSON_PrintUnformatted(json);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_parse(out, strlen(out), &root, NULL), SSR_OK);
    cJSON_free(out);
    cJSON_Delete(json);
    return root;
}

/* sigstore-python ignored validFor on Fulcio CAs and on Rekor keys. */
static void test_validity_windows_enforced(void **state)
{
    (void)state;
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    char *bundle = cJSON_PrintUnformatted(json);
    ssr_artifact *a = default_artifact();
    ssr_verify_policy *p = identity_policy(default_identity, default_issuer);
    ssr_trust_root *root = root_with_ended("certificateAuthorities", false);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.certificate.chain",
                          "/verificationMaterial/certificate/rawBytes", cert_value(json));
    ssr_trust_root_free(root);
    root = root_with_ended("tlogs", true);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.tlog.log-validity",
                          "/verificationMaterial/tlogEntries/0/integratedTime", "\"1710869186\"");
    ssr_trust_root_free(root);
    root = root_with_ended("ctlogs", true);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.certificate.sct",
                          "/verificationMaterial/certificate/rawBytes", cert_value(json));
    ssr_trust_root_free(root);
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    cJSON_free(bundle);
    cJSON_Delete(json);
}

/* A signed time after `now` is refused: the clock is the caller's. */
static void test_future_time_refused(void **state)
{
    (void)state;
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    char *bundle = cJSON_PrintUnformatted(json);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    ssr_verify_policy *p = identity_policy(default_identity, default_issuer);
    assert_verify_refused(root, p, bundle, a, 1710869185, SSR_EVERIFY, "verify.time.future",
                          "/verificationMaterial/tlogEntries", "[{\"logIndex\"");
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    cJSON_free(bundle);
    cJSON_Delete(json);
}

/* Oversize parts are refused unread, each with its own code. */
static void test_limits(void **state)
{
    (void)state;
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    ssr_verify_policy *p = identity_policy(default_identity, default_issuer);

    /* 65 hashes in a proof */
    cJSON *json = load_json("happy-path-v0.3/bundle.sigstore.json");
    cJSON *hashes = AT(json, "verificationMaterial", "tlogEntries", "#0", "inclusionProof", "hashes");
    while (cJSON_GetArraySize(hashes) < 65)
        cJSON_AddItemToArray(hashes, cJSON_CreateString("1J7hRIEGvYdAyzEs+GhAE9L+38oHye3BhalgoQRZoo4="));
    char *bundle = cJSON_PrintUnformatted(json);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.proof",
                          "/verificationMaterial/tlogEntries/0/inclusionProof/hashes", "[\"1J7hRIEG");
    cJSON_free(bundle);
    cJSON_Delete(json);

    /* 33 entries */
    json = load_json("happy-path-v0.3/bundle.sigstore.json");
    cJSON *entries = AT(json, "verificationMaterial", "tlogEntries");
    while (cJSON_GetArraySize(entries) < 33)
        cJSON_AddItemToArray(entries, cJSON_Duplicate(cJSON_GetArrayItem(entries, 0), true));
    bundle = cJSON_PrintUnformatted(json);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.entries",
                          "/verificationMaterial/tlogEntries", "[{\"logIndex\"");
    cJSON_free(bundle);
    cJSON_Delete(json);

    /* a checkpoint over 64 KiB */
    json = load_json("happy-path-v0.3/bundle.sigstore.json");
    cJSON *checkpoint = AT(json, "verificationMaterial", "tlogEntries", "#0", "inclusionProof", "checkpoint");
    char *big = malloc(70000);
    memset(big, 'a', 69999);
    big[69999] = '\0';
    set_string(checkpoint, "envelope", big);
    bundle = cJSON_PrintUnformatted(json);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.checkpoint",
                          "/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint/envelope", "\"aaaa");
    cJSON_free(bundle);
    cJSON_Delete(json);
    free(big);

    /* a certificate over 64 KiB, and a chain of 11 */
    json = load_json("happy-path-v0.2/bundle.sigstore.json");
    cJSON *certs = AT(json, "verificationMaterial", "x509CertificateChain", "certificates");
    while (cJSON_GetArraySize(certs) < 11)
        cJSON_AddItemToArray(certs, cJSON_Duplicate(cJSON_GetArrayItem(certs, 0), true));
    bundle = cJSON_PrintUnformatted(json);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.chain",
                          "/verificationMaterial/x509CertificateChain/certificates", "[{\"rawBytes\"");
    cJSON_free(bundle);
    cJSON_Delete(json);
    json = load_json("happy-path-v0.3/bundle.sigstore.json");
    big = malloc(90001);
    memset(big, 'A', 90000); /* base64 of 67,500 bytes */
    big[90000] = '\0';
    set_string(AT(json, "verificationMaterial", "certificate"), "rawBytes", big);
    bundle = cJSON_PrintUnformatted(json);
    assert_verify_refused(root, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.certificate",
                          "/verificationMaterial/certificate/rawBytes", "\"AAAA");
    cJSON_free(bundle);
    cJSON_Delete(json);
    free(big);

    /* 33 timestamps */
    json = load_json("rekor2-happy-path/bundle.sigstore.json");
    cJSON *stamps = AT(json, "verificationMaterial", "timestampVerificationData", "rfc3161Timestamps");
    while (cJSON_GetArraySize(stamps) < 33)
        cJSON_AddItemToArray(stamps, cJSON_Duplicate(cJSON_GetArrayItem(stamps, 0), true));
    bundle = cJSON_PrintUnformatted(json);
    char path[1200];
    snprintf(path, sizeof path, "%s/rekor2-happy-path/trusted_root.json", conformance_dir);
    size_t len;
    char *text = read_file(path, &len);
    ssr_trust_root *staging = NULL;
    assert_int_equal(ssr_trust_root_parse(text, len, &staging, NULL), SSR_OK);
    free(text);
    assert_verify_refused(staging, p, bundle, a, (int64_t)time(NULL), SSR_EVERIFY, "verify.limit.timestamps",
                          "/verificationMaterial/timestampVerificationData/rfc3161Timestamps", "[{\"signedTimestamp\"");
    ssr_trust_root_free(staging);
    cJSON_free(bundle);
    cJSON_Delete(json);

    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
}

/* Policies that pin nobody are refused before anything is verified. */
static void test_policies_pin_the_signer(void **state)
{
    (void)state;
    ssr_verify_policy *p = NULL;
    ssr_report *report = NULL;
    const char *only_issuer = "{\"issuer\":\"https://token.actions.githubusercontent.com\"}";
    assert_int_equal(ssr_verify_policy_parse(only_issuer, strlen(only_issuer), &p, &report), SSR_EINVALID);
    assert_null(p);
    assert_string_equal(ssr_diag_code(report, 0), "verify.policy.unpinned");
    assert_string_equal(ssr_diag_pointer(report, 0), "");
    assert_int_equal(ssr_diag_column(report, 0), 1);
    ssr_report_free(report);
    const char *unknown = "{\"issuer\":\"https://x.example\",\"identity\":\"a\",\"sub\":\"b\"}";
    assert_int_equal(ssr_verify_policy_parse(unknown, strlen(unknown), &p, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "verify.policy.member");
    assert_string_equal(ssr_diag_pointer(report, 0), "/sub");
    assert_int_equal(ssr_diag_column(report, 0), (size_t)(strstr(unknown, "\"b\"") - unknown) + 1);
    ssr_report_free(report);
    /* an identity policy without an identity verifies nothing until an extension pins the signer */
    assert_int_equal(ssr_verify_policy_identity(NULL, 0, default_issuer, strlen(default_issuer), &p), SSR_OK);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    ssr_artifact *a = default_artifact();
    ssr_verify_result *result = NULL;
    assert_int_equal(ssr_verify_bundle(root, p, "{}", 2, a, NULL, &result, &report), SSR_EINVAL);
    assert_int_equal(ssr_verify_policy_require(p, "issuer", "x", 1), SSR_EINVAL); /* the issuer is the policy's own */
    assert_int_equal(ssr_verify_policy_require(p, "no-such-extension", "x", 1), SSR_EINVAL);
    ssr_verify_policy_free(p);
    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    /* a trusted publisher whose provider Fulcio does not certify is no attestation policy */
    const char *custom = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"activestate\",\"issuer\":"
                         "\"https://platform.activestate.com/api/v1/oauth/oidc\",\"audience\":\"pypi\",\"state\":"
                         "\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"p\"}],\"activestate\":{\"organization\":\"o\",\"project\":\"p\",\"actor_id\":\"1\"},"
                         "\"token\":{\"leeway_seconds\":30,\"require_jti\":true}}";
    int status = ssr_verify_policy_publisher(custom, strlen(custom), &p, &report);
    if (status != SSR_EINVALID || strcmp(ssr_diag_code(report, first_error(report)), "verify.policy.provider") != 0)
        fail_msg("expected verify.policy.provider, found %d %s (%s)", status,
                 report ? ssr_diag_code(report, first_error(report)) : "-",
                 report ? ssr_diag_message(report, first_error(report)) : "-");
    assert_string_equal(ssr_diag_pointer(report, first_error(report)), "/provider");
    ssr_report_free(report);
}

/* A trusted-publisher document decides "built by that publisher", owner id included. */
static void test_trusted_publisher_policy(void **state)
{
    (void)state;
    char path[1200];
    snprintf(path, sizeof path, "%s/pypi_attestations-0.0.19.tar.gz.publish.attestation", pep740_dir);
    size_t len;
    char *attestation = read_file(path, &len);
    snprintf(path, sizeof path, "%s/pypi_attestations-0.0.19.tar.gz", pep740_dir);
    ssr_artifact *a = artifact_of_file(path, false);
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    const char *doc_fmt = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
                          "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\","
                          "\"bindings\":[{\"type\":\"package\",\"name\":\"pypi-attestations\"}],\"github\":{\"owner\":\"trailofbits\",\"owner_id\":\"%s\",\"repository\":"
                          "\"pypi-attestations\",\"workflow\":\"%s\"},\"token\":{\"leeway_seconds\":30,"
                          "\"require_jti\":true}}";
    const struct {
        const char *owner_id, *workflow;
        int status;
        const char *code;
    } cases[] = {
        {"2314423", "release.yml", SSR_OK, NULL},
        {"2314424", "release.yml", SSR_EVERIFY, "verify.policy.owner-id"},
        {"2314423", "publish.yml", SSR_EVERIFY, "verify.policy.build-config"},
    };
    const char *name = "pypi_attestations-0.0.19.tar.gz";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char doc[1024];
        snprintf(doc, sizeof doc, doc_fmt, cases[i].owner_id, cases[i].workflow);
        ssr_verify_policy *p = NULL;
        ssr_report *report = NULL;
        assert_int_equal(ssr_verify_policy_publisher(doc, strlen(doc), &p, &report), SSR_OK);
        ssr_report_free(report);
        ssr_verify_result *result = NULL;
        int status = ssr_verify_pep740(root, p, attestation, len, name, strlen(name), a, NULL, &result, &report);
        if (status != cases[i].status)
            fail_msg("case %zu: status %d, %s", i, status,
                     report != NULL ? ssr_diag_message(report, first_error(report)) : "");
        if (cases[i].code != NULL) {
            assert_string_equal(ssr_diag_code(report, first_error(report)), cases[i].code);
            assert_string_equal(ssr_diag_pointer(report, first_error(report)), "/verification_material/certificate");
        } else {
            assert_string_equal(ssr_verify_result_extension(result, 0, "source-repository-owner-identifier"), "2314423");
            check_result_accessors(result);
        }
        ssr_verify_result_free(result);
        ssr_report_free(report);
        ssr_verify_policy_free(p);
    }
    ssr_trust_root_free(root);
    ssr_artifact_free(a);
    free(attestation);
}

int main(void)
{
    if (corpus_dir("sigstore") == NULL)
        return TEST_SKIPPED;
    const char *corpus = getenv("SSR_CORPUS");
    static char conf[1024], pep[1024], npm[1024];
    snprintf(conf, sizeof conf, "%s/sigstore/conformance/bundle-verify", corpus);
    snprintf(pep, sizeof pep, "%s/sigstore/pep740", corpus);
    snprintf(npm, sizeof npm, "%s/sigstore/npm", corpus);
    conformance_dir = conf;
    pep740_dir = pep;
    npm_dir = npm;
    expected_path = getenv("SSR_VERIFY_EXPECTED");
    const char *write = getenv("SSR_WRITE_EXPECTED");
    if (write != NULL) {
        write_expected = fopen(write, "w");
        if (write_expected == NULL)
            return 1;
        fprintf(write_expected, "# key\tverdict\tcode\tpointer\tline\tcolumn (written by test_verify, reviewed)\n");
    } else {
        load_table();
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance_suite),
        cmocka_unit_test(test_pep740_cases),
        cmocka_unit_test(test_npm_cases),
        cmocka_unit_test(test_identity_compared_whole),
        cmocka_unit_test(test_kind_version_must_match),
        cmocka_unit_test(test_duplicate_members_refused),
        cmocka_unit_test(test_validity_windows_enforced),
        cmocka_unit_test(test_future_time_refused),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_policies_pin_the_signer),
        cmocka_unit_test(test_trusted_publisher_policy),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (write_expected != NULL)
        fclose(write_expected);
    free(table);
    return failed;
}

/*
 * Package URLs: the purl specification's own test suite
 * (../shared/corpus/purl-spec/tests, 586 tests), every parse, validate and
 * build test as it says, and the refusals with their codes and columns.
 */
#include <dirent.h>

#include <cjson/cJSON.h>

#include "support.h"

static const char *string_or_null(const cJSON *v)
{
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Do a purl's components equal the expected object (qualifiers null when there are none)? */
static bool components_equal(const ssr_purl *p, const cJSON *want)
{
    static const char *const names[] = {"type", "namespace", "name", "version", "subpath"};
    static const int parts[] = {SSR_PURL_TYPE, SSR_PURL_NAMESPACE, SSR_PURL_NAME, SSR_PURL_VERSION, SSR_PURL_SUBPATH};
    for (size_t i = 0; i < 5; i++)
        if (!same(ssr_purl_component(p, parts[i]), string_or_null(cJSON_GetObjectItemCaseSensitive(want, names[i]))))
            return false;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(want, "qualifiers");
    if (cJSON_IsNull(q) || q == NULL)
        return ssr_purl_qualifier_count(p) == 0;
    if ((size_t)cJSON_GetArraySize(q) != ssr_purl_qualifier_count(p))
        return false;
    for (size_t i = 0; i < ssr_purl_qualifier_count(p); i++) {
        const char *key, *value;
        assert_int_equal(ssr_purl_qualifier(p, i, &key, &value), SSR_OK);
        if (!same(value, string_or_null(cJSON_GetObjectItemCaseSensitive(q, key))))
            return false;
        if (i > 0) { /* qualifiers come in key order */
            const char *prev, *prev_value;
            assert_int_equal(ssr_purl_qualifier(p, i - 1, &prev, &prev_value), SSR_OK);
            assert_true(strcmp(prev, key) < 0);
        }
    }
    return true;
}

static char *canonical(const ssr_purl *p)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(ssr_purl_canonical(p, &out, &len), SSR_OK);
    assert_int_equal(len, strlen(out));
    return out;
}

/* Does an OSV record with this purl get the purl warning? */
static bool osv_warns(const char *purl)
{
    cJSON *record = cJSON_CreateObject(), *affected = cJSON_AddArrayToObject(record, "affected");
    cJSON_AddStringToObject(record, "id", "OSV-2025-1");
    cJSON_AddStringToObject(record, "modified", "2025-01-01T00:00:00Z");
    cJSON *item = cJSON_CreateObject(), *package = cJSON_AddObjectToObject(item, "package");
    cJSON_AddItemToArray(affected, item);
    cJSON_AddStringToObject(package, "ecosystem", "npm");
    cJSON_AddStringToObject(package, "name", "x");
    cJSON_AddStringToObject(package, "purl", purl);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(item, "versions"), cJSON_CreateString("1.0.0"));
    char *text = cJSON_PrintUnformatted(record);
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(text, strlen(text), SSR_KIND_OSV, NULL, &r), SSR_OK);
    bool warned = false;
    for (size_t i = 0; i < ssr_report_count(r); i++)
        warned = warned || strcmp(ssr_diag_code(r, i), "osv.package.purl.format") == 0;
    assert_true(ssr_report_valid(r)); /* a warning, never an error: Ajv's verdict stays */
    ssr_report_free(r);
    cJSON_free(text);
    cJSON_Delete(record);
    return warned;
}

/* Runs one test; true when the library gives what it expects. */
static bool run_purl_test(const cJSON *t, const char **kind)
{
    const char *type = string_or_null(cJSON_GetObjectItemCaseSensitive(t, "test_type"));
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(t, "input");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(t, "expected_output");
    bool fails = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "expected_failure"));
    *kind = type;
    ssr_purl *p = NULL;
    ssr_report *report = NULL;
    int status;
    if (strcmp(type, "build") == 0) {
        char *json = cJSON_PrintUnformatted(input);
        status = ssr_purl_build(json, strlen(json), &p, &report);
        cJSON_free(json);
    } else {
        const char *text = string_or_null(input);
        status = ssr_purl_parse(text, strlen(text), strcmp(type, "validate") == 0 ? SSR_PURL_REPAIR : 0, &p, &report);
    }
    bool ok;
    if (fails) {
        /* a refusal always comes with one purl.* diagnostic */
        ok = status == SSR_EINVALID && p == NULL && ssr_report_count(report) == 1 &&
             strncmp(ssr_diag_code(report, 0), "purl.", 5) == 0;
    } else if (status != SSR_OK) {
        ok = false;
    } else if (strcmp(type, "parse") == 0) {
        ok = components_equal(p, want);
    } else {
        char *got = canonical(p);
        ok = strcmp(got, want->valuestring) == 0;
        if (!ok)
            printf("  got %s\n", got);
        ssr_free(got);
    }
    if (!ok && report != NULL)
        printf("  %s: %s\n", ssr_diag_code(report, 0), ssr_diag_message(report, 0));
    /* OSV reads purls with the same parser: it warns exactly on those the suite refuses to parse */
    if (strcmp(type, "parse") == 0 && osv_warns(input->valuestring) != fails) {
        printf("  OSV %s on it\n", fails ? "is silent" : "warns");
        ok = false;
    }
    ssr_purl_free(p);
    ssr_report_free(report);
    return ok;
}

static void the_suite_passes_whole(void **state)
{
    (void)state;
    const char *corpus = corpus_dir("purl-spec");
    assert_non_null(corpus);
    static const char *const folders[] = {"tests/spec", "tests/types"};
    size_t tests = 0, failures = 0, parse = 0, validate = 0, build = 0;
    for (size_t f = 0; f < 2; f++) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", corpus, folders[f]);
        DIR *d = opendir(dir);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            size_t n = strlen(e->d_name);
            if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
                continue;
            char path[8500];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            size_t len;
            char *text = read_file(path, &len);
            cJSON *file = cJSON_ParseWithLength(text, len);
            assert_non_null(file);
            const cJSON *t;
            cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(file, "tests"))
            {
                const char *kind;
                bool ok = run_purl_test(t, &kind);
                tests++;
                parse += strcmp(kind, "parse") == 0;
                validate += strcmp(kind, "validate") == 0;
                build += strcmp(kind, "build") == 0;
                if (!ok) {
                    char *shown = cJSON_PrintUnformatted(t);
                    printf("FAIL %s: %s\n", e->d_name, shown);
                    cJSON_free(shown);
                    failures++;
                }
            }
            cJSON_Delete(file);
            free(text);
        }
        closedir(d);
    }
    printf("purl-spec: %zu tests (%zu parse, %zu validate, %zu build), %zu passed, %zu failed\n", tests, parse,
           validate, build, tests - failures, failures);
    assert_int_equal(tests, 586);
    assert_int_equal(failures, 0);
}

typedef struct refusal {
    const char *purl;
    const char *code;
    size_t column;
} refusal;

/* Each refusal has its own code and points at the character or component at fault. */
static void refusals_name_their_cause(void **state)
{
    (void)state;
    static const refusal cases[] = {
        {"npm/left-pad", "purl.scheme", 1},
        {"pkg:3npm/left-pad", "purl.type.format", 5},
        {"pkg:npm/", "purl.name.required", 9},
        {"pkg:npm/left pad", "purl.character", 13},
        {"pkg:npm/left\xc3\xa9", "purl.character", 13},
        {"pkg:npm/left%2", "purl.percent", 13},
        {"pkg:npm/left%zzpad", "purl.percent", 13},
        {"pkg:npm/left%00pad", "purl.percent", 13},
        {"pkg:npm/left%c3", "purl.utf8", 9},
        {"pkg:npm/a?b=1&b=2", "purl.qualifier.duplicate", 15},
        {"pkg:npm/a?b", "purl.qualifier.key", 11},
        {"pkg:npm/a?1b=2", "purl.qualifier.key", 11},
        {"pkg:npm/a?Key=2", "purl.qualifier.key", 11},
        {"pkg:npm/a#b%2Fc", "purl.subpath.segment", 11},
        {"pkg:npm/a%2Fb/c", "purl.namespace.segment", 9},
        {"pkg:maven/commons-io", "purl.namespace.required", 11},
        {"pkg:cargo/rust-lang/serde", "purl.namespace.prohibited", 11},
        {"pkg:julia/Dates@1.9.0", "purl.qualifier.required", 1},
        {"pkg:julia/Dates@1.9.0?repository_url=x", "purl.qualifier.required", 22},
        {"pkg:cpan/URI::PackageURL", "purl.name.format", 10},
        {"pkg:chrome-extension/dogs", "purl.name.format", 22},
        {"pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3.4.5", "purl.version.format", 55},
        /* a git path whose last segment is only a version names nothing (found by fuzzing) */
        {"pkg:git/host/owner/repo/@1.0", "purl.name.required", 25},
        {"pkg:npm/%2F%2F", "purl.name.required", 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ssr_purl *p = (ssr_purl *)1;
        ssr_report *r = NULL;
        assert_int_equal(ssr_purl_parse(cases[i].purl, strlen(cases[i].purl), 0, &p, &r), SSR_EINVALID);
        assert_null(p);
        assert_int_equal(ssr_report_count(r), 1);
        if (strcmp(ssr_diag_code(r, 0), cases[i].code) != 0 || ssr_diag_column(r, 0) != cases[i].column)
            fail_msg("%s: got %s at column %zu (%s), want %s at %zu", cases[i].purl, ssr_diag_code(r, 0),
                     ssr_diag_column(r, 0), ssr_diag_message(r, 0), cases[i].code, cases[i].column);
        assert_string_equal(ssr_diag_pointer(r, 0), "");
        ssr_report_free(r);
    }
    /* Slashes around a name are no part of it, percent-encoded or not (found by fuzzing). */
    ssr_purl *slashed = NULL;
    assert_int_equal(ssr_purl_parse("pkg:generic/%2Fname%2F", 22, 0, &slashed, NULL), SSR_OK);
    assert_string_equal(ssr_purl_component(slashed, SSR_PURL_NAME), "name");
    ssr_purl_free(slashed);
    /* Repairing accepts a qualifier key in capitals, and only that. */
    ssr_purl *p = NULL;
    assert_int_equal(ssr_purl_parse("pkg:npm/a?Key=2", 15, SSR_PURL_REPAIR, &p, NULL), SSR_OK);
    char *text = canonical(p);
    assert_string_equal(text, "pkg:npm/a?key=2");
    ssr_free(text);
    ssr_purl_free(p);
    assert_int_equal(ssr_purl_parse("pkg:npm/a", 9, 2, &p, NULL), SSR_EINVAL);
    assert_int_equal(ssr_purl_parse(NULL, 1, 0, &p, NULL), SSR_EINVAL);
    assert_int_equal(ssr_purl_parse("x", 1, 0, NULL, NULL), SSR_EINVAL);
}

/* Building refuses a components object of the wrong shape, pointing at the member. */
static void components_are_checked(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *code, *pointer;
        size_t column;
    } cases[] = {
        {"[]", "purl.components.type", "", 1},
        {"{\"type\":\"npm\",\"name\":5}", "purl.components.type", "/name", 22},
        {"{\"type\":\"npm\",\"name\":\"a\",\"extra\":1}", "purl.components.unknown", "/extra", 26},
        {"{\"type\":\"npm\",\"name\":\"a\",\"qualifiers\":{\"k\":1}}", "purl.components.type", "/qualifiers/k", 44},
        {"{\"type\":\"npm\",\"name\":\"a\",\"qualifiers\":[]}", "purl.components.type", "/qualifiers", 39},
        {"{\"type\":\"npm\",\"name\":\"\"}", "purl.name.required", "/name", 22},
        {"{\"type\":null,\"name\":\"a\"}", "purl.type.required", "/type", 9},
        {"{\"type\":\"maven\",\"name\":\"a\"}", "purl.namespace.required", "", 1},
        {"{\"type\":\"npm\",\"name\":\"a\",\"qualifiers\":{\"a\":\"1\",\"in production\":\"x\"}}", "purl.qualifier.key",
         "/qualifiers/in production", 64},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ssr_purl *p = NULL;
        ssr_report *r = NULL;
        assert_int_equal(ssr_purl_build(cases[i].json, strlen(cases[i].json), &p, &r), SSR_EINVALID);
        if (strcmp(ssr_diag_code(r, 0), cases[i].code) != 0 || strcmp(ssr_diag_pointer(r, 0), cases[i].pointer) != 0 ||
            ssr_diag_column(r, 0) != cases[i].column)
            fail_msg("%s: got %s %s column %zu (%s)", cases[i].json, ssr_diag_code(r, 0), ssr_diag_pointer(r, 0),
                     ssr_diag_column(r, 0), ssr_diag_message(r, 0));
        ssr_report_free(r);
    }
    /* The components a purl gives back build it again. */
    const char *text = "pkg:npm/%40babel/core@7.0.0?vcs_url=git:%2F%2Fh%2Fr#lib/a";
    ssr_purl *p = NULL, *q = NULL;
    assert_int_equal(ssr_purl_parse(text, strlen(text), 0, &p, NULL), SSR_OK);
    char *json = NULL;
    assert_int_equal(ssr_purl_to_json(p, &json, NULL), SSR_OK);
    assert_string_equal(json, "{\"type\":\"npm\",\"namespace\":\"@babel\",\"name\":\"core\",\"version\":\"7.0.0\","
                              "\"qualifiers\":{\"vcs_url\":\"git://h/r\"},\"subpath\":\"lib/a\"}");
    assert_int_equal(ssr_purl_build(json, strlen(json), &q, NULL), SSR_OK);
    char *again = canonical(q);
    assert_string_equal(again, text);
    ssr_free(again);
    ssr_free(json);
    ssr_purl_free(p);
    ssr_purl_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals_name_their_cause),
        cmocka_unit_test(components_are_checked),
    };
    const struct CMUnitTest suite[] = {
        cmocka_unit_test(the_suite_passes_whole),
    };
    int failed = cmocka_run_group_tests_name("purl", tests, NULL, NULL);
    if (corpus_dir("purl-spec") == NULL) /* said why; the suite's own tests did not run */
        return failed ? failed : TEST_SKIPPED;
    return failed + cmocka_run_group_tests_name("purl-spec suite", suite, NULL, NULL);
}

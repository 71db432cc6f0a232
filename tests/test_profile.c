/*
 * Native kinds through the API: detection, schemas, maturity levels.
 */
#include "support.h"

static const char *examples;

static char *example(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", examples, name);
    return read_file(path, len);
}

static ssr_levels *levels_of(const char *name)
{
    size_t len;
    char *data = example(name, &len);
    ssr_levels *levels = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_profile_levels(data, len, NULL, &levels, &report), SSR_OK);
    assert_true(ssr_report_valid(report));
    ssr_report_free(report);
    free(data);
    return levels;
}

static void pypi_levels_and_blockers(void **state)
{
    (void)state;
    ssr_levels *l = levels_of("repository-profile-pypi.json");
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_AUTHENTICATION), 2);
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_AUTHORIZATION), 3);
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_GENERAL), 0);
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_CLI), 1);
    assert_int_equal(ssr_levels_overall(l), 0);
    assert_int_equal(ssr_levels_missing_count(l, SSR_TRACK_AUTHENTICATION), 2);
    assert_string_equal(ssr_levels_missing(l, SSR_TRACK_AUTHENTICATION, 0), "auth.passwordless");
    assert_string_equal(ssr_levels_missing(l, SSR_TRACK_AUTHENTICATION, 1),
                        "auth.mfa-phishing-resistant-required-critical");
    assert_null(ssr_levels_missing(l, SSR_TRACK_AUTHENTICATION, 2));
    assert_int_equal(ssr_levels_missing_count(l, SSR_TRACK_AUTHORIZATION), 0);
    char *json = NULL;
    assert_int_equal(ssr_levels_to_json(l, &json, NULL), SSR_OK);
    assert_string_equal(json,
                        "{\"tracks\":{\"authentication\":{\"applies\":true,\"level\":2,\"next_missing\":"
                        "[\"auth.passwordless\",\"auth.mfa-phishing-resistant-required-critical\"]},"
                        "\"authorization\":{\"applies\":true,\"level\":3,\"next_missing\":[]},"
                        "\"general\":{\"applies\":true,\"level\":0,\"next_missing\":[\"general.typosquatting-prevention\"]},"
                        "\"cli\":{\"applies\":true,\"level\":1,\"next_missing\":[\"cli.vulnerability-warnings\"]}},"
                        "\"overall\":0}");
    ssr_free(json);
    char *text = NULL;
    assert_int_equal(ssr_levels_to_text(l, &text, NULL), SSR_OK);
    assert_non_null(strstr(text, "Security maturity of PyPI (https://pypi.org), assessed 2026-11-01T00:00:00Z,"));
    assert_non_null(strstr(text, "Authorization: level 3 of 3, every requirement met."));
    assert_non_null(strstr(text, "  - Typosquatting is prevented (general.typosquatting-prevention): partial\n"));
    ssr_free(text);
    ssr_levels_free(l);
}

static void npm_and_crates_levels(void **state)
{
    (void)state;
    ssr_levels *l = levels_of("repository-profile-npm.json");
    int want_npm[] = {1, 3, 2, 2};
    for (int t = 0; t < ssr_track_count(); t++)
        assert_int_equal(ssr_levels_level(l, t), want_npm[t]);
    assert_int_equal(ssr_levels_overall(l), 1);
    ssr_levels_free(l);
    /* crates.io's logins are GitHub's: MFA, recovery and brute-force protection are delegated, and count */
    l = levels_of("repository-profile-crates-io.json");
    int want_crates[] = {1, 1, 1, 1};
    for (int t = 0; t < ssr_track_count(); t++)
        assert_int_equal(ssr_levels_level(l, t), want_crates[t]);
    assert_int_equal(ssr_levels_overall(l), 1);
    assert_int_equal(ssr_levels_missing_count(l, SSR_TRACK_AUTHENTICATION), 4);
    assert_string_equal(ssr_levels_missing(l, SSR_TRACK_AUTHENTICATION, 0), "auth.abandoned-domain-detection");
    ssr_levels_free(l);
}

/* A registry that builds and also accepts built artifacts: the authorization track applies. */
static void artifacts_listed(void **state)
{
    (void)state;
    const char *doc = "{\"ssr\":\"repository-profile/v1\",\"repository\":{\"name\":\"Brew\",\"url\":\"https://b.example\","
                      "\"ecosystems\":[\"Homebrew\"]},\"assessed\":\"2026-01-01T00:00:00Z\",\"taxonomy\":{\"user_accounts\":true,"
                      "\"artifacts\":[\"builds-for-users\",\"accepts-built\"]},\"capabilities\":{}}";
    ssr_levels *l = NULL;
    assert_int_equal(ssr_profile_levels(doc, strlen(doc), NULL, &l, NULL), SSR_OK);
    assert_true(ssr_levels_applies(l, SSR_TRACK_AUTHORIZATION));
    ssr_levels_free(l);
    const char *one = "{\"ssr\":\"repository-profile/v1\",\"repository\":{\"name\":\"Brew\",\"url\":\"https://b.example\","
                      "\"ecosystems\":[\"Homebrew\"]},\"assessed\":\"2026-01-01T00:00:00Z\",\"taxonomy\":{\"user_accounts\":true,"
                      "\"artifacts\":[\"builds-for-users\"]},\"capabilities\":{}}";
    assert_int_equal(ssr_profile_levels(one, strlen(one), NULL, &l, NULL), SSR_OK);
    assert_false(ssr_levels_applies(l, SSR_TRACK_AUTHORIZATION));
    assert_true(ssr_levels_applies(l, SSR_TRACK_AUTHENTICATION));
    ssr_levels_free(l);
}

static void tracks_that_do_not_apply(void **state)
{
    (void)state;
    const char *doc = "{\"ssr\":\"repository-profile/v1\",\"repository\":{\"name\":\"Mirror\",\"url\":\"https://m.example\","
                      "\"ecosystems\":[\"Go\"]},\"assessed\":\"2026-01-01T00:00:00Z\",\"taxonomy\":{\"user_accounts\":false,"
                      "\"artifacts\":\"source-only\"},\"capabilities\":{\"auth.passwordless\":{\"status\":\"n/a\"},"
                      "\"general.vulnerability-disclosure\":{\"status\":\"yes\",\"evidence\":\"https://m.example/sec\"},"
                      "\"general.typosquatting-prevention\":{\"status\":\"yes\",\"evidence\":\"https://m.example/t\"},"
                      "\"cli.pinning\":{\"status\":\"yes\",\"evidence\":\"https://m.example/p\"}}}";
    ssr_levels *l = NULL;
    assert_int_equal(ssr_profile_levels(doc, strlen(doc), NULL, &l, NULL), SSR_OK);
    assert_false(ssr_levels_applies(l, SSR_TRACK_AUTHENTICATION));
    assert_false(ssr_levels_applies(l, SSR_TRACK_AUTHORIZATION));
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_AUTHENTICATION), -1);
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_GENERAL), 1);
    assert_int_equal(ssr_levels_level(l, SSR_TRACK_CLI), 1);
    assert_int_equal(ssr_levels_overall(l), 1);
    char *json = NULL;
    assert_int_equal(ssr_levels_to_json(l, &json, NULL), SSR_OK);
    assert_non_null(strstr(json, "\"authentication\":{\"applies\":false,\"level\":null,\"next_missing\":[]}"));
    ssr_free(json);
    ssr_levels_free(l);
}

static void invalid_profile_gives_its_report(void **state)
{
    (void)state;
    const char *doc = "{\"ssr\":\"repository-profile/v1\"}";
    ssr_levels *l = (ssr_levels *)1;
    ssr_report *r = NULL;
    assert_int_equal(ssr_profile_levels(doc, strlen(doc), NULL, &l, &r), SSR_EINVALID);
    assert_null(l);
    assert_int_equal(ssr_report_kind(r), SSR_KIND_REPOSITORY_PROFILE);
    assert_string_equal(ssr_diag_code(r, 0), "repository-profile.repository.required");
    ssr_report_free(r);
    assert_int_equal(ssr_profile_levels("{", 1, NULL, &l, NULL), SSR_EINVALID);
    assert_int_equal(ssr_profile_levels(doc, strlen(doc), NULL, NULL, NULL), SSR_EINVAL);
    assert_int_equal(ssr_levels_level(NULL, 0), -1);
    assert_int_equal(ssr_levels_missing_count(NULL, 0), 0);
    assert_null(ssr_track_name(4));
    assert_string_equal(ssr_track_name(SSR_TRACK_CLI), "cli");
    ssr_levels_free(NULL);
}

static void kinds_are_detected(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int kind;
    } cases[] = {
        {"release-pypi-sampleproject.json", SSR_KIND_RELEASE},
        {"trusted-publisher-gitlab.json", SSR_KIND_TRUSTED_PUBLISHER},
        {"repository-profile-npm.json", SSR_KIND_REPOSITORY_PROFILE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *data = example(cases[i].file, &len);
        ssr_report *r = NULL;
        assert_int_equal(ssr_validate(data, len, SSR_KIND_AUTO, NULL, &r), SSR_OK);
        assert_int_equal(ssr_report_kind(r), cases[i].kind);
        assert_true(ssr_report_valid(r));
        ssr_report_free(r);
        free(data);
    }
}

static void unknown_kinds_and_majors_are_errors(void **state)
{
    (void)state;
    ssr_report *r = NULL;
    const char *doc = "{\"ssr\": \"widget/v1\"}";
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_AUTO, NULL, &r), SSR_OK);
    assert_int_equal(ssr_report_kind(r), SSR_KIND_JSON);
    assert_int_equal(ssr_report_count(r), 1);
    assert_string_equal(ssr_diag_code(r, 0), "kind.unknown");
    assert_string_equal(ssr_diag_pointer(r, 0), "/ssr");
    assert_int_equal(ssr_diag_column(r, 0), 9);
    ssr_report_free(r);
    doc = "{\"ssr\": \"release/v2\"}";
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_AUTO, NULL, &r), SSR_OK);
    assert_int_equal(ssr_report_kind(r), SSR_KIND_RELEASE);
    assert_string_equal(ssr_diag_code(r, 0), "release.ssr.const");
    assert_string_equal(ssr_diag_message(r, 0), "Expected \"release/v1\", found \"release/v2\".");
    ssr_report_free(r);
    /* Plain JSON is valid when asked for; detection that finds no kind is an error. */
    assert_int_equal(ssr_validate("[1]", 3, SSR_KIND_JSON, NULL, &r), SSR_OK);
    assert_int_equal(ssr_report_kind(r), SSR_KIND_JSON);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
    assert_int_equal(ssr_validate("[1]", 3, SSR_KIND_AUTO, NULL, &r), SSR_OK);
    assert_int_equal(ssr_report_kind(r), SSR_KIND_JSON);
    assert_false(ssr_report_valid(r));
    assert_string_equal(ssr_diag_code(r, 0), "kind.undetected");
    ssr_report_free(r);
}

static void schemas_are_printed_for_native_kinds(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(ssr_schema(SSR_KIND_JSON, &out, &len), SSR_EINVAL);
    assert_null(out);
    for (int kind = SSR_KIND_RELEASE; kind <= SSR_KIND_REPOSITORY_PROFILE; kind++) {
        assert_int_equal(ssr_schema(kind, &out, &len), SSR_OK);
        assert_true(strncmp(out, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",", 62) == 0);
        ssr_report *r = NULL;
        assert_int_equal(ssr_validate(out, len, SSR_KIND_JSON, NULL, &r), SSR_OK);
        assert_true(ssr_report_valid(r));
        ssr_report_free(r);
        ssr_free(out);
        assert_int_equal(ssr_schema_codes(kind, &out, &len), SSR_OK);
        assert_non_null(strstr(out, ".near-miss\terror\tbeyond\n"));
        ssr_free(out);
    }
}

int main(void)
{
    examples = getenv("SSR_EXAMPLES");
    if (examples == NULL) {
        fprintf(stderr, "SSR_EXAMPLES is not set\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pypi_levels_and_blockers),
        cmocka_unit_test(npm_and_crates_levels),
        cmocka_unit_test(tracks_that_do_not_apply),
        cmocka_unit_test(artifacts_listed),
        cmocka_unit_test(invalid_profile_gives_its_report),
        cmocka_unit_test(kinds_are_detected),
        cmocka_unit_test(unknown_kinds_and_majors_are_errors),
        cmocka_unit_test(schemas_are_printed_for_native_kinds),
    };
    return cmocka_run_group_tests_name("native kinds", tests, NULL, NULL);
}

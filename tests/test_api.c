/*
 * The public API's contract: versions, statuses, kinds, validation
 * reports and their JSON form, NULL safety.
 */
#include "support.h"

static void version_is_reported(void **state)
{
    (void)state;
    assert_string_equal(ssr_version(), SSR_VERSION_STRING);
    /* the backend the build chose (meson passes its name) */
    const char *backend = getenv("SSR_ECDSA_BACKEND");
    assert_non_null(backend);
    assert_true(strncmp(ssr_crypto_backend(), backend, strlen(backend)) == 0);
    assert_int_equal(ssr_version_number(),
                     SSR_VERSION_MAJOR * 10000 + SSR_VERSION_MINOR * 100 + SSR_VERSION_PATCH);
}

static void statuses_have_names(void **state)
{
    (void)state;
    assert_string_equal(ssr_strerror(SSR_OK), "success");
    assert_string_equal(ssr_strerror(SSR_ENOMEM), "out of memory");
    assert_string_equal(ssr_strerror(SSR_EINVALID), "the document is invalid");
    assert_string_equal(ssr_strerror(-999), "unknown status");
    ssr_free(NULL);
}

static void kinds_are_named(void **state)
{
    (void)state;
    assert_int_equal(ssr_kind_from_name("json", 4), SSR_KIND_JSON);
    assert_int_equal(ssr_kind_from_name("auto", 4), SSR_KIND_AUTO);
    assert_int_equal(ssr_kind_from_name("jsonx", 4), SSR_KIND_JSON); /* length decides */
    assert_int_equal(ssr_kind_from_name("JSON", 4), SSR_EINVAL);
    assert_int_equal(ssr_kind_from_name(NULL, 0), SSR_EINVAL);
    assert_string_equal(ssr_kind_name(SSR_KIND_JSON), "json");
    assert_null(ssr_kind_name(999));
    assert_true(ssr_kind_count() >= 2);
}

static void validation_reports_a_valid_document(void **state)
{
    (void)state;
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate("{\"a\":[1]}", 9, SSR_KIND_JSON, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    assert_int_equal(ssr_report_kind(r), SSR_KIND_JSON);
    assert_int_equal(ssr_report_count(r), 0);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(ssr_report_to_json(r, &json, &len), SSR_OK);
    assert_string_equal(json, "{\"kind\":\"json\",\"valid\":true,\"diagnostics\":[]}");
    assert_int_equal(len, strlen(json));
    ssr_free(json);
    ssr_report_free(r);
}

static void validation_reports_an_invalid_document(void **state)
{
    (void)state;
    ssr_report *r = NULL;
    const char *doc = "{\n \"a~\": [1, 2,]\n}";
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_JSON, NULL, &r), SSR_OK);
    assert_false(ssr_report_valid(r));
    assert_int_equal(ssr_report_count(r), 1);
    assert_int_equal(ssr_report_errors(r), 1);
    assert_int_equal(ssr_report_warnings(r), 0);
    assert_int_equal(ssr_diag_severity(r, 0), SSR_SEVERITY_ERROR);
    assert_string_equal(ssr_diag_code(r, 0), "json.unexpected-character");
    assert_string_equal(ssr_diag_pointer(r, 0), "/a~0/2");
    assert_null(ssr_diag_payload_pointer(r, 0));
    assert_int_equal(ssr_diag_line(r, 0), 2);
    assert_int_equal(ssr_diag_column(r, 0), 14);
    assert_int_equal(ssr_diag_offset(r, 0), 15);
    assert_string_equal(ssr_diag_message(r, 0), "Expected a value, found ']'.");
    char *json = NULL;
    assert_int_equal(ssr_report_to_json(r, &json, NULL), SSR_OK);
    assert_string_equal(json, "{\"kind\":\"json\",\"valid\":false,\"diagnostics\":[{\"severity\":\"error\","
                              "\"code\":\"json.unexpected-character\",\"pointer\":\"/a~0/2\",\"line\":2,"
                              "\"column\":14,\"message\":\"Expected a value, found ']'.\"}]}");
    ssr_free(json);
    /* Out of range indexes give 0 and NULL. */
    assert_null(ssr_diag_code(r, 1));
    assert_null(ssr_diag_pointer(r, 1));
    assert_null(ssr_diag_message(r, 1));
    assert_int_equal(ssr_diag_line(r, 1), 0);
    assert_int_equal(ssr_diag_severity(r, 1), 0);
    ssr_report_free(r);
}

static void validation_arguments_are_checked(void **state)
{
    (void)state;
    ssr_report *r = (ssr_report *)1;
    assert_int_equal(ssr_validate("{}", 2, 999, NULL, &r), SSR_EINVAL);
    assert_null(r);
    assert_int_equal(ssr_validate("{}", 2, SSR_KIND_JSON, NULL, NULL), SSR_EINVAL);
    assert_int_equal(ssr_validate(NULL, 1, SSR_KIND_JSON, NULL, &r), SSR_EINVAL);
    assert_int_equal(ssr_validate(NULL, 0, SSR_KIND_JSON, NULL, &r), SSR_OK);
    assert_string_equal(ssr_diag_code(r, 0), "json.empty");
    ssr_report_free(r);
    ssr_report_free(NULL);
    assert_false(ssr_report_valid(NULL));
    assert_int_equal(ssr_report_count(NULL), 0);
    assert_int_equal(ssr_report_to_json(NULL, NULL, NULL), SSR_EINVAL);
}

static void allocator_must_be_complete(void **state)
{
    (void)state;
    assert_int_equal(ssr_set_allocator(NULL, realloc, free), SSR_EINVAL);
    assert_int_equal(ssr_set_allocator(malloc, NULL, free), SSR_EINVAL);
    assert_int_equal(ssr_set_allocator(malloc, realloc, NULL), SSR_EINVAL);
    assert_int_equal(ssr_set_allocator(malloc, realloc, free), SSR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_is_reported),
        cmocka_unit_test(statuses_have_names),
        cmocka_unit_test(kinds_are_named),
        cmocka_unit_test(validation_reports_a_valid_document),
        cmocka_unit_test(validation_reports_an_invalid_document),
        cmocka_unit_test(validation_arguments_are_checked),
        cmocka_unit_test(allocator_must_be_complete),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}

/*
 * JSONTestSuite's test_parsing: every n_ file refused, every y_ file
 * accepted except the four the profile refuses on purpose, and each i_
 * file given the verdict schema/SPEC.md documents.
 */
#include <dirent.h>

#include "support.h"

static const char *suite_dir;

/* y_ files the strict profile refuses on purpose, with the rule that refuses them. */
static const struct {
    const char *file, *code;
} refused_y[] = {
    {"y_object_duplicated_key.json", "json.duplicate-member"},
    {"y_object_duplicated_key_and_value.json", "json.duplicate-member"},
    {"y_string_null_escape.json", "json.string.null-escape"},
    {"y_object_escaped_null_in_key.json", "json.string.null-escape"},
};

/* The documented verdict of each i_ file: NULL accepts, otherwise the code that refuses. */
static const struct {
    const char *file, *code;
} verdicts_i[] = {
    {"i_number_double_huge_neg_exp.json", NULL},
    {"i_number_huge_exp.json", "json.number.overflow"},
    {"i_number_neg_int_huge_exp.json", "json.number.overflow"},
    {"i_number_pos_double_huge_exp.json", "json.number.overflow"},
    {"i_number_real_neg_overflow.json", "json.number.overflow"},
    {"i_number_real_pos_overflow.json", "json.number.overflow"},
    {"i_number_real_underflow.json", NULL},
    {"i_number_too_big_neg_int.json", NULL},
    {"i_number_too_big_pos_int.json", NULL},
    {"i_number_very_big_negative_int.json", NULL},
    {"i_object_key_lone_2nd_surrogate.json", "json.string.lone-surrogate"},
    {"i_string_1st_surrogate_but_2nd_missing.json", "json.string.lone-surrogate"},
    {"i_string_1st_valid_surrogate_2nd_invalid.json", "json.string.lone-surrogate"},
    {"i_string_UTF-16LE_with_BOM.json", "json.unexpected-character"},
    {"i_string_UTF-8_invalid_sequence.json", "json.utf8.invalid-byte"},
    {"i_string_UTF8_surrogate_U+D800.json", "json.utf8.surrogate"},
    {"i_string_incomplete_surrogate_and_escape_valid.json", "json.string.lone-surrogate"},
    {"i_string_incomplete_surrogate_pair.json", "json.string.lone-surrogate"},
    {"i_string_incomplete_surrogates_escape_valid.json", "json.string.lone-surrogate"},
    {"i_string_invalid_lonely_surrogate.json", "json.string.lone-surrogate"},
    {"i_string_invalid_surrogate.json", "json.string.lone-surrogate"},
    {"i_string_invalid_utf-8.json", "json.utf8.invalid-byte"},
    {"i_string_inverted_surrogates_U+1D11E.json", "json.string.lone-surrogate"},
    {"i_string_iso_latin_1.json", "json.utf8.truncated"},
    {"i_string_lone_second_surrogate.json", "json.string.lone-surrogate"},
    {"i_string_lone_utf8_continuation_byte.json", "json.utf8.unexpected-continuation"},
    {"i_string_not_in_unicode_range.json", "json.utf8.out-of-range"},
    {"i_string_overlong_sequence_2_bytes.json", "json.utf8.overlong"},
    {"i_string_overlong_sequence_6_bytes.json", "json.utf8.invalid-byte"},
    {"i_string_overlong_sequence_6_bytes_null.json", "json.utf8.invalid-byte"},
    {"i_string_truncated-utf-8.json", "json.utf8.truncated"},
    {"i_string_utf16BE_no_BOM.json", "json.unexpected-character"},
    {"i_string_utf16LE_no_BOM.json", "json.unexpected-character"},
    {"i_structure_500_nested_arrays.json", "json.limit.depth"},
    {"i_structure_UTF-8_BOM_empty_object.json", "json.bom"},
};

/* The code refusing a file, or NULL when it parses. Never leaks, never crashes. */
static const char *verdict(const char *name, char *code, size_t code_size)
{
    char path[8192];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", suite_dir, name);
    char *data = read_file(path, &len);
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &report);
    free(data);
    const char *result = NULL;
    if (status == SSR_EINVALID) {
        snprintf(code, code_size, "%s", ssr_diag_code(report, 0));
        result = code;
    } else if (status != SSR_OK) {
        fail_msg("%s: unexpected status %d", name, status);
    }
    ssr_doc_free(doc);
    ssr_report_free(report);
    return result;
}

typedef struct counts {
    size_t y, n, i;
} counts;

static void run_suite(counts *seen)
{
    DIR *dir = opendir(suite_dir);
    assert_non_null(dir);
    struct dirent *e;
    size_t failures = 0;
    while ((e = readdir(dir)) != NULL) {
        const char *name = e->d_name;
        char code[64];
        if (strncmp(name, "y_", 2) == 0) {
            seen->y++;
            const char *want = NULL;
            for (size_t k = 0; k < sizeof refused_y / sizeof refused_y[0]; k++)
                if (strcmp(refused_y[k].file, name) == 0)
                    want = refused_y[k].code;
            const char *got = verdict(name, code, sizeof code);
            if ((want == NULL) != (got == NULL) || (want != NULL && strcmp(want, got) != 0)) {
                printf("FAIL %s: want %s, got %s\n", name, want ? want : "accepted", got ? got : "accepted");
                failures++;
            }
        } else if (strncmp(name, "n_", 2) == 0) {
            seen->n++;
            if (verdict(name, code, sizeof code) == NULL) {
                printf("FAIL %s: accepted, must be refused\n", name);
                failures++;
            }
        } else if (strncmp(name, "i_", 2) == 0) {
            seen->i++;
            size_t k = 0;
            while (k < sizeof verdicts_i / sizeof verdicts_i[0] && strcmp(verdicts_i[k].file, name) != 0)
                k++;
            if (k == sizeof verdicts_i / sizeof verdicts_i[0]) {
                printf("FAIL %s: no documented verdict\n", name);
                failures++;
                continue;
            }
            const char *want = verdicts_i[k].code;
            const char *got = verdict(name, code, sizeof code);
            if ((want == NULL) != (got == NULL) || (want != NULL && strcmp(want, got) != 0)) {
                printf("FAIL %s: want %s, got %s\n", name, want ? want : "accepted", got ? got : "accepted");
                failures++;
            }
        }
    }
    closedir(dir);
    assert_int_equal(failures, 0);
}

static void every_file_gets_its_verdict(void **state)
{
    (void)state;
    counts seen = {0};
    run_suite(&seen);
    printf("JSONTestSuite: %zu y_ (%zu refused on purpose), %zu n_ refused, %zu i_ as documented\n", seen.y,
           sizeof refused_y / sizeof refused_y[0], seen.n, seen.i);
    assert_int_equal(seen.y, 95);
    assert_int_equal(seen.n, 188);
    assert_int_equal(seen.i, sizeof verdicts_i / sizeof verdicts_i[0]);
}

int main(void)
{
    const char *dir = corpus_dir("jsontestsuite/test_parsing");
    if (dir == NULL)
        return TEST_SKIPPED;
    suite_dir = dir;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_file_gets_its_verdict),
    };
    return cmocka_run_group_tests_name("JSONTestSuite", tests, NULL, NULL);
}

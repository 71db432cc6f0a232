/*
 * The strict JSON profile, rule by rule: each test names the rule and
 * asserts the exact code, JSON Pointer, line and column.
 */
#include "support.h"

/* ---- encoding ---------------------------------------------------------- */

static void byte_order_mark_is_refused(void **state)
{
    (void)state;
    assert_refused("\xef\xbb\xbf{}", "json.bom", "", 1, 1);
}

static void utf8_unexpected_continuation_is_refused(void **state)
{
    (void)state;
    assert_refused("\"\x80\"", "json.utf8.unexpected-continuation", "", 1, 2);
}

static void utf8_overlong_forms_are_refused(void **state)
{
    (void)state;
    assert_refused("[\"\xc0\xaf\"]", "json.utf8.overlong", "/0", 1, 3);
    assert_refused("[\"\xc1\xbf\"]", "json.utf8.overlong", "/0", 1, 3);
    assert_refused("[\"\xe0\x80\xaf\"]", "json.utf8.overlong", "/0", 1, 3);
    assert_refused("[\"\xf0\x80\x80\xaf\"]", "json.utf8.overlong", "/0", 1, 3);
}

static void utf8_encoded_surrogates_are_refused(void **state)
{
    (void)state;
    assert_refused("{\"k\":\"\xed\xa0\x80\"}", "json.utf8.surrogate", "/k", 1, 7);
    assert_refused("{\"k\":\"\xed\xbf\xbf\"}", "json.utf8.surrogate", "/k", 1, 7);
}

static void utf8_beyond_u10ffff_is_refused(void **state)
{
    (void)state;
    assert_refused("\"\xf4\x90\x80\x80\"", "json.utf8.out-of-range", "", 1, 2);
    assert_refused("\"\xf5\x80\x80\x80\"", "json.utf8.out-of-range", "", 1, 2);
}

static void utf8_bytes_never_used_are_refused(void **state)
{
    (void)state;
    assert_refused("\"\xff\"", "json.utf8.invalid-byte", "", 1, 2);
    assert_refused("\"\xf8\x88\x80\x80\x80\"", "json.utf8.invalid-byte", "", 1, 2);
}

static void utf8_truncated_sequences_are_refused(void **state)
{
    (void)state;
    assert_refused("\"\xe2\x82\"", "json.utf8.truncated", "", 1, 2);
    assert_refused_bytes("\"\xf0\x9f\x98", "json.utf8.truncated", "", 1, 2);
}

static void utf8_columns_count_characters(void **state)
{
    (void)state;
    /* "é" is two bytes and one column. */
    assert_refused("\"\xc3\xa9\x80\"", "json.utf8.unexpected-continuation", "", 1, 3);
}

static void utf8_valid_boundaries_are_accepted(void **state)
{
    (void)state;
    assert_accepted("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"");
    assert_accepted("\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\x7f\"");
}

static void non_ascii_outside_strings_is_refused(void **state)
{
    (void)state;
    assert_refused("[\xc3\xa9]", "json.unexpected-character", "/0", 1, 2);
}

/* ---- strings ----------------------------------------------------------- */

static void raw_control_characters_are_refused(void **state)
{
    (void)state;
    assert_refused("[\"a\nb\"]", "json.string.control-character", "/0", 1, 4);
    assert_refused("\"\t\"", "json.string.control-character", "", 1, 2);
    assert_refused_bytes("\"\x00\"", "json.string.control-character", "", 1, 2);
}

static void invalid_escapes_are_refused(void **state)
{
    (void)state;
    assert_refused("[\"\\x\"]", "json.string.invalid-escape", "/0", 1, 3);
    assert_refused("\"\\u12G4\"", "json.string.invalid-escape", "", 1, 2);
    assert_refused("\"\\u12\"", "json.string.invalid-escape", "", 1, 2);
    assert_refused("\"\\'\"", "json.string.invalid-escape", "", 1, 2);
}

static void null_escape_is_refused(void **state)
{
    (void)state;
    assert_refused("{\"k\":\"a\\u0000\"}", "json.string.null-escape", "/k", 1, 8);
    assert_refused("{\"a\\u0000\":1}", "json.string.null-escape", "", 1, 4);
}

static void lone_surrogate_escapes_are_refused(void **state)
{
    (void)state;
    assert_refused("[\"\\ud800\"]", "json.string.lone-surrogate", "/0", 1, 3);
    assert_refused("[\"\\udc00\"]", "json.string.lone-surrogate", "/0", 1, 3);
    assert_refused("\"\\ud800\\u0041\"", "json.string.lone-surrogate", "", 1, 2);
    assert_refused("\"\\ud800\\ud800\"", "json.string.lone-surrogate", "", 1, 2);
    assert_refused("\"\\ude02\\ud83d\"", "json.string.lone-surrogate", "", 1, 2);
}

static void escapes_decode_exactly(void **state)
{
    (void)state;
    const char *in = "[\"\\ud83d\\ude02\",\"\\u00e9\\u20ac\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u001f\"]";
    char *out = canonical_of(in, strlen(in));
    assert_string_equal(out, "[\"\xf0\x9f\x98\x82\",\"\xc3\xa9\xe2\x82\xac\",\"\\\"\\\\/\\b\\f\\n\\r\\t\",\"\\u001f\"]");
    ssr_free(out);
}

static void unterminated_string_is_refused(void **state)
{
    (void)state;
    assert_refused("{\"a\":\"abc", "json.unexpected-end", "/a", 1, 10);
    assert_refused("\"\\", "json.unexpected-end", "", 1, 3);
}

/*
 * The reader tests eight bytes at a time for the bytes that end a plain
 * run (quote, backslash, control, 0x80 and above): each must be found at
 * every offset of the word, and the near misses (space, DEL, '!', '#',
 * '[', ']') must not stop it.
 */
static void string_special_bytes_are_found_at_every_offset(void **state)
{
    (void)state;
    static const struct {
        char byte;
        const char *code;
    } specials[] = {
        {'\t', "json.string.control-character"},
        {'\x01', "json.string.control-character"},
        {'\x1f', "json.string.control-character"},
        {'\x80', "json.utf8.unexpected-continuation"},
        {'\xff', "json.utf8.invalid-byte"},
    };
    for (size_t at = 0; at < 24; at++) {
        char doc[64];
        for (size_t i = 0; i < sizeof specials / sizeof *specials; i++) {
            size_t n = (size_t)snprintf(doc, sizeof doc, "[\"%.*s%c%s\"]", (int)at, "abcdefghijklmnopqrstuvwxyz",
                                        specials[i].byte, " !#[]\x7f.........");
            assert_refused_len(doc, n, specials[i].code, "/0", 1, 3 + at, __FILE__, __LINE__);
        }
        /* A backslash at this offset: a bad escape is reported where it stands, a good one decodes. */
        size_t n = (size_t)snprintf(doc, sizeof doc, "[\"%.*s\\x\"]", (int)at, "abcdefghijklmnopqrstuvwxyz");
        assert_refused_len(doc, n, "json.string.invalid-escape", "/0", 1, 3 + at, __FILE__, __LINE__);
        n = (size_t)snprintf(doc, sizeof doc, "[\"%.*s\\n\x7f !#[]\"]", (int)at, "abcdefghijklmnopqrstuvwxyz");
        char want[64];
        snprintf(want, sizeof want, "[\"%.*s\\n\x7f !#[]\"]", (int)at, "abcdefghijklmnopqrstuvwxyz");
        char *out = canonical_of(doc, n);
        assert_string_equal(out, want);
        ssr_free(out);
        /* The closing quote at this offset, then more input: the string ends exactly there. */
        n = (size_t)snprintf(doc, sizeof doc, "[\"%.*s\",\"\xc3\xa9\"]", (int)at, "abcdefghijklmnopqrstuvwxyz");
        out = canonical_of(doc, n);
        assert_string_equal(out, doc);
        ssr_free(out);
    }
}

/* Runs of spaces are skipped eight at a time: a stray byte after any run length is found where it stands. */
static void white_space_runs_of_any_length_are_skipped(void **state)
{
    (void)state;
    for (size_t run = 0; run < 20; run++) {
        char doc[128];
        size_t n = (size_t)snprintf(doc, sizeof doc, "[%*s\f1]", (int)run, "");
        assert_refused_len(doc, n, "json.unexpected-character", "/0", 1, 2 + run, __FILE__, __LINE__);
        n = (size_t)snprintf(doc, sizeof doc, "[\n%*s\f1]", (int)run, "");
        assert_refused_len(doc, n, "json.unexpected-character", "/0", 2, 1 + run, __FILE__, __LINE__);
        n = (size_t)snprintf(doc, sizeof doc, "[\r\n%*s\n%*s\f1]", (int)run, "", (int)run, "");
        assert_refused_len(doc, n, "json.unexpected-character", "/0", 3, 1 + run, __FILE__, __LINE__);
        n = (size_t)snprintf(doc, sizeof doc, "[\n%*s1,%*s\t2%*s]", (int)run, "", (int)run, "", (int)run, "");
        char *out = canonical_of(doc, n);
        assert_string_equal(out, "[1,2]");
        ssr_free(out);
    }
}

/* ---- numbers ----------------------------------------------------------- */

static void number_grammar_is_enforced(void **state)
{
    (void)state;
    assert_refused("[01]", "json.number.syntax", "/0", 1, 2);
    assert_refused("[-01]", "json.number.syntax", "/0", 1, 2);
    assert_refused("[1.]", "json.number.syntax", "/0", 1, 4);
    assert_refused("[-]", "json.number.syntax", "/0", 1, 3);
    assert_refused("[1e]", "json.number.syntax", "/0", 1, 4);
    assert_refused("[1e+]", "json.number.syntax", "/0", 1, 5);
    assert_refused("[.5]", "json.unexpected-character", "/0", 1, 2);
    assert_refused("[+1]", "json.unexpected-character", "/0", 1, 2);
    assert_refused("[1.5.2]", "json.unexpected-character", "", 1, 5);
    assert_refused("[Infinity]", "json.unexpected-character", "/0", 1, 2);
}

static void number_overflow_is_refused(void **state)
{
    (void)state;
    assert_refused("[1e400]", "json.number.overflow", "/0", 1, 2);
    assert_refused("{\"n\":-123123e100000}", "json.number.overflow", "/n", 1, 6);
    assert_refused("1.8e308", "json.number.overflow", "", 1, 1);
}

static void numbers_that_only_lose_precision_are_accepted(void **state)
{
    (void)state;
    assert_accepted("[100000000000000000000, -123123123123123123123123123123, 1e-400, 1.7976931348623157e308]");
    char *out = canonical_of("[1e-400,4.9e-324]", 17);
    assert_string_equal(out, "[0,5e-324]");
    ssr_free(out);
}

/* ---- literals and structure -------------------------------------------- */

static void literals_are_exact(void **state)
{
    (void)state;
    assert_refused("[tru]", "json.invalid-literal", "/0", 1, 5);
    assert_refused("[nul", "json.unexpected-end", "/0", 1, 5);
    assert_refused("[True]", "json.unexpected-character", "/0", 1, 2);
    assert_refused("[falsey]", "json.unexpected-character", "", 1, 7);
}

static void only_json_white_space_is_allowed(void **state)
{
    (void)state;
    assert_refused("[\f1]", "json.unexpected-character", "/0", 1, 2);
    assert_refused("[1,\v2]", "json.unexpected-character", "/1", 1, 4);
    assert_accepted(" \t\r\n[ 1 ,\r\n 2 ] \n");
}

static void structure_errors_name_the_place(void **state)
{
    (void)state;
    assert_refused("[1 2]", "json.unexpected-character", "", 1, 4);
    assert_refused("{\"a\" 1}", "json.unexpected-character", "", 1, 6);
    assert_refused("{\"a\":1,}", "json.unexpected-character", "", 1, 8);
    assert_refused("[1,]", "json.unexpected-character", "/1", 1, 4);
    assert_refused("{a:1}", "json.unexpected-character", "", 1, 2);
    assert_refused("[1,", "json.unexpected-end", "/1", 1, 4);
    assert_refused("{\"a\":", "json.unexpected-end", "/a", 1, 6);
    assert_refused("{\"a\":1", "json.unexpected-end", "", 1, 7);
    assert_refused("{\n  \"a\": [1,\n    tru]\n}", "json.invalid-literal", "/a/1", 3, 8);
}

static void empty_input_is_refused(void **state)
{
    (void)state;
    assert_refused("", "json.empty", "", 1, 1);
    assert_refused("  \n ", "json.empty", "", 2, 2);
}

static void trailing_content_is_refused(void **state)
{
    (void)state;
    assert_refused("{} x", "json.trailing-content", "", 1, 4);
    assert_refused("1 2", "json.trailing-content", "", 1, 3);
    assert_refused_bytes("[1]\x00", "json.trailing-content", "", 1, 4);
    assert_refused("[1]]", "json.trailing-content", "", 1, 4);
}

/* ---- duplicate member names -------------------------------------------- */

static void duplicate_members_are_refused(void **state)
{
    (void)state;
    assert_refused("{\"a\":1,\"a\":2}", "json.duplicate-member", "/a", 1, 8);
    assert_refused("{\"a\":1,\"a\":1}", "json.duplicate-member", "/a", 1, 8);
}

static void duplicates_compare_after_unescaping(void **state)
{
    (void)state;
    assert_refused("{\"a\":1,\"\\u0061\":2}", "json.duplicate-member", "/a", 1, 8);
    assert_refused("{\"\\u00e9\":1,\"\xc3\xa9\":2}", "json.duplicate-member", "/\xc3\xa9", 1, 13);
}

static void duplicates_are_found_at_depth(void **state)
{
    (void)state;
    assert_refused("{\"x\":[{\"b\":1,\"b\":2}]}", "json.duplicate-member", "/x/0/b", 1, 14);
}

static void duplicate_pointer_escapes_tilde_and_slash(void **state)
{
    (void)state;
    assert_refused("{\"a/b~c\":1,\"a/b~c\":2}", "json.duplicate-member", "/a~1b~0c", 1, 12);
}

static void duplicates_in_large_objects_are_found(void **state)
{
    (void)state;
    char doc[8192];
    size_t n = (size_t)snprintf(doc, sizeof doc, "{");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "\"m%d\":%d,", i, i);
    size_t column = n + 1;
    snprintf(doc + n, sizeof doc - n, "\"m123\":0}");
    assert_refused(doc, "json.duplicate-member", "/m123", 1, column);
    /* The same object without the repeat is fine. */
    doc[n - 1] = '}';
    doc[n] = '\0';
    assert_accepted(doc);
}

/* ---- limits ------------------------------------------------------------ */

static void refused_with_limit(const char *json, ssr_limit which, uint64_t value, const char *code,
                               const char *pointer, size_t line, size_t column)
{
    ssr_options *opts = ssr_options_new();
    assert_non_null(opts);
    assert_int_equal(ssr_options_set_limit(opts, which, value), SSR_OK);
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_doc_parse(json, strlen(json), opts, &doc, &report), SSR_EINVALID);
    assert_null(doc);
    assert_int_equal(ssr_report_count(report), 1);
    assert_string_equal(ssr_diag_code(report, 0), code);
    assert_string_equal(ssr_diag_pointer(report, 0), pointer);
    assert_int_equal(ssr_diag_line(report, 0), line);
    assert_int_equal(ssr_diag_column(report, 0), column);
    ssr_report_free(report);
    ssr_options_free(opts);
}

static void accepted_with_limit(const char *json, ssr_limit which, uint64_t value)
{
    ssr_options *opts = ssr_options_new();
    assert_int_equal(ssr_options_set_limit(opts, which, value), SSR_OK);
    ssr_doc *doc = NULL;
    assert_int_equal(ssr_doc_parse(json, strlen(json), opts, &doc, NULL), SSR_OK);
    ssr_doc_free(doc);
    ssr_options_free(opts);
}

static void depth_limit_holds(void **state)
{
    (void)state;
    char deep[300], pointer[600];
    memset(deep, '[', 129);
    memset(deep + 129, ']', 129);
    deep[258] = '\0';
    size_t n = 0;
    for (int i = 0; i < 128; i++)
        n += (size_t)snprintf(pointer + n, sizeof pointer - n, "/0");
    assert_refused(deep, "json.limit.depth", pointer, 1, 129);
    deep[0] = ' '; /* 128 levels: the default allows them */
    deep[257] = ' ';
    assert_accepted(deep);
    refused_with_limit("{\"a\":{\"b\":[]}}", SSR_LIMIT_DEPTH, 2, "json.limit.depth", "/a/b", 1, 11);
    accepted_with_limit("{\"a\":{\"b\":1}}", SSR_LIMIT_DEPTH, 2);
}

static void size_limit_holds(void **state)
{
    (void)state;
    refused_with_limit("[1,2,3,4,5]", SSR_LIMIT_SIZE, 10, "json.limit.size", "", 1, 1);
    accepted_with_limit("[1,2,3,4,5]", SSR_LIMIT_SIZE, 11);
}

static void string_limit_holds(void **state)
{
    (void)state;
    refused_with_limit("[\"abcd\"]", SSR_LIMIT_STRING, 3, "json.limit.string", "/0", 1, 2);
    refused_with_limit("{\"abcd\":1}", SSR_LIMIT_STRING, 3, "json.limit.string", "", 1, 2);
    accepted_with_limit("[\"abc\"]", SSR_LIMIT_STRING, 3);
}

static void array_limit_holds(void **state)
{
    (void)state;
    refused_with_limit("[1,2,3]", SSR_LIMIT_ARRAY, 2, "json.limit.array", "/2", 1, 6);
    accepted_with_limit("[1,2]", SSR_LIMIT_ARRAY, 2);
}

static void member_limit_holds(void **state)
{
    (void)state;
    refused_with_limit("{\"a\":1,\"b\":2}", SSR_LIMIT_MEMBERS, 1, "json.limit.members", "", 1, 8);
    accepted_with_limit("{\"a\":1}", SSR_LIMIT_MEMBERS, 1);
}

static void limits_are_checked(void **state)
{
    (void)state;
    ssr_options *opts = ssr_options_new();
    assert_int_equal(ssr_options_get_limit(opts, SSR_LIMIT_DEPTH), 128);
    assert_int_equal(ssr_options_get_limit(NULL, SSR_LIMIT_SIZE), 64u << 20);
    assert_int_equal(ssr_limit_default(SSR_LIMIT_STRING), 16u << 20);
    assert_int_equal(ssr_limit_default(SSR_LIMIT_ARRAY), 1u << 20);
    assert_int_equal(ssr_limit_default(SSR_LIMIT_MEMBERS), 1u << 16);
    assert_int_equal(ssr_limit_default((ssr_limit)99), 0);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_DEPTH, 0), SSR_ERANGE);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_DEPTH, ssr_limit_max(SSR_LIMIT_DEPTH) + 1), SSR_ERANGE);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_DEPTH, ssr_limit_max(SSR_LIMIT_DEPTH)), SSR_OK);
    assert_int_equal(ssr_options_set_limit(opts, (ssr_limit)0, 5), SSR_EINVAL);
    assert_int_equal(ssr_options_set_limit(NULL, SSR_LIMIT_DEPTH, 5), SSR_EINVAL);
    ssr_options_free(opts);
    ssr_options_free(NULL);
}

/* ---- the document API -------------------------------------------------- */

static void parse_arguments_are_checked(void **state)
{
    (void)state;
    ssr_doc *doc = (ssr_doc *)1;
    ssr_report *report = (ssr_report *)1;
    assert_int_equal(ssr_doc_parse(NULL, 3, NULL, &doc, &report), SSR_EINVAL);
    assert_null(doc);
    assert_null(report);
    assert_int_equal(ssr_doc_parse("[]", 2, NULL, NULL, NULL), SSR_EINVAL);
    /* The input need not be NUL-terminated: only len bytes are read. */
    assert_int_equal(ssr_doc_parse("[1]]]", 3, NULL, &doc, NULL), SSR_OK);
    ssr_doc_free(doc);
    ssr_doc_free(NULL);
    char *out = (char *)1;
    assert_int_equal(ssr_doc_canonical(NULL, &out, NULL), SSR_EINVAL);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(byte_order_mark_is_refused),
        cmocka_unit_test(utf8_unexpected_continuation_is_refused),
        cmocka_unit_test(utf8_overlong_forms_are_refused),
        cmocka_unit_test(utf8_encoded_surrogates_are_refused),
        cmocka_unit_test(utf8_beyond_u10ffff_is_refused),
        cmocka_unit_test(utf8_bytes_never_used_are_refused),
        cmocka_unit_test(utf8_truncated_sequences_are_refused),
        cmocka_unit_test(utf8_columns_count_characters),
        cmocka_unit_test(utf8_valid_boundaries_are_accepted),
        cmocka_unit_test(non_ascii_outside_strings_is_refused),
        cmocka_unit_test(raw_control_characters_are_refused),
        cmocka_unit_test(invalid_escapes_are_refused),
        cmocka_unit_test(null_escape_is_refused),
        cmocka_unit_test(lone_surrogate_escapes_are_refused),
        cmocka_unit_test(escapes_decode_exactly),
        cmocka_unit_test(unterminated_string_is_refused),
        cmocka_unit_test(string_special_bytes_are_found_at_every_offset),
        cmocka_unit_test(white_space_runs_of_any_length_are_skipped),
        cmocka_unit_test(number_grammar_is_enforced),
        cmocka_unit_test(number_overflow_is_refused),
        cmocka_unit_test(numbers_that_only_lose_precision_are_accepted),
        cmocka_unit_test(literals_are_exact),
        cmocka_unit_test(only_json_white_space_is_allowed),
        cmocka_unit_test(structure_errors_name_the_place),
        cmocka_unit_test(empty_input_is_refused),
        cmocka_unit_test(trailing_content_is_refused),
        cmocka_unit_test(duplicate_members_are_refused),
        cmocka_unit_test(duplicates_compare_after_unescaping),
        cmocka_unit_test(duplicates_are_found_at_depth),
        cmocka_unit_test(duplicate_pointer_escapes_tilde_and_slash),
        cmocka_unit_test(duplicates_in_large_objects_are_found),
        cmocka_unit_test(depth_limit_holds),
        cmocka_unit_test(size_limit_holds),
        cmocka_unit_test(string_limit_holds),
        cmocka_unit_test(array_limit_holds),
        cmocka_unit_test(member_limit_holds),
        cmocka_unit_test(limits_are_checked),
        cmocka_unit_test(parse_arguments_are_checked),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}

/*
 * The writers: RFC 8785 against its published vectors and 25,000 number
 * cases, locale independence, the pretty form, round trips.
 */
#include <locale.h>
#include <math.h>

#include "support.h"

static const char *jcs_dir;

static void check_jcs_vectors(void)
{
    static const char *names[] = {"arrays", "french", "structures", "unicode", "values", "weird"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4200];
        size_t in_len, want_len;
        snprintf(path, sizeof path, "%s/testdata/input/%s.json", jcs_dir, names[i]);
        char *in = read_file(path, &in_len);
        snprintf(path, sizeof path, "%s/testdata/output/%s.json", jcs_dir, names[i]);
        char *want = read_file(path, &want_len);
        char *got = canonical_of(in, in_len);
        if (strlen(got) != want_len || memcmp(got, want, want_len) != 0)
            fail_msg("%s.json: canonical form differs:\n got %s\nwant %s", names[i], got, want);
        /* canonical(canonical(x)) == canonical(x) */
        char *again = canonical_of(got, strlen(got));
        assert_string_equal(again, got);
        ssr_free(again);
        ssr_free(got);
        free(in);
        free(want);
    }
}

static void rfc8785_vectors_are_reproduced(void **state)
{
    (void)state;
    check_jcs_vectors();
}

static double double_of_bits(const char *hex)
{
    uint64_t bits = strtoull(hex, NULL, 16);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/*
 * Each line "BITS TEXT": the double, written in a round-tripping form of
 * its own, must canonicalize to TEXT. Returns the number of lines checked.
 */
static size_t check_numbers(size_t every)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/numbers.txt", jcs_dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[128];
    size_t checked = 0, lineno = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if ((lineno - 1) % every != 0)
            continue;
        char bits[17], text[64];
        assert_int_equal(sscanf(line, "%16s %63s", bits, text), 2);
        double d = double_of_bits(bits);
        char input[64];
        /* %a would be exact too, but JSON wants decimal: 17 digits round-trip. */
        int n = snprintf(input, sizeof input, "%.17g", d);
        for (int i = 0; i < n; i++)
            if (input[i] == ',')
                input[i] = '.';
        char *got = canonical_of(input, (size_t)n);
        if (strcmp(got, text) != 0)
            fail_msg("numbers.txt line %zu (%s): got %s, want %s", lineno, bits, got, text);
        ssr_free(got);
        checked++;
    }
    fclose(f);
    return checked;
}

static void number_cases_are_reproduced(void **state)
{
    (void)state;
    assert_int_equal(check_numbers(1), 25000);
}

static void canonical_form_ignores_the_locale(void **state)
{
    (void)state;
    /* A locale whose decimal separator is a comma. */
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && found == NULL; i++)
        if (setlocale(LC_ALL, names[i]) != NULL)
            found = names[i];
    if (found == NULL)
        fail_msg("no locale with a decimal comma is installed (the test command generates de_DE.UTF-8)");
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5");
    check_jcs_vectors();
    assert_int_equal(check_numbers(25), 1000);
    char *out = canonical_of("[1.2345678901234567,0.1,1e-7,123456789012345678901234]", 54);
    assert_string_equal(out, "[1.2345678901234567,0.1,1e-7,1.2345678901234569e+23]");
    ssr_free(out);
    setlocale(LC_ALL, "C");
}

static void number_forms_follow_ecmascript(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"[-0]", "[0]"},           {"[-0.0]", "[0]"},         {"[1E30]", "[1e+30]"},
        {"[1e21]", "[1e+21]"},     {"[1e20]", "[100000000000000000000]"},
        {"[0.000001]", "[0.000001]"}, {"[1e-7]", "[1e-7]"},   {"[4.50]", "[4.5]"},
        {"[2e-3]", "[0.002]"},     {"[123e-2]", "[1.23]"},    {"[9007199254740993]", "[9007199254740992]"},
        {"[5e-324]", "[5e-324]"},  {"[1.7976931348623157e308]", "[1.7976931348623157e+308]"},
        {"[-1.5e-9]", "[-1.5e-9]"}, {"[333333333.33333329]", "[333333333.3333333]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = canonical_of(cases[i].in, strlen(cases[i].in));
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("%s: got %s, want %s", cases[i].in, out, cases[i].out);
        ssr_free(out);
    }
}

static void members_sort_by_utf16_code_units(void **state)
{
    (void)state;
    /* U+1F602 is D83D DE02 in UTF-16, so it sorts before U+E000 (UTF-8 order says otherwise). */
    const char *in = "{\"\xee\x80\x80\":1,\"\xf0\x9f\x98\x82\":2,\"b\":3,\"\":4,\"a\":{\"z\":1,\"y\":2}}";
    char *out = canonical_of(in, strlen(in));
    assert_string_equal(out, "{\"\":4,\"a\":{\"y\":2,\"z\":1},\"b\":3,\"\xf0\x9f\x98\x82\":2,\"\xee\x80\x80\":1}");
    ssr_free(out);
    out = canonical_of("{ \"f\" : [ ] , \"e\" : { } }", 25);
    assert_string_equal(out, "{\"e\":{},\"f\":[]}");
    ssr_free(out);
}

static void pretty_form_is_deterministic(void **state)
{
    (void)state;
    const char *in = "{\"b\":[1,2.50,{}],\"a\":{\"x\":[],\"y\":null},\"c\":\"\\u00e9\\n\"}";
    char *out = pretty_of(in, strlen(in));
    assert_string_equal(out, "{\n"
                             "  \"b\": [\n"
                             "    1,\n"
                             "    2.5,\n"
                             "    {}\n"
                             "  ],\n"
                             "  \"a\": {\n"
                             "    \"x\": [],\n"
                             "    \"y\": null\n"
                             "  },\n"
                             "  \"c\": \"\xc3\xa9\\n\"\n"
                             "}\n");
    char *again = pretty_of(out, strlen(out));
    assert_string_equal(again, out);
    ssr_free(again);
    ssr_free(out);
    out = pretty_of("true", 4);
    assert_string_equal(out, "true\n");
    ssr_free(out);
}

static void round_trip_gives_an_equal_document(void **state)
{
    (void)state;
    const char *in = "{\"z\":[1e2,-0.5,true,false,null,\"\\u0007\"],\"a\":{\"\\u00e9\":{\"k\":[[]]}}}";
    char *canonical = canonical_of(in, strlen(in));
    char *pretty = pretty_of(in, strlen(in));
    char *via_pretty = canonical_of(pretty, strlen(pretty));
    assert_string_equal(via_pretty, canonical);
    ssr_free(canonical);
    ssr_free(pretty);
    ssr_free(via_pretty);
}

int main(void)
{
    jcs_dir = corpus_dir("jcs");
    const struct CMUnitTest own[] = {
        cmocka_unit_test(number_forms_follow_ecmascript),
        cmocka_unit_test(members_sort_by_utf16_code_units),
        cmocka_unit_test(pretty_form_is_deterministic),
        cmocka_unit_test(round_trip_gives_an_equal_document),
    };
    const struct CMUnitTest corpus[] = {
        cmocka_unit_test(rfc8785_vectors_are_reproduced),
        cmocka_unit_test(number_cases_are_reproduced),
        cmocka_unit_test(canonical_form_ignores_the_locale),
    };
    int failed = cmocka_run_group_tests_name("writers", own, NULL, NULL);
    if (jcs_dir == NULL)
        return failed ? failed : TEST_SKIPPED;
    return failed + cmocka_run_group_tests_name("writers (RFC 8785 corpus)", corpus, NULL, NULL);
}

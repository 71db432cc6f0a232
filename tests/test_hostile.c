/*
 * The hostile-input catalogue: what an attacker uploads to a registry, each
 * with the exact diagnostic it must get (code, JSON Pointer, line, column)
 * through the public validation entry point, and nothing else: no crash,
 * no leak, no partial result. Sizes at the limits are built at run time.
 */
#include "support.h"

#define MiB (1024 * 1024)

typedef struct {
    const char *name;
    const char *data;
    size_t len;     /* 0: strlen(data) */
    int kind;
    const char *code; /* the first error's code */
    const char *pointer;
    size_t line, column;
} hostile;

#define CASE(name, data, kind, code, pointer, line, column) {name, data, sizeof(data) - 1, kind, code, pointer, line, column}

#define AUTO SSR_KIND_AUTO
#define JSON SSR_KIND_JSON
#define DSSE SSR_KIND_DSSE_ENVELOPE

/* A DSSE envelope whose payload (text/plain, so not validated further) is P. */
#define ENVELOPE(P) "{\"payloadType\":\"text/plain\",\"payload\":\"" P "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"c2ln\"}]}"
#define PAYLOAD_COLUMN 39

static const hostile catalogue[] = {
    /* ---- framing ---- */
    CASE("empty input", "", JSON, "json.empty", "", 1, 1),
    CASE("only white space", " \n\t ", JSON, "json.empty", "", 2, 3),
    CASE("byte order mark", "\xef\xbb\xbf{}", JSON, "json.bom", "", 1, 1),
    CASE("trailing content", "{} {}", JSON, "json.trailing-content", "", 1, 4),
    CASE("trailing NUL byte", "{}\0", JSON, "json.trailing-content", "", 1, 3),
    CASE("NUL byte before the document", "\0{}", JSON, "json.unexpected-character", "", 1, 1),
    CASE("comment", "{} // done", JSON, "json.trailing-content", "", 1, 4),
    CASE("single quotes", "{'a': 1}", JSON, "json.unexpected-character", "", 1, 2),
    CASE("trailing comma in an object", "{\"a\": 1,}", JSON, "json.unexpected-character", "", 1, 9),
    CASE("trailing comma in an array", "[1,]", JSON, "json.unexpected-character", "/1", 1, 4),
    CASE("unclosed array", "[1, 2", JSON, "json.unexpected-end", "", 1, 6),
    CASE("unclosed object at depth", "{\"a\": {\"b\": [", JSON, "json.unexpected-end", "/a/b/0", 1, 14),
    CASE("literal in capitals", "[True]", JSON, "json.unexpected-character", "/0", 1, 2),
    CASE("truncated literal", "[nul]", JSON, "json.invalid-literal", "/0", 1, 5),
    /* ---- numbers ---- */
    CASE("NaN", "[NaN]", JSON, "json.unexpected-character", "/0", 1, 2),
    CASE("Infinity", "[-Infinity]", JSON, "json.number.syntax", "/0", 1, 3),
    CASE("leading zero", "[01]", JSON, "json.number.syntax", "/0", 1, 2),
    CASE("leading plus", "[+1]", JSON, "json.unexpected-character", "/0", 1, 2),
    CASE("bare minus", "[-]", JSON, "json.number.syntax", "/0", 1, 3),
    CASE("point without digits", "[1.]", JSON, "json.number.syntax", "/0", 1, 4),
    CASE("point first", "[.5]", JSON, "json.unexpected-character", "/0", 1, 2),
    CASE("exponent without digits", "[1e+]", JSON, "json.number.syntax", "/0", 1, 5),
    CASE("hexadecimal", "[0x10]", JSON, "json.unexpected-character", "", 1, 3),
    CASE("overflow to infinity", "{\"n\": 1e309}", JSON, "json.number.overflow", "/n", 1, 7),
    CASE("negative overflow", "{\"n\": -1.8e308}", JSON, "json.number.overflow", "/n", 1, 7),
    CASE("overflow by digits",
         "[1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "000000000000000000000000000000000000000]",
         JSON, "json.number.overflow", "/0", 1, 2),
    /* ---- strings and escapes ---- */
    CASE("raw control character", "[\"a\tb\"]", JSON, "json.string.control-character", "/0", 1, 4),
    CASE("raw newline in a name", "{\"a\nb\": 1}", JSON, "json.string.control-character", "", 1, 4),
    CASE("unknown escape", "[\"\\x41\"]", JSON, "json.string.invalid-escape", "/0", 1, 3),
    CASE("short unicode escape", "[\"\\u12\"]", JSON, "json.string.invalid-escape", "/0", 1, 3),
    CASE("escaped NUL", "{\"k\": \"a\\u0000b\"}", JSON, "json.string.null-escape", "/k", 1, 9),
    CASE("escaped NUL in a name", "{\"a\\u0000\": 1}", JSON, "json.string.null-escape", "", 1, 4),
    CASE("lone high surrogate", "[\"\\ud800\"]", JSON, "json.string.lone-surrogate", "/0", 1, 3),
    CASE("lone low surrogate", "[\"\\udc00\"]", JSON, "json.string.lone-surrogate", "/0", 1, 3),
    CASE("high surrogate then a letter", "[\"\\ud800\\u0041\"]", JSON, "json.string.lone-surrogate", "/0", 1, 3),
    CASE("two high surrogates", "[\"\\ud800\\ud800\"]", JSON, "json.string.lone-surrogate", "/0", 1, 3),
    CASE("unterminated string", "[\"abc", JSON, "json.unexpected-end", "/0", 1, 6),
    /* ---- every invalid UTF-8 class ---- */
    CASE("continuation byte first", "[\"\x80\"]", JSON, "json.utf8.unexpected-continuation", "/0", 1, 3),
    CASE("continuation byte last of range", "[\"\xbf\"]", JSON, "json.utf8.unexpected-continuation", "/0", 1, 3),
    CASE("overlong two bytes (C0)", "[\"\xc0\xaf\"]", JSON, "json.utf8.overlong", "/0", 1, 3),
    CASE("overlong two bytes (C1)", "[\"\xc1\xbf\"]", JSON, "json.utf8.overlong", "/0", 1, 3),
    CASE("overlong three bytes", "[\"\xe0\x80\xaf\"]", JSON, "json.utf8.overlong", "/0", 1, 3),
    CASE("overlong four bytes", "[\"\xf0\x80\x80\xaf\"]", JSON, "json.utf8.overlong", "/0", 1, 3),
    CASE("encoded high surrogate", "[\"\xed\xa0\x80\"]", JSON, "json.utf8.surrogate", "/0", 1, 3),
    CASE("encoded low surrogate", "[\"\xed\xbf\xbf\"]", JSON, "json.utf8.surrogate", "/0", 1, 3),
    CASE("beyond U+10FFFF", "[\"\xf4\x90\x80\x80\"]", JSON, "json.utf8.out-of-range", "/0", 1, 3),
    CASE("lead byte F5 (beyond U+10FFFF)", "[\"\xf5\x80\x80\x80\"]", JSON, "json.utf8.out-of-range", "/0", 1, 3),
    CASE("byte F8", "[\"\xf8\x80\x80\x80\x80\"]", JSON, "json.utf8.invalid-byte", "/0", 1, 3),
    CASE("byte FF", "[\"\xff\"]", JSON, "json.utf8.invalid-byte", "/0", 1, 3),
    CASE("two-byte sequence cut short", "[\"\xc3\"]", JSON, "json.utf8.truncated", "/0", 1, 3),
    CASE("three-byte sequence cut short", "[\"\xe2\x82\"]", JSON, "json.utf8.truncated", "/0", 1, 3),
    CASE("four-byte sequence cut short", "[\"\xf0\x9f\x98\"]", JSON, "json.utf8.truncated", "/0", 1, 3),
    CASE("sequence cut by the end of input", "[\"\xf0\x9f", JSON, "json.utf8.truncated", "/0", 1, 3),
    CASE("invalid UTF-8 in a name", "{\"\xff\": 1}", JSON, "json.utf8.invalid-byte", "", 1, 3),
    CASE("invalid UTF-8 outside strings", "[1, \xc3\xa9]", JSON, "json.unexpected-character", "/1", 1, 5),
    /* ---- duplicate names ---- */
    CASE("duplicate at depth", "{\"a\": {\"b\": [{\"c\": 1, \"c\": 2}]}}", JSON, "json.duplicate-member", "/a/b/0/c",
         1, 23),
    CASE("duplicate after unescaping", "{\"ssr\": 1, \"\\u0073sr\": 2}", JSON, "json.duplicate-member", "/ssr", 1, 12),
    CASE("duplicate by surrogate pair", "{\"\xf0\x9f\x98\x80\": 1, \"\\ud83d\\ude00\": 2}", JSON,
         "json.duplicate-member", "/\xf0\x9f\x98\x80", 1, 10),
    CASE("duplicate native kind tag", "{\"ssr\": \"release/v1\", \"ssr\": \"trusted-publisher/v1\"}", AUTO,
         "json.duplicate-member", "/ssr", 1, 23),
    /* ---- JSON Pointer escapes ---- */
    CASE("name with a slash", "{\"a/b\": 1, \"a/b\": 2}", JSON, "json.duplicate-member", "/a~1b", 1, 12),
    CASE("name with a tilde", "{\"m~n\": 1, \"m~n\": 2}", JSON, "json.duplicate-member", "/m~0n", 1, 12),
    CASE("name with both", "{\"x\": {\"~/\": [0, {\"/~\": 1, \"/~\": 2}]}}", JSON, "json.duplicate-member",
         "/x/~0~1/1/~1~0", 1, 28),
    CASE("empty name", "{\"\": 1, \"\": 2}", JSON, "json.duplicate-member", "/", 1, 9),
    /* ---- base64 ---- */
    CASE("base64 without padding", ENVELOPE("aGk"), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with extra padding", ENVELOPE("aGk=="), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with a space", ENVELOPE("aG k="), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with an escaped newline", ENVELOPE("aGk=\\n"), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with non-zero pad bits", ENVELOPE("aGl="), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with non-zero pad bits (one byte)", ENVELOPE("YR=="), DSSE, "dsse-envelope.payload.format",
         "/payload", 1, PAYLOAD_COLUMN),
    /* libsodium 1.0.18 would take each byte of 0x80 and above as '/' */
    CASE("base64 with bytes above ASCII", ENVELOPE("aG\xc3\xa9"), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 padding only", ENVELOPE("===="), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 padding in the middle", ENVELOPE("aGk=aGk="), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 mixing alphabets", ENVELOPE("-/+_"), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    CASE("base64 with a non-alphabet byte", ENVELOPE("aGk*"), DSSE, "dsse-envelope.payload.format", "/payload", 1,
         PAYLOAD_COLUMN),
    /* ---- native documents ---- */
    CASE("unknown kind tag", "{\"ssr\": \"frobnicate/v1\"}", AUTO, "kind.unknown", "/ssr", 1, 9),
    CASE("unknown version of a kind", "{\"ssr\": \"release/v9\"}", AUTO, "release.ssr.const", "/ssr", 1, 9),
    CASE("kind tag of the wrong type", "{\"ssr\": [\"release/v1\"]}", SSR_KIND_RELEASE, "release.ssr.type", "/ssr", 1,
         9),
    CASE("a release that is an array", "[]", SSR_KIND_RELEASE, "release.document.type", "", 1, 1),
};

/* Checks one input; says what differs and returns false on a mismatch. */
static bool matches(const char *name, const char *data, size_t len, int kind, const ssr_options *opts,
                    const char *code, const char *pointer, size_t line, size_t column)
{
    ssr_report *report = NULL;
    int status = ssr_validate(data, len, kind, opts, &report);
    if (status != SSR_OK) {
        print_error("%s: ssr_validate returned %s\n", name, ssr_strerror(status));
        return false;
    }
    bool ok = true;
    size_t i = 0;
    while (i < ssr_report_count(report) && ssr_diag_severity(report, i) != SSR_SEVERITY_ERROR)
        i++;
    if (ssr_report_valid(report) || i == ssr_report_count(report)) {
        print_error("%s: accepted\n", name);
        ok = false;
    } else if (strcmp(ssr_diag_code(report, i), code) != 0 || strcmp(ssr_diag_pointer(report, i), pointer) != 0 ||
               ssr_diag_line(report, i) != line || ssr_diag_column(report, i) != column) {
        print_error("%s: expected %s at '%s' %zu:%zu, got %s at '%s' %zu:%zu (%s)\n", name, code, pointer, line,
                    column, ssr_diag_code(report, i), ssr_diag_pointer(report, i), ssr_diag_line(report, i),
                    ssr_diag_column(report, i), ssr_diag_message(report, i));
        ok = false;
    } else if (strncmp(code, "json.", 5) == 0 && ssr_report_count(report) != 1) {
        /* A JSON-level refusal is the only diagnostic: nothing is read past it. */
        print_error("%s: %zu diagnostics after a refusal\n", name, ssr_report_count(report));
        ok = false;
    }
    ssr_report_free(report);
    return ok;
}

static void check(const char *name, const char *data, size_t len, int kind, const ssr_options *opts,
                  const char *code, const char *pointer, size_t line, size_t column)
{
    if (!matches(name, data, len, kind, opts, code, pointer, line, column))
        fail();
}

static size_t cases_run;

static void test_catalogue(void **state)
{
    (void)state;
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++) {
        const hostile *h = &catalogue[i];
        wrong += !matches(h->name, h->data, h->len, h->kind, NULL, h->code, h->pointer, h->line, h->column);
        cases_run++;
    }
    if (wrong > 0)
        fail_msg("%zu of the catalogued inputs got another diagnostic", wrong);
}

/* ---- built at run time ---------------------------------------------------- */

static char *repeat(const char *open, size_t n_open, const char *middle, const char *close, size_t n_close,
                    size_t *len)
{
    size_t a = strlen(open), m = strlen(middle), c = strlen(close);
    *len = a * n_open + m + c * n_close;
    char *s = malloc(*len + 1);
    assert_non_null(s);
    char *p = s;
    for (size_t i = 0; i < n_open; i++, p += a)
        memcpy(p, open, a);
    memcpy(p, middle, m);
    p += m;
    for (size_t i = 0; i < n_close; i++, p += c)
        memcpy(p, close, c);
    *p = '\0';
    return s;
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t len;
    char *s = repeat("[", 128, "", "]", 128, &len);
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(s, len, JSON, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r)); /* the default limit itself is fine */
    ssr_report_free(r);
    free(s);

    s = repeat("[", 129, "", "]", 129, &len);
    char pointer[129 * 2 + 1];
    for (size_t i = 0; i < 128; i++)
        memcpy(pointer + 2 * i, "/0", 3);
    check("129 arrays deep", s, len, JSON, NULL, "json.limit.depth", pointer, 1, 129);
    free(s);
    cases_run++;

    /* A million levels: refused at the limit, in constant stack. */
    s = repeat("{\"a\":", 1000000, "1", "}", 1000000, &len);
    ssr_report *report = NULL;
    assert_int_equal(ssr_validate(s, len, AUTO, NULL, &report), SSR_OK);
    assert_string_equal(ssr_diag_code(report, 0), "json.limit.depth");
    assert_int_equal(ssr_diag_offset(report, 0), 128 * 5);
    ssr_report_free(report);
    free(s);
    cases_run++;

    /* Unclosed: a hundred thousand open brackets and then nothing. */
    s = repeat("[", 100000, "", "", 0, &len);
    report = NULL;
    assert_int_equal(ssr_validate(s, len, JSON, NULL, &report), SSR_OK);
    assert_string_equal(ssr_diag_code(report, 0), "json.limit.depth");
    ssr_report_free(report);
    free(s);
    cases_run++;
}

static void test_huge_values(void **state)
{
    (void)state;
    ssr_options *opts = ssr_options_new();
    assert_non_null(opts);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_STRING, 1000), SSR_OK);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_ARRAY, 1000), SSR_OK);
    assert_int_equal(ssr_options_set_limit(opts, SSR_LIMIT_MEMBERS, 1000), SSR_OK);

    /* A string one byte over the limit, and one exactly at it. */
    size_t len;
    char *s;
    char *big = malloc(2000);
    assert_non_null(big);
    big[0] = '[';
    big[1] = '"';
    memset(big + 2, 'x', 1001);
    memcpy(big + 1003, "\"]", 2);
    check("string over the limit", big, 1005, JSON, opts, "json.limit.string", "/0", 1, 2);
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(big + 1, 1000 + 2, JSON, opts, &r), SSR_OK);
    ssr_report_free(r);
    memcpy(big + 1002, "\"]", 2);
    assert_int_equal(ssr_validate(big, 1004, JSON, opts, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
    free(big);
    cases_run++;

    /* A name over the limit: escapes count as what they decode to. */
    s = repeat("{\"", 1, "", "\\u00e9", 501, &len);
    char *doc = malloc(len + 8);
    assert_non_null(doc);
    memcpy(doc, s, len);
    memcpy(doc + len, "\": 1}", 5);
    check("name over the limit after unescaping", doc, len + 5, JSON, opts, "json.limit.string", "", 1, 2);
    free(doc);
    free(s);
    cases_run++;

    /*
     * Escapes count as the bytes they decode to, not as the bytes that spell
     * them: under a limit of 4, "\n\n\n" (3 bytes, 6 to write) and a
     * surrogate pair (4 bytes, 12 to write) pass; five escapes do not.
     */
    ssr_options *small = ssr_options_new();
    assert_non_null(small);
    assert_int_equal(ssr_options_set_limit(small, SSR_LIMIT_STRING, 4), SSR_OK);
    static const struct {
        const char *doc;
        bool valid;
    } decoded[] = {
        {"[\"\\n\\n\\n\"]", true},
        {"[\"\\n\\n\\n\\n\"]", true},
        {"[\"\\ud83d\\ude00\"]", true},
        {"[\"\\u00e9\\u00e9\"]", true},
        {"[\"\\u00e9\\u00e9x\"]", false},
        {"[\"\\n\\n\\n\\n\\n\"]", false},
        {"[\"\\ud83d\\ude00x\"]", false},
        {"{\"\\t\\t\\t\\t\": 1}", true},
        {"{\"\\t\\t\\t\\t\\t\": 1}", false},
    };
    for (size_t i = 0; i < sizeof decoded / sizeof decoded[0]; i++) {
        if (decoded[i].valid) {
            ssr_report *ok = NULL;
            assert_int_equal(ssr_validate(decoded[i].doc, strlen(decoded[i].doc), JSON, small, &ok), SSR_OK);
            if (!ssr_report_valid(ok))
                fail_msg("%s: %s", decoded[i].doc, ssr_diag_message(ok, 0));
            ssr_report_free(ok);
        } else {
            check(decoded[i].doc, decoded[i].doc, strlen(decoded[i].doc), JSON, small, "json.limit.string",
                  decoded[i].doc[0] == '[' ? "/0" : "", 1, 2);
        }
        cases_run++;
    }
    /* and at the default limit, 9 MiB of "\n" escapes (18 MiB written) is a 9 MiB string */
    s = repeat("[\"", 1, "", "\\n", 9 << 20, &len);
    doc = malloc(len + 3);
    assert_non_null(doc);
    memcpy(doc, s, len);
    memcpy(doc + len, "\"]", 2);
    r = NULL;
    assert_int_equal(ssr_validate(doc, len + 2, JSON, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
    free(doc);
    free(s);
    ssr_options_free(small);
    cases_run++;

    s = repeat("[", 1, "0", ",0", 1000, &len);
    doc = malloc(len + 2);
    assert_non_null(doc);
    memcpy(doc, s, len);
    doc[len] = ']';
    check("array over the limit", doc, len + 1, JSON, opts, "json.limit.array", "/1000", 1, 2002);
    free(doc);
    free(s);
    cases_run++;

    char *members = malloc(1001 * 16 + 2);
    assert_non_null(members);
    size_t n = 0, last = 0;
    members[n++] = '{';
    for (int i = 0; i < 1001; i++) {
        n += (size_t)sprintf(members + n, "%s", i ? "," : "");
        last = n;
        n += (size_t)sprintf(members + n, "\"m%d\":0", i);
    }
    members[n++] = '}';
    /* At the name of the member one too many. */
    check("object over the limit", members, n, JSON, opts, "json.limit.members", "", 1, last + 1);
    free(members);
    cases_run++;
    ssr_options_free(opts);
}

static void test_size_limit(void **state)
{
    (void)state;
    /* 64 MiB + 1 byte: refused before a byte of it is parsed. */
    size_t len = 64 * (size_t)MiB + 1;
    char *s = malloc(len);
    assert_non_null(s);
    memset(s, ' ', len);
    s[0] = '[';
    s[len - 1] = ']';
    check("64 MiB + 1", s, len, JSON, NULL, "json.limit.size", "", 1, 1);
    /* And at exactly 64 MiB it is read (and valid). */
    ssr_report *r = NULL;
    s[len - 2] = ']';
    assert_int_equal(ssr_validate(s, len - 1, JSON, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
    free(s);
    cases_run++;
}

/* Where does a document cut after `n` bytes first fail, and how? */
static const char *truncation_code(const char *doc, size_t n, size_t *offset)
{
    if (n == 0) {
        *offset = 0;
        return "json.empty";
    }
    bool in_string = false;
    size_t seq_start = 0, seq_len = 0;
    size_t high_at = 0, high_end = SIZE_MAX; /* the last escaped high surrogate */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)doc[i];
        if (seq_len > 0) {
            seq_len--;
            continue;
        }
        if (in_string && c == '\\') {
            size_t escape = i + 1 < n && doc[i + 1] == 'u' ? 6 : 2;
            if (i == high_end && i + 6 > n) {
                *offset = high_at; /* a high surrogate whose low half is cut */
                return "json.string.lone-surrogate";
            }
            if (i + 1 == n) {
                *offset = n; /* the escape's letter is missing */
                return "json.unexpected-end";
            }
            if (i + escape > n) {
                *offset = i;
                return "json.string.invalid-escape";
            }
            if (escape == 6 && (doc[i + 2] == 'd' || doc[i + 2] == 'D') && strchr("89abAB", doc[i + 3]) != NULL) {
                high_at = i;
                high_end = i + 6;
            }
            i += escape - 1;
            continue;
        }
        if (c == '"')
            in_string = !in_string;
        if (c >= 0xc0) {
            seq_start = i;
            seq_len = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
        }
    }
    if (in_string && high_end == n) {
        *offset = high_at; /* a high surrogate whose low half is cut */
        return "json.string.lone-surrogate";
    }
    if (seq_len > 0) {
        *offset = seq_start;
        return "json.utf8.truncated";
    }
    /* A number that needs more digits: "-", "1.", "1e", "1e+". */
    char last = doc[n - 1];
    if (!in_string && strchr("-.eE+", last) != NULL) {
        size_t start = n - 1;
        while (start > 0 && strchr("0123456789+-.eE", doc[start - 1]) != NULL)
            start--;
        if (doc[start] == '-' || (doc[start] >= '0' && doc[start] <= '9')) {
            *offset = n; /* where the digit is missing */
            return "json.number.syntax";
        }
    }
    *offset = n;
    return "json.unexpected-end";
}

static void truncate_everywhere(const char *doc, size_t len, int kind)
{
    size_t end = len; /* cutting trailing white space leaves the document whole */
    while (end > 0 && strchr(" \t\r\n", doc[end - 1]) != NULL)
        end--;
    for (size_t n = 0; n < end; n++) {
        size_t offset;
        const char *code = truncation_code(doc, n, &offset);
        /* Cut into a copy of its own size, so that ASan sees any read past the end. */
        char *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, doc, n);
        ssr_report *r = NULL;
        assert_int_equal(ssr_validate(cut, n, kind, NULL, &r), SSR_OK);
        if (ssr_report_count(r) != 1 || strcmp(ssr_diag_code(r, 0), code) != 0 || ssr_diag_offset(r, 0) != offset)
            fail_msg("cut after %zu bytes: expected %s at %zu, got %s at %zu", n, code, offset,
                     ssr_diag_code(r, 0), ssr_diag_offset(r, 0));
        ssr_report_free(r);
        free(cut);
        cases_run++;
    }
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(doc, len, kind, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
}

static void test_truncation_at_every_byte(void **state)
{
    (void)state;
    size_t len;
    char path[4096];
    snprintf(path, sizeof path, "%s/release-pypi-sampleproject.json", getenv("SSR_EXAMPLES"));
    char *release = read_file(path, &len);
    truncate_everywhere(release, len, SSR_KIND_RELEASE);
    free(release);

    static const char mixed[] = "{\"a\": [true, false, null, -1.5e3, 0.25E-2, \"h\xc3\xa9\\u00e9\xe2\x82\xac"
                                "\xf0\x9f\x98\x80\\ud83d\\ude00\\\"\"], \"b\": {}}";
    truncate_everywhere(mixed, sizeof mixed - 1, JSON);
}

static void test_mixed_alphabets_across_pieces(void **state)
{
    (void)state;
    /* Far apart, so that a decoder working piece by piece sees each alone. */
    char env[4096];
    char payload[2001];
    memset(payload, 'A', 2000);
    payload[0] = '+';
    payload[1996] = '-';
    payload[2000] = '\0';
    int n = snprintf(env, sizeof env, ENVELOPE("%s"), payload);
    check("base64 mixing alphabets far apart", env, (size_t)n, DSSE, NULL, "dsse-envelope.payload.format", "/payload",
          1, PAYLOAD_COLUMN);
    /* Found by fuzzing: padding that ends the first 512-character piece, with more after it. */
    memset(payload, 'A', 2000);
    payload[511] = '=';
    payload[516] = '\0';
    n = snprintf(env, sizeof env, ENVELOPE("%s"), payload);
    check("base64 padding at a piece boundary", env, (size_t)n, DSSE, NULL, "dsse-envelope.payload.format",
          "/payload", 1, PAYLOAD_COLUMN);
    payload[516] = 'A';
    payload[511] = 'A';
    payload[1996] = '+';
    payload[0] = '+';
    n = snprintf(env, sizeof env, ENVELOPE("%s"), payload);
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(env, (size_t)n, DSSE, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
    cases_run++;
}

/* Found by fuzzing: messages quote input clipped to 80 bytes, which once cut a character in two. */
static void test_messages_stay_utf8(void **state)
{
    (void)state;
    char doc[512];
    /* 26 x "é" (2 bytes) + "ab" + 30 x "€" (3 bytes): byte 80 falls inside a "€". */
    char name[256] = "";
    for (int i = 0; i < 26; i++)
        strcat(name, "\xc3\xa9");
    strcat(name, "ab");
    for (int i = 0; i < 30; i++)
        strcat(name, "\xe2\x82\xac");
    int n = snprintf(doc, sizeof doc, "{\"ssr\": \"release/v1\", \"%s\": 1}", name);
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(doc, (size_t)n, SSR_KIND_RELEASE, NULL, &r), SSR_OK);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(ssr_report_to_json(r, &json, &len), SSR_OK);
    assert_accepted_len(json, len, __FILE__, __LINE__); /* the report is strict JSON, so valid UTF-8 */
    bool found = false;
    for (size_t i = 0; i < ssr_report_count(r); i++)
        if (strcmp(ssr_diag_code(r, i), "release.unknown-member") == 0) {
            found = true;
            /* The cut character became U+FFFD; the whole ones before it stayed. */
            assert_non_null(strstr(ssr_diag_message(r, i), "ab\xe2\x82\xac"));
            assert_non_null(strstr(ssr_diag_message(r, i), "\xef\xbf\xbd"));
        }
    assert_true(found);
    ssr_free(json);
    ssr_report_free(r);
    cases_run++;
}

/* ---- verification ------------------------------------------------------------ */

/* A real bundle cut at every byte: every cut is refused as the JSON it is not, never verified, never a crash. */
static void test_verification_truncated(void **state)
{
    (void)state;
    const char *corpus = corpus_root();
    if (corpus == NULL)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json", corpus);
    size_t len;
    char *bundle = read_file(path, &len);
    static const char identity[] = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
                                   ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static const char issuer[] = "https://token.actions.githubusercontent.com";
    ssr_trust_root *root = NULL;
    ssr_verify_policy *policy = NULL;
    ssr_artifact *artifact = ssr_artifact_new();
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &root), SSR_OK);
    assert_int_equal(ssr_verify_policy_identity(identity, sizeof identity - 1, issuer, sizeof issuer - 1, &policy),
                     SSR_OK);
    assert_int_equal(ssr_artifact_add_digest(artifact, "sha256", 6,
                                             "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf", 64),
                     SSR_OK);
    size_t whole = len; /* the document ends at its last brace; white space may follow */
    while (whole > 0 && bundle[whole - 1] != '}')
        whole--;
    for (size_t cut = 0; cut <= len; cut++) {
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_verify_bundle(root, policy, bundle, cut, artifact, options_at(1767225600), &result, &report);
        if (cut >= whole) {
            assert_int_equal(status, SSR_OK);
        } else {
            /* the cut is where the text ends, so never valid JSON: one json.* error and no result */
            if (status != SSR_EINVALID || result != NULL || strncmp(ssr_diag_code(report, 0), "json.", 5) != 0)
                fail_msg("cut at %zu: status %d, %s", cut, status, report ? ssr_diag_code(report, 0) : "-");
        }
        ssr_verify_result_free(result);
        ssr_report_free(report);
        cases_run++;
    }
    ssr_verify_policy_free(policy);
    ssr_artifact_free(artifact);
    ssr_trust_root_free(root);
    free(bundle);
}

/* A trusted root whose shape holds but whose certificate is no certificate is refused whole. */
static void test_trust_root_certificate(void **state)
{
    (void)state;
    static const char root[] =
        "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[],"
        "\"certificateAuthorities\":[{\"subject\":{},\"uri\":\"https://fulcio.example\",\"certChain\":"
        "{\"certificates\":[{\"rawBytes\":\"MIIBAA==\"}]},\"validFor\":{\"start\":\"2021-01-01T00:00:00Z\"}}],"
        "\"ctlogs\":[],\"timestampAuthorities\":[]}";
    ssr_trust_root *t = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_trust_root_parse(root, sizeof root - 1, &t, &report), SSR_EINVALID);
    assert_null(t);
    size_t i = 0;
    while (i < ssr_report_count(report) && ssr_diag_severity(report, i) != SSR_SEVERITY_ERROR)
        i++;
    assert_string_equal(ssr_diag_code(report, i), "sigstore-trusted-root.certificate.der");
    assert_string_equal(ssr_diag_pointer(report, i), "");
    assert_int_equal(ssr_diag_line(report, i), 1);
    assert_int_equal(ssr_diag_column(report, i), 1);
    ssr_report_free(report);
    cases_run++;
}

/* The attacks on OIDC ID tokens, one token each from the jose corpus: code, pointer and where in the token. */
static void test_token_attacks(void **state)
{
    (void)state;
    const char *corpus = corpus_root();
    if (corpus == NULL)
        skip();
    static const struct {
        const char *file, *code, *pointer;
        int segment; /* the segment the column is at: 0 header, 1 payload, 2 signature; -1 the token's end */
    } attacks[] = {
        {"alg-none.jwt", "jwt.alg.none", "/alg", 0},
        {"alg-None-case.jwt", "jwt.alg.none", "/alg", 0},
        {"alg-hs256-rsa-pubkey-pem.jwt", "jwt.alg.confusion", "/alg", 0},
        {"alg-rs256-on-ec-key.jwt", "jwt.alg.key-mismatch", "/alg", 0},
        {"header-jku-injection.jwt", "jwt.signature", "", 2},       /* the attacker's key is never fetched */
        {"header-jwk-injection.jwt", "jwt.signature", "", 2},       /* nor the one it embeds */
        {"header-jwk-injection-no-kid.jwt", "jwt.kid.missing", "/kid", 0},
        {"crit-unknown.jwt", "jwt.crit", "/crit", 0},
        {"dup-header-alg.jwt", "jwt.duplicate-member", "", 0},
        {"dup-claim-aud.jwt", "jwt.duplicate-member", "", 1},
        {"payload-bom.jwt", "jwt.malformed", "", 1},
        {"b64-padding-signature.jwt", "jwt.base64url", "", 2},
        {"b64-trailing-bits-signature.jwt", "jwt.base64url", "", 2},
        {"b64-whitespace.jwt", "jwt.base64url", "", 2},
        {"es256-der-signature.jwt", "jwt.signature.encoding", "", 2},
        {"two-segments.jwt", "jwt.malformed", "", -1},
        {"huge-payload-claim.jwt", "jwt.size", "", 0},
    };
    char path[4096];
    snprintf(path, sizeof path, "%s/jose/generated/jwks.json", corpus);
    size_t len;
    char *keys = read_file(path, &len);
    ssr_jwks *jwks = NULL;
    assert_int_equal(ssr_jwks_parse(keys, len, &jwks, NULL), SSR_OK);
    free(keys);
    static const char policy[] =
        "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
        "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],\"github\":{"
        "\"owner\":\"octo-org\",\"owner_id\":\"123456\",\"repository\":\"octo-repo\",\"workflow\":\"release.yml\"},"
        "\"token\":{\"leeway_seconds\":0,\"require_jti\":true}}";
    ssr_tp_policy *compiled = NULL;
    assert_int_equal(ssr_tp_policy_parse(policy, sizeof policy - 1, &compiled, NULL), SSR_OK);
    for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
        snprintf(path, sizeof path, "%s/jose/generated/tokens/%s", corpus, attacks[i].file);
        char *token = read_file(path, &len);
        while (len > 0 && token[len - 1] == '\n')
            len--;
        ssr_tp_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_tp_verify_token(compiled, jwks, token, len, 1750000000, 0, &result, &report);
        size_t column = 1, dots = 0;
        if (attacks[i].segment < 0)
            column = len + 1;
        for (size_t k = 0; attacks[i].segment > 0 && k < len; k++)
            if (token[k] == '.' && ++dots == (size_t)attacks[i].segment)
                column = k + 2;
        if (status != SSR_EVERIFY || result != NULL || ssr_report_count(report) != 1 ||
            strcmp(ssr_diag_code(report, 0), attacks[i].code) != 0 ||
            strcmp(ssr_diag_pointer(report, 0), attacks[i].pointer) != 0 || ssr_diag_line(report, 0) != 1 ||
            ssr_diag_column(report, 0) != column)
            fail_msg("%s: expected %s at %s 1:%zu, found status %d, %s at %s %zu:%zu", attacks[i].file,
                     attacks[i].code, attacks[i].pointer, column, status, report ? ssr_diag_code(report, 0) : "-",
                     report ? ssr_diag_pointer(report, 0) : "-", report ? ssr_diag_line(report, 0) : 0,
                     report ? ssr_diag_column(report, 0) : 0);
        ssr_report_free(report);
        free(token);
        cases_run++;
    }
    ssr_tp_policy_free(compiled);
    ssr_jwks_free(jwks);
}

static void test_count(void **state)
{
    (void)state;
    size_t listed = sizeof catalogue / sizeof catalogue[0];
    assert_true(listed >= 60);
    printf("%zu catalogued inputs, %zu checks in all\n", listed, cases_run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_values),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_truncation_at_every_byte),
        cmocka_unit_test(test_mixed_alphabets_across_pieces),
        cmocka_unit_test(test_messages_stay_utf8),
        cmocka_unit_test(test_verification_truncated),
        cmocka_unit_test(test_trust_root_certificate),
        cmocka_unit_test(test_token_attacks),
        cmocka_unit_test(test_count),
    };
    return cmocka_run_group_tests_name("hostile input", tests, NULL, NULL);
}

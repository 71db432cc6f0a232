/*
 * Rendering: provenance panels (refusals with code, pointer and position;
 * what a panel shows and leaves out; escaping; languages) and the
 * comparison of repository profiles. The browser tests check the layout.
 */
#include <cjson/cJSON.h>

#include "support.h"

static char *examples;     /* examples/documents */
static char panels[4096];  /* examples/panels */

static char *example(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_file(path, len);
}

/* Renders a panel; returns the status, *out the fragment (free with ssr_free) or the report. */
static int panel(const char *result, const char *release, int level, const char *lang, char **out,
                 ssr_report **report)
{
    size_t len = 0;
    return ssr_render_panel(result, strlen(result), release, release ? strlen(release) : 0, level, SSR_PANEL_PLAIN,
                            lang, lang ? strlen(lang) : 0, NULL, out, &len, report);
}

static void assert_refusal(const char *result, const char *release, const char *code, const char *pointer,
                           size_t line, size_t column, int kind)
{
    char *out = NULL;
    ssr_report *report = NULL;
    assert_int_equal(panel(result, release, SSR_PANEL_A, NULL, &out, &report), SSR_EINVALID);
    assert_null(out);
    assert_non_null(report);
    assert_int_equal(ssr_report_kind(report), kind);
    assert_int_equal(ssr_report_count(report), 1);
    assert_string_equal(ssr_diag_code(report, 0), code);
    assert_string_equal(ssr_diag_pointer(report, 0), pointer);
    assert_int_equal(ssr_diag_line(report, 0), line);
    assert_int_equal(ssr_diag_column(report, 0), column);
    ssr_report_free(report);
}

static char *pep740_result, *pep740_release, *npm_result, *npm_release, *message_result;

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("SSR_EXAMPLES");
    assert_non_null(dir);
    examples = strdup(dir);
    snprintf(panels, sizeof panels, "%s/../panels", dir);
    size_t len;
    pep740_result = example(panels, "result-pep740-pypi-attestations-0.0.19.json", &len);
    pep740_release = example(panels, "release-pypi-attestations-0.0.19.json", &len);
    npm_result = example(panels, "result-npm-sigstore-0.4.0.json", &len);
    npm_release = example(panels, "release-npm-sigstore-0.4.0.json", &len);
    message_result = example(panels, "result-bundle-message-signature.json", &len);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(examples);
    free(pep740_result);
    free(pep740_release);
    free(npm_result);
    free(npm_release);
    free(message_result);
    return 0;
}

/* ---- panels: refusals ---------------------------------------------------------- */

static void test_panel_arguments(void **state)
{
    (void)state;
    char *out = (char *)1;
    size_t len = 1;
    assert_int_equal(ssr_render_panel(NULL, 0, NULL, 0, SSR_PANEL_A, 0, NULL, 0, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_null(out);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 0, 0, 0, NULL, 0, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 0, 4, 0, NULL, 0, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 0, SSR_PANEL_A, 3, NULL, 0, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 5, SSR_PANEL_A, 0, NULL, 0, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 0, SSR_PANEL_A, 0, NULL, 2, NULL, &out, &len, NULL), SSR_EINVAL);
    assert_int_equal(ssr_render_panel("{}", 2, NULL, 0, SSR_PANEL_A, 0, NULL, 0, NULL, NULL, &len, NULL), SSR_EINVAL);
}

static void test_panel_refusals(void **state)
{
    (void)state;
    assert_refusal("[]", NULL, "panel.result.type", "", 1, 1, SSR_KIND_JSON);
    assert_refusal("{\n  \"verified\": false, \"attestations\": []}", NULL, "panel.result.unverified", "/verified", 2,
                   15, SSR_KIND_JSON);
    assert_refusal("{\"attestations\": []}", NULL, "panel.result.unverified", "", 1, 1, SSR_KIND_JSON);
    assert_refusal("{\"verified\": true,\n \"attestations\": []}", NULL, "panel.result.attestations", "/attestations",
                   2, 18, SSR_KIND_JSON);
    assert_refusal("{\"verified\": true, \"attestations\": [1]}", NULL, "panel.result.type", "/attestations/0", 1, 37,
                   SSR_KIND_JSON);
    assert_refusal("{\"verified\": true, \"attestations\": [{\"statement\": {\"subject\": [{\"digest\": "
                   "{\"md5\": \"00\"}}]}}]}",
                   NULL, "panel.result.subject", "/attestations/0/statement/subject", 1, 63, SSR_KIND_JSON);
    /* two attestations of two artifacts */
    assert_refusal("{\"verified\": true, \"attestations\": ["
                   "{\"statement\": {\"subject\": [{\"digest\": {\"sha256\": \"aa\"}}]}},\n"
                   "{\"statement\": {\"subject\": [{\"digest\": {\"sha256\": \"bb\"}}]}}]}",
                   NULL, "panel.result.subject", "/attestations/1/statement/subject", 2, 27, SSR_KIND_JSON);
    /* a message signature's digest, weak */
    assert_refusal("{\"verified\": true, \"attestations\": [{\"digest\": {\"md5\": \"00\"}}]}", NULL,
                   "panel.result.subject", "/attestations/0/digest", 1, 48, SSR_KIND_JSON);
    /* the strict reader's refusals come through */
    assert_refusal("{\"verified\": true, \"verified\": true}", NULL, "json.duplicate-member", "/verified", 1, 20,
                   SSR_KIND_JSON);
    /* a release that does not hold the verified artifact */
    assert_refusal(pep740_result, npm_release, "panel.release.artifact", "/artifacts", 10, 16, SSR_KIND_RELEASE);
    /* an invalid release: its own validation report */
    char *out = NULL;
    ssr_report *report = NULL;
    assert_int_equal(panel(pep740_result, "{\"ssr\": \"release/v1\"}", SSR_PANEL_A, NULL, &out, &report), SSR_EINVALID);
    assert_int_equal(ssr_report_kind(report), SSR_KIND_RELEASE);
    assert_string_equal(ssr_diag_code(report, 0), "release.package.required");
    ssr_report_free(report);
}

/* ---- panels: what they show ------------------------------------------------------- */

static char *render(const char *result, const char *release, int level, const char *lang)
{
    char *out = NULL;
    ssr_report *report = NULL;
    assert_int_equal(panel(result, release, level, lang, &out, &report), SSR_OK);
    assert_null(report);
    assert_non_null(out);
    return out;
}

static void assert_contains(const char *s, const char *part)
{
    if (strstr(s, part) == NULL)
        fail_msg("expected to find %s", part);
}

static void assert_lacks(const char *s, const char *part)
{
    if (strstr(s, part) != NULL)
        fail_msg("expected no %s", part);
}

static void test_panel_levels(void **state)
{
    (void)state;
    char *a = render(pep740_result, pep740_release, SSR_PANEL_A, NULL);
    assert_contains(a, "<section class=\"ssr-panel ssr-level-a ssr-style-plain\" lang=\"en\" dir=\"ltr\" "
                       "aria-label=\"Provenance of pypi-attestations 0.0.19\">");
    /* four collapsed panels, in order */
    const char *order[] = {"<details class=\"ssr-box ssr-source\">", "<details class=\"ssr-box ssr-build\">",
                           "<details class=\"ssr-box ssr-integrity\">", "<details class=\"ssr-box ssr-attestation\">"};
    const char *at = a;
    for (size_t i = 0; i < 4; i++) {
        const char *next = strstr(at, order[i]);
        assert_non_null(next);
        at = next;
    }
    assert_lacks(a, "<details open");
    /* the verified facts and their links */
    assert_contains(a, "<a href=\"https://github.com/trailofbits/pypi-attestations/tree/"
                       "08802efe1f8e5fec4ad842d6b8ce97656092ee72\"");
    assert_contains(a, "<a href=\"https://github.com/trailofbits/pypi-attestations/blob/"
                       "08802efe1f8e5fec4ad842d6b8ce97656092ee72/.github/workflows/release.yml\"");
    /* a break opportunity after each '/': a narrow card breaks a URL between its parts */
    assert_contains(a, ">github.com/<wbr>trailofbits/<wbr>pypi-attestations/<wbr>actions/<wbr>runs/<wbr>12169989787/<wbr>"
                       "attempts/<wbr>1</a>");
    assert_contains(a, "9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3");
    assert_contains(a, "<bdi>PyPI</bdi> confirms that this file, with this checksum, was uploaded to <bdi>PyPI</bdi> "
                       "by <bdi>GitHub Actions</bdi>");
    assert_contains(a, "Signed by: <bdi>GitHub Actions</bdi> on workflow completion");
    assert_contains(a, "href=\"https://search.sigstore.dev/?logIndex=153454663\"");
    /* no script, no resource to fetch */
    assert_lacks(a, "<script");
    assert_lacks(a, "src=");
    assert_lacks(a, "url(");
    assert_lacks(a, "@import");
    ssr_free(a);

    char *aa = render(pep740_result, pep740_release, SSR_PANEL_AA, NULL);
    assert_contains(aa, "<h2>");
    assert_contains(aa, "pypi-attestations v0.0.19");
    assert_contains(aa, "Built and signed on <bdi>GitHub Actions</bdi>, checked by <bdi>PyPI</bdi> at upload");
    assert_contains(aa, "ssr-limitation");
    assert_lacks(aa, "<details");
    ssr_free(aa);

    char *aaa = render(pep740_result, pep740_release, SSR_PANEL_AAA, NULL);
    assert_contains(aaa, "<nav class=\"ssr-sidebar\" aria-label=\"Provenance\">");
    assert_contains(aaa, "<li><a href=\"#ssr-9bb1add0-source\">");
    assert_contains(aaa, "id=\"ssr-9bb1add0-source\"");
    assert_contains(aaa, "id=\"ssr-9bb1add0-attestation\"");
    assert_contains(aaa, "Build provenance (package origin)");
    ssr_free(aaa);
}

/*
 * A message-signature bundle (no statement): the certificate's extensions
 * give source and build, the digest the signature is over gives integrity;
 * with a release, the release names the file.
 */
static void test_panel_message_signature(void **state)
{
    (void)state;
    const char *digest = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";
    char *aa = render(message_result, NULL, SSR_PANEL_AA, NULL);
    assert_contains(aa, "aria-label=\"Provenance\">");
    assert_contains(aa, "<h2>");
    assert_contains(aa, ">github.com/<wbr>sigstore-conformance/<wbr>extremely-dangerous-public-oidc-beacon</a>");
    assert_contains(aa, ".github/<wbr>workflows/<wbr>extremely-dangerous-oidc-beacon.yml<wbr>@refs/<wbr>heads/<wbr>main</a>");
    assert_contains(aa, "This checksum is what the signature covers");
    assert_contains(aa, digest);
    assert_contains(aa, "href=\"https://search.sigstore.dev/?logIndex=79571823\"");
    assert_lacks(aa, "<bdi></bdi>");
    ssr_free(aa);
    char release[2048];
    snprintf(release, sizeof release,
             "{\"ssr\": \"release/v1\", \"package\": {\"ecosystem\": \"PyPI\", \"name\": \"beacon\"}, "
             "\"version\": \"1.0.0\", \"published\": \"2024-03-19T17:30:00Z\", \"artifacts\": [{\"filename\": "
             "\"a.txt\", \"size\": 20, \"digests\": {\"sha256\": \"%s\"}}], \"publisher\": {\"type\": "
             "\"unknown\"}, \"status\": {\"state\": \"active\"}}",
             digest);
    char *with = render(message_result, release, SSR_PANEL_A, NULL);
    assert_contains(with, "aria-label=\"Provenance of beacon 1.0.0\"");
    assert_contains(with, "a.txt");
    ssr_free(with);
}

/* npm: a keyless provenance and the registry's own publish attestation; what the old certificate lacks is absent. */
static void test_panel_npm(void **state)
{
    (void)state;
    char *a = render(npm_result, npm_release, SSR_PANEL_A, NULL);
    assert_contains(a, "aria-label=\"Provenance of sigstore 0.4.0\"");
    assert_contains(a, "<bdi>GitHub Actions</bdi> attests that it built this file");
    assert_contains(a, "<bdi>npm</bdi> confirms that this file, with this checksum, was published to <bdi>npm</bdi>");
    assert_contains(a, "Signed by: <bdi>npm</bdi> on publication");
    assert_contains(a, "<bdi>SHA-512</bdi> checksum");
    /* the 2023 certificate has no run-invocation URI: no build logs, nothing made up */
    assert_lacks(a, "Build logs");
    assert_lacks(a, "Runner");
    assert_contains(a, "href=\"https://github.com/sigstore/sigstore-js\"");
    ssr_free(a);
    /* without the release the subject names the package */
    char *bare = render(npm_result, NULL, SSR_PANEL_A, NULL);
    assert_contains(bare, "aria-label=\"Provenance of pkg:npm/sigstore@0.4.0\"");
    ssr_free(bare);
}

static void test_panel_languages(void **state)
{
    (void)state;
    static const struct {
        const char *asked, *lang, *dir, *heading;
    } cases[] = {
        {"de", "de", "ltr", "Build bestätigt"},     {"de-AT", "de", "ltr", "Quelle"},
        {"ja", "ja", "ltr", "ビルド確認済み"},       {"AR", "ar", "rtl", "تم تأكيد البناء"},
        {"ar_EG", "ar", "rtl", "المصدر"},           {"fr", "en", "ltr", "Build confirmed"},
        {"", "en", "ltr", "Source"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = render(pep740_result, pep740_release, SSR_PANEL_A, cases[i].asked);
        char want[96];
        snprintf(want, sizeof want, "lang=\"%s\" dir=\"%s\"", cases[i].lang, cases[i].dir);
        assert_contains(out, want);
        assert_contains(out, cases[i].heading);
        ssr_free(out);
    }
}

/* Every catalogue: only keys English has, each with English's placeholders. */
extern const unsigned char ssri_catalogue_en[], ssri_catalogue_de[], ssri_catalogue_ja[], ssri_catalogue_ar[];
extern const size_t ssri_catalogue_en_len, ssri_catalogue_de_len, ssri_catalogue_ja_len, ssri_catalogue_ar_len;

/* Does every {placeholder} of `a` occur in `b`? */
static bool placeholders_in(const char *a, const char *b)
{
    for (const char *p = strchr(a, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        assert_non_null(end);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(end - p + 1), p);
        if (strstr(b, name) == NULL)
            return false;
    }
    return true;
}

static void test_catalogues(void **state)
{
    (void)state;
    cJSON *en = cJSON_ParseWithLength((const char *)ssri_catalogue_en, ssri_catalogue_en_len);
    assert_non_null(en);
    const unsigned char *data[] = {ssri_catalogue_de, ssri_catalogue_ja, ssri_catalogue_ar};
    const size_t lens[] = {ssri_catalogue_de_len, ssri_catalogue_ja_len, ssri_catalogue_ar_len};
    for (size_t i = 0; i < 3; i++) {
        cJSON *cat = cJSON_ParseWithLength((const char *)data[i], lens[i]);
        assert_non_null(cat);
        for (const cJSON *m = cat->child; m != NULL; m = m->next) {
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(en, m->string);
            if (e == NULL)
                fail_msg("catalogue %zu: key %s is not English's", i, m->string);
            if (!placeholders_in(m->valuestring, e->valuestring) || !placeholders_in(e->valuestring, m->valuestring))
                fail_msg("catalogue %zu: %s: \"%s\" has other placeholders than English's \"%s\"", i, m->string,
                         m->valuestring, e->valuestring);
        }
        cJSON_Delete(cat);
    }
    cJSON_Delete(en);
}

/* A hostile result: markup is text, a non-https value is never a link, bidi overrides are gone. */
static void test_panel_escaping(void **state)
{
    (void)state;
    const char *result =
        "{\"verified\": true, \"attestations\": [{\"identity\": {\"san\": \"<script>x</script>\"},"
        " \"extensions\": {\"issuer\": \"https://token.actions.githubusercontent.com\","
        " \"source-repository-uri\": \"javascript:alert(1)\", \"github-workflow-repository\": \"a/b\\\"><b\","
        " \"run-invocation-uri\": \"https://evil.example/\\\"onmouseover=\\\"x\","
        " \"runner-environment\": \"gh\\u202eosted\", \"build-trigger\": \"a\\u0001b\"},"
        " \"statement\": {\"predicateType\": \"<i>t</i>\", \"subject\": [{\"name\": \"f'<>\","
        " \"digest\": {\"sha256\": \"<img src=x>\"}}]}}]}";
    char *out = render(result, NULL, SSR_PANEL_AAA, NULL);
    assert_lacks(out, "<script");
    assert_lacks(out, "<img");
    assert_lacks(out, "<i>");
    assert_lacks(out, "<b>");
    assert_lacks(out, "javascript:");
    assert_lacks(out, "\xE2\x80\xAE"); /* U+202E */
    assert_lacks(out, "\x01");
    assert_contains(out, "href=\"https://evil.example/&quot;onmouseover=&quot;x\"");
    assert_contains(out, "gh\xEF\xBF\xBDosted");
    assert_contains(out, "&lt;img src=x&gt;");
    assert_contains(out, "id=\"ssr--integrity\""); /* no anchor made of the hostile digest */
    ssr_free(out);
}

/* A URL that names no host is never a link: "https://:443/x", "https:///x", "https://?x". */
static void test_panel_hostless_links(void **state)
{
    (void)state;
    const char *urls[] = {"https://:443/o/r", "https:///o/r", "https://?o", "https://#o", "https://u@evil.example/"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        char result[600];
        snprintf(result, sizeof result,
                 "{\"verified\": true, \"attestations\": [{\"identity\": {\"san\": \"a@b.c\"},"
                 " \"extensions\": {\"issuer\": \"https://token.actions.githubusercontent.com\","
                 " \"source-repository-uri\": \"%s\"}, \"statement\": {\"predicateType\": \"t\","
                 " \"subject\": [{\"name\": \"f\", \"digest\": {\"sha256\": \"00\"}}]}}]}",
                 urls[i]);
        char *out = render(result, NULL, SSR_PANEL_AAA, NULL);
        char href[80];
        snprintf(href, sizeof href, "href=\"%s", urls[i]);
        assert_lacks(out, href);
        ssr_free(out);
    }
}

/* ---- comparison ------------------------------------------------------------------- */

static char *profiles[3];
static size_t profile_lens[3];

static void load_profiles(void)
{
    const char *names[] = {"repository-profile-crates-io.json", "repository-profile-npm.json",
                           "repository-profile-pypi.json"};
    for (size_t i = 0; i < 3; i++)
        if (profiles[i] == NULL)
            profiles[i] = example(examples, names[i], &profile_lens[i]);
}

static char *compare(int format)
{
    load_profiles();
    char *out = NULL;
    size_t len = 0, failed = 99;
    assert_int_equal(ssr_render_profiles((const void *const *)profiles, profile_lens, 3, format, NULL, &out, &len,
                                         &failed, NULL),
                     SSR_OK);
    assert_int_equal(failed, 99);
    assert_int_equal(strlen(out), len);
    return out;
}

static void test_compare_formats(void **state)
{
    (void)state;
    char *text = compare(SSR_COMPARE_TEXT);
    assert_contains(text, "crates.io  npm      PyPI\n");
    assert_contains(text, "  auth.email-verification                        yes        yes      yes\n");
    ssr_free(text);

    /* the levels row agrees with ssr_profile_levels() */
    char *md = compare(SSR_COMPARE_MARKDOWN);
    assert_contains(md, "| capability | level | crates.io | npm | PyPI |\n|---|---|---|---|---|\n");
    char row[128] = "| **level: overall** | |";
    for (size_t i = 0; i < 3; i++) {
        ssr_levels *levels = NULL;
        assert_int_equal(ssr_profile_levels(profiles[i], profile_lens[i], NULL, &levels, NULL), SSR_OK);
        snprintf(row + strlen(row), sizeof row - strlen(row), " %d |", ssr_levels_overall(levels));
        ssr_levels_free(levels);
    }
    assert_contains(md, row);
    ssr_free(md);

    char *html = compare(SSR_COMPARE_HTML);
    assert_contains(html, "<!DOCTYPE html>\n<html lang=\"en\">");
    assert_contains(html, "<th scope=\"col\">crates.io</th><th scope=\"col\">npm</th><th scope=\"col\">PyPI</th>");
    assert_contains(html, "<td class=\"s-yes\" title=\"https://pypi.org/help/#verified-email\"><a href=\"https://pypi.org/help/#verified-email\"");
    assert_lacks(html, "<script");
    ssr_free(html);

    char *svg = compare(SSR_COMPARE_SVG);
    assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
    assert_contains(svg, "role=\"img\"");
    assert_contains(svg, "<title id=\"ssr-chart-title\">");
    ssr_free(svg);
}

static void test_compare_refusals(void **state)
{
    (void)state;
    load_profiles();
    char *out = (char *)1;
    size_t len, failed = 99;
    ssr_report *report = NULL;
    assert_int_equal(ssr_render_profiles((const void *const *)profiles, profile_lens, 0, 0, NULL, &out, &len, NULL,
                                         NULL),
                     SSR_EINVAL);
    assert_null(out);
    assert_int_equal(ssr_render_profiles((const void *const *)profiles, profile_lens, 65, 0, NULL, &out, &len, NULL,
                                         NULL),
                     SSR_EINVAL);
    assert_int_equal(ssr_render_profiles((const void *const *)profiles, profile_lens, 3, 4, NULL, &out, &len, NULL,
                                         NULL),
                     SSR_EINVAL);
    const void *docs[] = {profiles[0], "{\"ssr\": \"repository-profile/v1\"}"};
    size_t lens[] = {profile_lens[0], strlen(docs[1])};
    assert_int_equal(ssr_render_profiles(docs, lens, 2, SSR_COMPARE_TEXT, NULL, &out, &len, &failed, &report),
                     SSR_EINVALID);
    assert_null(out);
    assert_int_equal(failed, 1);
    assert_string_equal(ssr_diag_code(report, 0), "repository-profile.repository.required");
    assert_string_equal(ssr_diag_pointer(report, 0), "");
    ssr_report_free(report);
}

/* A registry's name is escaped in every format. */
static void test_compare_escaping(void **state)
{
    (void)state;
    load_profiles();
    cJSON *doc = cJSON_ParseWithLength(profiles[2], profile_lens[2]);
    cJSON *repository = cJSON_GetObjectItemCaseSensitive(doc, "repository");
    cJSON_ReplaceItemInObjectCaseSensitive(repository, "name", cJSON_CreateString("<b>|*x*</b>&"));
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    const void *docs[] = {text};
    size_t lens[] = {strlen(text)};
    for (int format = SSR_COMPARE_MARKDOWN; format <= SSR_COMPARE_SVG; format++) {
        char *out = NULL;
        size_t len;
        assert_int_equal(ssr_render_profiles(docs, lens, 1, format, NULL, &out, &len, NULL, NULL), SSR_OK);
        assert_lacks(out, "<b>");
        assert_contains(out, format == SSR_COMPARE_MARKDOWN ? "&lt;b&gt;\\|\\*x\\*&lt;/b&gt;&amp;"
                                                            : "&lt;b&gt;|*x*&lt;/b&gt;&amp;");
        ssr_free(out);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panel_arguments),  cmocka_unit_test(test_panel_refusals),
        cmocka_unit_test(test_panel_levels),     cmocka_unit_test(test_panel_npm),
        cmocka_unit_test(test_panel_message_signature),
        cmocka_unit_test(test_panel_languages),  cmocka_unit_test(test_catalogues),
        cmocka_unit_test(test_panel_escaping),
        cmocka_unit_test(test_panel_hostless_links),   cmocka_unit_test(test_compare_formats),
        cmocka_unit_test(test_compare_refusals), cmocka_unit_test(test_compare_escaping),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    for (size_t i = 0; i < 3; i++)
        free(profiles[i]);
    return failed;
}

/*
 * The shared corpora's EXPECTED verdicts: OSV (Ajv's verdict for every
 * file) and the attestation files (kind and structural verdict), each
 * validated with its kind given and with the kind detected. Every file
 * that disagrees is named.
 */
#include "support.h"

static const char *corpus;

/* Validates a file (a .jsonl file line by line): valid when every document is; the kinds seen. */
static bool validate_file(const char *path, int kind, int *kind_seen, bool *mixed)
{
    size_t len;
    char *data = read_file(path, &len);
    bool jsonl = strlen(path) > 6 && strcmp(path + strlen(path) - 6, ".jsonl") == 0;
    bool valid = true;
    *kind_seen = -1;
    *mixed = false;
    for (size_t start = 0; start < len || (start == 0 && len == 0);) {
        const char *nl = jsonl ? memchr(data + start, '\n', len - start) : NULL;
        size_t end = nl ? (size_t)(nl - data) : len;
        if (!jsonl || end > start) {
            ssr_report *r = NULL;
            assert_int_equal(ssr_validate(data + start, end - start, kind, NULL, &r), SSR_OK);
            valid = valid && ssr_report_valid(r);
            if (*kind_seen >= 0 && *kind_seen != ssr_report_kind(r))
                *mixed = true;
            *kind_seen = ssr_report_kind(r);
            ssr_report_free(r);
        }
        start = end + 1;
        if (!jsonl)
            break;
    }
    free(data);
    return valid;
}

/* Runs an EXPECTED.tsv: columns verdict, [kind,] file. Returns the number of disagreements. */
static size_t run_expected(const char *folder, bool has_kind_column, const char *fixed_kind, size_t *files)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s/EXPECTED.tsv", corpus, folder);
    size_t len;
    char *tsv = read_file(path, &len);
    size_t failures = 0;
    *files = 0;
    char *save = NULL;
    strtok_r(tsv, "\n", &save); /* the header */
    for (char *line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *fields[4] = {0};
        size_t n = 0;
        for (char *f = line; f != NULL && n < 4; n++) {
            fields[n] = f;
            f = strchr(f, '\t');
            if (f != NULL)
                *f++ = '\0';
        }
        const char *verdict = fields[0];
        const char *kind_name = has_kind_column ? fields[1] : fixed_kind;
        const char *file = has_kind_column ? fields[2] : fields[1];
        int kind = ssr_kind_from_name(kind_name, strlen(kind_name));
        assert_true(kind > 0);
        snprintf(path, sizeof path, "%s/%s/%s", corpus, folder, file);
        for (int mode = 0; mode < 2; mode++) {
            int seen;
            bool mixed;
            bool valid = validate_file(path, mode == 0 ? kind : SSR_KIND_AUTO, &seen, &mixed);
            if (valid != (strcmp(verdict, "valid") == 0) || seen != kind || mixed) {
                printf("FAIL %s (%s): expected %s %s, got %s %s\n", file, mode == 0 ? "--kind" : "detected",
                       verdict, kind_name, valid ? "valid" : "invalid", ssr_kind_name(seen));
                failures++;
            }
        }
        (*files)++;
    }
    free(tsv);
    return failures;
}

static void osv_verdicts_equal_ajv(void **state)
{
    (void)state;
    size_t files;
    size_t failures = run_expected("osv", false, "osv", &files);
    printf("OSV: %zu files, %zu of %zu checks agree with Ajv\n", files, 2 * files - failures, 2 * files);
    assert_int_equal(files, 2759);
    assert_int_equal(failures, 0);
}

static void attestation_verdicts_hold(void **state)
{
    (void)state;
    size_t files;
    size_t failures = run_expected("attestations", true, NULL, &files);
    printf("attestations: %zu files, %zu of %zu checks give the expected kind and verdict\n", files,
           2 * files - failures, 2 * files);
    assert_int_equal(files, 50);
    assert_int_equal(failures, 0);
}

int main(void)
{
    corpus = getenv("SSR_CORPUS");
    if (corpus_dir("osv") == NULL || corpus_dir("attestations") == NULL)
        return TEST_SKIPPED;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(osv_verdicts_equal_ajv),
        cmocka_unit_test(attestation_verdicts_hold),
    };
    return cmocka_run_group_tests_name("corpus verdicts", tests, NULL, NULL);
}

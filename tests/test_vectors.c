/*
 * Diagnostic test vectors as data: tests/vectors/<kind>/NAME.input holds a
 * document and NAME.expected its diagnostics, one per line:
 *     SEVERITY<TAB>CODE<TAB>POINTER<TAB>LINE<TAB>COLUMN[<TAB>PAYLOAD_POINTER]
 * (the last column only for a value inside a decoded payload)
 * (an empty .expected file: the document is valid). The folder name is
 * the kind the input is validated as.
 */
#include <dirent.h>

#include "support.h"

static const char *vectors_dir;

static size_t check_case(const char *kind_dir, const char *kind, const char *name)
{
    char path[8192];
    size_t len, want_len;
    snprintf(path, sizeof path, "%s/%s.input", kind_dir, name);
    char *input = read_file(path, &len);
    snprintf(path, sizeof path, "%s/%s.expected", kind_dir, name);
    char *want = read_file(path, &want_len);

    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(input, len, ssr_kind_from_name(kind, strlen(kind)), NULL, &r), SSR_OK);
    char got[8192] = "";
    size_t n = 0;
    for (size_t i = 0; i < ssr_report_count(r); i++) {
        const char *payload = ssr_diag_payload_pointer(r, i);
        n += (size_t)snprintf(got + n, sizeof got - n, "%s\t%s\t%s\t%zu\t%zu%s%s\n",
                              ssr_diag_severity(r, i) == SSR_SEVERITY_ERROR ? "error" : "warning",
                              ssr_diag_code(r, i), ssr_diag_pointer(r, i), ssr_diag_line(r, i),
                              ssr_diag_column(r, i), payload != NULL ? "\t" : "", payload != NULL ? payload : "");
    }
    size_t failed = strcmp(got, want) != 0;
    if (failed)
        printf("FAIL %s/%s:\n got:\n%s want:\n%s", kind, name, got, want);
    ssr_report_free(r);
    free(input);
    free(want);
    return failed;
}

static void every_vector_gives_its_diagnostics(void **state)
{
    (void)state;
    DIR *kinds = opendir(vectors_dir);
    assert_non_null(kinds);
    struct dirent *k;
    size_t cases = 0, failures = 0;
    while ((k = readdir(kinds)) != NULL) {
        if (k->d_name[0] == '.' || ssr_kind_from_name(k->d_name, strlen(k->d_name)) < 0)
            continue;
        char kind_dir[4200];
        snprintf(kind_dir, sizeof kind_dir, "%s/%s", vectors_dir, k->d_name);
        DIR *d = opendir(kind_dir);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 7 || strcmp(e->d_name + n - 6, ".input") != 0)
                continue;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(n - 6), e->d_name);
            failures += check_case(kind_dir, k->d_name, name);
            cases++;
        }
        closedir(d);
    }
    closedir(kinds);
    printf("%zu vectors, %zu failed\n", cases, failures);
    assert_true(cases > 0);
    assert_int_equal(failures, 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_vectors VECTORS_DIR\n");
        return 2;
    }
    vectors_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_vector_gives_its_diagnostics),
    };
    return cmocka_run_group_tests_name("vectors", tests, NULL, NULL);
}

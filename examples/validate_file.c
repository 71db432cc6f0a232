/*
 * A registry's upload check in miniature: validate one document and print
 * each diagnostic. Build against libssr (pkg-config libssr) and run:
 *     ./validate_file release.json
 */
#include <stdio.h>
#include <stdlib.h>

#include <ssr.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    static char data[1 << 20];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);

    ssr_report *report = NULL;
    int status = ssr_validate(data, len, SSR_KIND_AUTO, NULL, &report);
    if (status != SSR_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], ssr_strerror(status));
        return 2;
    }
    for (size_t i = 0; i < ssr_report_count(report); i++)
        printf("%s:%zu:%zu: %s %s at %s\n", argv[1], ssr_diag_line(report, i), ssr_diag_column(report, i),
               ssr_diag_code(report, i), ssr_diag_message(report, i), ssr_diag_pointer(report, i));
    printf("%s: %s (%s)\n", argv[1], ssr_report_valid(report) ? "valid" : "invalid",
           ssr_kind_name(ssr_report_kind(report)));
    int valid = ssr_report_valid(report);
    ssr_report_free(report);
    return valid ? 0 : 1;
}

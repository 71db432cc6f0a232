/*
 * ssr profile levels: the maturity levels of a repository profile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char profile_usage[] =
    "usage: ssr profile levels [--format text|json] PROFILE\n"
    "       ssr profile compare [--format text|md|html|svg] PROFILE...\n"
    "\n"
    "Scores a repository-profile document against the OpenSSF Principles for\n"
    "Package Repository Security: each track's level (0 to 3), what blocks the\n"
    "next level, and the overall level. text (default) is a report for people;\n"
    "json is {\"tracks\": {...}, \"overall\": N}. Exit status: 0 done, 1 the profile\n"
    "is invalid (its diagnostics go to standard error), 2 usage or I/O error.\n"
    "\n"
    "compare puts registries side by side (up to 64 profiles, in the order\n"
    "given): each capability's status by track and level, then each\n"
    "registry's level per track and overall. text (default) and md are\n"
    "tables; html is a self-contained page (a status's evidence and note on\n"
    "hover); svg is a chart of the levels per track per registry.\n";

static int cmd_compare(int argc, char **argv)
{
    static const char *const formats[] = {"text", "md", "html", "svg"};
    int format = SSR_COMPARE_TEXT;
    const char *paths[64];
    size_t count = 0;
    for (int i = 2; i < argc; i++) {
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("profile"));
        if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
            const char *v = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
            format = -1;
            for (int f = 0; f < 4; f++)
                if (strcmp(v, formats[f]) == 0)
                    format = f;
            if (format < 0)
                return cli_usage_error("profile", "unknown format '%s' (text, md, html or svg)", v);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("profile", "unknown option '%s'", argv[i]);
        } else if (count == 64) {
            return cli_usage_error("profile", "at most 64 profiles");
        } else {
            paths[count++] = argv[i];
        }
    }
    if (count == 0)
        return cli_usage_error("profile", "no profile given");
    char *data[64];
    size_t lens[64], n = 0;
    for (; n < count; n++)
        if (!cli_read_input("profile", paths[n], &data[n], &lens[n]))
            break;
    int status = SSR_EIO;
    char *out = NULL;
    size_t out_len = 0, failed = 0;
    ssr_report *report = NULL;
    if (n == count)
        status = ssr_render_profiles((const void *const *)data, lens, count, format, NULL, &out, &out_len, &failed,
                                     &report);
    for (size_t k = 0; k < n; k++)
        free(data[k]);
    if (n < count)
        return EXIT_USAGE;
    return cli_finish("profile", paths[status == SSR_EINVALID ? failed : 0], status, report, out, out_len, false);
}

int cmd_profile(int argc, char **argv)
{
    bool json = false;
    const char *path = NULL;
    if (argc < 2 || cli_wants_help(argv[1]))
        return argc < 2 ? cli_usage_error("profile", "expected 'levels' or 'compare'") : cli_print_help(cli_find_command("profile"));
    if (strcmp(argv[1], "compare") == 0)
        return cmd_compare(argc, argv);
    if (strcmp(argv[1], "levels") != 0)
        return cli_usage_error("profile", "unknown subcommand '%s'", argv[1]);
    for (int i = 2; i < argc; i++) {
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("profile"));
        if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
            const char *v = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return cli_usage_error("profile", "unknown format '%s' (text or json)", v);
            json = strcmp(v, "json") == 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("profile", "unknown option '%s'", argv[i]);
        } else if (path != NULL) {
            return cli_usage_error("profile", "one profile only");
        } else {
            path = argv[i];
        }
    }
    if (path == NULL)
        return cli_usage_error("profile", "no profile given");

    char *data;
    size_t len;
    if (!cli_read_input("profile", path, &data, &len))
        return EXIT_USAGE;
    ssr_levels *levels = NULL;
    ssr_report *report = NULL;
    int status = ssr_profile_levels(data, len, NULL, &levels, &report);
    free(data);
    char *out = NULL;
    size_t out_len = 0;
    if (status == SSR_OK)
        status = json ? ssr_levels_to_json(levels, &out, &out_len) : ssr_levels_to_text(levels, &out, &out_len);
    ssr_levels_free(levels);
    return cli_finish("profile", path, status, report, out, out_len, json);
}

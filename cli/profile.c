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
    "\n"
    "Scores a repository-profile document against the OpenSSF Principles for\n"
    "Package Repository Security: each track's level (0 to 3), what blocks the\n"
    "next level, and the overall level. text (default) is a report for people;\n"
    "json is {\"tracks\": {...}, \"overall\": N}. Exit status: 0 done, 1 the profile\n"
    "is invalid (its diagnostics go to standard error), 2 usage or I/O error.\n";

int cmd_profile(int argc, char **argv)
{
    bool json = false;
    const char *path = NULL;
    if (argc < 2 || cli_wants_help(argv[1]))
        return argc < 2 ? cli_usage_error("profile", "expected 'levels'") : cli_print_help(cli_find_command("profile"));
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

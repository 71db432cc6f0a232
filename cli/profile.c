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

const char panel_usage[] =
    "usage: ssr panel [--level a|aa|aaa] [--lang TAG] [--style plain|pypi|npm]\n"
    "                 [--release RELEASE.json] RESULT.json\n"
    "\n"
    "Writes the provenance panel of a verified artifact as one self-contained\n"
    "HTML fragment for a package page, as the OpenSSF attestations style guide\n"
    "describes it: level a (default) collapsible Source, Build, Integrity and\n"
    "Attestation panels; aa the same as cards, shown at once, with a note on\n"
    "what attestations do not say; aaa a security section with a sidebar.\n"
    "RESULT.json is the --format json output of ssr sigstore verify-bundle,\n"
    "ssr pep740 verify or ssr npm verify; --release names the package and must\n"
    "list the verified artifact. --lang: en (default), de, ja or ar (right to\n"
    "left); another tag gives English. No script, no external request; every\n"
    "value is escaped; what the verification did not establish is not shown.\n"
    "\n"
    "Exit status: 0 written, 1 the result or release is refused (diagnostics\n"
    "on standard error), 2 usage or I/O error.\n";

int cmd_panel(int argc, char **argv)
{
    static const char *const levels[] = {"a", "aa", "aaa"};
    static const char *const styles[] = {"plain", "pypi", "npm"};
    int level = SSR_PANEL_A, style = SSR_PANEL_PLAIN;
    const char *lang = "en", *release_path = NULL, *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_wants_help(arg))
            return cli_print_help(cli_find_command("panel"));
        const char *names[] = {"--level", "--lang", "--style", "--release"};
        int which = -1;
        const char *value = NULL;
        for (int n = 0; n < 4; n++) {
            size_t len = strlen(names[n]);
            if (strncmp(arg, names[n], len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
                which = n;
                value = arg[len] == '=' ? arg + len + 1 : (i + 1 < argc ? argv[++i] : NULL);
            }
        }
        if (which < 0 && arg[0] == '-' && arg[1] != '\0')
            return cli_usage_error("panel", "unknown option '%s'", arg);
        if (which < 0) {
            if (path != NULL)
                return cli_usage_error("panel", "one result only");
            path = arg;
            continue;
        }
        if (value == NULL)
            return cli_usage_error("panel", "%s needs a value", names[which]);
        if (which == 0 || which == 2) {
            const char *const *options = which == 0 ? levels : styles;
            int found = -1;
            for (int n = 0; n < 3; n++)
                if (strcmp(value, options[n]) == 0)
                    found = n;
            if (found < 0)
                return cli_usage_error("panel", which == 0 ? "unknown level '%s' (a, aa or aaa)"
                                                           : "unknown style '%s' (plain, pypi or npm)", value);
            if (which == 0)
                level = SSR_PANEL_A + found;
            else
                style = found;
        } else if (which == 1) {
            lang = value;
        } else {
            release_path = value;
        }
    }
    if (path == NULL)
        return cli_usage_error("panel", "no result given");
    char *data = NULL, *release = NULL;
    size_t len = 0, release_len = 0;
    if (!cli_read_input("panel", path, &data, &len))
        return EXIT_USAGE;
    if (release_path != NULL && !cli_read_input("panel", release_path, &release, &release_len)) {
        free(data);
        return EXIT_USAGE;
    }
    char *out = NULL;
    size_t out_len = 0;
    ssr_report *report = NULL;
    int status = ssr_render_panel(data, len, release, release_len, level, style, lang, strlen(lang), NULL, &out,
                                  &out_len, &report);
    /* a refusal of the release names the release; one of the result, the result */
    const char *named = path;
    if (status == SSR_EINVALID && release != NULL && report != NULL && ssr_report_kind(report) == SSR_KIND_RELEASE)
        named = release_path;
    free(data);
    free(release);
    return cli_finish("panel", named, status, report, out, out_len, false);
}

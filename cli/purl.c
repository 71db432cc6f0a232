/*
 * ssr purl: package URLs parsed into components, written canonically, or
 * built from components.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char purl_usage[] =
    "usage: ssr purl parse PURL\n"
    "       ssr purl canon PURL\n"
    "       ssr purl build COMPONENTS.json|-\n"
    "\n"
    "parse prints the purl's decoded components as one JSON object: type,\n"
    "namespace, name, version, qualifiers (an object, or null) and subpath,\n"
    "normalized as the purl's type says. canon prints its canonical string; it\n"
    "also repairs what the purl test suite repairs (a qualifier key in\n"
    "capitals). build takes the components in the same JSON shape (a file, or -\n"
    "for standard input) and prints the canonical string.\n"
    "\n"
    "Exit status: 0 done, 1 the purl or the components are invalid (the\n"
    "diagnostic goes to standard error), 2 usage or I/O error.\n";

int cmd_purl(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argv[1]))
        return argc < 2 ? cli_usage_error("purl", "expected 'parse', 'canon' or 'build'")
                        : cli_print_help(cli_find_command("purl"));
    const char *sub = argv[1];
    bool parse = strcmp(sub, "parse") == 0, canon = strcmp(sub, "canon") == 0, build = strcmp(sub, "build") == 0;
    if (!parse && !canon && !build)
        return cli_usage_error("purl", "unknown subcommand '%s'", sub);
    const char *arg = NULL;
    for (int i = 2; i < argc; i++) {
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("purl"));
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("purl", "unknown option '%s'", argv[i]);
        if (arg != NULL)
            return cli_usage_error("purl", "one %s only", build ? "components file" : "purl");
        arg = argv[i];
    }
    if (arg == NULL)
        return cli_usage_error("purl", "no %s given", build ? "components file" : "purl");

    ssr_purl *purl = NULL;
    ssr_report *report = NULL;
    int status;
    const char *where = build ? arg : "purl";
    if (build) {
        char *data;
        size_t len;
        if (!cli_read_input("purl", arg, &data, &len))
            return EXIT_USAGE;
        status = ssr_purl_build(data, len, &purl, &report);
        free(data);
    } else {
        status = ssr_purl_parse(arg, strlen(arg), canon ? SSR_PURL_REPAIR : 0, &purl, &report);
    }
    char *out = NULL;
    size_t out_len = 0;
    if (status == SSR_OK)
        status = parse ? ssr_purl_to_json(purl, &out, &out_len) : ssr_purl_canonical(purl, &out, &out_len);
    ssr_purl_free(purl);
    return cli_finish("purl", where, status, report, out, out_len, true);
}

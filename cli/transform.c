/*
 * ssr canon and ssr fmt: a document in, its canonical or pretty form out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char canon_usage[] =
    "usage: ssr canon FILE|-\n"
    "\n"
    "Writes the RFC 8785 (JCS) canonical form of a strict-JSON document to\n"
    "standard output, with no trailing newline. Exit status: 0 done, 1 the\n"
    "input is not strict JSON, 2 usage or input/output error.\n";

const char fmt_usage[] =
    "usage: ssr fmt FILE|-\n"
    "\n"
    "Writes the pretty form of a strict-JSON document to standard output:\n"
    "member order kept, two-space indent, a final newline. Exit status as\n"
    "for ssr canon.\n";

static int transform(const char *name, int argc, char **argv,
                     int (*write)(const ssr_doc *, char **, size_t *))
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command(name));
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(name, "unknown option '%s'", argv[i]);
        if (path != NULL)
            return cli_usage_error(name, "one input only");
        path = argv[i];
    }
    if (path == NULL)
        return cli_usage_error(name, "no input given");

    char *data;
    size_t len;
    if (!cli_read_input(name, path, &data, &len))
        return EXIT_USAGE;
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(data, len, NULL, &doc, &report);
    free(data);
    char *out = NULL;
    size_t out_len = 0;
    if (status == SSR_OK)
        status = write(doc, &out, &out_len);
    ssr_doc_free(doc);
    return cli_finish(name, path, status, report, out, out_len, false);
}

int cmd_canon(int argc, char **argv)
{
    return transform("canon", argc, argv, ssr_doc_canonical);
}

int cmd_fmt(int argc, char **argv)
{
    return transform("fmt", argc, argv, ssr_doc_pretty);
}

/*
 * ssr schema: the JSON Schema of a native kind, or the codes it raises.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char schema_usage[] =
    "usage: ssr schema [--codes] KIND\n"
    "\n"
    "Prints the JSON Schema (draft 2020-12) of a native kind: release,\n"
    "trusted-publisher or repository-profile. With --codes, prints instead every\n"
    "diagnostic code the kind can raise: CODE, error or warning, and 'beyond'\n"
    "for rules that JSON Schema cannot state.\n";

int cmd_schema(int argc, char **argv)
{
    bool codes = false;
    const char *kind = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("schema"));
        if (strcmp(argv[i], "--codes") == 0)
            codes = true;
        else if (argv[i][0] == '-')
            return cli_usage_error("schema", "unknown option '%s'", argv[i]);
        else if (kind != NULL)
            return cli_usage_error("schema", "one kind only");
        else
            kind = argv[i];
    }
    if (kind == NULL)
        return cli_usage_error("schema", "no kind given");
    char *out = NULL;
    size_t len = 0;
    int id = ssr_kind_from_name(kind, strlen(kind));
    int status = id < 0 ? SSR_EINVAL : codes ? ssr_schema_codes(id, &out, &len) : ssr_schema(id, &out, &len);
    if (status == SSR_EINVAL)
        return cli_usage_error("schema", "no schema for kind '%s' (release, trusted-publisher, repository-profile)",
                               kind);
    if (status != SSR_OK) {
        fprintf(stderr, "ssr schema: %s\n", ssr_strerror(status));
        return EXIT_USAGE;
    }
    bool written = cli_write_stdout(out, len);
    ssr_free(out);
    return written ? EXIT_VALID : EXIT_USAGE;
}

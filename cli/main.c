/*
 * ssr: the command-line front of libssr.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const char help_usage[] = "usage: ssr help [COMMAND]\n\nShows the commands, or the help of one.\n";
static const char version_usage[] = "usage: ssr version\n       ssr --version\n\nPrints the version of libssr and the library its ECDSA checks go to.\n";

static const command commands[] = {
    {"validate", cmd_validate, "validate documents (files, directories, JSON Lines, -)", validate_usage},
    {"canon", cmd_canon, "write the RFC 8785 canonical form of a document", canon_usage},
    {"fmt", cmd_fmt, "write the pretty form of a document", fmt_usage},
    {"schema", cmd_schema, "print the JSON Schema (or the codes) of a native kind", schema_usage},
    {"profile", cmd_profile, "score repository profiles: ssr profile levels, ssr profile compare", profile_usage},
    {"digest", cmd_digest, "digests of files: sha256, sha512, blake2b-256, blake2b-512", digest_usage},
    {"keygen", cmd_keygen, "generate an Ed25519 key pair", keygen_usage},
    {"sign", cmd_sign, "sign a payload into a DSSE envelope, or add a signature", sign_usage},
    {"verify", cmd_verify, "verify a DSSE envelope against trusted keys and a threshold", verify_usage},
    {"match-subject", cmd_match_subject, "does an artifact match a Statement's or release's subjects?", match_usage},
    {"tp", cmd_tp, "trusted publishing: match OIDC claims against a policy, or explain it", tp_usage},
    {"purl", cmd_purl, "package URLs: parse into components, write canonically, build", purl_usage},
    {"sigstore", cmd_sigstore, "verify a Sigstore bundle: ssr sigstore verify-bundle", sigstore_usage},
    {"pep740", cmd_pep740, "verify PEP 740 attestations of a distribution", pep740_usage},
    {"npm", cmd_npm, "verify the npm registry's attestations of a package", npm_usage},
    {"tuf", cmd_tuf, "keep TUF metadata current and download targets it describes", tuf_usage},
    {"panel", cmd_panel, "write the provenance panel of a verified artifact (HTML)", panel_usage},
    {"help", cmd_help, "show the commands, or the help of one", help_usage},
    {"version", cmd_version, "print the version", version_usage},
};

const command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

bool cli_wants_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_print_help(const command *cmd)
{
    fputs(cmd->usage, stdout);
    return fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
}

int cli_usage_error(const char *name, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ssr %s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'ssr %s --help')\n", name);
    return EXIT_USAGE;
}

static int print_overview(FILE *out)
{
    fprintf(out, "usage: ssr COMMAND [OPTIONS] [ARGS]\n\n"
                 "Security metadata for package registries: validate, canonicalize, sign and verify.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'ssr help COMMAND' or 'ssr COMMAND --help' shows one command's help.\n"
                 "Exit status: 0 success, 1 invalid input or failed check, 2 usage or I/O error.\n");
    return EXIT_VALID;
}

static int cmd_help(int argc, char **argv)
{
    if (argc > 2)
        return cli_usage_error("help", "one command at most");
    if (argc == 2 && cli_wants_help(argv[1]))
        return cli_print_help(cli_find_command("help"));
    if (argc == 1)
        return print_overview(stdout);
    const command *cmd = cli_find_command(argv[1]);
    if (cmd == NULL)
        return cli_usage_error("help", "unknown command '%s'", argv[1]);
    return cli_print_help(cmd);
}

static int cmd_version(int argc, char **argv)
{
    if (argc > 1 && cli_wants_help(argv[1]))
        return cli_print_help(cli_find_command("version"));
    if (argc > 1)
        return cli_usage_error("version", "no arguments expected");
    printf("ssr %s (ECDSA: %s)\n", ssr_version(), ssr_crypto_backend());
    return fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* A closed pipe is an error to report (status 2), never a signal. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return cmd_version(1, argv + 1);
    if (cli_wants_help(name))
        return print_overview(stdout);
    const command *cmd = cli_find_command(name);
    if (cmd == NULL) {
        fprintf(stderr, "ssr: unknown command '%s' (see 'ssr help')\n", name);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}

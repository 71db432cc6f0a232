/*
 * The ssr command: shared pieces of its subcommands.
 */
#ifndef SSR_CLI_H
#define SSR_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "ssr.h"

/* Exit statuses, everywhere. */
enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage; /* the whole --help text */
} command;

const command *cli_find_command(const char *name);
/* Prints the --help text of `cmd` to stdout; returns 0. */
int cli_print_help(const command *cmd);
/* Prints "ssr NAME: MESSAGE" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Is argv[i] "--help" or "-h"? */
bool cli_wants_help(const char *arg);

/* errno values of our own: a named input that is a socket or device; a FIFO with no writer. */
#define CLI_ENOTREG 0x10000
#define CLI_ENOWRITER 0x10001
/* strerror(), knowing CLI_ENOTREG. */
const char *cli_strerror(int err);
/* Is path a regular file? Else false, errno set (EISDIR, CLI_ENOTREG...). */
bool cli_regular_file(const char *path);

/*
 * An input read in pieces: a named file (a regular file or a pipe with a
 * writer, as cli_read_file() says) or "-", standard input.
 */
typedef struct cli_input {
    int fd;
    bool probe_fifo;     /* a named pipe not read yet: is anything writing to it? */
    size_t regular_size; /* a regular file's size, else SIZE_MAX */
} cli_input;
/* Opens `path` for reading; 0, or -1 with errno set (EISDIR, CLI_ENOTREG...). */
int cli_input_open(const char *path, cli_input *in);
/* Reads up to cap bytes: the count, 0 at the end, -1 with errno set (CLI_ENOWRITER...). */
ssize_t cli_input_read(cli_input *in, char *buf, size_t cap);
void cli_input_close(cli_input *in);

/*
 * Reads a whole file ("-" is standard input, which may be a pipe), at most
 * `limit` + 1 bytes, so that an oversized input is still refused by the
 * library's size rule without being read whole. A named file must be a
 * regular file or a pipe with a writer: a FIFO nothing writes to is
 * refused (CLI_ENOWRITER) rather than waited on, a socket or device too
 * (CLI_ENOTREG). Returns 0, or -1 with errno set.
 */
int cli_read_file(const char *path, size_t limit, char **data, size_t *len);
/*
 * Reads a file of lines (JSON Lines) in pieces, in memory bounded by its
 * longest line: calls line() with each line without its newline and its
 * number from 0. A line longer than `limit` is handed over as its first
 * limit + 1 bytes (the library's size rule refuses it) and the rest
 * skipped. line() returns false to stop (then -1, errno ECANCELED).
 * Returns 0, or -1 with errno set.
 */
typedef bool cli_line_fn(void *ctx, const char *data, size_t len, size_t number);
int cli_read_lines(const char *path, size_t limit, cli_line_fn *line, void *ctx);

/*
 * cli_read_file() under the library's default size limit; on failure says
 * "ssr CMD: cannot read 'PATH': REASON" on stderr and returns false.
 */
bool cli_read_input(const char *cmd, const char *path, char **data, size_t *len);

/* Writes all of buf to stdout; false (and a message) on failure. */
bool cli_write_stdout(const void *buf, size_t len);

/* Prints each diagnostic of a report as file:line:column: severity[code]: message. */
void cli_print_diagnostics(FILE *out, const char *path, const ssr_report *report);

/*
 * The end of a command that turned the input at `path` into text `out`:
 * SSR_EINVALID prints the report's diagnostics and gives EXIT_INVALID;
 * another failure says "ssr CMD: REASON" and gives EXIT_USAGE; SSR_OK
 * writes out (then a newline when asked) and gives EXIT_VALID, or
 * EXIT_USAGE when standard output fails. Frees the report and out.
 */
int cli_finish(const char *cmd, const char *path, int status, ssr_report *report, char *out, size_t out_len,
               bool newline);

/* Subcommands. */
int cmd_validate(int argc, char **argv);
int cmd_canon(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_panel(int argc, char **argv);
int cmd_digest(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_match_subject(int argc, char **argv);
int cmd_tp(int argc, char **argv);
int cmd_purl(int argc, char **argv);
int cmd_sigstore(int argc, char **argv);
int cmd_pep740(int argc, char **argv);
int cmd_npm(int argc, char **argv);
int cmd_tuf(int argc, char **argv);

extern const char validate_usage[];
extern const char tuf_usage[];
extern const char canon_usage[];
extern const char fmt_usage[];
extern const char schema_usage[];
extern const char profile_usage[];
extern const char panel_usage[];
extern const char digest_usage[];
extern const char keygen_usage[];
extern const char sign_usage[];
extern const char verify_usage[];
extern const char match_usage[];
extern const char tp_usage[];
extern const char purl_usage[];
extern const char sigstore_usage[];
extern const char pep740_usage[];
extern const char npm_usage[];

#endif /* SSR_CLI_H */

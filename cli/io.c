/*
 * The command's input and output: files and standard input read whole
 * (bounded), standard output written in full or the failure said.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *cli_strerror(int err)
{
    if (err == CLI_ENOTREG)
        return "not a regular file";
    if (err == CLI_ENOWRITER)
        return "a FIFO that nothing writes to";
    return strerror(err);
}

bool cli_regular_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : CLI_ENOTREG;
        return false;
    }
    return true;
}

/*
 * Opens a named file for reading: a regular file, or a pipe that has a
 * writer (as from `<(command)`). A FIFO is opened without blocking, then
 * read once without blocking: end of file at once means no writer, which
 * is refused rather than waited on. Sockets and devices are refused. A
 * regular file keeps O_NONBLOCK, which reads of regular files ignore: one
 * system call fewer per file counts over a directory of ten thousand.
 */
static int open_input(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return -1;
    int err = 0;
    if (fstat(fd, st) != 0)
        err = errno;
    else if (S_ISDIR(st->st_mode))
        err = EISDIR;
    else if (!S_ISREG(st->st_mode) && !S_ISFIFO(st->st_mode))
        err = CLI_ENOTREG;
    if (err != 0) {
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int cli_input_open(const char *path, cli_input *in)
{
    struct stat st;
    *in = (cli_input){.fd = -1};
    if (strcmp(path, "-") == 0) {
        in->fd = STDIN_FILENO;
        in->regular_size = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : SIZE_MAX;
        return 0;
    }
    if ((in->fd = open_input(path, &st)) < 0)
        return -1;
    in->probe_fifo = S_ISFIFO(st.st_mode);
    in->regular_size = S_ISREG(st.st_mode) ? (size_t)st.st_size : SIZE_MAX;
    return 0;
}

ssize_t cli_input_read(cli_input *in, char *buf, size_t cap)
{
    for (;;) {
        ssize_t got = read(in->fd, buf, cap);
        if (in->probe_fifo) {
            /* The first read of a named pipe: is anything writing to it? */
            if (got == 0) {
                errno = CLI_ENOWRITER;
                return -1;
            }
            if (got < 0 && errno != EAGAIN)
                return -1;
            in->probe_fifo = false;
            if (fcntl(in->fd, F_SETFL, fcntl(in->fd, F_GETFL) & ~O_NONBLOCK) != 0)
                return -1;
            if (got < 0) /* a writer, nothing written yet: now wait for it */
                continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        return got;
    }
}

void cli_input_close(cli_input *in)
{
    if (in->fd > STDIN_FILENO)
        close(in->fd);
    in->fd = -1;
}

int cli_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    cli_input in;
    if (cli_input_open(path, &in) != 0)
        return -1;
    size_t cap = in.regular_size <= limit ? in.regular_size + 1 : 65536;
    size_t n = 0;
    char *buf = malloc(cap);
    int saved = buf == NULL ? ENOMEM : 0;
    while (saved == 0) {
        if (n == cap) {
            if (n > limit)
                break;
            cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                saved = ENOMEM;
                break;
            }
            buf = grown;
        }
        size_t wanted = cap - n;
        ssize_t got = cli_input_read(&in, buf + n, wanted);
        if (got < 0) {
            saved = errno;
        } else if (got == 0) {
            break;
        } else {
            n += (size_t)got;
            /* A regular file reads short only at its end (no signal handler interrupts us): no read to see 0. */
            if (in.regular_size != SIZE_MAX && (size_t)got < wanted)
                break;
        }
    }
    cli_input_close(&in);
    if (saved != 0) {
        free(buf);
        errno = saved;
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

int cli_read_lines(const char *path, size_t limit, cli_line_fn *line, void *ctx)
{
    cli_input in;
    if (cli_input_open(path, &in) != 0)
        return -1;
    size_t cap = 65536, n = 0, number = 0;
    char *buf = malloc(cap);
    bool skipping = false; /* the rest of a line beyond limit + 1 bytes */
    int saved = buf == NULL ? ENOMEM : 0;
    for (bool end = false; saved == 0 && !end;) {
        if (n == cap) {
            if (cap > limit) { /* a line longer than the limit: its first limit + 1 bytes stand for it */
                if (!skipping && !line(ctx, buf, limit + 1, number))
                    saved = ECANCELED;
                skipping = true;
                n = 0;
                continue;
            }
            size_t grown_cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *grown = realloc(buf, grown_cap);
            if (grown == NULL) {
                saved = ENOMEM;
                break;
            }
            buf = grown;
            cap = grown_cap;
        }
        ssize_t got = cli_input_read(&in, buf + n, cap - n);
        if (got < 0) {
            saved = errno;
            break;
        }
        end = got == 0;
        size_t scanned = n, start = 0;
        n += (size_t)got;
        for (;;) {
            char *nl = memchr(buf + scanned, '\n', n - scanned);
            if (nl == NULL && !(end && start < n))
                break;
            size_t stop = nl != NULL ? (size_t)(nl - buf) : n;
            if (!skipping && !line(ctx, buf + start, stop - start, number)) {
                saved = ECANCELED;
                break;
            }
            skipping = false;
            number++;
            start = scanned = stop + 1;
            if (nl == NULL)
                break;
        }
        if (start > 0 && start <= n) {
            memmove(buf, buf + start, n - start);
            n -= start;
        } else if (start > n) {
            n = 0;
        }
    }
    free(buf);
    cli_input_close(&in);
    if (saved != 0) {
        errno = saved;
        return -1;
    }
    return 0;
}

bool cli_read_input(const char *cmd, const char *path, char **data, size_t *len)
{
    if (cli_read_file(path, (size_t)ssr_limit_default(SSR_LIMIT_SIZE), data, len) == 0)
        return true;
    fprintf(stderr, "ssr %s: cannot read '%s': %s\n", cmd, path, cli_strerror(errno));
    return false;
}

bool cli_write_stdout(const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "ssr: cannot write to standard output: %s\n", strerror(errno));
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

void cli_print_diagnostics(FILE *out, const char *path, const ssr_report *report)
{
    for (size_t i = 0; i < ssr_report_count(report); i++)
        fprintf(out, "%s:%zu:%zu: %s[%s]: %s\n", path, ssr_diag_line(report, i), ssr_diag_column(report, i),
                ssr_diag_severity(report, i) == SSR_SEVERITY_ERROR ? "error" : "warning", ssr_diag_code(report, i),
                ssr_diag_message(report, i));
}

int cli_finish(const char *cmd, const char *path, int status, ssr_report *report, char *out, size_t out_len,
               bool newline)
{
    if (status == SSR_EINVALID)
        cli_print_diagnostics(stderr, path, report);
    else if (status != SSR_OK)
        fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(status));
    ssr_report_free(report);
    bool written = status == SSR_OK && cli_write_stdout(out, out_len) && (!newline || cli_write_stdout("\n", 1));
    ssr_free(out);
    return status == SSR_EINVALID ? EXIT_INVALID : written ? EXIT_VALID : EXIT_USAGE;
}

#include <errno.h>
#include <fcntl.h>
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
 * is refused rather than waited on. Sockets and devices are refused.
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
    else if (!S_ISFIFO(st->st_mode) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        err = errno;
    if (err != 0) {
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int cli_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    struct stat st;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open_input(path, &st);
    if (fd < 0)
        return -1;
    if (fd == STDIN_FILENO && fstat(fd, &st) != 0)
        st.st_mode = 0; /* read it as a stream */
    size_t cap = S_ISREG(st.st_mode) && (uint64_t)st.st_size <= limit ? (size_t)st.st_size + 1 : 65536;
    size_t n = 0;
    char *buf = malloc(cap);
    int saved = 0;
    while (buf != NULL) {
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
        ssize_t got = read(fd, buf + n, cap - n);
        if (fd != STDIN_FILENO && S_ISFIFO(st.st_mode) && (fcntl(fd, F_GETFL) & O_NONBLOCK)) {
            /* The first read of a named pipe: is anything writing to it? */
            if (got == 0) {
                saved = CLI_ENOWRITER;
                break;
            }
            if ((got > 0 || errno == EAGAIN) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
                saved = errno;
                break;
            }
            if (got < 0 && errno == EAGAIN)
                continue;
        }
        if (got == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            saved = errno;
            break;
        }
        n += (size_t)got;
    }
    if (buf == NULL)
        saved = ENOMEM;
    if (fd != STDIN_FILENO)
        close(fd);
    if (saved != 0) {
        free(buf);
        errno = saved;
        return -1;
    }
    *data = buf;
    *len = n;
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

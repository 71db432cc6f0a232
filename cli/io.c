#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd != STDIN_FILENO)
            close(fd);
        errno = EISDIR;
        return -1;
    }
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

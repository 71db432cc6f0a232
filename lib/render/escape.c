/*
 * Text into HTML and SVG: every value escaped, nothing that reorders text.
 */
#include <string.h>

#include "render.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Code points that must not reach a page as themselves. */
static int hidden(unsigned long cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n';
    return (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void ssri_html_textn(ssri_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        size_t n = ssri_utf8_sequence(p, (size_t)(end - p));
        if (n == 0) {
            ssri_buf_puts(b, replacement);
            p++;
            continue;
        }
        if (n == 1) {
            switch (*p) {
            case '&': ssri_buf_puts(b, "&amp;"); break;
            case '<': ssri_buf_puts(b, "&lt;"); break;
            case '>': ssri_buf_puts(b, "&gt;"); break;
            case '"': ssri_buf_puts(b, "&quot;"); break;
            case '\'': ssri_buf_puts(b, "&#39;"); break;
            default:
                if (hidden(*p))
                    ssri_buf_puts(b, replacement);
                else
                    ssri_buf_putc(b, (char)*p);
            }
        } else if (hidden(ssri_utf8_decode(p, n))) {
            ssri_buf_puts(b, replacement);
        } else {
            ssri_buf_append(b, p, n);
        }
        p += n;
    }
}

void ssri_html_text(ssri_buf *b, const char *s)
{
    ssri_html_textn(b, s, strlen(s));
}

void ssri_html_path(ssri_buf *b, const char *s)
{
    const char *run = s;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '/') {
            ssri_html_textn(b, run, (size_t)(p - run) + 1);
            ssri_buf_puts(b, "<wbr>");
            run = p + 1;
        } else if ((*p == '@' || *p == '?' || *p == '#' || *p == '&') && p > run) {
            ssri_html_textn(b, run, (size_t)(p - run));
            ssri_buf_puts(b, "<wbr>");
            run = p;
        }
    }
    ssri_html_textn(b, run, strlen(run));
}

int ssri_html_href(ssri_buf *b, const char *url)
{
    /* a host must follow "https://": "https://:443/x" or "https:///x" names none */
    if (url == NULL || strncmp(url, "https://", 8) != 0 || url[8] == '\0' || strchr(":/?#", url[8]) != NULL)
        return 0;
    for (const char *p = url + 8; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++)
        if (*p == '@')
            return 0; /* credentials, or a host that reads as another */
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++)
        if (*p <= 0x20 || *p == 0x7F || *p == '\\')
            return 0;
    ssri_html_text(b, url);
    return 1;
}

/*
 * JSON string literals: the escaping of RFC 8785 (section 3.2.2.2), which
 * the canonical and pretty writers, the reports and every JSON the
 * library writes share.
 */
#include <string.h>

#include "internal.h"

void ssri_json_escape(ssri_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    ssri_buf_putc(b, '"');
    size_t plain = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        ssri_buf_append(b, s + plain, i - plain);
        plain = i + 1;
        char esc[7] = {'\\', 0};
        switch (c) {
        case '"':
        case '\\':
            esc[1] = (char)c;
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            ssri_buf_append(b, esc, 6);
            continue;
        }
        ssri_buf_append(b, esc, 2);
    }
    ssri_buf_append(b, s + plain, len - plain);
    ssri_buf_putc(b, '"');
}

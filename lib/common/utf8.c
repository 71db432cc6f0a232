/*
 * UTF-8: the one decoder the renderer, the names check and the length
 * rules share, and character counts (a string's length in code points).
 */
#include <string.h>

#include "internal.h"

size_t ssri_utf8_sequence(const unsigned char *s, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xc2 || c > 0xf4)
        return 0;
    size_t need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    /* The second byte's range narrows for E0, ED, F0 and F4 (Unicode table 3-7). */
    unsigned char lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    if (avail < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return need;
}

unsigned long ssri_utf8_decode(const unsigned char *s, size_t n)
{
    if (n <= 1)
        return s[0];
    unsigned long cp = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    return cp;
}

size_t ssri_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

char *ssri_utf8_clean(const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s);
    if (len > (SIZE_MAX - 1) / 6)
        return NULL;
    char *out = ssri_malloc(len * 6 + 1);
    if (out == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char *o = out;
    while (p < end) {
        size_t n = ssri_utf8_sequence(p, (size_t)(end - p));
        unsigned code = n == 1 ? p[0] : n == 2 && p[0] == 0xc2 ? p[1] : 0x20;
        if (n == 0) {
            memcpy(o, "\xef\xbf\xbd", 3); /* U+FFFD for each byte that is not UTF-8 */
            o += 3;
            p++;
        } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
            /* a control character quoted from the input is shown, never sent to a terminal */
            memcpy(o, "\\u00", 4);
            o[4] = hex[code >> 4];
            o[5] = hex[code & 15];
            o += 6;
            p += n;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

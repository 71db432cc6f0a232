#include <sodium.h>
#include <string.h>

#include "base64.h"
#include "common/internal.h"

/* Does all of s[0..len) decode in this variant? In fixed-size pieces, so
 * that checking needs no allocation: padding may only end the last piece,
 * and whole quads decode alike in any split. */
static bool decodes_in(const char *s, size_t len, int variant, size_t *out_len)
{
    unsigned char piece[3 * 128];
    size_t total = 0;
    for (size_t at = 0; at < len;) {
        size_t take = len - at < 4 * 128 ? len - at : 4 * 128;
        size_t n = 0;
        /* A piece that ends in padding is the last one, or the text is not base64. */
        if (at + take < len && s[at + take - 1] == '=')
            return false;
        /* b64_end NULL: the whole text must decode, never a prefix of it. */
        if (sodium_base642bin(piece, sizeof piece, s + at, take, NULL, &n, NULL, variant) != 0)
            return false;
        total += n;
        at += take;
    }
    *out_len = total;
    return true;
}

bool ssri_base64_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status)
{
    *status = SSR_OK;
    if (out != NULL)
        *out = NULL;
    /* Padded text comes in whole quads; anything else is not canonical. */
    if (len % 4 != 0)
        return false;
    static const int variants[] = {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_URLSAFE};
    size_t n = 0;
    int variant = -1;
    for (size_t i = 0; i < 2 && variant < 0; i++)
        if (decodes_in(s, len, variants[i], &n))
            variant = variants[i];
    if (variant < 0)
        return false;
    if (out_len != NULL)
        *out_len = n;
    if (out == NULL)
        return true;
    unsigned char *buf = ssri_malloc(n + 1);
    if (buf == NULL) {
        *status = SSR_ENOMEM;
        return false;
    }
    if (sodium_base642bin(buf, n, s, len, NULL, &n, NULL, variant) != 0) {
        ssri_free(buf); /* not expected: the text decoded piece by piece above */
        return false;
    }
    buf[n] = '\0';
    *out = buf;
    return true;
}

char *ssri_base64_encode(const unsigned char *data, size_t len, size_t *out_len)
{
    size_t size = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *text = ssri_malloc(size);
    if (text == NULL)
        return NULL;
    sodium_bin2base64(text, size, data, len, sodium_base64_VARIANT_ORIGINAL);
    if (out_len != NULL)
        *out_len = size - 1;
    return text;
}

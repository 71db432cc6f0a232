#include <sodium.h>
#include <string.h>

#include "base64.h"
#include "common/internal.h"

bool ssri_base64_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status)
{
    *status = SSR_OK;
    if (out != NULL)
        *out = NULL;
    /* Padded text comes in whole quads; anything else is not canonical. */
    if (len % 4 != 0)
        return false;
    size_t max = len / 4 * 3;
    unsigned char small[96];
    unsigned char *buf = out == NULL && max <= sizeof small ? small : ssri_malloc(max + 1);
    if (buf == NULL) {
        *status = SSR_ENOMEM;
        return false;
    }
    static const int variants[] = {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_URLSAFE};
    size_t n = 0;
    bool ok = false;
    for (size_t i = 0; i < 2 && !ok; i++)
        /* b64_end NULL: the whole text must decode, never a prefix of it. */
        ok = sodium_base642bin(buf, max, s, len, NULL, &n, NULL, variants[i]) == 0;
    if (!ok || out == NULL) {
        if (buf != small)
            ssri_free(buf);
        if (ok && out_len != NULL)
            *out_len = n;
        return ok;
    }
    buf[n] = '\0';
    *out = buf;
    if (out_len != NULL)
        *out_len = n;
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

/*
 * Base64, standard and URL-safe, strict: one alphabet per string,
 * canonical padding, no white space, zero trailing bits. A table decoder
 * for public data (tests/test_base64.c holds it to libsodium's).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "internal.h"

/*
 * Decoding is table-driven rather than libsodium's sodium_base642bin: that
 * one runs in constant time, as secrets need, at about 9 microseconds a
 * KiB, which is 15% of an Ed25519 verification; what comes here (DSSE
 * payloads and signatures, in-toto and bundle fields) is public. Secret
 * keys are decoded by libsodium (crypto/keys.c). The rules are the same:
 * tests/test_base64.c compares the two on every short string over the
 * characters that matter and on mutations of long ones.
 */

enum { VALUE = 0x3f, VALID = 0x100, STANDARD_ONLY = 0x200, URLSAFE_ONLY = 0x400 };
#define V(x) (VALID | (x))

/*
 * Each byte's 6-bit value marked VALID (other bytes are 0), tagged with the
 * one alphabet it belongs to when only one has it.
 */
static const uint16_t sextet[256] = {
    ['A'] = V(0),  ['B'] = V(1),  ['C'] = V(2),  ['D'] = V(3),  ['E'] = V(4),  ['F'] = V(5),  ['G'] = V(6),  ['H'] = V(7),
    ['I'] = V(8),  ['J'] = V(9),  ['K'] = V(10), ['L'] = V(11), ['M'] = V(12), ['N'] = V(13), ['O'] = V(14), ['P'] = V(15),
    ['Q'] = V(16), ['R'] = V(17), ['S'] = V(18), ['T'] = V(19), ['U'] = V(20), ['V'] = V(21), ['W'] = V(22), ['X'] = V(23),
    ['Y'] = V(24), ['Z'] = V(25), ['a'] = V(26), ['b'] = V(27), ['c'] = V(28), ['d'] = V(29), ['e'] = V(30), ['f'] = V(31),
    ['g'] = V(32), ['h'] = V(33), ['i'] = V(34), ['j'] = V(35), ['k'] = V(36), ['l'] = V(37), ['m'] = V(38), ['n'] = V(39),
    ['o'] = V(40), ['p'] = V(41), ['q'] = V(42), ['r'] = V(43), ['s'] = V(44), ['t'] = V(45), ['u'] = V(46), ['v'] = V(47),
    ['w'] = V(48), ['x'] = V(49), ['y'] = V(50), ['z'] = V(51), ['0'] = V(52), ['1'] = V(53), ['2'] = V(54), ['3'] = V(55),
    ['4'] = V(56), ['5'] = V(57), ['6'] = V(58), ['7'] = V(59), ['8'] = V(60), ['9'] = V(61),
    ['+'] = V(62) | STANDARD_ONLY, ['/'] = V(63) | STANDARD_ONLY,
    ['-'] = V(62) | URLSAFE_ONLY, ['_'] = V(63) | URLSAFE_ONLY,
};

/*
 * Decodes (into out, when not NULL) or only checks s[0..len): whole quads
 * of one alphabet, "=" or "==" only at the very end, pad bits zero. The
 * decoded length goes to *n.
 */
static bool decode(const unsigned char *s, size_t len, unsigned char *out, size_t *n)
{
    if (len % 4 != 0)
        return false;
    size_t pad = len == 0 ? 0 : (s[len - 1] == '=') + (len >= 2 && s[len - 1] == '=' && s[len - 2] == '=');
    size_t full = len - (pad ? 4 : 0); /* the quads without padding */
    unsigned all = VALID, any = 0;
    size_t w = 0;
    for (size_t i = 0; i < full; i += 4) {
        unsigned a = sextet[s[i]], b = sextet[s[i + 1]], c = sextet[s[i + 2]], d = sextet[s[i + 3]];
        all &= a & b & c & d;
        any |= a | b | c | d;
        if (out != NULL) {
            uint32_t v = (a & VALUE) << 18 | (b & VALUE) << 12 | (c & VALUE) << 6 | (d & VALUE);
            out[w] = (unsigned char)(v >> 16);
            out[w + 1] = (unsigned char)(v >> 8);
            out[w + 2] = (unsigned char)v;
        }
        w += 3;
    }
    if (pad) {
        const unsigned char *q = s + full;
        unsigned a = sextet[q[0]], b = sextet[q[1]], c = pad == 1 ? sextet[q[2]] : VALID;
        all &= a & b & c;
        any |= a | b | c;
        /* The bits below the last byte must be zero: one spelling per byte string. */
        if ((pad == 2 && ((b & VALUE) & 0x0f) != 0) || (pad == 1 && ((c & VALUE) & 0x03) != 0))
            return false;
        uint32_t v = (a & VALUE) << 18 | (b & VALUE) << 12 | (c & VALUE) << 6;
        if (out != NULL) {
            out[w] = (unsigned char)(v >> 16);
            if (pad == 1)
                out[w + 1] = (unsigned char)(v >> 8);
        }
        w += 3 - pad;
    }
    if (!(all & VALID) || (any & (STANDARD_ONLY | URLSAFE_ONLY)) == (STANDARD_ONLY | URLSAFE_ONLY))
        return false;
    *n = w;
    return true;
}

/*
 * The unpadded base64url of JWS (RFC 7515 section 2): the URL-safe
 * alphabet alone, no "=", a last group of two or three characters whose
 * bits past the last byte are zero. Its own table (0x80: not in the
 * alphabet), built once from the shared one: a token is decoded on every
 * verification, so the loop is the shortest that checks every character.
 */
static unsigned char url_sextet[256];
static pthread_once_t url_once = PTHREAD_ONCE_INIT;

static void build_url_table(void)
{
    for (int c = 0; c < 256; c++)
        url_sextet[c] = (sextet[c] & VALID) && !(sextet[c] & STANDARD_ONLY) ? (unsigned char)(sextet[c] & VALUE) : 0x80;
}

static bool decode_url(const unsigned char *s, size_t len, unsigned char *out, size_t *n)
{
    size_t rest = len % 4, full = len - rest;
    if (rest == 1 || pthread_once(&url_once, build_url_table) != 0)
        return false;
    unsigned bad = 0;
    size_t w = 0;
    for (size_t i = 0; i < full; i += 4, w += 3) {
        unsigned a = url_sextet[s[i]], b = url_sextet[s[i + 1]], c = url_sextet[s[i + 2]], d = url_sextet[s[i + 3]];
        bad |= a | b | c | d;
        uint32_t v = a << 18 | b << 12 | c << 6 | d;
        out[w] = (unsigned char)(v >> 16);
        out[w + 1] = (unsigned char)(v >> 8);
        out[w + 2] = (unsigned char)v;
    }
    if (rest) {
        const unsigned char *q = s + full;
        unsigned a = url_sextet[q[0]], b = url_sextet[q[1]], c = rest == 3 ? url_sextet[q[2]] : 0;
        bad |= a | b | c;
        /* the bits past the last byte are zero: one spelling per byte string */
        if ((rest == 2 && (b & 0x0f) != 0) || (rest == 3 && (c & 0x03) != 0))
            return false;
        uint32_t v = a << 18 | b << 12 | c << 6;
        out[w] = (unsigned char)(v >> 16);
        if (rest == 3)
            out[w + 1] = (unsigned char)(v >> 8);
        w += rest - 1;
    }
    if (bad & 0x80)
        return false;
    *n = w;
    return true;
}

bool ssri_base64url_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status)
{
    *status = SSR_OK;
    *out = NULL;
    if (len % 4 == 1)
        return false;
    /* one pass: the buffer sized for the longest result, the text checked as it is decoded */
    unsigned char *buf = ssri_malloc(len / 4 * 3 + 3);
    if (buf == NULL) {
        *status = SSR_ENOMEM;
        return false;
    }
    size_t n = 0;
    if (!decode_url((const unsigned char *)s, len, buf, &n)) {
        ssri_free(buf);
        return false;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return true;
}

bool ssri_base64_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status)
{
    *status = SSR_OK;
    SSRI_RESET(out);
    size_t n = 0;
    if (!decode((const unsigned char *)s, len, NULL, &n))
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
    decode((const unsigned char *)s, len, buf, &n);
    buf[n] = '\0';
    *out = buf;
    return true;
}

/* A byte as a message shows it: 'x' when printable ASCII, else its value. */
static void show_byte(unsigned char c, char *out, size_t size)
{
    if (c > 0x20 && c < 0x7f && c != '\'')
        snprintf(out, size, "'%c'", c);
    else
        snprintf(out, size, "byte 0x%02X", c);
}

const char *ssri_base64_defect(const char *text, size_t len, char *buf, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    char shown[16];
    size_t standard = SIZE_MAX, urlsafe = SIZE_MAX;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            snprintf(buf, size, "white space at character %zu", i + 1);
            return buf;
        }
        if (s[i] == '=') {
            bool tail = i + 1 == len || (i + 2 == len && s[i + 1] == '=');
            if (!tail || len % 4 != 0) {
                snprintf(buf, size, "'=' at character %zu, before the end of a whole quad", i + 1);
                return buf;
            }
            continue;
        }
        if (!(sextet[s[i]] & VALID)) {
            show_byte(s[i], shown, sizeof shown);
            snprintf(buf, size, "%s at character %zu, outside the base64 alphabet", shown, i + 1);
            return buf;
        }
        if ((sextet[s[i]] & STANDARD_ONLY) && standard == SIZE_MAX)
            standard = i;
        if ((sextet[s[i]] & URLSAFE_ONLY) && urlsafe == SIZE_MAX)
            urlsafe = i;
    }
    if (standard != SIZE_MAX && urlsafe != SIZE_MAX) {
        snprintf(buf, size, "both alphabets ('%c' at character %zu and '%c' at character %zu)", s[standard],
                 standard + 1, s[urlsafe], urlsafe + 1);
        return buf;
    }
    if (len % 4 != 0) {
        snprintf(buf, size, "%zu characters, not a multiple of 4 (padding missing or cut)", len);
        return buf;
    }
    size_t last = len;
    while (last > 0 && s[last - 1] == '=')
        last--;
    if (last > 0) {
        snprintf(buf, size, "non-zero bits after the last byte, in '%c' at character %zu", s[last - 1], last);
        return buf;
    }
    return "text that does not decode";
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

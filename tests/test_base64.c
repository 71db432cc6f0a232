/*
 * The strict base64 decoder against libsodium's, which is the reference:
 * a string is base64 when its length is a multiple of four, it is ASCII,
 * and it decodes whole in libsodium's standard or URL-safe padded
 * variant, to the same bytes. (libsodium 1.0.18 decodes any byte of 0x80
 * and above as '/'; strict base64 refuses them.) Compared on every string of up to four characters over the
 * characters that matter, on random strings over them, and on each
 * one-character mutation of long encodings.
 */
#include <sodium.h>

#include "support.h"
#include "common/base64.h"
#include "common/internal.h"

/* Letters with pad bits set and clear, both alphabets' own characters, padding, and bytes of neither. */
static const char alphabet[] = "AQgwBz09+/-_= \n*\x80";
#define ALPHABET_LEN (sizeof alphabet - 1)

static size_t compared;

/* What libsodium decodes s to (true), or false when it is not strict base64. */
static bool reference(const char *s, size_t len, unsigned char *out, size_t cap, size_t *n)
{
    if (len % 4 != 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    static const int variants[] = {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_URLSAFE};
    for (size_t i = 0; i < 2; i++)
        if (sodium_base642bin(out, cap, s, len, NULL, n, NULL, variants[i]) == 0)
            return true;
    return false;
}

static void compare(const char *s, size_t len)
{
    unsigned char want[1024];
    size_t want_len = 0, got_len = 0;
    bool expected = reference(s, len, want, sizeof want, &want_len);
    unsigned char *got = NULL;
    int status = SSR_EINVAL;
    bool decoded = ssri_base64_decode(s, len, &got, &got_len, &status);
    assert_int_equal(status, SSR_OK);
    if (decoded != expected)
        fail_msg("\"%.*s\": libsodium says %s, libssr %s", (int)len, s, expected ? "base64" : "not base64",
                 decoded ? "base64" : "not base64");
    if (expected) {
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        assert_int_equal(got[got_len], 0);
        /* checking alone agrees with decoding, and reports the same length */
        size_t checked_len = 0;
        assert_true(ssri_base64_decode(s, len, NULL, &checked_len, &status));
        assert_int_equal(checked_len, want_len);
    } else {
        assert_null(got);
        assert_false(ssri_base64_decode(s, len, NULL, NULL, &status));
    }
    ssri_free(got);
    compared++;
}

static void every_short_string_agrees(void **state)
{
    (void)state;
    char s[4];
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= ALPHABET_LEN;
        for (size_t k = 0; k < total; k++) {
            size_t v = k;
            for (size_t i = 0; i < len; i++, v /= ALPHABET_LEN)
                s[i] = alphabet[v % ALPHABET_LEN];
            compare(s, len);
        }
    }
    /* every byte value in every position of a quad, the rest valid */
    for (int pos = 0; pos < 4; pos++)
        for (int byte = 0; byte < 256; byte++) {
            char quad[] = "QUJD";
            quad[pos] = (char)byte;
            compare(quad, 4);
            char padded[] = "QUI=";
            padded[pos] = (char)byte;
            compare(padded, 4);
        }
}

static void random_strings_agree(void **state)
{
    (void)state;
    char s[64];
    for (int round = 0; round < 200000; round++) {
        size_t len = 4 * (1 + randombytes_uniform(16)) - (randombytes_uniform(8) == 0);
        for (size_t i = 0; i < len; i++)
            s[i] = alphabet[randombytes_uniform(14)]; /* mostly base64 characters */
        if (randombytes_uniform(2))
            s[len - 1] = '=';
        if (randombytes_uniform(2) && len >= 2)
            s[len - 2] = '=';
        compare(s, len);
    }
}

static void mutations_of_long_encodings_agree(void **state)
{
    (void)state;
    unsigned char bytes[700];
    char text[1000];
    for (size_t n = 0; n < sizeof bytes; n += 1 + randombytes_uniform(37)) {
        randombytes_buf(bytes, n);
        int variant = n % 2 ? sodium_base64_VARIANT_URLSAFE : sodium_base64_VARIANT_ORIGINAL;
        sodium_bin2base64(text, sizeof text, bytes, n, variant);
        size_t len = strlen(text);
        compare(text, len);
        for (size_t at = 0; at < len; at++) {
            char kept = text[at];
            text[at] = alphabet[randombytes_uniform(ALPHABET_LEN)];
            compare(text, len);
            text[at] = kept;
        }
    }
}

/* Unpadded base64url against libsodium's URLSAFE_NO_PADDING, which refuses "=" and non-zero trailing bits. */
static void compare_url(const char *s, size_t len)
{
    unsigned char want[1024];
    size_t want_len = 0, got_len = 0;
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        ascii = ascii && (unsigned char)s[i] < 0x80;
    const char *end = NULL;
    bool expected = ascii && sodium_base642bin(want, sizeof want, s, len, NULL, &want_len, &end,
                                               sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && end == s + len;
    unsigned char *got = NULL;
    int status = SSR_EINVAL;
    bool decoded = ssri_base64url_decode(s, len, &got, &got_len, &status);
    assert_int_equal(status, SSR_OK);
    if (decoded != expected)
        fail_msg("\"%.*s\": libsodium says %s, libssr %s", (int)len, s, expected ? "base64url" : "not base64url",
                 decoded ? "base64url" : "not base64url");
    if (expected) {
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
    }
    ssri_free(got);
    compared++;
}

static void base64url_agrees(void **state)
{
    (void)state;
    char s[64];
    for (size_t len = 0; len <= 3; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= ALPHABET_LEN;
        for (size_t k = 0; k < total; k++) {
            size_t v = k;
            for (size_t i = 0; i < len; i++, v /= ALPHABET_LEN)
                s[i] = alphabet[v % ALPHABET_LEN];
            compare_url(s, len);
        }
    }
    for (int round = 0; round < 200000; round++) {
        size_t len = randombytes_uniform(60);
        for (size_t i = 0; i < len; i++)
            s[i] = alphabet[randombytes_uniform(14)];
        compare_url(s, len);
    }
    unsigned char bytes[300];
    char text[500];
    for (size_t n = 0; n < sizeof bytes; n++) {
        randombytes_buf(bytes, n);
        sodium_bin2base64(text, sizeof text, bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        compare_url(text, strlen(text));
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_short_string_agrees),
        cmocka_unit_test(random_strings_agree),
        cmocka_unit_test(mutations_of_long_encodings_agree),
        cmocka_unit_test(base64url_agrees),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    printf("%zu strings compared with libsodium\n", compared);
    return failed;
}

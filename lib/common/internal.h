/*
 * Internals shared by every part of the library: the allocator hook and a
 * growable byte buffer. Everything here is hidden from the shared library's
 * exports; names carry the ssri_ prefix so that a static link cannot clash
 * with a host program's symbols.
 */
#ifndef SSRI_INTERNAL_H
#define SSRI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssr/common.h"

void *ssri_malloc(size_t size);
void *ssri_realloc(void *ptr, size_t size);
void ssri_free(void *ptr);
/* A NUL-terminated copy of len bytes; NULL when out of memory. */
char *ssri_strndup(const char *s, size_t len);
/*
 * A full array of *cap elements of `size` bytes grown to twice as many
 * (`first` when it had none): the new array, with *cap updated; NULL when
 * out of memory or the size overflows, the array then left as it was.
 */
void *ssri_grow(void *items, size_t *cap, size_t size, size_t first);

/* The length of the well-formed UTF-8 sequence at s (1 to 4), or 0. */
size_t ssri_utf8_sequence(const unsigned char *s, size_t avail);
/* The code point of the well-formed sequence of n bytes at s (n from ssri_utf8_sequence). */
unsigned long ssri_utf8_decode(const unsigned char *s, size_t n);
/* The number of code points of the UTF-8 text s (its length "in characters"). */
size_t ssri_utf8_chars(const char *s);
/*
 * A copy of s in which every byte that is not part of well-formed UTF-8
 * (such as a sequence cut by a "%.80s") is U+FFFD and every control
 * character (U+0000..U+001F, U+007F..U+009F) is written \u00XX, so that a
 * message quoting the input never carries raw controls to a terminal;
 * NULL when out of memory.
 */
char *ssri_utf8_clean(const char *s);

/*
 * A growable buffer. Appends never fail loudly: the first failed
 * allocation sets `failed`, later appends do nothing, and the owner
 * checks `failed` once at the end.
 */
typedef struct ssri_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} ssri_buf;

void ssri_buf_append(ssri_buf *b, const void *data, size_t len);
void ssri_buf_putc(ssri_buf *b, char c);
void ssri_buf_puts(ssri_buf *b, const char *s);
void ssri_buf_printf(ssri_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Hands the contents to the caller as a NUL-terminated string (freed with
 * ssr_free) and resets the buffer. Returns SSR_ENOMEM (and frees the
 * contents) when any append failed.
 */
int ssri_buf_finish(ssri_buf *b, char **out, size_t *out_len);
void ssri_buf_release(ssri_buf *b);
/* Appends s[0..len) as a JSON string literal with RFC 8785 escaping. */
void ssri_json_escape(ssri_buf *b, const char *s, size_t len);

#define SSRI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The preamble of every public entry: each output the caller passed is
 * cleared first, so that no failure leaves a stale or partial value in it.
 */
#define SSRI_RESET(out)                                                                                               \
    do {                                                                                                               \
        if ((out) != NULL)                                                                                             \
            *(out) = NULL;                                                                                             \
    } while (0)
#define SSRI_RESET_LEN(out)                                                                                           \
    do {                                                                                                               \
        if ((out) != NULL)                                                                                             \
            *(out) = 0;                                                                                                \
    } while (0)

#endif /* SSRI_INTERNAL_H */

/*
 * Memory: the allocator hook (ssr_set_allocator(), set before first use),
 * the growable buffer every writer appends to, and string copies.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * The one piece of global state: set before first use (see common.h),
 * read-only afterwards, so no synchronisation is needed.
 */
static void *(*alloc_malloc)(size_t) = malloc;
static void *(*alloc_realloc)(void *, size_t) = realloc;
static void (*alloc_free)(void *) = free;

int ssr_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                      void (*free_fn)(void *))
{
    if (malloc_fn == NULL || realloc_fn == NULL || free_fn == NULL)
        return SSR_EINVAL;
    alloc_malloc = malloc_fn;
    alloc_realloc = realloc_fn;
    alloc_free = free_fn;
    return SSR_OK;
}

void *ssri_malloc(size_t size)
{
    return alloc_malloc(size ? size : 1);
}

void *ssri_realloc(void *ptr, size_t size)
{
    return alloc_realloc(ptr, size ? size : 1);
}

void ssri_free(void *ptr)
{
    if (ptr != NULL)
        alloc_free(ptr);
}

void ssr_free(void *ptr)
{
    ssri_free(ptr);
}

char *ssri_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *copy = ssri_malloc(len + 1);
    if (copy == NULL)
        return NULL;
    if (len > 0)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void *ssri_grow(void *items, size_t *cap, size_t size, size_t first)
{
    size_t want = *cap ? *cap * 2 : first;
    if (want < *cap || size == 0 || want > SIZE_MAX / size)
        return NULL;
    void *grown = ssri_realloc(items, want * size);
    if (grown != NULL)
        *cap = want;
    return grown;
}

static bool buf_grow(ssri_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra < b->cap - b->len)
        return true;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra)
        cap *= 2;
    char *data = ssri_realloc(b->data, cap);
    if (data == NULL) {
        b->failed = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void ssri_buf_append(ssri_buf *b, const void *data, size_t len)
{
    if (len == 0 || !buf_grow(b, len))
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void ssri_buf_putc(ssri_buf *b, char c)
{
    if (!buf_grow(b, 1))
        return;
    b->data[b->len++] = c;
}

void ssri_buf_puts(ssri_buf *b, const char *s)
{
    ssri_buf_append(b, s, strlen(s));
}

void ssri_buf_printf(ssri_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        ssri_buf_append(b, small, (size_t)n);
        return;
    }
    if (!buf_grow(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int ssri_buf_finish(ssri_buf *b, char **out, size_t *out_len)
{
    ssri_buf_putc(b, '\0');
    if (b->failed) {
        ssri_buf_release(b);
        return SSR_ENOMEM;
    }
    *out = b->data;
    if (out_len != NULL)
        *out_len = b->len - 1;
    b->data = NULL;
    b->len = b->cap = 0;
    return SSR_OK;
}

void ssri_buf_release(ssri_buf *b)
{
    ssri_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

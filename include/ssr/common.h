/*
 * libssr: version, status codes, memory.
 *
 * Everything in libssr returns an int status: 0 (SSR_OK) on success, a
 * negative SSR_E* value otherwise; ssr_strerror() names it. Detail about
 * an invalid input travels in an ssr_report (see report.h), never in
 * hidden per-thread state.
 *
 * Thread safety: no function keeps global mutable state (the allocator
 * hook below is the one exception, and it is set before first use). Every
 * function may be called from many threads at once on different objects;
 * read-only use of one object (an ssr_doc, an ssr_report, ssr_options)
 * from many threads at once is also safe.
 */
#ifndef SSR_COMMON_H
#define SSR_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SSR_BUILDING) && defined(__GNUC__)
#define SSR_API __attribute__((visibility("default")))
#else
#define SSR_API
#endif

#if defined(__GNUC__)
#define SSR_NODISCARD __attribute__((warn_unused_result))
#else
#define SSR_NODISCARD
#endif

#define SSR_VERSION_MAJOR 0
#define SSR_VERSION_MINOR 1
#define SSR_VERSION_PATCH 0
#define SSR_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH */
#define SSR_VERSION_NUMBER 100

/* The version of the library actually loaded, e.g. "0.1.0". Static. */
SSR_API const char *ssr_version(void);
/* The same as a number: MAJOR * 10000 + MINOR * 100 + PATCH. */
SSR_API int ssr_version_number(void);

/* Status codes. Values are stable across releases. */
typedef enum ssr_status {
    SSR_OK = 0,
    SSR_EINVAL = -1,   /* a bad argument: NULL where data is needed, unknown name */
    SSR_ENOMEM = -2,   /* an allocation failed; nothing was returned */
    SSR_EINVALID = -3, /* the input document is invalid; the report says why */
    SSR_ERANGE = -4,   /* a value or limit outside what the function accepts */
    SSR_EIO = -5,      /* reading or writing a file failed (see errno) */
    SSR_EVERIFY = -6,  /* a signature did not verify, or too few keys did */
    SSR_ENOMATCH = -7, /* nothing matched (subjects, trusted-publisher policies) */
    SSR_EEXIST = -8,   /* the file exists and is never overwritten */
    SSR_ECRYPTO = -9   /* the cryptography library failed: libsodium could not start (no randomness), or OpenSSL
                          failed other than on the input (never a verdict: a signature it judged is SSR_EVERIFY) */
} ssr_status;

/*
 * A short English description of a status code, e.g. "out of memory".
 * Never NULL; unknown codes give "unknown status". Static storage.
 */
SSR_API const char *ssr_strerror(int status);

/*
 * Frees a string or buffer that libssr returned (ssr_doc_canonical(),
 * ssr_report_to_json(), ...). NULL is accepted and ignored.
 */
SSR_API void ssr_free(void *ptr);

/*
 * Replaces the allocator libssr uses for everything it allocates (secret
 * key material excepted: that always lives in libsodium's guarded memory).
 * Call it once, before any other libssr function and before any thread
 * uses the library. All three functions are required; they must behave
 * like malloc, realloc and free. Returns SSR_EINVAL when one is NULL.
 */
SSR_API SSR_NODISCARD int ssr_set_allocator(void *(*malloc_fn)(size_t),
                              void *(*realloc_fn)(void *, size_t),
                              void (*free_fn)(void *));

#ifdef __cplusplus
}
#endif

#endif /* SSR_COMMON_H */

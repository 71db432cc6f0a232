/*
 * Strict base64 of public data: one alphabet per string (standard or
 * URL-safe), canonical padding, zero pad bits, no white space. Decoding
 * is not constant-time (see base64.c); secrets never come here.
 */
#ifndef SSRI_BASE64_H
#define SSRI_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Decodes s[0..len). On success returns true and, when out is not NULL,
 * a new buffer (freed with ssri_free) of *out_len bytes, NUL-terminated
 * for convenience. *status is SSR_ENOMEM when an allocation failed (and
 * false is returned); otherwise false means the text is not strict base64.
 * With out NULL it only checks, and never allocates.
 */
bool ssri_base64_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status);

/*
 * Unpadded base64url (JWS): the URL-safe alphabet only, no padding, no
 * white space, zero trailing bits. As ssri_base64_decode(), out required.
 */
bool ssri_base64url_decode(const char *s, size_t len, unsigned char **out, size_t *out_len, int *status);

/*
 * Why s[0..len), which ssri_base64_decode() refused, is not strict base64:
 * "white space at character 5", "both alphabets (...)"..., written into
 * buf (or a static string); for "Expected base64 ..., found %s." messages.
 */
const char *ssri_base64_defect(const char *s, size_t len, char *buf, size_t size);

/* The base64 text (standard alphabet, padded) of data[0..len); NULL when out of memory. */
char *ssri_base64_encode(const unsigned char *data, size_t len, size_t *out_len);

#endif /* SSRI_BASE64_H */

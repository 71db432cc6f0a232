/*
 * Parsers behind the string formats, for rules that need the parts.
 */
#ifndef SSRI_FORMATS_H
#define SSRI_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A package URL's parts, pointing into the parsed string (still percent-encoded). */
typedef struct ssri_purl {
    const char *type;
    size_t type_len;
    const char *namespace_;
    size_t namespace_len;
    const char *name;
    size_t name_len;
    const char *version; /* NULL when absent */
    size_t version_len;
} ssri_purl;

bool ssri_purl_parse(const char *s, ssri_purl *out);

/* Decodes %XX escapes of s[0..len) into out (NUL-terminated); returns the length. */
size_t ssri_percent_decode(const char *s, size_t len, char *out, size_t size);

/* RFC 3339 UTC timestamp ("...Z"); the seconds since the epoch when not NULL. */
bool ssri_timestamp_parse(const char *s, int64_t *unix_seconds);

/* An RFC 3986 URI with a scheme, exactly the strings Ajv's "uri" format accepts. */
bool ssri_uri_valid(const char *s);

/* Is `s` an OSV ecosystem name, optionally with ":SUFFIX"? */
bool ssri_ecosystem_known(const char *s);

#endif /* SSRI_FORMATS_H */

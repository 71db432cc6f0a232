/*
 * Parsers behind the string formats, for rules that need the parts.
 */
#ifndef SSRI_FORMATS_H
#define SSRI_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/timestamp.h"

/* An RFC 3986 URI with a scheme, exactly the strings Ajv's "uri" format accepts. */
bool ssri_uri_valid(const char *s);

/* Is `s` an OSV ecosystem name, optionally with ":SUFFIX"? */
bool ssri_ecosystem_known(const char *s);

/*
 * The first invisible or bidirectional-control code point of `s` (soft
 * hyphen, Arabic letter mark, zero-width and directional marks, embeddings,
 * overrides and isolates, word joiners, BOM) as "U+XXXX at character N"
 * into buf; NULL when there is none. Such a name looks like another.
 */
const char *ssri_invisible_found(const char *s, char *buf, size_t size);

/* The OSV name `s` spells in another case ("Pypi": "PyPI"), else NULL. Static. */
const char *ssri_ecosystem_case_variant(const char *s);

#endif /* SSRI_FORMATS_H */

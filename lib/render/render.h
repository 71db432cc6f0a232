/*
 * Writing for people: HTML and SVG text, escaped.
 */
#ifndef SSRI_RENDER_H
#define SSRI_RENDER_H

#include "common/internal.h"

/*
 * Appends the UTF-8 text `s` as HTML/XML character data or attribute value:
 * & < > " ' as references; control characters (other than tab and line
 * feed), bidirectional overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) and noncharacters as U+FFFD, so that a value can neither
 * become markup nor reorder the text around it.
 */
void ssri_html_text(ssri_buf *b, const char *s);

/* The same for `len` bytes at `s`. */
void ssri_html_textn(ssri_buf *b, const char *s, size_t len);

/*
 * A URL or path as element content: ssri_html_text() with a line-break
 * opportunity (<wbr>) after each '/' and before '@', '?', '#' and '&', so
 * that a narrow box breaks it between its parts, never inside a word.
 */
void ssri_html_path(ssri_buf *b, const char *s);

/*
 * Appends `url` as an href value when it is an https URL without
 * credentials (and returns 1); else appends nothing and returns 0. A
 * value that is not https (javascript:, data:, http:) is never a link.
 */
int ssri_html_href(ssri_buf *b, const char *url);

#endif /* SSRI_RENDER_H */

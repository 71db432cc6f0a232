/*
 * Package URLs, for the kinds that check them (release, OSV, npm's publish
 * statement): the private side of ssr/purl.h.
 */
#ifndef SSRI_PURL_H
#define SSRI_PURL_H

#include "common/internal.h"
#include "ssr/purl.h"

/* Why a purl was refused: a purl.* code, a message, and where. */
typedef struct ssri_purl_error {
    const char *code;
    char message[256];
    int part;      /* the component concerned (ssr_purl_part), or -1 for the whole string */
    size_t offset; /* parse: the byte of the string where the fault is */
} ssri_purl_error;

/*
 * ssr_purl_parse() of a NUL-terminated-or-not string, the refusal in *err.
 * Returns SSR_OK, SSR_EINVALID or SSR_ENOMEM.
 */
int ssri_purl_parse(const char *s, size_t len, unsigned flags, ssr_purl **purl, ssri_purl_error *err);

/* A purl from its components (any of them NULL), normalized and checked as a parsed one is. */
int ssri_purl_from_parts(const char *const parts[5], size_t qualifiers, const char *const *keys,
                         const char *const *values, ssr_purl **purl, ssri_purl_error *err);

/* Does type `type` fold the case of component `part` (so that two spellings name one package)? */
bool ssri_purl_folds(const char *type, int part);

/* Appends the canonical string. */
void ssri_purl_write(const ssr_purl *purl, ssri_buf *b);

#endif /* SSRI_PURL_H */

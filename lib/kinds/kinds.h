/*
 * The kind registry: one entry per document kind, each kind's rules in a
 * file of its own under lib/kinds/.
 */
#ifndef SSRI_KINDS_H
#define SSRI_KINDS_H

#include "json/json.h"
#include "ssr/validate.h"

/* What a kind's validator sees: the parsed document and where to report. */
typedef struct ssri_check {
    const cJSON *root;
    const char *src;
    size_t src_len;
    ssr_report *report;
    int status; /* SSR_OK, or SSR_ENOMEM once an allocation failed */
} ssri_check;

struct ssri_native;

typedef struct ssri_kind {
    int id;
    const char *name;
    const struct ssri_native *native; /* the node tables of a native kind */
    /* the rules of an adopted format; NULL: none beyond its tables or JSON */
    void (*validate)(ssri_check *check);
} ssri_kind;

const ssri_kind *ssri_kind_by_id(int id);

#endif /* SSRI_KINDS_H */

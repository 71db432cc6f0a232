/*
 * Detection of a document's kind from its top-level member names
 * (schema/SPEC.md section 9, "Detection").
 */
#ifndef SSRI_DETECT_H
#define SSRI_DETECT_H

#include "kinds.h"

/* A name or a string value: bytes, not NUL-terminated (sniffed names are not unescaped). */
typedef struct ssri_name {
    const char *text;
    size_t len;
} ssri_name;

/* The top-level members: a parsed object, or the names sniffed from a document that did not parse. */
typedef struct ssri_members {
    const cJSON *object;
    ssri_name names[32];
    ssri_name values[32]; /* string values (text NULL for others) */
    size_t count;
} ssri_members;

typedef enum ssri_detect_status { SSRI_DETECTED, SSRI_UNDETECTED, SSRI_AMBIGUOUS } ssri_detect_status;

typedef struct ssri_detection {
    ssri_detect_status status;
    int kind;          /* the kind detected; SSR_KIND_JSON when undetected or ambiguous */
    int first;         /* the (first) kind marked */
    ssri_name mark;    /* the name that marked it */
    int other;         /* ambiguous: the second kind */
    ssri_name other_mark;
    bool unknown_ssr;  /* an "ssr" member names no known kind */
} ssri_detection;

ssri_detection ssri_detect(const ssri_members *m);

#endif /* SSRI_DETECT_H */

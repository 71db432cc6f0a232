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
    bool shape_only; /* leave encoded payloads unopened (verification judges signatures, not contents) */
    ssri_arena *arena; /* the document's: what the protobuf JSON mapping rewrites lives here */
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

/*
 * ssr_validate(), keeping the parsed document for the caller: *doc (when
 * doc is not NULL) is the document when it parsed, else NULL; free it with
 * ssr_doc_free(). With shape_only, payloads encoded inside the document
 * (a DSSE envelope's Statement) are not decoded and judged.
 */
int ssri_validate(const void *data, size_t len, int kind, const ssr_options *opts, bool shape_only, ssr_doc **doc,
                  ssr_report **report);

#endif /* SSRI_KINDS_H */

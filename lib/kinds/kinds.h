/*
 * The kind registry: one entry per document kind, each kind's rules in a
 * file of its own under lib/kinds/.
 */
#ifndef SSRI_KINDS_H
#define SSRI_KINDS_H

#include "json/json.h"
#include "schema/schema.h"
#include "ssr/validate.h"

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

/* The native kinds. */
extern const ssri_native ssri_release_kind;
extern const ssri_native ssri_trusted_publisher_kind;
extern const ssri_native ssri_repository_profile_kind;
extern const ssri_native ssri_osv_kind;

#endif /* SSRI_KINDS_H */

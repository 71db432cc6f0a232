/*
 * Detection: the kind of a document whose caller did not name one.
 *
 * Each kind has marks: top-level member names that belong to it and to no
 * other kind. A document carrying any mark of a kind is validated as that
 * kind, so that removing one required member of a valid document leaves an
 * invalid document of the same kind, never a valid plain JSON one. A mark
 * counts only when it is distinctive: when the document is also marked as
 * another kind that defines that same name (or a near-miss spelling of it),
 * the name tells nothing (a release's "published" is not an OSV mark; a
 * bundle's misspelt "verification_material" is not a PEP 740 one). "ssr"
 * marks the native kind its value names. A document marked as two kinds is
 * an error naming both; a document with no mark is undetected. Near-miss
 * spellings of marks ("SSR", "PayloadType") detect a kind only when no
 * exact mark does; the kind's own near-miss rule then refuses them.
 * schema/SPEC.md section 9 gives this table.
 */
#include <string.h>

#include "detect.h"
#include "schema/schema.h"

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})

typedef struct rule {
    int kind;
    const char *const *marks;  /* distinctive top-level names */
    const char *const *shared; /* the kind's other top-level names: never marks */
} rule;

static const rule rules[] = {
    {SSR_KIND_RELEASE, NAMES("package", "artifacts", "publisher", "status", "provenance"),
     NAMES("ssr", "version", "published")},
    {SSR_KIND_TRUSTED_PUBLISHER,
     NAMES("provider", "issuer", "audience", "state", "bindings", "pending", "github", "gitlab", "google", "activestate",
           "conditions", "token"),
     NAMES("ssr", "id")},
    {SSR_KIND_REPOSITORY_PROFILE, NAMES("repository", "assessed", "taxonomy", "capabilities"), NAMES("ssr")},
    {SSR_KIND_OSV,
     NAMES("id", "modified", "published", "withdrawn", "schema_version", "aliases", "related", "upstream", "summary",
           "details", "severity", "affected", "references", "credits", "database_specific"),
     NONE},
    {SSR_KIND_IN_TOTO_STATEMENT, NAMES("_type", "subject", "predicateType", "predicate"), NONE},
    {SSR_KIND_SLSA_PROVENANCE,
     NAMES("buildDefinition", "runDetails", "builder", "buildType", "invocation", "buildConfig", "materials"),
     NAMES("metadata")},
    {SSR_KIND_DSSE_ENVELOPE, NAMES("payload", "payloadType"), NAMES("signatures")},
    {SSR_KIND_SIGSTORE_BUNDLE, NAMES("mediaType", "verificationMaterial", "messageSignature", "dsseEnvelope"), NONE},
    {SSR_KIND_PEP740_ATTESTATION, NAMES("verification_material", "envelope"), NAMES("version")},
    /* "version" alone is the smallest PEP 740 object: a provenance object without its bundles */
    {SSR_KIND_PEP740_PROVENANCE, NAMES("attestation_bundles", "version"), NONE},
    {SSR_KIND_NPM_ATTESTATIONS, NAMES("attestations"), NONE},
    {SSR_KIND_SIGSTORE_TRUSTED_ROOT, NAMES("tlogs", "certificateAuthorities", "ctlogs", "timestampAuthorities"),
     NAMES("mediaType")},
};

#define RULES SSRI_ARRAY_LEN(rules)
#define NOT_MARKED SIZE_MAX

/* Walks the top-level names of a parsed object or of the names sniffed from an unparsed one. */
typedef struct cursor {
    const ssri_members *m;
    const cJSON *node;
    size_t i;
} cursor;

static cursor start(const ssri_members *m)
{
    return (cursor){m, m->object != NULL ? m->object->child : NULL, 0};
}

static bool next(cursor *c, ssri_name *name, ssri_name *value)
{
    if (c->m->object != NULL) {
        if (c->node == NULL)
            return false;
        *name = (ssri_name){c->node->string, strlen(c->node->string)};
        const char *s = cJSON_IsString(c->node) ? c->node->valuestring : NULL;
        *value = (ssri_name){s, s != NULL ? strlen(s) : 0};
        c->node = c->node->next;
    } else {
        if (c->i >= c->m->count)
            return false;
        *name = c->m->names[c->i];
        *value = c->m->values[c->i];
    }
    c->i++;
    return true;
}

static bool same(ssri_name name, const char *want, bool near)
{
    return near ? ssri_name_near(name.text, name.len, want)
                : strlen(want) == name.len && memcmp(want, name.text, name.len) == 0;
}

static bool in_list(const char *const *list, ssri_name name, bool near)
{
    for (; *list != NULL; list++)
        if (same(name, *list, near))
            return true;
    return false;
}

/* The native kind named by an "ssr" value ("<kind>/v<major>"), or -1. */
static int native_kind(ssri_name value)
{
    static const int natives[] = {SSR_KIND_RELEASE, SSR_KIND_TRUSTED_PUBLISHER, SSR_KIND_REPOSITORY_PROFILE};
    size_t n = 0;
    while (value.text != NULL && n < value.len && value.text[n] != '/')
        n++;
    for (size_t i = 0; value.text != NULL && i < SSRI_ARRAY_LEN(natives); i++) {
        const char *name = ssr_kind_name(natives[i]);
        if (strlen(name) == n && memcmp(value.text, name, n) == 0)
            return natives[i];
    }
    return -1;
}

/*
 * The index of the rule that a name marks (exactly, or nearly when `near`),
 * or NOT_MARKED. "ssr" marks by its value (*via_ssr); a value naming no
 * kind sets *unknown.
 */
static size_t marked(ssri_name name, ssri_name value, bool near, bool *via_ssr, bool *unknown)
{
    *via_ssr = same(name, "ssr", near);
    if (*via_ssr) {
        int kind = native_kind(value);
        *unknown = *unknown || kind < 0;
        for (size_t k = 0; k < RULES; k++)
            if (rules[k].kind == kind)
                return k;
        return NOT_MARKED;
    }
    for (size_t k = 0; k < RULES; k++)
        if (in_list(rules[k].marks, name, near))
            return k;
    return NOT_MARKED;
}

/* The first name marking each kind (index into the names), NOT_MARKED for kinds not marked; how many kinds. */
static size_t mark_kinds(const ssri_members *m, bool near, size_t first[RULES], bool *unknown)
{
    size_t kinds = 0;
    for (size_t k = 0; k < RULES; k++)
        first[k] = NOT_MARKED;
    cursor c = start(m);
    ssri_name name, value;
    bool via_ssr;
    while (next(&c, &name, &value)) {
        size_t k = marked(name, value, near, &via_ssr, unknown);
        if (k != NOT_MARKED && first[k] == NOT_MARKED) {
            first[k] = c.i - 1;
            kinds++;
        }
    }
    return kinds;
}

/* The first name that marks rule k and that no other marked kind defines, or NOT_MARKED. */
static size_t distinctive_mark(const ssri_members *m, bool near, const size_t first[RULES], size_t k,
                               ssri_name *mark)
{
    cursor c = start(m);
    ssri_name name, value;
    bool via_ssr, unknown = false;
    while (next(&c, &name, &value)) {
        if (marked(name, value, near, &via_ssr, &unknown) != k)
            continue;
        bool shared = false;
        for (size_t o = 0; o < RULES && !shared && !via_ssr; o++)
            shared = o != k && first[o] != NOT_MARKED &&
                     (in_list(rules[o].marks, name, true) || in_list(rules[o].shared, name, true));
        if (!shared) {
            *mark = name;
            return c.i - 1;
        }
    }
    return NOT_MARKED;
}

/* Records kind k, marked by `mark`, as the first or second kind found. */
static void found_kind(ssri_detection *d, size_t *found, size_t k, ssri_name mark)
{
    if (*found == 0) {
        d->first = rules[k].kind;
        d->mark = mark;
    } else if (*found == 1) {
        d->other = rules[k].kind;
        d->other_mark = mark;
    }
    (*found)++;
}

ssri_detection ssri_detect(const ssri_members *m)
{
    ssri_detection d = {.kind = SSR_KIND_JSON, .first = SSR_KIND_JSON, .other = SSR_KIND_JSON};
    size_t first[RULES];
    bool near = false;
    size_t kinds = mark_kinds(m, near, first, &d.unknown_ssr);
    if (kinds == 0) {
        near = true;
        kinds = mark_kinds(m, near, first, &d.unknown_ssr);
    }
    size_t found = 0;
    for (size_t k = 0; k < RULES; k++) {
        ssri_name mark;
        if (first[k] != NOT_MARKED && distinctive_mark(m, near, first, k, &mark) != NOT_MARKED)
            found_kind(&d, &found, k, mark);
    }
    /* Marks that are all names of one another's kinds: as ambiguous as it gets. */
    bool fallback = found == 0 && kinds > 1;
    for (size_t k = 0; k < RULES && fallback; k++) {
        cursor c = start(m);
        ssri_name name, value;
        bool via_ssr, unknown = false;
        while (first[k] != NOT_MARKED && next(&c, &name, &value))
            if (marked(name, value, near, &via_ssr, &unknown) == k) {
                found_kind(&d, &found, k, name);
                break;
            }
    }
    d.status = found == 0 ? SSRI_UNDETECTED : found == 1 ? SSRI_DETECTED : SSRI_AMBIGUOUS;
    d.kind = d.status == SSRI_DETECTED ? d.first : SSR_KIND_JSON;
    return d;
}

/*
 * in-toto: the Statement (v1, and v0.1 which npm and some builders still
 * write), ResourceDescriptor and DigestSet, and the predicates libssr
 * knows: SLSA Provenance v1 (v0.2 recognised), npm publish v0.1 and PyPI
 * publish v1. The `slsa-provenance` kind is a bare SLSA predicate.
 * Decisions where real data and the specifications disagree are in
 * schema/SPEC.md section 9.8.
 */
#include <stdio.h>
#include <string.h>

#include "attestations.h"
#include "schema/formats.h"
#include "nodes.h"
#include "purl/purl.h"

#define STATEMENT_V1 "https://in-toto.io/Statement/v1"
#define STATEMENT_V01 "https://in-toto.io/Statement/v0.1"

/* ---- DigestSet ---------------------------------------------------------- */

/* Known algorithms and their lengths in hex digits (0: any even length; git*: 40 or 64). */
static const struct {
    const char *name;
    size_t hex;
} known_digests[] = {
    {"md5", 32},        {"sha1", 40},       {"sha224", 56},     {"sha512_224", 56}, {"sha3_224", 56},
    {"sha256", 64},     {"sha512_256", 64}, {"sha3_256", 64},   {"dirHash", 64},    {"sha384", 96},
    {"sha3_384", 96},   {"sha512", 128},    {"sha3_512", 128},  {"gitCommit", 40},  {"gitTree", 40},
    {"gitBlob", 40},    {"gitTag", 40},     {"shake128", 0},    {"shake256", 0},    {"blake2b", 0},
    {"blake2s", 0},     {"ripemd160", 0},   {"sm3", 0},         {"gost", 0},
};

bool ssri_digest_known(const char *name, size_t *hex)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(known_digests); i++) {
        if (strcmp(known_digests[i].name, name) == 0) {
            if (hex != NULL)
                *hex = known_digests[i].hex;
            return true;
        }
    }
    return false;
}

static bool lowercase_hex(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

static void check_digest_set(ssri_walk *w, const cJSON *set)
{
    size_t known = 0;
    for (const cJSON *d = set->child; d != NULL; d = d->next) {
        size_t hex;
        if (!cJSON_IsString(d)) {
            ssri_flag(w, SSR_SEVERITY_ERROR, "digest", "type", d, false, d->string, "Expected a string digest, found %s.",
                      ssri_type_name(d));
            continue;
        }
        if (!ssri_digest_known(d->string, &hex))
            continue; /* custom algorithms are allowed and ignored */
        known++;
        size_t n = strlen(d->valuestring);
        bool git = strncmp(d->string, "git", 3) == 0;
        bool length_ok = hex == 0 ? n > 0 && n % 2 == 0 : n == hex || (git && n == 64);
        if (!lowercase_hex(d->valuestring) || !length_ok)
            ssri_flag(w, SSR_SEVERITY_ERROR, "digest", "format", d, false, d->string,
                      "Expected %s as lowercase hex%s, found \"%.80s\".", d->string,
                      hex == 0 ? "" : git ? " of 40 or 64 digits" : " of the algorithm's length", d->valuestring);
    }
    if (set->child == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "digest", "empty", set, false, NULL,
                  "Expected at least one digest in the set, found none.");
    else if (known == 0)
        ssri_flag(w, SSR_SEVERITY_WARNING, "digest", "no-known-algorithm", set, false, NULL,
                  "Expected a digest of a known algorithm (sha256, sha512...); custom ones are never used to match "
                  "an artifact.");
}

const ssri_node ssri_digest_set_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_statement_kind,
    .stem = "digest",
    .title = "DigestSet: algorithm name to lowercase hex.",
    .check = check_digest_set,
};

/* ---- ResourceDescriptor ------------------------------------------------- */

static const ssri_member descriptor_members[] = {
    {"name", SSRI_STR("resource.name", NULL, 0, 0, 0), false},
    {"uri", SSRI_STR("resource.uri", NULL, SSRI_FMT_URI, 0, 0), false},
    {"digest", &ssri_digest_set_node, false},
    {"content", SSRI_STR("resource.content", NULL, SSRI_FMT_BASE64, 0, 0), false},
    {"downloadLocation", SSRI_STR("resource.download-location", NULL, SSRI_FMT_URI, 0, 0), false},
    {"mediaType", SSRI_STR("resource.media-type", NULL, 0, 0, 0), false},
    {"annotations", &(const ssri_node){.type = SSRI_OBJECT, .stem = "resource.annotations"}, false},
    {NULL, NULL, false},
};

static void check_descriptor(ssri_walk *w, const cJSON *rd)
{
    if (ssri_get(rd, "uri") == NULL && ssri_get(rd, "digest") == NULL && ssri_get(rd, "content") == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "resource", "identity-missing", rd, false, NULL,
                  "Expected a resource descriptor with uri, digest or content, found none of them.");
}

/* A ResourceDescriptor where it only needs to name something (SLSA dependencies). */
const ssri_node ssri_descriptor_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_statement_kind,
    .stem = "resource",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .nullable = true,
    .members = descriptor_members,
    .check = check_descriptor,
};

#define DESCRIPTORS(stem_) \
    (&(const ssri_node){.type = SSRI_ARRAY, .stem = (stem_), .nullable = true, .items = &ssri_descriptor_node})

/* ---- SLSA Provenance ---------------------------------------------------- */

#define OPT_TIMESTAMP(stem_) (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .nullable = true, .format = SSRI_FMT_TIMESTAMP})
#define OPT_STRING(stem_) (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .nullable = true})
#define OPT_OBJECT(stem_) (&(const ssri_node){.type = SSRI_OBJECT, .stem = (stem_), .nullable = true})

/*
 * SLSA makes externalParameters REQUIRED for Build L1 but also says unset,
 * null and empty are equivalent; real provenance (sigstore-conformance)
 * omits it. A missing or empty one is therefore a warning: the provenance
 * parses, it just records no external parameters.
 */
static void check_build_definition(ssri_walk *w, const cJSON *definition)
{
    const cJSON *params = ssri_get(definition, "externalParameters");
    if (params == NULL || cJSON_IsNull(params) || (cJSON_IsObject(params) && params->child == NULL))
        ssri_flag(w, SSR_SEVERITY_WARNING, "slsa.external-parameters", "missing", params != NULL ? params : definition,
                  false, params != NULL ? "externalParameters" : NULL,
                  "Expected the build's external parameters (SLSA Build L1 requires them), found none.");
}

static const ssri_node slsa_v1_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_slsa_kind,
    .stem = "slsa",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"buildDefinition",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "slsa.build-definition",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS(
                 {"buildType", SSRI_STR("slsa.build-type", NULL, SSRI_FMT_TYPE_URI, 0, 0), true},
                 {"externalParameters", OPT_OBJECT("slsa.external-parameters"), false},
                 {"internalParameters", OPT_OBJECT("slsa.internal-parameters"), false},
                 {"resolvedDependencies", DESCRIPTORS("slsa.resolved-dependencies"), false}),
             .check = check_build_definition,
         },
         true},
        {"runDetails",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "slsa.run-details",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS(
                 {"builder",
                  &(const ssri_node){
                      .type = SSRI_OBJECT,
                      .stem = "slsa.builder",
                      .unknown = SSRI_UNKNOWN_IGNORE,
                      .members = SSRI_MEMBERS(
                          {"id", SSRI_STR("slsa.builder.id", NULL, SSRI_FMT_TYPE_URI, 0, 0), true},
                          {"version", OPT_OBJECT("slsa.builder.version"), false},
                          {"builderDependencies", DESCRIPTORS("slsa.builder-dependencies"), false}),
                  },
                  true},
                 {"metadata",
                  &(const ssri_node){
                      .type = SSRI_OBJECT,
                      .stem = "slsa.metadata",
                      .nullable = true,
                      .unknown = SSRI_UNKNOWN_IGNORE,
                      .members = SSRI_MEMBERS({"invocationId", OPT_STRING("slsa.invocation-id"), false},
                                              {"startedOn", OPT_TIMESTAMP("slsa.started-on"), false},
                                              {"finishedOn", OPT_TIMESTAMP("slsa.finished-on"), false}),
                  },
                  false},
                 {"byproducts", DESCRIPTORS("slsa.byproducts"), false}),
         },
         true}),
};

/* v0.2 is recognised: its shape is checked, the rest is history. */
static const ssri_node slsa_v02_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_slsa_kind,
    .stem = "slsa02",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"builder",
         &(const ssri_node){.type = SSRI_OBJECT, .stem = "slsa02.builder", .unknown = SSRI_UNKNOWN_IGNORE,
                            .members = SSRI_MEMBERS({"id", SSRI_STR("slsa02.builder.id", NULL, SSRI_FMT_URI, 0, 0), true})},
         true},
        {"buildType", SSRI_STR("slsa02.build-type", NULL, SSRI_FMT_URI, 0, 0), true},
        {"invocation", OPT_OBJECT("slsa02.invocation"), false},
        {"buildConfig", &(const ssri_node){.type = SSRI_ANY, .stem = "slsa02.build-config"}, false},
        {"metadata",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "slsa02.metadata",
             .nullable = true,
             .unknown = SSRI_UNKNOWN_IGNORE,
             /* The spec says buildInvocationId; in-toto-golang, and so slsa-github-generator, write buildInvocationID. */
             .members = SSRI_MEMBERS({"buildInvocationId", OPT_STRING("slsa02.build-invocation-id"), false},
                                     {"buildInvocationID", OPT_STRING("slsa02.build-invocation-id"), false},
                                     {"buildStartedOn", OPT_TIMESTAMP("slsa02.build-started-on"), false},
                                     {"buildFinishedOn", OPT_TIMESTAMP("slsa02.build-finished-on"), false}),
         },
         false},
        {"materials",
         &(const ssri_node){
             .type = SSRI_ARRAY,
             .stem = "slsa02.materials",
             .nullable = true,
             .items = &(const ssri_node){
                 .type = SSRI_OBJECT,
                 .stem = "slsa02.material",
                 .unknown = SSRI_UNKNOWN_IGNORE,
                 .members = SSRI_MEMBERS({"uri", SSRI_STR("slsa02.material.uri", NULL, 0, 0, 0), false},
                                         {"digest", &ssri_digest_set_node, false}),
             }},
         false}),
};

/* ---- known predicates --------------------------------------------------- */

static const ssri_node npm_publish_node = {
    .type = SSRI_OBJECT,
    .stem = "npm-publish",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS({"name", SSRI_STR("npm-publish.name", NULL, 0, 1, 0), true},
                            {"version", SSRI_STR("npm-publish.version", NULL, 0, 1, 0), true},
                            {"registry", SSRI_STR("npm-publish.registry", NULL, SSRI_FMT_URI, 0, 0), true}),
};

static bool is_empty_predicate(const cJSON *predicate)
{
    return predicate == NULL || cJSON_IsNull(predicate) || (cJSON_IsObject(predicate) && predicate->child == NULL);
}

static void check_pypi_publish(ssri_walk *w, const cJSON *statement)
{
    const cJSON *predicate = ssri_get(statement, "predicate");
    if (!is_empty_predicate(predicate))
        ssri_flag(w, SSR_SEVERITY_ERROR, "predicate.pypi-publish", "not-empty", predicate, false, "predicate",
                  "Expected the PyPI publish predicate to be {} or null, found members.");
}

/* The npm publish statement names the package it attests: pkg:npm/NAME@VERSION and a sha512. */
static void check_npm_publish(ssri_walk *w, const cJSON *statement)
{
    const cJSON *predicate = ssri_get(statement, "predicate");
    const cJSON *subject = ssri_get(statement, "subject");
    const char *name = ssri_get_string(predicate, "name"), *version = ssri_get_string(predicate, "version");
    const cJSON *first = cJSON_IsArray(subject) ? subject->child : NULL;
    const cJSON *subject_name = ssri_get(first, "name");
    if (name == NULL || version == NULL || !cJSON_IsString(subject_name))
        return;
    /* The canonical purl of NAME@VERSION, as pacote builds it: a scope is the namespace, written %40scope. */
    const char *slash = name[0] == '@' ? strchr(name, '/') : NULL;
    char *scope = slash != NULL ? ssri_strndup(name, (size_t)(slash - name)) : NULL;
    const char *parts[5] = {"npm", scope, slash != NULL ? slash + 1 : name, version, NULL};
    ssr_purl *purl = NULL;
    ssri_purl_error err;
    ssri_buf want = {0};
    int status = slash != NULL && scope == NULL ? SSR_ENOMEM : ssri_purl_from_parts(parts, 0, NULL, NULL, &purl, &err);
    if (status == SSR_OK)
        ssri_purl_write(purl, &want);
    ssri_buf_putc(&want, '\0');
    if (status == SSR_ENOMEM || want.failed) {
        w->check->status = SSR_ENOMEM;
    } else if (status != SSR_OK || strcmp(subject_name->valuestring, want.data) != 0) {
        size_t mark = ssri_push_name(w, "subject");
        size_t inner = ssri_push_index(w, 0);
        if (status != SSR_OK)
            ssri_flag(w, SSR_SEVERITY_ERROR, "subject.npm-purl", "mismatch", subject_name, false, "name",
                      "Expected the npm publish subject to be the purl of package \"%.80s\" version \"%.80s\", "
                      "which names no purl: %s",
                      name, version, err.message);
        else
            ssri_flag(w, SSR_SEVERITY_ERROR, "subject.npm-purl", "mismatch", subject_name, false, "name",
                      "Expected the npm publish subject to be \"%.200s\", found \"%.200s\".", want.data,
                      subject_name->valuestring);
        ssri_pop(w, inner);
        ssri_pop(w, mark);
    }
    ssri_buf_release(&want);
    ssr_purl_free(purl);
    ssri_free(scope);
}

typedef struct predicate_rule {
    const char *type;
    const ssri_node *node; /* the predicate's shape, or NULL */
    void (*check)(ssri_walk *w, const cJSON *statement);
} predicate_rule;

static const predicate_rule predicates[] = {
    {"https://slsa.dev/provenance/v1", &slsa_v1_node, NULL},
    {"https://slsa.dev/provenance/v0.2", &slsa_v02_node, NULL},
    {"https://github.com/npm/attestation/tree/main/specs/publish/v0.1", &npm_publish_node, check_npm_publish},
    {"https://docs.pypi.org/attestations/publish/v1", NULL, check_pypi_publish},
};

/* ---- the Statement ------------------------------------------------------ */

static void check_subjects(ssri_walk *w, const cJSON *statement)
{
    const char *type = ssri_get_string(statement, "_type");
    const cJSON *subject = ssri_get(statement, "subject");
    bool v01 = type != NULL && strcmp(type, STATEMENT_V01) == 0;
    if (!cJSON_IsArray(subject))
        return;
    size_t mark = ssri_push_name(w, "subject"), i = 0;
    for (const cJSON *s = subject->child; s != NULL; s = s->next, i++) {
        const cJSON *name = ssri_get(s, "name");
        size_t inner = ssri_push_index(w, i);
        if (cJSON_IsObject(s) && ssri_get(s, "digest") == NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "subject.digest", "required", s, false, NULL,
                      "Expected member \"digest\" in every subject, found none.");
        if (v01 && cJSON_IsObject(s) && (!cJSON_IsString(name) || name->valuestring[0] == '\0'))
            ssri_flag(w, SSR_SEVERITY_ERROR, "subject.name", "required", name != NULL ? name : s, false, NULL,
                      "Expected a non-empty subject name in a v0.1 Statement, found none.");
        bool repeated = false;
        for (const cJSON *t = subject->child; t != s && cJSON_IsString(name) && !repeated; t = t->next) {
            const char *other = ssri_get_string(t, "name");
            repeated = other != NULL && strcmp(other, name->valuestring) == 0 && strcmp(other, "_") != 0;
        }
        if (repeated)
            ssri_flag(w, v01 ? SSR_SEVERITY_ERROR : SSR_SEVERITY_WARNING, "subject.name", "duplicate", name, false,
                      "name", "Expected each subject name once, found \"%.80s\" again.", name->valuestring);
        ssri_pop(w, inner);
    }
    ssri_pop(w, mark);
}

static void check_statement(ssri_walk *w, const cJSON *statement)
{
    check_subjects(w, statement);
    const char *predicate_type = ssri_get_string(statement, "predicateType");
    const cJSON *predicate = ssri_get(statement, "predicate");
    const predicate_rule *known = NULL;
    for (size_t i = 0; predicate_type != NULL && i < SSRI_ARRAY_LEN(predicates); i++)
        if (strcmp(predicate_type, predicates[i].type) == 0)
            known = &predicates[i];
    /* A known predicate reports its own type; any other must be an object (or null). */
    if (predicate != NULL && !cJSON_IsObject(predicate) && !cJSON_IsNull(predicate) &&
        (known == NULL || known->node == NULL))
        ssri_flag(w, SSR_SEVERITY_ERROR, "predicate", "type", predicate, false, "predicate",
                  "Expected the predicate to be an object or null, found %s.", ssri_type_name(predicate));
    if (known == NULL)
        return;
    if (known->node != NULL && !is_empty_predicate(predicate)) {
        size_t mark = ssri_push_name(w, "predicate");
        ssri_walk_node(w, known->node, predicate);
        ssri_pop(w, mark);
    } else if (known->node != NULL) {
        ssri_flag(w, SSR_SEVERITY_ERROR, "predicate", "required", statement, false, NULL,
                  "Expected the %s predicate, found none.", predicate_type);
    }
    if (known->check != NULL)
        known->check(w, statement);
}

static const ssri_node statement_node = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"_type",
         &(const ssri_node){.type = SSRI_STRING, .stem = "type",
                            .values = (const char *const[]){STATEMENT_V1, STATEMENT_V01, NULL}},
         true},
        {"subject",
         &(const ssri_node){
             .type = SSRI_ARRAY,
             .stem = "subject",
             .min_items = 1,
             .items = &(const ssri_node){
                 .type = SSRI_OBJECT,
                 .stem = "resource",
                 .unknown = SSRI_UNKNOWN_IGNORE,
                 .members = descriptor_members,
             }},
         true},
        {"predicateType", SSRI_STR("predicate-type", NULL, SSRI_FMT_TYPE_URI, 0, 0), true},
        /* absent, null and {} are the same: no predicate; its type is checked by check_statement */
        {"predicate", &(const ssri_node){.type = SSRI_ANY, .stem = "predicate"}, false}),
    .check = check_statement,
};

static const struct ssri_extra_code statement_codes[] = {
    {"digest.type", SSR_SEVERITY_ERROR, false},
    {"digest.format", SSR_SEVERITY_ERROR, false},
    {"digest.empty", SSR_SEVERITY_ERROR, false},
    {"digest.no-known-algorithm", SSR_SEVERITY_WARNING, false},
    {"subject.digest.required", SSR_SEVERITY_ERROR, false},
    {"subject.name.required", SSR_SEVERITY_ERROR, false},
    {"subject.name.duplicate", SSR_SEVERITY_ERROR, false},
    {"subject.npm-purl.mismatch", SSR_SEVERITY_ERROR, false},
    {"predicate.required", SSR_SEVERITY_ERROR, false},
    {"predicate.type", SSR_SEVERITY_ERROR, false},
    {"predicate.pypi-publish.not-empty", SSR_SEVERITY_ERROR, false},
    {"resource.identity-missing", SSR_SEVERITY_ERROR, false},
    {NULL, 0, false},
};

static const ssri_node *const predicate_nodes[] = {&slsa_v1_node, &slsa_v02_node, &npm_publish_node, NULL};

const ssri_native ssri_statement_kind = {
    .name = "in-toto-statement",
    .root = &statement_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = statement_codes,
    .also = predicate_nodes,
};

/* ---- a bare SLSA predicate ---------------------------------------------- */

static void check_bare_slsa(ssri_walk *w, const cJSON *predicate)
{
    /* v1 has buildDefinition; v0.2 has builder at the top. */
    bool v1 = ssri_get(predicate, "buildDefinition") != NULL || ssri_get(predicate, "runDetails") != NULL;
    ssri_walk_node(w, v1 ? &slsa_v1_node : &slsa_v02_node, predicate);
}

static const ssri_node slsa_root = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .check = check_bare_slsa,
};

static const struct ssri_extra_code slsa_codes[] = {
    {"slsa.external-parameters.missing", SSR_SEVERITY_WARNING, false},
    {NULL, 0, false},
};

static const ssri_node *const slsa_nodes[] = {&slsa_v1_node, &slsa_v02_node, NULL};

const ssri_native ssri_slsa_kind = {
    .name = "slsa-provenance",
    .root = &slsa_root,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = slsa_codes,
    .also = slsa_nodes,
};

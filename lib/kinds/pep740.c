/*
 * PEP 740: PyPI's attestation object and provenance object. The statement
 * inside an attestation is decoded and validated as an in-toto Statement,
 * with PEP 740's own constraints on it.
 */
#include <string.h>

#include "attestations.h"
#include "nodes.h"

#define B64(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_BASE64, 0, 0)

/* sdist NAME-VERSION.tar.gz (or .zip) or wheel NAME-VERSION[-BUILD]-PY-ABI-PLATFORM.whl. */
static bool distribution_filename(const char *name)
{
    size_t n = strlen(name), dashes = 0;
    if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
        return false;
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '-') {
            if (p == name || p[1] == '-' || p[1] == '.' || p[1] == '\0')
                return false;
            dashes++;
        }
    }
    if (n > 4 && strcmp(name + n - 4, ".whl") == 0)
        return dashes == 4 || dashes == 5;
    bool sdist = (n > 7 && strcmp(name + n - 7, ".tar.gz") == 0) || (n > 4 && strcmp(name + n - 4, ".zip") == 0);
    return sdist && dashes >= 1;
}

/* PEP 740's own rules on the statement, under PEP 740's codes. */
static void check_pep740_statement(ssri_walk *w, const cJSON *statement)
{
    const ssri_native *kind = w->kind;
    w->kind = &ssri_pep740_attestation_kind;
    const cJSON *subject = ssri_get(statement, "subject");
    int subjects = cJSON_GetArraySize(subject);
    if (cJSON_IsArray(subject) && subjects != 1)
        ssri_flag(w, SSR_SEVERITY_ERROR, "statement.subject", "not-one", subject, false, "subject",
                  "Expected exactly one subject in a PEP 740 statement, found %d.", subjects);
    const cJSON *first = cJSON_IsArray(subject) ? subject->child : NULL;
    const char *name = ssri_get_string(first, "name");
    if (cJSON_IsObject(first)) {
        size_t mark = ssri_push_name(w, "subject");
        size_t inner = ssri_push_index(w, 0);
        if (name == NULL || !distribution_filename(name))
            ssri_flag(w, SSR_SEVERITY_ERROR, "statement.subject.name", "format", first, false, NULL,
                      "Expected the subject name to be a distribution's file name (sdist or wheel), found %s%.80s%s.",
                      name ? "\"" : "", name ? name : "none", name ? "\"" : "");
        const cJSON *digest = ssri_get(first, "digest");
        if (cJSON_IsObject(digest) && ssri_get(digest, "sha256") == NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "statement.subject.sha256", "required", digest, false, "digest",
                      "Expected a sha256 digest of the distribution, found none.");
        ssri_pop(w, inner);
        ssri_pop(w, mark);
    }
    const cJSON *type = ssri_get(statement, "predicateType");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "https://slsa.dev/provenance/v1") != 0 &&
        strcmp(type->valuestring, "https://docs.pypi.org/attestations/publish/v1") != 0)
        ssri_flag(w, SSR_SEVERITY_ERROR, "statement.predicate-type", "unknown", type, false, "predicateType",
                  "Expected predicateType https://slsa.dev/provenance/v1 or "
                  "https://docs.pypi.org/attestations/publish/v1, found \"%.80s\".",
                  type->valuestring);
    w->kind = kind;
}

static void check_envelope(ssri_walk *w, const cJSON *envelope)
{
    size_t mark = ssri_push_name(w, "statement");
    ssri_walk_statement_payload(w, ssri_get(envelope, "statement"), check_pep740_statement);
    ssri_pop(w, mark);
}

static const ssri_node attestation_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_pep740_attestation_kind,
    .stem = "attestation",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"version", SSRI_INT("version", "Always 1.", 1, 1), true},
        {"verification_material",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "verification-material",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS(
                 {"certificate", SSRI_STR("certificate", NULL, SSRI_FMT_BASE64, 1, 0), true},
                 {"transparency_entries",
                  &(const ssri_node){.type = SSRI_ARRAY, .stem = "transparency-entries", .min_items = 1,
                                     .items = &ssri_tlog_entry_node},
                  true}),
         },
         true},
        {"envelope",
         &(const ssri_node){.type = SSRI_OBJECT,
                            .stem = "envelope",
                            .unknown = SSRI_UNKNOWN_IGNORE,
                            .members = SSRI_MEMBERS({"statement", B64("envelope.statement"), true},
                                                    {"signature", B64("envelope.signature"), true}),
                            .check = check_envelope},
         true}),
};

static const struct ssri_extra_code pep740_codes[] = {
    {"statement.subject.not-one", SSR_SEVERITY_ERROR, false},
    {"statement.subject.name.format", SSR_SEVERITY_ERROR, false},
    {"statement.subject.sha256.required", SSR_SEVERITY_ERROR, false},
    {"statement.predicate-type.unknown", SSR_SEVERITY_ERROR, false},
    {NULL, 0, false},
};

const ssri_native ssri_pep740_attestation_kind = {
    .name = "pep740-attestation",
    .root = &attestation_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = pep740_codes,
};

/* PEP 740 requires claims; real publishers (GitHub) omit them, so they are optional here. */
static const ssri_node provenance_node = {
    .type = SSRI_OBJECT,
    .stem = "provenance",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"version", SSRI_INT("version", "Always 1.", 1, 1), true},
        {"attestation_bundles",
         &(const ssri_node){
             .type = SSRI_ARRAY,
             .stem = "attestation-bundles",
             .min_items = 1,
             .items = &(const ssri_node){
                 .type = SSRI_OBJECT,
                 .stem = "attestation-bundle",
                 .unknown = SSRI_UNKNOWN_IGNORE,
                 .members = SSRI_MEMBERS(
                     {"publisher",
                      &(const ssri_node){
                          .type = SSRI_OBJECT,
                          .stem = "publisher",
                          .unknown = SSRI_UNKNOWN_IGNORE,
                          .members = SSRI_MEMBERS({"kind", SSRI_STR("publisher.kind", NULL, 0, 1, 0), true},
                                                  {"claims", &(const ssri_node){.type = SSRI_OBJECT, .stem = "publisher.claims",
                                                                                .nullable = true},
                                                   false}),
                      },
                      true},
                     {"attestations",
                      &(const ssri_node){.type = SSRI_ARRAY, .stem = "attestations", .min_items = 1,
                                         .items = &attestation_node},
                      true}),
             }},
         true}),
};

const ssri_native ssri_pep740_provenance_kind = {
    .name = "pep740-provenance",
    .root = &provenance_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
};

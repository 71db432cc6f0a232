/*
 * The `repository-profile` kind: a registry's security capabilities, one
 * per requirement of the Principles for Package Repository Security.
 * Normative text: schema/SPEC.md, section "repository-profile/v1". The
 * maturity levels are computed in lib/policy/levels.c.
 */
#include <string.h>

#include "capabilities.h"
#include "schema/formats.h"
#include "nodes.h"
#include "repository_profile.h"

#define AS_ENTRY(id, track, level, requirement) {id, track, level, requirement},
const ssri_capability ssri_capabilities[] = {SSRI_CAPABILITIES(AS_ENTRY){NULL, 0, 0, NULL}};

const char *const ssri_track_names[SSRI_TRACK_COUNT] = {"authentication", "authorization", "general", "cli"};

/* Does the taxonomy's artifacts (one value, or a list of them) include `value`? */
static bool artifacts_include(const cJSON *artifacts, const char *value)
{
    if (cJSON_IsString(artifacts))
        return strcmp(artifacts->valuestring, value) == 0;
    for (const cJSON *a = cJSON_IsArray(artifacts) ? artifacts->child : NULL; a != NULL; a = a->next)
        if (cJSON_IsString(a) && strcmp(a->valuestring, value) == 0)
            return true;
    return false;
}

bool ssri_track_applies(ssri_track track, const cJSON *taxonomy)
{
    const cJSON *accounts = ssri_get(taxonomy, "user_accounts");
    switch (track) {
    case SSRI_TRACK_AUTHENTICATION:
        return cJSON_IsTrue(accounts);
    case SSRI_TRACK_AUTHORIZATION:
        return cJSON_IsTrue(accounts) && artifacts_include(ssri_get(taxonomy, "artifacts"), "accepts-built");
    default:
        return true;
    }
}

const ssri_capability *ssri_capability_by_id(const char *id)
{
    for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++)
        if (strcmp(c->id, id) == 0)
            return c;
    return NULL;
}

static const char *const artifact_kinds[] = {"accepts-built", "builds-for-users", "source-only", NULL};

static bool artifact_kind(const char *s)
{
    for (const char *const *k = artifact_kinds; *k != NULL; k++)
        if (strcmp(*k, s) == 0)
            return true;
    return false;
}

/* Does the taxonomy say which tracks apply: user_accounts a boolean, artifacts known values (each once)? */
static bool taxonomy_sound(const cJSON *taxonomy)
{
    const cJSON *artifacts = ssri_get(taxonomy, "artifacts");
    if (!cJSON_IsBool(ssri_get(taxonomy, "user_accounts")))
        return false;
    if (cJSON_IsString(artifacts))
        return artifact_kind(artifacts->valuestring);
    if (!cJSON_IsArray(artifacts) || artifacts->child == NULL)
        return false;
    for (const cJSON *a = artifacts->child; a != NULL; a = a->next) {
        if (!cJSON_IsString(a) || !artifact_kind(a->valuestring))
            return false;
        for (const cJSON *b = artifacts->child; b != a; b = b->next)
            if (strcmp(b->valuestring, a->valuestring) == 0)
                return false;
    }
    return true;
}

/* What the registry serves: one of the three, or a list of them (a registry may do two). */
static void check_artifacts_value(ssri_walk *w, const cJSON *value)
{
    static const char expected[] = "Expected \"accepts-built\", \"builds-for-users\" or \"source-only\"";
    if (cJSON_IsString(value)) {
        if (!artifact_kind(value->valuestring))
            ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifacts", "enum", value, false, NULL, "%s, found \"%.80s\".",
                      expected, value->valuestring);
        return;
    }
    if (!cJSON_IsArray(value)) {
        ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifacts", "type", value, false, NULL,
                  "Expected a string or an array of strings, found %s.", ssri_type_name(value));
        return;
    }
    if (value->child == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifacts", "min-items", value, false, NULL,
                  "Expected at least one value, found none.");
    size_t i = 0;
    for (const cJSON *a = value->child; a != NULL; a = a->next, i++) {
        size_t mark = ssri_push_index(w, i);
        if (!cJSON_IsString(a))
            ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifact", "type", a, false, NULL, "Expected a string, found %s.",
                      ssri_type_name(a));
        else if (!artifact_kind(a->valuestring))
            ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifact", "enum", a, false, NULL, "%s, found \"%.80s\".",
                      expected, a->valuestring);
        else
            for (const cJSON *b = value->child; b != a; b = b->next)
                if (cJSON_IsString(b) && strcmp(b->valuestring, a->valuestring) == 0) {
                    ssri_flag(w, SSR_SEVERITY_ERROR, "taxonomy.artifacts", "unique", a, false, NULL,
                              "Expected each value once, found \"%s\" again.", a->valuestring);
                    break;
                }
        ssri_pop(w, mark);
    }
}

static const ssri_node artifacts_node = {
    .type = SSRI_ANY,
    .stem = "taxonomy.artifacts",
    .title = "What the registry serves: accepts-built, builds-for-users, source-only, or a list of them.",
    .check = check_artifacts_value,
    .schema_extra = "\"oneOf\":[{\"type\":\"string\",\"enum\":[\"accepts-built\",\"builds-for-users\",\"source-only\"]},"
                    "{\"type\":\"array\",\"minItems\":1,\"uniqueItems\":true,\"items\":{\"type\":\"string\","
                    "\"enum\":[\"accepts-built\",\"builds-for-users\",\"source-only\"]}}]",
};

static const ssri_node capability_node = {
    .type = SSRI_OBJECT,
    .stem = "capability",
    .title = "How far the registry meets one requirement.",
    .members = SSRI_MEMBERS(
        {"status", SSRI_OPEN_ENUM("capability.status", NULL, "yes", "delegated", "no", "partial", "planned", "n/a"), true},
        {"evidence",
         SSRI_STR("capability.evidence", "Public documentation showing it.", SSRI_FMT_HTTPS_URL, 0, 0), false},
        {"note", SSRI_TEXT("capability.note", NULL, 4096), false},
        {"delegate",
         SSRI_TEXT("capability.delegate", "Who provides it, for a delegated capability (an identity provider).", 256),
         false}),
    .schema_extra = "\"allOf\":[{\"if\":{\"required\":[\"status\"],\"properties\":{\"status\":{\"const\":\"delegated\"}}},"
                    "\"then\":{\"required\":[\"delegate\"]}},"
                    "{\"if\":{\"required\":[\"status\"],\"properties\":{\"status\":{\"not\":{\"const\":\"delegated\"}}}},"
                    "\"then\":{\"not\":{\"required\":[\"delegate\"]}}}]",
};

#define AS_MEMBER(id, track, level, requirement) {id, &capability_node, false},

/* Text the item's own rules accept: 1 to 64 characters, no control characters. */
static bool plain_name(const char *s)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return false;
        chars += (*p & 0xC0) != 0x80;
    }
    return chars >= 1 && chars <= 64;
}

/* An ecosystem OSV does not name (Homebrew, Basalt...) is a warning: a
 * profile describes a registry, and nothing is matched against the name.
 * A name its text rules refuse is not judged again here. */
static void check_ecosystems(ssri_walk *w, const cJSON *root)
{
    const cJSON *ecosystems = ssri_get(ssri_get(root, "repository"), "ecosystems");
    if (!cJSON_IsArray(ecosystems))
        return;
    size_t mark = ssri_push_name(w, "repository");
    size_t inner = ssri_push_name(w, "ecosystems");
    size_t i = 0;
    for (const cJSON *e = ecosystems->child; e != NULL; e = e->next, i++) {
        if (!cJSON_IsString(e) || !plain_name(e->valuestring) || ssri_ecosystem_known(e->valuestring))
            continue;
        size_t item = ssri_push_index(w, i);
        const char *osv = ssri_ecosystem_case_variant(e->valuestring);
        if (osv != NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "repository.ecosystem", "case", e, false, NULL,
                      "Expected OSV's spelling \"%s\", found \"%s\".", osv, e->valuestring);
        else
            ssri_flag(w, SSR_SEVERITY_WARNING, "repository.ecosystem", "unknown", e, false, NULL,
                      "Expected an OSV ecosystem name such as npm, PyPI or crates.io, found \"%s\" "
                      "(kept: OSV has no name for every registry).", e->valuestring);
        ssri_pop(w, item);
    }
    ssri_pop(w, inner);
    ssri_pop(w, mark);
}

static void check_profile(ssri_walk *w, const cJSON *root)
{
    check_ecosystems(w, root);
    const cJSON *taxonomy = ssri_get(root, "taxonomy");
    const cJSON *capabilities = ssri_get(root, "capabilities");
    if (!cJSON_IsObject(capabilities))
        return;
    size_t mark = ssri_push_name(w, "capabilities");
    for (const cJSON *c = capabilities->child; c != NULL; c = c->next) {
        const ssri_capability *cap = ssri_capability_by_id(c->string);
        const cJSON *status = ssri_get(c, "status");
        if (cap == NULL || !cJSON_IsString(status))
            continue;
        size_t inner = ssri_push_name(w, c->string);
        bool applies = cJSON_IsObject(taxonomy) && ssri_track_applies(cap->track, taxonomy);
        if (strcmp(status->valuestring, "n/a") == 0 && applies)
            ssri_flag(w, SSR_SEVERITY_ERROR, "capability.status", "not-applicable", status, false, "status",
                      "Expected a status other than n/a: the %s track applies to this registry.",
                      ssri_track_names[cap->track]);
        else if (strcmp(status->valuestring, "n/a") != 0 && !applies && taxonomy_sound(taxonomy))
            ssri_flag(w, SSR_SEVERITY_WARNING, "capability.status", "track-absent", status, false, "status",
                      "Expected n/a: the %s track does not apply to this registry by its taxonomy, found \"%.20s\" "
                      "(kept; it counts toward no level).",
                      ssri_track_names[cap->track], status->valuestring);
        bool delegated = strcmp(status->valuestring, "delegated") == 0;
        if ((strcmp(status->valuestring, "yes") == 0 || delegated) && ssri_get(c, "evidence") == NULL)
            ssri_flag(w, SSR_SEVERITY_WARNING, "capability.evidence", "missing", c, false, NULL,
                      "Expected an evidence URL for a capability marked %s, found none.", status->valuestring);
        if (delegated && ssri_get(c, "delegate") == NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "capability.delegate", "missing", c, false, NULL,
                      "Expected the delegate of a delegated capability (who provides it), found none.");
        if (!delegated && ssri_get(c, "delegate") != NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "capability.delegate", "unexpected", ssri_get(c, "delegate"), true,
                      "delegate", "Expected a delegate only for a delegated capability, found one for status %s.",
                      status->valuestring);
        ssri_pop(w, inner);
    }
    ssri_pop(w, mark);
}

static const ssri_node profile_root = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .title = "A registry's security capabilities, scored against the Principles for Package Repository Security.",
    .members = SSRI_MEMBERS(
        {"ssr", SSRI_KIND_VERSION("repository-profile/v1"), true},
        {"repository",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "repository",
             .members = SSRI_MEMBERS(
                 {"name", SSRI_TEXT("repository.name", "The registry's name.", 256), true},
                 {"url", SSRI_STR("repository.url", "The registry's home.", SSRI_FMT_HTTPS_URL, 0, 0), true},
                 {"ecosystems",
                  &(const ssri_node){.type = SSRI_ARRAY, .stem = "repository.ecosystems", .min_items = 1,
                                     .unique = true,
                                     .items = SSRI_TEXT("repository.ecosystem",
                                                        "An ecosystem name: OSV's where OSV has one.", 64)},
                  true}),
         },
         true},
        {"assessed", SSRI_STR("assessed", "When the profile was assessed.", SSRI_FMT_TIMESTAMP, 0, 0), true},
        {"assessor",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "assessor",
             .title = "Who assessed the registry.",
             .members = SSRI_MEMBERS(
                 {"name", SSRI_TEXT("assessor.name", "A person, team or organization.", 256), true},
                 {"url", SSRI_STR("assessor.url", "Where the assessment or its author is.", SSRI_FMT_HTTPS_URL, 0, 0),
                  false},
                 {"relation", SSRI_OPEN_ENUM("assessor.relation", "The assessor's relation to the registry.", "operator",
                                        "independent"),
                  false}),
         },
         false},
        {"framework",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "framework",
             .title = "The framework the capabilities come from; the Principles, version 0.1, when absent.",
             .members = SSRI_MEMBERS(
                 {"name", SSRI_CONST("framework.name", NULL, "OpenSSF Principles for Package Repository Security"),
                  true},
                 {"version",
                  &(const ssri_node){.type = SSRI_STRING, .stem = "framework.version",
                                     .title = "The version the capability table follows: 0.1, or a later one (read "
                                              "with 0.1's table, with a warning).",
                                     .constant = "0.1", .later_versions = true},
                  true},
                 {"published", SSRI_STR("framework.published", "Its publication date.", SSRI_FMT_TIMESTAMP, 0, 0),
                  false}),
         },
         false},
        {"clients",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "clients", .min_items = 1, .unique = true,
                            .title = "The command-line clients the cli track describes (npm, yarn, pnpm).",
                            .items = SSRI_TEXT("client", NULL, 128)},
         false},
        {"taxonomy",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "taxonomy",
             .title = "Which tracks apply: the Principles' taxonomy of registries.",
             .members = SSRI_MEMBERS(
                 {"user_accounts", SSRI_BOOL("taxonomy.user-accounts", "Does the registry have user accounts?"), true},
                 {"artifacts", &artifacts_node, true}),
         },
         true},
        {"capabilities",
         &(const ssri_node){.type = SSRI_OBJECT,
                            .stem = "capabilities",
                            .title = "Capability id to its status: the specification's ids; another id is kept "
                                     "with a warning (a later v1 may define it) and never scored.",
                            .unknown = SSRI_UNKNOWN_WARN,
                            .members = (const ssri_member[]){SSRI_CAPABILITIES(AS_MEMBER){NULL, NULL, false}}},
         true}),
    .check = check_profile,
};

static const struct ssri_extra_code profile_codes[] = {
    {"extension-name", SSR_SEVERITY_WARNING, false},
    {"capability.status.not-applicable", SSR_SEVERITY_ERROR, true},
    {"capability.status.track-absent", SSR_SEVERITY_WARNING, true},
    {"capability.evidence.missing", SSR_SEVERITY_WARNING, false},
    {"repository.ecosystem.case", SSR_SEVERITY_ERROR, true},
    {"taxonomy.artifacts.type", SSR_SEVERITY_ERROR, false},
    {"taxonomy.artifacts.enum", SSR_SEVERITY_ERROR, false},
    {"taxonomy.artifacts.min-items", SSR_SEVERITY_ERROR, false},
    {"taxonomy.artifacts.unique", SSR_SEVERITY_ERROR, false},
    {"taxonomy.artifact.type", SSR_SEVERITY_ERROR, false},
    {"taxonomy.artifact.enum", SSR_SEVERITY_ERROR, false},
    {"capability.delegate.missing", SSR_SEVERITY_ERROR, false},
    {"capability.delegate.unexpected", SSR_SEVERITY_ERROR, false},
    {"repository.ecosystem.unknown", SSR_SEVERITY_WARNING, false},
    {NULL, 0, false},
};

const ssri_native ssri_repository_profile_kind = {
    .name = "repository-profile",
    .root = &profile_root,
    .own_schema = true,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = profile_codes,
};

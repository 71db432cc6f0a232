/*
 * The `trusted-publisher` kind: the trust policy between a package (or a
 * namespace) and a CI workload identity. Normative text: schema/SPEC.md,
 * section "trusted-publisher/v1". Matching lives in lib/policy/.
 */
#include <math.h>
#include <string.h>

#include "schema/formats.h"
#include "nodes.h"
#include "trusted_publisher.h"

/*
 * What generic conditions must pin for each provider, so that a policy can
 * tell two workloads apart: each string is one requirement, alternatives
 * separated by " | ", the claims of an alternative by spaces (all pinned).
 * Providers without a list (custom, and names libssr does not know) need
 * one condition that pins any claim.
 */
#define PINS(...) ((const char *const[]){__VA_ARGS__, NULL})

const ssri_provider ssri_providers[] = {
    {"github-actions", "github", "https://token.actions.githubusercontent.com", NULL,
     PINS("repository_id | repository_owner_id repository", "job_workflow_ref | workflow_ref")},
    {"gitlab-ci", "gitlab", NULL, NULL, PINS("project_id | project_path", "ci_config_ref_uri")},
    {"google-cloud", "google", "https://accounts.google.com", NULL, PINS("email | sub")},
    {"activestate", "activestate", "https://platform.activestate.com/api/v1/oauth/oidc", NULL,
     PINS("sub | organization project")},
    /* npm's other providers, through conditions: CircleCI's issuer is its organization's */
    {"circleci", NULL, NULL, "https://oidc.circleci.com/org/",
     PINS("oidc.circleci.com/org-id", "oidc.circleci.com/project-id")},
    {"buildkite", NULL, "https://agent.buildkite.com", NULL, PINS("organization_slug", "pipeline_slug")},
    {"custom", NULL, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const ssri_provider *ssri_provider_by_name(const char *name)
{
    for (const ssri_provider *p = ssri_providers; name != NULL && p->name != NULL; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

/* ---- conditions --------------------------------------------------------- */

static bool all_strings(const cJSON *array, bool non_empty_items)
{
    if (!cJSON_IsArray(array) || array->child == NULL)
        return false;
    for (const cJSON *c = array->child; c != NULL; c = c->next)
        if (!cJSON_IsString(c) || (non_empty_items && c->valuestring[0] == '\0'))
            return false;
    return true;
}

/* An object holding exactly the named members (others refused), `optional` booleans allowed. */
static bool only_members(const cJSON *object, const char *const *names)
{
    for (const cJSON *c = object->child; c != NULL; c = c->next) {
        const char *const *n = names;
        while (*n != NULL && strcmp(*n, c->string) != 0)
            n++;
        if (*n == NULL)
            return false;
    }
    return true;
}

bool ssri_exact_integer(const cJSON *value)
{
    return cJSON_IsNumber(value) && (value->type & SSRI_NUMBER_INTEGRAL) &&
           fabs(value->valuedouble) <= SSRI_MAX_EXACT_INTEGER;
}

const char *ssri_condition_value_problem(const char *op, const cJSON *value)
{
    static const char *const concat_members[] = {"prefix", "any_of", "require_all", NULL};
    static const char *const segments_members[] = {"sep", "segments", "ci", NULL};
    if (strcmp(op, "present") == 0)
        return value == NULL ? NULL : "Expected no value for operator present.";
    if (value == NULL)
        return "Expected a value for this operator, found none.";
    if (strcmp(op, "eq") == 0)
        return cJSON_IsString(value) || cJSON_IsNull(value) || ssri_exact_integer(value)
                   ? NULL
                   : "Expected a string or an integer within +-(2^53-1) for operator eq.";
    if (strcmp(op, "eq_ci") == 0 || strcmp(op, "prefix") == 0 || strcmp(op, "workflow_file") == 0 ||
        strcmp(op, "workflow_file_gitlab") == 0)
        return cJSON_IsString(value) && value->valuestring[0] != '\0'
                   ? NULL
                   : "Expected a non-empty string value for this operator.";
    if (strcmp(op, "eq_json") == 0)
        return cJSON_IsBool(value) || ssri_exact_integer(value) || cJSON_IsString(value)
                   ? NULL
                   : "Expected a boolean, a string or an integer within +-(2^53-1) for operator eq_json "
                     "(numbers compare exactly).";
    if (strcmp(op, "not_in") == 0)
        return all_strings(value, false) ? NULL : "Expected a non-empty array of strings for operator not_in.";
    if (strcmp(op, "contains_all") == 0)
        return all_strings(value, true) ? NULL
                                        : "Expected a non-empty array of non-empty strings for operator contains_all.";
    if (strcmp(op, "eq_concat_claim") == 0) {
        const cJSON *require_all = ssri_get(value, "require_all");
        bool ok = cJSON_IsObject(value) && only_members(value, concat_members) &&
                  cJSON_IsString(ssri_get(value, "prefix")) && all_strings(ssri_get(value, "any_of"), true) &&
                  (require_all == NULL || cJSON_IsBool(require_all));
        return ok ? NULL
                  : "Expected {\"prefix\": string, \"any_of\": [claim names], \"require_all\"?: boolean} for "
                    "operator eq_concat_claim.";
    }
    if (strcmp(op, "segments_prefix") == 0) {
        const cJSON *sep = ssri_get(value, "sep"), *ci = ssri_get(value, "ci");
        bool ok = cJSON_IsObject(value) && only_members(value, segments_members) && cJSON_IsString(sep) &&
                  sep->valuestring[0] != '\0' && all_strings(ssri_get(value, "segments"), false) &&
                  (ci == NULL || cJSON_IsBool(ci));
        return ok ? NULL
                  : "Expected {\"sep\": non-empty string, \"segments\": [strings], \"ci\"?: boolean} for operator "
                    "segments_prefix.";
    }
    return NULL; /* an unknown operator is reported by the op member's own rule */
}

static void check_condition(ssri_walk *w, const cJSON *condition)
{
    const char *op = ssri_get_string(condition, "op");
    const cJSON *value = ssri_get(condition, "value");
    const cJSON *bind = ssri_get(condition, "bind_on_first_use");
    if (op == NULL)
        return;
    const char *problem = ssri_condition_value_problem(op, value);
    if (problem != NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "condition.value", "invalid", value != NULL ? value : condition, value != NULL,
                  value != NULL ? "value" : NULL, "%s", problem);
    bool binds = cJSON_IsTrue(bind);
    if (problem != NULL && !binds)
        return;
    if (binds && !(strcmp(op, "eq") == 0 && cJSON_IsNull(value)))
        ssri_flag(w, SSR_SEVERITY_ERROR, "condition.bind-on-first-use", "invalid", bind, true, "bind_on_first_use",
                  "Expected bind_on_first_use only with operator eq and a null value.");
    else if (!binds && cJSON_IsNull(value))
        ssri_flag(w, SSR_SEVERITY_ERROR, "condition.value", "invalid", value, true, "value",
                  "Expected a null value only with bind_on_first_use: true.");
}

#define VALUE_IS(ops, schema) "{\"if\":{\"properties\":{\"op\":{\"enum\":[" ops "]}},\"required\":[\"op\"]},\"then\":" schema "}"
#define EXACT_INTEGER "\"minimum\":-9007199254740991,\"maximum\":9007199254740991"
#define STRING_ARRAY "{\"type\":\"array\",\"minItems\":1,\"items\":{\"type\":\"string\"}}"

static const ssri_node condition_node = {
    .type = SSRI_OBJECT,
    .stem = "condition",
    .title = "One claim check; all conditions must hold.",
    .members = SSRI_MEMBERS(
        {"claim", SSRI_TEXT("condition.claim", "The claim's literal name.", 256), true},
        {"op",
         SSRI_ENUM("condition.op", NULL, "eq", "eq_ci", "eq_json", "present", "not_in", "prefix", "eq_concat_claim",
                   "segments_prefix", "workflow_file", "workflow_file_gitlab", "contains_all"),
         true},
        {"value", &(const ssri_node){.type = SSRI_ANY, .stem = "condition.value", .title = "The operand; its form depends on op."},
         false},
        {"bind_on_first_use",
         SSRI_BOOL("condition.bind-on-first-use", "With eq and a null value: accept the first value seen."), false}),
    .check = check_condition,
    .schema_extra =
        "\"allOf\":["
        VALUE_IS("\"present\"", "{\"not\":{\"required\":[\"value\"]}}") ","
        VALUE_IS("\"eq\"", "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":[\"string\",\"null\",\"integer\"],"
                 EXACT_INTEGER "}}}") ","
        VALUE_IS("\"eq_ci\",\"prefix\",\"workflow_file\",\"workflow_file_gitlab\"",
                 "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":\"string\",\"minLength\":1}}}") ","
        VALUE_IS("\"eq_json\"",
                 "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":[\"boolean\",\"integer\",\"string\"],"
                 EXACT_INTEGER "}}}") ","
        VALUE_IS("\"not_in\"", "{\"required\":[\"value\"],\"properties\":{\"value\":" STRING_ARRAY "}}") ","
        VALUE_IS("\"contains_all\"", "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":\"array\","
                 "\"minItems\":1,\"items\":{\"type\":\"string\",\"minLength\":1}}}}") ","
        VALUE_IS("\"eq_concat_claim\"",
                 "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":\"object\",\"required\":[\"prefix\",\"any_of\"],"
                 "\"additionalProperties\":false,\"properties\":{\"prefix\":{\"type\":\"string\"},"
                 "\"any_of\":{\"type\":\"array\",\"minItems\":1,\"items\":{\"type\":\"string\",\"minLength\":1}},"
                 "\"require_all\":{\"type\":\"boolean\"}}}}}") ","
        VALUE_IS("\"segments_prefix\"",
                 "{\"required\":[\"value\"],\"properties\":{\"value\":{\"type\":\"object\",\"required\":[\"sep\",\"segments\"],"
                 "\"additionalProperties\":false,\"properties\":{\"sep\":{\"type\":\"string\",\"minLength\":1},"
                 "\"segments\":" STRING_ARRAY ",\"ci\":{\"type\":\"boolean\"}}}}}") ","
        "{\"if\":{\"properties\":{\"bind_on_first_use\":{\"const\":true}},\"required\":[\"bind_on_first_use\"]},"
        "\"then\":{\"required\":[\"value\"],\"properties\":{\"op\":{\"const\":\"eq\"},\"value\":{\"type\":\"null\"}}}},"
        "{\"if\":{\"properties\":{\"value\":{\"type\":\"null\"}},\"required\":[\"value\"]},"
        "\"then\":{\"required\":[\"bind_on_first_use\"],\"properties\":{\"bind_on_first_use\":{\"const\":true}}}}]",
};

/* ---- identity blocks ---------------------------------------------------- */

#define ID_DIGITS(stem, title) SSRI_STR(stem, title, SSRI_FMT_DIGITS, 1, 20)
#define ENVIRONMENT(stem) SSRI_TEXT(stem, "The deployment environment the job must run in.", 255)

static const ssri_node github_node = {
    .type = SSRI_OBJECT,
    .stem = "github",
    .title = "GitHub Actions identity.",
    .members = SSRI_MEMBERS(
        {"owner", SSRI_STR("github.owner", "The repository owner's login.", SSRI_FMT_SEGMENT, 1, 39), true},
        {"owner_id", ID_DIGITS("github.owner-id", "The owner's immutable numeric id (resurrection protection)."), true},
        {"repository", SSRI_STR("github.repository", "The repository name, without the owner.", SSRI_FMT_SEGMENT, 1, 100),
         true},
        {"workflow", SSRI_STR("github.workflow", "The workflow file name, e.g. release.yml.", SSRI_FMT_WORKFLOW, 1, 255),
         true},
        {"environment", ENVIRONMENT("github.environment"), false},
        {"workflow_repository",
         SSRI_STR("github.workflow-repository", "OWNER/NAME of a reusable workflow's repository.", SSRI_FMT_REPO_PATH,
                  3, 140),
         false},
        {"workflow_claim",
         SSRI_ENUM("github.workflow-claim", "The claim naming the workflow: job_workflow_ref (PyPI, RubyGems; the "
                   "default) or workflow_ref (crates.io, npm).", "job_workflow_ref", "workflow_ref"),
         false},
        {"fold_case",
         SSRI_BOOL("github.fold-case", "Compare repository and environment without case (GitHub's names; the "
                                       "default), or exactly."),
         false},
        {"allow_workflow_run",
         SSRI_BOOL("github.allow-workflow-run", "Accept tokens of workflow_run events (refused by default; "
                                                "pull_request_target always is)."),
         false}),
};

static const ssri_node gitlab_node = {
    .type = SSRI_OBJECT,
    .stem = "gitlab",
    .title = "GitLab CI/CD identity.",
    .members = SSRI_MEMBERS(
        {"namespace", SSRI_TEXT("gitlab.namespace", "The group or user path (may hold subgroups).", 255), true},
        {"namespace_id", ID_DIGITS("gitlab.namespace-id", "The namespace's immutable id."), false},
        {"project", SSRI_STR("gitlab.project", "The project path segment.", SSRI_FMT_SEGMENT, 1, 255), true},
        {"project_id", ID_DIGITS("gitlab.project-id", "The project's immutable id."), false},
        {"workflow_filepath",
         SSRI_STR("gitlab.workflow-filepath", "The CI configuration file path.", SSRI_FMT_WORKFLOW_PATH, 1, 255), true},
        {"environment", ENVIRONMENT("gitlab.environment"), false}),
};

static const ssri_node google_node = {
    .type = SSRI_OBJECT,
    .stem = "google",
    .title = "Google Cloud service-account identity.",
    .members = SSRI_MEMBERS(
        {"email", SSRI_STR("google.email", "The service account's email.", SSRI_FMT_EMAIL, 3, 254), true},
        {"subject", SSRI_TEXT("google.subject", "The token's sub, when pinned.", 255), false}),
};

static const ssri_node activestate_node = {
    .type = SSRI_OBJECT,
    .stem = "activestate",
    .title = "ActiveState Platform identity.",
    .members = SSRI_MEMBERS(
        {"organization", SSRI_TEXT("activestate.organization", NULL, 255), true},
        {"project", SSRI_TEXT("activestate.project", NULL, 255), true},
        {"actor_id", SSRI_TEXT("activestate.actor-id", "The actor's immutable id.", 255), true}),
};

/* ---- the document ------------------------------------------------------- */

static void check_pending(ssri_walk *w, const cJSON *pending)
{
    int64_t created, expires;
    const cJSON *e = ssri_get(pending, "expires");
    const char *c = ssri_get_string(pending, "created");
    if (c != NULL && cJSON_IsString(e) && ssri_timestamp_parse(c, &created) &&
        ssri_timestamp_parse(e->valuestring, &expires) && expires <= created)
        ssri_flag(w, SSR_SEVERITY_ERROR, "pending.expires", "order", e, false, "expires",
                  "Expected the expiry after the creation time, found it at or before.");
}

/*
 * The token's registered claims that every token of an issuer for this
 * registry shares (issuer, audience) or that say nothing of the workload
 * (times, token id): a condition on them never pins a workload.
 */
static bool registered_unpinning(const char *claim)
{
    static const char *const names[] = {"iss", "aud", "exp", "iat", "nbf", "jti"};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(names); i++)
        if (strcmp(claim, names[i]) == 0)
            return true;
    return false;
}

/* Does a valid condition fix the value of `claim` (a comparison, not a presence or a denial)? */
static bool pins(const cJSON *condition, const char *claim, size_t claim_len)
{
    const char *name = ssri_get_string(condition, "claim"), *op = ssri_get_string(condition, "op");
    const cJSON *value = ssri_get(condition, "value");
    if (name == NULL || op == NULL || ssri_condition_value_problem(op, value) != NULL || registered_unpinning(name) ||
        (claim != NULL && (strlen(name) != claim_len || strncmp(name, claim, claim_len) != 0)))
        return false;
    if (strcmp(op, "eq") == 0)
        return !cJSON_IsNull(value) || cJSON_IsTrue(ssri_get(condition, "bind_on_first_use"));
    if (strcmp(op, "eq_json") == 0)
        return !cJSON_IsBool(value); /* true or false tells no two workloads apart */
    /* present, not_in and contains_all (a CircleCI context is shared) tell no two workloads apart */
    return strcmp(op, "present") != 0 && strcmp(op, "not_in") != 0 && strcmp(op, "contains_all") != 0;
}

/* Do the conditions pin every claim of one alternative ("a b | c") of a requirement? */
static bool requirement_met(const cJSON *conditions, const char *requirement)
{
    for (const char *alt = requirement; alt != NULL; alt = strchr(alt, '|') != NULL ? strchr(alt, '|') + 1 : NULL) {
        size_t alt_len = strcspn(alt, "|");
        bool all = true;
        for (size_t i = 0; i < alt_len && all;) {
            while (i < alt_len && alt[i] == ' ')
                i++;
            size_t n = 0;
            while (i + n < alt_len && alt[i + n] != ' ')
                n++;
            if (n == 0)
                break;
            bool pinned = false;
            for (const cJSON *c = conditions->child; c != NULL && !pinned; c = c->next)
                pinned = pins(c, alt + i, n);
            all = pinned;
            i += n;
        }
        if (all)
            return true;
    }
    return false;
}

/*
 * A policy that only generic conditions identify must pin the workload: a
 * condition such as {"claim": "sub", "op": "present"} matches every token
 * of the issuer, and one on aud or iss every token minted for this
 * registry. A provider libssr knows names the claims that pin its
 * workloads; any other (custom) must pin sub, the issuer's name for the
 * workload, and at least one more claim of its own.
 */
static void check_pinned(ssri_walk *w, const cJSON *conditions, const ssri_provider *provider)
{
    if (!cJSON_IsArray(conditions) || conditions->child == NULL)
        return; /* no conditions: identity.missing or conditions.min-items says so */
    if (provider == NULL || provider->pins == NULL) {
        bool sub = false, other = false;
        for (const cJSON *c = conditions->child; c != NULL; c = c->next) {
            const char *claim = ssri_get_string(c, "claim");
            if (claim != NULL && pins(c, claim, strlen(claim)))
                *(strcmp(claim, "sub") == 0 ? &sub : &other) = true;
        }
        if (!sub || !other)
            ssri_flag(w, SSR_SEVERITY_ERROR, "identity", "unpinned", conditions, false, "conditions",
                      "Expected conditions that fix the value of sub and of at least one other claim (not iss, aud, "
                      "exp, iat, nbf or jti) with eq, eq_ci, prefix, eq_concat_claim..., found %s.",
                      sub ? "sub alone" : other ? "no condition that fixes sub" : "none that fixes any claim");
        return;
    }
    for (const char *const *requirement = provider->pins; *requirement != NULL; requirement++)
        if (!requirement_met(conditions, *requirement)) {
            ssri_flag(w, SSR_SEVERITY_ERROR, "identity", "unpinned", conditions, false, "conditions",
                      "Expected conditions that pin %s for provider %s, found none that do.", *requirement,
                      provider->name);
            return;
        }
}

static void check_identity(ssri_walk *w, const cJSON *root, const ssri_provider *provider)
{
    const cJSON *conditions = ssri_get(root, "conditions");
    for (const ssri_provider *p = ssri_providers; p->name != NULL; p++) {
        const cJSON *block = p->block != NULL ? ssri_get(root, p->block) : NULL;
        if (block != NULL && p != provider)
            ssri_flag(w, SSR_SEVERITY_ERROR, "provider", "block-mismatch", block, true, p->block,
                      "Expected only the identity block of provider %s, found \"%s\".", provider->name, p->block);
    }
    bool has_block = provider->block != NULL && ssri_get(root, provider->block) != NULL;
    if (!has_block)
        check_pinned(w, conditions, provider);
    if (!has_block && conditions == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "identity", "missing", root, false, NULL,
                  provider->block != NULL ? "Expected a \"%s\" identity block or conditions, found neither."
                                          : "Expected conditions for a custom provider%s, found none.",
                  provider->block != NULL ? provider->block : "");
    const cJSON *issuer = ssri_get(root, "issuer");
    if (provider->issuer != NULL && cJSON_IsString(issuer) && strcmp(issuer->valuestring, provider->issuer) != 0)
        ssri_flag(w, SSR_SEVERITY_ERROR, "issuer", "provider-mismatch", issuer, false, "issuer",
                  "Expected issuer \"%s\" for provider %s, found \"%.80s\".", provider->issuer, provider->name,
                  issuer->valuestring);
    size_t n = provider->issuer_prefix != NULL ? strlen(provider->issuer_prefix) : 0;
    if (n > 0 && cJSON_IsString(issuer) &&
        (strncmp(issuer->valuestring, provider->issuer_prefix, n) != 0 || issuer->valuestring[n] == '\0' ||
         strchr(issuer->valuestring + n, '/') != NULL))
        ssri_flag(w, SSR_SEVERITY_ERROR, "issuer", "provider-mismatch", issuer, false, "issuer",
                  "Expected an issuer \"%sORGANIZATION_ID\" for provider %s, found \"%.80s\".",
                  provider->issuer_prefix, provider->name, issuer->valuestring);
}

/* The provider libssr knows whose issuer this is (exact, or its organization prefix), or NULL. */
static const ssri_provider *provider_of_issuer(const char *issuer)
{
    for (const ssri_provider *p = ssri_providers; issuer != NULL && p->name != NULL; p++)
        if ((p->issuer != NULL && strcmp(issuer, p->issuer) == 0) ||
            (p->issuer_prefix != NULL && strncmp(issuer, p->issuer_prefix, strlen(p->issuer_prefix)) == 0))
            return p;
    return NULL;
}

/*
 * The audience is the registry's own: never the issuer, and never the
 * audience GitHub gives a token nobody asked one for
 * (https://github.com/OWNER), which any workflow of that owner can mint.
 */
static void check_audience(ssri_walk *w, const cJSON *root)
{
    const cJSON *audience = ssri_get(root, "audience");
    const char *aud = cJSON_IsString(audience) ? audience->valuestring : NULL, *iss = ssri_get_string(root, "issuer");
    if (aud != NULL && iss != NULL && strcmp(aud, iss) == 0)
        ssri_flag(w, SSR_SEVERITY_ERROR, "audience", "issuer", audience, false, "audience",
                  "Expected the registry's own audience, found the issuer's URL, which any token of the issuer may "
                  "carry.");
    else if (aud != NULL && strncmp(aud, "https://github.com/", 19) == 0)
        ssri_flag(w, SSR_SEVERITY_ERROR, "audience", "default", audience, false, "audience",
                  "Expected the registry's own audience, found GitHub's default (https://github.com/OWNER), which "
                  "every workflow of the owner gets without asking.");
}

static void check_policy(ssri_walk *w, const cJSON *root)
{
    const char *name = ssri_get_string(root, "provider");
    const ssri_provider *provider = ssri_provider_by_name(name);
    const ssri_provider *by_issuer = provider_of_issuer(ssri_get_string(root, "issuer"));
    if (provider != NULL && provider->pins == NULL && by_issuer != NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "provider", "issuer-known", ssri_get(root, "provider"), false, "provider",
                  "Expected provider %s for the issuer of %s, whose rules (its typed block, or conditions that pin "
                  "what it requires) then apply, found %s.",
                  by_issuer->name, by_issuer->name, name);
    if (provider != NULL) {
        check_identity(w, root, provider);
    } else {
        /*
         * A provider name libssr does not know (refused, and matched only
         * as a test fragment): the rules of the provider whose block it
         * names ("gitlab") or whose issuer it has, else a custom one's.
         */
        for (const ssri_provider *p = ssri_providers; provider == NULL && name != NULL && p->name != NULL; p++)
            if (p->block != NULL && strcmp(p->block, name) == 0)
                provider = p;
        check_pinned(w, ssri_get(root, "conditions"), provider != NULL ? provider : by_issuer);
    }
    check_audience(w, root);
    const char *state = ssri_get_string(root, "state");
    const cJSON *bindings = ssri_get(root, "bindings"), *pending = ssri_get(root, "pending");
    if (state != NULL && strcmp(state, "active") == 0) {
        if (bindings == NULL || (cJSON_IsArray(bindings) && bindings->child == NULL))
            ssri_flag(w, SSR_SEVERITY_ERROR, "bindings", "missing", bindings != NULL ? bindings : root, false,
                      bindings != NULL ? "bindings" : NULL,
                      "Expected at least one binding for an active policy, found none.");
        if (pending != NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "pending", "unexpected", pending, true, "pending",
                      "Expected no pending block on an active policy, found one.");
    }
    if (state != NULL && strcmp(state, "pending") == 0 && pending == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "pending", "missing", root, false, NULL,
                  "Expected a pending block for a pending policy, found none.");
}

#define BLOCKS_EXCEPT(a, b, c) "\"not\":{\"anyOf\":[{\"required\":[\"" a "\"]},{\"required\":[\"" b "\"]},{\"required\":[\"" c "\"]}]}"
#define WHEN_PROVIDER(name, then) "{\"if\":{\"properties\":{\"provider\":{\"const\":\"" name "\"}},\"required\":[\"provider\"]},\"then\":{" then "}}"
#define ISSUER_IS(url) "\"properties\":{\"issuer\":{\"const\":\"" url "\"}},"
#define BLOCK_OR_CONDITIONS(block) "\"anyOf\":[{\"required\":[\"" block "\"]},{\"required\":[\"conditions\"]}],"

static const ssri_node policy_root = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .title = "The trust policy between a package or namespace and a CI workload identity.",
    .members = SSRI_MEMBERS(
        {"ssr", SSRI_KIND_VERSION("trusted-publisher/v1"), true},
        {"id", SSRI_TEXT("id", "The registry's id for this policy.", 256), false},
        {"provider",
         SSRI_ENUM("provider", NULL, "github-actions", "gitlab-ci", "google-cloud", "activestate", "circleci",
                   "buildkite", "custom"),
         true},
        {"issuer", SSRI_STR("issuer", "The OIDC issuer; the token's iss must equal it.", SSRI_FMT_HTTPS_URL, 0, 0), true},
        {"audience", SSRI_TEXT("audience", "The registry's audience; the token's aud must be this one string.", 256),
         true},
        {"state", SSRI_ENUM("state", NULL, "active", "pending"), true},
        {"bindings",
         &(const ssri_node){
             .type = SSRI_ARRAY,
             .stem = "bindings",
             .title = "The packages or namespaces this policy may publish.",
             .items = &(const ssri_node){
                 .type = SSRI_OBJECT,
                 .stem = "binding",
                 .members = SSRI_MEMBERS({"type", SSRI_ENUM("binding.type", NULL, "package", "namespace"), true},
                                         {"name", SSRI_NAME("binding.name", NULL, SSRI_FMT_TEXT, 1, 512), true}),
             }},
         false},
        {"pending",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "pending",
             .title = "A policy registered before its package exists.",
             .members = SSRI_MEMBERS(
                 {"package", SSRI_TEXT("pending.package", "The package the first upload will create.", 512), true},
                 {"registrant", SSRI_TEXT("pending.registrant", "Who registered the policy.", 256), true},
                 {"created", SSRI_STR("pending.created", NULL, SSRI_FMT_TIMESTAMP, 0, 0), true},
                 {"expires", SSRI_STR("pending.expires", "After this the policy never matches.", SSRI_FMT_TIMESTAMP, 0, 0),
                  true}),
             .check = check_pending,
         },
         false},
        {"github", &github_node, false},
        {"gitlab", &gitlab_node, false},
        {"google", &google_node, false},
        {"activestate", &activestate_node, false},
        {"conditions",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "conditions", .min_items = 1, .items = &condition_node,
                            .title = "Claim checks in the generic form; all must hold."},
         false},
        {"token",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "token",
             .title = "Rules on the token itself.",
             .members = SSRI_MEMBERS(
                 {"leeway_seconds", SSRI_INT("token.leeway-seconds", "Clock skew allowed on exp, iat, nbf.", 0, 300),
                  true},
                 {"require_jti", SSRI_BOOL("token.require-jti", "Refuse tokens without a jti."), true},
                 {"max_lifetime_seconds",
                  SSRI_INT("token.max-lifetime-seconds", "The longest exp - iat accepted.", 1, 86400), false}),
         },
         false}),
    .check = check_policy,
    .schema_extra =
        "\"allOf\":["
        WHEN_PROVIDER("github-actions", ISSUER_IS("https://token.actions.githubusercontent.com")
                      BLOCK_OR_CONDITIONS("github") BLOCKS_EXCEPT("gitlab", "google", "activestate")) ","
        WHEN_PROVIDER("gitlab-ci", BLOCK_OR_CONDITIONS("gitlab") BLOCKS_EXCEPT("github", "google", "activestate")) ","
        WHEN_PROVIDER("google-cloud", ISSUER_IS("https://accounts.google.com")
                      BLOCK_OR_CONDITIONS("google") BLOCKS_EXCEPT("github", "gitlab", "activestate")) ","
        WHEN_PROVIDER("activestate", ISSUER_IS("https://platform.activestate.com/api/v1/oauth/oidc")
                      BLOCK_OR_CONDITIONS("activestate") BLOCKS_EXCEPT("github", "gitlab", "google")) ","
        WHEN_PROVIDER("custom", "\"required\":[\"conditions\"],\"not\":{\"anyOf\":[{\"required\":[\"github\"]},"
                      "{\"required\":[\"gitlab\"]},{\"required\":[\"google\"]},{\"required\":[\"activestate\"]}]}") ","
        WHEN_PROVIDER("circleci", "\"required\":[\"conditions\"],\"properties\":{\"issuer\":{\"pattern\":"
                      "\"^https://oidc\\\\.circleci\\\\.com/org/[^/]+$\"}},\"not\":{\"anyOf\":[{\"required\":[\"github\"]},"
                      "{\"required\":[\"gitlab\"]},{\"required\":[\"google\"]},{\"required\":[\"activestate\"]}]}") ","
        WHEN_PROVIDER("buildkite", ISSUER_IS("https://agent.buildkite.com")
                      "\"required\":[\"conditions\"],\"not\":{\"anyOf\":[{\"required\":[\"github\"]},"
                      "{\"required\":[\"gitlab\"]},{\"required\":[\"google\"]},{\"required\":[\"activestate\"]}]}") ","
        "{\"if\":{\"properties\":{\"state\":{\"const\":\"active\"}},\"required\":[\"state\"]},"
        "\"then\":{\"required\":[\"bindings\"],\"properties\":{\"bindings\":{\"minItems\":1}},"
        "\"not\":{\"required\":[\"pending\"]}}},"
        "{\"if\":{\"properties\":{\"state\":{\"const\":\"pending\"}},\"required\":[\"state\"]},"
        "\"then\":{\"required\":[\"pending\"]}}]",
};

static const struct ssri_extra_code policy_codes[] = {
    {"extension-name", SSR_SEVERITY_WARNING, false},
    {"condition.value.invalid", SSR_SEVERITY_ERROR, false},
    {"condition.bind-on-first-use.invalid", SSR_SEVERITY_ERROR, false},
    {"provider.block-mismatch", SSR_SEVERITY_ERROR, false},
    {"identity.missing", SSR_SEVERITY_ERROR, false},
    {"identity.unpinned", SSR_SEVERITY_ERROR, true},
    {"issuer.provider-mismatch", SSR_SEVERITY_ERROR, false},
    {"provider.issuer-known", SSR_SEVERITY_ERROR, true},
    {"audience.issuer", SSR_SEVERITY_ERROR, true},
    {"audience.default", SSR_SEVERITY_ERROR, true},
    {"bindings.missing", SSR_SEVERITY_ERROR, false},
    {"pending.unexpected", SSR_SEVERITY_ERROR, false},
    {"pending.missing", SSR_SEVERITY_ERROR, false},
    {"pending.expires.order", SSR_SEVERITY_ERROR, true},
    {NULL, 0, false},
};

const ssri_native ssri_trusted_publisher_kind = {
    .name = "trusted-publisher",
    .root = &policy_root,
    .own_schema = true,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = policy_codes,
};

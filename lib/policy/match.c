/*
 * Trusted-publisher matching: the token's own claims, then the policy's
 * conditions, the typed identity blocks compiled to conditions with one
 * semantics per provider (schema/SPEC.md section 11). No regular
 * expressions: every operator is a comparison of whole strings or of
 * segments split on a fixed separator.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "json/json.h"
#include "kinds/formats.h"
#include "kinds/trusted_publisher.h"
#include "ssr/policy.h"
#include "tp.h"

enum op {
    OP_EQ,
    OP_EQ_CI,
    OP_EQ_JSON,
    OP_PRESENT,
    OP_NOT_IN,
    OP_PREFIX,
    OP_EQ_CONCAT_CLAIM,
    OP_SEGMENTS_PREFIX,
    OP_WORKFLOW_FILE,
    OP_WORKFLOW_FILE_GITLAB,
    OP_CONTAINS_ALL,
    OP_COUNT
};

static const char *const op_names[OP_COUNT] = {"eq",     "eq_ci",           "eq_json",         "present",
                                               "not_in", "prefix",          "eq_concat_claim", "segments_prefix",
                                               "workflow_file", "workflow_file_gitlab", "contains_all"};

typedef struct condition {
    const char *claim;
    enum op op;
    const char *text;     /* the string operand; eq_concat_claim: the prefix; segments_prefix: the separator */
    const cJSON *literal; /* eq_json; eq with an integer */
    const char **items;   /* not_in values, any_of claims, segments */
    size_t count;
    bool flag; /* eq_concat_claim: require_all; segments_prefix: ci */
    bool bind; /* eq with null: bind on first use */
    size_t fold; /* prefix, eq_concat_claim: the prefix's first `fold` bytes compare without ASCII case */
} condition;

typedef struct compiled {
    ssri_arena arena;
    condition *conditions;
    size_t count, cap;
    const char *issuer, *audience;
    int64_t leeway, max_lifetime; /* max_lifetime 0: none */
    bool require_jti;
    bool pending;
    int64_t pending_expires;
} compiled;

struct ssr_tp_result {
    bool matched;
    bool failed; /* set by the first failing check, even when copying its names ran out of memory */
    char *failed_claim, *failed_op, *failed_reason;
    char *jti;
    size_t held;
    size_t bound_count;
    char **bound_claims, **bound_values;
    char *token_alg, *token_kid, *token_claims; /* ssr_tp_verify_token(): the verified header and claims */
};

/* ---- compiling ---------------------------------------------------------- */

static char *arena_printf(compiled *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *arena_printf(compiled *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : ssri_arena_alloc(&c->arena, (size_t)n + 1);
    if (s != NULL) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

static condition *add(compiled *c, const char *claim, enum op op, const char *text)
{
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        condition *grown = ssri_arena_alloc(&c->arena, cap * sizeof *grown);
        if (grown == NULL)
            return NULL;
        if (c->count > 0)
            memcpy(grown, c->conditions, c->count * sizeof *grown);
        c->conditions = grown;
        c->cap = cap;
    }
    condition *cond = &c->conditions[c->count++];
    *cond = (condition){.claim = claim, .op = op, .text = text};
    return cond;
}

static const char **strings(compiled *c, size_t n)
{
    return ssri_arena_alloc(&c->arena, (n ? n : 1) * sizeof(const char *));
}

static bool option(const cJSON *block, const char *name, bool fallback)
{
    const cJSON *v = ssri_get(block, name);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

/*
 * GitHub: the repository (without case unless fold_case is false), the
 * owner's id exactly, the workflow ref built whole and never split on '@'.
 * The workflow claim is job_workflow_ref (PyPI, RubyGems) or workflow_ref
 * (crates.io, npm); its ref must be the run's own ref or sha, except for a
 * reusable workflow of another repository (workflow_repository), whose ref
 * the calling repository chooses: there the prefix alone, as RubyGems
 * checks it. pull_request_target is always refused, workflow_run unless
 * allowed.
 */
static bool compile_github(compiled *c, const cJSON *b)
{
    const char *owner = ssri_get_string(b, "owner"), *repo = ssri_get_string(b, "repository");
    const char *workflow_repo = ssri_get_string(b, "workflow_repository");
    const char *environment = ssri_get_string(b, "environment");
    const char *claim = ssri_get_string(b, "workflow_claim");
    bool fold = option(b, "fold_case", true), allow_workflow_run = option(b, "allow_workflow_run", false);
    char *full = arena_printf(c, "%s/%s", owner, repo);
    char *prefix = arena_printf(c, "%s/.github/workflows/%s@", workflow_repo ? workflow_repo : full,
                                ssri_get_string(b, "workflow"));
    const char **refs = strings(c, 2), **denied = strings(c, 2);
    if (full == NULL || prefix == NULL || refs == NULL || denied == NULL)
        return false;
    refs[0] = "ref";
    refs[1] = "sha";
    denied[0] = "pull_request_target";
    denied[1] = "workflow_run";
    condition *workflow, *events;
    if (add(c, "repository", fold ? OP_EQ_CI : OP_EQ, full) == NULL ||
        add(c, "repository_owner_id", OP_EQ, ssri_get_string(b, "owner_id")) == NULL ||
        (workflow = add(c, claim != NULL ? claim : "job_workflow_ref",
                        workflow_repo != NULL ? OP_PREFIX : OP_EQ_CONCAT_CLAIM, prefix)) == NULL ||
        (events = add(c, "event_name", OP_NOT_IN, NULL)) == NULL)
        return false;
    if (workflow_repo == NULL) {
        workflow->items = refs;
        workflow->count = 2;
    }
    /* OWNER/NAME in the workflow ref is a GitHub name too: without case when the repository is */
    workflow->fold = fold ? strlen(workflow_repo != NULL ? workflow_repo : full) : 0;
    events->items = denied;
    events->count = allow_workflow_run ? 1 : 2;
    return environment == NULL || add(c, "environment", fold ? OP_EQ_CI : OP_EQ, environment) != NULL;
}

/* The host of an https issuer, as GitLab writes it in ci_config_ref_uri. */
static const char *issuer_host(compiled *c, const char *issuer)
{
    const char *host = strncmp(issuer, "https://", 8) == 0 ? issuer + 8 : issuer;
    return arena_printf(c, "%.*s", (int)strcspn(host, "/"), host);
}

/* GitLab: project_path folds case; ci_config_ref_uri needs both ref_path and sha; ids and environment exact. */
static bool compile_gitlab(compiled *c, const cJSON *b)
{
    const char *ns = ssri_get_string(b, "namespace"), *project = ssri_get_string(b, "project");
    const char *host = issuer_host(c, c->issuer);
    char *path = arena_printf(c, "%s/%s", ns, project);
    char *prefix = arena_printf(c, "%s/%s//%s@", host, path, ssri_get_string(b, "workflow_filepath"));
    const char **refs = strings(c, 2);
    if (host == NULL || path == NULL || prefix == NULL || refs == NULL)
        return false;
    refs[0] = "ref_path";
    refs[1] = "sha";
    condition *concat;
    if (add(c, "project_path", OP_EQ_CI, path) == NULL ||
        (concat = add(c, "ci_config_ref_uri", OP_EQ_CONCAT_CLAIM, prefix)) == NULL)
        return false;
    concat->items = refs;
    concat->count = 2;
    concat->flag = true;
    static const char *const optional[][2] = {
        {"namespace_id", "namespace_id"}, {"project_id", "project_id"}, {"environment", "environment"}};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(optional); i++) {
        const char *value = ssri_get_string(b, optional[i][0]);
        if (value != NULL && add(c, optional[i][1], OP_EQ, value) == NULL)
            return false;
    }
    return true;
}

/* Google: the service account's email, exactly, verified as the JSON true; sub when pinned. */
static bool compile_google(compiled *c, const cJSON *b, const cJSON *true_node)
{
    condition *verified;
    const char *subject = ssri_get_string(b, "subject");
    if (add(c, "email", OP_EQ, ssri_get_string(b, "email")) == NULL ||
        (verified = add(c, "email_verified", OP_EQ_JSON, NULL)) == NULL)
        return false;
    verified->literal = true_node;
    return subject == NULL || add(c, "sub", OP_EQ, subject) != NULL;
}

/* ActiveState: sub's first four segments org:ORG:project:PROJECT, then the ids, all exact. */
static bool compile_activestate(compiled *c, const cJSON *b)
{
    const char *org = ssri_get_string(b, "organization"), *project = ssri_get_string(b, "project");
    const char **segments = strings(c, 4);
    condition *sub;
    if (segments == NULL || (sub = add(c, "sub", OP_SEGMENTS_PREFIX, ":")) == NULL)
        return false;
    segments[0] = "org";
    segments[1] = org;
    segments[2] = "project";
    segments[3] = project;
    sub->items = segments;
    sub->count = 4;
    return add(c, "organization", OP_EQ, org) != NULL && add(c, "project", OP_EQ, project) != NULL &&
           add(c, "actor_id", OP_EQ, ssri_get_string(b, "actor_id")) != NULL;
}

static enum op op_of(const char *name)
{
    for (int i = 0; i < OP_COUNT; i++)
        if (strcmp(op_names[i], name) == 0)
            return (enum op)i;
    return OP_COUNT;
}

/* A list of strings from a JSON array, into the arena. */
static const char **string_list(compiled *c, const cJSON *array, size_t *count)
{
    size_t n = (size_t)cJSON_GetArraySize(array), i = 0;
    const char **list = strings(c, n);
    for (const cJSON *e = array != NULL ? array->child : NULL; list != NULL && e != NULL; e = e->next)
        list[i++] = e->valuestring;
    *count = n;
    return list;
}

/* A generic condition, already valid by the trusted-publisher kind's rules. */
static bool compile_generic(compiled *c, const cJSON *cond)
{
    const cJSON *value = ssri_get(cond, "value");
    enum op op = op_of(ssri_get_string(cond, "op"));
    condition *out = add(c, ssri_get_string(cond, "claim"), op, NULL);
    if (out == NULL)
        return false;
    out->bind = cJSON_IsTrue(ssri_get(cond, "bind_on_first_use"));
    switch (op) {
    case OP_EQ_JSON:
        out->literal = value;
        return true;
    case OP_NOT_IN:
    case OP_CONTAINS_ALL:
        return (out->items = string_list(c, value, &out->count)) != NULL;
    case OP_EQ_CONCAT_CLAIM:
        out->text = ssri_get_string(value, "prefix");
        out->flag = cJSON_IsTrue(ssri_get(value, "require_all"));
        return (out->items = string_list(c, ssri_get(value, "any_of"), &out->count)) != NULL;
    case OP_SEGMENTS_PREFIX:
        out->text = ssri_get_string(value, "sep");
        out->flag = cJSON_IsTrue(ssri_get(value, "ci"));
        return (out->items = string_list(c, ssri_get(value, "segments"), &out->count)) != NULL;
    case OP_PRESENT:
        return true;
    default:
        out->text = cJSON_IsString(value) ? value->valuestring : NULL; /* NULL: eq binding, or an integer */
        out->literal = cJSON_IsNumber(value) ? value : NULL;
        return true;
    }
}

static int64_t integer_of(const cJSON *n)
{
    return (int64_t)n->valuedouble;
}

static bool compile(compiled *c, const cJSON *policy, const cJSON *true_node)
{
    c->issuer = ssri_get_string(policy, "issuer");
    c->audience = ssri_get_string(policy, "audience");
    const cJSON *token = ssri_get(policy, "token");
    const cJSON *leeway = ssri_get(token, "leeway_seconds"), *lifetime = ssri_get(token, "max_lifetime_seconds");
    c->leeway = leeway != NULL ? integer_of(leeway) : 30;
    c->max_lifetime = lifetime != NULL ? integer_of(lifetime) : 0;
    c->require_jti = cJSON_IsTrue(ssri_get(token, "require_jti"));
    const char *state = ssri_get_string(policy, "state");
    c->pending = state != NULL && strcmp(state, "pending") == 0;
    if (c->pending)
        ssri_timestamp_parse(ssri_get_string(ssri_get(policy, "pending"), "expires"), &c->pending_expires);

    const ssri_provider *provider = ssri_provider_by_name(ssri_get_string(policy, "provider"));
    const cJSON *block = provider != NULL && provider->block != NULL ? ssri_get(policy, provider->block) : NULL;
    bool ok = true;
    if (block != NULL) {
        if (strcmp(provider->block, "github") == 0)
            ok = compile_github(c, block);
        else if (strcmp(provider->block, "gitlab") == 0)
            ok = compile_gitlab(c, block);
        else if (strcmp(provider->block, "google") == 0)
            ok = compile_google(c, block, true_node);
        else
            ok = compile_activestate(c, block);
    }
    const cJSON *conditions = ssri_get(policy, "conditions");
    for (const cJSON *cond = conditions != NULL ? conditions->child : NULL; ok && cond != NULL; cond = cond->next)
        ok = compile_generic(c, cond);
    return ok;
}

/* ---- loading ------------------------------------------------------------ */

/*
 * Errors a test fragment (SSR_TP_POLICY_FRAGMENT, see policy.h) may carry
 * and still be matched. Without the flag a policy is matched only when it
 * is a valid trusted-publisher document: the validator and the matcher
 * refuse the same policies.
 */
static bool tolerated(const char *code, const cJSON *policy)
{
    if (strcmp(code, "trusted-publisher.issuer.format") == 0 ||
        strcmp(code, "trusted-publisher.conditions.min-items") == 0 ||
        strcmp(code, "trusted-publisher.bindings.missing") == 0) /* the caller chose the policy by its bindings */
        return true;
    if (strcmp(code, "trusted-publisher.provider.enum") != 0)
        return false;
    for (const ssri_provider *p = ssri_providers; p->name != NULL; p++)
        if (p->block != NULL && ssri_get(policy, p->block) != NULL)
            return false; /* a typed block needs a provider that compiles it */
    return true;
}

static int load_policy(const void *data, size_t len, bool fragment, ssr_doc **doc, ssr_report **report)
{
    ssr_report *r = NULL;
    int status = ssr_validate(data, len, SSR_KIND_TRUSTED_PUBLISHER, NULL, &r);
    if (status != SSR_OK)
        return status;
    status = ssr_doc_parse(data, len, NULL, doc, NULL);
    bool usable = status == SSR_OK;
    for (size_t i = 0; usable && i < r->count; i++)
        if (r->items[i].severity == SSR_SEVERITY_ERROR && !(fragment && tolerated(r->items[i].code, (*doc)->root)))
            usable = false;
    if (usable || status == SSR_ENOMEM) {
        ssr_report_free(r);
        return status;
    }
    ssr_doc_free(*doc);
    *doc = NULL;
    if (report != NULL)
        *report = r;
    else
        ssr_report_free(r);
    return SSR_EINVALID;
}

/* ---- evaluating --------------------------------------------------------- */

/* ASCII case folding only: no locale, no Unicode tables (a Turkish dotless i is not an i). */
static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool equal_ci_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fold(a[i]) != fold(b[i]))
            return false;
    return true;
}

static bool equal_ci(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && equal_ci_n(a, b, n);
}

/* The file name of a GitHub workflow ref: OWNER/REPO/.github/workflows/FILE@REF. */
static bool workflow_file(const char *ref, const char *want)
{
    size_t end = strcspn(ref, "@");
    if (ref[end] != '@')
        return false;
    size_t start = end;
    while (start > 0 && ref[start - 1] != '/')
        start--;
    return end - start == strlen(want) && strncmp(ref + start, want, end - start) == 0;
}

/* The path of a GitLab config ref: HOST/NS/PROJECT//PATH@REF, between the first "//" and the last '@'. */
static bool workflow_file_gitlab(const char *ref, const char *want)
{
    const char *start = strstr(ref, "//"), *end = strrchr(ref, '@');
    if (start == NULL || end == NULL || end < start + 2)
        return false;
    start += 2;
    return (size_t)(end - start) == strlen(want) && strncmp(start, want, (size_t)(end - start)) == 0;
}

static bool segments_prefix(const char *claim, const condition *cond)
{
    size_t sep = strlen(cond->text);
    const char *p = claim;
    for (size_t i = 0; i < cond->count; i++) {
        const char *end = strstr(p, cond->text);
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        size_t want = strlen(cond->items[i]);
        if (n == 0 || n != want ||
            (cond->flag ? !equal_ci_n(p, cond->items[i], n) : strncmp(p, cond->items[i], n) != 0))
            return false;
        if (end == NULL)
            return i + 1 == cond->count;
        p = end + sep;
    }
    return true;
}

/* Does claims[name] hold prefix + value for some (require_all: after checking every) claim in the list? */
/* Does value start with the condition's prefix, its first cond->fold bytes without ASCII case? */
static bool has_prefix_folded(const char *value, const condition *cond, size_t prefix)
{
    return strncasecmp(value, cond->text, cond->fold) == 0 &&
           strncmp(value + cond->fold, cond->text + cond->fold, prefix - cond->fold) == 0;
}

static const char *concat_claim(const condition *cond, const cJSON *claims, const char *value)
{
    size_t prefix = strlen(cond->text);
    bool found = false;
    for (size_t i = 0; i < cond->count; i++) {
        const char *part = ssri_get_string(claims, cond->items[i]);
        if (part == NULL || part[0] == '\0') {
            if (cond->flag)
                return "concat-claim-missing";
            continue;
        }
        if (strlen(value) >= prefix && has_prefix_folded(value, cond, prefix) && strcmp(value + prefix, part) == 0)
            found = true;
    }
    return found ? NULL : "mismatch";
}

/*
 * Numbers compare exactly or not at all: both written as integers within
 * +-(2^53 - 1), where a double holds every integer, so that
 * 12345678901234567891 never equals 12345678901234567890.
 */
static bool json_equal(const cJSON *claim, const cJSON *literal)
{
    if ((claim->type & 0xff) != (literal->type & 0xff))
        return false;
    if (cJSON_IsNumber(claim))
        return ssri_exact_integer(claim) && ssri_exact_integer(literal) && claim->valuedouble == literal->valuedouble;
    if (cJSON_IsString(claim))
        return strcmp(claim->valuestring, literal->valuestring) == 0;
    return cJSON_IsBool(claim) || cJSON_IsNull(claim);
}

/* NULL when the condition holds, else the reason it does not. */
static const char *evaluate(const condition *cond, const cJSON *claims)
{
    const cJSON *claim = ssri_get(claims, cond->claim);
    if (claim == NULL || cJSON_IsNull(claim))
        return "claim-missing";
    switch (cond->op) {
    case OP_PRESENT:
        return NULL;
    case OP_EQ_JSON:
        return json_equal(claim, cond->literal) ? NULL : "mismatch";
    case OP_CONTAINS_ALL: /* an array claim (CircleCI's context-ids) holding every listed string */
        if (!cJSON_IsArray(claim))
            return "not-an-array";
        for (size_t i = 0; i < cond->count; i++) {
            bool found = false;
            for (const cJSON *e = claim->child; e != NULL && !found; e = e->next)
                found = cJSON_IsString(e) && strcmp(e->valuestring, cond->items[i]) == 0;
            if (!found)
                return "missing-value";
        }
        return NULL;
    case OP_EQ:
        if (cond->bind && cJSON_IsNumber(claim))
            return ssri_exact_integer(claim) ? NULL : "inexact-number";
        if (cond->literal != NULL)
            return !cJSON_IsNumber(claim) ? "not-a-number"
                   : json_equal(claim, cond->literal) ? NULL
                   : ssri_exact_integer(claim) ? "mismatch"
                                               : "inexact-number";
        if (cond->bind)
            return cJSON_IsString(claim) ? NULL : "not-a-string";
        break;
    default:
        break;
    }
    if (!cJSON_IsString(claim))
        return "not-a-string";
    const char *v = claim->valuestring;
    switch (cond->op) {
    case OP_EQ:
        return strcmp(v, cond->text) == 0 ? NULL : "mismatch";
    case OP_EQ_CI:
        return v[0] != '\0' && equal_ci(v, cond->text) ? NULL : "mismatch";
    case OP_NOT_IN:
        for (size_t i = 0; i < cond->count; i++)
            if (strcmp(v, cond->items[i]) == 0)
                return "denied-value";
        return NULL;
    case OP_PREFIX:
        return strlen(v) >= strlen(cond->text) && has_prefix_folded(v, cond, strlen(cond->text)) ? NULL : "mismatch";
    case OP_EQ_CONCAT_CLAIM:
        return concat_claim(cond, claims, v);
    case OP_SEGMENTS_PREFIX:
        return segments_prefix(v, cond) ? NULL : "mismatch";
    case OP_WORKFLOW_FILE:
        return workflow_file(v, cond->text) ? NULL : "mismatch";
    case OP_WORKFLOW_FILE_GITLAB:
        return workflow_file_gitlab(v, cond->text) ? NULL : "mismatch";
    default:
        return "mismatch";
    }
}

static bool fail(ssr_tp_result *r, const char *claim, const char *op, const char *reason)
{
    if (r->failed)
        return false;
    r->failed = true;
    r->failed_claim = ssri_strndup(claim, strlen(claim));
    r->failed_op = ssri_strndup(op, strlen(op));
    r->failed_reason = ssri_strndup(reason, strlen(reason));
    return false;
}

/* An integer claim: SSR_OK, or the reason it is not one; absent is "missing". */
static const char *integer_claim(const cJSON *claims, const char *name, int64_t *out)
{
    const cJSON *c = ssri_get(claims, name);
    if (c == NULL || cJSON_IsNull(c))
        return "missing";
    if (!cJSON_IsNumber(c) || !(c->type & SSRI_NUMBER_INTEGRAL) || fabs(c->valuedouble) >= 9.2e18)
        return "not-an-integer";
    *out = integer_of(c);
    return NULL;
}

/* The token's own claims, before any condition. */
static bool check_token(ssr_tp_result *r, const compiled *c, const cJSON *claims, int64_t now, bool partial)
{
    char reason[48];
    const cJSON *aud = ssri_get(claims, "aud");
    if (aud != NULL || !partial) {
        if (!cJSON_IsString(aud))
            return fail(r, "aud", "token", aud == NULL ? "aud-missing" : "aud-not-a-string");
        if (strcmp(aud->valuestring, c->audience) != 0)
            return fail(r, "aud", "token", "aud-mismatch");
    }
    const cJSON *iss = ssri_get(claims, "iss");
    if ((iss != NULL || !partial) && !(cJSON_IsString(iss) && strcmp(iss->valuestring, c->issuer) == 0))
        return fail(r, "iss", "token", iss == NULL ? "iss-missing" : "iss-mismatch");
    int64_t exp = 0, iat = 0, nbf = 0;
    const char *exp_problem = integer_claim(claims, "exp", &exp);
    const char *iat_problem = integer_claim(claims, "iat", &iat);
    const char *nbf_problem = integer_claim(claims, "nbf", &nbf);
    if (exp_problem != NULL && !(partial && strcmp(exp_problem, "missing") == 0)) {
        snprintf(reason, sizeof reason, "exp-%s", exp_problem);
        return fail(r, "exp", "token", reason);
    }
    if (exp_problem == NULL && exp <= now - c->leeway)
        return fail(r, "exp", "token", "expired");
    if (iat_problem != NULL && !(partial && strcmp(iat_problem, "missing") == 0)) {
        snprintf(reason, sizeof reason, "iat-%s", iat_problem);
        return fail(r, "iat", "token", reason);
    }
    if (iat_problem == NULL && iat > now + c->leeway)
        return fail(r, "iat", "token", "iat-in-future");
    if (nbf_problem != NULL && strcmp(nbf_problem, "missing") != 0)
        return fail(r, "nbf", "token", "nbf-not-an-integer");
    if (nbf_problem == NULL && nbf > now + c->leeway)
        return fail(r, "nbf", "token", "nbf-in-future");
    if (c->max_lifetime > 0 && exp_problem == NULL && iat_problem == NULL && exp - iat > c->max_lifetime)
        return fail(r, "exp", "token", "lifetime-too-long");
    const cJSON *jti = ssri_get(claims, "jti");
    if (jti != NULL && !cJSON_IsString(jti))
        return fail(r, "jti", "token", "jti-not-a-string");
    if (jti == NULL && c->require_jti)
        return fail(r, "jti", "token", "jti-missing");
    return true;
}

static void drop_bound(ssr_tp_result *r)
{
    for (size_t i = 0; i < r->bound_count; i++) {
        ssri_free(r->bound_claims[i]);
        ssri_free(r->bound_values[i]);
    }
    ssri_free(r->bound_claims);
    ssri_free(r->bound_values);
    r->bound_claims = r->bound_values = NULL;
    r->bound_count = 0;
}

static bool bind(ssr_tp_result *r, const char *claim, const cJSON *value)
{
    char **claims = ssri_realloc(r->bound_claims, (r->bound_count + 1) * sizeof *claims);
    if (claims == NULL)
        return false;
    r->bound_claims = claims;
    char **values = ssri_realloc(r->bound_values, (r->bound_count + 1) * sizeof *values);
    if (values == NULL)
        return false;
    r->bound_values = values;
    ssri_buf b = {0};
    if (cJSON_IsString(value))
        ssri_json_escape(&b, value->valuestring, strlen(value->valuestring));
    else /* an exact integer (evaluate() refused the others) */
        ssri_buf_printf(&b, "%lld", (long long)value->valuedouble);
    char *json = NULL;
    if (ssri_buf_finish(&b, &json, NULL) != SSR_OK)
        return false;
    r->bound_claims[r->bound_count] = ssri_strndup(claim, strlen(claim));
    r->bound_values[r->bound_count] = json;
    if (r->bound_claims[r->bound_count] == NULL) {
        ssri_free(json);
        return false;
    }
    r->bound_count++;
    return true;
}

/*
 * In a partial claim set, does the extract hold what the condition reads:
 * its claim (not null), and for eq_concat_claim at least one of the
 * claims it joins (null counts: the extract says that claim is empty)?
 */
static bool in_extract(const condition *cond, const cJSON *claims)
{
    const cJSON *claim = ssri_get(claims, cond->claim);
    if (claim == NULL || cJSON_IsNull(claim))
        return false;
    if (cond->op != OP_EQ_CONCAT_CLAIM)
        return true;
    for (size_t i = 0; i < cond->count; i++)
        if (ssri_get(claims, cond->items[i]) != NULL)
            return true;
    return false;
}

static int run(ssr_tp_result *r, const compiled *c, const cJSON *claims, int64_t now, bool partial)
{
    const cJSON *jti = ssri_get(claims, "jti");
    if (cJSON_IsString(jti) && (r->jti = ssri_strndup(jti->valuestring, strlen(jti->valuestring))) == NULL)
        return SSR_ENOMEM;
    if (c->pending && c->pending_expires <= now)
        fail(r, "", "pending", "pending-expired");
    else if (check_token(r, c, claims, now, partial) && c->count == 0)
        fail(r, "", "policy", "no-conditions");
    else if (!r->failed)
        for (size_t i = 0; i < c->count; i++) {
            const condition *cond = &c->conditions[i];
            if (partial && !in_extract(cond, claims))
                continue; /* the extract does not hold what this condition reads */
            const char *reason = evaluate(cond, claims);
            if (reason != NULL) {
                fail(r, cond->claim, op_names[cond->op], reason);
                continue;
            }
            r->held++;
            if (cond->bind && !bind(r, cond->claim, ssri_get(claims, cond->claim)))
                return SSR_ENOMEM;
        }
    r->matched = !r->failed;
    if (r->failed)
        drop_bound(r); /* a refused token binds nothing: no value of it may be stored */
    if (r->failed && (r->failed_reason == NULL || r->failed_claim == NULL || r->failed_op == NULL))
        return SSR_ENOMEM;
    return SSR_OK;
}

/* ---- compiled policies ------------------------------------------------------ */

struct ssr_tp_policy {
    ssr_doc *doc;     /* the conditions point into it */
    compiled c;
    cJSON true_node;  /* google's email_verified literal */
};

void ssr_tp_policy_free(ssr_tp_policy *policy)
{
    if (policy == NULL)
        return;
    ssri_arena_release(&policy->c.arena);
    ssr_doc_free(policy->doc);
    ssri_free(policy);
}

int ssr_tp_policy_parse(const void *data, size_t len, ssr_tp_policy **policy, ssr_report **report)
{
    if (policy != NULL)
        *policy = NULL;
    if (report != NULL)
        *report = NULL;
    if (policy == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    ssr_tp_policy *p = ssri_malloc(sizeof *p);
    if (p == NULL)
        return SSR_ENOMEM;
    *p = (ssr_tp_policy){.true_node = {.type = cJSON_True}};
    int status = load_policy(data, len, false, &p->doc, report);
    if (status == SSR_OK && !compile(&p->c, p->doc->root, &p->true_node))
        status = SSR_ENOMEM;
    if (status != SSR_OK) {
        ssr_tp_policy_free(p);
        return status;
    }
    *policy = p;
    return SSR_OK;
}

int ssr_tp_policy_set_leeway(ssr_tp_policy *policy, unsigned seconds)
{
    if (policy == NULL || seconds > 300)
        return SSR_EINVAL;
    policy->c.leeway = (int64_t)seconds;
    return SSR_OK;
}

int ssri_tp_run(const ssr_tp_policy *policy, const cJSON *claims, int64_t now, bool partial, ssr_tp_result **result)
{
    ssr_tp_result *r = ssri_malloc(sizeof *r);
    if (r == NULL)
        return SSR_ENOMEM;
    *r = (ssr_tp_result){0};
    int status = run(r, &policy->c, claims, now, partial);
    if (status != SSR_OK) {
        ssr_tp_result_free(r);
        return status;
    }
    *result = r;
    return SSR_OK;
}

int ssr_tp_match(const void *policy, size_t policy_len, const void *claims, size_t claims_len, int64_t now,
                 unsigned flags, ssr_tp_result **result, ssr_report **report)
{
    if (result != NULL)
        *result = NULL;
    if (report != NULL)
        *report = NULL;
    if (result == NULL || (policy == NULL && policy_len > 0) || (claims == NULL && claims_len > 0) ||
        (flags & ~(SSR_TP_PARTIAL_CLAIMS | SSR_TP_POLICY_FRAGMENT)) != 0)
        return SSR_EINVAL;
    ssr_doc *policy_doc = NULL, *claims_doc = NULL;
    int status = load_policy(policy, policy_len, (flags & SSR_TP_POLICY_FRAGMENT) != 0, &policy_doc, report);
    if (status != SSR_OK)
        return status;
    ssr_report *claims_report = NULL;
    status = ssr_doc_parse(claims, claims_len, NULL, &claims_doc, &claims_report);
    if (status == SSR_OK && !cJSON_IsObject(claims_doc->root)) {
        status = ssri_report_add(claims_report, SSR_SEVERITY_ERROR, "tp.claims.type", "", claims, claims_len, 0,
                                 "Expected the token's claims as a JSON object.");
        if (status == SSR_OK)
            status = SSR_EINVALID;
    }
    if (status == SSR_EINVALID && report != NULL) {
        *report = claims_report;
        claims_report = NULL;
    }
    ssr_report_free(claims_report);
    compiled c = {0};
    cJSON true_node = {.type = cJSON_True};
    ssr_tp_result *r = status == SSR_OK ? ssri_malloc(sizeof *r) : NULL;
    if (status == SSR_OK && r == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        *r = (ssr_tp_result){0};
        status = compile(&c, policy_doc->root, &true_node) ? SSR_OK : SSR_ENOMEM;
    }
    if (status == SSR_OK)
        status = run(r, &c, claims_doc->root, now, (flags & SSR_TP_PARTIAL_CLAIMS) != 0);
    ssri_arena_release(&c.arena);
    ssr_doc_free(policy_doc);
    ssr_doc_free(claims_doc);
    if (status != SSR_OK) {
        ssr_tp_result_free(r);
        return status;
    }
    *result = r;
    return r->matched ? SSR_OK : SSR_ENOMATCH; /* a "no" is never SSR_OK: a caller who checks the status alone refuses */
}

/* ---- results and explanations ------------------------------------------- */

int ssri_tp_result_set_token(ssr_tp_result *r, const char *alg, const char *kid, const unsigned char *claims,
                             size_t len)
{
    r->token_alg = ssri_strndup(alg, strlen(alg));
    r->token_kid = ssri_strndup(kid, strlen(kid));
    r->token_claims = ssri_strndup((const char *)claims, len);
    return r->token_alg != NULL && r->token_kid != NULL && r->token_claims != NULL ? SSR_OK : SSR_ENOMEM;
}

const char *ssr_tp_token_alg(const ssr_tp_result *r)
{
    return r != NULL ? r->token_alg : NULL;
}

const char *ssr_tp_token_kid(const ssr_tp_result *r)
{
    return r != NULL ? r->token_kid : NULL;
}

const char *ssr_tp_token_claims(const ssr_tp_result *r)
{
    return r != NULL ? r->token_claims : NULL;
}

int ssr_tp_matched(const ssr_tp_result *r)
{
    return r != NULL && r->matched;
}

const char *ssr_tp_failed_claim(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_claim : NULL;
}

const char *ssr_tp_failed_op(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_op : NULL;
}

const char *ssr_tp_failed_reason(const ssr_tp_result *r)
{
    return r != NULL ? r->failed_reason : NULL;
}

const char *ssr_tp_jti(const ssr_tp_result *r)
{
    return r != NULL ? r->jti : NULL;
}

size_t ssr_tp_conditions_held(const ssr_tp_result *r)
{
    return r != NULL ? r->held : 0;
}

size_t ssr_tp_bound_count(const ssr_tp_result *r)
{
    return r != NULL ? r->bound_count : 0;
}

const char *ssr_tp_bound_claim(const ssr_tp_result *r, size_t i)
{
    return r != NULL && i < r->bound_count ? r->bound_claims[i] : NULL;
}

const char *ssr_tp_bound_value(const ssr_tp_result *r, size_t i)
{
    return r != NULL && i < r->bound_count ? r->bound_values[i] : NULL;
}

void ssr_tp_result_free(ssr_tp_result *r)
{
    if (r == NULL)
        return;
    drop_bound(r);
    ssri_free(r->failed_claim);
    ssri_free(r->failed_op);
    ssri_free(r->failed_reason);
    ssri_free(r->jti);
    ssri_free(r->token_alg);
    ssri_free(r->token_kid);
    ssri_free(r->token_claims);
    ssri_free(r);
}

static void put_string(ssri_buf *b, const char *s)
{
    if (s == NULL)
        ssri_buf_puts(b, "null");
    else
        ssri_json_escape(b, s, strlen(s));
}

int ssr_tp_result_to_json(const ssr_tp_result *r, char **out, size_t *out_len)
{
    if (out != NULL)
        *out = NULL;
    if (r == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_printf(&b, "{\"matched\":%s,\"failed\":", r->matched ? "true" : "false");
    if (r->matched) {
        ssri_buf_puts(&b, "null");
    } else {
        ssri_buf_puts(&b, "{\"claim\":");
        put_string(&b, r->failed_claim);
        ssri_buf_puts(&b, ",\"op\":");
        put_string(&b, r->failed_op);
        ssri_buf_puts(&b, ",\"reason\":");
        put_string(&b, r->failed_reason);
        ssri_buf_putc(&b, '}');
    }
    ssri_buf_puts(&b, ",\"jti\":");
    put_string(&b, r->jti);
    ssri_buf_puts(&b, ",\"bound\":{");
    for (size_t i = 0; i < r->bound_count; i++) {
        if (i > 0)
            ssri_buf_putc(&b, ',');
        put_string(&b, r->bound_claims[i]);
        ssri_buf_putc(&b, ':');
        ssri_buf_puts(&b, r->bound_values[i]);
    }
    ssri_buf_printf(&b, "},\"conditions_held\":%zu", r->held);
    if (r->token_alg != NULL) {
        /* the claims verified as a strict-JSON object: written as they were signed */
        ssri_buf_puts(&b, ",\"token\":{\"alg\":");
        put_string(&b, r->token_alg);
        ssri_buf_puts(&b, ",\"kid\":");
        put_string(&b, r->token_kid);
        ssri_buf_puts(&b, "},\"claims\":");
        ssri_buf_puts(&b, r->token_claims);
    }
    ssri_buf_putc(&b, '}');
    return ssri_buf_finish(&b, out, out_len);
}

static void explain_list(ssri_buf *b, const char *const *items, size_t count)
{
    ssri_buf_putc(b, '[');
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            ssri_buf_putc(b, ',');
        put_string(b, items[i]);
    }
    ssri_buf_putc(b, ']');
}

/* A value of a text and a list: {"TEXT_NAME": text, "LIST_NAME": [...]}, with "FLAG_NAME": true when set. */
static void explain_text_and_list(ssri_buf *b, const condition *cond, const char *text_name, const char *list_name,
                                  const char *flag_name)
{
    ssri_buf_printf(b, "{\"%s\":", text_name);
    put_string(b, cond->text);
    ssri_buf_printf(b, ",\"%s\":", list_name);
    explain_list(b, cond->items, cond->count);
    if (cond->flag)
        ssri_buf_printf(b, ",\"%s\":true", flag_name);
    ssri_buf_putc(b, '}');
}

static void explain_condition(ssri_buf *b, const condition *cond)
{
    ssri_buf_puts(b, "{\"claim\":");
    put_string(b, cond->claim);
    ssri_buf_printf(b, ",\"op\":\"%s\"", op_names[cond->op]);
    if (cond->op != OP_PRESENT)
        ssri_buf_puts(b, ",\"value\":");
    switch (cond->op) {
    case OP_PRESENT:
        break;
    case OP_EQ_JSON:
        ssri_buf_puts(b, cJSON_IsTrue(cond->literal) ? "true" : cJSON_IsFalse(cond->literal) ? "false" : "");
        if (cJSON_IsString(cond->literal))
            put_string(b, cond->literal->valuestring);
        if (cJSON_IsNumber(cond->literal))
            ssri_buf_printf(b, "%lld", (long long)cond->literal->valuedouble);
        break;
    case OP_NOT_IN:
    case OP_CONTAINS_ALL:
        explain_list(b, cond->items, cond->count);
        break;
    case OP_EQ_CONCAT_CLAIM:
        explain_text_and_list(b, cond, "prefix", "any_of", "require_all");
        break;
    case OP_SEGMENTS_PREFIX:
        explain_text_and_list(b, cond, "sep", "segments", "ci");
        break;
    default:
        if (cond->literal != NULL)
            ssri_buf_printf(b, "%lld", (long long)cond->literal->valuedouble);
        else
            put_string(b, cond->text);
        break;
    }
    if (cond->bind)
        ssri_buf_puts(b, ",\"bind_on_first_use\":true");
    if (cond->fold > 0) /* compiled from a typed block: its OWNER/NAME part compares without case */
        ssri_buf_printf(b, ",\"fold_case_chars\":%zu", cond->fold);
    ssri_buf_puts(b, "}\n");
}

int ssr_tp_explain(const void *policy, size_t len, char **out, size_t *out_len, ssr_report **report)
{
    if (out != NULL)
        *out = NULL;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || (policy == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    int status = load_policy(policy, len, false, &doc, report);
    if (status != SSR_OK)
        return status;
    compiled c = {0};
    cJSON true_node = {.type = cJSON_True};
    ssri_buf b = {0};
    if (!compile(&c, doc->root, &true_node)) {
        status = SSR_ENOMEM;
    } else {
        ssri_buf_puts(&b, "{\"token\":{\"iss\":");
        put_string(&b, c.issuer);
        ssri_buf_puts(&b, ",\"aud\":");
        put_string(&b, c.audience);
        ssri_buf_printf(&b, ",\"leeway_seconds\":%lld,\"require_jti\":%s", (long long)c.leeway,
                        c.require_jti ? "true" : "false");
        if (c.max_lifetime > 0)
            ssri_buf_printf(&b, ",\"max_lifetime_seconds\":%lld", (long long)c.max_lifetime);
        ssri_buf_puts(&b, "}}\n");
        for (size_t i = 0; i < c.count; i++)
            explain_condition(&b, &c.conditions[i]);
        status = ssri_buf_finish(&b, out, out_len);
    }
    ssri_buf_release(&b);
    ssri_arena_release(&c.arena);
    ssr_doc_free(doc);
    return status;
}

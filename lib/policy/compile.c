/*
 * Trusted-publisher policies compiled: the typed identity blocks turned
 * into conditions with one semantics per provider (schema/SPEC.md section
 * 11), the policy handle, and the explanation of what a policy demands.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "json/json.h"
#include "schema/formats.h"
#include "kinds/trusted_publisher.h"
#include "ssr/policy.h"
#include "tp.h"

const char *const ssri_tp_op_names[OP_COUNT] = {"eq",     "eq_ci",           "eq_json",         "present",
                                               "not_in", "prefix",          "eq_concat_claim", "segments_prefix",
                                               "workflow_file", "workflow_file_gitlab", "contains_all"};

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
        if (strcmp(ssri_tp_op_names[i], name) == 0)
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

bool ssri_tp_compile(compiled *c, const cJSON *policy, const cJSON *true_node)
{
    c->issuer = ssri_get_string(policy, "issuer");
    c->audience = ssri_get_string(policy, "audience");
    const cJSON *token = ssri_get(policy, "token");
    const cJSON *leeway = ssri_get(token, "leeway_seconds"), *lifetime = ssri_get(token, "max_lifetime_seconds");
    c->leeway = leeway != NULL ? ssri_tp_integer(leeway) : 30;
    c->max_lifetime = lifetime != NULL ? ssri_tp_integer(lifetime) : 0;
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

int ssri_tp_load(const void *data, size_t len, bool fragment, ssr_doc **doc, ssr_report **report)
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
    ssri_report_hand_over(r, true, report);
    return SSR_EINVALID;
}

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
    SSRI_RESET(policy);
    SSRI_RESET(report);
    if (policy == NULL || (data == NULL && len > 0))
        return SSR_EINVAL;
    ssr_tp_policy *p = ssri_malloc(sizeof *p);
    if (p == NULL)
        return SSR_ENOMEM;
    *p = (ssr_tp_policy){.true_node = {.type = cJSON_True}};
    int status = ssri_tp_load(data, len, false, &p->doc, report);
    if (status == SSR_OK && !ssri_tp_compile(&p->c, p->doc->root, &p->true_node))
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

static void explain_list(ssri_buf *b, const char *const *items, size_t count)
{
    ssri_buf_putc(b, '[');
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            ssri_buf_putc(b, ',');
        ssri_tp_put_string(b, items[i]);
    }
    ssri_buf_putc(b, ']');
}

/* A value of a text and a list: {"TEXT_NAME": text, "LIST_NAME": [...]}, with "FLAG_NAME": true when set. */
static void explain_text_and_list(ssri_buf *b, const condition *cond, const char *text_name, const char *list_name,
                                  const char *flag_name)
{
    ssri_buf_printf(b, "{\"%s\":", text_name);
    ssri_tp_put_string(b, cond->text);
    ssri_buf_printf(b, ",\"%s\":", list_name);
    explain_list(b, cond->items, cond->count);
    if (cond->flag)
        ssri_buf_printf(b, ",\"%s\":true", flag_name);
    ssri_buf_putc(b, '}');
}

static void explain_condition(ssri_buf *b, const condition *cond)
{
    ssri_buf_puts(b, "{\"claim\":");
    ssri_tp_put_string(b, cond->claim);
    ssri_buf_printf(b, ",\"op\":\"%s\"", ssri_tp_op_names[cond->op]);
    if (cond->op != OP_PRESENT)
        ssri_buf_puts(b, ",\"value\":");
    switch (cond->op) {
    case OP_PRESENT:
        break;
    case OP_EQ_JSON:
        ssri_buf_puts(b, cJSON_IsTrue(cond->literal) ? "true" : cJSON_IsFalse(cond->literal) ? "false" : "");
        if (cJSON_IsString(cond->literal))
            ssri_tp_put_string(b, cond->literal->valuestring);
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
            ssri_tp_put_string(b, cond->text);
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
    SSRI_RESET(out);
    SSRI_RESET(report);
    if (out == NULL || (policy == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    int status = ssri_tp_load(policy, len, false, &doc, report);
    if (status != SSR_OK)
        return status;
    compiled c = {0};
    cJSON true_node = {.type = cJSON_True};
    ssri_buf b = {0};
    if (!ssri_tp_compile(&c, doc->root, &true_node)) {
        status = SSR_ENOMEM;
    } else {
        ssri_buf_puts(&b, "{\"token\":{\"iss\":");
        ssri_tp_put_string(&b, c.issuer);
        ssri_buf_puts(&b, ",\"aud\":");
        ssri_tp_put_string(&b, c.audience);
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

/*
 * Trusted-publisher matching: the token's own claims, then the policy's
 * conditions. No regular expressions: every operator is a comparison of
 * whole strings or of segments split on a fixed separator.
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
    *out = ssri_tp_integer(c);
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

int ssri_tp_evaluate(ssr_tp_result *r, const compiled *c, const cJSON *claims, int64_t now, bool partial)
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
                fail(r, cond->claim, ssri_tp_op_names[cond->op], reason);
                continue;
            }
            r->held++;
            if (cond->bind && !bind(r, cond->claim, ssri_get(claims, cond->claim)))
                return SSR_ENOMEM;
        }
    r->matched = !r->failed;
    if (r->failed)
        ssri_tp_drop_bound(r); /* a refused token binds nothing: no value of it may be stored */
    if (r->failed && (r->failed_reason == NULL || r->failed_claim == NULL || r->failed_op == NULL))
        return SSR_ENOMEM;
    return SSR_OK;
}

int ssri_tp_run(const ssr_tp_policy *policy, const cJSON *claims, int64_t now, bool partial, ssr_tp_result **result)
{
    ssr_tp_result *r = ssri_malloc(sizeof *r);
    if (r == NULL)
        return SSR_ENOMEM;
    *r = (ssr_tp_result){0};
    int status = ssri_tp_evaluate(r, &policy->c, claims, now, partial);
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
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (result == NULL || (policy == NULL && policy_len > 0) || (claims == NULL && claims_len > 0) ||
        (flags & ~(SSR_TP_PARTIAL_CLAIMS | SSR_TP_POLICY_FRAGMENT)) != 0)
        return SSR_EINVAL;
    ssr_doc *policy_doc = NULL, *claims_doc = NULL;
    int status = ssri_tp_load(policy, policy_len, (flags & SSR_TP_POLICY_FRAGMENT) != 0, &policy_doc, report);
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
    ssri_report_hand_over(claims_report, status == SSR_EINVALID, report);
    compiled c = {0};
    cJSON true_node = {.type = cJSON_True};
    ssr_tp_result *r = status == SSR_OK ? ssri_malloc(sizeof *r) : NULL;
    if (status == SSR_OK && r == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        *r = (ssr_tp_result){0};
        status = ssri_tp_compile(&c, policy_doc->root, &true_node) ? SSR_OK : SSR_ENOMEM;
    }
    if (status == SSR_OK)
        status = ssri_tp_evaluate(r, &c, claims_doc->root, now, (flags & SSR_TP_PARTIAL_CLAIMS) != 0);
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

/*
 * Trusted publishing's private side: the compiled conditions and the
 * result, shared by compiling (compile.c), evaluating (evaluate.c), the
 * result's accessors (result.c) and token verification (token.c).
 */
#ifndef SSRI_TP_H
#define SSRI_TP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json/json.h"
#include "ssr/policy.h"

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

extern const char *const ssri_tp_op_names[OP_COUNT];

struct ssr_tp_policy {
    ssr_doc *doc;     /* the conditions point into it */
    compiled c;
    cJSON true_node;  /* google's email_verified literal */
};

/* An integer the policy's kind has checked (exact, in range). */
static inline int64_t ssri_tp_integer(const cJSON *n)
{
    return (int64_t)n->valuedouble;
}

/* ---- compile.c ---- */

/* Reads a policy document (a trusted-publisher/v1 or, with fragment, its matching part) under the kind's rules. */
int ssri_tp_load(const void *data, size_t len, bool fragment, ssr_doc **doc, ssr_report **report);
/* Compiles a validated policy into c (its arena). false when out of memory. */
bool ssri_tp_compile(compiled *c, const cJSON *policy, const cJSON *true_node);

/* ---- evaluate.c ---- */

/* Evaluates compiled conditions against claims at `now` into r. SSR_OK or SSR_ENOMEM. */
int ssri_tp_evaluate(ssr_tp_result *r, const compiled *c, const cJSON *claims, int64_t now, bool partial);

/* ---- result.c ---- */

/* Frees the claims bound on first use: a refused token binds nothing. */
void ssri_tp_drop_bound(ssr_tp_result *r);
/* Appends a string as a JSON literal, or null. */
void ssri_tp_put_string(ssri_buf *b, const char *s);

/* Matches parsed claims against a compiled policy (ssr_tp_match's second half). SSR_OK or SSR_ENOMEM. */
int ssri_tp_run(const ssr_tp_policy *policy, const cJSON *claims, int64_t now, bool partial, ssr_tp_result **result);

/* Records the verified token's algorithm, key id and claims (JSON) in a result. SSR_OK or SSR_ENOMEM. */
int ssri_tp_result_set_token(ssr_tp_result *r, const char *alg, const char *kid, const unsigned char *claims,
                             size_t len);

#endif

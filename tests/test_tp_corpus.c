/*
 * The trusted-publishing corpus: all 54 cases of cases.json give their
 * expected outcome, down to the failing claim and operator and the value
 * bound on first use. The test reads the files and writes nothing.
 */
#include <cjson/cJSON.h>

#include "support.h"

static const char *corpus;

/* Does the result agree with "expect" and "fails_on"? Prints why not. */
static bool agrees(const ssr_tp_result *r, const char *expect, const cJSON *fails_on, const char *name)
{
    bool want_match = strncmp(expect, "match", 5) == 0;
    if (ssr_tp_matched(r) != want_match) {
        printf("FAIL %s: expected %s, got %s (%s %s %s)\n", name, expect, ssr_tp_matched(r) ? "match" : "no match",
               ssr_tp_failed_claim(r), ssr_tp_failed_op(r), ssr_tp_failed_reason(r));
        return false;
    }
    if (cJSON_IsString(fails_on)) {
        char claim[128] = "", op[64] = "";
        if (sscanf(fails_on->valuestring, "condition %127s %63s", claim, op) != 2)
            snprintf(claim, sizeof claim, "%s", fails_on->valuestring);
        if (strcmp(ssr_tp_failed_claim(r), claim) != 0 || (op[0] != '\0' && strcmp(ssr_tp_failed_op(r), op) != 0)) {
            printf("FAIL %s: expected to fail on %s, failed on %s %s (%s)\n", name, fails_on->valuestring,
                   ssr_tp_failed_claim(r), ssr_tp_failed_op(r), ssr_tp_failed_reason(r));
            return false;
        }
    }
    const char *bind = strstr(expect, "(bind ");
    if (bind != NULL) {
        char claim[64], value[64], got[80];
        if (sscanf(bind, "(bind %63[^=]=%63[^)])", claim, value) != 2 || ssr_tp_bound_count(r) != 1 ||
            strcmp(ssr_tp_bound_claim(r, 0), claim) != 0) {
            printf("FAIL %s: expected %s bound\n", name, bind);
            return false;
        }
        snprintf(got, sizeof got, "\"%s\"", value);
        if (strcmp(ssr_tp_bound_value(r, 0), got) != 0 && strcmp(ssr_tp_bound_value(r, 0), value) != 0) {
            printf("FAIL %s: bound %s, expected %s\n", name, ssr_tp_bound_value(r, 0), value);
            return false;
        }
    }
    return true;
}

static void every_case_gives_its_outcome(void **state)
{
    (void)state;
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/trusted-publishing/cases.json", corpus);
    char *text = read_file(path, &len);
    cJSON *cases = cJSON_ParseWithLength(text, len);
    free(text);
    assert_non_null(cases);
    size_t count = 0, failures = 0, matches = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        const char *file = cJSON_GetObjectItemCaseSensitive(c, "claims_file")->valuestring;
        snprintf(path, sizeof path, "%s/trusted-publishing/%s", corpus, file);
        size_t claims_len;
        char *claims = read_file(path, &claims_len);
        char *policy = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "policy"));
        int64_t now = (int64_t)cJSON_GetObjectItemCaseSensitive(c, "now")->valuedouble;
        const char *expect = cJSON_GetObjectItemCaseSensitive(c, "expect")->valuestring;
        char name[300];
        snprintf(name, sizeof name, "case %zu (%s, %s)", count, file, expect);
        ssr_tp_result *r = NULL;
        ssr_report *report = NULL;
        /*
         * Every real token carries an audience: a claim set without one is one of the
         * corpus's extracts, holding only what a single check reads (SOURCES.tsv says
         * "verbatim-partial", or "derived" from such a file). Full tokens are matched
         * strictly.
         */
        unsigned flags = strstr(claims, "\"aud\"") == NULL ? SSR_TP_PARTIAL_CLAIMS : 0;
        /* the cases' policies are written as fragments: provider names such as "gitlab", some without bindings */
        flags |= SSR_TP_POLICY_FRAGMENT;
        int status = ssr_tp_match(policy, strlen(policy), claims, claims_len, now, flags, &r, &report);
        if (status != (strncmp(expect, "match", 5) == 0 ? SSR_OK : SSR_ENOMATCH) || r == NULL) {
            printf("FAIL %s: status %s, %s\n", name, ssr_strerror(status),
                   report != NULL ? ssr_diag_code(report, 0) : "");
            failures++;
        } else if (!agrees(r, expect, cJSON_GetObjectItemCaseSensitive(c, "fails_on"), name)) {
            failures++;
        }
        matches += ssr_tp_matched(r);
        ssr_tp_result_free(r);
        ssr_report_free(report);
        cJSON_free(policy);
        free(claims);
        count++;
    }
    printf("trusted publishing: %zu of %zu cases give their expected outcome (%zu matches)\n", count - failures, count,
           matches);
    assert_int_equal(count, 54);
    assert_int_equal(failures, 0);
    cJSON_Delete(cases);
}

/*
 * The same claims against typed blocks: a registry exporting its policies as
 * blocks gets its own verdicts. RubyGems' reusable-workflow cases (the
 * shared workflow's repository in workflow_repository), crates.io's GitHub
 * cases (workflow_claim workflow_ref) and a PyPI case.
 */
static void typed_blocks_give_the_registries_verdicts(void **state)
{
    (void)state;
    static const struct {
        const char *claims, *audience, *block;
        long long now;
        const char *failed_claim, *failed_op; /* NULL: a match */
    } cases[] = {
        {"rubygems_reusable_ok.json", "localhost",
         "{\"owner\":\"cseeman\",\"owner_id\":\"1946610\",\"repository\":\"my-gem\",\"workflow\":\"release.yml\","
         "\"workflow_repository\":\"rubygems/shared-workflows\"}",
         1680020830, NULL, NULL},
        {"rubygems_reusable_attacker_workflow.json", "localhost",
         "{\"owner\":\"cseeman\",\"owner_id\":\"1946610\",\"repository\":\"my-gem\",\"workflow\":\"release.yml\","
         "\"workflow_repository\":\"rubygems/shared-workflows\"}",
         1680020830, "job_workflow_ref", "prefix"},
        {"rubygems_reusable_vs_same_repo_policy.json", "localhost",
         "{\"owner\":\"cseeman\",\"owner_id\":\"1946610\",\"repository\":\"my-gem\",\"workflow\":\"release.yml\"}",
         1680020830, "job_workflow_ref", "eq_concat_claim"},
        {"rubygems_reusable_shared_attacker_repo.json", "localhost",
         "{\"owner\":\"attacker-org\",\"owner_id\":\"999999\",\"repository\":\"attacker-repo\","
         "\"workflow\":\"release.yml\",\"workflow_repository\":\"rubygems/shared-workflows\"}",
         1680020830, NULL, NULL},
        {"rubygems_reusable_shared_attacker_repo.json", "localhost",
         "{\"owner\":\"victim-org\",\"owner_id\":\"111111\",\"repository\":\"victim-gem\",\"workflow\":\"release.yml\","
         "\"workflow_repository\":\"rubygems/shared-workflows\"}",
         1680020830, "repository", "eq_ci"},
        {"cratesio_github_default.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"42\",\"repository\":\"foo-rs\",\"workflow\":\"publish.yml\","
         "\"workflow_claim\":\"workflow_ref\"}",
         1750000010, NULL, NULL},
        {"cratesio_github_default.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"999\",\"repository\":\"foo-rs\",\"workflow\":\"publish.yml\","
         "\"workflow_claim\":\"workflow_ref\"}",
         1750000010, "repository_owner_id", "eq"},
        {"cratesio_github_default.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"42\",\"repository\":\"foo-rs\",\"workflow\":\"different.yml\","
         "\"workflow_claim\":\"workflow_ref\"}",
         1750000010, "workflow_ref", "eq_concat_claim"},
        {"cratesio_github_case_insensitive.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"42\",\"repository\":\"foo-rs\",\"workflow\":\"publish.yml\","
         "\"workflow_claim\":\"workflow_ref\",\"environment\":\"Prod\"}",
         1750000010, NULL, NULL},
        {"cratesio_github_workflow_run.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"42\",\"repository\":\"foo-rs\",\"workflow\":\"publish.yml\","
         "\"workflow_claim\":\"workflow_ref\"}",
         1750000010, "event_name", "not_in"},
        {"cratesio_github_wrong_env.json", "crates.io",
         "{\"owner\":\"rust-lang\",\"owner_id\":\"42\",\"repository\":\"foo-rs\",\"workflow\":\"publish.yml\","
         "\"workflow_claim\":\"workflow_ref\",\"environment\":\"prod\"}",
         1750000010, "environment", "eq_ci"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4096], policy[2048];
        size_t len;
        snprintf(path, sizeof path, "%s/trusted-publishing/%s", corpus, cases[i].claims);
        char *claims = read_file(path, &len);
        snprintf(policy, sizeof policy,
                 "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\","
                 "\"issuer\":\"https://token.actions.githubusercontent.com\",\"audience\":\"%s\",\"state\":\"active\","
                 "\"bindings\":[{\"type\":\"package\",\"name\":\"x\"}],\"github\":%s}",
                 cases[i].audience, cases[i].block);
        ssr_tp_result *r = NULL;
        ssr_report *report = NULL;
        int status = ssr_tp_match(policy, strlen(policy), claims, len, cases[i].now, 0, &r, &report);
        if (status != (cases[i].failed_claim == NULL ? SSR_OK : SSR_ENOMATCH))
            fail_msg("case %zu: %s (%s)", i, ssr_strerror(status), ssr_diag_code(report, 0));
        if (cases[i].failed_claim == NULL) {
            if (!ssr_tp_matched(r))
                fail_msg("case %zu (%s): no match on %s %s", i, cases[i].claims, ssr_tp_failed_claim(r),
                         ssr_tp_failed_op(r));
        } else {
            assert_false(ssr_tp_matched(r));
            assert_string_equal(ssr_tp_failed_claim(r), cases[i].failed_claim);
            assert_string_equal(ssr_tp_failed_op(r), cases[i].failed_op);
        }
        ssr_tp_result_free(r);
        free(claims);
    }
}

int main(void)
{
    corpus = getenv("SSR_CORPUS");
    if (corpus_dir("trusted-publishing") == NULL)
        return TEST_SKIPPED;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_gives_its_outcome),
        cmocka_unit_test(typed_blocks_give_the_registries_verdicts),
    };
    return cmocka_run_group_tests_name("trusted-publishing corpus", tests, NULL, NULL);
}

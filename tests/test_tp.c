/*
 * Trusted publishing through the typed provider blocks. Each negative case
 * is named after the attack it stops.
 */
#include <cjson/cJSON.h>

#include "support.h"

#define NOW 1760000000

static char *policy_text;
static size_t policy_len;

static char *example(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", getenv("SSR_EXAMPLES"), name);
    return read_file(path, len);
}

/* A full GitHub Actions token for the example policy (pypa/sampleproject, release.yml, environment pypi). */
static cJSON *github_claims(void)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "iss", "https://token.actions.githubusercontent.com");
    cJSON_AddStringToObject(c, "aud", "pypi");
    cJSON_AddNumberToObject(c, "iat", NOW - 10);
    cJSON_AddNumberToObject(c, "nbf", NOW - 10);
    cJSON_AddNumberToObject(c, "exp", NOW + 290);
    cJSON_AddStringToObject(c, "jti", "8f1c6d0e-jti");
    cJSON_AddStringToObject(c, "repository", "pypa/sampleproject");
    cJSON_AddStringToObject(c, "repository_owner", "pypa");
    cJSON_AddStringToObject(c, "repository_owner_id", "647025");
    cJSON_AddStringToObject(c, "ref", "refs/tags/v4.0.0");
    cJSON_AddStringToObject(c, "sha", "621e4974ca25ce531773def586ba3ed8e736b3fc");
    cJSON_AddStringToObject(c, "job_workflow_ref", "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0");
    cJSON_AddStringToObject(c, "event_name", "push");
    cJSON_AddStringToObject(c, "environment", "pypi");
    return c;
}

static void set_string(cJSON *c, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(c, name);
    if (value != NULL)
        cJSON_AddStringToObject(c, name, value);
}

static void set_number(cJSON *c, const char *name, double value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(c, name);
    cJSON_AddNumberToObject(c, name, value);
}

/* Matches claims (consumed) against a policy; the result. */
static ssr_tp_result *match_with(const char *policy, size_t len, cJSON *claims, int64_t now)
{
    char *text = cJSON_PrintUnformatted(claims);
    cJSON_Delete(claims);
    ssr_tp_result *r = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_match(policy, len, text, strlen(text), now, 0, &r, &report);
    if ((status != SSR_OK && status != SSR_ENOMATCH) || r == NULL || (status == SSR_OK) != ssr_tp_matched(r))
        fail_msg("ssr_tp_match: %s (%s: %s)", ssr_strerror(status), ssr_diag_code(report, 0),
                 ssr_diag_message(report, 0));
    cJSON_free(text);
    return r;
}

static void expect_failure(ssr_tp_result *r, const char *claim, const char *op, const char *reason)
{
    assert_false(ssr_tp_matched(r));
    assert_string_equal(ssr_tp_failed_claim(r), claim);
    assert_string_equal(ssr_tp_failed_op(r), op);
    assert_string_equal(ssr_tp_failed_reason(r), reason);
    ssr_tp_result_free(r);
}

static ssr_tp_result *github(cJSON *claims)
{
    return match_with(policy_text, policy_len, claims, NOW);
}

static void github_accepts_its_workflow(void **state)
{
    (void)state;
    ssr_tp_result *r = github(github_claims());
    assert_true(ssr_tp_matched(r));
    assert_int_equal(ssr_tp_conditions_held(r), 5);
    assert_string_equal(ssr_tp_jti(r), "8f1c6d0e-jti");
    assert_null(ssr_tp_failed_claim(r));
    char *json = NULL;
    assert_int_equal(ssr_tp_result_to_json(r, &json, NULL), SSR_OK);
    assert_string_equal(json, "{\"matched\":true,\"failed\":null,\"jti\":\"8f1c6d0e-jti\",\"bound\":{},"
                              "\"conditions_held\":5}");
    ssr_free(json);
    ssr_tp_result_free(r);
    /* the repository name folds case; the environment too */
    cJSON *c = github_claims();
    set_string(c, "repository", "PyPA/SampleProject");
    set_string(c, "environment", "PyPI");
    r = github(c);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    /* the commit sha instead of the ref */
    c = github_claims();
    set_string(c, "job_workflow_ref",
               "pypa/sampleproject/.github/workflows/release.yml@621e4974ca25ce531773def586ba3ed8e736b3fc");
    r = github(c);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
}

static void resurrected_owner_is_refused(void **state)
{
    (void)state;
    /* Same names, a new account: only the immutable id tells them apart. */
    cJSON *c = github_claims();
    set_string(c, "repository_owner_id", "99999999");
    expect_failure(github(c), "repository_owner_id", "eq", "mismatch");
}

static void workflow_smuggled_into_the_ref_is_refused(void **state)
{
    (void)state;
    /* Splitting on '@' would find "release.yml"; comparing the whole string does not. */
    cJSON *c = github_claims();
    set_string(c, "ref", "release.yml@refs/tags/v4.0.0");
    set_string(c, "job_workflow_ref", "pypa/sampleproject/.github/workflows/evil.yml@release.yml@refs/tags/v4.0.0");
    expect_failure(github(c), "job_workflow_ref", "eq_concat_claim", "mismatch");
    c = github_claims();
    set_string(c, "job_workflow_ref", "attacker/fork/.github/workflows/release.yml@refs/tags/v4.0.0");
    expect_failure(github(c), "job_workflow_ref", "eq_concat_claim", "mismatch");
}

static void pull_request_target_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_string(c, "event_name", "pull_request_target");
    expect_failure(github(c), "event_name", "not_in", "denied-value");
    c = github_claims();
    set_string(c, "event_name", "workflow_run");
    expect_failure(github(c), "event_name", "not_in", "denied-value");
    c = github_claims();
    set_string(c, "event_name", NULL);
    expect_failure(github(c), "event_name", "not_in", "claim-missing");
}

static void audience_array_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    cJSON_DeleteItemFromObjectCaseSensitive(c, "aud");
    const char *both[] = {"pypi", "other"};
    cJSON_AddItemToObject(c, "aud", cJSON_CreateStringArray(both, 2));
    expect_failure(github(c), "aud", "token", "aud-not-a-string");
    c = github_claims();
    set_string(c, "aud", "https://github.com/pypa");
    expect_failure(github(c), "aud", "token", "aud-mismatch");
}

static void expired_token_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_number(c, "exp", NOW - 31); /* beyond the 30 s leeway */
    expect_failure(github(c), "exp", "token", "expired");
    c = github_claims();
    set_number(c, "exp", NOW - 29); /* within it */
    ssr_tp_result *r = github(c);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = github_claims();
    set_string(c, "exp", "9999999999");
    expect_failure(github(c), "exp", "token", "exp-not-an-integer");
}

static void token_from_the_future_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_number(c, "iat", NOW + 31);
    expect_failure(github(c), "iat", "token", "iat-in-future");
    c = github_claims();
    set_number(c, "nbf", NOW + 31);
    expect_failure(github(c), "nbf", "token", "nbf-in-future");
    c = github_claims();
    set_number(c, "exp", NOW + 2000); /* lives longer than the policy's 900 s */
    expect_failure(github(c), "exp", "token", "lifetime-too-long");
}

static void replay_without_jti_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_string(c, "jti", NULL);
    expect_failure(github(c), "jti", "token", "jti-missing");
}

static void another_issuer_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_string(c, "iss", "https://token.actions.githubusercontent.com.evil.example");
    expect_failure(github(c), "iss", "token", "iss-mismatch");
}

static void missing_environment_is_refused(void **state)
{
    (void)state;
    cJSON *c = github_claims();
    set_string(c, "environment", NULL);
    expect_failure(github(c), "environment", "eq_ci", "claim-missing");
    c = github_claims();
    set_string(c, "environment", "");
    expect_failure(github(c), "environment", "eq_ci", "mismatch");
}

/* A policy document with one typed block, built here. */
static char *policy_with(const char *provider, const char *issuer, const char *block_name, const char *block)
{
    char *p = malloc(2048);
    snprintf(p, 2048,
             "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"%s\",\"issuer\":\"%s\",\"audience\":\"pypi\","
             "\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"x\"}],\"%s\":%s,"
             "\"token\":{\"leeway_seconds\":30,\"require_jti\":false}}",
             provider, issuer, block_name, block);
    return p;
}

static cJSON *token(const char *issuer)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "iss", issuer);
    cJSON_AddStringToObject(c, "aud", "pypi");
    cJSON_AddNumberToObject(c, "iat", NOW);
    cJSON_AddNumberToObject(c, "exp", NOW + 300);
    return c;
}

static void reusable_workflow_names_its_repository(void **state)
{
    (void)state;
    char *p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "github",
                          "{\"owner\":\"pypa\",\"owner_id\":\"647025\",\"repository\":\"sampleproject\","
                          "\"workflow\":\"publish.yml\",\"workflow_repository\":\"pypa/gh-action-shared\"}");
    cJSON *c = github_claims();
    set_string(c, "job_workflow_ref", "pypa/gh-action-shared/.github/workflows/publish.yml@refs/tags/v4.0.0");
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = github_claims(); /* the caller's own workflow is not the shared one */
    set_string(c, "job_workflow_ref", "pypa/sampleproject/.github/workflows/publish.yml@refs/tags/v4.0.0");
    expect_failure(match_with(p, strlen(p), c, NOW), "job_workflow_ref", "prefix", "mismatch");
    c = github_claims(); /* another workflow of the shared repository */
    set_string(c, "job_workflow_ref", "pypa/gh-action-shared/.github/workflows/other.yml@refs/tags/v4.0.0");
    expect_failure(match_with(p, strlen(p), c, NOW), "job_workflow_ref", "prefix", "mismatch");
    free(p);
}

/* npm's CircleCI and Buildkite publishers, as conditions; CircleCI's contexts through contains_all. */
static void circleci_and_buildkite_through_conditions(void **state)
{
    (void)state;
    const char *circleci_issuer = "https://oidc.circleci.com/org/1f3b1c5e-0000-4a7e-9f00-2b6a3c1d9e77";
    char *p = policy_with("circleci", circleci_issuer, "conditions",
                          "[{\"claim\":\"oidc.circleci.com/org-id\",\"op\":\"eq\","
                          "\"value\":\"1f3b1c5e-0000-4a7e-9f00-2b6a3c1d9e77\"},"
                          "{\"claim\":\"oidc.circleci.com/project-id\",\"op\":\"eq\","
                          "\"value\":\"5c2a9d1e-1111-4b8f-8e11-3c7b4d2e0f88\"},"
                          "{\"claim\":\"oidc.circleci.com/context-ids\",\"op\":\"contains_all\","
                          "\"value\":[\"ctx-release\",\"ctx-npm\"]}]");
    cJSON *c = token(circleci_issuer);
    cJSON_AddStringToObject(c, "oidc.circleci.com/org-id", "1f3b1c5e-0000-4a7e-9f00-2b6a3c1d9e77");
    cJSON_AddStringToObject(c, "oidc.circleci.com/project-id", "5c2a9d1e-1111-4b8f-8e11-3c7b4d2e0f88");
    const char *contexts[] = {"ctx-npm", "ctx-other", "ctx-release"};
    cJSON_AddItemToObject(c, "oidc.circleci.com/context-ids", cJSON_CreateStringArray(contexts, 3));
    cJSON *copy = cJSON_Duplicate(c, true);
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    /* one context missing; the claim a string, not an array */
    cJSON_ReplaceItemInObject(copy, "oidc.circleci.com/context-ids", cJSON_CreateStringArray(contexts, 2));
    cJSON *second = cJSON_Duplicate(copy, true);
    expect_failure(match_with(p, strlen(p), copy, NOW), "oidc.circleci.com/context-ids", "contains_all",
                   "missing-value");
    cJSON_ReplaceItemInObject(second, "oidc.circleci.com/context-ids", cJSON_CreateString("ctx-release"));
    expect_failure(match_with(p, strlen(p), second, NOW), "oidc.circleci.com/context-ids", "contains_all",
                   "not-an-array");
    free(p);
    /* Buildkite pins the organization and the pipeline */
    p = policy_with("buildkite", "https://agent.buildkite.com", "conditions",
                    "[{\"claim\":\"organization_slug\",\"op\":\"eq\",\"value\":\"acme\"},"
                    "{\"claim\":\"pipeline_slug\",\"op\":\"eq\",\"value\":\"release\"}]");
    c = token("https://agent.buildkite.com");
    cJSON_AddStringToObject(c, "organization_slug", "acme");
    cJSON_AddStringToObject(c, "pipeline_slug", "release");
    r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = token("https://agent.buildkite.com");
    cJSON_AddStringToObject(c, "organization_slug", "acme");
    cJSON_AddStringToObject(c, "pipeline_slug", "deploy");
    expect_failure(match_with(p, strlen(p), c, NOW), "pipeline_slug", "eq", "mismatch");
    free(p);
}

/* The registries' differences, stated in the block: the workflow claim, case, workflow_run. */
static void github_options_say_what_registries_differ_on(void **state)
{
    (void)state;
    /* crates.io and npm bind workflow_ref */
    char *p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "github",
                          "{\"owner\":\"pypa\",\"owner_id\":\"647025\",\"repository\":\"sampleproject\","
                          "\"workflow\":\"release.yml\",\"workflow_claim\":\"workflow_ref\"}");
    cJSON *c = github_claims();
    set_string(c, "job_workflow_ref", "other/repo/.github/workflows/x.yml@refs/heads/main");
    set_string(c, "workflow_ref", "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0");
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = github_claims();
    set_string(c, "workflow_ref", "pypa/sampleproject/.github/workflows/other.yml@refs/tags/v4.0.0");
    expect_failure(match_with(p, strlen(p), c, NOW), "workflow_ref", "eq_concat_claim", "mismatch");
    free(p);
    /* exact case when asked: the repository, its part of the workflow ref, the environment */
    p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "github",
                    "{\"owner\":\"pypa\",\"owner_id\":\"647025\",\"repository\":\"sampleproject\","
                    "\"workflow\":\"release.yml\",\"fold_case\":false}");
    c = github_claims();
    set_string(c, "repository", "PyPA/sampleproject");
    expect_failure(match_with(p, strlen(p), c, NOW), "repository", "eq", "mismatch");
    c = github_claims();
    set_string(c, "job_workflow_ref", "PyPA/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0");
    expect_failure(match_with(p, strlen(p), c, NOW), "job_workflow_ref", "eq_concat_claim", "mismatch");
    free(p);
    /* by default the owner's case does not matter in the workflow ref either; the file's does */
    c = github_claims();
    set_string(c, "job_workflow_ref", "PyPA/SampleProject/.github/workflows/release.yml@refs/tags/v4.0.0");
    r = github(c);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = github_claims();
    set_string(c, "job_workflow_ref", "pypa/sampleproject/.github/workflows/Release.yml@refs/tags/v4.0.0");
    expect_failure(github(c), "job_workflow_ref", "eq_concat_claim", "mismatch");
    /* workflow_run: refused unless allowed; pull_request_target always */
    c = github_claims();
    set_string(c, "event_name", "workflow_run");
    expect_failure(github(c), "event_name", "not_in", "denied-value");
    p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "github",
                    "{\"owner\":\"pypa\",\"owner_id\":\"647025\",\"repository\":\"sampleproject\","
                    "\"workflow\":\"release.yml\",\"allow_workflow_run\":true}");
    c = github_claims();
    set_string(c, "event_name", "workflow_run");
    r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = github_claims();
    set_string(c, "event_name", "pull_request_target");
    expect_failure(match_with(p, strlen(p), c, NOW), "event_name", "not_in", "denied-value");
    free(p);
}

static cJSON *gitlab_claims(void)
{
    cJSON *c = token("https://gitlab.com");
    cJSON_AddStringToObject(c, "project_path", "example-group/app");
    cJSON_AddStringToObject(c, "namespace_id", "81234567");
    cJSON_AddStringToObject(c, "ref_path", "refs/heads/main");
    cJSON_AddStringToObject(c, "sha", "9c2d4e6f8a0b1c3d5e7f9a1b2c4d6e8f0a1b3c5d");
    cJSON_AddStringToObject(c, "ci_config_ref_uri", "gitlab.com/example-group/app//.gitlab-ci.yml@refs/heads/main");
    cJSON_AddStringToObject(c, "environment", "release");
    return c;
}

static void gitlab_needs_ref_path_and_sha(void **state)
{
    (void)state;
    char *p = policy_with("gitlab-ci", "https://gitlab.com", "gitlab",
                          "{\"namespace\":\"example-group\",\"namespace_id\":\"81234567\",\"project\":\"app\","
                          "\"workflow_filepath\":\".gitlab-ci.yml\",\"environment\":\"release\"}");
    ssr_tp_result *r = match_with(p, strlen(p), gitlab_claims(), NOW);
    assert_true(ssr_tp_matched(r));
    assert_int_equal(ssr_tp_conditions_held(r), 4);
    ssr_tp_result_free(r);
    cJSON *c = gitlab_claims();
    set_string(c, "project_path", "Example-Group/App"); /* folds case */
    r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = gitlab_claims(); /* a config file outside the project: no sha */
    set_string(c, "sha", NULL);
    expect_failure(match_with(p, strlen(p), c, NOW), "ci_config_ref_uri", "eq_concat_claim", "concat-claim-missing");
    c = gitlab_claims(); /* resurrected namespace */
    set_string(c, "namespace_id", "1");
    expect_failure(match_with(p, strlen(p), c, NOW), "namespace_id", "eq", "mismatch");
    c = gitlab_claims(); /* the environment is exact on GitLab */
    set_string(c, "environment", "Release");
    expect_failure(match_with(p, strlen(p), c, NOW), "environment", "eq", "mismatch");
    free(p);
}

static void google_needs_a_verified_email(void **state)
{
    (void)state;
    char *p = policy_with("google-cloud", "https://accounts.google.com", "google",
                          "{\"email\":\"publisher@proj.iam.gserviceaccount.com\",\"subject\":\"111\"}");
    cJSON *c = token("https://accounts.google.com");
    cJSON_AddStringToObject(c, "email", "publisher@proj.iam.gserviceaccount.com");
    cJSON_AddBoolToObject(c, "email_verified", 1);
    cJSON_AddStringToObject(c, "sub", "111");
    cJSON *string_true = cJSON_Duplicate(c, 1), *other_sub = cJSON_Duplicate(c, 1);
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    set_string(string_true, "email_verified", "true"); /* truthy is not true */
    expect_failure(match_with(p, strlen(p), string_true, NOW), "email_verified", "eq_json", "mismatch");
    set_string(other_sub, "sub", "222");
    expect_failure(match_with(p, strlen(p), other_sub, NOW), "sub", "eq", "mismatch");
    free(p);
}

static void activestate_reads_sub_segments(void **state)
{
    (void)state;
    char *p = policy_with("activestate", "https://platform.activestate.com/api/v1/oauth/oidc", "activestate",
                          "{\"organization\":\"org1\",\"project\":\"proj1\",\"actor_id\":\"a1\"}");
    cJSON *c = token("https://platform.activestate.com/api/v1/oauth/oidc");
    cJSON_AddStringToObject(c, "sub", "org:org1:project:proj1:actor:a1");
    cJSON_AddStringToObject(c, "organization", "org1");
    cJSON_AddStringToObject(c, "project", "proj1");
    cJSON_AddStringToObject(c, "actor_id", "a1");
    cJSON *wrong = cJSON_Duplicate(c, 1);
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    set_string(wrong, "sub", "org:org1:project:proj1x");
    expect_failure(match_with(p, strlen(p), wrong, NOW), "sub", "segments_prefix", "mismatch");
    free(p);
}

static void pending_policy_past_expiry_never_matches(void **state)
{
    (void)state;
    size_t len;
    char *p = example("trusted-publisher-pending.json", &len);
    cJSON *c = github_claims();
    set_string(c, "repository", "alice-labs/new-shiny-tool");
    set_string(c, "repository_owner_id", "90817263");
    set_string(c, "job_workflow_ref", "alice-labs/new-shiny-tool/.github/workflows/publish.yaml@refs/tags/v4.0.0");
    cJSON *later = cJSON_Duplicate(c, 1);
    /* before the pending policy expires (2026-05-31) */
    set_number(c, "iat", 1780000000 - 10);
    set_number(c, "exp", 1780000000 + 200);
    ssr_tp_result *r = match_with(p, len, c, 1780000000);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    set_number(later, "iat", 1790000000 - 10);
    set_number(later, "exp", 1790000000 + 200);
    expect_failure(match_with(p, len, later, 1790000000), "", "pending", "pending-expired");
    free(p);
}

static void generic_conditions_bind_on_first_use(void **state)
{
    (void)state;
    const char *p = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"custom\",\"issuer\":\"https://ci.example\","
                    "\"audience\":\"pypi\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"x\"}],"
                    "\"conditions\":[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                    "{\"claim\":\"project\",\"op\":\"eq\",\"value\":\"x\"},"
                    "{\"claim\":\"project_id\",\"op\":\"eq\",\"value\":null,\"bind_on_first_use\":true},"
                    "{\"claim\":\"workflow_ref\",\"op\":\"workflow_file\",\"value\":\"publish.yml\"},"
                    "{\"claim\":\"tags\",\"op\":\"present\"}]}";
    cJSON *c = token("https://ci.example");
    cJSON_AddStringToObject(c, "sub", "s");
    cJSON_AddStringToObject(c, "project", "x");
    cJSON_AddNumberToObject(c, "project_id", 4242);
    cJSON_AddStringToObject(c, "workflow_ref", "o/r/.github/workflows/publish.yml@refs/heads/main");
    cJSON_AddStringToObject(c, "tags", "");
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    assert_int_equal(ssr_tp_bound_count(r), 1);
    assert_string_equal(ssr_tp_bound_claim(r, 0), "project_id");
    assert_string_equal(ssr_tp_bound_value(r, 0), "4242");
    assert_null(ssr_tp_jti(r));
    char *json = NULL;
    assert_int_equal(ssr_tp_result_to_json(r, &json, NULL), SSR_OK);
    assert_string_equal(json, "{\"matched\":true,\"failed\":null,\"jti\":null,\"bound\":{\"project_id\":4242},"
                              "\"conditions_held\":5}");
    ssr_free(json);
    ssr_tp_result_free(r);
}

/* Refuses a policy whose report ends with this error (as ssr_tp_match reports it). */
static void assert_policy_refused(const char *policy, const char *code, const char *pointer, size_t line,
                                  size_t column)
{
    size_t i;
    ssr_tp_result *r = NULL;
    ssr_report *report = NULL;
    cJSON *claims = token("https://token.actions.githubusercontent.com");
    char *text = cJSON_PrintUnformatted(claims);
    assert_int_equal(ssr_tp_match(policy, strlen(policy), text, strlen(text), NOW, 0, &r, &report), SSR_EINVALID);
    assert_null(r);
    i = ssr_report_count(report) - 1;
    assert_string_equal(ssr_diag_code(report, i), code);
    assert_string_equal(ssr_diag_pointer(report, i), pointer);
    assert_int_equal(ssr_diag_line(report, i), line);
    assert_int_equal(ssr_diag_column(report, i), column);
    ssr_report_free(report);
    cJSON_free(text);
    cJSON_Delete(claims);
}

/* {"claim":"sub","op":"present"} matches every token the issuer ever signs: such a policy is refused. */
static void policy_that_pins_nothing_is_refused(void **state)
{
    (void)state;
    char *p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "conditions",
                          "[{\"claim\":\"sub\",\"op\":\"present\"}]");
    assert_policy_refused(p, "trusted-publisher.identity.unpinned", "/conditions", 1, 205);
    free(p);
    /* the owner id and repository without the workflow still let any workflow of the repository publish */
    p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "conditions",
                    "[{\"claim\":\"repository_owner_id\",\"op\":\"eq\",\"value\":\"647025\"},"
                    "{\"claim\":\"repository\",\"op\":\"eq\",\"value\":\"pypa/sampleproject\"}]");
    assert_policy_refused(p, "trusted-publisher.identity.unpinned", "/conditions", 1, 205);
    free(p);
    /* the repository's immutable id and the workflow ref: pinned */
    p = policy_with("github-actions", "https://token.actions.githubusercontent.com", "conditions",
                    "[{\"claim\":\"repository_id\",\"op\":\"eq\",\"value\":\"9\"},"
                    "{\"claim\":\"workflow_ref\",\"op\":\"workflow_file\",\"value\":\"release.yml\"}]");
    cJSON *c = github_claims();
    cJSON_AddStringToObject(c, "repository_id", "9");
    cJSON_AddStringToObject(c, "workflow_ref", "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0");
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    free(p);
    /* a custom provider, or one libssr does not know, needs one condition that fixes a value */
    p = policy_with("custom", "https://ci.example", "conditions",
                    "[{\"claim\":\"sub\",\"op\":\"present\"},{\"claim\":\"event\",\"op\":\"not_in\","
                    "\"value\":[\"pr\"]},{\"claim\":\"ok\",\"op\":\"eq_json\",\"value\":true}]");
    assert_policy_refused(p, "trusted-publisher.identity.unpinned", "/conditions", 1, 172);
    free(p);
    p = policy_with("acme-ci", "https://ci.example", "conditions", "[{\"claim\":\"sub\",\"op\":\"present\"}]");
    /* (after trusted-publisher.provider.enum, which matching tolerates) */
    assert_policy_refused(p, "trusted-publisher.identity.unpinned", "/conditions", 1, 173);
    free(p);
}

/* 12345678901234567891 and 12345678901234567890 are one double: numbers compare exactly or not at all. */
static void numbers_compare_exactly(void **state)
{
    (void)state;
    char *p = policy_with("custom", "https://ci.example", "conditions",
                          "[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                          "{\"claim\":\"n\",\"op\":\"eq_json\",\"value\":12345678901234567890},"
                          "{\"claim\":\"project\",\"op\":\"eq\",\"value\":\"p\"}]");
    assert_policy_refused(p, "trusted-publisher.condition.value.invalid", "/conditions/1/value", 1, 239);
    free(p);
    p = policy_with("custom", "https://ci.example", "conditions",
                    "[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                    "{\"claim\":\"n\",\"op\":\"eq_json\",\"value\":9007199254740991}]");
    static const struct {
        const char *claim;
        const char *reason; /* NULL: matches */
    } cases[] = {
        {"9007199254740991", NULL},
        {"9007199254740992", "mismatch"},  /* 2^53: beyond what compares exactly */
        {"9007199254740990", "mismatch"},
        {"9007199254740991.0", "mismatch"}, /* not written as an integer */
        {"\"9007199254740991\"", "mismatch"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *c = token("https://ci.example");
        cJSON_AddStringToObject(c, "sub", "s");
        char *base = cJSON_PrintUnformatted(c);
        cJSON_Delete(c);
        char claims[512];
        snprintf(claims, sizeof claims, "%.*s,\"n\":%s}", (int)strlen(base) - 1, base, cases[i].claim);
        cJSON_free(base);
        ssr_tp_result *r = NULL;
        assert_int_equal(ssr_tp_match(p, strlen(p), claims, strlen(claims), NOW, 0, &r, NULL),
                         cases[i].reason == NULL ? SSR_OK : SSR_ENOMATCH);
        if (cases[i].reason == NULL)
            assert_true(ssr_tp_matched(r));
        else
            expect_failure(r, "n", "eq_json", cases[i].reason), r = NULL;
        ssr_tp_result_free(r);
    }
    free(p);
}

/* A value bound on first use can be written back as the policy's value, numbers included. */
static void bound_numbers_are_written_back(void **state)
{
    (void)state;
    char *p = policy_with("custom", "https://ci.example", "conditions",
                          "[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                          "{\"claim\":\"project_id\",\"op\":\"eq\",\"value\":4242}]");
    cJSON *c = token("https://ci.example");
    cJSON_AddStringToObject(c, "sub", "s");
    cJSON_AddNumberToObject(c, "project_id", 4242);
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_true(ssr_tp_matched(r));
    ssr_tp_result_free(r);
    c = token("https://ci.example");
    cJSON_AddStringToObject(c, "sub", "s");
    cJSON_AddNumberToObject(c, "project_id", 4243);
    expect_failure(match_with(p, strlen(p), c, NOW), "project_id", "eq", "mismatch");
    c = token("https://ci.example");
    cJSON_AddStringToObject(c, "sub", "s");
    cJSON_AddStringToObject(c, "project_id", "4242");
    expect_failure(match_with(p, strlen(p), c, NOW), "project_id", "eq", "not-a-number");
    char *out = NULL;
    assert_int_equal(ssr_tp_explain(p, strlen(p), &out, NULL, NULL), SSR_OK);
    assert_non_null(strstr(out, "{\"claim\":\"project_id\",\"op\":\"eq\",\"value\":4242}\n"));
    ssr_free(out);
    free(p);
    /* a number that a double cannot hold exactly is never bound */
    p = policy_with("custom", "https://ci.example", "conditions",
                    "[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                    "{\"claim\":\"project_id\",\"op\":\"eq\",\"value\":null,\"bind_on_first_use\":true}]");
    const char *claims = "{\"iss\":\"https://ci.example\",\"aud\":\"pypi\",\"iat\":1760000000,\"exp\":1760000300,"
                         "\"sub\":\"s\",\"project_id\":12345678901234567891}";
    assert_int_equal(ssr_tp_match(p, strlen(p), claims, strlen(claims), NOW, 0, &r, NULL), SSR_ENOMATCH);
    expect_failure(r, "project_id", "eq", "inexact-number");
    free(p);
}

/* Bound values exist only in a matching result: a refused token's values must never be stored. */
static void refused_tokens_bind_nothing(void **state)
{
    (void)state;
    char *p = policy_with("custom", "https://ci.example", "conditions",
                          "[{\"claim\":\"b\",\"op\":\"eq\",\"value\":null,\"bind_on_first_use\":true},"
                          "{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"expected\"}]");
    cJSON *c = token("https://ci.example");
    cJSON_AddStringToObject(c, "b", "x");
    cJSON_AddStringToObject(c, "sub", "attacker");
    ssr_tp_result *r = match_with(p, strlen(p), c, NOW);
    assert_false(ssr_tp_matched(r));
    assert_int_equal(ssr_tp_bound_count(r), 0);
    assert_null(ssr_tp_bound_claim(r, 0));
    char *json = NULL;
    assert_int_equal(ssr_tp_result_to_json(r, &json, NULL), SSR_OK);
    assert_string_equal(json, "{\"matched\":false,\"failed\":{\"claim\":\"sub\",\"op\":\"eq\",\"reason\":"
                              "\"mismatch\"},\"jti\":null,\"bound\":{},\"conditions_held\":1}");
    ssr_free(json);
    ssr_tp_result_free(r);
    free(p);
}

static void unusable_inputs_are_reported(void **state)
{
    (void)state;
    ssr_tp_result *r = (ssr_tp_result *)1;
    ssr_report *report = NULL;
    const char *bad = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\"}";
    assert_int_equal(ssr_tp_match(bad, strlen(bad), "{}", 2, NOW, 0, &r, &report), SSR_EINVALID);
    assert_null(r);
    assert_string_equal(ssr_diag_code(report, 0), "trusted-publisher.issuer.required");
    ssr_report_free(report);
    assert_int_equal(ssr_tp_match(policy_text, policy_len, "[1]", 3, NOW, 0, &r, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "tp.claims.type");
    ssr_report_free(report);
    assert_int_equal(ssr_tp_match(policy_text, policy_len, "{\"a\":1,\"a\":2}", 13, NOW, 0, &r, &report),
                     SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "json.duplicate-member");
    ssr_report_free(report);
    /* a policy without a single condition is refused as ssr_validate() refuses it; as a test fragment it never matches */
    const char *empty = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"custom\",\"issuer\":\"https://ci.example\","
                        "\"audience\":\"pypi\",\"state\":\"active\",\"conditions\":[]}";
    assert_int_equal(ssr_tp_match(empty, strlen(empty), "{}", 2, NOW, 0, &r, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "trusted-publisher.conditions.min-items");
    ssr_report_free(report);
    cJSON *claims = token("https://ci.example");
    char *text = cJSON_PrintUnformatted(claims);
    cJSON_Delete(claims);
    assert_int_equal(ssr_tp_match(empty, strlen(empty), text, strlen(text), NOW, SSR_TP_POLICY_FRAGMENT, &r, NULL),
                     SSR_ENOMATCH);
    cJSON_free(text);
    expect_failure(r, "", "policy", "no-conditions");
    assert_int_equal(ssr_tp_match(empty, strlen(empty), "{}", 2, NOW, 4u, &r, NULL), SSR_EINVAL); /* an unknown flag */
    assert_int_equal(ssr_tp_match(NULL, 1, "{}", 2, NOW, 0, &r, NULL), SSR_EINVAL);
}

static void explain_lists_compiled_conditions(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(ssr_tp_explain(policy_text, policy_len, &out, &len, NULL), SSR_OK);
    assert_string_equal(out,
                        "{\"token\":{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"pypi\","
                        "\"leeway_seconds\":30,\"require_jti\":true,\"max_lifetime_seconds\":900}}\n"
                        "{\"claim\":\"repository\",\"op\":\"eq_ci\",\"value\":\"pypa/sampleproject\"}\n"
                        "{\"claim\":\"repository_owner_id\",\"op\":\"eq\",\"value\":\"647025\"}\n"
                        "{\"claim\":\"job_workflow_ref\",\"op\":\"eq_concat_claim\",\"value\":{\"prefix\":"
                        "\"pypa/sampleproject/.github/workflows/release.yml@\",\"any_of\":[\"ref\",\"sha\"]},"
                        "\"fold_case_chars\":18}\n"
                        "{\"claim\":\"event_name\",\"op\":\"not_in\",\"value\":[\"pull_request_target\","
                        "\"workflow_run\"]}\n"
                        "{\"claim\":\"environment\",\"op\":\"eq_ci\",\"value\":\"pypi\"}\n");
    ssr_free(out);
}

/* Each operator's value is explained as written: flags only when set. */
static void explain_writes_each_operator_value_back(void **state)
{
    (void)state;
    static const char conditions[] =
        "[{\"claim\":\"sub\",\"op\":\"segments_prefix\",\"value\":{\"sep\":\":\",\"segments\":"
        "[\"project_path\",\"foo/bar\"],\"ci\":true}},"
        "{\"claim\":\"ci_config_ref_uri\",\"op\":\"eq_concat_claim\",\"value\":{\"prefix\":"
        "\"gitlab.com/foo/bar//.gitlab-ci.yml@\",\"any_of\":[\"ref_path\",\"sha\"],\"require_all\":true}},"
        "{\"claim\":\"sub\",\"op\":\"segments_prefix\",\"value\":{\"sep\":\"/\",\"segments\":[\"a\"]}}]";
    char *p = policy_with("custom", "https://ci.example", "conditions", conditions);
    char *out = NULL;
    assert_int_equal(ssr_tp_explain(p, strlen(p), &out, NULL, NULL), SSR_OK);
    const char *lines = strchr(out, '\n') + 1; /* after the token line */
    assert_string_equal(lines,
                        "{\"claim\":\"sub\",\"op\":\"segments_prefix\",\"value\":{\"sep\":\":\",\"segments\":"
                        "[\"project_path\",\"foo/bar\"],\"ci\":true}}\n"
                        "{\"claim\":\"ci_config_ref_uri\",\"op\":\"eq_concat_claim\",\"value\":{\"prefix\":"
                        "\"gitlab.com/foo/bar//.gitlab-ci.yml@\",\"any_of\":[\"ref_path\",\"sha\"],"
                        "\"require_all\":true}}\n"
                        "{\"claim\":\"sub\",\"op\":\"segments_prefix\",\"value\":{\"sep\":\"/\",\"segments\":"
                        "[\"a\"]}}\n");
    ssr_free(out);
    free(p);
}

int main(void)
{
    if (getenv("SSR_EXAMPLES") == NULL)
        return 1;
    policy_text = example("trusted-publisher-github.json", &policy_len);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(github_accepts_its_workflow),
        cmocka_unit_test(resurrected_owner_is_refused),
        cmocka_unit_test(workflow_smuggled_into_the_ref_is_refused),
        cmocka_unit_test(pull_request_target_is_refused),
        cmocka_unit_test(audience_array_is_refused),
        cmocka_unit_test(expired_token_is_refused),
        cmocka_unit_test(token_from_the_future_is_refused),
        cmocka_unit_test(replay_without_jti_is_refused),
        cmocka_unit_test(another_issuer_is_refused),
        cmocka_unit_test(missing_environment_is_refused),
        cmocka_unit_test(reusable_workflow_names_its_repository),
        cmocka_unit_test(github_options_say_what_registries_differ_on),
        cmocka_unit_test(circleci_and_buildkite_through_conditions),
        cmocka_unit_test(gitlab_needs_ref_path_and_sha),
        cmocka_unit_test(google_needs_a_verified_email),
        cmocka_unit_test(activestate_reads_sub_segments),
        cmocka_unit_test(pending_policy_past_expiry_never_matches),
        cmocka_unit_test(generic_conditions_bind_on_first_use),
        cmocka_unit_test(policy_that_pins_nothing_is_refused),
        cmocka_unit_test(numbers_compare_exactly),
        cmocka_unit_test(bound_numbers_are_written_back),
        cmocka_unit_test(refused_tokens_bind_nothing),
        cmocka_unit_test(unusable_inputs_are_reported),
        cmocka_unit_test(explain_lists_compiled_conditions),
        cmocka_unit_test(explain_writes_each_operator_value_back),
    };
    int failed = cmocka_run_group_tests_name("trusted publishing", tests, NULL, NULL);
    free(policy_text);
    return failed;
}

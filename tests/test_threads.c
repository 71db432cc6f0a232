/*
 * Eight threads at once validate, canonicalize, verify and match over
 * shared read-only inputs (one parsed document, one report, one keyring,
 * one artifact, one options object), and each must get exactly what one
 * thread alone gets. Built under ThreadSanitizer by the test command.
 */
#include <dirent.h>
#include <pthread.h>

#include "support.h"

#define THREADS 8
#define VERIFY_ROUNDS 3
#define ROUNDS 30

typedef struct {
    char *data;
    size_t len;
    char *report; /* the reference report, as JSON */
    char name[128];
} input;

static input inputs[32];
static size_t input_count;

/* Shared read-only objects. */
static ssr_options *options;
static ssr_doc *shared_doc;
static char *shared_canonical;
static ssr_report *shared_report;
static char *shared_report_json;
static ssr_keyring *ring;
static char *envelope;
static size_t envelope_len;
static const char *statement;
static size_t statement_len;
static ssr_artifact *artifact;
static const char *policy;
static size_t policy_len;
static char *match_json;
static const char *profile;
static size_t profile_len;
static char *levels_json;

static const char claims[] =
    "{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"pypi\",\"iat\":1759999990,"
    "\"nbf\":1759999990,\"exp\":1760000290,\"jti\":\"8f1c6d0e-jti\",\"repository\":\"pypa/sampleproject\","
    "\"repository_owner\":\"pypa\",\"repository_owner_id\":\"647025\",\"ref\":\"refs/tags/v4.0.0\","
    "\"job_workflow_ref\":\"pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0\","
    "\"event_name\":\"push\",\"environment\":\"pypi\"}";

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *report_json(const void *data, size_t len)
{
    ssr_report *r = NULL;
    if (ssr_validate(data, len, SSR_KIND_AUTO, options, &r) != SSR_OK)
        return NULL;
    char *json = NULL;
    int status = ssr_report_to_json(r, &json, NULL);
    ssr_report_free(r);
    return status == SSR_OK ? json : NULL;
}

static char *levels_of(const void *data, size_t len)
{
    ssr_levels *l = NULL;
    if (ssr_profile_levels(data, len, options, &l, NULL) != SSR_OK)
        return NULL;
    char *json = NULL;
    int status = ssr_levels_to_json(l, &json, NULL);
    ssr_levels_free(l);
    return status == SSR_OK ? json : NULL;
}

static char *match_of(void)
{
    ssr_tp_result *r = NULL;
    int s = ssr_tp_match(policy, policy_len, claims, sizeof claims - 1, 1760000000, 0, &r, NULL);
    if (s != SSR_OK && s != SSR_ENOMATCH)
        return NULL;
    char *json = NULL;
    int status = ssr_tp_result_to_json(r, &json, NULL);
    ssr_tp_result_free(r);
    return status == SSR_OK ? json : NULL;
}

/* A purl through parse, canonical form and components: always the same three answers. */
static size_t purl_round(void)
{
    static const char text[] = "pkg:PYPI/Django_package@1.11.1.DEV1?b=2&a=1#/x/./y/";
    static const char canonical[] = "pkg:pypi/django-package@1.11.1.dev1?a=1&b=2#x/y";
    ssr_purl *purl = NULL, *built = NULL;
    char *out = NULL, *json = NULL, *again = NULL;
    size_t wrong = ssr_purl_parse(text, sizeof text - 1, 0, &purl, NULL) != SSR_OK ||
                   ssr_purl_canonical(purl, &out, NULL) != SSR_OK || strcmp(out, canonical) != 0 ||
                   ssr_purl_to_json(purl, &json, NULL) != SSR_OK ||
                   ssr_purl_build(json, strlen(json), &built, NULL) != SSR_OK ||
                   ssr_purl_canonical(built, &again, NULL) != SSR_OK || strcmp(again, canonical) != 0;
    ssr_free(out);
    ssr_free(json);
    ssr_free(again);
    ssr_purl_free(purl);
    ssr_purl_free(built);
    return wrong;
}

/* One trusted root, one policy, one artifact, shared by every thread; bundles verified against them. */
static ssr_trust_root *trust_root;
static const ssr_verify_options *verify_at; /* made before the threads start */
static ssr_verify_policy *verify_policy;
static ssr_artifact *bundle_artifact;
static char *bundles[2];
static size_t bundle_lens[2];
static char *bundle_json[2];

static char *verify_of(size_t i)
{
    ssr_verify_result *result = NULL;
    char *json = NULL;
    int status = ssr_verify_bundle(trust_root, verify_policy, bundles[i], bundle_lens[i], bundle_artifact, verify_at,
                                   &result, NULL);
    if (status == SSR_OK && ssr_verify_result_to_json(result, &json, NULL) != SSR_OK)
        json = NULL;
    ssr_verify_result_free(result);
    return json;
}

static size_t verify_round(void)
{
    size_t wrong = 0;
    for (size_t i = 0; trust_root != NULL && i < 2; i++) {
        char *json = verify_of(i);
        wrong += json == NULL || strcmp(json, bundle_json[i]) != 0;
        ssr_free(json);
    }
    return wrong;
}

/* An OIDC ID token verified against one shared JWKS. */
static ssr_jwks *token_keys;
static ssr_tp_policy *token_compiled;
static char *token_text, *token_json;
static size_t token_len;
static const char token_policy[] =
    "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
    "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],\"github\":{\"owner\":"
    "\"octo-org\",\"owner_id\":\"123456\",\"repository\":\"octo-repo\",\"workflow\":\"release.yml\"},\"token\":"
    "{\"leeway_seconds\":0,\"require_jti\":true}}";

static char *token_of(void)
{
    ssr_tp_result *r = NULL;
    char *json = NULL;
    int s = ssr_tp_verify_token(token_compiled, token_keys, token_text, token_len, 1750000000, 0, &r, NULL);
    if ((s == SSR_OK || s == SSR_ENOMATCH) && ssr_tp_result_to_json(r, &json, NULL) != SSR_OK)
        json = NULL;
    ssr_tp_result_free(r);
    return json;
}

static size_t token_round(void)
{
    if (token_keys == NULL)
        return 0;
    char *json = token_of();
    size_t wrong = json == NULL || strcmp(json, token_json) != 0;
    ssr_free(json);
    return wrong;
}

static void set_up_verification(void)
{
    const char *corpus = corpus_root();
    if (corpus == NULL)
        return;
    static const char identity[] = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
                                   ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static const char issuer[] = "https://token.actions.githubusercontent.com";
    assert_int_equal(ssr_trust_root_load(SSR_TRUST_PUBLIC_GOOD, &trust_root), SSR_OK);
    assert_int_equal(ssr_verify_policy_identity(identity, sizeof identity - 1, issuer, sizeof issuer - 1, &verify_policy),
                     SSR_OK);
    bundle_artifact = ssr_artifact_new();
    assert_int_equal(ssr_artifact_add_digest(bundle_artifact, "sha256", 6,
                                             "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf", 64),
                     SSR_OK);
    char keys_path[4096];
    snprintf(keys_path, sizeof keys_path, "%s/jose/generated/jwks.json", corpus);
    size_t keys_len;
    char *keys = read_file(keys_path, &keys_len);
    assert_int_equal(ssr_jwks_parse(keys, keys_len, &token_keys, NULL), SSR_OK);
    assert_int_equal(ssr_tp_policy_parse(token_policy, sizeof token_policy - 1, &token_compiled, NULL), SSR_OK);
    free(keys);
    snprintf(keys_path, sizeof keys_path, "%s/jose/generated/tokens/valid-es256.jwt", corpus);
    token_text = read_file(keys_path, &token_len);
    while (token_len > 0 && token_text[token_len - 1] == '\n')
        token_len--;
    token_json = token_of();
    assert_non_null(token_json);
    assert_non_null(strstr(token_json, "\"matched\":true"));
    const char *names[] = {"happy-path-v0.3", "happy-path-v0.1"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/sigstore/conformance/bundle-verify/%s/bundle.sigstore.json", corpus, names[i]);
        bundles[i] = read_file(path, &bundle_lens[i]);
        bundle_json[i] = verify_of(i);
        assert_non_null(bundle_json[i]);
    }
}

static void tear_down_verification(void)
{
    ssr_jwks_free(token_keys);
    ssr_tp_policy_free(token_compiled);
    free(token_text);
    ssr_free(token_json);
    for (size_t i = 0; i < 2; i++) {
        free(bundles[i]);
        ssr_free(bundle_json[i]);
    }
    ssr_artifact_free(bundle_artifact);
    ssr_verify_policy_free(verify_policy);
    ssr_trust_root_free(trust_root);
}

/* Returns the number of results that differed from the references. */
static size_t one_round(void)
{
    size_t wrong = 0;
    for (size_t i = 0; i < input_count; i++) {
        char *json = report_json(inputs[i].data, inputs[i].len);
        wrong += json == NULL || strcmp(json, inputs[i].report) != 0;
        ssr_free(json);
    }

    char *canon = NULL;
    wrong += ssr_doc_canonical(shared_doc, &canon, NULL) != SSR_OK || strcmp(canon, shared_canonical) != 0;
    ssr_free(canon);
    char *json = NULL;
    wrong += ssr_report_to_json(shared_report, &json, NULL) != SSR_OK || strcmp(json, shared_report_json) != 0;
    ssr_free(json);

    unsigned char *payload = NULL;
    size_t payload_len = 0, verified = 0;
    char *type = NULL;
    wrong += ssr_dsse_verify(envelope, envelope_len, ring, 1, &payload, &payload_len, &type, &verified, NULL) !=
                 SSR_OK ||
             payload_len != statement_len || memcmp(payload, statement, statement_len) != 0 || verified != 1;
    ssr_free(payload);
    ssr_free(type);

    size_t index = 99;
    wrong += ssr_match_subject(artifact, statement, statement_len, &index, NULL) != SSR_OK || index != 0;

    char *m = match_of();
    wrong += m == NULL || strcmp(m, match_json) != 0;
    ssr_free(m);
    char *l = levels_of(profile, profile_len);
    wrong += l == NULL || strcmp(l, levels_json) != 0;
    ssr_free(l);
    return wrong + purl_round() + token_round();
}

/* TUF: each thread refreshes a trust cache of its own from Sigstore's static repository, then loads it. */
static char *tuf_static_dir;
static char *tuf_expected;

static size_t tuf_round(void)
{
    if (tuf_static_dir == NULL)
        return 0;
    char *summary = NULL;
    int status = tuf_static_refresh(tuf_static_dir, &summary);
    size_t wrong = status != SSR_OK || summary == NULL || strcmp(summary, tuf_expected) != 0;
    free(summary);
    return wrong;
}

static void *worker(void *arg)
{
    size_t *wrong = arg;
    for (int round = 0; round < ROUNDS; round++) {
        *wrong += one_round();
        if (round < VERIFY_ROUNDS) { /* a verification costs as much as many rounds */
            *wrong += verify_round();
            *wrong += tuf_round();
        }
    }
    return NULL;
}

static const char *vectors_dir;

static const input *load(const char *kind, const char *file)
{
    assert_true(input_count < sizeof inputs / sizeof inputs[0]);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", vectors_dir, kind, file);
    input *in = &inputs[input_count++];
    in->data = read_file(path, &in->len);
    snprintf(in->name, sizeof in->name, "%s", file);
    return in;
}

static void set_up_inputs(void)
{
    options = ssr_options_new();
    assert_non_null(options);
    assert_int_equal(ssr_options_set_limit(options, SSR_LIMIT_DEPTH, 64), SSR_OK);

    DIR *kinds = opendir(vectors_dir);
    assert_non_null(kinds);
    struct dirent *k;
    while ((k = readdir(kinds)) != NULL) {
        if (k->d_name[0] == '.')
            continue;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", vectors_dir, k->d_name);
        DIR *d = opendir(dir);
        if (d == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (ends_with(e->d_name, ".base.input"))
                load(k->d_name, e->d_name);
        closedir(d);
    }
    closedir(kinds);
    assert_true(input_count >= 22);
    for (size_t i = 0; i < input_count; i++) {
        inputs[i].report = report_json(inputs[i].data, inputs[i].len);
        assert_non_null(inputs[i].report);
        assert_non_null(strstr(inputs[i].report, "\"valid\":true"));
        if (strcmp(inputs[i].name, "policy-github.base.input") == 0) {
            policy = inputs[i].data;
            policy_len = inputs[i].len;
        }
        if (strcmp(inputs[i].name, "profile.base.input") == 0) {
            profile = inputs[i].data;
            profile_len = inputs[i].len;
        }
        if (strcmp(inputs[i].name, "statement.base.input") == 0) {
            statement = inputs[i].data;
            statement_len = inputs[i].len;
        }
    }
    assert_non_null(policy);
    assert_non_null(profile);
    assert_non_null(statement);

    assert_int_equal(ssr_doc_parse(statement, statement_len, options, &shared_doc, NULL), SSR_OK);
    assert_int_equal(ssr_doc_canonical(shared_doc, &shared_canonical, NULL), SSR_OK);
    assert_int_equal(ssr_validate(inputs[0].data, inputs[0].len, SSR_KIND_AUTO, options, &shared_report), SSR_OK);
    assert_int_equal(ssr_report_to_json(shared_report, &shared_report_json, NULL), SSR_OK);

    ssr_secret_key *key = NULL;
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_secret_key_generate(&key), SSR_OK);
    assert_int_equal(ssr_secret_key_public(key, &pub), SSR_OK);
    assert_int_equal(ssr_dsse_sign(statement, statement_len, "application/vnd.in-toto+json", 28, key, NULL, 0,
                                   &envelope, &envelope_len),
                     SSR_OK);
    ring = ssr_keyring_new();
    assert_non_null(ring);
    assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK);
    ssr_public_key_free(pub);
    ssr_secret_key_free(key);

    /* The artifact is the statement's first subject, by its sha256. */
    const char *sha = strstr(statement, "\"sha256\": \"");
    assert_non_null(sha);
    artifact = ssr_artifact_new();
    assert_non_null(artifact);
    assert_int_equal(ssr_artifact_add_digest(artifact, "sha256", 6, sha + 11, 64), SSR_OK);

    match_json = match_of();
    assert_non_null(match_json);
    assert_non_null(strstr(match_json, "\"matched\":true"));
    levels_json = levels_of(profile, profile_len);
    assert_non_null(levels_json);
}

static void tear_down_inputs(void)
{
    for (size_t i = 0; i < input_count; i++) {
        free(inputs[i].data);
        ssr_free(inputs[i].report);
    }
    ssr_options_free(options);
    ssr_doc_free(shared_doc);
    ssr_free(shared_canonical);
    ssr_report_free(shared_report);
    ssr_free(shared_report_json);
    ssr_keyring_free(ring);
    ssr_free(envelope);
    ssr_artifact_free(artifact);
    ssr_free(match_json);
    ssr_free(levels_json);
}

static void test_eight_threads(void **state)
{
    (void)state;
    set_up_inputs();
    set_up_verification();
    verify_at = options_at(1767225600);
    assert_int_equal(one_round(), 0); /* one thread alone first */
    assert_int_equal(verify_round(), 0);
    const char *static_dir = corpus_dir("tuf-conformance/tuf_conformance/static_data");
    if (static_dir != NULL) {
        tuf_static_dir = strdup(static_dir);
        assert_int_equal(tuf_static_refresh(tuf_static_dir, &tuf_expected), SSR_OK);
    }

    pthread_t threads[THREADS];
    size_t wrong[THREADS] = {0};
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, worker, &wrong[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        if (wrong[i] != 0)
            fail_msg("thread %d: %zu results differ from one thread's", i, wrong[i]);
    }
    tear_down_inputs();
    tear_down_verification();
    free(tuf_static_dir);
    free(tuf_expected);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_DIR\n", argv[0]);
        return 2;
    }
    vectors_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eight_threads),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}

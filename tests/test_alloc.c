/*
 * Allocation failure. Through the allocator hook, the Nth allocation fails,
 * for every N until the call succeeds, over a valid document of every kind
 * (and an invalid one), the writers, profile levels, trusted-publisher
 * matching and signing and verification. Each call must return SSR_ENOMEM
 * (or, when it could do without the memory, exactly what it returns with
 * it), and every byte it allocated must be freed.
 */
#include <dirent.h>

#include <cjson/cJSON.h>

#include "support.h"

/* ---- the failing allocator ---------------------------------------------- */

static size_t fail_at;  /* 1-based index of the allocation to fail; 0: none */
static size_t calls;    /* allocations attempted since the counter was reset */
static long live;       /* blocks handed out and not yet freed */

static bool should_fail(void)
{
    calls++;
    return fail_at != 0 && calls == fail_at;
}

static void *failing_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        live++;
    return p;
}

static void *failing_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        live++;
    return p;
}

static void failing_free(void *ptr)
{
    if (ptr != NULL)
        live--;
    free(ptr);
}

/* ---- the driver ----------------------------------------------------------- */

/*
 * One call under test: returns its status and sets *summary (libc memory)
 * to everything it produced, so that a run with failures can be compared
 * with the run without.
 */
typedef int (*operation)(const void *arg, char **summary);

/* Appends `len` bytes to a libc string. */
static void append(char **summary, const char *data, size_t len)
{
    size_t old = *summary ? strlen(*summary) : 0;
    char *grown = realloc(*summary, old + len + 2);
    assert_non_null(grown);
    memcpy(grown + old, data, len);
    grown[old + len] = '\n';
    grown[old + len + 1] = '\0';
    *summary = grown;
}

/* Appends an ssr-allocated string and frees it. */
static void take(char **summary, char *text, size_t len)
{
    append(summary, text, len);
    ssr_free(text);
}

static size_t total_runs;

/* Fails every allocation of `op` in turn; returns how many it made. */
static size_t exhaust(const char *name, operation op, const void *arg)
{
    fail_at = 0;
    calls = 0;
    char *expected = NULL;
    int expected_status = op(arg, &expected);
    size_t needed = calls;
    if (live != 0)
        fail_msg("%s: %ld blocks leaked without failure", name, live);
    if (expected_status == SSR_ENOMEM)
        fail_msg("%s: SSR_ENOMEM without failure", name);

    for (size_t n = 1;; n++) {
        fail_at = n;
        calls = 0;
        char *got = NULL;
        int status = op(arg, &got);
        bool injected = calls >= n;
        fail_at = 0;
        total_runs++;
        if (live != 0)
            fail_msg("%s: allocation %zu failed: %ld blocks leaked (status %d)", name, n, live, status);
        bool same = status == expected_status &&
                    ((got == NULL && expected == NULL) || (got && expected && strcmp(got, expected) == 0));
        if (!injected) {
            if (!same)
                fail_msg("%s: result changed without a failure", name);
            free(got);
            break;
        }
        if (status != SSR_ENOMEM && !same) {
            fprintf(stderr, "expected:\n%s\ngot:\n%s\n", expected ? expected : "(null)", got ? got : "(null)");
            fail_msg("%s: allocation %zu of %zu failed: status %d (%s), expected SSR_ENOMEM or the full result",
                     name, n, needed, status, ssr_strerror(status));
        }
        free(got);
    }
    free(expected);
    return needed;
}

/* ---- inputs ----------------------------------------------------------------- */

static const char *vectors_dir;

typedef struct {
    char *data;
    size_t len;
    int kind;
    char name[256];
} input;

static input inputs[64];
static size_t input_count;

static input *load(const char *kind, const char *file)
{
    assert_true(input_count < sizeof inputs / sizeof inputs[0]);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", vectors_dir, kind, file);
    input *in = &inputs[input_count++];
    in->data = read_file(path, &in->len);
    in->kind = ssr_kind_from_name(kind, strlen(kind));
    snprintf(in->name, sizeof in->name, "%s/%s", kind, file);
    return in;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every base (valid) vector and, per kind, the first invalid one. */
static void load_vectors(void)
{
    DIR *kinds = opendir(vectors_dir);
    assert_non_null(kinds);
    struct dirent *k;
    while ((k = readdir(kinds)) != NULL) {
        if (k->d_name[0] == '.' || ssr_kind_from_name(k->d_name, strlen(k->d_name)) < 0)
            continue;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", vectors_dir, k->d_name);
        DIR *d = opendir(dir);
        if (d == NULL)
            continue;
        char first_invalid[256] = "";
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (ends_with(e->d_name, ".base.input"))
                load(k->d_name, e->d_name);
            else if (ends_with(e->d_name, ".input") && strstr(e->d_name, ".base.") == NULL &&
                     (first_invalid[0] == '\0' || strcmp(e->d_name, first_invalid) < 0))
                snprintf(first_invalid, sizeof first_invalid, "%s", e->d_name);
        }
        closedir(d);
        if (first_invalid[0] != '\0')
            load(k->d_name, first_invalid);
    }
    closedir(kinds);
}

static const input *find(const char *name)
{
    for (size_t i = 0; i < input_count; i++)
        if (strcmp(inputs[i].name, name) == 0)
            return &inputs[i];
    fail_msg("no input %s", name);
    return NULL;
}

/* ---- operations ---------------------------------------------------------------- */

static int report_summary(int status, ssr_report *report, char **summary)
{
    if (report != NULL) {
        char *json = NULL;
        size_t len = 0;
        int s = ssr_report_to_json(report, &json, &len);
        ssr_report_free(report);
        if (s != SSR_OK)
            return s;
        take(summary, json, len);
    }
    return status;
}

static int op_validate(const void *arg, char **summary)
{
    const input *in = arg;
    ssr_report *report = NULL;
    int status = ssr_validate(in->data, in->len, in->kind, NULL, &report);
    if (status != SSR_OK && report != NULL)
        fail_msg("ssr_validate left a report with status %d", status);
    return report_summary(status, report, summary);
}

static int op_validate_auto(const void *arg, char **summary)
{
    const input *in = arg;
    ssr_report *report = NULL;
    int status = ssr_validate(in->data, in->len, SSR_KIND_AUTO, NULL, &report);
    return report_summary(status, report, summary);
}

static int op_writers(const void *arg, char **summary)
{
    const input *in = arg;
    ssr_doc *doc = NULL;
    ssr_report *report = NULL;
    int status = ssr_doc_parse(in->data, in->len, NULL, &doc, &report);
    if (status != SSR_OK) {
        if (doc != NULL)
            fail_msg("ssr_doc_parse left a document with status %d", status);
        return report_summary(status, report, summary);
    }
    ssr_report_free(report);
    char *out = NULL;
    size_t len = 0;
    if ((status = ssr_doc_canonical(doc, &out, &len)) == SSR_OK) {
        take(summary, out, len);
        if ((status = ssr_doc_pretty(doc, &out, &len)) == SSR_OK)
            take(summary, out, len);
    }
    ssr_doc_free(doc);
    return status;
}

static int op_levels(const void *arg, char **summary)
{
    const input *in = arg;
    ssr_levels *levels = NULL;
    ssr_report *report = NULL;
    int status = ssr_profile_levels(in->data, in->len, NULL, &levels, &report);
    if (status == SSR_OK) {
        char *out = NULL;
        size_t len = 0;
        int s = ssr_levels_to_json(levels, &out, &len);
        if (s == SSR_OK) {
            take(summary, out, len);
            s = ssr_levels_to_text(levels, &out, &len);
            if (s == SSR_OK)
                take(summary, out, len);
        }
        ssr_levels_free(levels);
        if (s != SSR_OK) {
            ssr_report_free(report);
            return s;
        }
    }
    return report_summary(status, report, summary);
}

static const char claims_json[] =
    "{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"pypi\",\"iat\":1759999990,"
    "\"nbf\":1759999990,\"exp\":1760000290,\"jti\":\"8f1c6d0e-jti\",\"repository\":\"pypa/sampleproject\","
    "\"repository_owner\":\"pypa\",\"repository_owner_id\":\"647025\",\"ref\":\"refs/tags/v4.0.0\","
    "\"job_workflow_ref\":\"pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0\","
    "\"event_name\":\"push\",\"environment\":\"pypi\"}";

static int op_tp_match(const void *arg, char **summary)
{
    const input *policy = arg;
    ssr_tp_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_match(policy->data, policy->len, claims_json, sizeof claims_json - 1, 1760000000, 0, &result,
                              &report);
    if (status == SSR_OK || status == SSR_ENOMATCH) {
        char *out = NULL;
        size_t len = 0;
        int s = ssr_tp_result_to_json(result, &out, &len);
        ssr_tp_result_free(result);
        if (s != SSR_OK) {
            ssr_report_free(report);
            return s;
        }
        take(summary, out, len);
    }
    return report_summary(status, report, summary);
}

static int op_tp_explain(const void *arg, char **summary)
{
    const input *policy = arg;
    char *out = NULL;
    size_t len = 0;
    ssr_report *report = NULL;
    int status = ssr_tp_explain(policy->data, policy->len, &out, &len, &report);
    if (status == SSR_OK)
        take(summary, out, len);
    return report_summary(status, report, summary);
}

static int op_schema(const void *arg, char **summary)
{
    (void)arg;
    static const int kinds[] = {SSR_KIND_RELEASE, SSR_KIND_TRUSTED_PUBLISHER, SSR_KIND_REPOSITORY_PROFILE};
    for (size_t i = 0; i < 3; i++) {
        char *out = NULL;
        size_t len = 0;
        int status = ssr_schema(kinds[i], &out, &len);
        if (status != SSR_OK)
            return status;
        take(summary, out, len);
        if ((status = ssr_schema_codes(kinds[i], &out, &len)) != SSR_OK)
            return status;
        take(summary, out, len);
    }
    return SSR_OK;
}

/* A purl (or its components, as JSON) through parse or build, canonical form and JSON; refusals as their report. */
static int op_purl(const void *arg, char **summary)
{
    const char *text = arg;
    ssr_purl *purl = NULL;
    ssr_report *report = NULL;
    int status = text[0] == '{' ? ssr_purl_build(text, strlen(text), &purl, &report)
                                : ssr_purl_parse(text, strlen(text), SSR_PURL_REPAIR, &purl, &report);
    char *out = NULL;
    size_t len = 0;
    if (status == SSR_EINVALID) {
        status = ssr_report_to_json(report, &out, &len);
        ssr_report_free(report);
        if (status != SSR_OK)
            return status;
        take(summary, out, len);
        return SSR_EINVALID;
    }
    if (status != SSR_OK)
        return status;
    if ((status = ssr_purl_canonical(purl, &out, &len)) == SSR_OK) {
        take(summary, out, len);
        if ((status = ssr_purl_to_json(purl, &out, &len)) == SSR_OK)
            take(summary, out, len);
    }
    ssr_purl_free(purl);
    return status;
}

/* A fixed key, so that signatures (deterministic in Ed25519) compare. */
static const char secret_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                                 "MC4CAQAwBQYDK2VwBCIEIDjBPwMZUzNcCmtT5KHfNUWqjDDjpb+tI3KUpGXFhLB8\n"
                                 "-----END PRIVATE KEY-----\n";
static const char public_pem[] = "-----BEGIN PUBLIC KEY-----\n"
                                 "MCowBQYDK2VwAyEA4Y3P8LkETRRbRQBBEVlEw7FYAET5+O4SQ+2lUNsOCls=\n"
                                 "-----END PUBLIC KEY-----\n";
static const char payload_type[] = "application/vnd.in-toto+json";

static int op_sign(const void *arg, char **summary)
{
    const input *statement = arg;
    ssr_secret_key *key = NULL;
    int status = ssr_secret_key_parse(secret_pem, sizeof secret_pem - 1, &key);
    if (status != SSR_OK)
        return status;
    char *env = NULL, *pem = NULL;
    size_t env_len = 0, pem_len = 0;
    status = ssr_dsse_sign(statement->data, statement->len, payload_type, sizeof payload_type - 1, key, NULL, 0, &env,
                           &env_len);
    if (status == SSR_OK) {
        take(summary, env, env_len);
        status = ssr_secret_key_pem(key, &pem, &pem_len);
        if (status == SSR_OK) {
            append(summary, pem, pem_len);
            ssr_secret_free(pem);
        }
    }
    ssr_secret_key_free(key);
    return status;
}

static char *signed_envelope;
static size_t signed_envelope_len;

static int op_add_signature(const void *arg, char **summary)
{
    (void)arg;
    ssr_secret_key *key = NULL;
    int status = ssr_secret_key_parse(secret_pem, sizeof secret_pem - 1, &key);
    if (status != SSR_OK)
        return status;
    char *out = NULL;
    size_t len = 0;
    ssr_report *report = NULL;
    status = ssr_dsse_add_signature(signed_envelope, signed_envelope_len, key, "second", 6, &out, &len, &report);
    ssr_secret_key_free(key);
    if (status == SSR_OK)
        take(summary, out, len);
    return report_summary(status, report, summary);
}

static int op_verify(const void *arg, char **summary)
{
    (void)arg;
    ssr_public_key *pub = NULL;
    int status = ssr_public_key_parse(public_pem, sizeof public_pem - 1, &pub);
    if (status != SSR_OK)
        return status;
    ssr_keyring *ring = ssr_keyring_new();
    if (ring == NULL) {
        ssr_public_key_free(pub);
        return SSR_ENOMEM;
    }
    status = ssr_keyring_add(ring, pub);
    ssr_public_key_free(pub);
    if (status == SSR_OK) {
        unsigned char *payload = NULL;
        char *type = NULL;
        size_t payload_len = 0, verified = 0;
        ssr_report *report = NULL;
        status = ssr_dsse_verify(signed_envelope, signed_envelope_len, ring, 1, &payload, &payload_len, &type,
                                 &verified, &report);
        if (status == SSR_OK) {
            take(summary, (char *)payload, payload_len);
            take(summary, type, strlen(type));
        }
        status = report_summary(status, report, summary);
    }
    ssr_keyring_free(ring);
    return status;
}

static int op_public_key(const void *arg, char **summary)
{
    (void)arg;
    ssr_public_key *pub = NULL;
    int status = ssr_public_key_parse(public_pem, sizeof public_pem - 1, &pub);
    if (status != SSR_OK)
        return status;
    char *pem = NULL;
    size_t len = 0;
    status = ssr_public_key_pem(pub, &pem, &len);
    if (status == SSR_OK) {
        take(summary, pem, len);
        append(summary, ssr_public_key_id(pub), strlen(ssr_public_key_id(pub)));
    }
    ssr_public_key_free(pub);
    return status;
}

static char subject_sha256[65];

static int op_match_subject(const void *arg, char **summary)
{
    const input *doc = arg;
    ssr_artifact *artifact = ssr_artifact_new();
    if (artifact == NULL)
        return SSR_ENOMEM;
    int status = ssr_artifact_add_digest(artifact, "sha256", 6, subject_sha256, 64);
    if (status == SSR_OK) {
        size_t index = 99;
        ssr_report *report = NULL;
        status = ssr_match_subject(artifact, doc->data, doc->len, &index, &report);
        char line[64];
        int n = snprintf(line, sizeof line, "index %zu", index);
        append(summary, line, (size_t)n);
        status = report_summary(status, report, summary);
    }
    ssr_artifact_free(artifact);
    return status;
}

static int op_digest(const void *arg, char **summary)
{
    const input *in = arg;
    char *hex = NULL;
    int status = ssr_digest(SSR_DIGEST_SHA256, in->data, in->len, &hex);
    if (status != SSR_OK)
        return status;
    take(summary, hex, strlen(hex));
    ssr_hasher *h = ssr_hasher_new(SSR_DIGEST_BLAKE2B_512);
    if (h == NULL)
        return SSR_ENOMEM;
    status = ssr_hasher_update(h, in->data, in->len);
    if (status == SSR_OK && (status = ssr_hasher_final(h, &hex)) == SSR_OK)
        take(summary, hex, strlen(hex));
    ssr_hasher_free(h);
    return status;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_every_kind(void **state)
{
    (void)state;
    assert_true(input_count >= 22);
    size_t kinds_seen[SSR_KIND_SIGSTORE_TRUSTED_ROOT + 1] = {0};
    for (size_t i = 0; i < input_count; i++) {
        const input *in = &inputs[i];
        kinds_seen[in->kind]++;
        char name[512];
        snprintf(name, sizeof name, "validate %s", in->name);
        assert_true(exhaust(name, op_validate, in) > 0);
        snprintf(name, sizeof name, "validate (auto) %s", in->name);
        exhaust(name, op_validate_auto, in);
        snprintf(name, sizeof name, "parse and write %s", in->name);
        exhaust(name, op_writers, in);
    }
    for (int kind = SSR_KIND_RELEASE; kind <= SSR_KIND_SIGSTORE_TRUSTED_ROOT; kind++)
        if (kinds_seen[kind] < 2)
            fail_msg("kind %s has %zu inputs", ssr_kind_name(kind), kinds_seen[kind]);
}

static void test_profile_levels(void **state)
{
    (void)state;
    assert_true(exhaust("levels", op_levels, find("repository-profile/profile.base.input")) > 0);
}

static void test_trusted_publishing(void **state)
{
    (void)state;
    const input *policy = find("trusted-publisher/policy-github.base.input");
    char *matched = NULL;
    assert_int_equal(op_tp_match(policy, &matched), SSR_OK);
    assert_non_null(strstr(matched, "\"matched\":true"));
    free(matched);
    assert_true(exhaust("tp match", op_tp_match, policy) > 0);
    assert_true(exhaust("tp explain", op_tp_explain, policy) > 0);
}

static void test_purls(void **state)
{
    (void)state;
    static const char *const purls[] = {
        "pkg:npm/%40babel/core@7.0.0?vcs_url=git:%2F%2Fh%2Fr&Arch=x#lib/a/../b",
        "pkg:git/codeberg.org/forgejo/forgejo@a72d#options/locale_readme.md",
        "pkg:PYPI/Django_package@1.11.1.DEV1",
        "pkg:npm/a?b=1&b=2",
        "pkg:julia/Dates",
        "{\"type\":\"maven\",\"namespace\":\"/org.apache/\",\"name\":\"io\",\"version\":\"1.0\","
        "\"qualifiers\":{\"classifier\":\"dist\",\"type\":\"zip\"},\"subpath\":\"a//b\"}",
        "{\"type\":\"npm\",\"name\":\"a\",\"qualifiers\":{\"k\":1}}",
    };
    for (size_t i = 0; i < sizeof purls / sizeof purls[0]; i++)
        assert_true(exhaust(purls[i], op_purl, purls[i]) > 0);
}

static void test_schemas(void **state)
{
    (void)state;
    assert_true(exhaust("schemas", op_schema, NULL) > 0);
}

static void test_sign_and_verify(void **state)
{
    (void)state;
    const input *statement = find("in-toto-statement/statement.base.input");
    char *summary = NULL;
    assert_int_equal(op_sign(statement, &summary), SSR_OK);
    signed_envelope = summary;
    signed_envelope_len = strcspn(summary, "\n");

    exhaust("sign", op_sign, statement);
    exhaust("add signature", op_add_signature, NULL);
    char *verified = NULL;
    assert_int_equal(op_verify(NULL, &verified), SSR_OK);
    assert_memory_equal(verified, statement->data, statement->len);
    free(verified);
    assert_true(exhaust("verify", op_verify, NULL) > 0);
    exhaust("public key", op_public_key, NULL);
    free(signed_envelope);
    signed_envelope = NULL;
}

static void test_subject_matching(void **state)
{
    (void)state;
    const input *statement = find("in-toto-statement/statement.base.input");
    cJSON *doc = cJSON_ParseWithLength(statement->data, statement->len);
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "subject"), 0),
                                         "digest"),
        "sha256");
    assert_true(cJSON_IsString(sha));
    snprintf(subject_sha256, sizeof subject_sha256, "%s", sha->valuestring);
    cJSON_Delete(doc);

    char *summary = NULL;
    assert_int_equal(op_match_subject(statement, &summary), SSR_OK);
    free(summary);
    assert_true(exhaust("match subject", op_match_subject, statement) > 0);
    exhaust("match subject (release)", op_match_subject, find("release/release.base.input"));
    exhaust("digests", op_digest, statement);
}


/* ---- verification -------------------------------------------------------------------- */

/* One verification of the real data: a root, a policy, the artifact's digest and the input. */
typedef struct verify_case {
    const char *root_file;   /* NULL: the public-good root libssr carries */
    int instance;
    const char *policy;      /* policy object JSON */
    const char *alg, *hex;   /* the artifact's digest */
    const char *filename;    /* PEP 740 */
    const char *keys;        /* npm keys (file) */
    const char *package;     /* npm */
    char *data;
    size_t len;
    char *keys_data;
    size_t keys_len;
    int kind;                /* 0 bundle, 1 PEP 740, 2 npm */
} verify_case;

static int op_verify_any(const void *arg, char **summary)
{
    const verify_case *c = arg;
    ssr_trust_root *root = NULL;
    ssr_verify_policy *policy = NULL;
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    int status;
    if (c->root_file != NULL) {
        size_t len = 0;
        char *data = read_file(c->root_file, &len);
        status = ssr_trust_root_parse(data, len, &root, &report);
        free(data);
    } else {
        status = ssr_trust_root_load(c->instance, &root);
    }
    if (status != SSR_OK)
        return report_summary(status, report, summary);
    ssr_artifact *artifact = ssr_artifact_new();
    status = artifact == NULL ? SSR_ENOMEM : ssr_artifact_add_digest(artifact, c->alg, strlen(c->alg), c->hex, strlen(c->hex));
    if (status == SSR_OK && c->kind != 2)
        status = ssr_verify_policy_parse(c->policy, strlen(c->policy), &policy, NULL);
    /* the options at 2026-01-01, under the failing allocator too */
    ssr_verify_options *verify_at = status == SSR_OK ? ssr_verify_options_new() : NULL;
    if (status == SSR_OK)
        status = verify_at == NULL ? SSR_ENOMEM : ssr_verify_options_set_time(verify_at, 1767225600);
    if (status == SSR_OK) {
        if (c->kind == 0)
            status = ssr_verify_bundle(root, policy, c->data, c->len, artifact, verify_at, &result, &report);
        else if (c->kind == 1)
            status = ssr_verify_pep740(root, policy, c->data, c->len, c->filename, strlen(c->filename), artifact,
                                       verify_at, &result, &report);
        else
            status = ssr_verify_npm(root, c->keys_data, c->keys_len, c->data, c->len, c->package, strlen(c->package),
                                    artifact, verify_at, &result, &report);
    }
    if (status == SSR_OK) {
        char *json = NULL;
        size_t len = 0;
        status = ssr_verify_result_to_json(result, &json, &len);
        if (status == SSR_OK)
            take(summary, json, len);
    }
    ssr_verify_result_free(result);
    ssr_verify_options_free(verify_at);
    ssr_verify_policy_free(policy);
    ssr_artifact_free(artifact);
    ssr_trust_root_free(root);
    return report_summary(status, report, summary);
}

static void test_verification(void **state)
{
    (void)state;
    const char *corpus = corpus_root();
    if (corpus == NULL)
        skip();
    char conf[1024], pep[1024], npm[1024], rekor2_root[1200], npm_keys[1200];
    snprintf(conf, sizeof conf, "%s/sigstore/conformance/bundle-verify", corpus);
    snprintf(pep, sizeof pep, "%s/sigstore/pep740", corpus);
    snprintf(npm, sizeof npm, "%s/sigstore/npm", corpus);
    snprintf(rekor2_root, sizeof rekor2_root, "%s/rekor2-happy-path/trusted_root.json", conf);
    snprintf(npm_keys, sizeof npm_keys, "%s/keys/registry-keys.json", npm);
    static const char identity_policy[] =
        "{\"identity\":\"https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
        "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main\",\"issuer\":"
        "\"https://token.actions.githubusercontent.com\"}";
    static const char a_txt[] = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";
    verify_case cases[] = {
        /* Rekor v1 hashedrekord with SET, proof and checkpoint */
        {NULL, SSR_TRUST_PUBLIC_GOOD, identity_policy, "sha256", a_txt, NULL, NULL, NULL, NULL, 0, NULL, 0, 0},
        /* Rekor v2 with an RFC 3161 timestamp, against a root read from a file */
        {rekor2_root, 0, identity_policy, "sha256", a_txt, NULL, NULL, NULL, NULL, 0, NULL, 0, 0},
        /* a refusal: the checkpoint of another tree */
        {NULL, SSR_TRUST_PUBLIC_GOOD, identity_policy, "sha256", a_txt, NULL, NULL, NULL, NULL, 0, NULL, 0, 0},
        /* PEP 740 provenance against a GitHub publisher */
        {NULL, SSR_TRUST_PUBLIC_GOOD,
         "{\"github\":{\"repository\":\"trailofbits/pypi-attestations\",\"workflow\":\"release.yml\"}}", "sha256",
         "9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3", "pypi_attestations-0.0.19.tar.gz", NULL,
         NULL, NULL, 0, NULL, 0, 1},
        /* npm: a publish attestation (registry key) and a provenance one (keyless) */
        {NULL, SSR_TRUST_PUBLIC_GOOD, NULL, "sha512",
         "7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c"
         "0ef2cf9108cd1f258b36",
         NULL, npm_keys, "sigstore@1.0.0", NULL, 0, NULL, 0, 2},
    };
    char path[1400];
    const char *files[] = {"happy-path-v0.3/bundle.sigstore.json", "rekor2-happy-path/bundle.sigstore.json",
                           "checkpoint-wrong-roothash_fail/bundle.sigstore.json"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", conf, files[i]);
        cases[i].data = read_file(path, &cases[i].len);
    }
    snprintf(path, sizeof path, "%s/pypi_attestations-0.0.19.tar.gz.provenance", pep);
    cases[3].data = read_file(path, &cases[3].len);
    snprintf(path, sizeof path, "%s/attestations/sigstore@1.0.0.npm-cli.json", npm);
    cases[4].data = read_file(path, &cases[4].len);
    cases[4].keys_data = read_file(npm_keys, &cases[4].keys_len);
    const int want[] = {SSR_OK, SSR_OK, SSR_EVERIFY, SSR_OK, SSR_OK};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *summary = NULL;
        int status = op_verify_any(&cases[i], &summary);
        if (status != want[i])
            fail_msg("verification case %zu: status %d, expected %d: %s", i, status, want[i], summary ? summary : "");
        free(summary);
        char name[64];
        snprintf(name, sizeof name, "verify case %zu", i);
        assert_true(exhaust(name, op_verify_any, &cases[i]) > 0);
        free(cases[i].data);
        free(cases[i].keys_data);
    }
}


/* ---- OIDC ID tokens ---------------------------------------------------------------------- */

typedef struct token_case {
    char *jwks, *token;
    size_t jwks_len, token_len;
} token_case;

static const char token_policy[] =
    "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
    "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],\"github\":{\"owner\":"
    "\"octo-org\",\"owner_id\":\"123456\",\"repository\":\"octo-repo\",\"workflow\":\"release.yml\"},\"token\":"
    "{\"leeway_seconds\":0,\"require_jti\":true}}";

static int op_token(const void *arg, char **summary)
{
    const token_case *c = arg;
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    int status = ssr_jwks_parse(c->jwks, c->jwks_len, &jwks, &report);
    ssr_report_free(report);
    report = NULL;
    if (status != SSR_OK)
        return status;
    ssr_tp_result *result = NULL;
    ssr_tp_policy *policy = NULL;
    status = ssr_tp_policy_parse(token_policy, sizeof token_policy - 1, &policy, &report);
    if (status == SSR_OK)
        status = ssr_tp_verify_token(policy, jwks, c->token, c->token_len, 1750000000, 0, &result, &report);
    ssr_tp_policy_free(policy);
    if (status == SSR_OK || status == SSR_ENOMATCH) {
        char *json = NULL;
        size_t len = 0;
        status = ssr_tp_result_to_json(result, &json, &len);
        if (status == SSR_OK)
            take(summary, json, len);
    }
    ssr_tp_result_free(result);
    ssr_jwks_free(jwks);
    if (status == SSR_OK || status == SSR_EVERIFY || status == SSR_EINVALID) {
        char *decoded = NULL;
        size_t len = 0;
        int s = ssr_tp_decode_token(c->token, c->token_len, &decoded, &len, NULL);
        if (s == SSR_ENOMEM) {
            ssr_report_free(report);
            return s;
        }
        if (s == SSR_OK)
            take(summary, decoded, len);
    }
    return report_summary(status, report, summary);
}

static void test_tokens(void **state)
{
    (void)state;
    const char *corpus = corpus_root();
    if (corpus == NULL)
        skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/jose/generated/jwks.json", corpus);
    token_case c = {0};
    c.jwks = read_file(path, &c.jwks_len);
    /* verified and matched; refused at the signature; refused in the claims (a duplicate member) */
    const char *tokens[] = {"valid-rs256.jwt", "valid-es256.jwt", "valid-ps256.jwt", "rs256-bitflip.jwt",
                            "dup-claim-aud.jwt", "aud-array.jwt"};
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        snprintf(path, sizeof path, "%s/jose/generated/tokens/%s", corpus, tokens[i]);
        c.token = read_file(path, &c.token_len);
        while (c.token_len > 0 && c.token[c.token_len - 1] == '\n')
            c.token_len--;
        char name[128];
        snprintf(name, sizeof name, "token %s", tokens[i]);
        assert_true(exhaust(name, op_token, &c) > 0);
        free(c.token);
    }
    free(c.jwks);
}

/* ---- rendering -------------------------------------------------------------- */

typedef struct {
    char *result, *release;
    size_t result_len, release_len;
    const char *lang;
} panel_case;

static int op_panel(const void *arg, char **summary)
{
    const panel_case *c = arg;
    int status = SSR_OK;
    for (int level = SSR_PANEL_A; level <= SSR_PANEL_AAA && status == SSR_OK; level++) {
        char *out = NULL;
        size_t len = 0;
        ssr_report *report = NULL;
        status = ssr_render_panel(c->result, c->result_len, c->release, c->release_len, level, SSR_PANEL_PYPI, c->lang,
                                  strlen(c->lang), NULL, &out, &len, &report);
        if (status == SSR_OK)
            take(summary, out, len);
        ssr_report_free(report);
    }
    return status;
}

static int op_compare(const void *arg, char **summary)
{
    const input *const *profiles = arg;
    const void *docs[2] = {profiles[0]->data, profiles[1]->data};
    size_t lens[2] = {profiles[0]->len, profiles[1]->len};
    int status = SSR_OK;
    for (int format = SSR_COMPARE_TEXT; format <= SSR_COMPARE_SVG && status == SSR_OK; format++) {
        char *out = NULL;
        size_t len = 0, failed = 0;
        ssr_report *report = NULL;
        status = ssr_render_profiles(docs, lens, 2, format, NULL, &out, &len, &failed, &report);
        if (status == SSR_OK)
            take(summary, out, len);
        ssr_report_free(report);
    }
    return status;
}

static void test_rendering(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/../../examples/panels", vectors_dir);
    char path[4200];
    panel_case c = {.lang = "ar"};
    snprintf(path, sizeof path, "%s/result-pep740-pypi-attestations-0.0.19.json", dir);
    c.result = read_file(path, &c.result_len);
    snprintf(path, sizeof path, "%s/release-pypi-attestations-0.0.19.json", dir);
    c.release = read_file(path, &c.release_len);
    assert_true(exhaust("panel", op_panel, &c) > 0);
    free(c.release);
    c.release = NULL;
    c.release_len = 0;
    c.lang = "de";
    assert_true(exhaust("panel without release", op_panel, &c) > 0);
    free(c.result);
    const input *profiles[2] = {find("repository-profile/profile.base.input"), find("repository-profile/profile.base.input")};
    assert_true(exhaust("compare", op_compare, profiles) > 0);
}

static int op_olpc(const void *arg, char **summary)
{
    (void)arg;
    static const char json[] = "{\"b\":[1,{\"z\":null,\"y\":\"\\\"q\"}],\"a\":true}";
    char *out = NULL;
    size_t len = 0;
    int status = ssr_olpc_canonical(json, sizeof json - 1, &out, &len);
    if (status == SSR_OK)
        take(summary, out, len);
    return status;
}

/* A TUF refresh of Sigstore's static repository into a new trust cache, then its loading. */
static int op_tuf(const void *arg, char **summary)
{
    return tuf_static_refresh(arg, summary);
}

static void test_tuf(void **state)
{
    (void)state;
    const char *static_dir = corpus_dir("tuf-conformance/tuf_conformance/static_data");
    if (static_dir == NULL)
        skip();
    char *dir = strdup(static_dir);
    assert_true(exhaust("tuf refresh and load", op_tuf, dir) > 0);
    free(dir);
    /* canonical JSON */
    assert_true(exhaust("olpc canonical", op_olpc, NULL) > 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_DIR\n", argv[0]);
        return 2;
    }
    /* Before anything else, as common.h asks. */
    if (ssr_set_allocator(failing_malloc, failing_realloc, failing_free) != SSR_OK)
        return 1;
    vectors_dir = argv[1];
    load_vectors();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind),
        cmocka_unit_test(test_profile_levels),
        cmocka_unit_test(test_trusted_publishing),
        cmocka_unit_test(test_schemas),
        cmocka_unit_test(test_purls),
        cmocka_unit_test(test_sign_and_verify),
        cmocka_unit_test(test_subject_matching),
        cmocka_unit_test(test_verification),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_rendering),
        cmocka_unit_test(test_tuf),
    };
    int failed = cmocka_run_group_tests_name("allocation failure", tests, NULL, NULL);
    printf("%zu failing runs over %zu inputs\n", total_runs, input_count);
    for (size_t i = 0; i < input_count; i++)
        free(inputs[i].data);
    return failed;
}

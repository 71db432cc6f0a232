/*
 * OIDC ID token verification against ../shared/corpus/jose: the 73
 * GitHub-Actions-shaped tokens of generated/EXPECTED.tsv (each verdict,
 * each refusal with the code of its reason class), RFC 7515's examples
 * (A.2 RS256 and A.3 ES256 verify at the signature layer; A.5 none, A.1
 * HS256 and A.4 ES512 are refused), Wycheproof's JWS tests for RS256,
 * PS256 and ES256 keys, and Wycheproof's P1363 ECDSA and PSS salt-32
 * files through the JWS signature code. Then JWKS parsing.
 */
#include <openssl/evp.h>
#include <sodium.h>

#include <cjson/cJSON.h>

#include "jose/jose.h"
#include "support.h"

static const char *jose_dir;

static char *read_at(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", jose_dir, rel);
    return read_file(path, len);
}

static ssr_jwks *jwks_of(const char *json)
{
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    int status = ssr_jwks_parse(json, strlen(json), &jwks, &report);
    if (status != SSR_OK)
        fail_msg("JWKS refused: %s", report ? ssr_diag_message(report, 0) : ssr_strerror(status));
    ssr_report_free(report);
    return jwks;
}

/* ---- generated/EXPECTED.tsv --------------------------------------------------------- */

/* The code (or the match failure) each reason class of the corpus gets. */
static const struct {
    const char *reason;
    const char *code;        /* a jwt.* refusal, or NULL: a match that fails */
    const char *tp_reasons;  /* the match's failed reasons, separated by | */
} classes[] = {
    {"valid", NULL, NULL},
    {"alg-none", "jwt.alg.none", NULL},
    {"alg-confusion", "jwt.alg.confusion", NULL},
    {"alg-key-mismatch", "jwt.alg.key-mismatch", NULL},
    {"alg-unsupported", "jwt.alg.unsupported", NULL},
    {"kid-not-found", "jwt.kid.unknown", NULL},
    {"kid-missing", "jwt.kid.missing", NULL},
    {"bad-signature", "jwt.signature", NULL},
    {"crit", "jwt.crit", NULL},
    {"typ", "jwt.typ", NULL},
    {"duplicate-member", "jwt.duplicate-member", NULL},
    {"malformed", "jwt.malformed", NULL},
    {"base64url", "jwt.base64url", NULL},
    {"signature-encoding", "jwt.signature.encoding", NULL},
    {"size-limit", "jwt.size", NULL},
    {"expired", NULL, "expired"},
    {"not-yet-valid", NULL, "nbf-in-future"},
    {"iat-future", NULL, "iat-in-future"},
    {"claim-missing", NULL, "exp-missing|iat-missing|iss-missing|aud-missing"},
    {"claim-type", NULL, "exp-not-an-integer"},
    {"aud", NULL, "aud-mismatch|aud-not-a-string"},
    {"iss", NULL, "iss-mismatch"},
};

/* The policy the corpus's README states, for one row's issuer and audience; leeway 0. */
static char *policy_for(const char *iss, const char *aud)
{
    static const char fmt[] = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":\"%s\","
                              "\"audience\":\"%s\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],\"github\":{\"owner\":\"octo-org\","
                              "\"owner_id\":\"123456\",\"repository\":\"octo-repo\",\"workflow\":\"release.yml\"},"
                              "\"token\":{\"leeway_seconds\":0,\"require_jti\":false}}";
    size_t n = strlen(fmt) + strlen(iss) + strlen(aud) + 1;
    char *out = malloc(n);
    if (out == NULL)
        abort();
    snprintf(out, n, fmt, iss, aud);
    return out;
}

static void test_generated_tokens(void **state)
{
    (void)state;
    size_t len;
    char *text = read_at("generated/EXPECTED.tsv", &len);
    size_t rows = 0, passed = 0, wrong = 0;
    char *save = NULL;
    strtok_r(text, "\n", &save);
    for (char *line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[8] = {0};
        size_t n = 0;
        for (char *p = line; n < 8 && p != NULL; n++) {
            f[n] = p;
            p = strchr(p, '\t');
            if (p != NULL)
                *p++ = '\0';
        }
        assert_true(n >= 7);
        const char *token_file = f[0], *jwks_file = f[1], *expect = f[5], *reason = f[6];
        long long now = atoll(f[2]);
        char path[512];
        snprintf(path, sizeof path, "generated/%s", token_file);
        size_t token_len, keys_len;
        char *token = read_at(path, &token_len);
        while (token_len > 0 && (token[token_len - 1] == '\n' || token[token_len - 1] == '\r'))
            token_len--;
        snprintf(path, sizeof path, "generated/%s", jwks_file);
        char *keys = read_at(path, &keys_len);
        ssr_jwks *jwks = jwks_of(keys);
        char *policy = policy_for(f[3], f[4]);
        ssr_tp_result *result = NULL;
        ssr_report *report = NULL;
        ssr_tp_policy *compiled = NULL;
        assert_int_equal(ssr_tp_policy_parse(policy, strlen(policy), &compiled, NULL), SSR_OK);
        int status = ssr_tp_verify_token(compiled, jwks, token, token_len, (int64_t)now, 0, &result, &report);
        ssr_tp_policy_free(compiled);
        size_t c = 0;
        while (c < sizeof classes / sizeof classes[0] && strcmp(classes[c].reason, reason) != 0)
            c++;
        assert_true(c < sizeof classes / sizeof classes[0]);
        bool ok;
        if (classes[c].code != NULL) {
            /* refused at the token: one diagnostic, its class's code, positioned inside the token */
            ok = status == SSR_EVERIFY && result == NULL && ssr_report_count(report) == 1 &&
                 strcmp(ssr_diag_code(report, 0), classes[c].code) == 0 && ssr_diag_line(report, 0) == 1 &&
                 ssr_diag_offset(report, 0) <= token_len;
        } else if (classes[c].tp_reasons == NULL) {
            ok = status == SSR_OK && ssr_tp_matched(result) && ssr_tp_token_alg(result) != NULL &&
                 ssr_tp_token_claims(result) != NULL;
        } else {
            const char *why = status == SSR_ENOMATCH ? ssr_tp_failed_reason(result) : NULL;
            ok = status == SSR_ENOMATCH && !ssr_tp_matched(result) && why != NULL &&
                 strstr(classes[c].tp_reasons, why) != NULL;
        }
        if (ok != true || (strcmp(expect, "pass") == 0) != (status == SSR_OK && ssr_tp_matched(result))) {
            wrong++;
            printf("WRONG %s (%s, %s): status %d, %s\n", token_file, expect, reason, status,
                   report != NULL && ssr_report_count(report) ? ssr_diag_code(report, 0)
                   : result != NULL && !ssr_tp_matched(result) ? ssr_tp_failed_reason(result)
                                                               : "matched");
        }
        passed += status == SSR_OK && ssr_tp_matched(result);
        rows++;
        ssr_tp_result_free(result);
        ssr_report_free(report);
        ssr_jwks_free(jwks);
        free(policy);
        free(token);
        free(keys);
    }
    free(text);
    printf("generated tokens: %zu, %zu verified and matched, %zu refused, %zu wrong\n", rows, passed, rows - passed,
           wrong);
    assert_int_equal(rows, 73);
    assert_int_equal(passed, 10);
    assert_int_equal(wrong, 0);
}

/* A refusal's code, pointer and column (line 1: a token is one line). */
static void assert_token_refused(const ssr_jwks *jwks, const char *token, unsigned flags, const char *code,
                                 const char *pointer, size_t column)
{
    ssr_report *report = NULL;
    unsigned char *payload = NULL;
    int status = ssr_jws_verify(jwks, token, strlen(token), flags, &payload, NULL, &report);
    assert_int_equal(status, SSR_EVERIFY);
    assert_null(payload);
    if (strcmp(ssr_diag_code(report, 0), code) != 0 || strcmp(ssr_diag_pointer(report, 0), pointer) != 0 ||
        ssr_diag_line(report, 0) != 1 || ssr_diag_column(report, 0) != column)
        fail_msg("expected %s at %s 1:%zu, found %s at %s %zu:%zu (%s)", code, pointer, column,
                 ssr_diag_code(report, 0), ssr_diag_pointer(report, 0), ssr_diag_line(report, 0),
                 ssr_diag_column(report, 0), ssr_diag_message(report, 0));
    ssr_report_free(report);
}

/* ---- RFC 7515 Appendix A ------------------------------------------------------------ */

/* The public half of an example's JWK, bound to the example's algorithm, as a JWKS would hold it. */
static ssr_jwks *example_key(const cJSON *example)
{
    const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(example, "jwk");
    cJSON *pub = cJSON_CreateObject();
    static const char *const members[] = {"kty", "n", "e", "crv", "x", "y"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(jwk, members[i]);
        if (m != NULL)
            cJSON_AddStringToObject(pub, members[i], m->valuestring);
    }
    cJSON_AddStringToObject(pub, "kid", "example");
    cJSON_AddStringToObject(pub, "alg", cJSON_GetObjectItemCaseSensitive(example, "alg")->valuestring);
    char *text = cJSON_PrintUnformatted(pub);
    cJSON_Delete(pub);
    ssr_jwks *jwks = NULL;
    if (ssr_jwks_parse(text, strlen(text), &jwks, NULL) != SSR_OK)
        jwks = NULL;
    cJSON_free(text);
    return jwks;
}

static void test_rfc7515(void **state)
{
    (void)state;
    struct {
        const char *file;
        const char *code; /* NULL: verifies */
    } cases[] = {{"A.2.json", NULL}, {"A.3.json", NULL}, {"A.5.json", "jwt.alg.none"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "rfc7515/%s", cases[i].file);
        size_t len;
        char *text = read_at(rel, &len);
        cJSON *example = cJSON_ParseWithLength(text, len);
        free(text);
        assert_non_null(example);
        const char *token = cJSON_GetObjectItemCaseSensitive(example, "compact")->valuestring;
        const char *payload_b64u = cJSON_GetObjectItemCaseSensitive(example, "payload_b64u")->valuestring;
        unsigned char payload_text[512];
        size_t payload_text_len = 0;
        assert_int_equal(sodium_base642bin(payload_text, sizeof payload_text, payload_b64u, strlen(payload_b64u), NULL,
                                           &payload_text_len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                         0);
        if (cases[i].code == NULL) {
            ssr_jwks *jwks = example_key(example);
            assert_non_null(jwks);
            unsigned char *payload = NULL;
            size_t payload_len = 0;
            ssr_report *report = NULL;
            int status = ssr_jws_verify(jwks, token, strlen(token), SSR_JWS_SOLE_KEY, &payload, &payload_len, &report);
            if (status != SSR_OK)
                fail_msg("%s: %s", cases[i].file, ssr_diag_message(report, 0));
            /* the exact bytes signed, CR LF and all */
            assert_int_equal(payload_len, payload_text_len);
            assert_memory_equal(payload, payload_text, payload_len);
            ssr_free(payload);
            ssr_report_free(report);
            /* without the flag, a token that names no key names none */
            assert_token_refused(jwks, token, 0, "jwt.kid.missing", "/kid", 1);
            ssr_jwks_free(jwks);
        } else {
            ssr_jwks *jwks = jwks_of("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\",\"alg\":\"ES256\",\"crv\":\"P-256\","
                                     "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                                     "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}");
            assert_token_refused(jwks, token, SSR_JWS_SOLE_KEY, cases[i].code, "/alg", 1);
            ssr_jwks_free(jwks);
        }
        cJSON_Delete(example);
    }
    /* HS256 (A.1) and ES512 (A.4): refused by algorithm before any key is looked at */
    const char *others[][2] = {{"rfc7515/A.1.json", "jwt.alg.confusion"}, {"rfc7515/A.4.json", "jwt.alg.unsupported"}};
    ssr_jwks *jwks = jwks_of("{\"kty\":\"EC\",\"kid\":\"k\",\"alg\":\"ES256\",\"crv\":\"P-256\","
                             "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                             "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}");
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        char *text = read_at(others[i][0], &len);
        cJSON *example = cJSON_ParseWithLength(text, len);
        free(text);
        assert_token_refused(jwks, cJSON_GetObjectItemCaseSensitive(example, "compact")->valuestring, SSR_JWS_SOLE_KEY,
                             others[i][1], "/alg", 1);
        cJSON_Delete(example);
    }
    ssr_jwks_free(jwks);
}

/* ---- Wycheproof ----------------------------------------------------------------------- */

/* Is a token's header alg one of RS256, PS256, ES256? */
static bool header_alg_in_scope(const cJSON *jws)
{
    if (!cJSON_IsString(jws))
        return true;
    const char *s = jws->valuestring, *dot = strchr(s, '.');
    unsigned char header[1024];
    size_t n = 0;
    if (dot == NULL || sodium_base642bin(header, sizeof header - 1, s, (size_t)(dot - s), NULL, &n, NULL,
                                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return true;
    header[n] = '\0';
    cJSON *h = cJSON_Parse((const char *)header);
    const char *alg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "alg"));
    bool in = alg == NULL || strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0 || strcmp(alg, "ES256") == 0;
    cJSON_Delete(h);
    return in;
}

static void test_wycheproof_jws(void **state)
{
    (void)state;
    size_t len;
    char *text = read_at("wycheproof/json_web_signature_test.json", &len);
    cJSON *file = cJSON_ParseWithLength(text, len);
    free(text);
    assert_non_null(file);
    size_t tests = 0, agree = 0, groups = 0, out_of_scope = 0;
    const cJSON *group;
    cJSON_ArrayForEach(group, cJSON_GetObjectItemCaseSensitive(file, "testGroups"))
    {
        const cJSON *pub = cJSON_GetObjectItemCaseSensitive(group, "public");
        const char *alg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pub, "alg"));
        /* the algorithms ID tokens use: RS256, PS256, ES256 keys */
        if (alg == NULL || (strcmp(alg, "RS256") != 0 && strcmp(alg, "PS256") != 0 && strcmp(alg, "ES256") != 0))
            continue;
        char *key_text = cJSON_PrintUnformatted(pub);
        ssr_jwks *jwks = NULL;
        ssr_report *report = NULL;
        int parsed = ssr_jwks_parse(key_text, strlen(key_text), &jwks, &report);
        cJSON_free(key_text);
        ssr_report_free(report);
        if (parsed != SSR_OK)
            fail_msg("group %s: its public key is refused", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(group, "comment")));
        groups++;
        const cJSON *test;
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests"))
        {
            const cJSON *jws = cJSON_GetObjectItemCaseSensitive(test, "jws");
            const char *result = cJSON_GetObjectItemCaseSensitive(test, "result")->valuestring;
            int status;
            if (cJSON_IsString(jws)) {
                status = ssr_jws_verify(jwks, jws->valuestring, strlen(jws->valuestring), SSR_JWS_SOLE_KEY, NULL, NULL,
                                        NULL);
            } else {
                /* the JSON serializations: libssr reads the compact one only */
                char *json = cJSON_PrintUnformatted(jws);
                status = ssr_jws_verify(jwks, json, strlen(json), SSR_JWS_SOLE_KEY, NULL, NULL, NULL);
                cJSON_free(json);
            }
            assert_true(status == SSR_OK || status == SSR_EVERIFY);
            bool valid = strcmp(result, "valid") == 0;
            if (valid && !header_alg_in_scope(jws)) {
                out_of_scope++; /* a valid token of another algorithm (PS384...): refused by policy, not judged */
                assert_int_equal(status, SSR_EVERIFY);
                continue;
            }
            tests++;
            if (strcmp(result, "acceptable") == 0 || (status == SSR_OK) == valid)
                agree++;
            else
                printf("FAIL JWS tcId %d (%s, %s): %s\n", cJSON_GetObjectItemCaseSensitive(test, "tcId")->valueint,
                       result, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(test, "comment")),
                       status == SSR_OK ? "verified" : "refused");
        }
        ssr_jwks_free(jwks);
    }
    cJSON_Delete(file);
    printf("Wycheproof JWS, RS256/PS256/ES256 keys: %zu groups, %zu tests, %zu as the file says; %zu valid tokens of "
           "other algorithms refused by policy\n",
           groups, tests, agree, out_of_scope);
    assert_true(tests > 250);
    assert_int_equal(agree, tests);
}

static unsigned char *unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2;
    unsigned char *out = malloc(n + 1);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
    *len = n;
    return out;
}

/*
 * A Wycheproof primitive file through the JWS signature code under `alg`.
 * `all_refused`: the file's parameters are not the algorithm's, so every
 * signature it calls valid must be refused (what it calls invalid may be
 * valid under the algorithm's, as a salt-32 signature in a salt-0 file).
 */
static size_t primitive_file(const char *name, const char *alg, bool all_refused)
{
    char rel[128];
    snprintf(rel, sizeof rel, "wycheproof/%s", name);
    size_t len;
    char *text = read_at(rel, &len);
    cJSON *file = cJSON_ParseWithLength(text, len);
    free(text);
    size_t tests = 0, wrong = 0;
    const cJSON *group;
    cJSON_ArrayForEach(group, cJSON_GetObjectItemCaseSensitive(file, "testGroups"))
    {
        size_t der_len;
        unsigned char *der = unhex(cJSON_GetObjectItemCaseSensitive(group, "publicKeyDer")->valuestring, &der_len);
        ssr_public_key *key = NULL;
        assert_int_equal(ssr_public_key_parse(der, der_len, &key), SSR_OK);
        free(der);
        const cJSON *test;
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests"))
        {
            size_t msg_len, sig_len;
            unsigned char *msg = unhex(cJSON_GetObjectItemCaseSensitive(test, "msg")->valuestring, &msg_len);
            unsigned char *sig = unhex(cJSON_GetObjectItemCaseSensitive(test, "sig")->valuestring, &sig_len);
            const char *result = cJSON_GetObjectItemCaseSensitive(test, "result")->valuestring;
            int status = ssri_jws_signature_check(key, alg, msg, msg_len, sig, sig_len);
            assert_true(status == SSR_OK || status == SSR_EVERIFY);
            bool want = !all_refused && strcmp(result, "valid") == 0;
            /* refusing all: what the file calls valid (its own parameters) is what must fail here */
            bool judged = strcmp(result, "acceptable") != 0 && (!all_refused || strcmp(result, "valid") == 0);
            if (judged && (status == SSR_OK) != want) {
                wrong++;
                printf("FAIL %s tcId %d (%s): %s\n", name, cJSON_GetObjectItemCaseSensitive(test, "tcId")->valueint,
                       result, status == SSR_OK ? "verified" : "refused");
            }
            tests++;
            free(msg);
            free(sig);
        }
        ssr_public_key_free(key);
    }
    cJSON_Delete(file);
    printf("%s as %s: %zu tests, %zu wrong\n", name, alg, tests, wrong);
    assert_int_equal(wrong, 0);
    return tests;
}

static void test_wycheproof_primitives(void **state)
{
    (void)state;
    size_t tests = primitive_file("ecdsa_secp256r1_sha256_p1363_test.json", "ES256", false);
    tests += primitive_file("rsa_pss_2048_sha256_mgf1_32_test.json", "PS256", false);
    tests += primitive_file("rsa_pss_3072_sha256_mgf1_32_test.json", "PS256", false);
    tests += primitive_file("rsa_pss_4096_sha256_mgf1_32_test.json", "PS256", false);
    /* PS256 fixes the salt at 32 bytes: the signatures with no salt are refused, even those the file calls valid */
    tests += primitive_file("rsa_pss_2048_sha256_mgf1_0_test.json", "PS256", true);
    /* a DER signature is not an ES256 signature */
    tests += primitive_file("ecdsa_secp256r1_sha256_test.json", "ES256", true);
    assert_true(tests > 900);
}

/* ---- JWKS ---------------------------------------------------------------------------------- */

static void assert_jwks_refused(const char *json, const char *code, const char *pointer)
{
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_jwks_parse(json, strlen(json), &jwks, &report), SSR_EINVALID);
    assert_null(jwks);
    size_t i = 0;
    while (i < ssr_report_count(report) && ssr_diag_severity(report, i) != SSR_SEVERITY_ERROR)
        i++;
    if (strcmp(ssr_diag_code(report, i), code) != 0 || strcmp(ssr_diag_pointer(report, i), pointer) != 0)
        fail_msg("expected %s at %s, found %s at %s", code, pointer, ssr_diag_code(report, i),
                 ssr_diag_pointer(report, i));
    ssr_report_free(report);
}

#define EC_KEY(kid) \
    "{\"kty\":\"EC\",\"kid\":\"" kid "\",\"alg\":\"ES256\",\"crv\":\"P-256\"," \
    "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}"

static void test_jwks_rules(void **state)
{
    (void)state;
    assert_jwks_refused("{\"keys\":[" EC_KEY("a") "," EC_KEY("a") "]}", "jwks.kid.duplicate", "/keys/1");
    assert_jwks_refused("{\"keys\":[{\"kty\":\"EC\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}",
                        "jwks.kid.required", "/keys/0");
    assert_jwks_refused("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"a\",\"alg\":\"ES256\",\"crv\":\"P-256\","
                        "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1\"}]}",
                        "jwks.key.ec", "/keys/0"); /* not a point of the curve */
    assert_jwks_refused("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"a\",\"alg\":\"RS256\",\"crv\":\"P-256\"}]}",
                        "jwks.alg.mismatch", "/keys/0");
    assert_jwks_refused("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\",\"alg\":\"RS256\",\"n\":\"AQAB\",\"e\":\"AQAB\","
                        "\"d\":\"AQAB\"}]}",
                        "jwks.key.private", "/keys/0");
    assert_jwks_refused("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\",\"alg\":\"RS256\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}",
                        "jwks.key.size", "/keys/0"); /* a modulus of 17 bits */
    assert_jwks_refused("{\"keys\":{}}", "jwks.keys", "/keys");
    assert_jwks_refused("{\"keys\":[" EC_KEY("a") "],\"keys\":[]}", "json.duplicate-member", "/keys");
    /* keys of other kinds, algorithms or uses are skipped with a warning */
    const char *mixed = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"AA\"},{\"kty\":\"EC\",\"kid\":\"e\",\"use\":"
                        "\"enc\"}," EC_KEY("s") ",{\"kty\":\"RSA\",\"kid\":\"r\",\"alg\":\"RS512\"}]}";
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_jwks_parse(mixed, strlen(mixed), &jwks, &report), SSR_OK);
    assert_int_equal(ssr_jwks_count(jwks), 1);
    assert_int_equal(ssr_report_count(report), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(ssr_diag_code(report, i), "jwks.key.skipped");
        assert_int_equal(ssr_diag_severity(report, i), SSR_SEVERITY_WARNING);
    }
    assert_string_equal(ssr_diag_pointer(report, 2), "/keys/3");
    ssr_report_free(report);
    ssr_jwks_free(jwks);
}

int main(void)
{
    jose_dir = corpus_dir("jose");
    if (jose_dir == NULL)
        return TEST_SKIPPED;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_tokens),      cmocka_unit_test(test_rfc7515),
        cmocka_unit_test(test_wycheproof_jws),        cmocka_unit_test(test_wycheproof_primitives),
        cmocka_unit_test(test_jwks_rules),
    };
    return cmocka_run_group_tests_name("tokens", tests, NULL, NULL);
}

/*
 * The shared conformance set (tests/vectors/conformance.json), which every
 * binding also runs: canonical forms, digests, the envelope a fixed key
 * signs (byte for byte as OpenSSL's signature gives it), verification and
 * trusted-publisher matching outcomes.
 */
#include <cjson/cJSON.h>

#include "support.h"

static cJSON *conf;

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void canonical_forms(void **state)
{
    (void)state;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(conf, "canonical"))
    {
        const char *in = str(c, "input"), *error = str(c, "error");
        if (error != NULL) {
            ssr_doc *doc = NULL;
            ssr_report *report = NULL;
            assert_int_equal(ssr_doc_parse(in, strlen(in), NULL, &doc, &report), SSR_EINVALID);
            assert_string_equal(ssr_diag_code(report, 0), error);
            ssr_report_free(report);
            continue;
        }
        char *out = canonical_of(in, strlen(in));
        assert_string_equal(out, str(c, "output"));
        ssr_free(out);
    }
}

static void digests(void **state)
{
    (void)state;
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(conf, "digests"))
    {
        const char *alg = str(d, "alg"), *data = str(d, "data");
        char *hex = NULL;
        assert_int_equal(ssr_digest(ssr_digest_from_name(alg, strlen(alg)), data, strlen(data), &hex), SSR_OK);
        assert_string_equal(hex, str(d, "hex"));
        ssr_free(hex);
    }
}

static void signing_and_verification(void **state)
{
    (void)state;
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(conf, "keys");
    const char *secret = str(keys, "secret");
    ssr_secret_key *key = NULL;
    assert_int_equal(ssr_secret_key_parse(secret, strlen(secret), &key), SSR_OK);
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(conf, "sign"))
    {
        const char *payload = str(s, "payload"), *type = str(s, "payload_type");
        char *env = NULL;
        size_t len = 0;
        assert_int_equal(ssr_dsse_sign(payload, strlen(payload), type, strlen(type), key, NULL, 0, &env, &len), SSR_OK);
        assert_string_equal(env, str(s, "envelope"));
        ssr_free(env);
    }
    ssr_secret_key_free(key);

    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(conf, "verify"))
    {
        ssr_keyring *ring = ssr_keyring_new();
        assert_non_null(ring);
        const cJSON *name;
        cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(v, "keys"))
        {
            const char *pem = str(keys, name->valuestring);
            ssr_public_key *pub = NULL;
            assert_int_equal(ssr_public_key_parse(pem, strlen(pem), &pub), SSR_OK);
            assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK);
            ssr_public_key_free(pub);
        }
        const char *env = str(v, "envelope"), *error = str(v, "error");
        unsigned char *payload = NULL;
        size_t len = 0;
        int status = ssr_dsse_verify(env, strlen(env), ring,
                                     (size_t)cJSON_GetObjectItemCaseSensitive(v, "threshold")->valuedouble, &payload,
                                     &len, NULL, NULL, NULL);
        if (error == NULL) {
            assert_int_equal(status, SSR_OK);
            assert_string_equal((char *)payload, str(v, "payload"));
        } else {
            assert_int_equal(status, strcmp(error, "verification") == 0 ? SSR_EVERIFY : SSR_EINVALID);
        }
        ssr_free(payload);
        ssr_keyring_free(ring);
    }
}

static void matching(void **state)
{
    (void)state;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(conf, "match"))
    {
        const char *policy = str(m, "policy"), *claims = str(m, "claims");
        ssr_tp_result *r = NULL;
        assert_int_equal(ssr_tp_match(policy, strlen(policy), claims, strlen(claims),
                                      (int64_t)cJSON_GetObjectItemCaseSensitive(m, "now")->valuedouble, 0, &r, NULL),
                         cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "matched")) ? SSR_OK : SSR_ENOMATCH);
        assert_int_equal(ssr_tp_matched(r), cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "matched")));
        assert_string_equal(ssr_tp_jti(r), str(m, "jti"));
        const char *failed = str(m, "failed_claim");
        if (failed == NULL)
            assert_null(ssr_tp_failed_claim(r));
        else
            assert_string_equal(ssr_tp_failed_claim(r), failed);
        ssr_tp_result_free(r);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CONFORMANCE_JSON\n", argv[0]);
        return 2;
    }
    size_t len;
    char *text = read_file(argv[1], &len);
    conf = cJSON_ParseWithLength(text, len);
    free(text);
    if (conf == NULL)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_forms),
        cmocka_unit_test(digests),
        cmocka_unit_test(signing_and_verification),
        cmocka_unit_test(matching),
    };
    int failed = cmocka_run_group_tests_name("conformance", tests, NULL, NULL);
    cJSON_Delete(conf);
    return failed;
}

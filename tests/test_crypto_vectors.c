/*
 * The shared corpora's signature vectors: every Wycheproof Ed25519 case
 * gets exactly its expected verdict, each group's PEM and DER key imports
 * to the same key, and the derived Ed25519 DSSE vectors are reproduced
 * byte for byte from their seed and verified.
 */
#include <cjson/cJSON.h>
#include <sodium.h>

#include "support.h"

static const char *corpus;

static cJSON *load_json(const char *sub)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", corpus, sub);
    char *text = read_file(path, &len);
    cJSON *json = cJSON_ParseWithLength(text, len);
    free(text);
    assert_non_null(json);
    return json;
}

static unsigned char *unhex(const char *hex, size_t *len)
{
    size_t max = strlen(hex) / 2 + 1;
    unsigned char *out = malloc(max);
    assert_non_null(out);
    assert_int_equal(sodium_hex2bin(out, max, hex, strlen(hex), NULL, len, NULL), 0);
    return out;
}

static const char *str(const cJSON *object, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
    assert_true(cJSON_IsString(item));
    return item->valuestring;
}

static void wycheproof_verdicts_hold(void **state)
{
    (void)state;
    cJSON *suite = load_json("wycheproof/ed25519_test.json");
    size_t cases = 0, failures = 0, groups = 0;
    const cJSON *group;
    cJSON_ArrayForEach(group, cJSON_GetObjectItemCaseSensitive(suite, "testGroups"))
    {
        const cJSON *pk = cJSON_GetObjectItemCaseSensitive(group, "publicKey");
        ssr_public_key *from_hex = NULL, *from_pem = NULL, *from_der = NULL;
        const char *hex = str(pk, "pk"), *pem = str(group, "publicKeyPem");
        size_t der_len;
        unsigned char *der = unhex(str(group, "publicKeyDer"), &der_len);
        assert_int_equal(ssr_public_key_parse(hex, strlen(hex), &from_hex), SSR_OK);
        assert_int_equal(ssr_public_key_parse(pem, strlen(pem), &from_pem), SSR_OK);
        assert_int_equal(ssr_public_key_parse(der, der_len, &from_der), SSR_OK);
        assert_string_equal(ssr_public_key_id(from_hex), ssr_public_key_id(from_pem));
        assert_string_equal(ssr_public_key_id(from_hex), ssr_public_key_id(from_der));
        free(der);
        groups++;
        const cJSON *test;
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests"))
        {
            size_t msg_len, sig_len;
            unsigned char *msg = unhex(str(test, "msg"), &msg_len), *sig = unhex(str(test, "sig"), &sig_len);
            bool want = strcmp(str(test, "result"), "valid") == 0;
            int got = ssr_ed25519_verify(from_hex, msg, msg_len, sig, sig_len);
            if ((got == SSR_OK) != want || (got != SSR_OK && got != SSR_EVERIFY)) {
                printf("FAIL Wycheproof tcId %d: want %s, got %s\n",
                       cJSON_GetObjectItemCaseSensitive(test, "tcId")->valueint, want ? "valid" : "invalid",
                       ssr_strerror(got));
                failures++;
            }
            cases++;
            free(msg);
            free(sig);
        }
        ssr_public_key_free(from_hex);
        ssr_public_key_free(from_pem);
        ssr_public_key_free(from_der);
    }
    printf("Wycheproof Ed25519: %zu of %zu cases as expected, %zu key groups imported alike\n", cases - failures,
           cases, groups);
    assert_int_equal(cases, 151);
    assert_int_equal(failures, 0);
    cJSON_Delete(suite);
}

static char *canonical_json(const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    ssr_doc *doc = NULL;
    assert_int_equal(ssr_doc_parse(text, strlen(text), NULL, &doc, NULL), SSR_OK);
    cJSON_free(text);
    char *out = NULL;
    assert_int_equal(ssr_doc_canonical(doc, &out, NULL), SSR_OK);
    ssr_doc_free(doc);
    return out;
}

static void derived_dsse_vectors_are_reproduced(void **state)
{
    (void)state;
    cJSON *file = load_json("attestations/derived/dsse-ed25519-vectors.json");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(file, "key");
    ssr_secret_key *key = secret_key_from_seed(str(k, "seed_hex"));
    ssr_public_key *pub = NULL, *given = NULL;
    assert_int_equal(ssr_secret_key_public(key, &pub), SSR_OK);
    assert_int_equal(ssr_public_key_parse(str(k, "public_hex"), 64, &given), SSR_OK);
    assert_string_equal(ssr_public_key_id(pub), ssr_public_key_id(given));
    ssr_keyring *ring = ssr_keyring_new();
    assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK);
    const char *keyid = str(k, "keyid");

    /* the key's raw signature over "test message" */
    size_t sig_len;
    unsigned char *sig = unhex(str(file, "sanity_raw_sig_over_test_message_hex"), &sig_len);
    assert_int_equal(ssr_ed25519_verify(pub, "test message", 12, sig, sig_len), SSR_OK);
    free(sig);

    size_t count = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(file, "vectors"))
    {
        const char *type = str(v, "payloadType");
        const cJSON *envelope = cJSON_GetObjectItemCaseSensitive(v, "envelope");
        const cJSON *payload_hex = cJSON_GetObjectItemCaseSensitive(v, "payload_hex");
        const cJSON *pae_hex = cJSON_GetObjectItemCaseSensitive(v, "pae_hex");
        size_t payload_len;
        unsigned char *payload;
        if (cJSON_IsString(payload_hex)) {
            payload = unhex(payload_hex->valuestring, &payload_len);
        } else { /* a long payload is given only inside its envelope */
            const char *b64 = str(envelope, "payload");
            payload = malloc(strlen(b64) + 1);
            assert_int_equal(sodium_base642bin(payload, strlen(b64), b64, strlen(b64), NULL, &payload_len, NULL,
                                               sodium_base64_VARIANT_ORIGINAL),
                             0);
        }
        unsigned char *pae = NULL;
        size_t got_len = 0;
        assert_int_equal(ssr_dsse_pae(type, strlen(type), payload, payload_len, &pae, &got_len), SSR_OK);
        if (cJSON_IsString(pae_hex)) {
            size_t pae_len;
            unsigned char *want_pae = unhex(pae_hex->valuestring, &pae_len);
            assert_int_equal(got_len, pae_len);
            assert_memory_equal(pae, want_pae, pae_len);
            free(want_pae);
        }
        char *pae_sha256 = NULL;
        assert_int_equal(ssr_digest(SSR_DIGEST_SHA256, pae, got_len, &pae_sha256), SSR_OK);
        assert_string_equal(pae_sha256, str(v, "pae_sha256"));
        ssr_free(pae_sha256);
        ssr_free(pae);

        char *env = NULL;
        size_t env_len = 0;
        assert_int_equal(ssr_dsse_sign(payload, payload_len, type, strlen(type), key, keyid, strlen(keyid), &env,
                                       &env_len),
                         SSR_OK);
        char *want = canonical_json(envelope);
        if (strcmp(env, want) != 0)
            fail_msg("%s: envelope differs:\n got %s\nwant %s", str(v, "name"), env, want);
        ssr_free(want);

        unsigned char *verified = NULL;
        size_t verified_len = 0;
        assert_int_equal(ssr_dsse_verify(env, env_len, ring, 1, &verified, &verified_len, NULL, NULL, NULL), SSR_OK);
        assert_int_equal(verified_len, payload_len);
        assert_memory_equal(verified, payload, payload_len);
        ssr_free(verified);
        ssr_free(env);
        free(payload);
        count++;
    }
    printf("derived DSSE vectors: %zu reproduced byte for byte and verified\n", count);
    assert_int_equal(count, 4);
    ssr_keyring_free(ring);
    ssr_public_key_free(pub);
    ssr_public_key_free(given);
    ssr_secret_key_free(key);
    cJSON_Delete(file);
}

int main(void)
{
    corpus = getenv("SSR_CORPUS");
    if (corpus_dir("wycheproof") == NULL || corpus_dir("attestations/derived") == NULL)
        return TEST_SKIPPED;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wycheproof_verdicts_hold),
        cmocka_unit_test(derived_dsse_vectors_are_reproduced),
    };
    return cmocka_run_group_tests_name("signature vectors", tests, NULL, NULL);
}

/*
 * The signature primitives under ECDSA and RSA keys against Wycheproof
 * (../shared/corpus/jose/wycheproof): every test of the ECDSA (DER) files
 * and of the RSA PKCS#1 v1.5 and PSS files gives the file's verdict, with
 * the parameters the file states (a verdict "acceptable" may go either
 * way; each one is counted). Then the policy libssr applies to keys it is
 * handed (ssr_public_key_verify): SHA-256 for P-256, SHA-384 for P-384,
 * PKCS#1 v1.5 or PSS with a 32-byte salt over SHA-256 for RSA.
 */
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cjson/cJSON.h>

#include "crypto/crypto.h"
#include "support.h"

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

static const EVP_MD *md_named(const char *name)
{
    return strcmp(name, "SHA-1") == 0     ? EVP_sha1()
           : strcmp(name, "SHA-224") == 0 ? EVP_sha224()
           : strcmp(name, "SHA-256") == 0 ? EVP_sha256()
           : strcmp(name, "SHA-384") == 0 ? EVP_sha384()
           : strcmp(name, "SHA-512") == 0 ? EVP_sha512()
           : strcmp(name, "SHA-512/224") == 0 ? EVP_sha512_224()
           : strcmp(name, "SHA-512/256") == 0 ? EVP_sha512_256()
           : strcmp(name, "SHA3-224") == 0 ? EVP_sha3_224()
           : strcmp(name, "SHA3-256") == 0 ? EVP_sha3_256()
           : strcmp(name, "SHA3-384") == 0 ? EVP_sha3_384()
           : strcmp(name, "SHA3-512") == 0 ? EVP_sha3_512()
                                           : NULL;
}

typedef struct tally {
    size_t tests, agree, acceptable;
} tally;

/* Runs one Wycheproof file; each test's verdict must be the file's. */
static tally run_file(const char *name)
{
    const char *dir = corpus_dir("jose");
    char path[4096];
    snprintf(path, sizeof path, "%s/wycheproof/%s", dir, name);
    size_t len;
    char *text = read_file(path, &len);
    cJSON *file = cJSON_ParseWithLength(text, len);
    assert_non_null(file);
    const char *algorithm = cJSON_GetObjectItemCaseSensitive(file, "algorithm")->valuestring;
    tally t = {0};
    const cJSON *group;
    cJSON_ArrayForEach(group, cJSON_GetObjectItemCaseSensitive(file, "testGroups"))
    {
        size_t der_len;
        unsigned char *der = unhex(cJSON_GetObjectItemCaseSensitive(group, "publicKeyDer")->valuestring, &der_len);
        ssr_public_key *key = NULL;
        assert_int_equal(ssri_public_key_from_spki(der, der_len, &key), SSR_OK);
        free(der);
        ssri_sig_params params = {.md = md_named(cJSON_GetObjectItemCaseSensitive(group, "sha")->valuestring)};
        assert_non_null(params.md);
        if (strcmp(algorithm, "RSASSA-PKCS1-v1_5") == 0) {
            params.padding = RSA_PKCS1_PADDING;
        } else if (strcmp(algorithm, "RSASSA-PSS") == 0) {
            params.padding = RSA_PKCS1_PSS_PADDING;
            params.mgf1_md = md_named(cJSON_GetObjectItemCaseSensitive(group, "mgfSha")->valuestring);
            params.salt_len = cJSON_GetObjectItemCaseSensitive(group, "sLen")->valueint;
            assert_non_null(params.mgf1_md);
        }
        const cJSON *test;
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests"))
        {
            size_t msg_len, sig_len;
            unsigned char *msg = unhex(cJSON_GetObjectItemCaseSensitive(test, "msg")->valuestring, &msg_len);
            unsigned char *sig = unhex(cJSON_GetObjectItemCaseSensitive(test, "sig")->valuestring, &sig_len);
            const char *result = cJSON_GetObjectItemCaseSensitive(test, "result")->valuestring;
            int status = ssri_verify_message(key, &params, msg, msg_len, sig, sig_len);
            assert_true(status == SSR_OK || status == SSR_EVERIFY);
            bool want = strcmp(result, "valid") == 0;
            t.tests++;
            if (strcmp(result, "acceptable") == 0) {
                t.acceptable++;
                t.agree++;
            } else if ((status == SSR_OK) == want) {
                t.agree++;
            } else {
                printf("FAIL %s tcId %d (%s): %s\n", name, cJSON_GetObjectItemCaseSensitive(test, "tcId")->valueint,
                       result, status == SSR_OK ? "verified" : "refused");
            }
            free(msg);
            free(sig);
        }
        ssr_public_key_free(key);
    }
    cJSON_Delete(file);
    free(text);
    printf("%s: %zu tests, %zu as the file says (%zu acceptable)\n", name, t.tests, t.agree, t.acceptable);
    return t;
}

static void wycheproof_verdicts_hold(void **state)
{
    (void)state;
    if (corpus_dir("jose") == NULL)
        skip();
    static const char *const files[] = {
        "ecdsa_secp256r1_sha256_test.json",     "ecdsa_secp384r1_sha384_test.json",
        "rsa_signature_2048_sha256_test.json",  "rsa_signature_3072_sha256_test.json",
        "rsa_signature_4096_sha256_test.json",  "rsa_pss_2048_sha256_mgf1_0_test.json",
        "rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_3072_sha256_mgf1_32_test.json",
        "rsa_pss_4096_sha256_mgf1_32_test.json", "rsa_pss_misc_test.json",
    };
    size_t tests = 0, agree = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        tally t = run_file(files[i]);
        tests += t.tests;
        agree += t.agree;
    }
    printf("Wycheproof ECDSA and RSA: %zu tests, %zu as the files say\n", tests, agree);
    assert_true(tests > 1800);
    assert_int_equal(agree, tests);
}

/* ssr_public_key_verify takes each key's one scheme: a PSS salt of 0 is not RSA's 32-byte salt. */
static void public_keys_verify_their_scheme(void **state)
{
    (void)state;
    const char *dir = corpus_dir("jose");
    if (dir == NULL)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/wycheproof/rsa_pss_2048_sha256_mgf1_0_test.json", dir);
    size_t len;
    char *text = read_file(path, &len);
    cJSON *file = cJSON_ParseWithLength(text, len);
    const cJSON *group = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(file, "testGroups"), 0);
    const char *pem = cJSON_GetObjectItemCaseSensitive(group, "publicKeyPem")->valuestring;
    ssr_public_key *key = NULL;
    assert_int_equal(ssr_public_key_parse(pem, strlen(pem), &key), SSR_OK);
    assert_int_equal(ssr_public_key_type(key), SSR_KEY_RSA);
    size_t valid = 0;
    const cJSON *test;
    cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(test, "result")->valuestring, "valid") != 0)
            continue;
        size_t msg_len, sig_len;
        unsigned char *msg = unhex(cJSON_GetObjectItemCaseSensitive(test, "msg")->valuestring, &msg_len);
        unsigned char *sig = unhex(cJSON_GetObjectItemCaseSensitive(test, "sig")->valuestring, &sig_len);
        assert_int_equal(ssr_public_key_verify(key, msg, msg_len, sig, sig_len), SSR_EVERIFY);
        valid++;
        free(msg);
        free(sig);
    }
    assert_true(valid > 0);
    ssr_public_key_free(key);
    cJSON_Delete(file);
    free(text);
}

/*
 * When OpenSSL itself fails (here: a PSS salt length it refuses to set),
 * the status is SSR_ECRYPTO: never SSR_EVERIFY, which would read as a
 * verdict on the signature, nor SSR_ENOMEM, which would send a caller
 * looking for memory.
 */
static void openssl_failures_have_their_own_status(void **state)
{
    (void)state;
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    assert_non_null(rsa);
    ssr_public_key *key = NULL;
    assert_int_equal(ssri_public_key_from_pkey(rsa, &key), SSR_OK);
    unsigned char digest[32] = {0}, sig[256] = {0};
    ssri_sig_params params = {.md = EVP_sha256(), .padding = RSA_PKCS1_PSS_PADDING, .salt_len = -1000};
    assert_int_equal(ssri_verify_digest(key, &params, digest, sizeof digest, sig, sizeof sig), SSR_ECRYPTO);
    assert_int_equal(ssri_verify_message(key, &params, digest, sizeof digest, sig, sizeof sig), SSR_ECRYPTO);
    params.salt_len = RSA_PSS_SALTLEN_DIGEST;
    assert_int_equal(ssri_verify_digest(key, &params, digest, sizeof digest, sig, sizeof sig), SSR_EVERIFY);
    assert_string_equal(ssr_strerror(SSR_ECRYPTO), "the cryptography library failed");
    ssr_public_key_free(key);
    EVP_PKEY_free(rsa);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(openssl_failures_have_their_own_status),
        cmocka_unit_test(wycheproof_verdicts_hold),
        cmocka_unit_test(public_keys_verify_their_scheme),
    };
    return cmocka_run_group_tests_name("signatures", tests, NULL, NULL);
}

/*
 * Managed keys beyond Ed25519: ECDSA P-256 and P-384 and RSA public keys
 * (PEM or DER SubjectPublicKeyInfo) read, identified, written back and
 * used for DSSE thresholds; other curves and small RSA keys refused. The
 * signatures are made here with OpenSSL, the way other signers make them.
 */
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "support.h"

/* The DSSE specification's own test vector (protocol.md): P-256, SHA-256, a raw r || s signature. */
static const char spec_key[] = "-----BEGIN PUBLIC KEY-----\n"
                               "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZ805D3eqNZywjCI19lInBJOp7YMr\n"
                               "CrzAH3CVTAOQ0jgMeCvVTiaRJaRPRDOv8UMs6U4SvKc6pnrIDOoSYI3fdA==\n"
                               "-----END PUBLIC KEY-----\n";
static const char spec_envelope[] =
    "{\"payload\": \"aGVsbG8gd29ybGQ=\", \"payloadType\": \"http://example.com/HelloWorld\", \"signatures\": "
    "[{\"sig\": \"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==\"}]}";

static EVP_PKEY *generate(const char *type, const char *param)
{
    EVP_PKEY *key = strcmp(type, "RSA") == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)atoi(param))
                                             : EVP_PKEY_Q_keygen(NULL, NULL, "EC", param);
    assert_non_null(key);
    return key;
}

/* The PEM SubjectPublicKeyInfo of an OpenSSL key, as libc memory. */
static char *public_pem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PUBKEY(bio, key), 1);
    char *data;
    long n = BIO_get_mem_data(bio, &data);
    char *out = malloc((size_t)n + 1);
    memcpy(out, data, (size_t)n);
    out[n] = '\0';
    BIO_free(bio);
    return out;
}

/* A DSSE signature (base64) over the PAE, made by OpenSSL with the key's usual digest (and PSS for one RSA case). */
static char *sign_pae(EVP_PKEY *key, const char *type, const char *payload, bool pss)
{
    unsigned char *pae = NULL;
    size_t pae_len = 0;
    assert_int_equal(ssr_dsse_pae(type, strlen(type), payload, strlen(payload), &pae, &pae_len), SSR_OK);
    const EVP_MD *md = EVP_PKEY_get_bits(key) == 384 ? EVP_sha384() : EVP_sha256();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    assert_int_equal(EVP_DigestSignInit(ctx, &pctx, md, NULL, key), 1);
    if (pss) {
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32), 1);
    }
    unsigned char sig[1024];
    size_t sig_len = sizeof sig;
    assert_int_equal(EVP_DigestSign(ctx, sig, &sig_len, pae, pae_len), 1);
    EVP_MD_CTX_free(ctx);
    ssr_free(pae);
    char *b64 = malloc(sig_len * 2 + 8);
    assert_int_equal(EVP_EncodeBlock((unsigned char *)b64, sig, (int)sig_len), (int)(4 * ((sig_len + 2) / 3)));
    return b64;
}

static void the_dsse_specification_vector_verifies(void **state)
{
    (void)state;
    ssr_public_key *key = NULL;
    assert_int_equal(ssr_public_key_parse(spec_key, strlen(spec_key), &key), SSR_OK);
    assert_int_equal(ssr_public_key_type(key), SSR_KEY_ECDSA_P256);
    unsigned char raw[SSR_ED25519_PUBLIC_KEY_BYTES] = {0};
    assert_int_equal(ssr_public_key_bytes(key, raw), SSR_EINVAL); /* no raw form: never zeros that look like a key */
    ssr_keyring *ring = ssr_keyring_new();
    assert_int_equal(ssr_keyring_add(ring, key), SSR_OK);
    unsigned char *payload = NULL;
    size_t payload_len = 0, verified = 0;
    char *type = NULL;
    assert_int_equal(ssr_dsse_verify(spec_envelope, strlen(spec_envelope), ring, 1, &payload, &payload_len, &type,
                                     &verified, NULL),
                     SSR_OK);
    assert_int_equal(payload_len, 11);
    assert_memory_equal(payload, "hello world", 11);
    assert_string_equal(type, "http://example.com/HelloWorld");
    ssr_free(payload);
    ssr_free(type);
    /* the same signature over another payload type does not verify */
    char tampered[sizeof spec_envelope];
    memcpy(tampered, spec_envelope, sizeof spec_envelope);
    memcpy(strstr(tampered, "HelloWorld"), "HelloWorle", 10);
    assert_int_equal(ssr_dsse_verify(tampered, strlen(tampered), ring, 1, NULL, NULL, NULL, &verified, NULL), SSR_EVERIFY);
    assert_int_equal(verified, 0);
    ssr_keyring_free(ring);
    ssr_public_key_free(key);
}

/* Ed25519, P-256, P-384 and RSA keys sign one envelope; the threshold counts the distinct keys that verified. */
static void thresholds_count_keys_of_every_kind(void **state)
{
    (void)state;
    static const struct {
        const char *type, *param;
        int kind;
        bool pss;
    } kinds[] = {
        {"EC", "P-256", SSR_KEY_ECDSA_P256, false},
        {"EC", "P-384", SSR_KEY_ECDSA_P384, false},
        {"RSA", "2048", SSR_KEY_RSA, false},
        {"RSA", "3072", SSR_KEY_RSA, true},
    };
    const char *payload = "{\"release\":\"1.0\"}", *type = "application/vnd.example+json";
    char envelope[16384];
    size_t n = (size_t)snprintf(envelope, sizeof envelope,
                                "{\"payload\":\"eyJyZWxlYXNlIjoiMS4wIn0=\",\"payloadType\":\"%s\",\"signatures\":[", type);
    ssr_keyring *ring = ssr_keyring_new();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        EVP_PKEY *k = generate(kinds[i].type, kinds[i].param);
        char *pem = public_pem(k);
        ssr_public_key *pub = NULL;
        assert_int_equal(ssr_public_key_parse(pem, strlen(pem), &pub), SSR_OK);
        assert_int_equal(ssr_public_key_type(pub), kinds[i].kind);
        assert_int_equal(strlen(ssr_public_key_id(pub)), 64);
        /* written back as the same PEM, read again as the same key */
        char *again = NULL;
        size_t again_len = 0;
        assert_int_equal(ssr_public_key_pem(pub, &again, &again_len), SSR_OK);
        assert_string_equal(again, pem);
        ssr_free(again);
        assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK);
        assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK); /* the same key twice is one key */
        char *sig = sign_pae(k, type, payload, kinds[i].pss);
        n += (size_t)snprintf(envelope + n, sizeof envelope - n, "%s{\"sig\":\"%s\"}", i ? "," : "", sig);
        /* the signature twice: counted once */
        n += (size_t)snprintf(envelope + n, sizeof envelope - n, ",{\"sig\":\"%s\"}", sig);
        free(sig);
        free(pem);
        ssr_public_key_free(pub);
        EVP_PKEY_free(k);
    }
    snprintf(envelope + n, sizeof envelope - n, "]}");
    assert_int_equal(ssr_keyring_count(ring), 4);
    size_t verified = 0;
    assert_int_equal(ssr_dsse_verify(envelope, strlen(envelope), ring, 4, NULL, NULL, NULL, &verified, NULL), SSR_OK);
    assert_int_equal(verified, 4);
    assert_int_equal(ssr_dsse_verify(envelope, strlen(envelope), ring, 5, NULL, NULL, NULL, &verified, NULL),
                     SSR_EVERIFY);
    ssr_keyring_free(ring);
}

static void other_keys_are_refused(void **state)
{
    (void)state;
    static const struct {
        const char *type, *param;
    } refused[] = {{"RSA", "1024"}, {"EC", "P-521"}, {"EC", "secp256k1"}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        EVP_PKEY *k = generate(refused[i].type, refused[i].param);
        char *pem = public_pem(k);
        ssr_public_key *pub = (ssr_public_key *)1;
        assert_int_equal(ssr_public_key_parse(pem, strlen(pem), &pub), SSR_EINVALID);
        assert_null(pub);
        unsigned char *der = NULL;
        int der_len = i2d_PUBKEY(k, &der);
        assert_int_equal(ssr_public_key_parse(der, (size_t)der_len, &pub), SSR_EINVALID);
        OPENSSL_free(der);
        free(pem);
        EVP_PKEY_free(k);
    }
    /* DER followed by anything is not a key */
    EVP_PKEY *k = generate("EC", "P-256");
    unsigned char *der = NULL;
    int der_len = i2d_PUBKEY(k, &der);
    unsigned char longer[200];
    memcpy(longer, der, (size_t)der_len);
    longer[der_len] = 0;
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_public_key_parse(longer, (size_t)der_len, &pub), SSR_OK);
    ssr_public_key_free(pub);
    assert_int_equal(ssr_public_key_parse(longer, (size_t)der_len + 1, &pub), SSR_EINVALID);
    OPENSSL_free(der);
    EVP_PKEY_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_dsse_specification_vector_verifies),
        cmocka_unit_test(thresholds_count_keys_of_every_kind),
        cmocka_unit_test(other_keys_are_refused),
    };
    return cmocka_run_group_tests_name("managed keys", tests, NULL, NULL);
}

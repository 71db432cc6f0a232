/*
 * Digests, keys, DSSE and subject matching: known answers, the shared
 * corpora's vectors (Wycheproof, the derived Ed25519 DSSE vectors) and
 * hostile envelopes, each failing with its own status.
 */
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

/* The public go-securesystemslib test key of the derived DSSE vectors. */
static const char seed_hex[] = "66f6ebad4aeb949b91c84c9cfd6ee351fc4fd544744bab6e30fb400ba13c6e9a";
static const char public_hex[] = "3f586ce67329419fb0081bd995914e866a7205da463d593b3b490eab2b27fd3f";

static void unhex(const char *hex, unsigned char *out, size_t size, size_t *len)
{
    assert_int_equal(sodium_hex2bin(out, size, hex, strlen(hex), NULL, len, NULL), 0);
}

static ssr_public_key *public_key(const char *text)
{
    ssr_public_key *key = NULL;
    assert_int_equal(ssr_public_key_parse(text, strlen(text), &key), SSR_OK);
    return key;
}

static ssr_keyring *ring_of(const ssr_public_key *a, const ssr_public_key *b)
{
    ssr_keyring *ring = ssr_keyring_new();
    assert_int_equal(ssr_keyring_add(ring, a), SSR_OK);
    if (b != NULL)
        assert_int_equal(ssr_keyring_add(ring, b), SSR_OK);
    return ring;
}

/* ---- digests ------------------------------------------------------------ */

static void digests_give_known_answers(void **state)
{
    (void)state;
    static const struct {
        int alg;
        const char *hex;
    } abc[] = {
        {SSR_DIGEST_SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {SSR_DIGEST_SHA512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                            "454d4423643ce80e2a9ac94fa54ca49f"},
        {SSR_DIGEST_BLAKE2B_512, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5d"
                                 "e4533cc9518d38aa8dbf1925ab92386edd4009923"},
        {SSR_DIGEST_BLAKE2B_256, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
    };
    for (size_t i = 0; i < sizeof abc / sizeof abc[0]; i++) {
        char *hex = NULL;
        assert_int_equal(ssr_digest(abc[i].alg, "abc", 3, &hex), SSR_OK);
        assert_string_equal(hex, abc[i].hex);
        ssr_free(hex);
        /* streamed in pieces, the same */
        ssr_hasher *h = ssr_hasher_new(abc[i].alg);
        assert_int_equal(ssr_hasher_update(h, "a", 1), SSR_OK);
        assert_int_equal(ssr_hasher_update(h, "bc", 2), SSR_OK);
        assert_int_equal(ssr_hasher_final(h, &hex), SSR_OK);
        assert_string_equal(hex, abc[i].hex);
        assert_int_equal(ssr_hasher_update(h, "x", 1), SSR_EINVAL); /* finished */
        ssr_free(hex);
        ssr_hasher_free(h);
    }
    assert_int_equal(ssr_digest_from_name("blake2b-256", 11), SSR_DIGEST_BLAKE2B_256);
    assert_int_equal(ssr_digest_from_name("md5", 3), SSR_EINVAL);
    assert_string_equal(ssr_digest_name(SSR_DIGEST_SHA512), "sha512");
    assert_int_equal(ssr_digest_size(SSR_DIGEST_BLAKE2B_256), 32);
    assert_null(ssr_hasher_new(99));
    char *hex = (char *)1;
    assert_int_equal(ssr_digest(99, "x", 1, &hex), SSR_EINVAL);
    assert_null(hex);
}

static void file_digests_read_once(void **state)
{
    (void)state;
    char path[] = "/tmp/ssr-digest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static char block[100000];
    memset(block, 'q', sizeof block);
    assert_int_equal(write(fd, block, sizeof block), (ssize_t)sizeof block);
    close(fd);
    int algs[] = {SSR_DIGEST_SHA256, SSR_DIGEST_BLAKE2B_512};
    char *hex[2];
    assert_int_equal(ssr_digest_file(path, algs, 2, hex), SSR_OK);
    for (int i = 0; i < 2; i++) {
        char *want = NULL;
        assert_int_equal(ssr_digest(algs[i], block, sizeof block, &want), SSR_OK);
        assert_string_equal(hex[i], want);
        ssr_free(want);
        ssr_free(hex[i]);
    }
    unlink(path);
    assert_int_equal(ssr_digest_file(path, algs, 2, hex), SSR_EIO);
    assert_null(hex[0]);
}

/* ---- keys --------------------------------------------------------------- */

static void public_keys_read_every_form(void **state)
{
    (void)state;
    unsigned char raw[32];
    size_t n;
    unhex(public_hex, raw, sizeof raw, &n);
    char b64[64], pem[256];
    sodium_bin2base64(b64, sizeof b64, raw, 32, sodium_base64_VARIANT_ORIGINAL);
    unsigned char der[44] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    memcpy(der + 12, raw, 32);
    char der64[80];
    sodium_bin2base64(der64, sizeof der64, der, sizeof der, sodium_base64_VARIANT_ORIGINAL);
    snprintf(pem, sizeof pem, "-----BEGIN PUBLIC KEY-----\r\n%s\r\n-----END PUBLIC KEY-----\r\n", der64);
    const char *forms[] = {public_hex, b64, pem};
    for (size_t i = 0; i < 3; i++) {
        ssr_public_key *key = public_key(forms[i]);
        unsigned char got[SSR_ED25519_PUBLIC_KEY_BYTES];
        assert_int_equal(ssr_public_key_bytes(key, got), SSR_OK);
        assert_memory_equal(got, raw, 32);
        assert_int_equal(ssr_ed25519_public_key_bytes(), sizeof got);
        /* the key id is SHA-256 of the DER */
        assert_string_equal(ssr_public_key_id(key), "e7b31174d91bcc43fd2216c297d91d6d8a32d6c3066b96b68f6bf9543828f0e1");
        ssr_public_key_free(key);
    }
    ssr_public_key *key = NULL;
    assert_int_equal(ssr_public_key_parse(der, sizeof der, &key), SSR_OK);
    char *out = NULL;
    assert_int_equal(ssr_public_key_pem(key, &out, NULL), SSR_OK);
    assert_non_null(strstr(out, der64));
    ssr_free(out);
    ssr_public_key_free(key);
    /* not keys */
    const char *bad[] = {"", "zz", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                         "3F586CE67329419FB0081BD995914E866A7205DA463D593B3B490EAB2B27FD3G"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(ssr_public_key_parse(bad[i], strlen(bad[i]), &key), SSR_EINVALID);
        assert_null(key);
    }
    der[3] = 0x06; /* another algorithm's identifier */
    assert_int_equal(ssr_public_key_parse(der, sizeof der, &key), SSR_EINVALID);
}

/*
 * libsodium 1.0.18 decodes bytes of 0x80 and above as '/': a key whose
 * base64 has one in place of a '/' must still be refused, not read as
 * the key it resembles.
 */
static void key_base64_with_bytes_above_ascii_is_refused(void **state)
{
    (void)state;
    ssr_secret_key *key = secret_key_from_seed(seed_hex);
    char *pem = NULL;
    size_t len = 0;
    assert_int_equal(ssr_secret_key_pem(key, &pem, &len), SSR_OK);
    char *body = pem + strlen("-----BEGIN PRIVATE KEY-----\n");
    ssr_secret_key *read = NULL;
    for (size_t i = 0; body[i] != '\n'; i++) {
        char kept = body[i];
        body[i] = '\x80';
        assert_int_equal(ssr_secret_key_parse(pem, len, &read), SSR_EINVALID);
        assert_null(read);
        body[i] = kept;
    }
    assert_int_equal(ssr_secret_key_parse(pem, len, &read), SSR_OK);
    ssr_secret_key_free(read);
    ssr_secret_free(pem);
    ssr_secret_key_free(key);

    unsigned char raw[32] = {0};
    memset(raw, 0xff, sizeof raw); /* base64 of all-ones bytes is mostly '/' */
    char b64[64];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_public_key_parse(b64, strlen(b64), &pub), SSR_OK);
    ssr_public_key_free(pub);
    pub = NULL;
    b64[0] = '\xff';
    assert_int_equal(ssr_public_key_parse(b64, strlen(b64), &pub), SSR_EINVALID);
    assert_null(pub);
}

static void secret_keys_round_trip_in_guarded_memory(void **state)
{
    (void)state;
    ssr_secret_key *key = secret_key_from_seed(seed_hex);
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_secret_key_public(key, &pub), SSR_OK);
    unsigned char raw[32], want[32];
    size_t n;
    assert_int_equal(ssr_public_key_bytes(pub, raw), SSR_OK);
    unhex(public_hex, want, sizeof want, &n);
    assert_memory_equal(raw, want, 32);
    char *pem = NULL;
    size_t len = 0;
    assert_int_equal(ssr_secret_key_pem(key, &pem, &len), SSR_OK);
    assert_true(strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0);
    ssr_secret_key *again = NULL;
    assert_int_equal(ssr_secret_key_parse(pem, len, &again), SSR_OK);
    ssr_secret_free(pem);

    /* a new file, mode 0600, never overwritten */
    char dir[] = "/tmp/ssr-keys-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/k.key", dir);
    assert_int_equal(ssr_secret_key_write_file(again, path), SSR_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(ssr_secret_key_write_file(key, path), SSR_EEXIST);
    ssr_secret_key *read = NULL;
    assert_int_equal(ssr_secret_key_read_file(path, &read), SSR_OK);
    ssr_public_key *pub2 = NULL;
    assert_int_equal(ssr_secret_key_public(read, &pub2), SSR_OK);
    assert_string_equal(ssr_public_key_id(pub2), ssr_public_key_id(pub));
    unlink(path);
    rmdir(dir);
    assert_int_equal(ssr_secret_key_read_file(path, &read), SSR_EIO);
    assert_null(read);
    const char junk[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert_int_equal(ssr_secret_key_parse(junk, strlen(junk), &read), SSR_EINVALID);
    ssr_public_key_free(pub);
    ssr_public_key_free(pub2);
    ssr_secret_key_free(key);
    ssr_secret_key_free(again);
    ssr_secret_key_free(NULL);
}

/* ---- DSSE --------------------------------------------------------------- */

static void pae_uses_byte_lengths(void **state)
{
    (void)state;
    unsigned char *pae = NULL;
    size_t len = 0;
    assert_int_equal(ssr_dsse_pae("", 0, "", 0, &pae, &len), SSR_OK);
    assert_int_equal(len, 12);
    assert_memory_equal(pae, "DSSEv1 0  0 ", 12);
    ssr_free(pae);
    const char *type = "application/vnd.\xc3\xa9+json"; /* 22 characters, 23 bytes */
    assert_int_equal(ssr_dsse_pae(type, strlen(type), "x", 1, &pae, &len), SSR_OK);
    assert_memory_equal(pae, "DSSEv1 23 ", 10);
    ssr_free(pae);
}

static void signing_round_trips(void **state)
{
    (void)state;
    ssr_secret_key *key = secret_key_from_seed(seed_hex);
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_secret_key_public(key, &pub), SSR_OK);
    char *env = NULL;
    size_t env_len = 0;
    const char *payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}";
    assert_int_equal(ssr_dsse_sign(payload, strlen(payload), "application/vnd.in-toto+json", 28, key, NULL, 0, &env,
                                   &env_len),
                     SSR_OK);
    assert_non_null(strstr(env, ssr_public_key_id(pub))); /* the default keyid */
    ssr_keyring *ring = ring_of(pub, NULL);
    unsigned char *got = NULL;
    size_t got_len = 0, verified = 0;
    char *type = NULL;
    assert_int_equal(ssr_dsse_verify(env, env_len, ring, 1, &got, &got_len, &type, &verified, NULL), SSR_OK);
    assert_int_equal(got_len, strlen(payload));
    assert_memory_equal(got, payload, got_len);
    assert_string_equal(type, "application/vnd.in-toto+json");
    assert_int_equal(verified, 1);
    ssr_free(got);
    ssr_free(type);

    /* a second key adds its signature; the threshold of two is met */
    ssr_secret_key *other = NULL;
    ssr_public_key *other_pub = NULL;
    assert_int_equal(ssr_secret_key_generate(&other), SSR_OK);
    assert_int_equal(ssr_secret_key_public(other, &other_pub), SSR_OK);
    char *env2 = NULL;
    size_t env2_len = 0;
    assert_int_equal(ssr_dsse_add_signature(env, env_len, other, "second", 6, &env2, &env2_len, NULL), SSR_OK);
    ssr_keyring *both = ring_of(pub, other_pub);
    assert_int_equal(ssr_dsse_verify(env2, env2_len, both, 2, NULL, NULL, NULL, &verified, NULL), SSR_OK);
    assert_int_equal(verified, 2);
    assert_int_equal(ssr_dsse_verify(env2, env2_len, both, 3, NULL, NULL, NULL, &verified, NULL), SSR_EVERIFY);
    /* the first key alone: one of two */
    assert_int_equal(ssr_dsse_verify(env2, env2_len, ring, 2, NULL, NULL, NULL, &verified, NULL), SSR_EVERIFY);
    assert_int_equal(verified, 1);
    ssr_free(env);
    ssr_free(env2);
    ssr_keyring_free(ring);
    ssr_keyring_free(both);
    ssr_public_key_free(pub);
    ssr_public_key_free(other_pub);
    ssr_secret_key_free(key);
    ssr_secret_key_free(other);
}

/* Replaces the first occurrence of `from` in `env` by `to`; a new string. */
static char *edited(const char *env, const char *from, const char *to)
{
    const char *at = strstr(env, from);
    assert_non_null(at);
    size_t n = strlen(env) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t head = (size_t)(at - env);
    memcpy(out, env, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static int verify_text(const char *env, const ssr_keyring *ring, size_t threshold, size_t *verified)
{
    return ssr_dsse_verify(env, strlen(env), ring, threshold, NULL, NULL, NULL, verified, NULL);
}

static void hostile_envelopes_fail_cleanly(void **state)
{
    (void)state;
    ssr_secret_key *key = secret_key_from_seed(seed_hex);
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_secret_key_public(key, &pub), SSR_OK);
    ssr_keyring *ring = ring_of(pub, NULL);
    char *env = NULL;
    size_t env_len = 0;
    assert_int_equal(ssr_dsse_sign("hello world", 11, "http://example.com/HelloWorld", 29, key, NULL, 0, &env, &env_len),
                     SSR_OK);
    const char *sig = strstr(env, "\"sig\":\"") + 7;
    char sig64[89];
    memcpy(sig64, sig, 88);
    sig64[88] = '\0';
    size_t verified = 99;

    /* tampered payload and payload type: signatures over other bytes */
    char *e = edited(env, "aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGU=");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EVERIFY);
    assert_int_equal(verified, 0);
    free(e);
    e = edited(env, "HelloWorld", "HelloWorle");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EVERIFY);
    free(e);
    /* truncated and overlong signatures */
    e = edited(env, sig64, "AAAA");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EVERIFY);
    free(e);
    char longer[200];
    snprintf(longer, sizeof longer, "%.84sAAAAAAAA", sig64); /* 69 bytes */
    e = edited(env, sig64, longer);
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EVERIFY);
    free(e);
    /* mixed alphabets, non-canonical padding, white space: not base64 at all */
    ssr_report *report = NULL;
    e = edited(env, "aGVsbG8gd29ybGQ=", "aGVs+_8gd29ybGQ=");
    assert_int_equal(ssr_dsse_verify(e, strlen(e), ring, 1, NULL, NULL, NULL, NULL, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "dsse-envelope.payload.format");
    ssr_report_free(report);
    free(e);
    e = edited(env, "aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGR=");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EINVALID);
    free(e);
    e = edited(env, "aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGQ");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EINVALID);
    free(e);
    e = edited(env, "aGVsbG8gd29ybGQ=", "aGVsbG8g d29ybGQ=");
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_EINVALID);
    free(e);
    /* the same signature twice, under two key ids: one key, one vote */
    char twice[600];
    snprintf(twice, sizeof twice, "\"signatures\":[{\"keyid\":\"a\",\"sig\":\"%s\"},{\"keyid\":\"b\",\"sig\":\"%s\"}", sig64,
             sig64);
    char from[300];
    snprintf(from, sizeof from, "\"signatures\":[{\"keyid\":\"%s\",\"sig\":\"%s\"}", ssr_public_key_id(pub), sig64);
    e = edited(env, from, twice);
    assert_int_equal(verify_text(e, ring, 1, &verified), SSR_OK);
    assert_int_equal(verify_text(e, ring, 2, &verified), SSR_EVERIFY);
    assert_int_equal(verified, 1);
    free(e);
    /* the same key twice in the ring is one key */
    assert_int_equal(ssr_keyring_add(ring, pub), SSR_OK);
    assert_int_equal(ssr_keyring_count(ring), 1);
    /* an empty keyring, a zero threshold */
    ssr_keyring *empty = ssr_keyring_new();
    assert_int_equal(verify_text(env, empty, 1, &verified), SSR_EINVAL);
    assert_int_equal(verify_text(env, ring, 0, &verified), SSR_EINVAL);
    /* not an envelope */
    assert_int_equal(verify_text("{\"payload\":\"\"}", ring, 1, &verified), SSR_EINVALID);
    assert_int_equal(verify_text("{", ring, 1, &verified), SSR_EINVALID);
    ssr_keyring_free(empty);
    ssr_keyring_free(ring);
    ssr_free(env);
    ssr_public_key_free(pub);
    ssr_secret_key_free(key);
}

/* ---- subject matching --------------------------------------------------- */

static void subjects_match_on_strong_digests(void **state)
{
    (void)state;
    ssr_artifact *a = ssr_artifact_new();
    assert_int_equal(ssr_artifact_hash(a, "abc", 3), SSR_OK);
    const char *sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    char doc[1024];
    size_t index = 99;
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\"%064d\"}},"
             "{\"name\":\"abc\",\"digest\":{\"sha256\":\"%s\",\"md5\":\"%032d\"}}],\"predicateType\":\"https://e.com/p\"}",
             0, sha256, 0);
    assert_int_equal(ssr_match_subject(a, doc, strlen(doc), &index, NULL), SSR_OK);
    assert_int_equal(index, 1);
    /* a weak digest alone never matches */
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"md5\":\"900150983cd24fb0d6963f7d28e17f72\"}}],"
             "\"predicateType\":\"https://e.com/p\"}");
    assert_int_equal(ssr_match_subject(a, doc, strlen(doc), &index, NULL), SSR_ENOMATCH);
    /* a strong disagreement beside an agreement is no match */
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"%s\",\"sha512\":\"%0128d\"}}],"
             "\"predicateType\":\"https://e.com/p\"}",
             sha256, 0);
    assert_int_equal(ssr_match_subject(a, doc, strlen(doc), &index, NULL), SSR_ENOMATCH);
    /* a given digest, in-toto's spelling of the algorithm */
    ssr_artifact *b = ssr_artifact_new();
    assert_int_equal(ssr_artifact_add_digest(b, "sha3-256", 8, sha256, 64), SSR_OK);
    assert_int_equal(ssr_artifact_add_digest(b, "md5", 3, "900150983cd24fb0d6963f7d28e17f72", 32), SSR_EINVALID);
    assert_int_equal(ssr_artifact_add_digest(b, "sha256", 6, "ABC", 3), SSR_EINVALID);
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha3_256\":\"%s\"}}],"
             "\"predicateType\":\"https://e.com/p\"}",
             sha256);
    assert_int_equal(ssr_match_subject(b, doc, strlen(doc), &index, NULL), SSR_OK);
    /* PyPI's spelling of BLAKE2b-256 counts as BLAKE2b-256; a disagreeing spelling of it is no match */
    const char *b2 = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"blake2b_256\":\"%s\"}}],"
             "\"predicateType\":\"https://e.com/p\"}",
             b2);
    assert_int_equal(ssr_match_subject(a, doc, strlen(doc), &index, NULL), SSR_OK);
    snprintf(doc, sizeof doc,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"%s\","
             "\"blake2b_256\":\"%064d\"}}],\"predicateType\":\"https://e.com/p\"}",
             sha256, 0);
    assert_int_equal(ssr_match_subject(a, doc, strlen(doc), &index, NULL), SSR_ENOMATCH);
    /* not a document with subjects: a valid OSV record, then a document of no kind */
    ssr_report *report = NULL;
    const char *osv = "{\"id\":\"MAL-2025-1\",\"modified\":\"2025-01-01T00:00:00Z\",\"affected\":[{\"package\":"
                      "{\"ecosystem\":\"npm\",\"name\":\"x\"},\"versions\":[\"1.0.0\"]}]}";
    assert_int_equal(ssr_match_subject(a, osv, strlen(osv), &index, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "match.kind");
    ssr_report_free(report);
    assert_int_equal(ssr_match_subject(a, "[1]", 3, &index, &report), SSR_EINVALID);
    assert_string_equal(ssr_diag_code(report, 0), "kind.undetected");
    ssr_report_free(report);
    ssr_artifact_free(a);
    ssr_artifact_free(b);
}

static void envelopes_and_releases_match(void **state)
{
    (void)state;
    ssr_artifact *a = ssr_artifact_new();
    assert_int_equal(ssr_artifact_hash(a, "abc", 3), SSR_OK);
    char statement[512];
    snprintf(statement, sizeof statement,
             "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"gce_image_id\":\"x\","
             "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}}],"
             "\"predicateType\":\"https://e.com/p\"}");
    ssr_secret_key *key = secret_key_from_seed(seed_hex);
    char *env = NULL;
    size_t env_len = 0;
    assert_int_equal(ssr_dsse_sign(statement, strlen(statement), "application/vnd.in-toto+json", 28, key, NULL, 0,
                                   &env, &env_len),
                     SSR_OK);
    assert_int_equal(ssr_match_subject(a, env, env_len, NULL, NULL), SSR_OK);
    ssr_free(env);
    /* another payload type holds no subjects */
    assert_int_equal(ssr_dsse_sign(statement, strlen(statement), "text/plain", 10, key, NULL, 0, &env, &env_len),
                     SSR_OK);
    assert_int_equal(ssr_match_subject(a, env, env_len, NULL, NULL), SSR_ENOMATCH);
    ssr_free(env);
    ssr_secret_key_free(key);

    const char *examples = getenv("SSR_EXAMPLES");
    char path[4096];
    snprintf(path, sizeof path, "%s/release-pypi-sampleproject.json", examples);
    size_t len;
    char *release = read_file(path, &len);
    ssr_artifact *wheel = ssr_artifact_new();
    assert_int_equal(ssr_artifact_add_digest(wheel, "sha256", 6,
                                             "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b", 64),
                     SSR_OK);
    size_t index = 0;
    assert_int_equal(ssr_match_subject(wheel, release, len, &index, NULL), SSR_OK);
    assert_int_equal(index, 1);
    assert_int_equal(ssr_match_subject(a, release, len, &index, NULL), SSR_ENOMATCH);
    free(release);
    ssr_artifact_free(wheel);
    ssr_artifact_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digests_give_known_answers),
        cmocka_unit_test(file_digests_read_once),
        cmocka_unit_test(public_keys_read_every_form),
        cmocka_unit_test(key_base64_with_bytes_above_ascii_is_refused),
        cmocka_unit_test(secret_keys_round_trip_in_guarded_memory),
        cmocka_unit_test(pae_uses_byte_lengths),
        cmocka_unit_test(signing_round_trips),
        cmocka_unit_test(hostile_envelopes_fail_cleanly),
        cmocka_unit_test(subjects_match_on_strong_digests),
        cmocka_unit_test(envelopes_and_releases_match),
    };
    return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}

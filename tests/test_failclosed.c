/*
 * Fail closed: every path a registry stakes its trust on, attacked with
 * the tests' own PKI (tests/pki.c). Each test first shows the untouched
 * bundle verifying under the same root, so that a refusal is the rule's
 * doing and never a broken fixture; then bends one thing and asserts the
 * exact diagnostic (code and JSON Pointer) and that OpenSSL's error queue
 * is left as it was found.
 */
#include <cjson/cJSON.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include "pki.h"
#include "support.h"

static pki *P;

static int setup(void **state)
{
    (void)state;
    P = pki_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pki_free(P);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static ssr_trust_root *root_of(const char *json)
{
    ssr_trust_root *root = NULL;
    ssr_report *report = NULL;
    int status = ssr_trust_root_parse(json, strlen(json), &root, &report);
    if (status != SSR_OK && report != NULL)
        for (size_t i = 0; i < ssr_report_count(report); i++)
            fprintf(stderr, "root: %s %s\n", ssr_diag_code(report, i), ssr_diag_message(report, i));
    ssr_report_free(report);
    assert_int_equal(status, SSR_OK);
    return root;
}

static ssr_trust_root *default_root(void)
{
    char *json = pki_trusted_root(P, NULL);
    ssr_trust_root *root = root_of(json);
    free(json);
    return root;
}

static ssr_verify_policy *identity_policy(const char *identity, const char *issuer)
{
    ssr_verify_policy *policy = NULL;
    assert_int_equal(ssr_verify_policy_identity(identity, strlen(identity), issuer, strlen(issuer), &policy), SSR_OK);
    return policy;
}

static const char default_san[] = "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main";
static const char github[] = "https://token.actions.githubusercontent.com";

static ssr_verify_policy *default_policy(void)
{
    return identity_policy(default_san, github);
}

static ssr_artifact *artifact(void)
{
    ssr_artifact *a = ssr_artifact_new();
    assert_non_null(a);
    assert_int_equal(ssr_artifact_hash(a, pki_artifact, pki_artifact_len), SSR_OK);
    return a;
}

/* The options of the next verify() (NULL: the defaults at PKI_T0 + 1 hour); reset after each. */
static ssr_verify_options *next_options;

/* Verifies a bundle: the status; *code and *pointer the first error's (or ""). The error queue must be untouched. */
static int verify(const ssr_trust_root *root, const ssr_verify_policy *policy, const char *bundle, char code[96],
                  char pointer[160])
{
    ssr_artifact *a = artifact();
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    ERR_clear_error();
    const ssr_verify_options *options = next_options != NULL ? next_options : options_at(PKI_T0 + 3600);
    int status = ssr_verify_bundle(root, policy, bundle, strlen(bundle), a, options, &result, &report);
    ssr_verify_options_free(next_options);
    next_options = NULL;
    assert_int_equal(ERR_peek_error(), 0);
    code[0] = pointer[0] = '\0';
    for (size_t i = 0; report != NULL && i < ssr_report_count(report); i++) {
        if (ssr_diag_severity(report, i) == SSR_SEVERITY_ERROR) {
            snprintf(code, 96, "%s", ssr_diag_code(report, i));
            snprintf(pointer, 160, "%s", ssr_diag_pointer(report, i));
            break;
        }
    }
    if (status != SSR_OK && code[0] == '\0')
        snprintf(code, 96, "(status %d, no diagnostic)", status);
    ssr_verify_result_free(result);
    ssr_report_free(report);
    ssr_artifact_free(a);
    return status;
}

#define assert_verifies(root, policy, bundle)                                                      \
    do {                                                                                           \
        char code_[96], pointer_[160];                                                             \
        int status_ = verify((root), (policy), (bundle), code_, pointer_);                         \
        if (status_ != SSR_OK)                                                                     \
            fail_msg("expected the bundle to verify, found %s at \"%s\"", code_, pointer_);        \
    } while (0)

#define assert_refused_with(root, policy, bundle, want_code, want_pointer)                         \
    do {                                                                                           \
        char code_[96], pointer_[160];                                                             \
        int status_ = verify((root), (policy), (bundle), code_, pointer_);                         \
        assert_int_equal(status_, SSR_EVERIFY);                                                   \
        assert_string_equal(code_, (want_code));                                                   \
        assert_string_equal(pointer_, (want_pointer));                                             \
    } while (0)

static const char leaf_pointer[] = "/verificationMaterial/certificate/rawBytes";

/* A bundle of a leaf made with `o`, signed with its key; the leaf and key freed. */
static char *bundle_of_leaf(const pki_leaf_opts *o, const pki_bundle_opts *b)
{
    EVP_PKEY *key = NULL;
    X509 *leaf = pki_leaf(P, o, &key);
    pki_bundle_opts opts = b != NULL ? *b : (pki_bundle_opts){0};
    opts.leaf = leaf;
    opts.key = key;
    char *bundle = pki_bundle(P, &opts);
    X509_free(leaf);
    EVP_PKEY_free(key);
    return bundle;
}

/* ---- the PKI itself ----------------------------------------------------------------------- */

static void pki_bundles_verify(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    const pki_bundle_opts kinds[] = {
        {0},
        {.dsse = true},
        {.tlog = PKI_TLOG_V2, .timestamp = true},
        {.tlog = PKI_TLOG_V2, .timestamp = true, .dsse = true},
        {.timestamp = true},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char *bundle = bundle_of_leaf(NULL, &kinds[i]);
        assert_verifies(root, policy, bundle);
        free(bundle);
    }
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

/* ---- 1: a CA's window holds every signed time, whatever its chain -------------------------- */

static void retired_ca_refused_with_stale_chain_certificate(void **state)
{
    (void)state;
    /* the intermediate's key again, cross-signed by the root, expired before the others began */
    X509 *stale =
        pki_ca_cert("test intermediate", P->ca_key, P->root, P->root_key, 1262304000 /* 2010 */, 1420070400 /* 2015 */, 0, NULL);
    X509 *chain[] = {P->ca, stale, P->root};
    char *bundle = bundle_of_leaf(NULL, NULL);
    ssr_verify_policy *policy = default_policy();
    const pki_root_opts retired = {.ca_end = "2021-01-01T00:00:00Z"};
    const pki_root_opts retired_stale = {.chain = chain, .chain_len = 3, .ca_end = "2021-01-01T00:00:00Z"};
    const pki_root_opts open_stale = {.chain = chain, .chain_len = 3};
    const pki_root_opts *roots[] = {&retired, &retired_stale, &open_stale};
    for (size_t i = 0; i < 3; i++) {
        char *json = pki_trusted_root(P, roots[i]);
        ssr_trust_root *root = root_of(json);
        if (i < 2)
            assert_refused_with(root, policy, bundle, "verify.certificate.chain", leaf_pointer);
        else
            assert_verifies(root, policy, bundle);
        ssr_trust_root_free(root);
        free(json);
    }
    ssr_verify_policy_free(policy);
    free(bundle);
    X509_free(stale);
}

/* ---- 2 and 13: what only a whole path validation enforces is never skipped ----------------- */

#define YEARS_2020_2035 1577836800, 2051222400

/* Verifies a default leaf issued by `issuer` (key `issuer_key`) under a root whose CA chain is `chain`. */
static int verify_under_chain(X509 *issuer, EVP_PKEY *issuer_key, X509 **chain, int n, char code[96], char pointer[160])
{
    char *bundle = bundle_of_leaf(&(pki_leaf_opts){.signer = issuer, .signer_key = issuer_key}, NULL);
    char *json = pki_trusted_root(P, &(pki_root_opts){.chain = chain, .chain_len = n});
    ssr_trust_root *root = root_of(json);
    ssr_verify_policy *policy = default_policy();
    int status = verify(root, policy, bundle, code, pointer);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
    free(json);
    free(bundle);
    return status;
}

static void issuer_not_a_ca_refused(void **state)
{
    (void)state;
    char code[96], pointer[160];
    EVP_PKEY *key = pki_key("P-384");
    X509 *not_ca = pki_ca_cert("not a CA", key, P->root, P->root_key, YEARS_2020_2035, PKI_NOT_CA, NULL);
    X509 *chain[] = {not_ca, P->root};
    assert_int_equal(verify_under_chain(not_ca, key, chain, 2, code, pointer), SSR_EVERIFY);
    assert_string_equal(code, "verify.certificate.chain");
    assert_string_equal(pointer, leaf_pointer);
    X509_free(not_ca);
    EVP_PKEY_free(key);
}

static void path_length_exceeded_refused(void **state)
{
    (void)state;
    char code[96], pointer[160];
    EVP_PKEY *root_key = pki_key("P-384"), *ca_key = pki_key("P-384");
    X509 *root = pki_ca_cert("root, no intermediates", root_key, NULL, NULL, YEARS_2020_2035, 0, NULL);
    X509 *ca = pki_ca_cert("intermediate", ca_key, root, root_key, YEARS_2020_2035, -1, NULL);
    X509 *chain[] = {ca, root};
    assert_int_equal(verify_under_chain(ca, ca_key, chain, 2, code, pointer), SSR_EVERIFY);
    assert_string_equal(code, "verify.certificate.chain");
    /* the same chain with a root that allows one intermediate verifies */
    X509 *root1 = pki_ca_cert("root, one intermediate", root_key, NULL, NULL, YEARS_2020_2035, 1, NULL);
    X509 *ca1 = pki_ca_cert("intermediate", ca_key, root1, root_key, YEARS_2020_2035, -1, NULL);
    X509 *chain1[] = {ca1, root1};
    assert_int_equal(verify_under_chain(ca1, ca_key, chain1, 2, code, pointer), SSR_OK);
    X509_free(root);
    X509_free(ca);
    X509_free(root1);
    X509_free(ca1);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(ca_key);
}

static void name_constraints_enforced(void **state)
{
    (void)state;
    char code[96], pointer[160];
    EVP_PKEY *key = pki_key("P-384");
    X509 *narrow = pki_ca_cert("only example.org", key, P->root, P->root_key, YEARS_2020_2035, 0,
                               "critical,permitted;URI:.example.org");
    X509 *chain[] = {narrow, P->root};
    assert_int_equal(verify_under_chain(narrow, key, chain, 2, code, pointer), SSR_EVERIFY);
    assert_string_equal(code, "verify.certificate.chain");
    X509 *wide = pki_ca_cert("github.com", key, P->root, P->root_key, YEARS_2020_2035, 0,
                             "critical,permitted;URI:github.com");
    X509 *chain_wide[] = {wide, P->root};
    assert_int_equal(verify_under_chain(wide, key, chain_wide, 2, code, pointer), SSR_OK);
    X509_free(narrow);
    X509_free(wide);
    EVP_PKEY_free(key);
}

/* ---- 14: an intermediate may be the trust anchor ------------------------------------------ */

static void intermediate_as_anchor_accepted(void **state)
{
    (void)state;
    char code[96], pointer[160];
    X509 *chain[] = {P->ca};
    assert_int_equal(verify_under_chain(P->ca, P->ca_key, chain, 1, code, pointer), SSR_OK);
}

/* ---- 3, 4, 5: what the leaf says is read whole or refused ------------------------------------ */

/* Verifies a leaf made with `o` against the default root and `policy` (NULL: the default one). */
static int verify_leaf(const pki_leaf_opts *o, ssr_verify_policy *policy, char code[96], char pointer[160])
{
    ssr_trust_root *root = default_root();
    ssr_verify_policy *own = policy == NULL ? default_policy() : NULL;
    char *bundle = bundle_of_leaf(o, NULL);
    int status = verify(root, policy != NULL ? policy : own, bundle, code, pointer);
    free(bundle);
    ssr_verify_policy_free(own);
    ssr_trust_root_free(root);
    return status;
}

#define assert_leaf_refused(opts, policy, want_code)                                               \
    do {                                                                                           \
        char code_[96], pointer_[160];                                                             \
        assert_int_equal(verify_leaf((opts), (policy), code_, pointer_), SSR_EVERIFY);             \
        assert_string_equal(code_, (want_code));                                                   \
        assert_string_equal(pointer_, leaf_pointer);                                               \
    } while (0)

#define assert_leaf_verifies(opts, policy)                                                         \
    do {                                                                                           \
        char code_[96], pointer_[160];                                                             \
        if (verify_leaf((opts), (policy), code_, pointer_) != SSR_OK)                              \
            fail_msg("expected the leaf to verify, found %s at \"%s\"", code_, pointer_);         \
    } while (0)

static void duplicate_extension_refused(void **state)
{
    (void)state;
    /* the issuer twice, the first the policy's: the first would win */
    assert_leaf_refused(&((pki_leaf_opts){.issuer_copies = 2, .issuer_second = "https://attacker.example"}), NULL,
                        "verify.certificate.extension-duplicate");
    assert_leaf_refused(&((pki_leaf_opts){.issuer_copies = 2}), NULL, "verify.certificate.extension-duplicate");
}

static void malformed_fulcio_extension_refused(void **state)
{
    (void)state;
    /* 1.8 not a UTF8String, the legacy 1.1 naming the policy's issuer: 1.1 would decide */
    assert_leaf_refused(&((pki_leaf_opts){.issuer_malformed = true, .issuer_v1 = github}), NULL,
                        "verify.certificate.extension-malformed");
    assert_leaf_verifies(&((pki_leaf_opts){.issuer = "", .issuer_v1 = github}), NULL);
}

static void leaf_without_key_usage_refused(void **state)
{
    (void)state;
    assert_leaf_refused(&((pki_leaf_opts){.no_key_usage = true}), NULL, "verify.certificate.usage");
    assert_leaf_refused(&((pki_leaf_opts){.no_eku = true}), NULL, "verify.certificate.usage");
}

/* ---- 6: the identity's kind is bound --------------------------------------------------------- */

static void identity_kind_bound(void **state)
{
    (void)state;
    ssr_verify_policy *email = identity_policy("alice@example.com", github);
    assert_leaf_verifies(&((pki_leaf_opts){.san = "alice@example.com", .san_type = PKI_SAN_EMAIL}), email);
    assert_leaf_refused(&((pki_leaf_opts){.san = "alice@example.com", .san_type = PKI_SAN_URI}), email,
                        "verify.policy.identity");
    /* an otherName of any type but Fulcio's username is no identity */
    assert_leaf_refused(&((pki_leaf_opts){.san = "alice@example.com", .san_type = PKI_SAN_OTHER,
                                          .other_oid = "1.3.6.1.4.1.99999.1"}),
                        email, "verify.certificate.identity");
    assert_leaf_refused(&((pki_leaf_opts){.san = "alice@example.com", .san_type = PKI_SAN_OTHER}), email,
                        "verify.policy.identity");
    ssr_verify_policy *user = identity_policy("alice!example.com", github);
    assert_leaf_verifies(&((pki_leaf_opts){.san = "alice!example.com", .san_type = PKI_SAN_OTHER}), user);
    assert_leaf_refused(&((pki_leaf_opts){.san = "alice!example.com", .san_type = PKI_SAN_EMAIL}), user,
                        "verify.policy.identity");
    /* a URI identity is met by a URI SAN alone */
    ssr_verify_policy *uri = identity_policy("https://example.com/alice", github);
    assert_leaf_refused(&((pki_leaf_opts){.san = "https://example.com/alice", .san_type = PKI_SAN_EMAIL}), uri,
                        "verify.policy.identity");
    ssr_verify_policy_free(email);
    ssr_verify_policy_free(user);
    ssr_verify_policy_free(uri);
}

/* ---- 7: JWKS keys a signature can rest on --------------------------------------------------------- */

static char *b64url(const void *data, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(n);
    assert_non_null(out);
    sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* Refused or accepted as the test says: the first error's code and pointer, or SSR_OK. */
static void assert_jwks(const char *json, const char *code)
{
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    int status = ssr_jwks_parse(json, strlen(json), &jwks, &report);
    if (code == NULL) {
        assert_int_equal(status, SSR_OK);
        assert_int_equal(ssr_jwks_count(jwks), 1);
    } else {
        assert_int_equal(status, SSR_EINVALID);
        size_t i = 0;
        while (ssr_diag_severity(report, i) != SSR_SEVERITY_ERROR)
            i++;
        assert_string_equal(ssr_diag_code(report, i), code);
        assert_string_equal(ssr_diag_pointer(report, i), "/keys/0");
    }
    ssr_jwks_free(jwks);
    ssr_report_free(report);
}

static void jwks_keys_sound(void **state)
{
    (void)state;
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    assert_non_null(rsa);
    BIGNUM *n = NULL;
    assert_int_equal(EVP_PKEY_get_bn_param(rsa, OSSL_PKEY_PARAM_RSA_N, &n), 1);
    unsigned char modulus[256];
    assert_int_equal(BN_bn2bin(n, modulus), 256);
    char *n64 = b64url(modulus, sizeof modulus), json[1024];

    /*
     * e = 1: the "signature" of a token is its PKCS#1 v1.5 encoded digest,
     * which anyone computes. The set is refused, and so are e = 3 and an
     * even e; 65537 is read.
     */
    static const char *const refused_e[] = {"AQ" /* 1 */, "Aw" /* 3 */, "AQAA" /* 65536 */};
    for (size_t i = 0; i < 3; i++) {
        snprintf(json, sizeof json, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"n\":\"%s\",\"e\":\"%s\"}]}",
                 n64, refused_e[i]);
        assert_jwks(json, "jwks.key.rsa");
    }
    snprintf(json, sizeof json, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    assert_jwks(json, NULL);
    /* kty, crv, use and key_ops agree */
    snprintf(json, sizeof json,
             "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"crv\":\"P-256\",\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    assert_jwks(json, "jwks.key.members");
    snprintf(json, sizeof json,
             "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"use\":\"sig\",\"key_ops\":[\"verify\","
             "\"encrypt\"],\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    assert_jwks(json, "jwks.key.members");
    snprintf(json, sizeof json,
             "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"key_ops\":[\"verify\",\"verify\"],"
             "\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    assert_jwks(json, "jwks.key.members");
    snprintf(json, sizeof json,
             "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"key_ops\":[\"verify\"],"
             "\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    assert_jwks(json, NULL);
    /* a key for another operation is skipped: the set then holds none */
    snprintf(json, sizeof json,
             "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"key_ops\":[\"encrypt\"],"
             "\"n\":\"%s\",\"e\":\"AQAB\"}]}", n64);
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_jwks_parse(json, strlen(json), &jwks, &report), SSR_OK);
    assert_int_equal(ssr_jwks_count(jwks), 0);
    assert_string_equal(ssr_diag_code(report, 0), "jwks.key.skipped");
    ssr_jwks_free(jwks);
    ssr_report_free(report);
    assert_jwks("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"a\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"e\":\"AQAB\","
                "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}",
                "jwks.key.members");
    free(n64);
    BN_free(n);
    EVP_PKEY_free(rsa);
}

/* ---- 8: Rekor v2's withdrawn dsse 0.0.2 entries ------------------------------------------------- */

static void withdrawn_rekor_v2_dsse_refused(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    char *bundle = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_V2, .v2_kind = "dsse", .dsse = true,
                                                          .timestamp = true});
    assert_refused_with(root, policy, bundle, "verify.tlog.kind-unsupported",
                        "/verificationMaterial/tlogEntries/0/kindVersion");
    free(bundle);
    /* the same envelope logged as Rekor v2 records DSSE today verifies */
    bundle = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_V2, .dsse = true, .timestamp = true});
    assert_verifies(root, policy, bundle);
    free(bundle);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

/* ---- 9: the evidence a verification demands is the caller's choice, safe by default ------------ */

/* Options at PKI_T0 + 1 hour with these minimums (-1: the default) and SCT rule. */
static ssr_verify_options *evidence(int min_entries, int min_times, int require_sct)
{
    ssr_verify_options *o = ssr_verify_options_new();
    assert_non_null(o);
    assert_int_equal(ssr_verify_options_set_time(o, PKI_T0 + 3600), SSR_OK);
    if (min_entries >= 0)
        assert_int_equal(ssr_verify_options_set_min_log_entries(o, (unsigned)min_entries), SSR_OK);
    if (min_times >= 0)
        assert_int_equal(ssr_verify_options_set_min_signed_times(o, (unsigned)min_times), SSR_OK);
    assert_int_equal(ssr_verify_options_set_require_sct(o, require_sct), SSR_OK);
    return o;
}

static void log_entry_required_by_default(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    /* a keyless bundle with one RFC 3161 timestamp and no log entry */
    char *bundle = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_NONE, .timestamp = true});
    assert_refused_with(root, policy, bundle, "verify.tlog.required", "/verificationMaterial/tlogEntries");
    next_options = evidence(0, -1, 1); /* evidence never logged (a private repository's): the caller's choice */
    assert_verifies(root, policy, bundle);
    free(bundle);

    /* a managed-key bundle likewise */
    EVP_PKEY *key = pki_key("P-256");
    unsigned char *der = NULL;
    int der_len = i2d_PUBKEY(key, &der);
    assert_true(der_len > 0);
    ssr_public_key *pub = NULL;
    assert_int_equal(ssr_public_key_parse(der, (size_t)der_len, &pub), SSR_OK);
    OPENSSL_free(der);
    ssr_verify_policy *managed = NULL;
    assert_int_equal(ssr_verify_policy_key(pub, &managed), SSR_OK);
    bundle = pki_bundle(P, &(pki_bundle_opts){.key = key, .tlog = PKI_TLOG_NONE, .timestamp = true});
    assert_refused_with(root, managed, bundle, "verify.tlog.required", "/verificationMaterial/tlogEntries");
    next_options = evidence(0, -1, 1);
    assert_verifies(root, managed, bundle);
    free(bundle);
    bundle = pki_bundle(P, &(pki_bundle_opts){.key = key, .timestamp = true});
    assert_verifies(root, managed, bundle);
    free(bundle);
    ssr_verify_policy_free(managed);
    ssr_public_key_free(pub);
    EVP_PKEY_free(key);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

static void signed_times_and_sct_as_asked(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    char *logged = bundle_of_leaf(NULL, NULL), *both = bundle_of_leaf(NULL, &(pki_bundle_opts){.timestamp = true});
    next_options = evidence(-1, 2, 1);
    assert_refused_with(root, policy, logged, "verify.time.too-few", "/verificationMaterial");
    next_options = evidence(-1, 2, 1);
    assert_verifies(root, policy, both);
    free(logged);
    free(both);
    /* a private CA without CT: its leaves carry no SCT */
    char *no_sct = bundle_of_leaf(&(pki_leaf_opts){.no_sct = true}, NULL);
    assert_refused_with(root, policy, no_sct, "verify.certificate.sct", leaf_pointer);
    next_options = evidence(-1, -1, 0);
    assert_verifies(root, policy, no_sct);
    free(no_sct);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

static void present_evidence_must_verify(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    /* a log entry of another log than the root's: refused even when no entry is required */
    pki *other = pki_new();
    EVP_PKEY *key = NULL;
    X509 *leaf = pki_leaf(P, NULL, &key);
    char *bundle = pki_bundle(other, &(pki_bundle_opts){.leaf = leaf, .key = key, .timestamp = false});
    next_options = evidence(0, -1, 1);
    assert_refused_with(root, policy, bundle, "verify.tlog.unknown-log", "/verificationMaterial/tlogEntries/0/logId/keyId");
    free(bundle);
    /* a timestamp of another authority: refused even with a verified log entry */
    char *stamped = pki_bundle(other, &(pki_bundle_opts){.leaf = leaf, .key = key, .tlog = PKI_TLOG_NONE, .timestamp = true});
    next_options = evidence(0, -1, 1);
    assert_refused_with(root, policy, stamped, "verify.timestamp.untrusted",
                        "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0");
    free(stamped);
    X509_free(leaf);
    EVP_PKEY_free(key);
    pki_free(other);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

static void options_bounds(void **state)
{
    (void)state;
    ssr_verify_options *o = ssr_verify_options_new();
    assert_non_null(o);
    assert_int_equal(ssr_verify_options_set_min_log_entries(o, 33), SSR_EINVAL);
    assert_int_equal(ssr_verify_options_set_min_signed_times(o, 0), SSR_EINVAL);
    assert_int_equal(ssr_verify_options_set_require_sct(o, 2), SSR_EINVAL);
    assert_int_equal(ssr_verify_options_set_time(NULL, 0), SSR_EINVAL);
    ssr_verify_options_free(o);
    ssr_verify_options_free(NULL);
}

/* ---- 15: bundles in the protobuf JSON mapping's other spellings ---------------------------------- */

static void rename_member(cJSON *object, const char *from, const char *to)
{
    cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(object, from);
    assert_non_null(m);
    cJSON_AddItemToObject(object, to, m);
}

static void protobuf_json_spellings_read(void **state)
{
    (void)state;
    ssr_trust_root *root = default_root();
    ssr_verify_policy *policy = default_policy();
    char *text = bundle_of_leaf(NULL, &(pki_bundle_opts){.dsse = true});
    cJSON *b = cJSON_Parse(text);
    free(text);
    /* proto field names, an int64 as a number, base64 without padding */
    rename_member(b, "verificationMaterial", "verification_material");
    cJSON *material = cJSON_GetObjectItemCaseSensitive(b, "verification_material");
    rename_member(material, "tlogEntries", "tlog_entries");
    cJSON *entry = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(material, "tlog_entries"), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(entry, "integratedTime", cJSON_CreateNumber((double)PKI_T0));
    cJSON *envelope = cJSON_GetObjectItemCaseSensitive(b, "dsseEnvelope");
    rename_member(envelope, "payloadType", "payload_type");
    cJSON *sig = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(envelope, "signatures"), 0), "sig");
    char *unpadded = strdup(sig->valuestring);
    while (unpadded[strlen(unpadded) - 1] == '=')
        unpadded[strlen(unpadded) - 1] = '\0';
    cJSON_SetValuestring(sig, unpadded);
    free(unpadded);
    char *spelled = cJSON_PrintUnformatted(b);
    assert_verifies(root, policy, spelled);
    /* the same field twice, under both names: refused before any verification */
    cJSON_AddStringToObject(envelope, "payloadType", "application/vnd.in-toto+json");
    char *twice = cJSON_PrintUnformatted(b);
    ssr_artifact *a = artifact();
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    assert_int_equal(ssr_verify_bundle(root, policy, twice, strlen(twice), a, options_at(PKI_T0 + 3600), &result,
                                       &report),
                     SSR_EINVALID);
    size_t i = 0;
    while (ssr_diag_severity(report, i) != SSR_SEVERITY_ERROR)
        i++;
    assert_string_equal(ssr_diag_code(report, i), "dsse-envelope.proto-json.both-names");
    assert_string_equal(ssr_diag_pointer(report, i), "/dsseEnvelope/payload_type");
    ssr_report_free(report);
    ssr_artifact_free(a);
    cJSON_free(spelled);
    cJSON_free(twice);
    cJSON_Delete(b);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
}

/* ---- 10: trusted-publisher policies that pin nothing are refused, by the matcher too ------------------ */

#define POLICY_HEAD "{\"ssr\":\"trusted-publisher/v1\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"demo\"}],"
#define GITHUB_ISSUER "\"issuer\":\"https://token.actions.githubusercontent.com\","

/* An attacker's token from their own repository of GitHub Actions, for the registry "pypi". */
static const char attacker_claims[] =
    "{\"iss\":\"https://token.actions.githubusercontent.com\",\"aud\":\"pypi\",\"iat\":1780315200,"
    "\"exp\":1780315500,\"sub\":\"repo:attacker/evil:ref:refs/heads/main\",\"repository\":\"attacker/evil\","
    "\"repository_owner\":\"attacker\",\"repository_owner_id\":\"666\",\"repository_id\":\"667\","
    "\"job_workflow_ref\":\"attacker/evil/.github/workflows/release.yml@refs/heads/main\","
    "\"workflow_ref\":\"attacker/evil/.github/workflows/release.yml@refs/heads/main\","
    "\"ref\":\"refs/heads/main\",\"sha\":\"0000000000000000000000000000000000000000\",\"event_name\":\"push\","
    "\"jti\":\"j\"}";

/* The matcher refuses the policy as the validator does: the code of its last error. */
static void assert_policy_refused_by_both(const char *policy, const char *code)
{
    ssr_report *report = NULL;
    assert_int_equal(ssr_validate(policy, strlen(policy), SSR_KIND_TRUSTED_PUBLISHER, NULL, &report), SSR_OK);
    assert_false(ssr_report_valid(report));
    ssr_report_free(report);
    report = NULL;
    ssr_tp_result *r = NULL;
    assert_int_equal(ssr_tp_match(policy, strlen(policy), attacker_claims, sizeof attacker_claims - 1, PKI_T0 + 60, 0,
                                  &r, &report),
                     SSR_EINVALID);
    assert_null(r);
    size_t n = ssr_report_count(report);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found = found || strcmp(ssr_diag_code(report, i), code) == 0;
    if (!found)
        fail_msg("expected %s among the policy's %zu diagnostics, first %s", code, n, ssr_diag_code(report, 0));
    ssr_report_free(report);
}

static void policies_that_pin_nothing_refused(void **state)
{
    (void)state;
    /* a custom policy whose only condition is on aud matched the attacker's token */
    assert_policy_refused_by_both(POLICY_HEAD "\"provider\":\"custom\",\"issuer\":\"https://ci.example\","
                                  "\"audience\":\"pypi\",\"conditions\":[{\"claim\":\"aud\",\"op\":\"eq\",\"value\":\"pypi\"},"
                                  "{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"}]}",
                                  "trusted-publisher.identity.unpinned");
    /* GitHub's issuer under custom, pinning the repository name alone: GitHub's owner-id and workflow pins skipped */
    assert_policy_refused_by_both(POLICY_HEAD "\"provider\":\"custom\"," GITHUB_ISSUER "\"audience\":\"pypi\","
                                  "\"conditions\":[{\"claim\":\"repository\",\"op\":\"eq\",\"value\":\"pypa/sampleproject\"}]}",
                                  "trusted-publisher.provider.issuer-known");
    /* a provider the validator refuses is refused by the matcher too */
    assert_policy_refused_by_both(POLICY_HEAD "\"provider\":\"my-new-ci\",\"issuer\":\"https://ci.example\","
                                  "\"audience\":\"pypi\",\"conditions\":[{\"claim\":\"sub\",\"op\":\"eq\",\"value\":\"s\"},"
                                  "{\"claim\":\"repository\",\"op\":\"eq\",\"value\":\"r\"}]}",
                                  "trusted-publisher.provider.enum");
    /* GitHub's default audience, which every workflow of the owner gets */
    assert_policy_refused_by_both(POLICY_HEAD "\"provider\":\"github-actions\"," GITHUB_ISSUER
                                  "\"audience\":\"https://github.com/pypa\",\"github\":{\"owner\":\"pypa\",\"owner_id\":\"647025\","
                                  "\"repository\":\"sampleproject\",\"workflow\":\"release.yml\"}}",
                                  "trusted-publisher.audience.default");
    /* an owner id that can never equal the token's */
    assert_policy_refused_by_both(POLICY_HEAD "\"provider\":\"github-actions\"," GITHUB_ISSUER
                                  "\"audience\":\"pypi\",\"github\":{\"owner\":\"pypa\",\"owner_id\":\"00647025\","
                                  "\"repository\":\"sampleproject\",\"workflow\":\"release.yml\"}}",
                                  "trusted-publisher.github.owner-id.format");
}

/* The leeway is overridden through the API (the command line's --leeway), within 0 to 300 seconds. */
static void leeway_override_bounded(void **state)
{
    (void)state;
    static const char policy[] =
        POLICY_HEAD "\"provider\":\"github-actions\"," GITHUB_ISSUER "\"audience\":\"pypi\",\"github\":{\"owner\":\"pypa\","
        "\"owner_id\":\"647025\",\"repository\":\"sampleproject\",\"workflow\":\"release.yml\"}}";
    ssr_tp_policy *compiled = NULL;
    assert_int_equal(ssr_tp_policy_parse(policy, sizeof policy - 1, &compiled, NULL), SSR_OK);
    assert_int_equal(ssr_tp_policy_set_leeway(compiled, 301), SSR_EINVAL);
    assert_int_equal(ssr_tp_policy_set_leeway(compiled, 0), SSR_OK);
    assert_int_equal(ssr_tp_policy_set_leeway(NULL, 0), SSR_EINVAL);
    ssr_tp_policy_free(compiled);
}

static void npm_publisher_binds_owner_on_first_use(void **state)
{
    (void)state;
    /* npm's GitHub publisher as npm stores it: repository, workflow file, environment; the owner id bound on first use */
    static const char policy[] =
        POLICY_HEAD "\"provider\":\"github-actions\"," GITHUB_ISSUER "\"audience\":\"pypi\",\"conditions\":["
        "{\"claim\":\"repository\",\"op\":\"eq\",\"value\":\"attacker/evil\"},"
        "{\"claim\":\"repository_owner_id\",\"op\":\"eq\",\"value\":null,\"bind_on_first_use\":true},"
        "{\"claim\":\"workflow_ref\",\"op\":\"workflow_file\",\"value\":\"release.yml\"}]}";
    ssr_report *report = NULL;
    assert_int_equal(ssr_validate(policy, sizeof policy - 1, SSR_KIND_TRUSTED_PUBLISHER, NULL, &report), SSR_OK);
    assert_true(ssr_report_valid(report));
    ssr_report_free(report);
    ssr_tp_result *r = NULL;
    assert_int_equal(ssr_tp_match(policy, sizeof policy - 1, attacker_claims, sizeof attacker_claims - 1, PKI_T0 + 60,
                                  0, &r, NULL),
                     SSR_OK);
    assert_int_equal(ssr_tp_bound_count(r), 1);
    assert_string_equal(ssr_tp_bound_claim(r, 0), "repository_owner_id");
    assert_string_equal(ssr_tp_bound_value(r, 0), "\"666\"");
    ssr_tp_result_free(r);
}

/* ---- 12: OpenSSL's error queue is left as the caller left it ------------------------------------ */

/* Puts one error of the caller's own in the queue. */
static void caller_error(void)
{
    ERR_clear_error();
    ERR_raise(ERR_LIB_USER, 42);
}

/* The queue holds the caller's error alone. */
static void assert_caller_error_alone(const char *what)
{
    unsigned long first = ERR_get_error(), second = ERR_get_error();
    if (ERR_GET_LIB(first) != ERR_LIB_USER || ERR_GET_REASON(first) != 42 || second != 0)
        fail_msg("%s: expected the caller's one error left in OpenSSL's queue, found %lx then %lx", what, first,
                 second);
}

static void openssl_error_queue_kept(void **state)
{
    (void)state;
    ssr_public_key *key = NULL;
    ssr_report *report = NULL;
    static const char bad_pem[] = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAAAA\n-----END PUBLIC KEY-----\n";
    static const unsigned char bad_der[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x05};
    caller_error();
    assert_int_not_equal(ssr_public_key_parse(bad_pem, sizeof bad_pem - 1, &key), SSR_OK);
    assert_caller_error_alone("a refused PEM key");
    caller_error();
    assert_int_not_equal(ssr_public_key_parse(bad_der, sizeof bad_der, &key), SSR_OK);
    assert_caller_error_alone("a refused DER key");

    /* a refused certificate: bytes that are no X.509 and a broken extension */
    ssr_verify_policy *policy = default_policy();
    ssr_verify_result *result = NULL;
    static const char not_cert[] = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
    caller_error();
    assert_int_equal(ssr_verify_policy_check(policy, not_cert, sizeof not_cert - 1, &result, &report), SSR_EVERIFY);
    assert_caller_error_alone("a refused certificate");
    ssr_report_free(report);
    report = NULL;
    char *bundle = bundle_of_leaf(&((pki_leaf_opts){.issuer_malformed = true}), NULL);
    ssr_trust_root *root = default_root();
    ssr_artifact *a = artifact();
    caller_error();
    assert_int_equal(ssr_verify_bundle(root, policy, bundle, strlen(bundle), a, options_at(PKI_T0 + 3600), &result, &report),
                     SSR_EVERIFY);
    assert_caller_error_alone("a refused bundle");
    ssr_report_free(report);
    report = NULL;
    free(bundle);

    /* a refused key set and a refused token */
    static const char bad_jwks[] = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\",\"alg\":\"ES256\","
                                   "\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                                   "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]}";
    ssr_jwks *jwks = NULL;
    caller_error();
    assert_int_equal(ssr_jwks_parse(bad_jwks, sizeof bad_jwks - 1, &jwks, &report), SSR_EINVALID);
    assert_caller_error_alone("a refused key set");
    ssr_report_free(report);
    report = NULL;

    ssr_artifact_free(a);
    ssr_trust_root_free(root);
    ssr_verify_policy_free(policy);
}

/*
 * SSR_WRITE_FIXTURES=DIR writes the bindings' fixtures of point 9: a trusted
 * root of this PKI, a bundle holding one timestamp and no log entry, the
 * same bundle logged, and the artifact (verified at PKI_T0 + 1 hour). For
 * review and commit, never at test time.
 */
static void write_fixtures(const char *dir)
{
    char *root = pki_trusted_root(P, NULL);
    char *unlogged = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_NONE, .timestamp = true});
    char *logged = bundle_of_leaf(NULL, &(pki_bundle_opts){.timestamp = true});
    const struct {
        const char *name, *text;
    } files[] = {{"trusted_root.json", root}, {"unlogged.sigstore.json", unlogged},
                 {"logged.sigstore.json", logged}, {"artifact.txt", pki_artifact}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        assert_int_equal(fputs(files[i].text, f) >= 0, 1);
        assert_int_equal(fclose(f), 0);
    }
    free(root);
    free(unlogged);
    free(logged);
}

/*
 * A timestamp authority's signer (its chain's first certificate) is
 * checked against the chain once, when the root is built, and a token
 * then against that certificate alone. What the chain says still holds at
 * each token's time, and a token another certificate signed still gets
 * the whole path validation, or is refused.
 */
static void timestamp_signer_checked_once(void **state)
{
    (void)state;
    ssr_verify_policy *policy = default_policy();
    char *stamped = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_NONE, .timestamp = true});
    const char *pointer = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0";
    EVP_PKEY *other_key = pki_key("P-256");
    X509 *other = pki_tsa_cert(other_key, P->tsa_root, P->tsa_root_key);
    /* the TSA root reissued to end in 2025, before the token's time (2026): its signer's link verified, its window not */
    X509 *ended = pki_ca_cert("test TSA root", P->tsa_root_key, NULL, NULL, 1577836800, 1735689600, 0, NULL);
    const struct {
        X509 *chain[2];
        int len;
        bool verifies;
    } cases[] = {
        {{P->tsa, P->tsa_root}, 2, true},  /* the usual chain: the signer alone checks the token */
        {{P->tsa, ended}, 2, false},       /* the chain is not valid at the token's time */
        {{other, P->tsa_root}, 2, true},   /* another signer listed: the token's own chains, the whole path */
        {{P->tsa}, 1, true},               /* the signer as the anchor */
        {{other}, 1, false},               /* another signer as the anchor: nothing chains the token's */
        {{ended}, 1, false},               /* the root alone, not valid at the token's time */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *json = pki_trusted_root(P, &(pki_root_opts){.tsa_chain = (X509 **)cases[i].chain,
                                                          .tsa_chain_len = cases[i].len});
        caller_error(); /* reading the root (the signer's chain checked once) leaves OpenSSL's queue as it was */
        ssr_trust_root *root = root_of(json);
        free(json);
        assert_caller_error_alone("a trusted root with a timestamp authority");
        next_options = evidence(0, -1, 1); /* verify() also finds OpenSSL's queue empty after each path tried */
        if (cases[i].verifies)
            assert_verifies(root, policy, stamped);
        else
            assert_refused_with(root, policy, stamped, "verify.timestamp.untrusted", pointer);
        ssr_trust_root_free(root);
    }
    X509_free(ended);
    X509_free(other);
    EVP_PKEY_free(other_key);
    free(stamped);
    ssr_verify_policy_free(policy);
}

/*
 * Timestamps an attacker makes, refused whichever path judges them: the
 * token's signature checked against the authority's first certificate
 * with its key prepared at load, or OpenSSL's whole path. Each with the
 * trusted root's usual chain (the fast path applies) and with the signer
 * listed after another certificate (OpenSSL decides).
 */
static void timestamp_forgeries_refused(void **state)
{
    (void)state;
    ssr_verify_policy *policy = default_policy();
    const char *pointer = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0";
    EVP_PKEY *other_key = pki_key("P-256");
    X509 *other = pki_tsa_cert(other_key, P->tsa_root, P->tsa_root_key);
    X509 *usual[] = {P->tsa, P->tsa_root}, *whole[] = {other, P->tsa, P->tsa_root};
    char *roots[] = {pki_trusted_root(P, &(pki_root_opts){.tsa_chain = usual, .tsa_chain_len = 2}),
                     pki_trusted_root(P, &(pki_root_opts){.tsa_chain = whole, .tsa_chain_len = 3})};
    const struct {
        int fault;
        const char *code;
    } faults[] = {
        {PKI_STAMP_CONTENT, "verify.timestamp.untrusted"},
        {PKI_STAMP_NO_ESS, "verify.timestamp.untrusted"},
        {PKI_STAMP_CONTENT_TYPE, "verify.timestamp.untrusted"},
        {PKI_STAMP_FORGED, "verify.timestamp.untrusted"},
        {PKI_STAMP_REJECTED, "verify.timestamp.format"}, /* no token granted: none to read a time from */
    };
    for (size_t r = 0; r < 2; r++) {
        ssr_trust_root *root = root_of(roots[r]);
        char *honest = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_NONE, .timestamp = true});
        next_options = evidence(0, -1, 1); /* no log entry: the timestamp is the signed time */
        assert_verifies(root, policy, honest); /* the same making, untampered: the refusals below are the faults' */
        free(honest);
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            char *forged = bundle_of_leaf(NULL, &(pki_bundle_opts){.tlog = PKI_TLOG_NONE, .timestamp = true,
                                                                   .stamp_fault = faults[i].fault});
            next_options = evidence(0, -1, 1);
            assert_refused_with(root, policy, forged, faults[i].code, pointer);
            free(forged);
        }
        ssr_trust_root_free(root);
        free(roots[r]);
    }
    X509_free(other);
    EVP_PKEY_free(other_key);
    ssr_verify_policy_free(policy);
}

int main(void)
{
    if (getenv("SSR_WRITE_FIXTURES") != NULL) {
        P = pki_new();
        write_fixtures(getenv("SSR_WRITE_FIXTURES"));
        pki_free(P);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pki_bundles_verify),
        cmocka_unit_test(retired_ca_refused_with_stale_chain_certificate),
        cmocka_unit_test(issuer_not_a_ca_refused),
        cmocka_unit_test(path_length_exceeded_refused),
        cmocka_unit_test(name_constraints_enforced),
        cmocka_unit_test(intermediate_as_anchor_accepted),
        cmocka_unit_test(duplicate_extension_refused),
        cmocka_unit_test(malformed_fulcio_extension_refused),
        cmocka_unit_test(leaf_without_key_usage_refused),
        cmocka_unit_test(identity_kind_bound),
        cmocka_unit_test(jwks_keys_sound),
        cmocka_unit_test(withdrawn_rekor_v2_dsse_refused),
        cmocka_unit_test(log_entry_required_by_default),
        cmocka_unit_test(signed_times_and_sct_as_asked),
        cmocka_unit_test(present_evidence_must_verify),
        cmocka_unit_test(options_bounds),
        cmocka_unit_test(protobuf_json_spellings_read),
        cmocka_unit_test(policies_that_pin_nothing_refused),
        cmocka_unit_test(npm_publisher_binds_owner_on_first_use),
        cmocka_unit_test(leeway_override_bounded),
        cmocka_unit_test(openssl_error_queue_kept),
        cmocka_unit_test(timestamp_signer_checked_once),
        cmocka_unit_test(timestamp_forgeries_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * ssr-bench verify SIGSTORE [REPS]: bundles (and a PEP 740 attestation)
 * verified per second, beside the floor: the bare OpenSSL operations a
 * verification of that bundle cannot do without, timed alone in the same
 * process. The floor of a bundle is:
 *   - reading the leaf certificate (d2i_X509) and checking its signature
 *     by the Fulcio CA that issued it (the CA chain above is the root's,
 *     checked once per root);
 *   - the signature over the artifact, or over the DSSE PAE;
 *   - one SCT signature by the CT log;
 *   - per log entry, the SET and the checkpoint signatures by the log,
 *     and the SHA-256 hashes of the inclusion proof;
 *   - per RFC 3161 timestamp, the CMS signature by the authority and the
 *     authority's leaf certificate by its issuer.
 * The certificate and the content signatures are the bundle's own; SCT,
 * SET, checkpoint and CMS signatures are made here with keys of the same
 * kind as the trusted root's, over messages of the same length, which
 * costs what verifying the real ones costs.
 */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ct.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "bench.h"
#include "ssr.h"

/* ---- the floor's operations ----------------------------------------------------- */

typedef struct signed_op {
    EVP_PKEY *key;
    unsigned char *msg, *sig;
    size_t msg_len, sig_len;
    bool prehashed; /* the message is a SHA-256 digest, verified with EVP_PKEY_verify */
} signed_op;

typedef struct floor_ops {
    unsigned char *leaf_der;
    size_t leaf_len;
    EVP_PKEY *issuer_key;      /* the Fulcio CA certificate that issued the leaf */
    X509 *tsa_leaf;            /* the root's timestamp authority leaf and its issuer's key */
    EVP_PKEY *tsa_issuer_key;
    size_t tsa_count;
    signed_op ops[16];
    size_t count;
    unsigned char *hashed;     /* the bodies the proofs hash, and how many node hashes */
    size_t hashed_len, node_hashes;
} floor_ops;

static unsigned char *b64(const char *text, size_t *len)
{
    size_t n = strlen(text);
    unsigned char *out = malloc(n + 1);
    if (out == NULL || sodium_base642bin(out, n + 1, text, n, NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        die("bad base64 in a bench input");
    return out;
}

/* A key like `like` (same type and curve), a random message of `len` bytes and its signature. */
static void synthetic(floor_ops *f, const EVP_PKEY *like, size_t len)
{
    EVP_PKEY *key = NULL;
    if (EVP_PKEY_get_base_id(like) == EVP_PKEY_ED25519) {
        key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    } else {
        char curve[32];
        size_t n = 0;
        if (!EVP_PKEY_get_utf8_string_param(like, "group", curve, sizeof curve, &n))
            die("a log key that is neither ECDSA nor Ed25519");
        key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
    }
    signed_op *op = &f->ops[f->count++];
    op->key = key;
    op->msg_len = len;
    op->msg = malloc(len);
    randombytes_buf(op->msg, len);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const EVP_MD *md = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? NULL : EVP_sha256();
    size_t sig_len = 0;
    if (key == NULL || ctx == NULL || EVP_DigestSignInit(ctx, NULL, md, NULL, key) != 1 ||
        EVP_DigestSign(ctx, NULL, &sig_len, op->msg, len) != 1 || (op->sig = malloc(sig_len)) == NULL ||
        EVP_DigestSign(ctx, op->sig, &sig_len, op->msg, len) != 1)
        die("cannot sign for the floor");
    op->sig_len = sig_len;
    EVP_MD_CTX_free(ctx);
}

static bool run_op(const signed_op *op)
{
    if (op->prehashed) {
        EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(op->key, NULL);
        bool ok = pctx != NULL && EVP_PKEY_verify_init(pctx) == 1 &&
                  EVP_PKEY_verify(pctx, op->sig, op->sig_len, op->msg, op->msg_len) == 1;
        EVP_PKEY_CTX_free(pctx);
        return ok;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const EVP_MD *md = EVP_PKEY_get_base_id(op->key) == EVP_PKEY_ED25519 ? NULL : EVP_sha256();
    bool ok = ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, md, NULL, op->key) == 1 &&
              EVP_DigestVerify(ctx, op->sig, op->sig_len, op->msg, op->msg_len) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* One bare verification's worth of work; false when an operation fails. */
static bool run_floor(const floor_ops *f)
{
    const unsigned char *p = f->leaf_der;
    X509 *leaf = d2i_X509(NULL, &p, (long)f->leaf_len);
    bool ok = leaf != NULL && X509_verify(leaf, f->issuer_key) == 1;
    X509_free(leaf);
    for (size_t i = 0; i < f->count && ok; i++)
        ok = run_op(&f->ops[i]);
    for (size_t i = 0; i < f->tsa_count && ok; i++)
        ok = X509_verify(f->tsa_leaf, f->tsa_issuer_key) == 1;
    unsigned char h[32];
    crypto_hash_sha256(h, f->hashed, f->hashed_len);
    for (size_t i = 0; i < f->node_hashes; i++)
        crypto_hash_sha256(h, h, sizeof h);
    return ok;
}

static EVP_PKEY *spki_key(const char *b64_der)
{
    size_t len;
    unsigned char *der = b64(b64_der, &len);
    const unsigned char *p = der;
    EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)len);
    free(der);
    if (key == NULL)
        die("a trusted root key OpenSSL cannot read");
    return key;
}

static X509 *cert_of(const char *b64_der)
{
    size_t len;
    unsigned char *der = b64(b64_der, &len);
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)len);
    free(der);
    if (cert == NULL)
        die("a certificate OpenSSL cannot read");
    return cert;
}

static const cJSON *get(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *str(const cJSON *o, const char *name)
{
    return cJSON_GetStringValue(get(o, name));
}

/* The floor of one bundle (or attestation, `pep740`) against the trusted root, from their JSON. */
static void build_floor(floor_ops *f, const char *bundle_text, bool pep740, const char *root_text,
                        const unsigned char *digest)
{
    memset(f, 0, sizeof *f);
    cJSON *bundle = cJSON_Parse(bundle_text), *root = cJSON_Parse(root_text);
    if (bundle == NULL || root == NULL)
        die("a bench input is not JSON");
    const cJSON *material = get(bundle, pep740 ? "verification_material" : "verificationMaterial");
    const char *leaf_b64 = pep740 ? str(material, "certificate") : str(get(material, "certificate"), "rawBytes");
    if (leaf_b64 == NULL)
        leaf_b64 = str(cJSON_GetArrayItem(get(get(material, "x509CertificateChain"), "certificates"), 0), "rawBytes");
    f->leaf_der = b64(leaf_b64, &f->leaf_len);
    X509 *leaf = cert_of(leaf_b64);

    /* the CA certificate that issued the leaf */
    const cJSON *ca;
    cJSON_ArrayForEach(ca, get(root, "certificateAuthorities"))
    {
        X509 *first = cert_of(str(cJSON_GetArrayItem(get(get(ca, "certChain"), "certificates"), 0), "rawBytes"));
        if (X509_check_issued(first, leaf) == X509_V_OK && f->issuer_key == NULL) {
            f->issuer_key = X509_get_pubkey(first);
        }
        X509_free(first);
    }
    if (f->issuer_key == NULL)
        die("no CA of the root issued the bench bundle's leaf");

    /* the content: the bundle's own signature with the leaf's key */
    EVP_PKEY *leaf_key = X509_get_pubkey(leaf);
    signed_op *content = &f->ops[f->count++];
    content->key = leaf_key;
    const cJSON *envelope = get(bundle, pep740 ? "envelope" : "dsseEnvelope");
    if (envelope != NULL) {
        const char *payload64 = pep740 ? str(envelope, "statement") : str(envelope, "payload");
        const char *sig64 =
            pep740 ? str(envelope, "signature") : str(cJSON_GetArrayItem(get(envelope, "signatures"), 0), "sig");
        const char *type = pep740 ? "application/vnd.in-toto+json" : str(envelope, "payloadType");
        size_t payload_len;
        unsigned char *payload = b64(payload64, &payload_len), *pae = NULL;
        size_t pae_len = 0;
        if (ssr_dsse_pae(type, strlen(type), payload, payload_len, &pae, &pae_len) != SSR_OK)
            die("cannot build a PAE");
        content->msg = malloc(pae_len);
        memcpy(content->msg, pae, pae_len);
        content->msg_len = pae_len;
        ssr_free(pae);
        free(payload);
        content->sig = b64(sig64, &content->sig_len);
    } else {
        content->prehashed = true;
        content->msg = malloc(32);
        memcpy(content->msg, digest, 32);
        content->msg_len = 32;
        content->sig = b64(str(get(bundle, "messageSignature"), "signature"), &content->sig_len);
    }
    if (!run_op(content))
        die("the bench bundle's own signature does not verify");

    /* one SCT by the CT log that logged the leaf (a key like its), over about the leaf's TBS */
    STACK_OF(SCT) *scts = X509_get_ext_d2i(leaf, NID_ct_precert_scts, NULL, NULL);
    unsigned char *sct_id = NULL;
    size_t sct_id_len = scts != NULL && sk_SCT_num(scts) > 0 ? SCT_get0_log_id(sk_SCT_value(scts, 0), &sct_id) : 0;
    EVP_PKEY *ct_key = NULL;
    const cJSON *ctlog;
    cJSON_ArrayForEach(ctlog, get(root, "ctlogs"))
    {
        size_t id_len;
        unsigned char *id = b64(str(get(ctlog, "logId"), "keyId"), &id_len);
        if (ct_key == NULL && id_len == sct_id_len && memcmp(id, sct_id, id_len) == 0)
            ct_key = spki_key(str(get(ctlog, "publicKey"), "rawBytes"));
        free(id);
    }
    SCT_LIST_free(scts);
    if (ct_key == NULL)
        die("no CT log of the root logged the bench bundle's leaf");
    synthetic(f, ct_key, f->leaf_len + 48);
    EVP_PKEY_free(ct_key);

    /* per entry: the SET and the checkpoint by the entry's log; the proof's hashes */
    const cJSON *entry;
    cJSON_ArrayForEach(entry, get(material, pep740 ? "transparency_entries" : "tlogEntries"))
    {
        const char *id = str(get(entry, "logId"), "keyId");
        EVP_PKEY *log_key = NULL;
        const cJSON *log;
        cJSON_ArrayForEach(log, get(root, "tlogs")) if (str(get(log, "logId"), "keyId") && id &&
                                                         strcmp(str(get(log, "logId"), "keyId"), id) == 0)
            log_key = spki_key(str(get(log, "publicKey"), "rawBytes"));
        if (log_key == NULL)
            die("an entry of a log the root does not name");
        const char *body = str(entry, "canonicalizedBody");
        if (get(entry, "inclusionPromise") != NULL)
            synthetic(f, log_key, strlen(body) + 120);
        const cJSON *proof = get(entry, "inclusionProof");
        if (proof != NULL) {
            synthetic(f, log_key, strlen(str(get(proof, "checkpoint"), "envelope")));
            f->node_hashes += (size_t)cJSON_GetArraySize(get(proof, "hashes"));
        }
        size_t body_len;
        unsigned char *bytes = b64(body, &body_len);
        free(f->hashed);
        f->hashed = bytes;
        f->hashed_len = body_len;
        EVP_PKEY_free(log_key);
    }

    /* per timestamp: the CMS signature and the authority's leaf by its issuer */
    const cJSON *stamps = get(get(material, "timestampVerificationData"), "rfc3161Timestamps");
    f->tsa_count = (size_t)cJSON_GetArraySize(stamps);
    if (f->tsa_count > 0) {
        const cJSON *certs = get(get(cJSON_GetArrayItem(get(root, "timestampAuthorities"), 0), "certChain"),
                                 "certificates");
        f->tsa_leaf = cert_of(str(cJSON_GetArrayItem(certs, 0), "rawBytes"));
        X509 *issuer = cert_of(str(cJSON_GetArrayItem(certs, 1), "rawBytes"));
        f->tsa_issuer_key = X509_get_pubkey(issuer);
        X509_free(issuer);
        EVP_PKEY *tsa_key = X509_get_pubkey(f->tsa_leaf);
        for (size_t i = 0; i < f->tsa_count; i++)
            synthetic(f, tsa_key, 300); /* the CMS signed attributes */
        EVP_PKEY_free(tsa_key);
    }
    X509_free(leaf);
    cJSON_Delete(bundle);
    cJSON_Delete(root);
    if (!run_floor(f))
        die("the floor's operations do not verify");
}

static void free_floor(floor_ops *f)
{
    free(f->leaf_der);
    EVP_PKEY_free(f->issuer_key);
    X509_free(f->tsa_leaf);
    EVP_PKEY_free(f->tsa_issuer_key);
    for (size_t i = 0; i < f->count; i++) {
        EVP_PKEY_free(f->ops[i].key);
        free(f->ops[i].msg);
        free(f->ops[i].sig);
    }
    free(f->hashed);
}

/* ---- the cases ------------------------------------------------------------------------ */

static const char conformance_identity[] = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-"
                                           "beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
static const char conformance_issuer[] = "https://token.actions.githubusercontent.com";

static const struct bench_case {
    const char *name;
    const char *bundle;   /* relative to SIGSTORE */
    const char *artifact; /* relative to SIGSTORE */
    const char *root;     /* relative to SIGSTORE */
    const char *policy;   /* NULL: the conformance identity */
    const char *filename; /* PEP 740: the distribution's name */
} cases[] = {
    {"verify.bundle.v0.1", "conformance/bundle-verify/happy-path-v0.1/bundle.sigstore.json",
     "conformance/bundle-verify/a.txt", "trust/public-good.trusted_root.json", NULL, NULL},
    {"verify.bundle.v0.2", "conformance/bundle-verify/happy-path-v0.2/bundle.sigstore.json",
     "conformance/bundle-verify/a.txt", "trust/public-good.trusted_root.json", NULL, NULL},
    {"verify.bundle.v0.3", "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json",
     "conformance/bundle-verify/a.txt", "trust/public-good.trusted_root.json", NULL, NULL},
    {"verify.bundle.dsse", "conformance/bundle-verify/happy-path-intoto-in-dsse-v3/bundle.sigstore.json",
     "conformance/bundle-verify/a.txt", "trust/public-good.trusted_root.json", NULL,
     NULL},
    {"verify.bundle.rekor2", "conformance/bundle-verify/rekor2-happy-path/bundle.sigstore.json",
     "conformance/bundle-verify/a.txt", "conformance/bundle-verify/rekor2-happy-path/trusted_root.json", NULL, NULL},
    {"verify.pep740.attestation", "pep740/pypi_attestation_models-0.0.4a2.tar.gz.attestation",
     "pep740/pypi_attestation_models-0.0.4a2.tar.gz", "trust/public-good.trusted_root.json",
     "{\"github\":{\"repository\":\"trailofbits/pypi-attestation-models\",\"workflow\":\"release.yml\"}}",
     "pypi_attestation_models-0.0.4a2.tar.gz"},
};

static char *read_at(const char *dir, const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *data = read_whole(path, len);
    if (data == NULL)
        die("cannot read a bench input");
    return data;
}

int bench_verify(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench verify SIGSTORE-CORPUS [REPS [CASE]]");
    const char *dir = argv[2];
    int reps = reps_arg(argc, argv, 3, 9);
    enum { ROUNDS = 40 };
    ssr_verify_options *at_now = ssr_verify_options_new(); /* the defaults: now, one log entry, one signed time */
    if (at_now == NULL)
        die("out of memory");
    const char *only = argc > 4 ? argv[4] : NULL; /* a case's name, for a profile of it alone */
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct bench_case *k = &cases[c];
        if (only != NULL && strstr(k->name, only) == NULL)
            continue;
        size_t bundle_len, root_len, artifact_len;
        char *bundle = read_at(dir, k->bundle, &bundle_len);
        char *root_text = read_at(dir, k->root, &root_len);
        char *artifact_bytes = read_at(dir, k->artifact, &artifact_len);
        ssr_trust_root *root = NULL;
        ssr_verify_policy *policy = NULL;
        ssr_artifact *artifact = ssr_artifact_new();
        unsigned char digest[32];
        char hex[65];
        crypto_hash_sha256(digest, (const unsigned char *)artifact_bytes, artifact_len);
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        int status = ssr_trust_root_parse(root_text, root_len, &root, NULL);
        if (status == SSR_OK)
            status = ssr_artifact_add_digest(artifact, "sha256", 6, hex, 64);
        if (status == SSR_OK)
            status = k->policy != NULL ? ssr_verify_policy_parse(k->policy, strlen(k->policy), &policy, NULL)
                                       : ssr_verify_policy_identity(conformance_identity, strlen(conformance_identity),
                                                                    conformance_issuer, strlen(conformance_issuer),
                                                                    &policy);
        if (status != SSR_OK)
            die("cannot set a bench case up");
        floor_ops floor;
        build_floor(&floor, bundle, k->filename != NULL, root_text, digest);

        double ours[MAX_REPS], bare[MAX_REPS];
        for (int step = 0; step < reps * 2; step++) {
            int r = step / 2;
            double start = now();
            if ((step + r) % 2 == 0) {
                for (int i = 0; i < ROUNDS; i++)
                    if (!run_floor(&floor))
                        die("the floor failed");
                bare[r] = now() - start;
                continue;
            }
            for (int i = 0; i < ROUNDS; i++) {
                ssr_verify_result *result = NULL;
                ssr_report *report = NULL;
                status = k->filename != NULL
                             ? ssr_verify_pep740(root, policy, bundle, bundle_len, k->filename, strlen(k->filename),
                                                 artifact, at_now, &result, &report)
                             : ssr_verify_bundle(root, policy, bundle, bundle_len, artifact, at_now, &result,
                                                 &report);
                if (status != SSR_OK) {
                    fprintf(stderr, "%s: %s\n", k->name,
                            report != NULL && ssr_report_count(report) ? ssr_diag_message(report, 0) : "");
                    die("a bench bundle does not verify");
                }
                ssr_verify_result_free(result);
                ssr_report_free(report);
            }
            ours[r] = now() - start;
        }
        row(k->name, ROUNDS / best(ours, reps), ROUNDS / best(bare, reps), "verifies/s");
        free_floor(&floor);
        ssr_verify_policy_free(policy);
        ssr_artifact_free(artifact);
        ssr_trust_root_free(root);
        free(bundle);
        free(root_text);
        free(artifact_bytes);
    }
    ssr_verify_options_free(at_now);
    return 0;
}

/* ---- OIDC ID tokens ----------------------------------------------------------------------- */

/*
 * ssr-bench token JOSE [REPS]: an RS256 ID token verified per second, the
 * whole step (ssr_tp_verify_token: signature, claims, policy) and the
 * signature layer alone (ssr_jws_verify), beside the floor: the bare
 * OpenSSL RS256 verification of the same signing input with the key
 * decoded once.
 */
int bench_token(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench token JOSE-CORPUS [REPS]");
    int reps = reps_arg(argc, argv, 3, 15);
    enum { ROUNDS = 2000 };
    char path[4096];
    size_t keys_len, token_len;
    snprintf(path, sizeof path, "%s/generated/jwks.json", argv[2]);
    char *keys = read_whole(path, &keys_len);
    snprintf(path, sizeof path, "%s/generated/tokens/valid-rs256.jwt", argv[2]);
    char *token = read_whole(path, &token_len);
    if (keys == NULL || token == NULL)
        die("cannot read the jose corpus");
    while (token_len > 0 && (token[token_len - 1] == '\n' || token[token_len - 1] == '\r'))
        token_len--;
    static const char policy[] =
        "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
        "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\",\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],\"github\":{"
        "\"owner\":\"octo-org\",\"owner_id\":\"123456\",\"repository\":\"octo-repo\",\"workflow\":\"release.yml\"},"
        "\"token\":{\"leeway_seconds\":0,\"require_jti\":true}}";
    ssr_jwks *jwks = NULL;
    ssr_tp_policy *compiled = NULL;
    if (ssr_jwks_parse(keys, keys_len, &jwks, NULL) != SSR_OK ||
        ssr_tp_policy_parse(policy, sizeof policy - 1, &compiled, NULL) != SSR_OK)
        die("cannot read the JWKS or the policy");

    /* the floor's key and signature, decoded once */
    cJSON *set = cJSON_Parse(keys);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(set, "keys"), 0);
    size_t n_len, e_len, sig_len;
    const char *n64 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "n"));
    const char *e64 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "e"));
    unsigned char n[1024], e[16], sig[1024];
    const char *last_dot = strrchr(token, '.');
    if (sodium_base642bin(n, sizeof n, n64, strlen(n64), NULL, &n_len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        sodium_base642bin(e, sizeof e, e64, strlen(e64), NULL, &e_len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        sodium_base642bin(sig, sizeof sig, last_dot + 1, token_len - (size_t)(last_dot + 1 - token), NULL, &sig_len,
                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        die("cannot decode the floor's key");
    cJSON_Delete(set);
    BIGNUM *bn_n = BN_bin2bn(n, (int)n_len, NULL), *bn_e = BN_bin2bn(e, (int)e_len, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, "n", bn_n);
    OSSL_PARAM_BLD_push_BN(bld, "e", bn_e);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pkey = NULL;
    if (params == NULL || pctx == NULL || EVP_PKEY_fromdata_init(pctx) != 1 ||
        EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        die("cannot make the floor's key");
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(pctx);
    BN_free(bn_n);
    BN_free(bn_e);
    size_t input_len = (size_t)(last_dot - token);
    EVP_MD *sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL); /* fetched once: the fastest bare call */

    double whole[MAX_REPS], layer[MAX_REPS], bare[MAX_REPS];
    for (int step = 0; step < reps * 3; step++) {
        int r = step / 3, which = (step + r) % 3;
        double start = now();
        for (int i = 0; i < ROUNDS; i++) {
            if (which == 0) {
                EVP_MD_CTX *ctx = EVP_MD_CTX_new();
                if (ctx == NULL || EVP_DigestVerifyInit(ctx, NULL, sha256, NULL, pkey) != 1 ||
                    EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)token, input_len) != 1)
                    die("the floor's signature does not verify");
                EVP_MD_CTX_free(ctx);
            } else if (which == 1) {
                if (ssr_jws_verify(jwks, token, token_len, 0, NULL, NULL, NULL) != SSR_OK)
                    die("the token's signature does not verify");
            } else {
                ssr_tp_result *result = NULL;
                if (ssr_tp_verify_token(compiled, jwks, token, token_len, 1750000000, 0, &result, NULL) != SSR_OK ||
                    !ssr_tp_matched(result))
                    die("the token does not verify and match");
                ssr_tp_result_free(result);
            }
        }
        double t = now() - start;
        (which == 0 ? bare : which == 1 ? layer : whole)[r] = t;
    }
    row("token.rs256.verify_and_match", ROUNDS / best(whole, reps), ROUNDS / best(bare, reps), "tokens/s");
    row("token.rs256.signature_layer", ROUNDS / best(layer, reps), ROUNDS / best(bare, reps), "tokens/s");
    EVP_PKEY_free(pkey);
    EVP_MD_free(sha256);
    ssr_tp_policy_free(compiled);
    ssr_jwks_free(jwks);
    free(keys);
    free(token);
    return 0;
}

/* ---- verification per call, for the bindings' comparison ------------------------------ */

enum { CALL_BUNDLES = 200, CALL_ATTESTATIONS = 200, CALL_TOKENS = 2000 };

/* One verification as a binding makes it: the artifact (its sha256 given) and the options made per call. */
static int verify_once(const ssr_trust_root *root, const ssr_verify_policy *policy, const char *data, size_t len,
                       const char *filename, const char *hex)
{
    ssr_artifact *artifact = ssr_artifact_new();
    ssr_verify_options *options = ssr_verify_options_new();
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    int status = artifact == NULL || options == NULL ? SSR_ENOMEM : ssr_artifact_add_digest(artifact, "sha256", 6, hex, 64);
    if (status == SSR_OK)
        status = ssr_verify_options_set_time(options, (int64_t)time(NULL));
    if (status == SSR_OK)
        status = filename != NULL ? ssr_verify_pep740(root, policy, data, len, filename, strlen(filename), artifact,
                                                      options, &result, &report)
                                  : ssr_verify_bundle(root, policy, data, len, artifact, options, &result, &report);
    ssr_verify_result_free(result);
    ssr_report_free(report);
    ssr_verify_options_free(options);
    ssr_artifact_free(artifact);
    return status;
}

static void sha256_hex(const char *data, size_t len, char hex[65])
{
    unsigned char digest[32];
    crypto_hash_sha256(digest, (const unsigned char *)data, len);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
}

/*
 * calls-verify SIGSTORE JOSE TOKEN-POLICY [REPS]: per second, the v0.3
 * conformance bundle verified, the PEP 740 attestation verified, and the
 * RS256 token verified and matched (its policy document compiled per call,
 * as the bindings' tp_verify_token takes it), the way each binding's driver
 * (bench/bindings/) calls them; prints the three rates.
 */
int bench_calls_verify(int argc, char **argv)
{
    if (argc < 5)
        die("usage: ssr-bench calls-verify SIGSTORE JOSE TOKEN-POLICY [REPS]");
    const char *dir = argv[2];
    int reps = reps_arg(argc, argv, 5, 5);
    size_t root_len, bundle_len, a_len, att_len, dist_len, jwks_len, token_len, policy_len;
    char *root_text = read_at(dir, "trust/public-good.trusted_root.json", &root_len);
    char *bundle = read_at(dir, "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json", &bundle_len);
    char *a_txt = read_at(dir, "conformance/bundle-verify/a.txt", &a_len);
    char *attestation = read_at(dir, "pep740/pypi_attestation_models-0.0.4a2.tar.gz.attestation", &att_len);
    char *dist = read_at(dir, "pep740/pypi_attestation_models-0.0.4a2.tar.gz", &dist_len);
    char *keys = read_at(argv[3], "generated/jwks.json", &jwks_len);
    char *token = read_at(argv[3], "generated/tokens/valid-rs256.jwt", &token_len);
    char *tp_policy = read_whole(argv[4], &policy_len);
    while (token_len > 0 && (token[token_len - 1] == '\n' || token[token_len - 1] == '\r'))
        token_len--;
    static const char pep740_policy[] = "{\"github\":{\"repository\":\"trailofbits/pypi-attestation-models\","
                                        "\"workflow\":\"release.yml\"}}";
    static const char filename[] = "pypi_attestation_models-0.0.4a2.tar.gz";
    char a_hex[65], dist_hex[65];
    sha256_hex(a_txt, a_len, a_hex);
    sha256_hex(dist, dist_len, dist_hex);
    ssr_trust_root *root = NULL;
    ssr_verify_policy *identity = NULL, *publisher = NULL;
    ssr_jwks *jwks = NULL;
    if (tp_policy == NULL || ssr_trust_root_parse(root_text, root_len, &root, NULL) != SSR_OK ||
        ssr_verify_policy_identity(conformance_identity, strlen(conformance_identity), conformance_issuer,
                                   strlen(conformance_issuer), &identity) != SSR_OK ||
        ssr_verify_policy_parse(pep740_policy, sizeof pep740_policy - 1, &publisher, NULL) != SSR_OK ||
        ssr_jwks_parse(keys, jwks_len, &jwks, NULL) != SSR_OK)
        die("cannot set the verification calls up");

    double bundles[MAX_REPS], attestations[MAX_REPS], tokens[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        double start = now();
        for (int i = 0; i < CALL_BUNDLES; i++)
            if (verify_once(root, identity, bundle, bundle_len, NULL, a_hex) != SSR_OK)
                die("the bundle does not verify");
        bundles[r] = now() - start;
        start = now();
        for (int i = 0; i < CALL_ATTESTATIONS; i++)
            if (verify_once(root, publisher, attestation, att_len, filename, dist_hex) != SSR_OK)
                die("the attestation does not verify");
        attestations[r] = now() - start;
        start = now();
        for (int i = 0; i < CALL_TOKENS; i++) {
            ssr_tp_policy *compiled = NULL;
            ssr_tp_result *result = NULL;
            if (ssr_tp_policy_parse(tp_policy, policy_len, &compiled, NULL) != SSR_OK ||
                ssr_tp_verify_token(compiled, jwks, token, token_len, 1750000000, 0, &result, NULL) != SSR_OK ||
                !ssr_tp_matched(result))
                die("the token does not verify and match");
            ssr_tp_result_free(result);
            ssr_tp_policy_free(compiled);
        }
        tokens[r] = now() - start;
    }
    printf("%.1f %.1f %.1f\n", CALL_BUNDLES / best(bundles, reps), CALL_ATTESTATIONS / best(attestations, reps),
           CALL_TOKENS / best(tokens, reps));
    ssr_jwks_free(jwks);
    ssr_verify_policy_free(publisher);
    ssr_verify_policy_free(identity);
    ssr_trust_root_free(root);
    free(root_text);
    free(bundle);
    free(a_txt);
    free(attestation);
    free(dist);
    free(keys);
    free(token);
    free(tp_policy);
    return 0;
}

/* ---- verification from threads sharing one root -------------------------------------------- */

typedef struct thread_job {
    const ssr_trust_root *root;
    const ssr_verify_policy *policy;
    const char *bundle;
    size_t len;
    const char *hex;
    int count;
    int failures;
} thread_job;

static void *verify_many(void *arg)
{
    thread_job *j = arg;
    for (int i = 0; i < j->count; i++)
        if (verify_once(j->root, j->policy, j->bundle, j->len, NULL, j->hex) != SSR_OK)
            j->failures++;
    return NULL;
}

/* Seconds for `total` verifications split over `threads` threads sharing the root and the policy. */
static double timed_threads(thread_job *proto, int threads, int total)
{
    pthread_t ids[8];
    thread_job jobs[8];
    double start = now();
    for (int t = 0; t < threads; t++) {
        jobs[t] = *proto;
        jobs[t].count = total / threads;
        if (pthread_create(&ids[t], NULL, verify_many, &jobs[t]) != 0)
            die("cannot start a thread");
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        if (jobs[t].failures != 0)
            die("a verification from a thread failed");
    }
    return now() - start;
}

/*
 * ssr-bench verify-threads SIGSTORE [REPS]: the v0.3 conformance bundle
 * verified by two threads sharing one trusted root and one policy, against
 * the same number of verifications on one thread, alternating, each
 * keeping its best. Every verification does every check.
 */
int bench_verify_threads(int argc, char **argv)
{
    if (argc < 3)
        die("usage: ssr-bench verify-threads SIGSTORE [REPS]");
    int reps = reps_arg(argc, argv, 3, 7);
    enum { TOTAL = 400 };
    size_t root_len, bundle_len, a_len;
    char *root_text = read_at(argv[2], "trust/public-good.trusted_root.json", &root_len);
    char *bundle = read_at(argv[2], "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json", &bundle_len);
    char *a_txt = read_at(argv[2], "conformance/bundle-verify/a.txt", &a_len);
    char hex[65];
    sha256_hex(a_txt, a_len, hex);
    ssr_trust_root *root = NULL;
    ssr_verify_policy *policy = NULL;
    if (ssr_trust_root_parse(root_text, root_len, &root, NULL) != SSR_OK ||
        ssr_verify_policy_identity(conformance_identity, strlen(conformance_identity), conformance_issuer,
                                   strlen(conformance_issuer), &policy) != SSR_OK)
        die("cannot read the trusted root or make the policy");
    thread_job proto = {root, policy, bundle, bundle_len, hex, 0, 0};
    double one[MAX_REPS], two[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        if (r % 2 == 0) {
            one[r] = timed_threads(&proto, 1, TOTAL);
            two[r] = timed_threads(&proto, 2, TOTAL);
        } else {
            two[r] = timed_threads(&proto, 2, TOTAL);
            one[r] = timed_threads(&proto, 1, TOTAL);
        }
    }
    row("verify.threads.2", TOTAL / best(two, reps), TOTAL / best(one, reps), "verifies/s");
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
    free(root_text);
    free(bundle);
    free(a_txt);
    return 0;
}

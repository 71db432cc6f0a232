/*
 * The verification of one piece of evidence: what a bundle holds (read once
 * into an ssri_evidence, whether it is spelled as a bundle or as a PEP 740
 * attestation), then the checks in the order a failure is best explained:
 * the signature over the artifact (or the DSSE envelope and its subject),
 * the transparency-log entries, the timestamps, the signed times, the
 * certificate at each of them, and the policy. The entry points (bundle.c,
 * pep740.c, npm.c) call it once per bundle.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rsa.h>

#include "common/base64.h"
#include "kinds/attestations.h"
#include "kinds/kinds.h"
#include "schema/schema.h"
#include "verify.h"
#include "x509.h"


/* ---- reading the evidence ------------------------------------------------------ */

void ssri_evidence_release(ssri_evidence *ev)
{
    X509_free(ev->leaf);
    ssri_free(ev->leaf_der);
    ssri_free(ev->signature);
    ssri_free(ev->message_digest);
    ssri_free(ev->payload);
    ssr_public_key_free(ev->key);
    *ev = (ssri_evidence){0};
}

static int decode(const char *text, unsigned char **out, size_t *len)
{
    int status = SSR_EVERIFY;
    *out = NULL;
    *len = 0;
    if (text != NULL && ssri_base64_decode(text, strlen(text), out, len, &status))
        return SSR_OK;
    return text != NULL && status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EVERIFY;
}

/* The leaf certificate from its base64 DER. */
static int read_leaf(const ssri_vctx *ctx, ssri_evidence *ev, const cJSON *node, const char *pointer)
{
    ev->leaf_node = node;
    ev->leaf_pointer = pointer;
    const char *text = cJSON_IsString(node) ? node->valuestring : NULL;
    if (text != NULL && strlen(text) / 4 * 3 > SSRI_MAX_CERTIFICATE)
        return ssri_verify_fail(ctx, "limit.certificate", pointer, node,
                                "Expected a certificate of at most %d bytes, found about %zu.", SSRI_MAX_CERTIFICATE,
                                strlen(text) / 4 * 3);
    unsigned char *der = NULL;
    size_t len = 0;
    int status = decode(text, &der, &len);
    if (status == SSR_ENOMEM)
        return status;
    ev->leaf = status == SSR_OK ? ssri_x509_parse_leaf(der, len) : NULL;
    if (ev->leaf != NULL) {
        ev->leaf_der = der;
        ev->leaf_der_len = len;
    } else {
        ssri_free(der);
    }
    if (ev->leaf == NULL)
        return ssri_verify_fail(ctx, "certificate.der", pointer, node,
                                "Expected the signing certificate as DER X.509, found %zu bytes that are not.", len);
    return SSR_OK;
}

static int read_bundle_material(const ssri_vctx *ctx, const cJSON *bundle, ssri_evidence *ev)
{
    const cJSON *material = ssri_get(bundle, "verificationMaterial");
    const cJSON *cert = ssri_get(material, "certificate");
    const cJSON *chain = ssri_get(ssri_get(material, "x509CertificateChain"), "certificates");
    ev->entries = ssri_get(material, "tlogEntries");
    ev->entries_pointer = "/verificationMaterial/tlogEntries";
    ev->stamps = ssri_get(ssri_get(material, "timestampVerificationData"), "rfc3161Timestamps");
    ev->stamps_pointer = "/verificationMaterial/timestampVerificationData/rfc3161Timestamps";
    if (cJSON_IsObject(cert))
        return read_leaf(ctx, ev, ssri_get(cert, "rawBytes"), "/verificationMaterial/certificate/rawBytes");
    if (cJSON_IsArray(chain)) {
        int n = cJSON_GetArraySize(chain);
        if (n > SSRI_MAX_CHAIN)
            return ssri_verify_fail(ctx, "limit.chain", "/verificationMaterial/x509CertificateChain/certificates",
                                    chain, "Expected at most %d certificates in the chain, found %d.", SSRI_MAX_CHAIN,
                                    n);
        int status = read_leaf(ctx, ev, ssri_get(chain->child, "rawBytes"),
                               "/verificationMaterial/x509CertificateChain/certificates/0/rawBytes");
        /*
         * The chain's other certificates are never read as trust (the
         * trusted root gives the authorities). A root among them breaks
         * protobuf-specs' client policy, but the npm registry's 2023
         * bundles carry one: a warning, as sigstore-python gives.
         */
        int i = 1;
        for (const cJSON *c = chain->child->next; c != NULL && status == SSR_OK; c = c->next, i++) {
            unsigned char *der = NULL;
            size_t len = 0;
            status = decode(ssri_get_string(c, "rawBytes"), &der, &len);
            if (status == SSR_ENOMEM)
                return status;
            X509 *x = status == SSR_OK ? ssri_x509_parse(der, len) : NULL;
            ssri_free(der);
            char pointer[96];
            snprintf(pointer, sizeof pointer, "/verificationMaterial/x509CertificateChain/certificates/%d", i);
            if (x == NULL)
                status = ssri_verify_fail(ctx, "certificate.der", pointer, c,
                                          "Expected each certificate of the chain as DER X.509, found one that is not.");
            else if (ssri_x509_self_signed(x) && ctx->report != NULL &&
                     ssri_report_add(ctx->report, SSR_SEVERITY_WARNING, "verify.certificate.root-in-chain", pointer,
                                     ctx->src, ctx->len, ssri_node_offset(c),
                                     "Expected no root certificate in the bundle's chain (protobuf-specs' client "
                                     "policy), found a self-signed one; it is ignored: trust comes from the trusted "
                                     "root alone.") != SSR_OK)
                status = SSR_ENOMEM;
            X509_free(x);
        }
        return status;
    }
    ev->public_key = true;
    return SSR_OK;
}

static int read_message(const ssri_vctx *ctx, const cJSON *message, ssri_evidence *ev)
{
    const cJSON *digest = ssri_get(message, "messageDigest");
    ev->digest_alg = "SHA2_256";
    ev->signature_node = ssri_get(message, "signature");
    ev->signature_pointer = "/messageSignature/signature";
    int status = decode(ssri_get_string(message, "signature"), &ev->signature, &ev->signature_len);
    if (status != SSR_OK)
        return status;
    if (cJSON_IsObject(digest)) {
        ev->digest_alg = ssri_get_string(digest, "algorithm");
        ev->digest_node = ssri_get(digest, "digest");
        status = decode(ssri_get_string(digest, "digest"), &ev->message_digest, &ev->message_digest_len);
        if (ev->digest_alg == NULL || (strcmp(ev->digest_alg, "SHA2_256") != 0 && strcmp(ev->digest_alg, "SHA2_384") != 0 &&
                                      strcmp(ev->digest_alg, "SHA2_512") != 0))
            return ssri_verify_fail(ctx, "signature.algorithm", "/messageSignature/messageDigest/algorithm",
                                    ssri_get(digest, "algorithm"),
                                    "Expected a message digest of SHA2_256, SHA2_384 or SHA2_512, found %s.",
                                    ev->digest_alg != NULL ? ev->digest_alg : "none");
    }
    return status;
}

static int read_envelope(const ssri_vctx *ctx, const cJSON *envelope, ssri_evidence *ev)
{
    (void)ctx;
    ev->dsse = true;
    const cJSON *sig = ssri_get(ssri_get(envelope, "signatures") != NULL ? ssri_get(envelope, "signatures")->child : NULL,
                                "sig");
    ev->signature_node = sig;
    ev->signature_pointer = "/dsseEnvelope/signatures/0/sig";
    ev->payload_node = ssri_get(envelope, "payload");
    ev->payload_pointer = "/dsseEnvelope/payload";
    ev->payload_type = ssri_get_string(envelope, "payloadType");
    int status = decode(cJSON_IsString(sig) ? sig->valuestring : NULL, &ev->signature, &ev->signature_len);
    if (status == SSR_OK)
        status = decode(ssri_get_string(envelope, "payload"), &ev->payload, &ev->payload_len);
    return status;
}

int ssri_evidence_read(const ssri_vctx *ctx, const cJSON *root, bool pep740, ssri_evidence *ev)
{
    *ev = (ssri_evidence){.root = root, .pep740 = pep740};
    int status;
    if (pep740) {
        const cJSON *material = ssri_get(root, "verification_material"), *envelope = ssri_get(root, "envelope");
        ev->version = 3;
        ev->media_type = "application/vnd.pypi.attestation.v1";
        ev->entries = ssri_get(material, "transparency_entries");
        ev->entries_pointer = "/verification_material/transparency_entries";
        ev->stamps_pointer = "/verification_material/timestamps";
        status = read_leaf(ctx, ev, ssri_get(material, "certificate"), "/verification_material/certificate");
        ev->dsse = true;
        ev->payload_type = "application/vnd.in-toto+json";
        ev->signature_node = ssri_get(envelope, "signature");
        ev->signature_pointer = "/envelope/signature";
        ev->payload_node = ssri_get(envelope, "statement");
        ev->payload_pointer = "/envelope/statement";
        if (status == SSR_OK)
            status = decode(ssri_get_string(envelope, "signature"), &ev->signature, &ev->signature_len);
        if (status == SSR_OK)
            status = decode(ssri_get_string(envelope, "statement"), &ev->payload, &ev->payload_len);
        return status;
    }
    ev->media_type = ssri_get_string(root, "mediaType");
    const char *type = ev->media_type;
    ev->version = strstr(type, "0.1") != NULL ? 1 : strstr(type, "0.2") != NULL ? 2 : 3;
    status = read_bundle_material(ctx, root, ev);
    if (status != SSR_OK)
        return status;
    const cJSON *message = ssri_get(root, "messageSignature");
    if (cJSON_IsObject(message))
        return read_message(ctx, message, ev);
    return read_envelope(ctx, ssri_get(root, "dsseEnvelope"), ev);
}

/* ---- the content ------------------------------------------------------------------ */

static const EVP_MD *digest_md(const char *alg)
{
    return strcmp(alg, "SHA2_384") == 0 ? EVP_sha384() : strcmp(alg, "SHA2_512") == 0 ? EVP_sha512() : EVP_sha256();
}

static const char *digest_name(const char *alg)
{
    return strcmp(alg, "SHA2_384") == 0 ? "sha384" : strcmp(alg, "SHA2_512") == 0 ? "sha512" : "sha256";
}

/* The artifact's digest of the bundle's algorithm, into ev->artifact_digest. */
static int artifact_digest(const ssri_vctx *ctx, ssri_evidence *ev, const ssr_artifact *artifact)
{
    const char *name = digest_name(ev->digest_alg);
    const char *hex = ssri_artifact_hex(artifact, name);
    size_t n = 0;
    if (hex == NULL ||
        sodium_hex2bin(ev->artifact_digest, sizeof ev->artifact_digest, hex, strlen(hex), NULL, &n, NULL) != 0)
        return ssri_verify_fail(ctx, "artifact.digest", ev->signature_pointer, ev->signature_node,
                                "Expected the artifact's %s digest, which the signature is over, found the artifact "
                                "known by other digests.",
                                name);
    ev->artifact_digest_len = n;
    if (ev->message_digest != NULL &&
        (ev->message_digest_len != n || memcmp(ev->message_digest, ev->artifact_digest, n) != 0))
        return ssri_verify_fail(ctx, "signature.digest-mismatch", "/messageSignature/messageDigest/digest",
                                ev->digest_node,
                                "Expected the bundle's message digest to be the artifact's %s, found another digest.",
                                name);
    return SSR_OK;
}

/* A message signature: over the artifact's digest, with the key's scheme. */
static int verify_message(const ssri_vctx *ctx, const ssri_evidence *ev)
{
    const ssr_public_key *key = ev->key;
    int status;
    if (key->type == SSR_KEY_ED25519)
        return ssri_verify_fail(ctx, "signature.unsupported", ev->signature_pointer, ev->signature_node,
                                "Expected a message signature libssr can check over a digest (ECDSA or RSA), found an "
                                "Ed25519 key, which signs the whole message.");
    ssri_sig_params params = {.md = digest_md(ev->digest_alg), .padding = RSA_PKCS1_PADDING,
                              .salt_len = RSA_PSS_SALTLEN_DIGEST};
    status = ssri_verify_digest(key, &params, ev->artifact_digest, ev->artifact_digest_len, ev->signature,
                                ev->signature_len);
    if (status == SSR_EVERIFY && key->type == SSR_KEY_RSA) {
        params.padding = RSA_PKCS1_PSS_PADDING;
        status = ssri_verify_digest(key, &params, ev->artifact_digest, ev->artifact_digest_len, ev->signature,
                                    ev->signature_len);
    }
    if (status == SSR_EVERIFY)
        return ssri_verify_fail(ctx, "signature.invalid", ev->signature_pointer, ev->signature_node,
                                "Expected the signature to verify over the artifact's digest with the %s, found that it "
                                "does not.",
                                ev->leaf != NULL ? "certificate's key" : "managed key");
    return status;
}

int ssri_statement_parse(const ssri_vctx *ctx, const ssri_evidence *ev, ssr_doc **doc)
{
    *doc = NULL;
    int status = ssr_doc_parse(ev->payload, ev->payload_len, NULL, doc, NULL);
    if (status == SSR_ENOMEM)
        return status;
    const cJSON *root = *doc != NULL ? (*doc)->root : NULL;
    const char *type = ssri_get_string(root, "_type");
    if (root == NULL || type == NULL || !cJSON_IsArray(ssri_get(root, "subject")) ||
        (strcmp(type, "https://in-toto.io/Statement/v1") != 0 && strcmp(type, "https://in-toto.io/Statement/v0.1") != 0)) {
        ssr_doc_free(*doc);
        *doc = NULL;
        return ssri_verify_fail(ctx, "dsse.statement", ev->payload_pointer, ev->payload_node,
                                "Expected the payload to be an in-toto Statement (v1 or v0.1) with subjects, found %s.",
                                root == NULL ? "no strict JSON" : "another document");
    }
    return SSR_OK;
}

/* A DSSE envelope: its one signature over the PAE, an in-toto statement with a subject that is the artifact. */
static int verify_envelope(const ssri_vctx *ctx, const ssri_evidence *ev, const ssr_artifact *artifact, bool subject)
{
    unsigned char *pae = NULL;
    size_t pae_len = 0;
    const char *type = ev->payload_type != NULL ? ev->payload_type : "";
    int status = ssr_dsse_pae(type, strlen(type), ev->payload, ev->payload_len, &pae, &pae_len);
    if (status != SSR_OK)
        return status;
    status = ssri_key_verify(ev->key, pae, pae_len, ev->signature, ev->signature_len);
    ssr_free(pae);
    if (status == SSR_EVERIFY)
        return ssri_verify_fail(ctx, "dsse.signature", ev->signature_pointer, ev->signature_node,
                                "Expected the envelope's signature to verify over its PAE with the %s, found that it "
                                "does not.",
                                ev->leaf != NULL ? "certificate's key" : "managed key");
    if (status != SSR_OK || !subject)
        return status;
    if (!ssri_in_toto_payload_type(type))
        return ssri_verify_fail(ctx, "dsse.payload-type", ev->pep740 ? ev->payload_pointer : "/dsseEnvelope/payloadType",
                                ev->pep740 ? ev->payload_node : ssri_get(ssri_get(ev->root, "dsseEnvelope"), "payloadType"),
                                "Expected an in-toto payload (application/vnd.in-toto+json), found \"%.80s\".", type);
    ssr_doc *doc = NULL;
    if ((status = ssri_statement_parse(ctx, ev, &doc)) != SSR_OK)
        return status;
    bool found = false;
    for (const cJSON *s = ssri_get(doc->root, "subject")->child; s != NULL && !found; s = s->next)
        found = ssri_digests_match(artifact, ssri_get(s, "digest"));
    ssr_doc_free(doc);
    if (!found)
        return ssri_verify_fail(ctx, "dsse.subject", ev->payload_pointer, ev->payload_node,
                                "Expected a subject of the statement whose digests are the artifact's, found none.");
    return SSR_OK;
}

/* ---- times and the certificate --------------------------------------------------------- */

static int add_time(ssri_verified *out, ssri_time t, const char *source, const char *uri)
{
    ssri_time_source *grown = ssri_realloc(out->times, (out->time_count + 1) * sizeof *grown);
    if (grown == NULL)
        return SSR_ENOMEM;
    out->times = grown;
    grown[out->time_count] = (ssri_time_source){.time = t, .source = source};
    if ((grown[out->time_count].uri = ssri_strndup(uri, strlen(uri))) == NULL)
        return SSR_ENOMEM;
    out->time_count++;
    return SSR_OK;
}

/* The certificate at every signed time: valid, issued by a trusted CA valid then, code signing, logged in CT. */
static int verify_certificate(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev,
                              const ssri_verified *v)
{
    char stamp[40];
    for (size_t i = 0; i < v->time_count; i++) {
        if (!ssri_x509_valid_at(ev->leaf, v->times[i].time)) {
            ssri_time_format(v->times[i].time, stamp);
            return ssri_verify_fail(ctx, "certificate.validity", ev->leaf_pointer, ev->leaf_node,
                                    "Expected the signing certificate valid at every signed time, found it not valid "
                                    "at %s (%s).",
                                    stamp, v->times[i].source);
        }
    }
    ssri_time *times = ssri_malloc((v->time_count ? v->time_count : 1) * sizeof *times);
    if (times == NULL)
        return SSR_ENOMEM;
    for (size_t i = 0; i < v->time_count; i++)
        times[i] = v->times[i].time;
    unsigned char issuer_hash[32];
    int status = SSR_EVERIFY;
    for (size_t a = 0; a < root->ca_count && status == SSR_EVERIFY; a++)
        status = ssri_chain_verify_at(&root->cas[a], ev->leaf, ev->leaf_der, ev->leaf_der_len, times, v->time_count, issuer_hash);
    ssri_free(times);
    if (status == SSR_ENOMEM)
        return status;
    if (status != SSR_OK) {
        return ssri_verify_fail(ctx, "certificate.chain", ev->leaf_pointer, ev->leaf_node,
                                "Expected the signing certificate to chain to a certificate authority of the trusted "
                                "root valid at every signed time, found none it does.");
    }
    if (!ssri_x509_code_signing(ev->leaf)) {
        return ssri_verify_fail(ctx, "certificate.usage", ev->leaf_pointer, ev->leaf_node,
                                "Expected a code-signing leaf (not a CA, digital signature, extended key usage code "
                                "signing), found another certificate.");
    }
    if (!ctx->options->require_sct)
        return SSR_OK;
    ssri_time logged;
    status = ssri_sct_verify(root, ev->leaf, issuer_hash, &logged);
    if (status == SSR_EVERIFY)
        return ssri_verify_fail(ctx, "certificate.sct", ev->leaf_pointer, ev->leaf_node,
                                "Expected an embedded signed certificate timestamp that verifies with a CT log of the "
                                "trusted root, found none.");
    return status;
}

int ssri_certificate_claims(const ssri_vctx *ctx, const ssri_evidence *ev, ssri_verified *out)
{
    if (!ssri_x509_unique_extensions(ev->leaf))
        return ssri_verify_fail(ctx, "certificate.extension-duplicate", ev->leaf_pointer, ev->leaf_node,
                                "Expected each extension of the signing certificate once (RFC 5280), found one "
                                "twice.");
    int status = ssri_x509_identity(ev->leaf, &out->san, &out->san_kind);
    if (status == SSR_EINVALID)
        return ssri_verify_fail(ctx, "certificate.identity", ev->leaf_pointer, ev->leaf_node,
                                "Expected exactly one subject alternative name (a URI, an email or Fulcio's username "
                                "otherName), found another number or kind.");
    if (status != SSR_OK)
        return status;
    const char *malformed = NULL;
    status = ssri_x509_extensions(ev->leaf, &out->extensions, &out->extension_count, &malformed);
    if (status == SSR_EINVALID)
        return ssri_verify_fail(ctx, "certificate.extension-malformed", ev->leaf_pointer, ev->leaf_node,
                                "Expected the Fulcio extension %s to hold %s, found a value that does not.",
                                malformed,
                                strcmp(malformed, "issuer-v1") == 0 || strncmp(malformed, "github-", 7) == 0
                                    ? "text without NUL"
                                    : "one DER UTF8String without NUL");
    return status;
}

/* ---- the whole ------------------------------------------------------------------------------ */

int ssri_verify_evidence(const ssri_vctx *ctx, const ssr_trust_root *root, const ssr_verify_policy *policy,
                         const ssri_evidence *cev, const ssr_artifact *artifact, ssri_verified *out)
{
    ssri_evidence *ev = (ssri_evidence *)cev; /* the key and the digest are filled in here */
    int status;
    /* who signed: the certificate's key, or the policy's */
    if (ev->leaf == NULL && policy->type != SSRI_POLICY_KEY)
        return ssri_verify_fail(ctx, "policy.material", "/verificationMaterial/publicKey",
                                ssri_get(ssri_get(ev->root, "verificationMaterial"), "publicKey"),
                                "Expected a certificate to check the signer's identity against, found a managed key's "
                                "hint: verify this bundle with its public key.");
    if (ev->leaf != NULL && policy->type == SSRI_POLICY_KEY)
        return ssri_verify_fail(ctx, "policy.material", ev->leaf_pointer, ev->leaf_node,
                                "Expected a bundle signed with a managed key for a key policy, found a certificate: "
                                "verify this bundle with an identity.");
    if (ev->leaf != NULL) {
        status = ssri_x509_key(ev->leaf, &ev->key);
        if (status == SSR_EINVALID)
            return ssri_verify_fail(ctx, "certificate.key", ev->leaf_pointer, ev->leaf_node,
                                    "Expected the certificate's key to be ECDSA P-256/P-384, RSA or Ed25519, found "
                                    "another.");
    } else {
        ev->key = ssri_malloc(sizeof *ev->key);
        status = ev->key == NULL ? SSR_ENOMEM : ssri_public_key_copy(ev->key, policy->key);
        if (status != SSR_OK && ev->key != NULL) {
            ssri_free(ev->key);
            ev->key = NULL;
        }
    }
    if (status != SSR_OK)
        return status;

    /* the content */
    if (!ev->dsse) {
        if ((status = artifact_digest(ctx, ev, artifact)) != SSR_OK || (status = verify_message(ctx, ev)) != SSR_OK)
            return status;
        out->digest_alg = digest_name(ev->digest_alg);
        if ((out->digest_hex = ssri_hex(ev->artifact_digest, ev->artifact_digest_len)) == NULL)
            return SSR_ENOMEM;
    } else if ((status = verify_envelope(ctx, ev, artifact, artifact != NULL)) != SSR_OK) {
        return status;
    }

    /* the log entries and the timestamps: the signed times */
    if ((status = ssri_tlog_verify(ctx, root, ev, out)) != SSR_OK)
        return status;
    if (out->entry_count < ctx->options->min_log_entries)
        return ssri_verify_fail(ctx, "tlog.required", ev->entries_pointer, ev->entries,
                                "Expected at least %u transparency-log entr%s, found %zu.",
                                ctx->options->min_log_entries, ctx->options->min_log_entries == 1 ? "y" : "ies",
                                out->entry_count);
    if ((status = ssri_tsa_verify(ctx, root, ev, out)) != SSR_OK)
        return status;
    bool stamped = out->time_count > 0;
    for (size_t i = 0; i < out->entry_count; i++)
        if (out->entries[i].integrated_time >= 0 &&
            (status = add_time(out, (ssri_time){.sec = out->entries[i].integrated_time}, "transparency-log",
                               out->entries[i].log_url)) != SSR_OK)
            return status;
    if (ssri_tlog_has_v2(out) && !stamped)
        return ssri_verify_fail(ctx, "time.timestamp-required", ev->entries_pointer, ev->entries,
                                "Expected an RFC 3161 timestamp with a Rekor v2 entry (it has no integrated time), "
                                "found none.");
    if (out->time_count == 0)
        return ssri_verify_fail(ctx, "time.none", ev->pep740 ? "/verification_material" : "/verificationMaterial",
                                ssri_get(ev->root, ev->pep740 ? "verification_material" : "verificationMaterial"),
                                "Expected a signed time (an integrated time with a verified signed entry timestamp, or "
                                "an RFC 3161 timestamp), found none.");
    if (out->time_count < ctx->options->min_signed_times)
        return ssri_verify_fail(ctx, "time.too-few", ev->pep740 ? "/verification_material" : "/verificationMaterial",
                                ssri_get(ev->root, ev->pep740 ? "verification_material" : "verificationMaterial"),
                                "Expected at least %u signed times (integrated times with verified signed entry "
                                "timestamps, RFC 3161 timestamps), found %zu.",
                                ctx->options->min_signed_times, out->time_count);
    for (size_t i = 0; i < out->time_count; i++) {
        if (out->times[i].time.sec > ctx->options->now) {
            char stamp[40];
            ssri_time_format(out->times[i].time, stamp);
            return ssri_verify_fail(ctx, "time.future", ev->entries_pointer, ev->entries,
                                    "Expected every signed time in the past, found %s (%s).", stamp,
                                    out->times[i].source);
        }
    }

    /* the certificate and the policy, or the key */
    if (ev->leaf != NULL) {
        if ((status = verify_certificate(ctx, root, ev, out)) != SSR_OK)
            return status;
        if ((status = ssri_certificate_claims(ctx, ev, out)) != SSR_OK)
            return status;
        if ((status = ssri_policy_check(ctx, policy, ev, out)) != SSR_OK)
            return status;
    } else if ((out->key_id = ssri_strndup(ev->key->id, strlen(ev->key->id))) == NULL) {
        return SSR_ENOMEM;
    }

    /* what was verified */
    const char *media = ev->media_type != NULL ? ev->media_type : "";
    if ((out->media_type = ssri_strndup(media, strlen(media))) == NULL)
        return SSR_ENOMEM;
    if (ev->dsse) {
        out->statement = ssri_malloc(ev->payload_len + 1);
        out->payload_type = ssri_strndup(ev->payload_type, strlen(ev->payload_type));
        if (out->statement == NULL || out->payload_type == NULL)
            return SSR_ENOMEM;
        memcpy(out->statement, ev->payload, ev->payload_len);
        out->statement[ev->payload_len] = '\0';
        out->statement_len = ev->payload_len;
    }
    return SSR_OK;
}

/*
 * Sigstore bundles v0.1 to v0.3 (protobuf-specs, protobuf JSON mapping):
 * structure only, no X.509 or transparency-log cryptography. The mapping's
 * other spellings (proto field names, int64 numbers, unpadded base64) are
 * read as the canonical ones with warnings (the walker's proto_json). The media
 * type is one of four exact strings; the per-version rules on inclusion
 * promises, proofs, timestamps and certificates follow the specification's
 * comments and what sigstore-python and sigstore-js enforce.
 */
#include <string.h>

#include "attestations.h"
#include "nodes.h"

#define B64(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_BASE64, 0, 0)
#define INT64(stem_) SSRI_STR(stem_, "A non-negative int64 written as a string.", SSRI_FMT_UNSIGNED, 0, 0)
/* protobuf JSON: a message member may be null, which means absent. */
#define OBJECT(stem_, ...)                                                                                         \
    (&(const ssri_node){.type = SSRI_OBJECT, .stem = (stem_), .nullable = true, .unknown = SSRI_UNKNOWN_IGNORE,    \
                        .members = SSRI_MEMBERS(__VA_ARGS__)})

static const char *const media_types[] = {
    "application/vnd.dev.sigstore.bundle+json;version=0.1",
    "application/vnd.dev.sigstore.bundle+json;version=0.2",
    "application/vnd.dev.sigstore.bundle+json;version=0.3",
    "application/vnd.dev.sigstore.bundle.v0.3+json",
    NULL,
};

/* 1, 2 or 3 for the bundle's minor version; 0 when the media type is not one of the four. */
static int bundle_version(const cJSON *bundle)
{
    const char *type = ssri_get_string(bundle, "mediaType");
    for (int i = 0; type != NULL && media_types[i] != NULL; i++)
        if (strcmp(type, media_types[i]) == 0)
            return i < 3 ? i + 1 : 3;
    return 0;
}

/* A member that is there and not null (protobuf JSON's null is the default: absent). */
static const cJSON *present(const cJSON *object, const char *name)
{
    const cJSON *m = ssri_get(object, name);
    return cJSON_IsNull(m) ? NULL : m;
}

/* protobuf-specs marks the checkpoint REQUIRED in every version: a proof without one proves no root. */
static void check_inclusion_proof(ssri_walk *w, const cJSON *proof)
{
    if (present(proof, "checkpoint") == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "inclusion-proof.checkpoint", "required", proof, false, NULL,
                  "Expected a checkpoint in the inclusion proof, found %s.",
                  ssri_get(proof, "checkpoint") != NULL ? "null" : "none");
}

static const ssri_node inclusion_proof_node = {
    .type = SSRI_OBJECT,
    .stem = "tlog-entry.inclusion-proof",
    .nullable = true,
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"logIndex", INT64("inclusion-proof.log-index"), true}, {"rootHash", B64("inclusion-proof.root-hash"), true},
        {"treeSize", INT64("inclusion-proof.tree-size"), true},
        {"hashes",
         (&(const ssri_node){.type = SSRI_ARRAY, .stem = "inclusion-proof.hashes", .items = B64("inclusion-proof.hash")}),
         false},
        {"checkpoint", OBJECT("inclusion-proof.checkpoint", {"envelope", SSRI_STR("checkpoint.envelope", NULL, 0, 1, 0), true}),
         false}),
    .check = check_inclusion_proof,
};

const ssri_node ssri_tlog_entry_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_bundle_kind,
    .stem = "tlog-entry",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"logIndex", INT64("tlog-entry.log-index"), true},
        {"logId", OBJECT("tlog-entry.log-id", {"keyId", B64("tlog-entry.log-id.key-id"), true}), true},
        {"kindVersion",
         OBJECT("tlog-entry.kind-version", {"kind", SSRI_STR("tlog-entry.kind", NULL, 0, 1, 0), true},
                {"version", SSRI_STR("tlog-entry.version", NULL, 0, 1, 0), true}),
         true},
        {"integratedTime", INT64("tlog-entry.integrated-time"), false},
        {"inclusionPromise",
         OBJECT("tlog-entry.inclusion-promise", {"signedEntryTimestamp", B64("tlog-entry.signed-entry-timestamp"), true}),
         false},
        {"inclusionProof", &inclusion_proof_node, false},
        {"canonicalizedBody", B64("tlog-entry.canonicalized-body"), false}),
};

static const ssri_node certificate_node = {
    .type = SSRI_OBJECT,
    .stem = "certificate",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS({"rawBytes", SSRI_STR("certificate.raw-bytes", NULL, SSRI_FMT_BASE64, 1, 0), true}),
};

static const ssri_node verification_material_node = {
    .type = SSRI_OBJECT,
    .stem = "verification-material",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"publicKey", OBJECT("public-key", {"hint", SSRI_STR("public-key.hint", NULL, 0, 0, 0), false}), false},
        {"x509CertificateChain",
         OBJECT("certificate-chain",
                {"certificates",
                 (&(const ssri_node){.type = SSRI_ARRAY, .stem = "certificate-chain.certificates", .min_items = 1,
                                     .items = &certificate_node}),
                 true}),
         false},
        {"certificate", &certificate_node, false},
        {"tlogEntries", (&(const ssri_node){.type = SSRI_ARRAY, .stem = "tlog-entries", .items = &ssri_tlog_entry_node}),
         false},
        {"timestampVerificationData",
         OBJECT("timestamp-data",
                {"rfc3161Timestamps",
                 (&(const ssri_node){
                     .type = SSRI_ARRAY,
                     .stem = "timestamps",
                     .items = OBJECT("timestamp", {"signedTimestamp", B64("timestamp.signed-timestamp"), true})}),
                 false}),
         false}),
};

static const ssri_node message_signature_node = {
    .type = SSRI_OBJECT,
    .stem = "message-signature",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"messageDigest",
         OBJECT("message-digest",
                {"algorithm", SSRI_ENUM("message-digest.algorithm", NULL, "SHA2_256", "SHA2_384", "SHA2_512", "SHA3_256", "SHA3_384"),
                 true},
                {"digest", B64("message-digest.digest"), true}),
         false},
        {"signature", B64("message-signature.signature"), true}),
};

static int count_present(const cJSON *object, const char *const *names)
{
    int n = 0;
    for (; *names != NULL; names++)
        n += present(object, *names) != NULL;
    return n;
}

static void check_material(ssri_walk *w, const cJSON *bundle, int version)
{
    static const char *const keys[] = {"publicKey", "x509CertificateChain", "certificate", NULL};
    const cJSON *material = ssri_get(bundle, "verificationMaterial");
    if (!cJSON_IsObject(material))
        return;
    size_t mark = ssri_push_name(w, "verificationMaterial");
    int n = count_present(material, keys);
    if (n != 1)
        ssri_flag(w, SSR_SEVERITY_ERROR, "verification-material", "not-one", material, false, NULL,
                  "Expected exactly one of publicKey, x509CertificateChain or certificate, found %d.", n);
    const cJSON *chain = present(material, "x509CertificateChain"), *certificate = present(material, "certificate");
    if (version == 3 && chain != NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "verification-material", "chain-in-v0.3", chain, true, "x509CertificateChain",
                  "Expected a single certificate in a v0.3 bundle, found a certificate chain.");
    if (version != 0 && version < 3 && certificate != NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "verification-material", "certificate-before-v0.3", certificate, true,
                  "certificate", "Expected x509CertificateChain in a v0.%d bundle, found certificate.", version);

    /*
     * Signed time comes from a log entry or an RFC 3161 timestamp; a bundle
     * with neither cannot date its certificate. Per version: v0.1 entries
     * carry inclusion promises; v0.2+ entries inclusion proofs, and a
     * promise or a timestamp.
     */
    const cJSON *entries = ssri_get(material, "tlogEntries");
    const cJSON *stamps = ssri_get(ssri_get(material, "timestampVerificationData"), "rfc3161Timestamps");
    bool signed_time = cJSON_IsArray(stamps) && stamps->child != NULL;
    bool logged = cJSON_IsArray(entries) && entries->child != NULL;
    if (!logged && !signed_time)
        ssri_flag(w, SSR_SEVERITY_ERROR, "verification-material", "no-signed-time", material, false, NULL,
                  "Expected a transparency-log entry or an RFC 3161 timestamp to date the signature, found "
                  "neither.");
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(entries) ? entries->child : NULL; e != NULL && version != 0; e = e->next, i++) {
        if (!cJSON_IsObject(e))
            continue;
        size_t inner = ssri_push_name(w, "tlogEntries");
        size_t at = ssri_push_index(w, i);
        const cJSON *promise = present(e, "inclusionPromise"), *proof = present(e, "inclusionProof");
        if (version == 1 && promise == NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "tlog-entry.inclusion-promise", "required", e, false, NULL,
                      "Expected an inclusion promise in every entry of a v0.1 bundle, found none.");
        if (version >= 2 && proof == NULL)
            ssri_flag(w, SSR_SEVERITY_ERROR, "tlog-entry.inclusion-proof", "required", e, false, NULL,
                      "Expected an inclusion proof in every entry of a v0.%d bundle, found none.", version);
        if (version >= 2 && promise == NULL && !signed_time)
            ssri_flag(w, SSR_SEVERITY_ERROR, "tlog-entry", "no-signed-time", e, false, NULL,
                      "Expected an inclusion promise or an RFC 3161 timestamp to date the signature, found neither.");
        ssri_pop(w, at);
        ssri_pop(w, inner);
    }
    /* The same timestamp twice proves nothing more and trips verifiers. */
    i = 0;
    for (const cJSON *t = cJSON_IsArray(stamps) ? stamps->child : NULL; t != NULL; t = t->next, i++) {
        const char *value = ssri_get_string(t, "signedTimestamp");
        bool repeated = false;
        for (const cJSON *u = stamps->child; u != t && value != NULL && !repeated; u = u->next) {
            const char *other = ssri_get_string(u, "signedTimestamp");
            repeated = other != NULL && strcmp(other, value) == 0;
        }
        if (repeated) {
            size_t a = ssri_push_name(w, "timestampVerificationData");
            size_t b = ssri_push_name(w, "rfc3161Timestamps");
            size_t c = ssri_push_index(w, i);
            ssri_flag(w, SSR_SEVERITY_WARNING, "timestamp", "duplicate", t, false, NULL,
                      "Expected each RFC 3161 timestamp once, found this one again.");
            ssri_pop(w, c);
            ssri_pop(w, b);
            ssri_pop(w, a);
        }
    }
    ssri_pop(w, mark);
}

static void check_bundle(ssri_walk *w, const cJSON *bundle)
{
    int version = bundle_version(bundle);
    const cJSON *media = ssri_get(bundle, "mediaType");
    if (cJSON_IsString(media) && version == 0)
        ssri_flag(w, SSR_SEVERITY_ERROR, "media-type", "unknown", media, false, "mediaType",
                  "Expected a Sigstore bundle media type (application/vnd.dev.sigstore.bundle.v0.3+json or "
                  "...bundle+json;version=0.1 to 0.3), found \"%.80s\".",
                  media->valuestring);
    check_material(w, bundle, version);

    static const char *const content[] = {"messageSignature", "dsseEnvelope", NULL};
    int n = count_present(bundle, content);
    if (n != 1)
        ssri_flag(w, SSR_SEVERITY_ERROR, "content", "not-one", bundle, false, NULL,
                  "Expected exactly one of messageSignature or dsseEnvelope, found %d.", n);

    /* A key hint names the key that signed: with DSSE it must equal the signature's keyid. */
    const char *hint = ssri_get_string(ssri_get(ssri_get(bundle, "verificationMaterial"), "publicKey"), "hint");
    const cJSON *signatures = ssri_get(ssri_get(bundle, "dsseEnvelope"), "signatures");
    const cJSON *keyid = cJSON_IsArray(signatures) ? ssri_get(signatures->child, "keyid") : NULL;
    /* An empty keyid is an unset one: nothing to compare. */
    if (hint != NULL && hint[0] != '\0' && cJSON_IsString(keyid) && keyid->valuestring[0] != '\0' &&
        strcmp(hint, keyid->valuestring) != 0) {
        size_t a = ssri_push_name(w, "dsseEnvelope"), b = ssri_push_name(w, "signatures"), c = ssri_push_index(w, 0);
        ssri_flag(w, SSR_SEVERITY_ERROR, "public-key.hint", "keyid-mismatch", keyid, false, "keyid",
                  "Expected the DSSE keyid to equal the public key hint \"%.80s\", found \"%.80s\".", hint,
                  keyid->valuestring);
        ssri_pop(w, c);
        ssri_pop(w, b);
        ssri_pop(w, a);
    }
}

const ssri_node ssri_bundle_node = {
    .type = SSRI_OBJECT,
    .proto_json = true,
    .owner = &ssri_bundle_kind,
    .stem = "bundle",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS({"mediaType", SSRI_STR("media-type", NULL, 0, 0, 0), true},
                            {"verificationMaterial", &verification_material_node, true},
                            {"messageSignature", &message_signature_node, false},
                            {"dsseEnvelope", &ssri_envelope_one_signature_node, false}),
    .check = check_bundle,
};

static const struct ssri_extra_code bundle_codes[] = {
    {"media-type.unknown", SSR_SEVERITY_ERROR, false},
    {"verification-material.not-one", SSR_SEVERITY_ERROR, false},
    {"verification-material.chain-in-v0.3", SSR_SEVERITY_ERROR, false},
    {"verification-material.certificate-before-v0.3", SSR_SEVERITY_ERROR, false},
    {"tlog-entry.inclusion-promise.required", SSR_SEVERITY_ERROR, false},
    {"tlog-entry.inclusion-proof.required", SSR_SEVERITY_ERROR, false},
    {"inclusion-proof.checkpoint.required", SSR_SEVERITY_ERROR, false},
    {"tlog-entry.no-signed-time", SSR_SEVERITY_ERROR, false},
    {"verification-material.no-signed-time", SSR_SEVERITY_ERROR, false},
    {"timestamp.duplicate", SSR_SEVERITY_WARNING, false},
    {"content.not-one", SSR_SEVERITY_ERROR, false},
    {"public-key.hint.keyid-mismatch", SSR_SEVERITY_ERROR, false},
    {"proto-json.field-name", SSR_SEVERITY_WARNING, true},
    {"proto-json.both-names", SSR_SEVERITY_ERROR, true},
    {"proto-json.int64-number", SSR_SEVERITY_WARNING, true},
    {"proto-json.base64-unpadded", SSR_SEVERITY_WARNING, true},
    {"unknown-member", SSR_SEVERITY_WARNING, true},
    {NULL, 0, false},
};

const ssri_native ssri_bundle_kind = {
    .name = "sigstore-bundle",
    .root = &ssri_bundle_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = bundle_codes,
};

/*
 * DSSE envelopes (v1.0.2): the shape, strict base64, and the payload
 * validated as an in-toto Statement when its payloadType says in-toto.
 * Signatures are verified by lib/crypto, not here.
 */
#include <string.h>

#include "attestations.h"
#include "common/base64.h"
#include "nodes.h"

bool ssri_in_toto_payload_type(const char *type)
{
    static const char prefix[] = "application/vnd.in-toto.", suffix[] = "+json";
    size_t n = strlen(type), p = sizeof prefix - 1, x = sizeof suffix - 1;
    if (strcmp(type, "application/vnd.in-toto+json") == 0)
        return true;
    return n > p + x && strncmp(type, prefix, p) == 0 && strcmp(type + n - x, suffix) == 0;
}

/* in-toto payloads are Statements, except the older link and layout metadata. */
static bool is_statement(const cJSON *root)
{
    const char *type = ssri_get_string(root, "_type");
    return type == NULL || strncmp(type, "https://in-toto.io/Statement/", 29) == 0;
}

void ssri_walk_statement_payload(ssri_walk *w, const cJSON *at, void (*extra)(ssri_walk *w, const cJSON *root))
{
    if (w->check->shape_only)
        return;
    unsigned char *payload = NULL;
    size_t len = 0;
    int status = SSR_OK;
    if (!cJSON_IsString(at))
        return;
    if (!ssri_base64_decode(at->valuestring, strlen(at->valuestring), &payload, &len, &status)) {
        if (status == SSR_ENOMEM)
            w->check->status = SSR_ENOMEM;
        return; /* not base64: the member's own format rule says so */
    }
    ssri_walk_payload(w, at, payload, len, &ssri_statement_kind, extra != NULL ? NULL : is_statement, extra);
    ssri_free(payload);
}

static void check_envelope(ssri_walk *w, const cJSON *envelope)
{
    const char *type = ssri_get_string(envelope, "payloadType");
    if (type == NULL)
        return;
    for (const unsigned char *p = (const unsigned char *)type; *p != '\0'; p++) {
        if (*p >= 0x80) {
            ssri_flag(w, SSR_SEVERITY_WARNING, "payload-type", "non-ascii", ssri_get(envelope, "payloadType"), false,
                      "payloadType",
                      "Expected an ASCII payloadType; peers that count characters instead of bytes build another PAE.");
            break;
        }
    }
    if (ssri_in_toto_payload_type(type)) {
        size_t mark = ssri_push_name(w, "payload");
        ssri_walk_statement_payload(w, ssri_get(envelope, "payload"), NULL);
        ssri_pop(w, mark);
    }
}

#define B64(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_BASE64, 0, 0)

static const ssri_node signature_node = {
    .type = SSRI_OBJECT,
    .stem = "signature",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS({"sig", B64("signature.sig"), true},
                            {"keyid", SSRI_STR("signature.keyid", NULL, 0, 0, 0), false}),
};

#define ENVELOPE_MEMBERS(signatures)                                                                              \
    SSRI_MEMBERS({"payload", B64("payload"), true}, {"payloadType", SSRI_STR("payload-type", NULL, 0, 0, 0), true}, \
                 {"signatures", signatures, true})

const ssri_node ssri_envelope_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_dsse_kind,
    .stem = "envelope",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = ENVELOPE_MEMBERS(
        (&(const ssri_node){.type = SSRI_ARRAY, .stem = "signatures", .min_items = 1, .items = &signature_node})),
    .check = check_envelope,
};

static void check_one_signature(ssri_walk *w, const cJSON *signatures)
{
    int n = cJSON_GetArraySize(signatures);
    if (n > 1)
        ssri_flag(w, SSR_SEVERITY_ERROR, "signatures", "not-one", signatures, false, NULL,
                  "Expected exactly one signature in a Sigstore or PEP 740 envelope, found %d.", n);
}

const ssri_node ssri_envelope_one_signature_node = {
    .type = SSRI_OBJECT,
    .owner = &ssri_dsse_kind,
    .stem = "envelope",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = ENVELOPE_MEMBERS((&(const ssri_node){.type = SSRI_ARRAY, .stem = "signatures", .min_items = 1,
                                                    .items = &signature_node, .check = check_one_signature})),
    .check = check_envelope,
};

static const struct ssri_extra_code dsse_codes[] = {
    {"payload-type.non-ascii", SSR_SEVERITY_WARNING, false},
    {"signatures.not-one", SSR_SEVERITY_ERROR, false},
    /* inside a Sigstore bundle, whose envelope is a protobuf message in the protobuf JSON mapping */
    {"proto-json.field-name", SSR_SEVERITY_WARNING, true},
    {"proto-json.both-names", SSR_SEVERITY_ERROR, true},
    {"proto-json.base64-unpadded", SSR_SEVERITY_WARNING, true},
    {"unknown-member", SSR_SEVERITY_WARNING, true},
    {NULL, 0, false},
};

const ssri_native ssri_dsse_kind = {
    .name = "dsse-envelope",
    .root = &ssri_envelope_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = dsse_codes,
};

/*
 * Sigstore trusted roots (protobuf-specs TrustedRoot, JSON form, media
 * types v0.1 and v0.2): the Fulcio certificate authorities, the Rekor
 * transparency logs, the CT logs and the timestamp authorities a
 * verification trusts, each with the window of time it is trusted for.
 * This file holds their structure; lib/verify/trust.c turns a valid root
 * into the handle verification uses.
 */
#include <string.h>

#include "attestations.h"
#include "schema/formats.h"
#include "nodes.h"

#define B64(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_BASE64, 1, 0)
#define TIME(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_TIMESTAMP, 0, 0)

/* A window whose end comes before its start trusts nothing: a mistake, not a policy. */
static void check_window(ssri_walk *w, const cJSON *window)
{
    int64_t start, end;
    const cJSON *e = ssri_get(window, "end");
    const char *s = ssri_get_string(window, "start");
    if (s != NULL && cJSON_IsString(e) && ssri_timestamp_parse(s, &start) && ssri_timestamp_parse(e->valuestring, &end) &&
        end < start)
        ssri_flag(w, SSR_SEVERITY_ERROR, "valid-for", "order", e, false, "end",
                  "Expected the end of the window at or after its start (%s), found \"%.40s\".", s, e->valuestring);
}

/* A validFor window: start required (a missing bound is not an unbounded one), end inclusive when present. */
static const ssri_node window_node = {
    .type = SSRI_OBJECT,
    .stem = "valid-for",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS({"start", TIME("valid-for.start"), true},
                            {"end",
                             &(const ssri_node){.type = SSRI_STRING, .stem = "valid-for.end", .nullable = true,
                                                .format = SSRI_FMT_TIMESTAMP},
                             false}),
    .check = check_window,
};

static const ssri_node log_node = {
    .type = SSRI_OBJECT,
    .stem = "log",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        /* local and test instances serve plain http: a URI, not necessarily https */
        {"baseUrl", SSRI_STR("log.base-url", NULL, SSRI_FMT_URI, 0, 0), true},
        {"hashAlgorithm", SSRI_ENUM("log.hash-algorithm", NULL, "SHA2_256", "SHA2_384", "SHA2_512"), true},
        {"publicKey",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "public-key",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS(
                 {"rawBytes", B64("public-key.raw-bytes"), true},
                 /* protobuf-specs lists dozens of values, deprecated ones still in use; the key itself says what it is */
                 {"keyDetails", SSRI_STR("public-key.key-details", NULL, 0, 1, 0), true},
                 {"validFor", &window_node, true}),
         },
         true},
        {"logId",
         &(const ssri_node){.type = SSRI_OBJECT,
                            .stem = "log-id",
                            .unknown = SSRI_UNKNOWN_IGNORE,
                            .members = SSRI_MEMBERS({"keyId", B64("log-id.key-id"), true})},
         true}),
};

static const ssri_node authority_node = {
    .type = SSRI_OBJECT,
    .stem = "authority",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"subject",
         &(const ssri_node){.type = SSRI_OBJECT,
                            .stem = "authority.subject",
                            .unknown = SSRI_UNKNOWN_IGNORE,
                            .members = SSRI_MEMBERS({"organization", SSRI_STR("authority.organization", NULL, 0, 0, 0), false},
                                                    {"commonName", SSRI_STR("authority.common-name", NULL, 0, 0, 0), false})},
         false},
        {"uri", SSRI_STR("authority.uri", NULL, SSRI_FMT_URI, 0, 0), false},
        {"certChain",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "cert-chain",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS({"certificates",
                                      &(const ssri_node){
                                          .type = SSRI_ARRAY,
                                          .stem = "cert-chain.certificates",
                                          .min_items = 1,
                                          .items = &(const ssri_node){
                                              .type = SSRI_OBJECT,
                                              .stem = "certificate",
                                              .unknown = SSRI_UNKNOWN_IGNORE,
                                              .members = SSRI_MEMBERS({"rawBytes", B64("certificate.raw-bytes"), true}),
                                          }},
                                      true}),
         },
         true},
        {"validFor", &window_node, true}),
};

static const ssri_node root_node = {
    .type = SSRI_OBJECT,
    .stem = "root",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"mediaType",
         SSRI_ENUM("media-type", NULL, "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                   "application/vnd.dev.sigstore.trustedroot+json;version=0.2",
                   "application/vnd.dev.sigstore.trustedroot.v0.2+json"),
         true},
        {"tlogs", &(const ssri_node){.type = SSRI_ARRAY, .stem = "tlogs", .items = &log_node}, false},
        {"certificateAuthorities",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "certificate-authorities", .items = &authority_node}, false},
        {"ctlogs", &(const ssri_node){.type = SSRI_ARRAY, .stem = "ctlogs", .items = &log_node}, false},
        {"timestampAuthorities",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "timestamp-authorities", .items = &authority_node}, false}),
};

static const struct ssri_extra_code trusted_root_codes[] = {
    {"valid-for.order", SSR_SEVERITY_ERROR, true},
    {NULL, 0, false},
};

const ssri_native ssri_trusted_root_kind = {
    .name = "sigstore-trusted-root",
    .root = &root_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = trusted_root_codes,
};

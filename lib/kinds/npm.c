/*
 * The npm registry's attestations response (/-/npm/v1/attestations/PKG@V):
 * a list of {predicateType, bundle}, each bundle a Sigstore bundle.
 */
#include "attestations.h"
#include "nodes.h"

static const ssri_node response_node = {
    .type = SSRI_OBJECT,
    .stem = "response",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"attestations",
         &(const ssri_node){
             .type = SSRI_ARRAY,
             .stem = "attestations",
             .min_items = 1,
             .items = &(const ssri_node){
                 .type = SSRI_OBJECT,
                 .stem = "attestation",
                 .unknown = SSRI_UNKNOWN_IGNORE,
                 .members = SSRI_MEMBERS(
                     {"predicateType", SSRI_STR("attestation.predicate-type", NULL, SSRI_FMT_TYPE_URI, 0, 0), true},
                     {"bundle", &ssri_bundle_node, true}),
             }},
         true}),
};

const ssri_native ssri_npm_attestations_kind = {
    .name = "npm-attestations",
    .root = &response_node,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = NULL,
};

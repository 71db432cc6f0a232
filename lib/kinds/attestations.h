/*
 * What the attestation kinds share: the DigestSet and ResourceDescriptor
 * rules, the DSSE envelope, the transparency-log entry, and the kinds.
 */
#ifndef SSRI_ATTESTATIONS_H
#define SSRI_ATTESTATIONS_H

#include "schema/schema.h"

/* Is `name` a DigestSet algorithm libssr checks? *hex: its length in hex digits (0: any). */
bool ssri_digest_known(const char *name, size_t *hex);

extern const ssri_node ssri_digest_set_node;
extern const ssri_node ssri_descriptor_node;

/* A DSSE envelope; `exactly_one` signature (Sigstore and PEP 740 profiles). */
extern const ssri_node ssri_envelope_node;
extern const ssri_node ssri_envelope_one_signature_node;

/* A Rekor transparency-log entry in protobuf JSON (camelCase). */
extern const ssri_node ssri_tlog_entry_node;

/* A Sigstore bundle, as a member of another document. */
extern const ssri_node ssri_bundle_node;

/* Is `type` an in-toto payload type (application/vnd.in-toto[.X]+json)? */
bool ssri_in_toto_payload_type(const char *type);

/*
 * Decodes the base64 member `at` (a string at the walk's pointer) and
 * validates the bytes as an in-toto Statement when they are one. Returns
 * the decoded bytes' strict-JSON verdict; does nothing on bad base64
 * (that is the member's own format rule).
 */
void ssri_walk_statement_payload(ssri_walk *w, const cJSON *at, void (*extra)(ssri_walk *w, const cJSON *root));

extern const ssri_native ssri_statement_kind;
extern const ssri_native ssri_slsa_kind;
extern const ssri_native ssri_dsse_kind;
extern const ssri_native ssri_bundle_kind;
extern const ssri_native ssri_pep740_attestation_kind;
extern const ssri_native ssri_pep740_provenance_kind;
extern const ssri_native ssri_npm_attestations_kind;
extern const ssri_native ssri_trusted_root_kind;

#endif /* SSRI_ATTESTATIONS_H */

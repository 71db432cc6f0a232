/*
 * Verification of what registries receive (Sigstore bundles, PEP 740 and
 * npm attestations): the private side of ssr/verify.h, shared by the
 * files of lib/verify/.
 */
#ifndef SSRI_VERIFY_H
#define SSRI_VERIFY_H

#include <openssl/ts.h>
#include <openssl/x509.h>

#include "common/internal.h"
#include "common/timestamp.h"
#include "crypto/crypto.h"
#include "diagnostics/report.h"
#include "json/json.h"
#include "ssr/verify.h"

/* Limits on what a bundle may hold before it is refused unread (verify.limit.*). */
#define SSRI_MAX_PROOF_HASHES 64      /* an audit path of a tree of 2^64 leaves */
#define SSRI_MAX_ENTRIES 32           /* transparency-log entries in one bundle */
#define SSRI_MAX_TIMESTAMPS 32        /* RFC 3161 timestamps in one bundle */
#define SSRI_MAX_CHAIN 10             /* certificates in a bundle's chain */
#define SSRI_MAX_CERTIFICATE 65536    /* bytes of one certificate */
#define SSRI_MAX_CHECKPOINT 65536     /* bytes of one checkpoint */
#define SSRI_MAX_ATTESTATIONS 256     /* attestations in one PEP 740 provenance or npm response */


/* A transparency log (Rekor) or a certificate-transparency log of a trusted root. */
typedef struct ssri_log {
    char *base_url;
    char *authority;        /* host[:port] of base_url: the origin its checkpoints name */
    unsigned char key_id[64];
    size_t key_id_len;
    ssr_public_key *key;    /* NULL when the root's key could not be read (its log then verifies nothing) */
    ssri_window window;
} ssri_log;

/* A certificate authority (Fulcio) or a timestamp authority of a trusted root. */
typedef struct ssri_authority {
    char *uri;
    STACK_OF(X509) *certs; /* in the root's order: the issuer of each is the next; the last is the anchor */
    X509_STORE *store;     /* trusts the anchor alone */
    ssri_window window;
    bool chain_ok;         /* the chain above the leaf verified once, when the root was built */
    unsigned char issuer_key_hash[32]; /* SHA-256 of the first certificate's SPKI: what a precertificate SCT names */
    ssri_time chain_from, chain_until; /* when every certificate of the chain is valid */
    bool signer_ok; /* a timestamp authority: its first certificate's chain verified once, for time-stamping */
    ssr_public_key *first_key; /* the first certificate's key, prepared once (NULL: a kind no check here uses) */
} ssri_authority;

struct ssr_trust_root {
    ssri_log *tlogs, *ctlogs;
    size_t tlog_count, ctlog_count;
    ssri_authority *cas, *tsas;
    size_t ca_count, tsa_count;
};

/* The log of a trusted root whose key id is `id`, or NULL. */
const ssri_log *ssri_find_log(const ssri_log *logs, size_t count, const unsigned char *id, size_t len);

/* ---- certificates ------------------------------------------------------ */

/* A DER certificate, exactly len bytes; NULL when it is not one. */
X509 *ssri_x509_parse(const unsigned char *der, size_t len);
/*
 * The same for a leaf, read without decoding its public key (see x509.c):
 * its key comes from ssri_x509_key(), and OpenSSL's path validation is
 * given the certificate as ssri_x509_parse() reads it.
 */
X509 *ssri_x509_parse_leaf(const unsigned char *der, size_t len);
/*
 * A DER TimeStampResp, exactly len bytes, read as leaves are (the
 * certificates its token embeds keep their keys undecoded: OpenSSL's
 * whole check of the token needs the response as d2i_TS_RESP reads it);
 * NULL when it is not one.
 */
TS_RESP *ssri_ts_resp_parse(const unsigned char *der, size_t len);
/* The certificate's validity as times. */
void ssri_x509_validity(const X509 *cert, ssri_time *not_before, ssri_time *not_after);
/* The certificate's public key as a libssr key (ECDSA, RSA or Ed25519). SSR_EINVALID for another kind. */
int ssri_x509_key(X509 *cert, ssr_public_key **key);

/* ---- policies ----------------------------------------------------------- */

enum ssri_policy_type { SSRI_POLICY_IDENTITY = 1, SSRI_POLICY_KEY, SSRI_POLICY_PUBLISHER };
enum ssri_provider_kind { SSRI_GITHUB = 1, SSRI_GITLAB, SSRI_GOOGLE };

typedef struct ssri_requirement {
    const char *name; /* a Fulcio extension's name (static) */
    char *value;
} ssri_requirement;

struct ssr_verify_policy {
    int type;
    char *identity; /* SAN, exact; NULL: any (then a requirement must pin the signer) */
    const char *identity_kind; /* the SAN's kind the identity names: "uri", "email", "other" (static) */
    char *issuer;   /* exact; NULL: any */
    ssr_public_key *key;
    /* a trusted publisher */
    int provider;
    char *repository; /* OWNER/NAME, or NAMESPACE/PROJECT */
    char *workflow;   /* GitHub: a file name; GitLab: a path */
    char *workflow_repository;
    char *owner_id;
    char *host; /* GitLab's */
    ssri_requirement *requires;
    size_t require_count, require_cap;
};

/* ---- options ------------------------------------------------------------ */

struct ssr_verify_options {
    int64_t now;
    bool now_set;
    unsigned min_log_entries;  /* transparency-log entries a bundle must hold */
    unsigned min_signed_times; /* verified signed times the certificate is checked at */
    bool require_sct;          /* an SCT of a CT log of the root */
};

/* The options a call runs with: the caller's or the defaults, the time resolved to now when unset. */
void ssri_options_resolve(const ssr_verify_options *options, ssr_verify_options *out);

/* ---- failures ----------------------------------------------------------- */

/*
 * Where a verification reports: the report, the input its offsets refer
 * to, and the JSON Pointer of the bundle (or attestation) being verified
 * within that input ("" for a bare bundle).
 */
typedef struct ssri_vctx {
    ssr_report *report;
    const char *src;
    size_t len;
    const char *base;
    const ssr_verify_options *options; /* resolved: never NULL, its time set */
} ssri_vctx;

/*
 * Adds a verification failure with code "verify." `code`, at the pointer
 * base + `pointer`, positioned at `node` (NULL: the start of the input).
 * Returns SSR_EVERIFY, or SSR_ENOMEM when the report could not grow.
 */
int ssri_verify_fail(const ssri_vctx *ctx, const char *code, const char *pointer, const cJSON *node, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));

/* ---- what a bundle holds, however it is spelled ---------------------------- */

/* A bundle, or a PEP 740 attestation read as one, with its members decoded. */
typedef struct ssri_evidence {
    const cJSON *root;
    bool pep740;
    int version;                    /* bundle v0.N; an attestation is v0.3 */
    const char *media_type;
    /* material */
    X509 *leaf;                     /* NULL for a managed key */
    unsigned char *leaf_der;        /* its DER, as the bundle holds it */
    size_t leaf_der_len;
    const cJSON *leaf_node;
    const char *leaf_pointer;
    bool public_key;
    const cJSON *entries;           /* array of tlog entries */
    const char *entries_pointer;
    const cJSON *stamps;            /* array of {signedTimestamp} */
    const char *stamps_pointer;
    /* content */
    bool dsse;
    unsigned char *signature;
    size_t signature_len;
    const cJSON *signature_node;
    const char *signature_pointer;
    const char *digest_alg;         /* message: SHA2_256 ... (the message digest's, or SHA2_256) */
    unsigned char *message_digest;  /* message: the bundle's hint, NULL when absent */
    size_t message_digest_len;
    const cJSON *digest_node;
    unsigned char *payload;         /* DSSE */
    size_t payload_len;
    const char *payload_type;
    const cJSON *payload_node;
    const char *payload_pointer;
    /* what the content was checked against */
    ssr_public_key *key;            /* the key that signed: the leaf's, or the policy's */
    unsigned char artifact_digest[64];
    size_t artifact_digest_len;
} ssri_evidence;

void ssri_evidence_release(ssri_evidence *ev);

/* ---- results ----------------------------------------------------------- */

typedef struct ssri_extension {
    const char *name; /* "issuer", "build-signer-uri", ... (static) */
    char *value;
} ssri_extension;

typedef struct ssri_time_source {
    ssri_time time;
    const char *source; /* "transparency-log" or "timestamp-authority" (static) */
    char *uri;          /* the log's base URL or the authority's URI */
} ssri_time_source;

typedef struct ssri_entry_used {
    char *log_url;
    int64_t log_index;
    int64_t integrated_time; /* -1 when not verified (no SET) */
    char *kind, *version;
} ssri_entry_used;

/* One verified bundle or attestation. */
typedef struct ssri_verified {
    char *media_type;
    char *san;            /* NULL for a managed key */
    const char *san_kind; /* "uri", "email", "other" (static) */
    char *key_id;         /* a managed key's id */
    ssri_extension *extensions;
    size_t extension_count;
    ssri_time_source *times;
    size_t time_count;
    ssri_entry_used *entries;
    size_t entry_count;
    const char *digest_alg;   /* a message signature: the artifact's digest it is over ("sha256", static) */
    char *digest_hex;         /* ... and that digest in hex; NULL for DSSE */
    unsigned char *statement; /* DSSE: the verified payload; NULL for a message signature */
    size_t statement_len;
    char *payload_type;
} ssri_verified;

struct ssr_verify_result {
    ssri_verified *items;
    size_t count, cap;
};

void ssri_verified_release(ssri_verified *v);
/* A new empty result, or NULL. */
ssr_verify_result *ssri_result_new(void);
/* Room for one more item, zeroed; NULL when out of memory. */
ssri_verified *ssri_result_add(ssr_verify_result *r);

/* ---- the steps ------------------------------------------------------------- */

/*
 * Reads a bundle's (or an attestation's) members into *ev: the leaf
 * certificate, the signature, the digest or the envelope. Failures are
 * reported: SSR_EVERIFY, SSR_ENOMEM.
 */
int ssri_evidence_read(const ssri_vctx *ctx, const cJSON *root, bool pep740, ssri_evidence *ev);

/*
 * Verifies every transparency-log entry of the evidence (log known, SET,
 * inclusion proof and checkpoint, body against the bundle, kind and
 * version) and adds the integrated times their SETs sign to `out`.
 */
int ssri_tlog_verify(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev, ssri_verified *out);

/* Is one of the entries verified a Rekor v2 one (whose time a timestamp must give)? */
bool ssri_tlog_has_v2(const ssri_verified *v);

/* Verifies every RFC 3161 timestamp of the evidence and adds their times to `out`. */
int ssri_tsa_verify(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev, ssri_verified *out);

/*
 * Verifies a bundle (or an attestation) whole: content, times, log
 * entries, certificate and policy; the artifact's digest is what the
 * content must match (for DSSE: a subject of the statement). Fills `out`.
 */
int ssri_verify_evidence(const ssri_vctx *ctx, const ssr_trust_root *root, const ssr_verify_policy *policy,
                         const ssri_evidence *ev, const ssr_artifact *artifact, ssri_verified *out);

/*
 * Reads what the signing certificate claims into `out`: its one identity
 * and its Fulcio extensions, refusing a certificate with an extension
 * twice, another kind of identity, or a malformed Fulcio extension.
 */
int ssri_certificate_claims(const ssri_vctx *ctx, const ssri_evidence *ev, ssri_verified *out);

/* Checks the certificate's identity and extensions against a keyless policy. */
int ssri_policy_check(const ssri_vctx *ctx, const ssr_verify_policy *policy, const ssri_evidence *ev,
                      const ssri_verified *v);

/* A verified statement, parsed; NULL (reported) when the payload is not a JSON in-toto statement. */
int ssri_statement_parse(const ssri_vctx *ctx, const ssri_evidence *ev, ssr_doc **doc);

/* ---- the entries' shared steps ---------------------------------------------- */

/*
 * Validates `data` as `kind`: SSR_OK with the document and its report in
 * *r; SSR_EINVALID with the report handed to *report (when not NULL).
 */
int ssri_verify_input(const void *data, size_t len, int kind, ssr_doc **doc, ssr_report **r, ssr_report **report);
/* Ends a call: the result to *out on SSR_OK, the report to *report on SSR_OK and SSR_EVERIFY. */
int ssri_verify_finish(int status, ssr_report *r, ssr_report **report, ssr_verify_result *result,
                       ssr_verify_result **out);
/* Is the name a distribution file's (sdist or wheel) as PyPI parses them? SSR_OK, SSR_EINVAL, SSR_ENOMEM. */
int ssri_dist_filename_check(const char *filename);
/* Does the policy say who must have signed (a keyless one with neither identity nor requirement does not)? */
bool ssri_policy_usable(const ssr_verify_policy *policy);

#endif /* SSRI_VERIFY_H */

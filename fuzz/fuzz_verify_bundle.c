/*
 * Bundle verification against the public-good and staging roots, an
 * identity policy and a managed-key policy, for the conformance suite's
 * artifact (a.txt): whatever the bundle, a clean verdict.
 */
#include "verify.h"

/* sha256 of sigstore-conformance's a.txt */
static const char artifact_hex[] = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";
static const char identity[] = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
                               ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
static const char issuer[] = "https://token.actions.githubusercontent.com";
/* the managed key of sigstore-conformance's managed-key cases */
static const char key_pem[] = "-----BEGIN PUBLIC KEY-----\n"
                              "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMu6Omz2Jh\n"
                              "fwlMW+gIutNKVRaMyS4rQKvgngc5p8UbLj55pVHhIoAxi/SRgURZI0J3Xw==\n"
                              "-----END PUBLIC KEY-----\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static ssr_verify_policy *by_identity, *by_key;
    static ssr_artifact *artifact;
    if (artifact == NULL) {
        ssr_public_key *key = NULL;
        artifact = ssr_artifact_new();
        if (artifact == NULL || ssr_artifact_add_digest(artifact, "sha256", 6, artifact_hex, 64) != SSR_OK ||
            ssr_verify_policy_identity(identity, sizeof identity - 1, issuer, sizeof issuer - 1, &by_identity) !=
                SSR_OK ||
            ssr_public_key_parse(key_pem, sizeof key_pem - 1, &key) != SSR_OK ||
            ssr_verify_policy_key(key, &by_key) != SSR_OK)
            abort();
        ssr_public_key_free(key);
    }
    const ssr_verify_policy *policies[] = {by_identity, by_key};
    for (int instance = SSR_TRUST_PUBLIC_GOOD; instance <= SSR_TRUST_STAGING; instance++) {
        for (size_t p = 0; p < 2; p++) {
            ssr_verify_result *result = NULL;
            ssr_report *report = NULL;
            int status = ssr_verify_bundle(fuzz_root(instance), policies[p], data, len, artifact, fuzz_options(),
                                           &result, &report);
            fuzz_check_verdict(status, result, report, len);
        }
    }
    return 0;
}

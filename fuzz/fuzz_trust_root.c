/*
 * Trusted roots: a clean status whatever the input; a refusal says why in
 * a report that is strict JSON; a root that parses verifies nothing it
 * should not (a bundle of nothing is refused).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    ssr_trust_root *root = NULL;
    ssr_report *report = NULL;
    int status = ssr_trust_root_parse(data, len, &root, &report);
    if (status != SSR_OK && status != SSR_EINVALID)
        abort();
    if ((status == SSR_OK) != (root != NULL) || (status == SSR_EINVALID && report == NULL))
        abort();
    if (report != NULL)
        fuzz_check_report(report, len);
    ssr_report_free(report);
    if (root != NULL) {
        static const char identity[] = "a@example.com", issuer[] = "https://example.com";
        ssr_verify_policy *policy = NULL;
        ssr_artifact *artifact = ssr_artifact_new();
        ssr_verify_result *result = NULL;
        if (artifact == NULL || ssr_artifact_hash(artifact, "", 0) != SSR_OK ||
            ssr_verify_policy_identity(identity, sizeof identity - 1, issuer, sizeof issuer - 1, &policy) != SSR_OK)
            abort();
        if (ssr_verify_bundle(root, policy, "{}", 2, artifact, NULL, &result, NULL) != SSR_EINVALID || result != NULL)
            abort();
        ssr_verify_policy_free(policy);
        ssr_artifact_free(artifact);
    }
    ssr_trust_root_free(root);
    return 0;
}

/*
 * PEP 740 verification (an attestation, a provenance object or a bundle)
 * of pypi-attestations' own 0.0.19 sdist against its GitHub publisher,
 * and of rfc8785's wheel against an email identity on staging: whatever
 * the input, a clean verdict.
 */
#include "verify.h"

static const struct {
    int instance;
    const char *policy, *filename, *sha256;
} cases[] = {
    {SSR_TRUST_PUBLIC_GOOD, "{\"github\":{\"repository\":\"trailofbits/pypi-attestations\",\"workflow\":\"release.yml\"}}",
     "pypi_attestations-0.0.19.tar.gz", "9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3"},
    {SSR_TRUST_STAGING, "{\"identity\":\"william@yossarian.net\",\"issuer\":\"https://github.com/login/oauth\"}",
     "rfc8785-0.1.2-py3-none-any.whl", "c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201"},
};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static ssr_verify_policy *policies[2];
    static ssr_artifact *artifacts[2];
    for (size_t i = 0; i < 2; i++) {
        if (policies[i] == NULL) {
            artifacts[i] = ssr_artifact_new();
            if (artifacts[i] == NULL ||
                ssr_artifact_add_digest(artifacts[i], "sha256", 6, cases[i].sha256, 64) != SSR_OK ||
                ssr_verify_policy_parse(cases[i].policy, strlen(cases[i].policy), &policies[i], NULL) != SSR_OK)
                abort();
        }
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_verify_pep740(fuzz_root(cases[i].instance), policies[i], data, len, cases[i].filename,
                                       strlen(cases[i].filename), artifacts[i], fuzz_options(), &result, &report);
        fuzz_check_verdict(status, result, report, len);
    }
    return 0;
}

/*
 * npm attestations of sigstore@1.0.0 against the registry's keys (both
 * forms): whatever the response, a clean verdict.
 */
#include "verify.h"

static const char keys[] =
    "{\"keys\":[{\"expires\":\"2025-01-29T00:00:00.000Z\",\"keyid\":\"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA\","
    "\"keytype\":\"ecdsa-sha2-nistp256\",\"scheme\":\"ecdsa-sha2-nistp256\",\"key\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"
    "1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg==\"}]}";
static const char package[] = "sigstore@1.0.0";
/* the tarball's sha512 (its integrity, in hex) */
static const char sha512[] = "7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9"
                             "fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static ssr_artifact *artifact;
    if (artifact == NULL) {
        artifact = ssr_artifact_new();
        if (artifact == NULL || ssr_artifact_add_digest(artifact, "sha512", 6, sha512, 128) != SSR_OK)
            abort();
    }
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_verify_npm(fuzz_root(SSR_TRUST_PUBLIC_GOOD), keys, sizeof keys - 1, data, len, package,
                                sizeof package - 1, artifact, fuzz_options(), &result, &report);
    fuzz_check_verdict(status, result, report, len);
    /* the keys file is input too: the same response with the bytes as keys */
    status = ssr_verify_npm(fuzz_root(SSR_TRUST_PUBLIC_GOOD), data, len, "{}", 2, package, sizeof package - 1, artifact,
                            fuzz_options(), &result, &report);
    if (status != SSR_EINVALID || result != NULL)
        abort();
    if (report != NULL)
        ssr_report_free(report);
    return 0;
}

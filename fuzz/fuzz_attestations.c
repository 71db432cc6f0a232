/* The attestation family: Statement, SLSA, DSSE, Sigstore bundle, PEP 740, npm; and subject matching. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static const int kinds[] = {SSR_KIND_IN_TOTO_STATEMENT, SSR_KIND_SLSA_PROVENANCE,   SSR_KIND_DSSE_ENVELOPE,
                                SSR_KIND_SIGSTORE_BUNDLE,   SSR_KIND_PEP740_ATTESTATION, SSR_KIND_PEP740_PROVENANCE,
                                SSR_KIND_NPM_ATTESTATIONS};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        fuzz_validate(data, len, kinds[i]);
    ssr_artifact *artifact = ssr_artifact_new();
    if (artifact == NULL || ssr_artifact_hash(artifact, "abc", 3) != SSR_OK)
        abort();
    ssr_report *report = NULL;
    int status = ssr_match_subject(artifact, data, len, NULL, &report);
    if (status != SSR_OK && status != SSR_ENOMATCH && status != SSR_EINVALID)
        abort();
    ssr_report_free(report);
    ssr_artifact_free(artifact);
    return 0;
}

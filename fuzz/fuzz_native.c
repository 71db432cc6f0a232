/* The native kinds: release, trusted-publisher, repository-profile, and detection. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static const int kinds[] = {SSR_KIND_AUTO, SSR_KIND_RELEASE, SSR_KIND_TRUSTED_PUBLISHER,
                                SSR_KIND_REPOSITORY_PROFILE};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        fuzz_validate(data, len, kinds[i]);
    return 0;
}

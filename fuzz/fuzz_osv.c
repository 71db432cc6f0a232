/* OSV advisories. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    fuzz_validate(data, len, SSR_KIND_OSV);
    return 0;
}

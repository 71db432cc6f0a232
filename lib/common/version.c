/*
 * The library's version and the names of its status codes: what
 * ssr_version(), ssr_version_number() and ssr_strerror() return.
 */
#include "internal.h"

const char *ssr_version(void)
{
    return SSR_VERSION_STRING;
}

int ssr_version_number(void)
{
    return SSR_VERSION_NUMBER;
}

const char *ssr_strerror(int status)
{
    switch (status) {
    case SSR_OK:
        return "success";
    case SSR_EINVAL:
        return "invalid argument";
    case SSR_ENOMEM:
        return "out of memory";
    case SSR_EINVALID:
        return "the document is invalid";
    case SSR_ERANGE:
        return "value out of range";
    case SSR_EIO:
        return "input/output error";
    case SSR_EVERIFY:
        return "verification failed";
    case SSR_ENOMATCH:
        return "no match";
    case SSR_EEXIST:
        return "the file exists";
    case SSR_ECRYPTO:
        return "the cryptography library failed";
    default:
        return "unknown status";
    }
}

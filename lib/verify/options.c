/*
 * Verification options: how much evidence a verification demands and the
 * time it happens at. Read-only once passed to a verification, so threads
 * may share one; NULL means the defaults, which never weaken.
 */
#include <time.h>

#include "verify.h"

#define SSRI_DEFAULT_OPTIONS {.min_log_entries = 1, .min_signed_times = 1, .require_sct = true}

ssr_verify_options *ssr_verify_options_new(void)
{
    ssr_verify_options *o = ssri_malloc(sizeof *o);
    if (o != NULL)
        *o = (ssr_verify_options)SSRI_DEFAULT_OPTIONS;
    return o;
}

void ssr_verify_options_free(ssr_verify_options *options)
{
    ssri_free(options);
}

int ssr_verify_options_set_time(ssr_verify_options *options, int64_t now)
{
    if (options == NULL)
        return SSR_EINVAL;
    options->now = now;
    options->now_set = true;
    return SSR_OK;
}

int ssr_verify_options_set_min_log_entries(ssr_verify_options *options, unsigned count)
{
    if (options == NULL || count > SSRI_MAX_ENTRIES)
        return SSR_EINVAL;
    options->min_log_entries = count;
    return SSR_OK;
}

int ssr_verify_options_set_min_signed_times(ssr_verify_options *options, unsigned count)
{
    if (options == NULL || count == 0 || count > SSRI_MAX_ENTRIES + SSRI_MAX_TIMESTAMPS)
        return SSR_EINVAL;
    options->min_signed_times = count;
    return SSR_OK;
}

int ssr_verify_options_set_require_sct(ssr_verify_options *options, int required)
{
    if (options == NULL || (required != 0 && required != 1))
        return SSR_EINVAL;
    options->require_sct = required != 0;
    return SSR_OK;
}

void ssri_options_resolve(const ssr_verify_options *options, ssr_verify_options *out)
{
    *out = options != NULL ? *options : (ssr_verify_options)SSRI_DEFAULT_OPTIONS;
    if (!out->now_set) {
        out->now = (int64_t)time(NULL);
        out->now_set = true;
    }
}

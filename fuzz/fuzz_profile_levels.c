/* Maturity levels: a clean status, and levels that obey their definition. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    ssr_levels *levels = NULL;
    ssr_report *report = NULL;
    int status = ssr_profile_levels(data, len, NULL, &levels, &report);
    if (status != SSR_OK && status != SSR_EINVALID)
        abort();
    if (status == SSR_OK) {
        int lowest = 3;
        for (int t = 0; t < ssr_track_count(); t++) {
            int level = ssr_levels_level(levels, t);
            if (ssr_levels_applies(levels, t) ? level < 0 || level > 3 : level != -1)
                abort();
            if (ssr_levels_applies(levels, t) && level < lowest)
                lowest = level;
            if ((level == 3 || level < 0) && ssr_levels_missing_count(levels, t) != 0)
                abort();
        }
        if (ssr_levels_overall(levels) != lowest)
            abort();
        char *json = NULL, *text = NULL;
        if (ssr_levels_to_json(levels, &json, NULL) != SSR_OK || ssr_levels_to_text(levels, &text, NULL) != SSR_OK)
            abort();
        ssr_free(json);
        ssr_free(text);
    }
    ssr_levels_free(levels);
    ssr_report_free(report);
    return 0;
}

/*
 * Maturity levels of a repository profile against the Principles for
 * Package Repository Security.
 */
#include <string.h>

#include "kinds/repository_profile.h"
#include "ssr/profile.h"

#define MAX_LEVEL 3

typedef struct track_result {
    bool applies;
    int level;
    const ssri_capability *missing[16];
    char *missing_status[16]; /* the status each missing one has, or NULL when absent */
    size_t missing_count;
} track_result;

struct ssr_levels {
    track_result tracks[SSRI_TRACK_COUNT];
    int overall;
    char *name;
    char *url;
    char *assessed;
};

int ssr_track_count(void)
{
    return SSRI_TRACK_COUNT;
}

const char *ssr_track_name(int track)
{
    return track >= 0 && track < SSRI_TRACK_COUNT ? ssri_track_names[track] : NULL;
}

static const char *status_of(const cJSON *capabilities, const char *id)
{
    return ssri_get_string(ssri_get(capabilities, id), "status");
}

/* A requirement is met by the registry ("yes") or by its delegate ("delegated"). */
static bool met(const char *status)
{
    return status != NULL && (strcmp(status, "yes") == 0 || strcmp(status, "delegated") == 0);
}

static bool track_has_level(const cJSON *capabilities, ssri_track track, int level)
{
    for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
        if (c->track != track || c->level > level)
            continue;
        if (!met(status_of(capabilities, c->id)))
            return false;
    }
    return true;
}

static bool evaluate_track(ssr_levels *l, ssri_track track, const cJSON *root)
{
    track_result *t = &l->tracks[track];
    const cJSON *capabilities = ssri_get(root, "capabilities");
    t->applies = ssri_track_applies(track, ssri_get(root, "taxonomy"));
    if (!t->applies) {
        t->level = -1;
        return true;
    }
    t->level = 0;
    while (t->level < MAX_LEVEL && track_has_level(capabilities, track, t->level + 1))
        t->level++;
    if (t->level == MAX_LEVEL)
        return true;
    for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
        if (c->track != track || c->level != t->level + 1)
            continue;
        const char *status = status_of(capabilities, c->id);
        if (met(status))
            continue;
        if (status != NULL && (t->missing_status[t->missing_count] = ssri_strndup(status, strlen(status))) == NULL)
            return false;
        t->missing[t->missing_count++] = c;
    }
    return true;
}

static char *copy_member(const cJSON *object, const char *name)
{
    const char *s = ssri_get_string(object, name);
    return ssri_strndup(s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

int ssr_profile_levels(const void *data, size_t len, const ssr_options *opts, ssr_levels **levels,
                       ssr_report **report)
{
    SSRI_RESET(levels);
    SSRI_RESET(report);
    if (levels == NULL)
        return SSR_EINVAL;
    ssr_report *r = NULL;
    int status = ssr_validate(data, len, SSR_KIND_REPOSITORY_PROFILE, opts, &r);
    if (status != SSR_OK)
        return status;
    if (!ssr_report_valid(r)) {
        ssri_report_hand_over(r, true, report);
        return SSR_EINVALID;
    }
    /* Valid: the strict reader accepts it again, so only memory can fail now. */
    ssr_doc *doc = NULL;
    ssr_levels *l = ssri_malloc(sizeof *l);
    if (l != NULL)
        memset(l, 0, sizeof *l);
    status = ssr_doc_parse(data, len, opts, &doc, NULL);
    if (l != NULL && status == SSR_OK) {
        const cJSON *root = doc->root, *repository = ssri_get(root, "repository");
        l->name = copy_member(repository, "name");
        l->url = copy_member(repository, "url");
        l->assessed = copy_member(root, "assessed");
        bool ok = l->name != NULL && l->url != NULL && l->assessed != NULL;
        l->overall = MAX_LEVEL;
        for (int t = 0; ok && t < SSRI_TRACK_COUNT; t++) {
            ok = evaluate_track(l, (ssri_track)t, root);
            if (l->tracks[t].applies && l->tracks[t].level < l->overall)
                l->overall = l->tracks[t].level;
        }
        status = ok ? SSR_OK : SSR_ENOMEM;
    } else if (l == NULL) {
        status = SSR_ENOMEM;
    }
    ssr_doc_free(doc);
    if (status != SSR_OK) {
        ssr_levels_free(l);
        ssr_report_free(r);
        return status;
    }
    *levels = l;
    ssri_report_hand_over(r, true, report);
    return SSR_OK;
}

void ssr_levels_free(ssr_levels *levels)
{
    if (levels == NULL)
        return;
    for (int t = 0; t < SSRI_TRACK_COUNT; t++)
        for (size_t i = 0; i < levels->tracks[t].missing_count; i++)
            ssri_free(levels->tracks[t].missing_status[i]);
    ssri_free(levels->name);
    ssri_free(levels->url);
    ssri_free(levels->assessed);
    ssri_free(levels);
}

static const track_result *track_at(const ssr_levels *levels, int track)
{
    return levels != NULL && track >= 0 && track < SSRI_TRACK_COUNT ? &levels->tracks[track] : NULL;
}

int ssr_levels_applies(const ssr_levels *levels, int track)
{
    const track_result *t = track_at(levels, track);
    return t != NULL && t->applies;
}

int ssr_levels_level(const ssr_levels *levels, int track)
{
    const track_result *t = track_at(levels, track);
    return t != NULL ? t->level : -1;
}

int ssr_levels_overall(const ssr_levels *levels)
{
    return levels != NULL ? levels->overall : 0;
}

size_t ssr_levels_missing_count(const ssr_levels *levels, int track)
{
    const track_result *t = track_at(levels, track);
    return t != NULL ? t->missing_count : 0;
}

const char *ssr_levels_missing(const ssr_levels *levels, int track, size_t i)
{
    const track_result *t = track_at(levels, track);
    return t != NULL && i < t->missing_count ? t->missing[i]->id : NULL;
}

int ssr_levels_to_json(const ssr_levels *levels, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    if (levels == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_puts(&b, "{\"tracks\":{");
    for (int t = 0; t < SSRI_TRACK_COUNT; t++) {
        const track_result *r = &levels->tracks[t];
        ssri_buf_printf(&b, "%s\"%s\":{\"applies\":%s,\"level\":", t ? "," : "", ssri_track_names[t],
                        r->applies ? "true" : "false");
        if (r->applies)
            ssri_buf_printf(&b, "%d", r->level);
        else
            ssri_buf_puts(&b, "null");
        ssri_buf_puts(&b, ",\"next_missing\":[");
        for (size_t i = 0; i < r->missing_count; i++)
            ssri_buf_printf(&b, "%s\"%s\"", i ? "," : "", r->missing[i]->id);
        ssri_buf_puts(&b, "]}");
    }
    ssri_buf_printf(&b, "},\"overall\":%d}", levels->overall);
    return ssri_buf_finish(&b, out, out_len);
}

int ssr_levels_to_text(const ssr_levels *levels, char **out, size_t *out_len)
{
    static const char *const titles[SSRI_TRACK_COUNT] = {"Authentication", "Authorization", "General security",
                                                         "Command-line tooling"};
    SSRI_RESET(out);
    if (levels == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_buf_printf(&b, "Security maturity of %s (%s), assessed %s,\n", levels->name, levels->url, levels->assessed);
    ssri_buf_puts(&b, "against the OpenSSF Principles for Package Repository Security (v0.1, February 2024).\n\n");
    ssri_buf_printf(&b, "Overall: level %d of 3 (the lowest level among the tracks that apply; informative: the Principles "
                       "define levels per track only).\n", levels->overall);
    for (int t = 0; t < SSRI_TRACK_COUNT; t++) {
        const track_result *r = &levels->tracks[t];
        ssri_buf_printf(&b, "\n%s: ", titles[t]);
        if (!r->applies) {
            ssri_buf_puts(&b, t == SSRI_TRACK_AUTHENTICATION
                                  ? "not applicable (the registry has no user accounts).\n"
                                  : "not applicable (the registry has no user accounts or does not accept built "
                                    "packages).\n");
            continue;
        }
        ssri_buf_printf(&b, "level %d of 3", r->level);
        if (r->level == MAX_LEVEL) {
            ssri_buf_puts(&b, ", every requirement met.\n");
            continue;
        }
        ssri_buf_printf(&b, ". Level %d needs:\n", r->level + 1);
        for (size_t i = 0; i < r->missing_count; i++)
            ssri_buf_printf(&b, "  - %s (%s): %s\n", r->missing[i]->requirement, r->missing[i]->id,
                            r->missing_status[i] != NULL ? r->missing_status[i] : "not assessed");
    }
    return ssri_buf_finish(&b, out, out_len);
}

/*
 * libssr: maturity levels of a repository profile.
 *
 * A repository-profile document lists a registry's capabilities, one per
 * requirement of the OpenSSF Principles for Package Repository Security.
 * The requirements fall into four tracks, each with levels 1 to 3. A
 * track's level is the highest L such that every capability of levels
 * 1..L is met ("yes", or "delegated" to another provider); the overall
 * level (informative) is the lowest among the tracks that apply to the
 * registry (authentication needs user accounts,
 * authorization user accounts and accepting built packages).
 */
#ifndef SSR_PROFILE_H
#define SSR_PROFILE_H

#include "common.h"
#include "json.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ssr_track {
    SSR_TRACK_AUTHENTICATION = 0,
    SSR_TRACK_AUTHORIZATION = 1,
    SSR_TRACK_GENERAL = 2,
    SSR_TRACK_CLI = 3
} ssr_track;

/* The number of tracks (4). */
SSR_API int ssr_track_count(void);
/* "authentication", "authorization", "general", "cli"; NULL for another value. Static. */
SSR_API const char *ssr_track_name(int track);

typedef struct ssr_levels ssr_levels;

/*
 * Validates `len` bytes at `data` as a repository-profile and computes its
 * levels. SSR_OK: *levels is set (free with ssr_levels_free()).
 * SSR_EINVALID: the document is not a valid profile and *levels is NULL.
 * In both cases *report, when report is not NULL, receives the
 * validation report (free with ssr_report_free()). SSR_EINVAL, SSR_ENOMEM:
 * nothing is returned.
 */
SSR_API SSR_NODISCARD int ssr_profile_levels(const void *data, size_t len, const ssr_options *opts,
                                             ssr_levels **levels, ssr_report **report);

/* Frees levels; NULL is accepted. */
SSR_API void ssr_levels_free(ssr_levels *levels);

/* 1 when the track applies to the registry, else 0. */
SSR_API SSR_NODISCARD int ssr_levels_applies(const ssr_levels *levels, int track);
/* The track's level, 0 to 3, or -1 when the track does not apply. */
SSR_API SSR_NODISCARD int ssr_levels_level(const ssr_levels *levels, int track);
/*
 * The lowest level among the applicable tracks, 0 to 3. Informative: the
 * Principles define levels per track, not an overall one.
 */
SSR_API SSR_NODISCARD int ssr_levels_overall(const ssr_levels *levels);
/*
 * The capabilities that block the track's next level (those of level L+1
 * whose status is not "yes"); none at level 3 or when the track does not
 * apply. Strings are owned by `levels`.
 */
SSR_API SSR_NODISCARD size_t ssr_levels_missing_count(const ssr_levels *levels, int track);
SSR_API SSR_NODISCARD const char *ssr_levels_missing(const ssr_levels *levels, int track, size_t i);

/*
 * The levels as JSON:
 *   {"tracks": {"authentication": {"applies": bool, "level": 0-3 or null,
 *    "next_missing": [ids]}, "authorization": {...}, "general": {...},
 *    "cli": {...}}, "overall": N}
 * *out is freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_levels_to_json(const ssr_levels *levels, char **out, size_t *out_len);

/*
 * The levels as an English report for people (a grant proposal, a
 * security page): the registry, the date of the assessment, each track's
 * level and what the next level needs. *out is freed with ssr_free().
 */
SSR_API SSR_NODISCARD int ssr_levels_to_text(const ssr_levels *levels, char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SSR_PROFILE_H */

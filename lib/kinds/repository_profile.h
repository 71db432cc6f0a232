/*
 * What the repository-profile kind shares with the maturity evaluation.
 */
#ifndef SSRI_REPOSITORY_PROFILE_H
#define SSRI_REPOSITORY_PROFILE_H

#include "capabilities.h"
#include "schema/schema.h"

/* Does a track apply to a registry with this taxonomy object? */
bool ssri_track_applies(ssri_track track, const cJSON *taxonomy);

const ssri_capability *ssri_capability_by_id(const char *id);

#endif /* SSRI_REPOSITORY_PROFILE_H */

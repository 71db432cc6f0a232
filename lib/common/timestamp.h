/*
 * Time: RFC 3339 timestamps (UTC, "Z"), points in time with their
 * nanoseconds, and validity windows, for every room that reads or compares
 * a time (formats, trusted roots, verification, token expiry).
 */
#ifndef SSRI_TIMESTAMP_H
#define SSRI_TIMESTAMP_H

#include <stdbool.h>
#include <stdint.h>

/* RFC 3339 UTC timestamp ("...Z"); the seconds since the epoch when not NULL. */
bool ssri_timestamp_parse(const char *s, int64_t *unix_seconds);
/* The same, with the fraction of the second in nanoseconds (digits past the ninth dropped). */
bool ssri_timestamp_parse_ns(const char *s, int64_t *unix_seconds, int32_t *nanoseconds);

/* A point in time: seconds since the epoch and the nanoseconds past them. */
typedef struct ssri_time {
    int64_t sec;
    int32_t nsec;
} ssri_time;

int ssri_time_cmp(ssri_time a, ssri_time b);
/* An RFC 3339 UTC timestamp ("...Z", fraction allowed) as a time; false when it is not one. */
bool ssri_time_parse(const char *text, ssri_time *t);
/* The time as RFC 3339 UTC, fraction only when there is one, into out[40]. */
void ssri_time_format(ssri_time t, char out[40]);

/* A validFor window: start required, end inclusive when has_end. */
typedef struct ssri_window {
    ssri_time start, end;
    bool has_end;
} ssri_window;

bool ssri_window_contains(const ssri_window *w, ssri_time t);

#endif /* SSRI_TIMESTAMP_H */

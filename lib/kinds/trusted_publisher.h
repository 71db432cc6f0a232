/*
 * What the trusted-publisher kind shares with policy matching.
 */
#ifndef SSRI_TRUSTED_PUBLISHER_H
#define SSRI_TRUSTED_PUBLISHER_H

#include "schema/schema.h"

typedef struct ssri_provider {
    const char *name;   /* the provider value */
    const char *block;  /* its typed identity block, NULL for custom */
    const char *issuer; /* its one issuer, NULL when the policy chooses */
    const char *issuer_prefix; /* what a per-tenant issuer starts with (CircleCI's per organization), or NULL */
    /* what generic conditions must pin (see trusted_publisher.c), NULL-terminated; NULL: sub and one more claim */
    const char *const *pins;
} ssri_provider;

/* The largest magnitude an integer may have and still compare exactly as a double: 2^53 - 1. */
#define SSRI_MAX_EXACT_INTEGER 9007199254740991.0

/* Is `value` a number written without fraction or exponent, within +-(2^53 - 1)? */
bool ssri_exact_integer(const cJSON *value);

extern const ssri_provider ssri_providers[];
const ssri_provider *ssri_provider_by_name(const char *name);

/* NULL when `value` suits operator `op` (value NULL: absent), else why not. */
const char *ssri_condition_value_problem(const char *op, const cJSON *value);

#endif /* SSRI_TRUSTED_PUBLISHER_H */

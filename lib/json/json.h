/*
 * The strict JSON reader's private interface.
 *
 * The reader builds a cJSON tree itself, in an arena, so that cJSON's
 * global allocation hooks are never touched (a host program may use cJSON
 * too) and so that a whole document is freed at once. Two fields of each
 * node carry what cJSON has no room for:
 *   - valueint holds the byte offset of the value in the input, from which
 *     line and column are derived only when a diagnostic needs them;
 *   - bit SSRI_NUMBER_INTEGRAL of type marks a number written with neither
 *     fraction nor exponent (schemas that want integers need the spelling).
 * Nodes are never handed to cJSON_Delete.
 */
#ifndef SSRI_JSON_H
#define SSRI_JSON_H

#include <cjson/cJSON.h>

#include "common/internal.h"
#include "diagnostics/report.h"
#include "ssr/json.h"

#define SSRI_NUMBER_INTEGRAL (1 << 12)

typedef struct ssri_arena_block ssri_arena_block;
typedef struct ssri_arena {
    ssri_arena_block *head;
    unsigned char *free, *end; /* the room left in the head block */
    size_t next_size;
} ssri_arena;

void *ssri_arena_alloc_slow(ssri_arena *arena, size_t size);
void ssri_arena_release(ssri_arena *arena);

/*
 * size bytes, 8-aligned, that live until the arena is released; NULL when
 * out of memory. Inline: the reader takes a node or a string from the
 * current block for every value, and only a new block costs a call.
 */
static inline void *ssri_arena_alloc(ssri_arena *arena, size_t size)
{
    size_t rounded = (size + 7) & ~(size_t)7;
    if (arena->free != NULL && size <= SIZE_MAX - 7 && rounded <= (size_t)(arena->end - arena->free)) {
        void *p = arena->free;
        arena->free += rounded;
        return p;
    }
    return ssri_arena_alloc_slow(arena, size);
}

struct ssr_doc {
    ssri_arena arena;
    cJSON *root;
};

struct ssr_options {
    uint64_t limits[6]; /* indexed by ssr_limit */
};

/*
 * cJSON's type of a node (cJSON_Invalid for NULL), tested inline: the
 * reader and the walker ask millions of times, and cJSON_IsObject() and
 * its siblings are calls into the shared library.
 */
static inline int ssri_json_type(const cJSON *node)
{
    return node != NULL ? node->type & 0xff : cJSON_Invalid;
}

/* Byte offset in the input of the value held by `node`. */
static inline size_t ssri_node_offset(const cJSON *node)
{
    return (size_t)(unsigned)node->valueint;
}

/* Byte offset of the member name that introduces `node` in its object. */
size_t ssri_member_name_offset(const char *src, size_t len, const cJSON *node);

/*
 * Parses under the strict profile. On success returns SSR_OK and fills
 * *doc. On an invalid input returns SSR_EINVALID after adding exactly one
 * diagnostic to `report` (which may not be NULL). SSR_ENOMEM otherwise.
 */
int ssri_parse(const char *src, size_t len, const ssr_options *opts, ssr_doc *doc,
               ssr_report *report);

/* Number conversions, locale-independent. */
/* Converts a JSON number lexeme; false when it overflows a double. */
bool ssri_number_parse(const char *s, size_t len, double *out, int *status);
/* Writes the ECMAScript form of a finite double; returns its length (< 32). */
size_t ssri_number_format(double value, char out[32]);

/* The member `name` of an object (case-sensitive), or NULL. */
const cJSON *ssri_get(const cJSON *object, const char *name);
/* The string value of member `name`, or NULL when absent or not a string. */
const char *ssri_get_string(const cJSON *object, const char *name);
/* A short description of a JSON value's type for messages ("a string"). */
const char *ssri_type_name(const cJSON *value);

/* RFC 8785 order: compares two UTF-8 names by their UTF-16 code units. */
int ssri_utf16_compare(const char *a, const char *b);

#endif /* SSRI_JSON_H */

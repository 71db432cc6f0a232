/*
 * Shorthands for writing node tables. Each expands to a compound literal
 * with static storage, so a table reads as the schema it is.
 */
#ifndef SSRI_NODES_H
#define SSRI_NODES_H

#include "schema/schema.h"

#define SSRI_STR(stem_, title_, format_, min_, max_)                                                       \
    (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .title = (title_), .format = (format_),        \
                        .min_length = (min_), .max_length = (max_)})

/* Text: no control characters, 1..max characters. */
#define SSRI_TEXT(stem_, title_, max_) SSRI_STR(stem_, title_, SSRI_FMT_TEXT, 1, max_)
/* Text of several lines (a message): line feeds and tabs allowed, no other control character. */
#define SSRI_PROSE(stem_, title_, max_) SSRI_STR(stem_, title_, SSRI_FMT_PROSE, 1, max_)

/* A name people read: its rules, and a warning for invisible or bidirectional-control code points. */
#define SSRI_NAME(stem_, title_, format_, min_, max_)                                                      \
    (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .title = (title_), .format = (format_),        \
                        .min_length = (min_), .max_length = (max_), .name = true})

#define SSRI_ENUM(stem_, title_, ...)                                                                      \
    (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .title = (title_),                            \
                        .values = (const char *const[]){__VA_ARGS__, NULL}})

/* An enumeration a later v1 may extend where nothing depends on it for security: another value warns. */
#define SSRI_OPEN_ENUM(stem_, title_, ...)                                                                 \
    (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .title = (title_),                            \
                        .values = (const char *const[]){__VA_ARGS__, NULL}, .open_values = true})

#define SSRI_CONST(stem_, title_, value_)                                                                  \
    (&(const ssri_node){.type = SSRI_STRING, .stem = (stem_), .title = (title_), .constant = (value_)})

/* The "ssr" member: the kind and major version, optionally a later minor one ("release/v1.2"). */
#define SSRI_KIND_VERSION(value_)                                                                            \
    (&(const ssri_node){.type = SSRI_STRING, .stem = "ssr",                                                  \
                        .title = "The kind and version of this document: KIND/v1, or KIND/v1.N for a later minor " \
                                 "version.",                                                                 \
                        .constant = (value_), .minor_versions = true})

#define SSRI_INT(stem_, title_, min_, max_)                                                                \
    (&(const ssri_node){.type = SSRI_INTEGER, .stem = (stem_), .title = (title_), .minimum = (min_),         \
                        .maximum = (max_)})

#define SSRI_BOOL(stem_, title_) (&(const ssri_node){.type = SSRI_BOOLEAN, .stem = (stem_), .title = (title_)})

#define SSRI_MEMBERS(...) ((const ssri_member[]){__VA_ARGS__, {NULL, NULL, false}})

#endif /* SSRI_NODES_H */

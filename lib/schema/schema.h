/*
 * Rules as data. A native kind is a tree of schema nodes: each node says
 * what JSON type a value has, its format, its members or items, and the
 * stem of its diagnostic codes. One walker validates documents against the
 * tree, the same tree prints the kind's JSON Schema (draft 2020-12), and
 * the same tree lists every code a kind can raise, so the specification,
 * the schema and the code cannot drift apart.
 *
 * Rules a table cannot state (purl agreement, status consistency, unique
 * file names...) are `check` functions on the node they concern; those
 * that JSON Schema can state too carry the same rule as `schema_extra`
 * text, and the differential test against Ajv proves the two agree.
 */
#ifndef SSRI_SCHEMA_H
#define SSRI_SCHEMA_H

#include "json/json.h"
#include "ssr/validate.h"

typedef struct ssri_walk ssri_walk;
typedef struct ssri_node ssri_node;
typedef struct ssri_native ssri_native;

/* What a kind's validator sees: the parsed document and where to report. */
typedef struct ssri_check {
    const cJSON *root;
    const char *src;
    size_t src_len;
    ssr_report *report;
    int status; /* SSR_OK, or SSR_ENOMEM once an allocation failed */
    bool shape_only; /* leave encoded payloads unopened (verification judges signatures, not contents) */
    ssri_arena *arena; /* the document's: what the protobuf JSON mapping rewrites lives here */
} ssri_check;

typedef enum ssri_type {
    SSRI_ANY = 0,
    SSRI_STRING,
    SSRI_INTEGER,
    SSRI_BOOLEAN,
    SSRI_OBJECT,
    SSRI_ARRAY,
    SSRI_UNION /* an object whose `tag` member picks one of `variants` */
} ssri_type;

typedef enum ssri_format {
    SSRI_FMT_NONE = 0,
    SSRI_FMT_TEXT,        /* no control characters */
    SSRI_FMT_TIMESTAMP,   /* RFC 3339, UTC, "Z" */
    SSRI_FMT_HTTPS_URL,   /* absolute https URL, ASCII, no credentials */
    SSRI_FMT_HEX,         /* lowercase hex of exactly min_length digits */
    SSRI_FMT_REVISION,    /* 40 or 64 lowercase hex digits */
    SSRI_FMT_DIGITS,      /* decimal digits (numeric ids written as strings) */
    SSRI_FMT_ECOSYSTEM,   /* an OSV ecosystem name */
    SSRI_FMT_ADVISORY_ID, /* an OSV identifier: PREFIX-ID */
    SSRI_FMT_PURL,        /* a package URL */
    SSRI_FMT_FILENAME,    /* a bare file name: no separators, no "..", no controls */
    SSRI_FMT_WORKFLOW,    /* a workflow file name: *.yml or *.yaml, no "/" */
    SSRI_FMT_REPO_PATH,   /* OWNER/NAME */
    SSRI_FMT_SEGMENT,     /* one path segment: no "/", no spaces or controls */
    SSRI_FMT_WORKFLOW_PATH, /* a workflow file path: *.yml or *.yaml, no controls */
    SSRI_FMT_EMAIL,
    SSRI_FMT_UNSIGNED,    /* a decimal integer written as a string, 0..2^63-1 */
    SSRI_FMT_URI,         /* RFC 3986 URI with a scheme (JSON Schema's "uri", as Ajv checks it) */
    SSRI_FMT_BASE64,      /* strict base64: one alphabet, canonical padding, no white space */
    SSRI_FMT_TYPE_URI,    /* an RFC 3986 URI whose scheme and host are lowercase (in-toto TypeURI) */
    SSRI_FMT_PROSE        /* text of several lines: no control characters but line feed and tab */
} ssri_format;

/* How a node treats members its table does not name ("x-" ones are always ignored). */
typedef enum ssri_unknown {
    SSRI_UNKNOWN_WARN = 0, /* warning <kind>.unknown-member */
    SSRI_UNKNOWN_ERROR,    /* error <kind>.<stem>.unknown */
    SSRI_UNKNOWN_IGNORE,   /* the format says to ignore them (near misses are still reported) */
    SSRI_UNKNOWN_CHECKED   /* the node's check judges them: no near-miss, no unknown-member */
} ssri_unknown;

typedef struct ssri_member {
    const char *name;
    const ssri_node *node;
    bool required;
} ssri_member;

typedef struct ssri_variant {
    const char *tag;
    const ssri_node *node; /* an SSRI_OBJECT whose members include the tag */
} ssri_variant;

struct ssri_node {
    ssri_type type;
    bool nullable; /* null is accepted too */
    /*
     * A protobuf message in the protobuf JSON mapping, with everything below
     * it: a field may be spelled with its proto name (snake_case) as well as
     * its JSON name, an int64 written as a number as well as a string, bytes
     * as base64 with or without padding; each such spelling is read as the
     * canonical one (the tree rewritten), with a warning. Unknown members
     * warn.
     */
    bool proto_json;
    /*
     * The kind whose codes this node and everything below it raise, when
     * it is shared (a Sigstore bundle inside npm's response, a DSSE
     * envelope inside a bundle): one rule, one code, wherever it applies.
     */
    const ssri_native *owner;
    const char *stem;  /* codes are <kind>.<stem>.<rule> */
    const char *title; /* the schema's description */

    /* strings */
    ssri_format format;
    const char *const *values; /* allowed values, NULL-terminated */
    bool open_values;          /* another value is a warning (<stem>.unknown-value), not an error */
    const char *constant;
    bool minor_versions; /* the constant ("KIND/v1") may be followed by ".N": a later minor version */
    bool later_versions; /* the constant ("0.1", MAJOR.MINOR) may be a later version: <stem>.later, a warning */
    bool name;           /* a name people read (a package, a version, a file): invisible code points warn */
    uint32_t min_length, max_length; /* in characters; 0: no bound */

    /* integers: [minimum, maximum]; both 0 means 0..2^53-1 */
    int64_t minimum, maximum;

    /* objects, and the variants of a union; NULL members: a free-form object */
    const ssri_member *members; /* terminated by a NULL name */
    ssri_unknown unknown;

    /* arrays */
    const ssri_node *items;
    uint32_t min_items;
    bool unique; /* items are distinct values */

    /* unions */
    const char *tag;
    const ssri_variant *variants; /* terminated by a NULL tag */

    /* rules beyond the table */
    void (*check)(ssri_walk *w, const cJSON *value);
    const char *schema_extra; /* JSON members added to the printed schema */
};

/* One rule a node raises, for the code list. */
typedef struct ssri_rule_info {
    const char *rule;
    int severity;
    bool beyond_schema; /* JSON Schema cannot state it: Ajv may disagree */
} ssri_rule_info;

/* A kind described by node tables: its name, its root node, its extra codes. */
struct ssri_native {
    const char *name;
    const ssri_node *root;
    bool own_schema;        /* libssr's own kind: its JSON Schema is published */
    int near_miss_severity; /* SSR_SEVERITY_ERROR, or WARNING where the format's verdict must stay its own */
    /* codes raised by check functions: "stem.rule", severity, beyond schema */
    const struct ssri_extra_code {
        const char *code;
        int severity;
        bool beyond_schema;
    } *extra_codes;
    /* nodes that check functions walk (known predicates), NULL-terminated; for the code list */
    const ssri_node *const *also;
    /*
     * The parser behind SSRI_FMT_PURL, for a kind with such nodes (package
     * URLs live in a room above this engine): SSR_OK, SSR_ENOMEM, or
     * SSR_EINVALID with the reason written into message[size].
     */
    int (*purl_check)(const char *s, char *message, size_t size);
};

/* One step of the walk's JSON Pointer: a member name, or an index when name is NULL. */
typedef struct ssri_segment {
    const char *name;
    size_t index;
} ssri_segment;

struct ssri_walk {
    ssri_check *check;
    const ssri_native *kind;
    /*
     * The pointer as ssri_segment entries; its text is built only when a
     * diagnostic needs it (names live in the tables or the document's
     * arena for the whole walk).
     */
    ssri_buf path;
    /* Inside a decoded payload: where the encoded member stands in the input. */
    const char *outer_pointer;
    size_t outer_offset;
    bool proto_json; /* under a node with proto_json */
    unsigned said;   /* bits a kind's checks set to say a thing once per document */
};

/* Validates the whole document against a native kind. */
void ssri_walk_document(ssri_check *check, const ssri_native *kind);

/*
 * Validates `len` bytes decoded from the member `at` (at the walk's current
 * pointer) as a document of `kind`: strict JSON first, then, when
 * `applies` is NULL or says yes, the kind's tables and `extra` (when not
 * NULL). Diagnostics point at `at` and carry the pointer inside the
 * payload as their payload_pointer. Returns false when the payload is not
 * strict JSON.
 */
bool ssri_walk_payload(ssri_walk *w, const cJSON *at, const unsigned char *payload, size_t len,
                       const ssri_native *kind, bool (*applies)(const cJSON *root),
                       void (*extra)(ssri_walk *w, const cJSON *root));

/* Walks `value` against `node` at the current pointer. */
void ssri_walk_node(ssri_walk *w, const ssri_node *node, const cJSON *value);

/*
 * Reports a finding at `at` (its member name when at_name) with code
 * <kind>.<stem>.<rule> (or <kind>.<rule> when stem is NULL). The pointer is
 * the walk's current one, plus `member` when not NULL.
 */
void ssri_flag(ssri_walk *w, int severity, const char *stem, const char *rule, const cJSON *at, bool at_name,
               const char *member, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Do `len` bytes at `name` and `want` differ only by case, "_", "-" or camelCase spelling? */
bool ssri_name_near(const char *name, size_t len, const char *want);

/* Pushes a member name or an index on the walk's pointer; pop with the mark returned. */
size_t ssri_push_name(ssri_walk *w, const char *name);
size_t ssri_push_index(ssri_walk *w, size_t index);
void ssri_pop(ssri_walk *w, size_t mark);

/*
 * Format checks: NULL when `s` is well-formed, else a message of what is
 * wrong ("Expected X." or "Expected X, found Y."), static or written into
 * buf. A message without "found" gets the value appended by the walker.
 */
const char *ssri_format_problem(ssri_format format, const char *s, uint32_t length, char *buf, size_t size);

/* Prints the JSON Schema of a native kind. */
int ssri_schema_print(const ssri_native *kind, char **out, size_t *out_len);

/* Lists every code of a kind, one "code\tseverity\tschema|beyond" line each. */
int ssri_codes_print(const ssri_native *kind, char **out, size_t *out_len);

#endif /* SSRI_SCHEMA_H */

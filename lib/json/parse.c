/*
 * The strict JSON reader: one linear pass over the bytes that checks the
 * grammar, UTF-8, escapes, duplicates and limits, and builds the tree.
 *
 * The pass is iterative (an explicit frame per open container), so nesting
 * costs heap, never stack. On the first violation it records one
 * diagnostic and stops: the byte offset is exact, the JSON Pointer comes
 * from the open frames, line and column from the offset.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "json.h"

/* Objects with more members than this check duplicates through a hash set. */
#define SMALL_OBJECT 16

typedef struct name_set {
    const char **slots; /* open addressing, NULL = empty */
    size_t mask;
    size_t used;
} name_set;

typedef struct frame {
    cJSON *container;
    cJSON *last;
    size_t count;
    const char *key;   /* object: name of the member being read */
    bool in_value;     /* a member value or element is being read */
    name_set names;    /* objects above SMALL_OBJECT members */
} frame;

typedef struct parser {
    const unsigned char *start;
    const unsigned char *p;
    const unsigned char *end;
    ssri_arena *arena;
    uint64_t limits[6];
    frame *frames;
    size_t depth;
    size_t frames_cap;
    unsigned char hash_key[crypto_shorthash_KEYBYTES];
    bool hash_keyed;
    /* the first violation */
    const char *code;
    size_t offset;
    char message[192];
    int status;
    ssr_report *report;
} parser;

enum byte_class { PLAIN = 0, QUOTE, BACKSLASH, CONTROL, HIGH };

static const unsigned char string_class[256] = {
    [0x00 ... 0x1f] = CONTROL,
    ['"'] = QUOTE,
    ['\\'] = BACKSLASH,
    [0x80 ... 0xff] = HIGH,
};

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t load8(const unsigned char *s)
{
    uint64_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

/* The number of spaces that begin the eight bytes at p. */
static size_t leading_spaces(const unsigned char *p)
{
    uint64_t other = load8(p) ^ (ONES * ' '); /* zero bytes where p has spaces */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return other == 0 ? 8 : (size_t)__builtin_ctzll(other) / 8;
#else
    size_t n = 0;
    while (n < 8 && p[n] == ' ')
        n++;
    (void)other;
    return n;
#endif
}

/* Pretty-printed input indents with runs of spaces after a newline: those are measured eight bytes at a time. */
static void skip_ws(parser *P)
{
    const unsigned char *p = P->p, *end = P->end;
    while (p < end && is_ws(*p)) {
        if (*p++ != '\n')
            continue;
        size_t n = 8;
        while (n == 8 && end - p >= 8)
            p += n = leading_spaces(p);
    }
    P->p = p;
}

/*
 * The first byte at or after `s` that is not PLAIN. Eight bytes are tested
 * at once for a quote, a backslash, a control character (below 0x20) or a
 * byte of 0x80 and above; the tests can only err towards stopping early,
 * after which bytes are looked at one by one.
 */
static const unsigned char *skip_plain(const unsigned char *s, const unsigned char *end)
{
    while (end - s >= 8) {
        uint64_t v = load8(s), quote = v ^ (ONES * '"'), backslash = v ^ (ONES * '\\');
        uint64_t special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (v - ONES * 0x20) | v;
        if (special & HIGHS)
            break;
        s += 8;
    }
    while (s < end && string_class[*s] == PLAIN)
        s++;
    return s;
}

/* Describes what stands at `at`, for messages: 'x', byte 0xNN, end of input. */
static const char *describe(const parser *P, const unsigned char *at, char buf[24])
{
    if (at >= P->end)
        return "the end of the input";
    if (*at >= 0x21 && *at < 0x7f)
        snprintf(buf, 24, "'%c'", *at);
    else if (*at == ' ')
        snprintf(buf, 24, "a space");
    else
        snprintf(buf, 24, "byte 0x%02x", *at);
    return buf;
}

/* The JSON Pointer of the place being read, from the open frames. */
static void build_pointer(const parser *P, ssri_buf *b, const char *extra_name)
{
    for (size_t i = 0; i < P->depth; i++) {
        const frame *f = &P->frames[i];
        if (!f->in_value)
            break;
        if (ssri_json_type(f->container) == cJSON_Array)
            ssri_pointer_push_index(b, f->count);
        else
            ssri_pointer_push_name(b, f->key);
    }
    if (extra_name != NULL)
        ssri_pointer_push_name(b, extra_name);
}

static bool failv(parser *P, const char *code, const unsigned char *at, const char *extra_name,
                  const char *fmt, va_list ap)
{
    if (P->code != NULL)
        return false;
    P->code = code;
    P->offset = (size_t)(at - P->start);
    vsnprintf(P->message, sizeof P->message, fmt, ap);
    ssri_buf ptr = {0};
    build_pointer(P, &ptr, extra_name);
    char *pointer = NULL;
    if (ssri_buf_finish(&ptr, &pointer, NULL) != SSR_OK ||
        ssri_report_add(P->report, SSR_SEVERITY_ERROR, code, pointer, (const char *)P->start,
                        (size_t)(P->end - P->start), P->offset, P->message) != SSR_OK)
        P->status = SSR_ENOMEM;
    else
        P->status = SSR_EINVALID;
    ssri_free(pointer);
    return false;
}

__attribute__((format(printf, 4, 5))) static bool fail(parser *P, const char *code,
                                                       const unsigned char *at, const char *fmt,
                                                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(P, code, at, NULL, fmt, ap);
    va_end(ap);
    return false;
}

__attribute__((format(printf, 4, 5))) static bool fail_at_name(parser *P, const unsigned char *at,
                                                               const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(P, "json.duplicate-member", at, name, fmt, ap);
    va_end(ap);
    return false;
}

static bool out_of_memory(parser *P)
{
    if (P->code == NULL) {
        P->code = "";
        P->status = SSR_ENOMEM;
    }
    return false;
}

static cJSON *new_node(parser *P, int type, const unsigned char *at)
{
    cJSON *node = ssri_arena_alloc(P->arena, sizeof *node);
    if (node == NULL) {
        out_of_memory(P);
        return NULL;
    }
    memset(node, 0, sizeof *node);
    node->type = type;
    node->valueint = (int)(at - P->start);
    if (P->depth > 0) {
        const frame *parent = &P->frames[P->depth - 1];
        if (ssri_json_type(parent->container) == cJSON_Object)
            node->string = (char *)parent->key;
    }
    return node;
}

/* ---- strings ---------------------------------------------------------- */

/*
 * Checks one UTF-8 sequence whose lead byte is at `s` (>= 0x80) against
 * Unicode's table of well-formed sequences; returns its length, or 0 after
 * reporting which class of malformation it is.
 */
static size_t check_utf8(parser *P, const unsigned char *s)
{
    unsigned char c = s[0];
    size_t avail = (size_t)(P->end - s);
    size_t need;
    unsigned char lo = 0x80, hi = 0xbf;

    if (c < 0xc0) {
        fail(P, "json.utf8.unexpected-continuation", s,
             "Expected a UTF-8 lead byte, found continuation byte 0x%02x.", c);
        return 0;
    }
    if (c < 0xc2) {
        fail(P, "json.utf8.overlong", s,
             "Expected the shortest UTF-8 form, found an overlong sequence starting 0x%02x.", c);
        return 0;
    }
    if (c >= 0xf8) {
        fail(P, "json.utf8.invalid-byte", s, "Expected UTF-8, found byte 0x%02x, which UTF-8 never uses.",
             c);
        return 0;
    }
    if (c >= 0xf5) {
        fail(P, "json.utf8.out-of-range", s,
             "Expected a code point up to U+10FFFF, found a sequence starting 0x%02x.", c);
        return 0;
    }
    need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;

    for (size_t i = 1; i < need; i++) {
        if (i >= avail || (s[i] & 0xc0) != 0x80) {
            fail(P, "json.utf8.truncated", s,
                 "Expected %zu continuation bytes after UTF-8 lead byte 0x%02x, found %zu.", need - 1,
                 c, i - 1);
            return 0;
        }
        if (i == 1 && (s[1] < lo || s[1] > hi)) {
            if (c == 0xed)
                fail(P, "json.utf8.surrogate", s,
                     "Expected a Unicode scalar value, found a UTF-16 surrogate encoded in UTF-8.");
            else if (c == 0xf4)
                fail(P, "json.utf8.out-of-range", s,
                     "Expected a code point up to U+10FFFF, found one above it.");
            else
                fail(P, "json.utf8.overlong", s,
                     "Expected the shortest UTF-8 form, found an overlong %zu-byte sequence.", need);
            return 0;
        }
    }
    return need;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Reads the four hex digits after "\u" at `s`; -1 when they are not hex. */
static long read_hex4(const parser *P, const unsigned char *s)
{
    if (P->end - s < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(unsigned char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xc0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xe0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (unsigned char)(0xf0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

static size_t utf8_length(unsigned long cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/*
 * Checks one escape sequence at `s` (the backslash). Returns its length in
 * the input, or 0 after reporting; adds the count of its decoded bytes to
 * *written, and when `out` is given, writes them at out + *written first.
 */
static size_t escape_sequence(parser *P, const unsigned char *s, unsigned char *out, size_t *written)
{
    static const char simple[][2] = {{'"', '"'},  {'\\', '\\'}, {'/', '/'},  {'b', '\b'},
                                     {'f', '\f'}, {'n', '\n'},  {'r', '\r'}, {'t', '\t'}};
    if (s + 1 >= P->end) {
        fail(P, "json.unexpected-end", P->end, "Expected an escape sequence, found the end of the input.");
        return 0;
    }
    for (size_t i = 0; i < SSRI_ARRAY_LEN(simple); i++) {
        if (s[1] == (unsigned char)simple[i][0]) {
            if (out != NULL)
                out[*written] = (unsigned char)simple[i][1];
            (*written)++;
            return 2;
        }
    }
    char buf[24];
    if (s[1] != 'u') {
        fail(P, "json.string.invalid-escape", s,
             "Expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after a backslash, found %s.",
             describe(P, s + 1, buf));
        return 0;
    }
    long cp = read_hex4(P, s + 2);
    if (cp < 0) {
        fail(P, "json.string.invalid-escape", s, "Expected four hex digits after \\u.");
        return 0;
    }
    if (cp == 0) {
        fail(P, "json.string.null-escape", s, "Expected a character other than U+0000, found \\u0000.");
        return 0;
    }
    size_t used = 6;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        fail(P, "json.string.lone-surrogate", s,
             "Expected a high surrogate before low surrogate \\u%04lx, found none.", cp);
        return 0;
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        long low = -1;
        if (P->end - s >= 12 && s[6] == '\\' && s[7] == 'u')
            low = read_hex4(P, s + 8);
        if (low < 0xdc00 || low > 0xdfff) {
            fail(P, "json.string.lone-surrogate", s,
                 "Expected a low surrogate escape after high surrogate \\u%04lx, found none.", cp);
            return 0;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        used = 12;
    }
    *written += out != NULL ? put_utf8(out + *written, (unsigned long)cp) : utf8_length((unsigned long)cp);
    return used;
}

/*
 * Reads the string whose opening quote is at P->p. The first pass checks
 * everything and finds the end; the second copies (no escapes) or decodes.
 * Returns the decoded, NUL-terminated string in the arena, or NULL.
 */
static char *read_string(parser *P)
{
    const unsigned char *open = P->p;
    const unsigned char *s = open + 1;
    size_t escapes_in = 0, escapes_out = 0; /* bytes of escape sequences in the input, and decoded */

    for (;;) {
        s = skip_plain(s, P->end);
        if (s >= P->end) {
            fail(P, "json.unexpected-end", P->end,
                 "Expected '\"' to close the string opened at byte %zu, found the end of the input.",
                 (size_t)(open - P->start));
            return NULL;
        }
        switch (string_class[*s]) {
        case QUOTE:
            goto closed;
        case BACKSLASH: {
            size_t n = escape_sequence(P, s, NULL, &escapes_out);
            if (n == 0)
                return NULL;
            escapes_in += n;
            s += n;
            break;
        }
        case CONTROL:
            fail(P, "json.string.control-character", s,
                 "Expected control character U+%04X to be escaped in a string, found it raw.", *s);
            return NULL;
        default: {
            size_t n = check_utf8(P, s);
            if (n == 0)
                return NULL;
            s += n;
            break;
        }
        }
    }
closed:;
    /* The limit is on what the string decodes to: "\n" is one byte, "\ud83d\ude00" four. */
    bool escaped = escapes_in > 0;
    size_t decoded = (size_t)(s - open - 1) - escapes_in + escapes_out;
    if (decoded > P->limits[SSR_LIMIT_STRING]) {
        fail(P, "json.limit.string", open,
             "Expected a string of at most %llu bytes, found one of %zu bytes.",
             (unsigned long long)P->limits[SSR_LIMIT_STRING], decoded);
        return NULL;
    }
    unsigned char *out = ssri_arena_alloc(P->arena, decoded + 1);
    if (out == NULL) {
        out_of_memory(P);
        return NULL;
    }
    if (!escaped) {
        memcpy(out, open + 1, decoded);
    } else {
        const unsigned char *r = open + 1;
        size_t w = 0;
        while (r < s) {
            const unsigned char *bs = memchr(r, '\\', (size_t)(s - r));
            if (bs == NULL)
                bs = s;
            memcpy(out + w, r, (size_t)(bs - r));
            w += (size_t)(bs - r);
            if (bs == s)
                break;
            r = bs + escape_sequence(P, bs, out, &w);
        }
        decoded = w;
    }
    out[decoded] = '\0';
    P->p = s + 1;
    return (char *)out;
}

/* ---- numbers and literals --------------------------------------------- */

static cJSON *read_number(parser *P)
{
    const unsigned char *s = P->p, *q = s;
    bool integral = true;
    char buf[24];

    if (q < P->end && *q == '-')
        q++;
    if (q >= P->end || *q < '0' || *q > '9')
        return fail(P, "json.number.syntax", q, "Expected a digit in the number, found %s.",
                    describe(P, q, buf)), NULL;
    if (*q == '0') {
        q++;
        if (q < P->end && *q >= '0' && *q <= '9')
            return fail(P, "json.number.syntax", s,
                        "Expected no leading zero in a number, found a digit after '0'."),
                   NULL;
    } else {
        while (q < P->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < P->end && *q == '.') {
        integral = false;
        q++;
        if (q >= P->end || *q < '0' || *q > '9')
            return fail(P, "json.number.syntax", q,
                        "Expected a digit after the decimal point, found %s.", describe(P, q, buf)),
                   NULL;
        while (q < P->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < P->end && (*q == 'e' || *q == 'E')) {
        integral = false;
        q++;
        if (q < P->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= P->end || *q < '0' || *q > '9')
            return fail(P, "json.number.syntax", q, "Expected a digit in the exponent, found %s.",
                        describe(P, q, buf)),
                   NULL;
        while (q < P->end && *q >= '0' && *q <= '9')
            q++;
    }
    double value;
    int status = SSR_OK;
    if (!ssri_number_parse((const char *)s, (size_t)(q - s), &value, &status)) {
        if (status == SSR_ENOMEM)
            return out_of_memory(P), NULL;
        return fail(P, "json.number.overflow", s,
                    "Expected a number within the range of a double, found one of larger magnitude."),
               NULL;
    }
    cJSON *node = new_node(P, cJSON_Number | (integral ? SSRI_NUMBER_INTEGRAL : 0), s);
    if (node != NULL)
        node->valuedouble = value;
    P->p = q;
    return node;
}

static cJSON *read_literal(parser *P)
{
    static const struct {
        const char *text;
        size_t len;
        int type;
    } literals[] = {{"true", 4, cJSON_True}, {"false", 5, cJSON_False}, {"null", 4, cJSON_NULL}};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(literals); i++) {
        if (*P->p != (unsigned char)literals[i].text[0])
            continue;
        size_t avail = (size_t)(P->end - P->p);
        size_t n = 0;
        while (n < literals[i].len && n < avail && P->p[n] == (unsigned char)literals[i].text[n])
            n++;
        if (n < literals[i].len) {
            char buf[24];
            return fail(P, n < avail ? "json.invalid-literal" : "json.unexpected-end", P->p + n,
                        "Expected the literal '%s', found %s.", literals[i].text,
                        describe(P, P->p + n, buf)),
                   NULL;
        }
        cJSON *node = new_node(P, literals[i].type, P->p);
        P->p += n;
        return node;
    }
    return NULL;
}

/* ---- duplicate member names ------------------------------------------- */

static uint64_t name_hash(parser *P, const char *name)
{
    if (!P->hash_keyed) {
        /* A fresh SipHash key per document: colliding names cannot be precomputed. */
        randombytes_buf(P->hash_key, sizeof P->hash_key);
        P->hash_keyed = true;
    }
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)name, strlen(name), P->hash_key);
    uint64_t v;
    memcpy(&v, h, sizeof v);
    return v;
}

/* Inserts `name`; false when it is already there. */
static bool name_set_insert(parser *P, name_set *set, const char *name)
{
    size_t i = (size_t)name_hash(P, name) & set->mask;
    while (set->slots[i] != NULL) {
        if (strcmp(set->slots[i], name) == 0)
            return false;
        i = (i + 1) & set->mask;
    }
    set->slots[i] = name;
    set->used++;
    return true;
}

static bool name_set_grow(parser *P, frame *f)
{
    size_t cap = f->names.slots ? (f->names.mask + 1) * 2 : 64;
    const char **slots = ssri_malloc(cap * sizeof *slots);
    if (slots == NULL)
        return false;
    memset(slots, 0, cap * sizeof *slots);
    ssri_free(f->names.slots);
    f->names = (name_set){slots, cap - 1, 0};
    for (cJSON *c = f->container->child; c != NULL; c = c->next)
        name_set_insert(P, &f->names, c->string);
    return true;
}

/* Checks that `name` is new in the object of frame `f`. */
static bool check_new_name(parser *P, frame *f, const char *name, const unsigned char *at)
{
    bool fresh = true;
    if (f->count < SMALL_OBJECT) {
        for (cJSON *c = f->container->child; c != NULL && fresh; c = c->next)
            fresh = c->string[0] != name[0] || strcmp(c->string, name) != 0;
    } else {
        if ((f->names.slots == NULL || f->names.used * 2 >= f->names.mask) && !name_set_grow(P, f))
            return out_of_memory(P);
        fresh = name_set_insert(P, &f->names, name);
    }
    if (fresh)
        return true;
    /* The pointer names the repeated member itself. */
    f->in_value = false;
    size_t shown = strlen(name);
    bool cut = shown > 60;
    if (cut) /* cut on a character boundary, so the message stays UTF-8 */
        for (shown = 60; ((unsigned char)name[shown] & 0xc0) == 0x80; shown--)
            ;
    return fail_at_name(P, at, name, "Expected each member name once in an object, found \"%.*s\"%s again.",
                        (int)shown, name, cut ? "..." : "");
}

/* ---- the grammar ------------------------------------------------------- */

static bool push_frame(parser *P, cJSON *container, const unsigned char *at)
{
    if (P->depth >= P->limits[SSR_LIMIT_DEPTH])
        return fail(P, "json.limit.depth", at, "Expected nesting of at most %llu levels, found deeper.",
                    (unsigned long long)P->limits[SSR_LIMIT_DEPTH]);
    if (P->depth == P->frames_cap) {
        frame *frames = ssri_grow(P->frames, &P->frames_cap, sizeof *frames, 16);
        if (frames == NULL)
            return out_of_memory(P);
        P->frames = frames;
    }
    P->frames[P->depth++] = (frame){.container = container};
    return true;
}

static void pop_frame(parser *P)
{
    frame *f = &P->frames[--P->depth];
    ssri_free(f->names.slots);
}

static void attach(frame *f, cJSON *node)
{
    if (f->last == NULL) {
        f->container->child = node;
    } else {
        f->last->next = node;
        node->prev = f->last;
    }
    f->container->child->prev = node; /* cJSON keeps the last child there */
    f->last = node;
    f->count++;
    f->in_value = false;
}

/* Reads a member name and its ':' (P->p at the opening quote). */
static bool read_member_name(parser *P, frame *f)
{
    char buf[24];
    if (P->p >= P->end || *P->p != '"')
        return fail(P, P->p >= P->end ? "json.unexpected-end" : "json.unexpected-character", P->p,
                    "Expected '\"' to start a member name, found %s.", describe(P, P->p, buf));
    if (f->count >= P->limits[SSR_LIMIT_MEMBERS])
        return fail(P, "json.limit.members", P->p, "Expected at most %llu members in an object, found more.",
                    (unsigned long long)P->limits[SSR_LIMIT_MEMBERS]);
    const unsigned char *at = P->p;
    char *name = read_string(P);
    if (name == NULL || !check_new_name(P, f, name, at))
        return false;
    f->key = name;
    skip_ws(P);
    if (P->p >= P->end || *P->p != ':')
        return fail(P, P->p >= P->end ? "json.unexpected-end" : "json.unexpected-character", P->p,
                    "Expected ':' after the member name, found %s.", describe(P, P->p, buf));
    P->p++;
    f->in_value = true;
    return true;
}

/* Reads one scalar or opens a container; *opened tells which. */
static cJSON *read_value(parser *P, bool *opened)
{
    char buf[24];
    *opened = false;
    skip_ws(P);
    if (P->p >= P->end)
        return fail(P, "json.unexpected-end", P->p, "Expected a value, found the end of the input."), NULL;
    switch (*P->p) {
    case '{':
    case '[': {
        cJSON *node = new_node(P, *P->p == '{' ? cJSON_Object : cJSON_Array, P->p);
        if (node == NULL || !push_frame(P, node, P->p))
            return NULL;
        P->p++;
        *opened = true;
        return node;
    }
    case '"': {
        cJSON *node = new_node(P, cJSON_String, P->p);
        if (node != NULL && (node->valuestring = read_string(P)) == NULL)
            return NULL;
        return node;
    }
    case '-':
    case '0' ... '9':
        return read_number(P);
    case 't':
    case 'f':
    case 'n':
        return read_literal(P);
    default:
        return fail(P, "json.unexpected-character", P->p, "Expected a value, found %s.",
                    describe(P, P->p, buf)),
               NULL;
    }
}

/*
 * After a value: closes what ends here and moves to the next member or
 * element. Returns true when another value is to be read.
 */
static bool next_value(parser *P, bool *done)
{
    char buf[24];
    for (;;) {
        if (P->depth == 0) {
            *done = true;
            return false;
        }
        frame *f = &P->frames[P->depth - 1];
        bool object = ssri_json_type(f->container) == cJSON_Object;
        skip_ws(P);
        if (P->p >= P->end)
            return fail(P, "json.unexpected-end", P->p, "Expected ',' or '%c', found the end of the input.",
                        object ? '}' : ']');
        unsigned char c = *P->p;
        if (c == ',') {
            P->p++;
            skip_ws(P);
            if (object)
                return read_member_name(P, f);
            f->in_value = true;
            if (f->count >= P->limits[SSR_LIMIT_ARRAY])
                return fail(P, "json.limit.array", P->p,
                            "Expected at most %llu elements in an array, found more.",
                            (unsigned long long)P->limits[SSR_LIMIT_ARRAY]);
            return true;
        }
        if (c != (object ? '}' : ']'))
            return fail(P, "json.unexpected-character", P->p, "Expected ',' or '%c', found %s.",
                        object ? '}' : ']', describe(P, P->p, buf));
        P->p++;
        cJSON *closed = f->container;
        pop_frame(P);
        if (P->depth > 0)
            attach(&P->frames[P->depth - 1], closed);
    }
}

/* Right after '{' or '[': an empty container closes at once. */
static bool open_container(parser *P, bool *closed_now)
{
    frame *f = &P->frames[P->depth - 1];
    bool object = ssri_json_type(f->container) == cJSON_Object;
    skip_ws(P);
    *closed_now = P->p < P->end && *P->p == (object ? '}' : ']');
    if (*closed_now) {
        P->p++;
        cJSON *closed = f->container;
        pop_frame(P);
        if (P->depth > 0)
            attach(&P->frames[P->depth - 1], closed);
        return true;
    }
    if (object)
        return read_member_name(P, f);
    f->in_value = true;
    return true;
}

static cJSON *parse_document(parser *P)
{
    cJSON *root = NULL;
    bool done = false;
    for (;;) {
        bool opened;
        cJSON *node = read_value(P, &opened);
        if (node == NULL)
            return NULL;
        if (root == NULL)
            root = node;
        if (opened) {
            bool closed_now;
            if (!open_container(P, &closed_now))
                return NULL;
            if (!closed_now)
                continue;
        } else if (P->depth > 0) {
            attach(&P->frames[P->depth - 1], node);
        }
        if (!next_value(P, &done) && !done)
            return NULL;
        if (done)
            return root;
    }
}

static const unsigned char *skip_ws_from(const unsigned char *p, const unsigned char *end)
{
    while (p < end && is_ws(*p))
        p++;
    return p;
}

int ssri_parse(const char *src, size_t len, const ssr_options *opts, ssr_doc *doc, ssr_report *report)
{
    parser P = {
        .start = (const unsigned char *)src,
        .p = (const unsigned char *)src,
        .end = (const unsigned char *)src + len,
        .arena = &doc->arena,
        .report = report,
    };
    for (int i = SSR_LIMIT_DEPTH; i <= SSR_LIMIT_MEMBERS; i++)
        P.limits[i] = ssr_options_get_limit(opts, (ssr_limit)i);
    doc->root = NULL;

    if (len > P.limits[SSR_LIMIT_SIZE]) {
        /* Refused before reading: nothing past the limit is looked at. */
        P.end = P.start + P.limits[SSR_LIMIT_SIZE];
        fail(&P, "json.limit.size", P.start, "Expected a document of at most %llu bytes, found %zu bytes.",
             (unsigned long long)P.limits[SSR_LIMIT_SIZE], len);
        return P.status;
    }
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        fail(&P, "json.bom", P.start, "Expected a JSON value, found a UTF-8 byte-order mark.");
        return P.status;
    }
    if (skip_ws_from(P.start, P.end) == P.end) {
        fail(&P, "json.empty", P.end, "Expected a JSON value, found %s.",
             len == 0 ? "an empty input" : "only white space");
        return P.status;
    }
    cJSON *root = parse_document(&P);
    while (P.depth > 0)
        pop_frame(&P);
    ssri_free(P.frames);
    if (root == NULL)
        return P.status;
    P.p = skip_ws_from(P.p, P.end);
    if (P.p < P.end) {
        char buf[24];
        fail(&P, "json.trailing-content", P.p, "Expected the end of the input after the document, found %s.",
             describe(&P, P.p, buf));
        return P.status;
    }
    doc->root = root;
    return SSR_OK;
}

size_t ssri_member_name_offset(const char *src, size_t len, const cJSON *node)
{
    /* Back from the value over white space and ':' to the name's closing quote. */
    size_t i = ssri_node_offset(node);
    if (i > len)
        return 0;
    while (i > 0 && (is_ws((unsigned char)src[i - 1]) || src[i - 1] == ':'))
        i--;
    if (i == 0 || src[i - 1] != '"')
        return ssri_node_offset(node);
    i--; /* the closing quote */
    /* Inside a name every quote is escaped, so the first unescaped one opens it. */
    while (i > 0) {
        i--;
        if (src[i] != '"')
            continue;
        size_t backslashes = 0;
        while (backslashes < i && src[i - 1 - backslashes] == '\\')
            backslashes++;
        if (backslashes % 2 == 0)
            return i;
    }
    return ssri_node_offset(node);
}

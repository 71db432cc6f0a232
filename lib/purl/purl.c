/*
 * Package URLs (ECMA-427): parsing, the rules of registered types, and the
 * canonical string. Parsing follows the specification's "how to parse"
 * from right to left (subpath, qualifiers, scheme, type, version, name,
 * namespace); building follows "how to build"; both end in the same type
 * rules, so a parsed purl and a built one are normalized alike. Where the
 * type definitions and the test suite disagree, the suite decides
 * (schema/SPEC.md section 12 lists each such case).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diagnostics/report.h"
#include "json/json.h"
#include "purl.h"
#include "ssr/validate.h"

#define PARTS 5

struct ssr_purl {
    char *parts[PARTS]; /* decoded; NULL when absent */
    size_t qualifiers;
    char **keys, **values; /* sorted by key */
};

/* ---- characters ----------------------------------------------------------- */

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static void lowercase(char *s)
{
    for (; s != NULL && *s != '\0'; s++)
        *s = lower(*s);
}

static int hex_value(char c)
{
    return is_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Characters a canonical component keeps as they are: alphanumerics, ".-_~" and ':' (ECMA-427 "Character encoding"). */
static bool kept(unsigned char c)
{
    return is_alpha((char)c) || is_digit((char)c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

static bool refuse(ssri_purl_error *err, const char *code, int part, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool refuse(ssri_purl_error *err, const char *code, int part, size_t offset, const char *fmt, ...)
{
    err->code = code;
    err->part = part;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return false;
}

/*
 * Percent-decodes s[0..n) into a new string: %XX escapes, UTF-8 as a whole,
 * no NUL. NULL with *status SSR_ENOMEM, or NULL with the refusal in *err.
 */
static char *decode(const char *s, size_t n, int part, size_t at, ssri_purl_error *err, int *status)
{
    char *out = ssri_malloc(n + 1);
    if (out == NULL) {
        *status = SSR_ENOMEM;
        return NULL;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[w++] = s[i];
            continue;
        }
        int hi = i + 2 < n ? hex_value(s[i + 1]) : -1, lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            ssri_free(out);
            refuse(err, "purl.percent", part, at + i, "Expected two hex digits after '%%', found \"%.*s\".",
                   (int)(n - i < 3 ? n - i : 3), s + i);
            *status = SSR_EINVALID;
            return NULL;
        }
        out[w++] = (char)(hi << 4 | lo);
        if (out[w - 1] == '\0') {
            ssri_free(out);
            refuse(err, "purl.percent", part, at + i, "Expected a character other than U+0000, found %%00.");
            *status = SSR_EINVALID;
            return NULL;
        }
        i += 2;
    }
    out[w] = '\0';
    for (size_t i = 0; i < w;) {
        size_t len = ssri_utf8_sequence((const unsigned char *)out + i, w - i);
        if (len == 0) {
            ssri_free(out);
            refuse(err, "purl.utf8", part, at, "Expected percent-encoded UTF-8, found bytes that are not.");
            *status = SSR_EINVALID;
            return NULL;
        }
        i += len;
    }
    return out;
}

/* ---- registered types ------------------------------------------------------ */

enum { NS_OPTIONAL, NS_REQUIRED, NS_PROHIBITED };
enum { LOWER_NAMESPACE = 1, LOWER_NAME = 2, LOWER_VERSION = 4, LOWER_SUBPATH = 8 };

typedef struct purl_type {
    const char *type;
    unsigned char namespace_rule;
    unsigned char lower;
    const char *required_qualifier;
    /* a normalization or a rule the table cannot state; false with *err set refuses */
    bool (*rule)(ssr_purl *p, ssri_purl_error *err);
} purl_type;

static const char *qualifier(const ssr_purl *p, const char *key)
{
    for (size_t i = 0; i < p->qualifiers; i++)
        if (strcmp(p->keys[i], key) == 0)
            return p->values[i];
    return NULL;
}

/* PyPI names compare lowercased, '_' spelled '-'. */
static bool pypi_rule(ssr_purl *p, ssri_purl_error *err)
{
    (void)err;
    for (char *c = p->parts[SSR_PURL_NAME]; *c != '\0'; c++)
        if (*c == '_')
            *c = '-';
    return true;
}

/* A CPAN distribution name, never a module name (no "::"). */
static bool cpan_rule(ssr_purl *p, ssri_purl_error *err)
{
    if (strstr(p->parts[SSR_PURL_NAME], "::") == NULL)
        return true;
    return refuse(err, "purl.name.format", SSR_PURL_NAME, 0,
                  "Expected a CPAN distribution name (URI-PackageURL), found the module name \"%.80s\".",
                  p->parts[SSR_PURL_NAME]);
}

static bool all_in(const char *s, const char *lo, const char *hi, size_t *length)
{
    size_t n = 0;
    for (; *s != '\0'; s++, n++)
        if (*s < *lo || *s > *hi)
            return false;
    *length = n;
    return true;
}

/* An extension id is 32 letters a to p; its version one to four dot-separated numbers. */
static bool chrome_rule(ssr_purl *p, ssri_purl_error *err)
{
    size_t n;
    const char *name = p->parts[SSR_PURL_NAME], *version = p->parts[SSR_PURL_VERSION];
    if (!all_in(name, "a", "p", &n) || n != 32)
        return refuse(err, "purl.name.format", SSR_PURL_NAME, 0,
                      "Expected an extension id of 32 letters a to p, found \"%.80s\".", name);
    if (version == NULL)
        return true;
    int parts = 0;
    for (const char *c = version;; c++) {
        const char *start = c;
        while (is_digit(*c))
            c++;
        if (c == start || ++parts > 4 || (*c != '.' && *c != '\0'))
            return refuse(err, "purl.version.format", SSR_PURL_VERSION, 0,
                          "Expected a version of one to four dot-separated numbers, found \"%.80s\".", version);
        if (*c == '\0')
            return true;
    }
}

/* Pub names are [a-z0-9_]: other characters become '_' (the type's normalization). */
static bool pub_rule(ssr_purl *p, ssri_purl_error *err)
{
    (void)err;
    for (char *c = p->parts[SSR_PURL_NAME]; *c != '\0'; c++)
        if (!((*c >= 'a' && *c <= 'z') || is_digit(*c) || *c == '_'))
            *c = '_';
    return true;
}

/* MLflow model names fold case on Databricks, not on Azure ML: the repository decides. */
static bool mlflow_rule(ssr_purl *p, ssri_purl_error *err)
{
    (void)err;
    const char *repository = qualifier(p, "repository_url");
    if (repository != NULL && strstr(repository, "azuredatabricks.net") != NULL)
        lowercase(p->parts[SSR_PURL_NAME]);
    return true;
}

static const purl_type types[] = {
    {"alpm", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"apk", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"bazel", NS_PROHIBITED, 0, NULL, NULL},
    {"bitbucket", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"bitnami", NS_PROHIBITED, LOWER_NAME, NULL, NULL},
    {"brew", NS_OPTIONAL, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"cargo", NS_PROHIBITED, 0, NULL, NULL},
    {"chrome-extension", NS_PROHIBITED, LOWER_NAME, NULL, chrome_rule},
    {"cocoapods", NS_PROHIBITED, 0, NULL, NULL},
    {"composer", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"conan", NS_OPTIONAL, 0, NULL, NULL},
    {"conda", NS_PROHIBITED, 0, NULL, NULL},
    {"cpan", NS_OPTIONAL, 0, NULL, cpan_rule},
    {"cran", NS_PROHIBITED, 0, NULL, NULL},
    {"deb", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"docker", NS_OPTIONAL, 0, NULL, NULL},
    {"gem", NS_PROHIBITED, 0, NULL, NULL},
    {"generic", NS_OPTIONAL, 0, NULL, NULL},
    /* the suite lowercases git's host and path, though the definition calls them case-sensitive */
    {"git", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"github", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"golang", NS_REQUIRED, 0, NULL, NULL},
    {"hackage", NS_PROHIBITED, 0, NULL, NULL},
    {"hex", NS_OPTIONAL, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"huggingface", NS_REQUIRED, LOWER_VERSION, NULL, NULL},
    {"julia", NS_PROHIBITED, 0, "uuid", NULL},
    {"luarocks", NS_OPTIONAL, LOWER_NAMESPACE | LOWER_NAME, NULL, NULL},
    {"maven", NS_REQUIRED, 0, NULL, NULL},
    {"mlflow", NS_PROHIBITED, 0, NULL, mlflow_rule},
    {"npm", NS_OPTIONAL, 0, NULL, NULL},
    {"nuget", NS_PROHIBITED, 0, NULL, NULL},
    {"oci", NS_PROHIBITED, LOWER_NAME | LOWER_VERSION, NULL, NULL},
    {"opam", NS_PROHIBITED, 0, NULL, NULL},
    {"otp", NS_PROHIBITED, LOWER_NAME | LOWER_SUBPATH, NULL, NULL},
    {"pub", NS_PROHIBITED, LOWER_NAME, NULL, pub_rule},
    {"pypi", NS_PROHIBITED, LOWER_NAME | LOWER_VERSION, NULL, pypi_rule},
    {"qpkg", NS_REQUIRED, LOWER_NAMESPACE, NULL, NULL},
    {"rpm", NS_REQUIRED, LOWER_NAMESPACE, NULL, NULL},
    {"swid", NS_OPTIONAL, 0, "tag_id", NULL},
    {"swift", NS_REQUIRED, 0, NULL, NULL},
    {"vcpkg", NS_PROHIBITED, 0, NULL, NULL},
    {"vscode-extension", NS_REQUIRED, LOWER_NAMESPACE | LOWER_NAME | LOWER_VERSION, NULL, NULL},
    {"yocto", NS_OPTIONAL, LOWER_NAMESPACE, NULL, NULL},
};

static const purl_type *type_of(const char *type)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(types); i++)
        if (strcmp(types[i].type, type) == 0)
            return &types[i];
    return NULL; /* not registered: only the core rules apply */
}

bool ssri_purl_folds(const char *type, int part)
{
    static const unsigned flags[PARTS] = {0, LOWER_NAMESPACE, LOWER_NAME, LOWER_VERSION, LOWER_SUBPATH};
    const purl_type *t = type != NULL ? type_of(type) : NULL;
    return part == SSR_PURL_TYPE || (t != NULL && part > 0 && part < PARTS && (t->lower & flags[part]) != 0);
}

static bool check_core(ssr_purl *p, ssri_purl_error *err);
static bool check_type(ssr_purl *p, const purl_type *t, ssri_purl_error *err);

/*
 * git: the namespace is the host alone, the name the repository's whole
 * path (pkg:git/codeberg.org/forgejo/forgejo names forgejo/forgejo), its
 * empty segments dropped as the namespace's are, so that a parsed and a
 * built purl are the same.
 */
static int git_path(ssr_purl *p, ssri_purl_error *err)
{
    char *ns = p->parts[SSR_PURL_NAMESPACE];
    char *cut = ns != NULL ? strchr(ns, '/') : NULL;
    ssri_buf b = {0};
    if (cut != NULL)
        ssri_buf_puts(&b, cut + 1);
    for (const char *c = p->parts[SSR_PURL_NAME]; *c != '\0';) {
        size_t n = strcspn(c, "/");
        if (n > 0) {
            if (b.len > 0)
                ssri_buf_putc(&b, '/');
            ssri_buf_append(&b, c, n);
        }
        c += n + (c[n] == '/');
    }
    char *name = NULL;
    if (b.failed) {
        ssri_buf_release(&b);
        return SSR_ENOMEM;
    }
    if (b.len == 0) {
        ssri_buf_release(&b);
        refuse(err, "purl.name.required", SSR_PURL_NAME, 0, "Expected a name, found none.");
        return SSR_EINVALID;
    }
    if (ssri_buf_finish(&b, &name, NULL) != SSR_OK)
        return SSR_ENOMEM;
    if (cut != NULL)
        *cut = '\0';
    ssri_free(p->parts[SSR_PURL_NAME]);
    p->parts[SSR_PURL_NAME] = name;
    return SSR_OK;
}

/* The rules every purl meets whatever its origin, then those of its type: SSR_OK, SSR_EINVALID or SSR_ENOMEM. */
static int check(ssr_purl *p, ssri_purl_error *err)
{
    if (!check_core(p, err))
        return SSR_EINVALID;
    const purl_type *t = type_of(p->parts[SSR_PURL_TYPE]);
    int status = t != NULL && strcmp(t->type, "git") == 0 ? git_path(p, err) : SSR_OK;
    if (status != SSR_OK)
        return status;
    return t == NULL || check_type(p, t, err) ? SSR_OK : SSR_EINVALID;
}

static bool check_core(ssr_purl *p, ssri_purl_error *err)
{
    const char *type = p->parts[SSR_PURL_TYPE];
    if (type == NULL || type[0] == '\0')
        return refuse(err, "purl.type.required", SSR_PURL_TYPE, 0, "Expected a type, found none.");
    bool ok = is_alpha(type[0]);
    for (const char *c = type; ok && *c != '\0'; c++)
        ok = is_alpha(*c) || is_digit(*c) || *c == '.' || *c == '-';
    if (!ok)
        return refuse(err, "purl.type.format", SSR_PURL_TYPE, 0,
                      "Expected a type of ASCII letters, digits, '.' and '-' that starts with a letter, found "
                      "\"%.80s\".",
                      type);
    lowercase(p->parts[SSR_PURL_TYPE]);
    /* slashes around a name are not part of it ("how to build"), also when they were percent-encoded */
    char *name = p->parts[SSR_PURL_NAME];
    if (name != NULL) {
        size_t start = strspn(name, "/"), n = strlen(name);
        while (n > start && name[n - 1] == '/')
            n--;
        memmove(name, name + start, n - start);
        name[n - start] = '\0';
    }
    if (p->parts[SSR_PURL_NAME] == NULL || p->parts[SSR_PURL_NAME][0] == '\0')
        return refuse(err, "purl.name.required", SSR_PURL_NAME, 0, "Expected a name, found none.");
    return true;
}

static bool check_type(ssr_purl *p, const purl_type *t, ssri_purl_error *err)
{
    if (t->namespace_rule == NS_REQUIRED && p->parts[SSR_PURL_NAMESPACE] == NULL)
        return refuse(err, "purl.namespace.required", SSR_PURL_NAMESPACE, 0,
                      "Expected a namespace, which type %s requires, found none.", t->type);
    if (t->namespace_rule == NS_PROHIBITED && p->parts[SSR_PURL_NAMESPACE] != NULL)
        return refuse(err, "purl.namespace.prohibited", SSR_PURL_NAMESPACE, 0,
                      "Expected no namespace in a %s purl, found \"%.80s\".", t->type, p->parts[SSR_PURL_NAMESPACE]);
    if (t->required_qualifier != NULL && qualifier(p, t->required_qualifier) == NULL)
        return refuse(err, "purl.qualifier.required", -1, 0,
                      "Expected qualifier %s, which type %s requires, found none.", t->required_qualifier, t->type);
    static const struct {
        unsigned flag;
        int part;
    } folds[] = {{LOWER_NAMESPACE, SSR_PURL_NAMESPACE},
                 {LOWER_NAME, SSR_PURL_NAME},
                 {LOWER_VERSION, SSR_PURL_VERSION},
                 {LOWER_SUBPATH, SSR_PURL_SUBPATH}};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(folds); i++)
        if (t->lower & folds[i].flag)
            lowercase(p->parts[folds[i].part]);
    return t->rule == NULL || t->rule(p, err);
}

/* ---- the object ------------------------------------------------------------- */

void ssr_purl_free(ssr_purl *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < PARTS; i++)
        ssri_free(p->parts[i]);
    for (size_t i = 0; i < p->qualifiers; i++) {
        ssri_free(p->keys[i]);
        ssri_free(p->values[i]);
    }
    ssri_free(p->keys);
    ssri_free(p->values);
    ssri_free(p);
}

static ssr_purl *purl_new(void)
{
    ssr_purl *p = ssri_malloc(sizeof *p);
    if (p != NULL)
        *p = (ssr_purl){0};
    return p;
}

/* A qualifier key: [a-z][a-z0-9._-]* once lowercased; the first letter lowercase unless repairing. */
static bool key_ok(const char *key, size_t n, bool repair)
{
    if (n == 0 || !(is_alpha(key[0]) && (repair || (key[0] >= 'a' && key[0] <= 'z'))))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_alpha(key[i]) || is_digit(key[i]) || key[i] == '.' || key[i] == '-' || key[i] == '_'))
            return false;
    return true;
}

/*
 * Adds a qualifier (key copied lowercased, value taken over) in key order;
 * an empty value is dropped. SSR_OK, SSR_EINVALID for a repeated key,
 * SSR_ENOMEM.
 */
static int add_qualifier(ssr_purl *p, const char *key, size_t n, char *value, size_t at, ssri_purl_error *err)
{
    if (value[0] == '\0') {
        ssri_free(value);
        return SSR_OK;
    }
    char *k = ssri_strndup(key, n);
    char **keys = k != NULL ? ssri_realloc(p->keys, (p->qualifiers + 1) * sizeof *keys) : NULL;
    if (keys != NULL)
        p->keys = keys;
    char **values = keys != NULL ? ssri_realloc(p->values, (p->qualifiers + 1) * sizeof *values) : NULL;
    if (values == NULL) {
        ssri_free(k);
        ssri_free(value);
        return SSR_ENOMEM;
    }
    p->values = values;
    lowercase(k);
    size_t i = 0;
    while (i < p->qualifiers && strcmp(p->keys[i], k) < 0)
        i++;
    if (i < p->qualifiers && strcmp(p->keys[i], k) == 0) {
        refuse(err, "purl.qualifier.duplicate", -1, at, "Expected each qualifier key once, found \"%s\" again.", k);
        ssri_free(k);
        ssri_free(value);
        return SSR_EINVALID;
    }
    memmove(p->keys + i + 1, p->keys + i, (p->qualifiers - i) * sizeof *p->keys);
    memmove(p->values + i + 1, p->values + i, (p->qualifiers - i) * sizeof *p->values);
    p->keys[i] = k;
    p->values[i] = value;
    p->qualifiers++;
    return SSR_OK;
}

/* ---- parsing ---------------------------------------------------------------- */

static const char *rfind(const char *s, size_t n, char c)
{
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == c)
            return s + i - 1;
    return NULL;
}

/*
 * Joins the non-empty segments of s[0..n), each decoded, with '/'; with
 * skip_dots, "." and ".." are dropped too (subpaths). *out NULL when none.
 */
static int segments(const char *s, size_t n, size_t at, int part, bool skip_dots, char **out, ssri_purl_error *err)
{
    ssri_buf b = {0};
    int status = SSR_OK;
    *out = NULL;
    for (size_t i = 0; i <= n && status == SSR_OK;) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        if (j > i) {
            char *seg = decode(s + i, j - i, part, at + i, err, &status);
            if (seg != NULL && strchr(seg, '/') != NULL) {
                refuse(err, part == SSR_PURL_SUBPATH ? "purl.subpath.segment" : "purl.namespace.segment", part,
                       at + i, "Expected a segment without '/', found \"%.80s\".", seg);
                status = SSR_EINVALID;
            } else if (seg != NULL && !(skip_dots && (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0))) {
                if (b.len > 0)
                    ssri_buf_putc(&b, '/');
                ssri_buf_puts(&b, seg);
            }
            ssri_free(seg);
        }
        i = j + 1;
    }
    if (status == SSR_OK && b.failed)
        status = SSR_ENOMEM;
    else if (status == SSR_OK && b.len > 0)
        status = ssri_buf_finish(&b, out, NULL);
    ssri_buf_release(&b);
    return status;
}

static int parse_qualifiers(ssr_purl *p, const char *s, size_t n, size_t at, bool repair, ssri_purl_error *err)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        const char *eq = memchr(s + i, '=', j - i);
        if (eq == NULL || !key_ok(s + i, (size_t)(eq - s) - i, repair)) {
            refuse(err, "purl.qualifier.key", -1, at + i,
                   eq == NULL ? "Expected key=value in the qualifiers, found \"%.*s\"."
                              : "Expected a qualifier key of lowercase letters, digits, '.', '-' and '_' that "
                                "starts with a letter, found \"%.*s\".",
                   (int)((eq != NULL ? (size_t)(eq - s) : j) - i > 80 ? 80 : (eq != NULL ? (size_t)(eq - s) : j) - i),
                   s + i);
            return SSR_EINVALID;
        }
        int status = SSR_OK;
        char *value = decode(eq + 1, (size_t)(s + j - eq - 1), -1, at + (size_t)(eq + 1 - s), err, &status);
        if (value == NULL || (status = add_qualifier(p, s + i, (size_t)(eq - s) - i, value, at + i, err)) != SSR_OK)
            return status;
        i = j + 1;
    }
    return SSR_OK;
}

int ssri_purl_parse(const char *s, size_t len, unsigned flags, ssr_purl **out, ssri_purl_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f) {
            refuse(err, "purl.character", -1, i,
                   "Expected printable ASCII in a package URL (others percent-encoded), found %s%02X.",
                   s[i] == ' ' ? "a space, byte 0x" : "byte 0x", (unsigned char)s[i]);
            return SSR_EINVALID;
        }
    const char *end = s + len;
    const char *hash = rfind(s, len, '#');
    const char *path_end = hash != NULL ? hash : end;
    const char *question = rfind(s, (size_t)(path_end - s), '?');
    if (question != NULL)
        path_end = question;
    const char *colon = memchr(s, ':', (size_t)(path_end - s));
    if (colon == NULL || colon - s != 3 || lower(s[0]) != 'p' || lower(s[1]) != 'k' || lower(s[2]) != 'g') {
        refuse(err, "purl.scheme", -1, 0, "Expected the scheme \"pkg:\" at the start, found \"%.*s\".",
               (int)(len > 20 ? 20 : len), s);
        return SSR_EINVALID;
    }
    const char *p = colon + 1;
    while (p < path_end && *p == '/')
        p++;
    const char *type_end = memchr(p, '/', (size_t)(path_end - p));
    if (type_end == NULL)
        type_end = path_end;

    ssr_purl *purl = purl_new();
    if (purl == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    purl->parts[SSR_PURL_TYPE] = ssri_strndup(p, (size_t)(type_end - p));
    if (purl->parts[SSR_PURL_TYPE] == NULL)
        status = SSR_ENOMEM;

    /* name@version is the last segment (trailing slashes aside); the namespace the segments before it */
    const char *rest = type_end < path_end ? type_end + 1 : path_end, *rest_end = path_end;
    while (rest_end > rest && rest_end[-1] == '/')
        rest_end--;
    const char *slash = rfind(rest, (size_t)(rest_end - rest), '/');
    const char *last = slash != NULL ? slash + 1 : rest;
    const char *at = rfind(last, (size_t)(rest_end - last), '@');
    const char *name_end = at != NULL ? at : rest_end;
    if (status == SSR_OK && at != NULL && at + 1 < rest_end)
        purl->parts[SSR_PURL_VERSION] = decode(at + 1, (size_t)(rest_end - at - 1), SSR_PURL_VERSION,
                                               (size_t)(at + 1 - s), err, &status);
    if (status == SSR_OK)
        purl->parts[SSR_PURL_NAME] = decode(last, (size_t)(name_end - last), SSR_PURL_NAME, (size_t)(last - s), err,
                                            &status);
    if (status == SSR_OK && slash != NULL)
        status = segments(rest, (size_t)(slash - rest), (size_t)(rest - s), SSR_PURL_NAMESPACE, false,
                          &purl->parts[SSR_PURL_NAMESPACE], err);
    if (status == SSR_OK && question != NULL)
        status = parse_qualifiers(purl, question + 1, (size_t)((hash != NULL ? hash : end) - question - 1),
                                  (size_t)(question + 1 - s), (flags & SSR_PURL_REPAIR) != 0, err);
    if (status == SSR_OK && hash != NULL)
        status = segments(hash + 1, (size_t)(end - hash - 1), (size_t)(hash + 1 - s), SSR_PURL_SUBPATH, true,
                          &purl->parts[SSR_PURL_SUBPATH], err);
    if (status == SSR_OK && (status = check(purl, err)) == SSR_EINVALID) {
        /* point at the component concerned */
        const char *where[PARTS] = {p, rest, last, at != NULL ? at + 1 : NULL, hash != NULL ? hash + 1 : NULL};
        if (err->part >= 0 && where[err->part] != NULL)
            err->offset = (size_t)(where[err->part] - s);
        else if (err->part < 0 && question != NULL && strcmp(err->code, "purl.qualifier.required") == 0)
            err->offset = (size_t)(question - s);
    }
    if (status != SSR_OK) {
        ssr_purl_free(purl);
        return status;
    }
    *out = purl;
    return SSR_OK;
}

int ssri_purl_from_parts(const char *const parts[PARTS], size_t qualifiers, const char *const *keys,
                         const char *const *values, ssr_purl **out, ssri_purl_error *err)
{
    *out = NULL;
    ssr_purl *p = purl_new();
    if (p == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    for (int i = 0; i < PARTS && status == SSR_OK; i++) {
        const char *v = parts[i];
        if (v == NULL)
            continue;
        if (i == SSR_PURL_NAMESPACE || i == SSR_PURL_SUBPATH) {
            /* split on '/', empty (and for subpaths . and ..) segments dropped; nothing left is absent */
            ssri_buf b = {0};
            for (const char *c = v; *c != '\0';) {
                size_t n = strcspn(c, "/");
                bool dots = i == SSR_PURL_SUBPATH && ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'));
                if (n > 0 && !dots) {
                    if (b.len > 0)
                        ssri_buf_putc(&b, '/');
                    ssri_buf_append(&b, c, n);
                }
                c += n + (c[n] == '/');
            }
            if (b.failed)
                status = SSR_ENOMEM;
            else if (b.len > 0)
                status = ssri_buf_finish(&b, &p->parts[i], NULL);
            ssri_buf_release(&b);
            continue;
        }
        size_t n = strlen(v);
        if (i == SSR_PURL_NAME) /* leading and trailing slashes are not part of a name */
            for (; n > 0 && v[n - 1] == '/'; n--)
                ;
        const char *start = v;
        while (i == SSR_PURL_NAME && *start == '/' && n > 0) {
            start++;
            n--;
        }
        if (n == 0 && i != SSR_PURL_TYPE)
            continue; /* an empty version or name is an absent one */
        if ((p->parts[i] = ssri_strndup(start, n)) == NULL)
            status = SSR_ENOMEM;
    }
    for (size_t q = 0; q < qualifiers && status == SSR_OK; q++) {
        size_t n = strlen(keys[q]);
        if (!key_ok(keys[q], n, false) || strcspn(keys[q], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
            refuse(err, "purl.qualifier.key", -1, q,
                   "Expected a qualifier key of lowercase letters, digits, '.', '-' and '_' that starts with a "
                   "letter, found \"%.80s\".",
                   keys[q]);
            status = SSR_EINVALID;
            break;
        }
        char *value = ssri_strndup(values[q], strlen(values[q]));
        status = value == NULL ? SSR_ENOMEM : add_qualifier(p, keys[q], n, value, q, err);
    }
    if (status == SSR_OK)
        status = check(p, err);
    if (status != SSR_OK) {
        ssr_purl_free(p);
        return status;
    }
    *out = p;
    return SSR_OK;
}

/* ---- writing ---------------------------------------------------------------- */

/* Percent-encodes s; '/' kept between segments when `segmented`. */
static void encode(ssri_buf *b, const char *s, bool segmented)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        if (kept(*c) || (segmented && *c == '/')) {
            ssri_buf_putc(b, (char)*c);
        } else {
            char triplet[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            ssri_buf_append(b, triplet, 3);
        }
    }
}

void ssri_purl_write(const ssr_purl *p, ssri_buf *b)
{
    ssri_buf_puts(b, "pkg:");
    ssri_buf_puts(b, p->parts[SSR_PURL_TYPE]);
    ssri_buf_putc(b, '/');
    if (p->parts[SSR_PURL_NAMESPACE] != NULL) {
        encode(b, p->parts[SSR_PURL_NAMESPACE], true);
        ssri_buf_putc(b, '/');
    }
    encode(b, p->parts[SSR_PURL_NAME], strcmp(p->parts[SSR_PURL_TYPE], "git") == 0);
    if (p->parts[SSR_PURL_VERSION] != NULL) {
        ssri_buf_putc(b, '@');
        encode(b, p->parts[SSR_PURL_VERSION], false);
    }
    for (size_t i = 0; i < p->qualifiers; i++) {
        ssri_buf_putc(b, i == 0 ? '?' : '&');
        ssri_buf_puts(b, p->keys[i]);
        ssri_buf_putc(b, '=');
        encode(b, p->values[i], false);
    }
    if (p->parts[SSR_PURL_SUBPATH] != NULL) {
        ssri_buf_putc(b, '#');
        encode(b, p->parts[SSR_PURL_SUBPATH], true);
    }
}

/* ---- the public calls ---------------------------------------------------------- */

static int report_refusal(const ssri_purl_error *err, const char *pointer, const char *src, size_t len,
                          size_t offset, ssr_report **report)
{
    if (report == NULL)
        return SSR_EINVALID;
    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    if (r == NULL || ssri_report_add(r, SSR_SEVERITY_ERROR, err->code, pointer, src, len, offset, err->message) != SSR_OK) {
        ssr_report_free(r);
        return SSR_ENOMEM;
    }
    *report = r;
    return SSR_EINVALID;
}

int ssr_purl_parse(const void *text, size_t len, unsigned flags, ssr_purl **purl, ssr_report **report)
{
    SSRI_RESET(purl);
    SSRI_RESET(report);
    if (purl == NULL || (text == NULL && len > 0) || (flags & ~SSR_PURL_REPAIR) != 0)
        return SSR_EINVAL;
    ssri_purl_error err = {0};
    int status = ssri_purl_parse(text != NULL ? text : "", len, flags, purl, &err);
    return status == SSR_EINVALID ? report_refusal(&err, "", text, len, err.offset, report) : status;
}

/* The purl's members in the components object, by part; qualifiers apart. */
static const char *const part_names[PARTS] = {"type", "namespace", "name", "version", "subpath"};

/*
 * Reports a refusal of the components at `node`: the member `member` (NULL:
 * the whole object), and in it the qualifier `key` when not NULL.
 */
static int refuse_member(const ssri_purl_error *err, const char *member, const char *key, const char *src,
                         size_t len, size_t offset, ssr_report **report)
{
    ssri_buf b = {0};
    if (member != NULL)
        ssri_pointer_push_name(&b, member);
    if (key != NULL)
        ssri_pointer_push_name(&b, key);
    ssri_buf_putc(&b, '\0');
    int status = b.failed ? SSR_ENOMEM : report_refusal(err, b.data, src, len, offset, report);
    ssri_buf_release(&b);
    return status;
}

/*
 * The components' shape: an object of the six members, strings or null,
 * qualifiers an object of strings or null. NULL when it holds, else the
 * node at fault, with the refusal in *err and the member (and qualifier
 * key) concerned.
 */
static const cJSON *shape_problem(const cJSON *root, const char *parts[PARTS], const cJSON **qualifiers,
                                  ssri_purl_error *err, const char **member, const char **key)
{
    *member = *key = NULL;
    if (!cJSON_IsObject(root)) {
        refuse(err, "purl.components.type", -1, 0, "Expected the components as a JSON object, found %s.",
               ssri_type_name(root));
        return root;
    }
    for (const cJSON *m = root->child; m != NULL; m = m->next) {
        int part = -1;
        for (int i = 0; i < PARTS; i++)
            if (strcmp(m->string, part_names[i]) == 0)
                part = i;
        *member = m->string;
        if (part >= 0) {
            if (!cJSON_IsString(m) && !cJSON_IsNull(m)) {
                refuse(err, "purl.components.type", part, 0, "Expected a string or null for %s, found %s.",
                       m->string, ssri_type_name(m));
                return m;
            }
            parts[part] = cJSON_IsString(m) ? m->valuestring : NULL;
        } else if (strcmp(m->string, "qualifiers") == 0) {
            if (!cJSON_IsObject(m) && !cJSON_IsNull(m)) {
                refuse(err, "purl.components.type", -1, 0, "Expected an object or null for qualifiers, found %s.",
                       ssri_type_name(m));
                return m;
            }
            for (const cJSON *q = cJSON_IsObject(m) ? m->child : NULL; q != NULL; q = q->next)
                if (!cJSON_IsString(q)) {
                    *key = q->string;
                    refuse(err, "purl.components.type", -1, 0, "Expected a string value for qualifier %.80s, found %s.",
                           q->string, ssri_type_name(q));
                    return q;
                }
            *qualifiers = cJSON_IsObject(m) ? m : NULL;
        } else {
            refuse(err, "purl.components.unknown", -1, 0,
                   "Expected type, namespace, name, version, qualifiers or subpath, found \"%.80s\".", m->string);
            return m;
        }
    }
    *member = NULL;
    return NULL;
}

int ssr_purl_build(const void *components, size_t len, ssr_purl **purl, ssr_report **report)
{
    SSRI_RESET(purl);
    SSRI_RESET(report);
    if (purl == NULL || (components == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    ssr_report *parsed = NULL;
    int status = ssr_doc_parse(components, len, NULL, &doc, &parsed);
    ssri_report_hand_over(parsed, status == SSR_EINVALID, report); /* not strict JSON: the json.* diagnostic */
    if (status != SSR_OK)
        return status;
    const cJSON *root = doc->root, *qualifiers = NULL;
    const char *parts[PARTS] = {0}, *member, *key;
    ssri_purl_error err = {.part = -1};
    const cJSON *bad = shape_problem(root, parts, &qualifiers, &err, &member, &key);
    if (bad != NULL) {
        /* an unknown member is pointed at by its name, a wrong value by the value */
        size_t offset = strcmp(err.code, "purl.components.unknown") == 0 ? ssri_member_name_offset(components, len, bad)
                                                                         : ssri_node_offset(bad);
        status = refuse_member(&err, member, key, components, len, offset, report);
        ssr_doc_free(doc);
        return status;
    }
    size_t count = (size_t)cJSON_GetArraySize(qualifiers);
    const char **keys = ssri_malloc((count ? count : 1) * sizeof *keys);
    const char **values = ssri_malloc((count ? count : 1) * sizeof *values);
    status = keys == NULL || values == NULL ? SSR_ENOMEM : SSR_OK;
    size_t i = 0;
    for (const cJSON *q = qualifiers != NULL ? qualifiers->child : NULL; status == SSR_OK && q != NULL; q = q->next)
        keys[i] = q->string, values[i++] = q->valuestring;
    if (status == SSR_OK)
        status = ssri_purl_from_parts(parts, count, keys, values, purl, &err);
    if (status == SSR_EINVALID) {
        /* the member concerned; for a qualifier key, err.offset is its index */
        const cJSON *node = root;
        member = key = NULL;
        if (err.part >= 0 && (node = ssri_get(root, part_names[err.part])) != NULL) {
            member = part_names[err.part];
        } else if (qualifiers != NULL) {
            node = qualifiers;
            member = "qualifiers";
            const cJSON *q = qualifiers->child;
            for (size_t k = 0; q != NULL && k < err.offset; k++)
                q = q->next;
            if (q != NULL && strcmp(err.code, "purl.qualifier.required") != 0) {
                key = q->string;
                node = q;
            }
        }
        status = refuse_member(&err, member, key, components, len, ssri_node_offset(node != NULL ? node : root),
                               report);
    }
    ssri_free(keys);
    ssri_free(values);
    ssr_doc_free(doc);
    return status;
}

const char *ssr_purl_component(const ssr_purl *purl, int part)
{
    return purl != NULL && part >= 0 && part < PARTS ? purl->parts[part] : NULL;
}

size_t ssr_purl_qualifier_count(const ssr_purl *purl)
{
    return purl != NULL ? purl->qualifiers : 0;
}

int ssr_purl_qualifier(const ssr_purl *purl, size_t i, const char **key, const char **value)
{
    if (purl == NULL || key == NULL || value == NULL || i >= purl->qualifiers)
        return SSR_EINVAL;
    *key = purl->keys[i];
    *value = purl->values[i];
    return SSR_OK;
}

int ssr_purl_canonical(const ssr_purl *purl, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    if (purl == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    ssri_purl_write(purl, &b);
    return ssri_buf_finish(&b, out, out_len);
}

static void json_string_or_null(ssri_buf *b, const char *s)
{
    if (s == NULL)
        ssri_buf_puts(b, "null");
    else
        ssri_json_escape(b, s, strlen(s));
}

int ssr_purl_to_json(const ssr_purl *purl, char **out, size_t *out_len)
{
    SSRI_RESET(out);
    if (purl == NULL || out == NULL)
        return SSR_EINVAL;
    ssri_buf b = {0};
    for (int i = 0; i < SSR_PURL_SUBPATH; i++) {
        ssri_buf_printf(&b, "%s\"%s\":", i == 0 ? "{" : ",", part_names[i]);
        json_string_or_null(&b, purl->parts[i]);
    }
    ssri_buf_puts(&b, ",\"qualifiers\":");
    if (purl->qualifiers == 0)
        ssri_buf_puts(&b, "null");
    for (size_t i = 0; i < purl->qualifiers; i++) {
        ssri_buf_putc(&b, i == 0 ? '{' : ',');
        json_string_or_null(&b, purl->keys[i]);
        ssri_buf_putc(&b, ':');
        json_string_or_null(&b, purl->values[i]);
    }
    if (purl->qualifiers > 0)
        ssri_buf_putc(&b, '}');
    ssri_buf_puts(&b, ",\"subpath\":");
    json_string_or_null(&b, purl->parts[SSR_PURL_SUBPATH]);
    ssri_buf_putc(&b, '}');
    return ssri_buf_finish(&b, out, out_len);
}

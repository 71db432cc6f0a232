/*
 * String formats of the native kinds. Each check accepts exactly what the
 * regular expression printed into the JSON Schema accepts (see
 * schema_print.c), so that the two cannot give different verdicts.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/base64.h"
#include "common/internal.h"
#include "formats.h"
#include "schema.h"

/* OSV's ecosystem names (ossf/osv-schema ecosystems.json), each optionally ":SUFFIX". */
static const char *const ecosystems[] = {
    "AlmaLinux", "Alpaquita", "Alpine", "Android", "Azure Linux", "BellSoft Hardened Containers",
    "Bioconductor", "Bitnami", "Chainguard", "CleanStart", "ConanCenter", "CRAN", "crates.io", "Debian",
    "Docker Hardened Images", "Echo", "FreeBSD", "GHC", "GitHub Actions", "Go", "Hackage", "Hex", "Julia",
    "Kubernetes", "Linux", "Mageia", "Maven", "MinimOS", "npm", "NuGet", "opam", "openEuler", "openSUSE",
    "OSS-Fuzz", "Packagist", "Photon OS", "Pub", "PyPI", "Red Hat", "Rocky Linux", "Root", "RubyGems", "SUSE",
    "SwiftURL", "TuxCare", "Ubuntu", "VSCode", "Wolfi", NULL,
};

const char ssri_ecosystem_pattern[] =
    "^(AlmaLinux|Alpaquita|Alpine|Android|Azure Linux|BellSoft Hardened Containers|Bioconductor|Bitnami|"
    "Chainguard|CleanStart|ConanCenter|CRAN|crates\\.io|Debian|Docker Hardened Images|Echo|FreeBSD|GHC|"
    "GitHub Actions|Go|Hackage|Hex|Julia|Kubernetes|Linux|Mageia|Maven|MinimOS|npm|NuGet|opam|openEuler|"
    "openSUSE|OSS-Fuzz|Packagist|Photon OS|Pub|PyPI|Red Hat|Rocky Linux|Root|RubyGems|SUSE|SwiftURL|TuxCare|"
    "Ubuntu|VSCode|Wolfi)(:.+)?$";

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_lower_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f');
}

static bool is_hex(char c)
{
    return is_lower_hex(c) || (c >= 'A' && c <= 'F');
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* U+0000..U+001F and U+007F..U+009F (C1 controls are C2 80..C2 9F in UTF-8). */
static bool control_at(const char *s, size_t *skip)
{
    unsigned char c = (unsigned char)s[0];
    *skip = 1;
    if (c < 0x20 || c == 0x7f)
        return true;
    if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f) {
        *skip = 2;
        return true;
    }
    return false;
}

static bool has_control(const char *s)
{
    size_t skip;
    for (; *s != '\0'; s++)
        if (control_at(s, &skip))
            return true;
    return false;
}

/* Controls, as above, or a space: what the patterns write as \u0000-\u0020. */
static bool has_control_or_space(const char *s)
{
    return has_control(s) || strchr(s, ' ') != NULL;
}

/* RFC 3986 characters: unreserved, reserved and '%'. */
static bool uri_char(char c)
{
    return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

static const char *https_url_problem(const char *s)
{
    if (strncmp(s, "https://", 8) != 0)
        return "Expected an absolute https:// URL.";
    const char *authority = s + 8;
    size_t n = strcspn(authority, "/?#");
    if (n == 0)
        return "Expected a host after https://, found none.";
    if (memchr(authority, '@', n) != NULL)
        return "Expected a URL without credentials, found '@' in its authority.";
    /* the host: a name, or an IP literal in brackets; then an optional port of digits (RFC 3986 section 3.2) */
    size_t host = 0;
    if (authority[0] == '[') {
        const char *close = memchr(authority, ']', n);
        if (close == NULL || close == authority + 1)
            return "Expected an IP literal host in brackets ([...]), found an unclosed or empty one.";
        host = (size_t)(close - authority) + 1;
        for (const char *p = authority + 1; p < close; p++)
            if (!is_hex(*p) && *p != ':' && *p != '.')
                return "Expected an IP literal host of hex digits, ':' and '.', found another character.";
    } else {
        host = strcspn(authority, ":/?#");
        if (host == 0)
            return "Expected a host after https://, found none.";
        if (memchr(authority, '[', host) != NULL || memchr(authority, ']', host) != NULL)
            return "Expected a host name without '[' or ']', found one.";
    }
    if (host < n && authority[host] != ':')
        return "Expected the host to end the authority or be followed by ':PORT'.";
    for (size_t i = host + 1; i < n; i++)
        if (!is_digit(authority[i]))
            return "Expected a port of decimal digits after the host's ':'.";
    int fragments = 0;
    for (const char *p = s; *p != '\0'; p++) {
        if (!uri_char(*p))
            return "Expected only URL characters (RFC 3986; others percent-encoded).";
        if (*p == '%' && !(is_hex(p[1]) && is_hex(p[2])))
            return "Expected two hex digits after '%' in the URL.";
        if (*p == '#' && ++fragments > 1)
            return "Expected at most one '#' in the URL.";
    }
    return NULL;
}

static const char *filename_problem(const char *s)
{
    if (strchr(s, '/') != NULL || strchr(s, '\\') != NULL)
        return "Expected a bare file name, found a path separator.";
    if (strstr(s, "..") != NULL || strcmp(s, ".") == 0)
        return "Expected a bare file name, found \".\" or \"..\".";
    if (*s == '\0')
        return "Expected a file name, found an empty string.";
    return has_control(s) ? "Expected no control characters in the file name." : NULL;
}

static const char *workflow_problem(const char *s)
{
    size_t n = strlen(s);
    if (strchr(s, '/') != NULL || strchr(s, '\\') != NULL)
        return "Expected a workflow file name without a directory, found a '/'.";
    bool yml = n > 4 && strcmp(s + n - 4, ".yml") == 0, yaml = n > 5 && strcmp(s + n - 5, ".yaml") == 0;
    if (!yml && !yaml)
        return "Expected a workflow file name ending in .yml or .yaml.";
    return has_control(s) ? "Expected no control characters in the workflow file name." : NULL;
}

static const char *repo_path_problem(const char *s)
{
    const char *slash = strchr(s, '/');
    if (slash == NULL || slash == s || slash[1] == '\0' || strchr(slash + 1, '/') != NULL || has_control_or_space(s))
        return "Expected OWNER/NAME, two non-empty parts without spaces.";
    return NULL;
}

static const char *email_problem(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@') != NULL || has_control_or_space(s))
        return "Expected an email address, LOCAL@DOMAIN.";
    const char *domain = at + 1;
    size_t n = strlen(domain);
    for (size_t i = 1; i + 1 < n; i++)
        if (domain[i] == '.')
            return NULL;
    return "Expected an email address whose domain has a dot.";
}

static const char *advisory_problem(const char *s)
{
    if (!is_alpha(*s))
        return "Expected an OSV identifier such as MAL-2024-1234.";
    const char *p = s + 1;
    while (is_alpha(*p) || is_digit(*p))
        p++;
    int parts = 0;
    while (*p == '-') {
        const char *start = ++p;
        while (is_alpha(*p) || is_digit(*p) || *p == '.' || *p == '_' || *p == ':')
            p++;
        if (p == start)
            return "Expected an OSV identifier such as MAL-2024-1234.";
        parts++;
    }
    return parts > 0 && *p == '\0' ? NULL : "Expected an OSV identifier such as MAL-2024-1234.";
}

/* ---- RFC 3986 URIs, exactly as Ajv's "uri" format accepts them ---------- */

static bool unreserved_or_subdelim(char c)
{
    return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("-._~!$&'()*+,;=", c) != NULL);
}

/* Are s[0..n) unreserved or sub-delims characters, `extra` ones or %XX escapes? */
static bool uri_chars(const char *s, size_t n, const char *extra)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
                return false;
            i += 2;
        } else if (!unreserved_or_subdelim(s[i]) && (s[i] == '\0' || strchr(extra, s[i]) == NULL)) {
            return false;
        }
    }
    return true;
}

static bool dec_octet(const char *s, size_t n)
{
    if (n < 1 || n > 3)
        return false;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    return v <= 255;
}

static bool ipv4_address(const char *s, size_t n)
{
    size_t start = 0, parts = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!dec_octet(s + start, i - start))
                return false;
            parts++;
            start = i + 1;
        }
    }
    return parts == 4;
}

/* RFC 3986 IPv6address: eight 16-bit groups, one "::" for a run of them, an IPv4 tail. */
static bool ipv6_address(const char *s, size_t n)
{
    size_t groups = 0, i = 0;
    bool elided = false;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        elided = true;
        i = 2;
    } else if (n >= 1 && s[0] == ':') {
        return false;
    }
    while (i < n) {
        size_t j = i;
        while (j < n && is_hex(s[j]) && j - i < 5)
            j++;
        if (j < n && s[j] == '.') { /* the IPv4 tail counts as two groups and ends the address */
            if (!ipv4_address(s + i, n - i))
                return false;
            groups += 2;
            i = n;
            break;
        }
        if (j == i || j - i > 4)
            return false;
        groups++;
        i = j;
        if (i == n)
            break;
        if (s[i] != ':')
            return false;
        if (i + 1 < n && s[i + 1] == ':') {
            if (elided)
                return false;
            elided = true;
            i += 2;
        } else {
            i++;
            if (i == n)
                return false; /* a trailing single ':' */
        }
    }
    return elided ? groups <= 7 : groups == 8;
}

static bool ip_literal(const char *s, size_t n)
{
    if ((s[0] == 'v' || s[0] == 'V') && n > 1) {
        size_t i = 1;
        while (i < n && is_hex(s[i]))
            i++;
        if (i == 1 || i >= n || s[i] != '.' || i + 1 == n)
            return false;
        for (i++; i < n; i++)
            if (!unreserved_or_subdelim(s[i]) && s[i] != ':')
                return false;
        return true;
    }
    return ipv6_address(s, n);
}

static bool digits_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static bool authority(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (at != NULL) {
        if (!uri_chars(s, (size_t)(at - s), ":"))
            return false;
        n -= (size_t)(at - s) + 1;
        s = at + 1;
    }
    size_t host;
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (close == NULL || !ip_literal(s + 1, (size_t)(close - s - 1)))
            return false;
        host = (size_t)(close - s) + 1;
    } else {
        host = 0;
        while (host < n && s[host] != ':')
            host++;
        if (!uri_chars(s, host, ""))
            return false;
    }
    if (host == n)
        return true;
    return s[host] == ':' && digits_only(s + host + 1, n - host - 1);
}

/* The part between "scheme:" and '?' or '#': authority form, path-absolute or path-rootless. */
static bool hier_part(const char *s, size_t n)
{
    if (n > 0 && s[0] != '/')
        return uri_chars(s, n, ":@/"); /* path-rootless */
    if (n == 0)
        return false;
    for (size_t skip = 2; skip >= 1; skip--) { /* "//" or "/" before an authority */
        if (n < skip || memcmp(s, "//", skip) != 0)
            continue;
        const char *path = memchr(s + skip, '/', n - skip);
        size_t auth = path ? (size_t)(path - s) - skip : n - skip;
        if (authority(s + skip, auth) && uri_chars(s + skip + auth, n - skip - auth, ":@/"))
            return true;
    }
    /* path-absolute: "/" alone, or "/" and a first segment that is not empty */
    return (n == 1 || s[1] != '/') && uri_chars(s, n, ":@/");
}

bool ssri_uri_valid(const char *s)
{
    if (!is_alpha(*s))
        return false;
    const char *p = s + 1;
    while (is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p++ != ':')
        return false;
    size_t hier = strcspn(p, "?#");
    if (!hier_part(p, hier))
        return false;
    p += hier;
    if (*p == '?') {
        size_t q = strcspn(p + 1, "#");
        if (!uri_chars(p + 1, q, ":@/?"))
            return false;
        p += 1 + q;
    }
    if (*p == '#' && !uri_chars(p + 1, strlen(p + 1), ":@/?"))
        return false;
    return true;
}

/* RFC 3986 6.2.2.1: scheme and host lowercase (in-toto asks TypeURIs to be normalized). */
static bool type_uri_normalized(const char *s)
{
    const char *p = s;
    for (; *p != ':'; p++)
        if (*p >= 'A' && *p <= 'Z')
            return false;
    if (strncmp(p, "://", 3) != 0)
        return true;
    for (p += 3; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++)
        if (*p >= 'A' && *p <= 'Z')
            return false;
    return true;
}

bool ssri_ecosystem_known(const char *s)
{
    for (const char *const *e = ecosystems; *e != NULL; e++) {
        if ((*e)[0] != s[0]) /* most names differ at once: spare the strlen */
            continue;
        size_t n = strlen(*e);
        if (strncmp(s, *e, n) == 0 && (s[n] == '\0' || (s[n] == ':' && s[n + 1] != '\0')))
            return true;
    }
    return false;
}

const char *ssri_ecosystem_case_variant(const char *s)
{
    for (const char *const *e = ecosystems; *e != NULL; e++) {
        size_t n = strlen(*e);
        if (strncasecmp(s, *e, n) == 0 && (s[n] == '\0' || s[n] == ':') && strncmp(s, *e, n) != 0)
            return *e;
    }
    return NULL;
}

/* The first control character of s as "U+00XX at character N", into buf; NULL when there is none. */
/* The first control character of `s` (a line feed and a tab allowed when `lines`), as "U+XXXX at character N". */
static const char *control_found_in(const char *s, bool lines, char *buf, size_t size)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if ((*p & 0xc0) != 0x80)
            chars++;
        unsigned code = *p < 0x80 ? *p : (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) ? p[1] : 0x20;
        if (lines && (code == '\n' || code == '\t'))
            continue;
        if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
            snprintf(buf, size, "U+%04X at character %zu", code, chars);
            return buf;
        }
    }
    return NULL;
}

static const char *control_found(const char *s, char *buf, size_t size)
{
    return control_found_in(s, false, buf, size);
}

const char *ssri_invisible_found(const char *s, char *buf, size_t size)
{
    size_t chars = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        size_t n = ssri_utf8_sequence(p, strlen((const char *)p));
        if (n == 0)
            return NULL; /* not UTF-8: the strict reader never lets this through */
        unsigned long cp = ssri_utf8_decode(p, n);
        chars++;
        if (cp == 0xAD || cp == 0x61C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
            (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
            cp == 0xFEFF) {
            snprintf(buf, size, "U+%04lX at character %zu", cp, chars);
            return buf;
        }
        p += n;
    }
    return NULL;
}

/* "Expected ..., found <defect>." into buf. */
static const char *expected_found(char *buf, size_t size, const char *expected, const char *found)
{
    char defect[160];
    snprintf(defect, sizeof defect, "%s", found);
    snprintf(buf, size, "%s, found %s.", expected, defect);
    return buf;
}

/* Why s is not a non-negative int64 in decimal, or NULL. */
static const char *unsigned_problem(const char *s, char *buf, size_t size)
{
    static const char expected[] = "Expected a non-negative decimal integer of at most 9223372036854775807 "
                                   "without leading zeros";
    size_t n = strlen(s);
    if (n == 0)
        return expected_found(buf, size, expected, "an empty string");
    if (s[0] == '-' && n > 1)
        return expected_found(buf, size, expected, "a negative number");
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) {
            char found[64];
            if ((unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7f)
                snprintf(found, sizeof found, "'%c' at character %zu", s[i], i + 1);
            else
                snprintf(found, sizeof found, "byte 0x%02X at character %zu", (unsigned char)s[i], i + 1);
            return expected_found(buf, size, expected, found);
        }
    if (s[0] == '0' && n > 1)
        return expected_found(buf, size, expected, "a leading zero");
    if (n > 19 || (n == 19 && strcmp(s, "9223372036854775807") > 0))
        return expected_found(buf, size, expected, "a larger value");
    return NULL;
}

const char *ssri_format_problem(ssri_format format, const char *s, uint32_t length, char *buf, size_t size)
{
    char found[96];
    switch (format) {
    case SSRI_FMT_TEXT:
        return control_found(s, found, sizeof found) != NULL
                   ? expected_found(buf, size, "Expected text without control characters", found)
                   : NULL;
    case SSRI_FMT_PROSE:
        return control_found_in(s, true, found, sizeof found) != NULL
                   ? expected_found(buf, size, "Expected text without control characters but line feeds and tabs",
                                    found)
                   : NULL;
    case SSRI_FMT_TIMESTAMP:
        return ssri_timestamp_parse(s, NULL) ? NULL
                                             : "Expected an RFC 3339 UTC timestamp such as 2024-05-01T12:00:00Z.";
    case SSRI_FMT_HTTPS_URL:
        return https_url_problem(s);
    case SSRI_FMT_HEX: {
        size_t n = strlen(s);
        for (const char *p = s; *p != '\0'; p++)
            if (!is_lower_hex(*p)) {
                snprintf(found, sizeof found, "'%c' at character %zu", (unsigned char)*p < 0x80 ? *p : '?',
                         (size_t)(p - s) + 1);
                if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
                    snprintf(found, sizeof found, "byte 0x%02X at character %zu", (unsigned char)*p,
                             (size_t)(p - s) + 1);
                char expected[96];
                snprintf(expected, sizeof expected, "Expected %u lowercase hex digits", length);
                return expected_found(buf, size, expected, found);
            }
        if (n == length)
            return NULL;
        char expected[96];
        snprintf(expected, sizeof expected, "Expected %u lowercase hex digits (the algorithm's length)", length);
        snprintf(found, sizeof found, "%zu", n);
        return expected_found(buf, size, expected, found);
    }
    case SSRI_FMT_REVISION: {
        size_t n = strlen(s);
        for (const char *p = s; *p != '\0'; p++)
            if (!is_lower_hex(*p))
                n = 0;
        return n == 40 || n == 64 ? NULL : "Expected a commit id: 40 or 64 lowercase hex digits.";
    }
    case SSRI_FMT_DIGITS:
        /* canonical: an id the token writes "647025" is never "00647025", which could never match */
        for (const char *p = s; *p != '\0'; p++)
            if (!is_digit(*p))
                return "Expected decimal digits only.";
        if (*s == '\0')
            return "Expected decimal digits, found none.";
        return s[0] == '0' && s[1] != '\0' ? "Expected a canonical decimal number, without leading zeros." : NULL;
    case SSRI_FMT_UNSIGNED:
        return unsigned_problem(s, buf, size);
    case SSRI_FMT_ECOSYSTEM:
        return ssri_ecosystem_known(s) ? NULL : "Expected an OSV ecosystem name such as npm, PyPI or crates.io.";
    case SSRI_FMT_ADVISORY_ID:
        return advisory_problem(s);
    case SSRI_FMT_PURL: /* the walker parses purls itself: parsing allocates */
        return NULL;
    case SSRI_FMT_FILENAME:
        return filename_problem(s);
    case SSRI_FMT_WORKFLOW:
        return workflow_problem(s);
    case SSRI_FMT_REPO_PATH:
        return repo_path_problem(s);
    case SSRI_FMT_EMAIL:
        return email_problem(s);
    case SSRI_FMT_URI:
        return ssri_uri_valid(s) ? NULL : "Expected a URI with a scheme (RFC 3986).";
    case SSRI_FMT_TYPE_URI:
        if (!ssri_uri_valid(s))
            return "Expected a type URI (RFC 3986, with a scheme and a colon).";
        return type_uri_normalized(s) ? NULL : "Expected a type URI whose scheme and host are lowercase.";
    case SSRI_FMT_BASE64: {
        int status;
        size_t n = strlen(s);
        return ssri_base64_decode(s, n, NULL, NULL, &status)
                   ? NULL
                   : expected_found(buf, size,
                                    "Expected base64 in one alphabet (standard or URL-safe) with canonical padding "
                                    "and no white space",
                                    ssri_base64_defect(s, n, found, sizeof found));
    }
    case SSRI_FMT_SEGMENT:
        return strchr(s, '/') != NULL || has_control_or_space(s) ? "Expected one name without '/' or spaces."
                                                                   : NULL;
    case SSRI_FMT_WORKFLOW_PATH: {
        size_t n = strlen(s);
        bool yml = n > 4 && strcmp(s + n - 4, ".yml") == 0, yaml = n > 5 && strcmp(s + n - 5, ".yaml") == 0;
        if (!yml && !yaml)
            return "Expected a workflow file path ending in .yml or .yaml.";
        return has_control(s) ? "Expected no control characters in the workflow file path." : NULL;
    }
    default:
        return NULL;
    }
}

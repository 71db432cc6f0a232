/*
 * The `osv` kind: vulnerability and malicious-package advisories in the
 * OSV format. Errors are exactly the verdict of the official JSON Schema
 * (corpus/osv/schema.json) as Ajv asserts it, formats included; the
 * osv-linter's rules and the specification's recommendations are warnings.
 * schema/SPEC.md section 9.1 lists the rules and where each comes from.
 */
#include <string.h>

#include "schema/formats.h"
#include "nodes.h"
#include "purl/purl.h"

/* ---- identifiers and ecosystems ----------------------------------------- */

/* $defs/prefix: anchored at the start only, as the schema writes it. */
static const char *const id_prefixes[] = {
    "ASB-A", "PUB-A", "ALPINE", "ALSA", "ALBA", "ALEA", "AZL", "BELL", "BIT", "CGA", "CLEANSTART", "CLSA",
    "CURL", "CVE", "DEBIAN", "DHI", "DRUPAL", "DSA", "DLA", "ELA", "DTSA", "ECHO", "EEF", "FreeBSD", "GHSA",
    "GO", "GSD", "HSEC", "JLSEC", "KUBE", "LBSEC", "LSN", "MAL", "MINI", "MGASA", "OESA", "OSEC", "OSV",
    "openSUSE-SU", "PHSA", "PSF", "PYSEC", "RHBA", "RHEA", "RHSA", "RLSA", "RXSA", "RSEC", "ROOT", "RUSTSEC",
    "SUSE-SU", "SUSE-RU", "SUSE-FU", "SUSE-OU", "UBUNTU", "USN", "V8", NULL,
};

static void check_id(ssri_walk *w, const cJSON *id)
{
    const char *s = id->valuestring;
    if (strncmp(s, "x_", 2) == 0)
        return;
    for (const char *const *p = id_prefixes; *p != NULL; p++) {
        if ((*p)[0] != s[0]) /* most prefixes differ at once: spare the strlen */
            continue;
        size_t n = strlen(*p);
        if (strncmp(s, *p, n) == 0 && s[n] == '-')
            return;
    }
    ssri_flag(w, SSR_SEVERITY_ERROR, "id", "prefix", id, false, NULL,
              "Expected an id starting with a known database prefix and '-' (MAL-, GHSA-, PYSEC-...) or x_, "
              "found \"%.80s\".",
              s);
}

/* ECMAScript's '.' without the s flag: anything but a line terminator. */
static bool has_line_terminator(const char *s)
{
    return strpbrk(s, "\n\r") != NULL || strstr(s, "\xe2\x80\xa8") != NULL || strstr(s, "\xe2\x80\xa9") != NULL;
}

static void check_ecosystem(ssri_walk *w, const cJSON *ecosystem)
{
    const char *s = ecosystem->valuestring;
    bool known = strncmp(s, "GIT", 3) == 0 && (s[3] == '\0' || (s[3] == ':' && s[4] != '\0'));
    if (!known)
        known = ssri_ecosystem_known(s);
    if (!known || has_line_terminator(s)) {
        ssri_flag(w, SSR_SEVERITY_ERROR, "package.ecosystem", "format", ecosystem, false, NULL,
                  "Expected an OSV ecosystem name (npm, PyPI, crates.io, Debian:12...), found \"%.80s\".", s);
        return;
    }
    /* Ecosystems whose release suffix the specification makes mandatory. */
    static const char *const need_suffix[] = {"Alpine", "Mageia", "Photon OS"};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(need_suffix); i++)
        if (strcmp(s, need_suffix[i]) == 0)
            ssri_flag(w, SSR_SEVERITY_WARNING, "package.ecosystem", "suffix-missing", ecosystem, false, NULL,
                      "Expected a release suffix for %s (e.g. %s), found none.", s,
                      i == 0 ? "Alpine:v3.16" : i == 1 ? "Mageia:9" : "Photon OS:5.0");
    if (strncmp(s, "Alpine:", 7) == 0 && s[7] != 'v')
        ssri_flag(w, SSR_SEVERITY_WARNING, "package.ecosystem", "suffix-missing", ecosystem, false, NULL,
                  "Expected an Alpine release suffix of the form :v<RELEASE> (e.g. Alpine:v3.16), found \"%.80s\".",
                  s);
}

static void check_purl(ssri_walk *w, const cJSON *purl)
{
    ssr_purl *parsed = NULL;
    ssri_purl_error err = {0};
    int status = ssri_purl_parse(purl->valuestring, strlen(purl->valuestring), 0, &parsed, &err);
    ssr_purl_free(parsed);
    if (status == SSR_ENOMEM)
        w->check->status = SSR_ENOMEM;
    else if (status != SSR_OK)
        ssri_flag(w, SSR_SEVERITY_WARNING, "package.purl", "format", purl, false, NULL,
                  "Expected a package URL (pkg:TYPE/NAMESPACE/NAME@VERSION), found \"%.60s%s\": %s",
                  purl->valuestring, strlen(purl->valuestring) > 60 ? "..." : "", err.message);
}

/* ---- CVSS vectors, exactly as the schema's patterns ---------------------- */

typedef struct metric {
    const char *name;
    const char *values; /* single-letter values, or a '|'-separated list when one is longer */
} metric;

static bool value_allowed(const char *values, const char *v, size_t n)
{
    if (strchr(values, '|') == NULL)
        return n == 1 && strchr(values, v[0]) != NULL;
    for (const char *p = values; *p != '\0';) {
        size_t len = strcspn(p, "|");
        if (len == n && strncmp(p, v, n) == 0)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}

/* Does "NAME:VALUE" (token[0..n)) match one of the metrics? */
static bool token_matches(const metric *m, const char *token, size_t n)
{
    size_t name = strlen(m->name);
    return n > name + 1 && strncmp(token, m->name, name) == 0 && token[name] == ':' &&
           value_allowed(m->values, token + name + 1, n - name - 1);
}

static bool in_set(const metric *set, const char *token, size_t n)
{
    for (const metric *m = set; m->name != NULL; m++)
        if (token_matches(m, token, n))
            return true;
    return false;
}

/* (TOKEN/)*TOKEN, each TOKEN from `set`. */
static bool metric_list(const metric *set, const char *s)
{
    for (;;) {
        size_t n = strcspn(s, "/");
        if (!in_set(set, s, n))
            return false;
        if (s[n] == '\0')
            return true;
        s += n + 1;
    }
}

static const metric cvss2[] = {
    {"AV", "NAL"}, {"AC", "LMH"}, {"Au", "MSN"}, {"C", "NPC"}, {"I", "NPC"}, {"A", "NPC"},
    {"E", "U|POC|F|H|ND"}, {"RL", "OF|TF|W|U|ND"}, {"RC", "UC|UR|C|ND"}, {"CDP", "N|L|LM|MH|H|ND"},
    {"TD", "N|L|M|H|ND"}, {"CR", "L|M|H|ND"}, {"IR", "L|M|H|ND"}, {"AR", "L|M|H|ND"}, {NULL, NULL},
};

static const metric cvss3[] = {
    {"AV", "NALP"}, {"AC", "LH"}, {"PR", "NLH"}, {"UI", "NR"}, {"S", "UC"}, {"C", "NLH"}, {"I", "NLH"},
    {"A", "NLH"}, {"E", "XUPFH"}, {"RL", "XOTWU"}, {"RC", "XURC"}, {"CR", "XLMH"}, {"IR", "XLMH"},
    {"AR", "XLMH"}, {"MAV", "XNALP"}, {"MAC", "XLH"}, {"MPR", "XNLH"}, {"MUI", "XNR"}, {"MS", "XUC"},
    {"MC", "XNLH"}, {"MI", "XNLH"}, {"MA", "XNLH"}, {NULL, NULL},
};

static const metric cvss4_base[] = {
    {"AV", "NALP"}, {"AC", "LH"}, {"AT", "NP"}, {"PR", "NLH"}, {"UI", "NPA"}, {"VC", "HLN"},
    {"VI", "HLN"}, {"VA", "HLN"}, {"SC", "HLN"}, {"SI", "HLN"}, {"SA", "HLN"}, {NULL, NULL},
};

static const metric cvss4_optional[] = {
    {"E", "XAPU"},  {"CR", "XHML"},  {"IR", "XHML"},  {"AR", "XHML"},   {"MAV", "XNALP"}, {"MAC", "XLH"},
    {"MAT", "XNP"}, {"MPR", "XNLH"}, {"MUI", "XNPA"}, {"MVC", "XNLH"},  {"MVI", "XNLH"},  {"MVA", "XNLH"},
    {"MSC", "XNLH"}, {"MSI", "XNLHS"}, {"MSA", "XNLHS"}, {"S", "XNP"}, {"AU", "XNY"},    {"R", "XAUI"},
    {"V", "XDC"},   {"RE", "XLMH"},  {"U", "X|Clear|Green|Amber|Red"}, {NULL, NULL},
};

/* CVSS:4.0/ then the eleven base metrics in order, then optional ones, each at most once, in order. */
static bool cvss4_vector(const char *s)
{
    if (strncmp(s, "CVSS:4.0/", 9) != 0)
        return false;
    s += 9;
    for (const metric *m = cvss4_base; m->name != NULL; m++) {
        size_t n = strcspn(s, "/");
        if (!token_matches(m, s, n))
            return false;
        s += n;
        if (m[1].name != NULL && *s++ != '/')
            return false;
    }
    const metric *next = cvss4_optional;
    while (*s != '\0') {
        if (*s++ != '/')
            return false;
        size_t n = strcspn(s, "/");
        while (next->name != NULL && !token_matches(next, s, n))
            next++;
        if (next->name == NULL)
            return false;
        next++;
        s += n;
    }
    return true;
}

static bool score_matches(const char *type, const char *score)
{
    if (strcmp(type, "CVSS_V2") == 0)
        return metric_list(cvss2, score);
    if (strcmp(type, "CVSS_V3") == 0)
        return strncmp(score, "CVSS:3.", 7) == 0 && (score[7] == '0' || score[7] == '1') && score[8] == '/' &&
               metric_list(cvss3, score + 9);
    if (strcmp(type, "CVSS_V4") == 0)
        return cvss4_vector(score);
    static const char *const ubuntu[] = {"negligible", "low", "medium", "high", "critical"};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(ubuntu); i++)
        if (strcmp(score, ubuntu[i]) == 0)
            return true;
    return false;
}

static void check_severity(ssri_walk *w, const cJSON *entry)
{
    const char *type = ssri_get_string(entry, "type");
    const cJSON *score = ssri_get(entry, "score");
    if (type == NULL || !cJSON_IsString(score))
        return;
    static const char *const types[] = {"CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(types); i++)
        if (strcmp(type, types[i]) == 0 && !score_matches(type, score->valuestring))
            ssri_flag(w, SSR_SEVERITY_ERROR, "severity.score", "format", score, false, "score",
                      "Expected a %s score%s, found \"%.80s\".", type,
                      i == 3 ? " (negligible, low, medium, high or critical)" : " vector in the schema's form",
                      score->valuestring);
}

/* ---- ranges and events -------------------------------------------------- */

static const char *const event_keys[] = {"introduced", "fixed", "last_affected", "limit"};

static bool git_hash(const char *s)
{
    size_t n = strlen(s);
    if (strcmp(s, "0") == 0)
        return true;
    if (n != 40 && n != 64)
        return false;
    for (const char *p = s; *p != '\0'; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* How many of the schema's oneOf branches an event matches (hashes: the GIT variant). */
static int event_branches(const cJSON *event, bool hashes)
{
    int matched = 0;
    for (size_t i = 0; i < SSRI_ARRAY_LEN(event_keys); i++) {
        const cJSON *v = ssri_get(event, event_keys[i]);
        if (cJSON_IsString(v) && (!hashes || git_hash(v->valuestring)))
            matched++;
    }
    return matched;
}

static void check_event(ssri_walk *w, const cJSON *event)
{
    int matched = event_branches(event, false);
    if (matched != 1)
        ssri_flag(w, SSR_SEVERITY_ERROR, "event", "one-of", event, false, NULL,
                  "Expected exactly one of introduced, fixed, last_affected or limit as a string, found %d.", matched);
}

static bool has_member(const cJSON *item, const char *name)
{
    return !cJSON_IsObject(item) || ssri_get(item, name) != NULL; /* "required" holds for non-objects */
}

static void check_events(ssri_walk *w, const cJSON *events)
{
    for (const cJSON *e = events->child; e != NULL; e = e->next)
        if (has_member(e, "introduced"))
            return;
    ssri_flag(w, SSR_SEVERITY_ERROR, "events", "introduced-missing", events, false, NULL,
              "Expected at least one introduced event, found none.");
}

static void check_range(ssri_walk *w, const cJSON *range)
{
    const cJSON *type = ssri_get(range, "type");
    const cJSON *events = ssri_get(range, "events");
    /* The schema's "if type is GIT" also holds when type is absent. */
    bool git = type == NULL || (cJSON_IsString(type) && strcmp(type->valuestring, "GIT") == 0);
    if (git && ssri_get(range, "repo") == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "range.repo", "required", range, false, NULL,
                  "Expected member \"repo\" in a GIT range, found none.");
    if (!cJSON_IsArray(events))
        return;
    bool last_affected = false, fixed = false;
    size_t i = 0;
    for (const cJSON *e = events->child; e != NULL; e = e->next, i++) {
        last_affected = last_affected || (cJSON_IsObject(e) && ssri_get(e, "last_affected") != NULL);
        fixed = fixed || (cJSON_IsObject(e) && ssri_get(e, "fixed") != NULL);
        if (git && type != NULL && cJSON_IsObject(e) && event_branches(e, false) == 1 && event_branches(e, true) != 1) {
            /* the one string member that is not a hash: the diagnostic points at it */
            const cJSON *bad = NULL;
            for (size_t k = 0; k < SSRI_ARRAY_LEN(event_keys) && bad == NULL; k++) {
                const cJSON *v = ssri_get(e, event_keys[k]);
                if (cJSON_IsString(v) && !git_hash(v->valuestring))
                    bad = v;
            }
            size_t mark = ssri_push_name(w, "events");
            size_t inner = ssri_push_index(w, i);
            ssri_flag(w, SSR_SEVERITY_ERROR, "event", "git-hash", bad, false, bad->string,
                      "Expected a full commit hash (40 or 64 lowercase hex digits) or \"0\" in a GIT range, found "
                      "%s%.80s%s.",
                      bad->valuestring[0] != '\0' ? "\"" : "an empty string", bad->valuestring,
                      bad->valuestring[0] != '\0' ? "\"" : "");
            ssri_pop(w, inner);
            ssri_pop(w, mark);
        }
    }
    if (last_affected && fixed)
        ssri_flag(w, SSR_SEVERITY_ERROR, "range", "fixed-and-last-affected", events, false, "events",
                  "Expected fixed or last_affected events in one range, found both.");
    /* osv-linter RNG:002: a version both introduced and fixed is never affected. */
    for (const cJSON *a = events->child; a != NULL; a = a->next) {
        const char *introduced = ssri_get_string(a, "introduced");
        for (const cJSON *b = events->child; introduced != NULL && b != NULL; b = b->next) {
            const char *f = ssri_get_string(b, "fixed");
            if (f != NULL && strcmp(f, introduced) == 0) {
                ssri_flag(w, SSR_SEVERITY_WARNING, "range", "introduced-equals-fixed", events, false, "events",
                          "Expected distinct introduced and fixed versions, found \"%.80s\" as both.", f);
                return;
            }
        }
    }
}

/* ---- the record --------------------------------------------------------- */

#define STRINGS(stem_) (&(const ssri_node){.type = SSRI_ARRAY, .stem = (stem_), .items = SSRI_STR(stem_, NULL, 0, 0, 0)})
#define FREE_OBJECT(stem_) (&(const ssri_node){.type = SSRI_OBJECT, .stem = (stem_)})
#define TIMESTAMP(stem_) SSRI_STR(stem_, NULL, SSRI_FMT_TIMESTAMP, 0, 0)

static const ssri_node severity_node = {
    .type = SSRI_ARRAY,
    .stem = "severity",
    .nullable = true,
    .items = &(const ssri_node){
        .type = SSRI_OBJECT,
        .stem = "severity",
        .unknown = SSRI_UNKNOWN_IGNORE,
        .members = SSRI_MEMBERS({"type", SSRI_ENUM("severity.type", NULL, "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"), true},
                                {"score", SSRI_STR("severity.score", NULL, 0, 0, 0), true}),
        .check = check_severity,
    },
};

static const ssri_node range_node = {
    .type = SSRI_OBJECT,
    .stem = "range",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"type", SSRI_ENUM("range.type", NULL, "GIT", "SEMVER", "ECOSYSTEM"), true},
        {"repo", SSRI_STR("range.repo", NULL, 0, 0, 0), false},
        {"events",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "events", .min_items = 1, .check = check_events,
                            .items = &(const ssri_node){.type = SSRI_OBJECT, .stem = "event", .check = check_event}},
         true},
        {"database_specific", FREE_OBJECT("range.database-specific"), false}),
    .check = check_range,
};

static const ssri_node affected_node = {
    .type = SSRI_OBJECT,
    .stem = "affected",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"package",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "package",
             .unknown = SSRI_UNKNOWN_IGNORE,
             .members = SSRI_MEMBERS(
                 {"ecosystem",
                  &(const ssri_node){.type = SSRI_STRING, .stem = "package.ecosystem", .check = check_ecosystem}, true},
                 {"name", SSRI_STR("package.name", NULL, 0, 0, 0), true},
                 {"purl", &(const ssri_node){.type = SSRI_STRING, .stem = "package.purl", .check = check_purl}, false}),
         },
         false},
        {"severity", &severity_node, false},
        {"ranges", &(const ssri_node){.type = SSRI_ARRAY, .stem = "ranges", .items = &range_node}, false},
        {"versions", STRINGS("versions"), false},
        {"ecosystem_specific", FREE_OBJECT("affected.ecosystem-specific"), false},
        {"database_specific", FREE_OBJECT("affected.database-specific"), false}),
};

static const ssri_node reference_node = {
    .type = SSRI_OBJECT,
    .stem = "reference",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"type",
         SSRI_ENUM("reference.type", NULL, "ADVISORY", "ARTICLE", "DETECTION", "DISCUSSION", "REPORT", "FIX",
                   "INTRODUCED", "GIT", "PACKAGE", "EVIDENCE", "WEB"),
         true},
        {"url", SSRI_STR("reference.url", NULL, SSRI_FMT_URI, 0, 0), true}),
};

static const ssri_node credit_node = {
    .type = SSRI_OBJECT,
    .stem = "credit",
    .unknown = SSRI_UNKNOWN_IGNORE,
    .members = SSRI_MEMBERS(
        {"name", SSRI_STR("credit.name", NULL, 0, 0, 0), true},
        {"contact", STRINGS("credit.contact"), false},
        {"type",
         SSRI_ENUM("credit.type", NULL, "FINDER", "REPORTER", "ANALYST", "COORDINATOR", "REMEDIATION_DEVELOPER",
                   "REMEDIATION_REVIEWER", "REMEDIATION_VERIFIER", "TOOL", "SPONSOR", "OTHER"),
         false}),
};

/* osv-linter REC:002-004: identifier lists without repeats, without the record's own id, upstream apart. */
static void check_id_lists(ssri_walk *w, const cJSON *root)
{
    static const char *const lists[] = {"aliases", "related", "upstream"};
    const char *own = ssri_get_string(root, "id");
    for (size_t l = 0; l < SSRI_ARRAY_LEN(lists); l++) {
        const cJSON *list = ssri_get(root, lists[l]);
        if (!cJSON_IsArray(list))
            continue;
        size_t mark = ssri_push_name(w, lists[l]), i = 0;
        for (const cJSON *c = list->child; c != NULL; c = c->next, i++) {
            if (!cJSON_IsString(c))
                continue;
            size_t inner = ssri_push_index(w, i);
            bool repeated = false;
            for (const cJSON *d = list->child; d != c && !repeated; d = d->next)
                repeated = cJSON_IsString(d) && strcmp(d->valuestring, c->valuestring) == 0;
            if (repeated)
                ssri_flag(w, SSR_SEVERITY_WARNING, "ids", "duplicate", c, false, NULL,
                          "Expected each id once in %s, found \"%.80s\" again.", lists[l], c->valuestring);
            if (own != NULL && strcmp(own, c->valuestring) == 0)
                ssri_flag(w, SSR_SEVERITY_WARNING, "ids", "self", c, false, NULL,
                          "Expected other records' ids in %s, found the record's own id.", lists[l]);
            for (size_t k = 0; l == 2 && k < 2; k++) {
                const cJSON *other = ssri_get(root, lists[k]);
                for (const cJSON *d = cJSON_IsArray(other) ? other->child : NULL; d != NULL; d = d->next)
                    if (cJSON_IsString(d) && strcmp(d->valuestring, c->valuestring) == 0)
                        ssri_flag(w, SSR_SEVERITY_WARNING, "upstream", "overlap", c, false, NULL,
                                  "Expected upstream ids apart from %s, found \"%.80s\" in both.", lists[k],
                                  c->valuestring);
            }
            ssri_pop(w, inner);
        }
        ssri_pop(w, mark);
    }
}

static void check_record(ssri_walk *w, const cJSON *root)
{
    const cJSON *affected = ssri_get(root, "affected");
    /* The schema's allOf: with a top-level severity, no affected entry may carry one. */
    if (ssri_get(root, "severity") != NULL && cJSON_IsArray(affected)) {
        size_t mark = ssri_push_name(w, "affected"), i = 0;
        for (const cJSON *a = affected->child; a != NULL; a = a->next, i++) {
            const cJSON *s = ssri_get(a, "severity");
            if (s != NULL && !cJSON_IsNull(s)) {
                size_t inner = ssri_push_index(w, i);
                ssri_flag(w, SSR_SEVERITY_ERROR, "affected.severity", "conflict", s, false, "severity",
                          "Expected no affected[].severity beside a top-level severity, found one.");
                ssri_pop(w, inner);
            }
        }
        ssri_pop(w, mark);
    }
    /* osv-linter REC:001: an advisory that affects nothing should be withdrawn. */
    if (ssri_get(root, "withdrawn") == NULL && (affected == NULL || cJSON_IsNull(affected) ||
                                                (cJSON_IsArray(affected) && affected->child == NULL)))
        ssri_flag(w, SSR_SEVERITY_WARNING, "affected", "empty", affected != NULL ? affected : root, false,
                  affected != NULL ? "affected" : NULL,
                  "Expected at least one affected package in a record that is not withdrawn, found none.");
    check_id_lists(w, root);
}

static const ssri_node osv_root = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .unknown = SSRI_UNKNOWN_ERROR,
    .members = SSRI_MEMBERS(
        {"schema_version", SSRI_STR("schema-version", NULL, 0, 0, 0), false},
        {"id", &(const ssri_node){.type = SSRI_STRING, .stem = "id", .check = check_id}, true},
        {"modified", TIMESTAMP("modified"), true},
        {"published", TIMESTAMP("published"), false},
        {"withdrawn", TIMESTAMP("withdrawn"), false},
        {"aliases", &(const ssri_node){.type = SSRI_ARRAY, .stem = "aliases", .nullable = true,
                                       .items = SSRI_STR("aliases", NULL, 0, 0, 0)},
         false},
        {"related", STRINGS("related"), false},
        {"upstream", STRINGS("upstream"), false},
        {"summary", SSRI_STR("summary", NULL, 0, 0, 0), false},
        {"details", SSRI_STR("details", NULL, 0, 0, 0), false},
        {"severity", &severity_node, false},
        {"affected", &(const ssri_node){.type = SSRI_ARRAY, .stem = "affected", .nullable = true, .items = &affected_node},
         false},
        {"references",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "references", .nullable = true, .items = &reference_node},
         false},
        {"credits", &(const ssri_node){.type = SSRI_ARRAY, .stem = "credits", .items = &credit_node}, false},
        {"database_specific", FREE_OBJECT("database-specific"), false}),
    .check = check_record,
};

static const struct ssri_extra_code osv_codes[] = {
    {"id.prefix", SSR_SEVERITY_ERROR, false},
    {"package.ecosystem.format", SSR_SEVERITY_ERROR, false},
    {"package.ecosystem.suffix-missing", SSR_SEVERITY_WARNING, false},
    {"package.purl.format", SSR_SEVERITY_WARNING, false},
    {"severity.score.format", SSR_SEVERITY_ERROR, false},
    {"event.one-of", SSR_SEVERITY_ERROR, false},
    {"event.git-hash", SSR_SEVERITY_ERROR, false},
    {"events.introduced-missing", SSR_SEVERITY_ERROR, false},
    {"range.repo.required", SSR_SEVERITY_ERROR, false},
    {"range.fixed-and-last-affected", SSR_SEVERITY_ERROR, false},
    {"range.introduced-equals-fixed", SSR_SEVERITY_WARNING, false},
    {"affected.severity.conflict", SSR_SEVERITY_ERROR, false},
    {"affected.empty", SSR_SEVERITY_WARNING, false},
    {"ids.duplicate", SSR_SEVERITY_WARNING, false},
    {"ids.self", SSR_SEVERITY_WARNING, false},
    {"upstream.overlap", SSR_SEVERITY_WARNING, false},
    {NULL, 0, false},
};

const ssri_native ssri_osv_kind = {
    .name = "osv",
    .root = &osv_root,
    .own_schema = false,
    .near_miss_severity = SSR_SEVERITY_WARNING,
    .extra_codes = osv_codes,
};

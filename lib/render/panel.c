/*
 * Provenance panels: a verification result drawn as the OpenSSF
 * attestations style guide describes (levels A, AA and AAA), in one of the
 * catalogued languages, as one self-contained HTML fragment.
 *
 * Only the verified result speaks: the source, build and log facts come
 * from the certificate's Fulcio extensions, the log entries and the
 * statement that verified; the release document names the package and must
 * hold the verified artifact. A fact the result does not carry is left
 * out, never derived from elsewhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "diagnostics/report.h"
#include "json/json.h"
#include "schema/schema.h"
#include "render.h"
#include "ssr/render.h"
#include "ssr/validate.h"

/* The catalogues, data/panel/LANG.json, embedded at build time. */
extern const unsigned char ssri_catalogue_en[], ssri_catalogue_de[], ssri_catalogue_ja[], ssri_catalogue_ar[];
extern const size_t ssri_catalogue_en_len, ssri_catalogue_de_len, ssri_catalogue_ja_len, ssri_catalogue_ar_len;

typedef struct catalogue {
    const char *tag;
    const unsigned char *data;
    const size_t *len;
} catalogue;

static const catalogue catalogues[] = {
    {"en", ssri_catalogue_en, &ssri_catalogue_en_len},
    {"de", ssri_catalogue_de, &ssri_catalogue_de_len},
    {"ja", ssri_catalogue_ja, &ssri_catalogue_ja_len},
    {"ar", ssri_catalogue_ar, &ssri_catalogue_ar_len},
};

/* One attestation of the result, as the panel reads it. */
typedef struct attestation {
    const char *predicate_type;
    bool message; /* a message signature: no statement, the artifact's digest signed */
    const char *san;       /* keyless: the certificate's identity */
    const char *key_id;    /* signed by a registry key */
    const char *log_url;   /* the first log entry */
    double log_index;
    bool has_log_index;
    const char *log_time;  /* the first verified time */
} attestation;

#define MAX_ATTESTATIONS 8

typedef struct panel {
    ssri_buf *b;
    const cJSON *lang;    /* the chosen catalogue */
    const cJSON *english; /* the fallback */
    int level;
    int style;
    char id[24];          /* "ssr-" + 8 hex digits of the artifact's digest: unique anchors */
    /* the page: from the release, else from the statement's subject */
    const char *package;
    const char *version;
    const char *filename;
    const char *registry;
    /* the build: from the first keyless attestation's certificate */
    const cJSON *extensions;
    const char *issuer;
    const char *platform;
    const char *san;
    char *source_repository;
    const char *source_digest;
    const char *source_ref;
    char *source_commit_url;
    char *workflow;        /* the workflow file, with its ref */
    char *workflow_url;
    const char *run_url;
    const char *runner;
    const char *trigger;
    /* integrity: the verified subject's digest */
    const char *digest_alg;
    const char *digest;
    attestation atts[MAX_ATTESTATIONS];
    size_t att_count;
} panel;

/* ---- catalogue ------------------------------------------------------------ */

/* The catalogue's string, or English's; *fallback says which. */
static const char *msg_of(const panel *p, const char *key, bool *fallback)
{
    const char *s = ssri_get_string(p->lang, key);
    *fallback = s == NULL;
    return s != NULL ? s : ssri_get_string(p->english, key);
}

/*
 * Writes a catalogue string with its {placeholders} filled, escaped; a
 * string only English has is marked as English for screen readers. `args`
 * holds name/value pairs ending with NULL.
 */
static void put_msg(panel *p, const char *key, const char *const *args, bool attribute)
{
    bool fallback;
    const char *s = msg_of(p, key, &fallback);
    if (s == NULL)
        return;
    if (fallback && !attribute && p->lang != p->english)
        ssri_buf_puts(p->b, "<span lang=\"en\" dir=\"ltr\">");
    while (*s != '\0') {
        const char *open = strchr(s, '{'), *close = open != NULL ? strchr(open, '}') : NULL;
        if (open == NULL || close == NULL) {
            ssri_html_text(p->b, s);
            break;
        }
        ssri_html_textn(p->b, s, (size_t)(open - s));
        const char *value = NULL;
        for (size_t i = 0; args != NULL && args[i] != NULL; i += 2)
            if (strlen(args[i]) == (size_t)(close - open - 1) && strncmp(args[i], open + 1, (size_t)(close - open - 1)) == 0)
                value = args[i + 1];
        if (value != NULL && !attribute) {
            ssri_buf_puts(p->b, "<bdi>");
            ssri_html_text(p->b, value);
            ssri_buf_puts(p->b, "</bdi>");
        } else if (value != NULL) {
            ssri_html_text(p->b, value);
        }
        s = close + 1;
    }
    if (fallback && !attribute && p->lang != p->english)
        ssri_buf_puts(p->b, "</span>");
}

static void text(panel *p, const char *key)
{
    put_msg(p, key, NULL, false);
}

/* ---- icons (the project's own drawings; decorative, hidden from assistive technology) ---- */

static const char *const icon_paths[] = {
    /* package: a box */
    "<path d=\"M12 2 3 6.5v11L12 22l9-4.5v-11L12 2Zm0 2.2 6.6 3.3L12 10.8 5.4 7.5 12 4.2ZM5 9.1l6 3v7.6l-6-3V9.1Zm8 "
    "10.6v-7.6l6-3v7.6l-6 3Z\"/>",
    /* source: a window with code brackets */
    "<path d=\"M3 3h18a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm1 5v11h16V8H4Zm5.3 2.3 1.4 "
    "1.4L8.4 14l2.3 2.3-1.4 1.4L5.6 14l3.7-3.7Zm5.4 0L18.4 14l-3.7 3.7-1.4-1.4 2.3-2.3-2.3-2.3 1.4-1.4Z\"/>",
    /* build: a crane */
    "<path d=\"M4 2h2v2h14v3h-2v3h-2V7H6v13h3v2H1v-2h3V2Zm3 5h2l-2 3V7Zm9 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm-4 8h8v2h-8v-2Z\"/>",
    /* integrity: a magnifying glass holding a key */
    "<path d=\"M10 2a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1 1 10 2Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Zm-1.5 "
    "3a2.5 2.5 0 0 1 2.4 1.8H15v1.5h-1v1.2h-1.5v-1.2h-1.6A2.5 2.5 0 1 1 8.5 7Zm0 1.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z\"/>",
    /* attestation: a signature on a line, with a pen */
    "<path d=\"M2 19h20v2H2v-2Zm1.2-3.6c1.6-3.6 3.1-6.4 4.6-6.4 1.3 0 1.5 1.6 1.2 3.4 1-1.3 2-2 2.9-2 1.2 0 1.4 1.2 1.1 "
    "2.6.6-.5 1.2-.8 1.8-.8v2c-.8 0-1.9 1.3-3 2.8l-1.7-.9c.5-1.3.9-2.3 1-2.9-.7.5-1.9 2-3.4 3.9l-1.6-1c.8-2.4 1.2-4 1.3-4.9"
    "-.6.8-1.7 2.9-2.8 5.1l-1.4-.9ZM20.3 3.3l1.4 1.4-6.4 6.4-2 .6.6-2 6.4-6.4Z\"/>",
    /* information: an outlined circle with an i */
    "<path d=\"M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-1 6h2v7h-2v-7Zm0-3h2v2h-2V7Z\"/>",
    /* security: a padlock */
    "<path d=\"M12 2a5 5 0 0 1 5 5v3h1a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h1V7a5 5 0 0 1 5-5Zm0 "
    "2a3 3 0 0 0-3 3v3h6V7a3 3 0 0 0-3-3Zm0 9a2 2 0 0 1 1 3.7V19h-2v-2.3A2 2 0 0 1 12 13Z\"/>",
};

enum { ICON_PACKAGE, ICON_SOURCE, ICON_BUILD, ICON_INTEGRITY, ICON_ATTESTATION, ICON_INFO, ICON_LOCK };

static void icon(panel *p, int which)
{
    ssri_buf_puts(p->b, "<svg class=\"ssr-icon\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\" "
                        "focusable=\"false\" fill=\"currentColor\">");
    ssri_buf_puts(p->b, icon_paths[which]);
    ssri_buf_puts(p->b, "</svg>");
}

/* ---- the style ------------------------------------------------------------ */

static const char panel_css[] =
    ".ssr-panel{--ssr-fg:#1b1f24;--ssr-muted:#57606a;--ssr-border:#d0d7de;--ssr-bg:#fff;--ssr-soft:#f6f8fa;"
    "--ssr-link:#0550ae;--ssr-accent:#24292f;color:var(--ssr-fg);font:inherit;line-height:1.45;margin:1rem 0;"
    "max-width:100%;overflow-wrap:break-word}"
    ".ssr-panel.ssr-style-pypi{--ssr-link:#006dad;--ssr-accent:#0073b7;--ssr-soft:#f3f7fb}"
    ".ssr-panel.ssr-style-npm{--ssr-link:#b3001b;--ssr-accent:#cb3837;--ssr-soft:#fbf3f3}"
    ".ssr-panel *,.ssr-panel *::before,.ssr-panel *::after{box-sizing:border-box}"
    ".ssr-panel a{color:var(--ssr-link);text-decoration:underline;overflow-wrap:break-word}"
    ".ssr-panel a:focus-visible,.ssr-panel summary:focus-visible{outline:3px solid var(--ssr-link);outline-offset:2px}"
    ".ssr-panel .ssr-icon{flex:none;width:1.5rem;height:1.5rem;color:var(--ssr-accent)}"
    ".ssr-panel .ssr-row{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-start}"
    ".ssr-panel .ssr-box{flex:1 1 13rem;min-width:min(100%,13rem);border:1px solid var(--ssr-border);"
    "border-radius:8px;background:var(--ssr-bg);box-shadow:0 1px 3px rgba(0,0,0,.08);container-type:inline-size}"
    ".ssr-panel summary{display:flex;gap:.5rem;align-items:center;padding:.6rem .8rem;cursor:pointer;font-weight:700;"
    "list-style:none;min-width:0}"
    ".ssr-panel summary::-webkit-details-marker{display:none}"
    ".ssr-panel summary::after{content:'';margin-inline-start:auto;width:.5rem;height:.5rem;"
    "border-inline-end:2px solid var(--ssr-muted);border-block-end:2px solid var(--ssr-muted);transform:rotate(45deg);"
    "transition:transform .2s ease}"
    ".ssr-panel details[open]>summary::after{transform:rotate(-135deg)}"
    ".ssr-panel .ssr-body{padding:.6rem .8rem;border-block-start:1px solid var(--ssr-border);background:var(--ssr-soft);"
    "border-radius:0 0 8px 8px}"
    ".ssr-panel details[open]>.ssr-body{animation:ssr-open .2s ease-out}"
    "@keyframes ssr-open{from{opacity:0;transform:translateY(-4px)}to{opacity:1;transform:none}}"
    "@media (prefers-reduced-motion:reduce){.ssr-panel details[open]>.ssr-body{animation:none}"
    ".ssr-panel summary::after{transition:none}}"
    ".ssr-panel dl{margin:0;display:grid;grid-template-columns:minmax(5rem,max-content) minmax(0,1fr);gap:.35rem .75rem}"
    ".ssr-panel dt{color:var(--ssr-muted)}"
    ".ssr-panel dd{margin:0;min-width:0;overflow-wrap:break-word}"
    ".ssr-panel p{margin:.4rem 0}"
    ".ssr-panel [dir=ltr]{display:inline-block;max-width:100%;text-align:start}"
    ".ssr-panel .ssr-signed{font-weight:700}"
    ".ssr-panel code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;overflow-wrap:break-word}"
    ".ssr-panel .ssr-hash{display:block;padding:.4rem .5rem;border:1px solid var(--ssr-border);border-radius:6px;"
    "background:var(--ssr-bg);word-break:break-all;user-select:all;-webkit-user-select:all}"
    ".ssr-panel .ssr-card{flex:1 1 21rem;min-width:min(100%,21rem);border:1px solid var(--ssr-border);"
    "border-radius:8px;padding:.75rem .9rem;background:var(--ssr-bg);container-type:inline-size}"
    /* a narrow card or box puts each term above its value: the value gets the whole width */
    "@container (max-width:26rem){.ssr-panel dl{grid-template-columns:minmax(0,1fr);gap:0 .75rem}"
    ".ssr-panel dd{margin-block-end:.35rem}}"
    ".ssr-panel .ssr-card.ssr-wide{flex-basis:100%}"
    ".ssr-panel .ssr-card h3,.ssr-panel .ssr-card h4{display:flex;gap:.5rem;align-items:center;margin:0 0 .5rem;"
    "font-size:1.05rem}"
    ".ssr-panel .ssr-header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.7rem .9rem;"
    "margin-block-end:.75rem;border:1px solid var(--ssr-border);border-radius:8px;background:var(--ssr-soft)}"
    ".ssr-panel .ssr-header h2{font-size:1.1rem;margin:0;min-width:0}"
    ".ssr-panel h2>bdi{min-width:0;overflow-wrap:anywhere}"
    ".ssr-panel .ssr-header>span{min-width:0}"
    ".ssr-panel .ssr-info{display:flex;gap:.5rem;align-items:flex-start}"
    ".ssr-panel .ssr-info .ssr-icon{color:#0969da}"
    ".ssr-panel .ssr-aaa{display:flex;flex-wrap:wrap;gap:1.5rem}"
    ".ssr-panel .ssr-main{flex:1 1 28rem;min-width:0}"
    ".ssr-panel .ssr-sidebar{flex:0 1 14rem;min-width:min(100%,12rem)}"
    ".ssr-panel .ssr-sidebar ul{list-style:none;margin:0;padding:0;display:grid;gap:.4rem}"
    ".ssr-panel .ssr-sidebar a{display:flex;gap:.4rem;align-items:center}"
    ".ssr-panel h2{display:flex;gap:.5rem;align-items:center;font-size:1.25rem;margin:0 0 .5rem}"
    ".ssr-panel.ssr-level-aa .ssr-row,.ssr-panel.ssr-level-aaa .ssr-row{align-items:stretch}"
    ".ssr-panel .ssr-section-title{font-size:.95rem;text-transform:uppercase;letter-spacing:.03em;"
    "color:var(--ssr-fg);margin:1.25rem 0 .5rem}"
    ".ssr-panel .ssr-provenance{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}";

/* ---- facts ---------------------------------------------------------------- */

static const char *ext(const panel *p, const char *name)
{
    return ssri_get_string(p->extensions, name);
}

static char *concat(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = ssri_malloc(la + lb + lc + 1);
    if (s != NULL) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb);
        memcpy(s + la + lb, c, lc + 1);
    }
    return s;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool segment_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* The first n bytes of s (all of it for SIZE_MAX), non-empty and made only of a path segment's characters. */
static bool plain_chars(const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && s[i] != '\0'; i++)
        if (!segment_char(s[i]))
            return false;
    return i > 0;
}

/* A name or hex value made only of the characters a path segment may carry. */
static bool plain_segment(const char *s)
{
    return s != NULL && plain_chars(s, SIZE_MAX);
}

/* "OWNER/NAME", each a plain segment: a repository path a URL can be made of. */
static bool owner_name(const char *s)
{
    const char *slash = s != NULL ? strchr(s, '/') : NULL;
    return slash != NULL && plain_chars(s, (size_t)(slash - s)) && plain_segment(slash + 1);
}

static const char *platform_of(const char *issuer)
{
    static const char *const platforms[][2] = {
        {"https://token.actions.githubusercontent.com", "GitHub Actions"},
        {"https://gitlab.com", "GitLab CI/CD"},
        {"https://accounts.google.com", "Google Cloud"},
        {"https://oidc.circleci.com", "CircleCI"},
        {"https://agent.buildkite.com", "Buildkite"},
        {"https://platform.activestate.com/api/v1/oauth/oidc", "ActiveState"},
    };
    for (size_t i = 0; issuer != NULL && i < sizeof platforms / sizeof platforms[0]; i++)
        if (strcmp(issuer, platforms[i][0]) == 0)
            return platforms[i][1];
    if (has_prefix(issuer, "https://oidc.circleci.com/"))
        return "CircleCI";
    return issuer;
}

/*
 * The build facts of a keyless attestation's certificate. Links are made
 * only where the extension's own value is the link or a forge's fixed URL
 * form applies (github.com, gitlab.com); otherwise the value is text.
 * Returns false when out of memory.
 */
static bool read_build(panel *p, const cJSON *att)
{
    p->extensions = ssri_get(att, "extensions");
    p->san = ssri_get_string(ssri_get(att, "identity"), "san");
    p->issuer = ext(p, "issuer");
    if (p->issuer == NULL)
        p->issuer = ext(p, "issuer-v1");
    p->platform = platform_of(p->issuer);
    bool github = p->issuer != NULL && strcmp(p->issuer, "https://token.actions.githubusercontent.com") == 0;

    const char *repo = ext(p, "source-repository-uri"), *github_repo = github ? ext(p, "github-workflow-repository") : NULL;
    if (has_prefix(repo, "https://")) {
        if ((p->source_repository = ssri_strndup(repo, strlen(repo))) == NULL)
            return false;
    } else if (owner_name(github_repo)) {
        if ((p->source_repository = concat("https://github.com/", github_repo, "")) == NULL)
            return false;
    }
    p->source_digest = ext(p, "source-repository-digest");
    if (p->source_digest == NULL && github)
        p->source_digest = ext(p, "github-workflow-sha");
    p->source_ref = ext(p, "source-repository-ref");
    if (p->source_ref == NULL && github)
        p->source_ref = ext(p, "github-workflow-ref");
    if (p->source_repository != NULL && plain_segment(p->source_digest)) {
        if (has_prefix(p->source_repository, "https://github.com/"))
            p->source_commit_url = concat(p->source_repository, "/tree/", p->source_digest);
        else if (has_prefix(p->source_repository, "https://gitlab.com/"))
            p->source_commit_url = concat(p->source_repository, "/-/tree/", p->source_digest);
        if ((has_prefix(p->source_repository, "https://github.com/") ||
             has_prefix(p->source_repository, "https://gitlab.com/")) && p->source_commit_url == NULL)
            return false;
    }

    /* The workflow: build-config-uri, else (GitHub's first certificates) the identity itself. */
    const char *config = ext(p, "build-config-uri");
    if (config == NULL && github)
        config = p->san;
    const char *config_digest = ext(p, "build-config-digest");
    if (config_digest == NULL && github)
        config_digest = ext(p, "github-workflow-sha");
    if (p->source_repository != NULL && has_prefix(config, p->source_repository) &&
        config[strlen(p->source_repository)] == '/') {
        const char *path = config + strlen(p->source_repository) + 1;
        if ((p->workflow = ssri_strndup(path, strlen(path))) == NULL)
            return false;
        const char *at = strchr(path, '@');
        if (has_prefix(p->source_repository, "https://github.com/") && at != NULL && plain_segment(config_digest)) {
            char *file = ssri_strndup(path, (size_t)(at - path));
            char *base = file != NULL ? concat(p->source_repository, "/blob/", config_digest) : NULL;
            p->workflow_url = base != NULL ? concat(base, "/", file) : NULL;
            ssri_free(file);
            ssri_free(base);
            if (p->workflow_url == NULL)
                return false;
        }
    } else if (config != NULL) {
        if ((p->workflow = ssri_strndup(config, strlen(config))) == NULL)
            return false;
    }
    const char *run = ext(p, "run-invocation-uri");
    p->run_url = has_prefix(run, "https://") ? run : NULL;
    p->runner = ext(p, "runner-environment");
    p->trigger = ext(p, "build-trigger");
    if (p->trigger == NULL && github)
        p->trigger = ext(p, "github-workflow-trigger");
    return true;
}

/* ---- reading the result --------------------------------------------------- */

typedef struct reader {
    ssr_report *report;
    const char *src;
    size_t len;
    int status;
} reader;

/* Records a refusal of the input (the first one decides the status). */
static void refuse(reader *r, const char *code, const char *pointer, const cJSON *node, const char *message)
{
    if (r->status == SSR_OK)
        r->status = SSR_EINVALID;
    if (ssri_report_add(r->report, SSR_SEVERITY_ERROR, code, pointer, r->src, r->len,
                        node != NULL ? ssri_node_offset(node) : 0, message) != SSR_OK)
        r->status = SSR_ENOMEM;
}

/* The subject digest a panel shows: the first of these the statement has (in-toto's names, then libssr's). */
static const char *const strong_algorithms[] = {"sha256",   "sha512",   "sha384",      "sha512_256",  "sha3_256",
                                                "sha3-256", "sha3_512", "sha3-512",    "blake2b-256", "blake2b_256",
                                                "blake2b-512", "blake2b_512", NULL};

/*
 * The artifact an attestation vouches for: a DSSE statement's first
 * subject, or the digest a message signature was verified over (no name:
 * the release names the file).
 */
static void read_subject(panel *p, reader *r, const cJSON *att, size_t index)
{
    const cJSON *statement = ssri_get(att, "statement");
    const cJSON *subject = ssri_get(statement, "subject");
    const cJSON *first = cJSON_IsArray(subject) ? subject->child : NULL;
    const cJSON *message_digest = statement == NULL ? ssri_get(att, "digest") : NULL;
    const cJSON *digests = statement != NULL ? ssri_get(first, "digest") : message_digest;
    const char *alg = NULL, *hex = NULL;
    for (size_t i = 0; strong_algorithms[i] != NULL && hex == NULL; i++)
        if ((hex = ssri_get_string(digests, strong_algorithms[i])) != NULL)
            alg = strong_algorithms[i];
    char pointer[64];
    snprintf(pointer, sizeof pointer, statement != NULL || message_digest == NULL ? "/attestations/%zu/statement/subject"
                                                                                 : "/attestations/%zu/digest",
             index);
    const cJSON *at = message_digest != NULL ? message_digest : subject;
    if (hex == NULL) {
        refuse(r, "panel.result.subject", pointer, at,
               statement != NULL || message_digest == NULL
                   ? "Expected a verified statement whose first subject has a strong digest (sha256, sha512...), "
                     "found none."
                   : "Expected the message signature's digest to be a strong one (sha256, sha512...), found none.");
        return;
    }
    if (p->digest == NULL) {
        p->digest_alg = alg;
        p->digest = hex;
        p->filename = statement != NULL ? ssri_get_string(first, "name") : NULL;
    } else if (strcmp(p->digest_alg, alg) != 0 || strcmp(p->digest, hex) != 0) {
        refuse(r, "panel.result.subject", pointer, at,
               "Expected every attestation to name the same artifact, found another digest: a panel shows one "
               "artifact.");
    }
}

static void read_result(panel *p, reader *r, const cJSON *root)
{
    if (!cJSON_IsObject(root)) {
        refuse(r, "panel.result.type", "", root, "Expected a verification result object.");
        return;
    }
    const cJSON *verified = ssri_get(root, "verified");
    if (!cJSON_IsTrue(verified)) {
        refuse(r, "panel.result.unverified", verified != NULL ? "/verified" : "", verified != NULL ? verified : root,
               "Expected a result that verified (\"verified\": true): a panel shows only what was verified.");
        return;
    }
    const cJSON *atts = ssri_get(root, "attestations");
    if (!cJSON_IsArray(atts) || atts->child == NULL) {
        refuse(r, "panel.result.attestations", atts != NULL ? "/attestations" : "", atts != NULL ? atts : root,
               "Expected a non-empty array of verified attestations.");
        return;
    }
    size_t i = 0;
    for (const cJSON *a = atts->child; a != NULL; a = a->next, i++) {
        if (i == MAX_ATTESTATIONS) {
            refuse(r, "panel.result.attestations", "/attestations", atts,
                   "Expected at most 8 attestations for one artifact.");
            return;
        }
        if (!cJSON_IsObject(a)) {
            char pointer[32];
            snprintf(pointer, sizeof pointer, "/attestations/%zu", i);
            refuse(r, "panel.result.type", pointer, a, "Expected an attestation object.");
            return;
        }
        read_subject(p, r, a, i);
        attestation *t = &p->atts[p->att_count++];
        t->predicate_type = ssri_get_string(ssri_get(a, "statement"), "predicateType");
        t->message = ssri_get(a, "statement") == NULL && ssri_get(a, "digest") != NULL;
        t->san = ssri_get_string(ssri_get(a, "identity"), "san");
        t->key_id = ssri_get_string(a, "key_id");
        const cJSON *entries = ssri_get(a, "tlog_entries");
        const cJSON *entry = cJSON_IsArray(entries) ? entries->child : NULL;
        t->log_url = ssri_get_string(entry, "log_url");
        const cJSON *index = ssri_get(entry, "log_index");
        t->has_log_index = cJSON_IsNumber(index) && index->valuedouble >= 0 && index->valuedouble < 9007199254740992.0;
        t->log_index = t->has_log_index ? index->valuedouble : 0;
        const cJSON *times = ssri_get(a, "times");
        t->log_time = ssri_get_string(cJSON_IsArray(times) ? times->child : NULL, "time");
        if (p->extensions == NULL && t->san != NULL && !read_build(p, a))
            r->status = SSR_ENOMEM;
    }
}

/* The release must hold the verified artifact: by digest (and by name when the subject is a file name). */
static void read_release(panel *p, reader *r, const cJSON *root)
{
    const cJSON *package = ssri_get(root, "package");
    p->package = ssri_get_string(package, "name");
    p->version = ssri_get_string(root, "version");
    const char *ecosystem = ssri_get_string(package, "ecosystem");
    static const char *const registries[][2] = {{"PyPI", "PyPI"},         {"npm", "npm"},
                                                {"crates.io", "crates.io"}, {"RubyGems", "RubyGems.org"},
                                                {"Maven", "Maven Central"}, {"NuGet", "NuGet"},
                                                {"Packagist", "Packagist"}, {"Pub", "pub.dev"}};
    for (size_t i = 0; ecosystem != NULL && i < sizeof registries / sizeof registries[0]; i++)
        if (strcmp(ecosystem, registries[i][0]) == 0)
            p->registry = registries[i][1];
    const cJSON *artifacts = ssri_get(root, "artifacts");
    for (const cJSON *a = cJSON_IsArray(artifacts) ? artifacts->child : NULL; a != NULL; a = a->next) {
        const char *hex = ssri_get_string(ssri_get(a, "digests"), p->digest_alg);
        if (hex != NULL && strcmp(hex, p->digest) == 0) {
            p->filename = ssri_get_string(a, "filename");
            return;
        }
    }
    r->report->kind = SSR_KIND_RELEASE; /* the diagnostic points into the release */
    refuse(r, "panel.release.artifact", "/artifacts", artifacts,
           "Expected the release to list the verified artifact (its digest), found no such artifact: the result "
           "belongs to another release.");
}

/* ---- writing -------------------------------------------------------------- */

/*
 * Opens a link to `url` (its whole text on hover) when it is an https URL a
 * link may lead to, and returns true; writes nothing and returns false
 * otherwise. `ltr`: the link's text is a URL, digest or path.
 */
static bool link_open(panel *p, const char *url, bool ltr)
{
    size_t mark = p->b->len;
    ssri_buf_puts(p->b, "<a href=\"");
    if (!ssri_html_href(p->b, url)) {
        p->b->len = mark;
        return false;
    }
    ssri_buf_puts(p->b, "\" title=\"");
    ssri_html_text(p->b, url);
    ssri_buf_puts(p->b, ltr ? "\" dir=\"ltr\" rel=\"noopener noreferrer nofollow\">" : "\" rel=\"noopener noreferrer nofollow\">");
    return true;
}

/* A link whose text is the URL without its scheme (or `label`). Text when it is not https. */
static void link(panel *p, const char *url, const char *label)
{
    if (!link_open(p, url, true)) {
        ssri_buf_puts(p->b, "<bdi dir=\"ltr\">");
        ssri_html_path(p->b, label != NULL ? label : url);
        ssri_buf_puts(p->b, "</bdi>");
        return;
    }
    ssri_html_path(p->b, label != NULL ? label : url + 8);
    ssri_buf_puts(p->b, "</a>");
}

/* The page of a public-good Rekor entry, search.sigstore.dev's; false for another log. */
static bool log_search_url(const attestation *t, char url[96])
{
    if (t->log_url == NULL || strcmp(t->log_url, "https://rekor.sigstore.dev") != 0 || !t->has_log_index)
        return false;
    snprintf(url, 96, "https://search.sigstore.dev/?logIndex=%.0f", t->log_index);
    return true;
}

static void dt(panel *p, const char *key)
{
    ssri_buf_puts(p->b, "<dt>");
    text(p, key);
    ssri_buf_puts(p->b, "</dt><dd>");
}

static void short_hex(panel *p, const char *hex)
{
    ssri_buf_puts(p->b, "<code dir=\"ltr\">");
    ssri_html_textn(p->b, hex, strlen(hex) > 12 ? 12 : strlen(hex));
    ssri_buf_puts(p->b, "</code>");
}

static bool has_source(const panel *p)
{
    return p->source_repository != NULL || p->source_digest != NULL;
}

static bool has_build(const panel *p)
{
    return p->workflow != NULL || p->run_url != NULL || p->platform != NULL;
}

static void source_facts(panel *p)
{
    ssri_buf_puts(p->b, "<dl>");
    if (p->source_repository != NULL) {
        dt(p, "source_repository");
        link(p, p->source_repository, NULL);
        ssri_buf_puts(p->b, "</dd>");
    }
    if (p->source_digest != NULL) {
        dt(p, "source_commit");
        bool linked = p->source_commit_url != NULL && link_open(p, p->source_commit_url, false);
        short_hex(p, p->source_digest);
        ssri_buf_puts(p->b, linked ? "</a></dd>" : "</dd>");
    }
    if (p->source_ref != NULL) {
        dt(p, "source_ref");
        ssri_buf_puts(p->b, "<code dir=\"ltr\">");
        ssri_html_path(p->b, p->source_ref);
        ssri_buf_puts(p->b, "</code></dd>");
    }
    ssri_buf_puts(p->b, "</dl>");
}

static void build_facts(panel *p)
{
    ssri_buf_puts(p->b, "<dl>");
    if (p->workflow != NULL) {
        dt(p, "build_workflow");
        if (p->workflow_url != NULL)
            link(p, p->workflow_url, p->workflow);
        else
            link(p, p->workflow, p->workflow);
        ssri_buf_puts(p->b, "</dd>");
    }
    if (p->run_url != NULL) {
        dt(p, "build_logs");
        link(p, p->run_url, NULL);
        ssri_buf_puts(p->b, "</dd>");
    }
    if (p->platform != NULL) {
        dt(p, "build_platform");
        ssri_buf_puts(p->b, "<bdi>");
        ssri_html_text(p->b, p->platform);
        ssri_buf_puts(p->b, "</bdi></dd>");
    }
    if (p->runner != NULL) {
        dt(p, "runner");
        ssri_buf_puts(p->b, "<bdi>");
        ssri_html_text(p->b, p->runner);
        ssri_buf_puts(p->b, "</bdi></dd>");
    }
    if (p->trigger != NULL) {
        dt(p, "build_trigger");
        ssri_buf_puts(p->b, "<bdi>");
        ssri_html_text(p->b, p->trigger);
        ssri_buf_puts(p->b, "</bdi></dd>");
    }
    ssri_buf_puts(p->b, "</dl>");
}

static const char *alg_label(const char *alg)
{
    static const char *const labels[][2] = {
        {"sha256", "SHA-256"},       {"sha512", "SHA-512"},       {"sha384", "SHA-384"},
        {"sha512_256", "SHA-512/256"}, {"sha3_256", "SHA3-256"},  {"sha3-256", "SHA3-256"},
        {"sha3_512", "SHA3-512"},    {"sha3-512", "SHA3-512"},    {"blake2b-256", "BLAKE2b-256"},
        {"blake2b_256", "BLAKE2b-256"}, {"blake2b-512", "BLAKE2b-512"}, {"blake2b_512", "BLAKE2b-512"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(alg, labels[i][0]) == 0)
            return labels[i][1];
    return alg;
}

static void integrity_facts(panel *p)
{
    const char *args[] = {"alg", alg_label(p->digest_alg), NULL};
    ssri_buf_puts(p->b, "<dl>");
    if (p->filename != NULL) {
        dt(p, "file");
        ssri_buf_puts(p->b, "<code><bdi>");
        ssri_html_text(p->b, p->filename);
        ssri_buf_puts(p->b, "</bdi></code></dd>");
    }
    ssri_buf_puts(p->b, "</dl><p>");
    put_msg(p, "checksum", args, false);
    ssri_buf_puts(p->b, "</p><code class=\"ssr-hash\" dir=\"ltr\">");
    ssri_html_text(p->b, p->digest);
    ssri_buf_puts(p->b, "</code>");
}

static bool is_registry_signed(const attestation *t)
{
    return t->san == NULL && t->key_id != NULL;
}

static void statement(panel *p, const attestation *t)
{
    const char *registry = p->registry;
    bool fallback;
    if (registry == NULL)
        registry = msg_of(p, "this_registry", &fallback);
    const char *platform = t->san != NULL ? platform_of(p->issuer) : NULL;
    const char *args[] = {"registry", registry, "platform", platform != NULL ? platform : (t->san ? t->san : ""),
                          "type", t->predicate_type != NULL ? t->predicate_type : "", "key",
                          t->key_id != NULL ? t->key_id : "", NULL};
    const char *pt = t->predicate_type != NULL ? t->predicate_type : "";
    ssri_buf_puts(p->b, "<p>");
    if (is_registry_signed(t))
        put_msg(p, "statement_registry", args, false);
    else if (has_prefix(pt, "https://slsa.dev/provenance/"))
        put_msg(p, "statement_provenance", args, false);
    else if (strcmp(pt, "https://docs.pypi.org/attestations/publish/v1") == 0 && p->registry != NULL)
        put_msg(p, "statement_publish", args, false);
    else if (t->message) /* no statement: the file's digest itself was signed */
        text(p, "statement_message");
    else
        put_msg(p, "statement_other", args, false);
    ssri_buf_puts(p->b, "</p><p class=\"ssr-signed\">");
    text(p, "signed_by");
    ssri_buf_putc(p->b, ' ');
    if (is_registry_signed(t))
        put_msg(p, p->registry != NULL ? "signed_by_registry" : "signed_by_key", args, false);
    else if (platform != NULL && platform != p->issuer)
        put_msg(p, "signed_by_workflow", args, false);
    else if (t->san != NULL) {
        ssri_buf_puts(p->b, "<bdi>");
        ssri_html_path(p->b, t->san);
        ssri_buf_puts(p->b, "</bdi>");
    }
    ssri_buf_puts(p->b, "</p>");
    if (t->log_url != NULL || t->log_time != NULL) {
        ssri_buf_puts(p->b, "<dl>");
        if (t->log_url != NULL) {
            dt(p, "transparency_log");
            char url[96];
            if (log_search_url(t, url)) {
                link(p, url, NULL);
            } else {
                link(p, t->log_url, NULL);
                if (t->has_log_index)
                    ssri_buf_printf(p->b, " #%.0f", t->log_index);
            }
            ssri_buf_puts(p->b, "</dd>");
        }
        if (t->log_time != NULL) {
            dt(p, "logged");
            ssri_buf_puts(p->b, "<time dir=\"ltr\" datetime=\"");
            ssri_html_text(p->b, t->log_time);
            ssri_buf_puts(p->b, "\">");
            ssri_html_text(p->b, t->log_time);
            ssri_buf_puts(p->b, "</time></dd>");
        }
        ssri_buf_puts(p->b, "</dl>");
    }
}

static void attestation_facts(panel *p)
{
    for (size_t i = 0; i < p->att_count; i++) {
        if (i > 0)
            ssri_buf_puts(p->b, "<hr>");
        statement(p, &p->atts[i]);
    }
}

static void title_text(panel *p)
{
    if (p->package == NULL && p->filename == NULL) { /* a message signature without a release: nothing names it */
        text(p, "provenance");
        return;
    }
    ssri_buf_puts(p->b, "<bdi>");
    ssri_html_text(p->b, p->package != NULL ? p->package : p->filename != NULL ? p->filename : "");
    if (p->package != NULL && p->version != NULL) {
        ssri_buf_puts(p->b, " v");
        ssri_html_text(p->b, p->version);
    }
    ssri_buf_puts(p->b, "</bdi>");
}

/* The four parts every level shows, in the style guide's order: the class, catalogue key and anchor are `name`. */
static bool always(const panel *p)
{
    (void)p;
    return true;
}

static const struct part {
    const char *name;
    int icon;
    bool (*shown)(const panel *);
    void (*facts)(panel *);
} parts[] = {
    {"source", ICON_SOURCE, has_source, source_facts},
    {"build", ICON_BUILD, has_build, build_facts},
    {"integrity", ICON_INTEGRITY, always, integrity_facts},
    {"attestation", ICON_ATTESTATION, always, attestation_facts},
};

/* Level A: collapsible panels in a row, collapsed, each with its icon and heading. */
static void level_a(panel *p)
{
    ssri_buf_puts(p->b, "<div class=\"ssr-row\">");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i].shown(p))
            continue;
        ssri_buf_printf(p->b, "<details class=\"ssr-box ssr-%s\"><summary>", parts[i].name);
        icon(p, parts[i].icon);
        text(p, parts[i].name);
        ssri_buf_puts(p->b, "</summary><div class=\"ssr-body\">");
        parts[i].facts(p);
        ssri_buf_puts(p->b, "</div></details>");
    }
    ssri_buf_puts(p->b, "</div>");
}

/* A card: its class ssr-NAME (and ssr-wide when `wide`), an anchor when `anchored`, its icon and heading. */
static void card_open(panel *p, const char *name, bool wide, bool anchored, int which, const char *tag)
{
    ssri_buf_printf(p->b, "<div class=\"ssr-card ssr-%s%s\"", name, wide ? " ssr-wide" : "");
    if (anchored)
        ssri_buf_printf(p->b, " id=\"%s-%s\"", p->id, name);
    ssri_buf_printf(p->b, "><%s>", tag);
    icon(p, which);
    text(p, name);
    ssri_buf_printf(p->b, "</%s>", tag);
}

/*
 * The cards levels AA and AAA share; `tag` heads each, `anchored` (AAA)
 * gives them ids and the attestation the row's whole width, as the style
 * guide asks.
 */
static void cards(panel *p, const char *tag, bool anchored)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i].shown(p))
            continue;
        card_open(p, parts[i].name, anchored && parts[i].facts == attestation_facts, anchored, parts[i].icon, tag);
        parts[i].facts(p);
        ssri_buf_puts(p->b, "</div>");
    }
}

/* Level AA: a header naming the package, then the cards, all shown. */
static void level_aa(panel *p)
{
    bool fallback;
    const char *registry = p->registry != NULL ? p->registry : msg_of(p, "this_registry", &fallback);
    const char *args[] = {"platform", p->platform != NULL ? p->platform : "", "registry", registry, NULL};
    ssri_buf_puts(p->b, "<div class=\"ssr-header\"><h2>");
    icon(p, ICON_PACKAGE);
    title_text(p);
    ssri_buf_puts(p->b, "</h2><span>");
    put_msg(p, p->platform != NULL ? "header_summary" : "header_summary_registry", args, false);
    ssri_buf_puts(p->b, "</span></div><div class=\"ssr-row\">");
    cards(p, "h3", false);
    card_open(p, "limitation", false, false, ICON_INFO, "h3");
    ssri_buf_puts(p->b, "<p>");
    text(p, "limitation_text");
    ssri_buf_puts(p->b, "</p></div></div>");
}

/* Level AAA: a security section (build provenance, integrity, provenance) and a sidebar leading to it. */
static void level_aaa(panel *p)
{
    bool fallback;
    const char *registry = p->registry != NULL ? p->registry : msg_of(p, "this_registry", &fallback);
    const char *args[] = {"registry", registry, NULL};
    ssri_buf_puts(p->b, "<div class=\"ssr-aaa\"><div class=\"ssr-main\"><h2>");
    icon(p, ICON_LOCK);
    text(p, "security");
    ssri_buf_puts(p->b, "</h2><p class=\"ssr-info\">");
    icon(p, ICON_INFO);
    ssri_buf_puts(p->b, "<span>");
    put_msg(p, "disclaimer", args, false);
    ssri_buf_puts(p->b, "</span></p><h3 class=\"ssr-section-title\">");
    text(p, "provenance_heading");
    ssri_buf_puts(p->b, "</h3><div class=\"ssr-row\">");
    cards(p, "h4", true);
    ssri_buf_puts(p->b, "</div><p>");
    text(p, "provenance_message");
    ssri_buf_puts(p->b, "</p><h3 class=\"ssr-section-title\">");
    text(p, "integrity");
    ssri_buf_puts(p->b, "</h3><p>");
    put_msg(p, "integrity_message", args, false);
    ssri_buf_puts(p->b, "</p>");
    integrity_facts(p);
    if (p->platform != NULL) {
        ssri_buf_puts(p->b, "<h3 class=\"ssr-section-title\">");
        text(p, "provenance");
        ssri_buf_puts(p->b, "</h3><div class=\"ssr-provenance\"><div class=\"ssr-card\"><p>");
        text(p, "built_on");
        ssri_buf_puts(p->b, "</p><p class=\"ssr-signed\"><bdi>");
        ssri_html_text(p->b, p->platform);
        ssri_buf_puts(p->b, "</bdi></p>");
        size_t mark = p->b->len;
        ssri_buf_puts(p->b, "<p>");
        if (p->run_url != NULL && link_open(p, p->run_url, false)) {
            text(p, "build_summary");
            ssri_buf_puts(p->b, "</a></p>");
        } else {
            p->b->len = mark;
        }
        ssri_buf_puts(p->b, "</div><dl>");
        if (p->source_digest != NULL) {
            dt(p, "source_commit");
            if (p->source_commit_url != NULL)
                link(p, p->source_commit_url, p->source_digest);
            else
                short_hex(p, p->source_digest);
            ssri_buf_puts(p->b, "</dd>");
        }
        if (p->workflow != NULL) {
            dt(p, "build_file");
            link(p, p->workflow_url != NULL ? p->workflow_url : p->workflow, p->workflow);
            ssri_buf_puts(p->b, "</dd>");
        }
        char url[96];
        if (log_search_url(&p->atts[0], url)) {
            dt(p, "log_entry");
            link(p, url, NULL);
            ssri_buf_puts(p->b, "</dd>");
        }
        ssri_buf_puts(p->b, "</dl></div>");
    }
    ssri_buf_puts(p->b, "</div><nav class=\"ssr-sidebar\" aria-label=\"");
    put_msg(p, "sidebar", NULL, true);
    ssri_buf_puts(p->b, "\"><ul>");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i].shown(p))
            continue;
        ssri_buf_printf(p->b, "<li><a href=\"#%s-%s\">", p->id, parts[i].name);
        icon(p, parts[i].icon);
        text(p, parts[i].name);
        ssri_buf_puts(p->b, "</a></li>");
    }
    ssri_buf_puts(p->b, "</ul></nav></div>");
}

static void write_panel(panel *p)
{
    static const char *const levels[] = {"", "a", "aa", "aaa"};
    static const char *const styles[] = {"plain", "pypi", "npm"};
    const char *tag = ssri_get_string(p->lang, "lang"), *dir = ssri_get_string(p->lang, "dir");
    const char *name = p->package != NULL ? p->package : p->filename != NULL ? p->filename : "";
    bool versioned = p->package != NULL && p->version != NULL;
    char *package = concat(name, versioned ? " " : "", versioned ? p->version : "");
    if (package == NULL) {
        p->b->failed = true;
        return;
    }
    const char *args[] = {"package", package, NULL};
    ssri_buf_printf(p->b, "<section class=\"ssr-panel ssr-level-%s ssr-style-%s\" lang=\"%s\" dir=\"%s\" aria-label=\"",
                    levels[p->level], styles[p->style], tag != NULL ? tag : "en",
                    dir != NULL && strcmp(dir, "rtl") == 0 ? "rtl" : "ltr");
    put_msg(p, name[0] != '\0' ? "panel_label" : "provenance", args, true); /* nothing names the artifact */
    ssri_free(package);
    ssri_buf_puts(p->b, "\"><style>");
    ssri_buf_puts(p->b, panel_css);
    ssri_buf_puts(p->b, "</style>");
    if (p->level == SSR_PANEL_A)
        level_a(p);
    else if (p->level == SSR_PANEL_AA)
        level_aa(p);
    else
        level_aaa(p);
    ssri_buf_puts(p->b, "</section>\n");
}

/* ---- entry ---------------------------------------------------------------- */

/* The catalogue of a BCP 47 tag's primary language subtag; English for any other. */
static const catalogue *catalogue_for(const char *lang, size_t len)
{
    size_t n = 0;
    while (n < len && lang[n] != '-' && lang[n] != '_')
        n++;
    for (size_t i = 0; i < sizeof catalogues / sizeof catalogues[0]; i++)
        if (n == strlen(catalogues[i].tag) && strncasecmp(lang, catalogues[i].tag, n) == 0)
            return &catalogues[i];
    return &catalogues[0];
}

static void panel_release(panel *p)
{
    ssri_free(p->source_repository);
    ssri_free(p->source_commit_url);
    ssri_free(p->workflow);
    ssri_free(p->workflow_url);
}

int ssr_render_panel(const void *result, size_t result_len, const void *release, size_t release_len, int level,
                     int style, const void *lang, size_t lang_len, const ssr_options *opts, char **out,
                     size_t *out_len, ssr_report **report)
{
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    SSRI_RESET(report);
    if (result == NULL || out == NULL || (release == NULL && release_len > 0) || (lang == NULL && lang_len > 0) ||
        level < SSR_PANEL_A || level > SSR_PANEL_AAA || style < SSR_PANEL_PLAIN || style > SSR_PANEL_NPM)
        return SSR_EINVAL;

    /* The release first: an invalid one is refused with its own report. */
    ssr_doc *release_doc = NULL;
    if (release != NULL) {
        ssr_report *r = NULL;
        int status = ssr_validate(release, release_len, SSR_KIND_RELEASE, opts, &r);
        if (status == SSR_OK && !ssr_report_valid(r))
            status = SSR_EINVALID;
        if (status == SSR_OK)
            status = ssr_doc_parse(release, release_len, opts, &release_doc, NULL);
        if (status == SSR_EINVALID && report != NULL)
            *report = r, r = NULL;
        ssr_report_free(r);
        if (status != SSR_OK)
            return status;
    }
    ssr_doc *doc = NULL;
    ssr_report *parse_report = NULL;
    int status = ssr_doc_parse(result, result_len, opts, &doc, &parse_report);
    if (status != SSR_OK) {
        ssr_doc_free(release_doc);
        if (status == SSR_EINVALID && report != NULL)
            *report = parse_report, parse_report = NULL;
        ssr_report_free(parse_report);
        return status;
    }
    ssr_report_free(parse_report);

    const catalogue *chosen = catalogue_for(lang != NULL ? lang : "en", lang != NULL ? lang_len : 2);
    ssr_doc *english = NULL, *local = NULL;
    int cat = ssr_doc_parse(catalogues[0].data, *catalogues[0].len, NULL, &english, NULL);
    if (cat == SSR_OK && chosen != &catalogues[0])
        cat = ssr_doc_parse(chosen->data, *chosen->len, NULL, &local, NULL);
    if (local == NULL)
        local = english;
    ssri_buf b = {0};
    panel p = {.b = &b, .lang = local != NULL ? local->root : NULL, .english = english != NULL ? english->root : NULL,
               .level = level, .style = style};
    reader r = {.report = ssri_report_new(SSR_KIND_JSON), .src = result, .len = result_len, .status = SSR_OK};
    if (cat != SSR_OK || r.report == NULL)
        r.status = cat == SSR_EINVALID ? SSR_EINVAL : SSR_ENOMEM; /* a catalogue is built in: only memory fails */
    if (r.status == SSR_OK)
        read_result(&p, &r, doc->root);
    if (r.status == SSR_OK && release_doc != NULL) {
        r.src = release;
        r.len = release_len;
        read_release(&p, &r, release_doc->root);
    }
    if (r.status == SSR_OK && p.registry == NULL) {
        /* the registry that signed or received what the result verified */
        for (size_t i = 0; i < p.att_count; i++)
            if (has_prefix(p.atts[i].predicate_type, "https://docs.pypi.org/attestations/"))
                p.registry = "PyPI";
            else if (has_prefix(p.atts[i].predicate_type, "https://github.com/npm/attestation/"))
                p.registry = "npm";
    }
    if (r.status == SSR_OK) {
        /* anchors unique per artifact: its digest's first hex digits */
        size_t n = 0;
        while (n < 8 && p.digest[n] != '\0' && strchr("0123456789abcdef", p.digest[n]) != NULL)
            n++;
        snprintf(p.id, sizeof p.id, "ssr-%.*s", (int)n, p.digest);
        write_panel(&p);
        r.status = ssri_buf_finish(&b, out, out_len);
    } else {
        ssri_buf_release(&b);
    }
    if (r.status == SSR_EINVALID && report != NULL)
        *report = r.report, r.report = NULL;
    ssr_report_free(r.report);
    panel_release(&p);
    if (local != english)
        ssr_doc_free(local);
    ssr_doc_free(english);
    ssr_doc_free(doc);
    ssr_doc_free(release_doc);
    return r.status;
}

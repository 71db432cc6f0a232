/*
 * The `release` kind: one package version as a registry serves it.
 * Normative text: schema/SPEC.md, section "release/v1".
 */
#include <stdio.h>
#include <string.h>

#include "schema/formats.h"
#include "nodes.h"
#include "purl/purl.h"

#define HEX(length) SSRI_STR("digest", NULL, SSRI_FMT_HEX, length, length)

/* ---- digests ------------------------------------------------------------ */

/*
 * A digest set takes in-toto's DigestSet names of fixed length, libssr's
 * earlier spellings (sha3-256, blake2b-256...) and the registries' own
 * (PyPI's blake2b_256): algorithm name to lowercase hex of its length.
 */
enum { WEAK, OTHER, STRONG };

static const struct {
    const char *name;
    const char *same_as; /* the spelling of the same algorithm this one is an alias of */
    int strength;
} digest_names[] = {
    {"md5", NULL, WEAK},          {"sha1", NULL, WEAK},
    {"sha224", NULL, OTHER},      {"sha512_224", NULL, OTHER},     {"sha3_224", NULL, OTHER},
    {"dirHash", NULL, OTHER},     {"sha256", NULL, STRONG},        {"sha512_256", NULL, STRONG},
    {"sha384", NULL, STRONG},     {"sha512", NULL, STRONG},        {"sha3_256", NULL, STRONG},
    {"sha3-256", "sha3_256", STRONG}, {"sha3_384", NULL, STRONG},  {"sha3-384", "sha3_384", STRONG},
    {"sha3_512", NULL, STRONG},   {"sha3-512", "sha3_512", STRONG}, {"blake2b-256", NULL, STRONG},
    {"blake2b_256", "blake2b-256", STRONG}, {"blake2b-512", NULL, STRONG}, {"blake2b_512", "blake2b-512", STRONG},
};

static int strength_of(const char *name)
{
    for (size_t i = 0; i < SSRI_ARRAY_LEN(digest_names); i++)
        if (strcmp(digest_names[i].name, name) == 0)
            return digest_names[i].strength;
    return -1;
}

/* The walk's `said` bit of a document whose weak-only digest sets were reported (once per document). */
#define SAID_WEAK_ONLY 1u

static void check_digests(ssri_walk *w, const cJSON *digests)
{
    bool strong = false, known = false;
    for (const cJSON *d = digests->child; d != NULL; d = d->next)
        strong = strong || strength_of(d->string) == STRONG;
    for (const cJSON *d = digests->child; d != NULL; d = d->next) {
        int strength = strength_of(d->string);
        if (strength < 0) {
            if (strncmp(d->string, "x-", 2) == 0)
                continue;
            if (!cJSON_IsString(d))
                ssri_flag(w, SSR_SEVERITY_ERROR, "digest", "type", d, false, d->string,
                          "Expected a string digest, found %s.", ssri_type_name(d));
            else
                ssri_flag(w, SSR_SEVERITY_WARNING, "digest", "unknown", d, true, d->string,
                          "Expected a digest algorithm of in-toto's DigestSet, found \"%.80s\": kept, never used to "
                          "match an artifact.", d->string);
            continue;
        }
        known = true;
        /* beside a strong digest a weak one is noise to drop; a weak-only set is reported once, below */
        if (strength == WEAK && strong)
            ssri_flag(w, SSR_SEVERITY_WARNING, "digest", "weak", d, true, d->string,
                      "Expected only strong digests; %s is broken and is never used to match an artifact.",
                      d->string);
    }
    /* two spellings of one algorithm must agree */
    for (size_t i = 0; i < SSRI_ARRAY_LEN(digest_names); i++) {
        if (digest_names[i].same_as == NULL)
            continue;
        const char *a = ssri_get_string(digests, digest_names[i].name), *b = ssri_get_string(digests, digest_names[i].same_as);
        if (a != NULL && b != NULL && strcmp(a, b) != 0)
            ssri_flag(w, SSR_SEVERITY_ERROR, "digest", "alias-conflict", ssri_get(digests, digest_names[i].name), true,
                      digest_names[i].name, "Expected %s to equal %s, the same algorithm's other spelling, found "
                      "another value.", digest_names[i].name, digest_names[i].same_as);
    }
    if (!known)
        ssri_flag(w, SSR_SEVERITY_ERROR, "digests", "empty", digests, false, NULL,
                  "Expected a digest of a known algorithm (sha256, sha512...), found none.");
    else if (!strong && (w->said & SAID_WEAK_ONLY) == 0) {
        /* a registry that serves nothing stronger (Maven Central's md5 and sha1) is said once per document */
        w->said |= SAID_WEAK_ONLY;
        ssri_flag(w, SSR_SEVERITY_WARNING, "digests", "strong-missing", digests, false, NULL,
                  "Expected a strong digest (sha256, sha384, sha512, sha512_256, SHA-3 or BLAKE2b), found only weak or "
                  "short ones: the artifact can never be matched (said once per document).");
    }
}

/* Digest sets are shared with the attestation kinds' rules on algorithms and lengths. */
static const ssri_node digests_node = {
    .type = SSRI_OBJECT,
    .stem = "digests",
    .title = "Digests of the artifact: algorithm name (in-toto's DigestSet names, or the aliases the specification "
             "lists) to lowercase hex.",
    .members = SSRI_MEMBERS({"md5", HEX(32), false}, {"sha1", HEX(40), false}, {"sha224", HEX(56), false},
                            {"sha512_224", HEX(56), false}, {"sha3_224", HEX(56), false}, {"dirHash", HEX(64), false},
                            {"sha256", HEX(64), false}, {"sha512_256", HEX(64), false}, {"sha384", HEX(96), false},
                            {"sha512", HEX(128), false}, {"sha3_256", HEX(64), false}, {"sha3-256", HEX(64), false},
                            {"sha3_384", HEX(96), false}, {"sha3-384", HEX(96), false}, {"sha3_512", HEX(128), false},
                            {"sha3-512", HEX(128), false}, {"blake2b-256", HEX(64), false},
                            {"blake2b_256", HEX(64), false}, {"blake2b-512", HEX(128), false},
                            {"blake2b_512", HEX(128), false}),
    .unknown = SSRI_UNKNOWN_CHECKED,
    .check = check_digests,
    .schema_extra = "\"additionalProperties\":{\"type\":\"string\"},\"anyOf\":["
                    "{\"required\":[\"md5\"]},{\"required\":[\"sha1\"]},{\"required\":[\"sha224\"]},"
                    "{\"required\":[\"sha512_224\"]},{\"required\":[\"sha3_224\"]},{\"required\":[\"dirHash\"]},"
                    "{\"required\":[\"sha256\"]},{\"required\":[\"sha512_256\"]},{\"required\":[\"sha384\"]},"
                    "{\"required\":[\"sha512\"]},{\"required\":[\"sha3_256\"]},{\"required\":[\"sha3-256\"]},"
                    "{\"required\":[\"sha3_384\"]},{\"required\":[\"sha3-384\"]},{\"required\":[\"sha3_512\"]},"
                    "{\"required\":[\"sha3-512\"]},{\"required\":[\"blake2b-256\"]},{\"required\":[\"blake2b_256\"]},"
                    "{\"required\":[\"blake2b-512\"]},{\"required\":[\"blake2b_512\"]}]",
};

/* ---- artifacts ---------------------------------------------------------- */

/* Defined below; an artifact may carry its own (PyPI's per-file facts). */
static const ssri_node publisher_node, provenance_node, status_node;

static const ssri_node signature_node = {
    .type = SSRI_OBJECT,
    .stem = "signature",
    .title = "A detached signature of the artifact: Maven Central's .asc, npm's dist.signatures, a Sigstore bundle.",
    .members = SSRI_MEMBERS(
        {"type", SSRI_OPEN_ENUM("signature.type", NULL, "openpgp", "npm-registry", "sigstore", "x509"), true},
        {"url", SSRI_STR("signature.url", "Where the signature is served.", SSRI_FMT_HTTPS_URL, 0, 0), false},
        {"keyid", SSRI_TEXT("signature.keyid", "The signing key's id as the registry names it.", 256), false},
        {"value", SSRI_TEXT("signature.value", "The signature itself, as the registry writes it (base64, armor).",
                            16384),
         false}),
    .schema_extra = "\"anyOf\":[{\"required\":[\"url\"]},{\"required\":[\"value\"]}]",
};

static void check_signature_list(ssri_walk *w, const cJSON *signatures)
{
    size_t i = 0;
    for (const cJSON *s = signatures->child; s != NULL; s = s->next, i++) {
        if (cJSON_IsObject(s) && ssri_get(s, "url") == NULL && ssri_get(s, "value") == NULL) {
            size_t mark = ssri_push_index(w, i);
            ssri_flag(w, SSR_SEVERITY_ERROR, "signature", "empty", s, false, NULL,
                      "Expected the signature's url or value, found neither.");
            ssri_pop(w, mark);
        }
    }
}

static const ssri_node attestation_node = {
    .type = SSRI_OBJECT,
    .stem = "attestation",
    .title = "An attestation about the artifact, where to fetch it and its digests.",
    .members = SSRI_MEMBERS(
        {"predicate_type", SSRI_TEXT("attestation.predicate-type", "The in-toto predicate type URI.", 512), true},
        {"url", SSRI_STR("attestation.url", "Where the attestation is served.", SSRI_FMT_HTTPS_URL, 0, 0), true},
        {"digests", &digests_node, false}),
};

static const ssri_node artifact_node = {
    .type = SSRI_OBJECT,
    .stem = "artifact",
    .title = "One file of the release.",
    .members = SSRI_MEMBERS(
        {"filename",
         SSRI_NAME("artifact.filename", "A bare file name: no path separator, no '..'.", SSRI_FMT_FILENAME, 1, 255),
         true},
        {"size", SSRI_INT("artifact.size", "Size in bytes, where the registry says it.", 0, 0), false},
        {"digests", &digests_node, true},
        {"url", SSRI_STR("artifact.url", "Where the file is served.", SSRI_FMT_HTTPS_URL, 0, 0), false},
        {"attestations",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "artifact.attestations", .items = &attestation_node},
         false},
        {"uploaded", SSRI_STR("artifact.uploaded", "When this file was uploaded.", SSRI_FMT_TIMESTAMP, 0, 0), false},
        {"publisher", &publisher_node, false},
        {"provenance", &provenance_node, false},
        {"status", &status_node, false},
        {"signatures",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "artifact.signatures", .items = &signature_node,
                            .check = check_signature_list},
         false}),
};

static void check_artifacts(ssri_walk *w, const cJSON *artifacts)
{
    size_t i = 0;
    for (const cJSON *a = artifacts->child; a != NULL; a = a->next, i++) {
        const char *name = ssri_get_string(a, "filename");
        if (name == NULL)
            continue;
        for (const cJSON *b = artifacts->child; b != a; b = b->next) {
            const char *other = ssri_get_string(b, "filename");
            if (other != NULL && strcmp(name, other) == 0) {
                size_t mark = ssri_push_index(w, i);
                ssri_flag(w, SSR_SEVERITY_ERROR, "artifact.filename", "duplicate", ssri_get(a, "filename"),
                          false, "filename", "Expected each file name once in a release, found \"%.80s\" again.",
                          name);
                ssri_pop(w, mark);
                break;
            }
        }
    }
}

/* ---- publisher, provenance, status -------------------------------------- */

#define PUBLISHER_TYPE(tag) {"type", SSRI_CONST("publisher.type", NULL, tag), true}
#define ACCOUNT(required) {"account", SSRI_TEXT("publisher.account", "The registry account (its login).", 256), required}
#define ACCOUNT_ID                                                                                             \
    {"account_id", SSRI_TEXT("publisher.account-id", "The account's immutable id (a login may change hands).", 256), \
     false}

static const ssri_node publisher_node = {
    .type = SSRI_UNION,
    .stem = "publisher",
    .title = "Who published the release, and how.",
    .tag = "type",
    .variants = (const ssri_variant[]){
        {"trusted-publisher",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "publisher",
             .members = SSRI_MEMBERS(
                 PUBLISHER_TYPE("trusted-publisher"),
                 {"policy",
                  SSRI_TEXT("publisher.policy", "The id of the trusted-publisher policy that matched, where the registry "
                            "publishes one.", 256),
                  false},
                 {"issuer",
                  SSRI_STR("publisher.issuer", "The OIDC issuer of the token.", SSRI_FMT_HTTPS_URL, 0, 0), true},
                 {"workload",
                  &(const ssri_node){
                      .type = SSRI_OBJECT,
                      .stem = "publisher.workload",
                      .title = "The CI workload whose token published: as the token said it.",
                      .members = SSRI_MEMBERS(
                          {"repository", SSRI_TEXT("publisher.workload.repository", "The source repository.", 512),
                           true},
                          {"workflow", SSRI_TEXT("publisher.workload.workflow", "The workflow or CI config.", 1024),
                           false},
                          {"run", SSRI_STR("publisher.workload.run", "The run (its build log).", SSRI_FMT_HTTPS_URL,
                                           0, 0),
                           false},
                          {"environment",
                           SSRI_TEXT("publisher.workload.environment",
                                     "The CI environment the job ran in (GitHub's deployment environment, PEP 740's "
                                     "publisher `environment`).",
                                     256),
                           false}),
                  },
                  false}),
         }},
        {"account",
         &(const ssri_node){.type = SSRI_OBJECT, .stem = "publisher",
                            .members = SSRI_MEMBERS(PUBLISHER_TYPE("account"), ACCOUNT(true), ACCOUNT_ID)}},
        {"api-token",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "publisher",
             .members = SSRI_MEMBERS(PUBLISHER_TYPE("api-token"), ACCOUNT(true), ACCOUNT_ID,
                                     {"token_id", SSRI_TEXT("publisher.token-id", "The API token's id.", 256), false}),
         }},
        {"unknown",
         &(const ssri_node){.type = SSRI_OBJECT, .stem = "publisher",
                            .title = "The registry does not say who published (Maven Central).",
                            .members = SSRI_MEMBERS(PUBLISHER_TYPE("unknown"))}},
        {NULL, NULL},
    },
};

static const ssri_node provenance_node = {
    .type = SSRI_OBJECT,
    .stem = "provenance",
    .title = "Where and how the artifacts were built.",
    .members = SSRI_MEMBERS(
        {"source_repository",
         SSRI_STR("provenance.source-repository", "The source repository.", SSRI_FMT_HTTPS_URL, 0, 0), true},
        {"source_revision",
         SSRI_STR("provenance.source-revision", "The commit built: 40 or 64 hex digits.", SSRI_FMT_REVISION, 0, 0),
         true},
        {"build_config", SSRI_TEXT("provenance.build-config", "The build configuration, e.g. a workflow path.", 1024),
         false},
        {"builder", SSRI_TEXT("provenance.builder", "The builder's id.", 1024), false},
        {"transparency_log_entry",
         SSRI_STR("provenance.transparency-log-entry", "The transparency-log entry of the provenance.",
                  SSRI_FMT_HTTPS_URL, 0, 0),
         false},
        {"build_log", SSRI_STR("provenance.build-log", "The build's log.", SSRI_FMT_HTTPS_URL, 0, 0), false},
        {"verified",
         SSRI_BOOL("provenance.verified", "The registry verified an attestation of this provenance at upload."),
         false}),
};

static void check_status(ssri_walk *w, const cJSON *status)
{
    const char *state = ssri_get_string(status, "state");
    const cJSON *reason = ssri_get(status, "reason");
    if (state != NULL && strcmp(state, "deleted") == 0 && reason == NULL)
        ssri_flag(w, SSR_SEVERITY_ERROR, "status.reason", "missing", status, false, NULL,
                  "Expected a reason for a deleted release, found none.");
    if (state != NULL && strcmp(state, "active") == 0 && reason != NULL && !cJSON_IsTrue(ssri_get(status, "deprecated")))
        ssri_flag(w, SSR_SEVERITY_ERROR, "status.reason", "unexpected", reason, true, "reason",
                  "Expected no reason for an active release that is not deprecated, found one.");
    if (state != NULL && strcmp(state, "deprecated") == 0)
        ssri_flag(w, SSR_SEVERITY_WARNING, "status.state", "deprecated", ssri_get(status, "state"), false, "state",
                  "Expected \"deprecated\": true beside the state (active, yanked...), found the state \"deprecated\": "
                  "it is read as active and deprecated.");
    const cJSON *advisories = ssri_get(status, "advisories");
    if (cJSON_IsString(reason) && strcmp(reason->valuestring, "malware") == 0 &&
        (advisories == NULL || (cJSON_IsArray(advisories) && advisories->child == NULL)))
        ssri_flag(w, SSR_SEVERITY_WARNING, "status.advisories", "missing", status, false, NULL,
                  "Expected an OSV advisory (MAL-...) citing the malware, found none.");
}

static const ssri_node status_node = {
    .type = SSRI_OBJECT,
    .stem = "status",
    .title = "The lifecycle of the release.",
    .members = SSRI_MEMBERS(
        {"state", SSRI_ENUM("status.state", NULL, "active", "yanked", "deprecated", "deleted"), true},
        {"since", SSRI_STR("status.since", "When the state began.", SSRI_FMT_TIMESTAMP, 0, 0), false},
        {"reason",
         SSRI_OPEN_ENUM("status.reason", NULL, "malware", "security", "legal", "broken", "superseded",
                   "maintainer-request", "other", "unknown"),
         false},
        {"message", SSRI_PROSE("status.message", "A note for users, of one or more lines.", 4096), false},
        {"advisories",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "status.advisories", .unique = true,
                            .title = "OSV ids of advisories about this release.",
                            .items = SSRI_STR("status.advisory", NULL, SSRI_FMT_ADVISORY_ID, 0, 0)},
         false},
        {"replacement", SSRI_TEXT("status.replacement", "What to use instead (a package name or purl).", 1024),
         false},
        {"deprecated", SSRI_BOOL("status.deprecated", "Deprecated by its maintainers, whatever the state."), false},
        {"actor", SSRI_OPEN_ENUM("status.actor", "Who set the state.", "maintainer", "registry"), false}),
    .check = check_status,
    .schema_extra =
        "\"allOf\":[{\"if\":{\"properties\":{\"state\":{\"const\":\"deleted\"}},\"required\":[\"state\"]},"
        "\"then\":{\"required\":[\"reason\"]}},"
        "{\"if\":{\"properties\":{\"state\":{\"const\":\"active\"},\"deprecated\":{\"not\":{\"const\":true}}},"
        "\"required\":[\"state\"]},\"then\":{\"not\":{\"required\":[\"reason\"]}}}]",
};

/* The project's state (PEP 792), beside the version's own. */
static const ssri_node project_status_node = {
    .type = SSRI_OBJECT,
    .stem = "project-status",
    .title = "The state of the whole project (PEP 792): every version of it.",
    .members = SSRI_MEMBERS(
        {"state", SSRI_ENUM("project-status.state", NULL, "active", "archived", "quarantined", "deprecated"), true},
        {"since", SSRI_STR("project-status.since", "When the state began.", SSRI_FMT_TIMESTAMP, 0, 0), false},
        {"message", SSRI_PROSE("project-status.message", "A note for users, of one or more lines.", 4096), false},
        {"advisories",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "project-status.advisories", .unique = true,
                            .title = "OSV ids of the advisories behind the state (a quarantine's malware report).",
                            .items = SSRI_STR("project-status.advisory", NULL, SSRI_FMT_ADVISORY_ID, 0, 0)},
         false},
        {"actor", SSRI_OPEN_ENUM("project-status.actor", "Who set the state.", "maintainer", "registry"), false}),
};

/* ---- package URL agreement ---------------------------------------------- */

/* The purl type of an OSV ecosystem, or NULL when the purl spec has none. */
static const char *purl_type_of(const char *ecosystem)
{
    static const char *const map[][2] = {
        {"npm", "npm"},         {"PyPI", "pypi"},         {"crates.io", "cargo"},   {"RubyGems", "gem"},
        {"Maven", "maven"},     {"Go", "golang"},         {"NuGet", "nuget"},       {"Packagist", "composer"},
        {"Hex", "hex"},         {"Pub", "pub"},           {"CRAN", "cran"},         {"Hackage", "hackage"},
        {"SwiftURL", "swift"},  {"ConanCenter", "conan"}, {"GitHub Actions", "github"},
        {"Bioconductor", "bioconductor"}, {"Debian", "deb"}, {"Ubuntu", "deb"},     {"Alpine", "apk"},
        {"opam", "opam"},       {"Julia", "julia"},
    };
    size_t n = strcspn(ecosystem, ":");
    for (size_t i = 0; i < SSRI_ARRAY_LEN(map); i++)
        if (strlen(map[i][0]) == n && strncmp(ecosystem, map[i][0], n) == 0)
            return map[i][1];
    return NULL;
}

static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool pep503_separator(char c)
{
    return c == '-' || c == '_' || c == '.';
}

/* Equal under PEP 503 normalization: case folded, each run of '-', '_' and '.' one '-'. */
static bool pep503_equal(const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        if (pep503_separator(*a) && pep503_separator(*b)) {
            while (pep503_separator(*a))
                a++;
            while (pep503_separator(*b))
                b++;
        } else if (fold(*a++) != fold(*b++)) {
            return false;
        }
    }
    return *a == '\0' && *b == '\0';
}

static bool ascii_equal_ci(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if (fold(*a) != fold(*b))
            return false;
    return *a == *b;
}

/* Does the purl name the declared package, spelt as the ecosystem spells names (@scope/name, group:artifact)? */
static bool names_agree(const char *type, const char *declared, const ssr_purl *purl, ssri_buf *spelt)
{
    const char *ns = ssr_purl_component(purl, SSR_PURL_NAMESPACE), *name = ssr_purl_component(purl, SSR_PURL_NAME);
    if (ns != NULL) {
        ssri_buf_puts(spelt, ns);
        ssri_buf_putc(spelt, strcmp(type, "maven") == 0 ? ':' : '/');
    }
    ssri_buf_puts(spelt, name);
    ssri_buf_putc(spelt, '\0');
    if (spelt->failed)
        return true; /* out of memory: the caller reports it */
    if (strcmp(type, "pypi") == 0)
        return pep503_equal(declared, spelt->data);
    if (strcmp(type, "nuget") == 0)
        return ascii_equal_ci(declared, spelt->data);
    return strcmp(declared, spelt->data) == 0;
}

static void check_purl(ssri_walk *w, const cJSON *root)
{
    const cJSON *package = ssri_get(root, "package");
    const cJSON *purl_node = ssri_get(package, "purl");
    const char *ecosystem = ssri_get_string(package, "ecosystem");
    const char *name = ssri_get_string(package, "name");
    const char *version = ssri_get_string(root, "version");
    ssr_purl *purl = NULL;
    ssri_purl_error err;
    if (!cJSON_IsString(purl_node))
        return;
    int status = ssri_purl_parse(purl_node->valuestring, strlen(purl_node->valuestring), 0, &purl, &err);
    if (status != SSR_OK) { /* a purl that does not parse is its own format error */
        if (status == SSR_ENOMEM)
            w->check->status = SSR_ENOMEM;
        return;
    }
    size_t mark = ssri_push_name(w, "package");
    const char *type = ecosystem != NULL ? purl_type_of(ecosystem) : NULL;
    const char *purl_type = ssr_purl_component(purl, SSR_PURL_TYPE);
    ssri_buf spelt = {0};
    if (type != NULL && strcmp(type, purl_type) != 0) {
        ssri_flag(w, SSR_SEVERITY_ERROR, "package.purl", "type-mismatch", purl_node, false, "purl",
                  "Expected purl type \"%s\" for ecosystem %s, found \"%.80s\".", type, ecosystem, purl_type);
    } else if (type != NULL && name != NULL && !names_agree(type, name, purl, &spelt)) {
        ssri_flag(w, SSR_SEVERITY_ERROR, "package.purl", "name-mismatch", purl_node, false, "purl",
                  "Expected the purl to name package \"%.80s\", found \"%.80s\".", name, spelt.data);
    }
    if (spelt.failed)
        w->check->status = SSR_ENOMEM;
    ssri_buf_release(&spelt);
    const char *purl_version = ssr_purl_component(purl, SSR_PURL_VERSION);
    bool folded = ssri_purl_folds(purl_type, SSR_PURL_VERSION); /* pkg:pypi/x@1.0RC1 is written 1.0rc1 */
    if (purl_version != NULL && version != NULL &&
        (folded ? !ascii_equal_ci(purl_version, version) : strcmp(purl_version, version) != 0))
        ssri_flag(w, SSR_SEVERITY_ERROR, "package.purl", "version-mismatch", purl_node, false, "purl",
                  "Expected the purl's version to be \"%.80s\", found \"%.80s\".", version, purl_version);
    ssr_purl_free(purl);
    ssri_pop(w, mark);
}

/* ---- the document ------------------------------------------------------- */

static void check_release(ssri_walk *w, const cJSON *root)
{
    const cJSON *artifacts = ssri_get(root, "artifacts");
    const char *state = ssri_get_string(ssri_get(root, "status"), "state");
    bool deleted = state != NULL && strcmp(state, "deleted") == 0;
    if (cJSON_IsArray(artifacts) && artifacts->child == NULL && !deleted)
        ssri_flag(w, SSR_SEVERITY_ERROR, "artifacts", "empty", artifacts, false, "artifacts",
                  "Expected at least one artifact (only a deleted release may have none), found none.");
    else if (cJSON_IsArray(artifacts) && artifacts->child == NULL)
        ssri_flag(w, SSR_SEVERITY_WARNING, "artifacts", "deleted-empty", artifacts, false, "artifacts",
                  "Expected a deleted release to keep its artifacts' names and digests (to recognize the files "
                  "elsewhere), found none.");
    check_purl(w, root);
}

static const ssri_node release_root = {
    .type = SSRI_OBJECT,
    .stem = "document",
    .title = "One package version as a registry serves it.",
    .members = SSRI_MEMBERS(
        {"ssr", SSRI_KIND_VERSION("release/v1"), true},
        {"package",
         &(const ssri_node){
             .type = SSRI_OBJECT,
             .stem = "package",
             .members = SSRI_MEMBERS(
                 {"ecosystem", SSRI_STR("package.ecosystem", "An OSV ecosystem name.", SSRI_FMT_ECOSYSTEM, 0, 0),
                  true},
                 {"name", SSRI_NAME("package.name", "The package name as the registry spells it.", SSRI_FMT_TEXT, 1, 512), true},
                 {"purl",
                  SSRI_STR("package.purl", "The package URL of this version.", SSRI_FMT_PURL, 1, 1024), false}),
         },
         true},
        {"version", SSRI_NAME("version", "The version as the registry spells it.", SSRI_FMT_TEXT, 1, 256), true},
        {"published", SSRI_STR("published", "When the version was published.", SSRI_FMT_TIMESTAMP, 0, 0), true},
        {"artifacts",
         &(const ssri_node){.type = SSRI_ARRAY, .stem = "artifacts", .items = &artifact_node,
                            .check = check_artifacts},
         true},
        {"publisher", &publisher_node, true},
        {"provenance", &provenance_node, false},
        {"status", &status_node, true},
        {"registry", SSRI_STR("registry", "The index that asserts this document (its base URL).", SSRI_FMT_HTTPS_URL,
                              0, 0),
         false},
        {"project_status", &project_status_node, false}),
    .check = check_release,
    .schema_extra = "\"if\":{\"properties\":{\"status\":{\"properties\":{\"state\":{\"const\":\"deleted\"}},"
                    "\"required\":[\"state\"]}},\"required\":[\"status\"]},"
                    "\"else\":{\"properties\":{\"artifacts\":{\"minItems\":1}}}",
};

static const struct ssri_extra_code release_codes[] = {
    {"extension-name", SSR_SEVERITY_WARNING, false},
    {"digests.strong-missing", SSR_SEVERITY_WARNING, false},
    {"digests.empty", SSR_SEVERITY_ERROR, false},
    {"digest.weak", SSR_SEVERITY_WARNING, false},
    {"digest.unknown", SSR_SEVERITY_WARNING, false},
    {"digest.type", SSR_SEVERITY_ERROR, false},
    {"digest.alias-conflict", SSR_SEVERITY_ERROR, true},
    {"artifact.filename.duplicate", SSR_SEVERITY_ERROR, true},
    {"status.reason.missing", SSR_SEVERITY_ERROR, false},
    {"status.reason.unexpected", SSR_SEVERITY_ERROR, false},
    {"status.advisories.missing", SSR_SEVERITY_WARNING, false},
    {"artifacts.empty", SSR_SEVERITY_ERROR, false},
    {"artifacts.deleted-empty", SSR_SEVERITY_WARNING, false},
    {"status.state.deprecated", SSR_SEVERITY_WARNING, false},
    {"signature.empty", SSR_SEVERITY_ERROR, false},
    {"package.purl.type-mismatch", SSR_SEVERITY_ERROR, true},
    {"package.purl.name-mismatch", SSR_SEVERITY_ERROR, true},
    {"package.purl.version-mismatch", SSR_SEVERITY_ERROR, true},
    {NULL, 0, false},
};

/* The parser behind the purl format of `package.purl`. */
static int purl_check(const char *s, char *message, size_t size)
{
    ssr_purl *purl = NULL;
    ssri_purl_error err = {0};
    int status = ssri_purl_parse(s, strlen(s), 0, &purl, &err);
    ssr_purl_free(purl);
    if (status == SSR_EINVALID)
        snprintf(message, size, "%s", err.message);
    return status;
}

const ssri_native ssri_release_kind = {
    .name = "release",
    .root = &release_root,
    .own_schema = true,
    .near_miss_severity = SSR_SEVERITY_ERROR,
    .extra_codes = release_codes,
    .purl_check = purl_check,
};

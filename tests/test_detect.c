/*
 * Detection (schema/SPEC.md section 9, "Detection"): a document carrying a
 * mark of one kind is validated as that kind, two kinds' marks are an
 * error naming both, no mark is an error unless plain JSON was asked for.
 * The property behind it: removing any one member, at any depth, of a
 * valid document of any kind gives the verdict and the kind that
 * validating with the kind named gives.
 */
#include <dirent.h>

#include <cjson/cJSON.h>

#include "support.h"

static const char *vectors_dir, *examples_dir;

typedef struct detect_case {
    const char *name;
    const char *doc;
    int kind;
    const char *code; /* a diagnostic the report must hold; NULL: valid */
    const char *pointer;
    size_t line, column;
} detect_case;

static bool report_has(const ssr_report *r, const detect_case *c)
{
    for (size_t i = 0; i < ssr_report_count(r); i++)
        if (strcmp(ssr_diag_code(r, i), c->code) == 0 && strcmp(ssr_diag_pointer(r, i), c->pointer) == 0 &&
            ssr_diag_line(r, i) == c->line && ssr_diag_column(r, i) == c->column)
            return true;
    return false;
}

#define BUNDLE_MATERIAL                                                                                             \
    "{\"certificate\":{\"rawBytes\":\"MIIB\"},\"timestampVerificationData\":{\"rfc3161Timestamps\":[{"          \
    "\"signedTimestamp\":\"MIIB\"}]}}"
#define ENVELOPE "{\"payload\":\"aGk=\",\"payloadType\":\"text/plain\",\"signatures\":[{\"sig\":\"aGk=\"}]}"

static const detect_case cases[] = {
    {"no mark", "{\"name\": \"x\"}", SSR_KIND_JSON, "kind.undetected", "", 1, 1},
    {"empty object", "{}", SSR_KIND_JSON, "kind.undetected", "", 1, 1},
    {"array", " [1]", SSR_KIND_JSON, "kind.undetected", "", 1, 2},
    {"string", "\"release/v1\"", SSR_KIND_JSON, "kind.undetected", "", 1, 1},
    {"unknown ssr", "{\"ssr\": \"widget/v1\"}", SSR_KIND_JSON, "kind.unknown", "/ssr", 1, 9},
    {"unknown ssr with release marks", "{\"ssr\": \"widget/v1\", \"package\": {}}", SSR_KIND_RELEASE,
     "release.ssr.const", "/ssr", 1, 9},
    {"ssr in capitals", "{\"SSR\": \"release/v1\"}", SSR_KIND_RELEASE, "release.near-miss", "/SSR", 1, 2},
    {"release without ssr", "{\"package\": {}, \"version\": \"1\"}", SSR_KIND_RELEASE, "release.ssr.required", "", 1,
     1},
    {"policy id is not an OSV mark", "{\"id\": \"p1\", \"provider\": \"custom\"}", SSR_KIND_TRUSTED_PUBLISHER,
     "trusted-publisher.ssr.required", "", 1, 1},
    {"OSV id alone", "{\"id\": \"MAL-2025-1\"}", SSR_KIND_OSV, "osv.modified.required", "", 1, 1},
    {"OSV modified alone", "{\"modified\": \"2025-01-01T00:00:00Z\"}", SSR_KIND_OSV, "osv.id.required", "", 1, 1},
    {"OSV array", "[{\"id\": \"MAL-2025-1\", \"modified\": \"2025-01-01T00:00:00Z\"}]", SSR_KIND_OSV,
     "osv.document.type", "", 1, 1},
    {"array of something else", "[{\"payloadType\": \"x\"}]", SSR_KIND_JSON, "kind.undetected", "", 1, 1},
    {"statement without _type", "{\"subject\": [], \"predicateType\": \"https://e.com/p\"}",
     SSR_KIND_IN_TOTO_STATEMENT, "in-toto-statement.type.required", "", 1, 1},
    {"envelope without payloadType", "{\"payload\": \"aGk=\", \"signatures\": [{\"sig\": \"aGk=\"}]}",
     SSR_KIND_DSSE_ENVELOPE, "dsse-envelope.payload-type.required", "", 1, 1},
    {"envelope type in capitals", "{\"PayloadType\": \"x\"}", SSR_KIND_DSSE_ENVELOPE, "dsse-envelope.near-miss",
     "/PayloadType", 1, 2},
    {"bundle without verificationMaterial",
     "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"dsseEnvelope\": " ENVELOPE "}",
     SSR_KIND_SIGSTORE_BUNDLE, "sigstore-bundle.verification-material.required", "", 1, 1},
    {"bundle without mediaType", "{\"verificationMaterial\": " BUNDLE_MATERIAL ", \"dsseEnvelope\": " ENVELOPE "}",
     SSR_KIND_SIGSTORE_BUNDLE, "sigstore-bundle.media-type.required", "", 1, 1},
    /* the proto field name, which the protobuf JSON mapping accepts: read as verificationMaterial (a warning) */
    {"bundle with a PEP 740 spelling",
     "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verification_material\": {}, "
     "\"dsseEnvelope\": " ENVELOPE "}",
     SSR_KIND_SIGSTORE_BUNDLE, "sigstore-bundle.verification-material.not-one", "/verificationMaterial", 1, 89},
    {"attestation without envelope", "{\"version\": 1, \"verification_material\": {}}", SSR_KIND_PEP740_ATTESTATION,
     "pep740-attestation.envelope.required", "", 1, 1},
    {"provenance without bundles", "{\"version\": 1}", SSR_KIND_PEP740_PROVENANCE,
     "pep740-provenance.attestation-bundles.required", "", 1, 1},
    {"bare SLSA v0.2 without builder", "{\"buildType\": \"https://e.com/t\"}", SSR_KIND_SLSA_PROVENANCE,
     "slsa-provenance.slsa02.builder.required", "", 1, 1},
    {"statement and npm marks", "{\"_type\": \"https://in-toto.io/Statement/v1\", \"attestations\": []}",
     SSR_KIND_JSON, "kind.ambiguous", "", 1, 1},
    {"release and policy marks", "{\"ssr\": \"release/v1\", \"provider\": \"custom\"}", SSR_KIND_JSON,
     "kind.ambiguous", "", 1, 1},
    {"two spellings of one member", "{\"verificationMaterial\": {}, \"verification_material\": {}}", SSR_KIND_JSON,
     "kind.ambiguous", "", 1, 1},
    {"truncated bundle", "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verif",
     SSR_KIND_SIGSTORE_BUNDLE, "json.unexpected-end", "", 1, 70},
};

static void marks_decide_the_kind(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const detect_case *c = &cases[i];
        ssr_report *r = NULL;
        assert_int_equal(ssr_validate(c->doc, strlen(c->doc), SSR_KIND_AUTO, NULL, &r), SSR_OK);
        bool ok = ssr_report_kind(r) == c->kind && !ssr_report_valid(r) && report_has(r, c);
        if (!ok) {
            failures++;
            printf("FAIL %s: kind %s, valid %d:\n", c->name, ssr_kind_name(ssr_report_kind(r)), ssr_report_valid(r));
            for (size_t d = 0; d < ssr_report_count(r); d++)
                printf("  %s %s %zu:%zu %s\n", ssr_diag_code(r, d), ssr_diag_pointer(r, d), ssr_diag_line(r, d),
                       ssr_diag_column(r, d), ssr_diag_message(r, d));
        }
        ssr_report_free(r);
    }
    assert_int_equal(failures, 0);
}

static void ambiguity_names_both_kinds(void **state)
{
    (void)state;
    const char *doc = "{\"_type\": \"https://in-toto.io/Statement/v1\", \"attestations\": []}";
    ssr_report *r = NULL;
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_AUTO, NULL, &r), SSR_OK);
    assert_int_equal(ssr_report_count(r), 1);
    assert_string_equal(ssr_diag_message(r, 0), "Expected the members of one kind, found \"_type\" of "
                                                "in-toto-statement and \"attestations\" of npm-attestations.");
    ssr_report_free(r);
    /* Asked for plain JSON, the same document is valid. */
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_JSON, NULL, &r), SSR_OK);
    assert_true(ssr_report_valid(r));
    ssr_report_free(r);
}

/* Validates `doc` with its kind named and detected: the two must agree. Returns 1 on a disagreement. */
static size_t agrees(const char *doc, int kind, const char *what)
{
    ssr_report *named = NULL, *detected = NULL;
    assert_int_equal(ssr_validate(doc, strlen(doc), kind, NULL, &named), SSR_OK);
    assert_int_equal(ssr_validate(doc, strlen(doc), SSR_KIND_AUTO, NULL, &detected), SSR_OK);
    bool same = ssr_report_kind(detected) == kind && ssr_report_valid(detected) == ssr_report_valid(named) &&
                ssr_report_count(detected) == ssr_report_count(named);
    if (!same)
        printf("FAIL %s: named %s gives %s, detection gives %s %s (%s)\n", what, ssr_kind_name(kind),
               ssr_report_valid(named) ? "valid" : "invalid", ssr_kind_name(ssr_report_kind(detected)),
               ssr_report_valid(detected) ? "valid" : "invalid",
               ssr_report_count(detected) > 0 ? ssr_diag_code(detected, 0) : "no diagnostic");
    ssr_report_free(named);
    ssr_report_free(detected);
    return !same;
}

/* The node reached from `root` by the child indexes path[0..depth). */
static cJSON *at_path(cJSON *root, const int *path, size_t depth)
{
    for (size_t i = 0; i < depth; i++)
        root = cJSON_GetArrayItem(root, path[i]);
    return root;
}

/*
 * Removes each member of the node at `path` (and, recursively, of every
 * object below it) in turn, from a copy of the whole document.
 */
static size_t remove_each(cJSON *root, int *path, size_t depth, int kind, const char *what, size_t *removals)
{
    size_t failures = 0;
    cJSON *node = at_path(root, path, depth);
    int i = 0;
    for (cJSON *child = node->child; child != NULL && depth < 32; child = child->next, i++) {
        /* the one member of a one-member document leaves nothing to detect */
        if (cJSON_IsObject(node) && !(depth == 0 && cJSON_GetArraySize(root) == 1)) {
            cJSON *copy = cJSON_Duplicate(root, true);
            assert_non_null(copy);
            cJSON_DeleteItemFromArray(at_path(copy, path, depth), i);
            char *doc = cJSON_PrintUnformatted(copy);
            char label[512];
            snprintf(label, sizeof label, "%s without member \"%s\" at depth %zu", what, child->string, depth);
            failures += agrees(doc, kind, label);
            (*removals)++;
            cJSON_free(doc);
            cJSON_Delete(copy);
        }
        if (cJSON_IsObject(child) || cJSON_IsArray(child)) {
            path[depth] = i;
            failures += remove_each(root, path, depth + 1, kind, what, removals);
        }
    }
    return failures;
}

static size_t check_document(const char *file, int kind, const char *what, size_t *removals)
{
    size_t len;
    char *data = read_file(file, &len);
    cJSON *root = cJSON_ParseWithLength(data, len);
    assert_non_null(root);
    int path[32];
    size_t failures = agrees(data, kind, what);
    failures += remove_each(root, path, 0, kind, what, removals);
    cJSON_Delete(root);
    free(data);
    return failures;
}

static void removing_a_member_keeps_the_kind(void **state)
{
    (void)state;
    size_t documents = 0, removals = 0, failures = 0;
    char path[8192];
    DIR *kinds = opendir(vectors_dir);
    assert_non_null(kinds);
    for (struct dirent *k; (k = readdir(kinds)) != NULL;) {
        int kind = ssr_kind_from_name(k->d_name, strlen(k->d_name));
        if (k->d_name[0] == '.' || kind <= SSR_KIND_JSON)
            continue;
        snprintf(path, sizeof path, "%s/%s", vectors_dir, k->d_name);
        DIR *d = opendir(path);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            size_t n = strlen(e->d_name);
            if (n < 11 || strcmp(e->d_name + n - 11, ".base.input") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s/%s", vectors_dir, k->d_name, e->d_name);
            failures += check_document(path, kind, e->d_name, &removals);
            documents++;
        }
        closedir(d);
    }
    closedir(kinds);
    DIR *d = opendir(examples_dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        static const char *const prefixes[] = {"release", "trusted-publisher", "repository-profile"};
        for (size_t i = 0; i < 3; i++)
            if (strncmp(e->d_name, prefixes[i], strlen(prefixes[i])) == 0) {
                snprintf(path, sizeof path, "%s/%s", examples_dir, e->d_name);
                failures += check_document(path, ssr_kind_from_name(prefixes[i], strlen(prefixes[i])), e->d_name,
                                           &removals);
                documents++;
                break;
            }
    }
    closedir(d);
    printf("%zu documents, %zu removals, %zu disagreements\n", documents, removals, failures);
    assert_true(documents >= 25);
    assert_int_equal(failures, 0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_detect VECTORS_DIR EXAMPLES_DIR\n");
        return 2;
    }
    vectors_dir = argv[1];
    examples_dir = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(marks_decide_the_kind),
        cmocka_unit_test(ambiguity_names_both_kinds),
        cmocka_unit_test(removing_a_member_keeps_the_kind),
    };
    return cmocka_run_group_tests_name("detection", tests, NULL, NULL);
}

/*
 * Messages name what was found (SPEC section 2): the value, clipped, or
 * its defect. Each case is one document, the code and pointer it raises
 * and the exact sentence.
 */
#include "support.h"

typedef struct message_case {
    const char *name;
    int kind;
    const char *doc;
    const char *code;
    const char *pointer;
    const char *message;
} message_case;

#define DSSE(sig) "{\"payload\":\"aGk=\",\"payloadType\":\"text/plain\",\"signatures\":[{\"sig\":\"" sig "\"}]}"
#define BASE64_EXPECTED                                                                                              \
    "Expected base64 in one alphabet (standard or URL-safe) with canonical padding and no white space, found "
#define BUNDLE_INDEX(index)                                                                                          \
    "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"certificate\":"    \
    "{\"rawBytes\":\"MIIB\"},\"tlogEntries\":[{\"logIndex\":\"" index "\",\"logId\":{\"keyId\":\"MIIB\"},"          \
    "\"kindVersion\":{\"kind\":\"hashedrekord\",\"version\":\"0.0.1\"},\"inclusionPromise\":{"                      \
    "\"signedEntryTimestamp\":\"MIIB\"}}]},\"messageSignature\":{\"signature\":\"MIIB\"}}"
#define INDEX_EXPECTED                                                                                               \
    "Expected a non-negative decimal integer of at most 9223372036854775807 without leading zeros, found "
#define SLSA(builder)                                                                                                \
    "{\"buildDefinition\":{\"buildType\":\"https://e.com/t\",\"externalParameters\":{\"a\":1}},\"runDetails\":{"    \
    "\"builder\":{\"id\":" builder "}}}"

static const message_case cases[] = {
    {"base64 white space", SSR_KIND_DSSE_ENVELOPE, DSSE("aGVs bG8="), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "white space at character 5."},
    {"base64 outside the alphabet", SSR_KIND_DSSE_ENVELOPE, DSSE("aGV!"), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "'!' at character 4, outside the base64 alphabet."},
    {"base64 both alphabets", SSR_KIND_DSSE_ENVELOPE, DSSE("+/-_"), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "both alphabets ('+' at character 1 and '-' at character 3)."},
    {"base64 unpadded", SSR_KIND_DSSE_ENVELOPE, DSSE("aGk"), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "3 characters, not a multiple of 4 (padding missing or cut)."},
    {"base64 pad bits", SSR_KIND_DSSE_ENVELOPE, DSSE("aGVsbG8gd29ybGR="), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "non-zero bits after the last byte, in 'R' at character 15."},
    {"base64 inner padding", SSR_KIND_DSSE_ENVELOPE, DSSE("aG==aGk="), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "'=' at character 3, before the end of a whole quad."},
    {"base64 non-ASCII", SSR_KIND_DSSE_ENVELOPE, DSSE("aG\xc3\xa9"), "dsse-envelope.signature.sig.format",
     "/signatures/0/sig", BASE64_EXPECTED "byte 0xC3 at character 3, outside the base64 alphabet."},
    {"log index negative", SSR_KIND_SIGSTORE_BUNDLE, BUNDLE_INDEX("-1"), "sigstore-bundle.tlog-entry.log-index.format",
     "/verificationMaterial/tlogEntries/0/logIndex", INDEX_EXPECTED "a negative number."},
    {"log index overflow", SSR_KIND_SIGSTORE_BUNDLE, BUNDLE_INDEX("9223372036854775808"),
     "sigstore-bundle.tlog-entry.log-index.format", "/verificationMaterial/tlogEntries/0/logIndex",
     INDEX_EXPECTED "a larger value."},
    {"log index non-digit", SSR_KIND_SIGSTORE_BUNDLE, BUNDLE_INDEX("12a"),
     "sigstore-bundle.tlog-entry.log-index.format", "/verificationMaterial/tlogEntries/0/logIndex",
     INDEX_EXPECTED "'a' at character 3."},
    {"log index leading zero", SSR_KIND_SIGSTORE_BUNDLE, BUNDLE_INDEX("012"),
     "sigstore-bundle.tlog-entry.log-index.format", "/verificationMaterial/tlogEntries/0/logIndex",
     INDEX_EXPECTED "a leading zero."},
    {"log index empty", SSR_KIND_SIGSTORE_BUNDLE, BUNDLE_INDEX(""), "sigstore-bundle.tlog-entry.log-index.format",
     "/verificationMaterial/tlogEntries/0/logIndex", INDEX_EXPECTED "an empty string."},
    {"empty builder id", SSR_KIND_SLSA_PROVENANCE, SLSA("\"\""), "slsa-provenance.slsa.builder.id.format",
     "/runDetails/builder/id", "Expected a type URI (RFC 3986, with a scheme and a colon), found an empty string."},
    {"builder id without a scheme", SSR_KIND_SLSA_PROVENANCE, SLSA("\"tekton.dev/v1beta1/TaskRun\""),
     "slsa-provenance.slsa.builder.id.format", "/runDetails/builder/id",
     "Expected a type URI (RFC 3986, with a scheme and a colon), found \"tekton.dev/v1beta1/TaskRun\"."},
    {"long value clipped", SSR_KIND_SLSA_PROVENANCE,
     SLSA("\"0123456789012345678901234567890123456789012345678901234567890123456789\""),
     "slsa-provenance.slsa.builder.id.format", "/runDetails/builder/id",
     "Expected a type URI (RFC 3986, with a scheme and a colon), found "
     "\"012345678901234567890123456789012345678901234567890123456789...\"."},
    {"control characters are shown, not sent", SSR_KIND_SLSA_PROVENANCE, SLSA("\"\\u001b[31mred\""),
     "slsa-provenance.slsa.builder.id.format", "/runDetails/builder/id",
     "Expected a type URI (RFC 3986, with a scheme and a colon), found \"\\u001b[31mred\"."},
    {"git hash", SSR_KIND_OSV,
     "{\"id\":\"OSV-1\",\"modified\":\"2025-01-01T00:00:00Z\",\"affected\":[{\"ranges\":[{\"type\":\"GIT\","
     "\"repo\":\"https://e.com/r\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"v1.0\"}]}]}]}",
     "osv.event.git-hash", "/affected/0/ranges/0/events/1/fixed",
     "Expected a full commit hash (40 or 64 lowercase hex digits) or \"0\" in a GIT range, found \"v1.0\"."},
    {"digest length", SSR_KIND_IN_TOTO_STATEMENT,
     "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"abc\"}}],"
     "\"predicateType\":\"https://e.com/p\"}",
     "in-toto-statement.digest.format", "/subject/0/digest/sha256",
     "Expected sha256 as lowercase hex of the algorithm's length, found \"abc\"."},
    {"release digest length", SSR_KIND_RELEASE,
     "{\"ssr\":\"release/v1\",\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},\"version\":\"1\","
     "\"published\":\"2025-01-01T00:00:00Z\",\"artifacts\":[{\"filename\":\"a.tgz\",\"size\":1,\"digests\":"
     "{\"sha256\":\"abc\"}}],\"publisher\":{\"type\":\"account\",\"account\":\"a\"},\"status\":{\"state\":"
     "\"active\"}}",
     "release.digest.length", "/artifacts/0/digests/sha256", "Expected exactly 64 characters, found 3."},
};

static void messages_name_what_was_found(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const message_case *c = &cases[i];
        ssr_report *r = NULL;
        assert_int_equal(ssr_validate(c->doc, strlen(c->doc), c->kind, NULL, &r), SSR_OK);
        bool found = false;
        for (size_t d = 0; d < ssr_report_count(r) && !found; d++)
            found = strcmp(ssr_diag_code(r, d), c->code) == 0 && strcmp(ssr_diag_pointer(r, d), c->pointer) == 0 &&
                    strcmp(ssr_diag_message(r, d), c->message) == 0;
        if (!found) {
            failures++;
            printf("FAIL %s; want %s %s \"%s\", got:\n", c->name, c->code, c->pointer, c->message);
            for (size_t d = 0; d < ssr_report_count(r); d++)
                printf("  %s %s \"%s\"\n", ssr_diag_code(r, d), ssr_diag_pointer(r, d), ssr_diag_message(r, d));
        }
        ssr_report_free(r);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(messages_name_what_was_found),
    };
    return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}

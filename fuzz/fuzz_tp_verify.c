/*
 * OIDC ID token verification against a fixed JWKS (the jose corpus's four
 * keys) and policy: a clean status whatever the token; a refusal is one
 * jwt.* diagnostic inside the token; a verified token's claims are strict
 * JSON; the decoder agrees with the verifier on what decodes. The JWKS
 * reader takes the same bytes too.
 */
#include "fuzz.h"

static const char jwks_json[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"gha-test-rsa-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":"
    "\"0hBC7e7SjJyds7jNZkPKDdSB67o03lZIjctHNZSf73WIocLj3rnAH_4aN73gSSB7M49fILK_QKguc3Zxv7D4DlWeNgzgvMa7Ko7yNCGGKyF2OvDIj"
    "YOJLObjmDkfzwSdsUOakgBgVdbpIjo94MZGC3Lu2NEPb8nQME5DXQlIa4Qn7ibJiCfVswLygFcF47qWtwgutAP9wVeaX_k66tHq7OVx04GS0Oncau_n"
    "mzxw0L9A83SJyQI7i9L2ugrKwAOfY7QQLgWpyHwxORFuicv2sMl4op8BRXKH7MVdIiQ4WRG5HikiI-l9OAwOIVDN3H2jUlJVjbTeT0CiIRLSreRoQw\","
    "\"e\":\"AQAB\"}]}";
static const char policy[] = "{\"ssr\":\"trusted-publisher/v1\",\"provider\":\"github-actions\",\"issuer\":"
                             "\"https://token.actions.githubusercontent.com\",\"audience\":\"pypi\",\"state\":\"active\","
                             "\"bindings\":[{\"type\":\"package\",\"name\":\"octo\"}],"
                             "\"github\":{\"owner\":\"octo-org\",\"owner_id\":\"123456\",\"repository\":\"octo-repo\","
                             "\"workflow\":\"release.yml\"},\"token\":{\"leeway_seconds\":0,\"require_jti\":true}}";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    static ssr_jwks *jwks;
    static ssr_tp_policy *compiled;
    if (jwks == NULL && (ssr_jwks_parse(jwks_json, sizeof jwks_json - 1, &jwks, NULL) != SSR_OK ||
                         ssr_tp_policy_parse(policy, sizeof policy - 1, &compiled, NULL) != SSR_OK))
        abort();
    ssr_tp_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_verify_token(compiled, jwks, data, len, 1750000000, 0, &result, &report);
    if (status != SSR_OK && status != SSR_ENOMATCH && status != SSR_EVERIFY && status != SSR_EINVAL)
        abort();
    if ((status == SSR_OK || status == SSR_ENOMATCH) && ssr_tp_matched(result) != (status == SSR_OK))
        abort();
    if (status == SSR_EINVAL && memchr(data, '\0', len) == NULL)
        abort(); /* only a NUL byte makes a token an invalid argument */
    if (status == SSR_EVERIFY && (report == NULL || ssr_report_count(report) != 1 || result != NULL))
        abort();
    if (report != NULL)
        fuzz_check_report(report, len);
    if (status == SSR_OK || status == SSR_ENOMATCH) {
        ssr_doc *claims = NULL;
        const char *text = ssr_tp_token_claims(result);
        if (text == NULL || ssr_doc_parse(text, strlen(text), NULL, &claims, NULL) != SSR_OK)
            abort();
        ssr_doc_free(claims);
        char *decoded = NULL;
        if (ssr_tp_decode_token(data, len, &decoded, NULL, NULL) != SSR_OK)
            abort(); /* what verifies decodes */
        ssr_free(decoded);
    }
    ssr_tp_result_free(result);
    ssr_report_free(report);

    ssr_jwks *keys = NULL;
    status = ssr_jwks_parse(data, len, &keys, &report);
    if (status != SSR_OK && status != SSR_EINVALID)
        abort();
    if (report != NULL)
        fuzz_check_report(report, len);
    ssr_report_free(report);
    ssr_jwks_free(keys);
    return 0;
}

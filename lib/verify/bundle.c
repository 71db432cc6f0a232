/*
 * ssr_verify_bundle(): one Sigstore bundle over an artifact, through the
 * evidence pipeline of evidence.c.
 */
#include "kinds/kinds.h"
#include "verify.h"

int ssr_verify_bundle(const ssr_trust_root *root, const ssr_verify_policy *policy, const void *bundle, size_t len,
                      const ssr_artifact *artifact, const ssr_verify_options *options, ssr_verify_result **result,
                      ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (root == NULL || !ssri_policy_usable(policy) || (bundle == NULL && len > 0) || artifact == NULL ||
        result == NULL)
        return SSR_EINVAL;
    ssr_verify_options opts;
    ssri_options_resolve(options, &opts);
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssri_verify_input(bundle, len, SSR_KIND_SIGSTORE_BUNDLE, &doc, &r, report);
    if (status != SSR_OK)
        return status;
    ssr_verify_result *res = ssri_result_new();
    ssri_verified *item = res != NULL ? ssri_result_add(res) : NULL;
    if (item == NULL) {
        ssr_doc_free(doc);
        return ssri_verify_finish(SSR_ENOMEM, r, report, res, result);
    }
    ssri_vctx ctx = {.report = r, .src = bundle, .len = len, .base = "", .options = &opts};
    ssri_evidence ev;
    status = ssri_evidence_read(&ctx, doc->root, false, &ev);
    if (status == SSR_OK)
        status = ssri_verify_evidence(&ctx, root, policy, &ev, artifact, item);
    ssri_evidence_release(&ev);
    ssr_doc_free(doc);
    return ssri_verify_finish(status, r, report, res, result);
}

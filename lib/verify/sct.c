/*
 * A leaf's embedded Signed Certificate Timestamps (RFC 6962), each against
 * the CT log of the trusted root that its log id names. OpenSSL parses the
 * SCTs; the one thing assembled here is the signed data of a
 * precertificate SCT, a TLS-encoded byte string.
 */
#include <string.h>

#include <openssl/ct.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "x509.h"

/*
 * The TBSCertificate of the precertificate the log signed: the leaf's,
 * without its SCT list. The list is taken out of the leaf itself (the
 * bundle's own parsed copy, whose SCTs were read before): nothing after
 * this reads it.
 */
static int precert_tbs(X509 *leaf, unsigned char **der, int *len)
{
    int at = X509_get_ext_by_NID(leaf, NID_ct_precert_scts, -1);
    X509_EXTENSION *ext = at >= 0 ? X509_delete_ext(leaf, at) : NULL;
    X509_EXTENSION_free(ext);
    *der = NULL;
    *len = i2d_re_X509_tbs(leaf, der);
    return *len > 0 ? SSR_OK : SSR_ENOMEM;
}

static void put_u(ssri_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        ssri_buf_putc(b, (char)(unsigned char)(v >> (8 * i)));
}

/* Verifies one SCT over the precertificate: SSR_OK, SSR_EVERIFY, SSR_ENOMEM. */
static int sct_verify(const SCT *sct, const ssri_log *log, const unsigned char issuer_key_hash[32],
                      const unsigned char *tbs, size_t tbs_len)
{
    unsigned char *ext = NULL, *sig = NULL;
    size_t ext_len = SCT_get0_extensions(sct, &ext), sig_len = SCT_get0_signature(sct, &sig);
    if (SCT_get_version(sct) != SCT_VERSION_V1 || log->key == NULL || ext_len > 0xffff || tbs_len > 0xffffff)
        return SSR_EVERIFY;
    ssri_buf b = {0};
    put_u(&b, 0, 1); /* sct_version v1 */
    put_u(&b, 0, 1); /* signature_type certificate_timestamp */
    put_u(&b, SCT_get_timestamp(sct), 8);
    put_u(&b, 1, 2); /* entry_type precert_entry */
    ssri_buf_append(&b, issuer_key_hash, 32);
    put_u(&b, tbs_len, 3);
    ssri_buf_append(&b, tbs, tbs_len);
    put_u(&b, ext_len, 2);
    ssri_buf_append(&b, ext, ext_len);
    if (b.failed) {
        ssri_buf_release(&b);
        return SSR_ENOMEM;
    }
    int status = ssri_key_verify(log->key, b.data, b.len, sig, sig_len);
    ssri_buf_release(&b);
    return status;
}

int ssri_issuer_key_hash(X509 *issuer, unsigned char hash[32])
{
    unsigned char *spki = NULL;
    int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &spki);
    int status = spki_len > 0 && EVP_Digest(spki, (size_t)spki_len, hash, NULL, EVP_sha256(), NULL) == 1 ? SSR_OK
                                                                                                       : SSR_ENOMEM;
    OPENSSL_free(spki);
    return status;
}

int ssri_sct_verify(const ssr_trust_root *root, X509 *leaf, const unsigned char issuer_hash[32], ssri_time *logged)
{
    STACK_OF(SCT) *scts = X509_get_ext_d2i(leaf, NID_ct_precert_scts, NULL, NULL);
    if (scts == NULL)
        return SSR_EVERIFY;
    unsigned char *tbs = NULL;
    int tbs_len = 0;
    int status = precert_tbs(leaf, &tbs, &tbs_len);
    int verdict = SSR_EVERIFY;
    for (int i = 0; status == SSR_OK && verdict != SSR_OK && i < sk_SCT_num(scts); i++) {
        const SCT *sct = sk_SCT_value(scts, i);
        unsigned char *id = NULL;
        size_t id_len = SCT_get0_log_id(sct, &id);
        const ssri_log *log = ssri_find_log(root->ctlogs, root->ctlog_count, id, id_len);
        ssri_time t = {.sec = (int64_t)(SCT_get_timestamp(sct) / 1000),
                       .nsec = (int32_t)(SCT_get_timestamp(sct) % 1000) * 1000000};
        if (log == NULL || !ssri_window_contains(&log->window, t))
            continue;
        verdict = sct_verify(sct, log, issuer_hash, tbs, (size_t)tbs_len);
        if (ssri_call_failed(verdict))
            status = verdict;
        else if (verdict == SSR_OK)
            *logged = t;
    }
    OPENSSL_free(tbs);
    SCT_LIST_free(scts);
    return status != SSR_OK ? status : verdict;
}

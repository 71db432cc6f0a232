/*
 * RFC 3161 timestamps of a bundle: each is a TimeStampResp whose token is
 * signed by a timestamp authority of the trusted root, its chain valid at
 * the time it states (genTime) and that time within the authority's
 * validFor window, and whose message imprint is the digest of the
 * bundle's signature. OpenSSL reads the response and verifies the CMS
 * signature, the chain (to the authority's anchor alone, the embedded
 * certificates only as intermediates) and the ESS signing-certificate
 * binding; what is compared here is the imprint and the window.
 *
 * Every timestamp must verify: one that no trusted authority signed is
 * refused, never skipped.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/ess.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509_vfy.h>

#include "common/base64.h"
#include "schema/schema.h"
#include "verify.h"

#define SSRI_MAX_TIMESTAMP_BYTES 65536

/* A GeneralizedTime "YYYYMMDDHHMMSS[.f+]Z" as a time; false when it is not one. */
static bool generalized_time(const ASN1_GENERALIZEDTIME *g, ssri_time *t)
{
    struct tm tm;
    if (g == NULL || ASN1_TIME_to_tm(g, &tm) != 1)
        return false;
    *t = (ssri_time){.sec = (int64_t)timegm(&tm)};
    const unsigned char *s = ASN1_STRING_get0_data(g);
    int n = ASN1_STRING_length(g);
    if (n > 15 && s[14] == '.') {
        int32_t scale = 100000000;
        for (int i = 15; i < n && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
            t->nsec += (int32_t)(s[i] - '0') * scale;
    }
    return true;
}

/* Does the response's imprint hold the digest of `data` under its own algorithm (SHA-256, -384 or -512)? */
static bool imprint_matches(TS_TST_INFO *info, const unsigned char *data, size_t len)
{
    TS_MSG_IMPRINT *imprint = TS_TST_INFO_get_msg_imprint(info);
    const X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(imprint);
    const ASN1_OCTET_STRING *digest = TS_MSG_IMPRINT_get_msg(imprint);
    int nid = alg != NULL ? OBJ_obj2nid(alg->algorithm) : NID_undef;
    const EVP_MD *md = nid == NID_sha256 ? EVP_sha256() : nid == NID_sha384 ? EVP_sha384() : nid == NID_sha512 ? EVP_sha512() : NULL;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    return md != NULL && digest != NULL && EVP_Digest(data, len, out, &out_len, md, NULL) == 1 &&
           (int)out_len == ASN1_STRING_length(digest) && memcmp(out, ASN1_STRING_get0_data(digest), out_len) == 0;
}

/*
 * Verifies the response's signature against a store trusting `anchor`
 * alone, the chain built from `certs`, at time `at`: SSR_OK, SSR_EVERIFY,
 * SSR_ENOMEM. A store and a context per call (the time lives in the
 * store), so that the root's authorities stay untouched and shared.
 */
static int verify_against(X509 *anchor, STACK_OF(X509) *const given, int count, TS_RESP *resp, ssri_time at)
{
    TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *certs = sk_X509_new_null();
    if (ctx == NULL || store == NULL || certs == NULL || X509_STORE_add_cert(store, anchor) != 1 ||
        X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN) != 1)
        goto nomem;
    for (int i = 0; i < count; i++) {
        X509 *c = sk_X509_value(given, i);
        if (sk_X509_push(certs, c) == 0)
            goto nomem;
        X509_up_ref(c);
    }
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), (time_t)at.sec);
    TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE);
    /* the context owns both from here (the set0 names from OpenSSL 3.4, which deprecates the others) */
#if OPENSSL_VERSION_NUMBER >= 0x30400000L
    TS_VERIFY_CTX_set0_store(ctx, store);
    TS_VERIFY_CTX_set0_certs(ctx, certs);
#else
    TS_VERIFY_CTX_set_store(ctx, store);
    TS_VERIFY_CTX_set_certs(ctx, certs);
#endif
    int ok = TS_RESP_verify_response(ctx, resp);
    TS_VERIFY_CTX_free(ctx);
    return ok == 1 ? SSR_OK : SSR_EVERIFY;
nomem:
    sk_X509_pop_free(certs, X509_free);
    X509_STORE_free(store);
    TS_VERIFY_CTX_free(ctx);
    return SSR_ENOMEM;
}

/* The signed attribute `nid` of a SignerInfo as the DER of its SEQUENCE value, or NULL. */
static const ASN1_STRING *sequence_attribute(PKCS7_SIGNER_INFO *si, int nid)
{
    const ASN1_TYPE *t = PKCS7_get_signed_attribute(si, nid);
    return t != NULL && t->type == V_ASN1_SEQUENCE ? t->value.sequence : NULL;
}

/*
 * Is the ESS signing-certificate attribute (v1 or v2, RFC 5035) there and
 * does its first ID name `signer`, the others certificates of the chain?
 */
static bool names_signer(PKCS7_SIGNER_INFO *si, STACK_OF(X509) *chain)
{
    const ASN1_STRING *v1 = sequence_attribute(si, NID_id_smime_aa_signingCertificate);
    const ASN1_STRING *v2 = sequence_attribute(si, NID_id_smime_aa_signingCertificateV2);
    const unsigned char *p = v1 != NULL ? ASN1_STRING_get0_data(v1) : NULL;
    ESS_SIGNING_CERT *ss = v1 != NULL ? d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(v1)) : NULL;
    p = v2 != NULL ? ASN1_STRING_get0_data(v2) : NULL;
    ESS_SIGNING_CERT_V2 *ssv2 = v2 != NULL ? d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(v2)) : NULL;
    bool ok = (v1 == NULL || ss != NULL) && (v2 == NULL || ssv2 != NULL) &&
              OSSL_ESS_check_signing_certs(ss, ssv2, chain, 1) > 0;
    ESS_SIGNING_CERT_free(ss);
    ESS_SIGNING_CERT_V2_free(ssv2);
    return ok;
}

/*
 * The token's signature by the authority's first certificate, checked
 * here with the key prepared when the root was built: what
 * TS_RESP_verify_response checks with TS_VFY_VERSION | TS_VFY_SIGNATURE,
 * less the chain, verified once for time-stamping then (signer_ok). A
 * granted status, TSTInfo version 1, one SignerInfo naming that
 * certificate by issuer and serial, the content present and of type
 * TSTInfo, the ESS signing-certificate attribute naming the certificate,
 * the message-digest attribute matching the content, and the signature
 * over the DER of the signed attributes (the content-type attribute is
 * content_type_signed's, for either path).
 * SSR_OK, SSR_EVERIFY, SSR_ENOMEM; SSR_EINVALID when the token is not
 * one this check reads (another signer, an algorithm it does not know):
 * OpenSSL's whole check then decides.
 */
static int token_signed_by(const ssri_authority *a, TS_RESP *resp, TS_TST_INFO *info)
{
    X509 *signer = sk_X509_value(a->certs, 0);
    const ASN1_INTEGER *status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp));
    long granted = status != NULL ? ASN1_INTEGER_get(status) : -1;
    if ((granted != TS_STATUS_GRANTED && granted != TS_STATUS_GRANTED_WITH_MODS) || TS_TST_INFO_get_version(info) != 1)
        return SSR_EVERIFY;
    PKCS7 *token = TS_RESP_get_token(resp);
    if (token == NULL || !PKCS7_type_is_signed(token) || PKCS7_get_detached(token))
        return SSR_EVERIFY;
    STACK_OF(PKCS7_SIGNER_INFO) *infos = PKCS7_get_signer_info(token);
    PKCS7 *content = token->d.sign->contents;
    if (infos == NULL || sk_PKCS7_SIGNER_INFO_num(infos) != 1 || content == NULL ||
        OBJ_obj2nid(content->type) != NID_id_smime_ct_TSTInfo || content->d.other == NULL ||
        content->d.other->type != V_ASN1_OCTET_STRING)
        return SSR_EVERIFY;
    PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(infos, 0);
    if (si->issuer_and_serial == NULL || X509_NAME_cmp(si->issuer_and_serial->issuer, X509_get_issuer_name(signer)) != 0 ||
        ASN1_INTEGER_cmp(si->issuer_and_serial->serial, X509_get0_serialNumber(signer)) != 0 || a->first_key == NULL)
        return SSR_EINVALID;
    int nid = OBJ_obj2nid(si->digest_alg->algorithm);
    const EVP_MD *md = nid == NID_sha256 ? EVP_sha256() : nid == NID_sha384 ? EVP_sha384() : nid == NID_sha512 ? EVP_sha512() : NULL;
    if (md == NULL)
        return SSR_EINVALID;
    md = ssri_fetched(md);
    if (sk_X509_ATTRIBUTE_num(si->auth_attr) <= 0 || !names_signer(si, a->certs))
        return SSR_EVERIFY;
    const ASN1_OCTET_STRING *tst = content->d.other->value.octet_string;
    const ASN1_OCTET_STRING *claimed = PKCS7_digest_from_attributes(si->auth_attr);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(ASN1_STRING_get0_data(tst), (size_t)ASN1_STRING_length(tst), digest, &digest_len, md, NULL) != 1)
        return SSR_ENOMEM;
    if (claimed == NULL || ASN1_STRING_length(claimed) != (int)digest_len ||
        memcmp(ASN1_STRING_get0_data(claimed), digest, digest_len) != 0)
        return SSR_EVERIFY;
    /* the signature is over the signed attributes, DER-encoded as a SET OF */
    unsigned char *attrs = NULL;
    int attrs_len = ASN1_item_i2d((ASN1_VALUE *)si->auth_attr, &attrs, ASN1_ITEM_rptr(PKCS7_ATTR_VERIFY));
    if (attrs_len <= 0)
        return SSR_ENOMEM;
    int ok = EVP_Digest(attrs, (size_t)attrs_len, digest, &digest_len, md, NULL);
    OPENSSL_free(attrs);
    if (ok != 1)
        return SSR_ENOMEM;
    ssri_sig_params params = {.md = md, .padding = RSA_PKCS1_PADDING};
    return ssri_verify_digest(a->first_key, &params, digest, digest_len, ASN1_STRING_get0_data(si->enc_digest),
                              (size_t)ASN1_STRING_length(si->enc_digest));
}

/*
 * Does the token's one SignerInfo carry the content-type attribute, and
 * does it name TSTInfo? RFC 5652 5.3 requires it of signed attributes,
 * and binds the content's type into what is signed; OpenSSL's
 * PKCS7_signatureVerify does not look.
 */
static bool content_type_signed(TS_RESP *resp)
{
    PKCS7 *token = TS_RESP_get_token(resp);
    STACK_OF(PKCS7_SIGNER_INFO) *infos = token != NULL && PKCS7_type_is_signed(token) ? PKCS7_get_signer_info(token) : NULL;
    if (infos == NULL || sk_PKCS7_SIGNER_INFO_num(infos) != 1)
        return false;
    const ASN1_TYPE *type = PKCS7_get_signed_attribute(sk_PKCS7_SIGNER_INFO_value(infos, 0), NID_pkcs9_contentType);
    return type != NULL && type->type == V_ASN1_OBJECT && OBJ_obj2nid(type->value.object) == NID_id_smime_ct_TSTInfo;
}

/*
 * Verifies the response against one authority at time `at`. When the
 * authority's own signer (its first certificate, whose chain verified once
 * when the root was built) signed it and the whole chain is valid at `at`,
 * the token's signature against that certificate suffices; otherwise, and
 * for a token some other certificate of the chain signed, OpenSSL
 * validates the whole path from the token's signer to the anchor.
 */
static int signed_by(const ssri_authority *a, TS_RESP *resp, TS_TST_INFO *info, const unsigned char *der, size_t len,
                     ssri_time at)
{
    int n = sk_X509_num(a->certs);
    if (n == 0)
        return SSR_EVERIFY;
    if (a->signer_ok && ssri_time_cmp(at, a->chain_from) >= 0 && ssri_time_cmp(at, a->chain_until) <= 0) {
        int status = token_signed_by(a, resp, info);
        if (status == SSR_OK || status == SSR_ENOMEM)
            return status;
    }
    /* OpenSSL's whole check, on the response as d2i_TS_RESP reads it (the embedded certificates' keys decoded) */
    const unsigned char *p = der;
    TS_RESP *full = d2i_TS_RESP(NULL, &p, (long)len);
    if (full == NULL)
        return SSR_EVERIFY;
    int status = verify_against(sk_X509_value(a->certs, n - 1), a->certs, n - 1, full, at);
    TS_RESP_free(full);
    return status;
}

static int verify_one(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev, const cJSON *node,
                      const char *pointer, ssri_time *when, const char **uri)
{
    const char *text = ssri_get_string(node, "signedTimestamp");
    unsigned char *der = NULL;
    size_t len = 0;
    int status = SSR_EVERIFY;
    if (text != NULL && strlen(text) / 4 * 3 > SSRI_MAX_TIMESTAMP_BYTES)
        return ssri_verify_fail(ctx, "limit.timestamp", pointer, node,
                                "Expected a timestamp of at most %d bytes, found about %zu.", SSRI_MAX_TIMESTAMP_BYTES,
                                strlen(text) / 4 * 3);
    if (text == NULL || !ssri_base64_decode(text, strlen(text), &der, &len, &status))
        return status == SSR_ENOMEM ? SSR_ENOMEM
                                    : ssri_verify_fail(ctx, "timestamp.format", pointer, node,
                                                       "Expected a base64 RFC 3161 timestamp response, found none.");
    TS_RESP *resp = ssri_ts_resp_parse(der, len);
    TS_TST_INFO *info = resp != NULL ? TS_RESP_get_tst_info(resp) : NULL;
    ssri_time at;
    if (resp == NULL || info == NULL || !generalized_time(TS_TST_INFO_get_time(info), &at)) {
        TS_RESP_free(resp);
        ssri_free(der);
        return ssri_verify_fail(ctx, "timestamp.format", pointer, node,
                                "Expected a DER TimeStampResp granting a token with its time, found %s.",
                                resp == NULL ? "bytes that are not one" : "none");
    }
    if (!imprint_matches(info, ev->signature, ev->signature_len)) {
        ssri_free(der);
        TS_RESP_free(resp);
        return ssri_verify_fail(ctx, "timestamp.imprint", pointer, node,
                                "Expected the timestamp's message imprint to be the digest of the bundle's signature, "
                                "found another.");
    }
    if (!content_type_signed(resp)) {
        ssri_free(der);
        TS_RESP_free(resp);
        return ssri_verify_fail(ctx, "timestamp.untrusted", pointer, node,
                                "Expected the timestamp token's one signer to sign a content-type attribute naming "
                                "TSTInfo (RFC 5652 section 5.3), found none.");
    }
    char stamp[40];
    ssri_time_format(at, stamp);
    bool outside = false;
    status = SSR_EVERIFY;
    for (size_t i = 0; i < root->tsa_count && status == SSR_EVERIFY; i++) {
        status = signed_by(&root->tsas[i], resp, info, der, len, at);
        if (status == SSR_OK && !ssri_window_contains(&root->tsas[i].window, at)) {
            outside = true;
            status = SSR_EVERIFY;
        } else if (status == SSR_OK) {
            *uri = root->tsas[i].uri != NULL ? root->tsas[i].uri : "";
        }
    }
    TS_RESP_free(resp);
    ssri_free(der);
    if (status == SSR_ENOMEM)
        return status;
    if (status != SSR_OK && outside)
        return ssri_verify_fail(ctx, "timestamp.authority-validity", pointer, node,
                                "Expected the timestamp's time, %s, within the validity of its authority in the trusted "
                                "root, found it outside.",
                                stamp);
    if (status != SSR_OK)
        return ssri_verify_fail(ctx, "timestamp.untrusted", pointer, node,
                                "Expected a timestamp signed by a timestamp authority of the trusted root, its chain "
                                "valid at %s, found none that verifies it.",
                                stamp);
    *when = at;
    return SSR_OK;
}

int ssri_tsa_verify(const ssri_vctx *ctx, const ssr_trust_root *root, const ssri_evidence *ev, ssri_verified *out)
{
    int count = cJSON_GetArraySize(ev->stamps);
    if (count > SSRI_MAX_TIMESTAMPS)
        return ssri_verify_fail(ctx, "limit.timestamps", ev->stamps_pointer, ev->stamps,
                                "Expected at most %d timestamps, found %d.", SSRI_MAX_TIMESTAMPS, count);
    size_t i = 0;
    for (const cJSON *t = cJSON_IsArray(ev->stamps) ? ev->stamps->child : NULL; t != NULL; t = t->next, i++) {
        char pointer[128];
        snprintf(pointer, sizeof pointer, "%s/%zu", ev->stamps_pointer, i);
        const char *value = ssri_get_string(t, "signedTimestamp");
        for (const cJSON *u = ev->stamps->child; u != t && value != NULL; u = u->next) {
            const char *other = ssri_get_string(u, "signedTimestamp");
            if (other != NULL && strcmp(other, value) == 0)
                return ssri_verify_fail(ctx, "timestamp.duplicate", pointer, t,
                                        "Expected each timestamp once, found this one again.");
        }
        ssri_time when;
        const char *uri = "";
        int status = verify_one(ctx, root, ev, t, pointer, &when, &uri);
        if (status != SSR_OK)
            return status;
        ssri_time_source *grown = ssri_realloc(out->times, (out->time_count + 1) * sizeof *grown);
        if (grown == NULL)
            return SSR_ENOMEM;
        out->times = grown;
        grown[out->time_count] = (ssri_time_source){.time = when, .source = "timestamp-authority"};
        if ((grown[out->time_count].uri = ssri_strndup(uri, strlen(uri))) == NULL)
            return SSR_ENOMEM;
        out->time_count++;
    }
    return SSR_OK;
}

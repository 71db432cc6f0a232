/*
 * Certificates for verification: identity, Fulcio extensions, validity,
 * chains to a trusted authority, SCTs.
 */
#ifndef SSRI_VERIFY_X509_H
#define SSRI_VERIFY_X509_H

#include "verify.h"

/* Is the certificate valid at t (notBefore <= t <= notAfter)? */
bool ssri_x509_valid_at(const X509 *cert, ssri_time t);

/*
 * The one Subject Alternative Name of a Fulcio certificate: a URI, an
 * email or Fulcio's username otherName (1.3.6.1.4.1.57264.1.7), a
 * UTF8String (*kind "uri", "email", "other"). SSR_EINVALID when there is
 * not exactly one such name.
 */
int ssri_x509_identity(X509 *cert, char **identity, const char **kind);

/* Does every extension of the certificate appear once (RFC 5280 4.2; OpenSSL flags only those it knows)? */
bool ssri_x509_unique_extensions(const X509 *cert);

/*
 * The Fulcio extensions the certificate carries, in OID order; values
 * freed by the caller. SSR_EINVALID, *malformed its name, when one is
 * present but does not hold what it must (a DER UTF8String from 1.8 on;
 * bytes without NUL before): never read as absent.
 */
int ssri_x509_extensions(X509 *cert, ssri_extension **out, size_t *count, const char **malformed);
size_t ssri_fulcio_extension_count(void);
const char *ssri_fulcio_extension_name(size_t i);
bool ssri_fulcio_extension_known(const char *name);

/* A code-signing leaf: not a CA, keyUsage present with digitalSignature, extended key usage codeSigning. */
bool ssri_x509_code_signing(X509 *cert);
bool ssri_x509_self_signed(X509 *cert);

/*
 * Does `leaf` chain to authority `a` at time `at`? SSR_OK with *issuer the
 * certificate that issued the leaf (a new reference), SSR_EVERIFY,
 * SSR_ENOMEM.
 */
int ssri_chain_verify(const ssri_authority *a, X509 *leaf, ssri_time at, X509 **issuer);

/*
 * Does `leaf` chain to authority `a` at every one of `count` times (and
 * is the authority's window open at each)? For the usual leaf, issued by
 * the chain's first certificate of a chain checked once per root
 * (a->chain_ok): the leaf's own link, no critical extension OpenSSL does
 * not know, each time within the leaf's and the chain's validity. For any
 * other, OpenSSL's whole path validation at each time (validity windows
 * inclusive at both ends, as RFC 5280 says). SSR_OK with issuer_hash the
 * SHA-256 of the issuing certificate's SPKI (what the leaf's SCT names),
 * SSR_EVERIFY, SSR_ENOMEM.
 */
int ssri_chain_verify_at(const ssri_authority *a, X509 *leaf, const unsigned char *der, size_t der_len,
                         const ssri_time *times, size_t count, unsigned char issuer_hash[32]);
/*
 * Is `cert` (its DER, der_len bytes) signed by `key`? Its TBSCertificate's
 * bytes hashed with the digest of its signature algorithm and checked by
 * the signature backend, the algorithm inside the TBSCertificate the same
 * as the outer one (RFC 5280 4.1.1.2). SSR_OK, SSR_EVERIFY, SSR_ENOMEM;
 * SSR_EINVALID when the algorithm is not ECDSA with SHA-2 (OpenSSL's
 * X509_verify is then the one to ask).
 */
int ssri_x509_signed_by(X509 *cert, const unsigned char *der, size_t der_len, const ssr_public_key *key);

/*
 * Does one of the leaf's embedded SCTs verify with a CT log of the root
 * whose window holds the SCT's time? The leaf issued by the key whose
 * SPKI hashes to issuer_hash; its SCT list is taken out of it (the last
 * use of it). SSR_OK (*logged its time), SSR_EVERIFY, SSR_ENOMEM.
 */
int ssri_sct_verify(const ssr_trust_root *root, X509 *leaf, const unsigned char issuer_hash[32], ssri_time *logged);
/* SHA-256 of a certificate's SubjectPublicKeyInfo: how an SCT names a precertificate's issuer. */
int ssri_issuer_key_hash(X509 *issuer, unsigned char hash[32]);

#endif /* SSRI_VERIFY_X509_H */

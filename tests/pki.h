/*
 * A test PKI of the tests' own, built the way an attacker would build one:
 * a Fulcio-style CA (a P-384 root and intermediate) issuing code-signing
 * leaves with Fulcio extensions and embedded SCTs from a CT log of its
 * own, a Rekor-style log (P-256) signing entry timestamps and checkpoints
 * over one-leaf trees, and an RFC 3161 timestamp authority; then trusted
 * roots naming them and Sigstore bundles signed under them.
 *
 * Every piece can be bent (a certificate without keyUsage, an extension
 * twice, a CA window that closed, an entry kind that was withdrawn), so
 * that each fail-closed rule has a bundle that would pass without it.
 * Everything is made fresh per process; nothing here is a real key.
 */
#ifndef SSR_TEST_PKI_H
#define SSR_TEST_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* 2026-06-01T12:00:00Z: when the tests' leaves sign, unless told otherwise. */
#define PKI_T0 INT64_C(1780315200)

typedef struct pki {
    EVP_PKEY *root_key, *ca_key, *ct_key, *rekor_key, *tsa_root_key, *tsa_key;
    X509 *root, *ca, *tsa_root, *tsa;
} pki;

/* A new PKI: root and intermediate valid 2020 to 2035, logs, TSA. Aborts the test when it cannot. */
pki *pki_new(void);
void pki_free(pki *p);

/* A new EC key on "P-256" or "P-384". */
EVP_PKEY *pki_key(const char *curve);

/*
 * A CA certificate (basicConstraints CA, keyCertSign) for `key`, signed by
 * issuer (NULL: self-signed). pathlen -1: no limit; PKI_NOT_CA: keyCertSign
 * but basicConstraints CA:FALSE. name_constraints: an OpenSSL
 * nameConstraints value ("permitted;URI:.example.org") or NULL.
 */
#define PKI_NOT_CA (-2)
X509 *pki_ca_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, int64_t not_before,
                  int64_t not_after, int pathlen, const char *name_constraints);

/* A TSA leaf, valid 2020 to 2035: extended key usage timeStamping, critical, as RFC 3161 requires. */
X509 *pki_tsa_cert(EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key);

enum { PKI_SAN_URI = 0, PKI_SAN_EMAIL, PKI_SAN_OTHER };

/* How a leaf is made; zero means the usual Fulcio leaf. */
typedef struct pki_leaf_opts {
    const char *san;        /* default "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main" */
    int san_type;           /* PKI_SAN_URI (default), PKI_SAN_EMAIL, PKI_SAN_OTHER */
    const char *other_oid;  /* the otherName's type, default 1.3.6.1.4.1.57264.1.7 */
    const char *issuer;     /* the 1.8 extension (DER UTF8String); default GitHub's; "" for none */
    int issuer_copies;      /* 0 or 1: once; 2: twice, the second `issuer_second` */
    const char *issuer_second;
    bool issuer_malformed;  /* 1.8 holds an IA5String, not a UTF8String */
    const char *issuer_v1;  /* the legacy 1.1 extension (raw bytes), NULL for none */
    bool no_key_usage, no_eku, is_ca, no_sct;
    X509 *signer;           /* default the PKI's intermediate */
    EVP_PKEY *signer_key;
    int64_t not_before, not_after; /* default PKI_T0 - 60 and PKI_T0 + 600 */
} pki_leaf_opts;

/* A leaf and its new P-256 key (*key). */
X509 *pki_leaf(pki *p, const pki_leaf_opts *o, EVP_PKEY **key);

/* How a trusted root is made. */
typedef struct pki_root_opts {
    X509 **chain;          /* the CA's certChain, leaf side first; default {intermediate, root} */
    int chain_len;
    const char *ca_start;  /* default "2020-01-01T00:00:00Z" */
    const char *ca_end;    /* default none */
    X509 **tsa_chain;      /* default {tsa, tsa root} */
    int tsa_chain_len;
} pki_root_opts;

/* A trusted_root.json naming the PKI's CA, CT log, Rekor log and TSA. Free with free(). */
char *pki_trusted_root(pki *p, const pki_root_opts *o);

enum { PKI_TLOG_NONE = -1, PKI_TLOG_V1 = 1, PKI_TLOG_V2 = 2 };

/* How a bundle is made. */
typedef struct pki_bundle_opts {
    const void *artifact;  /* default "hello, world\n" */
    size_t artifact_len;
    X509 *leaf;            /* the signing certificate, or NULL for a managed key (`key` alone) */
    EVP_PKEY *key;         /* the signing key */
    bool dsse;             /* a DSSE envelope of an in-toto statement naming the artifact */
    int tlog;              /* PKI_TLOG_V1 (0 means it: hashedrekord or dsse 0.0.1, SET and proof), _V2, _NONE */
    const char *v2_kind;   /* the Rekor v2 entry's kind: "hashedrekord" (default) or "dsse" (withdrawn) */
    bool timestamp;        /* an RFC 3161 timestamp of the signature */
    int64_t integrated_time; /* default PKI_T0 */
    int64_t stamp_time;      /* default PKI_T0 */
    int stamp_fault;         /* PKI_STAMP_*: how the timestamp was tampered with (0: not) */
} pki_bundle_opts;

/* Timestamps an attacker makes (pki_bundle_opts.stamp_fault). */
enum {
    PKI_STAMP_CONTENT = 1,  /* the TSTInfo changed after signing (its serial number) */
    PKI_STAMP_NO_ESS,       /* the ESS signing-certificate attribute taken out, the attributes signed again */
    PKI_STAMP_CONTENT_TYPE, /* the content-type attribute saying id-data, the attributes signed again */
    PKI_STAMP_FORGED,       /* signed by another key, with a copy of the TSA's certificate holding that key */
    PKI_STAMP_REJECTED,     /* the status says rejection, the token kept */
};

/* A Sigstore bundle v0.3 (JSON). Free with free(). */
char *pki_bundle(pki *p, const pki_bundle_opts *o);

/* The artifact the bundles sign by default and its length. */
extern const char pki_artifact[];
extern const size_t pki_artifact_len;

#endif

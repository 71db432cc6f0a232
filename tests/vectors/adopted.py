"""Bases, fields and special cases of the adopted formats, for generate.py.

The bases are small documents written here in each format's published shape
(values are illustrative); base64 payloads are encoded here, so a case can
break a statement inside an envelope and expect the diagnostic at the
envelope's member with the pointer inside the payload.
"""

import base64
import copy
import json

KIND_OF = {
    "osv": "osv",
    "statement": "in-toto-statement",
    "slsa": "slsa-provenance",
    "dsse": "dsse-envelope",
    "bundle": "sigstore-bundle",
    "pep740a": "pep740-attestation",
    "pep740p": "pep740-provenance",
    "npm": "npm-attestations",
    "troot": "sigstore-trusted-root",
}

HEX64 = "7bb2fe9c5a5d5b1d1a2b2f6f1be2e8eb49d1e8f09c3d5e3ce0b3a6b3b1b1f0e2"
HEX40 = "621e4974ca25ce531773def586ba3ed8e736b3fc"
B64 = base64.b64encode(b"illustrative signature bytes").decode()
CERT = base64.b64encode(b"0\x82 illustrative DER certificate").decode()


class Text:
    """A document written as raw text (not JSON on purpose)."""

    def __init__(self, text):
        self.text = text


def b64(document):
    raw = document if isinstance(document, bytes) else json.dumps(document, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode()


# ---- bases -------------------------------------------------------------------

def osv_base():
    return {
        "schema_version": "1.5.0",
        "id": "MAL-2025-2778",
        "modified": "2025-03-28T03:21:17Z",
        "published": "2025-03-28T03:21:17Z",
        "aliases": ["GHSA-4w5m-f93j-2f6f"],
        "upstream": ["CVE-2025-0001"],
        "summary": "Malicious code in osxlocation (npm)",
        "details": "The package exfiltrates credentials.",
        "affected": [{
            "package": {"ecosystem": "npm", "name": "osxlocation", "purl": "pkg:npm/osxlocation"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
            "versions": ["1.0.0"],
            "ecosystem_specific": {"note": "any"},
            "database_specific": {"cwes": ["CWE-506"]},
        }],
        "references": [{"type": "ADVISORY", "url": "https://github.com/advisories/GHSA-4w5m-f93j-2f6f"}],
        "credits": [{"name": "OpenSSF Package Analysis", "contact": ["https://github.com/ossf"], "type": "FINDER"}],
        "database_specific": {"origin": "illustrative"},
    }


def osv_git_base():
    doc = osv_base()
    doc["id"] = "PSF-2024-1"
    doc["withdrawn"] = "2025-01-01T00:00:00Z"
    doc["severity"] = [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]
    doc["affected"] = [{"ranges": [{"type": "GIT", "repo": "https://github.com/python/cpython",
                                    "events": [{"introduced": "0"}, {"fixed": HEX40}],
                                    "database_specific": {}}]}]
    return doc


def statement(predicate_type="https://slsa.dev/provenance/v1", predicate=None, name="sampleproject-4.0.0.tar.gz"):
    if predicate is None and predicate_type == "https://slsa.dev/provenance/v1":
        predicate = slsa_v1()
    doc = {"_type": "https://in-toto.io/Statement/v1",
           "subject": [{"name": name, "digest": {"sha256": HEX64}}],
           "predicateType": predicate_type}
    if predicate is not None:
        doc["predicate"] = predicate
    return doc


def slsa_v1():
    return {
        "buildDefinition": {
            "buildType": "https://actions.github.io/buildtypes/workflow/v1",
            "externalParameters": {"workflow": {"ref": "refs/tags/v4.0.0", "path": ".github/workflows/release.yml"}},
            "internalParameters": {"github": {"event_name": "push"}},
            "resolvedDependencies": [{"uri": "git+https://github.com/pypa/sampleproject@refs/tags/v4.0.0",
                                      "digest": {"gitCommit": HEX40},
                                      "downloadLocation": "https://github.com/pypa/sampleproject/archive/v4.0.0.tar.gz",
                                      "mediaType": "application/x-git", "annotations": {"note": None}},
                                     {"name": "config", "content": b64(b"inline")}],
        },
        "runDetails": {
            "builder": {"id": "https://github.com/actions/runner/github-hosted", "version": {"runner": "2.316"},
                        "builderDependencies": [{"name": "ubuntu-22.04", "uri": "https://github.com/actions/runner-images"}]},
            "metadata": {"invocationId": "https://github.com/pypa/sampleproject/actions/runs/1/attempts/1",
                         "startedOn": "2024-06-18T17:55:00Z", "finishedOn": "2024-06-18T17:57:00Z"},
            "byproducts": [{"name": "build.log", "digest": {"sha256": HEX64}}],
        },
    }


def slsa_v02():
    return {
        "builder": {"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0"},
        "buildType": "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
        "invocation": {"configSource": {"uri": "git+https://github.com/a/b@refs/tags/v1"}},
        "buildConfig": {"steps": []},
        "metadata": {"buildInvocationID": "1-1", "buildStartedOn": "2023-01-01T00:00:00Z",
                     "buildFinishedOn": "2023-01-01T00:01:00Z"},
        "materials": [{"uri": "git+https://github.com/a/b@refs/tags/v1", "digest": {"sha1": HEX40}}],
    }


def npm_publish_statement():
    return {"_type": "https://in-toto.io/Statement/v0.1",
            "subject": [{"name": "pkg:npm/%40scope/tool@1.2.3", "digest": {"sha512": "ab" * 64}}],
            "predicateType": "https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
            "predicate": {"name": "@scope/tool", "version": "1.2.3", "registry": "https://registry.npmjs.org"}}


def envelope(payload_doc, keyid=""):
    return {"payload": b64(payload_doc), "payloadType": "application/vnd.in-toto+json",
            "signatures": [{"keyid": keyid, "sig": B64}]}


def tlog_entry(promise=True, proof=True):
    entry = {"logIndex": "27246492", "logId": {"keyId": B64}, "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"},
             "integratedTime": "1689177396"}
    if promise:
        entry["inclusionPromise"] = {"signedEntryTimestamp": B64}
    if proof:
        entry["inclusionProof"] = {"logIndex": "23083061", "rootHash": B64, "treeSize": "23083062", "hashes": [B64],
                                   "checkpoint": {"envelope": "rekor.sigstore.dev - 2605736670972794746\n23083062\n"}}
    entry["canonicalizedBody"] = b64({"apiVersion": "0.0.1"})
    return entry


def bundle_v01():
    return {"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1",
            "verificationMaterial": {"x509CertificateChain": {"certificates": [{"rawBytes": CERT}]},
                                     "tlogEntries": [tlog_entry(proof=False)]},
            "messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": B64}, "signature": B64}}


def bundle_v03():
    return {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {"certificate": {"rawBytes": CERT},
                                     "tlogEntries": [tlog_entry()],
                                     "timestampVerificationData": {"rfc3161Timestamps": [{"signedTimestamp": B64}]}},
            "dsseEnvelope": envelope(statement())}


def pep740_attestation():
    publish = statement("https://docs.pypi.org/attestations/publish/v1", predicate={})
    return {"version": 1,
            "verification_material": {"certificate": CERT, "transparency_entries": [tlog_entry()]},
            "envelope": {"statement": b64(publish), "signature": B64}}


def pep740_provenance():
    return {"version": 1, "attestation_bundles": [{
        "publisher": {"kind": "GitHub", "repository": "pypa/sampleproject", "workflow": "release.yml",
                      "claims": {"ref": "refs/tags/v4.0.0"}},
        "attestations": [pep740_attestation()]}]}


def npm_response():
    bundle = {"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.2",
              "verificationMaterial": {"publicKey": {"hint": "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA"},
                                       "tlogEntries": [tlog_entry()]},
              "dsseEnvelope": envelope(npm_publish_statement(), keyid="SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA")}
    return {"attestations": [{"predicateType": "https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
                              "bundle": bundle}]}


def trust_log(url):
    return {"baseUrl": url, "hashAlgorithm": "SHA2_256",
            "publicKey": {"rawBytes": B64, "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                          "validFor": {"start": "2021-01-12T11:53:27Z", "end": "2030-01-01T00:00:00.999Z"}},
            "logId": {"keyId": B64}}


def trust_authority(url):
    return {"subject": {"organization": "sigstore.dev", "commonName": "sigstore"}, "uri": url,
            "certChain": {"certificates": [{"rawBytes": CERT}, {"rawBytes": CERT}]},
            "validFor": {"start": "2022-04-13T20:06:15Z"}}


def trusted_root():
    return {"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [trust_log("https://rekor.sigstore.dev")],
            "certificateAuthorities": [trust_authority("https://fulcio.sigstore.dev")],
            "ctlogs": [trust_log("https://ctfe.sigstore.dev/2022")],
            "timestampAuthorities": [trust_authority("https://timestamp.sigstore.dev/api/v1/timestamp")]}


def bases():
    return {
        "osv": osv_base(),
        "osv-git": osv_git_base(),
        "statement": statement(),
        "statement-npm": npm_publish_statement(),
        "slsa": slsa_v1(),
        "slsa-v02": slsa_v02(),
        "dsse": envelope(statement()),
        "bundle-v01": bundle_v01(),
        "bundle-v03": bundle_v03(),
        "pep740a": pep740_attestation(),
        "pep740p": pep740_provenance(),
        "npm": npm_response(),
        "troot": trusted_root(),
    }


# ---- fields ------------------------------------------------------------------

S, REQ, OPT, ANY = ("string",), True, False, None


def osv_fields():
    return [
        ("document", "", ("object",), ANY),
        ("schema-version", "/schema_version", S, OPT),
        ("id", "/id", S, REQ),
        ("modified", "/modified", ("time",), REQ),
        ("published", "/published", ("time",), OPT),
        ("aliases", "/aliases", ("array", 0, False), OPT),
        ("aliases", "/aliases/0", S, ANY),
        ("upstream", "/upstream", ("array", 0, False), OPT),
        ("summary", "/summary", S, OPT),
        ("details", "/details", S, OPT),
        ("affected", "/affected", ("array", 0, False), OPT),
        ("affected", "/affected/0", ("object",), ANY),
        ("package", "/affected/0/package", ("object",), OPT),
        ("package.ecosystem", "/affected/0/package/ecosystem", S, REQ),
        ("package.name", "/affected/0/package/name", S, REQ),
        ("package.purl", "/affected/0/package/purl", S, OPT),
        ("ranges", "/affected/0/ranges", ("array", 0, False), OPT),
        ("range", "/affected/0/ranges/0", ("object",), ANY),
        ("range.type", "/affected/0/ranges/0/type", ("enum",), ANY),
        ("events", "/affected/0/ranges/0/events", ("array", 1, False), REQ),
        ("event", "/affected/0/ranges/0/events/0", ("object",), ANY),
        ("versions", "/affected/0/versions", ("array", 0, False), OPT),
        ("versions", "/affected/0/versions/0", S, ANY),
        ("affected.ecosystem-specific", "/affected/0/ecosystem_specific", ("object",), OPT),
        ("affected.database-specific", "/affected/0/database_specific", ("object",), OPT),
        ("references", "/references", ("array", 0, False), OPT),
        ("reference", "/references/0", ("object",), ANY),
        ("reference.type", "/references/0/type", ("enum",), REQ),
        ("reference.url", "/references/0/url", ("uri",), REQ),
        ("credits", "/credits", ("array", 0, False), OPT),
        ("credit", "/credits/0", ("object",), ANY),
        ("credit.name", "/credits/0/name", S, REQ),
        ("credit.contact", "/credits/0/contact", ("array", 0, False), OPT),
        ("credit.contact", "/credits/0/contact/0", S, ANY),
        ("credit.type", "/credits/0/type", ("enum",), OPT),
        ("database-specific", "/database_specific", ("object",), OPT),
    ]


def osv_git_fields():
    return [
        ("withdrawn", "/withdrawn", ("time",), ANY),
        ("severity", "/severity", ("array", 0, False), OPT),
        ("severity", "/severity/0", ("object",), ANY),
        ("severity.type", "/severity/0/type", ("enum",), REQ),
        ("severity.score", "/severity/0/score", S, REQ),
        ("range.type", "/affected/0/ranges/0/type", ("enum",), REQ),
        ("range.repo", "/affected/0/ranges/0/repo", S, ANY),
        ("range.database-specific", "/affected/0/ranges/0/database_specific", ("object",), OPT),
    ]


def resource_fields(prefix):
    return [
        ("resource", prefix, ("object",), ANY),
        ("resource.name", prefix + "/name", S, OPT),
        ("digest", prefix + "/digest", ("object",), ANY),
    ]


def statement_fields():
    p = "/predicate"
    return [
        ("document", "", ("object",), ANY),
        ("type", "/_type", ("enum",), REQ),
        ("subject", "/subject", ("array", 1, False), REQ),
        *resource_fields("/subject/0"),
        ("predicate-type", "/predicateType", ("type_uri",), REQ),
        ("slsa-provenance:slsa", p, ("object",), OPT),  # a known predicate reports its own type
        ("slsa-provenance:slsa.build-definition", p + "/buildDefinition", ("object",), REQ),
        ("slsa-provenance:slsa.build-type", p + "/buildDefinition/buildType", ("type_uri",), REQ),
        ("slsa-provenance:slsa.external-parameters", p + "/buildDefinition/externalParameters", ("object",), ANY),
        ("slsa-provenance:slsa.internal-parameters", p + "/buildDefinition/internalParameters", ("object",), OPT),
        ("slsa-provenance:slsa.resolved-dependencies", p + "/buildDefinition/resolvedDependencies", ("array", 0, False), OPT),
        ("in-toto-statement:resource.uri", p + "/buildDefinition/resolvedDependencies/0/uri", ("uri",), OPT),
        ("in-toto-statement:resource.download-location", p + "/buildDefinition/resolvedDependencies/0/downloadLocation",
         ("uri",), OPT),
        ("in-toto-statement:resource.media-type", p + "/buildDefinition/resolvedDependencies/0/mediaType", S, OPT),
        ("in-toto-statement:resource.annotations", p + "/buildDefinition/resolvedDependencies/0/annotations",
         ("object",), OPT),
        ("in-toto-statement:resource.content", p + "/buildDefinition/resolvedDependencies/1/content", ("base64",), ANY),
        ("slsa-provenance:slsa.run-details", p + "/runDetails", ("object",), REQ),
        ("slsa-provenance:slsa.builder", p + "/runDetails/builder", ("object",), REQ),
        ("slsa-provenance:slsa.builder.id", p + "/runDetails/builder/id", ("type_uri",), REQ),
        ("slsa-provenance:slsa.builder.version", p + "/runDetails/builder/version", ("object",), OPT),
        ("slsa-provenance:slsa.builder-dependencies", p + "/runDetails/builder/builderDependencies", ("array", 0, False), OPT),
        ("slsa-provenance:slsa.metadata", p + "/runDetails/metadata", ("object",), OPT),
        ("slsa-provenance:slsa.invocation-id", p + "/runDetails/metadata/invocationId", S, OPT),
        ("slsa-provenance:slsa.started-on", p + "/runDetails/metadata/startedOn", ("time",), OPT),
        ("slsa-provenance:slsa.finished-on", p + "/runDetails/metadata/finishedOn", ("time",), OPT),
        ("slsa-provenance:slsa.byproducts", p + "/runDetails/byproducts", ("array", 0, False), OPT),
    ]


def statement_npm_fields():
    p = "/predicate"
    return [
        ("npm-publish", p, ("object",), ANY),  # a known predicate reports its own type
        ("npm-publish.name", p + "/name", ("nonempty",), REQ),
        ("npm-publish.version", p + "/version", ("nonempty",), REQ),
        ("npm-publish.registry", p + "/registry", ("uri",), REQ),
    ]


def slsa_fields():
    return [
        ("document", "", ("object",), ANY),
        ("slsa.build-definition", "/buildDefinition", ("object",), ANY),
        ("slsa.builder.id", "/runDetails/builder/id", ("type_uri",), REQ),
    ]


def slsa_v02_fields():
    return [
        ("slsa02.builder", "/builder", ("object",), REQ),
        ("slsa02.builder.id", "/builder/id", ("uri",), REQ),
        ("slsa02.build-type", "/buildType", ("uri",), REQ),
        ("slsa02.invocation", "/invocation", ("object",), OPT),
        ("slsa02.metadata", "/metadata", ("object",), OPT),
        ("slsa02.build-invocation-id", "/metadata/buildInvocationID", S, OPT),
        ("slsa02.build-started-on", "/metadata/buildStartedOn", ("time",), OPT),
        ("slsa02.build-finished-on", "/metadata/buildFinishedOn", ("time",), OPT),
        ("slsa02.materials", "/materials", ("array", 0, False), OPT),
        ("slsa02.material", "/materials/0", ("object",), ANY),
        ("slsa02.material.uri", "/materials/0/uri", S, OPT),
    ]


def envelope_fields(prefix):
    return [
        ("dsse-envelope:envelope", prefix or "", ("object",), ANY),
        ("dsse-envelope:payload", prefix + "/payload", ("base64",), REQ),
        ("dsse-envelope:payload-type", prefix + "/payloadType", S, REQ),
        ("dsse-envelope:signatures", prefix + "/signatures", ("array", 1, False), REQ),
        ("dsse-envelope:signature", prefix + "/signatures/0", ("object",), ANY),
        ("dsse-envelope:signature.sig", prefix + "/signatures/0/sig", ("base64",), REQ),
        ("dsse-envelope:signature.keyid", prefix + "/signatures/0/keyid", S, OPT),
    ]


def tlog_fields(prefix):
    return [
        ("sigstore-bundle:tlog-entry", prefix, ("object",), ANY),
        ("sigstore-bundle:tlog-entry.log-index", prefix + "/logIndex", ("unsigned",), REQ),
        ("sigstore-bundle:tlog-entry.log-id", prefix + "/logId", ("object",), REQ),
        ("sigstore-bundle:tlog-entry.log-id.key-id", prefix + "/logId/keyId", ("base64",), REQ),
        ("sigstore-bundle:tlog-entry.kind-version", prefix + "/kindVersion", ("object",), REQ),
        ("sigstore-bundle:tlog-entry.kind", prefix + "/kindVersion/kind", ("nonempty",), REQ),
        ("sigstore-bundle:tlog-entry.version", prefix + "/kindVersion/version", ("nonempty",), REQ),
        ("sigstore-bundle:tlog-entry.integrated-time", prefix + "/integratedTime", ("unsigned",), OPT),
        ("sigstore-bundle:tlog-entry.signed-entry-timestamp", prefix + "/inclusionPromise/signedEntryTimestamp", ("base64",), REQ),
        ("sigstore-bundle:tlog-entry.inclusion-proof", prefix + "/inclusionProof", ("object",), ANY),
        ("sigstore-bundle:inclusion-proof.log-index", prefix + "/inclusionProof/logIndex", ("unsigned",), REQ),
        ("sigstore-bundle:inclusion-proof.root-hash", prefix + "/inclusionProof/rootHash", ("base64",), REQ),
        ("sigstore-bundle:inclusion-proof.tree-size", prefix + "/inclusionProof/treeSize", ("unsigned",), REQ),
        ("sigstore-bundle:inclusion-proof.hashes", prefix + "/inclusionProof/hashes", ("array", 0, False), OPT),
        ("sigstore-bundle:inclusion-proof.hash", prefix + "/inclusionProof/hashes/0", ("base64",), ANY),
        ("sigstore-bundle:inclusion-proof.checkpoint", prefix + "/inclusionProof/checkpoint", ("object",), ANY),
        ("sigstore-bundle:checkpoint.envelope", prefix + "/inclusionProof/checkpoint/envelope", ("nonempty",), REQ),
        ("sigstore-bundle:tlog-entry.canonicalized-body", prefix + "/canonicalizedBody", ("base64",), OPT),
    ]


def bundle_v03_fields():
    vm = "/verificationMaterial"
    return [
        ("bundle", "", ("object",), ANY),
        ("media-type", "/mediaType", S, REQ),
        ("verification-material", vm, ("object",), REQ),
        ("certificate", vm + "/certificate", ("object",), ANY),
        ("certificate.raw-bytes", vm + "/certificate/rawBytes", ("base64", "nonempty"), REQ),
        ("tlog-entries", vm + "/tlogEntries", ("array", 0, False), OPT),
        *tlog_fields(vm + "/tlogEntries/0"),
        ("timestamp-data", vm + "/timestampVerificationData", ("object",), ANY),
        ("timestamps", vm + "/timestampVerificationData/rfc3161Timestamps", ("array", 0, False), ANY),
        ("timestamp", vm + "/timestampVerificationData/rfc3161Timestamps/0", ("object",), ANY),
        ("timestamp.signed-timestamp", vm + "/timestampVerificationData/rfc3161Timestamps/0/signedTimestamp",
         ("base64",), REQ),
        *envelope_fields("/dsseEnvelope"),
    ]


def bundle_v01_fields():
    vm = "/verificationMaterial"
    return [
        ("certificate-chain", vm + "/x509CertificateChain", ("object",), ANY),
        ("certificate-chain.certificates", vm + "/x509CertificateChain/certificates", ("array", 1, False), REQ),
        ("tlog-entry.inclusion-promise", vm + "/tlogEntries/0/inclusionPromise", ("object",), ANY),
        ("message-signature", "/messageSignature", ("object",), ANY),
        ("message-digest", "/messageSignature/messageDigest", ("object",), OPT),
        ("message-digest.algorithm", "/messageSignature/messageDigest/algorithm", ("enum",), REQ),
        ("message-digest.digest", "/messageSignature/messageDigest/digest", ("base64",), REQ),
        ("message-signature.signature", "/messageSignature/signature", ("base64",), REQ),
    ]


def pep740a_fields():
    return [
        ("attestation", "", ("object",), ANY),
        ("version", "/version", ("int_const", 1, 1), REQ),
        ("verification-material", "/verification_material", ("object",), REQ),
        ("certificate", "/verification_material/certificate", ("base64", "nonempty"), REQ),
        ("transparency-entries", "/verification_material/transparency_entries", ("array", 1, False), REQ),
        ("envelope", "/envelope", ("object",), REQ),
        ("envelope.statement", "/envelope/statement", ("base64",), REQ),
        ("envelope.signature", "/envelope/signature", ("base64",), REQ),
    ]


def pep740p_fields():
    return [
        ("provenance", "", ("object",), ANY),
        ("version", "/version", ("int_const", 1, 1), REQ),
        ("attestation-bundles", "/attestation_bundles", ("array", 1, False), REQ),
        ("attestation-bundle", "/attestation_bundles/0", ("object",), ANY),
        ("publisher", "/attestation_bundles/0/publisher", ("object",), REQ),
        ("publisher.kind", "/attestation_bundles/0/publisher/kind", ("nonempty",), REQ),
        ("publisher.claims", "/attestation_bundles/0/publisher/claims", ("object",), OPT),
        ("attestations", "/attestation_bundles/0/attestations", ("array", 1, False), REQ),
    ]


def npm_fields():
    return [
        ("response", "", ("object",), ANY),
        ("attestations", "/attestations", ("array", 1, False), REQ),
        ("attestation", "/attestations/0", ("object",), ANY),
        ("attestation.predicate-type", "/attestations/0/predicateType", ("type_uri",), REQ),
        ("sigstore-bundle::bundle", "/attestations/0/bundle", ("object",), REQ),
        ("sigstore-bundle:public-key", "/attestations/0/bundle/verificationMaterial/publicKey", ("object",), ANY),
        ("sigstore-bundle:public-key.hint", "/attestations/0/bundle/verificationMaterial/publicKey/hint", S, OPT),
    ]


def troot_fields():
    fields = [
        ("root", "", ("object",), ANY),
        ("media-type", "/mediaType", ("enum",), REQ),
        ("tlogs", "/tlogs", ("array", 0, False), OPT),
        ("certificate-authorities", "/certificateAuthorities", ("array", 0, False), OPT),
        ("ctlogs", "/ctlogs", ("array", 0, False), OPT),
        ("timestamp-authorities", "/timestampAuthorities", ("array", 0, False), OPT),
    ]
    log = "/tlogs/0"
    fields += [
        ("log", log, ("object",), ANY),
        ("log.base-url", log + "/baseUrl", ("uri",), REQ),
        ("log.hash-algorithm", log + "/hashAlgorithm", ("enum",), REQ),
        ("public-key", log + "/publicKey", ("object",), REQ),
        ("public-key.raw-bytes", log + "/publicKey/rawBytes", ("base64", "nonempty"), REQ),
        ("public-key.key-details", log + "/publicKey/keyDetails", ("nonempty",), REQ),
        ("valid-for", log + "/publicKey/validFor", ("object",), REQ),
        ("valid-for.start", log + "/publicKey/validFor/start", ("time",), REQ),
        ("valid-for.end", log + "/publicKey/validFor/end", ("time",), OPT),
        ("log-id", log + "/logId", ("object",), REQ),
        ("log-id.key-id", log + "/logId/keyId", ("base64", "nonempty"), REQ),
    ]
    ca = "/certificateAuthorities/0"
    fields += [
        ("authority", ca, ("object",), ANY),
        ("authority.subject", ca + "/subject", ("object",), OPT),
        ("authority.organization", ca + "/subject/organization", S, OPT),
        ("authority.common-name", ca + "/subject/commonName", S, OPT),
        ("authority.uri", ca + "/uri", ("uri",), OPT),
        ("cert-chain", ca + "/certChain", ("object",), REQ),
        ("cert-chain.certificates", ca + "/certChain/certificates", ("array", 1, False), REQ),
        ("certificate", ca + "/certChain/certificates/0", ("object",), ANY),
        ("certificate.raw-bytes", ca + "/certChain/certificates/0/rawBytes", ("base64", "nonempty"), REQ),
    ]
    return fields


def generic_inputs():
    b = bases()
    return [
        ("osv", b["osv"], osv_fields()),
        ("osv-git", b["osv-git"], osv_git_fields()),
        ("statement", b["statement"], statement_fields()),
        ("statement-npm", b["statement-npm"], statement_npm_fields()),
        ("slsa", b["slsa"], slsa_fields()),
        ("slsa-v02", b["slsa-v02"], slsa_v02_fields()),
        ("dsse", b["dsse"], envelope_fields("")),
        ("bundle-v03", b["bundle-v03"], bundle_v03_fields()),
        ("bundle-v01", b["bundle-v01"], bundle_v01_fields()),
        ("pep740a", b["pep740a"], pep740a_fields()),
        ("pep740p", b["pep740p"], pep740p_fields()),
        ("npm", b["npm"], npm_fields()),
        ("troot", b["troot"], troot_fields()),
    ]


# ---- special cases ----------------------------------------------------------

def special_cases():
    b = bases()
    out = []

    def case(base_name, name, change, expect):
        doc = copy.deepcopy(b[base_name])
        result = change(doc)
        out.append((base_name, name, result if isinstance(result, Text) else doc, expect))

    def payload(base_name, member_path, make):
        """Replace the base64 member at member_path (a list of keys) with make(decoded doc)."""
        def change(doc):
            holder = doc
            for key in member_path[:-1]:
                holder = holder[key]
            inner = json.loads(base64.b64decode(holder[member_path[-1]]))
            make(inner)
            holder[member_path[-1]] = b64(inner)
        return change

    E, W = "error", "warning"
    # OSV
    case("osv", "id.prefix", lambda d: d.update({"id": "FOO-2024-1"}), [(E, "osv.id.prefix", "/id", "value")])
    case("osv", "id.local", lambda d: d.update({"id": "x_local-1"}), [])
    case("osv", "id.start-anchored", lambda d: d.update({"id": "ALSA-2024:3264"}), [])
    case("osv", "ecosystem.suffix", lambda d: d["affected"][0]["package"].update({"ecosystem": "Debian:12"}), [])
    case("osv", "ecosystem.git", lambda d: d["affected"][0]["package"].update({"ecosystem": "GIT"}), [])
    case("osv", "ecosystem.format", lambda d: d["affected"][0]["package"].update({"ecosystem": "Pypi"}),
         [(E, "osv.package.ecosystem.format", "/affected/0/package/ecosystem", "value")])
    case("osv", "ecosystem.empty-suffix", lambda d: d["affected"][0]["package"].update({"ecosystem": "Debian:"}),
         [(E, "osv.package.ecosystem.format", "/affected/0/package/ecosystem", "value")])
    case("osv", "ecosystem.line-terminator", lambda d: d["affected"][0]["package"].update({"ecosystem": "npm:a\nb"}),
         [(E, "osv.package.ecosystem.format", "/affected/0/package/ecosystem", "value")])
    case("osv", "ecosystem.suffix-missing", lambda d: d["affected"][0]["package"].update({"ecosystem": "Alpine"}),
         [(W, "osv.package.ecosystem.suffix-missing", "/affected/0/package/ecosystem", "value")])
    case("osv", "ecosystem.alpine-form", lambda d: d["affected"][0]["package"].update({"ecosystem": "Alpine:3.16"}),
         [(W, "osv.package.ecosystem.suffix-missing", "/affected/0/package/ecosystem", "value")])
    case("osv", "package.purl.format", lambda d: d["affected"][0]["package"].update({"purl": "npm/osxlocation"}),
         [(W, "osv.package.purl.format", "/affected/0/package/purl", "value")])
    scores = [
        ("cvss2", "CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P", True),
        ("cvss2-bad", "CVSS_V2", "AV:X/AC:L", False),
        ("cvss3-partial", "CVSS_V3", "CVSS:3.1/AV:N", True),
        ("cvss3-prefix", "CVSS_V3", "CVSS:3.2/AV:N", False),
        ("cvss3-trailing-slash", "CVSS_V3", "CVSS:3.1/AV:N/", False),
        ("cvss4", "CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/U:Red", True),
        ("cvss4-order", "CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red/E:A", False),
        ("cvss4-short", "CVSS_V4", "CVSS:4.0/AV:N/AC:L", False),
        ("ubuntu", "Ubuntu", "medium", True),
        ("ubuntu-bad", "Ubuntu", "Medium", False),
    ]
    for name, type_, score, ok in scores:
        case("osv-git", f"severity.score.{name}",
             lambda d, t=type_, s=score: d.update({"severity": [{"type": t, "score": s}]}),
             [] if ok else [(E, "osv.severity.score.format", "/severity/0/score", "value")])
    ranges = "/affected/0/ranges/0"
    ev = lambda d: d["affected"][0]["ranges"][0]["events"]  # noqa: E731
    case("osv", "event.one-of.two", lambda d: ev(d).__setitem__(0, {"introduced": "0", "fixed": "1.0"}),
         [(E, "osv.event.one-of", ranges + "/events/0", "value")])
    case("osv", "event.one-of.none", lambda d: ev(d).append({"note": "x"}),
         [(E, "osv.event.one-of", ranges + "/events/1", "value")])
    case("osv", "event.one-of.extra-member", lambda d: ev(d)[0].update({"note": 1}), [])
    case("osv", "event.non-string-second-key", lambda d: ev(d)[0].update({"fixed": 5}), [])
    case("osv", "events.introduced-missing", lambda d: ev(d).__setitem__(0, {"fixed": "1.0"}),
         [(E, "osv.events.introduced-missing", ranges + "/events", "value")])
    case("osv", "range.fixed-and-last-affected", lambda d: ev(d).extend([{"fixed": "2"}, {"last_affected": "1"}]),
         [(E, "osv.range.fixed-and-last-affected", ranges + "/events", "value")])
    case("osv", "range.introduced-equals-fixed", lambda d: ev(d).extend([{"introduced": "1.0"}, {"fixed": "1.0"}]),
         [(W, "osv.range.introduced-equals-fixed", ranges + "/events", "value")])
    case("osv-git", "range.repo.required", lambda d: d["affected"][0]["ranges"][0].pop("repo"),
         [(E, "osv.range.repo.required", ranges, "value")])
    case("osv-git", "event.git-hash", lambda d: d["affected"][0]["ranges"][0]["events"][1].update({"fixed": "v1.0"}),
         [(E, "osv.event.git-hash", ranges + "/events/1/fixed", "value")])
    case("osv-git", "affected.severity.conflict", lambda d: d["affected"][0].update({"severity": d["severity"]}),
         [(E, "osv.affected.severity.conflict", "/affected/0/severity", "value")])
    case("osv-git", "affected.severity.null", lambda d: d["affected"][0].update({"severity": None}), [])
    case("osv", "affected.empty", lambda d: d.update({"affected": []}), [(W, "osv.affected.empty", "/affected", "value")])
    case("osv", "affected.absent", lambda d: d.pop("affected"), [(W, "osv.affected.empty", "", "value")])
    case("osv", "affected.withdrawn", lambda d: d.update({"affected": [], "withdrawn": "2025-04-01T00:00:00Z"}), [])
    case("osv", "aliases.null", lambda d: d.update({"aliases": None}), [])
    case("osv", "related.null", lambda d: d.update({"related": None}), [(E, "osv.related.type", "/related", "value")])
    case("osv", "ids.duplicate", lambda d: d["aliases"].append(d["aliases"][0]),
         [(W, "osv.ids.duplicate", "/aliases/1", "value")])
    case("osv", "ids.self", lambda d: d.update({"related": [d["id"]]}), [(W, "osv.ids.self", "/related/0", "value")])
    case("osv", "upstream.overlap", lambda d: d.update({"upstream": [d["aliases"][0]]}),
         [(W, "osv.upstream.overlap", "/upstream/0", "value")])
    case("osv", "unknown-top-level", lambda d: d.update({"cvss": "x"}),
         [(E, "osv.document.unknown", "/cvss", "name")])
    case("osv", "near-miss-top-level", lambda d: d.update({"Summary": "x"}),
         [(E, "osv.document.unknown", "/Summary", "name")])
    case("osv", "near-miss-nested", lambda d: d["affected"][0]["package"].update({"Name": "x"}),
         [(W, "osv.near-miss", "/affected/0/package/Name", "name")])
    case("osv", "unknown-nested-ignored", lambda d: d["affected"][0].update({"vendor_note": "x"}), [])
    case("osv", "timestamp-offset", lambda d: d.update({"modified": "2025-03-28T03:21:17+00:00"}),
         [(E, "osv.modified.format", "/modified", "value")])
    case("osv", "url-scheme-less", lambda d: d["references"][0].update({"url": "github.com/a/b"}),
         [(E, "osv.reference.url.format", "/references/0/url", "value")])
    case("osv", "url-mailto", lambda d: d["references"][0].update({"url": "mailto:security@example.org"}), [])

    # in-toto Statement
    case("statement", "statement-v0.1", lambda d: d.update({"_type": "https://in-toto.io/Statement/v0.1"}), [])
    case("statement", "predicate.null", lambda d: d.update({"predicateType": "https://example.com/p/v1", "predicate": None}), [])
    case("statement", "predicate.absent", lambda d: (d.pop("predicate"), d.update({"predicateType": "https://example.com/p/v1"})), [])
    case("statement", "predicate.required", lambda d: d.pop("predicate"),
         [(E, "in-toto-statement.predicate.required", "", "value")])
    case("statement", "predicate.type", lambda d: d.update({"predicateType": "https://example.com/p/v1", "predicate": [1]}),
         [(E, "in-toto-statement.predicate.type", "/predicate", "value")])
    case("statement", "predicate.unknown-type-free", lambda d: d.update({"predicateType": "https://example.com/p/v1",
                                                                          "predicate": {"Anything": 1}}), [])
    case("statement", "subject.digest.required", lambda d: d["subject"][0].pop("digest"),
         [(E, "in-toto-statement.subject.digest.required", "/subject/0", "value")])
    case("statement", "digest.empty", lambda d: d["subject"][0].update({"digest": {}}),
         [(E, "in-toto-statement.digest.empty", "/subject/0/digest", "value")])
    case("statement", "digest.format", lambda d: d["subject"][0]["digest"].update({"sha256": HEX64.upper()}),
         [(E, "in-toto-statement.digest.format", "/subject/0/digest/sha256", "value")])
    case("statement", "digest.length", lambda d: d["subject"][0]["digest"].update({"sha256": HEX64[:-2]}),
         [(E, "in-toto-statement.digest.format", "/subject/0/digest/sha256", "value")])
    case("statement", "digest.git-64", lambda d: d["subject"][0]["digest"].update({"gitCommit": HEX64}), [])
    case("statement", "digest.value-type", lambda d: d["subject"][0]["digest"].update({"sha512": 5}),
         [(E, "in-toto-statement.digest.type", "/subject/0/digest/sha512", "value")])
    case("statement", "digest.custom-only", lambda d: d["subject"][0].update({"digest": {"gce_image_id": "8970095005306000053"}}),
         [(W, "in-toto-statement.digest.no-known-algorithm", "/subject/0/digest", "value")])
    case("statement", "subject.name.duplicate-v1", lambda d: d["subject"].append(copy.deepcopy(d["subject"][0])),
         [(W, "in-toto-statement.subject.name.duplicate", "/subject/1/name", "value")])
    case("statement-npm", "subject.name.duplicate-v0.1", lambda d: d["subject"].append(copy.deepcopy(d["subject"][0])),
         [(E, "in-toto-statement.subject.name.duplicate", "/subject/1/name", "value")])
    case("statement-npm", "subject.name.required-v0.1", lambda d: d["subject"][0].pop("name"),
         [(E, "in-toto-statement.subject.name.required", "/subject/0", "value")])
    case("statement-npm", "subject.npm-purl.mismatch", lambda d: d["predicate"].update({"version": "1.2.4"}),
         [(E, "in-toto-statement.subject.npm-purl.mismatch", "/subject/0/name", "value")])
    case("statement", "predicate.pypi-publish.not-empty",
         lambda d: d.update({"predicateType": "https://docs.pypi.org/attestations/publish/v1", "predicate": {"x": 1}}),
         [(E, "in-toto-statement.predicate.pypi-publish.not-empty", "/predicate", "value")])
    case("statement", "resource.identity-missing",
         lambda d: d["predicate"]["buildDefinition"]["resolvedDependencies"].__setitem__(0, {"name": "x"}),
         [(E, "in-toto-statement.resource.identity-missing", "/predicate/buildDefinition/resolvedDependencies/0", "value")])
    case("statement", "resource.content", lambda d: d["predicate"]["buildDefinition"]["resolvedDependencies"].__setitem__(
        0, {"content": b64(b"inline")}), [])
    case("statement", "resource.content.pad-bits", lambda d: d["predicate"]["buildDefinition"]["resolvedDependencies"].__setitem__(
        0, {"content": "aGVsbG8gd29ybGR="}),
         [(E, "in-toto-statement.resource.content.format", "/predicate/buildDefinition/resolvedDependencies/0/content", "value")])
    case("statement", "slsa.external-parameters.missing", lambda d: d["predicate"]["buildDefinition"].pop("externalParameters"),
         [(W, "slsa-provenance.slsa.external-parameters.missing", "/predicate/buildDefinition", "value")])
    case("statement", "slsa.external-parameters.empty", lambda d: d["predicate"]["buildDefinition"].update({"externalParameters": {}}),
         [(W, "slsa-provenance.slsa.external-parameters.missing", "/predicate/buildDefinition/externalParameters", "value")])
    case("statement", "near-miss", lambda d: d.update({"predicate_type": "x"}),
         [(E, "in-toto-statement.near-miss", "/predicate_type", "name")])
    case("statement", "near-miss-in-predicate", lambda d: d["predicate"]["runDetails"]["builder"].update({"ID": "x"}),
         [(E, "slsa-provenance.near-miss", "/predicate/runDetails/builder/ID", "name")])
    case("statement", "unknown-ignored", lambda d: d.update({"extension_field": 1}), [])
    case("statement", "type-uri.not-normalized", lambda d: d.update({"predicateType": "https://SLSA.dev/provenance/v1"}),
         [(E, "in-toto-statement.predicate-type.format", "/predicateType", "value")])
    case("statement", "slsa02.type", lambda d: d.update({"predicateType": "https://slsa.dev/provenance/v0.2", "predicate": "x"}),
         [(E, "slsa-provenance.slsa02.type", "/predicate", "value")])
    case("slsa-v02", "slsa02.build-invocation-id-spec-spelling", lambda d: d["metadata"].update(
        {"buildInvocationId": d["metadata"].pop("buildInvocationID")}), [])
    case("slsa", "slsa.external-parameters.missing", lambda d: d["buildDefinition"].pop("externalParameters"),
         [(W, "slsa-provenance.slsa.external-parameters.missing", "/buildDefinition", "value")])
    case("slsa", "digest.no-known-algorithm", lambda d: d["runDetails"]["byproducts"][0].update({"digest": {"x": "y"}}),
         [(W, "in-toto-statement.digest.no-known-algorithm", "/runDetails/byproducts/0/digest", "value")])

    # DSSE: the payload is validated inside, and its diagnostics point into it.
    case("dsse", "payload.statement-digest", payload("dsse", ["payload"], lambda s: s["subject"][0]["digest"].update(
        {"sha256": "ABC"})),
         [(E, "in-toto-statement.digest.format", "/payload", "value", "/subject/0/digest/sha256")])
    case("dsse", "payload.statement-subject", payload("dsse", ["payload"], lambda s: s.pop("subject")),
         [(E, "in-toto-statement.subject.required", "/payload", "value", "")])
    case("dsse", "payload.not-json", lambda d: d.update({"payload": b64(b"{\"_type\": 1,}")}),
         [(E, "json.unexpected-character", "/payload", "value", "")])
    case("dsse", "payload.duplicate-member", lambda d: d.update({"payload": b64(b"{\"a\":1,\"a\":2}")}),
         [(E, "json.duplicate-member", "/payload", "value", "/a")])
    case("dsse", "payload.link", lambda d: d.update({"payload": b64({"_type": "link", "name": "clone"})}), [])
    case("dsse", "payload.opaque-type", lambda d: d.update({"payloadType": "text/plain", "payload": b64(b"hello world")}), [])
    case("dsse", "payload.predicate-type-specific", lambda d: d.update({"payloadType": "application/vnd.in-toto.provenance+json"}), [])
    case("dsse", "payload-type.non-ascii", lambda d: d.update({"payloadType": "application/vnd.\u00e9+json"}),
         [(W, "dsse-envelope.payload-type.non-ascii", "/payloadType", "value")])
    case("dsse", "base64.url-safe", lambda d: d["signatures"][0].update({"sig": "-_-_"}), [])
    case("dsse", "base64.mixed", lambda d: d["signatures"][0].update({"sig": "+/-_"}),
         [(E, "dsse-envelope.signature.sig.format", "/signatures/0/sig", "value")])
    case("dsse", "base64.unpadded", lambda d: d["signatures"][0].update({"sig": "aGk"}),
         [(E, "dsse-envelope.signature.sig.format", "/signatures/0/sig", "value")])
    case("dsse", "base64.pad-bits", lambda d: d["signatures"][0].update({"sig": "aGVsbG8gd29ybGR="}),
         [(E, "dsse-envelope.signature.sig.format", "/signatures/0/sig", "value")])
    case("dsse", "base64.whitespace", lambda d: d["signatures"][0].update({"sig": "aGVs bG8="}),
         [(E, "dsse-envelope.signature.sig.format", "/signatures/0/sig", "value")])
    case("dsse", "keyid.absent", lambda d: d["signatures"][0].pop("keyid"), [])
    case("dsse", "two-signatures", lambda d: d["signatures"].append({"sig": B64}), [])
    case("dsse", "near-miss", lambda d: d.update({"PayloadType": "x"}),
         [(E, "dsse-envelope.near-miss", "/PayloadType", "name")])

    # Sigstore bundle
    vm = "/verificationMaterial"
    case("bundle-v03", "media-type.unknown", lambda d: d.update({"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1garbage"}),
         [(E, "sigstore-bundle.media-type.unknown", "/mediaType", "value")])
    for version in ("0.1", "0.2", "0.3"):
        expect = [] if version != "0.3" else [(E, "sigstore-bundle.verification-material.chain-in-v0.3", vm + "/x509CertificateChain", "name")]

        def change(d, v=version):
            d["mediaType"] = f"application/vnd.dev.sigstore.bundle+json;version={v}"
            d["verificationMaterial"]["x509CertificateChain"] = {"certificates": [{"rawBytes": CERT}]}
            del d["verificationMaterial"]["certificate"]
        case("bundle-v03", f"media-type.v{version}-chain", change, expect)
    case("bundle-v03", "verification-material.certificate-before-v0.3",
         lambda d: d.update({"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.2"}),
         [(E, "sigstore-bundle.verification-material.certificate-before-v0.3", vm + "/certificate", "name")])
    case("bundle-v03", "verification-material.not-one-none", lambda d: d["verificationMaterial"].pop("certificate"),
         [(E, "sigstore-bundle.verification-material.not-one", vm, "value")])
    case("bundle-v03", "verification-material.not-one-two", lambda d: d["verificationMaterial"].update({"publicKey": {"hint": "k"}}),
         [(E, "sigstore-bundle.verification-material.not-one", vm, "value")])
    case("bundle-v01", "tlog-entry.inclusion-promise.required", lambda d: d["verificationMaterial"]["tlogEntries"][0].pop("inclusionPromise"),
         [(E, "sigstore-bundle.tlog-entry.inclusion-promise.required", vm + "/tlogEntries/0", "value")])
    case("bundle-v03", "tlog-entry.inclusion-proof.required", lambda d: d["verificationMaterial"]["tlogEntries"][0].pop("inclusionProof"),
         [(E, "sigstore-bundle.tlog-entry.inclusion-proof.required", vm + "/tlogEntries/0", "value")])
    case("bundle-v03", "tlog-entry.inclusion-proof.null", lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"inclusionProof": None}),
         [(E, "sigstore-bundle.tlog-entry.inclusion-proof.required", vm + "/tlogEntries/0", "value")])
    case("bundle-v03", "inclusion-proof.checkpoint.required", lambda d: d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"].pop("checkpoint"),
         [(E, "sigstore-bundle.inclusion-proof.checkpoint.required", vm + "/tlogEntries/0/inclusionProof", "value")])
    case("bundle-v03", "tlog-entry.no-signed-time", lambda d: (d["verificationMaterial"]["tlogEntries"][0].pop("inclusionPromise"),
                                                              d["verificationMaterial"].pop("timestampVerificationData")),
         [(E, "sigstore-bundle.tlog-entry.no-signed-time", vm + "/tlogEntries/0", "value")])
    case("bundle-v01", "inclusion-proof.checkpoint.required",
         lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"inclusionProof": {
             "logIndex": "23083061", "rootHash": B64, "treeSize": "23083062", "hashes": [B64]}}),
         [(E, "sigstore-bundle.inclusion-proof.checkpoint.required", vm + "/tlogEntries/0/inclusionProof", "value")])
    case("bundle-v03", "inclusion-proof.checkpoint.null",
         lambda d: d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"].update({"checkpoint": None}),
         [(E, "sigstore-bundle.inclusion-proof.checkpoint.required", vm + "/tlogEntries/0/inclusionProof", "value")])
    case("pep740a", "inclusion-proof.checkpoint.required",
         lambda d: d["verification_material"]["transparency_entries"][0]["inclusionProof"].pop("checkpoint"),
         [(E, "sigstore-bundle.inclusion-proof.checkpoint.required",
           "/verification_material/transparency_entries/0/inclusionProof", "value")])
    case("bundle-v03", "tlog-entries.absent-timestamped", lambda d: d["verificationMaterial"].pop("tlogEntries"), [])
    case("bundle-v03", "tlog-entries.empty-timestamped", lambda d: d["verificationMaterial"].update({"tlogEntries": []}), [])
    case("bundle-v01", "tlog-entries.absent-timestamped",
         lambda d: (d["verificationMaterial"].pop("tlogEntries"),
                    d["verificationMaterial"].update({"timestampVerificationData": {"rfc3161Timestamps": [{"signedTimestamp": B64}]}})),
         [])
    case("bundle-v03", "verification-material.no-signed-time",
         lambda d: (d["verificationMaterial"].pop("tlogEntries"), d["verificationMaterial"].pop("timestampVerificationData")),
         [(E, "sigstore-bundle.verification-material.no-signed-time", vm, "value")])
    case("bundle-v03", "verification-material.no-signed-time.empty",
         lambda d: d["verificationMaterial"].update({"tlogEntries": [], "timestampVerificationData": {"rfc3161Timestamps": []}}),
         [(E, "sigstore-bundle.verification-material.no-signed-time", vm, "value")])
    case("bundle-v01", "verification-material.no-signed-time", lambda d: d["verificationMaterial"].update({"tlogEntries": []}),
         [(E, "sigstore-bundle.verification-material.no-signed-time", vm, "value")])
    case("bundle-v03", "rekor-v2-timestamp-only", lambda d: (d["verificationMaterial"]["tlogEntries"][0].pop("inclusionPromise"),
                                                             d["verificationMaterial"]["tlogEntries"][0].pop("integratedTime")), [])
    case("bundle-v03", "timestamp.duplicate", lambda d: d["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"].append({"signedTimestamp": B64}),
         [(W, "sigstore-bundle.timestamp.duplicate", vm + "/timestampVerificationData/rfc3161Timestamps/1", "value")])
    case("bundle-v03", "timestamps.empty", lambda d: d["verificationMaterial"]["timestampVerificationData"].update({"rfc3161Timestamps": []}), [])
    case("bundle-v03", "log-index.negative", lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"logIndex": "-1"}),
         [(E, "sigstore-bundle.tlog-entry.log-index.format", vm + "/tlogEntries/0/logIndex", "value")])
    case("bundle-v03", "log-index.overflow", lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"logIndex": "9223372036854775808"}),
         [(E, "sigstore-bundle.tlog-entry.log-index.format", vm + "/tlogEntries/0/logIndex", "value")])
    case("bundle-v03", "log-index.max", lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"logIndex": "9223372036854775807"}), [])
    # the protobuf JSON mapping: an int64 as a number, a proto field name, unpadded base64 are read with warnings
    case("bundle-v03", "log-index.number", lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"logIndex": 5}),
         [(W, "sigstore-bundle.proto-json.int64-number", vm + "/tlogEntries/0/logIndex", "value")])
    case("bundle-v03", "proto-json.field-name", lambda d: d.update({"verification_material": d.pop("verificationMaterial")}),
         [(W, "sigstore-bundle.proto-json.field-name", "/verification_material", "name")])
    case("bundle-v03", "proto-json.both-names",
         lambda d: d["verificationMaterial"]["tlogEntries"][0].update({"log_index": "6"}),
         [(E, "sigstore-bundle.proto-json.both-names", vm + "/tlogEntries/0/log_index", "name")])
    case("bundle-v03", "proto-json.base64-unpadded",
         lambda d: d["dsseEnvelope"]["signatures"][0].update({"sig": d["dsseEnvelope"]["signatures"][0]["sig"].rstrip("=")}),
         [(W, "dsse-envelope.proto-json.base64-unpadded", "/dsseEnvelope/signatures/0/sig", "value")])
    case("bundle-v03", "proto-json.unknown-member", lambda d: d["verificationMaterial"].update({"futureField": 1}),
         [(W, "sigstore-bundle.unknown-member", vm + "/futureField", "name")])
    case("bundle-v03", "proto-json.root-hash-unpadded", lambda d: d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"].update(
        {"rootHash": d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["rootHash"].rstrip("=")}),
         [(W, "sigstore-bundle.proto-json.base64-unpadded", vm + "/tlogEntries/0/inclusionProof/rootHash", "value")])
    # the bundle's envelope is a protobuf message too: its codes are the dsse-envelope kind's
    case("bundle-v03", "proto-json.envelope-field-name",
         lambda d: d["dsseEnvelope"].update({"payload_type": d["dsseEnvelope"].pop("payloadType")}),
         [(W, "dsse-envelope.proto-json.field-name", "/dsseEnvelope/payload_type", "name")])
    case("bundle-v03", "proto-json.envelope-both-names",
         lambda d: d["dsseEnvelope"].update({"payload_type": d["dsseEnvelope"]["payloadType"]}),
         [(E, "dsse-envelope.proto-json.both-names", "/dsseEnvelope/payload_type", "name")])
    case("bundle-v03", "proto-json.envelope-unknown-member", lambda d: d["dsseEnvelope"].update({"extra": 1}),
         [(W, "dsse-envelope.unknown-member", "/dsseEnvelope/extra", "name")])
    case("bundle-v03", "content.not-one-two", lambda d: d.update({"messageSignature": copy.deepcopy(b["bundle-v01"]["messageSignature"])}),
         [(E, "sigstore-bundle.content.not-one", "", "value")])
    case("bundle-v03", "content.not-one-none", lambda d: d.pop("dsseEnvelope"),
         [(E, "sigstore-bundle.content.not-one", "", "value")])
    case("bundle-v03", "signatures.not-one", lambda d: d["dsseEnvelope"]["signatures"].append({"sig": B64}),
         [(E, "dsse-envelope.signatures.not-one", "/dsseEnvelope/signatures", "value")])
    case("bundle-v03", "payload.statement", payload("bundle-v03", ["dsseEnvelope", "payload"],
                                                    lambda s: s["predicate"]["runDetails"]["builder"].pop("id")),
         [(E, "slsa-provenance.slsa.builder.id.required", "/dsseEnvelope/payload", "value", "/predicate/runDetails/builder")])
    case("npm", "public-key.hint.keyid-mismatch", lambda d: d["attestations"][0]["bundle"]["dsseEnvelope"]["signatures"][0].update({"keyid": "other"}),
         [(E, "sigstore-bundle.public-key.hint.keyid-mismatch", "/attestations/0/bundle/dsseEnvelope/signatures/0/keyid", "value")])
    case("npm", "payload.npm-publish", payload("npm", ["attestations", 0, "bundle", "dsseEnvelope", "payload"],
                                               lambda s: s["subject"][0].pop("digest")),
         [(E, "in-toto-statement.subject.digest.required", "/attestations/0/bundle/dsseEnvelope/payload", "value", "/subject/0")])

    for base_name, kind, member in (("bundle-v03", "sigstore-bundle", "MediaType"), ("pep740a", "pep740-attestation", "Version"),
                                    ("pep740p", "pep740-provenance", "attestationBundles"), ("npm", "npm-attestations", "Attestations")):
        case(base_name, "near-miss", lambda d, m=member: d.update({m: 1}), [(E, f"{kind}.near-miss", "/" + member, "name")])

    # PEP 740
    st = ["envelope", "statement"]
    case("pep740a", "pep740.subject.not-one", payload("pep740a", st, lambda s: s["subject"].append(copy.deepcopy(s["subject"][0]))),
         [(W, "in-toto-statement.subject.name.duplicate", "/envelope/statement", "value", "/subject/1/name"),
          (E, "pep740-attestation.statement.subject.not-one", "/envelope/statement", "value", "/subject")])
    case("pep740a", "pep740.subject.name.format", payload("pep740a", st, lambda s: s["subject"][0].update({"name": "sampleproject.tar.gz"})),
         [(E, "pep740-attestation.statement.subject.name.format", "/envelope/statement", "value", "/subject/0")])
    case("pep740a", "pep740.subject.wheel", payload("pep740a", st, lambda s: s["subject"][0].update(
        {"name": "sampleproject-4.0.0-py3-none-any.whl"})), [])
    case("pep740a", "pep740.subject.sha256.required", payload("pep740a", st, lambda s: s["subject"][0].update(
        {"digest": {"sha512": "ab" * 64}})),
         [(E, "pep740-attestation.statement.subject.sha256.required", "/envelope/statement", "value", "/subject/0/digest")])
    case("pep740a", "pep740.predicate-type.unknown", payload("pep740a", st, lambda s: s.update({"predicateType": "https://example.com/p/v1"})),
         [(E, "pep740-attestation.statement.predicate-type.unknown", "/envelope/statement", "value", "/predicateType")])
    case("pep740a", "pep740.publish-null", payload("pep740a", st, lambda s: s.update({"predicate": None})), [])
    case("pep740a", "pep740.slsa", payload("pep740a", st, lambda s: s.update({"predicateType": "https://slsa.dev/provenance/v1",
                                                                             "predicate": slsa_v1()})), [])
    case("pep740a", "pep740.statement.not-json", lambda d: d["envelope"].update({"statement": b64(b"[1,]")}),
         [(E, "json.unexpected-character", "/envelope/statement", "value", "/1")])
    case("pep740a", "pep740.extra-keys", lambda d: d.update({"signer_note": "allowed"}), [])
    case("pep740p", "publisher.claims-absent", lambda d: d["attestation_bundles"][0]["publisher"].pop("claims"), [])
    case("pep740p", "nested.statement", payload("pep740p", ["attestation_bundles", 0, "attestations", 0, "envelope", "statement"],
                                                 lambda s: s.update({"_type": "https://in-toto.io/Statement/v2"})),
         [(E, "in-toto-statement.type.enum", "/attestation_bundles/0/attestations/0/envelope/statement", "value", "/_type")])
    # Sigstore trusted root
    tl = "/tlogs/0/publicKey/validFor"
    case("troot", "valid-for.order", lambda d: d["tlogs"][0]["publicKey"]["validFor"].update({"end": "2020-01-01T00:00:00Z"}),
         [(E, "sigstore-trusted-root.valid-for.order", tl + "/end", "value")])
    case("troot", "valid-for.start-missing", lambda d: d["tlogs"][0]["publicKey"].update({"validFor": {}}),
         [(E, "sigstore-trusted-root.valid-for.start.required", tl, "value")])
    case("troot", "real-data-spellings", lambda d: (d["tlogs"][0].update({"baseUrl": "http://localhost:8000"}),
                                                    d["tlogs"][0]["publicKey"].update({"keyDetails": "PKCS1_RSA_PKCS1V5"}),
                                                    d["tlogs"][0]["publicKey"]["validFor"].update({"end": None})), [])
    case("troot", "media-type.v0.2", lambda d: d.update({"mediaType": "application/vnd.dev.sigstore.trustedroot.v0.2+json"}), [])
    case("troot", "media-type.prefix", lambda d: d.update(
        {"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1x"}),
         [(E, "sigstore-trusted-root.media-type.enum", "/mediaType", "value")])
    case("troot", "near-miss", lambda d: d.update({"tLogs": []}), [(E, "sigstore-trusted-root.near-miss", "/tLogs", "name")])
    return out

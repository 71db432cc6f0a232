#!/usr/bin/env python3
"""Builds the harnesses' seed corpora in fuzz/corpus/<target>/ from the test
vectors, the examples and the shared corpora (when ../shared is present).
Seeds are named by the SHA-1 of their content, as libFuzzer names what it
finds, so running this again adds nothing twice.

    python3 fuzz/make-seeds.py
"""

import hashlib
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "corpus")


def add(target, data):
    folder = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    if len(data) > 64 * 1024:
        return  # large files teach a fuzzer little and weigh on the repository
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def files(folder, suffix=""):
    if not os.path.isdir(folder):
        return []
    out = []
    for dirpath, _, names in os.walk(folder):
        out += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(suffix)]
    return sorted(out)


def read(path):
    with open(path, "rb") as f:
        return f.read()


vectors = os.path.join(ROOT, "tests", "vectors")
examples = os.path.join(ROOT, "examples", "documents")
for kind in ("release", "trusted-publisher", "repository-profile"):
    for p in files(os.path.join(vectors, kind), ".input"):
        add("native", read(p))
for p in files(examples, ".json"):
    add("native", read(p))
for p in files(os.path.join(vectors, "repository-profile"), ".input") + files(examples, ".json"):
    if "profile" in p:
        add("profile_levels", read(p))
for p in files(os.path.join(vectors, "osv"), ".input"):
    add("osv", read(p))
for kind in ("in-toto-statement", "slsa-provenance", "dsse-envelope", "sigstore-bundle", "pep740-attestation",
             "pep740-provenance", "npm-attestations"):
    for p in files(os.path.join(vectors, kind), ".input"):
        add("attestations", read(p))
        if kind == "dsse-envelope":
            add("dsse_verify", read(p))
for p in files(os.path.join(examples), "trusted-publisher-github.json"):
    add("tp_match", read(p) + b"\0" + b'{"iss":"https://token.actions.githubusercontent.com","aud":"pypi"}')

if os.path.isdir(SHARED):
    rng = random.Random(740)
    records = files(os.path.join(SHARED, "osv", "records"), ".json")
    for p in rng.sample(records, min(150, len(records))):
        add("osv", read(p))
    for p in files(os.path.join(SHARED, "osv", "probes", "docs"), ".json"):
        add("osv", read(p))
    for p in files(os.path.join(SHARED, "attestations")):
        if not p.endswith((".tsv", ".md")):
            add("attestations", read(p))
    derived = json.loads(read(os.path.join(SHARED, "attestations", "derived", "dsse-ed25519-vectors.json")))
    for v in derived["vectors"]:
        add("dsse_verify", json.dumps(v["envelope"]))
    tp = os.path.join(SHARED, "trusted-publishing")
    for case in json.loads(read(os.path.join(tp, "cases.json"))):
        add("tp_match", json.dumps(case["policy"]).encode() + b"\0" + read(os.path.join(tp, case["claims_file"])))
    for p in files(tp, ".json"):
        if not p.endswith("cases.json"):
            add("tp_match", read(p))

    for p in files(os.path.join(SHARED, "purl-spec", "tests"), ".json"):
        for t in json.loads(read(p))["tests"]:
            add("purl", t["input"] if isinstance(t["input"], str) else json.dumps(t["input"]))

for target in sorted(os.listdir(os.path.join(ROOT, "fuzz", "corpus"))):
    print(target, len(os.listdir(os.path.join(ROOT, "fuzz", "corpus", target))))


# Verification: trusted roots, bundles, PEP 740 attestations, npm responses (the real data).
sigstore = os.path.join(SHARED, "sigstore")
for p in files(os.path.join(sigstore, "trust"), ".json") + files(os.path.join(sigstore, "conformance"), "trusted_root.json"):
    add("trust_root", read(p))
for p in files(os.path.join(vectors, "sigstore-trusted-root"), ".input"):
    add("trust_root", read(p))
for p in files(os.path.join(sigstore, "conformance"), "bundle.sigstore.json"):
    add("verify_bundle", read(p))
for p in files(os.path.join(sigstore, "pep740")):
    if p.endswith((".attestation", ".sigstore", ".provenance")):
        add("verify_pep740", read(p))
for p in files(os.path.join(sigstore, "npm", "attestations"), ".json"):
    add("verify_npm", read(p))

# OIDC ID tokens and key sets: the jose corpus.
jose = os.path.join(SHARED, "jose")
for p in files(os.path.join(jose, "generated", "tokens"), ".jwt"):
    add("tp_verify", read(p))
for p in files(os.path.join(jose, "generated"), ".json") + files(os.path.join(jose, "rfc7515"), ".json"):
    add("tp_verify", read(p))

# Rendering: the first byte picks a panel (even; its style from the next
# bits) or a comparison (odd) of the rest. The panel examples' results and
# the profiles, bundled and from the survey.
for p in files(os.path.join(ROOT, "examples", "panels"), ".json"):
    if os.path.basename(p).startswith("result-"):
        add("render", b"\0" + read(p))
        add("render", b"\2" + read(p))
add("render", b'\0{"verified": true, "attestations": [{"identity": {"san": "<b>"}, "extensions": {"issuer": '
              b'"https://token.actions.githubusercontent.com", "github-workflow-repository": "o/r", '
              b'"github-workflow-sha": "abc"}, "statement": {"subject": [{"name": "x", "digest": {"sha256": "00"}}]}}]}')
for p in files(examples, ".json") + files(os.path.join(ROOT, "examples", "survey-2022"), ".json")[:3]:
    if os.path.basename(p).startswith("repository-profile-"):
        add("render", b"\1" + read(p))

# TUF: the first byte picks the file of Sigstore's repository (the static copy
# in the tuf-conformance corpus) that the rest replaces (fuzz_tuf.c's
# REPLACED); each file itself is a seed, and so is the other static repository's.
static = os.path.join(SHARED, "tuf-conformance", "tuf_conformance", "static_data")
meta = os.path.join(static, "sigstore-root-signing", "metadata")
replaced = [os.path.join(meta, "12.root.json"), os.path.join(meta, "timestamp.json"),
            os.path.join(meta, "159.snapshot.json"), os.path.join(meta, "11.targets.json"),
            os.path.join(meta, "5.registry.npmjs.org.json"),
            os.path.join(static, "sigstore-root-signing", "targets",
                         "f44a1b88128e55ebfb62189becbc0fa48d4ec9915c65ac54ba0e46a008b12d5b.trusted_root.json")]
for i, p in enumerate(replaced):
    if os.path.isfile(p):
        add("tuf", bytes([i]) + read(p))
for p in files(os.path.join(static, "tuf-on-ci-0.11", "metadata"), ".json"):
    kind = json.loads(read(p))["signed"]["_type"]
    add("tuf", bytes([{"root": 0, "timestamp": 1, "snapshot": 2, "targets": 3}[kind]]) + read(p))

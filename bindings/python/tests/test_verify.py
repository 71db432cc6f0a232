"""Verification through the binding: the sigstore-conformance bundles, the
PEP 740 and npm CASES files of the shared corpus, each with the verdict,
code, pointer, line and column the C suite records in
tests/vectors/verify-expected.tsv; trust roots, policies and ID tokens."""

import base64
import json
import os
from pathlib import Path

import pytest

import ssrmeta as ssr

ROOT = Path(os.environ.get("SSR_ROOT") or Path(__file__).resolve().parents[3])
CORPUS = ROOT.parent / "shared" / "corpus" / "sigstore"
IDENTITY = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/"
            "extremely-dangerous-oidc-beacon.yml@refs/heads/main")
ISSUER = "https://token.actions.githubusercontent.com"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is absent")


def expected():
    table = {}
    for line in (ROOT / "tests" / "vectors" / "verify-expected.tsv").read_text().splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        # the table writes an empty pointer as ""
        table[f[0]] = None if f[1] == "pass" else (f[2], "" if f[3] == '""' else f[3], int(f[4]), int(f[5]))
    return table


EXPECTED = expected()


def outcome(call):
    """None when the call verifies, else (code, pointer, line, column) of the first error."""
    try:
        call()
        return None
    except (ssr.VerificationError, ssr.InvalidError) as e:
        d = next(d for d in e.report.diagnostics if d.severity == "error")
        return (d.code, d.pointer, d.line, d.column)


@needs_corpus
def test_sigstore_conformance_bundles():
    base = CORPUS / "conformance" / "bundle-verify"
    cases = 0
    for case in sorted(p for p in base.iterdir() if p.is_dir()):
        try:
            root = (ssr.TrustedRoot.from_json((case / "trusted_root.json").read_bytes())
                    if (case / "trusted_root.json").exists() else ssr.TrustedRoot.public_good())
        except ssr.InvalidError as e:
            d = next(d for d in e.report.diagnostics if d.severity == "error")
            for mode in ("path", "digest"):
                assert EXPECTED[f"conformance/{case.name}/{mode}"] == (d.code, d.pointer, d.line, d.column), case.name
            cases += 2
            continue
        if (case / "key.pub").exists():
            try:
                policy = ssr.VerifyPolicy.key((case / "key.pub").read_bytes())
            except ssr.InvalidKeyError:
                assert case.name.endswith("_fail")  # a key that is no key verifies nothing
                cases += 2
                continue
        else:
            identity = (case / "identity").read_text().strip() if (case / "identity").exists() else IDENTITY
            issuer = (case / "issuer").read_text().strip() if (case / "issuer").exists() else ISSUER
            policy = ssr.VerifyPolicy.identity(identity, issuer)
        artifact = case / "artifact" if (case / "artifact").exists() else base / "a.txt"
        bundle = (case / "bundle.sigstore.json").read_bytes()
        by = {"path": {"path": artifact}, "digest": {"digests": {"sha256": ssr.digest(artifact.read_bytes())}}}
        for mode, kwargs in by.items():
            got = outcome(lambda: ssr.verify_bundle(bundle, policy, root=root, **kwargs))
            assert got == EXPECTED[f"conformance/{case.name}/{mode}"], (case.name, mode, got)
            assert (got is None) == (not case.name.endswith("_fail")), case.name
            cases += 1
    assert cases == 140


@needs_corpus
def test_pep740_cases():
    base = CORPUS / "pep740"
    lines = (base / "CASES.tsv").read_text().splitlines()[1:]
    for line in lines:
        f = line.split("\t")
        case, artifact, attestation, trust, policy_json, expect = f[:6]
        policy = ssr.VerifyPolicy.from_json(policy_json)
        data = (base / attestation).read_bytes()
        if artifact == "-":
            call = lambda: policy.check(data)  # noqa: E731
        else:
            root = ssr.TrustedRoot.staging() if trust == "staging" else ssr.TrustedRoot.public_good()
            if artifact.startswith("@"):
                name, sha = artifact[1:].split("#sha256:")
                kwargs = {"digests": {"sha256": sha}}
            else:
                name, kwargs = artifact.rsplit("/", 1)[-1], {"path": base / artifact}
            call = lambda: ssr.verify_pep740(data, name, policy, root=root, **kwargs)  # noqa: E731
        got = outcome(call)
        assert got == EXPECTED[f"pep740/{case}"], (case, got)
        assert (got is None) == (expect == "pass"), case
    assert len(lines) == 46


@needs_corpus
def test_npm_cases():
    base = CORPUS / "npm"
    lines = (base / "CASES.tsv").read_text().splitlines()[1:]
    runs = 0
    for line in lines:
        case, package, integrity, tarball, attestations, keys, expect = line.split("\t")[:7]
        data, key_data = (base / attestations).read_bytes(), (base / keys).read_bytes()
        sha512 = base64.b64decode(integrity[len("sha512-"):]).hex()
        for mode, kwargs in (("tarball", {"path": base / tarball}), ("integrity", {"digests": {"sha512": sha512}})):
            key = f"npm/{case}/{mode}"
            if key not in EXPECTED:
                continue
            got = outcome(lambda: ssr.verify_npm(data, package, key_data, **kwargs))
            assert got == EXPECTED[key], (key, got)
            assert (got is None) == (expect == "pass"), key
            runs += 1
    assert runs == 74


def test_policies_and_roots_refuse_what_they_must():
    with pytest.raises(ssr.InvalidError):
        ssr.TrustedRoot.from_json(b"{}")
    with pytest.raises(ssr.InvalidError):
        ssr.VerifyPolicy.from_json({"identity": "x"})
    with pytest.raises(ssr.InvalidKeyError, match="^key: "):
        ssr.VerifyPolicy.key(b"junk")
    with pytest.raises(ssr.Error, match="unknown extension"):
        ssr.VerifyPolicy.identity("a", "b").require("no-such-extension", "x")
    with pytest.raises(TypeError, match="exactly one of data, path and digests"):
        ssr.verify_bundle(b"{}", ssr.VerifyPolicy.identity("a", "b"))
    with pytest.raises(TypeError, match="policy must be a VerifyPolicy"):
        ssr.verify_bundle(b"{}", {"identity": "a"}, data=b"")


JOSE = ROOT.parent / "shared" / "corpus" / "jose" / "generated"


@pytest.mark.skipif(not JOSE.is_dir(), reason="the shared jose corpus is absent")
def test_id_tokens():
    """A valid token's signature verifies and its claims are matched; a token whose
    signature was changed, or of another algorithm than its key's, is refused."""
    jwks = ssr.Jwks.from_json((JOSE / "jwks.json").read_bytes())
    assert len(jwks) >= 2
    policy = (ROOT / "examples" / "documents" / "trusted-publisher-github.json").read_bytes()
    token = (JOSE / "tokens" / "valid-rs256.jwt").read_bytes().strip()
    r = ssr.tp_verify_token(policy, jwks, token, now=1750000000)
    assert (r.alg, r.claims["iss"], r.claims["aud"]) == ("RS256", ISSUER, "pypi")
    assert r.kid and not r.match.matched  # another repository than the policy's
    assert r.match.failed_claim == "repository"
    head, body, sig = token.split(b".")
    flipped = head + b"." + body + b"." + (b"A" if sig[:1] != b"A" else b"B") + sig[1:]
    for bad, code in ((flipped, "jwt.signature"), ((JOSE / "tokens" / "alg-none.jwt").read_bytes().strip(), "jwt.alg.none")):
        with pytest.raises(ssr.VerificationError) as e:
            ssr.tp_verify_token(policy, jwks, bad, now=1750000000)
        assert e.value.report.diagnostics[0].code == code, e.value.report.diagnostics[0]
    with pytest.raises(ssr.VerificationError) as e:
        ssr.tp_verify_token(policy, jwks, "a.b.c", now=1750000000)
    assert e.value.report.diagnostics[0].code == "jwt.base64url"
    with pytest.raises(ssr.InvalidError):
        ssr.Jwks.from_json(b'{"keys": 1}')


# ---- handles shared by threads ------------------------------------------------------------------

def _race(rounds, make, users, closer_count=1, delay=0.0):
    """Each round: a new object from make(), `users` threads calling use(obj) and
    `closer_count` threads closing it at once (after up to `delay` seconds, so that
    some closes land while the uses run). Returns the outcomes of the uses."""
    import random
    import threading
    import time
    outcomes = []
    lock = threading.Lock()
    for _ in range(rounds):
        obj, use = make()
        start = threading.Barrier(len(users) + closer_count)

        def run_use(u):
            start.wait()
            try:
                r = u(obj)
            except ValueError as e:
                r = str(e)
            with lock:
                outcomes.append(r)

        def run_close():
            start.wait()
            if delay:
                time.sleep(random.uniform(0, delay))
            obj.close()

        threads = [threading.Thread(target=run_use, args=(u,)) for u in users]
        threads += [threading.Thread(target=run_close) for _ in range(closer_count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return outcomes


def test_concurrent_close_frees_once():
    pem = ssr.SecretKey.generate().public_key.to_pem()
    outcomes = _race(3000, lambda: (ssr.PublicKey.from_pem(pem), None), [lambda k: k.id], closer_count=4)
    assert set(o if o == "the PublicKey was closed" else "id" for o in outcomes) <= {"id", "the PublicKey was closed"}
    assert len(outcomes) == 3000


@needs_corpus
def test_close_while_verifying():
    case = CORPUS / "conformance" / "bundle-verify" / "happy-path-v0.3"
    bundle = (case / "bundle.sigstore.json").read_bytes()
    artifact = (CORPUS / "conformance" / "bundle-verify" / "a.txt").read_bytes()
    root = ssr.TrustedRoot.public_good()

    def verify(root_, policy):
        return ssr.verify_bundle(bundle, policy, data=artifact, root=root_)["verified"]

    policy_outcomes = _race(300, lambda: (ssr.VerifyPolicy.identity(IDENTITY, ISSUER), None),
                            [lambda p: verify(root, p)] * 3, delay=0.008)
    assert set(policy_outcomes) <= {True, "the VerifyPolicy was closed"}
    assert True in policy_outcomes
    policy = ssr.VerifyPolicy.identity(IDENTITY, ISSUER)
    root_json = ssr.TrustedRoot.public_good  # a fresh root per round
    root_outcomes = _race(60, lambda: (root_json(), None), [lambda r: verify(r, policy)] * 3, delay=0.008)
    assert set(root_outcomes) <= {True, "the TrustedRoot was closed"}
    assert True in root_outcomes


def test_closed_handles_name_themselves():
    key = ssr.SecretKey.generate()
    pub = key.public_key
    key.close()
    key.close()
    with pytest.raises(ValueError, match="the SecretKey was closed"):
        key.to_pem()
    pub.close()
    with pytest.raises(ValueError, match="the PublicKey was closed"):
        ssr.VerifyPolicy.key(pub)


# ---- the evidence a verification demands (bundles of the C suite's own PKI) -------------------------

EVIDENCE = ROOT / "tests" / "vectors" / "evidence"
PKI_IDENTITY = "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main"


def test_log_entry_required_unless_lowered():
    root = ssr.TrustedRoot.from_json((EVIDENCE / "trusted_root.json").read_bytes())
    policy = ssr.VerifyPolicy.identity(PKI_IDENTITY, ISSUER)
    artifact = (EVIDENCE / "artifact.txt").read_bytes()
    unlogged = (EVIDENCE / "unlogged.sigstore.json").read_bytes()
    assert outcome(lambda: ssr.verify_bundle(unlogged, policy, data=artifact, root=root))[:2] == \
        ("verify.tlog.required", "/verificationMaterial/tlogEntries")
    result = ssr.verify_bundle(unlogged, policy, data=artifact, root=root, min_log_entries=0)
    assert result["verified"]
    # the result's shape, as its TypedDicts say
    a = result["attestations"][0]
    assert set(a) >= set(ssr.Attestation.__annotations__) - ssr.Attestation.__optional_keys__
    assert a["identity"] == {"san": PKI_IDENTITY, "kind": "uri"}
    assert a["times"] == [{"time": "2026-06-01T12:00:00Z", "source": "timestamp-authority", "uri": "https://tsa.test.example"}]
    assert a["tlog_entries"] == []
    # a message signature: the artifact's digest it is over, no statement
    assert a["digest"] == {"sha256": ssr.digest(artifact, "sha256")} and "statement" not in a
    logged = (EVIDENCE / "logged.sigstore.json").read_bytes()
    assert ssr.verify_bundle(logged, policy, data=artifact, root=root, min_signed_times=2)["verified"]
    assert outcome(lambda: ssr.verify_bundle(logged, policy, data=artifact, root=root, min_signed_times=3))[0] == \
        "verify.time.too-few"
    with pytest.raises(OverflowError):
        ssr.verify_bundle(logged, policy, data=artifact, root=root, min_signed_times=0)


def test_jws_verify_and_decode():
    token = (ROOT / ".." / "shared" / "corpus" / "jose" / "generated" / "tokens" / "valid-rs256.jwt")
    if not token.exists():
        pytest.skip("the shared corpus is absent")
    text = token.read_text().strip()
    decoded = ssr.tp_decode_token(text)
    assert decoded["verified"] is False and decoded["header"]["alg"] == "RS256"
    jwks = ssr.Jwks.from_json((token.parent.parent / "jwks.json").read_bytes())
    assert json.loads(ssr.jws_verify(jwks, text)) == decoded["claims"]
    with pytest.raises(ssr.VerificationError) as e:
        ssr.jws_verify(jwks, text[:-4] + "AAAA")
    assert e.value.report.diagnostics[0].code.startswith("jwt.")
    with pytest.raises(ssr.InvalidError):
        ssr.tp_decode_token("not a token")

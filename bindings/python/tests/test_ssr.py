"""The Python binding against the C library's own answers."""

import json
import os
from pathlib import Path

import pytest

import ssr

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "documents"
VECTORS = ROOT / "tests" / "vectors"


def example(name):
    return (EXAMPLES / name).read_bytes()


def test_version():
    assert ssr.version().count(".") == 2


def test_validate_detects_and_accepts_examples():
    for path in sorted(EXAMPLES.glob("*.json")):
        report = ssr.validate(path.read_bytes())
        assert report.valid, (path.name, report.diagnostics)
        assert report.kind in ("release", "trusted-publisher", "repository-profile")


def test_validate_reports_code_pointer_and_position():
    report = ssr.validate('{"a": {"b": 1, "b": 2}}')
    assert not report.valid
    assert report.kind == "json"
    [d] = report.diagnostics
    assert (d.severity, d.code, d.pointer, d.line, d.column) == ("error", "json.duplicate-member", "/a/b", 1, 16)


def test_validate_with_a_kind():
    report = ssr.validate(b'{"ssr": "release/v1"}', kind="release")
    assert [d.code for d in report.diagnostics][:2] == ["release.package.required", "release.version.required"]
    with pytest.raises(ssr.Error):
        ssr.validate(b"{}", kind="no-such-kind")


def test_vectors_agree_with_their_expected_files():
    """Every shared vector gives, through Python, the diagnostics its .expected file lists."""
    count = 0
    for inp in sorted(VECTORS.glob("*/*.input")):
        kind = inp.parent.name
        expected = [line.split("\t")[:5] for line in inp.with_suffix(".expected").read_text().splitlines()]
        report = ssr.validate(inp.read_bytes(), kind=kind)
        got = [[d.severity, d.code, d.pointer, str(d.line), str(d.column)] for d in report.diagnostics]
        assert sorted(got) == sorted(expected), inp.name
        count += 1
    assert count > 800


def test_canonicalize_and_pretty():
    assert ssr.canonicalize('{"b": 1.0, "a": [1e2, "\\u00e9"]}') == b'{"a":[100,"\xc3\xa9"],"b":1}'
    assert ssr.pretty(b'{"b":1,"a":[]}') == '{\n  "b": 1,\n  "a": []\n}\n'
    with pytest.raises(ssr.InvalidError) as e:
        ssr.canonicalize(b'{"a": 1,}')
    assert e.value.report.diagnostics[0].code == "json.unexpected-character"


def test_digest():
    assert ssr.digest(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert ssr.digest("abc", "blake2b-256") == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
    with pytest.raises(ssr.Error):
        ssr.digest(b"abc", "md5")


def test_sign_and_verify():
    public_pem, secret_pem = ssr.generate_keypair()
    assert public_pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert secret_pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    payload = b'{"hello": "world"}'
    envelope = ssr.dsse_sign(payload, "application/json", secret_pem)
    assert json.loads(envelope)["payloadType"] == "application/json"
    assert ssr.dsse_verify(envelope, [public_pem]) == payload

    other_public, _ = ssr.generate_keypair()
    with pytest.raises(ssr.VerificationError) as e:
        ssr.dsse_verify(envelope, [other_public])
    assert e.value.verified == 0
    with pytest.raises(ssr.VerificationError):
        ssr.dsse_verify(envelope, [public_pem, other_public], threshold=2)
    with pytest.raises(ssr.InvalidError):
        ssr.dsse_verify(b'{"payload": 1}', [public_pem])


def test_documents_must_be_bytes_like():
    # bytes(123) is 123 NUL bytes and bytes(10**9) a gigabyte: numbers are never documents
    for bad in (123, 10**9, True, None, 1.5):
        with pytest.raises(TypeError, match="data must be str or a bytes-like object"):
            ssr.validate(bad)
    assert ssr.validate(bytearray(b'{"payload": "", "payloadType": "t", "signatures": [{"sig": ""}]}')).valid


def test_counts_are_never_wrapped():
    public_pem, secret_pem = ssr.generate_keypair()
    envelope = ssr.dsse_sign(b"x", "text/plain", secret_pem)
    # 2**64 + 1 would wrap to a threshold of 1 in a size_t and verify with one signature
    for bad in (2**64 + 1, 2**64, -1, 0):
        with pytest.raises((OverflowError, ValueError)):
            ssr.dsse_verify(envelope, [public_pem], threshold=bad)
    for bad in (1.5, True, "1", None):
        with pytest.raises(TypeError):
            ssr.dsse_verify(envelope, [public_pem], threshold=bad)
    with pytest.raises(ssr.VerificationError):
        ssr.dsse_verify(envelope, [public_pem], threshold=2)


CLAIMS = {
    "iss": "https://token.actions.githubusercontent.com", "aud": "pypi",
    "iat": 1759999990, "nbf": 1759999990, "exp": 1760000290, "jti": "8f1c6d0e-jti",
    "repository": "pypa/sampleproject", "repository_owner": "pypa", "repository_owner_id": "647025",
    "ref": "refs/tags/v4.0.0",
    "job_workflow_ref": "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0",
    "event_name": "push", "environment": "pypi",
}


def test_tp_match():
    policy = (VECTORS / "trusted-publisher" / "policy-github.base.input").read_bytes()
    result = ssr.tp_match(policy, CLAIMS, 1760000000)
    assert result.matched and result.jti == "8f1c6d0e-jti" and result.failed_claim is None
    forked = dict(CLAIMS, repository_owner_id="999")
    result = ssr.tp_match(policy, json.dumps(forked), 1760000000)
    assert not result.matched
    assert result.failed_claim == "repository_owner_id"
    with pytest.raises(ssr.InvalidError):
        ssr.tp_match(b"{}", CLAIMS, 1760000000)


def test_times_are_exact():
    import datetime
    import time
    policy = (VECTORS / "trusted-publisher" / "policy-github.base.input").read_bytes()
    assert ssr.tp_match(policy, CLAIMS, 1760000000.75).matched
    assert ssr.tp_match(policy, CLAIMS, datetime.datetime.fromtimestamp(1760000000, datetime.timezone.utc)).matched
    assert not ssr.tp_match(policy, CLAIMS, time.time() + 10**9).matched  # expired, not refused as a float
    # 2**64 + t would wrap to t in an int64_t and match
    for bad in (2**64 + 1760000000, 2**63, -(2**63) - 1, 1e300):
        with pytest.raises(OverflowError):
            ssr.tp_match(policy, CLAIMS, bad)
    for bad in (float("nan"), float("inf"), datetime.datetime(2025, 10, 9)):
        with pytest.raises(ValueError):
            ssr.tp_match(policy, CLAIMS, bad)
    for bad in ("1760000000", None, True):
        with pytest.raises(TypeError):
            ssr.tp_match(policy, CLAIMS, bad)


def test_profile_levels():
    levels = ssr.profile_levels(example("repository-profile-npm.json"))
    assert set(levels["tracks"]) == {"authentication", "authorization", "general", "cli"}
    assert levels["overall"] == min(t["level"] for t in levels["tracks"].values() if t["applies"])
    with pytest.raises(ssr.InvalidError):
        ssr.profile_levels(b'{"ssr": "repository-profile/v1"}')


def test_shared_conformance_set():
    """tests/vectors/conformance.json: the same answers, byte for byte, in every language."""
    conf = json.loads((VECTORS / "conformance.json").read_text(encoding="utf-8"))
    for case in conf["canonical"]:
        if "error" in case:
            with pytest.raises(ssr.InvalidError) as e:
                ssr.canonicalize(case["input"])
            assert e.value.report.diagnostics[0].code == case["error"]
        else:
            assert ssr.canonicalize(case["input"]) == case["output"].encode()
    for d in conf["digests"]:
        assert ssr.digest(d["data"], d["alg"]) == d["hex"]
    keys = conf["keys"]
    for s in conf["sign"]:
        assert ssr.dsse_sign(s["payload"], s["payload_type"], keys["secret"]) == s["envelope"].encode()
    for v in conf["verify"]:
        pems = [keys[k] for k in v["keys"]]
        if v.get("error") == "verification":
            with pytest.raises(ssr.VerificationError):
                ssr.dsse_verify(v["envelope"], pems, v["threshold"])
        elif v.get("error") == "invalid":
            with pytest.raises(ssr.InvalidError):
                ssr.dsse_verify(v["envelope"], pems, v["threshold"])
        else:
            assert ssr.dsse_verify(v["envelope"], pems, v["threshold"]) == v["payload"].encode()
    for m in conf["match"]:
        r = ssr.tp_match(m["policy"], m["claims"], m["now"])
        assert (r.matched, r.jti, r.failed_claim) == (m["matched"], m["jti"], m["failed_claim"])

"""The Python binding against the C library's own answers. Run against the
installed package (tests/check-python-package.sh: the wheel in a fresh
virtual environment); $SSR_ROOT is the repository, for the vectors."""

import concurrent.futures
import json
import os
import pickle
import re
import stat
import threading
from pathlib import Path

import pytest

import ssrmeta as ssr
from ssrmeta import _lib

ROOT = Path(os.environ.get("SSR_ROOT") or Path(__file__).resolve().parents[3])
EXAMPLES = ROOT / "examples" / "documents"
VECTORS = ROOT / "tests" / "vectors"


def example(name):
    return (EXAMPLES / name).read_bytes()


def test_version():
    assert ssr.version().count(".") == 2


def test_crypto_backend():
    assert re.match(r"^(aws-lc \d+\.\d+\.\d+|OpenSSL \d+\.\d+)", ssr.crypto_backend())


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
    assert ssr.dsse_verify(envelope, [public_pem]) == ssr.Verified(payload, "application/json", 1)

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
    # a policy validate() refuses is refused by the matcher too; a test fragment only on request
    fragment = json.loads(policy)
    del fragment["bindings"]
    with pytest.raises(ssr.InvalidError):
        ssr.tp_match(json.dumps(fragment), CLAIMS, 1760000000)
    assert ssr.tp_match(json.dumps(fragment), CLAIMS, 1760000000, policy_fragment=True).matched


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
            assert ssr.dsse_verify(v["envelope"], pems, v["threshold"]).payload == v["payload"].encode()
    for m in conf["match"]:
        r = ssr.tp_match(m["policy"], m["claims"], m["now"])
        assert (r.matched, r.jti, r.failed_claim) == (m["matched"], m["jti"], m["failed_claim"])


def test_a_bad_key_names_its_argument():
    public_pem, _ = ssr.generate_keypair()
    cases = [
        (lambda: ssr.dsse_sign(b"x", "t", b"not a key"), "secret_key"),
        (lambda: ssr.SecretKey.from_pem(public_pem), "secret_key"),
        (lambda: ssr.dsse_verify(b"{}", [public_pem, b"junk"]), r"public_keys\[1\]"),
        (lambda: ssr.PublicKey.from_pem(b""), "public_key"),
    ]
    for call, name in cases:
        with pytest.raises(ValueError, match=rf"^{name}: not a PEM key libssr reads") as e:
            call()
        assert isinstance(e.value, ssr.InvalidKeyError) and e.value.status == ssr.Status.EINVALID
    with pytest.raises(ssr.Error, match="the file cannot be read") as e:
        ssr.SecretKey.from_file("/nonexistent/key")
    assert e.value.status == ssr.Status.EIO


def test_key_objects(tmp_path):
    with ssr.SecretKey.generate() as key, key.public_key as pub:
        assert len(pub.id) == 64
        assert ssr.PublicKey.from_pem(pub.to_pem()).id == pub.id
        assert ssr.SecretKey.from_pem(key.to_pem()).public_key.id == pub.id
        envelope = ssr.dsse_sign(b"{}", "application/json", key, keyid=pub.id)
        second = ssr.SecretKey.generate()
        envelope = ssr.dsse_add_signature(envelope, second)
        assert json.loads(envelope)["signatures"][0]["keyid"] == pub.id
        assert ssr.dsse_verify(envelope, [pub, second.public_key], threshold=2).verified == 2
        path = tmp_path / "k.key"
        second.write_file(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pytest.raises(ssr.Error) as e:
            second.write_file(path)
        assert e.value.status == ssr.Status.EEXIST
        assert ssr.SecretKey.from_file(path).public_key.id == second.public_key.id
    with pytest.raises(ValueError, match="the SecretKey was closed"):
        ssr.dsse_sign(b"x", "t", key)
    key.close()  # twice is harmless
    with pytest.raises(TypeError):
        pickle.dumps(ssr.SecretKey.generate())


def test_the_verified_payload_type_is_returned():
    key = ssr.SecretKey.generate()
    release = example("release-pypi-sampleproject.json")
    v = ssr.dsse_verify(ssr.dsse_sign(release, "text/plain", key), [key.public_key])
    assert (v.payload, v.payload_type) == (release, "text/plain")


def test_an_empty_payload():
    key = ssr.SecretKey.generate()
    v = ssr.dsse_verify(ssr.dsse_sign(b"", "application/octet-stream", key), [key.public_key])
    assert v == ssr.Verified(b"", "application/octet-stream", 1)


def test_streaming_and_file_digests_and_subjects(tmp_path):
    data = b"a" * (3 * 1024 * 1024 + 7)
    h = ssr.Hasher("sha512")
    for i in range(0, len(data), 65536):
        h.update(memoryview(data)[i:i + 65536])
    assert h.hexdigest() == ssr.digest(data, "sha512")
    with pytest.raises(ValueError, match="finished"):
        h.update(b"x")
    path = tmp_path / "artifact.tar.gz"
    path.write_bytes(data)
    assert ssr.digest_file(path, ["sha256", "blake2b-256"]) == {
        "sha256": ssr.digest(data), "blake2b-256": ssr.digest(data, "blake2b-256")}
    with pytest.raises(ssr.Error) as e:
        ssr.digest_file(tmp_path / "absent")
    assert e.value.status == ssr.Status.EIO
    statement = json.dumps({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "other", "digest": {"sha256": "0" * 64}},
                    {"name": "artifact.tar.gz", "digest": {"sha256": ssr.digest(data)}}],
        "predicateType": "https://example.com/p", "predicate": {}})
    assert ssr.match_subject(statement, data=data) == 1
    assert ssr.match_subject(statement, path=path) == 1
    assert ssr.match_subject(statement, digests={"sha256": ssr.digest(data)}) == 1
    assert ssr.match_subject(statement, data=b"something else") is None
    with pytest.raises(ssr.InvalidError):
        ssr.match_subject(b"{}", data=data)
    with pytest.raises(TypeError, match="exactly one of"):
        ssr.match_subject(statement, data=data, path=path)
    with pytest.raises(ValueError, match="not lowercase hex"):
        ssr.match_subject(statement, digests={"sha256": "XYZ"})


def test_schemas_explanations_limits():
    assert json.loads(ssr.schema("release"))["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert ("release.near-miss", "error", "beyond") in ssr.schema_codes("release")
    with pytest.raises(ssr.Error, match="only the native kinds"):
        ssr.schema("osv")
    x = ssr.tp_explain(example("trusted-publisher-github.json"))
    assert x["token"]["iss"] == "https://token.actions.githubusercontent.com"
    assert any(c["claim"] == "repository" for c in x["conditions"])
    deep = "[" * 10 + "]" * 10
    assert ssr.validate(deep, "json", limits={"depth": 5}).diagnostics[0].code == "json.limit.depth"
    assert ssr.validate(deep, "json").valid
    with pytest.raises(ValueError, match="unknown limit 'depht'"):
        ssr.validate(deep, limits={"depht": 3})
    with pytest.raises(OverflowError):
        ssr.validate(deep, limits={"depth": 0})
    assert ssr.Status.EVERIFY == -6


def test_errors_pickle_with_their_report():
    with pytest.raises(ssr.InvalidError) as e:
        ssr.canonicalize(b'{"a": 1,}')
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is ssr.InvalidError and again.report == e.value.report and str(again) == str(e.value)
    v = pickle.loads(pickle.dumps(ssr.VerificationError(1)))
    assert (v.verified, v.status) == (1, ssr.Status.EVERIFY)
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        with pytest.raises(ssr.InvalidError) as e:
            pool.submit(ssr.canonicalize, b"{").result()
    assert e.value.report.diagnostics[0].code == "json.unexpected-end"


def test_report_fields_unknown_to_this_version_are_ignored():
    d = {"severity": "error", "code": "x.y", "pointer": "", "line": 1, "column": 1, "message": "m",
         "hint": "a field of a later version"}
    r = ssr.Report.from_dict({"valid": False, "kind": "json", "diagnostics": [d], "stats": {}})
    assert r.diagnostics[0] == ssr.Diagnostic("error", "x.y", "", 1, 1, "m")


def test_a_library_of_another_version_is_refused():
    _lib.check_version(100, "0.1.0")
    _lib.check_version(302, "0.3.2")
    for number, text in ((9, "0.0.9"), (10000, "1.0.0")):
        with pytest.raises(ImportError, match=rf"the loaded libssr is {text}, but this binding needs 0\.1\.0"):
            _lib.check_version(number, text)


def test_eight_threads_at_once():
    def work(i):
        key = ssr.SecretKey.generate()
        ok = 0
        for j in range(200):
            payload = json.dumps({"i": i, "j": j}).encode()
            v = ssr.dsse_verify(ssr.dsse_sign(payload, "application/json", key), [key.public_key])
            ok += v.payload == payload and ssr.validate(b'{"a":1,"a":2}').diagnostics[0].code == "json.duplicate-member"
        return ok
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(8))) == [200] * 8


# ---- rendering ---------------------------------------------------------------------------------

PANELS = ROOT / "examples" / "panels"


def test_render_panel_levels_languages_and_result_objects():
    result = json.loads((PANELS / "result-pep740-pypi-attestations-0.0.19.json").read_bytes())
    release = (PANELS / "release-pypi-attestations-0.0.19.json").read_bytes()
    a = ssr.render_panel(result, release)
    assert a.startswith('<section class="ssr-panel ssr-level-a ssr-style-plain" lang="en" dir="ltr" '
                        'aria-label="Provenance of pypi-attestations 0.0.19">')
    assert a.count("<details ") == 4 and "<script" not in a
    ar = ssr.render_panel(json.dumps(result), release, level="aaa", style="pypi", lang="ar")
    assert 'class="ssr-panel ssr-level-aaa ssr-style-pypi" lang="ar" dir="rtl"' in ar
    assert 'href="https://search.sigstore.dev/?logIndex=153454663"' in ar


def test_render_panel_refusals_and_arguments():
    with pytest.raises(ssr.InvalidError) as e:
        ssr.render_panel(b'{\n "verified": false}')
    d = e.value.report.diagnostics[0]
    assert (d.code, d.pointer, d.line, d.column) == ("panel.result.unverified", "/verified", 2, 14)
    result = (PANELS / "result-pep740-pypi-attestations-0.0.19.json").read_bytes()
    with pytest.raises(ssr.InvalidError) as e:
        ssr.render_panel(result, (PANELS / "release-npm-sigstore-0.4.0.json").read_bytes())
    d = e.value.report.diagnostics[0]
    assert (e.value.report.kind, d.code, d.pointer, d.line, d.column) == ("release", "panel.release.artifact",
                                                                          "/artifacts", 10, 16)
    with pytest.raises(ValueError, match="level must be one of a, aa, aaa"):
        ssr.render_panel(result, level="b")
    with pytest.raises(TypeError, match="style must be a str"):
        ssr.render_panel(result, style=1)
    with pytest.raises(TypeError):
        ssr.render_panel(123)


def test_render_profiles():
    profiles = [(EXAMPLES / f"repository-profile-{n}.json").read_bytes() for n in ("crates-io", "npm", "pypi")]
    md = ssr.render_profiles(profiles, format="md")
    assert md.startswith("| capability | level | crates.io | npm | PyPI |\n")
    assert ssr.render_profiles(profiles, format="svg").startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    with pytest.raises(ssr.InvalidError) as e:
        ssr.render_profiles([profiles[0], b'{"ssr": "repository-profile/v1"}'])
    assert e.value.index == 1
    assert e.value.report.diagnostics[0].code == "repository-profile.repository.required"
    with pytest.raises(ValueError):
        ssr.render_profiles([])
    with pytest.raises(ValueError, match="format must be one of"):
        ssr.render_profiles(profiles, format="pdf")
    with pytest.raises(TypeError):
        ssr.render_profiles(profiles[0])


def test_purls():
    p = ssr.purl_parse("pkg:PYPI/Django_Rest@1.0?b=2&a=1")
    assert p["type"] == "pypi" and p["name"] == "django-rest" and p["version"] == "1.0"
    assert p["qualifiers"] == {"a": "1", "b": "2"}
    assert p["canonical"] == "pkg:pypi/django-rest@1.0?a=1&b=2"
    assert ssr.purl_canonical("pkg:npm/%40scope/name@1.0.0") == "pkg:npm/%40scope/name@1.0.0"
    assert ssr.purl_build(p)["canonical"] == p["canonical"]
    with pytest.raises(ssr.InvalidError) as e:
        ssr.purl_parse("pkg:")
    assert e.value.report.diagnostics[0].code.startswith("purl.")


def test_key_verify_pae_and_digest_size():
    key = ssr.SecretKey.generate()
    pub = key.public_key
    envelope = json.loads(ssr.dsse_sign(b"payload", "text/plain", key))
    import base64
    sig = base64.b64decode(envelope["signatures"][0]["sig"])
    pae = ssr.dsse_pae("text/plain", b"payload")
    assert pae == b"DSSEv1 10 text/plain 7 payload"
    assert pub.verify(pae, sig)
    assert not pub.verify(pae + b"x", sig)
    assert ssr.digest_size("sha256") == 32 and ssr.digest_size("sha512") == 64


def test_version_attribute():
    assert ssr.__version__ == "0.1.0"
    assert ssr.version().count(".") == 2

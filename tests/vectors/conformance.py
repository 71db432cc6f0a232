#!/usr/bin/env python3
"""Writes tests/vectors/conformance.json: the answers every binding and the C
tests must give byte for byte. The expected values come from outside libssr:
digests from hashlib, signatures and key ids from OpenSSL (Ed25519 is
deterministic, so the envelope a binding signs must equal this one byte for
byte, and every binding verifies it), canonical forms from RFC 8785's rules,
matching outcomes from the policy's text.

    python3 tests/vectors/conformance.py [--check]
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "conformance.json")

SECRET = ("-----BEGIN PRIVATE KEY-----\n"
          "MC4CAQAwBQYDK2VwBCIEIDjBPwMZUzNcCmtT5KHfNUWqjDDjpb+tI3KUpGXFhLB8\n"
          "-----END PRIVATE KEY-----\n")
OTHER_SECRET = ("-----BEGIN PRIVATE KEY-----\n"
                "MC4CAQAwBQYDK2VwBCIEIP9bUPqtOSEfHg7cD1sXrktLxCJpADHJvhSR1tH9QfAn\n"
                "-----END PRIVATE KEY-----\n")


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


def key_files(tmp, pem, name):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(pem)
    public = openssl("pkey", "-in", path, "-pubout").decode()
    der = openssl("pkey", "-in", path, "-pubout", "-outform", "DER")
    return path, public, hashlib.sha256(der).hexdigest()


def sign(tmp, key_path, payload, payload_type):
    pae = b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(payload), payload)
    pae_path = os.path.join(tmp, "pae")
    with open(pae_path, "wb") as f:
        f.write(pae)
    sig = openssl("pkeyutl", "-sign", "-rawin", "-inkey", key_path, "-in", pae_path)
    return base64.b64encode(sig).decode()


def canonical_json(obj):
    # Every value below is ASCII, a string or a small integer: sorted keys and no spaces are RFC 8785's form.
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build():
    with tempfile.TemporaryDirectory() as tmp:
        key, public, keyid = key_files(tmp, SECRET, "a.pem")
        other_key, other_public, other_keyid = key_files(tmp, OTHER_SECRET, "b.pem")
        payload = (b'{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x","digest":{"sha256":"'
                   + hashlib.sha256(b"x").hexdigest().encode()
                   + b'"}}],"predicateType":"https://example.com/p/v1","predicate":{}}')
        ptype = b"application/vnd.in-toto+json"
        sig = sign(tmp, key, payload, ptype)
        other_sig = sign(tmp, other_key, payload, ptype)
        envelope = canonical_json({"payload": base64.b64encode(payload).decode(), "payloadType": ptype.decode(),
                                   "signatures": [{"keyid": keyid, "sig": sig}]})
        both = canonical_json({"payload": base64.b64encode(payload).decode(), "payloadType": ptype.decode(),
                               "signatures": [{"keyid": keyid, "sig": sig}, {"keyid": other_keyid, "sig": other_sig}]})
        tampered = envelope.replace(base64.b64encode(payload).decode(),
                                    base64.b64encode(payload.replace(b'"x"', b'"y"')).decode())

    policy = open(os.path.join(HERE, "trusted-publisher", "policy-github.base.input")).read()
    claims = {"iss": "https://token.actions.githubusercontent.com", "aud": "pypi", "iat": 1759999990,
              "nbf": 1759999990, "exp": 1760000290, "jti": "8f1c6d0e-jti", "repository": "pypa/sampleproject",
              "repository_owner": "pypa", "repository_owner_id": "647025", "ref": "refs/tags/v4.0.0",
              "job_workflow_ref": "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0",
              "event_name": "push", "environment": "pypi"}

    def with_claims(**change):
        c = dict(claims)
        for k, v in change.items():
            if v is None:
                c.pop(k, None)
            else:
                c[k] = v
        return json.dumps(c)

    return {
        "canonical": [
            {"input": '{"b": 2, "a": 1}', "output": '{"a":1,"b":2}'},
            {"input": '[1.0, 1e21, 1E-7, 0.000001, -0, 100e-2]', "output": "[1,1e+21,1e-7,0.000001,0,1]"},
            {"input": '{"\\u00e9": 1, "z": 2, "\\ud83d\\ude00": 3, "\\u20ac": 4}',
             "output": '{"z":2,"\u00e9":1,"\u20ac":4,"\U0001F600":3}'},
            {"input": '["\\u0041\\n\\u001f\\/"]', "output": '["A\\n\\u001f/"]'},
            {"input": '{"a": 1, "a": 2}', "error": "json.duplicate-member"},
            {"input": '[1,]', "error": "json.unexpected-character"},
        ],
        "digests": [
            {"data": text, "alg": alg, "hex": hashlib.new(name, text.encode(), **extra).hexdigest()}
            for text in ("", "abc", "the quick brown fox")
            for alg, name, extra in (("sha256", "sha256", {}), ("sha512", "sha512", {}),
                                     ("blake2b-256", "blake2b", {"digest_size": 32}),
                                     ("blake2b-512", "blake2b", {}))
        ],
        "keys": {"secret": SECRET, "public": public, "other_public": other_public},
        "sign": [{"payload": payload.decode(), "payload_type": ptype.decode(), "envelope": envelope}],
        "verify": [
            {"envelope": envelope, "keys": ["public"], "threshold": 1, "payload": payload.decode()},
            {"envelope": envelope, "keys": ["other_public"], "threshold": 1, "error": "verification"},
            {"envelope": envelope, "keys": ["public", "other_public"], "threshold": 2, "error": "verification"},
            {"envelope": both, "keys": ["public", "other_public"], "threshold": 2, "payload": payload.decode()},
            {"envelope": tampered, "keys": ["public"], "threshold": 1, "error": "verification"},
            {"envelope": '{"payload": 1}', "keys": ["public"], "threshold": 1, "error": "invalid"},
        ],
        "match": [
            {"policy": policy, "claims": json.dumps(claims), "now": 1760000000,
             "matched": True, "jti": "8f1c6d0e-jti", "failed_claim": None},
            {"policy": policy, "claims": with_claims(repository_owner_id="999"), "now": 1760000000,
             "matched": False, "jti": "8f1c6d0e-jti", "failed_claim": "repository_owner_id"},
            {"policy": policy, "claims": with_claims(environment="staging"), "now": 1760000000,
             "matched": False, "jti": "8f1c6d0e-jti", "failed_claim": "environment"},
            {"policy": policy, "claims": with_claims(aud="npm"), "now": 1760000000,
             "matched": False, "jti": "8f1c6d0e-jti", "failed_claim": "aud"},
            {"policy": policy, "claims": json.dumps(claims), "now": 1760001000,
             "matched": False, "jti": "8f1c6d0e-jti", "failed_claim": "exp"},
        ],
    }


def main():
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else None
        if current != text:
            print("tests/vectors/conformance.json is out of date (run tests/vectors/conformance.py)")
            return 1
        print("conformance.json up to date")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("conformance.json written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""OpenSSL interoperability, both ways, through the ssr command.

    python3 test_interop.py PATH_TO_SSR

What libssr signs, `openssl pkeyutl -verify -rawin` verifies over the PAE;
what OpenSSL signs over the PAE, `ssr verify` accepts; a key OpenSSL made
signs through libssr. Ends with "N passed, N failed".
"""

import base64
import json
import os
import subprocess
import sys
import tempfile

SSR = os.path.abspath(sys.argv[1])
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, **kw)


def pae(payload_type, payload):
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


with tempfile.TemporaryDirectory() as d:
    os.chdir(d)
    r = run("openssl", "genpkey", "-algorithm", "ed25519", "-out", "k.pem")
    check("openssl genpkey", r.returncode == 0, r.stderr.decode())
    run("openssl", "pkey", "-in", "k.pem", "-pubout", "-out", "pub.pem")
    payload = b'{"_type":"https://in-toto.io/Statement/v1","subject":[],"note":"\xc3\xa9"}'
    with open("payload.json", "wb") as f:
        f.write(payload)
    ptype = "application/vnd.in-toto+json"

    # libssr signs with OpenSSL's key; OpenSSL verifies the PAE.
    r = run(SSR, "sign", "--key", "k.pem", "--type", ptype, "payload.json")
    check("ssr sign with an OpenSSL key", r.returncode == 0, r.stderr.decode())
    env = json.loads(r.stdout)
    with open("pae.bin", "wb") as f:
        f.write(pae(env["payloadType"], base64.b64decode(env["payload"])))
    with open("sig.bin", "wb") as f:
        f.write(base64.b64decode(env["signatures"][0]["sig"]))
    r = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "pae.bin",
            "-sigfile", "sig.bin")
    check("openssl verifies what libssr signed", r.returncode == 0, r.stdout.decode() + r.stderr.decode())

    # OpenSSL signs the PAE; libssr verifies the envelope and hands back the payload.
    r = run("openssl", "pkeyutl", "-sign", "-inkey", "k.pem", "-rawin", "-in", "pae.bin", "-out", "sig2.bin")
    check("openssl signs", r.returncode == 0, r.stderr.decode())
    with open("sig2.bin", "rb") as f:
        sig2 = f.read()
    envelope = {"payload": base64.b64encode(payload).decode(), "payloadType": ptype,
                "signatures": [{"keyid": "", "sig": base64.b64encode(sig2).decode()}]}
    with open("env2.json", "w") as f:
        json.dump(envelope, f)
    r = run(SSR, "verify", "--pub", "pub.pem", "--payload-out", "out.bin", "env2.json")
    check("ssr verifies what OpenSSL signed", r.returncode == 0, r.stderr.decode())
    with open("out.bin", "rb") as f:
        check("the verified payload is the exact bytes", f.read() == payload)

    # A tampered payload fails on both sides.
    envelope["payload"] = base64.b64encode(payload + b" ").decode()
    with open("env3.json", "w") as f:
        json.dump(envelope, f)
    r = run(SSR, "verify", "--pub", "pub.pem", "env3.json")
    check("ssr refuses a tampered payload", r.returncode == 1, r.stderr.decode())
    with open("pae3.bin", "wb") as f:
        f.write(pae(ptype, payload + b" "))
    r = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "pae3.bin",
            "-sigfile", "sig2.bin")
    check("openssl refuses it too", r.returncode != 0)

    # A key made by ssr keygen is read by OpenSSL, and its key id is SHA-256 of the DER.
    r = run(SSR, "keygen", "--out", "mine")
    check("ssr keygen", r.returncode == 0, r.stderr.decode())
    keyid = r.stdout.decode().strip()
    r = run("openssl", "pkey", "-in", "mine.key", "-pubout", "-outform", "DER")
    check("openssl reads the key ssr wrote", r.returncode == 0, r.stderr.decode())
    import hashlib
    check("the key id is SHA-256 of the public key's DER", hashlib.sha256(r.stdout).hexdigest() == keyid)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

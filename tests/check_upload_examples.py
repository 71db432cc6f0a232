#!/usr/bin/env python3
"""Runs the upload-check example of every binding (examples/*/upload_check*)
on examples/upload, and on copies changed the ways an attacker would: each
language must give the same verdict.

    check_upload_examples.py SOURCE_ROOT BUILD_ROOT
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT, BUILD = (os.path.abspath(p) for p in sys.argv[1:3])
LIB = os.path.join(BUILD, "lib")
ENV = dict(os.environ, SSR_LIBRARY=os.path.join(LIB, "libssr.so.0"),
           SSR_NODE_ADDON=os.path.join(BUILD, "bindings", "node", "ssrmeta.node"), SSR_LIB_DIR=LIB, LD_LIBRARY_PATH=LIB,
           PKG_CONFIG_PATH=os.path.join(BUILD, "meson-uninstalled"), PYTHONPATH=os.path.join(ROOT, "bindings", "python"),
           CARGO_TARGET_DIR=os.path.join(BUILD, "cargo"), GOTOOLCHAIN="local", CGO_ENABLED="1",
           GOCACHE=os.path.join(BUILD, "go-cache"))  # this build's own: see tests/meson.build

# The cc crate (ssrmeta-sys's optional build dependency) from Debian's packaged crates when installed.
CARGO_ARGS = (["--offline", "--config", os.path.join(ROOT, "tests", "cargo-debian.toml")]
              if glob.glob("/usr/share/cargo/registry/cc-1.*") else [])

PROGRAMS = {
    "python": lambda d: [sys.executable, os.path.join(ROOT, "examples", "python", "upload_check.py"), d],
    "node": lambda d: ["node", os.path.join(ROOT, "examples", "node", "upload_check.js"), d],
    "go": lambda d: ["go", "run", ".", d],
    "rust": lambda d: ["cargo", "run", "-q", *CARGO_ARGS, "--manifest-path",
                       os.path.join(ROOT, "bindings", "rust", "Cargo.toml"), "--example", "upload_check", "--", d],
}


def tamper_claims(d):
    path = os.path.join(d, "claims.json")
    claims = json.load(open(path))
    claims["environment"] = "staging"
    json.dump(claims, open(path, "w"))


def tamper_release(d):
    path = os.path.join(d, "release.json")
    with open(path, "ab") as f:
        f.write(b"\n")


def signed_as_text(d):
    """The release signed by the publisher's key, but as text/plain: not a release."""
    ssr = os.path.join(BUILD, "cli", "ssr")
    keys = os.path.join(d, "new")
    subprocess.run([ssr, "keygen", "--out", keys], check=True, capture_output=True)
    shutil.copy(keys + ".pub", os.path.join(d, "publisher.pub"))
    envelope = subprocess.run([ssr, "sign", "--key", keys + ".key", "--type", "text/plain", os.path.join(d, "release.json")],
                              check=True, capture_output=True).stdout
    with open(os.path.join(d, "release.dsse.json"), "wb") as f:
        f.write(envelope)


CASES = [
    ("as published", None, 0, "accepted"),
    ("claims from another environment", tamper_claims, 1, "publisher refused: claim environment (mismatch)"),
    ("release changed after signing", tamper_release, 1, "envelope refused: it signs another document"),
    ("release signed as text/plain", signed_as_text, 1, "envelope refused: signed as text/plain, not as a release"),
]


def main():
    failures = runs = 0
    for name, change, status, verdict in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = os.path.join(tmp, "upload")
            shutil.copytree(os.path.join(ROOT, "examples", "upload"), folder)
            if change:
                change(folder)
            for lang, command in PROGRAMS.items():
                cwd = os.path.join(ROOT, "examples", "go") if lang == "go" else ROOT
                r = subprocess.run(command(folder), cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)
                runs += 1
                if r.returncode != status or r.stdout.strip() != verdict:
                    failures += 1
                    print(f"FAIL {lang}, {name}: status {r.returncode}, {r.stdout.strip()!r} {r.stderr.strip()[:500]}")
    print(f"{runs - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

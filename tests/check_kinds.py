"""Keeps every kind's artefacts in step with its node tables.

    python3 check_kinds.py SSR_EXE SOURCE_ROOT

Checks that: the test vectors are what tests/vectors/generate.py writes; every
error and warning code a kind can raise has at least one vector; the published
schemas of the native kinds in schema/ are what `ssr schema KIND` prints; and
schema/SPEC.md names every code (in full, or as a member stem whose generic
rules section 5.1 lists).
"""

import os
import re
import subprocess
import sys

NATIVE = ["release", "trusted-publisher", "repository-profile"]
KINDS = NATIVE + ["osv", "in-toto-statement", "slsa-provenance", "dsse-envelope", "sigstore-bundle",
                  "pep740-attestation", "pep740-provenance", "npm-attestations", "sigstore-trusted-root"]
GENERIC_RULES = {"type", "required", "const", "enum", "unknown-value", "length", "format", "integer", "range", "min-items",
                 "unique", "unknown"}


def main():
    ssr, root = sys.argv[1], sys.argv[2]
    failures = 0
    checks = 0

    def fail(message):
        nonlocal failures
        failures += 1
        print("FAIL", message)

    checks += 1
    r = subprocess.run([sys.executable, os.path.join(root, "tests", "vectors", "generate.py"), "--check"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("test vectors are stale:\n" + r.stdout)

    spec = open(os.path.join(root, "schema", "SPEC.md"), encoding="utf-8").read()
    named = set(re.findall(r"`([a-z0-9._-]+)`", spec))
    for kind in KINDS:
        codes = subprocess.run([ssr, "schema", "--codes", kind], capture_output=True, text=True, check=True).stdout
        codes = [line.split("\t")[0] for line in codes.splitlines()]
        covered = set()  # a shared part's codes may be tested inside another format's documents
        for folder in os.listdir(os.path.join(root, "tests", "vectors")):
            vectors = os.path.join(root, "tests", "vectors", folder)
            for name in os.listdir(vectors) if os.path.isdir(vectors) else []:
                if name.endswith(".expected"):
                    for line in open(os.path.join(vectors, name), encoding="utf-8"):
                        covered.add(line.split("\t")[1])
        checks += 1
        missing = [c for c in codes if c not in covered]
        if missing:
            fail(f"{kind}: codes without a test vector: {', '.join(missing)}")

        checks += 1
        unnamed = []
        for code in codes:
            short = code[len(kind) + 1:]
            stem, _, rule = short.rpartition(".")
            if code in named or short in named or (rule in GENERIC_RULES and stem in named):
                continue
            unnamed.append(code)
        if unnamed:
            fail(f"{kind}: codes that schema/SPEC.md does not name: {', '.join(unnamed)}")

        if kind not in NATIVE:
            continue
        checks += 1
        printed = subprocess.run([ssr, "schema", kind], capture_output=True, text=True, check=True).stdout
        path = os.path.join(root, "schema", f"{kind}.schema.json")
        if not os.path.exists(path) or open(path, encoding="utf-8").read() != printed:
            fail(f"schema/{kind}.schema.json differs from `ssr schema {kind}` (regenerate it)")

    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

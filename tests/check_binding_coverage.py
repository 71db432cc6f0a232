#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every function the library exports is bound in each binding, or that
binding's README says why not.

    check_binding_coverage.py LIBSSR.so SOURCE_ROOT

A function counts as bound when its name appears in the binding's own
sources (Python: ssrmeta/*.py; Node.js: src/ssrmeta.c; Go: the non-test
*.go files; Rust: src/*.rs, the safe crate). The README's "## Not bound"
section lists the others, each bullet naming functions in backquotes with
its reason. The check fails on an exported function neither bound nor
listed, on a listed function that is bound after all (a stale line), and on
a listed name the library does not export. It prints the coverage table.
"""

import glob
import os
import re
import subprocess
import sys

BINDINGS = {
    "python": ["ssrmeta/*.py"],
    "node": ["src/ssrmeta.c"],
    "go": ["*.go"],
    "rust": ["src/*.rs"],
}


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.split()[-1].startswith("ssr_")}


def not_bound(readme):
    """The names the README's "## Not bound" section lists."""
    text = open(readme).read()
    m = re.search(r"^## Not bound\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if m is None:
        return None
    names = set()
    for line in m.group(1).splitlines():
        if line.startswith("- "):
            names.update(re.findall(r"`(ssr_[a-z0-9_]+)`", line.split(":")[0]))
    return names


def main():
    lib, root = sys.argv[1], sys.argv[2]
    symbols = exported(lib)
    failures = []
    rows = []
    for name, patterns in BINDINGS.items():
        base = os.path.join(root, "bindings", name)
        files = [f for p in patterns for f in glob.glob(os.path.join(base, p)) if not f.endswith("_test.go")]
        source = "".join(open(f).read() for f in files)
        bound = {s for s in symbols if re.search(r"\b" + s + r"\b", source)}
        listed = not_bound(os.path.join(base, "README.md"))
        if listed is None:
            failures.append(f"{name}: README.md has no '## Not bound' section")
            continue
        for s in sorted(symbols - bound - listed):
            failures.append(f"{name}: {s} is exported, neither bound nor listed under 'Not bound' in its README")
        for s in sorted(listed & bound):
            failures.append(f"{name}: {s} is listed under 'Not bound' but the binding calls it")
        for s in sorted(listed - symbols):
            failures.append(f"{name}: {s} is listed under 'Not bound' but libssr does not export it")
        rows.append((name, len(bound), len(listed & symbols)))
    print(f"{len(symbols)} functions exported")
    for name, bound, left in rows:
        print(f"  {name:7} {bound:4} bound, {left:3} left out (its README says why)")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

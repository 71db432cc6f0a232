#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Copies ELF files and every shared library they need, except the C
library's own (glibc), into one folder, and points each copy's RUNPATH at
that folder ($ORIGIN): the folder then loads on a system where none of
those libraries is installed. For the npm package's prebuilt addon
(bindings/node/scripts/pack.sh): npm has no tool of its own for this; the
Python wheel is repaired by auditwheel instead.

    bundle-libs.py DEST FILE...
"""

import os
import re
import shutil
import subprocess
import sys

# glibc's own libraries: always present where glibc is, never bundled.
SYSTEM = re.compile(r"^(linux-vdso|linux-gate|ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv|libutil)\.so")


def needed(path):
    """The resolved shared libraries a file needs, directly or not (ldd)."""
    out = subprocess.run(["ldd", path], check=True, capture_output=True, text=True).stdout
    libs = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (\S+|not found)", line)
        if not m:
            continue
        name, where = m.groups()
        if SYSTEM.match(name):
            continue
        if where == "not found":
            sys.exit(f"bundle-libs: {path} needs {name}, which is not found")
        libs[name] = where
    return libs


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dest, files = sys.argv[1], sys.argv[2:]
    os.makedirs(dest, exist_ok=True)
    copies = []
    libs = {}
    for f in files:
        libs.update(needed(f))
        target = os.path.join(dest, os.path.basename(f))
        shutil.copy2(f, target)
        copies.append(target)
    for name, where in sorted(libs.items()):
        target = os.path.join(dest, name)
        shutil.copy2(os.path.realpath(where), target)
        os.chmod(target, 0o755)
        copies.append(target)
    for c in copies:
        subprocess.run(["patchelf", "--set-rpath", "$ORIGIN", c], check=True)
    for c in copies:
        print(os.path.relpath(c))


if __name__ == "__main__":
    main()

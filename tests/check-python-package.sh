#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Python package as a user gets it: the wheel (BUILD's libssr and the
# libraries it needs bundled) installed into a fresh virtual environment and
# the binding's test suite run there against it; then the sdist installed
# into another, building libssr from its C sources.
#   check-python-package.sh BUILD ROOT
set -euo pipefail
build=$(cd "$1" && pwd) root=$(cd "$2" && pwd)
work=$build/python-package
rm -rf "$work"
mkdir -p "$work"
unset LD_LIBRARY_PATH SSR_LIBRARY PYTHONPATH

echo "== the wheel and the sdist"
"$root/bindings/python/scripts/build.sh" --lib "$build/lib/libssr.so.0" --out "$work/dist"
wheel=$(ls "$work"/dist/ssrmeta-*.whl) sdist=$(ls "$work"/dist/ssrmeta-*.tar.gz)

echo "== the wheel, in a fresh virtual environment"
# --system-site-packages: the system's pytest runs the suite; ssrmeta itself is only in the venv.
python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel"
cd "$work"
"$work/venv/bin/python" - <<'PY'
import ssrmeta, ssrmeta._lib as l
assert ssrmeta.__file__.startswith(__import__("sys").prefix), ssrmeta.__file__
assert l.lib._name.endswith("ssrmeta/_lib/libssr.so.0"), l.lib._name
# libssr's dependencies come from the wheel (grafted by auditwheel), not the system
maps = open("/proc/self/maps").read()
for dep in ("libsodium", "libcjson", "libcrypto"):
    paths = {line.split()[-1] for line in maps.splitlines() if f"/{dep}" in line}
    assert paths and all("/ssrmeta.libs/" in p for p in paths), (dep, paths)
print(f"installed: {ssrmeta.__file__}, library {l.lib._name}, its dependencies from ssrmeta.libs/")
PY
SSR_ROOT=$root "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$root/bindings/python/tests"

echo "== the sdist, built from source in another"
python3 -m venv "$work/venv-sdist"
"$work/venv-sdist/bin/pip" install --quiet --disable-pip-version-check "$sdist"
"$work/venv-sdist/bin/python" -c '
import ssrmeta as ssr
key = ssr.SecretKey.generate()
v = ssr.dsse_verify(ssr.dsse_sign(b"{}", "application/json", key), [key.public_key])
assert v.payload_type == "application/json" and ssr.validate(b"{\"a\":1,\"a\":2}").diagnostics[0].code == "json.duplicate-member"
print("from source:", ssr.version(), "validates, signs and verifies")'

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Python distributions of ssrmeta into dist/ (or --out DIR):
#   - a wheel, py3-none-manylinux_2_X_ARCH, carrying libssr in ssrmeta/_lib/
#     and the shared libraries it needs (libsodium, cJSON, OpenSSL's
#     libcrypto) in ssrmeta.libs/, grafted there by auditwheel (PyPA's
#     repair tool, with Debian's patchelf), which also checks the manylinux
#     policy and names the tag: `pip install` needs nothing else on a glibc
#     system at least as new as the tag says;
#   - an sdist carrying libssr's C sources, which builds the library with
#     meson when installed (against the system's libsodium, cJSON, OpenSSL).
# The build tools (PyPA's build, setuptools, wheel, auditwheel) come from
# PyPI into a virtual environment of their own. Prints the two files' paths.
#
#   bindings/python/scripts/build.sh [--lib LIBSSR.so] [--out DIR]
#
# Without --lib it builds libssr (release) in build-pack/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
lib="" out=$root/dist
while [ $# -gt 0 ]; do
  case $1 in
    --lib) lib=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--lib LIBSSR.so] [--out DIR]" >&2; exit 2 ;;
  esac
done

if [ -z "$lib" ]; then
  build=$root/build-pack
  if [ -d "$build" ]; then
    meson setup --reconfigure "$build" -Dbuildtype=release -Dtests=false >/dev/null
  else
    meson setup "$build" -Dbuildtype=release -Dtests=false >/dev/null
  fi
  ninja -C "$build" >/dev/null
  lib=$build/lib/libssr.so.0
fi
[ -f "$lib" ] || { echo "build.sh: no libssr at $lib" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/ssrmeta
mkdir -p "$stage/csrc/data" "$stage/csrc/scripts"
cp "$here/pyproject.toml" "$here/setup.py" "$here/README.md" "$here/MANIFEST.in" "$root/LICENSE" "$stage/"
cp -r "$here/ssrmeta" "$stage/"
rm -rf "$stage/ssrmeta/_lib" "$stage/ssrmeta/__pycache__"
cp "$root/meson.build" "$root/meson_options.txt" "$stage/csrc/"
cp -r "$root/lib" "$root/include" "$stage/csrc/"
cp -r "$root/data/trust" "$root/data/tuf" "$root/data/panel" "$stage/csrc/data/"
cp "$root/scripts/post-install.sh" "$root/scripts/embed.py" "$stage/csrc/scripts/"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --upgrade build "setuptools>=77" wheel \
  auditwheel==6.7.0 # 6.8 needs patchelf 0.14.5; Debian 12 has 0.14.3
command -v patchelf >/dev/null || { echo "build.sh: patchelf is missing (apt-get install patchelf)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$work/venv/bin/python" -m build --sdist --no-isolation --outdir "$out" "$stage" >"$work/sdist.log" 2>&1 ||
  { cat "$work/sdist.log"; exit 1; }

# The wheel: libssr alone, tagged for this platform, then repaired by
# auditwheel into a manylinux wheel (the most compatible tag the libraries
# allow) with libssr's dependencies grafted in and its RUNPATH set to them.
mkdir -p "$stage/ssrmeta/_lib"
cp "$(readlink -f "$lib")" "$stage/ssrmeta/_lib/libssr.so.0"
strip --strip-unneeded "$stage/ssrmeta/_lib/libssr.so.0"
unset SSRMETA_PLATFORM_TAG
"$work/venv/bin/python" -m build --wheel --no-isolation --outdir "$work/raw" "$stage" >"$work/wheel.log" 2>&1 ||
  { cat "$work/wheel.log"; exit 1; }
"$work/venv/bin/auditwheel" repair --wheel-dir "$work/repaired" "$work"/raw/ssrmeta-*.whl >"$work/repair.log" 2>&1 ||
  { cat "$work/repair.log"; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/pyproject.toml")
wheel=$(ls "$work"/repaired/ssrmeta-"$version"-py3-none-manylinux_*.whl)
mv "$wheel" "$out/"
ls "$out/ssrmeta-$version.tar.gz" "$out/$(basename "$wheel")"

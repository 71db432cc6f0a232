#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Python distributions of ssrmeta into dist/ (or --out DIR):
#   - a wheel, py3-none-manylinux_2_X_ARCH, carrying libssr and the shared
#     libraries it needs (libsodium, cJSON, OpenSSL's libcrypto) in
#     ssrmeta/_lib/, so that `pip install` needs nothing else on a glibc
#     system at least as new as this one;
#   - an sdist carrying libssr's C sources, which builds the library with
#     meson when installed (against the system's libsodium, cJSON, OpenSSL).
# The build tools (PyPA's build, setuptools, wheel) come from PyPI into a
# virtual environment of their own. Prints the two files' paths.
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
cp -r "$root/data/trust" "$root/data/panel" "$stage/csrc/data/"
cp "$root/scripts/post-install.sh" "$root/scripts/embed.py" "$stage/csrc/scripts/"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --upgrade build "setuptools>=77" wheel
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$work/venv/bin/python" -m build --sdist --no-isolation --outdir "$out" "$stage" >"$work/sdist.log" 2>&1 ||
  { cat "$work/sdist.log"; exit 1; }

# The wheel: the library and its dependencies bundled, RUNPATH $ORIGIN.
python3 "$root/scripts/bundle-libs.py" "$stage/ssrmeta/_lib" "$lib" >/dev/null
strip --strip-unneeded "$stage/ssrmeta/_lib"/*
# The manylinux tag: the newest glibc symbol version the bundled libraries
# reference (auditwheel's rule), not the build machine's glibc.
glibc=$(objdump -T "$stage/ssrmeta/_lib"/* | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n | tail -1)
export SSRMETA_PLATFORM_TAG="manylinux_${glibc/./_}_$(uname -m)"
"$work/venv/bin/python" -m build --wheel --no-isolation --outdir "$out" "$stage" >"$work/wheel.log" 2>&1 ||
  { cat "$work/wheel.log"; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/pyproject.toml")
ls "$out/ssrmeta-$version.tar.gz" "$out/ssrmeta-$version-py3-none-$SSRMETA_PLATFORM_TAG.whl"

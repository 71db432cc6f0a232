#!/usr/bin/env bash
# Builds the ECDSA backend, aws-lc, into deps/aws-lc/ (lib/libcrypto.a,
# lib/aws-lc-ecdsa.o and include/), statically, with every symbol prefixed (aws_lc_0_47_0_...)
# so that it never meets the process's own OpenSSL. Nothing when it is
# there already.
#
# Where the sources come from: the aws-lc-sys crate on crates.io, version
# 0.47.0 (aws-lc 5.12.0), pinned by its SHA-256 (the one crates.io's index
# gives). The crate carries aws-lc's sources, its pre-generated assembly and
# the symbol-prefix headers, so the build needs cmake and a C compiler only
# (no Go, no Perl). License: Apache-2.0 OR ISC (aws-lc's LICENSE, copied
# into deps/aws-lc/).
#
# Without a network, or when the build fails, it says so and exits 0:
# libssr then builds with Debian's OpenSSL for ECDSA (meson option
# ecdsa=auto), and `ssr version` names the backend in use.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.47.0
sha256=8bfbe32ac36b3c428696ce315464181bc4029d689fd58e3f2a4e58c252242f52
prefix=aws_lc_0_47_0
url="https://static.crates.io/crates/aws-lc-sys/aws-lc-sys-$version.crate"
deps=deps
dest=$deps/aws-lc
stamp=$dest/VERSION

# object: the part of libcrypto.a that the backend's calls (lib/crypto/aws-lc.symbols)
# need, as one relocatable object (`ld -r` pulls in only the members they
# reach), every symbol but those calls made local. libssr links it into its
# shared library and its static one alike, so that nothing of aws-lc but
# those few prefixed entry points is visible even in libssr.a.
symbols=lib/crypto/aws-lc.symbols
object() {
  local undefined=() keep
  keep=$(mktemp)
  while read -r s; do
    [ -n "$s" ] || continue
    undefined+=(-u "${prefix}_$s")
    echo "${prefix}_$s" >>"$keep"
  done <"$symbols"
  ld -r -o "$dest/lib/aws-lc-ecdsa.o" "${undefined[@]}" "$dest/lib/libcrypto.a"
  objcopy --keep-global-symbols="$keep" "$dest/lib/aws-lc-ecdsa.o"
  rm -f "$keep"
  cp "$symbols" "$dest/SYMBOLS"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "aws-lc-sys $version" ] && [ -f "$dest/lib/libcrypto.a" ]; then
  cmp -s "$symbols" "$dest/SYMBOLS" || object
  exit 0
fi

fallback() {
  echo "aws-lc: $1; libssr builds with OpenSSL's ECDSA instead (the fallback)" >&2
  exit 0
}

command -v cmake >/dev/null 2>&1 || fallback "cmake is missing"
mkdir -p "$deps/cache"
crate=$deps/cache/aws-lc-sys-$version.crate
if ! echo "$sha256  $crate" | sha256sum -c --status 2>/dev/null; then
  echo "aws-lc: fetching aws-lc-sys $version from crates.io"
  curl -fsSL --retry 3 -o "$crate.part" "$url" || fallback "could not fetch $url"
  echo "$sha256  $crate.part" | sha256sum -c --status || { rm -f "$crate.part"; fallback "the crate's SHA-256 is not the pinned one"; }
  mv "$crate.part" "$crate"
fi

work=$deps/aws-lc-src
rm -rf "$work" "$dest" "$deps/aws-lc-build"
mkdir -p "$work"
tar xzf "$crate" -C "$work" --strip-components=1
src=$work/aws-lc
echo "aws-lc: building libcrypto (about a minute on two cores)"
if ! cmake -S "$src" -B "$deps/aws-lc-build" -G Ninja \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      -DBORINGSSL_PREFIX=$prefix -DBORINGSSL_PREFIX_HEADERS="$PWD/$work/generated-include" \
      -DBUILD_TESTING=OFF -DBUILD_TOOL=OFF -DBUILD_LIBSSL=OFF \
      -DDISABLE_PERL=ON -DDISABLE_GO=ON -DDISABLE_CPU_JITTER_ENTROPY=ON \
      >"$deps/aws-lc-cmake.log" 2>&1; then
  fallback "cmake failed (see $deps/aws-lc-cmake.log)"
fi
ninja -C "$deps/aws-lc-build" crypto >"$deps/aws-lc-ninja.log" 2>&1 || fallback "the build failed (see $deps/aws-lc-ninja.log)"

# Every global symbol of the archive must carry the prefix.
if nm -g --defined-only "$deps/aws-lc-build/crypto/libcrypto.a" 2>/dev/null | awk 'NF == 3 {print $3}' | grep -v "^$prefix" | grep -q .; then
  fallback "the archive defines symbols without the prefix $prefix"
fi

mkdir -p "$dest/lib" "$dest/include"
cp "$deps/aws-lc-build/crypto/libcrypto.a" "$dest/lib/"
cp -r "$src/include/openssl" "$dest/include/"
cp "$work"/generated-include/openssl/boringssl_prefix_symbols*.h "$dest/include/openssl/"
cp "$src/LICENSE" "$dest/LICENSE"
echo "$prefix" >"$dest/PREFIX"
object
echo "aws-lc-sys $version" >"$stamp"
rm -rf "$work" "$deps/aws-lc-build"
echo "aws-lc: built into $dest"

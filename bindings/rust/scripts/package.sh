#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Packages the two crates, ssrmeta-sys (carrying libssr's C sources in
# csrc/, for its `bundled` feature) and ssrmeta, as `cargo package` does
# before publishing: the .crate files land in TARGET/package/ (TARGET is
# $CARGO_TARGET_DIR, else bindings/rust/target). Cargo's verification build
# links libssr as build.rs does: set SSR_LIB_DIR or PKG_CONFIG_PATH when
# libssr is not installed. Extra arguments go to cargo (e.g. --config ...).
#   bindings/rust/scripts/package.sh [CARGO-ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$here/target}
mkdir -p "$target"
target=$(cd "$target" && pwd)
# The crates are packaged from a copy of their own, with a lock file of their
# own: the working tree's Cargo.lock may come from Debian's packaged crates
# (tests/cargo-debian.toml), whose checksums are not crates.io's.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$here" --exclude=./target --exclude=./Cargo.lock -cf - . | tar -C "$work" -xf -
sys=$work/ssrmeta-sys
mkdir -p "$sys/csrc/data"
cp -r "$root/lib" "$root/include" "$sys/csrc/"
cp -r "$root/data/trust" "$root/data/tuf" "$root/data/panel" "$sys/csrc/data/"
cp "$root/LICENSE" "$sys/LICENSE"
cp "$root/LICENSE" "$work/LICENSE"
# the examples the manifest names live outside the crate: not packaged
sed -i '/^\[\[example\]\]/,/^$/d' "$work/Cargo.toml"
cd "$work"
export CARGO_TARGET_DIR=$target
if cargo package --help | grep -q -- '--workspace'; then
  # a cargo that packages a workspace verifies ssrmeta against the ssrmeta-sys just packaged
  cargo package --workspace --allow-dirty "$@"
else
  # an older cargo (Debian 12's 1.63) cannot resolve the unpublished ssrmeta-sys: it verifies the -sys crate only
  cargo package -p ssrmeta-sys --allow-dirty "$@"
  cargo package -p ssrmeta --allow-dirty --no-verify "$@"
fi
ls "$target"/package/*.crate

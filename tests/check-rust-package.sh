#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Rust crates as a user gets them: the binding's own tests; a consumer
# crate outside the repository depending on ssrmeta, built against BUILD's
# libssr and with the `bundled` feature (libssr compiled by the cc crate),
# each binary run without LD_LIBRARY_PATH. With `package`: `cargo package`
# of both crates instead (skipped, status 77, with a cargo older than 1.90,
# which cannot verify a crate whose -sys crate is not published yet).
#   check-rust-package.sh BUILD ROOT [package]
set -euo pipefail
build=$(cd "$1" && pwd) root=$(cd "$2" && pwd)
work=$build/rust-package
if [ "${3:-}" = package ]; then
  version=$(cargo --version | sed -n 's/^cargo 1\.\([0-9]*\).*/\1/p')
  if [ "${version:-0}" -lt 90 ]; then
    echo "skipping: $(cargo --version) cannot verify ssrmeta against an unpublished ssrmeta-sys (cargo 1.90 and later can)"
    exit 77
  fi
  echo "== cargo package, both crates"
  # Packaging resolves the crates the way crates.io would: online, in a cargo
  # home of its own (a shared one may hold an unpacked ssrmeta-sys 0.1.0 of an
  # earlier packaging, which cargo would reuse as it is).
  work=$build/rust-cargo-package
  rm -rf "$work"
  CARGO_HOME=$work/package-home CARGO_TARGET_DIR=$work/package-target SSR_LIB_DIR=$build/lib \
    "$root/bindings/rust/scripts/package.sh" 2>&1 | grep -E '^\s*(Packag|Verif)|\.crate$|^error' || true
  ls "$work/package-target/package/ssrmeta-0.1.0.crate" "$work/package-target/package/ssrmeta-sys-0.1.0.crate" >/dev/null
  exit 0
fi
rm -rf "$work"
mkdir -p "$work/consumer/src"
unset LD_LIBRARY_PATH
export CARGO_TARGET_DIR=$work/target SSR_LIB_DIR=$build/lib
# The crates (cc; serde and serde_json for the `serde` feature): Debian's
# packaged copies (offline) when installed, else crates.io.
cargo_args=()
if ls -d /usr/share/cargo/registry/cc-1.* /usr/share/cargo/registry/serde_json-1.* >/dev/null 2>&1; then
  cargo_args=(--offline --config "$root/tests/cargo-debian.toml")
fi

for features in "" "--features serde"; do
  echo "== the binding's tests ${features:-(default features)}"
  # shellcheck disable=SC2086 # the features are two words or none
  cargo test -q "${cargo_args[@]}" $features --manifest-path "$root/bindings/rust/Cargo.toml" 2>&1 | grep -E '^test result|FAILED|panicked' || true
  # shellcheck disable=SC2086
  cargo test -q "${cargo_args[@]}" $features --manifest-path "$root/bindings/rust/Cargo.toml" >/dev/null 2>&1
done

cat >"$work/consumer/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.1.0"
edition = "2021"

[workspace]

[features]
bundled = ["ssrmeta/bundled"]

[dependencies]
ssrmeta = { version = "0.1.0", path = "$root/bindings/rust" }
TOML
cat >"$work/consumer/src/main.rs" <<'RS'
use ssrmeta as ssr;

fn main() {
    let release = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let report = ssr::validate(&release, None).unwrap();
    let (public, secret) = ssr::generate_keypair().unwrap();
    let envelope = ssr::dsse_sign(&release, "application/vnd.ssr.release+json", &secret).unwrap();
    let v = ssr::dsse_verify(&envelope, &[&public], 1).unwrap();
    assert!(report.valid && v.payload == release && v.payload_type == "application/vnd.ssr.release+json");
    println!("{} {} valid, signed and verified as {}", ssr::version(), report.kind, v.payload_type);
}
RS
for mode in installed bundled; do
  echo "== a consumer crate, libssr $mode"
  features=()
  [ "$mode" = bundled ] && features=(--features bundled)
  (cd "$work/consumer" && cargo build -q "${cargo_args[@]}" "${features[@]}")
  binary=$work/target/debug/consumer
  if ldd "$binary" | grep -q libssr; then echo "the consumer loads a shared libssr: $(ldd "$binary" | grep libssr)"; exit 1; fi
  "$binary" "$root/examples/documents/release-pypi-sampleproject.json"
  rm -f "$binary"
done

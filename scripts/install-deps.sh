#!/usr/bin/env bash
# Installs, with apt-get, whatever the build and the tests need that this
# Debian system lacks, and any Debian packages named as arguments (the
# benchmark adds its own). Does nothing when everything is there.
set -euo pipefail

packages=(
  gcc
  g++
  meson
  ninja-build
  pkg-config
  binutils
  python3
  libcjson-dev
  libcurl4-openssl-dev
  faketime
  libsodium-dev
  libssl-dev
  libcmocka-dev
  valgrind
  locales
  openssl
  patchelf
  cmake
  curl
  ca-certificates
  python3-venv
  chromium
  fonts-dejavu-core
  fonts-ipafont-gothic
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js and npm run the Ajv differential test; any recent install will do.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The Node.js addon is built against Node-API's headers: Debian's nodejs
# keeps them in libnode-dev.
if command -v node >/dev/null 2>&1; then
  [ -f "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node/node_api.h" ] || missing+=(libnode-dev)
else
  missing+=(libnode-dev)
fi
# The Go binding's tests (Debian's Go 1.19 builds it).
command -v go >/dev/null 2>&1 || missing+=(golang-go)
# The Rust binding's tests (Debian's Rust 1.63 builds it); its optional
# dependencies, the cc crate (`bundled`) and serde (`serde`, with serde_json
# for its test), from Debian's packaged crates (offline).
command -v cargo >/dev/null 2>&1 || missing+=(cargo)
ls -d /usr/share/cargo/registry/cc-1.* >/dev/null 2>&1 || missing+=(librust-cc-dev)
ls -d /usr/share/cargo/registry/serde_derive-1.* >/dev/null 2>&1 || missing+=(librust-serde-dev librust-serde-derive-dev)
ls -d /usr/share/cargo/registry/serde_json-1.* >/dev/null 2>&1 || missing+=(librust-serde-json-dev)
# pytest runs the Python binding's tests.
python3 -c 'import pytest' >/dev/null 2>&1 || missing+=(python3-pytest)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The ECDSA backend, aws-lc, from its pinned sources (nothing when built
# already; without a network the OpenSSL fallback is used, and said so).
"$(dirname "$0")/build-aws-lc.sh"

# The canonical-form tests run under a locale whose decimal separator is a comma.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "generating the de_DE.UTF-8 locale"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi

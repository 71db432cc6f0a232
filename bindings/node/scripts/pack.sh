#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the npm package, ssrmeta-VERSION.tgz: the addon built against this
# tree's libssr (linked in statically) with the shared libraries it needs
# bundled under prebuilds/PLATFORM/, so that it loads where no libssr,
# libsodium, cJSON or OpenSSL is installed. Prints the tarball's path.
#
#   bindings/node/scripts/pack.sh [--addon FILE] [--out DIR]
#
# Without --addon it builds one (release) in build-pack/; --out defaults to
# dist/ at the repository's root. Nothing is written into bindings/node.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
addon="" out=$root/dist
while [ $# -gt 0 ]; do
  case $1 in
    --addon) addon=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--addon FILE] [--out DIR]" >&2; exit 2 ;;
  esac
done

if [ -z "$addon" ]; then
  build=$root/build-pack
  if [ -d "$build" ]; then
    meson setup --reconfigure "$build" -Dbuildtype=release -Dtests=false >/dev/null
  else
    meson setup "$build" -Dbuildtype=release -Dtests=false >/dev/null
  fi
  ninja -C "$build" bindings/node/ssrmeta.node >/dev/null
  addon=$build/bindings/node/ssrmeta.node
fi
[ -f "$addon" ] || { echo "pack.sh: no addon at $addon (is Node-API's node_api.h installed?)" >&2; exit 1; }

platform=$(node -p 'process.platform + "-" + process.arch')
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/src" "$stage/scripts"
cp "$here/package.json" "$here/index.js" "$here/index.d.ts" "$here/README.md" "$stage/"
cp "$here/src/ssrmeta.c" "$stage/src/"
cp "$here/scripts/install.js" "$stage/scripts/"
cp "$root/LICENSE" "$stage/"
python3 "$root/scripts/bundle-libs.py" "$stage/prebuilds/$platform" "$addon" >/dev/null
strip --strip-unneeded "$stage/prebuilds/$platform"/*
mkdir -p "$out"
out=$(cd "$out" && pwd)
name=$(cd "$stage" && npm pack --silent --pack-destination "$out" | tail -1)
echo "$out/$name"

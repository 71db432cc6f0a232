#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Node.js package as a user gets it: packed into its tarball (the
# addon of BUILD with its shared libraries bundled), installed with npm into
# a fresh project, and its test suite run there; then installed from its
# folder, which builds the addon from source against BUILD's libssr, and
# refused with a clear message when no libssr can be found.
#   check-node-package.sh BUILD ROOT
set -euo pipefail
build=$(cd "$1" && pwd) root=$(cd "$2" && pwd)
work=$build/node-package
rm -rf "$work"
mkdir -p "$work"
unset LD_LIBRARY_PATH SSR_NODE_ADDON SSR_LIBRARY
npm_install() { npm install --no-audit --no-fund --offline --loglevel=error "$@"; }

echo "== the tarball, in a fresh project"
tarball=$("$root/bindings/node/scripts/pack.sh" --addon "$build/bindings/node/ssrmeta.node" --out "$work")
mkdir "$work/consumer"
(cd "$work/consumer" && npm init -y >/dev/null && npm_install "$tarball")
module=$work/consumer/node_modules/ssrmeta
test -f "$module/prebuilds/$(node -p 'process.platform + "-" + process.arch')/ssrmeta.node"
SSRMETA_MODULE=$module SSR_ROOT=$root node --test "$root/bindings/node/test/"

echo "== the folder, built from source against an installed libssr"
cp -r "$root/bindings/node" "$work/folder"
rm -rf "$work/folder/build" "$work/folder/prebuilds" "$work/folder/node_modules"
mkdir "$work/from-source"
(cd "$work/from-source" && npm init -y >/dev/null &&
  PKG_CONFIG_PATH=$build/meson-uninstalled npm_install "$work/folder")
(cd "$work/from-source" && node -e '
  const ssr = require("ssrmeta");
  const key = ssr.SecretKey.generate();
  const r = ssr.dsseVerify(ssr.dsseSign("{}", "application/json", key), [key.publicKey]);
  if (r.payloadType !== "application/json" || ssr.validate("{\"a\":1,\"a\":2}").diagnostics[0].code !== "json.duplicate-member") process.exit(1);
  console.log("from source: " + ssr.version() + " validates, signs and verifies");')

echo "== no libssr to build against: refused with its reason"
rm -rf "$work/folder/build"
mkdir "$work/refused"
if (cd "$work/refused" && npm init -y >/dev/null &&
    PKG_CONFIG_PATH=$work/nowhere PKG_CONFIG_LIBDIR=$work/nowhere npm_install "$work/folder") >"$work/refused.log" 2>&1; then
  echo "npm install succeeded without a libssr"; exit 1
fi
grep -q "pkg-config finds no libssr" "$work/refused.log" || { cat "$work/refused.log"; exit 1; }
echo "refused: $(grep -o 'pkg-config finds no libssr[^"]*' "$work/refused.log" | head -1)"

#!/usr/bin/env bash
# Quick start: installs what is missing, builds libssr and the ssr command
# into build/, and validates the bundled example documents.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
if [ -d build ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build >/dev/null
fi
ninja -C build
echo
echo "validating examples/documents and examples/survey-2022:"
build/cli/ssr validate examples/documents examples/survey-2022
echo
echo "the command is build/cli/ssr (README, Install: sudo meson install -C build puts it on PATH)"

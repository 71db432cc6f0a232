#!/usr/bin/env bash
# The benchmark: builds ssr-bench and ssr in a release build (build-bench),
# prepares its inputs from the shared OSV corpus, measures each figure
# against its reference in the same run and prints the performance table,
# then a callgrind profile of the validation path.
#
#   bash bench/run.sh           the full run (a few minutes)
#   bash bench/run.sh --quick   fewer rounds, for a first look
#
# Needs ../shared/corpus (the OSV records and schema). Not part of the tests:
# timings are never pass or fail there.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(cd .. && pwd)/shared/corpus
if [ ! -d "$corpus/osv/records" ]; then
  echo "bench: the shared OSV corpus is missing ($corpus/osv/records)" >&2
  exit 2
fi

# /usr/bin/time for peak memory; valgrind, coreutils' sha256sum and b2sum come with the tests' packages.
scripts/install-deps.sh time coreutils
(cd tests/ajv && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Optimised as a release, with debugging symbols so that the profile names files and lines.
options=(-Doptimization=3 -Ddebug=true -Dtests=false)
if [ -d build-bench ]; then
  meson setup --reconfigure build-bench "${options[@]}" >/dev/null
else
  meson setup build-bench "${options[@]}" >/dev/null
fi
ninja -C build-bench >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/prepare.py "$corpus/osv/records" "$work"
python3 bench/compare.py build-bench "$corpus" "$work" "$@"

echo
echo "Callgrind, the validation path (ssr-bench profile: ssr_validate over the 2,606 records once), by own cost:"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  build-bench/bench/ssr-bench profile "$corpus/osv/records" 1 >/dev/null 2>&1
callgrind_annotate "$work/callgrind.out" 2>/dev/null |
  awk '/PROGRAM TOTALS/ { print } /file:function/ { table = 1; next } table && NF && n < 16 { print; n++ }'

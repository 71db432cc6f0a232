#!/usr/bin/env bash
# Runs the vendored TUF client conformance suite (tuf-conformance) against
# `ssr tuf`, with no expected failures: every one of its tests must pass.
# usage: conformance.sh SSR VENV SUITE_DIR
set -uo pipefail
ssr=$(realpath "$1") venv=$(realpath "$2") suite=$(realpath "$3")
[ -x "$venv/bin/pytest" ] || { echo "no virtual environment at $venv: scripts/test.sh makes it"; exit 1; }
command -v faketime >/dev/null || { echo "faketime is missing (Debian's faketime)"; exit 1; }
# a copy, so that nothing is written into the shared corpus; no .xfails file beside the client
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$suite/tuf_conformance" "$work/"
cd "$work" || exit 1
report=$work/report.json
# faketime preloads itself: let a sanitized build run after it
ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 PYTHONDONTWRITEBYTECODE=1 "$venv/bin/pytest" -q -p no:cacheprovider tuf_conformance \
  --entrypoint "$ssr tuf" --json-report --json-report-file="$report" 2>&1 | tail -n 30
"$venv/bin/python" - "$report" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
print("tuf-conformance:", ", ".join(f"{v} {k}" for k, v in summary.items() if k not in ("collected",)))
ok = summary.get("passed", 0) == summary["total"] == summary["collected"] and summary["total"] >= 113
sys.exit(0 if ok else 1)
PY

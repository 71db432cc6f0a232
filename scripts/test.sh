#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every
# test three ways: a plain build with warnings as errors, the same under
# valgrind, and an ASan+UBSan build; the library's suites again with the
# OpenSSL fallback of the ECDSA backend; then the threads tests (the library's
# and `ssr validate -j`'s) under ThreadSanitizer. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

logs=()
status=0

# The Ajv differential test's and the browser tests' own dependencies
# (Ajv; puppeteer-core and axe-core), pinned by their package-lock.json
# files. A failed install stops here, with its own message, rather than
# failing later as a missing module.
for dir in tests/ajv tests/browser; do
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    echo "npm ci in $dir failed: the tests need its packages (see the message above)"
    echo "0 passed, 1 failed"
    exit 1
  fi
done

# The TUF conformance suite's Python requirements (tests/tuf/requirements.txt,
# pinned), in a virtual environment of their own under deps/.
if [ ! -x deps/tuf-venv/bin/pytest ] || ! cmp -s tests/tuf/requirements.txt deps/tuf-venv/requirements.txt; then
  rm -rf deps/tuf-venv
  if ! { python3 -m venv deps/tuf-venv && deps/tuf-venv/bin/pip install --quiet --disable-pip-version-check \
           -r tests/tuf/requirements.txt && cp tests/tuf/requirements.txt deps/tuf-venv/; }; then
    echo "pip install of tests/tuf/requirements.txt failed: the TUF conformance suite needs them"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# configure DIR OPTIONS... [-- TARGETS...]: a fresh or reconfigured build
# folder, built whole or only the targets named.
configure() {
  local dir=$1; shift
  local options=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && { shift; targets=("$@"); }
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "${options[@]}" >/dev/null
  else
    meson setup "$dir" "${options[@]}" >/dev/null
  fi && ninja -C "$dir" "${targets[@]}" >/dev/null
}

# run_suite NAME DIR MESON-TEST-ARGS...
run_suite() {
  local name=$1 dir=$2; shift 2
  echo "== $name"
  rm -f "$dir/meson-logs/testlog-$name".json "$dir/meson-logs/testlog-$name"-*.json
  meson test -C "$dir" --print-errorlogs --logbase "testlog-$name" "$@" | grep -E '^ *[0-9]+/[0-9]+ |^Ok:|^Fail:|^Skipped:' || true
  # meson appends the setup's name to the log's: testlog-NAME[-SETUP].json
  local log found=""
  for log in "$dir/meson-logs/testlog-$name.json" "$dir/meson-logs/testlog-$name"-*.json; do
    [ -f "$log" ] && { logs+=("$log"); found=1; }
  done
  [ -n "$found" ] || logs+=("$dir/meson-logs/testlog-$name.json") # reported as missing: a failure
}

if configure build-test -Dwerror=true; then
  run_suite plain build-test
  run_suite valgrind build-test --setup valgrind --suite unit --suite examples
else
  echo "build-test: the build failed"; status=1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if configure build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false; then
  run_suite asan build-asan
else
  echo "build-asan: the build failed"; status=1
fi

# The ECDSA backend's fallback, Debian's OpenSSL: the library's own suites
# once more (every verification corpus, the conformance suites, the fuzz
# seeds), under ASan+UBSan. Skipped, and said so, when the default build
# already is the fallback (no aws-lc was built).
if [ -f deps/aws-lc/lib/aws-lc-ecdsa.o ]; then
  if configure build-openssl -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Decdsa=openssl; then
    run_suite openssl build-openssl --no-suite bindings
  else
    echo "build-openssl: the build failed"; status=1
  fi
else
  echo "== openssl: the default build is the OpenSSL fallback already (no aws-lc in deps/)"
fi

# The eight-thread test and `ssr validate -j` under ThreadSanitizer (only what they need is built).
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
if configure build-tsan -Dwerror=true -Db_sanitize=thread -- tests/test_threads cli/ssr; then
  run_suite tsan build-tsan --no-rebuild --suite threads
else
  echo "build-tsan: the build failed"; status=1
fi

python3 - "$status" "${logs[@]}" <<'PY'
import json, sys
failed_build = int(sys.argv[1])
passed = failed = skipped = 0
for path in sys.argv[2:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print(f"missing test log: {path}")
        failed += 1
        continue
    for line in lines:
        entry = json.loads(line)
        result = entry["result"]
        if result == "OK":
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            # The end of what a failed test wrote, so that a run on a
            # machine that keeps no logs still says why.
            output = (entry.get("stdout") or "") + (entry.get("stderr") or "")
            tail = output.rstrip().splitlines()[-40:]
            print(f"-- {entry.get('name')} ({result}), the end of its output:")
            print("\n".join("   " + t for t in tail))
failed += failed_build
if skipped:
    print(f"{skipped} skipped (see each suite's log: a tool or a corpus is missing)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

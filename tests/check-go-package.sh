#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Go binding as a user gets it: libssr installed (meson install, staged
# in a scratch folder), a module outside the repository with the require and
# replace lines README gives, and from there the binding's whole test suite
# (`go test` of the required package) and a consumer program, all built
# through the installed libssr.pc (cgo's pkg-config) and run without
# LD_LIBRARY_PATH.
#   check-go-package.sh BUILD ROOT
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
. "$(dirname "$0")/staged-install.sh"
pc="$root/$lib/pkgconfig"
unset LD_LIBRARY_PATH || true
mkdir "$dest/consumer"
printf '%s\n' 'module example.com/consumer' '' 'go 1.19' '' \
    'require github.com/libssr/libssr/bindings/go v0.1.0' '' \
    "replace github.com/libssr/libssr/bindings/go => $src/bindings/go" >"$dest/consumer/go.mod"
cp "$src/tests/goconsumer.go" "$dest/consumer/main.go"
cd "$dest/consumer"
# A Go cache of its own, removed with the tree: Go's cache keeps a cgo
# package's link flags from whichever pkg-config answer it first cached, and
# this tree's paths must neither come from nor go into a shared cache.
export PKG_CONFIG_PATH="$pc" CGO_ENABLED=1 GOTOOLCHAIN=local GOFLAGS=-mod=mod GOCACHE="$dest/gocache"
status=0
go test -count=1 -v github.com/libssr/libssr/bindings/go >"$dest/go-test.log" 2>&1 || status=$?
grep -E '^(--- (FAIL|SKIP)|ok|FAIL)' "$dest/go-test.log" || true
if [ "$status" -ne 0 ]; then tail -40 "$dest/go-test.log"; exit "$status"; fi
echo "$(grep -c -- '^--- PASS' "$dest/go-test.log") tests passed"
# The handles' concurrency tests again under Go's race detector (close while
# verifying, nil and closed handles, goroutines sharing keys and hashers).
go test -race -count=1 -run 'TestCloseWhileVerifying|TestNilHandles|TestEightGoroutines|TestKeysAndHashersUnderGoroutines' \
    github.com/libssr/libssr/bindings/go >"$dest/go-race.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then tail -40 "$dest/go-race.log"; exit "$status"; fi
echo "the concurrency tests passed under the race detector"
go build -o consumer .
ldd ./consumer | grep -q "$root" || { echo "the consumer does not load the installed libssr:"; ldd ./consumer; exit 1; }
./consumer "$src/examples/documents/release-pypi-sampleproject.json"
echo "the Go suite passed against the installed libssr, from a module outside the repository"

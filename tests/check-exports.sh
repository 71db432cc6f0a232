#!/bin/sh
# The shared library exports the documented ssr_* API and nothing else.
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '{sub(/@.*/, "", $3); print $3}' | grep -v '^ssr_' | grep -v '^LIBSSR_')
count=$(nm -D --defined-only "$lib" | awk '{sub(/@.*/, "", $3); print $3}' | grep -c '^ssr_')
if [ -n "$bad" ]; then
    echo "exported symbols outside the ssr_ namespace:"
    echo "$bad"
    exit 1
fi
# Every export is declared in a public header.
for sym in $(nm -D --defined-only "$lib" | awk '{sub(/@.*/, "", $3); print $3}' | grep '^ssr_'); do
    if ! grep -q "[ *]$sym(" "$(dirname "$0")"/../include/ssr/*.h; then
        echo "exported but not declared in include/: $sym"
        exit 1
    fi
done
echo "$count ssr_ symbols exported, nothing else"

#!/bin/sh
# The library links in every build type: an unoptimized build calls what an
# optimized one inlines (floor() needs libm there), and meson links with
# --no-undefined, so a missing dependency shows as a link failure. Then once
# with OpenSSL's deprecated API hidden (OPENSSL_API_COMPAT=30000,
# OPENSSL_NO_DEPRECATED): nothing the library calls may be on its way out.
set -eu
src="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for type in debug plain minsize; do
    meson setup "$dir/$type" "$src" --buildtype="$type" -Dtests=false >/dev/null
    lib=$(ninja -C "$dir/$type" -t targets all | sed -n 's/^\(lib\/libssr\.so\.[0-9.]*\): .*_LINKER.*/\1/p' | head -n 1)
    [ -n "$lib" ] || { echo "no shared library target in the $type build"; exit 1; }
    ninja -C "$dir/$type" "$lib" >/dev/null || { echo "libssr.so does not link with --buildtype=$type"; exit 1; }
done
meson setup "$dir/nodeprecated" "$src" -Dtests=false -Dwerror=true \
    -Dc_args="-DOPENSSL_API_COMPAT=30000 -DOPENSSL_NO_DEPRECATED" >/dev/null
ninja -C "$dir/nodeprecated" "$lib" >/dev/null || { echo "libssr.so does not build without OpenSSL's deprecated API"; exit 1; }
echo "libssr.so links as debug, plain and minsize builds, and builds without OpenSSL's deprecated API"

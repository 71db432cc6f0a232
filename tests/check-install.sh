#!/bin/sh
# meson install lays down the headers, both libraries, the pkg-config file
# and the ssr command, and a program builds against the installed copy.
set -eu
build="$1"
src="$2"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --no-rebuild --destdir "$dest" >/dev/null
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
root="$dest$prefix"
for f in bin/ssr include/ssr.h include/ssr/common.h include/ssr/json.h include/ssr/report.h include/ssr/validate.h; do
    [ -e "$root/$f" ] || { echo "not installed: $f"; exit 1; }
done
pc=$(find "$root" -name libssr.pc)
[ -n "$pc" ] || { echo "not installed: libssr.pc"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
for f in libssr.a libssr.so libssr.so.0; do
    [ -e "$libdir/$f" ] || { echo "not installed: $f"; exit 1; }
done
# Build the example against the installed library through pkg-config.
export PKG_CONFIG_PATH="$(dirname "$pc")"
flags=$(pkg-config --define-variable=prefix="$root" --cflags --libs libssr)
cc -o "$dest/validate_file" "$src/examples/validate_file.c" $flags
LD_LIBRARY_PATH="$libdir" "$dest/validate_file" "$src/examples/documents/release-pypi-sampleproject.json"
LD_LIBRARY_PATH="$libdir" "$root/bin/ssr" --version
echo "installed tree complete; example built against it"

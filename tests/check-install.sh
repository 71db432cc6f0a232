#!/bin/sh
# meson install lays down the headers, both libraries, the pkg-config file
# and the ssr command; the installed command runs, and a program built with
# `pkg-config --cflags --libs libssr` builds and runs, with no
# LD_LIBRARY_PATH: the tree is staged in a scratch folder (DESTDIR), as far
# from the loader's paths as a private prefix is, and only the pkg-config
# path README's Install section gives for such a prefix is set.
set -eu
build="$1"
src=$(cd "$2" && pwd)
. "$(dirname "$0")/staged-install.sh"
for f in bin/ssr include/ssr.h include/ssr/common.h include/ssr/json.h include/ssr/report.h include/ssr/validate.h \
         include/ssr/verify.h $lib/libssr.a $lib/libssr.so $lib/libssr.so.0 $lib/pkgconfig/libssr.pc \
         share/libssr/trust/public-good.trusted_root.json share/libssr/trust/staging.trusted_root.json; do
    [ -e "$root/$f" ] || { echo "not installed: $f"; exit 1; }
done
unset LD_LIBRARY_PATH || true
PKG_CONFIG_PATH="$root/$lib/pkgconfig" pkg-config --cflags --libs libssr >"$dest/flags"
# the relocatable .pc gives the staged tree's paths, not the configured prefix's
grep -q "$root/$lib" "$dest/flags" || { echo "libssr.pc does not point at its own tree: $(cat "$dest/flags")"; exit 1; }
cc -o "$dest/validate_file" "$src/examples/validate_file.c" $(cat "$dest/flags")
"$dest/validate_file" "$src/examples/documents/release-pypi-sampleproject.json"
"$root/bin/ssr" --version

echo "installed tree complete; the command and a C program built against it run (the Go module: check-go-package.sh) without LD_LIBRARY_PATH"

# SPDX-License-Identifier: Apache-2.0
# Sourced by the install tests: `meson install` of the build folder $build
# into a scratch folder, removed on exit. Sets dest (the scratch folder),
# prefix and lib (the build's prefix and libdir) and root (the staged
# prefix: "$dest$prefix").
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --no-rebuild --destdir "$dest" >/dev/null
option() {
    meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]==sys.argv[1]))' "$1"
}
prefix=$(option prefix)
lib=$(option libdir) # lib, unless a build folder set up before that default keeps another
root="$dest$prefix"

#!/bin/sh
# Run by `meson install`: refreshes the loader's cache after a real install
# into a system prefix, so that libssr.so.0 loads at once. A staged install
# (DESTDIR) or one by a user who is not root is left as it is, said so.
set -u
if [ -n "${DESTDIR:-}" ]; then
  exit 0
fi
libdir="${MESON_INSTALL_PREFIX:-/usr/local}/lib"
if [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null 2>&1; then
  ldconfig
  echo "ldconfig: the loader knows $libdir"
else
  echo "note: run ldconfig as root, or set LD_LIBRARY_PATH=$libdir, for programs to find libssr.so.0" >&2
fi

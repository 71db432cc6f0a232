#!/bin/sh
# Run by `meson install`: refreshes the loader's cache after a real install
# into a system prefix, so that libssr.so.0 loads at once. A staged install
# (DESTDIR) or one by a user who is not root is left as it is, said so.
set -u
if [ -n "${DESTDIR:-}" ]; then
  exit 0
fi
libdir="${MESON_INSTALL_PREFIX:-/usr/local}/lib"
# ldconfig lives in /sbin, which a user's PATH (or sudo's) may lack
ldconfig=$(command -v ldconfig 2>/dev/null || true)
for candidate in /sbin/ldconfig /usr/sbin/ldconfig; do
  [ -n "$ldconfig" ] || { [ -x "$candidate" ] && ldconfig=$candidate; }
done
if [ "$(id -u)" -eq 0 ] && [ -n "$ldconfig" ]; then
  "$ldconfig"
  echo "ldconfig: the loader knows $libdir"
else
  echo "note: run ldconfig as root, or set LD_LIBRARY_PATH=$libdir, for programs to find libssr.so.0" >&2
fi

# SPDX-License-Identifier: Apache-2.0
"""Builds the ssrmeta distribution (metadata in pyproject.toml).

The package loads libssr with ctypes from ssrmeta/_lib/. A wheel made by
scripts/build.sh carries libssr and the shared libraries it needs there; an
sdist carries libssr's C sources (csrc/) and builds the library with meson
when it is installed, against the system's libsodium, cJSON and OpenSSL.
"""

import os
import shutil
import subprocess
import sysconfig

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from wheel.bdist_wheel import bdist_wheel
except ImportError:  # building an sdist needs no wheel
    bdist_wheel = None

HERE = os.path.dirname(os.path.abspath(__file__))
LIB = os.path.join(HERE, "ssrmeta", "_lib")


def c_sources():
    """The libssr source tree: csrc/ in an sdist, the repository in a checkout."""
    for root in (os.path.join(HERE, "csrc"), os.path.join(HERE, "..", "..")):
        if os.path.exists(os.path.join(root, "lib", "meson.build")):
            return os.path.abspath(root)
    raise RuntimeError("ssrmeta: libssr's C sources are missing (csrc/)")


def build_library():
    build = os.path.join(HERE, "build", "libssr")
    if os.path.isdir(build):
        shutil.rmtree(build)
    subprocess.run(["meson", "setup", build, c_sources(), "-Dbuildtype=release", "-Dlibrary_only=true"], check=True)
    subprocess.run(["ninja", "-C", build], check=True)
    os.makedirs(LIB, exist_ok=True)
    shutil.copy2(os.path.realpath(os.path.join(build, "lib", "libssr.so.0")), os.path.join(LIB, "libssr.so.0"))


class BuildPy(build_py):
    """Builds libssr from source first when the package does not carry it."""

    def run(self):
        if not os.path.exists(os.path.join(LIB, "libssr.so.0")):
            build_library()
        super().run()


class BinaryDistribution(Distribution):
    """Carries a native library: the wheel is platform-specific."""

    def has_ext_modules(self):
        return True


commands = {"build_py": BuildPy}
if bdist_wheel is not None:

    class PlatformWheel(bdist_wheel):
        """py3-none-PLATFORM: ctypes works with any Python 3, only the platform matters.
        SSRMETA_PLATFORM_TAG names the platform (scripts/build.sh sets manylinux_2_X)."""

        def get_tag(self):
            _, _, plat = super().get_tag()
            return "py3", "none", os.environ.get("SSRMETA_PLATFORM_TAG") or plat

    commands["bdist_wheel"] = PlatformWheel

setup(cmdclass=commands, distclass=BinaryDistribution)

"""python-tuf's side of the TUF benchmark: the same refreshes as
`ssr-bench tuf` (bench/tuf.c), against the same server, in one process,
with python-tuf's ngclient (run under faketime at the static copy's time).

    tuf_refresh.py URL ROOT.json REPS   prints "tuf.cold\tRATE" and "tuf.warm\tRATE"
"""
import os
import shutil
import sys
import tempfile
import time

from tuf.api.exceptions import DownloadError, RepositoryError
from tuf.ngclient import Updater

URL, ROOT, REPS = sys.argv[1], sys.argv[2], int(sys.argv[3])
COLD, WARM = 20, 200


def updater(cache):
    return Updater(os.path.join(cache, "metadata"), URL + "/metadata", os.path.join(cache, "targets"),
                   URL + "/targets", bootstrap=None)


def fresh(cache):
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(os.path.join(cache, "metadata"))
    os.makedirs(os.path.join(cache, "targets"))
    shutil.copyfile(ROOT, os.path.join(cache, "metadata", "root.json"))


def cold_refresh(cache):
    fresh(cache)
    u = updater(cache)
    u.refresh()
    u.download_target(u.get_targetinfo("trusted_root.json"))
    info = u.get_targetinfo("registry.npmjs.org/keys.json")
    try:
        u.download_target(info)  # the copy does not serve it, as for libssr
    except (DownloadError, RepositoryError):
        pass


def main():
    cache = os.path.join(tempfile.mkdtemp(), "cache")
    cold, warm = [], []
    for _ in range(REPS):
        start = time.perf_counter()
        for _ in range(COLD):
            cold_refresh(cache)
        cold.append((time.perf_counter() - start) / COLD)
        start = time.perf_counter()
        for _ in range(WARM):
            updater(cache).refresh()  # an updater refreshes once: a new one each time
        warm.append((time.perf_counter() - start) / WARM)
    shutil.rmtree(os.path.dirname(cache))
    print(f"tuf.cold\t{1 / min(cold):.6g}")
    print(f"tuf.warm\t{1 / min(warm):.6g}")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: Apache-2.0
"""TUF through the binding: Sigstore's repository (the tuf-conformance corpus's
static copy) refreshed into a trust cache through a Python fetch, loaded, and
refused when it expires or the repository lies."""
import json
import os
import threading
from pathlib import Path

import pytest

import ssrmeta as ssr

ROOT = Path(os.environ.get("SSR_ROOT") or Path(__file__).resolve().parents[3])
STATIC = str(ROOT.parent / "shared" / "corpus" / "tuf-conformance" / "tuf_conformance" / "static_data")
REPO = os.path.join(STATIC, "sigstore-root-signing")
NOW = 1739102528  # the copy's time: 2025-02-09T12:02:08Z

pytestmark = pytest.mark.skipif(not os.path.isdir(REPO), reason="the shared corpus (../shared/corpus) is absent")


def static_fetch(changes=None):
    """Serves "static:/PATH" from the static copy; `changes` maps a URL suffix to bytes or a status."""
    calls = []

    def fetch(url, max_length, timeout):
        calls.append((url, max_length, timeout))
        for suffix, answer in (changes or {}).items():
            if url.endswith(suffix):
                return answer
        path = os.path.join(STATIC, url[len("static:/"):])
        if not os.path.exists(path):
            return 404
        with open(path, "rb") as f:
            return f.read()

    fetch.calls = calls
    return fetch


def refresh(cache, fetch, now=NOW):
    with open(os.path.join(REPO, "initial_root.json"), "rb") as f:
        root = f.read()
    ssr.sigstore_trust_refresh(str(cache), tuf_root=root, metadata_url="static:/sigstore-root-signing/metadata",
                               targets_url="static:/sigstore-root-signing/targets", fetch=fetch, now=now)


def test_refresh_then_load(tmp_path):
    fetch = static_fetch()
    refresh(tmp_path / "c", fetch)
    assert fetch.calls[0][0] == "static:/sigstore-root-signing/metadata/13.root.json"
    assert fetch.calls[0][1] == 512000 and fetch.calls[0][2] == 30.0
    root, npm_keys = ssr.sigstore_trust_load(str(tmp_path / "c"), now=NOW)
    assert isinstance(root, ssr.TrustedRoot) and npm_keys is None  # the copy does not serve keys.json
    root.close()
    # a month later the cache has expired: refused with its own code, nothing fetched
    with pytest.raises(ssr.TufError) as e:
        ssr.sigstore_trust_load(str(tmp_path / "c"), now=NOW + 30 * 86400)
    assert e.value.code == "tuf.cache.expired" and e.value.status == ssr.Status.EVERIFY


def test_hostile_fetches(tmp_path):
    # more than the limit: the body append refuses it, whatever the callback says
    with pytest.raises(ssr.TufError) as e:
        refresh(tmp_path / "a", static_fetch({"/timestamp.json": b" " * 20000}))
    assert e.value.code == "tuf.fetch.too-long"
    # an exception in the callback is a failed fetch, never an escape through C
    def broken(url, max_length, timeout):
        raise RuntimeError("network down")
    with pytest.raises(ssr.TufError) as e:
        refresh(tmp_path / "b", broken)
    assert e.value.code == "tuf.fetch.failed"
    with pytest.raises(ssr.TufError) as e:
        refresh(tmp_path / "c", static_fetch({"/timestamp.json": 500}))
    assert e.value.code == "tuf.fetch.http"
    # a timestamp changed after signing
    with open(os.path.join(REPO, "metadata", "timestamp.json"), "rb") as f:
        forged = f.read().replace(b'"expires": "2025', b'"expires": "2035', 1)
    with pytest.raises(ssr.TufError) as e:
        refresh(tmp_path / "d", static_fetch({"/timestamp.json": forged}))
    assert e.value.code == "tuf.signature.threshold"


def test_updater_lookups(tmp_path):
    meta = tmp_path / "m"
    meta.mkdir()
    with open(os.path.join(REPO, "initial_root.json"), "rb") as f:
        ssr.tuf_init(str(meta), f.read())
    with pytest.raises(ssr.Error) as e:
        ssr.tuf_init(str(meta), b"{}")
    assert e.value.status in (ssr.Status.EEXIST, ssr.Status.EINVALID)
    with ssr.TufUpdater.open(str(meta), "static:/sigstore-root-signing/metadata",
                             "static:/sigstore-root-signing/targets", fetch=static_fetch(), now=NOW) as u:
        u.refresh()
        info = u.target_info("trusted_root.json")
        assert set(info) >= {"length", "hashes"}
        path = u.download("trusted_root.json", str(tmp_path))
        assert os.path.getsize(path) == info["length"]
        with pytest.raises(ssr.TufError) as e:
            u.target_info("nothing/here")
        assert e.value.code == "tuf.target.not-found"
        u.load_cached()


def test_threads(tmp_path):
    errors = []

    def work(i):
        try:
            refresh(tmp_path / f"t{i}", static_fetch())
            root, _ = ssr.sigstore_trust_load(str(tmp_path / f"t{i}"), now=NOW)
            root.close()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_olpc_canonical():
    assert ssr.olpc_canonical('{"b": 1, "a": "\\u00e9\\n"}') == '{"a":"é\n","b":1}'.encode()
    with pytest.raises(ssr.Error):
        ssr.olpc_canonical(b"[1.5]")

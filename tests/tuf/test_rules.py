"""The TUF client's rules, each with the code `ssr tuf` reports, against
repositories signed with the tests' own keys (python-tuf's metadata API
builds them) and served by a local HTTP server that can also be slow,
endless or redirect elsewhere (libcurl's default fetch).

usage: VENV/bin/python test_rules.py SSR
"""
import copy
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from datetime import datetime, timedelta, timezone

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import (DelegatedRole, Delegations, Metadata, MetaFile, Root, Snapshot, SuccinctRoles,
                              TargetFile, Targets, Timestamp)
from tuf.api.serialization.json import JSONSerializer

SSR = sys.argv[1]
SIGNERS = {name: CryptoSigner.generate_ecdsa() for name in ("root", "timestamp", "snapshot", "targets", "other",
                                                              "delegate")}


def future(days=30):
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=days)


class Repo:
    """A repository: signed files by URL path, served by Server."""

    def __init__(self, consistent=False):
        self.files = {}
        self.root = Metadata(Root(expires=future(), consistent_snapshot=consistent))
        for role in ("root", "timestamp", "snapshot", "targets"):
            self.root.signed.add_key(SIGNERS[role].public_key, role)
        self.timestamp = Metadata(Timestamp(expires=future()))
        self.snapshot = Metadata(Snapshot(expires=future()))
        self.targets = Metadata(Targets(expires=future()))
        self.delegated = {}
        self.publish_root()
        self.publish()

    def sign(self, md, *roles):
        md.signatures.clear()
        for role in roles:
            md.sign(SIGNERS[role], append=True)
        return md.to_bytes(JSONSerializer())

    def publish_root(self, signers=("root",), version=None):
        data = self.sign(self.root, *signers)
        self.files[f"metadata/{version or self.root.signed.version}.root.json"] = data
        return data

    def add_target(self, path, data, role=None):
        md = self.targets if role is None else self.delegated[role]
        md.signed.targets[path] = TargetFile.from_data(path, data, ["sha256"])
        self.files[f"targets/{path}"] = data

    def publish(self, bump=True):
        for name, md in self.delegated.items():
            data = self.sign(md, "delegate")
            self.files[f"metadata/{name}.json"] = data
            self.snapshot.signed.meta[f"{name}.json"] = MetaFile(md.signed.version)
        self.files["metadata/targets.json"] = self.sign(self.targets, "targets")
        self.snapshot.signed.meta["targets.json"] = MetaFile(self.targets.signed.version)
        snap = self.sign(self.snapshot, "snapshot")
        self.files["metadata/snapshot.json"] = snap
        if self.root.signed.consistent_snapshot:
            self.files[f"metadata/{self.snapshot.signed.version}.snapshot.json"] = snap
            self.files[f"metadata/{self.targets.signed.version}.targets.json"] = self.files["metadata/targets.json"]
        self.timestamp.signed.snapshot_meta = MetaFile(self.snapshot.signed.version, length=len(snap),
                                                       hashes={"sha256": hashlib.sha256(snap).hexdigest()})
        self.files["metadata/timestamp.json"] = self.sign(self.timestamp, "timestamp")

    def bump(self, *mds):
        for md in mds:
            md.signed.version += 1


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        path = self.path.lstrip("/")
        server.requests.append(path)
        if path in server.slow:
            time.sleep(server.slow[path])
        if path in server.endless:
            self.send_response(200)
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b" " * 65536)
            except OSError:
                return
        if path in server.redirects:
            self.send_response(302)
            self.send_header("Location", server.redirects[path])
            self.end_headers()
            return
        data = server.repo.files.get(path)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Rules(unittest.TestCase):
    def setUp(self):
        self.repo = Repo()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.repo, self.server.requests = self.repo, []
        self.server.slow, self.server.endless, self.server.redirects = {}, {}, {}
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.dir = tempfile.mkdtemp()
        self.meta = os.path.join(self.dir, "metadata")
        os.mkdir(self.meta)
        root = os.path.join(self.dir, "root.json")
        with open(root, "wb") as f:
            f.write(self.repo.files["metadata/1.root.json"])
        self.assertEqual(self.ssr("init", root).returncode, 0)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.dir)

    def ssr(self, action, *args, timeout="30", targets=()):
        cmd = [SSR, "tuf", "--metadata-dir", self.meta, "--timeout", timeout]
        if action != "init":
            cmd += ["--metadata-url", self.url + "/metadata"]
        for t in targets:
            cmd += ["--target-name", t]
        if targets:
            cmd += ["--target-base-url", self.url + "/targets", "--target-dir", os.path.join(self.dir, "t")]
            os.makedirs(os.path.join(self.dir, "t"), exist_ok=True)
        return subprocess.run(cmd + [action, *args], capture_output=True)

    def refused(self, code, action="refresh", targets=(), timeout="30"):
        r = self.ssr(action, targets=targets, timeout=timeout)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"[{code}]".encode(), r.stderr)
        return r

    def version(self, role):
        try:
            with open(os.path.join(self.meta, f"{role}.json")) as f:
                return json.load(f)["signed"]["version"]
        except FileNotFoundError:
            return None

    def test_refresh(self):
        self.assertEqual(self.ssr("refresh").returncode, 0)
        self.assertEqual([self.version(r) for r in ("root", "timestamp", "snapshot", "targets")], [1, 1, 1, 1])

    def test_root_rotation_needs_both_thresholds(self):
        repo = self.repo
        # v2 with a new root key, signed by the new key only: the old threshold is missing
        repo.bump(repo.root)
        repo.root.signed.revoke_key(SIGNERS["root"].public_key.keyid, "root")
        repo.root.signed.add_key(SIGNERS["other"].public_key, "root")
        repo.publish_root(signers=("other",))
        self.refused("tuf.signature.threshold")
        self.assertEqual(self.version("root"), 1)
        # signed by both: accepted
        repo.publish_root(signers=("root", "other"))
        self.assertEqual(self.ssr("refresh").returncode, 0)
        self.assertEqual(self.version("root"), 2)

    def test_root_version_must_be_next(self):
        repo = self.repo
        repo.root.signed.version = 3
        repo.publish_root(version=2)  # 2.root.json holds version 3
        self.refused("tuf.root.version")
        self.assertEqual(self.version("root"), 1)

    def test_expired_root(self):
        self.repo.bump(self.repo.root)
        self.repo.root.signed.expires = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=1)
        self.repo.publish_root()
        self.refused("tuf.root.expired")

    def test_timestamp_rollback(self):
        repo = self.repo
        repo.bump(repo.timestamp)
        repo.publish()
        self.assertEqual(self.ssr("refresh").returncode, 0)
        repo.timestamp.signed.version = 1
        repo.publish()
        self.refused("tuf.timestamp.rollback")
        self.assertEqual(self.version("timestamp"), 2)

    def test_snapshot_version_rollback_in_timestamp(self):
        repo = self.repo
        repo.bump(repo.timestamp, repo.snapshot)
        repo.publish()
        self.assertEqual(self.ssr("refresh").returncode, 0)
        repo.bump(repo.timestamp)
        repo.snapshot.signed.version = 1
        repo.publish()
        self.refused("tuf.snapshot.rollback")

    def test_snapshot_removes_and_rolls_back(self):
        repo = self.repo
        repo.bump(repo.timestamp, repo.snapshot, repo.targets)
        repo.publish()
        self.assertEqual(self.ssr("refresh").returncode, 0)
        # targets.json at an older version
        repo.bump(repo.timestamp, repo.snapshot)
        repo.targets.signed.version = 1
        repo.publish()
        self.refused("tuf.targets.rollback")
        # a snapshot that drops targets.json altogether
        repo.targets.signed.version = 2
        repo.bump(repo.timestamp, repo.snapshot)
        repo.publish()
        data = json.loads(repo.files["metadata/snapshot.json"])
        del data["signed"]["meta"]["targets.json"]
        md = Metadata.from_dict(copy.deepcopy(data))
        snap = repo.sign(md, "snapshot")
        repo.files["metadata/snapshot.json"] = snap
        repo.timestamp.signed.snapshot_meta = MetaFile(md.signed.version, length=len(snap),
                                                       hashes={"sha256": hashlib.sha256(snap).hexdigest()})
        repo.files["metadata/timestamp.json"] = repo.sign(repo.timestamp, "timestamp")
        self.refused("tuf.snapshot.removed")

    def test_snapshot_version_and_hash(self):
        repo = self.repo
        # the timestamp hashes other bytes than the snapshot served
        repo.bump(repo.timestamp)
        repo.timestamp.signed.snapshot_meta.hashes = {"sha256": "00" * 32}
        repo.files["metadata/timestamp.json"] = repo.sign(repo.timestamp, "timestamp")
        self.refused("tuf.file.hash-mismatch")
        self.assertIsNone(self.version("snapshot"))
        # the timestamp names a snapshot version the repository does not serve
        repo.bump(repo.timestamp)
        repo.timestamp.signed.snapshot_meta = MetaFile(2)
        repo.files["metadata/timestamp.json"] = repo.sign(repo.timestamp, "timestamp")
        self.refused("tuf.snapshot.version")
        self.assertIsNone(self.version("snapshot"))

    def test_expired_timestamp_and_snapshot(self):
        repo = self.repo
        repo.snapshot.signed.expires = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
        repo.publish()
        self.refused("tuf.snapshot.expired")
        repo.bump(repo.timestamp)
        repo.timestamp.signed.expires = repo.snapshot.signed.expires
        repo.publish()
        self.refused("tuf.timestamp.expired")
        self.assertEqual(self.version("timestamp"), 1)  # an expired timestamp is never stored

    def test_targets_and_hash_algorithms(self):
        repo = self.repo
        repo.add_target("dir/file.txt", b"hello")
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        r = self.ssr("download", targets=["dir/file.txt"])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.dir, "t", "dir%2Ffile.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hello")
        self.refused("tuf.target.not-found", "download", targets=["dir/other.txt"])
        # served bytes that are not the target's: refused, the cached copy kept
        repo.files["targets/dir/file.txt"] = b"hellO"
        repo.targets.signed.targets["dir/file.txt"] = TargetFile.from_data("dir/file.txt", b"HELLO", ["sha256"])
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        self.refused("tuf.file.hash-mismatch", "download", targets=["dir/file.txt"])
        # an algorithm the client does not know refuses the file
        repo.targets.signed.targets["dir/file.txt"] = TargetFile(5, {"sha3-256": "00" * 32}, "dir/file.txt")
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        self.refused("tuf.file.hash-algorithm", "download", targets=["dir/file.txt"])

    def test_delegations(self):
        repo = self.repo
        key = SIGNERS["delegate"].public_key
        roles = {
            "first": DelegatedRole("first", [key.keyid], 1, True, paths=["a/*.txt"]),
            "second": DelegatedRole("second", [key.keyid], 1, False, paths=["a/*"]),
            "bins": DelegatedRole("bins", [key.keyid], 1, False,
                                  path_hash_prefixes=[hashlib.sha256(b"h/x").hexdigest()[:2]]),
        }
        repo.targets.signed.delegations = Delegations({key.keyid: key}, roles=roles)
        for name in roles:
            repo.delegated[name] = Metadata(Targets(expires=future()))
        repo.add_target("a/b.bin", b"second", role="second")
        repo.add_target("a/c.txt", b"first", role="first")
        repo.add_target("h/x", b"hashed", role="bins")
        repo.delegated["second"].signed.targets["a/c.txt"] = TargetFile.from_data("a/c.txt", b"other", ["sha256"])
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        r = self.ssr("download", targets=["a/b.bin", "a/c.txt", "h/x"])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.dir, "t", "a%2Fc.txt"), "rb") as f:
            self.assertEqual(f.read(), b"first")  # "first" comes first and is terminating
        # a path "first" claims but does not list: terminating, so "second" is never asked
        repo.add_target("a/d.txt", b"d", role="second")
        repo.bump(repo.snapshot, repo.timestamp)
        repo.publish()
        self.refused("tuf.target.not-found", "download", targets=["a/d.txt"])

    def test_succinct_hash_bins(self):
        repo = self.repo
        key = SIGNERS["delegate"].public_key
        succinct = SuccinctRoles([key.keyid], 1, 4, "bin")
        repo.targets.signed.delegations = Delegations({key.keyid: key}, succinct_roles=succinct)
        for name in succinct.get_roles():
            repo.delegated[name] = Metadata(Targets(expires=future()))
        path = "pkg/one.tar.gz"
        repo.add_target(path, b"binned", role=succinct.get_role_for_target(path))
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        r = self.ssr("download", targets=[path])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"metadata/{succinct.get_role_for_target(path)}.json", self.server.requests)

    def test_key_listed_under_another_id_signs_nothing(self):
        repo = self.repo
        key = SIGNERS["snapshot"].public_key
        fake = "ab" * 32  # not the SHA-256 of the key's canonical form
        # root v2 lists the snapshot key under the fake id only
        root = json.loads(repo.files["metadata/1.root.json"])["signed"]
        root["version"] = 2
        root["keys"][fake] = root["keys"].pop(key.keyid)
        root["roles"]["snapshot"]["keyids"] = [fake]
        md = Metadata.from_dict({"signed": root, "signatures": []})
        repo.files["metadata/2.root.json"] = repo.sign(md, "root")
        # a snapshot whose valid signature names the fake id
        snap = json.loads(repo.files["metadata/snapshot.json"])
        for sig in snap["signatures"]:
            sig["keyid"] = fake
        data = json.dumps(snap).encode()
        repo.files["metadata/snapshot.json"] = data
        repo.bump(repo.timestamp)
        repo.timestamp.signed.snapshot_meta = MetaFile(1, length=len(data),
                                                       hashes={"sha256": hashlib.sha256(data).hexdigest()})
        repo.files["metadata/timestamp.json"] = repo.sign(repo.timestamp, "timestamp")
        r = self.refused("tuf.signature.threshold")
        self.assertIn(b"snapshot.json", r.stderr)
        self.assertEqual(self.version("root"), 2)
        self.assertIsNone(self.version("snapshot"))

    def test_number_without_canonical_form(self):
        data = json.loads(self.repo.files["metadata/timestamp.json"])
        data["signed"]["x-ratio"] = 1.5
        self.repo.files["metadata/timestamp.json"] = json.dumps(data).encode()
        self.refused("tuf.metadata.canonical")

    def test_slow_and_endless_servers(self):
        self.server.slow["metadata/timestamp.json"] = 3
        started = time.monotonic()
        self.refused("tuf.fetch.failed", timeout="1")
        self.assertLess(time.monotonic() - started, 2.9)
        self.server.slow.clear()
        self.server.endless["metadata/timestamp.json"] = True
        self.refused("tuf.fetch.too-long")
        self.assertIsNone(self.version("timestamp"))

    def test_redirect_to_another_host(self):
        self.server.redirects["metadata/timestamp.json"] = "http://localhost:1/metadata/timestamp.json"
        self.refused("tuf.fetch.failed")
        # within the same origin, a redirect is followed
        self.repo.files["metadata/ts.json"] = self.repo.files["metadata/timestamp.json"]
        self.server.redirects["metadata/timestamp.json"] = self.url + "/metadata/ts.json"
        self.assertEqual(self.ssr("refresh").returncode, 0)

    def test_consistent_snapshot_urls(self):
        self.repo = repo = Repo(consistent=True)
        self.server.repo = repo
        shutil.rmtree(self.meta)
        os.mkdir(self.meta)
        root = os.path.join(self.dir, "root.json")
        with open(root, "wb") as f:
            f.write(repo.files["metadata/1.root.json"])
        self.assertEqual(self.ssr("init", root).returncode, 0)
        repo.add_target("f.txt", b"content")
        repo.bump(repo.targets, repo.snapshot, repo.timestamp)
        repo.publish()
        digest = hashlib.sha256(b"content").hexdigest()
        repo.files[f"targets/{digest}.f.txt"] = b"content"
        r = self.ssr("download", targets=["f.txt"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("metadata/2.snapshot.json", self.server.requests)
        self.assertIn(f"targets/{digest}.f.txt", self.server.requests)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)

"""ssr sigstore trust refresh over Sigstore's real TUF repository (the
tuf-conformance suite's static copy, served from a local HTTP server), then
ssr sigstore verify-bundle --trust-cache over the sigstore-conformance
bundles that trusted root covers; and the cache refused when it expires or
is damaged on disk.

usage: test_sigstore_trust.py SSR CORPUS
"""
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

SSR, CORPUS = sys.argv[1], sys.argv[2]
STATIC = os.path.join(CORPUS, "tuf-conformance", "tuf_conformance", "static_data")
REPO = os.path.join(STATIC, "sigstore-root-signing")
BUNDLES = os.path.join(CORPUS, "sigstore", "conformance", "bundle-verify")
IDENTITY = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
            ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")
ISSUER = "https://token.actions.githubusercontent.com"


def read_text(path):
    with open(path) as f:
        return f.read().strip()


FAKETIME = read_text(os.path.join(REPO, "faketime"))


# npm's keys.json as Sigstore's repository lists it (the copy does not hold the file; the npm corpus does)
NPM = os.path.join(CORPUS, "sigstore", "npm")
NPM_KEYS_PATH = ("/sigstore-root-signing/targets/registry.npmjs.org/"
                 "160677eb6e1c7083c89b166b20f8fe4e837fb71181506aff1991b80b89184f7d.keys.json")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class WithNpmKeys(Quiet):
    """The copy, and npm's keys.json where the targets metadata names it."""

    def do_GET(self):
        if self.path == NPM_KEYS_PATH:
            with open(os.path.join(NPM, "keys", "tuf-registry.npmjs.org-keys.json"), "rb") as f:
                data = f.read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()


def ssr(*args, at=None):
    cmd = [SSR, *args]
    env = None
    if at is not None:
        cmd = ["faketime", at, *cmd]
        # faketime preloads itself: let a sanitized build run after it
        env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0")
    return subprocess.run(cmd, capture_output=True, env=env)


class TrustCache(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=STATIC))
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{cls.server.server_address[1]}/sigstore-root-signing"
        cls.urls = ["--metadata-url", base + "/metadata", "--targets-url", base + "/targets"]
        cls.tmp = tempfile.mkdtemp()
        cls.cache = os.path.join(cls.tmp, "cache")
        cls.refresh = ssr("sigstore", "trust", "refresh", "--tuf-root", os.path.join(REPO, "initial_root.json"),
                          *cls.urls, "--cache", cls.cache, at=FAKETIME)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        shutil.rmtree(cls.tmp)

    def copy(self):
        d = tempfile.mkdtemp(dir=self.tmp)
        shutil.copytree(self.cache, os.path.join(d, "c"))
        return os.path.join(d, "c")

    def test_refresh(self):
        r = self.refresh
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"holds a current trusted_root.json", r.stdout)
        expected = os.path.join(REPO, "targets",
                                "f44a1b88128e55ebfb62189becbc0fa48d4ec9915c65ac54ba0e46a008b12d5b.trusted_root.json")
        with open(os.path.join(self.cache, "targets", "trusted_root.json"), "rb") as got, open(expected, "rb") as want:
            self.assertEqual(got.read(), want.read())
        # the metadata cached byte for byte, under non-versioned names, npm's delegated role too
        for name, served in [("timestamp.json", "timestamp.json"), ("snapshot.json", "159.snapshot.json"),
                             ("targets.json", "11.targets.json"), ("root.json", "12.root.json"),
                             ("registry.npmjs.org.json", "5.registry.npmjs.org.json")]:
            with open(os.path.join(self.cache, "metadata", name), "rb") as got, \
                    open(os.path.join(REPO, "metadata", served), "rb") as want:
                self.assertEqual(got.read(), want.read(), name)

    def test_refresh_again_is_a_timestamp_fetch(self):
        c = self.copy()
        r = ssr("sigstore", "trust", "refresh", *self.urls, "--cache", c, at=FAKETIME)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_bundles_verify_with_the_cache(self):
        """Each public-good conformance case: the same verdict with the cache as with the root libssr carries."""
        cases = 0
        for name in sorted(os.listdir(BUNDLES)):
            d = os.path.join(BUNDLES, name)
            bundle = os.path.join(d, "bundle.sigstore.json")
            if not os.path.isfile(bundle) or os.path.exists(os.path.join(d, "trusted_root.json")) \
                    or os.path.exists(os.path.join(d, "key.pub")) or name.startswith("rekor2-"):
                continue
            artifact = os.path.join(d, "artifact")
            if not os.path.exists(artifact):
                artifact = os.path.join(BUNDLES, "a.txt")
            ident = os.path.join(d, "identity")
            iss = os.path.join(d, "issuer")
            who = ["--certificate-identity", read_text(ident) if os.path.exists(ident) else IDENTITY,
                   "--certificate-oidc-issuer", read_text(iss) if os.path.exists(iss) else ISSUER]
            cached = ssr("sigstore", "verify-bundle", "--trust-cache", self.cache, "--bundle", bundle, *who,
                         artifact, at=FAKETIME)
            carried = ssr("sigstore", "verify-bundle", "--bundle", bundle, *who, artifact)
            self.assertEqual(cached.returncode, carried.returncode, (name, cached.stderr, carried.stderr))
            self.assertEqual(cached.returncode, 1 if name.endswith("_fail") else 0, (name, cached.stderr))
            cases += 1
        print(f"sigstore-conformance bundles verified with the refreshed cache: {cases}")
        self.assertGreaterEqual(cases, 30)

    def test_expired_cache_refused(self):
        bundle = os.path.join(BUNDLES, "happy-path-v0.3", "bundle.sigstore.json")
        # a day after the timestamp expired (it lasts a few days): refused with its own code
        r = ssr("sigstore", "verify-bundle", "--trust-cache", self.cache, "--bundle", bundle,
                "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
                os.path.join(BUNDLES, "a.txt"), at="2025-03-01 00:00:00")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"[tuf.cache.expired]", r.stderr)
        self.assertIn(b"timestamp.json", r.stderr)
        self.assertEqual(r.stdout, b"")

    def test_damaged_cache_refused(self):
        bundle = os.path.join(BUNDLES, "happy-path-v0.3", "bundle.sigstore.json")
        verify = ["--bundle", bundle, "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
                  os.path.join(BUNDLES, "a.txt")]
        cases = [
            ("targets/trusted_root.json", lambda b: b[: len(b) // 2], b"[tuf.file.length-mismatch]"),
            ("targets/trusted_root.json", lambda b: b.replace(b"sigstore", b"sigstorf", 1),
             b"[tuf.file.hash-mismatch]"),
            ("metadata/timestamp.json", lambda b: b[:100], b"[tuf.cache.incomplete]"),
            ("metadata/snapshot.json", lambda b: b.replace(b'"version": 159', b'"version": 158'),
             b"[tuf.cache.incomplete]"),
            ("metadata/targets.json", lambda b: b[:-10], b"[tuf.cache.incomplete]"),
        ]
        for path, damage, code in cases:
            c = self.copy()
            p = os.path.join(c, path)
            with open(p, "rb") as f:
                data = f.read()
            with open(p, "wb") as f:
                f.write(damage(data))
            r = ssr("sigstore", "verify-bundle", "--trust-cache", c, *verify, at=FAKETIME)
            self.assertEqual(r.returncode, 1, (path, r.stderr))
            self.assertIn(code, r.stderr, path)
            self.assertEqual(r.stdout, b"")

    def test_npm_keys_through_tuf(self):
        """npm's registry keys arrive through npm's delegated role; npm verify takes them from the cache."""
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithNpmKeys, directory=STATIC))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}/sigstore-root-signing"
            cache = os.path.join(self.tmp, "npm-cache")
            r = ssr("sigstore", "trust", "refresh", "--tuf-root", os.path.join(REPO, "initial_root.json"),
                    "--metadata-url", base + "/metadata", "--targets-url", base + "/targets", "--cache", cache,
                    at=FAKETIME)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(b"and npm's registry keys", r.stdout)
        finally:
            server.shutdown()
            server.server_close()
        for package, response, tarball in (("sigstore@1.0.0", "sigstore@1.0.0.npm-cli.json", "sigstore-1.0.0.tgz"),
                                           ("sigstore@0.4.0", "sigstore@0.4.0.pacote-valid.json",
                                            "sigstore-0.4.0.tgz")):
            r = ssr("npm", "verify", "--trust-cache", cache, "--package", package,
                    os.path.join(NPM, "attestations", response), os.path.join(NPM, "tarballs", tarball), at=FAKETIME)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.count(b"verified: "), 2)
        # the cache the copy alone made has no keys: refused, not verified
        r = ssr("npm", "verify", "--trust-cache", self.cache, "--package", "sigstore@1.0.0",
                os.path.join(NPM, "attestations", "sigstore@1.0.0.npm-cli.json"),
                os.path.join(NPM, "tarballs", "sigstore-1.0.0.tgz"), at=FAKETIME)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"holds no npm registry keys", r.stderr)

    def test_pep740_with_the_cache(self):
        base = os.path.join(CORPUS, "sigstore", "pep740")
        r = ssr("pep740", "verify", "--trust-cache", self.cache, "--policy",
                '{"github":{"repository":"trailofbits/pypi-attestation-models","workflow":"release.yml"}}',
                "--bundle", os.path.join(base, "pypi_attestation_models-0.0.4a2.tar.gz.sigstore"),
                os.path.join(base, "pypi_attestation_models-0.0.4a2.tar.gz"), at=FAKETIME)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = ssr("pep740", "verify", "--trust-cache", self.cache, "--trusted-root", "x.json", "--policy", "{}",
                "--bundle", "b", "d")
        self.assertEqual(r.returncode, 2)

    def test_not_a_cache(self):
        r = ssr("sigstore", "verify-bundle", "--trust-cache", os.path.join(self.tmp, "none"), "--bundle",
                os.path.join(BUNDLES, "happy-path-v0.3", "bundle.sigstore.json"), "--certificate-identity", IDENTITY,
                "--certificate-oidc-issuer", ISSUER, os.path.join(BUNDLES, "a.txt"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"is not a trust cache", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)

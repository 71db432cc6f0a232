"""Verifications per second through ssrmeta, as bench-calls-verify makes them from C
(ssr-bench calls-verify): the v0.3 conformance bundle, the PEP 740 attestation and
the RS256 token verified and matched. verify_calls.py SIGSTORE JOSE TOKEN-POLICY [REPS]
prints the three rates."""
import os
import sys
import time

import ssrmeta

BUNDLES, ATTESTATIONS, TOKENS = 200, 200, 2000
IDENTITY = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
            ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")
ISSUER = "https://token.actions.githubusercontent.com"
FILENAME = "pypi_attestation_models-0.0.4a2.tar.gz"


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


sigstore, jose, policy_file = sys.argv[1:4]
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 5
root = ssrmeta.TrustedRoot.from_json(read(sigstore, "trust/public-good.trusted_root.json"))
bundle = read(sigstore, "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json")
a_txt = {"sha256": ssrmeta.digest(read(sigstore, "conformance/bundle-verify/a.txt"))}
identity = ssrmeta.VerifyPolicy.identity(IDENTITY, ISSUER)
attestation = read(sigstore, "pep740", FILENAME + ".attestation")
dist = {"sha256": ssrmeta.digest(read(sigstore, "pep740", FILENAME))}
publisher = ssrmeta.VerifyPolicy.from_json(
    b'{"github":{"repository":"trailofbits/pypi-attestation-models","workflow":"release.yml"}}')
jwks = ssrmeta.Jwks.from_json(read(jose, "generated/jwks.json"))
token = read(jose, "generated/tokens/valid-rs256.jwt").strip()
tp_policy = read(policy_file)

best = [float("inf")] * 3
for _ in range(reps):
    start = time.perf_counter()
    for _ in range(BUNDLES):
        ssrmeta.verify_bundle(bundle, identity, digests=a_txt, root=root)
    best[0] = min(best[0], time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(ATTESTATIONS):
        ssrmeta.verify_pep740(attestation, FILENAME, publisher, digests=dist, root=root)
    best[1] = min(best[1], time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(TOKENS):
        if not ssrmeta.tp_verify_token(tp_policy, jwks, token, now=1750000000).match.matched:
            raise SystemExit("the token does not match")
    best[2] = min(best[2], time.perf_counter() - start)
print(f"{BUNDLES / best[0]:.1f} {ATTESTATIONS / best[1]:.1f} {TOKENS / best[2]:.1f}")

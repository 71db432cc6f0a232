"""sigstore-python (bundles) and pypi-attestations (the PEP 740 attestation)
verifying the benchmark's cases. Usage: verify.py CASES.json SECONDS.
Prints "name<TAB>verifies/s" (or "refused: ..."), as bench/compare.py reads it."""

import json
import sys
import time

from sigstore.hashes import Hashed
from sigstore.models import Bundle
from sigstore.verify import Verifier, policy
from sigstore_models.common.v1 import HashAlgorithm

try:
    from sigstore.models import TrustedRoot
except ImportError:  # older sigstore-python
    from sigstore._internal.trust import TrustedRoot

cases = json.load(open(sys.argv[1]))
seconds = float(sys.argv[2])


def bundle_once(verifier, data, digest, case):
    bundle = Bundle.from_json(data)
    identity = policy.Identity(identity=case["identity"], issuer=case["issuer"])
    if bundle._dsse_envelope is not None:
        verifier.verify_dsse(bundle, identity)
    else:
        verifier.verify_artifact(Hashed(algorithm=HashAlgorithm.SHA2_256, digest=digest), bundle, identity)


def pep740_once(data, case):
    from pypi_attestations import Attestation, Distribution, GitHubPublisher

    attestation = Attestation.model_validate_json(data)
    dist = Distribution(name=case["filename"], digest=case["sha256"])
    attestation.verify(GitHubPublisher(repository=case["repository"], workflow=case["workflow"]), dist, offline=True)


for case in cases:
    data = open(case["bundle"], "rb").read()
    digest = bytes.fromhex(case["sha256"])
    if case.get("pep740"):
        run = lambda: pep740_once(data, case)
    else:
        verifier = Verifier(trusted_root=TrustedRoot.from_file(case["root"]))
        run = lambda: bundle_once(verifier, data, digest, case)
    try:
        run()
    except Exception as e:
        print(f"{case['name']}\trefused: {type(e).__name__}: {str(e)[:120]}", flush=True)
        continue
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        run()
        n += 1
    print(f"{case['name']}\t{n / (time.perf_counter() - start):.2f}", flush=True)

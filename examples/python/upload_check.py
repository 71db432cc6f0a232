"""A registry's upload check with the Python binding (see examples/upload/README.md)."""
import sys
from pathlib import Path

import ssrmeta as ssr

NOW = 1760000000
RELEASE_TYPE = "application/vnd.ssr.release+json"  # the payloadType a release is signed as


def check(folder: Path) -> str:
    release = (folder / "release.json").read_bytes()
    report = ssr.validate(release, kind="release")
    if not report.valid:
        d = next(d for d in report.diagnostics if d.severity == "error")
        return f"release refused: {d.code} at {d.pointer}"
    try:
        verified = ssr.dsse_verify((folder / "release.dsse.json").read_bytes(), [(folder / "publisher.pub").read_bytes()])
    except ssr.VerificationError:
        return "envelope refused: no trusted signature"
    if verified.payload_type != RELEASE_TYPE:
        return f"envelope refused: signed as {verified.payload_type}, not as a release"
    if verified.payload != release:
        return "envelope refused: it signs another document"
    match = ssr.tp_match((folder / "policy.json").read_bytes(), (folder / "claims.json").read_bytes(), NOW)
    if not match.matched:
        return f"publisher refused: claim {match.failed_claim} ({match.failed_reason})"
    return "accepted"


if __name__ == "__main__":
    verdict = check(Path(sys.argv[1]))
    print(verdict)
    sys.exit(0 if verdict == "accepted" else 1)

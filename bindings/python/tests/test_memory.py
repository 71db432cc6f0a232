"""Memory stays flat: the resident set after a million validations and a
hundred thousand key/sign/verify cycles is within 5% of what it was after a
warm-up that lets the allocators settle."""

import gc
import os
from pathlib import Path

import ssrmeta as ssr

ROOT = Path(os.environ.get("SSR_ROOT") or Path(__file__).resolve().parents[3])


def rss() -> int:
    gc.collect()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def flat(label, warmup, rounds, fn):
    for i in range(warmup):
        fn(i)
    before = rss()
    for i in range(warmup, warmup + rounds):
        fn(i)
    after = rss()
    growth = (after - before) / before
    print(f"{label}: RSS {before / 1048576:.1f} -> {after / 1048576:.1f} MiB ({growth * 100:.2f}%)")
    assert growth <= 0.05, f"{label}: RSS grew {growth * 100:.2f}%"


def test_a_million_validations():
    release = (ROOT / "examples" / "documents" / "release-pypi-sampleproject.json").read_bytes()

    def once(_):
        assert ssr.validate(release).valid

    flat("1M validate", 100_000, 1_000_000, once)


def test_a_hundred_thousand_key_sign_verify_cycles():
    def once(i):
        with ssr.SecretKey.generate() as key, key.public_key as pub:
            payload = b'{"i":%d}' % i
            assert ssr.dsse_verify(ssr.dsse_sign(payload, "application/json", key), [pub]).payload == payload

    flat("100k key/sign/verify", 10_000, 100_000, once)

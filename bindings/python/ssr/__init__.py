# SPDX-License-Identifier: Apache-2.0
"""libssr for Python: validate, canonicalize, sign and verify package-registry
security metadata. Every verdict comes from the C library; this module only
converts arguments and results.

    >>> import ssr
    >>> ssr.validate(b'{"a": 1, "a": 2}').diagnostics[0].code
    'json.duplicate-member'
"""

from __future__ import annotations

import ctypes
import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _lib
from ._lib import lib

__all__ = [
    "Error", "InvalidError", "VerificationError", "Diagnostic", "Report", "MatchResult",
    "version", "validate", "canonicalize", "pretty", "digest", "generate_keypair", "dsse_sign", "dsse_verify",
    "tp_match", "profile_levels",
]

Data = Union[bytes, bytearray, memoryview, str]


class Error(Exception):
    """A libssr call failed; `status` is the library's status code."""

    def __init__(self, status: int, message: Optional[str] = None):
        self.status = status
        super().__init__(message or lib.ssr_strerror(status).decode())


class InvalidError(Error):
    """The input is not a valid document of the kind the call needs; `report` says why."""

    def __init__(self, report: "Report"):
        self.report = report
        first = report.diagnostics[0] if report.diagnostics else None
        super().__init__(_lib.EINVALID, f"{first.code} at '{first.pointer}': {first.message}" if first else None)


class VerificationError(Error):
    """A signature check failed: fewer keys than the threshold verified the envelope."""

    def __init__(self, verified: int):
        self.verified = verified
        super().__init__(_lib.EVERIFY, f"signature verification failed ({verified} key(s) verified)")


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    code: str
    pointer: str
    line: int
    column: int
    message: str
    payload_pointer: Optional[str] = None


@dataclass(frozen=True)
class Report:
    valid: bool
    kind: str
    diagnostics: List[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class MatchResult:
    matched: bool
    jti: Optional[str]
    failed_claim: Optional[str]
    failed_op: Optional[str] = None
    failed_reason: Optional[str] = None
    bound: Dict[str, str] = field(default_factory=dict)


def _bytes(data: Data, name: str = "data") -> bytes:
    """The bytes of a str (UTF-8) or of a bytes-like object; TypeError for anything else.

    bytes(123) would be 123 NUL bytes: integers, booleans and None are refused."""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    try:
        return memoryview(data).tobytes()
    except TypeError:
        raise TypeError(f"{name} must be str or a bytes-like object, not {type(data).__name__}") from None


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_SIZE_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1


def _integer(value: Any, name: str, low: int, high: int) -> int:
    """An int argument within [low, high]: never a bool, never silently wrapped by ctypes."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < low or value > high:
        raise OverflowError(f"{name} must be within {low}..{high}, not {value}")
    return value


def _unix_time(now: Any) -> int:
    """Unix seconds from an int, a float (time.time(), rounded down) or an aware datetime."""
    if isinstance(now, datetime.datetime):
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime (with a time zone)")
        now = now.timestamp()
    if isinstance(now, float):
        if math.isnan(now) or math.isinf(now):
            raise ValueError(f"now must be a finite time, not {now}")
        if not _INT64_MIN <= now < 2.0**63:
            raise OverflowError(f"now must be within the range of a 64-bit time, not {now}")
        now = math.floor(now)
    return _integer(now, "now", _INT64_MIN, _INT64_MAX)


def _check(status: int) -> None:
    if status != _lib.OK:
        raise Error(status)


def _take(ptr: ctypes.c_void_p, length: int) -> bytes:
    """Copies an ssr-allocated buffer and frees it."""
    try:
        return ctypes.string_at(ptr, length)
    finally:
        lib.ssr_free(ptr)


def _to_json(fn, handle) -> Any:
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    _check(fn(handle, ctypes.byref(out), ctypes.byref(n)))
    return json.loads(_take(out, n.value))


def _report(handle) -> Report:
    try:
        obj = _to_json(lib.ssr_report_to_json, handle)
    finally:
        lib.ssr_report_free(handle)
    return Report(valid=obj["valid"], kind=obj["kind"],
                  diagnostics=[Diagnostic(**d) for d in obj["diagnostics"]])


def _outcome(status: int, report: ctypes.c_void_p) -> None:
    """Raises for a failed call (InvalidError with its report); frees the report."""
    if status == _lib.EINVALID and report:
        raise InvalidError(_report(report))
    if report:
        lib.ssr_report_free(report)
    _check(status)


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return lib.ssr_version().decode()


def validate(data: Data, kind: Optional[str] = None) -> Report:
    """Validates a document as `kind` (a kind name such as "release" or "osv"; None detects it)."""
    raw = _bytes(data)
    k = 0
    if kind is not None:
        name = kind.encode()
        k = lib.ssr_kind_from_name(name, len(name))
        if k < 0:
            raise Error(_lib.EINVAL, f"unknown kind {kind!r}")
    report = ctypes.c_void_p()
    _check(lib.ssr_validate(raw, len(raw), k, None, ctypes.byref(report)))
    return _report(report)


def _write(data: Data, writer) -> bytes:
    raw = _bytes(data)
    doc, report = ctypes.c_void_p(), ctypes.c_void_p()
    _outcome(lib.ssr_doc_parse(raw, len(raw), None, ctypes.byref(doc), ctypes.byref(report)), report)
    try:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(writer(doc, ctypes.byref(out), ctypes.byref(n)))
        return _take(out, n.value)
    finally:
        lib.ssr_doc_free(doc)


def canonicalize(data: Data) -> bytes:
    """The RFC 8785 canonical bytes of a strict-JSON document (InvalidError when it is not one)."""
    return _write(data, lib.ssr_doc_canonical)


def pretty(data: Data) -> str:
    """The deterministic pretty form of a strict-JSON document."""
    return _write(data, lib.ssr_doc_pretty).decode("utf-8")


def digest(data: Data, alg: str = "sha256") -> str:
    """The lowercase hex digest of `data` (sha256, sha512, blake2b-256, blake2b-512)."""
    raw, name = _bytes(data), alg.encode()
    a = lib.ssr_digest_from_name(name, len(name))
    if a <= 0:
        raise Error(_lib.EINVAL, f"unknown digest algorithm {alg!r}")
    hex_out = ctypes.c_void_p()
    _check(lib.ssr_digest(a, raw, len(raw), ctypes.byref(hex_out)))
    try:
        return ctypes.string_at(hex_out).decode()
    finally:
        lib.ssr_free(hex_out)


class _SecretKey:
    """A secret key handle, living in libsodium's guarded memory."""

    def __init__(self, pem: Optional[bytes] = None):
        self.handle = ctypes.c_void_p()
        if pem is None:
            _check(lib.ssr_secret_key_generate(ctypes.byref(self.handle)))
        else:
            _check(lib.ssr_secret_key_parse(pem, len(pem), ctypes.byref(self.handle)))

    def __enter__(self) -> "_SecretKey":
        return self

    def __exit__(self, *exc) -> None:
        lib.ssr_secret_key_free(self.handle)  # wipes it
        self.handle = ctypes.c_void_p()


def _public_pem(handle) -> bytes:
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    _check(lib.ssr_public_key_pem(handle, ctypes.byref(out), ctypes.byref(n)))
    return _take(out, n.value)


def generate_keypair() -> Tuple[bytes, bytes]:
    """A new Ed25519 key pair as (public key PEM, secret key PEM (PKCS#8))."""
    with _SecretKey() as key:
        pub = ctypes.c_void_p()
        _check(lib.ssr_secret_key_public(key.handle, ctypes.byref(pub)))
        try:
            public_pem = _public_pem(pub)
        finally:
            lib.ssr_public_key_free(pub)
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(lib.ssr_secret_key_pem(key.handle, ctypes.byref(out), ctypes.byref(n)))
        try:
            secret_pem = ctypes.string_at(out, n.value)
        finally:
            lib.ssr_secret_free(out)  # wiped; Python's copy is the caller's to keep
    return public_pem, secret_pem


def dsse_sign(payload: Data, payload_type: str, secret_key_pem: Data) -> bytes:
    """A DSSE envelope (canonical JSON bytes) over `payload` with one Ed25519 signature."""
    raw, ptype = _bytes(payload), payload_type.encode()
    with _SecretKey(_bytes(secret_key_pem)) as key:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(lib.ssr_dsse_sign(raw, len(raw), ptype, len(ptype), key.handle, None, 0, ctypes.byref(out),
                                 ctypes.byref(n)))
        return _take(out, n.value)


def dsse_verify(envelope: Data, public_keys: Sequence[Data], threshold: int = 1) -> bytes:
    """The verified payload bytes of an envelope that at least `threshold` distinct keys signed.

    Raises VerificationError when fewer keys verified, InvalidError when the
    envelope is not a valid DSSE envelope.
    """
    raw = _bytes(envelope, "envelope")
    threshold = _integer(threshold, "threshold", 1, _SIZE_MAX)
    ring = lib.ssr_keyring_new()
    if not ring:
        raise Error(_lib.ENOMEM)
    try:
        for pem in public_keys:
            p = _bytes(pem, "public key")
            key = ctypes.c_void_p()
            _check(lib.ssr_public_key_parse(p, len(p), ctypes.byref(key)))
            try:
                _check(lib.ssr_keyring_add(ring, key))
            finally:
                lib.ssr_public_key_free(key)
        payload, n, ptype = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        verified, report = ctypes.c_size_t(), ctypes.c_void_p()
        status = lib.ssr_dsse_verify(raw, len(raw), ring, threshold, ctypes.byref(payload), ctypes.byref(n),
                                     ctypes.byref(ptype), ctypes.byref(verified), ctypes.byref(report))
    finally:
        lib.ssr_keyring_free(ring)
    if status == _lib.EVERIFY:
        if report:
            lib.ssr_report_free(report)
        raise VerificationError(verified.value)
    _outcome(status, report)
    lib.ssr_free(ptype)
    return _take(payload, n.value)


def tp_match(policy: Data, claims: Union[Data, Dict[str, Any]],
             now: Union[int, float, datetime.datetime]) -> MatchResult:
    """Matches OIDC token claims (a JSON object, as text, bytes or a dict) against a trusted-publisher policy
    at `now` (Unix seconds as an int or a float, or an aware datetime). InvalidError when the policy or the
    claims are not usable."""
    p = _bytes(policy, "policy")
    c = json.dumps(claims).encode() if isinstance(claims, dict) else _bytes(claims, "claims")
    now = _unix_time(now)
    result, report = ctypes.c_void_p(), ctypes.c_void_p()
    _outcome(lib.ssr_tp_match(p, len(p), c, len(c), now, 0, ctypes.byref(result), ctypes.byref(report)), report)
    try:
        obj = _to_json(lib.ssr_tp_result_to_json, result)
    finally:
        lib.ssr_tp_result_free(result)
    failed = obj.get("failed") or {}
    return MatchResult(matched=obj["matched"], jti=obj.get("jti"), failed_claim=failed.get("claim"),
                       failed_op=failed.get("op"), failed_reason=failed.get("reason"), bound=obj.get("bound") or {})


def profile_levels(profile: Data) -> Dict[str, Any]:
    """The maturity levels of a repository-profile: {"tracks": {...}, "overall": N}."""
    raw = _bytes(profile)
    levels, report = ctypes.c_void_p(), ctypes.c_void_p()
    _outcome(lib.ssr_profile_levels(raw, len(raw), None, ctypes.byref(levels), ctypes.byref(report)), report)
    try:
        return _to_json(lib.ssr_levels_to_json, levels)
    finally:
        lib.ssr_levels_free(levels)

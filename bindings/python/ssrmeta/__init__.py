# SPDX-License-Identifier: Apache-2.0
"""libssr for Python: validate, canonicalize, sign and verify package-registry
security metadata. Every verdict comes from the C library; this module only
converts arguments and results.

    >>> import ssrmeta as ssr
    >>> ssr.validate(b'{"a": 1, "a": 2}').diagnostics[0].code
    'json.duplicate-member'
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import enum
import functools
import json
import math
import os
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, TypedDict, Union

from . import _lib
from ._lib import lib

try:  # the distribution's version (pyproject.toml), as packages say it; version() is the library's
    from importlib.metadata import PackageNotFoundError, version as _dist_version
    __version__ = _dist_version("ssrmeta")
except PackageNotFoundError:  # run from the source tree
    __version__ = "0.1.0"

__all__ = [
    "Status", "Error", "InvalidError", "InvalidKeyError", "VerificationError",
    "Diagnostic", "Report", "MatchResult", "Verified", "Hasher", "PublicKey", "SecretKey",
    "version", "validate", "canonicalize", "pretty", "schema", "schema_codes", "digest", "digest_file",
    "generate_keypair", "dsse_sign", "dsse_add_signature", "dsse_verify", "match_subject",
    "tp_match", "tp_explain", "profile_levels",
    "TrustedRoot", "TufError", "TufUpdater", "tuf_init", "sigstore_trust_refresh", "sigstore_trust_load",
    "olpc_canonical", "VerifyPolicy", "Jwks", "verify_bundle", "verify_pep740", "verify_npm", "tp_verify_token",
    "VerifyResult", "Attestation", "Identity", "SignedTime", "TlogEntry",
    "render_panel", "render_profiles", "purl_parse", "purl_canonical", "purl_build", "jws_verify",
    "tp_decode_token", "dsse_pae", "digest_size",
]

Data = Union[bytes, bytearray, memoryview, str]
Limits = Optional[Mapping[str, int]]


class Status(enum.IntEnum):
    """The library's status codes (ssr/common.h)."""
    OK = 0
    EINVAL = -1
    ENOMEM = -2
    EINVALID = -3
    ERANGE = -4
    EIO = -5
    EVERIFY = -6
    ENOMATCH = -7
    EEXIST = -8
    ECRYPTO = -9


class Error(Exception):
    """A libssr call failed; `status` is the library's status code (a Status)."""

    def __init__(self, status: int, message: Optional[str] = None):
        self.status = _status(status)
        super().__init__(message or lib.ssr_strerror(status).decode())

    def __reduce__(self):  # pickles with its status and message (ProcessPoolExecutor)
        return (type(self), (int(self.status), str(self)))


class InvalidError(Error):
    """The input is not a valid document of the kind the call needs; `report` says why."""

    def __init__(self, report: "Report"):
        self.report = report
        errors = [d for d in report.diagnostics if d.severity == "error"] or report.diagnostics
        first = errors[0] if errors else None
        super().__init__(_lib.EINVALID, f"{first.code} at '{first.pointer}': {first.message}" if first else None)

    def __reduce__(self):
        return (type(self), (self.report,))


class InvalidKeyError(Error, ValueError):
    """A key argument that is not a key libssr reads; the message names the argument and why."""

    def __init__(self, status: int, message: str):
        super().__init__(status, message)


class VerificationError(Error):
    """A verification failed: for dsse_verify, fewer keys than the threshold
    verified the envelope (`verified` says how many); for a bundle, an
    attestation or a token, `report` says which check failed and where."""

    def __init__(self, verified: int = 0, report: Optional["Report"] = None):
        self.verified = verified
        self.report = report
        first = report.diagnostics[0] if report and report.diagnostics else None
        super().__init__(_lib.EVERIFY, f"{first.code} at '{first.pointer}': {first.message}" if first
                         else f"signature verification failed ({verified} key(s) verified)")

    def __reduce__(self):
        return (type(self), (self.verified, self.report))


def _status(status: int):
    try:
        return Status(status)
    except ValueError:
        return status


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    code: str
    pointer: str
    line: int
    column: int
    message: str
    payload_pointer: Optional[str] = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Diagnostic":
        """From a report's JSON form; members this version does not know are ignored."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True)
class Report:
    valid: bool
    kind: str
    diagnostics: List[Diagnostic] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Report":
        """From ssr_report_to_json()'s form (or `ssr validate --format json`); unknown members ignored."""
        return cls(valid=d["valid"], kind=d["kind"], diagnostics=[Diagnostic.from_dict(x) for x in d["diagnostics"]])


@dataclass(frozen=True)
class Verified:
    """What dsse_verify() established."""
    payload: bytes
    payload_type: str
    verified: int


@dataclass(frozen=True)
class MatchResult:
    matched: bool
    jti: Optional[str]
    failed_claim: Optional[str]
    failed_op: Optional[str] = None
    failed_reason: Optional[str] = None
    bound: Dict[str, Any] = field(default_factory=dict)
    conditions_held: int = 0


def _bytes(data: Data, name: str = "data") -> bytes:
    """The bytes of a str (UTF-8) or of a bytes-like object; TypeError for anything else.

    bytes(123) would be 123 NUL bytes: integers, booleans and None are refused."""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    try:
        return memoryview(data).tobytes()
    except TypeError:
        raise TypeError(f"{name} must be str or a bytes-like object, not {type(data).__name__}") from None


def _text(value: Any, name: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    raw = value.encode("utf-8")
    if b"\0" in raw:
        raise ValueError(f"{name} must not contain NUL")
    return raw


def _path(value: Any, name: str = "path") -> bytes:
    if isinstance(value, bool) or not isinstance(value, (str, bytes, os.PathLike)):
        raise TypeError(f"{name} must be a path (str, bytes or os.PathLike), not {type(value).__name__}")
    raw = os.fsencode(value)
    if b"\0" in raw:
        raise ValueError(f"{name} must not contain NUL")
    return raw


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
    if isinstance(now, bool) or not isinstance(now, int):
        raise TypeError(f"now must be an int, a float or an aware datetime, not {type(now).__name__}")
    return _integer(now, "now", _INT64_MIN, _INT64_MAX)


def _check(status: int, message: Optional[str] = None) -> None:
    if status != _lib.OK:
        raise Error(status, message)


def _take(ptr: ctypes.c_void_p, length: int) -> bytes:
    """Copies an ssr-allocated buffer and frees it."""
    try:
        return ctypes.string_at(ptr, length)
    finally:
        lib.ssr_free(ptr)


def _take_string(ptr: ctypes.c_void_p) -> str:
    """Copies an ssr-allocated NUL-terminated UTF-8 string and frees it."""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.ssr_free(ptr)


def _str(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")


def _to_json(fn, handle) -> Any:
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    _check(fn(handle, ctypes.byref(out), ctypes.byref(n)))
    return json.loads(_take(out, n.value))


_KIND_NAMES = {}


def _kind_name(k: int) -> str:
    name = _KIND_NAMES.get(k)
    if name is None:
        name = _KIND_NAMES[k] = lib.ssr_kind_name(k).decode()
    return name


def _report(handle) -> Report:
    """The report read through the accessors (no JSON round trip), then freed.
    A report without diagnostics is valid: two calls read it."""
    try:
        count = lib.ssr_report_count(handle)
        kind = _kind_name(lib.ssr_report_kind(handle))
        if count == 0:
            return Report(True, kind, [])
        diagnostics = []
        for i in range(count):
            diagnostics.append(Diagnostic(
                severity="error" if lib.ssr_diag_severity(handle, i) == 1 else "warning",
                code=lib.ssr_diag_code(handle, i).decode(), pointer=lib.ssr_diag_pointer(handle, i).decode("utf-8"),
                line=lib.ssr_diag_line(handle, i), column=lib.ssr_diag_column(handle, i),
                message=lib.ssr_diag_message(handle, i).decode("utf-8"),
                payload_pointer=_str(lib.ssr_diag_payload_pointer(handle, i))))
        return Report(bool(lib.ssr_report_valid(handle)), kind, diagnostics)
    finally:
        lib.ssr_report_free(handle)


def _outcome(status: int, report: ctypes.c_void_p) -> None:
    """Raises for a failed call (InvalidError with its report); frees the report."""
    if status == _lib.EINVALID and report:
        raise InvalidError(_report(report))
    if report:
        lib.ssr_report_free(report)
    _check(status)


_LIMITS = {"depth": 1, "size": 2, "string": 3, "array": 4, "members": 5}


class _Options:
    """The reader's limits as an ssr_options handle (None for the defaults); a context manager."""

    def __init__(self, limits: Limits):
        self.handle = None
        if limits is None:
            return
        if not isinstance(limits, Mapping):
            raise TypeError(f"limits must be a mapping, not {type(limits).__name__}")
        for key in limits:
            if key not in _LIMITS:
                raise ValueError(f"unknown limit {key!r} (known: {', '.join(_LIMITS)})")
        self.handle = lib.ssr_options_new()
        if not self.handle:
            raise MemoryError("out of memory")
        for key, value in limits.items():
            which = _LIMITS[key]
            value = _integer(value, f"limits[{key!r}]", 1, lib.ssr_limit_max(which))
            status = lib.ssr_options_set_limit(self.handle, which, value)
            if status != _lib.OK:
                self.close()
                _check(status)

    def close(self) -> None:
        lib.ssr_options_free(self.handle)
        self.handle = None

    def __enter__(self):
        return self.handle

    def __exit__(self, *exc) -> None:
        self.close()


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return lib.ssr_version().decode()


def crypto_backend() -> str:
    """The library every ECDSA check goes to, with its version: "aws-lc 5.12.0", or OpenSSL's version text."""
    return lib.ssr_crypto_backend().decode()


def _kind(kind: Optional[str]) -> int:
    if kind is None:
        return 0
    name = _text(kind, "kind")
    k = lib.ssr_kind_from_name(name, len(name))
    if k < 0:
        raise Error(_lib.EINVAL, f"unknown kind {kind!r}")
    return k


def validate(data: Data, kind: Optional[str] = None, *, limits: Limits = None) -> Report:
    """Validates a document as `kind` (a kind name such as "release" or "osv"; None detects it).

    `limits` overrides the reader's limits: {"depth", "size", "string", "array", "members"}."""
    raw = data if type(data) is bytes else _bytes(data)
    k = 0 if kind is None else _kind(kind)
    report = ctypes.c_void_p()
    if limits is None:
        status = lib.ssr_validate(raw, len(raw), k, None, ctypes.byref(report))
    else:
        with _Options(limits) as opts:
            status = lib.ssr_validate(raw, len(raw), k, opts, ctypes.byref(report))
    _check(status)
    return _report(report)


def _write(data: Data, writer, limits: Limits) -> bytes:
    raw = _bytes(data)
    doc, report = ctypes.c_void_p(), ctypes.c_void_p()
    with _Options(limits) as opts:
        _outcome(lib.ssr_doc_parse(raw, len(raw), opts, ctypes.byref(doc), ctypes.byref(report)), report)
    try:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(writer(doc, ctypes.byref(out), ctypes.byref(n)))
        return _take(out, n.value)
    finally:
        lib.ssr_doc_free(doc)


def canonicalize(data: Data, *, limits: Limits = None) -> bytes:
    """The RFC 8785 canonical bytes of a strict-JSON document (InvalidError when it is not one)."""
    return _write(data, lib.ssr_doc_canonical, limits)


def pretty(data: Data, *, limits: Limits = None) -> str:
    """The deterministic pretty form of a strict-JSON document."""
    return _write(data, lib.ssr_doc_pretty, limits).decode("utf-8")


def _schema_text(fn, kind: str) -> str:
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    status = fn(_kind(kind), ctypes.byref(out), ctypes.byref(n))
    _check(status, "only the native kinds have a schema" if status == _lib.EINVAL else None)
    return _take(out, n.value).decode("utf-8")


def schema(kind: str) -> str:
    """The JSON Schema (draft 2020-12) of a native kind, as text."""
    return _schema_text(lib.ssr_schema, kind)


def schema_codes(kind: str) -> List[Tuple[str, str, str]]:
    """Every diagnostic code a native kind can raise: (code, "error"|"warning", "schema"|"beyond")."""
    return [tuple(line.split("\t")) for line in _schema_text(lib.ssr_schema_codes, kind).splitlines() if line]


def _alg(alg: str, name: str = "alg") -> int:
    raw = _text(alg, name)
    a = lib.ssr_digest_from_name(raw, len(raw))
    if a <= 0:
        raise Error(_lib.EINVAL, f"unknown digest algorithm {alg!r}")
    return a


def digest(data: Data, alg: str = "sha256") -> str:
    """The lowercase hex digest of `data` (sha256, sha384, sha512, blake2b-256, blake2b-512...)."""
    raw, a = _bytes(data), _alg(alg)
    hex_out = ctypes.c_void_p()
    _check(lib.ssr_digest(a, raw, len(raw), ctypes.byref(hex_out)))
    return _take_string(hex_out)


def digest_file(path: Union[str, bytes, os.PathLike], algs: Sequence[str] = ("sha256",)) -> Dict[str, str]:
    """The digests of a file, read once in constant memory: {alg: hex}. Error (EIO) when it cannot be read."""
    if isinstance(algs, str):
        algs = (algs,)
    algs = list(algs)
    if not 1 <= len(algs) <= 8:
        raise ValueError("algs must name 1 to 8 algorithms")
    ids = (ctypes.c_int * len(algs))(*[_alg(a, "algs") for a in algs])
    out = (ctypes.c_void_p * len(algs))()
    status = lib.ssr_digest_file(_path(path), ids, len(algs), out)
    _check(status, f"cannot read {os.fsdecode(path)!r}" if status == _lib.EIO else None)
    return {a: _take_string(out[i]) for i, a in enumerate(algs)}


class _Handle:
    """A C object freed (keys: wiped) by close(), by `with`, or when collected.

    Safe to share between threads: every call into C holds a use of the
    handle (_use()), and close() is atomic. A handle closed while calls
    use it is freed when the last of them ends; once closed, every new use
    raises ValueError ("the TrustedRoot was closed"), never a crash.
    """
    _free = None

    def __init__(self, handle: ctypes.c_void_p):
        self._handle = handle
        self._lock = threading.Lock()
        self._uses = 0
        self._closed = False

    @contextlib.contextmanager
    def _use(self):
        """The C handle, held open for the duration of the `with` block."""
        with self._lock:
            if self._closed or not self._handle:
                raise ValueError(f"the {type(self).__name__} was closed")
            self._uses += 1
            handle = self._handle
        try:
            yield handle
        finally:
            with self._lock:
                self._uses -= 1
                last = self._closed and self._uses == 0 and self._handle is not None
                if last:
                    self._handle = None
            if last:
                type(self)._free(handle)

    def close(self) -> None:
        """Frees the object now, or when the calls using it end. Calling it again does nothing."""
        lock = getattr(self, "_lock", None)
        if lock is None:  # __init__ never ran
            return
        with lock:
            if self._closed:
                return
            self._closed = True
            handle = self._handle if self._uses == 0 else None
            if handle is not None:
                self._handle = None
        if handle:
            type(self)._free(handle)

    @classmethod
    def _parsed(cls, parse, raw: bytes):
        """The handle `parse(data, len, &handle, &report)` makes of `raw`; InvalidError with its report."""
        handle, report = ctypes.c_void_p(), ctypes.c_void_p()
        _outcome(parse(raw, len(raw), ctypes.byref(handle), ctypes.byref(report)), report)
        return cls(handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        self.close()

    def __reduce__(self):
        raise TypeError(f"a {type(self).__name__} cannot be pickled")


class Hasher(_Handle):
    """A digest computed piece by piece, in constant memory, like hashlib's:
    Hasher("sha256").update(a).update(b).hexdigest(). Threads may share one:
    its calls take turns."""
    _free = staticmethod(lambda h: lib.ssr_hasher_free(h))

    def __init__(self, alg: str = "sha256"):
        self.name = alg
        handle = lib.ssr_hasher_new(_alg(alg))
        if not handle:
            raise MemoryError("out of memory")
        super().__init__(handle)
        self._turn = threading.Lock()

    @contextlib.contextmanager
    def _running(self):
        with self._turn:
            if self._closed:
                raise ValueError("the hasher is finished")
            with self._use() as h:
                yield h

    def update(self, data: Data) -> "Hasher":
        raw = _bytes(data)
        with self._running() as h:
            _check(lib.ssr_hasher_update(h, raw, len(raw)))
        return self

    def hexdigest(self) -> str:
        """The lowercase hex digest; the hasher is finished after it."""
        out = ctypes.c_void_p()
        with self._running() as h:
            try:
                _check(lib.ssr_hasher_final(h, ctypes.byref(out)))
            finally:
                self.close()  # freed as the use above ends
        return _take_string(out)


def _key_error(status: int, name: str) -> Error:
    if status == _lib.EINVALID:
        return InvalidKeyError(status, f"{name}: not a PEM key libssr reads (an Ed25519 PKCS#8 secret key; "
                                       "an Ed25519, ECDSA P-256/P-384 or RSA public key)")
    if status == _lib.EIO:
        return Error(status, f"{name}: the file cannot be read")
    return Error(status)


class PublicKey(_Handle):
    """A public key: Ed25519, or a managed ECDSA P-256/P-384 or RSA key."""
    _free = staticmethod(lambda h: lib.ssr_public_key_free(h))

    @classmethod
    def from_pem(cls, pem: Data, name: str = "public_key") -> "PublicKey":
        raw = _bytes(pem, name)
        handle = ctypes.c_void_p()
        status = lib.ssr_public_key_parse(raw, len(raw), ctypes.byref(handle))
        if status != _lib.OK:
            raise _key_error(status, name)
        return cls(handle)

    @property
    def id(self) -> str:
        """The key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo."""
        with self._use() as h:
            return lib.ssr_public_key_id(h).decode()

    def to_pem(self) -> bytes:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        with self._use() as h:
            _check(lib.ssr_public_key_pem(h, ctypes.byref(out), ctypes.byref(n)))
        return _take(out, n.value)

    def verify(self, message: Data, signature: Data) -> bool:
        """Does `signature` verify over `message` with this key, by its kind (Ed25519;
        ECDSA DER over SHA-256/-384; RSA PKCS#1 v1.5 or PSS over SHA-256)?"""
        msg, sig = _bytes(message, "message"), _bytes(signature, "signature")
        with self._use() as h:
            status = lib.ssr_public_key_verify(h, msg, len(msg), sig, len(sig))
        if status == _lib.EVERIFY:
            return False
        _check(status)
        return True


class SecretKey(_Handle):
    """An Ed25519 secret key in libssr's guarded memory: loaded once, used for
    many signatures, wiped by close() (or `with`, or when collected)."""
    _free = staticmethod(lambda h: lib.ssr_secret_key_free(h))

    @classmethod
    def generate(cls) -> "SecretKey":
        handle = ctypes.c_void_p()
        _check(lib.ssr_secret_key_generate(ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def from_pem(cls, pem: Data, name: str = "secret_key") -> "SecretKey":
        """From PKCS#8 PEM; the caller's copy of the PEM is the caller's to wipe."""
        raw = _bytes(pem, name)
        handle = ctypes.c_void_p()
        status = lib.ssr_secret_key_parse(raw, len(raw), ctypes.byref(handle))
        if status != _lib.OK:
            raise _key_error(status, name)
        return cls(handle)

    @classmethod
    def from_file(cls, path: Union[str, bytes, os.PathLike]) -> "SecretKey":
        """Reads a key file (as `ssr keygen` writes it) straight into guarded memory."""
        handle = ctypes.c_void_p()
        status = lib.ssr_secret_key_read_file(_path(path), ctypes.byref(handle))
        if status != _lib.OK:
            raise _key_error(status, f"secret key file {os.fsdecode(path)!r}")
        return cls(handle)

    @property
    def public_key(self) -> PublicKey:
        pub = ctypes.c_void_p()
        with self._use() as h:
            _check(lib.ssr_secret_key_public(h, ctypes.byref(pub)))
        return PublicKey(pub)

    def to_pem(self) -> bytes:
        """The PKCS#8 PEM: a copy outside guarded memory, the caller's to protect."""
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        with self._use() as h:
            _check(lib.ssr_secret_key_pem(h, ctypes.byref(out), ctypes.byref(n)))
        try:
            return ctypes.string_at(out, n.value)
        finally:
            lib.ssr_secret_free(out)  # wiped

    def write_file(self, path: Union[str, bytes, os.PathLike]) -> None:
        """Writes a new key file, mode 0600; an existing file is never overwritten (Error EEXIST)."""
        with self._use() as h:
            status = lib.ssr_secret_key_write_file(h, _path(path))
        _check(status, f"{os.fsdecode(path)!r} exists and is never overwritten" if status == _lib.EEXIST else None)


def generate_keypair() -> Tuple[bytes, bytes]:
    """A new Ed25519 key pair as (public key PEM, secret key PEM (PKCS#8)). Prefer SecretKey.generate()."""
    with SecretKey.generate() as key, key.public_key as pub:
        return pub.to_pem(), key.to_pem()


@contextlib.contextmanager
def _secret(key: Union[SecretKey, Data], name: str = "secret_key"):
    if isinstance(key, SecretKey):
        with key._use() as h:
            yield h
    else:
        with SecretKey.from_pem(key, name) as k, k._use() as h:
            yield h


def _keyid(keyid: Optional[str]) -> Tuple[Optional[bytes], int]:
    if keyid is None:
        return None, 0
    raw = _text(keyid, "keyid")
    return raw, len(raw)


def dsse_sign(payload: Data, payload_type: str, secret_key: Union[SecretKey, Data], *,
              keyid: Optional[str] = None) -> bytes:
    """A DSSE envelope (canonical JSON bytes) over `payload` with one Ed25519 signature
    (`secret_key` a SecretKey or PKCS#8 PEM)."""
    raw, ptype = _bytes(payload, "payload"), _text(payload_type, "payload_type")
    kid, kid_len = _keyid(keyid)
    with _secret(secret_key) as handle:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(lib.ssr_dsse_sign(raw, len(raw), ptype, len(ptype), handle, kid, kid_len, ctypes.byref(out),
                                 ctypes.byref(n)))
        return _take(out, n.value)


def dsse_add_signature(envelope: Data, secret_key: Union[SecretKey, Data], *, keyid: Optional[str] = None) -> bytes:
    """The envelope with one more signature over the same payload."""
    raw = _bytes(envelope, "envelope")
    kid, kid_len = _keyid(keyid)
    with _secret(secret_key) as handle:
        out, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        _outcome(lib.ssr_dsse_add_signature(raw, len(raw), handle, kid, kid_len, ctypes.byref(out), ctypes.byref(n),
                                            ctypes.byref(report)), report)
        return _take(out, n.value)


def dsse_verify(envelope: Data, public_keys: Sequence[Union[PublicKey, Data]], threshold: int = 1) -> Verified:
    """Verifies an envelope that at least `threshold` distinct keys must have signed:
    its payload, the payload_type it was signed as (check it before reading the
    payload as a document) and how many keys verified. `public_keys` holds
    PublicKey objects or PEM.

    Raises VerificationError when fewer keys verified, InvalidError when the
    envelope is not a valid DSSE envelope, InvalidKeyError for a bad key.
    """
    raw = _bytes(envelope, "envelope")
    if isinstance(public_keys, (str, bytes, bytearray, memoryview, PublicKey)):
        raise TypeError(f"public_keys must be a sequence of keys, not {type(public_keys).__name__}")
    threshold = _integer(threshold, "threshold", 1, _SIZE_MAX)
    ring = lib.ssr_keyring_new()
    if not ring:
        raise MemoryError("out of memory")
    try:
        for i, key in enumerate(public_keys):
            if isinstance(key, PublicKey):
                with key._use() as h:
                    _check(lib.ssr_keyring_add(ring, h))
            else:
                with PublicKey.from_pem(key, f"public_keys[{i}]") as pub, pub._use() as h:
                    _check(lib.ssr_keyring_add(ring, h))
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
    payload_type = _take_string(ptype)
    return Verified(payload=_take(payload, n.value), payload_type=payload_type, verified=verified.value)


def match_subject(document: Data, *, data: Optional[Data] = None, path: Union[str, bytes, os.PathLike, None] = None,
                  digests: Optional[Mapping[str, str]] = None) -> Optional[int]:
    """Which subject of an in-toto Statement (or of the Statement in a DSSE envelope,
    whose signatures are not verified here) or which artifact of a release the
    artifact matches: its index, or None. The artifact is given by exactly one of
    `data`, `path` (read in constant memory) and `digests` ({alg: lowercase hex})."""
    doc = _bytes(document, "document")
    artifact = _artifact(data, path, digests, "sha256")
    try:
        index, report = ctypes.c_size_t(), ctypes.c_void_p()
        status = lib.ssr_match_subject(artifact, doc, len(doc), ctypes.byref(index), ctypes.byref(report))
    finally:
        lib.ssr_artifact_free(artifact)
    if status == _lib.ENOMATCH:
        if report:
            lib.ssr_report_free(report)
        return None
    _outcome(status, report)
    return index.value


def tp_match(policy: Data, claims: Union[Data, Mapping[str, Any]], now: Union[int, float, datetime.datetime], *,
             partial_claims: bool = False, policy_fragment: bool = False) -> MatchResult:
    """Matches OIDC token claims (a JSON object, as text, bytes or a dict) against a trusted-publisher policy
    at `now` (Unix seconds as an int or a float, or an aware datetime). InvalidError when the policy or the
    claims are not usable. `partial_claims`: the claims are a test extract holding only some claims;
    `policy_fragment`: the policy is a test vector, not a whole trusted-publisher document
    (without it, a policy validate() refuses is refused here too). Neither is for real use."""
    p = _bytes(policy, "policy")
    c = json.dumps(claims).encode() if isinstance(claims, Mapping) else _bytes(claims, "claims")
    now = _unix_time(now)
    if not isinstance(partial_claims, bool) or not isinstance(policy_fragment, bool):
        raise TypeError("partial_claims and policy_fragment must be bools")
    result, report = ctypes.c_void_p(), ctypes.c_void_p()
    flags = (1 if partial_claims else 0) | (2 if policy_fragment else 0)
    status = lib.ssr_tp_match(p, len(p), c, len(c), now, flags, ctypes.byref(result),
                              ctypes.byref(report))
    _outcome(_lib.OK if status == _lib.ENOMATCH else status, report)  # a result either way: .matched says which
    try:
        return _match_result(result)
    finally:
        lib.ssr_tp_result_free(result)


def _match_result(result) -> MatchResult:
    bound = {lib.ssr_tp_bound_claim(result, i).decode(): json.loads(lib.ssr_tp_bound_value(result, i))
             for i in range(lib.ssr_tp_bound_count(result))}
    return MatchResult(matched=bool(lib.ssr_tp_matched(result)), jti=_str(lib.ssr_tp_jti(result)),
                       failed_claim=_str(lib.ssr_tp_failed_claim(result)), failed_op=_str(lib.ssr_tp_failed_op(result)),
                       failed_reason=_str(lib.ssr_tp_failed_reason(result)), bound=bound,
                       conditions_held=lib.ssr_tp_conditions_held(result))


def tp_explain(policy: Data) -> Dict[str, Any]:
    """The policy as matching applies it, typed blocks compiled:
    {"token": {"iss", "aud", ...}, "conditions": [{"claim", "op", "value"[, "bind_on_first_use"]}]}."""
    p = _bytes(policy, "policy")
    out, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    _outcome(lib.ssr_tp_explain(p, len(p), ctypes.byref(out), ctypes.byref(n), ctypes.byref(report)), report)
    lines = [json.loads(line) for line in _take(out, n.value).decode("utf-8").splitlines() if line]
    return {"token": lines[0]["token"], "conditions": lines[1:]}


def profile_levels(profile: Data, *, limits: Limits = None) -> Dict[str, Any]:
    """The maturity levels of a repository-profile: {"tracks": {...}, "overall": N}."""
    raw = _bytes(profile, "profile")
    levels, report = ctypes.c_void_p(), ctypes.c_void_p()
    with _Options(limits) as opts:
        _outcome(lib.ssr_profile_levels(raw, len(raw), opts, ctypes.byref(levels), ctypes.byref(report)), report)
    try:
        return _to_json(lib.ssr_levels_to_json, levels)
    finally:
        lib.ssr_levels_free(levels)


# ---- verification of what registries receive (ssr/verify.h) -----------------------------------


def _failure(status: int, report) -> None:
    """Raises for a verification call: VerificationError (with its report) for
    SSR_EVERIFY, InvalidError for SSR_EINVALID, Error otherwise; frees the report."""
    if status == _lib.EVERIFY:
        raise VerificationError(0, _report(report) if report else None)
    _outcome(status, report)


class TrustedRoot(_Handle):
    """A Sigstore trusted root: the ones libssr carries (public_good(), staging()) or a trusted_root.json."""
    _free = staticmethod(lambda h: lib.ssr_trust_root_free(h))

    @classmethod
    def public_good(cls) -> "TrustedRoot":
        return cls._load(1)

    @classmethod
    def staging(cls) -> "TrustedRoot":
        return cls._load(2)

    @classmethod
    def _load(cls, instance: int) -> "TrustedRoot":
        handle = ctypes.c_void_p()
        _check(lib.ssr_trust_root_load(instance, ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def from_json(cls, data: Data) -> "TrustedRoot":
        raw = _bytes(data, "data")
        return cls._parsed(lib.ssr_trust_root_parse, raw)


# ---- TUF: trust kept current (ssr/tuf.h) ------------------------------------------------------------


class TufError(Error):
    """A TUF refresh, lookup, download or cache load refused: `code` names the
    rule ("tuf.timestamp.expired", "tuf.cache.expired"...), `report` holds it."""

    def __init__(self, status: int, report: Optional["Report"] = None):
        self.report = report
        first = report.diagnostics[0] if report and report.diagnostics else None
        self.code = first.code if first else None
        super().__init__(status, f"{first.code}: {first.message}" if first else None)

    def __reduce__(self):
        return (type(self), (int(self.status), self.report))


def _tuf_outcome(status: int, report) -> None:
    """Raises TufError (with the report) for a TUF call that failed with one, Error otherwise."""
    if status == _lib.OK:
        if report:
            lib.ssr_report_free(report)
        return
    if report:
        raise TufError(status, _report(report))
    _check(status)


# A fetch: fetch(url, max_length, timeout_seconds) -> bytes (HTTP 200) or an int HTTP status (404...).
Fetch = Callable[[str, int, float], Union[bytes, int]]
_FETCH_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_uint,
                             ctypes.c_void_p)


def _fetch_callback(fetch: Fetch):
    """A C fetch calling `fetch`: its bytes go through ssr_tuf_body_append (which bounds them);
    an exception is a transport failure (SSR_EIO), never an escape through C."""

    def call(_context, url, max_length, timeout_ms, body):
        try:
            got = fetch(url.decode("utf-8"), int(max_length), timeout_ms / 1000.0)
        except Exception:  # noqa: BLE001 - the library sees a failed fetch; nothing crosses C
            return _lib.EIO
        if isinstance(got, int) and not isinstance(got, bool):
            return got if 100 <= got <= 599 else _lib.EIO
        if not isinstance(got, (bytes, bytearray, memoryview)):
            return _lib.EIO
        raw = bytes(got)
        status = lib.ssr_tuf_body_append(body, raw, len(raw))
        return 200 if status == _lib.OK else status

    return _FETCH_FN(call)


class TufUpdater(_Handle):
    """A TUF client over a trusted metadata directory (made by tuf_init) and a
    repository: refresh() follows the specification's client workflow,
    target_info() and download() the delegation search. `fetch` replaces
    libcurl (see Fetch); `now` (seconds since the epoch) fixes the time."""
    _free = staticmethod(lambda h: lib.ssr_tuf_updater_free(h))

    @classmethod
    def open(cls, metadata_dir: str, metadata_url: str, targets_url: Optional[str] = None, *,
             fetch: Optional[Fetch] = None, now: Optional[int] = None, timeout: Optional[float] = None,
             max_lengths: Optional[Mapping[str, int]] = None) -> "TufUpdater":
        """max_lengths: the largest file fetched per role ("root", "timestamp", "snapshot",
        "targets") where the metadata gives no length."""
        handle = ctypes.c_void_p()
        _check(lib.ssr_tuf_updater_new(_text(metadata_dir, "metadata_dir"), _text(metadata_url, "metadata_url"),
                                       None if targets_url is None else _text(targets_url, "targets_url"),
                                       ctypes.byref(handle)))
        return cls._configured(handle, fetch, now, timeout, max_lengths)

    @classmethod
    def _configured(cls, handle, fetch, now, timeout, max_lengths=None) -> "TufUpdater":
        self = cls(handle)
        self._fetch = None
        try:
            if fetch is not None:
                self._fetch = _fetch_callback(fetch)  # kept alive as long as the updater
                _check(lib.ssr_tuf_updater_set_fetch(handle, ctypes.cast(self._fetch, ctypes.c_void_p), None))
            if now is not None:
                _check(lib.ssr_tuf_updater_set_time(handle, int(now)))
            if timeout is not None:
                if not 0 < timeout <= 3600:
                    raise ValueError("timeout must be in (0, 3600] seconds")
                _check(lib.ssr_tuf_updater_set_timeout(handle, max(1, int(timeout * 1000))))
            for role, length in (max_lengths or {}).items():
                _check(lib.ssr_tuf_updater_set_max_length(handle, _text(role, "role"), int(length)),
                       f"max_lengths: no role {role!r}, or a length of 0")
        except BaseException:
            self.close()
            raise
        return self

    def refresh(self) -> None:
        """Updates root, timestamp, snapshot and targets; TufError when refused."""
        report = ctypes.c_void_p()
        with self._use() as h:
            _tuf_outcome(lib.ssr_tuf_refresh(h, ctypes.byref(report)), report)

    def load_cached(self) -> None:
        """Verifies the cached metadata, fetching nothing (TufError "tuf.cache.expired" once it expires)."""
        report = ctypes.c_void_p()
        with self._use() as h:
            _tuf_outcome(lib.ssr_tuf_load_cached(h, ctypes.byref(report)), report)

    def target_info(self, target: str) -> Dict[str, Any]:
        """The target's description ({"length", "hashes", "custom"}); TufError "tuf.target.not-found"."""
        out, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        with self._use() as h:
            _tuf_outcome(lib.ssr_tuf_target_info(h, _text(target, "target"), ctypes.byref(out), ctypes.byref(n),
                                                 ctypes.byref(report)), report)
        return json.loads(_take(out, n.value))

    def download(self, target: str, target_dir: str) -> str:
        """Stores the target, verified, in target_dir (not fetched again when a file there matches); its path."""
        out, report = ctypes.c_void_p(), ctypes.c_void_p()
        with self._use() as h:
            _tuf_outcome(lib.ssr_tuf_download(h, _text(target, "target"), _text(target_dir, "target_dir"),
                                              ctypes.byref(out), ctypes.byref(report)), report)
        path = ctypes.string_at(out).decode("utf-8")
        lib.ssr_free(out)
        return path


def tuf_init(metadata_dir: str, root: Data) -> None:
    """Starts a trusted metadata directory with `root` (a root.json); never overwrites one."""
    raw = _bytes(root, "root")
    report = ctypes.c_void_p()
    status = lib.ssr_tuf_init(_text(metadata_dir, "metadata_dir"), raw, len(raw), ctypes.byref(report))
    _tuf_outcome(status, report)


def _sigstore_updater(cache_dir, staging, tuf_root, metadata_url, targets_url, fetch, now, timeout) -> TufUpdater:
    raw = None if tuf_root is None else _bytes(tuf_root, "tuf_root")
    handle, report = ctypes.c_void_p(), ctypes.c_void_p()
    status = lib.ssr_sigstore_trust_updater(_text(cache_dir, "cache_dir"), 2 if staging else 1, raw,
                                            0 if raw is None else len(raw),
                                            None if metadata_url is None else _text(metadata_url, "metadata_url"),
                                            None if targets_url is None else _text(targets_url, "targets_url"),
                                            ctypes.byref(handle), ctypes.byref(report))
    _tuf_outcome(status, report)
    return TufUpdater._configured(handle, fetch, now, timeout)


def sigstore_trust_refresh(cache_dir: str, *, staging: bool = False, tuf_root: Optional[Data] = None,
                           metadata_url: Optional[str] = None, targets_url: Optional[str] = None,
                           fetch: Optional[Fetch] = None, now: Optional[int] = None,
                           timeout: Optional[float] = None) -> None:
    """Refreshes a Sigstore trust cache: TUF metadata from Sigstore's repository (public-good,
    or staging), then trusted_root.json and npm's registry keys. TufError when refused."""
    with _sigstore_updater(cache_dir, staging, tuf_root, metadata_url, targets_url, fetch, now, timeout) as u:
        report = ctypes.c_void_p()
        with u._use() as h:
            _tuf_outcome(lib.ssr_sigstore_trust_refresh(h, ctypes.byref(report)), report)


def sigstore_trust_load(cache_dir: str, *, staging: bool = False,
                        now: Optional[int] = None) -> Tuple["TrustedRoot", Optional[bytes]]:
    """The trusted root and npm's registry keys (None when the cache has none) of a refreshed
    cache, verified again without fetching; TufError "tuf.cache.expired" once it expires."""
    with _sigstore_updater(cache_dir, staging, None, None, None, None, now, None) as u:
        root, keys, n, report = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        with u._use() as h:
            _tuf_outcome(lib.ssr_sigstore_trust_load(h, ctypes.byref(root), ctypes.byref(keys), ctypes.byref(n),
                                                     ctypes.byref(report)), report)
    return TrustedRoot(root), (_take(keys, n.value) if keys else None)


def olpc_canonical(data: Data) -> bytes:
    """The OLPC canonical JSON that TUF signs (not RFC 8785: see canonicalize())."""
    raw = _bytes(data, "data")
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    _check(lib.ssr_olpc_canonical(raw, len(raw), ctypes.byref(out), ctypes.byref(n)))
    return _take(out, n.value)


class VerifyPolicy(_Handle):
    """Who must have signed: a keyless identity and issuer (with Fulcio extensions
    required), a managed key, a trusted-publisher document, or PEP 740 tooling's JSON form."""
    _free = staticmethod(lambda h: lib.ssr_verify_policy_free(h))

    @classmethod
    def identity(cls, identity: str, issuer: str) -> "VerifyPolicy":
        i, s = _text(identity, "identity"), _text(issuer, "issuer")
        handle = ctypes.c_void_p()
        _check(lib.ssr_verify_policy_identity(i, len(i), s, len(s), ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def key(cls, key: Union[PublicKey, Data]) -> "VerifyPolicy":
        handle = ctypes.c_void_p()
        if isinstance(key, PublicKey):
            with key._use() as h:
                _check(lib.ssr_verify_policy_key(h, ctypes.byref(handle)))
        else:
            with PublicKey.from_pem(key, "key") as pub, pub._use() as h:
                _check(lib.ssr_verify_policy_key(h, ctypes.byref(handle)))
        return cls(handle)

    @classmethod
    def publisher(cls, document: Data) -> "VerifyPolicy":
        """A trusted-publisher/v1 document, constraining certificates as PyPI does."""
        raw = _bytes(document, "document")
        return cls._parsed(lib.ssr_verify_policy_publisher, raw)

    @classmethod
    def from_json(cls, policy: Union[Data, Mapping[str, Any]]) -> "VerifyPolicy":
        """{"identity", "issuer", extensions...} or one publisher block ({"github": {...}}...)."""
        raw = json.dumps(policy).encode() if isinstance(policy, Mapping) else _bytes(policy, "policy")
        return cls._parsed(lib.ssr_verify_policy_parse, raw)

    def require(self, name: str, value: str) -> "VerifyPolicy":
        """Adds a constraint: the Fulcio extension `name` must be present and equal `value`."""
        n, v = _text(name, "name"), _text(value, "value")
        with self._use() as h:
            _check(lib.ssr_verify_policy_require(h, n, v, len(v)), f"unknown extension {name!r}, or a key policy")
        return self

    def check(self, certificate: Data) -> VerifyResult:
        """Would this certificate (PEM or DER) satisfy the policy? Its identity, issuer and
        extensions only: no chain, no time, no signature. VerificationError when not."""
        raw = _bytes(certificate, "certificate")
        result, report = ctypes.c_void_p(), ctypes.c_void_p()
        with self._use() as h:
            status = lib.ssr_verify_policy_check(h, raw, len(raw), ctypes.byref(result), ctypes.byref(report))
        _failure(status, report)
        return _verify_result(result)


class Identity(TypedDict):
    """A signing certificate's one SAN and its kind ("uri", "email", "other")."""
    san: str
    kind: str


class SignedTime(TypedDict):
    """A time the signature was proven to exist at (RFC 3339), and what proved it."""
    time: str
    source: str  # "transparency-log" or "timestamp-authority"
    uri: str


class _TlogEntryRequired(TypedDict):
    log_url: str
    log_index: int
    kind: str
    version: str


class TlogEntry(_TlogEntryRequired, total=False):
    """A verified transparency-log entry; integrated_time only when its SET signed it."""
    integrated_time: int


class _AttestationRequired(TypedDict):
    media_type: str
    times: List[SignedTime]
    tlog_entries: List[TlogEntry]


class Attestation(_AttestationRequired, total=False):
    """One verified bundle or attestation: a certificate's identity and Fulcio extensions, or
    a managed key's id; for DSSE, the verified statement and its payload type; for a message
    signature, the artifact digest it is over ({"sha256": hex})."""
    identity: Identity
    extensions: Dict[str, str]
    key_id: str
    digest: Dict[str, str]
    payload_type: str
    statement: Dict[str, Any]


class VerifyResult(TypedDict):
    """What a verification established (the library's JSON form, which render_panel() reads)."""
    verified: bool
    attestations: List[Attestation]


def _verify_result(handle) -> VerifyResult:
    try:
        return _to_json(lib.ssr_verify_result_to_json, handle)
    finally:
        lib.ssr_verify_result_free(handle)


def _artifact(data, path, digests, sha: str):
    if sum(x is not None for x in (data, path, digests)) != 1:
        raise TypeError("give the artifact as exactly one of data, path and digests")
    artifact = lib.ssr_artifact_new()
    if not artifact:
        raise MemoryError("out of memory")
    try:
        if data is not None:
            raw = _bytes(data, "data")
            _check(lib.ssr_artifact_hash(artifact, raw, len(raw)))
        elif path is not None:
            status = lib.ssr_artifact_hash_file(artifact, _path(path))
            _check(status, f"cannot read {os.fsdecode(path)!r}" if status == _lib.EIO else None)
        else:
            if not isinstance(digests, Mapping) or not digests:
                raise TypeError(f"digests must be a non-empty mapping {{alg: hex}} (with {sha})")
            for alg, hex_ in digests.items():
                a, h = _text(alg, "digests"), _text(hex_, f"digests[{alg!r}]")
                if lib.ssr_artifact_add_digest(artifact, a, len(a), h, len(h)) != _lib.OK:
                    raise ValueError(f"digests[{alg!r}] is not lowercase hex of the algorithm's length")
    except BaseException:
        lib.ssr_artifact_free(artifact)
        raise
    return artifact


_public_good_root: Optional["TrustedRoot"] = None
_public_good_lock = threading.Lock()


def _root(root: Optional[TrustedRoot]) -> "TrustedRoot":
    """The root to verify against: the caller's, or the public-good root, loaded once per process."""
    global _public_good_root
    if root is None:
        with _public_good_lock:
            if _public_good_root is None:
                _public_good_root = TrustedRoot.public_good()
            return _public_good_root
    if not isinstance(root, TrustedRoot):
        raise TypeError(f"root must be a TrustedRoot, not {type(root).__name__}")
    return root


def _now(now) -> int:
    return _unix_time(time.time() if now is None else now)


def _policy(policy) -> None:
    if not isinstance(policy, VerifyPolicy):
        raise TypeError(f"policy must be a VerifyPolicy, not {type(policy).__name__}")


def _evidence(now, min_log_entries, min_signed_times, require_sct=True):
    """An ssr_verify_options handle for one verification; the caller frees it."""
    t = _now(now)
    options = lib.ssr_verify_options_new()
    if not options:
        raise MemoryError("out of memory")
    try:
        _check(lib.ssr_verify_options_set_time(options, t))
        if min_log_entries is not None:
            n = _integer(min_log_entries, "min_log_entries", 0, 32)
            _check(lib.ssr_verify_options_set_min_log_entries(options, n))
        if min_signed_times is not None:
            n = _integer(min_signed_times, "min_signed_times", 1, 64)
            _check(lib.ssr_verify_options_set_min_signed_times(options, n))
        if not isinstance(require_sct, bool):
            raise TypeError("require_sct must be a bool")
        _check(lib.ssr_verify_options_set_require_sct(options, 1 if require_sct else 0))
    except BaseException:
        lib.ssr_verify_options_free(options)
        raise
    return options


def _verify(call, data, path, digests, sha: str, root, now, policy=None, min_log_entries=None,
            min_signed_times=None, require_sct=True) -> VerifyResult:
    """Runs one verification call(root, policy, artifact, options, &result, &report):
    the artifact and the options made and freed around it, the root (public-good
    unless given) and the policy held open while it runs."""
    options = _evidence(now, min_log_entries, min_signed_times, require_sct)
    trusted = _root(root)
    try:
        artifact = _artifact(data, path, digests, sha)
    except BaseException:
        lib.ssr_verify_options_free(options)
        raise
    try:
        with contextlib.ExitStack() as uses:
            r = uses.enter_context(trusted._use())
            p = uses.enter_context(policy._use()) if policy is not None else None
            result, report = ctypes.c_void_p(), ctypes.c_void_p()
            status = call(r, p, artifact, options, ctypes.byref(result), ctypes.byref(report))
    finally:
        lib.ssr_artifact_free(artifact)
        lib.ssr_verify_options_free(options)
    _failure(status, report)
    return _verify_result(result)


def verify_bundle(bundle: Data, policy: VerifyPolicy, *, data: Optional[Data] = None,
                  path: Union[str, bytes, os.PathLike, None] = None, digests: Optional[Mapping[str, str]] = None,
                  root: Optional[TrustedRoot] = None, now=None, min_log_entries: Optional[int] = None,
                  min_signed_times: Optional[int] = None, require_sct: bool = True) -> VerifyResult:
    """Verifies a Sigstore bundle over an artifact (exactly one of `data`, `path`,
    `digests`) against `policy` and a trusted root (Sigstore's public-good one
    unless given), at `now` (default: the current time). Returns what was verified:
    {"verified": true, "attestations": [{"identity", "extensions", "times",
    "tlog_entries", "payload_type", "statement"...}]}. VerificationError (its
    report names the failed check), InvalidError for a bundle that is not one.
    Evidence demanded: at least `min_log_entries` transparency-log entries
    (default 1; 0 for bundles never logged) and `min_signed_times` verified
    signed times (default 1); `require_sct=False` for a private CA without a CT
    log; evidence present that does not verify is refused."""
    raw = _bytes(bundle, "bundle")
    _policy(policy)
    return _verify(lambda r, p, a, o, out, rep: lib.ssr_verify_bundle(r, p, raw, len(raw), a, o, out, rep),
                   data, path, digests, "sha256", root, now, policy, min_log_entries, min_signed_times,
                   require_sct)


def verify_pep740(attestation: Data, filename: str, policy: VerifyPolicy, *, data: Optional[Data] = None,
                  path: Union[str, bytes, os.PathLike, None] = None, digests: Optional[Mapping[str, str]] = None,
                  root: Optional[TrustedRoot] = None, now=None, min_log_entries: Optional[int] = None,
                  min_signed_times: Optional[int] = None, require_sct: bool = True) -> VerifyResult:
    """Verifies PEP 740 attestations (an attestation, a provenance object or a bundle)
    of the distribution file `filename`, given by exactly one of `data`, `path` and
    `digests` ({"sha256": hex}); otherwise as verify_bundle()."""
    raw, name = _bytes(attestation, "attestation"), _text(filename, "filename")
    _policy(policy)
    return _verify(lambda r, p, a, o, out, rep: lib.ssr_verify_pep740(r, p, raw, len(raw), name, len(name), a, o, out,
                                                                     rep),
                   data, path, digests, "sha256", root, now, policy, min_log_entries, min_signed_times,
                   require_sct)


def verify_npm(attestations: Data, package: str, keys: Data, *, data: Optional[Data] = None,
               path: Union[str, bytes, os.PathLike, None] = None, digests: Optional[Mapping[str, str]] = None,
               root: Optional[TrustedRoot] = None, now=None, min_log_entries: Optional[int] = None,
               min_signed_times: Optional[int] = None, require_sct: bool = True) -> VerifyResult:
    """Verifies the npm registry's attestations response for `package` ("NAME@VERSION")
    against the tarball (exactly one of `data`, `path` and `digests` ({"sha512": hex}))
    and the registry's keys (its /-/npm/v1/keys response or keys.json); otherwise as
    verify_bundle()."""
    raw, pkg, k = _bytes(attestations, "attestations"), _text(package, "package"), _bytes(keys, "keys")
    return _verify(lambda r, p, a, o, out, rep: lib.ssr_verify_npm(r, k, len(k), raw, len(raw), pkg, len(pkg), a, o,
                                                                  out, rep),
                   data, path, digests, "sha512", root, now, None, min_log_entries, min_signed_times,
                   require_sct)


class Jwks(_Handle):
    """A JSON Web Key Set: the keys an OIDC issuer signs its ID tokens with."""
    _free = staticmethod(lambda h: lib.ssr_jwks_free(h))

    @classmethod
    def from_json(cls, data: Data) -> "Jwks":
        raw = _bytes(data, "data")
        return cls._parsed(lib.ssr_jwks_parse, raw)

    def __len__(self) -> int:
        with self._use() as h:
            return lib.ssr_jwks_count(h)


@dataclass(frozen=True)
class TokenResult:
    """tp_verify_token()'s outcome: the match, and the verified token's header and claims.
    `claims_json` is the claims as the library read them; `claims` decodes them on first
    read (a verification whose claims nobody reads does not pay for it)."""
    match: MatchResult
    alg: str
    kid: Optional[str]
    claims_json: str

    @functools.cached_property
    def claims(self) -> Dict[str, Any]:
        return json.loads(self.claims_json)


def tp_verify_token(policy: Data, jwks: Jwks, token: Union[str, bytes], now=None) -> TokenResult:
    """Trusted publishing end to end: the ID token's signature against `jwks`, then
    its claims against the trusted-publisher `policy` at `now` (default: the current
    time). VerificationError (its report says why) when the token itself is refused;
    a TokenResult, matched or not, otherwise."""
    p = _bytes(policy, "policy")
    tok = _bytes(token, "token")
    if not isinstance(jwks, Jwks):
        raise TypeError(f"jwks must be a Jwks, not {type(jwks).__name__}")
    t = _now(now)
    compiled, report = ctypes.c_void_p(), ctypes.c_void_p()
    _outcome(lib.ssr_tp_policy_parse(p, len(p), ctypes.byref(compiled), ctypes.byref(report)), report)
    try:
        result, report = ctypes.c_void_p(), ctypes.c_void_p()
        with jwks._use() as h:
            status = lib.ssr_tp_verify_token(compiled, h, tok, len(tok), t, 0, ctypes.byref(result),
                                             ctypes.byref(report))
        if status == _lib.ENOMATCH:  # a result either way: .match says which
            status = _lib.OK
    finally:
        lib.ssr_tp_policy_free(compiled)
    _failure(status, report)
    try:
        return TokenResult(match=_match_result(result), alg=lib.ssr_tp_token_alg(result).decode(),
                           kid=_str(lib.ssr_tp_token_kid(result)),
                           claims_json=lib.ssr_tp_token_claims(result).decode("utf-8"))
    finally:
        lib.ssr_tp_result_free(result)


def jws_verify(jwks: "Jwks", token: Union[str, bytes]) -> bytes:
    """The signature layer of a compact JWS alone: the key its kid names in `jwks`, the
    algorithm the key's own. Returns the verified payload's bytes; VerificationError
    (its report says which check refused it) otherwise."""
    if not isinstance(jwks, Jwks):
        raise TypeError(f"jwks must be a Jwks, not {type(jwks).__name__}")
    tok = _bytes(token, "token")
    payload, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    with jwks._use() as h:
        status = lib.ssr_jws_verify(h, tok, len(tok), 0, ctypes.byref(payload), ctypes.byref(n), ctypes.byref(report))
    _failure(status, report)
    return _take(payload, n.value)


def tp_decode_token(token: Union[str, bytes]) -> Dict[str, Any]:
    """A token's header and claims, decoded and NOT verified (to choose which
    publisher's policy to verify it against): {"verified": False, "header", "claims",
    "signature_bytes"}. InvalidError when the token does not decode."""
    tok = _bytes(token, "token")
    out, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    _outcome(lib.ssr_tp_decode_token(tok, len(tok), ctypes.byref(out), ctypes.byref(n), ctypes.byref(report)), report)
    return json.loads(_take(out, n.value))


def dsse_pae(payload_type: str, payload: Data) -> bytes:
    """The DSSE pre-authentication encoding: what a DSSE signature is over."""
    t, p = _text(payload_type, "payload_type"), _bytes(payload, "payload")
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    _check(lib.ssr_dsse_pae(t, len(t), p, len(p), ctypes.byref(out), ctypes.byref(n)))
    return _take(out, n.value)


def digest_size(alg: str) -> int:
    """The size in bytes of a digest algorithm's output (sha256: 32)."""
    return lib.ssr_digest_size(_alg(alg))


def _purl(make) -> Dict[str, Any]:
    """The components and canonical form of the purl make(&purl, &report) makes."""
    purl, report = ctypes.c_void_p(), ctypes.c_void_p()
    _outcome(make(ctypes.byref(purl), ctypes.byref(report)), report)
    try:
        components = _to_json(lib.ssr_purl_to_json, purl)
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _check(lib.ssr_purl_canonical(purl, ctypes.byref(out), ctypes.byref(n)))
        components["canonical"] = _take(out, n.value).decode()
        return components
    finally:
        lib.ssr_purl_free(purl)


def purl_parse(purl: str, *, repair: bool = False) -> Dict[str, Any]:
    """A package URL's decoded, normalized components: {"type", "namespace", "name",
    "version", "qualifiers", "subpath", "canonical"}. InvalidError (a purl.* code and the
    offending character's column) when it is not one. `repair` also reads the
    non-canonical spellings the purl test suite repairs."""
    text = _text(purl, "purl")
    return _purl(lambda out, rep: lib.ssr_purl_parse(text, len(text), 1 if repair else 0, out, rep))


def purl_canonical(purl: str) -> str:
    """The canonical string of a package URL."""
    return purl_parse(purl)["canonical"]


def purl_build(components: Mapping[str, Any]) -> Dict[str, Any]:
    """A package URL from its components ({"type", "name", ...}, as purl_parse() returns
    them less "canonical"), with its canonical string."""
    raw = json.dumps({k: v for k, v in components.items() if k != "canonical"}).encode()
    return _purl(lambda out, rep: lib.ssr_purl_build(raw, len(raw), out, rep))


# ---- what people look at (ssr/render.h) ---------------------------------------------------------

_PANEL_LEVELS = {"a": 1, "aa": 2, "aaa": 3}
_PANEL_STYLES = {"plain": 0, "pypi": 1, "npm": 2}
_COMPARE_FORMATS = {"text": 0, "md": 1, "html": 2, "svg": 3}


def _choice(value: str, choices: Mapping[str, int], name: str) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return choices[value]


def render_panel(result: Union[Data, Mapping[str, Any]], release: Optional[Data] = None, *, level: str = "a",
                 style: str = "plain", lang: str = "en", limits: Limits = None) -> str:
    """The provenance panel of a verified artifact: one self-contained HTML fragment.

    `result` is what verify_bundle(), verify_pep740() or verify_npm() returned
    (a dict, or its JSON); `release` the release/v1 document it belongs to.
    `level` "a", "aa" or "aaa"; `style` "plain", "pypi" or "npm"; `lang` a
    BCP 47 tag (en, de, ja, ar; others give English). Raises InvalidError
    when the result did not verify or the release does not hold the artifact."""
    if isinstance(result, Mapping):
        result = json.dumps(result, ensure_ascii=False)
    raw = _bytes(result, "result")
    rel = None if release is None else _bytes(release, "release")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, not {type(lang).__name__}")
    tag = lang.encode("utf-8")
    out, n, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    with _Options(limits) as opts:
        _outcome(lib.ssr_render_panel(raw, len(raw), rel, 0 if rel is None else len(rel),
                                      _choice(level, _PANEL_LEVELS, "level"), _choice(style, _PANEL_STYLES, "style"),
                                      tag, len(tag), opts, ctypes.byref(out), ctypes.byref(n), ctypes.byref(report)),
                 report)
    return _take(out, n.value).decode("utf-8")


def render_profiles(profiles: Sequence[Data], *, format: str = "text", limits: Limits = None) -> str:
    """Repository profiles side by side: "text", "md", "html" (a page) or "svg" (a chart of the levels).

    Raises InvalidError for the first invalid profile; its `index` says which."""
    if isinstance(profiles, (bytes, bytearray, memoryview, str)) or not isinstance(profiles, Sequence):
        raise TypeError("profiles must be a sequence of documents")
    if not 1 <= len(profiles) <= 64:
        raise ValueError(f"between 1 and 64 profiles, not {len(profiles)}")
    docs = [_bytes(p, f"profiles[{i}]") for i, p in enumerate(profiles)]
    pointers = (ctypes.c_char_p * len(docs))(*docs)
    lens = (ctypes.c_size_t * len(docs))(*[len(d) for d in docs])
    out, n, failed, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_size_t(), ctypes.c_void_p()
    fmt = _choice(format, _COMPARE_FORMATS, "format")
    with _Options(limits) as opts:
        status = lib.ssr_render_profiles(pointers, lens, len(docs), fmt, opts, ctypes.byref(out), ctypes.byref(n),
                                         ctypes.byref(failed), ctypes.byref(report))
    try:
        _outcome(status, report)
    except InvalidError as e:
        e.index = failed.value
        raise
    return _take(out, n.value).decode("utf-8")

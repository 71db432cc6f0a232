# SPDX-License-Identifier: Apache-2.0
"""Finds and loads libssr, and declares the C functions the binding calls."""

import ctypes
import ctypes.util
import os
from pathlib import Path

c_char_pp = ctypes.POINTER(ctypes.c_char_p)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)
c_size_p = ctypes.POINTER(ctypes.c_size_t)


def _candidates():
    env = os.environ.get("SSR_LIBRARY")
    if env:
        yield env  # an explicit choice: no fallback past it
        return
    root = Path(__file__).resolve().parent.parent.parent.parent  # the source tree, when run from it
    for build in ("build", "build-test"):
        yield str(root / build / "lib" / "libssr.so.0")
    yield ctypes.util.find_library("ssr") or "libssr.so.0"


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: absent")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("cannot load libssr (set SSR_LIBRARY to its path): " + "; ".join(errors))


lib = _load()

# name: (restype, argtypes)
_SIGNATURES = {
    "ssr_version": (ctypes.c_char_p, []),
    "ssr_strerror": (ctypes.c_char_p, [ctypes.c_int]),
    "ssr_free": (None, [ctypes.c_void_p]),
    "ssr_kind_from_name": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_validate": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p, c_void_pp]),
    "ssr_report_to_json": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_report_free": (None, [ctypes.c_void_p]),
    "ssr_doc_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, c_void_pp, c_void_pp]),
    "ssr_doc_canonical": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_doc_pretty": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_doc_free": (None, [ctypes.c_void_p]),
    "ssr_digest_from_name": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_digest": (ctypes.c_int, [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, c_void_pp]),
    "ssr_secret_key_generate": (ctypes.c_int, [c_void_pp]),
    "ssr_secret_key_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp]),
    "ssr_secret_key_pem": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_secret_key_public": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_secret_key_free": (None, [ctypes.c_void_p]),
    "ssr_secret_free": (None, [ctypes.c_void_p]),
    "ssr_public_key_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp]),
    "ssr_public_key_pem": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_public_key_free": (None, [ctypes.c_void_p]),
    "ssr_keyring_new": (ctypes.c_void_p, []),
    "ssr_keyring_add": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "ssr_keyring_free": (None, [ctypes.c_void_p]),
    "ssr_dsse_sign": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
                                     ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_size_p]),
    "ssr_dsse_verify": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t,
                                       c_void_pp, c_size_p, c_void_pp, c_size_p, c_void_pp]),
    "ssr_tp_match": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
                                    ctypes.c_int64, ctypes.c_uint, c_void_pp, c_void_pp]),
    "ssr_tp_result_to_json": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_tp_result_free": (None, [ctypes.c_void_p]),
    "ssr_profile_levels": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, c_void_pp, c_void_pp]),
    "ssr_levels_to_json": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_levels_free": (None, [ctypes.c_void_p]),
}

for _name, (_restype, _argtypes) in _SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes

# Status codes (ssr/common.h).
OK, EINVAL, ENOMEM, EINVALID, ERANGE, EIO, EVERIFY, ENOMATCH, EEXIST, ECRYPTO = 0, -1, -2, -3, -4, -5, -6, -7, -8, -9

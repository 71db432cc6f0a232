# SPDX-License-Identifier: Apache-2.0
"""Finds and loads libssr, and declares the C functions the binding calls."""

import ctypes
import os
from pathlib import Path

c_char_pp = ctypes.POINTER(ctypes.c_char_p)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)
c_size_p = ctypes.POINTER(ctypes.c_size_t)


def _candidates():
    """$SSR_LIBRARY when set (an explicit choice, no fallback past it); else the
    library this package carries (wheel, or sdist built at install); else the
    system's. Never the caller's working folders."""
    env = os.environ.get("SSR_LIBRARY")
    if env:
        yield env
        return
    yield str(Path(__file__).resolve().parent / "_lib" / "libssr.so.0")
    yield "libssr.so.0"  # the loader's own search: ld.so.cache and the default folders


# The library versions this binding supports: 0.1.0 and later 0.x releases.
MIN_VERSION, BELOW_VERSION = 100, 10000


def check_version(number: int, text: str) -> None:
    if not MIN_VERSION <= number < BELOW_VERSION:
        raise ImportError(f"ssrmeta: the loaded libssr is {text}, but this binding needs 0.1.0 or a later 0.x")


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: absent")
            continue
        try:
            found = ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
            continue
        found.ssr_version_number.restype = ctypes.c_int
        found.ssr_version.restype = ctypes.c_char_p
        check_version(found.ssr_version_number(), found.ssr_version().decode())
        return found
    raise ImportError("ssrmeta: cannot load libssr (reinstall ssrmeta, or set SSR_LIBRARY to the library's path): "
                      + "; ".join(errors))


lib = _load()

# name: (restype, argtypes)
_SIGNATURES = {
    "ssr_version": (ctypes.c_char_p, []),
    "ssr_crypto_backend": (ctypes.c_char_p, []),
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
    "ssr_render_panel": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int,
                                        ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, c_void_pp,
                                        c_size_p, c_void_pp]),
    "ssr_render_profiles": (ctypes.c_int, [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t),
                                           ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p, c_void_pp, c_size_p,
                                           c_size_p, c_void_pp]),
    "ssr_version_number": (ctypes.c_int, []),
    "ssr_kind_name": (ctypes.c_char_p, [ctypes.c_int]),
    "ssr_report_valid": (ctypes.c_int, [ctypes.c_void_p]),
    "ssr_report_kind": (ctypes.c_int, [ctypes.c_void_p]),
    "ssr_report_count": (ctypes.c_size_t, [ctypes.c_void_p]),
    "ssr_diag_severity": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_code": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_pointer": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_payload_pointer": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_message": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_line": (ctypes.c_size_t, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_diag_column": (ctypes.c_size_t, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_limit_max": (ctypes.c_uint64, [ctypes.c_int]),
    "ssr_options_new": (ctypes.c_void_p, []),
    "ssr_options_free": (None, [ctypes.c_void_p]),
    "ssr_options_set_limit": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64]),
    "ssr_schema": (ctypes.c_int, [ctypes.c_int, c_void_pp, c_size_p]),
    "ssr_schema_codes": (ctypes.c_int, [ctypes.c_int, c_void_pp, c_size_p]),
    "ssr_hasher_new": (ctypes.c_void_p, [ctypes.c_int]),
    "ssr_hasher_update": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_hasher_final": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_hasher_free": (None, [ctypes.c_void_p]),
    "ssr_digest_file": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_size_t, c_void_pp]),
    "ssr_secret_key_read_file": (ctypes.c_int, [ctypes.c_char_p, c_void_pp]),
    "ssr_secret_key_write_file": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "ssr_public_key_id": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_dsse_add_signature": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_char_p,
                                              ctypes.c_size_t, c_void_pp, c_size_p, c_void_pp]),
    "ssr_artifact_new": (ctypes.c_void_p, []),
    "ssr_artifact_hash": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_artifact_hash_file": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "ssr_artifact_add_digest": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                               ctypes.c_size_t]),
    "ssr_artifact_free": (None, [ctypes.c_void_p]),
    "ssr_match_subject": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, c_size_p, c_void_pp]),
    "ssr_tp_explain": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_size_p, c_void_pp]),
    "ssr_tp_matched": (ctypes.c_int, [ctypes.c_void_p]),
    "ssr_tp_jti": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_failed_claim": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_failed_op": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_failed_reason": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_conditions_held": (ctypes.c_size_t, [ctypes.c_void_p]),
    "ssr_tp_bound_count": (ctypes.c_size_t, [ctypes.c_void_p]),
    "ssr_tp_bound_claim": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_tp_bound_value": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_size_t]),
    "ssr_trust_root_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_trust_root_load": (ctypes.c_int, [ctypes.c_int, c_void_pp]),
    "ssr_trust_root_free": (None, [ctypes.c_void_p]),
    "ssr_tuf_body_append": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_tuf_init": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, c_void_pp]),
    "ssr_tuf_updater_new": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, c_void_pp]),
    "ssr_tuf_updater_free": (None, [ctypes.c_void_p]),
    "ssr_tuf_updater_set_fetch": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
    "ssr_tuf_updater_set_time": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int64]),
    "ssr_tuf_updater_set_timeout": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint]),
    "ssr_tuf_updater_set_max_length": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64]),
    "ssr_tuf_refresh": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_tuf_load_cached": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_tuf_target_info": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, c_void_pp, c_size_p, c_void_pp]),
    "ssr_tuf_download": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, c_void_pp, c_void_pp]),
    "ssr_sigstore_trust_updater": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                                                  ctypes.c_char_p, ctypes.c_char_p, c_void_pp, c_void_pp]),
    "ssr_sigstore_trust_refresh": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_sigstore_trust_load": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_void_pp, c_size_p, c_void_pp]),
    "ssr_olpc_canonical": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_size_p]),
    "ssr_verify_policy_identity": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
                                                  c_void_pp]),
    "ssr_verify_policy_key": (ctypes.c_int, [ctypes.c_void_p, c_void_pp]),
    "ssr_verify_policy_publisher": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_verify_policy_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_verify_policy_require": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]),
    "ssr_verify_policy_check": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, c_void_pp,
                                               c_void_pp]),
    "ssr_verify_policy_free": (None, [ctypes.c_void_p]),
    "ssr_verify_options_new": (ctypes.c_void_p, []),
    "ssr_verify_options_free": (None, [ctypes.c_void_p]),
    "ssr_verify_options_set_time": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int64]),
    "ssr_verify_options_set_min_log_entries": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint]),
    "ssr_verify_options_set_min_signed_times": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint]),
    "ssr_verify_options_set_require_sct": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "ssr_verify_bundle": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                         ctypes.c_void_p, ctypes.c_void_p, c_void_pp, c_void_pp]),
    "ssr_verify_pep740": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                         ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p,
                                         c_void_pp, c_void_pp]),
    "ssr_verify_npm": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                      ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p,
                                      ctypes.c_void_p, c_void_pp, c_void_pp]),
    "ssr_verify_result_to_json": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_verify_result_free": (None, [ctypes.c_void_p]),
    "ssr_tp_policy_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_tp_policy_free": (None, [ctypes.c_void_p]),
    "ssr_jwks_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_jwks_count": (ctypes.c_size_t, [ctypes.c_void_p]),
    "ssr_jws_verify": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, c_void_pp,
                                      c_size_p, c_void_pp]),
    "ssr_tp_decode_token": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_size_p, c_void_pp]),
    "ssr_purl_parse": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, c_void_pp, c_void_pp]),
    "ssr_purl_build": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_void_pp, c_void_pp]),
    "ssr_purl_canonical": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_purl_to_json": (ctypes.c_int, [ctypes.c_void_p, c_void_pp, c_size_p]),
    "ssr_purl_free": (None, [ctypes.c_void_p]),
    "ssr_public_key_verify": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                             ctypes.c_size_t]),
    "ssr_dsse_pae": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, c_void_pp,
                                    c_size_p]),
    "ssr_digest_name": (ctypes.c_char_p, [ctypes.c_int]),
    "ssr_digest_size": (ctypes.c_size_t, [ctypes.c_int]),
    "ssr_jwks_free": (None, [ctypes.c_void_p]),
    "ssr_tp_verify_token": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                           ctypes.c_int64, ctypes.c_uint, c_void_pp, c_void_pp]),
    "ssr_tp_token_alg": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_token_kid": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ssr_tp_token_claims": (ctypes.c_char_p, [ctypes.c_void_p]),
}

for _name, (_restype, _argtypes) in _SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes

# Status codes (ssr/common.h).
OK, EINVAL, ENOMEM, EINVALID, ERANGE, EIO, EVERIFY, ENOMATCH, EEXIST, ECRYPTO = 0, -1, -2, -3, -4, -5, -6, -7, -8, -9

// SPDX-License-Identifier: Apache-2.0
//! The C declarations of libssr (see include/ssr/*.h) that the `ssrmeta`
//! crate's safe layer calls. Linking: see build.rs and README.md.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_uchar, c_uint, c_void};

#[repr(C)]
pub struct ssr_report {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_doc {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_secret_key {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_public_key {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_keyring {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_tp_result {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_hasher {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_artifact {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_options {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_trust_root {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_tuf_updater {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_tuf_body {
    _private: [u8; 0],
}

/// A TUF fetch (ssr/tuf.h): the HTTP status, or a negative status.
pub type ssr_tuf_fetch_fn = unsafe extern "C" fn(context: *mut c_void, url: *const c_char, max_length: u64,
                                                 timeout_ms: c_uint, body: *mut ssr_tuf_body) -> c_int;
#[repr(C)]
pub struct ssr_verify_policy {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_verify_result {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_verify_options {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_tp_policy {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_jwks {
    _private: [u8; 0],
}
#[repr(C)]
pub struct ssr_levels {
    _private: [u8; 0],
}

pub const SSR_OK: c_int = 0;
pub const SSR_EINVAL: c_int = -1;
pub const SSR_ENOMEM: c_int = -2;
pub const SSR_EINVALID: c_int = -3;
pub const SSR_ERANGE: c_int = -4;
pub const SSR_EIO: c_int = -5;
pub const SSR_EVERIFY: c_int = -6;
pub const SSR_ENOMATCH: c_int = -7;
pub const SSR_EEXIST: c_int = -8;
pub const SSR_ECRYPTO: c_int = -9;
pub const SSR_SEVERITY_ERROR: c_int = 1;

pub const SSR_PANEL_A: c_int = 1;
pub const SSR_PANEL_AA: c_int = 2;
pub const SSR_PANEL_AAA: c_int = 3;
pub const SSR_PANEL_PLAIN: c_int = 0;
pub const SSR_PANEL_PYPI: c_int = 1;
pub const SSR_PANEL_NPM: c_int = 2;
pub const SSR_COMPARE_TEXT: c_int = 0;
pub const SSR_COMPARE_MARKDOWN: c_int = 1;
pub const SSR_COMPARE_HTML: c_int = 2;
pub const SSR_COMPARE_SVG: c_int = 3;

extern "C" {
    pub fn ssr_version() -> *const c_char;
    pub fn ssr_crypto_backend() -> *const c_char;
    pub fn ssr_strerror(status: c_int) -> *const c_char;
    pub fn ssr_free(ptr: *mut c_void);

    pub fn ssr_kind_from_name(name: *const c_void, len: usize) -> c_int;
    pub fn ssr_kind_name(kind: c_int) -> *const c_char;
    pub fn ssr_validate(data: *const c_void, len: usize, kind: c_int, opts: *const c_void,
                        report: *mut *mut ssr_report) -> c_int;

    pub fn ssr_report_free(report: *mut ssr_report);
    pub fn ssr_report_valid(report: *const ssr_report) -> c_int;
    pub fn ssr_report_kind(report: *const ssr_report) -> c_int;
    pub fn ssr_report_count(report: *const ssr_report) -> usize;
    pub fn ssr_diag_severity(report: *const ssr_report, i: usize) -> c_int;
    pub fn ssr_diag_code(report: *const ssr_report, i: usize) -> *const c_char;
    pub fn ssr_diag_pointer(report: *const ssr_report, i: usize) -> *const c_char;
    pub fn ssr_diag_payload_pointer(report: *const ssr_report, i: usize) -> *const c_char;
    pub fn ssr_diag_message(report: *const ssr_report, i: usize) -> *const c_char;
    pub fn ssr_diag_line(report: *const ssr_report, i: usize) -> usize;
    pub fn ssr_diag_column(report: *const ssr_report, i: usize) -> usize;

    pub fn ssr_doc_parse(data: *const c_void, len: usize, opts: *const c_void, doc: *mut *mut ssr_doc,
                         report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_doc_free(doc: *mut ssr_doc);
    pub fn ssr_doc_canonical(doc: *const ssr_doc, out: *mut *mut c_char, out_len: *mut usize) -> c_int;
    pub fn ssr_doc_pretty(doc: *const ssr_doc, out: *mut *mut c_char, out_len: *mut usize) -> c_int;

    pub fn ssr_digest_from_name(name: *const c_void, len: usize) -> c_int;
    pub fn ssr_digest(alg: c_int, data: *const c_void, len: usize, hex: *mut *mut c_char) -> c_int;

    pub fn ssr_secret_key_generate(key: *mut *mut ssr_secret_key) -> c_int;
    pub fn ssr_secret_key_parse(data: *const c_void, len: usize, key: *mut *mut ssr_secret_key) -> c_int;
    pub fn ssr_secret_key_pem(key: *const ssr_secret_key, pem: *mut *mut c_char, len: *mut usize) -> c_int;
    pub fn ssr_secret_key_public(key: *const ssr_secret_key, public: *mut *mut ssr_public_key) -> c_int;
    pub fn ssr_secret_key_free(key: *mut ssr_secret_key);
    pub fn ssr_secret_free(secret: *mut c_void);
    pub fn ssr_public_key_parse(data: *const c_void, len: usize, key: *mut *mut ssr_public_key) -> c_int;
    pub fn ssr_public_key_pem(key: *const ssr_public_key, pem: *mut *mut c_char, len: *mut usize) -> c_int;
    pub fn ssr_public_key_free(key: *mut ssr_public_key);
    pub fn ssr_keyring_new() -> *mut ssr_keyring;
    pub fn ssr_keyring_add(ring: *mut ssr_keyring, key: *const ssr_public_key) -> c_int;
    pub fn ssr_keyring_free(ring: *mut ssr_keyring);

    pub fn ssr_dsse_sign(payload: *const c_void, payload_len: usize, ptype: *const c_void, type_len: usize,
                         key: *const ssr_secret_key, keyid: *const c_void, keyid_len: usize,
                         envelope: *mut *mut c_char, envelope_len: *mut usize) -> c_int;
    pub fn ssr_dsse_verify(envelope: *const c_void, len: usize, ring: *const ssr_keyring, threshold: usize,
                           payload: *mut *mut c_uchar, payload_len: *mut usize, payload_type: *mut *mut c_char,
                           verified: *mut usize, report: *mut *mut ssr_report) -> c_int;

    pub fn ssr_tp_match(policy: *const c_void, policy_len: usize, claims: *const c_void, claims_len: usize,
                        now: i64, flags: c_uint, result: *mut *mut ssr_tp_result,
                        report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_matched(result: *const ssr_tp_result) -> c_int;
    pub fn ssr_tp_failed_claim(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_failed_op(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_failed_reason(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_jti(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_result_free(result: *mut ssr_tp_result);

    pub fn ssr_profile_levels(data: *const c_void, len: usize, opts: *const c_void, levels: *mut *mut ssr_levels,
                              report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_levels_free(levels: *mut ssr_levels);

    pub fn ssr_render_panel(result: *const c_void, result_len: usize, release: *const c_void, release_len: usize,
                            level: c_int, style: c_int, lang: *const c_void, lang_len: usize, opts: *const c_void,
                            out: *mut *mut c_char, out_len: *mut usize, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_render_profiles(profiles: *const *const c_void, lens: *const usize, count: usize, format: c_int,
                               opts: *const c_void, out: *mut *mut c_char, out_len: *mut usize, failed: *mut usize,
                               report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_track_count() -> c_int;
    pub fn ssr_track_name(track: c_int) -> *const c_char;
    pub fn ssr_levels_applies(levels: *const ssr_levels, track: c_int) -> c_int;
    pub fn ssr_levels_level(levels: *const ssr_levels, track: c_int) -> c_int;
    pub fn ssr_levels_overall(levels: *const ssr_levels) -> c_int;
    pub fn ssr_levels_missing_count(levels: *const ssr_levels, track: c_int) -> usize;
    pub fn ssr_levels_missing(levels: *const ssr_levels, track: c_int, i: usize) -> *const c_char;
}

extern "C" {
    pub fn ssr_hasher_new(alg: c_int) -> *mut ssr_hasher;
    pub fn ssr_hasher_update(hasher: *mut ssr_hasher, data: *const c_void, len: usize) -> c_int;
    pub fn ssr_hasher_final(hasher: *mut ssr_hasher, hex: *mut *mut c_char) -> c_int;
    pub fn ssr_hasher_free(hasher: *mut ssr_hasher);
    pub fn ssr_digest_file(path: *const c_char, algs: *const c_int, count: usize, hex: *mut *mut c_char) -> c_int;
    pub fn ssr_secret_key_read_file(path: *const c_char, key: *mut *mut ssr_secret_key) -> c_int;
    pub fn ssr_secret_key_write_file(key: *const ssr_secret_key, path: *const c_char) -> c_int;
    pub fn ssr_public_key_id(key: *const ssr_public_key) -> *const c_char;
    pub fn ssr_dsse_add_signature(envelope: *const c_void, len: usize, key: *const ssr_secret_key,
                                  keyid: *const c_void, keyid_len: usize, out: *mut *mut c_char, out_len: *mut usize,
                                  report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_artifact_new() -> *mut ssr_artifact;
    pub fn ssr_artifact_hash(artifact: *mut ssr_artifact, data: *const c_void, len: usize) -> c_int;
    pub fn ssr_artifact_hash_file(artifact: *mut ssr_artifact, path: *const c_char) -> c_int;
    pub fn ssr_artifact_add_digest(artifact: *mut ssr_artifact, alg: *const c_void, alg_len: usize,
                                   hex: *const c_void, hex_len: usize) -> c_int;
    pub fn ssr_artifact_free(artifact: *mut ssr_artifact);
    pub fn ssr_match_subject(artifact: *const ssr_artifact, document: *const c_void, len: usize, index: *mut usize,
                             report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_explain(policy: *const c_void, len: usize, out: *mut *mut c_char, out_len: *mut usize,
                          report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_conditions_held(result: *const ssr_tp_result) -> usize;
    pub fn ssr_tp_bound_count(result: *const ssr_tp_result) -> usize;
    pub fn ssr_tp_bound_claim(result: *const ssr_tp_result, i: usize) -> *const c_char;
    pub fn ssr_tp_bound_value(result: *const ssr_tp_result, i: usize) -> *const c_char;
    pub fn ssr_schema(kind: c_int, out: *mut *mut c_char, out_len: *mut usize) -> c_int;
    pub fn ssr_schema_codes(kind: c_int, out: *mut *mut c_char, out_len: *mut usize) -> c_int;
    pub fn ssr_limit_max(which: c_int) -> u64;
    pub fn ssr_options_new() -> *mut ssr_options;
    pub fn ssr_options_free(opts: *mut ssr_options);
    pub fn ssr_options_set_limit(opts: *mut ssr_options, which: c_int, value: u64) -> c_int;
}

#[repr(C)]
pub struct ssr_purl {
    _private: [u8; 0],
}

pub const SSR_PURL_TYPE: c_int = 0;
pub const SSR_PURL_NAMESPACE: c_int = 1;
pub const SSR_PURL_NAME: c_int = 2;
pub const SSR_PURL_VERSION: c_int = 3;
pub const SSR_PURL_SUBPATH: c_int = 4;
pub const SSR_PURL_REPAIR: c_uint = 1;

extern "C" {
    pub fn ssr_purl_parse(text: *const c_void, len: usize, flags: c_uint, purl: *mut *mut ssr_purl,
                          report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_purl_build(components: *const c_void, len: usize, purl: *mut *mut ssr_purl,
                          report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_purl_component(purl: *const ssr_purl, part: c_int) -> *const c_char;
    pub fn ssr_purl_qualifier_count(purl: *const ssr_purl) -> usize;
    pub fn ssr_purl_qualifier(purl: *const ssr_purl, i: usize, key: *mut *const c_char, value: *mut *const c_char)
                              -> c_int;
    pub fn ssr_purl_canonical(purl: *const ssr_purl, out: *mut *mut c_char, out_len: *mut usize) -> c_int;
    pub fn ssr_purl_free(purl: *mut ssr_purl);
    pub fn ssr_dsse_pae(payload_type: *const c_void, type_len: usize, payload: *const c_void, payload_len: usize,
                        out: *mut *mut u8, out_len: *mut usize) -> c_int;
    pub fn ssr_digest_size(alg: c_int) -> usize;
    pub fn ssr_public_key_verify(key: *const ssr_public_key, msg: *const c_void, msg_len: usize, sig: *const c_void,
                                 sig_len: usize) -> c_int;
}

pub const SSR_TRUST_PUBLIC_GOOD: c_int = 1;
pub const SSR_TRUST_STAGING: c_int = 2;

extern "C" {
    pub fn ssr_trust_root_parse(data: *const c_void, len: usize, root: *mut *mut ssr_trust_root,
                                report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_trust_root_load(instance: c_int, root: *mut *mut ssr_trust_root) -> c_int;
    pub fn ssr_trust_root_free(root: *mut ssr_trust_root);
    pub fn ssr_verify_policy_identity(identity: *const c_void, identity_len: usize, issuer: *const c_void,
                                      issuer_len: usize, policy: *mut *mut ssr_verify_policy) -> c_int;
    pub fn ssr_verify_policy_key(key: *const ssr_public_key, policy: *mut *mut ssr_verify_policy) -> c_int;
    pub fn ssr_verify_policy_publisher(document: *const c_void, len: usize, policy: *mut *mut ssr_verify_policy,
                                       report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_policy_parse(json: *const c_void, len: usize, policy: *mut *mut ssr_verify_policy,
                                   report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_policy_require(policy: *mut ssr_verify_policy, name: *const c_char, value: *const c_void,
                                     value_len: usize) -> c_int;
    pub fn ssr_verify_policy_check(policy: *const ssr_verify_policy, certificate: *const c_void, len: usize,
                                   result: *mut *mut ssr_verify_result, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_policy_free(policy: *mut ssr_verify_policy);
    pub fn ssr_verify_options_new() -> *mut ssr_verify_options;
    pub fn ssr_verify_options_free(options: *mut ssr_verify_options);
    pub fn ssr_verify_options_set_time(options: *mut ssr_verify_options, now: i64) -> c_int;
    pub fn ssr_verify_options_set_min_log_entries(options: *mut ssr_verify_options, count: c_uint) -> c_int;
    pub fn ssr_verify_options_set_min_signed_times(options: *mut ssr_verify_options, count: c_uint) -> c_int;
    pub fn ssr_verify_options_set_require_sct(options: *mut ssr_verify_options, required: c_int) -> c_int;
    pub fn ssr_verify_bundle(root: *const ssr_trust_root, policy: *const ssr_verify_policy, bundle: *const c_void,
                             len: usize, artifact: *const ssr_artifact, options: *const ssr_verify_options,
                             result: *mut *mut ssr_verify_result, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_pep740(root: *const ssr_trust_root, policy: *const ssr_verify_policy, data: *const c_void,
                             len: usize, filename: *const c_void, filename_len: usize, artifact: *const ssr_artifact,
                             options: *const ssr_verify_options, result: *mut *mut ssr_verify_result,
                             report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_npm(root: *const ssr_trust_root, keys: *const c_void, keys_len: usize,
                          attestations: *const c_void, len: usize, package: *const c_void, package_len: usize,
                          artifact: *const ssr_artifact, options: *const ssr_verify_options,
                          result: *mut *mut ssr_verify_result, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_verify_result_to_json(result: *const ssr_verify_result, out: *mut *mut c_char,
                                     out_len: *mut usize) -> c_int;
    pub fn ssr_verify_result_count(result: *const ssr_verify_result) -> usize;
    pub fn ssr_verify_result_identity(result: *const ssr_verify_result, i: usize) -> *const c_char;
    pub fn ssr_verify_result_identity_kind(result: *const ssr_verify_result, i: usize) -> *const c_char;
    pub fn ssr_verify_result_key_id(result: *const ssr_verify_result, i: usize) -> *const c_char;
    pub fn ssr_verify_result_media_type(result: *const ssr_verify_result, i: usize) -> *const c_char;
    pub fn ssr_verify_result_payload_type(result: *const ssr_verify_result, i: usize) -> *const c_char;
    pub fn ssr_verify_result_digest(result: *const ssr_verify_result, i: usize, alg: *mut *const c_char)
                                    -> *const c_char;
    pub fn ssr_verify_result_extension(result: *const ssr_verify_result, i: usize,
                                       name: *const c_char) -> *const c_char;
    pub fn ssr_verify_result_extension_at(result: *const ssr_verify_result, i: usize, j: usize,
                                          value: *mut *const c_char) -> *const c_char;
    pub fn ssr_verify_result_statement(result: *const ssr_verify_result, i: usize, len: *mut usize) -> *const u8;
    pub fn ssr_verify_result_time(result: *const ssr_verify_result, i: usize, j: usize, seconds: *mut i64,
                                  nanos: *mut i32, source: *mut *const c_char, uri: *mut *const c_char) -> c_int;
    pub fn ssr_verify_result_tlog_entry(result: *const ssr_verify_result, i: usize, j: usize,
                                        log_url: *mut *const c_char, log_index: *mut i64,
                                        integrated_time: *mut i64, kind: *mut *const c_char,
                                        version: *mut *const c_char) -> c_int;
    pub fn ssr_verify_result_free(result: *mut ssr_verify_result);
    pub fn ssr_tp_policy_parse(policy: *const c_void, len: usize, out: *mut *mut ssr_tp_policy,
                               report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_policy_free(policy: *mut ssr_tp_policy);
    pub fn ssr_jwks_parse(data: *const c_void, len: usize, jwks: *mut *mut ssr_jwks,
                          report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_jwks_count(jwks: *const ssr_jwks) -> usize;
    pub fn ssr_jwks_free(jwks: *mut ssr_jwks);
    pub fn ssr_jws_verify(jwks: *const ssr_jwks, token: *const c_void, len: usize, flags: c_uint,
                          payload: *mut *mut u8, payload_len: *mut usize, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_decode_token(token: *const c_void, len: usize, out: *mut *mut c_char, out_len: *mut usize,
                               report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_verify_token(policy: *const ssr_tp_policy, jwks: *const ssr_jwks, token: *const c_void,
                               len: usize, now: i64, flags: c_uint, result: *mut *mut ssr_tp_result,
                               report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tp_token_alg(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_token_kid(result: *const ssr_tp_result) -> *const c_char;
    pub fn ssr_tp_token_claims(result: *const ssr_tp_result) -> *const c_char;
}

// ssr/tuf.h
extern "C" {
    pub fn ssr_tuf_body_append(body: *mut ssr_tuf_body, data: *const c_void, len: usize) -> c_int;
    pub fn ssr_tuf_fetch_curl(context: *mut c_void, url: *const c_char, max_length: u64, timeout_ms: c_uint,
                              body: *mut ssr_tuf_body) -> c_int;
    pub fn ssr_tuf_init(metadata_dir: *const c_char, root: *const c_void, len: usize,
                        report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tuf_updater_new(metadata_dir: *const c_char, metadata_url: *const c_char, targets_url: *const c_char,
                               updater: *mut *mut ssr_tuf_updater) -> c_int;
    pub fn ssr_tuf_updater_free(updater: *mut ssr_tuf_updater);
    pub fn ssr_tuf_updater_set_fetch(updater: *mut ssr_tuf_updater, fetch: ssr_tuf_fetch_fn,
                                     context: *mut c_void) -> c_int;
    pub fn ssr_tuf_updater_set_time(updater: *mut ssr_tuf_updater, now: i64) -> c_int;
    pub fn ssr_tuf_updater_set_timeout(updater: *mut ssr_tuf_updater, timeout_ms: c_uint) -> c_int;
    pub fn ssr_tuf_updater_set_max_length(updater: *mut ssr_tuf_updater, role: *const c_char,
                                          max_length: u64) -> c_int;
    pub fn ssr_tuf_refresh(updater: *mut ssr_tuf_updater, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tuf_load_cached(updater: *mut ssr_tuf_updater, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tuf_target_info(updater: *mut ssr_tuf_updater, target: *const c_char, info: *mut *mut c_char,
                               info_len: *mut usize, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_tuf_download(updater: *mut ssr_tuf_updater, target: *const c_char, target_dir: *const c_char,
                            path: *mut *mut c_char, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_sigstore_trust_updater(cache_dir: *const c_char, instance: c_int, tuf_root: *const c_void,
                                      tuf_root_len: usize, metadata_url: *const c_char, targets_url: *const c_char,
                                      updater: *mut *mut ssr_tuf_updater, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_sigstore_trust_refresh(updater: *mut ssr_tuf_updater, report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_sigstore_trust_load(updater: *mut ssr_tuf_updater, root: *mut *mut ssr_trust_root,
                                   npm_keys: *mut *mut c_char, npm_keys_len: *mut usize,
                                   report: *mut *mut ssr_report) -> c_int;
    pub fn ssr_olpc_canonical(json: *const c_void, len: usize, out: *mut *mut c_char, out_len: *mut usize) -> c_int;
}

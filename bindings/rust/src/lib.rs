// SPDX-License-Identifier: Apache-2.0
//! The Rust binding of libssr: validate, canonicalize, sign and verify
//! package-registry security metadata. Every verdict comes from the C
//! library; this crate only converts arguments and results, and frees what
//! the library allocates (secret keys are wiped by the library).
//!
//! ```no_run
//! let report = ssrmeta::validate(br#"{"a": 1, "a": 2}"#, None).unwrap();
//! assert_eq!(report.diagnostics[0].code, "json.duplicate-member");
//! ```

pub use ssrmeta_sys as ffi;

mod artifacts;
mod keys;
mod render;
mod more;
mod result;
mod tuf;
mod verify;

pub use artifacts::{digest_file, match_subject, Artifact, Hasher};
pub use keys::{PublicKey, SecretKey};
pub use more::{digest_size, dsse_pae, jws_verify, purl_build, purl_parse, tp_decode_token, Purl};
pub use result::{Attestation, Digest, Extension, Identity, IdentityKind, SignedTime, Signer, Statement, TimeSource, TlogEntry,
                 VerifyResult};
pub use tuf::{olpc_canonical, sigstore_trust_load, sigstore_trust_refresh, tuf_init, Fetch, SigstoreTrust, TufOptions,
              TufUpdater};
pub use render::{render_panel, render_profiles, CompareFormat, PanelLevel, PanelStyle};
pub use verify::{tp_verify_token, verify_bundle, verify_npm, verify_pep740, Jwks, TokenResult, TrustedRoot,
                 VerifyOptions, VerifyPolicy};

use std::ffi::CStr;
use std::fmt;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;

/// The library's status codes (`ffi::SSR_E*`), as a type: what `Error::status()` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// A bad argument (SSR_EINVAL).
    InvalidArgument,
    /// An allocation failed (SSR_ENOMEM).
    OutOfMemory,
    /// The input document is invalid (SSR_EINVALID).
    Invalid,
    /// A value or limit out of range (SSR_ERANGE).
    OutOfRange,
    /// Reading or writing a file failed (SSR_EIO).
    Io,
    /// A signature or a verification failed (SSR_EVERIFY).
    Verify,
    /// Nothing matched (SSR_ENOMATCH).
    NoMatch,
    /// The file exists and is never overwritten (SSR_EEXIST).
    Exists,
    /// The cryptography library failed (SSR_ECRYPTO).
    Crypto,
    /// A code this version of the binding does not know.
    Other(i32),
}

impl Status {
    /// The status of a library code (`ffi::SSR_E*`); `None` for `SSR_OK`.
    pub fn from_code(code: i32) -> Option<Status> {
        Some(match code {
            ffi::SSR_OK => return None,
            ffi::SSR_EINVAL => Status::InvalidArgument,
            ffi::SSR_ENOMEM => Status::OutOfMemory,
            ffi::SSR_EINVALID => Status::Invalid,
            ffi::SSR_ERANGE => Status::OutOfRange,
            ffi::SSR_EIO => Status::Io,
            ffi::SSR_EVERIFY => Status::Verify,
            ffi::SSR_ENOMATCH => Status::NoMatch,
            ffi::SSR_EEXIST => Status::Exists,
            ffi::SSR_ECRYPTO => Status::Crypto,
            other => Status::Other(other),
        })
    }

    /// The library code (`ffi::SSR_E*`).
    pub fn code(self) -> i32 {
        match self {
            Status::InvalidArgument => ffi::SSR_EINVAL,
            Status::OutOfMemory => ffi::SSR_ENOMEM,
            Status::Invalid => ffi::SSR_EINVALID,
            Status::OutOfRange => ffi::SSR_ERANGE,
            Status::Io => ffi::SSR_EIO,
            Status::Verify => ffi::SSR_EVERIFY,
            Status::NoMatch => ffi::SSR_ENOMATCH,
            Status::Exists => ffi::SSR_EEXIST,
            Status::Crypto => ffi::SSR_ECRYPTO,
            Status::Other(code) => code,
        }
    }
}

/// Why a call failed. Later versions may add variants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is not a valid document of the kind the call needs; the report says why.
    Invalid(Report),
    /// Fewer distinct keys than the threshold verified the envelope.
    Verification { verified: usize },
    /// A bundle, an attestation, a token or TUF metadata (a refresh, a lookup, a cache) was refused;
    /// the report names the failed check ("tuf.timestamp.expired"...).
    Refused(Report),
    /// A key argument libssr cannot read: `argument` names it, `reason` says why.
    InvalidKey { argument: String, reason: String },
    /// Another failure, with the library's status (an `ffi::SSR_E*` code) and its message.
    Status { status: i32, message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(report) => match report.diagnostics.first() {
                Some(d) => write!(f, "{} at '{}': {}", d.code, d.pointer, d.message),
                None => write!(f, "invalid document"),
            },
            Error::Refused(report) => match report.diagnostics.iter().find(|d| d.severity == "error") {
                Some(d) => write!(f, "{} at '{}': {}", d.code, d.pointer, d.message),
                None => write!(f, "verification failed"),
            },
            Error::Verification { verified } => {
                write!(f, "signature verification failed ({} key(s) verified)", verified)
            }
            Error::InvalidKey { argument, reason } => write!(f, "{}: {}", argument, reason),
            Error::Status { message, .. } => write!(f, "{}", message),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The library's status behind the error: `Invalid` for an invalid document, `Verify` for a refusal or too
    /// few keys, `InvalidArgument` for an unreadable key, the code itself otherwise.
    pub fn status(&self) -> Status {
        match self {
            Error::Invalid(_) => Status::Invalid,
            Error::Verification { .. } | Error::Refused(_) => Status::Verify,
            Error::InvalidKey { .. } => Status::InvalidArgument,
            Error::Status { status, .. } => Status::from_code(*status).unwrap_or(Status::Other(0)),
        }
    }
}

/// One finding of a validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: String,
    pub code: String,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub payload_pointer: Option<String>,
}

/// The outcome of a validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub valid: bool,
    pub kind: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// The outcome of trusted-publisher matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchResult {
    pub matched: bool,
    pub jti: Option<String>,
    pub failed_claim: Option<String>,
    pub failed_op: Option<String>,
    pub failed_reason: Option<String>,
    /// How many of the policy's conditions held.
    pub conditions_held: usize,
    /// Values bound on first use, claim -> the value as JSON text (only in a matching result).
    pub bound: Vec<(String, String)>,
}

/// One track of a repository's maturity levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub name: String,
    pub applies: bool,
    /// 0 to 3; None when the track does not apply.
    pub level: Option<u8>,
    /// The capabilities that block the next level.
    pub next_missing: Vec<String>,
}

/// A repository's maturity levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    pub tracks: Vec<Track>,
    pub overall: u8,
}

pub(crate) fn string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

pub(crate) fn check(status: c_int) -> Result<(), Error> {
    if status == ffi::SSR_OK {
        Ok(())
    } else {
        Err(Error::Status {
            status,
            message: string(unsafe { ffi::ssr_strerror(status) }).unwrap_or_default(),
        })
    }
}

pub(crate) fn invalid_argument(message: String) -> Error {
    Error::Status { status: ffi::SSR_EINVAL, message }
}

/// Copies an ssr-allocated buffer and frees it.
pub(crate) fn take(p: *mut c_char, len: usize) -> Vec<u8> {
    let out = unsafe { std::slice::from_raw_parts(p as *const u8, len) }.to_vec();
    unsafe { ffi::ssr_free(p as *mut c_void) };
    out
}

pub(crate) fn ptr_of(data: &[u8]) -> *const c_void {
    data.as_ptr() as *const c_void
}

/// Reads a report into Rust values and frees it.
pub(crate) fn report_of(r: *mut ffi::ssr_report) -> Report {
    unsafe {
        let mut diagnostics = Vec::new();
        for i in 0..ffi::ssr_report_count(r) {
            diagnostics.push(Diagnostic {
                severity: if ffi::ssr_diag_severity(r, i) == ffi::SSR_SEVERITY_ERROR { "error" } else { "warning" }
                    .to_owned(),
                code: string(ffi::ssr_diag_code(r, i)).unwrap_or_default(),
                pointer: string(ffi::ssr_diag_pointer(r, i)).unwrap_or_default(),
                line: ffi::ssr_diag_line(r, i),
                column: ffi::ssr_diag_column(r, i),
                message: string(ffi::ssr_diag_message(r, i)).unwrap_or_default(),
                payload_pointer: string(ffi::ssr_diag_payload_pointer(r, i)),
            });
        }
        let report = Report {
            valid: ffi::ssr_report_valid(r) != 0,
            kind: string(ffi::ssr_kind_name(ffi::ssr_report_kind(r))).unwrap_or_default(),
            diagnostics,
        };
        ffi::ssr_report_free(r);
        report
    }
}

/// Turns a call's status (and its report, freed here) into a Result.
pub(crate) fn outcome(status: c_int, report: *mut ffi::ssr_report) -> Result<(), Error> {
    if status == ffi::SSR_EINVALID && !report.is_null() {
        return Err(Error::Invalid(report_of(report)));
    }
    unsafe { ffi::ssr_report_free(report) };
    check(status)
}

/// The library's version, "MAJOR.MINOR.PATCH".
pub fn version() -> String {
    string(unsafe { ffi::ssr_version() }).unwrap_or_default()
}

/// The library every ECDSA check goes to, with its version: "aws-lc 5.12.0",
/// or OpenSSL's version text.
pub fn crypto_backend() -> String {
    string(unsafe { ffi::ssr_crypto_backend() }).unwrap_or_default()
}

/// Validates a document as `kind` (a kind name such as "release" or "osv"; None detects it).
pub fn validate(data: &[u8], kind: Option<&str>) -> Result<Report, Error> {
    let k = match kind {
        None => 0,
        Some(name) => {
            let k = unsafe { ffi::ssr_kind_from_name(name.as_ptr() as *const c_void, name.len()) };
            if k < 0 {
                return Err(invalid_argument(format!("unknown kind '{}'", name)));
            }
            k
        }
    };
    let mut report = ptr::null_mut();
    check(unsafe { ffi::ssr_validate(ptr_of(data), data.len(), k, ptr::null(), &mut report) })?;
    Ok(report_of(report))
}

fn write(data: &[u8], pretty: bool) -> Result<Vec<u8>, Error> {
    let mut doc = ptr::null_mut();
    let mut report = ptr::null_mut();
    outcome(unsafe { ffi::ssr_doc_parse(ptr_of(data), data.len(), ptr::null(), &mut doc, &mut report) }, report)?;
    let mut out = ptr::null_mut();
    let mut len = 0;
    let status = unsafe {
        if pretty {
            ffi::ssr_doc_pretty(doc, &mut out, &mut len)
        } else {
            ffi::ssr_doc_canonical(doc, &mut out, &mut len)
        }
    };
    unsafe { ffi::ssr_doc_free(doc) };
    check(status)?;
    Ok(take(out, len))
}

/// The RFC 8785 canonical bytes of a strict-JSON document.
pub fn canonicalize(data: &[u8]) -> Result<Vec<u8>, Error> {
    write(data, false)
}

/// The deterministic pretty form of a strict-JSON document.
pub fn pretty(data: &[u8]) -> Result<String, Error> {
    Ok(String::from_utf8_lossy(&write(data, true)?).into_owned())
}

/// The lowercase hex digest of `data` (sha256, sha512, blake2b-256, blake2b-512).
pub fn digest(data: &[u8], alg: &str) -> Result<String, Error> {
    let a = unsafe { ffi::ssr_digest_from_name(alg.as_ptr() as *const c_void, alg.len()) };
    if a <= 0 {
        return Err(invalid_argument(format!("unknown digest algorithm '{}'", alg)));
    }
    let mut hex = ptr::null_mut();
    check(unsafe { ffi::ssr_digest(a, ptr_of(data), data.len(), &mut hex) })?;
    let out = string(hex).unwrap_or_default();
    unsafe { ffi::ssr_free(hex as *mut c_void) };
    Ok(out)
}

struct Keyring(*mut ffi::ssr_keyring);

impl Drop for Keyring {
    fn drop(&mut self) {
        unsafe { ffi::ssr_keyring_free(self.0) };
    }
}

/// A new Ed25519 key pair as (public key PEM, secret key PEM (PKCS#8)).
/// Prefer [`SecretKey::generate`], which keeps the key in guarded memory.
pub fn generate_keypair() -> Result<(Vec<u8>, Vec<u8>), Error> {
    let key = SecretKey::generate()?;
    Ok((key.public_key()?.pem()?, key.pem()?))
}

/// A DSSE envelope (canonical JSON bytes) over `payload` with one Ed25519
/// signature, the key given as PKCS#8 PEM. Prefer [`SecretKey::sign`].
pub fn dsse_sign(payload: &[u8], payload_type: &str, secret_key_pem: &[u8]) -> Result<Vec<u8>, Error> {
    SecretKey::parse_named(secret_key_pem, "secret_key_pem")?.sign(payload, payload_type, None)
}

/// The verified payload of an envelope that at least `threshold` distinct keys signed.
pub fn dsse_verify(envelope: &[u8], public_keys: &[&[u8]], threshold: usize) -> Result<Verified, Error> {
    let keys = public_keys
        .iter()
        .enumerate()
        .map(|(i, pem)| PublicKey::parse_named(pem, &format!("public_keys[{}]", i)))
        .collect::<Result<Vec<_>, _>>()?;
    verify_with(envelope, &keys.iter().collect::<Vec<_>>(), threshold)
}

/// [`dsse_verify`] with parsed keys.
pub fn dsse_verify_keys(envelope: &[u8], public_keys: &[&PublicKey], threshold: usize) -> Result<Verified, Error> {
    verify_with(envelope, public_keys, threshold)
}

fn verify_with(envelope: &[u8], public_keys: &[&PublicKey], threshold: usize) -> Result<Verified, Error> {
    if threshold < 1 {
        return Err(invalid_argument("threshold must be at least 1".to_owned()));
    }
    let ring = Keyring(unsafe { ffi::ssr_keyring_new() });
    if ring.0.is_null() {
        return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".to_owned() });
    }
    for key in public_keys {
        check(unsafe { ffi::ssr_keyring_add(ring.0, key.as_ptr()) })?;
    }
    let (mut payload, mut len, mut ptype, mut verified) = (ptr::null_mut(), 0, ptr::null_mut(), 0);
    let mut report = ptr::null_mut();
    let status = unsafe {
        ffi::ssr_dsse_verify(ptr_of(envelope), envelope.len(), ring.0, threshold, &mut payload, &mut len,
                             &mut ptype, &mut verified, &mut report)
    };
    if status == ffi::SSR_EVERIFY {
        unsafe { ffi::ssr_report_free(report) };
        return Err(Error::Verification { verified });
    }
    outcome(status, report)?;
    let payload = take(payload as *mut c_char, len);
    let payload_type = unsafe { CStr::from_ptr(ptype) }.to_string_lossy().into_owned();
    unsafe { ffi::ssr_free(ptype as *mut c_void) };
    Ok(Verified { payload, payload_type, verified })
}

/// What [`dsse_verify`] established: the payload, the `payloadType` it was
/// signed as (check it before reading the payload as a document) and how
/// many distinct keys verified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub payload: Vec<u8>,
    pub payload_type: String,
    pub verified: usize,
}

pub(crate) fn match_of(result: *const ffi::ssr_tp_result) -> MatchResult {
    unsafe {
        MatchResult {
            matched: ffi::ssr_tp_matched(result) != 0,
            jti: string(ffi::ssr_tp_jti(result)),
            failed_claim: string(ffi::ssr_tp_failed_claim(result)),
            failed_op: string(ffi::ssr_tp_failed_op(result)),
            failed_reason: string(ffi::ssr_tp_failed_reason(result)),
            conditions_held: ffi::ssr_tp_conditions_held(result),
            bound: (0..ffi::ssr_tp_bound_count(result))
                .map(|i| {
                    (string(ffi::ssr_tp_bound_claim(result, i)).unwrap_or_default(),
                     string(ffi::ssr_tp_bound_value(result, i)).unwrap_or_default())
                })
                .collect(),
        }
    }
}

/// Matches OIDC token claims (a JSON object) against a trusted-publisher policy at Unix time `now`.
pub fn tp_match(policy: &[u8], claims: &[u8], now: i64) -> Result<MatchResult, Error> {
    let mut result = ptr::null_mut();
    let mut report = ptr::null_mut();
    let status = unsafe {
        ffi::ssr_tp_match(ptr_of(policy), policy.len(), ptr_of(claims), claims.len(), now, 0, &mut result,
                          &mut report)
    };
    // a result either way: its `matched` says which
    outcome(if status == ffi::SSR_ENOMATCH { ffi::SSR_OK } else { status }, report)?;
    let m = match_of(result);
    unsafe { ffi::ssr_tp_result_free(result) };
    Ok(m)
}

/// The maturity levels of a repository-profile document.
pub fn profile_levels(profile: &[u8]) -> Result<Levels, Error> {
    let mut levels = ptr::null_mut();
    let mut report = ptr::null_mut();
    let status =
        unsafe { ffi::ssr_profile_levels(ptr_of(profile), profile.len(), ptr::null(), &mut levels, &mut report) };
    outcome(status, report)?;
    let out = unsafe {
        let mut tracks = Vec::new();
        for t in 0..ffi::ssr_track_count() {
            let level = ffi::ssr_levels_level(levels, t);
            tracks.push(Track {
                name: string(ffi::ssr_track_name(t)).unwrap_or_default(),
                applies: ffi::ssr_levels_applies(levels, t) != 0,
                level: if level < 0 { None } else { Some(level as u8) },
                next_missing: (0..ffi::ssr_levels_missing_count(levels, t))
                    .map(|i| string(ffi::ssr_levels_missing(levels, t, i)).unwrap_or_default())
                    .collect(),
            });
        }
        Levels { tracks, overall: ffi::ssr_levels_overall(levels) as u8 }
    };
    unsafe { ffi::ssr_levels_free(levels) };
    Ok(out)
}

/// The policy as matching applies it, typed blocks compiled: the token
/// checks (one JSON object) and each condition (one JSON object per line),
/// as the library writes them.
pub fn tp_explain(policy: &[u8]) -> Result<(String, Vec<String>), Error> {
    let (mut out, mut len, mut report) = (ptr::null_mut(), 0, ptr::null_mut());
    outcome(unsafe { ffi::ssr_tp_explain(ptr_of(policy), policy.len(), &mut out, &mut len, &mut report) }, report)?;
    let text = String::from_utf8_lossy(&take(out, len)).into_owned();
    let mut lines = text.lines().map(str::to_owned);
    let token = lines.next().unwrap_or_default();
    Ok((token, lines.collect()))
}

fn kind_of(kind: &str) -> Result<c_int, Error> {
    match unsafe { ffi::ssr_kind_from_name(kind.as_ptr() as *const c_void, kind.len()) } {
        k if k >= 0 => Ok(k),
        _ => Err(invalid_argument(format!("unknown kind '{}'", kind))),
    }
}

/// Every diagnostic code a kind raises, as JSON ({"code", "severity", "beyond_schema"} per code).
pub fn schema_codes(kind: &str) -> Result<String, Error> {
    let (mut out, mut len) = (ptr::null_mut(), 0);
    check(unsafe { ffi::ssr_schema_codes(kind_of(kind)?, &mut out, &mut len) })?;
    Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
}

/// The JSON Schema (draft 2020-12) of a native kind.
pub fn schema(kind: &str) -> Result<String, Error> {
    let (mut out, mut len) = (ptr::null_mut(), 0);
    match unsafe { ffi::ssr_schema(kind_of(kind)?, &mut out, &mut len) } {
        ffi::SSR_EINVAL => Err(invalid_argument("only the native kinds have a schema".to_owned())),
        status => {
            check(status)?;
            Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
        }
    }
}

/// The reader's limits; `None` keeps a limit's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub depth: Option<u64>,
    pub size: Option<u64>,
    pub string: Option<u64>,
    pub array: Option<u64>,
    pub members: Option<u64>,
}

struct Options(*mut ffi::ssr_options);

impl Drop for Options {
    fn drop(&mut self) {
        unsafe { ffi::ssr_options_free(self.0) };
    }
}

/// [`validate`] with the reader's limits set.
pub fn validate_with_limits(data: &[u8], kind: Option<&str>, limits: &Limits) -> Result<Report, Error> {
    let k = match kind {
        None => 0,
        Some(name) => kind_of(name)?,
    };
    let opts = Options(unsafe { ffi::ssr_options_new() });
    if opts.0.is_null() {
        return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".to_owned() });
    }
    let values = [limits.depth, limits.size, limits.string, limits.array, limits.members];
    for (i, (name, value)) in ["depth", "size", "string", "array", "members"].iter().zip(values).enumerate() {
        if let Some(v) = value {
            let which = i as c_int + 1;
            if unsafe { ffi::ssr_options_set_limit(opts.0, which, v) } != ffi::SSR_OK {
                return Err(Error::Status {
                    status: ffi::SSR_ERANGE,
                    message: format!("limits.{}: {} is outside 1..{}", name, v, unsafe { ffi::ssr_limit_max(which) }),
                });
            }
        }
    }
    let mut report = ptr::null_mut();
    check(unsafe { ffi::ssr_validate(ptr_of(data), data.len(), k, opts.0 as *const c_void, &mut report) })?;
    Ok(report_of(report))
}

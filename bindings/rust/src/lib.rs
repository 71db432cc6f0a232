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

use std::ffi::CStr;
use std::fmt;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not a valid document of the kind the call needs; the report says why.
    Invalid(Report),
    /// Fewer distinct keys than the threshold verified the envelope.
    Verification { verified: usize },
    /// Another failure, with the library's status and its message.
    Status { status: i32, message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(report) => match report.diagnostics.first() {
                Some(d) => write!(f, "{} at '{}': {}", d.code, d.pointer, d.message),
                None => write!(f, "invalid document"),
            },
            Error::Verification { verified } => {
                write!(f, "signature verification failed ({} key(s) verified)", verified)
            }
            Error::Status { message, .. } => write!(f, "{}", message),
        }
    }
}

impl std::error::Error for Error {}

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

fn string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

fn check(status: c_int) -> Result<(), Error> {
    if status == ffi::SSR_OK {
        Ok(())
    } else {
        Err(Error::Status {
            status,
            message: string(unsafe { ffi::ssr_strerror(status) }).unwrap_or_default(),
        })
    }
}

fn invalid_argument(message: String) -> Error {
    Error::Status { status: ffi::SSR_EINVAL, message }
}

/// Copies an ssr-allocated buffer and frees it.
fn take(p: *mut c_char, len: usize) -> Vec<u8> {
    let out = unsafe { std::slice::from_raw_parts(p as *const u8, len) }.to_vec();
    unsafe { ffi::ssr_free(p as *mut c_void) };
    out
}

fn ptr_of(data: &[u8]) -> *const c_void {
    data.as_ptr() as *const c_void
}

/// Reads a report into Rust values and frees it.
fn report_of(r: *mut ffi::ssr_report) -> Report {
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
fn outcome(status: c_int, report: *mut ffi::ssr_report) -> Result<(), Error> {
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

/// A secret key in libsodium's guarded memory, wiped and freed on drop.
struct SecretKey(*mut ffi::ssr_secret_key);

impl Drop for SecretKey {
    fn drop(&mut self) {
        unsafe { ffi::ssr_secret_key_free(self.0) };
    }
}

struct PublicKey(*mut ffi::ssr_public_key);

impl Drop for PublicKey {
    fn drop(&mut self) {
        unsafe { ffi::ssr_public_key_free(self.0) };
    }
}

struct Keyring(*mut ffi::ssr_keyring);

impl Drop for Keyring {
    fn drop(&mut self) {
        unsafe { ffi::ssr_keyring_free(self.0) };
    }
}

/// A new Ed25519 key pair as (public key PEM, secret key PEM (PKCS#8)).
pub fn generate_keypair() -> Result<(Vec<u8>, Vec<u8>), Error> {
    let mut key = SecretKey(ptr::null_mut());
    check(unsafe { ffi::ssr_secret_key_generate(&mut key.0) })?;
    let mut public = PublicKey(ptr::null_mut());
    check(unsafe { ffi::ssr_secret_key_public(key.0, &mut public.0) })?;
    let (mut out, mut len) = (ptr::null_mut(), 0);
    check(unsafe { ffi::ssr_public_key_pem(public.0, &mut out, &mut len) })?;
    let public_pem = take(out, len);
    check(unsafe { ffi::ssr_secret_key_pem(key.0, &mut out, &mut len) })?;
    let secret_pem = unsafe { std::slice::from_raw_parts(out as *const u8, len) }.to_vec();
    unsafe { ffi::ssr_secret_free(out as *mut c_void) }; // wiped; the copy is the caller's
    Ok((public_pem, secret_pem))
}

/// A DSSE envelope (canonical JSON bytes) over `payload` with one Ed25519 signature.
pub fn dsse_sign(payload: &[u8], payload_type: &str, secret_key_pem: &[u8]) -> Result<Vec<u8>, Error> {
    let mut key = SecretKey(ptr::null_mut());
    check(unsafe { ffi::ssr_secret_key_parse(ptr_of(secret_key_pem), secret_key_pem.len(), &mut key.0) })?;
    let (mut out, mut len) = (ptr::null_mut(), 0);
    check(unsafe {
        ffi::ssr_dsse_sign(ptr_of(payload), payload.len(), payload_type.as_ptr() as *const c_void,
                           payload_type.len(), key.0, ptr::null(), 0, &mut out, &mut len)
    })?;
    Ok(take(out, len))
}

/// The verified payload of an envelope that at least `threshold` distinct keys signed.
pub fn dsse_verify(envelope: &[u8], public_keys: &[&[u8]], threshold: usize) -> Result<Verified, Error> {
    if threshold < 1 {
        return Err(invalid_argument("threshold must be at least 1".to_owned()));
    }
    let ring = Keyring(unsafe { ffi::ssr_keyring_new() });
    if ring.0.is_null() {
        return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".to_owned() });
    }
    for pem in public_keys {
        let mut key = PublicKey(ptr::null_mut());
        check(unsafe { ffi::ssr_public_key_parse(ptr_of(pem), pem.len(), &mut key.0) })?;
        check(unsafe { ffi::ssr_keyring_add(ring.0, key.0) })?;
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

/// Matches OIDC token claims (a JSON object) against a trusted-publisher policy at Unix time `now`.
pub fn tp_match(policy: &[u8], claims: &[u8], now: i64) -> Result<MatchResult, Error> {
    let mut result = ptr::null_mut();
    let mut report = ptr::null_mut();
    let status = unsafe {
        ffi::ssr_tp_match(ptr_of(policy), policy.len(), ptr_of(claims), claims.len(), now, 0, &mut result,
                          &mut report)
    };
    outcome(status, report)?;
    let m = unsafe {
        MatchResult {
            matched: ffi::ssr_tp_matched(result) != 0,
            jti: string(ffi::ssr_tp_jti(result)),
            failed_claim: string(ffi::ssr_tp_failed_claim(result)),
            failed_op: string(ffi::ssr_tp_failed_op(result)),
            failed_reason: string(ffi::ssr_tp_failed_reason(result)),
        }
    };
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

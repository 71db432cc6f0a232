// SPDX-License-Identifier: Apache-2.0
//! What a verification established, as types: per bundle or attestation, who
//! signed (a certificate's identity and Fulcio extensions, or a managed key),
//! the signed times and what proved them, the transparency-log entries, and
//! the verified statement. Read from the library's result through its
//! accessors; with the `serde` feature every type serializes.
use crate::{ffi, string, Error};
use std::os::raw::c_char;
use std::ptr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Everything a verification established: one attestation for a bundle, one
/// per attestation verified for PEP 740 and npm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct VerifyResult {
    pub attestations: Vec<Attestation>,
}

/// One verified bundle or attestation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Attestation {
    /// The bundle's media type ("application/vnd.dev.sigstore.bundle.v0.3+json",
    /// "application/vnd.pypi.attestation.v1", ...).
    pub media_type: String,
    pub signer: Signer,
    /// The verified signed times, in the order verified.
    pub times: Vec<SignedTime>,
    /// The verified transparency-log entries.
    pub tlog_entries: Vec<TlogEntry>,
    /// A message signature: the artifact digest it was verified over;
    /// `None` for DSSE (the statement's subjects name the artifact).
    pub digest: Option<Digest>,
    /// The DSSE statement verified; `None` for a message signature.
    pub statement: Option<Statement>,
}

impl Attestation {
    /// The signing certificate's identity; `None` for a managed key.
    pub fn identity(&self) -> Option<&Identity> {
        match &self.signer {
            Signer::Certificate { identity, .. } => Some(identity),
            Signer::Key { .. } => None,
        }
    }

    /// A Fulcio extension of the signing certificate by name ("issuer",
    /// "source-repository-uri", ...).
    pub fn extension(&self, name: &str) -> Option<&str> {
        match &self.signer {
            Signer::Certificate { extensions, .. } => {
                extensions.iter().find(|e| e.name == name).map(|e| e.value.as_str())
            }
            Signer::Key { .. } => None,
        }
    }
}

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Signer {
    /// A (Fulcio) certificate: its identity and its Fulcio extensions, in the certificate's order.
    Certificate { identity: Identity, extensions: Vec<Extension> },
    /// A managed key (npm's registry keys), by its id: lowercase hex SHA-256
    /// of its SubjectPublicKeyInfo, as [`PublicKey::id`](crate::PublicKey::id).
    Key { key_id: String },
}

/// A certificate's one identity (SAN) and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Identity {
    pub san: String,
    pub kind: IdentityKind,
}

/// What kind of SAN names the signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum IdentityKind {
    /// A URI SAN (a workflow, a SPIFFE id).
    Uri,
    /// An email SAN.
    Email,
    /// Fulcio's username otherName.
    Other,
}

/// One Fulcio extension: its name ("issuer", "build-signer-uri", ...) and value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Extension {
    pub name: String,
    pub value: String,
}

/// A time the signature was proven to exist at, and what proved it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SignedTime {
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Nanoseconds past `seconds` (0 to 999,999,999).
    pub nanos: u32,
    pub source: TimeSource,
    /// The log's base URL or the timestamp authority's URI.
    pub uri: String,
}

impl SignedTime {
    /// The time as a `SystemTime`.
    pub fn system_time(&self) -> SystemTime {
        let nanos = Duration::from_nanos(u64::from(self.nanos));
        if self.seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(self.seconds as u64) + nanos
        } else {
            UNIX_EPOCH - Duration::from_secs(self.seconds.unsigned_abs()) + nanos
        }
    }
}

/// What proved a signed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum TimeSource {
    /// A transparency log's signed entry timestamp (Rekor v1).
    TransparencyLog,
    /// An RFC 3161 timestamp.
    TimestampAuthority,
}

/// A verified transparency-log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TlogEntry {
    /// The log's base URL.
    pub log_url: String,
    pub log_index: i64,
    /// The time a SET signed; `None` when none did (Rekor v2).
    pub integrated_time: Option<i64>,
    /// The entry's kind and version ("hashedrekord", "0.0.1").
    pub kind: String,
    pub version: String,
}

/// An artifact digest: the algorithm's name ("sha256", "sha384", "sha512") and the digest in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Digest {
    pub algorithm: String,
    pub hex: String,
}

/// A verified DSSE statement.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Statement {
    /// The envelope's payload type ("application/vnd.in-toto+json").
    pub payload_type: String,
    /// The payload as signed: JSON text, verified as strict JSON.
    pub json: String,
}

/// Reads a result whole and frees it.
pub(crate) fn verified_of(result: *mut ffi::ssr_verify_result) -> Result<VerifyResult, Error> {
    struct Owned(*mut ffi::ssr_verify_result);
    impl Drop for Owned {
        fn drop(&mut self) {
            unsafe { ffi::ssr_verify_result_free(self.0) };
        }
    }
    let r = Owned(result);
    let count = unsafe { ffi::ssr_verify_result_count(r.0) };
    let attestations = (0..count).map(|i| attestation_of(r.0, i)).collect::<Result<_, _>>()?;
    Ok(VerifyResult { attestations })
}

fn text(p: *const c_char) -> String {
    string(p).unwrap_or_default()
}

fn unexpected(what: &str, value: &str) -> Error {
    crate::invalid_argument(format!("the library gave an unknown {}: '{}'", what, value))
}

fn attestation_of(r: *const ffi::ssr_verify_result, i: usize) -> Result<Attestation, Error> {
    let signer = match string(unsafe { ffi::ssr_verify_result_identity(r, i) }) {
        Some(san) => {
            let kind = match text(unsafe { ffi::ssr_verify_result_identity_kind(r, i) }).as_str() {
                "uri" => IdentityKind::Uri,
                "email" => IdentityKind::Email,
                "other" => IdentityKind::Other,
                other => return Err(unexpected("identity kind", other)),
            };
            let mut extensions = Vec::new();
            loop {
                let mut value = ptr::null();
                let name = unsafe { ffi::ssr_verify_result_extension_at(r, i, extensions.len(), &mut value) };
                if name.is_null() {
                    break;
                }
                extensions.push(Extension { name: text(name), value: text(value) });
            }
            Signer::Certificate { identity: Identity { san, kind }, extensions }
        }
        None => Signer::Key { key_id: text(unsafe { ffi::ssr_verify_result_key_id(r, i) }) },
    };
    let mut times = Vec::new();
    loop {
        let (mut seconds, mut nanos, mut source, mut uri) = (0i64, 0i32, ptr::null(), ptr::null());
        if unsafe { ffi::ssr_verify_result_time(r, i, times.len(), &mut seconds, &mut nanos, &mut source, &mut uri) }
            != ffi::SSR_OK
        {
            break;
        }
        let source = match text(source).as_str() {
            "transparency-log" => TimeSource::TransparencyLog,
            "timestamp-authority" => TimeSource::TimestampAuthority,
            other => return Err(unexpected("time source", other)),
        };
        times.push(SignedTime { seconds, nanos: nanos as u32, source, uri: text(uri) });
    }
    let mut tlog_entries = Vec::new();
    loop {
        let (mut url, mut index, mut integrated, mut kind, mut version) =
            (ptr::null(), 0i64, 0i64, ptr::null(), ptr::null());
        if unsafe {
            ffi::ssr_verify_result_tlog_entry(r, i, tlog_entries.len(), &mut url, &mut index, &mut integrated,
                                              &mut kind, &mut version)
        } != ffi::SSR_OK
        {
            break;
        }
        tlog_entries.push(TlogEntry {
            log_url: text(url),
            log_index: index,
            integrated_time: if integrated >= 0 { Some(integrated) } else { None },
            kind: text(kind),
            version: text(version),
        });
    }
    let mut len = 0usize;
    let payload = unsafe { ffi::ssr_verify_result_statement(r, i, &mut len) };
    let statement = if payload.is_null() {
        None
    } else {
        let bytes = unsafe { std::slice::from_raw_parts(payload, len) };
        Some(Statement {
            payload_type: text(unsafe { ffi::ssr_verify_result_payload_type(r, i) }),
            json: String::from_utf8_lossy(bytes).into_owned(),
        })
    };
    let mut alg = ptr::null();
    let hex = unsafe { ffi::ssr_verify_result_digest(r, i, &mut alg) };
    let digest = string(hex).map(|hex| Digest { algorithm: text(alg), hex });
    Ok(Attestation {
        media_type: text(unsafe { ffi::ssr_verify_result_media_type(r, i) }),
        signer,
        times,
        tlog_entries,
        digest,
        statement,
    })
}

// SPDX-License-Identifier: Apache-2.0
//! Package URLs, the JWS layer alone, unverified token decoding, DSSE's PAE and digest sizes.
use crate::verify::Jwks;
use crate::{check, ffi, invalid_argument, outcome, ptr_of, string, take, Error, PublicKey};
use std::collections::BTreeMap;
use std::os::raw::{c_int, c_void};
use std::ptr;

/// A package URL's decoded, normalized components and its canonical string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purl {
    pub purl_type: String,
    pub namespace: Option<String>,
    pub name: String,
    pub version: Option<String>,
    pub qualifiers: BTreeMap<String, String>,
    pub subpath: Option<String>,
    pub canonical: String,
}

struct PurlHandle(*mut ffi::ssr_purl);

impl Drop for PurlHandle {
    fn drop(&mut self) {
        unsafe { ffi::ssr_purl_free(self.0) };
    }
}

fn purl_of(status: c_int, handle: PurlHandle, report: *mut ffi::ssr_report) -> Result<Purl, Error> {
    outcome(status, report)?;
    let p = handle.0;
    let part = |which| string(unsafe { ffi::ssr_purl_component(p, which) });
    let mut qualifiers = BTreeMap::new();
    for i in 0..unsafe { ffi::ssr_purl_qualifier_count(p) } {
        let (mut k, mut v) = (ptr::null(), ptr::null());
        check(unsafe { ffi::ssr_purl_qualifier(p, i, &mut k, &mut v) })?;
        qualifiers.insert(string(k).unwrap_or_default(), string(v).unwrap_or_default());
    }
    let (mut out, mut len) = (ptr::null_mut(), 0);
    check(unsafe { ffi::ssr_purl_canonical(p, &mut out, &mut len) })?;
    Ok(Purl {
        purl_type: part(ffi::SSR_PURL_TYPE).unwrap_or_default(),
        namespace: part(ffi::SSR_PURL_NAMESPACE),
        name: part(ffi::SSR_PURL_NAME).unwrap_or_default(),
        version: part(ffi::SSR_PURL_VERSION),
        qualifiers,
        subpath: part(ffi::SSR_PURL_SUBPATH),
        canonical: String::from_utf8_lossy(&take(out, len)).into_owned(),
    })
}

/// Reads a package URL: `Error::Invalid` (a purl.* code at the offending character) when it is not one. `repair`
/// also reads the non-canonical spellings the purl test suite repairs.
pub fn purl_parse(text: &str, repair: bool) -> Result<Purl, Error> {
    let (mut handle, mut report) = (PurlHandle(ptr::null_mut()), ptr::null_mut());
    let flags = if repair { ffi::SSR_PURL_REPAIR } else { 0 };
    let status = unsafe { ffi::ssr_purl_parse(text.as_ptr() as *const c_void, text.len(), flags, &mut handle.0,
                                              &mut report) };
    purl_of(status, handle, report)
}

/// A package URL from its components as one JSON object ({"type", "namespace", "name", "version", "qualifiers",
/// "subpath"}).
pub fn purl_build(components_json: &[u8]) -> Result<Purl, Error> {
    let (mut handle, mut report) = (PurlHandle(ptr::null_mut()), ptr::null_mut());
    let status = unsafe { ffi::ssr_purl_build(ptr_of(components_json), components_json.len(), &mut handle.0,
                                              &mut report) };
    purl_of(status, handle, report)
}

/// The signature layer of a compact JWS alone, with the key its kid names in `jwks`: the verified payload's
/// bytes; `Error::Refused` (the report says which check refused it) otherwise.
pub fn jws_verify(jwks: &Jwks, token: &[u8]) -> Result<Vec<u8>, Error> {
    let (mut payload, mut len, mut report) = (ptr::null_mut(), 0, ptr::null_mut());
    let status = unsafe { ffi::ssr_jws_verify(jwks.as_ptr(), ptr_of(token), token.len(), 0, &mut payload, &mut len,
                                              &mut report) };
    if status == ffi::SSR_EVERIFY && !report.is_null() {
        return Err(Error::Refused(crate::report_of(report)));
    }
    outcome(status, report)?;
    Ok(take(payload as *mut _, len))
}

/// A token's header and claims, decoded and NOT verified, as JSON: {"verified": false, "header", "claims",
/// "signature_bytes"}; `Error::Invalid` when it does not decode.
pub fn tp_decode_token(token: &[u8]) -> Result<String, Error> {
    let (mut out, mut len, mut report) = (ptr::null_mut(), 0, ptr::null_mut());
    outcome(unsafe { ffi::ssr_tp_decode_token(ptr_of(token), token.len(), &mut out, &mut len, &mut report) },
            report)?;
    Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
}

/// The DSSE pre-authentication encoding: what a DSSE signature is over.
pub fn dsse_pae(payload_type: &str, payload: &[u8]) -> Result<Vec<u8>, Error> {
    let (mut out, mut len) = (ptr::null_mut(), 0);
    check(unsafe { ffi::ssr_dsse_pae(payload_type.as_ptr() as *const c_void, payload_type.len(), ptr_of(payload),
                                     payload.len(), &mut out, &mut len) })?;
    Ok(take(out as *mut _, len))
}

/// The size in bytes of a digest algorithm's output (sha256: 32).
pub fn digest_size(alg: &str) -> Result<usize, Error> {
    match unsafe { ffi::ssr_digest_from_name(alg.as_ptr() as *const c_void, alg.len()) } {
        a if a > 0 => Ok(unsafe { ffi::ssr_digest_size(a) }),
        _ => Err(invalid_argument(format!("unknown digest algorithm '{}'", alg))),
    }
}

impl PublicKey {
    /// Does `signature` verify over `message` with this key, by its kind (Ed25519; ECDSA DER over SHA-256/-384;
    /// RSA PKCS#1 v1.5 or PSS over SHA-256)?
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<bool, Error> {
        match unsafe { ffi::ssr_public_key_verify(self.as_ptr(), ptr_of(message), message.len(), ptr_of(signature),
                                                  signature.len()) } {
            ffi::SSR_EVERIFY => Ok(false),
            status => check(status).map(|_| true),
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
//! Keys held by the library: a secret key parsed once into libsodium's
//! guarded memory and wiped on drop; public keys of every kind libssr reads.
use crate::{check, ffi, outcome, ptr_of, string, take, Error};
use std::ffi::CString;
use std::os::raw::{c_int, c_void};
use std::path::Path;
use std::ptr;

fn key_error(status: c_int, argument: &str) -> Error {
    match status {
        ffi::SSR_EINVALID => Error::InvalidKey {
            argument: argument.to_owned(),
            reason: "not a PEM key libssr reads (an Ed25519 PKCS#8 secret key; an Ed25519, ECDSA P-256/P-384 or RSA \
                     public key)"
                .to_owned(),
        },
        ffi::SSR_EIO => Error::Status { status, message: format!("{}: the file cannot be read", argument) },
        _ => check(status).unwrap_err(),
    }
}

pub(crate) fn c_path(path: &Path, argument: &str) -> Result<CString, Error> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| crate::invalid_argument(format!("{} must not contain NUL", argument)))
}

/// An Ed25519 secret key in libsodium's guarded memory: loaded once, used
/// for many signatures, wiped when dropped.
pub struct SecretKey(*mut ffi::ssr_secret_key);

// The library's keys are immutable once made and safe to use from any thread.
unsafe impl Send for SecretKey {}
unsafe impl Sync for SecretKey {}

impl Drop for SecretKey {
    fn drop(&mut self) {
        unsafe { ffi::ssr_secret_key_free(self.0) };
    }
}

impl SecretKey {
    /// A new Ed25519 key.
    pub fn generate() -> Result<SecretKey, Error> {
        let mut key = SecretKey(ptr::null_mut());
        check(unsafe { ffi::ssr_secret_key_generate(&mut key.0) })?;
        Ok(key)
    }

    /// From PKCS#8 PEM; the caller's copy of the PEM is the caller's to wipe.
    pub fn parse(pem: &[u8]) -> Result<SecretKey, Error> {
        SecretKey::parse_named(pem, "secret_key")
    }

    pub(crate) fn parse_named(pem: &[u8], argument: &str) -> Result<SecretKey, Error> {
        let mut key = SecretKey(ptr::null_mut());
        match unsafe { ffi::ssr_secret_key_parse(ptr_of(pem), pem.len(), &mut key.0) } {
            ffi::SSR_OK => Ok(key),
            status => Err(key_error(status, argument)),
        }
    }

    /// Reads a key file (as `ssr keygen` writes it) straight into guarded memory.
    pub fn read_file(path: impl AsRef<Path>) -> Result<SecretKey, Error> {
        let path = path.as_ref();
        let argument = format!("secret key file {:?}", path);
        let cpath = c_path(path, &argument)?;
        let mut key = SecretKey(ptr::null_mut());
        match unsafe { ffi::ssr_secret_key_read_file(cpath.as_ptr(), &mut key.0) } {
            ffi::SSR_OK => Ok(key),
            status => Err(key_error(status, &argument)),
        }
    }

    /// Writes a new key file, mode 0600; an existing file is never overwritten (`SSR_EEXIST`).
    pub fn write_file(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let cpath = c_path(path, "path")?;
        match unsafe { ffi::ssr_secret_key_write_file(self.0, cpath.as_ptr()) } {
            ffi::SSR_EEXIST => Err(Error::Status {
                status: ffi::SSR_EEXIST,
                message: format!("{:?} exists and is never overwritten", path),
            }),
            status => check(status),
        }
    }

    /// The key's public half.
    pub fn public_key(&self) -> Result<PublicKey, Error> {
        let mut key = PublicKey(ptr::null_mut());
        check(unsafe { ffi::ssr_secret_key_public(self.0, &mut key.0) })?;
        Ok(key)
    }

    /// The PKCS#8 PEM: a copy outside guarded memory, the caller's to protect.
    pub fn pem(&self) -> Result<Vec<u8>, Error> {
        let (mut out, mut len) = (ptr::null_mut(), 0);
        check(unsafe { ffi::ssr_secret_key_pem(self.0, &mut out, &mut len) })?;
        let pem = unsafe { std::slice::from_raw_parts(out as *const u8, len) }.to_vec();
        unsafe { ffi::ssr_secret_free(out as *mut c_void) }; // wiped
        Ok(pem)
    }

    /// A DSSE envelope (canonical JSON) over `payload`; `keyid`, when given, beside the signature.
    pub fn sign(&self, payload: &[u8], payload_type: &str, keyid: Option<&str>) -> Result<Vec<u8>, Error> {
        let (id, id_len) = keyid.map_or((ptr::null(), 0), |k| (k.as_ptr() as *const c_void, k.len()));
        let (mut out, mut len) = (ptr::null_mut(), 0);
        check(unsafe {
            ffi::ssr_dsse_sign(ptr_of(payload), payload.len(), payload_type.as_ptr() as *const c_void,
                               payload_type.len(), self.0, id, id_len, &mut out, &mut len)
        })?;
        Ok(take(out, len))
    }

    /// The envelope with one more signature, this key's, over the same payload.
    pub fn add_signature(&self, envelope: &[u8], keyid: Option<&str>) -> Result<Vec<u8>, Error> {
        let (id, id_len) = keyid.map_or((ptr::null(), 0), |k| (k.as_ptr() as *const c_void, k.len()));
        let (mut out, mut len, mut report) = (ptr::null_mut(), 0, ptr::null_mut());
        let status = unsafe {
            ffi::ssr_dsse_add_signature(ptr_of(envelope), envelope.len(), self.0, id, id_len, &mut out, &mut len,
                                        &mut report)
        };
        outcome(status, report)?;
        Ok(take(out, len))
    }
}

/// A public key: Ed25519, or a managed ECDSA P-256/P-384 or RSA key.
pub struct PublicKey(*mut ffi::ssr_public_key);

unsafe impl Send for PublicKey {}
unsafe impl Sync for PublicKey {}

impl Drop for PublicKey {
    fn drop(&mut self) {
        unsafe { ffi::ssr_public_key_free(self.0) };
    }
}

impl PublicKey {
    /// From PEM (SubjectPublicKeyInfo).
    pub fn parse(pem: &[u8]) -> Result<PublicKey, Error> {
        PublicKey::parse_named(pem, "public_key")
    }

    pub(crate) fn parse_named(pem: &[u8], argument: &str) -> Result<PublicKey, Error> {
        let mut key = PublicKey(ptr::null_mut());
        match unsafe { ffi::ssr_public_key_parse(ptr_of(pem), pem.len(), &mut key.0) } {
            ffi::SSR_OK => Ok(key),
            status => Err(key_error(status, argument)),
        }
    }

    /// The key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    pub fn id(&self) -> String {
        string(unsafe { ffi::ssr_public_key_id(self.0) }).unwrap_or_default()
    }

    /// The key as PEM.
    pub fn pem(&self) -> Result<Vec<u8>, Error> {
        let (mut out, mut len) = (ptr::null_mut(), 0);
        check(unsafe { ffi::ssr_public_key_pem(self.0, &mut out, &mut len) })?;
        Ok(take(out, len))
    }

    pub(crate) fn as_ptr(&self) -> *const ffi::ssr_public_key {
        self.0
    }
}

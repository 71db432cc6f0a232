// SPDX-License-Identifier: Apache-2.0
//! Digests computed piece by piece or over a file, and subject matching.
use crate::keys::c_path;
use crate::{check, ffi, invalid_argument, outcome, ptr_of, string, Error};
use std::collections::BTreeMap;
use std::os::raw::{c_char, c_int, c_void};
use std::path::Path;
use std::ptr;

fn algorithm(alg: &str) -> Result<c_int, Error> {
    match unsafe { ffi::ssr_digest_from_name(alg.as_ptr() as *const c_void, alg.len()) } {
        a if a > 0 => Ok(a),
        _ => Err(invalid_argument(format!("unknown digest algorithm '{}'", alg))),
    }
}

fn take_hex(hex: *mut c_char) -> String {
    let out = string(hex).unwrap_or_default();
    unsafe { ffi::ssr_free(hex as *mut c_void) };
    out
}

/// A digest computed piece by piece, in constant memory; an `io::Write`.
pub struct Hasher(*mut ffi::ssr_hasher);

unsafe impl Send for Hasher {}

impl Drop for Hasher {
    fn drop(&mut self) {
        unsafe { ffi::ssr_hasher_free(self.0) };
    }
}

impl Hasher {
    /// Starts a digest: sha256, sha384, sha512, blake2b-256, blake2b-512...
    pub fn new(alg: &str) -> Result<Hasher, Error> {
        let h = unsafe { ffi::ssr_hasher_new(algorithm(alg)?) };
        if h.is_null() {
            return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".to_owned() });
        }
        Ok(Hasher(h))
    }

    /// Adds data.
    pub fn update(&mut self, data: &[u8]) -> &mut Hasher {
        // the hasher is live until finish() consumes it: this cannot fail
        let status = unsafe { ffi::ssr_hasher_update(self.0, ptr_of(data), data.len()) };
        debug_assert_eq!(status, ffi::SSR_OK);
        self
    }

    /// The lowercase hex digest.
    pub fn finish(self) -> Result<String, Error> {
        let mut hex = ptr::null_mut();
        check(unsafe { ffi::ssr_hasher_final(self.0, &mut hex) })?;
        Ok(take_hex(hex))
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.update(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The digests of a file, read once in constant memory: algorithm -> lowercase hex.
pub fn digest_file(path: impl AsRef<Path>, algs: &[&str]) -> Result<BTreeMap<String, String>, Error> {
    if algs.is_empty() || algs.len() > 8 {
        return Err(invalid_argument("between 1 and 8 algorithms".to_owned()));
    }
    let ids = algs.iter().map(|a| algorithm(a)).collect::<Result<Vec<_>, _>>()?;
    let path = path.as_ref();
    let cpath = c_path(path, "path")?;
    let mut hex = vec![ptr::null_mut(); algs.len()];
    match unsafe { ffi::ssr_digest_file(cpath.as_ptr(), ids.as_ptr(), ids.len(), hex.as_mut_ptr()) } {
        ffi::SSR_EIO => {
            return Err(Error::Status { status: ffi::SSR_EIO, message: format!("cannot read {:?}", path) })
        }
        status => check(status)?,
    }
    Ok(algs.iter().zip(hex).map(|(a, h)| (a.to_string(), take_hex(h))).collect())
}

/// What [`match_subject`] looks for.
pub enum Artifact<'a> {
    /// The artifact's bytes.
    Data(&'a [u8]),
    /// A file, read in constant memory.
    Path(&'a Path),
    /// Known digests: (algorithm, lowercase hex).
    Digests(&'a [(&'a str, &'a str)]),
}

pub(crate) struct ArtifactHandle(pub(crate) *mut ffi::ssr_artifact);

impl Drop for ArtifactHandle {
    fn drop(&mut self) {
        unsafe { ffi::ssr_artifact_free(self.0) };
    }
}

/// Which subject of an in-toto Statement (or of the Statement in a DSSE
/// envelope, whose signatures are not verified here) or which artifact of a
/// release the artifact matches: `Some(index)`, or `None`.
pub fn match_subject(document: &[u8], artifact: Artifact<'_>) -> Result<Option<usize>, Error> {
    let a = artifact_of(artifact)?;
    let (mut index, mut report) = (0usize, ptr::null_mut());
    let status = unsafe { ffi::ssr_match_subject(a.0, ptr_of(document), document.len(), &mut index, &mut report) };
    if status == ffi::SSR_ENOMATCH {
        unsafe { ffi::ssr_report_free(report) };
        return Ok(None);
    }
    outcome(status, report)?;
    Ok(Some(index))
}

/// The library's artifact of its bytes, a file or known digests.
pub(crate) fn artifact_of(artifact: Artifact<'_>) -> Result<ArtifactHandle, Error> {
    let a = ArtifactHandle(unsafe { ffi::ssr_artifact_new() });
    if a.0.is_null() {
        return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".to_owned() });
    }
    match artifact {
        Artifact::Data(data) => check(unsafe { ffi::ssr_artifact_hash(a.0, ptr_of(data), data.len()) })?,
        Artifact::Path(path) => {
            let cpath = c_path(path, "artifact path")?;
            match unsafe { ffi::ssr_artifact_hash_file(a.0, cpath.as_ptr()) } {
                ffi::SSR_EIO => {
                    return Err(Error::Status { status: ffi::SSR_EIO, message: format!("cannot read {:?}", path) })
                }
                status => check(status)?,
            }
        }
        Artifact::Digests(digests) => {
            for (alg, hex) in digests {
                let status = unsafe {
                    ffi::ssr_artifact_add_digest(a.0, alg.as_ptr() as *const c_void, alg.len(),
                                                 hex.as_ptr() as *const c_void, hex.len())
                };
                if status != ffi::SSR_OK {
                    return Err(Error::Status {
                        status,
                        message: format!("digest '{}': not lowercase hex of the algorithm's length", alg),
                    });
                }
            }
        }
    }
    Ok(a)
}

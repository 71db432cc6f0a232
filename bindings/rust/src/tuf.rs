// SPDX-License-Identifier: Apache-2.0
//! TUF: trust kept current. A client of The Update Framework over a trusted
//! metadata directory, and Sigstore trust caches (trusted_root.json and npm's
//! registry keys from Sigstore's TUF repository). A refusal is
//! `Error::Refused`, its report's first code naming the rule
//! ("tuf.timestamp.expired", "tuf.cache.expired"...).
use crate::verify::TrustedRoot;
use crate::{check, ffi, invalid_argument, outcome, ptr_of, report_of, take, Error};
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::time::Duration;

/// A fetch: GET `url` in at most `max_length` bytes and `timeout`. `Ok(body)`
/// is HTTP 200; `Err(status)` another HTTP status (404 and 403 end the search
/// for a newer root), or 0 for a transport failure. A panic is a failed fetch.
pub type Fetch = dyn Fn(&str, u64, Duration) -> Result<Vec<u8>, u16> + Send + Sync;

/// How an updater fetches and judges time; the default is libcurl, the clock, 30 s per fetch.
#[derive(Default)]
pub struct TufOptions {
    pub fetch: Option<Box<Fetch>>,
    /// Seconds since the epoch expiries are judged at; None: the clock when each refresh starts.
    pub now: Option<i64>,
    pub timeout: Option<Duration>,
}

/// A TUF refusal is `Error::Refused` with its report; a failure without one, `Error::Status`.
fn tuf_outcome(status: c_int, report: *mut ffi::ssr_report) -> Result<(), Error> {
    if status != ffi::SSR_OK && !report.is_null() {
        return Err(Error::Refused(report_of(report)));
    }
    outcome(status, report)
}

fn cstring(value: &str, name: &str) -> Result<CString, Error> {
    CString::new(value).map_err(|_| invalid_argument(format!("{} must not contain NUL", name)))
}

unsafe extern "C" fn fetch_trampoline(context: *mut c_void, url: *const c_char, max_length: u64, timeout_ms: c_uint,
                                      body: *mut ffi::ssr_tuf_body) -> c_int {
    let fetch = &*(context as *const Box<Fetch>);
    let url = CStr::from_ptr(url).to_string_lossy().into_owned();
    let got = catch_unwind(AssertUnwindSafe(|| fetch(&url, max_length, Duration::from_millis(u64::from(timeout_ms)))));
    match got {
        Ok(Ok(data)) => match ffi::ssr_tuf_body_append(body, ptr_of(&data), data.len()) {
            ffi::SSR_OK => 200,
            status => status,
        },
        Ok(Err(status)) if (100..=599).contains(&status) => c_int::from(status),
        _ => ffi::SSR_EIO,
    }
}

/// A TUF client over a trusted metadata directory (made by `tuf_init`) and a repository.
pub struct TufUpdater {
    ptr: *mut ffi::ssr_tuf_updater,
    _fetch: Option<Box<Box<Fetch>>>, // where the C side's context points, while the updater lives
}

// The updater is used through &mut self: one call at a time; the Fetch is Send + Sync.
unsafe impl Send for TufUpdater {}

impl Drop for TufUpdater {
    fn drop(&mut self) {
        unsafe { ffi::ssr_tuf_updater_free(self.ptr) };
    }
}

impl TufUpdater {
    fn configured(ptr: *mut ffi::ssr_tuf_updater, options: TufOptions) -> Result<TufUpdater, Error> {
        let mut u = TufUpdater { ptr, _fetch: None };
        if let Some(fetch) = options.fetch {
            let boxed: Box<Box<Fetch>> = Box::new(fetch);
            let context = &*boxed as *const Box<Fetch> as *mut c_void;
            u._fetch = Some(boxed);
            check(unsafe { ffi::ssr_tuf_updater_set_fetch(u.ptr, fetch_trampoline, context) })?;
        }
        if let Some(now) = options.now {
            check(unsafe { ffi::ssr_tuf_updater_set_time(u.ptr, now) })?;
        }
        if let Some(timeout) = options.timeout {
            let ms = c_uint::try_from(timeout.as_millis()).map_err(|_| invalid_argument("timeout is too long".into()))?;
            check(unsafe { ffi::ssr_tuf_updater_set_timeout(u.ptr, ms) })?;
        }
        Ok(u)
    }

    /// An updater; `targets_url` None when it only refreshes.
    pub fn open(metadata_dir: &str, metadata_url: &str, targets_url: Option<&str>,
                options: TufOptions) -> Result<TufUpdater, Error> {
        let dir = cstring(metadata_dir, "metadata_dir")?;
        let url = cstring(metadata_url, "metadata_url")?;
        let targets = targets_url.map(|t| cstring(t, "targets_url")).transpose()?;
        let mut ptr = ptr::null_mut();
        check(unsafe {
            ffi::ssr_tuf_updater_new(dir.as_ptr(), url.as_ptr(), targets.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
                                     &mut ptr)
        })?;
        TufUpdater::configured(ptr, options)
    }

    /// The largest file fetched for a role ("root", "timestamp", "snapshot", "targets") when the metadata gives no length.
    pub fn set_max_length(&mut self, role: &str, max_length: u64) -> Result<(), Error> {
        let role = cstring(role, "role")?;
        check(unsafe { ffi::ssr_tuf_updater_set_max_length(self.ptr, role.as_ptr(), max_length) })
    }

    /// The specification's refresh of root, timestamp, snapshot and targets.
    pub fn refresh(&mut self) -> Result<(), Error> {
        let mut report = ptr::null_mut();
        tuf_outcome(unsafe { ffi::ssr_tuf_refresh(self.ptr, &mut report) }, report)
    }

    /// Verifies the cached metadata without fetching (refused with "tuf.cache.expired" once it expires).
    pub fn load_cached(&mut self) -> Result<(), Error> {
        let mut report = ptr::null_mut();
        tuf_outcome(unsafe { ffi::ssr_tuf_load_cached(self.ptr, &mut report) }, report)
    }

    /// A target's description, as JSON ({"length", "hashes", "custom"}), found through the delegations.
    pub fn target_info(&mut self, target: &str) -> Result<String, Error> {
        let target = cstring(target, "target")?;
        let (mut out, mut len, mut report) = (ptr::null_mut(), 0usize, ptr::null_mut());
        tuf_outcome(unsafe { ffi::ssr_tuf_target_info(self.ptr, target.as_ptr(), &mut out, &mut len, &mut report) },
                    report)?;
        Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
    }

    /// Stores the target, verified, in `target_dir` (not fetched again when a file there matches); its path.
    pub fn download(&mut self, target: &str, target_dir: &str) -> Result<String, Error> {
        let target = cstring(target, "target")?;
        let dir = cstring(target_dir, "target_dir")?;
        let (mut path, mut report) = (ptr::null_mut(), ptr::null_mut());
        tuf_outcome(unsafe { ffi::ssr_tuf_download(self.ptr, target.as_ptr(), dir.as_ptr(), &mut path, &mut report) },
                    report)?;
        let text = unsafe { CStr::from_ptr(path) }.to_string_lossy().into_owned();
        unsafe { ffi::ssr_free(path as *mut c_void) };
        Ok(text)
    }
}

/// Starts a trusted metadata directory with `root` (a root.json); never overwrites one.
pub fn tuf_init(metadata_dir: &str, root: &[u8]) -> Result<(), Error> {
    let dir = cstring(metadata_dir, "metadata_dir")?;
    let mut report = ptr::null_mut();
    tuf_outcome(unsafe { ffi::ssr_tuf_init(dir.as_ptr(), ptr_of(root), root.len(), &mut report) }, report)
}

/// Which Sigstore repository a trust cache follows, and how it is reached.
#[derive(Default)]
pub struct SigstoreTrust {
    /// Sigstore's staging repository instead of public-good.
    pub staging: bool,
    /// A TUF root.json a new cache starts from; None: the one libssr carries.
    pub tuf_root: Option<Vec<u8>>,
    pub metadata_url: Option<String>,
    pub targets_url: Option<String>,
    pub options: TufOptions,
}

fn sigstore_updater(cache_dir: &str, trust: SigstoreTrust) -> Result<TufUpdater, Error> {
    let dir = cstring(cache_dir, "cache_dir")?;
    let metadata = trust.metadata_url.as_deref().map(|u| cstring(u, "metadata_url")).transpose()?;
    let targets = trust.targets_url.as_deref().map(|u| cstring(u, "targets_url")).transpose()?;
    let instance = if trust.staging { ffi::SSR_TRUST_STAGING } else { ffi::SSR_TRUST_PUBLIC_GOOD };
    let (root, root_len) = trust.tuf_root.as_deref().map_or((ptr::null(), 0), |r| (ptr_of(r), r.len()));
    let (mut ptr, mut report) = (ptr::null_mut(), ptr::null_mut());
    tuf_outcome(unsafe {
        ffi::ssr_sigstore_trust_updater(dir.as_ptr(), instance, root, root_len,
                                        metadata.as_ref().map_or(ptr::null(), |m| m.as_ptr()),
                                        targets.as_ref().map_or(ptr::null(), |t| t.as_ptr()), &mut ptr, &mut report)
    }, report)?;
    TufUpdater::configured(ptr, trust.options)
}

/// Refreshes a Sigstore trust cache: the TUF metadata, then trusted_root.json and npm's registry keys.
pub fn sigstore_trust_refresh(cache_dir: &str, trust: SigstoreTrust) -> Result<(), Error> {
    let u = sigstore_updater(cache_dir, trust)?;
    let mut report = ptr::null_mut();
    tuf_outcome(unsafe { ffi::ssr_sigstore_trust_refresh(u.ptr, &mut report) }, report)
}

/// The trusted root and npm's registry keys (None when the cache has none) of
/// a refreshed cache, verified again without fetching.
pub fn sigstore_trust_load(cache_dir: &str, staging: bool,
                           now: Option<i64>) -> Result<(TrustedRoot, Option<Vec<u8>>), Error> {
    let trust = SigstoreTrust { staging, options: TufOptions { now, ..TufOptions::default() }, ..SigstoreTrust::default() };
    let u = sigstore_updater(cache_dir, trust)?;
    let (mut root, mut keys, mut len, mut report) = (ptr::null_mut(), ptr::null_mut(), 0usize, ptr::null_mut());
    tuf_outcome(unsafe { ffi::ssr_sigstore_trust_load(u.ptr, &mut root, &mut keys, &mut len, &mut report) }, report)?;
    let keys = if keys.is_null() { None } else { Some(take(keys, len)) };
    Ok((TrustedRoot(root), keys))
}

/// The OLPC canonical JSON TUF signs (not RFC 8785, which `canonicalize` writes).
pub fn olpc_canonical(data: &[u8]) -> Result<Vec<u8>, Error> {
    let (mut out, mut len) = (ptr::null_mut(), 0usize);
    check(unsafe { ffi::ssr_olpc_canonical(ptr_of(data), data.len(), &mut out, &mut len) })?;
    Ok(take(out, len))
}

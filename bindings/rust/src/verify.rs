// SPDX-License-Identifier: Apache-2.0
//! Verification of what registries receive (Sigstore bundles, PEP 740 and
//! npm attestations) and of OIDC ID tokens.
use crate::artifacts::{artifact_of, Artifact};
use crate::result::{verified_of, VerifyResult};
use crate::{check, ffi, match_of, outcome, ptr_of, report_of, string, Error, MatchResult, PublicKey};
use std::ffi::CString;
use std::os::raw::{c_int, c_uint, c_void};
use std::ptr;

/// A failed verification call: `Error::Refused` with the report for SSR_EVERIFY.
fn failure(status: c_int, report: *mut ffi::ssr_report) -> Result<(), Error> {
    if status == ffi::SSR_EVERIFY && !report.is_null() {
        return Err(Error::Refused(report_of(report)));
    }
    outcome(status, report)
}

/// A Sigstore trusted root.
pub struct TrustedRoot(pub(crate) *mut ffi::ssr_trust_root);

unsafe impl Send for TrustedRoot {}
unsafe impl Sync for TrustedRoot {}

impl Drop for TrustedRoot {
    fn drop(&mut self) {
        unsafe { ffi::ssr_trust_root_free(self.0) };
    }
}

impl TrustedRoot {
    fn load(instance: c_int) -> Result<TrustedRoot, Error> {
        let mut root = TrustedRoot(ptr::null_mut());
        check(unsafe { ffi::ssr_trust_root_load(instance, &mut root.0) })?;
        Ok(root)
    }

    /// Sigstore's public-good root, as libssr carries it.
    pub fn public_good() -> Result<TrustedRoot, Error> {
        TrustedRoot::load(ffi::SSR_TRUST_PUBLIC_GOOD)
    }

    /// Sigstore's staging root, as libssr carries it.
    pub fn staging() -> Result<TrustedRoot, Error> {
        TrustedRoot::load(ffi::SSR_TRUST_STAGING)
    }

    /// A trusted_root.json.
    pub fn parse(data: &[u8]) -> Result<TrustedRoot, Error> {
        let (mut root, mut report) = (TrustedRoot(ptr::null_mut()), ptr::null_mut());
        failure(unsafe { ffi::ssr_trust_root_parse(ptr_of(data), data.len(), &mut root.0, &mut report) }, report)?;
        Ok(root)
    }
}

/// Who must have signed.
pub struct VerifyPolicy(*mut ffi::ssr_verify_policy);

unsafe impl Send for VerifyPolicy {}
unsafe impl Sync for VerifyPolicy {}

impl Drop for VerifyPolicy {
    fn drop(&mut self) {
        unsafe { ffi::ssr_verify_policy_free(self.0) };
    }
}

impl VerifyPolicy {
    /// The certificate's one SAN equals `identity` and its OIDC issuer `issuer`, whole.
    pub fn identity(identity: &str, issuer: &str) -> Result<VerifyPolicy, Error> {
        let mut p = VerifyPolicy(ptr::null_mut());
        check(unsafe {
            ffi::ssr_verify_policy_identity(identity.as_ptr() as *const c_void, identity.len(),
                                            issuer.as_ptr() as *const c_void, issuer.len(), &mut p.0)
        })?;
        Ok(p)
    }

    /// The bundle's signature must verify with this managed key.
    pub fn key(key: &PublicKey) -> Result<VerifyPolicy, Error> {
        let mut p = VerifyPolicy(ptr::null_mut());
        check(unsafe { ffi::ssr_verify_policy_key(key.as_ptr(), &mut p.0) })?;
        Ok(p)
    }

    /// A trusted-publisher/v1 document, constraining certificates as PyPI does.
    pub fn publisher(document: &[u8]) -> Result<VerifyPolicy, Error> {
        let (mut p, mut report) = (VerifyPolicy(ptr::null_mut()), ptr::null_mut());
        failure(unsafe { ffi::ssr_verify_policy_publisher(ptr_of(document), document.len(), &mut p.0, &mut report) },
                report)?;
        Ok(p)
    }

    /// PEP 740 tooling's JSON form: {"identity", "issuer", extensions...} or one publisher block.
    pub fn parse(json: &[u8]) -> Result<VerifyPolicy, Error> {
        let (mut p, mut report) = (VerifyPolicy(ptr::null_mut()), ptr::null_mut());
        failure(unsafe { ffi::ssr_verify_policy_parse(ptr_of(json), json.len(), &mut p.0, &mut report) }, report)?;
        Ok(p)
    }

    /// The Fulcio extension `name` must be present and equal `value`.
    pub fn require(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let cname = CString::new(name).map_err(|_| crate::invalid_argument("name must not contain NUL".to_owned()))?;
        match unsafe { ffi::ssr_verify_policy_require(self.0, cname.as_ptr(), value.as_ptr() as *const c_void, value.len()) } {
            ffi::SSR_OK => Ok(()),
            status => Err(Error::Status {
                status,
                message: format!("'{}': an unknown extension name, or a managed-key policy", name),
            }),
        }
    }

    /// Would this certificate (PEM or DER) satisfy the policy? No chain, time
    /// or signature: the one attestation's signer, with no times or entries.
    pub fn check(&self, certificate: &[u8]) -> Result<VerifyResult, Error> {
        let (mut result, mut report) = (ptr::null_mut(), ptr::null_mut());
        failure(unsafe {
            ffi::ssr_verify_policy_check(self.0, ptr_of(certificate), certificate.len(), &mut result, &mut report)
        }, report)?;
        verified_of(result)
    }
}

/// When a verification happens and how much evidence it demands: at least
/// `min_log_entries` transparency-log entries (default 1; 0 for evidence that
/// is never logged, such as attestations of private repositories) and
/// `min_signed_times` verified signed times (default 1). Evidence present that
/// does not verify is refused whatever they say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// Unix seconds; `None`: the time of the call.
    pub now: Option<i64>,
    pub min_log_entries: Option<u32>,
    pub min_signed_times: Option<u32>,
    /// Waives the certificate's SCT (a private CA without a CT log).
    pub no_sct: bool,
}

impl VerifyOptions {
    /// The defaults, at Unix time `now`.
    pub fn at(now: i64) -> Self {
        VerifyOptions { now: Some(now), ..Default::default() }
    }

    /// The fewest transparency-log entries (0 to 32).
    pub fn min_log_entries(mut self, count: u32) -> Self {
        self.min_log_entries = Some(count);
        self
    }

    /// The fewest verified signed times (1 to 64).
    pub fn min_signed_times(mut self, count: u32) -> Self {
        self.min_signed_times = Some(count);
        self
    }

    /// No SCT required of the certificate (a private CA without a CT log).
    pub fn no_sct(mut self) -> Self {
        self.no_sct = true;
        self
    }
}

/// The library's options for one call, freed when dropped.
struct Options(*mut ffi::ssr_verify_options);

impl Drop for Options {
    fn drop(&mut self) {
        unsafe { ffi::ssr_verify_options_free(self.0) };
    }
}

fn options_of(o: &VerifyOptions) -> Result<Options, Error> {
    let opts = Options(unsafe { ffi::ssr_verify_options_new() });
    if opts.0.is_null() {
        return Err(Error::Status { status: ffi::SSR_ENOMEM, message: "out of memory".into() });
    }
    if let Some(now) = o.now {
        check(unsafe { ffi::ssr_verify_options_set_time(opts.0, now) })?;
    }
    if let Some(n) = o.min_log_entries {
        check(unsafe { ffi::ssr_verify_options_set_min_log_entries(opts.0, n as c_uint) })?;
    }
    if let Some(n) = o.min_signed_times {
        check(unsafe { ffi::ssr_verify_options_set_min_signed_times(opts.0, n as c_uint) })?;
    }
    if o.no_sct {
        check(unsafe { ffi::ssr_verify_options_set_require_sct(opts.0, 0) })?;
    }
    Ok(opts)
}

/// Verifies a Sigstore bundle over an artifact against `policy` and `root`
/// with `options`: what was verified ([`VerifyResult`]); `Error::Refused` names
/// the failed check.
pub fn verify_bundle(bundle: &[u8], policy: &VerifyPolicy, artifact: Artifact<'_>, root: &TrustedRoot,
                     options: &VerifyOptions) -> Result<VerifyResult, Error> {
    let a = artifact_of(artifact)?;
    let o = options_of(options)?;
    let (mut result, mut report) = (ptr::null_mut(), ptr::null_mut());
    failure(unsafe {
        ffi::ssr_verify_bundle(root.0, policy.0, ptr_of(bundle), bundle.len(), a.0, o.0, &mut result, &mut report)
    }, report)?;
    verified_of(result)
}

/// Verifies PEP 740 attestations of the distribution file `filename`.
pub fn verify_pep740(attestation: &[u8], filename: &str, policy: &VerifyPolicy, artifact: Artifact<'_>,
                     root: &TrustedRoot, options: &VerifyOptions) -> Result<VerifyResult, Error> {
    let a = artifact_of(artifact)?;
    let o = options_of(options)?;
    let (mut result, mut report) = (ptr::null_mut(), ptr::null_mut());
    failure(unsafe {
        ffi::ssr_verify_pep740(root.0, policy.0, ptr_of(attestation), attestation.len(),
                               filename.as_ptr() as *const c_void, filename.len(), a.0, o.0, &mut result, &mut report)
    }, report)?;
    verified_of(result)
}

/// Verifies the npm registry's attestations for `package` (NAME@VERSION) against the tarball and the registry's keys.
pub fn verify_npm(attestations: &[u8], package: &str, keys: &[u8], artifact: Artifact<'_>, root: &TrustedRoot,
                  options: &VerifyOptions) -> Result<VerifyResult, Error> {
    let a = artifact_of(artifact)?;
    let o = options_of(options)?;
    let (mut result, mut report) = (ptr::null_mut(), ptr::null_mut());
    failure(unsafe {
        ffi::ssr_verify_npm(root.0, ptr_of(keys), keys.len(), ptr_of(attestations), attestations.len(),
                            package.as_ptr() as *const c_void, package.len(), a.0, o.0, &mut result, &mut report)
    }, report)?;
    verified_of(result)
}

/// A JSON Web Key Set: the keys an OIDC issuer signs its ID tokens with.
pub struct Jwks(*mut ffi::ssr_jwks);

unsafe impl Send for Jwks {}
unsafe impl Sync for Jwks {}

impl Drop for Jwks {
    fn drop(&mut self) {
        unsafe { ffi::ssr_jwks_free(self.0) };
    }
}

impl Jwks {
    pub(crate) fn as_ptr(&self) -> *const ffi::ssr_jwks {
        self.0
    }

    pub fn parse(data: &[u8]) -> Result<Jwks, Error> {
        let (mut j, mut report) = (Jwks(ptr::null_mut()), ptr::null_mut());
        failure(unsafe { ffi::ssr_jwks_parse(ptr_of(data), data.len(), &mut j.0, &mut report) }, report)?;
        Ok(j)
    }

    /// How many keys the set holds.
    pub fn len(&self) -> usize {
        unsafe { ffi::ssr_jwks_count(self.0) }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What [`tp_verify_token`] established: the match, the verified header's alg and kid, the claims (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResult {
    pub matched: MatchResult,
    pub alg: String,
    pub kid: Option<String>,
    pub claims: String,
}

/// Trusted publishing end to end: the ID token's signature against `jwks`, then
/// its claims against the trusted-publisher `policy` at Unix time `now`.
/// `Error::Refused` when the token itself is refused.
pub fn tp_verify_token(policy: &[u8], jwks: &Jwks, token: &[u8], now: i64) -> Result<TokenResult, Error> {
    let (mut compiled, mut report) = (ptr::null_mut(), ptr::null_mut());
    failure(unsafe { ffi::ssr_tp_policy_parse(ptr_of(policy), policy.len(), &mut compiled, &mut report) }, report)?;
    let (mut result, mut report) = (ptr::null_mut(), ptr::null_mut());
    let status = unsafe { ffi::ssr_tp_verify_token(compiled, jwks.0, ptr_of(token), token.len(), now, 0, &mut result,
                                                   &mut report) };
    unsafe { ffi::ssr_tp_policy_free(compiled) };
    failure(if status == ffi::SSR_ENOMATCH { ffi::SSR_OK } else { status }, report)?;
    let out = TokenResult {
        matched: match_of(result),
        alg: string(unsafe { ffi::ssr_tp_token_alg(result) }).unwrap_or_default(),
        kid: string(unsafe { ffi::ssr_tp_token_kid(result) }),
        claims: string(unsafe { ffi::ssr_tp_token_claims(result) }).unwrap_or_default(),
    };
    unsafe { ffi::ssr_tp_result_free(result) };
    Ok(out)
}

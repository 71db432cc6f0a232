// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdlib.h>
#include <ssr.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// VerifyError says that a verification refused what it was given; Report
// names the failed check and where.
type VerifyError struct {
	Report *Report
}

func (e *VerifyError) Error() string {
	for _, d := range e.Report.Diagnostics {
		if d.Severity == "error" {
			return fmt.Sprintf("%s at '%s': %s", d.Code, d.Pointer, d.Message)
		}
	}
	return "verification failed"
}

// Unwrap makes errors.Is(err, ErrVerification) true.
func (e *VerifyError) Unwrap() error { return ErrVerification }

// failure turns a verification call's status and report (freed here) into an error.
func failure(status C.int, r *C.ssr_report) error {
	switch {
	case status == C.SSR_OK:
		C.ssr_report_free(r)
		return nil
	case status == C.SSR_EVERIFY && r != nil:
		report, err := reportOf(r)
		if err != nil {
			return err
		}
		return &VerifyError{Report: report}
	case status == C.SSR_EINVALID && r != nil:
		return invalid(r)
	}
	C.ssr_report_free(r)
	return statusError(status)
}

// guard makes a C object safe to share between goroutines: every call into
// C holds a use of it, Close is atomic, and an object closed while calls use
// it is freed when the last of them ends. A closed or nil object is an error
// naming it, never a crash.
type guard struct {
	mu     sync.Mutex
	ptr    unsafe.Pointer
	uses   int
	closed bool
	free   func(unsafe.Pointer)
}

// zeroError is the error of an object that no constructor made (a zero value such as &VerifyPolicy{}).
func zeroError(name string) error {
	return &Error{Status: int(C.SSR_EINVAL), Message: "a " + name + " not made by its constructor (a zero value)"}
}

func closedError(name string) error {
	return &Error{Status: int(C.SSR_EINVAL), Message: "the " + name + " was closed"}
}

func nilError(name string) error {
	return &Error{Status: int(C.SSR_EINVAL), Message: "a nil *" + name}
}

// acquire holds a use of the object, `name` its type's; release ends it.
func (g *guard) acquire(name string) (unsafe.Pointer, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.free == nil {
		return nil, zeroError(name)
	}
	if g.closed || g.ptr == nil {
		return nil, closedError(name)
	}
	g.uses++
	return g.ptr, nil
}

func (g *guard) release() {
	g.mu.Lock()
	g.uses--
	var p unsafe.Pointer
	if g.closed && g.uses == 0 {
		p, g.ptr = g.ptr, nil
	}
	g.mu.Unlock()
	if p != nil {
		g.free(p)
	}
}

func (g *guard) close() {
	g.mu.Lock()
	var p unsafe.Pointer
	if !g.closed {
		g.closed = true
		if g.uses == 0 {
			p, g.ptr = g.ptr, nil
		}
	}
	g.mu.Unlock()
	if p != nil {
		g.free(p)
	}
}

// TrustedRoot is a Sigstore trusted root. Goroutines may share it.
type TrustedRoot struct{ g guard }

func newRoot(p *C.ssr_trust_root) *TrustedRoot {
	t := &TrustedRoot{g: guard{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.ssr_trust_root_free((*C.ssr_trust_root)(p)) }}}
	runtime.SetFinalizer(t, (*TrustedRoot).Close)
	return t
}

func (t *TrustedRoot) use() (*C.ssr_trust_root, error) {
	if t == nil {
		return nil, nilError("TrustedRoot")
	}
	p, err := t.g.acquire("TrustedRoot")
	return (*C.ssr_trust_root)(p), err
}

func loadRoot(instance C.int) (*TrustedRoot, error) {
	var p *C.ssr_trust_root
	if err := statusError(C.ssr_trust_root_load(instance, &p)); err != nil {
		return nil, err
	}
	return newRoot(p), nil
}

// PublicGoodRoot is Sigstore's public-good trusted root, as libssr carries it.
func PublicGoodRoot() (*TrustedRoot, error) { return loadRoot(C.SSR_TRUST_PUBLIC_GOOD) }

// StagingRoot is Sigstore's staging trusted root, as libssr carries it.
func StagingRoot() (*TrustedRoot, error) { return loadRoot(C.SSR_TRUST_STAGING) }

// ParseTrustedRoot reads a trusted_root.json.
func ParseTrustedRoot(data []byte) (*TrustedRoot, error) {
	d, n := cbytes(data)
	var p *C.ssr_trust_root
	var r *C.ssr_report
	if err := failure(C.ssr_trust_root_parse(unsafe.Pointer(d), n, &p, &r), r); err != nil {
		return nil, err
	}
	return newRoot(p), nil
}

// Close frees the root, or lets the verifications using it free it when they
// end. Calling it again, from any goroutine, is harmless.
func (t *TrustedRoot) Close() {
	if t != nil {
		t.g.close()
	}
}

// VerifyPolicy says who must have signed. Goroutines may share it.
type VerifyPolicy struct{ g guard }

func newPolicy(p *C.ssr_verify_policy) *VerifyPolicy {
	v := &VerifyPolicy{g: guard{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.ssr_verify_policy_free((*C.ssr_verify_policy)(p)) }}}
	runtime.SetFinalizer(v, (*VerifyPolicy).Close)
	return v
}

func (v *VerifyPolicy) use() (*C.ssr_verify_policy, error) {
	if v == nil {
		return nil, nilError("VerifyPolicy")
	}
	p, err := v.g.acquire("VerifyPolicy")
	return (*C.ssr_verify_policy)(p), err
}

// IdentityPolicy: the certificate's one SAN equals identity and its OIDC issuer equals issuer, whole.
func IdentityPolicy(identity, issuer string) (*VerifyPolicy, error) {
	i, in := cbytes([]byte(identity))
	s, sn := cbytes([]byte(issuer))
	var p *C.ssr_verify_policy
	if status := C.ssr_verify_policy_identity(unsafe.Pointer(i), in, unsafe.Pointer(s), sn, &p); status != C.SSR_OK {
		if status == C.SSR_EINVAL {
			return nil, &Error{Status: int(status), Message: "identity and issuer must not be empty"}
		}
		return nil, statusError(status)
	}
	return newPolicy(p), nil
}

// KeyPolicy: the bundle's signature must verify with this managed key.
func KeyPolicy(key *PublicKey) (*VerifyPolicy, error) {
	h, err := key.handle()
	if err != nil {
		return nil, err
	}
	defer key.g.release()
	var p *C.ssr_verify_policy
	if err := statusError(C.ssr_verify_policy_key(h, &p)); err != nil {
		return nil, err
	}
	return newPolicy(p), nil
}

// PublisherPolicy: a trusted-publisher/v1 document, constraining certificates as PyPI does.
func PublisherPolicy(document []byte) (*VerifyPolicy, error) {
	d, n := cbytes(document)
	var p *C.ssr_verify_policy
	var r *C.ssr_report
	if err := failure(C.ssr_verify_policy_publisher(unsafe.Pointer(d), n, &p, &r), r); err != nil {
		return nil, err
	}
	return newPolicy(p), nil
}

// ParseVerifyPolicy reads PEP 740 tooling's JSON form: {"identity", "issuer",
// extensions...} or one publisher block ({"github": {...}}, ...).
func ParseVerifyPolicy(policy []byte) (*VerifyPolicy, error) {
	d, n := cbytes(policy)
	var p *C.ssr_verify_policy
	var r *C.ssr_report
	if err := failure(C.ssr_verify_policy_parse(unsafe.Pointer(d), n, &p, &r), r); err != nil {
		return nil, err
	}
	return newPolicy(p), nil
}

// Require adds a constraint: the Fulcio extension name must be present and equal value.
func (v *VerifyPolicy) Require(name, value string) error {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	d, n := cbytes([]byte(value))
	vp, err := v.use()
	if err != nil {
		return err
	}
	defer v.g.release()
	if status := C.ssr_verify_policy_require(vp, cname, unsafe.Pointer(d), n); status != C.SSR_OK {
		return &Error{Status: int(status), Message: fmt.Sprintf("%q: an unknown extension name, or a managed-key policy", name)}
	}
	return nil
}

// Close frees the policy, or lets the verifications using it free it when
// they end. Calling it again, from any goroutine, is harmless.
func (v *VerifyPolicy) Close() {
	if v != nil {
		v.g.close()
	}
}

// VerifyResult is what a verification established: each attestation's
// signer (a certificate's identity and Fulcio extensions, or a managed
// key's id), its signed times, its log entries and, for DSSE, the verified
// statement. JSON is the library's own form of it, which RenderPanel reads
// and a registry may store.
type VerifyResult struct {
	Verified     bool          `json:"verified"`
	Attestations []Attestation `json:"attestations"`
	JSON         []byte        `json:"-"`
}

// Attestation is one verified bundle or attestation.
type Attestation struct {
	MediaType   string            `json:"media_type"`
	Identity    *Identity         `json:"identity,omitempty"`
	KeyID       string            `json:"key_id,omitempty"`
	Extensions  map[string]string `json:"extensions,omitempty"`
	Times       []SignedTime      `json:"times"`
	TlogEntries []TlogEntry       `json:"tlog_entries"`
	Digest      map[string]string `json:"digest,omitempty"` // a message signature: the artifact digest it is over
	PayloadType string            `json:"payload_type,omitempty"`
	Statement   json.RawMessage   `json:"statement,omitempty"`
}

// Identity is a signing certificate's one SAN and its kind ("uri", "email", "other").
type Identity struct {
	SAN  string `json:"san"`
	Kind string `json:"kind"`
}

// SignedTime is a time the signature was proven to exist at, and what proved it
// ("transparency-log" or "timestamp-authority", at URI).
type SignedTime struct {
	Time   time.Time `json:"time"`
	Source string    `json:"source"`
	URI    string    `json:"uri"`
}

// TlogEntry is a verified transparency-log entry; IntegratedTime is nil when no SET signed it.
type TlogEntry struct {
	LogURL         string `json:"log_url"`
	LogIndex       int64  `json:"log_index"`
	IntegratedTime *int64 `json:"integrated_time,omitempty"`
	Kind           string `json:"kind"`
	Version        string `json:"version"`
}

func resultOf(p *C.ssr_verify_result) (*VerifyResult, error) {
	defer C.ssr_verify_result_free(p)
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_verify_result_to_json(p, &out, &n)); err != nil {
		return nil, err
	}
	r := &VerifyResult{JSON: take(unsafe.Pointer(out), n)}
	if err := json.Unmarshal(r.JSON, r); err != nil {
		return nil, err
	}
	return r, nil
}

// Check says whether a certificate (PEM or DER) would satisfy the policy:
// identity, issuer and extensions only; no chain, time or signature.
func (v *VerifyPolicy) Check(certificate []byte) (*VerifyResult, error) {
	d, n := cbytes(certificate)
	var p *C.ssr_verify_result
	var r *C.ssr_report
	vp, err := v.use()
	if err != nil {
		return nil, err
	}
	defer v.g.release()
	if err := failure(C.ssr_verify_policy_check(vp, unsafe.Pointer(d), n, &p, &r), r); err != nil {
		return nil, err
	}
	return resultOf(p)
}

// VerifyOptions gives the artifact (exactly one of Data, Path and Digests),
// the trusted root (nil: Sigstore's public-good one) and the time (zero: now).
// MinLogEntries is the fewest transparency-log entries a bundle must hold
// (nil: 1; 0 for evidence that is never logged, such as attestations of
// private repositories) and MinSignedTimes the fewest verified signed times
// (nil: 1). Evidence present that does not verify is refused whatever they say.
// NoSCT waives the certificate's SCT (a private CA without a CT log).
type VerifyOptions struct {
	Artifact       Artifact
	Root           *TrustedRoot
	Now            time.Time
	MinLogEntries  *int
	MinSignedTimes *int
	NoSCT          bool
}

var publicGood struct {
	once sync.Once
	root *TrustedRoot
	err  error
}

// defaultRoot is Sigstore's public-good root, loaded once per process and kept.
func defaultRoot() (*TrustedRoot, error) {
	publicGood.once.Do(func() { publicGood.root, publicGood.err = PublicGoodRoot() })
	return publicGood.root, publicGood.err
}

// evidence is the library's options for one verification: its time and the evidence it demands.
func (o *VerifyOptions) evidence() (*C.ssr_verify_options, error) {
	opts := C.ssr_verify_options_new()
	if opts == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	when := o.Now
	if when.IsZero() {
		when = time.Now()
	}
	status := C.ssr_verify_options_set_time(opts, C.int64_t(when.Unix()))
	if m := o.MinLogEntries; status == C.SSR_OK && m != nil {
		status = C.SSR_EINVAL
		if *m >= 0 && *m <= 32 {
			status = C.ssr_verify_options_set_min_log_entries(opts, C.uint(*m))
		}
	}
	if m := o.MinSignedTimes; status == C.SSR_OK && m != nil {
		status = C.SSR_EINVAL
		if *m >= 1 && *m <= 64 {
			status = C.ssr_verify_options_set_min_signed_times(opts, C.uint(*m))
		}
	}
	if status == C.SSR_OK && o.NoSCT {
		status = C.ssr_verify_options_set_require_sct(opts, 0)
	}
	if status != C.SSR_OK {
		C.ssr_verify_options_free(opts)
		if status == C.SSR_EINVAL {
			return nil, &Error{Status: int(status), Message: "MinLogEntries is 0 to 32, MinSignedTimes 1 to 64"}
		}
		return nil, statusError(status)
	}
	return opts, nil
}

// prepare makes the artifact and the options and holds a use of the root; done() frees and releases them.
func (o *VerifyOptions) prepare() (a *C.ssr_artifact, root *C.ssr_trust_root, opts *C.ssr_verify_options, done func(),
	err error) {
	t := o.Root
	if t == nil {
		if t, err = defaultRoot(); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if opts, err = o.evidence(); err != nil {
		return nil, nil, nil, nil, err
	}
	if root, err = t.use(); err != nil {
		C.ssr_verify_options_free(opts)
		return nil, nil, nil, nil, err
	}
	if a, err = artifactOf(o.Artifact); err != nil {
		t.g.release()
		C.ssr_verify_options_free(opts)
		return nil, nil, nil, nil, err
	}
	return a, root, opts, func() { C.ssr_artifact_free(a); C.ssr_verify_options_free(opts); t.g.release() }, nil
}

// VerifyBundle verifies a Sigstore bundle over an artifact against a policy.
// The error is a *VerifyError (its report names the failed check) or an
// *InvalidError for a bundle that is not one.
func VerifyBundle(bundle []byte, policy *VerifyPolicy, opts VerifyOptions) (*VerifyResult, error) {
	pp, err := policy.use()
	if err != nil {
		return nil, err
	}
	defer policy.g.release()
	a, root, o, done, err := opts.prepare()
	if err != nil {
		return nil, err
	}
	defer done()
	d, n := cbytes(bundle)
	var p *C.ssr_verify_result
	var r *C.ssr_report
	status := C.ssr_verify_bundle(root, pp, unsafe.Pointer(d), n, a, o, &p, &r)
	if err := failure(status, r); err != nil {
		return nil, err
	}
	return resultOf(p)
}

// VerifyPEP740 verifies PEP 740 attestations (an attestation, a provenance
// object or a bundle) of the distribution file filename.
func VerifyPEP740(attestation []byte, filename string, policy *VerifyPolicy, opts VerifyOptions) (*VerifyResult, error) {
	pp, err := policy.use()
	if err != nil {
		return nil, err
	}
	defer policy.g.release()
	a, root, o, done, err := opts.prepare()
	if err != nil {
		return nil, err
	}
	defer done()
	d, n := cbytes(attestation)
	f, fn := cbytes([]byte(filename))
	var p *C.ssr_verify_result
	var r *C.ssr_report
	status := C.ssr_verify_pep740(root, pp, unsafe.Pointer(d), n, unsafe.Pointer(f), fn, a, o, &p, &r)
	if err := failure(status, r); err != nil {
		return nil, err
	}
	return resultOf(p)
}

// VerifyNPM verifies the npm registry's attestations for pkg (NAME@VERSION)
// against the tarball and the registry's keys.
func VerifyNPM(attestations []byte, pkg string, keys []byte, opts VerifyOptions) (*VerifyResult, error) {
	a, root, o, done, err := opts.prepare()
	if err != nil {
		return nil, err
	}
	defer done()
	d, n := cbytes(attestations)
	k, kn := cbytes(keys)
	g, gn := cbytes([]byte(pkg))
	var p *C.ssr_verify_result
	var r *C.ssr_report
	status := C.ssr_verify_npm(root, unsafe.Pointer(k), kn, unsafe.Pointer(d), n, unsafe.Pointer(g), gn, a, o, &p, &r)
	if err := failure(status, r); err != nil {
		return nil, err
	}
	return resultOf(p)
}

// JWKS is a JSON Web Key Set: the keys an OIDC issuer signs its ID tokens with. Goroutines may share it.
type JWKS struct{ g guard }

func (j *JWKS) use() (*C.ssr_jwks, error) {
	if j == nil {
		return nil, nilError("JWKS")
	}
	p, err := j.g.acquire("JWKS")
	return (*C.ssr_jwks)(p), err
}

// ParseJWKS reads a key set.
func ParseJWKS(data []byte) (*JWKS, error) {
	d, n := cbytes(data)
	var p *C.ssr_jwks
	var r *C.ssr_report
	if err := failure(C.ssr_jwks_parse(unsafe.Pointer(d), n, &p, &r), r); err != nil {
		return nil, err
	}
	j := &JWKS{g: guard{ptr: unsafe.Pointer(p), free: func(p unsafe.Pointer) { C.ssr_jwks_free((*C.ssr_jwks)(p)) }}}
	runtime.SetFinalizer(j, (*JWKS).Close)
	return j, nil
}

// Close frees the set, or lets the calls using it free it when they end. Calling it again is harmless.
func (j *JWKS) Close() {
	if j != nil {
		j.g.close()
	}
}

// TokenResult is what TPVerifyToken established: the match, and the verified
// token's header and claims. Claims is the claims' JSON as the library read
// it (exact numbers), for json.Unmarshal into the struct a registry keeps;
// ClaimsMap decodes it generically. Decoding costs more than the verification's
// own overhead, so only a caller who reads the claims pays for it.
type TokenResult struct {
	Match  *MatchResult
	Alg    string
	Kid    string
	Claims json.RawMessage
}

// ClaimsMap decodes the verified claims into a map (numbers as json.Number, exact).
func (r *TokenResult) ClaimsMap() (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(r.Claims))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// TPVerifyToken is trusted publishing end to end: the ID token's signature
// against jwks, then its claims against the trusted-publisher policy at now (the zero time: now).
// A *VerifyError when the token itself is refused.
func TPVerifyToken(policy []byte, jwks *JWKS, token []byte, now time.Time) (*TokenResult, error) {
	if now.IsZero() { // as VerifyOptions.Now: the zero time means now, never the year 1
		now = time.Now()
	}
	jp, err := jwks.use()
	if err != nil {
		return nil, err
	}
	defer jwks.g.release()
	d, n := cbytes(policy)
	var compiled *C.ssr_tp_policy
	var r *C.ssr_report
	if err := failure(C.ssr_tp_policy_parse(unsafe.Pointer(d), n, &compiled, &r), r); err != nil {
		return nil, err
	}
	defer C.ssr_tp_policy_free(compiled)
	t, tn := cbytes(token)
	var result *C.ssr_tp_result
	r = nil
	status := C.ssr_tp_verify_token(compiled, jp, unsafe.Pointer(t), tn, C.int64_t(now.Unix()), 0, &result, &r)
	if status == C.SSR_ENOMATCH { // a result either way: its Match says which
		status = C.SSR_OK
	}
	if err := failure(status, r); err != nil {
		return nil, err
	}
	defer C.ssr_tp_result_free(result)
	out := &TokenResult{Match: matchOf(result), Alg: C.GoString(C.ssr_tp_token_alg(result))}
	if kid := C.ssr_tp_token_kid(result); kid != nil {
		out.Kid = C.GoString(kid)
	}
	out.Claims = json.RawMessage(C.GoString(C.ssr_tp_token_claims(result)))
	return out, nil
}

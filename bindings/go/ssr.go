// SPDX-License-Identifier: Apache-2.0

// Package ssr is the Go binding of libssr: validate, canonicalize, sign and
// verify package-registry security metadata. Every verdict comes from the C
// library; this package only converts arguments and results.
//
// It finds libssr through pkg-config: for an uninstalled build, set
// PKG_CONFIG_PATH to the build folder's meson-uninstalled directory.
package ssr

/*
#cgo pkg-config: libssr
#include <stdlib.h>
#include <ssr.h>
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"unsafe"
)

// Error is a failed libssr call; Status is the library's status code.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

// InvalidError says that the input is not a valid document of the kind the call needs.
type InvalidError struct {
	Report *Report
}

func (e *InvalidError) Error() string {
	if len(e.Report.Diagnostics) == 0 {
		return "invalid document"
	}
	d := e.Report.Diagnostics[0]
	return fmt.Sprintf("%s at '%s': %s", d.Code, d.Pointer, d.Message)
}

// ErrVerification is returned (wrapped) when fewer keys than the threshold verified an envelope.
var ErrVerification = errors.New("signature verification failed")

func statusError(status C.int) error {
	if status == C.SSR_OK {
		return nil
	}
	return &Error{Status: int(status), Message: C.GoString(C.ssr_strerror(status))}
}

// Diagnostic is one finding of a validation.
type Diagnostic struct {
	Severity       string `json:"severity"`
	Code           string `json:"code"`
	Pointer        string `json:"pointer"`
	Line           int    `json:"line"`
	Column         int    `json:"column"`
	Message        string `json:"message"`
	PayloadPointer string `json:"payload_pointer,omitempty"`
}

// Report is the outcome of a validation.
type Report struct {
	Valid       bool         `json:"valid"`
	Kind        string       `json:"kind"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// MatchResult is the outcome of trusted-publisher matching.
type MatchResult struct {
	Matched      bool
	JTI          string
	FailedClaim  string
	FailedOp     string
	FailedReason string
	// Bound holds the values bound on first use (only in a matching result):
	// a string as itself, a number as its exact decimal text.
	Bound          map[string]string
	ConditionsHeld int
}

// Levels are a repository's maturity levels.
type Levels struct {
	Tracks map[string]struct {
		Applies     bool     `json:"applies"`
		Level       *int     `json:"level"`
		NextMissing []string `json:"next_missing"`
	} `json:"tracks"`
	Overall int `json:"overall"`
}

// empty stands in for a zero-length slice, so that C never sees a NULL pointer.
var empty = []byte{0}

func cbytes(b []byte) (*C.char, C.size_t) {
	if len(b) == 0 {
		return (*C.char)(unsafe.Pointer(&empty[0])), 0
	}
	return (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// take copies an ssr-allocated buffer and frees it.
func take(p unsafe.Pointer, n C.size_t) []byte {
	defer C.ssr_free(p)
	return C.GoBytes(p, C.int(n))
}

// reportOf reads a report through the library's accessors (no JSON round
// trip, so a valid document costs two calls) and frees it.
func reportOf(r *C.ssr_report) (*Report, error) {
	defer C.ssr_report_free(r)
	count := int(C.ssr_report_count(r))
	report := &Report{
		Valid:       C.ssr_report_valid(r) != 0,
		Kind:        C.GoString(C.ssr_kind_name(C.ssr_report_kind(r))),
		Diagnostics: make([]Diagnostic, 0, count),
	}
	for i := 0; i < count; i++ {
		j := C.size_t(i)
		severity := "warning"
		if C.ssr_diag_severity(r, j) == C.SSR_SEVERITY_ERROR {
			severity = "error"
		}
		d := Diagnostic{
			Severity: severity,
			Code:     C.GoString(C.ssr_diag_code(r, j)),
			Pointer:  C.GoString(C.ssr_diag_pointer(r, j)),
			Line:     int(C.ssr_diag_line(r, j)),
			Column:   int(C.ssr_diag_column(r, j)),
			Message:  C.GoString(C.ssr_diag_message(r, j)),
		}
		if pp := C.ssr_diag_payload_pointer(r, j); pp != nil {
			d.PayloadPointer = C.GoString(pp)
		}
		report.Diagnostics = append(report.Diagnostics, d)
	}
	return report, nil
}

func invalid(r *C.ssr_report) error {
	report, err := reportOf(r)
	if err != nil {
		return err
	}
	return &InvalidError{Report: report}
}

// The library versions this binding supports: 0.1.0 and later 0.x releases,
// and not older than the headers it was compiled with.
func checkVersion(loaded, built int, text string) error {
	if loaded < 100 || loaded >= 10000 || loaded < built {
		return fmt.Errorf("ssr: the loaded libssr is %s, but this binding needs 0.1.0 or a later 0.x "+
			"(and at least the %s it was built against)", text, C.SSR_VERSION_STRING)
	}
	return nil
}

func init() {
	// A libssr this binding does not support would give wrong answers: refuse to start.
	if err := checkVersion(int(C.ssr_version_number()), int(C.SSR_VERSION_NUMBER), C.GoString(C.ssr_version())); err != nil {
		panic(err)
	}
}

// Version is the library's version, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.ssr_version()) }

// CryptoBackend is the library every ECDSA check goes to, with its
// version: "aws-lc 5.12.0", or OpenSSL's version text.
func CryptoBackend() string { return C.GoString(C.ssr_crypto_backend()) }

// Validate validates data as kind (a kind name such as "release" or "osv"; "" detects it).
func Validate(data []byte, kind string) (*Report, error) {
	k := C.int(C.SSR_KIND_AUTO)
	if kind != "" {
		name := C.CString(kind)
		defer C.free(unsafe.Pointer(name))
		k = C.ssr_kind_from_name(unsafe.Pointer(name), C.size_t(len(kind)))
		if k < 0 {
			return nil, &Error{Status: int(C.SSR_EINVAL), Message: fmt.Sprintf("unknown kind %q", kind)}
		}
	}
	p, n := cbytes(data)
	var r *C.ssr_report
	if err := statusError(C.ssr_validate(unsafe.Pointer(p), n, k, nil, &r)); err != nil {
		return nil, err
	}
	return reportOf(r)
}

func write(data []byte, pretty bool) ([]byte, error) {
	p, n := cbytes(data)
	var doc *C.ssr_doc
	var r *C.ssr_report
	status := C.ssr_doc_parse(unsafe.Pointer(p), n, nil, &doc, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	defer C.ssr_doc_free(doc)
	var out *C.char
	var outLen C.size_t
	if pretty {
		status = C.ssr_doc_pretty(doc, &out, &outLen)
	} else {
		status = C.ssr_doc_canonical(doc, &out, &outLen)
	}
	if err := statusError(status); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), outLen), nil
}

// Canonicalize returns the RFC 8785 canonical bytes of a strict-JSON document.
func Canonicalize(data []byte) ([]byte, error) { return write(data, false) }

// Pretty returns the deterministic pretty form of a strict-JSON document.
func Pretty(data []byte) (string, error) {
	out, err := write(data, true)
	return string(out), err
}

// Digest returns the lowercase hex digest of data (sha256, sha512, blake2b-256, blake2b-512).
func Digest(data []byte, alg string) (string, error) {
	name := C.CString(alg)
	defer C.free(unsafe.Pointer(name))
	a := C.ssr_digest_from_name(unsafe.Pointer(name), C.size_t(len(alg)))
	if a <= 0 {
		return "", &Error{Status: int(C.SSR_EINVAL), Message: fmt.Sprintf("unknown digest algorithm %q", alg)}
	}
	p, n := cbytes(data)
	var hex *C.char
	if err := statusError(C.ssr_digest(a, unsafe.Pointer(p), n, &hex)); err != nil {
		return "", err
	}
	defer C.ssr_free(unsafe.Pointer(hex))
	return C.GoString(hex), nil
}

func publicPEM(key *C.ssr_public_key) ([]byte, error) {
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_public_key_pem(key, &out, &n)); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), n), nil
}

// GenerateKeypair returns a new Ed25519 key pair as (public key PEM, secret key PEM).
// The secret key lives in libsodium's guarded memory until it is copied out.
func GenerateKeypair() ([]byte, []byte, error) {
	var key *C.ssr_secret_key
	if err := statusError(C.ssr_secret_key_generate(&key)); err != nil {
		return nil, nil, err
	}
	defer C.ssr_secret_key_free(key)
	var pub *C.ssr_public_key
	if err := statusError(C.ssr_secret_key_public(key, &pub)); err != nil {
		return nil, nil, err
	}
	public, err := publicPEM(pub)
	C.ssr_public_key_free(pub)
	if err != nil {
		return nil, nil, err
	}
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_secret_key_pem(key, &out, &n)); err != nil {
		return nil, nil, err
	}
	secret := C.GoBytes(unsafe.Pointer(out), C.int(n))
	C.ssr_secret_free(unsafe.Pointer(out))
	return public, secret, nil
}

// DSSESign returns a DSSE envelope (canonical JSON) over payload with one Ed25519 signature.
func DSSESign(payload []byte, payloadType string, secretKeyPEM []byte) ([]byte, error) {
	kp, kn := cbytes(secretKeyPEM)
	var key *C.ssr_secret_key
	if status := C.ssr_secret_key_parse(unsafe.Pointer(kp), kn, &key); status != C.SSR_OK {
		return nil, keyError(status, "secretKeyPEM")
	}
	defer C.ssr_secret_key_free(key)
	p, n := cbytes(payload)
	t, tn := cbytes([]byte(payloadType))
	var out *C.char
	var outLen C.size_t
	if err := statusError(C.ssr_dsse_sign(unsafe.Pointer(p), n, unsafe.Pointer(t), tn, key, nil, 0, &out,
		&outLen)); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), outLen), nil
}

// DSSEVerify returns the verified payload of an envelope that at least threshold distinct keys signed.
// The error wraps ErrVerification when fewer keys verified, and is an *InvalidError for an invalid envelope.
func DSSEVerify(envelope []byte, publicKeys [][]byte, threshold int) (*Verified, error) {
	keys := make([]*C.ssr_public_key, 0, len(publicKeys))
	defer func() {
		for _, k := range keys {
			C.ssr_public_key_free(k)
		}
	}()
	for i, pem := range publicKeys {
		p, n := cbytes(pem)
		var key *C.ssr_public_key
		if status := C.ssr_public_key_parse(unsafe.Pointer(p), n, &key); status != C.SSR_OK {
			return nil, keyError(status, fmt.Sprintf("publicKeys[%d]", i))
		}
		keys = append(keys, key)
	}
	return verify(envelope, keys, threshold)
}

func verify(envelope []byte, keys []*C.ssr_public_key, threshold int) (*Verified, error) {
	if threshold < 1 {
		return nil, &Error{Status: int(C.SSR_EINVAL), Message: "threshold must be at least 1"}
	}
	ring := C.ssr_keyring_new()
	if ring == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	defer C.ssr_keyring_free(ring)
	for _, key := range keys {
		if err := statusError(C.ssr_keyring_add(ring, key)); err != nil {
			return nil, err
		}
	}
	p, n := cbytes(envelope)
	var payload *C.uchar
	var payloadLen, verified C.size_t
	var ptype *C.char
	var r *C.ssr_report
	status := C.ssr_dsse_verify(unsafe.Pointer(p), n, ring, C.size_t(threshold), &payload, &payloadLen, &ptype,
		&verified, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if status == C.SSR_EVERIFY {
		return nil, fmt.Errorf("%w: %d key(s) verified, %d needed", ErrVerification, int(verified), threshold)
	}
	if err := statusError(status); err != nil {
		return nil, err
	}
	payloadType := C.GoString(ptype)
	C.ssr_free(unsafe.Pointer(ptype))
	return &Verified{Payload: take(unsafe.Pointer(payload), payloadLen), PayloadType: payloadType,
		Verified: int(verified)}, nil
}

// Verified is what DSSEVerify established: the payload, the payloadType it
// was signed as (check it before reading the payload as a document), and how
// many distinct keys verified it.
type Verified struct {
	Payload     []byte
	PayloadType string
	Verified    int
}

// TPMatch matches OIDC token claims (a JSON object) against a trusted-publisher policy at Unix time now.
func TPMatch(policy []byte, claims []byte, now int64) (*MatchResult, error) {
	pp, pn := cbytes(policy)
	cp, cn := cbytes(claims)
	var result *C.ssr_tp_result
	var r *C.ssr_report
	status := C.ssr_tp_match(unsafe.Pointer(pp), pn, unsafe.Pointer(cp), cn, C.int64_t(now), 0, &result, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if status == C.SSR_ENOMATCH { // a result either way: its Matched says which
		status = C.SSR_OK
	}
	if err := statusError(status); err != nil {
		return nil, err
	}
	defer C.ssr_tp_result_free(result)
	return matchOf(result), nil
}

// matchOf reads a match result through the library's accessors.
func matchOf(result *C.ssr_tp_result) *MatchResult {
	m := &MatchResult{Matched: C.ssr_tp_matched(result) != 0, Bound: map[string]string{},
		ConditionsHeld: int(C.ssr_tp_conditions_held(result))}
	str := func(p *C.char) string {
		if p == nil {
			return ""
		}
		return C.GoString(p)
	}
	m.JTI, m.FailedClaim = str(C.ssr_tp_jti(result)), str(C.ssr_tp_failed_claim(result))
	m.FailedOp, m.FailedReason = str(C.ssr_tp_failed_op(result)), str(C.ssr_tp_failed_reason(result))
	for i := C.size_t(0); i < C.ssr_tp_bound_count(result); i++ {
		value := C.GoString(C.ssr_tp_bound_value(result, i)) // JSON text: a string, or an exact number
		var text string
		if json.Unmarshal([]byte(value), &text) != nil {
			text = value
		}
		m.Bound[C.GoString(C.ssr_tp_bound_claim(result, i))] = text
	}
	return m
}

// ProfileLevels computes the maturity levels of a repository-profile document.
func ProfileLevels(profile []byte) (*Levels, error) {
	p, n := cbytes(profile)
	var levels *C.ssr_levels
	var r *C.ssr_report
	status := C.ssr_profile_levels(unsafe.Pointer(p), n, nil, &levels, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	defer C.ssr_levels_free(levels)
	var out *C.char
	var outLen C.size_t
	if err := statusError(C.ssr_levels_to_json(levels, &out, &outLen)); err != nil {
		return nil, err
	}
	var l Levels
	if err := json.Unmarshal(take(unsafe.Pointer(out), outLen), &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdlib.h>
#include <ssr.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// The library's status codes (Error.Status).
const (
	StatusOK       = int(C.SSR_OK)
	StatusEInval   = int(C.SSR_EINVAL)
	StatusENoMem   = int(C.SSR_ENOMEM)
	StatusEInvalid = int(C.SSR_EINVALID)
	StatusERange   = int(C.SSR_ERANGE)
	StatusEIO      = int(C.SSR_EIO)
	StatusEVerify  = int(C.SSR_EVERIFY)
	StatusENoMatch = int(C.SSR_ENOMATCH)
	StatusEExist   = int(C.SSR_EEXIST)
	StatusECrypto  = int(C.SSR_ECRYPTO)
)

// InvalidKeyError says that a key argument is not a key libssr reads; Argument names it.
type InvalidKeyError struct {
	Argument string
	Reason   string
}

func (e *InvalidKeyError) Error() string { return e.Argument + ": " + e.Reason }

func keyError(status C.int, argument string) error {
	switch status {
	case C.SSR_EINVALID:
		return &InvalidKeyError{Argument: argument, Reason: "not a PEM key libssr reads (an Ed25519 PKCS#8 secret key; " +
			"an Ed25519, ECDSA P-256/P-384 or RSA public key)"}
	case C.SSR_EIO:
		return &Error{Status: int(status), Message: argument + ": the file cannot be read"}
	}
	return statusError(status)
}

// SecretKey is an Ed25519 secret key held in libsodium's guarded memory:
// loaded once, used for many signatures, wiped by Close (or when collected).
// Goroutines may share it.
type SecretKey struct{ g guard }

// PublicKey is an Ed25519, ECDSA P-256/P-384 or RSA public key. Goroutines may share it.
type PublicKey struct{ g guard }

func newSecretKey(p *C.ssr_secret_key) *SecretKey {
	k := &SecretKey{g: guard{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.ssr_secret_key_free((*C.ssr_secret_key)(p)) }}}
	runtime.SetFinalizer(k, (*SecretKey).Close)
	return k
}

func newPublicKey(p *C.ssr_public_key) *PublicKey {
	k := &PublicKey{g: guard{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.ssr_public_key_free((*C.ssr_public_key)(p)) }}}
	runtime.SetFinalizer(k, (*PublicKey).Close)
	return k
}

// GenerateSecretKey returns a new Ed25519 secret key.
func GenerateSecretKey() (*SecretKey, error) {
	var p *C.ssr_secret_key
	if err := statusError(C.ssr_secret_key_generate(&p)); err != nil {
		return nil, err
	}
	return newSecretKey(p), nil
}

// ParseSecretKey reads a PKCS#8 PEM secret key; the caller's copy of pem is the caller's to wipe.
func ParseSecretKey(pem []byte) (*SecretKey, error) {
	kp, kn := cbytes(pem)
	var p *C.ssr_secret_key
	if status := C.ssr_secret_key_parse(unsafe.Pointer(kp), kn, &p); status != C.SSR_OK {
		return nil, keyError(status, "secretKey")
	}
	return newSecretKey(p), nil
}

// ReadSecretKeyFile reads a key file (as `ssr keygen` writes it) straight into guarded memory.
func ReadSecretKeyFile(path string) (*SecretKey, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var p *C.ssr_secret_key
	if status := C.ssr_secret_key_read_file(cpath, &p); status != C.SSR_OK {
		return nil, keyError(status, fmt.Sprintf("secret key file %q", path))
	}
	return newSecretKey(p), nil
}

// handle holds a use of the key: release it with k.g.release().
func (k *SecretKey) handle() (*C.ssr_secret_key, error) {
	if k == nil {
		return nil, nilError("SecretKey")
	}
	p, err := k.g.acquire("SecretKey")
	return (*C.ssr_secret_key)(p), err
}

// PublicKey returns the key's public half.
func (k *SecretKey) PublicKey() (*PublicKey, error) {
	h, err := k.handle()
	if err != nil {
		return nil, err
	}
	defer k.g.release()
	var p *C.ssr_public_key
	if err := statusError(C.ssr_secret_key_public(h, &p)); err != nil {
		return nil, err
	}
	return newPublicKey(p), nil
}

// PEM returns the PKCS#8 PEM: a copy outside guarded memory, the caller's to protect.
func (k *SecretKey) PEM() ([]byte, error) {
	h, err := k.handle()
	if err != nil {
		return nil, err
	}
	defer k.g.release()
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_secret_key_pem(h, &out, &n)); err != nil {
		return nil, err
	}
	defer C.ssr_secret_free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

// WriteFile writes a new key file, mode 0600; an existing file is never overwritten (StatusEExist).
func (k *SecretKey) WriteFile(path string) error {
	h, err := k.handle()
	if err != nil {
		return err
	}
	defer k.g.release()
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	status := C.ssr_secret_key_write_file(h, cpath)
	if status == C.SSR_EEXIST {
		return &Error{Status: int(status), Message: fmt.Sprintf("%q exists and is never overwritten", path)}
	}
	return statusError(status)
}

// Close wipes and frees the key, or lets the calls using it do so when they
// end; later uses return an error. Calling it again, from any goroutine, is harmless.
func (k *SecretKey) Close() {
	if k != nil {
		k.g.close()
		runtime.SetFinalizer(k, nil) // closed: nothing left for the finalizer queue to hold
	}
}

// ParsePublicKey reads a PEM public key (SubjectPublicKeyInfo).
func ParsePublicKey(pem []byte) (*PublicKey, error) {
	return parsePublicKey(pem, "publicKey")
}

func parsePublicKey(pem []byte, argument string) (*PublicKey, error) {
	kp, kn := cbytes(pem)
	var p *C.ssr_public_key
	if status := C.ssr_public_key_parse(unsafe.Pointer(kp), kn, &p); status != C.SSR_OK {
		return nil, keyError(status, argument)
	}
	return newPublicKey(p), nil
}

// handle holds a use of the key: release it with k.g.release().
func (k *PublicKey) handle() (*C.ssr_public_key, error) {
	if k == nil {
		return nil, nilError("PublicKey")
	}
	p, err := k.g.acquire("PublicKey")
	return (*C.ssr_public_key)(p), err
}

// ID returns the key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
func (k *PublicKey) ID() string {
	h, err := k.handle()
	if err != nil {
		return ""
	}
	defer k.g.release()
	return C.GoString(C.ssr_public_key_id(h))
}

// PEM returns the key as PEM.
func (k *PublicKey) PEM() ([]byte, error) {
	h, err := k.handle()
	if err != nil {
		return nil, err
	}
	defer k.g.release()
	return publicPEM(h)
}

// Close frees the key, or lets the calls using it do so when they end. Calling it again is harmless.
func (k *PublicKey) Close() {
	if k != nil {
		k.g.close()
		runtime.SetFinalizer(k, nil) // closed: nothing left for the finalizer queue to hold
	}
}

func keyid(id string) (unsafe.Pointer, C.size_t, func()) {
	if id == "" {
		return nil, 0, func() {}
	}
	c := C.CString(id)
	return unsafe.Pointer(c), C.size_t(len(id)), func() { C.free(unsafe.Pointer(c)) }
}

// Sign returns a DSSE envelope (canonical JSON) over payload, signed by the
// key; keyID, when not empty, is written beside the signature.
func (k *SecretKey) Sign(payload []byte, payloadType, keyID string) ([]byte, error) {
	h, err := k.handle()
	if err != nil {
		return nil, err
	}
	defer k.g.release()
	p, n := cbytes(payload)
	t, tn := cbytes([]byte(payloadType))
	id, idn, free := keyid(keyID)
	defer free()
	var out *C.char
	var outLen C.size_t
	status := C.ssr_dsse_sign(unsafe.Pointer(p), n, unsafe.Pointer(t), tn, h, id, idn, &out, &outLen)
	if err := statusError(status); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), outLen), nil
}

// AddSignature returns the envelope with one more signature, the key's, over the same payload.
func (k *SecretKey) AddSignature(envelope []byte, keyID string) ([]byte, error) {
	h, err := k.handle()
	if err != nil {
		return nil, err
	}
	defer k.g.release()
	p, n := cbytes(envelope)
	id, idn, free := keyid(keyID)
	defer free()
	var out *C.char
	var outLen C.size_t
	var r *C.ssr_report
	status := C.ssr_dsse_add_signature(unsafe.Pointer(p), n, h, id, idn, &out, &outLen, &r)
	if status == C.SSR_EINVALID && r != nil {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), outLen), nil
}

// DSSEVerifyKeys is DSSEVerify with parsed keys.
func DSSEVerifyKeys(envelope []byte, keys []*PublicKey, threshold int) (*Verified, error) {
	handles := make([]*C.ssr_public_key, len(keys))
	for i, k := range keys {
		h, err := k.handle()
		if err != nil {
			return nil, err
		}
		defer k.g.release()
		handles[i] = h
	}
	return verify(envelope, handles, threshold)
}

// Hasher computes a digest piece by piece, in constant memory; it is an
// io.Writer. Goroutines may share one: its calls take turns.
type Hasher struct {
	g    guard
	turn sync.Mutex
}

// NewHasher starts a digest (sha256, sha384, sha512, blake2b-256, blake2b-512...).
func NewHasher(alg string) (*Hasher, error) {
	a, err := algorithm(alg)
	if err != nil {
		return nil, err
	}
	p := C.ssr_hasher_new(a)
	if p == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	h := &Hasher{g: guard{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.ssr_hasher_free((*C.ssr_hasher)(p)) }}}
	runtime.SetFinalizer(h, func(h *Hasher) { h.g.close() })
	return h, nil
}

// use takes the hasher's turn and holds a use of it; done() ends both.
func (h *Hasher) use() (p *C.ssr_hasher, done func(), err error) {
	if h == nil {
		return nil, nil, nilError("Hasher")
	}
	h.turn.Lock()
	ptr, err := h.g.acquire("Hasher")
	if err != nil {
		h.turn.Unlock()
		return nil, nil, &Error{Status: StatusEInval, Message: "the hasher is finished"}
	}
	return (*C.ssr_hasher)(ptr), func() { h.g.release(); h.turn.Unlock() }, nil
}

// Write adds data; it never fails but after Sum.
func (h *Hasher) Write(data []byte) (int, error) {
	hp, done, err := h.use()
	if err != nil {
		return 0, err
	}
	defer done()
	p, n := cbytes(data)
	if err := statusError(C.ssr_hasher_update(hp, unsafe.Pointer(p), n)); err != nil {
		return 0, err
	}
	return len(data), nil
}

// Sum finishes: the lowercase hex digest. The hasher is finished after it.
func (h *Hasher) Sum() (string, error) {
	hp, done, err := h.use()
	if err != nil {
		return "", err
	}
	var hex *C.char
	status := C.ssr_hasher_final(hp, &hex)
	h.g.close() // freed as the use ends
	done()
	if err := statusError(status); err != nil {
		return "", err
	}
	defer C.ssr_free(unsafe.Pointer(hex))
	return C.GoString(hex), nil
}

func algorithm(alg string) (C.int, error) {
	name := C.CString(alg)
	defer C.free(unsafe.Pointer(name))
	a := C.ssr_digest_from_name(unsafe.Pointer(name), C.size_t(len(alg)))
	if a <= 0 {
		return 0, &Error{Status: StatusEInval, Message: fmt.Sprintf("unknown digest algorithm %q", alg)}
	}
	return a, nil
}

// DigestFile returns the digests of a file, read once in constant memory: alg -> lowercase hex.
func DigestFile(path string, algs ...string) (map[string]string, error) {
	if len(algs) == 0 {
		algs = []string{"sha256"}
	}
	ids := make([]C.int, len(algs))
	for i, alg := range algs {
		a, err := algorithm(alg)
		if err != nil {
			return nil, err
		}
		ids[i] = a
	}
	if len(algs) > 8 {
		return nil, &Error{Status: StatusEInval, Message: "between 1 and 8 algorithms"}
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	// the output array lives in C memory: it receives C pointers
	hex := (*[8]*C.char)(C.calloc(8, C.size_t(unsafe.Sizeof(uintptr(0)))))
	if hex == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	defer C.free(unsafe.Pointer(hex))
	status := C.ssr_digest_file(cpath, &ids[0], C.size_t(len(ids)), &hex[0])
	if status == C.SSR_EIO {
		return nil, &Error{Status: int(status), Message: fmt.Sprintf("cannot read %q", path)}
	}
	if err := statusError(status); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(algs))
	for i, alg := range algs {
		out[alg] = C.GoString(hex[i])
		C.ssr_free(unsafe.Pointer(hex[i]))
	}
	return out, nil
}

// Artifact names what MatchSubject looks for: exactly one of Data, Path
// (read in constant memory) and Digests (algorithm -> lowercase hex).
type Artifact struct {
	Data    []byte
	Path    string
	Digests map[string]string
}

// MatchSubject says which subject of an in-toto Statement (or of the
// Statement in a DSSE envelope, whose signatures are not verified here) or
// which artifact of a release the artifact matches: its index, or -1.
func MatchSubject(document []byte, artifact Artifact) (int, error) {
	a, err := artifactOf(artifact)
	if err != nil {
		return -1, err
	}
	defer C.ssr_artifact_free(a)
	p, n := cbytes(document)
	var index C.size_t
	var r *C.ssr_report
	status := C.ssr_match_subject(a, unsafe.Pointer(p), n, &index, &r)
	if status == C.SSR_EINVALID && r != nil {
		return -1, invalid(r)
	}
	C.ssr_report_free(r)
	if status == C.SSR_ENOMATCH {
		return -1, nil
	}
	if err := statusError(status); err != nil {
		return -1, err
	}
	return int(index), nil
}

// Explanation is a policy as matching applies it, typed blocks compiled.
type Explanation struct {
	Token      map[string]any   `json:"token"`
	Conditions []map[string]any `json:"conditions"`
}

// TPExplain returns the policy's token checks and conditions as matching applies them.
func TPExplain(policy []byte) (*Explanation, error) {
	p, n := cbytes(policy)
	var out *C.char
	var outLen C.size_t
	var r *C.ssr_report
	status := C.ssr_tp_explain(unsafe.Pointer(p), n, &out, &outLen, &r)
	if status == C.SSR_EINVALID && r != nil {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(take(unsafe.Pointer(out), outLen))), "\n")
	var head struct {
		Token map[string]any `json:"token"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &head); err != nil {
		return nil, err
	}
	e := &Explanation{Token: head.Token, Conditions: []map[string]any{}}
	for _, line := range lines[1:] {
		var c map[string]any
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, err
		}
		e.Conditions = append(e.Conditions, c)
	}
	return e, nil
}

func kindOf(kind string) (C.int, error) {
	name := C.CString(kind)
	defer C.free(unsafe.Pointer(name))
	k := C.ssr_kind_from_name(unsafe.Pointer(name), C.size_t(len(kind)))
	if k < 0 {
		return 0, &Error{Status: StatusEInval, Message: fmt.Sprintf("unknown kind %q", kind)}
	}
	return k, nil
}

// Schema returns the JSON Schema (draft 2020-12) of a native kind.
func Schema(kind string) (string, error) {
	k, err := kindOf(kind)
	if err != nil {
		return "", err
	}
	var out *C.char
	var n C.size_t
	if status := C.ssr_schema(k, &out, &n); status != C.SSR_OK {
		if status == C.SSR_EINVAL {
			return "", &Error{Status: int(status), Message: "only the native kinds have a schema"}
		}
		return "", statusError(status)
	}
	return string(take(unsafe.Pointer(out), n)), nil
}

// Limits overrides the reader's limits; a zero field keeps its default.
type Limits struct {
	Depth, Size, String, Array, Members uint64
}

// ValidateWithLimits is Validate with the reader's limits set.
func ValidateWithLimits(data []byte, kind string, limits Limits) (*Report, error) {
	k := C.int(C.SSR_KIND_AUTO)
	if kind != "" {
		var err error
		if k, err = kindOf(kind); err != nil {
			return nil, err
		}
	}
	opts := C.ssr_options_new()
	if opts == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	defer C.ssr_options_free(opts)
	for i, v := range []uint64{limits.Depth, limits.Size, limits.String, limits.Array, limits.Members} {
		if v == 0 {
			continue
		}
		if status := C.ssr_options_set_limit(opts, C.ssr_limit(i+1), C.uint64_t(v)); status != C.SSR_OK {
			names := []string{"Depth", "Size", "String", "Array", "Members"}
			return nil, &Error{Status: int(status), Message: fmt.Sprintf("limits.%s: %d is outside 1..%d", names[i], v,
				uint64(C.ssr_limit_max(C.ssr_limit(i+1))))}
		}
	}
	p, n := cbytes(data)
	var r *C.ssr_report
	if err := statusError(C.ssr_validate(unsafe.Pointer(p), n, k, opts, &r)); err != nil {
		return nil, err
	}
	return reportOf(r)
}

// artifactOf makes the library's artifact: exactly one of Data, Path and Digests.
func artifactOf(artifact Artifact) (*C.ssr_artifact, error) {
	given := 0
	if artifact.Data != nil {
		given++
	}
	if artifact.Path != "" {
		given++
	}
	if artifact.Digests != nil {
		given++
	}
	if given != 1 {
		return nil, &Error{Status: StatusEInval, Message: "artifact: give exactly one of Data, Path and Digests"}
	}
	a := C.ssr_artifact_new()
	if a == nil {
		return nil, statusError(C.SSR_ENOMEM)
	}
	fail := func(err error) (*C.ssr_artifact, error) {
		C.ssr_artifact_free(a)
		return nil, err
	}
	switch {
	case artifact.Data != nil:
		p, n := cbytes(artifact.Data)
		if err := statusError(C.ssr_artifact_hash(a, unsafe.Pointer(p), n)); err != nil {
			return fail(err)
		}
	case artifact.Path != "":
		cpath := C.CString(artifact.Path)
		defer C.free(unsafe.Pointer(cpath))
		if status := C.ssr_artifact_hash_file(a, cpath); status != C.SSR_OK {
			if status == C.SSR_EIO {
				return fail(&Error{Status: int(status), Message: fmt.Sprintf("cannot read %q", artifact.Path)})
			}
			return fail(statusError(status))
		}
	default:
		for alg, hex := range artifact.Digests {
			ap, an := cbytes([]byte(alg))
			hp, hn := cbytes([]byte(hex))
			if C.ssr_artifact_add_digest(a, unsafe.Pointer(ap), an, unsafe.Pointer(hp), hn) != C.SSR_OK {
				return fail(&Error{Status: StatusEInvalid,
					Message: fmt.Sprintf("artifact.Digests[%q]: not lowercase hex of the algorithm's length", alg)})
			}
		}
	}
	return a, nil
}

// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdlib.h>
#include <ssr.h>
*/
import "C"

import (
	"encoding/json"
	"unsafe"
)

// Purl is a package URL's decoded, normalized components and its canonical string.
type Purl struct {
	Type       string            `json:"type"`
	Namespace  *string           `json:"namespace"`
	Name       string            `json:"name"`
	Version    *string           `json:"version"`
	Qualifiers map[string]string `json:"qualifiers"`
	Subpath    *string           `json:"subpath"`
	Canonical  string            `json:"-"`
}

// purlOf reads the purl make() makes (its components through ssr_purl_to_json) and frees it.
func purlOf(make func(**C.ssr_purl, **C.ssr_report) C.int) (*Purl, error) {
	var p *C.ssr_purl
	var r *C.ssr_report
	status := make(&p, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	defer C.ssr_purl_free(p)
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_purl_to_json(p, &out, &n)); err != nil {
		return nil, err
	}
	purl := &Purl{}
	if err := json.Unmarshal(take(unsafe.Pointer(out), n), purl); err != nil {
		return nil, err
	}
	if err := statusError(C.ssr_purl_canonical(p, &out, &n)); err != nil {
		return nil, err
	}
	purl.Canonical = string(take(unsafe.Pointer(out), n))
	return purl, nil
}

// ParsePurl reads a package URL (an *InvalidError, its purl.* code at the offending character, when it is not one).
// repair also reads the non-canonical spellings the purl test suite repairs.
func ParsePurl(text string, repair bool) (*Purl, error) {
	t, tn := cbytes([]byte(text))
	var flags C.uint
	if repair {
		flags = C.SSR_PURL_REPAIR
	}
	return purlOf(func(p **C.ssr_purl, r **C.ssr_report) C.int {
		return C.ssr_purl_parse(unsafe.Pointer(t), tn, flags, p, r)
	})
}

// BuildPurl makes a package URL from its components (Canonical is ignored).
func BuildPurl(components *Purl) (*Purl, error) {
	data, err := json.Marshal(components)
	if err != nil {
		return nil, err
	}
	d, n := cbytes(data)
	return purlOf(func(p **C.ssr_purl, r **C.ssr_report) C.int { return C.ssr_purl_build(unsafe.Pointer(d), n, p, r) })
}

// JWSVerify checks a compact JWS's signature alone with the key its kid names in jwks, and returns the verified
// payload. A *VerifyError (its report says which check refused it) otherwise.
func JWSVerify(jwks *JWKS, token []byte) ([]byte, error) {
	jp, err := jwks.use()
	if err != nil {
		return nil, err
	}
	defer jwks.g.release()
	t, tn := cbytes(token)
	var payload *C.uchar
	var n C.size_t
	var r *C.ssr_report
	if err := failure(C.ssr_jws_verify(jp, unsafe.Pointer(t), tn, 0, &payload, &n, &r), r); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(payload), n), nil
}

// TPDecodeToken decodes a token's header and claims WITHOUT verifying them (to choose the policy to verify it
// against): {"verified": false, "header", "claims", "signature_bytes"}. An *InvalidError when it does not decode.
func TPDecodeToken(token []byte) (map[string]any, error) {
	t, tn := cbytes(token)
	var out *C.char
	var n C.size_t
	var r *C.ssr_report
	status := C.ssr_tp_decode_token(unsafe.Pointer(t), tn, &out, &n, &r)
	if status == C.SSR_EINVALID {
		return nil, invalid(r)
	}
	C.ssr_report_free(r)
	if err := statusError(status); err != nil {
		return nil, err
	}
	var decoded map[string]any
	if err := json.Unmarshal(take(unsafe.Pointer(out), n), &decoded); err != nil {
		return nil, err
	}
	return decoded, nil
}

// DSSEPAE is the DSSE pre-authentication encoding: what a DSSE signature is over.
func DSSEPAE(payloadType string, payload []byte) ([]byte, error) {
	t, tn := cbytes([]byte(payloadType))
	p, pn := cbytes(payload)
	var out *C.uchar
	var n C.size_t
	if err := statusError(C.ssr_dsse_pae(unsafe.Pointer(t), tn, unsafe.Pointer(p), pn, &out, &n)); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), n), nil
}

// DigestSize is the size in bytes of an algorithm's digest (sha256: 32).
func DigestSize(alg string) (int, error) {
	a, err := algorithm(alg)
	if err != nil {
		return 0, err
	}
	return int(C.ssr_digest_size(a)), nil
}

// Verify says whether sig verifies over msg with the key, by its kind (Ed25519; ECDSA DER over SHA-256/-384;
// RSA PKCS#1 v1.5 or PSS over SHA-256).
func (k *PublicKey) Verify(msg, sig []byte) (bool, error) {
	h, err := k.handle()
	if err != nil {
		return false, err
	}
	defer k.g.release()
	m, mn := cbytes(msg)
	s, sn := cbytes(sig)
	status := C.ssr_public_key_verify(h, unsafe.Pointer(m), mn, unsafe.Pointer(s), sn)
	if status == C.SSR_EVERIFY {
		return false, nil
	}
	return status == C.SSR_OK, statusError(status)
}

// SchemaCodes returns every diagnostic code a kind raises, as JSON ({"code", "severity", "beyond_schema"} each).
func SchemaCodes(kind string) (string, error) {
	k, err := kindOf(kind)
	if err != nil {
		return "", err
	}
	var out *C.char
	var n C.size_t
	if err := statusError(C.ssr_schema_codes(k, &out, &n)); err != nil {
		return "", err
	}
	return string(take(unsafe.Pointer(out), n)), nil
}

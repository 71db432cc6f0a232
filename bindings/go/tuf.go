// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdint.h>
#include <stdlib.h>
#include <ssr.h>

extern int ssrGoTufFetch(void *context, char *url, uint64_t max_length, unsigned timeout_ms, ssr_tuf_body *body);

static int ssr_go_tuf_fetch(void *context, const char *url, uint64_t max_length, unsigned timeout_ms,
                            ssr_tuf_body *body)
{
    return ssrGoTufFetch(context, (char *)url, max_length, timeout_ms, body);
}

// the handle travels as an integer: C keeps it, Go's collector never sees a pointer
static int ssr_go_set_fetch(ssr_tuf_updater *u, uintptr_t handle)
{
    return ssr_tuf_updater_set_fetch(u, ssr_go_tuf_fetch, (void *)handle);
}
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// Fetch GETs url in at most timeout and maxLength bytes: the body with 200,
// or no body with another HTTP status (404 and 403 end the search for a
// newer root); an error is a transport failure. Called on the goroutine
// that called the updater.
type Fetch func(url string, maxLength uint64, timeout time.Duration) (body []byte, status int, err error)

// TufError is a TUF refresh, lookup, download or cache load refused: Rule
// names the rule ("tuf.timestamp.expired", "tuf.cache.expired"...), Report
// holds it.
type TufError struct {
	Status int
	Rule   string
	Report *Report
}

func (e *TufError) Error() string {
	if e.Report != nil && len(e.Report.Diagnostics) > 0 {
		return e.Rule + ": " + e.Report.Diagnostics[0].Message
	}
	return C.GoString(C.ssr_strerror(C.int(e.Status)))
}

// tufFailure turns a TUF call's status and report (freed here) into an error.
func tufFailure(status C.int, r *C.ssr_report) error {
	if status == C.SSR_OK {
		C.ssr_report_free(r)
		return nil
	}
	if r == nil {
		return statusError(status)
	}
	report, err := reportOf(r)
	if err != nil {
		return err
	}
	e := &TufError{Status: int(status), Report: report}
	if len(report.Diagnostics) > 0 {
		e.Rule = report.Diagnostics[0].Code
	}
	return e
}

// TufOptions configure an updater; the zero value is libcurl, the clock, 30 s per fetch.
type TufOptions struct {
	Fetch   Fetch     // nil: libcurl
	Now     time.Time // zero: the clock when each refresh starts
	Timeout time.Duration
	// MaxLengths bounds each role's files ("root", "timestamp", "snapshot",
	// "targets") where the metadata gives no length.
	MaxLengths map[string]uint64
}

// TufUpdater is a TUF client over a trusted metadata directory (made by
// TufInit) and a repository. Its calls take turns; Close frees it.
type TufUpdater struct {
	mu     sync.Mutex
	p      *C.ssr_tuf_updater
	handle cgo.Handle // the Fetch, while the updater lives
}

func configure(p *C.ssr_tuf_updater, o *TufOptions) (*TufUpdater, error) {
	u := &TufUpdater{p: p}
	runtime.SetFinalizer(u, (*TufUpdater).Close)
	if o == nil {
		return u, nil
	}
	var err error
	if o.Fetch != nil {
		u.handle = cgo.NewHandle(o.Fetch)
		err = statusError(C.ssr_go_set_fetch(p, C.uintptr_t(u.handle)))
	}
	if err == nil && !o.Now.IsZero() {
		err = statusError(C.ssr_tuf_updater_set_time(p, C.int64_t(o.Now.Unix())))
	}
	if err == nil && o.Timeout > 0 {
		err = statusError(C.ssr_tuf_updater_set_timeout(p, C.unsigned(o.Timeout/time.Millisecond)))
	}
	for role, n := range o.MaxLengths {
		if err == nil {
			r := C.CString(role)
			err = statusError(C.ssr_tuf_updater_set_max_length(p, r, C.uint64_t(n)))
			C.free(unsafe.Pointer(r))
		}
	}
	if err != nil {
		u.Close()
		return nil, err
	}
	return u, nil
}

// OpenTufUpdater opens an updater; targetsURL may be empty when it only refreshes.
func OpenTufUpdater(metadataDir, metadataURL, targetsURL string, o *TufOptions) (*TufUpdater, error) {
	d, m := C.CString(metadataDir), C.CString(metadataURL)
	defer C.free(unsafe.Pointer(d))
	defer C.free(unsafe.Pointer(m))
	var t *C.char
	if targetsURL != "" {
		t = C.CString(targetsURL)
		defer C.free(unsafe.Pointer(t))
	}
	var p *C.ssr_tuf_updater
	if err := statusError(C.ssr_tuf_updater_new(d, m, t, &p)); err != nil {
		return nil, err
	}
	return configure(p, o)
}

// Close frees the updater; calling it again is harmless.
func (u *TufUpdater) Close() {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.p != nil {
		C.ssr_tuf_updater_free(u.p)
		u.p = nil
	}
	if u.handle != 0 {
		u.handle.Delete()
		u.handle = 0
	}
}

func (u *TufUpdater) call(f func(p *C.ssr_tuf_updater) error) error {
	if u == nil {
		return nilError("TufUpdater")
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.p == nil {
		return &Error{Status: int(C.SSR_EINVAL), Message: "the TufUpdater was closed"}
	}
	return f(u.p)
}

// Refresh updates root, timestamp, snapshot and targets (the specification's client workflow).
func (u *TufUpdater) Refresh() error {
	return u.call(func(p *C.ssr_tuf_updater) error {
		var r *C.ssr_report
		return tufFailure(C.ssr_tuf_refresh(p, &r), r)
	})
}

// LoadCached verifies the cached metadata without fetching (Rule "tuf.cache.expired" once it expires).
func (u *TufUpdater) LoadCached() error {
	return u.call(func(p *C.ssr_tuf_updater) error {
		var r *C.ssr_report
		return tufFailure(C.ssr_tuf_load_cached(p, &r), r)
	})
}

// TufTarget describes a target.
type TufTarget struct {
	Length uint64            `json:"length"`
	Hashes map[string]string `json:"hashes"`
	Custom json.RawMessage   `json:"custom,omitempty"`
}

// TargetInfo finds a target through the delegations (refreshing first if needed).
func (u *TufUpdater) TargetInfo(target string) (*TufTarget, error) {
	var info TufTarget
	err := u.call(func(p *C.ssr_tuf_updater) error {
		t := C.CString(target)
		defer C.free(unsafe.Pointer(t))
		var out *C.char
		var n C.size_t
		var r *C.ssr_report
		if err := tufFailure(C.ssr_tuf_target_info(p, t, &out, &n, &r), r); err != nil {
			return err
		}
		return json.Unmarshal(take(unsafe.Pointer(out), n), &info)
	})
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// Download stores the target, verified, in targetDir (not fetched again when
// a file there matches) and returns its path.
func (u *TufUpdater) Download(target, targetDir string) (string, error) {
	var path string
	err := u.call(func(p *C.ssr_tuf_updater) error {
		t, d := C.CString(target), C.CString(targetDir)
		defer C.free(unsafe.Pointer(t))
		defer C.free(unsafe.Pointer(d))
		var out *C.char
		var r *C.ssr_report
		if err := tufFailure(C.ssr_tuf_download(p, t, d, &out, &r), r); err != nil {
			return err
		}
		path = C.GoString(out)
		C.ssr_free(unsafe.Pointer(out))
		return nil
	})
	return path, err
}

// TufInit starts a trusted metadata directory with root (a root.json); it never overwrites one.
func TufInit(metadataDir string, root []byte) error {
	d := C.CString(metadataDir)
	defer C.free(unsafe.Pointer(d))
	b, n := cbytes(root)
	var r *C.ssr_report
	return tufFailure(C.ssr_tuf_init(d, unsafe.Pointer(b), n, &r), r)
}

// SigstoreTrustOptions choose the repository of a Sigstore trust cache.
type SigstoreTrustOptions struct {
	TufOptions
	Staging     bool   // Sigstore's staging repository instead of public-good
	TufRoot     []byte // a TUF root.json to start a new cache from; nil: the one libssr carries
	MetadataURL string // "": the instance's repository
	TargetsURL  string // "": its /targets
}

func sigstoreUpdater(cacheDir string, o *SigstoreTrustOptions) (*TufUpdater, error) {
	if o == nil {
		o = &SigstoreTrustOptions{}
	}
	dir := C.CString(cacheDir)
	defer C.free(unsafe.Pointer(dir))
	var m, t *C.char
	if o.MetadataURL != "" {
		m = C.CString(o.MetadataURL)
		defer C.free(unsafe.Pointer(m))
	}
	if o.TargetsURL != "" {
		t = C.CString(o.TargetsURL)
		defer C.free(unsafe.Pointer(t))
	}
	instance := C.int(C.SSR_TRUST_PUBLIC_GOOD)
	if o.Staging {
		instance = C.SSR_TRUST_STAGING
	}
	var root unsafe.Pointer
	var n C.size_t
	if o.TufRoot != nil {
		b, l := cbytes(o.TufRoot)
		root, n = unsafe.Pointer(b), l
	}
	var p *C.ssr_tuf_updater
	var r *C.ssr_report
	if err := tufFailure(C.ssr_sigstore_trust_updater(dir, instance, root, n, m, t, &p, &r), r); err != nil {
		return nil, err
	}
	return configure(p, &o.TufOptions)
}

// SigstoreTrustRefresh refreshes a Sigstore trust cache: the TUF metadata,
// then trusted_root.json and npm's registry keys.
func SigstoreTrustRefresh(cacheDir string, o *SigstoreTrustOptions) error {
	u, err := sigstoreUpdater(cacheDir, o)
	if err != nil {
		return err
	}
	defer u.Close()
	return u.call(func(p *C.ssr_tuf_updater) error {
		var r *C.ssr_report
		return tufFailure(C.ssr_sigstore_trust_refresh(p, &r), r)
	})
}

// SigstoreTrustLoad returns the trusted root and npm's registry keys (nil
// when the cache has none) of a refreshed cache, verified again without
// fetching; a zero now is the clock.
func SigstoreTrustLoad(cacheDir string, staging bool, now time.Time) (*TrustedRoot, []byte, error) {
	u, err := sigstoreUpdater(cacheDir, &SigstoreTrustOptions{Staging: staging, TufOptions: TufOptions{Now: now}})
	if err != nil {
		return nil, nil, err
	}
	defer u.Close()
	var root *TrustedRoot
	var keys []byte
	err = u.call(func(p *C.ssr_tuf_updater) error {
		var t *C.ssr_trust_root
		var k *C.char
		var n C.size_t
		var r *C.ssr_report
		if err := tufFailure(C.ssr_sigstore_trust_load(p, &t, &k, &n, &r), r); err != nil {
			return err
		}
		root = newRoot(t)
		if k != nil {
			keys = take(unsafe.Pointer(k), n)
		}
		return nil
	})
	return root, keys, err
}

// OLPCCanonical writes the OLPC canonical JSON that TUF signs (not RFC 8785: see Canonicalize).
func OLPCCanonical(data []byte) ([]byte, error) {
	d, n := cbytes(data)
	var out *C.char
	var l C.size_t
	if err := statusError(C.ssr_olpc_canonical(unsafe.Pointer(d), n, &out, &l)); err != nil {
		return nil, err
	}
	return take(unsafe.Pointer(out), l), nil
}

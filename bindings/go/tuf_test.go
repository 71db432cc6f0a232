// SPDX-License-Identifier: Apache-2.0

package ssr

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Sigstore's TUF repository: the tuf-conformance corpus's static copy, at its time.
var tufStatic = filepath.Join(corpus, "tuf-conformance", "tuf_conformance", "static_data")
var tufNow = time.Unix(1739102528, 0) // 2025-02-09T12:02:08Z

func tufRepo(t *testing.T) string {
	repo := filepath.Join(tufStatic, "sigstore-root-signing")
	if _, err := os.Stat(repo); err != nil {
		t.Skip("the shared corpus (../shared/corpus) is absent")
	}
	return repo
}

// staticFetch serves "static:/PATH" from the copy; lies maps a URL suffix to the bytes served instead.
func staticFetch(lies map[string][]byte) Fetch {
	return func(url string, maxLength uint64, timeout time.Duration) ([]byte, int, error) {
		for suffix, body := range lies {
			if strings.HasSuffix(url, suffix) {
				return body, 200, nil
			}
		}
		data, err := os.ReadFile(filepath.Join(tufStatic, strings.TrimPrefix(url, "static:/")))
		if err != nil {
			return nil, 404, nil
		}
		return data, 200, nil
	}
}

func sigstoreOptions(t *testing.T, fetch Fetch) *SigstoreTrustOptions {
	root, err := os.ReadFile(filepath.Join(tufRepo(t), "initial_root.json"))
	if err != nil {
		t.Fatal(err)
	}
	return &SigstoreTrustOptions{TufRoot: root, MetadataURL: "static:/sigstore-root-signing/metadata",
		TargetsURL: "static:/sigstore-root-signing/targets", TufOptions: TufOptions{Fetch: fetch, Now: tufNow}}
}

func TestSigstoreTrustCache(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "c")
	if err := SigstoreTrustRefresh(cache, sigstoreOptions(t, staticFetch(nil))); err != nil {
		t.Fatal(err)
	}
	root, keys, err := SigstoreTrustLoad(cache, false, tufNow)
	if err != nil || root == nil || keys != nil { // the copy does not serve keys.json
		t.Fatalf("load: %v %v %v", root, keys, err)
	}
	root.Close()
	// a month later the cache has expired: refused with its own rule
	_, _, err = SigstoreTrustLoad(cache, false, tufNow.Add(30*24*time.Hour))
	var tufErr *TufError
	if !errors.As(err, &tufErr) || tufErr.Rule != "tuf.cache.expired" || tufErr.Status != -6 {
		t.Fatalf("expired cache: %v", err)
	}
}

func TestSigstoreTrustRefusals(t *testing.T) {
	forged, err := os.ReadFile(filepath.Join(tufRepo(t), "metadata", "timestamp.json"))
	if err != nil {
		t.Fatal(err)
	}
	forged = []byte(strings.Replace(string(forged), `"expires": "2025`, `"expires": "2035`, 1))
	cases := map[string]Fetch{
		"tuf.signature.threshold": staticFetch(map[string][]byte{"/timestamp.json": forged}),
		"tuf.fetch.too-long":      staticFetch(map[string][]byte{"/timestamp.json": make([]byte, 20000)}),
		"tuf.fetch.failed": func(string, uint64, time.Duration) ([]byte, int, error) {
			return nil, 0, errors.New("network down")
		},
		"tuf.fetch.http": func(string, uint64, time.Duration) ([]byte, int, error) { return nil, 500, nil },
	}
	for rule, fetch := range cases {
		err := SigstoreTrustRefresh(filepath.Join(t.TempDir(), "c"), sigstoreOptions(t, fetch))
		var tufErr *TufError
		if !errors.As(err, &tufErr) || tufErr.Rule != rule {
			t.Errorf("%s: got %v", rule, err)
		}
	}
	// a panicking Fetch is a failed fetch, not a crash
	panicking := func(string, uint64, time.Duration) ([]byte, int, error) { panic("boom") }
	err = SigstoreTrustRefresh(filepath.Join(t.TempDir(), "c"), sigstoreOptions(t, panicking))
	var tufErr *TufError
	if !errors.As(err, &tufErr) || tufErr.Rule != "tuf.fetch.failed" {
		t.Errorf("panic: got %v", err)
	}
}

func TestTufUpdaterOverHTTP(t *testing.T) {
	repo := tufRepo(t)
	server := httptest.NewServer(http.FileServer(http.Dir(tufStatic)))
	defer server.Close()
	dir := t.TempDir()
	root, _ := os.ReadFile(filepath.Join(repo, "initial_root.json"))
	if err := TufInit(dir, root); err != nil {
		t.Fatal(err)
	}
	if err := TufInit(dir, root); err == nil {
		t.Fatal("TufInit overwrote root.json")
	}
	u, err := OpenTufUpdater(dir, server.URL+"/sigstore-root-signing/metadata",
		server.URL+"/sigstore-root-signing/targets", &TufOptions{Now: tufNow, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if err := u.Refresh(); err != nil {
		t.Fatal(err)
	}
	info, err := u.TargetInfo("trusted_root.json")
	if err != nil || info.Length == 0 || info.Hashes["sha256"] == "" {
		t.Fatalf("target info: %+v %v", info, err)
	}
	path, err := u.Download("trusted_root.json", t.TempDir())
	if st, e := os.Stat(path); err != nil || e != nil || uint64(st.Size()) != info.Length {
		t.Fatalf("download: %s %v", path, err)
	}
	var tufErr *TufError
	if _, err := u.TargetInfo("no/such"); !errors.As(err, &tufErr) || tufErr.Rule != "tuf.target.not-found" {
		t.Fatalf("not found: %v", err)
	}
	if err := u.LoadCached(); err != nil {
		t.Fatal(err)
	}
	u.Close()
	if err := u.Refresh(); err == nil {
		t.Fatal("a closed updater refreshed")
	}
}

func TestTufGoroutines(t *testing.T) {
	tufRepo(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cache := filepath.Join(t.TempDir(), "c")
			if err := SigstoreTrustRefresh(cache, sigstoreOptions(t, staticFetch(nil))); err != nil {
				errs <- err
				return
			}
			root, _, err := SigstoreTrustLoad(cache, false, tufNow)
			if err == nil {
				root.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestOLPCCanonical(t *testing.T) {
	out, err := OLPCCanonical([]byte(`{"b": 1, "a": "\u00e9\n"}`))
	if err != nil || string(out) != "{\"a\":\"é\n\",\"b\":1}" {
		t.Fatalf("%q %v", out, err)
	}
	if _, err := OLPCCanonical([]byte("[1.5]")); err == nil {
		t.Fatal("a fraction was written")
	}
}

package ssr

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestKeyObjects(t *testing.T) {
	key, err := GenerateSecretKey()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := key.PublicKey()
	if err != nil || len(pub.ID()) != 64 {
		t.Fatalf("%v %q", err, pub.ID())
	}
	pem, _ := key.PEM()
	again, err := ParseSecretKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := again.PublicKey(); p.ID() != pub.ID() {
		t.Fatal("the parsed key differs")
	}
	env, err := key.Sign([]byte(`{}`), "application/json", pub.ID())
	if err != nil {
		t.Fatal(err)
	}
	second, _ := GenerateSecretKey()
	secondPub, _ := second.PublicKey()
	if env, err = second.AddSignature(env, ""); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Signatures []struct{ Keyid string } `json:"signatures"`
	}
	if json.Unmarshal(env, &parsed) != nil || parsed.Signatures[0].Keyid != pub.ID() || len(parsed.Signatures) != 2 {
		t.Fatalf("%s", env)
	}
	v, err := DSSEVerifyKeys(env, []*PublicKey{pub, secondPub}, 2)
	if err != nil || v.Verified != 2 || v.PayloadType != "application/json" {
		t.Fatalf("%+v %v", v, err)
	}
	path := filepath.Join(t.TempDir(), "k.key")
	if err := second.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	var e *Error
	if err := second.WriteFile(path); !errors.As(err, &e) || e.Status != StatusEExist {
		t.Fatalf("overwrote: %v", err)
	}
	fromFile, err := ReadSecretKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := fromFile.PublicKey(); p.ID() != secondPub.ID() {
		t.Fatal("the key file holds another key")
	}
	key.Close()
	key.Close()
	if _, err := key.Sign([]byte("x"), "t", ""); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("a closed key signed: %v", err)
	}
}

func TestBadKeysNameTheirArgument(t *testing.T) {
	pub, _, _ := GenerateKeypair()
	cases := []struct {
		err  error
		name string
	}{
		{func() error { _, err := DSSESign([]byte("x"), "t", []byte("junk")); return err }(), "secretKeyPEM"},
		{func() error { _, err := ParseSecretKey(pub); return err }(), "secretKey"},
		{func() error { _, err := DSSEVerify([]byte("{}"), [][]byte{pub, []byte("junk")}, 1); return err }(), "publicKeys[1]"},
		{func() error { _, err := ParsePublicKey(nil); return err }(), "publicKey"},
	}
	for _, c := range cases {
		var ke *InvalidKeyError
		if !errors.As(c.err, &ke) || ke.Argument != c.name || !strings.HasPrefix(ke.Error(), c.name+": not a PEM key") {
			t.Errorf("%s: %v", c.name, c.err)
		}
	}
	var e *Error
	if _, err := ReadSecretKeyFile("/nonexistent/key"); !errors.As(err, &e) || e.Status != StatusEIO {
		t.Errorf("%v", err)
	}
}

func TestPayloadTypeAndEmptyPayload(t *testing.T) {
	key, _ := GenerateSecretKey()
	pub, _ := key.PublicKey()
	release := read(t, "examples", "documents", "release-pypi-sampleproject.json")
	env, _ := key.Sign(release, "text/plain", "")
	if v, err := DSSEVerifyKeys(env, []*PublicKey{pub}, 1); err != nil || v.PayloadType != "text/plain" {
		t.Fatalf("%+v %v", v, err)
	}
	env, _ = key.Sign(nil, "application/octet-stream", "")
	if v, err := DSSEVerifyKeys(env, []*PublicKey{pub}, 1); err != nil || len(v.Payload) != 0 || v.Verified != 1 {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestHasherFilesSubjects(t *testing.T) {
	data := []byte(strings.Repeat("a", 3*1024*1024+7))
	h, _ := NewHasher("sha512")
	for i := 0; i < len(data); i += 65536 {
		end := i + 65536
		if end > len(data) {
			end = len(data)
		}
		h.Write(data[i:end])
	}
	want, _ := Digest(data, "sha512")
	if got, err := h.Sum(); err != nil || got != want {
		t.Fatalf("%v %s", err, got)
	}
	if _, err := h.Write([]byte("x")); err == nil {
		t.Fatal("a finished hasher took more data")
	}
	path := filepath.Join(t.TempDir(), "artifact.tar.gz")
	os.WriteFile(path, data, 0o644)
	sha256, _ := Digest(data, "sha256")
	got, err := DigestFile(path, "sha256", "sha512")
	if err != nil || got["sha256"] != sha256 || got["sha512"] != want {
		t.Fatalf("%v %v", got, err)
	}
	var e *Error
	if _, err := DigestFile(path + ".absent"); !errors.As(err, &e) || e.Status != StatusEIO {
		t.Fatalf("%v", err)
	}
	statement := []byte(`{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "other", "digest": {"sha256": "` +
		strings.Repeat("0", 64) + `"}}, {"name": "artifact.tar.gz", "digest": {"sha256": "` + sha256 + `"}}],
		"predicateType": "https://example.com/p", "predicate": {}}`)
	for _, a := range []Artifact{{Data: data}, {Path: path}, {Digests: map[string]string{"sha256": sha256}}} {
		if i, err := MatchSubject(statement, a); err != nil || i != 1 {
			t.Errorf("%d %v", i, err)
		}
	}
	if i, err := MatchSubject(statement, Artifact{Data: []byte("other")}); err != nil || i != -1 {
		t.Errorf("%d %v", i, err)
	}
	var inv *InvalidError
	if _, err := MatchSubject([]byte("{}"), Artifact{Data: data}); !errors.As(err, &inv) {
		t.Errorf("%v", err)
	}
	if _, err := MatchSubject(statement, Artifact{Data: data, Path: path}); err == nil {
		t.Error("two artifacts at once")
	}
}

func TestSchemaExplainLimits(t *testing.T) {
	s, err := Schema("release")
	if err != nil || !strings.Contains(s, "https://json-schema.org/draft/2020-12/schema") {
		t.Fatal(err)
	}
	if _, err := Schema("osv"); err == nil || !strings.Contains(err.Error(), "only the native kinds") {
		t.Fatal(err)
	}
	x, err := TPExplain(read(t, "examples", "documents", "trusted-publisher-github.json"))
	if err != nil || x.Token["iss"] != "https://token.actions.githubusercontent.com" || len(x.Conditions) == 0 {
		t.Fatalf("%+v %v", x, err)
	}
	deep := []byte(strings.Repeat("[", 10) + strings.Repeat("]", 10))
	r, err := ValidateWithLimits(deep, "json", Limits{Depth: 5})
	if err != nil || r.Diagnostics[0].Code != "json.limit.depth" {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := ValidateWithLimits(deep, "json", Limits{Depth: 1 << 62}); err == nil || !strings.Contains(err.Error(), "limits.Depth") {
		t.Fatal(err)
	}
}

func TestEightGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			key, _ := GenerateSecretKey()
			pub, _ := key.PublicKey()
			for i := 0; i < 200; i++ {
				payload := []byte(`{"g":` + strconv.Itoa(g) + `,"i":` + strconv.Itoa(i) + `}`)
				env, _ := key.Sign(payload, "application/json", "")
				v, err := DSSEVerifyKeys(env, []*PublicKey{pub}, 1)
				r, _ := Validate([]byte(`{"a":1,"a":2}`), "")
				if err == nil && string(v.Payload) == string(payload) && r.Diagnostics[0].Code == "json.duplicate-member" {
					counts[g]++
				}
			}
		}(g)
	}
	wg.Wait()
	for g, c := range counts {
		if c != 200 {
			t.Errorf("goroutine %d: %d of 200", g, c)
		}
	}
}

// held is what the calls hold: the resident set (from /proc/self/statm,
// after a collection that returns the Go heap's free pages to the system),
// less the memory the Go runtime has mapped and not released (its heap
// spans, stacks and metadata: how much of it is resident varies from one
// collection to the next, by hundreds of KiB on an 8 MiB process), plus the
// Go objects still live. What remains is the C side (libssr, libsodium's
// guarded pages, glibc's arenas) and what the binding keeps reachable.
func held(t *testing.T) (kept, rss int64) {
	debug.FreeOSMemory()
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	pages, _ := strconv.ParseInt(strings.Fields(string(data))[1], 10, 64)
	rss = pages * int64(os.Getpagesize())
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(m)
	runtimeHeld := int64(m[0].Value.Uint64() - m[1].Value.Uint64())
	return rss - runtimeHeld + int64(m[2].Value.Uint64()), rss
}

// flat runs fn on one OS thread (glibc gives each thread that allocates its
// own arena: a goroutine moving between threads would grow the resident set
// by arenas, not by anything a call keeps) in windows of calls, until one
// window holds at most 5% of the resident set more than before it, at most
// maxWindows times: the allocators' high-water marks rise over the first
// windows, then stop, while a leak grows every window by the same amount.
func flat(t *testing.T, label string, window, maxWindows int, fn func(i int)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var growth float64
	for w, i := 1, 0; w <= maxWindows; w++ {
		before, rssBefore := held(t)
		for end := i + window; i < end; i++ {
			fn(i)
		}
		after, rssAfter := held(t)
		growth = float64(after-before) / float64(rssBefore)
		t.Logf("%s, window %d: RSS %.1f -> %.1f MiB, held %.2f%% more", label, w,
			float64(rssBefore)/1048576, float64(rssAfter)/1048576, growth*100)
		if growth <= 0.05 {
			return
		}
	}
	t.Errorf("%s: the memory held grew in each of %d windows, the last by %.2f%% of the RSS", label, maxWindows, growth*100)
}

func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	release := read(t, "examples", "documents", "release-pypi-sampleproject.json")
	flat(t, "1M validate", 1000000, 4, func(int) {
		if r, err := Validate(release, ""); err != nil || !r.Valid {
			t.Fatal("the example is valid")
		}
	})
	flat(t, "100k key/sign/verify", 100000, 8, func(i int) {
		key, _ := GenerateSecretKey()
		pub, _ := key.PublicKey()
		env, _ := key.Sign([]byte(`{"i":`+strconv.Itoa(i)+`}`), "application/json", "")
		if v, err := DSSEVerifyKeys(env, []*PublicKey{pub}, 1); err != nil || v.Verified != 1 {
			t.Fatal("it verifies")
		}
		key.Close()
		pub.Close()
	})
}

func TestCryptoBackend(t *testing.T) {
	if b := CryptoBackend(); !regexp.MustCompile(`^(aws-lc \d+\.\d+\.\d+|OpenSSL \d+\.\d+)`).MatchString(b) {
		t.Errorf("CryptoBackend() = %q", b)
	}
}

func TestVersionCheck(t *testing.T) {
	for _, ok := range [][2]int{{100, 100}, {302, 100}} {
		if err := checkVersion(ok[0], ok[1], "x"); err != nil {
			t.Errorf("%v refused: %v", ok, err)
		}
	}
	for _, bad := range [][2]int{{9, 9}, {10000, 100}, {100, 200}} {
		err := checkVersion(bad[0], bad[1], "9.9.9")
		if err == nil || !strings.Contains(err.Error(), "the loaded libssr is 9.9.9, but this binding needs 0.1.0") {
			t.Errorf("%v accepted: %v", bad, err)
		}
	}
}

// Keys and hashers shared by goroutines: Close while others use them, zero values and nil pointers.
func TestKeysAndHashersUnderGoroutines(t *testing.T) {
	for round := 0; round < 500; round++ {
		key, err := GenerateSecretKey()
		if err != nil {
			t.Fatal(err)
		}
		results := make(chan error, 4)
		for g := 0; g < 3; g++ {
			go func() {
				_, err := key.Sign([]byte("payload"), "text/plain", "")
				results <- err
			}()
		}
		go func() { key.Close(); key.Close(); results <- nil }()
		for i := 0; i < 4; i++ {
			if err := <-results; err != nil && err.Error() != "the SecretKey was closed" {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
	h, err := NewHasher("sha256")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{}, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 1000; i++ {
				if _, err := h.Write([]byte("a")); err != nil {
					t.Error(err)
				}
			}
			done <- struct{}{}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	sum, err := h.Sum()
	want, _ := Digest([]byte(strings.Repeat("a", 8000)), "sha256")
	if err != nil || sum != want {
		t.Fatalf("a shared hasher: %v, %s against %s", err, sum, want)
	}
	if _, err := h.Write([]byte("x")); err == nil || err.Error() != "the hasher is finished" {
		t.Fatalf("a finished hasher: %v", err)
	}
	var nilHasher *Hasher
	if _, err := nilHasher.Write([]byte("x")); err == nil || err.Error() != "a nil *Hasher" {
		t.Fatalf("a nil hasher: %v", err)
	}
	if _, err := (&VerifyPolicy{}).Check([]byte("x")); err == nil ||
		err.Error() != "a VerifyPolicy not made by its constructor (a zero value)" {
		t.Fatalf("a zero policy: %v", err)
	}
	if err := (&VerifyPolicy{}).Require("issuer", "x"); err == nil ||
		err.Error() != "a VerifyPolicy not made by its constructor (a zero value)" {
		t.Fatalf("a zero policy's Require: %v", err)
	}
}

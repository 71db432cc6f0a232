package ssr

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var corpus = filepath.Join(root, "..", "shared", "corpus")

const (
	beaconIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/" +
		"extremely-dangerous-oidc-beacon.yml@refs/heads/main"
	beaconIssuer = "https://token.actions.githubusercontent.com"
)

// expected is tests/vectors/verify-expected.tsv: "" for pass, else "code\tpointer\tline\tcolumn".
func expected(t *testing.T) map[string]string {
	table := map[string]string{}
	for _, line := range strings.Split(string(read(t, "tests", "vectors", "verify-expected.tsv")), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if f[1] == "pass" {
			table[f[0]] = ""
			continue
		}
		if f[3] == `""` { // the table writes an empty pointer as ""
			f[3] = ""
		}
		table[f[0]] = strings.Join(f[2:6], "\t")
	}
	return table
}

// outcome is "" when err is nil, else the first error's code, pointer, line and column.
func outcome(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var report *Report
	var ve *VerifyError
	var ie *InvalidError
	switch {
	case errors.As(err, &ve):
		report = ve.Report
	case errors.As(err, &ie):
		report = ie.Report
	default:
		t.Fatalf("not a verification outcome: %v", err)
	}
	for _, d := range report.Diagnostics {
		if d.Severity == "error" {
			return strings.Join([]string{d.Code, d.Pointer, strconv.Itoa(d.Line), strconv.Itoa(d.Column)}, "\t")
		}
	}
	t.Fatal("a refusal without an error")
	return ""
}

func needCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpus, "sigstore")); err != nil {
		t.Skip("the shared corpus (../shared/corpus) is absent")
	}
}

func TestConformanceBundles(t *testing.T) {
	needCorpus(t)
	want := expected(t)
	base := filepath.Join(corpus, "sigstore", "conformance", "bundle-verify")
	entries, _ := os.ReadDir(base)
	names := []string{}
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	cases := 0
	for _, name := range names {
		at := func(f string) string { return filepath.Join(base, name, f) }
		exists := func(f string) bool { _, err := os.Stat(at(f)); return err == nil }
		var trusted *TrustedRoot
		var err error
		if exists("trusted_root.json") {
			data, _ := os.ReadFile(at("trusted_root.json"))
			if trusted, err = ParseTrustedRoot(data); err != nil {
				for _, mode := range []string{"path", "digest"} {
					if got := outcome(t, err); got != want["conformance/"+name+"/"+mode] {
						t.Errorf("%s %s: %q", name, mode, got)
					}
				}
				cases += 2
				continue
			}
		} else if trusted, err = PublicGoodRoot(); err != nil {
			t.Fatal(err)
		}
		var policy *VerifyPolicy
		if exists("key.pub") {
			pem, _ := os.ReadFile(at("key.pub"))
			key, err := ParsePublicKey(pem)
			if err != nil { // a key that is no key verifies nothing
				if !strings.HasSuffix(name, "_fail") {
					t.Errorf("%s: %v", name, err)
				}
				cases += 2
				continue
			}
			policy, _ = KeyPolicy(key)
		} else {
			identity, issuer := beaconIdentity, beaconIssuer
			if exists("identity") {
				b, _ := os.ReadFile(at("identity"))
				identity = strings.TrimSpace(string(b))
			}
			if exists("issuer") {
				b, _ := os.ReadFile(at("issuer"))
				issuer = strings.TrimSpace(string(b))
			}
			policy, _ = IdentityPolicy(identity, issuer)
		}
		artifact := filepath.Join(base, "a.txt")
		if exists("artifact") {
			artifact = at("artifact")
		}
		data, _ := os.ReadFile(artifact)
		sha, _ := Digest(data, "sha256")
		bundle, _ := os.ReadFile(at("bundle.sigstore.json"))
		for _, mode := range []string{"path", "digest"} {
			a := Artifact{Path: artifact}
			if mode == "digest" {
				a = Artifact{Digests: map[string]string{"sha256": sha}}
			}
			_, err := VerifyBundle(bundle, policy, VerifyOptions{Artifact: a, Root: trusted})
			got := outcome(t, err)
			if got != want["conformance/"+name+"/"+mode] || (got == "") == strings.HasSuffix(name, "_fail") {
				t.Errorf("%s %s: %q", name, mode, got)
			}
			cases++
		}
	}
	if cases != 140 {
		t.Errorf("%d cases", cases)
	}
}

func TestPEP740Cases(t *testing.T) {
	needCorpus(t)
	want := expected(t)
	base := filepath.Join(corpus, "sigstore", "pep740")
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(base, "CASES.tsv")))), "\n")[1:]
	for _, line := range lines {
		f := strings.Split(line, "\t")
		id, artifact, attestation, trust, policyJSON, expect := f[0], f[1], f[2], f[3], f[4], f[5]
		policy, err := ParseVerifyPolicy([]byte(policyJSON))
		if err != nil {
			t.Fatal(id, err)
		}
		data := mustRead(t, filepath.Join(base, attestation))
		if artifact == "-" {
			_, err = policy.Check(data)
		} else {
			trusted, _ := PublicGoodRoot()
			if trust == "staging" {
				trusted, _ = StagingRoot()
			}
			name, a := filepath.Base(artifact), Artifact{Path: filepath.Join(base, artifact)}
			if strings.HasPrefix(artifact, "@") {
				parts := strings.SplitN(artifact[1:], "#sha256:", 2)
				name, a = parts[0], Artifact{Digests: map[string]string{"sha256": parts[1]}}
			}
			_, err = VerifyPEP740(data, name, policy, VerifyOptions{Artifact: a, Root: trusted})
		}
		got := outcome(t, err)
		if got != want["pep740/"+id] || (got == "") != (expect == "pass") {
			t.Errorf("%s: %q", id, got)
		}
	}
	if len(lines) != 46 {
		t.Errorf("%d cases", len(lines))
	}
}

func TestNPMCases(t *testing.T) {
	needCorpus(t)
	want := expected(t)
	base := filepath.Join(corpus, "sigstore", "npm")
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(base, "CASES.tsv")))), "\n")[1:]
	runs := 0
	for _, line := range lines {
		f := strings.Split(line, "\t")
		id, pkg, integrity, tarball, attestations, keys, expect := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
		data, keyData := mustRead(t, filepath.Join(base, attestations)), mustRead(t, filepath.Join(base, keys))
		raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(integrity, "sha512-"))
		for _, mode := range []string{"tarball", "integrity"} {
			key := "npm/" + id + "/" + mode
			w, ok := want[key]
			if !ok {
				continue
			}
			a := Artifact{Path: filepath.Join(base, tarball)}
			if mode == "integrity" {
				a = Artifact{Digests: map[string]string{"sha512": hex.EncodeToString(raw)}}
			}
			_, err := VerifyNPM(data, pkg, keyData, VerifyOptions{Artifact: a})
			if got := outcome(t, err); got != w || (got == "") != (expect == "pass") {
				t.Errorf("%s: %q", key, got)
			}
			runs++
		}
	}
	if runs != 74 {
		t.Errorf("%d runs", runs)
	}
}

func TestIDTokens(t *testing.T) {
	jose := filepath.Join(corpus, "jose", "generated")
	if _, err := os.Stat(jose); err != nil {
		t.Skip("the shared jose corpus is absent")
	}
	jwks, err := ParseJWKS(mustRead(t, filepath.Join(jose, "jwks.json")))
	if err != nil {
		t.Fatal(err)
	}
	policy := read(t, "examples", "documents", "trusted-publisher-github.json")
	token := strings.TrimSpace(string(mustRead(t, filepath.Join(jose, "tokens", "valid-rs256.jwt"))))
	at := time.Unix(1750000000, 0)
	r, err := TPVerifyToken(policy, jwks, []byte(token), at)
	if err != nil || r.Alg != "RS256" || r.Kid == "" || r.Match.Matched || r.Match.FailedClaim != "repository" {
		t.Fatalf("%+v %v", r, err)
	}
	var claims struct {
		Aud string      `json:"aud"`
		Iat json.Number `json:"iat"`
	}
	if m, err := r.ClaimsMap(); err != nil || m["aud"] != "pypi" || json.Unmarshal(r.Claims, &claims) != nil ||
		claims.Aud != "pypi" || m["iat"] != claims.Iat {
		t.Fatalf("claims: %s %v %v", r.Claims, m, err)
	}
	parts := strings.Split(token, ".")
	flip := "A"
	if parts[2][0] == 'A' {
		flip = "B"
	}
	none := strings.TrimSpace(string(mustRead(t, filepath.Join(jose, "tokens", "alg-none.jwt"))))
	for bad, code := range map[string]string{parts[0] + "." + parts[1] + "." + flip + parts[2][1:]: "jwt.signature",
		none: "jwt.alg.none", "a.b.c": "jwt.base64url"} {
		_, err := TPVerifyToken(policy, jwks, []byte(bad), at)
		if got := outcome(t, err); !strings.HasPrefix(got, code+"\t") || !errors.Is(err, ErrVerification) {
			t.Errorf("%s: %q", code, got)
		}
	}
	if _, err := ParseJWKS([]byte(`{"keys": 1}`)); err == nil {
		t.Error("a JWKS without keys")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Goroutines verifying while another closes the root or the policy: every
// verdict is a verification or "the X was closed", never a crash or another
// refusal; concurrent Close calls free once.
func TestCloseWhileVerifying(t *testing.T) {
	dir := filepath.Join(corpus, "sigstore", "conformance", "bundle-verify")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("the shared corpus is absent")
	}
	bundle := read(t, "..", "shared", "corpus", "sigstore", "conformance", "bundle-verify", "happy-path-v0.3", "bundle.sigstore.json")
	artifact := read(t, "..", "shared", "corpus", "sigstore", "conformance", "bundle-verify", "a.txt")
	shared, err := PublicGoodRoot()
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	sharedPolicy, err := IdentityPolicy(beaconIdentity, beaconIssuer)
	if err != nil {
		t.Fatal(err)
	}
	defer sharedPolicy.Close()
	verified := 0
	for round := 0; round < 200; round++ {
		root, policy := shared, sharedPolicy
		closing := "VerifyPolicy"
		if round%2 == 0 {
			if policy, err = IdentityPolicy(beaconIdentity, beaconIssuer); err != nil {
				t.Fatal(err)
			}
		} else {
			if root, err = PublicGoodRoot(); err != nil {
				t.Fatal(err)
			}
			closing = "TrustedRoot"
		}
		results := make(chan error, 3)
		for g := 0; g < 3; g++ {
			go func() {
				_, err := VerifyBundle(bundle, policy, VerifyOptions{Artifact: Artifact{Data: artifact}, Root: root})
				results <- err
			}()
		}
		done := make(chan struct{})
		for c := 0; c < 2; c++ {
			go func() {
				time.Sleep(time.Duration(round%7) * time.Millisecond)
				if closing == "TrustedRoot" {
					root.Close()
				} else {
					policy.Close()
				}
				done <- struct{}{}
			}()
		}
		for g := 0; g < 3; g++ {
			err := <-results
			if err == nil {
				verified++
			} else if err.Error() != "the "+closing+" was closed" {
				t.Fatalf("round %d: expected a verification or \"the %s was closed\", found %v", round, closing, err)
			}
		}
		<-done
		<-done
	}
	if verified == 0 {
		t.Fatal("no verification ran before a close: the test proves nothing")
	}
}

func TestNilHandles(t *testing.T) {
	var nilPolicy *VerifyPolicy
	_, err := VerifyBundle([]byte("{}"), nilPolicy, VerifyOptions{Artifact: Artifact{Data: []byte("x")}})
	if err == nil || err.Error() != "a nil *VerifyPolicy" {
		t.Fatalf("a nil policy: %v", err)
	}
	if _, err = TPVerifyToken([]byte("{}"), nil, []byte("x"), time.Now()); err == nil || err.Error() != "a nil *JWKS" {
		t.Fatalf("a nil key set: %v", err)
	}
	root, err := PublicGoodRoot()
	if err != nil {
		t.Fatal(err)
	}
	root.Close()
	root.Close()
	policy, _ := IdentityPolicy(beaconIdentity, beaconIssuer)
	defer policy.Close()
	_, err = VerifyBundle([]byte("{}"), policy, VerifyOptions{Artifact: Artifact{Data: []byte("x")}, Root: root})
	if err == nil || err.Error() != "the TrustedRoot was closed" {
		t.Fatalf("a closed root: %v", err)
	}
}

// A bundle of the C suite's own PKI with one timestamp and no log entry:
// refused by default, verified when the caller lowers the minimum.
func TestEvidenceMinimums(t *testing.T) {
	rootJSON := read(t, "tests", "vectors", "evidence", "trusted_root.json")
	root, err := ParseTrustedRoot(rootJSON)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	policy, err := IdentityPolicy("https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main", beaconIssuer)
	if err != nil {
		t.Fatal(err)
	}
	defer policy.Close()
	artifact := Artifact{Data: read(t, "tests", "vectors", "evidence", "artifact.txt")}
	unlogged := read(t, "tests", "vectors", "evidence", "unlogged.sigstore.json")
	_, err = VerifyBundle(unlogged, policy, VerifyOptions{Artifact: artifact, Root: root})
	var refused *VerifyError
	if !errors.As(err, &refused) || refused.Report.Diagnostics[0].Code != "verify.tlog.required" {
		t.Fatalf("expected verify.tlog.required, found %v", err)
	}
	zero, three := 0, 3
	result, err := VerifyBundle(unlogged, policy, VerifyOptions{Artifact: artifact, Root: root, MinLogEntries: &zero})
	if err != nil {
		t.Fatal(err)
	}
	// the result, typed
	a := result.Attestations[0]
	if !result.Verified || a.Identity == nil || a.Identity.Kind != "uri" || a.Extensions["issuer"] != beaconIssuer ||
		len(a.Times) != 1 || a.Times[0].Source != "timestamp-authority" || a.Times[0].Time.Unix() != 1780315200 ||
		len(a.TlogEntries) != 0 || len(result.JSON) == 0 {
		t.Fatalf("%+v", result)
	}
	// a message signature: the artifact's digest it is over, no statement
	if want, _ := Digest(artifact.Data, "sha256"); a.Digest["sha256"] != want || len(a.Digest) != 1 || a.Statement != nil {
		t.Fatalf("digest %v, want sha256 %s", a.Digest, want)
	}
	logged := read(t, "tests", "vectors", "evidence", "logged.sigstore.json")
	_, err = VerifyBundle(logged, policy, VerifyOptions{Artifact: artifact, Root: root, MinSignedTimes: &three})
	if !errors.As(err, &refused) || refused.Report.Diagnostics[0].Code != "verify.time.too-few" {
		t.Fatalf("expected verify.time.too-few, found %v", err)
	}
	if _, err = VerifyBundle(logged, policy, VerifyOptions{Artifact: artifact, Root: root, MinSignedTimes: &zero}); err == nil {
		t.Fatal("MinSignedTimes 0 accepted")
	}
}

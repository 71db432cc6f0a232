package ssr

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var root = filepath.Join("..", "..")

func read(t *testing.T, parts ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{root}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestValidateExamples(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(root, "examples", "documents", "*.json"))
	if len(paths) == 0 {
		t.Fatal("no examples")
	}
	for _, p := range paths {
		data, _ := os.ReadFile(p)
		r, err := Validate(data, "")
		if err != nil || !r.Valid {
			t.Errorf("%s: %v %+v", p, err, r)
		}
	}
}

func TestValidateDiagnostic(t *testing.T) {
	r, err := Validate([]byte(`{"a": {"b": 1, "b": 2}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	want := Diagnostic{Severity: "error", Code: "json.duplicate-member", Pointer: "/a/b", Line: 1, Column: 16}
	if r.Valid || r.Kind != "json" || len(r.Diagnostics) != 1 {
		t.Fatalf("%+v", r)
	}
	got := r.Diagnostics[0]
	got.Message = ""
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if r, _ := Validate(nil, ""); r.Diagnostics[0].Code != "json.empty" {
		t.Fatalf("empty input: %+v", r)
	}
	var e *Error
	if _, err := Validate([]byte("{}"), "no-such-kind"); !errors.As(err, &e) {
		t.Fatalf("unknown kind: %v", err)
	}
}

// Every shared vector gives, through Go, the diagnostics its .expected file lists.
func TestVectors(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join(root, "tests", "vectors", "*", "*.input"))
	for _, in := range inputs {
		data, _ := os.ReadFile(in)
		exp, _ := os.ReadFile(strings.TrimSuffix(in, ".input") + ".expected")
		var want []string
		for _, line := range strings.Split(strings.TrimRight(string(exp), "\n"), "\n") {
			if line != "" {
				want = append(want, strings.Join(strings.Split(line, "\t")[:5], "\t"))
			}
		}
		r, err := Validate(data, filepath.Base(filepath.Dir(in)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range r.Diagnostics {
			got = append(got, strings.Join([]string{d.Severity, d.Code, d.Pointer, strconv.Itoa(d.Line),
				strconv.Itoa(d.Column)}, "\t"))
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %v\nwant %v", in, got, want)
		}
	}
	if len(inputs) < 800 {
		t.Fatalf("only %d vectors", len(inputs))
	}
}

func TestCanonicalizeAndPretty(t *testing.T) {
	out, err := Canonicalize([]byte(`{"b": 1.0, "a": [1e2, "\u00e9"]}`))
	if err != nil || string(out) != "{\"a\":[100,\"\u00e9\"],\"b\":1}" {
		t.Fatalf("%q %v", out, err)
	}
	p, err := Pretty([]byte(`{"b":1,"a":[]}`))
	if err != nil || p != "{\n  \"b\": 1,\n  \"a\": []\n}\n" {
		t.Fatalf("%q %v", p, err)
	}
	var inv *InvalidError
	if _, err := Canonicalize([]byte(`{"a": 1,}`)); !errors.As(err, &inv) ||
		inv.Report.Diagnostics[0].Code != "json.unexpected-character" {
		t.Fatalf("%v", err)
	}
}

func TestDigest(t *testing.T) {
	d, err := Digest([]byte("abc"), "sha256")
	if err != nil || d != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatal(d, err)
	}
	if _, err := Digest([]byte("abc"), "md5"); err == nil {
		t.Fatal("md5 accepted")
	}
}

func TestSignAndVerify(t *testing.T) {
	pub, sec, err := GenerateKeypair()
	if err != nil || !strings.HasPrefix(string(pub), "-----BEGIN PUBLIC KEY-----") {
		t.Fatal(err)
	}
	payload := []byte(`{"hello": "world"}`)
	env, err := DSSESign(payload, "application/json", sec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DSSEVerify(env, [][]byte{pub}, 1)
	if err != nil || string(got.Payload) != string(payload) || got.PayloadType != "application/json" || got.Verified != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	other, _, _ := GenerateKeypair()
	if _, err := DSSEVerify(env, [][]byte{other}, 1); !errors.Is(err, ErrVerification) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := DSSEVerify(env, [][]byte{pub, other}, 2); !errors.Is(err, ErrVerification) {
		t.Fatalf("threshold 2: %v", err)
	}
	var inv *InvalidError
	if _, err := DSSEVerify([]byte(`{"payload": 1}`), [][]byte{pub}, 1); !errors.As(err, &inv) {
		t.Fatalf("invalid envelope: %v", err)
	}
}

func TestTPMatch(t *testing.T) {
	policy := read(t, "tests", "vectors", "trusted-publisher", "policy-github.base.input")
	claims := map[string]interface{}{
		"iss": "https://token.actions.githubusercontent.com", "aud": "pypi",
		"iat": 1759999990, "nbf": 1759999990, "exp": 1760000290, "jti": "8f1c6d0e-jti",
		"repository": "pypa/sampleproject", "repository_owner": "pypa", "repository_owner_id": "647025",
		"ref":              "refs/tags/v4.0.0",
		"job_workflow_ref": "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0",
		"event_name":       "push", "environment": "pypi",
	}
	text, _ := json.Marshal(claims)
	m, err := TPMatch(policy, text, 1760000000)
	if err != nil || !m.Matched || m.JTI != "8f1c6d0e-jti" || m.FailedClaim != "" {
		t.Fatalf("%+v %v", m, err)
	}
	claims["repository_owner_id"] = "999"
	text, _ = json.Marshal(claims)
	m, err = TPMatch(policy, text, 1760000000)
	if err != nil || m.Matched || m.FailedClaim != "repository_owner_id" {
		t.Fatalf("%+v %v", m, err)
	}
}

func TestProfileLevels(t *testing.T) {
	l, err := ProfileLevels(read(t, "examples", "documents", "repository-profile-npm.json"))
	if err != nil || len(l.Tracks) != 4 {
		t.Fatalf("%+v %v", l, err)
	}
	min := 99
	for _, tr := range l.Tracks {
		if tr.Applies && *tr.Level < min {
			min = *tr.Level
		}
	}
	if l.Overall != min {
		t.Fatalf("overall %d, lowest track %d", l.Overall, min)
	}
	var inv *InvalidError
	if _, err := ProfileLevels([]byte(`{"ssr": "repository-profile/v1"}`)); !errors.As(err, &inv) {
		t.Fatal(err)
	}
}

type conformance struct {
	Canonical []struct{ Input, Output, Error string } `json:"canonical"`
	Digests   []struct{ Data, Alg, Hex string }       `json:"digests"`
	Keys      map[string]string                       `json:"keys"`
	Sign      []struct {
		Payload     string `json:"payload"`
		PayloadType string `json:"payload_type"`
		Envelope    string `json:"envelope"`
	} `json:"sign"`
	Verify []struct {
		Envelope  string   `json:"envelope"`
		Keys      []string `json:"keys"`
		Threshold int      `json:"threshold"`
		Payload   string   `json:"payload"`
		Error     string   `json:"error"`
	} `json:"verify"`
	Match []struct {
		Policy      string  `json:"policy"`
		Claims      string  `json:"claims"`
		Now         int64   `json:"now"`
		Matched     bool    `json:"matched"`
		JTI         string  `json:"jti"`
		FailedClaim *string `json:"failed_claim"`
	} `json:"match"`
}

// The shared conformance set: the same answers, byte for byte, in every language.
func TestConformance(t *testing.T) {
	var conf conformance
	if err := json.Unmarshal(read(t, "tests", "vectors", "conformance.json"), &conf); err != nil {
		t.Fatal(err)
	}
	for _, c := range conf.Canonical {
		out, err := Canonicalize([]byte(c.Input))
		var inv *InvalidError
		if c.Error != "" {
			if !errors.As(err, &inv) || inv.Report.Diagnostics[0].Code != c.Error {
				t.Errorf("%q: %v", c.Input, err)
			}
		} else if err != nil || string(out) != c.Output {
			t.Errorf("%q: %q %v", c.Input, out, err)
		}
	}
	for _, d := range conf.Digests {
		if h, err := Digest([]byte(d.Data), d.Alg); err != nil || h != d.Hex {
			t.Errorf("%s(%q): %s %v", d.Alg, d.Data, h, err)
		}
	}
	for _, s := range conf.Sign {
		env, err := DSSESign([]byte(s.Payload), s.PayloadType, []byte(conf.Keys["secret"]))
		if err != nil || string(env) != s.Envelope {
			t.Errorf("sign: %s %v", env, err)
		}
	}
	for _, v := range conf.Verify {
		var pems [][]byte
		for _, k := range v.Keys {
			pems = append(pems, []byte(conf.Keys[k]))
		}
		got, err := DSSEVerify([]byte(v.Envelope), pems, v.Threshold)
		var inv *InvalidError
		switch v.Error {
		case "verification":
			if !errors.Is(err, ErrVerification) {
				t.Errorf("verify: %v", err)
			}
		case "invalid":
			if !errors.As(err, &inv) {
				t.Errorf("verify: %v", err)
			}
		default:
			if err != nil || string(got.Payload) != v.Payload {
				t.Errorf("verify: %v", err)
			}
		}
	}
	for _, m := range conf.Match {
		r, err := TPMatch([]byte(m.Policy), []byte(m.Claims), m.Now)
		want := ""
		if m.FailedClaim != nil {
			want = *m.FailedClaim
		}
		if err != nil || r.Matched != m.Matched || r.JTI != m.JTI || r.FailedClaim != want {
			t.Errorf("match: %+v %v", r, err)
		}
	}
}

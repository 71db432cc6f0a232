package ssr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPurlsPAEAndKeyVerify(t *testing.T) {
	p, err := ParsePurl("pkg:PYPI/Django_Rest@1.0?b=2&a=1", false)
	if err != nil || p.Type != "pypi" || p.Name != "django-rest" || p.Canonical != "pkg:pypi/django-rest@1.0?a=1&b=2" {
		t.Fatalf("%+v %v", p, err)
	}
	b, err := BuildPurl(p)
	if err != nil || b.Canonical != p.Canonical {
		t.Fatalf("%+v %v", b, err)
	}
	if _, err := ParsePurl("pkg:", false); err == nil {
		t.Fatal("pkg: parsed")
	}
	pae, err := DSSEPAE("text/plain", []byte("payload"))
	if err != nil || string(pae) != "DSSEv1 10 text/plain 7 payload" {
		t.Fatalf("%q %v", pae, err)
	}
	key, _ := GenerateSecretKey()
	defer key.Close()
	env, err := key.Sign([]byte("payload"), "text/plain", "")
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Signatures []struct{ Sig []byte } `json:"signatures"`
	}
	if err := json.Unmarshal(env, &parsed); err != nil {
		t.Fatal(err)
	}
	pub, _ := key.PublicKey()
	defer pub.Close()
	if ok, err := pub.Verify(pae, parsed.Signatures[0].Sig); !ok || err != nil {
		t.Fatalf("the signature does not verify: %v", err)
	}
	if ok, err := pub.Verify(append(pae, 'x'), parsed.Signatures[0].Sig); ok || err != nil {
		t.Fatalf("a changed message verifies: %v", err)
	}
	if n, err := DigestSize("sha512"); n != 64 || err != nil {
		t.Fatalf("%d %v", n, err)
	}
	if _, err := TPDecodeToken([]byte("not a token")); err == nil {
		t.Fatal("a non-token decoded")
	}
	if codes, err := SchemaCodes("release"); err != nil || !strings.Contains(codes, "release.digest") {
		t.Fatalf("schema codes: %v", err)
	}
}

func TestJWSVerifyAndDecode(t *testing.T) {
	dir := filepath.Join(corpus, "jose", "generated")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("the shared jose corpus is absent")
	}
	token := []byte(strings.TrimSpace(string(read(t, "..", "shared", "corpus", "jose", "generated", "tokens", "valid-rs256.jwt"))))
	decoded, err := TPDecodeToken(token)
	if err != nil || decoded["verified"] != false {
		t.Fatalf("%v %v", decoded, err)
	}
	jwks, err := ParseJWKS(read(t, "..", "shared", "corpus", "jose", "generated", "jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer jwks.Close()
	payload, err := JWSVerify(jwks, token)
	var claims map[string]any
	if err != nil || json.Unmarshal(payload, &claims) != nil || claims["iss"] != decoded["claims"].(map[string]any)["iss"] {
		t.Fatalf("%s %v", payload, err)
	}
	if _, err := JWSVerify(jwks, append(token[:len(token)-4:len(token)-4], "AAAA"...)); err == nil {
		t.Fatal("a changed signature verified")
	}
}

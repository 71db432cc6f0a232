package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	ssr "github.com/libssr/libssr/bindings/go"
)

const (
	bundles      = 200
	attestations = 200
	tokens       = 2000
	identity     = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/" +
		".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
	issuer   = "https://token.actions.githubusercontent.com"
	filename = "pypi_attestation_models-0.0.4a2.tar.gz"
)

func read(parts ...string) []byte {
	data, err := os.ReadFile(filepath.Join(parts...))
	if err != nil {
		panic(err)
	}
	return data
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// verifyCalls: go run . verify SIGSTORE JOSE TOKEN-POLICY [REPS] prints the
// rates of the v0.3 conformance bundle, the PEP 740 attestation and the RS256
// token verified and matched, as ssr-bench calls-verify makes them from C.
func verifyCalls(args []string) {
	sigstore, jose := args[0], args[1]
	tpPolicy := read(args[2])
	reps := 5
	if len(args) > 3 {
		reps, _ = strconv.Atoi(args[3])
	}
	root := must(ssr.ParseTrustedRoot(read(sigstore, "trust/public-good.trusted_root.json")))
	bundle := read(sigstore, "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json")
	aTxt := map[string]string{"sha256": must(ssr.Digest(read(sigstore, "conformance/bundle-verify/a.txt"), "sha256"))}
	idPolicy := must(ssr.IdentityPolicy(identity, issuer))
	attestation := read(sigstore, "pep740", filename+".attestation")
	dist := map[string]string{"sha256": must(ssr.Digest(read(sigstore, "pep740", filename), "sha256"))}
	publisher := must(ssr.ParseVerifyPolicy([]byte(
		`{"github":{"repository":"trailofbits/pypi-attestation-models","workflow":"release.yml"}}`)))
	jwks := must(ssr.ParseJWKS(read(jose, "generated/jwks.json")))
	token := bytes.TrimSpace(read(jose, "generated/tokens/valid-rs256.jwt"))
	at := time.Unix(1750000000, 0)

	best := [3]time.Duration{1 << 62, 1 << 62, 1 << 62}
	keep := func(i int, start time.Time) {
		if t := time.Since(start); t < best[i] {
			best[i] = t
		}
	}
	for r := 0; r < reps; r++ {
		start := time.Now()
		for i := 0; i < bundles; i++ {
			must(ssr.VerifyBundle(bundle, idPolicy, ssr.VerifyOptions{Artifact: ssr.Artifact{Digests: aTxt}, Root: root}))
		}
		keep(0, start)
		start = time.Now()
		for i := 0; i < attestations; i++ {
			must(ssr.VerifyPEP740(attestation, filename, publisher,
				ssr.VerifyOptions{Artifact: ssr.Artifact{Digests: dist}, Root: root}))
		}
		keep(1, start)
		start = time.Now()
		for i := 0; i < tokens; i++ {
			if !must(ssr.TPVerifyToken(tpPolicy, jwks, token, at)).Match.Matched {
				panic("the token does not match")
			}
		}
		keep(2, start)
	}
	fmt.Printf("%.1f %.1f %.1f\n", bundles/best[0].Seconds(), attestations/best[1].Seconds(), tokens/best[2].Seconds())
}

// verify-go: sigstore-go verifying the benchmark's bundles, as its own
// conformance client configures it. Usage: verify-go CASES.json SECONDS
// (CASES.json as bench/compare.py writes it). Prints "name<TAB>verifies/s".
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

type benchCase struct {
	Name     string `json:"name"`
	Bundle   string `json:"bundle"`
	Digest   string `json:"sha256"`
	Root     string `json:"root"`
	Identity string `json:"identity"`
	Issuer   string `json:"issuer"`
}

func once(tr root.TrustedMaterial, data []byte, digest []byte, c benchCase) error {
	b := &bundle.Bundle{}
	if err := b.UnmarshalJSON(data); err != nil {
		return err
	}
	config := []verify.VerifierOption{verify.WithSignedCertificateTimestamps(1)}
	stamps, err := b.Timestamps()
	if err != nil {
		return err
	}
	if len(tr.TimestampingAuthorities()) > 0 && len(stamps) > 0 {
		config = append(config, verify.WithSignedTimestamps(1))
	}
	if len(tr.RekorLogs()) > 0 {
		config = append(config, verify.WithTransparencyLog(1))
		if b.HasInclusionPromise() {
			config = append(config, verify.WithIntegratedTimestamps(1))
		}
	}
	v, err := verify.NewVerifier(tr, config...)
	if err != nil {
		return err
	}
	id, err := verify.NewShortCertificateIdentity(c.Issuer, "", c.Identity, "")
	if err != nil {
		return err
	}
	_, err = v.Verify(b, verify.NewPolicy(verify.WithArtifactDigest("sha256", digest), verify.WithCertificateIdentity(id)))
	return err
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	seconds, _ := strconv.ParseFloat(os.Args[2], 64)
	var cases []benchCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		panic(err)
	}
	for _, c := range cases {
		tr, err := root.NewTrustedRootFromPath(c.Root)
		if err != nil {
			panic(err)
		}
		data, err := os.ReadFile(c.Bundle)
		if err != nil {
			panic(err)
		}
		digest, _ := hex.DecodeString(c.Digest)
		if err := once(tr, data, digest, c); err != nil {
			fmt.Printf("%s\trefused: %v\n", c.Name, err)
			continue
		}
		n := 0
		start := time.Now()
		for time.Since(start).Seconds() < seconds {
			if err := once(tr, data, digest, c); err != nil {
				panic(err)
			}
			n++
		}
		fmt.Printf("%s\t%.2f\n", c.Name, float64(n)/time.Since(start).Seconds())
	}
}

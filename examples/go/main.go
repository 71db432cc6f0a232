// A registry's upload check with the Go binding (see examples/upload/README.md).
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	ssr "github.com/libssr/libssr/bindings/go"
)

// releaseType is the payloadType a release is signed as.
const releaseType = "application/vnd.ssr.release+json"

const now = 1760000000

func check(folder string) (string, error) {
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(folder, name)) }
	release, err := read("release.json")
	if err != nil {
		return "", err
	}
	report, err := ssr.Validate(release, "release")
	if err != nil {
		return "", err
	}
	if !report.Valid {
		for _, d := range report.Diagnostics {
			if d.Severity == "error" {
				return fmt.Sprintf("release refused: %s at %s", d.Code, d.Pointer), nil
			}
		}
	}
	envelope, err := read("release.dsse.json")
	if err != nil {
		return "", err
	}
	pub, err := read("publisher.pub")
	if err != nil {
		return "", err
	}
	verified, err := ssr.DSSEVerify(envelope, [][]byte{pub}, 1)
	if errors.Is(err, ssr.ErrVerification) {
		return "envelope refused: no trusted signature", nil
	} else if err != nil {
		return "", err
	}
	if verified.PayloadType != releaseType {
		return "envelope refused: signed as " + verified.PayloadType + ", not as a release", nil
	}
	if !bytes.Equal(verified.Payload, release) {
		return "envelope refused: it signs another document", nil
	}
	policy, err := read("policy.json")
	if err != nil {
		return "", err
	}
	claims, err := read("claims.json")
	if err != nil {
		return "", err
	}
	match, err := ssr.TPMatch(policy, claims, now)
	if err != nil {
		return "", err
	}
	if !match.Matched {
		return fmt.Sprintf("publisher refused: claim %s (%s)", match.FailedClaim, match.FailedReason), nil
	}
	return "accepted", nil
}

func main() {
	verdict, err := check(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(verdict)
	if verdict != "accepted" {
		os.Exit(1)
	}
}

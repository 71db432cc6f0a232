// SPDX-License-Identifier: Apache-2.0

package ssr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderPanel(t *testing.T) {
	result := read(t, "examples", "panels", "result-pep740-pypi-attestations-0.0.19.json")
	release := read(t, "examples", "panels", "release-pypi-attestations-0.0.19.json")
	a, err := RenderPanel(result, release, PanelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a, `<section class="ssr-panel ssr-level-a ssr-style-plain" lang="en" dir="ltr" `+
		`aria-label="Provenance of pypi-attestations 0.0.19">`) || strings.Count(a, "<details ") != 4 {
		t.Errorf("level A: %.200s", a)
	}
	ar, err := RenderPanel(result, release, PanelOptions{Level: PanelAAA, Style: PanelPyPI, Lang: "ar"})
	if err != nil || !strings.Contains(ar, `class="ssr-panel ssr-level-aaa ssr-style-pypi" lang="ar" dir="rtl"`) {
		t.Errorf("level AAA in Arabic: %v %.200s", err, ar)
	}
	_, err = RenderPanel([]byte("{\n \"verified\": false}"), nil, PanelOptions{})
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("unverified: %v", err)
	}
	d := ie.Report.Diagnostics[0]
	if d.Code != "panel.result.unverified" || d.Pointer != "/verified" || d.Line != 2 || d.Column != 14 {
		t.Errorf("unverified: %+v", d)
	}
	_, err = RenderPanel(result, read(t, "examples", "panels", "release-npm-sigstore-0.4.0.json"), PanelOptions{})
	if !errors.As(err, &ie) || ie.Report.Kind != "release" || ie.Report.Diagnostics[0].Code != "panel.release.artifact" ||
		ie.Report.Diagnostics[0].Line != 10 || ie.Report.Diagnostics[0].Column != 16 {
		t.Errorf("another release: %v", err)
	}
	if _, err := RenderPanel(result, nil, PanelOptions{Level: 4}); err == nil || !strings.Contains(err.Error(), "level 4") {
		t.Errorf("level 4: %v", err)
	}
}

func TestRenderProfiles(t *testing.T) {
	var profiles [][]byte
	for _, n := range []string{"crates-io", "npm", "pypi"} {
		profiles = append(profiles, read(t, "examples", "documents", "repository-profile-"+n+".json"))
	}
	md, err := RenderProfiles(profiles, CompareMarkdown)
	if err != nil || !strings.HasPrefix(md, "| capability | level | crates.io | npm | PyPI |\n") {
		t.Errorf("markdown: %v %.100s", err, md)
	}
	svg, err := RenderProfiles(profiles, CompareSVG)
	if err != nil || !strings.HasPrefix(svg, `<svg xmlns="http://www.w3.org/2000/svg"`) {
		t.Errorf("svg: %v", err)
	}
	_, err = RenderProfiles([][]byte{profiles[0], []byte(`{"ssr": "repository-profile/v1"}`)}, CompareText)
	var pe *ProfileError
	if !errors.As(err, &pe) || pe.Index != 1 || pe.Report.Diagnostics[0].Code != "repository-profile.repository.required" {
		t.Errorf("invalid profile: %v", err)
	}
	_, err = RenderProfiles([][]byte{{}}, CompareText)
	if !errors.As(err, &pe) || pe.Index != 0 {
		t.Errorf("empty profile: %v", err)
	}
	if _, err := RenderProfiles(nil, CompareText); err == nil {
		t.Error("no profiles")
	}
	if _, err := RenderProfiles(profiles, 9); err == nil {
		t.Error("format 9")
	}
	if _, err := os.Stat(filepath.Join(root, "examples", "survey-2022")); err != nil {
		t.Fatal(err)
	}
}

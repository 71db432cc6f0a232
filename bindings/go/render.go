// SPDX-License-Identifier: Apache-2.0

package ssr

/*
#include <stdlib.h>
#include <ssr.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// PanelLevel is a level of the attestations style guide.
type PanelLevel int

// The style guide's levels.
const (
	PanelA   PanelLevel = C.SSR_PANEL_A   // collapsible panels
	PanelAA  PanelLevel = C.SSR_PANEL_AA  // cards, shown at once, with a limitation note
	PanelAAA PanelLevel = C.SSR_PANEL_AAA // a security section with a sidebar
)

// PanelStyle is the registry a panel imitates.
type PanelStyle int

// The styles.
const (
	PanelPlain PanelStyle = C.SSR_PANEL_PLAIN
	PanelPyPI  PanelStyle = C.SSR_PANEL_PYPI
	PanelNPM   PanelStyle = C.SSR_PANEL_NPM
)

// PanelOptions choose a panel's level, style and language (a BCP 47 tag:
// en, de, ja, ar; another gives English). The zero value is level A,
// plain, English.
type PanelOptions struct {
	Level PanelLevel
	Style PanelStyle
	Lang  string
}

// RenderPanel writes the provenance panel of a verified artifact as one
// self-contained HTML fragment. result is the JSON of a verification
// result (VerifyResult.JSON); release, when not nil, the release/v1
// document it belongs to. An *InvalidError says why a result or release
// is refused.
func RenderPanel(result, release []byte, opts PanelOptions) (string, error) {
	level := opts.Level
	if level == 0 {
		level = PanelA
	}
	if level < PanelA || level > PanelAAA {
		return "", fmt.Errorf("ssr: RenderPanel: level %d is not PanelA, PanelAA or PanelAAA", level)
	}
	if opts.Style < PanelPlain || opts.Style > PanelNPM {
		return "", fmt.Errorf("ssr: RenderPanel: style %d is not PanelPlain, PanelPyPI or PanelNPM", opts.Style)
	}
	lang := opts.Lang
	if lang == "" {
		lang = "en"
	}
	r, rn := cbytes(result)
	var rel *C.char
	var reln C.size_t
	if release != nil {
		rel, reln = cbytes(release)
	}
	l, ln := cbytes([]byte(lang))
	var out *C.char
	var outLen C.size_t
	var report *C.ssr_report
	status := C.ssr_render_panel(unsafe.Pointer(r), rn, unsafe.Pointer(rel), reln, C.int(level), C.int(opts.Style),
		unsafe.Pointer(l), ln, nil, &out, &outLen, &report)
	if status == C.SSR_EINVALID {
		return "", invalid(report)
	}
	C.ssr_report_free(report)
	if err := statusError(status); err != nil {
		return "", err
	}
	return string(take(unsafe.Pointer(out), outLen)), nil
}

// CompareFormat is an output of RenderProfiles.
type CompareFormat int

// The formats.
const (
	CompareText     CompareFormat = C.SSR_COMPARE_TEXT     // a plain-text table
	CompareMarkdown CompareFormat = C.SSR_COMPARE_MARKDOWN // a Markdown table
	CompareHTML     CompareFormat = C.SSR_COMPARE_HTML     // a self-contained page, evidence on hover
	CompareSVG      CompareFormat = C.SSR_COMPARE_SVG      // a chart of the levels per track per registry
)

// ProfileError is the *InvalidError of one of RenderProfiles' profiles.
type ProfileError struct {
	Index int // which profile
	*InvalidError
}

func (e *ProfileError) Error() string {
	return fmt.Sprintf("profile %d: %s", e.Index, e.InvalidError.Error())
}

func (e *ProfileError) Unwrap() error { return e.InvalidError }

// RenderProfiles puts 1 to 64 repository profiles side by side. An invalid
// profile gives a *ProfileError naming it.
func RenderProfiles(profiles [][]byte, format CompareFormat) (string, error) {
	if len(profiles) < 1 || len(profiles) > 64 {
		return "", fmt.Errorf("ssr: RenderProfiles: between 1 and 64 profiles, not %d", len(profiles))
	}
	if format < CompareText || format > CompareSVG {
		return "", fmt.Errorf("ssr: RenderProfiles: unknown format %d", format)
	}
	// C memory throughout: cgo forbids passing C an array of Go pointers.
	docs := (*[64]unsafe.Pointer)(C.calloc(64, C.size_t(unsafe.Sizeof(unsafe.Pointer(nil)))))
	lens := (*[64]C.size_t)(C.calloc(64, C.size_t(unsafe.Sizeof(C.size_t(0)))))
	defer func() {
		for i := range profiles {
			C.free(docs[i])
		}
		C.free(unsafe.Pointer(docs))
		C.free(unsafe.Pointer(lens))
	}()
	for i, p := range profiles {
		if len(p) == 0 {
			docs[i] = C.malloc(1) // an empty document, refused as such, not a missing one
		} else {
			docs[i] = C.CBytes(p)
		}
		lens[i] = C.size_t(len(p))
	}
	var out *C.char
	var outLen, failed C.size_t
	var report *C.ssr_report
	status := C.ssr_render_profiles(&docs[0], &lens[0], C.size_t(len(profiles)), C.int(format), nil, &out, &outLen,
		&failed, &report)
	if status == C.SSR_EINVALID {
		err := invalid(report)
		if ie, ok := err.(*InvalidError); ok {
			return "", &ProfileError{Index: int(failed), InvalidError: ie}
		}
		return "", err
	}
	C.ssr_report_free(report)
	if err := statusError(status); err != nil {
		return "", err
	}
	return string(take(unsafe.Pointer(out), outLen)), nil
}

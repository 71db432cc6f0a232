/*
 * libssr: what people look at. Provenance panels for package pages, drawn
 * from a verification result as the OpenSSF attestations style guide
 * describes them, and repository profiles compared side by side.
 *
 * Everything written is self-contained (no script, no external request,
 * inline SVG icons), every value from the input is escaped, and only what
 * the input establishes is shown: a field a verification did not establish
 * is absent, never guessed.
 */
#ifndef SSR_RENDER_H
#define SSR_RENDER_H

#include "common.h"
#include "json.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The style guide's levels of a provenance panel. */
typedef enum ssr_panel_level {
    SSR_PANEL_A = 1,  /* collapsible panels: Source, Build, Attestations, Integrity */
    SSR_PANEL_AA = 2, /* cards, the panels' details shown at once, a limitation note */
    SSR_PANEL_AAA = 3 /* a security section: build provenance, integrity, provenance, a sidebar */
} ssr_panel_level;

/* The colours and type of a registry the panel imitates. */
typedef enum ssr_panel_style {
    SSR_PANEL_PLAIN = 0, /* neutral, inherits the host page's font */
    SSR_PANEL_PYPI = 1,  /* PyPI's blue links */
    SSR_PANEL_NPM = 2    /* npm's red accents */
} ssr_panel_style;

/*
 * Writes the provenance panel of one verified artifact as an HTML fragment:
 * one <section class="ssr-panel"> element with its own <style> scoped under
 * that class, <details> for expand and collapse, inline SVG icons, and no
 * script or external resource.
 *
 * `result` (`result_len` bytes) is the JSON result of ssr_verify_bundle(),
 * ssr_verify_pep740() or ssr_verify_npm(): {"verified": true,
 * "attestations": [...]}. `release` (`release_len` bytes, or NULL and 0)
 * is the release/v1 document the artifact belongs to: its package, version,
 * repository and the artifact's digest (the statement's subject names the
 * artifact). `lang` (`lang_len` bytes, or NULL and 0 for English) is a
 * BCP 47 tag; catalogues exist for en, de, ja and ar (right to left), and
 * a string a catalogue lacks is English. The fragment's lang and dir
 * attributes say which language was written.
 *
 * SSR_OK: *out holds the fragment (NUL-terminated, *out_len bytes, freed
 * with ssr_free()). SSR_EINVALID: the result is not a verified result, or
 * the release is invalid; *report (when report is not NULL) says why, and
 * *out is NULL. SSR_EINVAL: a NULL argument or an unknown level or style.
 * SSR_ENOMEM: nothing is returned.
 */
SSR_API SSR_NODISCARD int ssr_render_panel(const void *result, size_t result_len, const void *release,
                                           size_t release_len, int level, int style, const void *lang,
                                           size_t lang_len, const ssr_options *opts, char **out, size_t *out_len,
                                           ssr_report **report);

/* Output formats of ssr_render_profiles(). */
typedef enum ssr_compare_format {
    SSR_COMPARE_TEXT = 0,     /* a plain-text table */
    SSR_COMPARE_MARKDOWN = 1, /* a Markdown table */
    SSR_COMPARE_HTML = 2,     /* a self-contained HTML page, evidence on hover */
    SSR_COMPARE_SVG = 3       /* a chart: each registry's level per track and overall */
} ssr_compare_format;

/*
 * Compares repository profiles: registries by capability, grouped by track
 * and level, each cell the capability's status, then each registry's level
 * per track and overall (as ssr_profile_levels() computes them).
 * `profiles` and `lens` hold `count` documents (1 to 64), compared in the
 * order given.
 *
 * SSR_OK: *out as for ssr_render_panel(). SSR_EINVALID: a profile is
 * invalid; *failed (when not NULL) is its index and *report its
 * validation report. SSR_EINVAL: a NULL argument, no profile, more than 64
 * or an unknown format. SSR_ENOMEM: nothing is returned.
 */
SSR_API SSR_NODISCARD int ssr_render_profiles(const void *const *profiles, const size_t *lens, size_t count,
                                              int format, const ssr_options *opts, char **out, size_t *out_len,
                                              size_t *failed, ssr_report **report);

#ifdef __cplusplus
}
#endif

#endif /* SSR_RENDER_H */

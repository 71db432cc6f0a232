// SPDX-License-Identifier: Apache-2.0
//! What people look at: provenance panels and profile comparisons.

use std::os::raw::c_void;
use std::ptr;

use crate::{ffi, outcome, ptr_of, report_of, take, Error, Report};

/// A level of the attestations style guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelLevel {
    /// Collapsible panels.
    A,
    /// Cards, shown at once, with a limitation note.
    AA,
    /// A security section with a sidebar.
    AAA,
}

/// The registry a panel imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelStyle {
    Plain,
    PyPI,
    Npm,
}

/// The output of [`render_profiles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareFormat {
    Text,
    Markdown,
    /// A self-contained page, evidence on hover.
    Html,
    /// A chart of the levels per track per registry.
    Svg,
}

/// Writes the provenance panel of a verified artifact as one self-contained
/// HTML fragment. `result` is the JSON of a verification result (what
/// `verify_bundle`, `verify_pep740` and `verify_npm` return); `release` the
/// release/v1 document it belongs to; `lang` a BCP 47 tag (en, de, ja, ar;
/// another gives English). `Error::Invalid` says why a result or release is
/// refused.
pub fn render_panel(result: &[u8], release: Option<&[u8]>, level: PanelLevel, style: PanelStyle, lang: &str)
                    -> Result<String, Error> {
    let level = match level {
        PanelLevel::A => ffi::SSR_PANEL_A,
        PanelLevel::AA => ffi::SSR_PANEL_AA,
        PanelLevel::AAA => ffi::SSR_PANEL_AAA,
    };
    let style = match style {
        PanelStyle::Plain => ffi::SSR_PANEL_PLAIN,
        PanelStyle::PyPI => ffi::SSR_PANEL_PYPI,
        PanelStyle::Npm => ffi::SSR_PANEL_NPM,
    };
    let (release_ptr, release_len) = match release {
        Some(r) => (ptr_of(r), r.len()),
        None => (ptr::null(), 0),
    };
    let (mut out, mut len, mut report) = (ptr::null_mut(), 0, ptr::null_mut());
    let status = unsafe {
        ffi::ssr_render_panel(ptr_of(result), result.len(), release_ptr, release_len, level, style,
                              lang.as_ptr() as *const c_void, lang.len(), ptr::null(), &mut out, &mut len,
                              &mut report)
    };
    outcome(status, report)?;
    Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
}

/// Puts 1 to 64 repository profiles side by side. An invalid profile gives
/// `Err((index, Error::Invalid(report)))`.
pub fn render_profiles(profiles: &[&[u8]], format: CompareFormat) -> Result<String, (usize, Error)> {
    let format = match format {
        CompareFormat::Text => ffi::SSR_COMPARE_TEXT,
        CompareFormat::Markdown => ffi::SSR_COMPARE_MARKDOWN,
        CompareFormat::Html => ffi::SSR_COMPARE_HTML,
        CompareFormat::Svg => ffi::SSR_COMPARE_SVG,
    };
    if profiles.is_empty() || profiles.len() > 64 {
        return Err((0, crate::invalid_argument(format!("between 1 and 64 profiles, not {}", profiles.len()))));
    }
    let docs: Vec<*const c_void> = profiles.iter().map(|p| ptr_of(p)).collect();
    let lens: Vec<usize> = profiles.iter().map(|p| p.len()).collect();
    let (mut out, mut len, mut failed, mut report) = (ptr::null_mut(), 0, 0usize, ptr::null_mut());
    let status = unsafe {
        ffi::ssr_render_profiles(docs.as_ptr(), lens.as_ptr(), docs.len(), format, ptr::null(), &mut out, &mut len,
                                 &mut failed, &mut report)
    };
    if status == ffi::SSR_EINVALID && !report.is_null() {
        let r: Report = report_of(report);
        return Err((failed, Error::Invalid(r)));
    }
    outcome(status, report).map_err(|e| (0, e))?;
    Ok(String::from_utf8_lossy(&take(out, len)).into_owned())
}

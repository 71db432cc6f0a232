// SPDX-License-Identifier: Apache-2.0
//! Provenance panels and profile comparisons through the safe crate.

use std::fs;
use std::path::PathBuf;

use ssrmeta as ssr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> Vec<u8> {
    fs::read(root().join(path)).unwrap()
}

#[test]
fn panels() {
    let result = read("examples/panels/result-pep740-pypi-attestations-0.0.19.json");
    let release = read("examples/panels/release-pypi-attestations-0.0.19.json");
    let a = ssr::render_panel(&result, Some(&release), ssr::PanelLevel::A, ssr::PanelStyle::Plain, "en").unwrap();
    assert!(a.starts_with("<section class=\"ssr-panel ssr-level-a ssr-style-plain\" lang=\"en\" dir=\"ltr\" \
                           aria-label=\"Provenance of pypi-attestations 0.0.19\">"));
    assert_eq!(a.matches("<details ").count(), 4);
    let ar = ssr::render_panel(&result, Some(&release), ssr::PanelLevel::AAA, ssr::PanelStyle::PyPI, "ar").unwrap();
    assert!(ar.contains("class=\"ssr-panel ssr-level-aaa ssr-style-pypi\" lang=\"ar\" dir=\"rtl\""));
    match ssr::render_panel(b"{\n \"verified\": false}", None, ssr::PanelLevel::A, ssr::PanelStyle::Plain, "en") {
        Err(ssr::Error::Invalid(r)) => {
            let d = &r.diagnostics[0];
            assert_eq!((d.code.as_str(), d.pointer.as_str(), d.line, d.column), ("panel.result.unverified", "/verified", 2, 14));
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    let npm_release = read("examples/panels/release-npm-sigstore-0.4.0.json");
    match ssr::render_panel(&result, Some(&npm_release), ssr::PanelLevel::A, ssr::PanelStyle::Plain, "en") {
        Err(ssr::Error::Invalid(r)) => {
            assert_eq!(r.kind, "release");
            let d = &r.diagnostics[0];
            assert_eq!((d.code.as_str(), d.line, d.column), ("panel.release.artifact", 10, 16));
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn comparisons() {
    let docs: Vec<Vec<u8>> = ["crates-io", "npm", "pypi"]
        .iter()
        .map(|n| read(&format!("examples/documents/repository-profile-{}.json", n)))
        .collect();
    let profiles: Vec<&[u8]> = docs.iter().map(|d| d.as_slice()).collect();
    let md = ssr::render_profiles(&profiles, ssr::CompareFormat::Markdown).unwrap();
    assert!(md.starts_with("| capability | level | crates.io | npm | PyPI |\n"));
    let svg = ssr::render_profiles(&profiles, ssr::CompareFormat::Svg).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    match ssr::render_profiles(&[profiles[0], b"{\"ssr\": \"repository-profile/v1\"}"], ssr::CompareFormat::Text) {
        Err((1, ssr::Error::Invalid(r))) => assert_eq!(r.diagnostics[0].code, "repository-profile.repository.required"),
        other => panic!("{:?}", other.map(|_| ()).map_err(|(i, _)| i)),
    }
    assert!(ssr::render_profiles(&[], ssr::CompareFormat::Text).is_err());
}

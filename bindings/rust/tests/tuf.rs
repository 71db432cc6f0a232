// SPDX-License-Identifier: Apache-2.0
//! TUF through the crate: Sigstore's repository (the tuf-conformance corpus's
//! static copy) refreshed into a trust cache through a Rust fetch, loaded, and
//! refused when it expires or the repository lies.
use ssrmeta::{sigstore_trust_load, sigstore_trust_refresh, tuf_init, Error, SigstoreTrust, TufOptions, TufUpdater};
use std::path::{Path, PathBuf};
use std::time::Duration;

const NOW: i64 = 1739102528; // the copy's time: 2025-02-09T12:02:08Z

fn static_dir() -> Option<PathBuf> {
    let root = std::env::var("SSR_ROOT").map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(".."));
    let dir = root.join("..").join("shared").join("corpus").join("tuf-conformance").join("tuf_conformance")
        .join("static_data");
    if dir.join("sigstore-root-signing").is_dir() { Some(dir) } else { None }
}

fn fetch(dir: PathBuf, lie: Option<(&'static str, Vec<u8>)>) -> Box<ssrmeta::Fetch> {
    Box::new(move |url: &str, _max: u64, _timeout: Duration| {
        if let Some((suffix, body)) = &lie {
            if url.ends_with(suffix) {
                return Ok(body.clone());
            }
        }
        std::fs::read(dir.join(url.trim_start_matches("static:/"))).map_err(|_| 404)
    })
}

fn trust(dir: &Path, fetch: Box<ssrmeta::Fetch>) -> SigstoreTrust {
    SigstoreTrust {
        tuf_root: Some(std::fs::read(dir.join("sigstore-root-signing").join("initial_root.json")).unwrap()),
        metadata_url: Some("static:/sigstore-root-signing/metadata".into()),
        targets_url: Some("static:/sigstore-root-signing/targets".into()),
        options: TufOptions { fetch: Some(fetch), now: Some(NOW), timeout: None },
        ..SigstoreTrust::default()
    }
}

fn rule(e: Error) -> String {
    match e {
        Error::Refused(report) => report.diagnostics[0].code.clone(),
        other => panic!("not a refusal: {}", other),
    }
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ssrmeta-tuf-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn refresh_then_load() {
    let dir = match static_dir() { Some(d) => d, None => return eprintln!("skipping: the shared corpus is absent") };
    let cache = scratch("load").join("c");
    sigstore_trust_refresh(cache.to_str().unwrap(), trust(&dir, fetch(dir.clone(), None))).unwrap();
    let (_root, keys) = sigstore_trust_load(cache.to_str().unwrap(), false, Some(NOW)).unwrap();
    assert!(keys.is_none()); // the copy does not serve keys.json
    let expired = sigstore_trust_load(cache.to_str().unwrap(), false, Some(NOW + 30 * 86400)).err().unwrap();
    assert_eq!(rule(expired), "tuf.cache.expired");
}

#[test]
fn lies_are_refused() {
    let dir = match static_dir() { Some(d) => d, None => return eprintln!("skipping: the shared corpus is absent") };
    let forged = std::fs::read_to_string(dir.join("sigstore-root-signing").join("metadata").join("timestamp.json"))
        .unwrap().replacen("\"expires\": \"2025", "\"expires\": \"2035", 1).into_bytes();
    let cases: Vec<(&str, Box<ssrmeta::Fetch>)> = vec![
        ("tuf.signature.threshold", fetch(dir.clone(), Some(("/timestamp.json", forged)))),
        ("tuf.fetch.too-long", fetch(dir.clone(), Some(("/timestamp.json", vec![b' '; 20000])))),
        ("tuf.fetch.http", Box::new(|_: &str, _: u64, _: Duration| Err(500))),
        ("tuf.fetch.failed", Box::new(|_: &str, _: u64, _: Duration| -> Result<Vec<u8>, u16> { panic!("boom") })),
    ];
    for (i, (want, f)) in cases.into_iter().enumerate() {
        let cache = scratch(&format!("lie{}", i)).join("c");
        let e = sigstore_trust_refresh(cache.to_str().unwrap(), trust(&dir, f)).err().unwrap();
        assert_eq!(rule(e), want);
    }
}

#[test]
fn updater_lookups() {
    let dir = match static_dir() { Some(d) => d, None => return eprintln!("skipping: the shared corpus is absent") };
    let meta = scratch("updater");
    let root = std::fs::read(dir.join("sigstore-root-signing").join("initial_root.json")).unwrap();
    tuf_init(meta.to_str().unwrap(), &root).unwrap();
    assert!(tuf_init(meta.to_str().unwrap(), &root).is_err());
    let mut u = TufUpdater::open(meta.to_str().unwrap(), "static:/sigstore-root-signing/metadata",
                                 Some("static:/sigstore-root-signing/targets"),
                                 TufOptions { fetch: Some(fetch(dir.clone(), None)), now: Some(NOW), timeout: None })
        .unwrap();
    u.refresh().unwrap();
    let info = u.target_info("trusted_root.json").unwrap();
    assert!(info.contains("\"sha256\""));
    let out = scratch("targets");
    let path = u.download("trusted_root.json", out.to_str().unwrap()).unwrap();
    assert!(Path::new(&path).is_file());
    assert_eq!(rule(u.target_info("no/such").err().unwrap()), "tuf.target.not-found");
    u.load_cached().unwrap();
    assert_eq!(ssrmeta::olpc_canonical(b"{\"b\":1,\"a\":2}").unwrap(), b"{\"a\":2,\"b\":1}");
}

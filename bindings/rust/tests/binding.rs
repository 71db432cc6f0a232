//! The Rust binding against the C library's own answers.
use ssrmeta as ssr;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> Vec<u8> {
    fs::read(root().join(rel)).unwrap()
}

#[test]
fn version_has_three_parts() {
    assert_eq!(ssr::version().split('.').count(), 3);
}

#[test]
fn crypto_backend_named() {
    let b = ssr::crypto_backend();
    assert!(b.starts_with("aws-lc ") || b.starts_with("OpenSSL "), "{}", b);
}

#[test]
fn examples_are_valid() {
    let mut n = 0;
    for entry in fs::read_dir(root().join("examples/documents")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().map_or(false, |e| e == "json") {
            let report = ssr::validate(&fs::read(&path).unwrap(), None).unwrap();
            assert!(report.valid, "{:?}: {:?}", path, report.diagnostics);
            n += 1;
        }
    }
    assert!(n >= 9);
}

#[test]
fn diagnostic_has_code_pointer_and_position() {
    let report = ssr::validate(br#"{"a": {"b": 1, "b": 2}}"#, None).unwrap();
    assert!(!report.valid);
    assert_eq!(report.kind, "json");
    let d = &report.diagnostics[0];
    assert_eq!((d.severity.as_str(), d.code.as_str(), d.pointer.as_str(), d.line, d.column),
               ("error", "json.duplicate-member", "/a/b", 1, 16));
    assert_eq!(ssr::validate(b"", None).unwrap().diagnostics[0].code, "json.empty");
    assert!(matches!(ssr::validate(b"{}", Some("no-such-kind")), Err(ssr::Error::Status { .. })));
}

/// Every shared vector gives, through Rust, the diagnostics its .expected file lists.
#[test]
fn vectors_agree_with_their_expected_files() {
    let mut count = 0;
    for kind_dir in fs::read_dir(root().join("tests/vectors")).unwrap() {
        let kind_dir = kind_dir.unwrap().path();
        if !kind_dir.is_dir() {
            continue;
        }
        let kind = kind_dir.file_name().unwrap().to_string_lossy().into_owned();
        for entry in fs::read_dir(&kind_dir).unwrap() {
            let input = entry.unwrap().path();
            if input.extension().map_or(true, |e| e != "input") {
                continue;
            }
            let expected_text = fs::read_to_string(input.with_extension("expected")).unwrap();
            let mut expected: Vec<String> = expected_text
                .lines()
                .map(|l| l.split('\t').take(5).collect::<Vec<_>>().join("\t"))
                .collect();
            let report = ssr::validate(&fs::read(&input).unwrap(), Some(&kind)).unwrap();
            let mut got: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| format!("{}\t{}\t{}\t{}\t{}", d.severity, d.code, d.pointer, d.line, d.column))
                .collect();
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "{:?}", input);
            count += 1;
        }
    }
    assert!(count > 800, "{} vectors", count);
}

#[test]
fn canonical_and_pretty() {
    assert_eq!(ssr::canonicalize(r#"{"b": 1.0, "a": [1e2, "\u00e9"]}"#.as_bytes()).unwrap(),
               "{\"a\":[100,\"\u{e9}\"],\"b\":1}".as_bytes());
    assert_eq!(ssr::pretty(br#"{"b":1,"a":[]}"#).unwrap(), "{\n  \"b\": 1,\n  \"a\": []\n}\n");
    match ssr::canonicalize(br#"{"a": 1,}"#) {
        Err(ssr::Error::Invalid(r)) => assert_eq!(r.diagnostics[0].code, "json.unexpected-character"),
        other => panic!("{:?}", other),
    }
}

#[test]
fn digests() {
    assert_eq!(ssr::digest(b"abc", "sha256").unwrap(),
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert!(ssr::digest(b"abc", "md5").is_err());
}

#[test]
fn sign_and_verify() {
    let (public, secret) = ssr::generate_keypair().unwrap();
    assert!(public.starts_with(b"-----BEGIN PUBLIC KEY-----"));
    let payload = br#"{"hello": "world"}"#;
    let envelope = ssr::dsse_sign(payload, "application/json", &secret).unwrap();
    let verified = ssr::dsse_verify(&envelope, &[&public], 1).unwrap();
    assert_eq!(verified, ssr::Verified { payload: payload.to_vec(), payload_type: "application/json".to_owned(), verified: 1 });
    let (other, _) = ssr::generate_keypair().unwrap();
    assert_eq!(ssr::dsse_verify(&envelope, &[&other], 1), Err(ssr::Error::Verification { verified: 0 }));
    assert_eq!(ssr::dsse_verify(&envelope, &[&public, &other], 2), Err(ssr::Error::Verification { verified: 1 }));
    assert!(matches!(ssr::dsse_verify(br#"{"payload": 1}"#, &[&public], 1), Err(ssr::Error::Invalid(_))));
}

const CLAIMS: &str = r#"{"iss":"https://token.actions.githubusercontent.com","aud":"pypi","iat":1759999990,"nbf":1759999990,"exp":1760000290,"jti":"8f1c6d0e-jti","repository":"pypa/sampleproject","repository_owner":"pypa","repository_owner_id":"647025","ref":"refs/tags/v4.0.0","job_workflow_ref":"pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0","event_name":"push","environment":"pypi"}"#;

#[test]
fn trusted_publisher_matching() {
    let policy = read("tests/vectors/trusted-publisher/policy-github.base.input");
    let m = ssr::tp_match(&policy, CLAIMS.as_bytes(), 1760000000).unwrap();
    assert!(m.matched);
    assert_eq!(m.jti.as_deref(), Some("8f1c6d0e-jti"));
    assert_eq!(m.failed_claim, None);
    let forked = CLAIMS.replace("\"647025\"", "\"999\"");
    let m = ssr::tp_match(&policy, forked.as_bytes(), 1760000000).unwrap();
    assert!(!m.matched);
    assert_eq!(m.failed_claim.as_deref(), Some("repository_owner_id"));
    assert!(matches!(ssr::tp_match(b"{}", CLAIMS.as_bytes(), 0), Err(ssr::Error::Invalid(_))));
}

#[test]
fn profile_levels() {
    let levels = ssr::profile_levels(&read("examples/documents/repository-profile-npm.json")).unwrap();
    let names: Vec<&str> = levels.tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["authentication", "authorization", "general", "cli"]);
    let lowest = levels.tracks.iter().filter(|t| t.applies).filter_map(|t| t.level).min().unwrap();
    assert_eq!(levels.overall, lowest);
    assert!(matches!(ssr::profile_levels(br#"{"ssr": "repository-profile/v1"}"#), Err(ssr::Error::Invalid(_))));
}

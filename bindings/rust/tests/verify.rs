// Verification through the Rust binding: the sigstore-conformance bundles and
// the PEP 740 and npm CASES files of the shared corpus, each with the verdict,
// code, pointer, line and column the C suite records in
// tests/vectors/verify-expected.tsv; ID tokens.
use ssrmeta as ssr;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

const IDENTITY: &str = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const ISSUER: &str = "https://token.actions.githubusercontent.com";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> Option<PathBuf> {
    let c = root().join("../shared/corpus");
    if c.join("sigstore").is_dir() {
        Some(c)
    } else {
        println!("skipped: the shared corpus (../shared/corpus) is absent");
        None
    }
}

fn expected() -> HashMap<String, Option<String>> {
    let text = fs::read_to_string(root().join("tests/vectors/verify-expected.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let value = if f[1] == "pass" {
                None
            } else {
                let pointer = if f[3] == "\"\"" { "" } else { f[3] }; // the table writes an empty pointer as ""
                Some(format!("{}\t{}\t{}\t{}", f[2], pointer, f[4], f[5]))
            };
            (f[0].to_owned(), value)
        })
        .collect()
}

fn outcome<T>(r: Result<T, ssr::Error>) -> Option<String> {
    match r {
        Ok(_) => None,
        Err(ssr::Error::Refused(report)) | Err(ssr::Error::Invalid(report)) => {
            let d = report.diagnostics.iter().find(|d| d.severity == "error").unwrap();
            Some(format!("{}\t{}\t{}\t{}", d.code, d.pointer, d.line, d.column))
        }
        Err(e) => panic!("not a verification outcome: {}", e),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn conformance_bundles() {
    let corpus = match corpus() {
        Some(c) => c,
        None => return,
    };
    let want = expected();
    let base = corpus.join("sigstore/conformance/bundle-verify");
    let mut names: Vec<String> = fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut cases = 0;
    for name in names {
        let dir = base.join(&name);
        let trusted = if dir.join("trusted_root.json").exists() {
            match ssr::TrustedRoot::parse(&fs::read(dir.join("trusted_root.json")).unwrap()) {
                Ok(r) => r,
                Err(e) => {
                    let got = outcome::<()>(Err(e));
                    for mode in ["path", "digest"] {
                        assert_eq!(&got, &want[&format!("conformance/{}/{}", name, mode)], "{}", name);
                    }
                    cases += 2;
                    continue;
                }
            }
        } else {
            ssr::TrustedRoot::public_good().unwrap()
        };
        let policy = if dir.join("key.pub").exists() {
            match ssr::PublicKey::parse(&fs::read(dir.join("key.pub")).unwrap()) {
                Ok(key) => ssr::VerifyPolicy::key(&key).unwrap(),
                Err(_) => {
                    assert!(name.ends_with("_fail"), "{}", name); // a key that is no key verifies nothing
                    cases += 2;
                    continue;
                }
            }
        } else {
            let read = |f: &str, d: &str| fs::read_to_string(dir.join(f)).map(|s| s.trim().to_owned()).unwrap_or(d.to_owned());
            ssr::VerifyPolicy::identity(&read("identity", IDENTITY), &read("issuer", ISSUER)).unwrap()
        };
        let artifact = if dir.join("artifact").exists() { dir.join("artifact") } else { base.join("a.txt") };
        let sha = ssr::digest(&fs::read(&artifact).unwrap(), "sha256").unwrap();
        let bundle = fs::read(dir.join("bundle.sigstore.json")).unwrap();
        let digests = [("sha256", sha.as_str())];
        for (mode, a) in [("path", ssr::Artifact::Path(&artifact)), ("digest", ssr::Artifact::Digests(&digests))] {
            let got = outcome(ssr::verify_bundle(&bundle, &policy, a, &trusted, &ssr::VerifyOptions::at(now())));
            assert_eq!(&got, &want[&format!("conformance/{}/{}", name, mode)], "{} {}", name, mode);
            assert_eq!(got.is_none(), !name.ends_with("_fail"), "{}", name);
            cases += 1;
        }
    }
    assert_eq!(cases, 140);
}

/// A bundle of the C suite's own PKI with one timestamp and no log entry: refused by default, verified when the
/// caller lowers the minimum.
#[test]
fn evidence_minimums() {
    let base = root().join("tests/vectors/evidence");
    let trusted = ssr::TrustedRoot::parse(&fs::read(base.join("trusted_root.json")).unwrap()).unwrap();
    let policy = ssr::VerifyPolicy::identity("https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main",
                                             ISSUER).unwrap();
    let artifact = fs::read(base.join("artifact.txt")).unwrap();
    let unlogged = fs::read(base.join("unlogged.sigstore.json")).unwrap();
    let code = |r: Option<String>| r.map(|s| s.split('\t').next().unwrap().to_owned());
    let defaults = ssr::VerifyOptions::at(now());
    assert_eq!(code(outcome(ssr::verify_bundle(&unlogged, &policy, ssr::Artifact::Data(&artifact), &trusted, &defaults))),
               Some("verify.tlog.required".to_owned()));
    assert!(ssr::verify_bundle(&unlogged, &policy, ssr::Artifact::Data(&artifact), &trusted,
                               &defaults.min_log_entries(0)).is_ok());
    let logged = fs::read(base.join("logged.sigstore.json")).unwrap();
    assert_eq!(code(outcome(ssr::verify_bundle(&logged, &policy, ssr::Artifact::Data(&artifact), &trusted,
                                               &defaults.min_signed_times(3)))),
               Some("verify.time.too-few".to_owned()));
    assert!(matches!(ssr::verify_bundle(&logged, &policy, ssr::Artifact::Data(&artifact), &trusted,
                                        &defaults.min_signed_times(0)),
                     Err(ssr::Error::Status { .. })));
}

#[test]
fn pep740_cases() {
    let corpus = match corpus() {
        Some(c) => c,
        None => return,
    };
    let want = expected();
    let base = corpus.join("sigstore/pep740");
    let text = fs::read_to_string(base.join("CASES.tsv")).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).filter(|l| !l.is_empty()).collect();
    for line in &lines {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, artifact, attestation, trust, policy_json, expect) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        let policy = ssr::VerifyPolicy::parse(policy_json.as_bytes()).unwrap();
        let data = fs::read(base.join(attestation)).unwrap();
        let got = if artifact == "-" {
            outcome(policy.check(&data))
        } else {
            let trusted = if trust == "staging" { ssr::TrustedRoot::staging() } else { ssr::TrustedRoot::public_good() }.unwrap();
            if let Some(rest) = artifact.strip_prefix('@') {
                let (name, sha) = rest.split_once("#sha256:").unwrap();
                outcome(ssr::verify_pep740(&data, name, &policy, ssr::Artifact::Digests(&[("sha256", sha)]), &trusted,
                                           &ssr::VerifyOptions::at(now())))
            } else {
                let path = base.join(artifact);
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                outcome(ssr::verify_pep740(&data, &name, &policy, ssr::Artifact::Path(&path), &trusted,
                                           &ssr::VerifyOptions::at(now())))
            }
        };
        assert_eq!(&got, &want[&format!("pep740/{}", id)], "{}", id);
        assert_eq!(got.is_none(), expect == "pass", "{}", id);
    }
    assert_eq!(lines.len(), 46);
}

/// Standard base64 (npm's SRI integrity), padded; the corpus is trusted input here.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        acc = (acc << 6) | ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn npm_cases() {
    let corpus = match corpus() {
        Some(c) => c,
        None => return,
    };
    let want = expected();
    let base = corpus.join("sigstore/npm");
    let text = fs::read_to_string(base.join("CASES.tsv")).unwrap();
    let trusted = ssr::TrustedRoot::public_good().unwrap();
    let mut runs = 0;
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, package, integrity, tarball, attestations, keys, expect) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        let sha512: String = base64_decode(integrity.trim_start_matches("sha512-")).iter().map(|b| format!("{:02x}", b)).collect();
        let tarball = base.join(tarball);
        let digests = [("sha512", sha512.as_str())];
        for (mode, artifact) in [("tarball", ssr::Artifact::Path(&tarball)), ("integrity", ssr::Artifact::Digests(&digests))] {
            let key = format!("npm/{}/{}", id, mode);
            let w = match want.get(&key) {
                Some(w) => w,
                None => continue,
            };
            let got = outcome(ssr::verify_npm(&fs::read(base.join(attestations)).unwrap(), package,
                                              &fs::read(base.join(keys)).unwrap(), artifact, &trusted,
                                              &ssr::VerifyOptions::at(now())));
            assert_eq!(&got, w, "{}", key);
            assert_eq!(got.is_none(), expect == "pass", "{}", key);
            runs += 1;
        }
    }
    assert_eq!(runs, 74);
}

#[test]
fn id_tokens() {
    let jose = root().join("../shared/corpus/jose/generated");
    if !jose.is_dir() {
        println!("skipped: the shared jose corpus is absent");
        return;
    }
    let jwks = ssr::Jwks::parse(&fs::read(jose.join("jwks.json")).unwrap()).unwrap();
    assert!(jwks.len() >= 2);
    let policy = fs::read(root().join("examples/documents/trusted-publisher-github.json")).unwrap();
    let token = fs::read_to_string(jose.join("tokens/valid-rs256.jwt")).unwrap().trim().to_owned();
    let r = ssr::tp_verify_token(&policy, &jwks, token.as_bytes(), 1750000000).unwrap();
    assert_eq!(r.alg, "RS256");
    assert!(r.kid.is_some() && r.claims.contains("\"aud\":\"pypi\""), "{:?}", r);
    assert!(!r.matched.matched && r.matched.failed_claim.as_deref() == Some("repository"));
    let parts: Vec<&str> = token.split('.').collect();
    let flip = if parts[2].starts_with('A') { "B" } else { "A" };
    let flipped = format!("{}.{}.{}{}", parts[0], parts[1], flip, &parts[2][1..]);
    let none = fs::read_to_string(jose.join("tokens/alg-none.jwt")).unwrap().trim().to_owned();
    for (bad, code) in [(flipped.as_str(), "jwt.signature"), (none.as_str(), "jwt.alg.none"), ("a.b.c", "jwt.base64url")] {
        let got = outcome(ssr::tp_verify_token(&policy, &jwks, bad.as_bytes(), 1750000000)).unwrap();
        assert!(got.starts_with(&format!("{}\t", code)), "{}: {}", code, got);
    }
    assert!(ssr::Jwks::parse(br#"{"keys": 1}"#).is_err());
}

/// Handles shared across threads: one TrustedRoot, VerifyPolicy and Jwks behind `Arc`s, six threads verifying
/// with them at once while the test's own references are dropped, so the last thread to finish frees each. Rust
/// has no `close()` to race: a handle lives while a reference does, and the compiler refuses to share a
/// `Hasher` (Send, not Sync) without a lock. Every verdict must be the one a single thread gets.
#[test]
fn shared_handles_across_threads() {
    use std::sync::Arc;
    let base = root().join("tests/vectors/evidence");
    let trusted = Arc::new(ssr::TrustedRoot::parse(&fs::read(base.join("trusted_root.json")).unwrap()).unwrap());
    let policy = Arc::new(ssr::VerifyPolicy::identity(
        "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main", ISSUER).unwrap());
    let artifact = Arc::new(fs::read(base.join("artifact.txt")).unwrap());
    let unlogged = Arc::new(fs::read(base.join("unlogged.sigstore.json")).unwrap());
    let key = Arc::new(ssr::SecretKey::generate().unwrap());
    let public = Arc::new(key.public_key().unwrap());
    let hasher = Arc::new(std::sync::Mutex::new(ssr::Hasher::new("sha256").unwrap()));
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let (trusted, policy, artifact, unlogged) = (trusted.clone(), policy.clone(), artifact.clone(), unlogged.clone());
            let (key, public, hasher) = (key.clone(), public.clone(), hasher.clone());
            std::thread::spawn(move || {
                let opts = ssr::VerifyOptions::at(now());
                let mut verdicts = (0, 0, 0);
                for i in 0..60 {
                    match ssr::verify_bundle(&unlogged, &policy, ssr::Artifact::Data(&artifact), &trusted,
                                             &opts.min_log_entries(0)) {
                        Ok(_) => verdicts.0 += 1,
                        Err(e) => panic!("thread {} round {}: {}", t, i, e),
                    }
                    let refused = outcome(ssr::verify_bundle(&unlogged, &policy, ssr::Artifact::Data(&artifact),
                                                             &trusted, &opts));
                    if refused.as_deref().map(|s| s.starts_with("verify.tlog.required\t")) == Some(true) {
                        verdicts.1 += 1;
                    }
                    let payload = format!("{}:{}", t, i);
                    let env = key.sign(payload.as_bytes(), "text/plain", None).unwrap();
                    if ssr::dsse_verify_keys(&env, &[&public], 1).unwrap().payload == payload.as_bytes() {
                        verdicts.2 += 1;
                    }
                    hasher.lock().unwrap().update(b"x");
                }
                verdicts
            })
        })
        .collect();
    drop((trusted, policy, key, public)); // the threads now hold the last references
    let verdicts: Vec<_> = threads.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(verdicts, vec![(60, 60, 60); 6]);
    let hasher = Arc::try_unwrap(hasher).ok().unwrap().into_inner().unwrap();
    let single = { let mut h = ssr::Hasher::new("sha256").unwrap(); h.update(&[b'x'; 360]); h.finish().unwrap() };
    assert_eq!(hasher.finish().unwrap(), single);
}

/// The typed result of a PEP 740 attestation: the certificate's identity and
/// extensions in the certificate's order, the log's signed time and entry, the
/// statement; and of npm's publish attestation, a managed key.
#[test]
fn typed_results() {
    let corpus = match corpus() {
        Some(c) => c,
        None => return,
    };
    let trusted = ssr::TrustedRoot::public_good().unwrap();
    let base = corpus.join("sigstore/pep740");
    let policy = ssr::VerifyPolicy::parse(
        br#"{"github": {"repository": "trailofbits/pypi-attestations", "workflow": "release.yml"}}"#).unwrap();
    let dist = base.join("pypi_attestations-0.0.19.tar.gz");
    let r = ssr::verify_pep740(&fs::read(base.join("pypi_attestations-0.0.19.tar.gz.publish.attestation")).unwrap(),
                               "pypi_attestations-0.0.19.tar.gz", &policy, ssr::Artifact::Path(&dist), &trusted,
                               &ssr::VerifyOptions::at(now())).unwrap();
    assert_eq!(r.attestations.len(), 1);
    let a = &r.attestations[0];
    assert_eq!(a.media_type, "application/vnd.pypi.attestation.v1");
    let id = a.identity().unwrap();
    assert_eq!(id.san, "https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19");
    assert_eq!(id.kind, ssr::IdentityKind::Uri);
    match &a.signer {
        ssr::Signer::Certificate { extensions, .. } => {
            assert_eq!(extensions.len(), 21);
            assert_eq!((extensions[0].name.as_str(), extensions[0].value.as_str()),
                       ("issuer-v1", "https://token.actions.githubusercontent.com"));
        }
        other => panic!("not a certificate: {:?}", other),
    }
    assert_eq!(a.extension("source-repository-owner-identifier"), Some("2314423"));
    assert_eq!(a.extension("no-such-extension"), None);
    assert_eq!(a.times.len(), 1);
    let t = &a.times[0];
    assert_eq!((t.seconds, t.nanos, t.source, t.uri.as_str()),
               (1733354041, 0, ssr::TimeSource::TransparencyLog, "https://rekor.sigstore.dev"));
    assert_eq!(t.system_time(), std::time::UNIX_EPOCH + std::time::Duration::from_secs(1733354041));
    assert_eq!(a.tlog_entries.len(), 1);
    let e = &a.tlog_entries[0];
    assert_eq!((e.log_url.as_str(), e.log_index, e.integrated_time, e.kind.as_str(), e.version.as_str()),
               ("https://rekor.sigstore.dev", 153454663, Some(1733354041), "dsse", "0.0.1"));
    let s = a.statement.as_ref().unwrap();
    assert_eq!(s.payload_type, "application/vnd.in-toto+json");
    assert!(a.digest.is_none(), "DSSE names the artifact in its statement");
    assert!(s.json.contains("\"name\":\"pypi_attestations-0.0.19.tar.gz\""), "{}", s.json);

    // npm: the publish attestation is signed by a registry key, the provenance keyless
    let npm = corpus.join("sigstore/npm");
    let r = ssr::verify_npm(&fs::read(npm.join("attestations/sigstore@0.4.0.pacote-valid.json")).unwrap(),
                            "sigstore@0.4.0", &fs::read(npm.join("keys/registry-keys-2023.json")).unwrap(),
                            ssr::Artifact::Path(&npm.join("tarballs/sigstore-0.4.0.tgz")), &trusted,
                            &ssr::VerifyOptions::at(now())).unwrap();
    assert_eq!(r.attestations.len(), 2);
    let keyed: Vec<&ssr::Attestation> = r.attestations.iter().filter(|a| a.identity().is_none()).collect();
    assert_eq!(keyed.len(), 1);
    match &keyed[0].signer {
        ssr::Signer::Key { key_id } => assert_eq!(key_id, "1e908a55459fe6ddac1ccbc137ea8631ee837032fec2a2ccc528b38d81f17108"),
        other => panic!("not a key: {:?}", other),
    }
    assert_eq!(keyed[0].extension("issuer"), None);
}

/// A timestamp authority's time, and no log entry (the C suite's own PKI).
#[test]
fn typed_result_timestamp() {
    let base = root().join("tests/vectors/evidence");
    let trusted = ssr::TrustedRoot::parse(&fs::read(base.join("trusted_root.json")).unwrap()).unwrap();
    let policy = ssr::VerifyPolicy::identity("https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main",
                                             ISSUER).unwrap();
    let r = ssr::verify_bundle(&fs::read(base.join("unlogged.sigstore.json")).unwrap(), &policy,
                               ssr::Artifact::Data(&fs::read(base.join("artifact.txt")).unwrap()), &trusted,
                               &ssr::VerifyOptions::at(now()).min_log_entries(0)).unwrap();
    let a = &r.attestations[0];
    assert!(a.tlog_entries.is_empty());
    assert_eq!(a.times.len(), 1);
    assert_eq!(a.times[0].source, ssr::TimeSource::TimestampAuthority);
    assert!(a.statement.is_none(), "a message signature has no statement");
    let artifact = fs::read(base.join("artifact.txt")).unwrap();
    assert_eq!(a.digest.as_ref().map(|d| (d.algorithm.as_str(), d.hex.len())), Some(("sha256", 64)));
    assert_eq!(a.digest.as_ref().unwrap().hex, ssr::digest(&artifact, "sha256").unwrap());
    // a certificate checked alone: its signer, no times
    let leaf = a.identity().unwrap().san.clone();
    assert_eq!(leaf, "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main");
}

/// With the `serde` feature the result serializes, and reads back the same.
#[cfg(feature = "serde")]
#[test]
fn typed_result_serde() {
    let base = root().join("tests/vectors/evidence");
    let trusted = ssr::TrustedRoot::parse(&fs::read(base.join("trusted_root.json")).unwrap()).unwrap();
    let policy = ssr::VerifyPolicy::identity("https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main",
                                             ISSUER).unwrap();
    let r = ssr::verify_bundle(&fs::read(base.join("logged.sigstore.json")).unwrap(), &policy,
                               ssr::Artifact::Data(&fs::read(base.join("artifact.txt")).unwrap()), &trusted,
                               &ssr::VerifyOptions::at(now())).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    let a = &json["attestations"][0];
    assert_eq!(a["signer"]["certificate"]["identity"]["kind"], "uri");
    assert_eq!(a["times"][0]["source"], "timestamp-authority");
    assert!(a["tlog_entries"][0]["log_index"].is_i64());
    let back: ssr::VerifyResult = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}

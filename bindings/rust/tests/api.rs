// The key objects, digests, subjects, limits, threads and memory of the Rust binding.
use ssrmeta as ssr;
use std::fs;
use std::path::Path;

fn read(rel: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap()
}

#[test]
fn key_objects() {
    let key = ssr::SecretKey::generate().unwrap();
    let public = key.public_key().unwrap();
    assert_eq!(public.id().len(), 64);
    assert_eq!(ssr::PublicKey::parse(&public.pem().unwrap()).unwrap().id(), public.id());
    assert_eq!(ssr::SecretKey::parse(&key.pem().unwrap()).unwrap().public_key().unwrap().id(), public.id());
    let id = public.id();
    let envelope = key.sign(b"{}", "application/json", Some(&id)).unwrap();
    let second = ssr::SecretKey::generate().unwrap();
    let envelope = second.add_signature(&envelope, None).unwrap();
    assert!(String::from_utf8_lossy(&envelope).contains(&id));
    let second_public = second.public_key().unwrap();
    let v = ssr::dsse_verify_keys(&envelope, &[&public, &second_public], 2).unwrap();
    assert_eq!((v.verified, v.payload_type.as_str()), (2, "application/json"));
    let dir = std::env::temp_dir().join(format!("ssrmeta-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("k.key");
    let _ = fs::remove_file(&file);
    second.write_file(&file).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(matches!(second.write_file(&file), Err(ssr::Error::Status { status: ssr::ffi::SSR_EEXIST, .. })));
    assert_eq!(second.write_file(&file).unwrap_err().status(), ssr::Status::Exists);
    assert_eq!(ssr::Status::from_code(ssr::ffi::SSR_ENOMATCH), Some(ssr::Status::NoMatch));
    assert_eq!(ssr::Status::NoMatch.code(), ssr::ffi::SSR_ENOMATCH);
    assert_eq!(ssr::Status::from_code(ssr::ffi::SSR_OK), None);
    assert_eq!(ssr::SecretKey::read_file(&file).unwrap().public_key().unwrap().id(), second_public.id());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_keys_name_their_argument() {
    let (public, _) = ssr::generate_keypair().unwrap();
    let cases: Vec<(Result<(), ssr::Error>, &str)> = vec![
        (ssr::dsse_sign(b"x", "t", b"junk").map(|_| ()), "secret_key_pem"),
        (ssr::SecretKey::parse(&public).map(|_| ()), "secret_key"),
        (ssr::dsse_verify(b"{}", &[&public, b"junk"], 1).map(|_| ()), "public_keys[1]"),
        (ssr::PublicKey::parse(b"").map(|_| ()), "public_key"),
    ];
    for (result, name) in cases {
        match result {
            Err(e @ ssr::Error::InvalidKey { .. }) => {
                assert!(e.to_string().starts_with(&format!("{}: not a PEM key libssr reads", name)), "{}", e)
            }
            other => panic!("{}: {:?}", name, other.err()),
        }
    }
    assert!(matches!(ssr::SecretKey::read_file("/nonexistent/key"),
                     Err(ssr::Error::Status { status: ssr::ffi::SSR_EIO, .. })));
}

#[test]
fn payload_type_and_empty_payload() {
    let key = ssr::SecretKey::generate().unwrap();
    let public = key.public_key().unwrap();
    let release = read("examples/documents/release-pypi-sampleproject.json");
    let v = ssr::dsse_verify_keys(&key.sign(&release, "text/plain", None).unwrap(), &[&public], 1).unwrap();
    assert_eq!((v.payload, v.payload_type.as_str()), (release, "text/plain"));
    let v = ssr::dsse_verify_keys(&key.sign(b"", "application/octet-stream", None).unwrap(), &[&public], 1).unwrap();
    assert_eq!((v.payload.len(), v.verified), (0, 1));
}

#[test]
fn hasher_files_subjects() {
    let data = vec![b'a'; 3 * 1024 * 1024 + 7];
    let mut h = ssr::Hasher::new("sha512").unwrap();
    for chunk in data.chunks(65536) {
        h.update(chunk);
    }
    assert_eq!(h.finish().unwrap(), ssr::digest(&data, "sha512").unwrap());
    let dir = std::env::temp_dir().join(format!("ssrmeta-a-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("artifact.tar.gz");
    fs::write(&file, &data).unwrap();
    let sha256 = ssr::digest(&data, "sha256").unwrap();
    let got = ssr::digest_file(&file, &["sha256", "blake2b-256"]).unwrap();
    assert_eq!(got["sha256"], sha256);
    assert_eq!(got["blake2b-256"], ssr::digest(&data, "blake2b-256").unwrap());
    assert!(matches!(ssr::digest_file(dir.join("absent"), &["sha256"]),
                     Err(ssr::Error::Status { status: ssr::ffi::SSR_EIO, .. })));
    let statement = format!(
        r#"{{"_type": "https://in-toto.io/Statement/v1", "subject": [{{"name": "o", "digest": {{"sha256": "{}"}}}},
           {{"name": "artifact.tar.gz", "digest": {{"sha256": "{}"}}}}], "predicateType": "https://example.com/p",
           "predicate": {{}}}}"#,
        "0".repeat(64), sha256);
    let s = statement.as_bytes();
    assert_eq!(ssr::match_subject(s, ssr::Artifact::Data(&data)).unwrap(), Some(1));
    assert_eq!(ssr::match_subject(s, ssr::Artifact::Path(&file)).unwrap(), Some(1));
    assert_eq!(ssr::match_subject(s, ssr::Artifact::Digests(&[("sha256", &sha256)])).unwrap(), Some(1));
    assert_eq!(ssr::match_subject(s, ssr::Artifact::Data(b"other")).unwrap(), None);
    assert!(matches!(ssr::match_subject(b"{}", ssr::Artifact::Data(&data)), Err(ssr::Error::Invalid(_))));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn schema_explain_limits_match() {
    assert!(ssr::schema("release").unwrap().contains("https://json-schema.org/draft/2020-12/schema"));
    assert!(ssr::schema("osv").unwrap_err().to_string().contains("only the native kinds"));
    let (token, conditions) = ssr::tp_explain(&read("examples/documents/trusted-publisher-github.json")).unwrap();
    assert!(token.contains("https://token.actions.githubusercontent.com"));
    assert!(conditions.iter().any(|c| c.contains("\"claim\":\"repository\"")), "{:?}", conditions);
    let deep = format!("{}{}", "[".repeat(10), "]".repeat(10));
    let limits = ssr::Limits { depth: Some(5), ..Default::default() };
    let r = ssr::validate_with_limits(deep.as_bytes(), Some("json"), &limits).unwrap();
    assert_eq!(r.diagnostics[0].code, "json.limit.depth");
    let huge = ssr::Limits { depth: Some(1 << 62), ..Default::default() };
    assert!(ssr::validate_with_limits(deep.as_bytes(), Some("json"), &huge).unwrap_err().to_string().contains("limits.depth"));
}

#[test]
fn eight_threads_at_once() {
    let handles: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let key = ssr::SecretKey::generate().unwrap();
                let public = key.public_key().unwrap();
                (0..200)
                    .filter(|i| {
                        let payload = format!(r#"{{"t":{},"i":{}}}"#, t, i);
                        let env = key.sign(payload.as_bytes(), "application/json", None).unwrap();
                        let v = ssr::dsse_verify_keys(&env, &[&public], 1).unwrap();
                        let r = ssr::validate(br#"{"a":1,"a":2}"#, None).unwrap();
                        v.payload == payload.as_bytes() && r.diagnostics[0].code == "json.duplicate-member"
                    })
                    .count()
            })
        })
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(counts, vec![200; 8]);
}

#[test]
fn purls_pae_key_verify_digest_size_and_codes() {
    let p = ssr::purl_parse("pkg:PYPI/Django_Rest@1.0?b=2&a=1", false).unwrap();
    assert_eq!((p.purl_type.as_str(), p.name.as_str()), ("pypi", "django-rest"));
    assert_eq!(p.canonical, "pkg:pypi/django-rest@1.0?a=1&b=2");
    assert_eq!(p.qualifiers.get("a").map(String::as_str), Some("1"));
    let built = ssr::purl_build(br#"{"type":"npm","namespace":"@scope","name":"x","version":"1.0.0","qualifiers":null,"subpath":null}"#).unwrap();
    assert_eq!(built.canonical, "pkg:npm/%40scope/x@1.0.0");
    assert!(matches!(ssr::purl_parse("pkg:", false), Err(ssr::Error::Invalid(_))));
    let pae = ssr::dsse_pae("text/plain", b"payload").unwrap();
    assert_eq!(pae, b"DSSEv1 10 text/plain 7 payload");
    assert_eq!(ssr::digest_size("sha512").unwrap(), 64);
    assert!(ssr::tp_decode_token(b"not a token").is_err());
    assert!(ssr::schema_codes("release").unwrap().contains("release.digest"));
    let (public_pem, secret_pem) = ssr::generate_keypair().unwrap();
    let envelope = ssr::dsse_sign(b"payload", "text/plain", &secret_pem).unwrap();
    let text = String::from_utf8(envelope).unwrap();
    let sig_b64 = text.split("\"sig\":\"").nth(1).unwrap().split('"').next().unwrap();
    let sig = base64(sig_b64);
    let key = ssr::PublicKey::parse(&public_pem).unwrap();
    assert!(key.verify(&pae, &sig).unwrap());
    assert!(!key.verify(b"other", &sig).unwrap());
}

fn base64(text: &str) -> Vec<u8> {
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        acc = acc << 6 | table.iter().position(|&t| t == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

//! verify-rust: sigstore-rust verifying the benchmark's bundles. Usage:
//! verify-rust CASES.json SECONDS (CASES.json as bench/compare.py writes
//! it). Prints "name<TAB>verifies/s", or "name<TAB>refused: why". The
//! verifier is built once per trusted root (as libssr reads its root once);
//! each verification parses the bundle and checks it against the artifact's
//! SHA-256 and the identity policy.
use std::time::Instant;

use sigstore_verify::trust_root::TrustedRoot;
use sigstore_verify::types::{Artifact, Bundle, Sha256Hash};
use sigstore_verify::{VerificationPolicy, Verifier};

fn once(v: &Verifier, text: &str, digest: &Sha256Hash, policy: &VerificationPolicy) -> Result<(), String> {
    let bundle = Bundle::from_json(text).map_err(|e| e.to_string())?;
    v.verify(Artifact::from_digest(digest.clone()), &bundle, policy).map(|_| ()).map_err(|e| e.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let seconds: f64 = args[2].parse().unwrap();
    for c in cases.as_array().unwrap() {
        let field = |k: &str| c[k].as_str().unwrap_or("").to_owned();
        let name = field("name");
        if c["pep740"].as_bool().unwrap_or(false) {
            println!("{}\trefused: not a bundle (PEP 740 attestations are not read)", name);
            continue;
        }
        let root = TrustedRoot::from_json(&std::fs::read_to_string(field("root")).unwrap()).unwrap();
        let verifier = match Verifier::new(&root) {
            Ok(v) => v,
            Err(e) => {
                println!("{}\trefused: {}", name, e);
                continue;
            }
        };
        let text = std::fs::read_to_string(field("bundle")).unwrap();
        let digest = Sha256Hash::from_hex(&field("sha256")).unwrap();
        let policy = VerificationPolicy::any_identity().require_identity(field("identity")).require_issuer(field("issuer"));
        if let Err(e) = once(&verifier, &text, &digest, &policy) {
            println!("{}\trefused: {}", name, e);
            continue;
        }
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed().as_secs_f64() < seconds {
            for _ in 0..20 {
                once(&verifier, &text, &digest, &policy).unwrap();
            }
            n += 20;
        }
        println!("{}\t{:.1}", name, n as f64 / start.elapsed().as_secs_f64());
    }
}

//! Verifications per second through ssrmeta, as `ssr-bench calls-verify` makes them from C:
//! the v0.3 conformance bundle, the PEP 740 attestation and the RS256 token verified and
//! matched. verify_calls SIGSTORE JOSE TOKEN-POLICY [REPS] prints the three rates.
use ssrmeta as ssr;
use std::path::Path;
use std::time::Instant;

const BUNDLES: u32 = 200;
const ATTESTATIONS: u32 = 200;
const TOKENS: u32 = 2000;
const IDENTITY: &str = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const ISSUER: &str = "https://token.actions.githubusercontent.com";
const FILENAME: &str = "pypi_attestation_models-0.0.4a2.tar.gz";

fn read(dir: &str, rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(dir).join(rel)).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (sigstore, jose) = (&args[1], &args[2]);
    let tp_policy = std::fs::read(&args[3]).unwrap();
    let reps: u32 = args.get(4).map_or(5, |r| r.parse().unwrap());
    let root = ssr::TrustedRoot::parse(&read(sigstore, "trust/public-good.trusted_root.json")).unwrap();
    let bundle = read(sigstore, "conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json");
    let a_txt = ssr::digest(&read(sigstore, "conformance/bundle-verify/a.txt"), "sha256").unwrap();
    let identity = ssr::VerifyPolicy::identity(IDENTITY, ISSUER).unwrap();
    let attestation = read(sigstore, &format!("pep740/{}.attestation", FILENAME));
    let dist = ssr::digest(&read(sigstore, &format!("pep740/{}", FILENAME)), "sha256").unwrap();
    let publisher = ssr::VerifyPolicy::parse(
        br#"{"github":{"repository":"trailofbits/pypi-attestation-models","workflow":"release.yml"}}"#).unwrap();
    let jwks = ssr::Jwks::parse(&read(jose, "generated/jwks.json")).unwrap();
    let token = String::from_utf8(read(jose, "generated/tokens/valid-rs256.jwt")).unwrap().trim().to_owned();
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;

    let mut best = [f64::MAX; 3];
    for _ in 0..reps {
        let start = Instant::now();
        for _ in 0..BUNDLES {
            ssr::verify_bundle(&bundle, &identity, ssr::Artifact::Digests(&[("sha256", &a_txt)]), &root,
                               &ssr::VerifyOptions::at(now())).unwrap();
        }
        best[0] = best[0].min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        for _ in 0..ATTESTATIONS {
            ssr::verify_pep740(&attestation, FILENAME, &publisher, ssr::Artifact::Digests(&[("sha256", &dist)]), &root,
                               &ssr::VerifyOptions::at(now())).unwrap();
        }
        best[1] = best[1].min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        for _ in 0..TOKENS {
            assert!(ssr::tp_verify_token(&tp_policy, &jwks, token.as_bytes(), 1750000000).unwrap().matched.matched,
                    "the token does not match");
        }
        best[2] = best[2].min(start.elapsed().as_secs_f64());
    }
    println!("{:.1} {:.1} {:.1}", f64::from(BUNDLES) / best[0], f64::from(ATTESTATIONS) / best[1],
             f64::from(TOKENS) / best[2]);
}

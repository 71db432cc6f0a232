//! A registry's upload check with the Rust binding (see examples/upload/README.md).
use ssrmeta as ssr;
use std::fs;
use std::path::Path;
use std::process::exit;

const NOW: i64 = 1760000000;
/// The payloadType a release is signed as.
const RELEASE_TYPE: &str = "application/vnd.ssr.release+json";

fn check(folder: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let read = |name: &str| fs::read(folder.join(name));
    let release = read("release.json")?;
    let report = ssr::validate(&release, Some("release"))?;
    if !report.valid {
        let d = report.diagnostics.iter().find(|d| d.severity == "error").unwrap();
        return Ok(format!("release refused: {} at {}", d.code, d.pointer));
    }
    let verified = match ssr::dsse_verify(&read("release.dsse.json")?, &[&read("publisher.pub")?], 1) {
        Err(ssr::Error::Verification { .. }) => return Ok("envelope refused: no trusted signature".to_owned()),
        other => other?,
    };
    if verified.payload_type != RELEASE_TYPE {
        return Ok(format!("envelope refused: signed as {}, not as a release", verified.payload_type));
    }
    if verified.payload != release {
        return Ok("envelope refused: it signs another document".to_owned());
    }
    let m = ssr::tp_match(&read("policy.json")?, &read("claims.json")?, NOW)?;
    if !m.matched {
        return Ok(format!("publisher refused: claim {} ({})", m.failed_claim.unwrap_or_default(),
                          m.failed_reason.unwrap_or_default()));
    }
    Ok("accepted".to_owned())
}

fn main() {
    let folder = std::env::args().nth(1).expect("usage: upload_check FOLDER");
    match check(Path::new(&folder)) {
        Ok(verdict) => {
            println!("{}", verdict);
            exit(if verdict == "accepted" { 0 } else { 1 });
        }
        Err(e) => {
            eprintln!("{}", e);
            exit(2);
        }
    }
}

// Memory stays flat: the resident set after a million validations and a
// hundred thousand key/sign/verify cycles is within 5% of what it was after a
// warm-up. Its own test binary, so that no other test allocates meanwhile.
use ssrmeta as ssr;
use std::fs;
use std::path::Path;

fn read(rel: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap()
}

fn rss() -> u64 {
    let statm = fs::read_to_string("/proc/self/statm").unwrap();
    statm.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 4096
}

fn flat(label: &str, warmup: u32, rounds: u32, f: impl Fn(u32)) {
    (0..warmup).for_each(&f);
    let before = rss();
    (warmup..warmup + rounds).for_each(&f);
    let after = rss();
    let growth = (after as f64 - before as f64) / before as f64;
    println!("{}: RSS {:.1} -> {:.1} MiB ({:.2}%)", label, before as f64 / 1048576.0, after as f64 / 1048576.0,
             growth * 100.0);
    assert!(growth <= 0.05, "{}: RSS grew {:.2}%", label, growth * 100.0);
}

#[test]
fn memory_flat() {
    let release = read("examples/documents/release-pypi-sampleproject.json");
    flat("1M validate", 200_000, 1_000_000, |_| assert!(ssr::validate(&release, None).unwrap().valid));
    flat("100k key/sign/verify", 20_000, 100_000, |i| {
        let key = ssr::SecretKey::generate().unwrap();
        let public = key.public_key().unwrap();
        let env = key.sign(format!(r#"{{"i":{}}}"#, i).as_bytes(), "application/json", None).unwrap();
        assert_eq!(ssr::dsse_verify_keys(&env, &[&public], 1).unwrap().verified, 1);
    });
}

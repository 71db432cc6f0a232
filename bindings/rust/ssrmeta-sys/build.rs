// SPDX-License-Identifier: Apache-2.0
//! Links libssr into the crate statically, so that a program built with it
//! runs without LD_LIBRARY_PATH whatever folder libssr lives in:
//!
//! - feature `bundled`: compiled here from its C sources with the cc crate,
//!   with the aws-lc ECDSA backend where the set-up built it
//!   ($SSR_AWS_LC_DIR, else deps/aws-lc beside the sources);
//! - else `$SSR_LIB_DIR` (a folder holding libssr.a, such as a build
//!   folder's `lib/`), else the libssr pkg-config finds (its libssr.a).
//!
//! libssr's own dependencies (libsodium, cJSON, OpenSSL's libcrypto) are
//! linked as shared libraries, found with pkg-config.
use std::env;
#[cfg(feature = "bundled")]
use std::fs;
use std::path::Path;
#[cfg(feature = "bundled")]
use std::path::PathBuf;
use std::process::Command;

fn pkg_config(args: &[&str]) -> Option<String> {
    let out = Command::new("pkg-config").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok().map(|s| s.trim().to_owned())
}

/// The shared libraries libssr needs, as pkg-config gives them.
fn link_dependencies() {
    let libs = pkg_config(&["--libs", "libsodium", "libcjson", "libcrypto", "libcurl"])
        .unwrap_or_else(|| panic!("ssrmeta-sys: pkg-config finds no libsodium, libcjson, libcrypto or libcurl (Debian: libsodium-dev libcjson-dev libssl-dev libcurl4-openssl-dev)"));
    for flag in libs.split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={}", dir);
        } else if let Some(name) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=dylib={}", name);
        }
    }
    println!("cargo:rustc-link-lib=dylib=m");
    println!("cargo:rustc-link-lib=dylib=pthread");
}

fn link_static_from(dir: &Path) {
    if !dir.join("libssr.a").exists() {
        panic!("ssrmeta-sys: no libssr.a in {} (enable the `bundled` feature to compile libssr here)", dir.display());
    }
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=static=ssr");
}

#[cfg(feature = "bundled")]
/// The C sources: csrc/ in the published crate, the repository in a checkout.
fn c_sources() -> PathBuf {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    for root in [manifest.join("csrc"), manifest.join("../../..")] {
        if root.join("lib").join("meson.build").exists() {
            return root;
        }
    }
    panic!("ssrmeta-sys: libssr's C sources are missing (csrc/)");
}

#[cfg(feature = "bundled")]
fn c_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            c_files(&path, out);
        } else if path.extension().map_or(false, |e| e == "c") {
            out.push(path);
        }
    }
}

#[cfg(feature = "bundled")]
/// The data libssr carries (trusted roots, TUF roots, the panels' catalogues), as C
/// arrays: what scripts/embed.py writes for meson.
fn embed_data(root: &Path, out: &Path) -> PathBuf {
    let mut c = String::from("#include <stddef.h>\n");
    for (name, file) in [
        ("ssri_trust_public_good", "trust/public-good.trusted_root.json"),
        ("ssri_trust_staging", "trust/staging.trusted_root.json"),
        ("ssri_tuf_root_public_good", "tuf/public-good.root.json"),
        ("ssri_tuf_root_staging", "tuf/staging.root.json"),
        ("ssri_catalogue_en", "panel/en.json"),
        ("ssri_catalogue_de", "panel/de.json"),
        ("ssri_catalogue_ja", "panel/ja.json"),
        ("ssri_catalogue_ar", "panel/ar.json"),
    ] {
        let path = root.join("data").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let data = fs::read(&path).unwrap();
        c.push_str(&format!("const unsigned char {}[] = {{", name));
        for b in &data {
            c.push_str(&format!("{},", b));
        }
        c.push_str(&format!("}};\nconst size_t {}_len = {};\n", name, data.len()));
    }
    let file = out.join("embedded_data.c");
    fs::write(&file, c).unwrap();
    file
}

#[cfg(feature = "bundled")]
fn bundled() {
    let root = c_sources();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut sources = Vec::new();
    c_files(&root.join("lib"), &mut sources);
    // Object files are named after their source's file name, and libssr has
    // several of one name in different folders (kinds/dsse.c, crypto/dsse.c):
    // each is compiled through a uniquely named file that includes it.
    let units = out.join("units");
    fs::create_dir_all(&units).unwrap();
    let mut files: Vec<PathBuf> = sources
        .iter()
        .map(|src| {
            let rel = src.strip_prefix(root.join("lib")).unwrap().to_string_lossy().replace('/', "_");
            let unit = units.join(rel);
            fs::write(&unit, format!("#include \"{}\"\n", src.display())).unwrap();
            unit
        })
        .collect();
    files.push(embed_data(&root, &out));
    // The ECDSA backend: aws-lc where scripts/build-aws-lc.sh built it
    // ($SSR_AWS_LC_DIR, else deps/aws-lc beside the sources), compiled with
    // aws-lc's headers alone; else OpenSSL's (crypto/ecdsa_openssl.c).
    println!("cargo:rerun-if-env-changed=SSR_AWS_LC_DIR");
    let aws_lc = env::var_os("SSR_AWS_LC_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("deps").join("aws-lc"));
    let with_aws_lc = aws_lc.join("lib").join("aws-lc-ecdsa.o").exists() && aws_lc.join("PREFIX").exists();
    let backend = units.join("crypto_ecdsa_awslc.c");
    if with_aws_lc {
        files.retain(|f| f != &backend);
    }
    let mut build = cc::Build::new();
    if with_aws_lc {
        build.define("SSRI_ECDSA_AWS_LC", None);
    }
    build
        .files(&files)
        .include(root.join("include"))
        .include(root.join("lib"))
        .define("SSR_BUILDING", None)
        .define("_POSIX_C_SOURCE", "200809L")
        .define("_DEFAULT_SOURCE", None)
        .flag_if_supported("-std=c11")
        .flag_if_supported("-fvisibility=hidden")
        .warnings(false);
    if let Some(cflags) = pkg_config(&["--cflags", "libsodium", "libcjson", "libcrypto", "libcurl"]) {
        for flag in cflags.split_whitespace() {
            build.flag(flag);
        }
    }
    build.compile("ssr");
    // after libssr, which calls it: a static library resolves only what comes before it
    if with_aws_lc {
        let prefix = fs::read_to_string(aws_lc.join("PREFIX")).unwrap();
        cc::Build::new()
            .file(&backend)
            .include(aws_lc.join("include"))
            .include(root.join("include"))
            .define("SSR_BUILDING", None)
            .define("SSRI_ECDSA_AWS_LC", None)
            .define("BORINGSSL_PREFIX", prefix.trim())
            .flag_if_supported("-std=c11")
            .flag_if_supported("-fvisibility=hidden")
            .object(aws_lc.join("lib").join("aws-lc-ecdsa.o"))
            .warnings(false)
            .compile("ssr_ecdsa");
    }
    println!("cargo:rerun-if-changed={}", root.join("lib").display());
    println!("cargo:rerun-if-changed={}", root.join("include").display());
    println!("cargo:include={}", root.join("include").display());
}

#[cfg(not(feature = "bundled"))]
fn bundled() {
    unreachable!()
}

fn main() {
    println!("cargo:rerun-if-env-changed=SSR_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    if env::var_os("CARGO_FEATURE_BUNDLED").is_some() {
        bundled();
    } else if let Some(dir) = env::var_os("SSR_LIB_DIR").filter(|d| !d.is_empty()) {
        link_static_from(Path::new(&dir));
    } else {
        // the versions this crate's declarations describe: 0.1.0 and later 0.x
        if pkg_config(&["--atleast-version=0.1.0", "--max-version=0.9999", "libssr"]).is_none() {
            let found = pkg_config(&["--modversion", "libssr"]).unwrap_or_else(|| "none".to_owned());
            if found != "none" {
                panic!("ssrmeta-sys: pkg-config finds libssr {}, but this crate needs 0.1.0 or a later 0.x \
                        (or enable the `bundled` feature)", found);
            }
        }
        let dir = pkg_config(&["--variable=libdir", "libssr"]).unwrap_or_else(|| {
            panic!("ssrmeta-sys: pkg-config finds no libssr: install it (meson install), set PKG_CONFIG_PATH or \
                    SSR_LIB_DIR, or enable the `bundled` feature")
        });
        link_static_from(Path::new(&dir));
    }
    link_dependencies();
}

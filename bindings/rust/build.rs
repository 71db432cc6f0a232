// SPDX-License-Identifier: Apache-2.0
//! Links libssr: from $SSR_LIB_DIR when set, else where pkg-config says,
//! else the source tree's build folder; and sets an rpath to that folder.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn pkg_config_dir() -> Option<String> {
    let out = Command::new("pkg-config").args(["--libs-only-L", "libssr"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let dir = text.split_whitespace().find_map(|flag| flag.strip_prefix("-L").map(str::to_owned));
    // An installed library in a default folder needs no -L.
    Some(dir.unwrap_or_default())
}

fn main() {
    println!("cargo:rerun-if-env-changed=SSR_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    let dir = match env::var("SSR_LIB_DIR") {
        Ok(dir) if !dir.is_empty() => dir,
        _ => pkg_config_dir().unwrap_or_else(|| {
            let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
            manifest.join("../../build/lib").to_string_lossy().into_owned()
        }),
    };
    if !dir.is_empty() {
        println!("cargo:rustc-link-search=native={}", dir);
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir);
    }
    println!("cargo:rustc-link-lib=dylib=ssr");
}

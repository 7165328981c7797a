//! Compile time of the generated `graph-sync` crate as a ratio to a
//! well-known crate (`serde_json`) compiled in the same run, in the same way:
//! dependencies built first, then only the crate itself cleaned and rebuilt.
//! Run with `cargo bench -p graph-sync-tests --bench compile_time` (it uses
//! its own target folder, `target/compile-time`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn cargo(arguments: &[&str], target: &Path) -> Duration {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(arguments)
        .arg("--target-dir")
        .arg(target)
        .arg("--quiet")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {arguments:?} failed");
    started.elapsed()
}

/// Builds `package` with its dependencies, then times rebuilding the package alone.
fn crate_build_time(package: &str, release: bool, target: &Path) -> Duration {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    cargo(&[&["build", "-p", package][..], profile].concat(), target);
    cargo(&[&["clean", "-p", package][..], profile].concat(), target);
    cargo(&[&["build", "-p", package][..], profile].concat(), target)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benches; nothing to list here.
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/compile-time");
    for release in [false, true] {
        let profile = if release { "release" } else { "dev" };
        let ours = crate_build_time("graph-sync", release, &target);
        let reference = crate_build_time("serde_json", release, &target);
        println!(
            "{profile}: graph-sync {:.1?}, serde_json {:.1?}: ratio {:.2}",
            ours,
            reference,
            ours.as_secs_f64() / reference.as_secs_f64()
        );
    }
}

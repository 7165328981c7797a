//! Compile time of the generated `graph-sync` crate, with the runtime crate
//! it stands on (`graph-sync-runtime`, a crate of its own since 0.3.0), as a
//! ratio to a well-known crate (`serde_json`) compiled in the same run, in
//! the same way: dependencies built first, then only the crates themselves
//! cleaned and rebuilt; and the crate with one version only, the measure
//! of what building the versions apart would save.
//! Run with `cargo bench -p graph-sync-tests --bench compile_time` (it uses
//! its own target folder, `target/compile-time`). With
//! `GRAPH_SYNC_BASELINE=<a checkout of an earlier commit>` it also builds
//! that checkout's crate in the same run, right before this one's, for a
//! before/after ratio (`git worktree add ../before <commit>`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn cargo(arguments: &[&str], target: &Path) -> Duration {
    cargo_in(Path::new(env!("CARGO_MANIFEST_DIR")), arguments, target)
}

/// Runs cargo in the workspace at `workspace`.
fn cargo_in(workspace: &Path, arguments: &[&str], target: &Path) -> Duration {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace)
        .args(arguments)
        .arg("--target-dir")
        .arg(target)
        .arg("--quiet")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {arguments:?} failed");
    started.elapsed()
}

/// Builds `package` (with `features`, if any, in place of its defaults)
/// with its dependencies, then times rebuilding the package and `with` (its
/// own crates among its dependencies) alone.
fn crate_build_time(package: &str, with: &[&str], features: Option<&str>, release: bool, target: &Path) -> Duration {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let features: Vec<&str> = features.map(|f| vec!["--no-default-features", "--features", f]).unwrap_or_default();
    let build = [&["build", "-p", package][..], profile, &features].concat();
    cargo(&build, target);
    let cleaned: Vec<&str> = std::iter::once(package).chain(with.iter().copied()).flat_map(|p| ["-p", p]).collect();
    cargo(&[&["clean"][..], &cleaned, profile].concat(), target);
    cargo(&build, target)
}

/// The downstream binary (`benches/downstream/main.rs`) in a scratch crate of
/// its own under `target`, depending on `tree`'s `graph-sync` by path, with
/// `tree`'s lock file. Builds it with its dependencies, then times its own
/// build (the binary alone) and the clean build of it with `graph-sync` and
/// the runtime.
fn downstream_build_times(tree: &Path, target: &Path, release: bool) -> (Duration, Duration) {
    let scratch = target.join("downstream");
    std::fs::create_dir_all(scratch.join("src")).expect("the scratch crate's folder is writable");
    let generated = tree.join("generated");
    let manifest = format!(
        "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\ngraph-sync = {{ path = {:?} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        generated.display().to_string()
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("the manifest is written");
    let main = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/downstream/main.rs");
    std::fs::copy(main, scratch.join("src/main.rs")).expect("the binary's source is copied");
    std::fs::copy(tree.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("the tree's lock file is copied");
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let build = [&["build"][..], profile].concat();
    cargo_in(&scratch, &build, target);
    cargo_in(&scratch, &[&["clean", "-p", "downstream"][..], profile].concat(), target);
    let own = cargo_in(&scratch, &build, target);
    let clean = ["clean", "-p", "downstream", "-p", "graph-sync", "-p", "graph-sync-runtime"];
    cargo_in(&scratch, &[&clean[..], profile].concat(), target);
    (own, cargo_in(&scratch, &build, target))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benches; nothing to list here.
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/compile-time");
    let baseline = std::env::var_os("GRAPH_SYNC_BASELINE").map(std::path::PathBuf::from);
    for release in [false, true] {
        let profile = if release { "release" } else { "dev" };
        let before = baseline.as_deref().map(|tree| {
            let profile: &[&str] = if release { &["--release"] } else { &[] };
            let target = tree.join("target/compile-time");
            cargo_in(tree, &[&["build", "-p", "graph-sync"][..], profile].concat(), &target);
            cargo_in(
                tree,
                &[&["clean", "-p", "graph-sync", "-p", "graph-sync-runtime"][..], profile].concat(),
                &target,
            );
            cargo_in(tree, &[&["build", "-p", "graph-sync"][..], profile].concat(), &target)
        });
        let ours = crate_build_time("graph-sync", &["graph-sync-runtime"], None, release, &target);
        let reference = crate_build_time("serde_json", &[], None, release, &target);
        println!(
            "{profile}: graph-sync with its runtime {:.1?}, serde_json {:.1?}: ratio {:.2}",
            ours,
            reference,
            ours.as_secs_f64() / reference.as_secs_f64()
        );
        if let Some(before) = before {
            println!(
                "{profile}: the baseline's graph-sync with its runtime {before:.1?}: ratio {:.2} to serde_json, {:.2}x this one",
                before.as_secs_f64() / reference.as_secs_f64(),
                before.as_secs_f64() / ours.as_secs_f64()
            );
        }
        // A dependent binary: its own build, and its clean build with graph-sync.
        let (own, with) =
            downstream_build_times(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap(), &target, release);
        println!("{profile}: the downstream binary alone {own:.1?}, with graph-sync and its runtime {with:.1?}");
        if let Some(tree) = baseline.as_deref() {
            let (own, with) = downstream_build_times(tree, &tree.join("target/compile-time"), release);
            println!("{profile}: against the baseline: alone {own:.1?}, with graph-sync and its runtime {with:.1?}");
        }
        // Each version alone: what the versions cost apart, the share that
        // building them as crates of their own, side by side, would save.
        for version in ["v1", "beta"] {
            let features = format!("client,{version}");
            let alone = crate_build_time("graph-sync", &["graph-sync-runtime"], Some(&features), release, &target);
            println!(
                "{profile}: graph-sync with only {version} {:.1?}: {:.2} of both, ratio {:.2} to serde_json",
                alone,
                alone.as_secs_f64() / ours.as_secs_f64(),
                alone.as_secs_f64() / reference.as_secs_f64()
            );
        }
    }
}

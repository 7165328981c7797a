//! Compile time of the generated `graph-sync` crate (the facade and each
//! Graph version's generated crate, which cargo builds side by side), alone
//! and with the runtime crate it stands on (`graph-sync-runtime`), as a
//! ratio to a well-known crate (`serde_json`) compiled in the same run, in
//! the same way: dependencies built first, then only the crates themselves
//! cleaned and rebuilt; a downstream binary's build; and the crate with one
//! version only.
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
    let mut clean = vec!["clean", "-p", "downstream", "-p", "graph-sync-runtime"];
    clean.extend(generated_crates(tree).into_iter().flat_map(|p| ["-p", p]));
    cargo_in(&scratch, &[&clean[..], profile].concat(), target);
    (own, cargo_in(&scratch, &build, target))
}

/// The crates `graph-sync` is built from in `tree`, but the runtime: the
/// facade and, since they are crates of their own, the versions' generated
/// crates (an earlier checkout, a baseline, may have none).
fn generated_crates(tree: &Path) -> Vec<&'static str> {
    let versions = [("graph-sync-v1", "generated/v1"), ("graph-sync-beta", "generated/beta")];
    let present = versions.into_iter().filter(|(_, dir)| tree.join(dir).join("Cargo.toml").is_file());
    std::iter::once("graph-sync").chain(present.map(|(package, _)| package)).collect()
}

/// In `tree`: builds graph-sync with its dependencies, then times its clean
/// build without the runtime (the generated crates alone) and with it.
fn graph_sync_build_times(tree: &Path, target: &Path, release: bool) -> (Duration, Duration) {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let build = [&["build", "-p", "graph-sync"][..], profile].concat();
    let crates = generated_crates(tree);
    let clean = |with_runtime: bool| -> Vec<&str> {
        let packages = crates.iter().copied().chain(with_runtime.then_some("graph-sync-runtime"));
        std::iter::once("clean").chain(packages.flat_map(|p| ["-p", p])).chain(profile.iter().copied()).collect()
    };
    cargo_in(tree, &build, target);
    cargo_in(tree, &clean(false), target);
    let alone = cargo_in(tree, &build, target);
    cargo_in(tree, &clean(true), target);
    (alone, cargo_in(tree, &build, target))
}

fn ratio(time: Duration, reference: Duration) -> f64 {
    time.as_secs_f64() / reference.as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benches; nothing to list here.
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate is in the workspace");
    let target = workspace.join("target/compile-time");
    let baseline = std::env::var_os("GRAPH_SYNC_BASELINE").map(std::path::PathBuf::from);
    for release in [false, true] {
        let profile = if release { "release" } else { "dev" };
        let before =
            baseline.as_deref().map(|tree| graph_sync_build_times(tree, &tree.join("target/compile-time"), release));
        let (alone, with_runtime) = graph_sync_build_times(workspace, &target, release);
        let reference = crate_build_time("serde_json", &[], None, release, &target);
        println!(
            "{profile}: graph-sync ({}) {alone:.1?}, serde_json {reference:.1?}: ratio {:.2}",
            generated_crates(workspace).join(", "),
            ratio(alone, reference)
        );
        println!(
            "{profile}: graph-sync with its runtime {with_runtime:.1?}: ratio {:.2}",
            ratio(with_runtime, reference)
        );
        if let (Some((before_alone, before_with)), Some(tree)) = (before, baseline.as_deref()) {
            println!(
                "{profile}: the baseline's graph-sync ({}) {before_alone:.1?}: ratio {:.2} to serde_json, {:.2}x this one",
                generated_crates(tree).join(", "),
                ratio(before_alone, reference),
                ratio(before_alone, alone)
            );
            println!(
                "{profile}: the baseline's graph-sync with its runtime {before_with:.1?}: ratio {:.2}, {:.2}x this one",
                ratio(before_with, reference),
                ratio(before_with, with_runtime)
            );
        }
        // A dependent binary: its own build, and its clean build with graph-sync.
        let (own, with) = downstream_build_times(workspace, &target, release);
        println!("{profile}: the downstream binary alone {own:.1?}, with graph-sync and its runtime {with:.1?}");
        if let Some(tree) = baseline.as_deref() {
            let (own, with) = downstream_build_times(tree, &tree.join("target/compile-time"), release);
            println!("{profile}: against the baseline: alone {own:.1?}, with graph-sync and its runtime {with:.1?}");
        }
        // Each version alone (its crate and the facade), against both.
        let with: Vec<&str> = generated_crates(workspace).into_iter().skip(1).collect();
        for version in ["v1", "beta"] {
            let features = format!("client,{version}");
            let one = crate_build_time("graph-sync", &with, Some(&features), release, &target);
            println!(
                "{profile}: graph-sync with only {version} {one:.1?}: {:.2} of both, ratio {:.2} to serde_json",
                ratio(one, alone),
                ratio(one, reference)
            );
        }
    }
}

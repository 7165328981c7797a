//! The Rust version the workspace declares (`rust-version`) is at least what
//! every crate graph-sync depends on declares, with every feature on: a
//! dependency that needs a newer Rust (the lock file moved, a feature added
//! one) fails here, and the declared minimum is raised, or the dependency
//! held back, on purpose. (The crates' own code is held to it by clippy's
//! `incompatible_msrv` lint, which CI runs with warnings denied.)

use std::process::Command;

fn version(text: &str) -> (u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_workspace_declares() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--all-features", "--offline", "--manifest-path", manifest])
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let package = |id: &str| packages.iter().find(|p| p["id"] == id).unwrap();
    let facade = packages.iter().find(|p| p["name"] == "graph-sync").expect("graph-sync is a member");
    let declared = version(facade["rust_version"].as_str().expect("graph-sync declares a rust-version"));
    // Every package graph-sync reaches by normal (not dev or build) dependencies.
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();
    let (mut seen, mut queue) = (std::collections::BTreeSet::new(), vec![facade["id"].as_str().unwrap().to_owned()]);
    while let Some(id) = queue.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for dependency in node(&id)["deps"].as_array().unwrap() {
            let normal = dependency["dep_kinds"].as_array().unwrap().iter().any(|kind| kind["kind"].is_null());
            if normal {
                queue.push(dependency["pkg"].as_str().unwrap().to_owned());
            }
        }
    }
    assert!(seen.len() > 50, "the dependency tree was not walked: {} packages", seen.len());
    let newer: Vec<String> = seen
        .iter()
        .map(|id| package(id))
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > declared).then(|| format!("{} {} needs {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(newer.is_empty(), "the workspace declares {declared:?}, but: {newer:?}");
}

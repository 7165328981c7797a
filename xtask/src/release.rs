//! The release commands: `version` (the next release's version, in the
//! workspace and CHANGELOG.md), `package` (every publishable crate packaged
//! and built from its package), `semver` (the hand-written API against the
//! last release, with cargo-semver-checks) and `release` (all of them, then
//! the changelog dated, a commit and a tag).
//!
//! A release is tagged `v{version}`; the semver check compares with that
//! tag, or where a clone has no tags, with the last commit whose workspace
//! carried that version (the release's own commit unless more was committed
//! before the version moved on; an API those commits kept is compared all
//! the same).

use std::path::Path;
use std::process::Command;

use crate::changelog::{self, CHANGELOG};
use crate::files::write_atomically;
use crate::project::{cargo, Project};
use crate::version::{self, Version};

/// The crates whose API is written by hand, checked for semver against the
/// last release: graph-sync (the facade), its runtime and its fake, with the
/// folder each lives in. The version crates' verdict comes from the schema's
/// change report (`regen --metadata`), not from here. (cargo-semver-checks
/// reads a crate's own items: what the facade re-exports is checked in the
/// runtime and the fake, and judged by the schema's report for the version
/// crates.)
pub const HAND_WRITTEN: [(&str, &str); 3] =
    [("graph-sync", "generated"), ("graph-sync-runtime", "runtime"), ("graph-sync-fake", "fake-graph")];

/// The cargo-semver-checks `.ci/run` installs, pinned (named here for the
/// message when it is missing).
const SEMVER_CHECKS_VERSION: &str = "0.51.0";

fn run(mut command: Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    status.success().then_some(()).ok_or_else(|| format!("{shown} failed ({status})"))
}

fn git(root: &Path, arguments: &[&str]) -> Result<String, String> {
    let output =
        Command::new("git").current_dir(root).args(arguments).output().map_err(|e| format!("cannot run git: {e}"))?;
    match output.status.success() {
        true => Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned()),
        false => Err(format!("git {}: {}", arguments.join(" "), String::from_utf8_lossy(&output.stderr).trim())),
    }
}

fn read(project: &Project, path: &str) -> Result<String, String> {
    std::fs::read_to_string(project.path(path)).map_err(|e| format!("{path}: {e}"))
}

fn workspace_version(project: &Project) -> Result<Version, String> {
    Ok(version::manifest_version(&read(project, version::MANIFEST)?)?.0)
}

/// `cargo xtask version X`: the next release will be `X`; the workspace and
/// CHANGELOG.md's unreleased section say so.
pub fn set_version(project: &Project, next: &str) -> Result<(), String> {
    let next = Version::parse(next).ok_or_else(|| format!("{next:?} is not a major.minor.patch version"))?;
    let log = read(project, CHANGELOG)?;
    if let Some(released) = changelog::last_released(&log)? {
        if next <= released {
            return Err(format!("{next} is not after the last release, {released}"));
        }
    }
    let manifest = read(project, version::MANIFEST)?;
    write(project, version::MANIFEST, &version::with_version(&manifest, next)?)?;
    write(project, CHANGELOG, &changelog::with_unreleased(&log, next)?)?;
    println!("the next release is {next} ({} and {CHANGELOG})", version::MANIFEST);
    Ok(())
}

fn write(project: &Project, path: &str, text: &str) -> Result<(), String> {
    write_atomically(&project.path(path), text)
}

/// The workspace's crates a registry takes (every member without
/// `publish = false`), in the order `cargo metadata` lists them.
pub fn publishable(project: &Project) -> Result<Vec<String>, String> {
    let output = cargo()
        .current_dir(&project.root)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata's answer: {e}"))?;
    let packages = metadata["packages"].as_array().ok_or("cargo metadata lists no packages")?;
    // `publish`: null for any registry, a list of the registries allowed (empty: none).
    Ok(packages
        .iter()
        .filter(|package| package["publish"].as_array().is_none_or(|registries| !registries.is_empty()))
        .filter_map(|package| package["name"].as_str().map(str::to_owned))
        .collect())
}

/// `cargo xtask package`: every publishable crate packaged, and each
/// package built on its own (`cargo package` verifies by building the
/// packaged sources, with the workspace's unpublished crates in place of a
/// registry's).
pub fn package(project: &Project, allow_dirty: bool) -> Result<(), String> {
    let crates = publishable(project)?;
    println!("packaging {}", crates.join(", "));
    forget_packaged_sources(&crates, workspace_version(project)?)?;
    let mut command = cargo();
    command.current_dir(&project.root).arg("package");
    for name in &crates {
        command.args(["-p", name]);
    }
    if allow_dirty {
        command.arg("--allow-dirty");
    }
    run(command)
}

/// Removes what an earlier `cargo package` unpacked of these crates at this
/// version from its local registry (cargo verifies a crate against the
/// workspace's other crates "published" to a temporary local registry, and
/// unpacks each into `$CARGO_HOME/registry/src/`; an unpacked crate is
/// reused as it is when the same name and version come again, so a second
/// run would verify against the first run's sources). A local registry's
/// folder there has no host in its name (`-<hash>`); crates of a real
/// registry are never touched.
fn forget_packaged_sources(crates: &[String], version: Version) -> Result<(), String> {
    let home = match std::env::var_os("CARGO_HOME") {
        Some(home) => std::path::PathBuf::from(home),
        None => std::env::home_dir().ok_or("no home folder, and no CARGO_HOME")?.join(".cargo"),
    };
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else { return Ok(()) };
    for registry in registries.flatten().filter(|entry| entry.file_name().to_string_lossy().starts_with('-')) {
        for name in crates {
            let unpacked = registry.path().join(format!("{name}-{version}"));
            if unpacked.is_dir() {
                std::fs::remove_dir_all(&unpacked).map_err(|e| format!("{}: {e}", unpacked.display()))?;
            }
        }
    }
    Ok(())
}

/// The commit of the release `released`: its tag, else (a clone without
/// tags) the last commit whose workspace manifest carried that version.
pub fn release_commit(project: &Project, released: Version) -> Result<String, String> {
    let tag = format!("v{released}");
    if let Ok(commit) = git(&project.root, &["rev-list", "-n", "1", &tag]) {
        return Ok(commit);
    }
    let line = format!("^version = \"{}\"$", released.to_string().replace('.', "\\."));
    // Commits that added or removed the line, newest first; before the
    // workspace declared it, the facade's manifest did.
    let changed =
        git(&project.root, &["log", "--format=%H", "-G", &line, "--", version::MANIFEST, version::FACADE_MANIFEST])?;
    let newest = changed.lines().next().ok_or_else(|| {
        format!("no tag {tag} and no commit carried version {released}: fetch the tags (`git fetch --tags`)")
    })?;
    // The newest change either moved the version on (the release is its
    // parent) or set it (nothing moved it since: the release is the head).
    let carried = [version::MANIFEST, version::FACADE_MANIFEST]
        .map(|manifest| git(&project.root, &["show", &format!("{newest}:{manifest}")]).unwrap_or_default());
    let set_here = carried.iter().flat_map(|text| text.lines()).any(|text| text == format!("version = \"{released}\""));
    match set_here {
        true => git(&project.root, &["rev-parse", "HEAD"]),
        false => git(&project.root, &["rev-parse", &format!("{newest}^")]),
    }
}

/// `cargo xtask semver`: the hand-written crates' API against the last
/// release, by cargo-semver-checks: a change the workspace's version does
/// not allow (a breaking one without a major bump, a minor one before 1.0)
/// fails. `against`: the release to compare with (default: CHANGELOG.md's
/// last). In a shallow clone whose history cannot be fetched the check is
/// skipped, and said so, unless it is `required` (a release).
pub fn semver(project: &Project, against: Option<Version>, required: bool) -> Result<(), String> {
    let released = match against {
        Some(version) => Some(version),
        None => changelog::last_released(&read(project, CHANGELOG)?)?,
    };
    let Some(released) = released else {
        println!("no release yet ({CHANGELOG} has no dated section): nothing to compare with");
        return Ok(());
    };
    let installed = cargo().args(["semver-checks", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        return Err(format!(
            "cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked --version {SEMVER_CHECKS_VERSION}`"
        ));
    }
    let baseline = match release_commit(project, released) {
        Ok(baseline) => baseline,
        // A shallow clone has neither the tags nor the history: deepen it
        // where its origin can be reached; where not, the check cannot run,
        // and says so rather than failing the build for how it was cloned.
        Err(error)
            if !required && git(&project.root, &["rev-parse", "--is-shallow-repository"]).as_deref() == Ok("true") =>
        {
            let deepened = git(&project.root, &["fetch", "--quiet", "--unshallow", "--tags"]);
            match deepened.and_then(|_| release_commit(project, released)) {
                Ok(baseline) => baseline,
                Err(_) => {
                    eprintln!(
                        "==== semver check skipped: this clone is shallow and its history cannot be fetched ({error})"
                    );
                    return Ok(());
                }
            }
        }
        Err(error) => return Err(error),
    };
    let current = workspace_version(project)?;
    // A crate the release did not have yet has no API to keep.
    let (compared, new): (Vec<_>, Vec<_>) = HAND_WRITTEN
        .iter()
        .partition(|(_, dir)| git(&project.root, &["cat-file", "-e", &format!("{baseline}:{dir}/Cargo.toml")]).is_ok());
    for (name, _) in &new {
        println!("{name}: not in release {released}, nothing to compare");
    }
    println!(
        "comparing {current} with release {released} ({baseline}): {:?}",
        compared.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let mut command = cargo();
    command.current_dir(&project.root).args(["semver-checks", "check-release", "--baseline-rev", &baseline]);
    for (name, _) in &compared {
        command.args(["-p", name]);
    }
    run(command).map_err(|e| format!("{e}: the hand-written API changed more than {released} -> {current} allows; `cargo xtask version X` sets the version that says so"))
}

/// `cargo xtask release [X]`: releases the unreleased section as `X` (by
/// default the version it names): semver against the last release and the
/// package check pass first, then CHANGELOG.md is dated today, the version
/// set, and a commit `Release graph-sync X` tagged `vX`. Publishing and
/// pushing the tag are left to the maintainer (MAINTAINING.md).
pub fn release(project: &Project, requested: Option<&str>) -> Result<(), String> {
    if !git(&project.root, &["status", "--porcelain"])?.is_empty() {
        return Err("the working tree has changes: commit them first".to_owned());
    }
    let log = read(project, CHANGELOG)?;
    let pending = changelog::unreleased(&log)?.ok_or_else(|| format!("{CHANGELOG} has no unreleased section"))?;
    let next = match requested {
        Some(text) => Version::parse(text).ok_or_else(|| format!("{text:?} is not a major.minor.patch version"))?,
        None => pending,
    };
    let previous = changelog::last_released(&log)?;
    if previous.is_some_and(|previous| next <= previous) {
        return Err(format!("{next} is not after the last release, {}", previous.unwrap_or(next)));
    }
    if next != pending {
        set_version(project, &next.to_string())?;
    }
    let restore = || {
        let _ = git(&project.root, &["checkout", "--", version::MANIFEST, CHANGELOG, "Cargo.lock"]);
    };
    let checks = semver(project, previous, true).and_then(|()| package(project, true));
    if let Err(error) = checks {
        restore();
        return Err(error);
    }
    let dated = changelog::released(&read(project, CHANGELOG)?, next, &version::today())?;
    write(project, CHANGELOG, &dated)?;
    let message = format!("Release graph-sync {next}");
    git(&project.root, &["commit", "--quiet", "--all", "--message", &message])?;
    git(&project.root, &["tag", "--annotate", &format!("v{next}"), "--message", &message])?;
    println!("released {next}: committed and tagged v{next}");
    println!("next: `cargo publish --workspace` (the crates in dependency order), and push the commit and the tag");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch repository whose workspace manifest moves 0.1.0 -> 0.2.0 -> 0.3.0.
    fn history() -> (tempfile::TempDir, Project, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let project = Project { root: dir.path().to_path_buf() };
        let git_here = |arguments: &[&str]| {
            let identity = ["-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "commit.gpgsign=false"];
            let output = Command::new("git").current_dir(dir.path()).args(identity).args(arguments).output().unwrap();
            assert!(output.status.success(), "git {arguments:?}: {}", String::from_utf8_lossy(&output.stderr));
        };
        git_here(&["init", "--quiet"]);
        let mut commits = Vec::new();
        for version in ["0.1.0", "0.2.0", "0.3.0"] {
            let manifest = format!("[workspace]\n\n[workspace.package]\nversion = \"{version}\"\n");
            std::fs::write(dir.path().join(version::MANIFEST), manifest).unwrap();
            std::fs::write(dir.path().join("notes"), format!("{version} and after\n")).unwrap();
            git_here(&["add", "."]);
            git_here(&["commit", "--quiet", "-m", version]);
            // A commit that changes something else, still carrying the version.
            std::fs::write(dir.path().join("notes"), format!("{version}, later\n")).unwrap();
            git_here(&["commit", "--quiet", "-am", "later"]);
            commits.push(git(dir.path(), &["rev-parse", "HEAD"]).unwrap());
        }
        (dir, project, commits)
    }

    #[test]
    fn a_release_is_its_tag_or_the_last_commit_that_carried_its_version() {
        let (_dir, project, commits) = history();
        // No tags: the last commit of each version's run.
        assert_eq!(release_commit(&project, Version(0, 1, 0)).unwrap(), commits[0]);
        assert_eq!(release_commit(&project, Version(0, 2, 0)).unwrap(), commits[1]);
        assert_eq!(release_commit(&project, Version(0, 3, 0)).unwrap(), commits[2], "still carried: the head");
        let missing = release_commit(&project, Version(0, 9, 0)).unwrap_err();
        assert!(missing.contains("no tag v0.9.0"), "{missing}");
        // A tag decides where there is one.
        git(&project.root, &["tag", "v0.1.0", &commits[1]]).unwrap();
        assert_eq!(release_commit(&project, Version(0, 1, 0)).unwrap(), commits[1]);
    }
}

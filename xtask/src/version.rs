//! The crates' version follows the schema and the hand-written API:
//! `regen --metadata` bumps it from the last release by the change report's
//! verdict (semver), and the newest entry of the schema's change log names
//! the version it made; `cargo xtask semver` holds the hand-written API to
//! it; `regen --check` holds the logs, the manifests and CHANGELOG.md
//! together. It is declared once, in the workspace's `[workspace.package]`,
//! and the crates that move with it (graph-sync, the version crates, the
//! runtime, whose `User-Agent` names it, and the fake) take it from there,
//! which `regen --check` holds too.

use std::path::Path;

use codegen::diff::Report;

use crate::changelog;

/// The manifest whose version is bumped: the workspace's, whose
/// `[workspace.package] version` is the one version of every crate that
/// moves with the schema, declared once.
pub const MANIFEST: &str = "Cargo.toml";

/// The facade's manifest (graph-sync).
pub const FACADE_MANIFEST: &str = "generated/Cargo.toml";

/// The runtime's manifest.
pub const RUNTIME_MANIFEST: &str = "runtime/Cargo.toml";

/// The crates users depend on (the facade, the runtime, the fake service;
/// the version crates' manifests are written by regen), whose manifests take
/// the workspace's version: `version.workspace = true`, which `regen --check`
/// holds.
pub const IN_STEP_MANIFESTS: [&str; 3] = [FACADE_MANIFEST, RUNTIME_MANIFEST, "fake-graph/Cargo.toml"];

/// A `major.minor.patch` version, ordered as semver orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

impl Version {
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.').map(|part| part.parse::<u64>().ok());
        let version = Version(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(version)
    }

    /// The next version for a report: a breaking change bumps the major
    /// version (the minor one before 1.0), an additive one the minor version
    /// (the patch one before 1.0); no change keeps the version.
    pub fn after(self, report: &Report) -> Self {
        let Version(major, minor, patch) = self;
        match (report.breaking() > 0, report.additive() > 0, major) {
            (true, _, 0) => Version(0, minor + 1, 0),
            (true, _, _) => Version(major + 1, 0, 0),
            (false, true, 0) => Version(0, minor, patch + 1),
            (false, true, _) => Version(major, minor + 1, 0),
            (false, false, _) => self,
        }
    }
}

/// The `version = "..."` of the manifest's `[workspace.package]` (or, in a
/// manifest without one, its `[package]`) and its line.
pub fn manifest_version(manifest: &str) -> Result<(Version, &str), String> {
    let section = match manifest.lines().any(|line| line.trim() == "[workspace.package]") {
        true => "[workspace.package]",
        false => "[package]",
    };
    // The lines of the section: from its header (or the top, for `[package]`) to the next table.
    let mut inside = section == "[package]";
    let line = manifest
        .lines()
        .filter(|line| {
            if line.starts_with('[') {
                inside = line.trim() == section;
            }
            inside
        })
        .find(|line| line.trim_start().starts_with("version") && line.contains('"'))
        .ok_or_else(|| format!("the manifest has no version in {section}"))?;
    let text = line.split('"').nth(1).unwrap_or_default();
    let version = Version::parse(text).ok_or_else(|| format!("{text:?} is not a major.minor.patch version"))?;
    Ok((version, line))
}

/// Whether a crate's manifest takes the workspace's version (`version.workspace = true`).
pub fn takes_workspace_version(manifest: &str) -> bool {
    let Ok(table) = manifest.parse::<toml::Table>() else { return false };
    let version = table.get("package").and_then(|package| package.get("version"));
    version.and_then(|version| version.get("workspace")).and_then(toml::Value::as_bool) == Some(true)
}

/// The manifest with `version` in place of its package version, and of the
/// version each of its path dependencies of that version requires (the
/// workspace's crates that move together).
pub fn with_version(manifest: &str, version: Version) -> Result<String, String> {
    let (current, line) = manifest_version(manifest)?;
    let bumped = manifest.replacen(line, &format!("version = \"{version}\""), 1);
    let (before, after) = (format!("version = \"{current}\""), format!("version = \"{version}\""));
    Ok(bumped
        .lines()
        .map(|line| match line.contains("path = ") && line.contains(&before) {
            true => line.replace(&before, &after),
            false => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if bumped.ends_with('\n') { "\n" } else { "" })
}

/// The workspace's path dependencies whose version requirement is not
/// `version` (each must be, or a registry could not resolve it).
pub fn path_dependencies_off(manifest: &str, version: Version) -> Vec<String> {
    let Ok(table) = manifest.parse::<toml::Table>() else { return vec!["the manifest does not parse".to_owned()] };
    let dependencies = table.get("workspace").and_then(|w| w.get("dependencies")).and_then(toml::Value::as_table);
    dependencies
        .into_iter()
        .flatten()
        .filter(|(name, spec)| spec.get("path").is_some() && name.starts_with("graph-sync"))
        .filter(|(_, spec)| spec.get("version").and_then(toml::Value::as_str) != Some(version.to_string().as_str()))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The version the newest change-log entry names (`## 0.2.0 (2026-11-30): ...`), if it names one.
pub fn newest_logged(change_log: &str) -> Option<Version> {
    let entry = change_log.lines().find(|line| line.starts_with("## "))?;
    Version::parse(entry.trim_start_matches("## ").split_whitespace().next()?)
}

/// `regen --check`: the manifest's version is at least the newest one the
/// change logs name (one log per Graph version, one crate version for all:
/// the latest bump, whichever version's schema made it, or a later one the
/// hand-written crates needed), the crates that move together take it, and
/// CHANGELOG.md agrees ([`changelog::check`]).
pub fn check(root: &Path, change_logs: &[std::path::PathBuf]) -> Result<(), String> {
    let read = |path: &str| -> Result<Version, String> {
        let manifest = std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"))?;
        manifest_version(&manifest).map(|(version, _)| version).map_err(|e| format!("{path}: {e}"))
    };
    let version = read(MANIFEST)?;
    let workspace = std::fs::read_to_string(root.join(MANIFEST)).map_err(|e| format!("{MANIFEST}: {e}"))?;
    let off = path_dependencies_off(&workspace, version);
    if !off.is_empty() {
        return Err(format!("{MANIFEST}: {} must require version {version}, the workspace's", off.join(", ")));
    }
    for manifest in IN_STEP_MANIFESTS {
        let Ok(text) = std::fs::read_to_string(root.join(manifest)) else { continue };
        if !takes_workspace_version(&text) {
            return Err(format!(
                "{manifest} must say `version.workspace = true`: graph-sync, its runtime and its fake take the \
                 workspace's version ({MANIFEST} says {version})"
            ));
        }
    }
    let newest = change_logs
        .iter()
        .filter_map(|path| {
            let log = std::fs::read_to_string(path).ok()?;
            Some((newest_logged(&log)?, path))
        })
        .max_by_key(|(version, _)| (version.0, version.1, version.2));
    if let Some((logged, change_log)) = newest {
        // A schema change ships in the version it made or a later one (the
        // hand-written crates may have moved the version on since).
        if logged > version {
            return Err(format!(
                "{MANIFEST} says version {version} but the newest entry of {} is {logged}, a later one",
                change_log.display()
            ));
        }
    }
    match std::fs::read_to_string(root.join(changelog::CHANGELOG)) {
        Ok(text) => changelog::check(&text, version),
        Err(_) => Ok(()), // a scratch project of the tests
    }
}

/// The version a schema change report asks for: the last release's, bumped
/// by the report's verdict, unless the workspace's unreleased version is
/// already that far (`released`: the changelog's last release, if any).
pub fn after_report(current: Version, released: Option<Version>, report: &Report) -> Version {
    match released {
        Some(released) => current.max(released.after(report)),
        None => current.after(report),
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    civil_date(days as i64)
}

/// The proleptic Gregorian date of a day number (days since 1970-01-01),
/// by Howard Hinnant's `civil_from_days`.
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a registry and docs.rs need of the crates users depend on
    /// (issue 47): a description, the workspace's readme, keywords and
    /// categories, docs.rs documenting every feature, both licence texts
    /// beside the manifest; the crates users never depend on say
    /// `publish = false`, with a comment saying why.
    #[test]
    fn the_crates_users_depend_on_carry_what_a_registry_needs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let workspace: toml::Table = read("Cargo.toml").parse().unwrap();
        let shared = &workspace["workspace"]["package"];
        for key in ["readme", "keywords", "categories", "license"] {
            assert!(shared.get(key).is_some(), "[workspace.package] has no {key}");
        }
        assert!(shared["keywords"].as_array().unwrap().len() <= 5, "a registry takes at most five keywords");
        // The version crates are those regen writes: each folder of `generated/` with a manifest.
        let versions = std::fs::read_dir(root.join("generated")).unwrap().map(|entry| entry.unwrap().path());
        let versions: Vec<String> = versions
            .filter(|path| path.join("Cargo.toml").exists())
            .map(|path| format!("generated/{}", path.file_name().unwrap().to_string_lossy()))
            .collect();
        assert!(versions.len() >= 2, "v1 and beta: {versions:?}");
        let publishable = ["generated", "runtime", "fake-graph"].map(str::to_owned).into_iter().chain(versions);
        for dir in publishable {
            let manifest: toml::Table = read(&format!("{dir}/Cargo.toml")).parse().unwrap();
            let package = &manifest["package"];
            assert!(package.get("description").and_then(toml::Value::as_str).is_some_and(|d| !d.is_empty()), "{dir}");
            for key in ["readme", "keywords", "categories", "license"] {
                let inherited = package.get(key).and_then(|v| v.get("workspace")).and_then(toml::Value::as_bool);
                assert_eq!(inherited, Some(true), "{dir}: `{key}.workspace = true`");
            }
            assert!(package.get("publish").is_none(), "{dir} is published");
            let docs_rs = &package["metadata"]["docs"]["rs"];
            assert_eq!(docs_rs["all-features"].as_bool(), Some(true), "{dir}: docs.rs documents every feature");
            for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
                assert!(root.join(&dir).join(licence).exists(), "{dir}/{licence}");
            }
        }
        for dir in ["codegen", "xtask", "tests"] {
            let text = read(&format!("{dir}/Cargo.toml"));
            let manifest: toml::Table = text.parse().unwrap();
            assert_eq!(manifest["package"]["publish"].as_bool(), Some(false), "{dir} is not published");
            assert!(text.contains("# Not published: "), "{dir} says why it is not published");
        }
    }

    #[test]
    fn semver_by_verdict_before_and_after_one() {
        let report = |breaking| Report { changes: vec![codegen::diff::Change { breaking, description: "x".into() }] };
        let (breaking, additive, none) = (report(true), report(false), Report::default());
        assert_eq!(Version(0, 1, 0).after(&breaking), Version(0, 2, 0));
        assert_eq!(Version(0, 1, 3).after(&additive), Version(0, 1, 4));
        assert_eq!(Version(1, 4, 2).after(&breaking), Version(2, 0, 0));
        assert_eq!(Version(1, 4, 2).after(&additive), Version(1, 5, 0));
        assert_eq!(Version(1, 4, 2).after(&none), Version(1, 4, 2));
    }

    /// A schema change bumps from the last release, unless the unreleased
    /// version already went that far: two changes between releases bump once.
    #[test]
    fn a_schema_change_bumps_from_the_last_release() {
        let report = |breaking| Report { changes: vec![codegen::diff::Change { breaking, description: "x".into() }] };
        let (breaking, additive) = (report(true), report(false));
        let released = Some(Version(0, 3, 0));
        assert_eq!(after_report(Version(0, 3, 0), released, &additive), Version(0, 3, 1));
        assert_eq!(after_report(Version(0, 3, 1), released, &additive), Version(0, 3, 1), "already bumped");
        assert_eq!(after_report(Version(0, 3, 1), released, &breaking), Version(0, 4, 0));
        assert_eq!(after_report(Version(0, 4, 0), released, &breaking), Version(0, 4, 0), "already bumped");
        assert_eq!(after_report(Version(0, 3, 1), None, &additive), Version(0, 3, 2), "no release: from the manifest");
    }

    #[test]
    fn manifests_and_change_logs_are_read_and_written() {
        let manifest =
            "[package]\nname = \"graph-sync\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(manifest_version(manifest).unwrap().0, Version(0, 1, 0));
        let bumped = with_version(manifest, Version(0, 2, 0)).unwrap();
        assert!(bumped.contains("version = \"0.2.0\"") && bumped.contains("serde = { version = \"1\" }"), "{bumped}");
        // Comments before `[package]` (a generated manifest's header), and another table's `version`.
        let headed = "# @generated\n# Do not edit.\n\n[lib]\nversion = \"9.9.9\"\n\n[package]\nversion = \"0.3.0\"\n";
        assert_eq!(manifest_version(headed).unwrap().0, Version(0, 3, 0));
        assert!(manifest_version("[dependencies]\nversion = \"1.0.0\"\n").is_err(), "not the package's");
        // The workspace's own version, declared once for the crates that take it.
        let workspace = "[workspace]\nmembers = []\n\n[workspace.package]\nedition = \"2021\"\nversion = \"0.3.1\"\n\n[workspace.dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(manifest_version(workspace).unwrap().0, Version(0, 3, 1));
        let bumped = with_version(workspace, Version(0, 4, 0)).unwrap();
        assert!(bumped.contains("version = \"0.4.0\"") && bumped.contains("serde = { version = \"1\" }"), "{bumped}");
        assert!(takes_workspace_version("[package]\nname = \"x\"\nversion.workspace = true\n"));
        // The crates that move together require each other at the new version too.
        let with_paths = "[workspace.package]\nversion = \"0.3.1\"\n\n[workspace.dependencies]\ngraph-sync-runtime = { path = \"runtime\", version = \"0.3.1\" }\nserde = { version = \"0.3.1\" }\n";
        let bumped = with_version(with_paths, Version(0, 4, 0)).unwrap();
        assert!(bumped.contains("path = \"runtime\", version = \"0.4.0\""), "{bumped}");
        assert!(
            bumped.contains("serde = { version = \"0.3.1\" }"),
            "a registry dependency keeps its requirement: {bumped}"
        );
        assert!(path_dependencies_off(&bumped, Version(0, 4, 0)).is_empty());
        assert_eq!(path_dependencies_off(with_paths, Version(0, 4, 0)), ["graph-sync-runtime"]);
        assert!(!takes_workspace_version("[package]\nname = \"x\"\nversion = \"0.3.1\"\n"));
        assert_eq!(
            newest_logged("# Log\n\n## 0.2.0 (2026-11-30): x.csdl (beta)\n\n## 0.1.1 (...)"),
            Some(Version(0, 2, 0))
        );
        assert_eq!(newest_logged("# Log\n\n## x.csdl (beta)\n"), None);
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_787), "2026-11-30");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}

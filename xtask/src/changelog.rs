//! CHANGELOG.md as the version commands read and write it: one section per
//! version, newest first, headed `## [X.Y.Z] - YYYY-MM-DD` once released and
//! `## [X.Y.Z] - unreleased` before. The newest dated section is the last
//! release (what the semver check compares with); an unreleased section, at
//! the top, names the version the next release will have, which is the
//! workspace's.

use crate::version::Version;

/// The changelog's path in the workspace.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// A section's heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub version: Version,
    /// `None`: unreleased.
    pub date: Option<String>,
}

/// The version headings, newest first. A `## [` line that is not one is an
/// error: a release must not be missed by a typo.
pub fn headings(text: &str) -> Result<Vec<Heading>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("## ["))
        .map(|(index, line)| {
            parse_heading(line).ok_or_else(|| {
                format!(
                    "{CHANGELOG}:{}: {line:?} is not `## [X.Y.Z] - YYYY-MM-DD` or `## [X.Y.Z] - unreleased`",
                    index + 1
                )
            })
        })
        .collect()
}

fn parse_heading(line: &str) -> Option<Heading> {
    let rest = line.strip_prefix("## [")?;
    let (version, rest) = rest.split_once("] - ")?;
    let version = Version::parse(version)?;
    let when = rest.trim();
    let date = match when {
        "unreleased" => None,
        _ if is_date(when) => Some(when.to_owned()),
        _ => return None,
    };
    Some(Heading { version, date })
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// The newest released version.
pub fn last_released(text: &str) -> Result<Option<Version>, String> {
    Ok(headings(text)?.into_iter().find(|heading| heading.date.is_some()).map(|heading| heading.version))
}

/// The version of the unreleased section at the top, if there is one.
pub fn unreleased(text: &str) -> Result<Option<Version>, String> {
    Ok(headings(text)?.into_iter().next().filter(|heading| heading.date.is_none()).map(|heading| heading.version))
}

/// The changelog whose unreleased section names `version`: the top section
/// renamed when it is unreleased, else a new one above the newest release.
pub fn with_unreleased(text: &str, version: Version) -> Result<String, String> {
    let heading = format!("## [{version}] - unreleased");
    if unreleased(text)?.is_some() {
        let line = text.lines().find(|line| line.starts_with("## [")).expect("an unreleased heading");
        return Ok(text.replacen(line, &heading, 1));
    }
    Ok(match text.find("\n## [") {
        Some(at) => format!("{}{heading}\n\n{}", &text[..at + 1], &text[at + 1..]),
        None => format!("{}\n{heading}\n", text.trim_end()),
    })
}

/// The changelog with its unreleased section dated: released as `version` on `date`.
pub fn released(text: &str, version: Version, date: &str) -> Result<String, String> {
    let Some(pending) = unreleased(text)? else {
        return Err(format!(
            "{CHANGELOG} has no unreleased section to release: nothing changed since the last release"
        ));
    };
    let line = format!("## [{pending}] - unreleased");
    Ok(text.replacen(&line, &format!("## [{version}] - {date}"), 1))
}

/// `regen --check`'s rule between the workspace's version and the
/// changelog: an unreleased section names the workspace's version, which is
/// after the last release; without one, the workspace's version is the last
/// release.
pub fn check(text: &str, workspace: Version) -> Result<(), String> {
    let (released, pending) = (last_released(text)?, unreleased(text)?);
    match (pending, released) {
        (Some(pending), _) if pending != workspace => Err(format!(
            "{CHANGELOG}'s unreleased section is {pending} but the workspace's version is {workspace}: \
             `cargo xtask version {workspace}` (or {pending}) sets both"
        )),
        (Some(_), Some(released)) if workspace <= released => {
            Err(format!("the workspace's version {workspace} is not after the last release, {released} ({CHANGELOG})"))
        }
        (None, Some(released)) if released != workspace => Err(format!(
            "the workspace's version is {workspace} but {CHANGELOG} has no unreleased section for it \
             (the last release is {released}): `cargo xtask version {workspace}` adds one"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "# Changelog\n\nIntro.\n\n## [0.3.1] - unreleased\n\n### Added\n- x\n\n## [0.3.0] - 2026-12-04\n\n- y\n\n## [0.2.0] - 2026-11-30\n";

    #[test]
    fn the_last_release_and_the_pending_one_are_read() {
        assert_eq!(last_released(LOG).unwrap(), Some(Version(0, 3, 0)));
        assert_eq!(unreleased(LOG).unwrap(), Some(Version(0, 3, 1)));
        let released_only = released(LOG, Version(0, 4, 0), "2026-12-08").unwrap();
        assert!(released_only.contains("## [0.4.0] - 2026-12-08\n\n### Added"));
        assert_eq!(unreleased(&released_only).unwrap(), None);
        assert_eq!(last_released(&released_only).unwrap(), Some(Version(0, 4, 0)));
        assert!(released(&released_only, Version(0, 5, 0), "2026-12-09").is_err(), "nothing unreleased");
    }

    #[test]
    fn a_malformed_heading_is_an_error_with_its_line() {
        let error = headings("# C\n\n## [0.3.0] 2026-12-04\n").unwrap_err();
        assert!(error.starts_with("CHANGELOG.md:3:"), "{error}");
        assert!(headings("## [0.3.0] - 2026-1-04\n").is_err());
        assert!(headings("## [0.3] - unreleased\n").is_err());
    }

    #[test]
    fn the_unreleased_section_is_renamed_or_added() {
        let renamed = with_unreleased(LOG, Version(0, 4, 0)).unwrap();
        assert!(renamed.contains("## [0.4.0] - unreleased\n\n### Added") && !renamed.contains("0.3.1"));
        let released_log = released(LOG, Version(0, 3, 1), "2026-12-08").unwrap();
        let added = with_unreleased(&released_log, Version(0, 3, 2)).unwrap();
        assert!(added.contains("Intro.\n\n## [0.3.2] - unreleased\n\n## [0.3.1] - 2026-12-08"), "{added}");
    }

    #[test]
    fn the_workspace_version_must_agree_with_the_changelog() {
        assert!(check(LOG, Version(0, 3, 1)).is_ok());
        assert!(check(LOG, Version(0, 4, 0)).unwrap_err().contains("unreleased section is 0.3.1"));
        let released_log = released(LOG, Version(0, 3, 1), "2026-12-08").unwrap();
        assert!(check(&released_log, Version(0, 3, 1)).is_ok());
        assert!(check(&released_log, Version(0, 3, 2)).unwrap_err().contains("no unreleased section"));
        let behind = with_unreleased(LOG, Version(0, 2, 5)).unwrap();
        assert!(check(&behind, Version(0, 2, 5)).unwrap_err().contains("not after the last release"));
    }
}

//! `cargo xtask corpus-check [DIR]`: every real Graph document in `DIR`
//! (`../shared/graph-metadata` by default) reads; the slice of each one that
//! has the synchronization API generates; and all of them, with the
//! committed code of the golden fixtures that have request builders (the
//! hostile one and the containment one), compile with warnings denied in
//! one scratch workspace under `target/corpus-check/` (one crate per
//! document, sharing one build of the dependencies). Then rustdoc lists the
//! doctests of the hostile crate: descriptions that try to open code blocks
//! must have given none (a control crate with one doctest shows the count is
//! real).
//!
//! The OData documents written outside Graph (`../shared/odata-corpus`) go
//! the same way, whole: each gets what the corpus README says a conforming
//! reader does with it (refused with a located error, read with located
//! warnings, or read, generated and compiled with warnings denied).

use std::path::{Path, PathBuf};

use codegen::model::Model;
use codegen::select::{select, select_all};
use codegen::settings::SliceSettings;

use crate::project::Project;
use crate::scale_check::{write_manifest, write_sources};
use crate::slice::read_settings;

/// The folder of real documents: `$GRAPH_METADATA_DIR`, or `../shared/graph-metadata`.
pub fn default_dir(project: &Project) -> PathBuf {
    match std::env::var_os("GRAPH_METADATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => project.root.join("../shared/graph-metadata"),
    }
}

/// The folder of OData documents written outside Graph: `$ODATA_CORPUS_DIR`,
/// or `../shared/odata-corpus`.
pub fn default_odata_dir(project: &Project) -> PathBuf {
    match std::env::var_os("ODATA_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => project.root.join("../shared/odata-corpus"),
    }
}

/// What a conforming reader does with a document of the OData corpus (its README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    /// Invalid: refused with a located error whose message says this.
    Refused(&'static str),
    /// Valid: it reads and resolves, and the whole document generates code
    /// that compiles with warnings denied.
    Generates,
    /// Not quite valid, but read as the OData .NET reader reads it: with a
    /// warning (located, as every warning is) that says this, and then as
    /// [`Expected::Generates`].
    Warns(&'static str),
}

/// The corpus README's verdict on each document.
fn expected(file: &str) -> Expected {
    match file {
        "oasis-counterexample-test1.xml" => Expected::Refused("two <Key> elements"),
        "odatanet-ModelRefService.xml" => Expected::Warns("has IsBound=\"True\", but an xs:boolean is"),
        _ => Expected::Generates,
    }
}

/// The documents (`.xml`, `.csdl`) of a folder, by name.
fn documents_in(dir: &Path, what: &str) -> Result<Vec<PathBuf>, String> {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {} ({what}): {e}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("csdl" | "xml")))
        .collect();
    documents.sort();
    if documents.is_empty() {
        return Err(format!("{} holds no CSDL documents", dir.display()));
    }
    Ok(documents)
}

/// Each OData corpus document as its README says: the refused ones refused
/// (located), the others read, with their warnings printed, and generated
/// whole into a crate of the scratch workspace. Every document is tried
/// before the first problem is reported.
fn odata_corpus(project: &Project, dir: &Path, crates: &Path) -> Result<Vec<String>, String> {
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for path in documents_in(dir, "the OData corpus")? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let read = Model::from_bytes(&name, &bytes);
        match (expected(&name), read) {
            (Expected::Refused(rule), Err(error)) => {
                let printed = error.to_string();
                if printed.starts_with(&format!("{name}:")) && printed.contains(rule) {
                    println!("{name}: refused, as it must be: {printed}");
                } else {
                    problems.push(format!("{name}: refused, but not located or not for {rule:?}: {printed}"));
                }
            }
            (Expected::Refused(rule), Ok(_)) => problems.push(format!("{name}: read, but must be refused ({rule})")),
            (Expected::Generates | Expected::Warns(_), Err(error)) => {
                problems.push(format!("{name}: valid, but refused: {error}"))
            }
            (Expected::Warns(rule), Ok(model)) if !model.warnings.iter().any(|w| w.message.contains(rule)) => {
                problems.push(format!("{name}: read, but with no warning saying {rule:?}"))
            }
            (Expected::Generates | Expected::Warns(_), Ok(model)) => {
                for warning in &model.warnings {
                    println!("  {warning}");
                }
                let slice = select_all(&model);
                match codegen::generate::generate(&model, &slice, &SliceSettings::default(), &name) {
                    Ok(files) => {
                        let lines: usize = files.values().map(|text| text.lines().count()).sum();
                        println!(
                            "{name}: read ({} types, {} operations, {} warnings); generated whole, {lines} lines of Rust",
                            model.types.len(),
                            model.operations.len(),
                            model.warnings.len()
                        );
                        let about = format!("{name} (the OData corpus), whole,");
                        members.push(write_crate(project, crates, &crate_name(&name), &files, &about)?);
                    }
                    Err(error) => problems.push(format!("{name}: valid, but not generated: {error}")),
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(members)
    } else {
        Err(format!("the OData corpus is not read as its README says:\n  {}", problems.join("\n  ")))
    }
}

pub fn run(project: &Project, dir: &Path, odata_dir: &Path) -> Result<(), String> {
    let versions = project.versions()?;
    let documents = documents_in(dir, "the real Graph documents")?;
    let workspace = project.root.join("target/corpus-check");
    let crates = workspace.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).map_err(|e| format!("cannot clean {}: {e}", crates.display()))?;
    }
    let mut members = Vec::new();
    for path in &documents {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let model = Model::from_bytes(&path.display().to_string(), &bytes).map_err(|e| e.to_string())?;
        // The corpus names each document's version in its file name (`v1.0-Prod-...`).
        let Some(version) = versions.iter().find(|v| name.starts_with(&format!("{}-", v.name))) else {
            return Err(format!("{name}: the file name does not start with a version of metadata/ (`beta-`, `v1.0-`)"));
        };
        let settings = read_settings(project, version)?;
        // A document that defines none of the roots has no synchronization API (GovSG, Review).
        if !settings.selection.roots.iter().any(|root| model.find_type(&root.text).is_some()) {
            println!("{name}: read ({} types); no synchronization API, no slice", model.types.len());
            continue;
        }
        let slice = select(&model, &settings.selection).map_err(|error| format!("{name}: {error}"))?;
        let files = codegen::generate::generate(&model, &slice, &settings, &name).map_err(|e| e.to_string())?;
        let lines: usize = files.values().map(|text| text.lines().count()).sum();
        println!(
            "{name}: read ({} types, {} warnings); {} slice of {} types and {} operations, {lines} lines of Rust",
            model.types.len(),
            model.warnings.len(),
            version.name,
            slice.types.len(),
            slice.operations.len()
        );
        members.push(write_crate(project, &crates, &crate_name(&name), &files, &name)?);
    }
    // The golden fixtures with request builders, as committed (the golden
    // test holds them to what the generator writes).
    for fixture in ["hostile", "containment", "keyword_paths", "imports", "bindings", "compound_keys"] {
        let files = committed_golden(project, fixture)?;
        let about = format!("the committed {fixture} golden fixture");
        members.push(write_crate(project, &crates, &format!("corpus-{fixture}"), &files, &about)?);
    }
    members.extend(odata_corpus(project, odata_dir, &crates)?);
    members.push(write_control_crate(&crates)?);

    let manifest = format!(
        "# Written by `cargo xtask corpus-check`; not committed.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|m| format!("\"crates/{m}\"")).collect::<Vec<_>>().join(", ")
    );
    crate::files::write_atomically(&workspace.join("Cargo.toml"), &manifest)?;
    // The project's lock file: the same dependency versions, no resolution.
    std::fs::copy(project.root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| e.to_string())?;

    cargo(&workspace, &["check", "--workspace", "--quiet"])?;
    println!("cargo check of {} crates: no errors, no warnings", members.len() - 1);
    let control = doctests(&workspace, "corpus-control")?;
    if control != 1 {
        return Err(format!(
            "the control crate has 1 doctest, but rustdoc reported {control}: the count is not read right"
        ));
    }
    let hostile = doctests(&workspace, "corpus-hostile")?;
    if hostile != 0 {
        return Err(format!("rustdoc found {hostile} doctests in the code generated from hostile descriptions"));
    }
    println!("rustdoc --test --list: 0 doctests in the hostile crate's generated code (1 in the control crate)");
    Ok(())
}

/// The committed file tree of a golden fixture, by path in the tree.
fn committed_golden(project: &Project, fixture: &str) -> Result<codegen::emit::Files, String> {
    let dir = project.root.join("codegen/tests/golden").join(fixture);
    let mut files = codegen::emit::Files::new();
    for relative in crate::files::files_below(&dir) {
        let path = dir.join(&relative);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.insert(relative.to_string_lossy().replace('\\', "/"), text);
    }
    if files.is_empty() {
        return Err(format!("{} holds no files", dir.display()));
    }
    Ok(files)
}

/// A crate name from a document's file name: `beta-USNat-2026-08-05.csdl` -> `corpus-beta-usnat-2026-08-05`.
fn crate_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("corpus-{name}")
}

fn write_crate(
    project: &Project,
    crates: &Path,
    name: &str,
    files: &codegen::emit::Files,
    about: &str,
) -> Result<String, String> {
    let dir = crates.join(name);
    write_sources(&dir, files, &format!("The slice generated from {about} by `cargo xtask corpus-check`."))?;
    write_manifest(project, &dir, name, false)?;
    Ok(name.to_owned())
}

/// A crate with exactly one doctest, to show that doctests are counted.
fn write_control_crate(crates: &Path) -> Result<String, String> {
    let dir = crates.join("corpus-control");
    let manifest = "[package]\nname = \"corpus-control\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n";
    crate::files::write_atomically(&dir.join("Cargo.toml"), manifest)?;
    let lib = "//! A control for `cargo xtask corpus-check`: exactly one doctest.\n\n/// ```\n/// assert_eq!(corpus_control::one(), 1);\n/// ```\npub fn one() -> u32 {\n    1\n}\n";
    crate::files::write_atomically(&dir.join("src/lib.rs"), lib)?;
    Ok("corpus-control".to_owned())
}

/// Runs cargo in the scratch workspace with warnings denied.
fn cargo(workspace: &Path, arguments: &[&str]) -> Result<String, String> {
    let output = crate::project::cargo()
        .args(arguments)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "cargo {} in {} failed:\n{stdout}\n{}",
            arguments.join(" "),
            workspace.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}

/// How many doctests rustdoc finds in the generated code of `package`:
/// rustdoc lists each one it would compile and run as `{file} - {item} (line N): test`.
fn doctests(workspace: &Path, package: &str) -> Result<usize, String> {
    let output = cargo(workspace, &["test", "--doc", "-p", package, "--", "--list"])?;
    Ok(output.lines().filter(|line| line.ends_with(": test")).count())
}

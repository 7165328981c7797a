//! `cargo xtask slice --from FILE [--version V]`: select the slice and write
//! it to `metadata/{version}/`.

use std::path::Path;

use codegen::model::Model;
use codegen::select::{select, Slice};
use codegen::settings::SliceSettings;

use crate::files::{display_name, read_input, source_name, write_atomically};
use crate::project::{GraphVersion, Project};

pub fn run(project: &Project, from: &Path, version: Option<&str>) -> Result<(), String> {
    let (version, how) = which_version(project, version, None)?;
    println!("updating Graph {} ({how})", version.name);
    let bytes = read_input(from)?;
    let settings = read_settings(project, &version)?;
    let (model, slice) = select_from(&display_name(from), &bytes, &settings)?;
    let text = codegen::write_csdl::write_slice(&model, &slice, &source_name(from));
    let target = project.path(version.slice_document());
    write_atomically(&target, &text)?;
    println!("wrote {} ({} types, {} operations)", target.display(), slice.types.len(), slice.operations.len());
    Ok(())
}

/// The slice settings of `version`, which must say they are that version's.
pub fn read_settings(project: &Project, version: &GraphVersion) -> Result<SliceSettings, String> {
    let name = version.settings();
    let text = std::fs::read_to_string(project.path(&name)).map_err(|e| format!("cannot read {name}: {e}"))?;
    let settings = SliceSettings::from_toml(&name, &text).map_err(|e| e.to_string())?;
    if settings.version != version.name {
        return Err(format!(
            "{name} says `version = {:?}` in the folder of `{}`: they must agree",
            settings.version, version.name
        ));
    }
    Ok(settings)
}

/// Which version a document updates: the one `--version` names, else the one
/// a URL's path names (`.../v1.0/$metadata`), else the only one there is. A
/// CSDL document does not name its version, so a file with several
/// versions configured needs `--version`: it is never guessed. Also says how
/// the version was chosen.
pub fn which_version(
    project: &Project,
    option: Option<&str>,
    url: Option<&str>,
) -> Result<(GraphVersion, &'static str), String> {
    if let Some(name) = option {
        return Ok((project.version(name)?, "named by --version"));
    }
    let versions = project.versions()?;
    if let Some(url) = url {
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let segment = path.trim_end_matches('/').rsplit('/').nth(1).unwrap_or_default();
        if let Some(version) = versions.iter().find(|v| v.name == segment) {
            return Ok((version.clone(), "from the URL's path"));
        }
    }
    match versions.as_slice() {
        [only] => Ok((only.clone(), "the only version in metadata/")),
        _ => {
            let names: Vec<&str> = versions.iter().map(|v| v.name.as_str()).collect();
            Err(format!(
                "which Graph version is this document? Say it with --version ({}): a CSDL document does not \
                 name its version{}",
                names.join(" or "),
                if url.is_some() { ", and the URL's path names none of them" } else { "" }
            ))
        }
    }
}

/// Reads, resolves and selects. What the resolver read past (outside the
/// slice, or it would have been an error) is printed as located warnings.
pub fn select_from(name: &str, bytes: &[u8], settings: &SliceSettings) -> Result<(Model, Slice), String> {
    let model = read_model(name, bytes)?;
    let slice = select(&model, &settings.selection).map_err(|e| e.to_string())?;
    Ok((model, slice))
}

/// Reads and resolves a document, printing what the resolver read past as located warnings.
pub fn read_model(name: &str, bytes: &[u8]) -> Result<Model, String> {
    let model = Model::from_bytes(name, bytes).map_err(|e| e.to_string())?;
    const SHOWN: usize = 20;
    for warning in model.warnings.iter().take(SHOWN) {
        eprintln!("{warning}");
    }
    if model.warnings.len() > SHOWN {
        eprintln!("... and {} more warnings", model.warnings.len() - SHOWN);
    }
    Ok(model)
}

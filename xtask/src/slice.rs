//! `cargo xtask slice --from FILE`: select the slice and write it to `metadata/`.

use std::path::Path;

use codegen::model::Model;
use codegen::select::{select, Slice, SliceSettings};

use crate::project::Project;
use crate::regen::write_atomically;

pub fn run(project: &Project, from: &Path) -> Result<(), String> {
    let bytes = read_input(from)?;
    let settings = read_settings(project)?;
    let (model, slice) = select_from(&display_name(from), &bytes, &settings)?;
    let text = codegen::write_csdl::write_slice(&model, &slice, &source_name(from));
    let target = project.slice_document();
    write_atomically(&target, &text)?;
    println!("wrote {} ({} types, {} operations)", target.display(), slice.types.len(), slice.operations.len());
    Ok(())
}

/// Reads a document from a file, or from standard input for `-`.
pub fn read_input(from: &Path) -> Result<Vec<u8>, String> {
    if from == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))
}

/// The name used in error locations.
pub fn display_name(from: &Path) -> String {
    if from == Path::new("-") {
        "<standard input>".to_owned()
    } else {
        from.display().to_string()
    }
}

/// The name recorded in the slice's header: a file name, never a machine's path.
pub fn source_name(from: &Path) -> String {
    match from.file_name() {
        Some(name) if from != Path::new("-") => name.to_string_lossy().into_owned(),
        _ => "standard input".to_owned(),
    }
}

pub fn read_settings(project: &Project) -> Result<SliceSettings, String> {
    let path = project.slice_settings();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    SliceSettings::from_toml("metadata/slice.toml", &text).map_err(|e| e.to_string())
}

/// Reads, resolves and selects. What the resolver read past (outside the
/// slice, or it would have been an error) is printed as located warnings.
pub fn select_from(name: &str, bytes: &[u8], settings: &SliceSettings) -> Result<(Model, Slice), String> {
    let model = Model::from_bytes(name, bytes).map_err(|e| e.to_string())?;
    const SHOWN: usize = 20;
    for warning in model.warnings.iter().take(SHOWN) {
        eprintln!("{warning}");
    }
    if model.warnings.len() > SHOWN {
        eprintln!("... and {} more warnings", model.warnings.len() - SHOWN);
    }
    let slice = select(&model, settings).map_err(|e| e.to_string())?;
    Ok((model, slice))
}

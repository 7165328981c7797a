//! `cargo xtask slice --from FILE`: select the slice and write it to `metadata/`.

use std::path::Path;

use codegen::model::Model;
use codegen::select::{select, SliceSettings};

use crate::project;

pub fn run(from: &Path) -> Result<(), String> {
    let text = take_slice(from)?;
    let target = project::slice_document();
    std::fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}

/// Reads a full document and returns the slice's CSDL text.
pub fn take_slice(from: &Path) -> Result<String, String> {
    let bytes = std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let model = Model::from_bytes(&from.display().to_string(), &bytes).map_err(|e| e.to_string())?;
    let settings_path = project::slice_settings();
    let settings =
        std::fs::read_to_string(&settings_path).map_err(|e| format!("cannot read {}: {e}", settings_path.display()))?;
    let settings =
        SliceSettings::from_toml(&settings_path.display().to_string(), &settings).map_err(|e| e.to_string())?;
    let slice = select(&model, &settings).map_err(|e| e.to_string())?;
    let source = from.file_name().map_or_else(|| "standard input".into(), |n| n.to_string_lossy().into_owned());
    Ok(codegen::write_csdl::write_slice(&model, &slice, &source))
}

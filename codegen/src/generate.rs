//! The whole pipeline from a slice to the generated crate's files.

use crate::emit::{self, Files};
use crate::ir;
use crate::model::Model;
use crate::select::{Slice, SliceSettings};

/// Generates every generated file of the crate from a selected model.
pub fn generate(model: &Model, slice: &Slice, settings: &SliceSettings, source: &str) -> Result<Files, String> {
    let models = ir::lower(model, slice, settings).map_err(|e| e.to_string())?;
    let mut files = emit::model_files(&models, source).map_err(|e| e.to_string())?;
    let reexported = emit::reexported_module(&models).map(str::to_owned);
    drop(models);
    // Paths start at anchors, or (a whole document) at entity sets and singletons.
    let has_entry = model.containers.iter().any(|c| !c.entity_sets.is_empty() || !c.singletons.is_empty());
    if !slice.anchors.is_empty() || has_entry {
        let paths = crate::paths::lower(model, slice, settings).map_err(|e| e.to_string())?;
        files.extend(emit::path_files(&paths, reexported.as_deref(), source).map_err(|e| e.to_string())?);
    }
    Ok(files)
}

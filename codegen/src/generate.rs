//! The whole pipeline from a slice to the generated crate's files.

use crate::emit::{self, Files};
use crate::ir;
use crate::model::Model;
use crate::select::{Slice, SliceSettings};

/// Generates every generated file of the crate from a selected model.
pub fn generate(model: &Model, slice: &Slice, settings: &SliceSettings, source: &str) -> Result<Files, String> {
    let models = ir::lower(model, slice, settings).map_err(|e| e.to_string())?;
    emit::model_files(&models, source).map_err(|e| e.to_string())
}

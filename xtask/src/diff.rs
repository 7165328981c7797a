//! `cargo xtask diff OLD NEW [--version V]`: the schema-change report between
//! two documents, each selected with one version's slice settings.

use std::path::Path;

use codegen::diff::compare;
use codegen::select::select_present;

use crate::files::{display_name, read_input};
use crate::project::Project;
use crate::slice::{read_model, read_settings, select_from, which_version};

/// `cargo xtask diff OLD NEW [--version V]`: the schema-change report, writing nothing.
pub fn run(project: &Project, old: &Path, new: &Path, version: Option<&str>) -> Result<(), String> {
    let (version, _) = which_version(project, version, None)?;
    let settings = read_settings(project, &version)?;
    // What the settings name and the older document lacks is new to it, not an error.
    let old_model = read_model(&display_name(old), &read_input(old)?)?;
    let old_slice = select_present(&old_model, &settings.selection).map_err(|e| e.to_string())?;
    let (new_model, new_slice) = select_from(&display_name(new), &read_input(new)?, &settings)?;
    print!("{}", compare((&old_model, &old_slice), (&new_model, &new_slice)).to_text());
    Ok(())
}

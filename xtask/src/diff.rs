//! `cargo xtask diff OLD NEW [--version V]`: the schema-change report between
//! two documents, each selected with one version's slice settings.

use std::path::Path;

use codegen::diff::compare;

use crate::files::{display_name, read_input};
use crate::project::Project;
use crate::slice::{read_settings, select_from, which_version};

/// `cargo xtask diff OLD NEW [--version V]`: the schema-change report, writing nothing.
pub fn run(project: &Project, old: &Path, new: &Path, version: Option<&str>) -> Result<(), String> {
    let (version, _) = which_version(project, version, None)?;
    let settings = read_settings(project, &version)?;
    let (old_model, old_slice) = select_from(&display_name(old), &read_input(old)?, &settings)?;
    let (new_model, new_slice) = select_from(&display_name(new), &read_input(new)?, &settings)?;
    print!("{}", compare((&old_model, &old_slice), (&new_model, &new_slice)).to_text());
    Ok(())
}

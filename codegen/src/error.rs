//! The generator's error: one variant per stage of the pipeline, each with
//! the stage's own error type: a `file:line:column` in the CSDL
//! ([`csdl::Error`]) or in `slice.toml` ([`settings::SettingsError`],
//! [`select::SelectError`]), the CSDL name a lowering error is about
//! ([`ir::LowerError`]), the generated file and line ([`emit::EmitError`]).

use crate::{csdl, emit, ir, select, settings};

/// What stopped the pipeline, by stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or resolving the CSDL: where in the document, and what.
    #[error(transparent)]
    Csdl(#[from] csdl::Error),
    /// Slice settings that cannot be read, or a generation setting that
    /// names something the document does not have (at the setting).
    #[error(transparent)]
    Settings(#[from] settings::SettingsError),
    /// A selection setting that names something the document does not have.
    #[error(transparent)]
    Select(#[from] select::SelectError),
    /// Something the generator cannot turn into Rust (a setting it cannot
    /// apply, a name that cannot be one).
    #[error(transparent)]
    Lower(#[from] ir::LowerError),
    /// A generated file that is not valid Rust or fails its audit: a bug in the generator.
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
}

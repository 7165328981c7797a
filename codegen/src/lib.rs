//! The generator behind the `graph-sync` crate.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! CSDL bytes ──csdl::read──> csdl::Document ──Model::resolve──> model::Model
//!   ──select::select──> select::Slice ──ir::lower, ir::paths::lower──> ir::ModelsIr, ir::paths::PathsIr
//!   ──emit──> files
//! ```
//!
//! * [`csdl`] reads OData CSDL XML into a lossless, unresolved [`csdl::Document`]
//!   (names as written, a byte offset for every element).
//! * [`model`] resolves it: qualified names and aliases, `Collection(...)`,
//!   primitive types, base-type chains, derived types, bound operations and
//!   annotations attached to their targets.
//! * [`settings`] reads the slice settings in `metadata/`: what is selected,
//!   and how it is generated (resolved against the model once, each setting
//!   that names nothing an error at its `slice.toml:line:column`).
//! * [`select`] takes the synchronization slice the selection settings name;
//!   [`write_csdl`] writes it as a self-contained CSDL document.
//! * [`naming`] turns CSDL names into Rust names; [`ir`] decides every Rust
//!   type, name, boxed edge, path and doc; [`emit`] spells the IR as
//!   formatted Rust and takes no decision of its own.

pub mod csdl;
pub mod diff;
pub mod emit;
mod error;
pub mod generate;
pub mod ir;
pub mod model;
pub mod naming;
pub mod select;
pub mod settings;
pub mod write_csdl;

pub use csdl::{ErrorKind, Location};
pub use error::Error;

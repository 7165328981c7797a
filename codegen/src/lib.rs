//! The generator behind the `graph-sync` crate.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! CSDL bytes ──csdl::read──> csdl::Document ──model::Model::resolve──> model::Model
//! ```
//!
//! * [`csdl`] reads OData CSDL XML into a lossless, unresolved [`csdl::Document`]
//!   (names as written, a byte offset for every element).
//! * [`model`] resolves it: qualified names and aliases, `Collection(...)`,
//!   primitive types, base-type chains, derived types, bound operations and
//!   annotations attached to their targets.

pub mod csdl;
pub mod model;
pub mod select;
pub mod write_csdl;

pub use csdl::{Error, ErrorKind, Location};

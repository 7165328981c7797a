//! The intermediate representation: every decision about the generated code
//! is taken here, so that [`crate::emit`] only spells tokens.
//!
//! * [`models`]: the Rust type of every property, names of types, fields,
//!   variants and setters (claimed in their own scopes), which edges are boxed
//!   to break cycles, serde renames, docs wording, the module re-exported from
//!   `models`.
//! * [`paths`]: the request builders: nodes reached from the anchors, their
//!   navigation, item and operation methods, which verbs each node allows (and
//!   why), the version's entry type, and docs wording.
//! * [`service`]: what the service does that its metadata cannot say (the
//!   settings' special cases), applied to both in one step after them.

pub mod models;
pub mod paths;
pub mod service;

pub use models::*;

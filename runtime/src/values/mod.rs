//! Layer 1, values: what the other layers pass around and nothing else
//! (the tri-state `Field`, lossless primitives, open enums
//! and flags, typed ids, errors and their redaction, clouds, token
//! providers, the markers a request carries, the provisioning outcome).
//! It imports no other layer.

pub(crate) mod cloud;
pub mod enums;
pub(crate) mod error;
pub(crate) mod field;
pub(crate) mod id;
pub(crate) mod literal;
pub(crate) mod markers;
pub(crate) mod model;
pub(crate) mod polymorphic;
pub(crate) mod primitives;
pub mod provisioning;
pub(crate) mod redact;
pub(crate) mod token;

/// What `Debug` prints instead of a secret.
pub const REDACTED: &str = "<redacted>";

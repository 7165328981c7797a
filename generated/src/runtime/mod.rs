//! Hand-written support for the generated code: the HTTP [`Client`], requests
//! built without I/O, errors, paging, the tri-state [`Field`], lossless
//! primitive types, open enums and flags sets.
//!
//! Everything here is written by hand and serves every Graph version; the
//! versions' `models` and `paths` (`crate::v1`, `crate::beta`) are generated.

mod action;
#[cfg(feature = "azure-identity")]
mod azure;
#[cfg(feature = "client")]
mod batch;
mod client;
mod cloud;
pub mod enums;
mod error;
mod field;
mod id;
#[cfg(feature = "client")]
mod listing;
#[cfg(feature = "client")]
pub mod pacing;
mod paging;
mod polymorphic;
mod primitives;
mod redact;
mod request;
mod resource;
pub mod scim;
#[cfg(feature = "client")]
mod transport;

pub use action::Action;
#[cfg(feature = "azure-identity")]
pub use azure::AzureIdentity;
#[cfg(feature = "client")]
pub use batch::{Batch, BatchResults, BatchSlot, MAX_BATCH_REQUESTS};
pub use client::{Client, ClientBuilder, StaticToken, TokenFuture, TokenProvider, USER_AGENT};
pub use cloud::Cloud;
pub use enums::{deserialize_enum, serialize_enum, Flags, OpenEnum};
pub use error::{Error, GraphError, InnerError, MAX_ERROR_TEXT};
pub use field::Field;
pub use id::Id;
#[cfg(feature = "client")]
pub use listing::{Items, Pager};
#[cfg(feature = "client")]
pub use pacing::Rate;
pub use paging::{ListRequest, Page};
pub use polymorphic::{decode_polymorphic, decode_variant, into_base};
pub use primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, InvalidValue, Single, TimeOfDay,
};
pub use request::{
    check_service_url, encode_segment, key_segment, path_segment, url_literal, ActionBody, Bytes, Json, NoContent,
    Operation, PathTemplate, Request, Response, ResponseKind, Value, Values,
};
pub use resource::Resource;

/// What `Debug` prints instead of a secret.
pub const REDACTED: &str = "<redacted>";

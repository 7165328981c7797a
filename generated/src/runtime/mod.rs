//! Hand-written support for the generated code: the HTTP [`Client`], requests
//! built without I/O, errors, paging, the tri-state [`Field`], lossless
//! primitive types, open enums and flags sets.
//!
//! Everything here is written by hand; `models` and `paths` are generated.

mod action;
mod client;
pub mod enums;
mod error;
mod field;
mod id;
mod paging;
mod polymorphic;
mod primitives;
mod request;
mod resource;

pub use action::Action;
pub use client::{Client, ClientBuilder, StaticToken, TokenFuture, TokenProvider, GRAPH_BETA};
pub use enums::{deserialize_enum, serialize_enum, Flags, OpenEnum};
pub use error::{Error, GraphError, InnerError};
pub use field::Field;
pub use id::Id;
pub use paging::{Items, ListRequest, Page, Pager};
pub use polymorphic::{decode_polymorphic, decode_variant};
pub use primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, InvalidValue, Single, TimeOfDay,
};
pub use request::{
    encode_segment, key_segment, path_segment, url_literal, ActionBody, Bytes, Json, NoContent, Request, Response,
    ResponseKind, Value, Values,
};
pub use resource::Resource;

/// What `Debug` prints instead of a secret.
pub const REDACTED: &str = "<redacted>";

//! The hand-written runtime of graph-sync: what the generated models and
//! request builders of every Graph version stand on, and what sends them.
//! Everything here is written by hand and serves every Graph version (and
//! every crate the generator writes: graph-sync, and the scratch crates of
//! `cargo xtask scale-check` and `corpus-check`); graph-sync re-exports it as
//! `graph_sync::runtime`, which is where its documentation is read. The
//! versions' `models` and `paths` (`graph_sync::v1`, `graph_sync::beta`) are
//! generated.
//!
//! Its features are graph-sync's of the same names: `client` (default),
//! `azure-identity`, `tracing` and `csv`. The fake Graph service of
//! graph-sync's `testing` feature is a crate of its own (`graph-sync-fake`,
//! `fake-graph/`) that stands on this one's public API.
//!
//! It is built in three layers, each a module that imports only the layers
//! below it (`tests/tests/layers.rs` reads the `use` lines and fails on an
//! import that points up or a cycle):
//!
//! 1. `values`: fields, primitives, enums, ids, errors and their redaction,
//!    clouds, token providers, the markers a request carries, the
//!    provisioning outcome, values as OData literals ([`UrlLiteral`]). No I/O.
//! 2. `requests`: requests without I/O: the [`Handle`] a request holds,
//!    resources, requests, actions, listings and pages, `$filter`
//!    expressions ([`query::FilterExpression`], and the typed [`Property`] and
//!    [`Where`] over it), SCIM bulk uploads, each to an `http::Request` and
//!    from an `http::Response`; the limits Graph documents (rates, daily
//!    budgets); inbound provisioning's checks and its logs read back into
//!    one outcome per record, and HR files read into SCIM users (`csv`). With
//!    `default-features = false`, this is all there is: no HTTP client and
//!    no async runtime in the dependency tree.
//! 3. `send` (the `client` feature): the transport on reqwest and tokio,
//!    retries, timeouts, pacing and budgets, `send`, paging as a `Stream`,
//!    batches, uploads of any number of users and the wait for their results.

// On docs.rs, each item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub(crate) mod requests;
pub(crate) mod send;
pub(crate) mod values;

pub use requests::action::ActionRequest;
pub use requests::handle::{Builder, Handle, USER_AGENT};
pub use requests::page::Page;
pub use requests::paging::ListRequest;
pub use requests::query;
pub use requests::rate::{
    BucketFullPolicy, Budget, BudgetSnapshot, Rate, BULK_UPLOAD, BULK_UPLOAD_DAILY_GOVERNANCE, BULK_UPLOAD_DAILY_P1,
    BULK_UPLOAD_REFERENCE_PAGE, PROVISION_ON_DEMAND,
};
pub use requests::request::{
    check_service_url, encode_segment, key_segment, path_segment, url_literal, ActionBody, Bytes, Count, Json,
    NoContent, Request, Response, ResponseKind, Value, Values,
};
pub use requests::resource::Resource;
pub use requests::scim;
pub use requests::typed::{Collection, Each, Expand, Matches, Navigation, Order, Property, Selectable, Where};
#[cfg(feature = "azure-identity")]
pub use send::azure::AzureIdentity;
#[cfg(feature = "client")]
pub use send::batch::{Batch, BatchResults, BatchSlot, MAX_BATCH_REQUESTS};
#[cfg(feature = "client")]
pub use send::listing::{Items, Pager};
#[cfg(feature = "client")]
pub use send::pacing;
pub use values::cloud::Cloud;
pub use values::enums::{Flags, OpenEnum};
pub use values::error::{Error, GraphError, InnerError, BUCKET_FULL_ADVICE, MAX_ERROR_TEXT};
pub use values::field::{Field, IntoField};
pub use values::id::Id;
pub use values::literal::UrlLiteral;
pub use values::markers::{CallSettings, Operation, PathTemplate, Repeatable};
pub use values::primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, InvalidValue, Single, TimeOfDay,
};
pub use values::provisioning;
pub use values::token::{StaticToken, TokenFuture, TokenProvider};
pub use values::REDACTED;

/// API-driven inbound provisioning beyond one request: checks before
/// sending, any number of users uploaded within the service's limits
/// (`Uploader`, with the `client` feature), and each record's result read
/// back from the provisioning logs.
pub mod inbound {
    pub use crate::requests::inbound::*;
    #[cfg(feature = "client")]
    pub use crate::send::inbound::*;

    /// From HR files to SCIM users (the `csv` feature).
    #[cfg(feature = "csv")]
    pub mod csv {
        pub use crate::requests::hr_file::*;
    }
}

/// The interface the generated code stands on, and users never call: the
/// table-driven serde engine of the generated structs and enums (`Model`,
/// `Slot`, `Wire` and the functions their impls call), the decoding of
/// polymorphic values, and what the code that `define_action_type!` writes
/// names, for a crate that does not depend on these itself. Hidden, and
/// free to change in any release: progenitor-client keeps its codegen-only
/// items the same way.
#[doc(hidden)]
pub mod __private {
    pub use http;
    pub use serde::Serialize;

    pub use crate::values::enums::serialize_enum;
    pub use crate::values::model::{
        decode_enum, decode_model, decode_whole, deserialize_enum, deserialize_model, serialize_model, Elements,
        Encoded, List, Model, Refusal, Scalar, Slot, Wire,
    };
    pub use crate::values::polymorphic::{decode_polymorphic, decode_variant, into_base};
}

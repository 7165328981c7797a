//! Layer 2, requests without I/O: the [`Handle`](crate::Handle) a request
//! holds, resources and their paths, requests and actions, listings and
//! pages as data, SCIM bulk uploads; each becomes an `http::Request` and
//! decodes an `http::Response`. It imports only `values`, and
//! reaches the sending layer through the `Transport` it carries, never by name.

pub(crate) mod action;
pub(crate) mod handle;
#[cfg(feature = "csv")]
pub(crate) mod hr_file;
pub(crate) mod inbound;
pub(crate) mod options;
pub(crate) mod page;
pub(crate) mod paging;
pub(crate) mod path;
pub mod query;
pub(crate) mod rate;
pub(crate) mod request;
pub(crate) mod resource;
pub mod scim;
pub(crate) mod typed;

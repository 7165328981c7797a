//! Layer 3, sending (the `client` feature; sign-in with `azure-identity`):
//! the transport (reqwest, the token on each attempt, retries, timeouts,
//! redirects, the body limit), pacing, `send` on what the request layer
//! built, paging as a `Stream`, and batches with their rounds. It imports
//! `values` and `requests`.

#[cfg(feature = "azure-identity")]
pub(crate) mod azure;
#[cfg(feature = "client")]
pub(crate) mod batch;
#[cfg(feature = "client")]
pub(crate) mod calls;
#[cfg(feature = "client")]
pub(crate) mod inbound;
#[cfg(feature = "client")]
pub(crate) mod listing;
#[cfg(feature = "client")]
pub mod pacing;
#[cfg(feature = "client")]
pub(crate) mod transport;

/// Without the `client` feature, a generated crate's `Action` is not sent
/// here ([`define_action_type!`](crate::define_action_type)): nothing to add.
#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __action_sending {
    () => {};
}

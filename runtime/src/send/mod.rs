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

/// How far ahead "never" is: a setting at its limit (`Duration::MAX` as a
/// timeout, a `Retry-After` of 10^19 seconds) means a time this far off,
/// which no clock type overflows on.
#[cfg(feature = "client")]
const NEVER: std::time::Duration = std::time::Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// `at + by`, or [`NEVER`] from `at` when that does not fit.
#[cfg(feature = "client")]
pub(crate) fn later(at: tokio::time::Instant, by: std::time::Duration) -> tokio::time::Instant {
    at.checked_add(by).unwrap_or_else(|| at + NEVER)
}

/// `at + by` on the wall clock, or [`NEVER`] from `at` when that does not fit.
#[cfg(feature = "client")]
pub(crate) fn later_on_the_wall(at: std::time::SystemTime, by: std::time::Duration) -> std::time::SystemTime {
    at.checked_add(by).unwrap_or_else(|| at + NEVER)
}

/// Without the `client` feature, a generated crate's `Action` is not sent
/// here ([`define_action_type!`](crate::define_action_type)): nothing to add.
#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __action_sending {
    () => {};
}

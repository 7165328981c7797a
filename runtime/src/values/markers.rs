//! What a request carries in the extensions of its `http::Request`, for the
//! layers that send it: the operation it calls, its path template, and
//! whether it may be repeated. Set by the request layer, read by the sending
//! layer (and by an HTTP stack of your own).

/// The name of the bound action or function a request calls
/// (`provisionOnDemand`), carried in the extensions of the `http::Request`
/// that `Request::to_http` builds: the client paces by it, and so can an
/// HTTP stack of your own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation(pub String);

/// The path of a request with `{id}` in place of each id
/// (`/servicePrincipals/{id}/synchronization/jobs/{id}/start`), carried in
/// the extensions of the `http::Request` that `Request::to_http` builds:
/// what diagnostics name, without the ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate(pub String);

/// Marks an `http::Request` as safe to repeat (a `$batch` of reads only):
/// the client retries its `503` and `504` answers as it does a `GET`'s.
#[derive(Debug, Clone, Copy)]
pub struct Repeatable;

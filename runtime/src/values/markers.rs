//! What a request carries in the extensions of its `http::Request`, for the
//! layers that send it: the operation it calls, its path template, whether
//! it may be repeated, and the settings of this one call. Set by the request layer, read by the sending
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

/// The settings of one call that replace the client's for it: how long the
/// call with its retries may take, how long one attempt may take, how many
/// times it is retried and the longest wait before a retry. Set with
/// `settings` on a request, a listing (every page), a batch or a bulk
/// upload; carried in the extensions of the `http::Request` that
/// `Request::to_http` builds, where the client's transport reads them.
/// Pacing stays the client's (`ClientBuilder::pace`, `unpaced`): one call
/// that skipped the queue would break the window every other call keeps.
///
/// ```
/// use std::time::Duration;
/// use graph_sync::runtime::CallSettings;
///
/// // One long upload: ten minutes in all, and not retried.
/// let settings = CallSettings::new().call_timeout(Duration::from_secs(600)).max_retries(0);
/// # let _ = settings;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallSettings {
    /// The call with its retries (the client's `call_timeout`).
    pub call_timeout: Option<std::time::Duration>,
    /// One attempt (the client's `request_timeout`).
    pub request_timeout: Option<std::time::Duration>,
    /// Retries after `429`, `503`, `504` (the client's `max_retries`).
    pub max_retries: Option<u32>,
    /// The longest wait before a retry (the client's `max_retry_delay`).
    pub max_retry_delay: Option<std::time::Duration>,
}

impl CallSettings {
    /// No setting of its own: the client's, all of them.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long the call with its retries may take.
    pub fn call_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take.
    pub fn request_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// How many times the call is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The longest wait before a retry.
    pub fn max_retry_delay(mut self, delay: std::time::Duration) -> Self {
        self.max_retry_delay = Some(delay);
        self
    }
}

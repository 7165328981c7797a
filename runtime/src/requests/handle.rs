//! The handle every request holds: where requests go (the cloud and service
//! root), the token provider, the limits every call keeps and the rates
//! calls are paced to. Sending is the sending layer's (`send`, the `client`
//! feature), which this layer reaches only through [`Transport`].

#[cfg(feature = "client")]
use std::collections::HashMap;
use std::fmt;
#[cfg(feature = "client")]
use std::future::Future;
use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::pin::Pin;
use std::sync::Arc;
#[cfg(feature = "client")]
use std::sync::OnceLock;
use std::time::Duration;

#[cfg(feature = "client")]
use crate::requests::rate::{self, Budget, BudgetSnapshot, Rate};
use crate::values::cloud::Cloud;
use crate::values::error::Error;
#[cfg(feature = "client")]
use crate::values::markers::Operation;
use crate::values::token::{TokenFuture, TokenProvider};

/// What the sending layer's futures are, seen from here.
#[cfg(feature = "client")]
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What sends a handle's requests: the sending layer's connection pool,
/// retries and pacer (`send::transport`), built by that layer the first time
/// the handle sends. This layer only carries it, so that requests, which
/// hold a handle, need nothing of the layer above.
#[cfg(feature = "client")]
pub(crate) trait Transport: Send + Sync {
    /// One call under the handle's policy: the token, retries, timeouts and the body limit.
    fn execute<'a>(
        &'a self,
        handle: &'a Handle,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'a, Result<http::Response<Vec<u8>>, Error>>;

    /// Takes a turn for one request of `operation` inside a `$batch`: refused
    /// when its daily budget is spent, else once its rate lets it go. The turn
    /// counts from then: a batch is answered only once all its items have
    /// theirs, so none can be held until its answer.
    fn pace<'a>(&'a self, operation: Option<&'a Operation>) -> BoxFuture<'a, Result<(), Error>>;

    /// What `operation`'s daily budget has spent, if it has one.
    fn budget_snapshot(&self, operation: &str) -> Option<BudgetSnapshot>;

    /// How many calls `operation`'s daily budget has left, if it has one.
    fn budget_remaining(&self, operation: &str) -> Option<u32>;
}

/// What every request sends as `User-Agent` by default: the crate and its
/// version. [`ClientBuilder::application_id`](crate::Builder::application_id) puts the application's name
/// before it; [`ClientBuilder::user_agent`](crate::Builder::user_agent) replaces it.
pub const USER_AGENT: &str = concat!("graph-sync/", env!("CARGO_PKG_VERSION"));

/// What a client is made of, and what every request holds: the service root
/// and API version, the token provider, the limits and pacing, and (once it
/// has sent) the sending layer's connection pool. Cheap to clone: the state
/// is shared. A `graph_sync::Client` is one, with each Graph version's entry
/// point (`client.v1()`); everything here is reached from it too.
///
/// ```
/// use graph_sync::runtime::{Handle, StaticToken};
///
/// let handle = Handle::builder(StaticToken::new("token")).root("http://127.0.0.1:8080/").build();
/// assert_eq!(handle.root(), "http://127.0.0.1:8080");
/// assert_eq!(handle.at_version("v1.0").base_url(), "http://127.0.0.1:8080/v1.0");
/// ```
#[derive(Clone)]
pub struct Handle {
    pub(crate) inner: Arc<Inner>,
    /// The service root, followed by the API version once one is chosen
    /// (`client.v1()`): what request paths are appended to.
    base_url: Arc<str>,
}

pub(crate) struct Inner {
    /// The service root, without an API version.
    pub(crate) root: String,
    pub(crate) cloud: Cloud,
    pub(crate) scope: String,
    pub(crate) token: Box<dyn TokenProvider>,
    pub(crate) limits: Limits,
    /// The `User-Agent` of every request, or why the one asked for is not a header value.
    pub(crate) user_agent: Result<http::HeaderValue, String>,
    /// Whether every request asks for evolvable enums' newer members
    /// (`Prefer: include-unknown-enum-members`).
    pub(crate) unknown_enum_members: bool,
    /// The sending layer's settings.
    #[cfg(feature = "client")]
    pub(crate) sending: Sending,
    /// The sending layer's transport, once the handle has sent.
    #[cfg(feature = "client")]
    pub(crate) transport: OnceLock<Arc<dyn Transport>>,
}

/// The settings of the sending layer that a builder gathers and a handle
/// keeps: the rates and daily budgets Graph documents (and what an earlier
/// run spent of a budget), what a bulk upload does when the job's queue is
/// full, and the caller's reqwest client
/// ([`ClientBuilder::http_client`](crate::Builder::http_client)), which the
/// sending layer builds its transport on instead of its own.
#[cfg(feature = "client")]
pub(crate) struct Sending {
    pub(crate) rates: HashMap<String, Rate>,
    pub(crate) budgets: HashMap<String, Budget>,
    pub(crate) restored: Vec<BudgetSnapshot>,
    pub(crate) bucket_full: rate::BucketFullPolicy,
    pub(crate) http: Option<reqwest::Client>,
}

#[cfg(feature = "client")]
impl Sending {
    /// Graph's documented rates and budgets, the other settings at their defaults.
    fn documented() -> Self {
        Self {
            rates: rate::documented_rates(),
            budgets: rate::documented_budgets(),
            restored: Vec::new(),
            bucket_full: rate::BucketFullPolicy::default(),
            http: None,
        }
    }
}

/// The settings of a [`Handle`] that bound what a call may do.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) max_retries: u32,
    pub(crate) max_retry_delay: Duration,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) call_timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_pages: usize,
}

#[cfg(feature = "client")]
impl Limits {
    /// These limits with one call's `settings` in place of them.
    pub(crate) fn with(&self, settings: &crate::values::markers::CallSettings) -> Limits {
        Limits {
            call_timeout: settings.call_timeout.unwrap_or(self.call_timeout),
            request_timeout: settings.request_timeout.unwrap_or(self.request_timeout),
            max_retries: settings.max_retries.unwrap_or(self.max_retries),
            max_retry_delay: settings.max_retry_delay.unwrap_or(self.max_retry_delay),
            ..self.clone()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_retry_delay: Duration::from_secs(60),
            retry_non_idempotent: false,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(100),
            call_timeout: Duration::from_secs(300),
            max_response_bytes: 64 * 1024 * 1024,
            max_pages: 10_000,
        }
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("base_url", &self.base_url)
            .field("scope", &self.inner.scope)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Handle {
    /// A handle for the global Graph service with the default settings.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Self::builder(token).build()
    }

    /// A builder to pick the cloud or a service root (a test server), the
    /// timeouts, the limits, the retry policy and pacing.
    pub fn builder(token: impl TokenProvider + 'static) -> Builder<Handle> {
        Builder::new(token)
    }

    /// The service root, without an API version or a trailing `/`
    /// (`https://graph.microsoft.com`).
    pub fn root(&self) -> &str {
        &self.inner.root
    }

    /// The URL request paths are appended to: the service root and the API
    /// version of the entry point the request was built from
    /// (`client.v1()` gives `https://graph.microsoft.com/v1.0`); the service
    /// root alone before a version is chosen.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// This handle rooted at API version `version` (`beta`, `v1.0`): the one
    /// connection pool, token provider, limits and pacing, shared. What a
    /// version's entry point (`client.v1()`) is built on.
    pub fn at_version(&self, version: &str) -> Handle {
        Handle { inner: self.inner.clone(), base_url: format!("{}/{version}", self.inner.root).into() }
    }

    /// The most pages a listing follows.
    #[cfg(feature = "client")]
    pub(crate) fn max_pages(&self) -> usize {
        self.inner.limits.max_pages
    }

    /// The sending layer's transport, built by `make` the first time.
    #[cfg(feature = "client")]
    pub(crate) fn transport(&self, make: impl FnOnce(&Handle) -> Arc<dyn Transport>) -> &dyn Transport {
        self.inner.transport.get_or_init(|| make(self)).as_ref()
    }

    /// The cloud the client talks to (its service root may still be set apart).
    pub fn cloud(&self) -> &Cloud {
        &self.inner.cloud
    }

    /// The scope the client asks its token provider for: the cloud's
    /// (`https://graph.microsoft.com/.default` in the global cloud).
    pub fn scope(&self) -> &str {
        &self.inner.scope
    }

    /// The `User-Agent` every request sends (see [`USER_AGENT`]).
    /// Whether every request asks for evolvable enums' newer members.
    pub(crate) fn includes_unknown_enum_members(&self) -> bool {
        self.inner.unknown_enum_members
    }

    pub(crate) fn user_agent(&self) -> Result<&http::HeaderValue, Error> {
        self.inner.user_agent.as_ref().map_err(|problem| Error::Request(problem.clone()))
    }

    /// A token for the client's scope from its provider, for sending
    /// [`Request::to_http`](crate::Request::to_http)'s requests with an HTTP
    /// stack of your own (put it in `Authorization: Bearer {token}`).
    pub fn token(&self) -> TokenFuture<'_> {
        self.inner.token.token_for(&self.inner.scope)
    }
}

/// Builds a client (`graph_sync::Client::builder`) or a [`Handle`].
///
/// ```
/// use std::time::Duration;
/// use graph_sync::runtime::{Handle, StaticToken};
///
/// let handle = Handle::builder(StaticToken::new("token"))
///     .root("http://127.0.0.1:8080") // a test server
///     .max_retries(5)
///     .call_timeout(Duration::from_secs(600))
///     .build();
/// assert_eq!(handle.root(), "http://127.0.0.1:8080");
/// ```
///
/// It builds what `C` is made from a [`Handle`]: a `graph_sync::Client`
/// (as `graph_sync::ClientBuilder`, what `Client::builder` gives),
/// or a bare [`Handle`].
pub struct Builder<C = Handle> {
    root: Option<String>,
    cloud: Cloud,
    token: Box<dyn TokenProvider>,
    limits: Limits,
    user_agent: String,
    unknown_enum_members: bool,
    #[cfg(feature = "client")]
    pub(crate) sending: Sending,
    built: PhantomData<fn() -> C>,
}

impl<C: From<Handle>> Builder<C> {
    /// A builder with the default settings: the global cloud, the limits
    /// and retry policy of [`Handle`], Graph's documented rates.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Builder {
            root: None,
            cloud: Cloud::Global,
            token: Box::new(token),
            limits: Limits::default(),
            user_agent: USER_AGENT.to_owned(),
            unknown_enum_members: false,
            #[cfg(feature = "client")]
            sending: Sending::documented(),
            built: PhantomData,
        }
    }

    /// The Graph deployment: its service root and the token scope (default
    /// [`Cloud::Global`]).
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// A service root of its own, without the API version, e.g. a local test
    /// server (`http://127.0.0.1:8080`: `client.v1()` sends to
    /// `http://127.0.0.1:8080/v1.0/...`); the token scope stays the cloud's.
    pub fn root(mut self, root: impl Into<String>) -> Self {
        self.root = Some(root.into().trim_end_matches('/').to_owned());
        self
    }

    /// How many times a retryable answer is retried (default 3; see `graph_sync::Client`).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.limits.max_retries = retries;
        self
    }

    /// The longest wait between retries, whatever `Retry-After` asks (default 60 s).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.limits.max_retry_delay = delay;
        self
    }

    /// Also retry `503` and `504` answers to `POST` and `PATCH` requests
    /// (actions such as `provisionOnDemand`, `start` and `restart`, and
    /// creations), which the service may have executed before failing:
    /// turn it on only where doing the operation twice is harmless.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.limits.retry_non_idempotent = retry;
        self
    }

    /// How long connecting may take (default 10 s). Applies to the client's
    /// own HTTP client, not to one given with [`ClientBuilder::http_client`](crate::Builder::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the end of the body (default 100 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.limits.request_timeout = timeout;
        self
    }

    /// How long a whole call may take with its retries and waits (default 5 minutes).
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.limits.call_timeout = timeout;
        self
    }

    /// The largest response body accepted (default 64 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_response_bytes = bytes;
        self
    }

    /// The most pages a listing follows (default 10,000).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.limits.max_pages = pages;
        self
    }

    /// Names the application before the crate in the `User-Agent` every
    /// request sends (`contoso-hr/1.4` and then [`USER_AGENT`], which is
    /// `graph-sync/` and this crate's version), as the Azure SDKs'
    /// `application_id` does: the tenant's Graph activity logs and Microsoft
    /// support then tell this application's calls from others'. A value that
    /// is not valid in a header makes every request fail unsent
    /// ([`Error::Request`](crate::Error::Request)).
    pub fn application_id(mut self, product: &str) -> Self {
        self.user_agent = format!("{product} {}", self.user_agent);
        self
    }

    /// Replaces the whole `User-Agent` (by default [`USER_AGENT`],
    /// `graph-sync/{version}`). A value that is not valid in a header makes
    /// every request fail unsent ([`Error::Request`](crate::Error::Request)).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = value.into();
        self
    }

    /// Whether every request asks for the members Graph added to an
    /// evolvable enum after its `unknownFutureValue` (default no): with it,
    /// each request sends `Prefer: include-unknown-enum-members` (beside any
    /// other `Prefer` it has), and Graph answers those members by name;
    /// without it, Graph answers each of them as `unknownFutureValue`. The
    /// crate's enums are open, so a name they do not know is kept as it came
    /// (`from_wire`, `as_wire`): asking costs nothing but the change of what
    /// a field reads. Per request: `Request::include_unknown_enum_members`.
    /// (Microsoft Graph REST API Guidelines, "Evolvable enums".)
    pub fn include_unknown_enum_members(mut self, include: bool) -> Self {
        self.unknown_enum_members = include;
        self
    }

    pub fn build(self) -> C {
        let root = self.root.unwrap_or_else(|| self.cloud.root().to_owned());
        C::from(Handle {
            base_url: root.as_str().into(),
            inner: Arc::new(Inner {
                root,
                scope: self.cloud.scope(),
                cloud: self.cloud,
                token: self.token,
                limits: self.limits,
                user_agent: http::HeaderValue::try_from(self.user_agent.as_str())
                    .map_err(|_| format!("{:?} is not a valid User-Agent header value", self.user_agent)),
                unknown_enum_members: self.unknown_enum_members,
                #[cfg(feature = "client")]
                sending: self.sending,
                #[cfg(feature = "client")]
                transport: OnceLock::new(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::token::StaticToken;

    #[test]
    fn the_cloud_sets_root_and_scope_and_a_root_overrides_the_first() {
        let client = Handle::builder(StaticToken::new("t")).cloud(Cloud::UsGovernmentDod).build();
        assert_eq!(
            (client.root(), client.scope()),
            ("https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default")
        );
        let local = Handle::builder(StaticToken::new("t")).cloud(Cloud::China).root("http://127.0.0.1:1/").build();
        assert_eq!(
            (local.root(), local.scope()),
            ("http://127.0.0.1:1", "https://microsoftgraph.chinacloudapi.cn/.default")
        );
        assert_eq!(Handle::new(StaticToken::new("t")).root(), "https://graph.microsoft.com");
    }

    #[test]
    fn a_version_roots_a_client_that_shares_everything_else() {
        let client = Handle::builder(StaticToken::new("t")).root("http://127.0.0.1:1").build();
        let v1 = client.at_version("v1.0");
        assert_eq!((client.base_url(), v1.base_url()), ("http://127.0.0.1:1", "http://127.0.0.1:1/v1.0"));
        assert_eq!(v1.at_version("beta").base_url(), "http://127.0.0.1:1/beta");
        assert!(Arc::ptr_eq(&client.inner, &v1.inner), "one pool, token provider and pacer");
    }
}

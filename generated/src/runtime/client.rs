//! The client: where requests go (the cloud and service root), the token
//! provider, and the limits every call keeps. Sending is `transport.rs`'s
//! (the `client` feature).

#[cfg(feature = "client")]
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::cloud::Cloud;
#[cfg(feature = "client")]
use super::pacing::{self, Pacer, Rate};

/// What a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'a>>;

/// Supplies the bearer token for each request. Implement it over your identity
/// library; [`StaticToken`] serves a token obtained elsewhere.
///
/// The client asks for a token before every attempt of a call (a call with
/// retries can outlive a token), and calls [`TokenProvider::refresh`] once
/// when Graph answers `401 Unauthorized`.
///
/// ```
/// use graph_sync::runtime::{TokenFuture, TokenProvider};
/// use graph_sync::Client;
///
/// /// Reads the token from the environment at each call (a real provider
/// /// would ask an identity library, which caches and renews it).
/// struct FromEnvironment;
///
/// impl TokenProvider for FromEnvironment {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(std::env::var("GRAPH_TOKEN")?) })
///     }
/// }
///
/// let client = Client::new(FromEnvironment);
/// # let _ = client;
/// ```
pub trait TokenProvider: Send + Sync {
    /// A currently valid access token (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;

    /// A new token, after Graph refused the current one with `401`: a
    /// provider that caches tokens should bypass its cache here. By default,
    /// [`TokenProvider::token`] again.
    fn refresh(&self) -> TokenFuture<'_> {
        self.token()
    }

    /// A token for `scope`, the Graph scope of the client's [`Cloud`]
    /// (`https://graph.microsoft.com/.default` in the global cloud): what the
    /// client asks for. By default [`TokenProvider::token`], for a provider
    /// that serves tokens for one audience only.
    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        let _ = scope;
        self.token()
    }

    /// [`TokenProvider::refresh`] for `scope`; by default `refresh()`.
    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        let _ = scope;
        self.refresh()
    }
}

/// A provider shared between clients (or kept by the caller to look at).
impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn refresh(&self) -> TokenFuture<'_> {
        (**self).refresh()
    }

    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        (**self).token_for(scope)
    }

    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        (**self).refresh_for(scope)
    }
}

/// What every request sends as `User-Agent` by default: the crate and its
/// version. [`ClientBuilder::application_id`] puts the application's name
/// before it; [`ClientBuilder::user_agent`] replaces it.
pub const USER_AGENT: &str = concat!("graph-sync/", env!("CARGO_PKG_VERSION"));

/// A fixed access token. `Debug` does not print it.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&super::REDACTED).finish()
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// A Microsoft Graph client: cheap to clone (the state is shared).
///
/// ```no_run
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
/// let jobs = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs();
/// for job in jobs.list().all().await? {
///     println!("{}: {:?}", job.id.as_deref().unwrap_or("?"), job.status.value().and_then(|s| s.code.value()));
/// }
/// # Ok(())
/// # }
/// ```
///
/// What every call is guaranteed by default (each limit is a [`ClientBuilder`] setting):
///
/// * **Timeouts**: 10 s to connect, 100 s for each attempt, 5 minutes for a
///   whole call with its retries; a server that accepts and never answers
///   gives [`Error::Timeout`](super::Error::Timeout).
/// * **Limits**: response bodies of at most 64 MiB ([`Error::TooLarge`](super::Error::TooLarge));
///   what an error keeps of a body is at most 64 KiB; listing follows at
///   most 10,000 pages and stops at a repeated `@odata.nextLink`.
/// * **Retries**: `429` for any request (the service did not execute it);
///   `503` and `504` only for idempotent methods (`GET`, `HEAD`, `PUT`,
///   `DELETE`), since a `POST` or `PATCH` may have been executed
///   ([`ClientBuilder::retry_non_idempotent`] opts in); at most 3 retries,
///   waiting as `Retry-After` asks (seconds, fractions of seconds, or an HTTP
///   date; at most 60 s) or 1, 2, 4 s. A `401` is retried once with a
///   refreshed token.
/// * **Redirects**: followed only within the origin (scheme, host and port)
///   of the request; a redirect elsewhere is not followed, so neither the
///   token nor a body ever leaves the origin ([`Error::Redirect`](super::Error::Redirect)).
/// * **Batches**: a whole batch (`Batch::send`) keeps the call timeout with
///   its rounds and waits; what is unanswered at the deadline is a timeout.
/// * **Secrets**: the `Authorization` header is marked sensitive; `Debug` of
///   tokens, requests and action bodies never prints them, and errors of
///   requests that carry credentials have those values redacted in any
///   spelling (JSON escapes, percent-encoding, HTML references), before what
///   an error keeps is cut.
/// * **On the wire**: `User-Agent: graph-sync/{version}`
///   ([`ClientBuilder::application_id`]), and gzip-compressed answers
///   (the body limit counts the decompressed bytes).
#[derive(Clone)]
pub struct Client {
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
    #[cfg(feature = "client")]
    pub(crate) http: reqwest::Client,
    #[cfg(feature = "client")]
    pub(crate) pacer: Pacer,
}

/// The settings of a [`Client`] that bound what a call may do.
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("scope", &self.inner.scope)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the global Graph service with the default settings. The
    /// API version is chosen per call: `client.v1()` or `client.beta()`.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Self::builder(token).build()
    }

    /// A builder to pick the cloud or a service root (a test server), the
    /// timeouts, the limits, the retry policy and pacing.
    pub fn builder(token: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder {
            root: None,
            cloud: Cloud::Global,
            token: Box::new(token),
            limits: Limits::default(),
            user_agent: USER_AGENT.to_owned(),
            #[cfg(feature = "client")]
            http: None,
            #[cfg(feature = "client")]
            rates: pacing::documented_rates(),
        }
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

    /// This client rooted at API version `version` (`beta`, `v1.0`): the one
    /// connection pool, token provider, limits and pacing, shared.
    pub(crate) fn at_version(&self, version: &str) -> Client {
        Client { inner: self.inner.clone(), base_url: format!("{}/{version}", self.inner.root).into() }
    }

    /// The most pages a listing follows.
    #[cfg(feature = "client")]
    pub(crate) fn max_pages(&self) -> usize {
        self.inner.limits.max_pages
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
    pub(crate) fn user_agent(&self) -> Result<&http::HeaderValue, super::Error> {
        self.inner.user_agent.as_ref().map_err(|problem| super::Error::Request(problem.clone()))
    }

    /// A token for the client's scope from its provider, for sending
    /// [`Request::to_http`](super::Request::to_http)'s requests with an HTTP
    /// stack of your own (put it in `Authorization: Bearer {token}`).
    pub fn token(&self) -> TokenFuture<'_> {
        self.inner.token.token_for(&self.inner.scope)
    }
}

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use graph_sync::{Client, StaticToken};
///
/// let client = Client::builder(StaticToken::new("token"))
///     .root("http://127.0.0.1:8080") // a test server
///     .max_retries(5)
///     .call_timeout(Duration::from_secs(600))
///     .build();
/// assert_eq!(client.root(), "http://127.0.0.1:8080");
/// assert_eq!(client.v1().client().base_url(), "http://127.0.0.1:8080/v1.0");
/// ```
pub struct ClientBuilder {
    root: Option<String>,
    cloud: Cloud,
    token: Box<dyn TokenProvider>,
    limits: Limits,
    user_agent: String,
    #[cfg(feature = "client")]
    http: Option<reqwest::Client>,
    #[cfg(feature = "client")]
    rates: HashMap<String, Rate>,
}

impl ClientBuilder {
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

    /// How many times a retryable answer is retried (default 3; see [`Client`]).
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
    /// own HTTP client, not to one given with [`ClientBuilder::http_client`].
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
    /// request sends (`contoso-hr/1.4 graph-sync/0.2.0`), as the Azure SDKs'
    /// `application_id` does: the tenant's Graph activity logs and Microsoft
    /// support then tell this application's calls from others'. A value that
    /// is not valid in a header makes every request fail unsent
    /// ([`Error::Request`](super::Error::Request)).
    pub fn application_id(mut self, product: &str) -> Self {
        self.user_agent = format!("{product} {}", self.user_agent);
        self
    }

    /// Replaces the whole `User-Agent` (by default [`USER_AGENT`],
    /// `graph-sync/{version}`). A value that is not valid in a header makes
    /// every request fail unsent ([`Error::Request`](super::Error::Request)).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = value.into();
        self
    }

    /// The reqwest client to send with (for proxies, say). Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: the client's own
    /// same-origin redirect policy applies only to the HTTP client it builds,
    /// and reqwest's default policy follows redirects to other origins.
    #[cfg(feature = "client")]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Paces calls of the bound action or function `operation` (by its
    /// name, e.g. `provisionOnDemand`) to `rate`: calls beyond it wait their
    /// turn, in order. `provisionOnDemand` is paced to Graph's documented 5
    /// requests per 10 seconds ([`pacing::PROVISION_ON_DEMAND`]) unless
    /// changed here or switched off with [`ClientBuilder::unpaced`].
    #[cfg(feature = "client")]
    pub fn pace(mut self, operation: &str, rate: Rate) -> Self {
        self.rates.insert(operation.to_owned(), rate);
        self
    }

    /// Stops pacing `operation` (or every operation, with `"*"`).
    #[cfg(feature = "client")]
    pub fn unpaced(mut self, operation: &str) -> Self {
        if operation == "*" {
            self.rates.clear();
        } else {
            self.rates.remove(operation);
        }
        self
    }

    pub fn build(self) -> Client {
        #[cfg(feature = "client")]
        let http = self.http.unwrap_or_else(|| super::transport::http_client(&self.limits));
        let root = self.root.unwrap_or_else(|| self.cloud.root().to_owned());
        Client {
            base_url: root.as_str().into(),
            inner: Arc::new(Inner {
                root,
                scope: self.cloud.scope(),
                cloud: self.cloud,
                token: self.token,
                limits: self.limits,
                user_agent: http::HeaderValue::try_from(self.user_agent.as_str())
                    .map_err(|_| format!("{:?} is not a valid User-Agent header value", self.user_agent)),
                #[cfg(feature = "client")]
                http,
                #[cfg(feature = "client")]
                pacer: Pacer::new(self.rates),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_tokens_are_not_printed() {
        let token = StaticToken::new("eyJ0eXAiOi-secret");
        assert!(!format!("{token:?}").contains("secret"));
    }

    #[test]
    fn the_cloud_sets_root_and_scope_and_a_root_overrides_the_first() {
        let client = Client::builder(StaticToken::new("t")).cloud(Cloud::UsGovernmentDod).build();
        assert_eq!(
            (client.root(), client.scope()),
            ("https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default")
        );
        let local = Client::builder(StaticToken::new("t")).cloud(Cloud::China).root("http://127.0.0.1:1/").build();
        assert_eq!(
            (local.root(), local.scope()),
            ("http://127.0.0.1:1", "https://microsoftgraph.chinacloudapi.cn/.default")
        );
        assert_eq!(Client::new(StaticToken::new("t")).root(), "https://graph.microsoft.com");
    }

    #[test]
    fn a_version_roots_a_client_that_shares_everything_else() {
        let client = Client::builder(StaticToken::new("t")).root("http://127.0.0.1:1").build();
        let v1 = client.at_version("v1.0");
        assert_eq!((client.base_url(), v1.base_url()), ("http://127.0.0.1:1", "http://127.0.0.1:1/v1.0"));
        assert_eq!(v1.at_version("beta").base_url(), "http://127.0.0.1:1/beta");
        assert!(Arc::ptr_eq(&client.inner, &v1.inner), "one pool, token provider and pacer");
    }
}

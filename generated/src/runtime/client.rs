//! The HTTP client: base URL, bearer tokens, sending with bounded retries.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::error::{bounded, Error};

/// Graph's beta endpoint in the global cloud, the default base URL.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";

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
}

/// A provider shared between clients (or kept by the caller to look at).
impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn refresh(&self) -> TokenFuture<'_> {
        (**self).refresh()
    }
}

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
/// let jobs = client.service_principal("{servicePrincipalId}").synchronization().jobs();
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
///   gives [`Error::Timeout`].
/// * **Limits**: response bodies of at most 64 MiB ([`Error::TooLarge`]);
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
///   token nor a body ever leaves the origin ([`Error::Redirect`]).
/// * **Secrets**: the `Authorization` header is marked sensitive; `Debug` of
///   tokens, requests and action bodies never prints them, and errors of
///   requests that carry credentials have those values redacted.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    token: Box<dyn TokenProvider>,
    http: reqwest::Client,
    limits: Limits,
}

/// The settings of a [`Client`] that bound what a call may do.
#[derive(Debug, Clone)]
struct Limits {
    max_retries: u32,
    max_retry_delay: Duration,
    retry_non_idempotent: bool,
    connect_timeout: Duration,
    request_timeout: Duration,
    call_timeout: Duration,
    max_response_bytes: usize,
    max_pages: usize,
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
            .field("base_url", &self.inner.base_url)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for Graph beta with the default settings.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Self::builder(token).build()
    }

    /// A builder to change the base URL (national clouds, v1.0, a test server),
    /// the timeouts, the limits and the retry policy.
    pub fn builder(token: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder { base_url: GRAPH_BETA.to_owned(), token: Box::new(token), http: None, limits: Limits::default() }
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The most pages a listing follows.
    pub(crate) fn max_pages(&self) -> usize {
        self.inner.limits.max_pages
    }

    /// Sends an HTTP request built by [`super::Request::to_http`] (adding the
    /// bearer token) under the client's policy (see [`Client`]): retries,
    /// timeouts, the body size limit and same-origin redirects. Answers that
    /// are not retried are returned as they are, with their body.
    pub async fn execute(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let limit = self.inner.limits.call_timeout;
        match tokio::time::timeout(limit, self.execute_with_retries(request)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { limit, what: "the call with its retries" }),
        }
    }

    async fn execute_with_retries(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let limits = &self.inner.limits;
        let (parts, body) = request.into_parts();
        let mut attempt = 0u32;
        let mut refreshed: Option<String> = None;
        let mut refreshed_once = false;
        loop {
            // A fresh token for each attempt: a call with retries can outlive one.
            let token = match refreshed.take() {
                Some(token) => token,
                None => self.inner.token.token().await.map_err(Error::Token)?,
            };
            let request = authorized(&parts, &body, &token, limits.request_timeout)?;
            let response = self.inner.http.execute(request).await.map_err(|e| transport_error(e, limits))?;
            let status = response.status();
            if status == http::StatusCode::UNAUTHORIZED && !refreshed_once {
                refreshed_once = true;
                refreshed = Some(self.inner.token.refresh().await.map_err(Error::Token)?);
                continue;
            }
            if is_redirect(status) {
                let location = response.headers().get(http::header::LOCATION);
                let location = bounded(location.and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned());
                return Err(Error::Redirect { status, location });
            }
            if should_retry(status, &parts.method, limits.retry_non_idempotent) && attempt < limits.max_retries {
                let delay = retry_after(response.headers()).unwrap_or_else(|| Duration::from_secs(1 << attempt.min(5)));
                drop(response);
                tokio::time::sleep(delay.min(limits.max_retry_delay)).await;
                attempt += 1;
                continue;
            }
            let headers = response.headers().clone();
            let bytes = read_body(response, limits).await?;
            let mut answer = http::Response::new(bytes);
            *answer.status_mut() = status;
            *answer.headers_mut() = headers;
            return Ok(answer);
        }
    }
}

/// The request with the bearer token (a header marked sensitive, so HTTP/2
/// never indexes it and `Debug` never prints it) and the per-attempt timeout.
fn authorized(
    parts: &http::request::Parts,
    body: &[u8],
    token: &str,
    timeout: Duration,
) -> Result<reqwest::Request, Error> {
    let mut authorization = http::HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| Error::Token("the token holds characters a header cannot".into()))?;
    authorization.set_sensitive(true);
    let mut request = http::Request::builder().method(parts.method.clone()).uri(parts.uri.clone());
    for (name, value) in &parts.headers {
        request = request.header(name, value);
    }
    let request = request
        .header(http::header::AUTHORIZATION, authorization)
        .body(body.to_vec())
        .map_err(|e| Error::Request(e.to_string()))?;
    let mut request = reqwest::Request::try_from(request).map_err(|e| Error::Request(e.to_string()))?;
    *request.timeout_mut() = Some(timeout);
    Ok(request)
}

fn transport_error(error: reqwest::Error, limits: &Limits) -> Error {
    if error.is_timeout() {
        let what = if error.is_connect() { "connecting" } else { "one attempt" };
        let limit = if error.is_connect() { limits.connect_timeout } else { limits.request_timeout };
        return Error::Timeout { limit, what };
    }
    Error::Transport(Box::new(error))
}

/// The body, read until `max_response_bytes` at most.
async fn read_body(mut response: reqwest::Response, limits: &Limits) -> Result<Vec<u8>, Error> {
    let limit = limits.max_response_bytes;
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(Error::TooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(e, limits))? {
        if body.len() + chunk.len() > limit {
            return Err(Error::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A redirect the client did not follow (it leaves the origin, or comes
/// after too many): the statuses that carry a `Location` to go to.
fn is_redirect(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Whether an answer is retried: `429` always (the request was not
/// executed); `503` and `504` when repeating the request cannot do it twice.
fn should_retry(status: http::StatusCode, method: &http::Method, retry_non_idempotent: bool) -> bool {
    match status {
        http::StatusCode::TOO_MANY_REQUESTS => true,
        http::StatusCode::SERVICE_UNAVAILABLE | http::StatusCode::GATEWAY_TIMEOUT => {
            retry_non_idempotent || is_idempotent(method)
        }
        _ => false,
    }
}

fn is_idempotent(method: &http::Method) -> bool {
    matches!(
        *method,
        http::Method::GET | http::Method::HEAD | http::Method::PUT | http::Method::DELETE | http::Method::OPTIONS
    )
}

/// `Retry-After` as seconds, whole or with a fraction (Graph sends `2.128`),
/// or an HTTP date. Anything else (negative, not a number, absurdly long) is ignored.
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if value.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        let seconds: f64 = value.parse().ok()?;
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Whether two URLs have the same origin: scheme, host and port.
fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.origin() == b.origin()
}

/// The redirect policy of the client's own HTTP client: follow within the
/// origin of the first request (at most 10 times), stop anywhere else.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt.previous().first().is_some_and(|first| same_origin(first, attempt.url()));
        if same && attempt.previous().len() <= 10 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use graph_sync::{Client, StaticToken};
///
/// let client = Client::builder(StaticToken::new("token"))
///     .base_url("https://graph.microsoft.us/beta") // US Government L4
///     .max_retries(5)
///     .call_timeout(Duration::from_secs(600))
///     .build();
/// assert_eq!(client.base_url(), "https://graph.microsoft.us/beta");
/// ```
pub struct ClientBuilder {
    base_url: String,
    token: Box<dyn TokenProvider>,
    http: Option<reqwest::Client>,
    limits: Limits,
}

impl ClientBuilder {
    /// The base URL, e.g. `https://graph.microsoft.us/beta` or a local test server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
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

    /// The reqwest client to send with (for proxies, say). Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: the client's own
    /// same-origin redirect policy applies only to the HTTP client it builds,
    /// and reqwest's default policy follows redirects to other origins.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Client {
        let http = self.http.unwrap_or_else(|| {
            reqwest::Client::builder()
                .connect_timeout(self.limits.connect_timeout)
                .redirect(redirect_policy())
                .build()
                .unwrap_or_default()
        });
        Client { inner: Arc::new(Inner { base_url: self.base_url, token: self.token, http, limits: self.limits }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(http::header::RETRY_AFTER, "2.128".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(2128)));
        for ignored in ["-1", "1e400", "NaN", "inf", "1e30"] {
            headers.insert(http::header::RETRY_AFTER, ignored.parse().unwrap());
            assert_eq!(retry_after(&headers), None, "{ignored}");
        }
        headers.insert(http::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "a date in the past means now");
        headers.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn only_requests_that_cannot_run_twice_are_retried_after_a_failure() {
        use http::{Method, StatusCode};
        let cases = [
            (StatusCode::TOO_MANY_REQUESTS, Method::POST, false, true),
            (StatusCode::TOO_MANY_REQUESTS, Method::PATCH, false, true),
            (StatusCode::SERVICE_UNAVAILABLE, Method::GET, false, true),
            (StatusCode::GATEWAY_TIMEOUT, Method::DELETE, false, true),
            (StatusCode::SERVICE_UNAVAILABLE, Method::PUT, false, true),
            (StatusCode::SERVICE_UNAVAILABLE, Method::POST, false, false),
            (StatusCode::GATEWAY_TIMEOUT, Method::PATCH, false, false),
            (StatusCode::SERVICE_UNAVAILABLE, Method::POST, true, true),
            (StatusCode::INTERNAL_SERVER_ERROR, Method::GET, true, false),
        ];
        for (status, method, opt_in, retried) in cases {
            assert_eq!(should_retry(status, &method, opt_in), retried, "{status} {method} opt-in {opt_in}");
        }
    }

    #[test]
    fn the_token_is_a_sensitive_header_never_printed() {
        let (parts, body) = http::Request::post("https://graph.test/beta/x").body(b"{}".to_vec()).unwrap().into_parts();
        let request = authorized(&parts, &body, "eyJ0eXAiOi-secret", Duration::from_secs(5)).unwrap();
        let header = request.headers().get(http::header::AUTHORIZATION).unwrap();
        assert!(header.is_sensitive());
        assert!(!format!("{request:?}").contains("secret"), "{request:?}");
        assert_eq!(request.timeout(), Some(&Duration::from_secs(5)));
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(same_origin(&url("https://graph.test/beta/a"), &url("https://graph.test/v1.0/b?c")));
        assert!(same_origin(&url("https://graph.test/a"), &url("https://GRAPH.test:443/b")));
        assert!(!same_origin(&url("https://graph.test/a"), &url("http://graph.test/a")), "scheme");
        assert!(!same_origin(&url("https://graph.test/a"), &url("https://graph.test:8443/a")), "port");
        assert!(!same_origin(&url("https://graph.test/a"), &url("https://evil.test/a")), "host");
    }

    #[test]
    fn static_tokens_are_not_printed() {
        let token = StaticToken::new("eyJ0eXAiOi-secret");
        assert!(!format!("{token:?}").contains("secret"));
    }
}

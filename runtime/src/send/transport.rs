//! Sending requests (the `client` feature): the bearer token on each
//! attempt, bounded retries, timeouts, the body size limit, same-origin
//! redirects and pacing.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::requests::handle::{BoxFuture, Builder, Handle, Limits, Transport};
use crate::requests::rate::{BucketFullPolicy, Budget, BudgetSnapshot, Rate};
use crate::send::pacing::{Pacer, Turn};
pub(crate) use crate::values::error::retry_after;
use crate::values::error::{bounded, Error};
use crate::values::markers::{CallSettings, Operation, Repeatable};

/// The client's own reqwest client: its connect timeout and same-origin redirects.
fn http_client(limits: &Limits) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(limits.connect_timeout)
        .redirect(redirect_policy())
        .build()
        .unwrap_or_default()
}

/// The settings of the sending layer.
impl<C> Builder<C> {
    /// The reqwest client to send with (for proxies, say). Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: the client's own
    /// same-origin redirect policy applies only to the HTTP client it builds,
    /// and reqwest's default policy follows redirects to other origins.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.sending.http = Some(http);
        self
    }

    /// Paces calls of the bound action or function `operation` (by its
    /// name, e.g. `provisionOnDemand`) to `rate`: calls beyond it wait their
    /// turn, in order. `provisionOnDemand` is paced to Graph's documented 5
    /// requests per 10 seconds ([`PROVISION_ON_DEMAND`](crate::pacing::PROVISION_ON_DEMAND)) unless
    /// changed here or switched off with [`ClientBuilder::unpaced`](crate::Builder::unpaced).
    pub fn pace(mut self, operation: &str, rate: Rate) -> Self {
        self.sending.rates.insert(operation.to_owned(), rate);
        self
    }

    /// Stops pacing `operation` (or every operation, with `"*"`).
    pub fn unpaced(mut self, operation: &str) -> Self {
        forget(&mut self.sending.rates, operation);
        self
    }

    /// Keeps `operation` (by its name, e.g. `bulkUpload`) within `budget`
    /// calls in any 24 hours, counted by this client (and its clones) from
    /// each attempt it sends: a call past it is refused unsent with
    /// [`Error::BudgetSpent`](crate::Error::BudgetSpent), which says when the
    /// budget frees. `bulkUpload` has 2,000 by default
    /// ([`BULK_UPLOAD_DAILY_P1`](crate::pacing::BULK_UPLOAD_DAILY_P1), the
    /// figure for Entra ID P1/P2 tenants);
    /// [`BULK_UPLOAD_DAILY_GOVERNANCE`](crate::pacing::BULK_UPLOAD_DAILY_GOVERNANCE)
    /// is the 6,000 of ID Governance tenants. The service counts the tenant's
    /// calls: clients in other processes share it, which this client cannot see.
    pub fn budget(mut self, operation: &str, budget: Budget) -> Self {
        self.sending.budgets.insert(operation.to_owned(), budget);
        self
    }

    /// Stops counting `operation`'s calls against a budget (or every
    /// operation's, with `"*"`).
    pub fn unbudgeted(mut self, operation: &str) -> Self {
        forget(&mut self.sending.budgets, operation);
        self
    }

    /// Starts the client with what an earlier run spent of an operation's
    /// budget ([`Handle::budget_snapshot`], saved before it stopped): the
    /// calls of the last 24 hours still count.
    pub fn restore_budget(mut self, snapshot: BudgetSnapshot) -> Self {
        self.sending.restored.push(snapshot);
        self
    }

    /// What a bulk upload does when the job's ingestion queue is full
    /// ([`BucketFullPolicy`]; by default the error is returned).
    pub fn on_bucket_full(mut self, policy: BucketFullPolicy) -> Self {
        self.sending.bucket_full = policy;
        self
    }
}

/// Removes `operation`'s setting from `settings` (every one, with `"*"`).
fn forget<T>(settings: &mut std::collections::HashMap<String, T>, operation: &str) {
    if operation == "*" {
        settings.clear();
    } else {
        settings.remove(operation);
    }
}

/// The transport of a handle: its reqwest client (the caller's, or one of
/// its own with the connect timeout and same-origin redirects) and its pacer.
struct HttpTransport {
    http: reqwest::Client,
    pacer: Pacer,
}

impl HttpTransport {
    fn new(handle: &Handle) -> Self {
        let inner = &handle.inner;
        HttpTransport {
            http: inner.sending.http.clone().unwrap_or_else(|| http_client(&inner.limits)),
            pacer: Pacer::new(inner.sending.rates.clone(), inner.sending.budgets.clone(), &inner.sending.restored),
        }
    }
}

impl Transport for HttpTransport {
    fn execute<'a>(
        &'a self,
        handle: &'a Handle,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'a, Result<http::Response<Vec<u8>>, Error>> {
        Box::pin(self.call(handle, request))
    }

    fn pace<'a>(&'a self, operation: Option<&'a Operation>) -> BoxFuture<'a, Result<(), Error>> {
        // The turn is let go at once: it counts from now.
        Box::pin(async move { self.pacer.turn(operation).await.map(drop) })
    }

    fn budget_snapshot(&self, operation: &str) -> Option<BudgetSnapshot> {
        self.pacer.snapshot(operation)
    }

    fn budget_remaining(&self, operation: &str) -> Option<u32> {
        self.pacer.remaining(operation)
    }
}

impl Handle {
    /// The transport this handle sends with, built the first time.
    fn sender(&self) -> &dyn Transport {
        self.transport(|handle| Arc::new(HttpTransport::new(handle)))
    }

    /// Takes a turn for a batched request of `operation` (see
    /// [`ClientBuilder::pace`](crate::Builder::pace) and
    /// [`ClientBuilder::budget`](crate::Builder::budget)), counted from now.
    pub(crate) async fn pace(&self, operation: Option<&Operation>) -> Result<(), Error> {
        self.sender().pace(operation).await
    }

    /// What this client has spent of `operation`'s daily budget (`bulkUpload`),
    /// to save before the program stops and give back to
    /// [`ClientBuilder::restore_budget`](crate::Builder::restore_budget)
    /// when it starts again; `None` for an operation without a budget.
    pub fn budget_snapshot(&self, operation: &str) -> Option<BudgetSnapshot> {
        self.sender().budget_snapshot(operation)
    }

    /// How many calls of `operation`'s daily budget are left now (`None`
    /// for an operation without a budget).
    pub fn budget_remaining(&self, operation: &str) -> Option<u32> {
        self.sender().budget_remaining(operation)
    }

    /// What a bulk upload does when the job's ingestion queue is full.
    pub(crate) fn bucket_full_policy(&self) -> BucketFullPolicy {
        self.inner.sending.bucket_full
    }

    /// Sends an HTTP request built by [`Request::to_http`](crate::Request::to_http) (adding the
    /// bearer token) under the client's policy (see `graph_sync::Client`): retries,
    /// timeouts, the body size limit and same-origin redirects. Answers that
    /// are not retried are returned as they are, with their body.
    ///
    /// A call of a paced operation (see [`ClientBuilder::pace`](crate::Builder::pace)) first waits
    /// its turn; that wait is not part of the call's time limit.
    ///
    /// With the `tracing` feature, each call is a `graph_sync.call` span
    /// with the operation, method, path template (ids left out), attempts,
    /// status and request ids; never a token, a body or a query.
    pub async fn execute(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        self.sender().execute(self, request).await
    }
}

impl HttpTransport {
    async fn call(&self, handle: &Handle, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let operation = request.extensions().get::<Operation>().cloned();
        #[cfg(feature = "tracing")]
        let span = call_span(&request, operation.as_ref());
        let attempts = AtomicU32::new(0);
        let call = async {
            // The first attempt's turn is taken before the call's time limit starts.
            let first = self.pacer.turn(operation.as_ref()).await?;
            // This call's settings in place of the client's, where it has any.
            let settings = request.extensions().get::<CallSettings>().copied().unwrap_or_default();
            let limits = handle.inner.limits.with(&settings);
            let limit = limits.call_timeout;
            let attempt = self.execute_with_retries(handle, &limits, request, (operation.clone(), first), &attempts);
            match tokio::time::timeout(limit, attempt).await {
                Ok(result) => result,
                Err(_) => Err(Error::Timeout { limit, what: "the call with its retries" }),
            }
        };
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(call, span.clone());
        let result = call.await;
        #[cfg(feature = "tracing")]
        record_outcome(&span, &result, attempts.load(Ordering::Relaxed));
        result
    }

    async fn execute_with_retries(
        &self,
        handle: &Handle,
        limits: &Limits,
        request: http::Request<Vec<u8>>,
        (operation, first): (Option<Operation>, Option<Turn>),
        attempts: &AtomicU32,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let scope = handle.inner.scope.as_str();
        let (parts, body) = request.into_parts();
        let mut attempt = 0u32;
        let mut refreshed: Option<String> = None;
        let mut refreshed_once = false;
        let mut first = Some(first);
        loop {
            // Each later attempt takes a turn of its own (another request the service counts).
            let turn = match first.take() {
                Some(turn) => turn,
                None => self.pacer.turn(operation.as_ref()).await?,
            };
            // A fresh token for each attempt: a call with retries can outlive one.
            let token = match refreshed.take() {
                Some(token) => token,
                None => handle.inner.token.token_for(scope).await.map_err(Error::Token)?,
            };
            attempts.fetch_add(1, Ordering::Relaxed);
            let mut request = authorized(&parts, &body, &token, limits.request_timeout)?;
            if attempt > 0 {
                // Which retry this is, as Graph's SDKs say it (their retry handler's `Retry-Attempt`).
                request.headers_mut().insert("retry-attempt", http::HeaderValue::from(attempt));
            }
            let response = self.http.execute(request).await.map_err(|e| transport_error(e, limits))?;
            // Answered: the turn counts from now.
            drop(turn);
            let status = response.status();
            if status == http::StatusCode::UNAUTHORIZED && !refreshed_once {
                refreshed_once = true;
                refreshed = Some(handle.inner.token.refresh_for(scope).await.map_err(Error::Token)?);
                // A second request: it takes its turn like any other.
                continue;
            }
            if is_redirect(status) {
                let location = response.headers().get(http::header::LOCATION);
                let location = location.and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
                // The policy stopped here: past ten redirects, or at one it does not follow.
                let target = response.url().join(&location).ok();
                let reason = match target {
                    Some(target) if follows(&parts.uri, &target) => "the request was redirected ten times already",
                    _ => "it leaves the request's origin or API version, or its path would lead elsewhere",
                };
                return Err(Error::Redirect { status, location: bounded(location), reason });
            }
            let repeatable = limits.retry_non_idempotent || parts.extensions.get::<Repeatable>().is_some();
            let wait = retry_after(response.headers());
            if status == http::StatusCode::TOO_MANY_REQUESTS
                && self.pacer.is_budgeted(operation.as_ref())
                && wait.is_some_and(|wait| wait > limits.max_retry_delay)
            {
                // A budgeted operation's daily limit (its rate frees within
                // seconds): no call until then, this one answered as it is.
                let until = wait.and_then(|wait| std::time::SystemTime::now().checked_add(wait));
                self.pacer.refused_until(operation.as_ref(), until.unwrap_or(std::time::SystemTime::now()));
            } else if should_retry(status, &parts.method, repeatable) && attempt < limits.max_retries {
                let delay = wait.unwrap_or_else(|| Duration::from_secs(1 << attempt.min(5)));
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

/// The span of one call: `graph_sync.call` with the operation (a bound
/// action or function's name, else the method), the method, the path with
/// `{id}` for each id, the client-request-id, and, once answered, the
/// number of attempts, the status and Graph's request-id. Never the token,
/// a body, a query or an id.
#[cfg(feature = "tracing")]
pub(crate) fn call_span(request: &http::Request<Vec<u8>>, operation: Option<&Operation>) -> tracing::Span {
    let method = request.method().as_str();
    let template = request.extensions().get::<crate::values::markers::PathTemplate>().map_or("", |t| t.0.as_str());
    let client_request_id = request.headers().get("client-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
    tracing::info_span!(
        "graph_sync.call",
        operation = operation.map_or(method, |operation| operation.0.as_str()),
        method,
        path = template,
        client_request_id,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
    )
}

#[cfg(feature = "tracing")]
fn record_outcome(span: &tracing::Span, result: &Result<http::Response<Vec<u8>>, Error>, attempts: u32) {
    span.record("attempts", attempts);
    match result {
        Ok(response) => {
            span.record("status", response.status().as_u16());
            if let Some(id) = response.headers().get("request-id").and_then(|v| v.to_str().ok()) {
                span.record("request_id", id);
            }
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("status", status.as_u16());
            }
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
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

/// The redirect policy of the client's own HTTP client: follow at most 10
/// redirects, each to a URL the client would request itself from the first
/// request's API version ([`follows`]); stop at anything else.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let within = attempt
            .previous()
            .first()
            .is_some_and(|first| first.as_str().parse::<http::Uri>().is_ok_and(|first| follows(&first, attempt.url())));
        if within && attempt.previous().len() <= 10 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether a redirect of a request to `first` may go to `target`: the check
/// of every URL the client follows ([`check_service_url`](crate::check_service_url)),
/// against `first`'s origin and API version (its first path segment).
fn follows(first: &http::Uri, target: &reqwest::Url) -> bool {
    let (Some(scheme), Some(authority)) = (first.scheme_str(), first.authority()) else { return false };
    let version = first.path().split('/').nth(1).unwrap_or_default();
    let base = format!("{scheme}://{authority}/{version}");
    crate::requests::request::check_url_below(&base, target.as_str()).is_ok()
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
    fn redirects_are_followed_within_the_origin_and_api_version_only() {
        let first: http::Uri = "https://graph.test/beta/servicePrincipals/sp".parse().unwrap();
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(follows(&first, &url("https://graph.test/beta/moved?x=1")));
        assert!(follows(&first, &url("https://GRAPH.test:443/beta/moved")), "the same origin, spelt otherwise");
        for elsewhere in [
            "https://graph.test/v1.0/moved",
            "https://graph.test/moved",
            "http://graph.test/beta/a",
            "https://graph.test:8443/beta/a",
            "https://evil.test/beta/a",
            "https://graph.test/beta/..%2Fv1.0/a",
        ] {
            assert!(!follows(&first, &url(elsewhere)), "{elsewhere}");
        }
    }
}

//! The HTTP client: base URL, bearer tokens, sending with bounded retries.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::error::Error;

/// Graph's beta endpoint in the global cloud, the default base URL.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";

/// What a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'a>>;

/// Supplies the bearer token for each request. Implement it over your identity
/// library; [`StaticToken`] serves a token obtained elsewhere.
pub trait TokenProvider: Send + Sync {
    /// A currently valid access token (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;
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
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    token: Box<dyn TokenProvider>,
    http: reqwest::Client,
    max_retries: u32,
    max_retry_delay: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("max_retries", &self.inner.max_retries)
            .field("max_retry_delay", &self.inner.max_retry_delay)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for Graph beta with the default settings.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Self::builder(token).build()
    }

    /// A builder to change the base URL (national clouds, v1.0, a test server)
    /// and the retry limits.
    pub fn builder(token: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder {
            base_url: GRAPH_BETA.to_owned(),
            token: Box::new(token),
            http: None,
            max_retries: 3,
            max_retry_delay: Duration::from_secs(60),
        }
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends an HTTP request built by [`super::Request::to_http`] (adding the
    /// bearer token), retrying 429 and 503 answers as their `Retry-After` asks,
    /// at most the configured number of times. Other answers are returned as they are.
    pub async fn execute(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let token = self.inner.token.token().await.map_err(Error::Token)?;
        let (parts, body) = request.into_parts();
        let mut attempt = 0u32;
        loop {
            let mut builder = http::Request::builder().method(parts.method.clone()).uri(parts.uri.clone());
            for (name, value) in &parts.headers {
                builder = builder.header(name, value);
            }
            let request = builder
                .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
                .body(body.clone())
                .map_err(|e| Error::Request(e.to_string()))?;
            let request = reqwest::Request::try_from(request).map_err(|e| Error::Request(e.to_string()))?;
            let response = self.inner.http.execute(request).await.map_err(|e| Error::Transport(Box::new(e)))?;
            let status = response.status();
            let headers = response.headers().clone();
            let retryable =
                status == http::StatusCode::TOO_MANY_REQUESTS || status == http::StatusCode::SERVICE_UNAVAILABLE;
            if retryable && attempt < self.inner.max_retries {
                let delay = retry_after(&headers).unwrap_or_else(|| Duration::from_secs(1 << attempt.min(5)));
                tokio::time::sleep(delay.min(self.inner.max_retry_delay)).await;
                attempt += 1;
                continue;
            }
            let bytes = response.bytes().await.map_err(|e| Error::Transport(Box::new(e)))?;
            let mut answer = http::Response::new(bytes.to_vec());
            *answer.status_mut() = status;
            *answer.headers_mut() = headers;
            return Ok(answer);
        }
    }
}

/// `Retry-After` as seconds (Graph's form) or an HTTP date.
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    token: Box<dyn TokenProvider>,
    http: Option<reqwest::Client>,
    max_retries: u32,
    max_retry_delay: Duration,
}

impl ClientBuilder {
    /// The base URL, e.g. `https://graph.microsoft.us/beta` or a local test server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// How many times a 429 or 503 answer is retried (default 3).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest wait between retries, whatever `Retry-After` asks (default 60 s).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// The reqwest client to send with (for proxies, timeouts, ...).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Client {
        Client {
            inner: Arc::new(Inner {
                base_url: self.base_url,
                token: self.token,
                http: self.http.unwrap_or_default(),
                max_retries: self.max_retries,
                max_retry_delay: self.max_retry_delay,
            }),
        }
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
        headers.insert(http::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "a date in the past means now");
        headers.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn static_tokens_are_not_printed() {
        let token = StaticToken::new("eyJ0eXAiOi-secret");
        assert!(!format!("{token:?}").contains("secret"));
    }
}

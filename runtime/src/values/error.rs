//! The one error type of calls to Microsoft Graph.

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;

use crate::values::redact::Secrets;

/// What went wrong with a call.
///
/// ```no_run
/// use graph_sync::{Client, Error, StaticToken};
///
/// # async fn run() {
/// let client = Client::new(StaticToken::new("token"));
/// let job = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs().job("{jobId}");
/// match job.start().send().await {
///     Ok(()) => println!("started"),
///     // Graph's answer: the status, its code and message, the request id for a support ticket.
///     Err(error @ Error::Graph { .. }) if error.status() == Some(http::StatusCode::NOT_FOUND) => {
///         println!("no such job (request-id {:?})", error.request_id());
///     }
///     Err(Error::Graph { status, error }) => {
///         // Some synchronization errors carry a JSON error inside their message.
///         let inner = error.nested().unwrap_or_else(|| (*error).clone());
///         println!("{status}: {}: {} (request-id {:?})", inner.code, inner.message, error.request_id());
///     }
///     // Throttling (429) was retried as `Retry-After` asked before this gives up.
///     Err(other) => println!("{other}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response not received.
    #[error("could not reach Microsoft Graph: {0}")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Graph answered with an error status and (usually) an OData error body.
    #[error("Microsoft Graph answered {status}: {error}")]
    Graph { status: http::StatusCode, error: Box<GraphError> },
    /// The response body does not decode as the documented type.
    #[error("could not decode the {status} response as {expected}: {message}")]
    Decode {
        status: http::StatusCode,
        expected: &'static str,
        message: String,
        /// The body as received, for diagnosis.
        body: String,
    },
    /// The request could not be built (for example a body that does not serialize).
    #[error("could not build the request: {0}")]
    Request(String),
    /// The token provider failed.
    #[error("could not get an access token: {0}")]
    Token(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Connecting, one attempt, or the whole call with its retries took longer than its limit.
    #[error("timed out after {limit:?} ({what})")]
    Timeout { limit: std::time::Duration, what: &'static str },
    /// The response body is larger than the client accepts.
    #[error("the response body is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// Graph redirected the request somewhere the client does not follow:
    /// another origin (scheme, host or port) or API version, a path that
    /// [`check_service_url`](crate::check_service_url) refuses, or past ten
    /// redirects; `reason` says which. Not followed, so that neither the
    /// token nor the body goes there.
    #[error("not following the {status} redirect to {location:?}: {reason}")]
    Redirect { status: http::StatusCode, location: String, reason: &'static str },
    /// A listing could not be followed to its end (a repeated or foreign
    /// `@odata.nextLink`, or more pages than the client follows).
    #[error("stopped paging: {0}")]
    Paging(String),
    /// A batched request has no answer of its own: the `$batch` call that
    /// carried it failed (`call` is that call's error, whose status, Graph
    /// error and request id this error answers), or the batch's answer lacks
    /// it or repeats it. `Display` prints `message`, which names the call's
    /// error; [`Error::batch_call`] gives it.
    #[error("{message}")]
    Batch {
        message: String,
        /// The error of the `$batch` call itself, shared by each request it carried.
        call: Option<Arc<Error>>,
    },
    /// The operation's daily budget (`ClientBuilder::budget`: for
    /// `bulkUpload`, 2,000 calls in any 24 hours by default) is spent: the
    /// call was refused unsent, since the service would answer `429` until
    /// `frees_at`, when the oldest call counted leaves the 24 hours.
    #[error("the budget of {calls} {operation} calls per {} is spent: the next call can be sent at {}", hours(per), rfc3339(*frees_at))]
    BudgetSpent { operation: String, calls: u32, per: std::time::Duration, frees_at: std::time::SystemTime },
    /// The service's ingestion queue for a `bulkUpload` job is full: `500`
    /// with the message "The bucket that stores the ingested data is full"
    /// ("Troubleshoot inbound provisioning API issues", section "Bucket full
    /// 500 response code"). Processing has fallen behind, or the job is
    /// paused, stopped or quarantined. Never retried at once; the page's
    /// advice is to pause the client 5 to 10 minutes before sending again
    /// (about 40 minutes after restarting a quarantined job), and to resume a
    /// paused or stopped job. `error` is the service's answer.
    #[error("the provisioning job's ingestion queue (\"bucket\") is full: {BUCKET_FULL_ADVICE} (Microsoft Graph answered {status}: {error})")]
    BucketFull { status: http::StatusCode, error: Box<GraphError> },
}

/// What the Entra troubleshooting page advises for [`Error::BucketFull`].
pub const BUCKET_FULL_ADVICE: &str = "wait 5 to 10 minutes before sending again; resume the job if it is paused or \
     stopped, and after restarting a quarantined job wait about 40 minutes";

/// `per` in hours when it is whole hours (`24 h`), else as `Duration`'s `Debug`.
fn hours(per: &std::time::Duration) -> String {
    if per.as_secs().is_multiple_of(3600) && per.subsec_nanos() == 0 && !per.is_zero() {
        format!("{} h", per.as_secs() / 3600)
    } else {
        format!("{per:?}")
    }
}

/// A time as RFC 3339 in UTC (`2026-12-07T19:07:06Z`).
pub(crate) fn rfc3339(at: std::time::SystemTime) -> String {
    let at = time::OffsetDateTime::from(at).replace_nanosecond(0).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The most an error keeps of a response body, or of a code or message in it.
pub const MAX_ERROR_TEXT: usize = 64 * 1024;

/// `Retry-After` as seconds, whole or with a fraction (Graph sends `2.128`),
/// or an HTTP date. Anything else (negative, not a number, absurdly long) is ignored.
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<std::time::Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if value.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        let seconds: f64 = value.parse().ok()?;
        return std::time::Duration::try_from_secs_f64(seconds).ok();
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(std::time::Duration::try_from(wait).unwrap_or(std::time::Duration::ZERO))
}

/// `text`, cut to [`MAX_ERROR_TEXT`] bytes (at a character boundary) with a note of its length.
pub(crate) fn bounded(text: String) -> String {
    if text.len() <= MAX_ERROR_TEXT {
        return text;
    }
    let cut = (0..=MAX_ERROR_TEXT).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}... ({} bytes in all)", &text[..cut], text.len())
}

impl Error {
    /// A batched request's error: the `$batch` call that carried it failed.
    #[cfg(feature = "client")]
    pub(crate) fn batch_failed(call: Arc<Error>) -> Self {
        Error::Batch { message: bounded(format!("the $batch call failed: {call}")), call: Some(call) }
    }

    /// A batched request's error that no single call caused.
    #[cfg(feature = "client")]
    pub(crate) fn batch(message: String) -> Self {
        Error::Batch { message, call: None }
    }

    /// The error with every spelling of `secrets` (values the request
    /// carried) redacted from what it keeps of the service's answer, for
    /// the errors that are not decoded from a response body ([`Error::Graph`]
    /// and [`Error::Decode`] are redacted as they are decoded, before their
    /// texts are cut to [`MAX_ERROR_TEXT`]): a redirect's `Location`, a
    /// paging or batch message.
    #[cfg(feature = "client")]
    pub(crate) fn redact(mut self, secrets: &Secrets) -> Self {
        match &mut self {
            Error::Redirect { location: text, .. }
            | Error::Paging(text)
            | Error::Request(text)
            | Error::Batch { message: text, call: None } => {
                secrets.redact(text);
            }
            _ => {}
        }
        self
    }

    /// The error of the `$batch` call that carried this request, when that call failed.
    pub fn batch_call(&self) -> Option<&Error> {
        match self {
            Error::Batch { call: Some(call), .. } => Some(call),
            _ => None,
        }
    }

    /// The HTTP status of a Graph error or an undecodable response (for a
    /// batched request whose `$batch` call failed, that call's).
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Graph { status, .. } | Error::Decode { status, .. } | Error::BucketFull { status, .. } => {
                Some(*status)
            }
            Error::Batch { call: Some(call), .. } => call.status(),
            _ => None,
        }
    }

    /// The id Graph gave the request, when Graph answered with an error.
    pub fn request_id(&self) -> Option<&str> {
        self.graph_error().and_then(GraphError::request_id)
    }

    /// The decoded Graph error, if Graph answered with one (for a batched
    /// request whose `$batch` call failed, that call's).
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Error::Graph { error, .. } | Error::BucketFull { error, .. } => Some(error),
            Error::Batch { call: Some(call), .. } => call.graph_error(),
            _ => None,
        }
    }
}

/// An OData error body: `{"error": {"code", "message", "innerError": {...}}}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphError {
    pub code: String,
    pub message: String,
    pub inner_error: Option<InnerError>,
    /// `details`, when present, as sent.
    pub details: Vec<serde_json::Value>,
    /// The whole body as received (also when it is not an OData error), at most 64 KiB of it.
    pub raw: String,
    /// The response headers (`request-id`, `client-request-id`, `Retry-After`, ...).
    pub headers: http::HeaderMap,
}

/// The `innerError` Graph adds for support: request ids and time.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct InnerError {
    #[serde(rename = "request-id", default)]
    pub request_id: Option<String>,
    #[serde(rename = "client-request-id", default)]
    pub client_request_id: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// Other properties, as sent.
    #[serde(flatten)]
    pub additional_properties: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The synchronization API nests its own error in `message`: its code
        // and message are what the caller needs to read (`raw` and `message`
        // keep the text as sent).
        let nested = self.nested();
        let (code, message) = match &nested {
            Some(inner) if inner.code.is_empty() || inner.code == self.code => (&self.code, &inner.message),
            Some(inner) if self.code.is_empty() => (&inner.code, &inner.message),
            Some(inner) => {
                write!(f, "{}: ", self.code)?;
                (&inner.code, &inner.message)
            }
            None => (&self.code, &self.message),
        };
        match (code.is_empty(), message.is_empty()) {
            (true, true) => write!(f, "{}", if self.raw.is_empty() { "(empty body)" } else { &self.raw }),
            (false, true) => write!(f, "{code}"),
            (true, false) => write!(f, "{message}"),
            (false, false) => write!(f, "{code}: {message}"),
        }?;
        if let Some(request_id) = self.request_id() {
            write!(f, " (request-id {request_id})")?;
        }
        Ok(())
    }
}

impl GraphError {
    /// The id Graph gave the request, for a support ticket: the `request-id`
    /// header, or the one in `innerError`.
    pub fn request_id(&self) -> Option<&str> {
        let header = self.header("request-id");
        header.or_else(|| self.inner_error.as_ref().and_then(|inner| inner.request_id.as_deref()))
    }

    /// A header of the error response, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `client-request-id` the answer names (the one the call sent), or
    /// the one in `innerError`.
    pub fn client_request_id(&self) -> Option<&str> {
        let header = self.header("client-request-id");
        header.or_else(|| self.inner_error.as_ref().and_then(|inner| inner.client_request_id.as_deref()))
    }

    /// The answer's `Date` header, or the `date` in `innerError`.
    pub fn date(&self) -> Option<&str> {
        self.header("date").or_else(|| self.inner_error.as_ref().and_then(|inner| inner.date.as_deref()))
    }

    /// `x-ms-ags-diagnostic`: where the request was served (a JSON document
    /// naming the data center and slice), which support asks for.
    pub fn diagnostic(&self) -> Option<&str> {
        self.header("x-ms-ags-diagnostic")
    }

    /// How long `Retry-After` asks the caller to wait: whole or fractional
    /// seconds (Graph sends `2.128`), or an HTTP date (the time until it).
    /// `None` without the header, or for one that is neither (negative, not a
    /// number, too long for a `Duration`); the text as sent is
    /// `header("retry-after")`.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        retry_after(&self.headers)
    }

    /// The throttling headers (`x-ms-throttle-limit-percentage`,
    /// `x-ms-throttle-scope`, `x-ms-throttle-information`, ...), as sent.
    pub fn throttling(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-ms-throttle-"))
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect()
    }

    /// The diagnostics a support ticket needs, one per line (request ids,
    /// date, diagnostic, throttling): what was sent back, nothing else.
    pub fn diagnostics(&self) -> String {
        let mut lines = Vec::new();
        let named = [
            ("request-id", self.request_id()),
            ("client-request-id", self.client_request_id()),
            ("date", self.date()),
            ("x-ms-ags-diagnostic", self.diagnostic()),
            ("retry-after", self.header("retry-after")),
        ];
        for (name, value) in named {
            if let Some(value) = value {
                lines.push(format!("{name}: {value}"));
            }
        }
        lines.extend(self.throttling().into_iter().map(|(name, value)| format!("{name}: {value}")));
        lines.join("\n")
    }

    /// The error nested in `message`, when the message is itself a JSON error
    /// document, as the synchronization secrets and job APIs send:
    /// `{"error": {"code", "message"}}`, or a bare `{"code", "message"}`
    /// (property names in any case). `None` when the message is plain text.
    pub fn nested(&self) -> Option<GraphError> {
        let text = self.message.trim();
        if !text.starts_with('{') {
            return None;
        }
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let object = value.as_object()?;
        let field = |object: &serde_json::Map<String, serde_json::Value>, name: &str| {
            object.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.clone())
        };
        let inner = match field(object, "error") {
            Some(serde_json::Value::Object(inner)) => inner,
            _ => object.clone(),
        };
        let text_of = |name| match field(&inner, name) {
            Some(serde_json::Value::String(text)) => text,
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let (code, message) = (text_of("code"), text_of("message"));
        if code.is_empty() && message.is_empty() {
            return None;
        }
        let inner_error = field(&inner, "innerError").and_then(|v| serde_json::from_value(v).ok());
        Some(GraphError {
            code,
            message,
            inner_error,
            details: Vec::new(),
            raw: text.to_owned(),
            headers: http::HeaderMap::new(),
        })
    }

    /// Decodes an error body; a body that is not an OData error is kept in `raw`.
    pub fn from_body(body: &[u8]) -> Self {
        Self::decode(body, http::HeaderMap::new(), &Secrets::default())
    }

    /// Decodes an error answer (its body and headers), with every spelling of
    /// `secrets` redacted from each text it keeps before the text is cut to
    /// [`MAX_ERROR_TEXT`], so that no part of a secret survives the cut.
    pub(crate) fn decode(body: &[u8], mut headers: http::HeaderMap, secrets: &Secrets) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Body,
        }
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            code: String,
            #[serde(default)]
            message: String,
            #[serde(rename = "innerError", alias = "innererror", default)]
            inner_error: Option<serde_json::Value>,
            #[serde(default)]
            details: Vec<serde_json::Value>,
        }
        let kept = |mut text: String| {
            secrets.redact(&mut text);
            bounded(text)
        };
        secrets.redact_headers(&mut headers);
        // What an error keeps is bounded: at most MAX_ERROR_TEXT of each text,
        // and the details and innerError only of a body within that size.
        let raw = kept(String::from_utf8_lossy(body).into_owned());
        let small = body.len() <= MAX_ERROR_TEXT;
        match serde_json::from_slice::<Envelope>(body) {
            Ok(Envelope { error }) => {
                let mut details = if small { error.details } else { Vec::new() };
                details.iter_mut().for_each(|detail| secrets.redact_json(detail));
                let inner_error = error.inner_error.filter(|_| small).and_then(|mut inner| {
                    secrets.redact_json(&mut inner);
                    serde_json::from_value(inner).ok()
                });
                GraphError { code: kept(error.code), message: kept(error.message), inner_error, details, raw, headers }
            }
            Err(_) => GraphError { raw, headers, ..GraphError::default() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_decode_with_their_nested_errors() {
        let body = br#"{"error":{"code":"BadRequest","message":"{\"error\":{\"code\":\"SecretsInvalid\",\"message\":\"The token is expired.\"}}","innerError":{"request-id":"r","date":"d"}}}"#;
        let error = GraphError::from_body(body);
        assert_eq!(error.code, "BadRequest");
        assert_eq!(error.inner_error.as_ref().unwrap().request_id.as_deref(), Some("r"));
        let nested = error.nested().unwrap();
        assert_eq!((nested.code.as_str(), nested.message.as_str()), ("SecretsInvalid", "The token is expired."));
        let bare = GraphError {
            message: r#"{"Code":"QuarantineTooManyDeletes","Message":"Too many deletes."}"#.into(),
            ..GraphError::default()
        };
        assert_eq!(bare.nested().unwrap().code, "QuarantineTooManyDeletes");
        let plain = GraphError { message: "Resource not found".into(), ..GraphError::default() };
        assert_eq!(plain.nested(), None);
        let not_an_error = GraphError { message: "{\"a\":1}".into(), ..GraphError::default() };
        assert_eq!(not_an_error.nested(), None);
        let huge = format!(r#"{{"error":{{"code":"{}","message":"{}"}}}}"#, "c".repeat(1 << 20), "m".repeat(1 << 20));
        let bounded = GraphError::from_body(huge.as_bytes());
        assert!(bounded.code.len() < MAX_ERROR_TEXT + 64 && bounded.message.len() < MAX_ERROR_TEXT + 64);
        assert!(bounded.raw.len() < MAX_ERROR_TEXT + 64 && bounded.raw.ends_with("bytes in all)"));
        let html = GraphError::from_body(b"<html>Bad gateway</html>");
        assert_eq!(html.raw, "<html>Bad gateway</html>");
        assert_eq!(html.to_string(), "<html>Bad gateway</html>");
    }
}

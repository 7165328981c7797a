//! Requests built without I/O: each generated operation returns a [`Request`]
//! that can become an `http::Request` ([`Request::to_http`]), decode an
//! `http::Response` ([`Request::decode`]), or be sent by the [`Client`]
//! ([`Request::send`]).

use std::marker::PhantomData;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::requests::handle::Handle;
use crate::requests::page::Page;
use crate::values::error::{bounded, Error, GraphError};
use crate::values::markers::{CallSettings, Operation, PathTemplate};
use crate::values::redact::Secrets;

/// Everything but RFC 3986's unreserved characters is encoded in a path
/// segment, so an id such as `../x?y#z` can never change the path or query.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Query values: the same set (`$`, `,` and `'` in names and OData syntax are encoded too,
/// which OData services decode).
const QUERY: &AsciiSet = SEGMENT;

/// Query option names: the same set but for OData's `$` (`$select`) and `@`
/// (`@p1`), which must reach the service as they are.
const QUERY_NAME: &AsciiSet = &SEGMENT.remove(b'$').remove(b'@');

/// A path segment holding an id: `/{encoded}`, or why the id cannot be one.
pub fn key_segment(id: &str) -> Result<String, String> {
    path_segment(id).map(|segment| format!("/{segment}"))
}

/// Percent-encodes text inside a path segment (an alternate key's quoted value).
pub fn encode_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// One whole path segment, percent-encoded, or why `text` cannot be one.
///
/// An empty segment, `.` and `..` are refused, in any percent-encoded form
/// too: URL parsers (the WHATWG URL standard that reqwest's `url` follows)
/// resolve `%2E%2E` as `..`, so `jobs/%2E%2E` would send the request to the
/// parent path. Everything else is encoded, so `/`, `?` and `#` cannot
/// change the path or query.
pub fn path_segment(text: &str) -> Result<String, String> {
    if is_dot_segment(text) {
        return Err(format!("{text:?} cannot be a path segment: it would change the path (`.`, `..` or empty)"));
    }
    Ok(encode_segment(text))
}

/// Empty, `.` or `..`, as written or after percent-decoding (repeatedly:
/// `%252E` is `%2E` once decoded).
fn is_dot_segment(text: &str) -> bool {
    any_decoding(text, |text| text.is_empty() || text == "." || text == "..")
}

/// Whether `test` holds for `text` or for one of its percent-decodings,
/// decoded again while that changes it (`%252E` is `%2E`, then `.`). Still
/// changing after four rounds: held, as no id anyone meant does that.
fn any_decoding(text: &str, test: impl Fn(&str) -> bool) -> bool {
    let mut text = std::borrow::Cow::Borrowed(text);
    for _ in 0..4 {
        if test(&text) {
            return true;
        }
        let decoded = percent_encoding::percent_decode_str(&text).decode_utf8_lossy().into_owned();
        if decoded == *text {
            return false;
        }
        text = std::borrow::Cow::Owned(decoded);
    }
    true
}

/// How the response of an operation is decoded.
pub trait ResponseKind {
    /// What decoding gives.
    type Output;
    /// Names the expected body in decode errors.
    const EXPECTED: &'static str;
    /// Decodes a successful (2xx) body.
    fn decode_body(body: &[u8]) -> Result<Self::Output, String>;
}

/// A JSON body decoded as `T`.
pub struct Json<T>(PhantomData<T>);

impl<T: DeserializeOwned> ResponseKind for Json<T> {
    type Output = T;
    const EXPECTED: &'static str = "a JSON object";
    fn decode_body(body: &[u8]) -> Result<T, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }
}

/// A collection result, `{"value": [...]}`, decoded as a [`Page`] (the items
/// with the control information that came with them).
pub struct Values<T>(PhantomData<T>);

impl<T: DeserializeOwned> ResponseKind for Values<T> {
    type Output = Page<T>;
    const EXPECTED: &'static str = "a collection (`{\"value\": [...]}`)";
    fn decode_body(body: &[u8]) -> Result<Page<T>, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }
}

/// A single primitive result, `{"value": x}`, decoded as `T`.
pub struct Value<T>(PhantomData<T>);

impl<T: DeserializeOwned> ResponseKind for Value<T> {
    type Output = T;
    const EXPECTED: &'static str = "a value (`{\"value\": ...}`)";
    fn decode_body(body: &[u8]) -> Result<T, String> {
        #[derive(Deserialize)]
        struct Single<T> {
            value: T,
        }
        serde_json::from_slice::<Single<T>>(body).map(|c| c.value).map_err(|e| e.to_string())
    }
}

/// No content expected (204, or a body that is ignored).
pub struct NoContent;

impl ResponseKind for NoContent {
    type Output = ();
    const EXPECTED: &'static str = "no content";
    fn decode_body(_: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

/// A number sent as text: a collection's `/$count`.
pub struct Count;

impl ResponseKind for Count {
    type Output = u64;
    const EXPECTED: &'static str = "a count";
    fn decode_body(body: &[u8]) -> Result<u64, String> {
        let text = std::str::from_utf8(body).map_err(|_| "the count is not text".to_owned())?;
        // The service writes it as text/plain, maybe after a byte-order mark.
        let text = text.trim_start_matches('\u{feff}').trim();
        text.parse().map_err(|_| format!("{:?} is not a count", crate::values::error::bounded(text.to_owned())))
    }
}

/// Raw bytes (media entities).
pub struct Bytes;

impl ResponseKind for Bytes {
    type Output = Vec<u8>;
    const EXPECTED: &'static str = "bytes";
    fn decode_body(body: &[u8]) -> Result<Vec<u8>, String> {
        Ok(body.to_vec())
    }
}

/// Where a request goes: a path below the base URL, or a whole URL the service
/// handed out (`@odata.nextLink`, a `Location`), sent as the service wrote it.
#[derive(Debug, Clone)]
enum Target {
    Path(String),
    Url(String),
}

/// The preference that asks Graph for evolvable enums' members after
/// `unknownFutureValue` by name (Microsoft Graph REST API Guidelines,
/// "Evolvable enums").
const UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

/// The `Prefer` header (RFC 7240).
const PREFER: http::HeaderName = http::HeaderName::from_static("prefer");

/// Whether the `Prefer` fields of `headers` ask for `preference` (a list of
/// comma-separated preferences, each with optional parameters, RFC 7240).
fn prefers(headers: &http::HeaderMap, preference: &str) -> bool {
    let items = headers.get_all(PREFER).into_iter().filter_map(|value| value.to_str().ok()).flat_map(|v| v.split(','));
    items
        .map(|item| item.split(';').next().unwrap_or_default().trim())
        .any(|name| name.eq_ignore_ascii_case(preference))
}

/// Whether two query option names (as written in a URL) name the same
/// option: without regard to case, and with or without the `$` (OData 4.01
/// lets a system query option drop it), percent-decoded.
fn same_option(a: &str, b: &str) -> bool {
    let name = |text: &str| {
        let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy().to_ascii_lowercase();
        decoded.strip_prefix('$').map(str::to_owned).unwrap_or(decoded)
    };
    name(a) == name(b)
}

/// Why `url`, a URL the service handed out, may not be requested with
/// `client` (rooted at an API version), if it may not: it must be absolute,
/// on the client's origin (scheme, host and port as the client's; no user
/// information), below the client's API version (`/v1.0/...` for a
/// `client.v1()` request), with no dot segment in any encoding, no
/// backslash, and no segment that an encoded `/` or `\` (`..%2Fbeta`,
/// `%5C..%5C`) turns into a dot segment for a server that decodes before it
/// resolves; and valid as a URI. The bearer token goes with the request, so
/// anything else is refused unsent. Every URL the client follows goes
/// through this one check: a `Location` or link ([`Request::from_url`]), an
/// `@odata.nextLink`, and a redirect within the origin.
pub fn check_service_url(client: &Handle, url: &str) -> Result<(), String> {
    check_url_below(client.base_url(), url)
}

/// [`check_service_url`] against a base URL (`https://graph.microsoft.com/v1.0`).
pub(crate) fn check_url_below(base_url: &str, url: &str) -> Result<(), String> {
    let refuse = |why: &str| Err(bounded(format!("refusing to request {url:?}: {why}")));
    let Ok(uri) = url.parse::<http::Uri>() else { return refuse("it is not a valid absolute URL") };
    let Ok(base) = base_url.parse::<http::Uri>() else { return refuse("the client's base URL is not valid") };
    let origin = |uri: &http::Uri| {
        Some((uri.scheme_str()?.to_ascii_lowercase(), uri.authority()?.as_str().to_ascii_lowercase()))
    };
    match (origin(&uri), origin(&base)) {
        (Some(theirs), Some(ours)) if theirs == ours && !theirs.1.contains('@') => {}
        (Some(_), Some((scheme, authority))) => {
            return refuse(&format!("it leaves {scheme}://{authority} (the token would go with it)"))
        }
        (Some(_), None) => return refuse("the client's base URL is not absolute"),
        (None, _) => return refuse("it is not an absolute URL"),
    }
    if url.contains('\\') {
        return refuse("it holds a backslash, which URL parsers read as `/`");
    }
    let path = uri.path();
    if path.split('/').skip(1).any(|segment| !segment.is_empty() && is_dot_segment(segment)) {
        return refuse("its path holds a dot segment (`.` or `..`), which would lead elsewhere");
    }
    if path.split('/').any(hides_dot_segment) {
        return refuse(
            "a segment of its path holds an encoded `/` or `\\` around a dot segment, which would lead elsewhere",
        );
    }
    let version = base.path().trim_end_matches('/');
    if version.is_empty() {
        return refuse(
            "the client has no API version to check it against (start from `client.v1()` or `client.beta()`)",
        );
    }
    match path.strip_prefix(version) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Ok(()),
        _ => {
            let named = path.split('/').find(|s| !s.is_empty()).unwrap_or_default();
            refuse(&format!(
                "it names another API version (`{named}`) than this request's (`{}`)",
                version.trim_start_matches('/')
            ))
        }
    }
}

/// Whether one path segment, as written or percent-decoded ([`any_decoding`]),
/// holds a `/` or `\` with a dot segment beside it:
/// one segment by the standards, but a server that decodes `%2F` or `%5C`
/// before it resolves dot segments reads `..%2Fbeta` as `../beta`.
fn hides_dot_segment(segment: &str) -> bool {
    any_decoding(segment, |text| {
        text.contains(['/', '\\']) && text.split(['/', '\\']).any(|piece| piece == "." || piece == "..")
    })
}

/// One call to Graph, not yet sent. `K` says how its answer is decoded
/// ([`Json`], [`Values`], [`Value`], [`NoContent`], [`Bytes`]).
///
/// ```no_run
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new("token"));
/// let job = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs().job("{jobId}");
/// // The decoded value ...
/// let read = job.get().send().await?;
/// // ... or the value with the answer's status and headers.
/// let answer = job.pause().send_with_response().await?;
/// println!("{:?} paused: {} (request-id {:?})", read.id, answer.status, answer.request_id());
/// # Ok(())
/// # }
/// ```
pub struct Request<K> {
    client: Handle,
    method: http::Method,
    target: Target,
    query: Vec<(String, String)>,
    body: Option<(Vec<u8>, String)>,
    /// An error met while building (a body that does not serialize), reported on use.
    problem: Option<String>,
    /// Values the body carries that are credentials ([`Request::sensitive`]):
    /// redacted from the errors of this request.
    secrets: Secrets,
    /// Headers added with [`Request::header`] (`ConsistencyLevel`, `Prefer`).
    headers: http::HeaderMap,
    /// The `client-request-id` of this call: the same for each attempt, and
    /// for each page of a listing.
    client_request_id: String,
    /// The bound action or function called, for pacing and diagnostics.
    operation: Option<String>,
    /// The path with `{id}` for each id, for diagnostics.
    template: String,
    /// This call's settings in place of the client's ([`Request::settings`]).
    settings: CallSettings,
    kind: PhantomData<K>,
}

/// A copy of the request, to send again (written by hand: a derive would
/// require `K: Clone`).
impl<K> Clone for Request<K> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            method: self.method.clone(),
            target: self.target.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            problem: self.problem.clone(),
            secrets: self.secrets.clone(),
            headers: self.headers.clone(),
            client_request_id: self.client_request_id.clone(),
            operation: self.operation.clone(),
            template: self.template.clone(),
            settings: self.settings,
            kind: PhantomData,
        }
    }
}

impl<K> std::fmt::Debug for Request<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("query", &self.query)
            .field("body_bytes", &self.body.as_ref().map(|(bytes, _)| bytes.len()))
            .field("client_request_id", &self.client_request_id)
            .finish_non_exhaustive()
    }
}

impl<K: ResponseKind> Request<K> {
    /// A request that fails when used (built with an invalid id, say):
    /// nothing is sent, and `to_http` and `send` give [`Error::Request`].
    pub(crate) fn refused(mut self, problem: Option<String>) -> Self {
        if problem.is_some() {
            self.problem = problem;
        }
        self
    }

    /// A request to `path` (already encoded, starting with `/`) below the
    /// client's base URL (its service root and API version).
    pub fn new(client: Handle, method: http::Method, path: impl Into<String>) -> Self {
        let path = path.into();
        Self {
            client,
            method,
            template: path.clone(),
            target: Target::Path(path),
            query: Vec::new(),
            body: None,
            problem: None,
            secrets: Secrets::default(),
            headers: http::HeaderMap::new(),
            client_request_id: uuid::Uuid::new_v4().to_string(),
            operation: None,
            settings: CallSettings::default(),
            kind: PhantomData,
        }
    }

    /// A `GET` of a URL the service handed out (a `Location`, a link in a
    /// body), of an entity or answer that `K` decodes. The URL is sent as
    /// the service wrote it (its query is never decoded and encoded again;
    /// the HTTP layer's URL parser writes a `'` in a query as `%27`); one
    /// that leaves the client's origin or API version is refused unsent
    /// ([`check_service_url`]): [`Request::to_http`] and `send` give
    /// [`Error::Request`].
    pub fn from_url(client: &Handle, url: &str) -> Self {
        let mut request = Request::new(client.clone(), http::Method::GET, String::new());
        request.problem = check_service_url(client, url).err();
        request.template = template_of(url);
        request.target = Target::Url(url.to_owned());
        request
    }

    /// A `GET` of a URL the service handed out (the next page of `self`'s
    /// listing): the same client-request-id and headers as `self`.
    #[cfg(feature = "client")]
    pub(crate) fn follow<P: ResponseKind>(&self, url: String) -> Request<P> {
        let mut request = Request::new(self.client.clone(), http::Method::GET, String::new());
        request.target = Target::Url(url);
        request.headers = self.headers.clone();
        request.client_request_id = self.client_request_id.clone();
        request.template = self.template.clone();
        request.settings = self.settings;
        request
    }

    /// `GET {path}/$count` of a collection's listing: its `$filter` and
    /// `$search`, its headers and client-request-id, answered as a number.
    /// A listing at a URL the service handed out has no path to count.
    pub(crate) fn count_segment(&self) -> Request<Count> {
        let mut request = Request::new(self.client.clone(), http::Method::GET, String::new());
        match &self.target {
            Target::Path(path) => request.target = Target::Path(format!("{path}/$count")),
            Target::Url(_) => {
                request.problem =
                    Some("a listing at a URL the service handed out cannot be counted by `/$count`".into())
            }
        }
        request.problem = request.problem.or_else(|| self.problem.clone());
        let kept = ["$filter", "$search"];
        request.query = self.query.iter().filter(|(name, _)| kept.contains(&name.as_str())).cloned().collect();
        request.headers = self.headers.clone();
        request.headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("text/plain"));
        request.client_request_id = self.client_request_id.clone();
        request.template = format!("{}/$count", self.template);
        request.settings = self.settings;
        request
    }

    /// The path with `{id}` for each id (set by the request builders).
    pub(crate) fn template(mut self, template: String) -> Self {
        self.template = template;
        self
    }

    /// Marks the request as a call of the bound action or function `name`:
    /// the client paces it to that operation's rate.
    pub(crate) fn operation(mut self, name: &str) -> Self {
        self.operation = Some(name.to_owned());
        self
    }

    /// Sets a request header, replacing any value it had.
    pub(crate) fn replace_header(mut self, name: &str, value: &str) -> Self {
        if let Ok(name) = http::HeaderName::try_from(name) {
            self.headers.remove(&name);
        }
        self.header(name, value)
    }

    /// Sets a request header unless the request has it already (the
    /// caller's own value wins).
    pub(crate) fn header_unless_set(self, name: &str, value: &str) -> Self {
        if self.headers.contains_key(name) {
            self
        } else {
            self.header(name, value)
        }
    }

    /// Adds a request header, such as `ConsistencyLevel: eventual` or
    /// `Prefer`. A listing sends it with every page. A header that is not
    /// valid HTTP makes the request fail unsent ([`Error::Request`]).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (http::HeaderName::try_from(name), http::HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => self.problem = Some(format!("{name:?} is not a valid header name, or its value is not valid")),
        }
        self
    }

    /// This call's settings in place of the client's: its time limits and
    /// retries ([`CallSettings`]; a listing's pages each keep them). Inside a
    /// batch its requests travel in one call: the batch's settings apply.
    pub fn settings(mut self, settings: CallSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The settings this call has in place of the client's.
    pub fn call_settings(&self) -> CallSettings {
        self.settings
    }

    /// Asks for the members Graph added to an evolvable enum after its
    /// `unknownFutureValue`, by name (`Prefer: include-unknown-enum-members`);
    /// without it, Graph answers each of them as `unknownFutureValue`. For
    /// every request of a client: [`Builder::include_unknown_enum_members`](crate::Builder::include_unknown_enum_members).
    pub fn include_unknown_enum_members(self) -> Self {
        if prefers(&self.headers, UNKNOWN_ENUM_MEMBERS) {
            return self;
        }
        self.header("prefer", UNKNOWN_ENUM_MEMBERS)
    }

    /// The `client-request-id` this call sends (with each attempt and each
    /// page), to find it in the service's logs.
    pub fn client_request_id(&self) -> &str {
        &self.client_request_id
    }

    /// Adds a JSON body.
    pub fn json_body(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((bytes, "application/json".to_owned())),
            Err(error) => self.problem = Some(format!("the body does not serialize: {error}")),
        }
        self
    }

    /// Marks the body as carrying credentials (the generated code does this
    /// for every request whose body type holds a secret property): each text
    /// value in the body of 4 characters or more is redacted from this
    /// request's errors, since a service may echo what it was sent.
    pub fn sensitive(mut self) -> Self {
        fn collect(value: serde_json::Value, secrets: &mut Vec<String>) {
            match value {
                serde_json::Value::String(text) => secrets.push(text),
                serde_json::Value::Array(items) => items.into_iter().for_each(|item| collect(item, secrets)),
                serde_json::Value::Object(map) => map.into_iter().for_each(|(_, item)| collect(item, secrets)),
                _ => {}
            }
        }
        if let Some(Ok(body)) = self.body.as_ref().map(|(bytes, _)| serde_json::from_slice(bytes)) {
            let mut values = Vec::new();
            collect(body, &mut values);
            self.secrets = self.secrets.union(&Secrets::new(values));
        }
        self
    }

    /// The credentials this request carries ([`Request::sensitive`]).
    #[cfg(feature = "client")]
    pub(crate) fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// Marks `secrets` (the credentials of requests this one carries, as a
    /// `$batch` call carries its requests) for redaction from this request's errors.
    #[cfg(feature = "client")]
    pub(crate) fn with_secrets(mut self, secrets: &Secrets) -> Self {
        self.secrets = self.secrets.union(secrets);
        self
    }

    /// Adds a raw body with its content type.
    pub fn raw_body(mut self, bytes: Vec<u8>, content_type: impl Into<String>) -> Self {
        self.body = Some((bytes, content_type.into()));
        self
    }

    /// Adds a query option as text, unchecked: nothing makes sure `name` is
    /// an option the service knows or `value` an expression it reads (the
    /// value is percent-encoded). The typed options are on the requests that
    /// take them: `select` and `expand` on an entity's read, and every
    /// option on a [`ListRequest`](crate::ListRequest).
    pub fn query_unchecked(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Adds a query option as text, unchecked.
    #[deprecated(since = "0.4.0", note = "the same, named for what it is: `query_unchecked`")]
    pub fn query(self, name: &str, value: impl Into<String>) -> Self {
        self.query_unchecked(name, value)
    }

    /// Adds `value` to the query option `name`, comma-separated after any
    /// value before it (`$select`, `$expand`).
    pub(crate) fn append_query(self, name: &str, value: &str) -> Self {
        let value = match self.query_value(name) {
            Some(before) => format!("{before},{value}"),
            None => value.to_owned(),
        };
        self.set_query(name, value)
    }

    /// Sets the query option `name`: its value replaces any before it.
    pub(crate) fn set_query(mut self, name: &str, value: String) -> Self {
        match self.query.iter_mut().find(|(option, _)| option == name) {
            Some((_, before)) => *before = value,
            None => self.query.push((name.to_owned(), value)),
        }
        self
    }

    /// The value of the query option `name`, if the request has it.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(option, _)| option == name).map(|(_, value)| value.as_str())
    }

    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The client the request is sent with (rooted at its API version).
    pub fn client(&self) -> &Handle {
        &self.client
    }

    /// The full URL, with the query.
    ///
    /// At a URL the service handed out, an option set on the request is not
    /// added a second time (OData services answer a repeated option with
    /// `400`): a `$filter` joins the URL's with `and`, so that the URL's own
    /// restriction stays; any other option replaces the URL's.
    pub fn url(&self) -> String {
        let encoded = |(name, value): &(String, String)| {
            (utf8_percent_encode(name, QUERY_NAME).to_string(), utf8_percent_encode(value, QUERY).to_string())
        };
        let mut ours: Vec<(String, String)> = self.query.iter().map(encoded).collect();
        let (mut url, theirs) = match &self.target {
            Target::Path(path) => (format!("{}{path}", self.client.base_url()), Vec::new()),
            Target::Url(url) => match url.split_once('?') {
                Some((base, query)) => (base.to_owned(), query.split('&').filter(|p| !p.is_empty()).collect()),
                None => (url.clone(), Vec::new()),
            },
        };
        let mut pairs: Vec<String> = Vec::new();
        for pair in theirs {
            // The URL's option as the service wrote it, unless the request sets it too.
            let name = pair.split_once('=').map_or(pair, |(name, _)| name);
            let Some(at) = ours.iter().position(|(ours, _)| same_option(ours, name)) else {
                pairs.push(pair.to_owned());
                continue;
            };
            let (ours_name, ours_value) = ours.remove(at);
            if ours_name.eq_ignore_ascii_case("$filter") {
                let theirs_value = pair.split_once('=').map_or("", |(_, value)| value);
                pairs.push(format!("{ours_name}=({theirs_value})%20and%20({ours_value})"));
            } else {
                pairs.push(format!("{ours_name}={ours_value}"));
            }
        }
        pairs.extend(ours.into_iter().map(|(name, value)| format!("{name}={value}")));
        if !pairs.is_empty() {
            url.push('?');
            url.push_str(&pairs.join("&"));
        }
        url
    }

    /// The request as `http::Request`, without the `Authorization` header (the
    /// client adds it when sending). Carries this call's `client-request-id`,
    /// the client's `User-Agent` (unless [`Request::header`] gave one), the
    /// headers added with [`Request::header`], and (in its extensions)
    /// the [`Operation`] called and the [`PathTemplate`].
    pub fn to_http(&self) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::Request(problem.clone()));
        }
        let mut builder = http::Request::builder()
            .method(self.method.clone())
            .uri(self.url())
            .header("client-request-id", self.client_request_id.as_str());
        if !self.headers.contains_key(http::header::ACCEPT) {
            builder = builder.header(http::header::ACCEPT, "application/json");
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        // One more `Prefer` field for the client's preference, unless the
        // request asks for it already (several fields are one list, RFC 7240).
        if self.client.includes_unknown_enum_members() && !prefers(&self.headers, UNKNOWN_ENUM_MEMBERS) {
            builder = builder.header(PREFER, UNKNOWN_ENUM_MEMBERS);
        }
        if !self.headers.contains_key(http::header::USER_AGENT) {
            builder = builder.header(http::header::USER_AGENT, self.client.user_agent()?);
        }

        if let Some(operation) = &self.operation {
            builder = builder.extension(Operation(operation.clone()));
        }
        builder = builder.extension(PathTemplate(self.template.clone()));
        if self.settings != CallSettings::default() {
            builder = builder.extension(self.settings);
        }
        let body = match &self.body {
            Some((bytes, content_type)) => {
                builder = builder.header(http::header::CONTENT_TYPE, content_type.as_str());
                bytes.clone()
            }
            // A POST, PUT or PATCH without a body (`start`, `pause`, ...) says
            // so: over HTTP/1.1 nothing else would, and Graph's front end
            // answers such requests with `411 Length Required`.
            None if matches!(self.method, http::Method::POST | http::Method::PUT | http::Method::PATCH) => {
                builder = builder.header(http::header::CONTENT_LENGTH, "0");
                Vec::new()
            }
            None => Vec::new(),
        };
        builder.body(body).map_err(|e| Error::Request(e.to_string()))
    }

    /// Decodes a response to this request: the typed result for a 2xx answer,
    /// [`Error::Graph`] for an error status, [`Error::Decode`] (with the raw body)
    /// for a body that does not decode.
    pub fn decode(&self, response: http::Response<Vec<u8>>) -> Result<K::Output, Error> {
        decode_response::<K>(response, &self.secrets)
    }
}

/// What diagnostics show of a URL the service handed out: its path, with no
/// query (which may hold ids and filters on people's names).
fn template_of(url: &str) -> String {
    url.parse::<http::Uri>().map(|uri| uri.path().to_owned()).unwrap_or_default()
}

/// A decoded answer with the status and headers it came with
/// ([`Request::send_with_response`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub value: T,
}

impl<T> Response<T> {
    /// A header's value, if it is present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The id Graph gave the request (its `request-id` header), for a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.header("request-id")
    }

    /// The decoded value.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// Decodes `response` as `K`: an error answer is [`Error::Graph`], a body
/// that does not decode [`Error::Decode`]; every spelling of `secrets` is
/// redacted from what either keeps, before it is cut to its bound.
pub(crate) fn decode_response<K: ResponseKind>(
    response: http::Response<Vec<u8>>,
    secrets: &Secrets,
) -> Result<K::Output, Error> {
    let status = response.status();
    let (parts, body) = response.into_parts();
    if !status.is_success() {
        let error = GraphError::decode(&body, parts.headers, secrets);
        return Err(Error::Graph { status, error: Box::new(error) });
    }
    K::decode_body(&body).map_err(|mut message| {
        let mut text = String::from_utf8_lossy(&body).into_owned();
        secrets.redact(&mut message);
        secrets.redact(&mut text);
        Error::Decode { status, expected: K::EXPECTED, message: bounded(message), body: bounded(text) }
    })
}

/// The JSON body of an action: its parameters by name. `Debug` prints the
/// parameters' names, never their values (they may be credentials).
#[derive(Default)]
pub struct ActionBody {
    parameters: serde_json::Map<String, serde_json::Value>,
    problem: Option<String>,
}

impl std::fmt::Debug for ActionBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionBody")
            .field("parameters", &self.parameters.keys().collect::<Vec<_>>())
            .field("problem", &self.problem)
            .finish()
    }
}

impl ActionBody {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parameter.
    pub fn parameter(mut self, name: &str, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.parameters.insert(name.to_owned(), value);
            }
            Err(error) => self.problem = Some(format!("parameter `{name}` does not serialize: {error}")),
        }
        self
    }

    /// Adds a parameter unless it is `None` (an omitted optional parameter).
    pub fn optional_parameter(self, name: &str, value: Option<&impl Serialize>) -> Self {
        match value {
            Some(value) => self.parameter(name, value),
            None => self,
        }
    }

    /// Attaches the body to a request; an action without parameters gets no body.
    pub fn attach<K: ResponseKind>(self, request: Request<K>) -> Request<K> {
        match self.problem {
            Some(problem) => Request { problem: Some(problem), ..request },
            None if self.parameters.is_empty() => request,
            None => request.json_body(&self.parameters),
        }
    }
}

/// A function parameter value as an OData URL literal: strings quoted
/// (`'it''s'`), everything else as JSON (numbers, booleans, complex values).
pub fn url_literal(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => format!("'{}'", text.replace('\'', "''")),
        Ok(other) => other.to_string(),
        Err(_) => "null".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_bodies_never_print_their_values() {
        let body =
            ActionBody::new().parameter("credentials", &[("BaseAddress", "https://x"), ("SecretToken", "s3cr3t")]);
        let printed = format!("{body:?}");
        assert!(printed.contains("credentials") && !printed.contains("s3cr3t"), "{printed}");
    }

    #[test]
    fn only_urls_on_the_clients_origin_and_version_are_followed() {
        let client = Handle::builder(crate::values::token::StaticToken::new("t"))
            .root("https://graph.test")
            .build()
            .at_version("v1.0");
        let ok = "https://graph.test/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'x'";
        assert_eq!(check_service_url(&client, ok), Ok(()));
        // An id with an encoded `/` but no dot segment beside it is an id.
        assert_eq!(check_service_url(&client, "https://graph.test/v1.0/x/a%2Fb.c"), Ok(()));
        let request: Request<Json<serde_json::Value>> = Request::from_url(&client, ok);
        assert_eq!(request.to_http().unwrap().uri(), ok, "sent as written");
        for (url, why) in [
            ("https://other.test/v1.0/x", "it leaves"),
            ("http://graph.test/v1.0/x", "it leaves"),
            ("https://graph.test:8443/v1.0/x", "it leaves"),
            ("https://user@graph.test/v1.0/x", "it leaves"),
            ("https://graph.test/beta/x", "another API version (`beta`)"),
            ("https://graph.test/v1.0x/y", "another API version"),
            ("https://graph.test/v1.0/../beta/x", "dot segment"),
            ("https://graph.test/v1.0/%2E%2e/beta", "dot segment"),
            ("https://graph.test/v1.0/..%2Fbeta/x", "encoded `/`"),
            ("https://graph.test/v1.0/%5C..%5Cbeta/x", "encoded `/`"),
            ("https://graph.test/v1.0/x%252F..%252Fy", "encoded `/`"),
            ("/v1.0/x", "not an absolute URL"),
        ] {
            let error = check_service_url(&client, url).unwrap_err();
            assert!(error.contains(why), "{url}: {error}");
            let request: Request<Json<serde_json::Value>> = Request::from_url(&client, url);
            assert!(request.to_http().is_err(), "{url} is refused unsent");
        }
    }

    #[test]
    fn ids_cannot_change_the_path_or_query() {
        assert_eq!(key_segment("abc-123").unwrap(), "/abc-123");
        assert_eq!(key_segment("../x?y#z").unwrap(), "/..%2Fx%3Fy%23z");
        assert_eq!(key_segment("a/b%c d").unwrap(), "/a%2Fb%25c%20d");
        assert_eq!(key_segment("...").unwrap(), "/...");
        for dots in ["", ".", "..", "%2E", "%2e%2E", ".%2e", "%252E%252E", "%25252e."] {
            assert!(key_segment(dots).is_err(), "{dots:?}");
        }
    }
}

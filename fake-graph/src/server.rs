//! The fake's HTTP side: a hyper server on a loopback port that records each
//! request, applies the scripted faults, checks the token, routes the path
//! through the version's generated route table, checks the body against the
//! generated types, and writes the answer the way Graph does (headers, error
//! shape).

use std::sync::Arc;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;

use super::routes::{Op, Shape};

use super::answers::error;
use super::wire::{answer_parts, httpdate, query_pairs, segments_of, Query};
use super::{Answer, Fault, ReceivedRequest, Shared};

/// The largest request body the fake reads.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Binds a loopback port and serves on it until the task is aborted.
pub(crate) async fn serve(shared: Arc<Shared>) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let root = format!("http://{}", listener.local_addr().expect("a bound address"));
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let shared = shared.clone();
            tokio::spawn(async move {
                let timeout = shared.client_timeout();
                let service = service_fn(move |request| handle(shared.clone(), request));
                // A client that sends its head too slowly is cut off, as a
                // server does; a dropped connection (a scripted fault) ends
                // here with an error, as it should.
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(timeout)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (root, task)
}

/// A fault that drops the connection: hyper closes it without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the connection was dropped (a scripted fault)")
    }
}

impl std::error::Error for Dropped {}

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    // A body past the cap is refused unread when its length says so (see `respond`).
    let declared = parts.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Ok(respond(&shared, &parts, Body::TooLarge, None).map(Full::new));
    }
    let read = tokio::time::timeout(shared.client_timeout(), Limited::new(body, MAX_BODY_BYTES).collect()).await;
    let bytes = match read {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            return Ok(respond(&shared, &parts, Body::TooLarge, None).map(Full::new));
        }
        // A body that breaks off or comes too slowly: the connection is closed.
        Ok(Err(_)) | Err(_) => return Err(Dropped),
    };
    // A fault of `fail_next`, else one aimed at this call.
    let next = shared.faults.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
    let fault = next.or_else(|| {
        let mut aimed = shared.aimed.lock().unwrap_or_else(|p| p.into_inner());
        super::faults::take(&mut aimed, parts.method.as_str(), parts.uri.path(), true)
    });
    match fault {
        Some(Fault::DroppedConnection) => return Err(Dropped),
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        _ => {}
    }
    Ok(respond(&shared, &parts, Body::Read(&bytes), fault).map(Full::new))
}

/// A request's body, as the server read it.
pub(crate) enum Body<'a> {
    Read(&'a [u8]),
    /// Past [`MAX_BODY_BYTES`] (left unread).
    TooLarge,
}

/// Everything the fake does with a request once its body is read (or found
/// too large) and its fault is chosen: records it, answers the fault, checks
/// the token and the body, routes it (a `$batch` item by item), and writes
/// the answer as Graph does. No I/O: the fuzz target of the fake's request
/// handling calls it too ([`crate::answer_in_memory`]).
pub(crate) fn respond(
    shared: &Shared,
    parts: &http::request::Parts,
    body: Body<'_>,
    fault: Option<Fault>,
) -> http::Response<Bytes> {
    let bytes = match body {
        Body::Read(bytes) => bytes,
        // `413`: "Microsoft Graph error responses and resource types", section
        // "HTTP status codes": "The request size exceeds the maximum limit".
        // Graph documents no size for these calls: the cap is the fake's own,
        // and so is the error code (the page names the status, not a code).
        Body::TooLarge => {
            let message =
                format!("The request size exceeds the maximum limit of {MAX_BODY_BYTES} bytes (the fake's cap).");
            return write(error(413, "RequestEntityTooLarge", &message), "", None, shared.now());
        }
    };
    let body: Value = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(bytes).unwrap_or(Value::Null) };
    let client_request_id = parts.headers.get("client-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let request_id = uuid::Uuid::new_v4().to_string();
    shared.requests.lock().unwrap_or_else(|p| p.into_inner()).push(ReceivedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body: body.clone(),
    });
    let reply = |answer: Answer| write(answer, &request_id, client_request_id.as_deref(), shared.now());

    if let Some(fault) = fault {
        if let Some(answer) = super::faults::answer(&fault, parts.method.as_str(), parts.uri.path(), &body) {
            return reply(answer);
        }
    }
    let bearer = parts.headers.get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let token = bearer.and_then(|v| v.strip_prefix("Bearer ")).unwrap_or_default();
    if let Some(refusal) = shared.tokens().refusal(token) {
        return reply(refusal);
    }
    if !bytes.is_empty() && body.is_null() && !is_json_null(bytes) {
        return reply(error(400, "BadRequest", "The request body is not valid JSON."));
    }

    if parts.method == http::Method::POST && parts.uri.path().ends_with("/bulkUpload") && !is_scim(&parts.headers) {
        // "Troubleshoot inbound provisioning API issues", section "Invalid data format":
        // the status and the message "Invalid Data Format"; the code is the fake's.
        return reply(error(
            400,
            "InvalidDataFormat",
            "Invalid Data Format: the Content-Type is not application/scim+json.",
        ));
    }
    let query = parts.uri.query().map(query_pairs).unwrap_or_default();
    let root = host_root(parts);
    let answer = match segments_of(parts.uri.path()).as_slice() {
        [version, batch] if batch == "$batch" && parts.method == http::Method::POST => {
            let dispatch = |method: &str, path: &str, query: Query<'_>, body: &Value| {
                // A fault aimed at this item answers it alone.
                let fault = {
                    let mut aimed = shared.aimed.lock().unwrap_or_else(|p| p.into_inner());
                    super::faults::take(&mut aimed, method, path, false)
                };
                if let Some(answer) = fault.and_then(|fault| super::faults::answer(&fault, method, path, body)) {
                    return answer;
                }
                dispatch(shared, Call { method, path, query, body }, &root)
            };
            let now = std::time::SystemTime::UNIX_EPOCH + shared.now();
            super::batch::answer(version, &body, &dispatch, now)
        }
        _ => {
            let level = parts.headers.get("consistencylevel").and_then(|v| v.to_str().ok());
            let query = Query::new(&query, level);
            dispatch(shared, Call { method: parts.method.as_str(), path: parts.uri.path(), query, body: &body }, &root)
        }
    };
    reply(answer)
}

/// One request as the fake reads it.
pub(crate) struct Call<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Query<'a>,
    pub(crate) body: &'a Value,
}

/// One request below the service root (`/v1.0/servicePrincipals/...`),
/// authenticated already: routed through its version's route table, its
/// body checked against the generated types, and answered by the state.
/// A `$batch` item goes through here too.
pub(crate) fn dispatch(shared: &Shared, call: Call<'_>, root: &str) -> Answer {
    let Call { method, path, query, body } = call;
    let segments = segments_of(path);
    let Some((version, rest)) = segments.split_first() else {
        return error(400, "BadRequest", "Invalid version: the path starts with no version.");
    };
    let Some(api) = shared.apis.iter().copied().find(|api| api.version == version) else {
        return error(400, "BadRequest", &format!("Invalid version: {version}"));
    };
    // `{collection}/$count`: the collection's listing, counted.
    let counted = rest.last().is_some_and(|segment| segment == "$count") && method == "GET";
    let route = if counted { &rest[..rest.len() - 1] } else { rest };
    let walk = match api.walk(method, route) {
        Ok(walk) => walk,
        Err(no_route) => {
            return error(400, "BadRequest", &format!("Resource not found for the segment '{}'.", no_route.0));
        }
    };
    if let Err(problem) = (walk.call.check)(body) {
        return error(400, "BadRequest", &format!("The request body is not valid: {problem}"));
    }
    if let Some(refusal) = super::filter::restricted(&walk, &query) {
        return refusal;
    }
    let now = shared.now();
    let mut state = shared.state();
    // What the service would have done by now: runs ended, uploads processed after their lag.
    state.process_runs(now);
    state.process_uploads(now);
    if counted {
        return count(&mut state, &walk, query, (root, path.trim_end_matches("/$count")), now);
    }
    state.call(&walk, body, query, (root, path), now)
}

/// `GET {collection}/$count` (the "List servicePrincipals" page, example "Get
/// only a count of service principals"): the number of items the listing
/// has with the request's `$filter` and `$search`, as text. On directory
/// objects it needs `ConsistencyLevel: eventual`, as `$count=true` does;
/// without it Graph's answer is not documented: the fake answers `400`.
fn count(
    state: &mut super::state::State,
    walk: &super::routes::Walk,
    query: Query<'_>,
    at: (&str, &str),
    now: std::time::Duration,
) -> Answer {
    if !(walk.shape == Shape::Collection && matches!(walk.call.op, Op::List | Op::ListCast(_))) {
        return error(400, "BadRequest", "$count follows a collection.");
    }
    let kept = ["$filter", "$search"];
    let mut pairs: Vec<(String, String)> =
        query.pairs.iter().filter(|(name, _)| kept.iter().any(|k| k.eq_ignore_ascii_case(name))).cloned().collect();
    pairs.push(("$count".to_owned(), "true".to_owned()));
    match state.call(walk, &Value::Null, Query { pairs: &pairs, eventual: query.eventual }, at, now) {
        Answer::Json { status: 200, body } => match body["@odata.count"].as_u64() {
            Some(count) => Answer::Count(count),
            None => {
                error(400, "Request_BadRequest", "Count is not currently supported without ConsistencyLevel: eventual.")
            }
        },
        other => other,
    }
}

/// Whether the request says its body is `application/scim+json`.
fn is_scim(headers: &http::HeaderMap) -> bool {
    let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    content_type.split(';').next().is_some_and(|media| media.trim().eq_ignore_ascii_case("application/scim+json"))
}

fn is_json_null(bytes: &[u8]) -> bool {
    bytes.iter().copied().filter(|b| !b.is_ascii_whitespace()).eq(b"null".iter().copied())
}

/// `http://{host}` as the client addressed the fake.
fn host_root(parts: &http::request::Parts) -> String {
    let host = parts.headers.get(http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// The answer as Graph writes it: JSON with `request-id`, `client-request-id`
/// and `Date`; errors as `{"error": {"code", "message", "innerError"}}`.
fn write(
    answer: Answer,
    request_id: &str,
    client_request_id: Option<&str>,
    now: std::time::Duration,
) -> http::Response<Bytes> {
    let date = httpdate(std::time::SystemTime::UNIX_EPOCH + now);
    let mut builder = http::Response::builder().header("request-id", request_id).header("date", &date).header(
        "x-ms-ags-diagnostic",
        r#"{"ServerInfo":{"DataCenter":"Fake","Slice":"E","Ring":"1","ScaleUnit":"000","RoleInstance":"fake-graph"}}"#,
    );
    if let Some(id) = client_request_id {
        builder = builder.header("client-request-id", id);
    }
    let (status, headers, body) = answer_parts(answer, &date, request_id, client_request_id);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let response = match body {
        Some(body) => builder.status(status).body(Bytes::from(body.to_string())),
        None => builder.status(status).body(Bytes::new()),
    };
    response.unwrap_or_else(|_| http::Response::new(Bytes::new()))
}

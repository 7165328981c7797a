//! The fake's wire format, apart from the server that speaks it: a
//! request's path segments and query pairs, percent-decoded, and an
//! answer's status, headers and body as Graph writes them, whether alone or
//! inside a `$batch` answer.

use serde_json::{json, Value};

use super::Answer;

/// A path's segments, percent-decoded.
pub(crate) fn segments_of(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(decode).collect()
}

/// A request's query as the state answers it: its pairs, and whether the
/// request says `ConsistencyLevel: eventual`, which Graph's advanced queries
/// on directory objects need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Query<'a> {
    pub(crate) pairs: &'a [(String, String)],
    pub(crate) eventual: bool,
}

impl<'a> Query<'a> {
    /// The query of a request whose `ConsistencyLevel` header (or a batch
    /// item's) is `consistency_level`.
    pub(crate) fn new(pairs: &'a [(String, String)], consistency_level: Option<&str>) -> Self {
        Query { pairs, eventual: consistency_level.is_some_and(|level| level.eq_ignore_ascii_case("eventual")) }
    }
}

/// The value of the query option `name` (matched without regard to case).
pub(crate) fn option<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// A query's `name=value` pairs, percent-decoded.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (decode(k), decode(v))).collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The content type of the fake's JSON answers, as Graph writes it.
pub(crate) const JSON_CONTENT_TYPE: &str =
    "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

/// An answer's status, headers (content type, `Retry-After`, `Location`) and
/// JSON body: what a response says, whether alone or inside a `$batch` answer.
pub(crate) fn answer_parts(
    answer: Answer,
    date: &str,
    request_id: &str,
    client_request_id: Option<&str>,
) -> (u16, Vec<(&'static str, String)>, Option<Value>) {
    let error_body = |code: &str, message: &str| {
        json!({"error": {"code": code, "message": message, "innerError": {
            "date": date, "request-id": request_id, "client-request-id": client_request_id.unwrap_or(request_id)
        }}})
    };
    let (status, mut headers, body) = match answer {
        Answer::Json { status, body } => (status, Vec::new(), (!body.is_null()).then_some(body)),
        Answer::Error { status, code, message } => (status, Vec::new(), Some(error_body(&code, &message))),
        Answer::Throttled { retry_after, message } => {
            let seconds = retry_after.as_secs_f64();
            let text =
                if retry_after.subsec_nanos() == 0 { retry_after.as_secs().to_string() } else { format!("{seconds}") };
            (429, vec![("retry-after", text)], Some(error_body("TooManyRequests", &message)))
        }
        Answer::Accepted { location } => (202, vec![("location", location)], None),
        // A number, written as text: the same characters as its JSON.
        Answer::Count(count) => {
            (200, vec![("content-type", "text/plain; charset=utf-8".to_owned())], Some(json!(count)))
        }
    };
    if body.is_some() && !headers.iter().any(|(name, _)| *name == "content-type") {
        headers.push(("content-type", JSON_CONTENT_TYPE.to_owned()));
    }
    (status, headers, body)
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub(crate) fn httpdate(at: std::time::SystemTime) -> String {
    let at = time::OffsetDateTime::from(at);
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.format(&format).unwrap_or_default()
}

//! `POST /{version}/$batch`, as Graph's JSON batching answers it: at most 20
//! requests, each routed and answered as it would be alone (so a
//! `provisionOnDemand` inside a batch is throttled as one outside it is, and
//! answers `429` with its own `Retry-After`), in order, a request whose
//! `dependsOn` names a failed one answered `424 Failed Dependency`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::answers::error;
use super::wire::{answer_parts, httpdate, query_pairs, Query};
use super::Answer;

/// How one request is answered alone (the server's dispatch): its method,
/// its path below the service root (`/v1.0/servicePrincipals/...`), its
/// query (with its `ConsistencyLevel`) and its body.
pub(crate) type Dispatch<'a> = dyn Fn(&str, &str, Query<'_>, &Value) -> Answer + 'a;

/// Graph's limit on the requests of one batch.
const MAX_REQUESTS: usize = 20;

/// The answer to a `$batch` call to `version`.
pub(crate) fn answer(version: &str, body: &Value, dispatch: &Dispatch<'_>, now: std::time::SystemTime) -> Answer {
    let Some(requests) = body["requests"].as_array() else {
        return error(400, "BadRequest", "A $batch body is {\"requests\": [...]}.");
    };
    if requests.is_empty() || requests.len() > MAX_REQUESTS {
        return error(
            400,
            "BadRequest",
            &format!("A $batch holds 1 to {MAX_REQUESTS} requests; this one has {}.", requests.len()),
        );
    }
    let mut ids = std::collections::BTreeSet::new();
    for request in requests {
        let Some(id) = request["id"].as_str() else { return error(400, "BadRequest", "Each request needs an id.") };
        if !ids.insert(id) {
            return error(400, "BadRequest", &format!("The request id '{id}' is used twice."));
        }
    }
    let date = httpdate(now);
    let mut statuses: BTreeMap<String, u16> = BTreeMap::new();
    let mut responses = Vec::new();
    for request in requests {
        let id = request["id"].as_str().unwrap_or_default().to_owned();
        let depends_on: Vec<&str> =
            request["dependsOn"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let failed = depends_on.iter().find(|d| !statuses.get(**d).is_some_and(|s| (200..300).contains(s)));
        let answer = match failed {
            Some(dependency) => {
                error(424, "FailedDependency", &format!("The request it depends on ({dependency}) failed."))
            }
            None => item(version, request, dispatch),
        };
        let request_id = uuid::Uuid::new_v4().to_string();
        let (status, headers, body) = answer_parts(answer, &date, &request_id, None);
        statuses.insert(id.clone(), status);
        let headers: serde_json::Map<String, Value> =
            headers.into_iter().map(|(name, value)| (name.to_owned(), Value::String(value))).collect();
        let mut response = json!({"id": id, "status": status, "headers": headers});
        if let Some(body) = body {
            response["body"] = body;
        }
        responses.push(response);
    }
    Answer::Json { status: 200, body: json!({ "responses": responses }) }
}

/// One request of a batch, answered as if sent alone.
fn item(version: &str, request: &Value, dispatch: &Dispatch<'_>) -> Answer {
    let (Some(method), Some(url)) = (request["method"].as_str(), request["url"].as_str()) else {
        return error(400, "BadRequest", "Each request needs a method and a url.");
    };
    // The url is relative to the version: `/servicePrincipals/...?$top=5`.
    if url.contains("://") {
        return error(400, "BadRequest", "A batched request's url is relative to the version.");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = format!("/{version}/{}", path.trim_start_matches('/'));
    let body = request.get("body").cloned().unwrap_or(Value::Null);
    // Advanced queries in a batch say `ConsistencyLevel` in the item's headers.
    let level = request["headers"]
        .as_object()
        .and_then(|headers| headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("consistencylevel")))
        .and_then(|(_, value)| value.as_str());
    dispatch(&method.to_ascii_uppercase(), &path, Query::new(&query_pairs(query), level), &body)
}

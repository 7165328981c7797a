//! Every documented exchange of the synchronization API (and of the
//! provisioning workflow around it: the gallery, `instantiate`, the
//! provisioning logs, who is provisioned), replayed through the generated crate.
//!
//! `fixtures/docs-corpus/{beta,v1.0}.json` hold each example of the public
//! Graph documentation's `synchronization-*` API pages (beta and v1.0): the
//! page, the request line and body, and the response status and body, as
//! published (bodies as text, so the pages' mistakes are kept too). For each
//! example this test
//!
//! 1. builds the request with the generated builders, setting each documented
//!    parameter or property through the crate's own types, and checks the
//!    method, the path (ids aside: the documented placeholders are used as
//!    ids) and the JSON body against the documented ones: a request the crate
//!    cannot express, or expresses differently, fails here;
//! 2. decodes the documented response with the decoder of that same request,
//!    re-encodes the value and checks it equals the documented JSON: nothing
//!    lost, changed or invented.
//!
//! Documentation artifacts (bodies that are not strict JSON) are listed in
//! [`ARTIFACTS`] with the reason; they are read leniently (JSON5) and then
//! held to the same checks. Answers whose page shows their headers as the
//! body are listed in [`HEADERS_AS_BODY`] and replayed as headers. The lists
//! are checked to be exact, so an entry cannot go stale. Each version's
//! examples are built with that version's module (`graph_sync::beta`,
//! `graph_sync::v1`); examples of an operation a version's slice lacks are
//! listed in [`NOT_IN_SLICE`].

#![allow(deprecated)] // validateCredentials, acquireAccessToken and secrets are deprecated by Graph.

use std::collections::BTreeSet;

use graph_sync::runtime::scim::BulkUploadRequest;
use graph_sync::{Client, Error, Field, StaticToken};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Examples whose documented body is not strict JSON: `(version, page,
/// example, part)` and why.
const ARTIFACTS: &[(&str, &str, u32, &str, &str)] = &[
    ("beta", "synchronization-synchronization-list-jobs.md", 1, "response", TRAILING_COMMA),
    ("beta", "synchronization-synchronizationschema-update.md", 1, "request", TRAILING_COMMAS),
    ("beta", "synchronization-synchronizationschema-parseexpression.md", 1, "request", UNQUOTED),
    ("v1.0", "synchronization-synchronization-list-jobs.md", 1, "response", TRAILING_COMMA),
    ("v1.0", "synchronization-synchronizationschema-update.md", 1, "request", TRAILING_COMMAS),
    ("v1.0", "synchronization-synchronizationschema-parseexpression.md", 1, "request", UNQUOTED),
    ("v1.0", "synchronization-synchronizationjob-validatecredentials.md", 1, "request", UNQUOTED),
    ("v1.0", "provisioningobjectsummary-list.md", 1, "response", TRAILING_COMMA_PROPERTIES),
];
const TRAILING_COMMA: &str = "a trailing comma after `\"quarantine\": null`";
const TRAILING_COMMAS: &str = "trailing commas after objects and arrays";
const TRAILING_COMMA_PROPERTIES: &str = "a trailing comma after the last of `modifiedProperties`";
const UNQUOTED: &str = "JavaScript object syntax: property names such as `key` and `value` are not quoted";

/// Examples whose documented response body is the answer's headers written
/// as JSON: `(version, page)` and why. Their answer is replayed with those
/// headers (and no body), and the typed result is checked against them.
const HEADERS_AS_BODY: &[(&str, &str, &str)] =
    &[("v1.0", BULK_UPLOAD, "the page shows the 202 answer's headers (location, request ids) as its body")];
const BULK_UPLOAD: &str = "synchronization-synchronizationjob-post-bulkupload.md";

/// Documented examples of an operation the version's committed slice does
/// not have, `(version, page)` and why: they are counted apart, not failed.
const NOT_IN_SLICE: &[(&str, &str, &str)] = &[(
    "beta",
    BULK_UPLOAD,
    "the beta document the slice is taken from (beta-USNat) has no bulkUpload; a beta $metadata that has it \
     gives `bulk_upload` through the same slice setting as v1.0's",
)];

#[derive(Debug, Deserialize)]
struct Example {
    page: String,
    example: u32,
    request: RequestPart,
    response: ResponsePart,
}

#[derive(Debug, Deserialize)]
struct RequestPart {
    method: String,
    url: String,
    body: Option<Body>,
}

#[derive(Debug, Deserialize)]
struct ResponsePart {
    status: u16,
    body: Option<Body>,
}

/// A body as published, or the fixture file that holds it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Body {
    Text(String),
    File { file: String },
}

impl Body {
    fn text(&self) -> String {
        match self {
            Body::Text(text) => text.clone(),
            Body::File { file } => {
                let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
            }
        }
    }
}

fn corpus(version: &str) -> Vec<Example> {
    let path = format!("{}/fixtures/docs-corpus/{version}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Reads a documented body: strict JSON, or (for a listed artifact) JSON5.
fn parse(version: &str, example: &Example, part: &str, body: &Body, artifacts: &mut BTreeSet<String>) -> Value {
    let text = body.text();
    let listed = ARTIFACTS
        .iter()
        .find(|(v, page, n, p, _)| *v == version && *page == example.page && *n == example.example && *p == part);
    match (serde_json::from_str::<Value>(&text), listed) {
        (Ok(value), None) => value,
        (Ok(_), Some(_)) => {
            panic!("{} #{} {part} is strict JSON now: take it off ARTIFACTS", example.page, example.example)
        }
        (Err(error), None) => {
            panic!("{} #{} {part} is not JSON ({error}): fix it or list it in ARTIFACTS", example.page, example.example)
        }
        (Err(_), Some(artifact)) => {
            artifacts.insert(format!("{version}/{}#{}/{part}", example.page, example.example));
            json5::from_str(&text)
                .unwrap_or_else(|e| panic!("{} #{} {part} ({}): {e}", example.page, example.example, artifact.4))
        }
    }
}

/// Decodes an answer with a request's own decoder and re-encodes it as JSON.
type Decoder = Box<dyn Fn(http::Response<Vec<u8>>) -> Result<Value, Error>>;

/// A built request and the decoder of its answer.
struct Built {
    http: http::Request<Vec<u8>>,
    decode: Decoder,
}

fn built<K, T>(request: impl Into<graph_sync::runtime::Request<K>>) -> Built
where
    K: graph_sync::runtime::ResponseKind<Output = T> + 'static,
    T: Serialize,
{
    let request = request.into();
    let http = request.to_http().expect("the request builds");
    Built {
        http,
        decode: Box::new(move |response| {
            request.decode(response).map(|value| serde_json::to_value(value).expect("the value encodes"))
        }),
    }
}

/// `body[name]` as a parameter: absent, `null` or a value of `T`.
fn parameter<T: DeserializeOwned>(body: &Value, name: &str) -> Field<T> {
    match body.get(name) {
        None => Field::Absent,
        Some(Value::Null) => Field::Null,
        Some(value) => Field::Value(serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("`{name}`: {e}"))),
    }
}

/// The whole body as a `T` (an entity sent to create, update or replace).
fn entity<T: DeserializeOwned>(body: Option<&Value>) -> T {
    serde_json::from_value(body.expect("a body").clone()).unwrap_or_else(|e| panic!("the body: {e}"))
}

/// The beta pages' examples, built with `graph_sync::beta`.
mod beta {
    pub use graph_sync::beta::*;
    use graph_sync::runtime::scim::BulkRequest;

    pub fn api(client: &graph_sync::Client) -> Api {
        client.beta()
    }

    pub fn ping(sync: &paths::SynchronizationPath) -> Option<crate::Built> {
        Some(crate::built(sync.ping()))
    }

    /// The beta document the slice is taken from has no `bulkUpload` yet
    /// (see [`crate::NOT_IN_SLICE`]).
    pub fn bulk_upload(_: &paths::SynchronizationJobPath, _: &BulkRequest) -> Option<crate::Built> {
        None
    }

    pub mod builders {
        include!("support/corpus_builders.rs");
    }
}

/// The v1.0 pages' examples, built with `graph_sync::v1`.
mod v1 {
    use graph_sync::runtime::scim::BulkRequest;
    pub use graph_sync::v1::*;

    pub fn api(client: &graph_sync::Client) -> Api {
        client.v1()
    }

    /// v1.0 has no `Ping`.
    pub fn ping(_: &paths::SynchronizationPath) -> Option<crate::Built> {
        None
    }

    pub fn bulk_upload(job: &paths::SynchronizationJobPath, request: &BulkRequest) -> Option<crate::Built> {
        Some(crate::built_upload(job.bulk_upload(request)))
    }

    pub mod builders {
        include!("support/corpus_builders.rs");
    }
}

/// An upload and the decoder of its answer: the typed acceptance as the
/// headers it names.
fn built_upload<L: 'static>(upload: BulkUploadRequest<L>) -> Built {
    let http = upload.to_http().expect("the upload builds");
    Built {
        http,
        decode: Box::new(move |response| {
            let accepted = upload.decode(response)?;
            let fields = [
                ("location", accepted.location),
                ("request-id", accepted.request_id),
                ("client-request-id", accepted.client_request_id),
            ];
            Ok(Value::Object(fields.into_iter().filter_map(|(k, v)| Some((k.to_owned(), Value::String(v?)))).collect()))
        }),
    }
}

/// What the corpus test found, for the summary and the final assertions.
#[derive(Default)]
struct Tally {
    examples: usize,
    passed: usize,
    artifacts: BTreeSet<String>,
    headers_as_body: usize,
    not_in_slice: usize,
    failures: Vec<String>,
}

fn replay(version: &str, tally: &mut Tally) {
    let client = Client::builder(StaticToken::new("t")).root("https://graph.test/base").build();
    let build = match version {
        "beta" => beta::builders::build,
        _ => v1::builders::build,
    };
    for example in corpus(version) {
        tally.examples += 1;
        let name = format!("{version}/{}#{}", example.page, example.example);
        let request_body =
            example.request.body.as_ref().map(|b| parse(version, &example, "request", b, &mut tally.artifacts));
        let response_body =
            example.response.body.as_ref().map(|b| parse(version, &example, "response", b, &mut tally.artifacts));
        let not_in_slice = NOT_IN_SLICE.iter().any(|(v, page, _)| *v == version && *page == example.page);
        let built = build(&client, &example.request.method, &example.request.url, request_body.as_ref());
        let built = match (built, not_in_slice) {
            (Some(built), false) => built,
            (None, true) => {
                tally.not_in_slice += 1;
                continue;
            }
            (Some(_), true) => panic!("{name} is built now: take it off NOT_IN_SLICE"),
            (None, false) => {
                let line = format!("{} {}", example.request.method, example.request.url);
                tally.failures.push(format!("{name}: no builder for {line}"));
                continue;
            }
        };
        let mut problems = Vec::new();
        // The request: method, path and body as documented.
        let path = percent_encoding::percent_decode_str(built.http.uri().path()).decode_utf8_lossy().into_owned();
        let path = path.trim_start_matches(&format!("/base/{version}"));
        if built.http.method().as_str() != example.request.method {
            problems.push(format!("method {} instead of {}", built.http.method(), example.request.method));
        }
        let (documented_path, documented_query) =
            example.request.url.split_once('?').map_or((example.request.url.as_str(), None), |(p, q)| (p, Some(q)));
        if path != documented_path.trim_end_matches('/') {
            problems.push(format!("path {path} instead of {}", example.request.url));
        }
        // A documented query: the same options with the same values, in any order.
        let options = |query: &str| {
            let decoded = percent_encoding::percent_decode_str(query).decode_utf8_lossy().into_owned();
            let mut pairs: Vec<String> = decoded.split('&').map(str::to_owned).collect();
            pairs.sort();
            pairs
        };
        let sent_query = built.http.uri().query().map(options);
        if documented_query.is_some() && sent_query != documented_query.map(options) {
            problems.push(format!("query {sent_query:?} instead of {documented_query:?}"));
        }
        let sent: Option<Value> =
            (!built.http.body().is_empty()).then(|| serde_json::from_slice(built.http.body()).expect("a JSON body"));
        if sent != request_body {
            problems.push(format!("request body {sent:?}\n    documented {request_body:?}"));
        }
        // The response: decoded by the request's own decoder, re-encoded unchanged.
        let headers_as_body = HEADERS_AS_BODY.iter().any(|(v, page, _)| *v == version && *page == example.page);
        let (response, response_body) = match (&response_body, headers_as_body) {
            (Some(Value::Object(headers)), true) => {
                tally.headers_as_body += 1;
                let mut response = http::Response::builder().status(example.response.status);
                for (name, value) in headers {
                    response = response.header(name.as_str(), value.as_str().unwrap_or_default());
                }
                // What the typed answer holds: the headers it names.
                let named = ["location", "request-id", "client-request-id"];
                let expected =
                    headers.iter().filter(|(k, _)| named.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone()));
                (response.body(Vec::new()).unwrap(), Some(Value::Object(expected.collect())))
            }
            _ => {
                let bytes = response_body.as_ref().map(|b| serde_json::to_vec(b).unwrap()).unwrap_or_default();
                (http::Response::builder().status(example.response.status).body(bytes).unwrap(), response_body)
            }
        };
        match ((built.decode)(response), &response_body) {
            (Ok(value), Some(documented)) if value != *documented => {
                problems.push(format!("response re-encoded as {value}\n    documented {documented}"));
            }
            (Ok(_), _) => {}
            (Err(error), _) => problems.push(format!("response does not decode: {error}")),
        }
        if problems.is_empty() {
            tally.passed += 1;
        } else {
            tally.failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
}

#[test]
fn every_documented_exchange_is_expressible_and_round_trips() {
    let mut tally = Tally::default();
    for version in ["beta", "v1.0"] {
        replay(version, &mut tally);
    }
    assert!(
        tally.failures.is_empty(),
        "{} of {} examples fail:\n{}",
        tally.failures.len(),
        tally.examples,
        tally.failures.join("\n")
    );
    let listed: BTreeSet<String> =
        ARTIFACTS.iter().map(|(v, page, n, part, _)| format!("{v}/{page}#{n}/{part}")).collect();
    assert_eq!(tally.artifacts, listed, "every listed artifact is met, and only those");
    assert_eq!(tally.headers_as_body, 3, "the v1.0 bulkUpload page's three answers");
    assert_eq!(tally.not_in_slice, 3, "the beta bulkUpload page's three examples");
    println!(
        "{} documented examples: {} pass, {} of an operation the version's slice lacks ({} artifact bodies read \
         leniently, {} answers' headers shown as bodies)",
        tally.examples,
        tally.passed,
        tally.not_in_slice,
        tally.artifacts.len(),
        tally.headers_as_body
    );
    assert_eq!(tally.passed + tally.not_in_slice, tally.examples);
}

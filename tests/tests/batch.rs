//! JSON batching against a loopback `$batch` endpoint: splitting into
//! batches of 20, answers in any order, typed results per request, 429s
//! re-sent, `dependsOn`, a failing batch, and answers that miss or repeat
//! a request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_sync::beta::models::{SynchronizationJob, SynchronizationJobRestartCriteria};
use graph_sync::runtime::MAX_BATCH_REQUESTS;
use graph_sync::{Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How the endpoint answers: from the call's number and the requests it carries.
type Answerer = Arc<dyn Fn(usize, &[Value]) -> ResponseTemplate + Send + Sync>;

/// Answers each `$batch` call with `answer(call number, requests)` and keeps the bodies received.
#[derive(Clone)]
struct BatchEndpoint {
    calls: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Value>>>,
    answer: Answerer,
}

impl Respond for BatchEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        self.received.lock().unwrap().push(body.clone());
        (self.answer)(call, body["requests"].as_array().unwrap())
    }
}

async fn setup(
    answer: impl Fn(usize, &[Value]) -> ResponseTemplate + Send + Sync + 'static,
) -> (MockServer, Client, BatchEndpoint) {
    let server = MockServer::start().await;
    let endpoint = BatchEndpoint { calls: Arc::default(), received: Arc::default(), answer: Arc::new(answer) };
    Mock::given(method("POST")).and(path("/beta/$batch")).respond_with(endpoint.clone()).mount(&server).await;
    let client =
        Client::builder(StaticToken::new("t")).root(server.uri()).max_retry_delay(Duration::from_millis(20)).build();
    (server, client, endpoint)
}

fn answers(responses: Vec<Value>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "responses": responses }))
}

/// A job answer whose id is the request's url, so results can be matched to requests.
fn job_answer(request: &Value) -> Value {
    json!({"id": request["id"], "status": 200, "headers": {"content-type": "application/json"},
           "body": {"id": request["url"]}})
}

#[tokio::test]
async fn forty_five_requests_are_three_batches_answered_in_any_order() {
    let (_server, client, endpoint) = setup(|_, requests| {
        // Reversed: the answer's order is not the request's.
        answers(requests.iter().rev().map(job_answer).collect())
    })
    .await;
    let requests =
        (0..45).map(|n| client.beta().service_principal(format!("sp-{n}")).synchronization().jobs().job("j").get());
    let results = client.send_batched(requests).await;

    assert_eq!(results.len(), 45);
    for (n, result) in results.into_iter().enumerate() {
        let job: SynchronizationJob = result.unwrap();
        assert_eq!(job.id.as_deref(), Some(format!("/servicePrincipals/sp-{n}/synchronization/jobs/j").as_str()));
    }
    let received = endpoint.received.lock().unwrap();
    let sizes: Vec<usize> = received.iter().map(|b| b["requests"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, [MAX_BATCH_REQUESTS, MAX_BATCH_REQUESTS, 5]);
    let ids: Vec<&str> =
        received.iter().flat_map(|b| b["requests"].as_array().unwrap()).map(|r| r["id"].as_str().unwrap()).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 45, "ids are unique");
    let first = &received[0]["requests"][0];
    assert_eq!(
        (first["method"].as_str(), first["url"].as_str()),
        (Some("GET"), Some("/servicePrincipals/sp-0/synchronization/jobs/j"))
    );
}

#[tokio::test]
async fn each_request_gets_its_own_typed_result_and_429s_are_sent_again() {
    let (_server, client, endpoint) = setup(|call, requests| {
        answers(
            requests
                .iter()
                .map(|request| match (call, request["id"].as_str().unwrap()) {
                    (_, "1") => job_answer(request),
                    (_, "2") => json!({"id": "2", "status": 204}),
                    (_, "3") => json!({"id": "3", "status": 404, "headers": {"content-type": "application/json", "request-id": "req-404"},
                                       "body": {"error": {"code": "Request_ResourceNotFound", "message": "No job"}}}),
                    (0, "4") => json!({"id": "4", "status": 429, "headers": {"retry-after": "0"}, "body": {"error": {"code": "TooManyRequests"}}}),
                    (_, id) => json!({"id": id, "status": 200, "headers": {"content-type": "application/json"}, "body": {"id": "after-429"}}),
                })
                .collect(),
        )
    })
    .await;
    let jobs = client.beta().service_principal("sp").synchronization().jobs();
    let mut batch = client.batch();
    let read = batch.add(jobs.job("a").get());
    let start = batch.add(jobs.job("a").start());
    let missing = batch.add(jobs.job("gone").get());
    let throttled = batch.add(jobs.job("busy").get());
    let restart = batch.add(jobs.job("a").restart().with_criteria(
        SynchronizationJobRestartCriteria::default().with_reset_scope(graph_sync::Flags::from_wire("Watermark")),
    ));
    let mut results = batch.send().await;

    assert_eq!(results.take(read).unwrap().id.as_deref(), Some("/servicePrincipals/sp/synchronization/jobs/a"));
    results.take(start).unwrap();
    let error = results.take(missing).unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(error.graph_error().unwrap().code, "Request_ResourceNotFound");
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(results.take(throttled).unwrap().id.as_deref(), Some("after-429"), "re-sent after its Retry-After");
    results.take(restart).unwrap();

    let received = endpoint.received.lock().unwrap();
    assert_eq!(received.len(), 2, "the 429 was sent again in a later batch");
    let second: Vec<&str> =
        received[1]["requests"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(second, ["4"], "only the throttled request");
    // A body goes as JSON with its content type; a bodiless POST has neither.
    let restart = &received[0]["requests"][4];
    assert_eq!(restart["body"], json!({"criteria": {"resetScope": "Watermark"}}));
    assert_eq!(restart["headers"]["content-type"], "application/json");
    let start = &received[0]["requests"][1];
    assert!(start.get("body").is_none() && start["headers"].get("content-type").is_none(), "{start}");
}

#[tokio::test]
async fn a_failing_dependency_gives_its_dependents_424() {
    let (_server, client, endpoint) = setup(|_, requests| {
        answers(vec![
            json!({"id": requests[0]["id"], "status": 404, "body": {"error": {"code": "NotFound"}}, "headers": {"content-type": "application/json"}}),
            json!({"id": requests[1]["id"], "status": 424, "body": {"error": {"code": "FailedDependency"}}, "headers": {"content-type": "application/json"}}),
        ])
    })
    .await;
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    let mut batch = client.batch();
    let pause = batch.add(job.pause());
    let start = batch.add_after(job.start(), &[pause.index()]);
    let mut results = batch.send().await;
    assert_eq!(results.take(pause).unwrap_err().status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(results.take(start).unwrap_err().status(), Some(http::StatusCode::FAILED_DEPENDENCY));
    let received = endpoint.received.lock().unwrap();
    assert_eq!(received[0]["requests"][1]["dependsOn"], json!(["1"]));
}

#[tokio::test]
async fn a_batch_of_reads_is_retried_after_a_503_and_one_with_writes_is_not() {
    let (_server, client, endpoint) = setup(|call, requests| {
        if call == 0 || requests.iter().any(|r| r["method"] == "POST") {
            ResponseTemplate::new(503).set_body_json(json!({"error": {"code": "serviceNotAvailable"}}))
        } else {
            answers(requests.iter().map(job_answer).collect())
        }
    })
    .await;
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    let reads = client.send_batched([job.get(), job.get()]).await;
    assert!(reads.iter().all(Result::is_ok), "{reads:?}");
    assert_eq!(endpoint.calls.load(Ordering::SeqCst), 2, "reads only: the 503 was retried");

    let writes = client.send_batched([job.start(), job.pause()]).await;
    for result in writes {
        match result {
            Err(error @ Error::Batch { .. }) => {
                // The `$batch` call's own answer, with its status and Graph error.
                assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE), "{error}");
                assert_eq!(error.graph_error().map(|e| e.code.as_str()), Some("serviceNotAvailable"));
                assert!(error.to_string().contains("503"), "{error}");
                assert!(error.batch_call().is_some());
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(endpoint.calls.load(Ordering::SeqCst), 3, "a POST may have run: not retried");
}

#[tokio::test]
async fn an_answer_that_misses_or_repeats_a_request_is_an_error_for_that_request_only() {
    let (_server, client, _endpoint) = setup(|_, requests| {
        answers(vec![job_answer(&requests[0]), job_answer(&requests[0]), job_answer(&requests[1])])
    })
    .await;
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    let results = client.send_batched([job.get(), job.get(), job.get()]).await;
    assert!(
        matches!(&results[0], Err(Error::Batch { message: m, call: None }) if m.contains("2 responses for request 1")),
        "{:?}",
        results[0]
    );
    assert!(results[1].is_ok());
    assert!(
        matches!(&results[2], Err(Error::Batch { message: m, call: None }) if m.contains("no response for request 3")),
        "{:?}",
        results[2]
    );
}

#[tokio::test]
async fn paced_operations_take_their_turn_inside_a_batch_too() {
    let server = MockServer::start().await;
    let endpoint = BatchEndpoint {
        calls: Arc::default(),
        received: Arc::default(),
        answer: Arc::new(|_, requests: &[Value]| {
            answers(requests.iter().map(|r| json!({"id": r["id"], "status": 200, "headers": {"content-type": "application/json"}, "body": {"key": "{}"}})).collect())
        }),
    };
    Mock::given(method("POST")).and(path("/beta/$batch")).respond_with(endpoint.clone()).mount(&server).await;
    let client = Client::builder(StaticToken::new("t"))
        .root(server.uri())
        .pace("provisionOnDemand", graph_sync::runtime::Rate::new(2, Duration::from_millis(400)))
        .build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    let started = std::time::Instant::now();
    let results = client.send_batched((0..4).map(|_| job.provision_on_demand(Vec::new()))).await;
    assert!(results.iter().all(Result::is_ok));
    assert!(started.elapsed() >= Duration::from_millis(400), "4 at 2 per 400 ms: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_request_that_cannot_be_built_fails_alone_with_its_dependents() {
    let (_server, client, endpoint) = setup(|_, requests| answers(requests.iter().map(job_answer).collect())).await;
    let jobs = client.beta().service_principal("sp").synchronization().jobs();
    let mut batch = client.batch();
    let refused = batch.add(jobs.job("..").pause());
    let after = batch.add_after(jobs.job("j").start(), &[refused.index()]);
    let fine = batch.add(jobs.job("j").get());
    let mut results = batch.send().await;
    assert!(matches!(results.take(refused), Err(Error::Request(m)) if m.contains("invalid id")));
    assert!(
        matches!(results.take(after), Err(Error::Batch { message: m, call: None }) if m.contains("depends on request 1"))
    );
    assert!(results.take(fine).is_ok());
    let received = endpoint.received.lock().unwrap();
    assert_eq!(received[0]["requests"].as_array().unwrap().len(), 1, "only the request that can be sent");
}

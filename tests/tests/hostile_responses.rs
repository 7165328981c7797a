//! The client against servers that misbehave, on loopback: every guarantee
//! of `graph_sync::Client` (ids, timeouts, limits, retries, redirects,
//! secrets) proved by what the server actually received and what the call
//! returned, not by the strings the client built.

#![allow(deprecated)] // validateCredentials is deprecated by Graph, still callable.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use graph_sync::beta::models::{SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
use graph_sync::runtime::{ClientBuilder, TokenFuture, TokenProvider};
use graph_sync::{Client, Error, StaticToken};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JOBS: &str = "/beta/servicePrincipals/sp/synchronization/jobs";

fn builder(base: &str) -> ClientBuilder {
    Client::builder(StaticToken::new("test-token")).root(base).max_retry_delay(Duration::from_millis(20))
}

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = builder(&server.uri()).build();
    (server, client)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// POSTs get `429` (with `Retry-After`) `times` times, then `204`.
async fn throttle_posts(server: &MockServer, times: u64, retry_after: &str) {
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", retry_after))
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(server).await;
}

#[tokio::test]
async fn dot_and_empty_ids_are_refused_before_anything_is_sent() {
    let (server, client) = server().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    for id in ["..", ".", "", "%2E%2E", "%2e.", ".%2E", "%252E%252E"] {
        let sync = client.beta().service_principal("sp").synchronization();
        let delete = sync.jobs().job(id).delete().send().await;
        assert!(matches!(&delete, Err(Error::Request(m)) if m.contains("invalid id")), "{id:?}: {delete:?}");
        let get = client.beta().service_principal(id).synchronization().get().send().await;
        assert!(matches!(get, Err(Error::Request(_))), "{id:?}");
        let list = client
            .beta()
            .service_principal("sp")
            .synchronization()
            .jobs()
            .job(id)
            .schema()
            .directories()
            .list()
            .all()
            .await;
        assert!(matches!(list, Err(Error::Request(_))), "{id:?}");
        let start = sync.jobs().job(id).start().send().await;
        assert!(matches!(start, Err(Error::Request(_))), "{id:?}");
    }
    assert_eq!(received(&server).await, 0, "no request reached the server");
    // Dots inside an id are an ordinary id, sent encoded as one segment.
    client.beta().service_principal("sp").synchronization().jobs().job("...").delete().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), format!("{JOBS}/..."));
}

/// A loopback server that accepts connections and never answers; runs until dropped.
async fn silent_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket); // kept open, never answered
        }
    });
    (format!("http://{address}"), task)
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (base, task) = silent_server().await;
    let client = builder(&base).request_timeout(Duration::from_millis(200)).build();
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { what: "one attempt", .. }), "{error}");
    task.abort();
}

#[tokio::test]
async fn a_call_with_its_retries_has_a_deadline() {
    let (server, _) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .max_retries(100)
        .max_retry_delay(Duration::from_secs(60))
        .call_timeout(Duration::from_millis(300))
        .build();
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { what: "the call with its retries", .. }), "{error}");
    assert_eq!(received(&server).await, 1, "the deadline came during the first wait");
}

#[tokio::test]
async fn response_bodies_are_capped() {
    let (server, _) = server().await;
    let big = "x".repeat(2 * 1024 * 1024);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{{\"id\":\"{big}\"}}")))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_response_bytes(1024 * 1024).build();
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::TooLarge { limit: 1_048_576 }), "{error}");

    // Without a Content-Length: a chunked body that never ends is cut at the limit.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let streamer = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "y".repeat(64 * 1024));
        // Bounded: at most 64 MiB, and it stops as soon as the client hangs up.
        for _ in 0..1024 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                return true;
            }
        }
        false
    });
    let client = builder(&format!("http://{address}")).max_response_bytes(1024 * 1024).build();
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::TooLarge { .. }), "{error}");
    assert!(streamer.await.unwrap(), "the client stopped reading and hung up");
}

#[tokio::test]
async fn errors_keep_a_bounded_part_of_the_body() {
    let (server, client) = server().await;
    let message = "m".repeat(4 * 1024 * 1024);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {"code": "Bad", "message": message}})))
        .mount(&server)
        .await;
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    let graph = error.graph_error().unwrap();
    assert!(graph.message.len() < 65 * 1024 && graph.raw.len() < 65 * 1024, "{}", graph.message.len());
    assert!(error.to_string().len() < 66 * 1024);
    assert!(graph.message.ends_with("bytes in all)"));
}

#[tokio::test]
async fn paging_stops_at_a_repeated_link_and_at_the_page_limit() {
    let (server, client) = server().await;
    let jobs = format!("{}{JOBS}", server.uri());
    // A page that points to itself.
    Mock::given(method("GET"))
        .and(path(JOBS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [{"id": "a"}], "@odata.nextLink": format!("{jobs}?page=1")})),
        )
        .mount(&server)
        .await;
    let error = client.beta().service_principal("sp").synchronization().jobs().list().all().await.unwrap_err();
    assert!(matches!(&error, Error::Paging(m) if m.contains("followed before")), "{error}");
    assert_eq!(received(&server).await, 2, "the first page and the page it points to, once");
    server.reset().await;

    // Links that never repeat: stopped after max_pages.
    Mock::given(method("GET"))
        .and(path(JOBS))
        .respond_with(move |request: &wiremock::Request| {
            let page: u32 = request.url.query_pairs().find(|(k, _)| k == "page").map_or(0, |(_, v)| v.parse().unwrap());
            let next = format!("{jobs}?page={}", page + 1);
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [{"id": page.to_string()}], "@odata.nextLink": next}))
        })
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_pages(5).build();
    let error = client.beta().service_principal("sp").synchronization().jobs().list().all().await.unwrap_err();
    assert!(matches!(&error, Error::Paging(m) if m.contains("more than 5 pages")), "{error}");
    assert_eq!(received(&server).await, 5);
}

#[tokio::test]
async fn a_next_link_cannot_move_a_listing_to_another_version_or_path() {
    let server = MockServer::start().await;
    let root = server.uri();
    let v1_jobs = "/v1.0/servicePrincipals/sp/synchronization/jobs";
    for next in [
        format!("{root}/v1.0/%2e%2e/beta/x"),
        format!("{root}/beta/x"),
        format!("{root}/v1.0/../beta/x"),
        format!("{root}/v1.0/..%2Fbeta/x"),
        format!("{root}/v1.0/%5C..%5Cbeta/x"),
    ] {
        server.reset().await;
        Mock::given(method("GET"))
            .and(path(v1_jobs))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [], "@odata.nextLink": next})))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
            .mount(&server)
            .await;
        let client = builder(&root).build();
        let error = client.v1().service_principal("sp").synchronization().jobs().list().all().await.unwrap_err();
        assert!(matches!(&error, Error::Paging(m) if m.contains("not followed")), "{next}: {error}");
        let paths: Vec<String> =
            server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
        assert_eq!(paths, [v1_jobs], "{next}: only the first page was requested, with the token");
    }
}

#[tokio::test]
async fn an_option_set_on_a_followed_url_is_sent_once_and_keeps_the_urls_restriction() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build();
    // A `Location` as a bulk upload's answer gives one, with options of its own.
    let location =
        format!("{}/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'j1'&$top=10&$skiptoken=abc", server.uri());
    let logs = graph_sync::runtime::ListRequest::<serde_json::Value>::from_url(client.v1().client(), &location)
        .filter_unchecked("jobId eq 'j2'")
        .top(5)
        .select_unchecked(&["id"]);
    logs.send().await.unwrap();
    let sent = server.received_requests().await.unwrap().pop().unwrap();
    let pairs: Vec<(String, String)> = sent.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        [
            pair("$filter", "(jobid eq 'j1') and (jobId eq 'j2')"),
            pair("$top", "5"),
            pair("$skiptoken", "abc"),
            pair("$select", "id"),
        ],
        "each option once: the URL's filter kept, the request's top, the URL's skiptoken"
    );
}

#[tokio::test]
async fn settings_at_their_limits_mean_never_not_a_panic() {
    let server = MockServer::start().await;
    // Each batch item is answered 429 with a Retry-After of 10^19 seconds.
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .respond_with(|request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let responses: Vec<serde_json::Value> = body["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| json!({"id": r["id"], "status": 429, "headers": {"Retry-After": "10000000000000000000"}}))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "responses": responses }))
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j"})))
        .mount(&server)
        .await;

    // A call timeout of Duration::MAX: a batch is sent and answered (it used to panic on the deadline).
    let client = builder(&server.uri()).call_timeout(Duration::MAX).build();
    let mut batch = client.batch();
    let read = batch.add(client.beta().service_principal("sp").synchronization().jobs().job("j").get());
    let single = client.beta().service_principal("sp").synchronization().jobs().job("j").get().send().await;
    assert!(single.is_ok(), "{single:?}");
    let mut results = tokio::spawn(async move { batch.send().await }).await.expect("the batch does not panic");
    // Retried after max_retry_delay (20 ms here) until max_retries, then answered as the service did.
    let error = results.take(read).unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS), "{error}");

    // max_retry_delay(Duration::MAX) with that Retry-After: the batch keeps its
    // call timeout, and the item is answered Timeout (it used to panic).
    let client = builder(&server.uri()).max_retry_delay(Duration::MAX).call_timeout(Duration::from_millis(300)).build();
    let mut batch = client.batch();
    let read = batch.add(client.beta().service_principal("sp").synchronization().jobs().job("j").get());
    let started = std::time::Instant::now();
    let mut results = tokio::spawn(async move { batch.send().await }).await.expect("the batch does not panic");
    assert!(matches!(results.take(read), Err(Error::Timeout { .. })));
    assert!(started.elapsed() < Duration::from_secs(5), "held {:?}", started.elapsed());
}

#[tokio::test]
async fn an_entity_read_answered_with_a_collection_is_a_decode_error_that_says_so() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.context": "https://graph.test/beta/$metadata#jobs", "value": [{"id": "a"}, {"id": "b"}]})))
        .mount(&server)
        .await;
    let error = client.beta().service_principal("sp").synchronization().jobs().job("j").get().send().await.unwrap_err();
    let Error::Decode { message, .. } = &error else { panic!("{error:?}") };
    assert!(message.contains("found a collection") && message.contains("2 items"), "{message}");
    assert!(message.contains("SynchronizationJob"), "it says what was expected: {message}");
    // A listing of the same answer is what it is.
    let page = client.beta().service_principal("sp").synchronization().jobs().list().send().await.unwrap();
    assert_eq!(page.iter().count(), 2);
}

#[tokio::test]
async fn evolvable_enums_newer_members_are_asked_for_per_client_or_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j", "value": []})))
        .mount(&server)
        .await;
    let prefers = || async {
        let sent = server.received_requests().await.unwrap();
        let last = sent.last().unwrap();
        last.headers.get_all("prefer").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let job = |client: &Client| client.beta().service_principal("sp").synchronization().jobs().job("j");
    // By default nothing is asked.
    let plain = builder(&server.uri()).build();
    job(&plain).get().send().await.unwrap();
    assert!(prefers().await.is_empty());
    // Per call, on a request and on every page of a listing.
    job(&plain).get().include_unknown_enum_members().send().await.unwrap();
    assert_eq!(prefers().await, ["include-unknown-enum-members"]);
    let jobs = plain.beta().service_principal("sp").synchronization().jobs();
    jobs.list().include_unknown_enum_members().send().await.unwrap();
    assert_eq!(prefers().await, ["include-unknown-enum-members"]);
    // As the client's default, beside another preference, and never twice.
    let asking = builder(&server.uri()).include_unknown_enum_members(true).build();
    job(&asking).get().header("Prefer", "return=minimal").send().await.unwrap();
    assert_eq!(prefers().await, ["return=minimal", "include-unknown-enum-members"]);
    job(&asking).get().include_unknown_enum_members().send().await.unwrap();
    assert_eq!(prefers().await, ["include-unknown-enum-members"]);
    // In a `$batch`, an item's preferences are one list in its headers.
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"responses": [
            {"id": "1", "status": 200, "headers": {"content-type": "application/json"}, "body": {"id": "j"}}]})))
        .mount(&server)
        .await;
    let mut batch = asking.batch();
    let read = batch.add(job(&asking).get().header("Prefer", "return=minimal"));
    batch.send().await.take(read).unwrap();
    let sent = server.received_requests().await.unwrap().pop().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body["requests"][0]["headers"]["prefer"], "return=minimal, include-unknown-enum-members");
}

#[tokio::test]
async fn one_call_keeps_settings_of_its_own_a_request_a_listing_a_batch_and_an_upload() {
    use graph_sync::runtime::scim::{BulkRequest, ScimUser};
    use graph_sync::runtime::CallSettings;
    let server = MockServer::start().await;
    // Every GET is slow, every $batch too; every POST of an upload is throttled briefly.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "j", "value": []})).set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/$batch"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"responses": []})).set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0.01"))
        .mount(&server)
        .await;
    // The client's own limits are long; each call below sets a short one.
    let client = builder(&server.uri()).call_timeout(Duration::from_secs(60)).build();
    let short = CallSettings::new().call_timeout(Duration::from_millis(200));
    let job = client.v1().service_principal("sp").synchronization().jobs().job("j");
    let held = |started: std::time::Instant| started.elapsed() < Duration::from_secs(2);

    let started = std::time::Instant::now();
    let error = job.get().settings(short).send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { limit, .. } if limit == Duration::from_millis(200)), "{error}");
    assert!(held(started), "a request: held {:?}", started.elapsed());

    let started = std::time::Instant::now();
    let jobs = client.v1().service_principal("sp").synchronization().jobs();
    let error = jobs.list().settings(short).all().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error}");
    assert!(held(started), "a listing: held {:?}", started.elapsed());

    let started = std::time::Instant::now();
    let mut batch = client.batch();
    let read = batch.add(job.get());
    batch.settings(short);
    let error = batch.send().await.take(read).unwrap_err();
    assert!(error.to_string().contains("timed out after 200ms"), "{error}");
    assert!(held(started), "a batch: held {:?}", started.elapsed());

    // An upload not retried: the service received it once (the client retries a 429 three times).
    let upload = job.bulk_upload(&BulkRequest::from_users([ScimUser::new("E1")]));
    let error = upload.settings(CallSettings::new().max_retries(0)).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS), "{error}");
    let uploads =
        server.received_requests().await.unwrap().iter().filter(|r| r.url.path().ends_with("/bulkUpload")).count();
    assert_eq!(uploads, 1);
}

#[tokio::test]
async fn a_retried_request_says_which_retry_it_is() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0.01"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j"})))
        .mount(&server)
        .await;
    client.beta().service_principal("sp").synchronization().jobs().job("j").get().send().await.unwrap();
    let attempts: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers.get("retry-attempt").map(|v| v.to_str().unwrap().to_owned()))
        .collect();
    // As Graph's SDKs send it: none on the first attempt, then 1, 2, ...
    assert_eq!(attempts, [None, Some("1".to_owned()), Some("2".to_owned())]);
}

#[tokio::test]
async fn only_requests_that_cannot_run_twice_are_retried_after_503_or_504() {
    let (server, client) = server().await;
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504).insert_header("Retry-After", "0.01"))
        .mount(&server)
        .await;
    // provisionOnDemand, start, restart: a 503 may come after the work was done.
    let error = job.provision_on_demand(Vec::new()).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await, 1, "a POST is not repeated after a 503");
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504).insert_header("Retry-After", "0.01"))
        .mount(&server)
        .await;
    let error = job.get().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(504));
    assert_eq!(received(&server).await, 4, "a GET is retried 3 times");
    server.reset().await;

    // 429: the request was not executed, so any method is retried.
    throttle_posts(&server, 1, "0.01").await;
    job.start().send().await.unwrap();
    assert_eq!(received(&server).await, 2);
    server.reset().await;

    // Opted in: POSTs are retried after a 503 too.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let opted_in = builder(&server.uri()).retry_non_idempotent(true).max_retries(2).build();
    let error =
        opted_in.beta().service_principal("sp").synchronization().jobs().job("j").start().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await, 3);
}

/// Hands out `t1`, `t2`, ... and, on refresh, `fresh1`, `fresh2`, ...
#[derive(Default)]
struct CountingTokens {
    issued: AtomicUsize,
    refreshed: AtomicUsize,
}

impl TokenProvider for CountingTokens {
    fn token(&self) -> TokenFuture<'_> {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(format!("t{n}")) })
    }

    fn refresh(&self) -> TokenFuture<'_> {
        let n = self.refreshed.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(format!("fresh{n}")) })
    }
}

fn authorizations(requests: &[wiremock::Request]) -> Vec<String> {
    requests.iter().map(|r| r.headers.get("authorization").unwrap().to_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn each_attempt_asks_for_a_token_and_a_401_refreshes_it_once() {
    let server = MockServer::start().await;
    let tokens = Arc::new(CountingTokens::default());
    let client = Client::builder(tokens.clone()).root(server.uri()).max_retry_delay(Duration::from_millis(10)).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    throttle_posts(&server, 2, "0").await;
    job.pause().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&requests), ["Bearer t1", "Bearer t2", "Bearer t3"]);
    server.reset().await;

    // A 401 once: refreshed, and the call succeeds.
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer t4"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer fresh1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    job.pause().send().await.unwrap();
    assert_eq!(tokens.refreshed.load(Ordering::SeqCst), 1);
    server.reset().await;

    // A 401 every time: one refresh, then the 401 is the answer.
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let error = job.pause().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&requests), ["Bearer t5", "Bearer fresh2"]);
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_origin_and_version() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&elsewhere).await;
    let (server, client) = server().await;
    let secret = "s3cr3t-value-never-elsewhere";
    let validate = || {
        let mut pair = SynchronizationSecretKeyStringValuePair::default();
        pair.key = SynchronizationSecret::SecretToken.into();
        pair.value = secret.into();
        client
            .beta()
            .service_principal("sp")
            .synchronization()
            .jobs()
            .job("j")
            .validate_credentials(vec![pair])
            .into_request()
    };
    for status in [301, 302, 303, 307, 308] {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status).insert_header("Location", format!("{}/stolen", elsewhere.uri())),
            )
            .mount(&server)
            .await;
        let error = validate().send().await.unwrap_err();
        assert!(
            matches!(&error, Error::Redirect { location, .. } if location.ends_with("/stolen")),
            "{status}: {error}"
        );
    }
    assert_eq!(received(&elsewhere).await, 0, "neither the token nor the secret left the origin");

    // Within the origin but to another API version or a path the client
    // would not request itself: not followed either.
    for location in ["/v1.0/x", "/beta/..%2Fv1.0/x", "/moved"] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(format!("{JOBS}/j/validateCredentials")))
            .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}{location}", server.uri())))
            .mount(&server)
            .await;
        let error = validate().send().await.unwrap_err();
        assert!(matches!(&error, Error::Redirect { reason, .. } if reason.contains("API version")), "{error}");
        assert_eq!(received(&server).await, 1, "{location}: nothing but the first request");
    }

    // Past ten redirects within the version: stopped, and the error says so.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}{JOBS}/again", server.uri())))
        .mount(&server)
        .await;
    let error = validate().send().await.unwrap_err();
    assert!(matches!(&error, Error::Redirect { reason, .. } if reason.contains("ten times")), "{error}");
    assert_eq!(received(&server).await, 11, "the request and ten redirects");

    // Within the origin and version: followed, with the token, and (307) with the body.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path(format!("{JOBS}/j/validateCredentials")))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/beta/moved", server.uri())))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/moved"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    validate().send().await.unwrap();
    let moved = server.received_requests().await.unwrap().pop().unwrap();
    assert!(String::from_utf8_lossy(&moved.body).contains(secret));
}

#[tokio::test]
async fn secrets_a_request_carried_are_redacted_from_its_errors() {
    let (server, client) = server().await;
    let secret = "s3cr3t-password-42";
    Mock::given(method("POST"))
        .respond_with(|request: &wiremock::Request| {
            // A service that echoes what it was sent into its error.
            let sent = String::from_utf8_lossy(&request.body).into_owned();
            ResponseTemplate::new(400).set_body_json(json!({"error": {"code": "CredentialsInvalid",
                "message": format!("could not sign in with {sent}"), "details": [{"target": sent}]}}))
        })
        .mount(&server)
        .await;
    let mut pair = SynchronizationSecretKeyStringValuePair::default();
    pair.key = SynchronizationSecret::Password.into();
    pair.value = secret.into();
    let request =
        client.beta().service_principal("sp").synchronization().jobs().job("j").validate_credentials(vec![pair]);
    assert!(!format!("{request:?}").contains(secret));
    let error = request.send().await.unwrap_err();
    let graph = error.graph_error().unwrap();
    assert!(
        graph.message.contains("could not sign in with") && graph.message.contains("<redacted>"),
        "{}",
        graph.message
    );
    for printed in [error.to_string(), format!("{error:?}")] {
        assert!(!printed.contains(secret), "{printed}");
    }
}

/// The head of each request a raw HTTP/1.1 server on loopback receives
/// (lower-cased), answering each with `204`.
async fn raw_http1_server(requests: usize) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut heads = Vec::new();
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = Vec::new();
        while heads.len() < requests {
            let mut chunk = [0u8; 4096];
            let read = socket.read(&mut chunk).await.unwrap();
            assert!(read > 0, "the client closed the connection early");
            buffer.extend_from_slice(&chunk[..read]);
            while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                heads.push(String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase());
                buffer.drain(..end + 4);
                socket.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await.unwrap();
            }
        }
        heads
    });
    (format!("http://{address}"), task)
}

#[tokio::test]
async fn bodiless_posts_carry_a_zero_content_length_over_http1() {
    let (base, server) = raw_http1_server(3).await;
    let client = builder(&base).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    job.pause().send().await.unwrap();
    job.start().send().await.unwrap();
    job.restart().send().await.unwrap();
    let heads = server.await.unwrap();
    for (head, action) in heads.iter().zip(["pause", "start", "restart"]) {
        assert!(
            head.starts_with(&format!("post /beta/serviceprincipals/sp/synchronization/jobs/j/{action} http/1.1")),
            "{head}"
        );
        assert!(head.lines().any(|line| line.trim() == "content-length: 0"), "{action}: {head}");
    }
}

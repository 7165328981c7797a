//! What a production caller relies on, against a loopback server: the cloud
//! setting (service root and token scope together), pacing to documented
//! rates, one `client-request-id` per call across retries and pages,
//! headers that follow a listing's pages, and the diagnostics an error keeps.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graph_sync::beta::models::{SynchronizationJob, SynchronizationJobApplicationParameters};
use graph_sync::runtime::{Cloud, Operation, Rate, TokenFuture, TokenProvider};
use graph_sync::{Client, StaticToken};
use serde_json::json;
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const JOBS: &str = "/beta/servicePrincipals/sp/synchronization/jobs";

/// Records the scopes it is asked for.
#[derive(Default)]
struct ScopeRecorder(Mutex<Vec<String>>);

impl TokenProvider for ScopeRecorder {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err("the client must ask for a scope".into()) })
    }

    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        self.0.lock().unwrap().push(scope.to_owned());
        Box::pin(async { Ok("t".to_owned()) })
    }
}

fn client_for(server: &MockServer) -> Client {
    Client::builder(StaticToken::new("t")).root(server.uri()).max_retry_delay(Duration::from_millis(10)).build()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn one_cloud_setting_fixes_the_root_and_the_token_scope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j"})))
        .mount(&server)
        .await;
    let recorder = Arc::new(ScopeRecorder::default());
    let cloud = Cloud::Custom { root: server.uri(), scope: "api://graph.test/.default".into() };
    let client = Client::builder(recorder.clone()).cloud(cloud).build();
    client.beta().service_principal("sp").synchronization().jobs().job("j").get().send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), format!("{JOBS}/j"), "the version is part of the root");
    assert_eq!(*recorder.0.lock().unwrap(), ["api://graph.test/.default"]);
    // The documented clouds.
    let us = Client::builder(StaticToken::new("t")).cloud(Cloud::UsGovernment).build();
    assert_eq!((us.root(), us.scope()), ("https://graph.microsoft.us", "https://graph.microsoft.us/.default"));
}

#[tokio::test]
async fn provision_on_demand_is_paced_and_other_calls_are_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"key": "{}"})))
        .mount(&server)
        .await;
    let rate = Rate::new(2, Duration::from_millis(400));
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).pace("provisionOnDemand", rate).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    let request = job.provision_on_demand(vec![SynchronizationJobApplicationParameters::default()]);
    let operation = request.to_http().unwrap().extensions().get::<Operation>().cloned();
    assert_eq!(operation, Some(Operation("provisionOnDemand".into())), "an HTTP stack of your own can pace too");

    // Five calls at once at 2 per 400 ms: the fifth cannot start before 800 ms.
    let started = Instant::now();
    let calls =
        (0..5).map(|_| job.provision_on_demand(vec![SynchronizationJobApplicationParameters::default()]).send());
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(800), "paced: {:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 5, "none lost");

    // Pacing off: the same five calls are not held back.
    let unpaced = Client::builder(StaticToken::new("t"))
        .root(server.uri())
        .pace("provisionOnDemand", rate)
        .unpaced("provisionOnDemand")
        .build();
    let job = unpaced.beta().service_principal("sp").synchronization().jobs().job("j");
    let started = Instant::now();
    let calls =
        (0..5).map(|_| job.provision_on_demand(vec![SynchronizationJobApplicationParameters::default()]).send());
    futures_util::future::join_all(calls).await;
    assert!(started.elapsed() < Duration::from_millis(800), "unpaced: {:?}", started.elapsed());
}

#[tokio::test]
async fn one_client_request_id_per_call_across_retries_and_pages() {
    let server = MockServer::start().await;
    // The job: throttled once, then answered.
    Mock::given(method("GET"))
        .and(path(format!("{JOBS}/j")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{JOBS}/j")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j"})))
        .mount(&server)
        .await;
    // The listing: two pages.
    let next = format!("{}{JOBS}?$skiptoken=2", server.uri());
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$skiptoken", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "b"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$count", "true"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "a"}], "@odata.nextLink": next})),
        )
        .mount(&server)
        .await;

    let client = client_for(&server);
    let jobs = client.beta().service_principal("sp").synchronization().jobs();
    let get = jobs.job("j").get();
    let id = get.client_request_id().to_owned();
    get.send().await.unwrap();
    let listed: Vec<SynchronizationJob> =
        jobs.list().count().header("ConsistencyLevel", "eventual").all().await.unwrap();
    assert_eq!(listed.len(), 2);

    let received = server.received_requests().await.unwrap();
    let ids: Vec<&str> = received.iter().map(|r| header(r, "client-request-id").unwrap()).collect();
    assert_eq!(ids[0], id, "the id the request names is the one sent");
    assert_eq!(ids[0], ids[1], "the retry of a call keeps its client-request-id");
    assert_eq!(ids[2], ids[3], "the pages of a listing share one");
    assert_ne!(ids[0], ids[2], "two calls, two ids");
    for page in &received[2..] {
        assert_eq!(header(page, "consistencylevel"), Some("eventual"), "{}", page.url);
    }
}

#[tokio::test]
async fn an_error_keeps_what_a_support_ticket_needs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/start$"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("request-id", "req-1")
                .insert_header("client-request-id", "client-1")
                .insert_header("date", "Mon, 30 Nov 2026 06:00:00 GMT")
                .insert_header("x-ms-ags-diagnostic", r#"{"ServerInfo":{"DataCenter":"West Europe"}}"#)
                .insert_header("retry-after", "0")
                .insert_header("x-ms-throttle-limit-percentage", "1.2")
                .insert_header("x-ms-throttle-scope", "Tenant_Application/ReadWrite/t/a")
                .set_body_json(json!({"error": {"code": "TooManyRequests", "message": "Slow down"}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).max_retries(0).build();
    let error =
        client.beta().service_principal("sp").synchronization().jobs().job("j").start().send().await.unwrap_err();
    let graph = error.graph_error().unwrap();
    assert_eq!(graph.request_id(), Some("req-1"));
    assert_eq!(graph.client_request_id(), Some("client-1"));
    assert_eq!(graph.date(), Some("Mon, 30 Nov 2026 06:00:00 GMT"));
    assert!(graph.diagnostic().unwrap().contains("West Europe"));
    assert_eq!(graph.retry_after(), Some(Duration::ZERO));
    assert_eq!(graph.header("retry-after"), Some("0"));
    assert_eq!(
        graph.throttling(),
        [("x-ms-throttle-limit-percentage", "1.2"), ("x-ms-throttle-scope", "Tenant_Application/ReadWrite/t/a")]
    );
    let diagnostics = graph.diagnostics();
    assert!(diagnostics.contains("request-id: req-1") && diagnostics.contains("x-ms-throttle-scope:"), "{diagnostics}");
    assert!(error.to_string().contains("(request-id req-1)"), "{error}");
}

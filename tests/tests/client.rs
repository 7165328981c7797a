//! The generated client against a real HTTP server on loopback: one test per
//! operation, asserting method, path, query, headers and JSON body, and the
//! decoded result.

#![allow(deprecated)] // validateCredentials and acquireAccessToken are deprecated by Graph, still callable.

use std::time::Duration;

use graph_sync::beta::models::SynchronizationJob as Job;
use graph_sync::beta::models::*;
use graph_sync::{Client, Error, Field, StaticToken};
use graph_sync_tests::{fixture, provision};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SP: &str = "sp-1";
const JOB: &str = "Job.1";
const JOBS: &str = "/beta/servicePrincipals/sp-1/synchronization/jobs";

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder(StaticToken::new("test-token"))
        .root(server.uri())
        .max_retry_delay(Duration::from_millis(50))
        .build();
    (server, client)
}

/// Every request carries the bearer token, JSON accept, and a client-request-id.
fn common() -> (impl wiremock::Match, impl wiremock::Match, impl wiremock::Match) {
    (
        header("authorization", "Bearer test-token"),
        header("accept", "application/json"),
        header_exists("client-request-id"),
    )
}

async fn expect(server: &MockServer, verb: &str, url_path: &str, status: u16, body: Option<Value>) {
    let (auth, accept, id) = common();
    let mut response = ResponseTemplate::new(status);
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(method(verb))
        .and(path(url_path))
        .and(auth)
        .and(accept)
        .and(id)
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The single request the server received.
async fn received(server: &MockServer) -> Request {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.into_iter().next().unwrap()
}

fn json_body(request: &Request) -> Value {
    assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn provision_on_demand_as_documented() {
    let (server, client) = server().await;
    let request = fixture("provisionOnDemand.request.json");
    let (auth, accept, id) = common();
    Mock::given(method("POST"))
        .and(path(format!("{JOBS}/{JOB}/provisionOnDemand")))
        .and(auth)
        .and(accept)
        .and(id)
        .and(body_json(&request))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("provisionOnDemand.response.json")))
        .expect(1)
        .mount(&server)
        .await;

    let parameters = provision::beta(provision::DOCUMENTED_USER, Some(provision::DOCUMENTED_RULE));
    let result: StringKeyStringValuePair = client
        .beta()
        .service_principal(SP)
        .synchronization()
        .jobs()
        .job(JOB)
        .provision_on_demand(parameters)
        .send()
        .await
        .unwrap();
    let key: Value = serde_json::from_str(result.key.value().unwrap()).unwrap();
    assert_eq!(key["result"], "Skipped");
    assert_eq!(key["details"]["errorCode"], "RedundantExport");
}

#[tokio::test]
async fn job_lifecycle_actions() {
    let (server, client) = server().await;
    let job = client.beta().service_principal(SP).synchronization().jobs().job(JOB);

    expect(&server, "POST", &format!("{JOBS}/{JOB}/start"), 204, None).await;
    job.start().send().await.unwrap();
    assert!(received(&server).await.body.is_empty(), "start has no body");
    server.reset().await;

    expect(&server, "POST", &format!("{JOBS}/{JOB}/pause"), 204, None).await;
    job.pause().send().await.unwrap();
    assert!(received(&server).await.body.is_empty(), "pause has no body");
    server.reset().await;

    expect(&server, "POST", &format!("{JOBS}/{JOB}/restart"), 204, None).await;
    let criteria = SynchronizationJobRestartCriteria::default()
        .with_reset_scope(graph_sync::Flags::from_wire("Watermark,Escrows"));
    job.restart().with_criteria(criteria).send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), json!({"criteria": {"resetScope": "Watermark,Escrows"}}));
    server.reset().await;

    expect(&server, "POST", &format!("{JOBS}/{JOB}/restart"), 204, None).await;
    job.restart().send().await.unwrap();
    assert!(received(&server).await.body.is_empty(), "an omitted optional parameter is not sent");
}

fn secret(key: SynchronizationSecret, value: &str) -> SynchronizationSecretKeyStringValuePair {
    let mut pair = SynchronizationSecretKeyStringValuePair::default();
    pair.key = key.into();
    pair.value = value.into();
    pair
}

#[tokio::test]
async fn validate_credentials_on_a_job_and_on_the_collection() {
    let (server, client) = server().await;
    let jobs = client.beta().service_principal(SP).synchronization().jobs();
    let expected = json!({
        "applicationIdentifier": "app", "templateId": "scim", "useSavedCredentials": false,
        "credentials": [{"key": "BaseAddress", "value": "https://example.org/scim"}]
    });

    expect(&server, "POST", &format!("{JOBS}/{JOB}/validateCredentials"), 204, None).await;
    let credentials = vec![secret(SynchronizationSecret::BaseAddress, "https://example.org/scim")];
    jobs.job(JOB)
        .validate_credentials(credentials.clone())
        .with_application_identifier("app")
        .with_template_id("scim")
        .with_use_saved_credentials(false)
        .send()
        .await
        .unwrap();
    assert_eq!(json_body(&received(&server).await), expected);
    server.reset().await;

    expect(&server, "POST", &format!("{JOBS}/validateCredentials"), 204, None).await;
    let request = jobs
        .validate_credentials(credentials)
        .with_application_identifier("app")
        .with_template_id("scim")
        .with_use_saved_credentials(false);
    request.send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), expected);
}

#[tokio::test]
async fn synchronization_level_operations() {
    let (server, client) = server().await;
    let sync = client.beta().service_principal(SP).synchronization();
    let base = "/beta/servicePrincipals/sp-1/synchronization";

    expect(&server, "POST", &format!("{base}/acquireAccessToken"), 204, None).await;
    sync.acquire_access_token(vec![secret(SynchronizationSecret::ClientIdentifier, "id")]).send().await.unwrap();
    assert_eq!(
        json_body(&received(&server).await),
        json!({"credentials": [{"key": "ClientIdentifier", "value": "id"}]})
    );
    server.reset().await;

    expect(&server, "GET", &format!("{base}/Ping"), 200, Some(json!({"value": "OK"}))).await;
    assert_eq!(sync.ping().send().await.unwrap(), "OK");
    server.reset().await;

    expect(&server, "PUT", &format!("{base}/secrets"), 204, None).await;
    sync.put_secrets(vec![secret(SynchronizationSecret::SecretToken, "s3cr3t")]).send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), json!({"value": [{"key": "SecretToken", "value": "s3cr3t"}]}));
    server.reset().await;

    expect(&server, "GET", base, 200, Some(json!({"id": "sync", "secrets": []}))).await;
    let synchronization = sync.get().send().await.unwrap();
    assert_eq!(synchronization.id.value().map(String::as_str), Some("sync"));
}

#[tokio::test]
async fn jobs_crud() {
    let (server, client) = server().await;
    let jobs = client.beta().service_principal(SP).synchronization().jobs();
    let job_json = fixture("synchronizationJob-get.response.json");

    expect(&server, "GET", &format!("{JOBS}/{JOB}"), 200, Some(job_json.clone())).await;
    let job = jobs.job(JOB).get().send().await.unwrap();
    assert_eq!(job.template_id.value().map(String::as_str), Some("BoxOutDelta"));
    server.reset().await;

    expect(&server, "POST", JOBS, 201, Some(job_json)).await;
    let mut new_job = SynchronizationJob::default();
    new_job.template_id = "BoxOutDelta".into();
    let created = jobs.create(&new_job).send().await.unwrap();
    assert_eq!(created.template_id.value().map(String::as_str), Some("BoxOutDelta"));
    assert_eq!(json_body(&received(&server).await), json!({"templateId": "BoxOutDelta"}));
    server.reset().await;

    expect(&server, "PATCH", &format!("{JOBS}/{JOB}"), 204, None).await;
    let mut patch = SynchronizationJob::default();
    patch.schedule = Field::Null;
    jobs.job(JOB).update(&patch).send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), json!({"schedule": null}), "null is sent, absent fields are not");
    server.reset().await;

    expect(&server, "DELETE", &format!("{JOBS}/{JOB}"), 204, None).await;
    jobs.job(JOB).delete().send().await.unwrap();
    server.reset().await;

    let (auth, accept, id) = common();
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$select", "id,templateId"))
        .and(query_param("$filter", "templateId eq 'scim'"))
        .and(query_param("$top", "5"))
        .and(query_param("$expand", "schema"))
        .and(auth)
        .and(accept)
        .and(id)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "a"}, {"id": "b"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let listed = jobs
        .list()
        .select(&[&Job::ID, &Job::TEMPLATE_ID])
        .filter(Job::TEMPLATE_ID.eq("scim"))
        .top(5)
        .expand(Job::SCHEMA)
        .all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].id.value().map(String::as_str), Some("b"));
}

#[tokio::test]
async fn schema_and_its_functions() {
    let (server, client) = server().await;
    let schema = client.beta().service_principal(SP).synchronization().jobs().job(JOB).schema();
    let base = format!("{JOBS}/{JOB}/schema");
    let schema_json = fixture("synchronizationSchema-get.response.json");

    expect(&server, "GET", &base, 200, Some(schema_json.clone())).await;
    let got = schema.get().send().await.unwrap();
    assert_eq!(got.synchronization_rules.value().unwrap().len(), 2);
    server.reset().await;

    expect(&server, "PUT", &base, 204, None).await;
    schema.replace(&got).send().await.unwrap();
    assert_eq!(json_body(&received(&server).await), schema_json, "the schema is sent back unchanged, with PUT");
    server.reset().await;

    // Documented: DELETE on a job's schema resets it to the template's default.
    expect(&server, "DELETE", &base, 204, None).await;
    schema.delete().send().await.unwrap();
    server.reset().await;

    expect(&server, "GET", &format!("{base}/filterOperators"), 200, Some(json!({"value": [{"id": "EQUALS", "arity": "Binary", "multivaluedComparisonType": "All", "supportedAttributeTypes": ["String"]}]}))).await;
    let operators = schema.filter_operators().send().await.unwrap();
    assert_eq!(operators.value[0].id.value().map(String::as_str), Some("EQUALS"));
    assert_eq!(operators.value[0].supported_attribute_types.value().unwrap()[0], AttributeType::String);
    server.reset().await;

    expect(
        &server,
        "GET",
        &format!("{base}/functions"),
        200,
        Some(json!({"@odata.context": "https://graph.test/$metadata#functions", "value": [{"id": "Append", "parameters": []}], "@x.tip": 1})),
    )
    .await;
    let functions = schema.functions().send().await.unwrap();
    assert_eq!(functions.value[0].id.value().map(String::as_str), Some("Append"));
    // The collection's control information is kept, and comes back as it was sent.
    assert_eq!(functions.context.as_deref(), Some("https://graph.test/$metadata#functions"));
    assert_eq!(functions.annotations.get("@x.tip"), Some(&json!(1)));
    assert_eq!(
        serde_json::to_value(&functions).unwrap(),
        json!({"@odata.context": "https://graph.test/$metadata#functions", "value": [{"id": "Append", "parameters": []}], "@x.tip": 1})
    );
    server.reset().await;

    expect(&server, "POST", &format!("{base}/parseExpression"), 200, Some(json!({"parsingSucceeded": true}))).await;
    let attribute = AttributeDefinition::default().with_name("userName");
    let parse = schema.parse_expression().with_expression("Trim([displayName])");
    let parsed = parse.with_target_attribute_definition(attribute).send().await.unwrap();
    assert_eq!(parsed.parsing_succeeded.value(), Some(&true));
    assert_eq!(
        json_body(&received(&server).await),
        json!({"expression": "Trim([displayName])", "targetAttributeDefinition": {"name": "userName"}})
    );
    server.reset().await;

    expect(
        &server,
        "POST",
        &format!("{base}/directories/dir-1/discover"),
        200,
        Some(json!({"id": "dir-1", "name": "Azure Active Directory"})),
    )
    .await;
    let discovered = schema.directories().directory("dir-1").discover().send().await.unwrap();
    assert_eq!(discovered.name.value().map(String::as_str), Some("Azure Active Directory"));
}

#[tokio::test]
async fn templates() {
    let (server, client) = server().await;
    let templates = client.beta().application("app-1").synchronization().templates();
    let base = "/beta/applications/app-1/synchronization/templates";

    expect(&server, "GET", base, 200, Some(fixture("synchronizationTemplate-list.response.json"))).await;
    let listed = templates.list().all().await.unwrap();
    assert_eq!(listed[0].factory_tag.value().map(String::as_str), Some("CustomSCIM"));
    server.reset().await;

    expect(&server, "PUT", &format!("{base}/Slack"), 204, None).await;
    templates.template("Slack").replace(&listed[0]).send().await.unwrap();
    server.reset().await;

    expect(&server, "GET", &format!("{base}/Slack/schema"), 200, Some(json!({"directories": []}))).await;
    templates.template("Slack").schema().get().send().await.unwrap();
}

#[tokio::test]
async fn alternate_keys_address_by_app_id() {
    let (server, client) = server().await;
    expect(&server, "GET", "/beta/servicePrincipals(appId='00000003-0000')/synchronization", 200, Some(json!({})))
        .await;
    client.beta().service_principal_by_app_id("00000003-0000").synchronization().get().send().await.unwrap();
}

#[tokio::test]
async fn ids_cannot_change_the_path_or_query() {
    let (server, client) = server().await;
    let request = client.beta().service_principal("a/b?c#d%e").synchronization().jobs().job("../x").get();
    let url = request.to_http().unwrap().uri().to_string();
    assert_eq!(url, format!("{}/beta/servicePrincipals/a%2Fb%3Fc%23d%25e/synchronization/jobs/..%2Fx", server.uri()));
    expect(
        &server,
        "GET",
        "/beta/servicePrincipals/a%2Fb%3Fc%23d%25e/synchronization/jobs/..%2Fx",
        200,
        Some(json!({"id": "x"})),
    )
    .await;
    request.send().await.unwrap();
    let received = received(&server).await;
    assert!(received.url.query().is_none(), "no query was smuggled in");
}

#[tokio::test]
async fn graph_errors_are_decoded() {
    let (server, client) = server().await;
    let body = json!({"error": {"code": "Request_ResourceNotFound", "message": "Resource 'x' does not exist.",
        "innerError": {"request-id": "r-1", "client-request-id": "c-1", "date": "2026-11-29T05:00:00"}}});
    expect(&server, "GET", &format!("{JOBS}/{JOB}"), 404, Some(body)).await;
    let error = client.beta().service_principal(SP).synchronization().jobs().job(JOB).get().send().await.unwrap_err();
    let Error::Graph { status, error: graph } = &error else { panic!("a Graph error expected: {error}") };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(graph.code, "Request_ResourceNotFound");
    assert_eq!(graph.inner_error.as_ref().unwrap().request_id.as_deref(), Some("r-1"));
    assert!(error.to_string().contains("404"), "{error}");
    assert!(error.to_string().contains("(request-id r-1)"), "{error}");
}

#[tokio::test]
async fn undecodable_bodies_keep_the_raw_body() {
    let (server, client) = server().await;
    expect(&server, "GET", &format!("{JOBS}/{JOB}"), 200, Some(json!(["not", "a", "job"]))).await;
    let error = client.beta().service_principal(SP).synchronization().jobs().job(JOB).get().send().await.unwrap_err();
    let Error::Decode { body, .. } = &error else { panic!("a decode error expected: {error}") };
    assert_eq!(body, r#"["not","a","job"]"#);
}

#[tokio::test]
async fn throttling_is_retried_as_retry_after_asks() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path(format!("{JOBS}/{JOB}/start")))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{JOBS}/{JOB}/start")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.beta().service_principal(SP).synchronization().jobs().job(JOB).start().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].headers.get("client-request-id"),
        requests[1].headers.get("client-request-id"),
        "a retry is the same call"
    );
}

#[tokio::test]
async fn retries_are_bounded_and_other_errors_are_not_retried() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path(format!("{JOBS}/{JOB}")))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .expect(4) // the call and 3 retries
        .mount(&server)
        .await;
    let error = client.beta().service_principal(SP).synchronization().jobs().job(JOB).get().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    server.verify().await;
    server.reset().await;

    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).expect(1).mount(&server).await;
    let error = client.beta().service_principal(SP).synchronization().jobs().job(JOB).pause().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn paging_follows_next_links_to_the_end() {
    let (server, client) = server().await;
    let page = |items: &[&str], next: Option<String>| {
        let mut body = json!({"value": items.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()});
        if let Some(next) = next {
            body["@odata.nextLink"] = json!(next);
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$skiptoken", "2"))
        .respond_with(page(&["c"], Some(format!("{uri}{JOBS}?$skiptoken=3"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$skiptoken", "3"))
        .respond_with(page(&["d", "e"], None))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$top", "2"))
        .respond_with(page(&["a", "b"], Some(format!("{uri}{JOBS}?$skiptoken=2"))))
        .mount(&server)
        .await;
    let jobs = client.beta().service_principal(SP).synchronization().jobs();
    let all = jobs.list().top(2).all().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|j| j.id.value().unwrap().as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let mut items = jobs.list().top(2).items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);

    // Items are a Stream: the usual combinators apply.
    use futures_util::{StreamExt, TryStreamExt};
    let streamed: Vec<SynchronizationJob> = jobs.list().top(2).items().try_collect().await.unwrap();
    assert_eq!(streamed.iter().map(|j| j.id.as_deref().unwrap()).collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    let before = server.received_requests().await.unwrap().len();
    let first_three: Vec<_> = jobs.list().top(2).items().take(3).collect().await;
    assert_eq!(first_three.len(), 3);
    assert_eq!(server.received_requests().await.unwrap().len() - before, 2, "pages are fetched only as needed");
}

#[tokio::test]
async fn a_page_keeps_its_control_information() {
    let (server, client) = server().await;
    let body = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#servicePrincipals('sp-1')/synchronization/jobs",
        "@odata.count": 7,
        "@odata.deltaLink": "https://graph.microsoft.com/beta/delta?$deltatoken=x",
        "@microsoft.graph.tips": "Use $select",
        "value": [{"id": "a"}]
    });
    Mock::given(method("GET"))
        .and(path(JOBS))
        .and(query_param("$count", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let page = client.beta().service_principal(SP).synchronization().jobs().list().count().send().await.unwrap();
    assert_eq!(page.count, Some(7));
    assert_eq!(page.context.as_deref(), body["@odata.context"].as_str());
    assert_eq!(page.delta_link.as_deref(), body["@odata.deltaLink"].as_str());
    assert_eq!(page.annotations.get("@microsoft.graph.tips"), Some(&json!("Use $select")));
    assert_eq!(page.iter().count(), 1);
    assert_eq!(serde_json::to_value(&page).unwrap(), body, "a page re-encodes to what was sent");
}

#[tokio::test]
async fn next_links_leaving_the_origin_are_refused() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path(JOBS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [], "@odata.nextLink": "https://attacker.invalid/steal"})),
        )
        .mount(&server)
        .await;
    let error = client.beta().service_principal(SP).synchronization().jobs().list().all().await.unwrap_err();
    assert!(
        error.to_string().contains("@odata.nextLink not followed") && error.to_string().contains("it leaves"),
        "{error}"
    );
}

#[tokio::test]
async fn requests_are_built_and_decoded_without_io() {
    let client = Client::builder(StaticToken::new("t")).root("https://graph.microsoft.us").build();
    let request = client.beta().service_principal(SP).synchronization().jobs().job(JOB).pause();
    let http_request = request.to_http().unwrap();
    assert_eq!(http_request.method(), http::Method::POST);
    assert_eq!(
        http_request.uri(),
        "https://graph.microsoft.us/beta/servicePrincipals/sp-1/synchronization/jobs/Job.1/pause"
    );
    assert!(http_request.headers().get("authorization").is_none(), "the client adds the token when sending");
    let response = http::Response::builder().status(204).body(Vec::new()).unwrap();
    request.decode(response).unwrap();
    let error = request.decode(http::Response::builder().status(403).body(b"{}".to_vec()).unwrap()).unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
}

#[tokio::test]
async fn status_and_headers_are_one_method_away() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path(JOBS))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("request-id", "req-created")
                .insert_header("Location", "https://graph.test/beta/jobs/new")
                .set_body_json(json!({"id": "new"})),
        )
        .mount(&server)
        .await;
    let jobs = client.beta().service_principal(SP).synchronization().jobs();
    let created = jobs.create(&SynchronizationJob::default()).send_with_response().await.unwrap();
    assert_eq!(created.status.as_u16(), 201);
    assert_eq!(created.request_id(), Some("req-created"));
    assert_eq!(created.header("location"), Some("https://graph.test/beta/jobs/new"));
    assert_eq!(created.into_value().id.as_deref(), Some("new"));

    // An error without innerError still names its request, from the header.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("request-id", "req-throttled")
                .insert_header("Retry-After", "0")
                .set_body_json(json!({"error": {"code": "TooManyRequests", "message": "Slow down."}})),
        )
        .mount(&server)
        .await;
    let error = jobs.job(JOB).get().send().await.unwrap_err();
    assert_eq!(error.request_id(), Some("req-throttled"));
    assert_eq!(error.graph_error().unwrap().headers["retry-after"], "0");
    assert!(error.to_string().ends_with("TooManyRequests: Slow down. (request-id req-throttled)"), "{error}");
}

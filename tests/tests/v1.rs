//! Graph v1.0 through `client.v1()`, against a loopback server: what the
//! server received (method, path under `/v1.0`, body) and what came back
//! typed, for provisionOnDemand, a job's whole lifecycle, schema and secrets;
//! and one client serving both versions side by side.

#![allow(deprecated)] // Graph deprecates the secrets this document still has.

use graph_sync::provisioning::OutcomeResult;
use graph_sync::v1::models::{
    SynchronizationJob, SynchronizationJobRestartCriteria, SynchronizationJobRestartScope, SynchronizationSchema,
    SynchronizationSecret, SynchronizationSecretKeyStringValuePair, SynchronizationStatusCode,
};
use graph_sync::{Client, Error, StaticToken};
use graph_sync_tests::{fixture, provision};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JOBS: &str = "/v1.0/servicePrincipals/sp-1/synchronization/jobs";

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    (server, client)
}

async fn answer(server: &MockServer, verb: &str, url_path: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(url_path)).respond_with(response).expect(1).mount(server).await;
}

/// What the server received: `METHOD path body` per request, in order.
async fn received(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            let body = if r.body.is_empty() { String::new() } else { String::from_utf8_lossy(&r.body).into_owned() };
            format!("{} {} {body}", r.method, r.url.path()).trim_end().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn provision_on_demand_goes_to_v1_and_its_outcome_is_typed() {
    let (server, client) = server().await;
    let response = fixture("provisionOnDemand.response.json");
    answer(
        &server,
        "POST",
        &format!("{JOBS}/job-1/provisionOnDemand"),
        ResponseTemplate::new(200).set_body_json(&response),
    )
    .await;
    let parameters = provision::v1(provision::DOCUMENTED_USER, Some(provision::DOCUMENTED_RULE));
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job("job-1");
    let answer = job.provision_on_demand(parameters).send().await.unwrap();
    let outcome = answer.provisioning_outcome().unwrap();
    assert_eq!(outcome.result, OutcomeResult::Skipped);
    assert_eq!(outcome.skip_reason().and_then(|r| r.code).as_deref(), Some("RedundantExport"));
    assert_eq!(
        received(&server).await,
        [format!(
            "POST {JOBS}/job-1/provisionOnDemand {}",
            serde_json::to_string(&fixture("provisionOnDemand.request.json")).unwrap()
        )]
    );
}

#[tokio::test]
async fn a_jobs_lifecycle_schema_and_secrets() {
    let (server, client) = server().await;
    let created = json!({"id": "scim.1", "templateId": "scim", "status": {"code": "NotConfigured"}});
    answer(&server, "POST", JOBS, ResponseTemplate::new(201).set_body_json(&created)).await;
    for action in ["start", "pause", "restart"] {
        answer(&server, "POST", &format!("{JOBS}/scim.1/{action}"), ResponseTemplate::new(204)).await;
    }
    let running = json!({"id": "scim.1", "status": {"code": "Active", "lastExecution": {"state": "Succeeded"}}});
    answer(&server, "GET", &format!("{JOBS}/scim.1"), ResponseTemplate::new(200).set_body_json(&running)).await;
    let schema = fixture("synchronizationSchema-get.response.json");
    answer(&server, "GET", &format!("{JOBS}/scim.1/schema"), ResponseTemplate::new(200).set_body_json(&schema)).await;
    answer(&server, "PUT", &format!("{JOBS}/scim.1/schema"), ResponseTemplate::new(204)).await;
    answer(&server, "PUT", "/v1.0/servicePrincipals/sp-1/synchronization/secrets", ResponseTemplate::new(204)).await;
    answer(&server, "DELETE", &format!("{JOBS}/scim.1"), ResponseTemplate::new(204)).await;

    let sync = client.v1().service_principal("sp-1").synchronization();
    let job = sync.jobs().create(&SynchronizationJob::default().with_template_id("scim")).send().await.unwrap();
    let job = sync.jobs().job(job.id.as_deref().unwrap());
    job.start().send().await.unwrap();
    let read = job.get().send().await.unwrap();
    let code = read.status.value().and_then(|s| s.code.value().cloned());
    assert_eq!(code, Some(SynchronizationStatusCode::Active));
    job.pause().send().await.unwrap();
    let criteria =
        SynchronizationJobRestartCriteria::default().with_reset_scope([SynchronizationJobRestartScope::Full]);
    job.restart().with_criteria(criteria).send().await.unwrap();
    let read_schema: SynchronizationSchema = job.schema().get().send().await.unwrap();
    assert_eq!(serde_json::to_value(&read_schema).unwrap(), schema, "the schema re-encodes as it came");
    job.schema().replace(&read_schema).send().await.unwrap();
    let token = SynchronizationSecretKeyStringValuePair::default()
        .with_key(SynchronizationSecret::SecretToken)
        .with_value("s3cr3t");
    sync.put_secrets(vec![token]).send().await.unwrap();
    job.delete().send().await.unwrap();

    let log = received(&server).await;
    let lines: Vec<&str> = log.iter().map(|line| line.split(" {").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            format!("POST {JOBS}"),
            format!("POST {JOBS}/scim.1/start"),
            format!("GET {JOBS}/scim.1"),
            format!("POST {JOBS}/scim.1/pause"),
            format!("POST {JOBS}/scim.1/restart"),
            format!("GET {JOBS}/scim.1/schema"),
            format!("PUT {JOBS}/scim.1/schema"),
            "PUT /v1.0/servicePrincipals/sp-1/synchronization/secrets".to_owned(),
            format!("DELETE {JOBS}/scim.1"),
        ]
    );
    assert_eq!(log[0], format!(r#"POST {JOBS} {{"templateId":"scim"}}"#));
    assert_eq!(log[4], format!(r#"POST {JOBS}/scim.1/restart {{"criteria":{{"resetScope":"Full"}}}}"#));
    assert!(log[7].ends_with(r#"{"value":[{"key":"SecretToken","value":"s3cr3t"}]}"#), "{}", log[7]);
}

#[tokio::test]
async fn one_client_serves_both_versions_each_under_its_own_path() {
    let (server, client) = server().await;
    let job = json!({"id": "j"});
    for version in ["beta", "v1.0"] {
        let url = format!("/{version}/servicePrincipals/sp/synchronization/jobs/j");
        answer(&server, "GET", &url, ResponseTemplate::new(200).set_body_json(&job)).await;
    }
    let beta = client.beta().service_principal("sp").synchronization().jobs().job("j").get().send().await.unwrap();
    let v1 = client.v1().service_principal("sp").synchronization().jobs().job("j").get().send().await.unwrap();
    assert_eq!((beta.id.as_deref(), v1.id.as_deref()), (Some("j"), Some("j")));
    assert_eq!(
        received(&server).await,
        [
            "GET /beta/servicePrincipals/sp/synchronization/jobs/j",
            "GET /v1.0/servicePrincipals/sp/synchronization/jobs/j"
        ]
    );
    assert_eq!(client.v1().client().base_url(), format!("{}/v1.0", server.uri()));
    assert_eq!(client.base_url(), server.uri(), "the client itself stays at the service root");
}

#[tokio::test]
async fn a_batch_is_made_to_one_version_and_refuses_a_request_of_another() {
    let (server, client) = server().await;
    let answer_body = json!({"responses": [{"id": "1", "status": 200, "body": {"id": "j"}}]});
    answer(&server, "POST", "/v1.0/$batch", ResponseTemplate::new(200).set_body_json(&answer_body)).await;
    let mut batch = client.batch();
    let v1 = batch.add(client.v1().service_principal("sp").synchronization().jobs().job("j").get());
    let beta = batch.add(client.beta().service_principal("sp").synchronization().jobs().job("j").get());
    let mut results = batch.send().await;
    assert_eq!(results.take(v1).unwrap().id.as_deref(), Some("j"));
    let error = results.take(beta).unwrap_err();
    assert!(matches!(&error, Error::Request(m) if m.contains("batch is made to Graph v1.0")), "{error}");
    let log = received(&server).await;
    assert_eq!(log.len(), 1);
    let sent: Value = serde_json::from_str(log[0].strip_prefix("POST /v1.0/$batch ").unwrap()).unwrap();
    assert_eq!(sent["requests"][0]["url"], "/servicePrincipals/sp/synchronization/jobs/j", "relative to the version");
    assert_eq!(sent["requests"].as_array().unwrap().len(), 1, "the beta request was not sent");
}

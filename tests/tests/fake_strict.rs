//! The fake refuses tokens as Graph does, keeps one clock a test can read,
//! move and set, and hands back what it received and logged as the
//! generated models.

use std::time::{Duration, SystemTime};

use graph_sync::testing::{FakeGraph, DEFAULT_RULE_ID, FAKE_TOKEN};
use graph_sync::v1::models::{
    ProvisioningObjectSummary, SynchronizationJob, SynchronizationJobApplicationParameters, SynchronizationStatusCode,
};
use graph_sync::{Client, Error, StaticToken};
use graph_sync_tests::provision;

async fn fake() -> (FakeGraph, String) {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let job = graph.add_job("sp-1", "scim").unwrap();
    (graph, job)
}

fn client_with(graph: &FakeGraph, token: &str) -> Client {
    Client::builder(StaticToken::new(token)).root(graph.root()).build()
}

async fn token_error(graph: &FakeGraph, token: &str) -> Option<String> {
    match client_with(graph, token).v1().service_principals().list().send().await {
        Ok(_) => None,
        Err(error @ Error::Graph { .. }) => {
            assert_eq!(error.status(), Some(http::StatusCode::UNAUTHORIZED), "{error}");
            let graph_error = error.graph_error().unwrap();
            assert_eq!(graph_error.code, "InvalidAuthenticationToken");
            Some(graph_error.message.clone())
        }
        Err(other) => panic!("{other}"),
    }
}

#[tokio::test]
async fn tokens_are_refused_as_graph_refuses_them() {
    let (graph, _) = fake().await;
    assert_eq!(token_error(&graph, FAKE_TOKEN).await, None, "any well-formed token by default");
    assert_eq!(token_error(&graph, "eyJ0eXAi.eyJhdWQi.c2lnbmF0dXJl").await, None);
    assert_eq!(token_error(&graph, "").await.as_deref(), Some("Access token is empty."));
    assert_eq!(token_error(&graph, "not a token").await.as_deref(), Some("IDX14100: JWT is not well formed."));
    assert_eq!(token_error(&graph, "t{ok}en").await.as_deref(), Some("IDX14100: JWT is not well formed."));

    graph.expire_token("old-token");
    let expired = token_error(&graph, "old-token").await;
    assert_eq!(expired.as_deref(), Some("Access token has expired or is not yet valid."));
    assert_eq!(token_error(&graph, "new-token").await, None);

    graph.require_token("the-token");
    assert_eq!(token_error(&graph, "the-token").await, None);
    assert!(token_error(&graph, "new-token").await.unwrap().starts_with("Access token validation failure"));
}

#[tokio::test]
async fn one_clock_set_moved_and_read_dates_everything_the_fake_writes() {
    let (graph, job_id) = fake().await;
    let start = graph.now();
    let wall = SystemTime::now();
    assert!(wall.duration_since(start).unwrap_or_default() < Duration::from_secs(5), "it starts at the wall clock");

    let new_year = SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000); // 2030-01-01T00:00:00Z
    graph.set_now(new_year);
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let answer = job.start().send_with_response().await.unwrap();
    assert!(answer.header("date").unwrap().contains("01 Jan 2030"), "{:?}", answer.header("date"));
    let started: SynchronizationJob = graph.job_as("sp-1", &job_id).unwrap().unwrap();
    let began =
        started.status.value().and_then(|s| s.last_execution.value()).and_then(|e| e.time_began.value().cloned());
    assert!(began.unwrap().to_string().starts_with("2030-01-01T00:00:0"), "the job's run is dated by the fake's clock");

    // Throttling counts on the same clock: 5 provisionOnDemand in 10 s, then a 429 until the clock moves.
    let unpaced = graph.client_builder().unpaced("*").max_retries(0).build();
    let job = unpaced.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for n in 0..5 {
        job.provision_on_demand(provision::v1(&format!("u{n}"), Some(DEFAULT_RULE_ID))).send().await.unwrap();
    }
    let throttled = job.provision_on_demand(provision::v1("u5", Some(DEFAULT_RULE_ID))).send().await.unwrap_err();
    assert_eq!(throttled.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    graph.advance(Duration::from_secs(10));
    job.provision_on_demand(provision::v1("u5", Some(DEFAULT_RULE_ID))).send().await.unwrap();
    assert!(graph.now() >= new_year + Duration::from_secs(10));

    // What was received and logged, as the generated models.
    let sent = graph.requests().into_iter().rfind(|r| r.path.ends_with("/provisionOnDemand")).unwrap();
    let parameters: Vec<SynchronizationJobApplicationParameters> = sent.parameter("parameters").unwrap();
    let subject = parameters[0].subjects.value().unwrap()[0].object_id.clone();
    assert_eq!(subject.as_deref(), Some("u5"));
    let logs: Vec<ProvisioningObjectSummary> = graph.provisioning_logs_as().unwrap();
    assert_eq!(logs.len(), 6);
    assert!(logs.iter().all(|log| log.activity_date_time.value().unwrap().to_string().starts_with("2030-01-01")));
    let code = started.status.value().and_then(|s| s.code.value().cloned());
    assert_eq!(code, Some(SynchronizationStatusCode::Active));
}

#[tokio::test]
async fn a_collections_count_is_a_path_segment_answered_as_a_number() {
    use graph_sync::v1::models::ServicePrincipal;
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1").add_service_principal("sp-2").add_service_principal("other");
    let client = graph.client();
    let all = client.v1().service_principals().list().top(1).count_only().send().await.unwrap();
    assert_eq!(all, 3, "every item, not a page of them");
    let some = client
        .v1()
        .service_principals()
        .list()
        .filter(ServicePrincipal::DISPLAY_NAME.starts_with("sp-"))
        .count_only()
        .send()
        .await
        .unwrap();
    assert_eq!(some, 2);
    let sent = graph.requests().pop().unwrap();
    assert_eq!(sent.path, "/v1.0/servicePrincipals/$count", "the `$` is not percent-encoded");
    assert_eq!(sent.headers["consistencylevel"], "eventual");
    assert_eq!(sent.headers["accept"], "text/plain");
    assert!(sent.query.unwrap().starts_with("$filter="), "the filter is kept, $top is not");

    // Without ConsistencyLevel: refused, as the service principal list page says it needs it.
    let unsent = graph_sync::runtime::Request::<graph_sync::runtime::Count>::new(
        client.v1().client().clone(),
        http::Method::GET,
        "/servicePrincipals/$count",
    );
    let error = unsent.send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    // A collection that is not a directory object's counts without it.
    graph.add_job("sp-1", "scim").unwrap();
    let jobs = client.v1().service_principal("sp-1").synchronization().jobs().list().count_only().send().await;
    assert_eq!(jobs.unwrap(), 1);
}

#[tokio::test]
async fn directory_strings_compare_without_regard_to_case() {
    use graph_sync::v1::models::ServicePrincipal;
    let graph = FakeGraph::start().await;
    graph.add_service_principal("AWS-Contoso").add_service_principal("other");
    let client = graph.client();
    let list = || client.v1().service_principals().list();
    let found = list().filter(ServicePrincipal::DISPLAY_NAME.starts_with("aws")).all().await.unwrap();
    assert_eq!(found.len(), 1, "users report Graph finds 'AWS-Contoso' by 'aws'");
    let exact = list().filter(ServicePrincipal::DISPLAY_NAME.eq("aws-contoso")).all().await.unwrap();
    assert_eq!(exact.len(), 1);
}

#[tokio::test]
async fn a_provision_by_a_rule_the_jobs_schema_lacks_is_refused() {
    let (graph, job_id) = fake().await;
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    // The documented example's rule id is not the fake job's: refused, as the page says which ids are valid.
    let documented = "ea807875-5618-4f0a-9125-0b46a05298ca";
    let error = job.provision_on_demand(provision::v1("u1", Some(documented))).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    assert!(
        error.to_string().contains(&format!("The rule '{documented}' is not a rule of the job's schema")),
        "{error}"
    );
    job.provision_on_demand(provision::v1("u1", Some(DEFAULT_RULE_ID))).send().await.unwrap();
}

#[tokio::test]
async fn a_job_run_goes_on_over_the_fakes_time_then_reports_logs_and_quarantine() {
    use graph_sync::provisioning::StepType;
    use graph_sync::testing::{JobRun, ProvisionScript};
    use graph_sync::v1::models::{ProvisioningResult, QuarantineReason, SynchronizationTaskExecutionResult};
    let (graph, job_id) = fake().await;
    let run = JobRun::new()
        .counts(2, 1, 2)
        .progress(2, 2, "Users")
        .lasting(Duration::from_secs(10 * 60))
        .provisions("ada", ProvisionScript::success())
        .provisions("grace", ProvisionScript::failure(StepType::Export, "The manager could not be found"));
    graph.script_run("sp-1", &job_id, run).unwrap();
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    job.start().send().await.unwrap();

    let during = job.get().send().await.unwrap();
    let status = during.status.value().unwrap();
    assert_eq!(status.code.value(), Some(&SynchronizationStatusCode::Active));
    assert!(status.last_execution.is_null(), "no run has ended yet");
    assert_eq!(status.progress.value().unwrap()[0].completed_units.value().map(|n| n.get()), Some(0));
    assert!(graph.provisioning_logs().is_empty());

    graph.advance(Duration::from_secs(10 * 60));
    let after = job.get().send().await.unwrap();
    let status = after.status.value().unwrap();
    let last = status.last_execution.value().unwrap();
    assert_eq!(last.state.value(), Some(&SynchronizationTaskExecutionResult::Succeeded));
    assert_eq!(last.count_exported.value().map(|n| n.get()), Some(1));
    let (began, ended) = (last.time_began.value().unwrap(), last.time_ended.value().unwrap());
    let took = ended.parse().unwrap() - began.parse().unwrap();
    assert_eq!(took.whole_seconds(), 600, "the run took 10 minutes of the fake's clock");
    assert_eq!(status.progress.value().unwrap()[0].completed_units.value().map(|n| n.get()), Some(2));
    let logs: Vec<ProvisioningObjectSummary> = graph.provisioning_logs_as().unwrap();
    let results: Vec<(Option<&str>, Option<&ProvisioningResult>)> = logs
        .iter()
        .map(|log| {
            let source = log.source_identity.value().and_then(|s| s.id.as_deref());
            (source, log.provisioning_status_info.value().and_then(|s| s.status.value()))
        })
        .collect();
    assert_eq!(
        results,
        [(Some("ada"), Some(&ProvisioningResult::Success)), (Some("grace"), Some(&ProvisioningResult::Failure))]
    );

    // A run scripted into quarantine leaves the job quarantined with Graph's reason.
    graph
        .script_run("sp-1", &job_id, JobRun::new().lasting(Duration::from_secs(60)).quarantined("TooManyDeletes"))
        .unwrap();
    job.restart().send().await.unwrap();
    graph.advance(Duration::from_secs(60));
    let quarantined = job.get().send().await.unwrap();
    let status = quarantined.status.value().unwrap();
    assert_eq!(status.code.value(), Some(&SynchronizationStatusCode::Quarantine));
    let reason = status.quarantine.value().and_then(|q| q.reason.value().cloned());
    assert_eq!(reason, Some(QuarantineReason::TooManyDeletes));
    let last = status.last_execution.value().unwrap();
    assert_eq!(last.state.value(), Some(&SynchronizationTaskExecutionResult::Failed));
}

#[tokio::test]
async fn a_page_of_directory_objects_holds_at_most_999() {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let client = graph.client();
    assert_eq!(client.v1().service_principals().list().top(999).all().await.unwrap().len(), 1);
    let error = client.v1().service_principals().list().top(1_000).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    assert!(error.to_string().contains("Must be between 1 and 999 inclusive"), "{error}");
}

#[tokio::test]
async fn a_schema_whose_mappings_name_attributes_its_directories_lack_is_refused() {
    let (graph, job_id) = fake().await;
    let client = graph.client();
    let schema = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str()).schema();
    let read = schema.get().send().await.unwrap();
    // Sent back as read: taken.
    schema.replace(&read).send().await.unwrap();
    // A mapping to an attribute the target directory does not have: refused.
    let mut value = serde_json::to_value(&read).unwrap();
    value["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["targetAttributeName"] =
        serde_json::json!("employeeBadge");
    let changed: graph_sync::v1::models::SynchronizationSchema = serde_json::from_value(value.clone()).unwrap();
    let error = schema.replace(&changed).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    assert!(error.to_string().contains("'employeeBadge' is not an attribute of User in 'customappsso'"), "{error}");
    // Once the directory has it, the same mapping is taken.
    value["directories"][1]["objects"][0]["attributes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "employeeBadge", "type": "String"}));
    let extended: graph_sync::v1::models::SynchronizationSchema = serde_json::from_value(value).unwrap();
    schema.replace(&extended).send().await.unwrap();
}

#[tokio::test]
async fn credentials_whose_base_address_is_no_url_do_not_validate() {
    #![allow(deprecated)]
    use graph_sync::v1::models::{SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
    let (graph, job_id) = fake().await;
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let credentials = |address: &str| {
        vec![
            SynchronizationSecretKeyStringValuePair::default()
                .with_key(SynchronizationSecret::BaseAddress)
                .with_value(address),
            SynchronizationSecretKeyStringValuePair::default()
                .with_key(SynchronizationSecret::SecretToken)
                .with_value("t"),
        ]
    };
    job.validate_credentials(credentials("https://scim.example.com/scim")).send().await.unwrap();
    for bad in ["scim.example.com", "not a url", "ftp://scim.example.com/"] {
        let error = job.validate_credentials(credentials(bad)).send().await.unwrap_err();
        assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{bad}: {error}");
        assert!(error.to_string().contains("is not an absolute http or https URL"), "{bad}: {error}");
    }
}

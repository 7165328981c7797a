//! The fake synchronization service (`graph_sync::testing`, the `testing`
//! feature) driven by the crate's own client: every kind of operation of both
//! versions, the documented job state machine, scripted provisionOnDemand
//! outcomes, the throttling rule on the fake's clock, paging, Graph-shaped
//! errors and the scripted faults. (That every call of both route tables is
//! served is the unit test `every_call_of_every_version_is_routed_and_answered`.)

#![allow(deprecated)] // Graph deprecates the secrets these documents still have.

use std::time::Duration;

use graph_sync::provisioning::{OutcomeResult, StepType};
use graph_sync::runtime::{ActionBody, NoContent, Request};
use graph_sync::testing::{FakeGraph, Fault, JobRun, ProvisionScript, DEFAULT_RULE_ID};
use graph_sync::v1::models::{
    SynchronizationJob, SynchronizationJobApplicationParameters, SynchronizationJobRestartCriteria,
    SynchronizationJobRestartScope, SynchronizationSecret, SynchronizationSecretKeyStringValuePair,
    SynchronizationStatusCode,
};
use graph_sync::{Client, Error};
use graph_sync_tests::provision;
use serde_json::json;

async fn fake() -> (FakeGraph, Client) {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1").add_application("app-1");
    let client = graph.client();
    (graph, client)
}

fn parameters(object_id: &str) -> Vec<SynchronizationJobApplicationParameters> {
    provision::v1(object_id, Some(DEFAULT_RULE_ID))
}

fn code(job: &SynchronizationJob) -> Option<SynchronizationStatusCode> {
    job.status.value().and_then(|s| s.code.value().cloned())
}

#[tokio::test]
async fn a_job_goes_through_its_documented_states() {
    let (graph, client) = fake().await;
    let jobs = client.v1().service_principal("sp-1").synchronization().jobs();
    let created = jobs.create(&SynchronizationJob::default().with_template_id("scim")).send().await.unwrap();
    assert_eq!(code(&created), Some(SynchronizationStatusCode::Paused), "a new job waits to be started");
    let job = jobs.job(created.id.as_deref().unwrap());

    job.start().send().await.unwrap();
    assert_eq!(code(&job.get().send().await.unwrap()), Some(SynchronizationStatusCode::Active));
    graph.quarantine("sp-1", created.id.as_deref().unwrap(), "TooManyDeletes");
    let quarantined = job.get().send().await.unwrap();
    assert_eq!(code(&quarantined), Some(SynchronizationStatusCode::Quarantine));
    let reason = quarantined.status.value().and_then(|s| s.quarantine.value()).and_then(|q| q.reason.value().cloned());
    assert_eq!(reason.map(|r| r.to_string()).as_deref(), Some("TooManyDeletes"));
    job.start().send().await.unwrap();
    let started = job.get().send().await.unwrap();
    assert!(started.status.value().unwrap().quarantine.is_null(), "start clears a quarantine, as documented");

    job.pause().send().await.unwrap();
    let paused = job.get().send().await.unwrap();
    assert_eq!(code(&paused), Some(SynchronizationStatusCode::Paused));
    let criteria = SynchronizationJobRestartCriteria::default()
        .with_reset_scope([SynchronizationJobRestartScope::Watermark, SynchronizationJobRestartScope::Escrows]);
    job.restart().with_criteria(criteria).send().await.unwrap();
    let restarted = graph.job("sp-1", created.id.as_deref().unwrap()).unwrap();
    assert_eq!(restarted["status"]["code"], "Active");
    assert_eq!(restarted["status"]["lastExecution"]["resetScope"], "Watermark,Escrows");
    assert_eq!(restarted["status"]["escrowsPruned"], true);

    job.update(&SynchronizationJob::default().with_template_id("scim")).send().await.unwrap();
    assert_eq!(jobs.list().all().await.unwrap().len(), 1);
    job.delete().send().await.unwrap();
    let gone = job.get().send().await.unwrap_err();
    assert_eq!(gone.status(), Some(http::StatusCode::NOT_FOUND));
    let nested = gone.graph_error().and_then(|e| e.nested()).expect("the synchronization API nests its error");
    assert_eq!(nested.code, "NotFound");
    assert!(gone.request_id().is_some(), "request-id header");
}

#[tokio::test]
async fn schema_secrets_and_templates() {
    let (graph, client) = fake().await;
    let job = graph.add_job("sp-1", "scim").unwrap();
    let sync = client.v1().service_principal("sp-1").synchronization();
    let schema = sync.jobs().job(job.as_str()).schema();

    let mut read = schema.get().send().await.unwrap();
    assert_eq!(read.directories.value().map(Vec::len), Some(2), "the template's schema");
    read.version = "changed".into();
    schema.replace(&read).send().await.unwrap();
    assert_eq!(schema.get().send().await.unwrap().version.value().map(String::as_str), Some("changed"));
    schema.delete().send().await.unwrap();
    assert_ne!(schema.get().send().await.unwrap().version.value().map(String::as_str), Some("changed"), "reset");
    let discovered = schema.directories().directory("source").discover().send().await.unwrap();
    assert!(discovered.discovery_date_time.has_value());
    assert_eq!(schema.filter_operators().send().await.unwrap().value.len(), 2);
    let parsed = schema.parse_expression().with_expression("[mail]").send().await.unwrap();
    assert_eq!(parsed.parsing_succeeded.value(), Some(&true));

    let secret = SynchronizationSecretKeyStringValuePair::default()
        .with_key(SynchronizationSecret::BaseAddress)
        .with_value("https://scim.example.com");
    sync.put_secrets(vec![secret]).send().await.unwrap();
    let read = sync.get().send().await.unwrap();
    assert_eq!(read.secrets.value().map(Vec::len), Some(1));

    let templates = client.v1().application("app-1").synchronization().templates();
    let listed = templates.list().all().await.unwrap();
    assert_eq!(listed.iter().map(|t| t.id.as_deref().unwrap_or_default()).collect::<Vec<_>>(), ["scim"]);
    let template = templates.template("scim").get().send().await.unwrap();
    templates.template("scim").replace(&template.with_description("ours")).send().await.unwrap();
    let read = templates.template("scim").get().send().await.unwrap();
    assert_eq!(read.description.value().map(String::as_str), Some("ours"));
}

#[tokio::test]
async fn provision_on_demand_answers_each_subject_as_scripted() {
    let (graph, client) = fake().await;
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    graph
        .on_provision("user-1", ProvisionScript::success().modifying("displayName", None, Some("Ada")))
        .on_provision("user-2", ProvisionScript::skipped("RedundantExport", "The state already matches."))
        .on_provision("user-3", ProvisionScript::failure(StepType::Export, "The manager could not be found"));
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let mut outcomes = Vec::new();
    for user in ["user-1", "user-2", "user-3"] {
        let answer = job.provision_on_demand(parameters(user)).send().await.unwrap();
        outcomes.push(answer.provisioning_outcome().unwrap());
    }
    assert!(outcomes[0].succeeded());
    assert_eq!(outcomes[0].changes().collect::<Vec<_>>(), [("displayName", None, Some("Ada"))]);
    assert_eq!(outcomes[1].result, OutcomeResult::Skipped);
    assert_eq!(outcomes[1].skip_reason().and_then(|r| r.code).as_deref(), Some("RedundantExport"));
    let failure = outcomes[2].failed_step().expect("a failed step");
    assert_eq!(failure.step.step_type, Some(StepType::Export));
    assert_eq!(failure.message.as_deref(), Some("The manager could not be found"));
    // The beta route answers the same way.
    let beta = client.beta().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    assert!(beta
        .provision_on_demand(provision::beta("user-1", None))
        .send()
        .await
        .unwrap()
        .provisioning_outcome()
        .unwrap()
        .succeeded());
}

/// More than 5 provisionOnDemand calls in 10 seconds are answered `429`
/// with `Retry-After`; on the fake's clock, 10 seconds later they pass again.
#[tokio::test]
async fn provision_on_demand_is_throttled_as_documented() {
    let (graph, _) = fake().await;
    // The client's own pacing would wait its turn instead: off, and no retries, to meet the rule.
    let client = graph.client_builder().unpaced(graph_sync::v1::operations::PROVISION_ON_DEMAND).max_retries(0).build();
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for _ in 0..5 {
        job.provision_on_demand(parameters("u")).send().await.unwrap();
    }
    let throttled = job.provision_on_demand(parameters("u")).send().await.unwrap_err();
    assert_eq!(throttled.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    let retry_after = throttled.graph_error().and_then(|e| e.retry_after()).unwrap().as_secs();
    assert!((9..=10).contains(&retry_after), "{retry_after}");
    graph.advance(Duration::from_secs(10));
    job.provision_on_demand(parameters("u")).send().await.unwrap();
    // Other calls are not counted.
    job.get().send().await.unwrap();
}

#[tokio::test]
async fn long_job_lists_are_paged_with_next_links() {
    let (graph, client) = fake().await;
    graph.page_size(2);
    for _ in 0..5 {
        graph.add_job("sp-1", "scim").unwrap();
    }
    let jobs = client.v1().service_principal("sp-1").synchronization().jobs().list().all().await.unwrap();
    assert_eq!(jobs.len(), 5);
    let lists: Vec<_> = graph.requests().into_iter().filter(|r| r.method == "GET").collect();
    assert_eq!(lists.len(), 3, "three pages");
    assert_eq!(lists[2].query.as_deref(), Some("$top=2&$skiptoken=4"));
}

#[tokio::test]
async fn unknown_ids_bad_bodies_and_missing_tokens_are_answered_as_graph_does() {
    let (graph, client) = fake().await;
    let unknown = client.v1().service_principal("nobody").synchronization().get().send().await.unwrap_err();
    assert_eq!(unknown.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(unknown.graph_error().map(|e| e.code.as_str()), Some("Request_ResourceNotFound"));

    // A body the generated types refuse: `parameters` must be a list.
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    let path = format!("/servicePrincipals/sp-1/synchronization/jobs/{job_id}");
    let resource = graph_sync::runtime::Resource::new(client.v1().client().clone(), path);
    let bad: Request<NoContent> =
        resource.action("provisionOnDemand", ActionBody::new().parameter("parameters", &json!({})));
    let error = bad.send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    assert!(error.graph_error().unwrap().message.contains("`parameters`"), "{error}");

    let anonymous = Client::builder(graph_sync::StaticToken::new("")).root(graph.root()).build();
    let refused = anonymous.v1().service_principal("sp-1").synchronization().get().send().await.unwrap_err();
    assert_eq!(refused.status(), Some(http::StatusCode::UNAUTHORIZED));

    // v1.0 has no Ping; beta does.
    assert!(client.beta().service_principal("sp-1").synchronization().ping().send().await.is_ok());
    let received = graph.requests();
    assert!(received.iter().all(|r| r.path.starts_with("/v1.0/") || r.path.starts_with("/beta/")));
    let last = received.last().unwrap();
    assert!(last.headers.contains_key("client-request-id"));
}

#[tokio::test]
async fn scripted_faults_exercise_the_callers_recovery() {
    let (graph, _) = fake().await;
    let client = graph.client_builder().max_retry_delay(Duration::from_millis(50)).build();
    let sync = client.v1().service_principal("sp-1").synchronization();

    // A 429 with a fractional Retry-After and a 503: a GET is retried through both.
    graph.fail_next(1, Fault::Throttled { retry_after: Duration::from_millis(20) }).fail_next(1, Fault::Unavailable);
    sync.get().send().await.unwrap();
    assert_eq!(graph.requests().len(), 3);

    // A dropped connection: a POST is not retried (it may have been done).
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    graph.fail_next(1, Fault::DroppedConnection);
    let error = sync.jobs().job(job_id.as_str()).start().send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(graph.job("sp-1", &job_id).unwrap()["status"]["code"], "Paused", "nothing happened");

    // A slow answer meets the caller's timeout.
    let impatient = graph.client_builder().call_timeout(Duration::from_millis(100)).max_retries(0).build();
    graph.fail_next(1, Fault::Slow(Duration::from_secs(2)));
    let error = impatient.v1().service_principal("sp-1").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    // The slow request reached the fake (the timeout is the caller's, not a refusal).
    let last = graph.requests().pop().unwrap();
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", "/v1.0/servicePrincipals/sp-1/synchronization"));
}

/// Every operation of the v1.0 slice through the crate's own client, each
/// answered with success by the fake (the kinds above are checked in depth).
#[tokio::test]
async fn every_v1_operation_through_the_client() {
    use graph_sync::runtime::scim::{BulkRequest, ScimUser};
    use graph_sync::v1::models::{DirectoryDefinition, SynchronizationSchema, SynchronizationTemplate};
    let (graph, client) = fake().await;
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    let v1 = client.v1();
    let sync = v1.service_principal("sp-1").synchronization();
    let jobs = sync.jobs();
    let job = jobs.job(job_id.as_str());
    let schema = job.schema();
    let secret = || vec![SynchronizationSecretKeyStringValuePair::default().with_key(SynchronizationSecret::Password)];

    sync.get().send().await.unwrap();
    sync.replace(&sync.get().send().await.unwrap()).send().await.unwrap();
    sync.put_secrets(secret()).send().await.unwrap();
    sync.acquire_access_token(secret()).send().await.unwrap();
    jobs.list().all().await.unwrap();
    jobs.validate_credentials(secret()).with_template_id("scim").send().await.unwrap();
    let created = jobs.create(&SynchronizationJob::default().with_template_id("scim")).send().await.unwrap();
    job.get().send().await.unwrap();
    job.update(&SynchronizationJob::default()).send().await.unwrap();
    job.start().send().await.unwrap();
    job.pause().send().await.unwrap();
    job.restart().send().await.unwrap();
    job.validate_credentials(secret()).with_use_saved_credentials(true).send().await.unwrap();
    job.provision_on_demand(parameters("u")).send().await.unwrap();
    let accepted = job.bulk_upload(&BulkRequest::from_users([ScimUser::new("e-1")])).send().await.unwrap();
    let logs = format!("{}/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'{job_id}'", graph.root());
    assert_eq!(accepted.location.as_deref(), Some(logs.as_str()), "the provisioning-logs query of the job");
    schema.get().send().await.unwrap();
    schema.replace(&SynchronizationSchema::default()).send().await.unwrap();
    schema.filter_operators().send().await.unwrap();
    schema.functions().send().await.unwrap();
    schema.parse_expression().with_expression("[mail]").send().await.unwrap();
    let directories = schema.directories();
    let directory = DirectoryDefinition::default().with_id("extra").with_name("Extra");
    directories.create(&directory).send().await.unwrap();
    directories.list().all().await.unwrap();
    directories.directory("extra").get().send().await.unwrap();
    directories.directory("extra").update(&DirectoryDefinition::default().with_name("Renamed")).send().await.unwrap();
    directories.directory("extra").discover().send().await.unwrap();
    directories.directory("extra").delete().send().await.unwrap();
    schema.delete().send().await.unwrap();
    jobs.job(created.id.as_deref().unwrap()).delete().send().await.unwrap();
    job.delete().send().await.unwrap();

    let templates = v1.application("app-1").synchronization().templates();
    templates.create(&SynchronizationTemplate::default().with_id("custom")).send().await.unwrap();
    templates.list().all().await.unwrap();
    let template = templates.template("custom");
    template.get().send().await.unwrap();
    template.replace(&SynchronizationTemplate::default().with_id("custom")).send().await.unwrap();
    template.schema().get().send().await.unwrap();
    template.delete().send().await.unwrap();
    graph.set_app_id("sp-1", "00000003-0000-0000-c000-000000000000");
    let by_app_id = v1.service_principal_by_app_id("00000003-0000-0000-c000-000000000000").synchronization();
    assert_eq!(by_app_id.get().send().await.unwrap().id.as_deref(), Some("sp-1"));
    sync.delete().send().await.unwrap();
    assert!(graph.requests().iter().all(|r| r.path.starts_with("/v1.0/")));
}

/// The same for beta, whose slice has Ping where v1.0 has bulkUpload.
#[tokio::test]
async fn every_beta_operation_through_the_client() {
    use graph_sync::beta::models as beta;
    let (graph, client) = fake().await;
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    let api = client.beta();
    let sync = api.service_principal("sp-1").synchronization();
    let jobs = sync.jobs();
    let job = jobs.job(job_id.as_str());
    let schema = job.schema();
    let secret = || {
        vec![beta::SynchronizationSecretKeyStringValuePair::default().with_key(beta::SynchronizationSecret::Password)]
    };
    let parameters = provision::beta("u", None);

    sync.get().send().await.unwrap();
    sync.replace(&sync.get().send().await.unwrap()).send().await.unwrap();
    sync.put_secrets(secret()).send().await.unwrap();
    sync.acquire_access_token(secret()).send().await.unwrap();
    sync.ping().send().await.unwrap();
    jobs.list().all().await.unwrap();
    jobs.validate_credentials(secret()).send().await.unwrap();
    let created = jobs.create(&beta::SynchronizationJob::default().with_template_id("scim")).send().await.unwrap();
    job.get().send().await.unwrap();
    job.update(&beta::SynchronizationJob::default()).send().await.unwrap();
    job.start().send().await.unwrap();
    job.pause().send().await.unwrap();
    job.restart().send().await.unwrap();
    job.validate_credentials(secret()).send().await.unwrap();
    job.provision_on_demand(parameters).send().await.unwrap();
    schema.get().send().await.unwrap();
    schema.replace(&beta::SynchronizationSchema::default()).send().await.unwrap();
    schema.filter_operators().send().await.unwrap();
    schema.functions().send().await.unwrap();
    schema.parse_expression().send().await.unwrap();
    let directories = schema.directories();
    directories.create(&beta::DirectoryDefinition::default().with_id("extra")).send().await.unwrap();
    directories.list().all().await.unwrap();
    directories.directory("extra").get().send().await.unwrap();
    directories.directory("extra").update(&beta::DirectoryDefinition::default()).send().await.unwrap();
    directories.directory("extra").discover().send().await.unwrap();
    directories.directory("extra").delete().send().await.unwrap();
    schema.delete().send().await.unwrap();
    jobs.job(created.id.as_deref().unwrap()).delete().send().await.unwrap();
    job.delete().send().await.unwrap();
    let templates = api.application("app-1").synchronization().templates();
    templates.create(&beta::SynchronizationTemplate::default().with_id("custom")).send().await.unwrap();
    templates.list().all().await.unwrap();
    templates.template("custom").get().send().await.unwrap();
    templates
        .template("custom")
        .replace(&beta::SynchronizationTemplate::default().with_id("custom"))
        .send()
        .await
        .unwrap();
    templates.template("custom").schema().get().send().await.unwrap();
    templates.template("custom").delete().send().await.unwrap();
    sync.delete().send().await.unwrap();
    assert!(graph.requests().iter().all(|r| r.path.starts_with("/beta/")));
}

#[tokio::test]
async fn setting_up_what_the_fake_lacks_is_an_error_the_test_reads() {
    let (graph, _) = fake().await;
    let error = graph.add_job("nobody", "scim").unwrap_err();
    assert_eq!(error.to_string(), "`nobody` is not declared: add_service_principal first");
    let error = graph.add_job("sp-1", "workday").unwrap_err();
    assert_eq!(error.to_string(), "`sp-1` has no template `workday`: add_template first");
    let error = graph.script_run("sp-1", "no-such-job", JobRun::new()).unwrap_err();
    assert_eq!(error.to_string(), "`sp-1` has no job `no-such-job`");
}

#[tokio::test]
async fn a_jobs_run_reports_the_scripted_counts_and_progress() {
    let (graph, client) = fake().await;
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    graph
        .script_run("sp-1", &job_id, JobRun::new().counts(120, 80, 100).escrowed(2).progress(80, 100, "Users"))
        .unwrap();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    job.start().send().await.unwrap();
    let read = job.get().send().await.unwrap();
    let status = read.status.value().unwrap();
    let last = status.last_execution.value().unwrap();
    let count = |value: &graph_sync::Field<graph_sync::Int64>| value.value().map(|n| n.get());
    assert_eq!((count(&last.count_imported), count(&last.count_exported)), (Some(120), Some(80)));
    assert_eq!((count(&last.count_entitled), count(&last.count_escrowed)), (Some(100), Some(2)));
    let progress = status.progress.value().unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].units.as_deref(), Some("Users"));
    assert_eq!((count(&progress[0].completed_units), count(&progress[0].total_units)), (Some(80), Some(100)));
}

#[tokio::test]
async fn an_injected_429_says_what_it_throttles() {
    let (graph, _) = fake().await;
    let client = graph.client_builder().max_retries(0).build();
    graph.fail_next(1, Fault::Throttled { retry_after: Duration::from_secs(1) });
    let error = client.v1().service_principal("sp-1").synchronization().jobs().list().send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    let message = error.graph_error().map(|e| e.message.clone()).unwrap_or_default();
    assert!(
        message.contains("a scripted fault")
            && message.contains("GET /v1.0/servicePrincipals/sp-1/synchronization/jobs"),
        "{message}"
    );
    assert!(!message.contains("provisionOnDemand"), "{message}");
}

//! The provisioning workflow around the synchronization API, as Microsoft's
//! tutorial walks it: the gallery (`applicationTemplates`, `instantiate`),
//! applications and service principals (by id, by `appId`, filtered), and
//! the provisioning logs (filtered by the documented forms, and followed from
//! a bulk upload's `Location`); what the builders send (checked on a
//! loopback server) and what the fake answers, in both Graph versions. URLs
//! the service hands out are followed as written, and refused unsent when
//! they leave the client's origin or version.

#![allow(deprecated)]

use std::time::Duration;

use graph_sync::runtime::scim::{BulkRequest, ScimUser};
use graph_sync::runtime::{DateTimeOffset, ListRequest, Request, Where};
use graph_sync::testing::{FakeGraph, ProvisionScript, DEFAULT_RULE_ID};
use graph_sync::v1::models::{
    ApplicationTemplate, ModifiedProperty, ProvisionedIdentity, ProvisioningAction, ProvisioningObjectSummary,
    ProvisioningObjectSummary as Log, ProvisioningResult, ProvisioningStatusInfo, ServicePrincipal, SynchronizationJob,
};
use graph_sync::{Client, Error, StaticToken};
use graph_sync_tests::provision;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GALLERY_APP: &str = "8b1025e4-1dd2-430b-a150-2ef79cd700f5";

async fn fake() -> FakeGraph {
    let graph = FakeGraph::start().await;
    graph.add_application_template(GALLERY_APP, "AWS Single-Account Access", &["aws"]);
    graph.add_application_template("other", "O'Brien's Tools", &[]);
    graph
}

#[tokio::test]
async fn v1_the_gallery_application_is_found_created_and_its_principal_found() {
    let graph = fake().await;
    let v1 = graph.client().v1();
    let by_name = ApplicationTemplate::DISPLAY_NAME.eq("AWS Single-Account Access");
    let found = v1.application_templates().list().filter(by_name).send().await.unwrap();
    let ids: Vec<&str> = found.value.iter().filter_map(|t| t.id.as_deref()).collect();
    assert_eq!(ids, [GALLERY_APP]);
    // A quote in a name is doubled in the literal, and matched as a quote.
    let by_name = ApplicationTemplate::DISPLAY_NAME.eq("O'Brien's Tools");
    let quoted = v1.application_templates().list().filter(by_name).send().await.unwrap();
    assert_eq!(quoted.value.len(), 1);

    let template = v1.application_templates().application_template(GALLERY_APP);
    assert_eq!(template.get().send().await.unwrap().display_name.as_deref(), Some("AWS Single-Account Access"));
    let created = template.instantiate().with_display_name("AWS for Contoso").send().await.unwrap();
    let application = created.application.into_value().unwrap().into_base();
    let principal = created.service_principal.into_value().unwrap().into_base();
    let app_id = application.app_id.as_deref().unwrap().to_owned();
    assert_eq!(principal.app_id.as_deref(), Some(app_id.as_str()));
    assert_eq!(application.application_template_id.as_deref(), Some(GALLERY_APP));
    let principal_id = principal.id.as_deref().unwrap().to_owned();

    // Found three ways: filtered by appId, by the appId alternate key, by id.
    let listed = v1.service_principals().list().filter(ServicePrincipal::APP_ID.eq(&app_id)).send().await.unwrap();
    assert_eq!(listed.value.iter().filter_map(|p| p.id.as_deref()).collect::<Vec<_>>(), [principal_id.as_str()]);
    let by_key = v1.service_principal_by_app_id(&app_id).get().send().await.unwrap();
    assert_eq!(by_key.id.as_deref(), Some(principal_id.as_str()));
    let by_id = v1.service_principals().service_principal(principal_id.as_str()).get().send().await.unwrap();
    assert_eq!(by_id.display_name.as_deref(), Some("AWS for Contoso"));
    let app = v1.application_by_app_id(&app_id).get().send().await.unwrap();
    assert_eq!(app.id, application.id);

    // The new principal has the gallery application's synchronization template.
    let sync = v1.service_principal(principal_id.as_str()).synchronization();
    let templates = sync.templates().list().send().await.unwrap();
    assert_eq!(templates.value.iter().filter_map(|t| t.id.as_deref()).collect::<Vec<_>>(), ["aws"]);
    let job = sync.jobs().create(&SynchronizationJob::default().with_template_id("aws")).send().await.unwrap();
    assert!(job.id.as_deref().unwrap().starts_with("aws."));

    // Deleting the application takes its principal with it, as in Graph.
    v1.application(application.id.as_deref().unwrap()).delete().send().await.unwrap();
    let gone = v1.service_principal(principal_id.as_str()).get().send().await.unwrap_err();
    assert_eq!(gone.status(), Some(http::StatusCode::NOT_FOUND), "{gone}");
}

#[tokio::test]
async fn beta_has_the_same_workflow() {
    let graph = fake().await;
    let beta = graph.client().beta();
    let created = beta
        .application_templates()
        .application_template(GALLERY_APP)
        .instantiate()
        .with_display_name("AWS (beta)")
        .send()
        .await
        .unwrap();
    let principal = created.service_principal.into_value().unwrap().into_base();
    let app_id = principal.app_id.as_deref().unwrap();
    let by_app_id = graph_sync::beta::models::ServicePrincipal::APP_ID.eq(app_id);
    let listed = beta.service_principals().list().filter(by_app_id).send().await.unwrap();
    assert_eq!(listed.value.len(), 1);
    let job = beta.service_principal(principal.id.as_deref().unwrap()).synchronization().jobs();
    let created_job = job.create(&graph_sync::beta::models::SynchronizationJob::default().with_template_id("aws"));
    let job_id = created_job.send().await.unwrap().id.into_value().unwrap();
    job.job(job_id.as_str())
        .provision_on_demand(provision::beta("user-1", Some(DEFAULT_RULE_ID)))
        .send()
        .await
        .unwrap();
    let of_job = graph_sync::beta::models::ProvisioningObjectSummary::JOB_ID.eq(&job_id);
    let logs = beta.audit_logs().provisioning().list().filter(of_job).all().await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].source_identity.value().and_then(|s| s.id.as_deref()), Some("user-1"));
}

/// A job of a declared principal, and a client of the fake's.
async fn job(graph: &FakeGraph) -> (Client, String) {
    graph.add_service_principal("sp-1");
    let job = graph.add_job("sp-1", "scim").unwrap();
    (graph.client(), job)
}

fn status(log: &ProvisioningObjectSummary) -> Option<ProvisioningResult> {
    log.provisioning_status_info.value().and_then(|s| s.status.value()).cloned()
}

#[tokio::test]
async fn provisioning_logs_record_what_the_fake_did_and_filter_as_documented() {
    let graph = fake().await;
    let (client, job_id) = job(&graph).await;
    graph.on_provision(
        "user-2",
        ProvisionScript::failure(graph_sync::provisioning::StepType::Export, "The manager is missing"),
    );
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for user in ["user-1", "user-2"] {
        job.provision_on_demand(provision::v1(user, Some(DEFAULT_RULE_ID))).send().await.unwrap();
    }
    let logs = client.v1().audit_logs().provisioning();
    let all = logs.list().filter(Log::JOB_ID.eq(&job_id)).all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(status(&all[0]), Some(ProvisioningResult::Success));
    assert_eq!(all[0].provisioning_action.value(), Some(&ProvisioningAction::Create));
    assert!(all[0].provisioning_steps.value().is_some_and(|steps| !steps.is_empty()));
    let failed = &all[1];
    assert_eq!(status(failed), Some(ProvisioningResult::Failure));
    let error = failed.provisioning_status_info.value().and_then(|s| s.error_information.value()).unwrap();
    assert_eq!(error.reason.as_deref(), Some("The manager is missing"));

    // The documented filters, typed.
    let count = |filter: Where<Log>| {
        let list = logs.list().filter(filter);
        async move { list.all().await.unwrap().len() }
    };
    let status = Log::PROVISIONING_STATUS_INFO.then(&ProvisioningStatusInfo::STATUS);
    assert_eq!(count(status.eq(ProvisioningResult::Failure)).await, 1);
    assert_eq!(count(status.eq(ProvisioningResult::Success)).await, 1);
    assert_eq!(count(Log::SOURCE_IDENTITY.then(&ProvisionedIdentity::ID).eq("user-2")).await, 1);
    assert_eq!(count(Log::JOB_ID.eq(&job_id).and(status.eq(ProvisioningResult::Failure))).await, 1);
    let at = |text: &str| DateTimeOffset::from_wire(text);
    assert_eq!(count(Log::ACTIVITY_DATE_TIME.ge(at("2026-01-01T00:00:00Z"))).await, 2);
    assert_eq!(count(Log::ACTIVITY_DATE_TIME.ge(at("2027-01-01T00:00:00Z"))).await, 0);
    // The pre-2021 name of the status, as older pages filter on it: only
    // the unchecked form can still say it, and the fake reads it as Graph does.
    let older = logs.list().filter_unchecked("statusInfo/status eq 'failure'").all().await.unwrap();
    assert_eq!(older.len(), 1);
    // One entry by its id.
    let id = failed.id.as_deref().unwrap();
    assert_eq!(logs.provisioning_object_summary(id).get().send().await.unwrap().id.as_deref(), Some(id));
    // Lambdas over a collection are evaluated; what the fake does not evaluate is a 400 that says so.
    let no_such = Log::MODIFIED_PROPERTIES.any(|p| p.then(&ModifiedProperty::DISPLAY_NAME).eq("no such property"));
    assert_eq!(count(no_such).await, 0);
    let some = Log::MODIFIED_PROPERTIES.any(|p| p.then(&ModifiedProperty::DISPLAY_NAME).ne("no such property"));
    assert_eq!(count(some).await, 0, "the fake's logs list no modified properties");
    let error = logs.list().filter_unchecked("length(changeId) gt 3").send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    assert!(error.to_string().contains("the fake does not evaluate the $filter"), "{error}");
}

#[tokio::test]
async fn a_bulk_uploads_location_lists_its_logs_exactly_as_the_service_wrote_it() {
    let graph = fake().await;
    let (client, job_id) = job(&graph).await;
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let request = BulkRequest::from_users([ScimUser::new("701984"), ScimUser::new("701985")]);
    let accepted = job.bulk_upload(&request).send().await.unwrap();
    let location = accepted.location.clone().unwrap();
    assert!(location.ends_with(&format!("/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'{job_id}'")));
    // As the service: nothing is logged while the job is paused (a new job
    // is), nor before the documented lag once it runs.
    let early: Vec<ProvisioningObjectSummary> = accepted.provisioning_logs().all().await.unwrap();
    assert!(early.is_empty(), "{early:?}");
    job.start().send().await.unwrap();
    graph.advance(Duration::from_secs(4 * 60));
    assert!(accepted.provisioning_logs().all().await.unwrap().is_empty(), "4 minutes is inside the 5-minute lag");
    graph.advance(Duration::from_secs(60));
    let logs: Vec<ProvisioningObjectSummary> = accepted.provisioning_logs().all().await.unwrap();
    let sources: Vec<&str> =
        logs.iter().filter_map(|l| l.source_identity.value().and_then(|s| s.id.as_deref())).collect();
    assert_eq!(sources, ["701984", "701985"]);
    // What was sent is the Location itself, never decoded and encoded again
    // (`%20` stays `%20`). One byte differs, by the rule of the layer below:
    // the WHATWG URL parser behind reqwest writes `'` as `%27` in a query,
    // which the service reads as the same `'`.
    let sent = graph.requests().into_iter().last().unwrap();
    let as_written = location.trim_start_matches(graph.root()).replace('\'', "%27");
    assert_eq!(format!("{}?{}", sent.path, sent.query.unwrap()), as_written);
    // Filtered further by the source's id, as the documentation does.
    let one = ListRequest::<ProvisioningObjectSummary>::from_url(
        client.v1().client(),
        &format!("{location}%20and%20sourceIdentity/id%20eq%20'701985'"),
    );
    assert_eq!(one.all().await.unwrap().len(), 1);
}

/// URLs that must never be requested with the client's token, each refused
/// before anything is sent: another origin (host, port, scheme, user
/// information), another version, a dot segment in any spelling, a backslash.
#[tokio::test]
async fn a_url_that_leaves_the_origin_or_version_is_refused_unsent() {
    let ours = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value": []}"#))
        .mount(&ours)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&elsewhere).await;
    let client = Client::builder(StaticToken::new("secret-token")).root(ours.uri()).build();
    let v1 = client.v1();
    let root = ours.uri();
    let host = root.trim_start_matches("http://");
    let refused = [
        format!("{}/v1.0/auditLogs/provisioning", elsewhere.uri()),
        format!("https://{host}/v1.0/auditLogs/provisioning"),
        format!("http://user@{host}/v1.0/auditLogs/provisioning"),
        format!("http://{host}.evil.test/v1.0/auditLogs/provisioning"),
        format!("{root}/beta/auditLogs/provisioning"),
        format!("{root}/v1.0/../beta/auditLogs/provisioning"),
        format!("{root}/v1.0/%2e%2e/beta/auditLogs/provisioning"),
        format!("{root}/v1.0/auditLogs/%252E%252E/x"),
        format!("{root}/v1.0\\..\\beta/auditLogs"),
        format!("{root}/v1.0x/auditLogs"),
        "/v1.0/auditLogs/provisioning".to_owned(),
        "not a url".to_owned(),
    ];
    for url in &refused {
        let list = ListRequest::<ProvisioningObjectSummary>::from_url(v1.client(), url);
        match list.send().await {
            Err(Error::Request(message)) => assert!(message.contains("refusing to request"), "{url}: {message}"),
            other => panic!("{url}: {other:?}"),
        }
        let get = Request::<graph_sync::runtime::Json<serde_json::Value>>::from_url(v1.client(), url);
        assert!(matches!(get.to_http(), Err(Error::Request(_))), "{url}");
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty(), "the token never left the origin");
    assert!(ours.received_requests().await.unwrap().is_empty(), "nothing refused was sent");

    // A URL on the origin and version is sent as written, query untouched.
    Mock::given(path("/v1.0/auditLogs/provisioning/"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value": []}"#))
        .mount(&ours)
        .await;
    let written = format!("{root}/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'a%27b'&$top=5");
    ListRequest::<ProvisioningObjectSummary>::from_url(v1.client(), &written).send().await.unwrap();
    let received = ours.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    // As written, `%27` and `%20` untouched; `'` is `%27` by the URL parser's rule (see above).
    let query = received[0].url.query().unwrap();
    assert_eq!(query, "$filter=jobid%20eq%20%27a%27b%27&$top=5");
    assert_eq!(received[0].url.path(), "/v1.0/auditLogs/provisioning/");
    assert_eq!(received[0].headers["authorization"], "Bearer secret-token");
}

#[tokio::test]
async fn what_the_builders_send() {
    let server = MockServer::start().await;
    // A listing is answered with an empty collection, a single entity's read with an object.
    Mock::given(method("GET"))
        .respond_with(|request: &wiremock::Request| {
            let entity = request.url.path().ends_with("log-1") || request.url.path().contains("(appId=");
            ResponseTemplate::new(200).set_body_string(if entity { "{}" } else { r#"{"value": []}"# })
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_string(r#"{"application": {}, "servicePrincipal": {}}"#))
        .mount(&server)
        .await;
    let v1 = Client::builder(StaticToken::new("t")).root(server.uri()).build().v1();
    v1.application_templates().list().filter(ApplicationTemplate::DISPLAY_NAME.eq("AWS")).send().await.unwrap();
    v1.application_templates().application_template("t/1").instantiate().with_display_name("A").send().await.unwrap();
    v1.service_principals().list().filter(ServicePrincipal::APP_ID.eq("x")).top(1).send().await.unwrap();
    v1.service_principal_by_app_id("it's").get().send().await.unwrap();
    v1.audit_logs().provisioning().list().filter(Log::JOB_ID.eq("j")).send().await.unwrap();
    v1.audit_logs().provisioning().provisioning_object_summary("log-1").get().send().await.unwrap();
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body = String::from_utf8_lossy(&r.body).into_owned();
            let query = r.url.query().map(|q| format!("?{q}")).unwrap_or_default();
            format!("{} {}{query} {body}", r.method, r.url.path()).trim_end().to_owned()
        })
        .collect();
    assert_eq!(
        sent,
        [
            "GET /v1.0/applicationTemplates?$filter=displayName%20eq%20%27AWS%27",
            r#"POST /v1.0/applicationTemplates/t%2F1/instantiate {"displayName":"A"}"#,
            "GET /v1.0/servicePrincipals?$filter=appId%20eq%20%27x%27&$top=1",
            "GET /v1.0/servicePrincipals(appId='it%27%27s')",
            "GET /v1.0/auditLogs/provisioning?$filter=jobId%20eq%20%27j%27",
            "GET /v1.0/auditLogs/provisioning/log-1",
        ]
    );
}

#[tokio::test]
async fn the_fake_serves_batches_with_dependencies_and_per_item_throttling() {
    let graph = fake().await;
    graph.add_service_principal("sp-1");
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    // Unpaced and without retries: the fake's own throttling answers.
    let client = graph.client_builder().unpaced("provisionOnDemand").max_retries(0).build();
    let v1 = client.v1();
    let mut batch = v1.client().batch();
    let principal = batch.add(v1.service_principal("sp-1").get());
    let templates = batch.add(v1.application_templates().list().first_page().clone());
    let missing = batch.add(v1.service_principal("nobody").get());
    let start = batch.add(v1.service_principal("sp-1").synchronization().jobs().job(job_id.as_str()).start());
    let after = batch.add_after(v1.service_principal("nobody").synchronization().get(), &[missing.index()]);
    let mut results = batch.send().await;
    assert_eq!(results.take(principal).unwrap().id.as_deref(), Some("sp-1"));
    assert_eq!(results.take(templates).unwrap().value.len(), 2);
    let error = results.take(missing).unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND), "{error}");
    results.take(start).unwrap();
    let error = results.take(after).unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::FAILED_DEPENDENCY), "{error}");
    assert_eq!(graph.requests().iter().filter(|r| r.path == "/v1.0/$batch").count(), 1, "one $batch call");

    // Six provisionOnDemand calls in one batch: the sixth is throttled by
    // the documented rule, inside the batch, and says what it throttles.
    let job = v1.service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let mut batch = v1.client().batch();
    let slots: Vec<_> = (0..6)
        .map(|n| batch.add(job.provision_on_demand(provision::v1(&format!("u-{n}"), Some(DEFAULT_RULE_ID)))))
        .collect();
    let mut results = batch.send().await;
    let outcomes: Vec<_> = slots.into_iter().map(|slot| results.take(slot)).collect();
    assert!(outcomes[..5].iter().all(Result::is_ok), "{outcomes:?}");
    let throttled = outcomes[5].as_ref().unwrap_err();
    assert_eq!(throttled.status(), Some(http::StatusCode::TOO_MANY_REQUESTS), "{throttled}");
    assert!(throttled.to_string().contains("provisionOnDemand is limited to 5 requests per 10 seconds"), "{throttled}");
    assert_eq!(graph.provisioning_logs().len(), 5, "what was provisioned is logged, what was throttled is not");
}

#[test]
fn a_derived_principal_read_as_its_base_keeps_its_own_properties() {
    use graph_sync::v1::models::AnyServicePrincipal;
    let body = serde_json::json!({
        "@odata.type": "#microsoft.graph.agentIdentity", "id": "sp-9", "appId": "app-9",
        "agentIdentityBlueprintId": "blueprint-1"
    });
    let principal: AnyServicePrincipal = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(principal.odata_type(), Some("microsoft.graph.agentIdentity"));
    let base = principal.into_base();
    assert_eq!((base.id.as_deref(), base.app_id.as_deref()), (Some("sp-9"), Some("app-9")));
    assert_eq!(base.additional_properties["agentIdentityBlueprintId"], "blueprint-1");
    assert_eq!(serde_json::to_value(&base).unwrap(), body, "nothing lost");
}

#[test]
fn a_bulk_upload_answered_without_a_location_has_no_logs_to_list() {
    let v1 = Client::new(StaticToken::new("t")).v1();
    let job = v1.service_principal("sp").synchronization().jobs().job("job");
    let upload = job.bulk_upload(&BulkRequest::from_users([ScimUser::new("701984")]));
    let accepted = upload.decode(http::Response::builder().status(202).body(Vec::new()).unwrap()).unwrap();
    assert_eq!(accepted.location, None);
    match accepted.provisioning_logs().first_page().to_http() {
        Err(Error::Request(message)) => assert!(message.contains("had no Location"), "{message}"),
        other => panic!("{other:?}"),
    }
}

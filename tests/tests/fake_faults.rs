//! Faults aimed at the call a test means (`FakeGraph::fail` with an `Aim`):
//! by operation, by method and route, the n-th matching call, one item of a
//! `$batch`; and a credential echoed in an error body, which the client's
//! redaction removes from what the test sees.

#![allow(deprecated)] // Graph deprecates the secrets these documents still have.

use std::time::Duration;

use graph_sync::testing::{Aim, FakeGraph, Fault, DEFAULT_RULE_ID};
use graph_sync::v1::models::{SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
use graph_sync::Client;
use graph_sync_tests::provision;

async fn fake() -> (FakeGraph, Client, String) {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let job = graph.add_job("sp-1", "scim").unwrap();
    let client = graph.client_builder().max_retry_delay(Duration::from_millis(20)).build();
    (graph, client, job)
}

fn calls(graph: &FakeGraph, suffix: &str) -> usize {
    graph.requests().iter().filter(|r| r.path.ends_with(suffix)).count()
}

#[tokio::test]
async fn a_fault_aimed_at_the_second_provision_skips_what_comes_between() {
    let (graph, client, job_id) = fake().await;
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    graph.fail(Aim::operation("provisionOnDemand").nth(2), Fault::Throttled { retry_after: Duration::from_millis(10) });
    job.provision_on_demand(provision::v1("u1", Some(DEFAULT_RULE_ID))).send().await.unwrap();
    // A schema read between the two is not the aimed call.
    job.schema().get().send().await.unwrap();
    job.provision_on_demand(provision::v1("u2", Some(DEFAULT_RULE_ID))).send().await.unwrap();
    job.provision_on_demand(provision::v1("u3", Some(DEFAULT_RULE_ID))).send().await.unwrap();
    assert_eq!(calls(&graph, "/provisionOnDemand"), 4, "the second was throttled once and sent again");
    assert_eq!(calls(&graph, "/schema"), 1);
}

#[tokio::test]
async fn a_fault_aimed_at_a_route_and_method_hits_only_those() {
    let (graph, client, job_id) = fake().await;
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    graph.fail(Aim::route("GET", "/servicePrincipals/{id}/synchronization/jobs/*/schema").times(2), Fault::Unavailable);
    // A PUT of the same route is not hit; the GET meets two 503s and is retried (a read).
    let schema = job.schema().get().send().await.unwrap();
    job.schema().replace(&schema).send().await.unwrap();
    let schema_calls: Vec<String> =
        graph.requests().iter().filter(|r| r.path.ends_with("/schema")).map(|r| r.method.clone()).collect();
    assert_eq!(schema_calls, ["GET", "GET", "GET", "PUT"]);
    // A job read does not match the route.
    job.get().send().await.unwrap();
}

#[tokio::test]
async fn one_item_of_a_batch_is_throttled_alone() {
    let (graph, client, job_id) = fake().await;
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    graph.fail(
        Aim::route("GET", "/servicePrincipals/*/synchronization/jobs/*/schema"),
        Fault::Throttled { retry_after: Duration::from_millis(10) },
    );
    let mut batch = client.batch();
    let read_job = batch.add(job.get());
    let read_schema = batch.add(job.schema().get());
    let mut results = batch.send().await;
    assert!(results.take(read_job).is_ok());
    assert!(results.take(read_schema).is_ok(), "the throttled item was sent again");
    let batches: Vec<usize> = graph
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/$batch"))
        .map(|r| r.body["requests"].as_array().unwrap().len())
        .collect();
    assert_eq!(batches, [2, 1], "the first batch was answered; only its throttled item went again");
}

#[tokio::test]
async fn a_credential_echoed_in_an_error_is_redacted_by_the_client() {
    let (graph, client, job_id) = fake().await;
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let secret = "s3cr3t-T0ken-4711";
    let credentials = vec![SynchronizationSecretKeyStringValuePair::default()
        .with_key(SynchronizationSecret::SecretToken)
        .with_value(secret)];
    graph.fail(Aim::operation("validateCredentials"), Fault::EchoCredentials);
    let error = job.validate_credentials(credentials).send().await.unwrap_err();
    // The fake did echo it: the request it received carried it.
    let received = graph.requests().into_iter().find(|r| r.path.ends_with("/validateCredentials")).unwrap();
    assert!(received.body.to_string().contains(secret));
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("it carried:"), "the fault answered: {shown}");
    assert!(!shown.contains(secret), "the credential leaked: {shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

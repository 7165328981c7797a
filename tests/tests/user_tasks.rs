//! The five tasks of the downstream-ergonomics trial, written afresh as a new
//! user would write them today (README, rustdoc and compiler errors only):
//! list a service principal's jobs with status, last run, quarantine and
//! progress; provision one user on demand and print a verdict; change one
//! attribute mapping's source expression and PUT the schema back; restart
//! with criteria, pause, start and put secrets; handle a 404 and a 429 and
//! print the error code, message and request id.
//!
//! Each task is an `async fn` between `// task:begin` and `// task:end`;
//! it returns what the program would print, and a test runs it against a
//! loopback server. The trial wrote the same five in 205 lines; the last
//! test counts these (code lines, not blank or comment lines) and holds
//! them to at most three quarters of that.

#![allow(deprecated)] // Graph deprecates the secrets API for one this crate's metadata does not have yet.

use std::time::Duration;

use graph_sync::beta::models::*;
use graph_sync::{Client, Error, Flags, StaticToken};
use graph_sync_tests::fixture;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// task:begin list jobs
async fn list_jobs(client: &Client, sp: &str) -> Result<Vec<String>, Error> {
    let jobs = client.beta().service_principal(sp).synchronization().jobs().list().all().await?;
    let lines = jobs.iter().map(|job| {
        let status = job.status.as_ref();
        let code = status.and_then(|s| s.code.as_ref()).map_or("-".into(), ToString::to_string);
        let last = status.and_then(|s| s.last_execution.as_ref());
        let state = last.and_then(|e| e.state.as_ref()).map_or("-".into(), ToString::to_string);
        let ended = last.and_then(|e| e.time_ended.as_ref()).map_or("-".into(), ToString::to_string);
        let quarantine = status.and_then(|s| s.quarantine.as_ref()).and_then(|q| q.reason.as_ref());
        let quarantine = quarantine.map_or("no".into(), |reason| format!("yes ({reason})"));
        let progress: Vec<String> = (status.and_then(|s| s.progress.as_ref()).into_iter().flatten())
            .map(|p| {
                format!(
                    "{}/{} {}",
                    p.completed_units.unwrap_or_default(),
                    p.total_units.unwrap_or_default(),
                    p.units.as_deref().unwrap_or("")
                )
            })
            .collect();
        let id = job.id.as_deref().unwrap_or("?");
        format!(
            "{id}: {code}, last run {state} at {ended}, quarantined {quarantine}, progress [{}]",
            progress.join(", ")
        )
    });
    Ok(lines.collect())
}
// task:end

// task:begin provision on demand
async fn provision_user(client: &Client, sp: &str, job: &str, user: &str, rule: &str) -> Result<String, Error> {
    let subject = SynchronizationJobSubject::default().with_object_id(user).with_object_type_name("User");
    let parameters = SynchronizationJobApplicationParameters::default().with_rule_id(rule).with_subjects([subject]);
    let job = client.beta().service_principal(sp).synchronization().jobs().job(job);
    let answer = job.provision_on_demand(vec![parameters]).send().await?;
    Ok(match answer.provisioning_outcome() {
        Ok(outcome) if outcome.succeeded() => "provisioned".to_owned(),
        Ok(outcome) => match (outcome.skip_reason(), outcome.failed_step()) {
            (Some(skip), _) => format!("skipped: {}", skip.message.or(skip.code).unwrap_or_default()),
            (_, Some(failure)) => format!("failed at {:?}: {:?}", failure.step.name, failure.message),
            _ => format!("{}", outcome.result),
        },
        Err(error) => format!("unreadable answer: {error}"),
    })
}
// task:end

// task:begin change a mapping
async fn change_mapping(client: &Client, sp: &str, job: &str, target: &str, expression: &str) -> Result<bool, Error> {
    let schema = client.beta().service_principal(sp).synchronization().jobs().job(job).schema();
    let mut current = schema.get().send().await?;
    let mappings = current
        .synchronization_rules
        .iter_mut()
        .flatten()
        .flat_map(|rule| rule.object_mappings.iter_mut().flatten())
        .flat_map(|object| object.attribute_mappings.iter_mut().flatten());
    let Some(mapping) = mappings.into_iter().find(|m| m.target_attribute_name == target) else { return Ok(false) };
    mapping.source = AttributeMappingSource::default()
        .with_type(AttributeMappingSourceType::Function)
        .with_expression(expression)
        .into();
    schema.replace(&current).send().await?;
    Ok(true)
}
// task:end

// task:begin job lifecycle
async fn lifecycle(client: &Client, sp: &str, job_id: &str, token: &str) -> Result<(), Error> {
    let sync = client.beta().service_principal(sp).synchronization();
    let job = sync.jobs().job(job_id);
    let scope = Flags::from([SynchronizationJobRestartScope::Watermark, SynchronizationJobRestartScope::Escrows]);
    job.restart().with_criteria(SynchronizationJobRestartCriteria::default().with_reset_scope(scope)).send().await?;
    job.pause().send().await?;
    job.start().send().await?;
    let secret = |key, value: &str| SynchronizationSecretKeyStringValuePair::default().with_key(key).with_value(value);
    let secrets = vec![
        secret(SynchronizationSecret::BaseAddress, "https://scim.example.org"),
        secret(SynchronizationSecret::SecretToken, token),
    ];
    sync.put_secrets(secrets).send().await
}
// task:end

// task:begin errors
async fn report_errors(client: &Client, sp: &str, jobs: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    for id in jobs {
        match client.beta().service_principal(sp).synchronization().jobs().job(*id).get().send().await {
            Ok(job) => lines.push(format!("{id}: found {}", job.id.as_deref().unwrap_or("?"))),
            Err(error) => {
                let (code, message) = error.graph_error().map_or(("-", "-"), |e| (e.code.as_str(), e.message.as_str()));
                let status = error.status().map_or("-".into(), |s| s.as_u16().to_string());
                lines.push(format!(
                    "{id}: {status} {code}: {message} (request-id {})",
                    error.request_id().unwrap_or("-")
                ));
            }
        }
    }
    lines
}
// task:end

const SP: &str = "sp-1";
const JOBS: &str = "/beta/servicePrincipals/sp-1/synchronization/jobs";

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder(StaticToken::new("t"))
        .root(server.uri())
        .max_retries(1)
        .max_retry_delay(Duration::from_millis(10))
        .build();
    (server, client)
}

async fn answer(server: &MockServer, verb: &str, url_path: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(url_path)).respond_with(response).mount(server).await;
}

/// The JSON bodies the server received for `verb url_path`, in order.
async fn bodies(server: &MockServer, verb: &str, url_path: &str) -> Vec<Value> {
    let requests = server.received_requests().await.unwrap();
    let matching = requests.iter().filter(|r| r.method.as_str() == verb && r.url.path() == url_path);
    matching.map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null)).collect()
}

#[tokio::test]
async fn task_1_lists_jobs_with_status_last_run_quarantine_and_progress() {
    let (server, client) = server().await;
    let page = json!({"value": [
        {"id": "Job.1", "status": {
            "code": "Quarantine",
            "lastExecution": {"state": "Failed", "timeEnded": "2026-11-29T10:00:00Z"},
            "quarantine": {"reason": "EncounteredQuarantineException"},
            "progress": [{"completedUnits": 40, "totalUnits": 100, "units": "Users"}]}},
        {"id": "Job.2", "status": {"code": "Active", "quarantine": null}},
        {"id": "Job.3"}
    ]});
    answer(&server, "GET", JOBS, ResponseTemplate::new(200).set_body_json(page)).await;
    let lines = list_jobs(&client, SP).await.unwrap();
    assert_eq!(
        lines,
        [
            "Job.1: Quarantine, last run Failed at 2026-11-29T10:00:00Z, quarantined yes (EncounteredQuarantineException), progress [40/100 Users]",
            "Job.2: Active, last run - at -, quarantined no, progress []",
            "Job.3: -, last run - at -, quarantined no, progress []",
        ]
    );
}

#[tokio::test]
async fn task_2_provisions_a_user_and_gives_a_verdict() {
    let (server, client) = server().await;
    let url = format!("{JOBS}/Job.1/provisionOnDemand");
    let skipped = fixture("provisionOnDemand.response.json");
    answer(&server, "POST", &url, ResponseTemplate::new(200).set_body_json(skipped)).await;
    let verdict = provision_user(&client, SP, "Job.1", "user-1", "rule-1").await.unwrap();
    assert_eq!(verdict, "skipped: The state of the user in both the source and target systems already match.");
    assert_eq!(
        bodies(&server, "POST", &url).await,
        [json!({"parameters": [{"ruleId": "rule-1", "subjects": [{"objectId": "user-1", "objectTypeName": "User"}]}]})]
    );
}

#[tokio::test]
async fn task_3_changes_one_mapping_and_puts_the_schema_back() {
    let (server, client) = server().await;
    let url = format!("{JOBS}/Job.1/schema");
    let schema = fixture("synchronizationSchema-get.response.json");
    answer(&server, "GET", &url, ResponseTemplate::new(200).set_body_json(&schema)).await;
    answer(&server, "PUT", &url, ResponseTemplate::new(204)).await;

    let changed =
        change_mapping(&client, SP, "Job.1", "userName", "Join(\"@\", [mailNickname], \"example.org\")").await;
    assert!(changed.unwrap(), "the documented schema maps userName");
    let put = bodies(&server, "PUT", &url).await;
    // Everything but the one source is sent back as it came (the
    // documentation's empty objects included).
    let mut expected = schema;
    expected["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][0]["source"] =
        json!({"type": "Function", "expression": "Join(\"@\", [mailNickname], \"example.org\")"});
    assert_eq!(put, [expected]);
    assert!(!change_mapping(&client, SP, "Job.1", "noSuchAttribute", "x").await.unwrap());
}

#[tokio::test]
async fn task_4_restarts_pauses_starts_and_puts_secrets() {
    let (server, client) = server().await;
    for action in ["restart", "pause", "start"] {
        answer(&server, "POST", &format!("{JOBS}/Job.1/{action}"), ResponseTemplate::new(204)).await;
    }
    let secrets = "/beta/servicePrincipals/sp-1/synchronization/secrets";
    answer(&server, "PUT", secrets, ResponseTemplate::new(204)).await;
    lifecycle(&client, SP, "Job.1", "tok3n").await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let order: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.url.path())).collect();
    assert_eq!(
        order,
        [
            format!("POST {JOBS}/Job.1/restart"),
            format!("POST {JOBS}/Job.1/pause"),
            format!("POST {JOBS}/Job.1/start"),
            format!("PUT {secrets}")
        ]
    );
    assert_eq!(
        bodies(&server, "POST", &format!("{JOBS}/Job.1/restart")).await,
        [json!({"criteria": {"resetScope": "Watermark,Escrows"}})]
    );
    assert_eq!(
        bodies(&server, "PUT", secrets).await,
        [
            json!({"value": [{"key": "BaseAddress", "value": "https://scim.example.org"}, {"key": "SecretToken", "value": "tok3n"}]})
        ]
    );
}

#[tokio::test]
async fn task_5_reports_a_404_and_a_429_with_code_message_and_request_id() {
    let (server, client) = server().await;
    let error = |code: &str, message: &str| json!({"error": {"code": code, "message": message}});
    let missing = ResponseTemplate::new(404)
        .insert_header("request-id", "req-404")
        .set_body_json(error("Request_ResourceNotFound", "Job Gone does not exist"));
    answer(&server, "GET", &format!("{JOBS}/Gone"), missing).await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("request-id", "req-429")
        .insert_header("retry-after", "0")
        .set_body_json(error("TooManyRequests", "Too many requests"));
    answer(&server, "GET", &format!("{JOBS}/Busy"), throttled).await;

    let lines = report_errors(&client, SP, &["Gone", "Busy"]).await;
    assert_eq!(
        lines,
        [
            "Gone: 404 Request_ResourceNotFound: Job Gone does not exist (request-id req-404)",
            "Busy: 429 TooManyRequests: Too many requests (request-id req-429)",
        ]
    );
    // The 429 was retried (once, as this client is set up) before being reported.
    assert_eq!(server.received_requests().await.unwrap().iter().filter(|r| r.url.path().ends_with("/Busy")).count(), 2);
}

/// The trial's five programs were 205 lines; these must stay at most three
/// quarters of that (code lines between the markers, comments and blank
/// lines aside), so that the common tasks stay short to write.
#[test]
fn tasks_are_at_least_a_quarter_shorter_than_the_trial() {
    let source = include_str!("user_tasks.rs");
    let mut counting = false;
    let mut lines = 0;
    let mut tasks = 0;
    for line in source.lines().map(str::trim) {
        if line.starts_with("// task:begin") {
            (counting, tasks) = (true, tasks + 1);
        } else if line == "// task:end" {
            counting = false;
        } else if counting && !line.is_empty() && !line.starts_with("//") {
            lines += 1;
        }
    }
    assert_eq!(tasks, 5);
    assert!(lines * 4 <= 205 * 3, "{lines} lines for the five tasks; the trial took 205");
    println!("the five tasks take {lines} lines (the trial: 205)");
}

//! API-driven inbound provisioning as the service behaves (Entra's
//! "Troubleshoot inbound provisioning API issues" and "API-driven inbound
//! provisioning concepts" pages): the wire on a loopback server that records
//! when each request arrived (the pace counted from the answers, the daily
//! budget refused unsent and restored after a restart, `429` waited out,
//! the bucket-full answer typed and resent only as the policy says), the
//! checks before sending, each record's result read back from the
//! documented `provisioningObjectSummary` bodies, and the whole workflow
//! against the fake.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use graph_sync::runtime::inbound::{correlate, KnownAttributes, Outcome, Progress, Uploader};
use graph_sync::runtime::scim::{BulkRequest, Record, ScimMultiValue, ScimUser};
use graph_sync::runtime::{BucketFullPolicy, Budget, Rate, BULK_UPLOAD, BULK_UPLOAD_DAILY_P1};
use graph_sync::testing::{FakeGraph, InboundScript, ProvisionScript};
use graph_sync::v1::models::ProvisioningObjectSummary;
use graph_sync::{Client, Error, StaticToken};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One scripted answer of the loopback server: status, extra headers, body.
type Answer = (u16, Vec<(&'static str, String)>, String);

/// A loopback HTTP/1.1 server that records when each request arrived and
/// answers from a script (the last answer repeats), `delay` after reading it.
struct Recorder {
    root: String,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Recorder {
    async fn start(script: Vec<Answer>, delay: Duration) -> Recorder {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let root = format!("http://{}", listener.local_addr().unwrap());
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let recorded = arrivals.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                let (arrivals, script) = (recorded.clone(), script.clone());
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    loop {
                        // One request: headers, then Content-Length bytes of body.
                        let end = loop {
                            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                                break end + 4;
                            }
                            let mut chunk = [0u8; 4096];
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap());
                        while buffer.len() < end + length {
                            let mut chunk = [0u8; 4096];
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        buffer.drain(..end + length);
                        let index = {
                            let mut arrivals = arrivals.lock().unwrap();
                            arrivals.push(Instant::now());
                            arrivals.len() - 1
                        };
                        tokio::time::sleep(delay).await;
                        let (status, headers, body) = &script[index.min(script.len() - 1)];
                        let mut answer = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                        for (name, value) in headers {
                            answer.push_str(&format!("{name}: {value}\r\n"));
                        }
                        answer.push_str("\r\n");
                        answer.push_str(body);
                        if stream.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Recorder { root, arrivals }
    }

    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }
}

fn accepted() -> Answer {
    (202, vec![("location", "http://127.0.0.1:1/v1.0/auditLogs/provisioning".into())], String::new())
}

fn bucket_full() -> Answer {
    let message = "The bucket that stores the ingested data is full, please wait for the synchronization service \
                   to process the ingested data and retry this request.";
    let body = json!({"error": {"code": "InternalServerError", "message": message}}).to_string();
    (500, vec![("content-type", "application/json".into())], body)
}

fn users(from: usize, count: usize) -> Vec<ScimUser> {
    (from..from + count)
        .map(|n| ScimUser::new(format!("E{n:05}")).with_user_name(format!("e{n}@contoso.test")))
        .collect()
}

fn one_upload(client: &Client, n: usize) -> graph_sync::runtime::scim::BulkUploadRequest<ProvisioningObjectSummary> {
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job("API2AAD.1");
    job.bulk_upload(&BulkRequest::from_users(users(n, 1)))
}

#[test]
fn the_defaults_are_the_stricter_documented_figures() {
    assert_eq!(
        BULK_UPLOAD,
        Rate::new(40, Duration::from_secs(5)),
        "40 calls per 5 seconds, not the reference page's 40/s"
    );
    assert_eq!(BULK_UPLOAD_DAILY_P1, Budget::daily(2_000));
    let client = Client::new(StaticToken::new("t"));
    assert_eq!(client.budget_remaining("bulkUpload"), Some(2_000));
    assert_eq!(client.budget_remaining("provisionOnDemand"), None, "no budget documented");
}

/// The generated `bulk_upload`'s docs state the rate the runtime paces it
/// to (they once said 40 per second, the reference page's figure, while the
/// runtime paced 40 per 5 seconds).
#[test]
fn the_bulk_upload_docs_state_the_pace_the_runtime_keeps() {
    let paths = include_str!("../../generated/v1/src/paths.rs");
    let method = paths.find("    pub fn bulk_upload(").expect("v1 has bulk_upload");
    let docs_start = paths[..method].rfind("\n\n").unwrap_or(0);
    let docs = paths[docs_start..method].replace("\n    /// ", " ");
    let pace = format!("{} requests in any {} seconds", BULK_UPLOAD.calls, BULK_UPLOAD.per.as_secs());
    assert!(docs.contains(&pace), "the docs do not say {pace:?}: {docs}");
}

#[tokio::test]
async fn uploads_arrive_within_the_rate_counted_from_each_answer() {
    // 4 per 400 ms, each answered 60 ms after it arrived: however the
    // connections go, no 5 arrivals fall within one window.
    let server = Recorder::start(vec![accepted()], Duration::from_millis(60)).await;
    let client = Client::builder(StaticToken::new("t"))
        .root(&server.root)
        .pace("bulkUpload", Rate::new(4, Duration::from_millis(400)))
        .build();
    let uploads = (0..12).map(|n| one_upload(&client, n).send());
    for result in futures_util::future::join_all(uploads).await {
        result.unwrap();
    }
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 12);
    for (i, window) in arrivals.windows(5).enumerate() {
        let spread = window[4] - window[0];
        assert!(spread >= Duration::from_millis(400), "arrivals {i}..{} within {spread:?}", i + 4);
    }
}

#[tokio::test]
async fn a_spent_budget_refuses_unsent_and_a_restarted_client_remembers_it() {
    let server = Recorder::start(vec![accepted()], Duration::ZERO).await;
    let build = |restored: Option<graph_sync::runtime::BudgetSnapshot>| {
        let mut builder =
            Client::builder(StaticToken::new("t")).root(&server.root).budget("bulkUpload", Budget::daily(2));
        if let Some(snapshot) = restored {
            builder = builder.restore_budget(snapshot);
        }
        builder.build()
    };
    let client = build(None);
    let before = SystemTime::now();
    one_upload(&client, 0).send().await.unwrap();
    one_upload(&client, 1).send().await.unwrap();
    let error = one_upload(&client, 2).send().await.unwrap_err();
    let Error::BudgetSpent { ref operation, calls, frees_at, .. } = error else { panic!("{error:?}") };
    assert_eq!((operation.as_str(), calls), ("bulkUpload", 2));
    let day = Duration::from_secs(24 * 3600);
    assert!(frees_at >= before + day && frees_at <= SystemTime::now() + day, "{error}");
    assert!(error.to_string().contains("the next call can be sent at"), "{error}");
    assert_eq!(server.arrivals().len(), 2, "the third call never reached the service");

    // A restart: the saved snapshot keeps the two calls counted.
    let saved = serde_json::to_string(&client.budget_snapshot("bulkUpload").unwrap()).unwrap();
    let restarted = build(Some(serde_json::from_str(&saved).unwrap()));
    assert_eq!(restarted.budget_remaining("bulkUpload"), Some(0));
    assert!(matches!(one_upload(&restarted, 3).send().await, Err(Error::BudgetSpent { .. })));
    assert_eq!(server.arrivals().len(), 2);
}

#[tokio::test]
async fn a_429_from_either_limit_is_waited_out() {
    let throttled = (429, vec![("retry-after", "0.3".to_owned())], String::new());
    let server = Recorder::start(vec![throttled, accepted()], Duration::ZERO).await;
    let client = Client::builder(StaticToken::new("t")).root(&server.root).build();
    one_upload(&client, 0).send().await.unwrap();
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(300));
    assert_eq!(client.budget_remaining("bulkUpload"), Some(1_998), "both attempts reached the service and count");
}

#[tokio::test]
async fn the_bucket_full_answer_is_typed_and_never_resent_by_default() {
    let server = Recorder::start(vec![bucket_full()], Duration::ZERO).await;
    let client = Client::builder(StaticToken::new("t")).root(&server.root).build();
    let error = one_upload(&client, 0).send().await.unwrap_err();
    assert!(matches!(error, Error::BucketFull { .. }), "{error:?}");
    assert_eq!(error.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    assert!(error.to_string().contains("wait 5 to 10 minutes"), "{error}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.arrivals().len(), 1, "not resent");
    // Another 500 is not the bucket.
    let other = (500, vec![], json!({"error": {"code": "InternalServerError", "message": "Oops"}}).to_string());
    let server = Recorder::start(vec![other], Duration::ZERO).await;
    let client = Client::builder(StaticToken::new("t")).root(&server.root).build();
    assert!(matches!(one_upload(&client, 0).send().await, Err(Error::Graph { .. })));
}

#[tokio::test]
async fn the_wait_policy_resends_after_its_waits_and_a_dropped_upload_stops_waiting() {
    let server = Recorder::start(vec![bucket_full(), bucket_full(), accepted()], Duration::ZERO).await;
    let policy =
        BucketFullPolicy::Wait { first: Duration::from_millis(300), then: Duration::from_millis(500), resends: 2 };
    let client = Client::builder(StaticToken::new("t")).root(&server.root).on_bucket_full(policy).build();
    one_upload(&client, 0).send().await.unwrap();
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 3);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(300), "{:?}", arrivals[1] - arrivals[0]);
    assert!(arrivals[2] - arrivals[1] >= Duration::from_millis(500), "{:?}", arrivals[2] - arrivals[1]);

    let server = Recorder::start(vec![bucket_full()], Duration::ZERO).await;
    let client = Client::builder(StaticToken::new("t"))
        .root(&server.root)
        .on_bucket_full(BucketFullPolicy::Wait { first: Duration::from_millis(300), then: Duration::ZERO, resends: 1 })
        .build();
    let cancelled = tokio::time::timeout(Duration::from_millis(100), one_upload(&client, 0).send()).await;
    assert!(cancelled.is_err(), "still waiting when dropped");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.arrivals().len(), 1, "the dropped upload was not resent");
    // Past its resends, the error is returned.
    let server = Recorder::start(vec![bucket_full()], Duration::ZERO).await;
    let client = Client::builder(StaticToken::new("t"))
        .root(&server.root)
        .on_bucket_full(BucketFullPolicy::Wait {
            first: Duration::from_millis(50),
            then: Duration::from_millis(50),
            resends: 2,
        })
        .build();
    assert!(matches!(one_upload(&client, 0).send().await, Err(Error::BucketFull { .. })));
    assert_eq!(server.arrivals().len(), 3);
}

#[test]
fn requests_are_checked_as_the_service_reads_them() {
    let ok = BulkRequest::from_users(users(0, 50));
    assert!(ok.checked(None).is_ok() && ok.checked(None).warnings.is_empty());
    assert!(BulkRequest::from_users(users(0, 51)).check().unwrap_err().contains("at most 50 operations"));
    assert!(BulkRequest::from_users([]).check().unwrap_err().contains("at least one operation"));

    let repeated = BulkRequest::from_users([ScimUser::new("A"), ScimUser::new("B"), ScimUser::new("A")]);
    assert_eq!(repeated.checked(None).problems, ["operation 2: the externalId \"A\" is repeated"]);
    let anonymous = BulkRequest::from_users([ScimUser::default().with_user_name("x")]);
    let problems = anonymous.checked(None).problems;
    assert!(problems.contains(&"operation 0 has no externalId".to_owned()), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.contains("do not name urn:ietf:params:scim:schemas:core:2.0:User")),
        "{problems:?}"
    );
    let mut unnamed = BulkRequest::from_users(users(0, 1));
    unnamed.schemas.clear();
    assert!(unnamed.check().unwrap_err().contains("BulkRequest"));

    // Non-work multi-values are warnings (the service ignores them), not problems.
    let home = ScimUser::new("H")
        .with_emails([ScimMultiValue::default().with_value("h@home.test").with_kind("home")])
        .with_phone_numbers([ScimMultiValue::default().with_value("555").with_kind("work")]);
    let checked = BulkRequest::from_users([home]).checked(None);
    assert!(checked.is_ok());
    assert_eq!(checked.warnings.len(), 1, "{:?}", checked.warnings);
    assert!(checked.warnings[0].contains("emails value of type \"home\" is ignored"), "{:?}", checked.warnings);

    // Custom extension attributes against the job's schema, when given.
    let mut attributes = serde_json::Map::new();
    attributes.insert("HireDate".into(), json!("2026-01-02"));
    attributes.insert("Badge".into(), json!("7"));
    let custom = BulkRequest::from_users([ScimUser::new("C").with_extension("urn:contoso:employee", attributes)]);
    let schema = json!({"directories": [{"objects": [{"attributes": [{"name": "urn:contoso:employee:HireDate"}]}]}]});
    let known = KnownAttributes::of_schema(&schema);
    assert!(custom.checked(None).is_ok());
    assert_eq!(
        custom.checked(Some(&known)).problems,
        ["operation 0 (externalId \"C\"): urn:contoso:employee:Badge is not an attribute of the job's schema"]
    );
}

/// The documented provisioningObjectSummary bodies (v1.0 "List
/// provisioningObjectSummary", examples 1 and 2).
fn documented_entries() -> Vec<Value> {
    let read = |name: &str| -> Vec<Value> {
        let path = format!("{}/fixtures/graph-docs/{name}", env!("CARGO_MANIFEST_DIR"));
        let page: Value = json5::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        page["value"].as_array().unwrap().clone()
    };
    [read("provisioningObjectSummary-list.response.json"), read("provisioningObjectSummary-list-error.response.json")]
        .concat()
}

fn record(external_id: &str) -> Record {
    let request = BulkRequest::from_users([ScimUser::new(external_id)]);
    Record::of(&request).remove(0)
}

#[test]
fn documented_log_entries_become_one_outcome_per_record() {
    let entries = documented_entries();
    let created = &entries[0];
    let failed = &entries[1];
    let since = SystemTime::UNIX_EPOCH + Duration::from_secs(1_556_900_000); // 2019-05-03, before both
    let job = created["jobId"].as_str().unwrap();
    let records = [record(created["sourceIdentity"]["id"].as_str().unwrap()), record("not-logged")];
    let results = correlate::<ProvisioningObjectSummary>(&records, job, since, &entries);
    assert_eq!(results.outcomes.len(), 1);
    let outcome = &results.outcomes[0];
    assert_eq!(outcome.outcome, Outcome::Created);
    assert_eq!(outcome.target_id.as_deref(), Some("6nn35b93-185a-4485-a519-50c09549f3ad"));
    assert_eq!(outcome.cycle_id.as_deref(), Some("b6502552-018d-79bd-8869-j47194dc65c1"));
    assert_eq!(outcome.steps.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["EntryImport", "EntryExportUpdate"]);
    assert_eq!(outcome.log.id.as_deref(), Some("75b5b0ae-9fc5-8d0e-e0a9-7y6a4728de56"), "the whole entry, typed");
    assert_eq!(results.pending, [record("not-logged")]);

    // The failure: its error code and reason; an empty target id is none.
    let source = failed["sourceIdentity"]["id"].as_str().unwrap();
    let results = correlate::<Value>(&[record(source)], failed["jobId"].as_str().unwrap(), since, &entries);
    let outcome = &results.outcomes[0];
    assert_eq!(outcome.outcome, Outcome::Failed);
    assert_eq!(outcome.error_code.as_deref(), Some("ContosoEntryConflict"));
    assert!(outcome.reason.as_deref().unwrap().contains("HTTP status code 409"));
    assert_eq!(outcome.target_id, None);

    // Another job's entries, and entries older than the upload, are not this upload's.
    let other_job = correlate::<Value>(&[record(source)], "another-job", since, &entries);
    assert_eq!(other_job.outcomes.len(), 0);
    let later = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    assert_eq!(
        correlate::<Value>(&[record(source)], failed["jobId"].as_str().unwrap(), later, &entries).pending.len(),
        1
    );
}

#[test]
fn the_latest_entry_of_a_record_wins() {
    let entry = |at: &str, status: &str| {
        json!({"jobId": "J", "activityDateTime": at, "sourceIdentity": {"id": "E1"}, "provisioningAction": "update",
               "provisioningStatusInfo": {"status": status}, "targetIdentity": {"id": "T"}})
    };
    let entries = [entry("2026-12-07T10:05:00Z", "success"), entry("2026-12-07T10:01:00Z", "failure")];
    let since = SystemTime::UNIX_EPOCH + Duration::from_secs(1_765_101_600); // 2026-12-07T10:00:00Z
    let results = correlate::<Value>(&[record("E1")], "J", since, &entries);
    assert_eq!(results.outcomes[0].outcome, Outcome::Updated);
}

async fn inbound_fake() -> (FakeGraph, String) {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let job = graph.add_job("sp-1", "scim").unwrap();
    (graph, job)
}

#[tokio::test]
async fn the_workflow_against_the_fake_gives_each_records_outcome_through_the_lag() {
    let (graph, job_id) = inbound_fake().await;
    let client = graph.client();
    graph.on_provision("E00007", ProvisionScript::failure(graph_sync::provisioning::StepType::Export, "Duplicate UPN"));
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    job.start().send().await.unwrap();

    let mut events = Vec::new();
    let run = Uploader::new(|request| job.bulk_upload(request))
        .on_progress(|event| events.push(event.clone()))
        .send(users(0, 120))
        .await;
    assert_eq!(run.accepted.len(), 3, "50 + 50 + 20");
    assert_eq!(run.accepted_records(), 120);
    assert!(run.refused.is_empty());
    assert_eq!(events.last(), Some(&Progress::Uploaded { requests: 3, accepted: 120, refused: 0 }));

    // The logs come 5 minutes later on the fake's clock: move it on while the wait polls.
    let mut looks = Vec::new();
    let wait = run
        .results()
        .first_look(Duration::from_millis(50))
        .poll_every(Duration::from_millis(100))
        .deadline(Duration::from_secs(10))
        .on_progress(|event| looks.push(event.clone()))
        .wait();
    let (results, ()) = tokio::join!(wait, async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        graph.advance(Duration::from_secs(5 * 60));
    });
    let results = results.unwrap();
    assert!(results.is_complete(), "{:?}", results.pending);
    assert!(
        matches!(looks[0], Progress::Waiting { found: 0, total: 120, .. }),
        "the first look is inside the lag: {looks:?}"
    );
    assert_eq!(results.counts()[&Outcome::Created], 119);
    let failed: Vec<_> = results.outcomes.iter().filter(|o| o.outcome == Outcome::Failed).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].record.external_id.as_deref(), Some("E00007"));
    assert_eq!(failed[0].reason.as_deref(), Some("Duplicate UPN"));
    let first = results.outcomes.iter().find(|o| o.record.external_id.as_deref() == Some("E00000")).unwrap();
    let target = first.target_id.clone().unwrap();

    // Sent again: the same Entra user, updated.
    let again = Uploader::new(|request| job.bulk_upload(request)).send(users(0, 1)).await;
    graph.advance(Duration::from_secs(5 * 60));
    let results = again.accepted[0].results().first_look(Duration::ZERO).deadline(Duration::from_secs(5)).wait().await;
    let results = results.unwrap();
    assert_eq!(results.outcomes[0].outcome, Outcome::Updated);
    assert_eq!(results.outcomes[0].target_id.as_deref(), Some(target.as_str()));
}

#[tokio::test]
async fn a_refused_request_loses_nothing_and_a_full_bucket_stops_the_run() {
    let (graph, job_id) = inbound_fake().await;
    // A paused job processes nothing: its queue of 2 requests fills.
    graph.script_inbound(InboundScript::new().queue_capacity(2));
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    let mut records = users(0, 50);
    records.extend(users(100, 1)); // request 2 holds E00100 twice: refused by the check, unsent
    records.extend(users(100, 49));
    records.extend(users(200, 150)); // requests 3 to 5: one more fits the queue, then it is full
    let run = Uploader::new(|request| job.bulk_upload(request)).send(records).await;
    assert_eq!(run.accepted_records(), 50 + 50);
    let reasons: Vec<(usize, bool, String)> =
        run.refused.iter().map(|r| (r.users.len(), r.sent, r.error.to_string())).collect();
    assert_eq!(reasons.len(), 3, "{reasons:#?}");
    assert!(!reasons[0].1 && reasons[0].2.contains("is repeated"), "{reasons:?}");
    assert!(reasons[1].1 && reasons[1].2.contains("ingestion queue"), "{reasons:?}");
    assert!(!reasons[2].1 && reasons[2].2.contains("ingestion queue"), "the run stopped: {reasons:?}");
    assert_eq!(run.refused_users().len(), 50 + 50 + 50);
    let bulk_posts = graph.requests().iter().filter(|r| r.path.ends_with("/bulkUpload")).count();
    assert_eq!(bulk_posts, 3, "the checked-out request and the one after the full bucket were never sent");

    // Resume the job, let it drain, and send exactly the refused users again
    // (three requests: a queue of two would be full again at the third).
    job.start().send().await.unwrap();
    graph.script_inbound(InboundScript::new().queue_capacity(3));
    graph.advance(Duration::from_secs(5 * 60));
    let mut seen = std::collections::HashSet::new();
    let mut fixed = run.refused_users();
    fixed.retain(|u| seen.insert(u.external_id.as_deref().map(str::to_owned)));
    let again = Uploader::new(|request| job.bulk_upload(request)).send(fixed).await;
    let reasons: Vec<String> = again.refused.iter().map(|r| r.error.to_string()).collect();
    assert!(reasons.is_empty(), "{reasons:?}");
    assert_eq!(again.accepted_records(), 149);
}

#[tokio::test]
async fn the_fake_throttles_both_documented_limits() {
    let (graph, job_id) = inbound_fake().await;
    let unpaced = graph.client_builder().unpaced("bulkUpload").max_retries(0).build();
    let job = unpaced.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for n in 0..40 {
        job.bulk_upload(&BulkRequest::from_users(users(n, 1))).send().await.unwrap();
    }
    let error = job.bulk_upload(&BulkRequest::from_users(users(40, 1))).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert!(error.to_string().contains("40 API calls per 5 seconds"), "{error}");
    assert!(error.graph_error().unwrap().retry_after().is_some());
    graph.advance(Duration::from_secs(5));
    job.bulk_upload(&BulkRequest::from_users(users(41, 1))).send().await.unwrap();

    let (graph, job_id) = inbound_fake().await;
    graph.script_inbound(InboundScript::new().daily_limit(3));
    let unpaced = graph.client_builder().unbudgeted("bulkUpload").max_retries(0).build();
    let job = unpaced.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for n in 0..3 {
        job.bulk_upload(&BulkRequest::from_users(users(n, 1))).send().await.unwrap();
        graph.advance(Duration::from_secs(3600));
    }
    let error = job.bulk_upload(&BulkRequest::from_users(users(3, 1))).send().await.unwrap_err();
    assert!(error.to_string().contains("24-hour period"), "{error}");
    graph.advance(Duration::from_secs(21 * 3600));
    job.bulk_upload(&BulkRequest::from_users(users(4, 1))).send().await.unwrap();

    // A client with its budget (2,000 by default, more than this tenant's 3)
    // recognises the service's daily 429 by its Retry-After, longer than any
    // wait it makes: not retried, and no call is sent until it ends.
    graph.advance(Duration::from_secs(24 * 3600));
    let budgeted = graph.client();
    let job = budgeted.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    for n in 5..8 {
        job.bulk_upload(&BulkRequest::from_users(users(n, 1))).send().await.unwrap();
    }
    let before = graph.requests().len();
    let error = job.bulk_upload(&BulkRequest::from_users(users(8, 1))).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS), "{error}");
    assert_eq!(graph.requests().len(), before + 1, "not retried");
    let next = job.bulk_upload(&BulkRequest::from_users(users(9, 1))).send().await.unwrap_err();
    let Error::BudgetSpent { frees_at, .. } = next else { panic!("{next:?}") };
    assert!(frees_at > SystemTime::now() + Duration::from_secs(3600), "{next}");
    assert_eq!(graph.requests().len(), before + 1, "refused unsent");
    assert!(budgeted.budget_snapshot("bulkUpload").unwrap().blocked_until.is_some());
}

#[tokio::test]
async fn the_fake_applies_only_work_typed_multi_values() {
    let (graph, job_id) = inbound_fake().await;
    graph.script_inbound(InboundScript::new().lag(Duration::ZERO));
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    job.start().send().await.unwrap();
    let user = ScimUser::new("W1").with_emails([
        ScimMultiValue::default().with_value("home@example.test").with_kind("home"),
        ScimMultiValue::default().with_value("work@contoso.test").with_kind("work"),
    ]);
    job.bulk_upload(&BulkRequest::from_users([user])).send().await.unwrap();
    let logs = graph.provisioning_logs();
    let mails: Vec<&Value> =
        logs[0]["modifiedProperties"].as_array().unwrap().iter().filter(|p| p["displayName"] == "mail").collect();
    assert_eq!(mails.len(), 1, "{logs:#?}");
    assert_eq!(mails[0]["newValue"], "work@contoso.test");
}

#[tokio::test]
async fn a_quarantined_jobs_queue_fills_and_a_restart_clears_it() {
    let (graph, job_id) = inbound_fake().await;
    graph.script_inbound(InboundScript::new().queue_capacity(1).lag(Duration::ZERO));
    let client = graph.client();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str());
    job.start().send().await.unwrap();
    graph.quarantine("sp-1", &job_id, "EncounteredQuarantineException");
    job.bulk_upload(&BulkRequest::from_users(users(0, 1))).send().await.unwrap();
    let full = job.bulk_upload(&BulkRequest::from_users(users(1, 1))).send().await.unwrap_err();
    assert!(matches!(full, Error::BucketFull { .. }), "{full:?}");
    assert!(graph.provisioning_logs().is_empty(), "a quarantined job processes nothing");
    // The page's resolution: restart the job, which clears the queue, then resend.
    job.restart().send().await.unwrap();
    job.bulk_upload(&BulkRequest::from_users(users(1, 1))).send().await.unwrap();
    let logged: Vec<Value> = graph.provisioning_logs().iter().map(|l| l["sourceIdentity"]["id"].clone()).collect();
    assert_eq!(logged, [json!("E00001")], "the cleared upload is gone; the resent one is processed");
}

#[tokio::test]
async fn the_fake_refuses_a_bulk_upload_that_is_not_scim_json() {
    let (graph, job_id) = inbound_fake().await;
    let client = graph.client();
    let path = format!("/servicePrincipals/sp-1/synchronization/jobs/{job_id}/bulkUpload");
    let body = serde_json::to_vec(&BulkRequest::from_users(users(0, 1))).unwrap();
    let as_json = graph_sync::runtime::Request::<graph_sync::runtime::NoContent>::new(
        client.v1().client().clone(),
        http::Method::POST,
        path.clone(),
    )
    .raw_body(body.clone(), "application/json");
    let error = as_json.send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    assert!(error.to_string().contains("Invalid Data Format"), "{error}");
    let mut unnamed: Value = serde_json::from_slice(&body).unwrap();
    unnamed["schemas"] = json!([]);
    let as_scim = graph_sync::runtime::Request::<graph_sync::runtime::NoContent>::new(
        client.v1().client().clone(),
        http::Method::POST,
        path,
    )
    .raw_body(serde_json::to_vec(&unnamed).unwrap(), "application/scim+json");
    let error = as_scim.send().await.unwrap_err();
    assert!(
        error.to_string().contains("names the schema urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
        "{error}"
    );
}

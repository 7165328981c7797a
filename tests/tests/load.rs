//! The client under load on loopback: 1,000 provisionOnDemand calls, 50 in
//! flight, against a server that answers some with 429 (Retry-After) and some
//! with 503. Every call ends with exactly one result (its own), none is lost
//! or duplicated, retries stay within the limit, and memory stays flat.
//!
//! The server is a minimal HTTP/1.1 responder on a loopback port: wiremock
//! keeps every matched request, which would hide the client's memory behaviour.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_sync::{Client, StaticToken};
use graph_sync_tests::provision;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Counts live heap bytes of this test binary.
#[path = "support/counting_allocator.rs"]
mod counting_allocator;

const CALLS: usize = 1_000;
const IN_FLIGHT: usize = 50;
const MAX_RETRIES: u32 = 3;

/// Answers each call by its subject's objectId: the first attempt of every
/// 7th call gets 429, the first two attempts of every 11th get 503, and a
/// handful always get 503 (they must fail after exactly 1 + MAX_RETRIES attempts).
#[derive(Clone, Default)]
struct FlakyServer {
    attempts: Arc<Mutex<BTreeMap<usize, u32>>>,
}

fn always_unavailable(call: usize) -> bool {
    call % 97 == 5
}

impl FlakyServer {
    /// The status and body for one request body.
    fn respond(&self, body: &[u8]) -> (u16, String) {
        let body: Value = serde_json::from_slice(body).unwrap();
        let call: usize = body["parameters"][0]["subjects"][0]["objectId"].as_str().unwrap().parse().unwrap();
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap();
            let count = attempts.entry(call).or_insert(0);
            *count += 1;
            *count
        };
        if always_unavailable(call) || (call.is_multiple_of(11) && attempt <= 2) {
            return (503, String::new());
        }
        if call.is_multiple_of(7) && attempt == 1 {
            return (429, String::new());
        }
        let key = json!({"result": "Success", "details": {"call": call}}).to_string();
        (200, json!({"key": key, "value": "{}"}).to_string())
    }

    /// Serves HTTP/1.1 with keep-alive on a loopback port; returns the base URL.
    async fn start(self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let server = self.clone();
                tokio::spawn(async move {
                    let mut stream = BufReader::new(stream);
                    loop {
                        let mut length = 0usize;
                        let mut line = String::new();
                        loop {
                            line.clear();
                            if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return; // the client closed the connection
                            }
                            if line == "\r\n" {
                                break;
                            }
                            if let Some((name, value)) = line.split_once(':') {
                                if name.eq_ignore_ascii_case("content-length") {
                                    length = value.trim().parse().unwrap();
                                }
                            }
                        }
                        let mut body = vec![0; length];
                        stream.read_exact(&mut body).await.unwrap();
                        let (status, answer) = server.respond(&body);
                        let head = format!(
                            "HTTP/1.1 {status} -\r\ncontent-type: application/json\r\nretry-after: 0\r\ncontent-length: {}\r\n\r\n",
                            answer.len()
                        );
                        let stream = stream.get_mut();
                        if stream.write_all(head.as_bytes()).await.is_err()
                            || stream.write_all(answer.as_bytes()).await.is_err()
                        {
                            return;
                        }
                    }
                });
            }
        });
        format!("http://{address}")
    }
}

async fn provision(client: &Client, call: usize) -> Result<usize, graph_sync::Error> {
    let parameters = provision::beta(&call.to_string(), None);
    let answer = client
        .beta()
        .service_principal("sp")
        .synchronization()
        .jobs()
        .job("job")
        .provision_on_demand(parameters)
        .send()
        .await?;
    let outcome = answer.provisioning_outcome().expect("a decodable outcome");
    Ok(outcome.details.additional_properties["call"].as_u64().unwrap() as usize)
}

async fn run_batch(client: &Client, calls: std::ops::Range<usize>) -> Vec<(usize, Result<usize, graph_sync::Error>)> {
    let gate = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for call in calls {
        let (client, gate) = (client.clone(), Arc::clone(&gate));
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.unwrap();
            (call, provision(&client, call).await)
        });
    }
    let mut results = Vec::new();
    while let Some(result) = tasks.join_next().await {
        results.push(result.unwrap());
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_fifty_in_flight_with_throttling() {
    let flaky = FlakyServer::default();
    let base_url = flaky.clone().start().await;
    // A 503 to a POST is not retried by default (the service may have done
    // the work); this server never does, so the load opts in to exercise retries.
    let client = Client::builder(StaticToken::new("t"))
        .root(base_url)
        .max_retries(MAX_RETRIES)
        .max_retry_delay(Duration::from_millis(5))
        .retry_non_idempotent(true)
        // The load is about concurrency and retries: paced to Graph's 5 per
        // 10 s, its 3,000 provisionOnDemand calls would take 100 minutes.
        .unpaced("provisionOnDemand")
        .build();

    // Two rounds of the same load warm up (connection pools and buffers on
    // both sides of loopback); live memory is measured around the third.
    // (Measured: the first round after one warm-up round still grows the pools
    // by ~0.5 MB, later rounds by ~25 KB each, the server's map of attempts.)
    for round in 1..=2 {
        let warm_up = run_batch(&client, round * CALLS..(round + 1) * CALLS).await;
        assert_eq!(warm_up.len(), CALLS);
    }
    let before = counting_allocator::live();
    let results = run_batch(&client, 0..CALLS).await;

    assert_eq!(results.len(), CALLS, "every call ends with one result");
    let mut seen = vec![false; CALLS];
    for (call, result) in &results {
        assert!(!std::mem::replace(&mut seen[*call], true), "call {call} ended twice");
        match result {
            Ok(echoed) => {
                assert!(!always_unavailable(*call), "call {call} cannot succeed");
                assert_eq!(echoed, call, "each call gets its own answer");
            }
            Err(error) => {
                assert!(always_unavailable(*call), "call {call} failed: {error}");
                assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
            }
        }
    }
    let attempts = flaky.attempts.lock().unwrap();
    for call in 0..CALLS {
        let expected = if always_unavailable(call) {
            1 + MAX_RETRIES
        } else if call % 11 == 0 {
            3
        } else if call % 7 == 0 {
            2
        } else {
            1
        };
        assert_eq!(attempts[&call], expected, "attempts of call {call}");
    }
    drop(attempts);
    drop(results);
    // Once the results are dropped, what the 1,000 calls allocated (requests,
    // responses, tasks, retries) is freed: what remains is the server's count
    // of attempts per call (a map entry each), not a leak.
    let growth = counting_allocator::live().saturating_sub(before);
    assert!(growth < 128 * 1024, "live heap grew by {growth} bytes over {CALLS} calls");
}

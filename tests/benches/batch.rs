//! The batch path against sending the same 40 requests one by one, to a
//! loopback server that takes a fixed 20 ms to answer each HTTP request
//! (a `$batch` call included), as a distant service would. Run with
//! `cargo bench -p graph-sync-tests --bench batch`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use graph_sync::{Client, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const LATENCY: Duration = Duration::from_millis(20);
const REQUESTS: usize = 40;

fn batch(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (server, client) = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/beta/$batch"))
            .respond_with(|request: &Request| {
                let body: Value = serde_json::from_slice(&request.body).unwrap();
                let responses: Vec<Value> = body["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| json!({"id": r["id"], "status": 200, "headers": {"content-type": "application/json"}, "body": {"id": "j"}}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "responses": responses })).set_delay(LATENCY)
            })
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path_regex("/jobs/j$"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "j"})).set_delay(LATENCY))
            .mount(&server)
            .await;
        let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
        (server, client)
    });
    let requests = || {
        (0..REQUESTS)
            .map(|n| client.beta().service_principal(format!("sp-{n}")).synchronization().jobs().job("j").get())
    };

    let mut group = c.benchmark_group("40 job reads, 20 ms per HTTP request");
    group.sample_size(10);
    group.bench_function("one by one", |b| {
        b.iter(|| {
            runtime.block_on(async {
                for request in requests() {
                    request.send().await.unwrap();
                }
            })
        })
    });
    group.bench_function("batched (2 $batch calls)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let results = client.send_batched(requests()).await;
                assert!(results.iter().all(Result::is_ok));
            })
        })
    });
    group.finish();
    drop(server);
}

criterion_group!(benches, batch);
criterion_main!(benches);

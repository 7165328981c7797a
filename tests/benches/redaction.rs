//! Redacting an error body: a `validateCredentials` request that sent 10
//! credentials, answered `400` with a body of 4 MiB and of 64 MiB, decoded
//! through the public `Request::decode` (redaction of the whole body, then
//! the cut to `MAX_ERROR_TEXT`). Bodies are ordinary (a JSON error of words)
//! or adversarial (runs of backslashes, `%` and `&`, which every spelling of
//! a secret may start with). Redaction must be linear: 16 times the bytes
//! take at most 20 times the time. Run with
//! `cargo bench -p graph-sync-tests --bench redaction`.

#![allow(deprecated)] // validateCredentials is deprecated by Graph, still callable.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use graph_sync::v1::models::{SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
use graph_sync::{Client, StaticToken};

const MIB: usize = 1024 * 1024;

/// `unit` repeated to `size` bytes, in a JSON error's message.
fn body(unit: &str, size: usize) -> Vec<u8> {
    let text = unit.repeat(size / unit.len());
    let mut body = br#"{"error": {"code": "BadRequest", "message": ""#.to_vec();
    body.extend_from_slice(text.as_bytes());
    body.extend_from_slice(br#""}}"#);
    body
}

fn redaction(c: &mut Criterion) {
    let client = Client::new(StaticToken::new("t"));
    let credentials: Vec<SynchronizationSecretKeyStringValuePair> = (0..10)
        .map(|n| {
            let mut pair = SynchronizationSecretKeyStringValuePair::default();
            pair.key = SynchronizationSecret::SecretToken.into();
            pair.value = format!("s3cr3t+{n}/value=\\\"&%").into();
            pair
        })
        .collect();
    let request = client
        .v1()
        .service_principal("sp")
        .synchronization()
        .jobs()
        .job("j")
        .validate_credentials(credentials)
        .into_request();
    // The same decoding with nothing to redact: what the rest of it costs.
    let plain = client.v1().service_principal("sp").synchronization().jobs().job("j").get();
    let kinds = [
        ("ordinary", "The credentials could not be validated against the target; retry later. "),
        ("adversarial", "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\%%25%2&&#&#x&amp\\\\u00\\\\u002"),
    ];
    let mut group = c.benchmark_group("redacting an error body against 10 secrets");
    group.sample_size(10);
    for (kind, unit) in kinds {
        for size in [4 * MIB, 64 * MIB] {
            let body = body(unit, size);
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_with_input(BenchmarkId::new(kind, format!("{} MiB", size / MIB)), &body, |b, body| {
                b.iter(|| {
                    let response = http::Response::builder().status(400).body(body.clone()).unwrap();
                    request.decode(response).unwrap_err()
                })
            });
            let id = BenchmarkId::new(format!("{kind}, no secrets"), format!("{} MiB", size / MIB));
            group.bench_with_input(id, &body, |b, body| {
                b.iter(|| {
                    let response = http::Response::builder().status(400).body(body.clone()).unwrap();
                    plain.decode(response).unwrap_err()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, redaction);
criterion_main!(benches);

//! Decoding documented bodies with the generated types against decoding the
//! same bytes into `serde_json::Value` (goal: the typed decode is at least as
//! fast). Run with `cargo bench -p graph-sync-tests --bench decode`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use graph_sync::beta::models::{StringKeyStringValuePair, SynchronizationJob};
use graph_sync::runtime::Page;

fn decode(c: &mut Criterion) {
    // A list page of 50 documented jobs.
    let job = graph_sync_tests::fixture_text("synchronizationJob-get.response.json");
    let list = format!("{{\"value\":[{}]}}", vec![job.as_str(); 50].join(","));
    let provision = graph_sync_tests::fixture_text("provisionOnDemand.response.json");
    let large = graph_sync_tests::fixture_text("provisionOnDemand-AD2AAD.response.json");

    let mut group = c.benchmark_group("synchronizationJob list (50 jobs)");
    group.throughput(Throughput::Bytes(list.len() as u64));
    group.bench_function("generated types", |b| {
        b.iter(|| serde_json::from_str::<Page<SynchronizationJob>>(black_box(&list)).unwrap())
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&list)).unwrap())
    });
    group.finish();

    for (name, body) in
        [("provisionOnDemand response", &provision), ("provisionOnDemand AD2AAD response (13 KB)", &large)]
    {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("generated types", |b| {
            b.iter(|| serde_json::from_str::<StringKeyStringValuePair>(black_box(body)).unwrap())
        });
        group.bench_function("generated types + provisioning_outcome()", |b| {
            b.iter(|| {
                serde_json::from_str::<StringKeyStringValuePair>(black_box(body))
                    .unwrap()
                    .provisioning_outcome()
                    .unwrap()
            })
        });
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(body)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);

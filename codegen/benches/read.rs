//! Reading and resolving real Graph documents, against the floor of a bare
//! quick-xml event loop over the same bytes (with attribute unescaping, as the
//! reader needs it). The model's memory is measured by the `memory` bench.
//!
//! Needs `../shared/graph-metadata/` (or `GRAPH_METADATA_DIR`); run with
//! `cargo bench -p codegen --bench read`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::Event;

/// The allocator `cargo xtask` reads with (the model is many small strings).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOCUMENTS: &[&str] = &["v1.0-Prod-2026-08.csdl", "beta-Prod-2021-07-13.xml"];

/// The floor: every event, every attribute unescaped, nothing kept.
fn bare_event_loop(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut seen = 0usize;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => return seen,
            Event::Start(start) | Event::Empty(start) => {
                for attribute in start.attributes() {
                    seen += attribute.expect("attribute").unescape_value().expect("unescaped").len();
                }
            }
            _ => seen += 1,
        }
    }
}

fn read_and_resolve(c: &mut Criterion) {
    for file in DOCUMENTS {
        let Some((_, bytes)) = support::real_document(file) else { continue };
        let mut group = c.benchmark_group(*file);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(30);
        group.bench_function("a_bare_quick_xml_loop", |b| b.iter(|| bare_event_loop(black_box(&bytes))));
        // The floor keeps nothing; the reader's result is dropped outside the timing.
        group.bench_function("b_read", |b| {
            b.iter_with_large_drop(|| codegen::csdl::read(file, black_box(&bytes)).expect("reads"))
        });
        group.bench_function("c_read_and_resolve", |b| {
            b.iter_with_large_drop(|| codegen::model::Model::from_bytes(file, black_box(&bytes)).expect("resolves"))
        });
        group.finish();
    }
}

criterion_group!(benches, read_and_resolve);
criterion_main!(benches);

//! The generator's stages after reading: slice selection, emission, a whole
//! `regen` from the committed slice, `regen --metadata` from a full document,
//! and generating a whole Graph document (every type).
//!
//! Run with `cargo bench -p codegen --bench pipeline`; the real documents come
//! from `../shared/graph-metadata/` (or `GRAPH_METADATA_DIR`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use codegen::model::Model;
use codegen::select::{select, select_all};
use codegen::settings::SliceSettings;
use criterion::{criterion_group, criterion_main, Criterion};

/// The allocator `cargo xtask` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SLICE: &[u8] = include_bytes!("../../metadata/beta/synchronization.csdl");
const SETTINGS: &str = include_str!("../../metadata/beta/slice.toml");

/// A real document's bytes, or `None` after the loud notice of `support`.
fn real(file: &str) -> Option<Vec<u8>> {
    support::real_document(file).map(|(_, bytes)| bytes)
}

/// What `cargo xtask regen` does with the committed slice, in memory.
fn regen_from_slice(settings: &SliceSettings) -> usize {
    let model = Model::from_bytes("slice", SLICE).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    codegen::generate::generate(&model, &slice, settings, "slice").unwrap().len()
}

/// What `cargo xtask regen --metadata FILE` does, in memory.
fn regen_from_metadata(bytes: &[u8], settings: &SliceSettings) -> usize {
    let model = Model::from_bytes("full", bytes).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    let text = codegen::write_csdl::write_slice(&model, &slice, "full");
    let sliced = Model::from_bytes("slice", text.as_bytes()).unwrap();
    let slice = select(&sliced, &settings.selection).unwrap();
    codegen::generate::generate(&sliced, &slice, settings, "slice").unwrap().len()
}

fn whole_document(bytes: &[u8]) -> usize {
    let model = Model::from_bytes("full", bytes).unwrap();
    let slice = select_all(&model);
    codegen::generate::generate(&model, &slice, &SliceSettings::default(), "full").unwrap().len()
}

fn pipeline(c: &mut Criterion) {
    let settings = SliceSettings::from_toml("slice.toml", SETTINGS).unwrap();
    let slice_model = Model::from_bytes("slice", SLICE).unwrap();
    let slice = select(&slice_model, &settings.selection).unwrap();

    let mut group = c.benchmark_group("slice");
    group.bench_function("read_resolve_committed_slice", |b| {
        b.iter(|| Model::from_bytes("slice", black_box(SLICE)).unwrap())
    });
    group.bench_function("emit_committed_slice", |b| {
        b.iter(|| codegen::generate::generate(&slice_model, &slice, &settings, "slice").unwrap())
    });
    group.bench_function("regen_from_committed_slice", |b| b.iter(|| regen_from_slice(&settings)));
    group.finish();

    if let Some(usnat) = real("beta-USNat-2026-08-05.csdl") {
        let model = Model::from_bytes("usnat", &usnat).unwrap();
        c.bench_function("select_slice_of_beta_usnat", |b| b.iter(|| select(&model, &settings.selection).unwrap()));
    }
    if let Some(beta_2021) = real("beta-Prod-2021-07-13.xml") {
        let mut group = c.benchmark_group("beta-Prod-2021-07-13");
        group.sample_size(20);
        group.bench_function("read_resolve", |b| b.iter(|| Model::from_bytes("full", black_box(&beta_2021)).unwrap()));
        group.bench_function("regen_from_metadata", |b| b.iter(|| regen_from_metadata(&beta_2021, &settings)));
        group.finish();
    }
    let mut group = c.benchmark_group("whole_document");
    group.sample_size(10);
    for file in ["beta-USNat-2026-08-05.csdl", "beta-Prod-2021-07-13.xml"] {
        if let Some(bytes) = real(file) {
            group.bench_function(file, |b| b.iter(|| whole_document(&bytes)));
        }
    }
    group.finish();

    // The plain path the emitter's hand-written layout (`emit/text.rs`)
    // stands in for: `syn::parse_file` and `prettyplease::unparse` of the
    // same output, file by file, which is less than that path costs (it
    // would also build the tokens). Beside `whole_document` above, in the
    // same run: the layout stays while this costs a multiple of that.
    if let Some(beta_2021) = real("beta-Prod-2021-07-13.xml") {
        let model = Model::from_bytes("full", &beta_2021).unwrap();
        let files =
            codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), "full").unwrap();
        let mut group = c.benchmark_group("plain_formatting");
        group.sample_size(10);
        group.bench_function("parse_and_unparse_beta-Prod-2021-07-13_output", |b| {
            b.iter(|| {
                files.values().map(|text| prettyplease::unparse(&syn::parse_file(text).unwrap()).len()).sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

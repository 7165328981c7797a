//! Peak heap memory of reading and resolving the real Graph documents, as a
//! ratio to the document's size (target: under 4x). A counting allocator
//! (the load test's) tracks live bytes; it lives in its own bench so that
//! it does not slow the timing benches. Run with `cargo bench -p codegen --bench memory`.

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../../tests/tests/support/counting_allocator.rs"]
mod counting_allocator;

use std::hint::black_box;

const DOCUMENTS: &[&str] = &["v1.0-Prod-2026-08.csdl", "beta-Prod-2021-07-13.xml", "beta-USNat-2026-08-05.csdl"];

fn main() {
    for file in DOCUMENTS {
        let Some((_, bytes)) = support::real_document(file) else { continue };
        let before = counting_allocator::reset_peak();
        let model = codegen::model::Model::from_bytes(file, &bytes).expect("resolves");
        let peak = counting_allocator::peak() - before;
        let kept = counting_allocator::live() - before;
        drop(black_box(model));
        let size = bytes.len() as f64;
        println!(
            "{file}: document {} bytes; peak heap while reading+resolving {peak} bytes ({:.2}x); \
             model keeps {kept} bytes ({:.2}x)",
            bytes.len(),
            peak as f64 / size,
            kept as f64 / size,
        );
    }
}

//! Peak heap memory of reading and resolving the real Graph documents, as a
//! ratio to the document's size (target: under 4x). A counting allocator
//! tracks live bytes; it lives in its own bench so that it does not slow the
//! timing benches. Run with `cargo bench -p codegen --bench memory`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const DOCUMENTS: &[&str] = &["v1.0-Prod-2026-08.csdl", "beta-Prod-2021-07-13.xml", "beta-USNat-2026-08-05.csdl"];

fn main() {
    for file in DOCUMENTS {
        let Some((_, bytes)) = support::real_document(file) else { continue };
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let model = codegen::model::Model::from_bytes(file, &bytes).expect("resolves");
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let kept = LIVE.load(Ordering::Relaxed) - before;
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

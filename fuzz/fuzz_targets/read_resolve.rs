//! Coverage-guided fuzzing of the CSDL reader and resolver: any bytes must
//! give a model or a located error, never a panic, hang or unbounded memory.
//!
//! Run (stable toolchain): `cargo fuzz run --sanitizer none read_resolve fuzz/seeds -- -max_total_time=600`
//! from the workspace root; `fuzz/seeds` is made by `fuzz/make-seeds.sh`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(error) = codegen::model::Model::from_bytes("fuzz.xml", data) {
        // Every error is located and printable.
        assert!(error.location.line >= 1 && error.location.column >= 1);
        let _ = error.to_string();
    }
});

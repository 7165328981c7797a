//! Coverage-guided fuzzing of the whole generator: read, select everything,
//! generate. For any bytes: no panic; and for every document accepted, each
//! generated file parses as Rust, has no doc line that opens a code block (a
//! doctest), an HTML block or a heading, and has no control or bidirectional
//! character (`codegen::emit::audit`).
//!
//! Run (stable toolchain), from the workspace root, after `fuzz/make-seeds.sh`:
//! `cargo fuzz run --sanitizer none generate fuzz/corpus/generate fuzz/seeds -- -max_total_time=600`

#![no_main]

use codegen::model::Model;
use codegen::select::{select_all, SliceSettings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let model = match Model::from_bytes("fuzz.xml", data) {
        Ok(model) => model,
        Err(error) => {
            assert!(error.location.line >= 1 && error.location.column >= 1);
            return;
        }
    };
    let slice = select_all(&model);
    // Everything selected, nothing configured: a model that reads must
    // generate. An error here (such as the output audit refusing a file) is a
    // finding, like a panic.
    let files = match codegen::generate::generate(&model, &slice, &SliceSettings::default(), "fuzz.xml") {
        Ok(files) => files,
        Err(error) => panic!("a model that reads did not generate: {error}"),
    };
    for (path, text) in &files {
        if let Err(error) = syn::parse_file(text) {
            panic!("{path} does not parse as Rust: {error}\n{text}");
        }
        if let Err(error) = codegen::emit::audit::audit(path, text) {
            panic!("{error}");
        }
    }
});

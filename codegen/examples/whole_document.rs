//! Generates a whole CSDL document (every type, request builders from every
//! entity set and singleton) in memory and prints the time and size; run it
//! under `/usr/bin/time -v` for the peak memory:
//! `cargo run --release -p codegen --example whole_document -- FILE`.

use std::time::Instant;

use codegen::model::Model;
use codegen::select::{select_all, SliceSettings};

fn main() {
    let path = std::env::args().nth(1).expect("usage: whole_document FILE");
    let started = Instant::now();
    let bytes = std::fs::read(&path).expect("readable");
    let model = Model::from_bytes(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let files = codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), "whole")
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes_out: usize = files.values().map(String::len).sum();
    println!("{path}: {} files, {bytes_out} bytes of Rust in {:.2?}", files.len(), started.elapsed());
}

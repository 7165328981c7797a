//! Generates a whole CSDL document (every type, request builders from every
//! entity set and singleton) in memory and prints the time and size; run it
//! under `/usr/bin/time -v` for the peak memory:
//! `cargo run --release -p codegen --example whole_document -- FILE [OUT_DIR]`
//! (with `OUT_DIR`, the files are also written there, for reading or diffing).

use std::time::Instant;

use codegen::model::Model;
use codegen::select::select_all;
use codegen::settings::SliceSettings;

/// The allocator `cargo xtask` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: whole_document FILE");
    let started = Instant::now();
    let bytes = std::fs::read(&path).expect("readable");
    let model = Model::from_bytes(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    drop(bytes); // the model owns what it needs
    let files = codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), "whole")
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes_out: usize = files.values().map(String::len).sum();
    println!("{path}: {} files, {bytes_out} bytes of Rust in {:.2?}", files.len(), started.elapsed());
    let out_dir = std::env::args().nth(2).map(std::path::PathBuf::from);
    for (name, text) in &files {
        println!("  {name}: {} bytes, {} lines", text.len(), text.lines().count());
        if let Some(dir) = &out_dir {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("writable");
            std::fs::write(path, text).expect("writable");
        }
    }
}

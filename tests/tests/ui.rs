//! Compile-time tests: the generated crate used the way a downstream crate
//! uses it (`ui/pass`), type-level guarantees that must refuse code
//! (`ui/fail`, each with a reviewed `.stderr`), and the generated code of each
//! emitter golden fixture compiled with warnings denied.
//! Refresh `.stderr` files with `TRYBUILD=overwrite cargo test -p graph-sync-tests --test ui`, then review them.

use std::path::{Path, PathBuf};

use codegen::model::Model;
use codegen::select::{select_all, SliceSettings};

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
    for case in golden_fixture_cases() {
        cases.pass(case);
    }
}

/// For each golden CSDL fixture: its generated files under `target/`, and a
/// case that compiles them as `crate::models` beside the real runtime.
fn golden_fixture_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fixtures = root.join("codegen/tests/golden");
    let scratch = root.join("target/golden-fixture-crates");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".csdl").map(str::to_owned))
        .collect();
    names.sort();
    let mut cases = Vec::new();
    for name in names {
        let bytes = std::fs::read(fixtures.join(format!("{name}.csdl"))).unwrap();
        let model = Model::from_bytes(&name, &bytes).unwrap();
        let settings = SliceSettings::default();
        let files = codegen::generate::generate(&model, &select_all(&model), &settings, &name).unwrap();
        let dir = scratch.join(&name);
        for (path, text) in &files {
            let target = dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, text).unwrap();
        }
        let case = dir.join(format!("golden_{name}.rs"));
        let models = dir.join("models/mod.rs");
        std::fs::write(
            &case,
            format!(
                "//! The generated code of the `{name}` golden fixture compiles without warnings.\n\
                 #![deny(warnings)]\n\
                 // A binary does not use the public items and re-exports it defines.\n\
                 #![allow(dead_code, unused_imports)]\n\n\
                 mod runtime {{\n    pub use graph_sync::runtime::*;\n}}\n\n\
                 #[path = {models:?}]\n\
                 mod models;\n\n\
                 fn main() {{}}\n"
            ),
        )
        .unwrap();
        cases.push(case);
    }
    cases
}

//! Compile-time tests: the generated crate used the way a downstream crate
//! uses it (`ui/pass`), type-level guarantees that must refuse code
//! (`ui/fail`, each with a reviewed `.stderr`), and the generated code of each
//! emitter golden fixture compiled with warnings denied.
//! Refresh `.stderr` files with `TRYBUILD=overwrite cargo test -p graph-sync-tests --test ui`, then review them.

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
    for case in golden_fixture_cases() {
        cases.pass(case);
    }
}

/// For each golden fixture: a case that compiles its committed models (as
/// reviewed, with the settings they were generated with) as `models` beside
/// the real runtime. (`cargo xtask corpus-check` compiles each committed
/// tree with paths whole, as the crate of its own it is written to be.)
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
        let models = fixtures.join(&name).join("models/mod.rs");
        assert!(
            models.exists(),
            "{name}: no committed tree (run `UPDATE_GOLDEN=1 cargo test -p codegen --test golden`)"
        );
        std::fs::create_dir_all(&scratch).unwrap();
        let case = scratch.join(format!("golden_{name}.rs"));
        std::fs::write(
            &case,
            format!(
                "//! The committed models of the `{name}` golden fixture compile without warnings.\n\
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

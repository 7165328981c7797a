//! Golden tests of the emitter: small CSDL documents, one feature each, whose
//! generated Rust is compared with reviewed files in `tests/golden/*.rs`.
//! Refresh with `UPDATE_GOLDEN=1 cargo test -p codegen --test golden`, then read the diff.

use std::path::PathBuf;

use codegen::model::Model;
use codegen::select::{select_all, SliceSettings};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// All generated files of a fixture, concatenated with a line naming each.
pub fn generate_fixture(name: &str, settings: &SliceSettings) -> String {
    let path = golden_dir().join(format!("{name}.csdl"));
    let bytes = std::fs::read(&path).unwrap();
    let model = Model::from_bytes(&format!("{name}.csdl"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    let slice = select_all(&model);
    let files = codegen::generate::generate(&model, &slice, settings, &format!("tests/golden/{name}.csdl"))
        .unwrap_or_else(|e| panic!("{e}"));
    files.iter().map(|(path, text)| format!("// ==== {path} ====\n{text}")).collect::<Vec<_>>().join("\n")
}

fn check(name: &str, settings: SliceSettings) {
    let actual = generate_fixture(name, &settings);
    assert_eq!(actual, generate_fixture(name, &settings), "{name}: generation is deterministic");
    let expected_path = golden_dir().join(format!("{name}.rs"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if actual != expected {
        let first = actual.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name}: generated code differs from tests/golden/{name}.rs at line {}:\n  golden:    {:?}\n  generated: {:?}\n\
             If the change is intended, run `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` and review the diff.",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn keywords() {
    check("keywords", SliceSettings::default());
}

#[test]
fn recursion() {
    check("recursion", SliceSettings::default());
}

#[test]
fn inheritance() {
    check("inheritance", SliceSettings::default());
}

#[test]
fn open_type() {
    check("open_type", SliceSettings::default());
}

#[test]
fn flags_enum() {
    check("flags_enum", SliceSettings::default());
}

#[test]
fn deprecated() {
    let settings = SliceSettings { secret_properties: vec!["test.pair/value".into()], ..SliceSettings::default() };
    check("deprecated", settings);
}

#[test]
fn name_clash() {
    check("name_clash", SliceSettings::default());
}

#[test]
fn hostile() {
    check("hostile", SliceSettings::default());
}

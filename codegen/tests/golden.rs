//! Golden tests of the emitter: small CSDL documents, one feature each, whose
//! generated files are compared with the reviewed file trees in
//! `tests/golden/{fixture}/` (`lib.rs`, `models/`, and `paths.rs` and
//! `routes.rs` where the fixture has entity sets), exactly as the generator
//! writes them, with the settings each was reviewed with. The committed trees
//! are what is compiled: the models by the trybuild suite, the whole of a
//! fixture with paths by `cargo xtask corpus-check`.
//! Refresh with `UPDATE_GOLDEN=1 cargo test -p codegen --test golden`, then read the diff.

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen::model::Model;
use codegen::select::select_all;
use codegen::settings::{Generation, SliceSettings};

mod support;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The generated files of a fixture, by path in its tree.
pub fn generate_fixture(name: &str, settings: &SliceSettings) -> codegen::emit::Files {
    let path = golden_dir().join(format!("{name}.csdl"));
    let bytes = std::fs::read(&path).unwrap();
    let model = Model::from_bytes(&format!("{name}.csdl"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    let slice = select_all(&model);
    codegen::generate::generate(&model, &slice, settings, &format!("tests/golden/{name}.csdl"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn check(name: &str, settings: SliceSettings) {
    let actual = generate_fixture(name, &settings);
    let dir = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in &actual {
            let target = dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
        return;
    }
    let generated: BTreeSet<String> = actual.keys().cloned().collect();
    assert_eq!(support::files_below(&dir), generated, "{name}: the committed tree has exactly the generated files");
    for (path, text) in &actual {
        let expected = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        if *text != expected {
            let first = text.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{name}: generated {path} differs from tests/golden/{name}/{path} at line {}:\n  golden:    {:?}\n  \
                 generated: {:?}\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` \
                 and review the diff.",
                first + 1,
                expected.lines().nth(first),
                text.lines().nth(first)
            );
        }
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
    let generation = Generation { secret_properties: vec!["test.pair/value".into()], ..Generation::default() };
    let settings = SliceSettings { generation, ..SliceSettings::default() };
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

#[test]
fn containment() {
    check("containment", SliceSettings::default());
}

#[test]
fn bindings() {
    check("bindings", SliceSettings::default());
}

#[test]
fn compound_keys() {
    check("compound_keys", SliceSettings::default());
}

#[test]
fn imports() {
    check("imports", SliceSettings::default());
}

#[test]
fn keyword_paths() {
    check("keyword_paths", SliceSettings::default());
}

/// Every golden fixture and both versions' committed slices, generated, as one text.
fn everything_generated() -> String {
    let mut text = String::new();
    let mut names: Vec<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".csdl").map(str::to_owned))
        .collect();
    names.sort();
    for name in names {
        for (path, file) in generate_fixture(&name, &SliceSettings::default()) {
            text.push_str(&format!("==== {name}/{path}\n{file}"));
        }
    }
    let versions = [
        (
            "beta",
            &include_bytes!("../../metadata/beta/synchronization.csdl")[..],
            include_str!("../../metadata/beta/slice.toml"),
        ),
        (
            "v1.0",
            &include_bytes!("../../metadata/v1.0/synchronization.csdl")[..],
            include_str!("../../metadata/v1.0/slice.toml"),
        ),
    ];
    for (version, slice, settings) in versions {
        let settings = SliceSettings::from_toml("slice.toml", settings).unwrap();
        let model = Model::from_bytes(version, slice).unwrap();
        let selected = codegen::select::select(&model, &settings.selection).unwrap();
        for (path, file) in codegen::generate::generate(&model, &selected, &settings, version).unwrap() {
            text.push_str(&format!("==== {version}/{path}\n{file}"));
        }
    }
    text
}

/// Generation is deterministic across processes (each with its own hash
/// seeds and thread timings), not only within one: two child processes of
/// this test binary generate everything, and their outputs and this
/// process's are the same bytes.
#[test]
fn generation_is_deterministic_across_processes() {
    const CHILD: &str = "GOLDEN_DETERMINISM_CHILD";
    if let Some(out) = std::env::var_os(CHILD) {
        std::fs::write(out, everything_generated()).unwrap();
        return;
    }
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let child = |n: usize| {
        let out = scratch.join(format!("determinism-{n}.txt"));
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["generation_is_deterministic_across_processes", "--exact", "--quiet"])
            .env(CHILD, &out)
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stdout));
        std::fs::read_to_string(out).unwrap()
    };
    let (first, second) = (child(1), child(2));
    assert!(first.len() > 100_000, "the children generated everything ({} bytes)", first.len());
    assert!(first == second, "two processes generated different code");
    assert!(first == everything_generated(), "a child and this process generated different code");
}

//! Test-only package: the trybuild cases and integration tests of the
//! generated `graph-sync` crate live in `tests/`. The README's examples are
//! compiled here as doctests.

#![doc = include_str!("../../README.md")]

/// A documented body from `fixtures/graph-docs/` (the Graph documentation's
/// examples, copied so the core suite needs nothing beside the repository), as text.
pub fn fixture_text(name: &str) -> String {
    let path = format!("{}/fixtures/graph-docs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A documented body from `fixtures/graph-docs/`, as JSON.
pub fn fixture(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

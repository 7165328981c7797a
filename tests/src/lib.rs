//! Test-only package: the trybuild cases and integration tests of the
//! generated `graph-sync` crate live in `tests/`. The README's examples, and
//! the guides', are compiled here as doctests.

#![doc = include_str!("../../README.md")]

// The guides rustdoc shows as `graph_sync::guide` (documentation only
// there), compiled here with the features their examples use.
#[doc = include_str!("../../generated/src/guide/production.md")]
mod production_guide {}
#[doc = include_str!("../../generated/src/guide/inbound.md")]
mod inbound_guide {}
#[doc = include_str!("../../generated/src/guide/testing.md")]
mod testing_guide {}

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

/// The parameters of a provisionOnDemand call for one user, as the Graph
/// documentation's request sends them: one entry under a rule, its subject
/// `{objectId, objectTypeName: "User"}`. One function per Graph version
/// (the versions' types are distinct).
pub mod provision {
    use graph_sync::{beta, v1};

    /// The user of the documentation's request (`provisionOnDemand.request.json`).
    pub const DOCUMENTED_USER: &str = "9bb0f679-a883-4a6f-8260-35b491b8b8c8";
    /// The rule of the documentation's request.
    pub const DOCUMENTED_RULE: &str = "ea807875-5618-4f0a-9125-0b46a05298ca";

    /// Graph beta's parameters for `object_id`, under `rule_id` if given.
    pub fn beta(object_id: &str, rule_id: Option<&str>) -> Vec<beta::models::SynchronizationJobApplicationParameters> {
        let subject =
            beta::models::SynchronizationJobSubject::default().with_object_id(object_id).with_object_type_name("User");
        vec![beta::models::SynchronizationJobApplicationParameters::default()
            .with_rule_id(rule_id.map(str::to_owned))
            .with_subjects([subject])]
    }

    /// Graph v1.0's parameters for `object_id`, under `rule_id` if given.
    pub fn v1(object_id: &str, rule_id: Option<&str>) -> Vec<v1::models::SynchronizationJobApplicationParameters> {
        let subject =
            v1::models::SynchronizationJobSubject::default().with_object_id(object_id).with_object_type_name("User");
        vec![v1::models::SynchronizationJobApplicationParameters::default()
            .with_rule_id(rule_id.map(str::to_owned))
            .with_subjects([subject])]
    }
}

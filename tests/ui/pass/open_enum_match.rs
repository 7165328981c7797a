//! An open enum is matched exhaustively, its unknown variant included.
#![deny(warnings)]

use graph_sync::beta::models::SynchronizationStatusCode;

fn describe(code: &SynchronizationStatusCode) -> &'static str {
    match code {
        SynchronizationStatusCode::NotConfigured => "not configured",
        SynchronizationStatusCode::NotRun => "not run",
        SynchronizationStatusCode::Active => "active",
        SynchronizationStatusCode::Paused => "paused",
        SynchronizationStatusCode::Quarantine => "quarantined",
        SynchronizationStatusCode::Unrecognized(_) => "unknown to this crate",
    }
}

fn main() {
    let code: SynchronizationStatusCode = serde_json::from_str("\"SomethingNew\"").unwrap();
    assert_eq!(describe(&code), "unknown to this crate");
}

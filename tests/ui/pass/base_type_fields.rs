//! Base-type properties are fields of the derived struct (`id` from `entity`).
#![deny(warnings)]

use graph_sync::beta::models::{AnyEntity, SynchronizationJob};

fn main() {
    let mut job = SynchronizationJob::default();
    job.id = "job-1".into();
    let any: AnyEntity = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.synchronizationJob","id":"job-1"}"##).unwrap();
    match any {
        AnyEntity::SynchronizationJob(decoded) => assert_eq!(decoded.id, job.id),
        other => panic!("{other:?}"),
    }
}

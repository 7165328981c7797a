//! A `Field` read as a newcomer reads an `Option` (issue 46: four of six
//! compile errors in eight programs came from here): `and_then` with a
//! closure that reads an `Option` (`as_deref`), `is_some`/`is_none`, a
//! borrowed field compared with a plain value, and `Debug` that shows the value.
#![deny(warnings)]

use graph_sync::v1::models::{ProvisionedIdentity, ProvisioningObjectSummary, SynchronizationStatusCode};
use graph_sync::Field;

fn main() {
    let log = ProvisioningObjectSummary::default().with_source_identity(ProvisionedIdentity::default().with_id("u-1"));
    // The line that did not compile: "expected `Field<_>`, found `Option<&str>`".
    let id = log.source_identity.as_ref().and_then(|s| s.id.as_deref());
    assert_eq!(id.unwrap_or("-"), "u-1");
    assert!(log.source_identity.is_some() && log.target_identity.is_none());
    // `Field<&T> == T`.
    let code: Field<SynchronizationStatusCode> = Field::Value(SynchronizationStatusCode::Paused);
    assert!(code.as_ref() == SynchronizationStatusCode::Paused);
    // `Debug` of a mapped field shows the value, not `Value(..)`.
    assert_eq!(format!("{:?}", code.map(|c| c.to_string())), r#""Paused""#);
    assert_eq!(format!("{:?}", Field::<u8>::Null), "Null");
}

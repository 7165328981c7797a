//! A flags enum is used as a set.
#![deny(warnings)]

use graph_sync::beta::models::SynchronizationJobRestartScope as Scope;
use graph_sync::Flags;

fn main() {
    let mut scope: Flags<Scope> = [Scope::Escrows, Scope::Watermark].into_iter().collect();
    scope.insert(Scope::ForceDeletes);
    assert!(scope.contains(&Scope::Watermark));
    assert!(!scope.contains(&Scope::Full));
    assert_eq!(scope.to_wire(), "Escrows,Watermark,ForceDeletes");
}

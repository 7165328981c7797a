//! Structs are #[non_exhaustive] so a property Graph adds is not a breaking
//! change: they are built from Default, never with a struct literal.
use graph_sync::beta::models::SynchronizationJobSubject;

fn main() {
    let _ = SynchronizationJobSubject { object_id: "x".into(), ..Default::default() };
}

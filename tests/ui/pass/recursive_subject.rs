//! The recursive subject -> links -> members/manager structure is walked.
#![deny(warnings)]

use graph_sync::beta::models::{SynchronizationJobSubject, SynchronizationLinkedObjects};

fn count(subject: &SynchronizationJobSubject) -> usize {
    let Some(links) = subject.links.value() else { return 1 };
    let members: usize = links.members.value().map_or(0, |m| m.iter().map(count).sum());
    let manager: usize = links.manager.value().map_or(0, |boxed| count(boxed));
    1 + members + manager
}

fn main() {
    let mut member = SynchronizationJobSubject::default();
    member.object_id = "user".into();
    let mut links = SynchronizationLinkedObjects::default();
    links.members = vec![member.clone(), member.clone()].into();
    links.manager = Box::new(member).into();
    let mut group = SynchronizationJobSubject::default();
    group.links = links.into();
    assert_eq!(count(&group), 4);
}

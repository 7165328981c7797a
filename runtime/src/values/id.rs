//! Typed ids: `Id<T>` is the id of a `T` (an entity type), so an id of one
//! kind of entity cannot be passed where another kind's is expected. The
//! generated code names each one (`pub type SynchronizationJobId = Id<SynchronizationJob>`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The id of a `T`, as Graph gives it; placed in URLs percent-encoded.
///
/// Each entity has its own id type (`SynchronizationJobId`, ...), so a job id
/// cannot be passed where a service principal id is expected. Text converts
/// into any of them:
///
/// ```
/// use graph_sync::v1::paths::SynchronizationJobId;
/// use graph_sync::{Client, StaticToken};
///
/// let client = Client::new(StaticToken::new("token"));
/// let sp = String::from("sp/1");
/// let job_id = SynchronizationJobId::new("AAD2AADProvisioning.e0c1");
/// let job = client.v1().service_principal(&sp).synchronization().jobs().job(job_id.clone());
/// // Percent-encoded as one path segment: an id cannot change the path.
/// assert_eq!(job.path(), "/servicePrincipals/sp%2F1/synchronization/jobs/AAD2AADProvisioning.e0c1");
/// assert_eq!(job_id.as_str(), "AAD2AADProvisioning.e0c1");
/// ```
pub struct Id<T> {
    id: String,
    // `fn() -> T`: an id neither owns a `T` nor needs `T: Send` to be sent.
    entity: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// An id as Graph gives it (not yet percent-encoded).
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), entity: PhantomData }
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.id
    }
}

impl<T> From<&str> for Id<T> {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl<T> From<&String> for Id<T> {
    fn from(id: &String) -> Self {
        Self::new(id.as_str())
    }
}

impl<T> From<String> for Id<T> {
    fn from(id: String) -> Self {
        Self::new(id)
    }
}

impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Id").field(&self.id).finish()
    }
}

// Written out rather than derived: derives would ask the same of `T`.
impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        Self::new(self.id.clone())
    }
}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T> Eq for Id<T> {}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

#[cfg(test)]
mod tests {
    use super::Id;
    use std::collections::HashSet;

    struct Job;
    struct Principal;

    #[test]
    fn ids_compare_hash_and_print_their_text() {
        let a: Id<Job> = "j1".into();
        let b = Id::<Job>::new(String::from("j1"));
        assert_eq!(a, b);
        let owned = String::from("j1");
        assert_eq!(Id::<Job>::from(&owned), a, "an id from a borrowed String");
        assert_eq!(a.clone().as_str(), "j1");
        assert_eq!(format!("{a} {a:?}"), "j1 Id(\"j1\")");
        assert!(Id::<Job>::new("a") < Id::<Job>::new("b"));
        assert_eq!([a, b].into_iter().collect::<HashSet<_>>().len(), 1);
        // Neither `Job` nor `Principal` is Clone, Eq or Send: the ids are.
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Id<Principal>>();
    }
}

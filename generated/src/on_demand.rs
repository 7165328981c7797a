//! Whom one `provisionOnDemand` provisions: a user, or a group with the
//! members to provision with it, built from the directory objects the crate
//! lists (`users()`, `group(id).members()`), and turned into either
//! version's `SynchronizationJobSubject`.
//!
//! The shape is the documented one ("synchronizationJob: provisionOnDemand",
//! Example 3, "Provision a group and two of its members on demand"): the
//! group is the subject, `objectTypeName` `Group`, and its members go in the
//! subject's `links.members`, each `objectTypeName` `User`.

use std::fmt;

pub use crate::provisioning::MAX_GROUP_MEMBERS;

/// A directory object that can be named in a `provisionOnDemand`: its
/// object id and its type as the subject names it (`User`, `Group`). The
/// models of users, groups and directory objects of both versions are.
pub trait Provisionable {
    /// The object id, if the value has one.
    fn object_id(&self) -> Option<&str>;
    /// `User` or `Group`; `None` for any other kind of directory object,
    /// which on-demand provisioning does not take.
    fn object_type_name(&self) -> Option<&'static str>;
}

/// Whom one `provisionOnDemand` provisions; `.into()` gives the subject of
/// either version (`v1::models::SynchronizationJobSubject`,
/// `beta::models::SynchronizationJobSubject`).
///
/// ```
/// use graph_sync::on_demand::OnDemand;
/// use graph_sync::v1::models::{AnyDirectoryObject, SynchronizationJobSubject, User};
///
/// let adele = User::default().with_id("u-1");
/// let members = [AnyDirectoryObject::User(Box::new(adele))];
/// let subject: SynchronizationJobSubject = OnDemand::group("g-1", &members)?.into();
/// assert_eq!(
///     serde_json::to_value(&subject)?,
///     serde_json::json!({"objectId": "g-1", "objectTypeName": "Group",
///                        "links": {"members": [{"objectId": "u-1", "objectTypeName": "User"}]}})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnDemand {
    object_id: String,
    object_type_name: &'static str,
    /// A group's members to provision with it (users' object ids).
    members: Vec<String>,
}

impl OnDemand {
    /// A user, by object id.
    pub fn user(object_id: impl Into<String>) -> Self {
        Self { object_id: object_id.into(), object_type_name: "User", members: Vec::new() }
    }

    /// A user or a group, as the crate listed it: a user alone, a group
    /// without members. An object of another type, or without an id, is refused.
    pub fn of(object: &impl Provisionable) -> Result<Self, OnDemandError> {
        let object_id = object.object_id().ok_or(OnDemandError::NoId)?;
        match object.object_type_name() {
            Some(object_type_name) => {
                Ok(Self { object_id: object_id.to_owned(), object_type_name, members: Vec::new() })
            }
            None => Err(OnDemandError::NotProvisionable { object_id: object_id.to_owned() }),
        }
    }

    /// A group, by object id, with the members to provision with it: users,
    /// at most [`MAX_GROUP_MEMBERS`] (a member that is no user, or has no
    /// id, is refused: on-demand provisioning takes users as a group's
    /// members, as the documentation shows them).
    pub fn group<'a, M: Provisionable + 'a>(
        object_id: impl Into<String>,
        members: impl IntoIterator<Item = &'a M>,
    ) -> Result<Self, OnDemandError> {
        let mut ids = Vec::new();
        for member in members {
            let id = member.object_id().ok_or(OnDemandError::NoId)?;
            if member.object_type_name() != Some("User") {
                return Err(OnDemandError::NotProvisionable { object_id: id.to_owned() });
            }
            ids.push(id.to_owned());
        }
        if ids.len() > MAX_GROUP_MEMBERS {
            return Err(OnDemandError::TooManyMembers { count: ids.len() });
        }
        Ok(Self { object_id: object_id.into(), object_type_name: "Group", members: ids })
    }

    /// The object id of the user or group.
    pub fn object_id(&self) -> &str {
        &self.object_id
    }

    /// `User` or `Group`.
    pub fn object_type_name(&self) -> &'static str {
        self.object_type_name
    }

    /// The object ids of a group's members to provision with it.
    pub fn members(&self) -> &[String] {
        &self.members
    }
}

/// Why an [`OnDemand`] cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnDemandError {
    /// A directory object without an object id (listed with a `$select` that left it out).
    NoId,
    /// Neither a user nor a group (a device, a service principal, an
    /// object of a type the crate does not know), or, as a group's member,
    /// no user.
    NotProvisionable { object_id: String },
    /// More members than one call provisions ([`MAX_GROUP_MEMBERS`]).
    TooManyMembers { count: usize },
}

impl fmt::Display for OnDemandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoId => f.write_str("a directory object without an id cannot be provisioned on demand"),
            Self::NotProvisionable { object_id } => {
                write!(
                    f,
                    "`{object_id}` is not a user (or, as a subject, a group): on-demand provisioning does not take it"
                )
            }
            Self::TooManyMembers { count } => write!(
                f,
                "{count} members: on-demand provisioning of a group takes at most {MAX_GROUP_MEMBERS} at a time"
            ),
        }
    }
}

impl std::error::Error for OnDemandError {}

/// The subject and [`Provisionable`] for one version's models (the same
/// code for each: the two versions' types are distinct).
macro_rules! for_version {
    ($version:ident) => {
        impl From<OnDemand> for crate::$version::models::SynchronizationJobSubject {
            fn from(on_demand: OnDemand) -> Self {
                use crate::$version::models::{SynchronizationJobSubject, SynchronizationLinkedObjects};
                let subject = |id: String, type_name: &str| {
                    SynchronizationJobSubject::default().with_object_id(id).with_object_type_name(type_name)
                };
                let OnDemand { object_id, object_type_name, members } = on_demand;
                let group = object_type_name == "Group";
                let links = group.then(|| {
                    SynchronizationLinkedObjects::default()
                        .with_members(members.into_iter().map(|id| subject(id, "User")).collect::<Vec<_>>())
                });
                subject(object_id, object_type_name).with_links(links)
            }
        }

        impl Provisionable for crate::$version::models::User {
            fn object_id(&self) -> Option<&str> {
                self.id.as_deref()
            }
            fn object_type_name(&self) -> Option<&'static str> {
                Some("User")
            }
        }

        impl Provisionable for crate::$version::models::Group {
            fn object_id(&self) -> Option<&str> {
                self.id.as_deref()
            }
            fn object_type_name(&self) -> Option<&'static str> {
                Some("Group")
            }
        }

        impl Provisionable for crate::$version::models::AnyDirectoryObject {
            fn object_id(&self) -> Option<&str> {
                self.id()
            }
            fn object_type_name(&self) -> Option<&'static str> {
                use crate::$version::models::AnyDirectoryObject as Any;
                match self {
                    Any::User(_) => Some("User"),
                    Any::Group(_) => Some("Group"),
                    _ => None,
                }
            }
        }
    };
}

#[cfg(feature = "v1")]
for_version!(v1);
#[cfg(feature = "beta")]
for_version!(beta);

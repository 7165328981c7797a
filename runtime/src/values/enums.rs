//! Open enums (an unknown wire value is kept, not refused) and flags sets
//! (`"Escrows,Watermark"`, as OData writes flags enums). Both decode
//! through the table-driven engine (`values::model`).

use std::fmt;

use serde::Serializer;

/// A generated enum whose wire values may grow: Graph adds members over time.
pub trait OpenEnum: Sized {
    /// The member with this wire name, if it is known.
    fn from_known(wire: &str) -> Option<Self>;
    /// The variant that keeps a wire value this crate does not know.
    fn unrecognized(wire: String) -> Self;
    /// The wire name, exactly as received for unrecognized values.
    fn as_str(&self) -> &str;

    /// Parses a wire value: a known member, or the unrecognized variant keeping it.
    fn from_wire(wire: &str) -> Self {
        Self::from_known(wire).unwrap_or_else(|| Self::unrecognized(wire.to_owned()))
    }
}

/// Serializes an open enum as its wire string.
pub fn serialize_enum<T: OpenEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// A set of flags-enum members, serialized as OData does: `"Escrows,Watermark"`.
///
/// A set decoded from the service keeps the text it came as (Graph writes
/// `"Escrows, Watermark"`, with spaces) and is sent back exactly so until it
/// is changed; a set built or changed in code is written `A,B` in member order.
/// Equality and hashing look at the members only, not at the spelling.
///
/// ```
/// use graph_sync::v1::models::SynchronizationJobRestartScope as Scope;
/// use graph_sync::Flags;
///
/// let mut scope = Flags::from([Scope::Escrows, Scope::Watermark]) | Scope::QuarantineState;
/// scope |= Scope::Full;
/// assert_eq!(scope.to_wire(), "Escrows,Watermark,QuarantineState,Full");
/// let sent: Flags<Scope> = "Escrows, Watermark".parse().unwrap();
/// assert_eq!(sent.to_wire(), "Escrows, Watermark", "kept as received");
/// assert!(sent.contains(&Scope::Watermark));
/// ```
#[derive(Clone, Default)]
pub struct Flags<T> {
    members: Vec<T>,
    /// The text the set was decoded from, while it is unchanged.
    received: Option<String>,
}

impl<T: PartialEq> PartialEq for Flags<T> {
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

impl<T: Eq> Eq for Flags<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Flags<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.members.hash(state);
    }
}

impl<T: OpenEnum + PartialEq> Flags<T> {
    /// An empty set (serialized as `""`).
    pub fn new() -> Self {
        Self { members: Vec::new(), received: None }
    }

    /// Whether `member` is in the set.
    pub fn contains(&self, member: &T) -> bool {
        self.members.contains(member)
    }

    /// Adds `member` unless it is already there.
    pub fn insert(&mut self, member: T) {
        if !self.contains(&member) {
            self.members.push(member);
            self.received = None;
        }
    }

    /// Removes `member`; whether it was there.
    pub fn remove(&mut self, member: &T) -> bool {
        let before = self.members.len();
        self.members.retain(|m| m != member);
        let removed = before != self.members.len();
        if removed {
            self.received = None;
        }
        removed
    }

    /// The members, in wire order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.members.iter()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The wire form: as received, or `Escrows,Watermark` for a set built or changed in code.
    pub fn to_wire(&self) -> String {
        if let Some(received) = &self.received {
            return received.clone();
        }
        let names: Vec<&str> = self.members.iter().map(OpenEnum::as_str).collect();
        names.join(",")
    }

    /// Parses the wire form (members separated by `,`, spaces allowed);
    /// unknown members are kept, and so is the text.
    pub fn from_wire(wire: &str) -> Self {
        let mut flags = Self::new();
        for name in wire.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            flags.insert(T::from_wire(name));
        }
        flags.received = Some(wire.to_owned());
        flags
    }
}

impl<T: OpenEnum + PartialEq> FromIterator<T> for Flags<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut flags = Self::new();
        for member in iter {
            flags.insert(member);
        }
        flags
    }
}

impl<T: OpenEnum + PartialEq> Extend<T> for Flags<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for member in iter {
            self.insert(member);
        }
    }
}

impl<T: OpenEnum + PartialEq> From<T> for Flags<T> {
    fn from(member: T) -> Self {
        Self { members: vec![member], received: None }
    }
}

impl<T: OpenEnum + PartialEq, const N: usize> From<[T; N]> for Flags<T> {
    fn from(members: [T; N]) -> Self {
        members.into_iter().collect()
    }
}

/// The wire form, as [`Flags::from_wire`] reads it; never fails.
/// A set from an array of members, as a property: `criteria.with_reset_scope([A, B])`.
impl<T: OpenEnum + PartialEq, const N: usize> From<[T; N]> for crate::values::field::Field<Flags<T>> {
    fn from(members: [T; N]) -> Self {
        crate::values::field::Field::Value(members.into())
    }
}

impl<T: OpenEnum + PartialEq> std::str::FromStr for Flags<T> {
    type Err = std::convert::Infallible;

    fn from_str(wire: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_wire(wire))
    }
}

impl<T: OpenEnum + PartialEq> From<&str> for Flags<T> {
    fn from(wire: &str) -> Self {
        Self::from_wire(wire)
    }
}

/// `set | member`: the set with the member added.
impl<T: OpenEnum + PartialEq> std::ops::BitOr<T> for Flags<T> {
    type Output = Flags<T>;

    fn bitor(mut self, member: T) -> Flags<T> {
        self.insert(member);
        self
    }
}

/// `a | b`: the union, in `a`'s order then `b`'s.
impl<T: OpenEnum + PartialEq> std::ops::BitOr for Flags<T> {
    type Output = Flags<T>;

    fn bitor(mut self, other: Flags<T>) -> Flags<T> {
        self.extend(other.members);
        self
    }
}

impl<T: OpenEnum + PartialEq> std::ops::BitOrAssign<T> for Flags<T> {
    fn bitor_assign(&mut self, member: T) {
        self.insert(member);
    }
}

impl<T: OpenEnum + PartialEq> std::ops::BitOrAssign for Flags<T> {
    fn bitor_assign(&mut self, other: Flags<T>) {
        self.extend(other.members);
    }
}

impl<T: OpenEnum> fmt::Debug for Flags<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.members.iter().map(OpenEnum::as_str)).finish()
    }
}

impl<T: OpenEnum + PartialEq> serde::Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Scope {
        Escrows,
        Watermark,
        Other(String),
    }

    impl OpenEnum for Scope {
        fn from_known(wire: &str) -> Option<Self> {
            match wire {
                "Escrows" => Some(Scope::Escrows),
                "Watermark" => Some(Scope::Watermark),
                _ => None,
            }
        }
        fn unrecognized(wire: String) -> Self {
            Scope::Other(wire)
        }
        fn as_str(&self) -> &str {
            match self {
                Scope::Escrows => "Escrows",
                Scope::Watermark => "Watermark",
                Scope::Other(wire) => wire,
            }
        }
    }

    #[test]
    fn received_text_is_kept_until_the_set_changes() {
        for wire in ["Escrows, Watermark", "Watermark,Escrows", " Escrows ,  New", ""] {
            let flags: Flags<Scope> = serde_json::from_value(serde_json::json!(wire)).unwrap();
            assert_eq!(serde_json::to_value(&flags).unwrap(), wire, "decode and encode keep the text");
        }
        let mut flags = Flags::<Scope>::from_wire("Escrows, Watermark");
        flags.insert(Scope::Escrows);
        assert_eq!(flags.to_wire(), "Escrows, Watermark", "inserting a member already there changes nothing");
        assert!(!flags.remove(&Scope::Other("x".into())));
        assert_eq!(flags.to_wire(), "Escrows, Watermark");
        flags.remove(&Scope::Escrows);
        assert_eq!(flags.to_wire(), "Watermark", "a changed set is written canonically");
        assert_eq!(Flags::<Scope>::from_wire("Escrows, Watermark"), Flags::from([Scope::Escrows, Scope::Watermark]));
    }

    #[test]
    fn sets_are_built_with_the_usual_operators_and_conversions() {
        let mut flags = Flags::from([Scope::Escrows]) | Scope::Watermark;
        assert_eq!(flags.to_wire(), "Escrows,Watermark");
        flags |= Scope::Escrows;
        flags |= Flags::from(Scope::Other("New".into()));
        assert_eq!(flags.to_wire(), "Escrows,Watermark,New");
        let parsed: Flags<Scope> = "Watermark, Escrows".parse().unwrap();
        assert_eq!((parsed | Flags::from("Escrows,New")).to_wire(), "Watermark,Escrows,New");
    }
}

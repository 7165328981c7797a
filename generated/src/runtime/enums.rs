//! Open enums (an unknown wire value is kept, not refused) and flags sets
//! (`"Escrows,Watermark"`, as OData writes flags enums).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

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

/// Deserializes an open enum from a string, never failing on an unknown value.
pub fn deserialize_enum<'de, T: OpenEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: OpenEnum> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an enum member name")
        }

        fn visit_str<E: de::Error>(self, wire: &str) -> Result<T, E> {
            Ok(T::from_wire(wire))
        }

        fn visit_string<E: de::Error>(self, wire: String) -> Result<T, E> {
            Ok(T::from_known(&wire).unwrap_or_else(|| T::unrecognized(wire)))
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// A set of flags-enum members, serialized as OData does: `"Escrows,Watermark"`.
/// The order of the wire value is kept, so decoding and re-encoding is exact.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Flags<T> {
    members: Vec<T>,
}

impl<T: OpenEnum + PartialEq> Flags<T> {
    /// An empty set (serialized as `""`).
    pub fn new() -> Self {
        Self { members: Vec::new() }
    }

    /// Whether `member` is in the set.
    pub fn contains(&self, member: &T) -> bool {
        self.members.contains(member)
    }

    /// Adds `member` unless it is already there.
    pub fn insert(&mut self, member: T) {
        if !self.contains(&member) {
            self.members.push(member);
        }
    }

    /// Removes `member`; whether it was there.
    pub fn remove(&mut self, member: &T) -> bool {
        let before = self.members.len();
        self.members.retain(|m| m != member);
        before != self.members.len()
    }

    /// The members, in wire order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.members.iter()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The wire form, e.g. `Escrows,Watermark`.
    pub fn to_wire(&self) -> String {
        let names: Vec<&str> = self.members.iter().map(OpenEnum::as_str).collect();
        names.join(",")
    }

    /// Parses the wire form; unknown members are kept.
    pub fn from_wire(wire: &str) -> Self {
        let mut flags = Self::new();
        for name in wire.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            flags.insert(T::from_wire(name));
        }
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

impl<T: OpenEnum + PartialEq> From<T> for Flags<T> {
    fn from(member: T) -> Self {
        Self { members: vec![member] }
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

impl<'de, T: OpenEnum + PartialEq> serde::Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagsVisitor<T>(PhantomData<T>);

        impl<T: OpenEnum + PartialEq> Visitor<'_> for FlagsVisitor<T> {
            type Value = Flags<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("comma-separated flags enum members")
            }

            fn visit_str<E: de::Error>(self, wire: &str) -> Result<Flags<T>, E> {
                Ok(Flags::from_wire(wire))
            }
        }

        deserializer.deserialize_str(FlagsVisitor(PhantomData))
    }
}

//! [`Field`]: a property that may be absent, `null`, or have a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property of a Graph object: absent from the JSON, present as `null`, or
/// present with a value.
///
/// Graph leaves properties out of responses (for example under `$select`), and
/// a `PATCH` body must tell "set to null" (`Field::Null`) from "leave
/// unchanged" (`Field::Absent`, which is not serialized). Decoding and
/// re-encoding keeps each of the three as it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field<T> {
    /// Not in the JSON object.
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value for changing in place, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, if there is one, taking it.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// `Value` for `Some`, `Null` for `None`.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }

    /// Whether the property was left out (it is then not serialized either).
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(value),
        }
    }

    /// Maps the value, keeping `Absent` and `Null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(f(value)),
        }
    }
}

/// `Absent`, whatever `T` is (a derive would require `T: Default`).
impl<T> Default for Field<T> {
    fn default() -> Self {
        Field::Absent
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl From<&str> for Field<String> {
    fn from(value: &str) -> Self {
        Field::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Absent | Field::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Field::from_option)
    }
}

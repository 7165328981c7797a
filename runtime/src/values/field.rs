//! [`Field`]: a property that may be absent, `null`, or have a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property of a Graph object: absent from the JSON, present as `null`, or
/// present with a value.
///
/// Graph leaves properties out of responses (for example under `$select`), and
/// a `PATCH` body must tell "set to null" (`Field::Null`) from "leave
/// unchanged" (`Field::Absent`, which is not serialized). Decoding and
/// re-encoding keeps each of the three as it was.
///
/// Reading a field works like reading an `Option`, absent and `null` both
/// being "no value": `is_some`/`is_none`, `unwrap_or`, `unwrap_or_default`,
/// `map_or`, `ok_or`, `as_deref` (an `Option`), `iter`, comparison with a
/// plain value (also through `as_ref`), and `and_then` through nested
/// fields, whose closure may give a `Field` or an `Option`. Where it
/// differs: `as_ref`, `map` and `and_then` keep *which* "no value" it was
/// (`Absent` or `Null`), because a `Field` may be sent back (`value()` or
/// `into_value()` give a plain `Option`); `Debug` shows a value as itself and
/// the others as `Absent` and `Null`. `value_mut` and `iter_mut` change a
/// value in place.
///
/// ```
/// use graph_sync::Field;
///
/// struct Identity { id: Field<String> }
/// let source: Field<Identity> = Field::Value(Identity { id: "u-1".into() });
/// // As with an `Option`: the closure may read an `Option` (`as_deref`) or a `Field`.
/// let id = source.as_ref().and_then(|s| s.id.as_deref()).unwrap_or("-");
/// assert_eq!(id, "u-1");
/// assert!(source.is_some() && Field::<u32>::Null.is_none());
/// assert_eq!(Field::<u32>::Null.unwrap_or(7), 7);
/// assert!(Field::Value(3) == 3 && Field::Value(3).as_ref() == 3);
/// assert_eq!(format!("{:?}", Field::Value("Paused")), r#""Paused""#);
/// // `None` converts to `Absent`: the property is left out, not sent as `null`.
/// assert_eq!(Field::<u32>::from(None), Field::Absent);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// The value, set to `make()` first when there is none (absent or null),
    /// as `Option::get_or_insert_with`.
    pub fn get_or_insert_with(&mut self, make: impl FnOnce() -> T) -> &mut T {
        if !matches!(self, Field::Value(_)) {
            *self = Field::Value(make());
        }
        match self {
            Field::Value(value) => value,
            _ => unreachable!("set above"),
        }
    }

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

    /// Whether there is a value (neither absent nor `null`): `Option::is_some`.
    pub fn has_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// Whether there is a value (neither absent nor `null`), as `Option::is_some`.
    pub fn is_some(&self) -> bool {
        self.has_value()
    }

    /// Whether there is no value (absent or `null`), as `Option::is_none`.
    pub fn is_none(&self) -> bool {
        !self.has_value()
    }

    /// What `f` reads from the value (a nested property), as a `Field`;
    /// absent and `null` stay as they were. `f` may give a `Field`
    /// (`e.state.as_ref()`) or an `Option` (`s.id.as_deref()`, where `None` is
    /// absent): `status.last_execution.as_ref().and_then(|e| e.state.as_ref())`.
    pub fn and_then<U, R: IntoField<U>>(self, f: impl FnOnce(T) -> R) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => f(value).into_field(),
        }
    }

    /// The value, or `default`.
    pub fn unwrap_or(self, default: T) -> T {
        self.into_value().unwrap_or(default)
    }

    /// The value, or what `default` gives.
    pub fn unwrap_or_else(self, default: impl FnOnce() -> T) -> T {
        self.into_value().unwrap_or_else(default)
    }

    /// The value, or `T::default()`.
    pub fn unwrap_or_default(self) -> T
    where
        T: Default,
    {
        self.into_value().unwrap_or_default()
    }

    /// `f` of the value, or `default`.
    pub fn map_or<U>(self, default: U, f: impl FnOnce(T) -> U) -> U {
        self.into_value().map_or(default, f)
    }

    /// `f` of the value, or what `default` gives.
    pub fn map_or_else<U>(self, default: impl FnOnce() -> U, f: impl FnOnce(T) -> U) -> U {
        self.into_value().map_or_else(default, f)
    }

    /// The value, or the error `error`.
    pub fn ok_or<E>(self, error: E) -> Result<T, E> {
        self.into_value().ok_or(error)
    }

    /// The value, or the error `error` gives.
    pub fn ok_or_else<E>(self, error: impl FnOnce() -> E) -> Result<T, E> {
        self.into_value().ok_or_else(error)
    }

    /// The value dereferenced (`&str` for a `Field<String>`), if there is one.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// An iterator over the value (one item or none).
    pub fn iter(&self) -> std::option::IntoIter<&T> {
        self.value().into_iter()
    }

    /// The value, to change in place, as an iterator of zero or one item
    /// (`rules.iter_mut().flatten()` walks a list property that may be absent).
    pub fn iter_mut(&mut self) -> std::option::IntoIter<&mut T> {
        self.value_mut().into_iter()
    }
}

/// A field equals a plain value when it holds that value.
/// What [`Field::and_then`]'s closure may give: a `Field`, or an `Option`
/// (`None` is absent). Sealed: only these two.
pub trait IntoField<U>: sealed::Sealed {
    /// As a `Field`.
    fn into_field(self) -> Field<U>;
}

impl<U> IntoField<U> for Field<U> {
    fn into_field(self) -> Field<U> {
        self
    }
}

impl<U> IntoField<U> for Option<U> {
    fn into_field(self) -> Field<U> {
        self.map_or(Field::Absent, Field::Value)
    }
}

mod sealed {
    pub trait Sealed {}
    impl<U> Sealed for super::Field<U> {}
    impl<U> Sealed for Option<U> {}
}

/// A value as itself (`"Paused"`, not `Value("Paused")`); `Absent`, `Null`.
impl<T: std::fmt::Debug> std::fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Absent => f.write_str("Absent"),
            Field::Null => f.write_str("Null"),
            Field::Value(value) => value.fmt(f),
        }
    }
}

/// `field.as_ref() == value`: a borrowed field against a plain value.
impl<T: PartialEq> PartialEq<T> for Field<&T> {
    fn eq(&self, other: &T) -> bool {
        matches!(self, Field::Value(value) if *value == other)
    }
}

impl<T: PartialEq> PartialEq<T> for Field<T> {
    fn eq(&self, other: &T) -> bool {
        self.value() == Some(other)
    }
}

/// A text field equals a string slice when it holds that text.
impl PartialEq<&str> for Field<String> {
    fn eq(&self, other: &&str) -> bool {
        self.as_deref() == Some(*other)
    }
}

impl PartialEq<str> for Field<String> {
    fn eq(&self, other: &str) -> bool {
        self.as_deref() == Some(other)
    }
}

/// `Some` is a value, `None` is `Absent` (left out of a body, so a `PATCH`
/// leaves the property unchanged; use [`Field::Null`] to send `null`).
impl<T> From<Option<T>> for Field<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Field::Absent, Field::Value)
    }
}

/// The value, if there is one (like `Option`'s `IntoIterator`).
impl<T> IntoIterator for Field<T> {
    type Item = T;
    type IntoIter = std::option::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_value().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Field<T> {
    type Item = &'a T;
    type IntoIter = std::option::IntoIter<&'a T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Field<T> {
    type Item = &'a mut T;
    type IntoIter = std::option::IntoIter<&'a mut T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
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

/// A list from an array: `subject.with_members([a, b])`.
impl<T, const N: usize> From<[T; N]> for Field<Vec<T>> {
    fn from(values: [T; N]) -> Self {
        Field::Value(values.into())
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

#[cfg(test)]
mod tests {
    use crate::values::field::Field;

    #[test]
    fn fields_read_like_options() {
        let name: Field<String> = "job".into();
        let (null, absent) = (Field::<String>::Null, Field::<String>::Absent);
        assert_eq!(name.as_deref(), Some("job"));
        assert_eq!((null.as_deref(), absent.as_deref()), (None, None));
        assert!(name.has_value() && !null.has_value() && !absent.has_value());
        assert_eq!(name.iter().collect::<Vec<_>>(), [&"job".to_owned()]);
        assert_eq!((&null).into_iter().count(), 0);
        let mut list: Field<Vec<u8>> = vec![1].into();
        list.iter_mut().flatten().for_each(|item| *item += 1);
        assert_eq!(list, vec![2]);
        assert_eq!(Field::<Vec<u8>>::Null.iter_mut().count(), 0);
        let (job, empty) = (String::from("job"), String::new());
        assert!(name == job && null != empty && absent != empty);
        assert!(name == "job" && name != "x" && null != "" && absent != "" && *name.as_deref().unwrap() == *"job");
        let list = vec![1u8, 2];
        let borrowed: Field<&Vec<u8>> = Field::Value(&list);
        assert_eq!(borrowed.into_iter().flatten().sum::<u8>(), 3);
        assert_eq!(null.clone().unwrap_or_default(), "");
        assert_eq!(absent.clone().unwrap_or_else(|| "x".into()), "x");
        assert_eq!(name.clone().map_or(0, |n| n.len()), 3);
        assert_eq!(null.clone().map_or_else(|| 9, |n| n.len()), 9);
        assert_eq!(absent.clone().ok_or("missing"), Err("missing"));
        assert_eq!(name.clone().ok_or_else(|| "missing"), Ok("job".to_owned()));
        // Nested reads keep absent and null apart.
        let nested: Field<Field<u8>> = Field::Value(Field::Null);
        assert_eq!(nested.and_then(|inner| inner), Field::Null);
        assert_eq!(Field::<Field<u8>>::Absent.and_then(|inner| inner), Field::Absent);
        assert_eq!(Field::<i32>::from(Some(1)), Field::Value(1));
        assert_eq!(Field::<u8>::from(None), Field::Absent);
        assert_eq!(Field::<Vec<i32>>::from([1, 2]), Field::Value(vec![1, 2]));
    }
}

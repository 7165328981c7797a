//! The serde impls of the generated structs, driven by a table: each struct
//! says only which wire name each field has (`Model`), each type how it
//! takes a JSON value (`Wire`), and the one decoder and one encoder here do
//! the rest, for every struct of every version.
//!
//! Derived impls compile a visitor, a field enum and (for `flatten`) a
//! buffering pass per struct, again per type of list and option, and again
//! per format; here one driver (`Drive`, a serde visitor over
//! `deserialize_any`) is compiled once per format and hands each JSON value
//! to the field it belongs to through a trait object (`Slot`), and one
//! writer is compiled once for all formats (the serializer is erased at the
//! top, with [`erased_serde`]). What a struct costs is its table and two
//! short matches; an enum, its `from_known` and `as_str`.
//!
//! The behaviour is the derive's with `#[serde(default)]`, a
//! `skip_serializing_if = "Field::is_absent"` on every field and a flattened
//! map of the rest: a missing property stays absent, `null` stays `null`, a
//! property the table does not name (or an instance annotation) lands in
//! `additional_properties` and is written back after the known ones. A
//! property given twice keeps its last value, as in a `serde_json::Value`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::values::enums::{Flags, OpenEnum};
use crate::values::field::Field;
use crate::values::primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, Single, TimeOfDay,
};

/// A generated struct as the table-driven encoder and decoder see it. The
/// generator implements it; the struct's `Serialize` and `Deserialize` call
/// [`serialize_model`] and [`deserialize_model`].
pub trait Model {
    /// The wire name of each property; a property's index is its field's.
    fn properties(&self) -> &'static [&'static str];
    /// The field of the property at `index` in [`properties`](Self::properties).
    fn property(&self, index: usize) -> Option<&dyn Slot>;
    /// The same field, to decode into.
    fn property_mut(&mut self, index: usize) -> Option<&mut dyn Slot>;
    /// What the table does not name, kept as received.
    fn additional_properties(&self) -> &BTreeMap<String, serde_json::Value>;
    /// The same map, to decode into.
    fn additional_properties_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value>;
}

/// A JSON value that is neither an object nor an array, as the driver hands it on.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'a str),
}

impl Scalar<'_> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Scalar::Bool(value) => Unexpected::Bool(*value),
            Scalar::U64(value) => Unexpected::Unsigned(*value),
            Scalar::I64(value) => Unexpected::Signed(*value),
            Scalar::F64(value) => Unexpected::Float(*value),
            Scalar::Str(value) => Unexpected::Str(value),
        }
    }
}

/// Why a value was not taken.
#[derive(Debug)]
pub enum Refusal {
    /// A value of another JSON type ("invalid type").
    Type,
    /// A value of the right type out of the type's range ("invalid value").
    Value,
    /// The type's own decoder said why.
    Message(String),
}

/// The items of an array being decoded, for the driver.
pub trait Elements {
    /// The slot the next item decodes into.
    fn next(&mut self) -> &mut dyn Slot;
    /// Keeps the item just decoded (`null` is refused: a list holds values).
    fn keep(&mut self) -> Result<(), Refusal>;
}

/// One field of a [`Model`], or an item of a list being decoded: a
/// [`Field`] of a [`Wire`] type, as a trait object.
pub trait Slot {
    /// The value to write, or `None` when the property is left out (absent).
    fn encode(&self) -> Option<Encoded<'_>>;
    /// What the slot takes, for errors ("a string").
    fn expecting(&self) -> &'static str;
    /// Takes `null`.
    fn null(&mut self);
    /// Takes a scalar.
    fn scalar(&mut self, value: Scalar<'_>) -> Result<(), Refusal>;
    /// Takes an object: the struct to decode its properties into.
    fn object(&mut self) -> Option<&mut dyn Model>;
    /// Takes an array: where its items go.
    fn array(&mut self) -> Option<Box<dyn Elements + '_>>;
    /// Whether the slot takes its value whole, as a `serde_json::Value`.
    fn whole(&self) -> bool;
    /// Takes a whole value.
    fn take_whole(&mut self, value: serde_json::Value) -> Result<(), Refusal>;
}

impl<T: Wire> Slot for Field<T> {
    fn encode(&self) -> Option<Encoded<'_>> {
        match self {
            Field::Absent => None,
            Field::Null => Some(Encoded::Null),
            Field::Value(value) => Some(value.encode()),
        }
    }

    fn expecting(&self) -> &'static str {
        T::EXPECTING
    }

    fn null(&mut self) {
        *self = Field::Null;
    }

    fn scalar(&mut self, value: Scalar<'_>) -> Result<(), Refusal> {
        T::scalar(self, value)
    }

    fn object(&mut self) -> Option<&mut dyn Model> {
        T::object(self)
    }

    fn array(&mut self) -> Option<Box<dyn Elements + '_>> {
        T::array(self)
    }

    fn whole(&self) -> bool {
        T::WHOLE
    }

    fn take_whole(&mut self, value: serde_json::Value) -> Result<(), Refusal> {
        T::take_whole(self, value)
    }
}

/// A type as the engine reads and writes it, without a visitor or
/// serializer of its own: what JSON values it takes, into a field, and how
/// it is written. The generator implements it for every struct
/// ([`decode_model`], [`Encoded::Model`]), enum ([`decode_enum`],
/// [`Encoded::Str`]) and polymorphic enum ([`decode_whole`],
/// [`Encoded::Serde`]); this module, for the rest. Each method a type does
/// not take refuses.
pub trait Wire: Sized {
    /// What the type takes, for errors ("a string", "a `SynchronizationJob` object").
    const EXPECTING: &'static str;
    /// Whether the type takes its value whole, as a `serde_json::Value` ([`Wire::take_whole`]).
    const WHOLE: bool = false;

    /// Takes a scalar into `out`.
    fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
        let _ = (out, value);
        Err(Refusal::Type)
    }

    /// Takes an object into `out`: the struct to decode its properties into.
    fn object(out: &mut Field<Self>) -> Option<&mut dyn Model> {
        let _ = out;
        None
    }

    /// Takes an array into `out`: where its items go.
    fn array(out: &mut Field<Self>) -> Option<Box<dyn Elements + '_>> {
        let _ = out;
        None
    }

    /// Takes a whole value into `out` (when [`Wire::WHOLE`]).
    fn take_whole(out: &mut Field<Self>, value: serde_json::Value) -> Result<(), Refusal> {
        let _ = (out, value);
        Err(Refusal::Type)
    }

    /// What `null` is as an item of a list (`None`: refused, a list of this
    /// type holds values only).
    fn null_item() -> Option<Self> {
        None
    }

    /// The value as the one encoder writes it.
    fn encode(&self) -> Encoded<'_>;
}

/// A value as the one encoder writes it.
pub enum Encoded<'a> {
    /// `null`.
    Null,
    /// A string (an enum member's wire name).
    Str(&'a str),
    /// A string made for the occasion (a flags set).
    String(String),
    /// A JSON object with the struct's properties.
    Model(&'a dyn Model),
    /// A JSON array.
    List(&'a dyn List),
    /// Anything else, through its own `Serialize` impl (a number, a date).
    Serde(&'a dyn erased_serde::Serialize),
}

/// A list of values the encoder writes as an array.
pub trait List {
    /// How many items the list has.
    fn count(&self) -> usize;
    /// The item at `index` (`None` past the end).
    fn item(&self, index: usize) -> Option<Encoded<'_>>;
}

impl<T: Wire> List for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> Option<Encoded<'_>> {
        self.get(index).map(Wire::encode)
    }
}

/// [`Wire::object`] of a struct: a default value in `out`, to decode the
/// object's properties into.
pub fn decode_model<T: Model + Default>(out: &mut Field<T>) -> Option<&mut dyn Model> {
    put(out, T::default()).map(|model| model as &mut dyn Model)
}

/// Puts `value` in `out`, and gives it back to decode into.
fn put<T>(out: &mut Field<T>, value: T) -> Option<&mut T> {
    *out = Field::Value(value);
    out.value_mut()
}

/// [`Wire::scalar`] of an open enum: a string, never refused for an unknown member.
pub fn decode_enum<T: OpenEnum>(out: &mut Field<T>, value: Scalar<'_>) -> Result<(), Refusal> {
    *out = Field::Value(match value {
        Scalar::Str(wire) => T::from_wire(wire),
        _ => return Err(Refusal::Type),
    });
    Ok(())
}

/// [`Wire::take_whole`] of a type decoded by its own `Deserialize` impl from
/// a `serde_json::Value` (a polymorphic enum, which looks at `@odata.type`
/// before it picks the type to decode).
pub fn decode_whole<T: DeserializeOwned>(out: &mut Field<T>, value: serde_json::Value) -> Result<(), Refusal> {
    *out = Field::Value(serde_json::from_value(value).map_err(|error| Refusal::Message(error.to_string()))?);
    Ok(())
}

/// [`Wire::scalar`] through the type's own `Deserialize` impl, handed the
/// scalar alone: for the primitives with rules of their own (`Edm.Int64` as
/// a number or a string, dates, GUIDs).
fn decode_scalar<T: DeserializeOwned>(out: &mut Field<T>, value: Scalar<'_>) -> Result<(), Refusal> {
    let decoded = match value {
        Scalar::Bool(value) => T::deserialize(value.into_deserializer()),
        Scalar::U64(value) => T::deserialize(value.into_deserializer()),
        Scalar::I64(value) => T::deserialize(value.into_deserializer()),
        Scalar::F64(value) => T::deserialize(value.into_deserializer()),
        Scalar::Str(value) => T::deserialize(value.into_deserializer()),
    };
    let decoded: Result<T, de::value::Error> = decoded;
    *out = Field::Value(decoded.map_err(|error| Refusal::Message(error.to_string()))?);
    Ok(())
}

/// `Wire` for the primitives with serde impls of their own.
macro_rules! wire_by_serde {
    ($($ty:ty => $expecting:literal),* $(,)?) => {
        $(impl Wire for $ty {
            const EXPECTING: &'static str = $expecting;

            fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
                decode_scalar(out, value)
            }

            fn encode(&self) -> Encoded<'_> {
                Encoded::Serde(self)
            }
        })*
    };
}

wire_by_serde!(
    Int64 => "an Edm.Int64 as a number or a string",
    Single => "an Edm.Single",
    Double => "an Edm.Double",
    Decimal => "an Edm.Decimal",
    Guid => "an Edm.Guid",
    DateTimeOffset => "an Edm.DateTimeOffset",
    Date => "an Edm.Date",
    TimeOfDay => "an Edm.TimeOfDay",
    Duration => "an Edm.Duration",
    Binary => "an Edm.Binary",
);

/// `Wire` for the integer types: a JSON integer in the type's range.
macro_rules! wire_integer {
    ($($ty:ty => $expecting:literal),* $(,)?) => {
        $(impl Wire for $ty {
            const EXPECTING: &'static str = $expecting;

            fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
                let value = match value {
                    Scalar::U64(value) => <$ty>::try_from(value).map_err(|_| Refusal::Value)?,
                    Scalar::I64(value) => <$ty>::try_from(value).map_err(|_| Refusal::Value)?,
                    _ => return Err(Refusal::Type),
                };
                *out = Field::Value(value);
                Ok(())
            }

            fn encode(&self) -> Encoded<'_> {
                Encoded::Serde(self)
            }
        })*
    };
}

wire_integer!(u8 => "u8", i8 => "i8", i16 => "i16", i32 => "i32");

impl Wire for bool {
    const EXPECTING: &'static str = "a boolean";

    fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
        let Scalar::Bool(value) = value else { return Err(Refusal::Type) };
        *out = Field::Value(value);
        Ok(())
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::Serde(self)
    }
}

impl Wire for String {
    const EXPECTING: &'static str = "a string";

    fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
        let Scalar::Str(text) = value else { return Err(Refusal::Type) };
        *out = Field::Value(text.to_owned());
        Ok(())
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::Str(self)
    }
}

impl Wire for serde_json::Value {
    const EXPECTING: &'static str = "any JSON value";
    const WHOLE: bool = true;

    fn take_whole(out: &mut Field<Self>, value: serde_json::Value) -> Result<(), Refusal> {
        *out = if value.is_null() { Field::Null } else { Field::Value(value) };
        Ok(())
    }

    fn null_item() -> Option<Self> {
        Some(serde_json::Value::Null)
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::Serde(self)
    }
}

impl<T: Wire> Wire for Vec<T> {
    const EXPECTING: &'static str = "an array";

    fn array(out: &mut Field<Self>) -> Option<Box<dyn Elements + '_>> {
        let items = put(out, Vec::new())?;
        Some(Box::new(Items { items, next: Field::Absent }))
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::List(self)
    }
}

/// The items of a list being decoded, and the slot of the next one.
struct Items<'a, T> {
    items: &'a mut Vec<T>,
    next: Field<T>,
}

impl<T: Wire> Elements for Items<'_, T> {
    fn next(&mut self) -> &mut dyn Slot {
        &mut self.next
    }

    fn keep(&mut self) -> Result<(), Refusal> {
        match std::mem::take(&mut self.next) {
            Field::Value(item) => self.items.push(item),
            Field::Null => self.items.push(T::null_item().ok_or(Refusal::Type)?),
            Field::Absent => {}
        }
        Ok(())
    }
}

/// A boxed struct (what breaks a cycle of directly nested structs).
impl<T: Wire + Model + Default> Wire for Box<T> {
    const EXPECTING: &'static str = T::EXPECTING;

    fn object(out: &mut Field<Self>) -> Option<&mut dyn Model> {
        put(out, Box::<T>::default()).map(|model| &mut **model as &mut dyn Model)
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::Model(&**self)
    }
}

impl<T: OpenEnum + PartialEq> Wire for Flags<T> {
    const EXPECTING: &'static str = "comma-separated flags enum members";

    fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
        let Scalar::Str(wire) = value else { return Err(Refusal::Type) };
        *out = Field::Value(Flags::from_wire(wire));
        Ok(())
    }

    fn encode(&self) -> Encoded<'_> {
        Encoded::String(self.to_wire())
    }
}

/// Deserializes a value of a [`Wire`] type through the driver (`null` refused).
fn deserialize_wire<'de, T: Wire, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut out = Field::<T>::Absent;
    Drive(&mut out).deserialize(deserializer)?;
    match out {
        Field::Value(value) => Ok(value),
        _ => Err(de::Error::invalid_type(Unexpected::Unit, &Expecting(T::EXPECTING))),
    }
}

/// Decodes a struct from a JSON object (or any map): each property the table
/// names into its field, the rest into `additional_properties`.
pub fn deserialize_model<'de, T: Wire + Model, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserialize_wire(deserializer)
}

/// Deserializes an open enum from a string, never failing on an unknown value.
pub fn deserialize_enum<'de, T: Wire + OpenEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserialize_wire(deserializer)
}

impl<'de, T: OpenEnum + PartialEq> Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wire(deserializer)
    }
}

/// Encodes a model as a JSON object: each property that is not absent, in
/// the order of the fields, then `additional_properties`. The serializer is
/// erased here, once, so that everything below is compiled once for every
/// format (and nesting cannot make new serializer types).
pub fn serialize_model<S: Serializer>(model: &dyn Model, serializer: S) -> Result<S::Ok, S::Error> {
    erased_serde::serialize(&Encoded::Model(model), serializer)
}

impl Serialize for Encoded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Encoded::Null => serializer.serialize_none(),
            Encoded::Str(text) => serializer.serialize_str(text),
            Encoded::String(text) => serializer.serialize_str(text),
            Encoded::Model(model) => write_model(*model, serializer),
            Encoded::List(list) => {
                let mut items = serializer.serialize_seq(Some(list.count()))?;
                for item in (0..list.count()).map_while(|index| list.item(index)) {
                    items.serialize_element(&item)?;
                }
                items.end()
            }
            Encoded::Serde(value) => erased_serde::serialize(*value, serializer),
        }
    }
}

fn write_model<S: Serializer>(model: &dyn Model, serializer: S) -> Result<S::Ok, S::Error> {
    let names = model.properties();
    let present = (0..names.len()).filter(|&index| model.property(index).and_then(Slot::encode).is_some()).count();
    let mut map = serializer.serialize_map(Some(present + model.additional_properties().len()))?;
    for (index, name) in names.iter().enumerate() {
        if let Some(value) = model.property(index).and_then(Slot::encode) {
            map.serialize_entry(name, &value)?;
        }
    }
    for (name, value) in model.additional_properties() {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// What a slot takes, as serde's errors say it.
struct Expecting(&'static str);

impl de::Expected for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The one decoder: hands the JSON value it is given to a slot. Generic over
/// the format only (compiled once per format, never per type).
struct Drive<'a>(&'a mut dyn Slot);

impl Drive<'_> {
    fn refused<E: de::Error>(&self, refusal: Refusal, value: Unexpected<'_>) -> E {
        let expecting = Expecting(self.0.expecting());
        match refusal {
            Refusal::Type => E::invalid_type(value, &expecting),
            Refusal::Value => E::invalid_value(value, &expecting),
            Refusal::Message(message) => E::custom(message),
        }
    }

    fn scalar<E: de::Error>(self, value: Scalar<'_>) -> Result<(), E> {
        self.0.scalar(value).map_err(|refusal| self.refused(refusal, value.unexpected()))
    }
}

impl<'de> DeserializeSeed<'de> for Drive<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.0.whole() {
            let value = serde_json::Value::deserialize(deserializer)?;
            return self.0.take_whole(value).map_err(|refusal| self.refused(refusal, Unexpected::Other("this value")));
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Drive<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expecting())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.null();
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.scalar(Scalar::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.scalar(Scalar::I64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.scalar(Scalar::U64(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.scalar(Scalar::F64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.scalar(Scalar::Str(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let expecting = Expecting(self.0.expecting());
        let Some(mut items) = self.0.array() else {
            return Err(de::Error::invalid_type(Unexpected::Seq, &expecting));
        };
        while seq.next_element_seed(Drive(items.next()))?.is_some() {
            if items.keep().is_err() {
                return Err(de::Error::invalid_type(Unexpected::Unit, &Expecting(items.next().expecting())));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let expecting = Expecting(self.0.expecting());
        let Some(model) = self.0.object() else {
            return Err(de::Error::invalid_type(Unexpected::Map, &expecting));
        };
        let names = model.properties();
        let mut key = Key::default();
        let mut declared = false;
        while map.next_key_seed(KeySeed { names, key: &mut key })?.is_some() {
            match key.known.and_then(|index| model.property_mut(index)) {
                Some(slot) => {
                    declared = true;
                    map.next_value_seed(Drive(slot))?
                }
                None => {
                    let value = map.next_value()?;
                    model.additional_properties_mut().insert(std::mem::take(&mut key.unknown), value);
                }
            }
        }
        // A collection where one object was expected (`{"value": [...]}` for
        // an entity read): no property of the type, only `value` and control
        // information. Kept "losslessly", it would read as an empty object.
        let unknown = model.additional_properties_mut();
        let collection = !declared
            && unknown.get("value").is_some_and(serde_json::Value::is_array)
            && unknown.keys().all(|name| name == "value" || name.starts_with('@'));
        if collection {
            let items = unknown.get("value").and_then(serde_json::Value::as_array).map_or(0, Vec::len);
            return Err(de::Error::custom(format_args!(
                "expected {}, found a collection (`{{\"value\": [...]}}` with {items} items)",
                expecting.0
            )));
        }
        Ok(())
    }
}

/// The key just read: the index of a property the table names, or the name
/// of one it does not. Written in place, so that a known key allocates nothing.
#[derive(Default)]
struct Key {
    known: Option<usize>,
    unknown: String,
}

struct KeySeed<'a> {
    names: &'static [&'static str],
    key: &'a mut Key,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<(), E> {
        self.key.known = self.names.iter().position(|known| *known == name);
        if self.key.known.is_none() {
            name.clone_into(&mut self.key.unknown);
        }
        Ok(())
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<(), E> {
        self.key.known = self.names.iter().position(|known| *known == name);
        if self.key.known.is_none() {
            self.key.unknown = name;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum State {
        Active,
        Other(String),
    }

    impl OpenEnum for State {
        fn from_known(wire: &str) -> Option<Self> {
            (wire == "active").then_some(State::Active)
        }
        fn unrecognized(wire: String) -> Self {
            State::Other(wire)
        }
        fn as_str(&self) -> &str {
            match self {
                State::Active => "active",
                State::Other(wire) => wire,
            }
        }
    }

    impl Wire for State {
        const EXPECTING: &'static str = "a `State` member name";
        fn scalar(out: &mut Field<Self>, value: Scalar<'_>) -> Result<(), Refusal> {
            decode_enum(out, value)
        }
        fn encode(&self) -> Encoded<'_> {
            Encoded::Str(self.as_str())
        }
    }

    /// What the generator writes for a struct, by hand.
    #[derive(Debug, Clone, PartialEq, Default)]
    struct Job {
        display_name: Field<String>,
        state: Field<State>,
        scope: Field<Flags<State>>,
        counts: Field<Vec<i32>>,
        steps: Field<Vec<Job>>,
        parent: Field<Box<Job>>,
        additional_properties: BTreeMap<String, serde_json::Value>,
    }

    impl Model for Job {
        fn properties(&self) -> &'static [&'static str] {
            &["displayName", "state", "scope", "counts", "steps", "parent"]
        }
        fn property(&self, index: usize) -> Option<&dyn Slot> {
            let slot: &dyn Slot = match index {
                0 => &self.display_name,
                1 => &self.state,
                2 => &self.scope,
                3 => &self.counts,
                4 => &self.steps,
                5 => &self.parent,
                _ => return None,
            };
            Some(slot)
        }
        fn property_mut(&mut self, index: usize) -> Option<&mut dyn Slot> {
            let slot: &mut dyn Slot = match index {
                0 => &mut self.display_name,
                1 => &mut self.state,
                2 => &mut self.scope,
                3 => &mut self.counts,
                4 => &mut self.steps,
                5 => &mut self.parent,
                _ => return None,
            };
            Some(slot)
        }
        fn additional_properties(&self) -> &BTreeMap<String, serde_json::Value> {
            &self.additional_properties
        }
        fn additional_properties_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
            &mut self.additional_properties
        }
    }

    impl Serialize for Job {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_model(self, serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Job {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_model(deserializer)
        }
    }

    impl Wire for Job {
        const EXPECTING: &'static str = "a `Job` object";
        fn object(out: &mut Field<Self>) -> Option<&mut dyn Model> {
            decode_model(out)
        }
        fn encode(&self) -> Encoded<'_> {
            Encoded::Model(self)
        }
    }

    const BODY: &str = r#"{"displayName":"job","state":"paused","scope":"active, gone","counts":[1,2],"steps":[{"state":"active","@odata.etag":"W/1"}],"parent":null,"extra":{"a":[true]}}"#;

    #[test]
    fn a_body_decodes_into_fields_and_writes_back_byte_for_byte() {
        let job: Job = serde_json::from_str(BODY).unwrap();
        assert_eq!(job.display_name, "job");
        assert_eq!(job.state, Field::Value(State::Other("paused".into())), "an unknown member is kept");
        assert_eq!(job.scope.as_ref().map(Flags::to_wire), Field::Value("active, gone".to_owned()));
        assert_eq!(job.counts, vec![1, 2]);
        let step = &job.steps.as_deref().unwrap_or_default()[0];
        assert_eq!(step.state, Field::Value(State::Active));
        assert_eq!(step.display_name, Field::Absent, "a property left out stays absent");
        assert_eq!(step.additional_properties["@odata.etag"], "W/1");
        assert_eq!(job.parent, Field::Null, "null stays null");
        assert_eq!(job.additional_properties["extra"], serde_json::json!({"a": [true]}));
        assert_eq!(serde_json::to_string(&job).unwrap(), BODY);
        // The same through serde_json's other deserializers and serializers.
        let value: serde_json::Value = serde_json::from_str(BODY).unwrap();
        assert_eq!(serde_json::from_value::<Job>(value.clone()).unwrap(), job);
        assert_eq!(serde_json::to_value(&job).unwrap(), value);
        assert_eq!(serde_json::from_reader::<_, Job>(BODY.as_bytes()).unwrap(), job);
    }

    #[test]
    fn a_repeated_property_keeps_its_last_value_as_a_json_object_does() {
        let job: Job = serde_json::from_str(r#"{"displayName":"a","x":1,"displayName":"b","x":2}"#).unwrap();
        assert_eq!((job.display_name, job.additional_properties["x"].clone()), (Field::Value("b".into()), 2.into()));
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused_where_it_is() {
        for (body, line, column, says) in [
            ("{\"displayName\": 5}", 1, 17, "invalid type: integer `5`, expected a string"),
            ("{\"counts\": [1, null]}", 1, 20, "invalid type: null, expected i32"),
            ("{\"counts\": [1, 3000000000]}", 1, 25, "invalid value: integer `3000000000`, expected i32"),
            ("{\n  \"steps\": [{\"counts\": [1, \"2\"]}]\n}", 2, 30, "invalid type: string \"2\""),
            ("{\"steps\": {}}", 1, 12, "invalid type: map, expected an array"),
            ("{\"parent\": [1]}", 1, 12, "invalid type: sequence, expected a `Job` object"),
            ("{\"state\": true}", 1, 14, "invalid type: boolean `true`, expected a `State` member name"),
        ] {
            let error = serde_json::from_str::<Job>(body).unwrap_err();
            assert!(error.to_string().contains(says), "{body}: {error}");
            assert_eq!((error.line(), error.column()), (line, column), "{body}: {error}");
        }
    }

    #[test]
    fn a_list_of_any_json_keeps_its_nulls_and_a_null_property_stays_null() {
        let mut list = Field::<Vec<serde_json::Value>>::Absent;
        Drive(&mut list).deserialize(&mut serde_json::Deserializer::from_str("[1, null, {\"a\": null}]")).unwrap();
        assert_eq!(list, vec![1.into(), serde_json::Value::Null, serde_json::json!({"a": null})]);
        let mut any = Field::<serde_json::Value>::Absent;
        Drive(&mut any).deserialize(&mut serde_json::Deserializer::from_str("null")).unwrap();
        assert_eq!(any, Field::Null);
        let mut strings = Field::<Vec<String>>::Absent;
        let error = Drive(&mut strings).deserialize(&mut serde_json::Deserializer::from_str("[\"a\", null]"));
        assert!(error.unwrap_err().to_string().contains("invalid type: null, expected a string"));
    }

    #[test]
    fn an_empty_list_and_a_default_struct_write_what_they_hold() {
        let job = Job { counts: Field::Value(Vec::new()), ..Job::default() };
        assert_eq!(serde_json::to_string(&job).unwrap(), r#"{"counts":[]}"#);
        assert_eq!(serde_json::to_string(&Job::default()).unwrap(), "{}");
    }
}

//! Decoding a value whose type is a base type or any type derived from it:
//! the generated `Any*` enums pick their variant by `@odata.type`.

use serde::de::{self, DeserializeOwned};
use serde::Deserializer;

/// Decodes a JSON object and hands its `@odata.type` (without the `#`) and
/// the object to `pick`, which decodes it as the matching variant. The
/// plumbing of the generated `Deserialize` impls of polymorphic enums.
pub fn decode_polymorphic<'de, D, T>(
    deserializer: D,
    pick: impl FnOnce(Option<&str>, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let object: serde_json::Map<String, serde_json::Value> = de::Deserialize::deserialize(deserializer)?;
    let odata_type = object
        .get("@odata.type")
        .and_then(serde_json::Value::as_str)
        .map(|name| name.trim_start_matches('#').to_owned());
    pick(odata_type.as_deref(), serde_json::Value::Object(object)).map_err(de::Error::custom)
}

/// A value of a derived type as its base type `B`, through its JSON: the
/// derived type's own properties land in `B`'s `additional_properties`. The
/// plumbing of the generated `into_base` of polymorphic enums. (The JSON of
/// a derived type always decodes as its base, whose properties it has; a
/// value that could not would give `B::default()`.)
pub fn into_base<B: DeserializeOwned + Default>(value: &impl serde::Serialize) -> B {
    serde_json::to_value(value).and_then(serde_json::from_value).unwrap_or_default()
}

/// Decodes `value` as `V` into a variant of a polymorphic enum (`Self::User`).
pub fn decode_variant<V: DeserializeOwned, T>(
    value: serde_json::Value,
    variant: fn(Box<V>) -> T,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(value).map(|decoded| variant(Box::new(decoded)))
}

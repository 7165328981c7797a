//! An open type's dynamic properties are read from its map.
#![deny(warnings)]

use graph_sync::beta::models::StringKeyObjectValuePair;

fn main() {
    let pair: StringKeyObjectValuePair = serde_json::from_str(r#"{"key":"k","extra":{"deep":1}}"#).unwrap();
    let extra: &serde_json::Value = &pair.additional_properties["extra"];
    assert_eq!(extra["deep"], 1);
    assert_eq!(pair.key.value().map(String::as_str), Some("k"));
}

//! A [`Page`] of a collection: its items with OData's control information.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A collection answer (one page of a listing, or a function's collection
/// result): the items and OData's control information, all kept, so that
/// re-encoding a page gives back what the service sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    pub value: Vec<T>,
    /// `@odata.context`: the metadata URL describing the items.
    #[serde(rename = "@odata.context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// `@odata.count`: the total count, when `$count=true` was asked.
    #[serde(rename = "@odata.count", default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// `@odata.nextLink`: the URL of the next page, if there is one.
    #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL that gives the changes since this listing.
    #[serde(rename = "@odata.deltaLink", default, skip_serializing_if = "Option::is_none")]
    pub delta_link: Option<String>,
    /// Other instance annotations (`@odata.type`, `@microsoft.graph.tips`,
    /// ...) and properties, as sent.
    #[serde(flatten)]
    pub annotations: BTreeMap<String, serde_json::Value>,
}

impl<T> Page<T> {
    /// The items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.value.iter()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.iter()
    }
}

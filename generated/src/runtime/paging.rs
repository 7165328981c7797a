//! Collections: a [`Page`] of items with its control information, and the
//! [`ListRequest`] that asks for one with OData query options. Following
//! `@odata.nextLink` to the end is `listing.rs`'s (the `client` feature).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::request::{Json, Request};

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

/// A `GET` of a collection, with query options; every page is fetched for
/// you by [`all`](Self::all), [`items`](Self::items) (a `Stream`) and
/// [`pages`](Self::pages), or just the first by [`send`](Self::send).
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new("token"));
/// let jobs = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs();
/// // Every job, as a stream that fetches pages as it goes.
/// let ids: Vec<String> = jobs
///     .list()
///     .select(&["id"])
///     .items()
///     .try_filter_map(|job| async move { Ok(job.id.into_value()) })
///     .try_collect()
///     .await?;
/// // One page and its control information.
/// let first = jobs.list().top(10).count().send().await?;
/// println!("{ids:?}; {} of {:?}, next page: {:?}", first.value.len(), first.count, first.next_link);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ListRequest<T> {
    pub(crate) request: Request<Json<Page<T>>>,
}

impl<T: DeserializeOwned> ListRequest<T> {
    pub fn new(client: Client, path: impl Into<String>) -> Self {
        Self { request: Request::new(client, http::Method::GET, path) }
    }

    pub(crate) fn from_request(request: Request<Json<Page<T>>>) -> Self {
        Self { request }
    }

    /// `$select`: the properties to return.
    pub fn select(self, properties: &[&str]) -> Self {
        self.option("$select", properties.join(","))
    }

    /// `$expand`: navigation properties to include.
    pub fn expand(self, properties: &[&str]) -> Self {
        self.option("$expand", properties.join(","))
    }

    /// `$filter`: an OData filter expression.
    pub fn filter(self, expression: &str) -> Self {
        self.option("$filter", expression)
    }

    /// `$orderby`.
    pub fn order_by(self, expression: &str) -> Self {
        self.option("$orderby", expression)
    }

    /// `$top`: the page size to ask for.
    pub fn top(self, count: u32) -> Self {
        self.option("$top", count.to_string())
    }

    /// `$count=true`: ask for the total count.
    pub fn count(self) -> Self {
        self.option("$count", "true")
    }

    fn option(self, name: &str, value: impl Into<String>) -> Self {
        Self { request: self.request.query(name, value) }
    }

    /// Adds a request header sent with every page (`ConsistencyLevel:
    /// eventual` for `$count` and `$search`, `Prefer`).
    pub fn header(self, name: &str, value: &str) -> Self {
        Self { request: self.request.header(name, value) }
    }

    /// The first page as a request, to build or send yourself.
    pub fn first_page(&self) -> &Request<Json<Page<T>>> {
        &self.request
    }
}

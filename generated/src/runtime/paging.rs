//! Listing collections: OData query options and paging that follows
//! `@odata.nextLink` to the end.

use std::collections::{HashSet, VecDeque};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::client::Client;
use super::error::{bounded, Error};
use super::request::{decode_response, Json, Request};

/// One page of a collection.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    pub value: Vec<T>,
    /// The URL of the next page, if there is one.
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
    /// The total count, when `$count=true` was asked.
    #[serde(rename = "@odata.count", default)]
    pub count: Option<i64>,
}

/// A `GET` of a collection, with query options.
#[derive(Debug)]
pub struct ListRequest<T> {
    request: Request<Json<Page<T>>>,
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

    /// The first page as a request, to build or send yourself.
    pub fn first_page(&self) -> &Request<Json<Page<T>>> {
        &self.request
    }

    /// Sends the request for the first page only.
    pub async fn send(self) -> Result<Page<T>, Error> {
        self.request.send().await
    }

    /// Pages one at a time, following `@odata.nextLink`.
    pub fn pages(self) -> Pager<T> {
        Pager {
            client: self.request.client().clone(),
            first: Some(self.request),
            next: None,
            done: false,
            followed: HashSet::new(),
            pages: 0,
        }
    }

    /// Every item of every page.
    pub async fn all(self) -> Result<Vec<T>, Error> {
        let mut pager = self.pages();
        let mut items = Vec::new();
        while let Some(page) = pager.next_page().await {
            items.extend(page?.value);
        }
        Ok(items)
    }

    /// Items one at a time, fetching pages as needed.
    pub fn items(self) -> Items<T> {
        Items { pager: self.pages(), buffered: VecDeque::new() }
    }
}

/// Pages of a collection, fetched on demand. A listing ends with an error
/// rather than going on forever: at a `@odata.nextLink` already followed (a
/// page that points to itself, or a cycle), and after the client's
/// `max_pages` pages.
#[derive(Debug)]
pub struct Pager<T> {
    client: Client,
    first: Option<Request<Json<Page<T>>>>,
    next: Option<String>,
    done: bool,
    /// The next links followed so far.
    followed: HashSet<String>,
    /// Pages fetched so far.
    pages: usize,
}

impl<T: DeserializeOwned> Pager<T> {
    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        if self.done {
            return None;
        }
        let request = match (self.first.take(), self.next.take()) {
            (Some(first), _) => first,
            (None, Some(url)) => {
                if let Err(error) = self.check_next_link(&url) {
                    self.done = true;
                    return Some(Err(error));
                }
                self.followed.insert(url.clone());
                Request::for_url(self.client.clone(), url)
            }
            (None, None) => {
                self.done = true;
                return None;
            }
        };
        self.pages += 1;
        let result = match request.to_http() {
            Ok(http) => match self.client.execute(http).await {
                Ok(response) => decode_response::<Json<Page<T>>>(response),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        match &result {
            Ok(page) => {
                self.next = page.next_link.clone();
                self.done = self.next.is_none();
            }
            Err(_) => self.done = true,
        }
        Some(result)
    }

    /// A next link must be new, within the page limit, and stay on the
    /// client's origin (the bearer token goes with it).
    fn check_next_link(&self, url: &str) -> Result<(), Error> {
        if self.followed.contains(url) {
            return Err(Error::Paging(bounded(format!(
                "@odata.nextLink {url:?} was followed before: the pages form a cycle"
            ))));
        }
        let limit = self.client.max_pages();
        if self.pages >= limit {
            return Err(Error::Paging(format!("more than {limit} pages (the client's max_pages)")));
        }
        let origin = |url: &str| -> Option<String> {
            let uri: http::Uri = url.parse().ok()?;
            Some(format!("{}://{}", uri.scheme_str()?, uri.authority()?))
        };
        match (origin(url), origin(self.client.base_url())) {
            (Some(next), Some(base)) if next.eq_ignore_ascii_case(&base) => Ok(()),
            _ => Err(Error::Paging(bounded(format!(
                "refusing to follow @odata.nextLink {url:?}: it leaves {} (the token would go with it)",
                self.client.base_url()
            )))),
        }
    }
}

/// Items of a collection, one at a time.
#[derive(Debug)]
pub struct Items<T> {
    pager: Pager<T>,
    buffered: VecDeque<T>,
}

impl<T: DeserializeOwned> Items<T> {
    /// The next item, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Some(Ok(item));
            }
            match self.pager.next_page().await? {
                Ok(page) => self.buffered.extend(page.value),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

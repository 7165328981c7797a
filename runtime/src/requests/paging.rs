//! Collections: the [`ListRequest`] that asks for a [`Page`] with OData
//! query options. Following
//! `@odata.nextLink` to the end is `listing.rs`'s (the `client` feature).

use serde::de::DeserializeOwned;

use crate::requests::handle::Handle;
use crate::requests::page::Page;
use crate::requests::query::Filter;
use crate::requests::request::{Json, Request};
use crate::requests::typed::Where;

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
    pub fn new(client: Handle, path: impl Into<String>) -> Self {
        Self { request: Request::new(client, http::Method::GET, path) }
    }

    pub(crate) fn from_request(request: Request<Json<Page<T>>>) -> Self {
        Self { request }
    }

    /// A listing at a URL the service handed out (a bulk upload's
    /// `Location`, an `@odata.nextLink`, a link in a body), its items
    /// decoded as `T`, paged on from there. The URL is sent as the service
    /// wrote it: its query (a `$filter`, a `$skiptoken`) is never decoded and
    /// encoded again (the HTTP layer's WHATWG URL parser writes a `'` in a
    /// query as `%27`, which the service reads as the same character). A URL that leaves the client's origin or names another
    /// API version than the client's is refused unsent
    /// ([`check_service_url`](crate::check_service_url)).
    ///
    /// ```
    /// use graph_sync::runtime::ListRequest;
    /// use graph_sync::v1::models::ProvisioningObjectSummary;
    /// use graph_sync::{Client, StaticToken};
    ///
    /// let v1 = Client::new(StaticToken::new("token")).v1();
    /// let url = "https://graph.microsoft.com/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'API2AAD.1'";
    /// let logs = ListRequest::<ProvisioningObjectSummary>::from_url(v1.client(), url);
    /// assert_eq!(logs.first_page().to_http().unwrap().uri(), url);
    /// // Elsewhere, or another version: refused before anything is sent.
    /// let beta = url.replace("/v1.0/", "/beta/");
    /// assert!(ListRequest::<ProvisioningObjectSummary>::from_url(v1.client(), &beta).first_page().to_http().is_err());
    /// ```
    pub fn from_url(client: &Handle, url: &str) -> Self {
        Self { request: Request::from_url(client, url) }
    }

    /// `$select`: the properties to return.
    pub fn select(self, properties: &[&str]) -> Self {
        self.option("$select", properties.join(","))
    }

    /// `$expand`: navigation properties to include.
    pub fn expand(self, properties: &[&str]) -> Self {
        self.option("$expand", properties.join(","))
    }

    /// `$filter` as text, unchecked: sent as written (percent-encoded), so
    /// a value pasted into it must be quoted and escaped by the caller. The
    /// typed form, [`ListRequest::filter_by`], cannot get that wrong.
    pub fn filter(self, expression: &str) -> Self {
        self.option("$filter", expression)
    }

    /// `$filter` from an expression ([`query::Filter`](crate::query::Filter)):
    /// written with each literal encoded by its type, so no value changes the
    /// expression's structure. One that cannot be written (a property name
    /// OData cannot say) makes the request fail unsent.
    ///
    /// ```
    /// use graph_sync::runtime::query::{Filter, Literal, Op, PropertyPath};
    /// use graph_sync::v1::models::ServicePrincipal;
    /// use graph_sync::{Client, StaticToken};
    ///
    /// let client = Client::new(StaticToken::new("token"));
    /// let app_id = Literal::of("it's 1 eq 1' or appId ne '")?;
    /// let filter = Filter::Compare { path: PropertyPath::new(["appId"]), op: Op::Eq, value: app_id };
    /// let list = client.v1().service_principals().list().filter_by(&filter);
    /// let http = list.first_page().to_http()?;
    /// assert_eq!(
    ///     http.uri().query(),
    ///     Some("$filter=appId%20eq%20%27it%27%27s%201%20eq%201%27%27%20or%20appId%20ne%20%27%27%27")
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filter_by(self, filter: &Filter) -> Self {
        match filter.to_odata() {
            Ok(expression) => self.option("$filter", expression),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$filter` from a [`Where`] on this list's item type, built from the
    /// item type's [`Property`](crate::Property) constants: a property of
    /// another type, or a value of the wrong type, does not compile. A value
    /// that is no literal of its type (a `Guid` that is not one) makes the
    /// request fail unsent.
    pub fn filter_where(self, filter: Where<T>) -> Self {
        match filter.into_filter() {
            // `count()` says `ConsistencyLevel: eventual` too.
            Ok(filter) if filter.is_advanced() => self.filter_by(&filter).count(),
            Ok(filter) => self.filter_by(&filter),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `ConsistencyLevel: eventual`, which Graph requires for its advanced
    /// queries on directory objects (`$count`, `$search`, and filters with
    /// `ne`, `not` or `endswith`), unless the caller set it.
    fn eventual(self) -> Self {
        Self { request: self.request.header_unless_set("ConsistencyLevel", "eventual") }
    }

    fn refused(self, problem: &str) -> Self {
        Self { request: self.request.refused(Some(format!("the filter cannot be sent: {problem}"))) }
    }

    /// `$orderby`.
    pub fn order_by(self, expression: &str) -> Self {
        self.option("$orderby", expression)
    }

    /// `$top`: the page size to ask for.
    pub fn top(self, count: u32) -> Self {
        self.option("$top", count.to_string())
    }

    /// `$count=true`: ask for the total count (with `ConsistencyLevel:
    /// eventual`, which Graph requires for it on directory objects).
    pub fn count(self) -> Self {
        if self.request.has_query("$count") {
            return self.eventual();
        }
        self.option("$count", "true").eventual()
    }

    fn option(self, name: &str, value: impl Into<String>) -> Self {
        Self { request: self.request.query(name, value) }
    }

    /// Sets a request header sent with every page (`Prefer`, or a
    /// `ConsistencyLevel` of your own: `count()` and advanced filters set
    /// `eventual`). The last value set for a name wins.
    pub fn header(self, name: &str, value: &str) -> Self {
        Self { request: self.request.replace_header(name, value) }
    }

    /// The first page as a request, to build or send yourself.
    pub fn first_page(&self) -> &Request<Json<Page<T>>> {
        &self.request
    }
}

//! Collections: the [`ListRequest`] that asks for a [`Page`] with OData
//! query options. Following
//! `@odata.nextLink` to the end is `listing.rs`'s (the `client` feature).

use serde::de::DeserializeOwned;

use crate::requests::handle::Handle;
use crate::requests::page::Page;
use crate::requests::query::FilterExpression;
use crate::requests::request::{Count, Json, Request};
use crate::requests::typed::{selection, Expand, Matches, Order, Selectable, Where};

/// A `GET` of a collection, with query options; every page is fetched for
/// you by [`all`](Self::all), [`items`](Self::items) (a `Stream`) and
/// [`pages`](Self::pages), or just the first by [`send`](Self::send).
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use graph_sync::v1::models::SynchronizationJob;
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new("token"));
/// let jobs = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs();
/// // Every job, as a stream that fetches pages as it goes.
/// let ids: Vec<String> = jobs
///     .list()
///     .select(&[&SynchronizationJob::ID])
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
    /// A listing of directory objects ([`ListRequest::directory_objects`]).
    directory: bool,
}

/// Typed `$select` and `$expand` on an entity's read, as on a listing:
/// `job.get().select(&[&SynchronizationJob::ID, &SynchronizationJob::STATUS])`,
/// `application.get().expand(Application::OWNERS)`. A property of another
/// type does not compile.
///
/// ```
/// use graph_sync::v1::models::SynchronizationJob;
/// use graph_sync::{Client, StaticToken};
///
/// let job = Client::new(StaticToken::new("t")).v1().service_principal("sp").synchronization().jobs().job("j");
/// let read = job.get().select(&[&SynchronizationJob::ID, &SynchronizationJob::STATUS]);
/// assert_eq!(read.to_http()?.uri().query(), Some("$select=id%2Cstatus"));
/// # Ok::<(), graph_sync::Error>(())
/// ```
impl<T: DeserializeOwned> Request<Json<T>> {
    /// `$select`: only these properties of the entity are returned.
    pub fn select(self, properties: &[&dyn Selectable<T>]) -> Self {
        match selection(properties) {
            Ok(written) => self.set_query("$select", written),
            Err(problem) => self.refused(Some(format!("the query cannot be sent: {problem}"))),
        }
    }

    /// `$expand`: a navigation property of the entity, returned inline.
    /// Each call adds one.
    pub fn expand<Target>(self, navigation: impl Into<Expand<T, Target>>) -> Self {
        match navigation.into().written() {
            Ok(written) => self.append_query("$expand", &written),
            Err(problem) => self.refused(Some(format!("the query cannot be sent: {problem}"))),
        }
    }
}

impl<T: DeserializeOwned> ListRequest<T> {
    pub fn new(client: Handle, path: impl Into<String>) -> Self {
        Self { request: Request::new(client, http::Method::GET, path), directory: false }
    }

    pub(crate) fn from_request(request: Request<Json<Page<T>>>) -> Self {
        Self { request, directory: false }
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
        Self { request: Request::from_url(client, url), directory: false }
    }

    /// Marks the listing as one of directory objects (service principals,
    /// applications, users, groups: what derives from `directoryObject`),
    /// where Graph answers its advanced queries only with `$count=true` and
    /// `ConsistencyLevel: eventual`: the typed options then ask for both
    /// where a query needs them. The generated listings of directory objects
    /// call it.
    pub fn directory_objects(mut self) -> Self {
        self.directory = true;
        self
    }

    /// `$count=true` and `ConsistencyLevel: eventual` on every page, whatever
    /// the query: a listing Graph answers only as an advanced query, such as
    /// an OData type cast on directory objects ("List group members",
    /// Request headers: "This header and `$count` are required when using
    /// the `$search`, `$filter`, `$orderby`, or OData cast query
    /// parameters"). The generated cast listings (`members().list_users()`)
    /// call it.
    pub fn advanced(self) -> Self {
        self.count()
    }

    /// `$filter` from a [`Where`] on this list's item type, built from the
    /// item type's [`Property`](crate::Property) constants: a property of
    /// another type, or a value of the wrong type, does not compile. A value
    /// that is no literal of its type (a `Guid` that is not one) makes the
    /// request fail unsent. A second filter replaces the first (join them
    /// with [`Where::and`]).
    ///
    /// On directory objects, a filter that Graph answers only as an advanced
    /// query (`ne`, `not`, `endswith`, a `/$count`), or one beside an
    /// `$orderby`, also asks `$count=true` and `ConsistencyLevel: eventual`.
    pub fn filter(self, filter: Where<T>) -> Self {
        match filter.into_filter() {
            Ok(filter) => self.filter_by(&filter),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$filter` from an expression ([`query::FilterExpression`](crate::query::FilterExpression)),
    /// for one built at run time: written with each literal encoded by its
    /// type, so no value changes the expression's structure. One that
    /// cannot be written (a property name OData cannot say) makes the
    /// request fail unsent. On directory objects it asks for the advanced
    /// query parameters as [`ListRequest::filter`] does.
    ///
    /// ```
    /// use graph_sync::runtime::query::{FilterExpression, Literal, Op, PropertyPath};
    /// use graph_sync::{Client, StaticToken};
    ///
    /// let client = Client::new(StaticToken::new("token"));
    /// let app_id = Literal::of("it's 1 eq 1' or appId ne '")?;
    /// let filter = FilterExpression::Compare { path: PropertyPath::new(["appId"]), op: Op::Eq, value: app_id };
    /// let list = client.v1().service_principals().list().filter_by(&filter);
    /// let http = list.first_page().to_http()?;
    /// assert_eq!(
    ///     http.uri().query(),
    ///     Some("$filter=appId%20eq%20%27it%27%27s%201%20eq%201%27%27%20or%20appId%20ne%20%27%27%27")
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn filter_by(self, filter: &FilterExpression) -> Self {
        match filter.to_odata() {
            Ok(expression) => {
                let advanced = filter.is_advanced() || self.request.query_value("$orderby").is_some();
                self.set("$filter", expression).advanced_if(advanced)
            }
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$filter` as text, unchecked: sent as written (percent-encoded), so
    /// a value pasted into it must be quoted and escaped by the caller, and
    /// a misspelt property is the service's `400`. The typed form,
    /// [`ListRequest::filter`], cannot get either wrong.
    pub fn filter_unchecked(self, expression: &str) -> Self {
        self.set("$filter", expression)
    }

    /// `$orderby` from the item type's properties, in order of precedence:
    /// `.order_by([ProvisioningObjectSummary::ACTIVITY_DATE_TIME.desc()])`.
    /// On directory objects it also asks `$count=true` and
    /// `ConsistencyLevel: eventual`, which Graph requires to order most of
    /// their properties, and to order a filtered list.
    pub fn order_by(self, keys: impl IntoIterator<Item = Order<T>>) -> Self {
        match Order::written(keys) {
            Ok(written) => self.set("$orderby", written).advanced_if(true),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$orderby` as text, unchecked (see [`ListRequest::order_by`]).
    pub fn order_by_unchecked(self, expression: &str) -> Self {
        self.set("$orderby", expression)
    }

    /// `$select`: only these properties of the item type are returned.
    pub fn select(self, properties: &[&dyn Selectable<T>]) -> Self {
        match selection(properties) {
            Ok(written) => self.set("$select", written),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$select` as text, unchecked (see [`ListRequest::select`]).
    pub fn select_unchecked(self, properties: &[&str]) -> Self {
        self.set("$select", properties.join(","))
    }

    /// `$expand`: a navigation property of the item type, returned inline,
    /// with options of its own (`.expand(Application::OWNERS.select(&[...]).top(5))`).
    /// Each call adds one. (Graph does not answer `$expand` in an advanced
    /// query on directory objects.)
    pub fn expand<Target>(self, navigation: impl Into<Expand<T, Target>>) -> Self {
        match navigation.into().written() {
            Ok(written) => self.append("$expand", &written),
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$expand` as text, unchecked (see [`ListRequest::expand`]).
    pub fn expand_unchecked(self, properties: &[&str]) -> Self {
        self.append("$expand", &properties.join(","))
    }

    /// `$search` from the item type's properties:
    /// `.search(ServicePrincipal::DISPLAY_NAME.matches("Team"))`, written
    /// `"displayName:Team"` with any `"` or `\` in the text escaped, so no
    /// text adds a clause. On directory objects it also sends
    /// `ConsistencyLevel: eventual`, without which Graph refuses `$search`.
    pub fn search(self, search: Matches<T>) -> Self {
        match search.into_search().to_odata() {
            Ok(written) => {
                let listing = self.set("$search", written);
                if listing.directory {
                    listing.eventual()
                } else {
                    listing
                }
            }
            Err(problem) => self.refused(&problem),
        }
    }

    /// `$search` as text, unchecked: the caller quotes and escapes it.
    pub fn search_unchecked(self, expression: &str) -> Self {
        self.set("$search", expression)
    }

    /// On directory objects, `$count=true` and `ConsistencyLevel: eventual`
    /// where `advanced` says the query needs them.
    fn advanced_if(self, advanced: bool) -> Self {
        if advanced && self.directory {
            self.count()
        } else {
            self
        }
    }

    /// `ConsistencyLevel: eventual`, which Graph requires for its advanced
    /// queries on directory objects, unless the caller set it.
    fn eventual(self) -> Self {
        Self { request: self.request.header_unless_set("ConsistencyLevel", "eventual"), ..self }
    }

    fn refused(self, problem: &str) -> Self {
        Self { request: self.request.refused(Some(format!("the query cannot be sent: {problem}"))), ..self }
    }

    /// `$top`: the page size to ask for.
    pub fn top(self, count: u32) -> Self {
        self.set("$top", count.to_string())
    }

    /// `$count=true`: ask for the total count (with `ConsistencyLevel:
    /// eventual`, which Graph requires for it on directory objects).
    pub fn count(self) -> Self {
        self.set("$count", "true").eventual()
    }

    /// `GET {collection}/$count`: how many items the listing has with its
    /// `$filter` and `$search` (other options do not apply), as a number,
    /// without listing them; with `ConsistencyLevel: eventual`, which Graph
    /// requires for it on directory objects ("List servicePrincipals",
    /// example "Get only a count of service principals").
    pub fn count_only(self) -> Request<Count> {
        self.eventual().request.count_segment()
    }

    /// Sets the query option `name` (a second value replaces the first).
    fn set(self, name: &str, value: impl Into<String>) -> Self {
        Self { request: self.request.set_query(name, value.into()), ..self }
    }

    /// Adds to the query option `name`, comma-separated.
    fn append(self, name: &str, value: &str) -> Self {
        Self { request: self.request.append_query(name, value), ..self }
    }

    /// Sets a request header sent with every page (`Prefer`, or a
    /// `ConsistencyLevel` of your own: `count()` and advanced filters set
    /// `eventual`). The last value set for a name wins.
    pub fn header(self, name: &str, value: &str) -> Self {
        Self { request: self.request.replace_header(name, value), ..self }
    }

    /// Every page's settings in place of the client's: each page's time
    /// limits and retries ([`CallSettings`](crate::CallSettings)).
    pub fn settings(self, settings: crate::values::markers::CallSettings) -> Self {
        Self { request: self.request.settings(settings), ..self }
    }

    /// Asks for evolvable enums' members after `unknownFutureValue` by name,
    /// on every page ([`Request::include_unknown_enum_members`]).
    pub fn include_unknown_enum_members(self) -> Self {
        Self { request: self.request.include_unknown_enum_members(), ..self }
    }

    /// The first page as a request, to build or send yourself.
    pub fn first_page(&self) -> &Request<Json<Page<T>>> {
        &self.request
    }
}

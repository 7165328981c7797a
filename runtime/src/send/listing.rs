//! Listing collections to the end (the `client` feature): pages fetched on
//! demand, following `@odata.nextLink`, as pages, all items, or a `Stream`.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::requests::handle::Handle;
use crate::requests::page::Page;
use crate::requests::paging::ListRequest;
use crate::requests::request::{check_service_url, decode_response, Json, Request};
use crate::send::later;
use crate::values::error::{bounded, Error};

impl<T: DeserializeOwned> ListRequest<T> {
    /// Sends the request for the first page only.
    pub async fn send(self) -> Result<Page<T>, Error> {
        self.request.send().await
    }

    /// Pages one at a time, following `@odata.nextLink`.
    pub fn pages(self) -> Pager<T> {
        Pager {
            client: self.request.client().clone(),
            template: self.request.clone(),
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

    /// Items one at a time, fetching pages as needed (a [`Stream`]).
    pub fn items(self) -> Items<T>
    where
        T: Send + 'static,
    {
        Items::new(self.pages())
    }
}

/// Pages of a collection, fetched on demand. A listing ends with an error
/// rather than going on forever: at a `@odata.nextLink` already followed (a
/// page that points to itself, or a cycle), and after the client's
/// `max_pages` pages.
#[derive(Debug)]
pub struct Pager<T> {
    client: Handle,
    /// The first page's request, whose client-request-id and headers every page sends.
    template: Request<Json<Page<T>>>,
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
                // The same call: its client-request-id and headers go to every page.
                self.template.follow(url)
            }
            (None, None) => {
                self.done = true;
                return None;
            }
        };
        self.pages += 1;
        // What a page's errors keep is redacted within the page's deadline.
        let limits = self.client.inner.limits.with(&request.call_settings());
        let secrets = request.secrets().until(later(tokio::time::Instant::now(), limits.call_timeout).into_std());
        let result = match request.to_http() {
            Ok(http) => match self.client.execute(http).await {
                Ok(response) => decode_response::<Json<Page<T>>>(response, &secrets),
                Err(error) => Err(error.redact(&secrets)),
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

    /// A next link must be new, within the page limit, and pass the check
    /// of every URL the client follows ([`check_service_url`]: the request's
    /// origin and API version, no dot segment in any spelling; the bearer
    /// token goes with it).
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
        check_service_url(self.template.client(), url)
            .map_err(|why| Error::Paging(bounded(format!("@odata.nextLink not followed: {why}"))))
    }
}

/// Items of a collection, one at a time, fetching pages as needed: a
/// [`Stream`] (so stream combinators such as `try_collect`, `take` or
/// `try_for_each` apply), or [`Items::next`] in a `while let` loop.
pub struct Items<T> {
    /// The pager and the items of the current page, unless a fetch holds them.
    state: Option<ItemsState<T>>,
    /// The fetch of the next page in progress, which owns the state meanwhile.
    fetching: Option<Fetch<T>>,
}

struct ItemsState<T> {
    pager: Pager<T>,
    buffered: VecDeque<T>,
}

type Fetch<T> = Pin<Box<dyn Future<Output = (ItemsState<T>, Option<Result<Page<T>, Error>>)> + Send>>;

// Nothing is pinned in place: the fetch is boxed.
impl<T> Unpin for Items<T> {}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.state.as_ref().map(|state| state.buffered.len()))
            .field("fetching", &self.fetching.is_some())
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Items<T> {
    fn new(pager: Pager<T>) -> Self {
        Self { state: Some(ItemsState { pager, buffered: VecDeque::new() }), fetching: None }
    }

    /// The next item, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(fetching) = &mut this.fetching {
                let (state, page) = ready!(fetching.as_mut().poll(cx));
                this.fetching = None;
                this.state = Some(state);
                match page {
                    None => return Poll::Ready(None),
                    Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                    Some(Ok(page)) => this.state.as_mut().expect("just put back").buffered.extend(page.value),
                }
            }
            let Some(mut state) = this.state.take() else { return Poll::Ready(None) };
            if let Some(item) = state.buffered.pop_front() {
                this.state = Some(state);
                return Poll::Ready(Some(Ok(item)));
            }
            this.fetching = Some(Box::pin(async move {
                let page = state.pager.next_page().await;
                (state, page)
            }));
        }
    }
}

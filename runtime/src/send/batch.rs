//! JSON batching (`POST /$batch`, the `client` feature): many requests in
//! one round trip, each with the typed result sending it alone would give.
//!
//! Graph's rules are kept here: at most 20 requests per batch (larger sets
//! are split, requests that depend on each other kept together), unique ids,
//! URLs relative to the version root, a `content-type` header with every
//! body, JSON bodies as JSON and others base64, `dependsOn` for ordering.
//! Requests answered `429` are sent again in a later batch after their own
//! `Retry-After`, as the client retries a lone request; other answers are
//! results. The `$batch` call itself goes through [`Client::execute`] (its
//! retries, timeouts, redirects and diagnostics), and paced operations
//! (`provisionOnDemand`) take their turn per request inside a batch too.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::send::later;
use crate::values::markers::CallSettings;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;

use crate::requests::handle::Handle;
use crate::requests::request::{Json, Request, ResponseKind};
use crate::values::error::Error;
use crate::values::markers::{Operation, Repeatable};
use crate::values::redact::Secrets;

/// One request's answer: the response sending it alone would have had, or why there is none.
type Answer = Result<http::Response<Vec<u8>>, Error>;

/// The most requests Graph takes in one batch.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Requests to send together. Add each with [`Batch::add`] (or
/// [`Batch::add_after`] to order it after others), send them with
/// [`Batch::send`], and take each typed result with [`BatchResults::take`].
///
/// ```no_run
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new("token"));
/// let mut batch = client.batch();
/// let jobs: Vec<_> = ["sp-1", "sp-2", "sp-3"]
///     .iter()
///     .map(|sp| batch.add(client.v1().service_principal(*sp).synchronization().jobs().list().first_page().clone()))
///     .collect();
/// let mut results = batch.send().await;
/// for (sp, slot) in ["sp-1", "sp-2", "sp-3"].iter().zip(jobs) {
///     match results.take(slot) {
///         Ok(page) => println!("{sp}: {} jobs", page.value.len()),
///         Err(error) => println!("{sp}: {error}"),
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch {
    client: Handle,
    /// The API version of the batch's requests (`v1.0`, `beta`): the first
    /// request's, as a `$batch` call is made to one version.
    version: Option<String>,
    items: Vec<Item>,
    /// The batch's settings in place of the client's ([`Batch::settings`]).
    settings: CallSettings,
}

/// One request of a batch, ready to be written into a `$batch` body.
struct Item {
    /// The API version of its URL.
    version: String,
    method: String,
    url: String,
    headers: BTreeMap<String, String>,
    body: Option<Value>,
    operation: Option<Operation>,
    depends_on: Vec<usize>,
    /// Why the request cannot be sent (it did not build), if so.
    problem: Option<String>,
    /// The credentials it carries: redacted from the errors of the
    /// `$batch` call that carries it too.
    secrets: Secrets,
}

/// Where one request's result will be: give it to [`BatchResults::take`].
#[derive(Debug)]
#[must_use = "the result of a batched request is taken with its slot"]
pub struct BatchSlot<K> {
    index: usize,
    request: Request<K>,
}

impl<K> BatchSlot<K> {
    /// The request's place in the batch, in the order added (from 0): what
    /// [`Batch::add_after`] takes to order a later request after this one.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The request's id in the `$batch` body (`"1"`, `"2"`, ...).
    pub fn id(&self) -> String {
        (self.index + 1).to_string()
    }
}

/// The answers to a batch's requests, each taken with its slot.
#[derive(Debug)]
pub struct BatchResults {
    answers: Vec<Option<Answer>>,
}

impl BatchResults {
    /// The request's result, decoded as sending it alone would decode it:
    /// its typed value, or the crate's [`Error`] for an error answer.
    pub fn take<K: ResponseKind>(&mut self, slot: BatchSlot<K>) -> Result<K::Output, Error> {
        match self.answers.get_mut(slot.index).and_then(Option::take) {
            Some(Ok(response)) => slot.request.decode(response),
            Some(Err(error)) => Err(error),
            None => Err(Error::batch(format!("the result of request {} was taken already", slot.index + 1))),
        }
    }
}

impl Handle {
    /// A JSON batch on this client: requests sent together with
    /// `POST /{version}/$batch`. A `$batch` call is made to one API version:
    /// the first request added decides which, and a request of another
    /// version is not sent (its result is an error).
    pub fn batch(&self) -> Batch {
        Batch { client: self.clone(), version: None, items: Vec::new(), settings: CallSettings::default() }
    }

    /// Sends `requests` (of one kind) in as few batches as Graph allows and
    /// gives each result in the order of `requests`.
    pub async fn send_batched<K: ResponseKind>(
        &self,
        requests: impl IntoIterator<Item = Request<K>>,
    ) -> Vec<Result<K::Output, Error>> {
        let mut batch = self.batch();
        let slots: Vec<BatchSlot<K>> = requests.into_iter().map(|request| batch.add(request)).collect();
        let mut results = batch.send().await;
        slots.into_iter().map(|slot| results.take(slot)).collect()
    }
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch").field("requests", &self.items.len()).finish_non_exhaustive()
    }
}

impl Batch {
    /// The batch's settings in place of the client's: the time limit of the
    /// whole batch with its rounds, of each `$batch` call, and its retries
    /// ([`CallSettings`]). A request's own settings do not apply inside a
    /// batch: its requests travel in one call.
    pub fn settings(&mut self, settings: CallSettings) -> &mut Self {
        self.settings = settings;
        self
    }

    /// Adds a request; its result is taken with the slot returned.
    pub fn add<K: ResponseKind>(&mut self, request: impl Into<Request<K>>) -> BatchSlot<K> {
        self.add_after(request, &[])
    }

    /// Adds a request that runs only after the `earlier` ones (their slots'
    /// [`BatchSlot::index`]; Graph's `dependsOn`): if one of them fails, this
    /// one is answered `424 Failed Dependency`. Requests that depend on each
    /// other go in one batch.
    pub fn add_after<K: ResponseKind>(&mut self, request: impl Into<Request<K>>, earlier: &[usize]) -> BatchSlot<K> {
        let request = request.into();
        let index = self.items.len();
        let mut item = self.item(&request);
        if item.problem.is_none() {
            match &self.version {
                None => self.version = Some(item.version.clone()),
                Some(version) if *version != item.version => {
                    item.problem = Some(format!(
                        "the batch is made to Graph {version}; a request to {} goes in a batch of its own",
                        item.version
                    ));
                }
                Some(_) => {}
            }
        }
        item.depends_on = earlier.iter().copied().filter(|&e| e < index).collect();
        if earlier.iter().any(|&e| e >= index) {
            item.problem = Some("a request can only depend on requests added before it".into());
        }
        self.items.push(item);
        BatchSlot { index, request }
    }

    /// The number of requests added.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no request was added.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn item<K: ResponseKind>(&self, request: &Request<K>) -> Item {
        let mut item = Item {
            version: String::new(),
            method: String::new(),
            url: String::new(),
            headers: BTreeMap::new(),
            body: None,
            operation: None,
            depends_on: Vec::new(),
            problem: None,
            secrets: request.secrets().clone(),
        };
        let http = match request.to_http() {
            Ok(http) => http,
            Err(error) => {
                item.problem = Some(error.to_string());
                return item;
            }
        };
        let url = http.uri().to_string();
        // `{root}/{version}{relative}`: a batched request's URL is relative to its version.
        let below_root = url.strip_prefix(self.client.root()).and_then(|rest| rest.strip_prefix('/'));
        let Some((version, relative)) = below_root.and_then(|rest| rest.split_once('/')) else {
            item.problem = Some(format!("{url} is not below the client's service root and an API version"));
            return item;
        };
        item.version = version.to_owned();
        item.method = http.method().to_string();
        item.url = format!("/{relative}");
        item.operation = http.extensions().get::<Operation>().cloned();
        for (name, value) in http.headers() {
            // The `$batch` call carries what every request would (`Accept`, `User-Agent`).
            let per_call = [http::header::ACCEPT, http::header::CONTENT_LENGTH, http::header::USER_AGENT];
            if !per_call.contains(name) {
                if let Ok(value) = value.to_str() {
                    // A header sent as several fields (`Prefer`) is one list in an item's object.
                    let joined = item.headers.entry(name.as_str().to_owned()).or_default();
                    if !joined.is_empty() {
                        joined.push_str(", ");
                    }
                    joined.push_str(value);
                }
            }
        }
        if !http.body().is_empty() {
            let json = item.headers.get("content-type").is_some_and(|t| t.contains("json"));
            item.body = Some(match (json, serde_json::from_slice(http.body())) {
                (true, Ok(value)) => value,
                _ => Value::String(base64::engine::general_purpose::STANDARD.encode(http.body())),
            });
        }
        item
    }

    /// Sends every request and returns their answers. A request that could
    /// not be sent (it did not build, its batch failed, the answer lacks it)
    /// has an [`Error`] as its result; nothing is dropped.
    ///
    /// The whole batch, with its rounds and the waits between them, keeps the
    /// client's `call_timeout` as one call does: a request still unanswered
    /// at the deadline (throttled for longer, say) is answered
    /// [`Error::Timeout`]. Waiting for a paced operation's turn does not count.
    pub async fn send(self) -> BatchResults {
        let limits = self.client.inner.limits.with(&self.settings);
        let mut deadline = later(Instant::now(), limits.call_timeout);
        let timed_out = || Error::Timeout { limit: limits.call_timeout, what: "the batch with its rounds" };
        let mut answers: Vec<Option<Answer>> = self.items.iter().map(|_| None).collect();
        for (index, item) in self.items.iter().enumerate() {
            if let Some(problem) = &item.problem {
                answers[index] = Some(Err(Error::Request(problem.clone())));
            } else if let Some(&unsent) = item.depends_on.iter().find(|&&d| answers[d].is_some()) {
                // Its dependency cannot be sent (dependencies come first, so chains follow).
                answers[index] = Some(Err(Error::batch(format!(
                    "request {} depends on request {}, which could not be sent",
                    index + 1,
                    unsent + 1
                ))));
            }
        }
        let mut pending: Vec<usize> = (0..self.items.len()).filter(|&i| answers[i].is_none()).collect();
        let mut round = 0u32;
        while !pending.is_empty() {
            let mut throttled: Vec<(usize, Option<Duration>)> = Vec::new();
            for chunk in chunks(&self.items, &pending) {
                match self.send_chunk(&chunk, &pending, &mut deadline).await {
                    Ok(mut responses) => {
                        for index in chunk {
                            let answer = responses.remove(&index).unwrap_or_else(|| {
                                Err(Error::batch(format!(
                                    "the $batch answer has no response for request {}",
                                    index + 1
                                )))
                            });
                            let retry = match &answer {
                                Ok(response) if response.status() == http::StatusCode::TOO_MANY_REQUESTS => {
                                    Some(crate::send::transport::retry_after(response.headers()))
                                }
                                _ => None,
                            };
                            match retry {
                                Some(wait) if round < limits.max_retries => throttled.push((index, wait)),
                                _ => answers[index] = Some(answer),
                            }
                        }
                    }
                    Err(Failure::Deadline) => {
                        chunk.into_iter().for_each(|index| answers[index] = Some(Err(timed_out())))
                    }
                    Err(Failure::Call(error)) => {
                        // One error for each request the call carried, each answering its status.
                        let error = Arc::new(error);
                        for index in chunk {
                            answers[index] = Some(Err(Error::batch_failed(error.clone())));
                        }
                    }
                }
            }
            if throttled.is_empty() {
                break;
            }
            // Sent again after the longest wait any of them was asked for.
            let wait = throttled
                .iter()
                .map(|(_, wait)| wait.unwrap_or_else(|| Duration::from_secs(1 << round.min(5))))
                .max()
                .unwrap_or_default();
            let wake = later(Instant::now(), wait.min(limits.max_retry_delay));
            if wake >= deadline {
                // A lone call would time out in this wait, and so does the batch.
                tokio::time::sleep_until(deadline).await;
                throttled.into_iter().for_each(|(index, _)| answers[index] = Some(Err(timed_out())));
                break;
            }
            tokio::time::sleep_until(wake).await;
            pending = throttled.into_iter().map(|(index, _)| index).collect();
            round += 1;
        }
        BatchResults { answers }
    }

    /// One `$batch` call with the requests `chunk` (indexes into the items);
    /// `sending` are all the requests of this round, for `dependsOn`. The
    /// time spent waiting for paced operations' turns moves `deadline` on.
    async fn send_chunk(
        &self,
        chunk: &[usize],
        sending: &[usize],
        deadline: &mut Instant,
    ) -> Result<HashMap<usize, Answer>, Failure> {
        let mut requests = Vec::new();
        let mut secrets = Secrets::default();
        for &index in chunk {
            let item = &self.items[index];
            // A paced operation takes its turn inside a batch too; an operation
            // whose daily budget is spent fails the call unsent. The turn
            // counts from when it is let go, not from the answer as a call's
            // does: the batch is answered only once every item has its turn,
            // so holding them would wait for itself.
            let waiting = Instant::now();
            self.client.pace(item.operation.as_ref()).await.map_err(Failure::Call)?;
            *deadline = later(*deadline, waiting.elapsed());
            secrets = secrets.union(&item.secrets);
            let mut request =
                serde_json::json!({"id": (index + 1).to_string(), "method": item.method, "url": item.url});
            if !item.headers.is_empty() {
                request["headers"] = serde_json::to_value(&item.headers).unwrap_or_default();
            }
            if let Some(body) = &item.body {
                request["body"] = body.clone();
            }
            let depends_on: Vec<String> =
                item.depends_on.iter().filter(|d| sending.contains(d)).map(|d| (d + 1).to_string()).collect();
            if !depends_on.is_empty() {
                request["dependsOn"] = serde_json::to_value(depends_on).unwrap_or_default();
            }
            requests.push(request);
        }
        // The `$batch` call is a request like any other: its client-request-id,
        // its decoding (a Graph error for an error status) and its policy; the
        // credentials of the requests it carries are redacted from its errors.
        let client = self.client.at_version(self.version.as_deref().unwrap_or_default());
        let call: Request<Json<BatchAnswer>> = Request::new(client, http::Method::POST, "/$batch")
            .json_body(&serde_json::json!({ "requests": requests }))
            .with_secrets(&secrets);
        let mut request = call.to_http().map_err(Failure::Call)?;
        if chunk.iter().all(|&i| matches!(self.items[i].method.as_str(), "GET" | "HEAD")) {
            request.extensions_mut().insert(Repeatable);
        }
        if self.settings != CallSettings::default() {
            request.extensions_mut().insert(self.settings);
        }
        let response = match tokio::time::timeout_at(*deadline, self.client.execute(request)).await {
            Ok(response) => response.map_err(|error| Failure::Call(error.redact(&secrets)))?,
            Err(_) => return Err(Failure::Deadline),
        };
        Ok(parse_answer(call.decode(response).map_err(Failure::Call)?, chunk))
    }
}

/// Why a `$batch` call gave no answers.
enum Failure {
    /// The call failed: each request it carried reports this error.
    Call(Error),
    /// The batch's deadline came first.
    Deadline,
}

/// Groups `pending` into batches of at most 20, keeping requests that depend
/// on each other together and the order in which they were added.
fn chunks(items: &[Item], pending: &[usize]) -> Vec<Vec<usize>> {
    // Union-find over dependencies among the pending requests.
    let mut group: HashMap<usize, usize> = pending.iter().map(|&i| (i, i)).collect();
    fn root(group: &mut HashMap<usize, usize>, mut index: usize) -> usize {
        while group[&index] != index {
            index = group[&index];
        }
        index
    }
    for &index in pending {
        for &dependency in &items[index].depends_on {
            if group.contains_key(&dependency) {
                let (a, b) = (root(&mut group, index), root(&mut group, dependency));
                group.insert(a.max(b), a.min(b));
            }
        }
    }
    let mut components: Vec<(usize, Vec<usize>)> = Vec::new();
    for &index in pending {
        let leader = root(&mut group, index);
        match components.iter_mut().find(|(l, _)| *l == leader) {
            Some((_, members)) => members.push(index),
            None => components.push((leader, vec![index])),
        }
    }
    let mut batches: Vec<Vec<usize>> = Vec::new();
    for (_, members) in components {
        match batches.last_mut() {
            Some(last) if last.len() + members.len() <= MAX_BATCH_REQUESTS => last.extend(members),
            _ => batches.push(members),
        }
    }
    // A dependency chain longer than a batch is still sent (Graph answers
    // for it); keep each batch within the limit by splitting it.
    batches
        .into_iter()
        .flat_map(|batch| batch.chunks(MAX_BATCH_REQUESTS).map(<[usize]>::to_vec).collect::<Vec<_>>())
        .collect()
}

/// A `$batch` answer: one response per request.
#[derive(Deserialize)]
struct BatchAnswer {
    responses: Vec<ItemAnswer>,
}

#[derive(Deserialize)]
struct ItemAnswer {
    id: String,
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
}

/// Each request of `chunk` with its response. A response for an id not
/// sent is ignored; an id answered twice is an error for that request
/// (which answer holds is not known).
fn parse_answer(answer: BatchAnswer, chunk: &[usize]) -> HashMap<usize, Answer> {
    let ids: HashMap<String, usize> = chunk.iter().map(|&i| ((i + 1).to_string(), i)).collect();
    let mut results: HashMap<usize, Answer> = HashMap::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for item in answer.responses {
        let Some(&index) = ids.get(item.id.trim().to_ascii_lowercase().as_str()) else { continue };
        *seen.entry(index).or_default() += 1;
        results.insert(index, item_response(item.status, &item.headers, item.body));
    }
    for (index, count) in seen {
        if count > 1 {
            results.insert(
                index,
                Err(Error::batch(format!("the $batch answer has {count} responses for request {}", index + 1))),
            );
        }
    }
    results
}

/// One request's answer as the `http::Response` sending it alone would have had.
fn item_response(
    status: u16,
    headers: &BTreeMap<String, String>,
    body: Option<Value>,
) -> Result<http::Response<Vec<u8>>, Error> {
    let json = headers.iter().any(|(name, value)| name.eq_ignore_ascii_case("content-type") && value.contains("json"));
    let bytes = match body {
        None | Some(Value::Null) => Vec::new(),
        // A body that is not JSON comes base64-encoded in a string.
        Some(Value::String(text)) if !json => {
            base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).unwrap_or_else(|_| text.into_bytes())
        }
        Some(value) => serde_json::to_vec(&value).unwrap_or_default(),
    };
    let mut response = http::Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(name.as_str(), value.as_str());
    }
    response.body(bytes).map_err(|e| Error::batch(format!("a response in the $batch answer is not valid HTTP: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(depends_on: Vec<usize>) -> Item {
        Item {
            version: "beta".into(),
            method: "GET".into(),
            url: "/x".into(),
            headers: BTreeMap::new(),
            body: None,
            operation: None,
            depends_on,
            problem: None,
            secrets: Secrets::default(),
        }
    }

    #[test]
    fn requests_that_depend_on_each_other_stay_in_one_batch() {
        // 19 independent requests, then a chain of three (20 <- 21 <- 19).
        let mut items: Vec<Item> = (0..19).map(|_| item(Vec::new())).collect();
        items.push(item(vec![18]));
        items.push(item(vec![19]));
        let pending: Vec<usize> = (0..items.len()).collect();
        let batches = chunks(&items, &pending);
        assert_eq!(batches[0], (0..18).collect::<Vec<_>>());
        assert_eq!(batches[1], vec![18, 19, 20], "the chain is kept together, in order");
        assert!(batches.iter().all(|b| b.len() <= MAX_BATCH_REQUESTS));
        // 45 independent requests: 20, 20, 5.
        let items: Vec<Item> = (0..45).map(|_| item(Vec::new())).collect();
        let sizes: Vec<usize> = chunks(&items, &(0..45).collect::<Vec<_>>()).iter().map(Vec::len).collect();
        assert_eq!(sizes, [20, 20, 5]);
    }

    #[test]
    fn binary_bodies_are_base64_and_json_bodies_json() {
        let headers = BTreeMap::from([("content-type".to_owned(), "application/octet-stream".to_owned())]);
        let response = item_response(200, &headers, Some(Value::String("AQID".into()))).unwrap();
        assert_eq!(response.body(), &[1, 2, 3]);
        let headers = BTreeMap::from([("content-type".to_owned(), "application/json".to_owned())]);
        let response = item_response(200, &headers, Some(serde_json::json!({"a": 1}))).unwrap();
        assert_eq!(response.body(), br#"{"a":1}"#);
    }
}

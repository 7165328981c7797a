//! Typed Rust client for the Microsoft Graph synchronization (provisioning) API.
//!
//! Provision users and groups into applications: find the gallery
//! application and create it, assign users and groups, configure and start
//! its provisioning job, provision someone now (`provisionOnDemand`), and
//! read what provisioning did. A [`Client`] reaches Graph v1.0 through
//! [`v1`] (`client.v1()`) and Graph beta through [`beta`] (`client.beta()`);
//! [`provisioning`] reads `provisionOnDemand`'s answer, [`on_demand`] says
//! whom it provisions, and `testing` (a feature) is a fake Graph for your own
//! tests.
//!
//! Runnable programs are in the repository's `generated/examples/`:
//! `list_jobs` (the jobs of a service principal), `provision_user` (one user
//! now, and the outcome), `provisioning_workflow` (Microsoft's whole
//! provisioning tutorial, step by step) and `inbound_from_csv` (API-driven
//! inbound provisioning from an HR file); the last two also run against the
//! crate's fake with `--fake`.
//!
//! Guides: [in production](guide::production) (sign-in, clouds, pacing,
//! diagnostics, another HTTP stack, batching), [API-driven inbound
//! provisioning](guide::inbound) and [testing your own code against a fake
//! Graph](guide::testing).
//!
//! The models and request builders of both versions are generated from
//! Graph's CSDL `$metadata`, each version into a crate of its own
//! (`graph-sync-v1`, `graph-sync-beta`) that this one re-exports behind the
//! Cargo feature of its name; [`runtime`] and [`provisioning`] are written by
//! hand and serve both.
//!
//! # A tour
//!
//! A [`Client`] holds the token provider and the HTTP settings. Requests start
//! at a Graph version and an entity (`client.v1().service_principal(id)`, or
//! `client.beta()...`), follow the API's paths
//! (`.synchronization().jobs().job(id)`), and end in an operation that gives a
//! [`Request`](runtime::Request) (or a version's `Action`, or a
//! [`ListRequest`](runtime::ListRequest) for a collection). Nothing is sent
//! until `.send().await`; `to_http()` shows what would be sent, which is what
//! this example checks (it runs without a network):
//!
//! ```
//! #![allow(deprecated)] // Graph deprecates secrets for an API this document does not have yet
//! use graph_sync::v1::models::{
//!     SynchronizationJob, SynchronizationJobRestartCriteria, SynchronizationJobRestartScope,
//!     SynchronizationSecret, SynchronizationSecretKeyStringValuePair,
//! };
//! use graph_sync::{Client, StaticToken};
//!
//! let client = Client::new(StaticToken::new("token"));
//! let sync = client.v1().service_principal("sp-id").synchronization();
//! let job = sync.jobs().job("job-id");
//! let sent = |request: http::Request<Vec<u8>>| {
//!     let body = String::from_utf8(request.body().clone()).unwrap();
//!     format!("{} {} {body}", request.method(), request.uri().path().trim_start_matches("/v1.0"))
//! };
//!
//! // Read an entity; list a collection with query options.
//! assert_eq!(sent(job.get().to_http()?), "GET /servicePrincipals/sp-id/synchronization/jobs/job-id ");
//! let list = sync.jobs().list().select(&[&SynchronizationJob::ID, &SynchronizationJob::STATUS]).top(5);
//! assert_eq!(list.first_page().to_http()?.uri().query(), Some("$select=id%2Cstatus&$top=5"));
//! // Create, update (only the properties that are set are sent), delete.
//! let new_job = SynchronizationJob::default().with_template_id("scim");
//! assert_eq!(sent(sync.jobs().create(&new_job).to_http()?), r#"POST /servicePrincipals/sp-id/synchronization/jobs {"templateId":"scim"}"#);
//! assert!(sent(job.update(&new_job).to_http()?).starts_with("PATCH "));
//! assert!(sent(job.delete().to_http()?).starts_with("DELETE "));
//! // Actions: required parameters as arguments, optional ones by name.
//! assert!(sent(job.start().to_http()?).ends_with("/start "));
//! let criteria = SynchronizationJobRestartCriteria::default()
//!     .with_reset_scope([SynchronizationJobRestartScope::Watermark, SynchronizationJobRestartScope::Escrows]);
//! assert!(sent(job.restart().with_criteria(criteria).to_http()?)
//!     .ends_with(r#"/restart {"criteria":{"resetScope":"Watermark,Escrows"}}"#));
//! // Functions are GETs.
//! assert!(sent(job.schema().filter_operators().to_http()?).starts_with("GET "));
//! // Collection properties without their own path are replaced with a PUT.
//! let token = SynchronizationSecretKeyStringValuePair::default()
//!     .with_key(SynchronizationSecret::SecretToken)
//!     .with_value("s3cr3t");
//! let put = sync.put_secrets(vec![token]);
//! assert!(sent(put.to_http()?).ends_with(r#"/secrets {"value":[{"key":"SecretToken","value":"s3cr3t"}]}"#));
//! # Ok::<(), graph_sync::Error>(())
//! ```
//!
//! Answers decode into the generated models; an error status becomes
//! [`Error::Graph`] with Graph's code, message and request id. With your own
//! HTTP stack, [`Request::decode`](runtime::Request::decode) does the same
//! with an `http::Response`:
//!
//! ```
//! use graph_sync::{Client, Error, StaticToken};
//!
//! let client = Client::new(StaticToken::new("token"));
//! let job = client.v1().service_principal("sp-id").synchronization().jobs().job("job-id");
//! let get = job.get();
//!
//! let ok = http::Response::builder().status(200).body(
//!     br#"{"id": "job-id", "status": {"code": "Active", "quarantine": null}, "newInGraph": 1}"#.to_vec(),
//! )?;
//! let read = get.decode(ok)?;
//! let status = read.status.value();
//! assert_eq!(status.and_then(|s| s.code.value()).map(ToString::to_string).as_deref(), Some("Active"));
//! assert!(status.is_some_and(|s| s.quarantine.is_null()));
//! assert!(read.additional_properties.contains_key("newInGraph")); // kept, sent back as it came
//!
//! let not_found = http::Response::builder().status(404).header("request-id", "r-1").body(
//!     br#"{"error": {"code": "Request_ResourceNotFound", "message": "No such job"}}"#.to_vec(),
//! )?;
//! match get.decode(not_found) {
//!     Err(error @ Error::Graph { .. }) => {
//!         assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND));
//!         assert_eq!(error.graph_error().map(|e| e.code.as_str()), Some("Request_ResourceNotFound"));
//!         assert_eq!(error.request_id(), Some("r-1"));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Around the synchronization API, each version has the provisioning
//! workflow's resources: the application gallery
//! (`api.application_templates()`, whose `instantiate` creates an application
//! and its service principal), `api.applications()` and
//! `api.service_principals()` (by id, by `appId`, filtered), and what
//! provisioning did (`api.audit_logs().provisioning()`). A URL the service
//! hands out (a bulk upload's `Location`, a link in a body) becomes a typed
//! request with [`ListRequest::from_url`](runtime::ListRequest::from_url),
//! refused unsent when it leaves the client's origin or API version.
//!
//! Sending needs an async runtime (tokio): `job.get().send().await?`, or
//! `.send_with_response().await?` for the status and headers too. Lists are
//! paged for you ([`ListRequest::items`](runtime::ListRequest::items) is a
//! `Stream` over every item of every page), and `provisionOnDemand`'s answer
//! decodes into a typed [`provisioning::ProvisioningOutcome`].
//!
//! # Features
//!
//! * `v1` (default): Graph v1.0 (`graph_sync::v1`, `client.v1()`): the
//!   version Microsoft supports for production, and the only one with
//!   API-driven inbound provisioning (`bulk_upload`) today.
//! * `beta` (default): Graph beta (`graph_sync::beta`, `client.beta()`): where
//!   new features appear first. Each version's models are types of its own.
//! * `client` (default): sending with reqwest (rustls) on tokio: retries,
//!   timeouts, paging, pacing of `provisionOnDemand`. Without it, the models,
//!   request builders, `to_http()`, `decode()` and [`Client::token`](runtime::Handle::token) remain
//!   for an HTTP stack or runtime of your own.
//! * `azure-identity`: `runtime::AzureIdentity` signs in with any Azure SDK
//!   credential.
//! * `tracing`: a `graph_sync.call` span per call, without tokens, bodies or ids.
//! * `testing`: `graph_sync::testing::FakeGraph`, a fake of the synchronization
//!   API on a loopback port for downstream crates' tests.
//!
//! # What the client guarantees, and how to change it
//!
//! Provisioning creates and deletes real accounts, so every call is bounded and
//! every input that reaches a URL is checked. Each limit is a `ClientBuilder`
//! setting (`Client::builder(token).root(...)...build()`); the time limits and
//! retries can also be set for one call, in place of the client's, with
//! `.settings(CallSettings::new().call_timeout(..).max_retries(..))` on a
//! request, a listing (every page), a batch (the whole batch and each `$batch`
//! call) or a bulk upload. Pacing and daily budgets stay the client's: one call
//! that skipped the queue would break the window every other call keeps.
//!
//! | guarantee | default | setting |
//! |---|---|---|
//! | Ids are percent-encoded as one path segment; an empty id, `.` or `..` (in any percent-encoding: URL parsers read `%2E%2E` as `..`) is refused before anything is sent (`Error::Request`) | always | - |
//! | Connecting times out | 10 s | `connect_timeout` |
//! | Each attempt (sending to the end of the body) times out | 100 s | `request_timeout` |
//! | A whole call, with its retries and waits, times out (`Error::Timeout`); so does a whole batch (`Batch::send`, `send_batched`) with its rounds and the waits between them: a request still unanswered at the deadline (throttled for longer, say) is answered `Error::Timeout`. Waiting for a paced operation's turn is not counted | 5 min | `call_timeout` |
//! | Answers may come gzip-compressed (`Accept-Encoding: gzip` is sent; schemas and provisioning-log pages shrink several times over) | always | - |
//! | Response bodies are capped (`Error::TooLarge`), counting the decompressed bytes, so a gzip bomb is refused at the cap; an error keeps at most 64 KiB of the body, code and message | 64 MiB | `max_response_bytes` |
//! | Every URL the client follows (a `Location` or link through `from_url`, an `@odata.nextLink`, a redirect) goes through one check, `runtime::check_service_url`: the request's origin and API version, no dot segment in any encoding, no backslash, no encoded `/` or `\` around a dot segment; anything else is not requested, and the token goes nowhere else. Listing stops with `Error::Paging` at an `@odata.nextLink` already followed (a page pointing to itself or a cycle), at one that check refuses, and after too many pages | 10,000 pages | `max_pages` |
//! | `429` is retried for any request (the service did not execute it) | 3 retries | `max_retries` |
//! | `503` and `504` are retried only for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`): a `POST` such as `provisionOnDemand`, `start`, `restart` or a creation may have been executed | off for `POST`/`PATCH` | `retry_non_idempotent(true)` |
//! | Waits follow `Retry-After` in seconds (also with a fraction, as Graph sends `2.128`) or as an HTTP date, else 1, 2, 4 s; each retry sends `Retry-Attempt: 1, 2, ...` as Graph's SDKs do. A setting at its limit (`Duration::MAX`) means never, not a panic | at most 60 s | `max_retry_delay` |
//! | A token is asked of the `TokenProvider` for every attempt; a `401` is retried once after `TokenProvider::refresh` | always | implement `refresh` |
//! | `provisionOnDemand` calls are paced to Graph's documented 5 per 10 s and `bulkUpload` to 40 per 5 s, in order, per client | on | `pace(operation, Rate)`, `unpaced(operation)` |
//! | Redirects are followed only within the origin (scheme, host, port) and API version of the request, at most ten times; any other is not followed (`Error::Redirect`, whose `reason` says which), so neither the token nor a body (secrets) leaves them | always | `http_client` replaces the HTTP client: build it with `redirect(Policy::none())` |
//! | The `Authorization` header is marked sensitive; `Debug` of tokens, requests and action bodies prints no secret | always | - |
//! | Every text value (of 4 characters or more) a request sends as credentials (`validateCredentials`, `acquireAccessToken`, `PUT secrets`, replacing a `synchronization` with its secrets) is redacted from everything its error keeps and prints (`Display`, `Debug`, `diagnostics()`): the body, code, message, `details`, `innerError` and the response headers, in any spelling a service may echo it in (as sent; JSON escapes such as .NET's `\u002B` or `\/`, in either case, and doubled at each level of a document nested in a string; percent-encoding, also twice; HTML character references), before a kept text is cut at 64 KiB (so no beginning of a secret is left at the cut). A `$batch` call carries the credentials of its requests, and so redacts them too. Redaction takes time linear in the text (a search over all the secrets at once; at least 130 MiB/s of adversarial body on a 2-core machine, BENCHMARKS.md) and no stack beyond a constant, however long a secret is, and runs within the call's deadline (`call_timeout`): a text it has not finished by then is cut where it stopped, with a note, and nothing unsearched is kept (a `$batch`'s items are redacted without a deadline); a spelling nested more than five levels deep (more than 32 backslashes before an escape, a `%` encoded again more than 4 times) is not one a service writes, and is not searched | always | - |
//! | Every request names the client: `User-Agent: graph-sync/{version}`, which the tenant's Graph activity logs show | on | `application_id("contoso-hr/1.4")` puts the application first; `user_agent(...)` replaces it; a request's own `header("User-Agent", ...)` wins |
//!
//! # Conventions of the generated models
//!
//! * Every property is a [`Field`]: absent, `null`, or a value. Graph omits
//!   properties (e.g. under `$select`) and `PATCH` bodies must tell "set to
//!   null" from "leave unchanged"; decoding and re-encoding keeps each as it was.
//!   A `Field` reads like an `Option` (`unwrap_or`, `and_then`, `as_deref`, ...).
//!   The rule: what may be sent back to Graph is a `Field`; what is only read
//!   (the hand-written [`provisioning`] outcome) is an `Option`.
//! * Structs are `#[non_exhaustive]`, so a property Graph adds is not a breaking
//!   change: build them from `Default` with one chained `with_*` setter per
//!   property (`SynchronizationJobSubject::default().with_object_id(id)`); a
//!   setter takes a value, an `Option` (`None` leaves the property absent) or
//!   `Field::Null`.
//! * Actions take their required parameters as arguments; the optional ones
//!   are set by name on the version's `Action` they return (`v1::Action`,
//!   `beta::Action`), and are left out of the body until set
//!   (`job.restart().with_criteria(criteria)`; below).
//! * Properties the crate does not know, and instance annotations such as
//!   `@odata.type`, are kept in `additional_properties` and re-encoded.
//! * Enums are open: an unknown wire value is kept in the `Unrecognized` variant.
//!   Flags enums are used as [`Flags`] sets, sent back as received until
//!   changed, and written `"Escrows,Watermark"` when built in code.
//! * Base-type properties are copied into each derived struct.
//! * Text-shaped primitives ([`DateTimeOffset`], [`Duration`], ...) keep the
//!   text the service sent and parse on request, so one bad value never makes a
//!   response undecodable.
//!
//! An action's optional parameters, named; `None` leaves one out and
//! `Field::Null` sends `null`:
//!
//! ```
//! use graph_sync::{Client, Field, StaticToken};
//! use graph_sync::v1::models::AttributeDefinition;
//!
//! let client = Client::new(StaticToken::new("token"));
//! let schema = client.v1().service_principal("sp").synchronization().jobs().job("job").schema();
//! // Required parameters are arguments; optional ones are named.
//! let parse = schema
//!     .parse_expression()
//!     .with_expression("Join(\" \", [givenName], [surname])")
//!     .with_target_attribute_definition(Field::<AttributeDefinition>::Null);
//! let http = parse.to_http()?;
//! let body: serde_json::Value = serde_json::from_slice(http.body())?;
//! assert_eq!(
//!     body,
//!     serde_json::json!({
//!         "expression": "Join(\" \", [givenName], [surname])",
//!         "targetAttributeDefinition": null
//!     })
//! );
//! // Nothing set: no body at all.
//! let restart = client.v1().service_principal("sp").synchronization().jobs().job("job").restart();
//! assert!(restart.to_http()?.body().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// On docs.rs, each item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Each version is a generated crate of its own (`generated/v1`,
// `generated/beta`), re-exported whole: `graph_sync::v1::models::...`. A
// module that re-exports the crate's items (rather than `pub use` of the
// crate itself) is what makes rustc's messages name them by this path.

/// Graph beta, reached with `client.beta()`: the models and request builders
/// generated from its metadata document (the crate `graph-sync-beta`).
#[cfg(feature = "beta")]
pub mod beta {
    pub use graph_sync_beta::*;
}

/// Graph v1.0, reached with `client.v1()`: the models and request builders
/// generated from its metadata document (the crate `graph-sync-v1`).
#[cfg(feature = "v1")]
pub mod v1 {
    pub use graph_sync_v1::*;
}

pub use runtime::provisioning;

#[cfg(any(feature = "v1", feature = "beta"))]
pub mod on_demand;

/// Guides: in production, API-driven inbound provisioning, and testing your
/// own code against a fake Graph. (Built for documentation; their examples
/// are compiled by the workspace's tests, with the features they need.)
#[cfg(all(doc, not(doctest)))]
pub mod guide;

/// The hand-written runtime (the crate `graph-sync-runtime`, re-exported):
/// values, requests and their encoding without I/O, sending, paging, batches,
/// sign-in; and this crate's [`Client`] and [`ClientBuilder`]. (Each version's
/// `Action` is its crate's: `v1::Action`, `beta::Action`.)
pub mod runtime {
    pub use graph_sync_runtime::*;

    pub use crate::{Client, ClientBuilder};
}

pub use runtime::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Field, Flags, Guid, Int64, InvalidValue, OpenEnum, Single,
    TimeOfDay,
};
pub use runtime::{Error, StaticToken, TokenProvider};

use runtime::Handle;

/// A Microsoft Graph client: cheap to clone (the state is shared).
///
/// ```no_run
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
/// let jobs = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs();
/// for job in jobs.list().all().await? {
///     println!("{}: {:?}", job.id.as_deref().unwrap_or("?"), job.status.value().and_then(|s| s.code.value()));
/// }
/// # Ok(())
/// # }
/// ```
///
/// What every call is guaranteed by default, and the setting that changes
/// each: [the crate's documentation](crate#what-the-client-guarantees-and-how-to-change-it).
#[derive(Clone)]
pub struct Client(Handle);

/// Builds a [`Client`]: the cloud or a service root (a test server), the
/// timeouts, the limits, the retry policy and pacing.
///
/// ```
/// use std::time::Duration;
/// use graph_sync::{Client, StaticToken};
///
/// let client = Client::builder(StaticToken::new("token"))
///     .root("http://127.0.0.1:8080") // a test server
///     .max_retries(5)
///     .call_timeout(Duration::from_secs(600))
///     .build();
/// assert_eq!(client.root(), "http://127.0.0.1:8080");
/// assert_eq!(client.v1().client().base_url(), "http://127.0.0.1:8080/v1.0");
/// ```
pub type ClientBuilder = runtime::Builder<Client>;

impl Client {
    /// Requests to Graph v1.0 (`{root}/v1.0/...`), with this client's
    /// settings, token provider and pacing.
    #[cfg(feature = "v1")]
    pub fn v1(&self) -> v1::Api {
        v1::Api::new(self)
    }

    /// Requests to Graph beta (`{root}/beta/...`), with this client's
    /// settings, token provider and pacing.
    #[cfg(feature = "beta")]
    pub fn beta(&self) -> beta::Api {
        beta::Api::new(self)
    }

    /// A client for the global Graph service with the default settings. The
    /// API version is chosen per call: `client.v1()` or `client.beta()`.
    pub fn new(token: impl TokenProvider + 'static) -> Self {
        Self::builder(token).build()
    }

    /// A builder to pick the cloud or a service root (a test server), the
    /// timeouts, the limits, the retry policy and pacing.
    pub fn builder(token: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder::new(token)
    }
}

/// Everything a [`Handle`] has: its root, cloud, scope, token, and (with the
/// `client` feature) `execute` and `batch`.
impl std::ops::Deref for Client {
    type Target = Handle;

    fn deref(&self) -> &Handle {
        &self.0
    }
}

impl From<Handle> for Client {
    fn from(handle: Handle) -> Self {
        Client(handle)
    }
}

impl From<Client> for Handle {
    fn from(client: Client) -> Self {
        client.0
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Client").field(&self.0).finish()
    }
}

/// A fake of the synchronization API for downstream crates' tests (the
/// `testing` feature): [`FakeGraph`](testing::FakeGraph) serves both Graph
/// versions on a loopback port, in the test's own process, for a [`Client`]
/// pointed at it. It is the crate `graph-sync-fake` (`fake-graph/`), which
/// stands on the runtime's public API only; the routes it serves are
/// generated from the same slice as the request builders.
///
/// ```no_run
/// use graph_sync::testing::{FakeGraph, ProvisionScript};
/// use graph_sync::provisioning::StepType;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let graph = FakeGraph::start().await;
/// graph.add_service_principal("sp-1");
/// let job = graph.add_job("sp-1", "scim")?;
/// graph.on_provision("user-2", ProvisionScript::failure(StepType::Export, "The manager could not be found"));
/// let client = graph.client();
/// let jobs = client.v1().service_principal("sp-1").synchronization().jobs();
/// jobs.job(job.as_str()).start().send().await?;
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "testing")]
pub mod testing {
    pub use graph_sync_fake::{
        reading, Aim, FakeService, Fault, InboundScript, JobRun, ProvisionScript, ReceivedRequest, SetupError,
        Versions, DEFAULT_RULE_ID, FAKE_TOKEN,
    };

    use graph_sync_fake::routes::RouteTable;

    /// A fake Graph synchronization service on a loopback port, serving
    /// every Graph version of this build for a [`Client`](crate::Client).
    /// Dropping it stops it.
    pub type FakeGraph = graph_sync_fake::FakeService<crate::Client>;

    impl graph_sync_fake::Versions for crate::Client {
        fn route_tables() -> Vec<&'static RouteTable> {
            vec![
                #[cfg(feature = "beta")]
                &crate::beta::routes::API,
                #[cfg(feature = "v1")]
                &crate::v1::routes::API,
            ]
        }
    }

    #[cfg(test)]
    mod tests {
        use graph_sync_fake::{coverage, Versions};

        #[test]
        fn every_call_of_every_version_is_routed_and_answered() {
            let tables = crate::Client::route_tables();
            let expected = [cfg!(feature = "beta").then_some("beta"), cfg!(feature = "v1").then_some("v1.0")];
            assert_eq!(
                tables.iter().map(|api| api.version).collect::<Vec<_>>(),
                expected.into_iter().flatten().collect::<Vec<_>>()
            );
            // 56 calls in each version (v1.0 has bulkUpload where beta has Ping):
            // 34 of the synchronization API, 11 of the workflow around it, 11 of
            // who is provisioned (users, groups, members and their three type
            // casts, app role assignments).
            assert_eq!(coverage::answer_every_call(&tables), 56 * tables.len());
        }

        #[test]
        #[cfg(feature = "v1")]
        fn a_request_is_answered_in_memory_as_the_fuzz_target_sends_it() {
            let answer = |method: &str, target: &str, body: Vec<u8>| {
                let request = http::Request::builder().method(method).uri(target);
                let request = request.header("authorization", "Bearer t").body(body).unwrap();
                let response = graph_sync_fake::answer_in_memory(crate::Client::route_tables(), request);
                let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap_or_default();
                (response.status().as_u16(), body)
            };
            let (status, jobs) = answer("GET", "/v1.0/servicePrincipals/sp-1/synchronization/jobs", Vec::new());
            assert_eq!((status, jobs["value"].as_array().map(Vec::len)), (200, Some(1)), "{jobs}");
            let deep = format!("/v1.0/servicePrincipals?$filter={}id%20eq%20'a'{}", "(".repeat(100), ")".repeat(100));
            let (status, refusal) = answer("GET", &deep, Vec::new());
            assert_eq!(status, 400, "{refusal}");
            let (status, _) = answer("POST", "/v1.0/$batch", vec![b'['; 17 * 1024 * 1024]);
            assert_eq!(status, 413);
            // A batch item without a method is that item's 400, in a 200 of the batch.
            let (status, batch) = answer("POST", "/v1.0/$batch", br#"{"requests": [{"id": "1"}]}"#.to_vec());
            assert_eq!((status, &batch["responses"][0]["status"]), (200, &serde_json::json!(400)), "{batch}");
        }

        #[test]
        #[cfg(feature = "v1")]
        fn bodies_the_generated_types_refuse_are_refused() {
            coverage::refuse_bodies_the_generated_types_refuse(&crate::v1::routes::API);
        }
    }
}

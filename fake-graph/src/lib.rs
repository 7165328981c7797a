//! A fake of the Graph synchronization API for downstream crates' tests
//! (graph-sync's `testing` feature, read as `graph_sync::testing`).
//! [`FakeService`] serves the Graph versions of a client type ([`Versions`]:
//! `graph_sync::Client` has both) on a loopback port, in the test's own
//! process, for a client pointed at it. It stands on the runtime's public
//! API only (`tests/tests/layers.rs` holds that), so it reads what a client
//! sends as the service would: from the wire.
//!
//! It is stateful and faithful where clients usually get Graph wrong:
//!
//! * The service principals and applications the test declares, each with
//!   templates; jobs created from a template (paused), listed (paged with
//!   `@odata.nextLink`), read, updated and deleted; `start` resumes a job and
//!   clears a quarantine, `pause` stops it, `restart` reprocesses (its
//!   `criteria` recorded); schema get, put and delete (back to the
//!   template's), directories, `discover`, `parseExpression`; secrets.
//! * `bulkUpload` as Entra's pages describe the service ([`InboundScript`]):
//!   `application/scim+json` only, 40 calls per 5 seconds and a daily limit
//!   answered `429`, accepted with `202` and a `Location` into each job's
//!   ingestion queue, processed after a lag on the fake's clock and only while
//!   the job runs ("bucket full" past the queue's size), one log entry per
//!   record, and only `work` emails, phones and addresses applied.
//! * `provisionOnDemand` answers in the documented shape (a pair of JSON
//!   documents in strings) with the outcome the test scripts per subject
//!   ([`ProvisionScript`]: success, skipped with a reason, failed at a step
//!   with modified properties), and is throttled as documented: more than 5
//!   requests in 10 seconds are answered `429` with `Retry-After`.
//! * Errors in Graph's shape (`{"error": {"code", "message", "innerError"}}`,
//!   the synchronization API's with a JSON error nested in `message`),
//!   `request-id` and `client-request-id` headers, `404` for an unknown id,
//!   `400` for a body the generated types do not accept, `401` without a token.
//! * Faults on demand ([`FakeGraph::fail_next`](crate::FakeService::fail_next)): `429`, `503`, a dropped
//!   connection, a slow answer.
//!
//! Routes and body checks come from the same slice as the request builders
//! (each version's generated `routes` table), so `cargo xtask regen` keeps
//! the fake in step with the crate; what the metadata cannot say (the job
//! state machine, throttling) is written here once.

// On docs.rs, each item says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod answers;
mod batch;
/// The fake's own check of a client type's route tables, which graph-sync's
/// tests run with its tables.
#[doc(hidden)]
pub mod coverage;
mod directory;
mod expression;
mod faults;
mod filter;
mod inbound;
/// Reading `$filter`, `$search` and `$orderby` text as the fake does: a
/// test can read back what a client sent.
pub mod reading;
/// The shape of the route tables the generated code writes for each version
/// (the generated code's interface, not a test's).
#[doc(hidden)]
pub mod routes;
mod runs;
mod server;
mod service;
mod state;
mod wire;

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub use faults::Aim;
use graph_sync_runtime::provisioning::StepType;
use graph_sync_runtime::StaticToken;
use graph_sync_runtime::{Builder, Handle};
use routes::RouteTable;
pub use state::InboundScript;

/// Answers one request as a fresh fake serving `tables` would (with a
/// service principal `sp-1` that has a job, an application `app-1`, a
/// gallery application `gallery-1` and a provisioning log entry), in memory
/// and without a server: the entry of the fuzz target of the fake's request
/// handling (`fuzz/fuzz_targets/fake_requests.rs`). A test talks to
/// [`FakeService`] over loopback, as its client does.
#[doc(hidden)]
pub fn answer_in_memory(tables: Vec<&'static RouteTable>, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    let (state, _, _) = coverage::state();
    let shared = Shared::new(tables, state);
    let (parts, body) = request.into_parts();
    let body = if body.len() > server::MAX_BODY_BYTES { server::Body::TooLarge } else { server::Body::Read(&body) };
    server::respond(&shared, &parts, body, None).map(|bytes| bytes.to_vec())
}

/// The token the fake's own clients send; the fake takes any well-formed
/// bearer token unless a test requires one ([`FakeGraph::require_token`](crate::FakeService::require_token)).
pub const FAKE_TOKEN: &str = "fake-graph-token";

/// The id of the one rule of the schema a fake template (and so a job made
/// from it) has: the `ruleId` a `provisionOnDemand` to such a job names,
/// which the fake checks as the service does.
pub const DEFAULT_RULE_ID: &str = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";

/// A client type and the Graph versions it reaches, which the fake serves:
/// implemented by `graph_sync::Client` with the route table of each version
/// the build has (generated from the same slice as its request builders).
pub trait Versions: From<Handle> {
    /// Each version's route table.
    fn route_tables() -> Vec<&'static RouteTable>;
}

/// A fake Graph synchronization service on a loopback port, serving the
/// versions of `C` (`graph_sync::testing::FakeGraph` serves
/// `graph_sync::Client`'s). Dropping it stops it.
pub struct FakeService<C> {
    shared: Arc<Shared>,
    root: String,
    server: tokio::task::JoinHandle<()>,
    client: PhantomData<fn() -> C>,
}

/// What the server task and the test share.
pub(crate) struct Shared {
    state: Mutex<state::State>,
    faults: Mutex<VecDeque<Fault>>,
    /// Faults aimed at the calls they hit ([`FakeGraph::fail`](crate::FakeService::fail)).
    aimed: Mutex<Vec<faults::Aimed>>,
    requests: Mutex<Vec<ReceivedRequest>>,
    /// The route table of each version served.
    apis: Vec<&'static RouteTable>,
    /// The fake's clock: the time (since the Unix epoch) it said when last
    /// set or moved, and the real instant of that.
    clock: Mutex<(Duration, Instant)>,
    /// How long a client may take to send a request's head, and its body.
    client_timeout: Mutex<Duration>,
    /// Which bearer tokens the fake takes.
    tokens: Mutex<Tokens>,
}

impl Shared {
    /// A fake serving `apis` from `state`, its clock at the wall clock's time.
    fn new(apis: Vec<&'static RouteTable>, state: state::State) -> Shared {
        Shared {
            state: Mutex::new(state),
            faults: Mutex::new(VecDeque::new()),
            aimed: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            apis,
            clock: Mutex::new((
                std::time::SystemTime::now().duration_since(std::time::SystemTime::UNIX_EPOCH).unwrap_or_default(),
                Instant::now(),
            )),
            client_timeout: Mutex::new(Duration::from_secs(30)),
            tokens: Mutex::new(Tokens::default()),
        }
    }

    fn tokens(&self) -> MutexGuard<'_, Tokens> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn client_timeout(&self) -> Duration {
        *self.client_timeout.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn state(&self) -> MutexGuard<'_, state::State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The fake clock, as time since the Unix epoch: the wall clock when the
    /// fake started (or the time a test set), the real time since, and what
    /// the test advanced. Every time the fake writes or counts (`Date`
    /// headers, timestamps in bodies, log entries, throttling windows, the
    /// logs' lag) is read from it.
    fn now(&self) -> Duration {
        let (at, since) = *self.clock.lock().unwrap_or_else(|p| p.into_inner());
        at + since.elapsed()
    }

    /// Sets the fake clock to `at` (since the Unix epoch), from now on running with real time.
    fn set_now(&self, at: Duration) {
        *self.clock.lock().unwrap_or_else(|p| p.into_inner()) = (at, Instant::now());
    }
}

/// Which bearer tokens the fake takes: by default any well-formed one.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// The one token taken, when a test requires one.
    required: Option<String>,
    /// Tokens answered as expired.
    expired: std::collections::BTreeSet<String>,
}

impl Tokens {
    /// Graph's `401` for a request with `token`, or `None` when it is taken.
    pub(crate) fn refusal(&self, token: &str) -> Option<Answer> {
        let refuse = |message: &str| Some(answers::error(401, "InvalidAuthenticationToken", message));
        // A bearer token is RFC 6750's b64token: letters, digits, `-._~+/`, then `=`s.
        let body = token.trim_end_matches('=');
        let well_formed = !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
        if token.is_empty() {
            return refuse("Access token is empty.");
        }
        if !well_formed {
            // Graph's message for a malformed token is not documented; this
            // is the one users report (`IDX14100`).
            return refuse("IDX14100: JWT is not well formed.");
        }
        if self.expired.contains(token) {
            // "Troubleshoot inbound provisioning API issues", section
            // "Unauthorized 401 response code", quotes this message.
            return refuse("Access token has expired or is not yet valid.");
        }
        if self.required.as_deref().is_some_and(|required| required != token) {
            // Graph's message for a token of another audience or tenant is
            // not documented: the fake's.
            return refuse("Access token validation failure: not the token this test requires.");
        }
        None
    }
}

/// A fault the next calls meet instead of their answer ([`FakeGraph::fail_next`](crate::FakeService::fail_next)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with this `Retry-After` (fractions of seconds allowed).
    Throttled { retry_after: Duration },
    /// `503 Service Unavailable`.
    Unavailable,
    /// The connection is closed without an answer.
    DroppedConnection,
    /// The real answer, after this long.
    Slow(Duration),
    /// `400` whose message quotes every value the request's body carried,
    /// credentials included: what a service that echoes its input does, so
    /// that a test sees the client's redaction of what it sent
    /// (`validateCredentials`, `PUT secrets`, `acquireAccessToken`).
    EchoCredentials,
}

/// A request the fake received, for a test's assertions.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    pub method: String,
    /// The path, with the version: `/v1.0/servicePrincipals/sp-1/...`.
    pub path: String,
    pub query: Option<String>,
    pub headers: http::HeaderMap,
    /// The JSON body, `Null` without one.
    pub body: Value,
}

impl ReceivedRequest {
    /// The body decoded as `T`, a generated model (`SynchronizationJob`,
    /// `SynchronizationSchema`, ...).
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.body)
    }

    /// An action's parameter decoded as `T`: a `provisionOnDemand`'s
    /// `parameter::<Vec<SynchronizationJobApplicationParameters>>("parameters")`.
    pub fn parameter<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, serde_json::Error> {
        T::deserialize(self.body.get(name).unwrap_or(&Value::Null))
    }
}

/// What `provisionOnDemand` answers for a subject.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionScript {
    result: &'static str,
    reason: Option<(String, String)>,
    failed_step: Option<(StepType, String)>,
    modified: Vec<(String, Option<String>, Option<String>)>,
}

impl Default for ProvisionScript {
    fn default() -> Self {
        Self::success()
    }
}

impl ProvisionScript {
    /// Provisioned: every step succeeds (the default for a subject).
    pub fn success() -> Self {
        Self { result: "Success", reason: None, failed_step: None, modified: Vec::new() }
    }

    /// Skipped, with the service's reason code and message
    /// (`RedundantExport`, "The state of the user in both the source and target systems already match.").
    pub fn skipped(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { result: "Skipped", reason: Some((code.into(), message.into())), ..Self::success() }
    }

    /// Failed at a step of this type, with its message.
    pub fn failure(step: StepType, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            result: "Failure",
            reason: Some(("ProvisioningFailed".into(), message.clone())),
            failed_step: Some((step, message)),
            modified: Vec::new(),
        }
    }

    /// An attribute the outcome reports as changed: `(name, old, new)`.
    pub fn modifying(mut self, name: impl Into<String>, old: Option<&str>, new: Option<&str>) -> Self {
        self.modified.push((name.into(), old.map(str::to_owned), new.map(str::to_owned)));
        self
    }

    /// The documented answer: `key` and `value` JSON documents in strings.
    fn answer(&self, object_id: &str, object_type: &str) -> Value {
        let (key, value) = self.outcome(object_id, object_type);
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
            "key": key.to_string(),
            "value": value.to_string()
        })
    }

    /// The two documents of the answer, `key` (the result) and `value`
    /// (the object's steps and changes), as JSON.
    fn outcome(&self, object_id: &str, object_type: &str) -> (Value, Value) {
        let mut details = json!({});
        if let Some((code, message)) = &self.reason {
            details = json!({"errorCode": code, "errorMessage": message});
        }
        let key = json!({"result": self.result, "details": details});
        let kinds = [
            (StepType::Import, "EntryImport"),
            (StepType::Scoping, "EntrySynchronizationScoping"),
            (StepType::Matching, "EntryExportMatching"),
            (StepType::Processing, "EntrySynchronizationAction"),
            (StepType::Export, "EntryExport"),
        ];
        let mut steps = Vec::new();
        for (kind, name) in kinds {
            let failed = self.failed_step.as_ref().filter(|(step, _)| *step == kind);
            let skipped = self.result == "Skipped" && kind == StepType::Processing;
            let (status, description) = match (failed, skipped) {
                (Some((_, message)), _) => ("Failure", message.clone()),
                (None, true) => ("Skipped", self.reason.as_ref().map(|r| r.1.clone()).unwrap_or_default()),
                (None, false) => ("Success", format!("{name} for {object_type} '{object_id}'")),
            };
            // The service writes step types capitalized (`Import`), as the documentation shows.
            let wire = kind.as_str();
            let kind_text = format!("{}{}", wire[..1].to_ascii_uppercase(), &wire[1..]);
            let mut step = json!({"name": name, "type": kind_text, "status": status,
                "description": description, "timestamp": "2026-11-30T12:00:00.0000000Z", "details": {}});
            if skipped {
                step["details"]["SkipReason"] = json!(self.reason.as_ref().map(|r| r.0.clone()));
            }
            steps.push(step);
            if failed.is_some() || skipped {
                break;
            }
        }
        let modified: Vec<Value> = self
            .modified
            .iter()
            .map(|(name, old, new)| json!({"displayName": name, "oldValue": old, "newValue": new}))
            .collect();
        let action = if self.result == "Success" { "Create" } else { "Other" };
        let value = json!({
            "action": action,
            "changeId": format!("change-{object_id}"),
            "endTime": "2026-11-30T12:00:01.0000000Z",
            "modifiedProperties": modified,
            "provisioningSteps": steps,
            "provisioningStatusInfo": {"status": self.result, "errorInformation": null},
            "sourceIdentity": {"id": object_id, "identityType": object_type, "displayName": object_id, "details": {}},
            "targetIdentity": {"id": null, "identityType": object_type, "displayName": null, "details": {}},
            "sourceSystem": {"id": "source", "displayName": "Azure Active Directory", "details": {}},
            "targetSystem": {"id": "target", "displayName": "customappsso", "details": {}},
        });
        (key, value)
    }
}

impl ProvisionScript {
    /// The steps of this outcome for one object, as the provisioning logs
    /// write them (`provisioningStepType` and `status` lower-case).
    fn steps_for_log(&self, object_id: &str, object_type: &str) -> Vec<Value> {
        let (_, value) = self.outcome(object_id, object_type);
        let lower = |value: &Value| value.as_str().unwrap_or_default().to_ascii_lowercase();
        value["provisioningSteps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|step| {
                json!({"name": step["name"], "provisioningStepType": lower(&step["type"]), "status": lower(&step["status"]),
                       "description": step["description"], "details": step["details"]})
            })
            .collect()
    }

    /// What the provisioning logs record of this outcome for one object:
    /// the same steps and changes as the answer, in the logs' spelling
    /// (`provisioningStepType` and `provisioningResult` lower-case).
    fn event(
        &self,
        object_id: &str,
        object_type: &str,
        source: &'static str,
        action: &'static str,
    ) -> directory::ProvisioningEvent {
        let (_, value) = self.outcome(object_id, object_type);
        let steps = self.steps_for_log(object_id, object_type);
        let status = self.result.to_ascii_lowercase();
        directory::ProvisioningEvent {
            action: if self.result == "Success" { action } else { "other" },
            error: self.reason.clone().filter(|_| status == "failure"),
            status,
            object_id: object_id.to_owned(),
            object_type: object_type.to_owned(),
            source_type: object_type.to_owned(),
            display_name: None,
            target_id: String::new(),
            source_system: source,
            target_system: "customappsso",
            cycle: None,
            steps,
            modified: value["modifiedProperties"].as_array().cloned().unwrap_or_default(),
        }
    }
}

/// What a job's run reports when it is started or restarted
/// ([`FakeGraph::script_run`](crate::FakeService::script_run)): the last execution's counts and the
/// progress of each object type. Without a script a run reports zeros.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobRun {
    imported: i64,
    exported: i64,
    entitled: i64,
    escrowed: i64,
    progress: Vec<(i64, i64, String)>,
    /// How long the run takes on the fake's clock.
    duration: Duration,
    /// The objects it provisions, each with its outcome: `(id, type, script)`.
    objects: Vec<(String, String, ProvisionScript)>,
    /// The quarantine reason it ends in, if it does.
    quarantine: Option<String>,
}

impl JobRun {
    pub fn new() -> Self {
        Self::default()
    }

    /// Objects imported from the source, exported to the target, and in scope (entitled).
    pub fn counts(mut self, imported: i64, exported: i64, entitled: i64) -> Self {
        (self.imported, self.exported, self.entitled) = (imported, exported, entitled);
        self
    }

    /// Objects held back for a retry (escrowed).
    pub fn escrowed(mut self, escrowed: i64) -> Self {
        self.escrowed = escrowed;
        self
    }

    /// Progress of one kind of object: `completed` of `total` `units` (`"Users"`).
    pub fn progress(mut self, completed: i64, total: i64, units: impl Into<String>) -> Self {
        self.progress.push((completed, total, units.into()));
        self
    }

    /// How long the run takes on the fake's clock (default: it ends as it
    /// begins). While it goes on the job is `Active`, its `progress` says
    /// nothing is done yet and `lastExecution` is still the run before;
    /// when it ends, its counts, progress and logs appear.
    pub fn lasting(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// An object the run provisions (a user's object id, of type `"User"`),
    /// with its outcome: the run writes one provisioning log entry for it,
    /// with the steps and result of `script`, when it ends.
    pub fn provisions(mut self, object_id: impl Into<String>, script: ProvisionScript) -> Self {
        self.objects.push((object_id.into(), "User".to_owned(), script));
        self
    }

    /// The run ends with the job in quarantine for `reason`, one of Graph's
    /// `quarantineReason` values (`TooManyDeletes`, `EncounteredQuarantineException`, ...),
    /// its last execution `Failed`.
    pub fn quarantined(mut self, reason: impl Into<String>) -> Self {
        self.quarantine = Some(reason.into());
        self
    }
}

/// A setting-up call of the fake that names what the fake does not have
/// (an undeclared service principal, a template it lacks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// What a call answers, before the server writes it.
pub(crate) enum Answer {
    Json {
        status: u16,
        body: Value,
    },
    Error {
        status: u16,
        code: String,
        message: String,
    },
    /// `429` with `Retry-After`; `message` says what is throttled.
    Throttled {
        retry_after: Duration,
        message: String,
    },
    Accepted {
        location: String,
    },
    /// `200` with a number as text (`{collection}/$count`).
    Count(u64),
}

impl<C: Versions> FakeService<C> {
    /// Starts the fake on a free loopback port (in the current tokio runtime).
    pub async fn start() -> FakeService<C> {
        let shared = Arc::new(Shared::new(C::route_tables(), state::State::default()));
        let (root, server) = server::serve(shared.clone()).await;
        FakeService { shared, root, server, client: PhantomData }
    }

    /// The service root, e.g. `http://127.0.0.1:40123`: `ClientBuilder::root`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// A client rooted at the fake, with a token it accepts and the default settings.
    pub fn client(&self) -> C {
        self.client_builder().build()
    }

    /// A client builder rooted at the fake, with a token it accepts: for a
    /// client with settings of its own (`unpaced`, `max_retries`, timeouts).
    pub fn client_builder(&self) -> Builder<C> {
        Builder::new(StaticToken::new(FAKE_TOKEN)).root(&self.root)
    }

    /// Declares a service principal (with a `scim` template), so that paths
    /// below `/servicePrincipals/{id}` exist and `GET /servicePrincipals`
    /// lists it.
    pub fn add_service_principal(&self, id: &str) -> &Self {
        self.shared.state().principals.entry(id.to_owned()).or_insert_with(|| directory::declared_principal(id));
        self.add_owner(id)
    }

    /// Declares a user (`/users/{id}`, or by `userPrincipalName`), enabled,
    /// its display name and mail taken from the principal name.
    pub fn add_user(&self, id: &str, user_principal_name: &str) -> &Self {
        self.shared.state().users.insert(id.to_owned(), directory::declared_user(id, user_principal_name));
        self
    }

    /// Declares a security group and its members (users, groups or service
    /// principals declared before or after, by object id), listed by
    /// `/groups/{id}/members` in this order.
    pub fn add_group(&self, id: &str, display_name: &str, members: &[&str]) -> &Self {
        let mut state = self.shared.state();
        state.groups.insert(id.to_owned(), directory::declared_group(id, display_name));
        state.members.insert(id.to_owned(), members.iter().map(|member| member.to_string()).collect());
        self
    }

    /// Declares an application (with a `scim` template).
    pub fn add_application(&self, id: &str) -> &Self {
        self.shared.state().applications.entry(id.to_owned()).or_insert_with(|| directory::declared_application(id));
        self.add_owner(id)
    }

    fn add_owner(&self, id: &str) -> &Self {
        let mut state = self.shared.state();
        let owner = state.owners.entry(id.to_owned()).or_default();
        owner.templates.entry("scim".into()).or_insert_with(|| state::template("scim"));
        self
    }

    /// Gives a declared principal or application an application (client)
    /// id, by which `servicePrincipals(appId='...')` and `$filter=appId eq
    /// '...'` find it.
    pub fn set_app_id(&self, owner: &str, app_id: &str) -> &Self {
        let mut state = self.shared.state();
        let state = &mut *state;
        for object in [state.principals.get_mut(owner), state.applications.get_mut(owner)].into_iter().flatten() {
            object["appId"] = json!(app_id);
        }
        self
    }

    /// Adds a gallery application (`/applicationTemplates/{id}`) whose
    /// `instantiate` creates an application and a service principal with
    /// these synchronization templates (`["aws"]`; none for an application
    /// without provisioning).
    pub fn add_application_template(&self, id: &str, display_name: &str, synchronization_templates: &[&str]) -> &Self {
        let template = directory::gallery_template(id, display_name, !synchronization_templates.is_empty());
        let synchronization_templates = synchronization_templates.iter().map(|t| (*t).to_owned()).collect();
        self.shared.state().gallery.insert(id.to_owned(), state::GalleryApp { template, synchronization_templates });
        self
    }

    /// A service principal or application as `GET` would answer it, if it exists.
    pub fn directory_object(&self, id: &str) -> Option<Value> {
        let state = self.shared.state();
        state.principals.get(id).or_else(|| state.applications.get(id)).cloned()
    }

    /// The provisioning logs so far (`provisioningObjectSummary` values),
    /// oldest first: what `GET /auditLogs/provisioning` would list now.
    pub fn provisioning_logs(&self) -> Vec<Value> {
        let now = self.shared.now();
        let mut state = self.shared.state();
        state.process_runs(now);
        state.process_uploads(now);
        state.logs.clone()
    }

    /// The provisioning logs so far as the version's type
    /// (`ProvisioningObjectSummary`), oldest first.
    pub fn provisioning_logs_as<L: serde::de::DeserializeOwned>(&self) -> Result<Vec<L>, serde_json::Error> {
        self.provisioning_logs().iter().map(L::deserialize).collect()
    }

    /// A job as `GET` would answer it, as the version's type (`SynchronizationJob`), if it exists.
    pub fn job_as<J: serde::de::DeserializeOwned>(
        &self,
        service_principal: &str,
        job: &str,
    ) -> Option<Result<J, serde_json::Error>> {
        self.job(service_principal, job).map(|job| J::deserialize(&job))
    }

    /// How `bulkUpload` behaves: the logs' lag, the ingestion queue's
    /// size, the daily limit ([`InboundScript`]).
    pub fn script_inbound(&self, script: InboundScript) -> &Self {
        self.shared.state().inbound.script = script;
        self
    }

    /// Adds a template (with a default schema) to a declared principal or application.
    pub fn add_template(&self, owner: &str, template_id: &str) -> &Self {
        let mut state = self.shared.state();
        let owner = state.owners.get_mut(owner).unwrap_or_else(|| panic!("declare `{owner}` first"));
        owner.templates.insert(template_id.to_owned(), state::template(template_id));
        self
    }

    /// Creates a job from a template as `POST .../jobs` would, and gives its
    /// id; an undeclared principal or a template it lacks is an error.
    pub fn add_job(&self, service_principal: &str, template_id: &str) -> Result<String, SetupError> {
        let mut state = self.shared.state();
        if !state.owners.contains_key(service_principal) {
            return Err(SetupError(format!("`{service_principal}` is not declared: add_service_principal first")));
        }
        match state.create_job(service_principal, &json!({"templateId": template_id})) {
            Answer::Json { body, .. } => Ok(body["id"].as_str().unwrap_or_default().to_owned()),
            _ => Err(SetupError(format!("`{service_principal}` has no template `{template_id}`: add_template first"))),
        }
    }

    /// What the job's next `start` or `restart` reports (counts and progress).
    pub fn script_run(&self, service_principal: &str, job: &str, run: JobRun) -> Result<&Self, SetupError> {
        let mut state = self.shared.state();
        if !state.owners.get(service_principal).is_some_and(|owner| owner.jobs.contains_key(job)) {
            return Err(SetupError(format!("`{service_principal}` has no job `{job}`")));
        }
        state.runs.insert(job.to_owned(), run);
        Ok(self)
    }

    /// A job as `GET` would answer it, if it exists.
    pub fn job(&self, service_principal: &str, job: &str) -> Option<Value> {
        let now = self.shared.now();
        let mut state = self.shared.state();
        state.process_runs(now);
        state.owners.get(service_principal)?.jobs.get(job).cloned()
    }

    /// Puts a job in quarantine with `reason` (`TooManyDeletes`,
    /// `EncounteredQuarantineException`, ...), as the service does.
    pub fn quarantine(&self, service_principal: &str, job: &str, reason: &str) {
        let now = self.shared.now();
        let mut state = self.shared.state();
        let job = state.owners.get_mut(service_principal).and_then(|o| o.jobs.get_mut(job)).expect("an existing job");
        service::quarantine(job, reason, now);
    }

    /// The outcome `provisionOnDemand` answers for the subject with this object id.
    pub fn on_provision(&self, object_id: &str, script: ProvisionScript) -> &Self {
        self.shared.state().scripts.insert(object_id.to_owned(), script);
        self
    }

    /// The next `count` requests meet `fault` instead of their answer (in
    /// the order added, after faults added before).
    pub fn fail_next(&self, count: usize, fault: Fault) -> &Self {
        let mut faults = self.shared.faults.lock().unwrap_or_else(|p| p.into_inner());
        faults.extend(std::iter::repeat_n(fault, count));
        self
    }

    /// `fault` meets the calls `aim` names, alone or as items of a `$batch`
    /// (a dropped connection or a slow answer hits only whole requests),
    /// after faults aimed before; other calls are answered as usual.
    ///
    /// ```
    /// use std::time::Duration;
    /// use graph_sync::testing::{Aim, FakeGraph, Fault};
    ///
    /// fn script(graph: &FakeGraph) {
    ///     // The second provisionOnDemand is throttled, whatever comes before or between.
    ///     let throttled = Fault::Throttled { retry_after: Duration::from_secs(1) };
    ///     graph.fail(Aim::operation("provisionOnDemand").nth(2), throttled);
    /// }
    /// ```
    pub fn fail(&self, aim: Aim, fault: Fault) -> &Self {
        self.shared.aimed.lock().unwrap_or_else(|p| p.into_inner()).push(faults::Aimed::new(aim, fault));
        self
    }

    /// How many jobs a page of a job list holds (default 100; `$top` overrides).
    pub fn page_size(&self, size: usize) -> &Self {
        self.shared.state().page_size = size.max(1);
        self
    }

    /// Takes only `token` from now on (by default any well-formed bearer
    /// token): others are answered `401 InvalidAuthenticationToken`.
    pub fn require_token(&self, token: &str) -> &Self {
        self.shared.tokens().required = Some(token.to_owned());
        self
    }

    /// Answers requests with `token` `401 InvalidAuthenticationToken`,
    /// "Access token has expired or is not yet valid.", as Graph does when a
    /// token has expired.
    pub fn expire_token(&self, token: &str) -> &Self {
        self.shared.tokens().expired.insert(token.to_owned());
        self
    }

    /// How long a client may take to send a request's head, and then its
    /// body (default 30 s): a slower one is cut off, as a server does. Applies
    /// to connections opened after the call.
    pub fn client_timeout(&self, timeout: Duration) -> &Self {
        *self.shared.client_timeout.lock().unwrap_or_else(|p| p.into_inner()) = timeout;
        self
    }

    /// The fake's clock now: what its `Date` headers and timestamps say. It
    /// starts at the wall clock's time when the fake starts and runs with
    /// real time; [`advance`](Self::advance) moves it on and
    /// [`set_now`](Self::set_now) sets it.
    pub fn now(&self) -> std::time::SystemTime {
        std::time::SystemTime::UNIX_EPOCH + self.shared.now()
    }

    /// Moves the fake's clock on (the throttling windows, the logs' lag, timestamps).
    pub fn advance(&self, by: Duration) {
        self.shared.set_now(self.shared.now() + by);
    }

    /// Sets the fake's clock to `at`, from which it runs on with real time
    /// (a time before the Unix epoch is the epoch). Moving it back does not
    /// undo what was counted: a throttling window counts from the calls it saw.
    pub fn set_now(&self, at: std::time::SystemTime) {
        self.shared.set_now(at.duration_since(std::time::SystemTime::UNIX_EPOCH).unwrap_or_default());
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl<C> Drop for FakeService<C> {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl<C> std::fmt::Debug for FakeService<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeGraph").field("root", &self.root).finish_non_exhaustive()
    }
}

//! API-driven inbound provisioning beyond one request, without I/O: what a
//! bulk request is checked for before it is sent ([`Checked`]), and how the
//! provisioning logs are read back into one outcome per record
//! ([`correlate`], [`RecordOutcome`]). Sending, pacing and waiting for the
//! logs are the sending layer's (`send::inbound`).
//!
//! What the service documents, and where:
//! - at most 50 operations a request (the Graph page "Perform bulkUpload");
//! - only `work`-typed `addresses`, `emails` and `phoneNumbers` are
//!   processed ("Troubleshoot inbound provisioning API issues", section
//!   "Known limitation: multi-valued addresses, emails and phone numbers"):
//!   others are warned about, not refused;
//! - the logs say what happened to each record, 5 to 10 minutes after the
//!   `202` (the same page, section "There's nothing in the provisioning
//!   logs"), each entry naming the record by its `externalId` in
//!   `sourceIdentity.id` (as Microsoft's CSV2SCIM script reads them:
//!   "API-driven inbound provisioning with PowerShell script").

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::requests::scim::{
    BulkRequest, Record, ScimUser, BULK_REQUEST_SCHEMA, CORE_USER_SCHEMA, MAX_BULK_OPERATIONS,
};

/// What [`BulkRequest::checked`] found: problems the service would refuse
/// (or mis-handle: a record without `externalId` cannot be matched to its
/// log), and warnings of what it would ignore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Checked {
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

impl Checked {
    /// No problem (warnings may remain).
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The attributes a job's schema has, by their full names as the source
/// directory of an API-driven provisioning job names them
/// (`urn:contoso:employee:JobCode`, `urn:ietf:params:scim:schemas:core:2.0:User:userName`),
/// for checking a custom extension's attributes before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownAttributes(BTreeSet<String>);

impl KnownAttributes {
    pub fn new(names: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self(names.into_iter().map(Into::into).collect())
    }

    /// The attribute names of every object of every directory of a
    /// synchronization schema, as JSON (`directories[].objects[].attributes[].name`):
    /// `serde_json::to_value(&schema)` of the version's `SynchronizationSchema`.
    pub fn of_schema(schema: &Value) -> Self {
        let names = schema["directories"].as_array().into_iter().flatten().flat_map(|directory| {
            directory["objects"].as_array().into_iter().flatten().flat_map(|object| {
                object["attributes"].as_array().into_iter().flatten().filter_map(|a| a["name"].as_str())
            })
        });
        Self::new(names.map(str::to_owned))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

impl BulkRequest {
    /// Checks the request as the service reads it, before it is sent:
    /// between 1 and [`MAX_BULK_OPERATIONS`] operations; the bulk request's
    /// schema; each user's core schema, and every extension it carries named
    /// in its `schemas`; an `externalId` on each user, unique within the
    /// request. With `known` (the job's schema attributes), each custom
    /// extension attribute must be one of them. Non-`work` addresses, emails
    /// and phone numbers are warnings: the service ignores them.
    pub fn checked(&self, known: Option<&KnownAttributes>) -> Checked {
        let mut checked = Checked::default();
        match self.operations.len() {
            0 => checked.problems.push("a bulk request needs at least one operation".to_owned()),
            n if n > MAX_BULK_OPERATIONS => checked.problems.push(format!(
                "a bulk request takes at most {MAX_BULK_OPERATIONS} operations; this one has {n} (split it with BulkRequest::split)"
            )),
            _ => {}
        }
        if !self.schemas.iter().any(|schema| schema == BULK_REQUEST_SCHEMA) {
            checked.problems.push(format!("the bulk request's schemas do not name {BULK_REQUEST_SCHEMA}"));
        }
        let mut seen = HashSet::new();
        for (index, operation) in self.operations.iter().enumerate() {
            let Some(user) = operation.data.value() else {
                if !operation.method.eq_ignore_ascii_case("DELETE") {
                    checked.problems.push(format!("operation {index} has no data"));
                }
                continue;
            };
            let name = match user.external_id.as_deref() {
                Some(id) if !id.is_empty() => {
                    if !seen.insert(id) {
                        checked.problems.push(format!("operation {index}: the externalId {id:?} is repeated"));
                    }
                    format!("operation {index} (externalId {id:?})")
                }
                _ => {
                    checked.problems.push(format!("operation {index} has no externalId"));
                    format!("operation {index}")
                }
            };
            check_user(user, &name, known, &mut checked);
        }
        checked
    }
}

fn check_user(user: &ScimUser, name: &str, known: Option<&KnownAttributes>, checked: &mut Checked) {
    let named = |schema: &str| user.schemas.iter().any(|s| s == schema);
    if !named(CORE_USER_SCHEMA) {
        checked.problems.push(format!("{name}: its schemas do not name {CORE_USER_SCHEMA}"));
    }
    if user.enterprise.value().is_some() && !named(crate::requests::scim::ENTERPRISE_USER_SCHEMA) {
        checked.problems.push(format!("{name}: it has the enterprise extension, which its schemas do not name"));
    }
    for (key, value) in &user.extensions {
        let Some(attributes) = value.as_object().filter(|_| key.starts_with("urn:")) else { continue };
        if !named(key) {
            checked.problems.push(format!("{name}: it has the extension {key}, which its schemas do not name"));
        }
        if let Some(known) = known {
            for attribute in attributes.keys() {
                let full = format!("{key}:{attribute}");
                if !known.contains(&full) {
                    checked.problems.push(format!("{name}: {full} is not an attribute of the job's schema"));
                }
            }
        }
    }
    let kinds = [
        ("emails", user.emails.value().map(|v| v.iter().map(|e| e.kind.as_deref()).collect::<Vec<_>>())),
        ("phoneNumbers", user.phone_numbers.value().map(|v| v.iter().map(|e| e.kind.as_deref()).collect())),
        ("addresses", user.addresses.value().map(|v| v.iter().map(|a| a.kind.as_deref()).collect())),
    ];
    for (attribute, kinds) in kinds {
        for kind in kinds.into_iter().flatten() {
            if kind != Some("work") {
                checked.warnings.push(format!(
                    "{name}: a {attribute} value of type {} is ignored: API-driven provisioning processes only \
                     `work` values",
                    kind.map_or_else(|| "(none)".to_owned(), |k| format!("{k:?}"))
                ));
            }
        }
    }
}

/// What Entra did with one record, from its provisioning log entry's
/// `provisioningStatusInfo.status` and `provisioningAction`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    Created,
    Updated,
    Deleted,
    /// Nothing to do, or out of scope (`skipped`).
    Skipped,
    Failed,
    /// Any other status or action (`warning`, `disable`, ...), as written.
    Other(String),
}

impl Outcome {
    fn of(status: &str, action: &str) -> Self {
        match (status.to_ascii_lowercase().as_str(), action.to_ascii_lowercase().as_str()) {
            ("failure", _) => Outcome::Failed,
            ("skipped", _) => Outcome::Skipped,
            ("success", "create") => Outcome::Created,
            ("success", "update") => Outcome::Updated,
            ("success", "delete") => Outcome::Deleted,
            (status, action) => Outcome::Other(format!("{status}/{action}")),
        }
    }
}

/// One step of a record's provisioning, as its log entry writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedStep {
    pub name: String,
    /// `provisioningStepType`: `import`, `scoping`, `matching`, `processing`, `export`.
    pub kind: String,
    pub status: String,
    pub description: String,
}

/// One record's result: what Entra did, read from its provisioning log entry.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordOutcome<L = Value> {
    pub record: Record,
    pub outcome: Outcome,
    /// The Entra object's id (`targetIdentity.id`), when the entry names one.
    pub target_id: Option<String>,
    /// `provisioningStatusInfo.errorInformation`: its code and reason.
    pub error_code: Option<String>,
    pub reason: Option<String>,
    pub steps: Vec<LoggedStep>,
    pub cycle_id: Option<String>,
    pub change_id: Option<String>,
    /// `activityDateTime`, as written.
    pub at: String,
    /// The whole entry, as the version's type.
    pub log: L,
}

/// The outcome of each record of an upload that has a log entry, and the
/// records that have none (yet).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadResults<L = Value> {
    pub outcomes: Vec<RecordOutcome<L>>,
    /// Records without a log entry when the wait ended.
    pub pending: Vec<Record>,
}

impl<L> UploadResults<L> {
    /// How many records had each outcome.
    pub fn counts(&self) -> HashMap<Outcome, usize> {
        let mut counts = HashMap::new();
        for outcome in &self.outcomes {
            *counts.entry(outcome.outcome.clone()).or_default() += 1;
        }
        counts
    }

    /// Whether every record has its outcome.
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Matches provisioning log entries (JSON `provisioningObjectSummary`
/// values) to `records` uploaded to `job_id`, accepted at `since`:
///
/// - an entry belongs to the upload when its `jobId` is the job's and its
///   `activityDateTime` is not before `since` (the service's clock, from
///   the `202`'s `Date`);
/// - it belongs to the record whose `externalId` is its `sourceIdentity.id`;
/// - of several entries of one record (an earlier upload of it, a retry),
///   the latest `activityDateTime` wins.
///
/// `cycleId` and `changeId` are reported as the entry writes them. Entries
/// that decode neither as `L` nor by these fields are skipped, never fatal.
pub fn correlate<L: DeserializeOwned>(
    records: &[Record],
    job_id: &str,
    since: SystemTime,
    entries: &[Value],
) -> UploadResults<L> {
    let since = time::OffsetDateTime::from(since);
    let mut latest: HashMap<&str, (time::OffsetDateTime, &Value)> = HashMap::new();
    for entry in entries {
        if !entry["jobId"].as_str().is_some_and(|job| job.eq_ignore_ascii_case(job_id)) {
            continue;
        }
        let Some(at) = entry["activityDateTime"]
            .as_str()
            .and_then(|at| time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok())
        else {
            continue;
        };
        let Some(source) = entry["sourceIdentity"]["id"].as_str() else { continue };
        if at < since {
            continue;
        }
        let newer = latest.get(source).is_none_or(|(seen, _)| *seen <= at);
        if newer {
            latest.insert(source, (at, entry));
        }
    }
    let mut results = UploadResults { outcomes: Vec::new(), pending: Vec::new() };
    for record in records {
        let found = record.external_id.as_deref().and_then(|id| latest.get(id));
        let Some((_, entry)) = found else {
            results.pending.push(record.clone());
            continue;
        };
        let Ok(log) = serde_json::from_value::<L>((*entry).clone()) else {
            results.pending.push(record.clone());
            continue;
        };
        results.outcomes.push(outcome_of(record, entry, log));
    }
    results
}

fn outcome_of<L>(record: &Record, entry: &Value, log: L) -> RecordOutcome<L> {
    let text = |value: &Value| value.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let status = &entry["provisioningStatusInfo"];
    let steps = entry["provisioningSteps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|step| LoggedStep {
            name: text(&step["name"]).unwrap_or_default(),
            kind: text(&step["provisioningStepType"]).unwrap_or_default(),
            status: text(&step["status"]).unwrap_or_default(),
            description: text(&step["description"]).unwrap_or_default(),
        })
        .collect();
    RecordOutcome {
        record: record.clone(),
        outcome: Outcome::of(
            status["status"].as_str().unwrap_or_default(),
            entry["provisioningAction"].as_str().unwrap_or_default(),
        ),
        target_id: text(&entry["targetIdentity"]["id"]),
        error_code: text(&status["errorInformation"]["errorCode"]),
        reason: text(&status["errorInformation"]["reason"]),
        steps,
        cycle_id: text(&entry["cycleId"]),
        change_id: text(&entry["changeId"]),
        at: text(&entry["activityDateTime"]).unwrap_or_default(),
        log,
    }
}

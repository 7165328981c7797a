//! The typed outcome of `provisionOnDemand` (hand-written).
//!
//! Graph answers `provisionOnDemand` with a `stringKeyStringValuePair` whose
//! `key` and `value` are JSON documents encoded as strings: `key` holds the
//! result (`Success`, `Failure`, `Skipped`, `Warning`) and its details, `value`
//! the provisioning summary (steps, modified properties, identities, systems).
//! `StringKeyStringValuePair::provisioning_outcome` (in each version's
//! models) decodes both; the raw pair stays as it was.
//!
//! The shapes mirror Graph's own `provisioningStep`, `modifiedProperty`,
//! `provisioningStatusInfo`, `provisionedIdentity` and `provisioningSystem`
//! types, but accept what the service really sends: enum values in any case
//! (`"Import"` where the CSDL says `import`), numbers where strings are
//! documented, and JSON documents nested in strings. Decoding is lossless:
//! properties this crate does not know are kept in `additional_properties`,
//! and enum values it does not know in `Unrecognized`.
//!
//! ```
//! use graph_sync::v1::models::StringKeyStringValuePair;
//! use graph_sync::provisioning::OutcomeResult;
//!
//! // The answer as Graph sends it: two JSON documents in strings.
//! let answer: StringKeyStringValuePair = serde_json::from_value(serde_json::json!({
//!     "key": r#"{"result": "Failure", "details": {"errorCode": "InvalidValue"}}"#,
//!     "value": r#"{"provisioningSteps": [
//!         {"name": "EntryImport", "provisioningStepType": "Import", "status": "Success"},
//!         {"name": "EntryExport", "provisioningStepType": "Export", "status": "Failure",
//!          "description": "The manager could not be found"}
//!     ]}"#
//! }))?;
//! let outcome = answer.provisioning_outcome()?;
//! assert_eq!(outcome.result, OutcomeResult::Failure);
//! let failure = outcome.failed_step().expect("a failed step");
//! assert_eq!(failure.step.name.as_deref(), Some("EntryExport"));
//! println!("{outcome}"); // a report: result, object, steps, changed attributes
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Why `Option` here and [`Field`](crate::Field) in the models: a model is
//! sent back to Graph (a `PATCH` must tell "absent" from `null`), so its
//! properties keep all three states; an outcome is only ever read, never
//! sent, so "absent" and `null` are the same `None`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::values::primitives::DateTimeOffset;

/// The most members one `provisionOnDemand` of a group provisions with it:
/// "search for a group and pick up to five users" ("On-demand provisioning
/// in Microsoft Entra ID", How to use on-demand provisioning); "The
/// on-demand provisioning request API can only accept a single group with up
/// to five members at a time" ("On-demand provisioning - Microsoft Entra ID
/// to Active Directory"). `graph_sync::on_demand::OnDemand::group` keeps to it.
pub const MAX_GROUP_MEMBERS: usize = 5;

/// Other properties, as sent.
pub type Properties = BTreeMap<String, Value>;

/// A case-insensitive open enum: known members by name, others kept as sent.
macro_rules! lenient_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this crate does not know, as sent.
            Unrecognized(String),
        }

        impl $name {
            /// Parses a wire value, ignoring case; unknown values are kept.
            pub fn from_wire(wire: &str) -> Self {
                $(if wire.eq_ignore_ascii_case($wire) { return Self::$variant; })*
                Self::Unrecognized(wire.to_owned())
            }

            /// The name as Graph's CSDL spells it (or the unknown value as sent).
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(wire) => wire,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = String::deserialize(deserializer)?;
                Ok(Self::from_wire(&wire))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

lenient_enum! {
    /// The result of provisioning one object (Graph's `provisioningResult`).
    OutcomeResult {
        Success => "success",
        Failure => "failure",
        Skipped => "skipped",
        Warning => "warning",
    }
}

lenient_enum! {
    /// What kind of step (Graph's `provisioningStepType`).
    StepType {
        Import => "import",
        Scoping => "scoping",
        Matching => "matching",
        Processing => "processing",
        ReferenceResolution => "referenceResolution",
        Export => "export",
    }
}

lenient_enum! {
    /// What was done to the object (Graph's `provisioningAction`).
    OutcomeAction {
        Other => "other",
        Create => "create",
        Delete => "delete",
        Disable => "disable",
        Update => "update",
        StagedDelete => "stagedDelete",
    }
}

/// A string, or any other JSON value as its JSON text (the service sends
/// numbers and booleans where strings are documented).
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text),
        Some(other) => Some(other.to_string()),
    })
}

/// The decoded `key` and `value` of a provisionOnDemand answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisioningOutcome {
    /// From `key`: `Success`, `Failure`, `Skipped` or `Warning`.
    pub result: OutcomeResult,
    /// From `key`: the result's details (`errorCode`, `errorMessage`, others).
    pub details: OutcomeDetails,
    /// From `value`: what happened, step by step.
    pub summary: ProvisioningSummary,
}

/// The `details` of the result in `key`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct OutcomeDetails {
    #[serde(rename = "errorCode", default, deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    #[serde(rename = "errorMessage", default, deserialize_with = "lenient_string")]
    pub error_message: Option<String>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

/// The provisioning summary in `value` (Graph's `provisioningObjectSummary` shape).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct ProvisioningSummary {
    #[serde(default)]
    pub action: Option<OutcomeAction>,
    #[serde(rename = "changeId", default, deserialize_with = "lenient_string")]
    pub change_id: Option<String>,
    #[serde(rename = "startTime", default)]
    pub start_time: Option<DateTimeOffset>,
    #[serde(rename = "endTime", default)]
    pub end_time: Option<DateTimeOffset>,
    #[serde(rename = "reportableIdentifier", default, deserialize_with = "lenient_string")]
    pub reportable_identifier: Option<String>,
    #[serde(rename = "modifiedProperties", default, deserialize_with = "null_as_empty")]
    pub modified_properties: Vec<ChangedProperty>,
    #[serde(rename = "provisioningSteps", default, deserialize_with = "null_as_empty")]
    pub provisioning_steps: Vec<OutcomeStep>,
    #[serde(rename = "statusInfo", default)]
    pub status_info: Option<OutcomeStatus>,
    #[serde(rename = "sourceIdentity", default)]
    pub source_identity: Option<OutcomeIdentity>,
    #[serde(rename = "targetIdentity", default)]
    pub target_identity: Option<OutcomeIdentity>,
    #[serde(rename = "sourceSystem", default)]
    pub source_system: Option<OutcomeSystem>,
    #[serde(rename = "targetSystem", default)]
    pub target_system: Option<OutcomeSystem>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// An attribute the provisioning changed (Graph's `modifiedProperty`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct ChangedProperty {
    #[serde(rename = "displayName", default, deserialize_with = "lenient_string")]
    pub display_name: Option<String>,
    #[serde(rename = "oldValue", default, deserialize_with = "lenient_string")]
    pub old_value: Option<String>,
    #[serde(rename = "newValue", default, deserialize_with = "lenient_string")]
    pub new_value: Option<String>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

/// One step of provisioning (Graph's `provisioningStep`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct OutcomeStep {
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: Option<String>,
    #[serde(rename = "type", default)]
    pub step_type: Option<StepType>,
    #[serde(default)]
    pub status: Option<OutcomeResult>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub description: Option<String>,
    #[serde(default)]
    pub timestamp: Option<DateTimeOffset>,
    /// The step's details, as sent (values are usually strings, sometimes JSON in strings).
    #[serde(default, deserialize_with = "null_as_empty_map")]
    pub details: Properties,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

fn null_as_empty_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Properties, D::Error> {
    Ok(Option::<Properties>::deserialize(deserializer)?.unwrap_or_default())
}

impl OutcomeStep {
    /// A detail as text (a string as it is, another value as its JSON text).
    pub fn detail(&self, name: &str) -> Option<String> {
        match self.details.get(name)? {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// A detail that is a JSON document encoded in a string, decoded
    /// (e.g. `originatingReplicaToken`); `None` if absent or not JSON.
    pub fn detail_json(&self, name: &str) -> Option<Value> {
        match self.details.get(name)? {
            Value::String(text) => serde_json::from_str(text).ok(),
            other => Some(other.clone()),
        }
    }
}

/// Status and error information (Graph's `provisioningStatusInfo`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct OutcomeStatus {
    #[serde(default)]
    pub status: Option<OutcomeResult>,
    #[serde(rename = "errorCode", default, deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub reason: Option<String>,
    #[serde(rename = "additionalDetails", default, deserialize_with = "lenient_string")]
    pub additional_details: Option<String>,
    #[serde(rename = "errorCategory", default, deserialize_with = "lenient_string")]
    pub error_category: Option<String>,
    #[serde(rename = "recommendedAction", default, deserialize_with = "lenient_string")]
    pub recommended_action: Option<String>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

/// The object on one side (Graph's `provisionedIdentity`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct OutcomeIdentity {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    /// The object type, e.g. `User` or a SCIM schema URN.
    #[serde(rename = "type", default, deserialize_with = "lenient_string")]
    pub identity_type: Option<String>,
    #[serde(rename = "displayName", default, deserialize_with = "lenient_string")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub details: Option<Value>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

/// The system on one side (Graph's `provisioningSystem`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[non_exhaustive]
pub struct OutcomeSystem {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: Option<String>,
    #[serde(default)]
    pub details: Option<Value>,
    #[serde(flatten)]
    pub additional_properties: Properties,
}

/// Which of the two strings did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomePart {
    Key,
    Value,
}

/// A provisionOnDemand answer whose `key` or `value` is not the expected JSON.
/// The raw strings stay available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeError {
    pub part: OutcomePart,
    pub message: String,
    pub raw_key: Option<String>,
    pub raw_value: Option<String>,
}

impl fmt::Display for OutcomeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = match self.part {
            OutcomePart::Key => "key",
            OutcomePart::Value => "value",
        };
        write!(f, "the provisionOnDemand {part} is not the expected JSON document: {}", self.message)
    }
}

impl std::error::Error for OutcomeError {}

impl ProvisioningOutcome {
    /// Decodes the `key` and `value` of `provisionOnDemand`'s answer (the
    /// pair's `provisioning_outcome` does this for you).
    pub fn from_pair(key: Option<&str>, value: Option<&str>) -> Result<ProvisioningOutcome, OutcomeError> {
        let raw_key = key.map(str::to_owned);
        let raw_value = value.map(str::to_owned);
        let error = |part, message: String| OutcomeError {
            part,
            message,
            raw_key: raw_key.clone(),
            raw_value: raw_value.clone(),
        };

        #[derive(Deserialize)]
        struct Key {
            result: Option<OutcomeResult>,
            #[serde(default)]
            details: Option<OutcomeDetails>,
        }
        let key_text = key.ok_or_else(|| error(OutcomePart::Key, "`key` is missing".into()))?;
        let key: Key = serde_json::from_str(key_text).map_err(|e| error(OutcomePart::Key, e.to_string()))?;
        let result = key.result.ok_or_else(|| error(OutcomePart::Key, "`result` is missing".into()))?;
        let summary = match value {
            None => ProvisioningSummary::default(),
            Some(text) => serde_json::from_str(text).map_err(|e| error(OutcomePart::Value, e.to_string()))?,
        };
        Ok(ProvisioningOutcome { result, details: key.details.unwrap_or_default(), summary })
    }
}

/// The text, unless it is missing or blank.
fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// Why an object was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipReason {
    /// E.g. `RedundantExport`.
    pub code: Option<String>,
    pub message: Option<String>,
}

/// A step that failed, with what it said.
#[derive(Debug, Clone, PartialEq)]
pub struct StepFailure<'a> {
    pub step: &'a OutcomeStep,
    pub message: Option<String>,
}

impl ProvisioningOutcome {
    /// Whether the object was provisioned (`Success`).
    pub fn succeeded(&self) -> bool {
        self.result == OutcomeResult::Success
    }

    /// Whether provisioning failed (`Failure`).
    pub fn failed(&self) -> bool {
        self.result == OutcomeResult::Failure
    }

    /// Why the object was skipped, if it was.
    pub fn skip_reason(&self) -> Option<SkipReason> {
        if self.result != OutcomeResult::Skipped {
            return None;
        }
        let skipped_step = self.summary.provisioning_steps.iter().find(|s| s.status == Some(OutcomeResult::Skipped));
        // The service sends `"errorCode": ""` for some skips: an empty text is no reason.
        Some(SkipReason {
            code: non_empty(&self.details.error_code)
                .or_else(|| skipped_step.and_then(|s| non_empty(&s.detail("SkipReason")))),
            message: non_empty(&self.details.error_message)
                .or_else(|| skipped_step.and_then(|s| non_empty(&s.description))),
        })
    }

    /// The first step that failed, and its message (the step's description,
    /// or else the status reason or the result's error message).
    pub fn failed_step(&self) -> Option<StepFailure<'_>> {
        let step = self.summary.provisioning_steps.iter().find(|s| s.status == Some(OutcomeResult::Failure))?;
        let message = step
            .description
            .clone()
            .or_else(|| self.summary.status_info.as_ref().and_then(|s| s.reason.clone()))
            .or_else(|| self.details.error_message.clone());
        Some(StepFailure { step, message })
    }

    /// The attributes that changed: `(name, old, new)`.
    pub fn changes(&self) -> impl Iterator<Item = (&str, Option<&str>, Option<&str>)> {
        self.summary
            .modified_properties
            .iter()
            .map(|p| (p.display_name.as_deref().unwrap_or_default(), p.old_value.as_deref(), p.new_value.as_deref()))
    }
}

/// A short report: result and reason, object, systems, steps, changes.
impl fmt::Display for ProvisioningOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.result)?;
        let (code, message) = match self.skip_reason() {
            Some(reason) => (reason.code, reason.message),
            None => (non_empty(&self.details.error_code), non_empty(&self.details.error_message)),
        };
        if let Some(code) = code {
            write!(f, " ({code})")?;
        }
        if let Some(message) = message {
            write!(f, ": {message}")?;
        }
        writeln!(f)?;
        let system = |s: &Option<OutcomeSystem>| s.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| "?".into());
        if let Some(object) = &self.summary.reportable_identifier {
            writeln!(
                f,
                "  object: {object} ({} -> {})",
                system(&self.summary.source_system),
                system(&self.summary.target_system)
            )?;
        }
        for step in &self.summary.provisioning_steps {
            let kind = step.step_type.as_ref().map_or("?", |t| t.as_str());
            let status = step.status.as_ref().map_or("?", |s| s.as_str());
            writeln!(f, "  step {kind}: {status}: {}", step.description.as_deref().unwrap_or_default())?;
        }
        for (name, old, new) in self.changes() {
            writeln!(f, "  changed {name}: {} -> {}", old.unwrap_or("(none)"), new.unwrap_or("(none)"))?;
        }
        Ok(())
    }
}

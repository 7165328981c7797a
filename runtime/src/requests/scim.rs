//! API-driven inbound provisioning (`bulkUpload`): typed SCIM 2.0 users
//! (RFC 7643: the core schema, the enterprise extension, and custom
//! extensions in an open map) and the SCIM bulk request that carries them
//! (RFC 7644 §3.7), sent as `application/scim+json`.
//!
//! Graph takes at most 50 operations per bulk request
//! ([`MAX_BULK_OPERATIONS`]); [`BulkRequest::check`] refuses more before
//! anything is sent and [`BulkRequest::split`] cuts a larger set. Decoding
//! and re-encoding keeps what was sent, unknown attributes included.
//!
//! These types derive serde, with `flatten` for the members they do not
//! name, where the generated models go through the table engine
//! (`values/model.rs`), for measured reasons (issue 45): they are compiled
//! once, in this crate, not once per Graph version; the client only encodes
//! them, and `flatten` costs nothing when encoding (serde writes the map's
//! entries into the same object; the buffering is on decoding, which the
//! client never does and the fake does); and encoding is not what bounds
//! an upload: 300,000 records read from CSV, mapped, checked and encoded
//! into 6,000 requests take 0.96 s (BENCHMARKS.md, "HR files into bulk requests"), 0.16 ms a
//! request, where [`BULK_UPLOAD`](crate::BULK_UPLOAD) paces one request every
//! 125 ms.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::requests::handle::Handle;
use crate::requests::paging::ListRequest;
use crate::requests::request::{NoContent, Request};
use crate::requests::resource::Resource;
use crate::values::error::Error;
use crate::values::field::Field;

/// The schema of a SCIM bulk request.
pub const BULK_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/// The SCIM core user schema.
pub const CORE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The SCIM enterprise user extension.
pub const ENTERPRISE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The most operations Graph takes in one bulk request: the Graph page
/// "Perform bulkUpload", and "API-driven inbound provisioning concepts"
/// ("Each bulk request can contain a maximum of 50 user records").
pub const MAX_BULK_OPERATIONS: usize = 50;

/// A SCIM bulk request: `Operations`, each creating or updating one user.
///
/// ```
/// use graph_sync::runtime::scim::{BulkRequest, ScimUser};
///
/// let user = ScimUser::new("701984").with_user_name("bjensen@example.com").with_active(true);
/// let request = BulkRequest::from_users([user]);
/// assert_eq!(request.operations[0].bulk_id.as_deref(), Some("701984"));
/// assert!(request.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BulkRequest {
    pub schemas: Vec<String>,
    #[serde(rename = "Operations")]
    pub operations: Vec<BulkOperation>,
    /// How many errors the service accepts before it stops (`null`: no limit).
    #[serde(rename = "failOnErrors", default, skip_serializing_if = "Field::is_absent")]
    pub fail_on_errors: Field<i64>,
    /// Other members, as sent.
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl Default for BulkRequest {
    fn default() -> Self {
        Self {
            schemas: vec![BULK_REQUEST_SCHEMA.to_owned()],
            operations: Vec::new(),
            fail_on_errors: Field::Absent,
            additional: BTreeMap::new(),
        }
    }
}

impl BulkRequest {
    /// A bulk request posting each user to `/Users`, its `bulkId` the user's `externalId`.
    pub fn from_users(users: impl IntoIterator<Item = ScimUser>) -> Self {
        let operations = users
            .into_iter()
            .map(|user| BulkOperation {
                method: "POST".to_owned(),
                bulk_id: user.external_id.clone(),
                path: "/Users".to_owned(),
                data: Field::Value(user),
                additional: BTreeMap::new(),
            })
            .collect();
        Self { operations, ..Self::default() }
    }

    /// The problems of [`BulkRequest::checked`] (at most
    /// [`MAX_BULK_OPERATIONS`] operations, the schemas present, an
    /// `externalId` present and unique), as one message; warnings are not
    /// problems.
    pub fn check(&self) -> Result<(), String> {
        let checked = self.checked(None);
        if checked.problems.is_empty() {
            Ok(())
        } else {
            Err(checked.problems.join("; "))
        }
    }

    /// The operations in requests of at most [`MAX_BULK_OPERATIONS`] each,
    /// with this request's other members.
    pub fn split(self) -> Vec<BulkRequest> {
        let template = BulkRequest { operations: Vec::new(), ..self.clone() };
        self.operations
            .chunks(MAX_BULK_OPERATIONS)
            .map(|operations| BulkRequest { operations: operations.to_vec(), ..template.clone() })
            .collect()
    }
}

/// One operation of a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BulkOperation {
    pub method: String,
    #[serde(rename = "bulkId", default, skip_serializing_if = "Field::is_absent")]
    pub bulk_id: Field<String>,
    pub path: String,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub data: Field<ScimUser>,
    /// Other members, as sent.
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

/// A SCIM user (RFC 7643 §4.1) with the enterprise extension (§4.3); custom
/// extension schemas (`urn:contoso:employee`) and any other attribute are
/// kept in `extensions`, keyed by their name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScimUser {
    pub schemas: Vec<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub external_id: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub name: Field<ScimName>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub display_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub nick_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub emails: Field<Vec<ScimMultiValue>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub addresses: Field<Vec<ScimAddress>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub phone_numbers: Field<Vec<ScimMultiValue>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub user_type: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub title: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub preferred_language: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub locale: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub timezone: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub active: Field<bool>,
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    #[serde(
        rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        default,
        skip_serializing_if = "Field::is_absent"
    )]
    pub enterprise: Field<EnterpriseUser>,
    /// Custom extension schemas (`"urn:contoso:employee": {"HireDate": ...}`)
    /// and other attributes, as sent.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl ScimUser {
    /// A user with the core schema and its `externalId` (the usual matching attribute).
    pub fn new(external_id: impl Into<String>) -> Self {
        Self {
            schemas: vec![CORE_USER_SCHEMA.to_owned()],
            external_id: Field::Value(external_id.into()),
            ..Self::default()
        }
    }

    /// Sets `externalId`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_external_id(mut self, value: impl Into<Field<String>>) -> Self {
        self.external_id = value.into();
        self
    }

    /// Sets `userName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_user_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.user_name = value.into();
        self
    }

    /// Sets `name`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_name(mut self, value: impl Into<Field<ScimName>>) -> Self {
        self.name = value.into();
        self
    }

    /// Sets `displayName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_display_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.display_name = value.into();
        self
    }

    /// Sets `nickName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_nick_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.nick_name = value.into();
        self
    }

    /// Sets `emails`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_emails(mut self, value: impl Into<Field<Vec<ScimMultiValue>>>) -> Self {
        self.emails = value.into();
        self
    }

    /// Sets `addresses`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_addresses(mut self, value: impl Into<Field<Vec<ScimAddress>>>) -> Self {
        self.addresses = value.into();
        self
    }

    /// Sets `phoneNumbers`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_phone_numbers(mut self, value: impl Into<Field<Vec<ScimMultiValue>>>) -> Self {
        self.phone_numbers = value.into();
        self
    }

    /// Sets `userType`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_user_type(mut self, value: impl Into<Field<String>>) -> Self {
        self.user_type = value.into();
        self
    }

    /// Sets `title`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_title(mut self, value: impl Into<Field<String>>) -> Self {
        self.title = value.into();
        self
    }

    /// Sets `preferredLanguage`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_preferred_language(mut self, value: impl Into<Field<String>>) -> Self {
        self.preferred_language = value.into();
        self
    }

    /// Sets `locale`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_locale(mut self, value: impl Into<Field<String>>) -> Self {
        self.locale = value.into();
        self
    }

    /// Sets `timezone`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_timezone(mut self, value: impl Into<Field<String>>) -> Self {
        self.timezone = value.into();
        self
    }

    /// Sets `active`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_active(mut self, value: impl Into<Field<bool>>) -> Self {
        self.active = value.into();
        self
    }

    /// Sets the enterprise extension, and names its schema.
    #[must_use]
    pub fn with_enterprise(mut self, enterprise: EnterpriseUser) -> Self {
        if !self.schemas.iter().any(|s| s == ENTERPRISE_USER_SCHEMA) {
            self.schemas.push(ENTERPRISE_USER_SCHEMA.to_owned());
        }
        self.enterprise = Field::Value(enterprise);
        self
    }

    /// Sets a custom extension's attributes (`urn:contoso:employee`), and names its schema.
    #[must_use]
    pub fn with_extension(mut self, schema: &str, attributes: serde_json::Map<String, Value>) -> Self {
        if !self.schemas.iter().any(|s| s == schema) {
            self.schemas.push(schema.to_owned());
        }
        self.extensions.insert(schema.to_owned(), Value::Object(attributes));
        self
    }
}

/// A user's name parts (RFC 7643 §4.1.1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScimName {
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub formatted: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub family_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub given_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub middle_name: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub honorific_prefix: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub honorific_suffix: Field<String>,
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl ScimName {
    /// Sets `formatted`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_formatted(mut self, value: impl Into<Field<String>>) -> Self {
        self.formatted = value.into();
        self
    }

    /// Sets `familyName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_family_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.family_name = value.into();
        self
    }

    /// Sets `givenName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_given_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.given_name = value.into();
        self
    }

    /// Sets `middleName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_middle_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.middle_name = value.into();
        self
    }

    /// Sets `honorificPrefix`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_honorific_prefix(mut self, value: impl Into<Field<String>>) -> Self {
        self.honorific_prefix = value.into();
        self
    }

    /// Sets `honorificSuffix`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_honorific_suffix(mut self, value: impl Into<Field<String>>) -> Self {
        self.honorific_suffix = value.into();
        self
    }
}

/// A multi-valued attribute's value (emails, phone numbers).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScimMultiValue {
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub value: Field<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Field::is_absent")]
    pub kind: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub primary: Field<bool>,
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl ScimMultiValue {
    /// Sets `value`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_value(mut self, value: impl Into<Field<String>>) -> Self {
        self.value = value.into();
        self
    }

    /// Sets `type`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_kind(mut self, value: impl Into<Field<String>>) -> Self {
        self.kind = value.into();
        self
    }

    /// Sets `primary`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_primary(mut self, value: impl Into<Field<bool>>) -> Self {
        self.primary = value.into();
        self
    }
}

/// A postal address (RFC 7643 §4.1.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScimAddress {
    #[serde(rename = "type", default, skip_serializing_if = "Field::is_absent")]
    pub kind: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub street_address: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub locality: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub region: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub postal_code: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub country: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub formatted: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub primary: Field<bool>,
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl ScimAddress {
    /// Sets `type`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_kind(mut self, value: impl Into<Field<String>>) -> Self {
        self.kind = value.into();
        self
    }

    /// Sets `streetAddress`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_street_address(mut self, value: impl Into<Field<String>>) -> Self {
        self.street_address = value.into();
        self
    }

    /// Sets `locality`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_locality(mut self, value: impl Into<Field<String>>) -> Self {
        self.locality = value.into();
        self
    }

    /// Sets `region`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_region(mut self, value: impl Into<Field<String>>) -> Self {
        self.region = value.into();
        self
    }

    /// Sets `postalCode`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_postal_code(mut self, value: impl Into<Field<String>>) -> Self {
        self.postal_code = value.into();
        self
    }

    /// Sets `country`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_country(mut self, value: impl Into<Field<String>>) -> Self {
        self.country = value.into();
        self
    }

    /// Sets `formatted`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_formatted(mut self, value: impl Into<Field<String>>) -> Self {
        self.formatted = value.into();
        self
    }

    /// Sets `primary`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_primary(mut self, value: impl Into<Field<bool>>) -> Self {
        self.primary = value.into();
        self
    }
}

/// The enterprise user extension (RFC 7643 §4.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseUser {
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub employee_number: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub cost_center: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub organization: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub division: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub department: Field<String>,
    /// The manager, by the `externalId` of their record (`value`).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub manager: Field<ScimManager>,
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl EnterpriseUser {
    /// Sets `employeeNumber`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_employee_number(mut self, value: impl Into<Field<String>>) -> Self {
        self.employee_number = value.into();
        self
    }

    /// Sets `costCenter`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_cost_center(mut self, value: impl Into<Field<String>>) -> Self {
        self.cost_center = value.into();
        self
    }

    /// Sets `organization`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_organization(mut self, value: impl Into<Field<String>>) -> Self {
        self.organization = value.into();
        self
    }

    /// Sets `division`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_division(mut self, value: impl Into<Field<String>>) -> Self {
        self.division = value.into();
        self
    }

    /// Sets `department`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_department(mut self, value: impl Into<Field<String>>) -> Self {
        self.department = value.into();
        self
    }

    /// Sets `manager`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_manager(mut self, value: impl Into<Field<ScimManager>>) -> Self {
        self.manager = value.into();
        self
    }
}

/// A manager reference: `value` is the manager's `externalId`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScimManager {
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub value: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub display_name: Field<String>,
    #[serde(flatten)]
    pub additional: BTreeMap<String, Value>,
}

impl ScimManager {
    /// Sets `value`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_value(mut self, value: impl Into<Field<String>>) -> Self {
        self.value = value.into();
        self
    }

    /// Sets `displayName`; `None` leaves it out, `Field::Null` sends `null`.
    #[must_use]
    pub fn with_display_name(mut self, value: impl Into<Field<String>>) -> Self {
        self.display_name = value.into();
        self
    }
}

/// One record of a bulk upload, as its results are matched to it: the
/// operation's `bulkId` and the user's `externalId` (what the provisioning
/// logs name it by).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Record {
    pub bulk_id: Option<String>,
    pub external_id: Option<String>,
}

impl Record {
    /// The records of `request`, in its order.
    pub fn of(request: &BulkRequest) -> Vec<Record> {
        request
            .operations
            .iter()
            .map(|operation| Record {
                bulk_id: operation.bulk_id.as_deref().map(str::to_owned),
                external_id: operation.data.value().and_then(|user| user.external_id.as_deref()).map(str::to_owned),
            })
            .collect()
    }
}

/// What the service answers an accepted bulk upload: `202 Accepted` with a
/// `Location` (a provisioning-logs query for the job, to follow the upload's
/// processing) and the request's correlation ids. `L` is the version's
/// provisioning-log type ([`provisioning_logs`](Self::provisioning_logs)
/// lists them; `results()` waits for each record's).
#[non_exhaustive]
pub struct BulkUploadAccepted<L = Value> {
    pub location: Option<String>,
    pub request_id: Option<String>,
    pub client_request_id: Option<String>,
    /// The job the upload went to.
    pub job_id: String,
    /// When the service accepted it, by its own clock (the answer's `Date`;
    /// this machine's clock when the answer had none).
    pub accepted_at: std::time::SystemTime,
    /// The upload's records, in its order.
    pub records: Vec<Record>,
    /// The client the upload went with (rooted at its API version).
    pub(crate) client: Handle,
    logs: PhantomData<fn() -> L>,
}

impl<L> Clone for BulkUploadAccepted<L> {
    fn clone(&self) -> Self {
        Self {
            location: self.location.clone(),
            request_id: self.request_id.clone(),
            client_request_id: self.client_request_id.clone(),
            job_id: self.job_id.clone(),
            accepted_at: self.accepted_at,
            records: self.records.clone(),
            client: self.client.clone(),
            logs: PhantomData,
        }
    }
}

impl<L> std::fmt::Debug for BulkUploadAccepted<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkUploadAccepted")
            .field("location", &self.location)
            .field("request_id", &self.request_id)
            .field("client_request_id", &self.client_request_id)
            .field("job_id", &self.job_id)
            .field("accepted_at", &self.accepted_at)
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

impl<L: DeserializeOwned> BulkUploadAccepted<L> {
    /// The provisioning logs of this upload's job: the listing the
    /// `Location` names (`/auditLogs/provisioning/?$filter=jobid eq '...'`),
    /// sent as the service wrote it and paged from there. Refused unsent
    /// (an [`Error::Request`] from `send`) when the answer had no `Location`,
    /// or one that leaves the client's origin or API version.
    pub fn provisioning_logs(&self) -> ListRequest<L> {
        match &self.location {
            Some(location) => ListRequest::from_url(&self.client, location),
            None => {
                let problem = "the bulk upload's 202 answer had no Location to list its provisioning logs from";
                let request = Request::new(self.client.clone(), http::Method::GET, String::new());
                ListRequest::from_request(request.refused(Some(problem.to_owned())))
            }
        }
    }
}

/// A bulk upload, not yet sent: `POST .../synchronization/jobs/{jobId}/bulkUpload`
/// with a [`BulkRequest`] as `application/scim+json` (API-driven inbound
/// provisioning, a v1.0 operation):
/// `client.v1().service_principal(id).synchronization().jobs().job(job_id).bulk_upload(&request)`.
/// `L` is the version's provisioning-log type, which the acceptance's
/// [`provisioning_logs`](BulkUploadAccepted::provisioning_logs) decodes.
///
/// The metadata models `bulkUpload` as a media entity; the documented call,
/// followed here, is a `POST` of the SCIM document to it.
#[must_use = "a bulk upload does nothing until it is sent"]
pub struct BulkUploadRequest<L = Value> {
    pub(crate) request: Request<NoContent>,
    pub(crate) job_id: String,
    pub(crate) records: Vec<Record>,
    logs: PhantomData<fn() -> L>,
}

impl<L> Clone for BulkUploadRequest<L> {
    fn clone(&self) -> Self {
        Self {
            request: self.request.clone(),
            job_id: self.job_id.clone(),
            records: self.records.clone(),
            logs: PhantomData,
        }
    }
}

impl<L> std::fmt::Debug for BulkUploadRequest<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkUploadRequest")
            .field("request", &self.request)
            .field("records", &self.records.len())
            .finish()
    }
}

impl<L> BulkUploadRequest<L> {
    /// A bulk upload of `request` to `{job}/{segment}` (what the generated
    /// `bulk_upload` of a version with API-driven provisioning calls). A
    /// request that [`BulkRequest::check`] refuses (more than
    /// [`MAX_BULK_OPERATIONS`] operations, none, a missing schema, a missing
    /// or repeated `externalId`) is refused before anything is sent; calls
    /// are paced to the documented 40 per 5 seconds and counted against the
    /// daily budget (`ClientBuilder::pace`, `ClientBuilder::budget`).
    pub fn new(job: &Resource, segment: &str, request: &BulkRequest) -> Self {
        let call = job.post_to::<NoContent>(segment);
        let checked = request.check();
        let request_body = match (checked, serde_json::to_vec(request)) {
            (Ok(()), Ok(body)) => call.raw_body(body, "application/scim+json"),
            (Err(problem), _) => call.refused(Some(problem)),
            (_, Err(error)) => call.refused(Some(format!("the bulk request does not serialize: {error}"))),
        };
        let last = job.path().rsplit('/').next().unwrap_or_default();
        let job_id = percent_encoding::percent_decode_str(last).decode_utf8_lossy().into_owned();
        BulkUploadRequest { request: request_body, job_id, records: Record::of(request), logs: PhantomData }
    }

    /// This upload's settings in place of the client's: its time limits and
    /// retries ([`CallSettings`](crate::CallSettings)). Its pace and daily
    /// budget stay the client's.
    pub fn settings(mut self, settings: crate::values::markers::CallSettings) -> Self {
        self.request = self.request.settings(settings);
        self
    }

    /// The request as `http::Request` ([`Request::to_http`]).
    pub fn to_http(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.request.to_http()
    }

    /// Decodes the answer to this upload (from an HTTP stack of your own):
    /// the acceptance for a 2xx, [`Error::BucketFull`] when the job's
    /// ingestion queue is full, the crate's [`Error`] otherwise.
    pub fn decode(&self, response: http::Response<Vec<u8>>) -> Result<BulkUploadAccepted<L>, Error> {
        let headers = response.headers().clone();
        self.request.decode(response).map_err(bucket_full)?;
        Ok(self.accepted(&headers))
    }

    /// The service's acceptance from its answer's headers: `Location`, correlation ids, `Date`.
    pub(crate) fn accepted(&self, headers: &http::HeaderMap) -> BulkUploadAccepted<L> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let date = header("date")
            .and_then(|date| time::OffsetDateTime::parse(&date, &time::format_description::well_known::Rfc2822).ok());
        BulkUploadAccepted {
            location: header("location"),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            job_id: self.job_id.clone(),
            accepted_at: date.map_or_else(std::time::SystemTime::now, std::time::SystemTime::from),
            records: self.records.clone(),
            client: self.request.client().clone(),
            logs: PhantomData,
        }
    }
}

/// The error of an upload answered `500` with the message the Entra
/// troubleshooting page documents for a full ingestion queue ("The bucket
/// that stores the ingested data is full, please wait for the
/// synchronization service to process the ingested data and retry this
/// request.": "Troubleshoot inbound provisioning API issues", section
/// "Bucket full 500 response code") is [`Error::BucketFull`]. The page gives
/// the message, not the body's shape, so the message is looked for in the
/// whole body as received, without regard to case.
pub(crate) fn bucket_full(error: Error) -> Error {
    const MESSAGE: &str = "bucket that stores the ingested data is full";
    match error {
        Error::Graph { status, error }
            if status == http::StatusCode::INTERNAL_SERVER_ERROR
                && (error.raw.to_ascii_lowercase().contains(MESSAGE)
                    || error.message.to_ascii_lowercase().contains(MESSAGE)) =>
        {
            Error::BucketFull { status, error }
        }
        other => other,
    }
}

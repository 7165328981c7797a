//! What the fake holds: the declared service principals and applications
//! with their synchronization (jobs, schemas, secrets, templates), the
//! application gallery, the provisioning logs, the test's scripts, and the
//! fake clock's time as Graph writes it, and `bulkUpload`'s queues and
//! limits (whose behaviour is [`super::inbound`]'s). The synchronization side
//! ([`super::service`]) and the directory side ([`super::directory`]) each
//! answer their calls on it.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use serde_json::{json, Value};

use super::{JobRun, ProvisionScript};

pub(crate) const SERVICE_PRINCIPAL: &str = "microsoft.graph.servicePrincipal";
pub(crate) const APPLICATION: &str = "microsoft.graph.application";
pub(crate) const APPLICATION_TEMPLATE: &str = "microsoft.graph.applicationTemplate";
pub(crate) const PROVISIONING_LOG: &str = "microsoft.graph.provisioningObjectSummary";
pub(crate) const USER: &str = "microsoft.graph.user";
pub(crate) const GROUP: &str = "microsoft.graph.group";
/// A group's members, of any directory object type.
pub(crate) const DIRECTORY_OBJECT: &str = "microsoft.graph.directoryObject";
pub(crate) const APP_ROLE_ASSIGNMENT: &str = "microsoft.graph.appRoleAssignment";

/// The tenant the fake's objects belong to.
pub(crate) const TENANT_ID: &str = "7a4f0d2e-3c1b-4e5f-9a8b-0c1d2e3f4a5b";

/// A gallery application: its template and the synchronization templates
/// an application created from it has.
pub(crate) struct GalleryApp {
    pub template: Value,
    pub synchronization_templates: Vec<String>,
}

/// A declared service principal or application and its synchronization.
#[derive(Default)]
pub(crate) struct Owner {
    pub secrets: Vec<Value>,
    pub templates: BTreeMap<String, Value>,
    pub jobs: BTreeMap<String, Value>,
    /// Each job's schema, once it differs from its template's.
    pub schemas: BTreeMap<String, Value>,
}

/// Everything the fake holds.
pub(crate) struct State {
    /// The synchronization of each service principal and application, by object id.
    pub owners: BTreeMap<String, Owner>,
    /// The service principals and applications themselves, by object id.
    pub principals: BTreeMap<String, Value>,
    pub applications: BTreeMap<String, Value>,
    /// The users and groups the test declares, by object id.
    pub users: BTreeMap<String, Value>,
    pub groups: BTreeMap<String, Value>,
    /// Each group's members' object ids, in the order declared.
    pub members: BTreeMap<String, Vec<String>>,
    /// Each service principal's app role assignments (`appRoleAssignedTo`).
    pub assignments: BTreeMap<String, Vec<Value>>,
    /// The application gallery, by template id.
    pub gallery: BTreeMap<String, GalleryApp>,
    /// The provisioning logs, oldest first.
    pub logs: Vec<Value>,
    pub scripts: BTreeMap<String, ProvisionScript>,
    /// What each job's next run reports, where the test scripted it.
    pub runs: BTreeMap<String, JobRun>,
    /// The runs begun and not yet finished, by service principal and job.
    pub running: BTreeMap<(String, String), Running>,
    /// When each of the recent `provisionOnDemand` calls came (fake clock).
    pub provisions: VecDeque<Duration>,
    pub jobs_created: u64,
    pub objects_created: u64,
    /// How many items a page of a listing holds, unless `$top` says.
    pub page_size: usize,
    /// `bulkUpload`'s limits, queues and the users it made.
    pub inbound: Inbound,
}

impl Default for State {
    fn default() -> Self {
        State {
            owners: BTreeMap::new(),
            principals: BTreeMap::new(),
            applications: BTreeMap::new(),
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            members: BTreeMap::new(),
            assignments: BTreeMap::new(),
            gallery: BTreeMap::new(),
            logs: Vec::new(),
            scripts: BTreeMap::new(),
            runs: BTreeMap::new(),
            running: BTreeMap::new(),
            provisions: VecDeque::new(),
            jobs_created: 0,
            objects_created: 0,
            page_size: 100,
            inbound: Inbound::default(),
        }
    }
}

/// A job's run under way: when it began, what it reports when it ends, the
/// action that began it and its reset scope.
#[derive(Debug, Clone)]
pub(crate) struct Running {
    pub began: Duration,
    pub run: JobRun,
    pub action: &'static str,
    pub reset_scope: Option<String>,
}

/// A template's default schema: a source and a target directory and one
/// rule between them, as a gallery template has.
pub(crate) fn default_schema() -> Value {
    json!({
        "directories": [
            {"id": "source", "name": "Azure Active Directory", "objects": [{"name": "User", "attributes": [
                {"name": "userPrincipalName", "type": "String"}, {"name": "displayName", "type": "String"}
            ]}]},
            {"id": "target", "name": "customappsso", "objects": [{"name": "User", "attributes": [
                {"name": "userName", "type": "String"}, {"name": "displayName", "type": "String"}
            ]}]}
        ],
        "synchronizationRules": [{
            "id": super::DEFAULT_RULE_ID,
            "name": "USER_TO_USER",
            "sourceDirectoryName": "Azure Active Directory",
            "targetDirectoryName": "customappsso",
            "objectMappings": [{"sourceObjectName": "User", "targetObjectName": "User", "attributeMappings": [
                {"source": {"expression": "[userPrincipalName]", "name": "userPrincipalName", "type": "Attribute"},
                 "targetAttributeName": "userName"}
            ]}]
        }],
        "version": "Date:2026-11-30"
    })
}

/// A synchronization template with the default schema.
pub(crate) fn template(id: &str) -> Value {
    json!({"id": id, "factoryTag": id, "description": format!("The {id} template"), "discoverable": true,
           "metadata": [], "schema": default_schema()})
}

/// The fake clock (time since the Unix epoch) as an ISO 8601 UTC time.
pub(crate) fn timestamp(now: Duration) -> String {
    let at = time::OffsetDateTime::UNIX_EPOCH + now;
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// How the fake's inbound provisioning behaves
/// ([`FakeGraph::script_inbound`](crate::FakeService::script_inbound)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundScript {
    pub(crate) lag: Duration,
    pub(crate) queue_capacity: usize,
    pub(crate) daily_limit: usize,
}

impl Default for InboundScript {
    fn default() -> Self {
        Self { lag: Duration::from_secs(5 * 60), queue_capacity: 1_000, daily_limit: 6_000 }
    }
}

impl InboundScript {
    pub fn new() -> Self {
        Self::default()
    }

    /// How long after acceptance an upload is processed and logged, on the
    /// fake's clock (default 5 minutes).
    pub fn lag(mut self, lag: Duration) -> Self {
        self.lag = lag;
        self
    }

    /// How many accepted requests a job's queue holds before uploads are
    /// answered "bucket full" (default 1,000).
    pub fn queue_capacity(mut self, requests: usize) -> Self {
        self.queue_capacity = requests;
        self
    }

    /// The calls taken in any 24 hours (default 6,000; 2,000 for a P1/P2 tenant).
    pub fn daily_limit(mut self, calls: usize) -> Self {
        self.daily_limit = calls;
        self
    }
}

/// An accepted upload waiting in its job's queue.
#[derive(Debug, Clone)]
pub(crate) struct Queued {
    pub owner: String,
    pub job: String,
    pub due: Duration,
    pub operations: Vec<Value>,
}

/// The fake's inbound provisioning state.
#[derive(Debug, Default)]
pub(crate) struct Inbound {
    pub script: InboundScript,
    /// When each `bulkUpload` call of the last 24 hours came.
    pub calls: VecDeque<Duration>,
    /// Accepted uploads, oldest first.
    pub queue: Vec<Queued>,
    /// The Entra user made for each record: `(job, externalId)` to its id.
    pub targets: BTreeMap<(String, String), String>,
    pub cycles: u64,
}

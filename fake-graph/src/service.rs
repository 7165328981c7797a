//! What the fake does with a request that reached a call: the state of the
//! declared service principals and applications (jobs, schemas, secrets,
//! templates) and the documented behaviour of each call. Bodies are kept as
//! JSON (both versions send the same shapes); they were checked against the
//! generated types on the way in.

use std::time::Duration;

use serde_json::{json, Map, Value};

use super::answers::{error, listing, ok};
use super::routes::{Op, Shape, Walk};
use graph_sync_runtime::provisioning::MAX_GROUP_MEMBERS;

use super::state::{default_schema, timestamp, Owner, State, APPLICATION, SERVICE_PRINCIPAL};
use super::wire::Query;
use super::{Answer, JobRun, ProvisionScript};

/// Entity types the behaviour is keyed on.
const SYNCHRONIZATION: &str = "microsoft.graph.synchronization";
const JOB: &str = "microsoft.graph.synchronizationJob";
const TEMPLATE: &str = "microsoft.graph.synchronizationTemplate";
const SCHEMA: &str = "microsoft.graph.synchronizationSchema";
const DIRECTORY: &str = "microsoft.graph.directoryDefinition";

/// Graph's documented limit on `provisionOnDemand`: 5 requests per 10 seconds.
pub(crate) const PROVISION_LIMIT: usize = 5;
pub(crate) const PROVISION_WINDOW: Duration = Duration::from_secs(10);

/// The synchronization API's own errors carry a JSON error in `message`.
fn nested_error(status: u16, code: &str, message: &str) -> Answer {
    let nested = json!({"error": {"code": code, "message": message}}).to_string();
    error(status, code, &nested)
}

fn not_found(what: &str, id: &str) -> Answer {
    nested_error(404, "NotFound", &format!("The {what} '{id}' could not be found."))
}

fn no_content() -> Answer {
    Answer::Json { status: 204, body: Value::Null }
}

impl State {
    /// Answers a call to `{root}{path}` (`http://127.0.0.1:4000`,
    /// `/v1.0/servicePrincipals/...`): links in answers are made of both.
    /// `query` holds the request's query (paging, query options); `now` is the fake clock.
    pub(crate) fn call(
        &mut self,
        walk: &Walk,
        body: &Value,
        query: Query<'_>,
        (root, path): (&str, &str),
        now: Duration,
    ) -> Answer {
        if let Some(answer) = self.directory_call(walk, body, query, (root, path), now) {
            return answer;
        }
        let query = query.pairs;
        let id_of = |entity: &str| walk.ids.iter().find(|(e, _)| *e == entity).map(|(_, id)| id.clone());
        let owner = [SERVICE_PRINCIPAL, APPLICATION].into_iter().find_map(|entity| Some((entity, id_of(entity)?)));
        let Some((owner_entity, mut owner_id)) = owner else {
            return unimplemented_call(walk);
        };
        if walk.alternate_key.is_some() {
            // `servicePrincipals(appId='...')`: the principal with that application id.
            owner_id = self.object_id(owner_entity, &owner_id, walk.alternate_key.as_deref()).unwrap_or(owner_id);
        }
        let Some(owner) = self.owners.get_mut(&owner_id) else {
            return super::answers::not_found(&owner_id);
        };
        let job_id = id_of(JOB);
        if let Some(job) = &job_id {
            if !owner.jobs.contains_key(job) {
                return not_found("synchronization job", job);
            }
        }
        let template_id = id_of(TEMPLATE);
        if let Some(template) = &template_id {
            if !owner.templates.contains_key(template) {
                return not_found("synchronization template", template);
            }
        }
        let op = walk.call.op;
        match (walk.entity, walk.shape, op) {
            (SYNCHRONIZATION, Shape::Entity, Op::Get) => ok(json!({"id": owner_id, "secrets": owner.secrets})),
            (SYNCHRONIZATION, Shape::Entity, Op::Replace) => {
                if let Some(secrets) = body["secrets"].as_array() {
                    owner.secrets = secrets.clone();
                }
                no_content()
            }
            (SYNCHRONIZATION, Shape::Entity, Op::Delete) => {
                *owner = Owner { templates: std::mem::take(&mut owner.templates), ..Owner::default() };
                no_content()
            }
            (SYNCHRONIZATION, Shape::Entity, Op::PutProperty("secrets")) => {
                let values = body["value"].as_array().cloned().unwrap_or_default();
                for value in values {
                    let key = value["key"].clone();
                    owner.secrets.retain(|secret| secret["key"] != key);
                    owner.secrets.push(value);
                }
                no_content()
            }
            (SYNCHRONIZATION, Shape::Entity, Op::Action("acquireAccessToken")) => no_content(),
            (SYNCHRONIZATION, Shape::Entity, Op::Function("Ping")) => ok(json!({"value": "Pong"})),

            (JOB, Shape::Collection, Op::List) => {
                let jobs = owner.jobs.values().cloned().collect();
                listing(jobs, query, &format!("{root}{path}"), self.page_size)
            }
            (JOB, Shape::Collection, Op::Create) => self.create_job(&owner_id, body),
            (JOB, _, Op::Action("validateCredentials")) => match base_address_problem(body) {
                // The credentials are tested against the target; a `BaseAddress` that is no URL
                // cannot be reached. How the service answers is not documented: the 400 is the fake's.
                Some(problem) => error(400, "BadRequest", &problem),
                None => no_content(),
            },
            (JOB, Shape::Entity, Op::Get) => ok(owner.jobs[job_id.as_deref().unwrap_or_default()].clone()),
            (JOB, Shape::Entity, Op::Update) => {
                let job = owner.jobs.get_mut(job_id.as_deref().unwrap_or_default()).expect("checked above");
                merge(job, body);
                no_content()
            }
            (JOB, Shape::Entity, Op::Delete) => {
                let job = job_id.unwrap_or_default();
                owner.jobs.remove(&job);
                owner.schemas.remove(&job);
                no_content()
            }
            (JOB, Shape::Entity, Op::Action(action @ ("start" | "pause" | "restart"))) => {
                let job = job_id.unwrap_or_default();
                let run = self.runs.get(&job).cloned().unwrap_or_default();
                let owner = self.owners.get_mut(&owner_id).expect("checked above");
                lifecycle(owner.jobs.get_mut(&job).expect("checked above"), action, body, &run, now);
                let key = (owner_id.clone(), job.clone());
                if action == "pause" {
                    // A paused job's run ends unfinished (how the service reports it is not documented).
                    self.running.remove(&key);
                } else {
                    let reset_scope = body["criteria"]["resetScope"].as_str().map(str::to_owned);
                    self.running.insert(key, super::state::Running { began: now, run, action, reset_scope });
                    self.process_runs(now);
                }
                if action == "restart" {
                    // "During restart, existing queued data is cleared" (Troubleshoot inbound
                    // provisioning API issues, "Bucket full 500 response code"): at once here.
                    self.inbound.queue.retain(|queued| queued.owner != owner_id || queued.job != job);
                }
                no_content()
            }
            (JOB, Shape::Entity, Op::Action("provisionOnDemand")) => {
                self.provision(&owner_id, &job_id.unwrap_or_default(), body, now)
            }
            (JOB, Shape::Entity, Op::BulkUpload(_)) => {
                let job = job_id.unwrap_or_default();
                // The provisioning-logs query for the job, in the version the upload went to.
                let version = path.split('/').nth(1).unwrap_or_default();
                let location = format!("{root}/{version}/auditLogs/provisioning/?$filter=jobid%20eq%20'{job}'");
                self.bulk_upload((&owner_id, &job), body, location, now)
            }

            (SCHEMA, Shape::Entity, call) => {
                let Some(schema) = schema_mut(owner, job_id.as_deref(), template_id.as_deref()) else {
                    return error(400, "BadRequest", "a schema belongs to a job or a template");
                };
                match call {
                    Op::Get => ok(schema.clone()),
                    Op::Replace => {
                        if let Err(problem) = mappings_name_known_attributes(body) {
                            // attributeMapping's page: `targetAttributeName` is the "Name of the
                            // attribute on the target object". How the service answers a mapping that
                            // names one the directories lack is not documented: the 400 is the fake's.
                            return error(400, "BadRequest", &problem);
                        }
                        *schema = body.clone();
                        no_content()
                    }
                    Op::Delete => {
                        // Back to the template's schema.
                        match &job_id {
                            Some(job) => {
                                owner.schemas.remove(job);
                            }
                            None => *schema = default_schema(),
                        }
                        no_content()
                    }
                    Op::Function("filterOperators") => ok(json!({"value": [
                        {"name": "EQUALS", "multivaluedComparisonType": "All", "supportedAttributeTypes": ["String", "Integer", "Boolean"]},
                        {"name": "NOT-EQUALS", "multivaluedComparisonType": "All", "supportedAttributeTypes": ["String", "Integer", "Boolean"]}
                    ]})),
                    Op::Function("functions") => ok(json!({"value": [
                        {"name": "Append", "parameters": [{"name": "source", "required": true, "type": "String"}]},
                        {"name": "Join", "parameters": [{"name": "separator", "required": true, "type": "String"}]}
                    ]})),
                    Op::Action("parseExpression") => ok(super::expression::parse_expression(body)),
                    _ => unimplemented_call(walk),
                }
            }
            (DIRECTORY, shape, call) => {
                let Some(schema) = schema_mut(owner, job_id.as_deref(), template_id.as_deref()) else {
                    return error(400, "BadRequest", "directories belong to a job's or a template's schema");
                };
                if !schema["directories"].is_array() {
                    schema["directories"] = json!([]);
                }
                let directories = schema["directories"].as_array_mut().expect("an array");
                if shape == Shape::Collection {
                    return match call {
                        Op::List => ok(json!({"value": directories})),
                        Op::Create => {
                            let mut directory = body.clone();
                            if directory.get("id").is_none_or(Value::is_null) {
                                directory["id"] = json!(format!("directory-{}", directories.len() + 1));
                            }
                            directories.push(directory.clone());
                            Answer::Json { status: 201, body: directory }
                        }
                        _ => unimplemented_call(walk),
                    };
                }
                let directory = id_of(DIRECTORY).unwrap_or_default();
                let Some(position) = directories.iter().position(|d| d["id"] == directory.as_str()) else {
                    return not_found("directory definition", &directory);
                };
                match call {
                    Op::Get => ok(directories[position].clone()),
                    Op::Update => {
                        merge(&mut directories[position], body);
                        no_content()
                    }
                    Op::Delete => {
                        directories.remove(position);
                        no_content()
                    }
                    Op::Action("discover") => {
                        let found = &mut directories[position];
                        found["discoverabilities"] = json!("AttributeNames,AttributeDataTypes");
                        found["discoveryDateTime"] = json!(timestamp(now));
                        ok(found.clone())
                    }
                    _ => unimplemented_call(walk),
                }
            }

            (TEMPLATE, Shape::Collection, Op::List) => {
                let templates: Vec<&Value> = owner.templates.values().collect();
                ok(json!({"value": templates}))
            }
            (TEMPLATE, Shape::Collection, Op::Create) => {
                let Some(id) = body["id"].as_str().filter(|id| !id.is_empty()).map(str::to_owned) else {
                    return error(400, "BadRequest", "a template needs an id");
                };
                let mut template = body.clone();
                if template.get("schema").is_none_or(Value::is_null) {
                    template["schema"] = default_schema();
                }
                owner.templates.insert(id, template.clone());
                Answer::Json { status: 201, body: template }
            }
            (TEMPLATE, Shape::Entity, Op::Get) => {
                ok(owner.templates[template_id.as_deref().unwrap_or_default()].clone())
            }
            (TEMPLATE, Shape::Entity, Op::Replace | Op::Update) => {
                let template = owner.templates.get_mut(template_id.as_deref().unwrap_or_default()).expect("checked");
                if op == Op::Replace {
                    *template = body.clone();
                } else {
                    merge(template, body);
                }
                no_content()
            }
            (TEMPLATE, Shape::Entity, Op::Delete) => {
                owner.templates.remove(template_id.as_deref().unwrap_or_default());
                no_content()
            }
            _ => unimplemented_call(walk),
        }
    }

    /// A job as `POST .../jobs` makes it: from an existing template, paused.
    pub(crate) fn create_job(&mut self, owner_id: &str, body: &Value) -> Answer {
        let template = body["templateId"].as_str().unwrap_or_default().to_owned();
        let owner = self.owners.get_mut(owner_id).expect("the caller checked");
        if !owner.templates.contains_key(&template) {
            return nested_error(
                400,
                "InvalidTemplate",
                &format!("The template '{template}' does not exist for this application."),
            );
        }
        self.jobs_created += 1;
        let id = format!("{template}.{:032x}.{owner_id}", self.jobs_created);
        let mut job = json!({
            "id": id,
            "templateId": template,
            "schedule": {"expiration": null, "interval": "PT40M", "state": "Disabled"},
            "status": {
                "code": "Paused", "countSuccessiveCompleteFailures": 0, "escrowsPruned": false,
                "lastExecution": null, "lastSuccessfulExecution": null, "lastSuccessfulExecutionWithExports": null,
                "progress": [], "quarantine": null, "synchronizedEntryCountByType": [], "troubleshootingUrl": null
            },
            "synchronizationJobSettings": []
        });
        merge(&mut job, &without(body, &["id", "templateId", "status"]));
        owner.jobs.insert(id, job.clone());
        Answer::Json { status: 201, body: job }
    }

    /// `provisionOnDemand`: throttled as documented, then the scripted outcome
    /// of the first subject (success unless scripted).
    fn provision(&mut self, owner: &str, job: &str, body: &Value, now: Duration) -> Answer {
        while self.provisions.front().is_some_and(|&then| now.saturating_sub(then) >= PROVISION_WINDOW) {
            self.provisions.pop_front();
        }
        if self.provisions.len() >= PROVISION_LIMIT {
            let oldest = self.provisions.front().copied().unwrap_or(now);
            let wait = PROVISION_WINDOW.saturating_sub(now.saturating_sub(oldest));
            // Whole seconds, as the service writes Retry-After, rounded up.
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Answer::Throttled {
                retry_after: Duration::from_secs(seconds.max(1)),
                message: "Too many requests: provisionOnDemand is limited to 5 requests per 10 seconds.".to_owned(),
            };
        }
        self.provisions.push_back(now);
        // "ruleId: The identifier of the synchronizationRule to be applied. This rule ID is defined
        // in the schema for a given synchronization job or template" (provisionOnDemand's page): a
        // rule the job's schema lacks is refused. The page does not say how the service answers
        // one: the status and code are the fake's. (An absent ruleId is taken: the page does not
        // say it is required.)
        if let Some(rule) = body["parameters"][0]["ruleId"].as_str() {
            let owner_state = self.owners.get_mut(owner).expect("the caller checked");
            let schema = schema_mut(owner_state, Some(job), None).cloned().unwrap_or_default();
            let rules: Vec<&str> = schema["synchronizationRules"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["id"].as_str())
                .collect();
            if !rules.contains(&rule) {
                let message =
                    format!("The rule '{rule}' is not a rule of the job's schema (its rules: {}).", rules.join(", "));
                return error(400, "BadRequest", &message);
            }
        }
        let subject = &body["parameters"][0]["subjects"][0];
        let Some(object_id) = subject["objectId"].as_str() else {
            return error(400, "BadRequest", "provisionOnDemand needs one subject with an objectId");
        };
        let object_type = subject["objectTypeName"].as_str().unwrap_or("User");
        let members = subject["links"]["members"].as_array().map_or(0, Vec::len);
        if members > MAX_GROUP_MEMBERS {
            // "The on-demand provisioning request API can only accept a single group with up to
            // five members at a time" ("On-demand provisioning - Microsoft Entra ID to Active
            // Directory"). How the service refuses more is not documented: the 400 is the fake's.
            let message =
                format!("A group is provisioned on demand with at most {MAX_GROUP_MEMBERS} members, not {members}.");
            return error(400, "BadRequest", &message);
        }
        let script = match self.out_of_scope(owner, object_id) {
            true => ProvisionScript::skipped(
                "NotEffectivelyEntitled",
                format!(
                    "The {object_type} '{object_id}' will be skipped due to the following reasons: 1) This object \
                     is not assigned to the application. If you did not expect the object to be skipped, assign \
                     the object to the application or change your scoping filter to allow all users and groups to \
                     be in scope for provisioning."
                ),
            ),
            false => self.scripts.get(object_id).cloned().unwrap_or_default(),
        };
        let answer = script.answer(object_id, object_type);
        let event = script.event(object_id, object_type, "Azure Active Directory", "create");
        self.record_provisioning(owner, job, event, now);
        ok(answer)
    }
}

impl State {
    /// Whether `object` is outside the provisioning scope of the service
    /// principal `owner`'s jobs, which provisionOnDemand then skips.
    ///
    /// The scope is the `SyncAll` secret ("synchronizationSecretKeyStringValuePair
    /// resource type", Supported key value pairs: "Determines scope of sync between all
    /// users and groups or only assigned users and groups"); the page does not give its
    /// values: the fake reads `true` as all, anything else (or none, as gallery
    /// applications start) as only assigned ones. In that scope an object is in when it is
    /// assigned to the application or a direct member of an assigned group.
    ///
    /// A skipped object's `SkipReason` is `NotEffectivelyEntitled`, which the
    /// troubleshooting pages name ("No users are being provisioned", "The user is 'not
    /// effectively entitled'"); that the service gives it for an unassigned object, and its
    /// message, are as users report them (Microsoft Q&A question 1023522): no page states
    /// the outcome of an out-of-scope object.
    ///
    /// Only users and groups the test declared (`add_user`, `add_group`) are judged: of
    /// another object id the fake knows nothing, and provisions it as before.
    fn out_of_scope(&self, owner: &str, object: &str) -> bool {
        if !self.principals.contains_key(owner)
            || !(self.users.contains_key(object) || self.groups.contains_key(object))
        {
            return false;
        }
        let secrets = self.owners.get(owner).map(|o| o.secrets.as_slice()).unwrap_or_default();
        let sync_all = secrets.iter().any(|secret| {
            secret["key"] == "SyncAll" && secret["value"].as_str().is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        if sync_all {
            return false;
        }
        let assigned: Vec<&str> = self
            .assignments
            .get(owner)
            .into_iter()
            .flatten()
            .filter_map(|assignment| assignment["principalId"].as_str())
            .collect();
        let member_of_assigned = assigned
            .iter()
            .any(|group| self.members.get(*group).is_some_and(|members| members.iter().any(|m| m == object)));
        !assigned.contains(&object) && !member_of_assigned
    }
}

/// Why a `validateCredentials` body's `BaseAddress` (the SCIM endpoint the
/// credentials are tested against) cannot be reached, if it cannot: it must
/// be an absolute `http` or `https` URL.
fn base_address_problem(body: &Value) -> Option<String> {
    let credentials = body["credentials"].as_array()?;
    let address = credentials.iter().find(|c| c["key"] == "BaseAddress")?["value"].as_str()?;
    let url = address.parse::<http::Uri>().ok();
    let reachable = url.is_some_and(|url| {
        matches!(url.scheme_str(), Some("http" | "https")) && url.host().is_some_and(|host| !host.is_empty())
    });
    (!reachable).then(|| format!("The BaseAddress '{address}' is not an absolute http or https URL."))
}

/// Whether each attribute mapping of a schema names attributes its
/// directories have: a mapping's target attribute on the target
/// directory's object, and an `Attribute` source on the source directory's.
/// An object the schema does not describe (a documented example leaves
/// some out) is not checked.
fn mappings_name_known_attributes(schema: &Value) -> Result<(), String> {
    let attributes_of = |directory: &str, object: &str| -> Option<Vec<&str>> {
        let directory = schema["directories"].as_array()?.iter().find(|d| d["name"] == directory)?;
        let object = directory["objects"].as_array()?.iter().find(|o| o["name"] == object)?;
        Some(object["attributes"].as_array().into_iter().flatten().filter_map(|a| a["name"].as_str()).collect())
    };
    for rule in schema["synchronizationRules"].as_array().into_iter().flatten() {
        let (source, target) = (rule["sourceDirectoryName"].as_str(), rule["targetDirectoryName"].as_str());
        for mapping in rule["objectMappings"].as_array().into_iter().flatten() {
            let (source_object, target_object) =
                (mapping["sourceObjectName"].as_str(), mapping["targetObjectName"].as_str());
            let known_source = source.zip(source_object).and_then(|(d, o)| attributes_of(d, o));
            let known_target = target.zip(target_object).and_then(|(d, o)| attributes_of(d, o));
            for attribute in mapping["attributeMappings"].as_array().into_iter().flatten() {
                if let (Some(known), Some(name)) = (&known_target, attribute["targetAttributeName"].as_str()) {
                    if !known.contains(&name) {
                        let (d, o) = (target.unwrap_or_default(), target_object.unwrap_or_default());
                        return Err(format!(
                            "The mapping's target attribute '{name}' is not an attribute of {o} in '{d}'."
                        ));
                    }
                }
                let source_attribute = &attribute["source"];
                if let (Some(known), Some("Attribute"), Some(name)) =
                    (&known_source, source_attribute["type"].as_str(), source_attribute["name"].as_str())
                {
                    if !known.contains(&name) {
                        let (d, o) = (source.unwrap_or_default(), source_object.unwrap_or_default());
                        return Err(format!(
                            "The mapping's source attribute '{name}' is not an attribute of {o} in '{d}'."
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The schema of a job (its own once read or changed, first copied from
/// its template's) or of a template.
fn schema_mut<'a>(owner: &'a mut Owner, job: Option<&str>, template: Option<&str>) -> Option<&'a mut Value> {
    match (job, template) {
        (Some(job), _) => {
            let template = owner.jobs[job]["templateId"].as_str().unwrap_or_default().to_owned();
            let inherited = owner.templates.get(&template).map_or_else(default_schema, |t| t["schema"].clone());
            Some(owner.schemas.entry(job.to_owned()).or_insert(inherited))
        }
        (None, Some(template)) => {
            let template = owner.templates.get_mut(template)?.as_object_mut()?;
            Some(template.entry("schema").or_insert_with(default_schema))
        }
        (None, None) => None,
    }
}

/// start, pause and restart, as the documentation describes them: start
/// resumes a paused job and clears a quarantine; pause stops the schedule;
/// restart reprocesses from the start (its criteria say which state is reset).
/// A run begun is finished by [`State::process_runs`] on the fake's clock.
fn lifecycle(job: &mut Value, action: &str, body: &Value, run: &JobRun, now: Duration) {
    let at = timestamp(now);
    match action {
        "pause" => {
            job["schedule"]["state"] = json!("Disabled");
            job["status"]["code"] = json!("Paused");
        }
        _ => {
            job["schedule"]["state"] = json!("Active");
            job["status"]["code"] = json!("Active");
            job["status"]["quarantine"] = Value::Null;
            job["status"]["countSuccessiveCompleteFailures"] = json!(0);
            // While the run goes on, its progress says how far it is: nothing yet.
            let progress: Vec<Value> = run
                .progress
                .iter()
                .map(|(_, total, units)| {
                    json!({"completedUnits": 0, "totalUnits": total, "units": units, "progressObservationDateTime": at})
                })
                .collect();
            job["status"]["progress"] = json!(progress);
            if action == "restart" && scope_resets(body, "Escrows") {
                job["status"]["escrowsPruned"] = json!(true);
            }
        }
    }
}

fn scope_resets(body: &Value, part: &str) -> bool {
    body["criteria"]["resetScope"]
        .as_str()
        .is_some_and(|s| s.split(',').any(|p| p.trim() == part || p.trim() == "Full"))
}

/// A quarantined job, as the service reports one.
pub(crate) fn quarantine(job: &mut Value, reason: &str, now: Duration) {
    let at = timestamp(now);
    job["status"]["code"] = json!("Quarantine");
    job["status"]["countSuccessiveCompleteFailures"] = json!(1);
    job["status"]["quarantine"] = json!({
        "currentBegan": at, "nextAttempt": timestamp(now + Duration::from_secs(12 * 3600)), "reason": reason,
        "seriesBegan": at, "seriesCount": 1,
        "error": {"code": reason, "message": format!("The job was quarantined: {reason}."), "tenantActionable": true}
    });
}

/// `target` with every member of `patch` (objects merged member by member).
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(target.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

fn without(body: &Value, names: &[&str]) -> Value {
    let mut object: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    for name in names {
        object.remove(*name);
    }
    Value::Object(object)
}

/// A call the route table has and the fake does not implement: a test of
/// the fake's own fails on it, so it never reaches a user.
fn unimplemented_call(walk: &Walk) -> Answer {
    error(501, "NotImplemented", &format!("the fake does not implement {} on {}", walk.call.op, walk.entity))
}

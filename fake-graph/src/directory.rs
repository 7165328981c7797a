//! The directory side of the fake: the application gallery
//! (`/applicationTemplates`, `instantiate`), the applications and service
//! principals it creates or the test declares (`/applications`,
//! `/servicePrincipals`, by id or `appId`), and the provisioning logs
//! (`/auditLogs/provisioning`) that record what the fake's provisioning did.
//! Listings take `$filter` (see [`super::filter`]), `$orderby` on one
//! property, `$select`, `$top`, `$count` and are paged with `@odata.nextLink`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::answers::{error, listing, not_found, ok};
use super::routes::{Op, Shape, Walk};
use super::state::{
    timestamp, State, APPLICATION, APPLICATION_TEMPLATE, APP_ROLE_ASSIGNMENT, DIRECTORY_OBJECT, GROUP,
    PROVISIONING_LOG, SERVICE_PRINCIPAL, TENANT_ID, USER,
};
use super::wire::Query;
use super::Answer;

/// A service principal as the test declares it: its id, a display name, enabled.
pub(crate) fn declared_principal(id: &str) -> Value {
    json!({"id": id, "appId": null, "displayName": id, "accountEnabled": true,
           "servicePrincipalType": "Application", "appOwnerOrganizationId": TENANT_ID, "tags": []})
}

/// A user as the test declares it (`FakeGraph::add_user`), with the
/// properties Graph returns by default ("Get a user", Optional query
/// parameters: businessPhones, displayName, givenName, id, jobTitle, mail,
/// mobilePhone, officeLocation, preferredLanguage, surname,
/// userPrincipalName), those the test does not give `null` or empty.
pub(crate) fn declared_user(id: &str, user_principal_name: &str) -> Value {
    let name = user_principal_name.split('@').next().unwrap_or(user_principal_name);
    json!({"@odata.type": "#microsoft.graph.user", "id": id, "userPrincipalName": user_principal_name,
           "displayName": name, "mail": user_principal_name, "accountEnabled": true, "businessPhones": [],
           "givenName": name, "surname": null, "jobTitle": null, "mobilePhone": null, "officeLocation": null,
           "preferredLanguage": null})
}

/// A group as the test declares it (`FakeGraph::add_group`): a security
/// group, with the properties "Get group" shows returned by default
/// (Example 1), those the test does not give `null` or empty.
pub(crate) fn declared_group(id: &str, display_name: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": display_name,
           "securityEnabled": true, "mailEnabled": false, "groupTypes": [], "deletedDateTime": null,
           "classification": null, "createdDateTime": "2026-01-01T00:00:00Z", "description": null,
           "expirationDateTime": null, "isAssignableToRole": null, "mail": null, "mailNickname": display_name,
           "membershipRule": null, "membershipRuleProcessingState": null, "onPremisesDomainName": null,
           "onPremisesLastSyncDateTime": null, "onPremisesNetBiosName": null, "onPremisesSamAccountName": null,
           "onPremisesSecurityIdentifier": null, "onPremisesSyncEnabled": null, "preferredDataLocation": null,
           "preferredLanguage": null, "proxyAddresses": [], "renewedDateTime": "2026-01-01T00:00:00Z",
           "resourceBehaviorOptions": [], "resourceProvisioningOptions": [], "securityIdentifier": null,
           "theme": null, "visibility": null, "onPremisesProvisioningErrors": []})
}

/// An application as the test declares it.
pub(crate) fn declared_application(id: &str) -> Value {
    json!({"id": id, "appId": null, "displayName": id, "signInAudience": "AzureADMyOrg", "tags": [],
           "identifierUris": []})
}

/// A gallery template as `GET /applicationTemplates/{id}` answers it.
pub(crate) fn gallery_template(id: &str, display_name: &str, provisioning: bool) -> Value {
    json!({
        "id": id, "displayName": display_name, "homePageUrl": null, "logoUrl": null, "publisher": display_name,
        "description": null, "categories": ["productivity"],
        "supportedProvisioningTypes": if provisioning { json!(["sync"]) } else { json!([]) },
        "supportedSingleSignOnModes": ["saml", "external"]
    })
}

/// A listing of directory objects as Graph answers its page size and its advanced queries:
/// `$search` without `ConsistencyLevel: eventual` is refused; a filter with
/// `ne`, `not`, `endswith` or a `/$count`, and an `$orderby`, are refused
/// without both the header and `$count=true`; and `$count=true` without the
/// header is ignored. The query to list by, or the refusal.
fn advanced_query(query: &[(String, String)], eventual: bool) -> Result<Vec<(String, String)>, Answer> {
    let option = |name: &str| super::wire::option(query, name);
    let unsupported = |message: &str| error(400, "Request_UnsupportedQuery", message);
    // A page of directory objects holds 1 to 999: Graph's answer past it, as
    // users report it (Microsoft Q&A question 1129204); no documentation page
    // gives the bounds for these listings.
    if let Some(top) = option("$top") {
        if !top.parse::<u64>().is_ok_and(|top| (1..=999).contains(&top)) {
            let message = format!("Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive.");
            return Err(error(400, "Request_BadRequest", &message));
        }
    }
    if option("$search").is_some() && !eventual {
        return Err(unsupported(
            "Request with $search query parameter only works through MSGraph with a special request header: \
             'ConsistencyLevel: eventual'",
        ));
    }
    let filter = option("$filter").and_then(|text| super::filter::parse(text).ok());
    let advanced = filter.is_some_and(|filter| filter.is_advanced()) || option("$orderby").is_some();
    let counted = option("$count").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if advanced && !(eventual && counted) {
        return Err(unsupported(
            "Unsupported query: it needs the advanced query parameters, the ConsistencyLevel: eventual header \
             and $count=true",
        ));
    }
    Ok(query.iter().filter(|(k, _)| eventual || !k.eq_ignore_ascii_case("$count")).cloned().collect())
}

impl State {
    /// Answers a call on the directory's own resources, or `None` for a call
    /// below them (the synchronization API, [`State::call`]'s).
    pub(crate) fn directory_call(
        &mut self,
        walk: &Walk,
        body: &Value,
        query: Query<'_>,
        (root, path): (&str, &str),
        now: Duration,
    ) -> Option<Answer> {
        let Query { pairs: query, eventual } = query;
        let id = |entity: &str| walk.ids.iter().find(|(e, _)| *e == entity).map(|(_, id)| id.clone());
        let base = format!("{root}{path}");
        let answer = match (walk.entity, walk.shape, walk.call.op) {
            (APPLICATION_TEMPLATE, Shape::Collection, Op::List) => {
                listing(self.gallery.values().map(|app| app.template.clone()).collect(), query, &base, self.page_size)
            }
            (APPLICATION_TEMPLATE, Shape::Entity, call) => {
                let template = id(APPLICATION_TEMPLATE).unwrap_or_default();
                match (self.gallery.get(&template), call) {
                    (None, _) => not_found(&template),
                    (Some(app), Op::Get) => ok(app.template.clone()),
                    (Some(_), Op::Action("instantiate")) => self.instantiate(&template, body, now),
                    _ => return None,
                }
            }
            (SERVICE_PRINCIPAL | APPLICATION | USER | GROUP, Shape::Collection, Op::List) => {
                match advanced_query(query, eventual) {
                    Err(refusal) => refusal,
                    Ok(query) => {
                        listing(self.objects(walk.entity).values().cloned().collect(), &query, &base, self.page_size)
                    }
                }
            }
            (SERVICE_PRINCIPAL | APPLICATION, Shape::Entity, Op::Get | Op::Delete) => {
                let key = id(walk.entity).unwrap_or_default();
                let Some(object_id) = self.object_id(walk.entity, &key, walk.alternate_key.as_deref()) else {
                    return Some(not_found(&key));
                };
                if walk.call.op == Op::Get {
                    ok(self.objects(walk.entity)[&object_id].clone())
                } else {
                    self.delete_object(walk.entity, &object_id);
                    Answer::Json { status: 204, body: Value::Null }
                }
            }
            // `GET /users/{id | userPrincipalName}` ("Get user"); a group by its id.
            (USER | GROUP, Shape::Entity, Op::Get) => {
                let key = id(walk.entity).unwrap_or_default();
                let by_name = (walk.entity == USER)
                    .then(|| self.users.values().find(|user| user["userPrincipalName"].as_str() == Some(key.as_str())))
                    .flatten();
                match self.objects(walk.entity).get(&key).or(by_name) {
                    Some(object) => ok(object.clone()),
                    None => not_found(&key),
                }
            }
            // `GET /groups/{id}/members`: users, groups and service principals,
            // each with its `@odata.type`, answering advanced queries as the
            // other directory listings do ("List group members", Optional query
            // parameters); `.../members/{type}` (an OData type cast) only those
            // of that type, and only as an advanced query (the same page, Request
            // headers: "This header and `$count` are required when using ...
            // OData cast"). Graph's answer to a cast without them is not
            // documented: the fake answers as to an advanced filter without them.
            (DIRECTORY_OBJECT, Shape::Collection, op @ (Op::List | Op::ListCast(_))) => {
                let group = id(GROUP).unwrap_or_default();
                let Some(members) = self.members.get(&group) else { return Some(not_found(&group)) };
                let mut objects: Vec<Value> =
                    members.iter().filter_map(|member| self.directory_object(member)).collect();
                if let Op::ListCast(cast) = op {
                    let counted = super::wire::option(query, "$count").is_some_and(|v| v.eq_ignore_ascii_case("true"));
                    if !(eventual && counted) {
                        return Some(error(
                            400,
                            "Request_UnsupportedQuery",
                            "Unsupported query: an OData cast needs the advanced query parameters, the \
                             ConsistencyLevel: eventual header and $count=true",
                        ));
                    }
                    objects.retain(|object| object["@odata.type"].as_str() == Some(&format!("#{cast}")));
                }
                match advanced_query(query, eventual) {
                    Err(refusal) => refusal,
                    Ok(query) => listing(objects, &query, &base, self.page_size),
                }
            }
            (APP_ROLE_ASSIGNMENT, _, Op::List | Op::Create | Op::Delete) => {
                let principal = id(SERVICE_PRINCIPAL).unwrap_or_default();
                if !self.principals.contains_key(&principal) {
                    return Some(not_found(&principal));
                }
                self.assignment_call(&principal, walk, body, id(APP_ROLE_ASSIGNMENT), query, &base, now)
            }
            (PROVISIONING_LOG, Shape::Collection, Op::List) => listing(self.logs.clone(), query, &base, self.page_size),
            (PROVISIONING_LOG, Shape::Entity, Op::Get) => {
                let log = id(PROVISIONING_LOG).unwrap_or_default();
                match self.logs.iter().find(|entry| entry["id"] == log.as_str()) {
                    Some(entry) => ok(entry.clone()),
                    None => not_found(&log),
                }
            }
            _ => return None,
        };
        Some(answer)
    }

    /// The id of the service principal or application that `key` names:
    /// its id, or with `alias` (`appId`, `uniqueName`) that property's value.
    pub(crate) fn object_id(&self, entity: &str, key: &str, alias: Option<&str>) -> Option<String> {
        let objects = self.objects(entity);
        match alias {
            None => objects.contains_key(key).then(|| key.to_owned()),
            Some(alias) => objects.iter().find(|(_, object)| object[alias] == key).map(|(id, _)| id.clone()),
        }
    }

    /// The service principals, users, groups, or (for any other entity) the applications.
    fn objects(&self, entity: &str) -> &BTreeMap<String, Value> {
        match entity {
            SERVICE_PRINCIPAL => &self.principals,
            USER => &self.users,
            GROUP => &self.groups,
            _ => &self.applications,
        }
    }

    /// A directory object of any type by its id, with its `@odata.type`.
    pub(crate) fn directory_object(&self, id: &str) -> Option<Value> {
        let typed = |object: &Value, ty: &str| {
            let mut object = object.clone();
            object["@odata.type"] = json!(format!("#{ty}"));
            object
        };
        self.users
            .get(id)
            .map(|user| typed(user, USER))
            .or_else(|| self.groups.get(id).map(|group| typed(group, GROUP)))
            .or_else(|| self.principals.get(id).map(|principal| typed(principal, SERVICE_PRINCIPAL)))
    }

    /// A service principal's `appRoleAssignedTo`: listed, created (its
    /// `principalId`, `resourceId` and `appRoleId` required, as "Grant an
    /// appRoleAssignment for a service principal" documents them; the
    /// principal must exist and the resource be this service principal), and
    /// deleted by id.
    #[allow(clippy::too_many_arguments)]
    fn assignment_call(
        &mut self,
        principal: &str,
        walk: &Walk,
        body: &Value,
        assignment: Option<String>,
        query: &[(String, String)],
        base: &str,
        now: Duration,
    ) -> Answer {
        match walk.call.op {
            Op::List => {
                let assignments = self.assignments.get(principal).cloned().unwrap_or_default();
                listing(assignments, query, base, self.page_size)
            }
            Op::Create => {
                let text = |name: &str| body[name].as_str().filter(|value| !value.is_empty()).map(str::to_owned);
                let (Some(assignee), Some(resource), Some(role)) =
                    (text("principalId"), text("resourceId"), text("appRoleId"))
                else {
                    // "Grant an appRoleAssignment for a service principal": "To grant an app role
                    // assignment, you need three identifiers". How the service answers a body
                    // without them is not documented: the 400 and its code are the fake's.
                    return error(400, "Request_BadRequest", "principalId, resourceId and appRoleId are required.");
                };
                // The same page: `resourceId` is "the id of the resource servicePrincipal" the
                // call is made on. Its answer to another id is not documented: the fake's 400.
                if resource != principal {
                    return error(400, "Request_BadRequest", "resourceId must be the service principal's id.");
                }
                let Some(who) = self.directory_object(&assignee) else { return not_found(&assignee) };
                let principal_type = match who["@odata.type"].as_str() {
                    Some("#microsoft.graph.user") => "User",
                    Some("#microsoft.graph.group") => "Group",
                    _ => "ServicePrincipal",
                };
                let created = json!({
                    "id": self.new_id(), "appRoleId": role, "createdDateTime": timestamp(now),
                    "principalId": assignee, "principalType": principal_type,
                    "principalDisplayName": who["displayName"], "resourceId": resource,
                    "resourceDisplayName": self.principals[principal]["displayName"]
                });
                self.assignments.entry(principal.to_owned()).or_default().push(created.clone());
                Answer::Json { status: 201, body: created }
            }
            _ => {
                let assignment = assignment.unwrap_or_default();
                let assignments = self.assignments.entry(principal.to_owned()).or_default();
                let Some(at) = assignments.iter().position(|a| a["id"] == assignment.as_str()) else {
                    return not_found(&assignment);
                };
                assignments.remove(at);
                Answer::Json { status: 204, body: Value::Null }
            }
        }
    }

    /// Deletes a service principal or application with its synchronization;
    /// an application's deletion takes its service principals with it.
    fn delete_object(&mut self, entity: &str, id: &str) {
        self.owners.remove(id);
        if entity == SERVICE_PRINCIPAL {
            self.principals.remove(id);
            return;
        }
        let app_id = self.applications.remove(id).map(|app| app["appId"].clone()).unwrap_or_default();
        let principals: Vec<String> = self
            .principals
            .iter()
            .filter(|(_, principal)| !app_id.is_null() && principal["appId"] == app_id)
            .map(|(id, _)| id.clone())
            .collect();
        for principal in principals {
            self.principals.remove(&principal);
            self.owners.remove(&principal);
        }
    }

    /// `instantiate`: a new application and its service principal, both with
    /// the gallery application's synchronization templates, as
    /// `applicationServicePrincipal` (`201 Created`).
    fn instantiate(&mut self, template: &str, body: &Value, now: Duration) -> Answer {
        let Some(display_name) = body["displayName"].as_str().filter(|name| !name.trim().is_empty()) else {
            return error(400, "Request_BadRequest", "instantiate needs a displayName");
        };
        let display_name = display_name.to_owned();
        let [application_id, principal_id, app_id] = [0, 1, 2].map(|_| self.new_id());
        let created = timestamp(now);
        let application = json!({
            "id": application_id, "appId": app_id, "displayName": display_name, "applicationTemplateId": template,
            "createdDateTime": created, "signInAudience": "AzureADMyOrg", "publisherDomain": "contoso.test",
            "identifierUris": [], "tags": [], "serviceManagementReference": body["serviceManagementReference"],
            "web": {"redirectUris": [], "homePageUrl": null, "logoutUrl": null,
                    "implicitGrantSettings": {"enableIdTokenIssuance": false, "enableAccessTokenIssuance": false}}
        });
        let principal = json!({
            "id": principal_id, "appId": app_id, "appDisplayName": display_name, "displayName": display_name,
            "applicationTemplateId": template, "accountEnabled": true, "appOwnerOrganizationId": TENANT_ID,
            "servicePrincipalType": "Application", "appRoleAssignmentRequired": true,
            "tags": ["WindowsAzureActiveDirectoryIntegratedApp"]
        });
        let templates = self.gallery[template].synchronization_templates.clone();
        for owner in [&application_id, &principal_id] {
            let owner = self.owners.entry(owner.clone()).or_default();
            for id in &templates {
                owner.templates.insert(id.clone(), super::state::template(id));
            }
        }
        self.applications.insert(application_id, application.clone());
        self.principals.insert(principal_id, principal.clone());
        Answer::Json { status: 201, body: json!({"application": application, "servicePrincipal": principal}) }
    }

    /// A new object id, shaped as Graph's (a GUID), and deterministic.
    pub(crate) fn new_id(&mut self) -> String {
        self.objects_created += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.objects_created)
    }

    /// Records what provisioning did to one object: a provisioning log entry
    /// (`provisioningObjectSummary`) for `job` of the service principal `owner`.
    pub(crate) fn record_provisioning(&mut self, owner: &str, job: &str, event: ProvisioningEvent, now: Duration) {
        let id = self.new_id();
        let principal_name = self.principals.get(owner).map_or(json!(owner), |p| p["displayName"].clone());
        let error_information = match (&event.status[..], &event.error) {
            ("failure", Some((code, reason))) => json!({
                "errorCode": code, "reason": reason, "additionalDetails": null,
                "errorCategory": "nonServiceFailure", "recommendedAction": null
            }),
            _ => Value::Null,
        };
        self.logs.push(json!({
            "id": id,
            "activityDateTime": timestamp(now),
            "tenantId": TENANT_ID,
            "jobId": job,
            "cycleId": event.cycle.unwrap_or_else(|| format!("cycle-{job}")),
            "changeId": format!("change-{id}"),
            "provisioningAction": event.action,
            "durationInMilliseconds": 120,
            "provisioningStatusInfo": {"status": event.status, "errorInformation": error_information},
            "provisioningSteps": event.steps,
            "modifiedProperties": event.modified,
            "servicePrincipal": {"id": owner, "displayName": principal_name},
            "sourceSystem": {"id": "source", "displayName": event.source_system, "details": {}},
            "targetSystem": {"id": "target", "displayName": event.target_system, "details": {}},
            "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
            "sourceIdentity": {"id": event.object_id, "displayName": event.display_name.as_deref().unwrap_or(&event.object_id),
                               "identityType": event.source_type, "details": {}},
            "targetIdentity": {"id": event.target_id, "displayName": event.display_name.as_deref().unwrap_or_default(),
                               "identityType": event.object_type, "details": {}}
        }));
    }
}

/// What one provisioning of an object did, for its log entry.
pub(crate) struct ProvisioningEvent {
    /// `create`, `update`, `delete`, `other` (`provisioningAction`).
    pub action: &'static str,
    /// `success`, `failure`, `skipped` (`provisioningResult`).
    pub status: String,
    /// The error code and reason of a failure.
    pub error: Option<(String, String)>,
    pub object_id: String,
    /// The object's type in the target (`targetIdentity.identityType`).
    pub object_type: String,
    /// The object's type in the source (`sourceIdentity.identityType`).
    pub source_type: String,
    /// The object's display name, on both sides (its id in the source without one).
    pub display_name: Option<String>,
    /// The target object's id (empty where none was made).
    pub target_id: String,
    pub source_system: &'static str,
    pub target_system: &'static str,
    /// The cycle it was part of (`cycle-{job}` without one).
    pub cycle: Option<String>,
    /// `provisioningStep` values.
    pub steps: Vec<Value>,
    /// `modifiedProperty` values.
    pub modified: Vec<Value>,
}

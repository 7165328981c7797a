// The documented requests of one Graph version, built with that version's
// generated builders. `docs_corpus.rs` includes this file once per version,
// in a module that names the version (`api`) and what only one version has
// (`ping`, `bulk_upload`).

use graph_sync::runtime::scim::BulkRequest;
use graph_sync::Client;
use serde_json::Value;

use super::models::*;
use super::paths::{SynchronizationPath, SynchronizationSchemaPath};
use crate::{built, entity, parameter, Built};

/// Builds the documented request with the generated builders, or `None`
/// when the crate has no builder for it.
pub fn build(client: &Client, method: &str, url: &str, body: Option<&Value>) -> Option<Built> {
    // The query, where an example has one, is rebuilt by the example's builder
    // with typed options, and compared by the caller.
    let path = url.split_once('?').map_or(url, |(path, _)| path);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if let Some(built) = workflow(client, method, &segments, body) {
        return Some(built);
    }
    let sync: SynchronizationPath = match segments.as_slice() {
        ["servicePrincipals", id, "synchronization", ..] => super::api(client).service_principal(*id).synchronization(),
        ["applications", id, "synchronization", ..] => super::api(client).application(*id).synchronization(),
        _ => return None,
    };
    let object = || body.cloned().unwrap_or(Value::Null);
    Some(match (method, &segments[3..]) {
        ("GET", ["jobs"]) => built(sync.jobs().list().first_page().clone()),
        ("POST", ["jobs"]) => built(sync.jobs().create(&entity::<SynchronizationJob>(body))),
        ("GET", ["jobs", job]) => built(sync.jobs().job(*job).get()),
        ("PATCH", ["jobs", job]) => built(sync.jobs().job(*job).update(&entity::<SynchronizationJob>(body))),
        ("DELETE", ["jobs", job]) => built(sync.jobs().job(*job).delete()),
        ("POST", ["jobs", job, "start"]) => built(sync.jobs().job(*job).start()),
        ("POST", ["jobs", job, "pause"]) => built(sync.jobs().job(*job).pause()),
        ("POST", ["jobs", job, "restart"]) => {
            built(sync.jobs().job(*job).restart().with_criteria(parameter(&object(), "criteria")))
        }
        ("POST", ["jobs", job, "validateCredentials"]) => {
            let body = object();
            let credentials = parameter(&body, "credentials").into_value().unwrap_or_default();
            let action = sync.jobs().job(*job).validate_credentials(credentials);
            built(
                action
                    .with_application_identifier(parameter(&body, "applicationIdentifier"))
                    .with_template_id(parameter(&body, "templateId"))
                    .with_use_saved_credentials(parameter(&body, "useSavedCredentials")),
            )
        }
        ("POST", ["jobs", job, "provisionOnDemand"]) => {
            let parameters = parameter(&object(), "parameters").into_value().unwrap_or_default();
            built(sync.jobs().job(*job).provision_on_demand(parameters))
        }
        (method, ["jobs", job, "schema", rest @ ..]) => schema(method, sync.jobs().job(*job).schema(), rest, body)?,
        ("GET", ["templates"]) => built(sync.templates().list().first_page().clone()),
        ("GET", ["templates", template]) => built(sync.templates().template(*template).get()),
        ("PUT", ["templates", template]) => {
            built(sync.templates().template(*template).replace(&entity::<SynchronizationTemplate>(body)))
        }
        ("DELETE", ["templates", template]) => built(sync.templates().template(*template).delete()),
        (method, ["templates", template, "schema", rest @ ..]) => {
            schema(method, sync.templates().template(*template).schema(), rest, body)?
        }
        ("POST", ["jobs", job, "bulkUpload"]) => {
            super::bulk_upload(&sync.jobs().job(*job), &entity::<BulkRequest>(body))?
        }
        ("GET", []) => built(sync.get()),
        ("PUT", ["secrets"]) => {
            let values = parameter(&object(), "value").into_value().unwrap_or_default();
            built(sync.put_secrets(values))
        }
        ("POST", ["acquireAccessToken"]) => {
            let credentials = parameter(&object(), "credentials").into_value().unwrap_or_default();
            built(sync.acquire_access_token(credentials))
        }
        ("GET", ["Ping"]) => super::ping(&sync)?,
        _ => return None,
    })
}

/// The workflow around the API: the gallery, applications, service
/// principals and the provisioning logs.
fn workflow(client: &Client, method: &str, segments: &[&str], body: Option<&Value>) -> Option<Built> {
    let api = super::api(client);
    let object = || body.cloned().unwrap_or(Value::Null);
    Some(match (method, segments) {
        ("GET", ["applicationTemplates"]) => built(api.application_templates().list().first_page().clone()),
        ("GET", ["applicationTemplates", id]) => built(api.application_templates().application_template(*id).get()),
        ("POST", ["applicationTemplates", id, "instantiate"]) => {
            // (`serviceManagementReference`, v1.0's only, is in no documented example.)
            let instantiate = api.application_templates().application_template(*id).instantiate();
            built(instantiate.with_display_name(parameter(&object(), "displayName")))
        }
        ("GET", ["servicePrincipals"]) => built(api.service_principals().list().first_page().clone()),
        ("GET", ["servicePrincipals", id]) => built(api.service_principal(*id).get()),
        ("GET", ["applications"]) => built(api.applications().list().first_page().clone()),
        ("GET", ["applications", id]) => built(api.application(*id).get()),
        // Who is provisioned: users, groups, a group's members, the application's assignments.
        ("GET", ["users", id]) => built(api.users().user(*id).get()),
        ("GET", ["groups", id]) => built(api.group(*id).get()),
        ("GET", ["groups", id, "members"]) => built(api.group(*id).members().list().first_page().clone()),
        ("GET", ["groups", id, "members", "microsoft.graph.user"]) => {
            // "List group members", example 4: a cast, searched, ordered and selected.
            let users = api.group(*id).members().list_users();
            let users = users.order_by([User::DISPLAY_NAME.asc()]).search(User::DISPLAY_NAME.matches("Pr"));
            built(users.select(&[&User::DISPLAY_NAME, &User::ID]).first_page().clone())
        }
        ("GET", ["servicePrincipals", id, "appRoleAssignedTo"]) => {
            built(api.service_principal(*id).app_role_assigned_to().list().first_page().clone())
        }
        ("POST", ["servicePrincipals", id, "appRoleAssignedTo"]) => {
            built(api.service_principal(*id).app_role_assigned_to().create(&entity::<AppRoleAssignment>(body)))
        }
        ("DELETE", ["servicePrincipals", id, "appRoleAssignedTo", assignment]) => {
            built(api.service_principal(*id).app_role_assigned_to().app_role_assignment(*assignment).delete())
        }
        ("GET", ["auditLogs", "provisioning"]) => built(api.audit_logs().provisioning().list().first_page().clone()),
        ("GET", ["auditLogs", "provisioning", id]) => {
            built(api.audit_logs().provisioning().provisioning_object_summary(*id).get())
        }
        _ => return None,
    })
}

fn schema(
    method: &str,
    schema: SynchronizationSchemaPath,
    rest: &[&str],
    body: Option<&Value>,
) -> Option<Built> {
    let object = || body.cloned().unwrap_or(Value::Null);
    Some(match (method, rest) {
        ("GET", []) => built(schema.get()),
        ("PUT", []) => built(schema.replace(&entity::<SynchronizationSchema>(body))),
        ("DELETE", []) => built(schema.delete()),
        ("GET", ["filterOperators"]) => built(schema.filter_operators()),
        ("GET", ["functions"]) => built(schema.functions()),
        ("POST", ["parseExpression"]) => {
            let body = object();
            built(
                schema
                    .parse_expression()
                    .with_expression(parameter(&body, "expression"))
                    .with_test_input_object(parameter(&body, "testInputObject"))
                    .with_target_attribute_definition(parameter(&body, "targetAttributeDefinition")),
            )
        }
        ("GET", ["directories"]) => built(schema.directories().list().first_page().clone()),
        ("GET", ["directories", directory]) => built(schema.directories().directory(*directory).get()),
        ("POST", ["directories", directory, "discover"]) => {
            built(schema.directories().directory(*directory).discover())
        }
        _ => return None,
    })
}


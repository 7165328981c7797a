//! The fake's own check against a client type's route tables: every call
//! of every version is reached by walking a concrete path, and answered
//! (never `501`). Run by the tests of `graph_sync::testing`, which has the tables (each
//! function panics at the first call that falls short).

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};

use super::routes::{Node, Op, Root, RouteTable};
use super::state::{self, State};
use super::wire::Query;
use super::{directory, Answer};

/// A concrete path to every node of `api`, breadth first from its roots, with
/// the ids of the state built by `state()`.
fn paths_to_nodes(api: &RouteTable, job: &str, log: &str) -> Vec<(&'static Node, Vec<String>)> {
    let mut paths: Vec<(&'static Node, Vec<String>)> = Vec::new();
    let mut queue = VecDeque::new();
    for root in api.roots {
        let mut path = vec![root.segment().to_owned()];
        if let Root::Item { set, .. } = root {
            let id = match *set {
                "servicePrincipals" => "sp-1",
                "users" => "u-1",
                "groups" => "g-1",
                _ => "app-1",
            };
            path.push(id.to_owned());
        }
        queue.push_back((root.node(), path));
    }
    while let Some((node, path)) = queue.pop_front() {
        if paths.iter().any(|(reached, _)| std::ptr::eq(*reached, node)) {
            continue;
        }
        paths.push((node, path.clone()));
        for step in node.steps {
            queue.push_back((step.node, [path.clone(), vec![step.segment.to_owned()]].concat()));
        }
        if let Some(item) = node.item {
            let id = match item.entity.rsplit('.').next().unwrap_or_default() {
                "synchronizationJob" => job.to_owned(),
                "synchronizationTemplate" => "scim".to_owned(),
                "servicePrincipal" => "sp-1".to_owned(),
                "application" => "app-1".to_owned(),
                "applicationTemplate" => "gallery-1".to_owned(),
                "provisioningObjectSummary" => log.to_owned(),
                "user" => "u-1".to_owned(),
                "group" => "g-1".to_owned(),
                "directoryObject" => "u-1".to_owned(),
                "appRoleAssignment" => "a-1".to_owned(),
                _ => "source".to_owned(),
            };
            queue.push_back((item, [path, vec![id]].concat()));
        }
    }
    paths
}

/// A body each call's check accepts, on a node of `entity`.
fn body_for(op: Op, entity: &str) -> Value {
    match op {
        Op::Create if entity == state::APP_ROLE_ASSIGNMENT => {
            json!({"principalId": "u-1", "resourceId": "sp-1", "appRoleId": "00000000-0000-0000-0000-000000000000"})
        }
        Op::Create => json!({"id": "new", "templateId": "scim"}),
        Op::Action("provisionOnDemand") => {
            json!({"parameters": [{"ruleId": super::DEFAULT_RULE_ID, "subjects": [{"objectId": "u-1", "objectTypeName": "User"}]}]})
        }
        Op::Action("validateCredentials" | "acquireAccessToken") => json!({"credentials": []}),
        Op::PutProperty("secrets") => json!({"value": [{"key": "SecretToken", "value": "x"}]}),
        Op::Action("restart") => json!({"criteria": {"resetScope": "Full"}}),
        Op::Action("parseExpression") => json!({"expression": "[displayName]"}),
        Op::Action("instantiate") => json!({"displayName": "My app"}),
        Op::BulkUpload(_) => json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
            {"method": "POST", "bulkId": "1", "path": "/Users", "data": {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "externalId": "1"}}]}),
        Op::Get
        | Op::List
        | Op::ListCast(_)
        | Op::Delete
        | Op::Function(_)
        | Op::Action("start" | "pause" | "discover" | "Ping") => Value::Null,
        _ => json!({}),
    }
}

/// A service principal and an application (each with a `scim` template),
/// a job of the principal, a gallery application, and one provisioning log
/// entry; the job's and the entry's ids.
pub(crate) fn state() -> (State, String, String) {
    let mut state = State::default();
    for owner in ["sp-1", "app-1"] {
        state.owners.entry(owner.into()).or_default().templates.insert("scim".into(), state::template("scim"));
    }
    state.principals.insert("sp-1".into(), directory::declared_principal("sp-1"));
    state.users.insert("u-1".into(), directory::declared_user("u-1", "adele@contoso.test"));
    state.groups.insert("g-1".into(), directory::declared_group("g-1", "Sales"));
    state.members.insert("g-1".into(), vec!["u-1".into()]);
    let assignment = json!({"id": "a-1", "principalId": "u-1", "resourceId": "sp-1", "principalType": "User"});
    state.assignments.insert("sp-1".into(), vec![assignment]);
    state.applications.insert("app-1".into(), directory::declared_application("app-1"));
    let template = directory::gallery_template("gallery-1", "Gallery app", true);
    state
        .gallery
        .insert("gallery-1".into(), state::GalleryApp { template, synchronization_templates: vec!["scim".into()] });
    let job = match state.create_job("sp-1", &json!({"templateId": "scim"})) {
        Answer::Json { body, .. } => body["id"].as_str().unwrap().to_owned(),
        _ => unreachable!(),
    };
    let event = super::ProvisionScript::success().event("u-1", "User", "Azure Active Directory", "create");
    state.record_provisioning("sp-1", &job, event, Duration::ZERO);
    let log = state.logs[0]["id"].as_str().unwrap().to_owned();
    (state, job, log)
}

/// Walks to and answers every call of every table; how many were answered.
pub fn answer_every_call(tables: &[&'static RouteTable]) -> usize {
    let mut answered = 0;
    for &api in tables {
        let (_, job, log) = state();
        let paths = paths_to_nodes(api, &job, &log);
        assert_eq!(paths.len(), api.nodes.len(), "{}: every node is reached", api.version);
        for (node, path) in &paths {
            for call in node.calls {
                // A fresh state for each call, so a delete does not hide the next call's target.
                let (mut state, _, _) = state();
                let mut segments = path.clone();
                segments.extend(call.op.segment().map(str::to_owned));
                let walk =
                    api.walk(call.op.method().as_str(), &segments).unwrap_or_else(|e| panic!("{segments:?}: {}", e.0));
                assert!(std::ptr::eq(walk.call, call), "{} {segments:?} leads to its own call", call.op);
                let body = body_for(call.op, node.entity);
                (call.check)(&body).unwrap_or_else(|e| panic!("{}: {e}", call.op));
                let what = format!("{} {} /{}", api.version, call.op.method(), segments.join("/"));
                // A type cast is answered only as an advanced query ("List group members").
                let advanced = [("$count".to_owned(), "true".to_owned())];
                let query = match call.op {
                    Op::ListCast(_) => Query::new(&advanced, Some("eventual")),
                    _ => Query::new(&[], None),
                };
                match state.call(&walk, &body, query, ("http://fake", "/v1.0/x"), Duration::ZERO) {
                    Answer::Error { status, message, .. } => panic!("{what}: {status} {message}"),
                    Answer::Json { status, .. } => assert!((200..300).contains(&status), "{what}: {status}"),
                    Answer::Accepted { .. } => assert!(matches!(call.op, Op::BulkUpload(_)), "{what}"),
                    Answer::Throttled { .. } => panic!("{what}: throttled"),
                    Answer::Count(_) => panic!("{what}: a count, which only a `$count` segment asks for"),
                }
                answered += 1;
            }
        }
    }
    answered
}

/// Checks that the v1.0 table's body checks refuse what its generated types refuse.
pub fn refuse_bodies_the_generated_types_refuse(v1: &'static RouteTable) {
    let (_, job, _) = state();
    let segments: Vec<String> =
        ["servicePrincipals", "sp-1", "synchronization", "jobs", job.as_str(), "provisionOnDemand"]
            .map(String::from)
            .to_vec();
    let walk = v1.walk("POST", &segments).unwrap_or_else(|e| panic!("{}", e.0));
    for (body, problem) in [
        (json!({}), "the parameter `parameters` is required"),
        (json!({"parameters": {"ruleId": "r"}}), "`parameters`"),
        (json!({"parameters": [], "extra": 1}), "`extra` is not a parameter"),
        (json!([1]), "must be a JSON object"),
    ] {
        let error = (walk.call.check)(&body).unwrap_err();
        assert!(error.contains(problem), "{body}: {error}");
    }
    let jobs = &segments[..4];
    let create = v1.walk("POST", jobs).unwrap_or_else(|e| panic!("{}", e.0));
    let error = (create.call.check)(&json!({"templateId": 5})).unwrap_err();
    assert!(error.contains("invalid type"), "{error}");
    assert!(v1.walk("POST", &[jobs, &["Ping".to_owned()]].concat()).is_err());
}

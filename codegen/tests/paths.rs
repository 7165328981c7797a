//! The request-builder IR: what paths and methods the slice yields.

mod support;

use codegen::model::Model;
use codegen::paths::{lower, MethodKind, NodeIr, PathsIr, ReturnIr};
use codegen::select::{select, SliceSettings};

fn settings() -> SliceSettings {
    SliceSettings::from_toml("slice.toml", include_str!("../../metadata/slice.toml")).unwrap()
}

fn paths_of(name: &str, bytes: &[u8]) -> PathsIr {
    let model = Model::from_bytes(name, bytes).unwrap();
    let slice = select(&model, &settings()).unwrap();
    lower(&model, &slice, &settings(), &codegen::ir::type_names(&model, &slice)).unwrap()
}

fn node<'a>(paths: &'a PathsIr, name: &str) -> &'a NodeIr {
    paths.nodes.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
}

fn method_names(node: &NodeIr) -> Vec<&str> {
    node.methods.iter().map(|m| m.name.as_str()).collect()
}

#[test]
fn committed_slice_paths() {
    let paths = paths_of("slice", include_bytes!("../../metadata/synchronization.csdl"));
    let roots: Vec<&str> = paths.roots.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(roots, ["service_principal", "application"]);
    let alternate: Vec<&str> = paths.roots.iter().flat_map(|r| &r.alternate_keys).map(|k| k.method.as_str()).collect();
    assert_eq!(alternate, ["service_principal_by_app_id", "application_by_app_id", "application_by_unique_name"]);
    let ids: Vec<&str> = paths.ids.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ApplicationId",
            "DirectoryDefinitionId",
            "ServicePrincipalId",
            "SynchronizationJobId",
            "SynchronizationTemplateId"
        ]
    );

    let sync = node(&paths, "SynchronizationRequest");
    assert_eq!(sync.template, "/servicePrincipals/{servicePrincipalId}/synchronization");
    assert_eq!(
        method_names(sync),
        ["get", "replace", "put_secrets", "jobs", "templates", "acquire_access_token", "ping"]
    );
    let jobs = node(&paths, "SynchronizationJobCollectionRequest");
    assert_eq!(method_names(jobs), ["list", "create", "job", "validate_credentials"]);
    let job = node(&paths, "SynchronizationJobRequest");
    assert_eq!(job.template, "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}");
    assert_eq!(
        method_names(job),
        [
            "get",
            "update",
            "delete",
            "schema",
            "pause",
            "provision_on_demand",
            "restart",
            "start",
            "validate_credentials"
        ]
    );
    let schema = node(&paths, "SynchronizationSchemaRequest");
    assert_eq!(
        method_names(schema),
        ["get", "replace", "directories", "filter_operators", "functions", "parse_expression"]
    );
    assert!(schema.methods.iter().any(|m| matches!(m.kind, MethodKind::Update { put: true, .. })), "schemas are PUT");
    let template = node(&paths, "SynchronizationTemplateRequest");
    assert_eq!(method_names(template), ["get", "replace", "delete", "schema"]);
    let directory = node(&paths, "DirectoryDefinitionRequest");
    assert!(method_names(directory).contains(&"discover"));

    let provision = job.methods.iter().find(|m| m.name == "provision_on_demand").unwrap();
    let MethodKind::Operation(operation) = &provision.kind else { panic!() };
    assert_eq!(operation.parameters.len(), 1);
    assert!(!operation.parameters[0].optional, "`parameters` is required");
    assert!(matches!(&operation.returns, ReturnIr::Json(_)));
    let restart = job.methods.iter().find(|m| m.name == "restart").unwrap();
    let MethodKind::Operation(operation) = &restart.kind else { panic!() };
    assert!(operation.parameters[0].optional, "a nullable single-valued parameter is optional");
    let filter_operators = schema.methods.iter().find(|m| m.name == "filter_operators").unwrap();
    let MethodKind::Operation(operation) = &filter_operators.kind else { panic!() };
    assert!(matches!(&operation.returns, ReturnIr::Values(_)));
}

#[test]
fn media_entities_get_raw_upload_and_download() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    let paths = paths_of(&name, &bytes);
    let job = node(&paths, "SynchronizationJobRequest");
    assert!(method_names(job).contains(&"bulk_upload"));
    let bulk = node(&paths, "BulkUploadRequest");
    assert!(bulk.template.ends_with("/jobs/{synchronizationJobId}/bulkUpload"), "{}", bulk.template);
    let upload = bulk.methods.iter().find(|m| m.name == "upload").unwrap();
    assert_eq!(upload.kind, MethodKind::Upload { content_type: "application/scim+json".into() });
    assert!(bulk.methods.iter().any(|m| m.kind == MethodKind::Download));
    // The whole v1.0 slice generates valid Rust (every file is parsed by syn when emitted).
    let model = Model::from_bytes(&name, &bytes).unwrap();
    let slice = select(&model, &settings()).unwrap();
    let files = codegen::generate::generate(&model, &slice, &settings(), "v1.0").unwrap();
    assert!(files["src/paths.rs"].contains("application/scim+json"));
}

#[test]
fn deprecation_notes_say_when_the_replacement_is_not_in_the_metadata() {
    let paths = paths_of("slice", include_bytes!("../../metadata/synchronization.csdl"));
    let jobs = node(&paths, "SynchronizationJobCollectionRequest");
    let validate = jobs.methods.iter().find(|m| m.name == "validate_credentials").unwrap();
    let note = &validate.deprecated.as_ref().unwrap().note;
    assert!(note.contains("Use validateConnectivity instead."), "{note}");
    assert!(note.ends_with("Not in this crate's metadata: `validateConnectivity`; until it is, `#[allow(deprecated)]` keeps this usable."), "{note}");
    // A replacement the metadata declares (a property here) is not reported.
    let sync = node(&paths, "SynchronizationRequest");
    let secrets = sync.methods.iter().find(|m| m.name == "put_secrets").unwrap();
    let note = &secrets.deprecated.as_ref().unwrap().note;
    assert!(note.contains("Use SynchronizationJobSettings") && note.contains("`connectivityParameters`"), "{note}");
    assert!(!note.contains("`SynchronizationJobSettings`"), "{note}");
}

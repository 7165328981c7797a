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
        ["get", "replace", "delete", "put_secrets", "jobs", "templates", "acquire_access_token", "ping"]
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
        ["get", "replace", "delete", "directories", "filter_operators", "functions", "parse_expression"]
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

/// Every path of the committed slice with the verbs it allows and why (the
/// rule is `paths::verdict`'s: items of contained collections and contained
/// single-valued navigation properties can be updated and deleted unless the
/// metadata restricts it). `DELETE .../schema` resets a job's or template's
/// schema to its default, as documented.
#[test]
fn each_path_allows_the_verbs_the_metadata_allows() {
    let paths = paths_of("slice", include_bytes!("../../metadata/synchronization.csdl"));
    let table = codegen::paths::verbs_by_path(&paths);
    let sp = "/servicePrincipals/{servicePrincipalId}";
    let expected = [
        "/applications/{applicationId}: ".to_owned(),
        "/servicePrincipals/{servicePrincipalId}: ".to_owned(),
        format!("{sp}/synchronization/jobs/{{synchronizationJobId}}/schema/directories/{{directoryDefinitionId}}: GET, PATCH, DELETE (PATCH: an item of the contained collection `directories`; DELETE: an item of the contained collection `directories`)"),
        format!("{sp}/synchronization/jobs/{{synchronizationJobId}}/schema/directories: GET, POST"),
        format!("{sp}/synchronization/jobs/{{synchronizationJobId}}/schema: GET, PUT, DELETE (PUT: the contained navigation property `schema`; DELETE: the contained navigation property `schema`)"),
        format!("{sp}/synchronization/jobs/{{synchronizationJobId}}: GET, PATCH, DELETE (PATCH: an item of the contained collection `jobs`; DELETE: an item of the contained collection `jobs`)"),
        format!("{sp}/synchronization/jobs: GET, POST"),
        format!("{sp}/synchronization/templates/{{synchronizationTemplateId}}: GET, PUT, DELETE (PUT: an item of the contained collection `templates`; DELETE: an item of the contained collection `templates`)"),
        format!("{sp}/synchronization/templates: GET, POST"),
        format!("{sp}/synchronization: GET, PUT, DELETE (PUT: the contained navigation property `synchronization`; DELETE: the contained navigation property `synchronization`)"),
    ];
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(table, expected);
}

/// A restriction in the metadata takes the verb away: `DeleteRestrictions`
/// on a navigation property, `NavigationRestrictions` of the parent type, and
/// `UpdateRestrictions` on the entity type; a node reached by several routes
/// keeps a verb only if every route allows it; an unrestricted one keeps both.
#[test]
fn restrictions_in_the_metadata_take_verbs_away() {
    let schema = r#"
      <EntityType Name="synchronization">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <NavigationProperty Name="jobs" Type="Collection(microsoft.graph.synchronizationJob)" ContainsTarget="true" />
        <NavigationProperty Name="templates" Type="Collection(microsoft.graph.synchronizationTemplate)" ContainsTarget="true">
          <Annotation Term="Org.OData.Capabilities.V1.DeleteRestrictions">
            <Record><PropertyValue Property="Deletable" Bool="false" /></Record>
          </Annotation>
        </NavigationProperty>
        <Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions">
          <Record>
            <PropertyValue Property="RestrictedProperties">
              <Collection>
                <Record>
                  <PropertyValue Property="NavigationProperty" NavigationPropertyPath="jobs" />
                  <PropertyValue Property="DeleteRestrictions">
                    <Record><PropertyValue Property="Deletable" Bool="false" /></Record>
                  </PropertyValue>
                </Record>
              </Collection>
            </PropertyValue>
          </Record>
        </Annotation>
      </EntityType>
      <EntityType Name="synchronizationJob">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <NavigationProperty Name="schema" Type="microsoft.graph.synchronizationSchema" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="synchronizationTemplate">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <NavigationProperty Name="schema" Type="microsoft.graph.synchronizationSchema" ContainsTarget="true">
          <Annotation Term="Org.OData.Capabilities.V1.DeleteRestrictions">
            <Record><PropertyValue Property="Deletable" Bool="false" /></Record>
          </Annotation>
        </NavigationProperty>
      </EntityType>
      <EntityType Name="synchronizationSchema">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Annotation Term="Org.OData.Capabilities.V1.UpdateRestrictions">
          <Record><PropertyValue Property="Updatable" Bool="false" /></Record>
        </Annotation>
      </EntityType>
      <EntityType Name="directoryDefinition">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="servicePrincipal">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <NavigationProperty Name="synchronization" Type="microsoft.graph.synchronization" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="application">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <NavigationProperty Name="synchronization" Type="microsoft.graph.synchronization" ContainsTarget="true" />
      </EntityType>
      <EntityContainer Name="c">
        <EntitySet Name="servicePrincipals" EntityType="microsoft.graph.servicePrincipal" />
        <EntitySet Name="applications" EntityType="microsoft.graph.application" />
      </EntityContainer>"#;
    let document = format!(
        r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
        <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">{schema}</Schema>
        </edmx:DataServices></edmx:Edmx>"#
    );
    let settings = SliceSettings::from_toml(
        "restricted.toml",
        r#"
        version = "beta"
        roots = ["microsoft.graph.synchronization"]
        [[anchors]]
        entity_set = "servicePrincipals"
        navigation = "synchronization"
        "#,
    )
    .unwrap();
    let model = Model::from_bytes("restricted.csdl", document.as_bytes()).unwrap();
    let slice = select(&model, &settings).unwrap();
    let paths = lower(&model, &slice, &settings, &codegen::ir::type_names(&model, &slice)).unwrap();
    let verbs = |name: &str| -> Vec<&str> {
        node(&paths, name)
            .methods
            .iter()
            .filter(|m| matches!(m.kind, MethodKind::Update { .. } | MethodKind::Delete))
            .map(|m| m.name.as_str())
            .collect()
    };
    assert_eq!(verbs("SynchronizationJobRequest"), ["update"], "NavigationRestrictions of the parent");
    assert_eq!(verbs("SynchronizationTemplateRequest"), ["update"], "DeleteRestrictions on the navigation property");
    // Updates are restricted on the entity type; deletion on one of the two
    // routes to the schema node (the template's), so the shared node has neither.
    assert!(verbs("SynchronizationSchemaRequest").is_empty());
    assert_eq!(verbs("SynchronizationRequest"), ["update", "delete"], "nothing restricts it");
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

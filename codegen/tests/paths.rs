//! The request-builder IR: what paths and methods the slice yields.

mod support;

use codegen::ir::paths::{lower, MethodKind, NodeIr, PathsIr, ReturnIr};
use codegen::ir::RustType;
use codegen::model::Model;
use codegen::select::{select, Slice};
use codegen::settings::ResolvedGeneration;
use codegen::settings::SliceSettings;

fn settings() -> SliceSettings {
    SliceSettings::from_toml("slice.toml", include_str!("../../metadata/beta/slice.toml")).unwrap()
}

/// The paths as the generator lowers them: generic lowering, then the
/// service's special cases.
fn lower_with(model: &Model, slice: &Slice, settings: &SliceSettings) -> Result<PathsIr, String> {
    let (_, paths) = codegen::generate::lower(model, slice, settings).map_err(|e| e.to_string())?;
    Ok(paths.expect("the slice has paths"))
}

fn paths_of(name: &str, bytes: &[u8]) -> PathsIr {
    let model = Model::from_bytes(name, bytes).unwrap();
    let slice = select(&model, &settings().selection).unwrap();
    lower_with(&model, &slice, &settings()).unwrap()
}

fn node<'a>(paths: &'a PathsIr, name: &str) -> &'a NodeIr {
    paths.nodes.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("no node {name}"))
}

fn method_names(node: &NodeIr) -> Vec<&str> {
    node.methods.iter().map(|m| m.name.as_str()).collect()
}

#[test]
fn committed_slice_paths() {
    let paths = paths_of("slice", include_bytes!("../../metadata/beta/synchronization.csdl"));
    let roots: Vec<&str> = paths.roots.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(roots, ["service_principal", "application", "group"]);
    let alternate: Vec<&str> = paths.roots.iter().flat_map(|r| &r.alternate_keys).map(|k| k.method.as_str()).collect();
    assert_eq!(
        alternate,
        ["service_principal_by_app_id", "application_by_app_id", "application_by_unique_name", "group_by_unique_name"]
    );
    let entries: Vec<(&str, &str)> =
        paths.entry_points.iter().map(|e| (e.method.as_str(), e.segment.as_str())).collect();
    assert_eq!(
        entries,
        [
            ("audit_logs", "auditLogs"),
            ("application_templates", "applicationTemplates"),
            ("service_principals", "servicePrincipals"),
            ("applications", "applications"),
            ("users", "users"),
            ("groups", "groups"),
        ]
    );
    let ids: Vec<&str> = paths.ids.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        ids,
        [
            "AppRoleAssignmentId",
            "ApplicationId",
            "ApplicationTemplateId",
            "DirectoryDefinitionId",
            "GroupId",
            "ProvisioningObjectSummaryId",
            "ServicePrincipalId",
            "SynchronizationJobId",
            "SynchronizationTemplateId",
            "UserId"
        ]
    );
    // A resource reached by an anchor too is one node: its own methods and the anchor's navigation.
    let principal = node(&paths, "ServicePrincipalPath");
    assert_eq!(principal.template, "/servicePrincipals/{servicePrincipalId}");
    assert_eq!(method_names(principal), ["get", "delete", "app_role_assigned_to", "synchronization"]);
    assert_eq!(method_names(node(&paths, "ServicePrincipalCollectionPath")), ["list", "service_principal"]);
    assert_eq!(method_names(node(&paths, "ApplicationTemplatePath")), ["get", "instantiate"]);
    assert_eq!(method_names(node(&paths, "AuditLogRootPath")), ["provisioning"]);
    // `provisioning` is no plural: its items are named after their type.
    let logs = node(&paths, "ProvisioningObjectSummaryCollectionPath");
    assert_eq!(logs.template, "/auditLogs/provisioning");
    assert_eq!(method_names(logs), ["list", "provisioning_object_summary"]);

    let sync = node(&paths, "SynchronizationPath");
    assert_eq!(sync.template, "/servicePrincipals/{servicePrincipalId}/synchronization");
    assert_eq!(
        method_names(sync),
        ["get", "replace", "delete", "put_secrets", "jobs", "templates", "acquire_access_token", "ping"]
    );
    let jobs = node(&paths, "SynchronizationJobCollectionPath");
    assert_eq!(method_names(jobs), ["list", "create", "job", "validate_credentials"]);
    let job = node(&paths, "SynchronizationJobPath");
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
    let schema = node(&paths, "SynchronizationSchemaPath");
    assert_eq!(
        method_names(schema),
        ["get", "replace", "delete", "directories", "filter_operators", "functions", "parse_expression"]
    );
    assert!(schema.methods.iter().any(|m| matches!(m.kind, MethodKind::Update { put: true, .. })), "schemas are PUT");
    let template = node(&paths, "SynchronizationTemplatePath");
    assert_eq!(method_names(template), ["get", "replace", "delete", "schema"]);
    let directory = node(&paths, "DirectoryDefinitionPath");
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
    let paths = paths_of("slice", include_bytes!("../../metadata/beta/synchronization.csdl"));
    let table = codegen::ir::paths::verbs_by_path(&paths);
    let sp = "/servicePrincipals/{servicePrincipalId}";
    let expected = [
        // The workflow's resources: the methods the settings name, where the metadata allows them.
        "/applicationTemplates/{applicationTemplateId}: GET".to_owned(),
        "/applicationTemplates: GET".to_owned(),
        "/applications/{applicationId}: GET, DELETE (DELETE: an item of the entity set `applications`)".to_owned(),
        "/applications: GET".to_owned(),
        "/auditLogs/provisioning/{provisioningObjectSummaryId}: GET".to_owned(),
        "/auditLogs/provisioning: GET".to_owned(),
        "/auditLogs: ".to_owned(),
        // Who is provisioned: users and groups read, a group's members listed
        // (all, and by type through a cast; a member has no call of its own,
        // so no item step), assignments managed.
        "/groups/{groupId}/members: GET, GET /microsoft.graph.user, GET /microsoft.graph.group, GET /microsoft.graph.servicePrincipal".to_owned(),
        "/groups/{groupId}: GET".to_owned(),
        "/groups: GET".to_owned(),
        format!("{sp}/appRoleAssignedTo/{{appRoleAssignmentId}}: DELETE (DELETE: an item of the contained collection `appRoleAssignedTo`)"),
        format!("{sp}/appRoleAssignedTo: GET, POST"),
        "/servicePrincipals/{servicePrincipalId}: GET, DELETE (DELETE: an item of the entity set `servicePrincipals`)"
            .to_owned(),
        "/servicePrincipals: GET".to_owned(),
        "/users/{userId}: GET".to_owned(),
        "/users: GET".to_owned(),
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
    let slice = select(&model, &settings.selection).unwrap();
    let paths = lower_with(&model, &slice, &settings).unwrap();
    let verbs = |name: &str| -> Vec<&str> {
        node(&paths, name)
            .methods
            .iter()
            .filter(|m| matches!(m.kind, MethodKind::Update { .. } | MethodKind::Delete))
            .map(|m| m.name.as_str())
            .collect()
    };
    assert_eq!(verbs("SynchronizationJobPath"), ["update"], "NavigationRestrictions of the parent");
    assert_eq!(verbs("SynchronizationTemplatePath"), ["update"], "DeleteRestrictions on the navigation property");
    // Updates are restricted on the entity type; deletion on one of the two
    // routes to the schema node (the template's), so the shared node has neither.
    assert!(verbs("SynchronizationSchemaPath").is_empty());
    assert_eq!(verbs("SynchronizationPath"), ["update", "delete"], "nothing restricts it");
}

fn v1_settings() -> SliceSettings {
    SliceSettings::from_toml("slice.toml", include_str!("../../metadata/v1.0/slice.toml")).unwrap()
}

fn lowered(name: &str, bytes: &[u8], settings: &SliceSettings) -> PathsIr {
    let model = Model::from_bytes(name, bytes).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    lower_with(&model, &slice, settings).unwrap()
}

#[test]
fn media_entities_get_raw_upload_and_download() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    // Without the SCIM setting, `bulkUpload` is what the metadata says: a media entity.
    let mut settings = v1_settings();
    settings.generation.scim_bulk_uploads.clear();
    settings.generation.media_types.push(("microsoft.graph.bulkUpload".into(), "application/scim+json".into()));
    let paths = lowered(&name, &bytes, &settings);
    let bulk = node(&paths, "BulkUploadPath");
    assert!(bulk.template.ends_with("/jobs/{synchronizationJobId}/bulkUpload"), "{}", bulk.template);
    let upload = bulk.methods.iter().find(|m| m.name == "upload").unwrap();
    assert_eq!(upload.kind, MethodKind::Upload { content_type: "application/scim+json".into() });
    assert!(bulk.methods.iter().any(|m| m.kind == MethodKind::Download));
    let job = node(&paths, "SynchronizationJobPath");
    let navigation = job.methods.iter().find(|m| m.name == "bulk_upload").unwrap();
    assert!(matches!(&navigation.kind, MethodKind::Navigate { node, .. } if node == "BulkUploadPath"));
}

#[test]
fn the_documented_bulk_upload_takes_the_media_entitys_place() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    let paths = lowered(&name, &bytes, &v1_settings());
    let job = node(&paths, "SynchronizationJobPath");
    let upload = job.methods.iter().find(|m| m.name == "bulk_upload").unwrap();
    // Its acceptance lists the provisioning logs as the slice's type (`scim_bulk_upload_logs`).
    let logs = Some(RustType::Named { module: "graph".into(), name: "ProvisioningObjectSummary".into() });
    assert_eq!(upload.kind, MethodKind::ScimBulkUpload { segment: "bulkUpload".into(), logs });
    assert!(paths.nodes.iter().all(|n| n.name != "BulkUploadPath"), "no media-entity node is left");
    assert_eq!((paths.api.method.as_str(), paths.api.version.as_str()), ("v1", "v1.0"));
    // The whole v1.0 slice generates valid Rust (every file is parsed by syn when emitted).
    let model = Model::from_bytes(&name, &bytes).unwrap();
    let slice = select(&model, &v1_settings().selection).unwrap();
    let files = codegen::generate::generate(&model, &slice, &v1_settings(), "v1.0").unwrap();
    assert!(files["paths.rs"].contains("runtime::scim::BulkUploadRequest::new(&self.0, \"bulkUpload\", request)"));
    assert!(files["lib.rs"].contains("pub use paths::Api;"));
}

#[test]
fn a_scim_bulk_upload_setting_must_name_a_type_and_not_a_structural_property() {
    let slice = include_bytes!("../../metadata/beta/synchronization.csdl");
    let model = Model::from_bytes("slice", slice).unwrap();
    let selected = select(&model, &settings().selection).unwrap();
    for (setting, expected) in [
        ("microsoft.graph.nope/bulkUpload", "the document defines no type `microsoft.graph.nope`"),
        ("microsoft.graph.synchronizationJob/schedule", "is a structural property"),
        ("bulkUpload", "must be written `namespace.type/navigation`"),
    ] {
        // The error is at the setting: line 2, after `scim_bulk_uploads = [`.
        let text = format!("version = \"beta\"\nscim_bulk_uploads = [\"{setting}\"]\n");
        let settings = SliceSettings::from_toml("slice.toml", &text).unwrap();
        let error = lower_with(&model, &selected, &settings).unwrap_err();
        assert!(error.starts_with("slice.toml:2:22: SCIM bulk upload"), "{setting}: {error}");
        assert!(error.contains(expected), "{setting}: {error}");
    }
    // A type without the navigation (beta here) leaves the setting unused.
    let paths = lower_with(&model, &selected, &settings()).unwrap();
    assert!(!method_names(node(&paths, "SynchronizationJobPath")).contains(&"bulk_upload"));
}

#[test]
fn a_version_that_cannot_name_a_module_is_an_error() {
    let slice = include_bytes!("../../metadata/beta/synchronization.csdl");
    let model = Model::from_bytes("slice", slice).unwrap();
    let selected = select(&model, &settings().selection).unwrap();
    for version in ["", "1.0", "v1/0", "batch", "self", "beta\nmod evil {}"] {
        let settings = SliceSettings { version: version.into(), ..settings() };
        let error = lower_with(&model, &selected, &settings).unwrap_err();
        assert!(error.contains("cannot name a module"), "{version:?}: {error}");
        assert!(!error.contains('\n'), "{version:?}: the version is escaped in the message: {error}");
        // The pipeline says which stage refused it.
        let generated = codegen::generate::generate(&model, &selected, &settings, "slice");
        assert!(matches!(generated, Err(codegen::Error::Lower(_))), "{version:?}: {generated:?}");
    }
}

#[test]
fn deprecation_notes_say_when_the_replacement_is_not_in_the_metadata() {
    let paths = paths_of("slice", include_bytes!("../../metadata/beta/synchronization.csdl"));
    let jobs = node(&paths, "SynchronizationJobCollectionPath");
    let validate = jobs.methods.iter().find(|m| m.name == "validate_credentials").unwrap();
    let note = &validate.deprecated.as_ref().unwrap().note;
    assert!(note.contains("Use validateConnectivity instead."), "{note}");
    assert!(note.ends_with("Not in this crate's metadata: `validateConnectivity`; until it is, `#[allow(deprecated)]` keeps this usable."), "{note}");
    // A replacement the metadata declares (a property here) is not reported.
    let sync = node(&paths, "SynchronizationPath");
    let secrets = sync.methods.iter().find(|m| m.name == "put_secrets").unwrap();
    let note = &secrets.deprecated.as_ref().unwrap().note;
    assert!(note.contains("Use SynchronizationJobSettings") && note.contains("`connectivityParameters`"), "{note}");
    assert!(!note.contains("`SynchronizationJobSettings`"), "{note}");
}

/// Issue 44's trial settings: users, groups, a group's members and a service
/// principal's app role assignments, on top of the v1.0 slice.
fn who_is_provisioned_settings() -> SliceSettings {
    let extra = r#"
[[resources]]
entity_set = "users"
methods = ["list", "get"]

[[resources]]
entity_set = "groups"
methods = ["list", "get"]

[[anchors]]
entity_set = "groups"
navigation = "members"
methods = ["list"]

[[anchors]]
entity_set = "servicePrincipals"
navigation = "appRoleAssignedTo"
methods = ["list", "create", "delete"]
"#;
    let text = format!("{}{extra}", include_str!("../../metadata/v1.0/slice.toml"));
    // The tables after the resources ([update_methods], [operation_notes]) must stay last.
    let (head, tables) = text.split_at(text.find("[update_methods]").unwrap());
    let (tables, extra) = tables.split_at(tables.find("\n[[resources]]\nentity_set = \"users\"").unwrap());
    SliceSettings::from_toml("who.toml", &format!("{head}{extra}\n{tables}")).unwrap()
}

#[test]
fn an_anchor_into_a_directory_object_brings_its_path_and_no_operation_bound_to_directory_objects() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    // Lowered from the slice as `regen` writes and reads it back: it keeps no
    // binding of `members` (which does not contain its targets), and as an
    // anchor it is a step all the same (`/groups/{id}/members`).
    let settings = who_is_provisioned_settings();
    let full = Model::from_bytes(&name, &bytes).unwrap();
    let slice = select(&full, &settings.selection).unwrap();
    let written = codegen::write_csdl::write_slice(&full, &slice, &name);
    let paths = lowered("slice.csdl", written.as_bytes(), &settings);
    let group = node(&paths, "GroupPath");
    assert!(
        group.methods.iter().any(|m| matches!(&m.kind, MethodKind::Navigate { segment, .. } if segment == "members")),
        "{:?}",
        method_names(group)
    );
    assert!(node(&paths, "DirectoryObjectCollectionPath")
        .methods
        .iter()
        .any(|m| matches!(m.kind, MethodKind::List { .. })));
    // The anchors' targets follow the resources' rule: what their calls return,
    // and no operation bound to `directoryObject` (delta, getByIds, restore...).
    for name in
        ["UserPath", "UserCollectionPath", "GroupPath", "AppRoleAssignmentPath", "AppRoleAssignmentCollectionPath"]
    {
        let operations: Vec<&str> = node(&paths, name)
            .methods
            .iter()
            .filter(|m| matches!(m.kind, MethodKind::Operation(_)))
            .map(|m| m.name.as_str())
            .collect();
        assert!(operations.is_empty(), "{name}: {operations:?}");
    }
    let assignments: Vec<&str> = method_names(node(&paths, "AppRoleAssignmentCollectionPath"));
    assert!(assignments.contains(&"list") && assignments.contains(&"create"), "{assignments:?}");
}

/// The names `CLIENT_METHODS`, `API_METHODS` and `NODE_METHODS` reserve are
/// the methods those types really have, read from the code: graph-sync's
/// `Client` (its own but the versions' entry points, its `Handle`'s through
/// `Deref`, in whichever runtime file adds them, and its derives), and the
/// committed v1.0 crate's `Api` and request builders (each method the IR
/// does not give them is one the emitter always writes). A method added to
/// any of them without its name reserved, or a reserved name no type has
/// any more, fails here.
#[test]
fn the_reserved_method_names_are_the_methods_the_types_have() {
    use codegen::ir::paths::{API_METHODS, CLIENT_METHODS, NODE_METHODS};
    use std::collections::{BTreeMap, BTreeSet};

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let parse = |path: &str| {
        let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    // Each type's `pub fn`s in `impl Type { ... }` blocks, and `clone`/`fmt` for its derives and Debug impls.
    fn methods_by_type(items: &[syn::Item], found: &mut BTreeMap<String, BTreeSet<String>>) {
        for item in items {
            match item {
                syn::Item::Impl(block) => {
                    let syn::Type::Path(ty) = &*block.self_ty else { continue };
                    let name = ty.path.segments.last().unwrap().ident.to_string();
                    let entry = found.entry(name).or_default();
                    match &block.trait_ {
                        None => entry.extend(block.items.iter().filter_map(|item| match item {
                            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                                Some(f.sig.ident.to_string())
                            }
                            _ => None,
                        })),
                        Some((path, _)) => {
                            match path.segments.last().unwrap().ident.to_string().as_str() {
                                "Debug" => entry.insert("fmt".to_owned()),
                                "Clone" => entry.insert("clone".to_owned()),
                                _ => false,
                            };
                        }
                    }
                }
                syn::Item::Struct(item) => {
                    let entry = found.entry(item.ident.to_string()).or_default();
                    for attr in item.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let derives = attr.meta.require_list().unwrap().tokens.to_string();
                        for (derive, method) in [("Clone", "clone"), ("Debug", "fmt")] {
                            if derives.split(',').any(|d| d.trim() == derive) {
                                entry.insert(method.to_owned());
                            }
                        }
                    }
                }
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        methods_by_type(items, found);
                    }
                }
                _ => {}
            }
        }
    }
    let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<BTreeSet<String>>();

    // The client: graph-sync's `Client` and the runtime's `Handle`, wherever an `impl Handle` is.
    let mut found = BTreeMap::new();
    methods_by_type(&parse("generated/src/lib.rs").items, &mut found);
    let runtime = std::path::Path::new(root).join("runtime/src");
    let runtime_files: Vec<String> = support::files_below(&runtime)
        .into_iter()
        .filter(|file| file.ends_with(".rs"))
        .map(|file| format!("runtime/src/{file}"))
        .collect();
    let mut handle = BTreeMap::new();
    for file in &runtime_files {
        methods_by_type(&parse(file).items, &mut handle);
    }
    let mut client: BTreeSet<String> = found["Client"].clone();
    client.extend(handle["Handle"].iter().cloned());
    for version in ["v1", "beta"] {
        assert!(client.remove(version), "`Client::{version}` is the version's entry point");
    }
    assert_eq!(client, set(CLIENT_METHODS), "CLIENT_METHODS against `Client` and `Handle`");

    // The committed v1.0 crate: what the IR gives each type, and what the emitter adds.
    let generated = parse("generated/v1/src/paths.rs");
    let mut written = BTreeMap::new();
    methods_by_type(&generated.items, &mut written);
    let model = Model::from_bytes("v1", include_bytes!("../../metadata/v1.0/synchronization.csdl")).unwrap();
    let v1 = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/v1.0/slice.toml")).unwrap();
    let slice = select(&model, &v1.selection).unwrap();
    let paths = lower_with(&model, &slice, &v1).unwrap();
    let from_ir: BTreeSet<String> = paths
        .roots
        .iter()
        .flat_map(|r| std::iter::once(r.method.clone()).chain(r.alternate_keys.iter().map(|k| k.method.clone())))
        .chain(paths.entry_points.iter().map(|e| e.method.clone()))
        .chain(paths.imports.iter().map(|m| m.name.clone()))
        .collect();
    let api: BTreeSet<String> = written[&paths.api.name].difference(&from_ir).cloned().collect();
    // `service_root` is private (the imports' start): reserved, but no `pub fn`.
    assert_eq!(api, set(API_METHODS).into_iter().filter(|m| m != "service_root").collect(), "API_METHODS");
    let mut fixed = BTreeSet::new();
    for node in &paths.nodes {
        let own: BTreeSet<String> = node.methods.iter().map(|m| m.name.clone()).collect();
        fixed.extend(written[&node.name].difference(&own).cloned());
    }
    assert_eq!(fixed, set(NODE_METHODS), "NODE_METHODS against the request builders");
}

/// The generic lowering reads none of the service's special cases (issue
/// 45): with them cleared from Graph's settings it gives the same IR, which
/// the service step then leaves as it is; with them, the service step is
/// what changes it.
#[test]
fn the_generic_lowering_reads_none_of_the_services_special_cases() {
    let model = Model::from_bytes("v1", include_bytes!("../../metadata/v1.0/synchronization.csdl")).unwrap();
    let settings = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/v1.0/slice.toml")).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    let graph = settings.generation.resolve(&model).unwrap();
    let generic = ResolvedGeneration {
        scim_bulk_uploads: Default::default(),
        scim_bulk_upload_logs: None,
        provisioning_outcome: None,
        advanced_query_bases: Default::default(),
        polymorphic_listings: Default::default(),
        operation_notes: Default::default(),
        ..graph.clone()
    };
    assert!(graph != generic && generic != ResolvedGeneration::default(), "both keep the generic settings");
    let names = codegen::ir::type_names(&model, &slice);
    let lowered = |generation: &ResolvedGeneration| {
        let models = codegen::ir::lower(&model, &slice, generation, &names).unwrap();
        let paths = lower(&model, &slice, &settings.version, generation, &names).unwrap();
        (models, paths)
    };
    let (models, paths) = lowered(&generic);
    assert!(lowered(&graph) == (models.clone(), paths.clone()), "the generic lowering read a special case");

    let (mut unchanged_models, mut unchanged_paths) = (models.clone(), paths.clone());
    codegen::ir::service::apply(&model, &generic, &names, &mut unchanged_models, Some(&mut unchanged_paths));
    assert!(unchanged_models == models && unchanged_paths == paths, "no special case, no change");

    let (mut graph_models, mut graph_paths) = (models.clone(), paths.clone());
    codegen::ir::service::apply(&model, &graph, &names, &mut graph_models, Some(&mut graph_paths));
    assert!(graph_models != models && graph_paths != paths);
    assert_eq!(Some((graph_models, Some(graph_paths))), codegen::generate::lower(&model, &slice, &settings).ok());
}

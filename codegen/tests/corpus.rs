//! Every real Graph document reads and resolves, with the element counts the
//! corpus README gives, and the synchronization API where it should be.
//! Needs `../shared/graph-metadata/` (see `support`).

mod support;

use codegen::csdl::{self, OperationKind};
use codegen::model::{Binding, Model, Primitive, TypeKind, TypeTarget};

#[test]
fn every_corpus_document_reads_and_resolves() {
    for file in support::CORPUS {
        let Some((name, bytes)) = support::real_document(file) else { return };
        let model = Model::from_bytes(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(model.types.len() > 100, "{file}: only {} types", model.types.len());
        // Every external annotation target in Graph's documents names an element.
        let unattached: Vec<&str> = model.unattached_annotations.iter().map(|a| a.target.as_str()).collect();
        assert!(unattached.is_empty(), "{file}: unattached targets {unattached:?}");
        eprintln!(
            "{file}: {} types, {} operations, {} unattached annotation blocks",
            model.types.len(),
            model.operations.len(),
            model.unattached_annotations.len()
        );
    }
}

#[test]
fn beta_usnat_counts_match_the_corpus_readme() {
    let Some((name, bytes)) = support::real_document("beta-USNat-2026-08-05.csdl") else { return };
    let document = csdl::read(&name, &bytes).unwrap();
    let count = |f: fn(&csdl::Schema) -> usize| document.schemas.iter().map(f).sum::<usize>();
    assert_eq!(count(|s| s.entity_types.len()), 722);
    assert_eq!(count(|s| s.complex_types.len()), 1044);
    assert_eq!(count(|s| s.enum_types.len()), 479);
    assert_eq!(count(|s| s.actions.len()), 705);
    assert_eq!(count(|s| s.functions.len()), 251);
    let namespaces: Vec<&str> = document.schemas.iter().map(|s| s.namespace.as_str()).collect();
    assert_eq!(namespaces.len(), 6);
    assert!(namespaces.contains(&"microsoft.graph.security"));
    assert_eq!(document.schemas[0].alias.as_deref(), Some("graph"));

    let model = Model::resolve(document).unwrap();
    assert_eq!(model.types.len(), 722 + 1044 + 479);
    assert_eq!(model.operations.len(), 705 + 251);
}

#[test]
fn provision_on_demand_resolves_as_documented() {
    let Some((name, bytes)) = support::real_document("beta-USNat-2026-08-05.csdl") else { return };
    let model = Model::from_bytes(&name, &bytes).unwrap();
    let job = model.find_type("microsoft.graph.synchronizationJob").unwrap();
    assert_eq!(model.find_type("graph.synchronizationJob"), Some(job), "alias resolves");
    let overloads = model.find_operations("microsoft.graph.provisionOnDemand");
    assert_eq!(overloads.len(), 1);
    let op = model.operation(overloads[0]);
    assert_eq!(op.kind, OperationKind::Action);
    assert_eq!(op.binding, Some(Binding { ty: job, collection: false }));
    assert!(model.bound_operations(Binding { ty: job, collection: false }).contains(&overloads[0]));
    let [parameter] = op.non_binding_parameters() else { panic!("one parameter expected") };
    assert_eq!(parameter.name, "parameters");
    assert_eq!(
        model.type_ref_name(&parameter.ty),
        "Collection(microsoft.graph.synchronizationJobApplicationParameters)"
    );
    let returns = op.return_type.as_ref().unwrap();
    assert_eq!(model.type_ref_name(returns), "microsoft.graph.stringKeyStringValuePair");
    assert!(!returns.nullable);
}

#[test]
fn deprecations_reach_types_properties_and_overloads() {
    let Some((name, bytes)) = support::real_document("beta-USNat-2026-08-05.csdl") else { return };
    let model = Model::from_bytes(&name, &bytes).unwrap();
    let secret = model.find_type("microsoft.graph.synchronizationSecret").unwrap();
    let deprecation = model.ty(secret).deprecation.as_ref().expect("enum synchronizationSecret is deprecated");
    assert_eq!(deprecation.date.as_deref(), Some("2026-02-06"));
    assert_eq!(deprecation.removal_date.as_deref(), Some("2027-07-06"));
    assert!(deprecation.description.as_deref().unwrap().contains("This enum will be removed"));

    let sync = model.find_type("microsoft.graph.synchronization").unwrap();
    let secrets = model.structured(sync).unwrap().properties.iter().find(|p| p.name == "secrets").unwrap();
    assert!(secrets.deprecation.is_some(), "synchronization/secrets is deprecated");

    // Overload target: acquireAccessToken(microsoft.graph.synchronization, Collection(...)).
    let acquire = model.find_operations("microsoft.graph.acquireAccessToken");
    let on_sync: Vec<_> =
        acquire.iter().filter(|&&id| model.operation(id).binding.is_some_and(|b| b.ty == sync)).collect();
    assert_eq!(on_sync.len(), 1);
    assert!(model.operation(*on_sync[0]).deprecation.is_some());

    // validateCredentials: both the job and the job-collection overloads.
    let job = model.find_type("microsoft.graph.synchronizationJob").unwrap();
    for collection in [false, true] {
        let ops = model.bound_operations(Binding { ty: job, collection });
        let validate = ops.iter().find(|&&id| model.operation(id).name == "validateCredentials").unwrap();
        assert!(model.operation(*validate).deprecation.is_some(), "collection={collection}");
    }
}

#[test]
fn real_document_traps_are_read_correctly() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    let model = Model::from_bytes(&name, &bytes).unwrap();
    // An enum type with no members.
    let audit = model.find_type("microsoft.graph.auditLogRecordType").unwrap();
    let TypeKind::Enum(def) = &model.ty(audit).kind else { panic!("enum expected") };
    assert!(def.members.is_empty());
    assert_eq!(def.underlying, Primitive::Int32);
    // A type and an operation sharing a name.
    assert!(model.find_type("microsoft.graph.image").is_some());
    assert!(!model.find_operations("microsoft.graph.image").is_empty());
    // Equal simple names in different namespaces.
    let alert = model.find_type("microsoft.graph.alert").unwrap();
    let security_alert = model.find_type("microsoft.graph.security.alert").unwrap();
    assert_ne!(alert, security_alert);
    // Navigation property bindings whose target is a path.
    let container = &model.containers[0];
    let targets: Vec<&str> = container
        .entity_sets
        .iter()
        .flat_map(|s| &s.bindings)
        .chain(container.singletons.iter().flat_map(|s| &s.bindings))
        .map(|b| b.target.as_str())
        .collect();
    assert!(targets.iter().any(|t| t.contains('/')), "some binding targets are paths");
    // Cross-namespace base types.
    let base = model.base_type(security_alert).unwrap();
    assert_eq!(model.type_name(base).to_string(), "microsoft.graph.entity");
    // Derived types.
    let directory_object = model.find_type("microsoft.graph.directoryObject").unwrap();
    let user = model.find_type("microsoft.graph.user").unwrap();
    assert!(model.derived_types(directory_object).contains(&user));
    // Key inherited from entity.
    assert_eq!(model.key(user).iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["id"]);
    // HasStream.
    let bulk = model.find_type("microsoft.graph.bulkUpload").unwrap();
    assert!(model.structured(bulk).unwrap().has_stream);
    // Primitive references resolve.
    let prop = model.structured(user).unwrap().properties.iter().find(|p| p.name == "accountEnabled").unwrap();
    assert_eq!(prop.ty.target, TypeTarget::Primitive(Primitive::Boolean));
}

/// Every real document with the synchronization API slices with the
/// project's settings and generates (the CI step `cargo xtask corpus-check`
/// then compiles each); the documents without it say so.
#[test]
fn every_document_with_the_synchronization_api_slices_and_generates() {
    let read = |text| codegen::settings::SliceSettings::from_toml("slice.toml", text).unwrap();
    let beta = read(include_str!("../../metadata/beta/slice.toml"));
    let v1 = read(include_str!("../../metadata/v1.0/slice.toml"));
    for file in support::CORPUS {
        let Some((name, bytes)) = support::real_document(file) else { return };
        // Each version's documents with its settings (the corpus names the version first).
        let settings = if file.starts_with("v1.0-") { &v1 } else { &beta };
        let model = Model::from_bytes(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        for warning in &model.warnings {
            eprintln!("{file}: {warning}");
        }
        match codegen::select::select(&model, &settings.selection) {
            Ok(slice) => {
                assert!(support::WITH_SYNCHRONIZATION.contains(file), "{file} has no synchronization API");
                let files = codegen::generate::generate(&model, &slice, settings, file)
                    .unwrap_or_else(|e| panic!("{file}: {e}"));
                assert!(files["paths.rs"].contains("pub fn service_principal("), "{file}");
            }
            Err(error) => {
                assert!(!support::WITH_SYNCHRONIZATION.contains(file), "{file}: {error}");
                assert!(error.to_string().contains("it does not have the synchronization API"), "{file}: {error}");
            }
        }
    }
}

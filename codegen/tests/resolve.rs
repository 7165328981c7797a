//! Reading and resolving a small hand-written document that uses every element
//! the reader models (`tests/fixtures/small.csdl`).

use codegen::csdl::{self, ConstantKind, Expression, MaxLength, OperationKind, Scale};
use codegen::model::{Binding, Model, Primitive, TypeKind, TypeTarget};

fn small() -> Model {
    let bytes = include_bytes!("fixtures/small.csdl");
    Model::from_bytes("small.csdl", bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reads_references_schemas_and_facets() {
    let document = csdl::read("small.csdl", include_bytes!("fixtures/small.csdl")).unwrap();
    assert_eq!(document.version, "4.0");
    assert_eq!(document.references.len(), 1);
    assert_eq!(document.references[0].includes[0].alias.as_deref(), Some("Core"));
    assert_eq!(document.schemas.len(), 2);
    let schema = &document.schemas[0];
    assert_eq!(schema.alias.as_deref(), Some("s"));
    let label = &schema.type_definitions[0];
    assert_eq!(label.facets.max_length, Some(MaxLength::Max));
    assert_eq!(label.facets.unicode, Some(false));
    let amount = schema.complex_types[1].properties.iter().find(|p| p.name == "amount").unwrap();
    assert_eq!(amount.facets.precision, Some(10));
    assert_eq!(amount.facets.scale, Some(Scale::Variable));
    assert_eq!(amount.default_value.as_deref(), Some("0"));
    // Text content with entities, in element form.
    let state = &schema.entity_types[1].properties[0];
    assert_eq!(
        state.annotations[0].value,
        Some(Expression::Constant(ConstantKind::String, "The job's <state> & more".into()))
    );
    // Locations point at the element's `<`.
    let location = document.source.locate(schema.entity_types[1].offset);
    assert_eq!((location.line, location.column), (42, 7));
}

#[test]
fn resolves_types_aliases_and_collections() {
    let model = small();
    let job = model.find_type("s.job").unwrap();
    assert_eq!(model.find_type("test.sync.job"), Some(job));
    assert_eq!(model.type_name(job).to_string(), "test.sync.job");
    let TypeKind::Entity(def) = &model.ty(job).kind else { panic!() };
    assert!(def.has_stream);
    let state = model.find_type("s.state").unwrap();
    assert_eq!(def.properties[0].ty.target, TypeTarget::Named(state));
    assert!(!def.properties[0].ty.nullable);
    let linked = model.find_type("s.linked").unwrap();
    let members = &model.structured(linked).unwrap().properties[1];
    assert!(members.ty.collection);
    assert_eq!(model.type_ref_name(&members.ty), "Collection(test.sync.subject)");
    // Type definition.
    let label = model.find_type("s.label").unwrap();
    let TypeKind::Definition(def) = &model.ty(label).kind else { panic!() };
    assert_eq!(def.underlying, Primitive::String);
    // Same simple name in two namespaces, across-schema base type.
    let other = model.find_type("test.other.subject").unwrap();
    assert_ne!(Some(other), model.find_type("s.subject"));
    assert_eq!(model.base_type(other), model.find_type("s.pair"));
}

#[test]
fn enums_get_implicit_values_flags_and_underlying_types() {
    let model = small();
    let TypeKind::Enum(state) = &model.ty(model.find_type("s.state").unwrap()).kind else { panic!() };
    assert_eq!(state.members.iter().map(|m| m.value).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(!state.is_flags);
    assert_eq!(state.underlying, Primitive::Int32);
    assert_eq!(state.members[2].documentation.description.as_deref(), Some("Evolvable enumeration sentinel."));
    assert_eq!(state.members[1].documentation.description.as_deref(), Some("No runs."));
    let TypeKind::Enum(scope) = &model.ty(model.find_type("s.scope").unwrap()).kind else { panic!() };
    assert!(scope.is_flags);
    assert_eq!(scope.underlying, Primitive::Int64);
    let TypeKind::Enum(empty) = &model.ty(model.find_type("s.empty").unwrap()).kind else { panic!() };
    assert!(empty.members.is_empty());
}

#[test]
fn inheritance_keys_and_derived_types() {
    let model = small();
    let entity = model.find_type("s.entity").unwrap();
    let job = model.find_type("s.job").unwrap();
    let special = model.find_type("s.specialJob").unwrap();
    assert_eq!(model.base_chain(special).collect::<Vec<_>>(), [job, entity]);
    assert_eq!(model.derived_types(job), [special]);
    assert_eq!(model.all_derived_types(entity).len(), 3); // job, specialJob, schema
    assert_eq!(model.key(special)[0].name, "id");
    let names: Vec<&str> = model.all_properties(special).iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "state", "scope"]);
    assert_eq!(model.all_navigation_properties(special)[0].name, "schema");
}

#[test]
fn bound_operations_by_binding_with_overloads() {
    let model = small();
    let job = model.find_type("s.job").unwrap();
    let on_job: Vec<&str> = model
        .bound_operations(Binding { ty: job, collection: false })
        .iter()
        .map(|&id| model.operation(id).name.as_str())
        .collect();
    assert_eq!(on_job, ["start", "provision", "ping"]);
    let on_jobs = model.bound_operations(Binding { ty: job, collection: true });
    assert_eq!(on_jobs.len(), 1);
    assert_eq!(model.find_operations("s.provision").len(), 2);
    // Operations bound to a base type apply to derived types.
    let special = model.find_type("s.specialJob").unwrap();
    assert_eq!(model.applicable_operations(Binding { ty: special, collection: false }).len(), 3);
    // Overload-targeted annotations reach only their overload.
    let provision = model.find_operations("s.provision");
    let single = model.operation(provision[0]);
    assert_eq!(single.documentation.description.as_deref(), Some("Provision on the job."));
    assert_eq!(single.return_type.as_ref().map(|r| r.nullable), Some(false));
    let collection = model.operation(provision[1]);
    assert_eq!(collection.documentation.description, None);
    assert_eq!(collection.parameters[1].documentation.description.as_deref(), Some("Subjects to provision."));
    // Functions, optional parameters, composability; a type and a function both named `pair`.
    let ping = model.operation(model.find_operations("s.ping")[0]);
    assert_eq!(ping.kind, OperationKind::Function);
    assert!(ping.is_composable);
    assert!(ping.parameters[1].optional);
    assert!(model.find_type("s.pair").is_some());
    assert_eq!(model.operation(model.find_operations("s.pair")[0]).binding, None);
}

#[test]
fn annotations_become_documentation_and_deprecation() {
    let model = small();
    let job = model.ty(model.find_type("s.job").unwrap());
    assert_eq!(job.documentation.description.as_deref(), Some("A synchronization job."));
    assert_eq!(job.documentation.long_description.as_deref(), Some("Runs periodically."));
    let scope = model.ty(model.find_type("s.scope").unwrap());
    let deprecation = scope.deprecation.as_ref().unwrap();
    assert_eq!(deprecation.date.as_deref(), Some("2026-02-06"));
    assert_eq!(deprecation.removal_date.as_deref(), Some("2027-07-06"));
    assert_eq!(deprecation.description.as_deref(), Some("Use state instead."));
    assert_eq!(deprecation.version.as_deref(), Some("2026-02/Scope"));
    // The alias `Core` from the reference is expanded in term names.
    let state = &model.structured(model.find_type("s.job").unwrap()).unwrap().properties[0];
    assert!(state.annotations.iter().any(|a| a.term == "Org.OData.Core.V1.Description"));
    let qualified = state.annotations.iter().find(|a| a.term == "test.sync.note").unwrap();
    assert_eq!(qualified.qualifier.as_deref(), Some("internal"));
    assert!(model.unattached_annotations.is_empty());
}

#[test]
fn entity_container_sets_singletons_imports_and_path_bindings() {
    let model = small();
    let container = &model.containers[0];
    assert_eq!(container.entity_sets[0].name, "jobs");
    assert_eq!(container.entity_sets[0].documentation.description.as_deref(), Some("All jobs."));
    assert_eq!(container.entity_sets[0].bindings[0].path, "schema/job");
    assert_eq!(container.singletons[0].bindings[0].target, "test.sync.Service/jobs");
    assert_eq!(container.function_imports[0].operations, model.find_operations("s.pair"));
}

//! The slice settings: selection and generation settings read apart, each
//! name resolved once, and a setting that names nothing an error at its
//! `slice.toml:line:column`.

use codegen::model::Model;
use codegen::select::select;
use codegen::settings::{SliceSettings, UpdateMethod};

const BETA_SLICE: &[u8] = include_bytes!("../../metadata/beta/synchronization.csdl");

fn model() -> Model {
    Model::from_bytes("synchronization.csdl", BETA_SLICE).unwrap()
}

/// `version = "beta"` and then `rest`: the settings' second line on is `rest`.
fn settings(rest: &str) -> SliceSettings {
    SliceSettings::from_toml("slice.toml", &format!("version = \"beta\"\n{rest}")).unwrap_or_else(|e| panic!("{e}"))
}

/// Resolving the generation settings `rest` fails with `expected`, in full.
#[track_caller]
fn assert_generation_error(rest: &str, expected: &str) {
    let error = settings(rest).generation.resolve(&model()).expect_err("the setting must be refused");
    assert_eq!(error.to_string(), expected);
}

#[test]
fn the_committed_settings_resolve_against_their_slices() {
    let beta = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/beta/slice.toml")).unwrap();
    let model = model();
    let resolved = beta.generation.resolve(&model).unwrap();
    let ty = |name: &str| model.find_type(name).unwrap();
    assert_eq!(
        resolved.update_methods.get(&ty("microsoft.graph.synchronizationSchema")),
        Some(&UpdateMethod::Put),
        "{:?}",
        resolved.update_methods
    );
    assert!(resolved.update_is_put(&model, ty("microsoft.graph.synchronizationTemplate")));
    assert!(!resolved.update_is_put(&model, ty("microsoft.graph.synchronizationJob")));
    assert!(resolved.property_puts.contains(&(ty("microsoft.graph.synchronization"), "secrets".to_owned())));
    let secret = (ty("microsoft.graph.synchronizationSecretKeyStringValuePair"), "value".to_owned());
    assert!(resolved.secret_properties.contains(&secret));
    assert!(resolved.scim_bulk_uploads.is_empty(), "beta's job has no bulkUpload navigation: the setting is unused");
    assert!(resolved.operation_notes.contains_key("provisionOnDemand"));
    // Directory objects, and what derives from them, answer advanced queries
    // only with `$count` and `ConsistencyLevel`; a job is no directory object.
    assert!(resolved.advanced_queries(&model, ty("microsoft.graph.servicePrincipal")));
    assert!(resolved.advanced_queries(&model, ty("microsoft.graph.directoryObject")));
    assert!(!resolved.advanced_queries(&model, ty("microsoft.graph.synchronizationJob")));
    assert!(settings("").generation.resolve(&model).unwrap().advanced_query_bases.is_empty());
    assert_eq!(resolved.provisioning_outcome, Some(ty("microsoft.graph.stringKeyStringValuePair")));
    // A group's members: listed by `@odata.type`, with three type casts.
    let casts = ["user", "group", "servicePrincipal"].map(|name| ty(&format!("microsoft.graph.{name}")));
    assert_eq!(resolved.polymorphic_listings.get(&ty("microsoft.graph.directoryObject")), Some(&casts.to_vec()));
    // A document without the type leaves the setting unused.
    let absent = settings("provisioning_outcome = \"microsoft.graph.nope\"").generation.resolve(&model).unwrap();
    assert_eq!(absent.provisioning_outcome, None);

    let v1 = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/v1.0/slice.toml")).unwrap();
    let v1_model = Model::from_bytes("v1.csdl", include_bytes!("../../metadata/v1.0/synchronization.csdl")).unwrap();
    let resolved = v1.generation.resolve(&v1_model).unwrap();
    let job = v1_model.find_type("microsoft.graph.synchronizationJob").unwrap();
    assert!(resolved.scim_bulk_uploads.contains(&(job, "bulkUpload".to_owned())));
}

#[test]
fn a_generation_setting_that_names_nothing_is_an_error_at_the_setting() {
    assert_generation_error(
        "secret_properties = [\"microsoft.graph.nope/value\"]",
        "slice.toml:2:22: secret property `microsoft.graph.nope/value`: the document defines no type `microsoft.graph.nope`",
    );
    assert_generation_error(
        "secret_properties = [\n  \"microsoft.graph.synchronizationSecretKeyStringValuePair/secret\",\n]",
        "slice.toml:3:3: secret property `microsoft.graph.synchronizationSecretKeyStringValuePair/secret`: `microsoft.graph.synchronizationSecretKeyStringValuePair` has no property `secret`",
    );
    assert_generation_error(
        "secret_properties = [\"value\"]",
        "slice.toml:2:22: secret property `value` must be written `namespace.type/property`",
    );
    assert_generation_error(
        "property_puts = [\"microsoft.graph.synchronization/jobs\"]",
        "slice.toml:2:18: property put `microsoft.graph.synchronization/jobs`: `microsoft.graph.synchronization` has no collection property `jobs`",
    );
    assert_generation_error(
        "[update_methods]\n\"microsoft.graph.synchronizationSchemas\" = \"PUT\"",
        "slice.toml:3:1: update method `microsoft.graph.synchronizationSchemas`: the document defines no type `microsoft.graph.synchronizationSchemas`",
    );
    assert_generation_error(
        "[update_methods]\n\"microsoft.graph.synchronizationSchema\" = \"POST\"",
        "slice.toml:3:43: update method of `microsoft.graph.synchronizationSchema`: `POST` is not `PUT` or `PATCH`",
    );
    assert_generation_error(
        "[media_types]\n\"microsoft.graph.bulkUploads\" = \"application/scim+json\"",
        "slice.toml:3:1: media type `microsoft.graph.bulkUploads`: the document defines no type `microsoft.graph.bulkUploads`",
    );
    // The outcome is decoded from two strings: a type without both is refused.
    assert_generation_error(
        "provisioning_outcome = \"microsoft.graph.keyValuePair\"",
        "slice.toml:2:24: provisioning outcome `microsoft.graph.keyValuePair`: the type has no `key` and `value` of type `Edm.String`, which the outcome is decoded from",
    );
    assert_generation_error(
        "provisioning_outcome = \"microsoft.graph.synchronizationJobRestartScope\"",
        "slice.toml:2:24: provisioning outcome `microsoft.graph.synchronizationJobRestartScope`: the type has no `key` and `value` of type `Edm.String`, which the outcome is decoded from",
    );
    // A type cast names a derived type: anything else could never be listed.
    assert_generation_error(
        "[polymorphic_listings]\n\"microsoft.graph.directoryObject\" = [\"microsoft.graph.synchronizationJob\"]",
        "slice.toml:3:38: polymorphic listing `microsoft.graph.directoryObject`: `microsoft.graph.synchronizationJob` does not derive from it, so no type cast names it",
    );
    assert_generation_error(
        "[polymorphic_listings]\n\"microsoft.graph.keyValuePair\" = []",
        "slice.toml:3:1: polymorphic listing `microsoft.graph.keyValuePair`: not an entity type",
    );
    // `patch` is `PATCH`: methods are case-insensitive, as HTTP's are not but the settings are read.
    let patched = settings("[update_methods]\n\"microsoft.graph.synchronizationSchema\" = \"patch\"");
    let model = model();
    let resolved = patched.generation.resolve(&model).unwrap();
    assert!(!resolved.update_is_put(&model, model.find_type("microsoft.graph.synchronizationSchema").unwrap()));
}

#[test]
fn a_selection_setting_that_names_nothing_is_an_error_at_the_setting() {
    let model = model();
    let error = |rest: &str| select(&model, &settings(rest).selection).unwrap_err().to_string();
    let located = select(&model, &settings("roots = [\"microsoft.graph.nope\"]").selection).unwrap_err();
    assert_eq!(located.location, None, "no root at all is about the document, not a setting: {located}");
    let located = select(&model, &settings("roots = [\"microsoft.graph.synchronization\", \"x.y\"]").selection)
        .unwrap_err()
        .location
        .expect("located");
    assert_eq!((&*located.file, located.line, located.column), ("slice.toml", 2, 45));
    assert_eq!(
        error("roots = [\"microsoft.graph.synchronization\", \"microsoft.graph.nope\"]"),
        "slice.toml:2:45: the slice settings name the root `microsoft.graph.nope`, which the document does not define"
    );
    assert_eq!(
        error("roots = [\"microsoft.graph.synchronization\"]\nuniversal_bases = [\"microsoft.graph.entities\"]"),
        "slice.toml:3:20: the slice settings name the universal base `microsoft.graph.entities`, which the document does not define"
    );
    assert_eq!(
        error("[[anchors]]\nentity_set = \"servicePrincipal\"\nnavigation = \"synchronization\""),
        "slice.toml:3:14: the slice settings name the entity set `servicePrincipal`, which the document's entity container does not have"
    );
    assert_eq!(
        error("[[anchors]]\nentity_set = \"servicePrincipals\"\nnavigation = \"sync\""),
        "slice.toml:4:14: `microsoft.graph.servicePrincipal` has no navigation property `sync` (slice settings, anchor `servicePrincipals`)"
    );
    assert_eq!(
        error("[[anchors]]\nsingleton = \"auditLog\"\nnavigation = \"provisioning\""),
        "slice.toml:3:13: the slice settings name the singleton `auditLog`, which the document's entity container does not have"
    );
    assert_eq!(
        error("[[anchors]]\nsingleton = \"auditLogs\"\nnavigation = \"signIns\""),
        "slice.toml:4:14: `microsoft.graph.auditLogRoot` has no navigation property `signIns` (slice settings, anchor `auditLogs`)"
    );
    assert_eq!(
        error("[[resources]]\nentity_set = \"applicationTemplate\""),
        "slice.toml:3:14: the slice settings name the entity set `applicationTemplate`, which the document's entity container does not have"
    );
    assert_eq!(
        error("[[resources]]\nentity_set = \"applicationTemplates\"\noperations = [\"instantiate\", \"clone\"]"),
        "slice.toml:4:30: no operation `clone` is bound to `microsoft.graph.applicationTemplate` (slice settings, resource `applicationTemplates`)"
    );
}

#[test]
fn a_resource_or_singleton_anchor_selects_what_it_names() {
    let model = model();
    let slice = select(
        &model,
        &settings("[[resources]]\nentity_set = \"applicationTemplates\"\nmethods = [\"list\"]\noperations = [\"instantiate\"]")
            .selection,
    )
    .unwrap();
    let template = model.find_type("microsoft.graph.applicationTemplate").unwrap();
    assert!(slice.types.contains(&template));
    assert_eq!(slice.operation_names(&model), ["applicationTemplate.instantiate"]);
    assert!(slice.allows(template, codegen::settings::Method::List));
    assert!(!slice.allows(template, codegen::settings::Method::Get), "only the methods named");
    // The instantiate result's navigation properties are returned inline: their types are selected.
    for name in ["microsoft.graph.application", "microsoft.graph.servicePrincipal"] {
        assert!(slice.types.contains(&model.find_type(name).unwrap()), "{name}");
    }
    // ...but not what a service principal's own navigation properties lead to.
    assert!(!slice.types.contains(&model.find_type("microsoft.graph.synchronization").unwrap()));
}

#[test]
fn settings_that_cannot_be_read_are_located_errors() {
    let error = |text: &str| SliceSettings::from_toml("slice.toml", text).unwrap_err().to_string();
    assert_eq!(error("version = \"beta\"\nroot = []\n").lines().next(), Some("slice.toml:2:1: unknown field `root`, expected one of `version`, `roots`, `root_prefixes`, `anchors`, `resources`, `universal_bases`, `secret_properties`, `update_methods`, `property_puts`, `media_types`, `scim_bulk_uploads`, `scim_bulk_upload_logs`, `provisioning_outcome`, `advanced_query_bases`, `polymorphic_listings`, `operation_notes`"));
    assert!(error("version = \"beta\"\nroots = [\"a\"\n").starts_with("slice.toml:2:"), "{}", error("roots = ["));
    assert!(error("roots = []\n").contains("missing field `version`"));
    let error = error("version = \"beta\"\n[[anchors]]\nentity_set = \"x\"\n");
    assert!(error.starts_with("slice.toml:2:1: missing field `navigation`"), "{error}");
    let both = SliceSettings::from_toml(
        "slice.toml",
        "version = \"beta\"\n[[anchors]]\nentity_set = \"a\"\nsingleton = \"b\"\nnavigation = \"n\"\n",
    );
    assert_eq!(
        both.unwrap_err().to_string(),
        "slice.toml:3:14: an anchor names an `entity_set` or a `singleton`: one of them"
    );
    let method = SliceSettings::from_toml(
        "slice.toml",
        "version = \"beta\"\n[[resources]]\nentity_set = \"a\"\nmethods = [\"list\", \"patch\"]\n",
    );
    assert_eq!(
        method.unwrap_err().to_string(),
        "slice.toml:4:20: `patch` is not a request method: write one of `list`, `create`, `get`, `update`, `delete`"
    );
}

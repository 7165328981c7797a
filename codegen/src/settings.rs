//! The slice settings (`metadata/{version}/slice.toml`), in two parts: what
//! is selected ([`Selection`], which [`crate::select`] reads) and how it is
//! generated ([`Generation`], resolved against the model once, by
//! [`Generation::resolve`], before lowering). Every name a setting gives
//! keeps where it is written, so that one naming nothing in the document is
//! an error at `slice.toml:line:column`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use crate::csdl::{Location, SourceMap};
use crate::model::{self, Model, Primitive, TypeId, TypeKind, TypeTarget};

/// The slice settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliceSettings {
    /// The Graph version the slice is taken from (`beta` or `v1.0`): it is in
    /// every URL, and names the generated module (`v1.0` -> `v1`).
    pub version: String,
    pub selection: Selection,
    pub generation: Generation,
}

/// No selection, no generation settings, Graph beta: what a whole document
/// is generated with.
impl Default for SliceSettings {
    fn default() -> Self {
        Self { version: "beta".to_owned(), selection: Selection::default(), generation: Generation::default() }
    }
}

/// Which types and operations are generated: the roots and what is reachable
/// from them (see [`crate::select`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Qualified names of root types.
    pub roots: Vec<Setting>,
    /// Every type whose qualified name starts with one of these is a root too.
    pub root_prefixes: Vec<String>,
    /// Entity sets or singletons and navigation properties through which the roots are reached.
    pub anchors: Vec<AnchorSetting>,
    /// Entity sets read and written as collections of their own
    /// (`/applicationTemplates`), with what their calls return.
    pub resources: Vec<ResourceSetting>,
    /// Base types whose derived types are not followed (`entity`, `directoryObject`).
    pub universal_bases: Vec<Setting>,
}

/// Where an anchor's paths start, and the navigation property from its
/// entity type into the slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorSetting {
    pub start: Start,
    pub navigation: Setting,
    /// The request methods the navigation's target has (`list`, `get`, ...),
    /// where the service allows fewer than the metadata says; empty: as the
    /// metadata says.
    pub methods: Vec<Method>,
}

impl AnchorSetting {
    /// `/{entity_set}/{id}/{navigation}`, with the methods the metadata allows.
    pub fn entity_set(entity_set: &str, navigation: &str) -> Self {
        Self { start: Start::EntitySet(entity_set.into()), navigation: navigation.into(), methods: Vec::new() }
    }
}

/// The container element a path starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// `/{name}/{id}`: an item of an entity set.
    EntitySet(Setting),
    /// `/{name}`: a singleton.
    Singleton(Setting),
}

impl Start {
    /// The entity set's or singleton's name, with where it is written.
    pub fn name(&self) -> &Setting {
        match self {
            Start::EntitySet(name) | Start::Singleton(name) => name,
        }
    }
}

/// An entity set whose collection and items are request builders of their
/// own. Its entity type is selected for what its calls return: structural
/// properties (and the types they reach), never navigation properties or
/// bound operations but the ones named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceSetting {
    pub entity_set: Setting,
    /// The request methods it has (`list`, `get`, ...); empty: as the metadata says.
    pub methods: Vec<Method>,
    /// The operations bound to its entity type (or collection) that are generated.
    pub operations: Vec<Setting>,
}

/// A request method of a collection (`list`, `create`) or an entity (`get`,
/// `update`, which is `replace` where the entity is replaced, `delete`), as
/// the settings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    List,
    Create,
    Get,
    Update,
    Delete,
}

impl Method {
    const NAMES: [(&'static str, Method); 5] = [
        ("list", Method::List),
        ("create", Method::Create),
        ("get", Method::Get),
        ("update", Method::Update),
        ("delete", Method::Delete),
    ];

    /// The method a setting names, or an error at the setting.
    pub fn from_setting(setting: &Setting) -> Result<Self, SettingsError> {
        Self::NAMES.iter().find(|(name, _)| *name == setting.text).map(|(_, method)| *method).ok_or_else(|| {
            setting.error(format!(
                "`{setting}` is not a request method: write one of `list`, `create`, `get`, `update`, `delete`"
            ))
        })
    }
}

/// How the selected types and operations are generated, where the metadata
/// does not say (or says wrong).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Generation {
    /// Properties (`namespace.type/property`) whose values are secrets, redacted by `Debug`.
    pub secret_properties: Vec<Setting>,
    /// How entities of a type are updated, where the service differs from the
    /// CSDL's `UpdateRestrictions` (or the CSDL says nothing): type -> `PUT` or `PATCH`.
    pub update_methods: Vec<(Setting, Setting)>,
    /// Collection-valued properties that are replaced on their own with
    /// `PUT .../{property}` and a body `{"value": [...]}` (`namespace.type/property`).
    pub property_puts: Vec<Setting>,
    /// The content type of uploads to a media entity (`HasStream`): type ->
    /// content type; `application/octet-stream` otherwise.
    pub media_types: Vec<(Setting, Setting)>,
    /// Contained navigation properties (`namespace.type/navigation`) to which
    /// the documented call is a `POST` of a SCIM bulk request, whatever the
    /// metadata declares (`synchronizationJob/bulkUpload`, a media entity
    /// there): a typed `bulk_upload(&BulkRequest)` takes the navigation's
    /// place. A document whose type lacks the navigation leaves it unused.
    pub scim_bulk_uploads: Vec<Setting>,
    /// The type of the provisioning logs a bulk upload's `202` answer points
    /// to (its `Location`), which the acceptance lists typed; a document
    /// without the type leaves it unused.
    pub scim_bulk_upload_logs: Option<Setting>,
    /// The type of `provisionOnDemand`'s answer, a pair whose `key` and
    /// `value` are JSON documents encoded as strings: the generated struct
    /// gets `provisioning_outcome()`, which decodes both with the runtime's
    /// `provisioning` module. A document without the type leaves it unused.
    pub provisioning_outcome: Option<Setting>,
    /// Entity types whose collections (theirs and their derived types')
    /// answer the service's advanced queries only with `$count=true` and
    /// `ConsistencyLevel: eventual` (Graph's directory objects): their
    /// listings ask for both where a typed query needs them. A document
    /// without the type leaves it unused.
    pub advanced_query_bases: Vec<Setting>,
    /// Entity types whose collections hold their derived types side by side
    /// (a group's `members`: users, groups, service principals...): their
    /// listings decode each item as its own variant, by `@odata.type` (the
    /// type's `Any*` enum), and offer a listing of each derived type named
    /// here through an OData type cast (`.../members/microsoft.graph.user`):
    /// base type -> derived types. A document without a type leaves it unused.
    pub polymorphic_listings: Vec<(Setting, Vec<Setting>)>,
    /// What the documentation says of an operation that the metadata cannot
    /// (which national clouds have it), added to its docs: operation name ->
    /// sentence. The settings serve every document (older and national
    /// clouds' ones lack some operations): a name the slice lacks is unused.
    pub operation_notes: BTreeMap<String, String>,
}

/// A name or value from the settings, with where it is written (`None` for
/// settings built in code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub text: String,
    pub location: Option<Location>,
}

impl Setting {
    /// An error about this setting, at its place in the file.
    pub fn error(&self, message: String) -> SettingsError {
        SettingsError { location: self.location.clone(), message }
    }

    /// `namespace.type/member`, split and its type found; `what` names the
    /// setting in errors (`secret property`), `part` the kind of member.
    fn type_and_member(&self, model: &Model, what: &str, part: &str) -> Result<(TypeId, &str), SettingsError> {
        let text = &self.text;
        let (ty, member) = text
            .split_once('/')
            .ok_or_else(|| self.error(format!("{what} `{text}` must be written `namespace.type/{part}`")))?;
        Ok((self.named_type(model, what, ty)?, member))
    }

    fn named_type(&self, model: &Model, what: &str, name: &str) -> Result<TypeId, SettingsError> {
        model
            .find_type(name)
            .ok_or_else(|| self.error(format!("{what} `{}`: the document defines no type `{name}`", self.text)))
    }
}

impl From<&str> for Setting {
    fn from(text: &str) -> Self {
        Self { text: text.to_owned(), location: None }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Settings that cannot be read, or that name something the document does
/// not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SettingsError {}

impl SliceSettings {
    /// Parses settings from TOML text; `name` (the file's path) is used in
    /// the settings' locations.
    pub fn from_toml(name: &str, text: &str) -> Result<Self, SettingsError> {
        let source = SourceMap::new(name, text.as_bytes());
        let at = |offset: usize| Some(source.locate(u32::try_from(offset).unwrap_or(u32::MAX)));
        let file: File = toml::from_str(text).map_err(|error| SettingsError {
            location: error.span().and_then(|span| at(span.start)),
            message: error.message().trim_end().to_owned(),
        })?;
        let setting =
            |spanned: Spanned<String>| Setting { location: at(spanned.span().start), text: spanned.into_inner() };
        let settings = |list: Vec<Spanned<String>>| list.into_iter().map(setting).collect::<Vec<_>>();
        let pairs = |map: BTreeMap<Spanned<String>, Spanned<String>>| {
            map.into_iter().map(|(key, value)| (setting(key), setting(value))).collect::<Vec<_>>()
        };
        Ok(Self {
            version: file.version,
            selection: Selection {
                roots: settings(file.roots),
                root_prefixes: file.root_prefixes,
                anchors: file
                    .anchors
                    .into_iter()
                    .map(|anchor| {
                        let start = match (anchor.entity_set, anchor.singleton) {
                            (Some(set), None) => Start::EntitySet(setting(set)),
                            (None, Some(singleton)) => Start::Singleton(setting(singleton)),
                            (set, singleton) => {
                                let offset =
                                    set.or(singleton).map_or(anchor.navigation.span().start, |s| s.span().start);
                                return Err(SettingsError {
                                    location: at(offset),
                                    message: "an anchor names an `entity_set` or a `singleton`: one of them".to_owned(),
                                });
                            }
                        };
                        let methods = methods(settings(anchor.methods))?;
                        Ok(AnchorSetting { start, navigation: setting(anchor.navigation), methods })
                    })
                    .collect::<Result<_, _>>()?,
                resources: file
                    .resources
                    .into_iter()
                    .map(|resource| {
                        Ok(ResourceSetting {
                            entity_set: setting(resource.entity_set),
                            methods: methods(settings(resource.methods))?,
                            operations: settings(resource.operations),
                        })
                    })
                    .collect::<Result<_, SettingsError>>()?,
                universal_bases: settings(file.universal_bases),
            },
            generation: Generation {
                secret_properties: settings(file.secret_properties),
                update_methods: pairs(file.update_methods),
                property_puts: settings(file.property_puts),
                media_types: pairs(file.media_types),
                scim_bulk_uploads: settings(file.scim_bulk_uploads),
                scim_bulk_upload_logs: file.scim_bulk_upload_logs.map(setting),
                provisioning_outcome: file.provisioning_outcome.map(setting),
                advanced_query_bases: settings(file.advanced_query_bases),
                polymorphic_listings: file
                    .polymorphic_listings
                    .into_iter()
                    .map(|(base, casts)| (setting(base), settings(casts)))
                    .collect(),
                operation_notes: file.operation_notes,
            },
        })
    }
}

/// The [`Method`]s a list of names names, or an error at the first that names none.
fn methods(names: Vec<Setting>) -> Result<Vec<Method>, SettingsError> {
    names.iter().map(Method::from_setting).collect()
}

/// The file as written: one flat table (see `metadata/beta/slice.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    #[serde(default)]
    roots: Vec<Spanned<String>>,
    #[serde(default)]
    root_prefixes: Vec<String>,
    #[serde(default)]
    anchors: Vec<AnchorFile>,
    #[serde(default)]
    resources: Vec<ResourceFile>,
    #[serde(default)]
    universal_bases: Vec<Spanned<String>>,
    #[serde(default)]
    secret_properties: Vec<Spanned<String>>,
    #[serde(default)]
    update_methods: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    property_puts: Vec<Spanned<String>>,
    #[serde(default)]
    media_types: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    scim_bulk_uploads: Vec<Spanned<String>>,
    #[serde(default)]
    scim_bulk_upload_logs: Option<Spanned<String>>,
    #[serde(default)]
    provisioning_outcome: Option<Spanned<String>>,
    #[serde(default)]
    advanced_query_bases: Vec<Spanned<String>>,
    #[serde(default)]
    polymorphic_listings: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    operation_notes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorFile {
    entity_set: Option<Spanned<String>>,
    singleton: Option<Spanned<String>>,
    navigation: Spanned<String>,
    #[serde(default)]
    methods: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourceFile {
    entity_set: Spanned<String>,
    #[serde(default)]
    methods: Vec<Spanned<String>>,
    #[serde(default)]
    operations: Vec<Spanned<String>>,
}

/// The generation settings with their names resolved to the model's types.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResolvedGeneration {
    /// `(type, property)` pairs whose values are secrets.
    pub secret_properties: BTreeSet<(TypeId, String)>,
    /// Types whose entities are replaced (`PUT`) or patched (`PATCH`), where the settings say.
    pub update_methods: BTreeMap<TypeId, UpdateMethod>,
    /// `(type, collection property)` pairs replaced on their own.
    pub property_puts: BTreeSet<(TypeId, String)>,
    /// The content type of uploads to a media entity type.
    pub media_types: BTreeMap<TypeId, String>,
    /// `(type, navigation property)` pairs that are SCIM bulk uploads.
    pub scim_bulk_uploads: BTreeSet<(TypeId, String)>,
    /// The provisioning-log type a bulk upload's acceptance lists.
    pub scim_bulk_upload_logs: Option<TypeId>,
    /// The pair type whose struct decodes `provisionOnDemand`'s outcome.
    pub provisioning_outcome: Option<TypeId>,
    /// The types of the advanced-query bases the document has.
    pub advanced_query_bases: BTreeSet<TypeId>,
    /// Types whose listings decode each item by `@odata.type`, with the
    /// derived types listed through a type cast (those the document has).
    pub polymorphic_listings: BTreeMap<TypeId, Vec<TypeId>>,
    /// Operation name -> the documentation's note.
    pub operation_notes: BTreeMap<String, String>,
}

/// How an entity is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateMethod {
    Put,
    Patch,
}

impl ResolvedGeneration {
    /// Whether collections of `ty` answer advanced queries only with
    /// `$count=true` and `ConsistencyLevel: eventual`: it is, or derives
    /// from, one of the settings' `advanced_query_bases`.
    pub fn advanced_queries(&self, model: &Model, ty: TypeId) -> bool {
        std::iter::once(ty).chain(model.base_chain(ty)).any(|ty| self.advanced_query_bases.contains(&ty))
    }

    /// Whether entities of `ty` are replaced with `PUT`: as the settings say,
    /// else as the CSDL's `UpdateRestrictions` say (`PATCH` when silent).
    pub fn update_is_put(&self, model: &Model, ty: TypeId) -> bool {
        match self.update_methods.get(&ty) {
            Some(method) => *method == UpdateMethod::Put,
            None => model::update_method(&model.ty(ty).annotations).is_some_and(|m| m.eq_ignore_ascii_case("PUT")),
        }
    }
}

impl Generation {
    /// Resolves every name against `model`: a setting that names no type, or
    /// a member its type lacks, is an error at the setting.
    pub fn resolve(&self, model: &Model) -> Result<ResolvedGeneration, SettingsError> {
        let mut resolved = ResolvedGeneration { operation_notes: self.operation_notes.clone(), ..Default::default() };
        for setting in &self.secret_properties {
            let (id, property) = setting.type_and_member(model, "secret property", "property")?;
            if !model.all_properties(id).iter().any(|p| p.name == property) {
                let ty = model.type_name(id);
                return Err(setting.error(format!("secret property `{setting}`: `{ty}` has no property `{property}`")));
            }
            resolved.secret_properties.insert((id, property.to_owned()));
        }
        for (ty, method) in &self.update_methods {
            let id = ty.named_type(model, "update method", &ty.text)?;
            let method = match method.text.to_ascii_uppercase().as_str() {
                "PUT" => UpdateMethod::Put,
                "PATCH" => UpdateMethod::Patch,
                _ => return Err(method.error(format!("update method of `{ty}`: `{method}` is not `PUT` or `PATCH`"))),
            };
            resolved.update_methods.insert(id, method);
        }
        for setting in &self.property_puts {
            let (id, property) = setting.type_and_member(model, "property put", "property")?;
            if !model.all_properties(id).iter().any(|p| p.name == property && p.ty.collection) {
                let ty = model.type_name(id);
                let message = format!("property put `{setting}`: `{ty}` has no collection property `{property}`");
                return Err(setting.error(message));
            }
            resolved.property_puts.insert((id, property.to_owned()));
        }
        for (ty, content_type) in &self.media_types {
            let id = ty.named_type(model, "media type", &ty.text)?;
            resolved.media_types.insert(id, content_type.text.clone());
        }
        for setting in &self.scim_bulk_uploads {
            let (id, navigation) = setting.type_and_member(model, "SCIM bulk upload", "navigation")?;
            if model.all_properties(id).iter().any(|p| p.name == navigation) {
                let ty = model.type_name(id);
                return Err(setting.error(format!(
                    "SCIM bulk upload `{setting}`: `{navigation}` is a structural property of `{ty}`, not a navigation property"
                )));
            }
            if model.all_navigation_properties(id).iter().any(|n| n.name == navigation) {
                resolved.scim_bulk_uploads.insert((id, navigation.to_owned()));
            }
        }
        resolved.scim_bulk_upload_logs = self.scim_bulk_upload_logs.as_ref().and_then(|s| model.find_type(&s.text));
        if let Some(setting) = &self.provisioning_outcome {
            if let Some(id) = model.find_type(&setting.text) {
                // The decoder reads two strings: a type without both is a wrong setting.
                let properties = model.all_properties(id);
                let text = |name: &str| {
                    properties.iter().any(|p| {
                        p.name == name && !p.ty.collection && p.ty.target == TypeTarget::Primitive(Primitive::String)
                    })
                };
                if !matches!(model.ty(id).kind, TypeKind::Complex(_) | TypeKind::Entity(_))
                    || !text("key")
                    || !text("value")
                {
                    return Err(setting.error(format!(
                        "provisioning outcome `{setting}`: the type has no `key` and `value` of type `Edm.String`, \
                         which the outcome is decoded from"
                    )));
                }
                resolved.provisioning_outcome = Some(id);
            }
        }
        resolved.advanced_query_bases =
            self.advanced_query_bases.iter().filter_map(|base| model.find_type(&base.text)).collect();
        for (base, casts) in &self.polymorphic_listings {
            let Some(base_id) = model.find_type(&base.text) else { continue };
            if !matches!(model.ty(base_id).kind, TypeKind::Entity(_)) {
                return Err(base.error(format!("polymorphic listing `{base}`: not an entity type")));
            }
            let mut derived = Vec::new();
            for cast in casts {
                let Some(id) = model.find_type(&cast.text) else { continue };
                if !model.base_chain(id).any(|b| b == base_id) {
                    return Err(cast.error(format!(
                        "polymorphic listing `{base}`: `{cast}` does not derive from it, so no type cast names it"
                    )));
                }
                derived.push(id);
            }
            resolved.polymorphic_listings.insert(base_id, derived);
        }
        Ok(resolved)
    }
}

//! The slice: which types and operations of a model the generated crate covers.
//!
//! The selection settings ([`Selection`], from `metadata/{version}/slice.toml`)
//! name root types, the entity sets or singletons and navigation properties
//! through which the roots are reached (path anchors), the resources (entity
//! sets that are request builders of their own, selected for what their
//! calls return), and the universal base types whose derived types must not
//! be followed. [`select`] takes the closure: property and navigation types,
//! base types, derived types of what appears as a value, and the operations
//! bound to a selected type (or a collection of it) with their parameter and
//! return types; then the resources' narrower closure (see [`select`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::csdl::Location;
use crate::model::{Binding, Model, NavigationDef, OperationId, Owner, TypeId, TypeKind, TypeTarget};
use crate::settings::{AnchorSetting, Method, Selection, Setting, Start};

/// A selection setting that names something the model does not have (at
/// the setting in `slice.toml`), or a selected part of the document the
/// reader could not read (at that part in the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    pub location: Option<Location>,
    pub message: String,
    /// What the settings name that the document does not have (`the root
    /// `microsoft.graph.x``), when that is the error: a document selected
    /// with other settings (a committed slice) cannot satisfy them.
    pub missing: Option<String>,
}

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SelectError {}

impl SelectError {
    /// The settings name `what` (at `setting`), which the document does not have.
    fn missing(setting: &Setting, what: String, message: String) -> Self {
        SelectError { location: setting.location.clone(), message, missing: Some(what) }
    }
}

/// The selected part of a model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slice {
    /// Types generated in full.
    pub types: BTreeSet<TypeId>,
    /// Operations bound to selected types.
    pub operations: BTreeSet<OperationId>,
    /// The path anchors, in settings order.
    pub anchors: Vec<Anchor>,
    /// The resources (entity sets that are request builders of their own), in settings order.
    pub resources: Vec<ResourceRoot>,
    /// Types kept only to build paths (the anchors' entity types and their base
    /// chains, where not selected in full): their key and anchor navigation only.
    pub path_types: BTreeSet<TypeId>,
    /// Types selected for what a resource's calls return (among [`Slice::types`]),
    /// and the only navigation properties each keeps: its anchors'
    /// navigation for an entity type, all of a complex type's (which Graph
    /// returns inline). Types not listed keep every navigation property.
    pub returned: BTreeMap<TypeId, BTreeSet<String>>,
    /// The request methods of a type's nodes, where the settings restrict them.
    pub methods: BTreeMap<TypeId, BTreeSet<Method>>,
}

/// A resolved path anchor: `/{entity_set}/{key}/{navigation}` or `/{singleton}/{navigation}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Index into [`Model::containers`].
    pub container: usize,
    /// The entity set or singleton, by its index in the container.
    pub start: AnchorStart,
    pub entity_type: TypeId,
    /// The navigation property's name.
    pub navigation: String,
    /// The type it leads to.
    pub target: TypeId,
    /// Whether the navigation property is collection-valued.
    pub collection: bool,
}

/// Where an anchor starts: an index into the container's entity sets or singletons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorStart {
    EntitySet(usize),
    Singleton(usize),
}

/// A resolved resource: an entity set whose collection is a request builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRoot {
    /// Index into [`Model::containers`].
    pub container: usize,
    /// Index into the container's entity sets.
    pub entity_set: usize,
    pub entity_type: TypeId,
}

/// A type still to visit, and whether a value of it appears (a property,
/// parameter or result of that type, which may hold a derived type) or it
/// is only the base of another type (whose derived types are then not needed).
type Visit = (TypeId, bool);

/// Takes the closure of the settings' roots over `model`.
///
/// Two closures: the roots' (property, navigation, base and derived types,
/// and the operations bound to any of them), then the resources': what
/// their calls return (structural properties, base types, derived types of
/// what appears as a value, and a complex type's navigation properties,
/// which Graph returns inline), with only the operations the settings name
/// and none of an entity type's navigation properties but its anchors'.
/// Derived types are followed only from a type that appears as a value.
pub fn select(model: &Model, settings: &Selection) -> Result<Slice, SelectError> {
    let find = |setting: &Setting, what: &str| {
        model.find_type(&setting.text).ok_or_else(|| {
            SelectError::missing(
                setting,
                format!("{what} `{setting}`"),
                format!("the slice settings name {what} `{setting}`, which the document does not define"),
            )
        })
    };
    // Roots first: a document with none of them (Graph's GovSG documents) has
    // no synchronization API at all, which is what the message should say.
    if !settings.roots.is_empty() && settings.roots.iter().all(|root| model.find_type(&root.text).is_none()) {
        let api = if settings.roots.iter().any(|r| r.text.contains("synchronization")) {
            "synchronization"
        } else {
            "selected"
        };
        let first = &settings.roots[0];
        let message =
            format!("the document defines none of the slice's roots (`{first}`, ...): it does not have the {api} API");
        return Err(SelectError { location: None, message, missing: None });
    }
    let mut roots: Vec<TypeId> = settings.roots.iter().map(|root| find(root, "the root")).collect::<Result<_, _>>()?;
    let universal: BTreeSet<TypeId> =
        settings.universal_bases.iter().map(|base| find(base, "the universal base")).collect::<Result<_, _>>()?;
    for prefix in &settings.root_prefixes {
        roots.extend(model.type_ids().filter(|&id| model.type_name(id).to_string().starts_with(prefix.as_str())));
    }

    let mut slice = Slice::default();
    // An anchor's target that no root names is selected as a resource's type
    // is (for what its calls return, with no operation of its own): a
    // directory object's navigation (`members`, `appRoleAssignedTo`) must
    // not bring in every operation bound to `directoryObject`.
    let mut anchored = Vec::new();
    for anchor in &settings.anchors {
        let resolved = resolve_anchor(model, anchor)?;
        if !roots.contains(&resolved.target) {
            anchored.push(resolved.target);
        }
        restrict_methods(&mut slice, resolved.target, &anchor.methods);
        slice.anchors.push(resolved);
    }

    let mut work: Vec<Visit> = roots.into_iter().map(|ty| (ty, true)).collect();
    let mut as_value = BTreeSet::new();
    while let Some((ty, value)) = work.pop() {
        if value && as_value.insert(ty) && !universal.contains(&ty) {
            work.extend(model.derived_types(ty).iter().map(|&derived| (derived, true)));
        }
        if !slice.types.insert(ty) {
            continue;
        }
        let Some(def) = model.structured(ty) else { continue };
        work.extend(def.base.map(|base| (base, false)));
        let members = def.properties.iter().map(|p| &p.ty).chain(def.navigation_properties.iter().map(|n| &n.ty));
        work.extend(members.filter_map(|r| named(r.target)).map(|id| (id, true)));
        for collection in [false, true] {
            for &op in model.bound_operations(Binding { ty, collection }) {
                slice.operations.insert(op);
                work.extend(operation_types(model, op));
            }
        }
    }

    select_returned(model, settings, &universal, &anchored, &mut slice)?;
    for anchor in &slice.anchors {
        let chain = std::iter::once(anchor.entity_type).chain(model.base_chain(anchor.entity_type));
        slice.path_types.extend(chain.filter(|ty| !slice.types.contains(ty)));
    }
    // What the resolver read past may be ignored outside the slice, not in it.
    let selected = |owner: &Option<Owner>| match *owner {
        Some(Owner::Type(ty)) => slice.types.contains(&ty),
        Some(Owner::Key(ty)) => slice.types.contains(&ty) || slice.path_types.contains(&ty),
        Some(Owner::Operation(op)) => slice.operations.contains(&op),
        None => false,
    };
    if let Some(warning) = model.warnings.iter().find(|warning| selected(&warning.owner)) {
        return Err(SelectError {
            location: Some(warning.location.clone()),
            message: format!("the slice cannot be generated: {}", warning.message),
            missing: None,
        });
    }
    Ok(slice)
}

/// The resources' closure: what their calls return (see [`select`]), added
/// to `slice` where the roots' closure did not select it already.
fn select_returned(
    model: &Model,
    settings: &Selection,
    universal: &BTreeSet<TypeId>,
    anchored: &[TypeId],
    slice: &mut Slice,
) -> Result<(), SelectError> {
    let mut work: Vec<Visit> = anchored.iter().map(|&ty| (ty, true)).collect();
    for resource in &settings.resources {
        let (container, entity_set) = find_entity_set(model, &resource.entity_set)?;
        let entity_type = model.containers[container].entity_sets[entity_set].entity_type;
        work.push((entity_type, true));
        restrict_methods(slice, entity_type, &resource.methods);
        for name in &resource.operations {
            let bound = bound_by_name(model, entity_type, &name.text);
            if bound.is_empty() {
                let ty = model.type_name(entity_type);
                return Err(SelectError::missing(
                    name,
                    format!("the operation `{name}` bound to `{ty}`"),
                    format!(
                        "no operation `{name}` is bound to `{ty}` (slice settings, resource `{}`)",
                        resource.entity_set
                    ),
                ));
            }
            for op in bound {
                slice.operations.insert(op);
                work.extend(operation_types(model, op));
            }
        }
        slice.resources.push(ResourceRoot { container, entity_set, entity_type });
    }
    let full = slice.types.clone();
    let mut as_value = BTreeSet::new();
    while let Some((ty, value)) = work.pop() {
        if full.contains(&ty) {
            continue;
        }
        if value && as_value.insert(ty) && !universal.contains(&ty) {
            work.extend(model.derived_types(ty).iter().map(|&derived| (derived, true)));
        }
        if slice.returned.contains_key(&ty) {
            continue;
        }
        slice.types.insert(ty);
        let Some(def) = model.structured(ty) else {
            slice.returned.insert(ty, BTreeSet::new());
            continue;
        };
        work.extend(def.base.map(|base| (base, false)));
        work.extend(def.properties.iter().filter_map(|p| named(p.ty.target)).map(|id| (id, true)));
        // Own and inherited names: a derived type's struct holds its bases' members too.
        let kept: BTreeSet<String> = match model.ty(ty).kind {
            TypeKind::Complex(_) => model.all_navigation_properties(ty).iter().map(|n| n.name.clone()).collect(),
            _ => slice
                .anchors
                .iter()
                .filter(|a| a.entity_type == ty || model.base_chain(a.entity_type).any(|base| base == ty))
                .map(|a| a.navigation.clone())
                .collect(),
        };
        let navigation = def.navigation_properties.iter().filter(|n| kept.contains(&n.name));
        work.extend(navigation.filter_map(|n| named(n.ty.target)).map(|id| (id, true)));
        slice.returned.insert(ty, kept);
    }
    Ok(())
}

/// An operation's parameter and return types, as values.
fn operation_types(model: &Model, op: OperationId) -> impl Iterator<Item = Visit> + '_ {
    let operation = model.operation(op);
    let used = operation.parameters.iter().map(|p| &p.ty).chain(operation.return_type.as_ref());
    used.filter_map(|r| named(r.target)).map(|id| (id, true))
}

/// Records the request methods the settings allow `ty`'s nodes (none named: no restriction).
fn restrict_methods(slice: &mut Slice, ty: TypeId, methods: &[Method]) {
    if !methods.is_empty() {
        slice.methods.entry(ty).or_default().extend(methods);
    }
}

/// The operations named `name` bound to `ty` (or a base of it), or to a collection of it.
fn bound_by_name(model: &Model, ty: TypeId, name: &str) -> Vec<OperationId> {
    [false, true]
        .into_iter()
        .flat_map(|collection| model.applicable_operations(Binding { ty, collection }))
        .filter(|&op| model.operation(op).name == name)
        .collect()
}

/// The selection of what the settings name that `model` has: roots,
/// universal bases, anchors, resources and operations the document lacks
/// are left out (they are new to it). For comparing a document selected
/// with older settings (the committed slice) with one selected with the
/// current ones.
pub fn select_present(model: &Model, settings: &Selection) -> Result<Slice, SelectError> {
    let has_type = |setting: &Setting| model.find_type(&setting.text).is_some();
    let has_set = |set: &Setting| find_entity_set(model, set).is_ok();
    let present = Selection {
        roots: settings.roots.iter().filter(|root| has_type(root)).cloned().collect(),
        root_prefixes: settings.root_prefixes.clone(),
        anchors: settings.anchors.iter().filter(|anchor| resolve_anchor(model, anchor).is_ok()).cloned().collect(),
        resources: settings
            .resources
            .iter()
            .filter(|resource| has_set(&resource.entity_set))
            .map(|resource| {
                let mut resource = resource.clone();
                let (container, set) = find_entity_set(model, &resource.entity_set).expect("kept only if present");
                let ty = model.containers[container].entity_sets[set].entity_type;
                resource.operations.retain(|name| !bound_by_name(model, ty, &name.text).is_empty());
                resource
            })
            .collect(),
        universal_bases: settings.universal_bases.iter().filter(|base| has_type(base)).cloned().collect(),
    };
    select(model, &present)
}

/// Every type and operation of the model, for generating a whole document
/// (path anchors are left empty: there are no settings to name them).
pub fn select_all(model: &Model) -> Slice {
    Slice { types: model.type_ids().collect(), operations: model.operation_ids().collect(), ..Slice::default() }
}

fn named(target: TypeTarget) -> Option<TypeId> {
    match target {
        TypeTarget::Named(id) => Some(id),
        TypeTarget::Primitive(_) => None,
    }
}

/// The container and index of the entity set `set` names.
fn find_entity_set(model: &Model, set: &Setting) -> Result<(usize, usize), SelectError> {
    model
        .containers
        .iter()
        .enumerate()
        .find_map(|(c, container)| container.entity_sets.iter().position(|s| s.name == set.text).map(|s| (c, s)))
        .ok_or_else(|| {
            SelectError::missing(
                set,
                format!("the entity set `{set}`"),
                format!(
                    "the slice settings name the entity set `{set}`, which the document's entity container does not have"
                ),
            )
        })
}

fn resolve_anchor(model: &Model, anchor: &AnchorSetting) -> Result<Anchor, SelectError> {
    let navigation = &anchor.navigation;
    let (container, start, entity_type) = match &anchor.start {
        Start::EntitySet(set) => {
            let (container, index) = find_entity_set(model, set)?;
            (container, AnchorStart::EntitySet(index), model.containers[container].entity_sets[index].entity_type)
        }
        Start::Singleton(singleton) => {
            let found = model.containers.iter().enumerate().find_map(|(c, container)| {
                container.singletons.iter().position(|s| s.name == singleton.text).map(|s| (c, s))
            });
            let Some((container, index)) = found else {
                return Err(SelectError::missing(
                    singleton,
                    format!("the singleton `{singleton}`"),
                    format!(
                        "the slice settings name the singleton `{singleton}`, which the document's entity container does not have"
                    ),
                ));
            };
            (container, AnchorStart::Singleton(index), model.containers[container].singletons[index].ty)
        }
    };
    let set = anchor.start.name();
    let found = model.all_navigation_properties(entity_type).into_iter().find(|n| n.name == navigation.text);
    let Some(found) = found else {
        return Err(SelectError::missing(
            navigation,
            format!("the navigation property `{navigation}` of `{}`", model.type_name(entity_type)),
            format!(
                "`{}` has no navigation property `{navigation}` (slice settings, anchor `{set}`)",
                model.type_name(entity_type)
            ),
        ));
    };
    let Some(target) = named(found.ty.target) else {
        unreachable!("the resolver only accepts named navigation targets")
    };
    Ok(Anchor {
        container,
        start,
        entity_type,
        navigation: navigation.text.clone(),
        target,
        collection: found.ty.collection,
    })
}

impl Slice {
    /// The navigation properties of `ty` (own and inherited) that the slice
    /// keeps: all of them, but for a type selected for what a resource
    /// returns ([`Slice::returned`]).
    pub fn navigation_properties<'m>(&self, model: &'m Model, ty: TypeId) -> Vec<&'m NavigationDef> {
        let all = model.all_navigation_properties(ty);
        match self.returned.get(&ty) {
            Some(kept) => all.into_iter().filter(|n| kept.contains(&n.name)).collect(),
            None => all,
        }
    }

    /// Whether the settings allow `method` on `ty`'s nodes.
    pub fn allows(&self, ty: TypeId, method: Method) -> bool {
        self.methods.get(&ty).is_none_or(|allowed| allowed.contains(&method))
    }
}

/// Counts of a slice by kind, for summaries and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SliceCounts {
    pub entity: usize,
    pub complex: usize,
    pub enumeration: usize,
    pub definition: usize,
    pub operations: usize,
}

impl Slice {
    /// How many types of each kind, and operations, the slice holds.
    pub fn counts(&self, model: &Model) -> SliceCounts {
        let mut counts = SliceCounts { operations: self.operations.len(), ..SliceCounts::default() };
        for &ty in &self.types {
            match model.ty(ty).kind {
                TypeKind::Entity(_) => counts.entity += 1,
                TypeKind::Complex(_) => counts.complex += 1,
                TypeKind::Enum(_) => counts.enumeration += 1,
                TypeKind::Definition(_) => counts.definition += 1,
            }
        }
        counts
    }

    /// The qualified names of the selected types, sorted.
    pub fn type_names(&self, model: &Model) -> Vec<String> {
        let mut names: Vec<String> = self.types.iter().map(|&id| model.type_name(id).to_string()).collect();
        names.sort();
        names
    }

    /// `binding.name` of each selected operation (`Collection(...)` for collection bindings), sorted.
    pub fn operation_names(&self, model: &Model) -> Vec<String> {
        let mut names: Vec<String> = self
            .operations
            .iter()
            .map(|&id| {
                let op = model.operation(id);
                let binding = op.binding.map(|b| {
                    let name = model.type_name(b.ty).name;
                    if b.collection {
                        format!("Collection({name})")
                    } else {
                        name.to_owned()
                    }
                });
                format!("{}.{}", binding.unwrap_or_default(), op.name)
            })
            .collect();
        names.sort();
        names
    }
}

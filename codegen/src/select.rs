//! The slice: which types and operations of a model the generated crate covers.
//!
//! The selection settings ([`Selection`], from `metadata/{version}/slice.toml`)
//! name root types, the entity sets and navigation properties through which
//! the roots are reached (path anchors), and the universal base types whose
//! derived types must not be followed. [`select`] takes the closure: property
//! and navigation types, base types, derived types, and the operations bound
//! to a selected type (or a collection of it) with their parameter and return
//! types.

use std::collections::BTreeSet;
use std::fmt;

use crate::csdl::Location;
use crate::model::{Binding, Model, OperationId, Owner, TypeId, TypeKind, TypeTarget};
use crate::settings::{AnchorSetting, Selection, Setting};

/// A selection setting that names something the model does not have (at
/// the setting in `slice.toml`), or a selected part of the document the
/// reader could not read (at that part in the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    pub location: Option<Location>,
    pub message: String,
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
    /// An error about `setting`, at where it is written.
    fn at(setting: &Setting, message: String) -> Self {
        SelectError { location: setting.location.clone(), message }
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
    /// Types kept only to build paths (the anchors' entity types and their base
    /// chains, where not selected in full): their key and anchor navigation only.
    pub path_types: BTreeSet<TypeId>,
}

/// A resolved path anchor: `/{entity_set}/{key}/{navigation}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Index into [`Model::containers`].
    pub container: usize,
    /// Index into the container's entity sets.
    pub entity_set: usize,
    pub entity_type: TypeId,
    /// The navigation property's name.
    pub navigation: String,
    /// The type it leads to.
    pub target: TypeId,
}

/// Takes the closure of the settings' roots over `model`.
pub fn select(model: &Model, settings: &Selection) -> Result<Slice, SelectError> {
    let find = |setting: &Setting, what: &str| {
        model.find_type(&setting.text).ok_or_else(|| {
            SelectError::at(
                setting,
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
        return Err(SelectError { location: None, message });
    }
    let mut roots: Vec<TypeId> = settings.roots.iter().map(|root| find(root, "the root")).collect::<Result<_, _>>()?;
    let universal: BTreeSet<TypeId> =
        settings.universal_bases.iter().map(|base| find(base, "the universal base")).collect::<Result<_, _>>()?;
    for prefix in &settings.root_prefixes {
        roots.extend(model.type_ids().filter(|&id| model.type_name(id).to_string().starts_with(prefix.as_str())));
    }

    let mut slice = Slice::default();
    for anchor in &settings.anchors {
        let resolved = resolve_anchor(model, anchor)?;
        roots.push(resolved.target);
        slice.anchors.push(resolved);
    }

    let mut work = roots;
    while let Some(ty) = work.pop() {
        if !slice.types.insert(ty) {
            continue;
        }
        let Some(def) = model.structured(ty) else { continue };
        work.extend(def.base);
        let members = def.properties.iter().map(|p| &p.ty).chain(def.navigation_properties.iter().map(|n| &n.ty));
        work.extend(members.filter_map(|r| named(r.target)));
        if !universal.contains(&ty) {
            work.extend(model.derived_types(ty));
        }
        for collection in [false, true] {
            for &op in model.bound_operations(Binding { ty, collection }) {
                slice.operations.insert(op);
                let operation = model.operation(op);
                let used = operation.parameters.iter().map(|p| &p.ty).chain(operation.return_type.as_ref());
                work.extend(used.filter_map(|r| named(r.target)));
            }
        }
    }

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
        });
    }
    Ok(slice)
}

/// Every type and operation of the model, for generating a whole document
/// (path anchors are left empty: there are no settings to name them).
pub fn select_all(model: &Model) -> Slice {
    Slice {
        types: model.type_ids().collect(),
        operations: model.operation_ids().collect(),
        anchors: Vec::new(),
        path_types: BTreeSet::new(),
    }
}

fn named(target: TypeTarget) -> Option<TypeId> {
    match target {
        TypeTarget::Named(id) => Some(id),
        TypeTarget::Primitive(_) => None,
    }
}

fn resolve_anchor(model: &Model, anchor: &AnchorSetting) -> Result<Anchor, SelectError> {
    let (set, navigation) = (&anchor.entity_set, &anchor.navigation);
    let found = model
        .containers
        .iter()
        .enumerate()
        .find_map(|(c, container)| container.entity_sets.iter().position(|s| s.name == set.text).map(|s| (c, s)));
    let Some((container, entity_set)) = found else {
        return Err(SelectError::at(
            set,
            format!(
                "the slice settings name the entity set `{set}`, which the document's entity container does not have"
            ),
        ));
    };
    let entity_type = model.containers[container].entity_sets[entity_set].entity_type;
    let found = model.all_navigation_properties(entity_type).into_iter().find(|n| n.name == navigation.text);
    let Some(found) = found else {
        return Err(SelectError::at(
            navigation,
            format!(
                "`{}` has no navigation property `{navigation}` (slice settings, anchor `{set}`)",
                model.type_name(entity_type)
            ),
        ));
    };
    let Some(target) = named(found.ty.target) else {
        unreachable!("the resolver only accepts named navigation targets")
    };
    Ok(Anchor { container, entity_set, entity_type, navigation: navigation.text.clone(), target })
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

//! Lowering the slice's URL paths and operations into the request-builder IR.
//!
//! From each anchor (`/servicePrincipals/{id}/synchronization`) the paths
//! follow contained navigation properties: a single-valued one leads to an
//! item node (`.../synchronization`, `.../schema`), a collection-valued one to
//! a collection node (`.../jobs`) whose items are keyed (`.../jobs/{id}`).
//! Each node is one Rust type per entity type and shape, so a node reached by
//! several routes (a schema under a job or a template) is one type, and an
//! operation exists only on the nodes of the type it is bound to.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::csdl::OperationKind;
use crate::ir::{self, DeprecatedIr, Docs, RustType};
use crate::model::annotations::Capability;
use crate::model::{self, Binding, Model, OperationId, TypeId, TypeKind, TypeTarget};
use crate::naming::{self, Names};
use crate::select::{AnchorStart, Slice};
use crate::settings::{Method, ResolvedGeneration};

/// The request builders.
#[derive(Debug, Clone, PartialEq)]
pub struct PathsIr {
    /// The version's entry type (`client.v1()`), which has the entry points.
    pub api: ApiIr,
    /// Typed ids, one per keyed entity type, sorted by name.
    pub ids: Vec<IdIr>,
    /// Entry points at an entity set's item (`client.v1().service_principal(id)`).
    pub roots: Vec<RootIr>,
    /// Entry points straight to a node: every entity set (`api.users()`) and
    /// singleton (`api.me()`) when a whole document is generated.
    pub entry_points: Vec<EntryIr>,
    /// The unbound actions and functions of the entity container's action
    /// and function imports (`api.who_am_i()`: `GET /WhoAmI()`), methods of
    /// the entry type, when a whole document is generated.
    pub imports: Vec<MethodIr>,
    /// Request builder types, sorted by name.
    pub nodes: Vec<NodeIr>,
}

/// A typed id, e.g. `SynchronizationJobId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdIr {
    pub name: String,
    /// The entity type it identifies (qualified CSDL name).
    pub entity: String,
    /// What the id's type parameter names: the entity type's model struct,
    /// or for a type the slice only passes through (such as
    /// `servicePrincipal`) a marker type of its own.
    pub entity_type: IdEntity,
}

/// The type an id is an id of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdEntity {
    /// The entity type's model struct.
    Model(RustType),
    /// An uninhabited marker type generated beside the id (`ServicePrincipal`
    /// for `ServicePrincipalId`).
    Marker(String),
}

/// The entry to one Graph version's paths: a type wrapping the client
/// rooted at the version, and the client method that gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiIr {
    /// The type's name (`Api`, unless the slice has an item of that name).
    pub name: String,
    /// The client method and the module: `v1` for `v1.0`.
    pub method: String,
    /// The version as written in URLs: `v1.0`.
    pub version: String,
}

/// Methods graph-sync's `Client` has (its own, its handle's and its
/// derives'): the version's method, which the facade adds beside them
/// (`client.v1()`), must not be one of them. `codegen/tests/paths.rs` reads
/// them from the code and fails when the two part.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "root",
    "base_url",
    "at_version",
    "cloud",
    "scope",
    "token",
    "batch",
    "send_batched",
    "execute",
    "budget_remaining",
    "budget_snapshot",
    "clone",
    "fmt",
];

/// Methods the version's entry type has: entry points never take these names
/// (`service_root` is the private one its imports' methods start from).
pub const API_METHODS: &[&str] = &["new", "client", "service_root", "clone", "fmt"];

/// Methods every request builder has (its own and its derives'): navigation
/// and operation methods never take these names. (Both lists are read back
/// from the generated code by `codegen/tests/paths.rs`.)
pub const NODE_METHODS: &[&str] = &["path", "clone", "fmt"];

/// A client method that starts a path at an entity set item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootIr {
    pub method: String,
    pub entity_set: String,
    pub id: String,
    pub node: String,
    pub alternate_keys: Vec<AlternateKeyIr>,
}

/// A client method that starts at an entity set or singleton: `/{segment}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryIr {
    pub method: String,
    pub segment: String,
    pub node: String,
}

/// A client method that starts a path with an alternate key, e.g.
/// `service_principal_by_app_id` for `/servicePrincipals(appId='...')`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternateKeyIr {
    pub method: String,
    pub alias: String,
    pub parameter: String,
}

/// A request builder for one shape of path (an entity item or a collection).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeIr {
    pub name: String,
    /// A representative URL template, for docs.
    pub template: String,
    /// The entity type's qualified name.
    pub entity: String,
    /// The entity's model type.
    pub entity_type: RustType,
    pub collection: bool,
    pub methods: Vec<MethodIr>,
    /// Navigation properties with no step here: they do not contain their
    /// target and the container binds them to no entity set (their targets
    /// are reached through their own sets). Said in the docs, not silent.
    pub unbound_navigation: Vec<String>,
    /// What a collection's `$filter` may name (an entity's is `Any`).
    pub filtering: FilteringIr,
}

/// What a collection's `$filter` may name, as the metadata's
/// `FilterRestrictions` say (on its type and base types, its entity set, or
/// the navigation property that holds it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FilteringIr {
    /// Any property (no restriction is written).
    #[default]
    Any,
    /// Any but these (`NonFilterableProperties`).
    AllBut(Vec<String>),
    /// None (`Filterable` is `false`).
    Refused,
}

/// A method of a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodIr {
    pub name: String,
    pub docs: Docs,
    pub deprecated: Option<DeprecatedIr>,
    pub kind: MethodKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MethodKind {
    /// A navigation step to another node: `{path}/{segment}`.
    Navigate { segment: String, node: String },
    /// An item of a collection node: `{path}/{id}`.
    Item { id: String, node: String },
    /// An item of a collection node by a key of several parts, each an
    /// argument of its type: `{path}(OrderID=10248,ProductID=11)`.
    KeyedItem { parts: Vec<KeyPartIr>, node: String },
    /// `GET {path}`.
    Get,
    /// `PATCH` or `PUT {path}` with the entity; `sensitive` when the entity
    /// type holds a secret property (the request's errors redact the body's values).
    Update { put: bool, sensitive: bool },
    /// `DELETE {path}`.
    Delete,
    /// `GET {path}` of a collection, with query options and paging, its
    /// items decoded as `item` (the entity's struct, or the `Any*` enum of a
    /// collection that holds derived types side by side, the settings'
    /// `polymorphic_listings`); `directory_objects` when its items answer
    /// advanced queries only with `$count` and `ConsistencyLevel` (the
    /// settings' `advanced_query_bases`). Both are set by [`super::service`].
    List { directory_objects: bool, item: RustType },
    /// `GET {path}/{cast}` of a collection: its items of the derived type
    /// `cast` (an OData type cast, qualified), decoded as `item`. On directory
    /// objects Graph answers a cast only as an advanced query ("List group
    /// members", Request headers: "This header and `$count` are required when
    /// using ... OData cast"), so it always asks `$count=true` and
    /// `ConsistencyLevel: eventual`.
    ListCast { cast: String, item: RustType, directory_objects: bool },
    /// `POST {path}` of a collection with a new entity.
    Create { sensitive: bool },
    /// `PUT {path}/{segment}` with `{"value": [...]}`.
    PutProperty { segment: String, item: RustType, sensitive: bool },
    /// A bound action or function.
    Operation(OperationIr),
    /// `POST {path}` with a raw body (a media entity).
    Upload { content_type: String },
    /// `GET {path}/$value` (a media entity's content).
    Download,
    /// `POST {path}/{segment}` with a SCIM bulk request (`application/scim+json`):
    /// the runtime's typed bulk upload, in place of a navigation; `logs` is
    /// the provisioning-log type its acceptance lists, where the slice has it.
    ScimBulkUpload { segment: String, logs: Option<RustType> },
}

impl MethodKind {
    /// Whether the method is generic: an item takes its id as anything that
    /// converts into the id's type (`id: impl Into<JobId>`, so a `&str` or a
    /// `String` will do). A generic method is compiled where it is called;
    /// every other one is `#[inline]`, so that it is too
    /// (the emitter's `text::Compiled`).
    pub fn is_generic(&self) -> bool {
        matches!(self, MethodKind::Item { .. })
    }
}

/// A part of a compound key: the method's argument, the name in the URL
/// (the `PropertyRef`'s alias, else its property), and the property's type.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPartIr {
    pub argument: String,
    pub wire: String,
    pub ty: RustType,
}

/// A bound action or function.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    pub wire: String,
    pub invocation: Invocation,
    pub parameters: Vec<ParameterIr>,
    pub returns: ReturnIr,
    /// A parameter's type holds a secret property (validateCredentials'
    /// credentials): the request's errors redact the body's values.
    pub sensitive: bool,
    /// An action with optional parameters: the struct its parameters are
    /// kept in. The method returns an `Action` on which the optional ones are
    /// set by name (`with_criteria(..)`), each absent, `null` or a value.
    pub parameters_type: Option<String>,
    /// An import's operation, called at the service root (a function with
    /// its parentheses even without parameters: `/WhoAmI()`).
    pub import: bool,
}

/// How an operation is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invocation {
    /// `POST {path}/{name}` with the parameters as a JSON body.
    Action,
    /// `GET {path}/{name}(p=@p)?@p=...`, the parameters in the URL.
    Function,
}

impl Invocation {
    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Invocation::Action => "POST",
            Invocation::Function => "GET",
        }
    }
}

/// A non-binding parameter. Required ones are plain arguments; optional
/// ones of an action are set with `setter`, of a function are `Option`s.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterIr {
    pub name: String,
    pub wire: String,
    pub ty: RustType,
    pub optional: bool,
    /// `with_{name}`.
    pub setter: String,
}

/// How an operation's response is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ReturnIr {
    Nothing,
    /// An entity or complex value.
    Json(RustType),
    /// A collection, `{"value": [...]}`.
    Values(RustType),
    /// A single primitive, `{"value": x}`.
    Value(RustType),
}

/// Lowers the slice's paths: from its anchors, or (a whole document) from every entity set and singleton.
pub fn lower(
    model: &Model,
    slice: &Slice,
    version: &str,
    generation: &ResolvedGeneration,
    types: &ir::TypeNames,
) -> Result<PathsIr, ir::LowerError> {
    let mut lowering = Lowering::new(model, slice, generation, types);
    // The entry type is claimed first: no item of the module takes its name.
    let api = api(version, &mut lowering.item_names)?;
    let (roots, mut entry_points) = lowering.anchors();
    entry_points.extend(lowering.resources());
    entry_points.extend(lowering.entry_points());
    let imports = lowering.imports()?;
    lowering.walk()?;
    let mut paths = lowering.finish(api, roots, entry_points);
    paths.imports = imports;
    Ok(paths)
}

/// A node still to lower: its entity type, whether it is the collection,
/// and the URL template of the shortest route to it.
type Pending = (TypeId, bool, String);

/// The state of lowering the paths, one step per concern: the anchors' entry
/// points ([`Lowering::anchors`]), a whole document's entry points
/// ([`Lowering::entry_points`]), the breadth-first walk over the nodes they
/// reach ([`Lowering::walk`]) with a collection's methods, an entity's
/// methods and navigation, and the bound operations, and the decisions
/// taken once every route is known ([`Lowering::finish`]).
struct Lowering<'a> {
    model: &'a Model,
    slice: &'a Slice,
    generation: &'a ResolvedGeneration,
    types: &'a ir::TypeNames,
    declared: &'a ir::DeclaredNames,
    secret_types: BTreeSet<TypeId>,
    /// Ids, request builders and marker types share the one module `paths.rs`.
    item_names: Names,
    /// Entry points, alternate-key entry points and the entry type's own methods share one scope.
    entry_methods: Names,
    ids: BTreeMap<TypeId, String>,
    node_names: BTreeMap<(TypeId, bool), String>,
    nodes: BTreeMap<(TypeId, bool), NodeIr>,
    /// Nodes are discovered breadth first, so templates show the shortest route.
    queue: VecDeque<Pending>,
    /// Every route to each node, for the decisions that depend on how a node
    /// is reached (can it be deleted or updated), made once all are known.
    reaches: BTreeMap<(TypeId, bool), Vec<Reach>>,
    /// Each entity's navigation properties that are no step (see [`NodeIr::unbound_navigation`]).
    unbound_navigation: BTreeMap<TypeId, Vec<String>>,
}

impl<'a> Lowering<'a> {
    fn new(model: &'a Model, slice: &'a Slice, generation: &'a ResolvedGeneration, types: &'a ir::TypeNames) -> Self {
        Lowering {
            model,
            slice,
            generation,
            types,
            declared: types.declared(),
            secret_types: ir::types_holding_secrets(model, &generation.secret_properties),
            item_names: Names::default(),
            entry_methods: Names::with_reserved(API_METHODS),
            ids: BTreeMap::new(),
            node_names: BTreeMap::new(),
            nodes: BTreeMap::new(),
            queue: VecDeque::new(),
            reaches: BTreeMap::new(),
            unbound_navigation: BTreeMap::new(),
        }
    }

    /// The typed id of an entity type, named the first time it is needed.
    fn id_of(&mut self, ty: TypeId) -> String {
        let (model, item_names) = (self.model, &mut self.item_names);
        self.ids.entry(ty).or_insert_with(|| item_names.claim(naming::type_name_with(&model.ty(ty).name, "Id"))).clone()
    }

    /// The request builder of an entity type or its collection, named the first time it is needed.
    fn node_name(&mut self, ty: TypeId, collection: bool) -> String {
        let (model, item_names) = (self.model, &mut self.item_names);
        self.node_names
            .entry((ty, collection))
            .or_insert_with(|| {
                let suffix = if collection { "CollectionPath" } else { "Path" };
                item_names.claim(naming::type_name_with(&model.ty(ty).name, suffix))
            })
            .clone()
    }

    fn holds_secrets(&self, ty: &model::TypeRef) -> bool {
        matches!(ty.target, TypeTarget::Named(id) if self.secret_types.contains(&id))
    }

    /// An entry point per anchor: at an entity set's item
    /// (`service_principal(id)`, and one per single-part alternate key), or
    /// at a singleton (`audit_logs()`). An anchor's entity type that the
    /// slice selects (a resource's) is a node of its own, walked like any
    /// other; else its node has only the anchor navigation (anchors of one
    /// type share it).
    fn anchors(&mut self) -> (Vec<RootIr>, Vec<EntryIr>) {
        let (model, slice) = (self.model, self.slice);
        let (mut roots, mut entries) = (Vec::new(), Vec::new());
        for anchor in &slice.anchors {
            let container = &model.containers[anchor.container];
            let ty = anchor.entity_type;
            let node = self.node_name(ty, false);
            let template = match anchor.start {
                AnchorStart::EntitySet(index) => {
                    let set = &container.entity_sets[index];
                    let template = format!("/{}/{{{}Id}}", set.name, model.ty(ty).name);
                    if !roots.iter().any(|root: &RootIr| root.entity_set == set.name) {
                        roots.push(self.root(&set.name, ty, &node));
                    }
                    let reach = Reach::Container { container: anchor.container, index, singleton: false };
                    push_reach(&mut self.reaches, (ty, true), reach);
                    template
                }
                AnchorStart::Singleton(index) => {
                    let singleton = &container.singletons[index];
                    if !entries.iter().any(|entry: &EntryIr| entry.segment == singleton.name) {
                        let method = self.entry_methods.claim(naming::snake_name(&singleton.name));
                        entries.push(EntryIr { method, segment: singleton.name.clone(), node: node.clone() });
                    }
                    let reach = Reach::Container { container: anchor.container, index, singleton: true };
                    push_reach(&mut self.reaches, (ty, false), reach);
                    format!("/{}", singleton.name)
                }
            };
            if slice.types.contains(&ty) {
                self.queue.push_back((ty, false, template));
                continue;
            }
            let target_node = self.node_name(anchor.target, anchor.collection);
            let entry = self.nodes.entry((ty, false)).or_insert_with(|| NodeIr {
                name: node,
                template: template.clone(),
                entity: model.type_name(ty).to_string(),
                entity_type: RustType::Json,
                collection: false,
                methods: Vec::new(),
                unbound_navigation: Vec::new(),
                filtering: FilteringIr::Any,
            });
            if !entry
                .methods
                .iter()
                .any(|m| matches!(&m.kind, MethodKind::Navigate { segment, .. } if *segment == anchor.navigation))
            {
                entry.methods.push(MethodIr {
                    name: naming::snake_name(&anchor.navigation),
                    docs: Docs { paragraphs: vec![format!("`.../{}`", anchor.navigation)] },
                    deprecated: None,
                    kind: MethodKind::Navigate { segment: anchor.navigation.clone(), node: target_node },
                });
            }
            let reach = Reach::Navigation { parent: ty, name: anchor.navigation.clone() };
            self.reaches.entry((anchor.target, anchor.collection)).or_default().push(reach);
            self.queue.push_back((anchor.target, anchor.collection, format!("{template}/{}", anchor.navigation)));
        }
        (roots, entries)
    }

    /// The entry point at an item of the entity set `set` (`service_principal(id)`),
    /// and one per single-part alternate key (`service_principal_by_app_id`).
    fn root(&mut self, set: &str, ty: TypeId, node: &str) -> RootIr {
        let model = self.model;
        let id = self.id_of(ty);
        let base = naming::snake_name(&model.ty(ty).name);
        let method = self.entry_methods.claim(base.clone());
        let alternate_keys = model::alternate_keys(&model.ty(ty).annotations)
            .into_iter()
            .filter(|key| key.len() == 1)
            .map(|key| {
                let part = &key[0];
                AlternateKeyIr {
                    method: self.entry_methods.claim(format!("{base}_by_{}", naming::snake_name(&part.alias))),
                    alias: part.alias.clone(),
                    parameter: naming::snake_name(&part.alias),
                }
            })
            .collect();
        RootIr { method, entity_set: set.to_owned(), id, node: node.to_owned(), alternate_keys }
    }

    /// An entry point per resource: its entity set's collection (`application_templates()`).
    fn resources(&mut self) -> Vec<EntryIr> {
        let (model, slice) = (self.model, self.slice);
        let mut entries = Vec::new();
        for resource in &slice.resources {
            let set = &model.containers[resource.container].entity_sets[resource.entity_set];
            let ty = resource.entity_type;
            let reach =
                Reach::Container { container: resource.container, index: resource.entity_set, singleton: false };
            push_reach(&mut self.reaches, (ty, true), reach);
            entries.push(EntryIr {
                method: self.entry_methods.claim(naming::snake_name(&set.name)),
                segment: set.name.clone(),
                node: self.node_name(ty, true),
            });
            self.queue.push_back((ty, true, format!("/{}", set.name)));
        }
        entries
    }

    /// Without anchors (a whole document), every entity set and singleton is an entry point.
    fn entry_points(&mut self) -> Vec<EntryIr> {
        let (model, slice) = (self.model, self.slice);
        let mut entry_points = Vec::new();
        if !slice.anchors.is_empty() || !slice.resources.is_empty() {
            return entry_points;
        }
        for (container_index, container) in model.containers.iter().enumerate() {
            let sets = container.entity_sets.iter().enumerate().map(|(i, s)| (&s.name, s.entity_type, true, i));
            let singletons = container.singletons.iter().enumerate().map(|(i, s)| (&s.name, s.ty, false, i));
            for (name, ty, collection, index) in sets.chain(singletons) {
                if !slice.types.contains(&ty) {
                    continue;
                }
                let reach = Reach::Container { container: container_index, index, singleton: !collection };
                self.reaches.entry((ty, collection)).or_default().push(reach);
                entry_points.push(EntryIr {
                    method: self.entry_methods.claim(naming::snake_name(name)),
                    segment: name.clone(),
                    node: self.node_name(ty, collection),
                });
                self.queue.push_back((ty, collection, format!("/{name}")));
            }
        }
        entry_points
    }

    /// Without anchors (a whole document), every action and function import
    /// whose operation the slice has is a method of the entry type: one per
    /// overload, at `/{import name}`.
    fn imports(&mut self) -> Result<Vec<MethodIr>, ir::LowerError> {
        let (model, slice) = (self.model, self.slice);
        let mut imports = Vec::new();
        if !slice.anchors.is_empty() || !slice.resources.is_empty() {
            return Ok(imports);
        }
        for container in &model.containers {
            for import in container.action_imports.iter().chain(&container.function_imports) {
                for &op in import.operations.iter().filter(|op| slice.operations.contains(op)) {
                    if model.operation(op).is_bound {
                        continue;
                    }
                    let sensitive =
                        model.operation(op).non_binding_parameters().iter().any(|p| self.holds_secrets(&p.ty));
                    let mut method = operation(model, self.types, &mut self.entry_methods, op, sensitive)?;
                    let MethodKind::Operation(operation) = &mut method.kind else { continue };
                    operation.wire = import.name.clone();
                    operation.import = true;
                    let verb = operation.invocation.method();
                    let call = match operation.invocation {
                        Invocation::Function => {
                            let parameters: Vec<String> =
                                operation.parameters.iter().map(|p| format!("{0}=@{0}", p.wire)).collect();
                            format!("({})", parameters.join(","))
                        }
                        Invocation::Action => String::new(),
                    };
                    let what = format!(
                        "The `{}` {} import (`{verb} /{}{call}`).",
                        import.name,
                        model.operation(op).kind.as_str(),
                        import.name
                    );
                    match model.operation(op).documentation.description {
                        Some(_) => method.docs.paragraphs.push(what),
                        None => method.docs.paragraphs = vec![what],
                    }
                    if operation.invocation == Invocation::Action && operation.parameters.iter().any(|p| p.optional) {
                        let name = naming::type_name_with(&import.name, "Parameters");
                        operation.parameters_type = Some(self.item_names.claim(name));
                    }
                    imports.push(method);
                }
            }
        }
        Ok(imports)
    }

    /// Lowers every node reachable from the entry points, breadth first.
    fn walk(&mut self) -> Result<(), ir::LowerError> {
        let mut seen: BTreeSet<(TypeId, bool)> = self.nodes.keys().copied().collect();
        while let Some((ty, collection, template)) = self.queue.pop_front() {
            if !seen.insert((ty, collection)) {
                continue;
            }
            let name = self.node_name(ty, collection);
            let mut methods = Names::with_reserved(NODE_METHODS);
            let entity_type = named_type(self.model, self.types, ty)?;
            let mut list = if collection {
                self.collection_methods(ty, &template, &mut methods)
            } else {
                self.entity_methods(ty, &template, &mut methods)?
            };
            list.extend(self.operation_methods(ty, collection, &mut methods)?);
            let entity = self.model.type_name(ty).to_string();
            let unbound_navigation =
                if collection { Vec::new() } else { self.unbound_navigation.remove(&ty).unwrap_or_default() };
            let node = NodeIr {
                name,
                template,
                entity,
                entity_type,
                collection,
                methods: list,
                unbound_navigation,
                filtering: FilteringIr::Any,
            };
            self.nodes.insert((ty, collection), node);
        }
        Ok(())
    }

    /// A collection: list, create, and its items by id.
    fn collection_methods(&mut self, ty: TypeId, template: &str, methods: &mut Names) -> Vec<MethodIr> {
        let model = self.model;
        let entity_name = model.type_name(ty).to_string();
        let parts = self.compound_key(ty);
        let item_template = match &parts {
            Some(parts) => {
                let shape: Vec<String> = parts.iter().map(|p| format!("{0}={{{0}}}", p.wire)).collect();
                format!("{template}({})", shape.join(","))
            }
            None => format!("{template}/{{{}Id}}", model.ty(ty).name),
        };
        let item_node = self.node_name(ty, false);
        let item = self.types.struct_type(ty).unwrap_or(RustType::Json);
        let mut list = vec![
            method(
                methods,
                "list",
                describe(&format!("Lists the `{entity_name}` items (`GET`)")),
                MethodKind::List { directory_objects: false, item },
            ),
            method(
                methods,
                "create",
                describe(&format!("Creates a `{entity_name}` (`POST`)")),
                MethodKind::Create { sensitive: self.secret_types.contains(&ty) },
            ),
        ];
        // `jobs` -> `job`; a segment that is no plural (`provisioning`) -> the entity type's name.
        let item_method = naming::singular(&naming::snake_name(&template_last_segment(template)));
        let item_method = match item_method.ends_with("_item") {
            true => naming::snake_name(&model.ty(ty).name),
            false => item_method,
        };
        let (docs, kind) = match parts {
            Some(parts) => {
                let shape = item_template.rsplit_once('(').map_or("", |(_, shape)| shape);
                (format!("One item, by its key: `...({shape}`."), MethodKind::KeyedItem { parts, node: item_node })
            }
            None => (
                format!("One item, by its id: `.../{{{}Id}}`.", model.ty(ty).name),
                MethodKind::Item { id: self.id_of(ty), node: item_node },
            ),
        };
        list.push(method(methods, &item_method, Docs { paragraphs: vec![docs] }, kind));
        self.queue.push_back((ty, false, item_template));
        list
    }

    /// The parts of `ty`'s key when it has several (one is an id, key-as-segment),
    /// each typed by the property its path names; `None` for a key of one
    /// part, or one whose properties cannot be found (a warning already).
    fn compound_key(&self, ty: TypeId) -> Option<Vec<KeyPartIr>> {
        let model = self.model;
        let key = model.key(ty);
        if key.len() < 2 {
            return None;
        }
        let mut arguments = Names::with_reserved(&["self", "id"]);
        key.iter()
            .map(|part| {
                let property = model.key_property(ty, &part.name)?;
                let ty = ir::value_type(model, self.types, &property.ty).ok()?;
                let wire = part.alias.clone().unwrap_or_else(|| part.name.clone());
                Some(KeyPartIr { argument: arguments.claim(naming::snake_name(&wire)), wire, ty })
            })
            .collect()
    }

    /// An entity: get, update (or replace), delete (kept or dropped once
    /// every route is known, [`decide_by_route`]), collection properties put
    /// on their own, a media entity's content, and the navigation below it.
    fn entity_methods(
        &mut self,
        ty: TypeId,
        template: &str,
        methods: &mut Names,
    ) -> Result<Vec<MethodIr>, ir::LowerError> {
        let (model, generation) = (self.model, self.generation);
        let entity_name = model.type_name(ty).to_string();
        let put = generation.update_is_put(model, ty);
        let (update, verb) = if put { ("replace", "PUT") } else { ("update", "PATCH") };
        let sensitive = self.secret_types.contains(&ty);
        let mut list = vec![
            method(methods, "get", describe(&format!("Reads the `{entity_name}` (`GET`)")), MethodKind::Get),
            method(
                methods,
                update,
                describe(&format!("Updates the `{entity_name}` (`{verb}`)")),
                MethodKind::Update { put, sensitive },
            ),
            method(methods, "delete", describe(&format!("Deletes the `{entity_name}` (`DELETE`)")), MethodKind::Delete),
        ];
        for property in model.all_properties(ty) {
            if generation.property_puts.contains(&(ty, property.name.clone())) {
                let item = match &ir::value_type(model, self.types, &property.ty)? {
                    RustType::Vec(item) => (**item).clone(),
                    other => other.clone(),
                };
                list.push(MethodIr {
                    name: methods.claim(format!("put_{}", naming::snake_name(&property.name))),
                    docs: Docs {
                        paragraphs: vec![format!(
                            "Replaces `{}` (`PUT .../{}` with `{{\"value\": [...]}}`).",
                            property.name, property.name
                        )],
                    },
                    deprecated: ir::deprecated(property.deprecation.as_deref(), self.declared),
                    kind: MethodKind::PutProperty {
                        segment: property.name.clone(),
                        item,
                        sensitive: self.holds_secrets(&property.ty),
                    },
                });
            }
        }
        if let TypeKind::Entity(structured) = &model.ty(ty).kind {
            if structured.has_stream || model.base_chain(ty).any(|b| model.structured(b).is_some_and(|d| d.has_stream))
            {
                let content_type =
                    generation.media_types.get(&ty).cloned().unwrap_or_else(|| "application/octet-stream".to_owned());
                list.push(method(
                    methods,
                    "upload",
                    describe(&format!("Uploads the media content (`POST`, `{content_type}`)")),
                    MethodKind::Upload { content_type },
                ));
                list.push(method(
                    methods,
                    "download",
                    describe("Downloads the media content (`GET .../$value`)"),
                    MethodKind::Download,
                ));
            }
        }
        list.extend(self.navigation_methods(ty, template, methods));
        Ok(list)
    }

    /// A step per contained navigation property into the slice (where the
    /// settings make one a SCIM bulk upload, [`super::service`] replaces it).
    fn navigation_methods(&mut self, ty: TypeId, template: &str, methods: &mut Names) -> Vec<MethodIr> {
        let (model, slice) = (self.model, self.slice);
        let mut list = Vec::new();
        for navigation in slice.navigation_properties(model, ty) {
            let TypeTarget::Named(target) = navigation.ty.target else { continue };
            if !slice.types.contains(&target) {
                continue;
            }
            // A navigation property that does not contain its target is a step
            // where the container binds it to an entity set or singleton
            // (`NavigationPropertyBinding`): it reads through to an item of
            // that set, which may be done with what the set allows.
            // An anchor's navigation is a step whatever the metadata binds
            // it to: the settings say the path is there (`/groups/{id}/members`).
            let anchored = slice.anchors.iter().any(|a| {
                a.navigation == navigation.name
                    && (a.entity_type == ty || model.base_chain(ty).any(|base| base == a.entity_type))
            });
            let bound_to =
                (!navigation.contains_target && !anchored).then(|| bound_target(model, ty, &navigation.name));
            if matches!(bound_to, Some(None)) {
                self.unbound_navigation.entry(ty).or_default().push(navigation.name.clone());
                continue;
            }
            let deprecated = ir::deprecated(navigation.deprecation.as_deref(), self.declared);
            let node = self.node_name(target, navigation.ty.collection);
            list.push(MethodIr {
                name: methods.claim(naming::snake_name(&navigation.name)),
                docs: Docs { paragraphs: vec![format!("`.../{}`", navigation.name)] },
                deprecated,
                kind: MethodKind::Navigate { segment: navigation.name.clone(), node },
            });
            match bound_to.flatten() {
                None => {
                    let reach = Reach::Navigation { parent: ty, name: navigation.name.clone() };
                    self.reaches.entry((target, navigation.ty.collection)).or_default().push(reach);
                }
                // The set's items are reached as the set's (the collection's
                // route, whichever node the step leads to); a singleton as itself.
                Some(reach @ Reach::Container { singleton: false, .. }) => {
                    push_reach(&mut self.reaches, (target, true), reach)
                }
                Some(reach) => push_reach(&mut self.reaches, (target, false), reach),
            }
            self.queue.push_back((target, navigation.ty.collection, format!("{template}/{}", navigation.name)));
        }
        list
    }

    /// The slice's operations bound to the node, by name; an action with
    /// optional parameters gets a parameters type of its own.
    fn operation_methods(
        &mut self,
        ty: TypeId,
        collection: bool,
        methods: &mut Names,
    ) -> Result<Vec<MethodIr>, ir::LowerError> {
        let model = self.model;
        let mut operations: Vec<OperationId> = model
            .applicable_operations(Binding { ty, collection })
            .into_iter()
            .filter(|op| self.slice.operations.contains(op))
            .collect();
        operations.sort_by_key(|&op| naming::snake_name(&model.operation(op).name));
        let mut list = Vec::new();
        for op in operations {
            let sensitive = model.operation(op).non_binding_parameters().iter().any(|p| self.holds_secrets(&p.ty));
            let mut method = operation(model, self.types, methods, op, sensitive)?;
            if let MethodKind::Operation(operation) = &mut method.kind {
                if operation.invocation == Invocation::Action && operation.parameters.iter().any(|p| p.optional) {
                    let collection = if collection { "Collection" } else { "" };
                    let action = naming::type_name_with(&operation.wire, "Parameters");
                    let owner = naming::type_name_with(&model.ty(ty).name, collection);
                    operation.parameters_type = Some(self.item_names.claim(format!("{owner}{action}")));
                }
            }
            list.push(method);
        }
        Ok(list)
    }

    /// The decisions that need every route (delete and update), nodes and
    /// ids in name order, and a marker type for each id of a type outside the slice.
    fn finish(mut self, api: ApiIr, roots: Vec<RootIr>, entry_points: Vec<EntryIr>) -> PathsIr {
        let model = self.model;
        restrict_methods(self.slice, &mut self.nodes);
        decide_by_route(model, &mut self.nodes, &self.reaches);
        decide_filtering(model, &mut self.nodes, &self.reaches);
        prune_dead_ends(&mut self.nodes);
        let used_ids = used_ids(self.nodes.values(), &roots);
        self.ids.retain(|_, name| used_ids.contains(name.as_str()));
        let mut nodes: Vec<NodeIr> = self.nodes.into_values().collect();
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        let (types, item_names) = (self.types, &mut self.item_names);
        let mut ids: Vec<IdIr> = self
            .ids
            .into_iter()
            .map(|(ty, name)| {
                let entity_type = match types.struct_type(ty) {
                    Some(model) => IdEntity::Model(model),
                    None => IdEntity::Marker(item_names.claim(naming::type_name(&model.ty(ty).name))),
                };
                IdIr { name, entity: model.type_name(ty).to_string(), entity_type }
            })
            .collect();
        ids.sort_by(|a, b| a.name.cmp(&b.name));
        PathsIr { api, ids, roots, entry_points, imports: Vec::new(), nodes }
    }
}

/// A method doc relative to the node's URL template, which its struct states once.
fn describe(what: &str) -> Docs {
    Docs { paragraphs: vec![format!("{what}.")] }
}

/// The entry type of `version`, claimed first among the module's items.
fn api(version: &str, item_names: &mut Names) -> Result<ApiIr, ir::LowerError> {
    let method = naming::version_module(version)
        .filter(|method| !CLIENT_METHODS.contains(&method.as_str()))
        .ok_or_else(|| ir::LowerError {
            subject: format!("the slice settings' version {:?}", crate::csdl::chars::escape_unsafe(version)),
            message: "cannot name a module: write it as Graph does (`beta`, `v1.0`)".to_owned(),
        })?;
    Ok(ApiIr { name: item_names.claim("Api".to_owned()), method, version: version.to_owned() })
}

/// One route to a node: what decides whether it can be deleted or updated.
#[derive(Debug, Clone, PartialEq)]
enum Reach {
    /// An entity set (`/users`) or singleton (`/me`) itself: indexes into
    /// [`Model::containers`] and the container's sets or singletons.
    Container { container: usize, index: usize, singleton: bool },
    /// A navigation property of `parent`. Its target is an entity, or a
    /// collection whose items are reached through it too.
    Navigation { parent: TypeId, name: String },
}

/// Whether a request may `capability` a node reached by `reach` (`item`: an
/// item of the collection `reach` leads to), and why: `Ok(reason)` or
/// `Err(reason)`.
///
/// The rule, from OData's Capabilities vocabulary: an item of an entity set,
/// or of a collection-valued navigation property that contains its items, can
/// be deleted and updated; so can the entity of a single-valued navigation
/// property that is contained (or nullable: deleting it unlinks nothing else),
/// and a singleton can be updated; unless the metadata restricts it
/// (`DeleteRestrictions`/`UpdateRestrictions` on the set, the navigation
/// property or the entity type, or a `NavigationRestrictions` entry of the
/// parent type for that navigation property).
fn verdict(model: &Model, reach: &Reach, item: bool, ty: TypeId, capability: Capability) -> Result<String, String> {
    let (verb, term) = match capability {
        Capability::Delete => ("deleted", "DeleteRestrictions"),
        Capability::Update => ("updated", "UpdateRestrictions"),
    };
    if model::annotations::restricts(&model.ty(ty).annotations, capability) {
        return Err(format!("`{term}` on `{}` say it cannot be {verb}", model.type_name(ty)));
    }
    match reach {
        Reach::Container { container, index, singleton: true } => {
            let singleton = &model.containers[*container].singletons[*index];
            if capability == Capability::Delete {
                return Err(format!("the singleton `{}` cannot be deleted", singleton.name));
            }
            if model::annotations::restricts(&singleton.annotations, capability) {
                return Err(format!("`{term}` on the singleton `{}` say it cannot be {verb}", singleton.name));
            }
            Ok(format!("the singleton `{}`", singleton.name))
        }
        Reach::Container { container, index, singleton: false } => {
            let set = &model.containers[*container].entity_sets[*index];
            if model::annotations::restricts(&set.annotations, capability) {
                return Err(format!("`{term}` on the entity set `{}` say its items cannot be {verb}", set.name));
            }
            match item {
                true => Ok(format!("an item of the entity set `{}`", set.name)),
                false => Err(format!("the entity set `{}` itself", set.name)),
            }
        }
        Reach::Navigation { parent, name } => {
            let Some(navigation) = model.all_navigation_properties(*parent).into_iter().find(|n| n.name == *name)
            else {
                return Err(format!("`{name}` is not a navigation property of `{}`", model.type_name(*parent)));
            };
            if model::annotations::restricts(&navigation.annotations, capability) {
                return Err(format!("`{term}` on the navigation property `{name}` say it cannot be {verb}"));
            }
            let parent_annotations = &model.ty(*parent).annotations;
            if model::annotations::restricts_navigation(parent_annotations, name, capability) {
                return Err(format!("`NavigationRestrictions` on `{}` restrict `{name}`", model.type_name(*parent)));
            }
            match (navigation.ty.collection, item, navigation.contains_target) {
                (true, false, _) => Err(format!("the collection `{name}` itself")),
                (true, true, true) => Ok(format!("an item of the contained collection `{name}`")),
                (true, true, false) => Err(format!(
                    "`{name}` does not contain its items: removing one takes `$ref`, which is not generated"
                )),
                (false, _, true) => Ok(format!("the contained navigation property `{name}`")),
                (false, _, false) if navigation.ty.nullable => Ok(format!("the nullable navigation property `{name}`")),
                (false, _, false) => Err(format!("`{name}` is neither contained nor nullable")),
            }
        }
    }
}

/// Each collection's `$filter` restrictions: what the `FilterRestrictions`
/// on its entity type (and base types), and on every route to it (the
/// entity set, the navigation property), say together.
fn decide_filtering(
    model: &Model,
    nodes: &mut BTreeMap<(TypeId, bool), NodeIr>,
    reaches: &BTreeMap<(TypeId, bool), Vec<Reach>>,
) {
    for (&(ty, collection), node) in nodes.iter_mut() {
        if !collection {
            continue;
        }
        let mut annotated: Vec<&[model::Annotation]> = vec![&model.ty(ty).annotations];
        annotated.extend(model.base_chain(ty).map(|base| model.ty(base).annotations.as_slice()));
        for reach in reaches.get(&(ty, true)).into_iter().flatten() {
            match reach {
                Reach::Container { container, index, singleton: false } => {
                    annotated.push(&model.containers[*container].entity_sets[*index].annotations);
                }
                Reach::Container { .. } => {}
                Reach::Navigation { parent, name } => {
                    let navigations = model.all_navigation_properties(*parent);
                    if let Some(navigation) = navigations.into_iter().find(|n| n.name == *name) {
                        annotated.push(&navigation.annotations);
                    }
                }
            }
        }
        if annotated.iter().any(|annotations| model::annotations::refuses_filters(annotations)) {
            node.filtering = FilteringIr::Refused;
            continue;
        }
        let mut names: Vec<String> = annotated
            .iter()
            .flat_map(|annotations| model::annotations::non_filterable_properties(annotations))
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            node.filtering = FilteringIr::AllBut(names);
        }
    }
}

/// Drops the item nodes left with nothing to call (the settings allow none
/// of their methods, and nothing leads on from them: a group's
/// `members/{id}`), and the methods that lead to them, until none is left:
/// a path that can be written but never sent is no API.
fn prune_dead_ends(nodes: &mut BTreeMap<(TypeId, bool), NodeIr>) {
    loop {
        let dead: BTreeSet<String> =
            nodes.values().filter(|node| !node.collection && node.methods.is_empty()).map(|n| n.name.clone()).collect();
        if dead.is_empty() {
            return;
        }
        nodes.retain(|_, node| !dead.contains(&node.name));
        for node in nodes.values_mut() {
            node.methods.retain(|method| match &method.kind {
                MethodKind::Navigate { node, .. }
                | MethodKind::Item { node, .. }
                | MethodKind::KeyedItem { node, .. } => !dead.contains(node),
                _ => true,
            });
        }
    }
}

/// Keeps the nodes a path still reaches (from the entry type's roots and
/// entry points, step by step) and the ids their items take: after the
/// service's special cases replaced a step ([`super::service`]), what only it
/// led to goes.
pub fn retain_reachable(paths: &mut PathsIr) {
    let targets = |method: &MethodIr| match &method.kind {
        MethodKind::Navigate { node, .. } | MethodKind::Item { node, .. } | MethodKind::KeyedItem { node, .. } => {
            Some(node.clone())
        }
        _ => None,
    };
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = paths
        .roots
        .iter()
        .map(|root| root.node.clone())
        .chain(paths.entry_points.iter().map(|entry| entry.node.clone()))
        .collect();
    while let Some(name) = queue.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(node) = paths.nodes.iter().find(|node| node.name == name) {
            queue.extend(node.methods.iter().filter_map(targets));
        }
    }
    paths.nodes.retain(|node| reached.contains(&node.name));
    let used_ids = used_ids(paths.nodes.iter(), &paths.roots);
    paths.ids.retain(|id| used_ids.contains(id.name.as_str()));
}

/// The ids that the nodes' item steps and the roots take.
fn used_ids<'a>(nodes: impl Iterator<Item = &'a NodeIr>, roots: &'a [RootIr]) -> BTreeSet<&'a str> {
    nodes
        .flat_map(|node| &node.methods)
        .filter_map(|method| match &method.kind {
            MethodKind::Item { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .chain(roots.iter().map(|root| root.id.as_str()))
        .collect()
}

/// Keeps only the request methods the settings allow a type's nodes
/// ([`Slice::allows`]); navigation and operations stay.
fn restrict_methods(slice: &Slice, nodes: &mut BTreeMap<(TypeId, bool), NodeIr>) {
    for (&(ty, _), node) in nodes.iter_mut() {
        node.methods.retain(|method| {
            let named = match method.kind {
                MethodKind::List { .. } | MethodKind::ListCast { .. } => Method::List,
                MethodKind::Create { .. } => Method::Create,
                MethodKind::Get => Method::Get,
                MethodKind::Update { .. } => Method::Update,
                MethodKind::Delete => Method::Delete,
                _ => return true,
            };
            slice.allows(ty, named)
        });
    }
}

/// The entity set or singleton a container binds `entity`'s navigation
/// property `name` to (`<NavigationPropertyBinding Path="Orders"
/// Target="Orders"/>` on a set or singleton of `entity`'s type, or of a type
/// derived from it; a path through a type cast counts by its last segment).
fn bound_target(model: &Model, entity: TypeId, name: &str) -> Option<Reach> {
    let of_type = |ty: TypeId| ty == entity || model.base_chain(ty).any(|base| base == entity);
    for (container, def) in model.containers.iter().enumerate() {
        let sets = def.entity_sets.iter().map(|s| (s.entity_type, &s.bindings));
        let singletons = def.singletons.iter().map(|s| (s.ty, &s.bindings));
        for (_, bindings) in sets.chain(singletons).filter(|(ty, _)| of_type(*ty)) {
            let Some(binding) = bindings.iter().find(|b| b.path.rsplit('/').next() == Some(name)) else { continue };
            let target = binding.target.rsplit('/').next().unwrap_or_default();
            if let Some(index) = def.entity_sets.iter().position(|s| s.name == target) {
                return Some(Reach::Container { container, index, singleton: false });
            }
            if let Some(index) = def.singletons.iter().position(|s| s.name == target) {
                return Some(Reach::Container { container, index, singleton: true });
            }
        }
    }
    None
}

/// Adds a route to a node unless it is known already.
fn push_reach(reaches: &mut BTreeMap<(TypeId, bool), Vec<Reach>>, node: (TypeId, bool), reach: Reach) {
    let known = reaches.entry(node).or_default();
    if !known.contains(&reach) {
        known.push(reach);
    }
}

/// Keeps a node's `delete` and `update`/`replace` methods only where every
/// route to the node allows them (an item node is also reached through each
/// route to its collection), and says why in their docs.
fn decide_by_route(
    model: &Model,
    nodes: &mut BTreeMap<(TypeId, bool), NodeIr>,
    reaches: &BTreeMap<(TypeId, bool), Vec<Reach>>,
) {
    for (&(ty, collection), node) in nodes.iter_mut() {
        if collection {
            continue;
        }
        let direct = reaches.get(&(ty, false)).into_iter().flatten().map(|reach| (reach, false));
        let through_collection = reaches.get(&(ty, true)).into_iter().flatten().map(|reach| (reach, true));
        let routes: Vec<(&Reach, bool)> = direct.chain(through_collection).collect();
        node.methods.retain_mut(|method| {
            let capability = match method.kind {
                MethodKind::Delete => Capability::Delete,
                MethodKind::Update { .. } => Capability::Update,
                _ => return true,
            };
            let verdicts: Vec<Result<String, String>> =
                routes.iter().map(|(reach, item)| verdict(model, reach, *item, ty, capability)).collect();
            if routes.is_empty() || verdicts.iter().any(Result::is_err) {
                return false;
            }
            let mut reasons: Vec<String> = verdicts.into_iter().flatten().collect();
            reasons.dedup();
            method.docs.paragraphs.push(format!("Allowed by the metadata: {}.", reasons.join("; ")));
            true
        });
    }
}

/// Why each node of `paths` has the verbs it has, for review: one line per
/// node, `{template}: GET, PATCH, DELETE` with the reasons the docs give.
pub fn verbs_by_path(paths: &PathsIr) -> Vec<String> {
    let mut lines: Vec<String> = paths
        .nodes
        .iter()
        .map(|node| {
            let mut verbs = Vec::new();
            let mut reasons = Vec::new();
            for method in &node.methods {
                let verb = match &method.kind {
                    MethodKind::Get | MethodKind::List { .. } => "GET".to_owned(),
                    MethodKind::ListCast { cast, .. } => format!("GET /{cast}"),
                    MethodKind::Update { put: true, .. } => "PUT".to_owned(),
                    MethodKind::Update { put: false, .. } => "PATCH".to_owned(),
                    MethodKind::Delete => "DELETE".to_owned(),
                    MethodKind::Create { .. } => "POST".to_owned(),
                    _ => continue,
                };
                reasons.extend(
                    method
                        .docs
                        .paragraphs
                        .iter()
                        .filter_map(|p| p.strip_prefix("Allowed by the metadata: "))
                        .map(|r| format!("{verb}: {}", r.trim_end_matches('.'))),
                );
                verbs.push(verb);
            }
            reasons.dedup();
            let why = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join("; ")) };
            format!("{}: {}{why}", node.template, verbs.join(", "))
        })
        .collect();
    lines.sort();
    lines
}

fn method(names: &mut Names, name: &str, docs: Docs, kind: MethodKind) -> MethodIr {
    MethodIr { name: names.claim(name.to_owned()), docs, deprecated: None, kind }
}

fn template_last_segment(template: &str) -> String {
    template.rsplit('/').next().unwrap_or_default().to_owned()
}

fn named_type(model: &Model, types: &ir::TypeNames, ty: TypeId) -> Result<RustType, ir::LowerError> {
    types.struct_type(ty).ok_or_else(|| ir::LowerError {
        subject: model.type_name(ty).to_string(),
        message: "used in a path but not selected".to_owned(),
    })
}

fn operation(
    model: &Model,
    types: &ir::TypeNames,
    methods: &mut Names,
    op: OperationId,
    sensitive: bool,
) -> Result<MethodIr, ir::LowerError> {
    let operation = model.operation(op);
    let mut parameter_names = Names::with_reserved(&["self"]);
    let mut setter_names = Names::default();
    let parameters = operation
        .non_binding_parameters()
        .iter()
        .map(|p| {
            let name = parameter_names.claim(naming::snake_name(&p.name));
            Ok(ParameterIr {
                setter: setter_names.claim(naming::setter_name(&name)),
                name,
                wire: p.name.clone(),
                ty: ir::value_type(model, types, &p.ty)?,
                optional: p.optional || (p.ty.nullable && !p.ty.collection),
            })
        })
        .collect::<Result<Vec<_>, ir::LowerError>>()?;
    let returns = match &operation.return_type {
        None => ReturnIr::Nothing,
        Some(ty) => {
            let item = ir::value_type(model, types, &model::TypeRef { collection: false, ..ty.clone() })?;
            let primitive = matches!(ty.target, TypeTarget::Primitive(_))
                || matches!(ty.target, TypeTarget::Named(id) if !matches!(model.ty(id).kind, TypeKind::Complex(_) | TypeKind::Entity(_)));
            match (ty.collection, primitive) {
                (true, _) => ReturnIr::Values(item),
                (false, true) => ReturnIr::Value(item),
                (false, false) => ReturnIr::Json(item),
            }
        }
    };
    let invocation = match operation.kind {
        OperationKind::Action => Invocation::Action,
        OperationKind::Function => Invocation::Function,
    };
    let verb = invocation.method();
    let mut docs = ir::docs(&operation.documentation, || {
        format!("The `{}` {} (`{verb} .../{}`).", operation.name, operation.kind.as_str(), operation.name)
    });
    if operation.documentation.description.is_some() {
        docs.paragraphs.push(format!("`{verb} .../{}`", operation.name));
    }
    Ok(MethodIr {
        name: methods.claim(naming::snake_name(&operation.name)),
        docs,
        deprecated: ir::deprecated(operation.deprecation.as_deref(), types.declared()),
        kind: MethodKind::Operation(OperationIr {
            wire: operation.name.clone(),
            invocation,
            parameters,
            returns,
            sensitive,
            parameters_type: None,
            import: false,
        }),
    })
}

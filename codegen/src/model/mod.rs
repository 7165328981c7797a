//! The resolved model: every type reference is a handle ([`TypeId`]) into
//! [`Model::types`], annotations are attached to what they annotate, and the
//! questions a generator asks (base chain, derived types, operations bound to
//! a type) have direct answers.
//!
//! Built by [`Model::resolve`] from a [`crate::csdl::Document`].

pub mod annotations;
mod primitive;
mod resolve;

pub use resolve::MAX_INHERITANCE_DEPTH;

use std::fmt;

use rustc_hash::FxHashMap as HashMap;

use crate::csdl::{self, Facets, Location, OperationKind, SourceMap};

pub use annotations::{alternate_keys, update_method, AlternateKeyPart, Deprecation, Documentation};
/// An annotation as read, with its term's alias expanded (`Core.Description` ->
/// `Org.OData.Core.V1.Description` when the document declares that alias).
pub use csdl::Annotation;
pub use primitive::Primitive;

/// Index of a schema in [`Model::schemas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub u32);

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// Index of an operation in [`Model::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(pub u32);

/// A resolved CSDL document.
#[derive(Debug, Clone)]
pub struct Model {
    pub source: SourceMap,
    pub schemas: Vec<SchemaInfo>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<OperationDef>,
    pub terms: Vec<TermDef>,
    pub containers: Vec<ContainerDef>,
    /// External annotations whose target names nothing the model keeps
    /// (for example a path through navigation properties). Kept, not fatal.
    pub unattached_annotations: Vec<UnattachedAnnotations>,
    /// What the resolver read past, in document order (see [`Warning`]).
    pub warnings: Vec<Warning>,
    /// `edmx:Reference`s, kept for completeness; Graph's documents have none.
    pub references: Vec<csdl::Reference>,
    lookup: Lookup,
    /// Direct subtypes of each type, indexed by `TypeId`.
    derived: Vec<Vec<TypeId>>,
    /// Operations by binding parameter type.
    bound: HashMap<Binding, Vec<OperationId>>,
}

/// Something in the document that the resolver read past instead of
/// refusing the document: OData allows it (a type of a referenced document,
/// which is not loaded), or it is wrong but harmless where it is (a dangling
/// reference in a part of Graph no slice uses). Graph publishes a document
/// per cloud and version; one odd corner must not stop `regen`. A warning
/// whose `owner` a slice selects is an error of that slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: csdl::Location,
    /// What is wrong, as the error it would otherwise be.
    pub message: String,
    /// What the resolver did instead (`read as Edm.Untyped`, `left out`).
    pub instead: String,
    /// The type or operation the warning is about, if any.
    pub owner: Option<Owner>,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A member of the type: wrong if the slice generates the type.
    Type(TypeId),
    /// The type's key: wrong also where the slice only passes through the
    /// type (an anchor's entity type, whose ids start the paths).
    Key(TypeId),
    /// The operation: wrong if the slice generates it.
    Operation(OperationId),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}; {}", self.location, self.message, self.instead)
    }
}

/// How names find their definitions.
#[derive(Debug, Clone, Default)]
struct Lookup {
    /// Namespace or alias -> schema.
    namespaces: HashMap<String, SchemaId>,
    /// Per schema: type name -> type.
    types: Vec<HashMap<String, TypeId>>,
    /// Per schema: operation name -> overloads (actions and functions).
    operations: Vec<HashMap<String, Vec<OperationId>>>,
    /// Namespace or alias of each `edmx:Include` -> its namespace.
    included: HashMap<String, String>,
    /// Alias of each schema -> its namespace.
    aliases: HashMap<String, String>,
}

/// What an operation is bound to: a type, or a collection of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Binding {
    pub ty: TypeId,
    pub collection: bool,
}

/// Where a model element was defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the element's `<`.
    pub offset: u32,
}

/// A `Schema`.
#[derive(Debug, Clone)]
pub struct SchemaInfo {
    pub namespace: String,
    pub alias: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A named type: enum, type definition, complex or entity type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub schema: SchemaId,
    pub name: String,
    pub kind: TypeKind,
    pub documentation: Documentation,
    pub deprecation: Option<Box<Deprecation>>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// What kind of named type, with its definition.
#[derive(Debug, Clone)]
pub enum TypeKind {
    Enum(EnumDef),
    Definition(TypeDefinitionDef),
    Complex(StructuredDef),
    Entity(StructuredDef),
}

impl TypeKind {
    /// `"enum type"`, `"complex type"`, ..., for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            TypeKind::Enum(_) => "an enum type",
            TypeKind::Definition(_) => "a type definition",
            TypeKind::Complex(_) => "a complex type",
            TypeKind::Entity(_) => "an entity type",
        }
    }
}

/// An `EnumType`.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub is_flags: bool,
    /// `Edm.Int32` when the document does not say.
    pub underlying: Primitive,
    pub members: Vec<EnumMemberDef>,
}

/// A member of an enum type, with its value (implicit values assigned).
#[derive(Debug, Clone)]
pub struct EnumMemberDef {
    pub name: String,
    pub value: i64,
    pub documentation: Documentation,
    pub deprecation: Option<Box<Deprecation>>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `TypeDefinition`.
#[derive(Debug, Clone)]
pub struct TypeDefinitionDef {
    pub underlying: Primitive,
    pub facets: Facets,
}

/// A complex or entity type's own definition (inherited members live on the base).
#[derive(Debug, Clone)]
pub struct StructuredDef {
    pub base: Option<TypeId>,
    pub is_abstract: bool,
    pub open_type: bool,
    pub has_stream: bool,
    /// The declared key (entity types); empty when the key is inherited or absent.
    pub key: Vec<KeyPart>,
    pub properties: Vec<PropertyDef>,
    pub navigation_properties: Vec<NavigationDef>,
}

/// A `PropertyRef` of a key.
#[derive(Debug, Clone)]
pub struct KeyPart {
    pub name: String,
    pub alias: Option<String>,
}

/// A reference to a type as used by a property, parameter or return type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub target: TypeTarget,
    pub collection: bool,
    /// `Nullable`, `true` when not written; for a collection it speaks of the items.
    pub nullable: bool,
    /// Facets (`MaxLength`, `Precision`, ...), `None` when none is given (most references).
    pub facets: Option<Box<Facets>>,
}

/// The type a [`TypeRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeTarget {
    Primitive(Primitive),
    Named(TypeId),
}

/// A structural property.
#[derive(Debug, Clone)]
pub struct PropertyDef {
    pub name: String,
    pub ty: TypeRef,
    pub default_value: Option<String>,
    pub documentation: Documentation,
    pub deprecation: Option<Box<Deprecation>>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A navigation property.
#[derive(Debug, Clone)]
pub struct NavigationDef {
    pub name: String,
    pub ty: TypeRef,
    pub partner: Option<String>,
    pub contains_target: bool,
    pub documentation: Documentation,
    pub deprecation: Option<Box<Deprecation>>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An action or function overload.
#[derive(Debug, Clone)]
pub struct OperationDef {
    pub schema: SchemaId,
    pub name: String,
    pub kind: OperationKind,
    /// `IsBound="true"`: the first parameter is the binding parameter.
    pub is_bound: bool,
    /// The structured type the first parameter binds to, for bound
    /// operations. `None` for unbound ones, and for operations bound to a
    /// primitive type, which OData allows but no path of a slice reaches.
    pub binding: Option<Binding>,
    pub is_composable: bool,
    pub entity_set_path: Option<String>,
    /// All parameters, the binding parameter first for bound operations.
    pub parameters: Vec<ParameterDef>,
    pub return_type: Option<TypeRef>,
    pub documentation: Documentation,
    pub deprecation: Option<Box<Deprecation>>,
    pub annotations: Vec<Annotation>,
    /// Annotations of the `ReturnType` element.
    pub return_annotations: Vec<Annotation>,
    pub span: Span,
}

impl OperationDef {
    /// The parameters after the binding parameter (all of them when unbound).
    pub fn non_binding_parameters(&self) -> &[ParameterDef] {
        let skip = usize::from(self.is_bound).min(self.parameters.len());
        &self.parameters[skip..]
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct ParameterDef {
    pub name: String,
    pub ty: TypeRef,
    /// `Org.OData.Core.V1.OptionalParameter` is applied.
    pub optional: bool,
    pub documentation: Documentation,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Term`.
#[derive(Debug, Clone)]
pub struct TermDef {
    pub schema: SchemaId,
    pub name: String,
    pub ty: TypeRef,
    pub base_term: Option<String>,
    pub default_value: Option<String>,
    pub applies_to: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `EntityContainer`.
#[derive(Debug, Clone)]
pub struct ContainerDef {
    pub schema: SchemaId,
    pub name: String,
    pub extends: Option<String>,
    pub entity_sets: Vec<EntitySetDef>,
    pub singletons: Vec<SingletonDef>,
    pub action_imports: Vec<ImportDef>,
    pub function_imports: Vec<ImportDef>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `EntitySet`.
#[derive(Debug, Clone)]
pub struct EntitySetDef {
    pub name: String,
    pub entity_type: TypeId,
    pub include_in_service_document: bool,
    pub bindings: Vec<csdl::NavigationPropertyBinding>,
    pub documentation: Documentation,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Singleton`.
#[derive(Debug, Clone)]
pub struct SingletonDef {
    pub name: String,
    pub ty: TypeId,
    pub bindings: Vec<csdl::NavigationPropertyBinding>,
    pub documentation: Documentation,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `ActionImport` or `FunctionImport`, with the overloads it imports.
#[derive(Debug, Clone)]
pub struct ImportDef {
    pub name: String,
    pub operations: Vec<OperationId>,
    pub entity_set: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An external `Annotations` block whose target was not found.
#[derive(Debug, Clone)]
pub struct UnattachedAnnotations {
    pub target: String,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A namespace-qualified name, e.g. `microsoft.graph.synchronizationJob`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualifiedName<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
}

impl fmt::Display for QualifiedName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

impl Model {
    /// Resolves a document: see the module documentation.
    pub fn resolve(document: csdl::Document) -> Result<Model, csdl::Error> {
        resolve::resolve(document)
    }

    /// Reads and resolves CSDL bytes in one step.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Model, csdl::Error> {
        Self::resolve(csdl::read(name, bytes)?)
    }

    /// The `file:line:column` of a span.
    pub fn locate(&self, span: Span) -> Location {
        self.source.locate(span.offset)
    }

    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    pub fn operation(&self, id: OperationId) -> &OperationDef {
        &self.operations[id.0 as usize]
    }

    pub fn schema(&self, id: SchemaId) -> &SchemaInfo {
        &self.schemas[id.0 as usize]
    }

    /// The service's own namespace: the one whose schema holds the (first)
    /// entity container (`microsoft.graph` in Graph's documents), or in a
    /// document without a container the first schema's.
    pub fn main_namespace(&self) -> Option<&str> {
        let schema = self.containers.first().map(|container| container.schema);
        schema.map(|id| self.schema(id)).or(self.schemas.first()).map(|info| info.namespace.as_str())
    }

    /// All type ids, in definition order.
    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        (0..self.types.len()).map(|i| TypeId(i as u32))
    }

    /// All operation ids, in definition order.
    pub fn operation_ids(&self) -> impl Iterator<Item = OperationId> + '_ {
        (0..self.operations.len()).map(|i| OperationId(i as u32))
    }

    /// The qualified name of a type, with the schema's namespace (not its alias).
    pub fn type_name(&self, id: TypeId) -> QualifiedName<'_> {
        let ty = self.ty(id);
        QualifiedName { namespace: &self.schema(ty.schema).namespace, name: &ty.name }
    }

    /// The qualified name of an operation.
    pub fn operation_name(&self, id: OperationId) -> QualifiedName<'_> {
        let op = self.operation(id);
        QualifiedName { namespace: &self.schema(op.schema).namespace, name: &op.name }
    }

    /// Finds a type by qualified name; the namespace may be given by its alias.
    pub fn find_type(&self, qualified: &str) -> Option<TypeId> {
        let (namespace, name) = qualified.rsplit_once('.')?;
        let schema = self.lookup.namespaces.get(namespace)?;
        self.lookup.types[schema.0 as usize].get(name).copied()
    }

    /// Finds the overloads of an operation by qualified name.
    pub fn find_operations(&self, qualified: &str) -> &[OperationId] {
        let found = qualified.rsplit_once('.').and_then(|(namespace, name)| {
            let schema = self.lookup.namespaces.get(namespace)?;
            self.lookup.operations[schema.0 as usize].get(name)
        });
        found.map_or(&[], Vec::as_slice)
    }

    /// The structured definition of a complex or entity type.
    pub fn structured(&self, id: TypeId) -> Option<&StructuredDef> {
        match &self.ty(id).kind {
            TypeKind::Complex(def) | TypeKind::Entity(def) => Some(def),
            TypeKind::Enum(_) | TypeKind::Definition(_) => None,
        }
    }

    /// The base type of a complex or entity type.
    pub fn base_type(&self, id: TypeId) -> Option<TypeId> {
        self.structured(id).and_then(|def| def.base)
    }

    /// The base-type chain, starting with the direct base and ending at the root.
    pub fn base_chain(&self, id: TypeId) -> impl Iterator<Item = TypeId> + '_ {
        std::iter::successors(self.base_type(id), move |&ty| self.base_type(ty))
    }

    /// The types whose base type is `id`, in definition order.
    pub fn derived_types(&self, id: TypeId) -> &[TypeId] {
        &self.derived[id.0 as usize]
    }

    /// Every type derived from `id`, directly or not, depth first.
    pub fn all_derived_types(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut stack: Vec<TypeId> = self.derived_types(id).iter().rev().copied().collect();
        while let Some(ty) = stack.pop() {
            out.push(ty);
            stack.extend(self.derived_types(ty).iter().rev().copied());
        }
        out
    }

    /// The key of an entity type, taken from the nearest type in its base chain that declares one.
    pub fn key(&self, id: TypeId) -> &[KeyPart] {
        std::iter::once(id)
            .chain(self.base_chain(id))
            .filter_map(|ty| self.structured(ty))
            .map(|def| def.key.as_slice())
            .find(|key| !key.is_empty())
            .unwrap_or(&[])
    }

    /// The property a key's `PropertyRef` path names on `entity` (or its
    /// bases): a property, or a path through single-valued complex
    /// properties to one (`Info/ID`).
    pub fn key_property(&self, entity: TypeId, path: &str) -> Option<&PropertyDef> {
        let mut owner = entity;
        let mut segments = path.split('/').peekable();
        while let Some(segment) = segments.next() {
            let property = self.all_properties(owner).into_iter().find(|p| p.name == segment)?;
            if segments.peek().is_none() {
                return Some(property);
            }
            match property.ty.target {
                TypeTarget::Named(next)
                    if !property.ty.collection && matches!(self.ty(next).kind, TypeKind::Complex(_)) =>
                {
                    owner = next;
                }
                _ => return None,
            }
        }
        None
    }

    /// Properties of a structured type including inherited ones, base-most first.
    pub fn all_properties(&self, id: TypeId) -> Vec<&PropertyDef> {
        self.base_most_first(id).flat_map(|def| def.properties.iter()).collect()
    }

    /// Navigation properties including inherited ones, base-most first.
    pub fn all_navigation_properties(&self, id: TypeId) -> Vec<&NavigationDef> {
        self.base_most_first(id).flat_map(|def| def.navigation_properties.iter()).collect()
    }

    /// The structured definitions of `id` and its bases, the root base first.
    fn base_most_first(&self, id: TypeId) -> impl Iterator<Item = &StructuredDef> {
        let chain: Vec<TypeId> = std::iter::once(id).chain(self.base_chain(id)).collect();
        chain.into_iter().rev().filter_map(|ty| self.structured(ty))
    }

    /// Operations bound exactly to `binding` (not to its base types).
    pub fn bound_operations(&self, binding: Binding) -> &[OperationId] {
        self.bound.get(&binding).map_or(&[], Vec::as_slice)
    }

    /// Operations callable on `binding`: bound to the type or to any of its base types.
    pub fn applicable_operations(&self, binding: Binding) -> Vec<OperationId> {
        std::iter::once(binding.ty)
            .chain(self.base_chain(binding.ty))
            .flat_map(|ty| self.bound_operations(Binding { ty, collection: binding.collection }).iter().copied())
            .collect()
    }

    /// Writes a type reference as CSDL spells it, e.g. `Collection(microsoft.graph.x)`.
    pub fn type_ref_name(&self, ty: &TypeRef) -> String {
        let inner = match ty.target {
            TypeTarget::Primitive(p) => p.to_string(),
            TypeTarget::Named(id) => self.type_name(id).to_string(),
        };
        if ty.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    }
}

/// Where a depth-first walk over types (base chains, nested structs) is with a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Visit {
    /// Not reached yet.
    #[default]
    New,
    /// On the current path: reaching it again closes a cycle.
    OnPath,
    /// Finished: everything below it is known.
    Done,
}

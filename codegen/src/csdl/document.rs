//! The unresolved CSDL document: every element the reader knows, with names
//! exactly as written and the byte offset where each element starts.
//!
//! Nothing here is checked beyond the shape of the XML; resolution into a
//! model with type handles happens in [`crate::model`].

use super::source::SourceMap;

/// Byte offset of an element's `<` in its document.
pub type Offset = u32;

/// A whole `edmx:Edmx` document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Maps offsets back to lines and columns.
    pub source: SourceMap,
    /// The `Version` attribute of `edmx:Edmx` (`4.0` or `4.01`).
    pub version: String,
    /// `edmx:Reference` elements: other documents whose namespaces this one may use.
    pub references: Vec<Reference>,
    /// The `Schema` elements of `edmx:DataServices`, in document order.
    pub schemas: Vec<Schema>,
    /// What the reader read past instead of refusing the document, in
    /// document order (see [`ReadWarning`]).
    pub warnings: Vec<ReadWarning>,
}

/// Something the reader accepted that CSDL does not quite allow, because a
/// widely used reader accepts it too (`IsBound="True"`, which the OData .NET
/// reader takes): the resolver reports it with the model's warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadWarning {
    pub offset: Offset,
    /// What is wrong.
    pub message: String,
    /// What the reader did instead.
    pub instead: String,
}

/// An `edmx:Reference` with its `edmx:Include`s.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub uri: String,
    pub includes: Vec<Include>,
    pub offset: Offset,
}

/// An `edmx:Include`: a namespace of a referenced document, with an optional alias.
#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    pub namespace: String,
    pub alias: Option<String>,
    pub offset: Offset,
}

/// A `Schema` element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    pub namespace: String,
    pub alias: Option<String>,
    pub enum_types: Vec<EnumType>,
    pub type_definitions: Vec<TypeDefinition>,
    pub complex_types: Vec<StructuredType>,
    pub entity_types: Vec<StructuredType>,
    pub actions: Vec<Operation>,
    pub functions: Vec<Operation>,
    pub terms: Vec<Term>,
    pub entity_containers: Vec<EntityContainer>,
    /// External `Annotations Target="..."` blocks.
    pub annotations: Vec<Annotations>,
    /// Inline annotations on the schema itself.
    pub inline_annotations: Vec<Annotation>,
    pub offset: Offset,
}

impl Schema {
    /// Releases the spare capacity of the schema's lists (a whole document is
    /// held in memory while it is resolved).
    pub fn shrink_to_fit(&mut self) {
        self.enum_types.shrink_to_fit();
        self.type_definitions.shrink_to_fit();
        self.complex_types.shrink_to_fit();
        self.entity_types.shrink_to_fit();
        self.actions.shrink_to_fit();
        self.functions.shrink_to_fit();
        self.terms.shrink_to_fit();
        self.entity_containers.shrink_to_fit();
        self.annotations.shrink_to_fit();
    }
}

/// An `EnumType`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    pub name: String,
    pub is_flags: bool,
    /// `UnderlyingType` as written; CSDL's default is `Edm.Int32`.
    pub underlying_type: Option<String>,
    pub members: Vec<EnumMember>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `Member` of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    pub name: String,
    /// `Value` as written; CSDL assigns 0, 1, 2... when every value is omitted.
    pub value: Option<i64>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `TypeDefinition`: a named primitive type with facets.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDefinition {
    pub name: String,
    pub underlying_type: String,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `ComplexType` or an `EntityType` (which one depends on the list it is in).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructuredType {
    pub name: String,
    pub base_type: Option<String>,
    pub is_abstract: bool,
    pub open_type: bool,
    /// `HasStream` (entity types only): a media entity.
    pub has_stream: bool,
    /// The `Key` element (entity types only); `None` when absent.
    pub key: Option<Vec<PropertyRef>>,
    pub properties: Vec<Property>,
    pub navigation_properties: Vec<NavigationProperty>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `PropertyRef` inside `Key`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyRef {
    pub name: String,
    pub alias: Option<String>,
    pub offset: Offset,
}

/// Type facets shared by properties, parameters, return types, terms and type definitions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub max_length: Option<MaxLength>,
    pub precision: Option<u32>,
    pub scale: Option<Scale>,
    pub unicode: Option<bool>,
    pub srid: Option<String>,
}

/// The `MaxLength` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxLength {
    /// `MaxLength="max"`.
    Max,
    Length(u64),
}

/// The `Scale` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// `Scale="variable"`.
    Variable,
    /// `Scale="floating"` (CSDL 4.01).
    Floating,
    Digits(u32),
}

/// A structural `Property`.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    /// `Type` as written, e.g. `graph.x` or `Collection(Edm.String)`.
    pub type_name: String,
    /// `Nullable` as written; CSDL's default is `true`.
    pub nullable: Option<bool>,
    pub facets: Facets,
    pub default_value: Option<String>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `NavigationProperty`.
#[derive(Debug, Clone, PartialEq)]
pub struct NavigationProperty {
    pub name: String,
    pub type_name: String,
    pub nullable: Option<bool>,
    pub partner: Option<String>,
    pub contains_target: bool,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// Whether an operation is an `Action` or a `Function`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperationKind {
    Action,
    Function,
}

impl OperationKind {
    /// `"action"` or `"function"`, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Action => "action",
            OperationKind::Function => "function",
        }
    }
}

/// An `Action` or `Function`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub kind: OperationKind,
    pub name: String,
    pub is_bound: bool,
    /// `IsComposable` (functions only).
    pub is_composable: bool,
    pub entity_set_path: Option<String>,
    pub parameters: Vec<Parameter>,
    pub return_type: Option<ReturnType>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `Parameter` of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub type_name: String,
    pub nullable: Option<bool>,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// The `ReturnType` of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnType {
    pub type_name: String,
    pub nullable: Option<bool>,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `Term` (an annotation vocabulary term).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub name: String,
    pub type_name: String,
    pub base_term: Option<String>,
    pub default_value: Option<String>,
    pub applies_to: Option<String>,
    pub nullable: Option<bool>,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// An `EntityContainer`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntityContainer {
    pub name: String,
    pub extends: Option<String>,
    pub entity_sets: Vec<EntitySet>,
    pub singletons: Vec<Singleton>,
    pub action_imports: Vec<ActionImport>,
    pub function_imports: Vec<FunctionImport>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// An `EntitySet`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySet {
    pub name: String,
    pub entity_type: String,
    pub include_in_service_document: Option<bool>,
    pub navigation_property_bindings: Vec<NavigationPropertyBinding>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `Singleton`.
#[derive(Debug, Clone, PartialEq)]
pub struct Singleton {
    pub name: String,
    pub type_name: String,
    pub navigation_property_bindings: Vec<NavigationPropertyBinding>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `NavigationPropertyBinding`. Both `Path` and `Target` are paths, e.g.
/// `Target="planner/buckets"`; they are kept as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NavigationPropertyBinding {
    pub path: String,
    pub target: String,
    pub offset: Offset,
}

/// An `ActionImport`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionImport {
    pub name: String,
    pub action: String,
    pub entity_set: Option<String>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// A `FunctionImport`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionImport {
    pub name: String,
    pub function: String,
    pub entity_set: Option<String>,
    pub include_in_service_document: Option<bool>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// An external `Annotations` block: annotations applied to `target`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotations {
    /// The target path as written, e.g. `microsoft.graph.synchronization/secrets`
    /// or `microsoft.graph.acquireAccessToken(microsoft.graph.synchronization, Collection(...))`.
    pub target: String,
    pub qualifier: Option<String>,
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// One `Annotation`: a term applied with a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The term's qualified name as written (alias not yet expanded).
    pub term: String,
    pub qualifier: Option<String>,
    /// The value, from an attribute (`Bool="true"`) or a child expression;
    /// `None` when the annotation has neither (the term's default applies).
    pub value: Option<Expression>,
    /// Annotations on this annotation.
    pub annotations: Vec<Annotation>,
    pub offset: Offset,
}

/// The kinds of constant expression CSDL defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstantKind {
    Binary,
    Bool,
    Date,
    DateTimeOffset,
    Decimal,
    Duration,
    EnumMember,
    Float,
    Guid,
    Int,
    String,
    TimeOfDay,
}

/// The kinds of path expression CSDL defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathKind {
    AnnotationPath,
    ModelElementPath,
    NavigationPropertyPath,
    Path,
    PropertyPath,
}

/// An annotation value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A constant, kept as its text (`Bool="true"`, `<String>...</String>`, ...).
    Constant(ConstantKind, String),
    /// A path, kept as its text.
    Path(PathKind, String),
    /// A `Record` with an optional `Type`.
    Record(Box<Record>),
    /// A `Collection` of expressions.
    Collection(Vec<Expression>),
    /// `<Null/>`.
    Null,
    /// A dynamic expression the generator does not interpret (`Apply`, `If`, ...),
    /// kept by element name only.
    Other(String),
}

/// A `Record` expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub type_name: Option<String>,
    pub properties: Vec<PropertyValue>,
    pub annotations: Vec<Annotation>,
}

/// A `PropertyValue` inside a `Record`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyValue {
    pub property: String,
    pub value: Option<Expression>,
    pub offset: Offset,
}

impl ConstantKind {
    /// The attribute and element name of this kind of constant.
    pub fn xml_name(self) -> &'static str {
        match self {
            ConstantKind::Binary => "Binary",
            ConstantKind::Bool => "Bool",
            ConstantKind::Date => "Date",
            ConstantKind::DateTimeOffset => "DateTimeOffset",
            ConstantKind::Decimal => "Decimal",
            ConstantKind::Duration => "Duration",
            ConstantKind::EnumMember => "EnumMember",
            ConstantKind::Float => "Float",
            ConstantKind::Guid => "Guid",
            ConstantKind::Int => "Int",
            ConstantKind::String => "String",
            ConstantKind::TimeOfDay => "TimeOfDay",
        }
    }

    /// The kind whose attribute or element is called `name`.
    pub fn from_xml_name(name: &str) -> Option<Self> {
        CONSTANT_KINDS.iter().copied().find(|kind| kind.xml_name() == name)
    }
}

const CONSTANT_KINDS: [ConstantKind; 12] = [
    ConstantKind::Binary,
    ConstantKind::Bool,
    ConstantKind::Date,
    ConstantKind::DateTimeOffset,
    ConstantKind::Decimal,
    ConstantKind::Duration,
    ConstantKind::EnumMember,
    ConstantKind::Float,
    ConstantKind::Guid,
    ConstantKind::Int,
    ConstantKind::String,
    ConstantKind::TimeOfDay,
];

impl PathKind {
    /// The attribute and element name of this kind of path.
    pub fn xml_name(self) -> &'static str {
        match self {
            PathKind::AnnotationPath => "AnnotationPath",
            PathKind::ModelElementPath => "ModelElementPath",
            PathKind::NavigationPropertyPath => "NavigationPropertyPath",
            PathKind::Path => "Path",
            PathKind::PropertyPath => "PropertyPath",
        }
    }

    /// The kind whose attribute or element is called `name`.
    pub fn from_xml_name(name: &str) -> Option<Self> {
        PATH_KINDS.iter().copied().find(|kind| kind.xml_name() == name)
    }
}

const PATH_KINDS: [PathKind; 5] = [
    PathKind::AnnotationPath,
    PathKind::ModelElementPath,
    PathKind::NavigationPropertyPath,
    PathKind::Path,
    PathKind::PropertyPath,
];

//! The one error type of reading and resolving CSDL: what is wrong, and where.

use std::fmt;

use super::source::Location;

/// Something in a CSDL document that the generator cannot accept, with the
/// `file:line:column` where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where the problem is.
    pub location: Location,
    /// What the problem is.
    pub kind: ErrorKind,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

impl std::error::Error for Error {}

/// What is wrong with a CSDL document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not well-formed XML.
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// The document ends before its root element is closed.
    #[error("the document ends early: <{open}> is never closed (is the file truncated?)")]
    Truncated { open: String },
    /// The document is empty or has only a prolog.
    #[error("the document has no root element (is the file empty?)")]
    Empty,
    /// The root element is not `edmx:Edmx` in the OData v4 EDMX namespace.
    #[error("expected an OData v4 CSDL document with root element <edmx:Edmx xmlns:edmx=\"{namespace}\">, found {found}", namespace = super::namespaces::EDMX_NAMESPACE)]
    WrongRoot { found: String },
    /// Markup after the root element.
    #[error("unexpected content after the closing </edmx:Edmx>")]
    TrailingContent,
    /// An element lacks an attribute CSDL requires.
    #[error("<{element}> is missing its required attribute `{attribute}`")]
    MissingAttribute { element: String, attribute: &'static str },
    /// An attribute value is not of the form CSDL requires.
    #[error("<{element}> has {attribute}=\"{value}\", but {attribute} must be {expected}")]
    InvalidAttribute { element: String, attribute: String, value: String, expected: &'static str },
    /// An element appears where CSDL does not allow it.
    #[error("<{element}> is not allowed inside <{parent}>")]
    MisplacedElement { element: String, parent: String },
    /// Elements nested deeper than the reader accepts.
    #[error("elements are nested more than {limit} levels deep")]
    TooDeep { limit: usize },
    /// The document is larger than the reader accepts.
    #[error("the document is {size} bytes; at most {limit} bytes are accepted")]
    TooLarge { size: usize, limit: usize },
    /// A type reference names no type in the document.
    #[error("unknown type `{name}`{hint}")]
    UnknownType { name: String, hint: String },
    /// A qualified name uses a namespace or alias that no schema declares.
    #[error("`{name}` uses the namespace or alias `{namespace}`, which no schema or reference declares")]
    UnknownNamespace { name: String, namespace: String },
    /// Two definitions share one qualified name (or one member name).
    #[error("{what} `{name}` is defined twice (first at {previous})")]
    Duplicate { what: &'static str, name: String, previous: Location },
    /// A type is its own (indirect) base type.
    #[error("base-type cycle: {chain}")]
    BaseTypeCycle { chain: String },
    /// A type's base type is of another kind (e.g. an entity type based on a complex type).
    #[error("`{name}` cannot have base type `{base}`: {reason}")]
    InvalidBaseType { name: String, base: String, reason: &'static str },
    /// A base-type chain longer than the generator accepts.
    #[error("`{name}` has more than {limit} levels of base types")]
    TooDeepInheritance { name: String, limit: usize },
    /// A `PropertyRef` names no property of the entity type (or its bases).
    #[error("the key of `{entity}` names `{property}`, which is not a property of `{entity}`")]
    UnknownKeyProperty { entity: String, property: String },
    /// A name is used as a type where another kind of type is required.
    #[error("`{name}` is {found}, but {context} must be {expected}")]
    WrongKindOfType { name: String, found: &'static str, context: String, expected: &'static str },
    /// An entity type with more than one `Key` element.
    #[error("entity type `{entity}` has two <Key> elements; CSDL allows one (a key of several properties is one <Key> with a <PropertyRef> for each)")]
    TwoKeys { entity: String },
    /// A bound operation without a binding parameter.
    #[error("{operation} `{name}` is bound (IsBound=\"true\") but has no parameters")]
    BoundWithoutParameter { operation: &'static str, name: String },
}

/// A name or value for an error message: long ones (a hostile document may
/// hold megabytes in one attribute) are cut, saying how long they were.
/// Control and bidirectional characters are written as `\u{..}` escapes, so
/// a message printed to a terminal shows them instead of obeying them.
pub(crate) fn shorten(text: &str) -> String {
    const KEEP: usize = 120;
    let cut =
        if text.len() <= KEEP { text.len() } else { (0..=KEEP).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0) };
    let mut out = super::chars::escape_unsafe(&text[..cut]).into_owned();
    if cut < text.len() {
        out.push_str(&format!("... ({} bytes)", text.len()));
    }
    out
}

//! How a generated module spells the names it takes from std, serde and the
//! runtime: short, imported by a `use` at the top of the module, unless an
//! item of the module has the same name (Graph has types called `Json`,
//! `Request` and `List`), in which case by full path. The scope records
//! which imports the items used, so a module imports exactly those.

use std::sync::atomic::{AtomicBool, Ordering};

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use super::text;
use crate::ir::models::RuntimeType;
use crate::ir::RustType;

/// A name the generated code takes from std, serde or the runtime: the
/// emitter spells it through a [`Scope`] (`scope.text(Name::Field)`), so a
/// name the table lacks does not compile, rather than failing at generation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Box,
    Into,
    Option,
    Result,
    String,
    Vec,
    BTreeMap,
    Fmt,
    Deserialize,
    Serialize,
    Models,
    Runtime,
    Action,
    ActionBody,
    Binary,
    Bytes,
    Date,
    DateTimeOffset,
    Decimal,
    Double,
    Duration,
    Encoded,
    Field,
    Flags,
    Guid,
    Handle,
    Id,
    Int64,
    Json,
    ListRequest,
    Model,
    Navigation,
    NoContent,
    OpenEnum,
    Property,
    Refusal,
    Request,
    Resource,
    Scalar,
    Single,
    Slot,
    TimeOfDay,
    Value,
    Values,
    Wire,
    DecodeEnum,
    DecodeModel,
    DecodePolymorphic,
    DecodeVariant,
    DecodeWhole,
    DeserializeEnum,
    DeserializeModel,
    IntoBase,
    SerializeEnum,
    SerializeModel,
    OutcomeError,
    ProvisioningOutcome,
    ScimBulkRequest,
    ScimBulkUpload,
    UrlLiteral,
}

/// A name's spelling and full path.
struct Known {
    name: Name,
    short: &'static str,
    path: &'static str,
    /// In the prelude (never imported) or imported with a `use`.
    prelude: bool,
    /// An item of one of the runtime's modules, spelled through the
    /// imported `runtime` (`runtime::scim::BulkUploadRequest`): it imports that.
    below_runtime: bool,
}

const fn prelude(name: Name, short: &'static str, path: &'static str) -> Known {
    Known { name, short, path, prelude: true, below_runtime: false }
}

const fn import(name: Name, short: &'static str, path: &'static str) -> Known {
    Known { name, short, path, prelude: false, below_runtime: false }
}

const fn below_runtime(name: Name, short: &'static str, path: &'static str) -> Known {
    Known { name, short, path, prelude: false, below_runtime: true }
}

/// Every [`Name`], in its order (checked when the crate compiles, below);
/// imports in the order rustfmt gives them (std, external crates, the crate),
/// `self` first.
const KNOWN: &[Known] = &[
    prelude(Name::Box, "Box", "::std::boxed::Box"),
    prelude(Name::Into, "Into", "::std::convert::Into"),
    prelude(Name::Option, "Option", "::std::option::Option"),
    prelude(Name::Result, "Result", "::std::result::Result"),
    prelude(Name::String, "String", "::std::string::String"),
    prelude(Name::Vec, "Vec", "::std::vec::Vec"),
    import(Name::BTreeMap, "BTreeMap", "std::collections::BTreeMap"),
    import(Name::Fmt, "fmt", "std::fmt"),
    import(Name::Deserialize, "Deserialize", "serde::Deserialize"),
    import(Name::Serialize, "Serialize", "serde::Serialize"),
    // Relative: a version's modules are `models` and `paths` below its crate's
    // root, whose private `runtime` module re-exports the runtime crate and
    // defines the crate's own `Action`; the generated code's interface is the
    // runtime's hidden `__private` module.
    import(Name::Models, "models", "super::models"),
    import(Name::Runtime, "runtime", "crate::runtime"),
    import(Name::Action, "Action", "crate::runtime::Action"),
    import(Name::ActionBody, "ActionBody", "crate::runtime::ActionBody"),
    import(Name::Binary, "Binary", "crate::runtime::Binary"),
    import(Name::Bytes, "Bytes", "crate::runtime::Bytes"),
    import(Name::Date, "Date", "crate::runtime::Date"),
    import(Name::DateTimeOffset, "DateTimeOffset", "crate::runtime::DateTimeOffset"),
    import(Name::Decimal, "Decimal", "crate::runtime::Decimal"),
    import(Name::Double, "Double", "crate::runtime::Double"),
    import(Name::Duration, "Duration", "crate::runtime::Duration"),
    import(Name::Encoded, "Encoded", "crate::runtime::__private::Encoded"),
    import(Name::Field, "Field", "crate::runtime::Field"),
    import(Name::Flags, "Flags", "crate::runtime::Flags"),
    import(Name::Guid, "Guid", "crate::runtime::Guid"),
    import(Name::Handle, "Handle", "crate::runtime::Handle"),
    import(Name::Id, "Id", "crate::runtime::Id"),
    import(Name::Int64, "Int64", "crate::runtime::Int64"),
    import(Name::Json, "Json", "crate::runtime::Json"),
    import(Name::ListRequest, "ListRequest", "crate::runtime::ListRequest"),
    import(Name::Model, "Model", "crate::runtime::__private::Model"),
    import(Name::Navigation, "Navigation", "crate::runtime::Navigation"),
    import(Name::NoContent, "NoContent", "crate::runtime::NoContent"),
    import(Name::OpenEnum, "OpenEnum", "crate::runtime::OpenEnum"),
    import(Name::Property, "Property", "crate::runtime::Property"),
    import(Name::Refusal, "Refusal", "crate::runtime::__private::Refusal"),
    import(Name::Request, "Request", "crate::runtime::Request"),
    import(Name::Resource, "Resource", "crate::runtime::Resource"),
    import(Name::Scalar, "Scalar", "crate::runtime::__private::Scalar"),
    import(Name::Single, "Single", "crate::runtime::Single"),
    import(Name::Slot, "Slot", "crate::runtime::__private::Slot"),
    import(Name::TimeOfDay, "TimeOfDay", "crate::runtime::TimeOfDay"),
    import(Name::Value, "Value", "crate::runtime::Value"),
    import(Name::Values, "Values", "crate::runtime::Values"),
    import(Name::Wire, "Wire", "crate::runtime::__private::Wire"),
    import(Name::DecodeEnum, "decode_enum", "crate::runtime::__private::decode_enum"),
    import(Name::DecodeModel, "decode_model", "crate::runtime::__private::decode_model"),
    import(Name::DecodePolymorphic, "decode_polymorphic", "crate::runtime::__private::decode_polymorphic"),
    import(Name::DecodeVariant, "decode_variant", "crate::runtime::__private::decode_variant"),
    import(Name::DecodeWhole, "decode_whole", "crate::runtime::__private::decode_whole"),
    import(Name::DeserializeEnum, "deserialize_enum", "crate::runtime::__private::deserialize_enum"),
    import(Name::DeserializeModel, "deserialize_model", "crate::runtime::__private::deserialize_model"),
    import(Name::IntoBase, "into_base", "crate::runtime::__private::into_base"),
    import(Name::SerializeEnum, "serialize_enum", "crate::runtime::__private::serialize_enum"),
    import(Name::SerializeModel, "serialize_model", "crate::runtime::__private::serialize_model"),
    // Items of the runtime's public modules, named where they are used.
    below_runtime(
        Name::OutcomeError,
        "runtime::provisioning::OutcomeError",
        "crate::runtime::provisioning::OutcomeError",
    ),
    below_runtime(
        Name::ProvisioningOutcome,
        "runtime::provisioning::ProvisioningOutcome",
        "crate::runtime::provisioning::ProvisioningOutcome",
    ),
    below_runtime(Name::ScimBulkRequest, "runtime::scim::BulkRequest", "crate::runtime::scim::BulkRequest"),
    below_runtime(Name::ScimBulkUpload, "runtime::scim::BulkUploadRequest", "crate::runtime::scim::BulkUploadRequest"),
    below_runtime(Name::UrlLiteral, "runtime::url_literal", "crate::runtime::url_literal"),
];

// `KNOWN[name as usize]` is `name`'s entry: every name has one, in order.
const _: () = {
    let mut index = 0;
    while index < KNOWN.len() {
        assert!(KNOWN[index].name as usize == index, "KNOWN is not in the order of `Name`");
        index += 1;
    }
    assert!(KNOWN.len() == Name::UrlLiteral as usize + 1, "a `Name` has no entry in KNOWN");
};

/// The full path of every name the generated code may spell, for the test
/// that holds them to what the runtime exports (`tests/tests/layers.rs`).
pub fn known_paths() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|known| known.path)
}

/// A method of a runtime type that generated code calls (`self.0.child(..)`,
/// `Resource::entity_set(..)`, `ActionBody::new()`): the emitter spells it
/// through this table ([`Call::name`]), so a method the table lacks does not
/// compile, and `tests/tests/layers.rs` holds every one to a `pub fn` of the
/// runtime (and the emitter's string literals to calling none by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Action,
    Advanced,
    AlternateKey,
    AtVersion,
    Child,
    CompoundKey,
    Create,
    Delete,
    DirectoryObjects,
    Download,
    EntitySet,
    FromPair,
    Function,
    FunctionImport,
    Get,
    Item,
    List,
    New,
    OptionalParameter,
    Parameter,
    ParametersMut,
    Path,
    PutCollection,
    Replace,
    Sensitive,
    Update,
    Upload,
    Value,
}

impl Call {
    /// Every runtime method the generated code may call.
    pub const ALL: [Call; 28] = [
        Call::Action,
        Call::Advanced,
        Call::AlternateKey,
        Call::AtVersion,
        Call::Child,
        Call::CompoundKey,
        Call::Create,
        Call::Delete,
        Call::DirectoryObjects,
        Call::Download,
        Call::EntitySet,
        Call::FromPair,
        Call::Function,
        Call::FunctionImport,
        Call::Get,
        Call::Item,
        Call::List,
        Call::New,
        Call::OptionalParameter,
        Call::Parameter,
        Call::ParametersMut,
        Call::Path,
        Call::PutCollection,
        Call::Replace,
        Call::Sensitive,
        Call::Update,
        Call::Upload,
        Call::Value,
    ];

    /// The method's name.
    pub const fn name(self) -> &'static str {
        match self {
            Call::Action => "action",
            Call::Advanced => "advanced",
            Call::AlternateKey => "alternate_key",
            Call::AtVersion => "at_version",
            Call::Child => "child",
            Call::CompoundKey => "compound_key",
            Call::Create => "create",
            Call::Delete => "delete",
            Call::DirectoryObjects => "directory_objects",
            Call::Download => "download",
            Call::EntitySet => "entity_set",
            Call::FromPair => "from_pair",
            Call::Function => "function",
            Call::FunctionImport => "function_import",
            Call::Get => "get",
            Call::Item => "item",
            Call::List => "list",
            Call::New => "new",
            Call::OptionalParameter => "optional_parameter",
            Call::Parameter => "parameter",
            Call::ParametersMut => "parameters_mut",
            Call::Path => "path",
            Call::PutCollection => "put_collection",
            Call::Replace => "replace",
            Call::Sensitive => "sensitive",
            Call::Update => "update",
            Call::Upload => "upload",
            Call::Value => "value",
        }
    }
}

/// The name of every runtime method the generated code may call, for the
/// test that holds them to the runtime's (`tests/tests/layers.rs`).
pub fn runtime_methods() -> impl Iterator<Item = &'static str> {
    Call::ALL.into_iter().map(Call::name)
}

/// The runtime's name of one of its value types.
fn runtime_type(ty: RuntimeType) -> Name {
    match ty {
        RuntimeType::Int64 => Name::Int64,
        RuntimeType::Single => Name::Single,
        RuntimeType::Double => Name::Double,
        RuntimeType::Decimal => Name::Decimal,
        RuntimeType::Guid => Name::Guid,
        RuntimeType::DateTimeOffset => Name::DateTimeOffset,
        RuntimeType::Date => Name::Date,
        RuntimeType::TimeOfDay => Name::TimeOfDay,
        RuntimeType::Duration => Name::Duration,
        RuntimeType::Binary => Name::Binary,
    }
}

/// Where generated code is: a models module, or `paths.rs`.
pub enum Place {
    /// `{version}::models::{0}`.
    Models(String),
    /// `{version}::paths`; `reexported` is the models module whose types are
    /// re-exported from `models` (written `models::Name`).
    Paths { reexported: Option<String> },
}

/// The names one generated module uses. Shared by the formatting threads.
pub struct Scope {
    place: Place,
    /// Per [`KNOWN`] entry: an item of this module has the name.
    shadowed: Vec<bool>,
    /// Per [`KNOWN`] entry: spelled short at least once (so imported).
    used: Vec<AtomicBool>,
}

impl Scope {
    /// A scope for a module whose own items are named `items`.
    pub fn new<'a>(place: Place, items: impl IntoIterator<Item = &'a str>) -> Self {
        let mut shadowed = vec![false; KNOWN.len()];
        for item in items {
            if let Some(index) = KNOWN.iter().position(|k| k.short == item) {
                shadowed[index] = true;
            }
        }
        Scope { place, shadowed, used: KNOWN.iter().map(|_| AtomicBool::new(false)).collect() }
    }

    /// `name` (one of [`KNOWN`]) as this module spells it, e.g. `Field` or
    /// `crate::runtime::Field`. Spelling a name is what imports it: spell
    /// only names that end up in the output, or the import is unused.
    pub fn text(&self, name: Name) -> &'static str {
        let index = name as usize;
        let known = &KNOWN[index];
        if known.below_runtime {
            let runtime = Name::Runtime as usize;
            if self.shadowed[runtime] {
                return known.path;
            }
            self.used[runtime].store(true, Ordering::Relaxed);
            return known.short;
        }
        if self.shadowed[index] {
            return known.path;
        }
        if !known.prelude {
            self.used[index].store(true, Ordering::Relaxed);
        }
        known.short
    }

    /// Appends the Rust spelling of a value type.
    pub fn push_type(&self, out: &mut String, ty: &RustType) {
        let generic = |out: &mut String, name: Name, inner: &RustType| {
            out.push_str(self.text(name));
            out.push('<');
            self.push_type(out, inner);
            out.push('>');
        };
        match ty {
            RustType::String => out.push_str(self.text(Name::String)),
            RustType::Bool => out.push_str("bool"),
            RustType::U8 => out.push_str("u8"),
            RustType::I8 => out.push_str("i8"),
            RustType::I16 => out.push_str("i16"),
            RustType::I32 => out.push_str("i32"),
            RustType::Runtime(primitive) => out.push_str(self.text(runtime_type(*primitive))),
            RustType::Json => out.push_str("serde_json::Value"),
            RustType::Named { module, name } => self.push_model(out, module, name),
            RustType::Flags(inner) => generic(out, Name::Flags, inner),
            RustType::Vec(inner) => generic(out, Name::Vec, inner),
            RustType::Box(inner) => generic(out, Name::Box, inner),
        }
    }

    /// The Rust spelling of a value type, as text.
    pub fn type_text(&self, ty: &RustType) -> String {
        let mut out = String::new();
        self.push_type(&mut out, ty);
        out
    }

    /// Appends a generated model type as seen from this module.
    pub fn push_model(&self, out: &mut String, module: &str, name: &str) {
        let name = text::ident(name);
        match &self.place {
            Place::Models(own) if own == module => {}
            Place::Models(_) => {
                out.push_str("super::");
                out.push_str(text::ident(module));
                out.push_str("::");
            }
            Place::Paths { reexported } => {
                out.push_str(self.text(Name::Models));
                out.push_str("::");
                if reexported.as_deref() != Some(module) {
                    out.push_str(text::ident(module));
                    out.push_str("::");
                }
            }
        }
        out.push_str(name);
    }

    /// The `use` items for the names spelled short, grouped by parent path.
    pub fn imports(&self) -> TokenStream {
        let used: Vec<&Known> = KNOWN
            .iter()
            .zip(&self.used)
            .filter(|(known, used)| !known.prelude && used.load(Ordering::Relaxed))
            .map(|(known, _)| known)
            .collect();
        let parent = |path: &'static str| path.rsplit_once("::").unwrap_or(("", path));
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for known in &used {
            let (mut group, mut leaf) = parent(known.path);
            // A module used by itself and for its items: `use crate::runtime::{self, Field}`.
            if used.iter().any(|other| parent(other.path).0 == known.path) {
                (group, leaf) = (known.path, "self");
            }
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, leaves)) => leaves.push(leaf),
                None => groups.push((group, vec![leaf])),
            }
        }
        let mut tokens = TokenStream::new();
        for (group, leaves) in groups {
            let group = path_tokens(group);
            let leaves: Vec<Ident> = leaves.iter().map(|leaf| ident(leaf)).collect();
            tokens.extend(match leaves.as_slice() {
                [leaf] => quote!(use #group::#leaf;),
                leaves => quote!(use #group::{#(#leaves),*};),
            });
        }
        tokens
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `a::b::C` or `::a::b::C` as tokens.
fn path_tokens(path: &str) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (index, segment) in path.split("::").enumerate() {
        if index > 0 {
            tokens.extend([
                TokenTree::Punct(Punct::new(':', Spacing::Joint)),
                TokenTree::Punct(Punct::new(':', Spacing::Alone)),
            ]);
        }
        if !segment.is_empty() {
            tokens.extend([TokenTree::Ident(ident(segment))]);
        }
    }
    tokens
}

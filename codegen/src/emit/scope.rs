//! How a generated module spells the names it takes from std, serde and the
//! runtime: short, imported by a `use` at the top of the module, unless an
//! item of the module has the same name (Graph has types called `Json`,
//! `Request` and `List`), in which case by full path. The scope records
//! which imports the items used, so a module imports exactly those.

use std::sync::atomic::{AtomicBool, Ordering};

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use super::text;
use crate::ir::RustType;

/// A name the generated code uses, and its full path.
struct Known {
    name: &'static str,
    path: &'static str,
    /// In the prelude (never imported) or imported with a `use`.
    prelude: bool,
}

const fn prelude(name: &'static str, path: &'static str) -> Known {
    Known { name, path, prelude: true }
}

const fn import(name: &'static str, path: &'static str) -> Known {
    Known { name, path, prelude: false }
}

/// Every name the emitter spells through a scope; imports in the order
/// rustfmt gives them (std, external crates, the crate), `self` first.
const KNOWN: &[Known] = &[
    prelude("Box", "::std::boxed::Box"),
    prelude("Into", "::std::convert::Into"),
    prelude("Option", "::std::option::Option"),
    prelude("Result", "::std::result::Result"),
    prelude("String", "::std::string::String"),
    prelude("Vec", "::std::vec::Vec"),
    import("BTreeMap", "std::collections::BTreeMap"),
    import("fmt", "std::fmt"),
    import("Deserialize", "serde::Deserialize"),
    import("Serialize", "serde::Serialize"),
    // Relative: a version's modules are `models` and `paths` below its crate's
    // root, whose private `runtime` module re-exports the runtime crate and
    // defines the crate's own `Action`.
    import("models", "super::models"),
    import("runtime", "crate::runtime"),
    import("Action", "crate::runtime::Action"),
    import("ActionBody", "crate::runtime::ActionBody"),
    import("Binary", "crate::runtime::Binary"),
    import("Bytes", "crate::runtime::Bytes"),
    import("Date", "crate::runtime::Date"),
    import("DateTimeOffset", "crate::runtime::DateTimeOffset"),
    import("Decimal", "crate::runtime::Decimal"),
    import("Double", "crate::runtime::Double"),
    import("Duration", "crate::runtime::Duration"),
    import("Encoded", "crate::runtime::__private::Encoded"),
    import("Field", "crate::runtime::Field"),
    import("Flags", "crate::runtime::Flags"),
    import("Guid", "crate::runtime::Guid"),
    import("Handle", "crate::runtime::Handle"),
    import("Id", "crate::runtime::Id"),
    import("Int64", "crate::runtime::Int64"),
    import("Json", "crate::runtime::Json"),
    import("ListRequest", "crate::runtime::ListRequest"),
    import("Model", "crate::runtime::__private::Model"),
    import("Navigation", "crate::runtime::Navigation"),
    import("NoContent", "crate::runtime::NoContent"),
    import("OpenEnum", "crate::runtime::OpenEnum"),
    import("Property", "crate::runtime::Property"),
    import("Refusal", "crate::runtime::__private::Refusal"),
    import("Request", "crate::runtime::Request"),
    import("Resource", "crate::runtime::Resource"),
    import("Scalar", "crate::runtime::__private::Scalar"),
    import("Single", "crate::runtime::Single"),
    import("Slot", "crate::runtime::__private::Slot"),
    import("TimeOfDay", "crate::runtime::TimeOfDay"),
    import("Value", "crate::runtime::Value"),
    import("Values", "crate::runtime::Values"),
    import("Wire", "crate::runtime::__private::Wire"),
    import("decode_enum", "crate::runtime::__private::decode_enum"),
    import("decode_model", "crate::runtime::__private::decode_model"),
    import("decode_polymorphic", "crate::runtime::__private::decode_polymorphic"),
    import("decode_variant", "crate::runtime::__private::decode_variant"),
    import("decode_whole", "crate::runtime::__private::decode_whole"),
    import("deserialize_enum", "crate::runtime::__private::deserialize_enum"),
    import("deserialize_model", "crate::runtime::__private::deserialize_model"),
    import("into_base", "crate::runtime::__private::into_base"),
    import("serialize_enum", "crate::runtime::__private::serialize_enum"),
    import("serialize_model", "crate::runtime::__private::serialize_model"),
];

fn known(name: &str) -> usize {
    // Asked for on every name the emitter spells: a map, not a scan of the table.
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| KNOWN.iter().enumerate().map(|(index, k)| (k.name, index)).collect());
    *index.get(name).unwrap_or_else(|| panic!("`{name}` is not in the emitter's KNOWN table"))
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
            if let Some(index) = KNOWN.iter().position(|k| k.name == item) {
                shadowed[index] = true;
            }
        }
        Scope { place, shadowed, used: KNOWN.iter().map(|_| AtomicBool::new(false)).collect() }
    }

    /// `name` (one of [`KNOWN`]) as this module spells it, e.g. `Field` or
    /// `crate::runtime::Field`. Spelling a name is what imports it: spell
    /// only names that end up in the output, or the import is unused.
    pub fn text(&self, name: &str) -> &'static str {
        let index = known(name);
        let known = &KNOWN[index];
        if self.shadowed[index] {
            return known.path;
        }
        if !known.prelude {
            self.used[index].store(true, Ordering::Relaxed);
        }
        known.name
    }

    /// Appends the Rust spelling of a value type.
    pub fn push_type(&self, out: &mut String, ty: &RustType) {
        let generic = |out: &mut String, name: &str, inner: &RustType| {
            out.push_str(self.text(name));
            out.push('<');
            self.push_type(out, inner);
            out.push('>');
        };
        match ty {
            RustType::String => out.push_str(self.text("String")),
            RustType::Bool => out.push_str("bool"),
            RustType::U8 => out.push_str("u8"),
            RustType::I8 => out.push_str("i8"),
            RustType::I16 => out.push_str("i16"),
            RustType::I32 => out.push_str("i32"),
            RustType::Runtime(name) => out.push_str(self.text(name)),
            RustType::Json => out.push_str("serde_json::Value"),
            RustType::Named { module, name } => self.push_model(out, module, name),
            RustType::Flags(inner) => generic(out, "Flags", inner),
            RustType::Vec(inner) => generic(out, "Vec", inner),
            RustType::Box(inner) => generic(out, "Box", inner),
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
                out.push_str(self.text("models"));
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

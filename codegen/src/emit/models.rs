//! The text of the model structs and enums. No decisions: the IR has made them.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{push_deprecated, push_doc, push_docs};
use super::scope::{Call, Name, Place, Scope};
use super::{text, EmitError};
use crate::ir::{EnumIr, FieldIr, ItemIr, ModuleIr, PolymorphicIr, RustType, StructIr};
use crate::naming;
use text::Compiled::{Generic, Inline};

/// The scope of a namespace module: its items shadow imports of the same name.
pub fn scope(module: &ModuleIr) -> Scope {
    Scope::new(Place::Models(module.name.clone()), module.items.iter().map(ItemIr::name))
}

/// The inner attributes and imports that open a namespace module (after its
/// items were spelled, so the scope knows which imports they use).
pub fn module_header(module: &ModuleIr, scope: &Scope) -> TokenStream {
    let doc = format!(" Types of the `{}` namespace.", module.namespace);
    let imports = scope.imports();
    quote! {
        #![doc = #doc]
        //!
        //! Every property is a `Field`: absent, `null`, or a value. Each struct has
        //! one `with_*` setter per property, taking a value, an `Option` (`None`
        //! leaves the property absent) or `Field::Null`. `additional_properties`
        //! keeps what this crate does not know (properties Graph added, instance
        //! annotations such as `@odata.type`), so nothing is lost when a value is
        //! sent back.
        // Deprecated Graph types are still generated, and used by each other.
        #![allow(deprecated)]

        #imports
    }
}

/// Appends one item of a namespace module (with its impls) to `out`.
pub fn item(file: &str, scope: &Scope, item: &ItemIr, out: &mut String) -> Result<(), EmitError> {
    text::item(out, file, |out| match item {
        ItemIr::Struct(s) => structure(scope, s, out),
        ItemIr::Enum(e) => enumeration(scope, e, out),
        ItemIr::Polymorphic(p) => polymorphic(scope, p, out),
    })
}

/// About how much code an item is, for sharing the formatting out: its
/// fields, or its variants times the match arms each one has.
pub fn weight(item: &ItemIr) -> usize {
    match item {
        ItemIr::Struct(s) => 2 + s.fields.len(),
        ItemIr::Enum(e) => 6 + 4 * e.variants.len(),
        ItemIr::Polymorphic(p) => 4 + 4 * p.variants.len(),
    }
}

fn field(scope: &Scope, field: &FieldIr, out: &mut String) {
    push_docs(out, 4, &field.docs);
    push_deprecated(out, 4, field.deprecated.as_ref());
    let head = format!("pub {}: ", text::ident(&field.name));
    text::generic_line(out, 4, &head, scope.text(Name::Field), &scope.type_text(&field.ty), ",");
}

fn structure(scope: &Scope, item: &StructIr, out: &mut String) {
    push_docs(out, 0, &item.docs);
    push_deprecated(out, 0, item.deprecated.as_ref());
    let name = text::ident(&item.name);
    let debug = if item.has_secrets() { "" } else { "Debug, " };
    let _ = writeln!(out, "#[derive({debug}Clone, PartialEq, Default)]\n#[non_exhaustive]");
    let _ = writeln!(out, "pub struct {name} {{");
    for f in &item.fields {
        field(scope, f, out);
    }
    // What the map keeps is said once, in the module docs; an open type's map says more.
    if item.open {
        push_doc(out, 4, "Dynamic properties of this open type, and instance annotations such as `@odata.type`.");
    }
    let map = text::ident(&item.additional_properties);
    let (btree_map, string) = (scope.text(Name::BTreeMap), scope.text(Name::String));
    let _ = writeln!(out, "    pub {map}: {btree_map}<{string}, serde_json::Value>,\n}}");
    model_table(scope, item, out);
    setters(scope, item, out);
    if item.provisioning_outcome {
        provisioning_outcome(scope, item, out);
    }
    property_constants(scope, item, out);
    if item.has_secrets() {
        redacting_debug(scope, item, out);
    }
}

/// The struct's table for the runtime's one encoder and decoder (`Model`),
/// and its `Serialize` and `Deserialize` impls, which hand it to them.
fn model_table(scope: &Scope, item: &StructIr, out: &mut String) {
    let name = text::ident(&item.name);
    let (option, string, btree_map) = (scope.text(Name::Option), scope.text(Name::String), scope.text(Name::BTreeMap));
    let (model, slot) = (scope.text(Name::Model), scope.text(Name::Slot));
    let map = text::ident(&item.additional_properties);
    let map_type = format!("{btree_map}<{string}, serde_json::Value>");
    let _ = writeln!(out, "impl {model} for {name} {{");
    text::method_signature(out, 4, Inline, "fn properties", &["&self"], Some("&'static [&'static str]"));
    let names = text::Expr::List {
        open: "&[".to_owned(),
        items: item.fields.iter().map(|field| text::Expr::Atom(text::literal(&field.wire))).collect(),
        close: "]",
    };
    text::indent(out, 8);
    text::push_expr(out, 8, 8, &names, 0);
    out.push_str("\n    }\n");
    for (method, receiver, reference) in [("fn property", "&self", "&"), ("fn property_mut", "&mut self", "&mut ")] {
        let returns = format!("{option}<{reference}dyn {slot}>");
        if item.fields.is_empty() {
            text::method_signature(out, 4, Inline, method, &[receiver, "_index: usize"], Some(&returns));
            out.push_str("        None\n    }\n");
            continue;
        }
        text::method_signature(out, 4, Inline, method, &[receiver, "index: usize"], Some(&returns));
        let _ = writeln!(out, "        let slot: {reference}dyn {slot} = match index {{");
        for (index, field) in item.fields.iter().enumerate() {
            arm(out, &index.to_string(), &format!("{reference}self.{}", text::ident(&field.name)));
        }
        arm(out, "_", "return None");
        out.push_str("        };\n        Some(slot)\n    }\n");
    }
    text::method_signature(out, 4, Inline, "fn additional_properties", &["&self"], Some(&format!("&{map_type}")));
    let _ = writeln!(out, "        &self.{map}\n    }}");
    text::method_signature(
        out,
        4,
        Inline,
        "fn additional_properties_mut",
        &["&mut self"],
        Some(&format!("&mut {map_type}")),
    );
    let _ = writeln!(out, "        &mut self.{map}\n    }}\n}}");

    let result = scope.text(Name::Result);
    let (serialize, deserialize) = (scope.text(Name::Serialize), scope.text(Name::Deserialize));
    let _ = writeln!(out, "impl {serialize} for {name} {{");
    serialize_signature(out, result);
    let _ = writeln!(out, "        {}(self, serializer)\n    }}\n}}", scope.text(Name::SerializeModel));
    let _ = writeln!(out, "impl<'de> {deserialize}<'de> for {name} {{");
    deserialize_signature(out, result);
    let _ = writeln!(out, "        {}(deserializer)\n    }}\n}}", scope.text(Name::DeserializeModel));
    let expecting = format!("{} `{}` object", naming::article(&item.name), item.name);
    wire_impl(scope, name, Takes::Object, &expecting, "Model(self)", out);
}

/// `impl Wire for {name}`: what JSON values the engine hands the type (the
/// runtime's `decoder` takes them: `decode_model`, `decode_enum`, ...) and
/// how it writes it (as the `Encoded` variant `encoded`).
fn wire_impl(scope: &Scope, name: &str, takes: Takes, expecting: &str, encoded: &str, out: &mut String) {
    let field = format!("out: &mut {}<Self>", scope.text(Name::Field));
    let _ = writeln!(out, "impl {} for {name} {{", scope.text(Name::Wire));
    out.push_str("    const EXPECTING: &'static str = ");
    text::string_literal(out, expecting);
    out.push_str(";\n");
    match takes {
        Takes::Object => {
            let returns = format!("{}<&mut dyn {}>", scope.text(Name::Option), scope.text(Name::Model));
            text::method_signature(out, 4, Inline, "fn object", &[&field], Some(&returns));
            let _ = writeln!(out, "        {}(out)\n    }}", scope.text(Name::DecodeModel));
        }
        Takes::Scalar => {
            let value = format!("value: {}<'_>", scope.text(Name::Scalar));
            let returns = format!("{}<(), {}>", scope.text(Name::Result), scope.text(Name::Refusal));
            text::method_signature(out, 4, Inline, "fn scalar", &[&field, &value], Some(&returns));
            let _ = writeln!(out, "        {}(out, value)\n    }}", scope.text(Name::DecodeEnum));
        }
        Takes::Whole => {
            out.push_str("    const WHOLE: bool = true;\n");
            let returns = format!("{}<(), {}>", scope.text(Name::Result), scope.text(Name::Refusal));
            text::method_signature(
                out,
                4,
                Inline,
                "fn take_whole",
                &[&field, "value: serde_json::Value"],
                Some(&returns),
            );
            let _ = writeln!(out, "        {}(out, value)\n    }}", scope.text(Name::DecodeWhole));
        }
    }
    let encoded_type = scope.text(Name::Encoded);
    text::method_signature(out, 4, Inline, "fn encode", &["&self"], Some(&format!("{encoded_type}<'_>")));
    let _ = writeln!(out, "        {encoded_type}::{encoded}\n    }}\n}}");
}

/// What JSON a generated type takes, for [`wire_impl`].
#[derive(Clone, Copy)]
enum Takes {
    /// An object, property by property (a struct).
    Object,
    /// A string (an enum).
    Scalar,
    /// A whole value, looked at before it is decoded (a polymorphic enum).
    Whole,
}

/// The properties and navigation properties that queries can name, as
/// constants of the struct (`ProvisioningObjectSummary::JOB_ID.eq(id)`,
/// `SynchronizationJob::SCHEMA`): a comparison takes only a value of the
/// property's type, and a query of one type applies only to a list of it.
fn property_constants(scope: &Scope, item: &StructIr, out: &mut String) {
    let constants: Vec<(&FieldIr, &str)> =
        item.fields.iter().filter_map(|field| Some((field, field.constant.as_deref()?))).collect();
    if constants.is_empty() {
        return;
    }
    let name = text::ident(&item.name);
    push_doc(
        out,
        0,
        &format!(
            "The properties of [`{name}`] that a query can name, for queries the compiler checks \
             (`ListRequest::filter`, `order_by`, `select`, `expand`, `search`)."
        ),
    );
    let _ = writeln!(out, "impl {name} {{");
    for (field, constant) in constants {
        // Spelled only when used, so that only what is used is imported.
        let (kind, ty) = match (&field.navigation_target, &field.ty) {
            (Some(target), _) => (scope.text(Name::Navigation), target),
            (None, RustType::Box(inner)) => (scope.text(Name::Property), &**inner),
            (None, ty) => (scope.text(Name::Property), ty),
        };
        // Not the name alone: where it is used, the field it names (a link),
        // and what the property holds where the metadata says it (a note
        // about the JSON name, which starts with it, is no description).
        let options = if field.navigation_target.is_some() { "`$expand`" } else { "`$filter`, `$select`, `$orderby`" };
        let about =
            field.docs.paragraphs.first().map(|p| first_sentence(p)).filter(|s| !s.is_empty() && !s.starts_with('`'));
        let field_link = format!("[`{0}`](Self::{0})", field.name);
        let doc = match about {
            Some(about) => format!(" `{}` in a query ({options}), the field {field_link}: {about}.", field.wire),
            None => format!(" `{}` in a query ({options}): the field {field_link}.", field.wire),
        };
        push_doc(out, 4, &doc);
        // One line, or prettyplease's break inside the call; anything longer
        // is left too long, for `text::item` to lay out with prettyplease.
        let (ty, wire) = (scope.type_text(ty), text::literal(&field.wire));
        let head = format!("    pub const {constant}: {kind}<Self, {ty}> = {kind}::{}(", Call::New.name());
        let one_line = head.len() + wire.len() + 2 <= text::MARGIN;
        // The literal on a line of its own: eight spaces, the literal and its comma.
        let broken_fits = head.len() <= text::MARGIN && 8 + wire.len() < text::MARGIN;
        if one_line || !broken_fits {
            let _ = writeln!(out, "{head}{wire});");
        } else {
            let _ = writeln!(out, "{head}\n        {wire},\n    );");
        }
    }
    out.push_str("}\n");
}

/// The first sentence of a paragraph (up to its first `. `), for a one-line doc.
fn first_sentence(paragraph: &str) -> &str {
    let sentence = paragraph.split_once(". ").map_or(paragraph, |(first, _)| first);
    sentence.trim().trim_end_matches('.')
}

/// `provisioning_outcome()` on the answer of `provisionOnDemand`, whose
/// `key` and `value` (the settings checked both are text) are JSON documents
/// encoded as strings, decoded by the runtime's `provisioning` module.
fn provisioning_outcome(scope: &Scope, item: &StructIr, out: &mut String) {
    let field = |wire: &str| item.fields.iter().find(|f| f.wire == wire).map(|f| text::ident(&f.name));
    let (Some(key), Some(value)) = (field("key"), field("value")) else { return };
    let (result, string) = (scope.text(Name::Result), scope.text(Name::String));
    let (outcome, error) = (scope.text(Name::ProvisioningOutcome), scope.text(Name::OutcomeError));
    let _ = writeln!(out, "impl {} {{", text::ident(&item.name));
    push_doc(out, 4, "Decodes this pair as the answer of `provisionOnDemand`: the result, the object, the steps and what each changed (see [`graph_sync::provisioning`](crate::runtime::provisioning)).");
    let returns = format!("{result}<{outcome}, {error}>");
    text::method_signature(out, 4, Inline, "pub fn provisioning_outcome", &["&self"], Some(&returns));
    let (from_pair, read) = (Call::FromPair.name(), Call::Value.name());
    let _ = writeln!(out, "        {outcome}::{from_pair}(");
    let _ = writeln!(out, "            self.{key}.{read}().map({string}::as_str),");
    let _ = writeln!(out, "            self.{value}.{read}().map({string}::as_str),");
    out.push_str("        )\n    }\n}\n");
}

/// Chained setters, one per field: a value is built in one expression
/// (`Subject::default().with_object_id("..").with_object_type_name("User")`)
/// and stays buildable when Graph adds a property.
fn setters(scope: &Scope, item: &StructIr, out: &mut String) {
    if item.fields.is_empty() {
        return;
    }
    let _ = writeln!(out, "impl {} {{", text::ident(&item.name));
    let (into, boxed, wrapper) = (scope.text(Name::Into), scope.text(Name::Box), scope.text(Name::Field));
    let mut head = String::new();
    let mut argument = String::new();
    for field in &item.fields {
        let member = text::ident(&field.name);
        push_doc(out, 4, &format!("Sets [`{member}`](Self::{member})."));
        push_deprecated(out, 4, field.deprecated.as_ref());
        out.push_str("    #[must_use]\n");
        let ty = match &field.ty {
            RustType::Box(inner) => inner,
            ty => ty,
        };
        head.clear();
        head.push_str("pub fn ");
        head.push_str(text::ident(&field.setter));
        argument.clear();
        let _ = write!(argument, "value: impl {into}<{wrapper}<");
        scope.push_type(&mut argument, ty);
        argument.push_str(">>");
        text::method_signature(out, 4, Generic, &head, &["mut self", &argument], Some("Self"));
        match &field.ty {
            RustType::Box(_) => {
                let _ = writeln!(out, "        self.{member} = value.into().map({boxed}::new);");
            }
            _ if "        self. = value.into();".len() + member.len() <= text::MARGIN => {
                let _ = writeln!(out, "        self.{member} = value.into();");
            }
            // prettyplease breaks a long assignment before its method call.
            _ => {
                let _ = writeln!(out, "        self.{member} = value\n            .into();");
            }
        }
        out.push_str("        self\n    }\n");
    }
    out.push_str("}\n");
}

/// `Debug` that prints secret fields as a redaction.
fn redacting_debug(scope: &Scope, item: &StructIr, out: &mut String) {
    let name = text::ident(&item.name);
    let fmt = scope.text(Name::Fmt);
    let redacted = format!("{}::REDACTED", scope.text(Name::Runtime));
    let _ = writeln!(out, "impl {fmt}::Debug for {name} {{");
    fmt_signature(out, fmt);
    out.push_str("        f.debug_struct(");
    text::string_literal(out, &item.name);
    out.push_str(")\n");
    let mut entry = |label: &str, value: &str| {
        out.push_str("            .field(");
        text::string_literal(out, label);
        let _ = writeln!(out, ", {value})");
    };
    for field in &item.fields {
        let member = text::ident(&field.name);
        if field.secret {
            entry(&field.name, &format!("&self.{member}.as_ref().map(|_| {redacted})"));
        } else {
            entry(&field.name, &format!("&self.{member}"));
        }
    }
    let map = text::ident(&item.additional_properties);
    entry(map, &format!("&self.{map}"));
    out.push_str("            .finish()\n    }\n}\n");
}

fn enumeration(scope: &Scope, item: &EnumIr, out: &mut String) {
    push_docs(out, 0, &item.docs);
    if item.is_flags {
        text::doc_line(out, 0, "");
        text::doc_line(
            out,
            0,
            " A flags enum: properties of this type hold a [`graph_sync::runtime::Flags`](crate::runtime::Flags) set.",
        );
    }
    push_deprecated(out, 0, item.deprecated.as_ref());
    let name = text::ident(&item.name);
    let unrecognized = text::ident(&item.unrecognized);
    let (option, string, result) = (scope.text(Name::Option), scope.text(Name::String), scope.text(Name::Result));
    let (open_enum, fmt) = (scope.text(Name::OpenEnum), scope.text(Name::Fmt));
    let (serialize, deserialize) = (scope.text(Name::Serialize), scope.text(Name::Deserialize));
    let (serialize_enum, deserialize_enum) = (scope.text(Name::SerializeEnum), scope.text(Name::DeserializeEnum));
    let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq, Eq, Hash)]\npub enum {name} {{");
    for variant in &item.variants {
        push_docs(out, 4, &variant.docs);
        push_deprecated(out, 4, variant.deprecated.as_ref());
        let _ = writeln!(out, "    {},", text::ident(&variant.name));
    }
    push_doc(out, 4, "A value this version of the crate does not know, kept as received.");
    let _ = writeln!(out, "    {unrecognized}({string}),\n}}");

    let _ = writeln!(out, "impl {name} {{");
    text::doc_line(out, 4, " The member's numeric value in the CSDL (`None` for an unrecognized value).");
    text::method_signature(out, 4, Inline, "pub fn value", &["&self"], Some(&format!("{option}<i64>")));
    out.push_str("        match self {\n");
    for variant in &item.variants {
        arm(out, &format!("Self::{}", text::ident(&variant.name)), &format!("Some({})", variant.value));
    }
    arm(out, &format!("Self::{unrecognized}(_)"), "None");
    out.push_str("        }\n    }\n}\n");

    let _ = writeln!(out, "impl {open_enum} for {name} {{");
    text::method_signature(out, 4, Inline, "fn from_known", &["wire: &str"], Some(&format!("{option}<Self>")));
    out.push_str("        match wire {\n");
    for variant in &item.variants {
        arm(out, &text::literal(&variant.wire), &format!("Some(Self::{})", text::ident(&variant.name)));
    }
    arm(out, "_", "None");
    out.push_str("        }\n    }\n");
    text::method_signature(out, 4, Inline, "fn unrecognized", &[&format!("wire: {string}")], Some("Self"));
    let _ = writeln!(out, "        Self::{unrecognized}(wire)\n    }}");
    text::method_signature(out, 4, Inline, "fn as_str", &["&self"], Some("&str"));
    out.push_str("        match self {\n");
    for variant in &item.variants {
        arm(out, &format!("Self::{}", text::ident(&variant.name)), &text::literal(&variant.wire));
    }
    arm(out, &format!("Self::{unrecognized}(wire)"), "wire");
    out.push_str("        }\n    }\n}\n");

    let _ = writeln!(out, "impl {fmt}::Display for {name} {{");
    fmt_signature(out, fmt);
    let _ = writeln!(out, "        f.write_str({open_enum}::as_str(self))\n    }}\n}}");

    let _ = writeln!(out, "impl {serialize} for {name} {{");
    serialize_signature(out, result);
    let _ = writeln!(out, "        {serialize_enum}(self, serializer)\n    }}\n}}");

    let _ = writeln!(out, "impl<'de> {deserialize}<'de> for {name} {{");
    deserialize_signature(out, result);
    let _ = writeln!(out, "        {deserialize_enum}(deserializer)\n    }}\n}}");
    let expecting = format!("{} `{}` member name", naming::article(&item.name), item.name);
    let encoded = format!("Str({open_enum}::as_str(self))");
    wire_impl(scope, name, Takes::Scalar, &expecting, &encoded, out);
}

/// `    {name}({ty}),`, the type on a line of its own when it is long.
fn tuple_variant(out: &mut String, name: &str, ty: String) {
    let variant = text::Expr::List { open: format!("{name}("), items: vec![text::Expr::Atom(ty)], close: ")" };
    text::indent(out, 4);
    text::push_expr(out, 4, 4, &variant, 1);
    out.push_str(",\n");
}

/// A match arm at the depth of a method body's `match`.
fn arm(out: &mut String, pattern: &str, value: &str) {
    text::arm(out, 12, pattern, value);
}

/// `fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {`, `fmt` as the module spells it.
fn fmt_signature(out: &mut String, fmt: &str) {
    let formatter = format!("f: &mut {fmt}::Formatter<'_>");
    text::method_signature(out, 4, Inline, "fn fmt", &["&self", &formatter], Some(&format!("{fmt}::Result")));
}

fn serialize_signature(out: &mut String, result: &str) {
    let returns = format!("{result}<S::Ok, S::Error>");
    text::method_signature(
        out,
        4,
        Generic,
        "fn serialize<S: serde::Serializer>",
        &["&self", "serializer: S"],
        Some(&returns),
    );
}

fn deserialize_signature(out: &mut String, result: &str) {
    let returns = format!("{result}<Self, D::Error>");
    text::method_signature(
        out,
        4,
        Generic,
        "fn deserialize<D: serde::Deserializer<'de>>",
        &["deserializer: D"],
        Some(&returns),
    );
}

/// An enum over a type and its derived types, picked by `@odata.type`.
/// Variants are boxed: the structs differ widely in size.
fn polymorphic(scope: &Scope, item: &PolymorphicIr, out: &mut String) {
    let name = text::ident(&item.name);
    push_doc(
        out,
        0,
        &format!(" A `{}` or any type derived from it, told apart by `@odata.type` when decoding.", item.qualified),
    );
    let base = scope.type_text(&item.base);
    let unrecognized = text::ident(&item.unrecognized);
    let (option, result, boxed) = (scope.text(Name::Option), scope.text(Name::Result), scope.text(Name::Box));
    let (serialize, deserialize) = (scope.text(Name::Serialize), scope.text(Name::Deserialize));
    let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq)]\npub enum {name} {{");
    for variant in &item.variants {
        push_doc(out, 4, &format!(" `@odata.type` `#{}`.", variant.odata_type));
        let ty = format!("{boxed}<{}>", scope.type_text(&variant.ty));
        tuple_variant(out, text::ident(&variant.name), ty);
    }
    push_doc(out, 4, " A derived type this crate does not know (or no `@odata.type` on an abstract base), decoded as the base type; its other properties are kept in `additional_properties`.");
    tuple_variant(out, unrecognized, format!("{boxed}<{base}>"));
    out.push_str("}\n");

    let _ = writeln!(out, "impl {name} {{");
    text::doc_line(out, 4, " The qualified name of the concrete type (`None` when unrecognized).");
    text::method_signature(out, 4, Inline, "pub fn odata_type", &["&self"], Some(&format!("{option}<&'static str>")));
    out.push_str("        match self {\n");
    for variant in &item.variants {
        let value = format!("Some({})", text::literal(&variant.odata_type));
        arm(out, &format!("Self::{}(_)", text::ident(&variant.name)), &value);
    }
    arm(out, &format!("Self::{unrecognized}(_)"), "None");
    out.push_str("        }\n    }\n\n");
    if let Some(key) = &item.key {
        let key = text::ident(key);
        text::doc_line(out, 4, &format!(" The `{key}` (the entity's key) of whichever type the value is."));
        text::method_signature(out, 4, Inline, &format!("pub fn {key}"), &["&self"], Some(&format!("{option}<&str>")));
        out.push_str("        match self {\n");
        for variant in &item.variants {
            arm(out, &format!("Self::{}(value)", text::ident(&variant.name)), &format!("value.{key}.as_deref()"));
        }
        arm(out, &format!("Self::{unrecognized}(value)"), &format!("value.{key}.as_deref()"));
        out.push_str("        }\n    }\n\n");
    }
    text::doc_line(out, 4, " The value as the base type: a derived type's own properties are kept in");
    text::doc_line(out, 4, " `additional_properties` (and `@odata.type` with them), so nothing is lost.");
    text::method_signature(out, 4, Inline, "pub fn into_base", &["self"], Some(&base));
    out.push_str("        match self {\n");
    let into_base = scope.text(Name::IntoBase);
    for variant in &item.variants {
        let pattern = format!("Self::{}(value)", text::ident(&variant.name));
        let value = match variant.odata_type == item.qualified {
            true => "*value".to_owned(),
            false => format!("{into_base}(&*value)"),
        };
        arm(out, &pattern, &value);
    }
    arm(out, &format!("Self::{unrecognized}(value)"), "*value");
    out.push_str("        }\n    }\n}\n");

    let _ = writeln!(out, "impl {serialize} for {name} {{");
    serialize_signature(out, result);
    out.push_str("        match self {\n");
    for variant in &item.variants {
        let pattern = format!("Self::{}(value)", text::ident(&variant.name));
        arm(out, &pattern, &format!("{serialize}::serialize(value, serializer)"));
    }
    arm(out, &format!("Self::{unrecognized}(value)"), &format!("{serialize}::serialize(value, serializer)"));
    out.push_str("        }\n    }\n}\n");

    let decode_variant = scope.text(Name::DecodeVariant);
    let decode_polymorphic = scope.text(Name::DecodePolymorphic);
    let _ = writeln!(out, "impl<'de> {deserialize}<'de> for {name} {{");
    deserialize_signature(out, result);
    let _ = writeln!(
        out,
        "        {decode_polymorphic}(\n            deserializer,\n            |odata_type, value| match odata_type {{"
    );
    let decode_arm = |out: &mut String, pattern: &str, variant: &str| {
        text::arm(out, 16, pattern, &format!("{decode_variant}(value, Self::{variant})"));
    };
    for variant in &item.variants {
        let pattern = match &variant.odata_type_alias {
            Some(alias) => format!("Some({} | {})", text::literal(&variant.odata_type), text::literal(alias)),
            None => format!("Some({})", text::literal(&variant.odata_type)),
        };
        decode_arm(out, &pattern, text::ident(&variant.name));
    }
    if let Some(base) = item.variants.iter().find(|v| v.odata_type == item.qualified) {
        decode_arm(out, "None", text::ident(&base.name));
    }
    decode_arm(out, "_", unrecognized);
    out.push_str("            },\n        )\n    }\n}\n");
    let expecting = format!("{} `{}` object", naming::article(&item.name), item.name);
    wire_impl(scope, name, Takes::Whole, &expecting, "Serde(self)", out);
}

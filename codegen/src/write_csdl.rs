//! Writes a [`Slice`] of a model as a self-contained CSDL document: the
//! committed `metadata/` slice that `cargo xtask regen` reads.
//!
//! Deterministic by construction: schemas, types and operations sorted by name
//! (overloads by their binding), members and properties in document order,
//! attributes in a fixed order, two-space indentation, type names written with
//! their namespace (never an alias), annotations inline on their element.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::csdl::chars::{is_unsafe, is_xml_char};
use crate::csdl::{Annotation, Expression, Facets, MaxLength, OperationKind, Scale, EDMX_NAMESPACE};
use crate::model::{Model, OperationId, SchemaId, StructuredDef, TypeId, TypeKind, TypeRef};
use crate::select::{AnchorStart, Slice};

const EDM_NAMESPACE: &str = "http://docs.oasis-open.org/odata/ns/edm";

/// The slice as CSDL XML text. `source` names the document it was taken from
/// (a file name, not a path, so the output does not depend on the machine).
pub fn write_slice(model: &Model, slice: &Slice, source: &str) -> String {
    let mut xml = Xml::default();
    xml.line(0, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    xml.line(
        0,
        &format!(
            "<!-- The Microsoft Graph synchronization slice, selected from {} by `cargo xtask slice` \
             with the slice.toml beside it. Do not edit: regenerate it. -->",
            comment_text(source)
        ),
    );
    xml.line(0, &format!(r#"<edmx:Edmx Version="4.0" xmlns:edmx="{EDMX_NAMESPACE}">"#));
    xml.line(1, "<edmx:DataServices>");
    let mut schemas: Vec<SchemaId> = slice
        .types
        .iter()
        .chain(&slice.path_types)
        .map(|&ty| model.ty(ty).schema)
        .chain(slice.operations.iter().map(|&op| model.operation(op).schema))
        .chain(slice.anchors.iter().map(|a| model.containers[a.container].schema))
        .chain(slice.resources.iter().map(|r| model.containers[r.container].schema))
        .collect();
    schemas.sort_by_key(|&id| &model.schema(id).namespace);
    schemas.dedup();
    for schema in schemas {
        write_schema(&mut xml, model, slice, schema);
    }
    xml.line(1, "</edmx:DataServices>");
    xml.line(0, "</edmx:Edmx>");
    xml.text
}

/// The source document a slice names in its header, as passed to [`write_slice`].
pub fn source_of(slice_text: &str) -> Option<String> {
    let header = slice_text.lines().nth(1)?;
    let rest = header.strip_prefix("<!-- The Microsoft Graph synchronization slice, selected from ")?;
    rest.split_once(" by `cargo xtask slice`").map(|(source, _)| decode_comment_text(source))
}

/// `text` for the header comment: a comment holds no markup and no
/// references, so nothing is escaped the XML way. Instead `%`, `--` (which
/// would end the comment or make it ill-formed), a final `-`, and every
/// control, bidirectional or non-XML character are percent-encoded, which
/// [`source_of`] reverses.
fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let hyphen = ch == '-' && matches!(chars.peek(), Some('-') | None);
        if ch == '%' || hyphen || is_unsafe(ch) || !is_xml_char(ch) {
            let mut bytes = [0; 4];
            for byte in ch.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(ch);
        }
    }
    out
}

fn decode_comment_text(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// `text` escaped for an attribute value (`attribute`) or element content:
/// the five markup characters as entities, and in attribute values the
/// white space that attribute-value normalization would turn into spaces
/// (`\t`, `\n`, `\r`) as character references, so it reads back unchanged;
/// `\r` in content too, which line-end normalization would drop. A character
/// XML 1.0 cannot hold at all (the reader refuses such documents, so it only
/// gets here from a model built in code) becomes U+FFFD.
fn escape(text: &str, attribute: bool) -> std::borrow::Cow<'_, str> {
    let special = |ch: char| {
        matches!(ch, '<' | '>' | '&' | '\'' | '"' | '\r')
            || (attribute && matches!(ch, '\t' | '\n'))
            || !is_xml_char(ch)
    };
    if !text.chars().any(special) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            ch if !is_xml_char(ch) => out.push('\u{FFFD}'),
            ch => out.push(ch),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[derive(Default)]
struct Xml {
    text: String,
}

impl Xml {
    fn line(&mut self, depth: usize, line: &str) {
        for _ in 0..depth {
            self.text.push_str("  ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// `<name a="1" b="2">` (or `/>` when `close`), attributes with values escaped.
    fn open(&mut self, depth: usize, name: &str, attributes: &[(&str, Option<String>)], close: bool) {
        let mut tag = format!("<{name}");
        for (key, value) in attributes {
            if let Some(value) = value {
                let _ = write!(tag, r#" {key}="{}""#, escape(value.as_str(), true));
            }
        }
        tag.push_str(if close { " />" } else { ">" });
        self.line(depth, &tag);
    }
}

fn write_schema(xml: &mut Xml, model: &Model, slice: &Slice, schema: SchemaId) {
    let info = model.schema(schema);
    let mut attributes = vec![("Namespace", Some(info.namespace.clone()))];
    attributes.push(("Alias", info.alias.clone()));
    attributes.push(("xmlns", Some(EDM_NAMESPACE.to_owned())));
    xml.open(2, "Schema", &attributes, false);

    let mut types: Vec<TypeId> =
        slice.types.iter().chain(&slice.path_types).copied().filter(|&t| model.ty(t).schema == schema).collect();
    let rank = |ty: TypeId| match model.ty(ty).kind {
        TypeKind::Enum(_) => 0,
        TypeKind::Definition(_) => 1,
        TypeKind::Complex(_) => 2,
        TypeKind::Entity(_) => 3,
    };
    types.sort_by(|&a, &b| (rank(a), &model.ty(a).name).cmp(&(rank(b), &model.ty(b).name)));
    for ty in types {
        if slice.path_types.contains(&ty) {
            write_path_type(xml, model, slice, ty);
        } else {
            write_type(xml, model, slice, ty);
        }
    }

    let mut operations: Vec<OperationId> =
        slice.operations.iter().copied().filter(|&op| model.operation(op).schema == schema).collect();
    operations.sort_by_key(|&op| {
        let operation = model.operation(op);
        let binding = operation.parameters.first().map(|p| model.type_ref_name(&p.ty)).unwrap_or_default();
        (operation.kind, operation.name.clone(), binding)
    });
    for op in operations {
        write_operation(xml, model, op);
    }

    write_container(xml, model, slice, schema);
    xml.line(2, "</Schema>");
}

/// The entity container's entity sets and singletons the slice's paths start at.
fn write_container(xml: &mut Xml, model: &Model, slice: &Slice, schema: SchemaId) {
    let in_schema = |container: usize| model.containers[container].schema == schema;
    // (container, index) pairs.
    let mut sets: Vec<(usize, usize)> = Vec::new();
    let mut singletons: Vec<(usize, usize)> = Vec::new();
    for anchor in slice.anchors.iter().filter(|a| in_schema(a.container)) {
        match anchor.start {
            AnchorStart::EntitySet(set) => sets.push((anchor.container, set)),
            AnchorStart::Singleton(singleton) => singletons.push((anchor.container, singleton)),
        }
    }
    sets.extend(slice.resources.iter().filter(|r| in_schema(r.container)).map(|r| (r.container, r.entity_set)));
    let Some(&(container, _)) = sets.first().or(singletons.first()) else { return };
    let container = &model.containers[container];
    sets.sort_by_key(|&(_, s)| &container.entity_sets[s].name);
    sets.dedup();
    singletons.sort_by_key(|&(_, s)| &container.singletons[s].name);
    singletons.dedup();
    xml.open(3, "EntityContainer", &[("Name", Some(container.name.clone()))], false);
    for (_, set) in sets {
        let set = &container.entity_sets[set];
        let attributes =
            [("Name", Some(set.name.clone())), ("EntityType", Some(model.type_name(set.entity_type).to_string()))];
        element_with_annotations(xml, 4, "EntitySet", &attributes, &set.annotations);
    }
    for (_, singleton) in singletons {
        let singleton = &container.singletons[singleton];
        let attributes =
            [("Name", Some(singleton.name.clone())), ("Type", Some(model.type_name(singleton.ty).to_string()))];
        element_with_annotations(xml, 4, "Singleton", &attributes, &singleton.annotations);
    }
    xml.line(3, "</EntityContainer>");
}

fn write_type(xml: &mut Xml, model: &Model, slice: &Slice, ty: TypeId) {
    let def = model.ty(ty);
    match &def.kind {
        TypeKind::Enum(enumeration) => {
            let attributes = [
                ("Name", Some(def.name.clone())),
                ("IsFlags", enumeration.is_flags.then(|| "true".to_owned())),
                (
                    "UnderlyingType",
                    (enumeration.underlying != crate::model::Primitive::Int32)
                        .then(|| enumeration.underlying.to_string()),
                ),
            ];
            if enumeration.members.is_empty() && def.annotations.is_empty() {
                xml.open(3, "EnumType", &attributes, true);
                return;
            }
            xml.open(3, "EnumType", &attributes, false);
            for member in &enumeration.members {
                let attributes = [("Name", Some(member.name.clone())), ("Value", Some(member.value.to_string()))];
                element_with_annotations(xml, 4, "Member", &attributes, &member.annotations);
            }
            write_annotations(xml, 4, &def.annotations);
            xml.line(3, "</EnumType>");
        }
        TypeKind::Definition(definition) => {
            let mut attributes =
                vec![("Name", Some(def.name.clone())), ("UnderlyingType", Some(definition.underlying.to_string()))];
            attributes.extend(facet_attributes(&definition.facets));
            element_with_annotations(xml, 3, "TypeDefinition", &attributes, &def.annotations);
        }
        TypeKind::Complex(structured) | TypeKind::Entity(structured) => {
            let element = if matches!(def.kind, TypeKind::Entity(_)) { "EntityType" } else { "ComplexType" };
            let kept = Members { keys_only: false, navigation: slice.returned.get(&ty) };
            write_structured(xml, model, ty, element, structured, kept);
        }
    }
}

/// A path-only type: its key and the anchors' navigation properties, nothing else.
fn write_path_type(xml: &mut Xml, model: &Model, slice: &Slice, ty: TypeId) {
    let Some(structured) = model.structured(ty) else { return };
    let navigation: BTreeSet<String> =
        slice.anchors.iter().filter(|a| a.entity_type == ty).map(|a| a.navigation.clone()).collect();
    write_structured(
        xml,
        model,
        ty,
        "EntityType",
        structured,
        Members { keys_only: true, navigation: Some(&navigation) },
    );
}

/// Which members of a type the slice document keeps.
#[derive(Clone, Copy)]
struct Members<'a> {
    /// Only the keys (alternate ones too) and the key-related annotation: a path-only type.
    keys_only: bool,
    /// The navigation properties kept, by name; `None`: all.
    navigation: Option<&'a BTreeSet<String>>,
}

fn write_structured(xml: &mut Xml, model: &Model, ty: TypeId, element: &str, def: &StructuredDef, kept: Members<'_>) {
    let name = &model.ty(ty).name;
    let attributes = [
        ("Name", Some(name.clone())),
        ("BaseType", def.base.map(|base| model.type_name(base).to_string())),
        ("Abstract", def.is_abstract.then(|| "true".to_owned())),
        ("OpenType", def.open_type.then(|| "true".to_owned())),
        ("HasStream", def.has_stream.then(|| "true".to_owned())),
    ];
    // A path-only type keeps what URLs need: its keys (alternate ones too) and the anchor navigation.
    let all_annotations = &model.ty(ty).annotations;
    let alternate: Vec<String> =
        crate::model::alternate_keys(all_annotations).into_iter().flatten().map(|part| part.property).collect();
    let keep_property =
        |p: &str| !kept.keys_only || def.key.iter().any(|k| k.name == p) || alternate.iter().any(|a| a == p);
    let keep_navigation = |n: &String| kept.navigation.is_none_or(|names| names.contains(n));
    let properties: Vec<_> = def.properties.iter().filter(|p| keep_property(&p.name)).collect();
    let navigation: Vec<_> = def.navigation_properties.iter().filter(|n| keep_navigation(&n.name)).collect();
    let annotations: Vec<Annotation> = match kept.keys_only {
        false => all_annotations.clone(),
        true => {
            all_annotations.iter().filter(|a| a.term == crate::model::annotations::ALTERNATE_KEYS).cloned().collect()
        }
    };
    let annotations = &annotations[..];
    if def.key.is_empty() && properties.is_empty() && navigation.is_empty() && annotations.is_empty() {
        xml.open(3, element, &attributes, true);
        return;
    }
    xml.open(3, element, &attributes, false);
    if !def.key.is_empty() {
        xml.line(4, "<Key>");
        for part in &def.key {
            xml.open(5, "PropertyRef", &[("Name", Some(part.name.clone())), ("Alias", part.alias.clone())], true);
        }
        xml.line(4, "</Key>");
    }
    for property in properties {
        let mut attributes = vec![("Name", Some(property.name.clone()))];
        attributes.extend(type_attributes(model, &property.ty));
        attributes.push(("DefaultValue", property.default_value.clone()));
        element_with_annotations(xml, 4, "Property", &attributes, &property.annotations);
    }
    for navigation in navigation {
        let attributes = [
            ("Name", Some(navigation.name.clone())),
            ("Type", Some(model.type_ref_name(&navigation.ty))),
            ("Nullable", (!navigation.ty.nullable).then(|| "false".to_owned())),
            ("Partner", navigation.partner.clone()),
            ("ContainsTarget", navigation.contains_target.then(|| "true".to_owned())),
        ];
        element_with_annotations(xml, 4, "NavigationProperty", &attributes, &navigation.annotations);
    }
    write_annotations(xml, 4, annotations);
    xml.line(3, &format!("</{element}>"));
}

fn write_operation(xml: &mut Xml, model: &Model, op: OperationId) {
    let operation = model.operation(op);
    let element = match operation.kind {
        OperationKind::Action => "Action",
        OperationKind::Function => "Function",
    };
    let attributes = [
        ("Name", Some(operation.name.clone())),
        ("IsBound", operation.is_bound.then(|| "true".to_owned())),
        ("IsComposable", operation.is_composable.then(|| "true".to_owned())),
        ("EntitySetPath", operation.entity_set_path.clone()),
    ];
    xml.open(3, element, &attributes, false);
    for parameter in &operation.parameters {
        let mut attributes = vec![("Name", Some(parameter.name.clone()))];
        attributes.extend(type_attributes(model, &parameter.ty));
        element_with_annotations(xml, 4, "Parameter", &attributes, &parameter.annotations);
    }
    if let Some(returns) = &operation.return_type {
        element_with_annotations(xml, 4, "ReturnType", &type_attributes(model, returns), &operation.return_annotations);
    }
    write_annotations(xml, 4, &operation.annotations);
    xml.line(3, &format!("</{element}>"));
}

/// `Type`, `Nullable` (only when `false`) and the facets of a type reference.
fn type_attributes(model: &Model, ty: &TypeRef) -> Vec<(&'static str, Option<String>)> {
    let mut attributes =
        vec![("Type", Some(model.type_ref_name(ty))), ("Nullable", (!ty.nullable).then(|| "false".to_owned()))];
    if let Some(facets) = &ty.facets {
        attributes.extend(facet_attributes(facets));
    }
    attributes
}

fn facet_attributes(facets: &Facets) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "MaxLength",
            facets.max_length.map(|m| match m {
                MaxLength::Max => "max".to_owned(),
                MaxLength::Length(n) => n.to_string(),
            }),
        ),
        ("Precision", facets.precision.map(|p| p.to_string())),
        (
            "Scale",
            facets.scale.map(|s| match s {
                Scale::Variable => "variable".to_owned(),
                Scale::Floating => "floating".to_owned(),
                Scale::Digits(n) => n.to_string(),
            }),
        ),
        ("Unicode", facets.unicode.map(|u| u.to_string())),
        ("SRID", facets.srid.clone()),
    ]
}

/// An element that is empty but for its annotations.
fn element_with_annotations(
    xml: &mut Xml,
    depth: usize,
    name: &str,
    attributes: &[(&str, Option<String>)],
    annotations: &[Annotation],
) {
    if annotations.is_empty() {
        xml.open(depth, name, attributes, true);
    } else {
        xml.open(depth, name, attributes, false);
        write_annotations(xml, depth + 1, annotations);
        xml.line(depth, &format!("</{name}>"));
    }
}

fn write_annotations(xml: &mut Xml, depth: usize, annotations: &[Annotation]) {
    for annotation in annotations {
        let mut attributes = vec![("Term", Some(annotation.term.clone())), ("Qualifier", annotation.qualifier.clone())];
        let inline = annotation.value.as_ref().and_then(attribute_form);
        attributes.extend(inline.clone().map(|(key, value)| (key, Some(value))));
        let child = if inline.is_some() { None } else { annotation.value.as_ref() };
        if child.is_none() && annotation.annotations.is_empty() {
            xml.open(depth, "Annotation", &attributes, true);
            continue;
        }
        xml.open(depth, "Annotation", &attributes, false);
        if let Some(value) = child {
            write_expression(xml, depth + 1, value);
        }
        write_annotations(xml, depth + 1, &annotation.annotations);
        xml.line(depth, "</Annotation>");
    }
}

/// Constants and paths are written as attributes (`String="..."`).
fn attribute_form(value: &Expression) -> Option<(&'static str, String)> {
    match value {
        Expression::Constant(kind, text) => Some((kind.xml_name(), text.clone())),
        Expression::Path(kind, text) => Some((kind.xml_name(), text.clone())),
        _ => None,
    }
}

fn write_expression(xml: &mut Xml, depth: usize, value: &Expression) {
    match value {
        Expression::Constant(kind, text) => {
            let name = kind.xml_name();
            xml.line(depth, &format!("<{name}>{}</{name}>", escape(text.as_str(), false)));
        }
        Expression::Path(kind, text) => {
            let name = kind.xml_name();
            xml.line(depth, &format!("<{name}>{}</{name}>", escape(text.as_str(), false)));
        }
        Expression::Null => xml.line(depth, "<Null />"),
        Expression::Other(name) => xml.line(depth, &format!("<{name} />")),
        Expression::Collection(items) => {
            xml.line(depth, "<Collection>");
            for item in items {
                write_expression(xml, depth + 1, item);
            }
            xml.line(depth, "</Collection>");
        }
        Expression::Record(record) => {
            xml.open(depth, "Record", &[("Type", record.type_name.clone())], false);
            for property in &record.properties {
                let mut attributes = vec![("Property", Some(property.property.clone()))];
                let inline = property.value.as_ref().and_then(attribute_form);
                attributes.extend(inline.clone().map(|(key, value)| (key, Some(value))));
                match (&property.value, inline) {
                    (Some(value), None) => {
                        xml.open(depth + 1, "PropertyValue", &attributes, false);
                        write_expression(xml, depth + 2, value);
                        xml.line(depth + 1, "</PropertyValue>");
                    }
                    _ => xml.open(depth + 1, "PropertyValue", &attributes, true),
                }
            }
            write_annotations(xml, depth + 1, &record.annotations);
            xml.line(depth, "</Record>");
        }
    }
}

//! The schema-change report: what changed between two selected models, and
//! which changes break Rust code that uses the generated crate.
//!
//! Items are compared by qualified name (types) and by name and binding
//! (operations). Breaking: a removed or retyped item, a new required
//! parameter, a new member of an enum (generated enums are matched
//! exhaustively). Additive: new types, properties (structs are
//! `#[non_exhaustive]`), operations, optional parameters; deprecations and
//! nullability changes are noted as additive too (every property is a `Field`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Model, OperationId, TypeId, TypeKind, TypeRef};
use crate::select::Slice;

/// One change, worded for a reader of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Whether downstream Rust code may stop compiling.
    pub breaking: bool,
    /// What changed, e.g. "action `stop` on `synchronizationJob` removed".
    pub description: String,
}

/// All changes between an old and a new slice, breaking ones first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    pub fn additive(&self) -> usize {
        self.changes.len() - self.breaking()
    }

    /// The one-line verdict, e.g. "3 breaking, 14 additive: the next version must be a major bump".
    pub fn verdict(&self) -> String {
        let (breaking, additive) = (self.breaking(), self.additive());
        match (breaking, additive) {
            (0, 0) => "no change to the slice: no new version needed".to_owned(),
            (0, _) => format!("0 breaking, {additive} additive: a minor version bump"),
            _ => format!("{breaking} breaking, {additive} additive: the next version must be a major bump"),
        }
    }

    /// The report for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let mark = if change.breaking { "BREAKING" } else { "additive" };
            let _ = writeln!(out, "  {mark:9} {}", change.description);
        }
        let _ = writeln!(out, "{}", self.verdict());
        out
    }

    /// The report as a Markdown section headed `title`.
    pub fn to_markdown(&self, title: &str) -> String {
        let mut out = format!("## {title}\n\n**{}**\n\n", self.verdict());
        for (heading, breaking) in [("Breaking", true), ("Additive", false)] {
            let lines: Vec<&Change> = self.changes.iter().filter(|c| c.breaking == breaking).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {heading}\n");
            for change in lines {
                let _ = writeln!(out, "- {}", change.description);
            }
            out.push('\n');
        }
        out
    }
}

/// Compares the selected parts of two models.
pub fn compare(old: (&Model, &Slice), new: (&Model, &Slice)) -> Report {
    let mut changes = Vec::new();
    let old_types = types_by_name(old.0, old.1);
    let new_types = types_by_name(new.0, new.1);
    for (name, &id) in &old_types {
        match new_types.get(name) {
            None => changes.push(change(true, format!("{} `{name}` removed", kind_name(old.0, id)))),
            Some(&new_id) => compare_type(&mut changes, name, (old.0, old.1, id), (new.0, new.1, new_id)),
        }
    }
    for (name, &id) in &new_types {
        if !old_types.contains_key(name) {
            changes.push(change(false, format!("{} `{name}` added", kind_name(new.0, id))));
        }
    }

    let old_operations = operations_by_key(old.0, old.1);
    let new_operations = operations_by_key(new.0, new.1);
    for (key, &id) in &old_operations {
        match new_operations.get(key) {
            None => changes.push(change(true, format!("{} removed", describe_operation(old.0, id)))),
            Some(&new_id) => compare_operation(&mut changes, (old.0, id), (new.0, new_id)),
        }
    }
    for (key, &id) in &new_operations {
        if !old_operations.contains_key(key) {
            changes.push(change(false, format!("{} added", describe_operation(new.0, id))));
        }
    }
    changes.sort_by(|a, b| b.breaking.cmp(&a.breaking).then_with(|| a.description.cmp(&b.description)));
    Report { changes }
}

fn change(breaking: bool, description: String) -> Change {
    Change { breaking, description }
}

fn types_by_name(model: &Model, slice: &Slice) -> BTreeMap<String, TypeId> {
    slice.types.iter().map(|&id| (model.type_name(id).to_string(), id)).collect()
}

/// Operations keyed by name, binding type and collection-ness.
fn operations_by_key(model: &Model, slice: &Slice) -> BTreeMap<String, OperationId> {
    slice.operations.iter().map(|&id| (describe_operation(model, id), id)).collect()
}

fn describe_operation(model: &Model, id: OperationId) -> String {
    let op = model.operation(id);
    let kind = op.kind.as_str();
    match op.binding {
        Some(binding) => {
            let target = model.type_name(binding.ty).name;
            let target = if binding.collection { format!("collection of `{target}`") } else { format!("`{target}`") };
            format!("{kind} `{}` on {target}", op.name)
        }
        None => format!("unbound {kind} `{}`", op.name),
    }
}

fn kind_name(model: &Model, id: TypeId) -> &'static str {
    match model.ty(id).kind {
        TypeKind::Enum(_) => "enum type",
        TypeKind::Definition(_) => "type definition",
        TypeKind::Complex(_) => "complex type",
        TypeKind::Entity(_) => "entity type",
    }
}

/// How a reference is written for comparison: the same text means the same type.
fn type_text(model: &Model, ty: &TypeRef) -> String {
    model.type_ref_name(ty)
}

/// A type of a slice: the model, the slice and the type.
type Side<'a> = (&'a Model, &'a Slice, TypeId);

fn compare_type(changes: &mut Vec<Change>, name: &str, old_side: Side<'_>, new_side: Side<'_>) {
    let (old, new) = ((old_side.0, old_side.2), (new_side.0, new_side.2));
    let (old_def, new_def) = (old.0.ty(old.1), new.0.ty(new.1));
    if old_def.deprecation.is_none() && new_def.deprecation.is_some() {
        changes.push(change(false, format!("{} `{name}` deprecated", kind_name(new.0, new.1))));
    }
    match (&old_def.kind, &new_def.kind) {
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            for member in &a.members {
                if !b.members.iter().any(|m| m.name == member.name) {
                    changes.push(change(true, format!("enum member `{name}.{}` removed", member.name)));
                }
            }
            for member in &b.members {
                match a.members.iter().find(|m| m.name == member.name) {
                    None => changes.push(change(
                        true,
                        format!("enum member `{name}.{}` added (exhaustive matches must handle it)", member.name),
                    )),
                    Some(old_member) if old_member.deprecation.is_none() && member.deprecation.is_some() => {
                        changes.push(change(false, format!("enum member `{name}.{}` deprecated", member.name)));
                    }
                    Some(_) => {}
                }
            }
            if a.is_flags != b.is_flags {
                changes.push(change(true, format!("enum type `{name}` IsFlags changed to {}", b.is_flags)));
            }
        }
        (TypeKind::Complex(_), TypeKind::Complex(_)) | (TypeKind::Entity(_), TypeKind::Entity(_)) => {
            compare_members(changes, name, old_side, new_side);
            let base = |model: &Model, id| model.base_type(id).map(|b| model.type_name(b).to_string());
            let (old_base, new_base) = (base(old.0, old.1), base(new.0, new.1));
            if old_base != new_base {
                changes.push(change(
                    false,
                    format!(
                        "base type of `{name}` changed from {old_base:?} to {new_base:?} (see the property changes)"
                    ),
                ));
            }
        }
        (TypeKind::Definition(_), TypeKind::Definition(_)) => {}
        _ => changes.push(change(
            true,
            format!("`{name}` changed from {} to {}", kind_name(old.0, old.1), kind_name(new.0, new.1)),
        )),
    }
}

/// Properties and navigation properties, own and inherited (each struct holds them all).
fn compare_members(changes: &mut Vec<Change>, name: &str, old: Side<'_>, new: Side<'_>) {
    type Members<'a> = BTreeMap<&'a str, (&'a TypeRef, bool, &'static str)>;
    fn members<'m>((model, slice, id): Side<'m>) -> Members<'m> {
        let properties = model
            .all_properties(id)
            .into_iter()
            .map(|p| (p.name.as_str(), (&p.ty, p.deprecation.is_some(), "property")));
        let navigation = slice
            .navigation_properties(model, id)
            .into_iter()
            .map(|n| (n.name.as_str(), (&n.ty, n.deprecation.is_some(), "navigation property")));
        properties.chain(navigation).collect()
    }
    let (old_members, new_members) = (members(old), members(new));
    for (property, (ty, _, what)) in &old_members {
        match new_members.get(property) {
            None => changes.push(change(true, format!("{what} `{name}.{property}` removed"))),
            Some((new_ty, deprecated, _)) => {
                let (before, after) = (type_text(old.0, ty), type_text(new.0, new_ty));
                if before != after {
                    changes
                        .push(change(true, format!("{what} `{name}.{property}` retyped from `{before}` to `{after}`")));
                } else if ty.nullable != new_ty.nullable {
                    let now = if new_ty.nullable { "nullable" } else { "not nullable" };
                    changes.push(change(false, format!("{what} `{name}.{property}` is now {now}")));
                }
                let was_deprecated = old_members.get(property).is_some_and(|m| m.1);
                if *deprecated && !was_deprecated {
                    changes.push(change(false, format!("{what} `{name}.{property}` deprecated")));
                }
            }
        }
    }
    for (property, (_, _, what)) in &new_members {
        if !old_members.contains_key(property) {
            changes.push(change(false, format!("{what} `{name}.{property}` added")));
        }
    }
}

fn compare_operation(changes: &mut Vec<Change>, old: (&Model, OperationId), new: (&Model, OperationId)) {
    let (a, b) = (old.0.operation(old.1), new.0.operation(new.1));
    let what = describe_operation(new.0, new.1);
    for parameter in a.non_binding_parameters() {
        match b.non_binding_parameters().iter().find(|p| p.name == parameter.name) {
            None => changes.push(change(true, format!("parameter `{}` of {what} removed", parameter.name))),
            Some(new_parameter) => {
                let (before, after) = (type_text(old.0, &parameter.ty), type_text(new.0, &new_parameter.ty));
                if before != after {
                    changes.push(change(
                        true,
                        format!("parameter `{}` of {what} retyped from `{before}` to `{after}`", parameter.name),
                    ));
                }
            }
        }
    }
    for parameter in b.non_binding_parameters() {
        if !a.non_binding_parameters().iter().any(|p| p.name == parameter.name) {
            let required = !parameter.ty.nullable && !parameter.optional;
            let label = if required { "required" } else { "optional" };
            changes.push(change(required, format!("{label} parameter `{}` of {what} added", parameter.name)));
        }
    }
    let returns =
        |model: &Model, ty: Option<&TypeRef>| ty.map_or_else(|| "nothing".to_owned(), |t| type_text(model, t));
    let (before, after) = (returns(old.0, a.return_type.as_ref()), returns(new.0, b.return_type.as_ref()));
    if before != after {
        changes.push(change(true, format!("return type of {what} changed from `{before}` to `{after}`")));
    }
    if a.deprecation.is_none() && b.deprecation.is_some() {
        changes.push(change(false, format!("{what} deprecated")));
    }
}

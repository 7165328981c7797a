//! The annotations the generator interprets: documentation
//! (`Org.OData.Core.V1.Description`, `LongDescription`) and deprecation
//! (`Org.OData.Core.V1.Revisions` with `Kind` `Deprecated`).

use super::Annotation;
use crate::csdl::{ConstantKind, Expression, Record};

/// Term of a short description.
pub const DESCRIPTION: &str = "Org.OData.Core.V1.Description";
/// Term of a long description.
pub const LONG_DESCRIPTION: &str = "Org.OData.Core.V1.LongDescription";
/// Term of the revision history, where deprecations are recorded.
pub const REVISIONS: &str = "Org.OData.Core.V1.Revisions";
/// Term marking an operation parameter as optional.
pub const OPTIONAL_PARAMETER: &str = "Org.OData.Core.V1.OptionalParameter";
/// Term listing alternate keys of an entity type or set.
pub const ALTERNATE_KEYS: &str = "Org.OData.Core.V1.AlternateKeys";
/// Term restricting updates (its `UpdateMethod` says PATCH or PUT).
pub const UPDATE_RESTRICTIONS: &str = "Org.OData.Capabilities.V1.UpdateRestrictions";
/// Term restricting deletion (`Deletable`).
pub const DELETE_RESTRICTIONS: &str = "Org.OData.Capabilities.V1.DeleteRestrictions";
/// Term restricting what can be done through navigation properties
/// (`RestrictedProperties`, each with its own `DeleteRestrictions`, ...).
pub const NAVIGATION_RESTRICTIONS: &str = "Org.OData.Capabilities.V1.NavigationRestrictions";

/// Term restricting `$filter` on a collection (`Filterable`,
/// `NonFilterableProperties`).
pub const FILTER_RESTRICTIONS: &str = "Org.OData.Capabilities.V1.FilterRestrictions";

/// What a request may do to a resource, as the Capabilities vocabulary restricts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// `DELETE`: `DeleteRestrictions/Deletable`.
    Delete,
    /// `PATCH` or `PUT`: `UpdateRestrictions/Updatable`.
    Update,
}

impl Capability {
    fn term(self) -> &'static str {
        match self {
            Capability::Delete => DELETE_RESTRICTIONS,
            Capability::Update => UPDATE_RESTRICTIONS,
        }
    }

    /// The term's name without its vocabulary (`DeleteRestrictions`): the
    /// property of a `NavigationRestrictions` entry that restricts the same.
    fn restrictions(self) -> &'static str {
        match self {
            Capability::Delete => "DeleteRestrictions",
            Capability::Update => "UpdateRestrictions",
        }
    }

    fn property(self) -> &'static str {
        match self {
            Capability::Delete => "Deletable",
            Capability::Update => "Updatable",
        }
    }
}

/// Whether `annotations` restrict `capability` (`Deletable` or `Updatable`
/// written `false`); without the annotation or the property, nothing is restricted.
pub fn restricts(annotations: &[Annotation], capability: Capability) -> bool {
    annotations.iter().filter(|a| a.term == capability.term() && a.qualifier.is_none()).any(
        |a| matches!(&a.value, Some(Expression::Record(record)) if is_false(property(record, capability.property()))),
    )
}

/// Whether a `NavigationRestrictions` in `annotations` restricts `capability`
/// for the navigation property `navigation` (a `RestrictedProperties` entry
/// whose `NavigationProperty` path ends in it).
pub fn restricts_navigation(annotations: &[Annotation], navigation: &str, capability: Capability) -> bool {
    annotations.iter().filter(|a| a.term == NAVIGATION_RESTRICTIONS && a.qualifier.is_none()).any(|a| {
        let Some(Expression::Record(record)) = &a.value else { return false };
        let Some(Expression::Collection(entries)) = property(record, "RestrictedProperties") else { return false };
        entries.iter().any(|entry| {
            let Expression::Record(entry) = entry else { return false };
            let names_it = match property(entry, "NavigationProperty") {
                Some(Expression::Path(_, path) | Expression::Constant(_, path)) => {
                    path.rsplit('/').next() == Some(navigation)
                }
                _ => false,
            };
            let restriction = property(entry, capability.restrictions());
            names_it
                && matches!(restriction, Some(Expression::Record(inner)) if is_false(property(inner, capability.property())))
        })
    })
}

/// The properties `FilterRestrictions` in `annotations` name as
/// `NonFilterableProperties` (a path's first segment: the property a filter
/// names), in the order written.
pub fn non_filterable_properties(annotations: &[Annotation]) -> Vec<String> {
    let mut names = Vec::new();
    for annotation in annotations.iter().filter(|a| a.term == FILTER_RESTRICTIONS && a.qualifier.is_none()) {
        let Some(Expression::Record(record)) = &annotation.value else { continue };
        let Some(Expression::Collection(paths)) = property(record, "NonFilterableProperties") else { continue };
        for path in paths {
            if let Expression::Path(_, path) | Expression::Constant(_, path) = path {
                let name = path.split('/').next().unwrap_or_default();
                if crate::csdl::identifier::is_simple_identifier(name) && !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names
}

/// Whether `FilterRestrictions` in `annotations` say the collection takes
/// no `$filter`: a `Filterable` written `false`, and none written `true`.
/// (Graph's documents annotate some types, `directoryObject` among them,
/// with both: that says nothing, and is read as no restriction.)
pub fn refuses_filters(annotations: &[Annotation]) -> bool {
    let filterable = |annotation: &Annotation| match &annotation.value {
        Some(Expression::Record(record)) => match property(record, "Filterable") {
            Some(Expression::Constant(ConstantKind::Bool, text)) => Some(text == "true"),
            _ => None,
        },
        _ => None,
    };
    let said: Vec<bool> = annotations
        .iter()
        .filter(|a| a.term == FILTER_RESTRICTIONS && a.qualifier.is_none())
        .filter_map(filterable)
        .collect();
    said.contains(&false) && !said.contains(&true)
}

fn is_false(value: Option<&Expression>) -> bool {
    matches!(value, Some(Expression::Constant(ConstantKind::Bool, text)) if text == "false")
}

/// One alternate key part: the alias used in URLs and the property it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternateKeyPart {
    pub alias: String,
    pub property: String,
}

/// The alternate keys declared by `Org.OData.Core.V1.AlternateKeys`, each a list of parts.
pub fn alternate_keys(annotations: &[Annotation]) -> Vec<Vec<AlternateKeyPart>> {
    let Some(Expression::Collection(keys)) =
        annotations.iter().find(|a| a.term == ALTERNATE_KEYS && a.qualifier.is_none()).and_then(|a| a.value.as_ref())
    else {
        return Vec::new();
    };
    keys.iter()
        .filter_map(|key| match key {
            Expression::Record(record) => match property(record, "Key") {
                // A key with a part that cannot be read or named is left out whole.
                Some(Expression::Collection(parts)) => parts.iter().map(key_part).collect::<Option<Vec<_>>>(),
                _ => None,
            },
            _ => None,
        })
        .filter(|parts: &Vec<AlternateKeyPart>| !parts.is_empty())
        .collect()
}

fn key_part(part: &Expression) -> Option<AlternateKeyPart> {
    let Expression::Record(record) = part else { return None };
    let property = match property(record, "Name")? {
        Expression::Path(_, path) | Expression::Constant(_, path) => path.clone(),
        _ => return None,
    };
    let alias = string_value(property_alias(record)).unwrap_or_else(|| property.clone());
    // The alias is written into URLs and code, like a declared name.
    crate::csdl::identifier::is_simple_identifier(&alias).then_some(AlternateKeyPart { alias, property })
}

fn property_alias(record: &Record) -> Option<&Expression> {
    property(record, "Alias")
}

/// The HTTP method `Org.OData.Capabilities.V1.UpdateRestrictions` asks for (`PATCH` or `PUT`).
pub fn update_method(annotations: &[Annotation]) -> Option<String> {
    let annotation = annotations.iter().find(|a| a.term == UPDATE_RESTRICTIONS && a.qualifier.is_none())?;
    let Some(Expression::Record(record)) = &annotation.value else { return None };
    match property(record, "UpdateMethod")? {
        Expression::Constant(_, member) => member.rsplit(['/', '.']).next().map(str::to_ascii_uppercase),
        _ => None,
    }
}

/// Documentation text of an element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documentation {
    pub description: Option<String>,
    pub long_description: Option<String>,
}

/// A deprecation recorded by `Org.OData.Core.V1.Revisions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// When it was deprecated (`Date`), e.g. `2026-02-06`.
    pub date: Option<String>,
    /// When it will be removed (`RemovalDate`).
    pub removal_date: Option<String>,
    pub description: Option<String>,
    /// The revision's `Version`, e.g. `2026-02/SynchronizationSecret_Deprecation`.
    pub version: Option<String>,
}

/// Reads documentation and deprecation from an element's annotations.
/// Qualified annotations (for a specific audience) are ignored here.
pub(super) fn interpret(annotations: &[Annotation]) -> (Documentation, Option<Box<Deprecation>>) {
    let mut documentation = Documentation::default();
    let mut deprecation = None;
    for annotation in annotations.iter().filter(|a| a.qualifier.is_none()) {
        match annotation.term.as_str() {
            DESCRIPTION => documentation.description = string_value(annotation.value.as_ref()),
            LONG_DESCRIPTION => documentation.long_description = string_value(annotation.value.as_ref()),
            REVISIONS => {
                if let Some(Expression::Collection(revisions)) = &annotation.value {
                    deprecation = revisions.iter().rev().find_map(deprecation_of).map(Box::new).or(deprecation);
                }
            }
            _ => {}
        }
    }
    (documentation, deprecation)
}

/// Whether `term` is applied (with no value, or the value `true`).
pub(super) fn is_applied(annotations: &[Annotation], term: &str) -> bool {
    annotations.iter().any(|a| {
        a.term == term
            && match &a.value {
                None => true,
                Some(Expression::Constant(ConstantKind::Bool, text)) => text == "true",
                Some(_) => true,
            }
    })
}

fn deprecation_of(revision: &Expression) -> Option<Deprecation> {
    let Expression::Record(record) = revision else { return None };
    let kind = property(record, "Kind")?;
    let is_deprecated = match kind {
        Expression::Constant(ConstantKind::EnumMember, member) | Expression::Constant(ConstantKind::String, member) => {
            member.rsplit(['/', '.']).next() == Some("Deprecated")
        }
        _ => false,
    };
    if !is_deprecated {
        return None;
    }
    let text = |name| string_value(property(record, name));
    Some(Deprecation {
        date: text("Date"),
        removal_date: text("RemovalDate"),
        description: text("Description"),
        version: text("Version"),
    })
}

fn property<'a>(record: &'a Record, name: &str) -> Option<&'a Expression> {
    record.properties.iter().find(|p| p.property == name).and_then(|p| p.value.as_ref())
}

/// The text of a constant expression, if it is one and not empty.
fn string_value(value: Option<&Expression>) -> Option<String> {
    match value? {
        Expression::Constant(_, text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    }
}

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

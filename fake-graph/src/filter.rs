//! What the fake does with a `$filter`: it reads it into the runtime's one
//! expression type ([`graph_sync_runtime::query::FilterExpression`], which the typed
//! builders write) and evaluates it on the items it lists: comparisons of a
//! property path with a literal (`jobId eq '...'`, `statusInfo/status eq
//! 'failure'`, `activityDateTime ge 2026-05-01T00:00:00Z`,
//! `sourceIdentity/id eq '701984'`, `appId eq '...'`), `in`, `startswith`,
//! `endswith` and `contains`, `any` and `all` over collections, joined by
//! `and`, `or`, `not` and parentheses, and a collection's `/$count`.
//! Anything else is refused with a message saying the fake does not
//! evaluate it, so a test never passes on a filter the fake ignored. Text
//! is compared without regard to case (see [`folded`]).
//!
//! A `$search` ([`graph_sync_runtime::query::Search`]) is evaluated here too: a phrase
//! `"displayName:Team"` finds the items whose property holds the text,
//! without regard to case (Graph splits the value into words; the fake is
//! looser, never stricter).

use serde_json::Value;

use graph_sync_runtime::query::{FilterExpression, Literal, Op, Quantifier, Search, TextFunction};

use super::routes::{Filterable, Walk};
use super::wire::Query;
use super::Answer;

/// Why a filter is refused: the whole message of the fake's `400`.
fn unsupported(filter: &str, why: &str) -> String {
    format!(
        "the fake does not evaluate the $filter `{filter}` ({why}): it evaluates comparisons of a property path \
         with a literal (eq, ne, gt, ge, lt, le), in, startswith, endswith and contains, any and all, joined by \
         and, or, not"
    )
}

/// Reads a `$filter` value (already percent-decoded), or the fake's refusal.
pub(crate) fn parse(text: &str) -> Result<FilterExpression, String> {
    super::reading::filter(text).map_err(|why| unsupported(text, &why))
}

/// The refusal of a listing's `$filter` that names a property its
/// collection's metadata says cannot be filtered on (`FilterRestrictions`:
/// `Filterable` false, or the property among `NonFilterableProperties`), as
/// Graph answers one: `400 Request_UnsupportedQuery`, "Unsupported or invalid
/// query filter clause specified for property '...' of resource '...'."
/// ("Advanced query capabilities on Microsoft Entra ID objects", section
/// "Error handling for advanced queries on directory objects"). A filter the
/// fake cannot read is left to the listing, which says why.
pub(crate) fn restricted(walk: &Walk, query: &Query<'_>) -> Option<Answer> {
    let listing = matches!(walk.call.op, super::routes::Op::List | super::routes::Op::ListCast(_));
    if !listing || walk.node.filterable == Filterable::All {
        return None;
    }
    let text = query.pairs.iter().find(|(name, _)| name.eq_ignore_ascii_case("$filter")).map(|(_, text)| text)?;
    let filter = parse(text).ok()?;
    let mut named = Vec::new();
    properties(&filter, &mut named);
    let refused = named.into_iter().find(|name| match walk.node.filterable {
        Filterable::All => false,
        Filterable::AllBut(names) => names.contains(&name.as_str()),
        Filterable::Nothing => true,
    })?;
    // Graph names the resource by its type, capitalized ('Group').
    let ty = walk.entity.rsplit('.').next().unwrap_or(walk.entity);
    let resource: String = ty.chars().take(1).flat_map(char::to_uppercase).chain(ty.chars().skip(1)).collect();
    let message = format!(
        "Unsupported or invalid query filter clause specified for property '{refused}' of resource '{resource}'."
    );
    Some(super::answers::error(400, "Request_UnsupportedQuery", &message))
}

/// The properties of the item `filter` names (each path's first segment; a
/// lambda's body names its variable's properties, not the item's).
fn properties(filter: &FilterExpression, into: &mut Vec<String>) {
    match filter {
        FilterExpression::Compare { path, .. }
        | FilterExpression::Text { path, .. }
        | FilterExpression::In { path, .. } => {
            into.extend(path.0.first().cloned());
        }
        FilterExpression::Lambda { path, .. } => into.extend(path.0.first().cloned()),
        FilterExpression::And(a, b) | FilterExpression::Or(a, b) => {
            properties(a, into);
            properties(b, into);
        }
        FilterExpression::Not(inner) => properties(inner, into),
    }
}

/// Whether `item` passes `filter`.
pub(crate) fn passes(filter: &FilterExpression, item: &Value) -> bool {
    evaluate(filter, item, &[])
}

/// [`passes`], with the lambdas' `variables` in scope, each bound to an
/// element of its collection.
fn evaluate<'v>(filter: &FilterExpression, item: &'v Value, variables: &[(&str, &'v Value)]) -> bool {
    // A path starting with a lambda's variable is read from the variable's value.
    let resolve = |path: &[String]| -> Option<&'v Value> {
        match path.split_first() {
            Some((first, rest)) => match variables.iter().rev().find(|(name, _)| name == first) {
                Some((_, value)) => lookup(value, rest),
                None => lookup(item, path),
            },
            None => None,
        }
    };
    match filter {
        FilterExpression::And(a, b) => evaluate(a, item, variables) && evaluate(b, item, variables),
        FilterExpression::Or(a, b) => evaluate(a, item, variables) || evaluate(b, item, variables),
        FilterExpression::Not(inner) => !evaluate(inner, item, variables),
        FilterExpression::Compare { path, op, value } if path.is_count() => {
            // A collection the item does not carry counts as empty.
            let collection = resolve(&path.0[..path.0.len() - 1]);
            let count = collection.and_then(Value::as_array).map_or(0, Vec::len);
            compare(Some(&Value::from(count)), *op, value)
        }
        FilterExpression::Compare { path, op, value } => compare(resolve(&path.0), *op, value),
        FilterExpression::In { path, values } => {
            let found = resolve(&path.0);
            values.iter().any(|value| compare(found, Op::Eq, value))
        }
        FilterExpression::Text { function, path, text } => match resolve(&path.0) {
            Some(Value::String(value)) => {
                let (value, text) = (folded(value), folded(text));
                match function {
                    TextFunction::StartsWith => value.starts_with(text.as_str()),
                    TextFunction::EndsWith => value.ends_with(text.as_str()),
                    TextFunction::Contains => value.contains(text.as_str()),
                }
            }
            _ => false,
        },
        FilterExpression::Lambda { quantifier, path, variable, body } => {
            let elements: &[Value] = match resolve(&path.0) {
                Some(Value::Array(elements)) => elements,
                _ => &[],
            };
            let holds = |element: &'v Value| {
                let mut scope = variables.to_vec();
                scope.push((variable.as_str(), element));
                evaluate(body, item, &scope)
            };
            match quantifier {
                Quantifier::Any => elements.iter().any(holds),
                Quantifier::All => elements.iter().all(holds),
            }
        }
    }
}

/// Whether `item` is found by `search`.
pub(crate) fn found(search: &Search, item: &Value) -> bool {
    match search {
        Search::Phrase { property, text } => match lookup(item, &property.0) {
            Some(Value::String(value)) => value.to_lowercase().contains(&text.to_lowercase()),
            _ => false,
        },
        Search::And(a, b) => found(a, item) && found(b, item),
        Search::Or(a, b) => found(a, item) || found(b, item),
    }
}

/// The value at `path`, property names matched without regard to case (the
/// service's own `Location` writes `jobid`); `statusInfo` is the older name
/// of a provisioning log's `provisioningStatusInfo`, which Microsoft's
/// provisioning documentation still filters on.
pub(crate) fn lookup<'v>(item: &'v Value, path: &[String]) -> Option<&'v Value> {
    let mut value = item;
    for (index, segment) in path.iter().enumerate() {
        let object = value.as_object()?;
        let found = object.iter().find(|(key, _)| key.eq_ignore_ascii_case(segment)).map(|(_, v)| v);
        value = match found {
            Some(found) => found,
            None if index == 0 && segment.eq_ignore_ascii_case("statusInfo") => object.get("provisioningStatusInfo")?,
            None => return None,
        };
    }
    Some(value)
}

fn compare(value: Option<&Value>, op: Op, literal: &Literal) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (value, literal) {
        (None | Some(Value::Null), Literal::Null) => Some(Ordering::Equal),
        (None | Some(Value::Null), _) => None,
        (Some(_), Literal::Null) => None,
        (Some(Value::String(text)), Literal::Text(literal)) => Some(folded(text).cmp(&folded(literal))),
        (Some(Value::String(text)), Literal::Bare(word)) => Some(match (instant(text), instant(word)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => text.to_ascii_lowercase().cmp(&word.to_ascii_lowercase()),
        }),
        (Some(Value::Number(number)), Literal::Bare(word)) => {
            number.as_f64().zip(word.parse::<f64>().ok()).and_then(|(a, b)| a.partial_cmp(&b))
        }
        (Some(Value::Bool(flag)), Literal::Bare(word)) => word.parse::<bool>().ok().map(|b| flag.cmp(&b)),
        _ => None,
    };
    match (op, ordering) {
        (Op::Ne, None) => true,
        (_, None) => false,
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
    }
}

/// Text as the fake compares it: without regard to case. Users report that
/// Graph compares directory objects' strings so (`startswith(displayName,
/// 'aws')` finds "AWS ..."; Microsoft Q&A question 1274766); no
/// documentation page states it. The fake does it for every listing.
fn folded(text: &str) -> String {
    text.to_lowercase()
}

fn instant(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{self, Call, Node, Root, RouteTable, Shape, Step};
    use serde_json::json;

    // A table as the generator writes one for a document with filter
    // restrictions (the golden fixture `containment` has the same shapes).
    static GROUP_COLLECTION_PATH: Node = Node {
        entity: "microsoft.graph.group",
        shape: Shape::Collection,
        filterable: Filterable::AllBut(&["createdDateTime"]),
        steps: &[],
        item: Some(&GROUP_PATH),
        calls: &[Call { op: routes::Op::List, check: routes::unchecked }],
    };
    static GROUP_PATH: Node = Node {
        entity: "microsoft.graph.group",
        shape: Shape::Entity,
        filterable: Filterable::All,
        steps: &[Step { segment: "owners", node: &OWNER_COLLECTION_PATH }],
        item: None,
        calls: &[Call { op: routes::Op::Get, check: routes::unchecked }],
    };
    static OWNER_COLLECTION_PATH: Node = Node {
        entity: "microsoft.graph.directoryObject",
        shape: Shape::Collection,
        filterable: Filterable::Nothing,
        steps: &[],
        item: None,
        calls: &[Call { op: routes::Op::List, check: routes::unchecked }],
    };
    static API: RouteTable = RouteTable {
        version: "v1.0",
        roots: &[
            Root::Item { set: "groups", node: &GROUP_PATH },
            Root::Segment { segment: "groups", node: &GROUP_COLLECTION_PATH },
        ],
        nodes: &[&GROUP_COLLECTION_PATH, &GROUP_PATH, &OWNER_COLLECTION_PATH],
    };

    /// The fake's answer to `GET /{path}?$filter={filter}`: `None` when the
    /// restrictions let it through.
    fn refusal(path: &[&str], filter: &str) -> Option<(u16, String, String)> {
        let segments: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let walk = API.walk("GET", &segments).unwrap_or_else(|e| panic!("{}", e.0));
        let pairs = [("$filter".to_owned(), filter.to_owned())];
        match restricted(&walk, &Query::new(&pairs, Some("eventual")))? {
            Answer::Error { status, code, message } => Some((status, code, message)),
            _ => panic!("a refusal is an error"),
        }
    }

    #[test]
    fn a_filter_on_a_property_the_metadata_says_is_not_filterable_is_refused_as_graph_refuses_it() {
        let (status, code, message) = refusal(&["groups"], "createdDateTime ge 2021-11-01").unwrap();
        assert_eq!((status, code.as_str()), (400, "Request_UnsupportedQuery"));
        assert_eq!(
            message,
            "Unsupported or invalid query filter clause specified for property 'createdDateTime' of resource 'Group'."
        );
        // Anywhere in the expression, in any function.
        assert!(refusal(&["groups"], "displayName eq 'a' or not startswith(createdDateTime, '2021')").is_some());
        // Other properties pass, and so does a lambda's variable that has a property of that name.
        assert_eq!(refusal(&["groups"], "displayName eq 'a' and mail in ('x','y')"), None);
        assert_eq!(refusal(&["groups"], "owners/any(o:o/createdDateTime ge 2021-11-01)"), None);
        // A collection that takes no filter refuses any.
        let (_, _, message) = refusal(&["groups", "g-1", "owners"], "id eq 'x'").unwrap();
        assert!(message.contains("property 'id' of resource 'DirectoryObject'"), "{message}");
        // A filter the fake cannot read is left to the listing, which says why.
        assert_eq!(refusal(&["groups"], "length(createdDateTime) gt 1"), None);
    }

    fn passes(filter: &str, item: &Value) -> bool {
        super::passes(&parse(filter).unwrap_or_else(|e| panic!("{e}")), item)
    }

    #[test]
    fn the_documented_provisioning_log_filters_are_evaluated() {
        let log = json!({
            "jobId": "API2AAD.1.x", "activityDateTime": "2026-05-02T10:00:00Z",
            "provisioningStatusInfo": {"status": "failure"}, "sourceIdentity": {"id": "701984"}
        });
        assert!(passes("jobId eq 'API2AAD.1.x'", &log));
        assert!(passes("jobid eq 'API2AAD.1.x'", &log), "as the service's own Location writes it");
        assert!(!passes("jobId eq 'API2AAD.1.y'", &log));
        assert!(passes("statusInfo/status eq 'failure'", &log));
        assert!(passes("provisioningStatusInfo/status eq 'failure'", &log));
        assert!(passes("activityDateTime ge 2026-05-01T00:00:00Z", &log));
        assert!(!passes("activityDateTime ge 2026-05-02T10:00:00.001Z", &log), "instants, not text");
        assert!(passes("sourceIdentity/id eq '701984'", &log));
        assert!(passes(
            "jobid eq 'API2AAD.1.x' and (statusInfo/status eq 'success' or sourceIdentity/id eq '701984')",
            &log
        ));
        assert!(passes("not (jobId eq 'other')", &log));
        assert!(passes("startswith(jobId,'API2AAD')", &log));
        assert!(passes("targetIdentity/id eq null", &log));
    }

    #[test]
    fn a_quote_in_a_literal_is_part_of_it() {
        let principal = json!({"displayName": "O'Brien's app"});
        assert!(passes("displayName eq 'O''Brien''s app'", &principal));
        // A value that tries to close the literal is only text.
        assert!(!passes("displayName eq 'x'' or displayName ne ''y'", &principal));
    }

    #[test]
    fn lambdas_and_lists_are_evaluated() {
        let principal = json!({"id": "sp-1", "appRoles": [{"value": "User"}, {"value": "Admin"}], "tags": []});
        assert!(passes("appRoles/any(r: r/value eq 'Admin')", &principal));
        assert!(!passes("appRoles/all(r: r/value eq 'Admin')", &principal));
        assert!(passes("appRoles/all(r: startswith(r/value,'U') or r/value eq 'Admin')", &principal));
        assert!(!passes("tags/any(t: t eq 'x')", &principal));
        assert!(passes("tags/all(t: t eq 'x')", &principal), "all of none");
        assert!(passes("id in ('sp-0','sp-1')", &principal));
        assert!(!passes("id in ('sp-0')", &principal));
        assert!(passes("appRoles/$count eq 2 and tags/$count eq 0", &principal));
        assert!(passes("owners/$count eq 0", &principal), "a collection it does not carry is empty");
        assert!(!passes("appRoles/$count lt 2", &principal));
    }

    #[test]
    fn searches_find_what_their_phrases_hold() {
        let principal = json!({"displayName": "myContosoTeam", "description": "HR \"sync\""});
        let found = |search: &str| super::found(&crate::reading::search(search).unwrap(), &principal);
        assert!(found(r#""displayName:team""#));
        assert!(!found(r#""displayName:Teams""#));
        assert!(found(r#""displayName:x" OR "description:\"sync\"""#));
        assert!(!found(r#""displayName:Team" AND "description:payroll""#));
        assert!(!found(r#""appId:Team""#), "a property it lacks holds nothing");
    }

    #[test]
    fn what_the_fake_does_not_evaluate_is_refused_by_name() {
        for filter in [
            "displayName eq 'open",
            "length(displayName) gt 3",
            "displayName has 'x'",
            "(displayName eq 'x'",
            "displayName eq 'x' extra",
        ] {
            let error = parse(filter).unwrap_err();
            assert!(error.starts_with(&format!("the fake does not evaluate the $filter `{filter}`")), "{error}");
        }
    }
}

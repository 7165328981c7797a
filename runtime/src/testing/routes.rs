//! The shape of a version's generated route table (`{version}::routes::API`),
//! the checks its calls name, and the walk from a URL path to a call.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// One Graph version's paths: where each starts and leads.
pub struct Api {
    pub version: &'static str,
    pub roots: &'static [Root],
    pub nodes: &'static [&'static Node],
}

/// Where a path starts: `/{segment}/{id}` (keyed) or `/{segment}`.
pub struct Root {
    pub segment: &'static str,
    pub node: usize,
    pub keyed: bool,
}

/// A request builder's node: an entity, or a collection of them.
pub struct Node {
    /// The entity type's qualified name.
    pub entity: &'static str,
    pub collection: bool,
    /// Navigation segments and the node each leads to.
    pub children: &'static [(&'static str, usize)],
    /// A collection's item node (`{path}/{id}`).
    pub item: Option<usize>,
    pub calls: &'static [Call],
}

impl Node {
    pub const fn new(
        entity: &'static str,
        collection: bool,
        children: &'static [(&'static str, usize)],
        item: Option<usize>,
        calls: &'static [Call],
    ) -> Self {
        Node { entity, collection, children, item, calls }
    }
}

/// A call on a node: `{method} {path}` or `{method} {path}/{segment}`.
pub struct Call {
    pub method: &'static str,
    pub segment: Option<&'static str>,
    /// What the fake dispatches on: `get`, `create`, `start`, `secrets`, ...
    pub name: &'static str,
    /// Refuses a body the generated types do not accept.
    pub check: fn(&Value) -> Result<(), String>,
}

impl Call {
    pub const fn new(
        method: &'static str,
        segment: Option<&'static str>,
        name: &'static str,
        check: fn(&Value) -> Result<(), String>,
    ) -> Self {
        Call { method, segment, name, check }
    }
}

/// Where a request's path leads.
pub struct Walk {
    /// The node's entity type and whether it is a collection.
    pub entity: &'static str,
    pub collection: bool,
    /// The ids met on the way, with the entity type each is an id of.
    pub ids: Vec<(&'static str, String)>,
    /// The alternate key the first id was given by (`appId`), if any.
    pub alternate_key: Option<String>,
    pub call: &'static Call,
}

/// Why a path leads nowhere: the segment that does not fit.
pub struct NoRoute(pub String);

impl Api {
    /// Follows `segments` (below the version) to a call for `method`.
    pub(crate) fn walk(&'static self, method: &str, segments: &[String]) -> Result<Walk, NoRoute> {
        let (first, mut rest) = segments.split_first().ok_or_else(|| NoRoute("an empty path".into()))?;
        let mut ids = Vec::new();
        // `servicePrincipals/{id}` or `servicePrincipals(appId='{id}')` (a
        // keyed root), or `servicePrincipals` itself (a collection's root):
        // the shape of the path says which of the roots of that name.
        let found = |root: &'static Root| -> Option<(&'static Root, Option<String>)> {
            if first == root.segment {
                Some((root, None))
            } else {
                let key = first.strip_prefix(root.segment)?.strip_prefix('(')?.strip_suffix(')')?;
                Some((root, Some(key.to_owned())))
            }
        };
        let candidates: Vec<(&Root, Option<String>)> = self.roots.iter().filter_map(found).collect();
        let wants_key = candidates.iter().any(|(_, key)| key.is_some()) || !rest.is_empty();
        let (root, key) = candidates
            .iter()
            .find(|(root, _)| root.keyed == wants_key)
            .or_else(|| candidates.first())
            .cloned()
            .ok_or_else(|| NoRoute(first.clone()))?;
        let mut node = root.node;
        let mut alternate_key = None;
        if root.keyed {
            let id = match key {
                // `alias='value'`, the value an OData string literal (`''` for `'`).
                Some(key) => {
                    let (alias, literal) = key.split_once('=').ok_or_else(|| NoRoute(first.clone()))?;
                    let value = literal
                        .strip_prefix('\'')
                        .and_then(|v| v.strip_suffix('\''))
                        .ok_or_else(|| NoRoute(first.clone()))?;
                    alternate_key = Some(alias.to_owned());
                    value.replace("''", "'")
                }
                None => {
                    let (id, after) = rest.split_first().ok_or_else(|| NoRoute(format!("{first} without an id")))?;
                    rest = after;
                    id.clone()
                }
            };
            ids.push((self.nodes[node].entity, id));
        }
        loop {
            let here = &self.nodes[node];
            match rest {
                [] => {
                    let call = here.calls.iter().find(|c| c.segment.is_none() && c.method == method);
                    let call = call.ok_or_else(|| NoRoute(format!("{method} on {}", here.entity)))?;
                    return Ok(Walk { entity: here.entity, collection: here.collection, ids, alternate_key, call });
                }
                [segment] if here.calls.iter().any(|c| c.segment.is_some_and(|s| names(segment, s))) => {
                    let call =
                        here.calls.iter().find(|c| c.method == method && c.segment.is_some_and(|s| names(segment, s)));
                    let call = call.ok_or_else(|| NoRoute(format!("{method} {segment}")))?;
                    return Ok(Walk { entity: here.entity, collection: here.collection, ids, alternate_key, call });
                }
                [segment, after @ ..] => {
                    if let Some(&(_, child)) = here.children.iter().find(|(name, _)| name == segment) {
                        node = child;
                    } else if let Some(item) = here.item {
                        ids.push((self.nodes[item].entity, segment.clone()));
                        node = item;
                    } else {
                        return Err(NoRoute(segment.clone()));
                    }
                    rest = after;
                }
            }
        }
    }
}

/// Whether a URL segment names the call segment `name`: the name itself, or
/// a function with its parameters (`name(a=@a)`).
fn names(segment: &str, name: &str) -> bool {
    segment == name || segment.strip_prefix(name).is_some_and(|rest| rest.starts_with('('))
}

/// A body the call does not look at: none is expected (a read, a delete, a
/// function), or it is raw content (a media upload), as Graph ignores or takes it.
pub fn unchecked(_: &Value) -> Result<(), String> {
    Ok(())
}

/// The body is an entity of type `T`.
pub fn entity<T: DeserializeOwned>(body: &Value) -> Result<(), String> {
    if !body.is_object() {
        return Err("the body must be a JSON object".into());
    }
    serde_json::from_value::<T>(body.clone()).map(drop).map_err(|e| e.to_string())
}

/// The body is `{"value": [T, ...]}`.
pub fn values<T: DeserializeOwned>(body: &Value) -> Result<(), String> {
    only_parameters(body, &["value"])?;
    parameter::<Vec<T>>(body, "value", true)
}

/// The body is a SCIM bulk request the service takes: it decodes, names the
/// bulk request's schema, and has 1 to 50 operations (the Graph page
/// "Perform bulkUpload"). The client's other checks (an `externalId` on
/// each user, unique; each user's schemas named) are its own: no page says
/// the service refuses those, so the fake does not.
pub fn scim_bulk_request(body: &Value) -> Result<(), String> {
    use crate::requests::scim::{BulkRequest, BULK_REQUEST_SCHEMA, MAX_BULK_OPERATIONS};
    let request: BulkRequest = serde_json::from_value(body.clone()).map_err(|e| e.to_string())?;
    if !request.schemas.iter().any(|schema| schema == BULK_REQUEST_SCHEMA) {
        return Err(format!("a bulk request names the schema {BULK_REQUEST_SCHEMA}"));
    }
    match request.operations.len() {
        0 => Err("a bulk request needs at least one operation".to_owned()),
        n if n > MAX_BULK_OPERATIONS => {
            Err(format!("a bulk request takes at most {MAX_BULK_OPERATIONS} operations, not {n}"))
        }
        _ => Ok(()),
    }
}

/// The body is an object with no member but `names`.
pub fn only_parameters(body: &Value, names: &[&str]) -> Result<(), String> {
    let object = match body {
        Value::Object(object) => object,
        // No body: an action whose parameters are all optional may be sent
        // without one (a required one is then missing, which `parameter` says).
        Value::Null => return Ok(()),
        _ => return Err("the body must be a JSON object of the action's parameters".into()),
    };
    match object.keys().find(|key| !names.contains(&key.as_str())) {
        Some(unknown) => Err(format!("`{unknown}` is not a parameter of this action")),
        None => Ok(()),
    }
}

/// `body[name]` is a `T` (or `null`), and is there if `required`.
pub fn parameter<T: DeserializeOwned>(body: &Value, name: &str, required: bool) -> Result<(), String> {
    match body.get(name) {
        None if required => Err(format!("the parameter `{name}` is required")),
        None | Some(Value::Null) => Ok(()),
        Some(value) => serde_json::from_value::<T>(value.clone()).map(drop).map_err(|e| format!("`{name}`: {e}")),
    }
}

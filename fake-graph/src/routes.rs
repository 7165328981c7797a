//! The shape of a version's generated route table (`{version}::routes::API`):
//! named statics that refer to each other, a call as what it does
//! ([`Op`](crate::routes::Op));
//! the checks its calls name, and the walk from a URL path to a call.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// One Graph version's paths: where each starts, and every node (so that a
/// test can see each is reached).
pub struct RouteTable {
    pub version: &'static str,
    pub roots: &'static [Root],
    pub nodes: &'static [&'static Node],
}

/// Where a path starts.
pub enum Root {
    /// `/{set}/{id}` or `/{set}(alias='value')`: an item of an entity set.
    Item { set: &'static str, node: &'static Node },
    /// `/{segment}`: an entity set, or a singleton.
    Segment { segment: &'static str, node: &'static Node },
}

impl Root {
    /// The path's first segment.
    pub fn segment(&self) -> &'static str {
        match self {
            Root::Item { set, .. } => set,
            Root::Segment { segment, .. } => segment,
        }
    }

    /// The node the root leads to.
    pub fn node(&self) -> &'static Node {
        match self {
            Root::Item { node, .. } | Root::Segment { node, .. } => node,
        }
    }
}

/// Whether a node is one entity or a collection of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Entity,
    Collection,
}

/// A request builder's node: an entity, or a collection of them.
pub struct Node {
    /// The entity type's qualified name.
    pub entity: &'static str,
    pub shape: Shape,
    /// What a collection's `$filter` may name.
    pub filterable: Filterable,
    /// The navigation steps from here.
    pub steps: &'static [Step],
    /// A collection's item (`{path}/{id}`).
    pub item: Option<&'static Node>,
    pub calls: &'static [Call],
}

/// What a collection's `$filter` may name, as the metadata's
/// `FilterRestrictions` say (an entity's is `All`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filterable {
    /// Any property: no restriction is written.
    All,
    /// Any property but these (`NonFilterableProperties`).
    AllBut(&'static [&'static str]),
    /// None (`Filterable` is `false`).
    Nothing,
}

/// A navigation step: `{path}/{segment}` leads to `node`.
pub struct Step {
    pub segment: &'static str,
    pub node: &'static Node,
}

/// A call on a node, and the check of its body.
pub struct Call {
    pub op: Op,
    /// Refuses a body the generated types do not accept.
    pub check: fn(&Value) -> Result<(), String>,
}

/// What a call does, which the fake answers: each the request builders'
/// method of that kind, and its method and path follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `GET {path}` of an entity.
    Get,
    /// `GET {path}` of a collection.
    List,
    /// `GET {path}/{type}` of a collection: its items of one derived type
    /// (an OData type cast, the type's qualified name).
    ListCast(&'static str),
    /// `POST {path}` of a collection.
    Create,
    /// `PATCH {path}`.
    Update,
    /// `PUT {path}`.
    Replace,
    /// `DELETE {path}`.
    Delete,
    /// `POST {path}`: raw content (a media entity).
    Upload,
    /// `GET {path}/$value`.
    Download,
    /// `PUT {path}/{property}`: a collection property's values as a whole.
    PutProperty(&'static str),
    /// `POST {path}/{segment}`: a SCIM bulk request (`bulkUpload`).
    BulkUpload(&'static str),
    /// `POST {path}/{name}`: a bound action.
    Action(&'static str),
    /// `GET {path}/{name}(...)`: a bound function.
    Function(&'static str),
}

impl Op {
    /// The HTTP method of the call.
    pub fn method(self) -> http::Method {
        match self {
            Op::Get | Op::List | Op::ListCast(_) | Op::Download | Op::Function(_) => http::Method::GET,
            Op::Create | Op::Upload | Op::BulkUpload(_) | Op::Action(_) => http::Method::POST,
            Op::Update => http::Method::PATCH,
            Op::Replace | Op::PutProperty(_) => http::Method::PUT,
            Op::Delete => http::Method::DELETE,
        }
    }

    /// The segment after the node's path, for a call that has one.
    pub fn segment(self) -> Option<&'static str> {
        match self {
            Op::Download => Some("$value"),
            Op::ListCast(name)
            | Op::PutProperty(name)
            | Op::BulkUpload(name)
            | Op::Action(name)
            | Op::Function(name) => Some(name),
            Op::Get | Op::List | Op::Create | Op::Update | Op::Replace | Op::Delete | Op::Upload => None,
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.segment() {
            Some(segment) => write!(f, "{} {segment}", self.method()),
            None => write!(f, "{} ({self:?})", self.method()),
        }
    }
}

/// Where a request's path leads.
pub struct Walk {
    /// The node the path leads to.
    pub node: &'static Node,
    /// The node's entity type and shape.
    pub entity: &'static str,
    pub shape: Shape,
    /// The ids met on the way, with the entity type each is an id of.
    pub ids: Vec<(&'static str, String)>,
    /// The alternate key the first id was given by (`appId`), if any.
    pub alternate_key: Option<String>,
    pub call: &'static Call,
}

/// Why a path leads nowhere: the segment that does not fit.
pub struct NoRoute(pub String);

impl RouteTable {
    /// Follows `segments` (below the version) to a call for `method`.
    pub(crate) fn walk(&'static self, method: &str, segments: &[String]) -> Result<Walk, NoRoute> {
        let (first, mut rest) = segments.split_first().ok_or_else(|| NoRoute("an empty path".into()))?;
        let mut ids = Vec::new();
        // `servicePrincipals/{id}` or `servicePrincipals(appId='{id}')` (an
        // item root), or `servicePrincipals` itself (a segment root): the
        // shape of the path says which of the roots of that name.
        let found = |root: &'static Root| -> Option<(&'static Root, Option<String>)> {
            if first == root.segment() {
                Some((root, None))
            } else {
                let key = first.strip_prefix(root.segment())?.strip_prefix('(')?.strip_suffix(')')?;
                Some((root, Some(key.to_owned())))
            }
        };
        let candidates: Vec<(&Root, Option<String>)> = self.roots.iter().filter_map(found).collect();
        let wants_key = candidates.iter().any(|(_, key)| key.is_some()) || !rest.is_empty();
        let (root, key) = candidates
            .iter()
            .find(|(root, _)| matches!(root, Root::Item { .. }) == wants_key)
            .or_else(|| candidates.first())
            .cloned()
            .ok_or_else(|| NoRoute(first.clone()))?;
        let mut node = root.node();
        let mut alternate_key = None;
        if let Root::Item { .. } = root {
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
            ids.push((node.entity, id));
        }
        loop {
            let here = node;
            let arrived = |ids, alternate_key, call| Walk {
                node: here,
                entity: here.entity,
                shape: here.shape,
                ids,
                alternate_key,
                call,
            };
            match rest {
                [] => {
                    let call = here.calls.iter().find(|c| c.op.segment().is_none() && c.op.method() == method);
                    let call = call.ok_or_else(|| NoRoute(format!("{method} on {}", here.entity)))?;
                    return Ok(arrived(ids, alternate_key, call));
                }
                [segment] if here.calls.iter().any(|c| c.op.segment().is_some_and(|s| names(segment, s))) => {
                    let call = here
                        .calls
                        .iter()
                        .find(|c| c.op.method() == method && c.op.segment().is_some_and(|s| names(segment, s)));
                    let call = call.ok_or_else(|| NoRoute(format!("{method} {segment}")))?;
                    return Ok(arrived(ids, alternate_key, call));
                }
                [segment, after @ ..] => {
                    if let Some(step) = here.steps.iter().find(|step| step.segment == segment) {
                        node = step.node;
                    } else if let Some(item) = here.item {
                        ids.push((item.entity, segment.clone()));
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
    use graph_sync_runtime::scim::{BulkRequest, BULK_REQUEST_SCHEMA, MAX_BULK_OPERATIONS};
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

//! The text of a version's route table (`routes.rs`): the same paths and
//! operations as the request builders, as data the runtime's fake service
//! routes by, with a check of each request body against the generated types.
//! Compiled only with the generated crate's `testing` feature.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::docs::push_doc;
use super::scope::Scope;
use super::text::{self, Expr, INDENT};
use super::EmitError;
use crate::ir::paths::{Invocation, MethodKind, NodeIr, OperationIr, PathsIr};
use crate::naming::{self, Names};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The module's docs and imports (its table and checks follow).
pub fn module_head(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let imports = scope.imports();
    let doc = format!(
        " The routes of Graph `{}`'s paths, for the fake service (the runtime's `testing` feature):",
        paths.api.version
    );
    quote! {
        #![doc = #doc]
        //! the nodes the request builders have, their navigation steps and calls,
        //! and a check of each request body against the generated types.
        #![allow(deprecated)]

        #imports
        use crate::runtime::testing::routes::{self as check, Api, Call, Node, Root};
    }
}

/// What the route table's pieces share, decided once before they are spelled
/// (on several threads): each node's index, and the name of each action's
/// body check, claimed in node order.
pub struct Plan {
    index: BTreeMap<String, usize>,
    /// Per node, per method: the check function of an action.
    checks: Vec<Vec<Option<String>>>,
}

pub fn plan(paths: &PathsIr) -> Plan {
    let index = paths.nodes.iter().enumerate().map(|(i, n)| (n.name.clone(), i)).collect();
    let mut names = Names::default();
    let checks = paths
        .nodes
        .iter()
        .map(|node| {
            node.methods
                .iter()
                .map(|method| match &method.kind {
                    MethodKind::Operation(operation) if operation.invocation == Invocation::Action => {
                        Some(names.claim(format!(
                            "{}_{}",
                            naming::snake_name(&node.name),
                            naming::snake_name(&operation.wire)
                        )))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    Plan { index, checks }
}

fn node_static(index: usize) -> Ident {
    ident(&format!("NODE_{index}"))
}

/// The route table `API`: where paths start, and every node by index.
pub fn table(paths: &PathsIr, plan: &Plan) -> TokenStream {
    let root = |segment: &str, node: &str, keyed: bool| {
        let node = Literal::usize_unsuffixed(plan.index[node]);
        quote!(Root { segment: #segment, node: #node, keyed: #keyed })
    };
    let roots = paths.roots.iter().map(|r| root(&r.entity_set, &r.node, true));
    let entry_points = paths.entry_points.iter().map(|e| root(&e.segment, &e.node, false));
    let nodes = (0..paths.nodes.len()).map(node_static);
    let version = &paths.api.version;
    quote! {
        /// Where each path of this version leads, and what can be called there.
        pub static API: Api = Api {
            version: #version,
            roots: &[#(#roots,)* #(#entry_points,)*],
            nodes: &[#(&#nodes,)*],
        };
    }
}

/// Appends the nodes `first..first + nodes.len()`, each a `static`, with
/// the body checks of their actions.
pub fn nodes(
    file: &str,
    scope: &Scope,
    nodes: &[NodeIr],
    first: usize,
    plan: &Plan,
    out: &mut String,
) -> Result<(), EmitError> {
    for (offset, node) in nodes.iter().enumerate() {
        text::item(out, file, |out| route_node(scope, node, first + offset, plan, out))?;
    }
    Ok(())
}

fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

fn list(open: &str, items: Vec<Expr>, close: &'static str) -> Expr {
    if items.is_empty() {
        return atom(format!("{open}{close}"));
    }
    Expr::List { open: open.to_owned(), items, close }
}

fn route_node(scope: &Scope, node: &NodeIr, index: usize, plan: &Plan, out: &mut String) {
    let (entity, collection) = (&node.entity, node.collection);
    let mut children = Vec::new();
    let mut item = atom("None");
    let mut calls = Vec::new();
    let mut checks = Vec::new();
    let entity_type = || scope.type_text(&node.entity_type);
    let call = |verb: &str, segment: Option<&str>, name: &str, check: String| {
        let segment = match segment {
            Some(segment) => list("Some(", vec![atom(text::literal(segment))], ")"),
            None => atom("None"),
        };
        let verb = atom(text::literal(verb));
        list("Call::new(", vec![verb, segment, atom(text::literal(name)), atom(check)], ")")
    };
    for (position, method) in node.methods.iter().enumerate() {
        match &method.kind {
            MethodKind::Navigate { segment, node } => {
                let node = atom(plan.index[node.as_str()].to_string());
                children.push(list("(", vec![atom(text::literal(segment)), node], ")"));
            }
            MethodKind::Item { node, .. } => {
                item = list("Some(", vec![atom(plan.index[node.as_str()].to_string())], ")");
            }
            // The fake walks key-as-segment paths; a compound key's item is not served.
            MethodKind::KeyedItem { .. } => {}
            MethodKind::Get => calls.push(call("GET", None, "get", "check::unchecked".to_owned())),
            MethodKind::Update { put, .. } => {
                let (verb, name) = if *put { ("PUT", "replace") } else { ("PATCH", "update") };
                calls.push(call(verb, None, name, format!("check::entity::<{}>", entity_type())));
            }
            MethodKind::Delete => calls.push(call("DELETE", None, "delete", "check::unchecked".to_owned())),
            MethodKind::List { .. } => calls.push(call("GET", None, "list", "check::unchecked".to_owned())),
            MethodKind::Create { .. } => {
                calls.push(call("POST", None, "create", format!("check::entity::<{}>", entity_type())));
            }
            MethodKind::PutProperty { segment, item, .. } => {
                let check = format!("check::values::<{}>", scope.type_text(item));
                calls.push(call("PUT", Some(segment), segment, check));
            }
            MethodKind::Upload { .. } => calls.push(call("POST", None, "upload", "check::unchecked".to_owned())),
            MethodKind::Download => {
                calls.push(call("GET", Some("$value"), "download", "check::unchecked".to_owned()));
            }
            MethodKind::ScimBulkUpload { segment, .. } => {
                calls.push(call("POST", Some(segment), segment, "check::scim_bulk_request".to_owned()));
            }
            MethodKind::Operation(operation) => {
                let check = match &plan.checks[index][position] {
                    Some(name) => {
                        checks.push((name.as_str(), operation));
                        text::ident(name).to_owned()
                    }
                    None => "check::unchecked".to_owned(),
                };
                let verb = operation.invocation.method();
                calls.push(call(verb, Some(&operation.wire), &operation.wire, check));
            }
        }
    }
    let shape = if collection { "the collection of " } else { "" };
    push_doc(out, 0, &format!(" `{}`: {shape}`{entity}`.", node.template));
    let head = format!("static NODE_{index}: Node = ");
    let value = list(
        "Node::new(",
        vec![
            atom(text::literal(entity)),
            atom(collection.to_string()),
            list("&[", children, "]"),
            item,
            list("&[", calls, "]"),
        ],
        ")",
    );
    out.push_str(&head);
    text::push_expr(out, 0, head.len(), &value, 1);
    out.push_str(";\n");
    for (name, operation) in checks {
        action_check(scope, name, operation, out);
    }
}

/// An action's body check: each parameter, required or not, of its type.
fn action_check(scope: &Scope, name: &str, operation: &OperationIr, out: &mut String) {
    push_doc(out, 0, &format!(" The body of `{}`: its parameters, each of its type.", operation.wire));
    let returns = format!("{}<(), {}>", scope.text("Result"), scope.text("String"));
    text::signature(out, 0, &format!("fn {}", text::ident(name)), &["body: &serde_json::Value"], Some(&returns));
    let wires = operation.parameters.iter().map(|p| atom(text::literal(&p.wire))).collect();
    let only = list("check::only_parameters(", vec![atom("body"), list("&[", wires, "]")], ")");
    text::indent(out, INDENT);
    text::push_expr(out, INDENT, INDENT, &only, 2);
    out.push_str("?;\n");
    for parameter in &operation.parameters {
        // On one line: prettyplease breaks a long one at its type first,
        // a layout left to it (through `text::item`).
        let open = format!("check::parameter::<{}>(", scope.type_text(&parameter.ty));
        let required = (!parameter.optional).to_string();
        let call = list(&open, vec![atom("body"), atom(text::literal(&parameter.wire)), atom(required)], ")");
        text::indent(out, INDENT);
        call.push_flat(out);
        out.push_str("?;\n");
    }
    out.push_str("    Ok(())\n}\n");
}

//! Tokens for a version's route table (`routes.rs`): the same paths and
//! operations as the request builders, as data the fake service of
//! `crate::testing` routes by, with a check of each request body against the
//! generated types. Compiled only with the generated crate's `testing` feature.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::docs::Doc;
use super::scope::Scope;
use crate::ir::paths::{Invocation, MethodKind, NodeIr, OperationIr, PathsIr};
use crate::naming::{self, Names};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The module's docs and imports (its table and checks follow).
pub fn module_head(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let imports = scope.imports();
    let doc =
        format!(" The routes of Graph `{}`'s paths, for the fake service of `crate::testing`:", paths.api.version);
    quote! {
        #![doc = #doc]
        //! the nodes the request builders have, their navigation steps and calls,
        //! and a check of each request body against the generated types.
        #![allow(deprecated)]

        #imports
        use crate::testing::routes::{self as check, Api, Call, Node, Root};
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
        pub(crate) static API: Api = Api {
            version: #version,
            roots: &[#(#roots,)* #(#entry_points,)*],
            nodes: &[#(&#nodes,)*],
        };
    }
}

/// The nodes `first..first + nodes.len()`, each a `static`, with the body
/// checks of their actions.
pub fn nodes(scope: &Scope, nodes: &[NodeIr], first: usize, plan: &Plan) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (offset, node) in nodes.iter().enumerate() {
        let index = first + offset;
        tokens.extend(route_node(scope, node, index, plan));
    }
    tokens
}

fn route_node(scope: &Scope, node: &NodeIr, index: usize, plan: &Plan) -> TokenStream {
    let (entity, collection) = (&node.entity, node.collection);
    let mut children = Vec::new();
    let mut item = quote!(None);
    let mut calls = Vec::new();
    let mut checks = Vec::new();
    let entity_type = || scope.value_type(&node.entity_type);
    for (position, method) in node.methods.iter().enumerate() {
        let call = |verb: &str, segment: Option<&str>, name: &str, check: TokenStream| {
            let segment = match segment {
                Some(segment) => quote!(Some(#segment)),
                None => quote!(None),
            };
            quote!(Call::new(#verb, #segment, #name, #check))
        };
        match &method.kind {
            MethodKind::Navigate { segment, node } => {
                let node = Literal::usize_unsuffixed(plan.index[node.as_str()]);
                children.push(quote!((#segment, #node)));
            }
            MethodKind::Item { node, .. } => {
                let node = Literal::usize_unsuffixed(plan.index[node.as_str()]);
                item = quote!(Some(#node));
            }
            MethodKind::Get => calls.push(call("GET", None, "get", quote!(check::unchecked))),
            MethodKind::Update { put, .. } => {
                let entity = entity_type();
                let (verb, name) = if *put { ("PUT", "replace") } else { ("PATCH", "update") };
                calls.push(call(verb, None, name, quote!(check::entity::<#entity>)));
            }
            MethodKind::Delete => calls.push(call("DELETE", None, "delete", quote!(check::unchecked))),
            MethodKind::List => calls.push(call("GET", None, "list", quote!(check::unchecked))),
            MethodKind::Create { .. } => {
                let entity = entity_type();
                calls.push(call("POST", None, "create", quote!(check::entity::<#entity>)));
            }
            MethodKind::PutProperty { segment, item, .. } => {
                let item = scope.value_type(item);
                calls.push(call("PUT", Some(segment), segment, quote!(check::values::<#item>)));
            }
            MethodKind::Upload { .. } => calls.push(call("POST", None, "upload", quote!(check::unchecked))),
            MethodKind::Download => calls.push(call("GET", Some("$value"), "download", quote!(check::unchecked))),
            MethodKind::ScimBulkUpload { segment } => {
                calls.push(call("POST", Some(segment), segment, quote!(check::scim_bulk_request)));
            }
            MethodKind::Operation(operation) => {
                let check = match &plan.checks[index][position] {
                    Some(name) => {
                        checks.push(action_check(scope, name, operation));
                        let name = ident(name);
                        quote!(#name)
                    }
                    None => quote!(check::unchecked),
                };
                let verb = operation.invocation.method();
                calls.push(call(verb, Some(&operation.wire), &operation.wire, check));
            }
        }
    }
    let name = node_static(index);
    let shape = if collection { "the collection of " } else { "" };
    let doc = Doc::from(format!(" `{}`: {shape}`{entity}`.", node.template));
    quote! {
        #doc
        static #name: Node = Node::new(#entity, #collection, &[#(#children),*], #item, &[#(#calls),*]);

        #(#checks)*
    }
}

/// An action's body check: each parameter, required or not, of its type.
fn action_check(scope: &Scope, name: &str, operation: &OperationIr) -> TokenStream {
    let doc = Doc::from(format!(" The body of `{}`: its parameters, each of its type.", operation.wire));
    let name = ident(name);
    let wires = operation.parameters.iter().map(|p| p.wire.as_str());
    let parameters = operation.parameters.iter().map(|parameter| {
        let (wire, required, ty) = (&parameter.wire, !parameter.optional, scope.value_type(&parameter.ty));
        quote!(check::parameter::<#ty>(body, #wire, #required)?;)
    });
    let result = scope.name("Result");
    let string = scope.name("String");
    quote! {
        #doc
        fn #name(body: &serde_json::Value) -> #result<(), #string> {
            check::only_parameters(body, &[#(#wires),*])?;
            #(#parameters)*
            Ok(())
        }
    }
}

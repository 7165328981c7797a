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

/// The route table `API` and the body checks it names.
pub fn table(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let index: BTreeMap<&str, usize> = paths.nodes.iter().enumerate().map(|(i, n)| (n.name.as_str(), i)).collect();
    let mut check_names = Names::default();
    let mut checks = Vec::new();
    let nodes: Vec<TokenStream> =
        paths.nodes.iter().map(|node| route_node(scope, node, &index, &mut check_names, &mut checks)).collect();
    let roots = paths.roots.iter().map(|root| {
        let (set, node) = (&root.entity_set, Literal::usize_unsuffixed(index[root.node.as_str()]));
        quote!(Root { segment: #set, node: #node, keyed: true })
    });
    let entry_points = paths.entry_points.iter().map(|entry| {
        let (segment, node) = (&entry.segment, Literal::usize_unsuffixed(index[entry.node.as_str()]));
        quote!(Root { segment: #segment, node: #node, keyed: false })
    });
    let version = &paths.api.version;
    quote! {
        /// Where each path of this version leads, and what can be called there.
        pub(crate) static API: Api = Api {
            version: #version,
            roots: &[#(#roots,)* #(#entry_points,)*],
            nodes: &[#(#nodes,)*],
        };

        #(#checks)*
    }
}

fn route_node(
    scope: &Scope,
    node: &NodeIr,
    index: &BTreeMap<&str, usize>,
    check_names: &mut Names,
    checks: &mut Vec<TokenStream>,
) -> TokenStream {
    let (entity, collection) = (&node.entity, node.collection);
    let mut children = Vec::new();
    let mut item = quote!(None);
    let mut calls = Vec::new();
    let entity_type = || scope.value_type(&node.entity_type);
    for method in &node.methods {
        let call = |verb: &str, segment: Option<&str>, name: &str, check: TokenStream| {
            let segment = match segment {
                Some(segment) => quote!(Some(#segment)),
                None => quote!(None),
            };
            quote!(Call { method: #verb, segment: #segment, name: #name, check: #check })
        };
        match &method.kind {
            MethodKind::Navigate { segment, node } => {
                let node = Literal::usize_unsuffixed(index[node.as_str()]);
                children.push(quote!((#segment, #node)));
            }
            MethodKind::Item { node, .. } => {
                let node = Literal::usize_unsuffixed(index[node.as_str()]);
                item = quote!(Some(#node));
            }
            MethodKind::Get => calls.push(call("GET", None, "get", quote!(check::no_body))),
            MethodKind::Update { put, .. } => {
                let entity = entity_type();
                let (verb, name) = if *put { ("PUT", "replace") } else { ("PATCH", "update") };
                calls.push(call(verb, None, name, quote!(check::entity::<#entity>)));
            }
            MethodKind::Delete => calls.push(call("DELETE", None, "delete", quote!(check::no_body))),
            MethodKind::List => calls.push(call("GET", None, "list", quote!(check::no_body))),
            MethodKind::Create { .. } => {
                let entity = entity_type();
                calls.push(call("POST", None, "create", quote!(check::entity::<#entity>)));
            }
            MethodKind::PutProperty { segment, item, .. } => {
                let item = scope.value_type(item);
                calls.push(call("PUT", Some(segment), segment, quote!(check::values::<#item>)));
            }
            MethodKind::Upload { .. } => calls.push(call("POST", None, "upload", quote!(check::any_body))),
            MethodKind::Download => calls.push(call("GET", Some("$value"), "download", quote!(check::no_body))),
            MethodKind::ScimBulkUpload { segment } => {
                calls.push(call("POST", Some(segment), segment, quote!(check::scim_bulk_request)));
            }
            MethodKind::Operation(operation) => {
                let verb = operation.invocation.method();
                let check = match operation.invocation {
                    Invocation::Function => quote!(check::no_body),
                    Invocation::Action => {
                        let name = check_names.claim(format!(
                            "{}_{}",
                            naming::snake_name(&node.name),
                            naming::snake_name(&operation.wire)
                        ));
                        checks.push(action_check(scope, &name, operation));
                        let name = ident(&name);
                        quote!(#name)
                    }
                };
                calls.push(call(verb, Some(&operation.wire), &operation.wire, check));
            }
        }
    }
    quote! {
        Node {
            entity: #entity,
            collection: #collection,
            children: &[#(#children),*],
            item: #item,
            calls: &[#(#calls),*],
        }
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

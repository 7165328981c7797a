//! The text of a version's route table (`routes.rs`): the same paths and
//! operations as the request builders, as data the fake service
//! (`graph-sync-fake`) routes by, with a check of each request body against
//! the generated types. Each node is a named `static` that names the nodes
//! it leads to, and each call says what it does as an `Op`: no index, no
//! string the fake must match. Compiled only with the generated crate's
//! `testing` feature.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::scope::{Name, Scope};
use super::EmitError;
use crate::ir::paths::{FilteringIr, Invocation, MethodKind, NodeIr, OperationIr, PathsIr};
use crate::naming::{self, Names};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The module's docs and imports (its table and checks follow).
pub fn module_head(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let imports = scope.imports();
    let names = fake_imports(paths);
    let doc =
        format!(" The routes of Graph `{}`'s paths, for the fake service (`graph_sync::testing`):", paths.api.version);
    quote! {
        #![doc = #doc]
        //! the nodes the request builders have, the steps between them and
        //! the calls on each, and a check of each request body against the
        //! generated types.
        #![allow(deprecated)]

        #imports
        use graph_sync_fake::routes::{#(#names),*};
    }
}

/// The names `routes.rs` takes from the fake's `routes` module: those its
/// table uses (an unused import would warn).
fn fake_imports(paths: &PathsIr) -> Vec<TokenStream> {
    let methods = || paths.nodes.iter().flat_map(|node| &node.methods);
    let calls = methods().any(|m| {
        !matches!(m.kind, MethodKind::Navigate { .. } | MethodKind::Item { .. } | MethodKind::KeyedItem { .. })
    });
    let steps = methods().any(|m| matches!(m.kind, MethodKind::Navigate { .. }));
    let roots = !paths.roots.is_empty() || !paths.entry_points.is_empty();
    let nodes = !paths.nodes.is_empty();
    [
        (quote!(self as check), calls),
        (quote!(RouteTable), true),
        (quote!(Call), calls),
        (quote!(Filterable), nodes),
        (quote!(Node), nodes),
        (quote!(Op), calls),
        (quote!(Root), roots),
        (quote!(Shape), nodes),
        (quote!(Step), steps),
    ]
    .into_iter()
    .filter_map(|(name, used)| used.then_some(name))
    .collect()
}

/// What the route table's pieces share, decided once before they are spelled
/// (on several threads): each node's static, and the name of each action's
/// body check, claimed in node order.
pub struct Plan {
    statics: BTreeMap<String, String>,
    /// Per node, per method: the check function of an action.
    checks: Vec<Vec<Option<String>>>,
}

pub fn plan(paths: &PathsIr) -> Plan {
    // A node's static is its builder's name in upper case
    // (`SynchronizationJobPath`: `SYNCHRONIZATION_JOB_PATH`); `API` is the table's.
    let mut statics = Names::with_reserved(&["API"]);
    let statics = paths
        .nodes
        .iter()
        .map(|n| (n.name.clone(), statics.claim(naming::constant_name(&naming::snake_name(&n.name)))))
        .collect();
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
    Plan { statics, checks }
}

impl Plan {
    fn node(&self, name: &str) -> Ident {
        ident(&self.statics[name])
    }
}

/// The route table `API`: where paths start, and every node.
pub fn table(paths: &PathsIr, plan: &Plan) -> TokenStream {
    let roots = paths.roots.iter().map(|r| {
        let (set, node) = (&r.entity_set, plan.node(&r.node));
        quote!(Root::Item { set: #set, node: &#node })
    });
    let entry_points = paths.entry_points.iter().map(|e| {
        let (segment, node) = (&e.segment, plan.node(&e.node));
        quote!(Root::Segment { segment: #segment, node: &#node })
    });
    let nodes = paths.nodes.iter().map(|n| plan.node(&n.name));
    let version = &paths.api.version;
    quote! {
        /// Where each path of this version leads, and what can be called there.
        pub static API: RouteTable = RouteTable {
            version: #version,
            roots: &[#(#roots,)* #(#entry_points,)*],
            nodes: &[#(&#nodes,)*],
        };
    }
}

/// A generated type's text as tokens (the scope spells it from names the
/// naming module made identifiers).
fn type_tokens(file: &str, text: &str) -> Result<TokenStream, EmitError> {
    let ty: syn::Type = syn::parse_str(text).map_err(|e| EmitError {
        file: file.to_owned(),
        line: None,
        message: format!("the type `{text}`: {e}"),
    })?;
    Ok(quote!(#ty))
}

/// A node's `static`, with the body checks of its actions.
pub fn node(file: &str, scope: &Scope, node: &NodeIr, index: usize, plan: &Plan) -> Result<TokenStream, EmitError> {
    let mut steps = Vec::new();
    let mut item = quote!(None);
    let mut calls = Vec::new();
    let mut checks = Vec::new();
    let entity_type = || type_tokens(file, &scope.type_text(&node.entity_type));
    let unchecked = quote!(check::unchecked);
    let call = |op: TokenStream, check: TokenStream| quote!(Call { op: #op, check: #check });
    for (position, method) in node.methods.iter().enumerate() {
        match &method.kind {
            MethodKind::Navigate { segment, node } => {
                let node = plan.node(node);
                steps.push(quote!(Step { segment: #segment, node: &#node }));
            }
            MethodKind::Item { node, .. } => {
                let node = plan.node(node);
                item = quote!(Some(&#node));
            }
            // The fake walks key-as-segment paths; a compound key's item is not served.
            MethodKind::KeyedItem { .. } => {}
            MethodKind::Get => calls.push(call(quote!(Op::Get), unchecked.clone())),
            MethodKind::Update { put, .. } => {
                let ty = entity_type()?;
                let op = if *put { quote!(Op::Replace) } else { quote!(Op::Update) };
                calls.push(call(op, quote!(check::entity::<#ty>)));
            }
            MethodKind::Delete => calls.push(call(quote!(Op::Delete), unchecked.clone())),
            MethodKind::List { .. } => calls.push(call(quote!(Op::List), unchecked.clone())),
            MethodKind::ListCast { cast, .. } => calls.push(call(quote!(Op::ListCast(#cast)), unchecked.clone())),
            MethodKind::Create { .. } => {
                let ty = entity_type()?;
                calls.push(call(quote!(Op::Create), quote!(check::entity::<#ty>)));
            }
            MethodKind::PutProperty { segment, item, .. } => {
                let ty = type_tokens(file, &scope.type_text(item))?;
                calls.push(call(quote!(Op::PutProperty(#segment)), quote!(check::values::<#ty>)));
            }
            MethodKind::Upload { .. } => calls.push(call(quote!(Op::Upload), unchecked.clone())),
            MethodKind::Download => calls.push(call(quote!(Op::Download), unchecked.clone())),
            MethodKind::ScimBulkUpload { segment, .. } => {
                calls.push(call(quote!(Op::BulkUpload(#segment)), quote!(check::scim_bulk_request)));
            }
            MethodKind::Operation(operation) => {
                let wire = &operation.wire;
                let op = match operation.invocation {
                    Invocation::Action => quote!(Op::Action(#wire)),
                    Invocation::Function => quote!(Op::Function(#wire)),
                };
                let check = match &plan.checks[index][position] {
                    Some(name) => {
                        checks.push(action_check(file, scope, name, operation)?);
                        let name = ident(name);
                        quote!(#name)
                    }
                    None => unchecked.clone(),
                };
                calls.push(call(op, check));
            }
        }
    }
    let (shape, what) =
        if node.collection { (quote!(Shape::Collection), "the collection of ") } else { (quote!(Shape::Entity), "") };
    let doc = format!(" `{}`: {what}`{}`.", node.template, node.entity);
    let name = plan.node(&node.name);
    let entity = &node.entity;
    let filterable = match &node.filtering {
        FilteringIr::Any => quote!(Filterable::All),
        FilteringIr::AllBut(names) => quote!(Filterable::AllBut(&[#(#names),*])),
        FilteringIr::Refused => quote!(Filterable::Nothing),
    };
    Ok(quote! {
        #[doc = #doc]
        static #name: Node = Node {
            entity: #entity,
            shape: #shape,
            filterable: #filterable,
            steps: &[#(#steps,)*],
            item: #item,
            calls: &[#(#calls,)*],
        };
        #(#checks)*
    })
}

/// An action's body check: each parameter, required or not, of its type.
fn action_check(file: &str, scope: &Scope, name: &str, operation: &OperationIr) -> Result<TokenStream, EmitError> {
    let doc = format!(" The body of `{}`: its parameters, each of its type.", operation.wire);
    let name = ident(name);
    let result = type_tokens(file, scope.text(Name::Result))?;
    let string = type_tokens(file, scope.text(Name::String))?;
    let wires = operation.parameters.iter().map(|p| &p.wire);
    let mut parameters = Vec::new();
    for parameter in &operation.parameters {
        let ty = type_tokens(file, &scope.type_text(&parameter.ty))?;
        let (wire, required) = (&parameter.wire, !parameter.optional);
        parameters.push(quote!(check::parameter::<#ty>(body, #wire, #required)?;));
    }
    Ok(quote! {
        #[doc = #doc]
        fn #name(body: &serde_json::Value) -> #result<(), #string> {
            check::only_parameters(body, &[#(#wires),*])?;
            #(#parameters)*
            Ok(())
        }
    })
}

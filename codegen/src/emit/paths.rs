//! Tokens for the typed ids, the client's entry points and the request builders.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{deprecated_attribute, doc_attributes};
use super::scope::{Place, Scope};
use crate::csdl::OperationKind;
use crate::paths::{IdIr, MethodIr, MethodKind, NodeIr, OperationIr, PathsIr, ReturnIr, RootIr};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The scope of `paths.rs`: ids and request builders shadow imports of the
/// same name; `reexported` is the models module re-exported from `crate::models`.
pub fn scope(paths: &PathsIr, reexported: Option<&str>) -> Scope {
    let items = paths.ids.iter().map(|id| id.name.as_str()).chain(paths.nodes.iter().map(|n| n.name.as_str()));
    Scope::new(Place::Paths { reexported: reexported.map(str::to_owned) }, items)
}

/// The `paths` module's docs, imports, ids and client entry points (its nodes
/// follow, see [`node`]). Spelled after the nodes, so the scope knows which
/// imports they use.
pub fn module_head(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let ids: Vec<TokenStream> = paths.ids.iter().map(|i| id(scope, i)).collect();
    let roots: Vec<TokenStream> = paths.roots.iter().map(|r| root(scope, r)).collect();
    let string = scope.name("String");
    let entry_points: Vec<TokenStream> = paths
        .entry_points
        .iter()
        .map(|entry| {
            let (method, node) = (ident(&entry.method), ident(&entry.node));
            let path = format!("/{}", entry.segment);
            let doc = format!(" `{path}`");
            quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #node {
                    #node { client: self.clone(), path: #string::from(#path) }
                }
            }
        })
        .collect();
    let client = scope.name("Client");
    let imports = scope.imports();
    quote! {
        //! Typed ids and request builders for the paths of the slice: start at
        //! the client (`client.service_principal(id)`), follow navigation
        //! methods, finish with an operation that returns a [`crate::runtime::Request`].
        // Deprecated Graph operations are still generated.
        #![allow(deprecated)]

        #imports

        #(#ids)*

        impl #client {
            #(#roots)*
            #(#entry_points)*
        }
    }
}

fn id(scope: &Scope, id: &IdIr) -> TokenStream {
    let name = ident(&id.name);
    let doc = format!(" The id of a `{}`, placed in URLs percent-encoded.", id.entity);
    let (string, fmt) = (scope.name("String"), scope.name("fmt"));
    quote! {
        #[doc = #doc]
        ///
        /// Distinct id types keep one kind of id from being passed where another is expected.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(#string);

        impl #name {
            /// An id as Graph gives it (not yet percent-encoded).
            pub fn new(id: impl Into<#string>) -> Self {
                Self(id.into())
            }

            /// The id as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for #name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<#string> for #name {
            fn from(id: #string) -> Self {
                Self(id)
            }
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

fn root(scope: &Scope, root: &RootIr) -> TokenStream {
    let (method, id, node) = (ident(&root.method), ident(&root.id), ident(&root.node));
    let set = format!("/{}", root.entity_set);
    let doc = format!(" `/{}/{{id}}`", root.entity_set);
    let alternate_key_segment = scope.member("runtime", "alternate_key_segment");
    let key_segment = scope.member("runtime", "key_segment");
    let alternates = root.alternate_keys.iter().map(|key| {
        let (method, parameter) = (ident(&key.method), ident(&key.parameter));
        let (set, alias) = (&root.entity_set, &key.alias);
        let doc = format!(" `/{set}({alias}='{{{alias}}}')`: the item with this `{alias}` (an alternate key).");
        quote! {
            #[doc = #doc]
            pub fn #method(&self, #parameter: &str) -> #node {
                #node {
                    client: self.clone(),
                    path: #alternate_key_segment(#set, #alias, #parameter),
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #method(&self, id: impl Into<#id>) -> #node {
            let id = id.into();
            #node {
                client: self.clone(),
                path: format!("{}{}", #set, #key_segment(id.as_str())),
            }
        }

        #(#alternates)*
    }
}

/// A request builder type and its methods.
pub fn node(scope: &Scope, node: &NodeIr) -> TokenStream {
    let name = ident(&node.name);
    let shape = if node.collection { "the collection of" } else { "a" };
    let doc = format!(" Requests on `{}` ({shape} `{}`).", node.template, node.entity);
    let methods = node.methods.iter().map(|m| method(scope, node, m));
    let (client, string) = (scope.name("Client"), scope.name("String"));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #client,
            path: #string,
        }

        impl #name {
            /// The path below the client's base URL, percent-encoded.
            pub fn path(&self) -> &str {
                &self.path
            }

            #(#methods)*
        }
    }
}

fn request(scope: &Scope, method: TokenStream, path: TokenStream) -> TokenStream {
    let request = scope.name("Request");
    quote!(#request::new(self.client.clone(), http::Method::#method, #path))
}

fn method(scope: &Scope, node: &NodeIr, method: &MethodIr) -> TokenStream {
    let docs = doc_attributes(&method.docs);
    let deprecated = deprecated_attribute(method.deprecated.as_ref());
    let name = ident(&method.name);
    let entity = scope.value_type(&node.entity_type);
    let path = quote!(self.path.clone());
    let request_type = |kind: TokenStream| {
        let request = scope.name("Request");
        quote!(#request<#kind>)
    };
    let body = match &method.kind {
        MethodKind::Navigate { segment, node } => {
            let node = ident(node);
            let format = format!("{{}}/{segment}");
            quote! {
                pub fn #name(&self) -> #node {
                    #node { client: self.client.clone(), path: format!(#format, self.path) }
                }
            }
        }
        MethodKind::Item { id, node } => {
            let (id, node) = (ident(id), ident(node));
            let key_segment = scope.member("runtime", "key_segment");
            quote! {
                pub fn #name(&self, id: impl Into<#id>) -> #node {
                    let id = id.into();
                    #node {
                        client: self.client.clone(),
                        path: format!("{}{}", self.path, #key_segment(id.as_str())),
                    }
                }
            }
        }
        MethodKind::Get => {
            let request = request(scope, quote!(GET), path);
            let returns = request_type(json(scope, entity));
            quote! {
                pub fn #name(&self) -> #returns {
                    #request
                }
            }
        }
        MethodKind::Update { put } => {
            let verb = if *put { quote!(PUT) } else { quote!(PATCH) };
            let request = request(scope, verb, path);
            let returns = request_type(scope.name("NoContent"));
            quote! {
                pub fn #name(&self, entity: &#entity) -> #returns {
                    #request.json_body(entity)
                }
            }
        }
        MethodKind::Delete => {
            let request = request(scope, quote!(DELETE), path);
            let returns = request_type(scope.name("NoContent"));
            quote! {
                pub fn #name(&self) -> #returns {
                    #request
                }
            }
        }
        MethodKind::List => {
            let list_request = scope.name("ListRequest");
            quote! {
                pub fn #name(&self) -> #list_request<#entity> {
                    #list_request::new(self.client.clone(), self.path.clone())
                }
            }
        }
        MethodKind::Create => {
            let request = request(scope, quote!(POST), path);
            let returns = request_type(json(scope, entity.clone()));
            quote! {
                pub fn #name(&self, entity: &#entity) -> #returns {
                    #request.json_body(entity)
                }
            }
        }
        MethodKind::PutProperty { segment, item } => {
            let item = scope.value_type(item);
            let format = format!("{{}}/{segment}");
            let request = request(scope, quote!(PUT), quote!(format!(#format, self.path)));
            let (vec, action_body) = (scope.name("Vec"), scope.name("ActionBody"));
            let returns = request_type(scope.name("NoContent"));
            quote! {
                pub fn #name(&self, value: #vec<#item>) -> #returns {
                    #action_body::new().parameter("value", &value).attach(#request)
                }
            }
        }
        MethodKind::Upload { content_type } => {
            let request = request(scope, quote!(POST), path);
            let vec = scope.name("Vec");
            let returns = request_type(scope.name("NoContent"));
            quote! {
                pub fn #name(&self, body: #vec<u8>) -> #returns {
                    #request.raw_body(body, #content_type)
                }
            }
        }
        MethodKind::Download => {
            let request = request(scope, quote!(GET), quote!(format!("{}/$value", self.path)));
            let returns = request_type(scope.name("Bytes"));
            quote! {
                pub fn #name(&self) -> #returns {
                    #request
                }
            }
        }
        MethodKind::Operation(operation) => operation_method(scope, &name, operation),
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

fn json(scope: &Scope, ty: TokenStream) -> TokenStream {
    let json = scope.name("Json");
    quote!(#json<#ty>)
}

fn operation_method(scope: &Scope, name: &Ident, operation: &OperationIr) -> TokenStream {
    let option = scope.name("Option");
    let arguments = operation.parameters.iter().map(|p| {
        let (name, ty) = (ident(&p.name), scope.value_type(&p.ty));
        if p.optional {
            quote!(#name: #option<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    let kind = match &operation.returns {
        ReturnIr::Nothing => scope.name("NoContent"),
        ReturnIr::Json(ty) => json(scope, scope.value_type(ty)),
        ReturnIr::Values(ty) => {
            let (values, ty) = (scope.name("Values"), scope.value_type(ty));
            quote!(#values<#ty>)
        }
        ReturnIr::Value(ty) => {
            let (value, ty) = (scope.name("Value"), scope.value_type(ty));
            quote!(#value<#ty>)
        }
    };
    let wire = &operation.wire;
    let body = match operation.kind {
        OperationKind::Action => {
            let parameters = operation.parameters.iter().map(|p| {
                let (name, wire) = (ident(&p.name), &p.wire);
                if p.optional {
                    quote!(.optional_parameter(#wire, #name.as_ref()))
                } else {
                    quote!(.parameter(#wire, &#name))
                }
            });
            let format = format!("{{}}/{wire}");
            let action_body = scope.name("ActionBody");
            let request = request(scope, quote!(POST), quote!(format!(#format, self.path)));
            quote! {
                #action_body::new()
                    #(#parameters)*
                    .attach(#request)
            }
        }
        OperationKind::Function => {
            let url_literal = scope.member("runtime", "url_literal");
            let parameters = operation.parameters.iter().map(|p| {
                let (name, wire) = (ident(&p.name), &p.wire);
                if p.optional {
                    quote!((#wire, #name.as_ref().map(#url_literal)))
                } else {
                    quote!((#wire, Some(#url_literal(&#name))))
                }
            });
            let function_call = scope.member("runtime", "function_call");
            quote! {
                #function_call(self.client.clone(), &self.path, #wire, &[#(#parameters),*])
            }
        }
    };
    let request = scope.name("Request");
    quote! {
        pub fn #name(&self, #(#arguments),*) -> #request<#kind> {
            #body
        }
    }
}

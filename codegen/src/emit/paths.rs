//! Tokens for the typed ids, the client's entry points and the request builders.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{deprecated_attribute, doc_attributes};
use super::models::value_type;
use crate::csdl::OperationKind;
use crate::paths::{IdIr, MethodIr, MethodKind, NodeIr, OperationIr, PathsIr, ReturnIr, RootIr};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The `paths` module's docs, ids and client entry points (its nodes follow, see [`node`]).
pub fn module_head(paths: &PathsIr) -> TokenStream {
    let ids = paths.ids.iter().map(id);
    let roots = paths.roots.iter().map(root);
    let entry_points = paths.entry_points.iter().map(|entry| {
        let (method, node) = (ident(&entry.method), ident(&entry.node));
        let path = format!("/{}", entry.segment);
        let doc = format!(" `{path}`");
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> crate::paths::#node {
                crate::paths::#node { client: self.clone(), path: ::std::string::String::from(#path) }
            }
        }
    });
    quote! {
        //! Typed ids and request builders for the paths of the slice: start at
        //! the client (`client.service_principal(id)`), follow navigation
        //! methods, finish with an operation that returns a [`crate::runtime::Request`].
        // Deprecated Graph operations are still generated.
        #![allow(deprecated)]

        #(#ids)*

        impl crate::runtime::Client {
            #(#roots)*
            #(#entry_points)*
        }
    }
}

fn id(id: &IdIr) -> TokenStream {
    let name = ident(&id.name);
    let doc = format!(" The id of a `{}`, placed in URLs percent-encoded.", id.entity);
    quote! {
        #[doc = #doc]
        ///
        /// Distinct id types keep one kind of id from being passed where another is expected.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        pub struct #name(::std::string::String);

        impl #name {
            pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(id: ::std::string::String) -> Self {
                Self(id)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

fn root(root: &RootIr) -> TokenStream {
    let (method, id, node) = (ident(&root.method), ident(&root.id), ident(&root.node));
    let set = format!("/{}", root.entity_set);
    let doc = format!(" `/{}/{{id}}`", root.entity_set);
    let alternates = root.alternate_keys.iter().map(|key| {
        let (method, parameter) = (ident(&key.method), ident(&key.parameter));
        let (set, alias) = (&root.entity_set, &key.alias);
        let doc = format!(" `/{set}({alias}='{{{alias}}}')`: the item with this `{alias}` (an alternate key).");
        quote! {
            #[doc = #doc]
            pub fn #method(&self, #parameter: &str) -> crate::paths::#node {
                crate::paths::#node {
                    client: self.clone(),
                    path: crate::runtime::alternate_key_segment(#set, #alias, #parameter),
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #method(&self, id: impl ::std::convert::Into<crate::paths::#id>) -> crate::paths::#node {
            let id = id.into();
            crate::paths::#node {
                client: self.clone(),
                path: ::std::format!("{}{}", #set, crate::runtime::key_segment(id.as_str())),
            }
        }

        #(#alternates)*
    }
}

/// A request builder type and its methods.
pub fn node(node: &NodeIr) -> TokenStream {
    let name = ident(&node.name);
    let shape = if node.collection { "the collection of" } else { "a" };
    let doc = format!(" Requests on `{}` ({shape} `{}`).", node.template, node.entity);
    let methods = node.methods.iter().map(|m| method(node, m));
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct #name {
            client: crate::runtime::Client,
            path: ::std::string::String,
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

fn request(method: TokenStream, path: TokenStream) -> TokenStream {
    quote!(crate::runtime::Request::new(self.client.clone(), ::http::Method::#method, #path))
}

fn method(node: &NodeIr, method: &MethodIr) -> TokenStream {
    let docs = doc_attributes(&method.docs);
    let deprecated = deprecated_attribute(method.deprecated.as_ref());
    let name = ident(&method.name);
    let entity = value_type(&node.entity_type);
    let path = quote!(self.path.clone());
    let body = match &method.kind {
        MethodKind::Navigate { segment, node } => {
            let node = ident(node);
            let format = format!("{{}}/{segment}");
            quote! {
                pub fn #name(&self) -> crate::paths::#node {
                    crate::paths::#node { client: self.client.clone(), path: ::std::format!(#format, self.path) }
                }
            }
        }
        MethodKind::Item { id, node } => {
            let (id, node) = (ident(id), ident(node));
            quote! {
                pub fn #name(&self, id: impl ::std::convert::Into<crate::paths::#id>) -> crate::paths::#node {
                    let id = id.into();
                    crate::paths::#node {
                        client: self.client.clone(),
                        path: ::std::format!("{}{}", self.path, crate::runtime::key_segment(id.as_str())),
                    }
                }
            }
        }
        MethodKind::Get => {
            let request = request(quote!(GET), path);
            quote! {
                pub fn #name(&self) -> crate::runtime::Request<crate::runtime::Json<#entity>> {
                    #request
                }
            }
        }
        MethodKind::Update { put } => {
            let verb = if *put { quote!(PUT) } else { quote!(PATCH) };
            let request = request(verb, path);
            quote! {
                pub fn #name(&self, entity: &#entity) -> crate::runtime::Request<crate::runtime::NoContent> {
                    #request.json_body(entity)
                }
            }
        }
        MethodKind::Delete => {
            let request = request(quote!(DELETE), path);
            quote! {
                pub fn #name(&self) -> crate::runtime::Request<crate::runtime::NoContent> {
                    #request
                }
            }
        }
        MethodKind::List => quote! {
            pub fn #name(&self) -> crate::runtime::ListRequest<#entity> {
                crate::runtime::ListRequest::new(self.client.clone(), self.path.clone())
            }
        },
        MethodKind::Create => {
            let request = request(quote!(POST), path);
            quote! {
                pub fn #name(&self, entity: &#entity) -> crate::runtime::Request<crate::runtime::Json<#entity>> {
                    #request.json_body(entity)
                }
            }
        }
        MethodKind::PutProperty { segment, item } => {
            let item = value_type(item);
            let format = format!("{{}}/{segment}");
            let request = request(quote!(PUT), quote!(::std::format!(#format, self.path)));
            quote! {
                pub fn #name(&self, value: ::std::vec::Vec<#item>) -> crate::runtime::Request<crate::runtime::NoContent> {
                    crate::runtime::ActionBody::new().parameter("value", &value).attach(#request)
                }
            }
        }
        MethodKind::Upload { content_type } => {
            let request = request(quote!(POST), path);
            quote! {
                pub fn #name(&self, body: ::std::vec::Vec<u8>) -> crate::runtime::Request<crate::runtime::NoContent> {
                    #request.raw_body(body, #content_type)
                }
            }
        }
        MethodKind::Download => {
            let request = request(quote!(GET), quote!(::std::format!("{}/$value", self.path)));
            quote! {
                pub fn #name(&self) -> crate::runtime::Request<crate::runtime::Bytes> {
                    #request
                }
            }
        }
        MethodKind::Operation(operation) => operation_method(&name, operation),
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

fn operation_method(name: &Ident, operation: &OperationIr) -> TokenStream {
    let arguments = operation.parameters.iter().map(|p| {
        let (name, ty) = (ident(&p.name), value_type(&p.ty));
        if p.optional {
            quote!(#name: ::std::option::Option<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    let kind = match &operation.returns {
        ReturnIr::Nothing => quote!(crate::runtime::NoContent),
        ReturnIr::Json(ty) => {
            let ty = value_type(ty);
            quote!(crate::runtime::Json<#ty>)
        }
        ReturnIr::Values(ty) => {
            let ty = value_type(ty);
            quote!(crate::runtime::Values<#ty>)
        }
        ReturnIr::Value(ty) => {
            let ty = value_type(ty);
            quote!(crate::runtime::Value<#ty>)
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
            quote! {
                crate::runtime::ActionBody::new()
                    #(#parameters)*
                    .attach(crate::runtime::Request::new(self.client.clone(), ::http::Method::POST, ::std::format!(#format, self.path)))
            }
        }
        OperationKind::Function => {
            let parameters = operation.parameters.iter().map(|p| {
                let (name, wire) = (ident(&p.name), &p.wire);
                if p.optional {
                    quote!((#wire, #name.as_ref().map(crate::runtime::url_literal)))
                } else {
                    quote!((#wire, ::std::option::Option::Some(crate::runtime::url_literal(&#name))))
                }
            });
            quote! {
                crate::runtime::function_call(self.client.clone(), &self.path, #wire, &[#(#parameters),*])
            }
        }
    };
    quote! {
        pub fn #name(&self, #(#arguments),*) -> crate::runtime::Request<#kind> {
            #body
        }
    }
}

//! Tokens for the typed ids, the client's entry points and the request builders.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{deprecated_attribute, doc_attributes, Doc};
use super::scope::{Place, Scope};
use crate::ir::paths::{
    IdEntity, IdIr, Invocation, MethodIr, MethodKind, NodeIr, OperationIr, PathsIr, ReturnIr, RootIr,
};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The scope of `paths.rs`: ids and request builders shadow imports of the
/// same name; `reexported` is the models module re-exported from the version's `models`.
pub fn scope(paths: &PathsIr, reexported: Option<&str>) -> Scope {
    let markers = paths.ids.iter().filter_map(|id| match &id.entity_type {
        IdEntity::Marker(marker) => Some(marker.as_str()),
        IdEntity::Model(_) => None,
    });
    let items = paths.ids.iter().map(|id| id.name.as_str()).chain(paths.nodes.iter().map(|n| n.name.as_str()));
    let items = items.chain([paths.api.name.as_str()]);
    Scope::new(Place::Paths { reexported: reexported.map(str::to_owned) }, items.chain(markers))
}

/// The `paths` module's docs and imports (its ids, client entry points and
/// nodes follow). Spelled after them, so the scope knows which imports they use.
pub fn module_head(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let imports = scope.imports();
    let entry = format!(" the version's entry points (`client.{}()`), follow navigation methods,", paths.api.method);
    quote! {
        //! Typed ids and request builders for the paths of the slice: start at
        #![doc = #entry]
        //! finish with an operation that returns a [`crate::runtime::Request`].
        // Deprecated Graph operations are still generated.
        #![allow(deprecated)]

        #imports
    }
}

/// The version's entry type, the client method that gives it, and its entry
/// points: `client.v1().service_principal(id)`, `client.beta().users()`.
pub fn api(scope: &Scope, paths: &PathsIr) -> TokenStream {
    let api = ident(&paths.api.name);
    let (method, version) = (ident(&paths.api.method), &paths.api.version);
    let client = scope.name("Client");
    let type_doc = Doc::from(format!(" Graph `{version}`: the entry points to its paths (`client.{method}()`)."));
    let method_doc = Doc::from(format!(
        " Requests to Graph `{version}` (`{{root}}/{version}/...`), with this client's settings, token provider and pacing."
    ));
    let roots = paths.roots.iter().map(|r| root(scope, r));
    let entry_points = paths.entry_points.iter().map(|entry| {
        let (method, node) = (ident(&entry.method), ident(&entry.node));
        let resource = scope.name("Resource");
        let segment = &entry.segment;
        let doc = Doc::from(format!(" `/{segment}`"));
        quote! {
            #doc
            pub fn #method(&self) -> #node {
                #node(#resource::entity_set(self.0.clone(), #segment))
            }
        }
    });
    quote! {
        #type_doc
        #[derive(Debug, Clone)]
        pub struct #api(#client);

        impl #client {
            #method_doc
            pub fn #method(&self) -> #api {
                #api(self.at_version(#version))
            }
        }

        impl #api {
            /// The client rooted at this version, which requests built here are sent with.
            pub fn client(&self) -> &#client {
                &self.0
            }

            #(#roots)*
            #(#entry_points)*
        }
    }
}

/// A typed id: a name for the runtime's `Id` of the entity type (or of a
/// marker type standing for an entity type outside the slice).
pub fn id(scope: &Scope, id: &IdIr) -> TokenStream {
    let name = ident(&id.name);
    let doc = Doc::from(format!(" The id of a `{}`, placed in URLs percent-encoded.", id.entity));
    let typed_id = scope.name("Id");
    let (entity, marker) = match &id.entity_type {
        IdEntity::Model(entity) => (scope.value_type(entity), quote!()),
        IdEntity::Marker(marker) => {
            let marker = ident(marker);
            let doc = Doc::from(format!(" Stands for a `{}` (a type outside the slice) in its id type.", id.entity));
            (quote!(#marker), quote!(#doc pub enum #marker {}))
        }
    };
    quote! {
        #doc
        pub type #name = #typed_id<#entity>;

        #marker
    }
}

fn root(scope: &Scope, root: &RootIr) -> TokenStream {
    let (method, id, node) = (ident(&root.method), ident(&root.id), ident(&root.node));
    let set = &root.entity_set;
    let doc = Doc::from(format!(" `/{}/{{id}}`", root.entity_set));
    let resource = scope.name("Resource");
    let alternates = root.alternate_keys.iter().map(|key| {
        let (method, parameter) = (ident(&key.method), ident(&key.parameter));
        let alias = &key.alias;
        let doc = Doc::from(format!(
            " `/{}({alias}='{{{alias}}}')`: the item with this `{alias}` (an alternate key).",
            root.entity_set
        ));
        quote! {
            #doc
            pub fn #method(&self, #parameter: &str) -> #node {
                #node(#resource::entity_set(self.0.clone(), #set).alternate_key(#alias, #parameter))
            }
        }
    });
    quote! {
        #doc
        pub fn #method(&self, id: impl Into<#id>) -> #node {
            #node(#resource::entity_set(self.0.clone(), #set).item(id.into().as_str()))
        }

        #(#alternates)*
    }
}

/// A request builder type and its methods.
pub fn node(scope: &Scope, node: &NodeIr) -> TokenStream {
    let name = ident(&node.name);
    let shape = if node.collection { "the collection of" } else { "a" };
    let doc = Doc::from(format!(" Requests on `{}` ({shape} `{}`).", node.template, node.entity));
    let methods = node.methods.iter().map(|m| method(scope, node, m));
    let resource = scope.name("Resource");
    let parameters = node.methods.iter().filter_map(|m| match &m.kind {
        MethodKind::Operation(operation) => action_parameters(scope, node, m, operation),
        _ => None,
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name(#resource);

        impl #name {
            /// The path below the client's base URL, percent-encoded.
            pub fn path(&self) -> &str {
                self.0.path()
            }

            #(#methods)*
        }

        #(#parameters)*
    }
}

/// The parameters struct of an action with optional parameters, and the
/// `with_*` setters of its `Action`.
fn action_parameters(scope: &Scope, node: &NodeIr, method: &MethodIr, operation: &OperationIr) -> Option<TokenStream> {
    let name = ident(operation.parameters_type.as_deref()?);
    let doc = Doc::from(format!(
        " The parameters of the `{}` action on `{}` ([`{}::{}`]).",
        operation.wire, node.template, node.name, method.name
    ));
    let (wrapper, into) = (scope.name("Field"), scope.name("Into"));
    let is_absent = format!("{}::is_absent", scope.text("Field"));
    let fields = operation.parameters.iter().map(|p| {
        let (member, wire, ty) = (ident(&p.name), &p.wire, scope.value_type(&p.ty));
        let doc = Doc::from(format!(" `{wire}`{}.", if p.optional { " (optional)" } else { "" }));
        if p.optional {
            quote! {
                #doc
                #[serde(rename = #wire, skip_serializing_if = #is_absent)]
                pub #member: #wrapper<#ty>,
            }
        } else {
            quote! {
                #doc
                #[serde(rename = #wire)]
                pub #member: #ty,
            }
        }
    });
    let setters = operation.parameters.iter().filter(|p| p.optional).map(|p| {
        let (member, setter, ty) = (ident(&p.name), ident(&p.setter), scope.value_type(&p.ty));
        let doc = Doc::from(format!(" Sets `{}`; `None` leaves it out, `Field::Null` sends `null`.", p.wire));
        quote! {
            #doc
            pub fn #setter(mut self, value: impl #into<#wrapper<#ty>>) -> Self {
                self.parameters_mut().#member = value.into();
                self
            }
        }
    });
    let kind = operation_kind(scope, operation);
    let action = scope.generic("Action", quote!(#name, #kind));
    let serialize = scope.name("Serialize");
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #action {
            #(#setters)*
        }
    })
}

/// How an operation's answer is decoded: `NoContent`, `Json<T>`, ...
fn operation_kind(scope: &Scope, operation: &OperationIr) -> TokenStream {
    match &operation.returns {
        ReturnIr::Nothing => scope.name("NoContent"),
        ReturnIr::Json(ty) => scope.generic("Json", scope.value_type(ty)),
        ReturnIr::Values(ty) => scope.generic("Values", scope.value_type(ty)),
        ReturnIr::Value(ty) => scope.generic("Value", scope.value_type(ty)),
    }
}

fn method(scope: &Scope, node: &NodeIr, method: &MethodIr) -> TokenStream {
    let docs = doc_attributes(&method.docs);
    let deprecated = deprecated_attribute(method.deprecated.as_ref());
    let name = ident(&method.name);
    // Spelled only where used: spelling a name is what imports it.
    let entity = || scope.value_type(&node.entity_type);
    let request = |kind: TokenStream| scope.generic("Request", kind);
    let no_content = || request(scope.name("NoContent"));
    let (signature, body) = match &method.kind {
        MethodKind::Navigate { segment, node } => {
            let node = ident(node);
            (quote!((&self) -> #node), quote!(#node(self.0.child(#segment))))
        }
        MethodKind::Item { id, node } => {
            let (id, node) = (ident(id), ident(node));
            (quote!((&self, id: impl Into<#id>) -> #node), quote!(#node(self.0.item(id.into().as_str()))))
        }
        MethodKind::Get => {
            let returns = request(scope.generic("Json", entity()));
            (quote!((&self) -> #returns), quote!(self.0.get()))
        }
        MethodKind::Update { put, sensitive } => {
            let call = if *put { quote!(self.0.replace(entity)) } else { quote!(self.0.update(entity)) };
            let call = mark_sensitive(call, *sensitive);
            let (entity, returns) = (entity(), no_content());
            (quote!((&self, entity: &#entity) -> #returns), call)
        }
        MethodKind::Delete => {
            let returns = no_content();
            (quote!((&self) -> #returns), quote!(self.0.delete()))
        }
        MethodKind::List => {
            let (list_request, entity) = (scope.name("ListRequest"), entity());
            (quote!((&self) -> #list_request<#entity>), quote!(self.0.list()))
        }
        MethodKind::Create { sensitive } => {
            let entity = entity();
            let returns = request(scope.generic("Json", entity.clone()));
            (quote!((&self, entity: &#entity) -> #returns), mark_sensitive(quote!(self.0.create(entity)), *sensitive))
        }
        MethodKind::PutProperty { segment, item, sensitive } => {
            let (vec, item, returns) = (scope.name("Vec"), scope.value_type(item), no_content());
            let call = mark_sensitive(quote!(self.0.put_collection(#segment, &values)), *sensitive);
            (quote!((&self, values: #vec<#item>) -> #returns), call)
        }
        MethodKind::Upload { content_type } => {
            let (vec, returns) = (scope.name("Vec"), no_content());
            (quote!((&self, body: #vec<u8>) -> #returns), quote!(self.0.upload(#content_type, body)))
        }
        MethodKind::Download => {
            let returns = request(scope.name("Bytes"));
            (quote!((&self) -> #returns), quote!(self.0.download()))
        }
        MethodKind::ScimBulkUpload { segment } => {
            let (bulk_request, upload) =
                (scope.member("runtime", "scim::BulkRequest"), scope.member("runtime", "scim::BulkUpload"));
            (quote!((&self, request: &#bulk_request) -> #upload), quote!(#upload::new(&self.0, #segment, request)))
        }
        MethodKind::Operation(operation) => operation_method(scope, operation),
    };
    quote! {
        #docs
        #deprecated
        pub fn #name #signature {
            #body
        }
    }
}

/// An action with optional parameters: the required ones as arguments, the
/// optional ones absent in an `Action` whose `with_*` methods set them.
fn action_method(scope: &Scope, operation: &OperationIr, parameters_type: &str) -> (TokenStream, TokenStream) {
    let name = ident(parameters_type);
    let arguments = operation.parameters.iter().filter(|p| !p.optional).map(|p| {
        let (name, ty) = (ident(&p.name), scope.value_type(&p.ty));
        quote!(#name: #ty)
    });
    let values = operation.parameters.iter().map(|p| {
        let member = ident(&p.name);
        if p.optional {
            let wrapper = scope.name("Field");
            quote!(#member: #wrapper::Absent)
        } else {
            quote!(#member)
        }
    });
    let action = scope.name("Action");
    let kind = operation_kind(scope, operation);
    let returns = scope.generic("Action", quote!(#name, #kind));
    let signature = quote!((&self, #(#arguments),*) -> #returns);
    let (wire, action_body) = (&operation.wire, scope.name("ActionBody"));
    let call = quote!(#action::new(self.0.action(#wire, #action_body::new()), #name { #(#values),* }));
    (signature, mark_sensitive(call, operation.sensitive))
}

/// `call.sensitive()` for a request whose body carries credentials.
fn mark_sensitive(call: TokenStream, sensitive: bool) -> TokenStream {
    if sensitive {
        quote!(#call.sensitive())
    } else {
        call
    }
}

/// The signature and body of a bound action's or function's method.
fn operation_method(scope: &Scope, operation: &OperationIr) -> (TokenStream, TokenStream) {
    if let Some(parameters_type) = &operation.parameters_type {
        return action_method(scope, operation, parameters_type);
    }
    let option = scope.name("Option");
    let arguments = operation.parameters.iter().map(|p| {
        let (name, ty) = (ident(&p.name), scope.value_type(&p.ty));
        if p.optional {
            quote!(#name: #option<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    let returns = scope.generic("Request", operation_kind(scope, operation));
    let signature = quote!((&self, #(#arguments),*) -> #returns);
    let wire = &operation.wire;
    let body = match operation.invocation {
        Invocation::Action => {
            let parameters = operation.parameters.iter().map(|p| {
                let (name, wire) = (ident(&p.name), &p.wire);
                if p.optional {
                    quote!(.optional_parameter(#wire, #name.as_ref()))
                } else {
                    quote!(.parameter(#wire, &#name))
                }
            });
            let action_body = scope.name("ActionBody");
            mark_sensitive(quote!(self.0.action(#wire, #action_body::new() #(#parameters)*)), operation.sensitive)
        }
        Invocation::Function => {
            let parameters = operation.parameters.iter().map(|p| {
                let (name, wire) = (ident(&p.name), &p.wire);
                let url_literal = scope.member("runtime", "url_literal");
                if p.optional {
                    quote!((#wire, #name.as_ref().map(#url_literal)))
                } else {
                    quote!((#wire, Some(#url_literal(&#name))))
                }
            });
            quote!(self.0.function(#wire, &[#(#parameters),*]))
        }
    };
    (signature, body)
}

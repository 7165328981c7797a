//! The text of the typed ids, the client's entry points and the request builders.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{push_deprecated, push_doc, push_docs};
use super::scope::{Call, Name, Place, Scope};
use super::{text, EmitError};
use crate::ir::paths::{
    ApiIr, IdEntity, IdIr, Invocation, MethodIr, MethodKind, NodeIr, OperationIr, PathsIr, ReturnIr, RootIr,
};
use crate::ir::RustType;
use text::Compiled::{Generic, Inline};
use text::{ident, Expr};

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
        //! finish with an operation that returns a [`graph_sync::runtime::Request`](crate::runtime::Request).
        // Deprecated Graph operations are still generated.
        #![allow(deprecated)]

        #imports
    }
}

/// The version's entry type (built on the runtime's handle) and its entry
/// points: `client.v1().service_principal(id)`, `client.beta().users()` (the
/// `Client` method that gives it is the facade's, which names every version).
pub fn api(file: &str, scope: &Scope, paths: &PathsIr, out: &mut String) -> Result<(), EmitError> {
    let api = ident(&paths.api.name);
    let (method, version) = (ident(&paths.api.method), &paths.api.version);
    let handle = scope.text(Name::Handle);
    text::item(out, file, |out| {
        push_doc(out, 0, &format!("Graph `{version}`: the entry points to its paths (`client.{method}()`)."));
        let _ = writeln!(out, "#[derive(Debug, Clone)]\npub struct {api}({handle});");
    })?;
    let _ = writeln!(out, "impl {api} {{");
    push_doc(
        out,
        4,
        &format!(
            "Requests to Graph `{version}` (`{{root}}/{version}/...`) with `handle`'s settings, token provider and pacing: what `client.{method}()` gives."
        ),
    );
    text::method_signature(out, 4, Inline, "pub fn new", &[&format!("handle: &{handle}")], Some(api));
    let _ = writeln!(out, "        {api}(handle.{}({}))\n    }}", Call::AtVersion.name(), text::literal(version));
    text::doc_line(out, 4, " The handle rooted at this version, which requests built here are sent with.");
    text::method_signature(out, 4, Inline, "pub fn client", &["&self"], Some(&format!("&{handle}")));
    out.push_str("        &self.0\n    }\n");
    for r in &paths.roots {
        root(file, scope, r, out)?;
    }
    for entry in &paths.entry_points {
        let (method, node) = (ident(&entry.method), ident(&entry.node));
        text::method(out, file, |out| {
            push_doc(out, 4, &format!("`/{}`", entry.segment));
            text::method_signature(out, 4, Inline, &format!("pub fn {method}"), &["&self"], Some(node));
            let (segment, resource) = (text::literal(&entry.segment), scope.text(Name::Resource));
            let set = Expr::Atom(format!("{resource}::{}(self.0.clone(), {segment})", Call::EntitySet.name()));
            let body = Expr::call(node, vec![set]);
            body_lines(out, &body);
            true
        })?;
    }
    if !paths.imports.is_empty() {
        let resource = scope.text(Name::Resource);
        text::doc_line(out, 4, " The service root, where the imports' actions and functions are called.");
        text::method_signature(out, 4, Inline, "fn service_root", &["&self"], Some(resource));
        let _ = writeln!(out, "        {resource}::{}(self.0.clone(), \"\")\n    }}", Call::New.name());
    }
    for import in &paths.imports {
        let MethodKind::Operation(operation) = &import.kind else { continue };
        text::method(out, file, |out| {
            push_docs(out, 4, &import.docs);
            push_deprecated(out, 4, import.deprecated.as_ref());
            let (arguments, returns, body, layout) = operation_method(scope, operation, "self.service_root()");
            let mut all = vec!["&self"];
            all.extend(arguments.iter().map(String::as_str));
            text::method_signature(out, 4, Inline, &format!("pub fn {}", ident(&import.name)), &all, Some(&returns));
            body_lines(out, &body);
            layout
        })?;
    }
    out.push_str("}\n");
    for import in &paths.imports {
        if let MethodKind::Operation(operation) = &import.kind {
            action_parameters(file, scope, &paths.api, (&paths.api.name, "/"), import, operation, out)?;
        }
    }
    Ok(())
}

/// A typed id: a name for the runtime's `Id` of the entity type (or of a
/// marker type standing for an entity type outside the slice).
pub fn id(file: &str, scope: &Scope, id: &IdIr, out: &mut String) -> Result<(), EmitError> {
    text::item(out, file, |out| {
        let name = ident(&id.name);
        push_doc(out, 0, &format!("The id of a `{}`, placed in URLs percent-encoded.", id.entity));
        let entity = match &id.entity_type {
            IdEntity::Model(entity) => scope.type_text(entity),
            IdEntity::Marker(marker) => ident(marker).to_owned(),
        };
        text::generic_line(out, 0, &format!("pub type {name} = "), scope.text(Name::Id), &entity, ";");
        if let IdEntity::Marker(marker) = &id.entity_type {
            push_doc(out, 0, &format!("Stands for a `{}` (a type outside the slice) in its id type.", id.entity));
            let _ = writeln!(out, "pub enum {} {{}}", ident(marker));
        }
    })
}

fn root(file: &str, scope: &Scope, root: &RootIr, out: &mut String) -> Result<(), EmitError> {
    let (method, id, node) = (ident(&root.method), ident(&root.id), ident(&root.node));
    let set = text::literal(&root.entity_set);
    let resource = scope.text(Name::Resource);
    text::method(out, file, |out| {
        push_doc(out, 4, &format!("`/{}/{{id}}`", root.entity_set));
        text::method_signature(
            out,
            4,
            Generic,
            &format!("pub fn {method}"),
            &["&self", &format!("id: impl Into<{id}>")],
            Some(node),
        );
        let _ = writeln!(
            out,
            "        {node}({resource}::{}(self.0.clone(), {set}).{}(id.into().as_str()))\n    }}",
            Call::EntitySet.name(),
            Call::Item.name(),
        );
        true
    })?;
    for key in &root.alternate_keys {
        let (method, parameter) = (ident(&key.method), ident(&key.parameter));
        let alias = &key.alias;
        text::method(out, file, |out| {
            push_doc(
                out,
                4,
                &format!(
                    "`/{}({alias}='{{{alias}}}')`: the item with this `{alias}` (an alternate key).",
                    root.entity_set
                ),
            );
            text::method_signature(
                out,
                4,
                Inline,
                &format!("pub fn {method}"),
                &["&self", &format!("{parameter}: &str")],
                Some(node),
            );
            let alias = text::literal(alias);
            let _ = writeln!(
                out,
                "        {node}({resource}::{}(self.0.clone(), {set}).{}({alias}, {parameter}))\n    }}",
                Call::EntitySet.name(),
                Call::AlternateKey.name(),
            );
            true
        })?;
    }
    Ok(())
}

/// A request builder type and its methods.
/// `api` names the version, which the docs of its `Action` setters say
/// (rustdoc lists every version's under the one `Action` type).
pub fn node(file: &str, scope: &Scope, api: &ApiIr, node: &NodeIr, out: &mut String) -> Result<(), EmitError> {
    let name = ident(&node.name);
    text::item(out, file, |out| {
        let shape = if node.collection { "the collection of" } else { "a" };
        push_doc(out, 0, &format!("Requests on `{}` ({shape} `{}`).", node.template, node.entity));
        if !node.unbound_navigation.is_empty() {
            let names: Vec<String> = node.unbound_navigation.iter().map(|name| format!("`{name}`")).collect();
            text::doc_line(out, 0, "");
            push_doc(
                out,
                0,
                &format!(
                    "No step for {}: not contained, and bound to no entity set by the container (its target is \
                     reached through its own entity set).",
                    names.join(", ")
                ),
            );
        }
        let _ = writeln!(out, "#[derive(Debug, Clone)]\npub struct {name}({});", scope.text(Name::Resource));
    })?;
    let _ = writeln!(out, "impl {name} {{");
    text::doc_line(out, 4, " The path below the client's base URL, percent-encoded.");
    let path = Call::Path.name();
    let _ = writeln!(out, "    #[inline]\n    pub fn {path}(&self) -> &str {{\n        self.0.{path}()\n    }}");
    for m in &node.methods {
        text::method(out, file, |out| method(scope, node, m, out))?;
    }
    out.push_str("}\n");
    for m in &node.methods {
        if let MethodKind::Operation(operation) = &m.kind {
            action_parameters(file, scope, api, (&node.name, &node.template), m, operation, out)?;
        }
    }
    Ok(())
}

/// The parameters struct of an action with optional parameters, and the
/// `with_*` setters of its `Action`.
/// `owner` is the type the method is on and the URL template it is at
/// (a node's, or the entry type's for an import).
fn action_parameters(
    file: &str,
    scope: &Scope,
    api: &ApiIr,
    (owner, template): (&str, &str),
    method: &MethodIr,
    operation: &OperationIr,
    out: &mut String,
) -> Result<(), EmitError> {
    let Some(name) = operation.parameters_type.as_deref().map(ident) else { return Ok(()) };
    // The one kind of generated struct that derives `Serialize` rather than
    // going through the models' table engine, measured (issue 45, v1.0's
    // crate expanded with `-Zunpretty=expanded`): its five derives expand to
    // 210 lines of the crate's 55,392 (0.4%), 42 a struct, where the engine's
    // encoding half alone (`Model` and `Serialize`) takes 41 for a model of two
    // properties. The engine pays off in decoding (no visitor, field enum or
    // `flatten` buffer per struct), and these structs are only ever sent; the
    // engine would also give each a map of unknown properties to fill.
    let (wrapper, into) = (scope.text(Name::Field), scope.text(Name::Into));
    text::item(out, file, |out| {
        push_doc(
            out,
            0,
            &format!(
                "The parameters of the `{}` action on `{template}` ([`{owner}::{}`]).",
                operation.wire, method.name
            ),
        );
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq, {})]\n#[non_exhaustive]\npub struct {name} {{",
            scope.text(Name::Serialize)
        );
        for p in &operation.parameters {
            let (member, wire, ty) = (ident(&p.name), text::literal(&p.wire), scope.type_text(&p.ty));
            push_doc(out, 4, &format!("`{}`{}.", p.wire, if p.optional { " (optional)" } else { "" }));
            if p.optional {
                let arguments = [format!("rename = {wire}"), format!("skip_serializing_if = \"{wrapper}::is_absent\"")];
                text::attribute(out, 4, "serde", &arguments);
                text::generic_line(out, 4, &format!("pub {member}: "), wrapper, &ty, ",");
            } else {
                let _ = writeln!(out, "    #[serde(rename = {wire})]");
                text::indent(out, 4);
                out.push_str("pub ");
                out.push_str(member);
                out.push_str(": ");
                text::push_expr(out, 4, 4 + member.len() + 6, &text::generic_type(&ty), 1);
                out.push_str(",\n");
            }
        }
        out.push_str("}\n");
        let mut kind = String::new();
        operation_kind(scope, operation, &mut kind);
        let action = format!("{}<{name}, {kind}>", scope.text(Name::Action));
        let about = format!(
            "The optional parameters of `{}` on `{template}` in Graph `{}` ([`{owner}::{}`]).",
            operation.wire, api.version, method.name
        );
        push_doc(out, 0, &about);
        out.push_str("impl ");
        text::push_expr(out, 0, 5, &text::generic_type(&action), 2);
        out.push_str(" {\n");
        for p in operation.parameters.iter().filter(|p| p.optional) {
            let (member, setter, ty) = (ident(&p.name), ident(&p.setter), scope.type_text(&p.ty));
            push_doc(out, 4, &format!("Sets `{}`; `None` leaves it out, `Field::Null` sends `null`.", p.wire));
            let argument = format!("value: impl {into}<{wrapper}<{ty}>>");
            text::method_signature(
                out,
                4,
                Generic,
                &format!("pub fn {setter}"),
                &["mut self", &argument],
                Some("Self"),
            );
            let parameters = Call::ParametersMut.name();
            let _ = writeln!(out, "        self.{parameters}().{member} = value.into();\n        self\n    }}");
        }
        out.push_str("}\n");
    })
}

/// Appends how an operation's answer is decoded: `NoContent`, `Json<T>`, ...
fn operation_kind(scope: &Scope, operation: &OperationIr, out: &mut String) {
    let (name, ty) = match &operation.returns {
        ReturnIr::Nothing => {
            out.push_str(scope.text(Name::NoContent));
            return;
        }
        ReturnIr::Json(ty) => (Name::Json, ty),
        ReturnIr::Values(ty) => (Name::Values, ty),
        ReturnIr::Value(ty) => (Name::Value, ty),
    };
    out.push_str(scope.text(name));
    out.push('<');
    scope.push_type(out, ty);
    out.push('>');
}

/// One request-builder method: its docs, signature and one-expression body.
/// Returns whether its layout is prettyplease's (see [`operation_method`]).
fn method(scope: &Scope, node: &NodeIr, method: &MethodIr, out: &mut String) -> bool {
    push_docs(out, 4, &method.docs);
    push_deprecated(out, 4, method.deprecated.as_ref());
    let name = format!("pub fn {}", ident(&method.name));
    // Spelled only where used: spelling a name is what imports it.
    let entity = || scope.type_text(&node.entity_type);
    let request = |kind: &str| format!("{}<{kind}>", scope.text(Name::Request));
    let no_content = || request(scope.text(Name::NoContent));
    let json = |ty: &str| format!("{}<{ty}>", scope.text(Name::Json));
    // A call on the node's resource, and `.sensitive()` after it where the body holds a secret.
    let sensitive = |method: Call, arguments: Vec<Expr>, secret: bool| {
        Expr::method_call("self.0", method, arguments, if secret { &[Call::Sensitive] } else { &[] })
    };
    let atom = |text: &str| Expr::Atom(text.to_owned());
    let mut laid_out = true;
    let (arguments, returns, body): (Vec<String>, String, Expr) = match &method.kind {
        MethodKind::Navigate { segment, node } => {
            let node = ident(node);
            let child = Expr::Atom(format!("self.0.{}({})", Call::Child.name(), text::literal(segment)));
            (vec![], node.to_owned(), Expr::call(node, vec![child]))
        }
        MethodKind::Item { id, node } => {
            let (id, node) = (ident(id), ident(node));
            let item = format!("self.0.{}(id.into().as_str())", Call::Item.name());
            let body = Expr::call(node, vec![Expr::Atom(item)]);
            (vec![format!("id: impl Into<{id}>")], node.to_owned(), body)
        }
        MethodKind::KeyedItem { parts, node } => {
            let node = ident(node);
            let arguments = parts
                .iter()
                .map(|p| {
                    let ty = if p.ty == RustType::String { "&str".to_owned() } else { scope.type_text(&p.ty) };
                    format!("{}: {ty}", ident(&p.argument))
                })
                .collect();
            let parts: Vec<String> =
                parts.iter().map(|p| format!("({}, &{})", text::literal(&p.wire), ident(&p.argument))).collect();
            let key = format!("self.0.{}(&[{}])", Call::CompoundKey.name(), parts.join(", "));
            let body = Expr::call(node, vec![Expr::Atom(key)]);
            // A slice literal inside calls: prettyplease lays it out.
            laid_out = false;
            (arguments, node.to_owned(), body)
        }
        MethodKind::Get => (vec![], request(&json(&entity())), Expr::method_call("self.0", Call::Get, vec![], &[])),
        MethodKind::Update { put, sensitive: secret } => {
            let method = if *put { Call::Replace } else { Call::Update };
            let entity = entity();
            (vec![format!("entity: &{entity}")], no_content(), sensitive(method, vec![atom("entity")], *secret))
        }
        MethodKind::Delete => (vec![], no_content(), Expr::method_call("self.0", Call::Delete, vec![], &[])),
        MethodKind::List { directory_objects, item } => {
            let list = scope.text(Name::ListRequest);
            let chain: &[Call] = if *directory_objects { &[Call::DirectoryObjects] } else { &[] };
            (
                vec![],
                format!("{list}<{}>", scope.type_text(item)),
                Expr::method_call("self.0", Call::List, vec![], chain),
            )
        }
        MethodKind::ListCast { cast, item, directory_objects } => {
            let list = scope.text(Name::ListRequest);
            let below = format!("self.0.{}({}).{}()", Call::Child.name(), text::literal(cast), Call::List.name());
            let call = match directory_objects {
                true => format!("{below}.{}().{}()", Call::DirectoryObjects.name(), Call::Advanced.name()),
                false => below,
            };
            // A chain of calls: prettyplease lays it out.
            laid_out = false;
            (vec![], format!("{list}<{}>", scope.type_text(item)), atom(&call))
        }
        MethodKind::Create { sensitive: secret } => {
            let entity = entity();
            let returns = request(&json(&entity));
            (vec![format!("entity: &{entity}")], returns, sensitive(Call::Create, vec![atom("entity")], *secret))
        }
        MethodKind::PutProperty { segment, item, sensitive: secret } => {
            let (vec, item) = (scope.text(Name::Vec), scope.type_text(item));
            let arguments = vec![Expr::Atom(text::literal(segment)), atom("&values")];
            (vec![format!("values: {vec}<{item}>")], no_content(), sensitive(Call::PutCollection, arguments, *secret))
        }
        MethodKind::Upload { content_type } => {
            let vec = scope.text(Name::Vec);
            let arguments = vec![Expr::Atom(text::literal(content_type)), atom("body")];
            (vec![format!("body: {vec}<u8>")], no_content(), Expr::method_call("self.0", Call::Upload, arguments, &[]))
        }
        MethodKind::Download => {
            (vec![], request(scope.text(Name::Bytes)), Expr::method_call("self.0", Call::Download, vec![], &[]))
        }
        MethodKind::ScimBulkUpload { segment, logs } => {
            let upload = scope.text(Name::ScimBulkUpload);
            let returns = match logs {
                Some(logs) => format!("{upload}<{}>", scope.type_text(logs)),
                None => upload.to_owned(),
            };
            let arguments = vec![atom("&self.0"), Expr::Atom(text::literal(segment)), atom("request")];
            let call = Expr::call(&format!("{upload}::{}", Call::New.name()), arguments);
            (vec![format!("request: &{}", scope.text(Name::ScimBulkRequest))], returns, call)
        }
        MethodKind::Operation(operation) => {
            let (arguments, returns, body, layout) = operation_method(scope, operation, "self.0");
            laid_out = layout;
            (arguments, returns, body)
        }
    };
    let mut all = vec!["&self"];
    all.extend(arguments.iter().map(String::as_str));
    let compiled = if method.kind.is_generic() { Generic } else { Inline };
    text::method_signature(out, 4, compiled, &name, &all, Some(&returns));
    body_lines(out, &body);
    laid_out
}

/// Appends a method's one-expression body and the `}` that ends the method.
fn body_lines(out: &mut String, body: &Expr) {
    text::indent(out, 8);
    text::push_expr(out, 8, 8, body, 0);
    out.push_str("\n    }\n");
}

/// An action with optional parameters: the required ones as arguments, the
/// optional ones absent in an `Action` whose `with_*` methods set them.
fn action_method(scope: &Scope, operation: &OperationIr, parameters_type: &str, receiver: &str) -> Operation {
    let name = ident(parameters_type);
    let arguments = operation
        .parameters
        .iter()
        .filter(|p| !p.optional)
        .map(|p| format!("{}: {}", ident(&p.name), scope.type_text(&p.ty)))
        .collect();
    let fields: Vec<String> = operation
        .parameters
        .iter()
        .map(|p| {
            let member = ident(&p.name);
            if p.optional {
                format!("{member}: {}::Absent", scope.text(Name::Field))
            } else {
                member.to_owned()
            }
        })
        .collect();
    let action = scope.text(Name::Action);
    let mut returns = format!("{action}<{name}, ");
    operation_kind(scope, operation, &mut returns);
    returns.push('>');
    let (wire, action_body) = (text::literal(&operation.wire), scope.text(Name::ActionBody));
    let (action_call, new) = (Call::Action.name(), Call::New.name());
    let request = Expr::Atom(format!("{receiver}.{action_call}({wire}, {action_body}::{new}())"));
    let parameters = Expr::Struct { path: name.to_owned(), fields };
    let wide = {
        let mut flat = String::new();
        parameters.push_flat(&mut flat);
        flat.len() - 1 > text::STRUCT_WIDTH
    };
    let call = Expr::List { open: format!("{action}::{new}("), items: vec![request, parameters], close: ")" };
    if operation.sensitive {
        let mut flat = String::new();
        call.push_flat(&mut flat);
        let _ = write!(flat, ".{}()", Call::Sensitive.name());
        // A chain: prettyplease lays it out.
        return (arguments, returns, Expr::Atom(flat), false);
    }
    // A wide struct literal in a call that fits on its line: prettyplease
    // breaks the literal inside the unbroken call, a layout left to it.
    let fits_flat = {
        let mut flat = String::new();
        call.push_flat(&mut flat);
        8 + flat.len() <= text::MARGIN
    };
    (arguments, returns, call, !(wide && fits_flat))
}

/// A bound operation's method: its arguments, return type, body, and
/// whether that layout is prettyplease's (else prettyplease lays it out).
type Operation = (Vec<String>, String, Expr, bool);

/// The arguments, return type and body of an action's or function's method,
/// called on the resource `receiver` (`self.0`, a node's).
fn operation_method(scope: &Scope, operation: &OperationIr, receiver: &str) -> Operation {
    if let Some(parameters_type) = &operation.parameters_type {
        return action_method(scope, operation, parameters_type, receiver);
    }
    let option = scope.text(Name::Option);
    let arguments = operation
        .parameters
        .iter()
        .map(|p| {
            let (name, ty) = (ident(&p.name), scope.type_text(&p.ty));
            if p.optional {
                format!("{name}: {option}<{ty}>")
            } else {
                format!("{name}: {ty}")
            }
        })
        .collect();
    let mut returns = format!("{}<", scope.text(Name::Request));
    operation_kind(scope, operation, &mut returns);
    returns.push('>');
    let wire = text::literal(&operation.wire);
    let body = match operation.invocation {
        Invocation::Action => {
            // `action(wire, ActionBody::new().parameter(..)..)`: the body's chain is one argument.
            let mut body = format!("{}::{}()", scope.text(Name::ActionBody), Call::New.name());
            for p in &operation.parameters {
                let (name, wire) = (ident(&p.name), text::literal(&p.wire));
                if p.optional {
                    let _ = write!(body, ".{}({wire}, {name}.as_ref())", Call::OptionalParameter.name());
                } else {
                    let _ = write!(body, ".{}({wire}, &{name})", Call::Parameter.name());
                }
            }
            let arguments = vec![Expr::Atom(wire), Expr::Atom(body)];
            Expr::method_call(
                receiver,
                Call::Action,
                arguments,
                if operation.sensitive { &[Call::Sensitive] } else { &[] },
            )
        }
        Invocation::Function => {
            let parameters: Vec<Expr> = operation
                .parameters
                .iter()
                .map(|p| {
                    // Spelled per parameter: spelling `runtime` is what imports it.
                    let url_literal = scope.text(Name::UrlLiteral);
                    let (name, wire) = (ident(&p.name), text::literal(&p.wire));
                    let value = if p.optional {
                        format!("{name}.as_ref().map({url_literal})")
                    } else {
                        format!("Some({url_literal}(&{name}))")
                    };
                    Expr::List { open: "(".to_owned(), items: vec![Expr::Atom(wire), Expr::Atom(value)], close: ")" }
                })
                .collect();
            let parameters = if parameters.is_empty() {
                Expr::Atom("&[]".to_owned())
            } else {
                Expr::List { open: "&[".to_owned(), items: parameters, close: "]" }
            };
            let function = if operation.import { Call::FunctionImport } else { Call::Function };
            let call = Expr::List {
                open: format!("{}(", function.name()),
                items: vec![Expr::Atom(wire), parameters],
                close: ")",
            };
            Expr::Method { receiver: receiver.to_owned(), call: Box::new(call) }
        }
    };
    (arguments, returns, body, true)
}

//! Turning the IR into formatted Rust files, headed as generated. The items
//! (models, request builders, route nodes) are written as text in
//! prettyplease's layout (the `text` module), and only an item with a line longer
//! than its margin is parsed by `syn` and printed by prettyplease; the
//! small heads and index files are `quote!` tokens formatted the same way.

pub mod audit;
mod docs;
mod models;
mod paths;
mod routes;
mod scope;
pub use scope::{known_paths, runtime_methods};
mod text;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::paths::PathsIr;
use crate::ir::ModelsIr;
use scope::Scope;

/// The files of the generated crate, by path relative to the crate root.
pub type Files = BTreeMap<String, String>;

/// A generated file that is not valid Rust or fails its audit: a bug in
/// the generator. `file` is relative to the version's folder; `line`, where
/// known, is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "generated {}:{line}: {}", self.file, self.message),
            None => write!(f, "generated {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for EmitError {}

/// Writes one version's crate sources: its root `lib.rs`, the model modules
/// (`models/`) and, when there are request builders, `paths.rs` and
/// `routes.rs`; paths are relative to the crate's `src/` folder
/// (`generated/v1/src/` for Graph v1.0).
/// `source` names the CSDL the code is generated from.
pub fn files(models: &ModelsIr, paths: Option<&PathsIr>, source: &str) -> Result<Files, EmitError> {
    let model_scopes: Vec<Scope> = models.modules.iter().map(models::scope).collect();
    let paths_scope = paths.map(|ir| paths::scope(ir, models.reexported.as_deref()));
    let routes_scope = paths.map(|_| routes_scope(models.reexported.as_deref()));
    let routes_plan = paths.map(routes::plan);
    let mut names: Vec<String> = models.modules.iter().map(|m| format!("models/{}.rs", m.name)).collect();
    let mut chunks: Vec<Chunk<'_>> = Vec::new();
    for (file, (module, scope)) in models.modules.iter().zip(&model_scopes).enumerate() {
        for items in chunks_of(&module.items, models::weight) {
            chunks.push(Chunk {
                file,
                write: Box::new(move |name, out| items.iter().try_for_each(|i| models::item(name, scope, i, out))),
            });
        }
    }
    if let (Some(ir), Some(scope)) = (paths, &paths_scope) {
        let file = names.len();
        names.push("paths.rs".to_owned());
        for ids in chunks_of(&ir.ids, |_| 4) {
            let write = move |name: &str, out: &mut String| ids.iter().try_for_each(|i| paths::id(name, scope, i, out));
            chunks.push(Chunk { file, write: Box::new(write) });
        }
        chunks.push(Chunk { file, write: Box::new(move |name, out| paths::api(name, scope, ir, out)) });
        for nodes in chunks_of(&ir.nodes, |node| 1 + node.methods.len()) {
            let write = move |name: &str, out: &mut String| {
                nodes.iter().try_for_each(|n| paths::node(name, scope, &ir.api, n, out))
            };
            chunks.push(Chunk { file, write: Box::new(write) });
        }
    }
    if let (Some(ir), Some(scope), Some(plan)) = (paths, &routes_scope, &routes_plan) {
        let file = names.len();
        names.push("routes.rs".to_owned());
        chunks.push(Chunk::tokens(file, move || routes::table(ir, plan)));
        for (index, node) in ir.nodes.iter().enumerate() {
            let write = move |name: &str, out: &mut String| {
                out.push_str(&format_tokens(name, routes::node(name, scope, node, index, plan)?)?);
                Ok(())
            };
            chunks.push(Chunk { file, write: Box::new(write) });
        }
    }
    let bodies = format_chunks(&names, &chunks)?;
    drop(chunks);

    // The heads last: the items decided which imports they have.
    let mut files = Files::new();
    let mut heads: Vec<TokenStream> =
        models.modules.iter().zip(&model_scopes).map(|(m, s)| models::module_header(m, s)).collect();
    if let (Some(ir), Some(scope)) = (paths, &paths_scope) {
        heads.push(paths::module_head(scope, ir));
    }
    if let (Some(ir), Some(scope)) = (paths, &routes_scope) {
        heads.push(routes::module_head(scope, ir));
    }
    for ((name, head), body) in names.into_iter().zip(heads).zip(bodies) {
        let head = format!("{}{}", banner(source), format_tokens(&name, head)?);
        let text = assemble(&name, &head, body)?;
        files.insert(name, text);
    }
    for (name, text) in [("models/mod.rs", models_index(models, source)?), ("lib.rs", crate_root(paths, source)?)] {
        audit::audit(name, &text)?;
        files.insert(name.to_owned(), text);
    }
    Ok(files)
}

/// The scope of `routes.rs`: it defines no type, so it shadows no import.
fn routes_scope(reexported: Option<&str>) -> Scope {
    Scope::new(scope::Place::Paths { reexported: reexported.map(str::to_owned) }, std::iter::empty())
}

/// `lib.rs`: the root of the version's crate. It declares the generated
/// modules (left alone by rustfmt: prettyplease formats them), re-exports the
/// entry type, and defines the private `runtime` module the generated code
/// names: the runtime crate re-exported, and the crate's own `Action`, on
/// which `paths.rs` writes each action's optional-parameter setters (Rust
/// allows inherent methods only in the crate that defines the type).
fn crate_root(paths: Option<&PathsIr>, source: &str) -> Result<String, EmitError> {
    let doc: Vec<String> = match paths {
        Some(ir) => vec![
            format!(" Graph `{}`, reached with `client.{}()`: the models and request", ir.api.version, ir.api.method),
            " builders generated from its metadata document.".to_owned(),
        ],
        None => vec![" The models generated from a metadata document.".to_owned()],
    };
    let modules = paths.map(|_| {
        quote! {
            #[rustfmt::skip]
            pub mod paths;
            /// The fake service's route table (graph-sync's `testing` feature, `graph_sync::testing`).
            #[cfg(feature = "testing")]
            #[doc(hidden)]
            #[rustfmt::skip]
            pub mod routes;
        }
    });
    let api = paths.map(|ir| {
        let api = Ident::new(&ir.api.name, Span::call_site());
        quote!(pub use paths::#api;)
    });
    let operations = paths.map(operation_names).filter(|names| !names.is_empty()).map(|names| {
        let constants = names.iter().map(|(constant, wire)| {
            let doc = format!(" `{wire}`, as the client's pacing and budgets name the operation.");
            let constant = Ident::new(constant, Span::call_site());
            quote! {
                #[doc = #doc]
                pub const #constant: &str = #wire;
            }
        });
        quote! {
            /// The names of this version's operations, as the client's pacing and
            /// daily budgets take them (`ClientBuilder::unpaced(operations::PROVISION_ON_DEMAND)`),
            /// so that a misspelt name does not compile.
            pub mod operations {
                #(#constants)*
            }
        }
    });
    let doc = doc.iter().map(|line| quote!(#![doc = #line]));
    let root = quote! {
        #(#doc)*
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #api
        pub use runtime::Action;

        #operations

        #[rustfmt::skip]
        pub mod models;
        #modules

        /// What the generated code stands on: the runtime crate, and this
        /// crate's [`Action`].
        mod runtime {
            pub use graph_sync_runtime::*;

            graph_sync_runtime::define_action_type!();
        }
    };
    Ok(spaced(&format!("{}{}", banner(source), format_tokens("lib.rs", root)?)))
}

/// Each operation's wire name the version's paths call (bound actions and
/// functions, imports, SCIM bulk uploads), once, with the constant that
/// names it (`provisionOnDemand`: `PROVISION_ON_DEMAND`), in name order.
fn operation_names(paths: &PathsIr) -> Vec<(String, String)> {
    use crate::ir::paths::MethodKind;
    let methods = paths.nodes.iter().flat_map(|node| &node.methods).chain(&paths.imports);
    let wires: std::collections::BTreeSet<&str> = methods
        .filter_map(|method| match &method.kind {
            MethodKind::Operation(operation) => Some(operation.wire.as_str()),
            MethodKind::ScimBulkUpload { segment, .. } => Some(segment.as_str()),
            _ => None,
        })
        // An operation's name is a CSDL identifier; anything else gets no constant.
        .filter(|wire| wire.is_ascii() && crate::csdl::identifier::is_simple_identifier(wire))
        .collect();
    let mut names = crate::naming::Names::default();
    wires
        .into_iter()
        .map(|wire| (names.claim(crate::naming::constant_name(&crate::naming::snake_name(wire))), wire.to_owned()))
        .collect()
}

/// `models/mod.rs`: the namespace modules and the re-export of the service's
/// own namespace's types (`microsoft.graph`'s in Graph's documents).
fn models_index(ir: &ModelsIr, source: &str) -> Result<String, EmitError> {
    let modules = ir.modules.iter().map(|m| Ident::new(&m.name, Span::call_site()));
    let main = ir.reexported.as_deref().and_then(|name| ir.modules.iter().find(|m| m.name == name));
    let root = main.map(|module| {
        let name = Ident::new(&module.name, Span::call_site());
        quote! {
            #[doc(inline)]
            pub use #name::*;
        }
    });
    // The namespace is the document's: a string literal, escaped as rustdoc reads it.
    let about = match main {
        Some(module) => vec![
            " The generated models: one module per CSDL namespace; the types of".to_owned(),
            format!(
                " `{}` are also re-exported here.",
                crate::csdl::chars::escape_unsafe(&module.namespace).replace('`', "'")
            ),
        ],
        None => vec![" The generated models: one module per CSDL namespace.".to_owned()],
    };
    let index = quote! {
        #(#![doc = #about])*

        #(pub mod #modules;)*

        #root
    };
    Ok(spaced(&format!("{}{}", banner(source), format_tokens("models/mod.rs", index)?)))
}

/// The generated-file banner. `source` (a file name the user chose) is
/// written with its control characters escaped: a line break in it must not
/// end the comment and start code.
fn banner(source: &str) -> String {
    let source = crate::csdl::chars::escape_unsafe(source);
    format!(
        "// @generated by `cargo xtask regen` from {source}.\n// Do not edit by hand: change the generator or the metadata and regenerate.\n\n"
    )
}

/// About how many fields, variants or methods a chunk holds: small enough to
/// keep memory bounded (a chunk's tokens and syntax tree, not a whole
/// module's) and to share the work out evenly; large enough that a thread
/// does not wait for work. An item heavier than this is a chunk of its own.
const CHUNK_WEIGHT: usize = 256;

/// Splits items into consecutive chunks of about [`CHUNK_WEIGHT`], in order.
fn chunks_of<T>(items: &[T], weight: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut chunks = Vec::new();
    let (mut start, mut total) = (0, 0);
    for (index, item) in items.iter().enumerate() {
        let weight = weight(item);
        if total > 0 && total + weight > CHUNK_WEIGHT {
            chunks.push(&items[start..index]);
            (start, total) = (index, 0);
        }
        total += weight;
        if total >= CHUNK_WEIGHT {
            chunks.push(&items[start..=index]);
            (start, total) = (index + 1, 0);
        }
    }
    if start < items.len() {
        chunks.push(&items[start..]);
    }
    chunks
}

/// Writes a chunk's text: its file's name (for errors), and the text to append to.
type Write<'a> = Box<dyn Fn(&str, &mut String) -> Result<(), EmitError> + Sync + 'a>;

/// A few consecutive items of one file, as a function that writes their
/// text in prettyplease's layout (without blank lines), each thread
/// writing its own.
struct Chunk<'a> {
    file: usize,
    write: Write<'a>,
}

impl<'a> Chunk<'a> {
    /// A chunk spelled as tokens, parsed and formatted by prettyplease
    /// (tokens are not `Send`: each thread builds its own).
    fn tokens(file: usize, tokens: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        let write = move |name: &str, out: &mut String| {
            out.push_str(&format_tokens(name, tokens())?);
            Ok(())
        };
        Chunk { file, write: Box::new(write) }
    }
}

/// A file's body: its chunks' texts in order, [`spaced`] as one text.
struct Body {
    text: String,
    /// Whether every chunk passed the [audit](audit::audit).
    audited: bool,
}

/// Formats every chunk on every core, each thread taking the next chunk not
/// yet taken, spacing and auditing it; the texts are appended in order to
/// their file's body as they come (a chunk's text is dropped once appended).
///
/// Why threads, where regenerating the committed slices takes a quarter of a
/// second either way: a whole document. beta-Prod-2021-07-13 (29 MB of Rust),
/// five interleaved runs of `examples/whole_document.rs` on 2 cores
/// (2026-12-08): 0.50-0.51 s wall with both cores, 0.76-0.79 s with one
/// thread, the same CPU time (0.74-0.80 s); 117 MB against 111 MB peak.
/// Each body is what prettyplease and [`spaced`] give for its items as one
/// file (chunks end between items, and spacing looks at two lines at a
/// time). `names` name the files.
fn format_chunks(names: &[String], chunks: &[Chunk<'_>]) -> Result<Vec<Body>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut bodies: Vec<Body> = names.iter().map(|_| Body { text: String::new(), audited: true }).collect();
    std::thread::scope(|scope| -> Result<(), EmitError> {
        type Formatted = Result<(String, bool), EmitError>;
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Formatted)>();
        for _ in 0..threads {
            let (sender, next) = (sender.clone(), &next);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(chunk) = chunks.get(index) else { return };
                let name = &names[chunk.file];
                let mut text = String::new();
                let formatted = (chunk.write)(name, &mut text).map(|()| {
                    let text = spaced(&text);
                    let audited = audit::audit(name, &text).is_ok();
                    (text, audited)
                });
                let failed = formatted.is_err();
                if sender.send((index, formatted)).is_err() || failed {
                    return;
                }
            });
        }
        drop(sender);
        // A thread that panicked sends nothing more; the scope passes its panic on.
        let mut waiting = BTreeMap::new();
        let mut appended = 0;
        for (index, formatted) in receiver {
            waiting.insert(index, formatted?);
            while let Some((text, audited)) = waiting.remove(&appended) {
                let body = &mut bodies[chunks[appended].file];
                append_spaced(&mut body.text, &text);
                body.audited &= audited;
                appended += 1;
            }
        }
        Ok(())
    })?;
    Ok(bodies)
}

/// A file from its formatted head and its body, [`spaced`] and audited (the
/// body's chunks were audited as they were formatted).
fn assemble(name: &str, head: &str, body: Body) -> Result<String, EmitError> {
    let mut text = spaced(head);
    audit::audit(name, &text)?;
    text.reserve(body.text.len() + 1);
    append_spaced(&mut text, &body.text);
    if !body.audited {
        // Audited again as a whole, for the message's line number.
        audit::audit(name, &text)?;
        return Err(EmitError { file: name.to_owned(), line: None, message: "failed its audit".to_owned() });
    }
    Ok(text)
}

/// Appends `text` (already [`spaced`]) to `body` (too), with the blank line
/// [`spaced`] would leave between them as one text.
fn append_spaced(body: &mut String, text: &str) {
    if let (Some(before), Some(first)) = (body.lines().next_back(), text.lines().next()) {
        if needs_blank_line(before, first) {
            body.push('\n');
        }
    }
    body.push_str(text);
}

/// prettyplease's text with the blank lines a person leaves: after the inner
/// attributes and the `use` block, between items, and between the items of
/// an `impl` (not between fields or variants). Generated code has no
/// multi-line string literal, so every line is code, an attribute or a comment.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    if text.is_empty() {
        return out;
    }
    let mut previous: Option<&str> = None;
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        if let Some(before) = previous {
            if needs_blank_line(before, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// How many spaces a line starts with (generated code indents with spaces only).
fn indent_of(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

fn needs_blank_line(before: &str, line: &str) -> bool {
    let (depth, before_depth) = (indent_of(line), indent_of(before));
    if before_depth == before.len() || depth == line.len() {
        return false;
    }
    let trimmed = &line[depth..];
    let closes = |text: &str, depth: usize| matches!(&text[depth..], "}" | "};");
    let starts_item = trimmed.starts_with("///")
        || trimmed.starts_with("#[")
        || trimmed.starts_with("pub ")
        || trimmed.starts_with("pub(")
        || trimmed.starts_with("fn ")
        || trimmed.starts_with("impl")
        || trimmed.starts_with("enum ")
        || trimmed.starts_with("struct ")
        || trimmed.starts_with("static ")
        || trimmed.starts_with("use ");
    match depth {
        // Top level: after the inner attributes, the `use` block, and every item.
        0 => {
            (before.starts_with("#![") && !trimmed.starts_with("#!["))
                || (before.starts_with("use ") && before.ends_with(';') && !trimmed.starts_with("use "))
                || (before_depth == 0 && closes(before, 0) && starts_item && !trimmed.starts_with("use "))
                // A one-line item (`pub type`, `pub mod`) is set apart from a documented one.
                || (before_depth == 0
                    && before.ends_with(';')
                    && !before.starts_with("use ")
                    && (trimmed.starts_with("///") || trimmed.starts_with("#[") || trimmed.starts_with("impl")))
                || (before.starts_with("//!") && !trimmed.starts_with("//!") && !trimmed.starts_with("#!["))
        }
        // Inside an `impl`: between methods.
        4 => before_depth == 4 && closes(before, 4) && starts_item,
        _ => false,
    }
}

/// Parses tokens as a Rust file (so invalid output is caught here, not by a
/// compiler later) and formats it.
fn format_tokens(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    text::print(path, syn::parse2(tokens))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::select::select_all;
    use crate::settings::ResolvedGeneration;

    /// A document with enough types for many chunks: structs, enums, a hierarchy.
    fn synthetic_document() -> String {
        let mut schema =
            String::from(r#"<ComplexType Name="base"><Property Name="id" Type="Edm.String" /></ComplexType>"#);
        for n in 0..300 {
            schema.push_str(&format!(
                r#"<ComplexType Name="thing{n}" BaseType="test.base"><Property Name="name{n}" Type="Edm.String" /><Property Name="count" Type="Edm.Int64" /><Property Name="state" Type="test.state{}" /><Property Name="{}" Type="Collection(test.thing{})" /></ComplexType>"#,
                n % 40,
                // Long names: signatures, fields and arms that prettyplease breaks.
                "aPropertyWithAName".repeat(1 + n % 5),
                (n + 1) % 300,
            ));
        }
        for n in 0..40 {
            let members: String = (0..12)
                .map(|m| format!(r#"<Member Name="member{m}{}" Value="{m}" />"#, "WithALongName".repeat(m % 6)))
                .collect();
            schema.push_str(&format!(r#"<EnumType Name="state{n}">{members}</EnumType>"#));
        }
        format!(
            r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="test" xmlns="http://docs.oasis-open.org/odata/ns/edm">{schema}</Schema></edmx:DataServices></edmx:Edmx>"#
        )
    }

    #[test]
    fn formatting_in_chunks_gives_the_formatting_of_the_whole_file() {
        let text = synthetic_document();
        let model = Model::from_bytes("synthetic.csdl", text.as_bytes()).unwrap();
        let slice = select_all(&model);
        let names = crate::ir::type_names(&model, &slice);
        let ir = crate::ir::lower(&model, &slice, &ResolvedGeneration::default(), &names).unwrap();
        let files = files(&ir, None, "synthetic.csdl").unwrap();
        let module = &ir.modules[0];
        assert!(chunks_of(&module.items, models::weight).len() > 5, "the test needs many chunks");
        let scope = models::scope(module);
        let mut items = String::new();
        for item in &module.items {
            models::item("whole", &scope, item, &mut items).unwrap();
        }
        let head = models::module_header(module, &scope);
        // prettyplease's layout of the whole text: the items' text is its fixed point.
        let whole = spaced(&format!(
            "{}{}{}",
            banner("synthetic.csdl"),
            format_tokens("whole", head).unwrap(),
            text::format("whole", &items).unwrap()
        ));
        assert_eq!(files[&format!("models/{}.rs", module.name)], whole);
        assert!(whole.contains("    ) -> Self {\n"), "the test needs broken signatures");
        assert!(whole.contains(" => {\n"), "the test needs broken match arms");
    }

    #[test]
    fn a_chunk_that_fails_the_audit_is_an_error_at_its_line_in_the_file() {
        // Tokens written without the emitter's escaping, as if it had a fault.
        let clean = || {
            quote!(
                #[doc = " A."]
                pub struct A;
            )
        };
        let unsafe_doc = || {
            let doc = " B, then a right-to-left override: \u{202E}.";
            quote! { #[doc = #doc] pub struct B; }
        };
        let names = ["models/x.rs".to_owned()];
        let chunks = [Chunk::tokens(0, clean), Chunk::tokens(0, unsafe_doc), Chunk::tokens(0, clean)];
        let mut bodies = format_chunks(&names, &chunks).unwrap();
        let body = bodies.remove(0);
        assert!(!body.audited);
        assert_eq!(body.text.lines().filter(|l| l.starts_with("pub struct")).count(), 3);
        let head = format!("{}//! X.\n", banner("x.csdl"));
        let error = assemble("models/x.rs", &head, body).unwrap_err().to_string();
        // Line 1-3 banner, 4 the module doc, 5 blank, 6-7 `A`, 8 blank, 9 `B`'s doc.
        assert!(error.starts_with("generated models/x.rs:9: holds the character \\u{202e}"), "{error}");
        let clean_body = format_chunks(&names, &chunks[..1]).unwrap().remove(0);
        assert!(clean_body.audited);
        assert!(assemble("models/x.rs", &head, clean_body).is_ok());
    }

    #[test]
    fn chunks_keep_every_item_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let chunks = chunks_of(&items, |&n| if n == 500 { 10_000 } else { n % 7 });
        assert_eq!(chunks.concat(), items);
        assert!(chunks.iter().all(|c| !c.is_empty()));
        assert!(chunks.iter().any(|c| c == &[500]), "a heavy item is a chunk of its own");
        let weight_of = |chunk: &[usize]| chunk.iter().map(|&n| if n == 500 { 10_000 } else { n % 7 }).sum::<usize>();
        assert!(chunks.iter().all(|c| weight_of(c) <= CHUNK_WEIGHT || c.len() == 1));
    }
}

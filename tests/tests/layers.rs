//! The runtime's layers import only downward, and its modules import each
//! other in no cycle: read from the paths the code names (`use` lines and
//! paths written inline), comments left out.
//!
//! The layers, lowest first: `values`, `requests`, `send`
//! (`runtime/src/{layer}/`, the crate `graph-sync-runtime`). A module may
//! name a module of its own layer or of a lower one, never of a higher one,
//! and never the crate's root (which re-exports every layer).
//!
//! Above them, in a crate of its own, the fake service (`fake-graph/`, the
//! crate `graph-sync-fake`, `graph_sync::testing`): it depends on the
//! runtime alone, and names only what the runtime's root exports for users
//! (never an item hidden from its docs); the runtime knows nothing of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 3] = ["values", "requests", "send"];

fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src")
}

/// Each module of each layer (`requests::paging`), with its source.
fn modules() -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    for layer in LAYERS {
        let dir = runtime_dir().join(layer);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let name = if stem == "mod" { layer.to_owned() } else { format!("{layer}::{stem}") };
            modules.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    modules
}

/// The source of every `.rs` file below `dir`, however deep.
fn rust_sources_below(dir: &Path) -> Vec<String> {
    let (mut sources, mut dirs) = (Vec::new(), vec![dir.to_path_buf()]);
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    sources
}

/// The code of a source file without its comments (line comments, doc comments).
fn code(source: &str) -> String {
    source.lines().map(|line| line.split_once("//").map_or(line, |(code, _)| code)).collect::<Vec<_>>().join("\n")
}

/// The modules of the runtime a module's code names, and the other paths
/// of the crate it names (`crate::Error`: the root, above every layer).
fn named(module: &str, source: &str, known: &BTreeSet<String>) -> (BTreeSet<String>, BTreeSet<String>) {
    let (layer, own) = module.split_once("::").map_or((module, None), |(l, m)| (l, Some(m)));
    let code = code(source);
    let mut inside = BTreeSet::new();
    let mut outside = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` is written by a macro into the crate that calls it,
        // which reaches the runtime through its root, as any user does.
        if code[..at].ends_with('$') {
            continue;
        }
        let path: String = code[at + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut parts = path.split("::");
        match (parts.next(), parts.next()) {
            (Some(layer), next) if LAYERS.contains(&layer) => {
                let target = match next {
                    Some(next) if known.contains(&format!("{layer}::{next}")) => format!("{layer}::{next}"),
                    _ => layer.to_owned(),
                };
                inside.insert(target);
            }
            _ => {
                outside.insert(format!("crate::{path}"));
            }
        }
    }
    // `super::name` inside a layer names a sibling module.
    if own.is_some() {
        for (at, _) in code.match_indices("super::") {
            let name: String =
                code[at + "super::".len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let sibling = format!("{layer}::{name}");
            if known.contains(&sibling) {
                inside.insert(sibling);
            }
        }
    }
    inside.remove(module);
    (inside, outside)
}

fn layer_rank(module: &str) -> usize {
    let layer = module.split("::").next().unwrap();
    LAYERS.iter().position(|l| *l == layer).unwrap()
}

/// Every module with the modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    let mut outside_the_runtime = Vec::new();
    for (module, source) in &modules {
        let (inside, outside) = named(module, source, &known);
        for path in outside {
            outside_the_runtime.push(format!("{module} names {path}"));
        }
        graph.insert(module.clone(), inside);
    }
    assert!(outside_the_runtime.is_empty(), "the runtime names what is above it: {outside_the_runtime:#?}");
    graph
}

#[test]
fn every_layer_imports_only_its_own_and_lower_layers() {
    let graph = graph();
    assert!(graph.len() >= 30, "the runtime's modules were not found: {:?}", graph.keys());
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(module, names)| {
            names.iter().filter(|n| layer_rank(n) > layer_rank(module)).map(move |n| format!("{module} -> {n}"))
        })
        .collect();
    assert!(upward.is_empty(), "imports pointing up: {upward:#?}");
}

#[test]
fn the_runtime_modules_import_each_other_in_no_cycle() {
    let cycles = cycles(&graph());
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// Every import cycle of `graph`, each as the path that closes it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // Depth-first search; a module met again on the current path closes a cycle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|m| m == module) {
            cycles.push(format!("{} -> {module}", path[at..].join(" -> ")));
            return;
        }
        if done.contains(module) {
            return;
        }
        path.push(module.to_owned());
        for next in &graph[module] {
            // A layer's `mod.rs` declares its modules: naming a module there is not importing it.
            if !module.contains("::") && next.starts_with(&format!("{module}::")) {
                continue;
            }
            visit(next, graph, path, done, cycles);
        }
        path.pop();
        done.insert(module.to_owned());
    }
    let (mut done, mut cycles) = (BTreeSet::new(), Vec::new());
    for module in graph.keys() {
        visit(module, graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    cycles
}

/// The names the runtime's root exports for users: its public `use`, `mod`
/// and `#[macro_export]` items, without those marked `#[doc(hidden)]` (the
/// generated code's `__private`), whatever feature turns them on.
fn runtime_public_names() -> BTreeSet<String> {
    let root = std::fs::read_to_string(runtime_dir().join("lib.rs")).unwrap();
    let file = syn::parse_file(&root).expect("the runtime's lib.rs parses");
    let hidden = |attrs: &[syn::Attribute]| {
        attrs
            .iter()
            .any(|a| a.path().is_ident("doc") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "hidden"))
    };
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    fn leaves(tree: &syn::UseTree, names: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, names),
            syn::UseTree::Name(name) => {
                names.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                names.insert(rename.rename.to_string());
            }
            syn::UseTree::Glob(_) => {
                names.insert("*".to_owned());
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|tree| leaves(tree, names)),
        }
    }
    let mut names = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Use(item) if public(&item.vis) && !hidden(&item.attrs) => leaves(&item.tree, &mut names),
            syn::Item::Mod(item) if public(&item.vis) && !hidden(&item.attrs) => {
                names.insert(item.ident.to_string());
            }
            _ => {}
        }
    }
    // `#[macro_export]` macros land at the root, from whichever module defines them.
    for (module, source) in modules() {
        let Ok(file) = syn::parse_file(&source) else { panic!("{module} parses") };
        let mut exported = Vec::new();
        collect_exported_macros(&file.items, &mut exported);
        names.extend(exported.into_iter().filter(|(_, hidden)| !hidden).map(|(name, _)| name));
    }
    names
}

/// The `#[macro_export]` macros among `items` (nested modules too), each
/// with whether it is `#[doc(hidden)]`.
fn collect_exported_macros(items: &[syn::Item], found: &mut Vec<(String, bool)>) {
    for item in items {
        match item {
            syn::Item::Macro(item) if item.attrs.iter().any(|a| a.path().is_ident("macro_export")) => {
                let hidden = item.attrs.iter().any(|a| {
                    a.path().is_ident("doc") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "hidden")
                });
                if let Some(name) = &item.ident {
                    found.push((name.to_string(), hidden));
                }
            }
            syn::Item::Mod(item) => {
                if let Some((_, items)) = &item.content {
                    collect_exported_macros(items, found);
                }
            }
            _ => {}
        }
    }
}

/// What a user of graph-sync calls (re-exported whole as
/// `graph_sync::runtime`), reviewed: a name added to the runtime's root, or
/// taken from it, fails here until this list says so. The generated code's
/// interface (`Model`, `Slot`, `Wire`, the decode and serialize functions)
/// is in the hidden `__private` module, not here.
const USER_API: &[&str] = &[
    // Requests, their answers and listings.
    "ActionBody",
    "ActionRequest",
    "Bytes",
    "Count",
    "Json",
    "ListRequest",
    "NoContent",
    "Page",
    "Request",
    "Resource",
    "Response",
    "ResponseKind",
    "Value",
    "Values",
    // Typed queries and the expressions below them.
    "Collection",
    "Each",
    "Expand",
    "Matches",
    "Navigation",
    "Order",
    "Property",
    "Selectable",
    "Where",
    "query",
    // URLs: ids and literals placed in them, and the check of a URL the service hands out.
    "Id",
    "UrlLiteral",
    "check_service_url",
    "encode_segment",
    "key_segment",
    "path_segment",
    "url_literal",
    // The client's handle and settings.
    "Builder",
    "CallSettings",
    "Cloud",
    "Handle",
    "Operation",
    "PathTemplate",
    "Repeatable",
    "USER_AGENT",
    // Limits Graph documents, and pacing within them.
    "BULK_UPLOAD",
    "BULK_UPLOAD_DAILY_GOVERNANCE",
    "BULK_UPLOAD_DAILY_P1",
    "BULK_UPLOAD_REFERENCE_PAGE",
    "BucketFullPolicy",
    "Budget",
    "BudgetSnapshot",
    "PROVISION_ON_DEMAND",
    "Rate",
    "pacing",
    // Sending: batches and paging (the `client` feature).
    "Batch",
    "BatchResults",
    "BatchSlot",
    "Items",
    "MAX_BATCH_REQUESTS",
    "Pager",
    // Errors.
    "BUCKET_FULL_ADVICE",
    "Error",
    "GraphError",
    "InnerError",
    "MAX_ERROR_TEXT",
    "REDACTED",
    // Values of the generated models.
    "Binary",
    "Date",
    "DateTimeOffset",
    "Decimal",
    "Double",
    "Duration",
    "Field",
    "IntoField",
    "Flags",
    "Guid",
    "Int64",
    "InvalidValue",
    "OpenEnum",
    "Single",
    "TimeOfDay",
    // Sign-in.
    "AzureIdentity",
    "StaticToken",
    "TokenFuture",
    "TokenProvider",
    // provisionOnDemand's outcome, SCIM bulk uploads, inbound provisioning.
    "inbound",
    "provisioning",
    "scim",
    // The version crates' `Action` type over `ActionRequest`.
    "define_action_type",
];

/// What the runtime's hidden `__private` module exports (the generated code's interface).
fn runtime_private_names() -> BTreeSet<String> {
    let root = std::fs::read_to_string(runtime_dir().join("lib.rs")).unwrap();
    let file = syn::parse_file(&root).expect("the runtime's lib.rs parses");
    let mut names = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Mod(module) = item else { continue };
        if module.ident != "__private" {
            continue;
        }
        for item in module.content.iter().flat_map(|(_, items)| items) {
            if let syn::Item::Use(import) = item {
                let mut leaves = vec![&import.tree];
                while let Some(tree) = leaves.pop() {
                    match tree {
                        syn::UseTree::Path(path) => leaves.push(&path.tree),
                        syn::UseTree::Name(name) => drop(names.insert(name.ident.to_string())),
                        syn::UseTree::Rename(rename) => drop(names.insert(rename.rename.to_string())),
                        syn::UseTree::Group(group) => leaves.extend(group.items.iter()),
                        syn::UseTree::Glob(_) => {}
                    }
                }
            }
        }
    }
    names
}

/// Every runtime item the emitter can spell (its typed table of names) is
/// one the runtime exports where the table says: at its root for users'
/// types (`Field`, `Request`), in `__private` for the generated code's
/// interface, in a public module of the root for an item named through it
/// (`runtime::scim::BulkUploadRequest`). (`Action` is each version crate's own,
/// written by `define_action_type!`.)
#[test]
fn the_emitter_names_only_what_the_runtime_exports() {
    let (public, private) = (runtime_public_names(), runtime_private_names());
    let sources = rust_sources_below(&runtime_dir());
    let declared_pub = |name: &str| {
        ["struct", "enum", "type", "trait", "fn"]
            .iter()
            .any(|kind| sources.iter().any(|source| source.contains(&format!("pub {kind} {name}"))))
    };
    let mut checked = 0;
    for path in codegen::emit::known_paths() {
        let Some(rest) = path.strip_prefix("crate::runtime::") else { continue };
        checked += 1;
        match rest.strip_prefix("__private::") {
            Some(name) => assert!(private.contains(name), "{path}: `__private` has no `{name}`"),
            None if rest == "Action" => {}
            None => match rest.split_once("::") {
                Some((module, item)) => {
                    assert!(public.contains(module), "{path}: the runtime's root has no module `{module}`");
                    assert!(declared_pub(item), "{path}: the runtime declares no public `{item}`");
                }
                None => assert!(public.contains(rest), "{path}: the runtime's root has no `{rest}`"),
            },
        }
    }
    assert!(checked > 40, "the emitter's table was not read ({checked} runtime names)");
}

/// Every runtime method the generated code calls is spelled through the
/// emitter's typed table (`emit::scope::Call`), and each is a `pub fn` of
/// the runtime: a runtime method renamed or removed fails here, not in a
/// generated crate that no longer compiles. And no string literal of the
/// emitter calls a method by name but std's and serde's (and the one the
/// emitter writes itself), so no runtime method is named outside the table.
#[test]
fn the_emitter_calls_runtime_methods_only_through_its_table() {
    let runtime_fns: BTreeSet<String> = rust_sources_below(&runtime_dir())
        .iter()
        .flat_map(|source| {
            source.match_indices("pub fn ").chain(source.match_indices("pub const fn ")).map(|(at, found)| {
                let name = &source[at + found.len()..];
                name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>()
            })
        })
        .collect();
    let table: Vec<&str> = codegen::emit::runtime_methods().collect();
    assert!(table.len() >= 25, "the emitter's table of calls was not read: {table:?}");
    let missing: Vec<&&str> = table.iter().filter(|name| !runtime_fns.contains(**name)).collect();
    assert!(missing.is_empty(), "the emitter's table names what the runtime has no `pub fn` of: {missing:?}");

    // Std's and serde's methods (a redacting `Debug` is written with
    // `debug_struct`), and the one the emitter writes itself (`service_root`).
    let elsewhere = [
        "clone",
        "into",
        "as_str",
        "as_ref",
        "as_deref",
        "map",
        "push",
        "contains",
        "debug_struct",
        "field",
        "finish",
        "write_str",
        "serialize",
        "service_root",
    ];
    let emit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/src/emit");
    let mut called = BTreeSet::new();
    for entry in std::fs::read_dir(&emit).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        // The text of each string literal the emitter writes code with (tests and docs aside).
        let code = source.split("#[cfg(test)]").next().unwrap();
        let literals = code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .flat_map(|line| line.split('"').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>());
        for literal in literals {
            for (at, _) in literal.match_indices(['.', ':']) {
                let name: String =
                    literal[at + 1..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                let after = &literal[at + 1 + name.len()..];
                if !name.is_empty() && after.starts_with('(') {
                    called.insert((name, path.file_name().unwrap().to_string_lossy().into_owned()));
                }
            }
        }
    }
    assert!(called.len() >= 10, "the emitter's literal calls were not found: {called:?}");
    let by_name: Vec<_> = called.iter().filter(|(name, _)| !elsewhere.contains(&name.as_str())).collect();
    assert!(by_name.is_empty(), "the emitter names a method in a string, not through `Call`: {by_name:?}");
}

#[test]
fn the_runtime_root_holds_the_user_api_only() {
    let public = runtime_public_names();
    let reviewed: BTreeSet<String> = USER_API.iter().map(|name| (*name).to_owned()).collect();
    let added: Vec<&String> = public.difference(&reviewed).collect();
    let gone: Vec<&String> = reviewed.difference(&public).collect();
    assert!(
        added.is_empty() && gone.is_empty(),
        "the runtime's root changed: {added:?} not reviewed (user API? else `__private`), {gone:?} no longer exported"
    );
    // The generated code's interface is hidden, and still there for it.
    let root = std::fs::read_to_string(runtime_dir().join("lib.rs")).unwrap();
    for name in ["Model", "Slot", "Wire", "decode_model", "decode_polymorphic", "serialize_enum"] {
        assert!(!public.contains(name), "{name} is the generated code's, not users'");
        assert!(root.contains(name), "{name} is still exported for the generated code");
    }
}

#[test]
fn the_fake_stands_on_the_runtime_public_api_only() {
    let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fake-graph");
    // It depends on the runtime, and on no crate of generated code.
    let manifest = std::fs::read_to_string(fake.join("Cargo.toml")).unwrap();
    let dependencies = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(dependencies.contains("graph-sync-runtime"), "{dependencies}");
    for generated in ["graph-sync ", "graph-sync-v1", "graph-sync-beta", "graph-sync.workspace", "graph-sync ="] {
        assert!(!dependencies.contains(generated), "the fake depends on {generated}");
    }
    // It names the runtime's user-facing exports only.
    let public = runtime_public_names();
    for expected in ["query", "scim", "Builder", "Handle", "StaticToken", "provisioning"] {
        assert!(public.contains(expected), "{expected} is among {public:?}");
    }
    assert!(!public.contains("__private"), "a hidden module is not for users");
    let mut named = BTreeSet::new();
    for entry in std::fs::read_dir(fake.join("src")).unwrap() {
        let path = entry.unwrap().path();
        let source = code(&std::fs::read_to_string(&path).unwrap());
        for (at, _) in source.match_indices("graph_sync_runtime::") {
            let rest = &source[at + "graph_sync_runtime::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(list) => list.split('}').next().unwrap().split(',').map(str::trim).collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    named.insert((name, path.file_name().unwrap().to_string_lossy().into_owned()));
                }
            }
        }
    }
    assert!(named.len() >= 5, "the fake's uses of the runtime were not found: {named:?}");
    let hidden: Vec<_> = named.iter().filter(|(name, _)| !public.contains(name)).collect();
    assert!(hidden.is_empty(), "the fake names what the runtime does not export for users: {hidden:?}");
    // And the runtime knows nothing of it: no server, no feature for it.
    let runtime_manifest = std::fs::read_to_string(runtime_dir().join("../Cargo.toml")).unwrap();
    for absent in ["hyper", "testing =", "tokio/net"] {
        assert!(!runtime_manifest.contains(absent), "the runtime's manifest names {absent}");
    }
    assert!(!runtime_dir().join("testing").exists(), "the fake's old place in the runtime is gone");
}

#[test]
fn the_check_sees_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("testing", vec!["testing::server", "testing::batch"]),
        ("testing::batch", vec!["testing::server", "values::field"]),
        ("testing::server", vec!["testing::batch"]),
        ("values::field", vec![]),
    ]
    .into_iter()
    .map(|(module, names)| (module.to_owned(), names.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&graph), ["testing::batch -> testing::server -> testing::batch"]);
}

#[test]
fn the_check_sees_an_import_that_points_up() {
    let known: BTreeSet<String> = ["values::field", "send::batch"].map(String::from).into();
    let source = "use crate::send::batch::Batch; // a comment naming crate::Handle is not code\n\
                  fn f() { crate::Error::Timeout; }\nmacro_rules! m { () => { $crate::Request::new() } }";
    let (inside, outside) = named("values::field", source, &known);
    assert_eq!(inside, ["send::batch".to_owned()].into());
    assert_eq!(outside, ["crate::Error::Timeout".to_owned()].into());
    assert!(layer_rank("send::batch") > layer_rank("values::field"));
}

/// The public type names of a tree of Rust files: `pub struct`, `pub enum`,
/// `pub trait`, `pub type` at the start of a line, and the enums the
/// runtime's `lenient_enum!` declares.
fn public_type_names(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for source in rust_sources_below(dir) {
        let mut lines = source.lines().map(str::trim);
        while let Some(line) = lines.next() {
            for kind in ["pub struct ", "pub enum ", "pub trait ", "pub type "] {
                if let Some(rest) = line.strip_prefix(kind) {
                    names.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
                }
            }
            if line.starts_with("lenient_enum! {") {
                let declared = lines.find(|l| !l.starts_with("///")).unwrap_or_default();
                names.insert(declared.chars().take_while(|c| c.is_alphanumeric()).collect());
            }
        }
    }
    names
}

/// One name for one thing (issue 46): no hand-written public type (the
/// runtime's, the fake's, the facade's) has the name of a generated model
/// or builder, so no compiler error says "expected `X`, found a different
/// `X`". (The last two shares went in 0.4.0: the runtime's `$filter`
/// expression is `query::FilterExpression`, beside Graph's `Filter`, a
/// synchronization scope; the SCIM upload is `scim::BulkUploadRequest`,
/// beside Graph's `BulkUpload` entity.)
#[test]
fn no_hand_written_type_shares_a_generated_types_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut hand = BTreeSet::new();
    for dir in ["runtime/src", "fake-graph/src", "generated/src"] {
        hand.extend(public_type_names(&root.join(dir)));
    }
    let mut generated = BTreeSet::new();
    for dir in ["generated/v1/src", "generated/beta/src"] {
        generated.extend(public_type_names(&root.join(dir)));
    }
    assert!(hand.contains("OutcomeResult") && hand.contains("ProvisionScript"), "{hand:?}");
    assert!(generated.contains("ProvisioningResult") && generated.len() > 250, "{}", generated.len());
    let shared: Vec<&str> = hand.intersection(&generated).map(String::as_str).collect();
    assert!(generated.contains("Filter") && generated.contains("BulkUpload"), "Graph's own names");
    assert!(shared.is_empty(), "a hand-written public type shares a generated type's name: {shared:?}");
}

//! The emitter writes its text in prettyplease's layout without running
//! prettyplease on most of it (`emit::text`). This checks what prettyplease
//! actually prints: every committed generated file (the versions' generated
//! crates and the golden trees) is prettyplease's own layout of
//! itself, apart from the generated-file banner (a plain comment, which a
//! parse drops) and the blank lines the emitter adds between items.

use std::path::PathBuf;

mod support;

/// The text without its banner and blank lines.
fn without_banner_and_blank_lines(text: &str) -> String {
    let body = text.lines().skip_while(|line| line.starts_with("// ") || line.is_empty());
    body.filter(|line| !line.is_empty()).map(|line| format!("{line}\n")).collect()
}

#[test]
fn every_generated_file_is_prettypleases_layout_of_itself() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let trees = [root.join("generated"), root.join("codegen/tests/golden")];
    let mut checked = 0;
    for tree in &trees {
        for path in support::files_below(tree).iter().filter(|p| p.ends_with(".rs")).map(|p| tree.join(p)) {
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.starts_with("// @generated") {
                continue; // the hand-written runtime
            }
            let written = without_banner_and_blank_lines(&text);
            let file = syn::parse_file(&written).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let printed = prettyplease::unparse(&file);
            if printed != written {
                let line = printed.lines().zip(written.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{}: not prettyplease's layout; first difference at body line {}:\n  written: {:?}\n  printed: {:?}",
                    path.display(),
                    line + 1,
                    written.lines().nth(line),
                    printed.lines().nth(line),
                );
            }
            checked += 1;
        }
    }
    // Both versions' crate roots, models, paths and routes, and every golden tree.
    assert!(checked >= 30, "only {checked} generated files found");
}

/// Whether a method is generic: type parameters, or an `impl Trait` argument.
fn is_generic(signature: &syn::Signature) -> bool {
    !signature.generics.params.is_empty()
        || signature.inputs.iter().any(|input| match input {
            syn::FnArg::Typed(argument) => matches!(*argument.ty, syn::Type::ImplTrait(_)),
            syn::FnArg::Receiver(_) => false,
        })
}

/// The version crates compile no code of their own (BENCHMARKS.md, issue 31)
/// only while every method the generator writes in their models and paths
/// that is not generic is `#[inline]`: one without it would be compiled in
/// the version's crate, with everything it reaches. (The route tables are the
/// fake service's, compiled with the `testing` feature only.)
#[test]
fn every_generated_method_is_inline_exactly_when_it_is_not_generic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let trees = [root.join("generated/v1/src"), root.join("generated/beta/src"), root.join("codegen/tests/golden")];
    let (mut inline, mut generic) = (0, 0);
    for tree in &trees {
        let files = support::files_below(tree);
        let sources =
            files.iter().filter(|p| p.ends_with(".rs") && !p.ends_with("routes.rs") && !p.ends_with("lib.rs"));
        for path in sources.map(|p| tree.join(p)) {
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in &file.items {
                let syn::Item::Impl(block) = item else { continue };
                for method in
                    block.items.iter().filter_map(|i| if let syn::ImplItem::Fn(f) = i { Some(f) } else { None })
                {
                    let marked = method.attrs.iter().any(|a| a.path().is_ident("inline"));
                    let name = &method.sig.ident;
                    if is_generic(&method.sig) {
                        assert!(!marked, "{}: `{name}` is generic and needs no #[inline]", path.display());
                        generic += 1;
                    } else {
                        assert!(marked, "{}: `{name}` is not generic and not #[inline]", path.display());
                        inline += 1;
                    }
                }
            }
        }
    }
    // Both versions' Model, Wire and enum impls and their request builders;
    // the setters and the serde impls are the generic ones.
    assert!(inline > 2_000 && generic > 2_000, "{inline} inline, {generic} generic methods found");
}

/// The committed generated docs read as prose (issue 46): a decoding error
/// says "an `AddIn` object", not "a `AddIn` object"; no query constant's doc
/// is only its property's name; doc links go through `graph_sync::` paths,
/// not the runtime crate's name users never write.
#[test]
fn the_generated_docs_read_as_prose() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut constants = 0;
    for path in support::files_below(&root).iter().filter(|p| p.ends_with(".rs")).map(|p| root.join(p)) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.starts_with("// @generated") {
            continue;
        }
        let name = path.display();
        for bad in ["\"a `A", "\"a `E", "\"a `I", "\"a `O", "[`graph_sync_runtime::"] {
            assert!(!text.contains(bad), "{name}: `{bad}`");
        }
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let constant = line.trim_start().starts_with("pub const ")
                && (line.contains(": Property<") || line.contains(": Navigation<"));
            if !constant {
                continue;
            }
            constants += 1;
            let doc = lines[..index].iter().rev().take_while(|l| l.trim_start().starts_with("///")).count();
            let only_the_name = doc == 1 && {
                let words = lines[index - 1].trim().trim_start_matches("///").trim();
                words.starts_with('`') && words.ends_with("`.") && words.matches('`').count() == 2
            };
            assert!(
                doc > 0 && !only_the_name,
                "{name}:{}: `{}` is documented by its name only",
                index + 1,
                line.trim()
            );
        }
    }
    assert!(constants > 500, "the query constants were not found ({constants})");
}

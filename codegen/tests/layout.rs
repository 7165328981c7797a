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

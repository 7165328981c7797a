//! The last check on every generated file before it is handed out: whatever
//! the metadata held, the text has no control, bidirectional or byte-order
//! character (rustc refuses some, and all of them can hide code from a
//! reviewer), and no doc comment that starts a Markdown block rustdoc would
//! act on (a fenced or indented code block is a doctest that `cargo test`
//! compiles and runs; an HTML block is passed through to the page; a heading).
//!
//! The emitter escapes descriptions so that this never fails; it is checked
//! anyway, on the final text, so that a fault in the escaping is an error
//! rather than code that runs.

use super::EmitError;
use crate::csdl::chars::is_unsafe;

/// Checks one generated file (see the module docs).
pub fn audit(path: &str, text: &str) -> Result<(), EmitError> {
    if let Some((index, ch)) = first_unsafe(text) {
        return Err(EmitError {
            file: path.to_owned(),
            line: Some(text[..index].matches('\n').count() + 1),
            message: format!("holds the character {}, which generated code must not contain", ch.escape_unicode()),
        });
    }
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!")) else { continue };
        if let Some(problem) = block_opener(doc.strip_prefix(' ').unwrap_or(doc)) {
            return Err(EmitError {
                file: path.to_owned(),
                line: Some(number + 1),
                message: format!("a doc line opens {problem}: {line:?}"),
            });
        }
    }
    Ok(())
}

/// The first character other than a line feed that generated code must not
/// contain, and its byte index. Generated text is mostly ASCII: its bytes are
/// scanned, and only a control byte or a non-ASCII character is looked at
/// (the scan stops at a character's first byte, never inside it).
fn first_unsafe(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| (b < 0x20 && b != b'\n') || b >= 0x7F) {
        let index = from + offset;
        let ch = text[index..].chars().next()?;
        if is_unsafe(ch) {
            return Some((index, ch));
        }
        from = index + ch.len_utf8();
    }
    None
}

/// What a doc line (without its `///` and one space) would open, if anything.
fn block_opener(doc: &str) -> Option<&'static str> {
    let content = doc.trim_start_matches(' ');
    if doc.len() - content.len() >= 4 || content.starts_with('\t') {
        return Some("an indented code block");
    }
    if content.starts_with("```") || content.starts_with("~~~") {
        return Some("a fenced code block");
    }
    if content.starts_with('<') && !content.starts_with("<http://") && !content.starts_with("<https://") {
        return Some("an HTML block");
    }
    if content.starts_with('#') {
        return Some("a heading");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::audit;

    #[test]
    fn unsafe_output_is_refused() {
        assert!(audit("a.rs", "/// Fine text.\n/// `code` and <https://x.y>.\npub struct A;\n").is_ok());
        assert!(audit("a.rs", "/// Caf\u{e9}, \u{2019}quoted\u{2019}, \u{4e2d}\u{6587}, \u{1F600}.\n").is_ok());
        let error = audit("a.rs", "/// \u{e9}\n/// \u{e9}\u{2066}\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert_eq!(
            error.to_string(),
            "generated a.rs:2: holds the character \\u{2066}, which generated code must not contain"
        );
        for bad in [
            "/// ```\n/// exit(1);\n/// ```\n",
            "    ///  ~~~\n",
            "//!     exit(1);\n",
            "/// <script>\n",
            "/// # Title\n",
            "pub struct A; // \u{202E}\n",
            "pub const A: &str = \"\u{7}\";\n",
            "/// a\rb\n",
            "/// caf\u{e9} \u{2019}ok\u{2019} then \u{202E}\n",
            "pub const A: &str = \"\u{7F}\";\n",
            "/// a\tb\n",
        ] {
            let error = audit("a.rs", bad).expect_err(bad);
            assert_eq!(error.file, "a.rs");
            assert!(error.line.is_some() && error.to_string().starts_with("generated a.rs:"), "{error}");
        }
    }
}

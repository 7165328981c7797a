//! Doc comments and deprecation attributes, escaped for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{DeprecatedIr, Docs};

/// One `#[doc = " ..."]` per line, an empty one between paragraphs.
pub fn doc_attributes(docs: &Docs) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for (index, paragraph) in docs.paragraphs.iter().enumerate() {
        if index > 0 {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| format!(" {}", escape_markdown(line.trim()))));
    }
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated(note = ...)]`, or nothing.
pub fn deprecated_attribute(deprecated: Option<&DeprecatedIr>) -> TokenStream {
    match deprecated {
        None => quote!(),
        Some(DeprecatedIr { note }) => quote!(#[deprecated(note = #note)]),
    }
}

/// Makes CSDL description text safe for rustdoc: no HTML tags, no link
/// brackets, and bare URLs wrapped in `<...>` so rustdoc links them.
/// Text in backticks is code and kept as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, part) in text.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let escaped = part.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let escaped = escaped.replace('[', "\\[").replace(']', "\\]");
        out.push_str(&wrap_urls(&escaped));
    }
    // An unpaired backtick would open a code span to the end of the line.
    if text.matches('`').count() % 2 == 1 {
        return text
            .replace('`', "'")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('[', "\\[")
            .replace(']', "\\]");
    }
    out
}

fn wrap_urls(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                format!("<{trimmed}>{}", &word[trimmed.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn description_text_is_made_safe_for_rustdoc() {
        assert_eq!(escape_markdown("plain text"), "plain text");
        assert_eq!(escape_markdown("a <b> tag"), "a &lt;b&gt; tag");
        assert_eq!(escape_markdown("see [docs]"), "see \\[docs\\]");
        assert_eq!(escape_markdown("see https://example.org/x."), "see <https://example.org/x>.");
        assert_eq!(escape_markdown("code `a<b>` here"), "code `a<b>` here");
        assert_eq!(escape_markdown("odd ` tick <x>"), "odd ' tick &lt;x&gt;");
        assert_eq!(escape_markdown("R&D"), "R&amp;D");
    }
}

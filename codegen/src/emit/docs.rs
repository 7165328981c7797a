//! Doc comments and deprecation attributes, escaped for rustdoc.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{DeprecatedIr, Docs};

/// One `#[doc = " ..."]` per line, an empty one between paragraphs.
pub fn doc_attributes(docs: &Docs) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut line_text = String::new();
    for (index, paragraph) in docs.paragraphs.iter().enumerate() {
        if index > 0 {
            tokens.extend(doc_attribute(""));
        }
        for line in paragraph.lines() {
            line_text.clear();
            line_text.push(' ');
            escape_markdown_into(&mut line_text, line.trim());
            tokens.extend(doc_attribute(&line_text));
        }
    }
    tokens
}

/// `#[doc = "{text}"]`, built token by token (it is the most frequent attribute).
fn doc_attribute(text: &str) -> [TokenTree; 2] {
    let body: TokenStream = [
        TokenTree::Ident(Ident::new("doc", Span::call_site())),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(Literal::string(text)),
    ]
    .into_iter()
    .collect();
    [TokenTree::Punct(Punct::new('#', Spacing::Alone)), TokenTree::Group(Group::new(Delimiter::Bracket, body))]
}

/// `#[deprecated(note = ...)]`, or nothing.
pub fn deprecated_attribute(deprecated: Option<&DeprecatedIr>) -> TokenStream {
    match deprecated {
        None => quote!(),
        Some(DeprecatedIr { note }) => quote!(#[deprecated(note = #note)]),
    }
}

/// Appends CSDL description text to `out`, made safe for rustdoc: no HTML
/// tags, no link brackets, and bare URLs wrapped in `<...>` so rustdoc links
/// them. Text in backticks is code and kept as written.
fn escape_markdown_into(out: &mut String, text: &str) {
    // An unpaired backtick would open a code span to the end of the line:
    // such text has no code spans, its backticks become quotes.
    if text.bytes().filter(|&b| b == b'`').count() % 2 == 1 {
        for ch in text.chars() {
            match ch {
                '`' => out.push('\''),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                ch => out.push(ch),
            }
        }
        return;
    }
    let mut word = String::new();
    for (index, part) in text.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for (index, raw) in part.split(' ').enumerate() {
            if index > 0 {
                out.push(' ');
            }
            word.clear();
            for ch in raw.chars() {
                match ch {
                    '&' => word.push_str("&amp;"),
                    '<' => word.push_str("&lt;"),
                    '>' => word.push_str("&gt;"),
                    '[' => word.push_str("\\["),
                    ']' => word.push_str("\\]"),
                    ch => word.push(ch),
                }
            }
            let url = word.trim_end_matches(['.', ',', ';', ')']);
            if url.starts_with("http://") || url.starts_with("https://") {
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&word[url.len()..]);
            } else {
                out.push_str(&word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn escape_markdown(text: &str) -> String {
        let mut out = String::new();
        super::escape_markdown_into(&mut out, text);
        out
    }

    #[test]
    fn description_text_is_made_safe_for_rustdoc() {
        assert_eq!(escape_markdown("plain text"), "plain text");
        assert_eq!(escape_markdown("a <b> tag"), "a &lt;b&gt; tag");
        assert_eq!(escape_markdown("see [docs]"), "see \\[docs\\]");
        assert_eq!(escape_markdown("see https://example.org/x."), "see <https://example.org/x>.");
        assert_eq!(escape_markdown("code `a<b>` here"), "code `a<b>` here");
        assert_eq!(escape_markdown("odd ` tick <x>"), "odd ' tick &lt;x&gt;");
        assert_eq!(escape_markdown("R&D"), "R&amp;D");
        assert_eq!(escape_markdown("at http://a.b/c, or (https://d.e)."), "at <http://a.b/c>, or (https://d.e).");
        assert_eq!(escape_markdown("`x` https://a.b/?p=1&q=2."), "`x` <https://a.b/?p=1&amp;q=2>.");
    }
}

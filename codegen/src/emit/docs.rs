//! Doc comments and deprecation attributes, escaped for rustdoc.

use super::text;
use crate::csdl::chars::escape_unsafe;
use crate::ir::{DeprecatedIr, Docs};

/// The most characters of text on a doc line: with its indentation and
/// `/// `, a line stays within 100 columns.
const WRAP: usize = 90;

/// Appends the doc lines of `docs` at `depth`: one `///` line per line (a long line wrapped at spaces outside
/// code spans), an empty one between paragraphs.
///
/// Descriptions come from the metadata, which is untrusted: whatever their
/// characters, the lines written here never open a code block (which rustdoc
/// would compile and run as a doctest), an HTML block or a heading, and never
/// hold a control or bidirectional character (see [`escape_line_into`]).
pub fn push_docs(out: &mut String, depth: usize, docs: &Docs) {
    let mut line_text = String::new();
    for (index, paragraph) in docs.paragraphs.iter().enumerate() {
        if index > 0 {
            text::doc_line(out, depth, "");
        }
        for line in lines(paragraph) {
            for part in wrapped(line.trim(), WRAP) {
                line_text.clear();
                line_text.push(' ');
                escape_line_into(&mut line_text, part);
                text::doc_line(out, depth, &line_text);
            }
        }
    }
}

/// Appends doc text the emitter writes itself (about the generated code,
/// not from the metadata but for identifiers in code spans), wrapped at [`WRAP`].
pub fn push_doc(out: &mut String, depth: usize, doc: &str) {
    let mut line_text = String::new();
    for line in wrapped(doc.trim(), WRAP) {
        line_text.clear();
        line_text.push(' ');
        line_text.push_str(line);
        text::doc_line(out, depth, &line_text);
    }
}

/// Appends `#[deprecated(note = ...)]`, or nothing. The note is a string
/// literal rustc prints: no controls, no bidi characters.
pub fn push_deprecated(out: &mut String, depth: usize, deprecated: Option<&DeprecatedIr>) {
    if let Some(DeprecatedIr { note }) = deprecated {
        let note = format!("note = {}", text::literal(&escape_unsafe(note)));
        text::attribute(out, depth, "deprecated", &[note]);
    }
}

/// `line` cut at spaces into parts of at most `width` characters where it
/// can be: never inside a code span (a span longer than `width` stays whole).
fn wrapped(line: &str, width: usize) -> Vec<&str> {
    if line.chars().count() <= width {
        return vec![line];
    }
    // Where the line may be cut: spaces outside code spans (none inside an
    // unpaired backtick's reach: such a line has no code spans at all).
    let paired = line.bytes().filter(|&b| b == b'`').count() % 2 == 0;
    let mut cuts = Vec::new();
    let mut in_code = false;
    for (index, ch) in line.char_indices() {
        match ch {
            '`' if paired => in_code = !in_code,
            ' ' if !in_code => cuts.push(index),
            _ => {}
        }
    }
    // The end of the line closes the last part like a cut.
    cuts.push(line.len());
    let mut parts = Vec::new();
    let mut start = 0;
    let mut last_cut = None;
    for &cut in &cuts {
        // Too long up to here: end the part at the cut before, if there is one.
        if line[start..cut].chars().count() > width {
            if let Some(at) = last_cut.filter(|&at| at > start) {
                parts.push(&line[start..at]);
                start = at + 1;
            }
        }
        last_cut = Some(cut);
    }
    parts.push(&line[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// The lines of a text, split at every line break Markdown or a reader knows:
/// `\n`, `\r\n`, a lone `\r`, NEL, and the Unicode line and paragraph separators.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix("\r\n").or_else(|| text.strip_suffix(['\n', '\r'])).unwrap_or(text);
    text.split("\r\n").flat_map(|part| part.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']))
}

/// Appends one line of CSDL description text to `out`, made safe for rustdoc:
/// no HTML tags, no link brackets, bare URLs wrapped in `<...>` so rustdoc
/// links them, text in backticks kept as written (it is code), and no way to
/// open a block: a first character that could start a heading, a fence, a
/// list, a quote or a table is backslash-escaped, and a line that starts with
/// a run of three backticks has no code spans at all.
fn escape_line_into(out: &mut String, text: &str) {
    let text = escape_unsafe(text);
    let text = text.as_ref();
    let start = out.len();
    // An unpaired backtick would open a code span to the end of the line, and
    // three at the start open a fenced code block: such a line has no code
    // spans, its backticks become quotes.
    if text.bytes().filter(|&b| b == b'`').count() % 2 == 1 || text.starts_with("```") {
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
    } else {
        escape_words_into(out, text);
    }
    escape_block_start(out, start);
}

/// Words outside code spans escaped, code spans kept.
fn escape_words_into(out: &mut String, text: &str) {
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

/// Escapes the character that would make the line at `out[start..]` start a
/// Markdown block: `#` (heading), `=` and `-` (setext heading underline,
/// thematic break, list), `+` and `*` (list), `_` (thematic break), `>`
/// (quote), `~` (fence), `|` (table), and the `.` or `)` of `12.` (list).
fn escape_block_start(out: &mut String, start: usize) {
    let line = &out[start..];
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let at = match line.as_bytes().first() {
        Some(b'#' | b'=' | b'-' | b'+' | b'*' | b'_' | b'>' | b'~' | b'|') => start,
        Some(b'0'..=b'9') if matches!(line.as_bytes().get(digits), Some(b'.' | b')')) => start + digits,
        _ => return,
    };
    out.insert(at, '\\');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csdl::chars::is_unsafe;

    fn escape_line(text: &str) -> String {
        let mut out = String::new();
        super::escape_line_into(&mut out, text);
        out
    }

    #[test]
    fn long_lines_are_wrapped_at_spaces_outside_code_spans() {
        let text = "word ".repeat(40);
        let parts = wrapped(text.trim(), 30);
        assert!(parts.iter().all(|p| p.len() <= 30), "{parts:?}");
        assert_eq!(parts.join(" "), text.trim());
        let code = format!("see `{}` and more words after it", "x y ".repeat(20).trim());
        let parts = wrapped(&code, 30);
        assert!(parts.iter().any(|p| p.contains("`x y") && p.ends_with('`')), "a code span stays whole: {parts:?}");
        assert_eq!(parts.join(" "), code);
        assert_eq!(wrapped("short", 30), ["short"]);
        // A line that wraps before `1.` does not start a list.
        let numbered = format!("{} 1. item", "a".repeat(88));
        assert_eq!(rendered(&numbered), format!("{}\n1\\. item", "a".repeat(88)));
    }

    #[test]
    fn description_text_is_made_safe_for_rustdoc() {
        assert_eq!(escape_line("plain text"), "plain text");
        assert_eq!(escape_line("a <b> tag"), "a &lt;b&gt; tag");
        assert_eq!(escape_line("see [docs]"), "see \\[docs\\]");
        assert_eq!(escape_line("see https://example.org/x."), "see <https://example.org/x>.");
        assert_eq!(escape_line("code `a<b>` here"), "code `a<b>` here");
        assert_eq!(escape_line("odd ` tick <x>"), "odd ' tick &lt;x&gt;");
        assert_eq!(escape_line("R&D"), "R&amp;D");
        assert_eq!(escape_line("at http://a.b/c, or (https://d.e)."), "at <http://a.b/c>, or (https://d.e).");
        assert_eq!(escape_line("`x` https://a.b/?p=1&q=2."), "`x` <https://a.b/?p=1&amp;q=2>.");
        assert_eq!(escape_line("# Title"), "\\# Title");
        assert_eq!(escape_line("~~~rust"), "\\~~~rust");
        assert_eq!(escape_line("````rust"), "''''rust");
        assert_eq!(escape_line("12. item"), "12\\. item");
        assert_eq!(escape_line("1) item"), "1\\) item");
        assert_eq!(escape_line("2026 was a year"), "2026 was a year");
        assert_eq!(escape_line("a\u{202E}b\u{7}c\td"), "a\\u{202e}b\\u{7}c d");
    }

    /// The doc strings of a description, as rustdoc joins them.
    fn rendered(description: &str) -> String {
        let mut text = String::new();
        push_docs(&mut text, 0, &Docs { paragraphs: vec![description.to_owned()] });
        text.push_str("struct X;");
        let item: syn::ItemStruct = syn::parse_str(&text).unwrap();
        let lines: Vec<String> = item
            .attrs
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }),
                    ..
                }) => text.value(),
                _ => panic!("not a doc string"),
            })
            .collect();
        // rustdoc removes the indentation all lines share (one space here).
        lines.iter().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n")
    }

    /// What rustdoc's Markdown parser (pulldown-cmark, with rustdoc's options)
    /// finds in the docs: no code block, no HTML, no heading, no other block.
    fn assert_inert(description: &str) {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let text = rendered(description);
        assert!(!text.chars().any(|ch| ch != '\n' && is_unsafe(ch)), "{description:?} -> {text:?}");
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        for event in Parser::new_ext(&text, options) {
            match event {
                Event::Start(
                    Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::Heading { .. }
                    | Tag::List(_)
                    | Tag::BlockQuote(_)
                    | Tag::Table(_),
                )
                | Event::Html(_)
                | Event::InlineHtml(_) => panic!("{description:?} renders as {text:?}, which opens {event:?}"),
                _ => {}
            }
        }
    }

    #[test]
    fn no_description_opens_a_block_in_rustdoc() {
        let hostile = [
            "Run:\n```\nstd::process::exit(1);\n```",
            "Run:\n````rust\nstd::process::exit(1);\n````",
            "Run:\n~~~\nstd::process::exit(1);\n~~~",
            "Run:\n\n    std::process::exit(1);",
            "Run:\r```\rstd::process::exit(1);\r```",
            "Run:\r\n```\r\nexit(1);\r\n```",
            "a\u{2028}```\u{2028}exit(1);\u{2028}```",
            "a\u{85}```\u{85}exit(1);\u{85}```",
            "\t```\n\texit(1);\n\t```",
            "   ```\n   exit(1);\n   ```",
            "``` x ```\nexit(1);\n```",
            "<script>alert(1)</script>",
            "<details>\n\n    exit(1);\n</details>",
            "`<b>` <i>",
            "# Heading\nTitle\n===\nOther\n---",
            "- item\n\n      exit(1);",
            "1.      exit(1);",
            "1)      exit(1);",
            "*      exit(1);",
            "+      exit(1);",
            ">      exit(1);",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "[link]: https://example.org\n[x][link]",
            "hidden \u{202E}evil\u{202C} text \u{2066}x\u{2069}",
            "bell \u{7} escape \u{1b}[31m nul \u{0} del \u{7f} c1 \u{9b}",
            "bom \u{FEFF} here",
        ];
        for description in hostile {
            assert_inert(description);
        }
        // Ordinary descriptions keep their meaning.
        assert_eq!(
            rendered("The job's `state`: see https://learn.example/x."),
            "The job's `state`: see <https://learn.example/x>."
        );
    }
}

//! Which characters text from a metadata document may hold where: XML 1.0's
//! own rule (for reading and for writing the slice back), and the characters
//! that are never written as they are into generated code or printed in a
//! message (controls, bidirectional controls, the byte-order mark).

use std::borrow::Cow;

/// Whether XML 1.0 allows `ch` in a document at all (its `Char` production).
pub fn is_xml_char(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The characters that reorder text when displayed (the "Trojan Source"
/// characters rustc's `text_direction_codepoint_in_*` lints deny).
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters never written into generated code or a message as they are:
/// controls, bidirectional controls, and the byte-order mark. rustc refuses
/// some, and all of them can end a comment or hide text from a reader.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control() || is_bidi_control(ch) || ch == '\u{FEFF}'
}

/// `text` with each [unsafe](is_unsafe) character written as its `\u{..}`
/// escape and tabs as spaces (borrowed when there is none).
pub fn escape_unsafe(text: &str) -> Cow<'_, str> {
    // Printable ASCII is never unsafe: only other bytes need a look at their character.
    if text.bytes().all(|b| matches!(b, b' '..=b'~')) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '\t' => out.push(' '),
            ch if is_unsafe(ch) => out.extend(ch.escape_unicode()),
            ch => out.push(ch),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_visibly() {
        assert!(matches!(escape_unsafe("plain é text"), Cow::Borrowed("plain é text")));
        assert_eq!(escape_unsafe("a\tb\u{7}c\u{202E}d\u{FEFF}\n"), "a b\\u{7}c\\u{202e}d\\u{feff}\\u{a}");
        assert!(is_xml_char('\t') && !is_xml_char('\u{1}') && !is_xml_char('\u{FFFE}'));
    }
}

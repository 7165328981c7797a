//! OData's rules for the names a CSDL document declares (CSDL XML 4.01,
//! section 17.2 "SimpleIdentifier" and 17.1 "Namespace").
//!
//! Every declared name ends up in generated code (as an identifier or a
//! string literal) and in URLs (as a path segment or a query name), so the
//! reader checks each one: a name such as `start/../..` is a located error,
//! not a path the client would send.

use unicode_general_category::{get_general_category, GeneralCategory as Category};

use super::chars::is_bidi_control;

/// The longest simple identifier CSDL allows.
pub const MAX_IDENTIFIER: usize = 128;

/// The longest namespace CSDL allows.
pub const MAX_NAMESPACE: usize = 511;

/// What an invalid simple identifier is told it must be.
pub const SIMPLE_IDENTIFIER: &str =
    "a simple identifier (a letter or `_`, then letters, digits, marks or `_`; at most 128 characters)";

/// What an invalid namespace is told it must be.
pub const NAMESPACE: &str = "simple identifiers joined by `.` (at most 511 characters)";

/// `[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}`, without the
/// bidirectional controls among `Cf`: rustc refuses those in the string
/// literals and comments the name would be written into.
pub fn is_simple_identifier(name: &str) -> bool {
    // Graph's names are ASCII: `[A-Za-z_][A-Za-z0-9_]*`, checked without category lookups.
    if name.is_ascii() {
        let bytes = name.as_bytes();
        return !bytes.is_empty()
            && bytes.len() <= MAX_IDENTIFIER
            && (bytes[0] == b'_' || bytes[0].is_ascii_alphabetic())
            && bytes.iter().all(|&b| b == b'_' || b.is_ascii_alphanumeric());
    }
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    name.chars().count() <= MAX_IDENTIFIER
        && (first == '_' || is_letter(first))
        && chars.all(|ch| {
            is_letter(ch)
                || matches!(
                    get_general_category(ch),
                    Category::DecimalNumber
                        | Category::NonspacingMark
                        | Category::SpacingMark
                        | Category::ConnectorPunctuation
                )
                || (get_general_category(ch) == Category::Format && !is_bidi_control(ch))
        })
}

/// Simple identifiers joined by dots, e.g. `microsoft.graph.security`.
pub fn is_namespace(name: &str) -> bool {
    name.chars().count() <= MAX_NAMESPACE && name.split('.').all(is_simple_identifier)
}

/// `\p{L}` or `\p{Nl}`.
fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(ch),
        Category::UppercaseLetter
            | Category::LowercaseLetter
            | Category::TitlecaseLetter
            | Category::ModifierLetter
            | Category::OtherLetter
            | Category::LetterNumber
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_identifiers_follow_the_odata_rule() {
        for good in ["a", "_", "synchronizationJob", "Ping", "x1", "_a_b", "größe", "Ⅻ", "a\u{200D}b", "é", "a\u{301}"]
        {
            assert!(is_simple_identifier(good), "{good:?}");
        }
        let long = "a".repeat(129);
        for bad in [
            "",
            "1a",
            "start/../..",
            "a b",
            "a.b",
            "a-b",
            "@odata.type",
            "x²",
            "½",
            "\u{0663}x",
            "a\u{202E}b",
            "a\u{2066}",
            "a\n",
            long.as_str(),
        ] {
            assert!(!is_simple_identifier(bad), "{bad:?}");
        }
        assert!(is_simple_identifier(&"a".repeat(128)));
    }

    #[test]
    fn namespaces_are_dotted_identifiers() {
        assert!(is_namespace("microsoft.graph"));
        assert!(is_namespace("microsoft.graph.identityGovernance"));
        for bad in ["", ".a", "a.", "a..b", "a/b", "a.1b"] {
            assert!(!is_namespace(bad), "{bad:?}");
        }
    }
}

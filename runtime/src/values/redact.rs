//! Redaction: the credentials a request sent ([`Secrets`]), found and
//! replaced by [`REDACTED`](crate::values::REDACTED) in any text its errors keep,
//! however the service spelt them when it echoed them.
//!
//! A service may echo a value it was sent through a JSON writer, a URL
//! encoder or an HTML page, and more than once (a JSON document nested in a
//! JSON string). So each character of a secret is matched in any of the
//! spellings those give it:
//!
//! * itself;
//! * a JSON escape, with any number of backslashes before it (each level
//!   of nesting doubles them): `\u002B` or `\u002b` for `+` (a character
//!   outside the BMP as a surrogate pair), `\/` for `/`, `\"`, `\\`, `\n`,
//!   `\t`, `\r`, `\b`, `\f`;
//! * percent-encoding of each of its UTF-8 bytes, in either case, also
//!   encoded again (`%2B`, `%2b`, `%252B`), and `+` for a space;
//! * an HTML character reference (`&#43;`, `&#x2B;`, `&amp;`, `&quot;`,
//!   `&lt;`, `&gt;`, `&apos;`).
//!
//! Any mix of those spellings along one secret is found.

use std::sync::Arc;

use crate::values::REDACTED;

/// The values a request sent as credentials: redacted from its errors.
/// Empty for requests that carry none.
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    /// Each secret's characters, the longest first (so a secret that
    /// contains another is redacted whole).
    values: Arc<[Vec<char>]>,
}

/// What `Debug` shows: how many secrets, never their values.
impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({})", self.values.len())
    }
}

impl Secrets {
    /// The secrets among `values` (shorter than 4 characters are not kept:
    /// redacting them would blank out ordinary words).
    pub(crate) fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut values: Vec<Vec<char>> =
            values.into_iter().filter(|value| value.chars().count() >= 4).map(|v| v.chars().collect()).collect();
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Self { values: values.into() }
    }

    /// These secrets and `other`'s.
    pub(crate) fn union(&self, other: &Secrets) -> Self {
        let strings =
            |secrets: &Secrets| secrets.values.iter().map(|v| v.iter().collect::<String>()).collect::<Vec<_>>();
        Self::new(strings(self).into_iter().chain(strings(other)))
    }

    /// `text` with every spelling of every secret replaced by [`REDACTED`];
    /// whether there was one.
    pub(crate) fn redact(&self, text: &mut String) -> bool {
        if self.values.is_empty() {
            return false;
        }
        let mut out = String::new();
        let mut copied = 0;
        let mut at = 0;
        let bytes = text.as_bytes();
        while at < text.len() {
            // Only where a spelling can begin: a secret's first byte, or an escape's.
            let byte = bytes[at];
            let may_begin = matches!(byte, b'\\' | b'%' | b'&' | b'+')
                || self.values.iter().any(|secret| secret.first().is_some_and(|&c| first_byte(c) == byte));
            match self.values.iter().filter(|_| may_begin).find_map(|secret| spelled_at(text, at, secret)) {
                Some(end) => {
                    out.push_str(&text[copied..at]);
                    out.push_str(REDACTED);
                    (copied, at) = (end, end);
                }
                None => at += text[at..].chars().next().map_or(1, char::len_utf8),
            }
        }
        if copied == 0 {
            return false;
        }
        out.push_str(&text[copied..]);
        *text = out;
        true
    }

    /// Every string in `value` redacted, and every object key.
    pub(crate) fn redact_json(&self, value: &mut serde_json::Value) {
        if self.values.is_empty() {
            return;
        }
        match value {
            serde_json::Value::String(text) => {
                self.redact(text);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| self.redact_json(item)),
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (mut key, mut item) in entries {
                    self.redact(&mut key);
                    self.redact_json(&mut item);
                    map.insert(key, item);
                }
            }
            _ => {}
        }
    }

    /// Every header value that spells a secret replaced by [`REDACTED`].
    pub(crate) fn redact_headers(&self, headers: &mut http::HeaderMap) {
        if self.values.is_empty() {
            return;
        }
        for value in headers.values_mut() {
            let mut text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            if self.redact(&mut text) {
                // What was around the secret stays (a header value may hold
                // any byte but controls, and so may the redacted text).
                *value = http::HeaderValue::from_str(&text).unwrap_or(http::HeaderValue::from_static(REDACTED));
            }
        }
    }
}

/// Where a spelling of `secret` that starts at byte `start` of `text` ends,
/// if one does. Spellings of one character can differ in length (a run of
/// backslashes is shared by an escaped backslash and the next escape), so
/// each is tried; a position already known to fail is not tried again.
fn spelled_at(text: &str, start: usize, secret: &[char]) -> Option<usize> {
    let mut failed = std::collections::HashSet::new();
    match_from(text.as_bytes(), start, secret, false, &mut failed)
}

/// `secret` matched from byte `at`; `branched` when an earlier character
/// had more than one spelling here (only then can a position be reached twice).
fn match_from(
    text: &[u8],
    at: usize,
    secret: &[char],
    branched: bool,
    failed: &mut std::collections::HashSet<(usize, usize)>,
) -> Option<usize> {
    let Some((&c, rest)) = secret.split_first() else { return Some(at) };
    if branched && failed.contains(&(secret.len(), at)) {
        return None;
    }
    let mut lengths = Vec::new();
    spellings(&text[at..], c, &mut lengths);
    let branches = branched || lengths.len() > 1;
    for length in lengths {
        if let Some(end) = match_from(text, at + length, rest, branches, failed) {
            return Some(end);
        }
    }
    if branched {
        failed.insert((secret.len(), at));
    }
    None
}

/// The first UTF-8 byte of `c`.
fn first_byte(c: char) -> u8 {
    let mut utf8 = [0u8; 4];
    c.encode_utf8(&mut utf8).as_bytes()[0]
}

/// The lengths of the spellings of `c` at the start of `bytes`.
fn spellings(bytes: &[u8], c: char, lengths: &mut Vec<usize>) {
    let mut utf8 = [0u8; 4];
    let literal = c.encode_utf8(&mut utf8).as_bytes();
    if bytes.starts_with(literal) {
        lengths.push(literal.len());
    }
    match bytes.first() {
        Some(b'\\') => json_escapes(bytes, c, lengths),
        Some(b'%') => percent_encodings(bytes, literal, 0, lengths),
        Some(b'+') if c == ' ' => lengths.push(1),
        Some(b'&') => lengths.extend(html_reference(bytes, c)),
        _ => {}
    }
}

/// The lengths of the JSON escapes of `c` at the start of `bytes`: one or
/// more backslashes (each level of nesting doubles them), then the escape.
fn json_escapes(bytes: &[u8], c: char, lengths: &mut Vec<usize>) {
    let backslashes = bytes.iter().take_while(|&&b| b == b'\\').count();
    if c == '\\' {
        // An escaped backslash is a run of backslashes; where the run goes on
        // into the next character's escape is for that character to find.
        lengths.extend(2..=backslashes);
    }
    let short = match c {
        '/' => Some(b'/'),
        '"' => Some(b'"'),
        '\n' => Some(b'n'),
        '\t' => Some(b't'),
        '\r' => Some(b'r'),
        '\u{8}' => Some(b'b'),
        '\u{c}' => Some(b'f'),
        _ => None,
    };
    if short.is_some() && bytes.get(backslashes).copied() == short {
        lengths.push(backslashes + 1);
    }
    // `\uXXXX`, or two of them for a surrogate pair.
    let mut units = [0u16; 2];
    let mut length = 0;
    for &unit in c.encode_utf16(&mut units).iter() {
        let escape = &bytes[length..];
        let slashes = escape.iter().take_while(|&&b| b == b'\\').count();
        match escape.get(slashes..slashes + 5) {
            Some([b'u', digits @ ..]) if slashes > 0 && hex(digits) == Some(u32::from(unit)) => {
                length += slashes + 5;
            }
            _ => return,
        }
    }
    lengths.push(length);
}

/// The lengths of the percent-encodings of the UTF-8 bytes `utf8` at the
/// start of `bytes` (from `length` on): each byte as `%XX` in either case,
/// the `%` possibly encoded again (`%25XX`, `%2525XX`).
fn percent_encodings(bytes: &[u8], utf8: &[u8], length: usize, lengths: &mut Vec<usize>) {
    let Some((&byte, rest)) = utf8.split_first() else {
        lengths.push(length);
        return;
    };
    let at = &bytes[length..];
    if at.first() != Some(&b'%') {
        return;
    }
    // `%` then any number of `25`, then the byte's two digits.
    let mut digits = 1;
    loop {
        if at.get(digits..digits + 2).and_then(hex) == Some(u32::from(byte)) {
            percent_encodings(bytes, rest, length + digits + 2, lengths);
        }
        if !at.get(digits..digits + 2).is_some_and(|d| d.eq_ignore_ascii_case(b"25")) {
            return;
        }
        digits += 2;
    }
}

/// The length of an HTML character reference to `c` at the start of `bytes`.
fn html_reference(bytes: &[u8], c: char) -> Option<usize> {
    let end = bytes.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&bytes[1..end]).ok()?;
    let named = match name {
        "amp" => Some('&'),
        "quot" => Some('"'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        _ => None,
    };
    let code = match name.strip_prefix('#') {
        Some(hex_digits) if hex_digits.starts_with(['x', 'X']) => u32::from_str_radix(&hex_digits[1..], 16).ok(),
        Some(decimal) => decimal.parse().ok(),
        None => named.map(u32::from),
    };
    (code == Some(u32::from(c))).then_some(end + 1)
}

/// Hexadecimal digits (either case) as a number.
fn hex(digits: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(digits).ok()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(secret: &str, text: &str) -> String {
        let mut text = text.to_owned();
        Secrets::new([secret.to_owned()]).redact(&mut text);
        text
    }

    #[test]
    fn every_spelling_is_redacted() {
        let secret = "aB+c/d=é🔑 \"\\x";
        let spellings = [
            "aB+c/d=é🔑 \"\\x".to_owned(),
            // JSON: .NET (upper-case hex, `+` escaped), PHP (`\/`), lower case, surrogate pairs.
            r#"aB\u002Bc\/d\u003D\u00E9\uD83D\uDD11 \"\\x"#.to_owned(),
            r#"aB\u002bc/d=\u00e9\ud83d\udd11\u0020\u0022\u005cx"#.to_owned(),
            // Nested once more: every backslash doubled.
            r#"aB\\u002Bc\\/d=é🔑 \\\"\\\\x"#.to_owned(),
            // Percent-encoded, in either case, once or twice, `+` for the space.
            "aB%2Bc%2fd%3D%C3%A9%F0%9F%94%91+%22%5Cx".to_owned(),
            "aB%252Bc%252Fd%253D%25C3%25A9%F0%9F%94%91%20%22%5cx".to_owned(),
            // HTML references.
            "aB&#43;c&#x2F;d=&#233;&#x1F511; &quot;\\x".to_owned(),
        ];
        for spelling in spellings {
            let text = format!("before {spelling} after");
            assert_eq!(redacted(secret, &text), "before <redacted> after", "{spelling}");
        }
    }

    #[test]
    fn only_the_secret_is_redacted() {
        assert_eq!(redacted("s3cr3t", "a s3cr3 s3cr3t s3cr3t!"), "a s3cr3 <redacted> <redacted>!");
        assert_eq!(redacted("s3cr3t", "S3CR3T s%33cr3t"), "S3CR3T <redacted>", "percent-encoded letters too");
        assert_eq!(redacted("abc", "abc"), "abc", "shorter than 4 characters: not a secret");
        assert_eq!(redacted("a+b/", r"a\u002 a\u002Xb a%2 a&#4"), r"a\u002 a\u002Xb a%2 a&#4", "cut-off escapes");
        // A longer secret that contains a shorter one is redacted whole.
        let secrets = Secrets::new(["1234".to_owned(), "x1234y".to_owned()]);
        let mut text = "x1234y 1234".to_owned();
        secrets.redact(&mut text);
        assert_eq!(text, "<redacted> <redacted>");
        assert_eq!(format!("{secrets:?}"), "Secrets(2)");
    }

    #[test]
    fn json_keys_and_headers_are_redacted() {
        let secrets = Secrets::new(["hunter22".to_owned()]);
        let mut value = serde_json::json!({"hunter22": ["x hunter22", {"k": "hunter\\u0032\\u0032"}], "n": 1});
        secrets.redact_json(&mut value);
        assert_eq!(value, serde_json::json!({"<redacted>": ["x <redacted>", {"k": "<redacted>"}], "n": 1}));
        let mut headers = http::HeaderMap::new();
        headers.insert("x-echo", "was hunter%32%32".parse().unwrap());
        headers.insert("request-id", "r-1".parse().unwrap());
        secrets.redact_headers(&mut headers);
        assert_eq!(headers["x-echo"], "was <redacted>");
        assert_eq!(headers["request-id"], "r-1");
    }
}

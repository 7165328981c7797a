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
//! Any mix of those spellings along one secret is found, within bounds that
//! keep redaction linear in the text's length and its stack flat: at most
//! [`MAX_BACKSLASHES`] backslashes before an escape (five levels of JSON
//! nesting), and a `%` encoded again at most [`MAX_PERCENT_ENCODINGS`]
//! times. A spelling nested deeper than that is not one a service writes.
//!
//! The search starts only where a spelling can begin, and only once per run
//! of backslashes (at its start, or [`MAX_BACKSLASHES`] before its end):
//! every spelling that starts later in the run is one that starts there too,
//! with a longer run of backslashes. Each attempt is a depth-first search
//! over (character of the secret, position in the text) on a heap stack,
//! a pair that failed once never tried again.

use std::sync::Arc;

use crate::values::REDACTED;

/// How often (in bytes of text) redaction looks at the call's deadline.
const DEADLINE_LOOK: usize = 64 * 1024;

/// What ends a text cut because redacting it ran past the call's deadline.
pub(crate) const PAST_DEADLINE: &str = "... (cut: redacting the rest would have run past the call's deadline)";

/// The most backslashes before a JSON escape that redaction reads as one
/// spelling (`\\\\\\\\\"` is a quote nested three levels deep; 32 covers five).
pub(crate) const MAX_BACKSLASHES: usize = 32;

/// The most times a `%` may be encoded again (`%2525XX`) and still spell a byte.
pub(crate) const MAX_PERCENT_ENCODINGS: usize = 4;

/// The values a request sent as credentials: redacted from its errors.
/// Empty for requests that carry none.
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    /// Each secret's characters, the longest first (so a secret that
    /// contains another is redacted whole).
    values: Arc<[Vec<char>]>,
    /// The same secrets as a trie of their characters, searched at once.
    trie: Arc<Trie>,
    /// When the call these secrets belong to must be over: redaction stops
    /// there, and what it did not reach is dropped ([`Secrets::until`]).
    deadline: Option<std::time::Instant>,
}

/// The secrets' characters as a trie: node 0 is the root; a node ends a
/// secret when `ends` says so.
#[derive(Default)]
struct Trie {
    /// Each node's children: the next character, and its node.
    children: Vec<Vec<(char, usize)>>,
    ends: Vec<bool>,
}

impl Trie {
    fn of(secrets: &[Vec<char>]) -> Trie {
        let mut trie = Trie { children: vec![Vec::new()], ends: vec![false] };
        for secret in secrets {
            let mut node = 0;
            for &c in secret {
                node = match trie.children[node].iter().find(|(child, _)| *child == c) {
                    Some(&(_, next)) => next,
                    None => {
                        trie.children.push(Vec::new());
                        trie.ends.push(false);
                        let next = trie.children.len() - 1;
                        trie.children[node].push((c, next));
                        next
                    }
                };
            }
            trie.ends[node] = true;
        }
        trie
    }
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
        let trie = Arc::new(Trie::of(&values));
        Self { values: values.into(), trie, deadline: None }
    }

    /// These secrets, redacted only until `deadline` (the call's): a text
    /// longer than redaction gets through by then is cut where it stopped,
    /// with a note, so that a hostile answer cannot hold the caller past its
    /// deadline, and nothing unredacted is kept.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn until(&self, deadline: std::time::Instant) -> Self {
        Self { deadline: Some(deadline), ..self.clone() }
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
        // The bytes a spelling can begin with: a secret's first byte, or an escape's.
        let mut begins = [false; 256];
        for byte in [b'\\', b'%', b'&', b'+'] {
            begins[usize::from(byte)] = true;
        }
        // The first bytes of the secrets as written (tried wherever they are).
        let mut literal = [false; 256];
        for &(c, _) in &self.trie.children[0] {
            begins[usize::from(first_byte(c))] = true;
            literal[usize::from(first_byte(c))] = true;
        }
        let space_first = self.trie.children[0].iter().any(|&(c, _)| c == ' ');
        let mut search = Search::default();
        let mut out = String::new();
        let mut copied = 0;
        let mut at = 0;
        let bytes = text.as_bytes();
        let mut next_look = DEADLINE_LOOK;
        while at < bytes.len() {
            if at >= next_look {
                next_look = at + DEADLINE_LOOK;
                if self.deadline.is_some_and(|deadline| std::time::Instant::now() >= deadline) {
                    // Cut where redaction stopped: the rest was not searched.
                    out.push_str(&text[copied..at]);
                    out.push_str(PAST_DEADLINE);
                    *text = out;
                    return true;
                }
            }
            let byte = bytes[at];
            if !begins[usize::from(byte)] {
                // To the next byte that can begin one (always a character's
                // first byte), or to the next look at the deadline.
                let end = bytes.len().min(next_look).max(at + 1);
                at += 1 + bytes[at + 1..end].iter().position(|&b| begins[usize::from(b)]).unwrap_or(end - at - 1);
                while !text.is_char_boundary(at) {
                    at += 1;
                }
                continue;
            }
            // A run of backslashes is tried once: at its start, or as late as
            // a spelling can start in it; the rest of the run is skipped.
            let (start, skip_to) = if byte == b'\\' {
                let run = bytes[at..].iter().take_while(|&&b| b == b'\\').count();
                (at + run.saturating_sub(MAX_BACKSLASHES), at + run)
            } else {
                (at, at + text[at..].chars().next().map_or(1, char::len_utf8))
            };
            // An escape's first byte begins nothing unless the escape can go
            // on: cheap to see, and most such bytes in a text are not escapes.
            let escape_can_go_on = match byte {
                b'\\' => matches!(bytes.get(skip_to), Some(b'u' | b'/' | b'"' | b'n' | b't' | b'r' | b'b' | b'f')),
                b'%' => bytes.get(at + 1..at + 3).is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit)),
                b'&' => bytes.get(at + 1).is_some_and(|next| *next == b'#' || next.is_ascii_alphabetic()),
                b'+' => space_first,
                _ => false,
            };
            if !literal[usize::from(byte)] && !escape_can_go_on {
                at = skip_to;
                continue;
            }
            match search.longest_at(&self.trie, bytes, start) {
                Some(end) => {
                    out.push_str(&text[copied..start]);
                    out.push_str(REDACTED);
                    (copied, at) = (end, end);
                }
                None => at = skip_to,
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

/// The search for the secrets' spellings, its buffers kept from one attempt
/// to the next (an attempt is made at every byte a spelling may begin with).
#[derive(Default)]
struct Search {
    /// The (trie node, position) pairs still to visit.
    pending: Vec<(usize, usize)>,
    /// The lengths of one character's spellings.
    lengths: Vec<usize>,
    /// The pairs visited in this attempt, once a character had more than
    /// one spelling (before that, no pair can be reached twice).
    visited: std::collections::HashSet<(usize, usize)>,
}

impl Search {
    /// Where the longest spelling of a secret that starts at byte `start` of
    /// `text` ends, if one does (so that a secret containing another is
    /// redacted whole). Every secret is searched at once, over the trie of
    /// their characters: depth first over (node, position) pairs, on a stack
    /// of its own (a secret of any length takes no more of the thread's
    /// stack), each pair visited once. Spellings of one character can differ
    /// in length (a run of backslashes is shared by an escaped backslash and
    /// the next escape): each is followed.
    fn longest_at(&mut self, trie: &Trie, text: &[u8], start: usize) -> Option<usize> {
        let mut longest = None;
        let mut branched = false;
        self.pending.clear();
        if !self.visited.is_empty() {
            self.visited.clear();
        }
        self.pending.push((0, start));
        while let Some((node, at)) = self.pending.pop() {
            #[cfg(test)]
            tests::STEPS.with(|steps| steps.set(steps.get() + 1));
            if trie.ends[node] && longest.is_none_or(|end| at > end) {
                longest = Some(at);
            }
            for &(c, child) in &trie.children[node] {
                self.lengths.clear();
                spellings(&text[at..], c, &mut self.lengths);
                branched |= self.lengths.len() > 1;
                for &length in &self.lengths {
                    let next = (child, at + length);
                    if !branched || self.visited.insert(next) {
                        self.pending.push(next);
                    }
                }
            }
        }
        longest
    }
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
    // The first byte first: most places fail there, without a call to `memcmp`.
    if bytes.first() == literal.first() && bytes.starts_with(literal) {
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
    let backslashes = bytes.iter().take(MAX_BACKSLASHES + 1).take_while(|&&b| b == b'\\').count();
    if backslashes > MAX_BACKSLASHES {
        return;
    }
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
        let slashes = escape.iter().take(MAX_BACKSLASHES + 1).take_while(|&&b| b == b'\\').count();
        if slashes > MAX_BACKSLASHES {
            return;
        }
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
    // `%` then up to MAX_PERCENT_ENCODINGS `25`s, then the byte's two digits.
    let mut digits = 1;
    for _ in 0..=MAX_PERCENT_ENCODINGS {
        if at.get(digits..digits + 2).and_then(hex) == Some(u32::from(byte)) {
            percent_encodings(bytes, rest, length + digits + 2, lengths);
        }
        if !at.get(digits..digits + 2).is_some_and(|d| d.eq_ignore_ascii_case(b"25")) {
            return;
        }
        digits += 2;
    }
}

/// The length of an HTML character reference to `c` at the start of `bytes`
/// (`&#43;`, `&#x2B;`, up to eight digits; `&amp;` and the other named
/// references of JSON's and HTML's special characters).
fn html_reference(bytes: &[u8], c: char) -> Option<usize> {
    let rest = bytes.get(1..)?;
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let from = if hex { 2 } else { 1 };
        let is_digit = |b: &&u8| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() };
        let digits = rest.get(from..)?.iter().take(8).take_while(is_digit).count();
        if digits == 0 || rest.get(from + digits) != Some(&b';') {
            return None;
        }
        let text = std::str::from_utf8(&rest[from..from + digits]).ok()?;
        let code = u32::from_str_radix(text, if hex { 16 } else { 10 }).ok()?;
        return (code == u32::from(c)).then_some(1 + from + digits + 1);
    }
    let name: &[u8] = match c {
        '&' => b"amp",
        '"' => b"quot",
        '<' => b"lt",
        '>' => b"gt",
        '\'' => b"apos",
        _ => return None,
    };
    (rest.starts_with(name) && rest.get(name.len()) == Some(&b';')).then_some(1 + name.len() + 1)
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
    use proptest::prelude::*;

    thread_local! {
        /// How many (character, position) pairs the search visited: the work
        /// redaction did, counted so that a test can bound it.
        pub(super) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// `text` redacted, and the steps it took.
    fn redacted_counting(secrets: &Secrets, text: &str) -> (String, usize) {
        STEPS.with(|steps| steps.set(0));
        let mut text = text.to_owned();
        secrets.redact(&mut text);
        (text, STEPS.with(std::cell::Cell::get))
    }

    /// `secret` spelt one of the ways a service echoes a value.
    fn spelt(secret: &str, how: u8) -> String {
        let json = |text: &str| {
            let quoted = serde_json::to_string(text).unwrap();
            quoted[1..quoted.len() - 1].to_owned()
        };
        let unicode = |text: &str| text.encode_utf16().map(|unit| format!("\\u{unit:04X}")).collect::<String>();
        let percent = |text: &str| text.bytes().map(|b| format!("%{b:02X}")).collect::<String>();
        let html = |text: &str| text.chars().map(|c| format!("&#{};", u32::from(c))).collect::<String>();
        match how % 7 {
            0 => secret.to_owned(),
            1 => json(secret),
            2 => json(&json(secret)),
            3 => unicode(secret),
            4 => percent(secret),
            // Encoded again: each `%` as `%25`.
            5 => percent(secret).replace('%', "%25"),
            _ => html(secret),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every occurrence of every secret, however spelt, is redacted, and
        /// the search's work is linear in the text: at most a constant
        /// number of steps per byte per secret, whatever the text.
        #[test]
        fn every_spelling_of_every_secret_is_found_in_linear_work(
            secrets in proptest::collection::vec("[ -~é🔑]{4,12}", 1..4),
            fillers in proptest::collection::vec("[ -~\\\\%&+]{0,40}", 1..6),
            spellings in proptest::collection::vec(any::<u8>(), 6),
        ) {
            let set = Secrets::new(secrets.clone());
            let mut text = String::new();
            let mut placed = Vec::new();
            for (index, filler) in fillers.iter().enumerate() {
                text.push_str(filler);
                let secret = &secrets[index % secrets.len()];
                let spelling = spelt(secret, spellings[index % spellings.len()]);
                // Apart from what surrounds it, so that neighbours do not merge with it.
                text.push_str(" | ");
                text.push_str(&spelling);
                text.push_str(" | ");
                placed.push(spelling);
            }
            let (redacted, steps) = redacted_counting(&set, &text);
            for secret in &secrets {
                prop_assert!(!redacted.contains(secret.as_str()), "{secret:?} in {redacted:?}");
            }
            for spelling in &placed {
                prop_assert!(!redacted.contains(&format!(" | {spelling} | ")), "{spelling:?} in {redacted:?}");
            }
            let bound = 8 * (MAX_BACKSLASHES + 16) * secrets.len() * (text.len() + 1);
            prop_assert!(steps <= bound, "{steps} steps for {} bytes", text.len());
        }
    }

    #[test]
    fn adversarial_text_takes_linear_work_and_a_long_secret_no_stack() {
        let secrets: Vec<String> = (0..10).map(|i| format!("s3cr3t-{i}-\\\"+%&value")).collect();
        let set = Secrets::new(secrets);
        for unit in ["\\", "\\\\u", "%25", "%", "&#", "s3cr3t-1-", "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\x"] {
            let (small, large) = (unit.repeat(4096 / unit.len()), unit.repeat(65536 / unit.len()));
            let (_, few) = redacted_counting(&set, &small);
            let (_, many) = redacted_counting(&set, &large);
            // 16 times the bytes, at most about 16 times the work.
            assert!(many <= 17 * few.max(1) + 64, "{unit:?}: {few} steps for 4 KiB, {many} for 64 KiB");
        }
        // A secret of 100,000 characters echoed back: found, on a small stack.
        let long: String = "k".repeat(100_000);
        let echoed = format!("{{\"error\": \"bad {long}\"}}");
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut text = echoed;
                Secrets::new([long]).redact(&mut text);
                text
            })
            .unwrap();
        assert_eq!(handle.join().unwrap(), "{\"error\": \"bad <redacted>\"}");
    }

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
    fn redaction_stops_at_the_deadline_and_keeps_nothing_it_did_not_search() {
        let secrets = Secrets::new(["hunter22".to_owned()]);
        // Characters of several bytes, so that a look at the deadline falls inside one.
        let text = format!("{} hunter22", "é🔑x".repeat(150_000));
        // A deadline gone: the text is cut at the first look, the secret with the rest.
        let mut late = text.clone();
        assert!(secrets.until(std::time::Instant::now()).redact(&mut late));
        assert!(late.ends_with(PAST_DEADLINE) && !late.contains("hunter22"), "{}", &late[late.len() - 100..]);
        assert!(late.len() <= DEADLINE_LOOK + PAST_DEADLINE.len(), "{}", late.len());
        // A deadline far off: the whole text, redacted.
        let mut early = text.clone();
        let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
        assert!(secrets.until(far).redact(&mut early));
        assert!(early.ends_with(" <redacted>") && early.len() == text.len() - "hunter22".len() + REDACTED.len());
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

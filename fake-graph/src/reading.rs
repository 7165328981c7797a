//! Reading a request's query options as the service does: `$filter`,
//! `$search` and `$orderby` text (percent-decoded) into the runtime's types
//! ([`FilterExpression`](graph_sync_runtime::query::FilterExpression),
//! [`Search`](graph_sync_runtime::query::Search),
//! [`OrderBy`](graph_sync_runtime::query::OrderBy)), which the client writes
//! them from.
//! What a client writes reads back as what it built (the round-trip tests
//! in `tests/tests/queries.rs` hold that); anything else is refused, saying
//! what.
//!
//! Every reader is bounded: nesting deeper than
//! [`MAX_FILTER_DEPTH`](graph_sync_runtime::query::MAX_FILTER_DEPTH) or more
//! than [`MAX_FILTER_TERMS`](graph_sync_runtime::query::MAX_FILTER_TERMS)
//! terms is refused (the crate's bounds; Graph documents none), so that
//! reading, evaluating and dropping what was read never runs out of stack.

use graph_sync_runtime::query::{
    Direction, FilterExpression, Literal, Op, OrderBy, PropertyPath, Quantifier, Search, TextFunction,
    MAX_FILTER_DEPTH, MAX_FILTER_TERMS,
};

/// Reads `$filter` text (percent-decoded) into the expression it says:
/// what [`FilterExpression::to_odata`] writes, and the same with other spacing,
/// redundant parentheses, or operators in another case. Anything else
/// (other functions, arithmetic, casts) is refused, saying what.
///
/// A filter nested more than [`MAX_FILTER_DEPTH`] deep (parentheses,
/// `not`, lambdas) or of more than [`MAX_FILTER_TERMS`] terms is refused
/// too: the crate's own bounds (Graph documents none), so that reading,
/// writing, evaluating and dropping a parsed filter never runs out of stack.
pub fn filter(text: &str) -> Result<FilterExpression, String> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens: &tokens, at: 0, depth: 0, terms: 0 };
    let filter = parser.or()?;
    match parser.tokens.get(parser.at) {
        None => Ok(filter),
        Some(token) => Err(format!("unexpected {token:?}")),
    }
}

/// Reads an `$orderby` value (percent-decoded): comma-separated paths,
/// each optionally followed by `asc` or `desc` (in any case).
pub fn order_by(text: &str) -> Result<OrderBy, String> {
    let mut keys = Vec::new();
    for key in text.split(',') {
        let mut words = key.split_whitespace();
        let (Some(path), direction, None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("`{}` is not a property and a direction", key.trim()));
        };
        let direction = match direction.map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            Some(other) => return Err(format!("`{other}` is not asc or desc")),
        };
        keys.push((path_of(path)?, direction));
    }
    Ok(OrderBy(keys))
}

/// Reads a `$search` value (percent-decoded): what
/// [`Search::to_odata`] writes, and the same with other spacing,
/// redundant parentheses, or two phrases side by side (an implicit
/// `AND`). Anything else (a bare word, `NOT`, a phrase that names no
/// property) is refused, saying what.
///
/// Like a filter's, a search nested more than
/// [`MAX_FILTER_DEPTH`] deep or of more than [`MAX_FILTER_TERMS`] terms is
/// refused.
pub fn search(text: &str) -> Result<Search, String> {
    let tokens = search_tokens(text)?;
    let mut reading = Reading { tokens: &tokens, at: 0, depth: 0, terms: 0 };
    let search = reading.or()?;
    match tokens.get(reading.at) {
        None => Ok(search),
        Some(token) => Err(format!("unexpected {token:?} in $search")),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum SearchToken {
    Phrase(String),
    Word(String),
    Open,
    Close,
}

fn search_tokens(text: &str) -> Result<Vec<SearchToken>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            ' ' | '\t' => {}
            '(' => tokens.push(SearchToken::Open),
            ')' => tokens.push(SearchToken::Close),
            '"' => {
                let mut phrase = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => match chars.next() {
                            Some(escaped @ ('"' | '\\')) => phrase.push(escaped),
                            _ => return Err("a `\\` in a $search phrase escapes only `\"` or `\\`".to_owned()),
                        },
                        Some('"') => break,
                        Some(other) => phrase.push(other),
                        None => return Err("a $search phrase is not closed".to_owned()),
                    }
                }
                tokens.push(SearchToken::Phrase(phrase));
            }
            _ => {
                let mut word = ch.to_string();
                while let Some(&next) = chars.peek() {
                    if matches!(next, ' ' | '\t' | '(' | ')' | '"') {
                        break;
                    }
                    word.push(next);
                    chars.next();
                }
                tokens.push(SearchToken::Word(word));
            }
        }
    }
    Ok(tokens)
}

/// Whether `name` is an OData simple identifier, as the runtime writes names.
fn is_name(name: &str) -> bool {
    PropertyPath::new([name]).to_odata().is_ok()
}

/// `a/b/c` as its segments, each a name (the last may be `$count`, after a
/// collection), as the runtime would write it.
fn path_of(text: &str) -> Result<PropertyPath, String> {
    let path = PropertyPath::new(text.split('/'));
    match path.to_odata() {
        Ok(_) => Ok(path),
        Err(_) => Err(format!("the path `{text}`")),
    }
}

/// The comparison operator a word names, in any case.
fn operator(word: &str) -> Option<Op> {
    let operators = [("eq", Op::Eq), ("ne", Op::Ne), ("gt", Op::Gt), ("ge", Op::Ge), ("lt", Op::Lt), ("le", Op::Le)];
    operators.into_iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|(_, op)| op)
}

/// The string function a word names, in any case.
fn text_function(word: &str) -> Option<TextFunction> {
    let functions = [
        ("startswith", TextFunction::StartsWith),
        ("endswith", TextFunction::EndsWith),
        ("contains", TextFunction::Contains),
    ];
    functions.into_iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|(_, function)| function)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A name, a path, a keyword or a literal that is not a string.
    Word(String),
    /// A string literal's text.
    Text(String),
    Open,
    Close,
    Comma,
    Colon,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    // A quoted string's text, after its opening quote; `''` is a quote in it.
    let quoted = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| -> Result<String, String> {
        let mut literal = String::new();
        loop {
            match chars.next() {
                Some('\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                    literal.push('\'');
                }
                Some('\'') => return Ok(literal),
                Some(other) => literal.push(other),
                None => return Err("a string literal is not closed".to_owned()),
            }
        }
    };
    while let Some(&ch) = chars.peek() {
        match ch {
            ' ' | '\t' => {
                chars.next();
            }
            '(' | ')' | ',' | ':' => {
                chars.next();
                tokens.push(match ch {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Colon,
                });
            }
            '\'' => {
                chars.next();
                tokens.push(Token::Text(quoted(&mut chars)?));
            }
            _ => {
                let mut word = String::new();
                while let Some(&ch) = chars.peek() {
                    // A `:` ends a lambda's variable (a name), not a time (`00:00:00Z`).
                    if matches!(ch, ' ' | '\t' | '(' | ')' | ',' | '\'') || (ch == ':' && is_name(&word)) {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
                // A typed literal: `duration'P1D'`, `binary'AQI'`.
                if chars.peek() == Some(&'\'') && matches!(word.to_ascii_lowercase().as_str(), "duration" | "binary") {
                    chars.next();
                    let text = quoted(&mut chars)?;
                    word = format!("{word}'{}'", text.replace('\'', "''"));
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    /// How deep the parser is in parentheses, `not`s and lambdas.
    depth: usize,
    /// How many terms (comparisons, functions, `and`, `or`, `not`) it has read.
    terms: usize,
}

impl Parser<'_> {
    /// One level deeper, within [`MAX_FILTER_DEPTH`].
    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(format!("the filter nests more than {MAX_FILTER_DEPTH} deep"));
        }
        Ok(())
    }

    /// One term more, within [`MAX_FILTER_TERMS`].
    fn term(&mut self) -> Result<(), String> {
        self.terms += 1;
        if self.terms > MAX_FILTER_TERMS {
            return Err(format!("the filter has more than {MAX_FILTER_TERMS} terms"));
        }
        Ok(())
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        match self.tokens.get(self.at) {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, token: Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(found) if *found == token => Ok(()),
            other => Err(format!("{what}, not {other:?}")),
        }
    }

    fn or(&mut self) -> Result<FilterExpression, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.term()?;
            left = FilterExpression::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<FilterExpression, String> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            self.term()?;
            left = FilterExpression::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<FilterExpression, String> {
        if self.keyword("not") {
            self.term()?;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(FilterExpression::Not(Box::new(inner)));
        }
        match self.next().cloned() {
            Some(Token::Open) => {
                self.enter()?;
                let inner = self.or()?;
                self.expect(Token::Close, "a parenthesis is not closed")?;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Token::Word(word)) => {
                self.term()?;
                self.after_word(word)
            }
            other => Err(format!("an expression cannot start with {other:?}")),
        }
    }

    /// A term that starts with a word: a text function's call, or a path
    /// and what follows it.
    fn after_word(&mut self, word: String) -> Result<FilterExpression, String> {
        match (text_function(&word), self.tokens.get(self.at)) {
            (Some(function), Some(Token::Open)) => {
                self.at += 1;
                let path = match self.next() {
                    Some(Token::Word(path)) => path_of(path)?,
                    other => return Err(format!("{word} needs a property path, not {other:?}")),
                };
                let (Some(Token::Comma), Some(Token::Text(text)), Some(Token::Close)) =
                    (self.next().cloned(), self.next().cloned(), self.next().cloned())
                else {
                    return Err(format!("{word} takes a property path and a string literal"));
                };
                Ok(FilterExpression::Text { function, path, text })
            }
            (_, Some(Token::Open)) if !(word.ends_with("/any") || word.ends_with("/all")) => {
                Err(format!("the function `{word}`"))
            }
            _ => self.after_path(&word),
        }
    }

    /// What follows a path: a comparison, `in (...)`, or (in the path's last
    /// segment) a lambda.
    fn after_path(&mut self, written: &str) -> Result<FilterExpression, String> {
        let (path, quantifier) = match written.rsplit_once('/') {
            Some((path, "any")) if self.tokens.get(self.at) == Some(&Token::Open) => (path, Some(Quantifier::Any)),
            Some((path, "all")) if self.tokens.get(self.at) == Some(&Token::Open) => (path, Some(Quantifier::All)),
            _ => (written, None),
        };
        let path = path_of(path)?;
        if let Some(quantifier) = quantifier {
            self.at += 1;
            let variable = match self.next() {
                Some(Token::Word(variable)) if is_name(variable) => variable.clone(),
                other => return Err(format!("a lambda needs a variable, not {other:?}")),
            };
            self.expect(Token::Colon, "a lambda's variable is followed by `:`")?;
            self.enter()?;
            let body = self.or()?;
            self.expect(Token::Close, "a lambda is not closed")?;
            self.depth -= 1;
            return Ok(FilterExpression::Lambda { quantifier, path, variable, body: Box::new(body) });
        }
        if self.keyword("in") {
            self.expect(Token::Open, "`in` takes a parenthesized list")?;
            let mut values = Vec::new();
            loop {
                values.push(self.literal()?);
                match self.next() {
                    Some(Token::Comma) => continue,
                    Some(Token::Close) => break,
                    other => return Err(format!("a list of literals, not {other:?}")),
                }
            }
            return Ok(FilterExpression::In { path, values });
        }
        let op = match self.next() {
            Some(Token::Word(op)) => operator(op).ok_or_else(|| format!("the operator `{op}`"))?,
            other => return Err(format!("a comparison needs an operator, not {other:?}")),
        };
        Ok(FilterExpression::Compare { path, op, value: self.literal()? })
    }

    fn literal(&mut self) -> Result<Literal, String> {
        match self.next() {
            Some(Token::Text(text)) => Ok(Literal::Text(text.clone())),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("null") => Ok(Literal::Null),
            Some(Token::Word(word)) if is_bare_literal(word) => Ok(Literal::Bare(word.clone())),
            other => Err(format!("a literal, not {other:?}")),
        }
    }
}

/// A literal that is not a string: a number, `true`, `false`, a date, a
/// time, a GUID, `duration'...'`, `binary'...'` (not a path: no `/`).
fn is_bare_literal(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    !word.contains('/')
        && (first.is_ascii_digit()
            || first == '-'
            || matches!(word, "true" | "false" | "NaN" | "INF" | "-INF")
            || word.ends_with('\'')
            || (word.len() == 36 && word.chars().all(|c| c.is_ascii_hexdigit() || c == '-')))
}

/// A `$search` being read: where it is, how deep, how many terms.
struct Reading<'a> {
    tokens: &'a [SearchToken],
    at: usize,
    depth: usize,
    terms: usize,
}

impl Reading<'_> {
    fn counted(&mut self) -> Result<(), String> {
        self.terms += 1;
        if self.terms > MAX_FILTER_TERMS {
            return Err(format!("the $search has more than {MAX_FILTER_TERMS} terms"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Search, String> {
        let mut left = self.and()?;
        while matches!(self.tokens.get(self.at), Some(SearchToken::Word(w)) if w == "OR") {
            self.at += 1;
            self.counted()?;
            left = left.or(self.and()?);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Search, String> {
        let mut left = self.term()?;
        loop {
            match self.tokens.get(self.at) {
                Some(SearchToken::Word(w)) if w == "AND" => self.at += 1,
                Some(SearchToken::Phrase(_) | SearchToken::Open) => {}
                _ => return Ok(left),
            }
            self.counted()?;
            left = left.and(self.term()?);
        }
    }

    fn term(&mut self) -> Result<Search, String> {
        self.counted()?;
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        match token {
            Some(SearchToken::Open) => {
                self.depth += 1;
                if self.depth > MAX_FILTER_DEPTH {
                    return Err(format!("the $search nests more than {MAX_FILTER_DEPTH} deep"));
                }
                let inner = self.or()?;
                self.depth -= 1;
                match self.tokens.get(self.at) {
                    Some(SearchToken::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err("a parenthesis in $search is not closed".to_owned()),
                }
            }
            Some(SearchToken::Phrase(phrase)) => match phrase.split_once(':') {
                Some((property, text)) if !text.is_empty() => {
                    Ok(Search::Phrase { property: path_of(property)?, text: text.to_owned() })
                }
                _ => Err(format!("the $search phrase `{phrase}` names no property (`\"property:text\"`)")),
            },
            other => Err(format!("a $search phrase, not {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text, read and written again, is itself: the readers read what
    /// the runtime's writers write (whose own tests build the same
    /// expressions as values), structure included.
    #[test]
    fn what_the_writers_write_reads_back_as_written() {
        for written in [
            "jobId eq 'x' and statusInfo/status eq 'failure'",
            "(jobId eq 'x' or statusInfo/status eq 'failure') and activityDateTime ge 2026-05-01T00:00:00Z",
            "jobId eq 'x' and (statusInfo/status eq 'failure' and activityDateTime ge 2026-05-01T00:00:00Z)",
            "not (jobId eq 'x' or statusInfo/status eq 'failure')",
            "not jobId eq 'x'",
            "id in ('a','b')",
            "appRoles/any(r:r/value eq 'x')",
            "startswith(displayName, 'O''Brien')",
            "targetIdentity/id eq null",
            "timeout eq duration'PT1H'",
            "categories/$count eq 0 or owners/$count le 1",
        ] {
            assert_eq!(filter(written).and_then(|f| f.to_odata()).as_deref(), Ok(written));
        }
        for written in ["displayName", "activityDateTime desc", "statusInfo/status desc,id"] {
            assert_eq!(order_by(written).and_then(|o| o.to_odata()).as_deref(), Ok(written));
        }
        for written in [r#""displayName:Team""#, r#"("displayName:Team" OR "description:x") AND "tags:y""#] {
            assert_eq!(search(written).and_then(|s| s.to_odata()).as_deref(), Ok(written));
        }
    }

    #[test]
    fn other_spellings_read_as_the_same_and_a_literal_stays_one_literal() {
        // Spacing, case and redundant parentheses do not change what is read.
        let read = |text: &str| filter(text).and_then(|f| f.to_odata());
        assert_eq!(read("((jobId  EQ 'x'))").as_deref(), Ok("jobId eq 'x'"));
        assert_eq!(read("appRoles/any(r: r/value eq 'x')").as_deref(), Ok("appRoles/any(r:r/value eq 'x')"));
        assert_eq!(
            order_by("displayName ASC, id DESC").and_then(|o| o.to_odata()).as_deref(),
            Ok("displayName,id desc")
        );
        let side_by_side = search(r#""displayName:Team" "description:x""#).and_then(|s| s.to_odata());
        assert_eq!(side_by_side.as_deref(), Ok(r#""displayName:Team" AND "description:x""#));
        // A string that looks like more filter is one literal; a phrase that looks like more search is one phrase.
        let hostile = filter("displayName eq 'x'' or 1 eq 1 or displayName eq ''y'").unwrap();
        assert!(
            matches!(&hostile, FilterExpression::Compare { value: Literal::Text(text), .. } if text == "x' or 1 eq 1 or displayName eq 'y"),
            "{hostile:?}"
        );
        let phrase = search(r#""displayName:a\" OR \"description:\\""#).unwrap();
        assert!(matches!(&phrase, Search::Phrase { text, .. } if text == r#"a" OR "description:\"#), "{phrase:?}");
        // Nothing else reads.
        for refused in [
            "length(displayName) gt 3",
            "displayName has 'x'",
            "(displayName eq 'x'",
            "displayName eq 'open",
            "a eq b/c",
        ] {
            assert!(filter(refused).is_err(), "{refused}");
        }
        for refused in ["displayName up", "a b c", "request-id", ""] {
            assert!(order_by(refused).is_err(), "{refused}");
        }
        for refused in ["Team", r#""Team""#, r#"NOT "a:b""#, r#""a:b"#, r#"("a:b""#, r#""a:\x""#] {
            assert!(search(refused).is_err(), "{refused}");
        }
    }
}

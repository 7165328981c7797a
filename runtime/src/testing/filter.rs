//! The part of OData's `$filter` the fake evaluates: comparisons of a
//! property path with a literal (`jobId eq '...'`, `statusInfo/status eq
//! 'failure'`, `activityDateTime ge 2026-05-01T00:00:00Z`,
//! `sourceIdentity/id eq '701984'`, `appId eq '...'`), `startswith`,
//! `endswith` and `contains`, joined by `and`, `or`, `not` and parentheses.
//! Anything else is refused with a message saying the fake does not
//! evaluate it, so a test never passes on a filter the fake ignored.

use serde_json::Value;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    Compare { path: Vec<String>, op: Op, literal: Literal },
    Text { function: TextFunction, path: Vec<String>, text: String },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFunction {
    StartsWith,
    EndsWith,
    Contains,
}

/// A literal as OData writes it: a quoted string, or a bare token (a
/// number, `true`, `false`, `null`, a date-time or a GUID).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    Bare(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
    Comma,
}

/// Why a filter is refused: the whole message of the fake's `400`.
fn unsupported(filter: &str, why: &str) -> String {
    format!(
        "the fake does not evaluate the $filter `{filter}` ({why}): it evaluates comparisons of a property path \
         with a literal (eq, ne, gt, ge, lt, le), startswith, endswith and contains, joined by and, or, not"
    )
}

impl Filter {
    /// Parses a `$filter` value (already percent-decoded).
    pub(crate) fn parse(text: &str) -> Result<Filter, String> {
        let tokens = tokenize(text).map_err(|why| unsupported(text, why))?;
        let mut parser = Parser { tokens: &tokens, at: 0 };
        let filter = parser.or().map_err(|why| unsupported(text, &why))?;
        match parser.tokens.get(parser.at) {
            None => Ok(filter),
            Some(token) => Err(unsupported(text, &format!("unexpected {token:?}"))),
        }
    }

    /// Whether `item` passes the filter.
    pub(crate) fn matches(&self, item: &Value) -> bool {
        match self {
            Filter::And(a, b) => a.matches(item) && b.matches(item),
            Filter::Or(a, b) => a.matches(item) || b.matches(item),
            Filter::Not(inner) => !inner.matches(item),
            Filter::Compare { path, op, literal } => compare(lookup(item, path), *op, literal),
            Filter::Text { function, path, text } => match lookup(item, path) {
                Some(Value::String(value)) => match function {
                    TextFunction::StartsWith => value.starts_with(text.as_str()),
                    TextFunction::EndsWith => value.ends_with(text.as_str()),
                    TextFunction::Contains => value.contains(text.as_str()),
                },
                _ => false,
            },
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, &'static str> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&ch) = chars.peek() {
        match ch {
            ' ' | '\t' => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                tokens.push(match ch {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        // `''` is a quote inside the literal.
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            literal.push('\'');
                        }
                        Some('\'') => break,
                        Some(other) => literal.push(other),
                        None => return Err("a string literal is not closed"),
                    }
                }
                tokens.push(Token::Text(literal));
            }
            _ => {
                let mut word = String::new();
                while let Some(&ch) = chars.peek() {
                    if matches!(ch, ' ' | '\t' | '(' | ')' | ',' | '\'') {
                        break;
                    }
                    word.push(ch);
                    chars.next();
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
}

impl Parser<'_> {
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

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.keyword("not") {
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        match self.next().cloned() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a parenthesis is not closed".into()),
                }
            }
            Some(Token::Word(word)) => {
                let function = match word.to_ascii_lowercase().as_str() {
                    "startswith" => Some(TextFunction::StartsWith),
                    "endswith" => Some(TextFunction::EndsWith),
                    "contains" => Some(TextFunction::Contains),
                    _ => None,
                };
                match (function, self.tokens.get(self.at)) {
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
                        Ok(Filter::Text { function, path, text })
                    }
                    (_, Some(Token::Open)) => Err(format!("the function `{word}`")),
                    _ => self.comparison(&word),
                }
            }
            other => Err(format!("a comparison cannot start with {other:?}")),
        }
    }

    fn comparison(&mut self, path: &str) -> Result<Filter, String> {
        let path = path_of(path)?;
        let op = match self.next() {
            Some(Token::Word(op)) => match op.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                _ => return Err(format!("the operator `{op}`")),
            },
            other => return Err(format!("a comparison needs an operator, not {other:?}")),
        };
        let literal = match self.next() {
            Some(Token::Text(text)) => Literal::Text(text.clone()),
            Some(Token::Word(word)) if !word.contains('/') => Literal::Bare(word.clone()),
            other => return Err(format!("a comparison needs a literal, not {other:?}")),
        };
        Ok(Filter::Compare { path, op, literal })
    }
}

/// `a/b/c` as its segments; lambdas (`any`, `all`) and casts are not evaluated.
fn path_of(text: &str) -> Result<Vec<String>, String> {
    let segments: Vec<String> = text.split('/').map(str::to_owned).collect();
    if segments.iter().any(|s| s.is_empty() || s.contains(':') || s.contains('.') || s.starts_with('$')) {
        return Err(format!("the path `{text}`"));
    }
    Ok(segments)
}

/// The value at `path`, property names matched without regard to case (the
/// service's own `Location` writes `jobid`); `statusInfo` is the older name
/// of a provisioning log's `provisioningStatusInfo`, which Microsoft's
/// provisioning documentation still filters on.
pub(crate) fn lookup<'v>(item: &'v Value, path: &[String]) -> Option<&'v Value> {
    let mut value = item;
    for (index, segment) in path.iter().enumerate() {
        let object = value.as_object()?;
        let found = object.iter().find(|(key, _)| key.eq_ignore_ascii_case(segment)).map(|(_, v)| v);
        value = match found {
            Some(found) => found,
            None if index == 0 && segment.eq_ignore_ascii_case("statusInfo") => object.get("provisioningStatusInfo")?,
            None => return None,
        };
    }
    Some(value)
}

fn compare(value: Option<&Value>, op: Op, literal: &Literal) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (value, literal) {
        (None | Some(Value::Null), Literal::Bare(word)) if word == "null" => Some(Ordering::Equal),
        (None | Some(Value::Null), _) => None,
        (Some(_), Literal::Bare(word)) if word == "null" => None,
        (Some(Value::String(text)), Literal::Text(literal)) => Some(text.as_str().cmp(literal.as_str())),
        (Some(Value::String(text)), Literal::Bare(word)) => Some(match (instant(text), instant(word)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => text.to_ascii_lowercase().cmp(&word.to_ascii_lowercase()),
        }),
        (Some(Value::Number(number)), Literal::Bare(word)) => {
            number.as_f64().zip(word.parse::<f64>().ok()).and_then(|(a, b)| a.partial_cmp(&b))
        }
        (Some(Value::Bool(flag)), Literal::Bare(word)) => word.parse::<bool>().ok().map(|b| flag.cmp(&b)),
        _ => None,
    };
    match (op, ordering) {
        (Op::Ne, None) => true,
        (_, None) => false,
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
    }
}

fn instant(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn passes(filter: &str, item: &Value) -> bool {
        Filter::parse(filter).unwrap_or_else(|e| panic!("{e}")).matches(item)
    }

    #[test]
    fn the_documented_provisioning_log_filters_are_evaluated() {
        let log = json!({
            "jobId": "API2AAD.1.x", "activityDateTime": "2026-05-02T10:00:00Z",
            "provisioningStatusInfo": {"status": "failure"}, "sourceIdentity": {"id": "701984"}
        });
        assert!(passes("jobId eq 'API2AAD.1.x'", &log));
        assert!(passes("jobid eq 'API2AAD.1.x'", &log), "as the service's own Location writes it");
        assert!(!passes("jobId eq 'API2AAD.1.y'", &log));
        assert!(passes("statusInfo/status eq 'failure'", &log));
        assert!(passes("provisioningStatusInfo/status eq 'failure'", &log));
        assert!(passes("activityDateTime ge 2026-05-01T00:00:00Z", &log));
        assert!(!passes("activityDateTime ge 2026-05-02T10:00:00.001Z", &log), "instants, not text");
        assert!(passes("sourceIdentity/id eq '701984'", &log));
        assert!(passes(
            "jobid eq 'API2AAD.1.x' and (statusInfo/status eq 'success' or sourceIdentity/id eq '701984')",
            &log
        ));
        assert!(passes("not (jobId eq 'other')", &log));
        assert!(passes("startswith(jobId,'API2AAD')", &log));
        assert!(passes("targetIdentity/id eq null", &log));
    }

    #[test]
    fn a_quote_in_a_literal_is_part_of_it() {
        let principal = json!({"displayName": "O'Brien's app"});
        assert!(passes("displayName eq 'O''Brien''s app'", &principal));
        // A value that tries to close the literal is only text.
        assert!(!passes("displayName eq 'x'' or displayName ne ''y'", &principal));
    }

    #[test]
    fn what_the_fake_does_not_evaluate_is_refused_by_name() {
        for filter in [
            "appRoles/any(r: r/value eq 'x')",
            "displayName eq 'open",
            "length(displayName) gt 3",
            "displayName has 'x'",
            "(displayName eq 'x'",
            "displayName eq 'x' extra",
        ] {
            let error = Filter::parse(filter).unwrap_err();
            assert!(error.starts_with(&format!("the fake does not evaluate the $filter `{filter}`")), "{error}");
        }
    }
}

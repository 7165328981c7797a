//! OData `$filter` expressions as data: the one type that a filter is built
//! as and written from ([`FilterExpression::to_odata`]), and that the fake service
//! reads back into and evaluates (`graph_sync::testing::reading`), so that
//! the two cannot disagree about what a filter says.
//!
//! A literal is data until it is written, and written by its type
//! ([`UrlLiteral`]): a string is always one quoted literal, its `'` doubled,
//! so no value can change the structure of the expression around it.
//! Property paths and lambda variables are names, checked when written.

use std::fmt::Write as _;

pub use crate::requests::options::{Direction, OrderBy, Search, MAX_FILTER_DEPTH, MAX_FILTER_TERMS};
use crate::requests::path::is_name;
pub use crate::requests::path::PropertyPath;
use crate::values::literal::UrlLiteral;
use crate::values::primitives::InvalidValue;

/// A boolean `$filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterExpression {
    /// `{path} {op} {value}`: `jobId eq 'x'`, `activityDateTime ge 2026-05-01T00:00:00Z`.
    Compare {
        path: PropertyPath,
        op: Op,
        value: Literal,
    },
    /// `{function}({path},'{text}')`: `startswith(displayName,'AWS')`.
    Text {
        function: TextFunction,
        path: PropertyPath,
        text: String,
    },
    /// `{path} in ({value},...)`.
    In {
        path: PropertyPath,
        values: Vec<Literal>,
    },
    /// `{path}/any({variable}:{body})`, `{path}/all(...)`: over a collection,
    /// the body's paths starting at the variable.
    Lambda {
        quantifier: Quantifier,
        path: PropertyPath,
        variable: String,
        body: Box<FilterExpression>,
    },
    And(Box<FilterExpression>, Box<FilterExpression>),
    Or(Box<FilterExpression>, Box<FilterExpression>),
    Not(Box<FilterExpression>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A string function that takes a property and a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFunction {
    StartsWith,
    EndsWith,
    Contains,
}

/// `any` or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Any,
    All,
}

/// A literal: `null`, a string (its text, unquoted), or any other literal as
/// OData writes it (`10248`, `true`, `2026-05-01T00:00:00Z`, `duration'P1D'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Null,
    Text(String),
    Bare(String),
}

impl Literal {
    /// The literal of `value`, by its type.
    pub fn of(value: &(impl UrlLiteral + ?Sized)) -> Result<Literal, InvalidValue> {
        let written = value.url_literal()?;
        Ok(match written.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')) {
            Some(quoted) => Literal::Text(quoted.replace("''", "'")),
            None => Literal::Bare(written),
        })
    }

    fn write(&self, out: &mut String) {
        match self {
            Literal::Null => out.push_str("null"),
            Literal::Text(text) => {
                let _ = write!(out, "'{}'", text.replace('\'', "''"));
            }
            Literal::Bare(text) => out.push_str(text),
        }
    }
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }
}

impl TextFunction {
    fn as_str(self) -> &'static str {
        match self {
            TextFunction::StartsWith => "startswith",
            TextFunction::EndsWith => "endswith",
            TextFunction::Contains => "contains",
        }
    }
}

impl Quantifier {
    fn as_str(self) -> &'static str {
        match self {
            Quantifier::Any => "any",
            Quantifier::All => "all",
        }
    }
}

/// Dropped without recursion: a filter built in code may be deeper than the
/// stack (a hundred thousand `or`s), and dropping it must not overflow it.
impl Drop for FilterExpression {
    fn drop(&mut self) {
        crate::requests::options::drop_without_recursion(self, FilterExpression::take_children);
    }
}

impl FilterExpression {
    /// How many terms it has (comparisons, functions, `and`, `or`, `not`,
    /// lambdas), counted without recursion.
    fn terms(&self) -> usize {
        let (mut count, mut pending) = (0, vec![self]);
        while let Some(filter) = pending.pop() {
            count += 1;
            match filter {
                FilterExpression::And(a, b) | FilterExpression::Or(a, b) => pending.extend([&**a, &**b]),
                FilterExpression::Not(inner) | FilterExpression::Lambda { body: inner, .. } => pending.push(inner),
                FilterExpression::Compare { .. } | FilterExpression::Text { .. } | FilterExpression::In { .. } => {}
            }
        }
        count
    }

    /// Moves the filters inside this one to `into`, leaving empty leaves.
    fn take_children(&mut self, into: &mut Vec<FilterExpression>) {
        let mut take = |child: &mut Box<FilterExpression>| {
            if matches!(
                **child,
                FilterExpression::And(..)
                    | FilterExpression::Or(..)
                    | FilterExpression::Not(_)
                    | FilterExpression::Lambda { .. }
            ) {
                into.push(std::mem::replace(
                    &mut **child,
                    FilterExpression::In { path: PropertyPath(Vec::new()), values: Vec::new() },
                ));
            }
        };
        match self {
            FilterExpression::And(a, b) | FilterExpression::Or(a, b) => {
                take(a);
                take(b);
            }
            FilterExpression::Not(inner) | FilterExpression::Lambda { body: inner, .. } => take(inner),
            FilterExpression::Compare { .. } | FilterExpression::Text { .. } | FilterExpression::In { .. } => {}
        }
    }
}

impl FilterExpression {
    /// `self and other`.
    pub fn and(self, other: FilterExpression) -> FilterExpression {
        FilterExpression::And(Box::new(self), Box::new(other))
    }

    /// `self or other`.
    pub fn or(self, other: FilterExpression) -> FilterExpression {
        FilterExpression::Or(Box::new(self), Box::new(other))
    }

    /// `not self`.
    #[allow(clippy::should_implement_trait)] // `!filter` reads worse in a query than `.not()`
    pub fn not(self) -> FilterExpression {
        FilterExpression::Not(Box::new(self))
    }

    /// Whether Graph reads this as an advanced query on directory objects
    /// (`ne`, `not`, `endswith` or a `/$count` anywhere in it), which needs
    /// `$count=true` and `ConsistencyLevel: eventual`.
    pub fn is_advanced(&self) -> bool {
        match self {
            FilterExpression::Compare { op, path, .. } => *op == Op::Ne || path.is_count(),
            FilterExpression::Text { function, .. } => *function == TextFunction::EndsWith,
            FilterExpression::In { .. } => false,
            FilterExpression::Lambda { body, .. } => body.is_advanced(),
            FilterExpression::And(a, b) | FilterExpression::Or(a, b) => a.is_advanced() || b.is_advanced(),
            FilterExpression::Not(_) => true,
        }
    }

    /// Binding strength, loosest first: `or`, `and`, `not`, the rest.
    fn precedence(&self) -> u8 {
        match self {
            FilterExpression::Or(..) => 1,
            FilterExpression::And(..) => 2,
            FilterExpression::Not(_) => 3,
            _ => 4,
        }
    }

    /// The expression as `$filter` text (before percent-encoding), with the
    /// parentheses its structure needs; or why it cannot be written (a name
    /// that is not an OData identifier, or more than [`MAX_FILTER_TERMS`]
    /// terms, which a reader of it refuses).
    pub fn to_odata(&self) -> Result<String, String> {
        let terms = self.terms();
        if terms > MAX_FILTER_TERMS {
            return Err(format!("the filter has {terms} terms, more than {MAX_FILTER_TERMS}"));
        }
        let mut out = String::new();
        self.write(&mut out)?;
        Ok(out)
    }

    fn write(&self, out: &mut String) -> Result<(), String> {
        let path = |out: &mut String, path: &PropertyPath| -> Result<(), String> {
            out.push_str(&path.to_odata()?);
            Ok(())
        };
        // A child in parentheses where it binds no tighter than its parent
        // (the right side of `and`/`or` too, so that parsing gives this tree back).
        let child = |out: &mut String, child: &FilterExpression, parent: u8, right: bool| -> Result<(), String> {
            let parenthesized = child.precedence() < parent || (right && child.precedence() == parent);
            if parenthesized {
                out.push('(');
            }
            child.write(out)?;
            if parenthesized {
                out.push(')');
            }
            Ok(())
        };
        match self {
            FilterExpression::Compare { path: p, op, value } => {
                path(out, p)?;
                let _ = write!(out, " {} ", op.as_str());
                value.write(out);
            }
            FilterExpression::Text { function, path: p, text } => {
                out.push_str(function.as_str());
                out.push('(');
                path(out, p)?;
                // As Graph's documentation writes it: `startswith(displayName, 'a')`.
                out.push_str(", ");
                Literal::Text(text.clone()).write(out);
                out.push(')');
            }
            FilterExpression::In { path: p, values } => {
                path(out, p)?;
                out.push_str(" in (");
                for (index, value) in values.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    value.write(out);
                }
                out.push(')');
            }
            FilterExpression::Lambda { quantifier, path: p, variable, body } => {
                if !is_name(variable) {
                    return Err(format!("`{}` cannot be a lambda variable", variable.escape_debug()));
                }
                path(out, p)?;
                let _ = write!(out, "/{}({variable}:", quantifier.as_str());
                body.write(out)?;
                out.push(')');
            }
            FilterExpression::And(left, right) | FilterExpression::Or(left, right) => {
                let (word, precedence) = if matches!(self, FilterExpression::And(..)) { ("and", 2) } else { ("or", 1) };
                child(out, left, precedence, false)?;
                let _ = write!(out, " {word} ");
                child(out, right, precedence, true)?;
            }
            FilterExpression::Not(inner) => {
                out.push_str("not ");
                // `not not x` reads back as written: no parentheses around a `not` or a term.
                child(out, inner, 3, false)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> PropertyPath {
        PropertyPath::new(text.split('/'))
    }

    fn eq(p: &str, value: Literal) -> FilterExpression {
        FilterExpression::Compare { path: path(p), op: Op::Eq, value }
    }

    #[test]
    fn filters_are_written_with_the_parentheses_they_need() {
        let text = |t: &str| Literal::Text(t.to_owned());
        let a = eq("jobId", text("x"));
        let b = eq("statusInfo/status", text("failure"));
        let c = FilterExpression::Compare {
            path: path("activityDateTime"),
            op: Op::Ge,
            value: Literal::Bare("2026-05-01T00:00:00Z".into()),
        };
        for (filter, written) in [
            (a.clone().and(b.clone()), "jobId eq 'x' and statusInfo/status eq 'failure'"),
            (
                a.clone().or(b.clone()).and(c.clone()),
                "(jobId eq 'x' or statusInfo/status eq 'failure') and activityDateTime ge 2026-05-01T00:00:00Z",
            ),
            (
                a.clone().and(b.clone().and(c.clone())),
                "jobId eq 'x' and (statusInfo/status eq 'failure' and activityDateTime ge 2026-05-01T00:00:00Z)",
            ),
            (a.clone().or(b.clone()).not(), "not (jobId eq 'x' or statusInfo/status eq 'failure')"),
            (a.clone().not(), "not jobId eq 'x'"),
            (FilterExpression::In { path: path("id"), values: vec![text("a"), text("b")] }, "id in ('a','b')"),
            (
                FilterExpression::Lambda {
                    quantifier: Quantifier::Any,
                    path: path("appRoles"),
                    variable: "r".into(),
                    body: Box::new(eq("r/value", text("x"))),
                },
                "appRoles/any(r:r/value eq 'x')",
            ),
            (
                FilterExpression::Text {
                    function: TextFunction::StartsWith,
                    path: path("displayName"),
                    text: "O'Brien".into(),
                },
                "startswith(displayName, 'O''Brien')",
            ),
            (eq("targetIdentity/id", Literal::Null), "targetIdentity/id eq null"),
            (eq("timeout", Literal::Bare("duration'PT1H'".into())), "timeout eq duration'PT1H'"),
        ] {
            assert_eq!(filter.to_odata().unwrap(), written);
        }
    }

    #[test]
    fn a_value_is_one_literal_and_a_bad_name_is_refused() {
        let hostile = "x' or 1 eq 1 or displayName eq 'y";
        let filter = eq("displayName", Literal::of(hostile).unwrap());
        let written = filter.to_odata().unwrap();
        assert_eq!(written, "displayName eq 'x'' or 1 eq 1 or displayName eq ''y'");
        assert!(eq("request-id", Literal::Null).to_odata().unwrap_err().contains("`request-id` cannot be named"));
        assert!(eq("a) or (b", Literal::Null).to_odata().is_err());
    }
}

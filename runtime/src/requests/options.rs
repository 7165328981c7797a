//! The `$orderby` and `$search` query options as data: written by the
//! builder ([`OrderBy::to_odata`], [`Search::to_odata`]) and read back into
//! the same types by the fake service (`graph_sync::testing::reading`), one
//! type for both, as [`FilterExpression`](crate::query::FilterExpression) is for `$filter`.

use crate::requests::path::PropertyPath;

/// The direction of one `$orderby` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `asc`, the default, written as nothing (`displayName`).
    Ascending,
    /// `desc` (`activityDateTime desc`).
    Descending,
}

/// `$orderby`: the keys in order of precedence, each with its direction
/// (`activityDateTime desc,id`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderBy(pub Vec<(PropertyPath, Direction)>);

impl OrderBy {
    /// The option's value, or why it cannot be written (no key, or a name
    /// that is no OData identifier).
    pub fn to_odata(&self) -> Result<String, String> {
        if self.0.is_empty() {
            return Err("an empty $orderby".to_owned());
        }
        let mut keys = Vec::with_capacity(self.0.len());
        for (path, direction) in &self.0 {
            let path = path.to_odata()?;
            keys.push(match direction {
                Direction::Ascending => path,
                Direction::Descending => format!("{path} desc"),
            });
        }
        Ok(keys.join(","))
    }
}

/// `$search` as Graph reads it on directory objects: phrases that name the
/// property they search (`"displayName:Team"`), joined with `AND` and `OR`.
///
/// A phrase's text is data: written between double quotes, with a `"` or a
/// `\` in it escaped by a `\` (OData 4.01's `searchPhrase`), so no text ends
/// its phrase early or adds a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// `"{property}:{text}"`: items whose property holds the text.
    Phrase {
        property: PropertyPath,
        text: String,
    },
    And(Box<Search>, Box<Search>),
    Or(Box<Search>, Box<Search>),
}

/// Drops a tree without recursion, however deep it was built: `take`
/// moves a node's children out (leaving cheap leaves), and each is taken
/// apart in turn. (A filter or search built in code may be deeper than the stack.)
pub(crate) fn drop_without_recursion<T>(root: &mut T, take: fn(&mut T, &mut Vec<T>)) {
    let mut deeper = Vec::new();
    take(root, &mut deeper);
    while let Some(mut node) = deeper.pop() {
        take(&mut node, &mut deeper);
    }
}

/// Dropped without recursion, as a [`FilterExpression`](crate::query::FilterExpression) is.
impl Drop for Search {
    fn drop(&mut self) {
        drop_without_recursion(self, Search::take_children);
    }
}

impl Search {
    /// Moves the searches inside this one to `into`, leaving empty phrases.
    fn take_children(&mut self, into: &mut Vec<Search>) {
        if let Search::And(a, b) | Search::Or(a, b) = self {
            for child in [a, b] {
                if !matches!(**child, Search::Phrase { .. }) {
                    let empty = Search::Phrase { property: PropertyPath(Vec::new()), text: String::new() };
                    into.push(std::mem::replace(&mut **child, empty));
                }
            }
        }
    }

    /// `self AND other`.
    pub fn and(self, other: Search) -> Search {
        Search::And(Box::new(self), Box::new(other))
    }

    /// `self OR other`.
    pub fn or(self, other: Search) -> Search {
        Search::Or(Box::new(self), Box::new(other))
    }

    /// The option's value, with the parentheses its structure needs; or why
    /// it cannot be written (an empty text, a name that is no identifier, or
    /// more than [`MAX_FILTER_TERMS`] terms, which a reader of it refuses).
    pub fn to_odata(&self) -> Result<String, String> {
        let terms = self.terms();
        if terms > MAX_FILTER_TERMS {
            return Err(format!("the $search has {terms} terms, more than {MAX_FILTER_TERMS}"));
        }
        let mut out = String::new();
        self.write(&mut out)?;
        Ok(out)
    }

    /// How many terms (phrases, `AND`s, `OR`s) it has, counted without recursion.
    fn terms(&self) -> usize {
        let (mut count, mut pending) = (0, vec![self]);
        while let Some(search) = pending.pop() {
            count += 1;
            if let Search::And(a, b) | Search::Or(a, b) = search {
                pending.extend([&**a, &**b]);
            }
        }
        count
    }

    fn precedence(&self) -> u8 {
        match self {
            Search::Or(..) => 1,
            Search::And(..) => 2,
            Search::Phrase { .. } => 3,
        }
    }

    fn write(&self, out: &mut String) -> Result<(), String> {
        match self {
            Search::Phrase { property, text } => {
                if text.is_empty() {
                    return Err("a $search phrase needs some text".to_owned());
                }
                out.push('"');
                out.push_str(&property.to_odata()?);
                out.push(':');
                for ch in text.chars() {
                    if matches!(ch, '"' | '\\') {
                        out.push('\\');
                    }
                    out.push(ch);
                }
                out.push('"');
            }
            Search::And(left, right) | Search::Or(left, right) => {
                let (word, precedence) = if matches!(self, Search::And(..)) { ("AND", 2) } else { ("OR", 1) };
                for (index, side) in [left, right].into_iter().enumerate() {
                    if index == 1 {
                        out.push(' ');
                        out.push_str(word);
                        out.push(' ');
                    }
                    // The right side of the same operator too, so that
                    // parsing gives this tree back.
                    let parenthesized =
                        side.precedence() < precedence || (index == 1 && side.precedence() == precedence);
                    if parenthesized {
                        out.push('(');
                    }
                    side.write(out)?;
                    if parenthesized {
                        out.push(')');
                    }
                }
            }
        }
        Ok(())
    }
}

/// The deepest nesting of a `$filter` or `$search` that the fake service
/// (`graph_sync::testing::reading`) reads: the crate's bound, not Graph's
/// (no page documents one), so that reading, evaluating and dropping what
/// was read never runs out of stack.
pub const MAX_FILTER_DEPTH: usize = 64;
/// The most terms of a `$filter` or `$search` the crate writes (`to_odata`
/// refuses more) and its fake service reads; the crate's bound, not Graph's.
pub const MAX_FILTER_TERMS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(property: &str, text: &str) -> Search {
        Search::Phrase { property: PropertyPath::new([property]), text: text.to_owned() }
    }

    #[test]
    fn orderings_are_written_as_graph_documents_them() {
        let by = |keys: &[(&str, Direction)]| {
            OrderBy(keys.iter().map(|(path, direction)| (PropertyPath::new(path.split('/')), *direction)).collect())
        };
        for (order, written) in [
            (by(&[("displayName", Direction::Ascending)]), "displayName"),
            (by(&[("activityDateTime", Direction::Descending)]), "activityDateTime desc"),
            (
                by(&[("statusInfo/status", Direction::Descending), ("id", Direction::Ascending)]),
                "statusInfo/status desc,id",
            ),
        ] {
            assert_eq!(order.to_odata().unwrap(), written);
        }
        assert!(OrderBy::default().to_odata().is_err());
        assert!(by(&[("a desc,b", Direction::Ascending)]).to_odata().is_err(), "a name is checked");
    }

    #[test]
    fn a_search_phrase_is_one_phrase_whatever_its_text() {
        let team = phrase("displayName", "Team");
        assert_eq!(team.to_odata().unwrap(), "\"displayName:Team\"");
        let hostile = phrase("displayName", "a\" OR \"description:\\");
        let written = hostile.to_odata().unwrap();
        assert_eq!(written, r#""displayName:a\" OR \"description:\\""#);
        let both = team.clone().or(phrase("description", "x")).and(phrase("tags", "y"));
        assert_eq!(both.to_odata().unwrap(), r#"("displayName:Team" OR "description:x") AND "tags:y""#);
        let right = team.clone().and(phrase("a", "1").and(phrase("b", "2")));
        assert_eq!(right.to_odata().unwrap(), r#""displayName:Team" AND ("a:1" AND "b:2")"#);
        assert!(phrase("displayName", "").to_odata().is_err());
    }
}

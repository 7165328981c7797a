//! Property paths, as a filter, an ordering or a selection names them:
//! `statusInfo/status`, `owners/$count`, a lambda's `r/value`; and the rule
//! for the names in them (OData's simple identifiers), checked when written.

/// A path of property names from the item (`statusInfo/status`), or from a
/// lambda's variable (`r/value`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropertyPath(pub Vec<String>);

impl PropertyPath {
    /// A path of `segments`.
    pub fn new<S: Into<String>>(segments: impl IntoIterator<Item = S>) -> Self {
        PropertyPath(segments.into_iter().map(Into::into).collect())
    }

    /// Whether the path counts a collection (`owners/$count`).
    pub fn is_count(&self) -> bool {
        self.0.len() > 1 && self.0.last().is_some_and(|last| last == COUNT)
    }

    /// The path as a query writes it (`statusInfo/status`), or why it cannot
    /// be written: a segment that is no OData identifier (`request-id`, or
    /// anything that would end the path), or `$count` anywhere but after a
    /// collection.
    pub fn to_odata(&self) -> Result<String, String> {
        if self.0.is_empty() {
            return Err("an empty property path".to_owned());
        }
        let last = self.0.len() - 1;
        for (index, segment) in self.0.iter().enumerate() {
            let counted = segment == COUNT && index > 0 && index == last;
            if !is_name(segment) && !counted {
                return Err(format!(
                    "`{}` cannot be named in a query (not an OData identifier)",
                    segment.escape_debug()
                ));
            }
        }
        Ok(self.0.join("/"))
    }

    /// This path with `segment` after it.
    pub fn join(&self, segment: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_owned());
        PropertyPath(segments)
    }
}

/// The segment that counts a collection: `owners/$count eq 0`.
pub(crate) const COUNT: &str = "$count";

/// Whether `name` may be written as a property or variable name in an
/// expression: OData's simple identifier, in ASCII (a name that is not one,
/// such as `request-id`, cannot be filtered on).
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128
}

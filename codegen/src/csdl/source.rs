//! Turning byte offsets into `file:line:column` locations.

use std::fmt;
use std::sync::Arc;

/// The name of a CSDL document and where its lines start, so that a byte
/// offset recorded while reading can later be reported as a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    name: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceMap {
    /// Indexes the line starts of `text`, named `name` in error messages.
    pub fn new(name: &str, text: &[u8]) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 48 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text).map(|i| offset_u32(i + 1)));
        Self { name: name.into(), line_starts }
    }

    /// The document's name as given to the reader (usually its path).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The location of a byte offset: 1-based line, 1-based column counted in bytes.
    pub fn locate(&self, offset: u32) -> Location {
        let line_index = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        Location {
            file: Arc::clone(&self.name),
            line: offset_u32(line_index + 1),
            column: offset.saturating_sub(line_start) + 1,
        }
    }
}

/// Offsets are kept as `u32`; documents beyond 4 GiB are refused by the reader,
/// so saturation here only guards against arithmetic surprises.
pub(crate) fn offset_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A place in a CSDL document: `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The document's name as given to the reader.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in bytes from the start of the line.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_on_lines_and_columns() {
        let map = SourceMap::new("doc.xml", b"ab\ncd\n\nefg");
        let at = |o| {
            let l = map.locate(o);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(2), (1, 3)); // the newline itself
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(6), (3, 1));
        assert_eq!(at(7), (4, 1));
        assert_eq!(at(9), (4, 3));
        assert_eq!(map.locate(3).to_string(), "doc.xml:2:1");
    }
}

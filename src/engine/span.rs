//! Byte spans inside the engine; 1-based line/column only at the edge.
//!
//! Every token and AST node carries a [`Span`] of byte offsets into its source. A [`LineIndex`]
//! turns an offset into a [`Position`] once, for the CLI (columns in characters) or for the page's
//! editors (columns in UTF-16 code units, as the browser counts them).

use serde::Serialize;

/// A half-open byte range `start..end` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// An empty span at `at`.
    pub fn point(at: usize) -> Span {
        Span::new(at, at)
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span moved `by` bytes to the right (for text nested in another text).
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    /// Byte range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Unicode scalar values (what a terminal user counts).
    Chars,
    /// UTF-16 code units (what a browser `textarea` counts).
    Utf16,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in the encoding asked for.
    pub column: u32,
}

/// Line starts of one text, to turn byte offsets into positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

/// Where byte `at` of `text` is, as people count (characters, 1-based): `(line 2, column 5)`,
/// the form the page's messages about a JSON text end with.
pub fn place(text: &str, at: usize) -> String {
    let p = LineIndex::new(text).position(text, at, Encoding::Chars);
    format!("(line {}, column {})", p.line, p.column)
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(clamp_u32(i + 1));
            }
        }
        LineIndex { starts }
    }

    /// The position of byte `offset` of `text` (the text this index was built from). An offset
    /// inside a multi-byte character counts as that character.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&clamp_u32(offset)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start..end];
        let column = match enc {
            Encoding::Chars => prefix.chars().count(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Position {
            line: clamp_u32(line + 1),
            column: clamp_u32(column + 1),
        }
    }

    /// The byte range of 1-based `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: u32) -> Option<std::ops::Range<usize>> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(i)? as usize;
        let mut end = self.starts.get(i + 1).map_or(text.len(), |&s| s as usize);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    /// Number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_or_utf16_units() {
        let text = "ab\né😀x\n";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.position(text, 0, Encoding::Chars),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            idx.position(text, 3, Encoding::Chars),
            Position { line: 2, column: 1 }
        );
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, Encoding::Chars),
            Position { line: 2, column: 3 }
        );
        assert_eq!(
            idx.position(text, x, Encoding::Utf16),
            Position { line: 2, column: 4 }
        );
        assert_eq!(
            idx.position(text, text.len(), Encoding::Chars),
            Position { line: 3, column: 1 }
        );
        assert_eq!(idx.line_range(text, 2), Some(3..x + 1));
        assert_eq!(idx.line_range(text, 9), None);
    }

    #[test]
    fn offset_inside_a_character_counts_as_that_character() {
        let text = "é!";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1, Encoding::Chars).column, 1);
    }
}

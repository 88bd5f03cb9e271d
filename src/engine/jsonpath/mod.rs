//! JSONPath in the dialect of Jayway JsonPath (which API Gateway's `$input.path` and
//! `$input.json` use), over template [`Value`]s.
//!
//! [`parse`] compiles a path once; [`Path::read`] evaluates it against a value, sharing the
//! value's nodes (results clone `Rc`s, never deep copies).
//!
//! Supported:
//! - `$` (and `@`) roots; a path starting with neither gets `$.` prepended, as Jayway does
//!   (`a.b` is `$.a.b`, and so `.a` is `$..a`).
//! - `.name` (any characters but `.`, `[`, `(` and whitespace), `['name']`, `["name"]` with
//!   `\'`, `\"`, `\\`, `\n`, `\uXXXX` escapes, `['a','b']` (one map of those present when
//!   last in the path, each in turn otherwise).
//! - `[0]`, `[-1]`, `[0,2]`, slices `[1:3]`, `[:2]`, `[-2:]`, `[1:]` as Jayway computes them,
//!   wildcards `*` and `[*]`, deep scan `..name`, `..*`, `..[...]` in Jayway's order (each map
//!   or list before its children).
//! - Filters `[?(...)]` on each item of a list, or on a map itself: `@` and `$` paths,
//!   literals (numbers, `'str'`, `"str"`, `true`, `false`, `null`, JSON lists and objects),
//!   `== != < <= > >=`, `=~ /regex/` (optional `i`; the whole text must match), `in`, `nin`,
//!   `subsetof`, `anyof`, `noneof`, `size`, `empty`, `contains`, existence (`[?(@.isbn)]`),
//!   `!`, `&&`, `||`, parentheses.
//! - A trailing function: `length()`/`size()`, `min()`, `max()`, `avg()`, `sum()`,
//!   `stddev()`, `keys()`, `first()`, `last()`. Like Jayway, a function applies to each value
//!   that reaches it, except after a leading `$..`, where it applies to all the matches
//!   together (`$..book.length()` counts the books).
//!
//! A definite path (no wildcard, deep scan, filter, slice, or several indexes; a trailing
//! `['a','b']` counts as definite, as in Jayway) reads `Some(value)` or `None`; any other path
//! reads a JSON list of its matches, possibly empty. Whatever Jayway would throw on (an
//! aggregation over no numbers) reads `None` or an empty list, as Jayway with
//! `SUPPRESS_EXCEPTIONS`.
//!
//! Where this differs from Jayway, on purpose: comparing a string with a number is false
//! (Jayway converts one to the other); `length()` of a string is its length in UTF-16 units
//! (Jayway: null); `=~` on null, a map or a missing value is false (Jayway matches `""`);
//! an indefinite path exists in a filter when it matches something; `max()` of negative
//! numbers is right; `first()`, `last()` and `keys()` after a leading `$..` apply to the
//! matches. Not supported: functions with arguments (`concat`, `append`, `index`, `sum(...)`),
//! slice steps, `[?]` placeholders, RFC 9535 filters without parentheses.
//!
//! Parsing never recurses without bound: filters and parentheses nest at most 64 deep. A read
//! walks with explicit stacks and spends from a budget of visited nodes, so values that share
//! or contain themselves (which templates can build) cannot make it hang.

mod eval;
mod parser;
#[cfg(test)]
mod tests;

use crate::engine::span::Span;
use crate::engine::value::{ListKind, Value};

/// A parsed path: immutable, cheap to reuse.
#[derive(Clone, Debug)]
pub struct Path {
    text: Box<str>,
    expr: parser::PathExpr,
    /// Cache slots for the `$` paths inside filters.
    slots: usize,
}

/// Why a text is not a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// Short and lowercase.
    pub message: String,
    /// Where, in bytes of the path text.
    pub span: Span,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

/// Parses a path.
pub fn parse(text: &str) -> Result<Path, PathError> {
    let (expr, slots) = parser::parse(text)?;
    Ok(Path {
        text: text.into(),
        expr,
        slots,
    })
}

impl Path {
    /// The text the path was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Jayway's `isDefinite()`: the path names at most one value.
    pub fn is_definite(&self) -> bool {
        self.expr.definite
    }

    /// Reads the path from `root`. A definite path gives the value, or `None` when anything
    /// along it is missing (a key, an index, a container). Any other path gives a
    /// `ListKind::Json` list of every match in document order, possibly empty.
    ///
    /// A read that visits more than 4,000,000 nodes (only possible with values shared many
    /// times over, or pathological filters) gives up: `None` or an empty list.
    pub fn read(&self, root: &Value) -> Option<Value> {
        let mut ctx = eval::Ctx::new(root, self.slots);
        match self.expr.read_in(root, &mut ctx) {
            Ok(v) => v,
            Err(_) if self.expr.definite => None,
            Err(_) => Some(Value::list(Vec::new(), ListKind::Json)),
        }
    }
}

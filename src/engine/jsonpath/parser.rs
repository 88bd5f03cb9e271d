//! Path text to a [`PathExpr`]: the grammar of Jayway's `PathCompiler` and `FilterCompiler`,
//! without their recursion on input (filter and parenthesis nesting is capped at
//! [`MAX_NESTING`]), with byte spans in every error.

use super::PathError;
use crate::engine::json;
use crate::engine::span::Span;
use crate::engine::value::Value;
use std::rc::Rc;

/// Deepest nesting of filters and parentheses inside filters.
pub(super) const MAX_NESTING: usize = 64;
/// Bytes of one compiled regular expression (the engine's `regex_bytes` limit).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Where a path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Root {
    /// `$`: the document.
    Doc,
    /// `@`: the current item inside a filter (the document at the top level).
    Current,
}

/// A parsed path, top level or inside a filter.
#[derive(Clone, Debug)]
pub(super) struct PathExpr {
    pub root: Root,
    /// The steps; a trailing [`Step::Func`] is applied to every value that reaches it. For an
    /// inverted path these are the steps of the function's argument.
    pub steps: Vec<Step>,
    /// Jayway's `isDefinite()`: one value or none.
    pub definite: bool,
    /// `$..x.fn()`: Jayway turns it into `fn($..x)` (`CompiledPath.invertScannerFunctionRelationship`),
    /// so the function sees all the matches at once.
    pub inverted: Option<Func>,
}

/// One step of a path.
#[derive(Clone, Debug)]
pub(super) enum Step {
    /// `.x`, `[..]`: applied to the value itself.
    Child(Selector),
    /// `..x`, `..[..]`: applied to the value and all its descendants.
    Scan(Selector),
    /// `.length()` and friends, last in a path.
    Func(Func),
}

/// What a step selects.
#[derive(Clone, Debug)]
pub(super) enum Selector {
    /// `.a`, `['a']`
    Name(Rc<str>),
    /// `['a','b']`: merged into one map when last, each in turn otherwise (as Jayway does).
    Names(Vec<Rc<str>>),
    /// `[0]`, `[-1]`
    Index(i64),
    /// `[0,2]`
    Indexes(Vec<i64>),
    /// `[1:3]`, `[:2]`, `[-2:]`
    Slice(Slice),
    /// `*`, `[*]`
    Wildcard,
    /// `[?(..)]`
    Filter(Box<Expr>),
}

/// The three slice forms Jayway knows (`ArraySliceOperation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slice {
    /// `[from:]`
    From(i64),
    /// `[:to]`
    To(i64),
    /// `[from:to]`
    Between(i64, i64),
}

/// The path functions supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Func {
    /// `length()` and `size()`
    Length,
    Min,
    Max,
    Avg,
    Sum,
    StdDev,
    Keys,
    First,
    Last,
}

/// A filter condition.
#[derive(Clone, Debug)]
pub(super) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `@.isbn`: the path has a value.
    Exists(Box<FilterPath>),
    Compare(Box<Operand>, Op, Box<Operand>),
    /// `=~ /regex/`: the operand matches the whole regex.
    Match(Box<Operand>, Box<Matcher>),
}

/// A path inside a filter.
#[derive(Clone, Debug)]
pub(super) struct FilterPath {
    pub path: PathExpr,
    /// For a `$` path, which does not depend on `@`: its slot in the evaluation's cache.
    pub slot: Option<usize>,
}

/// One side of a comparison.
#[derive(Clone, Debug)]
pub(super) enum Operand {
    Path(FilterPath),
    Literal(Value),
}

/// The comparison operators (Jayway's `RelationalOperator`, less the ones needing Java types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Nin,
    SubsetOf,
    AnyOf,
    NoneOf,
    Size,
    Empty,
    Contains,
}

/// A compiled `/regex/`, matched against the whole text (Java's `Matcher.matches()`), in
/// Java's dialect like every regex of the engine.
#[derive(Clone, Debug)]
pub(super) struct Matcher(Box<crate::engine::regex_java::JavaRegex>);

impl Matcher {
    /// True when the whole of `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        self.0.is_match(s, crate::engine::regex_java::Anchor::Full)
    }
}

/// Parses the path `text`; returns it and the number of `$` filter paths (cache slots).
pub(super) fn parse(text: &str) -> Result<(PathExpr, usize), PathError> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if start >= end {
        return Err(PathError {
            message: "empty path".into(),
            span: Span::new(0, text.len()),
        });
    }
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: start,
        end,
        depth: 0,
        slots: 0,
    };
    let path = p.path(true)?;
    Ok((path, p.slots))
}

/// What follows a `.`: a name or a function.
enum Named {
    Name(Rc<str>),
    Func(Func),
}

/// A filter operand while parsing: a regex is only allowed beside `=~`.
enum Parsed {
    Operand(Operand),
    Regex(Matcher),
}

/// Bytes that end a `.name` inside a filter (besides `.`, `[`, `(` and whitespace).
const FILTER_NAME_STOP: &[u8] = b")]<>=!~&|,";

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// End of the trimmed path.
    end: usize,
    /// Current nesting of filters and parentheses.
    depth: usize,
    /// `$` paths inside filters seen so far.
    slots: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.peek_at(self.pos)
    }

    fn peek_at(&self, at: usize) -> Option<u8> {
        if at < self.end {
            self.b.get(at).copied()
        } else {
            None
        }
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.b
            .get(self.pos..self.end)
            .is_some_and(|rest| rest.starts_with(s))
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    fn err<T>(&self, message: impl Into<String>, start: usize, end: usize) -> Result<T, PathError> {
        Err(PathError {
            message: message.into(),
            span: Span::new(start, end),
        })
    }

    /// The span of the character at `at` (empty at the end of the path).
    fn char_end(&self, at: usize) -> usize {
        match self.text.get(at..self.end).and_then(|s| s.chars().next()) {
            Some(c) => at + c.len_utf8(),
            None => at,
        }
    }

    /// Describes the character at `at` for a message.
    fn describe(&self, at: usize) -> String {
        match self.text.get(at..self.end).and_then(|s| s.chars().next()) {
            None => "end of path".into(),
            Some(' ') => "a space".into(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    /// An error about the character at the current position.
    fn unexpected<T>(&self, expected: &str) -> Result<T, PathError> {
        self.err(
            format!(
                "unexpected {}, expected {expected}",
                self.describe(self.pos)
            ),
            self.pos,
            self.char_end(self.pos),
        )
    }

    // ---- paths ----

    /// A path: `$`, `@` or (top level only) a name, then steps. At the top level the path must
    /// use all the text; inside a filter it ends at the first byte that cannot continue it.
    fn path(&mut self, top: bool) -> Result<PathExpr, PathError> {
        let start = self.pos;
        let mut steps = Vec::new();
        let root = match self.peek() {
            Some(b'$') => {
                self.pos += 1;
                Root::Doc
            }
            Some(b'@') => {
                self.pos += 1;
                Root::Current
            }
            _ => {
                // Jayway prepends `$.` to a path that starts with neither
                self.after_dot(start, &mut steps, top)?;
                Root::Doc
            }
        };
        loop {
            if matches!(steps.last(), Some(Step::Func(_))) {
                if matches!(self.peek(), Some(b'.' | b'[')) {
                    return self.err(
                        "a function must come last in the path",
                        self.pos,
                        self.pos + 1,
                    );
                }
                if top && self.peek().is_some() {
                    return self.unexpected("the end of the path after a function");
                }
                break;
            }
            match self.peek() {
                None => break,
                Some(b'.') => {
                    let dot = self.pos;
                    self.pos += 1;
                    self.after_dot(dot, &mut steps, top)?;
                }
                Some(b'[') => {
                    let sel = self.bracket()?;
                    steps.push(Step::Child(sel));
                }
                Some(_) if top => return self.unexpected("`.` or `[`"),
                Some(_) => break,
            }
        }
        Ok(finish(root, steps))
    }

    /// What follows one `.` (at `dot`): a second `.` (deep scan), then a name, `*`, a bracket
    /// or a function.
    fn after_dot(&mut self, dot: usize, steps: &mut Vec<Step>, top: bool) -> Result<(), PathError> {
        let scan = self.peek() == Some(b'.');
        if scan {
            self.pos += 1;
            if self.peek() == Some(b'.') {
                return self.err("unexpected `.` after `..`", self.pos, self.pos + 1);
            }
        }
        let sel = match self.peek() {
            None => {
                let what = if scan { "`..`" } else { "`.`" };
                return self.err(format!("path must not end with {what}"), dot, self.pos);
            }
            Some(b'[') => self.bracket()?,
            Some(b'*') => {
                self.pos += 1;
                Selector::Wildcard
            }
            _ => {
                let name_start = self.pos;
                match self.name_or_function(top, scan)? {
                    Named::Name(n) => Selector::Name(n),
                    Named::Func(f) => {
                        if scan {
                            return self.err("a function cannot follow `..`", name_start, self.pos);
                        }
                        steps.push(Step::Func(f));
                        return Ok(());
                    }
                }
            }
        };
        steps.push(if scan {
            Step::Scan(sel)
        } else {
            Step::Child(sel)
        });
        Ok(())
    }

    /// `name` or `name()` after a dot.
    fn name_or_function(&mut self, top: bool, scan: bool) -> Result<Named, PathError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b'.'
                || c == b'['
                || c == b'('
                || is_ws(c)
                || (!top && FILTER_NAME_STOP.contains(&c))
            {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            let dots = if scan { "`..`" } else { "`.`" };
            return self.unexpected(&format!("a name, `*` or `[` after {dots}"));
        }
        let name = &self.text[start..self.pos];
        match self.peek() {
            Some(c) if top && is_ws(c) => self.err(
                "a name cannot contain spaces: use `['a b']`",
                self.pos,
                self.pos + 1,
            ),
            Some(b'(') => self.function(name, start).map(Named::Func),
            _ => Ok(Named::Name(Rc::from(name))),
        }
    }

    /// `(` `)` after a function name starting at `start`.
    fn function(&mut self, name: &str, start: usize) -> Result<Func, PathError> {
        let open = self.pos;
        self.pos += 1;
        self.ws();
        if self.peek() != Some(b')') {
            let close = self.b[open..self.end]
                .iter()
                .position(|&c| c == b')')
                .map(|i| open + i + 1);
            return match close {
                Some(close) => self.err("function arguments are not supported", open, close),
                None => self.err("expected `)` to close the function call", open, open + 1),
            };
        }
        self.pos += 1;
        Ok(match name {
            "length" | "size" => Func::Length,
            "min" => Func::Min,
            "max" => Func::Max,
            "avg" => Func::Avg,
            "sum" => Func::Sum,
            "stddev" => Func::StdDev,
            "keys" => Func::Keys,
            "first" => Func::First,
            "last" => Func::Last,
            "concat" | "append" | "distinct" | "index" => {
                return self.err(
                    format!("function `{name}()` is not supported"),
                    start,
                    self.pos,
                );
            }
            _ => return self.err(format!("unknown function `{name}()`"), start, self.pos),
        })
    }

    /// `[...]`: quoted names, `*`, indexes, a slice or a filter.
    fn bracket(&mut self) -> Result<Selector, PathError> {
        let open = self.pos;
        self.pos += 1;
        self.ws();
        let sel = match self.peek() {
            Some(b'\'' | b'"') => self.names()?,
            Some(b'*') => {
                self.pos += 1;
                Selector::Wildcard
            }
            Some(b'?') => {
                self.pos += 1;
                self.ws();
                if self.peek() != Some(b'(') {
                    return self.unexpected("`(` after `?`");
                }
                Selector::Filter(Box::new(self.filter()?))
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b':' => self.indexes(open)?,
            _ => {
                return self.err(
                    "`[` must be followed by an index, a quoted name, `*`, a slice or a filter",
                    open,
                    open + 1,
                );
            }
        };
        self.close_bracket(open)?;
        Ok(sel)
    }

    fn close_bracket(&mut self, open: usize) -> Result<(), PathError> {
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            Ok(())
        } else {
            self.err(
                "expected `]` to close the bracket started here",
                open,
                open + 1,
            )
        }
    }

    /// `'a'` or `'a', "b", ...`
    fn names(&mut self) -> Result<Selector, PathError> {
        let mut names = vec![self.quoted()?];
        loop {
            self.ws();
            if self.peek() != Some(b',') {
                break;
            }
            self.pos += 1;
            self.ws();
            match self.peek() {
                Some(b'\'' | b'"') => names.push(self.quoted()?),
                _ => return self.unexpected("a quoted name after `,`"),
            }
        }
        Ok(if names.len() == 1 {
            Selector::Name(names.swap_remove(0))
        } else {
            Selector::Names(names)
        })
    }

    /// A string in `'` or `"` at the current position, unescaped as Jayway's `Utils.unescape`.
    fn quoted(&mut self) -> Result<Rc<str>, PathError> {
        let open = self.pos;
        let quote = self.b[open];
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return self.err("unterminated string in path", open, self.end),
                Some(b'\\') => {
                    escaped = true;
                    self.pos = (self.pos + 2).min(self.end);
                }
                Some(c) if c == quote => break,
                Some(_) => self.pos += 1,
            }
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        if !escaped {
            return Ok(Rc::from(raw));
        }
        unescape(raw, start).map(Rc::from)
    }

    /// Indexes `0, -1, 2` or a slice `a:b`, `a:`, `:b`.
    fn indexes(&mut self, open: usize) -> Result<Selector, PathError> {
        let first = if self.peek() == Some(b':') {
            None
        } else {
            Some(self.int()?)
        };
        self.ws();
        if self.peek() == Some(b':') {
            self.pos += 1;
            self.ws();
            let second = match self.peek() {
                Some(c) if c.is_ascii_digit() || c == b'-' => Some(self.int()?),
                _ => None,
            };
            self.ws();
            if self.peek() == Some(b':') {
                return self.err("slice steps are not supported", self.pos, self.pos + 1);
            }
            return Ok(Selector::Slice(match (first, second) {
                (Some(a), Some(b)) => Slice::Between(a, b),
                (Some(a), None) => Slice::From(a),
                (None, Some(b)) => Slice::To(b),
                (None, None) => {
                    return self.err("a slice needs a start or an end", open, self.pos);
                }
            }));
        }
        let Some(first) = first else {
            return self.unexpected("an index");
        };
        let mut list = vec![first];
        while self.peek() == Some(b',') {
            self.pos += 1;
            self.ws();
            list.push(self.int()?);
            self.ws();
        }
        Ok(if list.len() == 1 {
            Selector::Index(first)
        } else {
            Selector::Indexes(list)
        })
    }

    /// An index: `-`? digits, within Java's `int`.
    fn int(&mut self) -> Result<i64, PathError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            return self.unexpected("an index");
        }
        let s = &self.text[start..self.pos];
        match s.parse::<i32>() {
            Ok(n) => Ok(i64::from(n)),
            Err(_) => self.err(format!("index `{s}` is out of range"), start, self.pos),
        }
    }

    // ---- filters ----

    fn enter(&mut self, at: usize) -> Result<(), PathError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.err(
                format!("filters nest deeper than {MAX_NESTING} levels"),
                at,
                at + 1,
            );
        }
        Ok(())
    }

    /// `(` condition `)` of `[?( ... )]`, at the `(`.
    fn filter(&mut self) -> Result<Expr, PathError> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let e = self.or_expr()?;
        self.ws();
        if self.peek() != Some(b')') {
            return self.err(
                "expected `)` to close the filter started here",
                open,
                open + 1,
            );
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(e)
    }

    fn or_expr(&mut self) -> Result<Expr, PathError> {
        let mut terms = vec![self.and_expr()?];
        loop {
            self.ws();
            if self.starts_with(b"||") {
                self.pos += 2;
                terms.push(self.and_expr()?);
            } else if self.peek() == Some(b'|') {
                return self.err("use `||` for or", self.pos, self.pos + 1);
            } else {
                break;
            }
        }
        Ok(if terms.len() == 1 {
            terms.swap_remove(0)
        } else {
            Expr::Or(terms)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, PathError> {
        let mut terms = vec![self.unary()?];
        loop {
            self.ws();
            if self.starts_with(b"&&") {
                self.pos += 2;
                terms.push(self.unary()?);
            } else if self.peek() == Some(b'&') {
                return self.err("use `&&` for and", self.pos, self.pos + 1);
            } else {
                break;
            }
        }
        Ok(if terms.len() == 1 {
            terms.swap_remove(0)
        } else {
            Expr::And(terms)
        })
    }

    /// `!`* then a parenthesized condition or a comparison (no recursion on `!`).
    fn unary(&mut self) -> Result<Expr, PathError> {
        let mut negate = false;
        loop {
            self.ws();
            if self.peek() == Some(b'!') && self.peek_at(self.pos + 1) != Some(b'=') {
                self.pos += 1;
                negate = !negate;
            } else {
                break;
            }
        }
        let e = self.primary()?;
        Ok(if negate { Expr::Not(Box::new(e)) } else { e })
    }

    fn primary(&mut self) -> Result<Expr, PathError> {
        self.ws();
        if self.peek() != Some(b'(') {
            return self.comparison();
        }
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let e = self.or_expr()?;
        self.ws();
        if self.peek() != Some(b')') {
            return self.err(
                "expected `)` to close the parenthesis started here",
                open,
                open + 1,
            );
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(e)
    }

    /// `a op b`, or a path alone (it exists).
    fn comparison(&mut self) -> Result<Expr, PathError> {
        let (left, left_span) = self.operand()?;
        self.ws();
        if matches!(self.peek(), None | Some(b')' | b']' | b'&' | b'|')) {
            return match left {
                Parsed::Operand(Operand::Path(p)) => Ok(Expr::Exists(Box::new(p))),
                _ => self.err(
                    "only a path can stand alone as a condition",
                    left_span.0,
                    left_span.1,
                ),
            };
        }
        let op_start = self.pos;
        let op = self.operator()?;
        let op_end = self.pos;
        self.ws();
        let (right, right_span) = self.operand()?;
        match (op, left, right) {
            (None, Parsed::Operand(l), Parsed::Regex(m))
            | (None, Parsed::Regex(m), Parsed::Operand(l)) => {
                Ok(Expr::Match(Box::new(l), Box::new(m)))
            }
            (None, _, _) => self.err("`=~` needs a /regex/ on one side", op_start, op_end),
            (Some(_), Parsed::Regex(_), _) => self.err(
                "a /regex/ can only be used with `=~`",
                left_span.0,
                left_span.1,
            ),
            (Some(_), _, Parsed::Regex(_)) => self.err(
                "a /regex/ can only be used with `=~`",
                right_span.0,
                right_span.1,
            ),
            (Some(op), Parsed::Operand(l), Parsed::Operand(r)) => {
                Ok(Expr::Compare(Box::new(l), op, Box::new(r)))
            }
        }
    }

    /// A comparison operator; `None` for `=~`.
    fn operator(&mut self) -> Result<Option<Op>, PathError> {
        for (s, op) in [
            (&b"=="[..], Some(Op::Eq)),
            (b"!=", Some(Op::Ne)),
            (b"<=", Some(Op::Le)),
            (b">=", Some(Op::Ge)),
            (b"=~", None),
            (b"<", Some(Op::Lt)),
            (b">", Some(Op::Gt)),
        ] {
            if self.starts_with(s) {
                self.pos += s.len();
                return Ok(op);
            }
        }
        if self.peek() == Some(b'=') {
            return self.err("use `==` to compare", self.pos, self.pos + 1);
        }
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        if self.pos == start {
            return self.unexpected("a comparison operator");
        }
        let word = &self.text[start..self.pos];
        Ok(Some(match word.to_ascii_lowercase().as_str() {
            "in" => Op::In,
            "nin" => Op::Nin,
            "subsetof" => Op::SubsetOf,
            "anyof" => Op::AnyOf,
            "noneof" => Op::NoneOf,
            "size" => Op::Size,
            "empty" => Op::Empty,
            "contains" => Op::Contains,
            _ => return self.err(format!("unknown operator `{word}`"), start, self.pos),
        }))
    }

    /// A path, a literal or a regex; with its span.
    fn operand(&mut self) -> Result<(Parsed, (usize, usize)), PathError> {
        self.ws();
        let start = self.pos;
        let parsed = match self.peek() {
            Some(b'@' | b'$') => {
                let path = self.path(false)?;
                let slot = if path.root == Root::Doc {
                    self.slots += 1;
                    Some(self.slots - 1)
                } else {
                    None
                };
                Parsed::Operand(Operand::Path(FilterPath { path, slot }))
            }
            Some(b'\'' | b'"') => Parsed::Operand(Operand::Literal(Value::Str(self.quoted()?))),
            Some(b'/') => Parsed::Regex(self.regex()?),
            Some(b'[' | b'{') => Parsed::Operand(Operand::Literal(self.json_literal()?)),
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                Parsed::Operand(Operand::Literal(self.number()?))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
                let word = &self.text[start..self.pos];
                Parsed::Operand(Operand::Literal(match word {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => {
                        return self.err(
                            format!("unexpected `{word}`, expected a value (strings need quotes)"),
                            start,
                            self.pos,
                        );
                    }
                }))
            }
            _ => return self.unexpected("a value"),
        };
        Ok((parsed, (start, self.pos)))
    }

    /// `-`? digits (`.` digits)? (`e` `+-`? digits)?
    fn number(&mut self) -> Result<Value, PathError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let mut float = false;
        if !self.digits() {
            return self.unexpected("a digit");
        }
        if self.peek() == Some(b'.')
            && self
                .peek_at(self.pos + 1)
                .is_some_and(|c| c.is_ascii_digit())
        {
            self.pos += 1;
            self.digits();
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() {
                float = true;
            } else {
                self.pos = save;
            }
        }
        let s = &self.text[start..self.pos];
        if !float && let Ok(i) = s.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        match s.parse::<f64>() {
            Ok(f) => Ok(Value::Float(f)),
            Err(_) => self.err("invalid number", start, self.pos),
        }
    }

    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// A JSON list or object literal (single quotes allowed), parsed by [`json::parse_relaxed`].
    fn json_literal(&mut self) -> Result<Value, PathError> {
        let open = self.pos;
        let mut depth = 0usize;
        let mut i = open;
        let mut close = None;
        while i < self.end {
            match self.b[i] {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                q @ (b'\'' | b'"') => {
                    i += 1;
                    while i < self.end && self.b[i] != q {
                        i += if self.b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let Some(close) = close else {
            let what = if self.b[open] == b'[' {
                "list"
            } else {
                "object"
            };
            return self.err(format!("unterminated {what} literal"), open, self.end);
        };
        let value = json::parse_relaxed(&self.text[open..=close]).map_err(|e| PathError {
            message: e.message,
            span: e.span.shift(open),
        })?;
        self.pos = close + 1;
        Ok(value)
    }

    /// `/pattern/` with an optional `i` flag.
    fn regex(&mut self) -> Result<Matcher, PathError> {
        let open = self.pos;
        let mut i = open + 1;
        loop {
            if i >= self.end {
                return self.err("unterminated regex", open, self.end);
            }
            match self.b[i] {
                b'\\' => i += 2,
                b'/' => break,
                _ => i += 1,
            }
        }
        let pattern = &self.text[open + 1..i];
        self.pos = i + 1;
        let mut case_insensitive = false;
        while let Some(c) = self.peek()
            && c.is_ascii_alphabetic()
        {
            if c != b'i' {
                return self.err(
                    format!("unsupported regex flag `{}`", c as char),
                    self.pos,
                    self.pos + 1,
                );
            }
            case_insensitive = true;
            self.pos += 1;
        }
        compile_regex(pattern, case_insensitive).map_err(|m| PathError {
            message: format!("invalid regex: {m}"),
            span: Span::new(open, self.pos),
        })
    }
}

/// Decides definiteness and applies Jayway's `$..x.fn()` inversion.
fn finish(root: Root, mut steps: Vec<Step>) -> PathExpr {
    let n = steps.len();
    let mut definite = steps.iter().enumerate().all(|(i, s)| match s {
        Step::Child(Selector::Name(_) | Selector::Index(_)) | Step::Func(_) => true,
        // a trailing multi-property is merged into one map: "kinda definite", says Jayway
        Step::Child(Selector::Names(_)) => i + 1 == n,
        _ => false,
    });
    let mut inverted = None;
    if let (Some(Step::Scan(_)), Some(&Step::Func(f))) = (steps.first(), steps.last()) {
        steps.pop();
        if f == Func::Length {
            // `Length` counts the children of the matches: `$..book.length()` is `$..book.*`
            steps.push(Step::Child(Selector::Wildcard));
        }
        inverted = Some(f);
        definite = true;
    }
    PathExpr {
        root,
        steps,
        definite,
        inverted,
    }
}

/// Jayway's `Utils.unescape`: `\\ \' \" \r \f \t \n \b \uXXXX`; any other escaped character
/// stands for itself. `at` is the offset of `raw` in the path, for errors.
fn unescape(raw: &str, at: usize) -> Result<String, PathError> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        match e {
            'r' => out.push('\r'),
            'f' => out.push('\u{c}'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'b' => out.push('\u{8}'),
            'u' => {
                let hex = |from: usize| {
                    raw.as_bytes()
                        .get(from..)
                        .and_then(crate::engine::text::hex4)
                        .map(u32::from)
                };
                let Some(hi) = hex(i + 2) else {
                    return Err(PathError {
                        message: "`\\u` must be followed by four hex digits".into(),
                        span: Span::new(at + i, at + (i + 2).min(raw.len())),
                    });
                };
                let mut used = 4;
                let mut ch = char::from_u32(hi);
                if (0xD800..0xDC00).contains(&hi)
                    && raw.get(i + 6..i + 8) == Some("\\u")
                    && let Some(lo) = hex(i + 8)
                    && (0xDC00..0xE000).contains(&lo)
                {
                    ch = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                    used = 10;
                }
                out.push(ch.unwrap_or('\u{fffd}'));
                for _ in 0..used {
                    chars.next();
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Compiles `pattern` to match whole texts. Unicode-aware if the crate's features allow it,
/// else over bytes with ASCII classes (Java's default meaning of `\d`, `\w`, `\s` and of
/// case-insensitivity).
fn compile_regex(pattern: &str, case_insensitive: bool) -> Result<Matcher, String> {
    // the `i` flag is Java's `(?i)`: ASCII case-insensitivity
    let full = if case_insensitive {
        format!("(?i){pattern}")
    } else {
        pattern.to_string()
    };
    crate::engine::regex_java::compile(&full, REGEX_SIZE_LIMIT)
        .map(|r| Matcher(Box::new(r)))
        .map_err(|e| e.message)
}

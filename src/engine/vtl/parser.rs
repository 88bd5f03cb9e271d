//! The grammar: Velocity 1.7 as API Gateway runs it, parsed by recursive descent over the
//! [`Lexer`]'s recognisers into an AST with spans.
//!
//! Whitespace rules (Velocity 1.7's lexer, reproduced): the `)` that closes a directive
//! (`#if(…)`, `#foreach(…)`, `#set(…)`, macro calls…) swallows spaces and tabs up to and including
//! one newline, if a newline follows; so do `#else` and `#end`; `#set` also swallows the spaces and
//! tabs before it; `##` comments swallow their newline.

use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::hash::FastSet;
use crate::engine::span::Span;
use crate::engine::vtl::ast::{BinOp, Block, Expr, Macro, Node, Part, Reference, Slot};
use crate::engine::vtl::lexer::{Lexer, unescape_unicode};
use crate::engine::vtl::token::{Token, TokenKind};
use std::collections::HashMap;
use std::rc::Rc;

pub(crate) type PResult<T> = Result<T, Box<Diagnostic>>;

/// What ended a block.
enum Stop {
    Eof,
    End(Span),
    Else(Span),
    ElseIf(Span),
}

/// Directives Velocity knows; `\#name` escapes only these (and macros).
const DIRECTIVES: &[&str] = &[
    "if", "elseif", "else", "end", "set", "foreach", "break", "stop", "define", "macro",
    "evaluate", "parse", "include",
];

/// What `#` at the cursor turned out to be.
enum Hash {
    /// Plain text `#`.
    Text,
    /// A comment: nothing to print.
    Skip,
    Node(Node),
    Stop(Stop),
}

pub(crate) struct Parser<'s> {
    pub lx: Lexer<'s>,
    pub macros: HashMap<Rc<str>, Rc<Macro>>,
    /// What parses but is probably not what was meant (shown with every render).
    pub warnings: Vec<Diagnostic>,
    depth: usize,
    max_depth: usize,
    /// Variable names, one `Rc` per name: the renderer then finds a variable by pointer.
    pub names: FastSet<Rc<str>>,
}

fn err(message: impl Into<String>, span: Span) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(Kind::Syntax, message).at(span))
}

/// Adds a hint to a boxed diagnostic.
trait BoxHint {
    fn hint(self, hint: impl Into<String>) -> Self;
}

impl BoxHint for Box<Diagnostic> {
    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s str, start: usize, end: usize, max_depth: usize) -> Parser<'s> {
        Parser {
            lx: Lexer::new(src, start, end),
            macros: HashMap::new(),
            warnings: Vec::new(),
            depth: 0,
            max_depth,
            names: FastSet::default(),
        }
    }

    /// The variable name at `span`, the same `Rc` for every use of it.
    fn intern(&mut self, span: Span) -> Rc<str> {
        let text = &self.lx.src[span.range()];
        if let Some(name) = self.names.get(text) {
            return name.clone();
        }
        let name: Rc<str> = Rc::from(text);
        self.names.insert(name.clone());
        name
    }

    /// The whole template.
    pub fn template(&mut self) -> PResult<Block> {
        let (nodes, stop) = self.block()?;
        match stop {
            Stop::Eof => Ok(nodes),
            Stop::End(s) => Err(err(
                "unexpected `#end`: there is no open `#if`, `#foreach`, `#define` or `#macro`",
                s,
            )
            .hint("remove it, or check that the blocks above are opened where you think")),
            Stop::Else(s) => Err(err("`#else` without `#if`", s)),
            Stop::ElseIf(s) => Err(err("`#elseif` without `#if`", s)),
        }
    }

    fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Box::new(
                Diagnostic::error(
                    Kind::Limit,
                    format!(
                        "nesting deeper than {} levels (limit: depth)",
                        self.max_depth
                    ),
                )
                .at(span),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn block(&mut self) -> PResult<(Block, Stop)> {
        let mut nodes = Vec::new();
        let mut text_start = self.lx.pos;
        loop {
            // find the next `$`, `#` or `\`
            let rest = &self.lx.b[self.lx.pos..self.lx.end];
            let Some(off) = rest
                .iter()
                .position(|&c| c == b'$' || c == b'#' || c == b'\\')
            else {
                self.lx.pos = self.lx.end;
                self.flush(&mut nodes, text_start, self.lx.end);
                return Ok((nodes, Stop::Eof));
            };
            let at = self.lx.pos + off;
            self.lx.pos = at;
            match self.lx.b[at] {
                b'$' => {
                    let save = self.lx.tokens.len();
                    match self.reference()? {
                        Some(r) => {
                            self.flush(&mut nodes, text_start, at);
                            nodes.push(Node::Ref(Box::new(r)));
                            text_start = self.lx.pos;
                        }
                        None => {
                            self.lx.tokens.truncate(save);
                            self.lx.pos = at + 1;
                        }
                    }
                }
                b'#' => {
                    let save = self.lx.tokens.len();
                    // `#set` swallows the spaces and tabs before it
                    let mut text_end = at;
                    if self.is_set_directive(at) {
                        while text_end > text_start
                            && matches!(self.lx.b[text_end - 1], b' ' | b'\t')
                        {
                            text_end -= 1;
                        }
                    }
                    match self.hash()? {
                        Hash::Text => {
                            self.lx.tokens.truncate(save);
                            self.lx.pos = at + 1;
                        }
                        Hash::Skip => {
                            self.flush(&mut nodes, text_start, text_end);
                            self.lx.emit(TokenKind::Text, text_end, at);
                            text_start = self.lx.pos;
                        }
                        Hash::Node(n) => {
                            self.flush(&mut nodes, text_start, text_end);
                            self.lx.emit(TokenKind::Text, text_end, at);
                            nodes.push(n);
                            text_start = self.lx.pos;
                        }
                        Hash::Stop(stop) => {
                            self.flush(&mut nodes, text_start, text_end);
                            return Ok((nodes, stop));
                        }
                    }
                }
                _ => {
                    let save = self.lx.tokens.len();
                    match self.escape(at)? {
                        Some(node) => {
                            self.flush(&mut nodes, text_start, at);
                            nodes.push(node);
                            text_start = self.lx.pos;
                        }
                        None => {
                            self.lx.tokens.truncate(save);
                            // all the backslashes are text
                            let mut i = at;
                            while i < self.lx.end && self.lx.b[i] == b'\\' {
                                i += 1;
                            }
                            self.lx.pos = i;
                        }
                    }
                }
            }
        }
    }

    fn flush(&mut self, nodes: &mut Block, start: usize, end: usize) {
        if end > start {
            self.lx.emit(TokenKind::Text, start, end);
            let text = Rc::from(self.lx.src.get(start..end).unwrap_or(""));
            nodes.push(Node::Text(text, Span::new(start, end)));
        }
    }

    /// `#set` / `#{set}` followed by spaces and `(` at `at`?
    /// `#set $a = 1`: Velocity reads a `#set` not followed by `(` as text, and so does API
    /// Gateway; when a reference follows, it was surely meant as a directive.
    fn warn_set_without_parenthesis(&mut self, kw: Span) {
        let end = self.lx.end;
        let mut i = kw.end as usize;
        while i < end && self.lx.b[i] == b' ' {
            i += 1;
        }
        if i < end && self.lx.b[i] == b'$' {
            self.warnings.push(
                Diagnostic::warning(
                    Kind::Syntax,
                    "`#set` without `(` is text, not a directive: it is printed as it is",
                )
                .at(kw)
                .hint("write `#set($name = value)`"),
            );
        }
    }

    fn is_set_directive(&self, at: usize) -> bool {
        let b = self.lx.b;
        let end = self.lx.end;
        let word_at = |i: usize, w: &[u8]| i + w.len() <= end && &b[i..i + w.len()] == w;
        let mut i = if word_at(at, b"#set") {
            at + 4
        } else if word_at(at, b"#{set}") {
            at + 6
        } else {
            return false;
        };
        while i < end && b[i] == b' ' {
            i += 1;
        }
        i < end && b[i] == b'('
    }

    // ----- references -----

    /// A reference at the cursor (on `$`), or `None` if what follows `$` is not one (then it is
    /// text and nothing was consumed).
    fn reference(&mut self) -> PResult<Option<Reference>> {
        let start = self.lx.pos;
        let mut i = start + 1;
        let quiet = self.lx.b.get(i) == Some(&b'!') && i < self.lx.end;
        if quiet {
            i += 1;
        }
        let formal = i < self.lx.end && self.lx.b[i] == b'{';
        if formal {
            i += 1;
        }
        let n = self.lx.ident_len(i);
        if n == 0 {
            return Ok(None);
        }
        self.lx.emit(TokenKind::RefSigil, start, i);
        self.lx.pos = i;
        let name_span = self.lx.take(TokenKind::Variable, n);
        let name = self.intern(name_span);
        let parts = self.ref_parts()?;
        if formal {
            if self.lx.peek() == Some(b'}') {
                self.lx.take(TokenKind::RefSigil, 1);
            } else {
                return Err(err(
                    format!("`${{{name}` is missing its closing `}}`"),
                    Span::new(start, self.lx.pos.max(start + 2)),
                )
                .hint("write `${name}` or `$name`"));
            }
        }
        Ok(Some(Reference {
            quiet,
            name,
            name_span,
            slot: Slot::default(),
            parts,
            span: Span::new(start, self.lx.pos),
        }))
    }

    fn ref_parts(&mut self) -> PResult<Vec<Part>> {
        let mut parts = Vec::new();
        loop {
            match self.lx.peek() {
                Some(b'[') => {
                    let open = self.lx.pos;
                    self.enter(Span::new(open, open + 1))?;
                    self.lx.take(TokenKind::Punct, 1);
                    self.lx.skip_ws();
                    let e = self.expr()?;
                    self.lx.skip_ws();
                    if self.lx.peek() != Some(b']') {
                        return Err(err("expected `]` to close the index", self.here())
                            .hint("an index is a number, a quoted key or a reference: `$list[0]`, `$map[\"key\"]`"));
                    }
                    self.lx.take(TokenKind::Punct, 1);
                    self.leave();
                    parts.push(Part::Index(e, Span::new(open, self.lx.pos)));
                }
                Some(b'.') if self.lx.peek_at(1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                    let dot = self.lx.pos;
                    self.lx.take(TokenKind::Punct, 1);
                    let n = self.lx.ident_len(self.lx.pos);
                    let is_call = self.lx.b.get(self.lx.pos + n) == Some(&b'(')
                        && self.lx.pos + n < self.lx.end;
                    let kind = if is_call {
                        TokenKind::Method
                    } else {
                        TokenKind::Property
                    };
                    let ns = self.lx.take(kind, n);
                    let pname: Rc<str> = Rc::from(&self.lx.src[ns.range()]);
                    if is_call {
                        let args = self.call_args()?;
                        parts.push(Part::Method(pname, args, Span::new(dot, self.lx.pos)));
                    } else {
                        parts.push(Part::Property(
                            pname,
                            Span::new(dot, self.lx.pos),
                            Default::default(),
                        ));
                    }
                }
                _ => return Ok(parts),
            }
        }
    }

    /// `( expr, expr )` of a method call; the cursor is on `(`.
    fn call_args(&mut self) -> PResult<Vec<Expr>> {
        let open = self.lx.pos;
        self.enter(Span::new(open, open + 1))?;
        self.lx.take(TokenKind::Punct, 1);
        let mut args = Vec::new();
        self.lx.skip_ws();
        if self.lx.peek() == Some(b')') {
            self.lx.take(TokenKind::Punct, 1);
            self.leave();
            return Ok(args);
        }
        loop {
            self.lx.skip_ws();
            args.push(self.expr()?);
            self.lx.skip_ws();
            match self.lx.peek() {
                Some(b',') => {
                    self.lx.take(TokenKind::Punct, 1);
                }
                Some(b')') => {
                    self.lx.take(TokenKind::Punct, 1);
                    self.leave();
                    return Ok(args);
                }
                None => {
                    return Err(err(
                        "this method call is missing its `)`",
                        Span::new(open, open + 1),
                    ));
                }
                Some(_) => {
                    return Err(err(
                        format!(
                            "expected `,` or `)` in the arguments, found {}",
                            self.describe()
                        ),
                        self.here(),
                    ));
                }
            }
        }
    }

    fn here(&self) -> Span {
        let end = self.lx.src[self.lx.pos.min(self.lx.end)..self.lx.end]
            .chars()
            .next()
            .map_or(self.lx.pos, |c| self.lx.pos + c.len_utf8());
        Span::new(self.lx.pos, end)
    }

    fn describe(&self) -> String {
        match self.lx.src[self.lx.pos.min(self.lx.end)..self.lx.end]
            .chars()
            .next()
        {
            None => "the end of the template".into(),
            Some('\n') => "a line break".into(),
            Some(c) if c.is_control() => format!("U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    // ----- escapes -----

    /// Backslashes at `at` before a reference or a directive: the node, with the cursor left
    /// where parsing resumes.
    fn escape(&mut self, at: usize) -> PResult<Option<Node>> {
        let mut j = at;
        while j < self.lx.end && self.lx.b[j] == b'\\' {
            j += 1;
        }
        let n = j - at;
        if j >= self.lx.end {
            return Ok(None);
        }
        if self.lx.b[j] == b'$' {
            let save_pos = self.lx.pos;
            let save_tok = self.lx.tokens.len();
            self.lx.emit(TokenKind::Escape, at, j);
            self.lx.pos = j;
            return match self.reference()? {
                Some(r) => Ok(Some(Node::EscapedRef {
                    backslashes: n,
                    reference: Box::new(r),
                })),
                None => {
                    self.lx.pos = save_pos;
                    self.lx.tokens.truncate(save_tok);
                    Ok(None)
                }
            };
        }
        if self.lx.b[j] == b'#' {
            let (word_start, word_end, close) = if self.lx.b.get(j + 1) == Some(&b'{') {
                let n = self.lx.word_len(j + 2);
                (
                    j + 2,
                    j + 2 + n,
                    usize::from(self.lx.b.get(j + 2 + n) == Some(&b'}')),
                )
            } else {
                let n = self.lx.word_len(j + 1);
                (j + 1, j + 1 + n, 0)
            };
            let word = &self.lx.src[word_start..word_end];
            let known = DIRECTIVES.contains(&word) || self.macros.contains_key(word);
            if word.is_empty() || !known || (self.lx.b.get(j + 1) == Some(&b'{') && close == 0) {
                return Ok(None);
            }
            let half = "\\".repeat(n / 2);
            if n % 2 == 1 {
                // `\#if` prints `#if`: the directive is text, what follows it is parsed as usual
                let end = word_end + close;
                self.lx.emit(TokenKind::Escape, at, j);
                self.lx.emit(TokenKind::Text, j, end);
                let lit = format!("{half}{}", &self.lx.src[j..end]);
                self.lx.pos = end;
                return Ok(Some(Node::Text(Rc::from(lit), Span::new(at, end))));
            }
            // `\\#if`: a backslash, then a live directive
            self.lx.emit(TokenKind::Escape, at, j);
            self.lx.pos = j;
            return Ok(Some(Node::Text(Rc::from(half), Span::new(at, j))));
        }
        Ok(None)
    }

    // ----- directives -----

    fn hash(&mut self) -> PResult<Hash> {
        let at = self.lx.pos;
        if self.lx.looking_at("##") {
            let rest = &self.lx.b[at..self.lx.end];
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(self.lx.end, |i| at + i + 1);
            self.lx.emit(TokenKind::Comment, at, end);
            self.lx.pos = end;
            return Ok(Hash::Skip);
        }
        if self.lx.looking_at("#*") {
            let rest = &self.lx.src[at + 2..self.lx.end];
            let Some(i) = rest.find("*#") else {
                return Err(err(
                    "this comment is never closed: `#*` needs a matching `*#`",
                    Span::new(at, at + 2),
                ));
            };
            let end = at + 2 + i + 2;
            self.lx.emit(TokenKind::Comment, at, end);
            self.lx.pos = end;
            return Ok(Hash::Skip);
        }
        if self.lx.looking_at("#[[") {
            let rest = &self.lx.src[at + 3..self.lx.end];
            let Some(i) = rest.find("]]#") else {
                return Err(err(
                    "this unparsed block is never closed: `#[[` needs a matching `]]#`",
                    Span::new(at, at + 3),
                ));
            };
            let end = at + 3 + i + 3;
            self.lx.emit(TokenKind::Unparsed, at, end);
            self.lx.pos = end;
            let content = &self.lx.src[at + 3..at + 3 + i];
            return Ok(Hash::Node(Node::Text(
                Rc::from(content),
                Span::new(at, end),
            )));
        }
        // `#name` or `#{name}`
        let bracketed = self.lx.peek_at(1) == Some(b'{');
        let word_start = at + if bracketed { 2 } else { 1 };
        let n = self.lx.word_len(word_start);
        if n == 0 {
            return Ok(Hash::Text);
        }
        let mut kw_end = word_start + n;
        if bracketed {
            if self.lx.b.get(kw_end) != Some(&b'}') || kw_end >= self.lx.end {
                return Ok(Hash::Text);
            }
            kw_end += 1;
        }
        let name = &self.lx.src[word_start..word_start + n];
        let kw = Span::new(at, kw_end);
        match name {
            "set" => {
                if !self.is_set_directive(at) {
                    self.warn_set_without_parenthesis(kw);
                    return Ok(Hash::Text);
                }
                self.lx.emit(TokenKind::Directive, at, kw_end);
                self.lx.pos = kw_end;
                self.set(kw).map(Hash::Node)
            }
            "if" => {
                self.take_keyword(kw);
                self.if_statement(kw).map(Hash::Node)
            }
            "elseif" => {
                self.take_keyword(kw);
                Ok(Hash::Stop(Stop::ElseIf(kw)))
            }
            "else" => {
                self.take_keyword(kw);
                self.lx.gobble_line_end();
                Ok(Hash::Stop(Stop::Else(kw)))
            }
            "end" => {
                self.take_keyword(kw);
                self.lx.gobble_line_end();
                Ok(Hash::Stop(Stop::End(kw)))
            }
            "foreach" => {
                self.take_keyword(kw);
                self.foreach(kw).map(Hash::Node)
            }
            "break" => {
                self.take_keyword(kw);
                Ok(Hash::Node(Node::Break(kw)))
            }
            "stop" => {
                self.take_keyword(kw);
                Ok(Hash::Node(Node::Stop(kw)))
            }
            "define" => {
                self.take_keyword(kw);
                self.define(kw).map(Hash::Node)
            }
            "macro" => {
                self.take_keyword(kw);
                self.macro_def(kw).map(Hash::Node)
            }
            "evaluate" => {
                self.take_keyword(kw);
                let e = self.paren_expr("#evaluate", kw)?;
                let span = Span::new(at, self.lx.pos);
                self.lx.gobble_line_end();
                Ok(Hash::Node(Node::Evaluate(e, span)))
            }
            "parse" | "include" => {
                self.take_keyword(kw);
                let _ = self.paren_expr(
                    if name == "parse" {
                        "#parse"
                    } else {
                        "#include"
                    },
                    kw,
                )?;
                let span = Span::new(at, self.lx.pos);
                self.lx.gobble_line_end();
                Ok(Hash::Node(Node::Load {
                    directive: Rc::from(name),
                    span,
                }))
            }
            _ => self.macro_call(at, kw, name),
        }
    }

    fn take_keyword(&mut self, kw: Span) {
        self.lx
            .emit(TokenKind::Directive, kw.start as usize, kw.end as usize);
        self.lx.pos = kw.end as usize;
    }

    /// `(` expr `)` after a directive keyword; the `)` swallows the rest of its line.
    fn paren_expr(&mut self, what: &str, kw: Span) -> PResult<Expr> {
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'(') {
            return Err(err(format!("`{what}` needs parentheses: `{what}(…)`"), kw));
        }
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        let e = self.expr()?;
        self.close_paren(what, open)?;
        Ok(e)
    }

    fn close_paren(&mut self, what: &str, open: usize) -> PResult<()> {
        self.lx.skip_ws();
        match self.lx.peek() {
            Some(b')') => {
                self.lx.take(TokenKind::Punct, 1);
                Ok(())
            }
            None => Err(err(
                format!("`{what}(` is never closed: expected `)`"),
                Span::new(open, open + 1),
            )),
            Some(_) => Err(err(
                format!("expected `)` to close `{what}(`, found {}", self.describe()),
                self.here(),
            )),
        }
    }

    fn set(&mut self, kw: Span) -> PResult<Node> {
        // the cursor is after `#set`; spaces then `(`
        self.lx.skip_ws();
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'$') {
            return Err(err(
                format!(
                    "`#set` needs a reference to assign to, found {}",
                    self.describe()
                ),
                self.here(),
            )
            .hint("write `#set($name = value)`"));
        }
        let target = match self.reference()? {
            Some(r) => r,
            None => return Err(err("`#set` needs a reference to assign to", self.here())),
        };
        if matches!(target.parts.last(), Some(Part::Method(..))) {
            return Err(err("cannot assign to a method call", target.span)
                .hint("call the method on its own line, or assign to a variable or property"));
        }
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'=') {
            return Err(err(
                format!("expected `=` in `#set`, found {}", self.describe()),
                self.here(),
            )
            .hint("write `#set($name = value)`"));
        }
        self.lx.take(TokenKind::Operator, 1);
        self.lx.skip_ws();
        let value = self.expr()?;
        self.close_paren("#set", open)?;
        let span = Span::new(kw.start as usize, self.lx.pos);
        self.lx.gobble_line_end();
        Ok(Node::Set {
            target: Box::new(target),
            value,
            span,
        })
    }

    fn if_statement(&mut self, kw: Span) -> PResult<Node> {
        self.enter(kw)?;
        let cond = self.paren_expr("#if", kw)?;
        let head = Span::new(kw.start as usize, self.lx.pos);
        self.lx.gobble_line_end();
        let mut branches = Vec::new();
        let (body, mut stop) = self.block()?;
        branches.push((cond, body));
        let mut otherwise = None;
        loop {
            match stop {
                Stop::End(_) => break,
                Stop::Eof => {
                    return Err(err("`#if` is never closed: expected `#end`", head)
                        .hint("every `#if` needs a matching `#end`"));
                }
                Stop::ElseIf(s) => {
                    if otherwise.is_some() {
                        return Err(err("`#elseif` after `#else`", s));
                    }
                    let c = self.paren_expr("#elseif", s)?;
                    self.lx.gobble_line_end();
                    let (b, st) = self.block()?;
                    branches.push((c, b));
                    stop = st;
                }
                Stop::Else(s) => {
                    if otherwise.is_some() {
                        return Err(err("a second `#else` in the same `#if`", s));
                    }
                    let (b, st) = self.block()?;
                    otherwise = Some(b);
                    stop = st;
                }
            }
        }
        self.leave();
        Ok(Node::If {
            branches,
            otherwise,
            span: head,
        })
    }

    /// The body of `#foreach`, `#define` or `#macro`, up to its `#end`.
    fn body(&mut self, what: &str, head: Span) -> PResult<Block> {
        let (b, stop) = self.block()?;
        match stop {
            Stop::End(_) => Ok(b),
            Stop::Eof => Err(err(
                format!("`{what}` is never closed: expected `#end`"),
                head,
            )),
            Stop::Else(s) => Err(err(format!("`#else` inside `{what}` without an `#if`"), s)),
            Stop::ElseIf(s) => Err(err(
                format!("`#elseif` inside `{what}` without an `#if`"),
                s,
            )),
        }
    }

    fn foreach(&mut self, kw: Span) -> PResult<Node> {
        self.enter(kw)?;
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'(') {
            return Err(err(
                "`#foreach` needs parentheses: `#foreach($item in $list)`",
                kw,
            ));
        }
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        let var = match (self.lx.peek() == Some(b'$'))
            .then(|| self.reference())
            .transpose()?
            .flatten()
        {
            Some(r) if r.parts.is_empty() => r.name,
            Some(r) => {
                return Err(err(
                    "the loop variable must be a plain name like `$item`",
                    r.span,
                ));
            }
            None => {
                return Err(err(
                    format!(
                        "expected the loop variable, like `$item`, found {}",
                        self.describe()
                    ),
                    self.here(),
                ));
            }
        };
        self.lx.skip_ws();
        if !self.lx.keyword("in") {
            return Err(err(
                format!(
                    "expected `in` after the loop variable, found {}",
                    self.describe()
                ),
                self.here(),
            )
            .hint("write `#foreach($item in $list)`"));
        }
        self.lx.take(TokenKind::Keyword, 2);
        self.lx.skip_ws();
        let iterable = self.expr()?;
        self.close_paren("#foreach", open)?;
        let head = Span::new(kw.start as usize, self.lx.pos);
        self.lx.gobble_line_end();
        let body = self.body("#foreach", head)?;
        self.leave();
        Ok(Node::Foreach {
            var,
            slot: Slot::default(),
            iterable,
            body,
            span: head,
        })
    }

    fn define(&mut self, kw: Span) -> PResult<Node> {
        self.enter(kw)?;
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'(') {
            return Err(err("`#define` needs parentheses: `#define($block)`", kw));
        }
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        let name = match (self.lx.peek() == Some(b'$'))
            .then(|| self.reference())
            .transpose()?
            .flatten()
        {
            Some(r) if r.parts.is_empty() => r.name,
            _ => {
                return Err(err(
                    "`#define` needs a plain reference like `$block`",
                    self.here(),
                ));
            }
        };
        self.close_paren("#define", open)?;
        let head = Span::new(kw.start as usize, self.lx.pos);
        self.lx.gobble_line_end();
        let body = self.body("#define", head)?;
        self.leave();
        Ok(Node::Define {
            name,
            body: Rc::new(body),
            span: head,
        })
    }

    fn macro_def(&mut self, kw: Span) -> PResult<Node> {
        self.enter(kw)?;
        self.lx.skip_ws();
        if self.lx.peek() != Some(b'(') {
            return Err(err(
                "`#macro` needs a name in parentheses: `#macro(name $arg)`",
                kw,
            ));
        }
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        let n = self.lx.word_len(self.lx.pos);
        if n == 0 {
            return Err(err(
                "`#macro` needs a name first: `#macro(name $arg)`",
                self.here(),
            ));
        }
        let ns = self.lx.take(TokenKind::Directive, n);
        let name: Rc<str> = Rc::from(&self.lx.src[ns.range()]);
        let mut params = Vec::new();
        loop {
            self.lx.skip_ws();
            if self.lx.peek() == Some(b',') {
                self.lx.take(TokenKind::Punct, 1);
                self.lx.skip_ws();
            }
            match self.lx.peek() {
                Some(b')') => break,
                Some(b'$') => match self.reference()? {
                    Some(r) if r.parts.is_empty() => params.push(r.name),
                    _ => {
                        return Err(err(
                            "a macro parameter is a plain name like `$arg`",
                            self.here(),
                        ));
                    }
                },
                None => {
                    return Err(err(
                        "`#macro(` is never closed: expected `)`",
                        Span::new(open, open + 1),
                    ));
                }
                Some(_) => {
                    return Err(err(
                        format!(
                            "expected a parameter like `$arg` or `)`, found {}",
                            self.describe()
                        ),
                        self.here(),
                    ));
                }
            }
        }
        self.lx.take(TokenKind::Punct, 1);
        let head = Span::new(kw.start as usize, self.lx.pos);
        self.lx.gobble_line_end();
        let body = self.body("#macro", head)?;
        self.leave();
        self.macros.insert(
            name.clone(),
            Rc::new(Macro {
                name,
                params,
                body: Rc::new(body),
                span: head,
            }),
        );
        Ok(Node::MacroDef(head))
    }

    /// `#name(args)`: a macro call. Arguments are separated by spaces or commas. If `name` is
    /// not a macro defined so far and the arguments do not parse, it is text (Velocity prints
    /// unknown directives as they are).
    fn macro_call(&mut self, at: usize, kw: Span, name: &str) -> PResult<Hash> {
        let save_pos = self.lx.pos;
        let save_tok = self.lx.tokens.len();
        let mut i = kw.end as usize;
        while i < self.lx.end && matches!(self.lx.b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= self.lx.end || self.lx.b[i] != b'(' {
            return Ok(Hash::Text);
        }
        let known = self.macros.contains_key(name);
        self.take_keyword(kw);
        self.lx.pos = i;
        match self.macro_args() {
            Ok(args) => {
                let span = Span::new(at, self.lx.pos);
                self.lx.gobble_line_end();
                Ok(Hash::Node(Node::MacroCall {
                    name: Rc::from(name),
                    args,
                    span,
                }))
            }
            Err(e) if known => Err(e),
            Err(_) => {
                self.lx.pos = save_pos;
                self.lx.tokens.truncate(save_tok);
                Ok(Hash::Text)
            }
        }
    }

    fn macro_args(&mut self) -> PResult<Vec<Expr>> {
        let open = self.lx.pos;
        self.lx.take(TokenKind::Punct, 1);
        let mut args = Vec::new();
        loop {
            self.lx.skip_ws();
            if self.lx.peek() == Some(b',') {
                self.lx.take(TokenKind::Punct, 1);
                self.lx.skip_ws();
            }
            match self.lx.peek() {
                Some(b')') => {
                    self.lx.take(TokenKind::Punct, 1);
                    return Ok(args);
                }
                None => {
                    return Err(err(
                        "this macro call is never closed: expected `)`",
                        Span::new(open, open + 1),
                    ));
                }
                Some(c)
                    if c.is_ascii_alphabetic()
                        && !self.lx.keyword("true")
                        && !self.lx.keyword("false") =>
                {
                    // a bare word: only meaningful to a macro defined later, kept as a string
                    let n = self.lx.word_len(self.lx.pos);
                    let s = self.lx.take(TokenKind::Text, n);
                    args.push(Expr::Str(Rc::from(&self.lx.src[s.range()]), s));
                }
                Some(_) => args.push(self.primary()?),
            }
        }
    }

    // ----- expressions -----

    pub fn expr(&mut self) -> PResult<Expr> {
        let here = self.here();
        self.enter(here)?;
        let e = self.or_expr();
        self.leave();
        e
    }

    fn binary(
        &mut self,
        next: fn(&mut Self) -> PResult<Expr>,
        ops: &[(&str, BinOp, bool)],
    ) -> PResult<Expr> {
        let mut left = next(self)?;
        // each operator of a chain nests the tree one level deeper (`1+1+…` is left-deep), and
        // evaluating it recurses that deep: the chain counts against the depth limit
        let mut chained = 0;
        let result = loop {
            self.lx.skip_ws();
            let mut found = None;
            for &(sym, op, word) in ops {
                let ok = if word {
                    self.lx.keyword(sym)
                } else {
                    self.lx.looking_at(sym)
                };
                if ok {
                    found = Some((sym.len(), op, word));
                    break;
                }
            }
            let Some((len, op, word)) = found else {
                break Ok(left);
            };
            self.depth += 1;
            chained += 1;
            if self.depth > self.max_depth {
                break Err(Box::new(
                    Diagnostic::error(
                        Kind::Limit,
                        format!(
                            "this expression nests or chains more than {} operators (limit: depth)",
                            self.max_depth
                        ),
                    )
                    .at(Span::new(self.lx.pos, self.lx.pos + len)),
                ));
            }
            // `=` alone is not `==`; `<` is not `<=` (longest first in the tables)
            self.lx.take(
                if word {
                    TokenKind::Keyword
                } else {
                    TokenKind::Operator
                },
                len,
            );
            self.lx.skip_ws();
            let right = match next(self) {
                Ok(r) => r,
                Err(e) => break Err(e),
            };
            let span = left.span().to(right.span());
            left = Expr::Binary(op, Box::new(left), Box::new(right), span);
        };
        self.depth -= chained;
        result
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::and_expr,
            &[("||", BinOp::Or, false), ("or", BinOp::Or, true)],
        )
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::eq_expr,
            &[("&&", BinOp::And, false), ("and", BinOp::And, true)],
        )
    }

    fn eq_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::rel_expr,
            &[
                ("==", BinOp::Eq, false),
                ("!=", BinOp::Ne, false),
                ("eq", BinOp::Eq, true),
                ("ne", BinOp::Ne, true),
            ],
        )
    }

    fn rel_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::add_expr,
            &[
                ("<=", BinOp::Le, false),
                (">=", BinOp::Ge, false),
                ("<", BinOp::Lt, false),
                (">", BinOp::Gt, false),
                ("lt", BinOp::Lt, true),
                ("le", BinOp::Le, true),
                ("gt", BinOp::Gt, true),
                ("ge", BinOp::Ge, true),
            ],
        )
    }

    fn add_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::mul_expr,
            &[("+", BinOp::Add, false), ("-", BinOp::Sub, false)],
        )
    }

    fn mul_expr(&mut self) -> PResult<Expr> {
        self.binary(
            Self::unary,
            &[
                ("*", BinOp::Mul, false),
                ("/", BinOp::Div, false),
                ("%", BinOp::Mod, false),
            ],
        )
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.lx.skip_ws();
        let start = self.lx.pos;
        let len = if self.lx.looking_at("!") && !self.lx.looking_at("!=") {
            Some((1, TokenKind::Operator))
        } else if self.lx.keyword("not") {
            Some((3, TokenKind::Keyword))
        } else {
            None
        };
        if let Some((n, kind)) = len {
            self.enter(Span::new(start, start + n))?;
            self.lx.take(kind, n);
            let inner = self.unary()?;
            self.leave();
            let span = Span::new(start, inner.span().end as usize);
            return Ok(Expr::Not(Box::new(inner), span));
        }
        self.primary()
    }

    fn primary(&mut self) -> PResult<Expr> {
        self.lx.skip_ws();
        let start = self.lx.pos;
        match self.lx.peek() {
            Some(b'$') => match self.reference()? {
                Some(r) => Ok(Expr::Ref(Box::new(r))),
                None => Err(err(
                    "expected a reference like `$name` after `$`",
                    self.here(),
                )),
            },
            Some(b'"' | b'\'') => self.string_literal(),
            Some(b'[') => self.list_or_range(),
            Some(b'{') => self.map_literal(),
            Some(b'(') => {
                self.enter(Span::new(start, start + 1))?;
                self.lx.take(TokenKind::Punct, 1);
                let e = self.expr()?;
                self.lx.skip_ws();
                if self.lx.peek() != Some(b')') {
                    return Err(err(
                        format!("expected `)` to close `(`, found {}", self.describe()),
                        self.here(),
                    ));
                }
                self.lx.take(TokenKind::Punct, 1);
                self.leave();
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'.' => {
                let Some((s, e, float)) = self.lx.number() else {
                    return Err(err(
                        format!("expected an expression, found {}", self.describe()),
                        self.here(),
                    ));
                };
                let text = &self.lx.src[s..e];
                let span = Span::new(s, e);
                if float {
                    text.parse::<f64>()
                        .map(|f| Expr::Float(f, span))
                        .map_err(|_| err(format!("`{text}` is not a number"), span))
                } else {
                    text.parse::<i64>()
                        .map(|i| Expr::Int(i, span))
                        .map_err(|_| {
                            err(format!("`{text}` is too large for an integer"), span)
                                .hint("Velocity integer literals must fit in 64 bits")
                        })
                }
            }
            _ if self.lx.keyword("true") => {
                let s = self.lx.take(TokenKind::Boolean, 4);
                Ok(Expr::Bool(true, s))
            }
            _ if self.lx.keyword("false") => {
                let s = self.lx.take(TokenKind::Boolean, 5);
                Ok(Expr::Bool(false, s))
            }
            _ => {
                let mut e = err(
                    format!("expected an expression, found {}", self.describe()),
                    self.here(),
                );
                if self.lx.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    let n = self.lx.ident_len(self.lx.pos);
                    let w = &self.lx.src[self.lx.pos..self.lx.pos + n];
                    e = e.hint(format!(
                        "a variable needs a `$`: `${w}`; a string needs quotes: `\"{w}\"`"
                    ));
                }
                Err(e)
            }
        }
    }

    fn string_literal(&mut self) -> PResult<Expr> {
        let start = self.lx.pos;
        let quote = self.lx.b[start];
        let Some((s, e)) = self.lx.string() else {
            return Err(err(
                "this string is never closed: expected a closing quote",
                Span::new(start, start + 1),
            ));
        };
        let span = Span::new(start, e + 1);
        let raw = &self.lx.src[s..e];
        if quote == b'"' && (raw.contains('$') || raw.contains('#')) {
            let mut sub = Parser::new(self.lx.src, s, e, self.max_depth);
            sub.depth = self.depth;
            sub.macros = std::mem::take(&mut self.macros);
            // one `Rc` a name in strings too (see `intern`)
            sub.names = std::mem::take(&mut self.names);
            let r = sub.template();
            self.macros = std::mem::take(&mut sub.macros);
            self.names = std::mem::take(&mut sub.names);
            self.warnings.append(&mut sub.warnings);
            return Ok(Expr::Interpolated(r?, span));
        }
        let value = if quote == b'"' {
            unescape_unicode(raw)
        } else {
            raw.into()
        };
        Ok(Expr::Str(Rc::from(value.as_ref()), span))
    }

    fn list_or_range(&mut self) -> PResult<Expr> {
        let open = self.lx.pos;
        self.enter(Span::new(open, open + 1))?;
        self.lx.take(TokenKind::Punct, 1);
        self.lx.skip_ws();
        let mut items = Vec::new();
        if self.lx.peek() == Some(b']') {
            self.lx.take(TokenKind::Punct, 1);
            self.leave();
            return Ok(Expr::List(items, Span::new(open, self.lx.pos)));
        }
        let first = self.expr()?;
        self.lx.skip_ws();
        if self.lx.looking_at("..") {
            self.lx.take(TokenKind::Punct, 2);
            self.lx.skip_ws();
            let last = self.expr()?;
            self.lx.skip_ws();
            if self.lx.peek() != Some(b']') {
                return Err(err(
                    format!("expected `]` to close the range, found {}", self.describe()),
                    self.here(),
                ));
            }
            self.lx.take(TokenKind::Punct, 1);
            self.leave();
            return Ok(Expr::Range(
                Box::new(first),
                Box::new(last),
                Span::new(open, self.lx.pos),
            ));
        }
        items.push(first);
        loop {
            self.lx.skip_ws();
            match self.lx.peek() {
                Some(b',') => {
                    self.lx.take(TokenKind::Punct, 1);
                    self.lx.skip_ws();
                    items.push(self.expr()?);
                }
                Some(b']') => {
                    self.lx.take(TokenKind::Punct, 1);
                    self.leave();
                    return Ok(Expr::List(items, Span::new(open, self.lx.pos)));
                }
                None => {
                    return Err(err(
                        "this list is never closed: expected `]`",
                        Span::new(open, open + 1),
                    ));
                }
                Some(_) => {
                    return Err(err(
                        format!("expected `,` or `]` in the list, found {}", self.describe()),
                        self.here(),
                    ));
                }
            }
        }
    }

    fn map_literal(&mut self) -> PResult<Expr> {
        let open = self.lx.pos;
        self.enter(Span::new(open, open + 1))?;
        self.lx.take(TokenKind::Punct, 1);
        let mut entries = Vec::new();
        self.lx.skip_ws();
        if self.lx.peek() == Some(b'}') {
            self.lx.take(TokenKind::Punct, 1);
            self.leave();
            return Ok(Expr::Map(entries, Span::new(open, self.lx.pos)));
        }
        loop {
            self.lx.skip_ws();
            let k = self.expr()?;
            self.lx.skip_ws();
            if self.lx.peek() != Some(b':') {
                return Err(err(
                    format!("expected `:` after the map key, found {}", self.describe()),
                    self.here(),
                ));
            }
            self.lx.take(TokenKind::Punct, 1);
            self.lx.skip_ws();
            let v = self.expr()?;
            entries.push((k, v));
            self.lx.skip_ws();
            match self.lx.peek() {
                Some(b',') => {
                    self.lx.take(TokenKind::Punct, 1);
                }
                Some(b'}') => {
                    self.lx.take(TokenKind::Punct, 1);
                    self.leave();
                    return Ok(Expr::Map(entries, Span::new(open, self.lx.pos)));
                }
                None => {
                    return Err(err(
                        "this map is never closed: expected `}`",
                        Span::new(open, open + 1),
                    ));
                }
                Some(_) => {
                    return Err(err(
                        format!("expected `,` or `}}` in the map, found {}", self.describe()),
                        self.here(),
                    ));
                }
            }
        }
    }
}

/// Tokens of `src` for highlighting: what the parser recognised, and the rest as `Error` after
/// a syntax error.
pub(crate) fn tokens_of(src: &str, max_depth: usize) -> (Vec<Token>, Option<Box<Diagnostic>>) {
    let mut p = Parser::new(src, 0, src.len(), max_depth);
    let r = p.template();
    let mut tokens = std::mem::take(&mut p.lx.tokens);
    crate::engine::sort::sort_by_key_u32(&mut tokens, |t| t.span.start);
    match r {
        Ok(_) => (tokens, None),
        Err(e) => {
            let covered = tokens.last().map_or(0, |t| t.span.end as usize);
            let from = e.span.map_or(covered, |s| (s.start as usize).min(covered));
            tokens.retain(|t| (t.span.end as usize) <= from);
            if from < src.len() {
                tokens.push(Token {
                    kind: TokenKind::Error,
                    span: Span::new(from, src.len()),
                });
            }
            (tokens, Some(e))
        }
    }
}

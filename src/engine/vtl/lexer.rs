//! The scanning layer: byte-level recognisers for the pieces of VTL (names, numbers, strings,
//! operators, whitespace), each recording the [`Token`] it finds. Velocity's lexer is modal (text,
//! reference, directive); here the parser picks the mode by calling the recogniser it needs, so
//! the token stream it leaves behind is exactly what the template meant.

use crate::engine::span::Span;
use crate::engine::text::hex4;
use crate::engine::vtl::token::{Token, TokenKind};

/// A cursor over one template (or one part of it) that records tokens.
pub(crate) struct Lexer<'s> {
    pub src: &'s str,
    pub b: &'s [u8],
    pub pos: usize,
    /// Scanning stops here (the end of an interpolated string, say).
    pub end: usize,
    pub tokens: Vec<Token>,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str, start: usize, end: usize) -> Lexer<'s> {
        Lexer {
            src,
            b: src.as_bytes(),
            pos: start,
            end,
            tokens: Vec::new(),
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    pub fn peek_at(&self, n: usize) -> Option<u8> {
        let i = self.pos + n;
        if i < self.end { Some(self.b[i]) } else { None }
    }

    pub fn looking_at(&self, s: &str) -> bool {
        self.pos + s.len() <= self.end && &self.b[self.pos..self.pos + s.len()] == s.as_bytes()
    }

    pub fn emit(&mut self, kind: TokenKind, start: usize, end: usize) {
        if end <= start {
            return;
        }
        if let Some(last) = self.tokens.last_mut() {
            // one token for a run of text or comment
            if last.kind == kind
                && matches!(kind, TokenKind::Text | TokenKind::Error)
                && last.span.end as usize == start
            {
                last.span.end = end as u32;
                return;
            }
        }
        self.tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }

    /// Emits `kind` for `len` bytes from the cursor and moves past them.
    pub fn take(&mut self, kind: TokenKind, len: usize) -> Span {
        let start = self.pos;
        self.pos = (self.pos + len).min(self.end);
        self.emit(kind, start, self.pos);
        Span::new(start, self.pos)
    }

    /// Length of a Velocity identifier at `at`: a letter or `_`, then letters, digits, `_`, `-`.
    pub fn ident_len(&self, at: usize) -> usize {
        let b = self.b;
        if at >= self.end || !(b[at].is_ascii_alphabetic() || b[at] == b'_') {
            return 0;
        }
        let mut i = at + 1;
        while i < self.end && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        i - at
    }

    /// Length of a directive word at `at`: a letter, `_` or `@`, then letters, digits, `_`, `@`.
    pub fn word_len(&self, at: usize) -> usize {
        let b = self.b;
        if at >= self.end || !(b[at].is_ascii_alphabetic() || b[at] == b'_' || b[at] == b'@') {
            return 0;
        }
        let mut i = at + 1;
        while i < self.end && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'@') {
            i += 1;
        }
        i - at
    }

    /// Skips spaces, tabs and newlines (inside a directive); true if it moved.
    pub fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.pos > start
    }

    /// After a directive's closing `)` or a bare `#else`/`#end`: Velocity swallows spaces and
    /// tabs up to and including one newline, if a newline follows.
    pub fn gobble_line_end(&mut self) {
        let mut i = self.pos;
        while i < self.end && (self.b[i] == b' ' || self.b[i] == b'\t') {
            i += 1;
        }
        let nl = if i < self.end && self.b[i] == b'\n' {
            1
        } else if i < self.end && self.b[i] == b'\r' {
            if i + 1 < self.end && self.b[i + 1] == b'\n' {
                2
            } else {
                1
            }
        } else {
            return;
        };
        self.pos = i + nl;
    }

    /// A number literal at the cursor (an optional `-`, digits, an optional fraction and
    /// exponent); `1..3` is the integer 1 followed by `..`. Returns its text and whether it is
    /// floating point, or `None` if no number starts here.
    pub fn number(&mut self) -> Option<(usize, usize, bool)> {
        let start = self.pos;
        let mut i = self.pos;
        if i < self.end && self.b[i] == b'-' {
            i += 1;
        }
        let digits = i;
        while i < self.end && self.b[i].is_ascii_digit() {
            i += 1;
        }
        let mut float = false;
        if i == digits {
            // `.5`
            if i + 1 < self.end && self.b[i] == b'.' && self.b[i + 1].is_ascii_digit() {
                float = true;
                i += 1;
                while i < self.end && self.b[i].is_ascii_digit() {
                    i += 1;
                }
            } else {
                return None;
            }
        } else if i < self.end && self.b[i] == b'.' && !(i + 1 < self.end && self.b[i + 1] == b'.')
        {
            float = true;
            i += 1;
            while i < self.end && self.b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < self.end && (self.b[i] == b'e' || self.b[i] == b'E') {
            let mut j = i + 1;
            if j < self.end && (self.b[j] == b'+' || self.b[j] == b'-') {
                j += 1;
            }
            if j < self.end && self.b[j].is_ascii_digit() {
                while j < self.end && self.b[j].is_ascii_digit() {
                    j += 1;
                }
                float = true;
                i = j;
            }
        }
        self.pos = i;
        self.emit(TokenKind::Number, start, i);
        Some((start, i, float))
    }

    /// A string literal at the cursor (which is on its opening quote). In double quotes a
    /// backslash keeps the next character from ending the string; in single quotes nothing
    /// escapes. Returns the byte range of the contents, or `None` if it never closes.
    pub fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        let quote = self.b[self.pos];
        let mut i = self.pos + 1;
        while i < self.end {
            let c = self.b[i];
            if c == quote {
                self.pos = i + 1;
                self.emit(TokenKind::String, start, self.pos);
                return Some((start + 1, i));
            }
            if c == b'\\' && quote == b'"' && i + 1 < self.end {
                i += 2;
                continue;
            }
            i += 1;
        }
        None
    }

    /// A word operator (`and`, `in`…) at the cursor, as a whole word.
    pub fn keyword(&self, w: &str) -> bool {
        self.looking_at(w) && {
            let after = self.pos + w.len();
            after >= self.end || !(self.b[after].is_ascii_alphanumeric() || self.b[after] == b'_')
        }
    }
}

/// Decodes `\uXXXX` escapes of a double-quoted string literal (the only escapes Velocity 1.7
/// decodes; other backslashes stay as they are).
pub(crate) fn unescape_unicode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("\\u") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut units: Vec<u16> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 6 <= b.len()
            && b[i + 1] == b'u'
            && let Some(u) = b.get(i + 2..).and_then(hex4)
        {
            out.push_str(&s[run..i]);
            units.clear();
            units.push(u);
            i += 6;
            // a surrogate pair is two escapes
            while i + 6 <= b.len() && b[i] == b'\\' && b[i + 1] == b'u' {
                match b.get(i + 2..).and_then(hex4) {
                    Some(u) => {
                        units.push(u);
                        i += 6;
                    }
                    None => break,
                }
            }
            out.extend(char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or('\u{fffd}')));
            run = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[run..]);
    std::borrow::Cow::Owned(out)
}

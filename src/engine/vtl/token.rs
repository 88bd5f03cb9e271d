//! Tokens of a template, as the lexer finds them: the page highlights a template with them, and
//! the debug view lists them.

use crate::engine::span::Span;
use serde::Serialize;

/// What a piece of template text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Literal text, printed as is.
    Text,
    /// `## …` or `#* … *#`.
    Comment,
    /// `#[[ … ]]#`, printed as is.
    Unparsed,
    /// A directive keyword: `#if`, `#{else}`, `#foreach`, a macro call `#name`.
    Directive,
    /// `$`, `$!`, `${`, `$!{` and the closing `}` of a reference.
    RefSigil,
    /// The variable name of a reference: `input` in `$input.body`.
    Variable,
    /// A property of a reference: `body` in `$input.body`.
    Property,
    /// A method name of a reference: `json` in `$input.json(…)`.
    Method,
    /// `( ) [ ] { } , : . ..`
    Punct,
    /// `== != < <= > >= + - * / % && || ! =`
    Operator,
    /// Word operators and keywords: `in and or not eq ne lt le gt ge`.
    Keyword,
    /// A string literal.
    String,
    /// A number literal.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Backslashes that escape a reference or directive.
    Escape,
    /// Text the parser could not make sense of (after a syntax error).
    Error,
}

/// One token: its kind and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Kind.
    pub kind: TokenKind,
    /// Byte range in the template.
    pub span: Span,
}

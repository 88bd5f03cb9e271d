//! The syntax tree of a template. Every node carries the byte span of its source.

use crate::engine::span::Span;
pub use crate::engine::vtl::vars::Slot;
use std::rc::Rc;

/// A sequence of nodes.
pub type Block = Vec<Node>;

/// One piece of a template.
#[derive(Clone, Debug)]
pub enum Node {
    /// Text printed as it is: the template's own text, the contents of `#[[…]]#`, an escaped
    /// `\$ref`. Kept as a string of its own, so that printing it is a copy.
    Text(Rc<str>, Span),
    /// `$ref`, printed.
    Ref(Box<Reference>),
    /// `\$ref` / `\\\$ref`: printed literally (or with half the backslashes, if the escape is
    /// itself escaped). `backslashes` is the count before `$`.
    EscapedRef {
        /// Number of backslashes before the `$`.
        backslashes: usize,
        /// The reference.
        reference: Box<Reference>,
    },
    /// `#set($target = value)`.
    Set {
        /// Left-hand side.
        target: Box<Reference>,
        /// Right-hand side.
        value: Expr,
        /// The whole directive.
        span: Span,
    },
    /// `#if … #elseif … #else … #end`.
    If {
        /// Conditions and their blocks, in order.
        branches: Vec<(Expr, Block)>,
        /// The `#else` block.
        otherwise: Option<Block>,
        /// The `#if(…)` keyword and condition.
        span: Span,
    },
    /// `#foreach($var in iterable) … #end`.
    Foreach {
        /// Loop variable name, without `$`.
        var: Rc<str>,
        /// Where the loop variable was last found (see `vars`).
        slot: Slot,
        /// What is iterated.
        iterable: Expr,
        /// Loop body.
        body: Block,
        /// The `#foreach(…)` head.
        span: Span,
    },
    /// `#break`.
    Break(Span),
    /// `#stop`.
    Stop(Span),
    /// `#define($name) … #end`.
    Define {
        /// Variable name, without `$`.
        name: Rc<str>,
        /// The block, rendered when `$name` is printed.
        body: Rc<Block>,
        /// The head.
        span: Span,
    },
    /// `#macro(name $a $b) … #end`: defined when the template is parsed.
    MacroDef(Span),
    /// `#name(args)`: a call of a macro.
    MacroCall {
        /// Macro name.
        name: Rc<str>,
        /// Arguments.
        args: Vec<Expr>,
        /// The whole call.
        span: Span,
    },
    /// `#evaluate(expr)`.
    Evaluate(Expr, Span),
    /// `#parse(…)` / `#include(…)`: not available in API Gateway.
    Load {
        /// `parse` or `include`.
        directive: Rc<str>,
        /// The whole directive.
        span: Span,
    },
}

/// A macro definition.
#[derive(Clone, Debug)]
pub struct Macro {
    /// Name.
    pub name: Rc<str>,
    /// Parameter names, without `$`.
    pub params: Vec<Rc<str>>,
    /// Body.
    pub body: Rc<Block>,
    /// The `#macro(…)` head.
    pub span: Span,
}

/// `$name.part.part…`
#[derive(Clone, Debug)]
pub struct Reference {
    /// `$!`: quiet (API Gateway prints nothing for null either way).
    pub quiet: bool,
    /// The variable name.
    pub name: Rc<str>,
    /// Span of the name.
    pub name_span: Span,
    /// Where the variable was last found (see `vars`).
    pub slot: Slot,
    /// Properties, method calls and indexes, in order.
    pub parts: Vec<Part>,
    /// The whole reference, `$` to the end.
    pub span: Span,
}

/// One step after the variable name.
#[derive(Clone, Debug)]
pub enum Part {
    /// `.name`, and where the last map read had it.
    Property(Rc<str>, Span, KeyHint),
    /// `.name(args)`
    Method(Rc<str>, Vec<Expr>, Span),
    /// `[expr]`
    Index(Expr, Span),
}

impl Part {
    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            Part::Property(_, s, _) | Part::Method(_, _, s) | Part::Index(_, s) => *s,
        }
    }
}

/// Where a property was found in the last map it was read from: the objects of one JSON array
/// have their keys in the same places, so a loop's `$it.name` finds it at the first try.
/// Only a hint: the key there is compared before it is used.
#[derive(Clone, Debug, Default)]
pub struct KeyHint(pub std::cell::Cell<u32>);

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `||`, `or`
    Or,
    /// `&&`, `and`
    And,
    /// `==`, `eq`
    Eq,
    /// `!=`, `ne`
    Ne,
    /// `<`, `lt`
    Lt,
    /// `<=`, `le`
    Le,
    /// `>`, `gt`
    Gt,
    /// `>=`, `ge`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
        }
    }
}

/// An expression inside a directive, a method argument or an index.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A reference.
    Ref(Box<Reference>),
    /// A string literal without interpolation.
    Str(Rc<str>, Span),
    /// A double-quoted string with `$` or `#` inside: a small template.
    Interpolated(Block, Span),
    /// Integer literal.
    Int(i64, Span),
    /// Floating-point literal.
    Float(f64, Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// `[a, b]`
    List(Vec<Expr>, Span),
    /// `{k: v}`
    Map(Vec<(Expr, Expr)>, Span),
    /// `[a..b]`
    Range(Box<Expr>, Box<Expr>, Span),
    /// `!x`, `not x`
    Not(Box<Expr>, Span),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>, Span),
}

impl Expr {
    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            Expr::Ref(r) => r.span,
            Expr::Str(_, s)
            | Expr::Interpolated(_, s)
            | Expr::Int(_, s)
            | Expr::Float(_, s)
            | Expr::Bool(_, s)
            | Expr::List(_, s)
            | Expr::Map(_, s)
            | Expr::Range(_, _, s)
            | Expr::Not(_, s)
            | Expr::Binary(_, _, _, s) => *s,
        }
    }
}

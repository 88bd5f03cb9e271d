//! API Gateway's dialect of Apache Velocity (1.7), with `$input`, `$util`, `$context` and
//! `$stageVariables`.
//!
//! ```
//! use apigw_playground::engine::vtl::{Env, Template};
//! let t = Template::parse(r#"{"name": "$input.path('$.user.name')"}"#).unwrap();
//! let out = t.render(&Env::new(r#"{"user": {"name": "Ada"}}"#));
//! assert_eq!(out.output, r#"{"name": "Ada"}"#);
//! ```
//!
//! Parse once, render many: a [`Template`] is immutable and cheap to render again with another
//! [`Env`]. Errors are [`Diagnostic`]s with a span; rendering never panics and is bounded by
//! [`Limits`].

pub mod ast;
pub mod builtins;
mod eval;
pub(crate) mod lexer;
mod methods;
pub(crate) mod parser;
pub mod token;

pub use builtins::{Env, Params, default_context};
pub use eval::Rendered;

use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::limits::Limits;
use crate::engine::span::Span;
use ast::{Block, Macro};
use std::collections::HashMap;
use std::rc::Rc;
use token::Token;

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Template {
    src: Rc<str>,
    nodes: Rc<Block>,
    macros: Rc<HashMap<Rc<str>, Rc<Macro>>>,
}

impl Template {
    /// Parses `src` with the default [`Limits`].
    pub fn parse(src: &str) -> Result<Template, Diagnostic> {
        Template::parse_with(src, &Limits::default())
    }

    /// Parses `src`; the template size and nesting depth are bounded by `limits`.
    pub fn parse_with(src: &str, limits: &Limits) -> Result<Template, Diagnostic> {
        if src.len() > limits.template_bytes {
            return Err(Diagnostic::error(
                Kind::Limit,
                format!(
                    "the template is {} bytes, over API Gateway's mapping template quota of {} bytes (limit: template size)",
                    src.len(),
                    limits.template_bytes
                ),
            )
            .at(Span::new(limits.template_bytes, src.len())));
        }
        let mut p = parser::Parser::new(src, 0, src.len(), limits.depth);
        let nodes = p.template().map_err(|d| *d)?;
        Ok(Template {
            src: Rc::from(src),
            nodes: Rc::new(nodes),
            macros: Rc::new(p.macros),
        })
    }

    /// The template's text.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// The syntax tree.
    pub fn nodes(&self) -> &[ast::Node] {
        &self.nodes
    }

    /// Renders with the default [`Limits`].
    pub fn render(&self, env: &Env) -> Rendered {
        self.render_with(env, &Limits::default())
    }

    /// Renders against `env`, bounded by `limits`.
    pub fn render_with(&self, env: &Env, limits: &Limits) -> Rendered {
        eval::render(self, env, limits)
    }
}

/// The tokens of `src`, for highlighting: everything the parser recognised, and after a syntax
/// error the rest of the text as one [`token::TokenKind::Error`] token. Tokens are in order and
/// do not overlap; text between them is plain template text.
pub fn tokens(src: &str) -> Vec<Token> {
    parser::tokens_of(src, Limits::default().depth).0
}

/// Parses and renders in one go: the output, or the first error (parse or render).
pub fn render_str(src: &str, env: &Env) -> Result<String, Diagnostic> {
    let t = Template::parse(src)?;
    let r = t.render(env);
    match r.error {
        Some(e) => Err(e),
        None => Ok(r.output),
    }
}

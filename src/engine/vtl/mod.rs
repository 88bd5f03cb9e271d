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
mod body;
pub mod builtins;
mod eval;
pub(crate) mod lexer;
mod methods;
pub(crate) mod parser;
pub mod token;
mod vars;

pub use body::{forget_parsed_bodies, kept_json};
pub(crate) use builtins::shared_default_context;
pub use builtins::{Env, Params, context_with, default_context};
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
    /// Whether the template may change a list or map (`#set($m.k = …)`, `.put`, `.add`, …, or
    /// `#evaluate`, which may do anything): if not, a render can share `$context` and
    /// `$stageVariables` instead of copying them.
    mutates: bool,
    /// What parsed but is probably a mistake (`#set $a = 1`); every render reports them.
    warnings: Rc<[Diagnostic]>,
    /// Whether a render may read `$velocityCount` (the template names it, or has `#evaluate`,
    /// whose text may): if not, `#foreach` does not set it on every iteration.
    counts: bool,
    /// How long its last output was, up to [`OUTPUT_HINT_MAX`]: the next render starts with
    /// that much room instead of growing its output a doubling at a time.
    output_hint: Rc<std::cell::Cell<usize>>,
    /// The names every render sets (`input`, `util`, `context`, `stageVariables`, `foreach`,
    /// `velocityCount`), as the template's own `Rc`s: found once, when it is parsed.
    builtin_names: Rc<[Rc<str>; 6]>,
    /// The JSONPaths its renders have parsed, for the next render (a JSONPath does not depend
    /// on the body or the limits).
    paths: Rc<std::cell::RefCell<eval::PathCache>>,
}

/// The most room a render reserves for its output before it writes any.
pub(crate) const OUTPUT_HINT_MAX: usize = 1 << 20;

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
        let mutates = block_mutates(&nodes) || p.macros.values().any(|m| block_mutates(&m.body));
        // `#evaluate` makes `mutates` true
        let counts = mutates || p.names.contains("velocityCount");
        let builtin_names = [
            "input",
            "util",
            "context",
            "stageVariables",
            "foreach",
            "velocityCount",
        ]
        .map(|s| p.names.get(s).cloned().unwrap_or_else(|| Rc::from(s)));
        Ok(Template {
            src: Rc::from(src),
            nodes: Rc::new(nodes),
            macros: Rc::new(p.macros),
            mutates,
            warnings: Rc::from(p.warnings),
            counts,
            output_hint: Rc::default(),
            builtin_names: Rc::new(builtin_names),
            paths: Rc::default(),
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

/// The methods that change the list or map they are called on (see `methods.rs`).
const MUTATORS: [&str; 7] = ["add", "addAll", "set", "remove", "clear", "put", "putAll"];

fn block_mutates(nodes: &[ast::Node]) -> bool {
    use ast::Node;
    nodes.iter().any(|n| match n {
        Node::Text(..) | Node::Break(_) | Node::Stop(_) | Node::MacroDef(_) | Node::Load { .. } => {
            false
        }
        Node::Ref(r) | Node::EscapedRef { reference: r, .. } => ref_mutates(r),
        Node::Set { target, value, .. } => {
            !target.parts.is_empty() || ref_mutates(target) || expr_mutates(value)
        }
        Node::If {
            branches,
            otherwise,
            ..
        } => {
            branches
                .iter()
                .any(|(c, b)| expr_mutates(c) || block_mutates(b))
                || otherwise.as_deref().is_some_and(block_mutates)
        }
        Node::Foreach { iterable, body, .. } => expr_mutates(iterable) || block_mutates(body),
        Node::Define { body, .. } => block_mutates(body),
        Node::MacroCall { args, .. } => args.iter().any(expr_mutates),
        Node::Evaluate(..) => true,
    })
}

fn ref_mutates(r: &ast::Reference) -> bool {
    r.parts.iter().any(|p| match p {
        ast::Part::Property(..) => false,
        ast::Part::Method(name, args, _) => {
            MUTATORS.contains(&&**name) || args.iter().any(expr_mutates)
        }
        ast::Part::Index(e, _) => expr_mutates(e),
    })
}

fn expr_mutates(e: &ast::Expr) -> bool {
    use ast::Expr;
    match e {
        Expr::Ref(r) => ref_mutates(r),
        Expr::Interpolated(nodes, _) => block_mutates(nodes),
        Expr::List(items, _) => items.iter().any(expr_mutates),
        Expr::Map(entries, _) => entries
            .iter()
            .any(|(k, v)| expr_mutates(k) || expr_mutates(v)),
        Expr::Range(a, b, _) | Expr::Binary(_, a, b, _) => expr_mutates(a) || expr_mutates(b),
        Expr::Not(a, _) => expr_mutates(a),
        Expr::Str(..) | Expr::Int(..) | Expr::Float(..) | Expr::Bool(..) => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fewest steps (the step limit) with which `t` renders over `env` without an error.
    fn least_steps(t: &Template, env: &Env) -> u64 {
        (1..500)
            .find(|&steps| {
                let limits = Limits {
                    steps,
                    ..Limits::default()
                };
                t.render_with(env, &limits).error.is_none()
            })
            .unwrap()
    }

    /// `$util.escapeJavaScript(x)` printed straight into the output (`print_escaped`) prints
    /// what the general path prints (forced here by a `.toString()` after it), for strings,
    /// numbers, maps, lists, null and undefined arguments, with `$util` replaced by a map, and
    /// fails the same way at the output limit and at the step limit.
    #[test]
    fn escape_javascript_printed_in_place_is_the_general_path() {
        let env = Env::new(
            r#"{"s": "it's \"q\" </a>\n\u00e9\ud83d\ude00", "n": 1.5, "m": {"a": "x'y"}, "l": [1, "b"], "z": null}"#,
        );
        let prelude = "#set($b = $input.path('$'))";
        for arg in [
            "$b.s",
            "$b.n",
            "$b.m",
            "$b.l",
            "$b.z",
            "$missing",
            "'a/b'",
            "\"\"",
            "$b.s.length()",
            "$util.escapeJavaScript($b.s)",
        ] {
            for (fast, general) in [
                (
                    format!("{prelude}[$util.escapeJavaScript({arg})]"),
                    format!("{prelude}[$util.escapeJavaScript({arg}).toString()]"),
                ),
                (
                    format!("{prelude}#set($util = {{}})[$util.escapeJavaScript({arg})]"),
                    format!(
                        "{prelude}#set($util = {{}})[$util.escapeJavaScript({arg}).toString()]"
                    ),
                ),
            ] {
                let f = Template::parse(&fast).unwrap().render(&env);
                let g = Template::parse(&general).unwrap().render(&env);
                assert_eq!(f.output, g.output, "{fast}");
                assert_eq!(f.error.is_some(), g.error.is_some(), "{fast}");
                assert_eq!(f.diagnostics.len(), g.diagnostics.len(), "{fast}");
            }
        }
        // the escaped string is refused at the output limit as the method's result is
        let limits = Limits {
            output_bytes: 8,
            ..Limits::default()
        };
        let fast = Template::parse("$util.escapeJavaScript('\"\"\"\"\"')").unwrap();
        let general = Template::parse("$util.escapeJavaScript('\"\"\"\"\"').toString()").unwrap();
        let f = fast.render_with(&env, &limits).error.map(|d| d.message);
        let g = general.render_with(&env, &limits).error.map(|d| d.message);
        assert!(f.is_some());
        assert_eq!(f, g);
        // the same steps: the general path takes one more, for its `.toString()`
        let least = |t: &Template| least_steps(t, &env);
        let fast = Template::parse("$util.escapeJavaScript($context.requestId)").unwrap();
        let general =
            Template::parse("$util.escapeJavaScript($context.requestId).toString()").unwrap();
        assert_eq!(least(&fast) + 1, least(&general));
    }

    /// A list's item by a number (`$it.tags[0]`) read where it is prints and tests what the
    /// general path gives (forced by a `.toString()` after it), errs the same out of bounds,
    /// and takes the same steps.
    #[test]
    fn list_items_read_in_place_are_the_general_path() {
        let env = Env::new(r#"{"l": ["a", 2, {"x": [true, null]}], "m": {"l": [[1, 2], []]}}"#);
        let prelude = "#set($b = $input.path('$'))#set($j = [3, 'q'])";
        for r in [
            "$b.l[0]",
            "$b.l[1]",
            "$b.l[2]",
            "$b.l[2].x[0]",
            "$b.l[2].x[1]",
            "$b.m.l[0][1]",
            "$b.m.l[1]",
            "$j[1]",
            "$b.l[3]",
            "$b.l[-1]",
            "$b.m.l[1][0]",
            "$b.l[0][0]",
        ] {
            let fast = format!("{prelude}[{r}]#if({r})t#{{else}}f#end");
            let general = format!("{prelude}[{r}.toString()]#if({r}.toString())t#{{else}}f#end");
            let f = Template::parse(&fast).unwrap().render(&env);
            let g = Template::parse(&general).unwrap().render(&env);
            assert_eq!(f.output, g.output, "{r}");
            assert_eq!(
                f.error.map(|d| d.message),
                g.error.map(|d| d.message),
                "{r}"
            );
        }
        let least = |t: &Template| least_steps(t, &env);
        // in a loop, so that most reads have steps to spare and are read in place
        let fast =
            Template::parse("#set($b = $input.path('$'))#foreach($i in [1..20])$b.m.l[0][1]#end")
                .unwrap();
        let general = Template::parse(
            "#set($b = $input.path('$'))#foreach($i in [1..20])$b.m.l[0][1].toString()#end",
        )
        .unwrap();
        assert_eq!(least(&fast) + 20, least(&general));
    }

    #[test]
    fn what_may_change_a_list_or_map() {
        for (src, mutates) in [
            ("$context.requestId $input.json('$')", false),
            ("#set($x = $context.identity)#set($y = 1)$x.sourceIp", false),
            ("#foreach($k in $context.keySet())$k#end", false),
            ("#set($context.requestId = 'x')", true),
            ("#set($m = {})#set($m['a'] = 1)", true),
            ("$context.put('a', 1)", true),
            ("#if($l.add(1))#end", true),
            ("\"${x.remove('a')}\"", true),
            ("#define($d)$m.clear()#end", true),
            ("#macro(m $a)$a.putAll($b)#end", true),
            ("#evaluate('$context.put(\"a\", 1)')", true),
            ("$a.get($b.set(0, 1))", true),
        ] {
            let t = Template::parse(src).unwrap();
            assert_eq!(t.mutates, mutates, "{src}");
        }
    }

    /// A template keeps the JSONPaths its renders parsed: the next render, over another body,
    /// reads them the same, and a path that does not parse fails every render the same way.
    #[test]
    fn kept_jsonpaths_read_each_body_and_fail_each_render() {
        let t = Template::parse("$input.path('$.a[1]')|$input.json('$.b')").unwrap();
        assert_eq!(
            t.render(&Env::new(r#"{"a":[1,2],"b":"x"}"#)).output,
            "2|\"x\""
        );
        assert_eq!(t.render(&Env::new(r#"{"a":[3,4],"b":{}}"#)).output, "4|{}");
        let bad = Template::parse("$input.path('$.a[')").unwrap();
        let first = bad.render(&Env::new("{}")).error.map(|d| d.message);
        let second = bad.render(&Env::new("{}")).error.map(|d| d.message);
        assert!(first.is_some(), "a bad JSONPath fails the render");
        assert_eq!(first, second);
    }

    #[test]
    fn a_render_does_not_change_the_environment() {
        let env = Env::new("{\"a\": [1]}");
        let t = Template::parse(
            "#set($c = $context)#set($d = $c.put('stage', 'x'))#set($context.identity.sourceIp = 'y')\
             #set($l = $input.path('$.a'))#set($d = $l.add(2))$context.stage $context.identity.sourceIp $l",
        )
        .unwrap();
        let r = Template::parse("$context.stage $context.identity.sourceIp $input.path('$.a')")
            .unwrap();
        for _ in 0..2 {
            assert_eq!(t.render(&env).output, "x y [1,2]");
            assert_eq!(r.render(&env).output, "production 203.0.113.7 [1]");
        }
    }
}

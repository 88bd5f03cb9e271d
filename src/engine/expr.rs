//! Selection expressions: `$request.body.action`, `${request.body.service}/${request.body.action}`,
//! `${integration.response.statuscode}`, `\$default`, static text.
//!
//! The documented rules (DG: apigateway-websocket-api-selection-expressions): a variable starts
//! with `$`, `${…}` marks its boundaries; text and variables mix; `\$` is a literal `$`; the
//! result is evaluated once; a missing JSONPath gives ""; a non-scalar result is stringified like
//! Java's `List.toString` (`[item1, item2]`).

use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::jsonpath;
use crate::engine::span::Span;
use crate::engine::value::Value;
use std::collections::BTreeMap;

/// Which expression it is, which decides the variables it may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// `Api.RouteSelectionExpression`.
    Route,
    /// `Integration.TemplateSelectionExpression` (request side).
    RequestTemplate,
    /// `IntegrationResponse.TemplateSelectionExpression` (response side).
    ResponseTemplate,
}

/// A variable of a selection expression.
#[derive(Clone, Debug)]
pub enum Var {
    /// `request.body<jsonpath>`: the client's message.
    RequestBody(Box<jsonpath::Path>),
    /// `integration.response.statuscode`.
    StatusCode,
    /// `integration.response.header.NAME`.
    Header(String),
    /// `integration.response.multivalueheader.NAME`.
    MultiHeader(String),
    /// `context.NAME`.
    Context(String),
    /// `stageVariables.NAME`.
    StageVariable(String),
    /// Anything else: evaluates to "".
    Unsupported(String),
}

/// A piece of an expression.
#[derive(Clone, Debug)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A variable and where it is.
    Var(Var, Span),
}

/// A parsed selection expression.
#[derive(Clone, Debug)]
pub struct SelectionExpr {
    text: String,
    pieces: Vec<Piece>,
    /// Warnings found while parsing (variables this site does not support).
    pub warnings: Vec<Diagnostic>,
}

/// What a selection expression can read.
#[derive(Clone, Debug, Default)]
pub struct Inputs<'a> {
    /// The client's message parsed as JSON, if it is JSON.
    pub request_body: Option<&'a Value>,
    /// The integration's status code, on the response side.
    pub status: Option<u16>,
    /// The integration's response headers (names compared without case).
    pub headers: BTreeMap<String, Vec<String>>,
    /// `$context`.
    pub context: Option<&'a Value>,
    /// `$stageVariables`.
    pub stage_variables: Option<&'a Value>,
}

impl SelectionExpr {
    /// Parses `text` for `site`. Errors have spans into `text`.
    pub fn parse(text: &str, site: Site) -> Result<SelectionExpr, Diagnostic> {
        let b = text.as_bytes();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut warnings = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'\\' && b.get(i + 1) == Some(&b'$') {
                lit.push('$');
                i += 2;
                continue;
            }
            if c != b'$' {
                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                lit.push(ch);
                i += ch.len_utf8();
                continue;
            }
            let start = i;
            let next = b.get(i + 1).copied().unwrap_or(b' ');
            if !(next == b'{' || next.is_ascii_alphabetic()) {
                // `$` before anything but a name is text: `cost $5`
                lit.push('$');
                i += 1;
                continue;
            }
            let (name, end) = if next == b'{' {
                let Some(close) = text[i + 2..].find('}') else {
                    return Err(Diagnostic::error(
                        Kind::Syntax,
                        "`${` is never closed: expected `}`",
                    )
                    .at(Span::new(i, i + 2))
                    .hint("write `${request.body.action}`"));
                };
                (&text[i + 2..i + 2 + close], i + 2 + close + 1)
            } else {
                // `$name.path…`: letters, digits, `_`, `-`, `.`, and JSONPath brackets
                let mut j = i + 1;
                let mut depth = 0usize;
                while j < b.len() {
                    let d = b[j];
                    // inside brackets anything goes, up to the matching `]`
                    let ok = depth > 0
                        || d.is_ascii_alphanumeric()
                        || matches!(d, b'_' | b'-' | b'.' | b'*' | b'@' | b'[');
                    if !ok {
                        break;
                    }
                    if d == b'[' {
                        depth += 1;
                    } else if d == b']' {
                        depth -= 1;
                    }
                    j += 1;
                }
                // a trailing `.` is text: `$request.body.action.` ends a sentence
                while j > i + 1 && b[j - 1] == b'.' {
                    j -= 1;
                }
                (&text[i + 1..j], j)
            };
            if name.is_empty() {
                lit.push('$');
                i += 1;
                continue;
            }
            let span = Span::new(start, end);
            let var = parse_var(name, span)?;
            if let Some(w) = unsupported_here(&var, site, span) {
                warnings.push(w);
            }
            if !lit.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut lit)));
            }
            pieces.push(Piece::Var(var, span));
            i = end;
        }
        if !lit.is_empty() {
            pieces.push(Piece::Text(lit));
        }
        Ok(SelectionExpr {
            text: text.to_string(),
            pieces,
            warnings,
        })
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when it has no variables (a static value such as `\$default`).
    pub fn is_static(&self) -> bool {
        self.pieces.iter().all(|p| matches!(p, Piece::Text(_)))
    }

    /// The pieces.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Evaluates it once: variables replaced by their values, nothing re-evaluated.
    pub fn eval(&self, inputs: &Inputs<'_>) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v, _) => out.push_str(&eval_var(v, inputs)),
            }
        }
        out
    }
}

fn parse_var(name: &str, span: Span) -> Result<Var, Diagnostic> {
    if let Some(rest) = name.strip_prefix("request.body")
        && (rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
    {
        let path_text = format!("${rest}");
        return match jsonpath::parse(&path_text) {
            Ok(p) => Ok(Var::RequestBody(Box::new(p))),
            Err(e) => Err(Diagnostic::error(
                Kind::JsonPath,
                format!(
                    "the JSONPath after `request.body` does not parse: {}",
                    e.message
                ),
            )
            .at(span)),
        };
    }
    let lower = name.to_ascii_lowercase();
    if lower == "integration.response.statuscode" {
        return Ok(Var::StatusCode);
    }
    if let Some(h) = name.strip_prefix("integration.response.header.") {
        return Ok(Var::Header(h.to_string()));
    }
    if let Some(h) = name.strip_prefix("integration.response.multivalueheader.") {
        return Ok(Var::MultiHeader(h.to_string()));
    }
    if let Some(c) = name.strip_prefix("context.") {
        return Ok(Var::Context(c.to_string()));
    }
    if let Some(s) = name.strip_prefix("stageVariables.") {
        return Ok(Var::StageVariable(s.to_string()));
    }
    Ok(Var::Unsupported(name.to_string()))
}

fn unsupported_here(var: &Var, site: Site, span: Span) -> Option<Diagnostic> {
    let (ok, what) = match var {
        Var::RequestBody(_) => (true, ""),
        Var::StatusCode | Var::Header(_) | Var::MultiHeader(_) => (
            site == Site::ResponseTemplate,
            "integration response values exist only on the response side",
        ),
        Var::Context(_) | Var::StageVariable(_) => (
            false,
            "AWS documents only `request.body…` (and on the response side `integration.response…`) and static values here",
        ),
        Var::Unsupported(_) => (
            false,
            "not a selection-expression variable API Gateway documents",
        ),
    };
    if ok {
        return None;
    }
    let name = match var {
        Var::Unsupported(n) => format!("`${n}`"),
        _ => "this variable".to_string(),
    };
    Some(
        Diagnostic::warning(Kind::Config, format!("{name} is not supported in this expression: {what}"))
            .at(span)
            .hint(match site {
                Site::Route => "use `$request.body.<path>`, e.g. `$request.body.action`",
                Site::RequestTemplate => "use `${request.body.<path>}` or a static value such as `\\$default`",
                Site::ResponseTemplate => {
                    "use `${integration.response.statuscode}`, `${integration.response.header.Name}`, `${request.body.<path>}` or a static value"
                }
            }),
    )
}

fn eval_var(v: &Var, inputs: &Inputs<'_>) -> String {
    match v {
        Var::RequestBody(p) => match inputs.request_body.and_then(|b| p.read(b)) {
            Some(v) => selection_string(&v),
            None => String::new(),
        },
        Var::StatusCode => inputs.status.map(|s| s.to_string()).unwrap_or_default(),
        Var::Header(h) => header(inputs, h)
            .and_then(|v| v.last().cloned())
            .unwrap_or_default(),
        Var::MultiHeader(h) => header(inputs, h).map(|v| v.join(",")).unwrap_or_default(),
        Var::Context(path) => lookup(inputs.context, path),
        Var::StageVariable(name) => lookup(inputs.stage_variables, name),
        Var::Unsupported(_) => String::new(),
    }
}

fn header<'a>(inputs: &'a Inputs<'_>, name: &str) -> Option<&'a Vec<String>> {
    inputs
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn lookup(root: Option<&Value>, path: &str) -> String {
    let mut v = match root {
        Some(v) => v.clone(),
        None => return String::new(),
    };
    for part in path.split('.') {
        let next = match &v {
            Value::Map(m) => m.borrow().get(part).cloned(),
            _ => None,
        };
        match next {
            Some(n) => v = n,
            None => return String::new(),
        }
    }
    selection_string(&v)
}

/// How a selection expression prints a value: strings as they are, numbers and booleans as
/// their text, null as "", lists as `[item1, item2]` (documented) and objects as `{k=v}`
/// (assumed, U-9).
pub fn selection_string(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::List(items, _) => {
            let parts: Vec<String> = items.borrow().iter().map(selection_string).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(m) => {
            let parts: Vec<String> = m
                .borrow()
                .iter()
                .map(|(k, v)| format!("{k}={}", selection_string(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::json;

    const MSG: &str = r#"{"service":"chat","action":"join","data":{"room":"room1234"},"list":["a","b"],"n":1,"t":true,"o":{"a":1}}"#;

    fn eval(expr: &str) -> String {
        let body = json::parse(MSG).unwrap();
        let e = SelectionExpr::parse(expr, Site::Route).unwrap();
        e.eval(&Inputs {
            request_body: Some(&body),
            ..Inputs::default()
        })
    }

    #[test]
    fn documented_route_selection_vectors() {
        // DG: websocket-api-develop-routes (spec §7.1)
        assert_eq!(eval("$request.body.action"), "join");
        assert_eq!(eval("${request.body.action}"), "join");
        assert_eq!(
            eval("${request.body.service}/${request.body.action}"),
            "chat/join"
        );
        assert_eq!(
            eval("${request.body.action}-${request.body.invalidPath}"),
            "join-"
        );
        assert_eq!(eval("action"), "action");
        assert_eq!(eval("\\$default"), "$default");
    }

    #[test]
    fn nested_paths_and_stringification() {
        assert_eq!(eval("$request.body.data.room"), "room1234");
        assert_eq!(eval("$request.body.list"), "[a, b]");
        assert_eq!(eval("$request.body.list[1]"), "b");
        assert_eq!(eval("$request.body['action']"), "join");
        assert_eq!(eval("$request.body.n $request.body.t"), "1 true");
        assert_eq!(eval("$request.body.o"), "{a=1}");
        assert_eq!(eval("$request.body.action."), "join.");
        assert_eq!(eval("cost $5"), "cost $5");
    }

    #[test]
    fn response_side_variables() {
        let e = SelectionExpr::parse(
            "${integration.response.statuscode}-${integration.response.header.Content-Type}",
            Site::ResponseTemplate,
        )
        .unwrap();
        assert!(e.warnings.is_empty());
        let mut headers = BTreeMap::new();
        headers.insert(
            "content-type".to_string(),
            vec!["application/json".to_string()],
        );
        let out = e.eval(&Inputs {
            status: Some(404),
            headers,
            ..Inputs::default()
        });
        assert_eq!(out, "404-application/json");
    }

    #[test]
    fn unsupported_variables_warn() {
        let e = SelectionExpr::parse("${integration.response.statuscode}", Site::Route).unwrap();
        assert_eq!(e.warnings.len(), 1);
        let e = SelectionExpr::parse("$request.header.x", Site::RequestTemplate).unwrap();
        assert!(
            e.warnings[0]
                .message
                .contains("`$request.header.x` is not supported")
        );
    }

    #[test]
    fn unclosed_brace_is_an_error_with_a_span() {
        let e = SelectionExpr::parse("ab${request.body.x", Site::Route).unwrap_err();
        assert_eq!(e.span, Some(Span::new(2, 4)));
    }
}

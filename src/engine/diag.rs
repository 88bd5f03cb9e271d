//! Diagnostics are data: a kind, a short lowercase message, a span in one named source, and hints.
//! Two renderers use them: [`render_plain`] (caret excerpts for the CLI and snapshot tests) and
//! the page (markers in the right editor plus a list).

use crate::engine::span::{Encoding, LineIndex, Position, Span};
use serde::Serialize;
use std::fmt;

/// How bad it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Background worth knowing: an assumption where AWS is undocumented, say.
    Info,
    /// The configuration or template works, but probably not as meant.
    Warning,
    /// It does not work: AWS would reject it or fail at run time.
    Error,
}

/// What kind of problem; each kind is documented with an input that triggers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The template does not parse: `#if($a)` without `#end`.
    Syntax,
    /// A method or property that the object does not have: `$util.toJson($x)`.
    UnknownMethod,
    /// A method that exists was called wrongly or failed: `"abc".substring(5)`.
    Runtime,
    /// A JSONPath that does not parse: `$input.path('$.a[')`.
    JsonPath,
    /// Text that should be JSON and is not: `$util.parseJson('{')`, a malformed scenario.
    Json,
    /// A regular expression that does not compile: `/2\d(/`.
    Regex,
    /// A regular expression using a Java feature this engine cannot run: `/(?<=a)b/`.
    RegexUnsupported,
    /// A budget ran out: `#foreach` iterations, output size, nesting depth.
    Limit,
    /// A configuration that cannot work as meant: no `$default` route response.
    Config,
    /// A decision where AWS is undocumented; the message names the assumption (U-n).
    Undocumented,
}

/// Which text a diagnostic points into, so the page can mark the right editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Source {
    /// A template rendered on its own (the `render` command).
    Template,
    /// An entry of `RequestTemplates` of an integration.
    RequestTemplate {
        /// Index of the integration.
        integration: usize,
        /// The template's key.
        key: String,
    },
    /// An entry of `ResponseTemplates` of one integration response.
    ResponseTemplate {
        /// Index of the integration.
        integration: usize,
        /// Index of the integration response.
        response: usize,
        /// The template's key.
        key: String,
    },
    /// The `IntegrationResponseKey` of one integration response.
    ResponseKey {
        /// Index of the integration.
        integration: usize,
        /// Index of the integration response.
        response: usize,
    },
    /// The API's `RouteSelectionExpression`.
    RouteSelection,
    /// The `TemplateSelectionExpression` of an integration.
    RequestTemplateSelection {
        /// Index of the integration.
        integration: usize,
    },
    /// The `TemplateSelectionExpression` of one integration response.
    ResponseTemplateSelection {
        /// Index of the integration.
        integration: usize,
        /// Index of the integration response.
        response: usize,
    },
    /// The client's message.
    Message,
    /// The backend's response body.
    BackendBody,
    /// The scenario as a whole (its JSON, or a setting with no text of its own).
    Scenario,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Template => f.write_str("template"),
            Source::RequestTemplate { key, .. } => write!(f, "request template `{key}`"),
            Source::ResponseTemplate { response, key, .. } => {
                write!(
                    f,
                    "response template `{key}` of integration response #{}",
                    response + 1
                )
            }
            Source::ResponseKey { response, .. } => {
                write!(f, "key of integration response #{}", response + 1)
            }
            Source::RouteSelection => f.write_str("route selection expression"),
            Source::RequestTemplateSelection { .. } => {
                f.write_str("request template selection expression")
            }
            Source::ResponseTemplateSelection { response, .. } => write!(
                f,
                "template selection expression of integration response #{}",
                response + 1
            ),
            Source::Message => f.write_str("message"),
            Source::BackendBody => f.write_str("backend body"),
            Source::Scenario => f.write_str("scenario"),
        }
    }
}

/// One problem, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// What kind.
    pub kind: Kind,
    /// Short and lowercase, no trailing period: "unexpected `#end`".
    pub message: String,
    /// Where, in bytes of the source's text; `None` when it has no place.
    pub span: Option<Span>,
    /// Which text.
    pub source: Source,
    /// What a person could do.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error of `kind`.
    pub fn error(kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, kind, message)
    }

    /// A warning of `kind`.
    pub fn warning(kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, kind, message)
    }

    /// A note about an undocumented AWS behaviour the engine had to assume.
    pub fn undocumented(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, Kind::Undocumented, message)
    }

    fn new(severity: Severity, kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            kind,
            message: message.into(),
            span: None,
            source: Source::Template,
            hints: Vec::new(),
        }
    }

    /// Places it at `span`.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Says which text it belongs to.
    pub fn in_source(mut self, source: Source) -> Diagnostic {
        self.source = source;
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    /// Its 1-based position in `text` (the source's text), if it has a span.
    pub fn position(&self, text: &str, enc: Encoding) -> Option<Position> {
        let span = self.span?;
        Some(LineIndex::new(text).position(text, span.start as usize, enc))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        write!(f, "{label}: {} (in {})", self.message, self.source)
    }
}

/// Renders `diag` for a terminal: the message, `--> source:line:column`, the source line and a
/// caret under the span, then the hints. `text` is the text of the diagnostic's source.
pub fn render_plain(diag: &Diagnostic, text: &str) -> String {
    let mut out = String::new();
    let label = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    out.push_str(&format!("{label}: {}\n", diag.message));
    if let Some(span) = diag.span {
        let idx = LineIndex::new(text);
        let pos = idx.position(text, span.start as usize, Encoding::Chars);
        out.push_str(&format!(
            "  --> {}:{}:{}\n",
            diag.source, pos.line, pos.column
        ));
        if let Some(range) = idx.line_range(text, pos.line) {
            let line = &text[range.clone()];
            let gutter = pos.line.to_string();
            let pad = " ".repeat(gutter.len());
            // the caret covers the span's part of this line, at least one column
            let start_col = pos.column as usize - 1;
            let end = (span.end as usize).min(range.end).max(span.start as usize);
            let mut end_byte = end;
            while end_byte > range.start && !text.is_char_boundary(end_byte) {
                end_byte -= 1;
            }
            let from = (span.start as usize).clamp(range.start, range.end);
            let mut from_b = from;
            while from_b > range.start && !text.is_char_boundary(from_b) {
                from_b -= 1;
            }
            let width = text[from_b..end_byte.max(from_b)].chars().count().max(1);
            let shown: String = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            out.push_str(&format!("{pad} |\n{gutter} | {shown}\n{pad} | "));
            out.push_str(&" ".repeat(start_col));
            out.push_str(&"^".repeat(width));
            out.push('\n');
        }
    } else {
        out.push_str(&format!("  --> {}\n", diag.source));
    }
    for h in &diag.hints {
        out.push_str(&format!("  = hint: {h}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_points_at_the_span() {
        let text = "line one\n  #if($a\nend";
        let start = text.find("#if").unwrap();
        let d = Diagnostic::error(Kind::Syntax, "`#if` is missing its `)`")
            .at(Span::new(start, start + 3))
            .hint("close the condition");
        let s = render_plain(&d, text);
        assert_eq!(
            s,
            "error: `#if` is missing its `)`\n  --> template:2:3\n  |\n2 |   #if($a\n  |   ^^^\n  = hint: close the condition\n"
        );
    }
}

//! Terraform export for the `hashicorp/aws` provider: `aws_apigatewayv2_api`, `_integration`,
//! `_integration_response`, `_route`, `_route_response`, linked by references. HCL reads `${` and
//! `%{` in every string, heredocs too, so a template's own are written `$${` and `%%{`.

use super::cfn_out::READ_ONLY;
use super::names::Names;
use crate::engine::model::{Extra, Scenario};
use serde_json::Value as Json;

/// A value on the right of `=`.
enum H {
    /// A string.
    Str(String),
    /// An expression written as it is: a reference, a number, `true`.
    Raw(String),
    /// An object of strings (templates, maps).
    Map(Vec<(String, H)>),
}

/// One line of a resource body: an attribute, a nested block or a comment.
enum Item {
    Attr(String, H),
    Block(String, Vec<(String, H)>),
    Comment(String),
}

/// Escapes text for a quoted HCL string (without the quotes).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                // `${` and `%{` open a template sequence: doubled, they are literal
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// Escapes template sequences only (heredocs take backslashes and quotes as they are).
fn escape_sequences(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

/// The lines of an indented heredoc that gives exactly `s` (with `chomp` when `s` does not end
/// in a newline), or `None` when a quoted string must be used.
fn heredoc_lines(s: &str) -> Option<(bool, &'static str, Vec<String>)> {
    if !s.contains('\n') {
        return None;
    }
    if s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
    }) {
        return None;
    }
    // a template's own `$${` / `%%{` (`$$${` / `%%%{` escaped) read differently in hcl-rs
    // heredocs than in Terraform's: a quoted string reads the same in both
    if s.contains("$${") || s.contains("%%{") {
        return None;
    }
    let chomp = !s.ends_with('\n');
    let body = s.strip_suffix('\n').unwrap_or(s);
    let lines: Vec<String> = body.split('\n').map(escape_sequences).collect();
    // `<<-` trims the least indentation of the lines that are not blank: one line must start
    // at the margin, and blank lines (which it leaves alone) must be empty
    let blank = |l: &str| l.chars().all(char::is_whitespace);
    if lines.iter().any(|l| !l.is_empty() && blank(l)) {
        return None;
    }
    if !lines
        .iter()
        .filter(|l| !l.is_empty())
        .any(|l| !l.starts_with(char::is_whitespace))
    {
        return None;
    }
    // a mark at the start of a line would join our indentation into one grapheme
    if lines
        .iter()
        .any(|l| l.chars().next().is_some_and(|c| !c.is_ascii()))
    {
        return None;
    }
    let marker = ["EOT", "EOF", "TEMPLATE", "VTL"]
        .into_iter()
        .find(|m| lines.iter().all(|l| l.trim() != *m))?;
    Some((chomp, marker, lines))
}

/// Renders a value; `indent` is the column of the attribute's name.
fn render(h: &H, indent: usize) -> String {
    match h {
        H::Raw(r) => r.clone(),
        H::Str(s) => match heredoc_lines(s) {
            Some((chomp, marker, lines)) => {
                let pad = " ".repeat(indent + 2);
                let mut out = String::new();
                if chomp {
                    out.push_str("chomp(");
                }
                out.push_str(&format!("<<-{marker}\n"));
                for l in lines {
                    if !l.is_empty() {
                        out.push_str(&pad);
                        out.push_str(&l);
                    }
                    out.push('\n');
                }
                out.push_str(&" ".repeat(indent));
                out.push_str(marker);
                if chomp {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    out.push(')');
                }
                out
            }
            None => quote(s),
        },
        H::Map(entries) if entries.is_empty() => "{}".into(),
        H::Map(entries) => {
            let mut out = String::from("{\n");
            write_attrs(
                &mut out,
                entries.iter().map(|(k, v)| (quote(k), v)).collect(),
                indent + 2,
            );
            out.push_str(&" ".repeat(indent));
            out.push('}');
            out
        }
    }
}

/// Writes `name = value` lines, with the `=` of consecutive one-line attributes aligned as
/// `terraform fmt` does.
fn write_attrs(out: &mut String, attrs: Vec<(String, &H)>, indent: usize) {
    let rendered: Vec<(String, String)> = attrs
        .into_iter()
        .map(|(k, v)| {
            let r = render(v, indent);
            (k, r)
        })
        .collect();
    let mut i = 0;
    while i < rendered.len() {
        // a run of one-line values
        let mut j = i;
        while j < rendered.len() && !rendered[j].1.contains('\n') {
            j += 1;
        }
        let width = rendered[i..j]
            .iter()
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        for (k, v) in &rendered[i..j] {
            out.push_str(&format!("{}{k:<width$} = {v}\n", " ".repeat(indent)));
        }
        if j < rendered.len() {
            let (k, v) = &rendered[j];
            out.push_str(&format!("{}{k} = {v}\n", " ".repeat(indent)));
            j += 1;
        }
        i = j;
    }
}

fn write_resource(out: &mut String, ty: &str, name: &str, items: &[Item]) {
    out.push_str(&format!("\nresource \"{ty}\" \"{name}\" {{\n"));
    let mut run: Vec<(String, &H)> = Vec::new();
    for it in items {
        match it {
            Item::Attr(k, v) => run.push((k.clone(), v)),
            Item::Block(name, attrs) => {
                write_attrs(out, std::mem::take(&mut run), 2);
                out.push_str(&format!("\n  {name} {{\n"));
                write_attrs(out, attrs.iter().map(|(k, v)| (k.clone(), v)).collect(), 4);
                out.push_str("  }\n");
            }
            Item::Comment(c) => {
                write_attrs(out, std::mem::take(&mut run), 2);
                out.push_str(&format!("  # {}\n", super::comment(c)));
            }
        }
    }
    write_attrs(out, run, 2);
    out.push_str("}\n");
}

/// A JSON value as HCL.
fn json(v: &Json) -> H {
    match v {
        Json::String(s) => H::Str(s.clone()),
        Json::Object(m) => H::Map(m.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
        Json::Array(_) => H::Raw(inline(v)),
        other => H::Raw(other.to_string()),
    }
}

/// A JSON value as a one-line HCL expression.
fn inline(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Array(a) => format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", ")),
        Json::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .map(|(k, x)| format!("{} = {}", quote(k), inline(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn templates(m: &indexmap::IndexMap<String, String>) -> H {
    H::Map(
        m.iter()
            .map(|(k, v)| (k.clone(), H::Str(v.clone())))
            .collect(),
    )
}

/// Members kept in `extra` as Terraform arguments, by the table `args` (member, argument).
fn extras(
    items: &mut Vec<Item>,
    extra: &Extra,
    args: &[(&str, &str)],
    what: &str,
    ty: &str,
    notes: &mut Vec<String>,
) {
    for (k, v) in extra {
        if let Some((_, arg)) = args.iter().find(|(m, _)| m == k) {
            items.push(Item::Attr(arg.to_string(), json(v)));
        } else if k == "RequestParameters" && ty == "aws_apigatewayv2_route" {
            // a block per parameter
            if let Json::Object(m) = v {
                for (key, c) in m {
                    let required = c.get("Required").and_then(Json::as_bool).unwrap_or(false);
                    items.push(Item::Block(
                        "request_parameter".into(),
                        vec![
                            ("request_parameter_key".into(), H::Str(key.clone())),
                            ("required".into(), H::Raw(required.to_string())),
                        ],
                    ));
                }
            }
        } else if !READ_ONLY.contains(&k.as_str()) {
            let n = format!("{k} of {what} is not exported: {ty} has no argument for it");
            items.push(Item::Comment(n.clone()));
            notes.push(n);
        }
    }
}

const API_ARGS: &[(&str, &str)] = &[
    ("ApiKeySelectionExpression", "api_key_selection_expression"),
    ("Description", "description"),
    ("DisableExecuteApiEndpoint", "disable_execute_api_endpoint"),
    ("IpAddressType", "ip_address_type"),
    ("Tags", "tags"),
    ("Version", "version"),
];
const INTEGRATION_ARGS: &[(&str, &str)] = &[
    ("ConnectionId", "connection_id"),
    ("ConnectionType", "connection_type"),
    ("CredentialsArn", "credentials_arn"),
    ("Description", "description"),
    ("IntegrationSubtype", "integration_subtype"),
    ("PayloadFormatVersion", "payload_format_version"),
    ("RequestParameters", "request_parameters"),
    ("TimeoutInMillis", "timeout_milliseconds"),
];
const ROUTE_ARGS: &[(&str, &str)] = &[
    ("ApiKeyRequired", "api_key_required"),
    ("AuthorizationScopes", "authorization_scopes"),
    ("AuthorizationType", "authorization_type"),
    ("AuthorizerId", "authorizer_id"),
    ("ModelSelectionExpression", "model_selection_expression"),
    ("OperationName", "operation_name"),
    ("RequestModels", "request_models"),
];
const ROUTE_RESPONSE_ARGS: &[(&str, &str)] = &[
    ("ModelSelectionExpression", "model_selection_expression"),
    ("ResponseModels", "response_models"),
];

/// The configuration as Terraform.
pub(crate) fn terraform(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    if !s.title.is_empty() {
        out.push_str(&format!("# {}\n", super::comment(&s.title)));
    }
    out.push_str("# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`\n# start a template sequence, so the templates' own are written `$${` and `%%{`.\n# Add an aws_apigatewayv2_stage (and deployment) to deploy.\n");
    let api_id = format!("aws_apigatewayv2_api.{}.id", n.api.snake);
    let mut items = vec![
        Item::Attr(
            "name".into(),
            H::Str(s.api.name.clone().unwrap_or_else(|| "websocket-api".into())),
        ),
        Item::Attr("protocol_type".into(), H::Str("WEBSOCKET".into())),
        Item::Attr(
            "route_selection_expression".into(),
            H::Str(s.api.route_selection_expression.clone()),
        ),
    ];
    extras(
        &mut items,
        &s.api.extra,
        API_ARGS,
        "the API",
        "aws_apigatewayv2_api",
        notes,
    );
    write_resource(&mut out, "aws_apigatewayv2_api", &n.api.snake, &items);

    for (gi, g) in s.integrations.iter().enumerate() {
        let gn = &n.integrations[gi];
        let what = match &g.integration_id {
            Some(id) => format!("integration `{id}`"),
            None => format!("integration #{}", gi + 1),
        };
        let mut items = vec![
            Item::Attr("api_id".into(), H::Raw(api_id.clone())),
            Item::Attr(
                "integration_type".into(),
                H::Str(g.integration_type.as_str().into()),
            ),
        ];
        if let Some(m) = &g.integration_method {
            items.push(Item::Attr("integration_method".into(), H::Str(m.clone())));
        }
        if let Some(u) = &g.integration_uri {
            items.push(Item::Attr("integration_uri".into(), H::Str(u.clone())));
        }
        if let Some(t) = &g.template_selection_expression {
            items.push(Item::Attr(
                "template_selection_expression".into(),
                H::Str(t.clone()),
            ));
        }
        if let Some(p) = &g.passthrough_behavior {
            items.push(Item::Attr(
                "passthrough_behavior".into(),
                H::Str(p.as_str().into()),
            ));
        }
        if let Some(c) = &g.content_handling_strategy {
            items.push(Item::Attr(
                "content_handling_strategy".into(),
                H::Str(c.as_str().into()),
            ));
        }
        extras(
            &mut items,
            &g.extra,
            INTEGRATION_ARGS,
            &what,
            "aws_apigatewayv2_integration",
            notes,
        );
        if !g.request_templates.is_empty() {
            items.push(Item::Attr(
                "request_templates".into(),
                templates(&g.request_templates),
            ));
        }
        write_resource(&mut out, "aws_apigatewayv2_integration", &gn.snake, &items);
        for (ri, r) in g.integration_responses.iter().enumerate() {
            let what = format!(
                "integration response `{}` of {what}",
                r.integration_response_key
            );
            let mut items = vec![
                Item::Attr("api_id".into(), H::Raw(api_id.clone())),
                Item::Attr(
                    "integration_id".into(),
                    H::Raw(format!("aws_apigatewayv2_integration.{}.id", gn.snake)),
                ),
                Item::Attr(
                    "integration_response_key".into(),
                    H::Str(r.integration_response_key.clone()),
                ),
            ];
            if let Some(t) = &r.template_selection_expression {
                items.push(Item::Attr(
                    "template_selection_expression".into(),
                    H::Str(t.clone()),
                ));
            }
            if let Some(c) = &r.content_handling_strategy {
                items.push(Item::Attr(
                    "content_handling_strategy".into(),
                    H::Str(c.as_str().into()),
                ));
            }
            extras(
                &mut items,
                &r.extra,
                &[],
                &what,
                "aws_apigatewayv2_integration_response",
                notes,
            );
            if !r.response_templates.is_empty() {
                items.push(Item::Attr(
                    "response_templates".into(),
                    templates(&r.response_templates),
                ));
            }
            write_resource(
                &mut out,
                "aws_apigatewayv2_integration_response",
                &n.integration_responses[gi][ri].snake,
                &items,
            );
        }
    }

    for (i, r) in s.routes.iter().enumerate() {
        let rn = &n.routes[i];
        let what = format!("route `{}`", r.route_key);
        let mut items = vec![
            Item::Attr("api_id".into(), H::Raw(api_id.clone())),
            Item::Attr("route_key".into(), H::Str(r.route_key.clone())),
        ];
        match super::target_index(s, r.target.as_deref()) {
            Some(gi) => items.push(Item::Attr(
                "target".into(),
                H::Raw(format!(
                    "\"integrations/${{aws_apigatewayv2_integration.{}.id}}\"",
                    n.integrations[gi].snake
                )),
            )),
            None => {
                if let Some(t) = &r.target {
                    let m = format!(
                        "{what} targets `{t}`, which is not an integration of the scenario: written as it is"
                    );
                    items.push(Item::Comment(m.clone()));
                    notes.push(m);
                    items.push(Item::Attr("target".into(), H::Str(t.clone())));
                }
            }
        }
        if let Some(e) = &r.route_response_selection_expression {
            items.push(Item::Attr(
                "route_response_selection_expression".into(),
                H::Str(e.clone()),
            ));
        }
        extras(
            &mut items,
            &r.extra,
            ROUTE_ARGS,
            &what,
            "aws_apigatewayv2_route",
            notes,
        );
        write_resource(&mut out, "aws_apigatewayv2_route", &rn.snake, &items);
        for (j, rr) in r.route_responses.iter().enumerate() {
            let what = format!("route response `{}` of {what}", rr.route_response_key);
            let mut items = vec![
                Item::Attr("api_id".into(), H::Raw(api_id.clone())),
                Item::Attr(
                    "route_id".into(),
                    H::Raw(format!("aws_apigatewayv2_route.{}.id", rn.snake)),
                ),
                Item::Attr(
                    "route_response_key".into(),
                    H::Str(rr.route_response_key.clone()),
                ),
            ];
            extras(
                &mut items,
                &rr.extra,
                ROUTE_RESPONSE_ARGS,
                &what,
                "aws_apigatewayv2_route_response",
                notes,
            );
            write_resource(
                &mut out,
                "aws_apigatewayv2_route_response",
                &n.route_responses[i][j].snake,
                &items,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_sequences_are_doubled() {
        assert_eq!(escape("${request.body.x}"), "$${request.body.x}");
        assert_eq!(escape("%{if}"), "%%{if}");
        assert_eq!(escape("$${x}"), "$$${x}");
        assert_eq!(escape("$x \\d \"q\"\n"), "$x \\\\d \\\"q\\\"\\n");
    }

    #[test]
    fn heredocs_only_when_exact() {
        let (chomp, m, lines) = heredoc_lines("a\n  ${b}\n\nc").unwrap();
        assert!(chomp);
        assert_eq!(m, "EOT");
        assert_eq!(lines, vec!["a", "  $${b}", "", "c"]);
        assert!(heredoc_lines("  a\n  b").is_none());
        assert!(heredoc_lines("a\n  \nb").is_none());
        assert!(heredoc_lines("a\r\nb").is_none());
        assert_eq!(heredoc_lines("EOT\nx\n").unwrap().1, "EOF");
        assert!(!heredoc_lines("a\nb\n").unwrap().0);
    }
}

//! AWS CLI export: a bash script with one `aws apigatewayv2 create-*` command per resource, the
//! new ids kept in shell variables (`--query … --output text`). Every value is in single quotes
//! (a `'` is written `'\''`), so `$default`, `\d` and `"` reach the CLI as written; maps are JSON.

use super::cfn_out::{
    API_PROPS, INTEGRATION_PROPS, INTEGRATION_RESPONSE_PROPS, READ_ONLY, ROUTE_PROPS,
    ROUTE_RESPONSE_PROPS,
};
use super::names::Names;
use crate::engine::model::{Extra, Scenario};
use serde_json::Value as Json;

/// A shell word for `s`: bare when nothing in it is special to bash, else single-quoted.
pub(crate) fn sq(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '-')
        })
        && !s.starts_with('-');
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// One `--name value` argument; a value that starts with `-` is attached with `=` so the CLI
/// does not take it for an option.
fn arg(name: &str, value: &str) -> String {
    if value.starts_with('-') {
        format!("--{name}={}", sq(value))
    } else {
        format!("--{name} {}", sq(value))
    }
}

/// `CredentialsArn` is `credentials-arn`.
fn kebab(member: &str) -> String {
    let mut out = String::new();
    for (i, c) in member.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

struct Cmd {
    /// The variable the new id goes to, if any.
    var: Option<String>,
    op: &'static str,
    args: Vec<String>,
    query: &'static str,
    comments: Vec<String>,
}

impl Cmd {
    fn write(&self, out: &mut String) {
        out.push('\n');
        for c in &self.comments {
            out.push_str(&format!("# {}\n", super::comment(c)));
        }
        let mut lines = vec![format!("aws apigatewayv2 {}", self.op)];
        lines.extend(self.args.iter().cloned());
        lines.push(format!("--query {} --output text", self.query));
        let body = lines.join(" \\\n  ");
        match &self.var {
            Some(v) => out.push_str(&format!("{v}=$({body})\necho \"{v}=${v}\"\n")),
            None => out.push_str(&format!("{body}\n")),
        }
    }
}

/// Members kept in `extra` as options of the command, when it has them.
fn extras(cmd: &mut Cmd, extra: &Extra, allowed: &[&str], what: &str, notes: &mut Vec<String>) {
    for (k, v) in extra {
        if allowed.contains(&k.as_str()) {
            let name = kebab(k);
            match v {
                Json::Bool(true) => cmd.args.push(format!("--{name}")),
                Json::Bool(false) => cmd.args.push(format!("--no-{name}")),
                Json::String(s) => cmd.args.push(arg(&name, s)),
                Json::Number(n) => cmd.args.push(arg(&name, &n.to_string())),
                Json::Null => {}
                other => cmd.args.push(arg(&name, &other.to_string())),
            }
        } else if !READ_ONLY.contains(&k.as_str()) {
            let n = format!(
                "{k} of {what} is not exported: `aws apigatewayv2 {}` has no option for it",
                cmd.op
            );
            cmd.comments.push(n.clone());
            notes.push(n);
        }
    }
}

/// The script.
pub(crate) fn script(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> String {
    let mut out = String::from("#!/usr/bin/env bash\n");
    if !s.title.is_empty() {
        out.push_str(&format!("# {}\n", super::comment(&s.title)));
    }
    out.push_str(
        "# Exported by apigw-playground: creates the WebSocket API with the AWS CLI v2, one command per\n\
         # resource, each new id kept in a shell variable. Values are in single quotes, so $ and \\ reach\n\
         # AWS as written. (AWS CLI v1 would fetch the page of an --integration-uri that starts with https://.)\n\
         # Deploy with `aws apigatewayv2 create-stage --api-id \"$API_ID\" --stage-name dev --auto-deploy`.\n\
         set -euo pipefail\n",
    );
    let api_var = n.api.shell.clone();
    let mut cmd = Cmd {
        var: Some(api_var.clone()),
        op: "create-api",
        args: vec![
            arg("name", s.api.name.as_deref().unwrap_or("websocket-api")),
            arg("protocol-type", "WEBSOCKET"),
            arg(
                "route-selection-expression",
                &s.api.route_selection_expression,
            ),
        ],
        query: "ApiId",
        comments: Vec::new(),
    };
    extras(&mut cmd, &s.api.extra, API_PROPS, "the API", notes);
    cmd.write(&mut out);

    let api_arg = format!("--api-id \"${api_var}\"");
    for (gi, g) in s.integrations.iter().enumerate() {
        let gn = &n.integrations[gi];
        let what = match &g.integration_id {
            Some(id) => format!("integration `{id}`"),
            None => format!("integration #{}", gi + 1),
        };
        let mut cmd = Cmd {
            var: Some(gn.shell.clone()),
            op: "create-integration",
            args: vec![
                api_arg.clone(),
                arg("integration-type", g.integration_type.as_str()),
            ],
            query: "IntegrationId",
            comments: Vec::new(),
        };
        if let Some(m) = &g.integration_method {
            cmd.args.push(arg("integration-method", m));
        }
        if let Some(u) = &g.integration_uri {
            cmd.args.push(arg("integration-uri", u));
        }
        if let Some(t) = &g.template_selection_expression {
            cmd.args.push(arg("template-selection-expression", t));
        }
        if !g.request_templates.is_empty() {
            cmd.args
                .push(arg("request-templates", &json_text(&g.request_templates)));
        }
        if let Some(p) = &g.passthrough_behavior {
            cmd.args.push(arg("passthrough-behavior", p.as_str()));
        }
        if let Some(c) = &g.content_handling_strategy {
            cmd.args.push(arg("content-handling-strategy", c.as_str()));
        }
        extras(&mut cmd, &g.extra, INTEGRATION_PROPS, &what, notes);
        cmd.write(&mut out);
        for r in &g.integration_responses {
            let what = format!(
                "integration response `{}` of {what}",
                r.integration_response_key
            );
            let mut cmd = Cmd {
                var: None,
                op: "create-integration-response",
                args: vec![
                    api_arg.clone(),
                    format!("--integration-id \"${}\"", gn.shell),
                    arg("integration-response-key", &r.integration_response_key),
                ],
                query: "IntegrationResponseId",
                comments: Vec::new(),
            };
            if let Some(t) = &r.template_selection_expression {
                cmd.args.push(arg("template-selection-expression", t));
            }
            if !r.response_templates.is_empty() {
                cmd.args
                    .push(arg("response-templates", &json_text(&r.response_templates)));
            }
            if let Some(c) = &r.content_handling_strategy {
                cmd.args.push(arg("content-handling-strategy", c.as_str()));
            }
            extras(&mut cmd, &r.extra, INTEGRATION_RESPONSE_PROPS, &what, notes);
            cmd.write(&mut out);
        }
    }

    for (i, r) in s.routes.iter().enumerate() {
        let rn = &n.routes[i];
        let what = format!("route `{}`", r.route_key);
        let mut cmd = Cmd {
            var: Some(rn.shell.clone()),
            op: "create-route",
            args: vec![api_arg.clone(), arg("route-key", &r.route_key)],
            query: "RouteId",
            comments: Vec::new(),
        };
        match super::target_index(s, r.target.as_deref()) {
            Some(gi) => cmd.args.push(format!(
                "--target \"integrations/${}\"",
                n.integrations[gi].shell
            )),
            None => {
                if let Some(t) = &r.target {
                    let m = format!(
                        "{what} targets `{t}`, which is not an integration of the scenario: written as it is"
                    );
                    cmd.comments.push(m.clone());
                    notes.push(m);
                    cmd.args.push(arg("target", t));
                }
            }
        }
        if let Some(e) = &r.route_response_selection_expression {
            cmd.args.push(arg("route-response-selection-expression", e));
        }
        extras(&mut cmd, &r.extra, ROUTE_PROPS, &what, notes);
        cmd.write(&mut out);
        for rr in &r.route_responses {
            let what = format!("route response `{}` of {what}", rr.route_response_key);
            let mut cmd = Cmd {
                var: None,
                op: "create-route-response",
                args: vec![
                    api_arg.clone(),
                    format!("--route-id \"${}\"", rn.shell),
                    arg("route-response-key", &rr.route_response_key),
                ],
                query: "RouteResponseId",
                comments: Vec::new(),
            };
            extras(&mut cmd, &rr.extra, ROUTE_RESPONSE_PROPS, &what, notes);
            cmd.write(&mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_bash() {
        assert_eq!(sq("WEBSOCKET"), "WEBSOCKET");
        assert_eq!(sq("$default"), "'$default'");
        assert_eq!(sq("it's"), "'it'\\''s'");
        assert_eq!(sq(""), "''");
        assert_eq!(sq("~x"), "'~x'");
        assert_eq!(arg("route-key", "-x"), "--route-key='-x'");
        assert_eq!(kebab("TimeoutInMillis"), "timeout-in-millis");
    }
}

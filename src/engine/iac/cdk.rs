//! CDK export: an AWS CDK v2 app in TypeScript. The API is the L2 `WebSocketApi`; an integration
//! the L2 constructs can say exactly (`WebSocketMockIntegration`, `WebSocketAwsIntegration`,
//! `WebSocketLambdaIntegration`, with `WebSocketIntegrationResponseKey` for its responses) is
//! added with `api.addRoute(…, { returnResponse })`; anything else falls back to the L1
//! `CfnIntegration` / `CfnIntegrationResponse` / `CfnRoute` / `CfnRouteResponse`. Strings are
//! JSON-escaped double-quoted literals (never template literals), and the file uses no
//! TypeScript-only syntax, so it is also a JavaScript module.

use super::cfn_out::{
    INTEGRATION_PROPS, INTEGRATION_RESPONSE_PROPS, READ_ONLY, ROUTE_PROPS, ROUTE_RESPONSE_PROPS,
};
use super::names::Names;
use crate::engine::model::{
    Extra, Integration, IntegrationResponse, IntegrationType, Route, Scenario,
};
use serde_json::Value as Json;

/// A TypeScript value.
enum T {
    /// An expression as it is.
    Raw(String),
    /// A string literal.
    Str(String),
    /// An object literal; keys are identifiers or string literals already.
    Obj(Vec<(String, T)>),
    /// An array literal.
    Arr(Vec<T>),
}

/// A JSON-escaped, double-quoted string literal.
pub(crate) fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn render(v: &T, indent: usize, out: &mut String) {
    match v {
        T::Raw(r) => out.push_str(r),
        T::Str(s) => out.push_str(&lit(s)),
        T::Obj(e) if e.is_empty() => out.push_str("{}"),
        T::Obj(e) => {
            out.push_str("{\n");
            for (k, x) in e {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(k);
                out.push_str(": ");
                render(x, indent + 2, out);
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        T::Arr(a) if a.is_empty() => out.push_str("[]"),
        T::Arr(a) => {
            out.push_str("[\n");
            for x in a {
                out.push_str(&" ".repeat(indent + 2));
                render(x, indent + 2, out);
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
    }
}

fn json(v: &Json) -> T {
    match v {
        Json::String(s) => T::Str(s.clone()),
        Json::Object(m) => T::Obj(m.iter().map(|(k, x)| (lit(k), json(x))).collect()),
        Json::Array(a) => T::Arr(a.iter().map(json).collect()),
        other => T::Raw(other.to_string()),
    }
}

fn templates(m: &indexmap::IndexMap<String, String>) -> T {
    T::Obj(m.iter().map(|(k, v)| (lit(k), T::Str(v.clone()))).collect())
}

/// `CredentialsArn` is `credentialsArn`.
fn camel(member: &str) -> String {
    let mut c = member.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Members of `extra` that matter (not read-only).
fn live(extra: &Extra) -> impl Iterator<Item = (&String, &Json)> {
    extra
        .iter()
        .filter(|(k, _)| !READ_ONLY.contains(&k.as_str()))
}

/// The L2 key of an integration response key, if there is one that gives exactly this key.
fn response_key(key: &str) -> Option<String> {
    let k = "apigwv2.WebSocketIntegrationResponseKey";
    match key {
        "$default" => return Some(format!("{k}.default")),
        "/2\\d{2}/" => return Some(format!("{k}.success")),
        "/4\\d{2}/" => return Some(format!("{k}.clientError")),
        "/5\\d{2}/" => return Some(format!("{k}.serverError")),
        _ => {}
    }
    let inner = key.strip_prefix('/')?.strip_suffix('/')?;
    if !inner.is_empty()
        && inner.len() <= 3
        && inner.bytes().all(|b| b.is_ascii_digit())
        && !inner.starts_with('0')
    {
        return Some(format!("{k}.fromStatusCode({inner})"));
    }
    js_regex_safe(inner).then(|| format!("{k}.fromStatusRegExp({})", lit(inner)))
}

/// True when JavaScript's `new RegExp(src).source` is `src` again and does not throw: no `/`, no
/// line break, balanced groups and classes, no possessive or atomic Java syntax.
fn js_regex_safe(src: &str) -> bool {
    if src.is_empty()
        || src.contains('/')
        || !src.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        || [
            "*+", "++", "?+", "}+", "(?>", "\\Q", "\\E", "\\p", "\\P", "(?i", "(?s", "(?m", "(?x",
        ]
        .iter()
        .any(|p| src.contains(p))
        || src.starts_with(['*', '+', '?', '{'])
    {
        return false;
    }
    let (mut depth, mut in_class, mut esc) = (0i32, false, false);
    for c in src.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_class && !esc
}

/// The function ARN in a Lambda integration URI.
fn function_arn(uri: &str) -> Option<&str> {
    let i = uri.find(":lambda:path/2015-03-31/functions/")?;
    let rest = &uri[i + ":lambda:path/2015-03-31/functions/".len()..];
    let arn = rest.strip_suffix("/invocations")?;
    arn.starts_with("arn:").then_some(arn)
}

/// How a route can be written with the L2 `addRoute`: `Some(returnResponse)`.
fn l2_route(r: &Route) -> Option<bool> {
    let extras_ok = live(&r.extra).all(|(k, v)| {
        (k == "AuthorizationType" && v == "NONE") || (k == "ApiKeyRequired" && v == false)
    });
    if !extras_ok {
        return None;
    }
    match (
        &r.route_response_selection_expression,
        r.route_responses.as_slice(),
    ) {
        (None, []) => Some(false),
        (Some(e), [rr])
            if e == "$default"
                && rr.route_response_key == "$default"
                && live(&rr.extra).next().is_none() =>
        {
            Some(true)
        }
        _ => None,
    }
}

/// The L2 response of an integration response, if it has one.
fn l2_response(r: &IntegrationResponse) -> Option<T> {
    let mut props = vec![(
        "responseKey".to_string(),
        T::Raw(response_key(&r.integration_response_key)?),
    )];
    if let Some(t) = &r.template_selection_expression {
        props.push(("templateSelectionExpression".into(), T::Str(t.clone())));
    }
    if !r.response_templates.is_empty() {
        props.push(("responseTemplates".into(), templates(&r.response_templates)));
    }
    if let Some(c) = &r.content_handling_strategy {
        props.push((
            "contentHandling".into(),
            T::Raw(format!("apigwv2.ContentHandling.{}", c.as_str())),
        ));
    }
    for (k, v) in live(&r.extra) {
        match (k.as_str(), v) {
            ("ResponseParameters", Json::Object(_)) => {
                props.push(("responseParameters".into(), json(v)));
            }
            _ => return None,
        }
    }
    Some(T::Obj(props))
}

/// What the app needs besides the API module.
#[derive(Default)]
struct Uses {
    integrations: bool,
    lambda: bool,
    iam: bool,
    duration: bool,
}

/// The L2 construct of an integration: the expression that makes it, or `None`.
fn l2_integration(g: &Integration, id: &str, uses: &mut Uses) -> Option<String> {
    let mut props: Vec<(String, T)> = Vec::new();
    let extra_ok = |allowed: &[&str]| {
        live(&g.extra).all(|(k, v)| {
            allowed.contains(&k.as_str())
                || (k == "PayloadFormatVersion" && v == "1.0")
                || (k == "ConnectionType" && v == "INTERNET")
        })
    };
    let responses =
        || -> Option<Vec<T>> { g.integration_responses.iter().map(l2_response).collect() };
    let class = match g.integration_type {
        IntegrationType::Mock => {
            if g.integration_uri.as_deref().is_some_and(|u| !u.is_empty())
                || g.integration_method.is_some()
                || g.passthrough_behavior.is_some()
                || g.content_handling_strategy.is_some()
                || !extra_ok(&[])
            {
                return None;
            }
            "WebSocketMockIntegration"
        }
        IntegrationType::Aws => {
            if !extra_ok(&["CredentialsArn", "TimeoutInMillis", "RequestParameters"]) {
                return None;
            }
            props.push(("integrationUri".into(), T::Str(g.integration_uri.clone()?)));
            props.push((
                "integrationMethod".into(),
                T::Str(g.integration_method.clone()?),
            ));
            "WebSocketAwsIntegration"
        }
        IntegrationType::AwsProxy => {
            let arn = function_arn(g.integration_uri.as_deref()?)?;
            if !g.request_templates.is_empty()
                || g.template_selection_expression.is_some()
                || g.passthrough_behavior.is_some()
                || !g.integration_responses.is_empty()
                || g.integration_method.as_deref().is_some_and(|m| m != "POST")
                || !extra_ok(&["TimeoutInMillis"])
            {
                return None;
            }
            uses.integrations = true;
            uses.lambda = true;
            let mut p: Vec<(String, T)> = Vec::new();
            if let Some(c) = &g.content_handling_strategy {
                p.push((
                    "contentHandling".into(),
                    T::Raw(format!("apigwv2.ContentHandling.{}", c.as_str())),
                ));
            }
            if let Some(Json::Number(ms)) = g.extra.get("TimeoutInMillis") {
                uses.duration = true;
                p.push(("timeout".into(), T::Raw(format!("Duration.millis({ms})"))));
            }
            let mut out = format!(
                "new integrations.WebSocketLambdaIntegration({}, lambda.Function.fromFunctionArn(stack, {}, {})",
                lit(id),
                lit(&format!("{id}Function")),
                lit(arn)
            );
            if !p.is_empty() {
                out.push_str(", ");
                render(&T::Obj(p), 0, &mut out);
            }
            out.push(')');
            return Some(out);
        }
        IntegrationType::Http | IntegrationType::HttpProxy => return None,
    };
    // MOCK and AWS: templates, responses, and for AWS the rest of its props
    if !g.request_templates.is_empty() {
        props.push(("requestTemplates".into(), templates(&g.request_templates)));
    }
    if let Some(t) = &g.template_selection_expression {
        props.push(("templateSelectionExpression".into(), T::Str(t.clone())));
    }
    if g.integration_type == IntegrationType::Aws {
        if let Some(p) = &g.passthrough_behavior {
            props.push((
                "passthroughBehavior".into(),
                T::Raw(format!("apigwv2.PassthroughBehavior.{}", p.as_str())),
            ));
        }
        if let Some(c) = &g.content_handling_strategy {
            props.push((
                "contentHandling".into(),
                T::Raw(format!("apigwv2.ContentHandling.{}", c.as_str())),
            ));
        }
        for (k, v) in live(&g.extra) {
            match (k.as_str(), v) {
                ("CredentialsArn", Json::String(arn)) => {
                    uses.iam = true;
                    props.push((
                        "credentialsRole".into(),
                        T::Raw(format!(
                            "iam.Role.fromRoleArn(stack, {}, {})",
                            lit(&format!("{id}Role")),
                            lit(arn)
                        )),
                    ));
                }
                ("TimeoutInMillis", Json::Number(ms)) => {
                    uses.duration = true;
                    props.push(("timeout".into(), T::Raw(format!("Duration.millis({ms})"))));
                }
                ("RequestParameters", Json::Object(_)) => {
                    props.push(("requestParameters".into(), json(v)));
                }
                ("PayloadFormatVersion" | "ConnectionType", _) => {}
                _ => return None,
            }
        }
    }
    let rs = responses()?;
    if !rs.is_empty() {
        props.push(("responses".into(), T::Arr(rs)));
    }
    uses.integrations = true;
    let mut out = format!("new integrations.{class}({}", lit(id));
    if !props.is_empty() {
        out.push_str(", ");
        render(&T::Obj(props), 0, &mut out);
    }
    out.push(')');
    Some(out)
}

/// L1 props from members kept in `extra`, by the CloudFormation property list `allowed`.
fn l1_extras(
    props: &mut Vec<(String, T)>,
    extra: &Extra,
    allowed: &[&str],
    what: &str,
    class: &str,
    comments: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    for (k, v) in live(extra) {
        if allowed.contains(&k.as_str()) {
            props.push((camel(k), json(v)));
        } else {
            let n = format!("{k} of {what} is not exported: {class} has no property for it");
            comments.push(n.clone());
            notes.push(n);
        }
    }
}

fn statement(out: &mut String, comments: &[String], head: &str, props: Vec<(String, T)>) {
    out.push('\n');
    for c in comments {
        out.push_str(&format!(
            "// {}\n",
            c.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    out.push_str(head);
    render(&T::Obj(props), 0, out);
    out.push_str(");\n");
}

/// The app.
pub(crate) fn app(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> String {
    let mut uses = Uses::default();
    // which integrations are L2: targeted, every route to them L2, the first one two-way when
    // there are responses (CDK rejects responses on a one-way route)
    let l2: Vec<Option<String>> = s
        .integrations
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let routes: Vec<&Route> = s
                .routes
                .iter()
                .filter(|r| super::target_index(s, r.target.as_deref()) == Some(gi))
                .collect();
            let first = routes.first()?;
            let modes: Option<Vec<bool>> = routes.iter().map(|r| l2_route(r)).collect();
            let modes = modes?;
            if !g.integration_responses.is_empty() && !modes[0] {
                let _ = first;
                return None;
            }
            let mut u = Uses::default();
            let e = l2_integration(g, &n.integrations[gi].pascal, &mut u)?;
            uses.integrations |= u.integrations;
            uses.lambda |= u.lambda;
            uses.iam |= u.iam;
            uses.duration |= u.duration;
            Some(e)
        })
        .collect();

    let mut body = String::new();
    let mut api_props = vec![(
        "routeSelectionExpression".to_string(),
        T::Str(s.api.route_selection_expression.clone()),
    )];
    if let Some(name) = &s.api.name {
        api_props.insert(0, ("apiName".into(), T::Str(name.clone())));
    }
    let mut comments = Vec::new();
    for (k, v) in live(&s.api.extra) {
        match (k.as_str(), v) {
            ("Description", Json::String(d)) => {
                api_props.push(("description".into(), T::Str(d.clone())))
            }
            _ => {
                let m =
                    format!("{k} of the API is not exported: WebSocketApi has no property for it");
                comments.push(m.clone());
                notes.push(m);
            }
        }
    }
    statement(
        &mut body,
        &comments,
        &format!(
            "const {} = new apigwv2.WebSocketApi(stack, {}, ",
            n.api.camel,
            lit(&n.api.pascal)
        ),
        api_props,
    );
    let api_id = format!("{}.apiId", n.api.camel);

    // L1 integrations and their responses
    for (gi, g) in s.integrations.iter().enumerate() {
        if l2[gi].is_some() {
            continue;
        }
        let gn = &n.integrations[gi];
        let what = match &g.integration_id {
            Some(id) => format!("integration `{id}`"),
            None => format!("integration #{}", gi + 1),
        };
        let mut props = vec![
            ("apiId".to_string(), T::Raw(api_id.clone())),
            (
                "integrationType".into(),
                T::Str(g.integration_type.as_str().into()),
            ),
        ];
        if let Some(m) = &g.integration_method {
            props.push(("integrationMethod".into(), T::Str(m.clone())));
        }
        if let Some(u) = &g.integration_uri {
            props.push(("integrationUri".into(), T::Str(u.clone())));
        }
        if let Some(t) = &g.template_selection_expression {
            props.push(("templateSelectionExpression".into(), T::Str(t.clone())));
        }
        if !g.request_templates.is_empty() {
            props.push(("requestTemplates".into(), templates(&g.request_templates)));
        }
        if let Some(p) = &g.passthrough_behavior {
            props.push(("passthroughBehavior".into(), T::Str(p.as_str().into())));
        }
        if let Some(c) = &g.content_handling_strategy {
            props.push(("contentHandlingStrategy".into(), T::Str(c.as_str().into())));
        }
        let mut comments = Vec::new();
        l1_extras(
            &mut props,
            &g.extra,
            INTEGRATION_PROPS,
            &what,
            "CfnIntegration",
            &mut comments,
            notes,
        );
        statement(
            &mut body,
            &comments,
            &format!(
                "const {} = new apigwv2.CfnIntegration(stack, {}, ",
                gn.camel,
                lit(&gn.pascal)
            ),
            props,
        );
        for (ri, r) in g.integration_responses.iter().enumerate() {
            let what = format!(
                "integration response `{}` of {what}",
                r.integration_response_key
            );
            let mut props = vec![
                ("apiId".to_string(), T::Raw(api_id.clone())),
                ("integrationId".into(), T::Raw(format!("{}.ref", gn.camel))),
                (
                    "integrationResponseKey".into(),
                    T::Str(r.integration_response_key.clone()),
                ),
            ];
            if let Some(t) = &r.template_selection_expression {
                props.push(("templateSelectionExpression".into(), T::Str(t.clone())));
            }
            if !r.response_templates.is_empty() {
                props.push(("responseTemplates".into(), templates(&r.response_templates)));
            }
            if let Some(c) = &r.content_handling_strategy {
                props.push(("contentHandlingStrategy".into(), T::Str(c.as_str().into())));
            }
            let mut comments = Vec::new();
            l1_extras(
                &mut props,
                &r.extra,
                INTEGRATION_RESPONSE_PROPS,
                &what,
                "CfnIntegrationResponse",
                &mut comments,
                notes,
            );
            statement(
                &mut body,
                &comments,
                &format!(
                    "new apigwv2.CfnIntegrationResponse(stack, {}, ",
                    lit(&n.integration_responses[gi][ri].pascal)
                ),
                props,
            );
        }
    }

    // L2 integrations
    for (gi, e) in l2.iter().enumerate() {
        if let Some(e) = e {
            body.push_str(&format!("\nconst {} = {e};\n", n.integrations[gi].camel));
        }
    }

    // routes
    for (i, r) in s.routes.iter().enumerate() {
        let rn = &n.routes[i];
        let gi = super::target_index(s, r.target.as_deref());
        if let Some(gi) = gi
            && l2[gi].is_some()
        {
            let two_way = l2_route(r).unwrap_or(false);
            let mut props = vec![(
                "integration".to_string(),
                T::Raw(n.integrations[gi].camel.clone()),
            )];
            if two_way {
                props.push(("returnResponse".into(), T::Raw("true".into())));
            }
            statement(
                &mut body,
                &[],
                &format!("{}.addRoute({}, ", n.api.camel, lit(&r.route_key)),
                props,
            );
            continue;
        }
        let what = format!("route `{}`", r.route_key);
        let mut comments = Vec::new();
        let mut props = vec![
            ("apiId".to_string(), T::Raw(api_id.clone())),
            ("routeKey".into(), T::Str(r.route_key.clone())),
        ];
        match gi {
            Some(gi) => props.push((
                "target".into(),
                T::Raw(format!(
                    "\"integrations/\" + {}.ref",
                    n.integrations[gi].camel
                )),
            )),
            None => {
                if let Some(t) = &r.target {
                    let m = format!(
                        "{what} targets `{t}`, which is not an integration of the scenario: written as it is"
                    );
                    comments.push(m.clone());
                    notes.push(m);
                    props.push(("target".into(), T::Str(t.clone())));
                }
            }
        }
        if let Some(e) = &r.route_response_selection_expression {
            props.push(("routeResponseSelectionExpression".into(), T::Str(e.clone())));
        }
        l1_extras(
            &mut props,
            &r.extra,
            ROUTE_PROPS,
            &what,
            "CfnRoute",
            &mut comments,
            notes,
        );
        let head = if r.route_responses.is_empty() {
            format!("new apigwv2.CfnRoute(stack, {}, ", lit(&rn.pascal))
        } else {
            format!(
                "const {} = new apigwv2.CfnRoute(stack, {}, ",
                rn.camel,
                lit(&rn.pascal)
            )
        };
        statement(&mut body, &comments, &head, props);
        for (j, rr) in r.route_responses.iter().enumerate() {
            let what = format!("route response `{}` of {what}", rr.route_response_key);
            let mut props = vec![
                ("apiId".to_string(), T::Raw(api_id.clone())),
                ("routeId".into(), T::Raw(format!("{}.ref", rn.camel))),
                (
                    "routeResponseKey".into(),
                    T::Str(rr.route_response_key.clone()),
                ),
            ];
            let mut comments = Vec::new();
            l1_extras(
                &mut props,
                &rr.extra,
                ROUTE_RESPONSE_PROPS,
                &what,
                "CfnRouteResponse",
                &mut comments,
                notes,
            );
            statement(
                &mut body,
                &comments,
                &format!(
                    "new apigwv2.CfnRouteResponse(stack, {}, ",
                    lit(&n.route_responses[i][j].pascal)
                ),
                props,
            );
        }
    }

    let mut out = String::new();
    if !s.title.is_empty() {
        out.push_str(&format!(
            "// {}\n",
            s.title.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    out.push_str(
        "// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are\n\
         // plain double-quoted literals, so the templates' ${...} reach API Gateway as written.\n",
    );
    let mut core = vec!["App", "Stack"];
    if uses.duration {
        core.push("Duration");
    }
    out.push_str(&format!(
        "import {{ {} }} from 'aws-cdk-lib';\n",
        core.join(", ")
    ));
    out.push_str("import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';\n");
    if uses.integrations {
        out.push_str(
            "import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';\n",
        );
    }
    if uses.iam {
        out.push_str("import * as iam from 'aws-cdk-lib/aws-iam';\n");
    }
    if uses.lambda {
        out.push_str("import * as lambda from 'aws-cdk-lib/aws-lambda';\n");
    }
    out.push_str(
        "\nconst app = new App();\nconst stack = new Stack(app, \"WebSocketApiStack\");\n",
    );
    out.push_str(&body);
    out.push_str("\napp.synth();\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_keys_map_to_l2_helpers_only_when_exact() {
        assert_eq!(
            response_key("/2\\d{2}/").unwrap(),
            "apigwv2.WebSocketIntegrationResponseKey.success"
        );
        assert_eq!(
            response_key("/200/").unwrap(),
            "apigwv2.WebSocketIntegrationResponseKey.fromStatusCode(200)"
        );
        assert_eq!(
            response_key("/2\\d\\d/").unwrap(),
            "apigwv2.WebSocketIntegrationResponseKey.fromStatusRegExp(\"2\\\\d\\\\d\")"
        );
        assert!(response_key("/a/b/").is_none());
        assert!(response_key("/(a/").is_none());
        assert!(response_key("/a*+/").is_none());
        assert!(response_key("/007/").unwrap().contains("fromStatusRegExp"));
        assert!(response_key("no slashes").is_none());
    }

    #[test]
    fn lambda_arns_come_out_of_the_uri() {
        assert_eq!(
            function_arn(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"
            ),
            Some("arn:aws:lambda:us-east-1:1:function:f")
        );
        assert_eq!(function_arn("https://x"), None);
    }
}

//! CloudFormation export, YAML and JSON: the API, its integrations with their integration
//! responses, its routes with their route responses, linked with `Ref` and `Fn::Join`. Templates
//! are plain strings, never `!Sub`, so their `${…}` reach API Gateway as written.

use super::names::Names;
use super::yaml::{self, Scalar};
use crate::engine::model::Scenario;
use serde_json::{Map, Value as Json};

/// A property value.
pub(crate) enum V {
    /// Text.
    S(String),
    /// Any JSON (members kept from the input).
    J(Json),
    /// `!Ref X`.
    Ref(String),
    /// `!Join ['/', [integrations, !Ref X]]`.
    Target(String),
    /// A mapping.
    Map(Vec<(String, V)>),
}

pub(crate) struct Resource {
    pub id: String,
    pub ty: &'static str,
    pub props: Vec<(String, V)>,
    /// Said before the resource (YAML comments).
    pub comments: Vec<String>,
}

/// Properties of each resource type that members kept in `extra` may be exported as.
pub(crate) const API_PROPS: &[&str] = &[
    "ApiKeySelectionExpression",
    "Description",
    "DisableSchemaValidation",
    "DisableExecuteApiEndpoint",
    "IpAddressType",
    "Tags",
    "Version",
];
pub(crate) const INTEGRATION_PROPS: &[&str] = &[
    "ConnectionId",
    "ConnectionType",
    "CredentialsArn",
    "Description",
    "IntegrationSubtype",
    "PayloadFormatVersion",
    "RequestParameters",
    "ResponseParameters",
    "TimeoutInMillis",
    "TlsConfig",
];
pub(crate) const INTEGRATION_RESPONSE_PROPS: &[&str] = &["ResponseParameters"];
pub(crate) const ROUTE_PROPS: &[&str] = &[
    "ApiKeyRequired",
    "AuthorizationScopes",
    "AuthorizationType",
    "AuthorizerId",
    "ModelSelectionExpression",
    "OperationName",
    "RequestModels",
    "RequestParameters",
];
pub(crate) const ROUTE_RESPONSE_PROPS: &[&str] = &[
    "ModelSelectionExpression",
    "ResponseModels",
    "ResponseParameters",
];
/// Members that AWS sets (ids, dates, flags): never exported, never mentioned.
pub(crate) const READ_ONLY: &[&str] = &[
    "ApiId",
    "ApiEndpoint",
    "ApiGatewayManaged",
    "CreatedDate",
    "IntegrationId",
    "IntegrationResponseId",
    "IntegrationResponseSelectionExpression",
    "ProtocolType",
    "RouteId",
    "RouteResponseId",
    "Warnings",
    "ImportInfo",
];

/// Splits `extra` into what `allowed` takes and notes on the rest.
pub(crate) fn extras<'a>(
    extra: &'a crate::engine::model::Extra,
    allowed: &[&str],
    what: &str,
    format: &str,
    notes: &mut Vec<String>,
    comments: &mut Vec<String>,
) -> Vec<(&'a str, &'a Json)> {
    let mut out = Vec::new();
    for (k, v) in extra {
        if allowed.contains(&k.as_str()) {
            out.push((k.as_str(), v));
        } else if !READ_ONLY.contains(&k.as_str()) {
            let n = format!("{k} of {what} is not exported: {format} has no place for it");
            comments.push(n.clone());
            notes.push(n);
        }
    }
    out
}

fn templates(m: &indexmap::IndexMap<String, String>) -> V {
    V::Map(
        m.iter()
            .map(|(k, v)| (k.clone(), V::S(v.clone())))
            .collect(),
    )
}

/// The resources of `s`.
pub(crate) fn resources(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> Vec<Resource> {
    let api_ref = || V::Ref(n.api.pascal.clone());
    let mut out = Vec::new();
    let mut comments = Vec::new();
    let mut props = vec![
        (
            "Name".to_string(),
            V::S(s.api.name.clone().unwrap_or_else(|| "websocket-api".into())),
        ),
        ("ProtocolType".into(), V::S("WEBSOCKET".into())),
        (
            "RouteSelectionExpression".into(),
            V::S(s.api.route_selection_expression.clone()),
        ),
    ];
    for (k, v) in extras(
        &s.api.extra,
        API_PROPS,
        "the API",
        "CloudFormation",
        notes,
        &mut comments,
    ) {
        props.push((k.to_string(), V::J(v.clone())));
    }
    out.push(Resource {
        id: n.api.pascal.clone(),
        ty: "AWS::ApiGatewayV2::Api",
        props,
        comments: std::mem::take(&mut comments),
    });
    for (gi, g) in s.integrations.iter().enumerate() {
        let gname = &n.integrations[gi];
        let what = match &g.integration_id {
            Some(id) => format!("integration `{id}`"),
            None => format!("integration #{}", gi + 1),
        };
        let mut props = vec![
            ("ApiId".to_string(), api_ref()),
            (
                "IntegrationType".into(),
                V::S(g.integration_type.as_str().into()),
            ),
        ];
        if let Some(m) = &g.integration_method {
            props.push(("IntegrationMethod".into(), V::S(m.clone())));
        }
        if let Some(u) = &g.integration_uri {
            props.push(("IntegrationUri".into(), V::S(u.clone())));
        }
        if let Some(t) = &g.template_selection_expression {
            props.push(("TemplateSelectionExpression".into(), V::S(t.clone())));
        }
        if !g.request_templates.is_empty() {
            props.push(("RequestTemplates".into(), templates(&g.request_templates)));
        }
        if let Some(p) = &g.passthrough_behavior {
            props.push(("PassthroughBehavior".into(), V::S(p.as_str().into())));
        }
        if let Some(c) = &g.content_handling_strategy {
            props.push(("ContentHandlingStrategy".into(), V::S(c.as_str().into())));
        }
        for (k, v) in extras(
            &g.extra,
            INTEGRATION_PROPS,
            &what,
            "CloudFormation",
            notes,
            &mut comments,
        ) {
            props.push((k.to_string(), V::J(v.clone())));
        }
        out.push(Resource {
            id: gname.pascal.clone(),
            ty: "AWS::ApiGatewayV2::Integration",
            props,
            comments: std::mem::take(&mut comments),
        });
        for (ri, r) in g.integration_responses.iter().enumerate() {
            let what = format!(
                "integration response `{}` of {what}",
                r.integration_response_key
            );
            let mut props = vec![
                ("ApiId".to_string(), api_ref()),
                ("IntegrationId".into(), V::Ref(gname.pascal.clone())),
                (
                    "IntegrationResponseKey".into(),
                    V::S(r.integration_response_key.clone()),
                ),
            ];
            if let Some(t) = &r.template_selection_expression {
                props.push(("TemplateSelectionExpression".into(), V::S(t.clone())));
            }
            if !r.response_templates.is_empty() {
                props.push(("ResponseTemplates".into(), templates(&r.response_templates)));
            }
            if let Some(c) = &r.content_handling_strategy {
                props.push(("ContentHandlingStrategy".into(), V::S(c.as_str().into())));
            }
            for (k, v) in extras(
                &r.extra,
                INTEGRATION_RESPONSE_PROPS,
                &what,
                "CloudFormation",
                notes,
                &mut comments,
            ) {
                props.push((k.to_string(), V::J(v.clone())));
            }
            out.push(Resource {
                id: n.integration_responses[gi][ri].pascal.clone(),
                ty: "AWS::ApiGatewayV2::IntegrationResponse",
                props,
                comments: std::mem::take(&mut comments),
            });
        }
    }
    for (i, r) in s.routes.iter().enumerate() {
        let rname = &n.routes[i];
        let what = format!("route `{}`", r.route_key);
        let mut props = vec![
            ("ApiId".to_string(), api_ref()),
            ("RouteKey".into(), V::S(r.route_key.clone())),
        ];
        match super::target_index(s, r.target.as_deref()) {
            Some(gi) => props.push((
                "Target".into(),
                V::Target(n.integrations[gi].pascal.clone()),
            )),
            None => {
                if let Some(t) = &r.target {
                    let m = format!(
                        "{what} targets `{t}`, which is not an integration of the scenario: written as it is"
                    );
                    comments.push(m.clone());
                    notes.push(m);
                    props.push(("Target".into(), V::S(t.clone())));
                }
            }
        }
        if let Some(e) = &r.route_response_selection_expression {
            props.push(("RouteResponseSelectionExpression".into(), V::S(e.clone())));
        }
        for (k, v) in extras(
            &r.extra,
            ROUTE_PROPS,
            &what,
            "CloudFormation",
            notes,
            &mut comments,
        ) {
            props.push((k.to_string(), V::J(v.clone())));
        }
        out.push(Resource {
            id: rname.pascal.clone(),
            ty: "AWS::ApiGatewayV2::Route",
            props,
            comments: std::mem::take(&mut comments),
        });
        for (j, rr) in r.route_responses.iter().enumerate() {
            let what = format!("route response `{}` of {what}", rr.route_response_key);
            let mut props = vec![
                ("ApiId".to_string(), api_ref()),
                ("RouteId".into(), V::Ref(rname.pascal.clone())),
                (
                    "RouteResponseKey".into(),
                    V::S(rr.route_response_key.clone()),
                ),
            ];
            for (k, v) in extras(
                &rr.extra,
                ROUTE_RESPONSE_PROPS,
                &what,
                "CloudFormation",
                notes,
                &mut comments,
            ) {
                props.push((k.to_string(), V::J(v.clone())));
            }
            out.push(Resource {
                id: n.route_responses[i][j].pascal.clone(),
                ty: "AWS::ApiGatewayV2::RouteResponse",
                props,
                comments: std::mem::take(&mut comments),
            });
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The template as YAML.
pub(crate) fn yaml(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> String {
    let res = resources(s, n, notes);
    let mut out = String::new();
    if !s.title.is_empty() {
        out.push_str(&format!("# {}\n", super::comment(&s.title)));
    }
    out.push_str("# Exported by apigw-playground. Templates are plain strings, not !Sub, so their ${...} reach\n# API Gateway as written. Add an AWS::ApiGatewayV2::Stage (and Deployment) to deploy.\n");
    out.push_str("AWSTemplateFormatVersion: '2010-09-09'\n");
    if !s.title.is_empty() {
        out.push_str("Description: ");
        write_scalar(&mut out, &one_line(&s.title), 0);
    }
    out.push_str("Resources:\n");
    for (i, r) in res.iter().enumerate() {
        write_resource(&mut out, i, r, &[]);
    }
    out
}

/// Writes one resource under `Resources:` (the `i`th), with its `DependsOn`.
fn write_resource(out: &mut String, i: usize, r: &Resource, depends_on: &[String]) {
    // a blank line between resources, unless the last one ended in a `|+` block, which
    // would take the blank line for its own
    if i > 0 && !out.ends_with("\n\n") {
        out.push('\n');
    }
    for c in &r.comments {
        out.push_str(&format!("  # {}\n", super::comment(c)));
    }
    out.push_str(&format!("  {}:\n    Type: {}\n", yaml::key(&r.id), r.ty));
    if !depends_on.is_empty() {
        out.push_str("    DependsOn:\n");
        for d in depends_on {
            out.push_str(&format!("      - {}\n", yaml::key(d)));
        }
    }
    if !r.props.is_empty() {
        out.push_str("    Properties:\n");
        write_map(out, &r.props, 6);
    }
}

/// A deployable stack as YAML: the resources of `s`, each integration response created after
/// the one listed before it (so creation order is the listed order), a deployment that waits
/// for every route, route response and integration response, a stage, and the `wss://` URL as
/// an output.
pub(crate) fn stack_yaml(
    s: &Scenario,
    n: &Names,
    notes: &mut Vec<String>,
    stack: &super::Stack,
) -> String {
    const DEPLOYMENT: &str = "Deployment";
    const STAGE: &str = "Stage";
    let mut res = resources(s, n, notes);
    let api = n.api.pascal.clone();
    let mut depends: Vec<Vec<String>> = vec![Vec::new(); res.len()];
    let mut previous: Option<(String, String)> = None;
    for (i, r) in res.iter().enumerate() {
        if r.ty != "AWS::ApiGatewayV2::IntegrationResponse" {
            continue;
        }
        let integration = r.props.iter().find_map(|(k, v)| match v {
            V::Ref(x) if k == "IntegrationId" => Some(x.clone()),
            _ => None,
        });
        if let (Some(g), Some((pg, pid))) = (&integration, &previous)
            && g == pg
        {
            depends[i].push(pid.clone());
        }
        previous = integration.map(|g| (g, r.id.clone()));
    }
    let waits_for: Vec<String> = res
        .iter()
        .filter(|r| {
            matches!(
                r.ty,
                "AWS::ApiGatewayV2::Route"
                    | "AWS::ApiGatewayV2::RouteResponse"
                    | "AWS::ApiGatewayV2::IntegrationResponse"
            )
        })
        .map(|r| r.id.clone())
        .collect();
    res.push(Resource {
        id: DEPLOYMENT.into(),
        ty: "AWS::ApiGatewayV2::Deployment",
        props: vec![
            ("ApiId".into(), V::Ref(api.clone())),
            (
                "Description".into(),
                V::S("every route, route response and integration response above".into()),
            ),
        ],
        comments: vec![
            "Deployed once everything above exists (a deployment is a snapshot).".into(),
        ],
    });
    depends.push(waits_for);
    res.push(Resource {
        id: STAGE.into(),
        ty: "AWS::ApiGatewayV2::Stage",
        props: vec![
            ("ApiId".into(), V::Ref(api.clone())),
            ("StageName".into(), V::S(stack.stage_name.clone())),
            ("DeploymentId".into(), V::Ref(DEPLOYMENT.into())),
        ],
        comments: Vec::new(),
    });
    depends.push(Vec::new());

    let mut out = String::new();
    for c in &stack.comments {
        if c.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {c}\n"));
        }
    }
    out.push_str("AWSTemplateFormatVersion: '2010-09-09'\nDescription: ");
    write_scalar(&mut out, &one_line(&stack.description), 0);
    out.push_str("Resources:\n");
    for (i, (r, d)) in res.iter().zip(&depends).enumerate() {
        write_resource(&mut out, i, r, d);
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str("Outputs:\n");
    out.push_str(&format!("  {}:\n", yaml::key(&stack.output)));
    out.push_str("    Description: ");
    write_scalar(
        &mut out,
        "The WebSocket URL to probe: apigw-playground probe URL, or the page's live console",
        4,
    );
    out.push_str(&format!(
        "    Value: !Sub 'wss://${{{api}}}.execute-api.${{AWS::Region}}.amazonaws.com/${{{STAGE}}}'\n"
    ));
    out
}

fn write_map(out: &mut String, entries: &[(String, V)], indent: usize) {
    for (k, v) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml::key(k));
        out.push(':');
        write_value(out, v, indent);
    }
}

/// Writes a value after `key:` (a space first, or a newline for nested collections).
fn write_value(out: &mut String, v: &V, indent: usize) {
    match v {
        V::S(s) => {
            out.push(' ');
            write_scalar(out, s, indent);
        }
        V::Ref(x) => {
            out.push_str(&format!(" !Ref {}\n", yaml::key(x)));
        }
        V::Target(x) => {
            out.push_str(&format!(
                " !Join ['/', [integrations, !Ref {}]]\n",
                yaml::key(x)
            ));
        }
        V::Map(e) if e.is_empty() => out.push_str(" {}\n"),
        V::Map(e) => {
            out.push('\n');
            write_map(out, e, indent + 2);
        }
        V::J(j) => write_json(out, j, indent),
    }
}

/// Writes a string (after the space that follows `key:` or `-`).
fn write_scalar(out: &mut String, s: &str, indent: usize) {
    match yaml::scalar(s) {
        Scalar::Inline(t) => {
            out.push_str(&t);
            out.push('\n');
        }
        Scalar::Block(header, lines) => {
            out.push_str(header);
            out.push('\n');
            for l in lines {
                if !l.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(&l);
                }
                out.push('\n');
            }
        }
    }
}

fn write_json(out: &mut String, j: &Json, indent: usize) {
    match j {
        Json::String(s) => {
            out.push(' ');
            write_scalar(out, s, indent);
        }
        Json::Object(m) if m.is_empty() => out.push_str(" {}\n"),
        Json::Object(m) => {
            out.push('\n');
            for (k, v) in m {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(&yaml::key(k));
                out.push(':');
                write_json(out, v, indent + 2);
            }
        }
        Json::Array(a) if a.is_empty() => out.push_str(" []\n"),
        Json::Array(a) => {
            out.push('\n');
            for v in a {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                write_json(out, v, indent + 2);
            }
        }
        // null, booleans and numbers are written as JSON writes them, which YAML reads the same
        other => {
            out.push(' ');
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}

/// A value as CloudFormation JSON.
fn to_json(v: &V) -> Json {
    match v {
        V::S(s) => Json::String(s.clone()),
        V::J(j) => j.clone(),
        V::Ref(x) => serde_json::json!({ "Ref": x }),
        V::Target(x) => serde_json::json!({ "Fn::Join": ["/", ["integrations", { "Ref": x }]] }),
        V::Map(e) => {
            let mut m = Map::new();
            for (k, v) in e {
                m.insert(k.clone(), to_json(v));
            }
            Json::Object(m)
        }
    }
}

/// The template as JSON.
pub(crate) fn json(s: &Scenario, n: &Names, notes: &mut Vec<String>) -> String {
    let res = resources(s, n, notes);
    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
    if !s.title.is_empty() {
        t.insert("Description".into(), one_line(&s.title).into());
    }
    let mut rs = Map::new();
    for r in &res {
        let mut m = Map::new();
        m.insert("Type".into(), r.ty.into());
        let mut p = Map::new();
        for (k, v) in &r.props {
            p.insert(k.clone(), to_json(v));
        }
        m.insert("Properties".into(), Json::Object(p));
        rs.insert(r.id.clone(), Json::Object(m));
    }
    t.insert("Resources".into(), Json::Object(rs));
    let mut out = serde_json::to_string_pretty(&Json::Object(t)).unwrap_or_default();
    out.push('\n');
    out
}

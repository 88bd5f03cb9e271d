//! CloudFormation / SAM import: the `AWS::ApiGatewayV2::{Api, Route, RouteResponse, Integration,
//! IntegrationResponse}` resources of a template or snippet, with intrinsic functions (short and
//! long forms) resolved between the snippet's own resources. A reference to anything CloudFormation
//! fills in at deploy time stays as text (`${Name}`), with a note.

use super::imp::{Builder, note};
use super::node::{Kind as NodeKind, Node, long_form};
use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::model::{Api, Integration, IntegrationResponse, Route, RouteResponse};
use crate::engine::span::Span;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

const API: &str = "AWS::ApiGatewayV2::Api";
const ROUTE: &str = "AWS::ApiGatewayV2::Route";
const ROUTE_RESPONSE: &str = "AWS::ApiGatewayV2::RouteResponse";
const INTEGRATION: &str = "AWS::ApiGatewayV2::Integration";
const INTEGRATION_RESPONSE: &str = "AWS::ApiGatewayV2::IntegrationResponse";

/// Members that are text in the API, read as text even when YAML would type them (`RouteKey:
/// true` is the route key `true`).
const TEXT_MEMBERS: &[&str] = &[
    "Name",
    "RouteSelectionExpression",
    "RouteKey",
    "Target",
    "RouteResponseSelectionExpression",
    "RouteResponseKey",
    "IntegrationResponseKey",
    "TemplateSelectionExpression",
    "IntegrationUri",
    "IntegrationMethod",
    "IntegrationType",
    "PassthroughBehavior",
    "ContentHandlingStrategy",
    "ModelSelectionExpression",
    "CredentialsArn",
    "Description",
];

/// Maps of text.
const TEXT_MAPS: &[&str] = &["RequestTemplates", "ResponseTemplates"];

/// True for a CloudFormation template, a `Resources` snippet or a single resource.
pub(crate) fn is_template(d: &Node) -> bool {
    d.has("Resources") || d.has("AWSTemplateFormatVersion") || !resources(d).is_empty()
}

/// The resources of a template or snippet: logical id, resource, span of the logical id.
fn resources(d: &Node) -> Vec<(String, &Node, Option<Span>)> {
    let is_resource = |n: &Node| {
        n.get("Type")
            .and_then(Node::as_str)
            .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
    };
    if let Some(r) = d.get("Resources") {
        return r
            .entries()
            .map(|e| e.iter().map(|(k, v)| (k.key_text(), v, k.span)).collect())
            .unwrap_or_default();
    }
    if is_resource(d) {
        return vec![("Resource".to_string(), d, d.span)];
    }
    match d.entries() {
        Some(e) if e.iter().any(|(_, v)| is_resource(v)) => e
            .iter()
            .filter(|(_, v)| v.has("Type"))
            .map(|(k, v)| (k.key_text(), v, k.span))
            .collect(),
        _ => Vec::new(),
    }
}

/// What a name refers to.
enum Target<'a> {
    Resource(&'a str),
    Parameter(Option<&'a Node>),
}

/// Something left as text, for the note about it.
struct Kept {
    text: String,
    why: &'static str,
    severity: Severity,
}

struct Cfn<'a> {
    names: HashMap<String, Target<'a>>,
    kept: Vec<Kept>,
    notes: Vec<Diagnostic>,
}

pub(crate) fn import_template(d: &Node, b: &mut Builder) {
    let res = resources(d);
    if let Some(t) = d.get("Description").and_then(Node::as_str)
        && b.title.is_none()
    {
        b.title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut names = HashMap::new();
    if let Some(params) = d.get("Parameters").and_then(Node::entries) {
        for (k, v) in params {
            names.insert(k.key_text(), Target::Parameter(v.get("Default")));
        }
    }
    for (id, r, _) in &res {
        if let Some(t) = r.get("Type").and_then(Node::as_str) {
            names.insert(id.clone(), Target::Resource(t));
        }
    }
    let mut cx = Cfn {
        names,
        kept: Vec::new(),
        notes: Vec::new(),
    };
    let ty = |r: &Node| {
        r.get("Type")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string()
    };

    // the API: the first WebSocket one
    let apis: Vec<&(String, &Node, Option<Span>)> =
        res.iter().filter(|(_, r, _)| ty(r) == API).collect();
    let mut api_id: Option<String> = None;
    let mut skipped_apis: Vec<String> = Vec::new();
    for (id, r, sp) in &apis {
        let props = r.get("Properties");
        let proto = props
            .and_then(|p| p.get("ProtocolType"))
            .and_then(Node::as_str)
            .unwrap_or("");
        if proto != "WEBSOCKET" {
            cx.notes.push(note(
                Severity::Warning,
                format!(
                    "API `{id}` is not a WebSocket API (ProtocolType {}), so it was skipped",
                    if proto.is_empty() { "not set" } else { proto }
                ),
                *sp,
            ));
            skipped_apis.push(id.clone());
            continue;
        }
        if api_id.is_some() {
            cx.notes.push(note(
                Severity::Warning,
                format!("a second WebSocket API, `{id}`: only the first was imported"),
                *sp,
            ));
            skipped_apis.push(id.clone());
            continue;
        }
        api_id = Some(id.clone());
        let mut m = match props {
            Some(p) => cx.props(p, id),
            None => Map::new(),
        };
        m.remove("ProtocolType");
        if !m.contains_key("RouteSelectionExpression") {
            cx.notes.push(note(
                Severity::Warning,
                format!(
                    "API `{id}` has no RouteSelectionExpression: `$request.body.action` is assumed"
                ),
                *sp,
            ));
            m.insert(
                "RouteSelectionExpression".into(),
                "$request.body.action".into(),
            );
        }
        if let Some(a) = cx.model::<Api>(m, *sp, id) {
            b.set_api(a, *sp);
        }
    }

    // which resources belong to another API
    let foreign = |cx: &mut Cfn, id: &str, r: &Node, sp: Option<Span>| -> bool {
        let Some(a) = r.get("Properties").and_then(|p| p.get("ApiId")) else {
            return false;
        };
        if let Some(name) = ref_name(a)
            && skipped_apis.iter().any(|s| s == name)
        {
            cx.notes.push(note(
                Severity::Info,
                format!("`{id}` belongs to API `{name}`, which was not imported"),
                sp,
            ));
            return true;
        }
        false
    };

    // integrations, with their responses
    let mut integrations: Vec<(String, Integration, Option<Span>)> = Vec::new();
    for (id, r, sp) in &res {
        if ty(r) != INTEGRATION || foreign(&mut cx, id, r, *sp) {
            continue;
        }
        cx.condition(id, r, *sp);
        let mut m = r
            .get("Properties")
            .map(|p| cx.props(p, id))
            .unwrap_or_default();
        m.remove("ApiId");
        m.insert("IntegrationId".into(), Json::String(id.clone()));
        if let Some(g) = cx.model::<Integration>(m, *sp, id) {
            integrations.push((id.clone(), g, *sp));
        }
    }
    let mut loose_irs: Vec<(Option<String>, IntegrationResponse, Option<Span>, String)> =
        Vec::new();
    for (id, r, sp) in &res {
        if ty(r) != INTEGRATION_RESPONSE || foreign(&mut cx, id, r, *sp) {
            continue;
        }
        cx.condition(id, r, *sp);
        let props = r.get("Properties");
        let mut m = props.map(|p| cx.props(p, id)).unwrap_or_default();
        m.remove("ApiId");
        let target = match m.remove("IntegrationId") {
            Some(Json::String(s)) => Some(s),
            _ => None,
        };
        let Some(x) = cx.model::<IntegrationResponse>(m, *sp, id) else {
            continue;
        };
        match target
            .as_deref()
            .and_then(|t| integrations.iter().position(|(i, _, _)| i == t))
        {
            Some(i) => integrations[i].1.integration_responses.push(x),
            None => loose_irs.push((target, x, *sp, id.clone())),
        }
    }

    // routes, with their route responses
    let mut routes: Vec<(String, Route, Option<Span>)> = Vec::new();
    for (id, r, sp) in &res {
        if ty(r) != ROUTE || foreign(&mut cx, id, r, *sp) {
            continue;
        }
        cx.condition(id, r, *sp);
        let mut m = r
            .get("Properties")
            .map(|p| cx.props(p, id))
            .unwrap_or_default();
        m.remove("ApiId");
        if let Some(x) = cx.model::<Route>(m, *sp, id) {
            routes.push((id.clone(), x, *sp));
        }
    }
    let mut loose_rrs: Vec<(Option<String>, RouteResponse, Option<Span>, String)> = Vec::new();
    for (id, r, sp) in &res {
        if ty(r) != ROUTE_RESPONSE || foreign(&mut cx, id, r, *sp) {
            continue;
        }
        cx.condition(id, r, *sp);
        let mut m = r
            .get("Properties")
            .map(|p| cx.props(p, id))
            .unwrap_or_default();
        m.remove("ApiId");
        let target = match m.remove("RouteId") {
            Some(Json::String(s)) => Some(s),
            _ => None,
        };
        let Some(x) = cx.model::<RouteResponse>(m, *sp, id) else {
            continue;
        };
        match target
            .as_deref()
            .and_then(|t| routes.iter().position(|(i, _, _)| i == t))
        {
            Some(i) => routes[i].1.route_responses.push(x),
            None => loose_rrs.push((target, x, *sp, id.clone())),
        }
    }

    // everything else is listed
    let mut others: Vec<(String, Vec<String>, Option<Span>)> = Vec::new();
    for (id, r, sp) in &res {
        let t = ty(r);
        if matches!(
            t.as_str(),
            API | ROUTE | ROUTE_RESPONSE | INTEGRATION | INTEGRATION_RESPONSE
        ) {
            continue;
        }
        let t = if t.is_empty() {
            "(no Type)".to_string()
        } else {
            t
        };
        match others.iter_mut().find(|(x, _, _)| *x == t) {
            Some((_, ids, _)) => ids.push(id.clone()),
            None => others.push((t, vec![id.clone()], *sp)),
        }
    }
    for (t, ids, sp) in others {
        let why = if t.starts_with("AWS::ApiGatewayV2::") {
            "not simulated"
        } else {
            "not part of the API's message flow"
        };
        let list = ids
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.notes.push(note(
            Severity::Info,
            format!("{t} ({why}), not imported: {list}"),
            sp,
        ));
    }
    if api_id.is_none() && apis.is_empty() && (!routes.is_empty() || !integrations.is_empty()) {
        cx.notes.push(note(
            Severity::Info,
            "no AWS::ApiGatewayV2::Api in the snippet: its RouteSelectionExpression is taken to be `$request.body.action`",
            None,
        ));
    }

    b.notes.append(&mut cx.notes);
    for (_, g, sp) in integrations {
        b.add_integration(g, sp);
    }
    for (_, r, sp) in routes {
        b.add_route(r, sp);
    }
    for (target, x, sp, id) in loose_irs {
        b.add_integration_responses(
            vec![(x, sp)],
            target,
            sp,
            format!("integration response `{id}`"),
        );
    }
    for (target, x, sp, id) in loose_rrs {
        b.add_route_responses(vec![(x, sp)], target, sp, format!("route response `{id}`"));
    }
}

/// The name of `!Ref X` / `{"Ref": "X"}`.
fn ref_name(n: &Node) -> Option<&str> {
    match &n.kind {
        NodeKind::Tagged(t, inner) if t == "Ref" => inner.as_str(),
        NodeKind::Map(e) if e.len() == 1 && e[0].0.as_str() == Some("Ref") => e[0].1.as_str(),
        _ => None,
    }
}

/// The function and argument of an intrinsic function in either form.
fn intrinsic(n: &Node) -> Option<(String, &Node)> {
    match &n.kind {
        NodeKind::Tagged(t, inner) => Some((long_form(t), inner)),
        NodeKind::Map(e) if e.len() == 1 => {
            let k = e[0].0.as_str()?;
            (k == "Ref" || k.starts_with("Fn::")).then(|| (k.to_string(), &e[0].1))
        }
        _ => None,
    }
}

impl<'a> Cfn<'a> {
    fn condition(&mut self, id: &str, r: &Node, sp: Option<Span>) {
        if let Some(c) = r.get("Condition").and_then(Node::as_str) {
            self.notes.push(note(
                Severity::Info,
                format!("`{id}` has Condition `{c}`: imported as if it held"),
                sp,
            ));
        }
    }

    /// Reads a resource's properties into API members, resolving intrinsic functions.
    fn props(&mut self, props: &Node, id: &str) -> Map<String, Json> {
        let mut m = Map::new();
        let Some(entries) = props.entries() else {
            self.notes.push(note(
                Severity::Warning,
                format!("the Properties of `{id}` are not a mapping"),
                props.span,
            ));
            return m;
        };
        for (k, v) in entries {
            let key = k.key_text();
            if key == "ApiId" {
                // the API is the one imported (checked apart); its id is AWS's
                continue;
            }
            let value = if TEXT_MEMBERS.contains(&key.as_str()) {
                Json::String(self.text(v))
            } else if TEXT_MAPS.contains(&key.as_str()) {
                match v.entries() {
                    Some(e) => {
                        let mut mm = Map::new();
                        for (tk, tv) in e {
                            let t = self.text(tv);
                            self.flush(tv.span, &format!("{key} `{}` of `{id}`", tk.key_text()));
                            mm.insert(tk.key_text(), Json::String(t));
                        }
                        Json::Object(mm)
                    }
                    None => self.json(v),
                }
            } else {
                self.json(v)
            };
            self.flush(v.span, &format!("{key} of `{id}`"));
            m.insert(key, value);
        }
        m
    }

    /// One note for everything kept as text while reading one value.
    fn flush(&mut self, span: Option<Span>, what: &str) {
        if self.kept.is_empty() {
            return;
        }
        let kept = std::mem::take(&mut self.kept);
        let severity = kept
            .iter()
            .map(|k| k.severity)
            .max()
            .unwrap_or(Severity::Info);
        let mut whys: Vec<&str> = kept.iter().map(|k| k.why).collect();
        whys.dedup();
        let mut texts: Vec<String> = kept.iter().map(|k| format!("`{}`", k.text)).collect();
        texts.dedup();
        let mut d = note(
            severity,
            format!(
                "{what}: {} kept as text ({})",
                texts.join(", "),
                whys.join("; ")
            ),
            span,
        );
        if kept.iter().any(|k| k.why == UNKNOWN_IN_SUB) {
            d = d.hint("CloudFormation's Fn::Sub reads every `${…}`: a literal `${…}` for VTL is written `${!…}`, or leave the template out of !Sub");
        }
        self.notes.push(d);
    }

    fn keep(&mut self, text: String, why: &'static str, severity: Severity) -> String {
        self.kept.push(Kept {
            text: text.clone(),
            why,
            severity,
        });
        text
    }

    /// A value resolved to JSON: intrinsic functions become text.
    fn json(&mut self, v: &Node) -> Json {
        if intrinsic(v).is_some() {
            return Json::String(self.text(v));
        }
        match &v.kind {
            NodeKind::Scalar { .. } => v.to_json(),
            NodeKind::Seq(items) => Json::Array(items.iter().map(|x| self.json(x)).collect()),
            NodeKind::Map(e) => {
                let mut m = Map::new();
                for (k, x) in e {
                    let j = self.json(x);
                    m.insert(k.key_text(), j);
                }
                Json::Object(m)
            }
            NodeKind::Tagged(..) => Json::String(self.text(v)),
        }
    }

    /// A value resolved to text.
    fn text(&mut self, v: &Node) -> String {
        if let Some((f, arg)) = intrinsic(v) {
            return self.call(&f, arg);
        }
        match &v.kind {
            NodeKind::Scalar { text, .. } => {
                if v.is_null() {
                    String::new()
                } else {
                    text.clone()
                }
            }
            _ => {
                let t = v.to_json().to_string();
                self.keep(t, "a structure where text was expected", Severity::Warning)
            }
        }
    }

    fn call(&mut self, f: &str, arg: &Node) -> String {
        match f {
            "Ref" => match arg.as_str() {
                Some(name) => self.reference(name, false),
                None => self.unevaluated(f, arg),
            },
            "Fn::Sub" => match &arg.kind {
                NodeKind::Scalar { text, .. } => self.sub(text, &HashMap::new()),
                NodeKind::Seq(items) if items.len() == 2 => {
                    let mut vars = HashMap::new();
                    if let Some(e) = items[1].entries() {
                        for (k, x) in e {
                            let t = self.text(x);
                            vars.insert(k.key_text(), t);
                        }
                    }
                    match items[0].as_str() {
                        Some(t) => {
                            let t = t.to_string();
                            self.sub(&t, &vars)
                        }
                        None => self.unevaluated(f, arg),
                    }
                }
                _ => self.unevaluated(f, arg),
            },
            "Fn::Join" => match arg.items() {
                Some([delim, list]) if list.items().is_some() => {
                    let d = self.text(delim);
                    let parts: Vec<String> = list
                        .items()
                        .unwrap_or_default()
                        .iter()
                        .map(|p| self.text(p))
                        .collect();
                    parts.join(&d)
                }
                _ => self.unevaluated(f, arg),
            },
            "Fn::GetAtt" => {
                let name = match &arg.kind {
                    NodeKind::Scalar { text, .. } => Some(text.clone()),
                    NodeKind::Seq(items) if items.len() == 2 => {
                        match (items[0].as_str(), items[1].as_str()) {
                            (Some(a), Some(b)) => Some(format!("{a}.{b}")),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match name {
                    Some(n) => self.reference(&n, false),
                    None => self.unevaluated(f, arg),
                }
            }
            "Fn::Select" => match arg.items() {
                Some([i, list]) => match (
                    i.as_str().and_then(|s| s.parse::<usize>().ok()),
                    list.items(),
                ) {
                    (Some(i), Some(items)) if i < items.len() => {
                        let item = items[i].clone();
                        self.text(&item)
                    }
                    _ => self.unevaluated(f, arg),
                },
                _ => self.unevaluated(f, arg),
            },
            _ => self.unevaluated(f, arg),
        }
    }

    fn unevaluated(&mut self, f: &str, arg: &Node) -> String {
        let mut m = Map::new();
        m.insert(f.to_string(), arg.to_json());
        self.keep(
            Json::Object(m).to_string(),
            "an intrinsic function the playground does not evaluate",
            Severity::Warning,
        )
    }

    /// What `Ref` / `GetAtt` (`A.B`) of `name` gives; inside `Fn::Sub` when `in_sub`.
    fn reference(&mut self, name: &str, in_sub: bool) -> String {
        let placeholder = format!("${{{name}}}");
        if name.starts_with("AWS::") {
            return self.keep(placeholder, PSEUDO, Severity::Info);
        }
        let (base, attr) = match name.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (name, None),
        };
        match (self.names.get(base), attr) {
            (Some(Target::Resource(t)), None) if *t == INTEGRATION || *t == ROUTE => {
                // the id of an integration or route of the snippet is its logical id here
                base.to_string()
            }
            (Some(Target::Resource(_)), _) => self.keep(placeholder, DEPLOY_TIME, Severity::Info),
            (Some(Target::Parameter(Some(d))), None) => match d.as_str() {
                Some(v) => {
                    let v = v.to_string();
                    self.notes.push(note(
                        Severity::Info,
                        format!("parameter `{name}`: its Default `{v}` was used"),
                        d.span,
                    ));
                    v
                }
                None => self.keep(placeholder, PARAMETER, Severity::Warning),
            },
            (Some(Target::Parameter(_)), _) => self.keep(placeholder, PARAMETER, Severity::Warning),
            (None, _) if in_sub => self.keep(placeholder, UNKNOWN_IN_SUB, Severity::Warning),
            (None, _) => self.keep(placeholder, UNKNOWN, Severity::Warning),
        }
    }

    /// `Fn::Sub`: `${Name}` is a reference (or one of `vars`), `${!Literal}` is the literal
    /// `${Literal}`.
    fn sub(&mut self, text: &str, vars: &HashMap<String, String>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            if let Some(lit) = after.strip_prefix('!') {
                out.push_str("${");
                rest = lit;
                continue;
            }
            match after.find('}') {
                Some(j) => {
                    let name = after[..j].trim();
                    match vars.get(name) {
                        Some(v) => out.push_str(v),
                        None => {
                            let r = self.reference(name, true);
                            out.push_str(&r);
                        }
                    }
                    rest = &after[j + 1..];
                }
                None => {
                    out.push_str("${");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn model<T: serde::de::DeserializeOwned>(
        &mut self,
        m: Map<String, Json>,
        sp: Option<Span>,
        id: &str,
    ) -> Option<T> {
        match super::imp::from_json::<T>(Json::Object(m)) {
            Ok(x) => Some(x),
            Err(e) => {
                self.notes.push(note(
                    Severity::Error,
                    format!("`{id}` could not be read: {e}"),
                    sp,
                ));
                None
            }
        }
    }
}

const PSEUDO: &str = "a pseudo parameter CloudFormation fills in";
const DEPLOY_TIME: &str = "a value CloudFormation fills in at deploy time";
const PARAMETER: &str = "a parameter without a Default";
const UNKNOWN: &str = "neither a parameter nor a resource of the snippet";
const UNKNOWN_IN_SUB: &str =
    "neither a parameter nor a resource of the snippet, which CloudFormation rejects";

#[cfg(test)]
mod tests {
    use super::super::import;
    use crate::engine::diag::Severity;

    #[test]
    fn sub_keeps_escaped_literals_and_resolves_references() {
        let text = r#"
Resources:
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: MOCK
      RequestTemplates:
        "$default": !Sub '{"statusCode": 200, "mode": "${!request.body.mode}", "id": "${Integ}"}'
"#;
        let im = import(text).unwrap();
        let g = &im.scenario.integrations[0];
        assert_eq!(
            g.request_templates["$default"],
            r#"{"statusCode": 200, "mode": "${request.body.mode}", "id": "Integ"}"#
        );
        assert!(
            im.notes.iter().all(|n| n.severity != Severity::Warning),
            "{:#?}",
            im.notes
        );
    }

    #[test]
    fn an_unescaped_vtl_reference_in_sub_is_kept_with_a_warning() {
        let text = r#"
Resources:
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      IntegrationType: MOCK
      RequestTemplates:
        "$default":
          Fn::Sub: '{"mode": "${request.body.mode}"}'
"#;
        let im = import(text).unwrap();
        assert_eq!(
            im.scenario.integrations[0].request_templates["$default"],
            r#"{"mode": "${request.body.mode}"}"#
        );
        let w = im
            .notes
            .iter()
            .find(|n| n.severity == Severity::Warning)
            .expect("a warning");
        assert!(w.message.contains("${request.body.mode}"), "{w:?}");
        assert!(w.hints[0].contains("${!"));
        let sp = w.span.unwrap();
        assert!(text[sp.range()].contains("request.body.mode"));
    }
}

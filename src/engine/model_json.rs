//! The scenario's JSON form, read and written by hand over `serde_json::Value` instead of
//! serde's derives: the derived code for these types (with the `flatten` that keeps unknown
//! members) was about 30 KB of the page's gzipped wasm. The form is the same: members in
//! declaration order, the same ones left out when empty, unknown members kept where the type
//! has `extra` and ignored elsewhere, a missing member taking the type's default. Errors say
//! what was found, what was expected and where (`routes[0].RouteKey`); [`Scenario::from_json`]
//! adds the line and column.
//!
//! [`Scenario::from_json`]: crate::engine::model::Scenario::from_json

use crate::engine::assumptions::Assumptions;
use crate::engine::model::{
    Api, Backend, CONTENT_HANDLINGS, ContentHandling, Expectation, Extra, INTEGRATION_TYPES,
    Integration, IntegrationResponse, IntegrationType, LambdaError, PASSTHROUGHS, Passthrough,
    Route, RouteResponse, Sample, Scenario, TestCase,
};
use indexmap::IndexMap;
use serde_json::{Map, Value as Json};
use std::fmt;
use std::rc::Rc;

/// One step of the path to a member.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    /// An object's member.
    Key(String),
    /// An array's element.
    Index(usize),
}

/// A value of the wrong shape, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct FormError {
    /// The path to it from the document's root.
    pub at: Vec<Seg>,
    /// What is wrong, in serde's words (`invalid type: integer `5`, expected a string`).
    pub message: String,
}

impl FormError {
    /// The path as people write it: `routes[0].RouteKey`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for s in &self.at {
            match s {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{} at `{}`", self.message, self.path())
        }
    }
}

/// Boxed: the error path is rare, and a small `Err` keeps every `?` small.
type R<T> = Result<T, Box<FormError>>;

#[cold]
fn fail<T>(at: &[Seg], message: String) -> R<T> {
    Err(Box::new(FormError {
        at: at.to_vec(),
        message,
    }))
}

/// What serde calls a value of this kind in its errors.
fn found(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Json::Number(n) => format!("integer `{n}`"),
        Json::String(s) => format!("string {s:?}"),
        Json::Array(_) => "sequence".into(),
        Json::Object(_) => "map".into(),
    }
}

fn invalid<T>(v: &Json, at: &[Seg], expected: &str) -> R<T> {
    fail(
        at,
        format!("invalid type: {}, expected {expected}", found(v)),
    )
}

fn string(v: &Json, at: &[Seg]) -> R<String> {
    match v {
        Json::String(s) => Ok(s.clone()),
        _ => invalid(v, at, "a string"),
    }
}

/// `null` is `None`, as serde reads an `Option`.
fn opt<T>(v: &Json, at: &mut Vec<Seg>, read: fn(&Json, &mut Vec<Seg>) -> R<T>) -> R<Option<T>> {
    match v {
        Json::Null => Ok(None),
        _ => read(v, at).map(Some),
    }
}

fn opt_string(v: &Json, at: &mut Vec<Seg>) -> R<Option<String>> {
    opt(v, at, |v, at| string(v, at))
}

fn unsigned(v: &Json, at: &[Seg], max: u64, name: &str) -> R<u64> {
    match v {
        Json::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) if u <= max => Ok(u),
            (Some(_), _) | (None, Some(_)) => {
                fail(at, format!("invalid value: integer `{n}`, expected {name}"))
            }
            _ => invalid(v, at, name),
        },
        _ => invalid(v, at, name),
    }
}

fn object<'a>(v: &'a Json, at: &[Seg], what: &str) -> R<&'a Map<String, Json>> {
    match v {
        Json::Object(m) => Ok(m),
        _ => invalid(v, at, what),
    }
}

/// Each member of `v` (an object) through `member`, with the path pointing at it.
fn members(
    v: &Json,
    at: &mut Vec<Seg>,
    what: &str,
    mut member: impl FnMut(&str, &Json, &mut Vec<Seg>) -> R<()>,
) -> R<()> {
    for (k, v) in object(v, at, what)? {
        at.push(Seg::Key(k.clone()));
        member(k, v, at)?;
        at.pop();
    }
    Ok(())
}

fn list<T>(v: &Json, at: &mut Vec<Seg>, read: fn(&Json, &mut Vec<Seg>) -> R<T>) -> R<Vec<T>> {
    let Json::Array(items) = v else {
        return invalid(v, at, "a sequence");
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        at.push(Seg::Index(i));
        out.push(read(item, at)?);
        at.pop();
    }
    Ok(out)
}

fn strings(v: &Json, at: &mut Vec<Seg>) -> R<IndexMap<String, String>> {
    let mut out = IndexMap::new();
    members(v, at, "a map", |k, v, at| {
        out.insert(k.to_string(), string(v, at)?);
        Ok(())
    })?;
    Ok(out)
}

fn keep(extra: &mut Extra, k: &str, v: &Json) {
    extra.insert(k.to_string(), v.clone());
}

/// A unit variant by its name.
fn variant<T: Copy>(v: &Json, at: &[Seg], all: &[(&str, T)]) -> R<T> {
    let names = || {
        all.iter()
            .map(|(n, _)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match v {
        Json::String(s) => match all.iter().find(|(n, _)| n == s) {
            Some((_, t)) => Ok(*t),
            None => fail(
                at,
                format!("unknown variant `{s}`, expected one of {}", names()),
            ),
        },
        _ => invalid(v, at, &format!("one of {}", names())),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

fn integration_type(v: &Json, at: &[Seg]) -> R<IntegrationType> {
    variant(v, at, &INTEGRATION_TYPES)
}

fn passthrough(v: &Json, at: &[Seg]) -> R<Passthrough> {
    variant(v, at, &PASSTHROUGHS)
}

fn content_handling(v: &Json, at: &[Seg]) -> R<ContentHandling> {
    variant(v, at, &CONTENT_HANDLINGS)
}

pub(crate) fn api(v: &Json, at: &mut Vec<Seg>) -> R<Api> {
    let mut a = Api::default();
    members(v, at, "struct Api", |k, v, at| {
        match k {
            "Name" => a.name = opt_string(v, at)?,
            "RouteSelectionExpression" => a.route_selection_expression = string(v, at)?,
            _ => keep(&mut a.extra, k, v),
        }
        Ok(())
    })?;
    Ok(a)
}

pub(crate) fn route_response(v: &Json, at: &mut Vec<Seg>) -> R<RouteResponse> {
    let mut r = RouteResponse::default();
    members(v, at, "struct RouteResponse", |k, v, at| {
        match k {
            "RouteResponseKey" => r.route_response_key = string(v, at)?,
            _ => keep(&mut r.extra, k, v),
        }
        Ok(())
    })?;
    Ok(r)
}

pub(crate) fn route(v: &Json, at: &mut Vec<Seg>) -> R<Route> {
    let mut r = Route::default();
    members(v, at, "struct Route", |k, v, at| {
        match k {
            "RouteKey" => r.route_key = string(v, at)?,
            "RouteId" => r.route_id = opt_string(v, at)?,
            "Target" => r.target = opt_string(v, at)?,
            "RouteResponseSelectionExpression" => {
                r.route_response_selection_expression = opt_string(v, at)?
            }
            "RouteResponses" => r.route_responses = list(v, at, route_response)?,
            _ => keep(&mut r.extra, k, v),
        }
        Ok(())
    })?;
    Ok(r)
}

pub(crate) fn integration_response(v: &Json, at: &mut Vec<Seg>) -> R<IntegrationResponse> {
    let mut r = IntegrationResponse::default();
    members(v, at, "struct IntegrationResponse", |k, v, at| {
        match k {
            "IntegrationResponseKey" => r.integration_response_key = string(v, at)?,
            "IntegrationResponseId" => r.integration_response_id = opt_string(v, at)?,
            "TemplateSelectionExpression" => r.template_selection_expression = opt_string(v, at)?,
            "ResponseTemplates" => r.response_templates = strings(v, at)?,
            "ContentHandlingStrategy" => {
                r.content_handling_strategy = opt(v, at, |v, at| content_handling(v, at))?
            }
            _ => keep(&mut r.extra, k, v),
        }
        Ok(())
    })?;
    Ok(r)
}

pub(crate) fn integration(v: &Json, at: &mut Vec<Seg>) -> R<Integration> {
    let mut g = Integration::default();
    members(v, at, "struct Integration", |k, v, at| {
        match k {
            "IntegrationId" => g.integration_id = opt_string(v, at)?,
            "IntegrationType" => g.integration_type = integration_type(v, at)?,
            "IntegrationUri" => g.integration_uri = opt_string(v, at)?,
            "IntegrationMethod" => g.integration_method = opt_string(v, at)?,
            "TemplateSelectionExpression" => g.template_selection_expression = opt_string(v, at)?,
            "RequestTemplates" => g.request_templates = strings(v, at)?,
            "PassthroughBehavior" => {
                g.passthrough_behavior = opt(v, at, |v, at| passthrough(v, at))?
            }
            "ContentHandlingStrategy" => {
                g.content_handling_strategy = opt(v, at, |v, at| content_handling(v, at))?
            }
            "IntegrationResponses" => g.integration_responses = list(v, at, integration_response)?,
            _ => keep(&mut g.extra, k, v),
        }
        Ok(())
    })?;
    Ok(g)
}

fn lambda_error(v: &Json, at: &mut Vec<Seg>) -> R<LambdaError> {
    let mut e = LambdaError::default();
    members(v, at, "struct LambdaError", |k, v, at| {
        match k {
            "errorMessage" => e.error_message = string(v, at)?,
            "errorType" => e.error_type = string(v, at)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(e)
}

fn backend(v: &Json, at: &mut Vec<Seg>) -> R<Backend> {
    let mut b = Backend::default();
    members(v, at, "struct Backend", |k, v, at| {
        match k {
            "statusCode" => b.status_code = unsigned(v, at, u16::MAX as u64, "u16")? as u16,
            "headers" => b.headers = strings(v, at)?,
            "body" => b.body = Rc::from(string(v, at)?),
            "lambdaError" => b.lambda_error = opt(v, at, lambda_error)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(b)
}

fn sample(v: &Json, at: &mut Vec<Seg>) -> R<Sample> {
    let mut s = Sample::default();
    members(v, at, "struct Sample", |k, v, at| {
        match k {
            "message" => s.message = string(v, at)?,
            "context" => s.context = object(v, at, "a map")?.clone(),
            "stageVariables" => s.stage_variables = strings(v, at)?,
            "backend" => s.backend = backend(v, at)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

fn expectation(v: &Json, at: &mut Vec<Seg>) -> R<Expectation> {
    let mut e = Expectation::default();
    members(v, at, "struct Expectation", |k, v, at| {
        match k {
            "routeKey" => e.route_key = opt_string(v, at)?,
            "integrationResponseKey" => e.integration_response_key = opt_string(v, at)?,
            "templateKey" => e.template_key = opt_string(v, at)?,
            "output" => e.output = opt_string(v, at)?,
            // present and `null`: no frame expected; absent: not checked
            "clientReceives" => e.client_receives = Some(opt_string(v, at)?),
            _ => {}
        }
        Ok(())
    })?;
    Ok(e)
}

pub(crate) fn test_case(v: &Json, at: &mut Vec<Seg>) -> R<TestCase> {
    let mut t = TestCase::default();
    members(v, at, "struct TestCase", |k, v, at| {
        match k {
            "name" => t.name = string(v, at)?,
            "message" => t.message = opt_string(v, at)?,
            "backend" => t.backend = opt(v, at, backend)?,
            "expect" => t.expect = expectation(v, at)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(t)
}

/// The assumptions by their ids; ids not listed are ignored, missing ones take the default.
pub fn assumptions(v: &Json, at: &[Seg]) -> R<Assumptions> {
    use crate::engine::assumptions as u;
    let mut a = Assumptions::default();
    let mut at = at.to_vec();
    for (k, v) in object(v, &at, "struct Assumptions")? {
        at.push(Seg::Key(k.clone()));
        match k.as_str() {
            "U-2" => a.regex_match = variant(v, &at, &u::REGEX_MATCH)?,
            "U-3" => a.several_match = variant(v, &at, &u::SEVERAL_MATCH)?,
            "U-4" => a.no_match = variant(v, &at, &u::FAILURE_FRAME)?,
            "U-8" => a.passthrough_reject = variant(v, &at, &u::REJECT_FRAME)?,
            "U-11" => a.empty_output = variant(v, &at, &u::EMPTY_OUTPUT)?,
            "U-12" => a.template_error = variant(v, &at, &u::FAILURE_FRAME)?,
            "U-15" => a.whitespace = variant(v, &at, &u::WHITESPACE)?,
            _ => {}
        }
        at.pop();
    }
    Ok(a)
}

pub(crate) fn scenario(v: &Json, at: &mut Vec<Seg>) -> R<Scenario> {
    let mut s = Scenario::default();
    members(v, at, "struct Scenario", |k, v, at| {
        match k {
            "version" => s.version = unsigned(v, at, u32::MAX as u64, "u32")? as u32,
            "title" => s.title = string(v, at)?,
            "notes" => s.notes = string(v, at)?,
            "api" => s.api = api(v, at)?,
            "routes" => s.routes = list(v, at, route)?,
            "integrations" => s.integrations = list(v, at, integration)?,
            "sample" => s.sample = sample(v, at)?,
            "tests" => s.tests = list(v, at, test_case)?,
            "assumptions" => s.assumptions = assumptions(v, at)?,
            _ => keep(&mut s.extra, k, v),
        }
        Ok(())
    })?;
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// Writing

/// An object being written, members in the order they are put.
struct Out(Map<String, Json>);

impl Out {
    fn new() -> Out {
        Out(Map::new())
    }
    fn put(mut self, k: &str, v: impl Into<Json>) -> Out {
        self.0.insert(k.to_string(), v.into());
        self
    }
    fn opt(self, k: &str, v: &Option<String>) -> Out {
        match v {
            Some(s) => self.put(k, s.as_str()),
            None => self,
        }
    }
    fn text(self, k: &str, v: &str) -> Out {
        if v.is_empty() { self } else { self.put(k, v) }
    }
    fn strings(self, k: &str, m: &IndexMap<String, String>) -> Out {
        if m.is_empty() {
            return self;
        }
        let o: Map<String, Json> = m
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().into()))
            .collect();
        self.put(k, o)
    }
    fn list<T>(self, k: &str, items: &[T], write: fn(&T) -> Json) -> Out {
        if items.is_empty() {
            return self;
        }
        self.put(k, Json::Array(items.iter().map(write).collect()))
    }
    fn extra(mut self, extra: &Extra) -> Json {
        for (k, v) in extra {
            self.0.insert(k.clone(), v.clone());
        }
        Json::Object(self.0)
    }
    fn done(self) -> Json {
        Json::Object(self.0)
    }
}

pub(crate) fn api_json(a: &Api) -> Json {
    Out::new()
        .opt("Name", &a.name)
        .put(
            "RouteSelectionExpression",
            a.route_selection_expression.as_str(),
        )
        .extra(&a.extra)
}

pub(crate) fn route_response_json(r: &RouteResponse) -> Json {
    Out::new()
        .put("RouteResponseKey", r.route_response_key.as_str())
        .extra(&r.extra)
}

pub(crate) fn route_json(r: &Route) -> Json {
    Out::new()
        .put("RouteKey", r.route_key.as_str())
        .opt("RouteId", &r.route_id)
        .opt("Target", &r.target)
        .opt(
            "RouteResponseSelectionExpression",
            &r.route_response_selection_expression,
        )
        .list("RouteResponses", &r.route_responses, route_response_json)
        .extra(&r.extra)
}

pub(crate) fn integration_response_json(r: &IntegrationResponse) -> Json {
    let mut o = Out::new()
        .put(
            "IntegrationResponseKey",
            r.integration_response_key.as_str(),
        )
        .opt("IntegrationResponseId", &r.integration_response_id)
        .opt(
            "TemplateSelectionExpression",
            &r.template_selection_expression,
        )
        .strings("ResponseTemplates", &r.response_templates);
    if let Some(c) = r.content_handling_strategy {
        o = o.put("ContentHandlingStrategy", c.as_str());
    }
    o.extra(&r.extra)
}

pub(crate) fn integration_json(g: &Integration) -> Json {
    let mut o = Out::new()
        .opt("IntegrationId", &g.integration_id)
        .put("IntegrationType", g.integration_type.as_str())
        .opt("IntegrationUri", &g.integration_uri)
        .opt("IntegrationMethod", &g.integration_method)
        .opt(
            "TemplateSelectionExpression",
            &g.template_selection_expression,
        )
        .strings("RequestTemplates", &g.request_templates);
    if let Some(p) = g.passthrough_behavior {
        o = o.put("PassthroughBehavior", p.as_str());
    }
    if let Some(c) = g.content_handling_strategy {
        o = o.put("ContentHandlingStrategy", c.as_str());
    }
    o.list(
        "IntegrationResponses",
        &g.integration_responses,
        integration_response_json,
    )
    .extra(&g.extra)
}

fn backend_json(b: &Backend) -> Json {
    let mut o = Out::new()
        .put("statusCode", b.status_code)
        .strings("headers", &b.headers)
        .put("body", &*b.body);
    if let Some(e) = &b.lambda_error {
        o = o.put(
            "lambdaError",
            Out::new()
                .put("errorMessage", e.error_message.as_str())
                .text("errorType", &e.error_type)
                .done(),
        );
    }
    o.done()
}

fn sample_json(s: &Sample) -> Json {
    let mut o = Out::new().put("message", s.message.as_str());
    if !s.context.is_empty() {
        o = o.put("context", s.context.clone());
    }
    o.strings("stageVariables", &s.stage_variables)
        .put("backend", backend_json(&s.backend))
        .done()
}

pub(crate) fn test_case_json(t: &TestCase) -> Json {
    let e = &t.expect;
    let mut expect = Out::new()
        .opt("routeKey", &e.route_key)
        .opt("integrationResponseKey", &e.integration_response_key)
        .opt("templateKey", &e.template_key)
        .opt("output", &e.output);
    if let Some(c) = &e.client_receives {
        expect = expect.put(
            "clientReceives",
            c.as_deref().map_or(Json::Null, Json::from),
        );
    }
    let mut o = Out::new()
        .put("name", t.name.as_str())
        .opt("message", &t.message);
    if let Some(b) = &t.backend {
        o = o.put("backend", backend_json(b));
    }
    o.put("expect", expect.done()).done()
}

/// Every assumption by its id, in the order of the spec.
pub fn assumptions_json(a: &Assumptions) -> Json {
    use crate::engine::assumptions as u;
    let mut m = Map::new();
    for (id, name) in [
        ("U-2", u::name_of(&u::REGEX_MATCH, &a.regex_match)),
        ("U-3", u::name_of(&u::SEVERAL_MATCH, &a.several_match)),
        ("U-4", u::name_of(&u::FAILURE_FRAME, &a.no_match)),
        ("U-8", u::name_of(&u::REJECT_FRAME, &a.passthrough_reject)),
        ("U-11", u::name_of(&u::EMPTY_OUTPUT, &a.empty_output)),
        ("U-12", u::name_of(&u::FAILURE_FRAME, &a.template_error)),
        ("U-15", u::name_of(&u::WHITESPACE, &a.whitespace)),
    ] {
        m.insert(id.into(), Json::String(name.into()));
    }
    Json::Object(m)
}

pub(crate) fn scenario_json(s: &Scenario) -> Json {
    let mut o = Out::new()
        .put("version", s.version)
        .text("title", &s.title)
        .text("notes", &s.notes)
        .put("api", api_json(&s.api))
        .put(
            "routes",
            Json::Array(s.routes.iter().map(route_json).collect()),
        )
        .put(
            "integrations",
            Json::Array(s.integrations.iter().map(integration_json).collect()),
        )
        .put("sample", sample_json(&s.sample))
        .list("tests", &s.tests, test_case_json);
    if s.assumptions != Assumptions::default() {
        o = o.put("assumptions", assumptions_json(&s.assumptions));
    }
    o.extra(&s.extra)
}

// ---------------------------------------------------------------------------------------------
// serde, for the callers that go through it (`serde_json::to_string(&scenario)`, the importer)

macro_rules! through_json {
    ($t:ty, $read:ident, $write:expr) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&$write(self), s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let v = <Json as serde::Deserialize>::deserialize(d)?;
                $read(&v, &mut Vec::new()).map_err(serde::de::Error::custom)
            }
        }
    };
}

through_json!(Scenario, scenario, scenario_json);
through_json!(Api, api, api_json);
through_json!(Route, route, route_json);
through_json!(RouteResponse, route_response, route_response_json);
through_json!(Integration, integration, integration_json);
through_json!(
    IntegrationResponse,
    integration_response,
    integration_response_json
);
through_json!(TestCase, test_case, test_case_json);
through_json!(IntegrationType, integration_type, |t: &IntegrationType| {
    Json::from(t.as_str())
});
through_json!(Passthrough, passthrough, |t: &Passthrough| Json::from(
    t.as_str()
));
through_json!(ContentHandling, content_handling, |t: &ContentHandling| {
    Json::from(t.as_str())
});

// ---------------------------------------------------------------------------------------------
// Where a path is in the text

/// Where (a byte offset) the value at `path` starts in `text`, a JSON document that parsed; the
/// nearest enclosing value's if a step is not found.
pub fn locate(text: &str, path: &[Seg]) -> usize {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    'steps: for seg in path {
        match (seg, b.get(pos)) {
            (Seg::Key(want), Some(b'{')) => {
                let mut p = skip_ws(b, pos + 1);
                while b.get(p) == Some(&b'"') {
                    let end = string_end(b, p);
                    let key = key_text(&text[p..end]);
                    p = skip_ws(b, end);
                    if b.get(p) != Some(&b':') {
                        break 'steps;
                    }
                    p = skip_ws(b, p + 1);
                    if key.as_deref() == Some(want.as_str()) {
                        pos = p;
                        continue 'steps;
                    }
                    p = skip_ws(b, value_end(b, p));
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                }
                break;
            }
            (Seg::Index(i), Some(b'[')) => {
                let mut p = skip_ws(b, pos + 1);
                for _ in 0..*i {
                    p = skip_ws(b, value_end(b, p));
                    if b.get(p) != Some(&b',') {
                        break 'steps;
                    }
                    p = skip_ws(b, p + 1);
                }
                pos = p;
            }
            _ => break,
        }
    }
    pos.min(text.len())
}

/// A member's name from its literal (`"a\u0062"` is `ab`).
fn key_text(literal: &str) -> Option<String> {
    match crate::engine::json_doc::parse(literal) {
        Ok(Json::String(k)) => Some(k),
        _ => None,
    }
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while matches!(b.get(p), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        p += 1;
    }
    p
}

/// Past the closing quote of the string that starts at `p`.
fn string_end(b: &[u8], mut p: usize) -> usize {
    p += 1;
    while let Some(&c) = b.get(p) {
        p += match c {
            b'\\' => 2,
            b'"' => return p + 1,
            _ => 1,
        };
    }
    p
}

/// Past the value that starts at `p`.
fn value_end(b: &[u8], p: usize) -> usize {
    match b.get(p) {
        Some(b'"') => string_end(b, p),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut q = p;
            while let Some(&c) = b.get(q) {
                match c {
                    b'"' => {
                        q = string_end(b, q);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return q + 1;
                        }
                    }
                    _ => {}
                }
                q += 1;
            }
            q
        }
        _ => {
            let mut q = p;
            while let Some(&c) = b.get(q) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                q += 1;
            }
            q
        }
    }
}

/// The first member written twice in one of the scenario's own objects (not in the maps it
/// carries, such as `sample.context`, where the last one counts as in any JSON): its name and
/// where the second one is. `text` is a document that parsed.
pub fn duplicate_member(text: &str) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut path: Vec<Seg> = Vec::new();
    scan(text, b, skip_ws(b, 0), &mut path).err()
}

/// Whether the object at `path` is one of the scenario's structs.
fn is_struct(path: &[Seg]) -> bool {
    use Seg::{Index as I, Key as K};
    let k = |s: &Seg, name: &str| matches!(s, K(k) if k == name);
    match path {
        [] => true,
        [a] => ["api", "sample", "assumptions"].iter().any(|n| k(a, n)),
        [a, I(_)] => ["routes", "integrations", "tests"].iter().any(|n| k(a, n)),
        [a, b] => k(a, "sample") && k(b, "backend"),
        [a, I(_), b] => k(a, "tests") && (k(b, "backend") || k(b, "expect")),
        [a, b, c] => k(a, "sample") && k(b, "backend") && k(c, "lambdaError"),
        [a, I(_), b, I(_)] => {
            (k(a, "routes") && k(b, "RouteResponses"))
                || (k(a, "integrations") && k(b, "IntegrationResponses"))
        }
        [a, I(_), b, c] => k(a, "tests") && k(b, "backend") && k(c, "lambdaError"),
        _ => false,
    }
}

/// Walks the value at `p`; `Err` is the first duplicate member of a struct.
fn scan(text: &str, b: &[u8], p: usize, path: &mut Vec<Seg>) -> Result<usize, (String, usize)> {
    match b.get(p) {
        Some(b'{') => {
            let check = is_struct(path);
            let mut seen: Vec<String> = Vec::new();
            let mut q = skip_ws(b, p + 1);
            while b.get(q) == Some(&b'"') {
                let end = string_end(b, q);
                let key = key_text(&text[q..end]).unwrap_or_default();
                if check {
                    if seen.contains(&key) {
                        return Err((key, q));
                    }
                    seen.push(key.clone());
                }
                q = skip_ws(b, skip_ws(b, end) + 1);
                path.push(Seg::Key(key));
                q = skip_ws(b, scan(text, b, q, path)?);
                path.pop();
                if b.get(q) == Some(&b',') {
                    q = skip_ws(b, q + 1);
                }
            }
            Ok(q + 1)
        }
        Some(b'[') => {
            let mut q = skip_ws(b, p + 1);
            let mut i = 0;
            while !matches!(b.get(q), Some(b']') | None) {
                path.push(Seg::Index(i));
                q = skip_ws(b, scan(text, b, q, path)?);
                path.pop();
                i += 1;
                if b.get(q) == Some(&b',') {
                    q = skip_ws(b, q + 1);
                }
            }
            Ok(q + 1)
        }
        _ => Ok(value_end(b, p)),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::model::Scenario;

    /// Each wrong shape says what it found, what was expected, the path and where it starts.
    #[test]
    fn a_value_of_the_wrong_shape_says_where_it_is() {
        let cases = [
            (
                r#"{"routes": 5}"#,
                "invalid type: integer `5`, expected a sequence at `routes` (line 1, column 12)",
            ),
            (
                r#"{"routes": [{"RouteKey": 5}]}"#,
                "invalid type: integer `5`, expected a string at `routes[0].RouteKey` (line 1, column 26)",
            ),
            (
                r#"{"integrations": [{"IntegrationType": "FOO"}]}"#,
                "unknown variant `FOO`, expected one of `HTTP`, `HTTP_PROXY`, `AWS`, `AWS_PROXY`, `MOCK` at `integrations[0].IntegrationType` (line 1, column 39)",
            ),
            (
                r#"{"sample": {"backend": {"statusCode": 70000}}}"#,
                "invalid value: integer `70000`, expected u16 at `sample.backend.statusCode` (line 1, column 39)",
            ),
            (
                r#"{"sample": {"backend": {"statusCode": 2.5}}}"#,
                "invalid type: floating point `2.5`, expected u16 at `sample.backend.statusCode` (line 1, column 39)",
            ),
            (
                r#"{"version": -1}"#,
                "invalid value: integer `-1`, expected u32 at `version` (line 1, column 13)",
            ),
            (
                r#"{"sample": {"context": 3}}"#,
                "invalid type: integer `3`, expected a map at `sample.context` (line 1, column 24)",
            ),
            (
                r#"{"api": {"RouteSelectionExpression": null}}"#,
                "invalid type: null, expected a string at `api.RouteSelectionExpression` (line 1, column 38)",
            ),
            (
                "{\n  \"integrations\": [\n    {\"IntegrationResponses\": [{}, {\"ResponseTemplates\": {\"é\": 1}}]}\n  ]\n}",
                "invalid type: integer `1`, expected a string at `integrations[0].IntegrationResponses[1].ResponseTemplates.é` (line 3, column 63)",
            ),
            (
                r#"[1]"#,
                "invalid type: sequence, expected struct Scenario (line 1, column 1)",
            ),
            (
                r#"  "x""#,
                "invalid type: string \"x\", expected struct Scenario (line 1, column 3)",
            ),
            (
                r#"{"routes": [], "routes": []}"#,
                "duplicate field `routes` (line 1, column 16)",
            ),
            (
                r#"{"tests": [{"expect": {"output": "a", "output": "b"}}]}"#,
                "duplicate field `output` (line 1, column 39)",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Scenario::from_json(text).unwrap_err(), want, "{text}");
        }
        // a list nested past serde's recursion limit is still "not a scenario"
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            Scenario::from_json(&deep)
                .unwrap_err()
                .contains("expected struct Scenario")
        );
    }

    /// What the scenario carries as plain JSON keeps JSON's rule, the last member wins; `null`
    /// is an absent `Option`, an explicit `null` expectation is "no frame", unknown members are
    /// kept where the type keeps them and written back after the known ones.
    #[test]
    fn maps_keep_the_last_member_and_unknown_members_survive_a_round_trip() {
        let text = r#"{"sample": {"context": {"requestId": "a", "requestId": "b"}, "backend": {"body": "x"}},
            "api": {"Name": null, "Tags": {"k": 1}}, "custom": [1, 2],
            "routes": [{"RouteKey": "$default", "ApiGatewayManaged": false, "RouteResponses": [{"RouteResponseKey": "$default", "ModelSelectionExpression": null}]}],
            "tests": [{"name": "n", "expect": {"clientReceives": null}}, {"name": "m", "expect": {}}]}"#;
        let s = Scenario::from_json(text).unwrap();
        assert_eq!(s.sample.context["requestId"], "b");
        assert_eq!(
            s.sample.backend.status_code, 200,
            "a missing statusCode is the default 200"
        );
        assert_eq!(s.api.name, None);
        assert_eq!(
            s.api.route_selection_expression, "",
            "a present api takes Api's default"
        );
        assert_eq!(s.tests[0].expect.client_receives, Some(None));
        assert_eq!(s.tests[1].expect.client_receives, None);
        assert_eq!(
            s.unknown_members(),
            [
                "custom",
                "api.Tags",
                "routes[0].ApiGatewayManaged",
                "routes[0].RouteResponses[0].ModelSelectionExpression"
            ]
        );
        let again = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(again, s);
        let compact = serde_json::to_string(&s).unwrap();
        assert!(compact.starts_with(r#"{"version":1,"api":{"RouteSelectionExpression":"","Tags":{"k":1}},"routes":[{"RouteKey":"$default","RouteResponses":[{"RouteResponseKey":"$default","ModelSelectionExpression":null}],"ApiGatewayManaged":false}]"#), "{compact}");
        assert!(compact.contains(r#""tests":[{"name":"n","expect":{"clientReceives":null}},{"name":"m","expect":{}}],"custom":[1,2]}"#), "{compact}");
    }

    /// The importer and tests read the parts through serde, with the same rules.
    #[test]
    fn the_parts_read_and_write_through_serde() {
        use crate::engine::model::{IntegrationType, Passthrough, Route};
        let r: Route = serde_json::from_str(r#"{"RouteKey": "join", "Target": null}"#).unwrap();
        assert_eq!((r.route_key.as_str(), r.target), ("join", None));
        let e = serde_json::from_str::<Route>(r#"{"RouteKey": []}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("invalid type: sequence, expected a string at `RouteKey`"),
            "{e}"
        );
        assert_eq!(
            serde_json::to_string(&IntegrationType::AwsProxy).unwrap(),
            r#""AWS_PROXY""#
        );
        assert_eq!(
            serde_json::from_str::<Passthrough>(r#""NEVER""#).unwrap(),
            Passthrough::Never
        );
    }

    /// The hand-written names of the assumptions are serde's (the command line goes through
    /// the derives): every choice of every assumption written and read back both ways.
    #[test]
    fn assumptions_read_and_write_as_serde_does() {
        use crate::engine::assumptions::*;
        // every choice of every assumption, each set alone over the defaults
        let with = |set: &dyn Fn(&mut Assumptions)| {
            let mut a = Assumptions::default();
            set(&mut a);
            a
        };
        let mut all = vec![Assumptions::default()];
        all.extend(REGEX_MATCH.map(|(_, v)| with(&|a| a.regex_match = v)));
        all.extend(SEVERAL_MATCH.map(|(_, v)| with(&|a| a.several_match = v)));
        all.extend(FAILURE_FRAME.map(|(_, v)| with(&|a| (a.no_match, a.template_error) = (v, v))));
        all.extend(REJECT_FRAME.map(|(_, v)| with(&|a| a.passthrough_reject = v)));
        all.extend(EMPTY_OUTPUT.map(|(_, v)| with(&|a| a.empty_output = v)));
        all.extend(WHITESPACE.map(|(_, v)| with(&|a| a.whitespace = v)));
        for a in all {
            let serde_form = serde_json::to_value(a).unwrap();
            assert_eq!(super::assumptions_json(&a), serde_form);
            assert_eq!(super::assumptions(&serde_form, &[]).unwrap(), a);
        }
        let e = super::assumptions(&serde_json::json!({"U-2": "sideways"}), &[]).unwrap_err();
        assert_eq!(e.path(), "U-2");
        assert!(e.message.contains("`full`, `search`"), "{}", e.message);
    }
}

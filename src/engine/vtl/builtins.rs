//! What a template can see: `$input` (the body and parameters), `$context` (with realistic
//! WebSocket defaults), `$stageVariables`, and `$util`.

use crate::engine::value::{ListKind, Value, ValueMap};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Request parameters, as `$input.params()` shows them. On a WebSocket API, headers and query
/// string exist only on `$connect`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Path parameters.
    pub path: IndexMap<String, String>,
    /// Query string parameters.
    pub querystring: IndexMap<String, String>,
    /// Headers.
    pub header: IndexMap<String, String>,
}

/// Everything one render sees.
#[derive(Clone, Debug)]
pub struct Env {
    /// The raw payload: the client's message in a request template, the backend's response in a
    /// response template.
    pub body: Rc<str>,
    /// `$input.params()`.
    pub params: Params,
    /// `$context`, a map.
    pub context: Value,
    /// `$stageVariables`, a map.
    pub stage_variables: Value,
}

impl Env {
    /// An environment with `body`, no parameters, no stage variables and the default context.
    pub fn new(body: &str) -> Env {
        Env {
            body: Rc::from(body),
            params: Params::default(),
            context: shared_default_context(),
            stage_variables: Value::map(ValueMap::default()),
        }
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: &str) -> Env {
        self.body = Rc::from(body);
        self
    }

    /// The body as `$input.body` gives it: API Gateway gives `{}` for an empty body.
    pub fn body_text(&self) -> &str {
        if self.body.is_empty() {
            "{}"
        } else {
            &self.body
        }
    }

    /// `$input.body` as a value, sharing the body's text.
    pub(crate) fn body_value(&self) -> Value {
        if self.body.is_empty() {
            Value::str("{}")
        } else {
            Value::Str(self.body.clone())
        }
    }

    /// Sets context fields over the defaults: `overrides` is a JSON object; nested objects
    /// (`identity`, `authorizer`) are merged one level deep.
    pub fn merge_context(&mut self, overrides: &Value) {
        self.context = context_with(&self.context, overrides);
    }
}

/// A copy of `context` (which may be shared: `Env::new` shares the default) with `overrides`
/// set over it, as [`Env::merge_context`] does.
pub fn context_with(context: &Value, overrides: &Value) -> Value {
    let copy = super::eval::deep_copy(context);
    merge_into(&copy, overrides);
    copy
}

fn merge_into(base: &Value, overrides: &Value) {
    let (Value::Map(base), Value::Map(over)) = (base, overrides) else {
        return;
    };
    for (k, v) in over.borrow().iter() {
        let existing = base.borrow().get(k).cloned();
        match (existing, v) {
            (Some(e @ Value::Map(_)), Value::Map(_)) => merge_into(&e, v),
            _ => {
                base.borrow_mut().insert(k.clone(), v.clone());
            }
        }
    }
}

/// A fresh copy of the default `$context` of a WebSocket MESSAGE event: ids in the 13-character
/// form API Gateway uses, a fixed time, and identity fields null except `sourceIp` (as on AWS).
pub fn default_context() -> Value {
    super::eval::deep_copy(&shared_default_context())
}

thread_local! {
    /// The default context, built once a thread.
    static CONTEXT: Value = build_default_context();
}

/// The default context itself, not a copy, for [`Env::new`]: a render copies it before a
/// template can change it (`Template::mutates`), and [`Env::merge_context`] changes a copy.
/// Copying it for every `Env` was as much work as rendering a small template.
pub(crate) fn shared_default_context() -> Value {
    CONTEXT.with(Value::clone)
}

fn build_default_context() -> Value {
    let mut m = ValueMap::default();
    let s = |v: &str| Value::str(v);
    m.insert("apiId".into(), s("a1b2c3d4e5"));
    m.insert("connectedAt".into(), Value::Int(1_764_072_000_000));
    m.insert("connectionId".into(), s("Qyi07eCbtjMCJKw="));
    m.insert(
        "domainName".into(),
        s("a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"),
    );
    m.insert("eventType".into(), s("MESSAGE"));
    m.insert("extendedRequestId".into(), s("Qyi3UG41tjMFlUg="));
    m.insert("messageDirection".into(), s("IN"));
    m.insert("messageId".into(), s("Qyi3UfW0tjMCF3w="));
    m.insert("requestId".into(), s("Qyi3UG41tjMFlUg="));
    m.insert("requestTime".into(), s("25/Nov/2025:12:00:00 +0000"));
    m.insert("requestTimeEpoch".into(), Value::Int(1_764_072_000_123));
    m.insert("routeKey".into(), s("$default"));
    m.insert("stage".into(), s("production"));
    let mut identity = ValueMap::default();
    for k in [
        "accountId",
        "apiKey",
        "apiKeyId",
        "caller",
        "cognitoAuthenticationProvider",
        "cognitoAuthenticationType",
        "cognitoIdentityId",
        "cognitoIdentityPoolId",
        "principalOrgId",
        "user",
        "userAgent",
        "userArn",
    ] {
        identity.insert(k.into(), Value::Null);
    }
    identity.insert("sourceIp".into(), s("203.0.113.7"));
    m.insert("identity".into(), Value::map(identity));
    m.insert("authorizer".into(), Value::map(ValueMap::default()));
    m.insert("error".into(), Value::map(ValueMap::default()));
    Value::map(m)
}

/// `$input.params()` as a map of maps.
pub(crate) fn params_value(p: &Params) -> Value {
    let to_map = |m: &IndexMap<String, String>| {
        Value::map(
            m.iter()
                .map(|(k, v)| (Rc::from(k.as_str()), Value::str(v)))
                .collect(),
        )
    };
    let mut all = ValueMap::default();
    all.insert("path".into(), to_map(&p.path));
    all.insert("querystring".into(), to_map(&p.querystring));
    all.insert("header".into(), to_map(&p.header));
    Value::map(all)
}

/// `$input.params(name)`: path, then query string, then header (header names match without
/// regard to case, as HTTP header names do).
pub(crate) fn param(p: &Params, name: &str) -> Value {
    if let Some(v) = p.path.get(name).or_else(|| p.querystring.get(name)) {
        return Value::str(v);
    }
    p.header
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map_or(Value::Null, |(_, v)| Value::str(v))
}

/// Builds a Java list of strings.
pub(crate) fn string_list<I: IntoIterator<Item = String>>(items: I) -> Value {
    Value::list(
        items.into_iter().map(|s| Value::Str(Rc::from(s))).collect(),
        ListKind::Java,
    )
}

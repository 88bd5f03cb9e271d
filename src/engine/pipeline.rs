//! One message through a WebSocket API, step by step, as spec §1 lays it out: frame checks,
//! route selection, request template, backend, integration response, response template, route
//! response, and exactly what the client receives. Every decision is written into the trace,
//! naming the undocumented behaviour (U-n) wherever one decided the outcome.

use crate::engine::assumptions::{Assumptions, EmptyOutput, FailureFrame, RejectFrame, Whitespace};
use crate::engine::diag::{Diagnostic, Kind, Severity, Source};
use crate::engine::expr::{self, SelectionExpr, Site};
use crate::engine::json;
use crate::engine::json_doc;
use crate::engine::limits::Limits;
use crate::engine::model::{
    Backend, Integration, IntegrationType, Passthrough, Route, Sample, Scenario,
};
use crate::engine::select::{Key, KeyStatus, Selector};
use crate::engine::value::Value;
use crate::engine::vtl::{self, Env, Template};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::rc::Rc;

/// API Gateway's limit on one WebSocket frame.
pub const FRAME_LIMIT: usize = 32 * 1024;
/// API Gateway's limit on one WebSocket message.
pub const MESSAGE_LIMIT: usize = 128 * 1024;

/// A stage of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Size and type checks of the incoming frame.
    Frame,
    /// Route selection.
    Route,
    /// Integration request: template selection, passthrough, rendering.
    Request,
    /// The backend call.
    Backend,
    /// Integration response selection.
    IntegrationResponse,
    /// Response template selection and rendering.
    ResponseTemplate,
    /// Route response: two-way or one-way.
    RouteResponse,
}

/// One step of the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// Which stage.
    pub stage: Stage,
    /// What was decided, in one line.
    pub summary: String,
    /// Why: the evidence, one line each.
    pub details: Vec<String>,
    /// Undocumented behaviours (U-n) that decided this step.
    pub undocumented: Vec<&'static str>,
}

/// A closed connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Close {
    /// WebSocket close code.
    pub code: u16,
    /// Reason.
    pub reason: String,
}

/// How one integration response key fared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyReport {
    /// The key as configured.
    pub key: String,
    /// Matched, not matched, default, invalid or skipped.
    pub status: KeyStatus,
    /// True for the chosen one.
    pub chosen: bool,
}

/// Everything that happened to one message.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Outcome {
    /// The selected route's key.
    pub route_key: Option<String>,
    /// The selected request template's key, if one was rendered.
    pub request_template_key: Option<String>,
    /// What went to the backend.
    pub integration_request: Option<String>,
    /// The value integration response keys were matched against.
    pub selection_value: Option<String>,
    /// The selected integration response's key.
    pub integration_response_key: Option<String>,
    /// Every integration response key, with how it fared.
    pub keys: Vec<KeyReport>,
    /// The selected response template's key.
    pub template_key: Option<String>,
    /// The rendered response (or the passed-through body).
    pub output: Option<String>,
    /// The frame the client receives; `None` when nothing is sent.
    pub client_receives: Option<String>,
    /// Set when API Gateway closes the connection instead.
    pub close: Option<Close>,
    /// The steps, in order.
    pub trace: Vec<Step>,
    /// Errors, warnings and notes, each pointing at the text it is about.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    fn step(&mut self, stage: Stage, summary: impl Into<String>) -> &mut Step {
        self.trace.push(Step {
            stage,
            summary: summary.into(),
            details: Vec::new(),
            undocumented: Vec::new(),
        });
        let last = self.trace.len() - 1;
        &mut self.trace[last]
    }

    fn diag(&mut self, d: Diagnostic) {
        if !self.diagnostics.contains(&d) {
            self.diagnostics.push(d);
        }
    }

    /// The most severe diagnostic's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// The trace for people, one line a step, details indented.
    pub fn explain(&self) -> String {
        let mut s = String::new();
        for (i, st) in self.trace.iter().enumerate() {
            s.push_str(&format!(
                "{}. [{}] {}\n",
                i + 1,
                stage_name(st.stage),
                st.summary
            ));
            for d in &st.details {
                s.push_str(&format!("     {d}\n"));
            }
            for u in &st.undocumented {
                if let Some(u) = crate::engine::assumptions::unknown(u) {
                    s.push_str(&format!(
                        "     AWS undocumented: {} — assumed {}\n",
                        u.id, u.default
                    ));
                }
            }
        }
        match (&self.close, &self.client_receives) {
            (Some(c), _) => s.push_str(&format!(
                "=> the connection closes with {} ({})\n",
                c.code, c.reason
            )),
            (None, Some(f)) => s.push_str(&format!("=> the client receives: {f}\n")),
            (None, None) => s.push_str("=> the client receives nothing\n"),
        }
        s
    }
}

/// The stage's name for people.
pub fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::Frame => "frame",
        Stage::Route => "route",
        Stage::Request => "request",
        Stage::Backend => "backend",
        Stage::IntegrationResponse => "integration response",
        Stage::ResponseTemplate => "response template",
        Stage::RouteResponse => "route response",
    }
}

/// A scenario with its templates, expressions and keys parsed once, to run many times (on each
/// keystroke, for each status of a sweep, for each row of a test table).
pub struct Prepared {
    scenario: Scenario,
    limits: Limits,
    route_expr: Result<SelectionExpr, Diagnostic>,
    integrations: Vec<PreparedIntegration>,
    /// Diagnostics about the configuration itself, found once.
    config: Vec<Diagnostic>,
}

struct PreparedIntegration {
    request_expr: Option<Result<SelectionExpr, Diagnostic>>,
    request_templates: IndexMap<String, Result<Template, Diagnostic>>,
    selector: Selector,
    responses: Vec<PreparedResponse>,
}

struct PreparedResponse {
    expr: Option<Result<SelectionExpr, Diagnostic>>,
    templates: IndexMap<String, Result<Template, Diagnostic>>,
}

impl Prepared {
    /// Parses everything in `scenario`.
    pub fn new(scenario: &Scenario, limits: &Limits) -> Prepared {
        let mut config = Vec::new();
        let route_expr =
            SelectionExpr::parse(&scenario.api.route_selection_expression, Site::Route)
                .map_err(|d| d.in_source(Source::RouteSelection));
        if let Ok(e) = &route_expr {
            config.extend(
                e.warnings
                    .iter()
                    .cloned()
                    .map(|d| d.in_source(Source::RouteSelection)),
            );
        }
        let integrations = scenario
            .integrations
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let request_expr = g.template_selection_expression.as_deref().map(|t| {
                    SelectionExpr::parse(t, Site::RequestTemplate).map_err(|d| {
                        d.in_source(Source::RequestTemplateSelection { integration: gi })
                    })
                });
                if let Some(Ok(e)) = &request_expr {
                    config.extend(e.warnings.iter().cloned().map(|d| {
                        d.in_source(Source::RequestTemplateSelection { integration: gi })
                    }));
                }
                let request_templates = g
                    .request_templates
                    .iter()
                    .map(|(k, t)| {
                        let parsed = Template::parse_with(t, limits).map_err(|d| {
                            d.in_source(Source::RequestTemplate {
                                integration: gi,
                                key: k.clone(),
                            })
                        });
                        (k.clone(), parsed)
                    })
                    .collect();
                let selector = Selector::with_max_keys(
                    g.integration_responses
                        .iter()
                        .map(|r| r.integration_response_key.as_str()),
                    scenario.assumptions,
                    limits.regex_bytes,
                    limits.integration_responses,
                );
                let responses = g
                    .integration_responses
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let expr = r.template_selection_expression.as_deref().map(|t| {
                            SelectionExpr::parse(t, Site::ResponseTemplate).map_err(|d| {
                                d.in_source(Source::ResponseTemplateSelection {
                                    integration: gi,
                                    response: i,
                                })
                            })
                        });
                        if let Some(Ok(e)) = &expr {
                            config.extend(e.warnings.iter().cloned().map(|d| {
                                d.in_source(Source::ResponseTemplateSelection {
                                    integration: gi,
                                    response: i,
                                })
                            }));
                        }
                        let templates = r
                            .response_templates
                            .iter()
                            .map(|(k, t)| {
                                let parsed = Template::parse_with(t, limits).map_err(|d| {
                                    d.in_source(Source::ResponseTemplate {
                                        integration: gi,
                                        response: i,
                                        key: k.clone(),
                                    })
                                });
                                (k.clone(), parsed)
                            })
                            .collect();
                        PreparedResponse { expr, templates }
                    })
                    .collect();
                PreparedIntegration {
                    request_expr,
                    request_templates,
                    selector,
                    responses,
                }
            })
            .collect::<Vec<_>>();
        let mut p = Prepared {
            scenario: scenario.clone(),
            limits: limits.clone(),
            route_expr,
            integrations,
            config,
        };
        p.check_configuration();
        p
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Diagnostics about the configuration (the same for every run).
    pub fn configuration_diagnostics(&self) -> &[Diagnostic] {
        &self.config
    }

    /// Runs the scenario's own sample.
    pub fn run(&self) -> Outcome {
        self.run_sample(&self.scenario.sample)
    }

    /// Runs `sample` through the configuration.
    pub fn run_sample(&self, sample: &Sample) -> Outcome {
        Run::new(self, sample).go()
    }

    /// The integration the sample's message is routed to, if any.
    pub fn routed_integration(&self, message: &str) -> Option<usize> {
        let body = vtl::kept_json(message);
        let key = self.route_value(body.as_ref());
        let route = self.find_route(key.as_deref())?;
        self.integration_of(&self.scenario.routes[route]).ok()
    }

    fn route_value(&self, body: Option<&Value>) -> Option<String> {
        let e = self.route_expr.as_ref().ok()?;
        body?;
        Some(e.eval(&expr::Inputs {
            request_body: body,
            ..expr::Inputs::default()
        }))
    }

    fn find_route(&self, value: Option<&str>) -> Option<usize> {
        let routes = &self.scenario.routes;
        let selectable = |r: &Route| r.route_key != "$connect" && r.route_key != "$disconnect";
        value
            .and_then(|v| {
                routes
                    .iter()
                    .position(|r| selectable(r) && r.route_key == v)
            })
            .or_else(|| routes.iter().position(|r| r.route_key == "$default"))
    }

    fn integration_of(&self, route: &Route) -> Result<usize, String> {
        let Some(target) = route.target.as_deref() else {
            return Err(format!(
                "route `{}` has no Target: it is not attached to an integration",
                route.route_key
            ));
        };
        let id = target.strip_prefix("integrations/").unwrap_or(target);
        if let Some(i) = self
            .scenario
            .integrations
            .iter()
            .position(|g| g.integration_id.as_deref() == Some(id))
        {
            return Ok(i);
        }
        // a scenario with one integration and ids left out still works
        if self.scenario.integrations.len() == 1
            && self.scenario.integrations[0].integration_id.is_none()
        {
            return Ok(0);
        }
        Err(format!(
            "route `{}` targets `{target}`, and no integration has IntegrationId `{id}`",
            route.route_key
        ))
    }

    /// For integration `index`: which integration response each status code 100–599 selects.
    pub fn sweep(&self, index: usize) -> Vec<(u16, Option<usize>)> {
        self.integrations
            .get(index)
            .map(|g| g.selector.sweep())
            .unwrap_or_default()
    }

    /// For integration `index`: which integration response each Lambda error message selects
    /// (`None` stands for a successful call).
    pub fn sweep_messages(&self, index: usize, messages: &[Option<&str>]) -> Vec<Option<usize>> {
        match self.integrations.get(index) {
            Some(g) => messages
                .iter()
                .map(|m| g.selector.select(*m).chosen)
                .collect(),
            None => Vec::new(),
        }
    }

    fn check_configuration(&mut self) {
        let s = &self.scenario;
        let mut out = Vec::new();
        for m in s.unknown_members() {
            out.push(
                Diagnostic::undocumented(format!(
                    "`{m}` is kept but plays no part in the simulation"
                ))
                .in_source(Source::Scenario),
            );
        }
        if s.routes.is_empty() {
            out.push(
                Diagnostic::error(
                    Kind::Config,
                    "the API has no routes: every message gets the Forbidden error frame",
                )
                .in_source(Source::Scenario)
                .hint("add a `$default` route"),
            );
        }
        for r in &s.routes {
            if let Some(e) = &r.route_response_selection_expression {
                if e != "$default" {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("route `{}`: RouteResponseSelectionExpression must be `$default` on WebSocket APIs, not `{e}`", r.route_key),
                        )
                        .in_source(Source::Scenario),
                    );
                }
                if !r
                    .route_responses
                    .iter()
                    .any(|rr| rr.route_response_key == "$default")
                {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!(
                                "route `{}` has a RouteResponseSelectionExpression but no `$default` route response: it is one-way, and the client gets nothing back",
                                r.route_key
                            ),
                        )
                        .in_source(Source::Scenario)
                        .hint("add a route response with RouteResponseKey `$default` (the console's \"Enable two-way communication\")"),
                    );
                }
            }
            for rr in &r.route_responses {
                if rr.route_response_key != "$default" {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("route `{}`: route response key `{}` is never used; only `$default` is supported", r.route_key, rr.route_response_key),
                        )
                        .in_source(Source::Scenario),
                    );
                }
            }
            if r.route_key.starts_with('$')
                && !matches!(
                    r.route_key.as_str(),
                    "$default" | "$connect" | "$disconnect"
                )
            {
                out.push(
                    Diagnostic::warning(
                        Kind::Config,
                        format!(
                            "route key `{}`: custom route keys must not start with `$`",
                            r.route_key
                        ),
                    )
                    .in_source(Source::Scenario),
                );
            }
        }
        for (gi, g) in s.integrations.iter().enumerate() {
            let name = integration_name(g, gi);
            if g.integration_type.is_proxy() && !g.integration_responses.is_empty() {
                out.push(
                    Diagnostic::warning(
                        Kind::Config,
                        format!("{name} is {}: proxy integrations have no integration responses, so these are ignored", g.integration_type.as_str()),
                    )
                    .in_source(Source::Scenario)
                    .hint("switch to a non-proxy type (HTTP, AWS, MOCK) to map responses"),
                );
            }
            if g.integration_type.is_proxy()
                && (!g.request_templates.is_empty() || g.template_selection_expression.is_some())
            {
                out.push(
                    Diagnostic::warning(
                        Kind::Config,
                        format!("{name} is {}: request templates are ignored, the message goes to the backend unchanged", g.integration_type.as_str()),
                    )
                    .in_source(Source::Scenario),
                );
            }
            if !g.integration_type.is_proxy() {
                if g.integration_responses.is_empty() {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("{name} has no integration responses: nothing can map the backend's answer"),
                        )
                        .in_source(Source::Scenario)
                        .hint("add one with key `$default`"),
                    );
                } else if !g
                    .integration_responses
                    .iter()
                    .any(|r| r.integration_response_key == "$default")
                {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("{name} has no `$default` integration response: AWS documents it as required for non-proxy integrations, and a status no key matches fails"),
                        )
                        .in_source(Source::Scenario),
                    );
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (i, r) in g.integration_responses.iter().enumerate() {
                if !seen.insert(r.integration_response_key.as_str()) {
                    out.push(
                        Diagnostic::error(
                            Kind::Config,
                            format!("duplicate integration response key `{}`: AWS rejects it (ConflictException)", r.integration_response_key),
                        )
                        .in_source(Source::ResponseKey { integration: gi, response: i }),
                    );
                }
                // past the limit every key has the same diagnostic: it is told once
                if let Some(Key::Invalid(d)) = self.integrations[gi].selector.keys().get(i)
                    && i <= self.limits.integration_responses
                {
                    out.push((**d).clone().in_source(Source::ResponseKey {
                        integration: gi,
                        response: i,
                    }));
                }
                if let Some(Key::Regex(re)) = self.integrations[gi].selector.keys().get(i) {
                    let looks_like_status = re
                        .pattern()
                        .chars()
                        .all(|c| c.is_ascii_digit() || "\\d[]{}-|()x".contains(c))
                        && re.pattern().chars().any(|c| c.is_ascii_digit());
                    if g.is_lambda() && looks_like_status {
                        out.push(
                            Diagnostic::warning(
                                Kind::Config,
                                format!(
                                    "`{}` looks like a status code, but a Lambda integration matches keys against the error's `errorMessage`",
                                    r.integration_response_key
                                ),
                            )
                            .in_source(Source::ResponseKey { integration: gi, response: i })
                            .hint("match the error text instead, e.g. `/.*Invalid request.*/`"),
                        );
                    }
                }
                self.check_template_keys(gi, i, &mut out);
            }
            for t in self.integrations[gi].request_templates.values() {
                if let Err(d) = t {
                    out.push(d.clone());
                }
            }
            if let Some(Err(d)) = &self.integrations[gi].request_expr {
                out.push(d.clone());
            }
        }
        if let Err(d) = &self.route_expr {
            out.push(d.clone());
        }
        self.config.extend(out);
    }

    fn check_template_keys(&self, gi: usize, ri: usize, out: &mut Vec<Diagnostic>) {
        let r = &self.scenario.integrations[gi].integration_responses[ri];
        let prepared = &self.integrations[gi].responses[ri];
        for t in prepared.templates.values() {
            if let Err(d) = t {
                out.push(d.clone());
            }
        }
        if let Some(Err(d)) = &prepared.expr {
            out.push(d.clone());
        }
        let static_value = match &prepared.expr {
            None => Some("$default".to_string()),
            Some(Ok(e)) if e.is_static() => Some(e.eval(&expr::Inputs::default())),
            _ => None,
        };
        for key in r.response_templates.keys() {
            if key.starts_with('/') && key.ends_with('/') && key.len() > 1 {
                out.push(
                    Diagnostic::undocumented(format!(
                        "response template key `{key}` is treated as the literal text, not a regex (AWS undocumented: U-7)"
                    ))
                    .in_source(Source::ResponseTemplate { integration: gi, response: ri, key: key.clone() }),
                );
            }
            if let Some(v) = &static_value
                && key != v
                && key != "$default"
            {
                out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("response template `{key}` is never used: the template selection expression always gives `{v}`"),
                        )
                        .in_source(Source::ResponseTemplate { integration: gi, response: ri, key: key.clone() })
                        .hint("use a selection expression such as `${integration.response.statuscode}`, or key the template `$default`"),
                    );
            }
            if let Some(Ok(e)) = &prepared.expr {
                let only_status = e.pieces().len() == 1
                    && matches!(e.pieces()[0], expr::Piece::Var(expr::Var::StatusCode, _));
                if only_status
                    && key != "$default"
                    && !(key.len() == 3 && key.chars().all(|c| c.is_ascii_digit()))
                {
                    out.push(
                        Diagnostic::warning(
                            Kind::Config,
                            format!("response template `{key}` is never used: `${{integration.response.statuscode}}` gives a three-digit status"),
                        )
                        .in_source(Source::ResponseTemplate { integration: gi, response: ri, key: key.clone() }),
                    );
                }
            }
        }
    }
}

fn integration_name(g: &Integration, i: usize) -> String {
    match &g.integration_id {
        Some(id) => format!("integration `{id}`"),
        None => format!("integration #{}", i + 1),
    }
}

/// The sample as the backend answered it, after the integration type is taken into account.
struct BackendAnswer {
    status: Option<u16>,
    headers: BTreeMap<String, Vec<String>>,
    /// Shared with the scenario: a body can be 1 MB.
    body: Rc<str>,
    /// The value keys are matched against; `None` for a successful Lambda call.
    selection: Option<String>,
}

struct Run<'p> {
    p: &'p Prepared,
    sample: &'p Sample,
    out: Outcome,
    context: Value,
    stage_variables: Value,
    message_json: Option<Value>,
    /// Index of the integration called.
    gi: usize,
}

impl<'p> Run<'p> {
    fn new(p: &'p Prepared, sample: &'p Sample) -> Run<'p> {
        // this run's own context, a copy: the trace sets its fields (`set_context`)
        let context = match (!sample.context.is_empty())
            .then(|| json::parse(&json_doc::map_to_compact(&sample.context)))
        {
            Some(Ok(overrides)) => vtl::context_with(&vtl::shared_default_context(), &overrides),
            _ => vtl::default_context(),
        };
        let stage_variables = Value::map(
            sample
                .stage_variables
                .iter()
                .map(|(k, v)| (Rc::from(k.as_str()), Value::str(v)))
                .collect(),
        );
        Run {
            p,
            sample,
            out: Outcome {
                diagnostics: p.config.clone(),
                ..Outcome::default()
            },
            context,
            stage_variables,
            // kept with the message's text: a run on every edit reads the same message
            message_json: vtl::kept_json(&sample.message),
            gi: 0,
        }
    }

    fn assumptions(&self) -> Assumptions {
        self.p.scenario.assumptions
    }

    fn context_str(&self, key: &str) -> String {
        match &self.context {
            Value::Map(m) => m
                .borrow()
                .get(key)
                .map(|v| v.to_display())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn set_context(&self, key: &str, v: Value) {
        if let Value::Map(m) = &self.context {
            m.borrow_mut().insert(Rc::from(key), v);
        }
    }

    /// An error frame exactly as API Gateway writes it (spacing included).
    fn error_frame(&self, message: &str) -> String {
        format!(
            "{{\"message\": \"{message}\", \"connectionId\":\"{}\", \"requestId\":\"{}\"}}",
            self.context_str("connectionId"),
            self.context_str("requestId")
        )
    }

    /// The environment of one render: this run's `$context` and `$stageVariables` (shared; a
    /// template that may change them copies them when it renders).
    fn env(&self, body: &Rc<str>) -> Env {
        Env {
            body: body.clone(),
            params: Default::default(),
            context: self.context.clone(),
            stage_variables: self.stage_variables.clone(),
        }
    }

    fn go(mut self) -> Outcome {
        if !self.frame() {
            return self.out;
        }
        if self.message_json.is_some() {
            self.check_surrogates(&self.sample.message, Source::Message);
        }
        let Some(route_index) = self.route() else {
            return self.out;
        };
        let route = &self.p.scenario.routes[route_index];
        let two_way = route
            .route_responses
            .iter()
            .any(|r| r.route_response_key == "$default");
        let integration = match self.p.integration_of(route) {
            Ok(i) => i,
            Err(msg) => {
                self.out
                    .diag(Diagnostic::error(Kind::Config, msg.clone()).in_source(Source::Scenario));
                let frame = self.error_frame("Internal server error");
                self.out
                    .step(Stage::Request, "no integration to call")
                    .details
                    .push(msg);
                self.finish_failure(two_way, frame, FailureFrame::InternalServerError, &[]);
                return self.out;
            }
        };
        self.gi = integration;
        let g = &self.p.scenario.integrations[integration];
        let pg = &self.p.integrations[integration];
        let Some(request) = self.request(g, pg, two_way) else {
            return self.out;
        };
        let Some(answer) = self.backend(g, &request, two_way) else {
            return self.out;
        };
        if answer.body.len() > self.p.limits.body_bytes {
            self.body_too_big(&answer, two_way);
            return self.out;
        }
        if g.integration_type.is_proxy() {
            self.proxy_response(g, &answer, two_way);
            return self.out;
        }
        let Some(ri) = self.integration_response(g, pg, &answer, two_way) else {
            return self.out;
        };
        let Some(output) = self.response_template(g, pg, ri, &answer, two_way) else {
            return self.out;
        };
        self.route_response(two_way, Some(output));
        self.out
    }

    fn frame(&mut self) -> bool {
        let n = self.sample.message.len();
        if n > MESSAGE_LIMIT || n > FRAME_LIMIT {
            let (limit, what) = if n > MESSAGE_LIMIT {
                (MESSAGE_LIMIT, "message")
            } else {
                (FRAME_LIMIT, "frame")
            };
            let st = self.out.step(
                Stage::Frame,
                format!(
                    "the message is {n} bytes, over the {} KB {what} limit",
                    limit / 1024
                ),
            );
            st.details
                .push("API Gateway closes the connection with code 1009 (message too big)".into());
            if n <= MESSAGE_LIMIT {
                st.details.push("a client that splits it into frames of at most 32 KB may send up to 128 KB; browsers send one frame".into());
            }
            self.out.close = Some(Close {
                code: 1009,
                reason: format!("{what} too big"),
            });
            self.out.diag(
                Diagnostic::error(
                    Kind::Limit,
                    format!(
                        "the message is {n} bytes: over API Gateway's {} KB {what} limit",
                        limit / 1024
                    ),
                )
                .in_source(Source::Message),
            );
            return false;
        }
        self.out.step(
            Stage::Frame,
            format!("a text frame of {n} bytes (limits: 32 KB a frame, 128 KB a message)"),
        );
        true
    }

    fn route(&mut self) -> Option<usize> {
        let expr_text = self.p.scenario.api.route_selection_expression.clone();
        let value = match (&self.p.route_expr, &self.message_json) {
            (Err(_), _) => None,
            (Ok(_), None) => None,
            (Ok(e), Some(body)) => Some(e.eval(&expr::Inputs {
                request_body: Some(body),
                ..expr::Inputs::default()
            })),
        };
        let found = self.p.find_route(value.as_deref());
        let mut details = Vec::new();
        match (&value, &self.message_json) {
            (_, None) => details.push("the message is not JSON, so the expression cannot be evaluated: non-JSON messages go to `$default`".to_string()),
            (Some(v), Some(_)) => details.push(format!("`{expr_text}` evaluates to `{v}`")),
            (None, Some(_)) => details.push(format!("`{expr_text}` does not parse")),
        }
        let Some(i) = found else {
            let frame = self.error_frame("Forbidden");
            let st = self.out.step(
                Stage::Route,
                "no route matches and there is no `$default` route",
            );
            st.details = details;
            st.details.push("API Gateway answers with a Forbidden error frame (field reports; the exact frame is undocumented)".into());
            self.out.client_receives = Some(frame);
            self.out.diag(
                Diagnostic::warning(
                    Kind::Config,
                    format!(
                        "no route has key `{}` and there is no `$default` route",
                        value.unwrap_or_default()
                    ),
                )
                .in_source(Source::RouteSelection)
                .hint("add a `$default` route to catch everything else"),
            );
            return None;
        };
        let key = self.p.scenario.routes[i].route_key.clone();
        if value.as_deref() != Some(key.as_str()) {
            details.push("no route has that key, so the `$default` route is used".to_string());
        } else {
            details.push("a route has exactly that key".into());
        }
        self.set_context("routeKey", Value::str(&key));
        let st = self.out.step(Stage::Route, format!("route `{key}`"));
        st.details = details;
        self.out.route_key = Some(key);
        Some(i)
    }

    /// The integration request: what goes to the backend, or `None` when the message stops here.
    fn request(
        &mut self,
        g: &Integration,
        pg: &PreparedIntegration,
        two_way: bool,
    ) -> Option<String> {
        let message = self.sample.message.clone();
        if g.integration_type.is_proxy() {
            let payload = if g.integration_type == IntegrationType::AwsProxy {
                self.lambda_event(&message)
            } else {
                message.clone()
            };
            let st = self.out.step(
                Stage::Request,
                format!(
                    "{}: the message goes to the backend unchanged",
                    g.integration_type.as_str()
                ),
            );
            if g.integration_type == IntegrationType::AwsProxy {
                st.details.push("the Lambda function receives an event with `requestContext` and the message as `body`".into());
            }
            self.out.integration_request = Some(payload.clone());
            return Some(payload);
        }
        // template selection
        let (key_value, how) = match &pg.request_expr {
            None => (
                "$default".to_string(),
                "no TemplateSelectionExpression: the `$default` template applies".to_string(),
            ),
            Some(Err(_)) => (
                "$default".to_string(),
                "the TemplateSelectionExpression does not parse; `$default` is tried".to_string(),
            ),
            Some(Ok(e)) => {
                let v = e.eval(&expr::Inputs {
                    request_body: self.message_json.as_ref(),
                    ..expr::Inputs::default()
                });
                (
                    v.clone(),
                    format!("TemplateSelectionExpression `{}` gives `{v}`", e.text()),
                )
            }
        };
        let chosen = if pg.request_templates.contains_key(&key_value) {
            Some(key_value.clone())
        } else if pg.request_templates.contains_key("$default") {
            Some("$default".to_string())
        } else {
            None
        };
        let Some(tkey) = chosen else {
            let behaviour = g.passthrough_behavior.unwrap_or_default();
            let pass = match behaviour {
                Passthrough::WhenNoMatch => true,
                Passthrough::WhenNoTemplates => g.request_templates.is_empty(),
                Passthrough::Never => false,
            };
            let bname = behaviour.as_str();
            if pass {
                let st = self.out.step(
                    Stage::Request,
                    format!("no request template applies: {bname} passes the message through"),
                );
                st.details.push(how);
                self.out.integration_request = Some(message.clone());
                return Some(message);
            }
            let st = self.out.step(
                Stage::Request,
                format!("no request template applies, and {bname} rejects the message"),
            );
            st.details.push(how);
            st.undocumented.push("U-8");
            let frame = match self.assumptions().passthrough_reject {
                RejectFrame::UnsupportedMediaType => {
                    Some(self.error_frame("Unsupported Media Type"))
                }
                RejectFrame::InternalServerError => Some(self.error_frame("Internal server error")),
                RejectFrame::Nothing => None,
            };
            self.out.diag(
                Diagnostic::warning(Kind::Config, format!("the message is rejected: no request template matches `{key_value}` and PassthroughBehavior is {bname}"))
                    .in_source(Source::RequestTemplateSelection { integration: self.gi })
                    .hint("add a `$default` request template, or set PassthroughBehavior to WHEN_NO_MATCH"),
            );
            let _ = two_way;
            self.out.client_receives = frame;
            return None;
        };
        let rendered = match pg.request_templates.get(&tkey) {
            Some(Ok(t)) => t.render_with(&self.env(&Rc::from(message.as_str())), &self.p.limits),
            Some(Err(d)) => {
                let d = d.clone();
                self.template_failed(Stage::Request, &tkey, d, two_way, true);
                return None;
            }
            None => return None,
        };
        let source = Source::RequestTemplate {
            integration: self.gi,
            key: tkey.clone(),
        };
        for d in &rendered.diagnostics {
            self.out.diag(d.clone().in_source(source.clone()));
        }
        if said_not_json(&rendered.diagnostics) {
            self.locate_not_json(&message, Source::Message);
        }
        if let Some(e) = rendered.error {
            self.template_failed(Stage::Request, &tkey, e.in_source(source), two_way, false);
            return None;
        }
        let body = self.whitespace(rendered.output);
        let st = self.out.step(
            Stage::Request,
            format!("request template `{tkey}` rendered ({} bytes)", body.len()),
        );
        st.details.push(how);
        if tkey != key_value {
            st.details.push(format!(
                "no template has key `{key_value}`: the `$default` template is used"
            ));
        }
        self.out.request_template_key = Some(tkey);
        self.out.integration_request = Some(body.clone());
        Some(body)
    }

    fn whitespace(&self, s: String) -> String {
        match self.assumptions().whitespace {
            Whitespace::Keep => s,
            Whitespace::Trim => s.trim().to_string(),
        }
    }

    /// The backend's body is over [`Limits::body_bytes`]: the playground stops before reading it.
    fn body_too_big(&mut self, answer: &BackendAnswer, two_way: bool) {
        let n = answer.body.len();
        let limit = self.p.limits.body_bytes;
        let st = self.out.step(
            Stage::Backend,
            format!("the backend's body is {n} bytes: the playground reads at most {limit}"),
        );
        st.details
            .push("no integration response is selected and no template runs".into());
        self.out.diag(
            Diagnostic::error(
                Kind::Limit,
                format!(
                    "the backend's body is {n} bytes, over the {limit} bytes the playground reads (limit: body size)"
                ),
            )
            .in_source(Source::BackendBody)
            .hint("API Gateway's payload quota is 10 MB for REST APIs, and a WebSocket message can carry at most 128 KB: use a smaller sample"),
        );
        let frame = self.error_frame("Internal server error");
        self.finish_failure(two_way, frame, FailureFrame::InternalServerError, &[]);
    }

    /// A template said its body is not JSON: say where the body stops being JSON.
    fn locate_not_json(&mut self, body: &str, source: Source) {
        let what = if source == Source::Message {
            "the message"
        } else {
            "the backend's body"
        };
        if let Err(e) = json::parse(body) {
            self.out.diag(
                Diagnostic::warning(Kind::Json, format!("{what} is not JSON: {}", e.message))
                    .at(e.span)
                    .in_source(source),
            );
        }
    }

    /// JSON text with a `\uD800`–`\uDFFF` escape that is not half of a pair (what a browser
    /// can send from a JavaScript string): it reads as U+FFFD, so say where.
    fn check_surrogates(&mut self, text: &str, source: Source) {
        if let Some(span) = lone_surrogate(text) {
            let escape = &text[span.range()];
            self.out.diag(
                Diagnostic::warning(
                    Kind::Json,
                    format!("`{escape}` is a lone UTF-16 surrogate (half of a pair without the other half): it reads as U+FFFD (\u{fffd})"),
                )
                .at(span)
                .in_source(source)
                .hint("Java keeps the lone surrogate, and writes it to the client as `?`: send a whole pair such as `\\ud83d\\ude00`, or the character itself"),
            );
        }
    }

    fn template_failed(
        &mut self,
        stage: Stage,
        key: &str,
        d: Diagnostic,
        two_way: bool,
        parse: bool,
    ) {
        let what = if parse { "does not parse" } else { "fails" };
        let st = self
            .out
            .step(stage, format!("template `{key}` {what}: {}", d.message));
        st.undocumented.push("U-12");
        self.out.diag(d);
        let frame = self.error_frame("Internal server error");
        self.finish_failure(two_way, frame, self.assumptions().template_error, &[]);
    }

    /// The client's view of a failure: an error frame (if the assumption says so). Error frames
    /// reach the client whether or not the route is two-way.
    fn finish_failure(
        &mut self,
        _two_way: bool,
        frame: String,
        choice: FailureFrame,
        _u: &[&'static str],
    ) {
        self.out.client_receives = match choice {
            FailureFrame::InternalServerError => Some(frame),
            FailureFrame::Nothing => None,
        };
    }

    fn lambda_event(&self, message: &str) -> String {
        let mut ctx = serde_json::Map::new();
        if let Value::Map(m) = &self.context {
            for (k, v) in m.borrow().iter() {
                if matches!(&**k, "authorizer" | "error") {
                    continue;
                }
                ctx.insert(
                    k.to_string(),
                    json_doc::parse(&v.to_json()).unwrap_or(serde_json::Value::Null),
                );
            }
        }
        let mut event = serde_json::Map::new();
        event.insert("requestContext".into(), ctx.into());
        event.insert("body".into(), message.into());
        event.insert("isBase64Encoded".into(), false.into());
        json_doc::map_to_pretty(&event)
    }

    fn backend(&mut self, g: &Integration, request: &str, two_way: bool) -> Option<BackendAnswer> {
        let b: &Backend = &self.sample.backend;
        // inserted one by one: collecting into a map would bring another copy of the sort
        // routine into the page (engine::sort)
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &b.headers {
            headers.insert(
                k.clone(),
                v.split(',').map(|s| s.trim().to_string()).collect(),
            );
        }
        match g.integration_type {
            IntegrationType::Mock => {
                let status = match json::parse_relaxed(request) {
                    Ok(Value::Map(m)) => match m.borrow().get("statusCode") {
                        Some(Value::Int(i)) if (100..=599).contains(i) => Some(*i as u16),
                        _ => None,
                    },
                    _ => None,
                };
                let Some(status) = status else {
                    let st = self.out.step(
                        Stage::Backend,
                        "MOCK: the request template gives no integer `statusCode`",
                    );
                    st.details
                        .push(format!("it rendered: {}", shorten(request, 200)));
                    st.details.push("API Gateway: \"Unable to parse statusCode. It should be an integer that is defined in the request template.\"".into());
                    self.out.diag(
                        Diagnostic::error(Kind::Config, "a MOCK integration needs `{\"statusCode\": 200}` (an integer from 100 to 599) in its rendered request template")
                            .in_source(Source::Scenario),
                    );
                    let frame = self.error_frame("Internal server error");
                    self.finish_failure(two_way, frame, FailureFrame::InternalServerError, &[]);
                    return None;
                };
                let st = self
                    .out
                    .step(Stage::Backend, format!("MOCK answers status {status}"));
                st.details.push("a MOCK integration takes its status from `statusCode` in the rendered request template; its body is empty".into());
                Some(BackendAnswer {
                    status: Some(status),
                    headers: BTreeMap::new(),
                    body: Rc::from(""),
                    selection: Some(status.to_string()),
                })
            }
            IntegrationType::Aws if g.is_lambda() => {
                if let Some(err) = &b.lambda_error {
                    let mut obj = serde_json::Map::new();
                    obj.insert("errorMessage".into(), err.error_message.clone().into());
                    if !err.error_type.is_empty() {
                        obj.insert("errorType".into(), err.error_type.clone().into());
                    }
                    let body = json_doc::map_to_compact(&obj);
                    let st = self.out.step(
                        Stage::Backend,
                        format!(
                            "the Lambda function fails: errorMessage `{}`",
                            err.error_message
                        ),
                    );
                    st.details.push("for a Lambda integration, integration response keys are matched against the error's `errorMessage`".into());
                    Some(BackendAnswer {
                        status: Some(200),
                        headers,
                        body: body.into(),
                        selection: Some(err.error_message.clone()),
                    })
                } else {
                    let st = self
                        .out
                        .step(Stage::Backend, "the Lambda function succeeds");
                    st.details.push(
                        "no `errorMessage`: only the `$default` integration response applies"
                            .into(),
                    );
                    st.undocumented.push("U-6");
                    Some(BackendAnswer {
                        status: Some(200),
                        headers,
                        body: b.body.clone(),
                        selection: None,
                    })
                }
            }
            IntegrationType::AwsProxy => {
                if let Some(err) = &b.lambda_error {
                    let st = self.out.step(
                        Stage::Backend,
                        format!("the Lambda function fails: `{}`", err.error_message),
                    );
                    st.details.push("a failed Lambda proxy call gives the client the Internal server error frame (seen on AWS)".into());
                    let frame = self.error_frame("Internal server error");
                    self.finish_failure(two_way, frame, FailureFrame::InternalServerError, &[]);
                    return None;
                }
                self.out
                    .step(Stage::Backend, "the Lambda function returns its result");
                Some(BackendAnswer {
                    status: None,
                    headers,
                    body: b.body.clone(),
                    selection: None,
                })
            }
            _ => {
                let what = if g.integration_type == IntegrationType::Aws {
                    "the AWS service"
                } else {
                    "the HTTP backend"
                };
                let st = self.out.step(
                    Stage::Backend,
                    format!("{what} answers status {}", b.status_code),
                );
                if let Some(uri) = &g.integration_uri {
                    st.details.push(format!(
                        "{} {uri}",
                        g.integration_method.as_deref().unwrap_or("POST")
                    ));
                }
                Some(BackendAnswer {
                    status: Some(b.status_code),
                    headers,
                    body: b.body.clone(),
                    selection: Some(b.status_code.to_string()),
                })
            }
        }
    }

    fn proxy_response(&mut self, g: &Integration, answer: &BackendAnswer, two_way: bool) {
        let frame = if g.integration_type == IntegrationType::AwsProxy {
            match vtl::kept_json(&answer.body) {
                Some(Value::Map(m)) => match m.borrow().get("body") {
                    Some(Value::Str(s)) => Some(s.to_string()),
                    Some(Value::Null) | None => None,
                    Some(other) => Some(other.to_json()),
                },
                _ => {
                    self.out.diag(
                        Diagnostic::warning(Kind::Json, "the Lambda result is not a JSON object like {\"statusCode\": 200, \"body\": \"…\"}")
                            .in_source(Source::BackendBody),
                    );
                    None
                }
            }
        } else {
            Some(answer.body.to_string())
        };
        self.out.output = frame.clone();
        if g.integration_type == IntegrationType::AwsProxy && frame.is_none() {
            let st = self.out.step(
                Stage::RouteResponse,
                "the Lambda result has no `body`: no frame is sent",
            );
            st.details.push(
                "field reports disagree (no frame / an empty frame); the playground sends none"
                    .into(),
            );
            return;
        }
        self.route_response(two_way, frame);
    }

    fn integration_response(
        &mut self,
        g: &Integration,
        pg: &PreparedIntegration,
        answer: &BackendAnswer,
        two_way: bool,
    ) -> Option<usize> {
        let sel = pg.selector.select(answer.selection.as_deref());
        self.out.selection_value = answer.selection.clone();
        self.out.keys = g
            .integration_responses
            .iter()
            .zip(&sel.statuses)
            .enumerate()
            .map(|(i, (r, s))| KeyReport {
                key: r.integration_response_key.clone(),
                status: s.clone(),
                chosen: sel.chosen == Some(i),
            })
            .collect();
        let what = if g.is_lambda() {
            "errorMessage"
        } else {
            "status code"
        };
        let mut details: Vec<String> = Vec::new();
        match &answer.selection {
            Some(v) => details.push(format!("the {what} `{v}` is matched against each key")),
            None => details.push("a successful Lambda call is matched by `$default` only".into()),
        }
        for (r, s) in g.integration_responses.iter().zip(&sel.statuses) {
            let k = &r.integration_response_key;
            details.push(match s {
                KeyStatus::Matched => format!("`{k}` matches"),
                KeyStatus::NotMatched => format!("`{k}` does not match"),
                KeyStatus::Default => format!("`{k}` is the catch-all"),
                KeyStatus::Invalid => format!("`{k}` is not a valid key and never matches"),
                KeyStatus::Skipped => format!("`{k}` is not tried"),
            });
        }
        let mut undocumented = Vec::new();
        if answer.selection.is_some()
            && g.integration_responses
                .iter()
                .any(|r| r.integration_response_key.starts_with('/'))
        {
            undocumented.push("U-2");
        }
        if sel.several {
            undocumented.push("U-3");
            self.out.diag(
                Diagnostic::warning(Kind::Undocumented, "several integration response keys match: which one AWS picks is undocumented (U-3); the playground takes the first listed")
                    .in_source(Source::ResponseKey { integration: self.gi, response: sel.chosen.unwrap_or(0) }),
            );
        }
        let Some(i) = sel.chosen else {
            let st = self.out.step(
                Stage::IntegrationResponse,
                "no key matches and there is no `$default`",
            );
            st.details = details;
            st.details.push("for REST APIs AWS logs \"No match for output mapping and no default output mapping configured\" and answers 500".into());
            undocumented.push("U-4");
            st.undocumented = undocumented;
            self.out.diag(
                Diagnostic::warning(
                    Kind::Config,
                    format!(
                        "nothing matches `{}` and there is no `$default` integration response",
                        answer.selection.clone().unwrap_or_default()
                    ),
                )
                .in_source(Source::Scenario)
                .hint("add an integration response with key `$default`"),
            );
            let frame = self.error_frame("Internal server error");
            self.finish_failure(two_way, frame, self.assumptions().no_match, &[]);
            return None;
        };
        let key = g.integration_responses[i].integration_response_key.clone();
        let summary = if sel.statuses[i] == KeyStatus::Default {
            format!("integration response `{key}` (no regex matched)")
        } else {
            format!("integration response `{key}`")
        };
        let st = self.out.step(Stage::IntegrationResponse, summary);
        st.details = details;
        st.undocumented = undocumented;
        self.out.integration_response_key = Some(key);
        Some(i)
    }

    fn response_template(
        &mut self,
        g: &Integration,
        pg: &PreparedIntegration,
        ri: usize,
        answer: &BackendAnswer,
        two_way: bool,
    ) -> Option<String> {
        let r = &g.integration_responses[ri];
        let pr = &pg.responses[ri];
        let (key_value, how) = match &pr.expr {
            None => (
                "$default".to_string(),
                "no TemplateSelectionExpression: the `$default` template applies".to_string(),
            ),
            Some(Err(_)) => (
                "$default".to_string(),
                "the TemplateSelectionExpression does not parse; `$default` is tried".to_string(),
            ),
            Some(Ok(e)) => {
                let v = e.eval(&expr::Inputs {
                    request_body: self.message_json.as_ref(),
                    status: answer.status,
                    headers: answer.headers.clone(),
                    ..expr::Inputs::default()
                });
                (
                    v.clone(),
                    format!("TemplateSelectionExpression `{}` gives `{v}`", e.text()),
                )
            }
        };
        let chosen = if pr.templates.contains_key(&key_value) {
            Some(key_value.clone())
        } else if pr.templates.contains_key("$default") {
            Some("$default".to_string())
        } else {
            None
        };
        let Some(tkey) = chosen else {
            let st = self.out.step(
                Stage::ResponseTemplate,
                "no response template applies: the backend's body passes through unchanged",
            );
            st.details.push(how);
            self.out.output = Some(answer.body.to_string());
            return self.out.output.clone();
        };
        let source = Source::ResponseTemplate {
            integration: self.gi,
            response: ri,
            key: tkey.clone(),
        };
        let rendered = match pr.templates.get(&tkey) {
            Some(Ok(t)) => t.render_with(&self.env(&answer.body), &self.p.limits),
            Some(Err(d)) => {
                let d = d.clone();
                self.template_failed(Stage::ResponseTemplate, &tkey, d, two_way, true);
                return None;
            }
            None => return None,
        };
        for d in &rendered.diagnostics {
            self.out.diag(d.clone().in_source(source.clone()));
        }
        if said_not_json(&rendered.diagnostics) {
            self.locate_not_json(&answer.body, Source::BackendBody);
        } else {
            self.check_surrogates(&answer.body, Source::BackendBody);
        }
        if let Some(e) = rendered.error {
            self.template_failed(
                Stage::ResponseTemplate,
                &tkey,
                e.in_source(source),
                two_way,
                false,
            );
            return None;
        }
        let output = self.whitespace(rendered.output);
        let trimmed = self.assumptions().whitespace == Whitespace::Trim;
        let st = self.out.step(
            Stage::ResponseTemplate,
            format!(
                "response template `{tkey}` rendered ({} bytes)",
                output.len()
            ),
        );
        st.details.push(how);
        if tkey != key_value {
            st.details.push(format!(
                "no template has key `{key_value}`: the `$default` template is used"
            ));
        }
        if trimmed {
            st.undocumented.push("U-15");
        }
        let _ = r;
        self.check_output(&output, &source);
        self.out.template_key = Some(tkey);
        self.out.output = Some(output.clone());
        Some(output)
    }

    /// Output that looks like JSON but is not: say where it breaks.
    fn check_output(&mut self, output: &str, source: &Source) {
        let t = output.trim_start();
        if !(t.starts_with('{') || t.starts_with('[')) {
            return;
        }
        if let Err(e) = json::parse(output) {
            let pos = crate::engine::span::LineIndex::new(output).position(
                output,
                e.span.start as usize,
                crate::engine::span::Encoding::Chars,
            );
            let mut d = Diagnostic::warning(
                Kind::Json,
                format!(
                    "the output looks like JSON but is not: {} at line {} column {} of the output",
                    e.message, pos.line, pos.column
                ),
            )
            .in_source(source.clone());
            if output.contains("\\'") {
                d = d.hint("`$util.escapeJavaScript` turns `'` into `\\'`, which JSON does not allow: add `.replaceAll(\"\\\\'\",\"'\")`");
            }
            self.out.diag(d);
        }
    }

    fn route_response(&mut self, two_way: bool, frame: Option<String>) {
        if !two_way {
            let st = self
                .out
                .step(Stage::RouteResponse, "one-way route: nothing is sent back");
            st.details.push("a route sends the integration's result back only if it has a `$default` route response".into());
            self.out.client_receives = None;
            return;
        }
        let st = self.out.step(
            Stage::RouteResponse,
            "two-way route: the result is sent to the client",
        );
        st.details
            .push("the route has a `$default` route response".into());
        match frame {
            Some(f) if f.is_empty() => {
                st.undocumented.push("U-11");
                self.out.client_receives = match self.p.scenario.assumptions.empty_output {
                    EmptyOutput::EmptyFrame => Some(String::new()),
                    EmptyOutput::NoFrame => None,
                };
            }
            Some(f) => {
                if f.len() > MESSAGE_LIMIT {
                    self.out.diag(
                        Diagnostic::warning(
                            Kind::Limit,
                            format!(
                                "the response is {} bytes: over API Gateway's 128 KB message limit",
                                f.len()
                            ),
                        )
                        .in_source(Source::Scenario),
                    );
                }
                self.out.client_receives = Some(f);
            }
            None => self.out.client_receives = None,
        }
    }
}

/// True when a render warned that its body is not JSON (`$input.path` / `$input.json`).
fn said_not_json(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.kind == Kind::Json && d.message.starts_with("the body is not JSON"))
}

/// The first `\uXXXX` escape of a UTF-16 surrogate that is not half of a high-low pair, in
/// JSON text (escaped backslashes are skipped).
fn lone_surrogate(text: &str) -> Option<crate::engine::span::Span> {
    let b = text.as_bytes();
    let hex = |at: usize| b.get(at..).and_then(crate::engine::text::hex4);
    let escape = |at: usize| -> Option<u16> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex(at + 2))
            .flatten()
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match escape(i) {
            Some(0xD800..=0xDBFF) if matches!(escape(i + 6), Some(0xDC00..=0xDFFF)) => i += 12,
            Some(0xD800..=0xDFFF) => return Some(crate::engine::span::Span::new(i, i + 6)),
            _ => i += 2,
        }
    }
    None
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Simulates the scenario's sample with the default limits.
pub fn simulate(s: &Scenario) -> Outcome {
    Prepared::new(s, &Limits::default()).run()
}

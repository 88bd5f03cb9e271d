//! The page's state and every change a user can make to it, as a pure `apply` that native tests
//! call (the page wraps it in a Yew reducer). Results are never stored here: the page derives
//! them from the scenario.
//!
//! Nothing a user types is lost: fields whose text may be invalid while being typed (the
//! `$context` JSON, headers, stage variables, a status code) keep their raw text here, and the
//! scenario takes the value once it parses.

use crate::engine::assumptions::Assumptions;
use crate::engine::cases::{self, CaseResult};
use crate::engine::json_doc;
use crate::engine::limits::Limits;
use crate::engine::model::{
    Backend, Integration, IntegrationResponse, IntegrationType, LambdaError, Passthrough, Route,
    RouteResponse, Scenario, TestCase,
};
use crate::engine::pipeline::{Outcome, Prepared};
use indexmap::IndexMap;

/// A preset the page ships: `www/presets/ID.json`, embedded in the binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// File stem.
    pub id: &'static str,
    /// The scenario JSON.
    pub json: &'static str,
}

/// The presets, in gallery order; the first is the page's default scenario.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "http-status-mapping",
        json: include_str!("../www/presets/http-status-mapping.json"),
    },
    Preset {
        id: "lambda-error-mapping",
        json: include_str!("../www/presets/lambda-error-mapping.json"),
    },
    Preset {
        id: "mock-integration",
        json: include_str!("../www/presets/mock-integration.json"),
    },
    Preset {
        id: "one-way-route",
        json: include_str!("../www/presets/one-way-route.json"),
    },
    Preset {
        id: "lambda-proxy",
        json: include_str!("../www/presets/lambda-proxy.json"),
    },
    Preset {
        id: "route-selection",
        json: include_str!("../www/presets/route-selection.json"),
    },
    Preset {
        id: "status-template-selection",
        json: include_str!("../www/presets/status-template-selection.json"),
    },
    Preset {
        id: "escape-javascript-pitfall",
        json: include_str!("../www/presets/escape-javascript-pitfall.json"),
    },
    Preset {
        id: "input-json-vs-path",
        json: include_str!("../www/presets/input-json-vs-path.json"),
    },
];

/// The preset with `id`, parsed.
pub fn preset(id: &str) -> Option<Scenario> {
    PRESETS
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| Scenario::from_json(p.json).ok())
}

/// The scenario the page opens with.
pub fn default_scenario() -> Scenario {
    PRESETS
        .first()
        .and_then(|p| Scenario::from_json(p.json).ok())
        .unwrap_or_default()
}

/// The kinds of integration the page offers; `AWS` splits into Lambda and other services
/// because they select integration responses differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `HTTP`
    Http,
    /// `HTTP_PROXY`
    HttpProxy,
    /// `AWS` calling a Lambda function.
    Lambda,
    /// `AWS` calling another service (DynamoDB, Step Functions…).
    AwsService,
    /// `AWS_PROXY`
    LambdaProxy,
    /// `MOCK`
    Mock,
}

impl Kind {
    /// Every kind, in menu order.
    pub const ALL: [Kind; 6] = [
        Kind::Http,
        Kind::Lambda,
        Kind::Mock,
        Kind::AwsService,
        Kind::HttpProxy,
        Kind::LambdaProxy,
    ];

    /// The kind of an integration.
    pub fn of(g: &Integration) -> Kind {
        match g.integration_type {
            IntegrationType::Http => Kind::Http,
            IntegrationType::HttpProxy => Kind::HttpProxy,
            IntegrationType::Aws if g.is_lambda() => Kind::Lambda,
            IntegrationType::Aws => Kind::AwsService,
            IntegrationType::AwsProxy => Kind::LambdaProxy,
            IntegrationType::Mock => Kind::Mock,
        }
    }

    /// For the menu.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Http => "HTTP",
            Kind::HttpProxy => "HTTP_PROXY",
            Kind::Lambda => "AWS (Lambda)",
            Kind::AwsService => "AWS (other service)",
            Kind::LambdaProxy => "AWS_PROXY (Lambda)",
            Kind::Mock => "MOCK",
        }
    }

    /// What its integration response keys are matched against.
    pub fn matches(self) -> &'static str {
        match self {
            Kind::Http | Kind::AwsService | Kind::Mock => "the status code",
            Kind::Lambda => "the error's errorMessage",
            Kind::HttpProxy | Kind::LambdaProxy => {
                "nothing: proxy integrations have no integration responses"
            }
        }
    }
}

/// Light, dark, or following the system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Everything derived from one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// The sample's outcome.
    pub outcome: Outcome,
    /// The integration the sample reaches, if any.
    pub integration: Option<usize>,
    /// Which response each status selects, for that integration.
    pub sweep: Vec<(u16, Option<usize>)>,
    /// The test table's results.
    pub tests: Vec<CaseResult>,
    /// For a Lambda integration: which response each error message of the sample and the test
    /// table selects (`None`: the function succeeds).
    pub messages: Vec<(Option<String>, Option<usize>)>,
}

/// Runs everything the page shows for `s`, under the page's limits: on every edit.
pub fn derive(s: &Scenario) -> Derived {
    derive_with(s, &Limits::default())
}

/// [`derive`] under other limits (the benchmarks lift them).
pub fn derive_with(s: &Scenario, limits: &Limits) -> Derived {
    let p = Prepared::new(s, limits);
    let outcome = p.run();
    let integration = p.routed_integration(&s.sample.message);
    let sweep = integration.map(|i| p.sweep(i)).unwrap_or_default();
    let tests = cases::run_all(&p);
    let mut messages: Vec<Option<String>> = vec![None];
    let backends =
        std::iter::once(&s.sample.backend).chain(s.tests.iter().filter_map(|t| t.backend.as_ref()));
    for b in backends {
        let m = b.lambda_error.as_ref().map(|e| e.error_message.clone());
        if m.is_some() && !messages.contains(&m) {
            messages.push(m);
        }
    }
    let messages = match integration {
        Some(i) if s.integrations.get(i).is_some_and(|g| g.is_lambda()) => {
            let refs: Vec<Option<&str>> = messages.iter().map(|m| m.as_deref()).collect();
            messages
                .iter()
                .cloned()
                .zip(p.sweep_messages(i, &refs))
                .collect()
        }
        _ => Vec::new(),
    };
    Derived {
        outcome,
        integration,
        sweep,
        tests,
        messages,
    }
}

/// Raw texts of fields that may be invalid while typed, with the problem if there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drafts {
    /// `$context` overrides, JSON.
    pub context: String,
    /// Why `context` is not applied.
    pub context_error: Option<String>,
    /// Backend headers, `Name: value` lines.
    pub headers: String,
    /// Stage variables, `name=value` lines.
    pub stage_variables: String,
    /// Backend status code.
    pub status: String,
    /// Why `status` is not applied.
    pub status_error: Option<String>,
}

impl Drafts {
    /// Drafts showing the scenario's values.
    pub fn of(s: &Scenario) -> Drafts {
        let context = if s.sample.context.is_empty() {
            String::new()
        } else {
            json_doc::map_to_pretty(&s.sample.context)
        };
        Drafts {
            context,
            context_error: None,
            headers: s
                .sample
                .backend
                .headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect(),
            stage_variables: s
                .sample
                .stage_variables
                .iter()
                .map(|(k, v)| format!("{k}={v}\n"))
                .collect(),
            status: s.sample.backend.status_code.to_string(),
            status_error: None,
        }
    }
}

/// Everything the page holds.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// What is simulated.
    pub scenario: Scenario,
    /// The preset it came from, if any.
    pub preset: Option<String>,
    /// The scenario before the last load, for one step of undo, with its raw texts (an
    /// invalid status or `$context` being typed is not in the scenario, and must come back too).
    pub previous: Option<Box<(Scenario, Drafts)>>,
    /// A message for the user (a link that did not open, a loaded preset).
    pub notice: Option<String>,
    /// Which integration the editors show.
    pub integration: usize,
    /// Raw texts.
    pub drafts: Drafts,
    /// Colour scheme.
    pub theme: Theme,
    /// Explicit runs asked for (Ctrl/Cmd+Enter); results are always current, so this only
    /// re-announces them.
    pub runs: u32,
}

impl State {
    /// A state showing `scenario`.
    pub fn new(scenario: Scenario) -> State {
        let drafts = Drafts::of(&scenario);
        State {
            scenario,
            preset: None,
            previous: None,
            notice: None,
            integration: 0,
            drafts,
            theme: Theme::System,
            runs: 0,
        }
    }

    /// The integration the editors show (the first if the index is stale).
    pub fn current(&self) -> Option<&Integration> {
        self.scenario
            .integrations
            .get(self.integration)
            .or(self.scenario.integrations.first())
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace the scenario (a preset, an import, a link), keeping the old one for undo.
    Load {
        /// The new scenario.
        scenario: Box<Scenario>,
        /// The preset id, if it is one.
        preset: Option<String>,
        /// What to tell the user.
        notice: Option<String>,
    },
    /// Go back to the scenario before the last load.
    UndoLoad,
    /// Hide the notice.
    DismissNotice,
    /// `RouteSelectionExpression`.
    SetRouteSelection(String),
    /// Add a route.
    AddRoute,
    /// Remove route `i`.
    RemoveRoute(usize),
    /// Route `i`'s key.
    SetRouteKey(usize, String),
    /// Route `i`'s target integration (index).
    SetRouteTarget(usize, usize),
    /// Route `i` two-way (a `$default` route response and selection expression) or one-way.
    SetTwoWay(usize, bool),
    /// Show integration `i`'s editors.
    SelectIntegration(usize),
    /// Add an integration (a copy of the current one's type, no responses).
    AddIntegration,
    /// Integration kind, keeping its responses (what the keys match changes).
    SetKind(usize, Kind),
    /// `IntegrationUri`.
    SetUri(usize, String),
    /// Request `TemplateSelectionExpression` (empty removes it).
    SetRequestSelection(usize, String),
    /// `PassthroughBehavior`.
    SetPassthrough(usize, Passthrough),
    /// Add a request template with a fresh key.
    AddRequestTemplate(usize),
    /// Rename a request template (ignored if the new key is taken).
    RenameRequestTemplate(usize, String, String),
    /// A request template's text.
    SetRequestTemplate(usize, String, String),
    /// Remove a request template.
    RemoveRequestTemplate(usize, String),
    /// Add an integration response with a fresh key.
    AddResponse(usize),
    /// Remove integration response `r`.
    RemoveResponse(usize, usize),
    /// Move integration response `r` up (-1) or down (+1).
    MoveResponse(usize, usize, i32),
    /// `IntegrationResponseKey`.
    SetResponseKey(usize, usize, String),
    /// A response's `TemplateSelectionExpression` (empty removes it).
    SetResponseSelection(usize, usize, String),
    /// Add a response template with a fresh key.
    AddResponseTemplate(usize, usize),
    /// Rename a response template (ignored if the new key is taken).
    RenameResponseTemplate(usize, usize, String, String),
    /// A response template's text.
    SetResponseTemplate(usize, usize, String, String),
    /// Remove a response template.
    RemoveResponseTemplate(usize, usize, String),
    /// The client's message.
    SetMessage(String),
    /// The backend status, as typed.
    SetStatus(String),
    /// A status picked on the status map.
    PickStatus(u16),
    /// The backend body.
    SetBody(String),
    /// Backend headers, `Name: value` lines.
    SetHeaders(String),
    /// A Lambda error message (`None`: the function succeeds).
    SetLambdaError(Option<String>),
    /// `$context` overrides, JSON text.
    SetContext(String),
    /// Stage variables, `name=value` lines.
    SetStageVariables(String),
    /// The undocumented-behaviour choices.
    SetAssumptions(Assumptions),
    /// Add the current sample as a test row expecting what happens now (computed from the
    /// state itself, so a click can never record a stale result).
    AddTest,
    /// Remove test row `i`.
    RemoveTest(usize),
    /// Colour scheme.
    SetTheme(Theme),
    /// Run again (Ctrl/Cmd+Enter): announces the result anew.
    Run,
    /// Reload the preset the scenario came from.
    ResetToPreset,
}

const LAMBDA_URI: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-function/invocations";
const SERVICE_URI: &str = "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem";
const HTTP_URI: &str = "https://backend.example.com/";

/// Applies `action` to `state`.
pub fn apply(state: &mut State, action: Action) {
    let s = &mut state.scenario;
    match action {
        Action::Load {
            scenario,
            preset,
            notice,
        } => {
            let old = std::mem::replace(&mut state.scenario, *scenario);
            let new_drafts = Drafts::of(&state.scenario);
            let old_drafts = std::mem::replace(&mut state.drafts, new_drafts);
            state.previous = Some(Box::new((old, old_drafts)));
            state.preset = preset;
            state.notice = notice;
            state.integration = 0;
        }
        Action::UndoLoad => {
            if let Some(prev) = state.previous.take() {
                let (scenario, drafts) = *prev;
                state.scenario = scenario;
                state.drafts = drafts;
                state.preset = None;
                state.notice = None;
                state.integration = 0;
            }
        }
        Action::DismissNotice => state.notice = None,
        Action::SetRouteSelection(e) => s.api.route_selection_expression = e,
        Action::AddRoute => {
            let key = fresh_key(s.routes.iter().map(|r| r.route_key.as_str()), "action");
            let target = s.integrations.first().map(|g| target_of(g, 0));
            s.routes.push(Route {
                route_key: key,
                target,
                ..Route::default()
            });
        }
        Action::RemoveRoute(i) => {
            if i < s.routes.len() {
                s.routes.remove(i);
            }
        }
        Action::SetRouteKey(i, k) => {
            if let Some(r) = s.routes.get_mut(i) {
                r.route_key = k;
            }
        }
        Action::SetRouteTarget(i, gi) => {
            ensure_ids(s);
            let target = s.integrations.get(gi).map(|g| target_of(g, gi));
            if let Some(r) = s.routes.get_mut(i) {
                r.target = target;
            }
        }
        Action::SetTwoWay(i, on) => {
            if let Some(r) = s.routes.get_mut(i) {
                if on {
                    r.route_response_selection_expression = Some("$default".into());
                    if !r
                        .route_responses
                        .iter()
                        .any(|rr| rr.route_response_key == "$default")
                    {
                        r.route_responses.push(RouteResponse {
                            route_response_key: "$default".into(),
                            ..RouteResponse::default()
                        });
                    }
                } else {
                    r.route_response_selection_expression = None;
                    r.route_responses
                        .retain(|rr| rr.route_response_key != "$default");
                }
            }
        }
        Action::SelectIntegration(i) => {
            if i < s.integrations.len() {
                state.integration = i;
            }
        }
        Action::AddIntegration => {
            ensure_ids(s);
            let id = fresh_key(
                s.integrations
                    .iter()
                    .filter_map(|g| g.integration_id.as_deref()),
                "integration",
            );
            s.integrations.push(Integration {
                integration_id: Some(id),
                integration_type: IntegrationType::Mock,
                request_templates: [("$default".to_string(), "{\"statusCode\": 200}".to_string())]
                    .into_iter()
                    .collect(),
                integration_responses: vec![IntegrationResponse {
                    integration_response_key: "$default".into(),
                    ..IntegrationResponse::default()
                }],
                ..Integration::default()
            });
            state.integration = s.integrations.len() - 1;
        }
        Action::SetKind(i, kind) => {
            if let Some(g) = s.integrations.get_mut(i) {
                set_kind(g, kind);
            }
        }
        Action::SetUri(i, u) => {
            if let Some(g) = s.integrations.get_mut(i) {
                g.integration_uri = (!u.is_empty()).then_some(u);
            }
        }
        Action::SetRequestSelection(i, e) => {
            if let Some(g) = s.integrations.get_mut(i) {
                g.template_selection_expression = (!e.is_empty()).then_some(e);
            }
        }
        Action::SetPassthrough(i, p) => {
            if let Some(g) = s.integrations.get_mut(i) {
                g.passthrough_behavior = Some(p);
            }
        }
        Action::AddRequestTemplate(i) => {
            if let Some(g) = s.integrations.get_mut(i) {
                let k = fresh_template_key(&g.request_templates);
                g.request_templates.insert(k, String::new());
            }
        }
        Action::RenameRequestTemplate(i, old, new) => {
            if let Some(g) = s.integrations.get_mut(i) {
                rename(&mut g.request_templates, &old, new);
            }
        }
        Action::SetRequestTemplate(i, k, t) => {
            if let Some(g) = s.integrations.get_mut(i) {
                g.request_templates.insert(k, t);
            }
        }
        Action::RemoveRequestTemplate(i, k) => {
            if let Some(g) = s.integrations.get_mut(i) {
                g.request_templates.shift_remove(&k);
            }
        }
        Action::AddResponse(i) => {
            if let Some(g) = s.integrations.get_mut(i) {
                let keys: Vec<&str> = g
                    .integration_responses
                    .iter()
                    .map(|r| r.integration_response_key.as_str())
                    .collect();
                let key = if !keys.contains(&"$default") {
                    "$default".to_string()
                } else {
                    ["/2\\d\\d/", "/4\\d\\d/", "/5\\d\\d/"]
                        .into_iter()
                        .find(|k| !keys.contains(k))
                        .map(str::to_string)
                        .unwrap_or_else(|| fresh_key(keys.iter().copied(), "/new/"))
                };
                g.integration_responses.push(IntegrationResponse {
                    integration_response_key: key,
                    template_selection_expression: Some("\\$default".into()),
                    response_templates: [("$default".to_string(), String::new())]
                        .into_iter()
                        .collect(),
                    ..IntegrationResponse::default()
                });
            }
        }
        Action::RemoveResponse(i, r) => {
            if let Some(g) = s.integrations.get_mut(i)
                && r < g.integration_responses.len()
            {
                g.integration_responses.remove(r);
            }
        }
        Action::MoveResponse(i, r, delta) => {
            if let Some(g) = s.integrations.get_mut(i) {
                let to = r as i64 + delta as i64;
                if r < g.integration_responses.len()
                    && to >= 0
                    && (to as usize) < g.integration_responses.len()
                {
                    g.integration_responses.swap(r, to as usize);
                }
            }
        }
        Action::SetResponseKey(i, r, k) => {
            if let Some(x) = response(s, i, r) {
                x.integration_response_key = k;
            }
        }
        Action::SetResponseSelection(i, r, e) => {
            if let Some(x) = response(s, i, r) {
                x.template_selection_expression = (!e.is_empty()).then_some(e);
            }
        }
        Action::AddResponseTemplate(i, r) => {
            if let Some(x) = response(s, i, r) {
                let k = fresh_template_key(&x.response_templates);
                x.response_templates.insert(k, String::new());
            }
        }
        Action::RenameResponseTemplate(i, r, old, new) => {
            if let Some(x) = response(s, i, r) {
                rename(&mut x.response_templates, &old, new);
            }
        }
        Action::SetResponseTemplate(i, r, k, t) => {
            if let Some(x) = response(s, i, r) {
                x.response_templates.insert(k, t);
            }
        }
        Action::RemoveResponseTemplate(i, r, k) => {
            if let Some(x) = response(s, i, r) {
                x.response_templates.shift_remove(&k);
            }
        }
        Action::SetMessage(m) => s.sample.message = m,
        Action::SetStatus(text) => {
            match text.trim().parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) => {
                    s.sample.backend.status_code = c;
                    state.drafts.status_error = None;
                }
                _ => {
                    state.drafts.status_error =
                        Some("a status code is a number from 100 to 599".into())
                }
            }
            state.drafts.status = text;
        }
        Action::PickStatus(c) => {
            s.sample.backend.status_code = c;
            s.sample.backend.lambda_error = None;
            state.drafts.status = c.to_string();
            state.drafts.status_error = None;
        }
        Action::SetBody(b) => s.sample.backend.body = b.into(),
        Action::SetHeaders(text) => {
            s.sample.backend.headers = parse_lines(&text, ':');
            state.drafts.headers = text;
        }
        Action::SetLambdaError(e) => {
            s.sample.backend.lambda_error = e.map(|m| LambdaError {
                error_message: m,
                ..LambdaError::default()
            });
        }
        Action::SetContext(text) => {
            if text.trim().is_empty() {
                s.sample.context.clear();
                state.drafts.context_error = None;
            } else {
                match json_doc::parse(&text) {
                    Ok(serde_json::Value::Object(m)) => {
                        s.sample.context = m;
                        state.drafts.context_error = None;
                    }
                    Ok(_) => {
                        state.drafts.context_error =
                            Some("`$context` overrides must be a JSON object".into())
                    }
                    Err(e) => state.drafts.context_error = Some(json_doc::located(&text, &e)),
                }
            }
            state.drafts.context = text;
        }
        Action::SetStageVariables(text) => {
            s.sample.stage_variables = parse_lines(&text, '=');
            state.drafts.stage_variables = text;
        }
        Action::SetAssumptions(a) => s.assumptions = a,
        Action::AddTest => {
            let o = Prepared::new(s, &Limits::default()).run();
            let n = s.tests.len() + 1;
            let what = match &s.sample.backend.lambda_error {
                Some(e) => format!("error `{}`", e.error_message),
                None => format!("status {}", s.sample.backend.status_code),
            };
            s.tests.push(TestCase {
                name: format!("#{n}: {what}"),
                message: Some(s.sample.message.clone()),
                backend: Some(s.sample.backend.clone()),
                expect: crate::engine::model::Expectation {
                    route_key: o.route_key.clone(),
                    integration_response_key: o.integration_response_key.clone(),
                    template_key: None,
                    output: None,
                    client_receives: Some(o.client_receives.clone()),
                },
            });
        }
        Action::RemoveTest(i) => {
            if i < s.tests.len() {
                s.tests.remove(i);
            }
        }
        Action::SetTheme(t) => state.theme = t,
        Action::Run => state.runs = state.runs.wrapping_add(1),
        Action::ResetToPreset => {
            if let Some(id) = state.preset.clone()
                && let Some(fresh) = preset(&id)
            {
                let title = fresh.title.clone();
                apply(
                    state,
                    Action::Load {
                        scenario: Box::new(fresh),
                        preset: Some(id),
                        notice: Some(format!("Reset to the preset “{title}”.")),
                    },
                );
            }
        }
    }
}

fn response(s: &mut Scenario, i: usize, r: usize) -> Option<&mut IntegrationResponse> {
    s.integrations.get_mut(i)?.integration_responses.get_mut(r)
}

/// Gives every integration an id, so routes can target them.
fn ensure_ids(s: &mut Scenario) {
    let mut n = 1;
    for i in 0..s.integrations.len() {
        if s.integrations[i].integration_id.is_none() {
            let taken: Vec<String> = s
                .integrations
                .iter()
                .filter_map(|g| g.integration_id.clone())
                .collect();
            while taken.contains(&format!("integration-{n}")) {
                n += 1;
            }
            s.integrations[i].integration_id = Some(format!("integration-{n}"));
        }
    }
}

fn target_of(g: &Integration, i: usize) -> String {
    format!(
        "integrations/{}",
        g.integration_id
            .clone()
            .unwrap_or_else(|| format!("integration-{}", i + 1))
    )
}

fn set_kind(g: &mut Integration, kind: Kind) {
    let uri = g.integration_uri.clone().unwrap_or_default();
    let (ty, default_uri) = match kind {
        Kind::Http => (
            IntegrationType::Http,
            (!uri.starts_with("http")).then_some(HTTP_URI),
        ),
        Kind::HttpProxy => (
            IntegrationType::HttpProxy,
            (!uri.starts_with("http")).then_some(HTTP_URI),
        ),
        Kind::Lambda => (
            IntegrationType::Aws,
            (!uri.contains(":lambda:path/")).then_some(LAMBDA_URI),
        ),
        Kind::AwsService => (
            IntegrationType::Aws,
            (!uri.starts_with("arn:") || uri.contains(":lambda:path/")).then_some(SERVICE_URI),
        ),
        Kind::LambdaProxy => (
            IntegrationType::AwsProxy,
            (!uri.contains(":lambda:path/")).then_some(LAMBDA_URI),
        ),
        Kind::Mock => (IntegrationType::Mock, None),
    };
    g.integration_type = ty;
    if kind == Kind::Mock {
        g.integration_uri = None;
        if g.request_templates.is_empty() {
            g.request_templates
                .insert("$default".into(), "{\"statusCode\": 200}".into());
        }
    } else if let Some(u) = default_uri {
        g.integration_uri = Some(u.to_string());
    }
}

fn fresh_key<'a>(taken: impl Iterator<Item = &'a str>, base: &str) -> String {
    let taken: Vec<&str> = taken.collect();
    if !taken.contains(&base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|k| !taken.contains(&k.as_str()))
        .unwrap_or_default()
}

fn fresh_template_key(m: &IndexMap<String, String>) -> String {
    if !m.contains_key("$default") {
        return "$default".into();
    }
    fresh_key(m.keys().map(String::as_str), "key")
}

/// Renames `old` to `new` in place, keeping the order; nothing happens if `new` is taken.
fn rename(m: &mut IndexMap<String, String>, old: &str, new: String) {
    if old == new || m.contains_key(&new) {
        return;
    }
    if let Some(i) = m.get_index_of(old) {
        let v = m.shift_remove(old).unwrap_or_default();
        m.shift_insert(i, new, v);
    }
}

/// `Name: value` (or `name=value`) lines into a map; blank lines and lines without the
/// separator are skipped.
fn parse_lines(text: &str, sep: char) -> IndexMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once(sep))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// The backend sample as a short description: "status 404", "Lambda error `x`".
pub fn describe_backend(b: &Backend) -> String {
    match &b.lambda_error {
        Some(e) => format!("Lambda error `{}`", e.error_message),
        None => format!("status {}", b.status_code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::pipeline::Outcome;

    fn state() -> State {
        State::new(default_scenario())
    }

    fn run(s: &State) -> Outcome {
        Prepared::new(&s.scenario, &Limits::default()).run()
    }

    #[test]
    fn every_preset_parses_and_the_default_is_the_first() {
        for p in PRESETS {
            assert!(Scenario::from_json(p.json).is_ok(), "{}", p.id);
        }
        assert_eq!(default_scenario(), preset("http-status-mapping").unwrap());
    }

    #[test]
    fn editing_changes_the_outcome() {
        let mut s = state();
        assert_eq!(
            run(&s).integration_response_key.as_deref(),
            Some("/2\\d\\d/")
        );
        apply(&mut s, Action::PickStatus(404));
        assert_eq!(
            run(&s).integration_response_key.as_deref(),
            Some("/4\\d\\d/")
        );
        apply(
            &mut s,
            Action::SetResponseTemplate(0, 1, "$default".into(), "gone".into()),
        );
        assert_eq!(run(&s).client_receives.as_deref(), Some("gone"));
    }

    #[test]
    fn undoing_a_load_brings_back_invalid_drafts_as_typed() {
        let mut s = state();
        apply(&mut s, Action::SetStatus("40".into()));
        apply(&mut s, Action::SetContext("{\"stage\": ".into()));
        let typed = s.drafts.clone();
        assert!(typed.status_error.is_some() && typed.context_error.is_some());
        let other =
            Scenario::from_json(include_str!("../www/presets/mock-integration.json")).unwrap();
        apply(
            &mut s,
            Action::Load {
                scenario: Box::new(other),
                preset: Some("mock-integration".into()),
                notice: None,
            },
        );
        assert_eq!(s.drafts.status, "200");
        apply(&mut s, Action::UndoLoad);
        assert_eq!(s.drafts, typed);
        assert_eq!(s.scenario.sample.backend.status_code, 200);
    }

    #[test]
    fn an_invalid_status_is_kept_as_typed_and_not_applied() {
        let mut s = state();
        apply(&mut s, Action::SetStatus("40".into()));
        assert_eq!(s.drafts.status, "40");
        assert!(s.drafts.status_error.is_some());
        assert_eq!(s.scenario.sample.backend.status_code, 200);
        apply(&mut s, Action::SetStatus("404".into()));
        assert_eq!(s.scenario.sample.backend.status_code, 404);
        assert!(s.drafts.status_error.is_none());
    }

    #[test]
    fn invalid_context_json_is_kept_and_reported() {
        let mut s = state();
        apply(&mut s, Action::SetContext("{\"stage\": ".into()));
        assert_eq!(s.drafts.context, "{\"stage\": ");
        assert!(
            s.drafts
                .context_error
                .as_deref()
                .is_some_and(|e| e.contains("line 1"))
        );
        apply(&mut s, Action::SetContext("{\"stage\": \"beta\"}".into()));
        assert!(s.drafts.context_error.is_none());
        assert_eq!(s.scenario.sample.context["stage"], "beta");
    }

    #[test]
    fn responses_add_remove_and_reorder() {
        let mut s = state();
        let keys = |s: &State| -> Vec<String> {
            s.scenario.integrations[0]
                .integration_responses
                .iter()
                .map(|r| r.integration_response_key.clone())
                .collect()
        };
        assert_eq!(keys(&s), ["/2\\d\\d/", "/4\\d\\d/", "$default"]);
        apply(&mut s, Action::AddResponse(0));
        assert_eq!(keys(&s)[3], "/5\\d\\d/");
        apply(&mut s, Action::MoveResponse(0, 3, -1));
        assert_eq!(keys(&s)[2], "/5\\d\\d/");
        apply(&mut s, Action::MoveResponse(0, 0, -1));
        assert_eq!(keys(&s)[0], "/2\\d\\d/", "moving the first up does nothing");
        apply(&mut s, Action::RemoveResponse(0, 2));
        assert_eq!(keys(&s), ["/2\\d\\d/", "/4\\d\\d/", "$default"]);
        apply(&mut s, Action::RemoveResponse(0, 99));
        assert_eq!(keys(&s).len(), 3);
    }

    #[test]
    fn renaming_a_template_keeps_order_and_refuses_a_taken_key() {
        let mut s = state();
        apply(&mut s, Action::AddResponseTemplate(0, 0));
        apply(
            &mut s,
            Action::RenameResponseTemplate(0, 0, "key".into(), "201".into()),
        );
        let keys: Vec<_> = s.scenario.integrations[0].integration_responses[0]
            .response_templates
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["$default", "201"]);
        apply(
            &mut s,
            Action::RenameResponseTemplate(0, 0, "201".into(), "$default".into()),
        );
        let keys: Vec<_> = s.scenario.integrations[0].integration_responses[0]
            .response_templates
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["$default", "201"]);
    }

    #[test]
    fn switching_kind_keeps_responses_and_changes_what_they_match() {
        let mut s = state();
        apply(&mut s, Action::SetKind(0, Kind::Lambda));
        assert_eq!(Kind::of(&s.scenario.integrations[0]), Kind::Lambda);
        assert_eq!(s.scenario.integrations[0].integration_responses.len(), 3);
        let o = run(&s);
        assert!(
            o.diagnostics
                .iter()
                .any(|d| d.message.contains("looks like a status code"))
        );
        apply(&mut s, Action::SetKind(0, Kind::Mock));
        assert_eq!(s.scenario.integrations[0].integration_uri, None);
        apply(&mut s, Action::SetKind(0, Kind::Http));
        assert!(
            s.scenario.integrations[0]
                .integration_uri
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        );
    }

    #[test]
    fn two_way_toggle() {
        let mut s = state();
        apply(&mut s, Action::SetTwoWay(0, false));
        assert_eq!(run(&s).client_receives, None);
        apply(&mut s, Action::SetTwoWay(0, true));
        assert!(run(&s).client_receives.is_some());
    }

    #[test]
    fn reset_to_preset_restores_it_and_can_be_undone() {
        let mut s = state();
        s.preset = Some("http-status-mapping".into());
        apply(&mut s, Action::SetMessage("edited".into()));
        apply(&mut s, Action::ResetToPreset);
        assert_eq!(s.scenario, default_scenario());
        apply(&mut s, Action::UndoLoad);
        assert_eq!(s.scenario.sample.message, "edited");
    }

    #[test]
    fn load_and_undo() {
        let mut s = state();
        apply(&mut s, Action::SetMessage("changed".into()));
        let mock = preset("mock-integration").unwrap();
        apply(
            &mut s,
            Action::Load {
                scenario: Box::new(mock.clone()),
                preset: Some("mock-integration".into()),
                notice: None,
            },
        );
        assert_eq!(s.scenario, mock);
        apply(&mut s, Action::UndoLoad);
        assert_eq!(s.scenario.sample.message, "changed");
    }

    #[test]
    fn a_test_row_from_the_current_outcome_passes() {
        let mut s = state();
        apply(&mut s, Action::PickStatus(418));
        apply(&mut s, Action::AddTest);
        let p = Prepared::new(&s.scenario, &Limits::default());
        let results = crate::engine::cases::run_all(&p);
        assert!(results.iter().all(|r| r.passed), "{results:#?}");
        assert_eq!(s.scenario.tests.last().unwrap().name, "#5: status 418");
    }

    #[test]
    fn headers_and_stage_variables_from_lines() {
        let mut s = state();
        apply(
            &mut s,
            Action::SetHeaders("X-A: 1\nbroken line\n\nX-B:2".into()),
        );
        assert_eq!(s.scenario.sample.backend.headers.len(), 2);
        assert_eq!(s.drafts.headers, "X-A: 1\nbroken line\n\nX-B:2");
        apply(
            &mut s,
            Action::SetStageVariables("env=prod\ntable = T".into()),
        );
        assert_eq!(s.scenario.sample.stage_variables["table"], "T");
    }

    #[test]
    fn routes_add_target_and_remove() {
        let mut s = state();
        apply(&mut s, Action::AddIntegration);
        assert_eq!(s.integration, 1);
        apply(&mut s, Action::AddRoute);
        let last = s.scenario.routes.len() - 1;
        apply(&mut s, Action::SetRouteTarget(last, 1));
        let id = s.scenario.integrations[1].integration_id.clone().unwrap();
        assert_eq!(
            s.scenario.routes[last].target.as_deref(),
            Some(format!("integrations/{id}").as_str())
        );
        apply(&mut s, Action::RemoveRoute(last));
        assert_eq!(s.scenario.routes.len(), last);
    }
}

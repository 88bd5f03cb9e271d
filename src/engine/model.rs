//! What a user configures, with the member names of the apigatewayv2 API as
//! `aws apigatewayv2 get-*` prints them (PascalCase), and the scenario around it: the
//! configuration plus sample inputs. Unknown members are kept (in `extra`) and reported, never
//! rejected, so pasted CLI output loads as it is.

use crate::engine::assumptions::Assumptions;
use crate::engine::json_doc;
use crate::engine::model_json;
use crate::engine::span;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::rc::Rc;

/// Members this playground does not model, kept as they were.
pub type Extra = IndexMap<String, Json>;

/// `IntegrationType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IntegrationType {
    /// An HTTP endpoint, with templates.
    #[default]
    Http,
    /// An HTTP endpoint, payload passed through.
    HttpProxy,
    /// A Lambda function or another AWS service, with templates.
    Aws,
    /// A Lambda function, payload passed through.
    AwsProxy,
    /// No backend: the status comes from the request template.
    Mock,
}

impl IntegrationType {
    /// True for the proxy types, which have no integration responses.
    pub fn is_proxy(self) -> bool {
        matches!(self, IntegrationType::HttpProxy | IntegrationType::AwsProxy)
    }

    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        name_of(&INTEGRATION_TYPES, self)
    }
}

/// Each `IntegrationType` as the API spells it (the scenario's JSON reads and writes these).
pub(crate) const INTEGRATION_TYPES: [(&str, IntegrationType); 5] = [
    ("HTTP", IntegrationType::Http),
    ("HTTP_PROXY", IntegrationType::HttpProxy),
    ("AWS", IntegrationType::Aws),
    ("AWS_PROXY", IntegrationType::AwsProxy),
    ("MOCK", IntegrationType::Mock),
];
/// Each `PassthroughBehavior` as the API spells it.
pub(crate) const PASSTHROUGHS: [(&str, Passthrough); 3] = [
    ("WHEN_NO_MATCH", Passthrough::WhenNoMatch),
    ("WHEN_NO_TEMPLATES", Passthrough::WhenNoTemplates),
    ("NEVER", Passthrough::Never),
];
/// Each `ContentHandlingStrategy` as the API spells it.
pub(crate) const CONTENT_HANDLINGS: [(&str, ContentHandling); 2] = [
    ("CONVERT_TO_BINARY", ContentHandling::ConvertToBinary),
    ("CONVERT_TO_TEXT", ContentHandling::ConvertToText),
];

/// `t`'s name in its table.
fn name_of<T: Copy + PartialEq>(all: &[(&'static str, T)], t: T) -> &'static str {
    all.iter().find(|(_, x)| *x == t).map_or("", |(n, _)| n)
}

impl Passthrough {
    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        name_of(&PASSTHROUGHS, self)
    }
}

impl ContentHandling {
    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        name_of(&CONTENT_HANDLINGS, self)
    }
}

/// `PassthroughBehavior`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Passthrough {
    /// Unmapped input goes to the backend as it is (the default).
    #[default]
    WhenNoMatch,
    /// Pass through only when the integration has no templates at all.
    WhenNoTemplates,
    /// Unmapped input is rejected.
    Never,
}

/// `ContentHandlingStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentHandling {
    /// Base64 text to binary.
    ConvertToBinary,
    /// Binary to base64 text.
    ConvertToText,
}

/// The API (`get-api`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    /// `Name`.
    pub name: Option<String>,
    /// `RouteSelectionExpression`, e.g. `$request.body.action`.
    pub route_selection_expression: String,
    /// Everything else.
    pub extra: Extra,
}

/// A route response (`get-route-responses`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RouteResponse {
    /// `RouteResponseKey`: only `$default` is supported.
    pub route_response_key: String,
    /// Everything else.
    pub extra: Extra,
}

/// A route (`get-routes`), with its route responses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Route {
    /// `RouteKey`: `$default`, `$connect`, `$disconnect` or a custom key.
    pub route_key: String,
    /// `RouteId`.
    pub route_id: Option<String>,
    /// `Target`: `integrations/{IntegrationId}`.
    pub target: Option<String>,
    /// `RouteResponseSelectionExpression`: `$default` for two-way.
    pub route_response_selection_expression: Option<String>,
    /// The route's route responses.
    pub route_responses: Vec<RouteResponse>,
    /// Everything else.
    pub extra: Extra,
}

/// An integration response (`get-integration-responses`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntegrationResponse {
    /// `IntegrationResponseKey`: `$default` or `/regex/`.
    pub integration_response_key: String,
    /// `IntegrationResponseId`.
    pub integration_response_id: Option<String>,
    /// `TemplateSelectionExpression`.
    pub template_selection_expression: Option<String>,
    /// `ResponseTemplates`, by template selection key.
    pub response_templates: IndexMap<String, String>,
    /// `ContentHandlingStrategy`.
    pub content_handling_strategy: Option<ContentHandling>,
    /// Everything else.
    pub extra: Extra,
}

/// An integration (`get-integration`), with its integration responses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Integration {
    /// `IntegrationId`.
    pub integration_id: Option<String>,
    /// `IntegrationType`.
    pub integration_type: IntegrationType,
    /// `IntegrationUri`: an HTTP URL, or a Lambda / service ARN.
    pub integration_uri: Option<String>,
    /// `IntegrationMethod`.
    pub integration_method: Option<String>,
    /// `TemplateSelectionExpression` (request side).
    pub template_selection_expression: Option<String>,
    /// `RequestTemplates`, by template selection key.
    pub request_templates: IndexMap<String, String>,
    /// `PassthroughBehavior`.
    pub passthrough_behavior: Option<Passthrough>,
    /// `ContentHandlingStrategy`.
    pub content_handling_strategy: Option<ContentHandling>,
    /// The integration's integration responses, in the order they were created.
    pub integration_responses: Vec<IntegrationResponse>,
    /// Everything else.
    pub extra: Extra,
}

impl Integration {
    /// True for an `AWS` integration that calls a Lambda function (its errors are matched by
    /// `errorMessage`); other `AWS` integrations are matched by status code.
    pub fn is_lambda(&self) -> bool {
        self.integration_type == IntegrationType::Aws
            && self
                .integration_uri
                .as_deref()
                .is_some_and(|u| u.contains(":lambda:path/"))
    }
}

/// What the backend answered, for the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    /// HTTP status code (HTTP and AWS service integrations; `statusCode` of a Lambda proxy result
    /// comes from `body`).
    pub status_code: u16,
    /// Response headers.
    pub headers: IndexMap<String, String>,
    /// Response body: the HTTP body, a Lambda function's return value (JSON text), or for
    /// `AWS_PROXY` the whole Lambda result (`{"statusCode":200,"body":"…"}`). Shared: a
    /// scenario is cloned on every edit (undo, the page's memo), and a body can be 1 MB.
    pub body: Rc<str>,
    /// When set, the Lambda function failed with this error.
    pub lambda_error: Option<LambdaError>,
}

impl Default for Backend {
    fn default() -> Backend {
        Backend {
            status_code: 200,
            headers: IndexMap::new(),
            body: Rc::from(""),
            lambda_error: None,
        }
    }
}

/// A Lambda function error, as API Gateway sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LambdaError {
    /// `errorMessage`: what integration response keys are matched against.
    pub error_message: String,
    /// `errorType`.
    pub error_type: String,
}

/// The sample inputs of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    /// The client's message (a text frame).
    pub message: String,
    /// `$context` fields over the realistic defaults.
    pub context: serde_json::Map<String, Json>,
    /// `$stageVariables`.
    pub stage_variables: IndexMap<String, String>,
    /// What the backend answers.
    pub backend: Backend,
}

/// One row of a scenario's test table: an outcome of the backend and what should follow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestCase {
    /// A name for people.
    pub name: String,
    /// The message, if not the scenario's.
    pub message: Option<String>,
    /// The backend's answer, if not the scenario's.
    pub backend: Option<Backend>,
    /// What is expected.
    pub expect: Expectation,
}

/// Expected parts of an outcome; unset parts are not checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expectation {
    /// The selected route key.
    pub route_key: Option<String>,
    /// The selected integration response key.
    pub integration_response_key: Option<String>,
    /// The selected response template key.
    pub template_key: Option<String>,
    /// The rendered output.
    pub output: Option<String>,
    /// What the client receives; `null` expects no frame.
    pub client_receives: Option<Option<String>>,
}

/// The current version of the scenario format.
pub const SCENARIO_VERSION: u32 = 1;

/// A configuration plus samples: everything the playground simulates, as one JSON file.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Format version.
    pub version: u32,
    /// A title for people.
    pub title: String,
    /// Notes for people.
    pub notes: String,
    /// The API.
    pub api: Api,
    /// Its routes.
    pub routes: Vec<Route>,
    /// Its integrations.
    pub integrations: Vec<Integration>,
    /// The sample inputs.
    pub sample: Sample,
    /// Rows of expected outcomes.
    pub tests: Vec<TestCase>,
    /// Choices where AWS is undocumented.
    pub assumptions: Assumptions,
    /// Everything else.
    pub extra: Extra,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            title: String::new(),
            notes: String::new(),
            api: Api {
                route_selection_expression: "$request.body.action".into(),
                ..Api::default()
            },
            routes: Vec::new(),
            integrations: Vec::new(),
            sample: Sample::default(),
            tests: Vec::new(),
            assumptions: Assumptions::default(),
            extra: Extra::new(),
        }
    }
}

impl Scenario {
    /// Reads a scenario from JSON text. Errors give the line and column, and for a value of
    /// the wrong shape its path (`routes[0].RouteKey`).
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let text = text.trim_start_matches('\u{feff}');
        let place = |at: usize| span::place(text, at);
        // a list is not a scenario, however deep it goes
        let start = text.len() - text.trim_start().len();
        if text[start..].starts_with('[') {
            return Err(format!(
                "invalid type: sequence, expected struct Scenario {}",
                place(start)
            ));
        }
        let value = json_doc::parse(text).map_err(|e| json_doc::located(text, &e))?;
        if let Some((key, at)) = model_json::duplicate_member(text) {
            return Err(format!("duplicate field `{key}` {}", place(at)));
        }
        model_json::scenario(&value, &mut Vec::new())
            .map_err(|e| format!("{e} {}", place(model_json::locate(text, &e.at))))
    }

    /// Writes it as pretty JSON.
    pub fn to_json(&self) -> String {
        json_doc::to_pretty(&model_json::scenario_json(self))
    }

    /// Writes it as compact JSON (what links and the browser's storage keep).
    pub fn to_compact_json(&self) -> String {
        json_doc::to_compact(&model_json::scenario_json(self))
    }

    /// Members that the playground does not model, with where they are: they are kept as they
    /// are and play no part in the simulation.
    pub fn unknown_members(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |at: &str, extra: &Extra| {
            for k in extra.keys() {
                out.push(format!("{at}{k}"));
            }
        };
        add("", &self.extra);
        add("api.", &self.api.extra);
        for (i, r) in self.routes.iter().enumerate() {
            add(&format!("routes[{i}]."), &r.extra);
            for (j, rr) in r.route_responses.iter().enumerate() {
                add(&format!("routes[{i}].RouteResponses[{j}]."), &rr.extra);
            }
        }
        for (i, g) in self.integrations.iter().enumerate() {
            add(&format!("integrations[{i}]."), &g.extra);
            for (j, ir) in g.integration_responses.iter().enumerate() {
                add(
                    &format!("integrations[{i}].IntegrationResponses[{j}]."),
                    &ir.extra,
                );
            }
        }
        out
    }
}

impl Scenario {
    /// The text a diagnostic's source refers to (a template, a key, an expression), to show
    /// the diagnostic in place.
    pub fn source_text(&self, source: &crate::engine::diag::Source) -> Option<&str> {
        use crate::engine::diag::Source as S;
        let ir = |g: usize, r: usize| {
            self.integrations
                .get(g)
                .and_then(|g| g.integration_responses.get(r))
        };
        match source {
            S::RequestTemplate { integration, key } => self
                .integrations
                .get(*integration)?
                .request_templates
                .get(key)
                .map(String::as_str),
            S::ResponseTemplate {
                integration,
                response,
                key,
            } => ir(*integration, *response)?
                .response_templates
                .get(key)
                .map(String::as_str),
            S::ResponseKey {
                integration,
                response,
            } => Some(
                ir(*integration, *response)?
                    .integration_response_key
                    .as_str(),
            ),
            S::RouteSelection => Some(self.api.route_selection_expression.as_str()),
            S::RequestTemplateSelection { integration } => self
                .integrations
                .get(*integration)?
                .template_selection_expression
                .as_deref(),
            S::ResponseTemplateSelection {
                integration,
                response,
            } => ir(*integration, *response)?
                .template_selection_expression
                .as_deref(),
            S::Message => Some(self.sample.message.as_str()),
            S::BackendBody => Some(&self.sample.backend.body),
            S::Template | S::Scenario => None,
        }
    }
}

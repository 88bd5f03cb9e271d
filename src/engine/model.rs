//! What a user configures, with the member names of the apigatewayv2 API as
//! `aws apigatewayv2 get-*` prints them (PascalCase), and the scenario around it: the
//! configuration plus sample inputs. Unknown members are kept (in `extra`) and reported, never
//! rejected, so pasted CLI output loads as it is.

use crate::engine::assumptions::Assumptions;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::rc::Rc;

/// Members this playground does not model, kept as they were.
pub type Extra = IndexMap<String, Json>;

/// `IntegrationType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntegrationType {
    /// An HTTP endpoint, with templates.
    #[default]
    #[serde(rename = "HTTP")]
    Http,
    /// An HTTP endpoint, payload passed through.
    #[serde(rename = "HTTP_PROXY")]
    HttpProxy,
    /// A Lambda function or another AWS service, with templates.
    #[serde(rename = "AWS")]
    Aws,
    /// A Lambda function, payload passed through.
    #[serde(rename = "AWS_PROXY")]
    AwsProxy,
    /// No backend: the status comes from the request template.
    #[serde(rename = "MOCK")]
    Mock,
}

impl IntegrationType {
    /// True for the proxy types, which have no integration responses.
    pub fn is_proxy(self) -> bool {
        matches!(self, IntegrationType::HttpProxy | IntegrationType::AwsProxy)
    }

    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            IntegrationType::Http => "HTTP",
            IntegrationType::HttpProxy => "HTTP_PROXY",
            IntegrationType::Aws => "AWS",
            IntegrationType::AwsProxy => "AWS_PROXY",
            IntegrationType::Mock => "MOCK",
        }
    }
}

/// `PassthroughBehavior`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContentHandling {
    /// Base64 text to binary.
    ConvertToBinary,
    /// Binary to base64 text.
    ConvertToText,
}

/// The API (`get-api`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Api {
    /// `Name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `RouteSelectionExpression`, e.g. `$request.body.action`.
    pub route_selection_expression: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A route response (`get-route-responses`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteResponse {
    /// `RouteResponseKey`: only `$default` is supported.
    pub route_response_key: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A route (`get-routes`), with its route responses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Route {
    /// `RouteKey`: `$default`, `$connect`, `$disconnect` or a custom key.
    pub route_key: String,
    /// `RouteId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_id: Option<String>,
    /// `Target`: `integrations/{IntegrationId}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `RouteResponseSelectionExpression`: `$default` for two-way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_response_selection_expression: Option<String>,
    /// The route's route responses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_responses: Vec<RouteResponse>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An integration response (`get-integration-responses`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IntegrationResponse {
    /// `IntegrationResponseKey`: `$default` or `/regex/`.
    pub integration_response_key: String,
    /// `IntegrationResponseId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_response_id: Option<String>,
    /// `TemplateSelectionExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_selection_expression: Option<String>,
    /// `ResponseTemplates`, by template selection key.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_templates: IndexMap<String, String>,
    /// `ContentHandlingStrategy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_handling_strategy: Option<ContentHandling>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An integration (`get-integration`), with its integration responses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Integration {
    /// `IntegrationId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
    /// `IntegrationType`.
    pub integration_type: IntegrationType,
    /// `IntegrationUri`: an HTTP URL, or a Lambda / service ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_uri: Option<String>,
    /// `IntegrationMethod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_method: Option<String>,
    /// `TemplateSelectionExpression` (request side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_selection_expression: Option<String>,
    /// `RequestTemplates`, by template selection key.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub request_templates: IndexMap<String, String>,
    /// `PassthroughBehavior`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough_behavior: Option<Passthrough>,
    /// `ContentHandlingStrategy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_handling_strategy: Option<ContentHandling>,
    /// The integration's integration responses, in the order they were created.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub integration_responses: Vec<IntegrationResponse>,
    /// Everything else.
    #[serde(flatten)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Backend {
    /// HTTP status code (HTTP and AWS service integrations; `statusCode` of a Lambda proxy result
    /// comes from `body`).
    pub status_code: u16,
    /// Response headers.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    /// Response body: the HTTP body, a Lambda function's return value (JSON text), or for
    /// `AWS_PROXY` the whole Lambda result (`{"statusCode":200,"body":"…"}`). Shared: a
    /// scenario is cloned on every edit (undo, the page's memo), and a body can be 1 MB.
    pub body: Rc<str>,
    /// When set, the Lambda function failed with this error.
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LambdaError {
    /// `errorMessage`: what integration response keys are matched against.
    pub error_message: String,
    /// `errorType`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error_type: String,
}

/// The sample inputs of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sample {
    /// The client's message (a text frame).
    pub message: String,
    /// `$context` fields over the realistic defaults.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub context: serde_json::Map<String, Json>,
    /// `$stageVariables`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub stage_variables: IndexMap<String, String>,
    /// What the backend answers.
    pub backend: Backend,
}

/// One row of a scenario's test table: an outcome of the backend and what should follow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TestCase {
    /// A name for people.
    pub name: String,
    /// The message, if not the scenario's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The backend's answer, if not the scenario's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<Backend>,
    /// What is expected.
    pub expect: Expectation,
}

/// Expected parts of an outcome; unset parts are not checked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Expectation {
    /// The selected route key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_key: Option<String>,
    /// The selected integration response key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_response_key: Option<String>,
    /// The selected response template key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_key: Option<String>,
    /// The rendered output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// What the client receives; `null` expects no frame.
    #[serde(skip_serializing_if = "Option::is_none", with = "double_option")]
    pub client_receives: Option<Option<String>>,
}

/// `Some(None)` for an explicit `null`, `None` for absent.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Option<String>>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// The current version of the scenario format.
pub const SCENARIO_VERSION: u32 = 1;

/// A configuration plus samples: everything the playground simulates, as one JSON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Scenario {
    /// Format version.
    pub version: u32,
    /// A title for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Notes for people.
    #[serde(skip_serializing_if = "String::is_empty")]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestCase>,
    /// Choices where AWS is undocumented.
    #[serde(skip_serializing_if = "is_default_assumptions")]
    pub assumptions: Assumptions,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

fn is_default_assumptions(a: &Assumptions) -> bool {
    *a == Assumptions::default()
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
    /// Reads a scenario from JSON text. Errors give the line and column.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            let message = strip_position(&e.to_string());
            // serde_json's words for a `\ud800` escape without its other half
            let why = if message.contains("hex escape") || message.contains("surrogate") {
                ": a `\\uD800`–`\\uDFFF` escape must be half of a UTF-16 surrogate pair"
            } else {
                ""
            };
            format!("{message}{why} (line {}, column {})", e.line(), e.column())
        })
    }

    /// Writes it as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
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

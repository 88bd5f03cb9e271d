//! The probe kit: one small WebSocket route per UNKNOWN of the behaviour spec (§8) that a `MOCK`
//! integration can settle, so a user can deploy them on their own account and see what AWS does
//! where it documents nothing.
//!
//! Every probe is a two-way route (key = the probe's id, chosen by `$request.body.probe`) with a
//! `MOCK` integration whose request template gives `{"statusCode": N}`, integration responses and
//! response templates that hold the behaviour under test, and a `$default` route response. The
//! probes together are one [`Scenario`] ([`scenario`]): the engine predicts each probe's frame by
//! running that scenario through the real pipeline under the current [`Assumptions`] (never a
//! stored answer), `apigw-playground serve --probes` plays it locally, and [`stack_template`]
//! writes it as one CloudFormation stack (API, routes, integrations, integration responses, route
//! responses, a deployment and a stage, with the `wss://` URL as an output).
//!
//! A run compares what came back ([`Observed`]) with the prediction ([`Expect`]) and, for probes
//! whose outcome an assumption decides, says which choice AWS's answer agrees with ([`report`]).
//!
//! Not probed here (see [`NOT_PROBED`]): U-5 (keys AWS may refuse to create, which would fail the
//! whole stack), U-6 (needs a Lambda function), U-16 and U-18 (need an HTTP echo backend: a `MOCK`
//! integration has no body to render), and U-9 for objects (keys such as `{a=1}` might be refused).

use crate::engine::assumptions::{
    Assumptions, EmptyOutput, FailureFrame, RegexMatch, RejectFrame, SeveralMatch, Whitespace,
};
use crate::engine::iac;
use crate::engine::limits::Limits;
use crate::engine::model::{
    Api, Integration, IntegrationResponse, IntegrationType, Passthrough, Route, RouteResponse,
    Sample, Scenario,
};
use crate::engine::pipeline::{Outcome, Prepared};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The stack name the deploy and delete commands use.
pub const STACK_NAME: &str = "apigw-probes";
/// The API's route selection expression: a probe message names its probe.
pub const ROUTE_SELECTION: &str = "$request.body.probe";
/// The stage the stack deploys to.
pub const STAGE_NAME: &str = "probe";
/// How long a probe waits for a frame before it counts as "no frame", by default.
pub const DEFAULT_TIMEOUT_MS: u64 = 3000;
/// The command that deploys the stack.
pub const DEPLOY_COMMAND: &str =
    "aws cloudformation deploy --template-file probe-stack.yaml --stack-name apigw-probes";
/// The command that deletes it.
pub const DELETE_COMMAND: &str = "aws cloudformation delete-stack --stack-name apigw-probes";
/// What the stack creates, for people (the page and the template say it).
pub const WHAT_IT_CREATES: &str = "one WebSocket API (apigw-playground-probes) with a two-way route per probe, each on a MOCK integration (no Lambda, no backend, no IAM role), and a stage `probe`. It costs nothing beyond the connection minutes and messages of a run.";

/// The U-numbers of §8 left out, and why.
pub const NOT_PROBED: &[(&str, &str)] = &[
    (
        "U-5",
        "keys without slashes or with invalid regexes may be refused by the API, which would fail the whole stack: try them by hand with `aws apigatewayv2 create-integration-response`",
    ),
    ("U-6", "needs a Lambda function"),
    (
        "U-16",
        "not probed: needs an HTTP echo backend (a MOCK integration has no body for $input.json)",
    ),
    (
        "U-18",
        "not probed: needs an HTTP echo backend (JSONPath runs on $input, which a MOCK leaves empty)",
    ),
];

/// A choice the engine can make for an UNKNOWN, to say which one AWS's answer agrees with.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    /// For people: `full match`, `search`.
    pub label: &'static str,
    /// Sets the assumption to this choice.
    pub set: fn(&mut Assumptions),
}

/// One probe.
#[derive(Clone, Debug)]
pub struct Probe {
    /// Its id: the route key, and what `probe` says in the message.
    pub id: &'static str,
    /// The UNKNOWN it settles (`U-2`).
    pub unknown: &'static str,
    /// What it asks, for people.
    pub question: &'static str,
    /// The message the client sends.
    pub message: String,
    /// The route (two-way).
    pub route: Route,
    /// Its MOCK integration, with the integration responses under test.
    pub integration: Integration,
    /// The engine's choices for this UNKNOWN (empty when it has no switch).
    pub choices: &'static [Choice],
}

/// A response template for [`probe`]: `(integration response key, response templates,
/// template selection expression)`.
type Responses = Vec<(
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<&'static str>,
)>;

const STATUS_200: &str = "{\"statusCode\": 200}";
const DEFAULT_EXPR: &str = "\\$default";

/// Builds a probe: a MOCK with `{"statusCode": 200}` (or `request_templates`), `responses`, and a
/// two-way route.
fn probe(
    id: &'static str,
    unknown: &'static str,
    question: &'static str,
    responses: Responses,
) -> Probe {
    let integration_responses = responses
        .into_iter()
        .map(|(key, templates, expr)| IntegrationResponse {
            integration_response_key: key.to_string(),
            template_selection_expression: Some(expr.unwrap_or(DEFAULT_EXPR).to_string()),
            response_templates: templates
                .into_iter()
                .map(|(k, t)| (k.to_string(), t.to_string()))
                .collect(),
            ..IntegrationResponse::default()
        })
        .collect();
    Probe {
        id,
        unknown,
        question,
        message: format!("{{\"probe\":\"{id}\"}}"),
        route: Route {
            route_key: id.to_string(),
            target: Some(format!("integrations/{id}")),
            route_response_selection_expression: Some("$default".into()),
            route_responses: vec![RouteResponse {
                route_response_key: "$default".into(),
                ..RouteResponse::default()
            }],
            ..Route::default()
        },
        integration: Integration {
            integration_id: Some(id.to_string()),
            integration_type: IntegrationType::Mock,
            template_selection_expression: Some(DEFAULT_EXPR.into()),
            request_templates: IndexMap::from([("$default".to_string(), STATUS_200.to_string())]),
            integration_responses,
            ..Integration::default()
        },
        choices: &[],
    }
}

/// One `$default` integration response rendering `template`.
fn renders(template: &'static str) -> Responses {
    vec![("$default", vec![("$default", template)], None)]
}

const U2: &[Choice] = &[
    Choice {
        label: "full match",
        set: |a| a.regex_match = RegexMatch::Full,
    },
    Choice {
        label: "search",
        set: |a| a.regex_match = RegexMatch::Search,
    },
];
const U3: &[Choice] = &[
    Choice {
        label: "the first listed (created first) wins",
        set: |a| a.several_match = SeveralMatch::First,
    },
    Choice {
        label: "the last listed (created last) wins",
        set: |a| a.several_match = SeveralMatch::Last,
    },
];
const U4: &[Choice] = &[
    Choice {
        label: "an Internal server error frame",
        set: |a| a.no_match = FailureFrame::InternalServerError,
    },
    Choice {
        label: "no frame",
        set: |a| a.no_match = FailureFrame::Nothing,
    },
];
const U8: &[Choice] = &[
    Choice {
        label: "an Unsupported Media Type frame",
        set: |a| a.passthrough_reject = RejectFrame::UnsupportedMediaType,
    },
    Choice {
        label: "an Internal server error frame",
        set: |a| a.passthrough_reject = RejectFrame::InternalServerError,
    },
    Choice {
        label: "no frame",
        set: |a| a.passthrough_reject = RejectFrame::Nothing,
    },
];
const U11: &[Choice] = &[
    Choice {
        label: "an empty frame",
        set: |a| a.empty_output = EmptyOutput::EmptyFrame,
    },
    Choice {
        label: "no frame",
        set: |a| a.empty_output = EmptyOutput::NoFrame,
    },
];
const U12: &[Choice] = &[
    Choice {
        label: "an Internal server error frame",
        set: |a| a.template_error = FailureFrame::InternalServerError,
    },
    Choice {
        label: "no frame",
        set: |a| a.template_error = FailureFrame::Nothing,
    },
];
const U15: &[Choice] = &[
    Choice {
        label: "whitespace kept",
        set: |a| a.whitespace = Whitespace::Keep,
    },
    Choice {
        label: "whitespace trimmed",
        set: |a| a.whitespace = Whitespace::Trim,
    },
];

/// Every probe, in spec order.
pub fn probes() -> Vec<Probe> {
    let mut out = Vec::new();
    let mut add = |p: Probe| out.push(p);

    add(probe(
        "u1-printing",
        "U-1",
        "does the WebSocket VTL engine print maps and lists as REST's does?",
        renders(
            "#set($r = $util.parseJson('{\"a\":{\"b\":1},\"l\":[{\"c\":2}],\"s\":\"x\"}'))[$r][$r.l][$r.a][$r.s][$r.missing]",
        ),
    ));
    add(Probe {
        choices: U2,
        ..probe(
            "u2-full-or-search",
            "U-2",
            "is `/0/` matched against status 200 in full (no) or searched in it (yes)?",
            vec![
                ("/0/", vec![("$default", "search: /0/ matched 200")], None),
                (
                    "$default",
                    vec![("$default", "full match: /0/ did not match 200")],
                    None,
                ),
            ],
        )
    });
    add(Probe {
        choices: U3,
        ..probe(
            "u3-general-first",
            "U-3",
            "`/2\\d\\d/` (created first) and `/200/` both match 200: which wins?",
            vec![
                ("/2\\d\\d/", vec![("$default", "2dd won")], None),
                ("/200/", vec![("$default", "200 won")], None),
                ("$default", vec![("$default", "default won")], None),
            ],
        )
    });
    add(Probe {
        choices: U3,
        ..probe(
            "u3-specific-first",
            "U-3",
            "`/200/` (created first) and `/2\\d\\d/` both match 200: which wins?",
            vec![
                ("/200/", vec![("$default", "200 won")], None),
                ("/2\\d\\d/", vec![("$default", "2dd won")], None),
                ("$default", vec![("$default", "default won")], None),
            ],
        )
    });
    add(Probe {
        choices: U4,
        ..probe(
            "u4-no-match",
            "U-4",
            "status 200, only the key `/4\\d\\d/` and no `$default`: what does the client get?",
            vec![("/4\\d\\d/", vec![("$default", "4xx matched")], None)],
        )
    });
    add(u7());
    add(u8());
    for (id, v) in [
        ("u9-number", "1.50"),
        ("u9-boolean", "true"),
        ("u9-null", "null"),
    ] {
        add(u9(id, v));
    }
    add(u10());
    add(Probe {
        choices: U11,
        ..probe(
            "u11-empty-output",
            "U-11",
            "the response template renders nothing: an empty frame or none?",
            renders("#set($x = 1)"),
        )
    });
    add(Probe {
        choices: U12,
        ..probe(
            "u12-template-error",
            "U-12",
            "`$util.parseJson('{')` fails at run time: what does the client get?",
            renders("before $util.parseJson('{') after"),
        )
    });
    for (id, question, template) in [
        (
            "u13-velocity-count",
            "is `$velocityCount` set in #foreach?",
            "#foreach($i in ['a', 'b'])[$velocityCount]#end",
        ),
        (
            "u13-foreach-props",
            "are `$foreach.count`, `.index`, `.first`, `.last`, `.hasNext` set?",
            "#foreach($i in ['a', 'b'])[$foreach.count $foreach.index $foreach.first $foreach.last $foreach.hasNext]#end",
        ),
        (
            "u13-break",
            "does `#break` leave a #foreach?",
            "#foreach($i in [1, 2, 3])$i#if($i == 2)#break#end#end.",
        ),
        ("u13-stop", "does `#stop` end the template?", "a#stop b"),
        (
            "u13-macro",
            "are `#macro`s defined and called?",
            "#macro(twice $x)$x$x#end#twice('ab')",
        ),
        (
            "u13-define",
            "does `#define` capture a block?",
            "#define($block)defined#end[$block]",
        ),
        (
            "u13-evaluate",
            "does `#evaluate` render a string as a template?",
            "#set($t = '#set($y = 6)[$y]')#evaluate($t)",
        ),
    ] {
        add(probe(id, "U-13", question, renders(template)));
    }
    add(probe(
        "u14-foreach-cap",
        "U-14",
        "a #foreach over 1,001 items: how many iterations run?",
        renders("#set($n = 0)#foreach($i in [1..1001])#set($n = $n + 1)#end$n"),
    ));
    add(Probe {
        choices: U15,
        ..probe(
            "u15-whitespace",
            "U-15",
            "the template is `\\n  a  \\n`: is the whitespace around the output kept?",
            renders("\n  a  \n"),
        )
    });
    add(probe(
        "u17-numbers",
        "U-17",
        "how are 1.0, 1e7, a big integer, -0.0 and 0.1 printed?",
        renders(
            "#set($r = $util.parseJson('{\"a\":1.0,\"b\":1e7,\"c\":12345678901234567890,\"d\":-0.0,\"e\":0.1}'))$r.a $r.b $r.c $r.d $r.e $r",
        ),
    ));
    add(probe(
        "u19-escape-javascript",
        "U-19",
        "what does `$util.escapeJavaScript` do to /, a tab, a control character, é, U+2028, \\ and \"?",
        renders(
            "#set($s = $util.parseJson('{\"s\":\"a/b\\tc\\u0001d\\u00e9e\\u2028f\\\\g\\\"h\"}').s)$util.escapeJavaScript($s)",
        ),
    ));
    add(probe(
        "u20-rest-variables",
        "U-20",
        "are REST-only `$context` variables and `$integration.*` set in WebSocket templates?",
        renders(
            "[$context.httpMethod][$context.resourcePath][$integration.response.statuscode][$context.routeKey]",
        ),
    ));
    out
}

/// U-7: response template keys that look like regexes.
fn u7() -> Probe {
    probe(
        "u7-regex-template-key",
        "U-7",
        "is the response template key `/2\\d\\d/` a regex (status 200 selects it) or literal text?",
        vec![(
            "$default",
            vec![
                ("/2\\d\\d/", "regex: /2dd/ selected the template"),
                ("$default", "literal: the default template"),
            ],
            Some("${integration.response.statuscode}"),
        )],
    )
}

/// U-8: a request that no request template maps, with `NEVER`.
fn u8() -> Probe {
    let mut p = probe(
        "u8-passthrough-never",
        "U-8",
        "no request template matches and PassthroughBehavior is NEVER: what does the client get?",
        vec![(
            "$default",
            vec![("$default", "passed through: not rejected")],
            None,
        )],
    );
    p.choices = U8;
    p.integration.request_templates = IndexMap::from([("x".to_string(), STATUS_200.to_string())]);
    p.integration.passthrough_behavior = Some(Passthrough::Never);
    // were it passed through, the MOCK would read this statusCode
    p.message = format!("{{\"probe\":\"{}\",\"statusCode\":200}}", p.id);
    p
}

/// U-9: how a selection expression prints `v` (a template key per likely answer).
fn u9(id: &'static str, v: &str) -> Probe {
    let mut p = probe(
        id,
        "U-9",
        "how does `${request.body.v}` print a number, a boolean or null as a template key?",
        vec![(
            "$default",
            vec![
                ("1.50", "key 1.50: the JSON text"),
                ("1.5", "key 1.5: the number"),
                ("true", "key true"),
                ("null", "key null"),
                ("$default", "no key matched: the default template"),
            ],
            Some("${request.body.v}"),
        )],
    );
    p.message = format!("{{\"probe\":\"{id}\",\"v\":{v}}}");
    p
}

/// U-10: a `$default` route response without `RouteResponseSelectionExpression`.
fn u10() -> Probe {
    let mut p = probe(
        "u10-route-response-only",
        "U-10",
        "a `$default` route response but no RouteResponseSelectionExpression: is the route two-way?",
        renders("two-way"),
    );
    p.route.route_response_selection_expression = None;
    p
}

/// All probes as one scenario, predicted under `assumptions`.
pub fn scenario(assumptions: Assumptions) -> Scenario {
    let ps = probes();
    Scenario {
        title: "apigw-playground probes".into(),
        notes: format!(
            "One two-way MOCK route per UNKNOWN of the behaviour spec; send {{\"probe\": \"<route key>\"}}. Deploy: {DEPLOY_COMMAND}. Delete: {DELETE_COMMAND}."
        ),
        api: Api {
            name: Some("apigw-playground-probes".into()),
            route_selection_expression: ROUTE_SELECTION.into(),
            ..Api::default()
        },
        routes: ps.iter().map(|p| p.route.clone()).collect(),
        integrations: ps.iter().map(|p| p.integration.clone()).collect(),
        sample: Sample {
            message: ps.first().map(|p| p.message.clone()).unwrap_or_default(),
            ..Sample::default()
        },
        assumptions,
        ..Scenario::default()
    }
}

/// The CloudFormation template (YAML) of the probe stack: deployable as it is with
/// [`DEPLOY_COMMAND`], no parameters; the `wss://` URL is the output `WebSocketUrl`.
pub fn stack_template() -> String {
    let probes = probes();
    let mut header = vec![
        "apigw-playground probe stack: settles, on your own AWS account, what API Gateway leaves undocumented.".to_string(),
        format!("Creates {WHAT_IT_CREATES}"),
        format!("Deploy: {DEPLOY_COMMAND}"),
        format!("URL:    aws cloudformation describe-stacks --stack-name {STACK_NAME} --query \"Stacks[0].Outputs[?OutputKey=='WebSocketUrl'].OutputValue\" --output text"),
        "Run:    apigw-playground probe wss://... (or the page's live console: Probes, Run all probes)".to_string(),
        format!("Delete: {DELETE_COMMAND}"),
        String::new(),
        "Probes (route key: what it asks):".to_string(),
    ];
    for p in &probes {
        header.push(format!("  {} ({}): {}", p.id, p.unknown, p.question));
    }
    header.push(String::new());
    header.push("Not probed:".into());
    for (u, why) in NOT_PROBED {
        header.push(format!("  {u}: {}", why.trim_start_matches("not probed: ")));
    }
    let stack = iac::Stack {
        description: format!(
            "apigw-playground probes: {WHAT_IT_CREATES} Delete it with: {DELETE_COMMAND}"
        ),
        comments: header,
        stage_name: STAGE_NAME.into(),
        output: "WebSocketUrl".into(),
    };
    iac::cloudformation_stack(&scenario(Assumptions::default()), &stack)
}

/// What the engine predicts a client receives for a probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// This text frame.
    Frame {
        /// Its text.
        text: String,
    },
    /// No frame.
    NoFrame {
        /// Why, from the trace.
        why: String,
    },
    /// The connection closes.
    Close {
        /// Close code.
        code: u16,
        /// Reason.
        reason: String,
    },
}

impl Expect {
    /// From a pipeline outcome.
    pub fn of(o: &Outcome) -> Expect {
        match (&o.close, &o.client_receives) {
            (Some(c), _) => Expect::Close {
                code: c.code,
                reason: c.reason.clone(),
            },
            (None, Some(f)) => Expect::Frame { text: f.clone() },
            (None, None) => Expect::NoFrame {
                why: match o.trace.last() {
                    Some(s) if s.undocumented.is_empty() => s.summary.clone(),
                    Some(s) => format!(
                        "{}; decided by {} (AWS undocumented)",
                        s.summary,
                        s.undocumented.join(", ")
                    ),
                    None => "nothing is sent".into(),
                },
            },
        }
    }

    /// For a table cell: a frame as a JSON string (so whitespace and emptiness show).
    pub fn text(&self) -> String {
        match self {
            Expect::Frame { text } => quote(text),
            Expect::NoFrame { .. } => "(no frame)".into(),
            Expect::Close { code, .. } => format!("(closes with {code})"),
        }
    }
}

/// What came back for a probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observed {
    /// A text frame (the first).
    Frame {
        /// Its text.
        text: String,
    },
    /// Nothing within the time-out.
    NoFrame {
        /// How long the probe waited.
        waited_ms: u64,
    },
    /// The connection closed first.
    Closed {
        /// Close code.
        code: u16,
        /// Reason.
        reason: String,
    },
    /// The probe could not run (no connection, a send failed).
    Failed {
        /// Why, for people.
        error: String,
    },
}

impl Observed {
    /// For a table cell.
    pub fn text(&self) -> String {
        match self {
            Observed::Frame { text } => quote(text),
            Observed::NoFrame { waited_ms } => format!("(no frame in {waited_ms} ms)"),
            Observed::Closed { code, .. } => format!("(closed with {code})"),
            Observed::Failed { error } => format!("(failed: {error})"),
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| s.to_string())
}

/// How a prediction and what came compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The same (ids in error frames set aside).
    Agree,
    /// Different.
    Differ,
    /// The probe did not run.
    Failed,
}

impl Verdict {
    /// `agree`, `differ`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Differ => "differ",
            Verdict::Failed => "failed",
        }
    }
}

/// Members of an error frame that differ on every message.
const VOLATILE: [&str; 3] = ["connectionId", "requestId", "messageId"];

fn masked(text: &str) -> Option<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    let o = v.as_object_mut()?;
    for k in VOLATILE {
        if let Some(x) = o.get_mut(k) {
            *x = serde_json::Value::Null;
        }
    }
    Some(v)
}

/// Compares: frames must be equal, except the ids of error frames; "no frame" agrees with a
/// time-out; a close with the same code.
pub fn compare(e: &Expect, o: &Observed) -> Verdict {
    match (e, o) {
        (_, Observed::Failed { .. }) => Verdict::Failed,
        (Expect::Frame { text: a }, Observed::Frame { text: b }) => {
            if a == b {
                return Verdict::Agree;
            }
            let is_error = |t: &str| {
                serde_json::from_str::<serde_json::Value>(t)
                    .ok()
                    .is_some_and(|v| v.get("message").is_some() && v.get("connectionId").is_some())
            };
            match (masked(a), masked(b)) {
                (Some(x), Some(y)) if x == y && is_error(a) => Verdict::Agree,
                _ => Verdict::Differ,
            }
        }
        (Expect::NoFrame { .. }, Observed::NoFrame { .. }) => Verdict::Agree,
        (Expect::Close { code: a, .. }, Observed::Closed { code: b, .. }) if a == b => {
            Verdict::Agree
        }
        _ => Verdict::Differ,
    }
}

/// The engine's predictions for every probe under `assumptions`, in [`probes`] order.
pub fn predict(assumptions: Assumptions) -> Vec<Expect> {
    let ps = probes();
    let s = scenario(assumptions);
    let p = Prepared::new(&s, &Limits::default());
    ps.iter().map(|pr| predict_one(&p, pr)).collect()
}

fn predict_one(p: &Prepared, probe: &Probe) -> Expect {
    let sample = Sample {
        message: probe.message.clone(),
        ..p.scenario().sample.clone()
    };
    Expect::of(&p.run_sample(&sample))
}

/// One row of a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The probe's id (route key).
    pub probe: String,
    /// The UNKNOWN it settles.
    pub unknown: String,
    /// What it asks.
    pub question: String,
    /// The message sent.
    pub message: String,
    /// The engine's prediction under the report's assumptions.
    pub predicted: Expect,
    /// What came.
    pub actual: Observed,
    /// Agree, differ, failed.
    pub verdict: Verdict,
    /// For probes an assumption decides: the engine's choices that what came agrees with
    /// (empty: none of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agrees_with: Option<Vec<String>>,
}

/// A §8 UNKNOWN left out, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotProbed {
    /// `U-16`.
    pub unknown: String,
    /// Why.
    pub why: String,
}

/// Counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Probes run.
    pub total: usize,
    /// Agreeing.
    pub agree: usize,
    /// Differing.
    pub differ: usize,
    /// Not run.
    pub failed: usize,
}

/// A probe run: what to attach to an issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `apigw-playground <version>`.
    pub tool: String,
    /// The endpoint probed (query string removed).
    pub url: String,
    /// When, if the caller knows (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The time-out that meant "no frame".
    pub timeout_ms: u64,
    /// The assumptions the predictions were made under.
    pub assumptions: Assumptions,
    /// Counts.
    pub summary: Summary,
    /// One row per probe.
    pub probes: Vec<Row>,
    /// What is not probed, and why.
    pub not_probed: Vec<NotProbed>,
}

/// The report of a run: `observed` by probe id (a probe missing from it counts as failed).
pub fn report(
    url: &str,
    timeout_ms: u64,
    assumptions: Assumptions,
    observed: &[(String, Observed)],
) -> Report {
    let ps = probes();
    let predicted = predict(assumptions);
    // the predictions under each choice of each probe's UNKNOWN
    let mut under: Vec<Vec<(&'static str, Expect)>> = Vec::new();
    for pr in &ps {
        let mut v = Vec::new();
        for c in pr.choices {
            let mut a = assumptions;
            (c.set)(&mut a);
            let s = scenario(a);
            let p = Prepared::new(&s, &Limits::default());
            v.push((c.label, predict_one(&p, pr)));
        }
        under.push(v);
    }
    let mut summary = Summary::default();
    let rows: Vec<Row> = ps
        .iter()
        .zip(predicted)
        .zip(under)
        .map(|((pr, predicted), under)| {
            let actual = observed
                .iter()
                .find(|(id, _)| id == pr.id)
                .map(|(_, o)| o.clone())
                .unwrap_or_else(|| Observed::Failed {
                    error: "not run".into(),
                });
            let verdict = compare(&predicted, &actual);
            summary.total += 1;
            match verdict {
                Verdict::Agree => summary.agree += 1,
                Verdict::Differ => summary.differ += 1,
                Verdict::Failed => summary.failed += 1,
            }
            let agrees_with = (!under.is_empty() && verdict != Verdict::Failed).then(|| {
                under
                    .iter()
                    .filter(|(_, e)| compare(e, &actual) == Verdict::Agree)
                    .map(|(l, _)| l.to_string())
                    .collect()
            });
            Row {
                probe: pr.id.to_string(),
                unknown: pr.unknown.to_string(),
                question: pr.question.to_string(),
                message: pr.message.clone(),
                predicted,
                actual,
                verdict,
                agrees_with,
            }
        })
        .collect();
    Report {
        tool: format!("apigw-playground {}", env!("CARGO_PKG_VERSION")),
        url: strip_query(url),
        time: None,
        timeout_ms,
        assumptions,
        summary,
        probes: rows,
        not_probed: NOT_PROBED
            .iter()
            .map(|(u, why)| NotProbed {
                unknown: u.to_string(),
                why: why.to_string(),
            })
            .collect(),
    }
}

/// The URL without its query string (it may hold a token or a signature).
pub fn strip_query(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_string(),
    }
}

impl Report {
    /// As pretty JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// As a plain-text table for a terminal: probe, U-number, prediction, what was sent,
    /// verdict; cells cut at `width` characters.
    pub fn table(&self, width: usize) -> String {
        let cut = |s: &str| {
            if s.chars().count() <= width {
                s.to_string()
            } else {
                format!(
                    "{}…",
                    s.chars().take(width.saturating_sub(1)).collect::<String>()
                )
            }
        };
        let mut rows = vec![[
            "probe".to_string(),
            "U".to_string(),
            "predicted".to_string(),
            "AWS sent".to_string(),
            "verdict".to_string(),
        ]];
        for r in &self.probes {
            let verdict = match &r.agrees_with {
                Some(w) if r.verdict == Verdict::Differ && !w.is_empty() => {
                    format!("differ (AWS: {})", w.join(", "))
                }
                _ => r.verdict.as_str().to_string(),
            };
            rows.push([
                r.probe.clone(),
                r.unknown.clone(),
                cut(&r.predicted.text()),
                cut(&r.actual.text()),
                verdict,
            ]);
        }
        let mut widths = [0usize; 5];
        for row in &rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            let mut line = String::new();
            for (j, (c, w)) in row.iter().zip(widths).enumerate() {
                line.push_str(c);
                if j + 1 < row.len() {
                    line.push_str(&" ".repeat(w - c.chars().count() + 2));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if i == 0 {
                let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
                out.push_str(&"-".repeat(total));
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "{} probes: {} agree, {} differ, {} failed\n",
            self.summary.total, self.summary.agree, self.summary.differ, self.summary.failed
        ));
        for n in &self.not_probed {
            out.push_str(&format!(
                "not probed: {}: {}\n",
                n.unknown,
                n.why.trim_start_matches("not probed: ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_route_keys() {
        let ps = probes();
        let mut seen = std::collections::HashSet::new();
        for p in &ps {
            assert!(seen.insert(p.id), "{}", p.id);
            assert_eq!(p.route.route_key, p.id);
            assert!(p.message.contains(p.id));
        }
    }

    #[test]
    fn every_probe_reaches_its_route() {
        let s = scenario(Assumptions::default());
        let p = Prepared::new(&s, &Limits::default());
        for pr in probes() {
            let o = p.run_sample(&Sample {
                message: pr.message.clone(),
                ..Sample::default()
            });
            assert_eq!(o.route_key.as_deref(), Some(pr.id), "{}", pr.id);
        }
    }

    #[test]
    fn error_frames_compare_without_ids() {
        let e = Expect::Frame {
            text: r#"{"message": "Internal server error", "connectionId":"a", "requestId":"b"}"#
                .into(),
        };
        let o = Observed::Frame {
            text: r#"{"message": "Internal server error", "connectionId":"X", "requestId":"Y"}"#
                .into(),
        };
        assert_eq!(compare(&e, &o), Verdict::Agree);
        let o = Observed::Frame {
            text: r#"{"message": "Forbidden", "connectionId":"X", "requestId":"Y"}"#.into(),
        };
        assert_eq!(compare(&e, &o), Verdict::Differ);
        assert_eq!(
            compare(&e, &Observed::NoFrame { waited_ms: 1 }),
            Verdict::Differ
        );
    }
}

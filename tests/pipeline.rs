//! The message pipeline, rule by rule: each test builds a small scenario, runs one message and
//! checks the decision, the frame the client receives, and the trace or warning that explains it.

use apigw_playground::engine::assumptions::{Assumptions, FailureFrame, RegexMatch, RejectFrame};
use apigw_playground::engine::diag::{Kind, Severity, Source};
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::Scenario;
use apigw_playground::engine::pipeline::{Outcome, Prepared, Stage, simulate};
use apigw_playground::engine::select::KeyStatus;
use serde_json::json;

const ISE: &str = r#"{"message": "Internal server error", "connectionId":"Qyi07eCbtjMCJKw=", "requestId":"Qyi3UG41tjMFlUg="}"#;
const FORBIDDEN: &str = r#"{"message": "Forbidden", "connectionId":"Qyi07eCbtjMCJKw=", "requestId":"Qyi3UG41tjMFlUg="}"#;

/// A two-way HTTP route `$default` with integration responses `keys` (each rendering its key).
fn http(keys: &[&str]) -> serde_json::Value {
    let responses: Vec<_> = keys
        .iter()
        .map(|k| json!({"IntegrationResponseKey": k, "ResponseTemplates": {"$default": format!("#[[key {k}]]#")}}))
        .collect();
    json!({
        "api": {"RouteSelectionExpression": "$request.body.action"},
        "routes": [{"RouteKey": "$default", "Target": "integrations/i", "RouteResponseSelectionExpression": "$default",
                    "RouteResponses": [{"RouteResponseKey": "$default"}]}],
        "integrations": [{"IntegrationId": "i", "IntegrationType": "HTTP", "IntegrationUri": "https://b.example",
                          "IntegrationResponses": responses}],
        "sample": {"message": "{\"action\":\"x\"}", "backend": {"statusCode": 200, "body": "{\"a\":1}"}}
    })
}

fn scenario(v: serde_json::Value) -> Scenario {
    serde_json::from_value(v).expect("a valid scenario")
}

fn run(v: serde_json::Value) -> Outcome {
    simulate(&scenario(v))
}

fn with_status(mut v: serde_json::Value, status: u16) -> serde_json::Value {
    v["sample"]["backend"]["statusCode"] = json!(status);
    v
}

fn has_warning(o: &Outcome, kind: Kind, text: &str) -> bool {
    o.diagnostics
        .iter()
        .any(|d| d.kind == kind && d.message.contains(text))
}

fn step(o: &Outcome, stage: Stage) -> &apigw_playground::engine::pipeline::Step {
    o.trace
        .iter()
        .find(|s| s.stage == stage)
        .unwrap_or_else(|| panic!("no {stage:?} step in {}", o.explain()))
}

// ----- integration response selection (spec §2.1, vectors §7.8) -----

#[test]
fn http_status_selects_the_documented_keys() {
    let keys = ["/2\\d\\d/", "/4\\d\\d/", "$default"];
    for (status, want) in [
        (200, "/2\\d\\d/"),
        (204, "/2\\d\\d/"),
        (404, "/4\\d\\d/"),
        (302, "$default"),
        (500, "$default"),
    ] {
        let o = run(with_status(http(&keys), status));
        assert_eq!(
            o.integration_response_key.as_deref(),
            Some(want),
            "status {status}"
        );
        assert_eq!(
            o.client_receives,
            Some(format!("key {want}")),
            "status {status}"
        );
    }
}

#[test]
fn every_key_is_reported_with_its_status() {
    let o = run(with_status(
        http(&["/2\\d\\d/", "/4\\d\\d/", "$default"]),
        404,
    ));
    let statuses: Vec<_> = o
        .keys
        .iter()
        .map(|k| (k.status.clone(), k.chosen))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (KeyStatus::NotMatched, false),
            (KeyStatus::Matched, true),
            (KeyStatus::Default, false)
        ]
    );
    let st = step(&o, Stage::IntegrationResponse);
    assert!(st.details.iter().any(|d| d.contains("`/4\\d\\d/` matches")));
    assert!(
        st.undocumented.contains(&"U-2"),
        "full match is an assumption, named in the trace"
    );
}

#[test]
fn full_match_by_default_and_search_when_switched() {
    let v = http(&["/0/", "$default"]);
    assert_eq!(
        run(v.clone()).integration_response_key.as_deref(),
        Some("$default")
    );
    let mut s = scenario(v);
    s.assumptions = Assumptions {
        regex_match: RegexMatch::Search,
        ..Assumptions::default()
    };
    assert_eq!(
        simulate(&s).integration_response_key.as_deref(),
        Some("/0/")
    );
}

#[test]
fn several_matches_take_the_first_and_say_so() {
    let o = run(http(&["/2\\d\\d/", "/200/", "$default"]));
    assert_eq!(o.integration_response_key.as_deref(), Some("/2\\d\\d/"));
    assert!(
        step(&o, Stage::IntegrationResponse)
            .undocumented
            .contains(&"U-3")
    );
    assert!(has_warning(
        &o,
        Kind::Undocumented,
        "several integration response keys match"
    ));
}

#[test]
fn no_match_and_no_default_sends_the_error_frame() {
    let o = run(http(&["/4\\d\\d/"]));
    assert_eq!(o.integration_response_key, None);
    assert_eq!(o.client_receives.as_deref(), Some(ISE));
    assert!(
        step(&o, Stage::IntegrationResponse)
            .undocumented
            .contains(&"U-4")
    );
    assert!(
        o.diagnostics
            .iter()
            .any(|d| d.message.contains("no `$default` integration response"))
    );
    let mut s = scenario(http(&["/4\\d\\d/"]));
    s.assumptions.no_match = FailureFrame::Nothing;
    assert_eq!(simulate(&s).client_receives, None);
}

#[test]
fn invalid_and_java_only_keys_are_diagnosed_on_their_key() {
    let o = run(http(&["200", "/(?<=2)00/", "/2\\d(/", "$default"]));
    assert_eq!(o.integration_response_key.as_deref(), Some("$default"));
    let on_key = |i: usize| {
        o.diagnostics.iter().find(|d| {
            d.source
                == Source::ResponseKey {
                    integration: 0,
                    response: i,
                }
        })
    };
    assert!(on_key(0).is_some_and(|d| d.hints.iter().any(|h| h.contains("/200/"))));
    assert!(
        on_key(1)
            .is_some_and(|d| d.kind == Kind::RegexUnsupported && d.message.contains("lookbehind"))
    );
    let syntax = on_key(2).expect("a diagnostic on the bad regex");
    assert_eq!(syntax.kind, Kind::Regex);
    assert!(syntax.span.is_some(), "with a position in the key");
}

#[test]
fn duplicate_keys_are_an_error() {
    let o = run(http(&["$default", "$default"]));
    assert!(
        o.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("duplicate"))
    );
}

#[test]
fn lambda_errors_match_the_error_message() {
    let mut v = http(&["/.*Invalid request.*/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("AWS");
    v["integrations"][0]["IntegrationUri"] = json!(
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations"
    );
    v["sample"]["backend"]["lambdaError"] = json!({"errorMessage": "Invalid request: x"});
    let o = run(v.clone());
    assert_eq!(
        o.integration_response_key.as_deref(),
        Some("/.*Invalid request.*/")
    );
    assert_eq!(o.selection_value.as_deref(), Some("Invalid request: x"));
    // the error body is what the response template sees
    v["integrations"][0]["IntegrationResponses"][0]["ResponseTemplates"]["$default"] =
        json!("$input.path('$.errorMessage')");
    assert_eq!(
        run(v.clone()).client_receives.as_deref(),
        Some("Invalid request: x")
    );
    // success: only $default
    v["sample"]["backend"]["lambdaError"] = serde_json::Value::Null;
    let ok = run(v);
    assert_eq!(ok.integration_response_key.as_deref(), Some("$default"));
    assert!(step(&ok, Stage::Backend).undocumented.contains(&"U-6"));
}

#[test]
fn status_regex_on_a_lambda_integration_is_warned() {
    let mut v = http(&["/2\\d\\d/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("AWS");
    v["integrations"][0]["IntegrationUri"] =
        json!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations");
    assert!(has_warning(
        &run(v),
        Kind::Config,
        "looks like a status code"
    ));
}

#[test]
fn aws_service_integrations_match_the_status() {
    let mut v = http(&["/200/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("AWS");
    v["integrations"][0]["IntegrationUri"] =
        json!("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem");
    assert_eq!(run(v).integration_response_key.as_deref(), Some("/200/"));
}

// ----- MOCK -----

fn mock(request_template: &str) -> serde_json::Value {
    let mut v = http(&["/200/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("MOCK");
    v["integrations"][0]["RequestTemplates"] = json!({"$default": request_template});
    v
}

#[test]
fn mock_status_comes_from_the_request_template() {
    assert_eq!(
        run(mock("{\"statusCode\": 200}"))
            .integration_response_key
            .as_deref(),
        Some("/200/")
    );
    assert_eq!(
        run(mock("{\"statusCode\": 404}"))
            .integration_response_key
            .as_deref(),
        Some("$default")
    );
    // relaxed JSON, as CDK emits
    assert_eq!(
        run(mock("{statusCode: 200}"))
            .integration_response_key
            .as_deref(),
        Some("/200/")
    );
}

#[test]
fn mock_without_an_integer_status_fails() {
    for t in ["{\"statusCode\": \"200\"}", "{}", "not json"] {
        let o = run(mock(t));
        assert_eq!(o.client_receives.as_deref(), Some(ISE), "{t}");
        assert!(
            o.diagnostics
                .iter()
                .any(|d| d.message.contains("needs `{\"statusCode\": 200}`")),
            "{t}"
        );
    }
}

// ----- request side: template selection and passthrough (spec §2.2) -----

fn request_side(
    expr: Option<&str>,
    templates: serde_json::Value,
    passthrough: &str,
) -> serde_json::Value {
    let mut v = http(&["$default"]);
    let g = &mut v["integrations"][0];
    if let Some(e) = expr {
        g["TemplateSelectionExpression"] = json!(e);
    }
    g["RequestTemplates"] = templates;
    g["PassthroughBehavior"] = json!(passthrough);
    v["integrations"][0]["IntegrationResponses"][0]["ResponseTemplates"] = json!({});
    v["sample"]["message"] = json!("{\"action\":\"x\",\"kind\":\"b\"}");
    v
}

#[test]
fn request_template_selected_by_expression_then_default() {
    let templates = json!({"a": "A", "b": "B", "$default": "D"});
    let o = run(request_side(
        Some("${request.body.kind}"),
        templates.clone(),
        "WHEN_NO_MATCH",
    ));
    assert_eq!(
        (
            o.request_template_key.as_deref(),
            o.integration_request.as_deref()
        ),
        (Some("b"), Some("B"))
    );
    let o = run(request_side(
        Some("${request.body.nope}"),
        templates.clone(),
        "WHEN_NO_MATCH",
    ));
    assert_eq!(o.request_template_key.as_deref(), Some("$default"));
    let o = run(request_side(
        Some("\\$default"),
        templates.clone(),
        "WHEN_NO_MATCH",
    ));
    assert_eq!(o.request_template_key.as_deref(), Some("$default"));
    let o = run(request_side(None, templates, "WHEN_NO_MATCH"));
    assert_eq!(o.request_template_key.as_deref(), Some("$default"));
}

#[test]
fn passthrough_behaviours() {
    let only_a = json!({"a": "A"});
    // WHEN_NO_MATCH: unmatched input passes through
    let o = run(request_side(
        Some("\\$default"),
        only_a.clone(),
        "WHEN_NO_MATCH",
    ));
    assert_eq!(
        o.integration_request.as_deref(),
        Some("{\"action\":\"x\",\"kind\":\"b\"}")
    );
    // NEVER: rejected, with the assumed frame (U-8)
    let o = run(request_side(Some("\\$default"), only_a.clone(), "NEVER"));
    assert_eq!(o.integration_request, None);
    assert!(
        o.client_receives
            .as_deref()
            .is_some_and(|f| f.contains("Unsupported Media Type"))
    );
    assert!(step(&o, Stage::Request).undocumented.contains(&"U-8"));
    // WHEN_NO_TEMPLATES: rejected when there are templates, passed when there are none
    let o = run(request_side(
        Some("\\$default"),
        only_a,
        "WHEN_NO_TEMPLATES",
    ));
    assert!(
        o.client_receives
            .as_deref()
            .is_some_and(|f| f.contains("Unsupported Media Type"))
    );
    let o = run(request_side(
        Some("\\$default"),
        json!({}),
        "WHEN_NO_TEMPLATES",
    ));
    assert!(o.integration_request.is_some());
    let mut s = scenario(request_side(Some("\\$default"), json!({"a": "A"}), "NEVER"));
    s.assumptions.passthrough_reject = RejectFrame::Nothing;
    assert_eq!(simulate(&s).client_receives, None);
}

#[test]
fn a_failing_request_template_sends_the_error_frame() {
    let o = run(request_side(
        None,
        json!({"$default": "#set($l = [])$l.get(3)"}),
        "WHEN_NO_MATCH",
    ));
    assert_eq!(o.client_receives.as_deref(), Some(ISE));
    assert!(step(&o, Stage::Request).undocumented.contains(&"U-12"));
    let d = o
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error");
    assert_eq!(
        d.source,
        Source::RequestTemplate {
            integration: 0,
            key: "$default".into()
        }
    );
}

#[test]
fn a_request_template_that_does_not_parse_is_reported_once_configured() {
    let s = scenario(request_side(
        None,
        json!({"$default": "#if($a)"}),
        "WHEN_NO_MATCH",
    ));
    let p = Prepared::new(&s, &Limits::default());
    assert!(
        p.configuration_diagnostics()
            .iter()
            .any(|d| d.kind == Kind::Syntax)
    );
}

// ----- response side: template selection (spec §2.3) -----

fn response_side(expr: Option<&str>, templates: serde_json::Value) -> serde_json::Value {
    let mut v = http(&["$default"]);
    if let Some(e) = expr {
        v["integrations"][0]["IntegrationResponses"][0]["TemplateSelectionExpression"] = json!(e);
    }
    v["integrations"][0]["IntegrationResponses"][0]["ResponseTemplates"] = templates;
    v["sample"]["backend"]["headers"] = json!({"X-Kind": "special"});
    v
}

#[test]
fn response_template_selection_variables() {
    let t = json!({"200": "by status", "special": "by header", "x": "by message", "$default": "default"});
    let cases = [
        (
            Some("${integration.response.statuscode}"),
            "200",
            "by status",
        ),
        (
            Some("${integration.response.header.X-Kind}"),
            "special",
            "by header",
        ),
        (Some("${request.body.action}"), "x", "by message"),
        (Some("\\$default"), "$default", "default"),
        (None, "$default", "default"),
    ];
    for (e, key, out) in cases {
        let o = run(response_side(e, t.clone()));
        assert_eq!(
            (o.template_key.as_deref(), o.client_receives.as_deref()),
            (Some(key), Some(out)),
            "{e:?}"
        );
    }
}

#[test]
fn no_response_template_passes_the_body_through() {
    let o = run(response_side(None, json!({})));
    assert_eq!(o.client_receives.as_deref(), Some("{\"a\":1}"));
    assert_eq!(o.template_key, None);
}

#[test]
fn template_keys_that_can_never_be_selected_are_warned() {
    let o = run(response_side(
        Some("\\$default"),
        json!({"$default": "d", "200": "never"}),
    ));
    assert!(has_warning(
        &o,
        Kind::Config,
        "response template `200` is never used"
    ));
    let o = run(response_side(
        Some("${integration.response.statuscode}"),
        json!({"$default": "d", "ok": "never"}),
    ));
    assert!(has_warning(
        &o,
        Kind::Config,
        "response template `ok` is never used"
    ));
    let o = run(response_side(
        Some("${integration.response.statuscode}"),
        json!({"/2\\d\\d/": "r", "$default": "d"}),
    ));
    assert!(
        o.diagnostics
            .iter()
            .any(|d| d.kind == Kind::Undocumented && d.message.contains("U-7"))
    );
}

#[test]
fn output_that_looks_like_json_but_is_not_is_warned_with_the_escape_hint() {
    let mut v = response_side(
        None,
        json!({"$default": "{\"t\": \"$util.escapeJavaScript($input.path('$.s'))\"}"}),
    );
    v["sample"]["backend"]["body"] = json!("{\"s\": \"it's\"}");
    let o = run(v);
    assert_eq!(o.client_receives.as_deref(), Some("{\"t\": \"it\\'s\"}"));
    let d = o
        .diagnostics
        .iter()
        .find(|d| d.kind == Kind::Json)
        .expect("a JSON warning");
    assert!(d.message.contains("line 1 column"));
    assert!(d.hints.iter().any(|h| h.contains("replaceAll")));
}

#[test]
fn a_failing_response_template_sends_the_error_frame() {
    let o = run(response_side(
        None,
        json!({"$default": "$util.parseJson('{')"}),
    ));
    assert_eq!(o.client_receives.as_deref(), Some(ISE));
}

// ----- routes and route responses (spec §3) -----

fn routed(routes: serde_json::Value, message: &str) -> Outcome {
    let mut v = http(&["$default"]);
    v["integrations"][0]["IntegrationResponses"][0]["ResponseTemplates"] =
        json!({"$default": "$context.routeKey"});
    v["routes"] = routes;
    v["sample"]["message"] = json!(message);
    run(v)
}

fn route(key: &str) -> serde_json::Value {
    json!({"RouteKey": key, "Target": "integrations/i", "RouteResponseSelectionExpression": "$default",
           "RouteResponses": [{"RouteResponseKey": "$default"}]})
}

#[test]
fn route_selection_exact_then_default() {
    let routes = json!([route("join"), route("$default")]);
    assert_eq!(
        routed(routes.clone(), "{\"action\":\"join\"}")
            .client_receives
            .as_deref(),
        Some("join")
    );
    assert_eq!(
        routed(routes.clone(), "{\"action\":\"leave\"}")
            .client_receives
            .as_deref(),
        Some("$default")
    );
    assert_eq!(
        routed(routes.clone(), "{\"other\":1}")
            .client_receives
            .as_deref(),
        Some("$default")
    );
    let o = routed(routes, "not json at all");
    assert_eq!(o.route_key.as_deref(), Some("$default"));
    assert!(
        step(&o, Stage::Route)
            .details
            .iter()
            .any(|d| d.contains("not JSON"))
    );
}

#[test]
fn connect_and_disconnect_are_never_selected_by_the_expression() {
    let routes = json!([route("$connect"), route("$default")]);
    assert_eq!(
        routed(routes, "{\"action\":\"$connect\"}")
            .route_key
            .as_deref(),
        Some("$default")
    );
}

#[test]
fn no_route_and_no_default_sends_forbidden() {
    let o = routed(json!([route("join")]), "{\"action\":\"dance\"}");
    assert_eq!(o.client_receives.as_deref(), Some(FORBIDDEN));
    assert_eq!(o.route_key, None);
}

#[test]
fn nested_and_mixed_route_selection() {
    let mut v = http(&["$default"]);
    v["api"]["RouteSelectionExpression"] = json!("${request.body.service}/${request.body.action}");
    v["routes"] = json!([route("chat/join"), route("$default")]);
    v["sample"]["message"] = json!("{\"service\":\"chat\",\"action\":\"join\"}");
    assert_eq!(run(v).route_key.as_deref(), Some("chat/join"));
}

#[test]
fn one_way_routes_send_nothing_back() {
    let o = routed(
        json!([{"RouteKey": "$default", "Target": "integrations/i"}]),
        "{}",
    );
    assert_eq!(o.client_receives, None);
    assert_eq!(
        o.output.as_deref(),
        Some("$default"),
        "the integration still ran"
    );
    assert!(step(&o, Stage::RouteResponse).summary.contains("one-way"));
}

#[test]
fn a_selection_expression_without_a_route_response_is_warned() {
    let o = routed(
        json!([{"RouteKey": "$default", "Target": "integrations/i", "RouteResponseSelectionExpression": "$default"}]),
        "{}",
    );
    assert_eq!(o.client_receives, None);
    assert!(has_warning(
        &o,
        Kind::Config,
        "no `$default` route response"
    ));
}

#[test]
fn a_route_response_alone_makes_it_two_way() {
    let o = routed(
        json!([{"RouteKey": "$default", "Target": "integrations/i", "RouteResponses": [{"RouteResponseKey": "$default"}]}]),
        "{}",
    );
    assert_eq!(o.client_receives.as_deref(), Some("$default"));
}

#[test]
fn a_route_without_an_integration_is_an_error() {
    let o = routed(
        json!([{"RouteKey": "$default", "Target": "integrations/nope"}]),
        "{}",
    );
    assert_eq!(o.client_receives.as_deref(), Some(ISE));
    assert!(o.diagnostics.iter().any(|d| {
        d.message
            .contains("no integration has IntegrationId `nope`")
    }));
}

// ----- proxy integrations -----

#[test]
fn lambda_proxy_sends_the_result_body() {
    let mut v = http(&[]);
    v["integrations"][0]["IntegrationType"] = json!("AWS_PROXY");
    v["sample"]["backend"]["body"] = json!("{\"statusCode\": 200, \"body\": \"hello\"}");
    let o = run(v.clone());
    assert_eq!(o.client_receives.as_deref(), Some("hello"));
    assert!(
        o.integration_request
            .as_deref()
            .is_some_and(|e| e.contains("\"requestContext\"") && e.contains("\"body\""))
    );
    v["sample"]["backend"]["body"] = json!("{\"statusCode\": 200}");
    assert_eq!(run(v.clone()).client_receives, None);
    v["sample"]["backend"]["lambdaError"] = json!({"errorMessage": "boom"});
    assert_eq!(run(v).client_receives.as_deref(), Some(ISE));
}

#[test]
fn http_proxy_passes_the_body_and_ignores_integration_responses() {
    let mut v = http(&["/2\\d\\d/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("HTTP_PROXY");
    let o = run(v);
    assert_eq!(o.client_receives.as_deref(), Some("{\"a\":1}"));
    assert_eq!(o.integration_response_key, None);
    assert!(has_warning(
        &o,
        Kind::Config,
        "proxy integrations have no integration responses"
    ));
}

// ----- frames and limits -----

#[test]
fn oversize_messages_close_with_1009() {
    let mut v = http(&["$default"]);
    v["sample"]["message"] = json!("x".repeat(33 * 1024));
    let o = run(v.clone());
    assert_eq!(o.close.as_ref().map(|c| c.code), Some(1009));
    assert_eq!(o.client_receives, None);
    v["sample"]["message"] = json!("x".repeat(129 * 1024));
    assert!(
        run(v)
            .diagnostics
            .iter()
            .any(|d| d.kind == Kind::Limit && d.message.contains("128 KB message limit"))
    );
}

#[test]
fn empty_output_sends_an_empty_frame_by_assumption() {
    let o = run(response_side(None, json!({"$default": "#set($x = 1)"})));
    assert_eq!(o.client_receives.as_deref(), Some(""));
    assert!(
        step(&o, Stage::RouteResponse)
            .undocumented
            .contains(&"U-11")
    );
}

#[test]
fn context_and_stage_variables_reach_the_templates() {
    let mut v = response_side(
        None,
        json!({"$default": "$context.connectionId/$context.routeKey/$stageVariables.env"}),
    );
    v["sample"]["context"] = json!({"connectionId": "abc="});
    v["sample"]["stageVariables"] = json!({"env": "prod"});
    assert_eq!(
        run(v).client_receives.as_deref(),
        Some("abc=/$default/prod")
    );
}

// ----- sweep -----

#[test]
fn sweep_of_every_status() {
    let s = scenario(http(&["/2\\d\\d/", "/4\\d\\d/", "$default"]));
    let p = Prepared::new(&s, &Limits::default());
    let sw = p.sweep(0);
    assert_eq!(sw.len(), 500);
    let count = |i: usize| sw.iter().filter(|(_, c)| *c == Some(i)).count();
    assert_eq!((count(0), count(1), count(2)), (100, 100, 300));
}

#[test]
fn sweep_of_lambda_messages() {
    let mut v = http(&["/.*timeout.*/", "$default"]);
    v["integrations"][0]["IntegrationType"] = json!("AWS");
    let p = Prepared::new(&scenario(v), &Limits::default());
    assert_eq!(
        p.sweep_messages(0, &[Some("a timeout"), Some("other"), None]),
        vec![Some(0), Some(1), Some(1)]
    );
}

// ----- the model -----

#[test]
fn unknown_members_are_kept_and_reported() {
    let mut v = http(&["$default"]);
    v["integrations"][0]["TimeoutInMillis"] = json!(29000);
    v["routes"][0]["AuthorizationType"] = json!("NONE");
    let s = scenario(v);
    assert_eq!(
        s.unknown_members(),
        vec![
            "routes[0].AuthorizationType",
            "integrations[0].TimeoutInMillis"
        ]
    );
    assert!(s.to_json().contains("\"TimeoutInMillis\": 29000"));
    let o = simulate(&s);
    assert!(
        o.diagnostics
            .iter()
            .any(|d| d.message.contains("TimeoutInMillis"))
    );
}

#[test]
fn a_malformed_scenario_says_where() {
    let e = Scenario::from_json("{\"routes\": [1]}").unwrap_err();
    assert!(e.contains("line 1"), "{e}");
}

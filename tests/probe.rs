//! The probe kit (`engine::probe`, `apigw-playground probe-stack`, `apigw-playground probe`):
//! the stack template read back as YAML with CloudFormation's tags and checked resource by
//! resource against the apigatewayv2 shapes; the probes run end to end by the CLI against a
//! spawned `serve --probes`; and switching an assumption changes the prediction and the trace.
#![cfg(not(target_arch = "wasm32"))]

use apigw_playground::engine::assumptions::{Assumptions, RegexMatch};
use apigw_playground::engine::iac;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::Sample;
use apigw_playground::engine::pipeline::Prepared;
use apigw_playground::engine::probe::{self, Expect, Observed, Report, Verdict};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_apigw-playground");

/// Required and optional properties of each resource type (CloudFormation's
/// `AWS::ApiGatewayV2::*` schemas, spec §6.2).
fn shapes() -> HashMap<&'static str, (&'static [&'static str], &'static [&'static str])> {
    HashMap::from([
        (
            "AWS::ApiGatewayV2::Api",
            (
                &["Name", "ProtocolType", "RouteSelectionExpression"][..],
                &[
                    "ApiKeySelectionExpression",
                    "Description",
                    "DisableSchemaValidation",
                    "DisableExecuteApiEndpoint",
                    "IpAddressType",
                    "Tags",
                    "Version",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::Route",
            (
                &["ApiId", "RouteKey"][..],
                &[
                    "ApiKeyRequired",
                    "AuthorizationScopes",
                    "AuthorizationType",
                    "AuthorizerId",
                    "ModelSelectionExpression",
                    "OperationName",
                    "RequestModels",
                    "RequestParameters",
                    "RouteResponseSelectionExpression",
                    "Target",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::Integration",
            (
                &["ApiId", "IntegrationType"][..],
                &[
                    "ConnectionId",
                    "ConnectionType",
                    "ContentHandlingStrategy",
                    "CredentialsArn",
                    "Description",
                    "IntegrationMethod",
                    "IntegrationSubtype",
                    "IntegrationUri",
                    "PassthroughBehavior",
                    "PayloadFormatVersion",
                    "RequestParameters",
                    "RequestTemplates",
                    "ResponseParameters",
                    "TemplateSelectionExpression",
                    "TimeoutInMillis",
                    "TlsConfig",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::IntegrationResponse",
            (
                &["ApiId", "IntegrationId", "IntegrationResponseKey"][..],
                &[
                    "ContentHandlingStrategy",
                    "ResponseParameters",
                    "ResponseTemplates",
                    "TemplateSelectionExpression",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::RouteResponse",
            (
                &["ApiId", "RouteId", "RouteResponseKey"][..],
                &[
                    "ModelSelectionExpression",
                    "ResponseModels",
                    "ResponseParameters",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::Stage",
            (
                &["ApiId", "StageName"][..],
                &[
                    "AccessLogSettings",
                    "AccessPolicyId",
                    "AutoDeploy",
                    "ClientCertificateId",
                    "DefaultRouteSettings",
                    "DeploymentId",
                    "Description",
                    "RouteSettings",
                    "StageVariables",
                    "Tags",
                ][..],
            ),
        ),
        (
            "AWS::ApiGatewayV2::Deployment",
            (&["ApiId"][..], &["Description", "StageName"][..]),
        ),
    ])
}

/// Every `Ref` (and `${X}` of a `Fn::Sub`) in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(s)) => out.push(s.clone()),
                    ("Fn::Sub", Value::String(s)) => {
                        let mut rest = s.as_str();
                        while let Some(i) = rest.find("${") {
                            let after = &rest[i + 2..];
                            let end = after.find('}').expect("unclosed ${ in Fn::Sub");
                            out.push(after[..end].to_string());
                            rest = &after[end..];
                        }
                    }
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

fn template() -> Value {
    let text = probe::stack_template();
    let docs = iac::read_yaml(&text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"));
    assert_eq!(docs.len(), 1, "one document");
    docs.into_iter().next().unwrap()
}

#[test]
fn the_stack_template_is_yaml_with_cloudformation_tags() {
    let t = template();
    assert_eq!(t["AWSTemplateFormatVersion"], "2010-09-09");
    assert!(
        t.get("Parameters").is_none(),
        "deployable without parameters"
    );
    let d = t["Description"].as_str().unwrap();
    assert!(
        d.len() <= 1024,
        "CloudFormation allows 1,024 bytes: {}",
        d.len()
    );
    assert!(
        d.contains("aws cloudformation delete-stack --stack-name apigw-probes"),
        "{d}"
    );
    assert!(d.contains("MOCK"), "{d}");
    let text = probe::stack_template();
    assert!(text.contains(
        "aws cloudformation deploy --template-file probe-stack.yaml --stack-name apigw-probes"
    ));
    // tags came through as CloudFormation's long form
    let stage = &t["Resources"]["Stage"]["Properties"];
    assert_eq!(
        stage["DeploymentId"],
        serde_json::json!({"Ref": "Deployment"})
    );
    assert_eq!(
        t["Outputs"]["WebSocketUrl"]["Value"],
        serde_json::json!({"Fn::Sub": "wss://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}"})
    );
}

#[test]
fn every_resource_has_the_shape_of_its_apigatewayv2_type() {
    let t = template();
    let shapes = shapes();
    let resources = t["Resources"].as_object().unwrap();
    let ids: HashSet<&str> = resources.keys().map(String::as_str).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (id, r) in resources {
        let ty = r["Type"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: no Type"));
        let (required, optional) = shapes
            .get(ty)
            .unwrap_or_else(|| panic!("{id}: unexpected type {ty}"));
        *count.entry(ty).or_default() += 1;
        for k in r.as_object().unwrap().keys() {
            assert!(
                matches!(k.as_str(), "Type" | "Properties" | "DependsOn"),
                "{id}: unexpected resource attribute {k}"
            );
        }
        let props = r["Properties"].as_object().unwrap();
        for req in *required {
            assert!(props.contains_key(*req), "{id} ({ty}): missing {req}");
        }
        for k in props.keys() {
            assert!(
                required.contains(&k.as_str()) || optional.contains(&k.as_str()),
                "{id} ({ty}): unknown property {k}"
            );
        }
        let mut rs = Vec::new();
        refs(&r["Properties"], &mut rs);
        for x in rs {
            assert!(ids.contains(x.as_str()), "{id}: Ref to unknown {x}");
        }
        if let Some(d) = r.get("DependsOn") {
            for x in d.as_array().unwrap() {
                assert!(ids.contains(x.as_str().unwrap()), "{id}: DependsOn {x}");
            }
        }
        // values of the API's enumerations
        if let Some(v) = props.get("IntegrationType") {
            assert_eq!(v, "MOCK", "{id}: every probe is a MOCK");
        }
        if let Some(v) = props.get("PassthroughBehavior") {
            assert!(
                ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"].contains(&v.as_str().unwrap()),
                "{id}: {v}"
            );
        }
        if let Some(v) = props.get("RouteResponseKey") {
            assert_eq!(v, "$default", "{id}");
        }
        if let Some(v) = props.get("IntegrationResponseKey") {
            let k = v.as_str().unwrap();
            assert!(
                k == "$default" || (k.len() > 2 && k.starts_with('/') && k.ends_with('/')),
                "{id}: {k}"
            );
        }
        for key in ["RequestTemplates", "ResponseTemplates"] {
            if let Some(m) = props.get(key) {
                for (k, v) in m.as_object().unwrap() {
                    assert!(v.is_string(), "{id}: {key}.{k} must be a string");
                    assert!(
                        v.as_str().unwrap().len() <= 300 * 1024,
                        "{id}: template quota"
                    );
                }
            }
        }
    }
    let n = probe::probes().len();
    assert_eq!(count["AWS::ApiGatewayV2::Api"], 1);
    assert_eq!(count["AWS::ApiGatewayV2::Route"], n);
    assert_eq!(count["AWS::ApiGatewayV2::Integration"], n);
    assert_eq!(count["AWS::ApiGatewayV2::RouteResponse"], n);
    assert_eq!(count["AWS::ApiGatewayV2::Stage"], 1);
    assert_eq!(count["AWS::ApiGatewayV2::Deployment"], 1);
    assert!(resources.len() <= 500, "CloudFormation's resource quota");
    let api = &resources["Api"]["Properties"];
    assert_eq!(api["ProtocolType"], "WEBSOCKET");
    assert_eq!(api["RouteSelectionExpression"], probe::ROUTE_SELECTION);
    // the deployment is a snapshot: it waits for everything a probe needs
    let waits: HashSet<&str> = resources["Deployment"]["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    for (id, r) in resources {
        if matches!(
            r["Type"].as_str().unwrap(),
            "AWS::ApiGatewayV2::Route"
                | "AWS::ApiGatewayV2::RouteResponse"
                | "AWS::ApiGatewayV2::IntegrationResponse"
        ) {
            assert!(
                waits.contains(id.as_str()),
                "Deployment does not wait for {id}"
            );
        }
    }
    // every probe has its route, with the right key and a target
    let keys: HashSet<&str> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGatewayV2::Route")
        .map(|r| {
            assert!(r["Properties"]["Target"].is_object(), "{r}");
            r["Properties"]["RouteKey"].as_str().unwrap()
        })
        .collect();
    for p in probe::probes() {
        assert!(keys.contains(p.id), "no route for {}", p.id);
    }
}

#[test]
fn integration_responses_are_created_in_the_listed_order() {
    // U-3 asks which of several matching keys wins: creation order must be the listed order
    let t = template();
    let r = &t["Resources"];
    let (a, b) = ("U3SpecificFirstResponse200", "U3SpecificFirstResponse2xx");
    assert_eq!(r[a]["Properties"]["IntegrationResponseKey"], "/200/");
    assert_eq!(r[b]["Properties"]["IntegrationResponseKey"], "/2\\d\\d/");
    assert!(
        r[b]["DependsOn"]
            .as_array()
            .unwrap()
            .contains(&Value::from(a)),
        "{}",
        r[b]
    );
}

#[test]
fn the_stack_imports_back_to_the_probe_scenario() {
    // the templates reach AWS exactly as the engine runs them (escapes, whitespace, `\$`)
    let im = iac::import(&probe::stack_template()).unwrap();
    let want = probe::scenario(Assumptions::default());
    assert_eq!(im.scenario.routes.len(), want.routes.len());
    assert_eq!(im.scenario.integrations.len(), want.integrations.len());
    assert_eq!(
        im.scenario.api.route_selection_expression,
        want.api.route_selection_expression
    );
    for (got, want) in im.scenario.integrations.iter().zip(&want.integrations) {
        assert_eq!(got.integration_type, want.integration_type);
        assert_eq!(got.request_templates, want.request_templates);
        assert_eq!(
            got.template_selection_expression,
            want.template_selection_expression
        );
        assert_eq!(got.passthrough_behavior, want.passthrough_behavior);
        assert_eq!(
            got.integration_responses.len(),
            want.integration_responses.len()
        );
        for (g, w) in got
            .integration_responses
            .iter()
            .zip(&want.integration_responses)
        {
            assert_eq!(g.integration_response_key, w.integration_response_key);
            assert_eq!(g.response_templates, w.response_templates);
            assert_eq!(
                g.template_selection_expression,
                w.template_selection_expression
            );
        }
    }
    for (got, want) in im.scenario.routes.iter().zip(&want.routes) {
        assert_eq!(got.route_key, want.route_key);
        assert_eq!(
            got.route_response_selection_expression,
            want.route_response_selection_expression
        );
        assert_eq!(got.route_responses.len(), 1);
    }
}

#[test]
fn the_defaults_predict_a_real_answer_for_every_probe() {
    let predicted = probe::predict(Assumptions::default());
    let probes = probe::probes();
    assert_eq!(predicted.len(), probes.len());
    for (p, e) in probes.iter().zip(&predicted) {
        let error_frame = matches!(e, Expect::Frame { text } if text.starts_with("{\"message\""));
        if matches!(p.unknown, "U-4" | "U-8" | "U-12") {
            assert!(error_frame, "{}: {e:?}", p.id);
        } else {
            // a probe whose own template failed would tell nothing about its UNKNOWN
            assert!(
                matches!(e, Expect::Frame { .. }) && !error_frame,
                "{}: {e:?}",
                p.id
            );
        }
    }
}

#[test]
fn every_switch_a_probe_names_changes_its_prediction() {
    let base = probe::predict(Assumptions::default());
    for (i, p) in probe::probes().iter().enumerate() {
        if p.choices.is_empty() {
            continue;
        }
        let mut differs = false;
        for c in p.choices {
            let mut a = Assumptions::default();
            (c.set)(&mut a);
            if probe::predict(a)[i] != base[i] {
                differs = true;
            }
        }
        assert!(differs, "{}: no choice changes the prediction", p.id);
    }
}

#[test]
fn switching_u2_changes_the_outcome_and_the_trace_names_it() {
    let run = |a: Assumptions| {
        let s = probe::scenario(a);
        let p = Prepared::new(&s, &Limits::default());
        p.run_sample(&Sample {
            message: r#"{"probe":"u2-full-or-search"}"#.into(),
            ..Sample::default()
        })
    };
    let full = run(Assumptions::default());
    let search = run(Assumptions {
        regex_match: RegexMatch::Search,
        ..Assumptions::default()
    });
    assert_eq!(full.integration_response_key.as_deref(), Some("$default"));
    assert_eq!(search.integration_response_key.as_deref(), Some("/0/"));
    assert_ne!(full.client_receives, search.client_receives);
    for o in [&full, &search] {
        assert!(
            o.trace.iter().any(|s| s.undocumented.contains(&"U-2")),
            "{}",
            o.explain()
        );
    }
    assert!(full.explain().contains("AWS undocumented: U-2"));
}

#[test]
fn a_report_says_which_choice_an_answer_agrees_with() {
    let search = Assumptions {
        regex_match: RegexMatch::Search,
        ..Assumptions::default()
    };
    let observed = vec![(
        "u2-full-or-search".to_string(),
        Observed::Frame {
            text: "full match: /0/ did not match 200".into(),
        },
    )];
    let r = probe::report("ws://x/?token=secret", 100, search, &observed);
    assert_eq!(
        r.url, "ws://x/?…",
        "the query string stays out of the report"
    );
    let row = &r.probes[1];
    assert_eq!(row.probe, "u2-full-or-search");
    assert_eq!(row.verdict, Verdict::Differ);
    assert_eq!(
        row.agrees_with.as_deref(),
        Some(&["full match".to_string()][..])
    );
    // probes not run are failures, never agreements
    assert_eq!(r.summary.failed, r.probes.len() - 1);
    assert_eq!(r.summary.differ, 1);
}

/// `serve --probes` on a free port; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--probes", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .trim()
            .strip_prefix("listening on ws://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .parse()
            .unwrap();
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("apigw-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

fn probe_cli(port: u16, extra: &[&str], json: &str) -> (i32, String, String, Report) {
    probe_url(&format!("ws://127.0.0.1:{port}"), extra, json)
}

fn probe_url(url: &str, extra: &[&str], json: &str) -> (i32, String, String, Report) {
    let out = Command::new(BIN)
        .arg("probe")
        .arg(url)
        .args(["--timeout-ms", "1500", "--json", json])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let text = std::fs::read_to_string(json).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let report: Report = serde_json::from_str(&text).unwrap();
    (out.status.code().unwrap_or(-1), stdout, stderr, report)
}

#[test]
fn the_cli_probes_serve_end_to_end_and_every_probe_agrees() {
    let server = Server::start();
    let json = temp("report.json");
    let (code, stdout, stderr, report) = probe_cli(server.port, &[], &json);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let probes = probe::probes();
    assert_eq!(report.probes.len(), probes.len());
    assert_eq!(report.summary.total, probes.len());
    assert_eq!(report.summary.agree, probes.len(), "{stdout}");
    assert_eq!(report.assumptions, Assumptions::default());
    assert_eq!(report.timeout_ms, 1500);
    assert!(report.tool.starts_with("apigw-playground "));
    assert!(report.time.as_deref().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(report.url, format!("ws://127.0.0.1:{}", server.port));
    for (row, p) in report.probes.iter().zip(&probes) {
        assert_eq!(row.probe, p.id);
        assert_eq!(row.verdict, Verdict::Agree, "{row:?}");
        assert!(!row.unknown.is_empty() && !row.question.is_empty() && !row.message.is_empty());
        assert!(
            !matches!(row.actual, Observed::Failed { .. }),
            "{}: {:?}",
            p.id,
            row.actual
        );
        if !p.choices.is_empty() {
            let with = row.agrees_with.as_ref().unwrap();
            assert!(!with.is_empty(), "{}: agrees with no choice", p.id);
        }
        // the table lists it, with its verdict
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{} ", p.id)))
            .unwrap_or_else(|| panic!("{} not in the table:\n{stdout}", p.id));
        assert!(
            line.contains(p.unknown) && line.ends_with("agree"),
            "{line}"
        );
    }
    assert!(stdout.starts_with("probe "), "{stdout}");
    assert!(stdout.contains("AWS sent"), "{stdout}");
    assert!(stdout.contains(&format!("{} probes: {} agree", probes.len(), probes.len())));
    assert!(
        stdout.contains("not probed: U-16: needs an HTTP echo backend"),
        "{stdout}"
    );
    let u16 = report
        .not_probed
        .iter()
        .find(|n| n.unknown == "U-16")
        .unwrap();
    assert!(u16.why.contains("needs an HTTP echo backend"));
    // the raw JSON has every field filled
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for row in raw["probes"].as_array().unwrap() {
        for k in [
            "probe",
            "unknown",
            "question",
            "message",
            "predicted",
            "actual",
            "verdict",
        ] {
            assert!(!row[k].is_null() && row[k] != "", "{k} missing in {row}");
        }
    }
}

#[test]
fn the_cli_reports_a_switched_assumption_as_a_difference() {
    let server = Server::start();
    let json = temp("report-search.json");
    let (code, stdout, _, report) = probe_cli(
        server.port,
        &["--assume", "U-2=search", "--assume", "U-11=no_frame"],
        &json,
    );
    assert_eq!(code, 1, "a difference exits 1:\n{stdout}");
    assert_eq!(report.assumptions.regex_match, RegexMatch::Search);
    let differ: Vec<&str> = report
        .probes
        .iter()
        .filter(|r| r.verdict == Verdict::Differ)
        .map(|r| r.probe.as_str())
        .collect();
    assert_eq!(
        differ,
        ["u2-full-or-search", "u11-empty-output"],
        "{stdout}"
    );
    let u2 = &report.probes[1];
    assert_eq!(
        u2.agrees_with.as_deref(),
        Some(&["full match".to_string()][..])
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("u2-full-or-search") && l.ends_with("differ (AWS: full match)")),
        "{stdout}"
    );
    let u11 = report
        .probes
        .iter()
        .find(|r| r.probe == "u11-empty-output")
        .unwrap();
    assert!(matches!(u11.predicted, Expect::NoFrame { .. }));
    assert_eq!(
        u11.actual,
        Observed::Frame {
            text: String::new()
        }
    );
}

#[test]
fn a_probe_with_no_server_fails_and_says_why() {
    // a port nothing listens on: bind one, then let it go
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let json = temp("report-refused.json");
    let (code, stdout, stderr, report) = probe_cli(port, &[], &json);
    assert_eq!(code, 1);
    assert_eq!(report.summary.failed, report.probes.len(), "{stdout}");
    assert!(
        matches!(&report.probes[0].actual, Observed::Failed { error } if error.contains("connection refused")),
        "{:?}",
        report.probes[0].actual
    );
    // said once, whole, on stderr
    let n = report.probes.len();
    assert!(
        stderr.contains(&format!("{n} of {n} probes failed: connection refused")),
        "{stderr}"
    );
}

/// A port nothing listens on.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain TCP server on 127.0.0.1 that answers every connection with `reply` once it has read
/// what the client sent first (a TLS ClientHello, an HTTP upgrade request), then waits for the
/// client to hang up. Runs until the test process ends.
fn plain_server(reply: &'static [u8]) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let mut buf = [0u8; 4096];
                let mut seen = Vec::new();
                // a ClientHello comes in one piece; an HTTP request ends with an empty line
                while let Ok(n @ 1..) = conn.read(&mut buf) {
                    seen.extend_from_slice(&buf[..n]);
                    if seen.first() == Some(&0x16) || seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                let _ = conn.write_all(reply);
                let _ = conn.flush();
                while let Ok(1..) = conn.read(&mut buf) {}
            });
        }
    });
    port
}

fn assert_every_probe_failed(
    (code, stdout, stderr, report): &(i32, String, String, Report),
    says: &str,
) {
    assert_eq!(*code, 1, "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(report.summary.failed, report.probes.len(), "{stdout}");
    for row in &report.probes {
        assert!(
            matches!(&row.actual, Observed::Failed { error } if error.contains(says)),
            "{}: {:?}",
            row.probe,
            row.actual
        );
    }
    assert!(!stderr.contains("no TLS"), "{stderr}");
    let n = report.probes.len();
    assert!(
        stderr.contains(&format!("{n} of {n} probes failed: ")) && stderr.contains(says),
        "{stderr}"
    );
}

#[test]
fn wss_to_a_port_nothing_listens_on_is_a_refused_connection() {
    let port = free_port();
    let url = format!("wss://127.0.0.1:{port}/probe");
    let run = probe_url(&url, &[], &temp("report-wss-refused.json"));
    assert_every_probe_failed(&run, "connection refused");
    assert!(run.2.contains(&url), "the message names the URL: {}", run.2);
    assert_eq!(run.3.url, url);
}

#[test]
fn wss_to_a_server_that_does_not_speak_tls_is_a_failed_tls_handshake() {
    let port = plain_server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    let url = format!("wss://127.0.0.1:{port}/probe?token=secret");
    let run = probe_url(&url, &[], &temp("report-wss-plain.json"));
    assert_every_probe_failed(&run, "TLS handshake with");
    let stderr = &run.2;
    assert!(
        stderr.contains(&format!(
            "TLS handshake with wss://127.0.0.1:{port}/probe?… failed"
        )),
        "the message names the URL without its query: {stderr}"
    );
    assert!(!stderr.contains("secret"), "{stderr}");
}

#[test]
fn a_403_to_the_upgrade_says_what_api_gateway_means_by_it() {
    // what API Gateway answers for a stage that does not exist
    let port = plain_server(
        b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 23\r\nConnection: close\r\n\r\n{\"message\":\"Forbidden\"}",
    );
    let url = format!("ws://127.0.0.1:{port}/prod");
    let run = probe_url(&url, &[], &temp("report-403.json"));
    assert_every_probe_failed(&run, "HTTP 403 Forbidden");
    let stderr = &run.2;
    assert!(
        stderr.contains(&format!(
            "refused the WebSocket upgrade of {url} with HTTP 403 Forbidden ({{\"message\":\"Forbidden\"}})"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("check the stage"), "{stderr}");
}

#[test]
fn probe_stack_prints_or_writes_the_template_and_usage_is_checked() {
    let out = Command::new(BIN).arg("probe-stack").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        probe::stack_template()
    );
    let file = temp("probe-stack.yaml");
    let out = Command::new(BIN)
        .args(["probe-stack", "-o", &file])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        probe::stack_template()
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("delete-stack --stack-name apigw-probes"),
        "{said}"
    );
    let usage = |args: &[&str]| {
        let out = Command::new(BIN).args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, err) = usage(&["probe", "http://x", "--timeout-ms", "5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("must start with ws://"), "{err}");
    let (code, err) = usage(&["probe", "ws://x", "--timeout-ms", "0"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, err) = usage(&["probe", "wss://", "--timeout-ms", "5"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("wss://"), "{err}");
    let (code, err) = usage(&["probe", "ws://x", "--assume", "U-99=x"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("U-2"), "{err}");
    let (code, err) = usage(&["serve", "scenario.json", "--probes"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--probes serves the probe stack"), "{err}");
}

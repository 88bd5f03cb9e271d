//! Import and export of infrastructure code (`engine::iac`).
//!
//! - Every preset goes out in every format and back in (CloudFormation YAML and JSON through the
//!   importer, AWS CLI JSON output through the importer, the AWS CLI script through bash with a
//!   fake `aws` that records its arguments, Terraform through `hcl-rs` evaluation, CDK through
//!   node with stand-ins for `aws-cdk-lib`), and must come back with the same configuration and
//!   the same outcomes for its test table.
//! - Golden files `tests/iac/<preset>.<ext>` hold each export (`UPDATE_GOLDEN=1` writes them).
//! - One test per escaping trap, and realistic pasted inputs written in the shapes the AWS CLI
//!   and AWS's own samples use.
#![cfg(not(target_arch = "wasm32"))]

use apigw_playground::engine::cases::run_all;
use apigw_playground::engine::diag::Severity;
use apigw_playground::engine::iac::{self, Detected, Format};
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::{
    Integration, IntegrationResponse, IntegrationType, Route, RouteResponse, Scenario,
};
use apigw_playground::engine::pipeline::Prepared;
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn presets() -> Vec<(String, Scenario)> {
    let dir = root().join("www/presets");
    let mut out: Vec<(String, Scenario)> = std::fs::read_dir(&dir)
        .expect("www/presets")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            let s = Scenario::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, s)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 8, "the preset gallery");
    out
}

/// A scratch directory of its own for each test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("apigw-iac-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The integration a route targets, by index.
fn target_index(s: &Scenario, target: Option<&str>) -> Option<usize> {
    let t = target?;
    let id = t.strip_prefix("integrations/").unwrap_or(t);
    s.integrations
        .iter()
        .position(|g| g.integration_id.as_deref() == Some(id))
        .or_else(|| {
            (s.integrations.len() == 1 && s.integrations[0].integration_id.is_none()).then_some(0)
        })
}

/// What the simulation depends on, with ids replaced by positions: templates, keys,
/// expressions, types, passthrough, route keys, two-way.
fn normalise(s: &Scenario) -> Json {
    let text = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    json!({
        "routeSelectionExpression": s.api.route_selection_expression,
        "routes": s.routes.iter().map(|r| json!({
            "routeKey": r.route_key,
            "integration": match target_index(s, r.target.as_deref()) {
                Some(i) => json!(i),
                None => json!(r.target),
            },
            "routeResponseSelectionExpression": r.route_response_selection_expression,
            "routeResponses": r.route_responses.iter().map(|x| &x.route_response_key).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "integrations": s.integrations.iter().map(|g| json!({
            "type": g.integration_type.as_str(),
            "uri": text(&g.integration_uri),
            // a Lambda proxy is always called with POST
            "method": if g.integration_type == IntegrationType::AwsProxy { None } else { text(&g.integration_method) },
            "templateSelectionExpression": g.template_selection_expression,
            "requestTemplates": g.request_templates,
            "passthrough": g.passthrough_behavior.unwrap_or_default(),
            "contentHandling": g.content_handling_strategy,
            "responses": g.integration_responses.iter().map(|r| json!({
                "key": r.integration_response_key,
                "templateSelectionExpression": r.template_selection_expression,
                "templates": r.response_templates,
                "contentHandling": r.content_handling_strategy,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The outcome of every row of the scenario's test table.
fn outcomes(s: &Scenario) -> Vec<Json> {
    run_all(&Prepared::new(s, &Limits::default()))
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "passed": r.passed,
                "route_key": r.outcome.route_key,
                "integration_response_key": r.outcome.integration_response_key,
                "template_key": r.outcome.template_key,
                "output": r.outcome.output,
                "client_receives": r.outcome.client_receives,
            })
        })
        .collect()
}

/// Checks that `back` (imported from an export of `orig`) has the same configuration, and that
/// with the original's samples it gives the same outcome for every row of the test table.
fn assert_same(name: &str, how: &str, orig: &Scenario, back: &Scenario) {
    assert_eq!(
        normalise(back),
        normalise(orig),
        "{name}: the configuration changed through {how}"
    );
    let mut again = back.clone();
    again.sample = orig.sample.clone();
    again.tests = orig.tests.clone();
    again.assumptions = orig.assumptions;
    let (want, got) = (outcomes(orig), outcomes(&again));
    assert!(
        want.iter().all(|o| o["passed"] == true),
        "{name}: preset table"
    );
    assert_eq!(got, want, "{name}: the outcomes changed through {how}");
}

fn import_ok(text: &str) -> iac::Imported {
    iac::import(text).unwrap_or_else(|e| panic!("import failed: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// Golden files

#[test]
fn every_export_of_every_preset_matches_its_golden_file() {
    let dir = root().join("tests/iac");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, s) in presets() {
        for f in Format::ALL {
            let got = iac::export(&s, f).unwrap();
            let file = dir.join(format!("{name}.{}", f.extension()));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&file, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&file).unwrap_or_else(|_| {
                panic!(
                    "{}: no golden file; run with UPDATE_GOLDEN=1",
                    file.display()
                )
            });
            assert_eq!(
                got,
                want,
                "{}: the export changed (UPDATE_GOLDEN=1 records it)",
                file.display()
            );
        }
    }
}

#[test]
fn exports_of_presets_need_no_notes() {
    for (name, s) in presets() {
        for f in Format::ALL {
            let e = iac::export_with_notes(&s, f).unwrap();
            assert!(e.notes.is_empty(), "{name} {f}: {:?}", e.notes);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips through the importer

#[test]
fn every_preset_round_trips_through_cloudformation_yaml() {
    for (name, s) in presets() {
        let text = iac::export(&s, Format::CfnYaml).unwrap();
        let im = import_ok(&text);
        assert_eq!(im.detected, Detected::CloudFormation);
        assert!(
            im.notes.iter().all(|n| n.severity == Severity::Info),
            "{name}: {:#?}",
            im.notes
        );
        assert_same(&name, "CloudFormation YAML", &s, &im.scenario);
    }
}

#[test]
fn every_preset_round_trips_through_cloudformation_json() {
    for (name, s) in presets() {
        let text = iac::export(&s, Format::CfnJson).unwrap();
        // a real JSON parser reads it
        let v: Json = serde_json::from_str(&text).unwrap();
        assert!(v["Resources"].is_object());
        let im = import_ok(&text);
        assert_eq!(im.detected, Detected::CloudFormation);
        assert!(
            im.notes.iter().all(|n| n.severity == Severity::Info),
            "{name}: {:#?}",
            im.notes
        );
        assert_same(&name, "CloudFormation JSON", &s, &im.scenario);
    }
}

/// Pretty JSON as the AWS CLI prints it (four spaces).
fn cli_print(v: &Json) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(v, &mut ser).unwrap();
    String::from_utf8(buf).unwrap() + "\n"
}

/// What `aws apigatewayv2 get-*` prints for the scenario: get-api; then for each integration
/// get-integration and get-integration-responses; then for each route get-route and
/// get-route-responses. Ids are new, as AWS gives them.
fn cli_outputs(s: &Scenario) -> Vec<Json> {
    let gid = |i: usize| format!("g{i}x2k9q");
    let mut docs = Vec::new();
    let mut api = json!({
        "ApiEndpoint": "wss://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
        "ApiId": "a1b2c3d4e5",
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "CreatedDate": "2026-11-24T10:00:00+00:00",
        "DisableExecuteApiEndpoint": false,
        "Name": s.api.name.clone().unwrap_or_else(|| "websocket-api".into()),
        "ProtocolType": "WEBSOCKET",
        "RouteSelectionExpression": s.api.route_selection_expression,
    });
    api.as_object_mut().unwrap().sort_keys();
    docs.push(api);
    for (i, g) in s.integrations.iter().enumerate() {
        let mut o = serde_json::to_value(Integration {
            integration_id: Some(gid(i)),
            integration_responses: Vec::new(),
            ..g.clone()
        })
        .unwrap();
        let m = o.as_object_mut().unwrap();
        m.insert("ConnectionType".into(), "INTERNET".into());
        m.insert("PayloadFormatVersion".into(), "1.0".into());
        m.insert("TimeoutInMillis".into(), 29000.into());
        if !g.integration_type.is_proxy() {
            let e = if g.is_lambda() {
                "${integration.response.body.errorMessage}"
            } else {
                "${integration.response.statuscode}"
            };
            m.insert("IntegrationResponseSelectionExpression".into(), e.into());
        }
        m.sort_keys();
        docs.push(o);
        if !g.integration_responses.is_empty() {
            let items: Vec<Json> = g
                .integration_responses
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let mut o = serde_json::to_value(IntegrationResponse {
                        integration_response_id: Some(format!("r{i}{j}abcd")),
                        ..r.clone()
                    })
                    .unwrap();
                    o.as_object_mut().unwrap().sort_keys();
                    o
                })
                .collect();
            docs.push(json!({ "Items": items }));
        }
    }
    for (i, r) in s.routes.iter().enumerate() {
        let target =
            target_index(s, r.target.as_deref()).map(|g| format!("integrations/{}", gid(g)));
        let mut o = serde_json::to_value(Route {
            route_id: Some(format!("rt{i}q7w8")),
            target: target.or(r.target.clone()),
            route_responses: Vec::new(),
            ..r.clone()
        })
        .unwrap();
        let m = o.as_object_mut().unwrap();
        m.insert("ApiKeyRequired".into(), false.into());
        m.insert("AuthorizationType".into(), "NONE".into());
        m.sort_keys();
        docs.push(o);
        if !r.route_responses.is_empty() {
            let items: Vec<Json> = r
                .route_responses
                .iter()
                .enumerate()
                .map(|(j, x)| {
                    let mut o = serde_json::to_value(x).unwrap();
                    o.as_object_mut()
                        .unwrap()
                        .insert("RouteResponseId".into(), format!("rr{i}{j}zz").into());
                    o.as_object_mut().unwrap().sort_keys();
                    o
                })
                .collect();
            docs.push(json!({ "Items": items }));
        }
    }
    docs
}

#[test]
fn every_preset_round_trips_through_aws_cli_output() {
    for (name, s) in presets() {
        let docs = cli_outputs(&s);
        // pasted one after the other, as a terminal shows them
        let text: String = docs.iter().map(cli_print).collect();
        let im = import_ok(&text);
        assert_eq!(im.detected, Detected::CliJson, "{name}");
        assert!(
            im.notes.iter().all(|n| n.severity == Severity::Info),
            "{name}: {:#?}",
            im.notes
        );
        assert_same(&name, "concatenated AWS CLI output", &s, &im.scenario);
        // read-only members are kept, not simulated
        let g = &im.scenario.integrations[0];
        assert_eq!(g.extra["ConnectionType"], "INTERNET", "{name}");
        assert_eq!(im.scenario.api.extra["ApiId"], "a1b2c3d4e5", "{name}");
        assert!(
            im.scenario
                .integrations
                .iter()
                .flat_map(|g| &g.integration_responses)
                .all(|r| r.integration_response_id.is_some()),
            "{name}"
        );
        // and as a JSON array of the same documents
        let text = cli_print(&Json::Array(docs));
        let im = import_ok(&text);
        assert_same(&name, "a JSON array of AWS CLI output", &s, &im.scenario);
    }
}

// ---------------------------------------------------------------------------------------------
// The AWS CLI script, run by bash against a fake `aws`

const FAKE_AWS: &str = r#"#!/usr/bin/env bash
# Records each call's arguments (NUL-separated, one call per record) and prints a new id.
{ printf '%s\0' "$@"; printf '\1\0'; } >>"$AWS_LOG"
n=$(( $(cat "$AWS_LOG.n" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$AWS_LOG.n"
echo "id$n"
"#;

/// Runs the script with a fake `aws` on PATH; returns each call's arguments.
fn run_script(script: &str, dir: &Path) -> Vec<Vec<String>> {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).unwrap();
    Command::new("chmod").arg("+x").arg(&aws).status().unwrap();
    let file = dir.join("create.sh");
    std::fs::write(&file, script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let log = dir.join("aws.log");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(&file)
        .env("PATH", path)
        .env("AWS_LOG", &log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the script failed: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw = std::fs::read(&log).unwrap();
    let parts: Vec<String> = raw
        .split(|b| *b == 0)
        .map(|p| String::from_utf8(p.to_vec()).unwrap())
        .collect();
    let mut calls = vec![Vec::new()];
    for p in parts {
        if p == "\u{1}" {
            calls.push(Vec::new());
        } else if !p.is_empty() || !calls.last().unwrap().is_empty() {
            calls.last_mut().unwrap().push(p);
        }
    }
    calls.retain(|c| !c.is_empty());
    calls
}

/// The options of one call: `--name value`, `--name=value`, `--flag`, `--no-flag`.
fn options(args: &[String]) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    let mut i = 2;
    while i < args.len() {
        let a = args[i].strip_prefix("--").expect("an option");
        if let Some((k, v)) = a.split_once('=') {
            out.push((k.to_string(), Json::String(v.to_string())));
            i += 1;
        } else if i + 1 < args.len() && !args[i + 1].starts_with("--") {
            out.push((a.to_string(), Json::String(args[i + 1].clone())));
            i += 2;
        } else if let Some(k) = a.strip_prefix("no-") {
            out.push((k.to_string(), Json::Bool(false)));
            i += 1;
        } else {
            out.push((a.to_string(), Json::Bool(true)));
            i += 1;
        }
    }
    out
}

fn pascal(kebab: &str) -> String {
    kebab
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// What the calls created, as AWS CLI output documents (with ids where AWS would have them).
fn calls_to_documents(calls: &[Vec<String>]) -> Vec<Json> {
    let maps = [
        "request-templates",
        "response-templates",
        "request-parameters",
        "response-parameters",
        "request-models",
        "response-models",
        "tags",
    ];
    let mut docs = Vec::new();
    for (n, c) in calls.iter().enumerate() {
        assert_eq!(c[0], "apigatewayv2", "{c:?}");
        let id = format!("id{}", n + 1);
        let mut o = serde_json::Map::new();
        for (k, v) in options(c) {
            if matches!(k.as_str(), "query" | "output" | "api-id") {
                continue;
            }
            let v = match (&v, maps.contains(&k.as_str())) {
                (Json::String(s), true) => serde_json::from_str(s)
                    .unwrap_or_else(|e| panic!("--{k} is not JSON ({e}): {s}")),
                (Json::String(s), false) if k == "timeout-in-millis" => {
                    json!(s.parse::<u64>().unwrap())
                }
                _ => v,
            };
            o.insert(pascal(&k), v);
        }
        match c[1].as_str() {
            "create-api" => {}
            "create-integration" => {
                o.insert("IntegrationId".into(), id.into());
            }
            "create-route" => {
                o.insert("RouteId".into(), id.into());
            }
            // the responses say where they belong (the importer reads these members)
            "create-integration-response" | "create-route-response" => {}
            other => panic!("unexpected call {other}"),
        }
        docs.push(Json::Object(o));
    }
    docs
}

#[test]
fn every_preset_round_trips_through_the_aws_cli_script() {
    for (name, s) in presets() {
        let script = iac::export(&s, Format::Cli).unwrap();
        let dir = scratch(&format!("cli-{name}"));
        let calls = run_script(&script, &dir);
        let docs = calls_to_documents(&calls);
        let im = import_ok(&Json::Array(docs).to_string());
        assert_same(&name, "the AWS CLI script", &s, &im.scenario);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ---------------------------------------------------------------------------------------------
// Terraform, evaluated by hcl-rs

fn chomp(args: hcl::eval::FuncArgs) -> Result<hcl::Value, String> {
    let s = args[0].as_str().ok_or("chomp takes a string")?;
    Ok(hcl::Value::String(
        s.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// The Terraform configuration evaluated (references give the resource's name as its id), as
/// (resource type, name, attributes as JSON).
fn terraform_resources(text: &str) -> Vec<(String, String, serde_json::Map<String, Json>)> {
    use hcl::eval::{Context, Evaluate, FuncDef, ParamType};
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("hcl-rs cannot parse it: {e}\n{text}"));
    let mut ctx = Context::new();
    ctx.declare_func(
        "chomp",
        FuncDef::builder().param(ParamType::String).build(chomp),
    );
    let mut by_type: std::collections::BTreeMap<String, hcl::Map<String, hcl::Value>> =
        Default::default();
    for b in body.blocks() {
        assert_eq!(b.identifier(), "resource");
        let (ty, name) = (b.labels()[0].as_str(), b.labels()[1].as_str());
        let mut attrs = hcl::Map::new();
        attrs.insert("id".to_string(), hcl::Value::String(name.to_string()));
        by_type
            .entry(ty.to_string())
            .or_default()
            .insert(name.to_string(), hcl::Value::Object(attrs));
    }
    for (ty, v) in by_type {
        ctx.declare_var(ty, hcl::Value::Object(v));
    }
    let body = body
        .evaluate(&ctx)
        .unwrap_or_else(|e| panic!("hcl-rs cannot evaluate it: {e}\n{text}"));
    body.blocks()
        .map(|b| {
            let mut m = serde_json::Map::new();
            for a in b.body().attributes() {
                let v: hcl::Value = a.expr().clone().into();
                m.insert(a.key().to_string(), serde_json::to_value(&v).unwrap());
            }
            (
                b.labels()[0].as_str().to_string(),
                b.labels()[1].as_str().to_string(),
                m,
            )
        })
        .collect()
}

/// The evaluated Terraform resources as AWS CLI output documents.
fn terraform_to_documents(res: &[(String, String, serde_json::Map<String, Json>)]) -> Vec<Json> {
    res.iter()
        .map(|(ty, name, attrs)| {
            let mut o = serde_json::Map::new();
            for (k, v) in attrs {
                let key = match k.as_str() {
                    "api_id" => continue,
                    "timeout_milliseconds" => "TimeoutInMillis".to_string(),
                    "name" => "Name".to_string(),
                    k => pascal(k),
                };
                o.insert(key, v.clone());
            }
            match ty.as_str() {
                "aws_apigatewayv2_integration" => {
                    o.insert("IntegrationId".into(), name.clone().into());
                }
                "aws_apigatewayv2_route" => {
                    o.insert("RouteId".into(), name.clone().into());
                }
                _ => {}
            }
            Json::Object(o)
        })
        .collect()
}

#[test]
fn every_preset_round_trips_through_terraform() {
    for (name, s) in presets() {
        let text = iac::export(&s, Format::Terraform).unwrap();
        let res = terraform_resources(&text);
        let im = import_ok(&Json::Array(terraform_to_documents(&res)).to_string());
        assert_same(&name, "Terraform", &s, &im.scenario);
    }
}

// ---------------------------------------------------------------------------------------------
// CDK, run by node against stand-ins for aws-cdk-lib that synthesize CloudFormation

const CDK_STUB_CORE: &str = r#"
export const resources = {};
let count = 0;
export function add(id, type, props) {
  if (resources[id]) throw new Error(`duplicate construct id ${id}`);
  resources[id] = { Type: type, Properties: props };
  return `__REF__${id}__`;
}
// tokens as CloudFormation: `__REF__X__` alone is {"Ref": X}, inside text an Fn::Join
function resolve(v) {
  if (typeof v === "string") {
    const parts = v.split(/(__REF__[A-Za-z0-9]+__)/).filter((p) => p !== "");
    const ref = (p) => { const m = /^__REF__([A-Za-z0-9]+)__$/.exec(p); return m ? { Ref: m[1] } : p; };
    if (parts.length === 1) return ref(parts[0]);
    if (parts.length === 0) return "";
    return parts.some((p) => p.startsWith("__REF__")) ? { "Fn::Join": ["", parts.map(ref)] } : v;
  }
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = resolve(x);
    return o;
  }
  return v;
}
export function pascal(props, maps = []) {
  const o = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined) continue;
    o[k[0].toUpperCase() + k.slice(1)] = v;
  }
  return o;
}
export class App {
  synth() { console.log(JSON.stringify({ Resources: resolve(resources) })); }
}
export class Stack { constructor(app, id) { this.id = id; } }
export const Duration = { millis: (n) => ({ toMilliseconds: () => n }) };
export function nextId(prefix) { count += 1; return `${prefix}${count}`; }
"#;

const CDK_STUB_APIGW: &str = r#"
import { add, pascal, nextId } from "aws-cdk-lib";
export const PassthroughBehavior = { WHEN_NO_MATCH: "WHEN_NO_MATCH", NEVER: "NEVER", WHEN_NO_TEMPLATES: "WHEN_NO_TEMPLATES" };
export const ContentHandling = { CONVERT_TO_BINARY: "CONVERT_TO_BINARY", CONVERT_TO_TEXT: "CONVERT_TO_TEXT" };
export class WebSocketIntegrationResponseKey {
  constructor(key) { this.key = key; }
  static fromStatusCode(n) { return new WebSocketIntegrationResponseKey(`/${n}/`); }
  static fromStatusRegExp(src) { return new WebSocketIntegrationResponseKey(`/${new RegExp(src).source}/`); }
}
WebSocketIntegrationResponseKey.default = new WebSocketIntegrationResponseKey("$default");
WebSocketIntegrationResponseKey.success = WebSocketIntegrationResponseKey.fromStatusRegExp(/2\d{2}/.source);
WebSocketIntegrationResponseKey.clientError = WebSocketIntegrationResponseKey.fromStatusRegExp(/4\d{2}/.source);
WebSocketIntegrationResponseKey.serverError = WebSocketIntegrationResponseKey.fromStatusRegExp(/5\d{2}/.source);
class Cfn { constructor(type, scope, id, props) { this.ref = add(id, type, pascal(props)); } }
export class CfnIntegration extends Cfn { constructor(s, id, p) { super("AWS::ApiGatewayV2::Integration", s, id, p); } }
export class CfnIntegrationResponse extends Cfn { constructor(s, id, p) { super("AWS::ApiGatewayV2::IntegrationResponse", s, id, p); } }
export class CfnRoute extends Cfn { constructor(s, id, p) { super("AWS::ApiGatewayV2::Route", s, id, p); } }
export class CfnRouteResponse extends Cfn { constructor(s, id, p) { super("AWS::ApiGatewayV2::RouteResponse", s, id, p); } }
export class WebSocketApi {
  constructor(scope, id, props = {}) {
    this.apiId = add(id, "AWS::ApiGatewayV2::Api", {
      Name: props.apiName ?? id, ProtocolType: "WEBSOCKET",
      RouteSelectionExpression: props.routeSelectionExpression ?? "$request.body.action",
      Description: props.description,
    });
  }
  addRoute(key, options) {
    const integrationId = options.integration._bind(this, !!options.returnResponse);
    const id = nextId("Route");
    const ref = add(id, "AWS::ApiGatewayV2::Route", {
      ApiId: this.apiId, RouteKey: key, Target: `integrations/${integrationId}`,
      AuthorizationType: "NONE",
      RouteResponseSelectionExpression: options.returnResponse ? "$default" : undefined,
    });
    if (options.returnResponse) {
      add(nextId("RouteResponse"), "AWS::ApiGatewayV2::RouteResponse", { ApiId: this.apiId, RouteId: ref, RouteResponseKey: "$default" });
    }
  }
}
"#;

const CDK_STUB_INTEGRATIONS: &str = r#"
import { add } from "aws-cdk-lib";
class Base {
  constructor(id, type, props) { this.id = id; this.type = type; this.props = props ?? {}; }
  _bind(api, returnResponse) {
    if (this.ref) return this.ref;
    const p = this.props;
    this.ref = add(this.id, "AWS::ApiGatewayV2::Integration", {
      ApiId: api.apiId, IntegrationType: this.type, IntegrationUri: this.uri ?? p.integrationUri,
      IntegrationMethod: this.method ?? p.integrationMethod, RequestTemplates: p.requestTemplates,
      TemplateSelectionExpression: p.templateSelectionExpression, PassthroughBehavior: p.passthroughBehavior,
      ContentHandlingStrategy: p.contentHandling, CredentialsArn: p.credentialsRole?.roleArn,
      RequestParameters: p.requestParameters, TimeoutInMillis: p.timeout?.toMilliseconds(),
    });
    const responses = p.responses ?? [];
    if (responses.length && !returnResponse) throw new Error("Setting up integration responses without setting up returnResponse to true will have no effect, and is likely a mistake.");
    const seen = new Set();
    for (const r of responses) {
      if (seen.has(r.responseKey.key)) throw new Error(`Duplicate integration response key: "${r.responseKey.key}"`);
      seen.add(r.responseKey.key);
      add(this.id + r.responseKey.key.replace(/[^a-zA-Z0-9]/g, "") + "IntegrationResponse", "AWS::ApiGatewayV2::IntegrationResponse", {
        ApiId: api.apiId, IntegrationId: this.ref, IntegrationResponseKey: r.responseKey.key,
        ResponseTemplates: r.responseTemplates, TemplateSelectionExpression: r.templateSelectionExpression,
        ContentHandlingStrategy: r.contentHandling, ResponseParameters: r.responseParameters,
      });
    }
    return this.ref;
  }
}
export class WebSocketMockIntegration extends Base { constructor(id, props) { super(id, "MOCK", props); this.uri = ""; } }
export class WebSocketAwsIntegration extends Base { constructor(id, props) { super(id, "AWS", props); } }
export class WebSocketLambdaIntegration extends Base {
  constructor(id, fn, props) {
    super(id, "AWS_PROXY", props);
    const region = fn.functionArn.split(":")[3];
    this.uri = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`;
    this.method = "POST";
  }
}
"#;

const CDK_STUB_LAMBDA: &str =
    "export const Function = { fromFunctionArn: (scope, id, arn) => ({ functionArn: arn }) };\n";
const CDK_STUB_IAM: &str =
    "export const Role = { fromRoleArn: (scope, id, arn) => ({ roleArn: arn }) };\n";

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the CDK app with node against the stand-ins; returns the CloudFormation it synthesizes.
fn run_cdk(ts: &str, dir: &Path) -> String {
    let lib = dir.join("node_modules/aws-cdk-lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(
        lib.join("package.json"),
        r#"{"name": "aws-cdk-lib", "type": "module", "exports": {".": "./core.js",
            "./aws-apigatewayv2": "./apigw.js", "./aws-apigatewayv2-integrations": "./integrations.js",
            "./aws-lambda": "./lambda.js", "./aws-iam": "./iam.js"}}"#,
    )
    .unwrap();
    std::fs::write(lib.join("core.js"), CDK_STUB_CORE).unwrap();
    std::fs::write(lib.join("apigw.js"), CDK_STUB_APIGW).unwrap();
    std::fs::write(lib.join("integrations.js"), CDK_STUB_INTEGRATIONS).unwrap();
    std::fs::write(lib.join("lambda.js"), CDK_STUB_LAMBDA).unwrap();
    std::fs::write(lib.join("iam.js"), CDK_STUB_IAM).unwrap();
    // TypeScript with no TypeScript-only syntax is a JavaScript module
    let app = dir.join("app.mjs");
    std::fs::write(&app, ts).unwrap();
    let check = Command::new("node")
        .arg("--check")
        .arg(&app)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "node --check: {}\n{ts}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = Command::new("node")
        .arg(&app)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node: {}\n{ts}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Brackets and quotes balance (the check that needs no node).
fn assert_balanced(ts: &str) {
    let mut stack = Vec::new();
    let mut chars = ts.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' | '\'' | '`' => {
                let q = c;
                loop {
                    match chars.next() {
                        Some('\\') => {
                            chars.next();
                        }
                        Some(x) if x == q => break,
                        Some('\n') if q != '`' => panic!("a string runs past the end of its line"),
                        Some(_) => {}
                        None => panic!("an unterminated string"),
                    }
                }
            }
            '(' | '[' | '{' => stack.push(c),
            ')' | ']' | '}' => {
                let open = stack.pop().expect("a closing bracket too many");
                assert_eq!(
                    (open, c).0,
                    match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    }
                );
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed brackets: {stack:?}");
}

#[test]
fn every_preset_round_trips_through_the_cdk_app() {
    let have_node = node_available();
    for (name, s) in presets() {
        let ts = iac::export(&s, Format::Cdk).unwrap();
        assert_balanced(&ts);
        if !have_node {
            eprintln!("node is not on PATH: the CDK app of {name} was only checked for balance");
            continue;
        }
        let dir = scratch(&format!("cdk-{name}"));
        let cfn = run_cdk(&ts, &dir);
        let im = import_ok(&cfn);
        assert_same(&name, "the CDK app", &s, &im.scenario);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping traps: each fails if its escaping is wrong

/// A scenario with one MOCK integration whose key, expressions and templates are `tricky`.
fn tricky_scenario(key: &str, template: &str, selection: &str) -> Scenario {
    let mut s = Scenario {
        title: "escaping trap".into(),
        ..Scenario::default()
    };
    s.integrations.push(Integration {
        integration_id: Some("mock".into()),
        integration_type: IntegrationType::Mock,
        template_selection_expression: Some("\\$default".into()),
        request_templates: [("$default".to_string(), "{\"statusCode\": 200}".to_string())]
            .into_iter()
            .collect(),
        integration_responses: vec![
            IntegrationResponse {
                integration_response_key: key.into(),
                template_selection_expression: Some(selection.into()),
                response_templates: [
                    ("$default".to_string(), template.to_string()),
                    ("x'\"\\${y}".to_string(), template.to_string()),
                ]
                .into_iter()
                .collect(),
                ..IntegrationResponse::default()
            },
            IntegrationResponse {
                integration_response_key: "$default".into(),
                ..IntegrationResponse::default()
            },
        ],
        ..Integration::default()
    });
    s.routes.push(Route {
        route_key: "$default".into(),
        target: Some("integrations/mock".into()),
        route_response_selection_expression: Some("$default".into()),
        route_responses: vec![RouteResponse {
            route_response_key: "$default".into(),
            ..RouteResponse::default()
        }],
        ..Route::default()
    });
    s
}

/// Templates that break a naive writer.
const NASTY: &[&str] = &[
    "{\"a\": \"$input.path('$.a')\", \"re\": \"\\d+\", \"q\": \"it's\"}",
    "#set($x = \"${request.body.x}\")\n  ${x} %{ if } $${y} `tick` ${!z}\n\t\"quoted\" \\\\ back\n",
    "line one\n\n  indented\nEOT\n  EOT\n\n\n",
    "trailing spaces   \n   \nend",
    " leading space\nsecond",
    "a\r\nb\u{7}c\u{1b}d\u{2028}e\u{feff}f é 😀",
    "\n\nstarts with newlines",
    "'single' \"double\" `back` $ $$ ${ %{ \\ \\\\ \\n \\u0041 */ <!-- -->",
    "",
];

#[test]
fn json_writes_backslash_d_as_double_backslash() {
    let s = tricky_scenario("/4\\d\\d/", "x", "\\$default");
    let text = iac::export(&s, Format::CfnJson).unwrap();
    assert!(
        text.contains(r#""IntegrationResponseKey": "/4\\d\\d/""#),
        "{text}"
    );
    assert!(
        text.contains(r#""TemplateSelectionExpression": "\\$default""#),
        "{text}"
    );
    let v: Json = serde_json::from_str(&text).unwrap();
    let r = v["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::ApiGatewayV2::IntegrationResponse")
        .unwrap();
    assert_eq!(r["Properties"]["IntegrationResponseKey"], "/4\\d\\d/");
}

#[test]
fn yaml_writes_backslash_d_so_yaml_reads_it_back() {
    let s = tricky_scenario("/4\\d\\d/", "x", "\\$default");
    let text = iac::export(&s, Format::CfnYaml).unwrap();
    // single quotes take a backslash as it is; a double-quoted "\d" would be an invalid escape
    assert!(
        text.contains(r"IntegrationResponseKey: '/4\d\d/'"),
        "{text}"
    );
    assert!(
        text.contains(r"TemplateSelectionExpression: '\$default'"),
        "{text}"
    );
    assert!(!text.contains("\"/4\\d"), "{text}");
    // the YAML parser itself reads the same strings
    let mut p = saphyr_parser::Parser::new_from_str(&text);
    let mut scalars = Vec::new();
    while let Some(Ok((ev, _))) = p.next_event() {
        if let saphyr_parser::Event::Scalar(v, ..) = ev {
            scalars.push(v.into_owned());
        }
    }
    assert!(scalars.iter().any(|v| v == "/4\\d\\d/"));
    assert!(scalars.iter().any(|v| v == "\\$default"));
    assert!(scalars.iter().any(|v| v == "$default"));
    let im = import_ok(&text);
    assert_eq!(normalise(&im.scenario), normalise(&s));
}

#[test]
fn shell_passes_dollar_default_and_backslashes_through_single_quotes() {
    let s = tricky_scenario("/4\\d\\d/", "{\"r\": \"$context.routeKey\"}", "\\$default");
    let script = iac::export(&s, Format::Cli).unwrap();
    assert!(script.contains("--route-key '$default'"), "{script}");
    assert!(
        script.contains("--template-selection-expression '\\$default'"),
        "{script}"
    );
    assert!(!script.contains("--route-key \"$default\""), "{script}");
    let dir = scratch("trap-shell");
    let calls = run_script(&script, &dir);
    let route = calls.iter().find(|c| c[1] == "create-route").unwrap();
    let key = route.iter().position(|a| a == "--route-key").unwrap();
    assert_eq!(route[key + 1], "$default");
    let ir = calls
        .iter()
        .find(|c| c[1] == "create-integration-response")
        .unwrap();
    let k = ir
        .iter()
        .position(|a| a == "--integration-response-key")
        .unwrap();
    assert_eq!(ir[k + 1], "/4\\d\\d/");
    let t = ir.iter().position(|a| a == "--response-templates").unwrap();
    let templates: Json = serde_json::from_str(&ir[t + 1]).unwrap();
    assert_eq!(templates["$default"], "{\"r\": \"$context.routeKey\"}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn terraform_doubles_dollar_brace_and_percent_brace() {
    let s = tricky_scenario(
        "$default",
        "{\"mode\": \"${request.body.mode}\", \"d\": \"%{x}\"}",
        "${request.body.mode}",
    );
    let text = iac::export(&s, Format::Terraform).unwrap();
    assert!(
        text.contains("template_selection_expression = \"$${request.body.mode}\""),
        "{text}"
    );
    assert!(
        text.contains("$${request.body.mode}\\\", \\\"d\\\": \\\"%%{x}"),
        "{text}"
    );
    assert!(!text.contains("\"${request"), "{text}");
    let res = terraform_resources(&text);
    let (_, _, ir) = res
        .iter()
        .find(|(t, ..)| t == "aws_apigatewayv2_integration_response")
        .unwrap();
    assert_eq!(ir["template_selection_expression"], "${request.body.mode}");
    assert_eq!(
        ir["response_templates"]["$default"],
        "{\"mode\": \"${request.body.mode}\", \"d\": \"%{x}\"}"
    );
    // heredocs too
    let s = tricky_scenario(
        "$default",
        "#set($m = \"${request.body.mode}\")\n$m",
        "\\$default",
    );
    let text = iac::export(&s, Format::Terraform).unwrap();
    assert!(
        text.contains("<<-EOT\n      #set($m = \"$${request.body.mode}\")\n      $m\n"),
        "{text}"
    );
    let res = terraform_resources(&text);
    let (_, _, ir) = res
        .iter()
        .find(|(t, ..)| t == "aws_apigatewayv2_integration_response")
        .unwrap();
    assert_eq!(
        ir["response_templates"]["$default"],
        "#set($m = \"${request.body.mode}\")\n$m"
    );
}

#[test]
fn cloudformation_never_wraps_templates_in_sub() {
    let s = tricky_scenario(
        "$default",
        "{\"mode\": \"${request.body.mode}\", \"s\": \"${!literal}\"}",
        "${request.body.mode}",
    );
    for f in [Format::CfnYaml, Format::CfnJson] {
        let text = iac::export(&s, f).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        assert!(
            !code.contains("!Sub") && !code.contains("Fn::Sub"),
            "{f}: {text}"
        );
        let im = import_ok(&text);
        let r = &im.scenario.integrations[0].integration_responses[0];
        assert_eq!(
            r.response_templates["$default"],
            "{\"mode\": \"${request.body.mode}\", \"s\": \"${!literal}\"}",
            "{f}"
        );
        assert_eq!(
            r.template_selection_expression.as_deref(),
            Some("${request.body.mode}")
        );
    }
}

#[test]
fn cloudformation_sub_reads_escaped_literals_and_flags_unescaped_ones() {
    let text = r#"
Resources:
  Mock:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: MOCK
      RequestTemplates:
        $default: !Sub '{"statusCode": 200, "mode": "${!request.body.mode}", "table": "${Table}"}'
  Table:
    Type: AWS::DynamoDB::Table
  Bad:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref Api
      IntegrationId: !Ref Mock
      IntegrationResponseKey: $default
      ResponseTemplates:
        $default:
          Fn::Sub: '{"mode": "${request.body.mode}"}'
"#;
    let im = import_ok(text);
    let g = &im.scenario.integrations[0];
    assert_eq!(
        g.request_templates["$default"],
        "{\"statusCode\": 200, \"mode\": \"${request.body.mode}\", \"table\": \"${Table}\"}"
    );
    assert_eq!(
        g.integration_responses[0].response_templates["$default"],
        "{\"mode\": \"${request.body.mode}\"}"
    );
    let table = im
        .notes
        .iter()
        .find(|n| n.message.contains("`${Table}`"))
        .expect("a note on ${Table}");
    assert_eq!(table.severity, Severity::Info);
    let bad = im
        .notes
        .iter()
        .find(|n| n.message.contains("`${request.body.mode}`"))
        .expect("a note on the unescaped reference");
    assert_eq!(bad.severity, Severity::Warning);
    assert!(bad.hints.iter().any(|h| h.contains("${!")));
    let sp = bad.span.unwrap();
    assert!(
        text[sp.range()].starts_with("Fn::Sub")
            || text[sp.range()].contains("${request.body.mode}"),
        "{:?}",
        &text[sp.range()]
    );
    let listed = im
        .notes
        .iter()
        .find(|n| n.message.contains("AWS::DynamoDB::Table"))
        .unwrap();
    assert!(listed.message.contains("`Table`"));
}

#[test]
fn quotes_backslashes_and_newlines_survive_every_format() {
    let have_node = node_available();
    for (i, t) in NASTY.iter().enumerate() {
        let s = tricky_scenario("/2\\d{2}|'x'\"/", t, "\\$default");
        for f in Format::ALL {
            let text = iac::export(&s, f).unwrap();
            let back = match f {
                Format::CfnYaml | Format::CfnJson => import_ok(&text).scenario,
                Format::Terraform => {
                    let res = terraform_resources(&text);
                    import_ok(&Json::Array(terraform_to_documents(&res)).to_string()).scenario
                }
                Format::Cli => {
                    let dir = scratch(&format!("nasty-{i}"));
                    let calls = run_script(&text, &dir);
                    let _ = std::fs::remove_dir_all(&dir);
                    import_ok(&Json::Array(calls_to_documents(&calls)).to_string()).scenario
                }
                Format::Cdk => {
                    assert_balanced(&text);
                    if !have_node {
                        continue;
                    }
                    let dir = scratch(&format!("nasty-cdk-{i}"));
                    let cfn = run_cdk(&text, &dir);
                    let _ = std::fs::remove_dir_all(&dir);
                    import_ok(&cfn).scenario
                }
            };
            assert_eq!(
                normalise(&back),
                normalise(&s),
                "template #{i} {t:?} through {f}:\n{text}"
            );
        }
    }
}

#[test]
fn yaml_round_trips_arbitrary_strings() {
    // every character class the YAML writer distinguishes, in many combinations
    let pieces = [
        "", " ", "a", "\n", "\t", "'", "\"", "\\", "#", ": ", "- ", "yes", "1", "$", "${x}", "é",
        "\u{85}", "\u{2028}", "\u{7f}", "\r", "|", ">", "&a", "*a", "!Ref", "%", "@", "`", "{",
        "[", "~", "null", "0x1",
    ];
    for a in pieces {
        for b in pieces {
            for c in ["", "\n", " ", "\n\n"] {
                let t = format!("{a}{b}{c}");
                let s = tricky_scenario(&t, &t, &t);
                let text = iac::export(&s, Format::CfnYaml).unwrap();
                let im = iac::import(&text).unwrap_or_else(|e| panic!("{t:?}: {e}\n{text}"));
                assert_eq!(normalise(&im.scenario), normalise(&s), "{t:?}\n{text}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Realistic pasted inputs

/// `aws apigatewayv2 get-integration-responses --api-id x --integration-id y`, as printed.
const GET_INTEGRATION_RESPONSES: &str = r#"{
    "Items": [
        {
            "IntegrationResponseId": "h1j2k3",
            "IntegrationResponseKey": "/2\\d\\d/",
            "ResponseTemplates": {
                "$default": "{\"ok\": true, \"id\": $input.json('$.id')}"
            },
            "TemplateSelectionExpression": "\\$default"
        },
        {
            "IntegrationResponseId": "x9y8z7",
            "IntegrationResponseKey": "/4\\d\\d/",
            "ResponseParameters": {},
            "ResponseTemplates": {
                "$default": "{\"error\": \"$util.escapeJavaScript($input.path('$.message'))\"}"
            },
            "TemplateSelectionExpression": "\\$default",
            "ContentHandlingStrategy": "CONVERT_TO_TEXT"
        },
        {
            "IntegrationResponseId": "q4w5e6",
            "IntegrationResponseKey": "$default"
        }
    ]
}
"#;

/// `aws apigatewayv2 get-integration --api-id x --integration-id y`, as printed.
const GET_INTEGRATION: &str = r#"{
    "ConnectionType": "INTERNET",
    "IntegrationId": "y7u8i9",
    "IntegrationMethod": "POST",
    "IntegrationResponseSelectionExpression": "${integration.response.statuscode}",
    "IntegrationType": "HTTP",
    "IntegrationUri": "https://backend.example.com/chat",
    "PassthroughBehavior": "WHEN_NO_MATCH",
    "PayloadFormatVersion": "1.0",
    "RequestTemplates": {
        "$default": "{\"connectionId\": \"$context.connectionId\", \"text\": $input.json('$.text')}"
    },
    "TemplateSelectionExpression": "\\$default",
    "TimeoutInMillis": 29000
}
"#;

/// `aws apigatewayv2 get-routes --api-id x`, as printed.
const GET_ROUTES: &str = r#"{
    "Items": [
        {
            "ApiKeyRequired": false,
            "AuthorizationType": "NONE",
            "RouteId": "abc123",
            "RouteKey": "sendmessage",
            "RouteResponseSelectionExpression": "$default",
            "Target": "integrations/y7u8i9"
        },
        {
            "ApiKeyRequired": false,
            "AuthorizationType": "NONE",
            "RouteId": "def456",
            "RouteKey": "$disconnect",
            "Target": "integrations/y7u8i9"
        }
    ]
}
"#;

/// `aws apigatewayv2 get-route-responses --api-id x --route-id abc123`, as printed.
const GET_ROUTE_RESPONSES: &str = r#"{
    "Items": [
        {
            "RouteResponseId": "rr0001",
            "RouteResponseKey": "$default"
        }
    ]
}
"#;

/// `aws apigatewayv2 get-api --api-id x`, as printed (the stray quotes are in AWS's example).
const GET_API: &str = r#"{
    "ApiEndpoint": "wss://aabbccddee.execute-api.us-west-2.amazonaws.com",
    "ApiId": "aabbccddee",
    "ApiKeySelectionExpression": "$request.header.x-api-key",
    "CreatedDate": "2018-11-15T06:23:51Z",
    "DisableExecuteApiEndpoint": false,
    "Name": "myWebSocketApi",
    "ProtocolType": "WEBSOCKET",
    "RouteSelectionExpression": "'$request.body.action'",
    "Tags": {}
}
"#;

#[test]
fn a_pasted_get_integration_responses_alone_gets_a_default_integration_and_route() {
    let im = import_ok(GET_INTEGRATION_RESPONSES);
    assert_eq!(im.detected, Detected::CliJson);
    let s = &im.scenario;
    assert_eq!(s.integrations.len(), 1);
    let g = &s.integrations[0];
    assert_eq!(g.integration_type, IntegrationType::Http);
    let keys: Vec<&str> = g
        .integration_responses
        .iter()
        .map(|r| r.integration_response_key.as_str())
        .collect();
    assert_eq!(keys, ["/2\\d\\d/", "/4\\d\\d/", "$default"]);
    assert_eq!(
        g.integration_responses[1].extra["ResponseParameters"],
        json!({})
    );
    assert_eq!(
        g.integration_responses[0]
            .integration_response_id
            .as_deref(),
        Some("h1j2k3")
    );
    assert_eq!(s.routes.len(), 1);
    assert_eq!(s.routes[0].route_key, "$default");
    assert!(
        im.notes
            .iter()
            .any(|n| n.message.contains("no integration in the paste")
                && n.severity == Severity::Warning)
    );
    assert!(
        im.notes
            .iter()
            .any(|n| n.message.contains("no route in the paste"))
    );
    // a sample routed to the first route, backend 200: the 2xx template answers
    assert!(!s.sample.message.is_empty());
    assert_eq!(s.sample.backend.status_code, 200);
    let o = Prepared::new(s, &Limits::default()).run();
    assert_eq!(o.integration_response_key.as_deref(), Some("/2\\d\\d/"));
}

#[test]
fn a_pasted_session_of_several_commands_is_merged() {
    let text = format!(
        "{GET_API}{GET_ROUTES}{GET_INTEGRATION}{GET_INTEGRATION_RESPONSES}{GET_ROUTE_RESPONSES}"
    );
    let im = import_ok(&text);
    let s = &im.scenario;
    assert_eq!(s.api.route_selection_expression, "$request.body.action");
    assert!(
        im.notes
            .iter()
            .any(|n| n.message.contains("in quotes") && n.severity == Severity::Warning)
    );
    assert_eq!(s.api.name.as_deref(), Some("myWebSocketApi"));
    assert_eq!(s.routes.len(), 2);
    // the only two-way route without route responses gets them
    assert_eq!(s.routes[0].route_responses.len(), 1);
    assert!(s.routes[1].route_responses.is_empty());
    assert_eq!(s.integrations[0].integration_responses.len(), 3);
    assert_eq!(
        s.integrations[0].extra["IntegrationResponseSelectionExpression"],
        "${integration.response.statuscode}"
    );
    assert_eq!(
        s.sample.message,
        r#"{"action":"sendmessage","message":"hello"}"#
    );
    let o = Prepared::new(s, &Limits::default()).run();
    assert_eq!(o.route_key.as_deref(), Some("sendmessage"));
    assert!(o.client_receives.is_some(), "{}", o.explain());
}

#[test]
fn route_responses_that_fit_no_single_route_are_kept_aside() {
    let routes = GET_ROUTES.replace(
        "\"RouteKey\": \"$disconnect\",",
        "\"RouteKey\": \"join\",\n            \"RouteResponseSelectionExpression\": \"$default\",",
    );
    let text = format!("{routes}{GET_ROUTE_RESPONSES}");
    let im = import_ok(&text);
    assert!(
        im.scenario
            .routes
            .iter()
            .all(|r| r.route_responses.is_empty())
    );
    assert!(im.scenario.extra.contains_key("unattachedRouteResponses"));
    let n = im
        .notes
        .iter()
        .find(|n| n.message.contains("unattachedRouteResponses"))
        .unwrap();
    assert_eq!(n.severity, Severity::Warning);
    let sp = n.span.unwrap();
    assert!(text[sp.range()].contains("rr0001"));
    // pasted after its own `get-route`, it is attached to that route
    let one_route = r#"{"RouteId": "def456", "RouteKey": "join", "RouteResponseSelectionExpression": "$default"}"#;
    let im = import_ok(&format!("{routes}{one_route}\n{GET_ROUTE_RESPONSES}"));
    let join = im
        .scenario
        .routes
        .iter()
        .find(|r| r.route_key == "join")
        .unwrap();
    assert_eq!(join.route_responses.len(), 1);
    assert!(
        im.notes
            .iter()
            .any(|n| n.message.contains("pasted just before it"))
    );
}

#[test]
fn integration_responses_of_several_integrations_are_told_apart_by_order() {
    let second = GET_INTEGRATION
        .replace("y7u8i9", "m0n1b2")
        .replace("\"HTTP\"", "\"MOCK\"");
    let text = format!(
        "{GET_INTEGRATION}{GET_INTEGRATION_RESPONSES}{second}{{\"Items\": [{{\"IntegrationResponseKey\": \"/200/\"}}]}}"
    );
    let im = import_ok(&text);
    let s = &im.scenario;
    assert_eq!(s.integrations[0].integration_responses.len(), 3);
    assert_eq!(s.integrations[1].integration_responses.len(), 1);
    assert_eq!(
        s.integrations[1].integration_responses[0].integration_response_key,
        "/200/"
    );
    // from `get-integrations` there is no telling
    let text = format!("{{\"Items\": [{GET_INTEGRATION}, {second}]}}{GET_INTEGRATION_RESPONSES}");
    let im = import_ok(&text);
    assert!(
        im.scenario
            .extra
            .contains_key("unattachedIntegrationResponses"),
        "{:#?}",
        im.notes
    );
}

#[test]
fn a_paginated_list_and_camel_case_are_pointed_out() {
    let paged = GET_INTEGRATION_RESPONSES.replacen(
        "\"Items\"",
        "\"NextToken\": \"eyJ...\",\n    \"Items\"",
        1,
    );
    let im = import_ok(&paged);
    let n = im
        .notes
        .iter()
        .find(|n| n.message.contains("NextToken"))
        .unwrap();
    assert_eq!(&paged[n.span.unwrap().range()], "\"eyJ...\"");
    let camel = r#"{"items": [{"integrationResponseKey": "$default"}]}"#;
    let e = iac::import(camel).unwrap_err();
    assert!(
        e.diagnostic.message.contains("nothing here looks like"),
        "{e}"
    );
}

#[test]
fn text_that_is_not_an_api_fails_with_a_clear_message() {
    for bad in ["", "   \n", "hello: world\n", "[1, 2, 3]", "{\"foo\": 1}"] {
        assert!(iac::import(bad).is_err(), "{bad:?}");
    }
    let e = iac::import("{\"Items\": [}").unwrap_err();
    assert!(
        e.diagnostic.message.starts_with("this is not valid JSON"),
        "{e}"
    );
    assert!(e.diagnostic.span.is_some());
    let e = iac::import("resource \"aws_apigatewayv2_route\" \"r\" {\n}\n").unwrap_err();
    assert!(e.diagnostic.message.contains("Terraform"), "{e}");
    let e = iac::import("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n").unwrap_err();
    assert!(
        e.diagnostic.message.contains("no WebSocket API here"),
        "{e}"
    );
    assert!(
        e.diagnostic
            .hints
            .iter()
            .any(|h| h.contains("AWS::DynamoDB::Table")),
        "{:?}",
        e.diagnostic.hints
    );
    let e = iac::import("Resources:\n  A: {Type: 'AWS::ApiGatewayV2::Route'\n").unwrap_err();
    assert!(e.diagnostic.message.contains("not valid YAML"), "{e}");
}

/// Modelled on AWS's sample `aws-samples/serverless-samples` `apigw-ws-integrations/template.yaml`
/// (SAM; AWS service integrations with `Fn::Sub` folded templates), shortened.
const SAM_TEMPLATE: &str = r#"# A SAM template in the shape of AWS's WebSocket integrations sample
AWSTemplateFormatVersion: 2010-09-09
Transform: 'AWS::Serverless-2016-10-31'
Description: >
  Amazon API Gateway WebSocket Endpoint with AWS Service integrations

Parameters:
  ApiStageName:
    Description: Name of WebSockets API stage
    Type: String
    Default: api

Resources:
  WebSocketApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: !Sub "${AWS::StackName}-WebSocketApi"
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: "$request.body.action"

  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      StageName: !Ref ApiStageName
      ApiId: !Ref WebSocketApi

  DefaultRouteFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/default.lambda_handler

  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: $default
      AuthorizationType: NONE
      OperationName: DefaultRoute
      Target: !Join
        - /
        - - integrations
          - !Ref DefaultRouteIntegration

  DefaultRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${DefaultRouteFunction.Arn}/invocations"

  DefaultRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      RouteId: !Ref DefaultRoute
      ApiId: !Ref WebSocketApi
      RouteResponseKey: $default

  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: $connect
      AuthorizationType: NONE
      OperationName: ConnectRoute
      Target: !Join
        - /
        - - integrations
          - !Ref ConnectRouteIntegration

  ConnectRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS
      IntegrationMethod: POST
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem"
      CredentialsArn: !Sub "${SessionsTableAccessRole.Arn}"
      TemplateSelectionExpression: \$default
      RequestTemplates:
        "$default" :
          Fn::Sub: >
            #set($ttl = $context.requestTimeEpoch + 86400)
            {
                "TableName": "${SessionsTable}",
                "Item": {
              "connectionid": {
                        "S": "$context.connectionId"
                        },
              "ttl": {
                        "N": "$ttl"
                        }
                }
            }

  ConnectRouteIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationId: !Ref ConnectRouteIntegration
      IntegrationResponseKey: /200/
      TemplateSelectionExpression: \$default

  SFnSyncRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: sync_sfn
      AuthorizationType: NONE
      OperationName: SFnSyncRoute
      Target: !Sub integrations/${SFnSyncRouteIntegration}

  SFnSyncRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS
      IntegrationMethod: POST
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:states:action/StartSyncExecution"
      CredentialsArn: !GetAtt StepFunctionsSyncExecutionRole.Arn
      TemplateSelectionExpression: \$default
      RequestTemplates:
        "$default" :
          Fn::Sub: >
            #set($sfn_input=$util.escapeJavaScript($input.json("$.data")).replaceAll("\\'","'"))
            {
              "input": "$sfn_input",
              "stateMachineArn": "${SyncSFn}"
            }

  SFnSyncRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      RouteId: !Ref SFnSyncRoute
      ApiId: !Ref WebSocketApi
      RouteResponseKey: $default

  SFnSyncRouteIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationId: !Ref SFnSyncRouteIntegration
      IntegrationResponseKey: $default

  SyncSFn:
    Type: AWS::Serverless::StateMachine
  StepFunctionsSyncExecutionRole:
    Type: AWS::IAM::Role
  SessionsTable:
    Type: AWS::DynamoDB::Table
  SessionsTableAccessRole:
    Type: AWS::IAM::Role
"#;

#[test]
fn a_sam_template_like_aws_sample_imports_with_references_resolved() {
    let im = import_ok(SAM_TEMPLATE);
    assert_eq!(im.detected, Detected::CloudFormation);
    let s = &im.scenario;
    assert_eq!(s.api.route_selection_expression, "$request.body.action");
    assert_eq!(
        s.title,
        "Amazon API Gateway WebSocket Endpoint with AWS Service integrations"
    );
    assert_eq!(
        s.api.name.as_deref(),
        Some("${AWS::StackName}-WebSocketApi")
    );
    let keys: Vec<&str> = s.routes.iter().map(|r| r.route_key.as_str()).collect();
    assert_eq!(keys, ["$default", "$connect", "sync_sfn"]);
    // targets resolved to the snippet's integrations, by !Join and by !Sub
    assert_eq!(
        s.routes[0].target.as_deref(),
        Some("integrations/DefaultRouteIntegration")
    );
    assert_eq!(
        s.routes[2].target.as_deref(),
        Some("integrations/SFnSyncRouteIntegration")
    );
    assert_eq!(s.routes[0].route_responses.len(), 1);
    assert_eq!(s.routes[0].extra["OperationName"], "DefaultRoute");
    let connect = s
        .integrations
        .iter()
        .find(|g| g.integration_id.as_deref() == Some("ConnectRouteIntegration"))
        .unwrap();
    assert_eq!(
        connect.template_selection_expression.as_deref(),
        Some("\\$default")
    );
    // the folded block keeps its more-indented lines, ${SessionsTable} stays as text
    // (a folded block joins the first two lines, as CloudFormation reads the sample too)
    assert!(connect.request_templates["$default"].starts_with("#set($ttl = $context.requestTimeEpoch + 86400) {\n    \"TableName\": \"${SessionsTable}\",\n"), "{:?}", connect.request_templates["$default"]);
    assert_eq!(
        connect.integration_responses[0].integration_response_key,
        "/200/"
    );
    assert_eq!(
        connect.extra["CredentialsArn"],
        "${SessionsTableAccessRole.Arn}"
    );
    let sfn = s
        .integrations
        .iter()
        .find(|g| g.integration_id.as_deref() == Some("SFnSyncRouteIntegration"))
        .unwrap();
    assert!(
        sfn.request_templates["$default"].contains(".replaceAll(\"\\\\'\",\"'\")"),
        "{:?}",
        sfn.request_templates["$default"]
    );
    assert_eq!(
        sfn.extra["CredentialsArn"],
        "${StepFunctionsSyncExecutionRole.Arn}"
    );
    let lambda = &s.integrations[0];
    assert!(
        lambda
            .integration_uri
            .as_deref()
            .unwrap()
            .contains(":lambda:path/2015-03-31/functions/${DefaultRouteFunction.Arn}/invocations")
    );
    // other resources are listed, not errors
    for t in [
        "AWS::ApiGatewayV2::Stage",
        "AWS::Serverless::Function",
        "AWS::IAM::Role",
        "AWS::DynamoDB::Table",
        "AWS::Serverless::StateMachine",
    ] {
        assert!(
            im.notes
                .iter()
                .any(|n| n.message.starts_with(t) && n.severity == Severity::Info),
            "{t}: {:#?}",
            im.notes
        );
    }
    assert!(
        im.notes.iter().all(|n| n.severity != Severity::Error),
        "{:#?}",
        im.notes
    );
    // every note with a span points into the text
    for n in &im.notes {
        if let Some(sp) = n.span {
            assert!(
                sp.end as usize <= SAM_TEMPLATE.len()
                    && SAM_TEMPLATE.is_char_boundary(sp.start as usize)
            );
        }
    }
    let uri = im
        .notes
        .iter()
        .find(|n| {
            n.message
                .starts_with("IntegrationUri of `DefaultRouteIntegration`")
        })
        .unwrap();
    assert!(
        SAM_TEMPLATE[uri.span.unwrap().range()]
            .starts_with("!Sub \"arn:aws:apigateway:${AWS::Region}")
    );
    // the sample message goes to the first route a message can select
    let o = Prepared::new(s, &Limits::default()).run();
    assert_eq!(o.route_key.as_deref(), Some("$default"), "{}", o.explain());
    // and it goes out again
    for f in Format::ALL {
        iac::export(s, f).unwrap();
    }
    let back = import_ok(&iac::export(s, Format::CfnYaml).unwrap());
    assert_eq!(normalise(&back.scenario), normalise(s));
}

#[test]
fn a_cloudformation_json_snippet_of_resources_imports() {
    let text = r#"{
  "MockIntegration": {
    "Type": "AWS::ApiGatewayV2::Integration",
    "Properties": {
      "ApiId": {"Ref": "Api"},
      "IntegrationType": "MOCK",
      "TemplateSelectionExpression": "\\$default",
      "RequestTemplates": {"$default": "{\"statusCode\": 200}"}
    }
  },
  "MockIntegrationResponse": {
    "Type": "AWS::ApiGatewayV2::IntegrationResponse",
    "Properties": {
      "ApiId": {"Ref": "Api"},
      "IntegrationId": {"Ref": "MockIntegration"},
      "IntegrationResponseKey": "/200/",
      "ResponseTemplates": {"$default": "{\"pong\": true}"}
    }
  },
  "PingRoute": {
    "Type": "AWS::ApiGatewayV2::Route",
    "Properties": {
      "ApiId": {"Ref": "Api"},
      "RouteKey": "ping",
      "RouteResponseSelectionExpression": "$default",
      "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "MockIntegration"}]]}
    }
  },
  "PingRouteResponse": {
    "Type": "AWS::ApiGatewayV2::RouteResponse",
    "Properties": {"ApiId": {"Ref": "Api"}, "RouteId": {"Ref": "PingRoute"}, "RouteResponseKey": "$default"}
  }
}"#;
    let im = import_ok(text);
    let s = &im.scenario;
    assert_eq!(
        s.routes[0].target.as_deref(),
        Some("integrations/MockIntegration")
    );
    assert_eq!(s.routes[0].route_responses.len(), 1);
    let o = Prepared::new(s, &Limits::default()).run();
    assert_eq!(
        o.client_receives.as_deref(),
        Some("{\"pong\": true}"),
        "{}",
        o.explain()
    );
    // notes point at the right place even for JSON
    let n = im
        .notes
        .iter()
        .find(|n| n.message.contains("no AWS::ApiGatewayV2::Api"))
        .unwrap();
    assert_eq!(n.severity, Severity::Info);
}

#[test]
fn an_http_api_is_not_taken_for_a_websocket_api() {
    let text = "Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      ProtocolType: HTTP\n  R:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Http\n      RouteKey: GET /\n";
    let e = iac::import(text).unwrap_err();
    assert!(
        e.diagnostic
            .hints
            .iter()
            .any(|h| h.contains("API `Http` is not a WebSocket API (ProtocolType HTTP)")),
        "{:?}",
        e.diagnostic
    );
    // beside a WebSocket API, it is skipped with a note that points at it
    let text = format!(
        "{text}  Ws:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: $request.body.op\n"
    );
    let im = import_ok(&text);
    assert!(im.scenario.routes.is_empty());
    assert_eq!(
        im.scenario.api.route_selection_expression,
        "$request.body.op"
    );
    let n = im
        .notes
        .iter()
        .find(|n| n.message.contains("not a WebSocket API"))
        .unwrap();
    assert_eq!(&text[n.span.unwrap().range()], "Http");
    assert!(
        im.notes
            .iter()
            .any(|n| n.message.contains("`R` belongs to API `Http`"))
    );
}

#[test]
fn the_own_scenario_format_imports_as_it_is() {
    let (_, s) = presets().remove(0);
    let im = import_ok(&s.to_json());
    assert_eq!(im.detected, Detected::Scenario);
    assert_eq!(im.scenario, s);
}

/// A scenario with members the simulation does not use, some of which a format has no place for.
fn scenario_with_extras() -> Scenario {
    let mut s = tricky_scenario("/2\\d{2}/", "{\"ok\": true}", "\\$default");
    s.api.name = Some("chat".into());
    s.api
        .extra
        .insert("Description".into(), json!("a chat API"));
    s.api.extra.insert("ApiId".into(), json!("abc")); // read-only: never exported or mentioned
    let g = &mut s.integrations[0];
    g.integration_type = IntegrationType::Aws;
    g.integration_method = Some("POST".into());
    g.integration_uri =
        Some("arn:aws:apigateway:us-east-1:states:action/StartSyncExecution".into());
    g.extra.insert(
        "CredentialsArn".into(),
        json!("arn:aws:iam::123456789012:role/sfn"),
    );
    g.extra.insert("TimeoutInMillis".into(), json!(5000));
    g.extra.insert(
        "RequestParameters".into(),
        json!({"integration.request.header.x": "'static'"}),
    );
    g.integration_responses[0]
        .extra
        .insert("ResponseParameters".into(), json!({}));
    let r = &mut s.routes[0];
    r.extra.insert("OperationName".into(), json!("Default"));
    r.extra
        .insert("AuthorizationScopes".into(), json!(["a", "b\nc"]));
    r.route_responses[0]
        .extra
        .insert("ModelSelectionExpression".into(), json!("$default"));
    r.extra.insert("Frobnicate".into(), json!(true));
    s
}

#[test]
fn members_beyond_the_simulation_go_out_where_the_format_has_a_place() {
    let s = scenario_with_extras();
    for f in [Format::CfnYaml, Format::CfnJson] {
        let e = iac::export_with_notes(&s, f).unwrap();
        assert_eq!(e.notes.len(), 1, "{f}: {:?}", e.notes);
        assert!(e.notes[0].starts_with("Frobnicate of route `$default` is not exported"));
        let back = import_ok(&e.text).scenario;
        assert_eq!(normalise(&back), normalise(&s), "{f}");
        let g = &back.integrations[0];
        for k in ["CredentialsArn", "TimeoutInMillis", "RequestParameters"] {
            assert_eq!(g.extra[k], s.integrations[0].extra[k], "{f} {k}");
        }
        assert_eq!(back.api.extra["Description"], "a chat API");
        assert!(!back.api.extra.contains_key("ApiId"), "{f}");
        assert_eq!(
            back.routes[0].extra["AuthorizationScopes"],
            json!(["a", "b\nc"])
        );
        assert_eq!(
            back.routes[0].route_responses[0].extra["ModelSelectionExpression"],
            "$default"
        );
        assert_eq!(
            back.integrations[0].integration_responses[0].extra["ResponseParameters"],
            json!({})
        );
    }
    // Terraform has no response_parameters on integration responses
    let e = iac::export_with_notes(&s, Format::Terraform).unwrap();
    assert!(
        e.notes
            .iter()
            .any(|n| n.starts_with("ResponseParameters of integration response"))
    );
    assert!(
        e.text
            .contains("# ResponseParameters of integration response")
    );
    assert!(
        e.text.contains("timeout_milliseconds          = 5000"),
        "{}",
        e.text
    );
    let res = terraform_resources(&e.text);
    let (_, _, route) = res
        .iter()
        .find(|(t, ..)| t == "aws_apigatewayv2_route")
        .unwrap();
    assert_eq!(route["authorization_scopes"], json!(["a", "b\nc"]));
    // the script passes them as options
    let e = iac::export_with_notes(&s, Format::Cli).unwrap();
    assert!(e.text.contains("--timeout-in-millis 5000"), "{}", e.text);
    let dir = scratch("extras-cli");
    let calls = run_script(&e.text, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let back = import_ok(&Json::Array(calls_to_documents(&calls)).to_string()).scenario;
    assert_eq!(normalise(&back), normalise(&s));
    assert_eq!(
        back.integrations[0].extra["CredentialsArn"],
        "arn:aws:iam::123456789012:role/sfn"
    );
    // CDK: the AWS integration is L2 (credentials role, timeout), the route falls back to L1
    let e = iac::export_with_notes(&s, Format::Cdk).unwrap();
    assert!(e.text.contains("new apigwv2.CfnIntegration("), "{}", e.text);
    assert!(e.text.contains("new apigwv2.CfnRoute("), "{}", e.text);
    if node_available() {
        let dir = scratch("extras-cdk");
        let cfn = run_cdk(&e.text, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        let back = import_ok(&cfn).scenario;
        assert_eq!(normalise(&back), normalise(&s));
        assert_eq!(back.integrations[0].extra["TimeoutInMillis"], 5000);
    }
}

#[test]
fn cdk_uses_the_l2_constructs_where_they_say_exactly_the_same() {
    let mut s = scenario_with_extras();
    s.routes[0].extra.clear();
    s.routes[0].route_responses[0].extra.clear();
    s.integrations[0].integration_responses[0].extra.clear();
    let ts = iac::export(&s, Format::Cdk).unwrap();
    assert!(
        ts.contains("new integrations.WebSocketAwsIntegration(\"MockIntegration\""),
        "{ts}"
    );
    assert!(ts.contains("credentialsRole: iam.Role.fromRoleArn(stack, \"MockIntegrationRole\", \"arn:aws:iam::123456789012:role/sfn\")"), "{ts}");
    assert!(ts.contains("timeout: Duration.millis(5000)"), "{ts}");
    assert!(
        ts.contains("responseKey: apigwv2.WebSocketIntegrationResponseKey.success"),
        "{ts}"
    );
    assert!(ts.contains("api.addRoute(\"$default\", {"), "{ts}");
    if node_available() {
        let dir = scratch("l2-cdk");
        let cfn = run_cdk(&ts, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        let back = import_ok(&cfn).scenario;
        assert_eq!(normalise(&back), normalise(&s));
    }
    // responses on a one-way route: CDK would throw, so L1
    s.routes[0].route_response_selection_expression = None;
    s.routes[0].route_responses.clear();
    let ts = iac::export(&s, Format::Cdk).unwrap();
    assert!(!ts.contains("addRoute"), "{ts}");
    assert!(ts.contains("new apigwv2.CfnIntegrationResponse("), "{ts}");
}

#[test]
fn yaml_flow_style_that_starts_like_json_is_read_as_yaml() {
    let text = "{Resources: {M: {Type: AWS::ApiGatewayV2::Integration, Properties: {IntegrationType: MOCK, RequestTemplates: {$default: '{\"statusCode\": 200}'}}}}}";
    let im = import_ok(text);
    assert_eq!(im.detected, Detected::CloudFormation);
    assert_eq!(
        im.scenario.integrations[0].request_templates["$default"],
        "{\"statusCode\": 200}"
    );
}

//! The catalogue of bad inputs (issue 9): one row a case, each stating the input, where it goes
//! and what must come out — a diagnostic whose message holds given words, at a given
//! line:column where the diagnostic has a place, or an output holding given words where the
//! input is accepted. Each row runs on its own thread (8 MiB of stack, as a native main thread)
//! under `catch_unwind`, with a time budget; a panic, a hang, a wrong message or a lost input
//! fails the test, which lists every failing row.
//!
//! `CATALOGUE_PRINT=1 cargo test --test catalogue -- --nocapture` prints what each row gives.
//! `CATALOGUE_ROW=name` runs only the rows whose name contains `name`.

use apigw_playground::engine::diag::{Diagnostic, Kind, Severity};
use apigw_playground::engine::expr::{Inputs, SelectionExpr, Site};
use apigw_playground::engine::iac;
use apigw_playground::engine::json;
use apigw_playground::engine::jsonpath;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::{IntegrationResponse, Scenario};
use apigw_playground::engine::pipeline::Prepared;
use apigw_playground::engine::regex_java;
use apigw_playground::engine::select::{Key, parse_key};
use apigw_playground::engine::span::{Encoding, LineIndex};
use apigw_playground::engine::vtl::{Env, Template};
use apigw_playground::share;
use apigw_playground::state::{self, Action, State};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The backend body template rows render against.
const BODY: &str = r#"{"name":"Ada","n":3,"list":[1,2,3],"obj":{"a":"x"}}"#;

/// How long one row may take (a debug build; the slowest rows parse 10 MB).
const ROW_BUDGET: Duration = Duration::from_secs(60);

// ----- where an input goes -----

/// The text of a page field, for the state rows.
#[derive(Clone, Copy, Debug)]
enum Field {
    /// `$context` overrides (JSON).
    Context,
    /// The backend status as typed.
    Status,
    /// Backend headers, `Name: value` lines.
    Headers,
    /// Stage variables, `name=value` lines.
    StageVariables,
    /// The client's message.
    Message,
    /// The backend body.
    Body,
    /// The first response template of the first integration response.
    ResponseTemplate,
    /// The request template.
    RequestTemplate,
    /// The first integration response key.
    Key,
    /// The route selection expression.
    RouteSelection,
    /// The first integration response's template selection expression.
    ResponseSelection,
    /// A route key.
    RouteKey,
}

/// Where a row's input goes.
#[derive(Clone, Copy)]
enum At {
    /// A mapping template, rendered against [`BODY`] with the default limits.
    Template,
    /// A mapping template with other limits.
    TemplateWith(fn() -> Limits),
    /// The backend body, rendered by this template.
    Body(&'static str),
    /// Strict JSON.
    JsonDoc,
    /// Relaxed JSON (a MOCK request template's `{statusCode: 200}`).
    JsonRelaxed,
    /// A JSONPath.
    Path,
    /// A Java regex (as `$s.matches(…)` and keys compile it).
    Pattern,
    /// An integration response key.
    Key,
    /// A selection expression at a site.
    Expr(Site),
    /// A URL fragment (a share link).
    Fragment,
    /// Text pasted into the import panel.
    Import,
    /// A scenario file (Upload, the CLI).
    ScenarioJson,
    /// The default scenario with the input placed by this function, run through the pipeline.
    Pipeline(fn(&mut Scenario, &str)),
    /// A page field: the action is applied to the page state; the field must keep the text.
    State(Field),
}

/// Where the diagnostic must be.
#[derive(Clone, Copy, Debug)]
enum Pos {
    /// Anywhere, or nowhere.
    Any,
    /// Nowhere: the diagnostic has no place (a link, a whole document).
    Nowhere,
    /// 1-based line and column (characters).
    At(u32, u32),
}

/// What must come out.
#[derive(Clone, Debug)]
enum Want {
    /// A diagnostic of this kind (any kind if `None`) and severity at least warning, whose
    /// message (with its hints) holds every word, at this place.
    Diag(Option<Kind>, Pos, &'static [&'static str]),
    /// The input is accepted: no error, and the output holds every word.
    Output(&'static [&'static str]),
    /// No diagnostic at all holds this word (a false alarm the engine must not raise).
    NoDiag(&'static str),
}

#[derive(Clone)]
enum Input {
    Text(&'static str),
    Owned(String),
}

struct Row {
    name: &'static str,
    at: At,
    input: Input,
    want: Want,
}

// ----- what came out -----

#[derive(Clone, Debug)]
struct Found {
    kind: Option<Kind>,
    severity: Severity,
    /// The message, then ` | hint: …` for each hint.
    message: String,
    pos: Option<(u32, u32)>,
}

#[derive(Clone, Debug, Default)]
struct Got {
    found: Vec<Found>,
    /// The output when there was one (a render, a frame, a decoded scenario's JSON).
    output: Option<String>,
    /// True when an error stopped things (parse error, render error, refused input).
    failed: bool,
    /// Problems the runner itself saw: input lost, state changed.
    problems: Vec<String>,
}

fn found(d: &Diagnostic, text: Option<&str>) -> Found {
    let mut message = d.message.clone();
    for h in &d.hints {
        message.push_str(" | hint: ");
        message.push_str(h);
    }
    let pos = match (d.span, text) {
        (Some(span), Some(text)) if span.start as usize <= text.len() => {
            let p = LineIndex::new(text).position(text, span.start as usize, Encoding::Chars);
            Some((p.line, p.column))
        }
        (Some(_), Some(_)) => Some((0, 0)), // a span past the text: reported as 0:0
        _ => None,
    };
    Found {
        kind: Some(d.kind),
        severity: d.severity,
        message,
        pos,
    }
}

fn plain(message: impl Into<String>, pos: Option<(u32, u32)>) -> Found {
    Found {
        kind: None,
        severity: Severity::Error,
        message: message.into(),
        pos,
    }
}

fn position(text: &str, byte: usize) -> (u32, u32) {
    let p = LineIndex::new(text).position(text, byte.min(text.len()), Encoding::Chars);
    (p.line, p.column)
}

fn template_env(body: &str) -> Env {
    let mut e = Env::new(body);
    e.stage_variables = json::parse(r#"{"table":"Sessions"}"#).unwrap();
    e
}

fn run_template(tpl: &str, body: &str, limits: &Limits) -> Got {
    let mut got = Got::default();
    match Template::parse_with(tpl, limits) {
        Err(d) => {
            got.failed = true;
            got.found.push(found(&d, Some(tpl)));
        }
        Ok(t) => {
            let r = t.render_with(&template_env(body), limits);
            got.found
                .extend(r.diagnostics.iter().map(|d| found(d, Some(tpl))));
            if let Some(e) = &r.error {
                got.failed = true;
                got.found.push(found(e, Some(tpl)));
            }
            got.output = Some(r.output);
        }
    }
    got
}

fn run_pipeline(s: &Scenario) -> Got {
    let p = Prepared::new(s, &Limits::default());
    let o = p.run();
    let mut got = Got::default();
    for d in &o.diagnostics {
        got.found.push(found(d, s.source_text(&d.source)));
        if d.severity == Severity::Error {
            got.failed = true;
        }
    }
    if let Some(c) = &o.close {
        got.found
            .push(plain(format!("close {}: {}", c.code, c.reason), None));
    }
    // the status map must not panic either
    let _ = p.sweep(0);
    got.output = o.client_receives.clone().or(o.output.clone());
    got
}

fn apply_field(field: Field, text: &str) -> (State, Got) {
    let mut st = State::new(state::default_scenario());
    let before = st.scenario.clone();
    let action = match field {
        Field::Context => Action::SetContext(text.into()),
        Field::Status => Action::SetStatus(text.into()),
        Field::Headers => Action::SetHeaders(text.into()),
        Field::StageVariables => Action::SetStageVariables(text.into()),
        Field::Message => Action::SetMessage(text.into()),
        Field::Body => Action::SetBody(text.into()),
        Field::ResponseTemplate => {
            Action::SetResponseTemplate(0, 0, "$default".into(), text.into())
        }
        Field::RequestTemplate => Action::SetRequestTemplate(0, "$default".into(), text.into()),
        Field::Key => Action::SetResponseKey(0, 0, text.into()),
        Field::RouteSelection => Action::SetRouteSelection(text.into()),
        Field::ResponseSelection => Action::SetResponseSelection(0, 0, text.into()),
        Field::RouteKey => Action::SetRouteKey(0, text.into()),
    };
    state::apply(&mut st, action);
    let s = &st.scenario;
    let g0 = s.integrations.first();
    let r0 = g0.and_then(|g| g.integration_responses.first());
    let kept: Option<String> = match field {
        Field::Context => Some(st.drafts.context.clone()),
        Field::Status => Some(st.drafts.status.clone()),
        Field::Headers => Some(st.drafts.headers.clone()),
        Field::StageVariables => Some(st.drafts.stage_variables.clone()),
        Field::Message => Some(s.sample.message.clone()),
        Field::Body => Some(s.sample.backend.body.to_string()),
        Field::ResponseTemplate => r0.and_then(|r| r.response_templates.get("$default").cloned()),
        Field::RequestTemplate => g0.and_then(|g| g.request_templates.get("$default").cloned()),
        Field::Key => r0.map(|r| r.integration_response_key.clone()),
        Field::RouteSelection => Some(s.api.route_selection_expression.clone()),
        Field::ResponseSelection => r0.and_then(|r| r.template_selection_expression.clone()),
        Field::RouteKey => s.routes.first().map(|r| r.route_key.clone()),
    };
    let mut got = run_pipeline(&st.scenario);
    undo_gives_back(&mut st.clone());
    if kept.as_deref() != Some(text) {
        got.problems.push(format!(
            "the text typed into {field:?} was lost: now {:?}",
            kept.map(|k| k.chars().take(60).collect::<String>())
        ));
    }
    match field {
        Field::Context => {
            if let Some(e) = &st.drafts.context_error {
                got.failed = true;
                got.found.push(plain(e.clone(), None));
                if st.scenario.sample.context != before.sample.context {
                    got.problems
                        .push("an invalid context changed the applied context".into());
                }
            }
        }
        Field::Status => {
            if let Some(e) = &st.drafts.status_error {
                got.failed = true;
                got.found.push(plain(e.clone(), None));
                if st.scenario.sample.backend.status_code != before.sample.backend.status_code {
                    got.problems
                        .push("an invalid status changed the applied status".into());
                }
            }
        }
        _ => {}
    }
    // every text the page keeps survives a share link and an undo-able reload
    let fragment = share::encode_fragment(&st.scenario);
    if fragment.len() <= share::MAX_FRAGMENT_BYTES {
        match share::decode_fragment(&fragment) {
            Ok(back) if back == st.scenario => {}
            Ok(_) => got
                .problems
                .push("the share link does not give back the same scenario".into()),
            Err(e) => got
                .problems
                .push(format!("the share link does not open: {e}")),
        }
    }
    (st, got)
}

/// Loads another scenario and undoes that: what was typed comes back.
fn undo_gives_back(st: &mut State) {
    let typed = st.scenario.clone();
    state::apply(
        st,
        Action::Load {
            scenario: Box::new(state::default_scenario()),
            preset: None,
            notice: None,
        },
    );
    state::apply(st, Action::UndoLoad);
    assert_eq!(
        st.scenario, typed,
        "undo after a load gives back what was typed"
    );
}

fn run(at: At, input: &str) -> Got {
    let mut got = Got::default();
    match at {
        At::Template => return run_template(input, BODY, &Limits::default()),
        At::TemplateWith(limits) => return run_template(input, BODY, &limits()),
        At::Body(tpl) => return run_template(tpl, input, &Limits::default()),
        At::JsonDoc | At::JsonRelaxed => {
            let r = if matches!(at, At::JsonDoc) {
                json::parse(input)
            } else {
                json::parse_relaxed(input)
            };
            match r {
                Ok(v) => got.output = Some(v.to_json()),
                Err(e) => {
                    got.failed = true;
                    got.found.push(plain(
                        e.message,
                        Some(position(input, e.span.start as usize)),
                    ));
                }
            }
        }
        At::Path => match jsonpath::parse(input) {
            Ok(p) => {
                let root = json::parse(BODY).unwrap();
                got.output = Some(p.read(&root).map(|v| v.to_json()).unwrap_or_default());
            }
            Err(e) => {
                got.failed = true;
                got.found.push(plain(
                    e.message,
                    Some(position(input, e.span.start as usize)),
                ));
            }
        },
        At::Pattern => match regex_java::compile(input, Limits::default().regex_bytes) {
            Ok(re) => got.output = Some(re.translated().to_string()),
            Err(e) => {
                got.failed = true;
                let mut m = e.message.clone();
                if let Some(h) = &e.hint {
                    m.push_str(" | hint: ");
                    m.push_str(h);
                }
                got.found
                    .push(plain(m, Some(position(input, e.span.start as usize))));
            }
        },
        At::Key => match parse_key(input, Limits::default().regex_bytes) {
            Key::Invalid(d) => {
                got.failed = true;
                got.found.push(found(&d, Some(input)));
            }
            Key::Default => got.output = Some("$default".into()),
            Key::Regex(re) => got.output = Some(re.translated().to_string()),
        },
        At::Expr(site) => match SelectionExpr::parse(input, site) {
            Err(d) => {
                got.failed = true;
                got.found.push(found(&d, Some(input)));
            }
            Ok(e) => {
                got.found
                    .extend(e.warnings.iter().map(|d| found(d, Some(input))));
                let body = json::parse(r#"{"action":"join","a":[1,2]}"#).unwrap();
                got.output = Some(e.eval(&Inputs {
                    request_body: Some(&body),
                    status: Some(200),
                    ..Inputs::default()
                }));
            }
        },
        At::Fragment => match share::decode_fragment(input) {
            Ok(s) => got.output = Some(s.to_json()),
            Err(e) => {
                got.failed = true;
                got.found.push(plain(e.message, None));
            }
        },
        At::Import => match iac::import(input) {
            Ok(imp) => {
                got.found
                    .extend(imp.notes.iter().map(|d| found(d, Some(input))));
                // what was imported runs, and exports, without a panic; what the page would
                // then say about the configuration counts too
                let p = Prepared::new(&imp.scenario, &Limits::default());
                let _ = p.run();
                got.found.extend(
                    p.configuration_diagnostics()
                        .iter()
                        .map(|d| found(d, imp.scenario.source_text(&d.source))),
                );
                for f in [
                    iac::Format::CfnYaml,
                    iac::Format::Terraform,
                    iac::Format::Cli,
                ] {
                    let _ = iac::export(&imp.scenario, f);
                }
                got.output = Some(imp.scenario.to_json());
            }
            Err(e) => {
                got.failed = true;
                got.found.push(found(&e.diagnostic, Some(input)));
            }
        },
        At::ScenarioJson => match Scenario::from_json(input) {
            Ok(s) => {
                let mut g = run_pipeline(&s);
                g.output = Some(format!(
                    "{} || {}",
                    s.to_json(),
                    g.output.unwrap_or_default()
                ));
                return g;
            }
            Err(e) => {
                got.failed = true;
                got.found.push(plain(e, None));
            }
        },
        At::Pipeline(place) => {
            let mut s = state::default_scenario();
            place(&mut s, input);
            return run_pipeline(&s);
        }
        At::State(field) => return apply_field(field, input).1,
    }
    got
}

fn check(row: &Row, got: &Got) -> Result<(), String> {
    if !got.problems.is_empty() {
        return Err(got.problems.join("; "));
    }
    match &row.want {
        Want::Output(words) => {
            if let Some(e) = got.found.iter().find(|f| f.severity == Severity::Error) {
                return Err(format!("expected no error, got {:?}", e.message));
            }
            let out = got.output.as_deref().unwrap_or_default();
            for w in *words {
                if !out.contains(w) {
                    return Err(format!(
                        "output lacks {w:?}: {:?}",
                        out.chars().take(300).collect::<String>()
                    ));
                }
            }
            Ok(())
        }
        Want::NoDiag(word) => match got.found.iter().find(|f| f.message.contains(word)) {
            Some(f) => Err(format!("unexpected diagnostic {:?}", f.message)),
            None => Ok(()),
        },
        Want::Diag(kind, pos, words) => {
            let matches = |f: &Found| {
                f.severity >= Severity::Warning
                    && (kind.is_none() || f.kind.is_none() || f.kind == *kind)
                    && words.iter().all(|w| f.message.contains(w))
            };
            let Some(f) = got.found.iter().find(|f| matches(f)) else {
                return Err(format!(
                    "no {kind:?} diagnostic holding {words:?} among {:#?}",
                    got.found
                ));
            };
            match pos {
                Pos::Any => Ok(()),
                Pos::Nowhere if f.pos.is_none() => Ok(()),
                Pos::At(l, c) if f.pos == Some((*l, *c)) => Ok(()),
                _ => Err(format!(
                    "{:?} is at {:?}, expected {pos:?}",
                    f.message, f.pos
                )),
            }
        }
    }
}

// ----- the rows -----

fn err(kind: Kind, at: &str, words: &'static [&'static str]) -> Want {
    let pos = match at {
        "" => Pos::Any,
        "-" => Pos::Nowhere,
        _ => {
            let (l, c) = at.split_once(':').expect("line:column");
            Pos::At(l.parse().unwrap(), c.parse().unwrap())
        }
    };
    Want::Diag(Some(kind), pos, words)
}

fn any(at: &str, words: &'static [&'static str]) -> Want {
    match err(Kind::Syntax, at, words) {
        Want::Diag(_, p, w) => Want::Diag(None, p, w),
        w => w,
    }
}

fn ok(words: &'static [&'static str]) -> Want {
    Want::Output(words)
}

fn row(name: &'static str, at: At, input: &'static str, want: Want) -> Row {
    Row {
        name,
        at,
        input: Input::Text(input),
        want,
    }
}

fn gen_row(name: &'static str, at: At, input: String, want: Want) -> Row {
    Row {
        name,
        at,
        input: Input::Owned(input),
        want,
    }
}

fn small_output() -> Limits {
    Limits {
        output_bytes: 1000,
        ..Limits::default()
    }
}

fn few_steps() -> Limits {
    Limits {
        steps: 5_000,
        ..Limits::default()
    }
}

fn few_items() -> Limits {
    Limits {
        collection_items: 100,
        ..Limits::default()
    }
}

fn few_iterations() -> Limits {
    Limits {
        total_iterations: 500,
        ..Limits::default()
    }
}

fn small_regex() -> Limits {
    Limits {
        regex_bytes: 10_000,
        ..Limits::default()
    }
}

fn set_message(s: &mut Scenario, t: &str) {
    s.sample.message = t.to_string();
}

fn set_body(s: &mut Scenario, t: &str) {
    s.sample.backend.body = t.into();
}

/// The body goes through `$input.json('$')`.
fn set_body_json_template(s: &mut Scenario, t: &str) {
    s.sample.backend.body = t.into();
    s.integrations[0].integration_responses[0]
        .response_templates
        .insert("$default".into(), "$input.json('$')".into());
}

/// The body goes through `$input.path('$')`.
fn set_body_path_template(s: &mut Scenario, t: &str) {
    s.sample.backend.body = t.into();
    s.integrations[0].integration_responses[0]
        .response_templates
        .insert("$default".into(), "$input.path('$').size()".into());
}

fn set_response_template(s: &mut Scenario, t: &str) {
    s.integrations[0].integration_responses[0]
        .response_templates
        .insert("$default".into(), t.to_string());
}

fn set_request_template(s: &mut Scenario, t: &str) {
    s.integrations[0]
        .request_templates
        .insert("$default".into(), t.to_string());
}

fn set_key(s: &mut Scenario, t: &str) {
    s.integrations[0].integration_responses[0].integration_response_key = t.to_string();
}

fn set_route_selection(s: &mut Scenario, t: &str) {
    s.api.route_selection_expression = t.to_string();
}

fn set_response_selection(s: &mut Scenario, t: &str) {
    s.integrations[0].integration_responses[0].template_selection_expression = Some(t.to_string());
}

fn set_context_value(s: &mut Scenario, t: &str) {
    s.sample
        .context
        .insert("requestId".into(), serde_json::Value::String(t.to_string()));
    set_response_template(s, "$context.requestId");
}

/// `t` is a number: that many integration responses, each `/{i}/`, before the `$default` one.
fn many_responses(s: &mut Scenario, t: &str) {
    let n: usize = t.parse().unwrap();
    let g = &mut s.integrations[0];
    let default = g.integration_responses.pop().unwrap();
    g.integration_responses.clear();
    for i in 0..n {
        g.integration_responses.push(IntegrationResponse {
            integration_response_key: format!("/{}/", 1000 + i),
            ..IntegrationResponse::default()
        });
    }
    g.integration_responses.push(default);
}

fn deep(open: &str, n: usize, close: &str) -> String {
    format!("{}{}", open.repeat(n), close.repeat(n))
}

/// A body of about 10 MB: a JSON list of 200,000 objects.
fn ten_mb_body() -> String {
    let item = r#"{"id":"item-000000","text":"lorem ipsum dolor sit amet"},"#;
    let n = 10_000_000 / item.len();
    let mut s = String::with_capacity(10_100_000);
    s.push('[');
    for i in 0..n {
        s.push_str(&item.replace("000000", &format!("{i:06}")));
    }
    s.pop();
    s.push(']');
    s
}

fn yaml_bomb() -> String {
    let mut bomb = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
    }
    bomb
}

/// A valid link to the default scenario, cut short by `n` characters.
fn truncated_link(n: usize) -> String {
    let f = share::encode_fragment(&state::default_scenario());
    f[..f.len() - n].to_string()
}

/// A valid link to the default scenario with one data character changed.
fn flipped_link() -> String {
    let f = share::encode_fragment(&state::default_scenario());
    let mut b = f.into_bytes();
    let i = b.len() - 20;
    b[i] = if b[i] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).unwrap()
}

/// One line a row: kept as written (`rustfmt` would break each row over several lines).
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use At::*;
    use Kind::*;
    let t = Template;
    vec![
        // ===== malformed templates: directives =====
        row("if_unclosed", t, "a\n#if($x)b", err(Syntax, "2:1", &["`#if`", "never closed"])),
        row("foreach_unclosed", t, "#foreach($i in [1])x", err(Syntax, "1:1", &["`#foreach`", "never closed"])),
        row("macro_unclosed", t, "#macro(m)x", err(Syntax, "1:1", &["`#macro`", "never closed"])),
        row("define_unclosed", t, "#define($d)x", err(Syntax, "1:1", &["`#define`", "never closed"])),
        row("if_in_foreach_unclosed", t, "#foreach($i in [1])#if(true)x#end", err(Syntax, "1:1", &["`#foreach`", "never closed"])),
        row("end_stray", t, "x\n  #end", err(Syntax, "2:3", &["unexpected `#end`"])),
        row("else_stray", t, "#else", err(Syntax, "1:1", &["`#else` without `#if`"])),
        row("elseif_stray", t, "ab#elseif(true)", err(Syntax, "1:3", &["`#elseif`"])),
        row("else_twice", t, "#if(true)a#else b#else c#end", err(Syntax, "1:18", &["`#else`"])),
        row("elseif_after_else", t, "#if(true)a#else b#elseif(true)c#end", err(Syntax, "1:18", &["`#elseif`"])),
        // Velocity's `#set` token includes its `(`: without it, `#set` is text (and `$a` null)
        row("set_without_parens_is_text", t, "#set $a = 1", ok(&["#set  = 1"])),
        row("set_without_equals", t, "#set($a 1)", err(Syntax, "1:9", &["expected `=`"])),
        row("set_target_not_a_reference", t, "#set(1 = 2)", err(Syntax, "1:6", &["reference"])),
        row("set_missing_value", t, "#set($a = )", err(Syntax, "1:11", &["expected an expression"])),
        row("set_unclosed", t, "#set($a = 1", err(Syntax, "", &["expected `)`"])),
        row("if_without_parens", t, "#if $a #end", err(Syntax, "1:1", &["`#if`", "("])),
        row("if_unclosed_condition", t, "#if($a == 1\nx", err(Syntax, "2:1", &["expected `)`"])),
        row("if_empty_condition", t, "#if()x#end", err(Syntax, "1:5", &["expected an expression"])),
        row("foreach_without_in", t, "#foreach($i [1])#end", err(Syntax, "1:13", &["`in`"])),
        row("foreach_variable_not_a_reference", t, "#foreach(i in [1])#end", err(Syntax, "1:10", &["expected the loop variable", "found `i`"])),
        row("macro_without_name", t, "#macro()#end", err(Syntax, "1:8", &["name"])),
        row("parse_has_no_files", t, "#parse('x.vtl')", err(Runtime, "1:1", &["#parse"])),
        row("include_has_no_files", t, "#include('x.vtl')", err(Runtime, "1:1", &["#include"])),
        row("evaluate_bad_text", t, "#evaluate('#if(')", err(Syntax, "", &["expected an expression"])),
        row("evaluate_recursion", t, "#set($s = '#evaluate($s)')#evaluate($s)", err(Limit, "", &["limit: depth"])),
        // ===== malformed templates: references, literals, operators, ranges, comments =====
        row("formal_reference_unclosed", t, "x ${a", err(Syntax, "1:3", &["`${a` is missing its closing `}`"])),
        row("method_call_unclosed", t, "$input.path('$.a'", err(Syntax, "1:12", &["`)`"])),
        row("method_call_trailing_comma", t, "$util.escapeJavaScript('a',", err(Syntax, "", &["expected"])),
        row("index_unclosed", t, "#set($l = [1])$l[0", err(Syntax, "", &["`]`"])),
        row("quiet_formal_unclosed", t, "$!{a", err(Syntax, "1:1", &["missing its closing `}`"])),
        row("single_quote_unclosed", t, "#set($a = 'abc)", err(Syntax, "1:11", &["string", "never closed"])),
        row("double_quote_unclosed", t, "#set($a = \"abc)\nnext", err(Syntax, "1:11", &["string", "never closed"])),
        row("interpolated_reference_unclosed", t, "#set($a = \"x ${b\")", err(Syntax, "1:14", &["`${b` is missing its closing `}`"])),
        row("operator_missing_operand", t, "#set($a = 1 +)", err(Syntax, "1:14", &["expected an expression"])),
        row("operator_doubled", t, "#set($a = 1 ** 2)", err(Syntax, "1:14", &["expected an expression"])),
        row("operator_triple_equals", t, "#if(1 === 1)#end", err(Syntax, "1:9", &["expected an expression"])),
        row("operator_angle_not_equal", t, "#if(1 <> 2)#end", err(Syntax, "1:8", &["expected an expression"])),
        row("operator_bang_alone", t, "#set($a = !)", err(Syntax, "1:12", &["expected an expression"])),
        row("range_without_end", t, "#set($a = [1..])", err(Syntax, "1:15", &["expected an expression"])),
        row("range_without_start", t, "#set($a = [..2])", err(Syntax, "1:12", &["expected an expression"])),
        row("range_of_strings", t, "#foreach($i in ['a'..'c'])$i#end", err(Runtime, "1:16", &["range"])),
        row("range_chained", t, "#set($a = [1..2..3])", err(Syntax, "1:16", &["`]`"])),
        row("range_too_long", t, "#foreach($i in [1..10000000])#end", err(Limit, "1:16", &["limit: total iterations"])),
        row("list_unclosed", t, "#set($a = [1, 2)", err(Syntax, "1:16", &["`]`"])),
        row("map_missing_value", t, "#set($a = {'k': })", err(Syntax, "1:17", &["expected an expression"])),
        row("map_missing_colon", t, "#set($a = {'k' 1})", err(Syntax, "1:16", &["`:`"])),
        row("block_comment_unterminated", t, "a #* b", err(Syntax, "1:3", &["never closed"])),
        row("unparsed_block_unterminated", t, "a #[[ raw", err(Syntax, "1:3", &["never closed"])),
        row("bare_word_in_expression", t, "#if(yes)x#end", err(Syntax, "1:5", &["yes"])),
        row("jsonpath_bad_in_template", t, "ok\n  $input.path('$.a[')", err(JsonPath, "2:9", &["JSONPath `$.a[`"])),
        row("util_to_json_does_not_exist", t, "#set($x = 1)$util.toJson($x)", Want::Diag(Some(UnknownMethod), Pos::At(1, 18), &["toJson", "hint"])),
        row("substring_out_of_range", t, "#set($s = 'abc')$s.substring(5)", err(Runtime, "1:19", &["substring"])),
        row("int_literal_too_big", t, "#set($a = 99999999999999999999999)", err(Syntax, "1:11", &["too large for an integer"])),
        row("parse_json_invalid", t, "$util.parseJson('{')", err(Json, "1:6", &["parseJson"])),
        row("url_decode_invalid", t, "$util.urlDecode('%zz')", err(Runtime, "1:6", &["urlDecode"])),
        row("base64_decode_invalid", t, "$util.base64Decode('@@@')", err(Runtime, "1:6", &["base64Decode"])),
        row("position_after_emoji", t, "é😀 #end", err(Syntax, "1:4", &["unexpected `#end`"])),
        // ===== limits reached by templates =====
        row("limit_foreach_iterations", t, "#foreach($i in [1..1500])#end", Want::Diag(Some(Limit), Pos::At(1, 1), &["1000", "limit: foreach iterations"])),
        row("limit_total_iterations", TemplateWith(few_iterations), "#foreach($i in [1..30])#foreach($j in [1..30])#end#end", err(Limit, "", &["limit: total iterations"])),
        row("limit_output_size", TemplateWith(small_output), "#foreach($i in [1..200])xxxxxxxxxx#end", err(Limit, "", &["over 1000 bytes", "limit: output size"])),
        row("limit_string_doubling", t, "#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..30])#set($s = \"$s$s\")#end", err(Limit, "", &["limit: output size"])),
        row("limit_steps", TemplateWith(few_steps), "#foreach($i in [1..900])#foreach($j in [1..9])$i $j#end#end", err(Limit, "", &["limit: steps"])),
        row("limit_collection_items", TemplateWith(few_items), "#set($l = [])#foreach($i in [1..200])#set($x = $l.add($i))#end", err(Limit, "", &["limit: collection items"])),
        row("limit_macro_recursion", t, "#macro(r $n)#r($n)#end#r(1)", err(Limit, "", &["limit: depth"])),
        gen_row("limit_directive_nesting", t, "#if(true)".repeat(100) + &"#end".repeat(100), err(Limit, "1:572", &["nesting deeper than 64 levels", "limit: depth"])),
        gen_row("limit_parentheses_nesting", t, format!("#set($a = {}1{})", "(".repeat(5000), ")".repeat(5000)), err(Limit, "", &["limit: depth"])),
        gen_row("limit_operator_chain", t, format!("#set($a = 1{})", "+1".repeat(10000)), err(Limit, "", &["limit: depth"])),
        gen_row("limit_list_literal_nesting", t, format!("#set($a = {})", deep("[", 10000, "]")), err(Limit, "", &["limit: depth"])),
        gen_row("limit_map_literal_nesting", t, format!("#set($a = {}1{})", "{'a':".repeat(10000), "}".repeat(10000)), err(Limit, "", &["limit: depth"])),
        gen_row("limit_method_chain", t, format!("#set($s = 'a'){}", "$s.concat(".repeat(3000) + &")".repeat(3000)), any("", &["limit: depth"])),
        gen_row("limit_template_size", t, "x".repeat(300 * 1024 + 1), err(Limit, "1:307201", &["307200", "limit: template size"])),
        row("limit_regex_size_in_template", TemplateWith(small_regex), "#set($s = 'x')$s.matches('(a|b|c|d){500}')", err(Limit, "", &["limit: regex size"])),
        // ===== huge numbers =====
        // Jackson reads 1e400 as a double: Infinity, which JSON cannot hold, so it writes null
        row("json_number_overflows_double", JsonDoc, "[1e400]", ok(&["[null]"])),
        row("json_number_underflows", JsonDoc, "[1e-400]", ok(&["[0"])),
        row("json_big_integer_kept", JsonDoc, "[123456789012345678901234567890]", ok(&["123456789012345678901234567890"])),
        gen_row("json_100k_digit_integer", JsonDoc, format!("[{}]", "9".repeat(100_000)), ok(&["99999999"])),
        row("json_negative_zero", JsonDoc, "-0", ok(&["0"])),
        row("json_leading_zero", JsonDoc, "[01]", err(Json, "1:2", &["must not start with `0`"])),
        row("json_bare_minus", JsonDoc, "[-]", err(Json, "1:2", &["number"])),
        row("json_exponent_without_digits", JsonDoc, "[1e]", err(Json, "1:2", &["number"])),
        row("json_nan", JsonDoc, "[NaN]", err(Json, "1:2", &["unexpected `N`", "expected a value"])),
        row("body_huge_number_through_json", Body("$input.json('$.n')"), r#"{"n": 1e400}"#, ok(&["null"])),
        row("body_big_integer_through_path", Body("$input.path('$.n')"), r#"{"n": 123456789012345678901234567890}"#, ok(&["123456789012345678901234567890"])),
        row("vtl_int_overflow_promotes", t, "#set($n = 2147483647 + 1)$n", ok(&["2147483648"])),
        // over a long, Velocity's MathUtils goes on in BigInteger
        row("vtl_long_overflow", t, "#set($n = 9223372036854775807 + 1)$n", ok(&["9223372036854775808"])),
        row("vtl_division_by_zero", t, "#set($n = 1 / 0)[$n]", any("1:11", &["zero"])),
        row("vtl_modulo_by_zero", t, "#set($n = 5 % 0)[$n]", any("1:11", &["zero"])),
        row("vtl_float_overflow", t, "#set($n = 1.0E308 * 10)$n", ok(&["Infinity"])),
        row("vtl_parse_int_huge", t, "#set($n = $util.parseJson('123456789012345678901234567890'))$n", ok(&["123456789012345678901234567890"])),
        // ===== invalid UTF-16 from the browser =====
        // JSON readers keep a lone surrogate escape as U+FFFD (Rust strings cannot hold one);
        // the pipeline says where it is (the `pipeline_*_surrogate` rows)
        row("json_lone_high_surrogate", JsonDoc, r#"{"a":"\ud800"}"#, ok(&["\u{fffd}"])),
        row("json_lone_low_surrogate", JsonDoc, r#"{"a":"\udc00"}"#, ok(&["\u{fffd}"])),
        row("json_surrogates_reversed", JsonDoc, r#"["\udc00\ud800"]"#, ok(&["\u{fffd}\u{fffd}"])),
        row("json_high_surrogate_then_letter", JsonDoc, r#"["\ud800\u0041"]"#, ok(&["\u{fffd}A"])),
        row("json_surrogate_pair_is_fine", JsonDoc, r#"["\ud83d\ude00"]"#, ok(&["😀"])),
        row("json_short_unicode_escape", JsonDoc, r#"["\u12"]"#, any("1:3", &["\\u"])),
        row("body_lone_surrogate_through_path", Body("[$input.path('$.a')]"), r#"{"a":"\ud800"}"#, ok(&["[\u{fffd}]"])),
        row("body_lone_surrogate_through_json", Body("$input.json('$')"), r#"{"a":"x\udfff"}"#, ok(&["x\u{fffd}"])),
        row("pipeline_body_lone_surrogate", Pipeline(set_body), r#"{"id":"a\ud800","text":"x"}"#, any("1:9", &[r"`\ud800` is a lone UTF-16 surrogate", "U+FFFD"])),
        row("pipeline_body_reversed_surrogates", Pipeline(set_body), r#"{"id":"\\\udc00\ud800"}"#, any("1:10", &[r"`\udc00` is a lone UTF-16 surrogate"])),
        row("pipeline_body_escaped_backslash_is_no_surrogate", Pipeline(set_body), r#"{"id":"\\ud800","text":"x"}"#, ok(&["\"id\": \"\\ud800\""])),
        row("pipeline_message_lone_surrogate", Pipeline(set_message), r#"{"action":"sendmessage","text":"\udbff"}"#, any("1:33", &[r"`\udbff` is a lone UTF-16 surrogate"])),
        row("pipeline_message_surrogate_pair_is_fine", Pipeline(set_message), r#"{"action":"sendmessage","text":"\ud83d\ude00"}"#, Want::NoDiag("surrogate")),
        row("parse_json_lone_surrogate", t, r#"$util.parseJson('"\ud800"')"#, ok(&["\u{fffd}"])),
        row("replacement_char_column_in_utf16", t, "\u{fffd}\u{fffd} #end", err(Syntax, "1:4", &["unexpected `#end`"])),
        row("url_decode_surrogate_bytes", t, "$util.urlDecode('%ED%A0%80')", ok(&["\u{fffd}"])),
        row("base64_decode_surrogate_bytes", t, "$util.base64Decode('7aCA')", ok(&["\u{fffd}"])),
        row("state_context_lone_surrogate", State(Field::Context), r#"{"requestId": "\ud800"}"#, any("-", &["must be half of a UTF-16 surrogate pair", "(line 1, column 22)"])),
        row("regex_escaped_lone_surrogate", Pattern, r"\uD800", ok(&[""])),
        // ===== invalid regex keys, and Java-only syntax =====
        row("key_unclosed_group", Key, "/2\\d(/", err(Regex, "1:5", &["(", "close"])),
        row("key_reversed_class_range", Key, "/[2-/", err(Regex, "1:3", &["Illegal character range", "hint"])),
        row("key_unclosed_class", Key, "/[2-9/", err(Regex, "", &["class"])),
        row("key_bad_range", Key, "/[9-0]/", err(Regex, "", &["range"])),
        row("key_dangling_quantifier", Key, "/*2/", err(Regex, "1:2", &["Dangling meta character '*'", "nothing before `*`"])),
        row("key_bad_escape", Key, r"/\q/", err(Regex, "1:2", &["escape"])),
        row("key_without_slashes", Key, "404", err(Config, "1:1", &["regular expression in slashes", "write `/404/`"])),
        row("key_spaces_around_default", Key, " $default ", err(Config, "1:1", &["spaces around `$default`"])),
        row("key_default_escaped", Key, r"\$default", err(Config, "1:1", &["write `$default`"])),
        row("key_empty", Key, "", err(Config, "", &["regular expression in slashes"])),
        row("key_slash_alone", Key, "/", err(Config, "1:1", &["regular expression in slashes"])),
        row("key_possessive_quantifier", Key, "/2\\d++/", err(RegexUnsupported, "", &["possessive"])),
        row("key_lookbehind", Key, "/(?<=4)04/", err(RegexUnsupported, "1:2", &["lookbehind"])),
        row("key_negative_lookbehind", Key, "/(?<!4)04/", err(RegexUnsupported, "1:2", &["lookbehind"])),
        row("key_lookahead", Key, "/(?=4)\\d+/", err(RegexUnsupported, "1:2", &["lookahead"])),
        row("key_atomic_group", Key, "/(?>4\\d)\\d/", err(RegexUnsupported, "1:2", &["atomic"])),
        row("key_java_lower_case_class", Key, r"/\p{javaLowerCase}+/", err(RegexUnsupported, "1:2", &["javaLowerCase"])),
        row("key_backreference", Key, r"/(\d)\1\d/", err(RegexUnsupported, "1:6", &["back-reference"])),
        row("key_named_backreference", Key, r"/(?<d>\d)\k<d>\d/", err(RegexUnsupported, "", &["back-reference"])),
        row("key_python_named_group", Key, r"/(?P<d>\d)\d\d/", err(Regex, "1:4", &["Unknown inline modifier", "(?i)"])),
        row("key_named_group_is_fine", Key, r"/(?<code>4\d\d)/", ok(&["4"])),
        row("key_unicode_property_is_fine_or_named", Key, r"/\p{Lu}/", any("", &["Lu"])),
        row("key_too_big", Key, "/(\\d{1,50}){1000}/", err(Limit, "1:2", &["larger than the limit", "limit: regex size"])),
        gen_row("key_nested_groups", Key, format!("/{}/", deep("(", 200, ")")), err(Limit, "1:66", &["nested more than 64 deep"])),
        row("key_octal_escape_incomplete", Key, r"/\0/", err(Regex, "1:2", &["octal"])),
        row("key_nul_escape_is_fine", Key, r"/a\x00b/", ok(&[""])),
        row("regex_inline_flag_unknown", Pattern, "(?z)a", any("1:3", &["Unknown inline modifier", "inline flags are `i d m s u x U`"])),
        row("regex_comments_flag", Pattern, "(?x) a b # c", ok(&[""])),
        row("template_possessive_regex", t, "#set($s = 'aaa')$s.matches('a++')", err(RegexUnsupported, "1:19", &["possessive quantifier `++`", "use the greedy `a+`"])),
        row("template_lookbehind_regex", t, "#set($s = 'x')$s.replaceAll('(?<=a)b', 'c')", err(RegexUnsupported, "", &["lookbehind"])),
        row("template_regex_syntax", t, "#set($s = 'x')$s.split('[')", err(Regex, "1:17", &["regular expression"])),
        row("pipeline_invalid_key_named_in_place", Pipeline(set_key), "/2\\d(/", err(Regex, "1:5", &["("])),
        row("pipeline_key_java_only", Pipeline(set_key), "/2\\d++/", err(RegexUnsupported, "", &["possessive"])),
        // ===== JSON with duplicate keys, BOMs, \u0000 =====
        row("json_duplicate_keys_last_wins", Body("$input.json('$')"), r#"{"a":1,"b":2,"a":3}"#, ok(&[r#"{"a":3,"b":2}"#])),
        row("json_duplicate_keys_path", Body("$input.path('$.a')"), r#"{"a":1,"a":{"x":2}}"#, ok(&["{x=2}"])),
        row("scenario_duplicate_member", ScenarioJson, r#"{"routes": [], "routes": []}"#, any("-", &["duplicate field `routes`", "line 1"])),
        row("import_duplicate_keys", Import, "{\"Items\": [{\"IntegrationResponseKey\": \"/2\\\\d\\\\d/\", \"IntegrationResponseKey\": \"$default\"}]}", ok(&["$default"])),
        row("json_bom_accepted", JsonDoc, "\u{feff}{\"a\":1}", ok(&[r#"{"a":1}"#])),
        row("json_bom_twice", JsonDoc, "\u{feff}\u{feff}{}", any("1:2", &["unexpected"])),
        row("json_bom_in_middle", JsonDoc, "{\"a\":\u{feff}1}", any("1:6", &["unexpected"])),
        row("body_bom_through_json", Body("$input.json('$.a')"), "\u{feff}{\"a\":\"x\"}", ok(&["\"x\""])),
        row("message_bom_routes", Pipeline(set_message), "\u{feff}{\"action\":\"sendmessage\",\"text\":\"hi\"}", ok(&["\"ok\": true"])),
        row("scenario_bom_accepted", ScenarioJson, "\u{feff}{\"title\":\"x\"}", err(Config, "-", &["the API has no routes"])),
        row("import_bom_accepted", Import, "\u{feff}{\"IntegrationResponseKey\": \"$default\", \"IntegrationResponseId\": \"a\"}", ok(&["$default"])),
        row("json_nul_escape_kept", Body("$input.json('$.a')"), r#"{"a":"x\u0000y"}"#, ok(&[r#""x\u0000y""#])),
        row("json_nul_through_path", Body("[$input.path('$.a')]"), r#"{"a":"x\u0000y"}"#, ok(&["[x\u{0}y]"])),
        row("json_raw_nul_is_an_error", JsonDoc, "[\"x\u{0}y\"]", any("1:4", &["control"])),
        row("template_with_raw_nul", t, "a\u{0}b #end", err(Syntax, "1:5", &["unexpected `#end`"])),
        row("escape_javascript_nul", t, "$util.escapeJavaScript($util.parseJson('\"\\u0000\"'))", ok(&["\\u0000"])),
        row("json_trailing_comma", JsonDoc, "[1,]", any("1:4", &["expected"])),
        row("json_unclosed_object", JsonDoc, "{\"a\": 1", any("1:1", &["unexpected end of text inside an object", "missing `}`"])),
        row("json_trailing_garbage", JsonDoc, "{} x", any("1:4", &["after"])),
        row("json_single_quotes_strict", JsonDoc, "{'a': 1}", any("1:2", &["expected"])),
        row("json_relaxed_mock_template", JsonRelaxed, "{statusCode: 200}", ok(&["\"statusCode\":200"])),
        row("json_relaxed_unclosed", JsonRelaxed, "{statusCode: 'x}", any("1:14", &["unterminated string", "missing closing quote"])),
        row("json_empty", JsonDoc, "", any("1:1", &["expected"])),
        // ===== deep nesting =====
        gen_row("json_nested_513", JsonDoc, deep("[", 513, "]"), err(Limit, "", &["512"])),
        gen_row("json_nested_100k", JsonDoc, deep("[", 100_000, "]"), any("", &["512"])),
        gen_row("json_nested_objects", JsonDoc, format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)), any("", &["512"])),
        gen_row("json_nested_511_is_fine", JsonDoc, deep("[", 511, "]"), ok(&["[[[["])),
        gen_row("body_nested_json_through_path", Body("$input.path('$')"), deep("[", 100_000, "]"), any("1:7", &["the body is not JSON", "$input.path` gives null"])),
        gen_row("body_nested_json_through_json", Body("$input.json('$')"), deep("[", 100_000, "]"), any("1:7", &["the body is not JSON"])),
        gen_row("pipeline_nested_body_says_where", Pipeline(set_body), deep("[", 1000, "]"), any("1:513", &["the backend's body is not JSON", "512"])),
        gen_row("parse_json_nested", t, format!("$util.parseJson('{}')", deep("[", 100_000, "]")), any("", &["512"])),
        gen_row("jsonpath_nested_filters", Path, format!("$[?({}@.a{})]", "(".repeat(100), ")".repeat(100)), any("", &["64"])),
        gen_row("jsonpath_long_dot_chain", Path, format!("${}", ".a".repeat(50_000)), ok(&[""])),
        gen_row("jsonpath_deep_scans", Path, "$".to_string() + &"..a".repeat(5_000), ok(&["[]"])),
        gen_row("jsonpath_nested_brackets", Path, format!("${}", "[".repeat(10_000)), any("", &[""])),
        row("jsonpath_unclosed_bracket", Path, "$.a[", any("1:4", &["`[` must be followed by an index"])),
        row("jsonpath_unclosed_filter", Path, "$[?(@.a == 1]", any("", &[")"])),
        row("jsonpath_unclosed_quote", Path, "$['a", any("1:3", &["unterminated string in path"])),
        row("jsonpath_function_with_argument", Path, "$.list.concat('x')", any("1:14", &["function arguments are not supported"])),
        row("jsonpath_slice_step", Path, "$.list[0:2:1]", any("", &["step"])),
        row("jsonpath_bad_regex", Path, "$[?(@.a =~ /(/)]", any("1:12", &["invalid regex", "Unclosed group"])),
        gen_row("expr_deep_request_body", Expr(Site::Route), format!("$request.body{}", ".a".repeat(20_000)), ok(&[""])),
        gen_row("expr_nested_brackets", Expr(Site::Route), format!("$request.body{}", "[".repeat(5_000)), err(JsonPath, "1:1", &["request.body"])),
        gen_row("template_nested_ifs_just_under", t, "#if(true)".repeat(60) + "x" + &"#end".repeat(60), ok(&["x"])),
        // ===== bad selection expressions =====
        row("expr_formal_unclosed", Expr(Site::Route), "ab${request.body.x", err(Syntax, "1:3", &["`${` is never closed"])),
        row("expr_bad_jsonpath", Expr(Site::Route), "$request.body.a[?(@.x", err(JsonPath, "1:1", &["does not parse"])),
        row("expr_status_on_route", Expr(Site::Route), "${integration.response.statuscode}", err(Config, "1:1", &["response side"])),
        row("expr_header_on_route", Expr(Site::Route), "$request.header.x", err(Config, "1:1", &["not supported"])),
        row("expr_context_on_request", Expr(Site::RequestTemplate), "${context.routeKey}", err(Config, "1:1", &["not supported"])),
        row("expr_empty_braces", Expr(Site::ResponseTemplate), "${}", ok(&["${}"])),
        row("expr_dollar_alone", Expr(Site::Route), "$", ok(&["$"])),
        row("expr_list_value", Expr(Site::Route), "$request.body.a", ok(&["[1, 2]"])),
        row("pipeline_route_selection_unclosed", Pipeline(set_route_selection), "${request.body.action", err(Syntax, "1:1", &["never closed"])),
        row("pipeline_response_selection_bad", Pipeline(set_response_selection), "${integration.response.statuscode", err(Syntax, "1:1", &["never closed"])),
        row("state_route_selection_kept", State(Field::RouteSelection), "$request.body.action[", err(JsonPath, "1:1", &["request.body"])),
        row("state_response_selection_kept", State(Field::ResponseSelection), "${integration.response.statuscode", err(Syntax, "1:1", &["never closed"])),
        // ===== 10 MB bodies and messages =====
        gen_row("body_10mb_through_json", Pipeline(set_body_json_template), ten_mb_body(), err(Limit, "", &["over API Gateway's 128 KB message limit"])),
        gen_row("body_10mb_through_path", Pipeline(set_body_path_template), ten_mb_body(), ok(&["175438"])),
        gen_row("body_over_the_body_limit", Pipeline(set_body_json_template), format!("\"{}\"", "x".repeat(11 << 20)), err(Limit, "", &["limit: body size"])),
        gen_row("message_10mb", Pipeline(set_message), ten_mb_body(), err(Limit, "-", &["over API Gateway's 128 KB message limit"])),
        gen_row("message_over_frame", Pipeline(set_message), format!("{{\"action\":\"sendmessage\",\"text\":\"{}\"}}", "x".repeat(40_000)), err(Limit, "-", &["32 KB frame limit"])),
        gen_row("message_close_1009", Pipeline(set_message), "x".repeat(200_000), any("-", &["close 1009", "message too big"])),
        gen_row("render_10mb_body_directly", Body("#set($l = $input.path('$'))$l.size() $input.json('$[0]')"), ten_mb_body(), ok(&["175438 {\"id\":\"item-000000\""])),
        // ===== over-limit scenarios =====
        row("limit_integration_responses", Pipeline(many_responses), "400", err(Limit, "", &["300", "limit: integration responses"])),
        row("integration_responses_under_limit", Pipeline(many_responses), "250", ok(&["\"status\": \"unexpected\""])),
        gen_row("pipeline_template_over_quota", Pipeline(set_response_template), "x".repeat(300 * 1024 + 1), err(Limit, "1:307201", &["limit: template size"])),
        row("pipeline_request_template_error", Pipeline(set_request_template), "#if(", err(Syntax, "1:5", &["expected an expression"])),
        row("pipeline_template_error_frame", Pipeline(set_response_template), "ok\n#foreach($i in $x", any("", &["`)`"])),
        row("pipeline_context_with_markup", Pipeline(set_context_value), "<script>alert(1)</script>", ok(&["<script>alert(1)</script>"])),
        row("pipeline_body_not_json_warns", Pipeline(set_body), "not json {", any("", &["JSON"])),
        // ===== hostile links =====
        row("link_garbage", Fragment, "s=1.!!!!", any("-", &["damaged"])),
        row("link_empty", Fragment, "", any("-", &["holds no scenario"])),
        row("link_no_value", Fragment, "s=", any("-", &["holds no scenario"])),
        row("link_no_version", Fragment, "s=abc", any("-", &["no version"])),
        row("link_version_not_a_number", Fragment, "s=x1.abc", any("-", &["not a number"])),
        row("link_version_zero", Fragment, "s=0.abc", any("-", &["version 0"])),
        row("link_newer_version", Fragment, "s=2.abc", any("-", &["newer version (2)"])),
        row("link_huge_version", Fragment, "s=99999999999999999999999.abc", any("-", &["newer version"])),
        row("link_empty_data", Fragment, "s=1.", any("-", &["cut short"])),
        gen_row("link_truncated", Fragment, truncated_link(10), any("-", &["damaged"])),
        gen_row("link_truncated_to_header", Fragment, "s=1.".to_string() + &truncated_link(0)[4..10], any("-", &["damaged"])),
        gen_row("link_one_char_changed", Fragment, flipped_link(), any("-", &["damaged"])),
        gen_row("link_too_long", Fragment, format!("s=1.{}", "A".repeat(share::MAX_FRAGMENT_BYTES)), any("-", &["too long", "65536"])),
        row("link_length_claims_3gb", Fragment, "s=1.gICAgAw", any("-", &["too large", "2097152"])),
        row("link_length_never_ends", Fragment, "s=1.gICAgICAgICAgIA", any("-", &["length is not a number"])),
        gen_row("link_decompression_bomb_over", Fragment, share::encode_json_fragment(&"a".repeat(share::MAX_DECODED_BYTES + 1)), any("-", &["too large"])),
        gen_row("link_decompression_bomb_at_limit_not_a_scenario", Fragment, share::encode_json_fragment(&"a".repeat(share::MAX_DECODED_BYTES)), any("-", &["not valid"])),
        gen_row("link_not_json", Fragment, share::encode_json_fragment("{not json"), any("-", &["not valid", "line 1"])),
        gen_row("link_wrong_json_type", Fragment, share::encode_json_fragment("[]"), any("-", &["not valid"])),
        gen_row("link_deep_json", Fragment, share::encode_json_fragment(&deep("[", 100_000, "]")), any("-", &["not valid", "expected struct Scenario"])),
        gen_row("link_bad_base64_char", Fragment, "s=1.".to_string() + &truncated_link(0)[4..].replace('A', "*"), any("-", &["damaged"])),
        row("link_other_params_only", Fragment, "#embed=1&theme=dark", any("-", &["holds no scenario"])),
        gen_row("link_template_with_markup_round_trips", Fragment, share::encode_json_fragment(r#"{"title":"<img src=x onerror=alert(1)>"}"#), ok(&["<img src=x onerror=alert(1)>"])),
        // ===== hostile imports =====
        row("import_empty", Import, "  \n", any("-", &["nothing to import"])),
        row("import_garbage", Import, "@@@ ??? !!!", any("", &["YAML"])),
        row("import_json_unclosed", Import, "{\n  \"Items\": [1,\n}", any("3:1", &[""])),
        row("import_json_wrong_shape", Import, "{\"Items\": 5}", any("1:1", &["nothing here looks like an API Gateway WebSocket API"])),
        row("import_terraform", Import, "resource \"aws_apigatewayv2_route\" \"r\" {\n  route_key = \"$default\"\n}", any("-", &["Terraform (HCL) cannot be imported"])),
        gen_row("import_yaml_bomb", Import, yaml_bomb(), any("", &["aliases expand too far"])),
        row("import_yaml_unknown_alias", Import, "Resources:\n  A: *nope\n", any("2:6", &["unknown anchor"])),
        gen_row("import_yaml_deep", Import, format!("a: {}", deep("[", 1000, "]")), any("1:259", &["not valid YAML", "recursion limit exceeded"])),
        gen_row("import_json_deep", Import, deep("[", 100_000, "]"), any("1:128", &["not valid JSON", "recursion limit exceeded"])),
        row("import_yaml_tab_indent", Import, "Resources:\n\tA: 1\n", any("2:2", &["not valid YAML", "tabs disallowed"])),
        row("import_yaml_unclosed_flow", Import, "a: [b\nc: d\n", any("", &[""])),
        row("import_cfn_unknown_ref", Import, "Resources:\n  R:\n    Type: AWS::ApiGatewayV2::IntegrationResponse\n    Properties:\n      ApiId: !Ref Nowhere\n      IntegrationId: !Ref Nothing\n      IntegrationResponseKey: /(?<=4)04/\n", any("1:2", &["lookbehind"])),
        row("import_cfn_sub_self_reference", Import, "Resources:\n  A:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: !Sub '${B}'\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: !Sub '${A}'\n  B:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: !Sub '${A}'\n", any("8:3", &["API `B` is not a WebSocket API"])),
        row("import_nul_in_text", Import, "{\"IntegrationResponseKey\": \"$default\u{0}\"}", any("1:37", &["not valid JSON", "control character"])),
        row("import_template_markup_kept", Import, "{\"IntegrationResponseKey\": \"$default\", \"IntegrationResponseId\": \"a\", \"ResponseTemplates\": {\"$default\": \"<script>alert(1)</script>\"}}", ok(&["<script>alert(1)</script>"])),
        row("import_scalar_document", Import, "42", any("1:1", &["nothing here looks like"])),
        row("import_many_empty_documents", Import, "---\n---\n---\n", any("2:1", &["nothing here looks like"])),
        // ===== scenario files =====
        row("scenario_not_json", ScenarioJson, "{routes: 1}", any("-", &["line 1, column 2"])),
        row("scenario_wrong_type", ScenarioJson, r#"{"routes": 5}"#, any("-", &["invalid type", "line 1"])),
        gen_row("scenario_deep", ScenarioJson, format!("{{\"x\": {}}}", deep("[", 10_000, "]")), any("-", &["JSON nested deeper than 127 levels", "(line 1, column 133)"])),
        row("scenario_lone_surrogate", ScenarioJson, r#"{"title": "\ud800"}"#, any("-", &["must be half of a UTF-16 surrogate pair", "line 1, column 18"])),
        row("scenario_status_out_of_range", ScenarioJson, r#"{"sample": {"backend": {"statusCode": 70000}}}"#, any("-", &["70000"])),
        // ===== page fields: the error is shown, the text stays =====
        row("state_context_not_json", State(Field::Context), "{\"a\": ", any("-", &["line 1"])),
        row("state_context_not_object", State(Field::Context), "[1, 2]", any("-", &["must be a JSON object"])),
        row("state_context_duplicate_keys", State(Field::Context), "{\"requestId\": \"a\", \"requestId\": \"b\"}", ok(&[""])),
        gen_row("state_context_deep", State(Field::Context), format!("{{\"a\": {}}}", deep("[", 10_000, "]")), any("-", &["JSON nested deeper than 127 levels", "(line 1, column 133)"])),
        gen_row("state_context_deeper_than_serde", State(Field::Context), format!("{{\"a\": {}}}", deep("[", 200, "]")), any("-", &["JSON nested deeper than 127 levels", "(line 1, column 133)"])),
        row("state_status_not_a_number", State(Field::Status), "9x", any("-", &["100 to 599"])),
        row("state_status_out_of_range", State(Field::Status), "700", any("-", &["100 to 599"])),
        row("state_status_huge", State(Field::Status), "99999999999999999999", any("-", &["100 to 599"])),
        row("state_status_markup", State(Field::Status), "<img src=x onerror=alert(1)>", any("-", &["100 to 599"])),
        row("state_headers_garbage", State(Field::Headers), "no colon here\n: empty name\n\u{0}: nul", ok(&[""])),
        row("state_stage_variables_garbage", State(Field::StageVariables), "=x\nno equals\n<script>=1", ok(&[""])),
        row("state_template_unclosed_if", State(Field::ResponseTemplate), "ok\n#if($x", err(Syntax, "2:4", &["`#if(` is never closed: expected `)`"])),
        row("state_template_markup", State(Field::ResponseTemplate), "<img src=x onerror=\"document.title='pwned'\">", ok(&["<img src=x onerror="])),
        row("state_request_template_bad", State(Field::RequestTemplate), "#set($a = )", err(Syntax, "1:11", &["expected an expression"])),
        row("state_key_lookbehind", State(Field::Key), "/(?<=2)00/", err(RegexUnsupported, "1:2", &["lookbehind"])),
        row("state_key_without_slashes", State(Field::Key), "200", err(Config, "1:1", &["write `/200/`"])),
        row("state_message_not_json", State(Field::Message), "{\"action\": ", any("1:12", &["the message is not JSON", "expected a value"])),
        row("state_message_lone_surrogate_escape", State(Field::Message), r#"{"action":"\ud800"}"#, any("1:12", &[r"`\ud800` is a lone UTF-16 surrogate", "U+FFFD"])),
        row("state_body_raw_nul", State(Field::Body), "{\"id\": \"m-1\", \"text\": \"\u{0}\u{fffd}\"}", any("1:24", &["the backend's body is not JSON", "control"])),
        row("state_route_key_dollar", State(Field::RouteKey), "$custom", any("", &["must not start with `$`"])),
    ]
}

fn input_text(i: &Input) -> &str {
    match i {
        Input::Text(t) => t,
        Input::Owned(s) => s,
    }
}

#[test]
fn catalogue_of_bad_inputs() {
    let print = std::env::var_os("CATALOGUE_PRINT").is_some();
    let only = std::env::var("CATALOGUE_ROW").ok();
    let rows = rows();
    assert!(rows.len() >= 120, "the catalogue has {} rows", rows.len());
    let mut names = std::collections::HashSet::new();
    for r in &rows {
        assert!(names.insert(r.name), "two rows are named {}", r.name);
    }
    let mut failures = Vec::new();
    for r in rows {
        if let Some(o) = &only
            && !r.name.contains(o.as_str())
        {
            continue;
        }
        let started = Instant::now();
        let (tx, rx) = mpsc::channel();
        let name = r.name;
        let at = r.at;
        let input = match &r.input {
            Input::Text(t) => Input::Text(t),
            Input::Owned(s) => Input::Owned(s.clone()),
        };
        std::thread::Builder::new()
            .name(name.into())
            .stack_size(8 << 20)
            .spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(|| run(at, input_text(&input))));
                let _ = tx.send(result.map_err(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".into())
                }));
            })
            .expect("a thread");
        let got = match rx.recv_timeout(ROW_BUDGET) {
            Ok(Ok(got)) => got,
            Ok(Err(panic)) => {
                failures.push(format!("{name}: PANICKED: {panic}"));
                continue;
            }
            Err(_) => {
                failures.push(format!("{name}: HUNG: no answer within {ROW_BUDGET:?}"));
                continue;
            }
        };
        let took = started.elapsed();
        if print {
            println!(
                "--- {name} ({} ms) failed={} output={:?}",
                took.as_millis(),
                got.failed,
                got.output
                    .as_deref()
                    .map(|o| o.chars().take(120).collect::<String>())
            );
            for f in &got.found {
                println!(
                    "    {:?} {:?} {:?} {}",
                    f.severity,
                    f.kind,
                    f.pos,
                    f.message.chars().take(300).collect::<String>()
                );
            }
            for p in &got.problems {
                println!("    PROBLEM {p}");
            }
        }
        if let Err(why) = check(&r, &got) {
            failures.push(format!(
                "{name} (input {:.60?}): {why}",
                input_text(&r.input)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows of the catalogue fail:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

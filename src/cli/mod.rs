//! The command-line tool (native only): render a template, simulate a scenario, sweep status
//! codes, run a scenario's test table. Output goes to stdout exactly as described; diagnostics go
//! to stderr with the source line and a caret.

use crate::engine::cases;
use crate::engine::diag::{Diagnostic, Severity, render_plain};
use crate::engine::iac;
use crate::engine::json;
use crate::engine::limits::Limits;
use crate::engine::model::Scenario;
use crate::engine::pipeline::Prepared;
use crate::engine::vtl::{Env, Params, Template};
use std::io::Write;

pub mod probe;
pub mod serve;

const USAGE: &str = "\
apigw-playground: AWS API Gateway WebSocket integration responses, simulated

Usage:
  apigw-playground render TEMPLATE_FILE [--body FILE] [--vars FILE]
      Render a mapping template. Prints the output exactly to stdout; on an error prints the
      diagnostic to stderr and exits 1. --vars is a JSON object with optional keys `context`,
      `stageVariables` and `params` ({\"header\":{}, \"querystring\":{}, \"path\":{}}).
  apigw-playground simulate SCENARIO.json [--explain] [--status CODE] [--message TEXT]
      Run the scenario's sample message through the API. Prints the outcome as JSON (route_key,
      integration_response_key, template_key, output, client_receives, trace, diagnostics), or
      with --explain the trace for people.
  apigw-playground sweep SCENARIO.json [--json]
      Which integration response each status code 100-599 selects.
  apigw-playground test CASES.json
      Run a test table: a scenario with a `tests` array, or {\"scenario\": FILE_OR_OBJECT,
      \"cases\": [...]}. Exits 1 when a row fails.
  apigw-playground import FILE
      Read `aws apigatewayv2 get-*` output (get-api, get-routes, get-route-responses,
      get-integration(s), get-integration-responses; several documents may be concatenated or
      in a JSON array) or a CloudFormation / SAM template (YAML or JSON). Prints the scenario
      JSON to stdout and notes to stderr; exits 1 when nothing could be imported.
  apigw-playground export --format cfn-yaml|cfn-json|terraform|cli|cdk SCENARIO.json
      Write the scenario's configuration as a CloudFormation template (YAML or JSON),
      Terraform, a bash script of AWS CLI commands, or a CDK (TypeScript) app, to stdout.
  apigw-playground serve SCENARIO.json [--port N] [--backend URL] [--idle-timeout S] [--max-duration S]
      A WebSocket endpoint on 127.0.0.1 that answers as API Gateway would (first line:
      `listening on ws://127.0.0.1:PORT`; --port 0 picks one). HTTP integrations call --backend.
  apigw-playground serve --probes [--port N]
      The same endpoint playing the probe stack (below) with the engine's defaults.
  apigw-playground probe-stack [-o FILE]
      Write the probe stack: a CloudFormation template (YAML) with one MOCK route per
      undocumented behaviour. Deploy it with `aws cloudformation deploy --template-file
      probe-stack.yaml --stack-name apigw-probes`; delete it with `aws cloudformation
      delete-stack --stack-name apigw-probes`.
  apigw-playground probe URL [--json FILE] [--timeout-ms N] [--assume U-N=CHOICE]...
      Send every probe to URL (ws:// or wss://; one connection each, N ms for a frame, 3000
      by default), compare each answer with the engine's prediction, print the table, write
      the report as JSON. --assume switches an assumption (U-2=search, U-11=no_frame, ...).
      Exits 1 when a probe differs or fails.
  apigw-playground help
      This text.

Exit codes: 0 success, 1 an error in the input or a failing test, 2 bad usage.
";

/// Exit code for a usage error or a command that does not exist (yet).
pub const EXIT_USAGE: i32 = 2;

/// Runs the tool on the process's arguments and returns its exit code.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    run(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Runs the tool on `args` (without the program name), writing to `out` and `err`; returns the
/// exit code. Write errors (a closed pipe) are ignored: the exit code still tells.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(cmd) = args.first() else {
        let _ = write!(err, "{USAGE}");
        return EXIT_USAGE;
    };
    let rest = &args[1..];
    let mut io = Io { out, err };
    let r = match cmd.as_str() {
        "render" => render(rest, &mut io),
        "simulate" => simulate(rest, &mut io),
        "sweep" => sweep(rest, &mut io),
        "test" => test(rest, &mut io),
        "import" => import(rest, &mut io),
        "export" => export(rest, &mut io),
        "help" | "--help" | "-h" => {
            let _ = write!(io.out, "{USAGE}");
            Ok(0)
        }
        "serve" => serve::command(rest, io.out, io.err),
        "probe-stack" => probe::stack_command(rest, io.out),
        "probe" => probe::command(rest, io.out, io.err),
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    };
    match r {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            let _ = write!(io.err, "apigw-playground: {m}\n\n{USAGE}");
            EXIT_USAGE
        }
        Err(Failure::Input(m)) => {
            let _ = writeln!(io.err, "apigw-playground: {m}");
            1
        }
    }
}

/// Where a command writes.
struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

enum Failure {
    Usage(String),
    Input(String),
}

/// Splits `args` into positional arguments and `--flag [value]` options.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    fn parse(args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Args, Failure> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if with_value.contains(&name) {
                    let v = match inline {
                        Some(v) => v,
                        None => it
                            .next()
                            .cloned()
                            .ok_or_else(|| Failure::Usage(format!("--{name} needs a value")))?,
                    };
                    options.push((name.to_string(), Some(v)));
                } else if flags.contains(&name) {
                    options.push((name.to_string(), None));
                } else {
                    return Err(Failure::Usage(format!("unknown option --{name}")));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args {
            positional,
            options,
        })
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    fn one_file(&self, what: &str) -> Result<&str, Failure> {
        match self.positional.as_slice() {
            [f] => Ok(f),
            [] => Err(Failure::Usage(format!("missing {what}"))),
            _ => Err(Failure::Usage(format!(
                "expected one {what}, got {}",
                self.positional.len()
            ))),
        }
    }
}

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))
}

fn load_scenario(path: &str) -> Result<Scenario, Failure> {
    Scenario::from_json(&read(path)?)
        .map_err(|e| Failure::Input(format!("{path} is not a valid scenario: {e}")))
}

fn print_diagnostics(
    err: &mut dyn Write,
    diags: &[Diagnostic],
    text_of: impl Fn(&Diagnostic) -> Option<String>,
) {
    for d in diags {
        match text_of(d) {
            Some(t) => {
                let _ = write!(err, "{}", render_plain(d, &t));
            }
            None => {
                let _ = writeln!(err, "{d}");
                for h in &d.hints {
                    let _ = writeln!(err, "  = hint: {h}");
                }
            }
        }
    }
}

fn render(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &["body", "vars"], &[])?;
    let file = a.one_file("TEMPLATE_FILE")?;
    let src = read(file)?;
    let body = match a.value("body") {
        Some(p) => read(p)?,
        None => String::new(),
    };
    let mut env = Env::new(&body);
    if let Some(p) = a.value("vars") {
        let text = read(p)?;
        let vars: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Failure::Input(format!("{p} is not JSON: {e}")))?;
        let Some(obj) = vars.as_object() else {
            return Err(Failure::Input(format!(
                "{p} must be a JSON object with keys context, stageVariables, params"
            )));
        };
        for k in obj.keys() {
            if !matches!(k.as_str(), "context" | "stageVariables" | "params") {
                let _ = writeln!(
                    io.err,
                    "warning: {p}: unknown key `{k}` (expected context, stageVariables, params)"
                );
            }
        }
        if let Some(c) = obj.get("context") {
            let v = json::parse(&c.to_string())
                .map_err(|e| Failure::Input(format!("{p}: context: {e}")))?;
            env.merge_context(&v);
        }
        if let Some(s) = obj.get("stageVariables") {
            env.stage_variables = json::parse(&s.to_string())
                .map_err(|e| Failure::Input(format!("{p}: stageVariables: {e}")))?;
        }
        if let Some(pp) = obj.get("params") {
            env.params = serde_json::from_value::<Params>(pp.clone())
                .map_err(|e| Failure::Input(format!("{p}: params: {e}")))?;
        }
    }
    let t = match Template::parse(&src) {
        Ok(t) => t,
        Err(d) => {
            let _ = write!(
                io.err,
                "{}",
                render_plain(&d, &src).replace("--> template", &format!("--> {file}"))
            );
            return Ok(1);
        }
    };
    let r = t.render(&env);
    let fix = |s: String| s.replace("--> template", &format!("--> {file}"));
    for d in &r.diagnostics {
        let _ = write!(io.err, "{}", fix(render_plain(d, &src)));
    }
    if let Some(e) = &r.error {
        let _ = write!(io.err, "{}", fix(render_plain(e, &src)));
        return Ok(1);
    }
    let _ = io.out.write_all(r.output.as_bytes());
    let _ = io.out.flush();
    Ok(0)
}

fn simulate(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &["status", "message"], &["explain"])?;
    let file = a.one_file("SCENARIO.json")?;
    let mut s = load_scenario(file)?;
    if let Some(code) = a.value("status") {
        s.sample.backend.status_code = code
            .parse()
            .map_err(|_| Failure::Usage(format!("--status needs a status code, not `{code}`")))?;
    }
    if let Some(m) = a.value("message") {
        s.sample.message = m.to_string();
    }
    let o = Prepared::new(&s, &Limits::default()).run();
    if a.flag("explain") {
        let _ = write!(io.out, "{}", o.explain());
        print_diagnostics(io.err, &o.diagnostics, |d| {
            s.source_text(&d.source).map(str::to_string)
        });
    } else {
        let v = serde_json::json!({
            "route_key": o.route_key,
            "integration_response_key": o.integration_response_key,
            "template_key": o.template_key,
            "output": o.output,
            "client_receives": o.client_receives,
            "close": o.close,
            "trace": o.trace,
            "diagnostics": o.diagnostics,
        });
        let _ = writeln!(
            io.out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    }
    Ok(0)
}

fn sweep(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &[], &["json"])?;
    let file = a.one_file("SCENARIO.json")?;
    let s = load_scenario(file)?;
    let p = Prepared::new(&s, &Limits::default());
    let Some(gi) = p.routed_integration(&s.sample.message) else {
        return Err(Failure::Input(
            "the sample message reaches no integration, so there is nothing to sweep".into(),
        ));
    };
    let g = &s.integrations[gi];
    if g.integration_type.is_proxy() {
        return Err(Failure::Input(format!(
            "the integration is {}: proxy integrations have no integration responses",
            g.integration_type.as_str()
        )));
    }
    let key_of = |i: Option<usize>| match i {
        Some(i) => g.integration_responses[i].integration_response_key.clone(),
        None => "(no match: Internal server error)".to_string(),
    };
    let rows = p.sweep(gi);
    if a.flag("json") {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(c, i)| serde_json::json!({"status": c, "integration_response_key": i.map(|i| &g.integration_responses[i].integration_response_key)}))
            .collect();
        let _ = writeln!(
            io.out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
        return Ok(0);
    }
    if g.is_lambda() {
        let _ = writeln!(
            io.out,
            "note: this is a Lambda integration: keys are matched against errorMessage, not status codes"
        );
    }
    // runs of equal selection, as ranges
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1].1 == rows[i].1 {
            j += 1;
        }
        let range = if i == j {
            format!("{}", rows[i].0)
        } else {
            format!("{}-{}", rows[i].0, rows[j].0)
        };
        let _ = writeln!(io.out, "{range:<8} {}", key_of(rows[i].1));
        i = j + 1;
    }
    Ok(0)
}

fn test(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &[], &[])?;
    let file = a.one_file("CASES.json")?;
    let text = read(file)?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure::Input(format!("{file} is not JSON: {e}")))?;
    let scenario = if let Some(sc) = v.get("scenario") {
        let mut s = match sc {
            serde_json::Value::String(path) => {
                let base = std::path::Path::new(file)
                    .parent()
                    .unwrap_or(std::path::Path::new("."));
                load_scenario(&base.join(path).to_string_lossy())?
            }
            obj => serde_json::from_value::<Scenario>(obj.clone())
                .map_err(|e| Failure::Input(format!("{file}: scenario: {e}")))?,
        };
        if let Some(c) = v.get("cases") {
            s.tests = serde_json::from_value(c.clone())
                .map_err(|e| Failure::Input(format!("{file}: cases: {e}")))?;
        }
        s
    } else {
        Scenario::from_json(&text).map_err(|e| Failure::Input(format!("{file}: {e}")))?
    };
    if scenario.tests.is_empty() {
        return Err(Failure::Input(format!(
            "{file} has no test cases (`tests` or `cases`)"
        )));
    }
    let p = Prepared::new(&scenario, &Limits::default());
    let results = cases::run_all(&p);
    let mut failed = 0;
    for r in &results {
        if r.passed {
            let _ = writeln!(io.out, "PASS  {}", r.name);
        } else {
            failed += 1;
            let _ = writeln!(io.out, "FAIL  {}", r.name);
            for m in &r.mismatches {
                let show = |o: &Option<String>| {
                    o.as_ref()
                        .map_or("(nothing)".to_string(), |s| format!("{s:?}"))
                };
                let _ = writeln!(
                    io.out,
                    "      {}: expected {}, got {}",
                    m.field,
                    show(&m.expected),
                    show(&m.actual)
                );
            }
        }
    }
    let errors = p
        .configuration_diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let _ = writeln!(
        io.out,
        "{} passed, {failed} failed{}",
        results.len() - failed,
        if errors > 0 {
            format!(", {errors} configuration error(s)")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

fn import(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &[], &[])?;
    let file = a.one_file("FILE")?;
    let text = read(file)?;
    let at_file = |s: String| s.replace("--> scenario", &format!("--> {file}"));
    match iac::import(&text) {
        Ok(im) => {
            for d in &im.notes {
                let _ = write!(io.err, "{}", at_file(render_plain(d, &text)));
            }
            let _ = writeln!(io.out, "{}", im.scenario.to_json());
            Ok(0)
        }
        Err(e) => {
            let _ = write!(io.err, "{}", at_file(render_plain(&e.diagnostic, &text)));
            Ok(1)
        }
    }
}

fn export(args: &[String], io: &mut Io<'_>) -> Result<i32, Failure> {
    let a = Args::parse(args, &["format"], &[])?;
    let names = iac::Format::ALL.map(iac::Format::name).join("|");
    let format = match a.value("format") {
        Some(f) => iac::Format::from_name(f)
            .ok_or_else(|| Failure::Usage(format!("--format must be one of {names}, not `{f}`")))?,
        None => return Err(Failure::Usage(format!("missing --format {names}"))),
    };
    let file = a.one_file("SCENARIO.json")?;
    let s = load_scenario(file)?;
    match iac::export_with_notes(&s, format) {
        Ok(e) => {
            for n in &e.notes {
                let _ = writeln!(io.err, "note: {n}");
            }
            let _ = io.out.write_all(e.text.as_bytes());
            let _ = io.out.flush();
            Ok(0)
        }
        Err(e) => Err(Failure::Input(format!("{file}: {e}"))),
    }
}

/// The civil date (year, month 1–12, day 1–31) `days` after 1970-01-01 (Howard Hinnant's
/// algorithm), for the timestamps `serve` and `probe` print.
fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_of_day_numbers() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_417), (2025, 11, 25));
    }

    fn run_str(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn help_lists_every_command() {
        let (code, out, err) = run_str(&["--help"]);
        assert_eq!(code, 0);
        assert!(err.is_empty());
        for name in ["render", "simulate", "sweep", "test", "import", "export"] {
            assert!(
                out.contains(&format!("apigw-playground {name}")),
                "{name} missing from:\n{out}"
            );
        }
    }

    #[test]
    fn no_arguments_prints_usage_and_fails() {
        let (code, out, err) = run_str(&[]);
        assert_eq!(code, EXIT_USAGE);
        assert!(out.is_empty());
        assert!(err.starts_with("apigw-playground: AWS API Gateway"));
    }

    #[test]
    fn unknown_command_and_option_are_usage_errors() {
        let (code, _, err) = run_str(&["frobnicate"]);
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("unknown command `frobnicate`"));
        let (code, _, err) = run_str(&["render", "x.vtl", "--nope"]);
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("unknown option --nope"));
    }

    fn temp_file(name: &str, text: &str) -> String {
        let dir = std::env::temp_dir().join(format!("apigw-cli-iac-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    #[test]
    fn import_prints_the_scenario_and_notes() {
        let f = temp_file(
            "irs.json",
            r#"{"Items": [{"IntegrationResponseId": "a1", "IntegrationResponseKey": "/4\\d\\d/",
                "ResponseTemplates": {"$default": "{\"error\": true}"}}]}"#,
        );
        let (code, out, err) = run_str(&["import", &f]);
        assert_eq!(code, 0, "{err}");
        let s = Scenario::from_json(&out).unwrap();
        assert_eq!(
            s.integrations[0].integration_responses[0].integration_response_key,
            "/4\\d\\d/"
        );
        assert!(err.contains("no integration in the paste"), "{err}");
        assert!(err.contains(&format!("--> {f}")), "{err}");
    }

    #[test]
    fn import_of_nothing_useful_fails_with_a_place() {
        let f = temp_file("bad.yaml", "Resources:\n  X: [a\n");
        let (code, out, err) = run_str(&["import", &f]);
        assert_eq!(code, 1);
        assert!(out.is_empty());
        assert!(err.contains("not valid YAML"), "{err}");
        assert!(err.contains(&format!("--> {f}:")), "{err}");
    }

    #[test]
    fn export_writes_each_format_and_checks_its_name() {
        let preset = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/presets/http-status-mapping.json"
        );
        for f in iac::Format::ALL {
            let (code, out, err) = run_str(&["export", "--format", f.name(), preset]);
            assert_eq!(code, 0, "{f}: {err}");
            assert!(out.contains("sendmessage"), "{f}: {out}");
        }
        let (code, _, err) = run_str(&["export", "--format", "pulumi", preset]);
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("--format must be one of cfn-yaml|cfn-json|terraform|cli|cdk"));
        let (code, _, err) = run_str(&["export", preset]);
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("missing --format"));
    }

    #[test]
    fn a_missing_file_is_an_input_error() {
        let (code, _, err) = run_str(&["render", "/nonexistent/t.vtl"]);
        assert_eq!(code, 1);
        assert!(err.contains("cannot read /nonexistent/t.vtl"));
    }
}

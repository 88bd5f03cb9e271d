//! Golden tests of the command-line tool, through the built binary.

use std::path::Path;
use std::process::Command;

fn tool(args: &[&str]) -> (i32, String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_apigw-playground"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn render_prints_exactly_the_output() {
    let (code, out, err) = tool(&[
        "render",
        "tests/cli/greet.vtl",
        "--body",
        "tests/cli/greet-body.json",
        "--vars",
        "tests/cli/greet-vars.json",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        r#"{"name": "Ada", "id": "7", "stage": "prod", "table": "T"}"#
    );
}

#[test]
fn render_without_body_or_vars_uses_defaults() {
    let (code, out, _) = tool(&["render", "tests/cli/greet.vtl"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        r#"{"name": "", "id": "", "stage": "production", "table": ""}"#
    );
}

#[test]
fn render_syntax_error_shows_line_column_and_caret() {
    let (code, out, err) = tool(&["render", "tests/cli/bad.vtl"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: expected an expression, found `)`\n  --> tests/cli/bad.vtl:2:11\n  |\n2 | #if($a == )\n  |           ^\n"
    );
}

#[test]
fn render_runtime_error_exits_1() {
    let (code, out, err) = tool(&["render", "tests/cli/runtime.vtl"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("begin 9, end 3, length 3"), "{err}");
    assert!(err.contains("--> tests/cli/runtime.vtl:2:3"), "{err}");
}

#[test]
fn render_corpus_vectors_byte_for_byte() {
    // every `exact` vector of the corpus through the command line
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("data/vtl-vectors.json")).unwrap();
    let tmp = std::env::temp_dir().join(format!("apigw-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut checked = 0;
    for v in vectors.as_array().unwrap() {
        if v["compare"] != "exact" {
            continue;
        }
        let id = v["id"].as_str().unwrap();
        let t = tmp.join("t.vtl");
        let b = tmp.join("b.txt");
        let vars = tmp.join("vars.json");
        std::fs::write(&t, v["template"].as_str().unwrap()).unwrap();
        std::fs::write(&b, v["body"].as_str().unwrap_or("")).unwrap();
        let mut obj = serde_json::Map::new();
        for k in ["context", "stageVariables", "params"] {
            if !v[k].is_null() {
                obj.insert(k.into(), v[k].clone());
            }
        }
        std::fs::write(&vars, serde_json::Value::Object(obj).to_string()).unwrap();
        let (code, out, err) = tool(&[
            "render",
            t.to_str().unwrap(),
            "--body",
            b.to_str().unwrap(),
            "--vars",
            vars.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{id}: {err}");
        assert_eq!(out, v["expected"].as_str().unwrap(), "{id}");
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(checked >= 35, "only {checked} exact vectors");
}

#[test]
fn simulate_prints_the_outcome_as_json() {
    let (code, out, _) = tool(&["simulate", "www/presets/http-status-mapping.json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "route_key",
        "integration_response_key",
        "template_key",
        "output",
        "client_receives",
        "trace",
        "diagnostics",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["integration_response_key"], "/2\\d\\d/");
    let (_, out, _) = tool(&[
        "simulate",
        "www/presets/http-status-mapping.json",
        "--status",
        "404",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["integration_response_key"], "/4\\d\\d/");
    let (_, out, _) = tool(&["simulate", "www/presets/one-way-route.json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["client_receives"].is_null());
}

#[test]
fn simulate_explain_prints_the_trace() {
    let (code, out, _) = tool(&[
        "simulate",
        "www/presets/lambda-error-mapping.json",
        "--explain",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("[integration response] integration response `/.*Invalid request.*/`"),
        "{out}"
    );
    assert!(out.contains("AWS undocumented: U-2"), "{out}");
    assert!(out.ends_with("=> the client receives: {\"error\": \"bad-request\", \"detail\": \"Invalid request: item is sold out\"}\n"), "{out}");
}

#[test]
fn sweep_prints_ranges() {
    let (code, out, _) = tool(&["sweep", "www/presets/http-status-mapping.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "100-199  $default\n200-299  /2\\d\\d/\n300-399  $default\n400-499  /4\\d\\d/\n500-599  $default\n"
    );
}

#[test]
fn test_command_passes_and_fails() {
    let (code, out, _) = tool(&["test", "www/presets/http-status-mapping.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("4 passed, 0 failed\n"), "{out}");
    let (code, out, _) = tool(&["test", "tests/cli/failing-cases.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  404 is not a success"), "{out}");
    assert!(
        out.contains("integrationResponseKey: expected \"/2\\\\d\\\\d/\", got \"/4\\\\d\\\\d/\""),
        "{out}"
    );
    assert!(out.ends_with("1 passed, 1 failed\n"), "{out}");
}

#[test]
fn probe_commands_are_listed_and_check_their_url() {
    // the probe kit itself is tested in tests/probe.rs
    let (code, out, _) = tool(&["help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("apigw-playground probe-stack [-o FILE]"),
        "{out}"
    );
    assert!(out.contains("apigw-playground probe URL"), "{out}");
    let (code, _, err) = tool(&["probe", "x.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("the URL must start with ws://"), "{err}");
}

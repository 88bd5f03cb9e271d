//! Import, export and the probe stack as one text-in, text-out call: what the page's
//! import/export worker runs (`src/bin/iac-worker.rs`). The page loads this code, the YAML
//! reader and the writers of every format only when a user opens the import/export panel or the
//! probe kit, instead of with the page (they are about a sixth of its wasm).
//!
//! A request is a JSON object with an `op`:
//!
//! - `{"op": "import", "text": …}` gives `{"scenario": …, "what": …, "notes": […]}` (the
//!   scenario as the text of a scenario file, what the pasted text was read as, and each note
//!   as a line with its line:column in the pasted text), or `{"error": …}`.
//! - `{"op": "export", "format": "cfn-yaml" | …, "scenario": …}` (the scenario as the text of
//!   a scenario file) gives `{"text": …, "notes": […]}` or `{"error": …}`.
//! - `{"op": "probe-stack"}` gives `{"text": …}`: the probe stack's template.
//!
//! Anything else gives `{"error": …}`; nothing here panics on what a request holds.

use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::iac::{self, Detected, Format};
use crate::engine::model::Scenario;
use crate::engine::span::Encoding;
use serde_json::{Value, json};

/// Answers one request (see the module's documentation).
pub fn handle(request: &str) -> String {
    let answer = match serde_json::from_str::<Value>(request) {
        Ok(req) => answer(&req),
        Err(e) => json!({ "error": format!("the request is not JSON: {e}") }),
    };
    answer.to_string()
}

fn answer(req: &Value) -> Value {
    let text = |k: &str| req.get(k).and_then(Value::as_str);
    match text("op") {
        Some("import") => import(text("text").unwrap_or("")),
        Some("export") => {
            let Some(format) = text("format").and_then(Format::from_name) else {
                return json!({ "error": format!("unknown export format {:?}", text("format").unwrap_or("")) });
            };
            match Scenario::from_json(text("scenario").unwrap_or("")) {
                Ok(s) => export(&s, format),
                Err(e) => json!({ "error": format!("the scenario does not read: {e}") }),
            }
        }
        Some("probe-stack") => json!({ "text": crate::engine::probe::stack_template() }),
        other => json!({ "error": format!("unknown request {:?}", other.unwrap_or("")) }),
    }
}

fn import(pasted: &str) -> Value {
    match iac::import(pasted) {
        Ok(imported) => {
            let what = match imported.detected {
                Detected::CliJson => "AWS CLI output",
                Detected::CloudFormation => "a CloudFormation template",
                Detected::Scenario => "a scenario file",
                Detected::Mixed => "several kinds of text",
            };
            let notes: Vec<String> = imported
                .notes
                .iter()
                .map(|d| note_line(pasted, d))
                .collect();
            json!({ "scenario": imported.scenario.to_json(), "what": what, "notes": notes })
        }
        Err(e) => json!({ "error": note_line(pasted, &e.diagnostic) }),
    }
}

fn export(s: &Scenario, format: Format) -> Value {
    match iac::export_with_notes(s, format) {
        Ok(e) => json!({ "text": e.text, "notes": e.notes }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// A diagnostic about pasted text as one line: `3:1 error: … — hint`, the position in UTF-16
/// columns as the page's editors count them.
pub fn note_line(text: &str, d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let at = d
        .position(text, Encoding::Utf16)
        .map(|p| format!("{}:{} ", p.line, p.column))
        .unwrap_or_default();
    let hints: String = d.hints.iter().map(|h| format!(" — {h}")).collect();
    format!("{at}{sev}: {}{hints}", d.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(req: Value) -> Value {
        serde_json::from_str(&handle(&req.to_string())).expect("an answer is JSON")
    }

    /// An import answers with the scenario as a scenario file, which reads back; an export of it
    /// in every format answers with text; a bad paste answers with where it is wrong.
    #[test]
    fn import_then_export_in_every_format() {
        let pasted = r#"{"Items": [{"IntegrationResponseKey": "/4\\d{2}/", "IntegrationResponseId": "a1", "TemplateSelectionExpression": "$integration.response.statuscode", "ResponseTemplates": {"404": "{\"missing\": true}"}}]}"#;
        let got = call(json!({ "op": "import", "text": pasted }));
        assert_eq!(got["what"], "AWS CLI output", "{got}");
        let scenario = got["scenario"].as_str().expect("scenario text");
        let s = Scenario::from_json(scenario).expect("the scenario reads back");
        assert!(scenario.contains("/4\\\\d{2}/"), "{scenario}");
        for f in Format::ALL {
            let out = call(json!({ "op": "export", "format": f.name(), "scenario": s.to_json() }));
            assert!(
                out["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{}: {out}",
                f.name()
            );
        }
        let bad = call(json!({ "op": "import", "text": "{\n  \"Items\": [1,\n}" }));
        assert!(
            bad["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("3:1 error")),
            "{bad}"
        );
    }

    /// The probe stack is the template the native command prints; bad requests are answered,
    /// not panicked on.
    #[test]
    fn probe_stack_and_bad_requests() {
        let got = call(json!({ "op": "probe-stack" }));
        assert_eq!(got["text"], crate::engine::probe::stack_template());
        for bad in [
            "not json".to_string(),
            json!({ "op": "nope" }).to_string(),
            json!({ "op": "export", "format": "cobol", "scenario": "{}" }).to_string(),
            json!({ "op": "export", "format": "cfn-yaml", "scenario": "{" }).to_string(),
            json!([1, 2]).to_string(),
        ] {
            let v: Value = serde_json::from_str(&handle(&bad)).expect("JSON");
            assert!(
                v["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{bad}: {v}"
            );
        }
    }
}

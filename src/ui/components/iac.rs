//! Import and export: paste what `aws apigatewayv2 get-*` printed, a CloudFormation / SAM
//! snippet or a scenario file; write the scenario as CloudFormation (YAML, JSON), Terraform,
//! AWS CLI commands or CDK, each with copy and download.

use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::iac::{self, Detected, Format};
use crate::engine::model::Scenario;
use crate::engine::span::Encoding;
use crate::state::Action;
use crate::ui::dom;
use yew::prelude::*;

/// Props of [`ImportExport`].
#[derive(Properties, PartialEq)]
pub struct ImportExportProps {
    /// The current scenario.
    pub scenario: Scenario,
    /// Changes.
    pub on_action: Callback<Action>,
}

/// Which export is shown: an infrastructure format, or the scenario file itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    Scenario,
    Iac(Format),
}

impl Out {
    fn all() -> Vec<Out> {
        std::iter::once(Out::Scenario)
            .chain(Format::ALL.into_iter().map(Out::Iac))
            .collect()
    }

    fn name(self) -> &'static str {
        match self {
            Out::Scenario => "scenario",
            Out::Iac(f) => f.name(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Out::Scenario => "This playground's scenario (JSON)",
            Out::Iac(f) => f.label(),
        }
    }

    fn file(self) -> String {
        match self {
            Out::Scenario => "scenario.json".into(),
            Out::Iac(f) => format!("websocket-api.{}", f.extension()),
        }
    }
}

fn note_line(text: &str, d: &Diagnostic) -> String {
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

/// The import / export panel.
#[function_component(ImportExport)]
pub fn import_export(p: &ImportExportProps) -> Html {
    let pasted = use_state(String::new);
    let import_notes = use_state(Vec::<String>::new);
    let import_error = use_state(|| None::<String>);
    let out = use_state(|| Out::Iac(Format::CfnYaml));

    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(dom::event_value(&e)))
    };
    let on_import = {
        let pasted = pasted.clone();
        let import_notes = import_notes.clone();
        let import_error = import_error.clone();
        let on_action = p.on_action.clone();
        Callback::from(move |_| match iac::import(&pasted) {
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
                    .map(|d| note_line(&pasted, d))
                    .collect();
                let n = notes.len();
                import_notes.set(notes);
                import_error.set(None);
                on_action.emit(Action::Load {
                    scenario: Box::new(imported.scenario),
                    preset: None,
                    notice: Some(format!(
                        "Imported {what}{}.",
                        if n == 0 {
                            String::new()
                        } else {
                            format!(", with {n} note(s) below the import box")
                        }
                    )),
                });
            }
            Err(e) => {
                import_notes.set(Vec::new());
                import_error.set(Some(note_line(&pasted, &e.diagnostic)));
            }
        })
    };
    let on_out = {
        let out = out.clone();
        Callback::from(move |e: Event| {
            let v = dom::event_value(&e);
            if let Some(o) = Out::all().into_iter().find(|o| o.name() == v) {
                out.set(o);
            }
        })
    };
    let exported: Result<(String, Vec<String>), String> = match *out {
        Out::Scenario => Ok((p.scenario.to_json(), Vec::new())),
        Out::Iac(f) => iac::export_with_notes(&p.scenario, f)
            .map(|e| (e.text, e.notes))
            .map_err(|e| e.to_string()),
    };
    let (text, notes, error) = match exported {
        Ok((t, n)) => (t, n, None),
        Err(e) => (String::new(), Vec::new(), Some(e)),
    };
    let on_copy = {
        let text = text.clone();
        Callback::from(move |_| dom::copy(&text))
    };
    let on_download = {
        let text = text.clone();
        let file = out.file();
        Callback::from(move |_| {
            let _ = dom::download(&file, "text/plain", &text);
        })
    };
    html! {
        <div class="iac" data-testid="iac">
            <section aria-labelledby="import-title">
                <h3 id="import-title">{ "Import" }</h3>
                <label for="import-text">
                    { "Paste what `aws apigatewayv2 get-integration-responses`, `get-integration(s)`, `get-routes`, `get-route-responses` or `get-api` printed (one or several), a CloudFormation / SAM template or snippet (YAML or JSON), or a scenario file." }
                </label>
                <textarea id="import-text" rows="10" spellcheck="false" value={(*pasted).clone()} oninput={on_paste} data-testid="import-text" />
                <button type="button" onclick={on_import} data-testid="import">{ "Import" }</button>
                if let Some(e) = &*import_error {
                    <p class="diag error" role="alert" data-testid="import-error">{ e.clone() }</p>
                }
                if !import_notes.is_empty() {
                    <ul class="field-diagnostics" data-testid="import-notes">
                        { for import_notes.iter().map(|n| html! { <li class="diag">{ n.clone() }</li> }) }
                    </ul>
                }
            </section>
            <section aria-labelledby="export-title">
                <h3 id="export-title">{ "Export" }</h3>
                <div class="field">
                    <label for="export-format">{ "Format" }</label>
                    <select id="export-format" onchange={on_out} data-testid="export-format">
                        { for Out::all().into_iter().map(|o| html! { <option value={o.name()} selected={o == *out}>{ o.label() }</option> }) }
                    </select>
                </div>
                if let Some(e) = error {
                    <p class="diag error" role="alert">{ format!("error: {e}") }</p>
                } else {
                    <pre class="export" data-testid="export-text">{ text.clone() }</pre>
                    <button type="button" onclick={on_copy}>{ "Copy" }</button>
                    <button type="button" onclick={on_download}>{ format!("Download {}", out.file()) }</button>
                    if !notes.is_empty() {
                        <ul class="field-diagnostics">{ for notes.iter().map(|n| html! { <li class="diag">{ format!("note: {n}") }</li> }) }</ul>
                    }
                }
            </section>
        </div>
    }
}

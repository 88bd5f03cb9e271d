//! Import and export: paste what `aws apigatewayv2 get-*` printed, a CloudFormation / SAM
//! snippet or a scenario file; write the scenario as CloudFormation (YAML, JSON), Terraform,
//! AWS CLI commands or CDK, each with copy and download.

use crate::engine::iac::Format;
use crate::engine::json_doc;
use crate::engine::model::Scenario;
use crate::state::Action;
use crate::ui::{dom, iac_client};
use serde_json::Value;
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

/// The strings of an answer's `key` list.
fn lines(answer: &Value, key: &str) -> Vec<String> {
    answer[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// An export: its text and notes, or what went wrong.
type Exported = Result<(String, Vec<String>), String>;

/// The import / export panel.
#[function_component(ImportExport)]
pub fn import_export(p: &ImportExportProps) -> Html {
    let pasted = use_state(String::new);
    let import_notes = use_state(Vec::<String>::new);
    let import_error = use_state(|| None::<String>);
    let out = use_state(|| Out::Iac(Format::CfnYaml));
    let importing = use_state(|| false);

    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(dom::event_value(&e)))
    };
    let on_import = {
        let pasted = pasted.clone();
        let import_notes = import_notes.clone();
        let import_error = import_error.clone();
        let importing = importing.clone();
        let on_action = p.on_action.clone();
        Callback::from(move |_| {
            importing.set(true);
            let import_notes = import_notes.clone();
            let import_error = import_error.clone();
            let importing = importing.clone();
            let on_action = on_action.clone();
            let reply = Callback::from(move |answer: Value| {
                importing.set(false);
                let imported = match (answer["error"].as_str(), answer["scenario"].as_str()) {
                    (Some(e), _) => Err(e.to_string()),
                    (None, Some(text)) => Scenario::from_json(text)
                        .map_err(|e| format!("error: the imported scenario does not read: {e}")),
                    (None, None) => Err("error: the import gave no scenario".to_string()),
                };
                match imported {
                    Ok(scenario) => {
                        let notes = lines(&answer, "notes");
                        let n = notes.len();
                        import_notes.set(notes);
                        import_error.set(None);
                        on_action.emit(Action::Load {
                            scenario: Box::new(scenario),
                            preset: None,
                            notice: Some(format!(
                                "Imported {}{}.",
                                answer["what"].as_str().unwrap_or("the text"),
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
                        import_error.set(Some(e));
                    }
                }
            });
            let text: String = (*pasted).clone();
            iac_client::request(
                json_doc::object([("op", "import".into()), ("text", text.into())]),
                reply,
            );
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
    // the infrastructure formats come from the worker, a moment later; a later request's
    // answer replaces an earlier one, never the other way round
    let asked = use_mut_ref(|| 0u64);
    // with the format it is in: another format's text is never shown (or downloaded) as this one
    let from_worker = use_state(|| None::<(Format, Exported)>);
    {
        let from_worker = from_worker.clone();
        // the scenario is written out for the worker only when it or the format changed
        use_effect_with((*out, p.scenario.clone()), move |(out, scenario)| {
            if let Out::Iac(f) = *out {
                let generation = {
                    let mut a = asked.borrow_mut();
                    *a += 1;
                    *a
                };
                let reply = Callback::from(move |answer: Value| {
                    if *asked.borrow() != generation {
                        return;
                    }
                    from_worker.set(Some((
                        f,
                        match answer["error"].as_str() {
                            Some(e) => Err(e.to_string()),
                            None => Ok((
                                answer["text"].as_str().unwrap_or_default().to_string(),
                                lines(&answer, "notes"),
                            )),
                        },
                    )));
                });
                iac_client::request(
                    json_doc::object([
                        ("op", "export".into()),
                        ("format", f.name().into()),
                        ("scenario", scenario.to_json().into()),
                    ]),
                    reply,
                );
            }
        });
    }
    let exported: Option<Exported> = match *out {
        Out::Scenario => Some(Ok((p.scenario.to_json(), Vec::new()))),
        Out::Iac(f) => match &*from_worker {
            Some((g, e)) if *g == f => Some(e.clone()),
            _ => None,
        },
    };
    let preparing = exported.is_none();
    let (text, notes, error) = match exported {
        Some(Ok((t, n))) => (t, n, None),
        Some(Err(e)) => (String::new(), Vec::new(), Some(e)),
        None => (String::new(), Vec::new(), None),
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
                <button type="button" onclick={on_import} disabled={*importing} data-testid="import">{ if *importing { "Importing…" } else { "Import" } }</button>
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
                    <p class="diag error" role="alert" data-testid="export-error">{ format!("error: {e}") }</p>
                } else if preparing {
                    <p class="diag" role="status" data-testid="export-preparing">{ "Preparing the export…" }</p>
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

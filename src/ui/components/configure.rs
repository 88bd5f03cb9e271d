//! The configuration editors: routes, the integration (request side), integration responses,
//! and the samples (message, backend answer, `$context`, stage variables).

use super::editor::{CodeEditor, Language, Marker};
use super::{diagnostics_for, editor_id};
use crate::engine::diag::{Diagnostic, Severity, Source};
use crate::engine::model::{Integration, Passthrough};
use crate::engine::span::Encoding;
use crate::state::{Action, Kind, State};
use crate::ui::{Derived, dom};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Configure`].
#[derive(Properties, PartialEq)]
pub struct ConfigureProps {
    /// The page state.
    pub state: State,
    /// What the engine made of it.
    pub derived: Rc<Derived>,
    /// Changes.
    pub on_action: Callback<Action>,
}

fn markers(diags: &[Diagnostic]) -> Vec<Marker> {
    diags.iter().filter_map(Marker::from_diagnostic).collect()
}

/// Diagnostics of a one-line field (a key or an expression), listed under it.
fn field_diagnostics(text: &str, diags: &[Diagnostic], id: &str) -> Html {
    if diags.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-diagnostics" id={format!("{id}-problems")}>
            { for diags.iter().map(|d| {
                let at = d.position(text, Encoding::Utf16).map(|p| format!("column {}: ", p.column)).unwrap_or_default();
                let sev = match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "note" };
                html! {
                    <li class={classes!("diag", sev)} data-testid="field-diagnostic">
                        <span class="sev">{ sev }</span>{ " " }{ at }{ d.message.clone() }
                        { for d.hints.iter().map(|h| html! { <span class="hint">{ format!(" — {h}") }</span> }) }
                    </li>
                }
            }) }
        </ul>
    }
}

/// A one-line text field with its diagnostics.
#[derive(Properties, PartialEq)]
struct FieldProps {
    id: AttrValue,
    label: AttrValue,
    value: AttrValue,
    #[prop_or_default]
    diagnostics: Vec<Diagnostic>,
    #[prop_or_default]
    placeholder: AttrValue,
    #[prop_or_default]
    hint: AttrValue,
    on_input: Callback<String>,
}

#[function_component(Field)]
fn field(p: &FieldProps) -> Html {
    let oninput = p.on_input.reform(|e: InputEvent| dom::event_value(&e));
    let invalid = p.diagnostics.iter().any(|d| d.severity == Severity::Error);
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} type="text" spellcheck="false" autocomplete="off" value={p.value.clone()}
                   placeholder={p.placeholder.clone()} {oninput} aria-invalid={invalid.then_some("true")}
                   aria-describedby={(!p.diagnostics.is_empty()).then(|| format!("{}-problems", p.id))} />
            if !p.hint.is_empty() {
                <span class="field-hint">{ p.hint.clone() }</span>
            }
            { field_diagnostics(&p.value, &p.diagnostics, &p.id) }
        </div>
    }
}

/// A template key: edited freely, renamed when committed (blur or Enter) if the key is free.
#[derive(Properties, PartialEq)]
struct KeyFieldProps {
    id: AttrValue,
    label: AttrValue,
    value: AttrValue,
    taken: Vec<String>,
    on_rename: Callback<String>,
}

#[function_component(KeyField)]
fn key_field(p: &KeyFieldProps) -> Html {
    let draft = use_state(|| p.value.to_string());
    {
        // a new value from outside (another preset) replaces the draft
        let draft = draft.clone();
        use_effect_with(p.value.clone(), move |v| draft.set(v.to_string()));
    }
    let clash = *draft != p.value.as_str() && p.taken.contains(&*draft);
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(dom::event_value(&e)))
    };
    let commit = {
        let draft = draft.clone();
        let on_rename = p.on_rename.clone();
        let value = p.value.to_string();
        let taken = p.taken.clone();
        move || {
            if *draft != value && !draft.is_empty() && !taken.contains(&draft) {
                on_rename.emit((*draft).clone());
            }
        }
    };
    let onblur = {
        let commit = commit.clone();
        Callback::from(move |_: FocusEvent| commit())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            commit();
        }
    });
    html! {
        <span class="key-field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} type="text" spellcheck="false" value={(*draft).clone()} {oninput} {onblur} {onkeydown}
                   aria-invalid={clash.then_some("true")} />
            if clash {
                <span class="diag error" role="alert">{ format!("error: `{}` is already a key here", *draft) }</span>
            } else if *draft != p.value.as_str() {
                <span class="field-hint">{ "press Enter to rename" }</span>
            }
        </span>
    }
}

/// The configuration editors.
#[function_component(Configure)]
pub fn configure(p: &ConfigureProps) -> Html {
    let s = &p.state.scenario;
    let act = &p.on_action;
    let gi = if p.state.integration < s.integrations.len() {
        p.state.integration
    } else {
        0
    };
    html! {
        <>
            <header class="scenario-head">
                <h2 data-testid="scenario-title">{ if s.title.is_empty() { "Your scenario".to_string() } else { s.title.clone() } }</h2>
                if !s.notes.is_empty() {
                    <p class="notes">{ s.notes.clone() }</p>
                }
            </header>
            { routes(p) }
            if let Some(g) = s.integrations.get(gi) {
                { integration(p, gi, g) }
                if !g.integration_type.is_proxy() {
                    { responses(p, gi, g) }
                }
            } else {
                <section class="card">
                    <h3>{ "Integration" }</h3>
                    <p>{ "This API has no integration." }</p>
                    <button type="button" onclick={act.reform(|_| Action::AddIntegration)}>{ "Add an integration" }</button>
                </section>
            }
            { samples(p, s.integrations.get(gi)) }
        </>
    }
}

fn routes(p: &ConfigureProps) -> Html {
    let s = &p.state.scenario;
    let act = &p.on_action;
    let diags = diagnostics_for(&p.derived.outcome.diagnostics, &Source::RouteSelection);
    let rows = s.routes.iter().enumerate().map(|(i, r)| {
        let two_way = r.route_responses.iter().any(|rr| rr.route_response_key == "$default");
        let target_index = r.target.as_deref().and_then(|t| {
            let id = t.strip_prefix("integrations/").unwrap_or(t);
            s.integrations.iter().position(|g| g.integration_id.as_deref() == Some(id))
        });
        let selected = p.derived.outcome.route_key.as_deref() == Some(r.route_key.as_str());
        html! {
            <tr class={classes!(selected.then_some("selected"))}>
                <td>
                    <label class="visually-hidden" for={format!("route-key-{i}")}>{ format!("Route key {}", i + 1) }</label>
                    <input id={format!("route-key-{i}")} type="text" spellcheck="false" value={r.route_key.clone()}
                           oninput={act.reform(move |e: InputEvent| Action::SetRouteKey(i, dom::event_value(&e)))} />
                    if selected { <span class="badge">{ "selected" }</span> }
                </td>
                <td>
                    <label class="visually-hidden" for={format!("route-target-{i}")}>{ "Integration" }</label>
                    <select id={format!("route-target-{i}")}
                            onchange={act.reform(move |e: Event| Action::SetRouteTarget(i, dom::event_value(&e).parse().unwrap_or(0)))}>
                        if target_index.is_none() {
                            <option selected=true value="">{ r.target.clone().unwrap_or_else(|| "(none)".into()) }</option>
                        }
                        { for s.integrations.iter().enumerate().map(|(gi, g)| html! {
                            <option value={gi.to_string()} selected={target_index == Some(gi)}>
                                { format!("{} ({})", g.integration_id.clone().unwrap_or_else(|| format!("#{}", gi + 1)), Kind::of(g).label()) }
                            </option>
                        }) }
                    </select>
                </td>
                <td>
                    <label>
                        <input type="checkbox" checked={two_way} data-testid={format!("two-way-{i}")}
                               onchange={act.reform(move |e: Event| Action::SetTwoWay(i, dom::event_checked(&e)))} />
                        { if two_way { " two-way" } else { " one-way" } }
                    </label>
                </td>
                <td>
                    <button type="button" class="icon" aria-label={format!("Remove route {}", r.route_key)}
                            onclick={act.reform(move |_| Action::RemoveRoute(i))}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    html! {
        <section class="card" aria-labelledby="routes-title">
            <h3 id="routes-title">{ "Routes" }</h3>
            <Field id="ed-route-selection" label="Route selection expression" value={s.api.route_selection_expression.clone()}
                   diagnostics={diags} placeholder="$request.body.action"
                   on_input={act.reform(Action::SetRouteSelection)} />
            <table class="routes">
                <thead><tr><th scope="col">{ "Route key" }</th><th scope="col">{ "Integration" }</th><th scope="col">{ "Route response" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <button type="button" onclick={act.reform(|_| Action::AddRoute)}>{ "Add route" }</button>
            <p class="field-hint">{ "Two-way: the route has a $default route response, so the integration's result is sent back. One-way routes send nothing." }</p>
        </section>
    }
}

fn integration(p: &ConfigureProps, gi: usize, g: &Integration) -> Html {
    let s = &p.state.scenario;
    let act = &p.on_action;
    let all = &p.derived.outcome.diagnostics;
    let kind = Kind::of(g);
    let tabs = if s.integrations.len() > 1 {
        html! {
            <div class="tabs" role="group" aria-label="Integration">
                { for s.integrations.iter().enumerate().map(|(i, g)| html! {
                    <button type="button" class={classes!("tab", (i == gi).then_some("current"))} aria-pressed={(i == gi).to_string()}
                            onclick={act.reform(move |_| Action::SelectIntegration(i))}>
                        { g.integration_id.clone().unwrap_or_else(|| format!("#{}", i + 1)) }
                    </button>
                }) }
                <button type="button" onclick={act.reform(|_| Action::AddIntegration)}>{ "+" }</button>
            </div>
        }
    } else {
        html! { <button type="button" class="small" onclick={act.reform(|_| Action::AddIntegration)}>{ "Add another integration" }</button> }
    };
    let request = if g.integration_type.is_proxy() {
        html! { <p class="field-hint">{ "A proxy integration passes the message to the backend unchanged: no request templates." }</p> }
    } else {
        let sel_diags = diagnostics_for(all, &Source::RequestTemplateSelection { integration: gi });
        let keys: Vec<String> = g.request_templates.keys().cloned().collect();
        let templates = g.request_templates.iter().enumerate().map(|(ti, (k, t))| {
            let source = Source::RequestTemplate { integration: gi, key: k.clone() };
            let id = editor_id(s, &source).unwrap_or_default();
            let key = k.clone();
            let key2 = k.clone();
            let key3 = k.clone();
            html! {
                <div class="template" key={format!("rq-{ti}-{k}")}>
                    <div class="template-head">
                        <KeyField id={format!("rq-key-{gi}-{ti}")} label="Template key" value={k.clone()} taken={keys.clone()}
                                  on_rename={act.reform(move |new| Action::RenameRequestTemplate(gi, key.clone(), new))} />
                        <button type="button" class="icon" aria-label={format!("Remove request template {k}")}
                                onclick={act.reform(move |_| Action::RemoveRequestTemplate(gi, key2.clone()))}>{ "✕" }</button>
                    </div>
                    <CodeEditor value={t.clone()} language={Language::Vtl} label={format!("Request template {k}")}
                                id={Some(AttrValue::from(id.clone()))} testid={Some(AttrValue::from(format!("request-template-{ti}")))}
                                diagnostics={markers(&diagnostics_for(all, &source))} on_run={Some(act.reform(|_| Action::Run))}
                                on_change={act.reform(move |text| Action::SetRequestTemplate(gi, key3.clone(), text))} />
                </div>
            }
        });
        let passthrough = g.passthrough_behavior.unwrap_or_default();
        html! {
            <>
                <h4>{ "Request" }</h4>
                <Field id={format!("ed-request-selection-{gi}")} label="Template selection expression"
                       value={g.template_selection_expression.clone().unwrap_or_default()} diagnostics={sel_diags}
                       placeholder="\\$default" hint="empty: the $default template"
                       on_input={act.reform(move |v| Action::SetRequestSelection(gi, v))} />
                { for templates }
                <button type="button" onclick={act.reform(move |_| Action::AddRequestTemplate(gi))}>{ "Add request template" }</button>
                <div class="field">
                    <label for={format!("passthrough-{gi}")}>{ "Passthrough behavior" }</label>
                    <select id={format!("passthrough-{gi}")} onchange={act.reform(move |e: Event| Action::SetPassthrough(gi, match dom::event_value(&e).as_str() {
                        "NEVER" => Passthrough::Never, "WHEN_NO_TEMPLATES" => Passthrough::WhenNoTemplates, _ => Passthrough::WhenNoMatch }))}>
                        <option value="WHEN_NO_MATCH" selected={passthrough == Passthrough::WhenNoMatch}>{ "WHEN_NO_MATCH" }</option>
                        <option value="WHEN_NO_TEMPLATES" selected={passthrough == Passthrough::WhenNoTemplates}>{ "WHEN_NO_TEMPLATES" }</option>
                        <option value="NEVER" selected={passthrough == Passthrough::Never}>{ "NEVER" }</option>
                    </select>
                </div>
            </>
        }
    };
    html! {
        <section class="card" aria-labelledby="integration-title">
            <h3 id="integration-title">{ "Integration" }</h3>
            { tabs }
            <div class="field">
                <label for={format!("kind-{gi}")}>{ "Integration type" }</label>
                <select id={format!("kind-{gi}")} data-testid="integration-type"
                        onchange={act.reform(move |e: Event| {
                            let v = dom::event_value(&e);
                            let k = Kind::ALL.into_iter().find(|k| k.label() == v).unwrap_or(Kind::Http);
                            Action::SetKind(gi, k)
                        })}>
                    { for Kind::ALL.iter().map(|k| html! { <option value={k.label()} selected={*k == kind}>{ k.label() }</option> }) }
                </select>
                <span class="field-hint" data-testid="matches">{ format!("Integration response keys match {}.", kind.matches()) }</span>
            </div>
            if kind != Kind::Mock {
                <Field id={format!("uri-{gi}")} label="Integration URI" value={g.integration_uri.clone().unwrap_or_default()}
                       on_input={act.reform(move |v| Action::SetUri(gi, v))} />
            }
            { request }
        </section>
    }
}

fn responses(p: &ConfigureProps, gi: usize, g: &Integration) -> Html {
    let s = &p.state.scenario;
    let act = &p.on_action;
    let all = &p.derived.outcome.diagnostics;
    let n = g.integration_responses.len();
    let cards = g.integration_responses.iter().enumerate().map(|(ri, r)| {
        let key_source = Source::ResponseKey { integration: gi, response: ri };
        let key_diags = diagnostics_for(all, &key_source);
        let sel_diags = diagnostics_for(all, &Source::ResponseTemplateSelection { integration: gi, response: ri });
        let report = p.derived.outcome.keys.get(ri).filter(|_| p.derived.integration == Some(gi));
        let status = report.map(|k| {
            use crate::engine::select::KeyStatus as K;
            let (text, class) = match (&k.status, k.chosen) {
                (_, true) => ("selected", "chosen"),
                (K::Matched, false) => ("matches", "matched"),
                (K::NotMatched, _) => ("no match", "not-matched"),
                (K::Default, _) => ("catch-all", "default"),
                (K::Invalid, _) => ("invalid", "invalid"),
                (K::Skipped, _) => ("not tried", "skipped"),
            };
            html! { <span class={classes!("badge", class)} data-testid={format!("key-status-{ri}")}>{ text }</span> }
        });
        let keys: Vec<String> = r.response_templates.keys().cloned().collect();
        let templates = r.response_templates.iter().enumerate().map(|(ti, (k, t))| {
            let source = Source::ResponseTemplate { integration: gi, response: ri, key: k.clone() };
            let id = editor_id(s, &source).unwrap_or_default();
            let (k1, k2, k3) = (k.clone(), k.clone(), k.clone());
            let used = p.derived.outcome.integration_response_key.as_deref() == Some(r.integration_response_key.as_str())
                && report.is_some_and(|x| x.chosen)
                && p.derived.outcome.template_key.as_deref() == Some(k.as_str());
            html! {
                <div class={classes!("template", used.then_some("used"))} key={format!("rs-{ri}-{ti}-{k}")}>
                    <div class="template-head">
                        <KeyField id={format!("rs-key-{gi}-{ri}-{ti}")} label="Template key" value={k.clone()} taken={keys.clone()}
                                  on_rename={act.reform(move |new| Action::RenameResponseTemplate(gi, ri, k1.clone(), new))} />
                        if used { <span class="badge chosen">{ "rendered" }</span> }
                        <button type="button" class="icon" aria-label={format!("Remove response template {k}")}
                                onclick={act.reform(move |_| Action::RemoveResponseTemplate(gi, ri, k2.clone()))}>{ "✕" }</button>
                    </div>
                    <CodeEditor value={t.clone()} language={Language::Vtl} label={format!("Response template {k}")}
                                id={Some(AttrValue::from(id.clone()))} testid={Some(AttrValue::from(format!("response-template-{ri}-{ti}")))}
                                diagnostics={markers(&diagnostics_for(all, &source))} on_run={Some(act.reform(|_| Action::Run))}
                                on_change={act.reform(move |text| Action::SetResponseTemplate(gi, ri, k3.clone(), text))} />
                </div>
            }
        });
        html! {
            <li class={classes!("response", report.is_some_and(|k| k.chosen).then_some("chosen"))} key={format!("ir-{ri}")}>
                <div class="response-head">
                    <span class="order">{ format!("#{}", ri + 1) }</span>
                    <div class="grow">
                        <Field id={format!("ed-key-{gi}-{ri}")} label="Integration response key" value={r.integration_response_key.clone()}
                               diagnostics={key_diags} placeholder="/2\\d\\d/ or $default"
                               on_input={act.reform(move |v| Action::SetResponseKey(gi, ri, v))} />
                    </div>
                    { for status }
                    <button type="button" class="icon" aria-label={format!("Move response {} up", ri + 1)} disabled={ri == 0}
                            onclick={act.reform(move |_| Action::MoveResponse(gi, ri, -1))}>{ "↑" }</button>
                    <button type="button" class="icon" aria-label={format!("Move response {} down", ri + 1)} disabled={ri + 1 == n}
                            onclick={act.reform(move |_| Action::MoveResponse(gi, ri, 1))}>{ "↓" }</button>
                    <button type="button" class="icon" aria-label={format!("Remove response {}", ri + 1)}
                            onclick={act.reform(move |_| Action::RemoveResponse(gi, ri))}>{ "✕" }</button>
                </div>
                <Field id={format!("ed-response-selection-{gi}-{ri}")} label="Template selection expression"
                       value={r.template_selection_expression.clone().unwrap_or_default()} diagnostics={sel_diags}
                       placeholder="${integration.response.statuscode}" hint="empty: the $default template"
                       on_input={act.reform(move |v| Action::SetResponseSelection(gi, ri, v))} />
                { for templates }
                <button type="button" onclick={act.reform(move |_| Action::AddResponseTemplate(gi, ri))}>{ "Add response template" }</button>
            </li>
        }
    });
    html! {
        <section class="card" aria-labelledby="responses-title">
            <h3 id="responses-title">{ "Integration responses" }</h3>
            <p class="field-hint">{ format!("Keys are $default or a Java regex in slashes, matched against {}; tried in this order.", Kind::of(g).matches()) }</p>
            <ol class="responses" data-testid="responses">{ for cards }</ol>
            <button type="button" onclick={act.reform(move |_| Action::AddResponse(gi))} data-testid="add-response">{ "Add integration response" }</button>
        </section>
    }
}

fn samples(p: &ConfigureProps, g: Option<&Integration>) -> Html {
    let st = &p.state;
    let s = &st.scenario;
    let act = &p.on_action;
    let all = &p.derived.outcome.diagnostics;
    let kind = g.map(Kind::of).unwrap_or(Kind::Http);
    let b = &s.sample.backend;
    let message_json = crate::engine::vtl::kept_json(&s.sample.message).is_some();
    let backend = match kind {
        Kind::Mock => html! {
            <p class="field-hint">{ "A MOCK integration calls nothing: its status is the statusCode in the rendered request template, and its body is empty." }</p>
        },
        Kind::Lambda | Kind::LambdaProxy => {
            let failing = b.lambda_error.is_some();
            let message = b
                .lambda_error
                .as_ref()
                .map(|e| e.error_message.clone())
                .unwrap_or_default();
            html! {
                <>
                    <fieldset class="field">
                        <legend>{ "The function" }</legend>
                        <label><input type="radio" name="lambda-outcome" checked={!failing}
                               onchange={act.reform(|_| Action::SetLambdaError(None))} />{ " succeeds" }</label>
                        <label><input type="radio" name="lambda-outcome" checked={failing} data-testid="lambda-fails"
                               onchange={act.reform(|_| Action::SetLambdaError(Some("Invalid request: example".into())))} />{ " fails" }</label>
                    </fieldset>
                    if failing {
                        <Field id="lambda-error" label="errorMessage" value={message}
                               on_input={act.reform(|v| Action::SetLambdaError(Some(v)))} />
                    }
                    <CodeEditor value={b.body.clone()} language={Language::Json} id={Some(AttrValue::from("ed-body"))} testid={Some(AttrValue::from("backend-body"))}
                                label={if kind == Kind::LambdaProxy { "Lambda result ({\"statusCode\": 200, \"body\": \"…\"})" } else { "Lambda return value" }}
                                diagnostics={markers(&diagnostics_for(all, &Source::BackendBody))}
                                on_change={act.reform(Action::SetBody)} />
                </>
            }
        }
        _ => html! {
            <>
                <div class="field">
                    <label for="status">{ "Status code" }</label>
                    <input id="status" type="text" inputmode="numeric" value={st.drafts.status.clone()} data-testid="status"
                           aria-invalid={st.drafts.status_error.is_some().then_some("true")}
                           oninput={act.reform(|e: InputEvent| Action::SetStatus(dom::event_value(&e)))} />
                    if let Some(e) = &st.drafts.status_error {
                        <span class="diag error" role="alert">{ format!("error: {e}") }</span>
                    }
                </div>
                <div class="field">
                    <label for="headers">{ "Headers (Name: value, one a line)" }</label>
                    <textarea id="headers" rows="2" spellcheck="false" value={st.drafts.headers.clone()}
                              oninput={act.reform(|e: InputEvent| Action::SetHeaders(dom::event_value(&e)))} />
                </div>
                <CodeEditor value={b.body.clone()} language={Language::Json} label="Response body" id={Some(AttrValue::from("ed-body"))}
                            testid={Some(AttrValue::from("backend-body"))}
                            diagnostics={markers(&diagnostics_for(all, &Source::BackendBody))}
                            on_change={act.reform(Action::SetBody)} />
            </>
        },
    };
    html! {
        <section class="card" aria-labelledby="samples-title">
            <h3 id="samples-title">{ "Samples" }</h3>
            <CodeEditor value={s.sample.message.clone()} language={if message_json { Language::Json } else { Language::Plain }}
                        label="The client's message" id={Some(AttrValue::from("ed-message"))} testid={Some(AttrValue::from("message"))}
                        diagnostics={markers(&diagnostics_for(all, &Source::Message))} on_run={Some(act.reform(|_| Action::Run))}
                        on_change={act.reform(Action::SetMessage)} />
            <h4>{ "The backend answers" }</h4>
            { backend }
            <details class="context">
                <summary>{ "$context and stage variables" }</summary>
                <CodeEditor value={st.drafts.context.clone()} language={Language::Json}
                            label="$context fields (JSON, over realistic WebSocket defaults)" id={Some(AttrValue::from("ed-context"))}
                            placeholder={"{\"connectionId\": \"Qyi07eCbtjMCJKw=\", \"stage\": \"production\"}"}
                            on_change={act.reform(Action::SetContext)} />
                if let Some(e) = &st.drafts.context_error {
                    <p class="diag error" role="alert">{ format!("error: {e} — not applied until it is valid") }</p>
                }
                <div class="field">
                    <label for="stage-variables">{ "Stage variables (name=value, one a line)" }</label>
                    <textarea id="stage-variables" rows="2" spellcheck="false" value={st.drafts.stage_variables.clone()}
                              oninput={act.reform(|e: InputEvent| Action::SetStageVariables(dom::event_value(&e)))} />
                </div>
            </details>
        </section>
    }
}

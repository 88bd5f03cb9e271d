//! The results: what the client receives (or why nothing), the status map, the trace, every
//! diagnostic with its place, the test table, and the switches for undocumented behaviour.

use super::editor_id;
use crate::engine::assumptions::{
    self, Assumptions, EmptyOutput, FailureFrame, RegexMatch, RejectFrame, SeveralMatch, Whitespace,
};
use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::json;
use crate::engine::json_doc;
use crate::engine::pipeline::{Outcome, stage_name};
use crate::engine::span::Encoding;
use crate::state::{Action, Kind, State, describe_backend};
use crate::ui::{Derived, dom};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The page state.
    pub state: State,
    /// What the engine made of it.
    pub derived: Rc<Derived>,
    /// Changes.
    pub on_action: Callback<Action>,
}

/// The results pane.
#[function_component(Results)]
pub fn results(p: &ResultsProps) -> Html {
    let o = &p.derived.outcome;
    html! {
        <>
            { client_receives(o, p.state.runs) }
            { status_map(p) }
            { trace(o) }
            { diagnostics(p) }
            { test_table(p) }
            { settings(p) }
        </>
    }
}

/// A frame or output longer than this shows its first 64 KB, with a button to show all of it:
/// the browser lays out all of a `<pre>`'s text at once (about 100 ms for 1 MB in Chromium, in
/// one task), and API Gateway sends no message over 128 KB anyway (the trace says so).
pub const FRAME_SHOWN_BYTES: usize = 64 * 1024;

/// Props of [`LongText`].
#[derive(Properties, PartialEq)]
struct LongTextProps {
    text: AttrValue,
    testid: AttrValue,
}

/// `text` in a `<pre>`: whole up to [`FRAME_SHOWN_BYTES`], else its start until asked.
#[function_component(LongText)]
fn long_text(p: &LongTextProps) -> Html {
    let all = use_state(|| false);
    let text = p.text.as_str();
    if text.len() <= FRAME_SHOWN_BYTES || *all {
        return html! { <pre class="frame" data-testid={p.testid.clone()}>{ p.text.clone() }</pre> };
    }
    let (head, how_much) = super::text_head(text, FRAME_SHOWN_BYTES);
    let show = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <>
            <pre class="frame" data-testid={p.testid.clone()}>{ head }{ "\u{2026}" }</pre>
            <p class="frame-cut" data-testid={format!("{}-cut", p.testid)}>
                { format!("Showing the {how_much}. ") }
                <button type="button" class="small" data-testid={format!("{}-show-all", p.testid)} onclick={show}>
                    { "Show all" }
                </button>
            </p>
        </>
    }
}

fn client_receives(o: &Outcome, runs: u32) -> Html {
    let (headline, frame, why) = match (&o.close, &o.client_receives) {
        (Some(c), _) => (
            format!("The connection closes with code {} ({})", c.code, c.reason),
            None,
            None,
        ),
        (None, Some(f)) if f.is_empty() => (
            "The client receives an empty frame".to_string(),
            Some(f.clone()),
            None,
        ),
        (None, Some(f)) => ("The client receives".to_string(), Some(f.clone()), None),
        (None, None) => {
            let why = o
                .trace
                .last()
                .map(|s| s.summary.clone())
                .unwrap_or_default();
            ("The client receives nothing".to_string(), None, Some(why))
        }
    };
    let mut announce = match &frame {
        Some(f) => format!("{headline}: {}", f.chars().take(200).collect::<String>()),
        None => format!("{headline}. {}", why.clone().unwrap_or_default()),
    };
    if runs > 0 {
        // a changed text makes screen readers announce the same result again
        announce.push_str(&format!(" (run {runs})"));
    }
    let body = frame.map(|f| {
        let looks_json = f.trim_start().starts_with('{') || f.trim_start().starts_with('[');
        let parsed = json::parse(&f);
        let badge = match (&parsed, looks_json) {
            (Ok(_), _) => html! { <span class="badge ok" data-testid="json-badge">{ "valid JSON" }</span> },
            (Err(e), true) => {
                let pos = crate::engine::span::LineIndex::new(&f).position(&f, e.span.start as usize, Encoding::Chars);
                html! { <span class="badge bad" data-testid="json-badge">{ format!("invalid JSON: {} at {}:{}", e.message, pos.line, pos.column) }</span> }
            }
            (Err(_), false) => html! { <span class="badge neutral" data-testid="json-badge">{ "text" }</span> },
        };
        // a frame too long to show whole is too long to show twice; pretty from the parse above
        let shown = parsed
            .as_ref()
            .ok()
            .filter(|_| f.len() <= FRAME_SHOWN_BYTES)
            .and_then(json_doc::from_value)
            .map(|v| json_doc::to_pretty(&v));
        html! {
            <>
                { badge }
                <LongText text={AttrValue::from(f.clone())} testid="client-receives" />
                if let Some(pr) = shown.filter(|pr| *pr != f) {
                    <details class="pretty">
                        <summary>{ "Pretty-printed" }</summary>
                        <pre class="frame">{ pr }</pre>
                    </details>
                }
            </>
        }
    });
    html! {
        <section class="card result" aria-labelledby="receives-title">
            <h3 id="receives-title" data-testid="receives-headline">{ headline }</h3>
            { for body }
            if let Some(w) = why {
                <p class="why" data-testid="client-receives-nothing">{ w }</p>
            }
            if let Some(out) = o.output.as_ref().filter(|_| o.client_receives.is_none() && o.close.is_none()) {
                <details class="pretty">
                    <summary>{ "What the integration produced" }</summary>
                    <LongText text={AttrValue::from(out.clone())} testid="output" />
                </details>
            }
            <p class="visually-hidden" aria-live="polite" data-testid="live">{ announce }</p>
        </section>
    }
}

fn status_map(p: &ResultsProps) -> Html {
    let d = &p.derived;
    let s = &p.state.scenario;
    let Some(gi) = d.integration else {
        return html! {};
    };
    let Some(g) = s.integrations.get(gi) else {
        return html! {};
    };
    if g.integration_type.is_proxy() || d.sweep.is_empty() {
        return html! {};
    }
    let note = match Kind::of(g) {
        Kind::Lambda => Some(
            "This is a Lambda integration: keys match the errorMessage, so status codes do not select responses. Shown for reference.",
        ),
        Kind::Mock => Some(
            "MOCK: the status comes from the request template; clicking a code shows what it would select.",
        ),
        _ => None,
    };
    let keys: Vec<String> = g
        .integration_responses
        .iter()
        .map(|r| r.integration_response_key.clone())
        .collect();
    html! {
        <StatusMap sweep={d.sweep.clone()} messages={d.messages.clone()} {keys} {note}
            current={s.sample.backend.status_code} on_action={p.on_action.clone()} />
    }
}

/// Props of [`StatusMap`]: only what it shows, so that an edit which changes none of it (most
/// template edits) does not rebuild its 500 buttons.
#[derive(Properties, PartialEq)]
struct StatusMapProps {
    sweep: Vec<(u16, Option<usize>)>,
    messages: Vec<(Option<String>, Option<usize>)>,
    /// The integration responses' keys, in order.
    keys: Vec<String>,
    note: Option<&'static str>,
    current: u16,
    on_action: Callback<Action>,
}

/// The status map: codes 100–599 coloured by the response each selects, the same as text, and
/// for a Lambda integration the error messages and their keys.
#[function_component(StatusMap)]
fn status_map_view(p: &StatusMapProps) -> Html {
    let key = |sel: Option<usize>| -> String {
        sel.and_then(|k| p.keys.get(k))
            .cloned()
            .unwrap_or_else(|| "no match".into())
    };
    let current = p.current;
    let legend = p.keys.iter().enumerate().map(|(i, k)| {
        html! { <li><span class={classes!("swatch", format!("k{}", i % 8))}></span>{ format!("#{} {k}", i + 1) }</li> }
    });
    let rows = (1..=5u16).map(|h| {
        let cells = p.sweep.iter().filter(|(c, _)| c / 100 == h).map(|&(code, sel)| {
            let class = match sel {
                Some(i) => format!("k{}", i % 8),
                None => "none".to_string(),
            };
            let label = match sel {
                Some(i) => format!("{code}: #{} {}", i + 1, key(Some(i))),
                None => format!("{code}: no match (Internal server error)"),
            };
            html! {
                <button type="button" class={classes!("code", class, (code == current).then_some("current"))} title={label.clone()}
                        aria-label={label} aria-pressed={(code == current).to_string()} data-testid={format!("status-{code}")}
                        onclick={p.on_action.reform(move |_| Action::PickStatus(code))}>
                    { format!("{:02}", code % 100) }
                </button>
            }
        });
        html! { <div class="status-row"><span class="hundreds">{ format!("{h}xx") }</span><div class="codes">{ for cells }</div></div> }
    });
    // the same, as text: colour is never the only signal
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < p.sweep.len() {
        let mut j = i;
        while j + 1 < p.sweep.len() && p.sweep[j + 1].1 == p.sweep[i].1 {
            j += 1;
        }
        let span = if i == j {
            p.sweep[i].0.to_string()
        } else {
            format!("{}–{}", p.sweep[i].0, p.sweep[j].0)
        };
        ranges.push(format!("{span} → {}", key(p.sweep[i].1)));
        i = j + 1;
    }
    let messages = (!p.messages.is_empty()).then(|| {
        let rows = p.messages.iter().map(|(m, sel)| {
            let to = match sel {
                Some(_) => key(*sel),
                None => "no match (Internal server error)".to_string(),
            };
            let what = m.as_ref().map_or("the function succeeds".to_string(), |m| {
                format!("errorMessage “{m}”")
            });
            html! { <li>{ format!("{what} → {to}") }</li> }
        });
        html! {
            <>
                <h4>{ "Error messages (sample and test table)" }</h4>
                <ul class="messages" data-testid="lambda-messages">{ for rows }</ul>
            </>
        }
    });
    html! {
        <section class="card" aria-labelledby="map-title">
            <h3 id="map-title">{ "Status map" }</h3>
            { for messages }
            <p class="field-hint">{ "Which integration response each status 100–599 selects. Click a code to run the scenario with it." }</p>
            if let Some(n) = p.note { <p class="field-hint">{ n }</p> }
            <ul class="legend">{ for legend }<li><span class="swatch none"></span>{ "no match" }</li></ul>
            <div class="status-map" data-testid="status-map">{ for rows }</div>
            <p class="sweep-text field-hint" data-testid="sweep-text">{ ranges.join("; ") }</p>
        </section>
    }
}

fn trace(o: &Outcome) -> Html {
    let steps = o.trace.iter().map(|st| {
        let unknowns = st.undocumented.iter().filter_map(|u| assumptions::unknown(u)).map(|u| {
            html! {
                <li class="undocumented">
                    <span class="badge u">{ u.id }</span>
                    { format!(" AWS undocumented: {} Assumed: {}.", u.question, u.default) }
                </li>
            }
        });
        html! {
            <li class={classes!("step", format!("stage-{}", stage_name(st.stage).replace(' ', "-")))}>
                <span class="stage">{ stage_name(st.stage) }</span>
                <span class="summary">{ st.summary.clone() }</span>
                if !st.details.is_empty() || !st.undocumented.is_empty() {
                    <ul class="details">
                        { for st.details.iter().map(|d| html! { <li>{ d.clone() }</li> }) }
                        { for unknowns }
                    </ul>
                }
            </li>
        }
    });
    html! {
        <section class="card" aria-labelledby="trace-title">
            <h3 id="trace-title">{ "What happened, step by step" }</h3>
            <ol class="trace" data-testid="trace">{ for steps }</ol>
        </section>
    }
}

fn diagnostics(p: &ResultsProps) -> Html {
    let s = &p.state.scenario;
    let diags = &p.derived.outcome.diagnostics;
    if diags.is_empty() {
        return html! {
            <section class="card" aria-labelledby="diag-title">
                <h3 id="diag-title">{ "Problems" }</h3>
                <p data-testid="no-problems">{ "None found." }</p>
            </section>
        };
    }
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    // errors first, then warnings, then notes
    crate::engine::sort::sort_by_key_u32(&mut sorted, |d| 2 - d.severity as u32);
    let items = sorted.into_iter().map(|d| {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        let text = s.source_text(&d.source);
        let pos = text.and_then(|t| d.position(t, Encoding::Utf16));
        let place = match pos {
            Some(p) => format!("{} {}:{}", d.source, p.line, p.column),
            None => d.source.to_string(),
        };
        let target = editor_id(s, &d.source);
        html! {
            <li class={classes!("diag", sev)} data-testid="diagnostic">
                <span class="sev">{ sev }</span>{ " " }
                if let Some(id) = target {
                    <button type="button" class="link" onclick={Callback::from(move |_| dom::focus(&id))}>{ place }</button>
                } else {
                    <span class="place">{ place }</span>
                }
                { ": " }{ d.message.clone() }
                { for d.hints.iter().map(|h| html! { <div class="hint">{ format!("hint: {h}") }</div> }) }
            </li>
        }
    });
    html! {
        <section class="card" aria-labelledby="diag-title">
            <h3 id="diag-title">{ format!("Problems ({})", diags.len()) }</h3>
            <ul class="diagnostics">{ for items }</ul>
        </section>
    }
}

fn test_table(p: &ResultsProps) -> Html {
    let s = &p.state.scenario;
    let results = &p.derived.tests;
    let passed = results.iter().filter(|r| r.passed).count();
    let rows = results.iter().enumerate().map(|(i, r)| {
        let case = s.tests.get(i);
        let backend = case.and_then(|c| c.backend.as_ref()).map(describe_backend).unwrap_or_else(|| "the sample".into());
        let expected = case.map(|c| {
            let mut parts = Vec::new();
            if let Some(k) = &c.expect.integration_response_key {
                parts.push(format!("key {k}"));
            }
            if let Some(k) = &c.expect.template_key {
                parts.push(format!("template {k}"));
            }
            if let Some(f) = &c.expect.client_receives {
                parts.push(match f {
                    Some(f) => format!("frame {f}"),
                    None => "no frame".into(),
                });
            }
            parts.join("; ")
        }).unwrap_or_default();
        let mismatch = r.mismatches.iter().map(|m| {
            format!("{}: got {}", m.field, m.actual.clone().unwrap_or_else(|| "nothing".into()))
        }).collect::<Vec<_>>().join("; ");
        html! {
            <tr class={if r.passed { "pass" } else { "fail" }} data-testid="test-row">
                <td class="verdict">{ if r.passed { "✓ pass" } else { "✗ fail" } }</td>
                <td>{ r.name.clone() }</td>
                <td>{ backend }</td>
                <td class="expected">{ expected }</td>
                <td class="actual">{ if r.passed { "as expected".to_string() } else { mismatch } }</td>
                <td><button type="button" class="icon" aria-label={format!("Remove test {}", r.name)}
                            onclick={p.on_action.reform(move |_| Action::RemoveTest(i))}>{ "✕" }</button></td>
            </tr>
        }
    });
    let add = p.on_action.reform(|_| Action::AddTest);
    html! {
        <section class="card" aria-labelledby="tests-title">
            <h3 id="tests-title" data-testid="tests-summary">{ format!("Tests: {passed} of {} pass", results.len()) }</h3>
            if !results.is_empty() {
                <table class="tests">
                    <thead><tr><th scope="col">{ "Result" }</th><th scope="col">{ "Test" }</th><th scope="col">{ "Backend" }</th>
                        <th scope="col">{ "Expected" }</th><th scope="col">{ "Actual" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
            <button type="button" onclick={add} data-testid="add-test">{ "Add the current sample as a test" }</button>
            <p class="field-hint">{ "A test expects what happens now; the CLI runs the same table: apigw-playground test scenario.json" }</p>
        </section>
    }
}

fn settings(p: &ResultsProps) -> Html {
    let a = p.state.scenario.assumptions;
    let set = |f: fn(&mut Assumptions, bool)| {
        p.on_action.reform(move |e: Event| {
            let mut next = a;
            f(&mut next, dom::event_checked(&e));
            Action::SetAssumptions(next)
        })
    };
    let row = |id: &'static str, checked: bool, text: &str, cb: Callback<Event>| {
        let u = assumptions::unknown(id);
        html! {
            <li>
                <label>
                    <input type="checkbox" {checked} onchange={cb} data-testid={format!("assume-{id}")} />
                    <span class="badge u">{ id }</span>{ format!(" {text}") }
                </label>
                if let Some(u) = u {
                    <div class="hint">{ format!("AWS does not say {} Default: {}.", u.question, u.default) }</div>
                }
            </li>
        }
    };
    html! {
        <details class="card settings">
            <summary>{ "Undocumented behaviour: the playground's assumptions" }</summary>
            <p class="field-hint">{ "Tick to see the alternative outcome. The probe kit (Live WebSocket, Probes) settles these on your own deployment." }</p>
            <ul class="assumptions">
                { row("U-2", a.regex_match == RegexMatch::Search, "regex keys search the value instead of matching all of it",
                      set(|x, on| x.regex_match = if on { RegexMatch::Search } else { RegexMatch::Full })) }
                { row("U-3", a.several_match == SeveralMatch::Last, "when several keys match, the last listed wins",
                      set(|x, on| x.several_match = if on { SeveralMatch::Last } else { SeveralMatch::First })) }
                { row("U-4", a.no_match == FailureFrame::Nothing, "no matching key and no $default sends nothing",
                      set(|x, on| x.no_match = if on { FailureFrame::Nothing } else { FailureFrame::InternalServerError })) }
                { row("U-8", a.passthrough_reject == RejectFrame::InternalServerError, "a passthrough rejection sends Internal server error",
                      set(|x, on| x.passthrough_reject = if on { RejectFrame::InternalServerError } else { RejectFrame::UnsupportedMediaType })) }
                { row("U-11", a.empty_output == EmptyOutput::NoFrame, "an empty rendered response sends no frame",
                      set(|x, on| x.empty_output = if on { EmptyOutput::NoFrame } else { EmptyOutput::EmptyFrame })) }
                { row("U-12", a.template_error == FailureFrame::Nothing, "a failing template sends nothing",
                      set(|x, on| x.template_error = if on { FailureFrame::Nothing } else { FailureFrame::InternalServerError })) }
                { row("U-15", a.whitespace == Whitespace::Trim, "rendered templates are trimmed",
                      set(|x, on| x.whitespace = if on { Whitespace::Trim } else { Whitespace::Keep })) }
            </ul>
        </details>
    }
}

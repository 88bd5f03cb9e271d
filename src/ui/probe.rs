//! The probe kit in the live console (wasm32 only): the probe stack's CloudFormation template
//! (copy, download, what it creates and how to delete it), and "Run all probes", which sends
//! every probe's message to the console's URL, waits for each frame (a time-out means "no
//! frame"), and shows the engine's prediction beside what came, with a JSON report to download.
//!
//! Predictions come from [`probe::predict`] under the page's current assumptions, so switching
//! one (Results, "Undocumented behaviour") changes the predictions and verdicts at once. Each
//! probe runs on its own connection, so a late frame cannot be taken for another probe's and a
//! probe that closes its connection cannot spoil the rest. Nothing here panics: a refused
//! connection is that probe's result.

use crate::engine::assumptions::Assumptions;
use crate::engine::probe::{self, Expect, Observed, Verdict};
use crate::ui::dom;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

/// How long a probe waits for a frame, once its message is sent.
pub const TIMEOUT_MS: u64 = probe::DEFAULT_TIMEOUT_MS;
/// How long a probe waits for its connection to open.
const CONNECT_MS: f64 = 10_000.0;
/// How often a running probe looks for its answer.
const POLL_MS: u64 = 20;

/// Props of [`Probes`].
#[derive(Properties, PartialEq)]
pub struct ProbesProps {
    /// The console's URL, when it is valid.
    pub url: Option<String>,
    /// The page's assumptions: the predictions follow them.
    pub assumptions: Assumptions,
}

/// A run: what came back for each probe (by [`probe::probes`] index).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// Bumped by every run: results of an older run are dropped.
    pub generation: u64,
    /// The URL probed.
    pub url: String,
    /// When it started (ISO 8601).
    pub time: String,
    /// Results so far.
    pub results: Vec<Option<Observed>>,
}

impl Run {
    /// True while a probe has no result yet.
    pub fn running(&self) -> bool {
        self.results.iter().any(Option::is_none)
    }

    /// Results by probe id, for [`probe::report`].
    pub fn observed(&self) -> Vec<(String, Observed)> {
        probe::probes()
            .iter()
            .zip(&self.results)
            .filter_map(|(p, r)| r.clone().map(|o| (p.id.to_string(), o)))
            .collect()
    }
}

/// Changes to a [`Run`].
pub enum RunAction {
    /// A new run of `n` probes.
    Start {
        /// The URL.
        url: String,
        /// ISO time.
        time: String,
        /// How many probes.
        n: usize,
    },
    /// Probe `index` of run `generation` gave `observed`.
    Got {
        /// Which run.
        generation: u64,
        /// Which probe.
        index: usize,
        /// What came.
        observed: Observed,
    },
}

impl Reducible for Run {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RunAction::Start { url, time, n } => {
                next.generation += 1;
                next.url = url;
                next.time = time;
                next.results = vec![None; n];
            }
            RunAction::Got {
                generation,
                index,
                observed,
            } => {
                if generation != next.generation {
                    return self;
                }
                if let Some(slot) = next.results.get_mut(index) {
                    *slot = Some(observed);
                }
            }
        }
        Rc::new(next)
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn iso_now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Sends `message` on a connection of its own to `url` and waits `timeout_ms` for a frame.
pub async fn run_one(url: &str, message: &str, timeout_ms: u64) -> Observed {
    let ws = match WebSocket::new(url) {
        Ok(ws) => ws,
        Err(e) => {
            return Observed::Failed {
                error: js_error_text(&e),
            };
        }
    };
    let result: Rc<RefCell<Option<Observed>>> = Rc::new(RefCell::new(None));
    let sent_at: Rc<RefCell<Option<f64>>> = Rc::new(RefCell::new(None));
    let settle = {
        let result = result.clone();
        move |o: Observed| {
            if let Ok(mut r) = result.try_borrow_mut()
                && r.is_none()
            {
                *r = Some(o);
            }
        }
    };
    let on_open = {
        let ws = ws.clone();
        let message = message.to_string();
        let sent_at = sent_at.clone();
        let settle = settle.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| match ws.send_with_str(&message) {
            Ok(()) => {
                if let Ok(mut s) = sent_at.try_borrow_mut() {
                    *s = Some(now_ms());
                }
            }
            Err(e) => settle(Observed::Failed {
                error: format!("cannot send: {}", js_error_text(&e)),
            }),
        })
    };
    let on_message = {
        let settle = settle.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let text = match data.as_string() {
                Some(s) => s,
                None => "[binary frame]".to_string(),
            };
            settle(Observed::Frame { text });
        })
    };
    let on_close = {
        let settle = settle.clone();
        let sent_at = sent_at.clone();
        Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            let opened = sent_at.try_borrow().map(|s| s.is_some()).unwrap_or(true);
            settle(if opened {
                Observed::Closed {
                    code: e.code(),
                    reason: e.reason(),
                }
            } else {
                Observed::Failed {
                    error: format!(
                        "cannot connect (close code {}): the server refused it, the name did not resolve, or TLS failed",
                        e.code()
                    ),
                }
            });
        })
    };
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let started = now_ms();
    let observed = loop {
        sleep(Duration::from_millis(POLL_MS)).await;
        if let Some(o) = result.try_borrow().ok().and_then(|r| r.clone()) {
            break o;
        }
        let sent = sent_at.try_borrow().ok().and_then(|s| *s);
        match sent {
            Some(t) if now_ms() - t >= timeout_ms as f64 => {
                break Observed::NoFrame {
                    waited_ms: (now_ms() - t) as u64,
                };
            }
            None if now_ms() - started >= CONNECT_MS => {
                break Observed::Failed {
                    error: format!("no connection within {} s", CONNECT_MS / 1000.0),
                };
            }
            _ => {}
        }
    };
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
    let _ = ws.close();
    drop((on_open, on_message, on_close));
    observed
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Agree => "agree",
        Verdict::Differ => "differ",
        Verdict::Failed => "failed",
    }
}

/// The probe kit.
#[function_component(Probes)]
pub fn probes(props: &ProbesProps) -> Html {
    let run = use_reducer(Run::default);
    let notice = use_state(|| None::<String>);
    let list = use_memo((), |_| probe::probes());
    // the stack template is written by the import/export worker, asked for when the section is
    // first opened (the worker then loads; the page does not load it for a closed section)
    let template = use_state(|| None::<Result<String, String>>);
    let on_toggle = {
        let template = template.clone();
        let asked = use_mut_ref(|| false);
        Callback::from(move |_: Event| {
            if std::mem::replace(&mut *asked.borrow_mut(), true) {
                return;
            }
            let template = template.clone();
            crate::ui::iac_client::request(
                serde_json::json!({ "op": "probe-stack" }),
                Callback::from(move |answer: serde_json::Value| {
                    template.set(Some(
                        match (answer["text"].as_str(), answer["error"].as_str()) {
                            (Some(t), _) => Ok(t.to_string()),
                            (None, e) => Err(e.unwrap_or("no template came back").to_string()),
                        },
                    ));
                }),
            );
        })
    };
    let ready = matches!(&*template, Some(Ok(_)));
    let predicted = use_memo(props.assumptions, |a| probe::predict(*a));
    let running = run.running();
    // the full report (with which choice each answer agrees with) once a run is done
    let report = use_memo((props.assumptions, (*run).clone()), |(a, r)| {
        (!r.results.is_empty() && !r.running()).then(|| {
            let mut rep = probe::report(&r.url, TIMEOUT_MS, *a, &r.observed());
            rep.time = Some(r.time.clone());
            rep
        })
    });

    let on_copy = {
        let template = template.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(template)) = &*template else {
                return;
            };
            dom::copy(template);
            notice.set(Some("Copied the probe stack template".into()));
        })
    };
    let on_download = {
        let template = template.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(template)) = &*template else {
                return;
            };
            if let Err(e) = dom::download("probe-stack.yaml", "application/yaml", template) {
                notice.set(Some(format!("Download failed: {e}")));
            }
        })
    };
    let on_run = {
        let run = run.clone();
        let url = props.url.clone();
        let list = list.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(url) = url.clone() else {
                notice.set(Some("Enter the probe stack's URL above first".into()));
                return;
            };
            notice.set(None);
            let generation = run.generation + 1;
            run.dispatch(RunAction::Start {
                url: url.clone(),
                time: iso_now(),
                n: list.len(),
            });
            for (index, p) in list.iter().enumerate() {
                let d = run.dispatcher();
                let url = url.clone();
                let message = p.message.clone();
                spawn_local(async move {
                    let observed = run_one(&url, &message, TIMEOUT_MS).await;
                    d.dispatch(RunAction::Got {
                        generation,
                        index,
                        observed,
                    });
                });
            }
        })
    };
    let on_report = {
        let report = report.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = report.as_ref()
                && let Err(e) =
                    dom::download("apigw-probe-report.json", "application/json", &r.to_json())
            {
                notice.set(Some(format!("Download failed: {e}")));
            }
        })
    };

    let done = run.results.iter().filter(|r| r.is_some()).count();
    let status = if run.results.is_empty() {
        format!(
            "{} probes, not run yet. Predictions follow the assumptions chosen under Undocumented behaviour.",
            list.len()
        )
    } else if running {
        format!(
            "running: {done} of {} answered ({} ms for a frame)…",
            list.len(),
            TIMEOUT_MS
        )
    } else {
        match report.as_ref() {
            Some(r) => format!(
                "{} probes against {}: {} agree, {} differ, {} failed",
                r.summary.total, r.url, r.summary.agree, r.summary.differ, r.summary.failed
            ),
            None => String::new(),
        }
    };

    let rows = list.iter().enumerate().map(|(i, p)| {
        let pred = predicted.get(i);
        let actual = run.results.get(i).cloned().flatten();
        let verdict = match (pred, &actual) {
            (Some(e), Some(o)) => Some(probe::compare(e, o)),
            _ => None,
        };
        let agrees_with = report
            .as_ref()
            .as_ref()
            .and_then(|r| r.probes.get(i))
            .and_then(|row| row.agrees_with.clone())
            .filter(|w| verdict == Some(Verdict::Differ) && !w.is_empty());
        let pred_title = match pred {
            Some(Expect::NoFrame { why }) => why.clone(),
            _ => String::new(),
        };
        html! {
            <tr key={p.id} data-testid="probe-row" data-probe={p.id}>
                <td><code>{ p.id }</code></td>
                <td>{ p.unknown }</td>
                <td class="probe-question">{ p.question }</td>
                <td><code class="probe-frame" data-testid="probe-predicted" title={pred_title}>
                    { pred.map(Expect::text).unwrap_or_default() }
                </code></td>
                <td><code class="probe-frame" data-testid="probe-actual">
                    { match &actual {
                        Some(o) => o.text(),
                        None if running => "…".to_string(),
                        None => "—".to_string(),
                    } }
                </code></td>
                <td data-testid="probe-verdict" class={classes!("probe-verdict", verdict.map(verdict_class))}>
                    { verdict.map(Verdict::as_str).unwrap_or("") }
                    if let Some(w) = agrees_with {
                        <span class="field-hint">{ format!(" (AWS: {})", w.join(", ")) }</span>
                    }
                </td>
            </tr>
        }
    });

    html! {
        <details class="ws-probes" data-testid="probe-section" ontoggle={on_toggle}>
            <summary><h4 class="probe-title">{ "Probes: settle what AWS leaves undocumented" }</h4></summary>
            <p class="field-hint" data-testid="probe-creates">
                { "The probe stack is a CloudFormation template that creates " }{ probe::WHAT_IT_CREATES }
            </p>
            <p class="field-hint">
                { "Deploy it: " }<code>{ probe::DEPLOY_COMMAND }</code>
                { "; its output WebSocketUrl is the URL to paste above. Delete it when done: " }
                <code data-testid="probe-delete">{ probe::DELETE_COMMAND }</code>
            </p>
            <div class="ws-controls">
                <button type="button" data-testid="probe-copy" onclick={on_copy} disabled={!ready}>{ "Copy template" }</button>
                <button type="button" data-testid="probe-download" onclick={on_download} disabled={!ready}>{ "Download probe-stack.yaml" }</button>
                <button type="button" data-testid="probe-run" onclick={on_run}
                        disabled={props.url.is_none() || running}
                        title="Each probe opens its own connection to the URL above, sends its message and waits for a frame">
                    { "Run all probes" }
                </button>
                <button type="button" data-testid="probe-report" onclick={on_report} disabled={report.is_none()}>
                    { "Download report (JSON)" }
                </button>
            </div>
            <details class="probe-template">
                <summary>{ "The template" }</summary>
                { match &*template {
                    Some(Ok(t)) => html! { <pre data-testid="probe-template">{ t.clone() }</pre> },
                    Some(Err(e)) => html! { <p class="diag error" role="alert" data-testid="probe-template-error">{ format!("error: {e}") }</p> },
                    None => html! { <p class="diag" role="status">{ "Preparing the template…" }</p> },
                } }
            </details>
            if let Some(n) = &*notice {
                <p class="hint" role="status" data-testid="probe-notice">{ n.clone() }</p>
            }
            <p class="field-hint" role="status" data-testid="probe-status">{ status }</p>
            <div class="probe-scroll">
                <table class="probe-table" data-testid="probe-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Probe" }</th>
                            <th scope="col">{ "U" }</th>
                            <th scope="col">{ "Asks" }</th>
                            <th scope="col">{ "Predicted" }</th>
                            <th scope="col">{ "AWS sent" }</th>
                            <th scope="col">{ "Verdict" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="field-hint" data-testid="probe-not-probed">
                { "Not probed: " }
                { for probe::NOT_PROBED.iter().map(|(u, why)| html! {
                    <span class="probe-not">{ format!("{u}: {}. ", why.trim_start_matches("not probed: ")) }</span>
                }) }
            </p>
        </details>
    }
}

//! The live console as a module of its own, loaded when it is first opened: the console and its
//! probe kit are about a tenth of the page's wasm, and most visits never open them.
//!
//! The page renders [`ConsoleSlot`]: a short card with an "Open" button and an empty host
//! element. Opening it loads `www/console-boot.js`, which loads the module that trunk builds from
//! `src/bin/console-module.rs` (its JS glue and wasm) and mounts [`ConsoleRoot`] into the host.
//! The two wasm instances share no memory, so they talk through DOM events on the host:
//!
//! - [`REQUEST_EVENT`] (console → page, answered while it is dispatched): a `CustomEvent` whose
//!   `detail` object has `want` = `"scenario"` or `"assumptions"`; the page's listener sets
//!   `detail.answer` to that as JSON. The scenario is read when a message is sent, so the page
//!   writes no JSON while someone types.
//! - [`CHANGED_EVENT`] (page → console): the page's assumptions changed; the console asks again.
//! - `apigw-console` on `window` (boot script → page): `ready`, or `failed` and why.
//!
//! Component tests load no files: [`set_loader`] mounts [`ConsoleRoot`] in the same instance.

use crate::engine::assumptions::Assumptions;
use crate::engine::model::Scenario;
use crate::engine::{json_doc, model_json};
use crate::ui::console::{Console, ScenarioSource};
use crate::ui::dom;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::prelude::*;

/// Dispatched on the host by the console to read the page's scenario or assumptions.
pub const REQUEST_EVENT: &str = "apigw-console-request";
/// Dispatched on the host by the page when its assumptions change.
pub const CHANGED_EVENT: &str = "apigw-console-changed";
/// Dispatched on `window` by `www/console-boot.js`: `ready`, or `failed` newline why.
const LOADER_EVENT: &str = "apigw-console";
/// The module's loader, next to the page with the module's files (trunk does not hash them:
/// they are asked for with the build's id, [`dom::versioned`]).
const BOOT_SCRIPT: &str = "./console-boot.js";
/// The module's JS glue and wasm, which the boot script loads (named here for [`prefetch`]).
const MODULE_JS: &str = "./console-module.js";
const MODULE_WASM: &str = "./console-module_bg.wasm";
/// Set in `localStorage` once the console has been opened: it then opens with the page.
pub const OPENED_KEY: &str = "apigw-playground/v1/console-opened";

/// Mounts the console into the host element and says how it went.
pub type Loader = Rc<dyn Fn(Element, Callback<Result<(), String>>)>;

thread_local! {
    static LOADER: RefCell<Option<Loader>> = const { RefCell::new(None) };
    static IN_PROCESS: RefCell<Vec<yew::AppHandle<ConsoleRoot>>> = const { RefCell::new(Vec::new()) };
    static PREFETCHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Mounts the console with `loader` instead of the module's files (component tests).
pub fn set_loader(loader: Loader) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// The loader that component tests use: [`ConsoleRoot`] mounted in this wasm instance, a turn
/// of the scheduler later as the module would be. [`unmount_in_process`] takes them down.
pub fn in_process_loader() -> Loader {
    Rc::new(|host: Element, done: Callback<Result<(), String>>| {
        yew::platform::spawn_local(async move {
            let handle = mount(host);
            IN_PROCESS.with(|m| m.borrow_mut().push(handle));
            done.emit(Ok(()));
        });
    })
}

/// Destroys the consoles that [`in_process_loader`] mounted (their sockets close).
pub fn unmount_in_process() {
    for handle in IN_PROCESS.with(|m| std::mem::take(&mut *m.borrow_mut())) {
        handle.destroy();
    }
}

/// Mounts [`ConsoleRoot`] into `host` (the module's `mount`, and [`in_process_loader`]).
pub fn mount(host: Element) -> yew::AppHandle<ConsoleRoot> {
    yew::Renderer::<ConsoleRoot>::with_root_and_props(host.clone(), ConsoleRootProps { host })
        .render()
}

fn load(host: Element, done: Callback<Result<(), String>>) {
    if let Some(l) = LOADER.with(|l| l.borrow().clone()) {
        l(host, done);
        return;
    }
    if let Err(e) = load_module(done.clone()) {
        done.emit(Err(e));
    }
}

type Listener = Closure<dyn Fn(web_sys::Event)>;

/// Adds the boot script; its `apigw-console` event on `window` calls `done` once.
fn load_module(done: Callback<Result<(), String>>) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let head = document.head().ok_or("no <head>")?;
    let script = document
        .create_element("script")
        .map_err(|e| dom::js_error_text(&e))?;
    let handler: Rc<RefCell<Option<Listener>>> = Rc::default();
    let on_event = {
        let handler = handler.clone();
        let window = window.clone();
        let script = script.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e
                .dyn_ref::<CustomEvent>()
                .and_then(|c| c.detail().as_string())
                .unwrap_or_default();
            // once: detach, and let the closure go after this call returns
            if let Some(h) = handler.borrow_mut().take() {
                let _ = window
                    .remove_event_listener_with_callback(LOADER_EVENT, h.as_ref().unchecked_ref());
                yew::platform::spawn_local(async move { drop(h) });
            }
            script.remove();
            match detail.strip_prefix("failed\n") {
                Some(why) => done.emit(Err(why.to_string())),
                None => done.emit(Ok(())),
            }
        })
    };
    window
        .add_event_listener_with_callback(LOADER_EVENT, on_event.as_ref().unchecked_ref())
        .map_err(|e| dom::js_error_text(&e))?;
    *handler.borrow_mut() = Some(on_event);
    let failed = |e: JsValue| {
        if let Some(h) = handler.borrow_mut().take() {
            let _ = window
                .remove_event_listener_with_callback(LOADER_EVENT, h.as_ref().unchecked_ref());
        }
        dom::js_error_text(&e)
    };
    script
        .set_attribute("src", &dom::versioned(BOOT_SCRIPT))
        .map_err(failed)?;
    head.append_child(&script).map(|_| ()).map_err(failed)
}

/// Asks the browser to fetch the module's files ahead (a pointer over the Open button, or focus
/// on it), once: the press then finds them in its cache. Nothing when another loader mounts
/// the console (component tests).
pub fn prefetch() {
    if LOADER.with(|l| l.borrow().is_some()) || PREFETCHED.with(|p| p.replace(true)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(head) = document.head() else {
        return;
    };
    for file in [BOOT_SCRIPT, MODULE_JS, MODULE_WASM] {
        if let Ok(link) = document.create_element("link") {
            let _ = link.set_attribute("rel", "prefetch");
            let _ = link.set_attribute("href", &dom::versioned(file));
            let _ = head.append_child(&link);
        }
    }
}

fn opened_before() -> bool {
    dom::storage()
        .and_then(|s| s.get_item(OPENED_KEY).ok().flatten())
        .is_some()
}

fn remember_opened() {
    if let Some(s) = dom::storage() {
        let _ = s.set_item(OPENED_KEY, "1");
    }
}

/// Sends `event` (no detail) to the host.
fn notify(host: &Element, event: &str) {
    if let Ok(e) = web_sys::Event::new(event) {
        let _ = host.dispatch_event(&e);
    }
}

/// The console's side of [`REQUEST_EVENT`]: the page's answer, as JSON text.
fn ask(host: &Element, want: &str) -> Result<String, String> {
    let detail = js_sys::Object::new();
    js_sys::Reflect::set(&detail, &"want".into(), &want.into())
        .map_err(|e| dom::js_error_text(&e))?;
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    let event = CustomEvent::new_with_event_init_dict(REQUEST_EVENT, &init)
        .map_err(|e| dom::js_error_text(&e))?;
    host.dispatch_event(&event)
        .map_err(|e| dom::js_error_text(&e))?;
    js_sys::Reflect::get(&detail, &"answer".into())
        .ok()
        .and_then(|a| a.as_string())
        .ok_or_else(|| "the page did not answer".to_string())
}

/// The page's scenario as it is now, asked through `host` (what the console runs a sent
/// message through).
pub fn page_scenario(host: &Element) -> Result<Scenario, String> {
    Scenario::from_json(&ask(host, "scenario")?)
}

/// The page's assumptions as they are now, asked through `host` (the default if it does not
/// answer).
pub fn page_assumptions(host: &Element) -> Assumptions {
    ask(host, "assumptions")
        .ok()
        .and_then(|json| json_doc::parse(&json).ok())
        .and_then(|v| model_json::assumptions(&v, &[]).ok())
        .unwrap_or_default()
}

/// The page's side of [`REQUEST_EVENT`]: what the console asked for, as JSON text.
fn answer(scenario: &Scenario, want: &str) -> Option<String> {
    match want {
        "scenario" => Some(scenario.to_compact_json()),
        "assumptions" => Some(json_doc::to_compact(&model_json::assumptions_json(
            &scenario.assumptions,
        ))),
        _ => None,
    }
}

/// Makes `host` answer the console's requests with the scenario in `current` (once per host).
fn listen(
    answering: &RefCell<Option<(Element, Listener)>>,
    host: &Element,
    current: &Rc<RefCell<Scenario>>,
) {
    if answering
        .borrow()
        .as_ref()
        .is_some_and(|(el, _)| el == host)
    {
        return;
    }
    let current = current.clone();
    let listener = Listener::new(move |e: web_sys::Event| {
        let Some(detail) = e.dyn_ref::<CustomEvent>().map(|c| c.detail()) else {
            return;
        };
        let want = js_sys::Reflect::get(&detail, &"want".into())
            .ok()
            .and_then(|w| w.as_string())
            .unwrap_or_default();
        if let Some(a) = answer(&current.borrow(), &want) {
            let _ = js_sys::Reflect::set(&detail, &"answer".into(), &a.into());
        }
    });
    if host
        .add_event_listener_with_callback(REQUEST_EVENT, listener.as_ref().unchecked_ref())
        .is_ok()
    {
        let old = answering.borrow_mut().replace((host.clone(), listener));
        if let Some((el, l)) = old {
            let _ =
                el.remove_event_listener_with_callback(REQUEST_EVENT, l.as_ref().unchecked_ref());
        }
    }
}

/// Props of [`ConsoleSlot`].
#[derive(Properties, PartialEq)]
pub struct ConsoleSlotProps {
    /// The page's scenario, handed to the console when it asks.
    pub scenario: Scenario,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Closed,
    Loading,
    Open,
    Failed(String),
}

/// The page's place for the live console: a card that loads it on request.
#[function_component(ConsoleSlot)]
pub fn console_slot(props: &ConsoleSlotProps) -> Html {
    let phase = use_state(|| Phase::Closed);
    let host = use_node_ref();
    // the scenario now, for the request listener (set on every render)
    // (the slot renders again only when its props or its phase change: Yew has compared them)
    let current = use_mut_ref(Scenario::default);
    *current.borrow_mut() = props.scenario.clone();
    // the listener that answers the console's requests, on the element it was mounted into;
    // detached when the slot leaves the page
    let answering: Rc<RefCell<Option<(Element, Listener)>>> = use_mut_ref(|| None);
    {
        let answering = answering.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some((el, listener)) = answering.borrow_mut().take() {
                    let _ = el.remove_event_listener_with_callback(
                        REQUEST_EVENT,
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // tell an open console that the assumptions changed
    {
        let host = host.clone();
        let open = *phase == Phase::Open;
        use_effect_with((props.scenario.assumptions, open), move |(_, open)| {
            if let (true, Some(el)) = (*open, host.cast::<Element>()) {
                notify(&el, CHANGED_EVENT);
            }
        });
    }
    let busy = use_memo((), |_| Rc::new(std::cell::Cell::new(false)));
    let open = {
        let busy = (*busy).clone();
        let phase = phase.clone();
        let host = host.clone();
        let current = current.clone();
        Callback::from(move |_: ()| {
            // loading or loaded already (the handle's phase can be a render behind)
            if busy.replace(true) {
                return;
            }
            let Some(el) = host.cast::<Element>() else {
                busy.set(false);
                return;
            };
            listen(&answering, &el, &current);
            phase.set(Phase::Loading);
            remember_opened();
            let phase = phase.clone();
            let busy = busy.clone();
            load(
                el,
                Callback::from(move |r: Result<(), String>| {
                    phase.set(match r {
                        Ok(()) => Phase::Open,
                        Err(why) => {
                            busy.set(false);
                            Phase::Failed(why)
                        }
                    })
                }),
            );
        })
    };
    // opened on an earlier visit: open with the page (decided as the slot first renders: its
    // effects can run after a first press has already stored the choice)
    {
        let open = open.clone();
        let earlier = *use_memo((), |_| opened_before());
        use_effect_with((), move |_| {
            if earlier {
                open.emit(());
            }
        });
    }
    let intro = match &*phase {
        Phase::Open => Html::default(),
        p => html! {
            <section class="card console console-slot" aria-labelledby="ws-slot-title" data-testid="console-slot">
                <h3 id="ws-slot-title">{ "Live WebSocket" }</h3>
                <p>
                    { "Connect to a deployed API (wss://…execute-api…) or to " }
                    <code>{ "apigw-playground serve" }</code>
                    { ", send messages, and see each frame that comes back beside what this page predicts; \
                       with the probes that check the playground against real API Gateway." }
                </p>
                <div class="ws-controls">
                    <button type="button" data-testid="console-open" disabled={*p == Phase::Loading}
                            onclick={open.reform(|_: MouseEvent| ())}
                            onpointerenter={Callback::from(|_| prefetch())} onfocus={Callback::from(|_| prefetch())}>
                        { if matches!(p, Phase::Failed(_)) { "Try again" } else { "Open the live console" } }
                    </button>
                    if *p == Phase::Loading {
                        <span class="field-hint" role="status" data-testid="console-loading">{ "Loading the live console…" }</span>
                    }
                </div>
                if let Phase::Failed(why) = p {
                    <p class="error" role="alert" data-testid="console-failed">
                        { format!("The live console could not be loaded ({why}): check the connection and try again.") }
                    </p>
                }
            </section>
        },
    };
    html! {
        <>
            { intro }
            <div ref={host} class="console-host" data-console-host="" data-testid="console-host"></div>
        </>
    }
}

/// Props of [`ConsoleRoot`].
#[derive(Properties, PartialEq)]
pub struct ConsoleRootProps {
    /// The element the console is mounted into; the page listens there.
    pub host: Element,
}

/// The console as the module mounts it: [`Console`] reading the page through the host.
#[function_component(ConsoleRoot)]
pub fn console_root(props: &ConsoleRootProps) -> Html {
    let assumptions = use_state({
        let host = props.host.clone();
        move || page_assumptions(&host)
    });
    let source = use_memo(props.host.clone(), |host| {
        let host = host.clone();
        ScenarioSource::new(move || page_scenario(&host))
    });
    {
        let host = props.host.clone();
        let assumptions = assumptions.setter();
        use_effect_with((), move |_| {
            let listener = {
                let host = host.clone();
                Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                    assumptions.set(page_assumptions(&host));
                })
            };
            let _ = host
                .add_event_listener_with_callback(CHANGED_EVENT, listener.as_ref().unchecked_ref());
            move || {
                let _ = host.remove_event_listener_with_callback(
                    CHANGED_EVENT,
                    listener.as_ref().unchecked_ref(),
                );
                drop(listener);
            }
        });
    }
    html! { <Console scenario={(*source).clone()} assumptions={*assumptions} /> }
}

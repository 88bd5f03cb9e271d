//! What the browser test files share (`mod support;` in each): mounting a component alone in
//! the page, polling until Yew has rendered, and reading and poking the DOM by `data-testid`.
//! Not every test file uses every helper.
#![allow(dead_code)]

use apigw_playground::state;
use apigw_playground::ui::console::{Console, ConsoleProps, ScenarioSource};
use apigw_playground::ui::{App, AppProps};
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement};

/// One turn of Yew's scheduler and then some.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

thread_local! {
    /// One mounted page or console at a time: wasm-bindgen-test runs async tests concurrently,
    /// and several pages in one document would share element ids and radio groups (a real page
    /// never does).
    static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This test's turn with the page: an empty element in the document, held exclusively until
/// dropped, which removes it.
pub struct Turn {
    root: Element,
}

impl std::ops::Deref for Turn {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.root.remove();
        BUSY.with(|b| b.set(false));
    }
}

/// Waits for this test's turn with the page.
pub async fn take_turn() -> Turn {
    // a failed test never releases its turn (a panic aborts, nothing is dropped): give up
    // after a minute instead of hanging the run
    let mut waited = 0;
    while BUSY.with(|b| b.replace(true)) {
        waited += 1;
        assert!(waited < 2000, "another test failed while holding the page");
        settle().await;
    }
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    Turn { root }
}

/// A mounted component, held exclusively until it is dropped, which unmounts it.
pub struct Mounted<C: yew::BaseComponent> {
    handle: Option<yew::AppHandle<C>>,
    // dropped after the handle is destroyed
    turn: Turn,
}

impl<C: yew::BaseComponent> std::ops::Deref for Mounted<C> {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.turn
    }
}

impl<C: yew::BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        apigw_playground::ui::console_host::unmount_in_process();
    }
}

/// Waits for this test's turn, then mounts `C` with `props` in a fresh element of the page.
pub async fn mount<C: yew::BaseComponent>(props: C::Properties) -> Mounted<C> {
    mount_in(take_turn().await, props)
}

/// Mounts `C` with `props` in the page that `turn` holds.
pub fn mount_in<C: yew::BaseComponent>(turn: Turn, props: C::Properties) -> Mounted<C> {
    in_process_import_export();
    apigw_playground::ui::console_host::set_loader(
        apigw_playground::ui::console_host::in_process_loader(),
    );
    let handle = yew::Renderer::<C>::with_root_and_props(turn.root.clone(), props).render();
    Mounted {
        handle: Some(handle),
        turn,
    }
}

/// Import, export and the probe stack answered by the engine in this module, a turn of the
/// scheduler later as the page's worker would: the test runner serves no worker script (the
/// real worker is checked end to end, in tests/e2e).
pub fn in_process_import_export() {
    apigw_playground::ui::iac_client::set_backend(std::rc::Rc::new(
        |request: String, reply: yew::Callback<String>| {
            yew::platform::spawn_local(async move {
                reply.emit(apigw_playground::engine::iac::service::handle(&request));
            });
        },
    ));
}

/// The whole page with the default scenario (not whatever another test's page saved), once it
/// shows its first result.
pub async fn mount_page() -> Mounted<App> {
    let turn = take_turn().await;
    // the console opens with the page once it has been opened: start without it
    set_console_opened(false);
    let m = mount_in::<App>(
        turn,
        AppProps {
            initial: Some(state::default_scenario()),
        },
    );
    assert!(eventually(|| !text(&m, "client-receives").is_empty()).await);
    m
}

/// Whether the page finds the console opened on an earlier visit.
pub fn set_console_opened(opened: bool) {
    let key = apigw_playground::ui::console_host::OPENED_KEY;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    if opened {
        storage.set_item(key, "1").unwrap();
    } else {
        storage.remove_item(key).unwrap();
    }
}

/// The whole page with its live console opened (loaded in this wasm instance: the test runner
/// serves no module files; tests/e2e loads the real module).
pub async fn mount_page_with_console() -> Mounted<App> {
    let m = mount_page().await;
    assert!(eventually(|| has(&m, "console-open")).await);
    click(&m, "console-open");
    assert!(eventually(|| has(&m, "ws-url")).await);
    m
}

/// Whether an element with this `data-testid` is under `root`.
pub fn has(root: &Element, id: &str) -> bool {
    root.query_selector(&format!("[data-testid={id}]"))
        .ok()
        .flatten()
        .is_some()
}

/// The live console alone, with the route-selection preset and `url` in its URL field.
pub async fn mount_console(url: Option<&str>) -> Mounted<Console> {
    let m = mount::<Console>(ConsoleProps {
        scenario: ScenarioSource::fixed(state::preset("route-selection").unwrap()),
        assumptions: Default::default(),
        url: url.map(str::to_string),
    })
    .await;
    assert!(eventually(|| m.query_selector("[data-testid=ws-url]").unwrap().is_some()).await);
    m
}

/// Waits (up to `ms`) until `ok()` holds; true if it did.
pub async fn eventually_for(ms: u32, ok: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 30 {
        if ok() {
            return true;
        }
        settle().await;
    }
    ok()
}

/// [`eventually_for`] 5 s.
pub async fn eventually(ok: impl Fn() -> bool) -> bool {
    eventually_for(5000, ok).await
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

pub fn testid(root: &Element, id: &str) -> Element {
    find(root, &format!("[data-testid=\"{id}\"]"))
}

/// The text of `id`, or "" when there is no such element.
pub fn text(root: &Element, id: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Dispatches a bubbling event of `kind` at `el`.
pub fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

pub fn click(root: &Element, id: &str) {
    testid(root, id).dyn_into::<HtmlElement>().unwrap().click();
}

pub fn disabled(root: &Element, id: &str) -> bool {
    testid(root, id).has_attribute("disabled")
}

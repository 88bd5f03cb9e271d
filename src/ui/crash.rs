//! A page that never dies silently: if anything panics (it should not: the engine returns
//! diagnostics for every bad input), this hook shows what happened and two ways out, a reload
//! and a fresh start, built from plain DOM with no script, so they work with the wasm dead.

use wasm_bindgen::JsCast;

/// Installs the panic hook, through Yew (which would otherwise replace it with its own when
/// the page mounts). Call it before mounting the page.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("apigw-playground crashed: {message}").into());
        show(&message);
    }));
}

/// The address of a fresh start: the page without the saved scenario or link.
const FRESH: &str = "?reset=1";

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_id("crash");
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "crash");
    let add = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        let _ = panel.append_child(&el);
        Some(el)
    };
    add("h2", "The playground stopped working");
    add(
        "p",
        "This is a bug in the playground, not in your configuration. Your scenario is saved in this browser.",
    );
    add("pre", message);
    let links = add("p", "");
    if let Some(links) = links {
        let link = |href: &str, text: &str| {
            if let Ok(a) = document.create_element("a") {
                let _ = a.set_attribute("href", href);
                a.set_text_content(Some(text));
                let _ = links.append_child(&a);
                let _ = links.append_child(&document.create_text_node(" "));
            }
        };
        let here = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        link(&here, "Reload the page");
        link(FRESH, "Start again from the default scenario");
    }
    if let Some(first) = body.first_child() {
        let _ = body.insert_before(&panel, Some(&first));
    } else {
        let _ = body.append_child(&panel);
    }
    if let Ok(el) = panel.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// `?reset=1`: start from the default scenario, leaving the saved one alone.
pub fn reset_requested() -> bool {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "reset=1")
}

/// `?panic-test=1`: panics on purpose after the page mounts, so the end-to-end test can prove
/// the hook turns a crash into a message instead of a dead page.
pub fn panic_test_requested() -> bool {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "panic-test=1")
}

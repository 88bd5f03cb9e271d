//! Keeping the scenario (wasm32 only): in the page's URL fragment, to share it (`#s=1.…`, see
//! [`crate::share`]), and in the browser's `localStorage`, to find it again after a reload.
//!
//! Nothing here panics or blanks the page: a link or a saved scenario that cannot be read is a
//! notice for the user, and [`initial`] falls back from the link to the saved scenario to the
//! default. A failed load never writes over what the user saved.

use crate::engine::model::Scenario;
use crate::share::{decode_fragment, encode_fragment, with_fragment_param};
use wasm_bindgen::JsValue;
use web_sys::Storage;

/// Where the scenario is saved in `localStorage`: its compact JSON.
pub const STORAGE_KEY: &str = "apigw-playground/v1/scenario";

/// Where [`initial`] keeps a copy of a saved scenario it could not read, so that saving the
/// next one does not lose it.
pub const UNREADABLE_KEY: &str = "apigw-playground/v1/scenario.unreadable";

/// The URL's fragment (`location.hash` without its `#`); `None` if it has none.
pub fn read_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    (!fragment.is_empty()).then(|| fragment.to_string())
}

/// Makes `fragment` (without `#`) the URL's whole fragment, in place: `history.replaceState`,
/// so there is no new history entry, no scroll to an anchor and no `hashchange` event. An empty
/// fragment removes the `#`. The history entry's state is kept.
pub fn write_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let Some(base) = url_without_fragment() else {
        return;
    };
    let url = if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    };
    let state = history.state().unwrap_or(JsValue::NULL);
    // Fails only where the page may not change its own URL (a sandboxed frame): then the URL
    // just stays as it is.
    let _ = history.replace_state_with_url(&state, "", Some(&url));
}

/// Puts `s` in the URL's fragment as its `s=` pair, keeping the fragment's other pairs
/// (`embed=1`), in place as [`write_fragment`] does.
pub fn write_scenario_fragment(s: &Scenario) {
    write_fragment(&fragment_with(s));
}

/// The page's full URL with `s` in its fragment: origin and path (no query), then `#` and the
/// current fragment's other pairs (`embed=1`) with the scenario's `s=` pair.
pub fn share_url(s: &Scenario) -> String {
    let base = url_without_fragment().unwrap_or_default();
    let base = base.split('?').next().unwrap_or_default();
    format!("{base}#{}", fragment_with(s))
}

/// The current fragment with its `s=` pair set to `s`.
fn fragment_with(s: &Scenario) -> String {
    let encoded = encode_fragment(s);
    let value = encoded.strip_prefix("s=").unwrap_or(&encoded);
    with_fragment_param(&read_fragment().unwrap_or_default(), "s", value)
}

/// `location.href` up to its `#`.
fn url_without_fragment() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// The page's `localStorage`, or why there is none (disabled, or no such thing).
fn storage() -> Result<Storage, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser has no local storage".into()),
        Err(e) => Err(format!(
            "this browser does not allow this page to store data ({})",
            js_error(&e)
        )),
    }
}

/// `name: message` of a thrown JS value (a `DOMException`, an `Error`), or its text.
fn js_error(e: &JsValue) -> String {
    let field = |name: &str| {
        js_sys::Reflect::get(e, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|v| !v.is_empty())
    };
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (Some(text), None) | (None, Some(text)) => text,
        (None, None) => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

fn saved_text() -> Option<String> {
    storage().ok()?.get_item(STORAGE_KEY).ok()?
}

/// The saved scenario: `None` if nothing is saved (or storage cannot be read at all), `Err` with
/// the reason if what is saved is not a scenario.
pub fn load_saved() -> Option<Result<Scenario, String>> {
    let text = saved_text()?;
    Some(Scenario::from_json(&text).map_err(|e| format!("it is not a valid scenario: {e}")))
}

/// Saves `s` (its compact JSON). `Err` says why the browser would not: its storage is full or
/// disabled. What was saved before stays when saving fails.
pub fn save(s: &Scenario) -> Result<(), String> {
    let json = s.to_compact_json();
    let storage = storage()?;
    storage.set_item(STORAGE_KEY, &json).map_err(|e| {
        let detail = js_error(&e);
        if detail.starts_with("QuotaExceededError") {
            format!(
                "this browser's storage for the page is full ({} KB to save; {detail})",
                json.len().div_ceil(1024)
            )
        } else {
            format!("the browser refused to store it ({detail})")
        }
    })
}

/// Forgets the saved scenario.
pub fn clear_saved() {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// What the page starts with, and a notice for the user when something could not be loaded:
/// the link's scenario if the URL has one (and it decodes), else the saved one, else `default`.
///
/// Nothing is written over: a saved scenario that cannot be read stays where it is, and a copy
/// is also kept under [`UNREADABLE_KEY`] so that the page's next save does not lose it.
pub fn initial(default: impl FnOnce() -> Scenario) -> (Scenario, Option<String>) {
    let mut link_error = None;
    if let Some(fragment) = read_fragment()
        && crate::share::fragment_param(&fragment, "s").is_some()
    {
        match decode_fragment(&fragment) {
            Ok(s) => return (s, None),
            Err(e) => link_error = Some(format!("The link could not be opened: {e}.")),
        }
    }
    let saved_error = match load_saved() {
        Some(Ok(s)) => {
            let notice =
                link_error.map(|e| format!("{e} Showing your last saved scenario instead."));
            return (s, notice);
        }
        Some(Err(e)) => {
            let kept = keep_unreadable();
            Some(format!("Your saved scenario could not be read: {e}.{kept}"))
        }
        None => None,
    };
    let notice = match (link_error, saved_error) {
        (None, None) => None,
        (Some(link), None) => Some(format!("{link} Showing the starting scenario instead.")),
        (None, Some(saved)) => Some(format!("{saved} Showing the starting scenario instead.")),
        (Some(link), Some(saved)) => Some(format!(
            "{link} {saved} Showing the starting scenario instead."
        )),
    };
    (default(), notice)
}

/// Copies the unreadable saved text to [`UNREADABLE_KEY`]; says where, or nothing if it could
/// not.
fn keep_unreadable() -> String {
    let (Ok(storage), Some(text)) = (storage(), saved_text()) else {
        return String::new();
    };
    match storage.set_item(UNREADABLE_KEY, &text) {
        Ok(()) => format!(" A copy is kept in this browser's storage as \"{UNREADABLE_KEY}\"."),
        Err(_) => String::new(),
    }
}

//! Small DOM helpers for the components: reading inputs, downloads, the clipboard, the theme.
//! None of them panics: a missing window or element is simply nothing to do.

use crate::state::Theme;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

const THEME_KEY: &str = "apigw-playground/v1/theme";

/// The value of the input, select or textarea an event came from.
pub fn event_value(e: &web_sys::Event) -> String {
    let Some(t) = e.target() else {
        return String::new();
    };
    if let Some(i) = t.dyn_ref::<HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = t.dyn_ref::<HtmlSelectElement>() {
        return s.value();
    }
    if let Some(a) = t.dyn_ref::<HtmlTextAreaElement>() {
        return a.value();
    }
    String::new()
}

/// Whether a checkbox event's box is checked.
pub fn event_checked(e: &web_sys::Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// `?embed=1` (or `embed=1` in the fragment): the compact view for documentation pages.
pub fn embed_mode() -> bool {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let search = loc.search().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    let has = |s: &str| {
        s.trim_start_matches(['?', '#'])
            .split('&')
            .any(|p| p == "embed=1" || p == "embed=true")
    };
    has(&search) || has(&hash)
}

/// The page's `localStorage`, when the browser gives one.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The theme the user chose last time.
pub fn saved_theme() -> Theme {
    match storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .as_deref()
    {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

/// Sets `data-theme` on `<html>` (the stylesheet follows the system when it is absent) and
/// remembers the choice.
pub fn apply_theme(t: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let value = match t {
        Theme::System => None,
        Theme::Light => Some("light"),
        Theme::Dark => Some("dark"),
    };
    match value {
        Some(v) => {
            let _ = root.set_attribute("data-theme", v);
        }
        None => {
            let _ = root.remove_attribute("data-theme");
        }
    }
    if let Some(s) = storage() {
        let _ = s.set_item(THEME_KEY, value.unwrap_or("system"));
    }
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)
        .map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "cannot make the file's address")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link element")?
        .dyn_into()
        .map_err(|_| "no link element")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` to the clipboard (asynchronously; failures are silent, the text stays on the
/// page to copy by hand).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Moves keyboard focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Marks `<html>` for the embed view (the stylesheet hides the page header).
pub fn mark_embed() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-embed", "1");
    }
}

/// The message of a JavaScript error (or the text thrown).
pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// `path` with this build's id as its query (`?v=…`): the on-demand modules' files keep their
/// names from build to build (trunk hashes only the page's own), so the id is what keeps a
/// cache from handing a new page an old module. The id is the hash in the name of the page's
/// JS, which www/boot.js's tag carries (`data-js`); without that tag (component tests), the
/// path as it is.
pub fn versioned(path: &str) -> String {
    let id = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("script[data-js]").ok().flatten())
        .and_then(|tag| tag.get_attribute("data-js"))
        .and_then(|js| build_id(&js).map(str::to_string));
    match id {
        Some(id) => format!("{path}?v={id}"),
        None => path.to_string(),
    }
}

/// The hash in the page's JS file name (`/apigw-playground-HASH.js`).
pub fn build_id(js: &str) -> Option<&str> {
    let name = js.rsplit('/').next()?.strip_suffix(".js")?;
    let id = name.rsplit('-').next()?;
    (!id.is_empty() && id.len() < name.len() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(id)
}

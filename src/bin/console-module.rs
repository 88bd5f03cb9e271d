//! The live console with its probe kit as a module of its own (see `ui::console_host`): trunk
//! builds it next to the page (index.html), and `www/console-boot.js` loads it and calls
//! [`mount`] when the console is first opened, so the page loads without it.

#[cfg(target_arch = "wasm32")]
mod module {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    /// Mounts the console into `host`, the page's `[data-console-host]` element.
    #[wasm_bindgen]
    pub fn mount(host: JsValue) -> Result<(), JsValue> {
        let host: web_sys::Element = host.dyn_into().map_err(|_| {
            JsValue::from_str("the page has no place for the console ([data-console-host])")
        })?;
        // the console lives as long as the page: its handle is not needed
        let _ = apigw_playground::ui::console_host::mount(host);
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "console-module is the web page's live console, loaded when it is opened; natively, use `apigw-playground serve` and `apigw-playground probe`"
    );
    std::process::exit(2);
}

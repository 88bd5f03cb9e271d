//! The page's import/export worker: a web worker (trunk builds it as one, see index.html) that
//! answers the requests of `engine::iac::service` posted by `ui::iac_client`. Import, export and
//! the probe stack then load with the worker, when first used, not with the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            // a request is `id` newline `request`; the answer goes back with the same id
            let data = e.data().as_string().unwrap_or_default();
            let (id, request) = data.split_once('\n').unwrap_or(("", ""));
            let answer = apigw_playground::engine::iac::service::handle(request);
            let _ = reply_to.post_message(&format!("{id}\n{answer}").into());
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // the handler lives as long as the worker
    on_message.forget();
    // what the page posted while the wasm was loading found no handler: the page waits for this
    let _ = scope.post_message(&"ready".into());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "iac-worker is the web page's import/export worker; natively, use `apigw-playground` (import and export are in the engine it runs)"
    );
    std::process::exit(2);
}

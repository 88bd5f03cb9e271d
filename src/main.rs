//! The `apigw-playground` binary: in the browser it mounts the page, natively it is the
//! command-line tool.

/// Mounts the page into `<main id="app">` (replacing index.html's loading text), or into the
/// body if a page lacks that element.
#[cfg(target_arch = "wasm32")]
fn main() {
    use apigw_playground::ui::{App, crash};

    crash::install();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
    if crash::panic_test_requested() {
        panic!("a deliberate crash (?panic-test=1), to test the crash message");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(apigw_playground::cli::main());
}

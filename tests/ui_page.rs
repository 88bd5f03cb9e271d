//! Browser tests of the whole page (`ui::App`) in headless Chromium: they mount the page, type
//! into its editors and read the DOM.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_page`.
#![cfg(target_arch = "wasm32")]

use apigw_playground::ui::{App, persist};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// Mounts a fresh page: no saved scenario, no link.
async fn mount() -> Element {
    persist::clear_saved();
    persist::write_fragment("");
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    yew::Renderer::<App>::with_root(div.clone()).render();
    settle().await;
    div
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn testid(root: &Element, id: &str) -> Element {
    find(root, &format!("[data-testid=\"{id}\"]"))
}

fn text(root: &Element, id: &str) -> String {
    testid(root, id).text_content().unwrap_or_default()
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

async fn type_into(root: &Element, id: &str, value: &str) {
    let el = testid(root, id);
    if let Some(a) = el.dyn_ref::<HtmlTextAreaElement>() {
        a.set_value(value);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    }
    fire(&el, "input");
    settle().await;
}

async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_default_scenario_is_evaluated_at_once() {
    let root = mount().await;
    assert_eq!(
        text(&root, "client-receives"),
        r#"{"ok": true, "id": "m-42", "echo": "hello"}"#
    );
    assert_eq!(text(&root, "json-badge"), "valid JSON");
    assert_eq!(text(&root, "key-status-0"), "selected");
    assert!(text(&root, "live").starts_with("The client receives: {\"ok\": true"));
    assert!(text(&root, "trace").contains("integration response `/2\\d\\d/`"));
    assert_eq!(text(&root, "tests-summary"), "Tests: 4 of 4 pass");
}

#[wasm_bindgen_test]
async fn editing_a_response_template_updates_the_result() {
    let root = mount().await;
    type_into(
        &root,
        "response-template-0-0",
        "{\"id\": \"$input.path('$.id')\"}",
    )
    .await;
    assert_eq!(text(&root, "client-receives"), r#"{"id": "m-42"}"#);
    // the test table notices
    assert_eq!(text(&root, "tests-summary"), "Tests: 3 of 4 pass");
}

#[wasm_bindgen_test]
async fn a_template_error_is_shown_in_its_editor_and_the_client_gets_the_error_frame() {
    let root = mount().await;
    type_into(&root, "response-template-0-0", "ok\n#if($x").await;
    assert!(text(&root, "client-receives").contains("Internal server error"));
    let editor = testid(&root, "response-template-0-0")
        .closest(".code-editor")
        .unwrap()
        .unwrap();
    let marks = all_text(&editor, ".editor-diagnostic");
    assert!(
        marks
            .iter()
            .any(|m| m.starts_with("2:") && m.contains("error")),
        "{marks:?}"
    );
    assert!(
        all_text(&root, "[data-testid=diagnostic]")
            .iter()
            .any(|d| d.contains("response template `$default` of integration response #1 2:"))
    );
}

#[wasm_bindgen_test]
async fn the_status_map_runs_a_clicked_code() {
    let root = mount().await;
    click(&root, "[data-testid=\"status-404\"]").await;
    assert_eq!(text(&root, "key-status-1"), "selected");
    let status: HtmlInputElement = testid(&root, "status").dyn_into().unwrap();
    assert_eq!(status.value(), "404");
    assert!(text(&root, "client-receives").contains("\"status\": \"client\""));
    click(&root, "[data-testid=\"status-302\"]").await;
    assert_eq!(text(&root, "key-status-2"), "selected");
}

#[wasm_bindgen_test]
async fn an_invalid_status_is_kept_and_flagged() {
    let root = mount().await;
    type_into(&root, "status", "9x").await;
    let status: HtmlInputElement = testid(&root, "status").dyn_into().unwrap();
    assert_eq!(status.value(), "9x", "what the user typed stays");
    assert_eq!(
        status.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        text(&root, "key-status-0"),
        "selected",
        "the last valid status still applies"
    );
}

#[wasm_bindgen_test]
async fn one_way_route_says_why_nothing_comes_back() {
    let root = mount().await;
    let two_way: HtmlInputElement = testid(&root, "two-way-0").dyn_into().unwrap();
    two_way.set_checked(false);
    fire(&two_way, "change");
    settle().await;
    assert_eq!(
        text(&root, "receives-headline"),
        "The client receives nothing"
    );
    assert!(text(&root, "client-receives-nothing").contains("one-way"));
}

#[wasm_bindgen_test]
async fn switching_to_lambda_changes_what_keys_match() {
    let root = mount().await;
    let select: HtmlSelectElement = testid(&root, "integration-type").dyn_into().unwrap();
    select.set_value("AWS (Lambda)");
    fire(&select, "change");
    settle().await;
    assert!(text(&root, "matches").contains("errorMessage"));
    assert!(
        all_text(&root, "[data-testid=diagnostic]")
            .iter()
            .any(|d| d.contains("looks like a status code"))
    );
    click(&root, "[data-testid=lambda-fails]").await;
    assert!(text(&root, "trace").contains("the Lambda function fails"));
}

#[wasm_bindgen_test]
async fn responses_can_be_added_and_removed() {
    let root = mount().await;
    let count = |root: &Element| {
        root.query_selector_all("[data-testid=responses] > li")
            .unwrap()
            .length()
    };
    assert_eq!(count(&root), 3);
    click(&root, "[data-testid=add-response]").await;
    assert_eq!(count(&root), 4);
    click(&root, "button[aria-label=\"Remove response 4\"]").await;
    assert_eq!(count(&root), 3);
}

#[wasm_bindgen_test]
async fn presets_load_and_undo() {
    let root = mount().await;
    click(&root, "[data-testid=\"preset-one-way-route\"]").await;
    assert!(text(&root, "scenario-title").starts_with("One-way route"));
    assert!(text(&root, "notice").contains("Loaded the preset"));
    click(&root, "[data-testid=notice] button").await;
    assert!(text(&root, "scenario-title").starts_with("HTTP backend"));
}

#[wasm_bindgen_test]
async fn adding_the_sample_as_a_test_row() {
    let root = mount().await;
    click(&root, "[data-testid=\"status-418\"]").await;
    click(&root, "[data-testid=add-test]").await;
    assert_eq!(text(&root, "tests-summary"), "Tests: 5 of 5 pass");
    let rows = all_text(&root, "[data-testid=test-row]");
    assert!(rows.last().unwrap().contains("status 418"), "{rows:?}");
}

#[wasm_bindgen_test]
async fn switching_an_assumption_changes_the_outcome() {
    let root = mount().await;
    // with U-2 switched to search, /2\d\d/ still matches 200; make a key that only search can match
    type_into(&root, "response-template-0-0", "first").await;
    let key = root
        .query_selector("#ed-key-0-0")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    key.set_value("/0/");
    fire(&key, "input");
    settle().await;
    assert_eq!(text(&root, "key-status-2"), "selected");
    let u2: HtmlInputElement = testid(&root, "assume-U-2").dyn_into().unwrap();
    u2.set_checked(true);
    fire(&u2, "change");
    settle().await;
    assert_eq!(text(&root, "key-status-0"), "selected");
    assert_eq!(text(&root, "client-receives"), "first");
}

#[wasm_bindgen_test]
async fn user_text_is_never_markup() {
    let root = mount().await;
    let evil =
        "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
    type_into(&root, "response-template-0-0", evil).await;
    type_into(&root, "message", evil).await;
    assert_eq!(root.query_selector_all("img, script").unwrap().length(), 0);
    assert!(text(&root, "client-receives").contains("<img src=x"));
    assert_ne!(
        web_sys::window().unwrap().document().unwrap().title(),
        "pwned"
    );
}

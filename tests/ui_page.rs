//! Browser tests of the whole page (`ui::App`) in headless Chromium: they mount the page, type
//! into its editors and read the DOM.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_page`.
#![cfg(target_arch = "wasm32")]

use apigw_playground::state;
use apigw_playground::ui::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// After a user action: waits until the page has re-rendered and stopped changing (a debug
/// build re-runs the engine slowly, and a fixed pause is sometimes too short), or 3 s.
async fn after_action_on(root: &Element, before: &str) {
    let mut last = before.to_string();
    let mut changed = false;
    let mut stable = 0;
    for _ in 0..100 {
        settle().await;
        let now = root.inner_html();
        if now != last {
            changed = true;
            stable = 0;
            last = now;
        } else if changed {
            stable += 1;
            if stable >= 2 {
                return;
            }
        }
    }
}

/// Mounts a fresh page with the default scenario (not whatever another test's page saved),
/// once no other test holds one.
async fn mount() -> Mounted<App> {
    let page = support::mount::<App>(AppProps {
        initial: Some(state::default_scenario()),
    })
    .await;
    after_action_on(&page, "").await;
    page
}

/// Waits (up to 3 s) until `id`'s text satisfies `ok`, and returns the text: Yew renders on
/// its scheduler, and with many pages mounted one turn is not always enough.
async fn wait_text(root: &Element, id: &str, ok: impl Fn(&str) -> bool) -> String {
    for _ in 0..160 {
        let t = text(root, id);
        if ok(&t) {
            return t;
        }
        settle().await;
    }
    text(root, id)
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

async fn type_into(root: &Element, id: &str, value: &str) {
    let el = testid(root, id);
    if let Some(a) = el.dyn_ref::<HtmlTextAreaElement>() {
        a.set_value(value);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    }
    let before = root.inner_html();
    fire(&el, "input");
    after_action_on(root, &before).await;
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
    assert_eq!(
        wait_text(&root, "json-badge", |t| t == "valid JSON").await,
        "valid JSON"
    );
    assert_eq!(
        wait_text(&root, "key-status-0", |t| t == "selected").await,
        "selected"
    );
    assert!(
        eventually(|| text(&root, "live").starts_with("The client receives: {\"ok\": true")).await,
        "{}",
        text(&root, "live")
    );
    assert!(
        eventually(|| text(&root, "trace").contains("integration response `/2\\d\\d/`")).await,
        "{}",
        text(&root, "trace")
    );
    assert_eq!(
        wait_text(&root, "tests-summary", |t| t == "Tests: 4 of 4 pass").await,
        "Tests: 4 of 4 pass"
    );
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
    assert_eq!(
        wait_text(&root, "client-receives", |t| t == r#"{"id": "m-42"}"#).await,
        r#"{"id": "m-42"}"#
    );
    // the test table notices
    assert_eq!(
        wait_text(&root, "tests-summary", |t| t == "Tests: 3 of 4 pass").await,
        "Tests: 3 of 4 pass"
    );
}

#[wasm_bindgen_test]
async fn a_template_error_is_shown_in_its_editor_and_the_client_gets_the_error_frame() {
    let root = mount().await;
    type_into(&root, "response-template-0-0", "ok\n#if($x").await;
    assert!(
        eventually(|| text(&root, "client-receives").contains("Internal server error")).await,
        "{}",
        text(&root, "client-receives")
    );
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
    assert_eq!(
        wait_text(&root, "key-status-1", |t| t == "selected").await,
        "selected"
    );
    let status: HtmlInputElement = testid(&root, "status").dyn_into().unwrap();
    assert!(eventually(|| status.value() == "404").await);
    assert!(
        eventually(|| text(&root, "client-receives").contains("\"status\": \"client\"")).await,
        "{}",
        text(&root, "client-receives")
    );
    click(&root, "[data-testid=\"status-302\"]").await;
    assert_eq!(
        wait_text(&root, "key-status-2", |t| t == "selected").await,
        "selected"
    );
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
    let before = root.inner_html();
    fire(&two_way, "change");
    after_action_on(&root, &before).await;
    assert_eq!(
        text(&root, "receives-headline"),
        "The client receives nothing"
    );
    assert!(
        eventually(|| text(&root, "client-receives-nothing").contains("one-way")).await,
        "{}",
        text(&root, "client-receives-nothing")
    );
}

#[wasm_bindgen_test]
async fn switching_to_lambda_changes_what_keys_match() {
    let root = mount().await;
    let select: HtmlSelectElement = testid(&root, "integration-type").dyn_into().unwrap();
    select.set_value("AWS (Lambda)");
    let before = root.inner_html();
    fire(&select, "change");
    after_action_on(&root, &before).await;
    assert!(
        eventually(|| text(&root, "matches").contains("errorMessage")).await,
        "{}",
        text(&root, "matches")
    );
    assert!(
        all_text(&root, "[data-testid=diagnostic]")
            .iter()
            .any(|d| d.contains("looks like a status code"))
    );
    click(&root, "[data-testid=lambda-fails]").await;
    let t = wait_text(&root, "trace", |t| t.contains("the Lambda function fails")).await;
    assert!(t.contains("the Lambda function fails"), "{t}");
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
    assert!(eventually(|| count(&root) == 4).await, "{}", count(&root));
    click(&root, "button[aria-label=\"Remove response 4\"]").await;
    assert!(eventually(|| count(&root) == 3).await, "{}", count(&root));
}

#[wasm_bindgen_test]
async fn presets_load_and_undo() {
    let root = mount().await;
    click(&root, "[data-testid=\"preset-one-way-route\"]").await;
    let t = wait_text(&root, "scenario-title", |t| t.starts_with("One-way route")).await;
    assert!(t.starts_with("One-way route"), "{t}");
    assert!(
        wait_text(&root, "notice", |t| t.contains("Loaded the preset"))
            .await
            .contains("Loaded the preset")
    );
    click(&root, "[data-testid=notice] button").await;
    let t = wait_text(&root, "scenario-title", |t| t.starts_with("HTTP backend")).await;
    assert!(t.starts_with("HTTP backend"), "{t}");
}

#[wasm_bindgen_test]
async fn adding_the_sample_as_a_test_row() {
    let root = mount().await;
    click(&root, "[data-testid=\"status-418\"]").await;
    click(&root, "[data-testid=add-test]").await;
    let summary = wait_text(&root, "tests-summary", |t| t == "Tests: 5 of 5 pass").await;
    assert_eq!(
        summary,
        "Tests: 5 of 5 pass",
        "rows: {:#?}; status field {:?}",
        all_text(&root, "[data-testid=test-row]"),
        testid(&root, "status")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value()
    );
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
    let before = root.inner_html();
    fire(&key, "input");
    after_action_on(&root, &before).await;
    assert_eq!(
        wait_text(&root, "key-status-2", |t| t == "selected").await,
        "selected"
    );
    let u2: HtmlInputElement = testid(&root, "assume-U-2").dyn_into().unwrap();
    u2.set_checked(true);
    let before = root.inner_html();
    fire(&u2, "change");
    after_action_on(&root, &before).await;
    assert_eq!(
        wait_text(&root, "key-status-0", |t| t == "selected").await,
        "selected"
    );
    assert_eq!(
        wait_text(&root, "client-receives", |t| t == "first").await,
        "first"
    );
}

#[wasm_bindgen_test]
async fn user_text_is_never_markup() {
    let root = mount().await;
    let evil =
        "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
    type_into(&root, "response-template-0-0", evil).await;
    type_into(&root, "message", evil).await;
    assert_eq!(root.query_selector_all("img, script").unwrap().length(), 0);
    assert!(
        eventually(|| text(&root, "client-receives").contains("<img src=x")).await,
        "{}",
        text(&root, "client-receives")
    );
    assert_ne!(
        web_sys::window().unwrap().document().unwrap().title(),
        "pwned"
    );
}

#[wasm_bindgen_test]
async fn the_status_map_has_a_text_equivalent() {
    let root = mount().await;
    assert_eq!(
        text(&root, "sweep-text"),
        "100–199 → $default; 200–299 → /2\\d\\d/; 300–399 → $default; 400–499 → /4\\d\\d/; 500–599 → $default"
    );
}

#[wasm_bindgen_test]
async fn lambda_integrations_list_error_messages_and_their_keys() {
    let root = mount().await;
    click(&root, "[data-testid=\"preset-lambda-error-mapping\"]").await;
    let list = wait_text(&root, "lambda-messages", |t| t.contains("Invalid request")).await;
    assert!(list.contains("the function succeeds → $default"), "{list}");
    assert!(
        list.contains("errorMessage “Invalid request: item is sold out” → /.*Invalid request.*/"),
        "{list}"
    );
}

#[wasm_bindgen_test]
async fn reset_to_preset_after_an_edit() {
    let root = mount().await;
    type_into(&root, "response-template-0-0", "changed").await;
    assert_eq!(
        wait_text(&root, "client-receives", |t| t == "changed").await,
        "changed"
    );
    click(&root, "[data-testid=reset]").await;
    assert_eq!(
        wait_text(&root, "client-receives", |t| t
            == r#"{"ok": true, "id": "m-42", "echo": "hello"}"#)
        .await,
        r#"{"ok": true, "id": "m-42", "echo": "hello"}"#
    );
}

#[wasm_bindgen_test]
async fn ctrl_enter_announces_the_result_again() {
    let root = mount().await;
    let live_before = text(&root, "live");
    let area = testid(&root, "response-template-0-0");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let before = root.inner_html();
    area.dispatch_event(&e).unwrap();
    after_action_on(&root, &before).await;
    assert!(eventually(|| text(&root, "live") != live_before).await);
    let after = text(&root, "live");
    assert!(after.ends_with("(run 1)"), "{after}");
}

#[wasm_bindgen_test]
async fn importing_aws_cli_output_replaces_the_scenario() {
    let root = mount().await;
    click(&root, "[data-testid=iac-toggle]").await;
    let pasted = r#"{
    "Items": [
        {
            "IntegrationResponseId": "abc123",
            "IntegrationResponseKey": "/5\\d\\d/",
            "ResponseTemplates": {"$default": "{\"oops\": true}"},
            "TemplateSelectionExpression": "\\$default"
        },
        {
            "IntegrationResponseId": "def456",
            "IntegrationResponseKey": "$default"
        }
    ]
}"#;
    type_into(&root, "import-text", pasted).await;
    click(&root, "[data-testid=import]").await;
    assert!(
        eventually(|| text(&root, "notice").starts_with("Imported AWS CLI output")).await,
        "{}",
        text(&root, "notice")
    );
    let keys = |root: &Element| {
        let list = root
            .query_selector_all("[data-testid=responses] input[id^=ed-key]")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
            .map(|i| i.value())
            .collect::<Vec<_>>()
    };
    assert!(
        eventually(|| keys(&root) == ["/5\\d\\d/", "$default"]).await,
        "{:?}",
        keys(&root)
    );
}

#[wasm_bindgen_test]
async fn a_bad_paste_says_where() {
    let root = mount().await;
    click(&root, "[data-testid=iac-toggle]").await;
    type_into(&root, "import-text", "{\n  \"Items\": [1,\n}").await;
    click(&root, "[data-testid=import]").await;
    assert!(
        eventually(|| text(&root, "import-error").starts_with("3:1")).await,
        "{}",
        text(&root, "import-error")
    );
    assert!(
        text(&root, "scenario-title").starts_with("HTTP backend"),
        "the scenario is untouched"
    );
}

#[wasm_bindgen_test]
async fn exports_in_every_format() {
    let root = mount().await;
    click(&root, "[data-testid=iac-toggle]").await;
    assert!(eventually(|| text(&root, "export-text").contains("AWS::ApiGatewayV2::IntegrationResponse")).await);
    let select: HtmlSelectElement = testid(&root, "export-format").dyn_into().unwrap();
    for (format, needle) in [
        (
            "terraform",
            "resource \"aws_apigatewayv2_integration_response\"",
        ),
        ("cli", "aws apigatewayv2 create-integration-response"),
        ("cdk", "WebSocketApi"),
        ("cfn-json", "\"AWS::ApiGatewayV2::Route\""),
        ("scenario", "\"IntegrationResponseKey\": \"/2\\\\d\\\\d/\""),
    ] {
        select.set_value(format);
        let before = root.inner_html();
        fire(&select, "change");
        after_action_on(&root, &before).await;
        assert!(
            eventually(|| text(&root, "export-text").contains(needle)).await,
            "{format}: {}",
            text(&root, "export-text")
        );
    }
}

fn saved_text() -> String {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(apigw_playground::ui::persist::STORAGE_KEY)
        .unwrap()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn autosave_waits_for_a_pause_and_writes_at_once_when_the_page_is_left() {
    let root = mount().await;
    apigw_playground::ui::persist::clear_saved();
    let delay = f64::from(apigw_playground::ui::autosave::DELAY_MS);
    let t0 = js_sys::Date::now();
    type_into(
        &root,
        "message",
        r#"{"action": "sendmessage", "message": "first-edit"}"#,
    )
    .await;
    // Not on the keystroke itself: a 1 MB body would make every keystroke pay for the save.
    // (Checked only when the page re-rendered within the delay, as it does unless the machine
    // is very slow.)
    if js_sys::Date::now() - t0 < delay - 50.0 {
        assert!(!saved_text().contains("first-edit"));
    }
    assert!(eventually(|| saved_text().contains("first-edit")).await);

    // Leaving the page (reload, close, another tab) writes what is pending at once.
    let t0 = js_sys::Date::now();
    type_into(
        &root,
        "message",
        r#"{"action": "sendmessage", "message": "second-edit"}"#,
    )
    .await;
    if js_sys::Date::now() - t0 < delay - 50.0 {
        assert!(!saved_text().contains("second-edit"));
    }
    let w = web_sys::window().unwrap();
    w.dispatch_event(&Event::new("pagehide").unwrap()).unwrap();
    assert!(saved_text().contains("second-edit"), "{}", saved_text());
}

#[wasm_bindgen_test]
async fn a_frame_over_64_kb_shows_its_start_until_asked_to_show_all() {
    let root = mount().await;
    type_into(&root, "response-template-0-0", "$input.json('$')").await;
    // a 160 KB compact body, which `$input.json('$')` gives back as it is
    let items: Vec<String> = (0..10_000).map(|i| format!("\"item-{i:05}-é\"")).collect();
    let body = format!("{{\"items\":[{}]}}", items.join(","));
    assert!(body.len() > 2 * 64 * 1024);
    type_into(&root, "backend-body", &body).await;
    let shown = wait_text(&root, "client-receives", |t| t.ends_with('…')).await;
    let head = shown.strip_suffix('…').expect("the frame is cut");
    assert!(body.starts_with(head), "{}", &head[..80]);
    assert!(head.len() <= 64 * 1024 && head.len() > 64 * 1024 - 4);
    let cut = text(&root, "client-receives-cut");
    assert!(
        cut.contains(&format!("first 64 KB of {} KB", body.len().div_ceil(1024))),
        "{cut}"
    );
    // the trace still says the whole response is over API Gateway's message limit
    assert!(
        root.text_content()
            .unwrap_or_default()
            .contains("over API Gateway's 128 KB message limit")
    );
    click(&root, "[data-testid=client-receives-show-all]").await;
    assert_eq!(
        wait_text(&root, "client-receives", |t| t.len() == body.len()).await,
        body
    );
}

/// The on-demand modules' files keep their names from build to build; the page asks for them
/// with its build's id, the hash in its own JS's name that www/boot.js's tag carries.
#[wasm_bindgen_test]
fn on_demand_files_are_asked_for_with_the_builds_id() {
    use apigw_playground::ui::dom::{build_id, versioned};
    assert_eq!(
        build_id("/apigw-playground-13fb43a1ace86b58.js"),
        Some("13fb43a1ace86b58")
    );
    assert_eq!(build_id("./sub/app-abc.js"), Some("abc"));
    assert_eq!(build_id("/app.js"), None);
    assert_eq!(build_id("/app-.js"), None);
    assert_eq!(build_id("/app-a?b.js"), None);
    // no boot tag (as in these tests): the path as it is
    assert_eq!(versioned("./console-boot.js"), "./console-boot.js");
    let document = web_sys::window().unwrap().document().unwrap();
    let tag = document.create_element("script").unwrap();
    tag.set_attribute("type", "text/plain").unwrap();
    tag.set_attribute("data-js", "/apigw-playground-0a1b2c.js")
        .unwrap();
    document.body().unwrap().append_child(&tag).unwrap();
    let with_tag = versioned("./console-boot.js");
    tag.remove();
    assert_eq!(with_tag, "./console-boot.js?v=0a1b2c");
}

//! Keeping the scenario in the URL and in `localStorage` (`src/ui/persist.rs`), in a real
//! headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_persist`.
//!
//! Every test starts from a clean URL and storage and puts back what it found, even when it
//! fails early (a `Restore` guard; a test that panics stops the wasm instance, so each test also
//! clears the state it depends on before it starts).
#![cfg(target_arch = "wasm32")]

use apigw_playground::engine::model::Scenario;
use apigw_playground::share::{decode_fragment, encode_fragment, fragment_param};
use apigw_playground::ui::persist::{
    STORAGE_KEY, UNREADABLE_KEY, clear_saved, initial, load_saved, read_fragment, save, share_url,
    write_fragment, write_scenario_fragment,
};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Storage;

wasm_bindgen_test_configure!(run_in_browser);

/// Two small scenarios of their own (the presets may change under other work).
const PRESET: &str = r#"{
  "version": 1,
  "title": "Lambda proxy — ünïcode ✓",
  "api": { "RouteSelectionExpression": "$request.body.action" },
  "routes": [{ "RouteKey": "$default", "Target": "integrations/fn",
    "RouteResponseSelectionExpression": "$default",
    "RouteResponses": [{ "RouteResponseKey": "$default" }] }],
  "integrations": [{ "IntegrationId": "fn", "IntegrationType": "AWS_PROXY",
    "IntegrationUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations" }],
  "sample": { "message": "{\"action\": \"echo\"}",
    "backend": { "statusCode": 200, "body": "{\"statusCode\": 200, \"body\": \"hi\"}" } }
}"#;
const OTHER_PRESET: &str = r#"{
  "version": 1,
  "title": "Mock",
  "notes": "A MOCK integration: the status comes from the request template.",
  "api": { "RouteSelectionExpression": "$request.body.action" },
  "routes": [{ "RouteKey": "ping", "Target": "integrations/m" }],
  "integrations": [{ "IntegrationId": "m", "IntegrationType": "MOCK",
    "RequestTemplates": { "$default": "{\"statusCode\": 200}" },
    "IntegrationResponses": [{ "IntegrationResponseKey": "$default",
      "ResponseTemplates": { "$default": "{\"pong\": true}" } }] }],
  "sample": { "message": "{\"action\": \"ping\"}", "backend": { "statusCode": 200, "body": "" } }
}"#;

fn preset() -> Scenario {
    Scenario::from_json(PRESET).unwrap()
}

fn other_preset() -> Scenario {
    Scenario::from_json(OTHER_PRESET).unwrap()
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn storage() -> Storage {
    window().local_storage().unwrap().unwrap()
}

fn href() -> String {
    window().location().href().unwrap()
}

fn set_item(key: &str, value: Option<&str>) {
    match value {
        Some(v) => storage().set_item(key, v).unwrap(),
        None => storage().remove_item(key).unwrap(),
    }
}

/// The URL and the stored items as a test found them, put back when it ends; the test starts
/// with neither a fragment nor a saved scenario.
struct Restore {
    href: String,
    saved: Option<String>,
    unreadable: Option<String>,
}

impl Restore {
    fn clean() -> Restore {
        let restore = Restore {
            href: href(),
            saved: storage().get_item(STORAGE_KEY).unwrap(),
            unreadable: storage().get_item(UNREADABLE_KEY).unwrap(),
        };
        write_fragment("");
        set_item(STORAGE_KEY, None);
        set_item(UNREADABLE_KEY, None);
        restore
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        let history = window().history().unwrap();
        history
            .replace_state_with_url(&history.state().unwrap(), "", Some(&self.href))
            .unwrap();
        set_item(STORAGE_KEY, self.saved.as_deref());
        set_item(UNREADABLE_KEY, self.unreadable.as_deref());
    }
}

#[wasm_bindgen_test]
fn restore_puts_back_the_url_and_storage() {
    let before = href();
    let saved = storage().get_item(STORAGE_KEY).unwrap();
    {
        let _restore = Restore::clean();
        write_fragment("changed=1");
        set_item(STORAGE_KEY, Some("changed"));
        assert!(href().ends_with("#changed=1"));
    }
    assert_eq!(href(), before);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), saved);
}

#[wasm_bindgen_test]
async fn write_fragment_then_read_fragment() {
    let _restore = Restore::clean();
    assert_eq!(read_fragment(), None);
    let history_length = window().history().unwrap().length().unwrap();
    let base = href();
    assert!(!base.contains('#'), "{base}");

    // no hashchange event: the page must not reload its own write
    let hashchanges = Rc::new(Cell::new(0));
    let counter = {
        let hashchanges = hashchanges.clone();
        Closure::<dyn Fn()>::new(move || hashchanges.set(hashchanges.get() + 1))
    };
    window().set_onhashchange(Some(counter.as_ref().unchecked_ref()));

    let fragment = encode_fragment(&preset());
    write_fragment(&format!("embed=1&{fragment}"));
    assert_eq!(
        read_fragment().as_deref(),
        Some(format!("embed=1&{fragment}").as_str())
    );
    assert_eq!(href(), format!("{base}#embed=1&{fragment}"));
    assert_eq!(
        decode_fragment(&read_fragment().unwrap()).unwrap(),
        preset()
    );

    write_fragment("x=1");
    assert_eq!(read_fragment().as_deref(), Some("x=1"));
    write_fragment("");
    assert_eq!(read_fragment(), None);
    assert_eq!(href(), base, "an empty fragment leaves no '#'");

    // in place: no new history entry, and no event even a while later
    assert_eq!(
        window().history().unwrap().length().unwrap(),
        history_length
    );
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    window().set_onhashchange(None);
    assert_eq!(hashchanges.get(), 0);
}

#[wasm_bindgen_test]
fn the_scenario_goes_into_the_fragment_beside_other_pairs() {
    let _restore = Restore::clean();
    write_fragment("embed=1&s=1.old");
    write_scenario_fragment(&preset());
    let fragment = read_fragment().unwrap();
    assert_eq!(fragment_param(&fragment, "embed"), Some("1"));
    assert!(fragment.starts_with("embed=1&s=1."), "{fragment}");
    assert_eq!(decode_fragment(&fragment), Ok(preset()));
}

#[wasm_bindgen_test]
fn share_url_is_origin_path_and_fragment_keeping_embed() {
    let _restore = Restore::clean();
    let location = window().location();
    let page = format!(
        "{}{}",
        location.origin().unwrap(),
        location.pathname().unwrap()
    );

    let url = share_url(&preset());
    let (before, fragment) = url.split_once('#').unwrap();
    assert_eq!(before, page);
    assert_eq!(fragment, encode_fragment(&preset()));

    write_fragment("embed=1&s=1.stale");
    let url = share_url(&preset());
    let (before, fragment) = url.split_once('#').unwrap();
    assert_eq!(before, page);
    assert_eq!(fragment, format!("embed=1&{}", encode_fragment(&preset())));
    assert_eq!(decode_fragment(fragment), Ok(preset()));
    // share_url only builds the URL
    assert_eq!(read_fragment().as_deref(), Some("embed=1&s=1.stale"));
}

#[wasm_bindgen_test]
fn save_then_load_saved_round_trips() {
    let _restore = Restore::clean();
    assert_eq!(load_saved(), None);
    save(&preset()).unwrap();
    assert_eq!(load_saved(), Some(Ok(preset())));
    // what is stored is the compact JSON
    let stored = storage().get_item(STORAGE_KEY).unwrap().unwrap();
    assert_eq!(stored, serde_json::to_string(&preset()).unwrap());

    save(&other_preset()).unwrap();
    assert_eq!(load_saved(), Some(Ok(other_preset())));
    clear_saved();
    assert_eq!(load_saved(), None);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
fn a_full_storage_is_a_message_and_keeps_the_saved_scenario() {
    let _restore = Restore::clean();
    save(&preset()).unwrap();
    let mut huge = other_preset();
    // more than any browser's localStorage quota (5 MB in Chromium)
    huge.notes = "x".repeat(12 * 1024 * 1024);
    let message = save(&huge).unwrap_err();
    assert!(message.contains("storage"), "{message}");
    assert!(message.contains("QuotaExceededError"), "{message}");
    assert_eq!(load_saved(), Some(Ok(preset())));
}

#[wasm_bindgen_test]
fn with_nothing_anywhere_the_default_comes_without_a_notice() {
    let _restore = Restore::clean();
    let (s, notice) = initial(other_preset);
    assert_eq!(s, other_preset());
    assert_eq!(notice, None);
    // a fragment with other pairs but no scenario is no link
    write_fragment("embed=1");
    assert_eq!(initial(other_preset), (other_preset(), None));
}

#[wasm_bindgen_test]
fn a_corrupt_saved_scenario_gives_err_and_the_default_with_a_notice() {
    let _restore = Restore::clean();
    set_item(STORAGE_KEY, Some("{\"version\": 1, \"routes\": oops"));
    let Some(Err(message)) = load_saved() else {
        panic!("expected an error, got {:?}", load_saved());
    };
    assert!(message.contains("(line 1, column"), "{message}");

    let (s, notice) = initial(Scenario::default);
    assert_eq!(s, Scenario::default());
    let notice = notice.expect("a notice");
    assert!(
        notice.starts_with("Your saved scenario could not be read: "),
        "{notice}"
    );
    assert!(notice.contains(&message), "{notice}");
    assert!(
        notice.ends_with("Showing the starting scenario instead."),
        "{notice}"
    );
    // nothing was written over, and a copy is kept for when the page saves again
    assert_eq!(
        storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("{\"version\": 1, \"routes\": oops")
    );
    assert_eq!(
        storage().get_item(UNREADABLE_KEY).unwrap().as_deref(),
        Some("{\"version\": 1, \"routes\": oops")
    );
    assert!(notice.contains(UNREADABLE_KEY), "{notice}");
}

#[wasm_bindgen_test]
fn a_corrupt_link_falls_back_to_the_saved_scenario_with_a_notice() {
    let _restore = Restore::clean();
    save(&preset()).unwrap();
    let good = encode_fragment(&other_preset());
    let damaged = &good[..good.len() / 2];
    write_fragment(&format!("embed=1&{damaged}"));

    let (s, notice) = initial(Scenario::default);
    assert_eq!(s, preset());
    let notice = notice.expect("a notice");
    assert!(
        notice.starts_with("The link could not be opened: this link is damaged: "),
        "{notice}"
    );
    assert!(
        notice.ends_with("Showing your last saved scenario instead."),
        "{notice}"
    );
    // the saved scenario is untouched, and the link is left for the user to see
    assert_eq!(load_saved(), Some(Ok(preset())));
    assert_eq!(
        read_fragment().as_deref(),
        Some(format!("embed=1&{damaged}").as_str())
    );
}

#[wasm_bindgen_test]
fn a_link_from_a_newer_version_falls_back_to_the_default_with_a_notice() {
    let _restore = Restore::clean();
    write_fragment("s=7.AAAA");
    let (s, notice) = initial(Scenario::default);
    assert_eq!(s, Scenario::default());
    let notice = notice.expect("a notice");
    assert!(
        notice.contains("this link is from a newer version (7) of the playground"),
        "{notice}"
    );
    assert!(
        notice.ends_with("Showing the starting scenario instead."),
        "{notice}"
    );
}

#[wasm_bindgen_test]
fn a_corrupt_link_and_a_corrupt_save_give_the_default_and_both_reasons() {
    let _restore = Restore::clean();
    set_item(STORAGE_KEY, Some("not json"));
    write_fragment("s=1.%%%");
    let (s, notice) = initial(Scenario::default);
    assert_eq!(s, Scenario::default());
    let notice = notice.expect("a notice");
    assert!(
        notice.starts_with("The link could not be opened: this link is damaged"),
        "{notice}"
    );
    assert!(
        notice.contains("Your saved scenario could not be read"),
        "{notice}"
    );
    assert_eq!(
        storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("not json")
    );
}

#[wasm_bindgen_test]
fn a_good_link_wins_over_the_saved_scenario_and_leaves_it_alone() {
    let _restore = Restore::clean();
    save(&preset()).unwrap();
    write_fragment(&encode_fragment(&other_preset()));
    assert_eq!(initial(Scenario::default), (other_preset(), None));
    assert_eq!(load_saved(), Some(Ok(preset())));
}

#[wasm_bindgen_test]
fn the_saved_scenario_is_used_when_there_is_no_link() {
    let _restore = Restore::clean();
    save(&preset()).unwrap();
    assert_eq!(initial(Scenario::default), (preset(), None));
}

//! Browser tests of the probe kit in the live console (`ui::probe`) in headless Chromium: the
//! probe stack with what it creates and how to delete it, predictions that follow the page's
//! assumptions, a refused connection, and — when `scripts/test` gives it the URL of a running
//! `apigw-playground serve --probes` at build time (`APIGW_PROBE_WS_URL`) — "Run all probes"
//! end to end, every probe agreeing and every report field filled.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_probe`.
#![cfg(target_arch = "wasm32")]

use apigw_playground::engine::assumptions::Assumptions;
use apigw_playground::engine::probe::{self, Observed};
use apigw_playground::ui::App;
use apigw_playground::ui::probe::run_one;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A `serve --probes` endpoint, when the test was built with one.
const PROBE_URL: Option<&str> = option_env!("APIGW_PROBE_WS_URL");

async fn mount() -> Mounted<App> {
    let page = mount_page_with_console().await;
    assert!(
        eventually(|| page
            .query_selector("[data-testid=probe-section]")
            .unwrap()
            .is_some())
        .await
    );
    page
}

/// The text of `cell` (`probe-predicted`, `probe-actual`, `probe-verdict`) in probe `id`'s row.
fn cell(root: &Element, id: &str, cell: &str) -> String {
    root.query_selector(&format!(
        "[data-testid=probe-row][data-probe=\"{id}\"] [data-testid=\"{cell}\"]"
    ))
    .ok()
    .flatten()
    .and_then(|e| e.text_content())
    .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_probe_section_offers_the_stack_and_says_how_to_delete_it() {
    let page = mount().await;
    // the template is asked for when the section opens, and comes from the import/export code
    assert!(disabled(&page, "probe-copy") && disabled(&page, "probe-download"));
    page.query_selector("[data-testid=probe-section]")
        .unwrap()
        .unwrap()
        .set_attribute("open", "")
        .unwrap();
    assert!(eventually(|| text(&page, "probe-template") == probe::stack_template()).await);
    assert!(text(&page, "probe-creates").contains("MOCK"));
    assert_eq!(
        text(&page, "probe-delete"),
        "aws cloudformation delete-stack --stack-name apigw-probes"
    );
    assert!(text(&page, "probe-not-probed").contains("U-16: needs an HTTP echo backend"));
    let rows = page
        .query_selector_all("[data-testid=probe-row]")
        .unwrap()
        .length();
    assert_eq!(rows as usize, probe::probes().len());
    // predictions are shown before any run, from the engine
    let predicted = probe::predict(Assumptions::default());
    for (p, e) in probe::probes().iter().zip(&predicted) {
        assert_eq!(cell(&page, p.id, "probe-predicted"), e.text(), "{}", p.id);
        assert_eq!(cell(&page, p.id, "probe-actual"), "—");
    }
    // no URL yet: nothing to run, nothing to download
    assert!(disabled(&page, "probe-run"));
    assert!(disabled(&page, "probe-report"));
    assert!(!disabled(&page, "probe-copy") && !disabled(&page, "probe-download"));
}

#[wasm_bindgen_test]
async fn switching_an_assumption_changes_the_probe_predictions() {
    let page = mount().await;
    let full = "\"full match: /0/ did not match 200\"";
    let search = "\"search: /0/ matched 200\"";
    assert_eq!(cell(&page, "u2-full-or-search", "probe-predicted"), full);
    assert_eq!(cell(&page, "u11-empty-output", "probe-predicted"), "\"\"");
    // one at a time: each checkbox sets the assumptions it saw when the page last rendered
    let tick = |id: &str, on: bool| {
        let boxed = testid(&page, id).dyn_into::<HtmlInputElement>().unwrap();
        boxed.set_checked(on);
        fire(&boxed, "change");
    };
    tick("assume-U-2", true);
    assert!(
        eventually_for(5000, || cell(&page, "u2-full-or-search", "probe-predicted")
            == search)
        .await,
        "{}",
        cell(&page, "u2-full-or-search", "probe-predicted")
    );
    tick("assume-U-11", true);
    assert!(
        eventually_for(5000, || cell(&page, "u11-empty-output", "probe-predicted")
            == "(no frame)")
        .await
    );
    assert_eq!(cell(&page, "u2-full-or-search", "probe-predicted"), search);
    // and back
    tick("assume-U-2", false);
    assert!(
        eventually_for(5000, || cell(&page, "u2-full-or-search", "probe-predicted")
            == full)
        .await
    );
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_failed_probe() {
    // nothing listens on the discard port of this machine's loopback
    let o = run_one("ws://127.0.0.1:9/", r#"{"probe":"u2-full-or-search"}"#, 500).await;
    assert!(
        matches!(&o, Observed::Failed { error } if error.contains("cannot connect")),
        "{o:?}"
    );
}

#[wasm_bindgen_test]
async fn run_all_probes_against_serve_and_every_probe_agrees() {
    let Some(url) = PROBE_URL else {
        web_sys::console::log_1(
            &"ui_probe: APIGW_PROBE_WS_URL was not set at build time: the end-to-end run is skipped (scripts/test sets it)".into(),
        );
        return;
    };
    let page = mount().await;
    let field = testid(&page, "ws-url")
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    field.set_value(url);
    fire(&field, "input");
    assert!(eventually_for(3000, || !disabled(&page, "probe-run")).await);
    click(&page, "probe-run");
    assert!(
        eventually_for(30_000, || text(&page, "probe-status").contains(" agree,")).await,
        "{}",
        text(&page, "probe-status")
    );
    let n = probe::probes().len();
    assert_eq!(
        text(&page, "probe-status"),
        format!("{n} probes against {url}: {n} agree, 0 differ, 0 failed")
    );
    for p in probe::probes() {
        assert_eq!(cell(&page, p.id, "probe-verdict"), "agree", "{}", p.id);
        let actual = cell(&page, p.id, "probe-actual");
        assert!(
            !actual.is_empty() && actual != "—" && actual != "…",
            "{}: {actual}",
            p.id
        );
    }
    assert!(!disabled(&page, "probe-report"));
    assert!(!disabled(&page, "probe-run"), "a run can be repeated");
    // one probe on its own, as the page runs it: the frame is the engine's
    let o = run_one(url, r#"{"probe":"u2-full-or-search"}"#, 3000).await;
    assert_eq!(
        o,
        Observed::Frame {
            text: "full match: /0/ did not match 200".into()
        }
    );
}

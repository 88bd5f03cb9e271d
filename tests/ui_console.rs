//! Browser tests of the live WebSocket console (`ui::console`) in headless Chromium: the URL
//! checks, a refused connection, the composer, saved messages, and the pure parts (prediction,
//! comparison, diff, the capped log). A real connection needs a server this test cannot start:
//! `tests/e2e/e2e.mjs` does that part against `apigw-playground serve`.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_console`.
#![cfg(target_arch = "wasm32")]

use apigw_playground::state;
use apigw_playground::ui::console::{
    Actual, Conn, DiffLine, LOG_CAP, Log, LogAction, Predicted, SAVED_KEY, Verdict, apply,
    check_protocols, check_url, close_code_meaning, compare, error_frame_ids, line_diff, predict,
    redact,
};
use apigw_playground::ui::console_host;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

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

#[wasm_bindgen_test]
async fn the_url_field_says_what_is_wrong() {
    let root = mount_console(None).await;
    let check = |root: &Element| text(root, "ws-url-check");
    assert!(
        check(&root).contains("Enter your API's WebSocket URL"),
        "{}",
        check(&root)
    );
    assert!(disabled(&root, "ws-connect"));

    let cases = [
        (
            "https://abc123.execute-api.us-east-1.amazonaws.com/production",
            "https:// is an HTTP address: the WebSocket URL starts with wss:// (wss://abc123.execute-api.us-east-1.amazonaws.com/production)",
        ),
        (
            "ws://example.com/chat",
            "ws:// (unencrypted) is only for localhost or 127.0.0.1; use wss://example.com/chat",
        ),
        (
            "abc123.execute-api.us-east-1.amazonaws.com",
            "Start the URL with wss://",
        ),
        ("wss://example.com/#room", "cannot have a #fragment"),
        (
            "wss://example.com:99999/",
            "The port `99999` is not a number from 1 to 65535",
        ),
        ("ftp://example.com/", "not ftp://"),
        (
            "wss://user:pw@example.com/",
            "Remove the user:password@ part",
        ),
    ];
    for (url, expected) in cases {
        type_into(&root, "ws-url", url).await;
        assert!(
            eventually(|| check(&root).contains(expected)).await,
            "{url}: {}",
            check(&root)
        );
        assert!(disabled(&root, "ws-connect"), "{url}");
        let input = testid(&root, "ws-url");
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    }

    type_into(&root, "ws-url", "ws://127.0.0.1:3001").await;
    assert!(eventually(|| check(&root).contains("ws:// is unencrypted")).await);
    assert!(eventually(|| !disabled(&root, "ws-connect")).await);

    type_into(
        &root,
        "ws-url",
        "wss://abc123.execute-api.us-east-1.amazonaws.com",
    )
    .await;
    assert!(
        eventually(|| check(&root).contains("end with the stage name")).await,
        "{}",
        check(&root)
    );
    assert!(
        !disabled(&root, "ws-connect"),
        "a note does not stop a connection"
    );

    // the header note is where people look for headers
    assert_eq!(
        text(&root, "ws-headers-note"),
        "Browsers cannot set headers on a WebSocket; use a query parameter or a presigned URL."
    );
    // subprotocols: a bad token is an error, a good one a warning
    type_into(&root, "ws-protocols", "graphql ws").await;
    assert!(
        eventually(|| text(&root, "ws-protocols-error").contains("not a valid subprotocol")).await
    );
    assert!(disabled(&root, "ws-connect"));
    type_into(&root, "ws-protocols", "graphql-ws").await;
    assert!(
        eventually(
            || text(&root, "ws-protocols-warning").contains("or the browser closes the connection")
        )
        .await
    );
    assert!(!disabled(&root, "ws-connect"));
    // a query-parameter line without `=`
    type_into(&root, "ws-query", "token").await;
    assert!(eventually(|| check(&root).contains("Query parameter line 1: write key=value")).await);
}

#[wasm_bindgen_test]
fn check_url_appends_encoded_query_parameters() {
    let c = check_url("wss://h.example/prod", "token=a b&c\n\n# a comment\nx = 1");
    assert_eq!(c.error, None);
    assert_eq!(
        c.url.as_deref(),
        Some("wss://h.example/prod?token=a%20b%26c&x=1")
    );
    let c = check_url("wss://h.example/prod?v=1", "t=2");
    assert_eq!(c.url.as_deref(), Some("wss://h.example/prod?v=1&t=2"));
    let c = check_url(
        "wss://h.example/prod?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc",
        "",
    );
    assert!(c.notes.iter().any(|n| n.contains("presigned URL")), "{c:?}");
    let c = check_url(&format!("wss://h.example/{}", "a".repeat(5000)), "");
    assert!(c.notes.iter().any(|n| n.contains("4096")), "{c:?}");
    assert!(check_url("ws://localhost:8080/", "").url.is_some());
    assert!(check_url("ws://[::1]:8080/", "").url.is_some());
    assert!(
        check_url("ws://127.0.0.1.evil.example/", "")
            .error
            .is_some()
    );
    assert_eq!(
        redact("wss://h.example/prod?token=secret&X-Amz-Signature=abc"),
        "wss://h.example/prod?token=…&X-Amz-Signature=…"
    );
    assert_eq!(
        check_protocols(" a, b ,"),
        Ok(vec!["a".to_string(), "b".to_string()])
    );
    assert!(check_protocols("a,a").unwrap_err().contains("twice"));
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_explained_and_the_console_keeps_working() {
    // port 1: nothing listens there, the connection is refused at once
    let root = mount_console(Some("ws://127.0.0.1:1/")).await;
    assert!(eventually(|| !disabled(&root, "ws-connect")).await);
    click(&root, "ws-connect");
    assert!(
        eventually(|| text(&root, "ws-state").starts_with("closed: 1006")).await,
        "{}",
        text(&root, "ws-state")
    );
    assert!(
        eventually(|| text(&root, "ws-close-explained").starts_with(
            "The connection failed: the server refused it, the name did not resolve, or TLS failed — browsers do not say which."
        ))
        .await,
        "{}",
        text(&root, "ws-close-explained")
    );
    let log = text(&root, "ws-log");
    assert!(log.contains("connecting to ws://127.0.0.1:1/"), "{log}");
    assert!(log.contains("closed: 1006"), "{log}");
    // still works: the composer checks JSON, Connect is offered again, Send is not
    type_into(&root, "ws-message", "{\"action\": ").await;
    assert!(eventually(|| text(&root, "ws-json").starts_with("invalid JSON")).await);
    assert!(!disabled(&root, "ws-connect"));
    assert!(disabled(&root, "ws-send"));

    // with reconnect on, a backoff is scheduled, and Disconnect cancels it
    let reconnect: HtmlInputElement = testid(&root, "ws-reconnect").dyn_into().unwrap();
    reconnect.set_checked(true);
    fire(&reconnect, "change");
    settle().await;
    click(&root, "ws-connect");
    assert!(
        eventually(|| text(&root, "ws-reconnecting").contains("(attempt 1,")).await,
        "{}",
        text(&root, "ws-log")
    );
    assert!(
        eventually_for(8000, || text(&root, "ws-log").contains("attempt 2")).await,
        "the second attempt waits 2 s: {}",
        text(&root, "ws-log")
    );
    click(&root, "ws-disconnect");
    assert!(eventually(|| text(&root, "ws-reconnecting").is_empty()).await);
    let entries = |root: &Element| {
        root.query_selector_all("[data-testid=ws-entry]")
            .unwrap()
            .length()
    };
    let n = entries(&root);
    yew::platform::time::sleep(Duration::from_millis(4500)).await;
    assert_eq!(
        entries(&root),
        n,
        "no reconnect after Disconnect: {}",
        text(&root, "ws-log")
    );
}

#[wasm_bindgen_test]
async fn the_composer_measures_against_api_gateway_limits() {
    let root = mount_console(None).await;
    type_into(&root, "ws-message", "{\"action\": \"join\"}").await;
    assert!(eventually(|| text(&root, "ws-json") == "valid JSON").await);
    assert!(text(&root, "ws-size").starts_with("18 bytes of API Gateway's 32 KB frame limit"));
    type_into(&root, "ws-message", &"x".repeat(40_000)).await;
    assert!(
        eventually(|| text(&root, "ws-size").contains("over API Gateway's 32 KB frame limit"))
            .await,
        "{}",
        text(&root, "ws-size")
    );
    assert_eq!(text(&root, "ws-json"), "text");
    type_into(&root, "ws-message", &"x".repeat(140_000)).await;
    assert!(eventually(|| text(&root, "ws-size").contains("128 KB message limit")).await);
}

#[wasm_bindgen_test]
async fn messages_are_saved_in_local_storage() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let _ = storage.remove_item(SAVED_KEY);
    let root = mount_console(None).await;
    type_into(&root, "ws-message", "{\"action\": \"leave\"}").await;
    type_into(&root, "ws-save-name", "leave room").await;
    click(&root, "ws-save");
    assert!(eventually(|| text(&root, "ws-saved").contains("leave room")).await);
    let stored = storage.get_item(SAVED_KEY).unwrap().unwrap_or_default();
    assert!(
        stored.contains("leave room") && stored.contains("leave"),
        "{stored}"
    );
    type_into(&root, "ws-message", "other").await;
    root.query_selector("[data-testid=ws-saved] button")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    let area: HtmlTextAreaElement = testid(&root, "ws-message").dyn_into().unwrap();
    assert!(eventually(|| area.value() == "{\"action\": \"leave\"}").await);
    drop(root);
    // a fresh console finds it
    let root = mount_console(None).await;
    assert!(eventually(|| text(&root, "ws-saved").contains("leave room")).await);
    let _ = storage.remove_item(SAVED_KEY);
}

#[wasm_bindgen_test]
fn the_simulator_predicts_with_the_pages_scenario() {
    let s = state::preset("route-selection").unwrap();
    assert_eq!(
        predict(&s, "{\"action\":\"join\"}"),
        Predicted::Frame("{\"route\": \"join\"}".into())
    );
    let big = "x".repeat(40_000);
    assert!(matches!(predict(&s, &big), Predicted::Close(1009, _)));
    let one_way = state::preset("one-way-route").unwrap();
    assert!(matches!(
        predict(&one_way, "{\"action\": \"sendmessage\"}"),
        Predicted::Nothing(_)
    ));
}

#[wasm_bindgen_test]
fn comparison_sets_ids_aside_and_diffs_lines() {
    let p = Predicted::Frame(
        r#"{"message": "Forbidden", "connectionId":"Qyi07eCbtjMCJKw=", "requestId":"Qyi3UG41tjMFlUg="}"#.into(),
    );
    let a = Actual::Frame(
        r#"{"message": "Forbidden", "connectionId":"abcdefghijklmno=", "requestId":"ponmlkjihgfedcb="}"#.into(),
    );
    assert_eq!(compare(&p, &a), Verdict::AgreeExceptIds);
    let p = Predicted::Frame("{\"route\": \"join\"}".into());
    assert_eq!(
        compare(&p, &Actual::Frame("{\"route\": \"join\"}".into())),
        Verdict::Agree
    );
    assert_eq!(
        compare(&p, &Actual::Frame("{\"route\": \"leave\"}".into())),
        Verdict::Differ
    );
    assert_eq!(compare(&p, &Actual::NoFrame), Verdict::Differ);
    assert_eq!(
        compare(&Predicted::Nothing("one-way".into()), &Actual::NoFrame),
        Verdict::Agree
    );
    assert_eq!(
        compare(
            &Predicted::Close(1009, "frame too big".into()),
            &Actual::Closed(1009)
        ),
        Verdict::Agree
    );
    let d = line_diff(r#"{"a": 1, "b": 2}"#, r#"{"a": 1, "b": 3}"#);
    assert_eq!(
        d,
        vec![
            DiffLine::Same("{".into()),
            DiffLine::Same("  \"a\": 1,".into()),
            DiffLine::Predicted("  \"b\": 2".into()),
            DiffLine::Actual("  \"b\": 3".into()),
            DiffLine::Same("}".into()),
        ]
    );
    let ids = error_frame_ids(
        r#"{"message": "Internal server error", "connectionId":"L0SM9cOFvHcCIhw=", "requestId":"L0SNxF9qPHcFeFg="}"#,
    )
    .unwrap();
    assert_eq!(ids.message, "Internal server error");
    assert_eq!(ids.connection_id.as_deref(), Some("L0SM9cOFvHcCIhw="));
    assert_eq!(ids.request_id.as_deref(), Some("L0SNxF9qPHcFeFg="));
    assert_eq!(error_frame_ids(r#"{"message": "hi"}"#), None);
    assert!(close_code_meaning(1001, true).contains("10 minutes"));
    assert!(close_code_meaning(1009, true).contains("32 KB"));
    assert!(close_code_meaning(1003, true).contains("binary"));
    assert!(close_code_meaning(1006, true).contains("dropped"));
    assert!(close_code_meaning(4001, true).contains("application"));
}

#[wasm_bindgen_test]
fn the_log_is_capped_and_matches_frames_to_messages() {
    let mut log = Log::default();
    apply(
        &mut log,
        LogAction::Opened {
            protocol: String::new(),
            at: 0.0,
        },
    );
    assert!(matches!(log.conn, Conn::Open { .. }));
    apply(
        &mut log,
        LogAction::Sent {
            text: "{\"action\":\"join\"}".into(),
            at: 10.0,
            predicted: Predicted::Frame("{\"route\": \"join\"}".into()),
            heartbeat: false,
        },
    );
    assert_eq!(log.latest().unwrap().actual, None);
    apply(
        &mut log,
        LogAction::Received(vec![("{\"route\": \"join\"}".into(), 17, 20.0, false)]),
    );
    let c = log.latest().unwrap();
    assert_eq!(
        c.actual,
        Some(Actual::Frame("{\"route\": \"join\"}".into()))
    );
    assert_eq!(
        compare(&c.predicted, c.actual.as_ref().unwrap()),
        Verdict::Agree
    );
    // a one-way route: nothing within 5 s is what was predicted
    apply(
        &mut log,
        LogAction::Sent {
            text: "{\"action\":\"tell\"}".into(),
            at: 100.0,
            predicted: Predicted::Nothing("one-way".into()),
            heartbeat: false,
        },
    );
    apply(&mut log, LogAction::Tick(3000.0));
    assert_eq!(log.latest().unwrap().actual, None);
    apply(&mut log, LogAction::Tick(5200.0));
    assert_eq!(log.latest().unwrap().actual, Some(Actual::NoFrame));
    // an error frame's ids are picked out
    apply(
        &mut log,
        LogAction::Received(vec![(
            r#"{"message": "Forbidden", "connectionId":"abc=", "requestId":"def="}"#.into(),
            60,
            6000.0,
            false,
        )]),
    );
    assert_eq!(log.error_ids.as_ref().unwrap().message, "Forbidden");
    // a flood keeps the newest LOG_CAP entries and counts the rest
    let flood: Vec<_> = (0..3000)
        .map(|i| (format!("frame {i}"), 8, 7000.0 + i as f64, false))
        .collect();
    apply(&mut log, LogAction::Received(flood));
    assert_eq!(log.entries.len(), LOG_CAP);
    assert_eq!(log.entries.back().unwrap().text, "frame 2999");
    assert_eq!(log.dropped as usize, 3000 + 5 - LOG_CAP);
    apply(
        &mut log,
        LogAction::Closed {
            code: 1001,
            reason: "Going away".into(),
            clean: true,
            at: 20_000.0,
        },
    );
    assert!(matches!(
        log.conn,
        Conn::Closed {
            code: 1001,
            was_open: true,
            ..
        }
    ));
    apply(&mut log, LogAction::Clear);
    assert!(log.entries.is_empty());
    assert_eq!(log.dropped, 0);
}

#[wasm_bindgen_test]
async fn the_page_keeps_working_after_the_console_fails_to_connect() {
    let root = mount_page_with_console().await;
    assert!(
        eventually(|| root
            .query_selector("[data-testid=ws-url]")
            .unwrap()
            .is_some())
        .await
    );
    type_into(&root, "ws-url", "ws://127.0.0.1:1/").await;
    assert!(eventually(|| !disabled(&root, "ws-connect")).await);
    click(&root, "ws-connect");
    assert!(
        eventually(|| text(&root, "ws-close-explained").starts_with("The connection failed")).await
    );
    // the simulator still answers edits
    type_into(&root, "response-template-0-0", "{\"still\": \"working\"}").await;
    assert!(
        eventually(|| text(&root, "client-receives") == "{\"still\": \"working\"}").await,
        "{}",
        text(&root, "client-receives")
    );
}

/// Mounts the page, then counts the console loads it asks for (each answered by `then`).
async fn page_counting_loads(
    then: fn() -> Result<(), String>,
) -> (
    Mounted<apigw_playground::ui::App>,
    std::rc::Rc<std::cell::Cell<u32>>,
) {
    let root = mount_page().await;
    let loads = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = loads.clone();
    let in_process = console_host::in_process_loader();
    console_host::set_loader(std::rc::Rc::new(move |host, done| {
        counted.set(counted.get() + 1);
        match then() {
            Ok(()) => in_process(host, done),
            Err(why) => done.emit(Err(why)),
        }
    }));
    (root, loads)
}

#[wasm_bindgen_test]
async fn the_page_loads_the_console_only_when_it_is_opened() {
    let (root, loads) = page_counting_loads(|| Ok(())).await;
    assert!(text(&root, "console-slot").contains("Open the live console"));
    assert!(!has(&root, "ws-url"));
    settle().await;
    assert_eq!(loads.get(), 0, "nothing loads before the button is pressed");
    click(&root, "console-open");
    assert!(eventually(|| has(&root, "ws-url")).await);
    assert_eq!(loads.get(), 1);
    // the card that offered it gives way to the console itself
    assert!(eventually(|| !has(&root, "console-slot")).await);
    assert!(has(&root, "probe-section"));
}

#[wasm_bindgen_test]
async fn a_console_that_cannot_be_loaded_says_why_and_can_be_tried_again() {
    let (root, loads) = page_counting_loads(|| Err("console-module.js did not load".into())).await;
    click(&root, "console-open");
    assert!(
        eventually(|| text(&root, "console-failed")
            == "The live console could not be loaded (console-module.js did not load): check the connection and try again.")
        .await,
        "{}",
        text(&root, "console-failed")
    );
    assert_eq!(text(&root, "console-open"), "Try again");
    assert_eq!(loads.get(), 1, "one load a press");
    // the simulator is untouched by it
    assert!(!text(&root, "client-receives").is_empty());
    console_host::set_loader(console_host::in_process_loader());
    click(&root, "console-open");
    assert!(eventually(|| has(&root, "ws-url")).await);
    assert!(eventually(|| !has(&root, "console-failed")).await);
    assert_eq!(loads.get(), 1);
}

#[wasm_bindgen_test]
async fn once_opened_the_console_opens_with_the_page() {
    {
        let root = mount_page_with_console().await;
        assert!(!text(&root, "ws-state").is_empty());
        let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
        assert_eq!(
            storage
                .get_item(console_host::OPENED_KEY)
                .unwrap()
                .as_deref(),
            Some("1"),
            "opening the console is remembered"
        );
    }
    // mounted as a visitor's next load would be: the storage says it was opened (set again
    // with the page held: another test may have cleared it in between)
    let turn = take_turn().await;
    set_console_opened(true);
    let root = mount_in::<apigw_playground::ui::App>(
        turn,
        apigw_playground::ui::AppProps {
            initial: Some(state::default_scenario()),
        },
    );
    assert!(eventually(|| has(&root, "ws-url")).await);
}

#[wasm_bindgen_test]
async fn the_console_reads_the_pages_scenario_as_it_is_when_asked() {
    let root = mount_page_with_console().await;
    let host = testid(&root, "console-host");
    let before = console_host::page_scenario(&host).unwrap();
    assert_eq!(before, state::default_scenario());
    type_into(&root, "response-template-0-0", "{\"edited\": true}").await;
    let after = console_host::page_scenario(&host).unwrap();
    assert_ne!(after, before);
    assert_eq!(
        after.integrations[0].integration_responses[0]
            .response_templates
            .values()
            .next()
            .map(String::as_str),
        Some("{\"edited\": true}")
    );
    // a console moved out of the page hears no answer, and says so
    let stray = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    assert_eq!(
        console_host::page_scenario(&stray).unwrap_err(),
        "the page did not answer"
    );
}

//! Browser tests of the code editor (`ui::components::editor::CodeEditor`) in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_editor`.
//!
//! Each test mounts a small harness that owns the text (as the page will) and checks the real
//! DOM. Events are dispatched bubbling (Yew listens at its root) and Yew gets a turn of its
//! scheduler after each.
#![cfg(target_arch = "wasm32")]

use apigw_playground::engine::diag::{Diagnostic, Kind, Severity};
use apigw_playground::engine::span::Span;
use apigw_playground::ui::components::editor::{
    CodeEditor, HIGHLIGHT_MAX_BYTES, LARGE_TEXT_ROWS, Language, Marker, PREVIEW_BYTES,
    PREVIEW_MIN_BYTES,
};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HarnessProps {
    initial: AttrValue,
    #[prop_or_default]
    language: Language,
    #[prop_or_default]
    markers: Vec<Marker>,
    #[prop_or(3)]
    min_rows: usize,
    #[prop_or_default]
    with_run: bool,
    #[prop_or_default]
    id: Option<AttrValue>,
}

/// Owns the text like the page does, and shows what it got from the editor.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let text = use_state(|| props.initial.to_string());
    let changes = use_state(|| 0usize);
    let runs = use_state(|| 0usize);
    let on_change = {
        let text = text.clone();
        let changes = changes.clone();
        Callback::from(move |t: String| {
            text.set(t);
            changes.set(*changes + 1);
        })
    };
    let on_run = props.with_run.then(|| {
        let runs = runs.clone();
        Callback::from(move |()| runs.set(*runs + 1))
    });
    html! {
        <div>
            <CodeEditor
                value={AttrValue::from((*text).clone())}
                {on_change}
                language={props.language}
                diagnostics={props.markers.clone()}
                label="Template"
                id={props.id.clone()}
                testid="editor"
                min_rows={props.min_rows}
                placeholder="type here"
                {on_run}
            />
            <output data-testid="echo">{ (*text).clone() }</output>
            <output data-testid="changes">{ *changes }</output>
            <output data-testid="runs">{ *runs }</output>
        </div>
    }
}

/// Yew renders on its scheduler: give it a turn.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

/// Waits (up to 5 s) until the editor shows what its textarea holds: Yew renders on its
/// scheduler, much later than 20 ms on a loaded machine.
async fn rendered(root: &Element) {
    let done = || {
        let overlay = root.query_selector(".code-editor-overlay").ok().flatten();
        let area = root.query_selector("[data-testid=editor]").ok().flatten();
        match (
            overlay,
            area.and_then(|a| a.dyn_into::<HtmlTextAreaElement>().ok()),
        ) {
            // (a textarea's value reads line breaks as `\n`)
            (None, Some(_)) => root
                .query_selector(".code-editor-large")
                .ok()
                .flatten()
                .is_some(),
            // a text over the preview limit has no textarea
            (None, None) => root
                .query_selector(".code-editor-preview")
                .ok()
                .flatten()
                .is_some(),
            (Some(o), Some(a)) => {
                let lf = |t: String| t.replace("\r\n", "\n").replace('\r', "\n");
                lf(o.text_content().unwrap_or_default()) == lf(a.value())
            }
            _ => false,
        }
    };
    for _ in 0..250 {
        if done() {
            break;
        }
        settle().await;
    }
    settle().await;
}

async fn mount(props: HarnessProps) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    yew::Renderer::<Harness>::with_root_and_props(div.clone(), props).render();
    rendered(&div).await;
    div
}

fn props(initial: &str) -> HarnessProps {
    HarnessProps {
        initial: AttrValue::from(initial.to_string()),
        language: Language::Plain,
        markers: Vec::new(),
        min_rows: 3,
        with_run: false,
        id: None,
    }
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn area(root: &Element) -> HtmlTextAreaElement {
    one(root, "[data-testid=editor]").dyn_into().unwrap()
}

fn overlay_text(root: &Element) -> String {
    one(root, ".code-editor-overlay")
        .text_content()
        .unwrap_or_default()
}

fn output(root: &Element, testid: &str) -> String {
    one(root, &format!("[data-testid={testid}]"))
        .text_content()
        .unwrap_or_default()
}

fn selection(area: &HtmlTextAreaElement) -> (u32, u32) {
    (
        area.selection_start().unwrap().unwrap(),
        area.selection_end().unwrap().unwrap(),
    )
}

/// Types the way a browser does: the new value and caret, then a bubbling `input` event.
async fn type_text(root: &Element, value: &str, caret: Option<u32>) {
    let area = area(root);
    area.set_value(value);
    if let Some(at) = caret {
        area.set_selection_range(at, at).unwrap();
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    rendered(root).await;
}

#[derive(Default, Clone, Copy)]
struct Mods {
    shift: bool,
    ctrl: bool,
    meta: bool,
}

/// Fires a bubbling, cancelable `keydown` at the textarea; false when the editor prevented the
/// browser's default action. (Built through `Reflect`, so the tests need no `KeyboardEventInit`
/// feature of web-sys.)
async fn key(root: &Element, key: &str, mods: Mods) -> bool {
    let init = js_sys::Object::new();
    let fields: [(&str, JsValue); 6] = [
        ("key", key.into()),
        ("bubbles", true.into()),
        ("cancelable", true.into()),
        ("shiftKey", mods.shift.into()),
        ("ctrlKey", mods.ctrl.into()),
        ("metaKey", mods.meta.into()),
    ];
    for (name, value) in fields {
        js_sys::Reflect::set(&init, &name.into(), &value).unwrap();
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let event: Event =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
            .unwrap()
            .dyn_into()
            .unwrap();
    let not_prevented = area(root).dispatch_event(&event).unwrap();
    rendered(root).await;
    not_prevented
}

fn marker(start: usize, end: usize, severity: Severity, message: &str) -> Marker {
    Marker {
        start,
        end,
        severity,
        message: message.to_string(),
    }
}

#[wasm_bindgen_test]
async fn vtl_is_highlighted_with_the_engines_tokens() {
    let root = mount(HarnessProps {
        language: Language::Vtl,
        ..props("#if($a)x#end")
    })
    .await;
    let directives = texts(&root, ".code-editor-overlay .tok-directive");
    assert!(directives.iter().any(|t| t == "#if"), "{directives:?}");
    assert!(directives.iter().any(|t| t == "#end"), "{directives:?}");
    assert_eq!(
        texts(&root, ".code-editor-overlay .tok-variable"),
        vec!["a".to_string()]
    );
    assert_eq!(
        texts(&root, ".code-editor-overlay .tok-ref-sigil"),
        vec!["$".to_string()]
    );
    assert_eq!(overlay_text(&root), "#if($a)x#end");

    // Typing re-highlights: the directive is gone, the reference has a property now.
    type_text(&root, "$input.body", None).await;
    assert!(texts(&root, ".code-editor-overlay .tok-directive").is_empty());
    assert_eq!(
        texts(&root, ".code-editor-overlay .tok-property"),
        vec!["body".to_string()]
    );
}

#[wasm_bindgen_test]
async fn json_is_highlighted_even_when_invalid() {
    let root = mount(HarnessProps {
        language: Language::Json,
        ..props(r#"{"k": [1.5e3, true, null, "s"], "bad": tru"#)
    })
    .await;
    assert_eq!(
        texts(&root, ".tok-key"),
        vec![r#""k""#.to_string(), r#""bad""#.to_string()]
    );
    assert_eq!(texts(&root, ".tok-number"), vec!["1.5e3".to_string()]);
    assert_eq!(texts(&root, ".tok-boolean"), vec!["true".to_string()]);
    assert_eq!(texts(&root, ".tok-null"), vec!["null".to_string()]);
    assert_eq!(texts(&root, ".tok-string"), vec![r#""s""#.to_string()]);
    assert_eq!(texts(&root, ".tok-punct").concat(), "{:[,,,],:");

    // An unterminated string with an escape, and a lone backslash at the end: no panic.
    type_text(&root, "{\"a\\\"é😀\n\"\\", None).await;
    assert_eq!(overlay_text(&root), "{\"a\\\"é😀\n\"\\");
    assert_eq!(texts(&root, ".tok-string")[0], "\"a\\\"é😀");

    // Plain text has no highlighting at all.
    let plain = mount(props(r#"{"k": 1}"#)).await;
    assert!(all(&plain, ".code-editor-overlay span").is_empty());
}

#[wasm_bindgen_test]
async fn a_text_over_the_highlight_limit_is_a_plain_scrolling_textarea_that_lists_its_problems() {
    // A JSON body just over the limit, with many tokens: highlighted it would be thousands of
    // spans, and overlay, gutter and textarea would each be as tall as the whole text.
    let item = r#"{"id": 1, "ok": true, "v": null},"#;
    let mut big = String::from("[\n");
    while big.len() <= HIGHLIGHT_MAX_BYTES {
        big.push_str(item);
        big.push('\n');
    }
    big.push_str("{}]");
    let bad = big.len() - 2;
    let root = mount(HarnessProps {
        language: Language::Json,
        markers: vec![marker(bad, bad + 1, Severity::Error, "bad")],
        ..props(&big)
    })
    .await;
    assert_eq!(area(&root).value(), big);
    assert!(
        one(&root, ".code-editor")
            .class_list()
            .contains("code-editor-large")
    );
    assert!(all(&root, ".code-editor-overlay").is_empty());
    assert!(all(&root, ".code-editor-gutter").is_empty());
    let rows: usize = area(&root).get_attribute("rows").unwrap().parse().unwrap();
    assert!(rows <= LARGE_TEXT_ROWS, "{rows}");
    // the problem is still listed at its place, and its button selects it
    let lines = big.lines().count();
    assert_eq!(
        texts(&root, ".editor-diagnostic-goto"),
        vec![format!("{lines}:2")]
    );
    let hint = one(&root, ".code-editor-hint")
        .text_content()
        .unwrap_or_default();
    assert!(
        hint.contains("over 64 KB, so highlighting, underlines and line numbers are off"),
        "{hint}"
    );

    // Back under the limit: the overlay, the gutter and the highlighting come back.
    type_text(&root, r#"{"k": 1}"#, None).await;
    assert!(
        !one(&root, ".code-editor")
            .class_list()
            .contains("code-editor-large")
    );
    assert_eq!(texts(&root, ".tok-key"), vec![r#""k""#.to_string()]);
    assert_eq!(all(&root, ".code-editor-gutter").len(), 1);
    let hint = one(&root, ".code-editor-hint")
        .text_content()
        .unwrap_or_default();
    assert!(!hint.contains("64 KB"), "{hint}");
}

/// Clicks the element `selector` finds.
fn press(root: &Element, selector: &str) {
    one(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn a_text_over_the_preview_limit_shows_its_start_until_asked_to_edit_all_of_it() {
    // over 256 KB, with 2- and 4-byte characters on both sides of the cut
    let mut big = String::new();
    while big.len() <= PREVIEW_MIN_BYTES {
        big.push_str("{\"k\": \"é😀\"},\n");
    }
    let root = mount(props(&big)).await;
    // no textarea (the browser would lay out all of the text at once), but its start
    assert!(all(&root, "[data-testid=editor]").is_empty());
    let shown = one(&root, ".code-editor-preview")
        .text_content()
        .unwrap_or_default();
    let head = shown
        .strip_suffix('…')
        .expect("the preview ends in an ellipsis");
    assert!(big.starts_with(head));
    assert!(
        head.len() <= PREVIEW_BYTES && head.len() > PREVIEW_BYTES - 4,
        "{}",
        head.len()
    );
    let note = one(&root, ".code-editor-preview-note")
        .text_content()
        .unwrap_or_default();
    assert!(
        note.contains(&format!("first 4 KB of {} KB", big.len().div_ceil(1024))),
        "{note}"
    );
    assert!(note.contains("uses all of it"), "{note}");
    assert_eq!(
        output(&root, "changes"),
        "0",
        "showing a preview changes nothing"
    );

    // "Edit the whole text": a textarea with every byte, which takes edits
    press(&root, "[data-testid=editor-edit-all]");
    rendered(&root).await;
    assert_eq!(area(&root).value(), big);
    let more = format!("{big}1");
    type_text(&root, &more, None).await;
    assert_eq!(output(&root, "echo"), more);
    assert_eq!(area(&root).value(), more);

    // cut down, then large again: a preview again, and Clear empties the text
    type_text(&root, "small", None).await;
    assert_eq!(area(&root).value(), "small");
    // pasted: the textarea hides at once, before Yew renders (which can come after the
    // browser's next frame), so its text is never laid out; then the preview takes its place
    let pasted = area(&root);
    pasted.set_value(&big);
    let init = EventInit::new();
    init.set_bubbles(true);
    let input = Event::new_with_event_init_dict("input", &init).unwrap();
    pasted.dispatch_event(&input).unwrap();
    assert!(pasted.hidden(), "hidden in the input handler");
    rendered(&root).await;
    assert!(all(&root, "[data-testid=editor]").is_empty());
    one(&root, ".code-editor-preview");
    assert_eq!(
        output(&root, "echo"),
        big,
        "the whole text reached the parent"
    );
    press(&root, "[data-testid=editor-clear]");
    rendered(&root).await;
    assert_eq!(area(&root).value(), "");
    assert_eq!(output(&root, "echo"), "");
}

#[wasm_bindgen_test]
async fn the_overlay_holds_exactly_the_text() {
    let text = "#set($x = \"é😀\")\r\n\t$x ## note\n\n";
    for language in [Language::Vtl, Language::Json, Language::Plain] {
        let root = mount(HarnessProps {
            language,
            // a marker inside the emoji, and one at the very end
            markers: vec![
                marker(13, 14, Severity::Error, "inside"),
                marker(text.len(), text.len(), Severity::Warning, "end"),
            ],
            ..props(text)
        })
        .await;
        assert_eq!(overlay_text(&root), text, "{language:?}");
        assert_eq!(
            area(&root).value(),
            text.replace("\r\n", "\n"),
            "{language:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn typing_calls_on_change_and_updates_the_overlay() {
    let root = mount(HarnessProps {
        language: Language::Vtl,
        ..props("hello")
    })
    .await;
    assert_eq!(output(&root, "changes"), "0");
    type_text(&root, "hello $name", None).await;
    assert_eq!(output(&root, "changes"), "1");
    assert_eq!(output(&root, "echo"), "hello $name");
    assert_eq!(overlay_text(&root), "hello $name");
    assert_eq!(texts(&root, ".tok-variable"), vec!["name".to_string()]);
    type_text(&root, "", None).await;
    assert_eq!(output(&root, "changes"), "2");
    assert_eq!(overlay_text(&root), "");
}

#[wasm_bindgen_test]
async fn the_caret_stays_where_the_user_typed() {
    let root = mount(props("abc\ndef")).await;
    // Type "X" after "ab": the parent re-renders with that text, the caret must not jump.
    type_text(&root, "abXc\ndef", Some(3)).await;
    assert_eq!(output(&root, "echo"), "abXc\ndef");
    assert_eq!(overlay_text(&root), "abXc\ndef");
    let area = area(&root);
    assert_eq!(area.value(), "abXc\ndef");
    assert_eq!(selection(&area), (3, 3));
    // And again after an emoji (two UTF-16 units).
    type_text(&root, "ab😀Xc\ndef", Some(5)).await;
    assert_eq!(output(&root, "echo"), "ab😀Xc\ndef");
    assert_eq!(selection(&area), (5, 5));
}

#[wasm_bindgen_test]
async fn markers_are_listed_with_line_and_utf16_column() {
    let text = "first\n😀x = 1";
    let x = text.find('x').unwrap();
    let root = mount(HarnessProps {
        language: Language::Vtl,
        markers: vec![
            marker(x, x + 1, Severity::Error, "bad x"),
            marker(1, 5, Severity::Warning, "odd word"),
            marker(0, 0, Severity::Info, "starts here"),
        ],
        ..props(text)
    })
    .await;
    assert_eq!(
        texts(
            &root,
            "ul.editor-diagnostics > [data-testid=editor-diagnostic]"
        ),
        vec![
            "2:3 error: bad x".to_string(),
            "1:2 warning: odd word".to_string(),
            "1:1 note: starts here".to_string(),
        ]
    );
    // Underlined in the overlay; an empty range marks one character.
    assert_eq!(texts(&root, ".code-editor-overlay .mark-error"), vec!["x"]);
    assert_eq!(
        texts(&root, ".code-editor-overlay .mark-warning"),
        vec!["irst"]
    );
    assert_eq!(texts(&root, ".code-editor-overlay .mark-info"), vec!["f"]);
    assert_eq!(overlay_text(&root), text);

    // The textarea is invalid and described by the list (and the keyboard hint).
    let area = area(&root);
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = area.get_attribute("aria-describedby").unwrap_or_default();
    let list = one(&root, "ul.editor-diagnostics");
    assert!(
        described.split(' ').any(|id| id == list.id()),
        "{described}"
    );
    let hint = one(&root, ".code-editor-hint");
    assert!(
        described.split(' ').any(|id| id == hint.id()),
        "{described}"
    );
    assert!(
        hint.text_content()
            .unwrap_or_default()
            .contains("Esc, then Tab")
    );

    // Clicking a position selects the marked range (in UTF-16 units).
    let goto: HtmlElement = one(&root, ".editor-diagnostic-goto").dyn_into().unwrap();
    goto.click();
    settle().await;
    assert_eq!(selection(&area), (8, 9));
}

#[wasm_bindgen_test]
async fn warnings_alone_do_not_make_the_text_invalid() {
    let root = mount(HarnessProps {
        markers: vec![marker(0, 1, Severity::Warning, "hm")],
        ..props("ab")
    })
    .await;
    assert_eq!(area(&root).get_attribute("aria-invalid"), None);
    let clean = mount(props("ab")).await;
    assert_eq!(area(&clean).get_attribute("aria-invalid"), None);
    assert!(all(&clean, "[data-testid=editor-diagnostic]").is_empty());
}

#[wasm_bindgen_test]
async fn markers_out_of_range_are_clamped() {
    let text = "first\n😀x = 1";
    let root = mount(HarnessProps {
        markers: vec![
            marker(999, 2000, Severity::Error, "past the end"),
            marker(7, 7, Severity::Error, "inside the emoji"),
            marker(5, 5, Severity::Warning, "at a line end"),
            marker(3, 1, Severity::Info, "backwards"),
        ],
        ..props(text)
    })
    .await;
    assert_eq!(
        texts(&root, "[data-testid=editor-diagnostic]"),
        vec![
            "2:8 error: past the end".to_string(),
            "2:1 error: inside the emoji".to_string(),
            "1:6 warning: at a line end".to_string(),
            "1:4 note: backwards".to_string(),
        ]
    );
    // Carets at the ends of lines, the emoji marked whole, the text intact.
    assert_eq!(all(&root, ".mark-caret.mark-error").len(), 1);
    assert_eq!(all(&root, ".mark-caret.mark-warning").len(), 1);
    assert!(texts(&root, ".mark-caret").iter().all(String::is_empty));
    assert_eq!(texts(&root, ".mark-error:not(.mark-caret)"), vec!["😀"]);
    assert_eq!(texts(&root, ".mark-info"), vec!["s"]);
    assert_eq!(overlay_text(&root), text);
}

#[wasm_bindgen_test]
async fn markers_come_from_diagnostics_with_a_span() {
    let d = Diagnostic::error(Kind::Syntax, "unexpected `#end`").at(Span::new(2, 6));
    assert_eq!(
        Marker::from_diagnostic(&d),
        Some(marker(2, 6, Severity::Error, "unexpected `#end`"))
    );
    let w = Diagnostic::warning(Kind::Config, "no place");
    assert_eq!(Marker::from_diagnostic(&w), None);
}

#[wasm_bindgen_test]
async fn tab_inserts_two_spaces_at_the_caret() {
    let root = mount(props("ab")).await;
    let area = area(&root);
    area.set_selection_range(1, 1).unwrap();
    assert!(
        !key(&root, "Tab", Mods::default()).await,
        "Tab was not intercepted"
    );
    assert_eq!(area.value(), "a  b");
    assert_eq!(output(&root, "echo"), "a  b");
    assert_eq!(output(&root, "changes"), "1");
    assert_eq!(overlay_text(&root), "a  b");
    assert_eq!(selection(&area), (3, 3));

    // A selection is replaced.
    area.set_selection_range(3, 4).unwrap();
    key(&root, "Tab", Mods::default()).await;
    assert_eq!(output(&root, "echo"), "a    ");
    assert_eq!(selection(&area), (5, 5));

    // Offsets are UTF-16 units: after an emoji.
    type_text(&root, "😀b", Some(2)).await;
    key(&root, "Tab", Mods::default()).await;
    assert_eq!(output(&root, "echo"), "😀  b");
    assert_eq!(selection(&area), (4, 4));

    // Shift+Tab does nothing special.
    assert!(
        key(
            &root,
            "Tab",
            Mods {
                shift: true,
                ..Mods::default()
            }
        )
        .await
    );
    assert_eq!(output(&root, "echo"), "😀  b");
}

#[wasm_bindgen_test]
async fn escape_then_tab_leaves_the_editor() {
    let root = mount(props("ab")).await;
    let area = area(&root);
    area.set_selection_range(1, 1).unwrap();
    assert!(key(&root, "Escape", Mods::default()).await);
    // A modifier on its own does not cancel the Esc.
    key(
        &root,
        "Shift",
        Mods {
            shift: true,
            ..Mods::default()
        },
    )
    .await;
    assert!(
        key(&root, "Tab", Mods::default()).await,
        "Tab after Esc was intercepted"
    );
    assert_eq!(area.value(), "ab");
    assert_eq!(output(&root, "echo"), "ab");
    assert_eq!(output(&root, "changes"), "0");
    // Only that one Tab: the next indents again.
    assert!(!key(&root, "Tab", Mods::default()).await);
    assert_eq!(output(&root, "echo"), "a  b");
    // Any other key after Esc cancels it.
    key(&root, "Escape", Mods::default()).await;
    key(&root, "ArrowLeft", Mods::default()).await;
    assert!(!key(&root, "Tab", Mods::default()).await);
}

#[wasm_bindgen_test]
async fn ctrl_or_cmd_enter_runs() {
    let root = mount(HarnessProps {
        with_run: true,
        ..props("x")
    })
    .await;
    assert!(
        !key(
            &root,
            "Enter",
            Mods {
                ctrl: true,
                ..Mods::default()
            }
        )
        .await
    );
    assert_eq!(output(&root, "runs"), "1");
    assert!(
        !key(
            &root,
            "Enter",
            Mods {
                meta: true,
                ..Mods::default()
            }
        )
        .await
    );
    assert_eq!(output(&root, "runs"), "2");
    // A plain Enter is a newline, the browser's business.
    assert!(key(&root, "Enter", Mods::default()).await);
    assert_eq!(output(&root, "runs"), "2");
    assert!(
        one(&root, ".code-editor-hint")
            .text_content()
            .unwrap_or_default()
            .contains("Ctrl+Enter")
    );

    // Without on_run, Ctrl+Enter is left alone.
    let idle = mount(props("x")).await;
    assert!(
        key(
            &idle,
            "Enter",
            Mods {
                ctrl: true,
                ..Mods::default()
            }
        )
        .await
    );
}

#[wasm_bindgen_test]
async fn line_numbers_count_the_lines() {
    let gutter_lines = |root: &Element| {
        one(root, ".code-editor-gutter")
            .text_content()
            .unwrap_or_default()
            .split('\n')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let root = mount(props("a\nb\n")).await;
    let gutter = one(&root, ".code-editor-gutter");
    assert_eq!(gutter.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(gutter_lines(&root), vec!["1", "2", "3"]);
    assert_eq!(area(&root).get_attribute("rows").as_deref(), Some("3"));

    type_text(&root, "1\n2\n3\n4\n5", None).await;
    assert_eq!(gutter_lines(&root), vec!["1", "2", "3", "4", "5"]);
    assert_eq!(area(&root).get_attribute("rows").as_deref(), Some("5"));

    // Never fewer rows than min_rows, never fewer than one line number.
    type_text(&root, "", None).await;
    assert_eq!(gutter_lines(&root), vec!["1"]);
    assert_eq!(area(&root).get_attribute("rows").as_deref(), Some("3"));
}

#[wasm_bindgen_test]
async fn the_label_names_the_textarea() {
    let root = mount(HarnessProps {
        id: Some("tpl".into()),
        ..props("")
    })
    .await;
    let area = area(&root);
    assert_eq!(area.id(), "tpl");
    assert_eq!(
        area.get_attribute("aria-label").as_deref(),
        Some("Template")
    );
    assert_eq!(
        area.get_attribute("placeholder").as_deref(),
        Some("type here")
    );
    let label = one(&root, "label.code-editor-label");
    assert_eq!(label.get_attribute("for").as_deref(), Some("tpl"));
    assert_eq!(label.text_content().as_deref(), Some("Template"));
    assert_eq!(one(&root, "ul.editor-diagnostics").id(), "tpl-diagnostics");

    // Editors without an id get distinct ones.
    let a = mount(props("")).await;
    let b = mount(props("")).await;
    assert!(!area_id(&a).is_empty());
    assert_ne!(area_id(&a), area_id(&b));
}

fn area_id(root: &Element) -> String {
    area(root).id()
}

#[wasm_bindgen_test]
async fn no_inline_styles() {
    let text = "#if($a)\n  é😀 $x.y('z')\n#end";
    let root = mount(HarnessProps {
        language: Language::Vtl,
        markers: vec![
            marker(3, 6, Severity::Error, "e"),
            marker(7, 7, Severity::Warning, "caret"),
            marker(9, 9, Severity::Info, "i"),
        ],
        ..props(text)
    })
    .await;
    type_text(&root, &format!("{text}\n"), None).await;
    key(&root, "Tab", Mods::default()).await;
    assert!(!all(&root, ".code-editor-overlay span").is_empty());
    let styled: Vec<String> = all(&root, "[style]")
        .iter()
        .map(|e| e.outer_html())
        .collect();
    assert!(styled.is_empty(), "{styled:?}");
}

#[wasm_bindgen_test]
async fn markup_stays_text() {
    let evil = "<script>alert(1)</script>\n<img src=x onerror=alert(1)>";
    for language in [Language::Vtl, Language::Json, Language::Plain] {
        // As the initial value, with a marker whose message is markup too.
        let root = mount(HarnessProps {
            language,
            markers: vec![marker(
                0,
                8,
                Severity::Error,
                "<img src=x onerror=alert(1)>",
            )],
            ..props(evil)
        })
        .await;
        let editor = one(&root, ".code-editor");
        assert!(
            all(&editor, "img, script").is_empty(),
            "{}",
            editor.inner_html()
        );
        assert_eq!(overlay_text(&root), evil);
        assert!(
            texts(&root, "[data-testid=editor-diagnostic]")[0]
                .ends_with("<img src=x onerror=alert(1)>")
        );

        // And typed.
        type_text(&root, "ok", None).await;
        type_text(&root, &format!("{evil} {evil}"), None).await;
        assert!(
            all(&editor, "img, script").is_empty(),
            "{}",
            editor.inner_html()
        );
        assert_eq!(overlay_text(&root), format!("{evil} {evil}"));
        assert_eq!(output(&root, "echo"), format!("{evil} {evil}"));
    }
}

/// Loads the page's stylesheets (as trunk does), once.
fn load_css() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("test-css").is_some() {
        return;
    }
    let style = document.create_element("style").unwrap();
    style.set_id("test-css");
    style.set_text_content(Some(&format!(
        "{}\n{}",
        include_str!("../www/style.css"),
        include_str!("../www/editor.css")
    )));
    document.head().unwrap().append_child(&style).unwrap();
}

fn computed(el: &Element, property: &str) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}

/// `getBoundingClientRect()` as left, top, width, height (through `Reflect`: the tests need no
/// `DomRect` feature of web-sys).
fn rect(el: &Element) -> [f64; 4] {
    let f: js_sys::Function = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let r = f.call0(el).unwrap();
    ["left", "top", "width", "height"].map(|k| {
        js_sys::Reflect::get(&r, &k.into())
            .unwrap()
            .as_f64()
            .unwrap()
    })
}

/// The textarea and the overlay cover the same box with the same metrics, and neither scrolls
/// inside itself: the characters lie on top of each other.
fn assert_lined_up(root: &Element) {
    let area = area(root);
    let pre = one(root, ".code-editor-overlay");
    let (a, p) = (rect(&area), rect(&pre));
    for (i, what) in ["left", "top", "width", "height"].iter().enumerate() {
        let (x, y) = (a[i], p[i]);
        assert!((x - y).abs() < 0.5, "{what}: textarea {x}, overlay {y}");
    }
    for property in [
        "font-family",
        "font-size",
        "font-weight",
        "line-height",
        "letter-spacing",
        "padding-top",
        "padding-right",
        "padding-bottom",
        "padding-left",
        "border-top-width",
        "border-left-width",
        "tab-size",
        "white-space-collapse",
        "text-wrap-mode",
        "box-sizing",
    ] {
        assert_eq!(
            computed(&area, property),
            computed(&pre, property),
            "{property}"
        );
    }
    assert_eq!(computed(&pre, "text-wrap-mode"), "nowrap");
    assert_eq!(computed(&area, "color"), "rgba(0, 0, 0, 0)");
    assert!(
        area.scroll_height() <= area.client_height(),
        "textarea scrolls vertically"
    );
    assert!(
        area.scroll_width() <= area.client_width(),
        "textarea scrolls sideways"
    );
}

#[wasm_bindgen_test]
async fn textarea_and_overlay_line_up() {
    load_css();
    let root = mount(HarnessProps {
        language: Language::Vtl,
        markers: vec![marker(2, 5, Severity::Error, "e")],
        min_rows: 5,
        ..props("#set($a = 1)")
    })
    .await;
    // min_rows: five lines tall for one line of text, and the overlay as tall.
    assert_lined_up(&root);
    let line_height: f64 = computed(&area(&root), "line-height")
        .trim_end_matches("px")
        .parse()
        .unwrap();
    let short = area(&root).client_height();
    assert!(
        f64::from(short) >= 5.0 * line_height,
        "{short} < 5 × {line_height}"
    );

    // It grows with the text, and the frame scrolls sideways as one block.
    let long = format!("{}\n\tindented é😀 $a\n\n", "x".repeat(400));
    let lines = "line\n".repeat(20);
    type_text(&root, &format!("{lines}{long}"), None).await;
    assert_lined_up(&root);
    assert!(area(&root).client_height() > short);
    let frame = one(&root, ".code-editor-frame");
    assert!(
        frame.scroll_width() > frame.client_width(),
        "the frame does not scroll"
    );
    assert_eq!(
        computed(&one(&root, ".code-editor-hint"), "position"),
        "absolute"
    );

    // Shrinks again.
    type_text(&root, "a", None).await;
    assert_lined_up(&root);
    assert_eq!(area(&root).client_height(), short);
}

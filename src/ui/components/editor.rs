//! The code editor for templates, JSON bodies and expressions.
//!
//! A plain `<textarea>` does the editing (so the browser's caret, selection, undo, IME, spell
//! checking off, and accessibility all work as usual); a highlighted `<pre>` lies exactly behind
//! it, and the textarea's own text is transparent so the highlighting shows through. The overlay
//! is built from Yew text nodes only, never from markup, so what a person types can never become
//! an element. Layout is done by classes in `www/editor.css` (the page's CSP forbids inline
//! styles): the textarea and the `<pre>` share one grid cell, font and padding, and grow with the
//! text; the frame scrolls horizontally as one block.
//!
//! Keyboard: Tab inserts two spaces; Esc then Tab leaves the editor; Ctrl+Enter or Cmd+Enter
//! calls `on_run`.

use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::span::{Encoding, LineIndex};
use crate::engine::vtl;
use crate::engine::vtl::token::TokenKind;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Above this many bytes an editor shows its text in a plain, scrolling textarea: no
/// highlighting (one `<span>` per token put 312,452 elements in the page for a 1 MB body and
/// froze it for 4 s), no overlay and no line numbers (laying out the text three times, each as
/// tall as the whole text, was most of the rest). Problems are still listed under the editor
/// with their line:column. The hint under the editor says so.
pub const HIGHLIGHT_MAX_BYTES: usize = 64 * 1024;

/// Rows of an editor in the plain mode for large texts (it scrolls).
pub const LARGE_TEXT_ROWS: usize = 24;

/// Above this many bytes (twice API Gateway's 128 KB message limit) an editor shows the start
/// of its text, read-only, with a button to edit the whole of it. Laying out a textarea, the
/// browser shapes all of its text: Chromium spent 160 ms on a 1 MB body in one task after the
/// paste (BENCHMARKS.md), however the textarea was styled. The playground still uses the whole
/// text, and nothing of it is dropped.
pub const PREVIEW_MIN_BYTES: usize = 256 * 1024;

/// How much of a text over [`PREVIEW_MIN_BYTES`] the preview shows.
pub const PREVIEW_BYTES: usize = 4 * 1024;

/// How the editor's text is highlighted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    /// A VTL mapping template, highlighted with the engine's own tokens.
    Vtl,
    /// JSON (valid or not): strings, keys, numbers, `true`/`false`/`null`, punctuation.
    Json,
    /// No highlighting.
    #[default]
    Plain,
}

/// A marked range of the editor's text: underlined in the editor and listed below it.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// First byte (into the editor's value).
    pub start: usize,
    /// One past the last byte; an empty range marks one character, or shows a caret at the end
    /// of a line.
    pub end: usize,
    /// How bad.
    pub severity: Severity,
    /// What is wrong, shown in the list.
    pub message: String,
}

impl Marker {
    /// The marker of a diagnostic, or `None` when it has no span.
    pub fn from_diagnostic(d: &Diagnostic) -> Option<Marker> {
        let span = d.span?;
        Some(Marker {
            start: span.start as usize,
            end: span.end as usize,
            severity: d.severity,
            message: d.message.clone(),
        })
    }
}

/// Properties of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The text (the parent owns it).
    pub value: AttrValue,
    /// Called on every edit with the full new text.
    pub on_change: Callback<String>,
    /// How to highlight.
    #[prop_or_default]
    pub language: Language,
    /// Ranges to mark, in bytes of `value`; out-of-range markers are clamped.
    #[prop_or_default]
    pub diagnostics: Vec<Marker>,
    /// The accessible name (`aria-label`), also shown above the editor.
    pub label: AttrValue,
    /// The textarea's `id` (one is made up when not given).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// The textarea's `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// The editor is at least this many lines tall.
    #[prop_or(3)]
    pub min_rows: usize,
    /// Shown while the text is empty.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Called on Ctrl+Enter or Cmd+Enter.
    #[prop_or_default]
    pub on_run: Option<Callback<()>>,
}

/// What Tab inserts.
const INDENT: &str = "  ";

/// A code editor: a textarea over a highlighted overlay, a line-number gutter and the list of
/// markers.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let made_up_id = use_state(|| {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        AttrValue::from(format!(
            "code-editor-{}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        ))
    });
    let id = props.id.clone().unwrap_or_else(|| (*made_up_id).clone());
    let hint_id = format!("{id}-hint");
    let list_id = format!("{id}-diagnostics");

    let area_ref = use_node_ref();
    // Esc was the last key: the next Tab is the browser's (focus moves on).
    let escaped = use_mut_ref(|| false);
    // Text and caret (UTF-16) of a Tab insertion, until the parent renders that text.
    let pending = use_mut_ref(|| None::<(String, u32)>);

    // Tokens only change with the text, so typing in one editor re-tokenizes no other.
    let tokens = use_memo(
        (props.value.clone(), props.language),
        |(value, language)| highlight(value, *language),
    );
    let view = {
        let tokens = tokens.clone();
        use_memo(
            (
                props.value.clone(),
                props.language,
                props.diagnostics.clone(),
            ),
            move |(value, _, markers)| build_view(value, &tokens, markers),
        )
    };
    let large = props.value.len() > HIGHLIGHT_MAX_BYTES;
    // "Edit the whole text" was pressed: a text over PREVIEW_MIN_BYTES gets its textarea
    let edit_all = use_state(|| false);
    let over = props.value.len() > PREVIEW_MIN_BYTES;
    let preview = over && !*edit_all;
    {
        // a text that was cleared or cut down gets a preview again when it next grows large
        let edit_all = edit_all.clone();
        use_effect_with(over, move |&over| {
            if !over && *edit_all {
                edit_all.set(false);
            }
        });
    }
    let gutter = use_memo((view.lines, large), |&(lines, large)| {
        if large {
            return AttrValue::default();
        }
        let numbers: Vec<String> = (1..=lines).map(|n| n.to_string()).collect();
        AttrValue::from(numbers.join("\n"))
    });

    // After the parent re-rendered with the text a Tab produced, put the caret after the spaces.
    {
        let area_ref = area_ref.clone();
        let pending = pending.clone();
        let value = props.value.clone();
        use_effect(move || {
            let ready =
                matches!(&*pending.borrow(), Some((text, _)) if text.as_str() == value.as_str());
            if ready {
                let taken = pending.borrow_mut().take();
                if let (Some((text, caret)), Some(area)) =
                    (taken, area_ref.cast::<HtmlTextAreaElement>())
                {
                    let at = (area.selection_start(), area.selection_end());
                    if area.value() == text && at != (Ok(Some(caret)), Ok(Some(caret))) {
                        let _ = area.set_selection_range(caret, caret);
                    }
                }
            }
        });
    }

    // A textarea hidden by `oninput` (below) that is still here after a render shows again.
    {
        let area_ref = area_ref.clone();
        use_effect(move || {
            if let Some(area) = area_ref.cast::<HtmlTextAreaElement>()
                && area.hidden()
            {
                area.set_hidden(false);
            }
        });
    }

    let oninput = {
        let on_change = props.on_change.clone();
        let pending = pending.clone();
        let edit_all = *edit_all;
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                pending.borrow_mut().take();
                let value = area.value();
                if value.len() > PREVIEW_MIN_BYTES && !edit_all {
                    // The preview takes the textarea's place when Yew renders, which may be
                    // after the browser's next frame (its scheduler yields every 16 ms); hidden,
                    // the textarea's text is not laid out in that frame.
                    area.set_hidden(true);
                }
                on_change.emit(value);
            }
        })
    };

    let onkeydown = {
        let on_change = props.on_change.clone();
        let on_run = props.on_run.clone();
        let escaped = escaped.clone();
        let pending = pending.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.is_composing() {
                return;
            }
            let key = e.key();
            match key.as_str() {
                "Escape" => {
                    *escaped.borrow_mut() = true;
                    return;
                }
                // Modifiers alone neither use up nor cancel a pending Esc.
                "Shift" | "Control" | "Alt" | "Meta" | "AltGraph" => return,
                _ => {}
            }
            let was_escaped = std::mem::replace(&mut *escaped.borrow_mut(), false);
            let modified = e.ctrl_key() || e.meta_key() || e.alt_key();
            match key.as_str() {
                "Tab" if !was_escaped && !modified && !e.shift_key() => {
                    let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                        return;
                    };
                    e.prevent_default();
                    let text = area.value();
                    let len16 = utf16_len(&text);
                    let a = area.selection_start().ok().flatten().unwrap_or(len16);
                    let b = area.selection_end().ok().flatten().unwrap_or(a);
                    let (from, to) = (a.min(b), a.max(b));
                    let (from_byte, to_byte) = (byte_offset(&text, from), byte_offset(&text, to));
                    let mut next = String::with_capacity(text.len() + INDENT.len());
                    next.push_str(&text[..from_byte]);
                    next.push_str(INDENT);
                    next.push_str(&text[to_byte..]);
                    let caret = utf16_len(&text[..from_byte]) + utf16_len(INDENT);
                    // Show it at once, as typing would; the parent's render then finds the
                    // textarea already holding its value and leaves the caret alone.
                    area.set_value(&next);
                    let _ = area.set_selection_range(caret, caret);
                    *pending.borrow_mut() = Some((next.clone(), caret));
                    on_change.emit(next);
                }
                "Enter" if e.ctrl_key() || e.meta_key() => {
                    if let Some(run) = &on_run {
                        e.prevent_default();
                        run.emit(());
                    }
                }
                _ => {}
            }
        })
    };

    let reset_escape = {
        let escaped = escaped.clone();
        Callback::from(move |_: FocusEvent| *escaped.borrow_mut() = false)
    };

    let rows = if large {
        view.lines.clamp(1, LARGE_TEXT_ROWS).max(props.min_rows)
    } else {
        view.lines.max(props.min_rows).max(1)
    }
    .to_string();
    let placeholder = (!props.placeholder.is_empty()).then(|| props.placeholder.clone());
    let invalid = view.has_error.then_some("true");
    let describedby = format!("{hint_id} {list_id}");
    let mut hint =
        String::from("Tab inserts two spaces. To leave the editor, press Esc, then Tab.");
    if props.on_run.is_some() {
        hint.push_str(" Ctrl+Enter or Cmd+Enter runs.");
    }
    if large {
        hint.push_str(&format!(
            " The text is over {} KB, so highlighting, underlines and line numbers are off; \
             problems are listed below with their line:column.",
            HIGHLIGHT_MAX_BYTES / 1024
        ));
    }

    let items: Vec<Html> = view.items.iter().map(|item| {
        let goto = {
            let area_ref = area_ref.clone();
            let edit_all = edit_all.clone();
            let (from, to) = (item.from16, item.to16);
            Callback::from(move |_: MouseEvent| {
                if let Some(area) = area_ref.cast::<HtmlTextAreaElement>() {
                    let _ = area.focus();
                    let _ = area.set_selection_range(from, to);
                } else {
                    // a preview: show the text, where the next click selects the place
                    edit_all.set(true);
                }
            })
        };
        let class = format!("editor-diagnostic diag-{}", severity_class(item.severity));
        html! {
            <li {class} data-testid="editor-diagnostic">
                <button type="button" class="editor-diagnostic-goto" onclick={goto}
                    title="Select this place in the editor">
                    { format!("{}:{}", item.line, item.column) }
                </button>
                { " " }
                <span class="editor-diagnostic-severity">{ severity_label(item.severity) }</span>
                { ": " }
                <span class="editor-diagnostic-message">{ item.message.clone() }</span>
            </li>
        }
    }).collect();

    html! {
        <div class={classes!("code-editor", language_class(props.language), large.then_some("code-editor-large"))}>
            <label class="code-editor-label" for={id.clone()}>{ props.label.clone() }</label>
            <div class="code-editor-frame">
                if !large {
                    <div class="code-editor-gutter" aria-hidden="true">{ (*gutter).clone() }</div>
                }
                <div class="code-editor-body">
                    if !large {
                        <pre class="code-editor-overlay" aria-hidden="true">{ view.overlay.clone() }</pre>
                    }
                    if preview {
                        { text_preview(&props.value, &id, props.label.clone(), props.testid.as_ref(), &edit_all, &props.on_change) }
                    } else {
                    <textarea
                        ref={area_ref}
                        class="code-editor-input"
                        id={id.clone()}
                        data-testid={props.testid.clone()}
                        aria-label={props.label.clone()}
                        aria-describedby={describedby}
                        aria-invalid={invalid}
                        rows={rows}
                        wrap="off"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        autocorrect="off"
                        translate="no"
                        {placeholder}
                        value={props.value.clone()}
                        {oninput}
                        {onkeydown}
                        onfocus={reset_escape.clone()}
                        onblur={reset_escape}
                    />
                    }
                </div>
            </div>
            <p id={hint_id} class="code-editor-hint">{ hint }</p>
            <ul id={list_id} class="editor-diagnostics">{ for items }</ul>
        </div>
    }
}

/// In place of the textarea, for a text over [`PREVIEW_MIN_BYTES`]: its first
/// [`PREVIEW_BYTES`], how much there is, and buttons to edit all of it or to clear it.
fn text_preview(
    text: &str,
    id: &AttrValue,
    label: AttrValue,
    testid: Option<&AttrValue>,
    edit_all: &UseStateHandle<bool>,
    on_change: &Callback<String>,
) -> Html {
    let (head, how_much) = super::text_head(text, PREVIEW_BYTES);
    let note = format!(
        "Showing the {how_much}: the playground uses all of it. A text this large \
         (API Gateway takes messages up to 128 KB) is not put in an editor until you ask, \
         since the browser lays it all out at once."
    );
    let testid = |suffix: &str| testid.map(|t| AttrValue::from(format!("{t}-{suffix}")));
    let show = {
        let edit_all = edit_all.clone();
        Callback::from(move |_: MouseEvent| edit_all.set(true))
    };
    let clear = {
        let on_change = on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(String::new()))
    };
    html! {
        <div class="code-editor-preview-box" data-testid={testid("preview")}>
            <pre class="code-editor-preview" id={id.clone()} tabindex="0" aria-label={label}>
                { head }{ "\u{2026}" }
            </pre>
            <p class="code-editor-preview-note">{ note }</p>
            <div class="code-editor-preview-actions">
                <button type="button" data-testid={testid("edit-all")} onclick={show}>
                    { "Edit the whole text" }
                </button>
                <button type="button" data-testid={testid("clear")} onclick={clear}>
                    { "Clear" }
                </button>
            </div>
        </div>
    }
}

/// What the component derives from its text, tokens and markers.
struct View {
    /// The highlighted and marked text.
    overlay: Html,
    /// The markers, for the list.
    items: Vec<Item>,
    /// Whether some marker is an error.
    has_error: bool,
    /// Number of lines (at least 1).
    lines: usize,
}

/// One marker as the list shows it.
struct Item {
    line: u32,
    column: u32,
    severity: Severity,
    message: String,
    /// The marked range in UTF-16 units, to select it.
    from16: u32,
    to16: u32,
}

/// A highlighted range: bytes and class.
type Highlight = (Range<usize>, &'static str);

fn build_view(text: &str, tokens: &[Highlight], markers: &[Marker]) -> View {
    let index = LineIndex::new(text);
    let items = markers
        .iter()
        .map(|m| {
            let (from, to) = clamp_range(text, m.start, m.end);
            let at = index.position(text, from, Encoding::Utf16);
            Item {
                line: at.line,
                column: at.column,
                severity: m.severity,
                message: m.message.clone(),
                from16: utf16_len(&text[..from]),
                to16: utf16_len(&text[..to]),
            }
        })
        .collect();
    View {
        overlay: if text.len() > HIGHLIGHT_MAX_BYTES {
            Html::default()
        } else {
            overlay(text, tokens, markers)
        },
        items,
        has_error: markers.iter().any(|m| m.severity == Severity::Error),
        lines: index.line_count(),
    }
}

/// The overlay's nodes: the text cut at token and marker edges, each piece a text node, in a
/// `<span>` when it has a class. Its text content is exactly `text`.
fn overlay(text: &str, tokens: &[Highlight], markers: &[Marker]) -> Html {
    let len = text.len();
    // Marked ranges, and carets for empty ranges at a line's end.
    let mut marks: Vec<(Range<usize>, Severity)> = Vec::new();
    let mut carets: Vec<(usize, Severity)> = Vec::new();
    for m in markers {
        let (from, to) = clamp_range(text, m.start, m.end);
        if from < to {
            marks.push((from..to, m.severity));
        } else {
            match text[from..].chars().next() {
                Some(c) if c != '\n' && c != '\r' => {
                    marks.push((from..from + c.len_utf8(), m.severity));
                }
                _ => carets.push((from, m.severity)),
            }
        }
    }

    let mut cuts: Vec<usize> = vec![0, len];
    cuts.extend(tokens.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(marks.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(carets.iter().map(|&(at, _)| at));
    crate::engine::sort::sort_offsets(&mut cuts);
    cuts.dedup();

    let caret_at = |at: usize| -> Option<Html> {
        let severity = carets
            .iter()
            .filter(|&&(c, _)| c == at)
            .map(|&(_, s)| s)
            .max()?;
        let class = format!("mark mark-caret mark-{}", severity_class(severity));
        Some(html! { <span {class}></span> })
    };

    let mut nodes: Vec<Html> = Vec::with_capacity(cuts.len() * 2);
    let mut next_token = 0;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        nodes.extend(caret_at(a));
        while next_token < tokens.len() && tokens[next_token].0.end <= a {
            next_token += 1;
        }
        let token = tokens
            .get(next_token)
            .filter(|(r, _)| r.start <= a && b <= r.end)
            .map(|&(_, class)| class);
        let mark = marks
            .iter()
            .filter(|(r, _)| r.start <= a && b <= r.end)
            .map(|&(_, s)| s)
            .max();
        let piece = text.get(a..b).unwrap_or_default().to_string();
        let class = match (token, mark) {
            (None, None) => None,
            (Some(t), None) => Some(t.to_string()),
            (t, Some(s)) => Some(format!(
                "{}mark mark-{}",
                t.map(|t| format!("{t} ")).unwrap_or_default(),
                severity_class(s)
            )),
        };
        nodes.push(match class {
            None => html! { { piece } },
            Some(class) => html! { <span {class}>{ piece }</span> },
        });
    }
    nodes.extend(caret_at(len));
    nodes.into_iter().collect()
}

/// The highlighted ranges of `text`: in order, not overlapping, on character boundaries.
fn highlight(text: &str, language: Language) -> Vec<Highlight> {
    if text.len() > HIGHLIGHT_MAX_BYTES {
        return Vec::new();
    }
    let raw: Vec<Highlight> = match language {
        Language::Plain => Vec::new(),
        Language::Vtl => vtl::tokens(text)
            .into_iter()
            .map(|t| (t.span.range(), vtl_class(t.kind)))
            .collect(),
        Language::Json => json_tokens(text),
    };
    let mut out: Vec<Highlight> = Vec::with_capacity(raw.len());
    let mut covered = 0;
    for (range, class) in raw {
        let ok = range.start >= covered
            && range.start < range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if ok {
            covered = range.end;
            out.push((range, class));
        }
    }
    out
}

/// The CSS class of a VTL token kind: `tok-` and the kind in kebab-case.
fn vtl_class(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Text => "tok-text",
        TokenKind::Comment => "tok-comment",
        TokenKind::Unparsed => "tok-unparsed",
        TokenKind::Directive => "tok-directive",
        TokenKind::RefSigil => "tok-ref-sigil",
        TokenKind::Variable => "tok-variable",
        TokenKind::Property => "tok-property",
        TokenKind::Method => "tok-method",
        TokenKind::Punct => "tok-punct",
        TokenKind::Operator => "tok-operator",
        TokenKind::Keyword => "tok-keyword",
        TokenKind::String => "tok-string",
        TokenKind::Number => "tok-number",
        TokenKind::Boolean => "tok-boolean",
        TokenKind::Escape => "tok-escape",
        TokenKind::Error => "tok-error",
    }
}

/// A forgiving JSON tokenizer for highlighting: strings (`tok-key` when a `:` follows),
/// numbers, `true`/`false` (`tok-boolean`), `null` (`tok-null`), punctuation (`tok-punct`).
/// Anything else stays plain; an unterminated string ends at the end of its line.
fn json_tokens(text: &str) -> Vec<Highlight> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() {
                    match b[i] {
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' => break,
                        b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => i += 2,
                        _ => i += 1,
                    }
                }
                let end = i.min(b.len());
                let mut j = end;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                let class = if b.get(j) == Some(&b':') {
                    "tok-key"
                } else {
                    "tok-string"
                };
                out.push((start..end, class));
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                out.push((start..i, "tok-number"));
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                out.push((start..i, "tok-punct"));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                match &text[start..i] {
                    "true" | "false" => out.push((start..i, "tok-boolean")),
                    "null" => out.push((start..i, "tok-null")),
                    _ => {}
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// `start..end` clamped into `text` and widened to character boundaries.
fn clamp_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let len = text.len();
    let mut from = start.min(len);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = end.clamp(from, len);
    while to < len && !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to)
}

/// The byte offset of UTF-16 offset `units` (what the textarea counts); inside a character, the
/// next character's start.
fn byte_offset(text: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen = seen.saturating_add(c.len_utf16() as u32);
    }
    text.len()
}

fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn language_class(language: Language) -> &'static str {
    match language {
        Language::Vtl => "code-editor-vtl",
        Language::Json => "code-editor-json",
        Language::Plain => "code-editor-plain",
    }
}

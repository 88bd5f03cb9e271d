//! JSON: `json::parse`, `json::parse_relaxed`, `json::normalize` and `json_doc::parse`.
//! Properties: whatever parses re-serialises (`Value::to_json`) to strict JSON that parses again
//! to the same text; what `normalize` writes (`$input.json('$')` of a body) is what parsing and
//! printing write; `json_doc` takes what serde_json takes and refuses what it refuses, reads the
//! same value (a double may differ in its last bits: serde_json's default float parsing is not
//! always correctly rounded) and writes it as serde_json does, compact and pretty.
//!
//! Input: the JSON text.

#![no_main]

use apigw_playground::engine::{json, json_doc};
use serde_json::Value as Json;

/// Equal, but for doubles a few units in the last place apart: serde_json's default parsing
/// of a long number is not correctly rounded (an integer of 58 digits came out 2 units off the
/// nearest double, which `json_doc` and Python's `float` both give).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(p), Some(q)) => p == q || p.to_bits().abs_diff(q.to_bits()) <= 4,
                _ => false,
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|((k, p), (l, q))| k == l && same(p, q))
        }
        _ => a == b,
    }
}

fn versus_serde(text: &str) {
    if text.starts_with('\u{feff}') {
        // json_doc skips a byte order mark; serde_json refuses it
        return;
    }
    let ours = json_doc::parse(text);
    let theirs = serde_json::from_str::<Json>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "json_doc read {text:?} as {a:?}, serde_json {b:?}"),
        (Err(e), Ok(_)) => panic!("json_doc refused what serde_json takes: {text:?}: {e}"),
        (Ok(_), Err(e)) => panic!("json_doc took what serde_json refuses: {text:?}: {e}"),
        (Err(_), Err(_)) => {}
    }
    if let Ok(v) = ours {
        assert_eq!(json_doc::to_compact(&v), serde_json::to_string(&v).unwrap_or_default());
        assert_eq!(json_doc::to_pretty(&v), serde_json::to_string_pretty(&v).unwrap_or_default());
    }
}
use libfuzzer_sys::fuzz_target;

fn check(
    input: &str,
    mode: &str,
    parsed: Result<apigw_playground::engine::value::Value, json::JsonError>,
) {
    let Ok(v) = parsed else {
        return;
    };
    let once = v.to_json();
    let again = match json::parse(&once) {
        Ok(again) => again,
        Err(e) => panic!(
            "{mode}: to_json() of {input:?} is not JSON: {once:?}: {} at {}..{}",
            e.message, e.span.start, e.span.end
        ),
    };
    let twice = again.to_json();
    assert_eq!(
        once, twice,
        "{mode}: re-serialisation of {input:?} is not stable"
    );
    let _ = v.to_display();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let strict = json::parse(text);
    if let Some(fast) = json::normalize(text) {
        assert_eq!(
            Some(&fast),
            strict.as_ref().ok().map(|v| v.to_json()).as_ref(),
            "normalize of {text:?}"
        );
    }
    check(text, "parse", strict);
    versus_serde(text);
    check(text, "parse_relaxed", json::parse_relaxed(text));
});

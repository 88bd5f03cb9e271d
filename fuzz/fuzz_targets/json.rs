//! JSON: `json::parse`, `json::parse_relaxed` and `json::normalize`. Properties: whatever parses
//! re-serialises (`Value::to_json`) to strict JSON that parses again to the same text; what
//! `normalize` writes (`$input.json('$')` of a body) is what parsing and printing write.
//!
//! Input: the JSON text.

#![no_main]

use apigw_playground::engine::json;
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
    check(text, "parse_relaxed", json::parse_relaxed(text));
});

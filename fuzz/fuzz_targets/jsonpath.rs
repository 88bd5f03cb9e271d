//! JSONPath: `jsonpath::parse`, then `Path::read` against a document from the input and
//! against a fixed nested document.
//!
//! Input: `PATH` `\0` `JSON` (no NUL: the whole input is the path, read against the fixed
//! document only). The JSON is parsed strictly, then relaxed if that fails.

#![no_main]

use apigw_playground::engine::json;
use apigw_playground::engine::jsonpath;
use apigw_playground::engine::value::Value;
use libfuzzer_sys::fuzz_target;

const FIXED: &str = r#"{
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99, "tags": ["a", "b", ["c", {"d": [1, 2.5, -3, 1e300, 99999999999999999999]}]]}
    ],
    "bicycle": {"color": "red", "price": 19.95, "": null, "a.b": {"x y": true}}
  },
  "expensive": 10,
  "a": [{"b": 0, "c": "x"}, {"b": 2, "c": {"c": [null, false, "", {}, []]}}],
  "list": [1, 2, 3, "3", 3.0, null],
  "deep": [[[[[[[[{"k": [[[["v"]]]]}]]]]]]]]
}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (path, doc) = text.split_once('\0').unwrap_or((text, ""));
    let Ok(p) = jsonpath::parse(path) else {
        return;
    };
    let _ = p.is_definite();
    // parsed anew for each input, so no state is carried from one input to the next
    let fixed: Value = json::parse(FIXED).expect("the fixed document is JSON");
    if let Some(v) = p.read(&fixed) {
        let _ = v.to_json();
    }
    if !doc.is_empty()
        && let Ok(root) = json::parse(doc).or_else(|_| json::parse_relaxed(doc))
        && let Some(v) = p.read(&root)
    {
        let _ = v.to_json();
        let _ = v.to_display();
    }
});

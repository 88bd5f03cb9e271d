//! The JSON documents the page keeps (the scenario, the `$context` overrides, the messages to
//! and from the import/export worker) as `serde_json::Value`s, read and written without
//! serde_json's parser and serializer: [`crate::engine::json`] reads them, and the writers here
//! give serde_json's compact and pretty forms byte for byte. Only serde_json's value types stay
//! in the page, which saves its parser, serializer and their error messages (14.4 KB of the
//! gzipped wasm, BENCHMARKS.md).
//!
//! [`parse`] takes what `serde_json::from_str` takes and refuses what it refuses (a lone
//! surrogate escape, nesting past serde_json's limit, a number beyond a double), with the
//! engine's messages and a byte offset; [`located`] adds the line and column. The json fuzz
//! target checks both against serde_json.

use crate::engine::json::{self, JsonError};
use crate::engine::span;
use crate::engine::value::{Value, push_int, push_json_string_hex};
use serde_json::{Map, Number, Value as Json};

/// Parses a JSON document into a `serde_json::Value`: keys in order, the last of duplicate
/// keys in the first one's place, integers as integers (beyond 64 bits as doubles).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    // a document read as serde_json reads it holds no number beyond a double
    json::parse_document(text).map(|v| from_value(&v).unwrap_or_default())
}

/// `e`'s message with its line and column in `text` (1-based, in characters): `… (line 2,
/// column 5)`.
pub fn located(text: &str, e: &JsonError) -> String {
    format!("{} {}", e.message, span::place(text, e.span.start as usize))
}

/// A parsed JSON value (what [`json::parse`] makes) as a `serde_json::Value`; `None` when a
/// number in it has no JSON form (`1e400` is infinity in a body).
pub fn from_value(v: &Value) -> Option<Json> {
    let number = |f: f64| Number::from_f64(f).map(Json::Number);
    Some(match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::Number(Number::from(*i)),
        Value::BigInt(digits) => match digits.parse::<u64>() {
            Ok(u) => Json::Number(Number::from(u)),
            // as serde_json reads an integer beyond 64 bits: a double
            Err(_) => number(digits.parse::<f64>().ok()?)?,
        },
        Value::Float(f) => number(*f)?,
        Value::Str(s) => Json::String(s.to_string()),
        Value::List(items, _) => Json::Array(
            items
                .borrow()
                .iter()
                .map(from_value)
                .collect::<Option<_>>()?,
        ),
        Value::Map(m) => {
            let m = m.borrow();
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m.iter() {
                out.insert(k.to_string(), from_value(v)?);
            }
            Json::Object(out)
        }
        // the parser makes none of these
        Value::Builtin(_) | Value::Loop(_) => Json::Null,
    })
}

/// An object of `members`, in their order (what `serde_json::json!` builds, without the serde
/// calls it makes for each value).
pub fn object<const N: usize>(members: [(&str, Json); N]) -> Json {
    Json::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// `v` as compact JSON, as `serde_json::to_string` writes it.
pub fn to_compact(v: &Json) -> String {
    let mut out = String::new();
    write(&mut out, v, None, 0);
    out
}

/// `v` as pretty JSON (two spaces), as `serde_json::to_string_pretty` writes it.
pub fn to_pretty(v: &Json) -> String {
    let mut out = String::new();
    write(&mut out, v, Some("  "), 0);
    out
}

/// A map as compact JSON.
pub fn map_to_compact(m: &Map<String, Json>) -> String {
    let mut out = String::new();
    write_object(&mut out, m, None, 0);
    out
}

/// A map as pretty JSON.
pub fn map_to_pretty(m: &Map<String, Json>) -> String {
    let mut out = String::new();
    write_object(&mut out, m, Some("  "), 0);
    out
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

fn write(out: &mut String, v: &Json, indent: Option<&str>, depth: usize) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => push_number(out, n),
        Json::String(s) => push_string(out, s),
        Json::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write(out, item, indent, depth + 1);
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Json::Object(m) => write_object(out, m, indent, depth),
    }
}

fn write_object(out: &mut String, m: &Map<String, Json>, indent: Option<&str>, depth: usize) {
    if m.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, indent, depth + 1);
        push_string(out, k);
        out.push_str(if indent.is_some() { ": " } else { ":" });
        write(out, v, indent, depth + 1);
    }
    newline(out, indent, depth);
    out.push('}');
}

fn push_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64() {
        push_int(out, i);
    } else if let Some(u) = n.as_u64() {
        out.push_str(itoa::Buffer::new().format(u));
    } else if let Some(f) = n.as_f64() {
        out.push_str(zmij::Buffer::new().format_finite(f));
    }
}

/// A string literal as serde_json escapes it: `"`, `\`, and control characters (`\n`-style
/// where JSON has one, else `\u00xx` in lowercase hex); everything else as it is.
fn push_string(out: &mut String, s: &str) {
    push_json_string_hex(out, s, b"0123456789abcdef");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<String> {
        let mut v: Vec<String> = [
            "null",
            "true",
            "[]",
            "{}",
            r#"{"a":[],"b":{},"c":[1,-2,3.5,1e300,-0.0,1.0,100,18446744073709551615]}"#,
            r#"[1, [2, [3, {"x": "y"}]], {"": ""}]"#,
            r#""quote \" backslash \\ slash \/ controls \u0000\u001f\b\f\n\r\t del \u007f é 😀 \ud83d\ude00""#,
            r#"{"k": 1, "k": 2, "j": {"k": [true, false, null]}}"#,
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "-9223372036854775808",
            "-0",
            "-0.0",
            "[0.30000000000000004, 2.2250738585072014e-308, 1.7976931348623157e308]",
            "0.1",
            "1E-7",
            "  \n {\"spaced\" :\t[ 1 , 2 ] }  ",
            "\u{feff}{\"bom\": 1}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // escapes at every offset of the eight-byte scan, between runs of plain text
        let mut long = String::from("\"");
        for i in 0..40 {
            long.push_str(&"aé€".repeat(i % 9));
            long.push_str(["\\n", "\\\"", "\\\\", "\\u0001", "x"][i % 5]);
        }
        long.push('"');
        v.push(long);
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/www/presets"))
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(t) = std::fs::read_to_string(entry.path()) {
                v.push(t);
            }
        }
        v
    }

    /// What serde_json reads, this reads the same, and writes as serde_json writes it, compact
    /// and pretty: scalars, nesting, escapes, duplicate keys, big integers, every preset.
    #[test]
    fn reads_and_writes_as_serde_json_does() {
        for text in samples() {
            let ours = parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let theirs: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(to_compact(&ours), serde_json::to_string(&theirs).unwrap());
            assert_eq!(
                to_pretty(&ours),
                serde_json::to_string_pretty(&theirs).unwrap()
            );
            if let Json::Object(m) = &ours {
                assert_eq!(map_to_pretty(m), serde_json::to_string_pretty(m).unwrap());
                assert_eq!(map_to_compact(m), serde_json::to_string(m).unwrap());
            }
        }
    }

    /// What the results pane pretty-prints (the body parser's value): the same as [`parse`]
    /// reads, but for `-0` (an integer in a body, -0.0 in serde_json) and a number beyond a
    /// double, which has no JSON form.
    #[test]
    fn body_values_convert_as_documents_read() {
        for text in samples().into_iter().filter(|t| t != "-0") {
            let body = json::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(from_value(&body), parse(&text).ok(), "{text}");
        }
        assert_eq!(from_value(&json::parse("-0").unwrap()), Some(Json::from(0)));
        for beyond in ["[1, 1e400]", "{\"a\": -1e309}", &"9".repeat(400)] {
            assert_eq!(from_value(&json::parse(beyond).unwrap()), None, "{beyond}");
        }
    }

    /// What serde_json refuses, this refuses: with the engine's words and a place.
    #[test]
    fn refuses_what_serde_json_refuses() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for (text, words) in [
            ("{\"a\": ", "(line 1, column 7)"),
            ("{routes: 1}", "(line 1, column 2)"),
            ("[1,]", "expected a value"),
            ("{\"a\": 1,}", "(line 1, column 9)"),
            ("01", "(line 1, column"),
            (
                r#"{"t": "\ud800"}"#,
                "must be half of a UTF-16 surrogate pair (line 1, column 14)",
            ),
            ("\"tab\there\"", "control character"),
            ("1 2", "after the JSON value"),
            ("", "empty text"),
            (
                "[1, 1e400]",
                "number out of range: beyond a double's (line 1, column 5)",
            ),
            ("-1e309", "number out of range"),
        ] {
            assert!(serde_json::from_str::<Json>(text).is_err(), "{text}");
            let e = parse(text).expect_err(text);
            let said = located(text, &e);
            assert!(said.contains(words), "{text}: {said}");
        }
        assert!(parse(&deep(json::SERDE_MAX_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Json>(&deep(json::SERDE_MAX_DEPTH)).is_ok());
        let e = parse(&deep(json::SERDE_MAX_DEPTH + 1)).expect_err("too deep");
        assert!(serde_json::from_str::<Json>(&deep(json::SERDE_MAX_DEPTH + 1)).is_err());
        assert_eq!(
            located(&deep(json::SERDE_MAX_DEPTH + 1), &e),
            "JSON nested deeper than 127 levels (line 1, column 128)"
        );
    }
}

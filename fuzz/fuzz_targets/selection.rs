//! Selection expressions and integration response keys.
//!
//! Input: `EXPRESSION` `\0` `MESSAGE` `\0` `KEY` `\0` `KEY` … (missing parts are empty; at most
//! 8 keys). The expression is parsed for each `Site` and evaluated against the message (as
//! JSON, when it is), a status code, headers, `$context` and stage variables; the keys go
//! through `Selector::new(…).select(…)` for the expression's value, the message and a
//! successful Lambda call (`None`), and `sweep()`, under each U-2/U-3 assumption.

#![no_main]

use apigw_playground::engine::assumptions::{Assumptions, RegexMatch, SeveralMatch};
use apigw_playground::engine::expr::{Inputs, SelectionExpr, Site};
use apigw_playground::engine::json;
use apigw_playground::engine::select::Selector;
use apigw_playground::engine::vtl::default_context;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

const REGEX_LIMIT: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let expr = parts.next().unwrap_or("");
    let message = parts.next().unwrap_or("");
    let keys: Vec<&str> = parts.take(8).collect();

    let body = json::parse(message).ok();
    let context = default_context();
    let stage_variables =
        json::parse(r#"{"env":"dev","table":"Sessions","n":1}"#).expect("stage variables");
    let mut headers = BTreeMap::new();
    headers.insert(
        "content-type".to_string(),
        vec!["application/json".to_string()],
    );
    headers.insert(
        "X-Multi".to_string(),
        vec!["a".to_string(), "b".to_string()],
    );
    let inputs = Inputs {
        request_body: body.as_ref(),
        status: Some(404),
        headers,
        context: Some(&context),
        stage_variables: Some(&stage_variables),
    };

    let mut values = Vec::new();
    for site in [Site::Route, Site::RequestTemplate, Site::ResponseTemplate] {
        if let Ok(e) = SelectionExpr::parse(expr, site) {
            let _ = e.is_static();
            values.push(e.eval(&inputs));
            values.push(e.eval(&Inputs::default()));
        }
    }

    if keys.is_empty() {
        return;
    }
    for regex_match in [RegexMatch::Full, RegexMatch::Search] {
        for several_match in [SeveralMatch::First, SeveralMatch::Last] {
            let assumptions = Assumptions {
                regex_match,
                several_match,
                ..Assumptions::default()
            };
            let s = Selector::new(keys.iter().copied(), assumptions, REGEX_LIMIT);
            for v in &values {
                let _ = s.select(Some(v));
            }
            let _ = s.select(Some(message));
            let _ = s.select(None);
            let _ = s.sweep();
        }
    }
});

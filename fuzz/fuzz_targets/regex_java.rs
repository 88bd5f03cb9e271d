//! Java regular expressions: `regex_java::compile` (size limit 1 MiB), then `is_match` with
//! both anchors, `replace_all` / `replace_first`, and `split` with limits 0, -1 and 2.
//!
//! Input: `PATTERN` `\0` `TEXT` `\0` `REPLACEMENT` (missing parts are empty).

#![no_main]

use apigw_playground::engine::regex_java::{self, Anchor};
use libfuzzer_sys::fuzz_target;

const SIZE_LIMIT: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = input.splitn(3, '\0');
    let pattern = parts.next().unwrap_or("");
    let text = parts.next().unwrap_or("");
    let replacement = parts.next().unwrap_or("");

    let re = match regex_java::compile(pattern, SIZE_LIMIT) {
        Ok(re) => re,
        Err(e) => {
            // the span must be inside the pattern, on character boundaries (the page slices it)
            let _ = pattern.get(e.span.range());
            return;
        }
    };
    let _ = re.group_count();
    let _ = re.is_match(text, Anchor::Full);
    let _ = re.is_match(text, Anchor::Search);
    let _ = re.replace_all(text, replacement);
    let _ = re.replace_first(text, replacement);
    let _ = re.split(text, 0);
    let _ = re.split(text, -1);
    let _ = re.split(text, 2);
});

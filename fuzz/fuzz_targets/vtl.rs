//! VTL: `vtl::tokens`, `Template::parse_with` and `render_with`, under tight limits.
//!
//! Input: `TEMPLATE` `\0` `BODY` (no NUL: the whole input is the template, the body is empty).
//! The body is `$input`'s payload; when it is a JSON object it is also used as
//! `$stageVariables` and merged into `$context` for a second render. Property: rendering the
//! same template over the same environment again gives the same output and error (the body's
//! parse is kept between renders: nothing a render does to it may show in the next).

#![no_main]

use apigw_playground::engine::diag::{Diagnostic, render_plain};
use apigw_playground::engine::json;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::span::Encoding;
use apigw_playground::engine::value::Value;
use apigw_playground::engine::vtl::{self, Env, Template};
use libfuzzer_sys::fuzz_target;

fn limits() -> Limits {
    Limits {
        steps: 200_000,
        output_bytes: 64 * 1024,
        total_iterations: 10_000,
        ..Limits::default()
    }
}

/// What the page and the CLI do with a diagnostic: its position and the plain rendering.
fn show(d: &Diagnostic, src: &str) {
    let _ = d.position(src, Encoding::Chars);
    let _ = d.position(src, Encoding::Utf16);
    let _ = render_plain(d, src);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (template, body) = text.split_once('\0').unwrap_or((text, ""));
    let limits = limits();

    let _ = vtl::tokens(template);
    let t = match Template::parse_with(template, &limits) {
        Ok(t) => t,
        Err(d) => {
            show(&d, template);
            return;
        }
    };

    let mut env = Env::new(body);
    env.params.path.insert("id".into(), "p-1".into());
    env.params.querystring.insert("q".into(), "search".into());
    env.params.header.insert("X-Trace".into(), "t-9".into());
    let r = t.render_with(&env, &limits);
    for d in r.diagnostics.iter().chain(r.error.as_ref()) {
        show(d, template);
    }
    let again = t.render_with(&env, &limits);
    assert_eq!(r.output, again.output, "a second render of {template:?} over {body:?}");
    assert_eq!(
        r.error.map(|e| e.message),
        again.error.map(|e| e.message),
        "a second render of {template:?} over {body:?}"
    );

    if let Ok(v @ Value::Map(_)) = json::parse(body) {
        env.stage_variables = v.clone();
        env.merge_context(&v);
        let r = t.render_with(&env, &limits);
        for d in r.diagnostics.iter().chain(r.error.as_ref()) {
            show(d, template);
        }
    }
});

//! Scenarios: `Scenario::from_json` (and what `to_json` writes reads back the same), then `Prepared::new` under tight limits, `run()`, the
//! scenario's test rows, `sweep(…)` and `sweep_messages(…)`, and the CLI's rendering of every
//! diagnostic. The same text also goes to `share::decode_fragment`.
//!
//! Input: the scenario's JSON text (as in `www/presets/*.json`), or a link fragment.

#![no_main]

use apigw_playground::engine::cases;
use apigw_playground::engine::diag::render_plain;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::Scenario;
use apigw_playground::engine::pipeline::Prepared;
use apigw_playground::engine::span::Encoding;
use apigw_playground::share;
use libfuzzer_sys::fuzz_target;

fn limits() -> Limits {
    Limits {
        steps: 200_000,
        output_bytes: 64 * 1024,
        total_iterations: 10_000,
        ..Limits::default()
    }
}

fn simulate(s: &Scenario) {
    let p = Prepared::new(s, &limits());
    let o = p.run();
    let _ = o.explain();
    let _ = o.worst();
    for d in o.diagnostics.iter().chain(p.configuration_diagnostics()) {
        if let Some(text) = s.source_text(&d.source) {
            let _ = render_plain(d, text);
            let _ = d.position(text, Encoding::Utf16);
        }
    }
    // the test table, at most a few rows (each row is a whole run)
    for case in s.tests.iter().take(4) {
        let _ = cases::run_case(&p, case);
    }
    let _ = p.routed_integration(&s.sample.message);
    for i in 0..s.integrations.len().min(2) {
        let _ = p.sweep(i);
        let _ = p.sweep_messages(i, &[None, Some(""), Some(&s.sample.message)]);
    }
    let _ = p.sweep(0);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = Scenario::from_json(text) {
        let _ = s.unknown_members();
        // what is written reads back as the same scenario (engine::model_json)
        let written = s.to_json();
        assert_eq!(Scenario::from_json(&written).as_ref(), Ok(&s), "{written}");
        simulate(&s);
    }
    if let Ok(s) = share::decode_fragment(text) {
        simulate(&s);
    }
});

//! Every preset the page ships (`www/presets/*.json`) loads, runs clean through the simulation,
//! passes its own test table, and gives the outcome recorded in `tests/presets/NAME.outcome.json`
//! (set `UPDATE_GOLDEN=1` to record anew after a deliberate change).

use apigw_playground::engine::cases::run_all;
use apigw_playground::engine::diag::Severity;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::model::Scenario;
use apigw_playground::engine::pipeline::Prepared;
use std::path::Path;

fn presets() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/presets");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("www/presets")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The parts of an outcome worth recording.
fn summary(s: &Scenario) -> serde_json::Value {
    let o = Prepared::new(s, &Limits::default()).run();
    serde_json::json!({
        "route_key": o.route_key,
        "integration_response_key": o.integration_response_key,
        "template_key": o.template_key,
        "output": o.output,
        "client_receives": o.client_receives,
        "trace": o.trace.iter().map(|st| st.summary.clone()).collect::<Vec<_>>(),
        "diagnostics": o.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
    })
}

#[test]
fn there_are_presets() {
    assert!(presets().len() >= 8, "expected the preset gallery");
}

#[test]
fn every_preset_loads_and_has_a_title_and_notes() {
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !s.title.is_empty() && !s.notes.is_empty(),
            "{name}: title and notes"
        );
        assert!(
            s.unknown_members().is_empty(),
            "{name}: unknown members {:?}",
            s.unknown_members()
        );
        assert!(
            !s.tests.is_empty(),
            "{name}: a preset carries its own test table"
        );
    }
}

#[test]
fn every_preset_runs_without_errors() {
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap();
        let o = Prepared::new(&s, &Limits::default()).run();
        let errors: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn every_preset_passes_its_test_table() {
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap();
        let p = Prepared::new(&s, &Limits::default());
        for r in run_all(&p) {
            assert!(
                r.passed,
                "{name}: row `{}` failed: {:#?}\n{}",
                r.name,
                r.mismatches,
                r.outcome.explain()
            );
        }
    }
}

#[test]
fn every_preset_gives_its_recorded_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/presets");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap();
        let got = serde_json::to_string_pretty(&summary(&s)).unwrap() + "\n";
        let file = dir.join(format!("{name}.outcome.json"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{name}: no recorded outcome; run with UPDATE_GOLDEN=1"));
        assert_eq!(
            got, want,
            "{name}: the outcome changed (UPDATE_GOLDEN=1 records it)"
        );
    }
}

#[test]
fn presets_round_trip_through_json() {
    for (name, text) in presets() {
        let s = Scenario::from_json(&text).unwrap();
        let again = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(s, again, "{name}");
    }
}

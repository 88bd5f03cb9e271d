//! Test tables for a configuration (regex101-style unit tests): each row gives a backend outcome
//! (and optionally a message) and what should follow; a row passes when every expected part
//! equals what the simulation gives.

use crate::engine::model::{Expectation, TestCase};
use crate::engine::pipeline::{Outcome, Prepared};
use serde::Serialize;

/// One expected part that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Which part: `integrationResponseKey`, `clientReceives`…
    pub field: &'static str,
    /// What the row expects (`null` for no frame).
    pub expected: Option<String>,
    /// What the simulation gives.
    pub actual: Option<String>,
}

/// The result of one row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseResult {
    /// The row's name.
    pub name: String,
    /// True when nothing differs.
    pub passed: bool,
    /// What differs.
    pub mismatches: Vec<Mismatch>,
    /// The full outcome, to explain a failure.
    pub outcome: Outcome,
}

/// Runs one row against a prepared scenario.
pub fn run_case(p: &Prepared, case: &TestCase) -> CaseResult {
    let mut sample = p.scenario().sample.clone();
    if let Some(m) = &case.message {
        sample.message = m.clone();
    }
    if let Some(b) = &case.backend {
        sample.backend = b.clone();
    }
    let outcome = p.run_sample(&sample);
    let mismatches = compare(&case.expect, &outcome);
    CaseResult {
        name: case.name.clone(),
        passed: mismatches.is_empty(),
        mismatches,
        outcome,
    }
}

/// Runs every row of the scenario's table.
pub fn run_all(p: &Prepared) -> Vec<CaseResult> {
    p.scenario().tests.iter().map(|c| run_case(p, c)).collect()
}

fn compare(e: &Expectation, o: &Outcome) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, expected: &Option<String>, actual: &Option<String>| {
        if let Some(want) = expected
            && actual.as_ref() != Some(want)
        {
            out.push(Mismatch {
                field,
                expected: Some(want.clone()),
                actual: actual.clone(),
            });
        }
    };
    check("routeKey", &e.route_key, &o.route_key);
    check(
        "integrationResponseKey",
        &e.integration_response_key,
        &o.integration_response_key,
    );
    check("templateKey", &e.template_key, &o.template_key);
    check("output", &e.output, &o.output);
    if let Some(want) = &e.client_receives
        && want != &o.client_receives
    {
        out.push(Mismatch {
            field: "clientReceives",
            expected: want.clone(),
            actual: o.client_receives.clone(),
        });
    }
    out
}

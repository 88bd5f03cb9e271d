//! Budgets that keep every evaluation bounded, so the page can evaluate on each keystroke.
//! Each limit is named in the diagnostic that reports it.

use serde::{Deserialize, Serialize};

/// The budgets of one evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Limits {
    /// Iterations of one `#foreach` before it stops: API Gateway's quota is 1,000.
    pub foreach_iterations: usize,
    /// Loop iterations of all `#foreach` loops of one render together (our own guard).
    pub total_iterations: usize,
    /// Nesting of directives, macro calls, `#evaluate` and expressions.
    pub depth: usize,
    /// Bytes of output of one render, and of any string a template builds (by `+`, `concat`,
    /// `replace`…): a value bigger than any output could hold is refused before it eats memory.
    pub output_bytes: usize,
    /// Items of one list or map a template builds (`add`, `addAll`, `put`…).
    pub collection_items: usize,
    /// Bytes of one template: API Gateway's quota is 300 KB.
    pub template_bytes: usize,
    /// Bytes of a compiled regular expression; `regex-lite` compiles in time linear in
    /// this size, so it also bounds the compile time of every key and template regex.
    pub regex_bytes: usize,
    /// Bytes of the backend's body the pipeline reads (our own guard, as API Gateway's 10 MB
    /// payload quota for REST APIs; a WebSocket message is capped at 128 KB before this).
    pub body_bytes: usize,
    /// Integration responses of one integration that are compiled and matched: AWS documents
    /// no quota, so this is our own guard (its quota for routes and integrations per API is
    /// 300); keys past it never match.
    pub integration_responses: usize,
    /// Evaluation steps of one render (expressions, method calls, text pieces).
    pub steps: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            foreach_iterations: 1_000,
            total_iterations: 100_000,
            depth: 64,
            output_bytes: 32 << 20,
            collection_items: 1_000_000,
            template_bytes: 300 * 1024,
            regex_bytes: 1 << 20,
            body_bytes: 10 << 20,
            integration_responses: 300,
            steps: 2_000_000,
        }
    }
}

/// Entries the live console's log keeps; older ones are dropped and counted.
pub const LOG_ENTRIES: usize = 1000;

/// The name of each limit as its error says it, `(limit: NAME)`: one place, so the page, the
/// CLI and the tests agree.
pub const NAMES: &[&str] = &[
    "foreach iterations",
    "total iterations",
    "depth",
    "output size",
    "collection items",
    "template size",
    "regex size",
    "steps",
    "body size",
    "integration responses",
    "log entries",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{IntegrationResponse, Scenario};
    use crate::engine::pipeline::Prepared;
    use crate::engine::select::KeyStatus;

    fn preset() -> Scenario {
        Scenario::from_json(include_str!("../../www/presets/http-status-mapping.json")).unwrap()
    }

    /// Every limit is named in the text of an error, as `(limit: NAME)`.
    #[test]
    fn every_limit_is_named_in_an_error() {
        let sources = [
            include_str!("vtl/eval.rs"),
            include_str!("vtl/parser.rs"),
            include_str!("vtl/mod.rs"),
            include_str!("regex_java.rs"),
            include_str!("select.rs"),
            include_str!("pipeline.rs"),
            include_str!("../ui/console.rs"),
        ];
        for name in NAMES {
            let needle = format!("(limit: {name})");
            assert!(
                sources.iter().any(|s| s.contains(&needle)),
                "no error names {needle}"
            );
        }
    }

    #[test]
    fn body_size() {
        let mut s = preset();
        s.sample.backend.body = "x".repeat(101).into();
        let limits = Limits {
            body_bytes: 100,
            ..Limits::default()
        };
        let o = Prepared::new(&s, &limits).run();
        let d = o
            .diagnostics
            .iter()
            .find(|d| d.message.contains("(limit: body size)"))
            .expect("a body-size error");
        assert!(
            d.message.contains("101 bytes, over the 100 bytes"),
            "{}",
            d.message
        );
        assert_eq!(o.template_key, None, "no template runs");
        assert!(
            o.client_receives
                .as_deref()
                .is_some_and(|f| f.contains("Internal server error"))
        );
        s.sample.backend.body = "x".repeat(100).into();
        let o = Prepared::new(&s, &limits).run();
        assert!(
            o.diagnostics
                .iter()
                .all(|d| !d.message.contains("body size"))
        );
    }

    #[test]
    fn integration_responses() {
        let mut s = preset();
        let g = &mut s.integrations[0];
        g.integration_responses.insert(
            0,
            IntegrationResponse {
                integration_response_key: "/3\\d\\d/".into(),
                ..IntegrationResponse::default()
            },
        );
        // keys: /3\d\d/, /2\d\d/, /4\d\d/, $default; only the first 2 are read
        let limits = Limits {
            integration_responses: 2,
            ..Limits::default()
        };
        let p = Prepared::new(&s, &limits);
        let named: Vec<_> = p
            .configuration_diagnostics()
            .iter()
            .filter(|d| d.message.contains("(limit: integration responses)"))
            .collect();
        assert_eq!(named.len(), 1, "told once: {named:?}");
        assert!(
            named[0]
                .message
                .starts_with("more than 2 integration responses")
        );
        let mut sample = s.sample.clone();
        sample.backend.status_code = 404;
        let o = p.run_sample(&sample);
        assert_eq!(
            o.keys[2].status,
            KeyStatus::Invalid,
            "/4\\d\\d/ is past the limit"
        );
        assert_eq!(o.keys[3].status, KeyStatus::Invalid, "so is $default");
        assert_eq!(o.integration_response_key, None);
        // under the limit, nothing is said
        let p = Prepared::new(&s, &Limits::default());
        assert!(
            p.configuration_diagnostics()
                .iter()
                .all(|d| !d.message.contains("integration responses)"))
        );
    }

    #[test]
    fn regex_size() {
        let e = crate::engine::regex_java::compile("(a|b|c){200}", 1000).unwrap_err();
        assert!(e.message.contains("(limit: regex size)"), "{}", e.message);
    }

    #[test]
    fn log_entries() {
        assert_eq!(LOG_ENTRIES, 1000);
        assert!(NAMES.contains(&"log entries"));
    }
}

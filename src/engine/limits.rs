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
    /// Bytes of a compiled regular expression.
    pub regex_bytes: usize,
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
            steps: 2_000_000,
        }
    }
}

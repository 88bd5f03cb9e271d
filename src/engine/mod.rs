//! The engine: pure Rust, no web dependencies, no I/O, no clock, deterministic. It builds and is
//! tested natively, and the page calls it directly in wasm.
//!
//! - [`vtl`]: API Gateway's Velocity dialect, with `$input`, `$util`, `$context`.
//! - [`jsonpath`]: the JSONPath of `$input.path` / `$input.json` (Jayway's dialect).
//! - [`regex_java`]: Java regular expressions on the `regex` crate.
//! - [`expr`]: selection expressions; [`select`]: integration response keys.
//! - [`model`]: the apigatewayv2 objects and the scenario; [`pipeline`]: one message end to end,
//!   with its trace; [`cases`]: test tables.
//! - [`assumptions`]: every choice made where AWS is undocumented (U-1 … U-20).
//! - [`diag`], [`span`], [`limits`]: diagnostics, positions and budgets shared by all.

pub mod assumptions;
pub mod cases;
pub mod diag;
pub mod expr;
pub mod json;
pub mod jsonpath;
pub mod limits;
pub mod model;
pub mod pipeline;
pub mod regex_java;
pub mod select;
pub mod span;
pub mod text;
pub mod value;
pub mod vtl;

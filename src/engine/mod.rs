//! The engine: pure Rust, no web dependencies, no I/O, no clock, deterministic.

pub mod diag;
pub mod json;
pub mod jsonpath;
pub mod limits;
pub mod regex_java;
pub mod span;
pub mod text;
pub mod value;
pub mod vtl;

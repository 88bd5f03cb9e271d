//! The engine: pure Rust, no web dependencies, no I/O, no clock, deterministic. It builds and is
//! tested natively, and the page calls it directly in wasm.
//!
//! - [`vtl`]: API Gateway's Velocity dialect, with `$input`, `$util`, `$context`.
//! - [`jsonpath`]: the JSONPath of `$input.path` / `$input.json` (Jayway's dialect).
//! - [`regex_java`]: Java regular expressions on the `regex-lite` crate.
//! - [`expr`]: selection expressions; [`select`]: integration response keys.
//! - [`model`]: the apigatewayv2 objects and the scenario; [`pipeline`]: one message end to end,
//!   with its trace; [`cases`]: test tables.
//! - [`assumptions`]: every choice made where AWS is undocumented (U-1 … U-20).
//! - [`diag`], [`span`], [`limits`]: diagnostics, positions and budgets shared by all.
//! - [`json`]: JSON into template values; [`json_doc`]: the page's JSON documents as
//!   `serde_json::Value`s, without serde_json's parser and serializer.
//! - [`case`], [`sort`]: upper/lower case and sorting with tables and code of our own, smaller in
//!   the page's wasm than the standard library's.
//!
//! # Usage
//!
//! Render one template:
//!
//! ```
//! use apigw_playground::engine::vtl::{Env, Template};
//! let t = Template::parse("#foreach($i in $input.path('$.n'))$i#if($foreach.hasNext),#end#end").unwrap();
//! assert_eq!(t.render(&Env::new(r#"{"n": [1, 2]}"#)).output, "1,2");
//! ```
//!
//! Simulate a message through a configuration, parsed once and run many times:
//!
//! ```
//! use apigw_playground::engine::limits::Limits;
//! use apigw_playground::engine::model::Scenario;
//! use apigw_playground::engine::pipeline::Prepared;
//! let s = Scenario::from_json(include_str!("../../www/presets/http-status-mapping.json")).unwrap();
//! let p = Prepared::new(&s, &Limits::default());
//! let outcome = p.run();
//! assert_eq!(outcome.integration_response_key.as_deref(), Some("/2\\d\\d/"));
//! assert_eq!(p.sweep(0).len(), 500); // which key each status 100–599 selects
//! ```
//!
//! # Errors
//!
//! Nothing here panics on any input: every problem is a [`diag::Diagnostic`] with a
//! [`diag::Kind`], a short lowercase message, a byte span into the text it is about, the
//! [`diag::Source`] that text belongs to, and hints. [`span::LineIndex`] turns spans into 1-based
//! line and column (characters for terminals, UTF-16 units for the browser). Templates follow
//! Velocity: a method that does not exist gives null and a warning; a method that throws fails
//! the render with an error, which the pipeline turns into API Gateway's error frame.
//!
//! # Limits
//!
//! [`limits::Limits`] bounds every evaluation (each limit is named in its error): iterations of
//! one `#foreach` (API Gateway's 1,000), loop iterations in all, nesting depth, output bytes,
//! template bytes (the 300 KB quota), evaluation steps and compiled regex size. JSON nesting is
//! capped at [`json::MAX_DEPTH`].
//!
//! # Differences from API Gateway
//!
//! Where AWS documents nothing the choice is in [`assumptions`], named after its U-number; the
//! README lists the known differences (Java regex features `regex-lite` cannot run, the
//! JSONPath functions with arguments, what is not simulated).

pub mod assumptions;
pub mod case;
mod case_tables;
pub mod cases;
pub mod diag;
pub mod expr;
pub mod hash;
pub mod iac;
pub mod json;
pub mod json_doc;
pub mod jsonpath;
pub mod limits;
pub mod model;
pub mod model_json;
pub mod pipeline;
pub mod probe;
pub mod regex_java;
pub mod select;
pub mod sort;
pub mod span;
pub mod text;
pub mod value;
pub mod value_map;
pub mod vtl;

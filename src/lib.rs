//! apigw-playground: simulate AWS API Gateway WebSocket integration responses, templates and
//! route responses, natively and in the browser.

pub mod engine;
pub mod share;
pub mod state;

/// The page (wasm32 only): Yew components over the engine.
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The command-line tool (native only).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

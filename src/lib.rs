//! apigw-playground: simulate AWS API Gateway WebSocket integration responses, templates and
//! route responses, natively and in the browser.

pub mod engine;
pub mod share;
pub mod small_blocks;
pub mod state;

/// In wasm, small blocks freed by one render serve the next (see `small_blocks`): every page
/// and worker binary links this crate, so they all use it.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: small_blocks::SmallBlocks<std::alloc::System> =
    small_blocks::SmallBlocks::new(std::alloc::System);

/// The page (wasm32 only): Yew components over the engine.
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The command-line tool (native only).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

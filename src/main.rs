//! The binary: the command-line tool natively, the page on wasm32 (both follow).
fn main() {}

//! `tw-verify`: checks Tracking Witness JSON evidence files (see
//! `src/cli/tw_verify.rs` and `docs/evidence-format.md`).
//!
//! The command is native only. The crate's wasm builds compile every
//! binary when they build integration tests (the bindings tests), and the
//! verifier's file reading is not part of the main wasm module, so there it
//! is an empty program.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../cli/tw_verify.rs"]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

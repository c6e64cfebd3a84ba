//! Builders shared by the unit tests (`src/**`), the integration tests (`tests/integration`),
//! the benchmarks (`benches/`) and `examples/generate.rs`: hand-built Specs, returned forms
//! built in memory, zip containers, a generated catalog of any size, and a counter of the
//! panics `isolate::panic::contain` caught. Not part of the library's API (hidden from its
//! documentation); what tests of the command line need beyond this (the binary, LibreOffice,
//! openpyxl) is in `tests/integration/common.rs`, and files are in `tests/fixtures/`.
//!
//! Compiled always rather than behind a feature: `cargo test`, `cargo bench`, `cargo clippy
//! --all-targets` and the example then need no flag and no dev-dependency of the crate on
//! itself, and the builders use nothing the library does not depend on already.

pub mod catalog;
pub mod panics;
pub mod response;
pub mod spec;
pub mod zip;

/// A file under `tests/fixtures/` (tests/fixtures/README.md says what each one is).
pub fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

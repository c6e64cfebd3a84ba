//! The Markdown catalog reader (decoding, pulldown-cmark tables, row inference and the waiver
//! rules read from prose) on arbitrary bytes. Any `Result` is fine; a panic, an abort, a
//! timeout or running out of memory is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use procspec::catalog::{load_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = load_bytes(data, "md", &LoadOptions::default());
});

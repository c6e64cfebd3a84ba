//! The spreadsheet catalog reader (calamine, the merged-region and number-format handling, row
//! inference) on arbitrary bytes. The extension is the one a user would give the file, taken
//! from its first bytes; the reader falls back to sniffing when it does not fit, so a
//! mismatched name is covered as well.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;
use procspec::catalog::{load_bytes, LoadOptions};

fuzz_target!(
    init: contained::install_panic_hook(),
    |data: &[u8]| {
    let _ = load_bytes(data, extension(data), &LoadOptions::default());
});

fn extension(data: &[u8]) -> &'static str {
    let contains = |needle: &[u8]| data.windows(needle.len()).any(|w| w == needle);
    if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "xls"
    } else if contains(b"application/vnd.oasis.opendocument") {
        "ods"
    } else if contains(b"xl/workbook.bin") {
        "xlsb"
    } else {
        "xlsx"
    }
}

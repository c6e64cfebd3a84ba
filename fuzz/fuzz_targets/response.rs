//! The returned-form reader (`workbook::read_xlsx`, procspec's .xlsx reader, or calamine, and the
//! form's layout) on arbitrary bytes, as a bidder could send them.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;

fuzz_target!(
    init: contained::install_panic_hook(),
    |data: &[u8]| {
    let _ = procspec::response::read(data, "form.xlsx");
});

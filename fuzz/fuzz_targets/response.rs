//! The returned-form reader (`guard::inspect`, then calamine and the form's layout) on
//! arbitrary bytes, as a bidder could send them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = procspec::response::read(data, "form.xlsx");
});

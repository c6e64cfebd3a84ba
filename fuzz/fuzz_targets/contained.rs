//! The panic hook of the spreadsheet targets. procspec runs calamine inside
//! `procspec::isolate::contain`, which turns a panic into an error about the file; libfuzzer-sys's
//! own hook would abort on it anyway. This hook aborts only on a panic raised in procspec's own
//! code (or the standard library called from it), which is a finding, and names each distinct
//! place a dependency panicked at once, so the log lists what was contained.

use std::collections::HashSet;
use std::sync::Mutex;

pub fn install_panic_hook() {
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if !place.contains("/.cargo/registry/") {
            eprintln!("{info}\n{}", std::backtrace::Backtrace::force_capture());
            std::process::abort();
        }
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        if seen.get_or_insert_with(HashSet::new).insert(place) {
            // Not caught by `contain` (a dependency outside it), libfuzzer-sys aborts next.
            eprintln!("panic in a dependency: {info}");
        }
    }));
}

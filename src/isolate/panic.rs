//! Panic containment: a panic inside a reader of an untrusted file (calamine, or procspec's own
//! .xlsx reader) becomes an error about that file, and the batch goes on.
//!
//! This is the in-process half of isolation; the worker processes of [`super`] are the other
//! half, for what cannot be caught (an abort when memory runs out, a loop).

use crate::error::{Error, Result};

/// Runs `read`, calamine's work on an untrusted file, so that a panic inside it becomes an error
/// about the file (`name`) instead of the end of the batch.
///
/// calamine takes offsets and numbers from the file and indexes or multiplies with them
/// unchecked in places; fuzzing found a truncated .xls that makes it slice past the end of its
/// buffer and a cell reference whose column overflows (fuzz/README.md lists them). Those are
/// the file's fault, not the reader's, and [`crate::workbook::inspect`] cannot foresee every one.
/// Only an unwinding panic can be caught; an abort (out of memory) is what the worker processes
/// of [`crate::isolate`] are for.
pub(crate) fn contain<T>(name: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    // Nothing `read` touched outlives a panic: the workbook it opened is dropped with it.
    let was = CONTAINING.with(|c| c.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    CONTAINING.with(|c| c.set(was));
    outcome.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        // Seen by the tests (`testing::panics`): "never panics" must not pass on a contained one.
        CONTAINED.with(|c| c.set(c.get() + 1));
        if let Some(log) = std::env::var_os("PROCSPEC_PANIC_LOG") {
            use std::io::Write as _;
            // One write of the whole line, so that lines of parallel workers do not interleave.
            let line = format!("{name}: {what}\n");
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log);
            let _ = file.and_then(|mut f| f.write_all(line.as_bytes()));
        }
        Err(Error::unreadable(
            name,
            crate::finding::Unreadable::ReaderFailed { what },
        ))
    })
}

thread_local! {
    /// Whether this thread is inside [`contain`].
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many panics [`contain`] has caught on this thread.
    static CONTAINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many panics [`contain`] has turned into errors on this thread so far. With
/// `PROCSPEC_PANIC_LOG=FILE` set, each one also appends a line `NAME: MESSAGE` to FILE, in any
/// thread or worker process: what the tests read to tell a contained panic from a clean refusal.
#[doc(hidden)]
pub fn contained_on_this_thread() -> usize {
    CONTAINED.with(std::cell::Cell::get)
}

/// Keeps the panic hook quiet about the panics [`contain`] catches: their message is in the
/// error about the file already, and a user shown "thread 'main' panicked at …" above it would
/// take the tool for broken. Every other panic reaches the hook that was installed before.
/// For the binary to call at start; a library caller (a fuzz target) keeps its own hook.
pub fn quiet_contained_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_reading_is_an_error_about_the_file() {
        let caught = contain::<()>("f.xls", || {
            panic!("slice index starts at 512 but ends at 0")
        });
        let crate::Error::Unreadable { file, reason } = caught.unwrap_err() else {
            panic!("not an unreadable file")
        };
        assert_eq!(file, "f.xls");
        assert_eq!(
            reason,
            crate::finding::Unreadable::ReaderFailed {
                what: "slice index starts at 512 but ends at 0".into()
            }
        );
        assert_eq!(contain("f.xls", || Ok(7)).unwrap(), 7);
    }
}

//! Seeing the panics that `isolate::panic::contain` turned into errors, so that a test of "never
//! panics" fails on a contained panic instead of passing on the error it became.
//!
//! In-process, [`contained_in`] counts those caught on the calling thread while a closure runs
//! (the readers contain on the thread that calls them). For the binary and its worker
//! processes, [`PANIC_LOG`] names a file to which every containment appends a line
//! `NAME: MESSAGE`; `tests/integration/common.rs` sets it and reads it back.

/// The environment variable read by `isolate::panic::contain`: a file to append a line to for every
/// panic it contains.
pub const PANIC_LOG: &str = "PROCSPEC_PANIC_LOG";

/// Runs `f`; returns its result and how many panics `isolate::panic::contain` caught on this thread
/// meanwhile.
pub fn contained_in<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = crate::isolate::panic::contained_on_this_thread();
    let out = f();
    (
        out,
        crate::isolate::panic::contained_on_this_thread() - before,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_panic_is_counted_and_a_clean_read_is_not() {
        let (read, none) = contained_in(|| crate::isolate::panic::contain("f.xls", || Ok(7)));
        assert_eq!(read.unwrap(), 7);
        assert_eq!(none, 0);
        let (outcome, one) = contained_in(|| {
            crate::isolate::panic::contain("f.xls", || -> crate::Result<()> {
                panic!("sliced past the end")
            })
        });
        let error = outcome.unwrap_err().to_string();
        assert!(error.contains("sliced past the end"), "{error}");
        assert_eq!(one, 1);
    }
}

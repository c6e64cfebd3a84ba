//! One file per subcommand: call the library, print the outcome, choose the exit code.

pub mod build;
pub mod check;
pub mod diff;
pub mod grade;
pub mod init;
pub mod templates;

use std::io::Write;

/// Writes to stdout; a closed pipe (`procspec check | head`) is a clean end, not an error.
pub fn print(text: &str) -> procspec::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(procspec::Error::io("<stdout>", e)),
        Ok(()) => Ok(()),
    }
}

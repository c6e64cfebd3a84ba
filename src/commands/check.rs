//! `procspec check`.

use std::process::ExitCode;

use crate::cli::CheckArgs;

pub fn run(_args: &CheckArgs) -> procspec::Result<ExitCode> {
    Err(procspec::Error::Usage(
        "`procspec check` is not available in this build yet".into(),
    ))
}

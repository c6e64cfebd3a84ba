//! `procspec init`.

use std::process::ExitCode;

use crate::cli::InitArgs;

pub fn run(_args: &InitArgs) -> procspec::Result<ExitCode> {
    Err(procspec::Error::Usage(
        "`procspec init` is not available in this build yet".into(),
    ))
}

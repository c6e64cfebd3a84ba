//! `procspec build`.

use std::process::ExitCode;

use crate::cli::BuildArgs;

pub fn run(_args: &BuildArgs) -> procspec::Result<ExitCode> {
    Err(procspec::Error::Usage(
        "`procspec build` is not available in this build yet".into(),
    ))
}

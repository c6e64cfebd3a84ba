//! `procspec grade`.

use std::process::ExitCode;

use crate::cli::GradeArgs;

pub fn run(_args: &GradeArgs) -> procspec::Result<ExitCode> {
    Err(procspec::Error::Usage(
        "`procspec grade` is not available in this build yet".into(),
    ))
}

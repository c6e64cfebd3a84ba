//! `procspec templates`.

use std::process::ExitCode;

use crate::cli::TemplatesArgs;

pub fn run(_args: &TemplatesArgs) -> procspec::Result<ExitCode> {
    Err(procspec::Error::Usage(
        "`procspec templates` is not available in this build yet".into(),
    ))
}

//! `procspec check`: what procspec understood of a requirement table.

use std::process::ExitCode;

use procspec::catalog::summary::Summary;
use procspec::model::Severity;
use procspec::procurement::{self, Procurement};

use crate::cli::{CheckArgs, OutputFormat};

pub fn run(args: &CheckArgs) -> procspec::Result<ExitCode> {
    let config_path = &args.config.config;
    let sheet = args.sheet.as_deref();
    let loaded = match &args.file {
        // The configuration is optional for `check FILE`; when it exists its [[rules]] and
        // [limits] apply.
        Some(file) => {
            let procurement = if config_path.is_file() {
                Some(Procurement::open(config_path)?)
            } else {
                None
            };
            procurement::check_file(file, sheet, procurement.as_ref())?
        }
        None => Procurement::open(config_path)?.check(sheet)?,
    };
    let summary = Summary::new(&loaded);
    match args.format {
        OutputFormat::Text => super::print(&summary.to_text())?,
        OutputFormat::Json => super::print(&summary.to_json())?,
    }
    let errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! `procspec check`: what procspec understood of a requirement table.

use std::process::ExitCode;

use procspec::catalog::{self, summary::Summary, LoadOptions};
use procspec::config::Config;
use procspec::model::Severity;

use crate::cli::{CheckArgs, OutputFormat};

pub fn run(args: &CheckArgs) -> procspec::Result<ExitCode> {
    let config_path = &args.config.config;
    let loaded = match &args.file {
        Some(file) => {
            // The configuration is optional for `check FILE`; when it exists its [[rules]] and
            // [limits] apply.
            let config = if config_path.is_file() {
                Some(Config::load(config_path)?)
            } else {
                None
            };
            let limits = config.as_ref().map(|c| c.limits).unwrap_or_default();
            let options = LoadOptions {
                sheet: args.sheet.clone(),
                display_name: None,
            };
            let mut loaded = catalog::load_with_limits(file, &options, &limits)?;
            if let Some(config) = config {
                let name = config_path.display().to_string();
                let more = catalog::infer::apply_config_rules(
                    &mut loaded.catalog,
                    &config.rules,
                    config.catalog.infer_rules,
                    &name,
                );
                loaded.diagnostics.extend(more);
            }
            loaded
        }
        None => {
            let mut config = Config::load(config_path)?;
            if args.sheet.is_some() {
                config.catalog.sheet = args.sheet.clone();
            }
            catalog::load_configured(&config)?
        }
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

//! `procspec build`: tailor the tender, render every configured output, report what was written.
//!
//! Exit 0 when everything was written (warnings allowed), 1 when the catalog has errors (then
//! nothing is written: a table with errors must not become a tender), 2 when the configuration,
//! a template or a file cannot be read or written (also then nothing is written, because every
//! output is rendered in memory before the first is written).

use std::io::Write;
use std::process::ExitCode;

use procspec::config::Config;
use procspec::model::Severity;
use procspec::{render, tailor};

use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> procspec::Result<ExitCode> {
    let config = Config::load(&args.config.config)?;
    let tailored = tailor::resolve(&config)?;
    report_diagnostics(&tailored.diagnostics);
    if tailored.has_errors() {
        let errors = tailored
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!(
            "error: nothing written: {} has {errors} error(s); fix them (`procspec check` shows \
             them all) and build again",
            config.catalog.source.display()
        );
        return Ok(ExitCode::from(1));
    }
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => config.resolve(&config.output.dir),
    };
    let templates = config.resolve("templates".as_ref());
    let outputs = render::render_all(&tailored.spec, &config, &templates)?;
    let written = render::write_all(&outputs, &out)?;
    let spec = &tailored.spec;
    let mut text = format!(
        "{}: {} requirement(s) asked, {} excluded, {} waiver rule(s); fingerprint {}\n",
        spec.procurement.title,
        spec.requirements.len(),
        spec.excluded.len(),
        spec.rules.len(),
        spec.short_fingerprint()
    );
    for w in &written {
        text.push_str(&format!(
            "  wrote {}  ({} bytes)\n",
            w.path.strip_prefix(".").unwrap_or(&w.path).display(),
            w.size
        ));
    }
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Every finding goes to stderr, so that stdout holds only the report of what was written.
fn report_diagnostics(diagnostics: &[procspec::model::Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{d}");
    }
}

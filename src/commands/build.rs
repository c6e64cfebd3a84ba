//! `procspec build`: tailor the tender, render every configured output, report what was written.
//!
//! Exit 0 when everything was written (warnings allowed), 1 when the catalog has errors (then
//! nothing is written: a table with errors must not become a tender), 2 when the configuration,
//! a template or a file cannot be read or written (also then nothing is written, because every
//! output is rendered in memory before the first is written).

use std::io::Write;
use std::process::ExitCode;

use procspec::config::Config;
use procspec::model::{Lang, Severity};
use procspec::{render, tailor};

use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> procspec::Result<ExitCode> {
    let config = Config::load(&args.config.config)?;
    let tailored = tailor::resolve(&config)?;
    report_diagnostics(&tailored.diagnostics, tailored.spec.lang);
    if tailored.has_errors() {
        let errors = tailored
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let source = config.catalog.source.display();
        match tailored.spec.lang {
            Lang::Ja => eprintln!(
                "error: 何も書き出していません: {source} に {errors} 件のエラーがあります。\
                 `procspec check` で一覧を確認して直し、もう一度 build してください"
            ),
            Lang::En => eprintln!(
                "error: nothing written: {source} has {errors} error(s); fix them (`procspec \
                 check` shows them all) and build again"
            ),
        }
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
    let (title, asked, excluded, rules, fingerprint) = (
        &spec.procurement.title,
        spec.requirements.len(),
        spec.excluded.len(),
        spec.rules.len(),
        spec.short_fingerprint(),
    );
    let mut text = match spec.lang {
        Lang::Ja => format!(
            "{title}: 要件 {asked}件、除外 {excluded}件、免除規則 {rules}件、指紋 {fingerprint}\n"
        ),
        Lang::En => format!(
            "{title}: {asked} requirement(s) asked, {excluded} excluded, {rules} waiver \
             rule(s); fingerprint {fingerprint}\n"
        ),
    };
    for w in &written {
        let path = w.path.strip_prefix(".").unwrap_or(&w.path).display();
        text.push_str(&match spec.lang {
            Lang::Ja => format!("  書き出し {path}  ({} バイト)\n", w.size),
            Lang::En => format!("  wrote {path}  ({} bytes)\n", w.size),
        });
    }
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Every finding goes to stderr, so that stdout holds only the report of what was written.
fn report_diagnostics(diagnostics: &[procspec::model::Diagnostic], lang: Lang) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{}", procspec::words::diagnostic(lang, d));
    }
}

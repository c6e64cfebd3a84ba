//! `procspec build`: tailor the tender, render every configured output, report what was written.
//!
//! Exit 0 when everything was written (warnings allowed), 1 when the catalog has errors (then
//! nothing is written: a table with errors must not become a tender), 2 when the configuration,
//! a template or a file cannot be read or written (also then nothing is written, because every
//! output is rendered in memory before the first is written).

use std::io::Write;
use std::process::ExitCode;

use procspec::model::{Lang, Severity};
use procspec::procurement::Procurement;

use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> procspec::Result<ExitCode> {
    let procurement = Procurement::open(&args.config.config)?;
    let built = procurement.build(args.out.as_deref())?;
    let (spec, diagnostics) = (&built.tailored.spec, &built.tailored.diagnostics);
    // Every finding goes to stderr, so that stdout holds only the report of what was written.
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{}", procspec::words::diagnostic(spec.lang, d));
    }
    let Some(written) = &built.written else {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let source = procurement.config().catalog.source.display();
        let _ = match spec.lang {
            Lang::Ja => writeln!(
                stderr,
                "error: 何も書き出していません: {source} に {errors} 件のエラーがあります。\
                 `procspec check` で一覧を確認して直し、もう一度 build してください"
            ),
            Lang::En => writeln!(
                stderr,
                "error: nothing written: {source} has {errors} error(s); fix them (`procspec \
                 check` shows them all) and build again"
            ),
        };
        return Ok(ExitCode::from(1));
    };
    drop(stderr);
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
    for w in written {
        let path = procspec::procurement::display(&w.path);
        text.push_str(&match spec.lang {
            Lang::Ja => format!("  書き出し {path}  ({} バイト)\n", w.size),
            Lang::En => format!("  wrote {path}  ({} bytes)\n", w.size),
        });
    }
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

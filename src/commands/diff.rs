//! `procspec diff OLD NEW`: the 新旧対照表 of two revisions of a table (or of two spec.json).
//!
//! Writes diff.md, diff.html and diff.docx (those `--format` names) into the output folder and
//! says what changed; `--format json` prints the comparison on stdout instead. Exit 0 whether
//! or not the revisions differ, 2 when a file cannot be read (the message names it) or the
//! arguments are wrong.

use std::io::Write;
use std::process::ExitCode;

use procspec::config::Format;
use procspec::diff::render::Layout;
use procspec::diff::{Order, Unchanged};
use procspec::model::{Lang, Severity};
use procspec::procurement::{self, Procurement};
use procspec::Error;

use crate::cli::{DiffArgs, DiffFormat, DiffOrder, DiffUnchanged};

pub fn run(args: &DiffArgs) -> procspec::Result<ExitCode> {
    let config_path = &args.config.config;
    // Optional, as for `check FILE`: when it exists, its [diff], [limits], [[rules]], [output]
    // dir and templates/ apply.
    let procurement = if config_path.is_file() {
        Some(Procurement::open(config_path)?)
    } else {
        None
    };
    let labels = args.labels.as_deref().map(parse_labels).transpose()?;
    let diffed = procurement::diff(
        &args.old,
        &args.new,
        args.sheet.as_deref(),
        procurement.as_ref(),
    )?;
    let comparison = &diffed.comparison;
    let lang = comparison.lang;

    // The tables' errors do not stop the comparison (it compares the text as read), but a
    // reader should know: one line a table on stderr, `check` lists them.
    let mut stderr = std::io::stderr().lock();
    for table in [&diffed.old, &diffed.new] {
        let errors = table
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            let message = procspec::words::diff_table_errors(lang, &table.source.file, errors);
            let _ = writeln!(stderr, "warning: {message}");
        }
    }

    let mut config = procurement
        .as_ref()
        .map(|p| p.config().diff.clone())
        .unwrap_or_default();
    if let Some(labels) = labels {
        config.labels = Some(labels);
    }
    if let Some(order) = args.order {
        config.order = match order {
            DiffOrder::NewOld => Order::NewOld,
            DiffOrder::OldNew => Order::OldNew,
        };
    }
    if let Some(unchanged) = args.unchanged {
        config.unchanged = match unchanged {
            DiffUnchanged::Collapse => Unchanged::Collapse,
            DiffUnchanged::Show => Unchanged::Show,
        };
    }
    let layout = Layout::new(&config, lang);

    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        let format = match f {
            DiffFormat::Md => Format::Md,
            DiffFormat::Html => Format::Html,
            DiffFormat::Docx => Format::Docx,
            DiffFormat::Json => continue,
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    let json = args.format.contains(&DiffFormat::Json);
    let out = match (&args.out, &procurement) {
        (Some(out), _) => out.clone(),
        (None, Some(p)) => p.config().resolve(&p.config().output.dir),
        (None, None) => "output".into(),
    };
    let written = if formats.is_empty() {
        Vec::new()
    } else {
        procurement::write_diff(comparison, &layout, &formats, &out, procurement.as_ref())?
    };

    let title = procspec::diff::render::View::new(comparison, &layout).title;
    let mut text = format!(
        "{title}: {}\n",
        procspec::words::diff_summary(lang, &comparison.counts)
    );
    for w in &written {
        let path = procurement::display(&w.path);
        text.push_str(&match lang {
            Lang::Ja => format!("  書き出し {path}  ({} バイト)\n", w.size),
            Lang::En => format!("  wrote {path}  ({} bytes)\n", w.size),
        });
    }
    if json {
        // stdout holds the JSON alone; what was written goes to stderr.
        let _ = write!(stderr, "{text}");
        drop(stderr);
        super::print(&procspec::diff::json(comparison)?)?;
    } else {
        drop(stderr);
        super::print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `新,旧` (or `新、旧`): the new revision's label, then the old one's.
fn parse_labels(text: &str) -> procspec::Result<[String; 2]> {
    let parts: Vec<String> = text
        .split([',', '，', '、'])
        .map(|p| p.trim().to_string())
        .collect();
    match <[String; 2]>::try_from(parts) {
        Ok(labels) if labels.iter().all(|l| !l.is_empty()) => Ok(labels),
        _ => Err(Error::Usage(format!(
            "--labels {text}: give two labels, the new revision's first: --labels 新,旧"
        ))),
    }
}

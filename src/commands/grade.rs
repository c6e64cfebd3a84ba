//! `procspec grade`: grade returned forms, print a table or JSON.
//!
//! Exit codes: 0 every file was graded (whatever the verdicts), 1 some file was unreadable,
//! 2 the command could not run (arguments, configuration, the spec, the output folder).

use std::io::IsTerminal;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use procspec::grade::Grade;
use procspec::model::Lang;
use procspec::procurement::{display, GradeRequest, Procurement};
use procspec::report::Summary;
use procspec::Result;
use unicode_width::UnicodeWidthStr;

use crate::cli::{GradeArgs, OutputFormat};

pub fn run(args: &GradeArgs) -> Result<ExitCode> {
    let procurement = Procurement::open(&args.config.config)?;
    let request = GradeRequest {
        paths: args.paths.clone(),
        out: args.out.clone(),
        worker: std::env::current_exe().ok(),
    };
    let bar = progress();
    let graded = procurement.grade(&request, &|total| {
        bar.set_length(total as u64);
        bar.inc(1);
    })?;
    bar.finish_and_clear();

    let spec = &graded.spec;
    match args.format {
        OutputFormat::Json => super::print(&Summary::new(spec, &graded.grades).to_json()?)?,
        OutputFormat::Text => {
            super::print(&table(&graded.grades, spec.lang))?;
            let (dir, count) = (display(&graded.out), graded.written.files.len());
            match spec.lang {
                Lang::Ja => eprintln!("報告書: {dir}（{count} ファイル）"),
                Lang::En => eprintln!("reports: {dir} ({count} files)"),
            }
        }
    }
    let code = if graded.any_unreadable() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: the grades (a few allocations per cell of every form) are left to
    // it rather than freed one by one (benches/RESULTS.md: a measurable part of a large batch).
    std::mem::forget(graded);
    Ok(code)
}

/// A bar on a terminal; nothing when stderr is a file or a pipe.
fn progress() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// Bidder, verdict, score and the first reason, in aligned columns.
fn table(grades: &[Grade], lang: Lang) -> String {
    let header = [
        lang.pick("入札者", "bidder").to_string(),
        lang.pick("判定", "verdict").to_string(),
        lang.pick("得点", "score").to_string(),
        lang.pick("理由", "reason").to_string(),
    ];
    let rows: Vec<[String; 4]> = grades
        .iter()
        .map(|g| {
            [
                one_line(&g.bidder),
                procspec::words::verdict(lang, g.verdict).to_string(),
                format!("{}/{}", g.score, g.max_score),
                one_line(
                    &g.reasons
                        .first()
                        .map(|r| procspec::words::message(lang, r))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i < 3 {
                out.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.push('\n');
    }
    out
}

/// Bidder text on one terminal line: control characters (escape sequences included) become
/// spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!("abc".width(), 3);
        assert_eq!("株式会社A".width(), 9);
        assert_eq!("○".width(), 1);
        assert_eq!(one_line("a\u{1b}[31mb\nc"), "a [31mb c");
    }
}

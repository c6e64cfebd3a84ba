//! `procspec grade`: grade returned forms in parallel, write the reports, print a table or JSON.
//!
//! Exit codes: 0 every file was graded (whatever the verdicts), 1 some file was unreadable,
//! 2 the command could not run (arguments, configuration, the spec, the output folder).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressStyle};
use procspec::config::Config;
use procspec::finding::Unreadable;
use procspec::grade::{Grade, Grader, Verdict};
use procspec::isolate;
use procspec::model::Lang;
use procspec::report::{self, AuditFile, Summary};
use procspec::spec::{sha256_hex, Spec};
use procspec::{Error, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::cli::{GradeArgs, OutputFormat};

/// The extensions of the workbooks a folder is searched for.
const FORM_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

pub fn run(args: &GradeArgs) -> Result<ExitCode> {
    let config = Config::load(&args.config.config)?;
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => config.resolve(&config.grading.out),
    };
    let files = collect(&args.paths, &config, &out)?;

    // .xlsx forms are read here, .xls and .ods by worker processes of this binary, bounded in
    // memory and time (without a path to the binary, here under the guard's checks). The first
    // files are read while the Spec is resolved (for one large form that is half the wait):
    // reading needs no language, its findings are values worded in the reports.
    let readers = isolate::Readers::new(std::env::current_exe().ok(), config.limits);
    let ahead = files.len().min(rayon::current_num_threads());
    let (spec, early) = rayon::join(
        || procspec::tailor::resolve(&config).map(|t| t.spec),
        || {
            files[..ahead]
                .par_iter()
                .map(|path| read_file(&readers, path))
                .collect::<Vec<_>>()
        },
    );
    let spec = spec?;
    let mut early: Vec<Option<Read>> = early.into_iter().map(Some).collect();
    early.resize_with(files.len(), || None);

    let grader = Grader::new(&spec, &config.grading.answers);
    let bar = progress(files.len());
    let grades: Vec<Grade> = files
        .par_iter()
        .zip(early)
        .map(|(path, read)| {
            let (file, read) = read.unwrap_or_else(|| read_file(&readers, path));
            // A form read carries the SHA-256 of the bytes read; one that could not be is
            // hashed here for its grade and the audit.
            let grade = match read {
                Ok(response) => grader.grade(&response),
                Err(e) => match hash_file(path) {
                    Ok(sha256) => grader.grade_read(&file, &sha256, Err(e)),
                    Err(io) => grader.unreadable(
                        &file,
                        "",
                        Unreadable::Io {
                            detail: io.to_string(),
                        },
                    ),
                },
            };
            bar.inc(1);
            grade
        })
        .collect();
    bar.finish_and_clear();

    let time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let sources = sources(&config, &spec);
    let written = report::write(&out, &spec, &grades, sources, report::rfc3339(time))?;

    match args.format {
        OutputFormat::Json => super::print(&Summary::new(&spec, &grades).to_json()?)?,
        OutputFormat::Text => {
            super::print(&table(&grades, spec.lang))?;
            let (dir, count) = (display(&out), written.files.len());
            match spec.lang {
                Lang::Ja => eprintln!("報告書: {dir}（{count} ファイル）"),
                Lang::En => eprintln!("reports: {dir} ({count} files)"),
            }
        }
    }
    let unreadable = grades.iter().any(|g| g.verdict == Verdict::Unreadable);
    // The process ends here: the grades (a few allocations per cell of every form) are left to
    // it rather than freed one by one, which took 0.15 s after the reports of 1,000 forms.
    std::mem::forget(grades);
    if unreadable {
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// The files to grade: named files as they are, folders searched (not recursively) for
/// workbooks, skipping office lock files and the reports folder. Sorted, without repeats.
fn collect(paths: &[PathBuf], config: &Config, out: &Path) -> Result<Vec<PathBuf>> {
    let defaulted = paths.is_empty();
    let paths = if defaulted {
        vec![config.resolve(&config.grading.responses)]
    } else {
        paths.to_vec()
    };
    let out = out.canonicalize().ok();
    let mut files = Vec::new();
    for path in &paths {
        if path.is_dir() {
            if path.canonicalize().ok() == out && out.is_some() {
                continue;
            }
            let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_form_name(p))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else if defaulted {
            return Err(Error::Usage(format!(
                "{}: no such folder; put the returned forms there ([grading] responses in {}), \
                 or name them: procspec grade FILE…",
                display(path),
                display(&config.path)
            )));
        } else {
            return Err(Error::Usage(format!(
                "{}: no such file or folder",
                display(path)
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    if files.is_empty() {
        let places: Vec<String> = paths.iter().map(|p| display(p)).collect();
        return Err(Error::Usage(format!(
            "no returned forms (.xlsx .xlsm .xls .ods) in {}",
            places.join(", ")
        )));
    }
    Ok(files)
}

/// A workbook by its extension, and not a lock file Excel (`~$a.xlsx`) or LibreOffice
/// (`.~lock.a.xlsx#`) leaves beside an open file.
fn is_form_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$") && !name.starts_with('.') && FORM_EXTENSIONS.contains(&ext.as_str())
}

/// A file's display name and what reading it (in a limited child process) gave.
type Read = (String, Result<procspec::response::Response>);

/// Reads one file; whatever goes wrong becomes an unreadable grade, so that one bad file never
/// stops the batch.
fn read_file(readers: &isolate::Readers, path: &Path) -> Read {
    let file = display(path);
    let read = readers.read(path, &file);
    (file, read)
}

/// SHA-256 of a file, streamed: the hash is recorded for any file, however large.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// procspec.toml and the catalog, for audit.json.
fn sources(config: &Config, spec: &Spec) -> Vec<AuditFile> {
    let mut out = Vec::new();
    if let Ok(bytes) = std::fs::read(&config.path) {
        out.push(AuditFile {
            file: display(&config.path),
            sha256: sha256_hex(&bytes),
        });
    }
    out.push(AuditFile {
        file: spec.catalog.source.clone(),
        sha256: spec.catalog.sha256.clone(),
    });
    out
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
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i < 3 {
                out.push_str(&" ".repeat(widths[i] - width(cell) + 2));
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

/// Terminal columns of a text: East Asian wide and full-width characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// A path for messages, without a leading `./`.
fn display(path: &Path) -> String {
    let text = path.display().to_string();
    match text.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_and_other_files_are_not_forms() {
        assert!(is_form_name(Path::new("a/A社.xlsx")));
        assert!(is_form_name(Path::new("B.ODS")));
        assert!(is_form_name(Path::new("c.xls")));
        assert!(!is_form_name(Path::new("~$A社.xlsx")));
        assert!(!is_form_name(Path::new(".~lock.A社.xlsx#")));
        assert!(!is_form_name(Path::new("notes.txt")));
        assert!(!is_form_name(Path::new("form")));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("株式会社A"), 9);
        assert_eq!(width("○"), 1);
        assert_eq!(one_line("a\u{1b}[31mb\nc"), "a [31mb c");
    }
}

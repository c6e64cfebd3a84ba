//! Reports of grades: one report per bidder (Markdown, HTML, JSON), the comparison across
//! bidders (`summary.xlsx`, `summary.html`, `summary.json`) and `audit.json`.
//!
//! Everything a bidder wrote is untrusted: it is escaped in HTML and Markdown (the templates
//! escape every value unless marked safe) and written to xlsx only as strings. All files are
//! written atomically. Apart from the time in `audit.json`, the same grades give byte-identical
//! reports.

mod text;
mod xlsx;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade};

use crate::output::{stage, stage_with, Staged};
use crate::spec::{Spec, SpecRequirement};

/// The document `grade --format json` prints and `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// The fingerprint of the Spec the forms were graded against.
    pub fingerprint: &'a str,
    pub bidders: &'a [Grade],
}

impl<'a> Summary<'a> {
    pub fn new(spec: &'a Spec, grades: &'a [Grade]) -> Summary<'a> {
        Summary {
            fingerprint: &spec.fingerprint,
            bidders: grades,
        }
    }

    pub fn to_json(&self) -> Result<String> {
        let mut json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Usage(format!("cannot write the grades as JSON: {e}")))?;
        json.push('\n');
        Ok(json)
    }
}

/// A file graded or read, with its hash, for `audit.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFile {
    pub file: String,
    pub sha256: String,
}

/// `audit.json`: what was graded, against what, by which version of the tool, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub tool: &'static str,
    pub version: &'static str,
    /// When grading ran (RFC 3339, UTC): the one clock time procspec writes.
    pub time: String,
    /// The fingerprint of the Spec the forms were graded against.
    pub fingerprint: String,
    /// procspec.toml and the catalog the Spec was resolved from.
    pub sources: Vec<AuditFile>,
    pub responses: Vec<AuditResponse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditResponse {
    pub file: String,
    pub sha256: String,
    pub bidder: String,
    pub verdict: crate::grade::Verdict,
    pub score: u32,
    /// The per-bidder reports, relative to the output folder, without extension.
    pub report: String,
}

/// What [`write`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// Every file written, in the order written.
    pub files: Vec<PathBuf>,
    /// Per grade, the base of its reports relative to the output folder (`bidders/a社`).
    pub reports: Vec<String>,
}

/// Writes every report of `grades` into `out`. `sources` are procspec.toml and the catalog;
/// `time` is the RFC 3339 time put in `audit.json`.
pub fn write(
    out: &Path,
    spec: &Spec,
    grades: &[Grade],
    sources: Vec<AuditFile>,
    time: String,
) -> Result<Written> {
    let reports = report_names(grades);
    // Each bidder's reports are rendered and staged on their own (in parallel: for a batch of
    // hundreds of forms this is most of the time `grade` spends after reading), then listed in
    // the order of the grades; the comparison across bidders is rendered alongside. Nothing is
    // in place until every file is written (`output::commit`). The bidders' JSON comes first,
    // and summary.json, which lists it all, right after: the largest file is then on its way to
    // the disk while the Markdown and HTML are rendered, not last in the commit's wait.
    let bidders = || -> Result<Vec<Staged>> {
        let jsons: Vec<Result<(Staged, String)>> = grades
            .par_iter()
            .zip(&reports)
            .map(|(grade, base)| {
                let mut json = serde_json::to_string_pretty(grade)
                    .map_err(|e| Error::Usage(format!("cannot write the grade as JSON: {e}")))?;
                json.push('\n');
                let staged = stage(&out.join(format!("{base}.json")), json.as_bytes())?;
                Ok((staged, nested(json.trim_end())))
            })
            .collect();
        let mut json_files = Vec::with_capacity(grades.len());
        let mut nested_jsons = Vec::with_capacity(grades.len());
        for result in jsons {
            let (file, json) = result?;
            json_files.push(file);
            nested_jsons.push(json);
        }
        let summary = stage_with(&out.join("summary.json"), |w| {
            summary_json(w, &spec.fingerprint, &nested_jsons)
        })?;
        drop(nested_jsons);
        let pages: Vec<Result<[Staged; 2]>> = grades
            .par_iter()
            .zip(&reports)
            .map(|(grade, base)| {
                let (md, html) = text::bidder(spec, grade)?;
                Ok([
                    stage(&out.join(format!("{base}.md")), md.as_bytes())?,
                    stage(&out.join(format!("{base}.html")), html.as_bytes())?,
                ])
            })
            .collect();
        let mut staged = Vec::with_capacity(grades.len() * 3 + 1);
        for (json, pages) in json_files.into_iter().zip(pages) {
            let [md, html] = pages?;
            staged.extend([json, md, html]);
        }
        staged.push(summary);
        Ok(staged)
    };
    // The other summaries side by side: for one large form they are the longest part.
    let summaries = || -> Result<[Staged; 2]> {
        let (html, xlsx) = rayon::join(
            || text::summary_html(spec, grades, &reports),
            || xlsx::summary(spec, grades, &out.join("summary.xlsx")),
        );
        Ok([
            stage(&out.join("summary.html"), html?.as_bytes())?,
            stage(&out.join("summary.xlsx"), &xlsx?)?,
        ])
    };
    let (per_bidder, summaries) = rayon::join(bidders, summaries);
    let mut staged = per_bidder?;
    staged.extend(summaries?);
    let audit = Audit {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        time,
        fingerprint: spec.fingerprint.clone(),
        sources,
        responses: grades
            .iter()
            .zip(&reports)
            .map(|(g, base)| AuditResponse {
                file: g.file.clone(),
                sha256: g.sha256.clone(),
                bidder: g.bidder.clone(),
                verdict: g.verdict,
                score: g.score,
                report: base.clone(),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&audit)
        .map_err(|e| Error::Usage(format!("cannot write audit.json: {e}")))?;
    staged.push(stage(
        &out.join("audit.json"),
        format!("{json}\n").as_bytes(),
    )?);
    let files = crate::output::commit(staged)?;
    Ok(Written { files, reports })
}

/// A bidder's JSON as [`serde_json::to_string_pretty`] writes a [`Grade`], nested in
/// `summary.json`'s list: a pretty document nested two levels deeper is the same lines indented
/// by four spaces, since JSON text holds no raw line break. Done beside each bidder's reports,
/// so that only the copying is left for `summary.json` itself.
fn nested(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    for (i, line) in json.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// `summary.json` from the bidders' JSON, each [`nested`]: the bytes [`Summary::to_json`]
/// gives, without serialising every grade a second time.
fn summary_json(w: &mut dyn Write, fingerprint: &str, bidders: &[String]) -> std::io::Result<()> {
    write!(
        w,
        "{{\n  \"fingerprint\": {}",
        serde_json::Value::from(fingerprint)
    )?;
    if bidders.is_empty() {
        return w.write_all(b",\n  \"bidders\": []\n}\n");
    }
    w.write_all(b",\n  \"bidders\": [\n")?;
    for (i, json) in bidders.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        w.write_all(json.as_bytes())?;
    }
    w.write_all(b"\n  ]\n}\n")
}

/// A grade's row for the `index`-th requirement of the Spec, `req`. A grade lists the Spec's
/// requirements in its order (an unreadable file's lists none), so the row is looked up by
/// position; the id is checked, and searched for should that ever not hold.
fn row_of<'g>(
    grade: &'g Grade,
    index: usize,
    req: &SpecRequirement,
) -> Option<&'g RequirementGrade> {
    match grade.requirements.get(index) {
        Some(r) if r.id == req.id => Some(r),
        _ => grade.requirements.iter().find(|r| r.id == req.id),
    }
}

/// `bidders/<file name>`, made safe for every file system and unique within the batch.
fn report_names(grades: &[Grade]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    grades
        .iter()
        .map(|g| {
            let stem = Path::new(&g.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut safe: String = stem
                .chars()
                .map(|c| {
                    if c.is_control() || c.is_whitespace() || "#?%<>:\"/\\|*&'`".contains(c) {
                        '_'
                    } else {
                        c
                    }
                })
                .take(80)
                .collect();
            let trimmed = safe.trim_start_matches('.');
            if trimmed.is_empty() {
                safe = "response".to_string();
            } else {
                safe = trimmed.to_string();
            }
            let mut name = safe.clone();
            let mut n = 2;
            // Case-insensitive file systems would merge `A.xlsx` and `a.xlsx`.
            while !taken.insert(name.to_lowercase()) {
                name = format!("{safe}-{n}");
                n += 1;
            }
            format!("bidders/{name}")
        })
        .collect()
}

/// `2026-11-28T13:24:00Z` for seconds since the Unix epoch.
pub fn rfc3339(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    let (year, month, day) = crate::spec::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests;

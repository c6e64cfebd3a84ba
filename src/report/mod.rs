//! Reports of grades: one report per bidder (Markdown, HTML, JSON), the comparison across
//! bidders (`summary.xlsx`, `summary.html`, `summary.json`) and `audit.json`.
//!
//! `summary.json` is the comparison, as the other two summaries are: verdicts, scores, reasons
//! and the status matrix, each bidder pointing to its own report for the detail. Every grade in
//! full, in one document, is what `grade --format json` prints ([`Summary`]).
//!
//! Everything a bidder wrote is untrusted: it is escaped in HTML and Markdown (the templates
//! escape every value unless marked safe) and written to xlsx only as strings. All files are
//! written atomically. Apart from the time in `audit.json`, the same grades give byte-identical
//! reports.

mod json;
mod text;
mod xlsx;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade};
pub use json::{FindingOut, GradeOut, RequirementOut};
pub(crate) use text::Labels;

use crate::output::{stage, Staged};
use crate::render::{Render, Templates};
use crate::spec::{Spec, SpecRequirement};

/// The document `grade --format json` prints: every grade in full.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// The fingerprint of the Spec the forms were graded against.
    pub fingerprint: &'a str,
    pub bidders: Vec<GradeOut<'a>>,
}

impl<'a> Summary<'a> {
    pub fn new(spec: &'a Spec, grades: &'a [Grade]) -> Summary<'a> {
        Summary {
            fingerprint: &spec.fingerprint,
            bidders: grades.iter().map(|g| GradeOut::new(spec.lang, g)).collect(),
        }
    }

    pub fn to_json(&self) -> Result<String> {
        let mut json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Usage(format!("cannot write the grades as JSON: {e}")))?;
        json.push('\n');
        Ok(json)
    }
}

/// `summary.json`: the comparison across bidders. The requirements in the Spec's order, and per
/// bidder its verdict, score and reasons, where its reports are, and one status per requirement
/// in that order (none for a file that could not be graded: see its verdict).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison<'a> {
    /// The fingerprint of the Spec the forms were graded against.
    pub fingerprint: &'a str,
    pub requirements: Vec<ComparedRequirement<'a>>,
    pub bidders: Vec<ComparedBidder<'a>>,
}

/// A row of the comparison: which requirement, and what it is worth.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedRequirement<'a> {
    pub id: &'a str,
    pub label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub level: crate::model::Level,
    /// Points it earns when met (optional requirements).
    pub points: u32,
}

/// A column of the comparison: one bidder.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedBidder<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    pub bidder: &'a str,
    pub verdict: crate::grade::Verdict,
    pub score: u32,
    pub max_score: u32,
    pub summary: String,
    pub reasons: Vec<crate::words::WordedReason>,
    /// Its reports, relative to the output folder, without extension (`bidders/a社`: `.json`
    /// holds every requirement's answer, notes and cell).
    pub report: &'a str,
    /// Per requirement of the comparison, in its order; `null` where the bidder's grade has no
    /// row for it (a file that could not be graded).
    pub statuses: Vec<Option<crate::grade::Status>>,
}

impl<'a> Comparison<'a> {
    /// `reports` are the bases of the bidders' reports, one per grade.
    pub fn new(spec: &'a Spec, grades: &'a [Grade], reports: &'a [String]) -> Comparison<'a> {
        Comparison {
            fingerprint: &spec.fingerprint,
            requirements: spec
                .requirements
                .iter()
                .map(|r| ComparedRequirement {
                    id: &r.id,
                    label: &r.label,
                    title: r.title.as_deref(),
                    level: r.level,
                    points: r.points,
                })
                .collect(),
            bidders: grades
                .iter()
                .zip(reports)
                .map(|(g, report)| ComparedBidder {
                    file: &g.file,
                    sha256: &g.sha256,
                    bidder: &g.bidder,
                    verdict: g.verdict,
                    score: g.score,
                    max_score: g.max_score,
                    summary: crate::words::summary(spec.lang, g),
                    reasons: json::reasons(spec.lang, &g.reasons),
                    report,
                    statuses: spec
                        .requirements
                        .iter()
                        .enumerate()
                        .map(|(i, req)| row_of(g, i, req).map(|r| r.status))
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> Result<Vec<u8>> {
        json_file(self, "summary.json")
    }
}

/// `value` as a pretty JSON file, ending with a line break; `what` names it in the error.
fn json_file(value: &impl Serialize, what: &str) -> Result<Vec<u8>> {
    let mut json = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Usage(format!("cannot write {what}: {e}")))?;
    json.push(b'\n');
    Ok(json)
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

/// What a bidder's reports are rendered from. Its Markdown and HTML reports show one page of
/// values, made once for both.
pub struct BidderContext<'a> {
    pub templates: &'a Templates,
    pub spec: &'a Spec,
    pub grade: &'a Grade,
    page: OnceLock<text::Page<'a>>,
}

impl<'a> BidderContext<'a> {
    pub fn new(templates: &'a Templates, spec: &'a Spec, grade: &'a Grade) -> Self {
        BidderContext {
            templates,
            spec,
            grade,
            page: OnceLock::new(),
        }
    }

    fn page(&self) -> &text::Page<'a> {
        self.page
            .get_or_init(|| text::Page::new(self.spec, self.grade))
    }
}

/// What the reports of the whole batch are rendered from: the comparison across bidders and the
/// audit.
pub struct BatchContext<'a> {
    pub templates: &'a Templates,
    pub spec: &'a Spec,
    pub grades: &'a [Grade],
    /// Per grade, the base of its reports relative to the output folder (`bidders/a社`).
    pub reports: &'a [String],
    /// The folder written to, for messages.
    pub out: &'a Path,
    /// procspec.toml and the catalog, for `audit.json`.
    pub sources: &'a [AuditFile],
    /// The RFC 3339 time put in `audit.json`.
    pub time: &'a str,
}

/// `bidders/NAME.json`: the grade in full, worded.
pub struct BidderJson;
/// `bidders/NAME.md`, from the `grade/bidder.md` template.
pub struct BidderMarkdown;
/// `bidders/NAME.html`, from the `grade/bidder.html` template.
pub struct BidderHtml;
/// `summary.json`: the comparison ([`Comparison`]).
pub struct SummaryJson;
/// `summary.html`, from the `grade/summary.html` template.
pub struct SummaryHtml;
/// `summary.xlsx`: verdicts, then the matrix requirements × bidders with coloured statuses.
pub struct SummaryXlsx;
/// `audit.json` ([`Audit`]).
pub struct AuditJson;

/// A report of one bidder.
pub type BidderReport = dyn for<'a> Render<BidderContext<'a>>;
/// A report of the batch.
pub type BatchReport = dyn for<'a> Render<BatchContext<'a>>;

/// Every report of one bidder, by the extension of its file (`bidders/NAME.EXT`): the one list
/// of them. The JSON, the largest, comes first: it is on its way to the disk while the pages are
/// rendered.
pub const BIDDER_REPORTS: [(&str, &BidderReport); 3] = [
    ("json", &BidderJson),
    ("md", &BidderMarkdown),
    ("html", &BidderHtml),
];

/// Every report of the batch, by its file name: the one list of them.
pub const BATCH_REPORTS: [(&str, &BatchReport); 4] = [
    ("summary.json", &SummaryJson),
    ("summary.html", &SummaryHtml),
    ("summary.xlsx", &SummaryXlsx),
    ("audit.json", &AuditJson),
];

impl Render<BidderContext<'_>> for BidderJson {
    fn render(&self, cx: &BidderContext<'_>) -> Result<Vec<u8>> {
        json_file(&GradeOut::new(cx.spec.lang, cx.grade), "the grade as JSON")
    }
}

impl Render<BidderContext<'_>> for BidderMarkdown {
    fn render(&self, cx: &BidderContext<'_>) -> Result<Vec<u8>> {
        let engine = text::Engine::of(cx.templates);
        Ok(text::bidder_markdown(engine, cx.page())?.into_bytes())
    }
}

impl Render<BidderContext<'_>> for BidderHtml {
    fn render(&self, cx: &BidderContext<'_>) -> Result<Vec<u8>> {
        let engine = text::Engine::of(cx.templates);
        Ok(text::bidder_html(engine, cx.page())?.into_bytes())
    }
}

impl Render<BatchContext<'_>> for SummaryJson {
    fn render(&self, cx: &BatchContext<'_>) -> Result<Vec<u8>> {
        Comparison::new(cx.spec, cx.grades, cx.reports).to_json()
    }
}

impl Render<BatchContext<'_>> for SummaryHtml {
    fn render(&self, cx: &BatchContext<'_>) -> Result<Vec<u8>> {
        Ok(text::summary_html(cx.templates, cx.spec, cx.grades, cx.reports)?.into_bytes())
    }
}

impl Render<BatchContext<'_>> for SummaryXlsx {
    fn render(&self, cx: &BatchContext<'_>) -> Result<Vec<u8>> {
        xlsx::summary(cx.spec, cx.grades, &cx.out.join("summary.xlsx"))
    }
}

impl Render<BatchContext<'_>> for AuditJson {
    fn render(&self, cx: &BatchContext<'_>) -> Result<Vec<u8>> {
        let audit = Audit {
            tool: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            time: cx.time.to_string(),
            fingerprint: cx.spec.fingerprint.clone(),
            sources: cx.sources.to_vec(),
            responses: cx
                .grades
                .iter()
                .zip(cx.reports)
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
        json_file(&audit, "audit.json")
    }
}

/// Writes every report of `grades` into `out` ([`BIDDER_REPORTS`] per bidder, then
/// [`BATCH_REPORTS`]). `sources` are procspec.toml and the catalog; `time` is the RFC 3339 time
/// put in `audit.json`.
pub fn write(
    out: &Path,
    templates: &Templates,
    spec: &Spec,
    grades: &[Grade],
    sources: Vec<AuditFile>,
    time: String,
) -> Result<Written> {
    let reports = report_names(grades);
    // Each bidder's reports are rendered and staged on their own (in parallel: for a batch of
    // hundreds of forms this is most of the time `grade` spends after reading), then listed in
    // the order of the grades; the reports of the batch are rendered alongside, side by side
    // (for one large form they are the longest part). Nothing is in place until every file is
    // written (`output::commit`).
    let bidders = || -> Result<Vec<Staged>> {
        let staged: Vec<Result<Vec<Staged>>> = grades
            .par_iter()
            .zip(&reports)
            .map(|(grade, base)| {
                let cx = BidderContext::new(templates, spec, grade);
                BIDDER_REPORTS
                    .iter()
                    .map(|(ext, report)| {
                        stage(&out.join(format!("{base}.{ext}")), &report.render(&cx)?)
                    })
                    .collect()
            })
            .collect();
        let mut all = Vec::with_capacity(grades.len() * BIDDER_REPORTS.len());
        for one in staged {
            all.extend(one?);
        }
        Ok(all)
    };
    let cx = BatchContext {
        templates,
        spec,
        grades,
        reports: &reports,
        out,
        sources: &sources,
        time: &time,
    };
    let batch = || -> Result<Vec<Staged>> {
        BATCH_REPORTS
            .par_iter()
            .map(|(name, report)| stage(&out.join(name), &report.render(&cx)?))
            .collect()
    };
    let (per_bidder, batch) = rayon::join(bidders, batch);
    let mut staged = per_bidder?;
    staged.extend(batch?);
    let files = crate::output::commit(staged)?;
    remove_stale(&out.join("bidders"), &files)?;
    Ok(Written { files, reports })
}

/// Removes the reports an earlier run left in `bidders` that this run did not write (of a file
/// since removed or renamed), so that the folder holds this run's reports only. Only report
/// files (`.md`, `.html`, `.json`) are touched; a missing folder is nothing to do.
fn remove_stale(bidders: &Path, written: &[PathBuf]) -> Result<()> {
    let entries = match std::fs::read_dir(bidders) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(bidders, e)),
    };
    let written: std::collections::HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(bidders, e))?.path();
        let report = path
            .extension()
            .is_some_and(|e| e == "md" || e == "html" || e == "json");
        if report && path.is_file() && !written.contains(path.as_path()) {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
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

/// `2026-11-28T13:24:00Z` for seconds since the Unix epoch (RFC 3339, UTC, whole seconds).
pub fn rfc3339(unix_seconds: u64) -> String {
    let seconds = i64::try_from(unix_seconds).unwrap_or(i64::MAX);
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::MAX)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests;

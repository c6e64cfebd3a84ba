//! The Markdown and HTML reports, rendered from the templates `grade/bidder.md`,
//! `grade/bidder.html` and `grade/summary.html` (the repository's `templates/grade/`).
//!
//! Why two engines. The built-in templates are compiled into the binary by askama; a
//! procurement that puts a file of its own under `templates/grade/` gets every grade report
//! rendered by tera from its templates, as the spec documents always are. Measured on 1,000
//! forms of 200 requirements (benches/RESULTS.md, 2026-12-02), tera took about 1.5x the CPU
//! of the whole `grade` run that askama does (6.0-6.5 s user against 4.0-4.3 s, peak memory
//! 410 MiB against 300 MiB): a batch's reports are most of its work. So the built-ins are
//! written in what both engines read alike (`{% if x != "" %}`, `{% if loop.last %}{% else %}`,
//! values prepared in the page rather than filters), escaped alike ([`crate::render::HtmlEscaper`]
//! is tera's HTML escaping, [`crate::render::markdown::Escaper`] the one Markdown escaper), and a
//! test renders each with both engines and compares the bytes.
//!
//! Every value is escaped for the format it lands in unless a template marks it `safe`:
//! forgetting a filter in a template cannot let a bidder's text through raw.

use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade, Status};
use crate::model::{Diagnostic, Lang, Level};
use crate::render::Templates;
use crate::spec::Spec;
use crate::words;

/// `reports` are the per-bidder report bases, relative to the output folder.
pub fn summary_html(
    templates: &Templates,
    spec: &Spec,
    grades: &[Grade],
    reports: &[String],
) -> Result<String> {
    summary_html_in(Engine::of(templates), spec, grades, reports)
}

/// [`summary_html`] by `engine`.
pub(super) fn summary_html_in(
    engine: Engine<'_>,
    spec: &Spec,
    grades: &[Grade],
    reports: &[String],
) -> Result<String> {
    let lang = spec.lang;
    let bidders = grades
        .iter()
        .zip(reports)
        .map(|(g, report)| BidderLine {
            bidder: &g.bidder,
            file: &g.file,
            verdict: crate::words::verdict(lang, g.verdict),
            verdict_name: g.verdict.name(),
            score: g.score,
            max_score: g.max_score,
            reason: g
                .reasons
                .first()
                .map(|r| words::message(lang, r))
                .unwrap_or_default(),
            report: format!("{report}.html"),
        })
        .collect();
    let matrix = spec
        .requirements
        .iter()
        .enumerate()
        .map(|(i, req)| MatrixRow {
            label: &req.label,
            title: req.title.as_deref().unwrap_or(""),
            level: req.level.label(lang),
            points: if req.level == Level::Optional {
                req.points.to_string()
            } else {
                String::new()
            },
            cells: grades
                .iter()
                .map(|g| match super::row_of(g, i, req) {
                    Some(r) => Cell {
                        status: crate::words::status(lang, r.status),
                        status_name: css_class(r),
                        cell: &r.cell,
                    },
                    None => Cell {
                        status: crate::words::verdict(lang, g.verdict),
                        status_name: g.verdict.name(),
                        cell: "",
                    },
                })
                .collect(),
        })
        .collect();
    let page = SummaryHtml {
        head: Head::new(spec),
        bidders,
        matrix,
    };
    match engine {
        Engine::Compiled => compiled("grade/summary.html", &SummaryHtmlPage { doc: &page }),
        Engine::Tera(t) => render(t, "grade/summary.html", &Templates::context(&page)),
    }
}

/// Which engine renders the grade reports of a procurement.
#[derive(Clone, Copy)]
pub(super) enum Engine<'t> {
    /// The built-in templates, compiled.
    Compiled,
    /// The procurement's templates (and the built-ins it does not replace), by tera.
    Tera(&'t Templates),
}

impl<'t> Engine<'t> {
    pub(super) fn of(templates: &'t Templates) -> Self {
        if templates.overrides("grade/") {
            Engine::Tera(templates)
        } else {
            Engine::Compiled
        }
    }
}

/// A bidder's page, made once for its Markdown and its HTML report (and copied into tera's
/// tree once, where tera renders them).
pub(super) struct Page<'a> {
    page: BidderPage<'a>,
    context: OnceLock<tera::Context>,
}

impl<'a> Page<'a> {
    pub(super) fn new(spec: &'a Spec, grade: &'a Grade) -> Self {
        Page {
            page: bidder_page(spec, grade),
            context: OnceLock::new(),
        }
    }

    fn context(&self) -> &tera::Context {
        self.context.get_or_init(|| Templates::context(&self.page))
    }
}

/// `bidders/NAME.md`.
pub(super) fn bidder_markdown(engine: Engine<'_>, page: &Page<'_>) -> Result<String> {
    match engine {
        Engine::Compiled => compiled("grade/bidder.md", &BidderMd { doc: &page.page }),
        Engine::Tera(t) => render(t, "grade/bidder.md", page.context()),
    }
}

/// `bidders/NAME.html`.
pub(super) fn bidder_html(engine: Engine<'_>, page: &Page<'_>) -> Result<String> {
    match engine {
        Engine::Compiled => compiled("grade/bidder.html", &BidderHtml { doc: &page.page }),
        Engine::Tera(t) => render(t, "grade/bidder.html", page.context()),
    }
}

/// The head's fields (`doc.labels`, `doc.title`) are the page's too: flattened for tera, reached
/// through `Deref` by askama's field access.
impl<'a> std::ops::Deref for BidderPage<'a> {
    type Target = Head<'a>;
    fn deref(&self) -> &Head<'a> {
        &self.head
    }
}

impl<'a> std::ops::Deref for SummaryHtml<'a> {
    type Target = Head<'a>;
    fn deref(&self) -> &Head<'a> {
        &self.head
    }
}

#[derive(askama::Template)]
#[template(path = "grade/bidder.md")]
struct BidderMd<'p, 'a> {
    doc: &'p BidderPage<'a>,
}

#[derive(askama::Template)]
#[template(path = "grade/bidder.html")]
struct BidderHtml<'p, 'a> {
    doc: &'p BidderPage<'a>,
}

#[derive(askama::Template)]
#[template(path = "grade/summary.html")]
struct SummaryHtmlPage<'p, 'a> {
    doc: &'p SummaryHtml<'a>,
}

/// A compiled built-in rendered.
fn compiled(name: &str, template: &impl askama::Template) -> Result<String> {
    let text = template.render().map_err(|e| Error::Template {
        name: format!("built-in {name}"),
        message: e.to_string(),
    })?;
    Ok(one_text(text))
}

/// A report as a file holds it, whichever engine rendered it: without the blank lines a
/// template's head comment leaves before it, ending with one line break (askama drops the one a
/// template file ends with, tera keeps it).
fn one_text(text: String) -> String {
    let mut text = text
        .trim_start_matches('\n')
        .trim_end_matches('\n')
        .to_string();
    text.push('\n');
    text
}

/// What every report shows: its language, labels and the procurement.
#[derive(Serialize)]
struct Head<'a> {
    lang: &'static str,
    labels: &'static Labels,
    title: &'a str,
    fingerprint: &'a str,
}

impl<'a> Head<'a> {
    fn new(spec: &'a Spec) -> Head<'a> {
        Head {
            lang: match spec.lang {
                Lang::Ja => "ja",
                Lang::En => "en",
            },
            labels: Labels::new(spec.lang),
            title: &spec.procurement.title,
            fingerprint: &spec.fingerprint,
        }
    }
}

/// The values of a bidder's reports; both templates render the same page (`doc`).
#[derive(Serialize)]
struct BidderPage<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    grade: GradeHead<'a>,
    verdict: &'static str,
    verdict_name: &'static str,
    /// The grade's reasons, in the Spec's language.
    reasons: Vec<String>,
    rows: Vec<Row<'a>>,
    findings: Vec<Finding>,
    has_rows: bool,
    has_findings: bool,
}

/// What a report shows of a grade above its rows.
#[derive(Serialize)]
struct GradeHead<'a> {
    bidder: &'a str,
    file: &'a str,
    sha256: &'a str,
    score: u32,
    max_score: u32,
    /// What the bidder wrote in the form's head; empty where it wrote nothing.
    representative: &'a str,
    contact: &'a str,
    date: &'a str,
}

/// The comparison across bidders (`doc` of `grade/summary.html`).
#[derive(Serialize)]
struct SummaryHtml<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    bidders: Vec<BidderLine<'a>>,
    matrix: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
struct BidderLine<'a> {
    bidder: &'a str,
    file: &'a str,
    verdict: &'a str,
    verdict_name: &'a str,
    score: u32,
    max_score: u32,
    reason: String,
    report: String,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    label: &'a str,
    title: &'a str,
    level: &'a str,
    points: String,
    cells: Vec<Cell<'a>>,
}

#[derive(Serialize)]
struct Cell<'a> {
    status: &'a str,
    status_name: &'a str,
    cell: &'a str,
}

#[derive(Serialize)]
struct Row<'a> {
    label: &'a str,
    title: &'a str,
    level: &'a str,
    cell: &'a str,
    status: &'a str,
    status_name: &'a str,
    explanation: &'a str,
    reference: &'a str,
    notes: Vec<String>,
    /// The notes on one line, ` / ` between them (the Markdown table's cell).
    notes_line: String,
}

#[derive(Serialize)]
struct Finding {
    severity: String,
    /// `file!Sheet!F12: `, or empty.
    place: String,
    message: String,
    /// Empty where there is nothing to do.
    hint: String,
}

/// A template rendered by tera.
fn render(templates: &Templates, name: &str, page: &tera::Context) -> Result<String> {
    Ok(one_text(templates.render_context(name, page)?))
}

fn bidder_page<'a>(spec: &'a Spec, grade: &'a Grade) -> BidderPage<'a> {
    let lang = spec.lang;
    BidderPage {
        head: Head::new(spec),
        grade: GradeHead {
            bidder: &grade.bidder,
            file: &grade.file,
            sha256: &grade.sha256,
            score: grade.score,
            max_score: grade.max_score,
            representative: field(&grade.form.representative),
            contact: field(&grade.form.contact),
            date: field(&grade.form.date),
        },
        verdict: crate::words::verdict(lang, grade.verdict),
        verdict_name: grade.verdict.name(),
        rows: grade
            .requirements
            .iter()
            .map(|r| Row {
                label: &r.label,
                title: r.title.as_deref().unwrap_or(""),
                level: r.level.label(lang),
                cell: &r.cell,
                status: crate::words::status(lang, r.status),
                status_name: css_class(r),
                explanation: &r.explanation,
                reference: &r.reference,
                notes: r.notes.iter().map(|n| words::message(lang, n)).collect(),
                notes_line: String::new(),
            })
            .map(|mut row| {
                row.notes_line = row.notes.join(" / ");
                row
            })
            .collect(),
        reasons: grade
            .reasons
            .iter()
            .map(|r| words::message(lang, r))
            .collect(),
        findings: grade.findings.iter().map(|d| finding(lang, d)).collect(),
        has_rows: !grade.requirements.is_empty(),
        has_findings: !grade.findings.is_empty(),
    }
}

/// A field of the form's head as the reports show it: empty where the bidder wrote nothing.
fn field(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// The colour class of a status; an optional requirement left blank only earns no points, so
/// it is not painted like a mandatory one.
fn css_class(r: &RequirementGrade) -> &'static str {
    if r.status == Status::Missing && r.level == Level::Optional {
        "optional_missing"
    } else {
        r.status.name()
    }
}

fn finding(lang: Lang, d: &Diagnostic) -> Finding {
    Finding {
        severity: d.severity.to_string(),
        place: d
            .location
            .as_ref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default(),
        message: words::message(lang, &d.finding),
        hint: words::hint(lang, &d.finding).unwrap_or_default(),
    }
}

/// The grade reports' labels (the Markdown, HTML and xlsx reports share them); their words are
/// in [`crate::words`].
#[derive(Debug, Serialize)]
pub(crate) struct Labels {
    pub(crate) report: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) procurement: &'static str,
    pub(crate) bidder: &'static str,
    pub(crate) representative: &'static str,
    pub(crate) contact: &'static str,
    pub(crate) date: &'static str,
    pub(crate) file: &'static str,
    pub(crate) verdict: &'static str,
    pub(crate) verdicts: &'static str,
    pub(crate) matrix_sheet: &'static str,
    pub(crate) answers: &'static str,
    pub(crate) maximum: &'static str,
    pub(crate) score: &'static str,
    pub(crate) points: &'static str,
    pub(crate) fingerprint: &'static str,
    pub(crate) sha256: &'static str,
    pub(crate) reasons: &'static str,
    pub(crate) reason: &'static str,
    pub(crate) findings: &'static str,
    pub(crate) requirements: &'static str,
    pub(crate) matrix: &'static str,
    pub(crate) id: &'static str,
    pub(crate) title: &'static str,
    pub(crate) level: &'static str,
    pub(crate) answer: &'static str,
    pub(crate) status: &'static str,
    pub(crate) explanation: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) notes: &'static str,
}

impl Labels {
    pub(super) fn new(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &crate::words::ja::REPORT,
            Lang::En => &crate::words::en::REPORT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        let all = |lang| match serde_json::to_value(Labels::new(lang)).unwrap() {
            serde_json::Value::Object(map) => map,
            other => panic!("{other}"),
        };
        let (ja, en) = (all(Lang::Ja), all(Lang::En));
        assert_eq!(ja.len(), en.len());
        for (key, value) in &en {
            assert_eq!(Lang::detect(value.as_str().unwrap()), Lang::En, "{key}");
            assert_eq!(Lang::detect(ja[key].as_str().unwrap()), Lang::Ja, "{key}");
        }
    }
}

//! The Markdown and HTML reports, rendered from the tera templates in `templates/grade/`, which
//! are embedded in the binary.
//!
//! Two tera instances, one per output language, so that *every* value is escaped for the format
//! it lands in (HTML entities, or Markdown punctuation) unless a template marks it `safe`:
//! forgetting a filter in a template cannot let a bidder's text through raw.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade, Status};
use crate::model::{Diagnostic, Lang, Level};
use crate::spec::Spec;

const BIDDER_MD: &str = include_str!("../../templates/grade/bidder.md");
const BIDDER_HTML: &str = include_str!("../../templates/grade/bidder.html");
const SUMMARY_HTML: &str = include_str!("../../templates/grade/summary.html");
const STYLE: &str = include_str!("../../templates/grade/style.css");

pub struct Templates {
    html: Tera,
    md: Tera,
}

impl Templates {
    pub fn new() -> Result<Templates> {
        let mut html = Tera::default();
        html.autoescape_on(vec![".html"]);
        add(&mut html, "grade/bidder.html", BIDDER_HTML)?;
        add(&mut html, "grade/summary.html", SUMMARY_HTML)?;
        let mut md = Tera::default();
        md.autoescape_on(vec![".md"]);
        md.set_escape_fn(escape_markdown);
        add(&mut md, "grade/bidder.md", BIDDER_MD)?;
        Ok(Templates { html, md })
    }

    /// A bidder's Markdown and HTML reports, from one context (building it costs as much as
    /// rendering one of them).
    pub fn bidder(&self, spec: &Spec, grade: &Grade) -> Result<(String, String)> {
        let context = bidder_context(spec, grade);
        let (md, html) = rayon::join(
            || render(&self.md, "grade/bidder.md", &context),
            || render(&self.html, "grade/bidder.html", &context),
        );
        Ok((md?, html?))
    }

    /// `reports` are the per-bidder report bases, relative to the output folder.
    pub fn summary_html(
        &self,
        spec: &Spec,
        grades: &[Grade],
        reports: &[String],
    ) -> Result<String> {
        let lang = spec.lang;
        let mut context = base_context(spec);
        let bidders: Vec<_> = grades
            .iter()
            .zip(reports)
            .map(|(g, report)| BidderLine {
                bidder: &g.bidder,
                file: &g.file,
                verdict: g.verdict.label(lang),
                verdict_name: g.verdict.name(),
                score: g.score,
                max_score: g.max_score,
                reason: g.reasons.first().map(String::as_str).unwrap_or(""),
                report: format!("{report}.html"),
            })
            .collect();
        context.insert("bidders", &bidders);
        let rows = super::rows_by_id(grades);
        let matrix: Vec<_> = spec
            .requirements
            .iter()
            .map(|req| MatrixRow {
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
                    .zip(&rows)
                    .map(|(g, rows)| match rows.get(req.id.as_str()) {
                        Some(r) => Cell {
                            status: r.status.label(lang),
                            status_name: css_class(r),
                            cell: &r.cell,
                        },
                        None => Cell {
                            status: g.verdict.label(lang),
                            status_name: g.verdict.name(),
                            cell: "",
                        },
                    })
                    .collect(),
            })
            .collect();
        context.insert("matrix", &matrix);
        render(&self.html, "grade/summary.html", &context)
    }
}

#[derive(Serialize)]
struct BidderLine<'a> {
    bidder: &'a str,
    file: &'a str,
    verdict: &'a str,
    verdict_name: &'a str,
    score: u32,
    max_score: u32,
    reason: &'a str,
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
    notes: &'a [String],
}

/// [`Grade`] as the bidder templates see it: every field but `requirements` and `findings`.
#[derive(Serialize)]
struct GradeHead<'a> {
    file: &'a str,
    sha256: &'a str,
    bidder: &'a str,
    verdict: crate::grade::Verdict,
    score: u32,
    max_score: u32,
    summary: &'a str,
    reasons: &'a [String],
    fingerprint: Option<&'a str>,
    form: &'a crate::response::Bidder,
}

#[derive(Serialize)]
struct Finding<'a> {
    severity: String,
    /// `file!Sheet!F12: `, or empty.
    place: String,
    message: &'a str,
    hint: Option<&'a str>,
}

fn add(tera: &mut Tera, name: &str, source: &str) -> Result<()> {
    tera.add_raw_template(name, source)
        .map_err(|e| template_error(name, &e))
}

fn render(tera: &Tera, name: &str, context: &Context) -> Result<String> {
    tera.render(name, context)
        .map_err(|e| template_error(name, &e))
}

/// Tera's message with its causes, which hold the useful part (the undefined variable).
fn template_error(name: &str, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}

fn base_context(spec: &Spec) -> Context {
    let mut context = Context::new();
    context.insert(
        "lang",
        match spec.lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        },
    );
    context.insert("labels", &labels(spec.lang));
    let mut about = BTreeMap::new();
    about.insert("title", spec.procurement.title.as_str());
    about.insert("fingerprint", spec.fingerprint.as_str());
    context.insert("spec", &about);
    context.insert("style", STYLE);
    context
}

fn bidder_context(spec: &Spec, grade: &Grade) -> Context {
    let lang = spec.lang;
    let mut context = base_context(spec);
    // The grade without its rows and findings, which the templates read as `rows` and
    // `findings`: turning all of them into tera values again cost as much as rendering.
    context.insert(
        "grade",
        &GradeHead {
            file: &grade.file,
            sha256: &grade.sha256,
            bidder: &grade.bidder,
            verdict: grade.verdict,
            score: grade.score,
            max_score: grade.max_score,
            summary: &grade.summary,
            reasons: &grade.reasons,
            fingerprint: grade.fingerprint.as_deref(),
            form: &grade.form,
        },
    );
    context.insert("verdict", grade.verdict.label(lang));
    let rows: Vec<_> = grade
        .requirements
        .iter()
        .map(|r| Row {
            label: &r.label,
            title: r.title.as_deref().unwrap_or(""),
            level: r.level.label(lang),
            cell: &r.cell,
            status: r.status.label(lang),
            status_name: css_class(r),
            explanation: &r.explanation,
            reference: &r.reference,
            notes: &r.notes,
        })
        .collect();
    context.insert("rows", &rows);
    let findings: Vec<_> = grade.findings.iter().map(finding).collect();
    context.insert("findings", &findings);
    context
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

fn finding(d: &Diagnostic) -> Finding<'_> {
    Finding {
        severity: d.severity.to_string(),
        place: d
            .location
            .as_ref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default(),
        message: &d.message,
        hint: d.hint.as_deref(),
    }
}

fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    const LABELS: [(&str, &str, &str); 27] = [
        ("report", "回答書の判定結果", "Grade of a returned form"),
        (
            "summary",
            "回答書の判定一覧",
            "Grades of the returned forms",
        ),
        ("procurement", "件名", "Procurement"),
        ("bidder", "入札者", "Bidder"),
        ("representative", "代表者", "Representative"),
        ("contact", "連絡先", "Contact"),
        ("date", "回答日", "Date"),
        ("file", "ファイル", "File"),
        ("verdict", "判定", "Verdict"),
        ("verdicts", "判定", "Verdicts"),
        ("score", "得点", "Score"),
        ("points", "配点", "Points"),
        (
            "fingerprint",
            "仕様のフィンガープリント",
            "Spec fingerprint",
        ),
        ("sha256", "ファイルのSHA-256", "File SHA-256"),
        ("reasons", "判定の理由", "Reasons"),
        ("reason", "主な理由", "First reason"),
        ("findings", "指摘事項", "Findings"),
        ("requirements", "要件ごとの判定", "Requirements"),
        ("matrix", "要件×入札者", "Requirements × bidders"),
        ("id", "項番", "ID"),
        ("title", "表題", "Title"),
        ("level", "要否", "Level"),
        ("answer", "回答", "Answer"),
        ("status", "判定", "Status"),
        ("explanation", "説明", "Explanation"),
        ("reference", "根拠資料", "Reference"),
        ("notes", "所見", "Notes"),
    ];
    LABELS
        .iter()
        .map(|(key, ja, en)| (*key, lang.pick(ja, en)))
        .collect()
}

/// Escapes text for Markdown: punctuation that starts emphasis, links, code, headings, tables
/// or HTML is backslash-escaped or turned into an entity, and line breaks become `<br>` so that
/// a multi-line cell stays inside its table cell.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                    line_start = true;
                }
                continue;
            }
            '\n' => {
                out.push_str("<br>");
                line_start = true;
                continue;
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only an `&` that could start an entity (`&lt;`, `&#60;`) changes what is shown.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;")
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
        line_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_bidder_text_inert() {
        assert_eq!(
            escape_markdown("**太字** | [link](http://x) <script>"),
            "\\*\\*太字\\*\\* \\| \\[link\\](http://x) &lt;script&gt;"
        );
        assert_eq!(escape_markdown("- one\n# two"), "\\- one<br>\\# two");
        assert_eq!(escape_markdown("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(
            escape_markdown("1.6–1.28 は 1.1 = ○"),
            "1.6–1.28 は 1.1 = ○"
        );
        assert_eq!(escape_markdown("1.6 = ○ & 1.7 = ○"), "1.6 = ○ & 1.7 = ○");
        assert_eq!(
            escape_markdown("&lt; &#60; A&B"),
            "&amp;lt; &amp;\\#60; A&amp;B"
        );
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        assert_eq!(labels(Lang::Ja).len(), labels(Lang::En).len());
        assert!(labels(Lang::En)
            .values()
            .all(|v| Lang::detect(v) == Lang::En));
    }
}

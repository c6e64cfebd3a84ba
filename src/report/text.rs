//! The Markdown and HTML reports, rendered from the templates in `src/report/templates/`, which
//! askama compiles into the binary (the grade reports are not user-editable, unlike the spec
//! documents' tera templates, so they are kept out of `templates/`, which a procurement's
//! templates folder overrides and tera loads whole; compiled, a bidder's two reports cost a
//! fraction of what tera's per-value lookups did: benches/RESULTS.md).
//!
//! Every value is escaped for the format it lands in (HTML entities, or Markdown punctuation:
//! [`Markdown`], chosen for `.md` templates in `askama.toml`) unless a template marks it
//! `safe`: forgetting a filter in a template cannot let a bidder's text through raw.

use std::fmt;
use std::ops::Deref;

use askama::Template;

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade, Status};
use crate::model::{Diagnostic, Lang, Level};
use crate::render::markdown;
use crate::spec::Spec;
use crate::words;

const STYLE: &str = include_str!("templates/style.css");

/// A bidder's Markdown and HTML reports, from one page of values.
pub fn bidder(spec: &Spec, grade: &Grade) -> Result<(String, String)> {
    let page = bidder_page(spec, grade);
    let (md, html) = rayon::join(
        || render("grade/bidder.md", &BidderMd(&page)),
        || render("grade/bidder.html", &BidderHtml(&page)),
    );
    Ok((md?, html?))
}

/// `reports` are the per-bidder report bases, relative to the output folder.
pub fn summary_html(spec: &Spec, grades: &[Grade], reports: &[String]) -> Result<String> {
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
    render("grade/summary.html", &page)
}

/// What every report shows: its language, labels, the procurement and the style sheet.
struct Head<'a> {
    lang: &'static str,
    labels: Labels,
    title: &'a str,
    fingerprint: &'a str,
    style: &'static str,
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
            style: STYLE,
        }
    }
}

/// The values of a bidder's reports; both templates render the same page.
struct BidderPage<'a> {
    head: Head<'a>,
    grade: &'a Grade,
    verdict: &'static str,
    verdict_name: &'static str,
    /// The grade's reasons, in the Spec's language.
    reasons: Vec<String>,
    rows: Vec<Row<'a>>,
    findings: Vec<Finding>,
}

/// The bidder's page as Markdown. The templates name the page's fields (`grade.bidder`) and
/// the head's (`labels.report`) directly: askama reads them as `self.…`, which finds them
/// through [`Deref`].
#[derive(Template)]
#[template(path = "bidder.md")]
struct BidderMd<'p, 'a>(&'p BidderPage<'a>);

/// The bidder's page as HTML.
#[derive(Template)]
#[template(path = "bidder.html")]
struct BidderHtml<'p, 'a>(&'p BidderPage<'a>);

impl<'a> Deref for BidderMd<'_, 'a> {
    type Target = BidderPage<'a>;
    fn deref(&self) -> &BidderPage<'a> {
        self.0
    }
}

impl<'a> Deref for BidderHtml<'_, 'a> {
    type Target = BidderPage<'a>;
    fn deref(&self) -> &BidderPage<'a> {
        self.0
    }
}

impl<'a> Deref for BidderPage<'a> {
    type Target = Head<'a>;
    fn deref(&self) -> &Head<'a> {
        &self.head
    }
}

#[derive(Template)]
#[template(path = "summary.html")]
struct SummaryHtml<'a> {
    head: Head<'a>,
    bidders: Vec<BidderLine<'a>>,
    matrix: Vec<MatrixRow<'a>>,
}

impl<'a> Deref for SummaryHtml<'a> {
    type Target = Head<'a>;
    fn deref(&self) -> &Head<'a> {
        &self.head
    }
}

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

struct MatrixRow<'a> {
    label: &'a str,
    title: &'a str,
    level: &'a str,
    points: String,
    cells: Vec<Cell<'a>>,
}

struct Cell<'a> {
    status: &'a str,
    status_name: &'a str,
    cell: &'a str,
}

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
}

struct Finding {
    severity: String,
    /// `file!Sheet!F12: `, or empty.
    place: String,
    message: String,
    hint: Option<String>,
}

/// A template rendered, ending with a line break (askama drops the one its file ends with).
fn render(name: &str, template: &impl Template) -> Result<String> {
    let mut text = template.render().map_err(|e| Error::Template {
        name: name.to_string(),
        message: e.to_string(),
    })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

fn bidder_page<'a>(spec: &'a Spec, grade: &'a Grade) -> BidderPage<'a> {
    let lang = spec.lang;
    BidderPage {
        head: Head::new(spec),
        grade,
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
            })
            .collect(),
        reasons: grade
            .reasons
            .iter()
            .map(|r| words::message(lang, r))
            .collect(),
        findings: grade.findings.iter().map(|d| finding(lang, d)).collect(),
    }
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
        hint: words::hint(lang, &d.finding),
    }
}

/// The reports' labels in both languages, as the fields of [`Labels`].
macro_rules! labels {
    ($($key:ident: $ja:literal, $en:literal;)*) => {
        struct Labels {
            $($key: &'static str,)*
        }

        impl Labels {
            fn new(lang: Lang) -> Labels {
                Labels { $($key: lang.pick($ja, $en),)* }
            }

            #[cfg(test)]
            fn all(lang: Lang) -> Vec<&'static str> {
                vec![$(lang.pick($ja, $en)),*]
            }
        }
    };
}

labels! {
    report: "回答書の判定結果", "Grade of a returned form";
    summary: "回答書の判定一覧", "Grades of the returned forms";
    procurement: "件名", "Procurement";
    bidder: "入札者", "Bidder";
    representative: "代表者", "Representative";
    contact: "連絡先", "Contact";
    date: "回答日", "Date";
    file: "ファイル", "File";
    verdict: "判定", "Verdict";
    verdicts: "判定", "Verdicts";
    score: "得点", "Score";
    points: "配点", "Points";
    fingerprint: "仕様のフィンガープリント", "Spec fingerprint";
    sha256: "ファイルのSHA-256", "File SHA-256";
    reasons: "判定の理由", "Reasons";
    reason: "主な理由", "First reason";
    findings: "指摘事項", "Findings";
    requirements: "要件ごとの判定", "Requirements";
    matrix: "要件×入札者", "Requirements × bidders";
    id: "項番", "ID";
    title: "表題", "Title";
    level: "要否", "Level";
    answer: "回答", "Answer";
    status: "判定", "Status";
    explanation: "説明", "Explanation";
    reference: "根拠資料", "Reference";
    notes: "所見", "Notes";
}

/// The escaper of the `.md` templates (`askama.toml`).
#[derive(Debug, Clone, Copy)]
pub struct Markdown;

impl askama::filters::Escaper for Markdown {
    fn write_escaped_str<W: fmt::Write>(&self, dest: W, string: &str) -> fmt::Result {
        write_markdown(dest, string)
    }
}

/// Escapes text for Markdown with procspec's one Markdown escaper, [`markdown::escape`].
fn write_markdown<W: fmt::Write>(mut out: W, text: &str) -> fmt::Result {
    out.write_str(&markdown::escape(text))
}

/// [`write_markdown`] into a new string.
#[cfg(test)]
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    write_markdown(&mut out, text)
        .map(|()| out)
        .unwrap_or_default()
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
        assert_eq!(Labels::all(Lang::Ja).len(), Labels::all(Lang::En).len());
        assert!(Labels::all(Lang::En)
            .iter()
            .all(|v| Lang::detect(v) == Lang::En));
        assert!(Labels::all(Lang::Ja)
            .iter()
            .all(|v| Lang::detect(v) == Lang::Ja));
    }
}

//! The Markdown and HTML reports, rendered from the tera templates `grade/bidder.md`,
//! `grade/bidder.html` and `grade/summary.html`: built in (`templates/grade/` of the
//! repository) and overridable from the procurement's `templates/` as the spec documents are,
//! with the same [`Templates`] (one engine for every document procspec writes).
//!
//! Every value is escaped for the format it lands in (HTML entities, or Markdown punctuation by
//! [`crate::render::markdown::escape`]) unless a template marks it `safe`: forgetting a filter in
//! a template cannot let a bidder's text through raw.

use serde::Serialize;

use crate::error::Result;
use crate::grade::{Grade, RequirementGrade, Status};
use crate::model::{Diagnostic, Lang, Level};
use crate::render::Templates;
use crate::response::Bidder;
use crate::spec::Spec;
use crate::words;

/// `reports` are the per-bidder report bases, relative to the output folder.
pub fn summary_html(
    templates: &Templates,
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
    render(templates, "grade/summary.html", &page)
}

/// What every report shows: its language, labels and the procurement.
#[derive(Serialize)]
struct Head<'a> {
    lang: &'static str,
    labels: Labels,
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
pub(super) struct BidderPage<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    grade: GradeHead<'a>,
    verdict: &'static str,
    verdict_name: &'static str,
    /// The grade's reasons, in the Spec's language.
    reasons: Vec<String>,
    rows: Vec<Row<'a>>,
    findings: Vec<Finding>,
}

/// What a report shows of a grade above its rows.
#[derive(Serialize)]
struct GradeHead<'a> {
    bidder: &'a str,
    file: &'a str,
    sha256: &'a str,
    score: u32,
    max_score: u32,
    form: &'a Bidder,
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
}

#[derive(Serialize)]
struct Finding {
    severity: String,
    /// `file!Sheet!F12: `, or empty.
    place: String,
    message: String,
    hint: Option<String>,
}

/// A template rendered, ending with a line break (a user's template may not end with one).
pub(super) fn render(templates: &Templates, name: &str, page: &impl Serialize) -> Result<String> {
    let mut text = templates.render(name, page)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

pub(super) fn bidder_page<'a>(spec: &'a Spec, grade: &'a Grade) -> BidderPage<'a> {
    let lang = spec.lang;
    BidderPage {
        head: Head::new(spec),
        grade: GradeHead {
            bidder: &grade.bidder,
            file: &grade.file,
            sha256: &grade.sha256,
            score: grade.score,
            max_score: grade.max_score,
            form: &grade.form,
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
        #[derive(Serialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

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

//! The grades as JSON, worded at this edge: every reason, note and finding carries its stable
//! `code` beside its message in the Spec's language, so that a script can match the code and a
//! person read the message.

use serde::Serialize;

use crate::grade::{Answer, Grade, RequirementGrade, Status, Verdict};
use crate::model::{Diagnostic, Lang, Level, Location, Severity};
use crate::response::Bidder;
use crate::words::{self, WordedReason};

/// A grade as the bidders' JSON, `summary.json` and `grade --format json` give it.
#[derive(Debug, Clone, Serialize)]
pub struct GradeOut<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    pub bidder: &'a str,
    pub verdict: Verdict,
    pub score: u32,
    pub max_score: u32,
    /// `fail: 1.14 is mandatory and answered ×`: the verdict and its first reason.
    pub summary: String,
    pub reasons: Vec<WordedReason>,
    pub fingerprint: Option<&'a str>,
    pub form: &'a Bidder,
    pub requirements: Vec<RequirementOut<'a>>,
    pub findings: Vec<FindingOut>,
}

/// One requirement of a grade.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub level: Level,
    pub answer: Answer,
    pub cell: &'a str,
    pub explanation: &'a str,
    pub reference: &'a str,
    pub status: Status,
    pub waived_by: Option<&'a str>,
    pub notes: Vec<WordedReason>,
    pub points: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a Location>,
}

/// A finding of a grade.
#[derive(Debug, Clone, Serialize)]
pub struct FindingOut {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl<'a> GradeOut<'a> {
    pub fn new(lang: Lang, g: &'a Grade) -> GradeOut<'a> {
        GradeOut {
            file: &g.file,
            sha256: &g.sha256,
            bidder: &g.bidder,
            verdict: g.verdict,
            score: g.score,
            max_score: g.max_score,
            summary: words::summary(lang, g),
            reasons: reasons(lang, &g.reasons),
            fingerprint: g.fingerprint.as_deref(),
            form: &g.form,
            requirements: g
                .requirements
                .iter()
                .map(|r| RequirementOut::new(lang, r))
                .collect(),
            findings: g
                .findings
                .iter()
                .map(|d| FindingOut::new(lang, d))
                .collect(),
        }
    }
}

impl<'a> RequirementOut<'a> {
    fn new(lang: Lang, r: &'a RequirementGrade) -> RequirementOut<'a> {
        RequirementOut {
            id: &r.id,
            label: &r.label,
            title: r.title.as_deref(),
            level: r.level,
            answer: r.answer,
            cell: &r.cell,
            explanation: &r.explanation,
            reference: &r.reference,
            status: r.status,
            waived_by: r.waived_by.as_deref(),
            notes: reasons(lang, &r.notes),
            points: r.points,
            location: r.location.as_ref(),
        }
    }
}

impl FindingOut {
    fn new(lang: Lang, d: &Diagnostic) -> FindingOut {
        let w = words::diagnostic(lang, d);
        FindingOut {
            severity: w.severity,
            code: w.code,
            message: w.message,
            location: w.location,
            hint: w.hint,
        }
    }
}

/// Reasons in words.
pub fn reasons(lang: Lang, reasons: &[crate::grade::Reason]) -> Vec<WordedReason> {
    reasons.iter().map(|r| words::reason(lang, r)).collect()
}

//! Returned forms built in memory (as `response::read` would give them), and grading them with
//! the default spellings.

use crate::config::AnswerSpellings;
use crate::grade::{Grade, Grader};
use crate::model::Location;
use crate::response::{Bidder, IssuedRow, Response, ResponseRow};
use crate::spec::Spec;

use super::spec::{EVIDENCE, MANDATORY};

/// A returned form of `spec` (from `returned/bidder.xlsx`, bidder 株式会社テスト, the Spec's
/// fingerprint and issued rows) with every issued row, the texts untouched and the given
/// `(id, answer)`s; no explanation or reference.
pub fn response(spec: &Spec, answers: &[(&str, &str)]) -> Response {
    let rows = spec
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| ResponseRow {
            id: r.label.clone(),
            text: r.text.clone(),
            answer: answers
                .iter()
                .find(|(id, _)| *id == r.id)
                .map(|(_, a)| a.to_string())
                .unwrap_or_default(),
            answer_formula: false,
            explanation: String::new(),
            reference: String::new(),
            location: Location::cell("bidder.xlsx", "回答書", 10 + i as u32, 5),
        })
        .collect();
    Response {
        file: "returned/bidder.xlsx".into(),
        sha256: "00".repeat(32),
        bidder: Bidder {
            name: Some("株式会社テスト".into()),
            ..Default::default()
        },
        fingerprint: Some(spec.fingerprint.clone()),
        issued: Some(
            spec.requirements
                .iter()
                .map(|r| IssuedRow {
                    id: r.id.clone(),
                    level: "mandatory".into(),
                    text_sha256: String::new(),
                })
                .collect(),
        ),
        rows,
        findings: Vec::new(),
    }
}

/// Writes `text` as the explanation of requirement `id` (the row labelled `{id}.`).
pub fn explain(response: &mut Response, id: &str, text: &str) {
    let row = response.rows.iter_mut().find(|r| r.id == format!("{id}."));
    row.expect("a row of that id").explanation = text.to_string();
}

/// A form of [`super::spec::sample_shaped`] answering ○ to every mandatory requirement, with
/// an explanation (別紙3のとおり) where evidence is asked.
pub fn every_mandatory_comply(spec: &Spec) -> Response {
    let answers: Vec<(&str, &str)> = MANDATORY.iter().map(|id| (*id, "○")).collect();
    let mut r = response(spec, &answers);
    for id in EVIDENCE {
        explain(&mut r, id, "別紙3のとおり");
    }
    r
}

/// `response` graded against `spec` with the built-in answer spellings.
pub fn grade(spec: &Spec, response: &Response) -> Grade {
    Grader::new(spec, &AnswerSpellings::default()).grade(response)
}

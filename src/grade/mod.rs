//! Grading a returned form against the Spec (DESIGN §4): a status per requirement, a verdict per
//! bidder, and every reason as a value ([`Reason`]): grading never looks at the language,
//! the reports word the reasons ([`crate::words`]).
//!
//! Per requirement, in this order: waived (a rule whose condition holds on this bidder's
//! answers) → not asked; otherwise comply (with the explanation or document reference an
//! evidence row requires) = met; partial = review; does not comply = not met; not applicable =
//! fine where the requirement has an applicability condition that this procurement does not
//! assert and the bidder gave a reason, review elsewhere; blank = missing; anything else =
//! review, quoting the cell. A row whose text differs from the Spec is review with a short diff.
//!
//! A rule's condition holds when its ids were *answered* comply (DESIGN: "met" = answered
//! comply). The evidence a condition row may require is checked on that row itself, not again for
//! the waiver: a bidder who claims ISMAP registration without naming the document has that row
//! reviewed, and the waiver it earns stands or falls with that review.
//!
//! Per bidder: `fail` when a mandatory requirement is not met or missing, else `review` when
//! anything needs a person, else `pass`. Grading never reads files; [`crate::response`] does.

mod answer;
mod integrity;

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use answer::{Answer, Answers};

use crate::config::AnswerSpellings;
use crate::finding::{Coded, Finding, Unreadable};
use crate::model::{Diagnostic, Level, Location, Rule, Severity};
use crate::response::{Bidder, Response, ResponseRow};
use crate::spec::{Spec, SpecRequirement};

/// What grading concluded about one requirement for one bidder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    /// Not asked: a rule's condition holds on this bidder's answers.
    Waived,
    NotApplicable,
    /// Needs a person.
    Review,
    Missing,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::Waived => "waived",
            Status::NotApplicable => "not_applicable",
            Status::Review => "review",
            Status::Missing => "missing",
        }
    }
}

/// The outcome for one bidder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Review,
    /// Not a readable form of this tender.
    Unreadable,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Review => "review",
            Verdict::Unreadable => "unreadable",
        }
    }
}

/// Why a requirement's status, or a bidder's verdict, is what it is: a value with its
/// parameters; [`crate::words`] says it in the tender's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A finding about the file, said with its place first when it has one.
    Finding { diagnostic: Box<Diagnostic> },
    /// `from` (to `to`, inclusive) not asked: the condition `by` holds (`1.7 = ○`).
    Waived {
        from: String,
        to: Option<String>,
        by: String,
    },
    /// Waived by `by`, and its row is not in the form.
    WaivedRowAbsent { id: String, by: String },
    /// The requirement's row is not in the form.
    RowMissing { id: String, mandatory: bool },
    /// Answered comply (`answer` is the cell as typed, trimmed).
    Answered { id: String, answer: String },
    /// Answered comply without the explanation or document the requirement asks for.
    EvidenceMissing { id: String, answer: String },
    /// Answered partial or alternative.
    Partial { id: String, answer: String },
    /// Answered does not comply.
    NotComplied {
        id: String,
        answer: String,
        mandatory: bool,
    },
    /// Answered not applicable, where that is a legitimate answer.
    NotApplicable { id: String, answer: String },
    /// Answered not applicable, where that needs a person.
    NotApplicableQuestioned {
        id: String,
        answer: String,
        why: NotApplicableProblem,
    },
    /// Left blank.
    NotAnswered { id: String, mandatory: bool },
    /// The answer cell holds a formula: not trusted, a person must check it.
    AnswerIsFormula { id: String },
    /// An answer outside the scale: `answer` quoted (one line, at most 40 characters),
    /// `scale` the scale's symbols.
    AnswerNotInScale {
        id: String,
        answer: String,
        scale: String,
    },
    /// The row's requirement text differs from the Spec; `diff` is the short diff.
    Tampered { id: String, diff: String },
    /// The verdict pass: nothing mandatory is left.
    AllMandatoryMet,
    /// The file is not a readable form of this tender.
    Unreadable { reason: Unreadable },
}

/// Why "not applicable" needs a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicableProblem {
    /// The requirement has no applicability condition.
    NoCondition,
    /// This procurement says the requirement applies.
    Applies,
    /// The bidder gave no reason.
    NoReason,
}

impl Coded for Reason {
    fn code(&self) -> &'static str {
        match self {
            Reason::Finding { diagnostic } => diagnostic.code(),
            Reason::Waived { .. } => "waived",
            Reason::WaivedRowAbsent { .. } => "waived-row-absent",
            Reason::RowMissing {
                mandatory: true, ..
            } => "mandatory-row-missing",
            Reason::RowMissing { .. } => "row-missing",
            Reason::Answered { .. } => "answered-comply",
            Reason::EvidenceMissing { .. } => "evidence-missing",
            Reason::Partial { .. } => "answered-partial",
            Reason::NotComplied {
                mandatory: true, ..
            } => "mandatory-not-met",
            Reason::NotComplied { .. } => "optional-not-met",
            Reason::NotApplicable { .. } => "answered-not-applicable",
            Reason::NotApplicableQuestioned { .. } => "not-applicable-questioned",
            Reason::NotAnswered {
                mandatory: true, ..
            } => "mandatory-not-answered",
            Reason::NotAnswered { .. } => "not-answered",
            Reason::AnswerIsFormula { .. } => "answer-is-formula",
            Reason::AnswerNotInScale { .. } => "answer-not-in-scale",
            Reason::Tampered { .. } => "form-tampered",
            Reason::AllMandatoryMet => "all-mandatory-met",
            Reason::Unreadable { reason } => reason.code(),
        }
    }
}

/// One requirement as graded for one bidder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementGrade {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    pub level: Level,
    pub answer: Answer,
    /// The answer cell as typed (empty when the row is not in the form).
    pub cell: String,
    pub explanation: String,
    pub reference: String,
    pub status: Status,
    /// The condition that waived it, with the answers that made it hold: `1.7 = ○`.
    pub waived_by: Option<String>,
    /// Why the status is what it is.
    pub notes: Vec<Reason>,
    /// Points earned (met optional requirements only).
    pub points: u32,
    /// The answer cell, when the row was found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// One bidder's grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// The returned file, as it was named to grading.
    pub file: String,
    /// SHA-256 of the file's bytes (empty when it could not be read at all).
    pub sha256: String,
    /// The bidder's name from the form, else the file name.
    pub bidder: String,
    pub verdict: Verdict,
    /// Points of met optional requirements.
    pub score: u32,
    /// Points of every optional requirement of the Spec.
    pub max_score: u32,
    /// Every reason, those that decide the verdict first, then the waivers applied; the first
    /// is the one a summary gives ([`crate::words::summary`]).
    pub reasons: Vec<Reason>,
    /// The fingerprint in the returned form, when it has one.
    pub fingerprint: Option<String>,
    /// The identity fields as the bidder filled them.
    pub form: Bidder,
    pub requirements: Vec<RequirementGrade>,
    /// Findings about the file as a whole (reading, identity, duplicated or added rows).
    pub findings: Vec<Diagnostic>,
}

/// Grades responses against one Spec.
#[derive(Debug, Clone)]
pub struct Grader<'a> {
    spec: &'a Spec,
    answers: Answers,
    /// The Spec's requirement ids.
    ids: HashSet<&'a str>,
    /// For each requirement id, the indexes of the rules that waive it, in rule order (found
    /// once: searching every rule for every row was quadratic in the size of the Spec).
    waived_by: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Grader<'a> {
    /// `spellings` are the `[grading] answers` of procspec.toml.
    pub fn new(spec: &'a Spec, spellings: &AnswerSpellings) -> Grader<'a> {
        let mut waived_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, rule) in spec.rules.iter().enumerate() {
            for id in &rule.waives {
                let rules = waived_by.entry(id.as_str()).or_default();
                if rules.last() != Some(&i) {
                    rules.push(i);
                }
            }
        }
        Grader {
            spec,
            answers: Answers::new(&spec.scale, spellings),
            ids: spec.requirements.iter().map(|r| r.id.as_str()).collect(),
            waived_by,
        }
    }

    pub fn spec(&self) -> &Spec {
        self.spec
    }

    /// Grades the outcome of reading a returned file: a file that is not a readable form gets
    /// [`Verdict::Unreadable`] with the reader's reason. `sha256` is the hash of the file's bytes.
    pub fn grade_read(&self, file: &str, sha256: &str, read: crate::Result<Response>) -> Grade {
        match read {
            Ok(response) => self.grade(&response),
            // The grade names the file already; the reason is the reader's.
            Err(crate::Error::Unreadable { reason, .. }) => self.unreadable(file, sha256, reason),
            Err(other) => self.unreadable(
                file,
                sha256,
                Unreadable::Io {
                    detail: other.to_string(),
                },
            ),
        }
    }

    /// A grade for a file that could not be graded.
    pub fn unreadable(&self, file: &str, sha256: &str, reason: Unreadable) -> Grade {
        Grade {
            file: file.to_string(),
            sha256: sha256.to_string(),
            bidder: file_stem(file),
            verdict: Verdict::Unreadable,
            score: 0,
            max_score: self.max_score(),
            reasons: vec![Reason::Unreadable {
                reason: reason.clone(),
            }],
            fingerprint: None,
            form: Bidder::default(),
            requirements: Vec::new(),
            findings: vec![
                Diagnostic::error(Finding::Unreadable { reason }).at(Location::file(file))
            ],
        }
    }

    fn max_score(&self) -> u32 {
        self.spec
            .requirements
            .iter()
            .filter(|r| r.level == Level::Optional)
            .map(|r| r.points)
            .sum()
    }

    /// Grades one response.
    pub fn grade(&self, response: &Response) -> Grade {
        let spec = self.spec;
        if let Some(found) = &response.fingerprint {
            if *found != spec.fingerprint {
                return self.foreign(response, found);
            }
        }

        let mut findings = response.findings.clone();
        let mut review: Vec<Reason> = findings
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
            .map(|d| Reason::Finding {
                diagnostic: Box::new(d.clone()),
            })
            .collect();
        if response.fingerprint.is_none() {
            review.push(Reason::Finding {
                diagnostic: Box::new(Diagnostic::warning(Finding::FormIdentityMissing)),
            });
            findings.push(
                Diagnostic::warning(Finding::FormIdentityMissing)
                    .at(Location::file(&response.file)),
            );
        }

        let rows = self.index_rows(response, &mut findings, &mut review);
        // A workbook a bidder made without the requirement texts cannot be compared row by row;
        // that is said once, not once per row.
        let has_texts = response.rows.iter().any(|r| !r.text.trim().is_empty());
        if !has_texts && !response.rows.is_empty() {
            file_finding(
                Finding::FormWithoutTexts,
                Location::file(&response.file),
                &mut findings,
                &mut review,
            );
        }
        self.check_issued(response, &mut findings, &mut review);

        let answered: HashMap<&str, Answer> = rows
            .iter()
            .map(|(id, row)| (id.as_str(), self.answer(row)))
            .collect();
        let comply = |id: &str| answered.get(id) == Some(&Answer::Comply);

        // Which alternative of each rule holds on these answers, worked out once per rule.
        let fired: Vec<Option<String>> = spec
            .rules
            .iter()
            .map(|rule| self.fired(rule, &comply))
            .collect();
        let mut requirements = Vec::with_capacity(spec.requirements.len());
        let mut fail = Vec::new();
        for req in &spec.requirements {
            let row = rows.get(&req.id).map(|&row| {
                let answer = answered.get(req.id.as_str()).copied();
                (row, answer.unwrap_or_else(|| self.answer(row)))
            });
            let waiver = self
                .waived_by
                .get(req.id.as_str())
                .into_iter()
                .flatten()
                .find_map(|&i| fired.get(i).cloned().flatten());
            let judged = self.requirement(req, row, waiver, has_texts);
            fail.extend(judged.fail);
            review.extend(judged.review);
            requirements.push(judged.grade);
        }

        let verdict = if !fail.is_empty() {
            Verdict::Fail
        } else if !review.is_empty() {
            Verdict::Review
        } else {
            Verdict::Pass
        };
        let mut reasons = fail;
        reasons.extend(review);
        if verdict == Verdict::Pass {
            reasons.push(Reason::AllMandatoryMet);
        }
        reasons.extend(waiver_summaries(&requirements));
        let score = requirements.iter().map(|r| r.points).sum();
        Grade {
            file: response.file.clone(),
            sha256: response.sha256.clone(),
            bidder: bidder_name(&response.bidder).unwrap_or_else(|| file_stem(&response.file)),
            verdict,
            score,
            max_score: self.max_score(),
            reasons,
            fingerprint: response.fingerprint.clone(),
            form: response.bidder.clone(),
            requirements,
            findings,
        }
    }

    /// The grade of a form issued for another tender, or another version of this one.
    fn foreign(&self, response: &Response, found: &str) -> Grade {
        let reason = Unreadable::ForeignTender {
            found: found.to_string(),
            expected: self.spec.fingerprint.clone(),
        };
        let mut grade = self.unreadable(&response.file, &response.sha256, reason);
        grade.fingerprint = Some(found.to_string());
        grade.form = response.bidder.clone();
        if let Some(name) = bidder_name(&response.bidder) {
            grade.bidder = name;
        }
        grade
    }

    /// The rows by id (first occurrence); duplicated rows and rows the Spec does not have are
    /// findings that need a person.
    fn index_rows<'r>(
        &self,
        response: &'r Response,
        findings: &mut Vec<Diagnostic>,
        review: &mut Vec<Reason>,
    ) -> HashMap<String, &'r ResponseRow> {
        let mut rows: HashMap<String, &ResponseRow> = HashMap::new();
        for row in &response.rows {
            let id = crate::id::normalize(&row.id);
            if let Some(first) = rows.get(&id) {
                let finding = Finding::RowDuplicated {
                    id: id.clone(),
                    first: first.location.clone(),
                    again: row.location.clone(),
                };
                file_finding(finding, row.location.clone(), findings, review);
                continue;
            }
            if !self.ids.contains(id.as_str()) {
                let excluded = self.spec.excluded.iter().any(|e| e.id == id);
                let finding = Finding::RowAdded {
                    id: id.clone(),
                    excluded,
                };
                file_finding(finding, row.location.clone(), findings, review);
                continue;
            }
            rows.insert(id, row);
        }
        rows
    }

    /// The hidden sheet's list of issued rows must be the Spec's.
    fn check_issued(
        &self,
        response: &Response,
        findings: &mut Vec<Diagnostic>,
        review: &mut Vec<Reason>,
    ) {
        let Some(issued) = &response.issued else {
            return;
        };
        let issued: BTreeSet<String> = issued.iter().map(|r| crate::id::normalize(&r.id)).collect();
        let spec: BTreeSet<String> = self
            .spec
            .requirements
            .iter()
            .map(|r| r.id.clone())
            .collect();
        if issued == spec {
            return;
        }
        let finding = Finding::IssuedRowsDiffer {
            extra: issued.difference(&spec).cloned().collect(),
            lacking: spec.difference(&issued).cloned().collect(),
        };
        file_finding(finding, Location::file(&response.file), findings, review);
    }

    /// The alternative of `rule`'s condition that holds, written `1.6 = ○ & 1.7 = ○`.
    fn fired(&self, rule: &Rule, comply: &dyn Fn(&str) -> bool) -> Option<String> {
        if !rule.when.holds(comply) {
            return None;
        }
        let symbol = &self.spec.scale.comply;
        rule.when
            .alternatives()
            .into_iter()
            .find(|alt| alt.iter().all(|id| comply(id)))
            .map(|alt| {
                alt.iter()
                    .map(|id| format!("{id} = {symbol}"))
                    .collect::<Vec<_>>()
                    .join(" & ")
            })
    }

    /// What a row answers: a formula in the answer cell is an answer not trusted.
    fn answer(&self, row: &ResponseRow) -> Answer {
        if row.answer_formula {
            Answer::Formula
        } else {
            self.answers.read(&row.answer)
        }
    }

    fn requirement(
        &self,
        req: &SpecRequirement,
        row: Option<(&ResponseRow, Answer)>,
        waived_by: Option<String>,
        compare_text: bool,
    ) -> Judged {
        let id = req.id.clone();
        let mandatory = req.level == Level::Mandatory;
        let mut grade = RequirementGrade {
            id: req.id.clone(),
            label: req.label.clone(),
            title: req.title.clone(),
            level: req.level,
            answer: Answer::Missing,
            cell: String::new(),
            explanation: String::new(),
            reference: String::new(),
            status: Status::Missing,
            waived_by: None,
            notes: Vec::new(),
            points: 0,
            location: None,
        };
        let Some((row, answer)) = row else {
            grade.waived_by = waived_by.clone();
            let note = match waived_by {
                Some(by) => {
                    grade.status = Status::Waived;
                    Reason::WaivedRowAbsent { id, by }
                }
                None => {
                    grade.status = Status::Missing;
                    Reason::RowMissing { id, mandatory }
                }
            };
            let fail = (grade.status == Status::Missing && mandatory).then(|| note.clone());
            grade.notes.push(note);
            return Judged {
                grade,
                fail,
                review: Vec::new(),
            };
        };

        grade.answer = answer;
        grade.cell = row.answer.clone();
        grade.explanation = row.explanation.clone();
        grade.reference = row.reference.clone();
        grade.location = Some(row.location.clone());

        // Tampering is noted whatever the status: a reworded row needs a person even when the
        // requirement is waived.
        let tampered =
            compare_text && !integrity::same_text(req.title.as_deref(), &req.text, &row.text);
        let tamper_note = tampered.then(|| Reason::Tampered {
            id: id.clone(),
            diff: integrity::short_diff(&req.text, &row.text),
        });

        let (status, note) = if let Some(by) = &waived_by {
            grade.waived_by = Some(by.clone());
            (
                Status::Waived,
                Reason::Waived {
                    from: id,
                    to: None,
                    by: by.clone(),
                },
            )
        } else {
            self.answered(req, row, answer)
        };
        // A reworded row cannot be met as issued; one that fails stays failed.
        grade.status = match status {
            Status::Met | Status::NotApplicable if tampered => Status::Review,
            other => other,
        };
        if grade.status == Status::Met && req.level == Level::Optional {
            grade.points = req.points;
        }
        let fail =
            (mandatory && matches!(status, Status::NotMet | Status::Missing)).then(|| note.clone());
        let mut review = Vec::new();
        if status == Status::Review {
            review.push(note.clone());
        }
        grade.notes.push(note);
        if let Some(tamper) = tamper_note {
            review.push(tamper.clone());
            grade.notes.push(tamper);
        }
        Judged {
            grade,
            fail,
            review,
        }
    }

    /// The status and reason of an answer to `req` that no rule waives.
    fn answered(
        &self,
        req: &SpecRequirement,
        row: &ResponseRow,
        answer: Answer,
    ) -> (Status, Reason) {
        let id = req.id.clone();
        let mandatory = req.level == Level::Mandatory;
        let shown = row.answer.trim().to_string();
        let has_evidence = !row.explanation.trim().is_empty() || !row.reference.trim().is_empty();
        match answer {
            Answer::Comply if req.evidence && !has_evidence => (
                Status::Review,
                Reason::EvidenceMissing { id, answer: shown },
            ),
            Answer::Comply => (Status::Met, Reason::Answered { id, answer: shown }),
            Answer::Partial => (Status::Review, Reason::Partial { id, answer: shown }),
            Answer::NonComply => (
                Status::NotMet,
                Reason::NotComplied {
                    id,
                    answer: shown,
                    mandatory,
                },
            ),
            Answer::NotApplicable => self.not_applicable(req, row, shown),
            Answer::Missing => (Status::Missing, Reason::NotAnswered { id, mandatory }),
            Answer::Formula => (Status::Review, Reason::AnswerIsFormula { id }),
            Answer::Invalid => (
                Status::Review,
                Reason::AnswerNotInScale {
                    id,
                    answer: quote(&row.answer),
                    scale: self.scale_list(),
                },
            ),
        }
    }

    /// "Not applicable" is a legitimate answer only where the requirement has an applicability
    /// condition, this procurement does not say it applies, and the bidder says why.
    fn not_applicable(
        &self,
        req: &SpecRequirement,
        row: &ResponseRow,
        answer: String,
    ) -> (Status, Reason) {
        let id = req.id.clone();
        let problem = if req.applies_if.is_none() {
            Some(NotApplicableProblem::NoCondition)
        } else if req.applies {
            Some(NotApplicableProblem::Applies)
        } else if row.explanation.trim().is_empty() {
            Some(NotApplicableProblem::NoReason)
        } else {
            None
        };
        match problem {
            None => (Status::NotApplicable, Reason::NotApplicable { id, answer }),
            Some(why) => (
                Status::Review,
                Reason::NotApplicableQuestioned { id, answer, why },
            ),
        }
    }

    fn scale_list(&self) -> String {
        let s = &self.spec.scale;
        format!(
            "{} {} {} {}",
            s.comply, s.partial, s.non_comply, s.not_applicable
        )
    }
}

/// A requirement's grade with the reasons it adds to the verdict.
struct Judged {
    grade: RequirementGrade,
    /// Why the bidder fails on this requirement.
    fail: Option<Reason>,
    /// What a person must look at.
    review: Vec<Reason>,
}

/// A finding of grading about the form as a whole: a finding at `at`, and a reason for review.
fn file_finding(
    finding: Finding,
    at: Location,
    findings: &mut Vec<Diagnostic>,
    review: &mut Vec<Reason>,
) {
    review.push(Reason::Finding {
        diagnostic: Box::new(Diagnostic::warning(finding.clone())),
    });
    findings.push(Diagnostic::warning(finding).at(at));
}

/// `1.8–1.13 waived by 1.7 = ○`: runs of consecutive requirements waived by the same condition.
fn waiver_summaries(requirements: &[RequirementGrade]) -> Vec<Reason> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < requirements.len() {
        let Some(by) = requirements[i].waived_by.as_deref() else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 1 < requirements.len() && requirements[j + 1].waived_by.as_deref() == Some(by) {
            j += 1;
        }
        out.push(Reason::Waived {
            from: requirements[i].id.clone(),
            to: (i != j).then(|| requirements[j].id.clone()),
            by: by.to_string(),
        });
        i = j + 1;
    }
    out
}

fn bidder_name(bidder: &Bidder) -> Option<String> {
    bidder
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// The file name without folders and extension, the bidder's name when the form gives none.
fn file_stem(file: &str) -> String {
    let path = std::path::Path::new(file);
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// A cell quoted in a reason: one line, at most 40 characters.
fn quote(cell: &str) -> String {
    let one_line: String = cell
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut chars = one_line.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
pub(crate) mod tests;

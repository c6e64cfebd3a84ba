//! Grading a returned form against the Spec (DESIGN §4): a status per requirement, a verdict per
//! bidder, and every reason in words.
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
use crate::model::{Diagnostic, Lang, Level, Location, Rule, Severity};
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

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Met => lang.pick("適合", "met"),
            Status::NotMet => lang.pick("不適合", "not met"),
            Status::Waived => lang.pick("不要", "waived"),
            Status::NotApplicable => lang.pick("該当なし", "not applicable"),
            Status::Review => lang.pick("要確認", "review"),
            Status::Missing => lang.pick("未回答", "missing"),
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

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Pass => lang.pick("合格", "pass"),
            Verdict::Fail => lang.pick("不合格", "fail"),
            Verdict::Review => lang.pick("要確認", "review"),
            Verdict::Unreadable => lang.pick("読取不可", "unreadable"),
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
    /// Why the status is what it is, in the Spec's language.
    pub notes: Vec<String>,
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
    /// `fail: 1.14 is mandatory and answered ×`: the verdict and its first reason.
    pub summary: String,
    /// Every reason, those that decide the verdict first, then the waivers applied.
    pub reasons: Vec<String>,
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
            // The grade names the file already; the reason is the reader's message.
            Err(crate::Error::Input { message, .. }) => self.unreadable(file, sha256, &message),
            Err(other) => self.unreadable(file, sha256, &other.to_string()),
        }
    }

    /// A grade for a file that could not be graded.
    pub fn unreadable(&self, file: &str, sha256: &str, reason: &str) -> Grade {
        let lang = self.spec.lang;
        let verdict = Verdict::Unreadable;
        Grade {
            file: file.to_string(),
            sha256: sha256.to_string(),
            bidder: file_stem(file),
            verdict,
            score: 0,
            max_score: self.max_score(),
            summary: format!("{}: {reason}", verdict.label(lang)),
            reasons: vec![reason.to_string()],
            fingerprint: None,
            form: Bidder::default(),
            requirements: Vec::new(),
            findings: vec![Diagnostic::error(reason).at(Location::file(file))],
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
        let lang = spec.lang;
        if let Some(found) = &response.fingerprint {
            if *found != spec.fingerprint {
                return self.foreign(response, found);
            }
        }

        let mut findings = response.findings.clone();
        let mut review: Vec<String> = findings
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
            .map(|d| match &d.location {
                Some(at) => format!("{at}: {}", d.message),
                None => d.message.clone(),
            })
            .collect();
        if response.fingerprint.is_none() {
            let message = lang.pick(
                "様式の識別情報（非表示シート）がないため、本調達の様式であることを確認できません",
                "the form's identity could not be verified: it has no hidden sheet with the \
                 tender's fingerprint",
            );
            review.push(message.to_string());
            findings.push(
                Diagnostic::warning(message)
                    .at(Location::file(&response.file))
                    .hint(lang.pick(
                        "配布した様式に記入して提出するよう入札者に依頼してください",
                        "ask the bidder to fill in the form that was issued",
                    )),
            );
        }

        let rows = self.index_rows(response, &mut findings, &mut review);
        // A workbook a bidder made without the requirement texts cannot be compared row by row;
        // that is said once, not once per row.
        let has_texts = response.rows.iter().any(|r| !r.text.trim().is_empty());
        if !has_texts && !response.rows.is_empty() {
            let message = lang.pick(
                "要件文が記載されていないため、仕様の要件文と照合できません",
                "the file holds no requirement texts, so they could not be compared with the spec",
            );
            review.push(message.to_string());
            findings.push(Diagnostic::warning(message).at(Location::file(&response.file)));
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
            reasons.push(
                lang.pick(
                    "必須要件はすべて満たされているか、不要とされています",
                    "every mandatory requirement is met or waived",
                )
                .to_string(),
            );
        }
        reasons.extend(waiver_summaries(&requirements, lang));
        let score = requirements.iter().map(|r| r.points).sum();
        let summary = match reasons.first() {
            Some(first) => format!("{}: {first}", verdict.label(lang)),
            None => verdict.label(lang).to_string(),
        };
        Grade {
            file: response.file.clone(),
            sha256: response.sha256.clone(),
            bidder: bidder_name(&response.bidder).unwrap_or_else(|| file_stem(&response.file)),
            verdict,
            score,
            max_score: self.max_score(),
            summary,
            reasons,
            fingerprint: response.fingerprint.clone(),
            form: response.bidder.clone(),
            requirements,
            findings,
        }
    }

    /// The grade of a form issued for another tender, or another version of this one.
    fn foreign(&self, response: &Response, found: &str) -> Grade {
        let ours = &self.spec.fingerprint;
        let reason = match self.spec.lang {
            Lang::Ja => format!(
                "この調達（版）の様式ではありません: 様式のフィンガープリント {found}、\
                 仕様のフィンガープリント {ours}"
            ),
            Lang::En => format!(
                "not a form of this tender or version: the form's fingerprint is {found}, \
                 the spec's is {ours}"
            ),
        };
        let mut grade = self.unreadable(&response.file, &response.sha256, &reason);
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
        review: &mut Vec<String>,
    ) -> HashMap<String, &'r ResponseRow> {
        let lang = self.spec.lang;
        let mut rows: HashMap<String, &ResponseRow> = HashMap::new();
        for row in &response.rows {
            let id = crate::id::normalize(&row.id);
            if let Some(first) = rows.get(&id) {
                let message = match lang {
                    Lang::Ja => format!(
                        "{id} の行が重複しています（{} と {}）。最初の行で判定しました",
                        first.location, row.location
                    ),
                    Lang::En => format!(
                        "{id} appears more than once ({} and {}); the first row was graded",
                        first.location, row.location
                    ),
                };
                review.push(message.clone());
                findings.push(Diagnostic::warning(message).at(row.location.clone()));
                continue;
            }
            if !self.ids.contains(id.as_str()) {
                let excluded = self.spec.excluded.iter().any(|e| e.id == id);
                let message = match (lang, excluded) {
                    (Lang::Ja, true) => {
                        format!("本調達で除外した要件 {id} の行が追加されています")
                    }
                    (Lang::Ja, false) => format!("仕様にない行 {id} が追加されています"),
                    (Lang::En, true) => {
                        format!("a row {id} was added, a requirement this tender excludes")
                    }
                    (Lang::En, false) => {
                        format!("a row {id} was added that the spec does not have")
                    }
                };
                review.push(message.clone());
                findings.push(Diagnostic::warning(message).at(row.location.clone()));
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
        review: &mut Vec<String>,
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
        let extra: Vec<&str> = issued.difference(&spec).map(String::as_str).collect();
        let lacking: Vec<&str> = spec.difference(&issued).map(String::as_str).collect();
        let message = match self.spec.lang {
            Lang::Ja => format!(
                "様式の非表示シートの要件一覧が仕様と一致しません（余分: {}、不足: {}）",
                list_or_dash(&extra),
                list_or_dash(&lacking)
            ),
            Lang::En => format!(
                "the form's hidden list of issued rows differs from the spec (extra: {}, \
                 lacking: {})",
                list_or_dash(&extra),
                list_or_dash(&lacking)
            ),
        };
        review.push(message.clone());
        findings.push(Diagnostic::warning(message).at(Location::file(&response.file)));
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

    /// `row` is the bidder's row for `req` with its answer read.
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
        let lang = self.spec.lang;
        let id = req.id.as_str();
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
            grade.status = if waived_by.is_some() {
                Status::Waived
            } else {
                Status::Missing
            };
            grade.notes.push(match (&waived_by, lang, mandatory) {
                (Some(by), Lang::Ja, _) => {
                    format!("{id} は {by} により不要（行は様式にありません）")
                }
                (Some(by), Lang::En, _) => {
                    format!("{id} waived by {by} (its row is not in the form)")
                }
                (None, Lang::Ja, true) => format!("{id} は必須ですが、様式に行がありません"),
                (None, Lang::Ja, false) => format!("{id} の行が様式にありません"),
                (None, Lang::En, true) => {
                    format!("{id} is mandatory and its row is missing from the form")
                }
                (None, Lang::En, false) => format!("{id}: its row is missing from the form"),
            });
            let fail =
                (grade.status == Status::Missing && mandatory).then(|| grade.notes[0].clone());
            return Judged {
                grade,
                fail,
                review: Vec::new(),
            };
        };

        let shown = row.answer.trim().to_string();
        grade.answer = answer;
        grade.cell = row.answer.clone();
        grade.explanation = row.explanation.clone();
        grade.reference = row.reference.clone();
        grade.location = Some(row.location.clone());
        let has_evidence = !row.explanation.trim().is_empty() || !row.reference.trim().is_empty();

        // Tampering is noted whatever the status: a reworded row needs a person even when the
        // requirement is waived.
        let tampered =
            compare_text && !integrity::same_text(req.title.as_deref(), &req.text, &row.text);
        let tamper_note = tampered.then(|| {
            let diff = integrity::short_diff(&req.text, &row.text);
            format!(
                "{}{}",
                tamper_prefix(lang, id),
                match lang {
                    Lang::Ja => format!("（仕様→様式）{diff}"),
                    Lang::En => format!(" (spec → form): {diff}"),
                }
            )
        });

        let (status, note) = if let Some(by) = &waived_by {
            grade.waived_by = Some(by.clone());
            (
                Status::Waived,
                match lang {
                    Lang::Ja => format!("{id} は {by} により不要"),
                    Lang::En => format!("{id} waived by {by}"),
                },
            )
        } else {
            match answer {
                Answer::Comply if req.evidence && !has_evidence => (
                    Status::Review,
                    match lang {
                        Lang::Ja => format!(
                            "{id} は {shown} ですが、求められている説明または根拠資料の記載がありません"
                        ),
                        Lang::En => format!(
                            "{id} answered {shown} without the explanation or document it requires"
                        ),
                    },
                ),
                Answer::Comply => (
                    Status::Met,
                    match lang {
                        Lang::Ja => format!("{id} は {shown} と回答"),
                        Lang::En => format!("{id} answered {shown}"),
                    },
                ),
                Answer::Partial => (
                    Status::Review,
                    match lang {
                        Lang::Ja => format!("{id} は {shown}（一部対応・代替案）で、内容の確認が必要です"),
                        Lang::En => format!(
                            "{id} answered {shown} (partial or alternative): a person must judge it"
                        ),
                    },
                ),
                Answer::NonComply => (
                    Status::NotMet,
                    match (lang, mandatory) {
                        (Lang::Ja, true) => format!("{id} は必須で、回答が {shown} です"),
                        (Lang::Ja, false) => format!("{id} は任意で、回答が {shown} です"),
                        (Lang::En, true) => format!("{id} is mandatory and answered {shown}"),
                        (Lang::En, false) => format!("{id} is optional and answered {shown}"),
                    },
                ),
                Answer::NotApplicable => self.not_applicable(req, row, &shown),
                Answer::Missing => (
                    Status::Missing,
                    match (lang, mandatory) {
                        (Lang::Ja, true) => format!("{id} は必須ですが、回答がありません"),
                        (Lang::Ja, false) => format!("{id} は回答がありません"),
                        (Lang::En, true) => format!("{id} is mandatory and not answered"),
                        (Lang::En, false) => format!("{id} is not answered"),
                    },
                ),
                Answer::Formula => (
                    Status::Review,
                    match lang {
                        Lang::Ja => format!("{id} の回答は数式のため信頼せず、確認が必要です"),
                        Lang::En => {
                            format!("{id}: the answer is a formula, not trusted: a person must check it")
                        }
                    },
                ),
                Answer::Invalid => (
                    Status::Review,
                    match lang {
                        Lang::Ja => format!(
                            "{id} の回答「{}」は回答の選択肢（{}）にありません",
                            quote(&row.answer),
                            self.scale_list()
                        ),
                        Lang::En => format!(
                            "{id}: the answer 「{}」 is not one of {}",
                            quote(&row.answer),
                            self.scale_list()
                        ),
                    },
                ),
            }
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

    /// "Not applicable" is a legitimate answer only where the requirement has an applicability
    /// condition, this procurement does not say it applies, and the bidder says why.
    fn not_applicable(
        &self,
        req: &SpecRequirement,
        row: &ResponseRow,
        shown: &str,
    ) -> (Status, String) {
        let id = req.id.as_str();
        let lang = self.spec.lang;
        let problem = if req.applies_if.is_none() {
            Some(lang.pick(
                "適用条件のある要件ではありません",
                "it has no applicability condition",
            ))
        } else if req.applies {
            Some(lang.pick(
                "本調達ではこの要件が適用されます",
                "this procurement says it applies",
            ))
        } else if row.explanation.trim().is_empty() {
            Some(lang.pick(
                "該当しない理由の記載がありません",
                "no reason is given in the explanation",
            ))
        } else {
            None
        };
        match problem {
            None => (
                Status::NotApplicable,
                match lang {
                    Lang::Ja => format!("{id} は {shown} と回答（該当しない理由の記載あり）"),
                    Lang::En => format!("{id} answered {shown} (not applicable, with a reason)"),
                },
            ),
            Some(why) => (
                Status::Review,
                match lang {
                    Lang::Ja => format!("{id} は {shown}（該当なし）と回答していますが、{why}"),
                    Lang::En => format!("{id} answered {shown} (not applicable), but {why}"),
                },
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
    fail: Option<String>,
    /// What a person must look at.
    review: Vec<String>,
}

fn tamper_prefix(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Ja => format!("{id} の要件文が仕様と異なります"),
        Lang::En => format!("{id}: the requirement text differs from the spec"),
    }
}

/// `1.8–1.13 waived by 1.7 = ○`: runs of consecutive requirements waived by the same condition.
fn waiver_summaries(requirements: &[RequirementGrade], lang: Lang) -> Vec<String> {
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
        let span = if i == j {
            requirements[i].id.clone()
        } else {
            format!("{}–{}", requirements[i].id, requirements[j].id)
        };
        out.push(match lang {
            Lang::Ja => format!("{span} は {by} により不要"),
            Lang::En => format!("{span} waived by {by}"),
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

/// A cell quoted in a message: one line, at most 40 characters.
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

fn list_or_dash(ids: &[&str]) -> String {
    if ids.is_empty() {
        "-".to_string()
    } else {
        ids.join(", ")
    }
}

#[cfg(test)]
pub(crate) mod tests;

//! Grading on a hand-built Spec shaped like the sample table (1.1–1.28, its three waiver rules,
//! 1.5's applicability condition and the evidence rows), so the semantics are pinned without the
//! catalog reader or the form.

use super::*;
use crate::model::Lang;
use crate::testing::spec::MANDATORY;

// src/report/tests.rs takes these builders from here; it is being changed on another branch,
// so it moves to `crate::testing` at the merge and these re-exports go.
pub(crate) use crate::testing::response::{every_mandatory_comply, explain, grade, response};
pub(crate) use crate::testing::spec::sample_shaped as sample_spec;

fn range(from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|n| format!("1.{n}")).collect()
}

fn summary(g: &Grade, lang: Lang) -> String {
    crate::words::summary(lang, g)
}

fn waived(from: &str, to: Option<&str>, by: &str) -> Reason {
    Reason::Waived {
        from: from.into(),
        to: to.map(str::to_string),
        by: by.into(),
    }
}

fn status<'g>(grade: &'g Grade, id: &str) -> &'g RequirementGrade {
    grade.requirements.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn an_ismap_registered_bidder_passes_with_1_6_to_1_28_waived() {
    let spec = sample_spec(Lang::Ja);
    let g = grade(&spec, &response(&spec, &[("1.1", "○"), ("1.5", "○")]));
    assert_eq!(g.verdict, Verdict::Pass, "{:#?}", g.reasons);
    for id in range(6, 28) {
        let r = status(&g, &id);
        assert_eq!(r.status, Status::Waived, "{id}");
        assert_eq!(r.waived_by.as_deref(), Some("1.1 = ○"), "{id}");
    }
    assert_eq!(status(&g, "1.1").status, Status::Met);
    assert_eq!(status(&g, "1.2").status, Status::Missing);
    assert_eq!(g.score, 1);
    assert_eq!(g.max_score, 9);
    assert_eq!(g.bidder, "株式会社テスト");
    assert!(
        g.reasons.contains(&waived("1.6", Some("1.28"), "1.1 = ○")),
        "{:#?}",
        g.reasons
    );
    assert_eq!(g.reasons[0], Reason::AllMandatoryMet);
    assert_eq!(
        summary(&g, Lang::Ja),
        "合格: 必須要件はすべて満たされているか、不要とされています"
    );
}

#[test]
fn csp_on_ismap_and_iso_27001_waive_1_8_to_1_13_and_1_16_on_but_not_1_14() {
    let spec = sample_spec(Lang::En);
    let base = [("1.5", "○"), ("1.6", "○"), ("1.7", "○")];
    let mut answers = base.to_vec();
    answers.push(("1.14", "○"));
    let g = grade(&spec, &response(&spec, &answers));
    assert_eq!(g.verdict, Verdict::Pass, "{:#?}", g.reasons);
    for id in range(8, 13) {
        assert_eq!(
            status(&g, &id).waived_by.as_deref(),
            Some("1.7 = ○"),
            "{id}"
        );
    }
    for id in range(16, 28) {
        assert_eq!(
            status(&g, &id).waived_by.as_deref(),
            Some("1.6 = ○ & 1.7 = ○"),
            "{id}"
        );
    }
    assert_eq!(status(&g, "1.14").status, Status::Met);
    assert_eq!(status(&g, "1.15").status, Status::Missing);
    assert!(g.reasons.contains(&waived("1.8", Some("1.13"), "1.7 = ○")));
    assert!(g
        .reasons
        .contains(&waived("1.16", Some("1.28"), "1.6 = ○ & 1.7 = ○")));
    assert_eq!(
        crate::words::message(Lang::En, &waived("1.8", Some("1.13"), "1.7 = ○")),
        "1.8–1.13 waived by 1.7 = ○"
    );
    assert_eq!(g.score, 2);

    let mut answers = base.to_vec();
    answers.push(("1.14", "×"));
    let g = grade(&spec, &response(&spec, &answers));
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(
        g.reasons[0],
        Reason::NotComplied {
            id: "1.14".into(),
            answer: "×".into(),
            mandatory: true
        }
    );
    assert_eq!(g.reasons[0].code(), "mandatory-not-met");
    assert_eq!(
        summary(&g, Lang::En),
        "fail: 1.14 is mandatory and answered ×"
    );
    assert_eq!(status(&g, "1.14").status, Status::NotMet);
}

#[test]
fn a_missing_1_14_fails_even_when_the_rest_is_waived() {
    let spec = sample_spec(Lang::Ja);
    let g = grade(
        &spec,
        &response(&spec, &[("1.5", "○"), ("1.6", "○"), ("1.7", "○")]),
    );
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(
        g.reasons[0],
        Reason::NotAnswered {
            id: "1.14".into(),
            mandatory: true
        }
    );
    assert_eq!(
        summary(&g, Lang::Ja),
        "不合格: 1.14 は必須ですが、回答がありません"
    );
}

#[test]
fn every_mandatory_item_complied_with_explanations_passes() {
    let spec = sample_spec(Lang::Ja);
    let g = grade(&spec, &every_mandatory_comply(&spec));
    assert_eq!(g.verdict, Verdict::Pass, "{:#?}", g.reasons);
    assert_eq!(g.score, 0);
    assert!(g.requirements.iter().all(|r| r.waived_by.is_none()));
}

#[test]
fn comply_without_the_required_explanation_is_review() {
    let spec = sample_spec(Lang::Ja);
    let mut r = every_mandatory_comply(&spec);
    explain(&mut r, "1.17", "  ");
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(status(&g, "1.17").status, Status::Review);
    assert_eq!(
        g.reasons[0],
        Reason::EvidenceMissing {
            id: "1.17".into(),
            answer: "○".into()
        }
    );

    // A named document is evidence too.
    let row = r.rows.iter_mut().find(|row| row.id == "1.17.").unwrap();
    row.reference = "別紙3 運用管理規程".into();
    assert_eq!(grade(&spec, &r).verdict, Verdict::Pass);
}

#[test]
fn partial_anywhere_mandatory_is_review() {
    let spec = sample_spec(Lang::En);
    let mut r = every_mandatory_comply(&spec);
    r.rows
        .iter_mut()
        .find(|row| row.id == "1.23.")
        .unwrap()
        .answer = "△".into();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(status(&g, "1.23").status, Status::Review);
    assert_eq!(status(&g, "1.23").answer, Answer::Partial);
    assert_eq!(
        g.reasons[0],
        Reason::Partial {
            id: "1.23".into(),
            answer: "△".into()
        }
    );
}

#[test]
fn an_unknown_answer_is_review_and_quotes_the_cell() {
    let spec = sample_spec(Lang::Ja);
    let mut r = every_mandatory_comply(&spec);
    r.rows
        .iter_mut()
        .find(|row| row.id == "1.24.")
        .unwrap()
        .answer = "検討中".into();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    let s = status(&g, "1.24");
    assert_eq!((s.answer, s.status), (Answer::Invalid, Status::Review));
    assert_eq!(s.cell, "検討中");
    assert!(
        matches!(&g.reasons[0], Reason::AnswerNotInScale { id, answer, .. } if id == "1.24" && answer == "検討中"),
        "{:#?}",
        g.reasons
    );
    assert!(summary(&g, Lang::Ja).contains("「検討中」"));
}

#[test]
fn not_applicable_with_a_reason_is_fine_only_where_the_requirement_is_conditional() {
    let mut spec = sample_spec(Lang::Ja);
    let mut r = every_mandatory_comply(&spec);
    r.rows
        .iter_mut()
        .find(|row| row.id == "1.5.")
        .unwrap()
        .answer = "該当なし".into();
    explain(&mut r, "1.5", "生成AIを利用していないため");
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Pass, "{:#?}", g.reasons);
    assert_eq!(status(&g, "1.5").status, Status::NotApplicable);

    // Without the reason.
    let mut bare = r.clone();
    explain(&mut bare, "1.5", "");
    let g = grade(&spec, &bare);
    assert_eq!(g.verdict, Verdict::Review);
    assert!(
        matches!(
            g.reasons[0],
            Reason::NotApplicableQuestioned {
                why: NotApplicableProblem::NoReason,
                ..
            }
        ),
        "{:#?}",
        g.reasons[0]
    );

    // On a requirement with no applicability condition.
    let mut elsewhere = r.clone();
    elsewhere
        .rows
        .iter_mut()
        .find(|row| row.id == "1.14.")
        .unwrap()
        .answer = "－".into();
    explain(&mut elsewhere, "1.14", "該当しないため");
    let g = grade(&spec, &elsewhere);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(status(&g, "1.14").status, Status::Review);

    // `applies = ["1.5"]`: the procurement says it applies.
    spec.requirements[4].applies = true;
    spec.seal();
    r.fingerprint = Some(spec.fingerprint.clone());
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(
        g.reasons[0],
        Reason::NotApplicableQuestioned {
            id: "1.5".into(),
            answer: "該当なし".into(),
            why: NotApplicableProblem::Applies
        }
    );
    assert_eq!(
        crate::words::message(Lang::Ja, &g.reasons[0]),
        "1.5 は 該当なし（該当なし）と回答していますが、本調達ではこの要件が適用されます"
    );
}

#[test]
fn a_reworded_requirement_is_review_with_the_diff() {
    let spec = sample_spec(Lang::Ja);
    let mut r = every_mandatory_comply(&spec);
    let row = r.rows.iter_mut().find(|row| row.id == "1.9.").unwrap();
    row.text = row.text.replace("取得していること", "取得予定であること");
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    let s = status(&g, "1.9");
    assert_eq!(s.status, Status::Review);
    assert!(
        matches!(&s.notes[1], Reason::Tampered { id, diff } if id == "1.9" && diff.contains("「してい」→「予定であ」")),
        "{:#?}",
        s.notes
    );
    assert_eq!(g.reasons[0].code(), "form-tampered");
    assert!(crate::words::message(Lang::Ja, &g.reasons[0])
        .starts_with("1.9 の要件文が仕様と異なります"));

    // Whitespace and width changes are not rewording.
    let mut spaced = every_mandatory_comply(&spec);
    let row = spaced.rows.iter_mut().find(|row| row.id == "1.9.").unwrap();
    row.text = row
        .text
        .replace("ISO/IEC 27001", "ＩＳＯ／ＩＥＣ\n２７００１");
    assert_eq!(grade(&spec, &spaced).verdict, Verdict::Pass);
}

#[test]
fn a_reworded_row_that_fails_still_fails() {
    let spec = sample_spec(Lang::En);
    let mut r = every_mandatory_comply(&spec);
    let row = r.rows.iter_mut().find(|row| row.id == "1.14.").unwrap();
    row.answer = "×".into();
    row.text = "something else".into();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(status(&g, "1.14").status, Status::NotMet);
    assert!(matches!(&g.reasons[1], Reason::Tampered { id, .. } if id == "1.14"));
}

#[test]
fn a_deleted_mandatory_row_fails_and_a_blank_form_fails() {
    let spec = sample_spec(Lang::En);
    let mut r = every_mandatory_comply(&spec);
    r.rows.retain(|row| row.id != "1.20.");
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(
        g.reasons[0],
        Reason::RowMissing {
            id: "1.20".into(),
            mandatory: true
        }
    );
    assert_eq!(
        summary(&g, Lang::En),
        "fail: 1.20 is mandatory and its row is missing from the form"
    );
    assert_eq!(status(&g, "1.20").status, Status::Missing);
    assert_eq!(status(&g, "1.20").location, None);

    let g = grade(&spec, &response(&spec, &[]));
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(
        g.reasons[0],
        Reason::NotAnswered {
            id: "1.5".into(),
            mandatory: true
        }
    );
    assert_eq!(
        g.reasons.len(),
        MANDATORY.len(),
        "one reason per mandatory requirement: {:#?}",
        g.reasons
    );
}

#[test]
fn a_deleted_row_that_is_waived_is_still_waived() {
    let spec = sample_spec(Lang::Ja);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.rows.retain(|row| row.id != "1.20.");
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Pass);
    assert_eq!(status(&g, "1.20").status, Status::Waived);
}

#[test]
fn the_spellings_bidders_type_for_comply_all_count() {
    let spec = sample_spec(Lang::Ja);
    for typed in ["〇", "◯", "対応可", " ○ ", "　○", "Yes", "はい"] {
        let g = grade(&spec, &response(&spec, &[("1.1", typed), ("1.5", "○")]));
        assert_eq!(g.verdict, Verdict::Pass, "{typed:?}");
        assert_eq!(status(&g, "1.1").answer, Answer::Comply, "{typed:?}");
        assert_eq!(status(&g, "1.20").status, Status::Waived, "{typed:?}");
    }
}

#[test]
fn configured_spellings_are_read() {
    let spec = sample_spec(Lang::Ja);
    let spellings = AnswerSpellings {
        comply: vec!["適合".into()],
        ..Default::default()
    };
    let g =
        Grader::new(&spec, &spellings).grade(&response(&spec, &[("1.1", "適合"), ("1.5", "適合")]));
    assert_eq!(g.verdict, Verdict::Pass, "{:#?}", g.reasons);
}

#[test]
fn a_waived_row_answered_no_does_not_fail() {
    let spec = sample_spec(Lang::Ja);
    let g = grade(
        &spec,
        &response(&spec, &[("1.1", "○"), ("1.5", "○"), ("1.14", "×")]),
    );
    assert_eq!(g.verdict, Verdict::Pass);
    assert_eq!(status(&g, "1.14").answer, Answer::NonComply);
    assert_eq!(status(&g, "1.14").status, Status::Waived);
}

#[test]
fn a_waiver_needs_the_condition_answered_comply_not_partial() {
    let spec = sample_spec(Lang::Ja);
    let g = grade(&spec, &response(&spec, &[("1.1", "△"), ("1.5", "○")]));
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(status(&g, "1.20").status, Status::Missing);
    assert_eq!(status(&g, "1.1").status, Status::Review);
}

#[test]
fn a_form_of_another_tender_is_unreadable_with_both_fingerprints() {
    let spec = sample_spec(Lang::Ja);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    let other = "ab".repeat(32);
    r.fingerprint = Some(other.clone());
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Unreadable);
    assert_eq!(
        g.reasons,
        [Reason::Unreadable {
            reason: Unreadable::ForeignTender {
                found: other.clone(),
                expected: spec.fingerprint.clone()
            }
        }]
    );
    assert_eq!(g.reasons[0].code(), "foreign-tender");
    let said = summary(&g, Lang::Ja);
    assert!(
        said.contains(&other) && said.contains(&spec.fingerprint),
        "{said}"
    );
    assert!(g.requirements.is_empty());
    assert_eq!(g.bidder, "株式会社テスト");
}

#[test]
fn a_form_without_a_hidden_sheet_is_review_as_unverified() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.fingerprint = None;
    r.issued = None;
    r.bidder = Bidder::default();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(g.reasons[0].code(), "form-identity-missing");
    assert!(summary(&g, Lang::En).contains("identity could not be verified"));
    assert_eq!(g.bidder, "bidder", "the file name is the fallback name");
}

#[test]
fn duplicated_and_added_rows_are_findings_for_review() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    let mut copy = r.rows[0].clone();
    copy.answer = "×".into();
    r.rows.push(copy);
    let mut added = r.rows[1].clone();
    added.id = "1.29".into();
    r.rows.push(added);
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(
        status(&g, "1.1").status,
        Status::Met,
        "the first row counts"
    );
    let codes: Vec<&str> = g.reasons.iter().map(Coded::code).collect();
    assert!(codes.contains(&"row-duplicated"), "{codes:?}");
    assert!(codes.contains(&"row-added"), "{codes:?}");
    assert!(g
        .reasons
        .iter()
        .any(|m| crate::words::message(Lang::En, m).starts_with("1.1 appears more than once")));
    assert_eq!(g.findings.len(), 2);
}

#[test]
fn a_hidden_list_that_differs_from_the_spec_is_review() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.issued.as_mut().unwrap().pop();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(
        g.reasons[0],
        Reason::Finding {
            diagnostic: Box::new(Diagnostic::warning(Finding::IssuedRowsDiffer {
                extra: vec![],
                lacking: vec!["1.28".into()]
            }))
        }
    );
    assert!(summary(&g, Lang::En).contains("lacking: 1.28"));
}

#[test]
fn warnings_of_the_reader_need_review_and_notes_do_not() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.findings.push(Diagnostic::new(
        Severity::Info,
        Finding::CellTooLong { chars: 40_000 },
    ));
    assert_eq!(grade(&spec, &r).verdict, Verdict::Pass);
    r.findings.push(Diagnostic::warning(Finding::FormulaCell));
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(g.findings.len(), 2);
}

#[test]
fn only_met_optional_requirements_score_their_points() {
    let mut spec = sample_spec(Lang::En);
    spec.requirements[2].points = 5; // 1.3
    spec.requirements[27].points = 7; // 1.28, waived below
    spec.seal();
    let g = grade(
        &spec,
        &response(
            &spec,
            &[
                ("1.1", "○"),
                ("1.3", "○"),
                ("1.4", "×"),
                ("1.5", "○"),
                ("1.28", "○"),
            ],
        ),
    );
    assert_eq!(g.verdict, Verdict::Pass);
    assert_eq!(g.score, 6);
    assert_eq!(g.max_score, 1 + 1 + 5 + 1 + 1 + 1 + 1 + 1 + 7);
}

#[test]
fn unreadable_files_are_graded_with_their_reason() {
    let spec = sample_spec(Lang::En);
    let grader = Grader::new(&spec, &AnswerSpellings::default());
    let read = crate::response::read(b"not a workbook", "broken.xlsx");
    let g = grader.grade_read("input/responses/broken.xlsx", "ab", read);
    assert_eq!(g.verdict, Verdict::Unreadable);
    assert_eq!(g.bidder, "broken");
    assert_eq!(g.sha256, "ab");
    assert_eq!(g.reasons[0].code(), "not-a-workbook");
    let read = Err(crate::Error::refused(
        "broken.xlsx",
        crate::guard::Refusal::Encrypted,
    ));
    let g = grader.grade_read("input/responses/broken.xlsx", "ab", read);
    assert_eq!(
        g.reasons,
        [Reason::Unreadable {
            reason: Unreadable::Refused {
                refusal: crate::guard::Refusal::Encrypted
            }
        }]
    );
    assert_eq!(g.findings[0].code(), "workbook-encrypted");
    assert!(summary(&g, Lang::En).starts_with("unreadable: the workbook is password-protected"));
}

#[test]
fn the_json_names_are_those_of_the_issue() {
    let spec = sample_spec(Lang::En);
    let g = grade(
        &spec,
        &response(&spec, &[("1.1", "○"), ("1.5", "×"), ("1.2", "??")]),
    );
    let json = serde_json::to_value(crate::report::GradeOut::new(Lang::En, &g)).unwrap();
    assert_eq!(json["verdict"], "fail");
    let reqs = json["requirements"].as_array().unwrap();
    assert_eq!(reqs[0]["answer"], "comply");
    assert_eq!(reqs[0]["status"], "met");
    assert_eq!(reqs[1]["answer"], "invalid");
    assert_eq!(reqs[4]["status"], "not_met");
    assert_eq!(reqs[4]["answer"], "non_comply");
    assert_eq!(reqs[5]["status"], "waived");
    assert_eq!(reqs[5]["waived_by"], "1.1 = ○");
    assert!(reqs[0]["waived_by"].is_null());
    assert_eq!(json["reasons"][0]["code"], "mandatory-not-met");
    assert_eq!(
        json["reasons"][0]["message"],
        "1.5 is mandatory and answered ×"
    );
    assert_eq!(reqs[0]["notes"][0]["code"], "answered-comply");
    assert_eq!(json["summary"], "fail: 1.5 is mandatory and answered ×");
}

#[test]
fn a_file_without_any_requirement_text_is_said_once_not_per_row() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.fingerprint = None;
    for row in &mut r.rows {
        row.text.clear();
    }
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(g.reasons.len(), 3, "{:#?}", g.reasons);
    assert_eq!(g.reasons[1].code(), "form-without-texts");
    assert_eq!(status(&g, "1.1").status, Status::Met);

    // One emptied row among texts is a reworded row.
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.rows[0].text.clear();
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Review);
    assert_eq!(status(&g, "1.1").status, Status::Review);
}

#[test]
fn reader_findings_are_reasons_with_their_place() {
    let spec = sample_spec(Lang::En);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    r.findings
        .push(Diagnostic::warning(Finding::FormulaCell).at(Location::cell(
            "bidder.xlsx",
            "回答書",
            11,
            4,
        )));
    let g = grade(&spec, &r);
    assert_eq!(g.reasons[0].code(), "formula-cell");
    assert_eq!(
        summary(&g, Lang::En),
        "review: bidder.xlsx!回答書!E12: this cell holds a formula; computed values are not \
         read as what the bidder wrote"
    );
}

/// Any response, however mangled, grades without panicking, and the verdict follows the
/// statuses (a small deterministic fuzz: the grading core has no parser of its own).
#[test]
fn mangled_responses_grade_consistently() {
    let spec = sample_spec(Lang::Ja);
    let grader = Grader::new(&spec, &AnswerSpellings::default());
    let pool = [
        "",
        "○",
        "×",
        "△",
        "－",
        "該当なし",
        "x",
        "=1",
        "\u{0}",
        "○○",
        " ",
        "ｙｅｓ",
        "\u{202e}×",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..500 {
        let mut r = response(&spec, &[]);
        r.rows.retain(|_| next(10) != 0);
        for row in &mut r.rows {
            row.answer = pool[next(pool.len())].to_string();
            if next(8) == 0 {
                row.explanation = "説明".into();
            }
            if next(20) == 0 {
                row.text = pool[next(pool.len())].to_string();
            }
            if next(30) == 0 {
                row.id = ["1.29", "", "1.1", "１．２"][next(4)].to_string();
            }
        }
        if next(5) == 0 {
            r.fingerprint = None;
        }
        let g = grader.grade(&r);
        assert_eq!(g.requirements.len(), spec.requirements.len());
        assert!(g.score <= g.max_score);
        let fails = g.requirements.iter().any(|q| {
            q.level == Level::Mandatory && matches!(q.status, Status::NotMet | Status::Missing)
        });
        assert_eq!(g.verdict == Verdict::Fail, fails, "{:#?}", g.reasons);
        if g.verdict == Verdict::Pass {
            assert!(g.requirements.iter().all(|q| q.status != Status::Review));
        }
        assert!(!g.reasons.is_empty());
    }
}

#[test]
fn an_excluded_requirement_answered_comply_never_fires_a_waiver() {
    let mut spec = sample_spec(Lang::Ja);
    let mut r = response(&spec, &[("1.1", "○"), ("1.5", "○")]);
    spec.requirements.remove(0);
    spec.excluded.push(crate::spec::Excluded {
        id: "1.1".into(),
        label: "1.1.".into(),
        title: None,
        reason: "ISMAPは求めない".into(),
    });
    spec.seal();
    r.fingerprint = Some(spec.fingerprint.clone());
    r.issued = None;
    let g = grade(&spec, &r);
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(status(&g, "1.20").status, Status::Missing);
    assert!(g.reasons.iter().any(|m| m.code() == "row-added-excluded"));
    assert!(g
        .reasons
        .iter()
        .any(|m| crate::words::message(Lang::Ja, m)
            == "本調達で除外した要件 1.1 の行が追加されています"));
}

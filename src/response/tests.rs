//! Unit tests of the reader on forms written by [`crate::form::render`] and on workbooks made
//! here the way a bidder might paste answers into a fresh one.

use rust_xlsxwriter::{Formula, Workbook};

use super::*;
use crate::form::tests::small_spec;
use crate::model::Lang;

#[test]
fn reads_a_blank_form_by_its_hidden_sheet() {
    let spec = small_spec(Lang::Ja);
    let bytes = crate::form::render(&spec, None).unwrap();
    let response = read(&bytes, "a.xlsx").unwrap();
    assert_eq!(
        response.fingerprint.as_deref(),
        Some(spec.fingerprint.as_str())
    );
    assert_eq!(response.sha256, sha256_hex(&bytes));
    let ids: Vec<&str> = response.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]);
    assert!(response.rows.iter().all(|r| r.answer.is_empty()));
    assert_eq!(response.rows[0].text, spec.requirements[0].text);
    assert_eq!(response.rows[0].location.to_string(), "a.xlsx!回答書!E10");
    let issued = response.issued.unwrap();
    assert_eq!(issued.len(), 7);
    assert_eq!(issued[5].id, "1.6");
    assert_eq!(issued[5].level, "mandatory");
    assert_eq!(
        issued[5].text_sha256,
        sha256_hex(spec.requirements[5].text.as_bytes())
    );
    assert_eq!(response.bidder, Bidder::default());
    assert!(response.findings.is_empty(), "{:?}", response.findings);
}

#[test]
fn reads_answers_pasted_into_a_fresh_workbook_by_id_not_position() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Bidder name").unwrap();
    sheet.write_string(0, 2, "ACME Cloud").unwrap();
    sheet.write_string(1, 0, "回答日").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 12, 10).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_datetime_with_format(1, 1, &date, &format)
        .unwrap();
    let header = ["No", "要件内容", "回答", "備考", "資料名・頁"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    // Rows out of order, a note row, a duplicate and an answer computed by a formula.
    let rows: [(&str, &str, &str, &str); 4] = [
        (
            "１．３．",
            "ISO/IEC 27001認証を取得していること。",
            "〇",
            "取得済み",
        ),
        ("1.1.", "ISMAPに登録されていること。", "×", ""),
        ("1.3", "dup", "×", ""),
        ("1.2", "生成AI", "", ""),
    ];
    for (i, (id, text, answer, note)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, *text).unwrap();
        if !answer.is_empty() {
            sheet.write_string(r, 2, *answer).unwrap();
        }
        sheet.write_string(r, 3, *note).unwrap();
    }
    sheet.write_formula(7, 2, Formula::new("=\"○\"")).unwrap();
    sheet.set_formula_result(7, 2, "○");
    sheet.write_string(8, 0, "※ 条件行").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let response = read(&bytes, "pasted.xlsx").unwrap();
    assert_eq!(response.fingerprint, None);
    assert_eq!(response.issued, None);
    assert_eq!(response.bidder.name.as_deref(), Some("ACME Cloud"));
    assert_eq!(response.bidder.date.as_deref(), Some("2026-12-10"));
    let got: Vec<(&str, &str, &str)> = response
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.answer.as_str(), r.explanation.as_str()))
        .collect();
    assert_eq!(
        got,
        [("1.3", "〇", "取得済み"), ("1.1", "×", ""), ("1.2", "", "")]
    );
    assert_eq!(
        response.rows[0].location.to_string(),
        "pasted.xlsx!Sheet1!C5"
    );
    let findings: Vec<_> = response
        .findings
        .iter()
        .map(|f| {
            (
                f.finding.clone(),
                f.location.as_ref().map(|l| l.to_string()),
            )
        })
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(
        matches!(&findings[0].0, Finding::RowRepeated { id, .. } if id == "1.3"),
        "{findings:?}"
    );
    assert_eq!(
        findings[1],
        (
            // The formula stands in the answer column: an answer not trusted.
            Finding::FormulaAnswer,
            Some("pasted.xlsx!Sheet1!C8".to_string())
        )
    );
    assert_eq!(response.findings[1].severity, Severity::Warning);
}

#[test]
fn another_workbook_is_not_a_form() {
    let mut workbook = Workbook::new();
    workbook.add_worksheet().write_string(0, 0, "売上").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let err = read(&bytes, "sales.xlsx").unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Unreadable {
                reason: Unreadable::NotAForm { identity: false },
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("sales.xlsx: not a response form"),
        "{err}"
    );
}

#[test]
fn truncated_bytes_are_an_error_not_a_panic() {
    let bytes = crate::form::render(&small_spec(Lang::En), None).unwrap();
    for cut in [10, 100, 1000, bytes.len() / 2, bytes.len() - 1] {
        assert!(read(&bytes[..cut], "cut.xlsx").is_err(), "cut at {cut}");
    }
}

#[test]
fn damaged_forms_are_errors_or_findings_never_panics() {
    let bytes = crate::form::render(&small_spec(Lang::Ja), None).unwrap();
    // Deterministic pseudo-random byte flips over the whole file (a cheap stand-in for the
    // fuzzer): every outcome must be an Ok or an Err.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut damaged = bytes.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % damaged.len() as u64) as usize;
            damaged[at] = next() as u8;
        }
        let _ = read(&damaged, "damaged.xlsx");
    }
}

use std::collections::HashMap;

use super::*;
use crate::finding::{Finding, Unreadable};
use crate::grade::{NotApplicableProblem, Reason};
use crate::guard::Refusal;

fn s(text: &str) -> String {
    text.to_string()
}

/// One value of every variant (for the codes), a match on each enum making sure none is left out.
fn every_finding() -> Vec<Finding> {
    let at = Location::line("requirements.md", 3);
    let all = vec![
        Finding::CatalogNotFound,
        Finding::CatalogTooLarge { mib: 9, limit: 8 },
        Finding::CatalogTooManyRows { limit: 8 },
        Finding::CatalogNotText,
        Finding::CatalogFormatUnknown { ext: s("pdf") },
        Finding::CatalogWithoutTable,
        Finding::TableWithoutHeader {
            missing: vec![crate::finding::Column::Id],
            considered: vec![crate::catalog::header::Considered {
                place: s("t.xlsx!Q!A3"),
                number: 3,
                cells: vec![
                    (s("A"), s("コード"), None),
                    (
                        s("B"),
                        s("記載事項"),
                        Some(crate::catalog::header::Role::Text),
                    ),
                ],
            }],
        },
        Finding::CsvQuoteOpen,
        Finding::CsvUnreadable { detail: s("x") },
        Finding::SheetNotFound {
            wanted: s("x"),
            sheets: vec![s("要件")],
        },
        Finding::SheetWithoutTable {
            sheets: vec![s("要件")],
        },
        Finding::TableOnHiddenSheet { sheet: s("old") },
        Finding::SheetUnreadable { detail: s("x") },
        Finding::CatalogSheetTooLarge { cells: 9, limit: 8 },
        Finding::MergedRegionsTooLarge { cells: 9, limit: 8 },
        Finding::CatalogRefused {
            refusal: Refusal::Empty,
        },
        Finding::CatalogEncrypted,
        Finding::CatalogWorkbookDamaged {
            ext: s("xls"),
            detail: s("x"),
        },
        Finding::CatalogEmpty,
        Finding::CatalogNotWorkbook {
            ext: s("xlsx"),
            text: true,
        },
        Finding::RowNotUnderstood { row: s("x") },
        Finding::LevelMissing { id: s("1.1") },
        Finding::LevelColumnMissing {
            rows: 3,
            read_as: crate::model::Level::Mandatory,
        },
        Finding::LevelsUnmapped {
            values: vec![(s("3"), 2), (s("Won't"), 1)],
            read_as: crate::model::Level::Mandatory,
        },
        Finding::DuplicateId {
            id: s("1.1"),
            first: at.clone(),
        },
        Finding::WaivedUnconditionally { text: s("x") },
        Finding::WaiverTargetUnreadable { target: s("x") },
        Finding::WaiverRangeUnresolved { detail: s("x") },
        Finding::WaivesNothing { text: s("x") },
        Finding::RuleNamesUnknownId {
            ids: vec![s("9.9")],
        },
        Finding::RuleCycle {
            path: vec![s("1.1"), s("1.2"), s("1.1")],
        },
        Finding::ConfigRuleUnknownId {
            ids: vec![s("9.9")],
        },
        Finding::ConfigRuleInvalid { detail: s("x") },
        Finding::TailoringUnknownId {
            key: s("exclude"),
            raw: s("9.9"),
            catalog: s("r.md"),
            ids: None,
        },
        Finding::SectionAboveConfidentiality {
            heading: s("x"),
            min: 3,
            confidentiality: 2,
            requirements: 4,
        },
        Finding::ExcludedTwice { id: s("1.1") },
        Finding::ExcludedWithoutReason { id: s("1.1") },
        Finding::TailoringNotAsked {
            key: s("require"),
            raw: s("1.1"),
            id: s("1.1"),
        },
        Finding::RequireAlreadyMandatory {
            raw: s("1.1"),
            id: s("1.1"),
        },
        Finding::AppliesWithoutCondition {
            raw: s("1.1"),
            id: s("1.1"),
        },
        Finding::PointsOnMandatory {
            raw: s("1.1"),
            id: s("1.1"),
        },
        Finding::RuleNamesExcluded {
            when: s("1.1"),
            waives: s("1.2..1.3"),
            absent: vec![s("1.1")],
        },
        Finding::SubstituteUnused { from: s("本市") },
        Finding::LevelUnused {
            level: s("4"),
            found: vec![s("1"), s("2")],
        },
        Finding::NothingLeftToAsk {
            catalog: s("r.md"),
            confidentiality: 1,
        },
        Finding::FormVersion {
            found: s("0"),
            expected: 1,
        },
        Finding::FingerprintMalformed {
            fingerprint: s("x"),
        },
        Finding::FormulaCell,
        Finding::FormulaAnswer,
        Finding::AnswerWithoutId { answer: s("○") },
        Finding::RowRepeated {
            id: s("1.1"),
            first_row: 5,
        },
        Finding::CellTooLong { chars: 40_000 },
        Finding::FormIdentityMissing,
        Finding::FormWithoutTexts,
        Finding::RowDuplicated {
            id: s("1.1"),
            first: at.clone(),
            again: at,
        },
        Finding::RowAdded {
            id: s("1.29"),
            excluded: false,
        },
        Finding::RowAdded {
            id: s("1.29"),
            excluded: true,
        },
        Finding::IssuedRowsDiffer {
            extra: vec![],
            lacking: vec![s("1.28")],
        },
    ];
    for f in &all {
        // A new finding must be added above (and to both languages).
        match f {
            Finding::CatalogNotFound
            | Finding::CatalogTooLarge { .. }
            | Finding::CatalogTooManyRows { .. }
            | Finding::CatalogNotText
            | Finding::CatalogFormatUnknown { .. }
            | Finding::CatalogWithoutTable
            | Finding::TableWithoutHeader { .. }
            | Finding::CsvQuoteOpen
            | Finding::CsvUnreadable { .. }
            | Finding::SheetNotFound { .. }
            | Finding::SheetWithoutTable { .. }
            | Finding::TableOnHiddenSheet { .. }
            | Finding::SheetUnreadable { .. }
            | Finding::CatalogSheetTooLarge { .. }
            | Finding::MergedRegionsTooLarge { .. }
            | Finding::CatalogRefused { .. }
            | Finding::CatalogEncrypted
            | Finding::CatalogWorkbookDamaged { .. }
            | Finding::CatalogEmpty
            | Finding::CatalogNotWorkbook { .. }
            | Finding::RowNotUnderstood { .. }
            | Finding::LevelMissing { .. }
            | Finding::LevelColumnMissing { .. }
            | Finding::LevelsUnmapped { .. }
            | Finding::DuplicateId { .. }
            | Finding::WaivedUnconditionally { .. }
            | Finding::WaiverTargetUnreadable { .. }
            | Finding::WaiverRangeUnresolved { .. }
            | Finding::WaivesNothing { .. }
            | Finding::RuleNamesUnknownId { .. }
            | Finding::RuleCycle { .. }
            | Finding::ConfigRuleUnknownId { .. }
            | Finding::ConfigRuleInvalid { .. }
            | Finding::TailoringUnknownId { .. }
            | Finding::SectionAboveConfidentiality { .. }
            | Finding::ExcludedTwice { .. }
            | Finding::ExcludedWithoutReason { .. }
            | Finding::TailoringNotAsked { .. }
            | Finding::RequireAlreadyMandatory { .. }
            | Finding::AppliesWithoutCondition { .. }
            | Finding::PointsOnMandatory { .. }
            | Finding::RuleNamesExcluded { .. }
            | Finding::SubstituteUnused { .. }
            | Finding::LevelUnused { .. }
            | Finding::NothingLeftToAsk { .. }
            | Finding::FormVersion { .. }
            | Finding::FingerprintMalformed { .. }
            | Finding::FormulaCell
            | Finding::FormulaAnswer
            | Finding::AnswerWithoutId { .. }
            | Finding::RowRepeated { .. }
            | Finding::CellTooLong { .. }
            | Finding::FormIdentityMissing
            | Finding::FormWithoutTexts
            | Finding::RowDuplicated { .. }
            | Finding::RowAdded { .. }
            | Finding::IssuedRowsDiffer { .. } => {}
            // Its codes are the unreadable reasons', listed below.
            Finding::Unreadable { .. } => {}
        }
    }
    all
}

fn every_refusal() -> Vec<Refusal> {
    let e = || s("xl/worksheets/sheet1.xml");
    vec![
        Refusal::Empty,
        Refusal::TooLarge { mib: 9, limit: 8 },
        Refusal::Encrypted,
        Refusal::NotWorkbook { head: s("00") },
        Refusal::ZipNotWorkbook,
        Refusal::Damaged { detail: s("x") },
        Refusal::TooManyEntries { count: 9, limit: 8 },
        Refusal::Duplicate { entry: e() },
        Refusal::Inflates {
            entry: e(),
            mib: 9,
            entry_limit: 8,
            total_limit: 8,
        },
        Refusal::Bomb {
            entry: e(),
            ratio: 1000,
            packed: 10,
            mib: 9,
            limit: 100,
        },
        Refusal::InflatesPast { entry: e(), mib: 9 },
        Refusal::DocType { entry: e() },
        Refusal::SharedStrings {
            entry: e(),
            claimed: 9,
            found: 1,
        },
        Refusal::SheetExtent {
            entry: e(),
            cells: 9,
            corner: s("XFD1"),
            limit: 8,
        },
        Refusal::TooManyStrings {
            entry: e(),
            limit: 8,
        },
        Refusal::OdsExtent {
            entry: e(),
            cells: 9,
            limit: 8,
        },
        Refusal::TooMuchText {
            entry: e(),
            limit: 8,
        },
        Refusal::XlsExtent { cells: 9, limit: 8 },
        Refusal::Undeclared { entry: e() },
        Refusal::OffGrid {
            entry: e(),
            row: true,
            reference: s("0"),
        },
    ]
}

fn every_unreadable() -> Vec<Unreadable> {
    let mut all: Vec<Unreadable> = every_refusal()
        .into_iter()
        .map(|refusal| Unreadable::Refused { refusal })
        .collect();
    all.extend([
        Unreadable::ReaderFailed { what: s("x") },
        Unreadable::Damaged { detail: s("x") },
        Unreadable::TooManyCells { limit: 8 },
        Unreadable::NotAForm { identity: false },
        Unreadable::NotAForm { identity: true },
        Unreadable::NoRows,
        Unreadable::ForeignTender {
            found: s("ab"),
            expected: s("cd"),
        },
        Unreadable::WorkerNonsense { detail: s("x") },
        Unreadable::WorkerBadRequest { detail: s("x") },
        Unreadable::WorkerTimedOut { seconds: 30 },
        Unreadable::WorkerCrashed {
            exit: None,
            last: s("memory allocation of 8 bytes failed"),
            memory_mib: 512,
        },
        Unreadable::WorkerStopped {
            exit: Some(3),
            last: s("x"),
        },
        Unreadable::Io { detail: s("x") },
    ]);
    all
}

fn every_reason() -> Vec<Reason> {
    let id = || s("1.1");
    let answer = || s("○");
    vec![
        Reason::Waived {
            from: id(),
            to: None,
            by: s("1.7 = ○"),
        },
        Reason::WaivedRowAbsent {
            id: id(),
            by: s("1.7 = ○"),
        },
        Reason::RowMissing {
            id: id(),
            mandatory: true,
        },
        Reason::RowMissing {
            id: id(),
            mandatory: false,
        },
        Reason::Answered {
            id: id(),
            answer: answer(),
        },
        Reason::EvidenceMissing {
            id: id(),
            answer: answer(),
        },
        Reason::Partial {
            id: id(),
            answer: answer(),
        },
        Reason::NotComplied {
            id: id(),
            answer: answer(),
            mandatory: true,
        },
        Reason::NotComplied {
            id: id(),
            answer: answer(),
            mandatory: false,
        },
        Reason::NotApplicable {
            id: id(),
            answer: answer(),
        },
        Reason::NotApplicableQuestioned {
            id: id(),
            answer: answer(),
            why: NotApplicableProblem::NoReason,
        },
        Reason::NotAnswered {
            id: id(),
            mandatory: true,
        },
        Reason::NotAnswered {
            id: id(),
            mandatory: false,
        },
        Reason::AnswerIsFormula { id: id() },
        Reason::AnswerNotInScale {
            id: id(),
            answer: s("検討中"),
            scale: s("○ △ × －"),
        },
        Reason::Tampered {
            id: id(),
            diff: s("x"),
        },
        Reason::AllMandatoryMet,
    ]
}

#[test]
fn codes_are_unique_and_kebab_case() {
    // Reasons that wrap a finding or an unreadable reason carry its code: they are the same
    // finding, and are not listed twice.
    let mut codes: Vec<&'static str> = every_finding().iter().map(Coded::code).collect();
    codes.extend(every_unreadable().iter().map(Coded::code));
    codes.extend(every_reason().iter().map(Coded::code));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for code in &codes {
        *seen.entry(code).or_default() += 1;
        assert!(
            !code.is_empty()
                && !code.starts_with('-')
                && !code.ends_with('-')
                && !code.contains("--")
                && code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "`{code}` is not kebab-case"
        );
    }
    let twice: Vec<_> = seen.iter().filter(|(_, &n)| n > 1).collect();
    assert!(twice.is_empty(), "codes used twice: {twice:?}");
    assert_eq!(codes.len(), 58 + 33 + 17);
}

#[test]
fn every_value_has_words_in_both_languages() {
    for f in every_finding() {
        for lang in [Lang::Ja, Lang::En] {
            assert!(!message(lang, &f).is_empty(), "{f:?}");
        }
    }
    for u in every_unreadable() {
        assert!(!message(Lang::Ja, &u).is_empty() && !message(Lang::En, &u).is_empty());
    }
    for r in every_reason() {
        assert!(!message(Lang::Ja, &r).is_empty() && !message(Lang::En, &r).is_empty());
    }
}

#[test]
fn a_handful_of_findings_in_japanese() {
    let dup = Finding::DuplicateId {
        id: s("1.3"),
        first: Location::line("r.md", 7),
    };
    assert_eq!(
        message(Lang::Ja, &dup),
        "ID 1.3 が重複しています（最初は r.md:7）"
    );
    assert_eq!(
        hint(Lang::Ja, &dup).as_deref(),
        Some("要件ごとに別のIDを付けてください")
    );
    assert_eq!(
        message(
            Lang::Ja,
            &Reason::NotComplied {
                id: s("1.14"),
                answer: s("×"),
                mandatory: true
            }
        ),
        "1.14 は必須で、回答が × です"
    );
    assert_eq!(
        message(
            Lang::Ja,
            &Reason::Waived {
                from: s("1.8"),
                to: Some(s("1.13")),
                by: s("1.7 = ○")
            }
        ),
        "1.8–1.13 は 1.7 = ○ により不要"
    );
    assert_eq!(
        message(Lang::Ja, &Refusal::Encrypted),
        "パスワードで保護（暗号化）されたブックです。パスワードなしで開ける版を送ってもらってください"
    );
    // procspec.toml's findings stay in English.
    assert_eq!(
        message(Lang::Ja, &Finding::ExcludedTwice { id: s("1.2") }),
        "1.2 is excluded more than once; the first reason is used"
    );
}

#[test]
fn a_handful_of_findings_in_english() {
    let cycle = Finding::RuleCycle {
        path: vec![s("1.1"), s("1.2"), s("1.1")],
    };
    assert_eq!(
        message(Lang::En, &cycle),
        "waiver rules form a cycle: 1.1 → 1.2 → 1.1"
    );
    assert_eq!(
        message(
            Lang::En,
            &Reason::AnswerNotInScale {
                id: s("1.2"),
                answer: s("??"),
                scale: s("○ △ × －")
            }
        ),
        "1.2: the answer 「??」 is not one of ○ △ × －"
    );
    assert_eq!(
        message(Lang::En, &Unreadable::NoRows),
        "the form's table has no requirement rows (no id in the id column under the header)"
    );
    let d = Diagnostic::warning(Finding::FormulaCell).at(Location::cell("a.xlsx", "S", 7, 4));
    assert_eq!(
        diagnostic(Lang::En, &d).to_string(),
        "a.xlsx!S!E8: warning: this cell holds a formula; computed values are not read as what \
         the bidder wrote\n  hint: ask the bidder to type the value"
    );
}

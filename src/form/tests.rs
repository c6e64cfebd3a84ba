//! Unit tests of the form, on a small hand-built Spec (the sample's shape: a condition row, an
//! embedded rule, an AND/OR rule, an evidence row and an applicability row).

use super::*;
use crate::model::{Level, RuleOrigin, Section};
use crate::rules::Expr;
use crate::spec::{CatalogInfo, Date, Procurement, Scale, SPEC_FORMAT};

fn req(id: &str, title: Option<&str>, text: &str, level: Level) -> SpecRequirement {
    SpecRequirement {
        id: id.to_string(),
        label: format!("{id}."),
        title: title.map(str::to_string),
        text: text.to_string(),
        level,
        raised: false,
        section: Some(0),
        applies_if: None,
        applies: false,
        evidence: false,
        points: 1,
    }
}

fn rule(when: &str, waives: &[&str], text: &str, before: &str) -> Rule {
    Rule {
        when: Expr::parse(when).unwrap(),
        waives: waives.iter().map(|s| s.to_string()).collect(),
        text: text.to_string(),
        origin: RuleOrigin::ConditionRow,
        before: Some(before.to_string()),
        location: None,
    }
}

/// A Spec of seven requirements: 1.1 | 1.2 waives 1.3..1.7; 1.3 waives 1.4..1.5;
/// 1.3 & 1.4 | 1.3 & 1.5 waives 1.6..1.7. 1.6 needs evidence, 1.2 has an applicability condition.
pub(crate) fn small_spec(lang: Lang) -> Spec {
    let mut requirements = vec![
        req(
            "1.1",
            Some("ISMAP"),
            "ISMAPに登録されていること。",
            Level::Optional,
        ),
        req(
            "1.2",
            None,
            "生成AIを利用する場合には、入力情報を学習に用いないこと。",
            Level::Mandatory,
        ),
        req(
            "1.3",
            Some("認証"),
            "ISO/IEC 27001認証を取得していること。",
            Level::Optional,
        ),
        req(
            "1.4",
            None,
            "ISO/IEC 27017認証を取得していること。",
            Level::Mandatory,
        ),
        req(
            "1.5",
            None,
            "ISO/IEC 27018認証を取得していること。",
            Level::Optional,
        ),
        req(
            "1.6",
            Some("体制"),
            "管理体制について提示すること。",
            Level::Mandatory,
        ),
        req(
            "1.7",
            None,
            "データを国内に保管すること。",
            Level::Mandatory,
        ),
    ];
    requirements[1].applies_if = Some("生成AIを利用する場合".into());
    requirements[5].evidence = true;
    let mut spec = Spec {
        format: SPEC_FORMAT,
        lang,
        procurement: Procurement {
            title: "外部サービスの調達 & 運用".into(),
            buyer: Some("○○市".into()),
            department: Some("情報政策課".into()),
            contact: Some("情報政策課（000-0000）".into()),
            issued: Date::new(2026, 12, 1),
            deadline: Date::new(2027, 1, 15),
            form_number: Some("様式第1号".into()),
        },
        catalog: CatalogInfo {
            source: "input/requirements.md".into(),
            title: None,
            sha256: "0".repeat(64),
        },
        confidentiality: 2,
        sections: vec![Section {
            heading: "1.外部サービス要件(機密性2以上)".into(),
            title: "外部サービス要件".into(),
            min_confidentiality: Some(2),
            location: crate::model::Location::line("requirements.md", 5),
        }],
        requirements,
        rules: vec![
            rule(
                "1.1 | 1.2",
                &["1.3", "1.4", "1.5", "1.6", "1.7"],
                "1.1または1.2の場合、以下は不要",
                "1.3",
            ),
            rule(
                "1.3",
                &["1.4", "1.5"],
                "1.3で認証を取得している場合、1.4~1.5は不要",
                "1.4",
            ),
            rule(
                "1.3 & 1.4 | 1.3 & 1.5",
                &["1.6", "1.7"],
                "1.3と1.4もしくは1.3と1.5の場合、以下は不要",
                "1.6",
            ),
        ],
        excluded: vec![],
        scale: Scale::default(),
        fingerprint: String::new(),
    };
    spec.seal();
    spec
}

#[test]
fn same_spec_same_bytes() {
    let spec = small_spec(Lang::Ja);
    let a = render(&spec, None).unwrap();
    let b = render(&spec, None).unwrap();
    assert_eq!(a, b);
    let c = render(&spec, Some("secret")).unwrap();
    assert_ne!(a, c);
}

#[test]
fn body_lines_put_notes_before_their_requirement() {
    let spec = small_spec(Lang::Ja);
    let order: Vec<String> = body_lines(&spec)
        .iter()
        .map(|l| match l {
            Line::Section(h) => format!("S {h}"),
            Line::Note(r) => format!("N {}", r.when),
            Line::Requirement(r) => r.id.clone(),
        })
        .collect();
    assert_eq!(
        order,
        [
            "S 1.外部サービス要件(機密性2以上)",
            "1.1",
            "1.2",
            "N 1.1 | 1.2",
            "1.3",
            "N 1.3",
            "1.4",
            "1.5",
            "N (1.3 & 1.4) | (1.3 & 1.5)",
            "1.6",
            "1.7"
        ]
    );
}

#[test]
fn status_formulas_name_the_answer_that_waives() {
    let spec = small_spec(Lang::Ja);
    let labels = Labels::of(Lang::Ja);
    let rows: HashMap<&str, u32> = spec
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), 10 + i as u32))
        .collect();
    let columns = Columns {
        answer: COL_ANSWER,
        explanation: COL_EXPLANATION,
        reference: COL_REFERENCE,
    };
    let f = StatusFormulas::new(&spec, labels, columns, rows);
    let first = f.formula(&spec.requirements[0]);
    assert_eq!(first, "=IF(TRIM($E$11)=\"\",\"未回答\",\"\")");
    let six = f.formula(&spec.requirements[5]);
    assert!(
        six.starts_with(
            "=IF(OR(TRIM($E$11)=\"○\",TRIM($E$11)=\"〇\",TRIM($E$11)=\"◯\"),\"不要（1.1で○）\","
        ),
        "{six}"
    );
    assert!(six.contains("\"不要（1.3・1.4で○）\""), "{six}");
    assert!(six.contains("\"不要（1.3・1.5で○）\""), "{six}");
    assert!(six.contains("\"要説明\""), "{six}");
    let en = small_spec(Lang::En);
    let f = StatusFormulas::new(
        &en,
        Labels::of(Lang::En),
        columns,
        en.requirements
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect(),
    );
    assert!(f
        .formula(&en.requirements[4])
        .contains("\"Waived (1.3 = ○)\""));
}

#[test]
fn note_text_explains_the_rule() {
    let spec = small_spec(Lang::Ja);
    let text = note_text(&spec, &labels::JA, &spec.rules[2]);
    assert_eq!(
        text,
        "※ 1.3と1.4もしくは1.3と1.5の場合、以下は不要\n→ 1.3と1.4で○、または1.3と1.5で○と回答した場合、1.6～1.7は回答不要です。"
    );
}

#[test]
fn row_heights_grow_with_japanese_text() {
    assert_eq!(lines("abc", 10.0), 1);
    assert_eq!(lines("あいうえおかきくけこ", 10.0), 2);
    assert_eq!(lines("あいうえおかきくけこあ", 10.0), 3);
    assert_eq!(lines("a\nb", 10.0), 2);
}

#[test]
fn a_rule_naming_a_requirement_not_on_the_form_never_holds_through_it() {
    let mut spec = small_spec(Lang::Ja);
    spec.rules = vec![rule(
        "9.9 | 1.1",
        &["1.2"],
        "9.9または1.1の場合、1.2は不要",
        "1.2",
    )];
    let rows: HashMap<&str, u32> = spec
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as u32))
        .collect();
    let columns = Columns {
        answer: COL_ANSWER,
        explanation: COL_EXPLANATION,
        reference: COL_REFERENCE,
    };
    let f = StatusFormulas::new(&spec, &labels::JA, columns, rows);
    let formula = f.formula(&spec.requirements[1]);
    assert!(
        formula.starts_with("=IF(OR(TRIM($E$1)=\"○\",TRIM($E$1)=\"〇\",TRIM($E$1)=\"◯\"),\"不要（1.1で○）\",IF(TRIM($E$2)"),
        "{formula}"
    );
    assert!(!formula.contains("9.9"), "{formula}");
    // The form still renders and reads.
    let bytes = render(&spec, None).unwrap();
    assert_eq!(
        crate::response::read(&bytes, "f.xlsx").unwrap().rows.len(),
        7
    );
}

#[test]
fn long_messages_are_cut_to_excel_limits() {
    assert_eq!(truncate("abc", 3), "abc");
    assert_eq!(truncate("abcd", 3), "ab…");
    assert_eq!(truncate("𠀋𠀋", 3), "𠀋…");
    let mut spec = small_spec(Lang::Ja);
    spec.requirements[1].applies_if = Some("x".repeat(400));
    spec.procurement.title = "長".repeat(300);
    assert!(render(&spec, None).is_ok());
}

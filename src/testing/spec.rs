//! Hand-built Specs, so that a stage is tested without the catalog reader or `tailor` in front
//! of it.

use crate::model::{Lang, Level, Location, Rule, RuleOrigin, Section};
use crate::rules::Expr;
use crate::spec::{
    CatalogInfo, Date, Excluded, Procurement, Scale, Spec, SpecRequirement, SPEC_FORMAT,
};

/// The mandatory requirements of [`sample_shaped`] (as in the sample table).
pub const MANDATORY: &[&str] = &[
    "1.5", "1.8", "1.9", "1.11", "1.12", "1.13", "1.14", "1.16", "1.17", "1.18", "1.19", "1.20",
    "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27",
];

/// The requirements of [`sample_shaped`] that ask for evidence (as in the sample table).
pub const EVIDENCE: &[&str] = &["1.17", "1.18", "1.19", "1.20", "1.21", "1.22", "1.27"];

fn sample_range(from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|n| format!("1.{n}")).collect()
}

fn config_rule(when: &str, waives: Vec<String>) -> Rule {
    Rule {
        when: Expr::parse(when).expect("a valid rule"),
        waives,
        text: when.to_string(),
        origin: RuleOrigin::Config,
        before: None,
        location: None,
    }
}

/// A Spec shaped like the sample table: 1.1–1.28 ([`MANDATORY`] and [`EVIDENCE`] as there),
/// its three waiver rules (`1.1 | 1.2 | 1.4` waives 1.6–1.28, `1.7` waives 1.8–1.13,
/// `1.6 & 1.7 | 1.6 & 1.10` waives 1.16–1.28), 1.5's applicability condition and 1.1's title;
/// every text a placeholder. Sealed.
pub fn sample_shaped(lang: Lang) -> Spec {
    let requirements = sample_range(1, 28)
        .into_iter()
        .map(|id| SpecRequirement {
            label: format!("{id}."),
            title: (id == "1.1").then(|| "セキュリティ評価制度".to_string()),
            text: format!("要件{id}の本文です。ISO/IEC 27001:2013認証を取得していること。"),
            level: if MANDATORY.contains(&id.as_str()) {
                Level::Mandatory
            } else {
                Level::Optional
            },
            own_level: None,
            raised: false,
            section: Some(0),
            applies_if: (id == "1.5")
                .then(|| "外部サービスが生成AIを利用したサービスに該当する場合".to_string()),
            applies: false,
            evidence: EVIDENCE.contains(&id.as_str()),
            points: 1,
            id,
        })
        .collect();
    let mut spec = Spec {
        format: SPEC_FORMAT,
        lang,
        procurement: Procurement {
            title: "外部サービス利用に係るセキュリティ要件".into(),
            ..Default::default()
        },
        catalog: CatalogInfo::default(),
        confidentiality: 2,
        sections: Vec::new(),
        requirements,
        rules: vec![
            config_rule("1.1 | 1.2 | 1.4", sample_range(6, 28)),
            config_rule("1.7", sample_range(8, 13)),
            config_rule("1.6 & 1.7 | 1.6 & 1.10", sample_range(16, 28)),
        ],
        excluded: Vec::new(),
        scale: Scale::default(),
        fingerprint: String::new(),
    };
    spec.seal();
    spec
}

fn requirement(id: &str, title: Option<&str>, text: &str, level: Level) -> SpecRequirement {
    SpecRequirement {
        id: id.to_string(),
        label: format!("{id}."),
        title: title.map(str::to_string),
        text: text.to_string(),
        level,
        own_level: None,
        raised: false,
        section: Some(0),
        applies_if: None,
        applies: false,
        evidence: false,
        points: 1,
    }
}

/// A waiver rule read from a condition row: `when` waives `waives`, written `text` in the row
/// before requirement `before`.
pub fn condition_row(when: &str, waives: &[&str], text: &str, before: &str) -> Rule {
    Rule {
        when: Expr::parse(when).expect("a valid rule"),
        waives: waives.iter().map(|s| s.to_string()).collect(),
        text: text.to_string(),
        origin: RuleOrigin::ConditionRow,
        before: Some(before.to_string()),
        location: None,
    }
}

/// The one section of the small Specs: `1.外部サービス要件(機密性2以上)`.
fn one_section() -> Vec<Section> {
    vec![Section {
        heading: "1.外部サービス要件(機密性2以上)".into(),
        title: "外部サービス要件".into(),
        min_confidentiality: Some(2),
        location: Location::line("requirements.md", 5),
    }]
}

/// A Spec of seven requirements, the sample's shape in small: 1.1 | 1.2 waives 1.3..1.7;
/// 1.3 waives 1.4..1.5; 1.3 & 1.4 | 1.3 & 1.5 waives 1.6..1.7 (all three condition rows).
/// 1.6 needs evidence, 1.2 has an applicability condition; the procurement's every field is
/// set. Sealed.
pub fn seven_requirements(lang: Lang) -> Spec {
    let mut requirements = vec![
        requirement(
            "1.1",
            Some("ISMAP"),
            "ISMAPに登録されていること。",
            Level::Optional,
        ),
        requirement(
            "1.2",
            None,
            "生成AIを利用する場合には、入力情報を学習に用いないこと。",
            Level::Mandatory,
        ),
        requirement(
            "1.3",
            Some("認証"),
            "ISO/IEC 27001認証を取得していること。",
            Level::Optional,
        ),
        requirement(
            "1.4",
            None,
            "ISO/IEC 27017認証を取得していること。",
            Level::Mandatory,
        ),
        requirement(
            "1.5",
            None,
            "ISO/IEC 27018認証を取得していること。",
            Level::Optional,
        ),
        requirement(
            "1.6",
            Some("体制"),
            "管理体制について提示すること。",
            Level::Mandatory,
        ),
        requirement(
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
        sections: one_section(),
        requirements,
        rules: vec![
            condition_row(
                "1.1 | 1.2",
                &["1.3", "1.4", "1.5", "1.6", "1.7"],
                "1.1または1.2の場合、以下は不要",
                "1.3",
            ),
            condition_row(
                "1.3",
                &["1.4", "1.5"],
                "1.3で認証を取得している場合、1.4~1.5は不要",
                "1.4",
            ),
            condition_row(
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

/// A Japanese tender of three requirements with hostile text (table pipes, a line break, HTML
/// in 1.1 and in the title): 1.1 optional with a title, 1.2 mandatory and applicable under a
/// condition, 1.3 raised to mandatory and asking for evidence; one condition row (1.1 | 1.2
/// waives 1.3) and one exclusion (1.9). Sealed.
pub fn hostile_text() -> Spec {
    let req = |id: &str, level: Level, text: &str| SpecRequirement {
        points: if level == Level::Optional { 1 } else { 0 },
        ..requirement(id, None, text, level)
    };
    let mut r1 = req(
        "1.1",
        Level::Optional,
        "ISMAPへの登録 | <script>alert(1)</script>\n二行目",
    );
    r1.title = Some("セキュリティ評価制度".into());
    let mut r2 = req(
        "1.2",
        Level::Mandatory,
        "生成AIに該当する場合には、確認できること。",
    );
    r2.applies_if = Some("生成AIに該当する場合".into());
    r2.applies = true;
    let mut r3 = req("1.3", Level::Mandatory, "監査を受け入れること。");
    r3.raised = true;
    r3.evidence = true;
    let mut spec = Spec {
        format: 1,
        lang: Lang::Ja,
        procurement: Procurement {
            title: "外部サービス & <要件>".into(),
            buyer: Some("○○市".into()),
            issued: Date::new(2026, 12, 1),
            deadline: Date::new(2027, 1, 15),
            form_number: Some("様式第1号".into()),
            ..Default::default()
        },
        catalog: CatalogInfo {
            source: "input/requirements.md".into(),
            title: None,
            sha256: "00".into(),
        },
        confidentiality: 2,
        sections: one_section(),
        requirements: vec![r1, r2, r3],
        rules: vec![Rule {
            when: Expr::parse("1.1 | 1.2").expect("a valid rule"),
            waives: vec!["1.3".into()],
            text: "1.1.でISMAPへの登録が行われている場合、以下の要件は不要".into(),
            origin: RuleOrigin::ConditionRow,
            before: Some("1.3".into()),
            location: None,
        }],
        excluded: vec![Excluded {
            id: "1.9".into(),
            label: "1.9.".into(),
            title: Some("データセンター".into()),
            reason: "オンプレミスのため".into(),
        }],
        scale: Scale::default(),
        fingerprint: String::new(),
    };
    spec.seal();
    spec
}

//! What `procspec check` shows: a readable summary of a catalog, or the same as JSON.
//!
//! The summary prints every rule in the rule syntax so that a user can paste it into
//! `procspec.toml` when the prose needs correcting.

use std::fmt::Write;

use serde::Serialize;

use super::Loaded;
use crate::model::{Diagnostic, Lang, Level, Location, RuleOrigin};
use crate::rules;
use crate::words::{self, Worded};

#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub lang: Lang,
    pub counts: Counts,
    pub sections: Vec<SectionOut<'a>>,
    pub requirements: Vec<RequirementOut<'a>>,
    pub rules: Vec<RuleOut<'a>>,
    /// The columns each table was read by.
    pub tables: &'a [crate::model::TableRead],
    /// The table's own levels as written, with the count of rows of each, in table order.
    pub levels: Vec<(&'a str, usize)>,
    /// In the catalog's language.
    pub diagnostics: Vec<Worded<String>>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub requirements: usize,
    pub mandatory: usize,
    pub optional: usize,
    pub rules: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Serialize)]
pub struct SectionOut<'a> {
    pub heading: &'a str,
    pub title: &'a str,
    pub min_confidentiality: Option<u8>,
    pub requirements: usize,
    pub location: String,
}

#[derive(Debug, Serialize)]
pub struct RequirementOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub level: Level,
    /// The level as the table writes it, when it has levels of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_level: Option<&'a str>,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub section: Option<&'a str>,
    pub applies_if: Option<&'a str>,
    pub evidence: bool,
    pub location: String,
}

#[derive(Debug, Serialize)]
pub struct RuleOut<'a> {
    pub when: String,
    /// The waived ids in the rule syntax (`1.6..1.28`).
    pub waive: String,
    pub waives: &'a [String],
    pub text: &'a str,
    pub origin: &'a RuleOrigin,
    pub location: Option<String>,
}

impl<'a> Summary<'a> {
    pub fn new(loaded: &'a Loaded) -> Self {
        let c = &loaded.catalog;
        let ids: Vec<&str> = c.requirements.iter().map(|r| r.id.as_str()).collect();
        let order = rules::Order::new(&ids);
        let mandatory = c
            .requirements
            .iter()
            .filter(|r| r.level == Level::Mandatory)
            .count();
        let (errors, warnings) = super::infer::counts(&loaded.diagnostics);
        Summary {
            file: &c.source,
            title: c.title.as_deref(),
            lang: c.lang,
            counts: Counts {
                requirements: c.requirements.len(),
                mandatory,
                optional: c.requirements.len() - mandatory,
                rules: c.rules.len(),
                errors,
                warnings,
            },
            sections: c
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| SectionOut {
                    heading: &s.heading,
                    title: &s.title,
                    min_confidentiality: s.min_confidentiality,
                    requirements: c
                        .requirements
                        .iter()
                        .filter(|r| r.section == Some(i))
                        .count(),
                    location: s.location.to_string(),
                })
                .collect(),
            requirements: c
                .requirements
                .iter()
                .map(|r| RequirementOut {
                    id: &r.id,
                    label: &r.label,
                    level: r.level,
                    own_level: r.own_level.as_deref(),
                    title: r.title.as_deref(),
                    text: &r.text,
                    section: r
                        .section
                        .and_then(|i| c.sections.get(i))
                        .map(|s| s.title.as_str()),
                    applies_if: r.applies_if.as_deref(),
                    evidence: r.evidence,
                    location: r.location.to_string(),
                })
                .collect(),
            rules: c
                .rules
                .iter()
                .map(|r| RuleOut {
                    when: r.when.to_string(),
                    waive: order.compress(&r.waives),
                    waives: &r.waives,
                    text: &r.text,
                    origin: &r.origin,
                    location: r.location.as_ref().map(Location::to_string),
                })
                .collect(),
            tables: &c.tables,
            levels: c.own_levels(),
            diagnostics: loaded
                .diagnostics
                .iter()
                .map(|d| worded(c.lang, d))
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        // Plain strings, numbers and enums: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The human-readable summary, in the catalog's language.
    pub fn to_text(&self) -> String {
        let ja = self.lang == Lang::Ja;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            self.file,
            self.title.map(|t| format!(": {t}")).unwrap_or_default()
        );
        let c = &self.counts;
        let _ = if ja {
            writeln!(
                out,
                "要件 {}件（必須 {}・任意 {}）、免除規則 {}件",
                c.requirements, c.mandatory, c.optional, c.rules
            )
        } else {
            writeln!(
                out,
                "{} requirements ({} mandatory, {} optional), {} waiver rules",
                c.requirements, c.mandatory, c.optional, c.rules
            )
        };
        self.write_columns(&mut out);
        self.write_sections(&mut out);
        self.write_rules(&mut out);
        self.write_answers_to_note(&mut out);
        self.write_diagnostics(&mut out);
        out
    }

    /// The columns each table was read by (`id ← A "Question ID"`), and the table's own levels.
    fn write_columns(&self, out: &mut String) {
        let t = |ja: &'static str, en: &'static str| self.lang.pick(ja, en);
        let _ = writeln!(out, "\n{}", t("読み取った列", "Columns read"));
        for table in self.tables {
            let columns: Vec<String> = table
                .columns
                .iter()
                .map(|c| format!("{} ← {} \"{}\"", c.role.key(), c.column, c.header))
                .collect();
            let _ = writeln!(out, "  {}: {}", table.header, columns.join(", "));
        }
        if !self.levels.is_empty() {
            let levels: Vec<String> = self
                .levels
                .iter()
                .map(|(v, n)| format!("\"{v}\" {n}"))
                .collect();
            let _ = writeln!(
                out,
                "  {}: {}",
                t("表独自のレベル", "the table's own levels"),
                levels.join(", ")
            );
        }
    }

    /// The sections with where each applies.
    fn write_sections(&self, out: &mut String) {
        let ja = self.lang == Lang::Ja;
        let t = |j: &'a str, e: &'a str| if ja { j } else { e };
        if !self.sections.is_empty() {
            let _ = writeln!(out, "\n{}", t("セクション", "Sections"));
            for s in &self.sections {
                let applies = match (s.min_confidentiality, ja) {
                    (Some(n), true) => format!("機密性{n}以上で適用"),
                    (Some(n), false) => format!("applies from confidentiality {n}"),
                    (None, true) => "常に適用".to_string(),
                    (None, false) => "always applies".to_string(),
                };
                let _ = if ja {
                    writeln!(
                        out,
                        "  {}  {}、要件 {}件",
                        s.heading, applies, s.requirements
                    )
                } else {
                    writeln!(
                        out,
                        "  {}  {}, {} requirements",
                        s.heading, applies, s.requirements
                    )
                };
            }
        }
    }

    /// The waiver rules in the syntax of `[[rules]]`, to paste.
    fn write_rules(&self, out: &mut String) {
        let ja = self.lang == Lang::Ja;
        let t = |j: &'a str, e: &'a str| if ja { j } else { e };
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "免除規則（procspec.toml にそのまま貼り付けて修正できます）",
                "Waiver rules (paste into procspec.toml to correct them)"
            )
        );
        if self.rules.is_empty() {
            let _ = writeln!(out, "  {}", t("なし", "none"));
        }
        for r in &self.rules {
            let _ = writeln!(
                out,
                "  # {}: {}",
                r.location.as_deref().unwrap_or("-"),
                one_line(r.text)
            );
            let _ = writeln!(
                out,
                "  [[rules]]\n  when  = \"{}\"\n  waive = \"{}\"",
                r.when, r.waive
            );
        }
    }

    /// The requirements whose answers need more than ○: conditional ones and evidence rows.
    fn write_answers_to_note(&self, out: &mut String) {
        let ja = self.lang == Lang::Ja;
        let t = |j: &'a str, e: &'a str| if ja { j } else { e };
        let conditional: Vec<&RequirementOut> = self
            .requirements
            .iter()
            .filter(|r| r.applies_if.is_some())
            .collect();
        if !conditional.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                t(
                    "条件付きの要件（「該当なし」と回答できます）",
                    "Conditional requirements (\"not applicable\" is an answer)"
                )
            );
            for r in conditional {
                let _ = writeln!(out, "  {}  {}", r.id, r.applies_if.unwrap_or_default());
            }
        }
        let evidence: Vec<&str> = self
            .requirements
            .iter()
            .filter(|r| r.evidence)
            .map(|r| r.id)
            .collect();
        if !evidence.is_empty() {
            let _ = writeln!(
                out,
                "\n{}\n  {}",
                t(
                    "説明・資料の提示が必要な要件",
                    "Requirements that need an explanation or a document"
                ),
                evidence.join(", ")
            );
        }
    }

    /// Every finding with its place and hint.
    fn write_diagnostics(&self, out: &mut String) {
        let ja = self.lang == Lang::Ja;
        let t = |j: &'a str, e: &'a str| if ja { j } else { e };
        let _ = writeln!(out, "\n{}", t("診断", "Diagnostics"));
        if self.diagnostics.is_empty() {
            let _ = writeln!(out, "  {}", t("問題なし", "none"));
        }
        for d in &self.diagnostics {
            let place = d
                .location
                .as_deref()
                .map(|l| format!("{l}: "))
                .unwrap_or_default();
            let _ = writeln!(out, "  {place}{}: {}", d.severity, d.message);
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "    {}: {h}", t("対処", "hint"));
            }
        }
    }
}

/// `d` in words, its place written `file:line` or `file!Sheet!C12`.
fn worded(lang: Lang, d: &Diagnostic) -> Worded<String> {
    let w = words::diagnostic(lang, d);
    Worded {
        severity: w.severity,
        code: w.code,
        message: w.message,
        location: w.location.as_ref().map(Location::to_string),
        hint: w.hint,
    }
}

fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        flat.chars().take(59).collect::<String>() + "…"
    } else {
        flat
    }
}

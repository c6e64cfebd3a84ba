//! The live status column: one Excel formula per requirement row that tells the bidder, as it
//! types, whether its own answers have waived the row (`不要（1.7で○）`), whether the row is still
//! unanswered, and whether a comply answer still lacks its evidence.
//!
//! The formulas only read the answer, explanation and reference cells of the form. Grading never
//! reads their results; they are a guide for the bidder.

use std::collections::HashMap;

use super::labels::Labels;
use crate::model::{Lang, Rule};
use crate::spec::{Scale, Spec, SpecRequirement};

/// Above this many ways of being waived, a row's formula names no single answer (Excel nests at
/// most 64 `IF`s).
const MAX_ALTERNATIVES: usize = 40;
/// Excel's limit on a formula's length is 8192 characters; stay clear of it.
const MAX_FORMULA: usize = 8000;

/// Cell columns the formulas read (zero-based).
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub answer: u16,
    pub explanation: u16,
    pub reference: u16,
}

/// Builds the status formulas of a form.
pub struct StatusFormulas<'a> {
    spec: &'a Spec,
    labels: &'a Labels,
    columns: Columns,
    /// Worksheet row (zero-based) of each requirement id.
    rows: HashMap<&'a str, u32>,
    /// The rules that waive each requirement id, in rule order (found once: searching every
    /// rule for every row was quadratic in the size of the catalog).
    waived_by: HashMap<&'a str, Vec<&'a Rule>>,
}

impl<'a> StatusFormulas<'a> {
    pub fn new(
        spec: &'a Spec,
        labels: &'a Labels,
        columns: Columns,
        rows: HashMap<&'a str, u32>,
    ) -> Self {
        let mut waived_by: HashMap<&str, Vec<&Rule>> = HashMap::new();
        for rule in &spec.rules {
            for id in &rule.waives {
                let rules = waived_by.entry(id.as_str()).or_default();
                // A rule that names an id twice waives it once.
                if !rules.last().is_some_and(|r| std::ptr::eq(*r, rule)) {
                    rules.push(rule);
                }
            }
        }
        StatusFormulas {
            spec,
            labels,
            columns,
            rows,
            waived_by,
        }
    }

    /// The formula of `req`'s status cell (with its leading `=`).
    pub fn formula(&self, req: &SpecRequirement) -> String {
        let Some(&row) = self.rows.get(req.id.as_str()) else {
            return format!("=\"{}\"", quote(self.labels.unanswered));
        };
        let fallback = self.not_waived(req, row);
        let waivers = self.waivers(&req.id);
        let body = if waivers.len() > MAX_ALTERNATIVES {
            let any = waivers.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>();
            format!(
                "IF(OR({}),\"{}\",{fallback})",
                any.join(","),
                quote(self.labels.waived)
            )
        } else {
            waivers
                .iter()
                .rev()
                .fold(fallback.clone(), |inner, (condition, label)| {
                    format!("IF({condition},\"{}\",{inner})", quote(label))
                })
        };
        if body.len() > MAX_FORMULA {
            // A rule too large to show live: the column still tracks what is left to answer.
            return format!("={fallback}");
        }
        format!("={body}")
    }

    /// What the status shows when no rule waives the row.
    fn not_waived(&self, req: &SpecRequirement, row: u32) -> String {
        let answer = self.cell(self.columns.answer, row);
        let unanswered = format!(
            "IF(TRIM({answer})=\"\",\"{}\",",
            quote(self.labels.unanswered)
        );
        if req.evidence {
            let explanation = self.cell(self.columns.explanation, row);
            let reference = self.cell(self.columns.reference, row);
            format!(
                "{unanswered}IF(AND({},TRIM({explanation})=\"\",TRIM({reference})=\"\"),\"{}\",\"\"))",
                self.met_at(row),
                quote(self.labels.needs_evidence)
            )
        } else {
            format!("{unanswered}\"\")")
        }
    }

    /// `(condition, label)` for every way the row can be waived, in rule order.
    fn waivers(&self, id: &str) -> Vec<(String, String)> {
        self.waived_by
            .get(id)
            .into_iter()
            .flatten()
            .flat_map(|rule| self.rule_waivers(rule))
            .collect()
    }

    fn rule_waivers(&self, rule: &Rule) -> Vec<(String, String)> {
        rule.when
            .alternatives()
            .into_iter()
            // A requirement not on the form (excluded) is never met: a way of being waived that
            // needs it can never hold.
            .filter(|ids| ids.iter().all(|id| self.rows.contains_key(id)))
            .map(|ids| {
                let parts: Vec<String> = ids.iter().map(|id| self.met(id)).collect();
                let condition = if parts.len() == 1 {
                    parts[0].clone()
                } else {
                    format!("AND({})", parts.join(","))
                };
                (condition, waived_label(self.labels, self.spec, &ids))
            })
            .collect()
    }

    /// Whether requirement `id` is answered "comply"; an id not on the form never is.
    fn met(&self, id: &str) -> String {
        match self.rows.get(id) {
            Some(&row) => self.met_at(row),
            None => "FALSE".to_string(),
        }
    }

    fn met_at(&self, row: u32) -> String {
        let cell = self.cell(self.columns.answer, row);
        let symbols = comply_symbols(&self.spec.scale);
        let tests: Vec<String> = symbols
            .iter()
            .map(|s| format!("TRIM({cell})=\"{}\"", quote(s)))
            .collect();
        if tests.len() == 1 {
            tests[0].clone()
        } else {
            format!("OR({})", tests.join(","))
        }
    }

    fn cell(&self, col: u16, row: u32) -> String {
        let name = crate::model::cell_name(row, u32::from(col));
        let letters: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        format!("${letters}${}", row + 1)
    }
}

/// `不要（1.6・1.7で○）` / `Waived (1.6 & 1.7 = ○)`.
pub fn waived_label(labels: &Labels, spec: &Spec, ids: &[&str]) -> String {
    let comply = &spec.scale.comply;
    match spec.lang {
        Lang::Ja => format!("{}（{}で{comply}）", labels.waived, ids.join("・")),
        Lang::En => format!("{} ({} = {comply})", labels.waived, ids.join(" & ")),
    }
}

/// The comply symbol and, for the default `○`, the look-alikes bidders type (`〇` kanji zero,
/// `◯` large circle).
pub fn comply_symbols(scale: &Scale) -> Vec<String> {
    let comply = scale.comply.trim().to_string();
    if comply == "○" {
        vec![comply, "〇".to_string(), "◯".to_string()]
    } else {
        vec![comply]
    }
}

/// A string literal's text inside an Excel formula: `"` doubled.
fn quote(text: &str) -> String {
    text.replace('"', "\"\"")
}

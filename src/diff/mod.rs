//! The 新旧対照表: two revisions of a requirement table (or two built tenders' `spec.json`)
//! compared row by row, the changed words underlined on both sides.
//!
//! 1. [`read`] turns either kind of input into a [`Table`]: its rows in document order
//!    (section headings, condition rows, requirements, each requirement's text as the table
//!    writes it, a waiver condition written into the cell included).
//! 2. [`compare`] matches the rows of the two tables (`matching.rs`: the same text wherever it
//!    moved, then the same id, then the most alike text, so that renumbered rows still meet
//!    their old selves) and compares each pair word by word ([`words`]). The [`Comparison`] is
//!    the machine's answer (`procspec diff --format json`).
//! 3. [`render`] lays it out as the document a public body publishes: 改正後 | 改正前 (or the
//!    labels and order configured), (新設) and (削る) in the empty side, unchanged runs
//!    collapsed into 略, the note （傍線部分は改正部分）, in Markdown, HTML and DOCX.

pub mod docx;
mod matching;
pub mod render;
pub mod words;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Catalog, Diagnostic, Lang, Level, Rule, RuleOrigin};
use crate::procurement::{self, Procurement};
use crate::spec::{sha256_hex, Spec};
use words::Span;

/// `[diff]` in procspec.toml: how the 新旧対照表 is laid out. Each is also a flag of
/// `procspec diff`, which wins over the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffConfig {
    /// The column headings, the new revision's first: `["改正案", "現行"]`, `["新", "旧"]`.
    /// By default `改正後` / `改正前` (English tables: `Revised` / `Current`).
    #[serde(default)]
    pub labels: Option<[String; 2]>,
    /// Which revision is the left column.
    #[serde(default)]
    pub order: Order,
    /// Whether unchanged rows are shown or collapsed into one （略） row a run.
    #[serde(default)]
    pub unchanged: Unchanged,
}

/// Which revision is the left column: `new-old` (the custom of 新旧対照表) or `old-new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    #[default]
    NewOld,
    OldNew,
}

/// Unchanged rows: `collapse`d into one （略） row per run (the custom), or `show`n in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unchanged {
    #[default]
    Collapse,
    Show,
}

/// What kind of row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A section heading (`1.外部サービス要件(機密性2以上)`).
    Section,
    /// A condition row between requirements (`…の場合、以下の要件は不要`).
    Condition,
    Requirement,
}

/// One row of a table as the comparison sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub kind: Kind,
    /// A requirement's normalised id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A requirement's id as the table writes it (`1.6.`); empty for other rows.
    pub label: String,
    /// The row's text: a requirement's condition written into its cell, title and text, one a
    /// line; a heading; a condition. White space is tidied (each line trimmed, runs of spaces
    /// one space), nothing else.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The level as the table writes it when that is not one of the words levels are shown by
    /// (`◎`, `Must`, `3`): shown and compared instead of the level's word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_level: Option<String>,
}

impl Row {
    /// The level as shown: the table's own word, else the level's in `lang`.
    fn level_word(&self, lang: Lang) -> &str {
        match self.level {
            Some(level) => level.as_written(self.own_level.as_deref(), lang),
            None => self.own_level.as_deref().unwrap_or(""),
        }
    }

    /// A heading or a condition row: its text, no id.
    fn unnumbered(kind: Kind, text: &str) -> Row {
        Row {
            kind,
            id: None,
            label: String::new(),
            text: tidy(text),
            level: None,
            own_level: None,
        }
    }
}

/// What was read: a requirement table or a built tender's `spec.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Table,
    Spec,
}

/// The file a side was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub sha256: String,
    pub kind: SourceKind,
}

/// One revision, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub lang: Lang,
    pub rows: Vec<Row>,
    /// What reading a requirement table found (`procspec check` shows them); none for a
    /// `spec.json`.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one revision: a built tender's `spec.json` (a `.json` file), else a requirement table
/// in any format procspec reads, within `procurement`'s `[limits]` when given. `sheet` chooses
/// the sheet of a workbook.
///
/// A file that cannot be read is an error naming it.
pub fn read(path: &Path, sheet: Option<&str>, procurement: Option<&Procurement>) -> Result<Table> {
    let shown = procurement::display(path);
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let spec: Spec = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Usage(format!(
                "{shown}: not a spec.json procspec build wrote ({e}); compare two requirement \
                 tables or two spec.json"
            ))
        })?;
        let source = Source {
            file: shown,
            sha256: sha256_hex(&bytes),
            kind: SourceKind::Spec,
        };
        return Ok(from_spec(&spec, source));
    }
    // The table is hashed as read here; the loader reads it again (it is small beside the work).
    let loaded = procurement::check_file(path, sheet, procurement)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let source = Source {
        file: shown,
        sha256: sha256_hex(&bytes),
        kind: SourceKind::Table,
    };
    let mut table = from_catalog(&loaded.catalog, source);
    table.diagnostics = loaded.diagnostics;
    Ok(table)
}

/// The rows of a catalog, in document order.
pub fn from_catalog(catalog: &Catalog, source: Source) -> Table {
    let sections: Vec<&str> = catalog
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    let requirements = catalog.requirements.iter().map(|r| Requirement {
        id: &r.id,
        label: &r.label,
        title: r.title.as_deref(),
        text: &r.text,
        level: r.level,
        own_level: r.own_level.as_deref(),
        section: r.section,
    });
    Table {
        source,
        title: catalog.title.clone(),
        lang: catalog.lang,
        rows: rows(&sections, requirements, &catalog.rules),
        diagnostics: Vec::new(),
    }
}

/// The rows of a built tender: the requirements it asks, its sections and condition rows.
pub fn from_spec(spec: &Spec, source: Source) -> Table {
    let sections: Vec<&str> = spec.sections.iter().map(|s| s.heading.as_str()).collect();
    let requirements = spec.requirements.iter().map(|r| Requirement {
        id: &r.id,
        label: &r.label,
        title: r.title.as_deref(),
        text: &r.text,
        level: r.level,
        own_level: r.own_level.as_deref(),
        section: r.section,
    });
    let title = Some(spec.procurement.title.clone()).filter(|t| !t.trim().is_empty());
    Table {
        source,
        title: title.or_else(|| spec.catalog.title.clone()),
        lang: spec.lang,
        rows: rows(&sections, requirements, &spec.rules),
        diagnostics: Vec::new(),
    }
}

/// What a catalog's and a Spec's requirements have in common here.
struct Requirement<'a> {
    id: &'a str,
    label: &'a str,
    title: Option<&'a str>,
    text: &'a str,
    level: Level,
    own_level: Option<&'a str>,
    section: Option<usize>,
}

fn rows<'a>(
    sections: &[&str],
    requirements: impl Iterator<Item = Requirement<'a>>,
    rules: &[Rule],
) -> Vec<Row> {
    let mut out = Vec::new();
    let mut section: Option<Option<usize>> = None;
    let mut placed = vec![false; rules.len()];
    for r in requirements {
        if section != Some(r.section) {
            section = Some(r.section);
            if let Some(heading) = r.section.and_then(|i| sections.get(i)) {
                out.push(Row::unnumbered(Kind::Section, heading));
            }
        }
        let mut lines: Vec<&str> = Vec::new();
        for (n, rule) in rules.iter().enumerate() {
            match &rule.origin {
                RuleOrigin::ConditionRow if rule.before.as_deref() == Some(r.id) => {
                    placed[n] = true;
                    out.push(Row::unnumbered(Kind::Condition, &rule.text));
                }
                RuleOrigin::Embedded { requirement } if requirement == r.id => {
                    placed[n] = true;
                    lines.push(&rule.text);
                }
                _ => {}
            }
        }
        lines.extend(r.title);
        lines.push(r.text);
        out.push(Row {
            kind: Kind::Requirement,
            id: Some(r.id.to_string()),
            label: r.label.trim().to_string(),
            text: lines
                .iter()
                .map(|l| tidy(l))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            level: Some(r.level),
            own_level: r.own_level.map(tidy),
        });
    }
    // A condition row after the last requirement (it waives nothing, `check` says so) is still
    // a row of the table.
    for (n, rule) in rules.iter().enumerate() {
        if !placed[n] && rule.origin == RuleOrigin::ConditionRow {
            out.push(Row::unnumbered(Kind::Condition, &rule.text));
        }
    }
    out
}

/// Each line trimmed, runs of spaces and tabs one space, empty lines dropped.
fn tidy(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Changed,
    /// Only in the new revision: (新設).
    Added,
    /// Only in the old revision: (削る).
    Removed,
}

/// How a new row found its old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matched {
    /// The same id.
    Id,
    /// The same or the most alike text under another id (the rows were renumbered or moved),
    /// or a heading's or a condition row's text, which have no id.
    Text,
}

/// One side of a row, with what changed underlined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    pub text: String,
    pub marked: Marked,
}

/// A side's parts as spans, `changed` where they differ from the other side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marked {
    pub label: Vec<Span>,
    /// The level in the table's language (`必須`, `Optional`).
    pub level: Vec<Span>,
    pub text: Vec<Span>,
}

/// One row of the 新旧対照表.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub status: Status,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Matched>,
    /// How alike the two texts are (0–1), for a matched row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Side>,
}

/// How many rows of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl Counts {
    /// Whether the revisions differ at all.
    pub fn any(&self) -> bool {
        self.changed + self.added + self.removed > 0
    }
}

/// Bumped when the meaning of a field of the JSON changes.
pub const DIFF_FORMAT: u32 = 1;

/// Two revisions compared: `procspec diff --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub format: u32,
    /// The new revision's language: labels and messages follow it.
    pub lang: Lang,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub new: Source,
    pub old: Source,
    pub counts: Counts,
    /// In the new revision's order, a removed row where it stood in the old one.
    pub rows: Vec<Entry>,
}

/// Compares two revisions.
pub fn compare(old: &Table, new: &Table) -> Comparison {
    let lang = new.lang;
    let pairs = matching::pair(&old.rows, &new.rows);
    let mut partner_of_old: Vec<Option<usize>> = vec![None; old.rows.len()];
    for (j, pair) in pairs.iter().enumerate() {
        if let Some((i, _)) = pair {
            partner_of_old[*i] = Some(j);
        }
    }
    // A removed row goes after the new partner of the last matched row before it.
    let mut after: std::collections::BTreeMap<Option<usize>, Vec<usize>> = Default::default();
    let mut last_partner = None;
    for (i, partner) in partner_of_old.iter().enumerate() {
        match partner {
            Some(j) => last_partner = Some(*j),
            None => after.entry(last_partner).or_default().push(i),
        }
    }
    let mut rows = Vec::with_capacity(new.rows.len() + old.rows.len());
    let removed = |i: usize| {
        let row = &old.rows[i];
        Entry {
            status: Status::Removed,
            kind: row.kind,
            matched: None,
            similarity: None,
            new: None,
            old: Some(alone(row, lang)),
        }
    };
    rows.extend(after.get(&None).into_iter().flatten().map(|&i| removed(i)));
    for (j, row) in new.rows.iter().enumerate() {
        rows.push(match pairs[j] {
            None => Entry {
                status: Status::Added,
                kind: row.kind,
                matched: None,
                similarity: None,
                new: Some(alone(row, lang)),
                old: None,
            },
            Some((i, matched)) => pair_entry(&old.rows[i], row, matched, lang),
        });
        rows.extend(
            after
                .get(&Some(j))
                .into_iter()
                .flatten()
                .map(|&i| removed(i)),
        );
    }
    let mut counts = Counts::default();
    for row in &rows {
        *match row.status {
            Status::Unchanged => &mut counts.unchanged,
            Status::Changed => &mut counts.changed,
            Status::Added => &mut counts.added,
            Status::Removed => &mut counts.removed,
        } += 1;
    }
    Comparison {
        format: DIFF_FORMAT,
        lang,
        title: new.title.clone().or_else(|| old.title.clone()),
        new: new.source.clone(),
        old: old.source.clone(),
        counts,
        rows,
    }
}

fn pair_entry(old: &Row, new: &Row, matched: Matched, lang: Lang) -> Entry {
    let text = words::compare(&old.text, &new.text);
    let level_changed = old.level != new.level || old.own_level != new.own_level;
    let same = old.label == new.label && !level_changed && old.text == new.text;
    let label_changed = old.label != new.label;
    let marked = |row: &Row, spans: Vec<Span>| Marked {
        label: words::whole(&row.label, label_changed),
        level: words::whole(row.level_word(lang), level_changed),
        text: spans,
    };
    let side = |row: &Row, spans| Side {
        id: row.id.clone(),
        label: row.label.clone(),
        level: row.level,
        text: row.text.clone(),
        marked: marked(row, spans),
    };
    Entry {
        status: if same {
            Status::Unchanged
        } else {
            Status::Changed
        },
        kind: new.kind,
        matched: Some(matched),
        similarity: Some((text.similarity * 1000.0).round() / 1000.0),
        new: Some(side(new, text.new)),
        old: Some(side(old, text.old)),
    }
}

/// A row alone, added or removed: underlined whole (it is all 改正部分), the other side saying
/// （新設） or （削る）.
fn alone(row: &Row, lang: Lang) -> Side {
    Side {
        id: row.id.clone(),
        label: row.label.clone(),
        level: row.level,
        text: row.text.clone(),
        marked: Marked {
            label: words::whole(&row.label, true),
            level: words::whole(row.level_word(lang), true),
            text: words::whole(&row.text, true),
        },
    }
}

/// The JSON of a comparison, pretty-printed, ending with a newline.
pub fn json(comparison: &Comparison) -> Result<String> {
    let mut text =
        serde_json::to_string_pretty(comparison).map_err(|e| Error::Usage(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::render::{Layout, View};
    use super::*;

    fn sample() -> Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/requirements.md");
        read(&path, None, None).unwrap()
    }

    fn revised() -> Table {
        read(
            &crate::testing::fixture("catalogs/ja_sample_revised.md"),
            None,
            None,
        )
        .unwrap()
    }

    /// The sample with 1.4 deleted and the rows after it renumbered (1.5 → 1.4 …), 1.6 (now
    /// 1.5) brought to ISO/IEC 27001:2022.
    fn renumbered() -> Table {
        let mut table = sample();
        table.rows.retain(|r| r.id.as_deref() != Some("1.4"));
        let mut n = 0;
        for row in &mut table.rows {
            if row.kind == Kind::Requirement {
                n += 1;
                row.id = Some(format!("1.{n}"));
                row.label = format!("1.{n}.");
            }
        }
        let row = table
            .rows
            .iter_mut()
            .find(|r| r.id.as_deref() == Some("1.5"))
            .unwrap();
        row.text = row.text.replace("27001:2013", "27001:2022");
        table
    }

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.changed {
                true => format!("<u>{}</u>", s.text),
                false => s.text.clone(),
            })
            .collect()
    }

    #[test]
    fn a_tables_rows_are_its_headings_condition_rows_and_requirements_as_written() {
        let table = sample();
        assert_eq!(table.lang, Lang::Ja);
        assert_eq!(table.title.as_deref(), Some("外部サービス要件"));
        let kinds: Vec<Kind> = table.rows.iter().map(|r| r.kind).take(8).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            [
                Section,
                Requirement,
                Requirement,
                Requirement,
                Requirement,
                Requirement,
                Condition,
                Requirement
            ]
        );
        assert_eq!(table.rows.len(), 1 + 28 + 2);
        let r18 = table
            .rows
            .iter()
            .find(|r| r.id.as_deref() == Some("1.8"))
            .unwrap();
        // The condition written into 1.8's cell is part of its text, as the table writes it.
        assert_eq!(
            r18.text,
            "1.7でISMAPへの登録が行われている場合、1.8~1.13の要件は不要\nサーバを提供する組織(CSP)が、ISO/IEC 27001:2013認証を取得していること。"
        );
        let r11 = &table.rows[1];
        assert_eq!(r11.label, "1.1.");
        assert!(
            r11.text
                .starts_with("セキュリティ評価制度\n利用しようとする"),
            "{}",
            r11.text
        );
        assert_eq!(table.source.kind, SourceKind::Table);
        assert_eq!(table.source.sha256.len(), 64);
    }

    #[test]
    fn the_sample_and_its_revision_give_one_changed_one_added_one_removed_requirement() {
        let c = compare(&sample(), &revised());
        assert_eq!(
            c.counts,
            Counts {
                changed: 2,
                added: 1,
                removed: 1,
                unchanged: 28
            }
        );
        let r16 = c
            .rows
            .iter()
            .find(|e| e.new.as_ref().is_some_and(|s| s.label == "1.6."))
            .unwrap();
        assert_eq!(r16.status, Status::Changed);
        assert_eq!(r16.matched, Some(Matched::Id));
        let (new, old) = (r16.new.as_ref().unwrap(), r16.old.as_ref().unwrap());
        assert!(marked(&new.marked.text).contains("ISO/IEC 27001:<u>2022</u>認証"));
        assert!(marked(&old.marked.text).contains("ISO/IEC 27001:<u>2013</u>認証"));
        assert!(new.marked.label.iter().all(|s| !s.changed));
        // The removed row stands where it stood: after 1.3, before 1.5.
        let labels: Vec<(Status, &str)> = c
            .rows
            .iter()
            .filter(|e| e.kind == Kind::Requirement)
            .map(|e| {
                (
                    e.status,
                    e.new.as_ref().or(e.old.as_ref()).unwrap().label.as_str(),
                )
            })
            .collect();
        assert_eq!(labels[3], (Status::Removed, "1.4."));
        assert_eq!(labels[4].1, "1.5.");
        assert_eq!(labels.last(), Some(&(Status::Added, "1.29.")));
        let removed = &c.rows.iter().find(|e| e.status == Status::Removed).unwrap();
        assert!(removed
            .old
            .as_ref()
            .unwrap()
            .marked
            .text
            .iter()
            .all(|s| s.changed));
    }

    #[test]
    fn renumbered_rows_are_matched_by_text_and_their_new_numbers_underlined() {
        let c = compare(&sample(), &renumbered());
        assert_eq!(c.counts.removed, 1, "{:?}", c.counts);
        assert_eq!(c.counts.added, 0, "{:?}", c.counts);
        let removed = c.rows.iter().find(|e| e.status == Status::Removed).unwrap();
        assert_eq!(removed.old.as_ref().unwrap().label, "1.4.");
        // Old 1.6 is new 1.5: found by its text, the number and the edition underlined.
        let moved = c
            .rows
            .iter()
            .find(|e| e.old.as_ref().is_some_and(|s| s.label == "1.6."))
            .unwrap();
        assert_eq!(moved.matched, Some(Matched::Text));
        let new = moved.new.as_ref().unwrap();
        assert_eq!(marked(&new.marked.label), "<u>1.5.</u>");
        assert!(marked(&new.marked.text).contains("<u>2022</u>"));
        // Old 1.5 is new 1.4, unchanged but for its number.
        let r15 = c
            .rows
            .iter()
            .find(|e| e.old.as_ref().is_some_and(|s| s.label == "1.5."))
            .unwrap();
        assert_eq!(r15.status, Status::Changed);
        assert_eq!(r15.new.as_ref().unwrap().label, "1.4.");
    }

    #[test]
    fn identical_tables_differ_in_nothing_and_collapse_into_one_omitted_run() {
        let c = compare(&sample(), &sample());
        assert!(!c.counts.any());
        let layout = Layout::new(&DiffConfig::default(), Lang::Ja);
        let view = View::new(&c, &layout);
        let kinds: Vec<&str> = view.rows.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["section", "omitted"]);
        assert_eq!(view.rows[1].cells[0].markdown, "1.1.〜1.28.（略）");
    }

    #[test]
    fn the_layout_sets_labels_order_and_unchanged_rows() {
        let c = compare(&sample(), &revised());
        let layout = Layout::new(&DiffConfig::default(), Lang::Ja);
        let view = View::new(&c, &layout);
        assert_eq!(view.columns[0].label, "改正後");
        assert_eq!(view.columns[1].label, "改正前");
        let removed = view.rows.iter().find(|r| r.status == "removed").unwrap();
        assert_eq!(removed.cells[0].markdown, "（削る）");
        let added = view.rows.iter().find(|r| r.status == "added").unwrap();
        assert_eq!(added.cells[1].markdown, "（新設）");
        assert!(added.cells[0]
            .markdown
            .starts_with("<u>1.29.</u>（<u>必須</u>）<br><u>"));

        let config = DiffConfig {
            labels: Some(["改正案".into(), "現行".into()]),
            order: Order::OldNew,
            unchanged: Unchanged::Show,
        };
        let view = View::new(&c, &Layout::new(&config, Lang::Ja));
        assert_eq!(view.columns[0].label, "現行");
        assert_eq!(view.columns[1].side, "new");
        assert_eq!(view.rows.len(), c.rows.len());
        let added = view.rows.iter().find(|r| r.status == "added").unwrap();
        assert_eq!(added.cells[0].markdown, "（新設）");
    }

    #[test]
    fn a_cells_markdown_is_escaped_with_its_spaces_and_underlines_kept() {
        let spans = [
            Span::plain("a | b "),
            Span::changed("<x>*"),
            Span::plain(" c\nd"),
        ];
        assert_eq!(
            render::spans_markdown(&spans),
            "a \\| b <u>&lt;x&gt;\\*</u> c<br>d"
        );
    }

    #[test]
    fn the_builtin_templates_render_every_mark_and_escape_the_text() {
        let mut new = revised();
        new.rows
            .iter_mut()
            .find(|r| r.label == "1.29.")
            .unwrap()
            .text
            .push_str("<script>");
        let c = compare(&sample(), &new);
        let layout = Layout::new(&DiffConfig::default(), Lang::Ja);
        let view = View::new(&c, &layout);
        let templates = crate::render::Templates::builtin().unwrap();
        let md = templates.render("diff.md", &view).unwrap();
        for mark in [
            "（傍線部分は改正部分）",
            "| 改正後 | 改正前 |",
            "<u>2022</u>",
            "<u>2013</u>",
            "（新設）",
            "（削る）",
            "1.7.〜1.28.（略）",
        ] {
            assert!(md.contains(mark), "{mark}: {md}");
        }
        assert!(
            !md.contains("<script>") && md.contains("&lt;script&gt;"),
            "{md}"
        );
        assert!(md.starts_with("# 外部サービス要件　新旧対照表\n"), "{md}");
        let html = templates.render("diff.html", &view).unwrap();
        for mark in [
            "size: A4 landscape",
            "<u>2022</u>",
            "<u>2013</u>",
            "（新設）",
            "（削る）",
            "（略）",
            "（傍線部分は改正部分）",
            "<th>改正後</th><th>改正前</th>",
        ] {
            assert!(html.contains(mark), "{mark}: {html}");
        }
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn an_english_table_gets_english_words() {
        let path = crate::testing::fixture("catalogs/en_security_with_waiver.md");
        let old = read(&path, None, None).unwrap();
        let mut new = old.clone();
        new.rows
            .iter_mut()
            .find(|r| r.label == "SEC-4")
            .unwrap()
            .text = "Data is encrypted at rest and in transit.".into();
        let c = compare(&old, &new);
        assert_eq!(c.lang, Lang::En);
        let view = View::new(&c, &Layout::new(&DiffConfig::default(), Lang::En));
        assert_eq!(view.columns[0].label, "Revised");
        assert_eq!(view.columns[1].label, "Current");
        assert_eq!(view.title, "Security requirements: comparison of revisions");
        let changed = view.rows.iter().find(|r| r.status == "changed").unwrap();
        assert_eq!(
            changed.cells[0].markdown,
            "SEC-4 (Mandatory)<br>Data is encrypted at rest <u>and in transit</u>."
        );
        assert_eq!(view.rows[1].cells[0].markdown, "SEC-1–SEC-3 (Unchanged)");
    }

    #[test]
    fn the_word_document_is_a4_landscape_in_mincho_with_underlined_runs() {
        let c = compare(&sample(), &revised());
        let view = View::new(&c, &Layout::new(&DiffConfig::default(), Lang::Ja));
        let bytes = docx::render(&view).unwrap();
        assert_eq!(
            bytes,
            docx::render(&view).unwrap(),
            "the same bytes each time"
        );
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        assert!(
            xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#),
            "{xml}"
        );
        assert!(xml.contains(r#"<w:u w:val="single" />"#));
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        for text in [
            "（新設）",
            "（削る）",
            "（傍線部分は改正部分）",
            ">2022<",
            ">2013<",
        ] {
            assert!(xml.contains(text), "{text}");
        }
        let mut styles = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("word/styles.xml").unwrap(),
            &mut styles,
        )
        .unwrap();
        assert!(styles.contains(r#"w:eastAsia="游明朝""#));
    }

    #[test]
    fn a_level_as_the_table_writes_it_is_shown_and_compared() {
        let dir = tempfile::tempdir().unwrap();
        let old = crate::testing::fixture("layouts/moscow.md");
        let text = std::fs::read_to_string(&old).unwrap();
        let new = dir.path().join("moscow.md");
        std::fs::write(
            &new,
            text.replacen("in Japan. | Must |", "in Japan. | Could |", 1),
        )
        .unwrap();
        let c = compare(
            &read(&old, None, None).unwrap(),
            &read(&new, None, None).unwrap(),
        );
        assert_eq!(c.counts.changed, 1, "{:?}", c.counts);
        let changed = c.rows.iter().find(|e| e.status == Status::Changed).unwrap();
        assert_eq!(
            marked(&changed.new.as_ref().unwrap().marked.level),
            "<u>Could</u>"
        );
        assert_eq!(
            marked(&changed.old.as_ref().unwrap().marked.level),
            "<u>Must</u>"
        );
    }

    #[test]
    fn a_spec_json_is_read_as_the_tender_it_built() {
        let spec = crate::testing::spec::hostile_text();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.json");
        std::fs::write(&path, crate::render::json(&spec).unwrap()).unwrap();
        let table = read(&path, None, None).unwrap();
        assert_eq!(table.source.kind, SourceKind::Spec);
        let requirements = table
            .rows
            .iter()
            .filter(|r| r.kind == Kind::Requirement)
            .count();
        assert_eq!(requirements, spec.requirements.len());
        std::fs::write(&path, b"{\"not\": \"a spec\"}").unwrap();
        let err = read(&path, None, None).unwrap_err().to_string();
        assert!(
            err.contains("spec.json") && err.contains("not a spec.json"),
            "{err}"
        );
    }
}

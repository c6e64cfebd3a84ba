//! The catalog model: what a requirement table says once it has been read.
//!
//! These types carry no I/O. Readers in [`crate::catalog`] build them, `tailor` turns a
//! [`Catalog`] into a [`crate::spec::Spec`], and everything downstream reads those.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::finding::{Coded, Finding};
use crate::rules::Expr;

/// The language of a catalog; labels and messages follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Picks the Japanese or the English variant of a message.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// Japanese when the text holds any kana or CJK ideograph, else English.
    pub fn detect(text: &str) -> Lang {
        let japanese = text.chars().any(|c| {
            matches!(c as u32,
                0x3040..=0x30FF   // hiragana, katakana
                | 0x3400..=0x4DBF // CJK extension A
                | 0x4E00..=0x9FFF // CJK unified ideographs
                | 0xF900..=0xFAFF)
        });
        if japanese {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// Where something came from: `file:line` for Markdown, `file!Sheet!C12` for spreadsheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Location {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }

    pub fn line(file: impl Into<String>, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            ..Default::default()
        }
    }

    /// A cell of a sheet; `row` and `col` are zero-based.
    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell_name(row, col)),
            ..Default::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "!{sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, "!{cell}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// `A1`-style name of a zero-based cell position.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One finding about an input, with its place; [`crate::words`] says it and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn new(severity: Severity, finding: Finding) -> Self {
        Diagnostic {
            severity,
            finding,
            location: None,
        }
    }

    pub fn error(finding: Finding) -> Self {
        Self::new(Severity::Error, finding)
    }

    pub fn warning(finding: Finding) -> Self {
        Self::new(Severity::Warning, finding)
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// The finding's stable code.
    pub fn code(&self) -> &'static str {
        self.finding.code()
    }
}

/// Whether a requirement must be met or only earns points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Mandatory,
    Optional,
}

/// What a table's own level means for one tender (`[tailoring] levels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelMeaning {
    Mandatory,
    Optional,
    /// Not asked in this tender: listed in the documents like an exclusion.
    Omit,
}

impl From<Level> for LevelMeaning {
    fn from(level: Level) -> Self {
        match level {
            Level::Mandatory => LevelMeaning::Mandatory,
            Level::Optional => LevelMeaning::Optional,
        }
    }
}

impl Level {
    /// Reads a level cell: `必須`/`任意`, `Mandatory|Required|Must`/`Optional|Should|May`.
    pub fn parse(text: &str) -> Option<Level> {
        let t = crate::id::fold(text);
        let t = t.trim().trim_matches(|c: char| c == '*' || c == '.');
        match t.to_lowercase().as_str() {
            "必須" | "必" | "◎" | "mandatory" | "required" | "must" | "shall" | "m" => {
                Some(Level::Mandatory)
            }
            "任意" | "任" | "推奨" | "optional" | "should" | "may" | "recommended" | "o" => {
                Some(Level::Optional)
            }
            _ => None,
        }
    }

    /// Whether `text` is one of the words the levels are shown by (`必須`, `任意`, `Mandatory`,
    /// `Optional`): a table written in them has no levels of its own.
    pub fn is_label(text: &str) -> bool {
        let t = crate::id::fold(text);
        let t = t.trim();
        [Level::Mandatory, Level::Optional].iter().any(|l| {
            [Lang::Ja, Lang::En]
                .iter()
                .any(|&lang| t.eq_ignore_ascii_case(l.label(lang)))
        })
    }

    /// The level as a table writes it: `own` (the table's own word) where there is one, else
    /// this level's word in `lang`.
    pub fn as_written(self, own: Option<&str>, lang: Lang) -> &str {
        own.unwrap_or_else(|| self.label(lang))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Level::Mandatory, Lang::Ja) => "必須",
            (Level::Optional, Lang::Ja) => "任意",
            (Level::Mandatory, Lang::En) => "Mandatory",
            (Level::Optional, Lang::En) => "Optional",
        }
    }
}

/// A heading row of the table; `(機密性N以上)` sets the class from which it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading as written, e.g. `1.外部サービス要件(機密性2以上)`.
    pub heading: String,
    /// The heading without its number and condition, e.g. `外部サービス要件`.
    pub title: String,
    /// Applies when the procurement's confidentiality class is at least this.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_confidentiality: Option<u8>,
    pub location: Location,
}

/// One row a bidder answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Normalised id (NFKC, trailing dot dropped): `1.1`.
    pub id: String,
    /// The id as the catalog writes it: `1.1.`.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The requirement itself, without the title and without a waiver rule written before it.
    pub text: String,
    /// What the level means: the built-in meaning of the level as written, or the catalog's
    /// default where it has none (`[tailoring] levels` decides it for a tender).
    pub level: Level,
    /// The level as the table writes it, when that is not one of the words levels are shown by
    /// (`3`, `L1`, `◎`, `Must`): the table's own level, kept for the tender to map.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub own_level: Option<String>,
    /// Index into [`Catalog::sections`]; `None` for a table without section rows.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<usize>,
    /// The condition under which the requirement applies (`…に該当する場合には`), as written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub applies_if: Option<String>,
    /// A "comply" answer must come with an explanation or a named document.
    pub evidence: bool,
    pub location: Location,
}

/// Where a waiver rule was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RuleOrigin {
    /// A row of its own between requirements.
    ConditionRow,
    /// Written at the start of a requirement cell (sample 1.8).
    Embedded { requirement: String },
    /// `[[rules]]` in procspec.toml.
    Config,
}

/// If `when` holds on a bidder's answers ("met" = answered comply), `waives` are not asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub when: Expr,
    /// Normalised ids, in document order.
    pub waives: Vec<String>,
    /// The original wording, as written in the table (or the rule syntax for config rules).
    pub text: String,
    pub origin: RuleOrigin,
    /// Id of the first requirement after the row the rule was read from; documents show the rule
    /// as a note before it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// A requirement table, read and understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// The file name it was read from.
    pub source: String,
    /// The text before the (first) table.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    pub lang: Lang,
    pub sections: Vec<Section>,
    /// In document order.
    pub requirements: Vec<Requirement>,
    pub rules: Vec<Rule>,
    /// Each table read and the columns it was read by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableRead>,
}

/// One table of a catalog file and the columns procspec read it by, for `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRead {
    /// Where its header row is.
    pub header: Location,
    pub columns: Vec<crate::catalog::header::ColumnUse>,
}

impl Catalog {
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.requirements.iter().position(|r| r.id == id)
    }

    /// The table's own levels as written, each with its count of rows, in table order.
    pub fn own_levels(&self) -> Vec<(&str, usize)> {
        tally(
            self.requirements
                .iter()
                .filter_map(|r| r.own_level.as_deref()),
        )
    }
}

/// Each distinct value with how often it occurs, in the order values first occur. For the
/// handful of level words a table has: a search of the list is cheaper than a map.
pub(crate) fn tally<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    let mut tally: Vec<(&str, usize)> = Vec::new();
    for value in values {
        match tally.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => tally.push((value, 1)),
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 2), "C12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn locations_read_like_the_design_says() {
        assert_eq!(
            Location::line("requirements.md", 17).to_string(),
            "requirements.md:17"
        );
        assert_eq!(
            Location::cell("req.xlsx", "要件", 11, 1).to_string(),
            "req.xlsx!要件!B12"
        );
    }

    #[test]
    fn levels_in_both_languages() {
        assert_eq!(Level::parse("必須"), Some(Level::Mandatory));
        assert_eq!(Level::parse(" 任意 "), Some(Level::Optional));
        assert_eq!(Level::parse("Must"), Some(Level::Mandatory));
        assert_eq!(Level::parse("REQUIRED"), Some(Level::Mandatory));
        assert_eq!(Level::parse("Should"), Some(Level::Optional));
        assert_eq!(Level::parse("May"), Some(Level::Optional));
        assert_eq!(Level::parse("たぶん"), None);
    }
}

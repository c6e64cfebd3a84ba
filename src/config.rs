//! `procspec.toml`: one procurement's metadata, catalog source, tailoring, rules, outputs and
//! grading policy.
//!
//! Unknown keys are errors that name the key, its line and the nearest valid key, so that a typo
//! never silently drops a tailoring decision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Lang, Level, LevelMeaning};
use crate::spec::Date;

/// The file name of a procurement's configuration.
pub const FILE_NAME: &str = "procspec.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub procurement: ProcurementConfig,
    #[serde(default)]
    pub catalog: CatalogConfig,
    #[serde(default)]
    pub tailoring: Tailoring,
    #[serde(default)]
    pub rules: Vec<RuleConfig>,
    #[serde(default)]
    pub output: OutputConfig,
    #[serde(default)]
    pub grading: GradingConfig,
    /// How `procspec diff` lays out the 新旧対照表.
    #[serde(default)]
    pub diff: crate::diff::DiffConfig,
    /// Bounds on the work one untrusted file (a returned form, a workbook catalog) can cause.
    #[serde(default)]
    pub limits: crate::guard::Limits,
    /// The folder the configuration was read from; relative paths are resolved against it.
    #[serde(skip)]
    pub root: PathBuf,
    /// The file the configuration was read from, for messages.
    #[serde(skip)]
    pub path: PathBuf,
    /// The text it was read from, to find the line of a key in messages.
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementConfig {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub buyer: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub issued: Option<toml::value::Datetime>,
    #[serde(default)]
    pub deadline: Option<toml::value::Datetime>,
    /// e.g. `様式第1号`.
    #[serde(default)]
    pub form_number: Option<String>,
    /// `ja` or `en`; by default the catalog's language.
    #[serde(default)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    /// The requirement table, relative to the procurement folder.
    #[serde(default = "default_source")]
    pub source: PathBuf,
    /// The sheet of a workbook catalog.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The sheets of a workbook catalog, joined in this order (each a section); by default every
    /// visible sheet that holds a requirement table.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// The level of every requirement of a table without a level column.
    #[serde(default)]
    pub default_level: Level,
    /// The columns of the table, where procspec's guess fails or is wrong.
    #[serde(default)]
    pub columns: Option<crate::catalog::header::ColumnMap>,
    /// Whether rules are inferred from the table's prose; `false` keeps only `[[rules]]`.
    #[serde(default = "yes")]
    pub infer_rules: bool,
}

impl Default for CatalogConfig {
    fn default() -> Self {
        CatalogConfig {
            source: default_source(),
            sheet: None,
            sheets: Vec::new(),
            default_level: Level::Mandatory,
            columns: None,
            infer_rules: true,
        }
    }
}

fn default_source() -> PathBuf {
    PathBuf::from("input/requirements.md")
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tailoring {
    /// The procurement's confidentiality class; sections marked `(機密性N以上)` apply from N.
    #[serde(default)]
    pub confidentiality: Option<u8>,
    #[serde(default)]
    pub exclude: Vec<Exclusion>,
    /// Conditional requirements known to apply: "not applicable" is no longer acceptable.
    #[serde(default)]
    pub applies: Vec<String>,
    /// Optional requirements raised to mandatory.
    #[serde(default)]
    pub require: Vec<String>,
    /// Points per optional requirement (default 1).
    #[serde(default)]
    pub points: BTreeMap<String, u32>,
    /// Word substitutions applied to requirement text, e.g. `"本市" = "本町"`.
    #[serde(default)]
    pub substitute: BTreeMap<String, String>,
    /// What the table's own levels mean for this tender: `{ "1" = "mandatory", "3" = "omit" }`.
    #[serde(default)]
    pub levels: BTreeMap<String, LevelMeaning>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub id: String,
    pub reason: String,
}

/// `[[rules]]`: a waiver rule in the rule syntax (see [`crate::rules`]).
///
/// A configured rule replaces the inferred rule whose waived ids start at the same id, and is
/// added otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    pub when: String,
    pub waive: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    #[serde(default = "default_out_dir")]
    pub dir: PathBuf,
    /// Any of `md`, `html`, `docx`, `xlsx` (the response form), `json` (spec.json).
    #[serde(default = "default_formats")]
    pub formats: Vec<Format>,
    /// The base name of the spec documents and the form (default `spec` and `form`).
    #[serde(default)]
    pub name: Option<String>,
    /// A password for the form's sheet protection (none by default).
    #[serde(default)]
    pub form_password: Option<String>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: default_out_dir(),
            formats: default_formats(),
            name: None,
            form_password: None,
        }
    }
}

fn default_out_dir() -> PathBuf {
    PathBuf::from("output")
}

fn default_formats() -> Vec<Format> {
    vec![
        Format::Md,
        Format::Html,
        Format::Docx,
        Format::Xlsx,
        Format::Json,
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Md,
    Html,
    Docx,
    Xlsx,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }
}

impl OutputConfig {
    /// The file name `build` writes a format to: `spec.md`, `spec.html`, `spec.docx`,
    /// `spec.json` and `form.xlsx` by default; with `name = "X"`, `X.md` … `X.json` and
    /// `X-form.xlsx`.
    pub fn file_name(&self, format: Format) -> String {
        let base = self.name.as_deref().unwrap_or("spec");
        match (format, &self.name) {
            (Format::Xlsx, None) => "form.xlsx".to_string(),
            (Format::Xlsx, Some(_)) => format!("{base}-form.xlsx"),
            (f, _) => format!("{base}.{}", f.extension()),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingConfig {
    /// Where returned forms are read from by default.
    #[serde(default = "default_responses")]
    pub responses: PathBuf,
    /// Where grading writes its reports by default.
    #[serde(default = "default_grades")]
    pub out: PathBuf,
    /// Extra spellings bidders use for each answer, added to the built-in ones.
    #[serde(default)]
    pub answers: AnswerSpellings,
}

impl Default for GradingConfig {
    fn default() -> Self {
        GradingConfig {
            responses: default_responses(),
            out: default_grades(),
            answers: AnswerSpellings::default(),
        }
    }
}

fn default_responses() -> PathBuf {
    PathBuf::from("input/responses")
}

fn default_grades() -> PathBuf {
    PathBuf::from("output/grades")
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSpellings {
    #[serde(default)]
    pub comply: Vec<String>,
    #[serde(default)]
    pub partial: Vec<String>,
    #[serde(default)]
    pub non_comply: Vec<String>,
    #[serde(default)]
    pub not_applicable: Vec<String>,
}

impl Config {
    /// Reads `path` (a `procspec.toml`).
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Usage(format!(
                "{}: not found; run `procspec init` to create a procurement folder, or pass \
                 --config PATH",
                path.display()
            )),
            _ => Error::io(path, e),
        })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        config.root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        config.path = path.to_path_buf();
        Ok(config)
    }

    /// Parses the text of a configuration; `name` is used in messages.
    pub fn parse(text: &str, name: &str) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config =
            toml::from_str::<Config>(text).map_err(|e| Error::Usage(describe(&e, text, name)))?;
        config.text = text.to_string();
        config.validate(name)?;
        Ok(config)
    }

    /// What serde cannot check: the `[output]` settings, so that a wrong one stops `check` and
    /// `build` before anything is read or rendered.
    fn validate(&self, name: &str) -> Result<()> {
        if let Some(base) = &self.output.name {
            let plain = !base.is_empty()
                && !base.contains(['/', '\\'])
                && base != "."
                && base != ".."
                && !base.starts_with('.');
            if !plain {
                let place = match self.line_of("output", "name", None) {
                    Some(line) => format!("{name}:{line}"),
                    None => name.to_string(),
                };
                return Err(Error::Usage(format!(
                    "{place}: [output] name = \"{base}\" must be a plain file name without \
                     folders; use [output] dir for the folder"
                )));
            }
        }
        Ok(())
    }

    /// The 1-based line of `[table] key` in the configuration, or of its entry `value` (see
    /// [`Places::line_of`]). For one place; [`Config::places`] parses once for many.
    pub fn line_of(&self, table: &str, key: &str, value: Option<&str>) -> Option<usize> {
        self.places().line_of(table, key, value)
    }

    /// The configuration's places, parsed once: toml's parse tree with its spans, and where its
    /// lines start.
    pub fn places(&self) -> Places<'_> {
        Places {
            tree: toml::de::DeTable::parse(&self.text).ok(),
            line_starts: std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// A path from the configuration, resolved against the procurement folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    pub fn issued(&self) -> Result<Option<Date>> {
        self.date("issued", self.procurement.issued.as_ref())
    }

    pub fn deadline(&self) -> Result<Option<Date>> {
        self.date("deadline", self.procurement.deadline.as_ref())
    }

    fn date(&self, key: &str, value: Option<&toml::value::Datetime>) -> Result<Option<Date>> {
        let Some(value) = value else { return Ok(None) };
        let date = value
            .date
            .filter(|_| value.time.is_none())
            .and_then(|d| Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day)));
        match date {
            Some(d) => Ok(Some(d)),
            None => Err(Error::Usage(format!(
                "{}: [procurement] {key} = {value} is not a date; write it as {key} = 2026-12-01",
                self.path.display()
            ))),
        }
    }
}

/// Where things are written in a configuration (from [`Config::places`]).
pub struct Places<'c> {
    /// `None` for a configuration built in code (or text toml cannot parse).
    tree: Option<toml::Spanned<toml::de::DeTable<'c>>>,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl Places<'_> {
    /// The 1-based line of `[table] key`, or of the entry `value` under it (a string of its
    /// array, an inline table of its array whose `id` is `value`, a key of its sub-table), from
    /// the spans of toml's parse tree; the key's own line when `value` is not found. `None` when
    /// the configuration has no such key.
    pub fn line_of(&self, table: &str, key: &str, value: Option<&str>) -> Option<usize> {
        use toml::de::DeValue;
        let DeValue::Table(section) = self.tree.as_ref()?.get_ref().get(table)?.get_ref() else {
            return None;
        };
        let (name, item) = section.get_key_value(key)?;
        let is = |v: &DeValue<'_>| matches!(v, DeValue::String(s) if Some(s.as_ref()) == value);
        let span = match item.get_ref() {
            DeValue::Array(entries) => entries
                .iter()
                .find(|e| match e.get_ref() {
                    DeValue::Table(t) => t.get("id").is_some_and(|id| is(id.get_ref())),
                    other => is(other),
                })
                .map(|e| e.span()),
            DeValue::Table(t) => t
                .iter()
                .find(|(k, _)| Some(k.get_ref().as_ref()) == value)
                .map(|(k, _)| k.span()),
            _ => None,
        };
        let start = span.unwrap_or_else(|| name.span()).start;
        // The line whose start is the last at or before `start`.
        Some(self.line_starts.partition_point(|&s| s <= start))
    }
}

/// Turns a TOML error into `file:line: message`, adding the nearest valid key for an unknown one.
fn describe(error: &toml::de::Error, text: &str, name: &str) -> String {
    let line = error
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let message = error.message().trim().to_string();
    let place = match line {
        Some(l) => format!("{name}:{l}"),
        None => name.to_string(),
    };
    if let Some((key, expected)) = unknown_field(&message) {
        let nearest = expected
            .iter()
            .map(|k| (strsim::jaro_winkler(&key, k), k))
            .filter(|(score, _)| *score > 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k.clone());
        let known = expected.join(", ");
        return match nearest {
            Some(k) => format!(
                "{place}: unknown key `{key}`; did you mean `{k}`? (valid keys here: {known})"
            ),
            None => format!("{place}: unknown key `{key}` (valid keys here: {known})"),
        };
    }
    format!("{place}: {message}")
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_configuration() {
        let config = Config::parse(
            r#"
[procurement]
title = "クラウドサービスの調達"
buyer = "○○市"
issued = 2026-12-01
deadline = 2027-01-15
form_number = "様式第1号"

[catalog]
source = "input/requirements.md"

[tailoring]
confidentiality = 2
exclude = [{ id = "1.5", reason = "生成AIを利用しない" }]
applies = ["1.5"]
require = ["1.28"]
points = { "1.1" = 10 }
substitute = { "本市" = "本町" }

[[rules]]
when = "1.1 | 1.2"
waive = "1.6..1.28"

[output]
formats = ["md", "html"]
"#,
            "procspec.toml",
        )
        .unwrap();
        assert_eq!(config.issued().unwrap(), Date::new(2026, 12, 1));
        assert_eq!(config.tailoring.exclude[0].id, "1.5");
        assert_eq!(config.tailoring.points["1.1"], 10);
        assert_eq!(config.rules.len(), 1);
        assert_eq!(config.output.formats, [Format::Md, Format::Html]);
    }

    #[test]
    fn unknown_keys_name_the_key_line_and_nearest_key() {
        let err = Config::parse(
            "[procurement]\ntitle = \"x\"\ndeadlin = 2026-01-01\n",
            "p.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("p.toml:3: unknown key `deadlin`"), "{err}");
        assert!(err.contains("did you mean `deadline`?"), "{err}");
        let err = Config::parse("[tailor]\n", "p.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `tailoring`?"), "{err}");
    }

    #[test]
    fn places_come_from_the_parse_tree_not_a_search_of_the_text() {
        let text = "[tailoring]\n# 1.9 is excluded below: a comment names it first\nexclude = [\n  { id = \"1.8\", reason = \"a\" },\n  { id = \"1.9\", reason = \"b\" },\n]\napplies = [\"1.5\"]\npoints = { \"1.2\" = 3 }\n";
        let config = Config::parse(text, "p.toml").unwrap();
        assert_eq!(config.line_of("tailoring", "exclude", Some("1.9")), Some(5));
        assert_eq!(config.line_of("tailoring", "exclude", None), Some(3));
        assert_eq!(config.line_of("tailoring", "exclude", Some("9.9")), Some(3));
        assert_eq!(config.line_of("tailoring", "applies", Some("1.5")), Some(7));
        assert_eq!(config.line_of("tailoring", "points", Some("1.2")), Some(8));
        assert_eq!(config.line_of("tailoring", "require", None), None);
        assert_eq!(config.line_of("output", "name", None), None);
    }

    #[test]
    fn an_output_name_with_a_folder_is_refused_when_the_config_is_read() {
        for bad in ["../spec", "a/b", ".hidden", ""] {
            let text = format!("[output]\nformats = [\"md\"]\nname = \"{bad}\"\n");
            let err = Config::parse(&text, "p.toml").unwrap_err().to_string();
            assert!(err.starts_with("p.toml:3: [output] name"), "{bad}: {err}");
        }
        assert!(Config::parse("[output]\nname = \"annex-1\"\n", "p.toml").is_ok());
    }

    #[test]
    fn a_datetime_is_not_a_date() {
        let config = Config::parse(
            "[procurement]\nissued = 2026-12-01T10:00:00\n",
            "procspec.toml",
        )
        .unwrap();
        assert!(config.issued().is_err());
    }
}

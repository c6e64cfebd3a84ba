//! Reading requirement tables: Markdown ([`markdown`]) and spreadsheets ([`sheet`]) are turned
//! into [`RawTable`]s of cell text with their places, and [`infer`] classifies the rows
//! (sections, requirements, condition rows) and reads the waiver rules written in prose.

pub mod delimited;
pub mod header;
pub mod infer;
pub mod markdown;
pub mod sheet;
pub mod summary;

use std::path::Path;

use crate::error::{Error, Result};
use crate::guard::Limits;
use crate::model::{Catalog, Diagnostic, Level, Location};
use header::ColumnMap;

/// One cell of a table as read, before any interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCell {
    /// The cell's text; line breaks inside a cell (`<br>`, Alt+Enter) are kept as `\n`.
    pub text: String,
    pub location: Location,
}

/// A table as read from a file: its title (the text before it) and its rows, header included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawTable {
    /// The document's title (a Markdown `#` heading, else the text just before the table).
    pub title: Option<String>,
    /// The heading the table stands under (a Markdown `##` heading): its section.
    pub section: Option<String>,
    /// The sheet it was read from; when several sheets hold tables, each is a section.
    pub sheet: Option<String>,
    /// Rows in document order; the header row is found by [`infer`], not assumed to be first.
    pub rows: Vec<Vec<RawCell>>,
    /// Where the table is, for messages about the table as a whole.
    pub location: Location,
}

/// What [`load`] gives: the catalog and every finding about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
}

/// Options for reading a catalog (`[catalog]` of procspec.toml).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The sheet to read from a workbook (`--sheet`); it wins over `sheets`.
    pub sheet: Option<String>,
    /// The sheets to read, in order; otherwise every visible sheet that holds a requirement table.
    pub sheets: Vec<String>,
    /// The name the file is shown by in messages (defaults to the path as given).
    pub display_name: Option<String>,
    /// The level of every row of a table without a level column.
    pub default_level: Level,
    /// The columns, where the guess fails (`[catalog.columns]`).
    pub columns: Option<ColumnMap>,
}

impl LoadOptions {
    /// The options `[catalog]` of a configuration gives, the file called `display_name`.
    pub fn of(config: &crate::config::CatalogConfig, display_name: Option<String>) -> Self {
        LoadOptions {
            sheet: config.sheet.clone(),
            sheets: config.sheets.clone(),
            display_name,
            default_level: config.default_level,
            columns: config.columns.clone(),
        }
    }

    /// The sheets asked for: `sheet`, else `sheets`.
    fn wanted(&self) -> Vec<String> {
        match &self.sheet {
            Some(sheet) => vec![sheet.clone()],
            None => self.sheets.clone(),
        }
    }
}

/// Reads a requirement table from `path` (.md, .markdown, .txt, .csv, .tsv, .xlsx, .xlsm,
/// .xls, .ods).
///
/// An unreadable file or a file without a requirement table is an [`Error`]; problems in the
/// table itself are [`Diagnostic`]s.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Loaded> {
    load_with_limits(path, options, &Limits::default())
}

/// [`load`] within `limits` (`[limits]` of procspec.toml): a catalog may come from anywhere, so
/// it is read with the bounds a returned form is read with.
pub fn load_with_limits(path: &Path, options: &LoadOptions, limits: &Limits) -> Result<Loaded> {
    let name = options
        .display_name
        .clone()
        .unwrap_or_else(|| path.display().to_string());
    let bytes = read_file(path, &name)?;
    let options = LoadOptions {
        display_name: Some(name),
        ..options.clone()
    };
    load_bytes_with_limits(&bytes, &extension(path), &options, limits)
}

/// The bytes of the catalog file at `path`, called `name` in messages.
fn read_file(path: &Path, name: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::finding(
            Location::file(name),
            crate::finding::Finding::CatalogNotFound,
        ),
        _ => Error::io(path, e),
    })
}

/// A file's extension, lower-cased, without the dot (empty when it has none).
pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads a requirement table from the bytes of a file whose extension (without the dot) is
/// `ext`, as [`load`] does after reading the file. It lets the bytes come from anywhere (the
/// fuzz targets, an upload) without a temporary file.
///
/// Messages name the file by `options.display_name` (`catalog.<ext>` when it is not given).
pub fn load_bytes(bytes: &[u8], ext: &str, options: &LoadOptions) -> Result<Loaded> {
    load_bytes_with_limits(bytes, ext, options, &Limits::default())
}

/// [`load_bytes`] within `limits`.
pub fn load_bytes_with_limits(
    bytes: &[u8],
    ext: &str,
    options: &LoadOptions,
    limits: &Limits,
) -> Result<Loaded> {
    let ext = ext.trim_start_matches('.').to_ascii_lowercase();
    let name = options
        .display_name
        .clone()
        .unwrap_or_else(|| format!("catalog.{ext}"));
    let tables = match ext.as_str() {
        // Excel's "Unicode text" is saved as .txt: UTF-16 with TABs, read as delimited text.
        "txt" if is_utf16(bytes) => {
            vec_or_none(delimited::read_with_limits(bytes, &ext, &name, limits)?)
        }
        "md" | "markdown" | "txt" => vec_or_none(markdown::read_with_limits(bytes, &name, limits)?),
        "csv" | "tsv" | "tab" => {
            vec_or_none(delimited::read_with_limits(bytes, &ext, &name, limits)?)
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => {
            let wanted = options.wanted();
            let columns = options.columns.as_ref();
            crate::isolate::contain(&name, || {
                sheet::read_with_limits(bytes, &ext, &name, &wanted, columns, limits)
            })?
        }
        _ => {
            return Err(Error::finding(
                Location::file(&name),
                crate::finding::Finding::CatalogFormatUnknown { ext },
            ))
        }
    };
    let tables = tables.ok_or_else(|| {
        Error::finding(
            Location::file(&name),
            crate::finding::Finding::CatalogWithoutTable,
        )
    })?;
    infer::understand(&name, tables, options)
}

/// Whether a text file starts with a UTF-16 byte order mark.
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// A text catalog over `[limits] max_file_mib` is refused unread.
fn check_size(bytes: &[u8], name: &str, limits: &Limits) -> Result<()> {
    let max_bytes = limits.max_file_mib.saturating_mul(crate::guard::MIB);
    if bytes.len() as u64 > max_bytes {
        return Err(Error::finding(
            Location::file(name),
            crate::finding::Finding::CatalogTooLarge {
                mib: bytes.len() as u64 / crate::guard::MIB,
                limit: limits.max_file_mib,
            },
        ));
    }
    Ok(())
}

fn vec_or_none(tables: Vec<RawTable>) -> Option<Vec<RawTable>> {
    (!tables.is_empty()).then_some(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn sample() -> Loaded {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/requirements.md");
        load(
            &path,
            &LoadOptions {
                display_name: Some("requirements.md".into()),
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn bytes_read_as_the_file_they_came_from() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/requirements.md");
        let bytes = std::fs::read(&path).unwrap();
        let options = LoadOptions {
            display_name: Some("requirements.md".into()),
            ..Default::default()
        };
        let from_bytes = load_bytes(&bytes, ".MD", &options).unwrap();
        let from_file = sample();
        assert_eq!(from_bytes.catalog, from_file.catalog);
        assert_eq!(from_bytes.diagnostics, from_file.diagnostics);
        let unnamed = load_bytes(b"no table", "txt", &LoadOptions::default()).unwrap_err();
        assert!(unnamed.to_string().starts_with("catalog.txt"), "{unnamed}");
        let unknown = load_bytes(&bytes, "pdf", &options).unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("unknown catalog format `.pdf`"),
            "{unknown}"
        );
    }

    #[test]
    fn the_sample_table_is_understood() {
        let Loaded {
            catalog,
            diagnostics,
        } = sample();
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert_eq!(catalog.title.as_deref(), Some("外部サービス要件"));
        assert_eq!(catalog.requirements.len(), 28);
        let mandatory = catalog
            .requirements
            .iter()
            .filter(|r| r.level == Level::Mandatory)
            .count();
        assert_eq!((mandatory, 28 - mandatory), (19, 9));
        let rules: Vec<(String, String)> = catalog
            .rules
            .iter()
            .map(|r| {
                let order: Vec<&str> = catalog.requirements.iter().map(|r| r.id.as_str()).collect();
                (
                    r.when.to_string(),
                    crate::rules::compress(&r.waives, &order),
                )
            })
            .collect();
        assert_eq!(
            rules,
            [
                ("1.1 | 1.2 | 1.4".to_string(), "1.6..1.28".to_string()),
                ("1.7".to_string(), "1.8..1.13".to_string()),
                (
                    "(1.6 & 1.7) | (1.6 & 1.10)".to_string(),
                    "1.16..1.28".to_string()
                ),
            ]
        );
        assert_eq!(catalog.rules[0].waives.len(), 23);
        let req = |id: &str| catalog.requirement(id).unwrap();
        assert!(
            req("1.8").text.starts_with("サーバを提供する組織"),
            "{}",
            req("1.8").text
        );
        assert!(req("1.5").applies_if.is_some());
        assert!(req("1.2").applies_if.is_some());
        assert_eq!(req("1.1").title.as_deref(), Some("セキュリティ評価制度"));
        assert_eq!(req("1.3").title.as_deref(), Some("SLA"));
        assert_eq!(req("1.1").label, "1.1.");
        assert_eq!(catalog.sections.len(), 1);
        assert_eq!(catalog.sections[0].min_confidentiality, Some(2));
        assert_eq!(catalog.sections[0].title, "外部サービス要件");
        let evidence: Vec<&str> = catalog
            .requirements
            .iter()
            .filter(|r| r.evidence)
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            evidence,
            ["1.13", "1.17", "1.18", "1.19", "1.21", "1.22", "1.27"]
        );
        assert_eq!(catalog.rules[1].before.as_deref(), Some("1.8"));
        assert_eq!(catalog.rules[0].before.as_deref(), Some("1.6"));
        assert_eq!(req("1.14").location.to_string(), "requirements.md:20");
    }
}

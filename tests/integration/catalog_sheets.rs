//! Integration tests: requirement tables in workbooks (.xlsx written by openpyxl, .ods and .xls
//! saved by LibreOffice) read like the same table in Markdown; sheet choice; clean errors.
//!
//! Workbooks are generated inside the tests by the scripts of tests/fixtures/scripts/, not
//! committed as binaries.

use std::path::{Path, PathBuf};

use procspec::catalog::{self, LoadOptions, Loaded};
use procspec::model::Level;
use serde_json::Value;

use crate::common::*;

fn load(path: &Path, sheet: Option<&str>) -> procspec::Result<Loaded> {
    catalog::load(
        path,
        &LoadOptions {
            sheet: sheet.map(str::to_string),
            display_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            ..Default::default()
        },
    )
}

/// The catalog and diagnostics as JSON without places and the source name: what must not
/// depend on the file format.
fn essence(loaded: &Loaded) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("location");
                map.remove("source");
                // A table's header place (`file:3`, `file!Sheet!A2`).
                if map.get("header").is_some_and(Value::is_object) {
                    map.remove("header");
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::json!({
        "catalog": loaded.catalog,
        "diagnostics": loaded.diagnostics,
    });
    strip(&mut value);
    value
}

fn write_sample_xlsx(python: &Path, dir: &Path) -> PathBuf {
    let xlsx = dir.join("requirements.xlsx");
    run_script(
        python,
        "md_table_to_xlsx.py",
        &[&repo().join("input/requirements.md"), &xlsx],
    );
    xlsx
}

#[test]
fn the_sample_as_xlsx_ods_and_xls_reads_like_the_markdown() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    let xlsx = write_sample_xlsx(&python, dir.path());
    let markdown = load(&repo().join("input/requirements.md"), None).unwrap();
    let expected = essence(&markdown);
    assert_eq!(markdown.catalog.requirements.len(), 28);
    assert_eq!(markdown.catalog.rules.len(), 3);

    let mut books = vec![xlsx.clone()];
    for target in ["ods", "xls"] {
        let out = dir.path().join(target);
        std::fs::create_dir_all(&out).unwrap();
        match soffice_convert(&xlsx, target, &out) {
            Some(converted) => books.push(converted),
            None => return,
        }
    }
    // And the .ods saved back as .xlsx by LibreOffice (shared strings, its own merge records).
    let out = dir.path().join("lo-xlsx");
    std::fs::create_dir_all(&out).unwrap();
    books.extend(soffice_convert(&books[1], "xlsx", &out));
    for book in &books {
        let name = book.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = load(book, None).unwrap_or_else(|e| panic!("{}: {e}", book.display()));
        assert_eq!(
            essence(&loaded),
            expected,
            "{} reads differently",
            book.display()
        );

        // Places name the file, the sheet and the cell: title A1, header row 2, section row 3.
        let catalog = &loaded.catalog;
        assert_eq!(
            catalog.sections[0].location.to_string(),
            format!("{name}!要件一覧!A3")
        );
        let first = &catalog.requirements[0];
        assert_eq!(first.location.to_string(), format!("{name}!要件一覧!A4"));
        let rule_place = catalog.rules[0].location.as_ref().map(ToString::to_string);
        assert_eq!(rule_place, Some(format!("{name}!要件一覧!A9")));
        let last = catalog.requirements.last().unwrap();
        assert_eq!(last.location.to_string(), format!("{name}!要件一覧!A33"));
    }
}

#[test]
fn check_reads_a_workbook_like_the_markdown() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    write_sample_xlsx(&python, dir.path());
    std::fs::copy(
        repo().join("input/requirements.md"),
        dir.path().join("requirements.md"),
    )
    .unwrap();
    let json = |file: &str| -> Value {
        let out = procspec(dir.path())
            .args(["check", file, "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let mut value: Value = serde_json::from_slice(&out).unwrap();
        fn strip(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    map.remove("location");
                    map.remove("source");
                    map.remove("file");
                    // A table's header place (`file:3`, `file!Sheet!A2`).
                    if map.get("header").is_some_and(Value::is_object) {
                        map.remove("header");
                    }
                    map.values_mut().for_each(strip);
                }
                Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut value);
        value
    };
    let from_xlsx = json("requirements.xlsx");
    assert_eq!(from_xlsx["requirements"].as_array().map(Vec::len), Some(28));
    assert_eq!(from_xlsx, json("requirements.md"));
}

fn write_sheets_xlsx(python: &Path, dir: &Path) -> PathBuf {
    let xlsx = dir.join("book.xlsx");
    run_script(python, "several_sheets_xlsx.py", &[&xlsx]);
    xlsx
}

fn ids(loaded: &Loaded) -> Vec<&str> {
    loaded
        .catalog
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect()
}

#[test]
fn every_visible_sheet_with_a_table_joins_the_catalog_as_a_section() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    let xlsx = write_sheets_xlsx(&python, dir.path());
    let mut books = vec![xlsx.clone()];
    let out = dir.path().join("ods");
    std::fs::create_dir_all(&out).unwrap();
    books.extend(soffice_convert(&xlsx, "ods", &out));
    for book in &books {
        let name = book.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = load(book, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let catalog = &loaded.catalog;
        // Not the cover sheet (no table), not the hidden old version: the sheets 要件 and 別表,
        // each a section, wherever its table starts.
        assert_eq!(ids(&loaded), ["2.1", "3", "3.1", "A-1", "A-2"], "{name}");
        assert_eq!(catalog.title.as_deref(), Some("新しい要件表"), "{name}");
        let headings: Vec<&str> = catalog
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(headings.len(), 3, "{name}: {headings:?}");
        assert_eq!((headings[0], headings[2]), ("要件", "別表"), "{name}");
        assert_eq!(catalog.sections[1].min_confidentiality, Some(2), "{name}");
        assert_eq!(catalog.requirements[3].section, Some(2), "{name}");
        let reqs = &catalog.requirements;
        assert_eq!(reqs[0].label, "2.1", "{name}: an id typed as 2.1 reads 2.1");
        assert_eq!(
            reqs[1].label, "3",
            "{name}: an id typed as 3 reads 3, not 3.0"
        );
        assert_eq!(
            reqs[0].text, "ログを取得すること。\n保存期間は1年以上とすること。",
            "{name}: Alt+Enter kept"
        );
        assert_eq!(
            reqs[2].text, "改行はCRLFで書かれていること。\n二行目もあること。",
            "{name}: CRLF normalised"
        );
        assert_eq!(
            reqs.iter().map(|r| r.level).collect::<Vec<_>>(),
            [
                Level::Mandatory,
                Level::Optional,
                Level::Mandatory,
                Level::Mandatory,
                Level::Optional
            ]
        );
        assert_eq!(reqs[0].location.to_string(), format!("{name}!要件!C6"));
        assert_eq!(reqs[2].location.to_string(), format!("{name}!要件!C8"));
        assert_eq!(
            catalog.sections[1].location.to_string(),
            format!("{name}!要件!C5")
        );
    }
}

#[test]
fn sheet_option_picks_a_sheet_even_a_hidden_one() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    let xlsx = write_sheets_xlsx(&python, dir.path());
    let other = load(&xlsx, Some("別表")).unwrap();
    assert_eq!(ids(&other), ["A-1", "A-2"]);
    assert_eq!(
        other.catalog.requirements[1].location.to_string(),
        "book.xlsx!別表!A3"
    );
    let old = load(&xlsx, Some("旧版")).unwrap();
    assert_eq!(ids(&old), ["9.9"]);

    let out = procspec(dir.path())
        .args(["check", "book.xlsx", "--sheet", "別表", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let cli_ids: Vec<&str> = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(cli_ids, ["A-1", "A-2"]);
}

#[test]
fn a_missing_sheet_is_an_error_listing_the_sheets() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    write_sheets_xlsx(&python, dir.path());
    let out = procspec(dir.path())
        .args(["check", "book.xlsx", "--sheet", "要件一覧"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.starts_with("error: book.xlsx: no sheet named `要件一覧`;"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`表紙`, `旧版`, `要件`, `別表`"),
        "{stderr}"
    );

    let out = procspec(dir.path())
        .args(["check", "book.xlsx", "--sheet", "表紙"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.starts_with("error: book.xlsx!表紙: no requirement table on this sheet"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_without_a_table_is_a_clean_error() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    run_script(
        &python,
        "header_without_table_xlsx.py",
        &[&dir.path().join("empty.xlsx")],
    );
    let out = procspec(dir.path())
        .args(["check", "empty.xlsx"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    // The place is the sheet the rows considered come from.
    assert!(
        stderr.starts_with("error: empty.xlsx!Sheet!A1: no requirement table found"),
        "{stderr}"
    );
}

#[test]
fn a_text_file_named_xlsx_is_a_clean_error() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("notes.xlsx"),
        "| 区分 | 要件 | 要否 |\n|---|---|---|\n| 1.1. | 要件。 | 必須 |\n",
    )
    .unwrap();
    let out = procspec(dir.path())
        .args(["check", "notes.xlsx"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: notes.xlsx: this is a text file, not a .xlsx workbook; "),
        "{stderr}"
    );
}

#[test]
fn text_left_in_merged_cells_is_not_read() {
    let Some(python) = openpyxl() else { return };
    let dir = TempDir::new().unwrap();
    let xlsx = dir.path().join("hidden.xlsx");
    run_script(&python, "merged_row_with_hidden_content_xlsx.py", &[&xlsx]);
    let mut books = vec![xlsx.clone()];
    let out = dir.path().join("ods");
    std::fs::create_dir_all(&out).unwrap();
    // LibreOffice keeps the covered cells' text in the .ods (as covered-table-cell content).
    books.extend(soffice_convert(&xlsx, "ods", &out));
    for book in &books {
        let name = book.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = load(book, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ids(&loaded), ["1.1", "1.2", "1.3"], "{name}");
        let rules = &loaded.catalog.rules;
        assert_eq!(rules.len(), 1, "{name}");
        assert_eq!(rules[0].waives, ["1.2", "1.3"], "{name}");
        assert_eq!(
            rules[0].text, "1.1.でISMAPへの登録が行われている場合、以下の要件は不要",
            "{name}"
        );
        assert!(
            loaded.diagnostics.is_empty(),
            "{name}: {:?}",
            loaded.diagnostics
        );
    }
}

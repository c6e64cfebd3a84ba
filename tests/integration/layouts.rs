//! Integration tests: requirement tables written by other people (issue 15): headers in their
//! own words, levels of their own mapped by `[tailoring] levels`, tables without a level column,
//! one table per Markdown section, check-mark level columns, CSV in the encodings Excel writes,
//! and numbers in prose that are not ids. The fixtures are in tests/fixtures/catalogs/layout_*.

use std::path::Path;

use procspec::catalog::{self, LoadOptions, Loaded};
use procspec::model::{Level, Severity};
use procspec::procurement::Procurement;
use procspec::testing::fixture;
use serde_json::Value;
use tempfile::TempDir;

fn repo_file(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// What `procspec check FILE` reads: the table with its lints.
fn load(path: &Path) -> Loaded {
    procspec::procurement::check_file(path, None, None).unwrap_or_else(|e| panic!("{e}"))
}

fn ids(loaded: &Loaded) -> Vec<&str> {
    loaded
        .catalog
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect()
}

fn own_levels(loaded: &Loaded) -> Vec<Option<&str>> {
    loaded
        .catalog
        .requirements
        .iter()
        .map(|r| r.own_level.as_deref())
        .collect()
}

fn codes(loaded: &Loaded) -> Vec<(Severity, &'static str)> {
    loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code()))
        .collect()
}

#[test]
fn a_levelled_standard_in_markdown_reads_a_section_per_table_and_keeps_its_levels() {
    for (file, first_section) in [
        ("catalogs/layout_levels_en.md", "V1 Architecture"),
        ("catalogs/layout_levels_ja.md", "V1 アーキテクチャ"),
    ] {
        let loaded = load(&fixture(file));
        let catalog = &loaded.catalog;
        let headings: Vec<&str> = catalog
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(headings.len(), 2, "{file}: {headings:?}");
        assert_eq!(headings[0], first_section, "{file}");
        assert_eq!(ids(&loaded)[0], "1.1.1", "{file}: bold ids are ids");
        assert!(catalog.requirements.iter().all(|r| !r.text.is_empty()));
        assert!(catalog.requirements.iter().all(|r| r.own_level.is_some()));
        assert!(catalog.title.as_deref().unwrap().starts_with("A") || file.contains("ja"));
        // Levels 1/2/3 are no error per row: one warning naming them and the key to write.
        assert_eq!(
            codes(&loaded),
            [(Severity::Warning, "levels-unmapped")],
            "{file}: {:#?}",
            loaded.diagnostics
        );
        let said = procspec::words::diagnostic(catalog.lang, &loaded.diagnostics[0]).message;
        assert!(said.contains("levels = {"), "{said}");
    }
    let en = load(&fixture("catalogs/layout_levels_en.md"));
    assert_eq!(
        ids(&en),
        ["1.1.1", "1.1.2", "1.1.3", "2.1.1", "2.1.2", "2.1.3", "2.1.4"]
    );
    assert_eq!(
        own_levels(&en),
        ["1", "2", "3", "1", "2", "3", "1"].map(Some)
    );
    assert_eq!(en.catalog.requirements[4].section, Some(1));
}

#[test]
fn check_mark_level_columns_give_the_first_marked_level() {
    let loaded = load(&fixture("catalogs/layout_mobile_ja.md"));
    assert_eq!(
        ids(&loaded),
        [
            "MSTG-STORAGE-1",
            "MSTG-STORAGE-2",
            "MSTG-STORAGE-3",
            "MSTG-CRYPTO-1",
            "MSTG-CRYPTO-2"
        ]
    );
    assert_eq!(
        own_levels(&loaded),
        ["L1", "L1", "L2", "L1", "L2"].map(Some)
    );
    let columns: Vec<(&str, &str)> = loaded.catalog.tables[0]
        .columns
        .iter()
        .map(|c| (c.role.key(), c.column.as_str()))
        .collect();
    assert_eq!(
        columns,
        [("id", "B"), ("text", "C"), ("level", "D"), ("level", "E")]
    );
}

#[test]
fn a_table_without_a_level_column_is_read_at_one_level_with_one_warning() {
    let loaded = load(&fixture("catalogs/layout_rules.csv"));
    assert_eq!(ids(&loaded), ["L1-01", "L1-02", "L1-03", "L2-01", "L2-02"]);
    let req = &loaded.catalog.requirements;
    assert_eq!(req[0].title.as_deref(), Some("アクセス制御"));
    assert_eq!(
        req[0].text,
        "利用者ごとに権限を設定し、不要な権限を付与しないこと。\n管理者権限は最小限とすること。"
    );
    assert!(req.iter().all(|r| r.level == Level::Mandatory));
    assert_eq!(
        codes(&loaded),
        [(Severity::Warning, "level-column-missing")]
    );
    let optional = catalog::load(
        &fixture("catalogs/layout_rules.csv"),
        &LoadOptions {
            default_level: Level::Optional,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(optional
        .catalog
        .requirements
        .iter()
        .all(|r| r.level == Level::Optional));
}

#[test]
fn the_same_csv_in_every_encoding_excel_writes_reads_the_same() {
    let utf8 = std::fs::read_to_string(fixture("catalogs/layout_rules.csv")).unwrap();
    let crlf = utf8.replace('\n', "\r\n");
    let dir = TempDir::new().unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(crlf.as_bytes());
    let (cp932, _, lossy) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!lossy);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in crlf.replace(',', "\t").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let want = load(&fixture("catalogs/layout_rules.csv"));
    for (name, bytes) in [
        ("bom.csv", bom),
        ("cp932.csv", cp932.into_owned()),
        ("unicode.txt", utf16),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let got = load(&path);
        let texts = |l: &Loaded| -> Vec<(String, Option<String>, String)> {
            l.catalog
                .requirements
                .iter()
                .map(|r| (r.id.clone(), r.title.clone(), r.text.clone()))
                .collect()
        };
        assert_eq!(texts(&got), texts(&want), "{name}");
    }
}

#[test]
fn the_sample_as_csv_reads_like_the_markdown() {
    let md = load(&repo_file("input/requirements.md"));
    // The sample's table as Excel saves it: every row, cells quoted where needed, CP932.
    let text = std::fs::read_to_string(repo_file("input/requirements.md")).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    for line in text
        .lines()
        .filter(|l| l.starts_with('|') && !l.contains("|---"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        writer.write_record(&cells).unwrap();
    }
    let csv = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("requirements.csv");
    std::fs::write(&path, encoding_rs::SHIFT_JIS.encode(&csv).0).unwrap();
    let from_csv = load(&path);
    assert_eq!(from_csv.diagnostics, md.diagnostics);
    assert_eq!(from_csv.catalog.requirements.len(), 28);
    let essence = |l: &Loaded| -> Vec<(String, String, Level, Option<String>)> {
        l.catalog
            .requirements
            .iter()
            .map(|r| (r.id.clone(), r.text.clone(), r.level, r.title.clone()))
            .collect()
    };
    assert_eq!(essence(&from_csv), essence(&md));
    let rules = |l: &Loaded| -> Vec<(String, Vec<String>, String)> {
        l.catalog
            .rules
            .iter()
            .map(|r| (r.when.to_string(), r.waives.clone(), r.text.clone()))
            .collect()
    };
    assert_eq!(rules(&from_csv), rules(&md));
}

#[test]
fn numbers_in_prose_with_units_and_editions_are_not_ids() {
    let loaded = load(&fixture("catalogs/layout_prose_numbers.md"));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let rules: Vec<(String, Vec<String>)> = loaded
        .catalog
        .rules
        .iter()
        .map(|r| (r.when.to_string(), r.waives.clone()))
        .collect();
    assert_eq!(
        rules,
        [("2.1".to_string(), vec!["2.3".into(), "2.4".into()])]
    );
}

/// A procurement folder holding `catalog` as its table and `tailoring` under `[tailoring]`.
fn procurement(catalog: &str, extra: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    let name = Path::new(catalog)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::copy(fixture(catalog), dir.path().join("input").join(&name)).unwrap();
    std::fs::write(
        dir.path().join("procspec.toml"),
        format!(
            "[procurement]\ntitle = \"Levelled tender\"\nissued = 2026-12-01\n\n[catalog]\nsource = \"input/{name}\"\n\n{extra}"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn a_tender_at_level_2_asks_levels_1_and_2_and_lists_level_3_as_not_asked() {
    let dir = procurement(
        "catalogs/layout_levels_en.md",
        "[tailoring]\nlevels = { \"1\" = \"mandatory\", \"2\" = \"mandatory\", \"3\" = \"omit\" }\n\n[output]\nformats = [\"md\", \"html\", \"xlsx\", \"json\"]\n",
    );
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let checked = p.check(None).unwrap();
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let built = p.build(None).unwrap();
    assert!(
        !built.tailored.has_errors(),
        "{:#?}",
        built.tailored.diagnostics
    );
    let spec = &built.tailored.spec;
    let asked: Vec<(&str, Level, Option<&str>)> = spec
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.level, r.own_level.as_deref()))
        .collect();
    assert_eq!(
        asked,
        [
            ("1.1.1", Level::Mandatory, Some("1")),
            ("1.1.2", Level::Mandatory, Some("2")),
            ("2.1.1", Level::Mandatory, Some("1")),
            ("2.1.2", Level::Mandatory, Some("2")),
            ("2.1.4", Level::Mandatory, Some("1")),
        ]
    );
    let omitted: Vec<(&str, &str)> = spec
        .excluded
        .iter()
        .map(|e| (e.id.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(
        omitted,
        [
            ("1.1.3", "level \"3\" is not asked in this tender"),
            ("2.1.3", "level \"3\" is not asked in this tender"),
        ]
    );
    let out = dir.path().join("output");
    let md = std::fs::read_to_string(out.join("spec.md")).unwrap();
    assert!(
        md.contains("1.1.3") && md.contains("not asked in this tender"),
        "{md}"
    );
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("spec.json")).unwrap()).unwrap();
    assert_eq!(json["requirements"].as_array().unwrap().len(), 5);
    // The form holds exactly the rows asked.
    let form = out.join("form.xlsx");
    let response = procspec::response::read(&std::fs::read(&form).unwrap(), "form.xlsx").unwrap();
    let rows: Vec<&str> = response.rows.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(rows, ["1.1.1", "1.1.2", "2.1.1", "2.1.2", "2.1.4"]);
    // And it grades: the form as issued (nothing answered) fails on the five rows asked, each
    // named; every row asked answered ○ passes, the omitted level-3 rows asking nothing.
    use procspec::grade::Verdict;
    use procspec::testing::response as filled;
    let blank = filled::grade(spec, &response);
    assert_eq!(blank.verdict, Verdict::Fail);
    let said: Vec<String> = blank
        .reasons
        .iter()
        .map(|r| procspec::words::reason(spec.lang, r).message)
        .collect();
    for id in ["1.1.1", "1.1.2", "2.1.1", "2.1.2", "2.1.4"] {
        assert!(said.iter().any(|m| m.contains(id)), "{id}: {said:#?}");
    }
    assert!(!said.iter().any(|m| m.contains("1.1.3")), "{said:#?}");
    let asked: Vec<(&str, &str)> = spec
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), "○"))
        .collect();
    let answered = filled::response(spec, &asked);
    let graded = filled::grade(spec, &answered);
    assert_eq!(graded.verdict, Verdict::Pass, "{:#?}", graded.reasons);
}

#[test]
fn a_level_map_key_no_row_has_is_a_warning_naming_the_levels_there_are() {
    let dir = procurement(
        "catalogs/layout_levels_en.md",
        "[tailoring]\nlevels = { \"1\" = \"mandatory\", \"2\" = \"optional\", \"3\" = \"optional\", \"4\" = \"omit\" }\n",
    );
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let tailored = p.tailor().unwrap();
    let unused: Vec<_> = tailored
        .diagnostics
        .iter()
        .filter(|d| d.code() == "level-unused")
        .collect();
    assert_eq!(unused.len(), 1, "{:#?}", tailored.diagnostics);
    let said = procspec::words::diagnostic(tailored.spec.lang, unused[0]).message;
    assert!(
        said.contains("\"4\"") && said.contains("`1`, `2`, `3`"),
        "{said}"
    );
    let optional = tailored
        .spec
        .requirements
        .iter()
        .filter(|r| r.level == Level::Optional)
        .count();
    assert_eq!(optional, 4);
}

#[test]
fn a_table_that_cannot_be_guessed_shows_the_rows_seen_and_the_block_that_reads_it() {
    let dir = TempDir::new().unwrap();
    let md = "| コード | 記載事項 | 区分け |\n|---|---|---|\n| X-1 | 暗号化すること。 | 必須 |\n| X-2 | ログを取ること。 | 任意 |\n";
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    std::fs::write(dir.path().join("input/odd.md"), md).unwrap();
    let config = "[procurement]\ntitle = \"t\"\n\n[catalog]\nsource = \"input/odd.md\"\n";
    std::fs::write(dir.path().join("procspec.toml"), config).unwrap();
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let err = p.check(None).unwrap_err().to_string();
    assert!(err.contains("no requirement table found"), "{err}");
    assert!(err.contains("row 1"), "{err}");
    assert!(err.contains("B \"記載事項\" (text)"), "{err}");
    let block = &err[err.find("[catalog.columns]").expect("a block to paste")..];
    // The block pasted (with the level column, which the user knows) reads the table.
    let level = if block.contains("level =") {
        ""
    } else {
        "level = \"C\"\n"
    };
    let pasted = format!("{config}\n{block}\n{level}");
    std::fs::write(dir.path().join("procspec.toml"), &pasted).unwrap();
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let loaded = p.check(None).unwrap_or_else(|e| panic!("{e}\n{pasted}"));
    assert_eq!(ids(&loaded), ["X-1", "X-2"]);
    assert_eq!(loaded.catalog.requirements[1].level, Level::Optional);
}

/// One fixture of tests/fixtures/layouts/EXPECTED.toml (written with the files by
/// tests/fixtures/scripts/make_layouts.py).
#[derive(serde::Deserialize)]
struct Expected {
    file: String,
    count: usize,
    ids: Vec<String>,
    sections: Vec<String>,
    level_column: bool,
    levels: std::collections::BTreeMap<String, usize>,
    #[serde(default)]
    ids_by_level: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    columns: Option<toml::Table>,
    #[serde(default)]
    formula_cells: Vec<FormulaCell>,
}

#[derive(serde::Deserialize)]
struct FormulaCell {
    /// `'Sheet'!D2`.
    cell: String,
    /// What the .xlsx stores as the formula's value ("" when openpyxl stored none).
    xlsx_cached: String,
}

#[derive(serde::Deserialize)]
struct Manifest {
    fixture: Vec<Expected>,
}

#[test]
fn every_layout_of_the_manifest_reads_as_a_careful_reader_reads_it() {
    let text = std::fs::read_to_string(fixture("layouts/EXPECTED.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    let mut failures = Vec::new();
    for e in &manifest.fixture {
        let path = fixture(&format!("layouts/{}", e.file));
        let read = match &e.columns {
            None => procspec::procurement::check_file(&path, None, None),
            Some(columns) => {
                let map: catalog::header::ColumnMap =
                    toml::Value::Table(columns.clone()).try_into().unwrap();
                catalog::load(
                    &path,
                    &LoadOptions {
                        columns: Some(map),
                        ..Default::default()
                    },
                )
            }
        };
        let loaded = match read {
            Ok(l) => l,
            Err(err) => {
                failures.push(format!("{}: {err}", e.file));
                continue;
            }
        };
        let c = &loaded.catalog;
        let got_ids: Vec<String> = c.requirements.iter().map(|r| r.id.clone()).collect();
        let headings: Vec<String> = c.sections.iter().map(|s| s.heading.clone()).collect();
        let titles: Vec<String> = c.sections.iter().map(|s| s.title.clone()).collect();
        let got_sections = if titles == e.sections {
            titles
        } else {
            headings
        };
        // A formula cell with no stored value (openpyxl computes none) leaves its row without a
        // text: the row is not read as a requirement, and a warning names its sheet.
        let uncached: Vec<&FormulaCell> = e
            .formula_cells
            .iter()
            .filter(|f| e.file.ends_with(".xlsx") && f.xlsx_cached.is_empty())
            .collect();
        let mut e_ids = e.ids.clone();
        let mut e_levels = e.levels.clone();
        for f in &uncached {
            let sheet = f.cell.split('!').next().unwrap_or("").trim_matches('\'');
            let warned = loaded.diagnostics.iter().any(|d| {
                d.severity == Severity::Warning
                    && d.location.as_ref().and_then(|l| l.sheet.as_deref()) == Some(sheet)
            });
            if !warned {
                failures.push(format!("{}: no warning for the row of {}", e.file, f.cell));
            }
            let Some(lost) = e_ids.iter().position(|id| !got_ids.contains(id)) else {
                failures.push(format!("{}: the row of {} was read", e.file, f.cell));
                continue;
            };
            let id = e_ids.remove(lost);
            let level = e.ids_by_level.iter().find(|(_, ids)| ids.contains(&id));
            if let Some(n) = level.and_then(|(level, _)| e_levels.get_mut(level)) {
                *n -= 1;
            }
        }
        let e = Expected {
            ids: e_ids,
            levels: e_levels,
            ids_by_level: Default::default(),
            count: e.count - uncached.len(),
            file: e.file.clone(),
            sections: e.sections.clone(),
            level_column: e.level_column,
            columns: None,
            formula_cells: Vec::new(),
        };
        let mut got_levels = std::collections::BTreeMap::new();
        for r in &c.requirements {
            let written = r
                .own_level
                .clone()
                .unwrap_or_else(|| r.level.label(c.lang).to_string());
            *got_levels.entry(written).or_insert(0usize) += 1;
        }
        let no_level_warnings = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code() == "level-column-missing")
            .count();
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| procspec::words::diagnostic(c.lang, d).message)
            .collect();
        let checks = [
            ("count", got_ids.len() == e.count),
            ("ids", got_ids == e.ids),
            ("sections", got_sections == e.sections),
            (
                "texts",
                c.requirements.iter().all(|r| !r.text.trim().is_empty()),
            ),
            (
                "levels",
                !e.level_column && no_level_warnings == 1
                    || e.level_column && got_levels == e.levels,
            ),
            ("no errors", errors.is_empty()),
        ];
        for (what, ok) in checks {
            if !ok {
                failures.push(format!(
                    "{}: {what}: ids {got_ids:?} sections {got_sections:?} levels {got_levels:?} errors {errors:?}",
                    e.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_workbook_whose_header_cannot_be_guessed_shows_the_block_that_reads_it() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    std::fs::copy(
        fixture("layouts/unreadable.xlsx"),
        dir.path().join("input/odd.xlsx"),
    )
    .unwrap();
    let config = "[procurement]\ntitle = \"t\"\n\n[catalog]\nsource = \"input/odd.xlsx\"\n";
    std::fs::write(dir.path().join("procspec.toml"), config).unwrap();
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let err = p.check(None).unwrap_err().to_string();
    assert!(err.contains("rows considered:"), "{err}");
    assert!(err.contains("row 3 (input/odd.xlsx!別紙3!A3)"), "{err}");
    let block = &err[err.find("[catalog.columns]").expect("a block to paste")..];
    assert!(block.contains("header_row = 3"), "{block}");
    let pasted = format!("{config}\n{block}\nlevel = \"C\"\n");
    std::fs::write(dir.path().join("procspec.toml"), &pasted).unwrap();
    let p = Procurement::open(&dir.path().join("procspec.toml")).unwrap();
    let loaded = p.check(None).unwrap_or_else(|e| panic!("{e}\n{pasted}"));
    let got = ids(&loaded);
    assert_eq!((got.len(), got[0], got[7]), (8, "X-1", "X-8"));
    assert!(loaded
        .catalog
        .requirements
        .iter()
        .all(|r| r.own_level.is_some()));
}

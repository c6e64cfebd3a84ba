//! Integration tests: the response form (issue 4) and reading returned forms.
//!
//! The form is written from the sample procurement, read back with calamine and checked in its
//! XML, then put through real clients: LibreOffice (saving as a bidder would, and recalculating
//! the status column) and openpyxl (filling the answers), and read back with `response::read`.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, SheetVisible, Xlsx};
use procspec::config::Config;
use procspec::spec::Spec;

use crate::common::*;

/// The Spec of the procurement in `dir`.
fn spec_of(dir: &Path) -> Spec {
    let config = Config::load(&dir.join("procspec.toml")).unwrap();
    procspec::tailor::resolve(&config).unwrap().spec
}

/// Renders the form of the procurement in `dir` to `dir/output/form.xlsx`.
fn form_of(dir: &Path) -> (Spec, PathBuf) {
    let spec = spec_of(dir);
    let bytes = procspec::form::render(&spec, None).unwrap();
    let path = dir.join("output/form.xlsx");
    procspec::output::write_atomic(&path, &bytes).unwrap();
    (spec, path)
}

/// A part of a zip container as text.
fn part(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{} has no {name}", path.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of attribute `name` in the XML start tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].split('"').next()
}

/// For every cell format (`cellXfs`), whether it is unlocked.
fn unlocked_formats(styles: &str) -> Vec<bool> {
    let start = styles.find("<cellXfs").expect("cellXfs");
    let end = styles[start..].find("</cellXfs>").expect("</cellXfs>") + start;
    let mut out = Vec::new();
    let body = &styles[start..end];
    for xf in body.split("<xf ").skip(1) {
        // An xf ends at `/>` when empty, else at `</xf>`.
        let element = match (xf.find("/>"), xf.find('>')) {
            (Some(a), Some(b)) if a + 1 == b => &xf[..b],
            _ => &xf[..xf.find("</xf>").unwrap_or(xf.len())],
        };
        // rust_xlsxwriter writes `locked="0"`, LibreOffice `locked="false"`.
        out.push(element.contains("locked=\"0\"") || element.contains("locked=\"false\""));
    }
    out
}

/// Whether cell `name` (`E12`) of a sheet's XML has an unlocked format.
fn is_unlocked(sheet: &str, formats: &[bool], name: &str) -> bool {
    let key = format!("<c r=\"{name}\"");
    let Some(start) = sheet.find(&key) else {
        return false; // no cell element: the default format, which is locked
    };
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    let style: usize = attr(tag, "s").unwrap_or("0").parse().unwrap();
    formats[style]
}

/// Whether a sheet's data validations list the answer scale (XML-escaped or not).
fn has_scale_list(sheet: &str) -> bool {
    sheet.contains("<formula1>\"○,△,×,－\"</formula1>")
        || sheet.contains("<formula1>&quot;○,△,×,－&quot;</formula1>")
}

/// The rows (1-based) of the form sheet whose column A holds each requirement id, by
/// calamine.
fn id_rows(path: &Path, sheet: &str) -> Vec<(String, u32)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .cells()
        .filter(|(_, c, _)| *c == 0)
        .filter_map(|(r, _, v)| match v {
            Data::String(s) if procspec::id::looks_like_id(s) => {
                Some((procspec::id::normalize(s), r as u32 + 1))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_sample_form_reads_back_with_its_identity_locks_and_validation() {
    let dir = sample_procurement();
    let (spec, path) = form_of(dir.path());

    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheets: Vec<(String, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        sheets,
        [
            ("記入要領".to_string(), SheetVisible::Visible),
            ("回答書".to_string(), SheetVisible::Visible),
            ("procspec".to_string(), SheetVisible::VeryHidden),
        ]
    );
    let hidden = book.worksheet_range("procspec").unwrap();
    assert_eq!(
        hidden.get_value((0, 0)),
        Some(&Data::String("procspec-form".into()))
    );
    assert_eq!(
        hidden.get_value((1, 1)),
        Some(&Data::String(spec.fingerprint.clone()))
    );
    let form = book.worksheet_range("回答書").unwrap();
    let header: Vec<String> = (0..8)
        .map(|c| {
            form.get_value((7, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "項番",
            "項目",
            "要件",
            "要否",
            "回答",
            "説明・根拠",
            "資料名・頁",
            "状況"
        ]
    );
    let rows = id_rows(&path, "回答書");
    assert_eq!(rows.len(), 28);
    assert_eq!(spec.requirements.len(), 28);
    assert_eq!(rows[0].0, "1.1");
    assert_eq!(rows[27].0, "1.28");
    let custom = part(&path, "docProps/custom.xml");
    assert!(custom.contains("procspec_fingerprint"), "{custom}");
    assert!(custom.contains(&spec.fingerprint));

    // Only input cells unlocked; the sheet protected; a dropdown on every answer cell.
    let styles = part(&path, "xl/styles.xml");
    let formats = unlocked_formats(&styles);
    let sheet = part(&path, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("<sheetProtection"),
        "the form sheet is not protected"
    );
    for (id, row) in &rows {
        for col in ["E", "F", "G"] {
            assert!(
                is_unlocked(&sheet, &formats, &format!("{col}{row}")),
                "{id} {col}{row}"
            );
        }
        for col in ["A", "B", "C", "D", "H"] {
            assert!(
                !is_unlocked(&sheet, &formats, &format!("{col}{row}")),
                "{id} {col}{row}"
            );
        }
    }
    for row in 3..=6 {
        assert!(
            is_unlocked(&sheet, &formats, &format!("C{row}")),
            "bidder field C{row}"
        );
    }
    assert!(!is_unlocked(&sheet, &formats, "A1"));
    let lists = sheet.matches("type=\"list\"").count();
    assert_eq!(lists, 28, "one dropdown per answer cell");
    assert!(has_scale_list(&sheet), "the scale in the dropdown");
    // Evidence rows (1.17–1.22, 1.27) carry an input message on their explanation cell.
    let evidence: Vec<&str> = spec
        .requirements
        .iter()
        .filter(|r| r.evidence)
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        evidence.contains(&"1.17") && evidence.contains(&"1.27"),
        "{evidence:?}"
    );
    for id in &evidence {
        let row = rows.iter().find(|(i, _)| i == id).unwrap().1;
        assert!(
            sheet.contains(&format!("sqref=\"F{row}\"")),
            "{id}: no message on F{row}"
        );
    }
    // Waived rows are greyed from the status column.
    let last = rows.last().unwrap().1;
    assert!(
        sheet.contains(&format!("<conditionalFormatting sqref=\"A9:H{last}\">")),
        "no conditional format over the table"
    );
    assert!(sheet.contains("<formula>LEFT($H9,2)=\"不要\"</formula>"));
    // Print setup: A4 landscape, one page wide, header row repeated, page x / y.
    assert!(sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("fitToHeight=\"0\""));
    assert!(sheet.contains("&amp;P / &amp;N"));
    assert!(sheet.contains(spec.short_fingerprint()));
    let workbook = part(&path, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(sheet.contains("state=\"frozen\""));

    // And procspec's own reader sees the same form.
    let response = procspec::response::read(&std::fs::read(&path).unwrap(), "form.xlsx").unwrap();
    assert_eq!(
        response.fingerprint.as_deref(),
        Some(spec.fingerprint.as_str())
    );
    assert_eq!(response.rows.len(), 28);
    assert_eq!(response.issued.as_ref().map(Vec::len), Some(28));
    for (row, req) in response.rows.iter().zip(&spec.requirements) {
        assert_eq!(row.id, req.id);
        assert_eq!(row.text, req.text);
    }
}

#[test]
fn the_same_spec_gives_the_same_bytes() {
    let dir = sample_procurement();
    let a = procspec::form::render(&spec_of(dir.path()), None).unwrap();
    let b = procspec::form::render(&spec_of(dir.path()), None).unwrap();
    assert!(a == b, "two renders of the same Spec differ");
}

#[test]
fn a_password_protects_the_sheets() {
    let dir = sample_procurement();
    let spec = spec_of(dir.path());
    let path = dir.path().join("locked.xlsx");
    std::fs::write(&path, procspec::form::render(&spec, Some("pw")).unwrap()).unwrap();
    let sheet = part(&path, "xl/worksheets/sheet2.xml");
    let start = sheet.find("<sheetProtection").unwrap();
    assert!(
        sheet[start..].starts_with("<sheetProtection password=\""),
        "{}",
        &sheet[start..start + 80]
    );
}

#[test]
fn a_form_saved_by_libreoffice_is_still_the_same_form_with_its_validation() {
    let dir = sample_procurement();
    let (spec, path) = form_of(dir.path());
    let out = dir.path().join("saved");
    std::fs::create_dir_all(&out).unwrap();
    let Some(saved) = soffice_convert(&path, "xlsx", &out) else {
        return;
    };
    let response = procspec::response::read(&std::fs::read(&saved).unwrap(), "saved.xlsx").unwrap();
    assert_eq!(
        response.fingerprint.as_deref(),
        Some(spec.fingerprint.as_str())
    );
    assert_eq!(response.rows.len(), 28);
    assert_eq!(response.issued.as_ref().map(Vec::len), Some(28));
    assert!(response.findings.is_empty(), "{:?}", response.findings);
    let sheet = part(&saved, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("<sheetProtection"),
        "LibreOffice dropped the protection"
    );
    assert_eq!(
        sheet.matches("type=\"list\"").count(),
        28,
        "LibreOffice dropped dropdowns"
    );
    assert!(
        has_scale_list(&sheet),
        "LibreOffice changed the dropdown's list"
    );
    let rows = id_rows(&saved, "回答書");
    assert_eq!(rows.len(), 28);
    let formats = unlocked_formats(&part(&saved, "xl/styles.xml"));
    let (_, row) = &rows[0];
    assert!(is_unlocked(&sheet, &formats, &format!("E{row}")));
    assert!(!is_unlocked(&sheet, &formats, &format!("C{row}")));
}

/// Fills the form `src` into `dst` with tests/fixtures/scripts/fill_form.py: the bidder fields,
/// and for each `id=answer|explanation` in `answers` (comma separated) the row whose column A
/// holds that id.
fn fill(python: &Path, src: &Path, dst: &Path, answers: &str) {
    let answers: serde_json::Map<String, serde_json::Value> = answers
        .split(',')
        .map(|item| {
            let (id, value) = item.split_once('=').expect("id=answer");
            let (answer, note) = value.split_once('|').unwrap_or((value, ""));
            (id.to_string(), serde_json::json!([answer, note, ""]))
        })
        .collect();
    let plan = serde_json::json!([{
        "src": src,
        "dst": dst,
        "bidder": {"C3": "株式会社テスト", "C4": "代表取締役 試験太郎", "C6": "2026-12-10"},
        "answers": answers,
    }]);
    fill_forms(python, &plan);
}

#[test]
fn a_form_filled_with_openpyxl_reads_back_with_its_answers() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (spec, path) = form_of(dir.path());
    let filled = dir.path().join("filled.xlsx");
    let answers = "1.1=×,1.5=－|生成AIを利用しない,1.14=○,1.17=〇|体制図を添付,1.28=△|年1回";
    fill(&python, &path, &filled, answers);

    let response =
        procspec::response::read(&std::fs::read(&filled).unwrap(), "filled.xlsx").unwrap();
    assert_eq!(
        response.fingerprint.as_deref(),
        Some(spec.fingerprint.as_str())
    );
    assert_eq!(response.bidder.name.as_deref(), Some("株式会社テスト"));
    assert_eq!(
        response.bidder.representative.as_deref(),
        Some("代表取締役 試験太郎")
    );
    assert_eq!(response.bidder.contact, None);
    assert_eq!(response.bidder.date.as_deref(), Some("2026-12-10"));
    let answered: Vec<(&str, &str, &str)> = response
        .rows
        .iter()
        .filter(|r| !r.answer.is_empty())
        .map(|r| (r.id.as_str(), r.answer.as_str(), r.explanation.as_str()))
        .collect();
    assert_eq!(
        answered,
        [
            ("1.1", "×", ""),
            ("1.5", "－", "生成AIを利用しない"),
            ("1.14", "○", ""),
            ("1.17", "〇", "体制図を添付"),
            ("1.28", "△", "年1回"),
        ]
    );
    let row = response.rows.iter().find(|r| r.id == "1.14").unwrap();
    let rows = id_rows(&path, "回答書");
    let at = rows.iter().find(|(id, _)| id == "1.14").unwrap().1;
    assert_eq!(
        row.location.to_string(),
        format!("filled.xlsx!回答書!E{at}")
    );
    assert_eq!(response.rows.len(), 28);
}

const RECALC_ON_LOAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

#[test]
fn the_status_column_shows_the_rows_an_answer_waives_after_recalculation() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (_, path) = form_of(dir.path());
    let filled = dir.path().join("filled.xlsx");
    fill(&python, &path, &filled, "1.7=○,1.14=×,1.17=○");
    let out = dir.path().join("recalculated");
    std::fs::create_dir_all(&out).unwrap();
    let Some(saved) = soffice_convert_with_profile(&filled, "xlsx", &out, Some(RECALC_ON_LOAD))
    else {
        return;
    };
    let mut book: Xlsx<_> = calamine::open_workbook(&saved).unwrap();
    let form = book.worksheet_range("回答書").unwrap();
    let mut status: Vec<(String, String)> = Vec::new();
    for (id, row) in id_rows(&saved, "回答書") {
        let value = form
            .get_value((row - 1, 7))
            .map(|v| v.to_string())
            .unwrap_or_default();
        status.push((id, value));
    }
    let waived: Vec<&str> = status
        .iter()
        .filter(|(_, s)| s.starts_with("不要"))
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        waived,
        ["1.8", "1.9", "1.10", "1.11", "1.12", "1.13"],
        "{status:?}"
    );
    let of = |id: &str| status.iter().find(|(i, _)| i == id).unwrap().1.as_str();
    assert_eq!(of("1.8"), "不要（1.7で○）");
    assert_eq!(of("1.13"), "不要（1.7で○）");
    assert_eq!(of("1.7"), "");
    assert_eq!(of("1.14"), "");
    assert_eq!(of("1.1"), "未回答");
    // 1.17 asks for evidence: ○ without an explanation or a document is flagged.
    assert_eq!(of("1.17"), "要説明");
}

#[test]
fn an_english_catalog_gets_an_english_form() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    std::fs::copy(
        fixture("catalogs/en_security_with_waiver.md"),
        dir.path().join("input/requirements.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("procspec.toml"),
        "[procurement]\ntitle = \"Cloud service\"\nbuyer = \"Example City\"\n\
         issued = 2026-12-01\ndeadline = 2027-01-15\nform_number = \"Form 1\"\n\n\
         [tailoring]\nconfidentiality = 2\n",
    )
    .unwrap();
    let (spec, path) = form_of(dir.path());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Instructions", "Response form", "procspec"]
    );
    let form = book.worksheet_range("Response form").unwrap();
    let header: Vec<String> = (0..8)
        .map(|c| {
            form.get_value((7, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "ID",
            "Title",
            "Requirement",
            "Level",
            "Answer",
            "Explanation",
            "Document, page",
            "Status"
        ]
    );
    assert_eq!(
        form.get_value((2, 0)),
        Some(&Data::String("Bidder name".into()))
    );
    let levels: Vec<String> = id_rows(&path, "Response form")
        .iter()
        .map(|(_, row)| form.get_value((row - 1, 3)).unwrap().to_string())
        .collect();
    assert_eq!(
        levels,
        [
            "Optional",
            "Mandatory",
            "Mandatory",
            "Mandatory",
            "Optional"
        ]
    );
    let instructions = book.worksheet_range("Instructions").unwrap();
    let text: Vec<String> = instructions
        .cells()
        .map(|(_, _, v)| v.to_string())
        .collect();
    assert!(text.iter().any(|t| t == "15 January 2027"), "{text:?}");
    assert!(text.iter().any(|t| t == &spec.fingerprint));
    let sheet = part(&path, "xl/worksheets/sheet2.xml");
    let status = sheet.find("Waived (SEC-1 = ○)").is_some();
    assert!(status, "the status formulas speak English");
    let response = procspec::response::read(&std::fs::read(&path).unwrap(), "en.xlsx").unwrap();
    assert_eq!(response.rows.len(), 5);
}

#[test]
fn a_filled_form_saved_as_ods_or_xls_reads_back_the_same() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (spec, path) = form_of(dir.path());
    let filled = dir.path().join("filled.xlsx");
    fill(&python, &path, &filled, "1.7=○|ISMAP登録済み,1.14=×");
    for target in ["ods", "xls"] {
        let out = dir.path().join(target);
        std::fs::create_dir_all(&out).unwrap();
        let Some(saved) = soffice_convert(&filled, target, &out) else {
            return;
        };
        let name = format!("filled.{target}");
        let response = procspec::response::read(&std::fs::read(&saved).unwrap(), &name).unwrap();
        assert_eq!(
            response.fingerprint.as_deref(),
            Some(spec.fingerprint.as_str()),
            "{target}"
        );
        assert_eq!(response.rows.len(), 28, "{target}");
        assert_eq!(response.issued.as_ref().map(Vec::len), Some(28), "{target}");
        assert_eq!(
            response.bidder.name.as_deref(),
            Some("株式会社テスト"),
            "{target}"
        );
        let answered: Vec<(&str, &str, &str)> = response
            .rows
            .iter()
            .filter(|r| !r.answer.is_empty())
            .map(|r| (r.id.as_str(), r.answer.as_str(), r.explanation.as_str()))
            .collect();
        assert_eq!(
            answered,
            [("1.7", "○", "ISMAP登録済み"), ("1.14", "×", "")],
            "{target}"
        );
        for (row, req) in response.rows.iter().zip(&spec.requirements) {
            assert_eq!(row.text, req.text, "{target} {}", req.id);
        }
    }
}

#[test]
fn build_writes_a_form_whose_fingerprint_is_spec_json_s() {
    let dir = sample_procurement();
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/spec.json")).unwrap())
            .unwrap();
    let fingerprint = spec["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 64);
    let path = dir.path().join("output/form.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let hidden = book.worksheet_range("procspec").unwrap();
    assert_eq!(
        hidden.get_value((1, 1)),
        Some(&Data::String(fingerprint.into()))
    );
    assert_eq!(id_rows(&path, "回答書").len(), 28);
}

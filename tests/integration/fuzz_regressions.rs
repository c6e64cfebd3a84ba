//! Regression tests for what fuzzing found (fuzz/README.md lists the runs). Each input is made
//! here in code, as small as still reaches the same place: every one used to panic inside
//! calamine, taking the whole batch (or `procspec check`) down with it.

use std::io::Write;

use procspec::catalog::{load_bytes, LoadOptions};

fn catalog_error(bytes: &[u8], name: &str) -> String {
    let ext = name.rsplit('.').next().unwrap_or_default();
    let options = LoadOptions {
        display_name: Some(name.into()),
        ..Default::default()
    };
    match load_bytes(bytes, ext, &options) {
        Ok(loaded) => panic!("{name} read as a catalog: {:?}", loaded.catalog),
        Err(e) => e.to_string(),
    }
}

fn response_error(bytes: &[u8], name: &str) -> String {
    match procspec::response::read(bytes, name) {
        Ok(response) => panic!("{name} read as a form: {response:?}"),
        Err(e) => e.to_string(),
    }
}

/// A compound document (.xls) that is only its 512-byte header, whose first FAT sector is
/// sector 1: calamine's sector bound counts the header as a sector, so it reads sector 1,
/// finds the file ended before it began, and sliced `[512..0]`.
fn header_only_xls() -> Vec<u8> {
    let mut b = vec![0u8; 512];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[24..26].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
    b[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version 3: 512-byte sectors
    b[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    b[30..32].copy_from_slice(&9u16.to_le_bytes()); // sector shift
    b[32..34].copy_from_slice(&6u16.to_le_bytes()); // mini sector shift
    b[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    b[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    b[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    b[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    b[76..512].fill(0xFF); // the DIFAT in the header: free ...
    b[76..80].copy_from_slice(&1u32.to_le_bytes()); // ... but for the FAT in sector 1
    b
}

/// Found by the catalog_sheet and response targets (calamine 0.38, `cfb.rs:320`).
#[test]
fn a_truncated_xls_is_damaged_not_a_panic() {
    let xls = header_only_xls();
    let expected = "the spreadsheet reader failed on it (slice index starts at 512 but ends at 0)";
    let catalog = catalog_error(&xls, "truncated.xls");
    assert!(catalog.starts_with("truncated.xls"), "{catalog}");
    assert!(catalog.contains(expected), "{catalog}");
    // Named .xlsx, the reader tries the xlsx reader first and the sniffed kind after it.
    let renamed = catalog_error(&xls, "truncated.xlsx");
    assert!(renamed.contains(expected), "{renamed}");
    let response = response_error(&xls, "truncated.xls");
    assert!(response.starts_with("truncated.xls"), "{response}");
    assert!(response.contains(expected), "{response}");
}

/// A workbook whose one sheet holds `sheet` (cells as inline strings, no shared strings).
fn xlsx_with_sheet(sheet: &str) -> Vec<u8> {
    let entries: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="要件" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn sheet_with(row: &str, cells: &[(&str, &str)]) -> String {
    let cells: String = cells
        .iter()
        .map(|(r, text)| format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#))
        .collect();
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="{row}">{cells}</row></sheetData></worksheet>"#
    )
}

/// Found by the form_xml target (calamine 0.38, `xlsx/mod.rs:3097`): calamine reads a cell
/// reference's column and row in `u32` without checking, so eight letters or eleven digits
/// overflowed (a panic where overflow is checked, a wrapped-around place where it is not).
/// The guard now refuses them before calamine; the catalog reader, which does not run the
/// guard on this branch, contains the panic.
#[test]
fn cell_references_off_the_grid_are_refused_not_a_panic() {
    let header = [("A1", "区分"), ("B1", "要件"), ("C1", "要否")];
    for (row, cell, refusal) in [
        (
            "1",
            "AAAAAAAA1",
            "holds a cell `AAAAAAAA1` that is not on a worksheet",
        ),
        (
            "99999999999",
            "A99999999999",
            "holds a row `99999999999` that is not on a worksheet",
        ),
    ] {
        let mut cells = header.to_vec();
        cells.push((cell, "x"));
        let xlsx = xlsx_with_sheet(&sheet_with(row, &cells));
        let response = response_error(&xlsx, "far.xlsx");
        assert!(response.contains(refusal), "{response}");
        let catalog = catalog_error(&xlsx, "far.xlsx");
        assert!(
            catalog.contains(refusal) || catalog.contains("attempt to multiply with overflow"),
            "{catalog}"
        );
    }
}

/// The control: the same workbook with its cells on the grid is read, so the tests above fail
/// for the reference and nothing else.
#[test]
fn the_same_workbook_on_the_grid_reads() {
    let cells = [
        ("A1", "区分"),
        ("B1", "要件"),
        ("C1", "要否"),
        ("A2", "1.1."),
        ("B2", "バックアップを取得すること。"),
        ("C2", "必須"),
    ];
    let sheet = sheet_with("1", &cells).replace(r#"<c r="A2""#, r#"</row><row r="2"><c r="A2""#);
    let options = LoadOptions {
        display_name: Some("near.xlsx".into()),
        ..Default::default()
    };
    let loaded = load_bytes(&xlsx_with_sheet(&sheet), "xlsx", &options).unwrap();
    assert_eq!(loaded.catalog.requirements.len(), 1);
    assert_eq!(loaded.catalog.requirements[0].id, "1.1");
}

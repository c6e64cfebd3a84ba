//! The checks of [`super::inspect`] on workbooks made here: real formats, bombs, crafted counts
//! and references, ODS repeats.

use std::io::Write;

use super::*;
use crate::guard::Limits;
use crate::model::Lang;

/// A zip of `entries` (name, bytes), deflated.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, data) in entries {
        zip.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn xlsx_with(sheet: &str, strings: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn refused(bytes: &[u8]) -> String {
    inspect(bytes, "f.xlsx", &Limits::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn sniffs_the_real_format() {
    let ok = xlsx_with(
        "<worksheet><row r=\"1\"><c r=\"A1\"/></row></worksheet>",
        "<sst/>",
    );
    assert_eq!(inspect(&ok, "f", &Limits::default()).unwrap(), Kind::Xlsx);
    let ods = zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_eq!(inspect(&ods, "f", &Limits::default()).unwrap(), Kind::Ods);
    // A compound document's header alone cannot be measured, so it is refused as damaged
    // (real .xls files are read in tests/integration: catalog_sheets, hostile).
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend([0; 100]);
    assert!(
        refused(&xls).contains("damaged (Invalid CFB file"),
        "{}",
        refused(&xls)
    );
    assert!(refused(b"").contains("empty"));
    assert!(refused(b"hello, world").contains("not a workbook"));
    assert!(refused(&zip_of(&[("a.txt", b"x")])).contains("not a workbook"));
    assert!(refused(&ok[..ok.len() / 2]).contains("damaged"));
}

#[test]
fn refusals_are_values_worded_in_either_language() {
    let err = inspect(b"", "f.xlsx", &Limits::default()).unwrap_err();
    let crate::Error::Unreadable { file, reason } = err else {
        panic!("{err}")
    };
    assert_eq!(file, "f.xlsx");
    assert_eq!(
        reason,
        crate::finding::Unreadable::Refused {
            refusal: crate::guard::Refusal::Empty
        }
    );
    assert_eq!(crate::finding::Coded::code(&reason), "file-empty");
    assert_eq!(
        crate::words::message(Lang::Ja, &reason),
        "ファイルが空です（0バイト）。もう一度送ってもらってください"
    );
}

#[test]
fn encrypted_workbooks_are_named_as_such() {
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert!(refused(&cfb).contains("password-protected"));
}

#[test]
fn bombs_and_crafted_counts_are_refused() {
    let big = vec![b' '; 50 * 1024 * 1024];
    let sheet = [b"<worksheet>".as_slice(), &big, b"</worksheet>"].concat();
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/worksheets/sheet1.xml", &sheet),
    ]);
    assert!(refused(&bomb).contains("zip bomb"), "{}", refused(&bomb));

    let sst = xlsx_with(
        "<worksheet/>",
        "<sst count=\"4294967296\" uniqueCount=\"4294967296\"><si><t>a</t></si></sst>",
    );
    assert!(refused(&sst).contains("claims 4294967296 strings but holds 1"));

    // Regression: `count` counts string cells, not strings; a large form repeats its few
    // strings (必須, 任意) thousands of times and must not be refused for it.
    let repeated = xlsx_with(
        "<worksheet/>",
        "<sst count=\"15510\" uniqueCount=\"1\"><si><t>必須</t></si></sst>",
    );
    assert!(inspect(&repeated, "f.xlsx", &Limits::default()).is_ok());

    let far = xlsx_with(
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData></worksheet>",
        "<sst><si><t>a</t></si></sst>",
    );
    assert!(refused(&far).contains("to XFD1048576"), "{}", refused(&far));

    let doctype = xlsx_with(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b SYSTEM \"file:///etc/passwd\">]><worksheet>&a;&b;</worksheet>",
        "<sst/>",
    );
    assert!(refused(&doctype).contains("DOCTYPE"));

    let entries: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("x/{i}.bin"), Vec::new()))
        .collect();
    let mut many: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", b"<Types/>")];
    many.extend(entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())));
    assert!(refused(&zip_of(&many)).contains("10002 entries"));

    // The zip writer refuses a second entry of one name: write `xl/b.xml`, then rename it
    // in the bytes to what a crafted file would hold.
    let mut twice = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/a.xml", b"<x/>"),
        ("xl/b.xml", b"<y/>"),
    ]);
    for i in 0..twice.len().saturating_sub(8) {
        if &twice[i..i + 8] == b"xl/b.xml" {
            twice[i..i + 8].copy_from_slice(b"xl/a.xml");
        }
    }
    assert!(
        refused(&twice).contains("`xl/a.xml` twice"),
        "{}",
        refused(&twice)
    );
}

/// Regression (fuzzing, fuzz/README.md): calamine 0.38 computes a cell reference's column
/// in `u32` unchecked, so `AAAAAAAA1` panicked (debug) or wrapped (release).
#[test]
fn references_off_the_grid_are_refused() {
    let sheet = |row: &str, cell: &str| {
        format!(
            "<worksheet><sheetData><row r=\"{row}\"><c r=\"{cell}\" t=\"inlineStr\">\
             <is><t>x</t></is></c></row></sheetData></worksheet>"
        )
    };
    let wide = refused(&xlsx_with(&sheet("1", "AAAAAAAA1"), "<sst/>"));
    assert!(
        wide.contains(
            "entry `xl/worksheets/sheet1.xml`: holds a cell `AAAAAAAA1` that is not on a worksheet"
        ),
        "{wide}"
    );
    let deep = refused(&xlsx_with(&sheet("1048577", "A1048577"), "<sst/>"));
    assert!(deep.contains("holds a row `1048577`"), "{deep}");
    let long = "A".repeat(1000) + "1";
    let shown = refused(&xlsx_with(&sheet("1", &long), "<sst/>"));
    assert!(shown.contains(&format!("`{}`", &long[..24])), "{shown}");
    let last = xlsx_with(&sheet("1048576", "XFD1048576"), "<sst/>");
    assert_eq!(
        inspect(&last, "f.xlsx", &Limits::default()).unwrap(),
        Kind::Xlsx
    );
}

#[test]
fn ods_repeats_that_cover_the_grid_are_refused() {
    let content = "<office:document-content><office:body><office:spreadsheet><table:table>\
        <table:table-row table:number-rows-repeated=\"1048576\">\
        <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
        </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
    let ods = zip_of(&[("content.xml", content.as_bytes())]);
    let err = inspect(&ods, "f.ods", &Limits::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("repeated rows and columns"), "{err}");
    // Empty repeated rows at the end (what LibreOffice writes) are fine.
    let content = "<table:table><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row><table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row></table:table>";
    let ods = zip_of(&[("content.xml", content.as_bytes())]);
    assert_eq!(
        inspect(&ods, "f.ods", &Limits::default()).unwrap(),
        Kind::Ods
    );
}

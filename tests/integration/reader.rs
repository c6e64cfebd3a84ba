//! The .xlsx reader of returned forms (`workbook/xlsx.rs`) against calamine, which read every
//! form before it: the same cells, texts, formula marks, sheet names and visibility, on the
//! issued form, on the form filled by openpyxl with every kind of value a bidder's program can
//! write, and on that file saved again by LibreOffice.

use std::path::{Path, PathBuf};

use procspec::guard::Limits;
use procspec::response::book::{open, open_with_calamine, Book};

use crate::common::*;

fn both(path: &Path) -> (Book, Book) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let limits = Limits::default();
    (
        open(&bytes, &name, &limits).unwrap(),
        open_with_calamine(&bytes, &name, &limits).unwrap(),
    )
}

fn assert_same(path: &Path) -> Book {
    let (ours, calamine) = both(path);
    assert_eq!(
        ours.sheets.len(),
        calamine.sheets.len(),
        "{}",
        path.display()
    );
    for (a, b) in ours.sheets.iter().zip(&calamine.sheets) {
        assert_eq!(
            (&a.name, a.hidden),
            (&b.name, b.hidden),
            "{}",
            path.display()
        );
        for (pos, cell) in &b.cells {
            assert_eq!(
                a.cells.get(pos),
                Some(cell),
                "{} {}!{pos:?}",
                path.display(),
                b.name
            );
        }
        assert_eq!(
            a.cells.len(),
            b.cells.len(),
            "{} {}",
            path.display(),
            a.name
        );
    }
    ours
}

fn cell<'b>(book: &'b Book, sheet: &str, row: u32, col: u32) -> &'b str {
    let sheet = book.sheets.iter().find(|s| s.name == sheet).unwrap();
    sheet.text(row, col)
}

#[test]
fn the_xlsx_reader_reads_what_calamine_reads() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    procspec(dir.path()).arg("build").assert().success();
    let form = dir.path().join("output/form.xlsx");
    assert_same(&form);

    let filled = dir.path().join("filled.xlsx");
    run_script(&python, "fill_every_kind_of_value.py", &[&form, &filled]);
    let book = assert_same(&filled);
    // What the texts are, not only that both readers agree.
    assert_eq!(cell(&book, "値", 0, 0), "2026-12-10 13:45:30");
    assert_eq!(cell(&book, "値", 1, 0), "1900-02-28");
    assert_eq!(cell(&book, "値", 1, 1), "2026-04-01");
    assert_eq!(cell(&book, "値", 2, 0), "09:30:00");
    assert_eq!(cell(&book, "値", 4, 0), "0.1");
    // Numbers in a fixed-point format read with its decimals, as in a catalog.
    assert_eq!(cell(&book, "値", 6, 1), "1.10");
    assert_eq!(cell(&book, "値", 7, 1), "2.500");
    assert_eq!(cell(&book, "値", 9, 0), "TRUE");
    assert_eq!(cell(&book, "値", 12, 0), "  前後に空白  ");
    assert_eq!(cell(&book, "値", 14, 0), "CR\nLF");
    // openpyxl writes the text as it is, without escaping it as `_x005F_x000D_`: any reader
    // of the format takes it for an escaped CR.
    assert_eq!(cell(&book, "値", 15, 0), "\n そのまま");
    assert_eq!(cell(&book, "値", 16, 0), "<&>\"'");
    assert_eq!(cell(&book, "値", 17, 0), "絵文字😀");
    assert_eq!(cell(&book, "値", 5, 1), "太字と普通 の文");
    assert_eq!(cell(&book, "値", 999, 2), "遠いセル");
    let values = book.sheets.iter().find(|s| s.name == "値").unwrap();
    assert!(values.cell(18, 0).unwrap().formula);
    assert!(values.cell(4, 1).unwrap().formula);
    assert!(book.sheets.iter().any(|s| s.name == "隠し" && s.hidden));

    let out = dir.path().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    let Some(saved) = soffice_convert(&filled, "xlsx", &out) else {
        return;
    };
    let resaved = assert_same(&saved);
    assert_eq!(cell(&resaved, "値", 5, 1), "太字と普通 の文");
    assert_eq!(cell(&resaved, "値", 14, 0), "CR\nLF");
}

/// A workbook in the 1904 date system (old Mac Excel): its date serials count from 1904.
#[test]
fn dates_of_the_1904_system_are_the_same_days() {
    let Some(python) = openpyxl() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("mac.xlsx");
    run_script(&python, "dates_1904_xlsx.py", &[&path]);
    let bytes = std::fs::read(&path).unwrap();
    let book = open(&bytes, "mac.xlsx", &Limits::default()).unwrap();
    assert_eq!(book.sheets[0].text(0, 0), "2026-12-10");
}

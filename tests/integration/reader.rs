//! The .xlsx reader of returned forms (`response/xlsx.rs`) against calamine, which read every
//! form before it: the same cells, texts, formula marks, sheet names and visibility, on the
//! issued form, on the form filled by openpyxl with every kind of value a bidder's program can
//! write, and on that file saved again by LibreOffice.

use std::path::{Path, PathBuf};

use procspec::guard::Limits;
use procspec::response::book::{open, open_with_calamine, Book};

use crate::common::*;

/// Fills the form like a bidder's program and adds a sheet of every kind of value: dates and
/// times in built-in and custom (Japanese era, duration) formats, numbers, booleans, errors,
/// formulas, rich text, line breaks, white space at the ends, characters XML escapes, text that
/// looks like an OOXML `_xHHHH_` escape, emoji; a hidden sheet too.
const FILL_EVERYTHING: &str = r##"
import sys, datetime, openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
ws = wb["回答書"]
ws["C3"] = "株式会社テスト"
ws["C6"] = datetime.date(2026, 12, 10)
ws["C6"].number_format = "yyyy/m/d"
for row in ws.iter_rows(min_row=9):
    if isinstance(row[0].value, str) and type(row[4]).__name__ == "Cell":
        row[4].value = "○"
        row[5].value = "  説明\r\n二行目  "
        break
x = wb.create_sheet("値")
values = [
    datetime.datetime(2026, 12, 10, 13, 45, 30),
    datetime.date(1900, 2, 28),
    datetime.time(9, 30),
    datetime.timedelta(hours=30, minutes=15),
    0.1, 1e20, -3.5, 42, 2**53, True, False,
    "#N/A", "  前後に空白  ", "改行\nあり", "CR\r\nLF", "_x000D_ そのまま",
    "<&>\"'", "絵文字😀", "=1+1", "'先頭の引用符",
]
for i, v in enumerate(values, start=1):
    x.cell(row=i, column=1, value=v)
x["B2"].value = datetime.date(2026, 4, 1)
x["B2"].number_format = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日"'
x["B3"].value = 1.5
x["B3"].number_format = "[h]:mm:ss"
x["B4"].value = 1234567.891
x["B4"].number_format = '#,##0"円"'
x["B5"].value = "=SUM(A5:A7)"
x["B6"].value = CellRichText(["太字", TextBlock(InlineFont(b=True), "と普通 "), "の文"])
x["C1000"].value = "遠いセル"
h = wb.create_sheet("隠し")
h.sheet_state = "hidden"
h["A1"] = "見えない"
wb.save(dst)
"##;

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
    run_python(&python, FILL_EVERYTHING, &[&form, &filled]);
    let book = assert_same(&filled);
    // What the texts are, not only that both readers agree.
    assert_eq!(cell(&book, "値", 0, 0), "2026-12-10 13:45:30");
    assert_eq!(cell(&book, "値", 1, 0), "1900-02-28");
    assert_eq!(cell(&book, "値", 1, 1), "2026-04-01");
    assert_eq!(cell(&book, "値", 4, 0), "0.1");
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
    run_python(
        &python,
        r#"
import sys, datetime, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
wb.active["A1"] = datetime.date(2026, 12, 10)
wb.save(sys.argv[1])
"#,
        &[&path],
    );
    let bytes = std::fs::read(&path).unwrap();
    let book = open(&bytes, "mac.xlsx", &Limits::default()).unwrap();
    assert_eq!(book.sheets[0].text(0, 0), "2026-12-10");
}
